//! Snapshots and what changed between them.
//!
//! Every import or demo fill logs each record it changes in `history` (its
//! JSON after the snapshot, or NULL when removed). The state of a record at
//! snapshot S is its latest history row at or before S, so comparing two
//! snapshots only needs the records with a history row between them.

use partner_desk_core::model::{Customer, CustomerPartnerLink, GdapRelationship, Subscription};
use rusqlite::{OptionalExtension, params};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Context, Result, StoreError};
use crate::import::ImportSummary;
use crate::profile_db::ProfileDb;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SnapshotInfo {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub created_at: String,
    /// `import` or `demo`.
    pub kind: String,
    pub summary: Option<ImportSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerChange {
    pub tenant_id: String,
    pub company_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkChange {
    pub customer_tenant_id: String,
    pub partner_id: String,
    pub partner_name: String,
    pub kind: String,
    pub scope: Option<String>,
}

/// One field of one record that differs; `added`/`removed` name a whole record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldChange {
    pub id: String,
    pub customer_tenant_id: Option<String>,
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SnapshotDiff {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub from: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub to: i64,
    pub customers_added: Vec<CustomerChange>,
    pub customers_removed: Vec<CustomerChange>,
    pub partners_added: Vec<LinkChange>,
    pub partners_removed: Vec<LinkChange>,
    pub subscription_changes: Vec<FieldChange>,
    pub gdap_changes: Vec<FieldChange>,
}

impl ProfileDb {
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        let context = || format!("listing snapshots in {}", self.path().display());
        let mut statement =
            self.conn.prepare("SELECT id, created_at, kind, summary FROM snapshots ORDER BY id").context(context)?;
        let rows = statement
            .query_map([], |r| {
                let summary: String = r.get(3)?;
                Ok(SnapshotInfo {
                    id: r.get(0)?,
                    created_at: r.get(1)?,
                    kind: r.get(2)?,
                    summary: serde_json::from_str(&summary).ok(),
                })
            })
            .context(context)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(context)?;
        Ok(rows)
    }

    fn latest_snapshot(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM snapshots", [], |r| r.get(0))
            .context(|| "reading snapshots".into())
    }

    fn ensure_snapshot(&self, id: i64) -> Result<()> {
        let exists = self
            .conn
            .query_row("SELECT 1 FROM snapshots WHERE id = ?1", [id], |_| Ok(()))
            .optional()
            .context(|| "reading snapshots".into())?
            .is_some();
        if exists {
            Ok(())
        } else {
            Err(StoreError::Invalid(partner_desk_core::InvalidInput::new(
                "snapshot",
                &id.to_string(),
                "is not a snapshot of this profile (see `snapshots`)",
            )))
        }
    }

    /// What changed from snapshot `from` to snapshot `to` (default: the latest).
    pub fn diff(&self, from: i64, to: Option<i64>) -> Result<SnapshotDiff> {
        let to = match to {
            Some(to) => to,
            None => self.latest_snapshot()?,
        };
        self.ensure_snapshot(from)?;
        self.ensure_snapshot(to)?;
        let (low, high) = if from <= to { (from, to) } else { (to, from) };
        let context = || format!("comparing snapshots {from} and {to}");
        let mut diff = SnapshotDiff { from, to, ..Default::default() };
        let mut changed = self
            .conn
            .prepare(
                "SELECT DISTINCT entity, key FROM history WHERE snapshot_id > ?1 AND snapshot_id <= ?2 ORDER BY entity, key",
            )
            .context(context)?;
        let keys = changed
            .query_map(params![low, high], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .context(context)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(context)?;
        for (entity, key) in keys {
            match entity.as_str() {
                "customer" => {
                    let (before, after) = self.states::<Customer>(&entity, &key, from, to).context(context)?;
                    match (before, after) {
                        (None, Some(c)) => {
                            diff.customers_added.push(CustomerChange { tenant_id: key, company_name: c.company_name })
                        }
                        (Some(c), None) => {
                            diff.customers_removed.push(CustomerChange { tenant_id: key, company_name: c.company_name })
                        }
                        _ => {}
                    }
                }
                "link" => {
                    let (before, after) =
                        self.states::<CustomerPartnerLink>(&entity, &key, from, to).context(context)?;
                    match (before, after) {
                        (None, Some(l)) => diff.partners_added.push(self.link_change(l).context(context)?),
                        (Some(l), None) => diff.partners_removed.push(self.link_change(l).context(context)?),
                        _ => {}
                    }
                }
                "subscription" => {
                    let (before, after) = self.states::<Subscription>(&entity, &key, from, to).context(context)?;
                    diff.subscription_changes.extend(subscription_changes(&key, before, after));
                }
                "gdap" => {
                    let (before, after) = self.states::<GdapRelationship>(&entity, &key, from, to).context(context)?;
                    diff.gdap_changes.extend(gdap_changes(&key, before, after));
                }
                _ => {}
            }
        }
        Ok(diff)
    }

    /// The record at snapshot `a` and at snapshot `b`.
    fn states<T: DeserializeOwned>(
        &self,
        entity: &str,
        key: &str,
        a: i64,
        b: i64,
    ) -> rusqlite::Result<(Option<T>, Option<T>)> {
        Ok((self.state_at(entity, key, a)?, self.state_at(entity, key, b)?))
    }

    fn state_at<T: DeserializeOwned>(&self, entity: &str, key: &str, snapshot: i64) -> rusqlite::Result<Option<T>> {
        let data: Option<Option<String>> = self
            .conn
            .prepare_cached(
                "SELECT data FROM history WHERE entity = ?1 AND key = ?2 AND snapshot_id <= ?3
                 ORDER BY snapshot_id DESC LIMIT 1",
            )?
            .query_row(params![entity, key, snapshot], |r| r.get(0))
            .optional()?;
        Ok(data.flatten().and_then(|json| serde_json::from_str(&json).ok()))
    }

    pub(crate) fn link_change(&self, link: CustomerPartnerLink) -> rusqlite::Result<LinkChange> {
        let name: Option<String> = self
            .conn
            .prepare_cached("SELECT name FROM partners WHERE id = ?1")?
            .query_row([&link.partner_id], |r| r.get(0))
            .optional()?;
        Ok(LinkChange {
            customer_tenant_id: link.customer_tenant_id,
            partner_name: name.unwrap_or_else(|| link.partner_id.clone()),
            partner_id: link.partner_id,
            kind: link.kind.as_str().to_string(),
            scope: link.scope,
        })
    }
}

fn whole(id: &str, customer: Option<String>, field: &str) -> FieldChange {
    FieldChange {
        id: id.to_string(),
        customer_tenant_id: customer,
        field: field.to_string(),
        before: None,
        after: None,
    }
}

fn field(id: &str, customer: &Option<String>, name: &str, before: String, after: String) -> Option<FieldChange> {
    (before != after).then(|| FieldChange {
        id: id.to_string(),
        customer_tenant_id: customer.clone(),
        field: name.to_string(),
        before: Some(before),
        after: Some(after),
    })
}

pub(crate) fn subscription_changes(
    id: &str,
    before: Option<Subscription>,
    after: Option<Subscription>,
) -> Vec<FieldChange> {
    match (before, after) {
        (None, Some(s)) => vec![whole(id, Some(s.customer_tenant_id), "added")],
        (Some(s), None) => vec![whole(id, Some(s.customer_tenant_id), "removed")],
        (Some(b), Some(a)) => {
            let customer = Some(a.customer_tenant_id.clone());
            [
                field(id, &customer, "status", b.status.to_string(), a.status.to_string()),
                field(id, &customer, "quantity", b.quantity.to_string(), a.quantity.to_string()),
                field(
                    id,
                    &customer,
                    "partner_of_record",
                    b.partner_of_record.unwrap_or_default(),
                    a.partner_of_record.unwrap_or_default(),
                ),
            ]
            .into_iter()
            .flatten()
            .collect()
        }
        (None, None) => Vec::new(),
    }
}

pub(crate) fn gdap_changes(
    id: &str,
    before: Option<GdapRelationship>,
    after: Option<GdapRelationship>,
) -> Vec<FieldChange> {
    let end = |g: &GdapRelationship| g.end_at.map(|t| t.to_rfc3339()).unwrap_or_default();
    match (before, after) {
        (None, Some(g)) => vec![whole(id, g.customer_tenant_id, "added")],
        (Some(g), None) => vec![whole(id, g.customer_tenant_id, "removed")],
        (Some(b), Some(a)) => {
            let customer = a.customer_tenant_id.clone();
            [
                field(id, &customer, "status", b.status.to_string(), a.status.to_string()),
                field(id, &customer, "end_at", end(&b), end(&a)),
            ]
            .into_iter()
            .flatten()
            .collect()
        }
        (None, None) => Vec::new(),
    }
}
