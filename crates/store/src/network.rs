//! The partner network of a two-tier profile: the indirect resellers and
//! providers it works with, and how many customers each reseller is the
//! reseller of record for. Two-tier exists in the global cloud only (NC-1).

use partner_desk_core::rules::Reason;
use partner_desk_core::rules::capabilities::{Availability, Feature, capability};
use serde::Serialize;

use crate::error::{Context, Result};
use crate::profile_db::ProfileDb;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PartnerNetwork {
    /// Why the profile's cloud has no partner network (NC-1), if so.
    pub unavailable: Option<Reason>,
    pub partners: Vec<NetworkPartner>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NetworkPartner {
    pub id: String,
    pub name: String,
    pub mpn_id: Option<String>,
    pub location: Option<String>,
    /// `IsIndirectResellerOf` (they are our reseller) or
    /// `IsIndirectCloudSolutionProviderOf` (they are our provider), as imported.
    pub relationship_types: Vec<String>,
    /// Customers whose reseller of record is this partner's MPN id.
    pub customers: u32,
}

impl ProfileDb {
    pub fn partner_network(&self) -> Result<PartnerNetwork> {
        let context = self.profile_context()?;
        let two_tier = capability(context.cloud, Feature::TwoTier);
        if two_tier.availability == Availability::Unavailable {
            return Ok(PartnerNetwork { unavailable: Some(two_tier.reason()), partners: Vec::new() });
        }
        let what = || format!("reading the partner network in {}", self.path().display());
        let mut statement = self
            .conn
            .prepare(
                "SELECT p.id, p.name, p.mpn_id, p.location,
                        (SELECT json_group_array(r.relationship_type) FROM partner_relationships r WHERE r.partner_id = p.id),
                        (SELECT COUNT(*) FROM customers c WHERE p.mpn_id IS NOT NULL AND c.indirect_reseller_id = p.mpn_id)
                 FROM partners p
                 WHERE EXISTS (SELECT 1 FROM partner_relationships r WHERE r.partner_id = p.id)
                    OR EXISTS (SELECT 1 FROM customers c WHERE p.mpn_id IS NOT NULL AND c.indirect_reseller_id = p.mpn_id)
                 ORDER BY p.name COLLATE NOCASE, p.id",
            )
            .context(what)?;
        let partners = statement
            .query_map([], |r| {
                let types: String = r.get(4)?;
                Ok(NetworkPartner {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    mpn_id: r.get(2)?,
                    location: r.get(3)?,
                    relationship_types: serde_json::from_str(&types).unwrap_or_default(),
                    customers: r.get(5)?,
                })
            })
            .context(what)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(what)?;
        Ok(PartnerNetwork { unavailable: None, partners })
    }
}
