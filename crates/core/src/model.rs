//! The entities of domain.md. Values read from outside use open enums, so a
//! status Partner Center adds tomorrow is kept, never coerced.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::open_enum;

open_enum! {
    /// The customer's relationship to *this* partner.
    CustomerRelationship {
        Reseller => "reseller",
        Advisor => "advisor",
        Syndication => "syndication",
        MicrosoftSupport => "microsoft_support",
        None => "none",
    }
}

open_enum! {
    /// How another partner (or we) works with a customer: the multi-partner view.
    LinkKind {
        Reseller => "reseller",
        IndirectReseller => "indirect-reseller",
        IndirectProvider => "indirect-provider",
        Dap => "dap",
        Gdap => "gdap",
        Advisor => "advisor",
        Syndication => "syndication",
        Pal => "pal",
        Dpor => "dpor",
        Support => "support",
    }
}

open_enum! {
    /// Two-tier relationship types; the REST API spells them in snake_case.
    PartnerRelationshipType {
        IsIndirectResellerOf => "IsIndirectResellerOf",
        IsIndirectCloudSolutionProviderOf => "IsIndirectCloudSolutionProviderOf",
    }
}

open_enum! {
    SubscriptionStatus {
        Active => "active",
        Pending => "pending",
        Suspended => "suspended",
        Deleted => "deleted",
        Expired => "expired",
        Disabled => "disabled",
        None => "none",
    }
}

open_enum! {
    BillingType {
        License => "license",
        Usage => "usage",
    }
}

open_enum! {
    /// Where a subscription was bought.
    Channel {
        Csp => "csp",
        MicrosoftDirect => "microsoft-direct",
        Advisor => "advisor",
        Open => "open",
        Ea => "ea",
        /// Neither in CSP nor a Syndication partner.
        ThirdParty => "third-party",
        Syndication => "syndication",
    }
}

open_enum! {
    GdapStatus {
        Created => "created",
        ApprovalPending => "approvalPending",
        Approved => "approved",
        Activating => "activating",
        Active => "active",
        Expiring => "expiring",
        Expired => "expired",
        TerminationRequested => "terminationRequested",
        Terminating => "terminating",
        Terminated => "terminated",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Customer {
    /// Equals the company profile's tenant id.
    pub tenant_id: String,
    pub commerce_id: Option<String>,
    pub company_name: String,
    pub primary_domain: Option<String>,
    pub custom_domains: Vec<String>,
    /// ISO 3166 alpha-2, as Partner Center gives it.
    pub country: Option<String>,
    pub relationship: CustomerRelationship,
    /// Known only from a single-customer lookup; `None` means unknown.
    pub allow_delegated_access: Option<bool>,
    /// The associated indirect reseller, as Partner Center's
    /// `associatedPartnerId` gives it (its tenant id; older data may hold an MPN id).
    pub indirect_reseller_id: Option<String>,
    pub tags: Vec<String>,
}

/// Any other partner seen in the data. `id` is a local key: the tenant id when
/// known, else `mpn:<MPN id>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Partner {
    pub id: String,
    pub tenant_id: Option<String>,
    pub mpn_id: Option<String>,
    pub name: String,
    pub location: Option<String>,
}

impl Partner {
    pub fn local_id(tenant_id: Option<&str>, mpn_id: Option<&str>) -> Option<String> {
        tenant_id.map(str::to_string).or_else(|| mpn_id.map(|m| format!("mpn:{m}")))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerPartnerLink {
    pub customer_tenant_id: String,
    pub partner_id: String,
    pub kind: LinkKind,
    /// For example "Office 365" or "Azure".
    pub scope: Option<String>,
    /// Which import wrote it, or `manual`.
    pub source: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PartnerRelationship {
    pub partner_id: String,
    pub relationship_type: PartnerRelationshipType,
    pub state: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Subscription {
    pub id: String,
    pub customer_tenant_id: String,
    pub offer_id: Option<String>,
    pub offer_name: String,
    pub friendly_name: Option<String>,
    /// JSON numbers, never above 2^53 in practice: `number` in TypeScript.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity: i64,
    pub unit_type: Option<String>,
    pub status: SubscriptionStatus,
    pub billing_type: BillingType,
    pub contract_type: Option<String>,
    pub auto_renew: Option<bool>,
    pub creation_date: Option<DateTime<Utc>>,
    pub effective_start: Option<DateTime<Utc>>,
    pub commitment_end: Option<NaiveDate>,
    /// ISO 8601, such as `P1Y`.
    pub term_duration: Option<String>,
    pub billing_cycle: Option<String>,
    /// MPN id of the reseller of record (the API's `partnerId`).
    pub partner_of_record: Option<String>,
    pub parent_subscription_id: Option<String>,
    pub order_id: Option<String>,
    pub is_trial: bool,
    pub channel: Channel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GdapRelationship {
    pub id: String,
    pub display_name: String,
    /// Graph may omit it before the customer approves.
    pub customer_tenant_id: Option<String>,
    pub customer_name: Option<String>,
    pub status: GdapStatus,
    /// ISO 8601 duration, `P1D` to `P730D`.
    pub duration: String,
    /// `PT0S`/`P0D` (off) or `P180D`.
    pub auto_extend_duration: String,
    pub created_at: Option<DateTime<Utc>>,
    pub activated_at: Option<DateTime<Utc>>,
    pub end_at: Option<DateTime<Utc>>,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RelationshipRequest {
    pub url: String,
    pub with_delegated_admin: bool,
    pub created_at: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
}
