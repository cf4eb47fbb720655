//! One customer's history across snapshots: what each import changed about
//! the customer, its partners, its subscriptions and its GDAP relationships,
//! newest first. Read from `history` (see `crate::history`): the customer's
//! own key, its links (keyed by the customer's tenant id first) and, through
//! the `history_customer` index of schema migration 5, every version of a
//! subscription or GDAP relationship that named the customer, so records
//! removed since are found too.

use std::collections::BTreeMap;

use partner_desk_core::model::{Customer, CustomerPartnerLink, GdapRelationship, Subscription};
use rusqlite::params;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Context, Result};
use crate::history::{FieldChange, gdap_changes, subscription_changes};
use crate::profile_db::ProfileDb;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryChange {
    /// `customer`, `link`, `subscription` or `gdap`.
    pub entity: String,
    /// The record's key: the tenant id, the subscription's or relationship's id,
    /// the link's partner id.
    pub id: String,
    /// What the record is called: the company, the partner, the offer, the
    /// relationship's display name.
    pub label: String,
    /// `added`, `removed`, or the field that changed.
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerHistoryEntry {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub snapshot_id: i64,
    pub created_at: String,
    /// `import` or `demo`.
    pub kind: String,
    pub changes: Vec<HistoryChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerHistory {
    pub customer_tenant_id: String,
    /// Snapshots that changed something about the customer, newest first.
    pub entries: Vec<CustomerHistoryEntry>,
}

impl ProfileDb {
    pub fn customer_history(&self, customer: &str) -> Result<CustomerHistory> {
        let tenant = self.resolve_customer(customer)?;
        let context = || format!("reading the history of {tenant}");
        let mut keys: Vec<(String, String)> = vec![("customer".into(), tenant.clone())];
        // A link's key starts with its customer's tenant id and `|` ('}' sorts next).
        let mut statement = self
            .conn
            .prepare_cached("SELECT DISTINCT key FROM history WHERE entity = 'link' AND key >= ?1 AND key < ?2")
            .context(context)?;
        let links = statement
            .query_map(params![format!("{tenant}|"), format!("{tenant}}}")], |r| r.get::<_, String>(0))
            .context(context)?;
        for key in links {
            keys.push(("link".into(), key.context(context)?));
        }
        // Spelled as the partial index's WHERE so SQLite may use it.
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT entity, key FROM history
                 WHERE json_extract(data, '$.customer_tenant_id') = ?1
                   AND data IS NOT NULL AND entity IN ('subscription', 'gdap')",
            )
            .context(context)?;
        let owned = statement.query_map(params![tenant], |r| Ok((r.get(0)?, r.get(1)?))).context(context)?;
        for key in owned {
            keys.push(key.context(context)?);
        }

        let mut by_snapshot: BTreeMap<i64, Vec<HistoryChange>> = BTreeMap::new();
        for (entity, key) in &keys {
            let versions = self.versions(entity, key).context(context)?;
            let mut before: Option<String> = None;
            for (snapshot, data) in versions {
                let changes = match entity.as_str() {
                    "customer" => customer_changes(key, decode(&before), decode(&data)),
                    "link" => self.link_changes(decode(&before), decode(&data)).context(context)?,
                    "subscription" => {
                        let (b, a): (Option<Subscription>, Option<Subscription>) = (decode(&before), decode(&data));
                        let label = a.as_ref().or(b.as_ref()).map(subscription_label).unwrap_or_default();
                        labelled("subscription", &label, subscription_changes(key, b, a))
                    }
                    "gdap" => {
                        let (b, a): (Option<GdapRelationship>, Option<GdapRelationship>) =
                            (decode(&before), decode(&data));
                        let label = a.as_ref().or(b.as_ref()).map(|g| g.display_name.clone()).unwrap_or_default();
                        labelled("gdap", &label, gdap_changes(key, b, a))
                    }
                    _ => Vec::new(),
                };
                if !changes.is_empty() {
                    by_snapshot.entry(snapshot).or_default().extend(changes);
                }
                before = data;
            }
        }

        let mut statement =
            self.conn.prepare_cached("SELECT created_at, kind FROM snapshots WHERE id = ?1").context(context)?;
        let mut entries = Vec::with_capacity(by_snapshot.len());
        for (snapshot_id, changes) in by_snapshot.into_iter().rev() {
            let (created_at, kind) =
                statement.query_row(params![snapshot_id], |r| Ok((r.get(0)?, r.get(1)?))).context(context)?;
            entries.push(CustomerHistoryEntry { snapshot_id, created_at, kind, changes });
        }
        Ok(CustomerHistory { customer_tenant_id: tenant, entries })
    }

    /// Every version of one record, oldest first (`None`: removed).
    fn versions(&self, entity: &str, key: &str) -> rusqlite::Result<Vec<(i64, Option<String>)>> {
        self.conn
            .prepare_cached(
                "SELECT snapshot_id, data FROM history WHERE entity = ?1 AND key = ?2 ORDER BY snapshot_id",
            )?
            .query_map(params![entity, key], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect()
    }

    fn link_changes(
        &self,
        before: Option<CustomerPartnerLink>,
        after: Option<CustomerPartnerLink>,
    ) -> rusqlite::Result<Vec<HistoryChange>> {
        let (field, link) = match (before, after) {
            (None, Some(link)) => ("added", link),
            (Some(link), None) => ("removed", link),
            _ => return Ok(Vec::new()),
        };
        let change = self.link_change(link)?;
        let kind = Some(change.kind);
        let (before, after) = if field == "added" { (None, kind) } else { (kind, None) };
        Ok(vec![HistoryChange {
            entity: "link".into(),
            id: change.partner_id,
            label: change.partner_name,
            field: field.into(),
            before,
            after,
        }])
    }
}

fn decode<T: DeserializeOwned>(data: &Option<String>) -> Option<T> {
    data.as_deref().and_then(|json| serde_json::from_str(json).ok())
}

fn subscription_label(subscription: &Subscription) -> String {
    subscription
        .friendly_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| subscription.offer_name.clone())
}

fn labelled(entity: &str, label: &str, changes: Vec<FieldChange>) -> Vec<HistoryChange> {
    changes
        .into_iter()
        .map(|c| HistoryChange {
            entity: entity.into(),
            id: c.id,
            label: label.into(),
            field: c.field,
            before: c.before,
            after: c.after,
        })
        .collect()
}

/// What changed about the customer record itself.
fn customer_changes(key: &str, before: Option<Customer>, after: Option<Customer>) -> Vec<HistoryChange> {
    let change = |label: &str, field: &str, before: Option<String>, after: Option<String>| HistoryChange {
        entity: "customer".into(),
        id: key.into(),
        label: label.into(),
        field: field.into(),
        before,
        after,
    };
    match (before, after) {
        (None, Some(c)) => vec![change(&c.company_name, "added", None, None)],
        (Some(c), None) => vec![change(&c.company_name, "removed", None, None)],
        (Some(b), Some(a)) => {
            let flag = |v: Option<bool>| v.map(|v| v.to_string());
            let fields: [(&str, Option<String>, Option<String>); 7] = [
                ("company_name", Some(b.company_name.clone()), Some(a.company_name.clone())),
                ("primary_domain", b.primary_domain, a.primary_domain),
                ("country", b.country, a.country),
                ("relationship", Some(b.relationship.to_string()), Some(a.relationship.to_string())),
                ("allow_delegated_access", flag(b.allow_delegated_access), flag(a.allow_delegated_access)),
                ("indirect_reseller_id", b.indirect_reseller_id, a.indirect_reseller_id),
                ("tags", Some(b.tags.join(", ")), Some(a.tags.join(", "))),
            ];
            fields
                .into_iter()
                .filter(|(_, before, after)| before != after)
                .map(|(field, before, after)| change(&a.company_name, field, before, after))
                .collect()
        }
        (None, None) => Vec::new(),
    }
}
