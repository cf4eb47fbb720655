// This file is generated from the Rust types by `make bindings`. Do not edit.
export type Action = "request-reseller-relationship" | "request-reseller-relationship-without-dap" | "add-partner" | "sell-online-services" | "designate-indirect-reseller" | "manage-subscription" | "move-license-subscription" | "migrate-usage-subscription" | "switch-usage-subscription-partner";
export type AppError = { code: string, message: string, };
export type AppInfo = { data_dir: string, version: string, };
export type BackupInfo = { 
/**
 * `<UTC time>-<reason>`, e.g. `20260301T101500.250Z-import`: what `restore` takes.
 */
id: string, reason: BackupReason, created_at: string, bytes: number, path: string, };
export type BackupReason = "migration" | "import" | "restore" | "manual";
export type BillingType = string;
export type Channel = string;
export type CheckedFile = { path: string, format: string, records: number, };
export type Cloud = "global" | "us-gov" | "germany" | "china";
export type Customer = { 
/**
 * Equals the company profile's tenant id.
 */
tenant_id: string, commerce_id: string | null, company_name: string, primary_domain: string | null, custom_domains: Array<string>, 
/**
 * ISO 3166 alpha-2, as Partner Center gives it.
 */
country: string | null, relationship: CustomerRelationship, 
/**
 * Known only from a single-customer lookup; `None` means unknown.
 */
allow_delegated_access: boolean | null, 
/**
 * The associated indirect reseller, as Partner Center's
 * `associatedPartnerId` gives it (its tenant id; older data may hold an MPN id).
 */
indirect_reseller_id: string | null, tags: Array<string>, };
export type CustomerBundle = { customer: Customer, links: Array<CustomerPartnerLink>, 
/**
 * The partners the links name.
 */
partners: Array<Partner>, subscriptions: Array<Subscription>, gdap: Array<GdapRelationship>, 
/**
 * The customer's tenant is itself a partner seen in the data (CSP-1).
 */
is_csp_partner: boolean, 
/**
 * Which of `partners` is our own organisation, when the profile knows
 * its ids: the views mark that link "ours".
 */
our_partner_id: string | null, };
export type CustomerChange = { tenant_id: string, company_name: string, };
export type CustomerColumn = "company_name" | "primary_domain" | "tenant_id" | "country" | "relationship" | "delegated_admin" | "reseller" | "partners" | "subscriptions" | "tags";
export type CustomerFilter = { 
/**
 * Matches part of the name, domain, tenant id or reseller MPN id, in any script.
 */
search: string | null, 
/**
 * A relationship word as stored (`active`, `inactive`, …).
 */
relationship: string | null, delegated_admin: DelegatedAdminState | null, 
/**
 * A partner id: customers linked to it in any way.
 */
partner: string | null, 
/**
 * The indirect reseller's MPN id on the customer.
 */
reseller: string | null, 
/**
 * Customers with at least one subscription in this channel.
 */
channel: string | null, tag: string | null, 
/**
 * Customers with (true) or without (false) findings as of today.
 */
has_findings: boolean | null, };
export type CustomerHistory = { customer_tenant_id: string, 
/**
 * Snapshots that changed something about the customer, newest first.
 */
entries: Array<CustomerHistoryEntry>, };
export type CustomerHistoryEntry = { snapshot_id: number, created_at: string, 
/**
 * `import` or `demo`.
 */
kind: string, changes: Array<HistoryChange>, };
export type CustomerNote = { customer_tenant_id: string, note: string, updated_at: string, };
export type CustomerPage = { 
/**
 * How many customers match, over all pages.
 */
total: number, items: Array<CustomerRow>, };
export type CustomerPartnerLink = { customer_tenant_id: string, partner_id: string, kind: LinkKind, 
/**
 * For example "Office 365" or "Azure".
 */
scope: string | null, 
/**
 * Which import wrote it, or `manual`.
 */
source: string, start_date: string | null, end_date: string | null, };
export type CustomerQuery = { sort: CustomerSort, descending: boolean, limit: number, offset: number, 
/**
 * Matches part of the name, domain, tenant id or reseller MPN id, in any script.
 */
search: string | null, 
/**
 * A relationship word as stored (`active`, `inactive`, …).
 */
relationship: string | null, delegated_admin: DelegatedAdminState | null, 
/**
 * A partner id: customers linked to it in any way.
 */
partner: string | null, 
/**
 * The indirect reseller's MPN id on the customer.
 */
reseller: string | null, 
/**
 * Customers with at least one subscription in this channel.
 */
channel: string | null, tag: string | null, 
/**
 * Customers with (true) or without (false) findings as of today.
 */
has_findings: boolean | null, };
export type CustomerRelationship = string;
export type CustomerRow = { tenant_id: string, company_name: string, primary_domain: string | null, country: string | null, relationship: CustomerRelationship, allow_delegated_access: boolean | null, 
/**
 * The indirect reseller's MPN id, and its name when the profile knows it.
 */
reseller_id: string | null, reseller_name: string | null, partner_count: number, subscription_count: number, tags: Array<string>, };
export type CustomerSort = "name" | "domain" | "tenant_id" | "country" | "relationship" | "reseller" | "partners" | "subscriptions";
export type CustomerTag = { tag: string, 
/**
 * The tag came with an import; taking it off here still lasts.
 */
imported: boolean, };
export type CustomerTags = { customer_tenant_id: string, tags: Array<CustomerTag>, 
/**
 * Imported tags the user took off, so the editor can offer them back.
 */
removed_imported: Array<string>, };
export type CustomerVerdicts = { 
/**
 * One verdict per action of `Action::CUSTOMER`, in that order.
 */
customer: Array<Verdict>, 
/**
 * Per subscription, one verdict per action of `Action::SUBSCRIPTION`.
 */
subscriptions: Array<SubscriptionVerdicts>, };
export type CustomerView = { bundle: CustomerBundle, verdicts: CustomerVerdicts, findings: Array<Finding>, };
export type DelegatedAdminState = "allowed" | "not_allowed" | "unknown";
export type DeletedProfile = { id: string, name: string, 
/**
 * Where the profile's file was kept, so a deletion can be undone by hand.
 */
backup_path: string, };
export type Effect = "allows" | "restricts" | "denies";
export type EntityCounts = { added: number, changed: number, removed: number, unchanged: number, 
/**
 * Records the source names but that were entered by hand here: left as they are.
 */
kept_manual: number, };
export type ExportFormat = "csv" | "json" | "xlsx";
export type ExportSummary = { path: string, rows: number, };
export type FieldChange = { id: string, customer_tenant_id: string | null, field: string, before: string | null, after: string | null, };
export type FileProblem = { file: string, 
/**
 * `line 3`, `at items[1].id`, or empty for the whole file.
 */
position: string, field: string | null, value: string | null, reason: string, };
export type FilterOptions = { relationships: Array<string>, partners: Array<NamedId>, resellers: Array<NamedId>, channels: Array<string>, tags: Array<string>, };
export type Finding = { kind: FindingKind, severity: Severity, subject: Subject, rule: RuleId | null, 
/**
 * The date it is about: an end, an expiry.
 */
due: string | null, 
/**
 * `findings.<kind>`; a plural family when params has `count`.
 */
key: string, params: { [key in string]?: string }, message: string, };
export type FindingKind = "gdap-expiring" | "gdap-expired" | "gdap-pending-too-long" | "gdap-duration-invalid" | "gdap-auto-extend-invalid" | "gdap-in-us-gov" | "term-ending" | "no-delegated-admin" | "csp-partner-customer" | "reseller-is-provider" | "reseller-removed" | "two-tier-in-national-cloud" | "unrecognised-value";
export type GdapRelationship = { id: string, display_name: string, 
/**
 * Graph may omit it before the customer approves.
 */
customer_tenant_id: string | null, customer_name: string | null, status: GdapStatus, 
/**
 * ISO 8601 duration, `P1D` to `P730D`.
 */
duration: string, 
/**
 * `PT0S`/`P0D` (off) or `P180D`.
 */
auto_extend_duration: string, created_at: string | null, activated_at: string | null, end_at: string | null, roles: Array<string>, };
export type GdapStatus = string;
export type HistoryChange = { 
/**
 * `customer`, `link`, `subscription` or `gdap`.
 */
entity: string, 
/**
 * The record's key: the tenant id, the subscription's or relationship's id,
 * the link's partner id.
 */
id: string, 
/**
 * What the record is called: the company, the partner, the offer, the
 * relationship's display name.
 */
label: string, 
/**
 * `added`, `removed`, or the field that changed.
 */
field: string, before: string | null, after: string | null, };
export type ImportProgress = { import_id: string, 
/**
 * `check` while validating, `import` while writing.
 */
phase: string, file: string, bytes_read: number, bytes_total: number, records: number, };
export type ImportSummary = { snapshot_id: number, 
/**
 * How many files the import read. The files themselves are listed in
 * the snapshot's `snapshot_files`: an export folder has hundreds of
 * thousands, too many to carry in every summary.
 */
files: number, 
/**
 * Per entity: customer, partner, partner_relationship, link, subscription, gdap, relationship_request.
 */
counts: { [key in string]?: EntityCounts }, };
export type KnownPartner = { partner: Partner, source: string, };
export type LinkChange = { customer_tenant_id: string, partner_id: string, partner_name: string, kind: string, scope: string | null, };
export type LinkInput = { customer_tenant_id: string, partner_id: string, 
/**
 * A link kind word (`reseller`, `indirect-reseller`, `advisor`, …).
 */
kind: string, scope: string | null, };
export type LinkKind = string;
export type MoveOption = "wait_for_term_end" | "cancel_and_rebuy";
export type NamedId = { id: string, name: string | null, };
export type NetworkPartner = { id: string, name: string, mpn_id: string | null, location: string | null, 
/**
 * `IsIndirectResellerOf` (they are our reseller) or
 * `IsIndirectCloudSolutionProviderOf` (they are our provider), as imported.
 */
relationship_types: Array<string>, 
/**
 * Customers whose reseller of record is this partner's MPN id.
 */
customers: number, };
export type NewProfileInput = { name: string, cloud: string, tenant_id: string | null, mpn_id: string | null, role: string | null, };
export type Partner = { id: string, tenant_id: string | null, mpn_id: string | null, name: string, location: string | null, };
export type PartnerInput = { name: string | null, tenant_id: string | null, mpn_id: string | null, location: string | null, };
export type PartnerNetwork = { 
/**
 * Why the profile's cloud has no partner network (NC-1), if so.
 */
unavailable: Reason | null, partners: Array<NetworkPartner>, };
export type PartnerRole = "direct" | "indirect-provider" | "indirect-reseller" | "dual";
export type PickKind = "files" | "folder";
export type PickedFile = { token: number, name: string, path: string, 
/**
 * The formats found (a folder holds several), with records per file.
 */
files: Array<CheckedFile>, problems: Array<FileProblem>, 
/**
 * Problems beyond those listed.
 */
more_problems: number, };
export type ProfileList = { profiles: Array<ProfileSummary>, unreadable: Array<UnreadableProfile>, };
export type ProfileSummary = { id: string, name: string, cloud: Cloud, tenant_id: string | null, mpn_id: string | null, role: PartnerRole, customer_count: number, subscription_count: number, created_at: string, last_import_at: string | null, last_opened_at: string | null, };
export type Reason = { rule: RuleId, effect: Effect, 
/**
 * Such as `rules.MC-3.restricted`.
 */
key: string, params: { [key in string]?: string }, message: string, };
export type RelationshipRequest = { id: number, customer_tenant_id: string | null, customer_name: string | null, url: string, with_delegated_admin: boolean, language: string | null, sent_at: string | null, accepted_at: string | null, };
export type RequestDraft = { cloud: Cloud, 
/**
 * The partner tenant id the links carry; none when the profile lacks it.
 */
partner_tenant_id: string | null, with_dap_link: string | null, without_dap_link: string | null, 
/**
 * Why a relationship without delegated admin is not offered (NC-3).
 */
without_dap_unavailable: Reason | null, };
export type RestoredBackup = { 
/**
 * The backup now in place.
 */
restored: BackupInfo, 
/**
 * The copy of the file it replaced.
 */
previous: BackupInfo | null, };
export type RuleId = "MP-1" | "MP-2" | "MP-3" | "MC-1" | "MC-2" | "MC-3" | "MC-4" | "MC-5" | "CSP-1" | "IND-1" | "IND-2" | "IND-3" | "IND-4" | "IND-5" | "NC-1" | "NC-2" | "NC-3" | "NC-4" | "DAP-1" | "GDAP-1" | "GDAP-2" | "GDAP-3" | "GDAP-4";
export type SentRequest = { customer: string | null, with_delegated_admin: boolean, language: string | null, };
export type Severity = "info" | "warning" | "critical";
export type SnapshotDiff = { from: number, to: number, customers_added: Array<CustomerChange>, customers_removed: Array<CustomerChange>, partners_added: Array<LinkChange>, partners_removed: Array<LinkChange>, subscription_changes: Array<FieldChange>, gdap_changes: Array<FieldChange>, };
export type SnapshotInfo = { id: number, created_at: string, 
/**
 * `import` or `demo`.
 */
kind: string, summary: ImportSummary | null, };
export type SourceFile = { path: string, 
/**
 * A [`SourceFormat`] id.
 */
format: string, 
/**
 * SHA-256 of the raw bytes, lowercase hex.
 */
sha256: string, bytes: number, records: number, };
export type StartWorkflow = { customer: string, subscription_id: string, action: Action, option: MoveOption | null, };
export type Step = { 
/**
 * Such as `steps.MC-4.createSubscription`.
 */
key: string, params: { [key in string]?: string }, message: string, };
export type StepUpdate = { workflow_id: number, position: number, done: boolean, note: string | null, };
export type Subject = { customer_tenant_id: string | null, subscription_id: string | null, gdap_id: string | null, };
export type Subscription = { id: string, customer_tenant_id: string, offer_id: string | null, offer_name: string, friendly_name: string | null, 
/**
 * JSON numbers, never above 2^53 in practice: `number` in TypeScript.
 */
quantity: number, unit_type: string | null, status: SubscriptionStatus, billing_type: BillingType, contract_type: string | null, auto_renew: boolean | null, creation_date: string | null, effective_start: string | null, commitment_end: string | null, 
/**
 * ISO 8601, such as `P1Y`.
 */
term_duration: string | null, billing_cycle: string | null, 
/**
 * MPN id of the reseller of record (the API's `partnerId`).
 */
partner_of_record: string | null, parent_subscription_id: string | null, order_id: string | null, is_trial: boolean, channel: Channel, };
export type SubscriptionInput = { customer_tenant_id: string | null, offer_name: string | null, billing_type: string | null, channel: string | null, quantity: number | null, commitment_end: string | null, partner_of_record: string | null, status: string | null, auto_renew: boolean | null, };
export type SubscriptionStatus = string;
export type SubscriptionVerdicts = { subscription_id: string, verdicts: Array<Verdict>, };
export type UnreadableProfile = { 
/**
 * The profile id its file name carries: what backup restore takes.
 */
id: string, file: string, code: string, message: string, };
export type Verdict = { action: Action, verdict: VerdictKind, 
/**
 * Strongest effect first; within an effect, in the order the rules were applied.
 */
reasons: Array<Reason>, 
/**
 * MC-3: the commitment end, the first day the move is possible without cancelling.
 */
earliest_date: string | null, steps: Array<Step>, 
/**
 * The workflow this verdict can start (MC-3, MC-4, MC-5), if any.
 */
workflow: WorkflowOffer | null, };
export type VerdictKind = "allowed" | "restricted" | "denied";
export type ViewExport = { query: CustomerQuery, columns: Array<CustomerColumn>, format: ExportFormat, 
/**
 * The suggested file name, without extension (the profile's name).
 */
file_name: string, };
export type Workflow = { id: number, 
/**
 * `MC-3`, `MC-4` or `MC-5`.
 */
rule: string, action: Action, customer_tenant_id: string, customer_name: string | null, subscription_id: string, subscription_name: string | null, option: MoveOption | null, due_date: string | null, created_at: string, 
/**
 * Set when the last step is ticked; unticking one opens it again.
 */
closed_at: string | null, steps: Array<WorkflowStep>, };
export type WorkflowOffer = { rule: RuleId, options: Array<MoveOption>, };
export type WorkflowStep = { position: number, 
/**
 * A `steps.<rule>.<name>` key the UI translates with `params`.
 */
key: string, params: { [key in string]?: string }, 
/**
 * The English text, for the CLI and exports.
 */
message: string, done_at: string | null, note: string | null, };
