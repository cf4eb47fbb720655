//! Local notes on a customer: one text per customer, never touched by
//! imports; each change is audited.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::error::{Context, Result};
use crate::manual::{Change, audit, invalid};
use crate::profile_db::ProfileDb;

const NOTE_LIMIT: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerNote {
    pub customer_tenant_id: String,
    pub note: String,
    pub updated_at: String,
}

impl ProfileDb {
    pub fn customer_note(&self, customer: &str) -> Result<Option<CustomerNote>> {
        let tenant = self.resolve_customer(customer)?;
        self.conn
            .query_row(
                "SELECT customer_tenant_id, note, updated_at FROM customer_notes WHERE customer_tenant_id = ?1",
                params![tenant],
                |r| Ok(CustomerNote { customer_tenant_id: r.get(0)?, note: r.get(1)?, updated_at: r.get(2)? }),
            )
            .optional()
            .context(|| format!("reading the note on {tenant}"))
    }

    /// Sets the note (an empty text removes it); returns what is stored now.
    pub fn set_customer_note(&mut self, customer: &str, note: &str, change: &Change) -> Result<Option<CustomerNote>> {
        let tenant = self.resolve_customer(customer)?;
        let text = note.trim();
        if text.chars().count() > NOTE_LIMIT {
            return Err(invalid("note", "", &format!("is longer than {NOTE_LIMIT} characters")));
        }
        let before = self.customer_note(&tenant)?;
        self.in_transaction(|tx| {
            if text.is_empty() {
                tx.execute("DELETE FROM customer_notes WHERE customer_tenant_id = ?1", params![tenant])
            } else {
                tx.execute(
                    "INSERT INTO customer_notes (customer_tenant_id, note, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (customer_tenant_id) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at",
                    params![tenant, text, change.at.to_rfc3339()],
                )
            }
            .context(|| "saving the note".into())?;
            let after = (!text.is_empty()).then(|| text.to_string());
            audit(tx, change, "note", "customer", &tenant, before.as_ref().map(|n| n.note.clone()), after)
        })?;
        self.customer_note(&tenant)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};
    use partner_desk_core::ProfileSpec;

    use crate::manual::Change;
    use crate::{CustomerQuery, Profiles};

    #[test]
    fn a_note_is_set_replaced_and_removed_with_an_audit_entry_each() {
        let dir = tempfile::tempdir().unwrap();
        let profiles = Profiles::new(dir.path());
        let now = DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").unwrap().with_timezone(&Utc);
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let spec = ProfileSpec::from_input("P", "global", None, None, Some("direct")).unwrap();
        let id = profiles.create(&spec, now).unwrap().id;
        let mut db = profiles.open(&id).unwrap();
        db.fill_demo(5, 1, today, now).unwrap();
        let tenant = db.customers(&CustomerQuery::search(None, 1, 0), today).unwrap().items.remove(0).tenant_id;
        let change = Change { actor: "t".into(), at: now };
        assert_eq!(db.customer_note(&tenant).unwrap(), None);
        let set = db.set_customer_note(&tenant, "  renewal call in March ", &change).unwrap().unwrap();
        assert_eq!(set.note, "renewal call in March");
        db.set_customer_note(&tenant, "key account", &change).unwrap();
        assert_eq!(db.customer_note(&tenant).unwrap().map(|n| n.note).as_deref(), Some("key account"));
        assert_eq!(db.set_customer_note(&tenant, "  ", &change).unwrap(), None);
        let notes = db.audit_log(10).unwrap().into_iter().filter(|e| e.action == "note").count();
        assert_eq!(notes, 3);
        assert!(db.set_customer_note("no such customer", "x", &change).is_err());
    }
}
