//! What a reader hands to the store: one record at a time, each saying only
//! what its source actually carries.
//!
//! Sources differ in what they know. The portal's customer CSV has no commerce
//! id; only a single-customer lookup knows `allowDelegatedAccess`; the
//! portal's subscription CSV knows neither billing type nor channel. So a
//! record is a patch: `None` means "this source does not say", and the store
//! keeps what it had. It never means "clear the value".

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{
    BillingType, Channel, CustomerPartnerLink, CustomerRelationship, GdapRelationship, Partner, PartnerRelationship,
    RelationshipRequest, SubscriptionStatus,
};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerRecord {
    pub tenant_id: String,
    pub commerce_id: Option<String>,
    pub company_name: Option<String>,
    pub primary_domain: Option<String>,
    pub custom_domains: Option<Vec<String>>,
    pub country: Option<String>,
    pub relationship: Option<CustomerRelationship>,
    /// Only a single-customer lookup carries this.
    pub allow_delegated_access: Option<bool>,
    pub indirect_reseller_id: Option<String>,
    pub tags: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionRecord {
    pub id: String,
    pub customer_tenant_id: String,
    pub offer_id: Option<String>,
    pub offer_name: Option<String>,
    pub friendly_name: Option<String>,
    pub quantity: Option<i64>,
    pub unit_type: Option<String>,
    pub status: Option<SubscriptionStatus>,
    pub billing_type: Option<BillingType>,
    pub contract_type: Option<String>,
    pub auto_renew: Option<bool>,
    pub creation_date: Option<DateTime<Utc>>,
    pub effective_start: Option<DateTime<Utc>>,
    pub commitment_end: Option<NaiveDate>,
    pub term_duration: Option<String>,
    pub billing_cycle: Option<String>,
    /// MPN id of the reseller of record; `-1` in reconciliation files means
    /// the reseller was removed (IND-4). Kept verbatim.
    pub partner_of_record: Option<String>,
    pub parent_subscription_id: Option<String>,
    pub order_id: Option<String>,
    pub is_trial: Option<bool>,
    pub channel: Option<Channel>,
}

/// One record read from a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Customer(CustomerRecord),
    Partner(Partner),
    PartnerRelationship(PartnerRelationship),
    Link(CustomerPartnerLink),
    Subscription(SubscriptionRecord),
    Gdap(GdapRelationship),
    RelationshipRequest(RelationshipRequest),
}

/// What a whole file lists completely, so that what is missing from it can be
/// reported as removed. A file that is one page of several (it has a `next`
/// link) or a billing extract (reconciliation) covers nothing: absence there
/// proves nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum Coverage {
    /// Every customer of the profile (a full customer list).
    AllCustomers,
    /// Every subscription of one customer.
    CustomerSubscriptions { customer_tenant_id: String },
    /// Every partner link of one kind for one customer (e.g. its indirect resellers).
    CustomerLinks { customer_tenant_id: String, kind: String },
    /// Every two-tier relationship of one type (indirect resellers, or providers).
    PartnerRelationships { relationship_type: String },
    /// Every GDAP relationship.
    AllGdap,
}

/// A file an import read, as its snapshot records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceFile {
    pub path: String,
    /// A [`SourceFormat`] id.
    pub format: String,
    /// SHA-256 of the raw bytes, lowercase hex.
    pub sha256: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: u64,
}

/// Where readers put what they read: the store's import session, or a test.
/// It lives here because readers and the store must not know each other.
pub trait RecordSink {
    /// One record; the error is a sentence the reader places at the record's position.
    fn apply(&mut self, record: Record) -> Result<(), String>;
    /// A file read to its end, with what it lists completely.
    fn add_file(&mut self, file: SourceFile, coverage: Vec<Coverage>);
}

/// Which format a file was read as; named in snapshots and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    RestCustomers,
    RestCustomer,
    RestSubscriptions,
    RestPartnerRelationships,
    RestCustomerRelationships,
    RestRelationshipRequest,
    GraphGdap,
    PortalCustomersCsv,
    PortalSubscriptionsCsv,
    ReconciliationLicenseCsv,
    ReconciliationNewCommerceCsv,
    ExportFolderManifest,
    PartnerDeskJson,
}

impl SourceFormat {
    pub fn id(self) -> &'static str {
        match self {
            SourceFormat::RestCustomers => "rest-customers",
            SourceFormat::RestCustomer => "rest-customer",
            SourceFormat::RestSubscriptions => "rest-subscriptions",
            SourceFormat::RestPartnerRelationships => "rest-partner-relationships",
            SourceFormat::RestCustomerRelationships => "rest-customer-relationships",
            SourceFormat::RestRelationshipRequest => "rest-relationship-request",
            SourceFormat::GraphGdap => "graph-gdap",
            SourceFormat::PortalCustomersCsv => "portal-customers-csv",
            SourceFormat::PortalSubscriptionsCsv => "portal-subscriptions-csv",
            SourceFormat::ReconciliationLicenseCsv => "reconciliation-license-csv",
            SourceFormat::ReconciliationNewCommerceCsv => "reconciliation-new-commerce-csv",
            SourceFormat::ExportFolderManifest => "export-folder-manifest",
            SourceFormat::PartnerDeskJson => "partner-desk-json",
        }
    }
}

impl From<crate::model::Customer> for CustomerRecord {
    /// A complete customer (Partner Desk's own export) says every field.
    fn from(c: crate::model::Customer) -> Self {
        CustomerRecord {
            tenant_id: c.tenant_id,
            commerce_id: c.commerce_id,
            company_name: Some(c.company_name),
            primary_domain: c.primary_domain,
            custom_domains: Some(c.custom_domains),
            country: c.country,
            relationship: Some(c.relationship),
            allow_delegated_access: c.allow_delegated_access,
            indirect_reseller_id: c.indirect_reseller_id,
            tags: Some(c.tags),
        }
    }
}

impl From<crate::model::Subscription> for SubscriptionRecord {
    fn from(s: crate::model::Subscription) -> Self {
        SubscriptionRecord {
            id: s.id,
            customer_tenant_id: s.customer_tenant_id,
            offer_id: s.offer_id,
            offer_name: Some(s.offer_name),
            friendly_name: s.friendly_name,
            quantity: Some(s.quantity),
            unit_type: s.unit_type,
            status: Some(s.status),
            billing_type: Some(s.billing_type),
            contract_type: s.contract_type,
            auto_renew: s.auto_renew,
            creation_date: s.creation_date,
            effective_start: s.effective_start,
            commitment_end: s.commitment_end,
            term_duration: s.term_duration,
            billing_cycle: s.billing_cycle,
            partner_of_record: s.partner_of_record,
            parent_subscription_id: s.parent_subscription_id,
            order_id: s.order_id,
            is_trial: Some(s.is_trial),
            channel: Some(s.channel),
        }
    }
}

/// Overwrites `target` only where the patch says something.
fn set<T>(target: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *target = value;
    }
}

fn set_some<T>(target: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *target = value;
    }
}

impl CustomerRecord {
    /// The customer after this record: `current` with what the record says.
    /// A customer first seen in a source that does not name it (a subscription
    /// file for an unknown tenant) gets an empty name and an unknown relationship.
    pub fn apply_to(self, current: Option<crate::model::Customer>) -> crate::model::Customer {
        let mut c = current.unwrap_or_else(|| crate::model::Customer {
            tenant_id: self.tenant_id.clone(),
            commerce_id: None,
            company_name: String::new(),
            primary_domain: None,
            custom_domains: Vec::new(),
            country: None,
            relationship: CustomerRelationship::Unknown(String::new()),
            allow_delegated_access: None,
            indirect_reseller_id: None,
            tags: Vec::new(),
        });
        set_some(&mut c.commerce_id, self.commerce_id);
        set(&mut c.company_name, self.company_name);
        set_some(&mut c.primary_domain, self.primary_domain);
        set(&mut c.custom_domains, self.custom_domains);
        set_some(&mut c.country, self.country);
        set(&mut c.relationship, self.relationship);
        set_some(&mut c.allow_delegated_access, self.allow_delegated_access);
        set_some(&mut c.indirect_reseller_id, self.indirect_reseller_id);
        set(&mut c.tags, self.tags);
        c
    }
}

impl SubscriptionRecord {
    /// The subscription after this record. A new one with no billing type or
    /// channel in its source keeps them as unknown (empty), never guessed.
    pub fn apply_to(self, current: Option<crate::model::Subscription>) -> crate::model::Subscription {
        let mut s = current.unwrap_or_else(|| crate::model::Subscription {
            id: self.id.clone(),
            customer_tenant_id: self.customer_tenant_id.clone(),
            offer_id: None,
            offer_name: String::new(),
            friendly_name: None,
            quantity: 0,
            unit_type: None,
            status: SubscriptionStatus::Unknown(String::new()),
            billing_type: BillingType::Unknown(String::new()),
            contract_type: None,
            auto_renew: None,
            creation_date: None,
            effective_start: None,
            commitment_end: None,
            term_duration: None,
            billing_cycle: None,
            partner_of_record: None,
            parent_subscription_id: None,
            order_id: None,
            is_trial: false,
            channel: Channel::Unknown(String::new()),
        });
        s.customer_tenant_id = self.customer_tenant_id;
        set_some(&mut s.offer_id, self.offer_id);
        set(&mut s.offer_name, self.offer_name);
        set_some(&mut s.friendly_name, self.friendly_name);
        set(&mut s.quantity, self.quantity);
        set_some(&mut s.unit_type, self.unit_type);
        set(&mut s.status, self.status);
        set(&mut s.billing_type, self.billing_type);
        set_some(&mut s.contract_type, self.contract_type);
        set_some(&mut s.auto_renew, self.auto_renew);
        set_some(&mut s.creation_date, self.creation_date);
        set_some(&mut s.effective_start, self.effective_start);
        set_some(&mut s.commitment_end, self.commitment_end);
        set_some(&mut s.term_duration, self.term_duration);
        set_some(&mut s.billing_cycle, self.billing_cycle);
        set_some(&mut s.partner_of_record, self.partner_of_record);
        set_some(&mut s.parent_subscription_id, self.parent_subscription_id);
        set_some(&mut s.order_id, self.order_id);
        set(&mut s.is_trial, self.is_trial);
        set(&mut s.channel, self.channel);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Customer;

    #[test]
    fn a_patch_keeps_what_its_source_does_not_say() {
        let full = CustomerRecord {
            tenant_id: "t".into(),
            company_name: Some("Contoso".into()),
            allow_delegated_access: Some(true),
            relationship: Some(CustomerRelationship::Reseller),
            ..Default::default()
        }
        .apply_to(None);
        // A customer list does not carry allowDelegatedAccess: it stays known.
        let listed =
            CustomerRecord { tenant_id: "t".into(), company_name: Some("Contoso Ltd".into()), ..Default::default() };
        let after: Customer = listed.apply_to(Some(full.clone()));
        assert_eq!(after.company_name, "Contoso Ltd");
        assert_eq!(after.allow_delegated_access, Some(true));
        assert_eq!(after.relationship, CustomerRelationship::Reseller);
    }

    #[test]
    fn a_full_record_round_trips() {
        let demo = crate::demo::Demo::new(crate::demo::DemoOptions {
            cloud: crate::Cloud::Global,
            role: crate::PartnerRole::Dual,
            own_tenant_id: None,
            own_mpn_id: None,
            customers: 5,
            seed: 3,
            today: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default(),
        });
        for bundle in demo.customers() {
            let c = bundle.customer.clone();
            assert_eq!(CustomerRecord::from(c.clone()).apply_to(None), c);
            for s in bundle.subscriptions {
                assert_eq!(SubscriptionRecord::from(s.clone()).apply_to(None), s);
            }
        }
    }
}
