//! A deterministic generator of realistic synthetic data for one profile.
//!
//! The same seed and options always give the same dataset. Customers are
//! produced one at a time (an iterator), so a caller can write hundreds of
//! thousands of them without holding them all. The first customers cycle
//! through every relationship kind, channel, billing type and GDAP status, so
//! even a small demo shows each of them; the rest are drawn at random.

mod names;
mod rng;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use crate::cloud::{Cloud, PartnerRole};
use crate::model::*;
pub use rng::Rng;

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub cloud: Cloud,
    pub role: PartnerRole,
    /// The profile's own identity; generated from the seed when absent.
    pub own_tenant_id: Option<String>,
    pub own_mpn_id: Option<String>,
    pub customers: usize,
    pub seed: u64,
    /// Dates are laid out around this day, so findings fall due near it.
    pub today: NaiveDate,
}

impl DemoOptions {
    /// A distributor (an indirect provider with its resellers) at `scale` of
    /// the benchmark's full size: 200,000 customers, 2,000 indirect resellers.
    pub fn distributor(scale: f64, seed: u64, today: NaiveDate) -> DemoOptions {
        DemoOptions {
            cloud: Cloud::Global,
            role: PartnerRole::IndirectProvider,
            own_tenant_id: None,
            own_mpn_id: Some("1234567".into()),
            customers: ((DISTRIBUTOR_CUSTOMERS as f64) * scale.max(0.0)).round() as usize,
            seed,
            today,
        }
    }
}

/// Customers in a distributor profile at scale 1.0.
pub const DISTRIBUTOR_CUSTOMERS: usize = 200_000;

/// How many of the per-customer records to draw, by weight: `(count, weight)`.
/// The default gives a rich demo; [`DemoShape::distributor`] the proportions
/// of a distributor (5 subscriptions, 2 partner links, 0.75 GDAP relationships
/// per customer on average).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoShape {
    /// Links to partners other than us and the indirect reseller (MP-1 cases).
    pub other_links: &'static [(usize, u32)],
    pub gdap: &'static [(usize, u32)],
}

impl Default for DemoShape {
    fn default() -> Self {
        DemoShape { other_links: &[(0, 35), (1, 40), (2, 18), (3, 7)], gdap: &[(0, 25), (1, 60), (2, 15)] }
    }
}

impl DemoShape {
    pub fn distributor() -> Self {
        DemoShape { other_links: &[(0, 80), (1, 17), (2, 3)], gdap: &[(0, 40), (1, 45), (2, 15)] }
    }
}

/// Everything that is not per customer: the partners seen in the data and the
/// two-tier relationships.
#[derive(Debug, Clone)]
pub struct DemoNetwork {
    pub own: Partner,
    pub partners: Vec<Partner>,
    pub partner_relationships: Vec<PartnerRelationship>,
}

/// One customer with everything that hangs off it.
#[derive(Debug, Clone)]
pub struct CustomerBundle {
    pub customer: Customer,
    pub links: Vec<CustomerPartnerLink>,
    pub subscriptions: Vec<Subscription>,
    pub gdap: Vec<GdapRelationship>,
}

pub struct Demo {
    options: DemoOptions,
    shape: DemoShape,
    network: DemoNetwork,
    /// Indices into `network.partners` of the indirect resellers (two-tier data).
    resellers: Vec<usize>,
    /// Indices of partners that are also customers of ours (CSP-1 cases).
    partner_customers: Vec<usize>,
    two_tier: bool,
}

pub const SOURCE: &str = "demo";

const OFFERS: &[(&str, &str, bool)] = &[
    ("CFQ7TTC0LH18", "Microsoft 365 Business Basic", true),
    ("CFQ7TTC0LDPB", "Microsoft 365 Business Standard", true),
    ("CFQ7TTC0LFLX", "Microsoft 365 E3", true),
    ("CFQ7TTC0LF8Q", "Office 365 E1", true),
    ("CFQ7TTC0LH16", "Exchange Online (Plan 1)", true),
    ("CFQ7TTC0MQ2Q", "Microsoft Teams Essentials", true),
    ("CFQ7TTC0LH3J", "Power BI Pro", true),
    ("CFQ7TTC0KXCH", "Dynamics 365 Sales Professional", true),
    ("DZH318Z0BPS6", "Azure plan", false),
    ("MS-AZR-0145P", "Microsoft Azure", false),
];

const TAGS: &[&str] = &["priority", "healthcare", "education", "nonprofit", "renewal-q1", "migrated"];

const GDAP_ROLES: &[&str] = &[
    "62e90394-69f5-4237-9190-012177145e10",
    "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
    "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    "fe930be7-5e62-47db-91af-98c3a49a38b1",
];

const UNKNOWN_STATUS_SAMPLES: &[&str] = &["PendingTransfer", "migrating", "Restricted_Hold"];

impl Demo {
    pub fn new(options: DemoOptions) -> Demo {
        Demo::with_shape(options, DemoShape::default())
    }

    pub fn with_shape(options: DemoOptions, shape: DemoShape) -> Demo {
        let root = Rng::new(options.seed);
        let mut rng = root.fork(1);
        let own_tenant = options.own_tenant_id.clone().unwrap_or_else(|| rng.guid());
        let own_mpn = options.own_mpn_id.clone().unwrap_or_else(|| rng.range(1_000_000, 9_999_999).to_string());
        let own = Partner {
            id: own_tenant.clone(),
            tenant_id: Some(own_tenant),
            mpn_id: Some(own_mpn),
            name: "Our organisation".to_string(),
            location: None,
        };
        // Two-tier data exists only in the global cloud (NC-1), and only for
        // partners that take part in the indirect model.
        let two_tier = options.cloud == Cloud::Global && options.role != PartnerRole::Direct;
        let other_count = (options.customers / 100).clamp(12, 2_000);
        let reseller_count = if two_tier { (options.customers / 100).clamp(4, 2_000) } else { 0 };
        let mut partners = Vec::with_capacity(other_count + reseller_count);
        for index in 0..other_count + reseller_count {
            let tenant = rng.guid();
            partners.push(Partner {
                id: tenant.clone(),
                tenant_id: Some(tenant),
                mpn_id: Some(rng.range(1_000_000, 9_999_999).to_string()),
                name: names::partner_name(&mut rng, index),
                location: Some(rng.pick(&["US", "GB", "DE", "JP", "TW", "KZ", "FR", "AU"]).to_string()),
            });
        }
        let resellers: Vec<usize> = (other_count..other_count + reseller_count).collect();
        // Named from our side, as Partner Center's relationship list does: a
        // provider is the indirect CSP *of* its resellers; a reseller is the
        // indirect reseller *of* its providers.
        let relationship_type = if options.role == PartnerRole::IndirectReseller {
            PartnerRelationshipType::IsIndirectResellerOf
        } else {
            PartnerRelationshipType::IsIndirectCloudSolutionProviderOf
        };
        let partner_relationships = resellers
            .iter()
            .map(|&i| PartnerRelationship {
                partner_id: partners[i].id.clone(),
                relationship_type: relationship_type.clone(),
                state: Some("active".to_string()),
            })
            .collect();
        // A few of our customers are CSP partners themselves (CSP-1 findings).
        let partner_customers = (0..other_count).step_by(5).take(3).collect();
        Demo {
            options,
            shape,
            network: DemoNetwork { own, partners, partner_relationships },
            resellers,
            partner_customers,
            two_tier,
        }
    }

    pub fn options(&self) -> &DemoOptions {
        &self.options
    }

    pub fn network(&self) -> &DemoNetwork {
        &self.network
    }

    /// The customers, generated lazily in a fixed order.
    pub fn customers(&self) -> impl Iterator<Item = CustomerBundle> + '_ {
        let root = Rng::new(self.options.seed);
        (0..self.options.customers).map(move |index| {
            let mut rng = root.fork(1_000 + index as u64);
            self.customer(index, &mut rng)
        })
    }

    fn customer(&self, index: usize, rng: &mut Rng) -> CustomerBundle {
        let cloud = self.options.cloud;
        let script = *rng.weighted(names::script_mix(cloud));
        let (company_name, stem) = names::company(script, rng);
        // Every 97th customer, while they last, is one of the partners (CSP-1).
        let as_partner = (index % 97 == 50).then(|| self.partner_customers.get(index / 97)).flatten();
        let tenant_id = match as_partner.and_then(|&p| self.network.partners[p].tenant_id.clone()) {
            Some(tenant) => tenant,
            None => rng.guid(),
        };
        let primary_domain = format!("{stem}{index}.onmicrosoft.com");
        let relationship = if index % 211 == 13 {
            CustomerRelationship::Unknown(rng.pick(&["ResellerPending", "reseller_transfer"]).to_string())
        } else {
            rng.weighted(&[
                (CustomerRelationship::Reseller, 85),
                (CustomerRelationship::Advisor, 4),
                (CustomerRelationship::Syndication, 2),
                (CustomerRelationship::MicrosoftSupport, 2),
                (CustomerRelationship::None, 7),
            ])
            .clone()
        };
        let allow_delegated_access = match rng.below(10) {
            0..=1 => Some(true),
            2 => Some(false),
            _ => None,
        };
        let reseller = (self.two_tier && rng.chance(700)).then(|| &self.network.partners[*rng.pick(&self.resellers)]);
        let mut tags: Vec<String> = (0..rng.below(3)).map(|_| rng.pick(TAGS).to_string()).collect();
        tags.sort();
        tags.dedup();
        let customer = Customer {
            tenant_id: tenant_id.clone(),
            commerce_id: Some(rng.guid()),
            company_name,
            custom_domains: if rng.chance(400) { vec![format!("{stem}.example")] } else { Vec::new() },
            primary_domain: Some(primary_domain),
            country: Some(names::country(script, cloud, rng).to_string()),
            relationship,
            allow_delegated_access,
            indirect_reseller_id: reseller.and_then(|r| r.tenant_id.clone()),
            tags,
        };
        let links = self.links(index, &customer, reseller, rng);
        let subscriptions = self.subscriptions(index, &customer, reseller, rng);
        let gdap = self.gdap(index, &customer, rng);
        CustomerBundle { customer, links, subscriptions, gdap }
    }

    fn links(
        &self,
        index: usize,
        customer: &Customer,
        reseller: Option<&Partner>,
        rng: &mut Rng,
    ) -> Vec<CustomerPartnerLink> {
        let start = self.options.today - Duration::days(rng.range(30, 2_000));
        let link = |partner: &Partner, kind: LinkKind, scope: Option<&str>| CustomerPartnerLink {
            customer_tenant_id: customer.tenant_id.clone(),
            partner_id: partner.id.clone(),
            kind,
            scope: scope.map(str::to_string),
            source: SOURCE.to_string(),
            start_date: Some(start),
            end_date: None,
        };
        let mut links = Vec::new();
        if customer.relationship == CustomerRelationship::Reseller {
            links.push(link(&self.network.own, LinkKind::Reseller, None));
        }
        if customer.allow_delegated_access == Some(true) {
            links.push(link(&self.network.own, LinkKind::Dap, None));
        }
        if let Some(reseller) = reseller {
            links.push(link(reseller, LinkKind::IndirectReseller, None));
        }
        // Other partners of this customer (MP-1): kinds cycle first, then random.
        let others: &[(LinkKind, Option<&str>)] = &[
            (LinkKind::Reseller, Some("Azure")),
            (LinkKind::Gdap, Some("Microsoft 365")),
            (LinkKind::Advisor, None),
            (LinkKind::Syndication, Some("Office 365")),
            (LinkKind::Pal, Some("Azure")),
            (LinkKind::Dpor, Some("Azure")),
            (LinkKind::Support, None),
            (LinkKind::Dap, None),
            (LinkKind::IndirectProvider, None),
        ];
        let other_partners = &self.network.partners[..self.network.partners.len() - self.resellers.len()];
        let count = if index < others.len() { 2 } else { *rng.weighted(self.shape.other_links) };
        for n in 0..count {
            let (kind, scope) =
                if index < others.len() { &others[(index + n) % others.len()] } else { rng.pick(others) };
            // Two-tier link kinds belong to the global cloud; one national
            // customer keeps one anyway, as data that must raise NC-1.
            let two_tier_kind = matches!(kind, LinkKind::IndirectProvider | LinkKind::IndirectReseller);
            if two_tier_kind && self.options.cloud != Cloud::Global && index != 8 {
                continue;
            }
            if *kind == LinkKind::Gdap && self.options.cloud == Cloud::UsGov {
                continue;
            }
            let partner = &other_partners[(index * 7 + n * 13 + rng.below(5)) % other_partners.len()];
            links.push(link(partner, kind.clone(), *scope));
        }
        links.dedup_by(|a, b| a.partner_id == b.partner_id && a.kind == b.kind);
        links
    }

    fn subscriptions(
        &self,
        index: usize,
        customer: &Customer,
        reseller: Option<&Partner>,
        rng: &mut Rng,
    ) -> Vec<Subscription> {
        const CHANNELS: &[(Channel, u32)] = &[
            (Channel::Csp, 75),
            (Channel::MicrosoftDirect, 7),
            (Channel::Advisor, 3),
            (Channel::Open, 3),
            (Channel::Ea, 5),
            (Channel::ThirdParty, 4),
            (Channel::Syndication, 3),
        ];
        const STATUSES: &[(SubscriptionStatus, u32)] = &[
            (SubscriptionStatus::Active, 82),
            (SubscriptionStatus::Pending, 3),
            (SubscriptionStatus::Suspended, 5),
            (SubscriptionStatus::Deleted, 4),
            (SubscriptionStatus::Expired, 3),
            (SubscriptionStatus::Disabled, 2),
            (SubscriptionStatus::None, 1),
        ];
        let today = self.options.today;
        let own_mpn = self.network.own.mpn_id.clone();
        let count = 1 + rng.below(9);
        (0..count)
            .map(|n| {
                let cycle = index * 3 + n;
                let (offer_id, offer_name, license) =
                    if index < 20 { OFFERS[cycle % OFFERS.len()] } else { *rng.pick(OFFERS) };
                let channel = if index < 20 {
                    CHANNELS[cycle % CHANNELS.len()].0.clone()
                } else {
                    rng.weighted(CHANNELS).clone()
                };
                let status = if index < 20 {
                    STATUSES[cycle % STATUSES.len()].0.clone()
                } else if rng.chance(3) {
                    SubscriptionStatus::Unknown(rng.pick(UNKNOWN_STATUS_SAMPLES).to_string())
                } else {
                    rng.weighted(STATUSES).clone()
                };
                let created = today - Duration::days(rng.range(20, 1_500));
                let commitment_end = license.then(|| today + Duration::days(rng.range(-30, 365)));
                let partner_of_record = if channel != Channel::Csp {
                    None
                } else if let Some(reseller) = reseller {
                    // IND-4 findings: the provider's own MPN id, or -1 (reseller removed).
                    match rng.below(100) {
                        0..=1 => own_mpn.clone(),
                        2 => Some("-1".to_string()),
                        _ => reseller.mpn_id.clone(),
                    }
                } else {
                    own_mpn.clone()
                };
                Subscription {
                    id: rng.guid(),
                    customer_tenant_id: customer.tenant_id.clone(),
                    offer_id: Some(offer_id.to_string()),
                    offer_name: offer_name.to_string(),
                    friendly_name: rng.chance(300).then(|| format!("{offer_name} ({})", n + 1)),
                    quantity: if license { rng.range(1, 500) } else { 1 },
                    unit_type: Some(if license { "Licenses" } else { "Usage-based" }.to_string()),
                    status,
                    billing_type: if license { BillingType::License } else { BillingType::Usage },
                    contract_type: Some("subscription".to_string()),
                    auto_renew: license.then(|| !rng.chance(250)),
                    creation_date: Some(at_noon(created)),
                    effective_start: Some(at_noon(created)),
                    commitment_end,
                    term_duration: license.then(|| rng.pick(&["P1M", "P1Y", "P1Y", "P3Y"]).to_string()),
                    billing_cycle: Some(rng.pick(&["monthly", "annual"]).to_string()),
                    partner_of_record,
                    parent_subscription_id: None,
                    order_id: Some(format!("{:016x}", rng.next_u64())),
                    is_trial: rng.chance(20),
                    channel,
                }
            })
            .collect()
    }

    fn gdap(&self, index: usize, customer: &Customer, rng: &mut Rng) -> Vec<GdapRelationship> {
        // GDAP is not available in the US Government instance (NC-4).
        if self.options.cloud == Cloud::UsGov {
            return Vec::new();
        }
        const STATUSES: &[(GdapStatus, u32)] = &[
            (GdapStatus::Active, 70),
            (GdapStatus::ApprovalPending, 6),
            (GdapStatus::Created, 2),
            (GdapStatus::Approved, 2),
            (GdapStatus::Activating, 2),
            (GdapStatus::Expiring, 6),
            (GdapStatus::Expired, 6),
            (GdapStatus::TerminationRequested, 2),
            (GdapStatus::Terminating, 1),
            (GdapStatus::Terminated, 3),
        ];
        let today = self.options.today;
        let count = if index < STATUSES.len() { 1 } else { *rng.weighted(self.shape.gdap) };
        (0..count)
            .map(|n| {
                let status =
                    if index < STATUSES.len() { STATUSES[index].0.clone() } else { rng.weighted(STATUSES).clone() };
                let days = *rng.pick(&[90i64, 180, 365, 730]);
                let pending = matches!(status, GdapStatus::ApprovalPending | GdapStatus::Created);
                // End dates land near today often enough for 30/7/1-day warnings.
                let end_offset = match status {
                    GdapStatus::Expired | GdapStatus::Terminated => -rng.range(1, 400),
                    GdapStatus::Expiring => *rng.pick(&[1i64, 5, 7, 20, 30]),
                    _ => rng.range(-10, days),
                };
                let end = today + Duration::days(end_offset);
                let activated = end - Duration::days(days);
                let created = if pending {
                    today - Duration::days(rng.range(1, 150))
                } else {
                    activated - Duration::days(rng.range(1, 20))
                };
                GdapRelationship {
                    id: format!("{}-{}", rng.guid(), rng.guid()),
                    display_name: format!("GDAP {} {}", customer.primary_domain.as_deref().unwrap_or(""), n + 1),
                    customer_tenant_id: (!pending || rng.chance(500)).then(|| customer.tenant_id.clone()),
                    customer_name: Some(customer.company_name.clone()),
                    status,
                    duration: format!("P{days}D"),
                    auto_extend_duration: if rng.chance(400) { "P180D" } else { "PT0S" }.to_string(),
                    created_at: Some(at_noon(created)),
                    activated_at: (!pending).then(|| at_noon(activated)),
                    end_at: (!pending).then(|| at_noon(end)),
                    roles: (0..1 + rng.below(3)).map(|i| GDAP_ROLES[i].to_string()).collect(),
                }
            })
            .collect()
    }
}

fn at_noon(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)).and_utc()
}

#[cfg(test)]
mod tests;

/// A made-up but well-formed identity (tenant id, MPN id) for demo profile `n`.
pub fn demo_identity(n: u64) -> (String, String) {
    let mut rng = Rng::new(0xDE40 + n);
    (rng.guid(), rng.range(1_000_000, 9_999_999).to_string())
}
