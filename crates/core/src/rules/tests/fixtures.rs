//! A small, readable customer to vary case by case.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::cloud::{Cloud, PartnerRole};
use crate::model::*;
use crate::rules::{
    Action, CustomerFacts, CustomerVerdicts, Finding, ProfileContext, Verdict, customer_findings, evaluate_customer,
};

pub const OWN_TENANT: &str = "11111111-1111-4111-8111-111111111111";
pub const OWN_MPN: &str = "1111111";
pub const OTHER_TENANT: &str = "22222222-2222-4222-8222-222222222222";
pub const OTHER_MPN: &str = "2222222";
pub const RESELLER_TENANT: &str = "33333333-3333-4333-8333-333333333333";
pub const RESELLER_MPN: &str = "3333333";
pub const PROVIDER_TENANT: &str = "44444444-4444-4444-8444-444444444444";
pub const PROVIDER_MPN: &str = "4444444";
pub const CUSTOMER_TENANT: &str = "c0ffee00-0000-4000-8000-000000000001";

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn noon(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).unwrap().and_utc()
}

pub fn days(n: i64) -> TimeDelta {
    TimeDelta::days(n)
}

pub const TODAY: (i32, u32, u32) = (2026, 11, 21);

pub fn today() -> NaiveDate {
    date(TODAY.0, TODAY.1, TODAY.2)
}

pub fn partner(tenant: &str, mpn: &str, name: &str) -> Partner {
    Partner {
        id: tenant.to_string(),
        tenant_id: Some(tenant.to_string()),
        mpn_id: Some(mpn.to_string()),
        name: name.to_string(),
        location: None,
    }
}

pub fn link(partner_id: &str, kind: LinkKind) -> CustomerPartnerLink {
    CustomerPartnerLink {
        customer_tenant_id: CUSTOMER_TENANT.to_string(),
        partner_id: partner_id.to_string(),
        kind,
        scope: None,
        source: "test".to_string(),
        start_date: Some(date(2024, 1, 1)),
        end_date: None,
    }
}

pub fn subscription(id: &str, billing: BillingType, channel: Channel) -> Subscription {
    let license = billing == BillingType::License;
    Subscription {
        id: id.to_string(),
        customer_tenant_id: CUSTOMER_TENANT.to_string(),
        offer_id: Some("CFQ7TTC0LFLX".to_string()),
        offer_name: if license { "Microsoft 365 E3" } else { "Azure plan" }.to_string(),
        friendly_name: None,
        quantity: 10,
        unit_type: Some("Licenses".to_string()),
        status: SubscriptionStatus::Active,
        billing_type: billing,
        contract_type: Some("subscription".to_string()),
        auto_renew: Some(true),
        creation_date: Some(noon(date(2026, 3, 1))),
        effective_start: Some(noon(date(2026, 3, 1))),
        commitment_end: license.then(|| date(2027, 3, 1)),
        term_duration: license.then(|| "P1Y".to_string()),
        billing_cycle: Some("monthly".to_string()),
        partner_of_record: None,
        parent_subscription_id: None,
        order_id: Some("order-1".to_string()),
        is_trial: false,
        channel,
    }
}

pub fn gdap(id: &str, status: GdapStatus, activated: NaiveDate, duration: &str) -> GdapRelationship {
    let pending = matches!(status, GdapStatus::ApprovalPending | GdapStatus::Created);
    let parsed = crate::rules::gdap::parse_duration(duration).ok();
    GdapRelationship {
        id: id.to_string(),
        display_name: format!("GDAP {id}"),
        customer_tenant_id: Some(CUSTOMER_TENANT.to_string()),
        customer_name: Some("Contoso".to_string()),
        status,
        duration: duration.to_string(),
        auto_extend_duration: "PT0S".to_string(),
        created_at: Some(noon(activated - days(3))),
        activated_at: (!pending).then(|| noon(activated)),
        end_at: if pending { None } else { parsed.and_then(|d| d.after(noon(activated))) },
        roles: vec!["62e90394-69f5-4237-9190-012177145e10".to_string()],
    }
}

/// One customer, in one profile, on one day.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub profile: ProfileContext,
    pub customer: Customer,
    pub links: Vec<CustomerPartnerLink>,
    pub partners: Vec<Partner>,
    pub subscriptions: Vec<Subscription>,
    pub gdap: Vec<GdapRelationship>,
    pub is_csp_partner: bool,
    pub today: NaiveDate,
}

impl Fixture {
    /// Contoso: our reseller customer with DAP, one other partner (Fabrikam,
    /// for Azure), one live license-based CSP subscription of ours ending on
    /// 2027-03-01, and one active GDAP relationship far from its end.
    pub fn new(cloud: Cloud, role: PartnerRole) -> Fixture {
        Fixture {
            profile: ProfileContext {
                cloud,
                role,
                own_tenant_id: Some(OWN_TENANT.to_string()),
                own_mpn_id: Some(OWN_MPN.to_string()),
            },
            customer: Customer {
                tenant_id: CUSTOMER_TENANT.to_string(),
                commerce_id: None,
                company_name: "Contoso".to_string(),
                primary_domain: Some("contoso.onmicrosoft.com".to_string()),
                custom_domains: Vec::new(),
                country: Some("US".to_string()),
                relationship: CustomerRelationship::Reseller,
                allow_delegated_access: Some(true),
                indirect_reseller_id: None,
                tags: Vec::new(),
            },
            links: vec![link(OWN_TENANT, LinkKind::Reseller), {
                let mut l = link(OTHER_TENANT, LinkKind::Reseller);
                l.scope = Some("Azure".to_string());
                l
            }],
            partners: vec![
                partner(OWN_TENANT, OWN_MPN, "Our organisation"),
                partner(OTHER_TENANT, OTHER_MPN, "Fabrikam Azure Experts"),
            ],
            subscriptions: vec![subscription("sub-0", BillingType::License, Channel::Csp)],
            gdap: vec![gdap("gdap-0", GdapStatus::Active, date(2026, 6, 1), "P730D")],
            is_csp_partner: false,
            today: today(),
        }
    }

    pub fn facts(&self) -> CustomerFacts<'_> {
        CustomerFacts {
            customer: &self.customer,
            links: &self.links,
            partners: &self.partners,
            subscriptions: &self.subscriptions,
            gdap: &self.gdap,
            is_csp_partner: self.is_csp_partner,
        }
    }

    pub fn verdicts(&self) -> CustomerVerdicts {
        evaluate_customer(&self.profile, &self.facts(), self.today)
    }

    pub fn findings(&self) -> Vec<Finding> {
        customer_findings(&self.profile, &self.facts(), self.today)
    }

    pub fn customer_verdict(&self, action: Action) -> Verdict {
        self.verdicts().customer_verdict(action).cloned().expect("every customer action is answered")
    }

    /// The verdict for the first subscription.
    pub fn subscription_verdict(&self, action: Action) -> Verdict {
        let id = &self.subscriptions[0].id;
        self.verdicts().subscription_verdict(id, action).cloned().expect("every subscription action is answered")
    }

    pub fn sub(&mut self) -> &mut Subscription {
        &mut self.subscriptions[0]
    }

    /// Adds an indirect reseller to the customer (two-tier data).
    pub fn with_indirect_reseller(&mut self) {
        self.customer.indirect_reseller_id = Some(RESELLER_MPN.to_string());
        self.partners.push(partner(RESELLER_TENANT, RESELLER_MPN, "Northwind Resale"));
        self.links.push(link(RESELLER_TENANT, LinkKind::IndirectReseller));
    }

    /// Adds our indirect provider (seen from an indirect reseller's profile).
    pub fn with_indirect_provider(&mut self) {
        self.partners.push(partner(PROVIDER_TENANT, PROVIDER_MPN, "Litware Distribution"));
        self.links.push(link(PROVIDER_TENANT, LinkKind::IndirectProvider));
    }
}
