// This file is generated from the Rust types by `make bindings`. Do not edit.
export type Action = "request-reseller-relationship" | "request-reseller-relationship-without-dap" | "add-partner" | "sell-online-services" | "designate-indirect-reseller" | "manage-subscription" | "move-license-subscription" | "migrate-usage-subscription" | "switch-usage-subscription-partner";
export type AppError = { code: string, message: string, };
export type AppInfo = { data_dir: string, version: string, };
export type BillingType = string;
export type Channel = string;
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
export type CustomerQuery = { 
/**
 * Matches part of the name, domain or tenant id, in any script.
 */
search: string | null, limit: number, offset: number, };
export type CustomerRelationship = string;
export type CustomerRow = { tenant_id: string, company_name: string, primary_domain: string | null, country: string | null, relationship: CustomerRelationship, allow_delegated_access: boolean | null, partner_count: number, subscription_count: number, tags: Array<string>, };
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
export type DeletedProfile = { id: string, name: string, 
/**
 * Where the profile's file was kept, so a deletion can be undone by hand.
 */
backup_path: string, };
export type Effect = "allows" | "restricts" | "denies";
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
export type LinkKind = string;
export type NewProfileInput = { name: string, cloud: string, tenant_id: string | null, mpn_id: string | null, role: string | null, };
export type Partner = { id: string, tenant_id: string | null, mpn_id: string | null, name: string, location: string | null, };
export type PartnerRole = "direct" | "indirect-provider" | "indirect-reseller" | "dual";
export type ProfileList = { profiles: Array<ProfileSummary>, unreadable: Array<UnreadableProfile>, };
export type ProfileSummary = { id: string, name: string, cloud: Cloud, tenant_id: string | null, mpn_id: string | null, role: PartnerRole, customer_count: number, subscription_count: number, created_at: string, last_import_at: string | null, last_opened_at: string | null, };
export type Reason = { rule: RuleId, effect: Effect, 
/**
 * Such as `rules.MC-3.restricted`.
 */
key: string, params: { [key in string]?: string }, message: string, };
export type RuleId = "MP-1" | "MP-2" | "MP-3" | "MC-1" | "MC-2" | "MC-3" | "MC-4" | "MC-5" | "CSP-1" | "IND-1" | "IND-2" | "IND-3" | "IND-4" | "IND-5" | "NC-1" | "NC-2" | "NC-3" | "NC-4" | "DAP-1" | "GDAP-1" | "GDAP-2" | "GDAP-3" | "GDAP-4";
export type Severity = "info" | "warning" | "critical";
export type Step = { 
/**
 * Such as `steps.MC-4.createSubscription`.
 */
key: string, params: { [key in string]?: string }, message: string, };
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
export type SubscriptionStatus = string;
export type SubscriptionVerdicts = { subscription_id: string, verdicts: Array<Verdict>, };
export type UnreadableProfile = { file: string, code: string, message: string, };
export type Verdict = { action: Action, verdict: VerdictKind, 
/**
 * Strongest effect first; within an effect, in the order the rules were applied.
 */
reasons: Array<Reason>, 
/**
 * MC-3: the commitment end, the first day the move is possible without cancelling.
 */
earliest_date: string | null, steps: Array<Step>, };
export type VerdictKind = "allowed" | "restricted" | "denied";
