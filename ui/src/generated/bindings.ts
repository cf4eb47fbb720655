// This file is generated from the Rust types by `make bindings`. Do not edit.
export type AppError = { code: string, message: string, };
export type AppInfo = { data_dir: string, version: string, };
export type Cloud = "global" | "us-gov" | "germany" | "china";
export type CustomerPage = { 
/**
 * How many customers match, over all pages.
 */
total: number, items: Array<CustomerRow>, };
export type CustomerQuery = { 
/**
 * Matches part of the name, domain or tenant id, in any script.
 */
search: string | null, limit: number, offset: number, };
export type CustomerRelationship = string;
export type CustomerRow = { tenant_id: string, company_name: string, primary_domain: string | null, country: string | null, relationship: CustomerRelationship, allow_delegated_access: boolean | null, partner_count: number, subscription_count: number, tags: Array<string>, };
export type DeletedProfile = { id: string, name: string, 
/**
 * Where the profile's file was kept, so a deletion can be undone by hand.
 */
backup_path: string, };
export type NewProfileInput = { name: string, cloud: string, tenant_id: string | null, mpn_id: string | null, role: string | null, };
export type PartnerRole = "direct" | "indirect-provider" | "indirect-reseller" | "dual";
export type ProfileList = { profiles: Array<ProfileSummary>, unreadable: Array<UnreadableProfile>, };
export type ProfileSummary = { id: string, name: string, cloud: Cloud, tenant_id: string | null, mpn_id: string | null, role: PartnerRole, customer_count: number, subscription_count: number, created_at: string, last_import_at: string | null, last_opened_at: string | null, };
export type UnreadableProfile = { file: string, code: string, message: string, };
