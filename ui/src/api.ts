import { invoke } from '@tauri-apps/api/core';
import type {
  AppError,
  AppInfo,
  CustomerPage,
  CustomerQuery,
  CustomerView,
  DeletedProfile,
  Finding,
  NewProfileInput,
  ProfileList,
  ProfileSummary,
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
    call<CustomerPage>('list_customers', { profile, query }),
  /** One customer with its partners, subscriptions, action verdicts and findings. `today`: YYYY-MM-DD, null = today. */
  customerView: (profile: string, customer: string, today: string | null = null) =>
    call<CustomerView>('customer_view', { profile, customer, today }),
  /** What needs attention across the whole profile. `today`: YYYY-MM-DD, null = today. */
  listFindings: (profile: string, today: string | null = null) =>
    call<Finding[]>('list_findings', { profile, today }),
};
