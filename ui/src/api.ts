import { invoke } from '@tauri-apps/api/core';
import type {
  AppError,
  AppInfo,
  BackupInfo,
  CustomerHistory,
  CustomerNote,
  CustomerPage,
  CustomerPartnerLink,
  CustomerTags,
  CustomerQuery,
  CustomerView,
  DeletedProfile,
  ExportSummary,
  FilterOptions,
  Finding,
  ImportSummary,
  KnownPartner,
  LinkInput,
  NewProfileInput,
  Partner,
  PartnerInput,
  PartnerNetwork,
  PickedFile,
  PickKind,
  ProfileList,
  ProfileSummary,
  RelationshipRequest,
  RequestDraft,
  RestoredBackup,
  SentRequest,
  SnapshotDiff,
  SnapshotInfo,
  StartWorkflow,
  StepUpdate,
  Subscription,
  SubscriptionInput,
  ViewExport,
  Workflow,
} from './generated/bindings';

export type { AppError } from './generated/bindings';

/** Error codes the Rust side may return. Anything else is still passed through as-is. */
export const ERROR_CODES = [
  'invalid_input',
  'duplicate_name',
  'profile_not_found',
  'schema_too_new',
  'not_a_profile',
  'io',
  'database',
  'internal',
  'cancelled',
  'invalid_file',
  'unknown_format',
  'profile_corrupt',
  'backup_not_found',
] as const;
export type KnownErrorCode = (typeof ERROR_CODES)[number];

export function isKnownErrorCode(code: string): code is KnownErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isAppError(value: unknown): value is AppError {
  return isRecord(value) && typeof value.code === 'string' && typeof value.message === 'string';
}

/**
 * Turns whatever a command rejected with into `{ code, message }`.
 * The Rust side rejects with that shape already; anything else (a string from Tauri itself,
 * a JS exception, `undefined`, ...) becomes code `internal`.
 */
export function normalizeError(error: unknown): AppError {
  if (isRecord(error) && typeof error.code === 'string' && error.code.trim() !== '') {
    const message =
      typeof error.message === 'string' && error.message.trim() !== '' ? error.message : error.code;
    return { code: error.code, message };
  }
  if (error instanceof Error) {
    return { code: 'internal', message: error.message || error.name };
  }
  if (typeof error === 'string') {
    return { code: 'internal', message: error.trim() !== '' ? error : 'Unknown error' };
  }
  if (isRecord(error) && typeof error.message === 'string' && error.message.trim() !== '') {
    return { code: 'internal', message: error.message };
  }
  let message = 'Unknown error';
  if (error !== undefined && error !== null) {
    try {
      message = JSON.stringify(error) ?? String(error);
    } catch {
      message = String(error);
    }
  }
  return { code: 'internal', message };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    // Rejecting with a plain `{ code, message }` object is the contract of every wrapper below.
    throw normalizeError(error);
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info', {}),
  listProfiles: () => call<ProfileList>('list_profiles', {}),
  createProfile: (input: NewProfileInput) => call<ProfileSummary>('create_profile', { input }),
  renameProfile: (profile: string, name: string) =>
    call<ProfileSummary>('rename_profile', { profile, name }),
  deleteProfile: (profile: string) => call<DeletedProfile>('delete_profile', { profile }),
  createDemoProfiles: () => call<ProfileSummary[]>('create_demo_profiles', {}),
  openProfile: (profile: string) => call<ProfileSummary>('open_profile', { profile }),
  listCustomers: (profile: string, query: CustomerQuery) =>
    call<CustomerPage>('list_customers', { profile, query, today: null }),
  customerFilterOptions: (profile: string) => call<FilterOptions>('customer_filter_options', { profile }),
  /** Opens the native save dialog; null when the user cancels it. */
  exportCustomerView: (profile: string, exported: ViewExport) =>
    call<ExportSummary | null>('export_customer_view', { profile, export: exported, today: null }),
  /** Opens the native file picker, then checks what was picked without writing anything. */
  pickImportFiles: (kind: PickKind, title: string, importId: string) =>
    call<PickedFile[]>('pick_import_files', { kind, title, importId }),
  runImport: (profile: string, tokens: number[], importId: string) =>
    call<ImportSummary>('run_import', { profile, tokens, importId }),
  cancelImport: (importId: string) => call<boolean>('cancel_import', { importId }),
  listSnapshots: (profile: string) => call<SnapshotInfo[]>('list_snapshots', { profile }),
  snapshotDiff: (profile: string, from: number, to: number | null) =>
    call<SnapshotDiff>('snapshot_diff', { profile, from, to }),
  openDataFolder: () => call<null>('open_data_folder', {}),
  addManualSubscription: (profile: string, input: SubscriptionInput) =>
    call<Subscription>('add_manual_subscription', { profile, input }),
  removeManualSubscription: (profile: string, id: string) => call<null>('remove_manual_subscription', { profile, id }),
  customerNote: (profile: string, customer: string) =>
    call<CustomerNote | null>('customer_note', { profile, customer }),
  setCustomerNote: (profile: string, customer: string, note: string) =>
    call<CustomerNote | null>('set_customer_note', { profile, customer, note }),
  customerTags: (profile: string, customer: string) => call<CustomerTags>('customer_tags', { profile, customer }),
  setCustomerTags: (profile: string, customer: string, tags: string[]) =>
    call<CustomerTags>('set_customer_tags', { profile, customer, tags }),
  customerHistory: (profile: string, customer: string) =>
    call<CustomerHistory>('customer_history', { profile, customer }),
  listPartners: (profile: string) => call<KnownPartner[]>('list_partners', { profile }),
  addManualPartner: (profile: string, input: PartnerInput) => call<Partner>('add_manual_partner', { profile, input }),
  addManualLink: (profile: string, link: LinkInput) => call<CustomerPartnerLink>('add_manual_link', { profile, link }),
  removeManualLink: (profile: string, link: LinkInput) => call<null>('remove_manual_link', { profile, link }),
  listBackups: (profile: string) => call<BackupInfo[]>('list_backups', { profile }),
  restoreBackup: (profile: string, backup: string) => call<RestoredBackup>('restore_backup', { profile, backup }),
  listWorkflows: (profile: string, customer: string | null, includeClosed: boolean) =>
    call<Workflow[]>('list_workflows', { profile, customer, includeClosed }),
  startWorkflow: (profile: string, start: StartWorkflow) =>
    call<Workflow>('start_workflow', { profile, start, today: null }),
  updateWorkflowStep: (profile: string, update: StepUpdate) =>
    call<Workflow>('update_workflow_step', { profile, update }),
  requestDraft: (profile: string) => call<RequestDraft>('request_draft', { profile }),
  recordRequest: (profile: string, sent: SentRequest) => call<RelationshipRequest>('record_request', { profile, sent }),
  markRequestAccepted: (profile: string, id: number) =>
    call<RelationshipRequest>('mark_request_accepted', { profile, id }),
  partnerNetwork: (profile: string) => call<PartnerNetwork>('partner_network', { profile }),
  listRequests: (profile: string, customer: string | null) =>
    call<RelationshipRequest[]>('list_requests', { profile, customer }),
  /** One customer with its partners, subscriptions, action verdicts and findings. `today`: YYYY-MM-DD, null = today. */
  customerView: (profile: string, customer: string, today: string | null = null) =>
    call<CustomerView>('customer_view', { profile, customer, today }),
  /** What needs attention across the whole profile. `today`: YYYY-MM-DD, null = today. */
  listFindings: (profile: string, today: string | null = null) =>
    call<Finding[]>('list_findings', { profile, today }),
};
