//! Writes the demo generator's dataset into a profile, as one snapshot.

use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::demo::{Demo, DemoOptions, SOURCE};
use partner_desk_core::model::Partner;
use partner_desk_core::records::{Record, RecordSink};
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::import::ImportSession;
use crate::profile_db::ProfileDb;

/// How many records a demo fill wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemoCounts {
    pub customers: u32,
    pub partners: u32,
    pub links: u32,
    pub subscriptions: u32,
    pub gdap_relationships: u32,
}

impl ProfileDb {
    /// Fills the profile with `customers` generated customers for its cloud and
    /// role, through the same path as an import. Deterministic for a given
    /// seed and `today`.
    pub fn fill_demo(
        &mut self,
        customers: usize,
        seed: u64,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DemoCounts> {
        let profile = self.summary()?;
        let demo = Demo::new(DemoOptions {
            cloud: profile.cloud,
            role: profile.role,
            own_tenant_id: profile.tenant_id.clone(),
            own_mpn_id: profile.mpn_id.clone(),
            customers,
            seed,
            today,
        });
        let failed = |message: String| StoreError::Io {
            context: "writing demo data".into(),
            source: std::io::Error::other(message),
        };
        let mut session = ImportSession::begin(self, SOURCE, now, crate::import::ImportPath::Auto)?;
        let network = demo.network();
        // Our own organisation carries the profile's name, as the views show it.
        let own = Partner { name: profile.name.clone(), ..network.own.clone() };
        for partner in std::iter::once(&own).chain(&network.partners) {
            session.apply(Record::Partner(partner.clone())).map_err(failed)?;
        }
        for relationship in &network.partner_relationships {
            session.apply(Record::PartnerRelationship(relationship.clone())).map_err(failed)?;
        }
        for bundle in demo.customers() {
            session.apply(Record::Customer(bundle.customer.into())).map_err(failed)?;
            for link in bundle.links {
                session.apply(Record::Link(link)).map_err(failed)?;
            }
            for subscription in bundle.subscriptions {
                session.apply(Record::Subscription(subscription.into())).map_err(failed)?;
            }
            for gdap in bundle.gdap {
                session.apply(Record::Gdap(gdap)).map_err(failed)?;
            }
        }
        let summary = session.finish()?;
        let added = |entity: &str| summary.counts.get(entity).map(|c| c.added).unwrap_or(0);
        Ok(DemoCounts {
            customers: added("customer"),
            partners: added("partner"),
            links: added("link"),
            subscriptions: added("subscription"),
            gdap_relationships: added("gdap"),
        })
    }
}

/// The demo profiles the app offers on first launch: one per cloud, each filled
/// with data for that cloud.
pub const DEMO_PROFILES: [(partner_desk_core::Cloud, &str, partner_desk_core::PartnerRole); 4] = [
    (partner_desk_core::Cloud::Global, "Demo · Global", partner_desk_core::PartnerRole::Dual),
    (partner_desk_core::Cloud::UsGov, "Demo · US Government", partner_desk_core::PartnerRole::Direct),
    (partner_desk_core::Cloud::Germany, "Demo · Germany", partner_desk_core::PartnerRole::Direct),
    (partner_desk_core::Cloud::China, "Demo · 21Vianet", partner_desk_core::PartnerRole::Direct),
];

impl crate::profiles::Profiles {
    /// Creates and fills one demo profile per cloud. A name already taken gets
    /// a number, so running it twice adds a second set rather than failing.
    pub fn create_demo_profiles(
        &self,
        customers: usize,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<crate::profiles::ProfileSummary>> {
        let taken: Vec<String> = self.list()?.profiles.into_iter().map(|p| p.name.to_lowercase()).collect();
        let mut created = Vec::new();
        for (index, (cloud, base_name, role)) in DEMO_PROFILES.into_iter().enumerate() {
            let name = (1..)
                .map(|n| if n == 1 { base_name.to_string() } else { format!("{base_name} ({n})") })
                .find(|candidate| !taken.contains(&candidate.to_lowercase()))
                .unwrap_or_else(|| base_name.to_string());
            let (tenant_id, mpn_id) = partner_desk_core::demo::demo_identity(index as u64);
            let spec =
                partner_desk_core::ProfileSpec { name, cloud, tenant_id: Some(tenant_id), mpn_id: Some(mpn_id), role };
            let summary = self.create(&spec, now)?;
            let mut db = self.open(&summary.id)?;
            db.fill_demo(customers, 1 + index as u64, today, now)?;
            created.push(db.summary()?);
        }
        Ok(created)
    }
}
