//! The first import into an empty profile, written in bulk.
//!
//! A profile with no records has nothing to merge a record into, so reading
//! the current row for each record, marking it seen and checking whether this
//! snapshot logged it are wasted: five or six B-tree operations at random GUID
//! keys per record, which is what made an import of a distributor's data slow
//! once the profile outgrew the page cache. Instead, each record is appended
//! to a keyless staging table as it arrives (one append, no lookup). At the
//! end the staged records are read back sorted by kind, key and arrival, each
//! key's records are merged in memory exactly as the merging path would merge
//! them one by one, and the results are written in key order: rows, then
//! their history, appended to B-trees instead of scattered through them. The
//! secondary indexes and the search index's insert trigger are set aside
//! while the rows go in and rebuilt after, in the same transaction: a failed
//! or killed import still leaves the profile as it was.
//!
//! What the profile holds afterwards is what the merging path leaves (the
//! store's `bulk_import` tests compare every table): the same rows, history,
//! counts and snapshot. Only row ids, which nothing reads as an order, may
//! differ.

use std::collections::BTreeMap;

use partner_desk_core::model::{
    Customer, CustomerPartnerLink, GdapRelationship, Partner, PartnerRelationship, RelationshipRequest, Subscription,
};
use partner_desk_core::records::{CustomerRecord, Record, SubscriptionRecord};
use rusqlite::types::Type;
use rusqlite::{Transaction, params};
use serde::de::DeserializeOwned;

use crate::entities::{Entity, MANUAL, partner_placeholder, to_json};
use crate::import::EntityCounts;

/// Each kind's place in the staging table, in the order they are written:
/// customers and partners first, as the others' foreign keys point at them.
const CUSTOMER: i64 = 0;
const PARTNER: i64 = 1;
const PARTNER_RELATIONSHIP: i64 = 2;
const LINK: i64 = 3;
const SUBSCRIPTION: i64 = 4;
const GDAP: i64 = 5;
const RELATIONSHIP_REQUEST: i64 = 6;

/// Whether the profile holds no record an import could merge into: only then
/// is the bulk path taken.
pub(crate) fn profile_is_empty(tx: &Transaction<'_>) -> rusqlite::Result<bool> {
    tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM customers) AND NOT EXISTS (SELECT 1 FROM partners)
            AND NOT EXISTS (SELECT 1 FROM partner_relationships) AND NOT EXISTS (SELECT 1 FROM customer_partner_links)
            AND NOT EXISTS (SELECT 1 FROM subscriptions) AND NOT EXISTS (SELECT 1 FROM gdap_relationships)
            AND NOT EXISTS (SELECT 1 FROM relationship_requests)",
        [],
        |r| r.get(0),
    )
}

/// Records staged so far; the staging table's rowid is their arrival order.
pub(crate) struct Stage {
    /// The last customer a subscription or link named: records come grouped by
    /// customer, so its placeholder is staged once per run, not per record.
    last_customer: Option<String>,
    partners: std::collections::HashSet<String>,
}

impl Stage {
    pub(crate) fn begin(tx: &Transaction<'_>) -> rusqlite::Result<Stage> {
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS import_stage (kind INTEGER NOT NULL, key TEXT NOT NULL, data TEXT);
             DELETE FROM temp.import_stage;",
        )?;
        Ok(Stage { last_customer: None, partners: std::collections::HashSet::new() })
    }

    /// Appends one record, after a placeholder for the customer or partner
    /// it names (the merging path's `ensure_customer` / `ensure_partner`):
    /// at merge time a placeholder creates the row only if nothing before it did.
    pub(crate) fn push(&mut self, tx: &Transaction<'_>, record: &Record) -> rusqlite::Result<()> {
        match record {
            Record::Customer(patch) => append(tx, CUSTOMER, &patch.tenant_id, Some(&to_json(patch))),
            Record::Subscription(patch) => {
                self.ensure_customer(tx, &patch.customer_tenant_id)?;
                append(tx, SUBSCRIPTION, &patch.id, Some(&to_json(patch)))
            }
            Record::Partner(partner) => append(tx, PARTNER, &partner.id, Some(&to_json(partner))),
            Record::PartnerRelationship(relationship) => {
                self.ensure_partner(tx, &relationship.partner_id)?;
                append(tx, PARTNER_RELATIONSHIP, &relationship.key(), Some(&to_json(relationship)))
            }
            Record::Link(link) => {
                self.ensure_customer(tx, &link.customer_tenant_id)?;
                self.ensure_partner(tx, &link.partner_id)?;
                append(tx, LINK, &link.key(), Some(&to_json(link)))
            }
            Record::Gdap(gdap) => append(tx, GDAP, &gdap.id, Some(&to_json(gdap))),
            Record::RelationshipRequest(request) => {
                append(tx, RELATIONSHIP_REQUEST, &request.url, Some(&to_json(request)))
            }
        }
    }

    fn ensure_customer(&mut self, tx: &Transaction<'_>, tenant_id: &str) -> rusqlite::Result<()> {
        if self.last_customer.as_deref() == Some(tenant_id) {
            return Ok(());
        }
        append(tx, CUSTOMER, tenant_id, None)?;
        self.last_customer = Some(tenant_id.to_string());
        Ok(())
    }

    fn ensure_partner(&mut self, tx: &Transaction<'_>, partner_id: &str) -> rusqlite::Result<()> {
        if self.partners.insert(partner_id.to_string()) {
            append(tx, PARTNER, partner_id, None)?;
        }
        Ok(())
    }
}

fn append(tx: &Transaction<'_>, kind: i64, key: &str, data: Option<&str>) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO temp.import_stage (kind, key, data) VALUES (?1, ?2, ?3)")?
        .execute(params![kind, key, data])
        .map(drop)
}

/// Indexes and the search trigger set aside while the rows go in. Each
/// is rebuilt from the SQL the schema holds for it, so a later migration that
/// changes one is rebuilt as it stands. Keys and unique indexes stay.
const SET_ASIDE: &[(&str, &str)] = &[
    ("customers_name", "DROP INDEX customers_name"),
    ("customers_list", "DROP INDEX customers_list"),
    ("customers_reseller", "DROP INDEX customers_reseller"),
    ("partners_mpn", "DROP INDEX partners_mpn"),
    ("links_partner", "DROP INDEX links_partner"),
    ("gdap_customer", "DROP INDEX gdap_customer"),
    ("history_snapshot", "DROP INDEX history_snapshot"),
    // Schema 5: the customer each subscription or GDAP version names.
    ("history_customer", "DROP INDEX history_customer"),
    // Schema 6: the list's sorts, and subscriptions by customer and channel.
    ("customers_by_domain", "DROP INDEX customers_by_domain"),
    ("customers_by_domain_desc", "DROP INDEX customers_by_domain_desc"),
    ("customers_by_country", "DROP INDEX customers_by_country"),
    ("customers_by_country_desc", "DROP INDEX customers_by_country_desc"),
    ("customers_by_relationship", "DROP INDEX customers_by_relationship"),
    ("customers_by_relationship_desc", "DROP INDEX customers_by_relationship_desc"),
    ("customers_by_reseller", "DROP INDEX customers_by_reseller"),
    ("customers_by_reseller_desc", "DROP INDEX customers_by_reseller_desc"),
    ("subscriptions_customer_channel", "DROP INDEX subscriptions_customer_channel"),
    // Every statement that fires it makes FTS5 flush its pending terms as a
    // new segment (at the statement's savepoint): one tiny segment per
    // customer, merged again and again. The customers are indexed in one
    // statement instead, after they are written.
    ("customers_search_insert", "DROP TRIGGER customers_search_insert"),
];

/// The search index's insert trigger as the schema creates it. It is set
/// aside only while it is exactly this, since the statement that replaces it
/// (in `write`) does what this body does; a trigger changed by a later
/// migration fires row by row instead, slower but right.
const SEARCH_TRIGGER: &str = "CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customer_search (rowid, company_name, primary_domain, tenant_id, indirect_reseller_id)
    VALUES (new.rowid, new.company_name, new.primary_domain, new.tenant_id, new.indirect_reseller_id);
END";

/// Merges the staged records and writes the rows and their history, counting
/// into `counts` as the merging path would.
pub(crate) fn write(
    tx: &Transaction<'_>,
    snapshot_id: i64,
    kind: &str,
    counts: &mut BTreeMap<String, EntityCounts>,
) -> rusqlite::Result<()> {
    let mut set_aside = Vec::new();
    for (name, drop_sql) in SET_ASIDE {
        let sql: Option<String> = tx
            .prepare_cached("SELECT sql FROM sqlite_schema WHERE name = ?1 AND sql IS NOT NULL")?
            .query_row([name], |r| r.get(0))
            .map(Some)
            .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
        let Some(sql) = sql else { continue };
        if *name == "customers_search_insert" && sql != SEARCH_TRIGGER {
            continue;
        }
        tx.execute_batch(drop_sql)?;
        set_aside.push(sql);
    }
    let search_trigger_set_aside = set_aside.iter().any(|sql| sql == SEARCH_TRIGGER);

    let mut writer = Writer { tx, snapshot_id, kind, counts };
    {
        let mut staged = tx.prepare("SELECT kind, key, data FROM temp.import_stage ORDER BY kind, key, rowid")?;
        let mut rows = staged.query([])?;
        let mut open: Option<Open> = None;
        while let Some(row) = rows.next()? {
            let group: i64 = row.get(0)?;
            let key: String = row.get(1)?;
            let data: Option<String> = row.get(2)?;
            let same = open.as_ref().is_some_and(|o| o.group() == group && o.key() == key);
            if !same {
                if let Some(done) = open.take() {
                    done.write(&mut writer)?;
                }
                open = Some(Open::new(group, key)?);
            }
            if let Some(o) = open.as_mut() {
                o.apply(data.as_deref(), &mut writer)?;
            }
        }
        if let Some(done) = open.take() {
            done.write(&mut writer)?;
        }
    }
    tx.execute_batch("DELETE FROM temp.import_stage;")?;

    for sql in &set_aside {
        tx.execute_batch(sql)?;
    }
    if search_trigger_set_aside {
        // What the trigger inserts for each customer, for all of them at once.
        tx.execute_batch(
            "INSERT INTO customer_search (rowid, company_name, primary_domain, tenant_id, indirect_reseller_id)
             SELECT rowid, company_name, primary_domain, tenant_id, indirect_reseller_id FROM customers;",
        )?;
    }
    Ok(())
}

struct Writer<'w, 't> {
    tx: &'w Transaction<'t>,
    snapshot_id: i64,
    kind: &'w str,
    counts: &'w mut BTreeMap<String, EntityCounts>,
}

impl Writer<'_, '_> {
    fn count(&mut self, entity: &str) -> &mut EntityCounts {
        self.counts.entry(entity.to_string()).or_default()
    }
}

/// One key's row as its records so far leave it.
struct Merged<E> {
    key: String,
    row: Option<E>,
    /// The row as written carries `source = 'manual'`: later records leave it.
    manual: bool,
}

impl<E: Entity> Merged<E> {
    fn new(key: String) -> Self {
        Merged { key, row: None, manual: false }
    }

    /// The merging path's `merge`, with the current row in memory: a profile
    /// that started empty holds only what this import wrote, and every row it
    /// wrote was logged in this snapshot.
    fn merge(&mut self, w: &mut Writer<'_, '_>, next: impl FnOnce(Option<E>) -> E) {
        if self.manual {
            w.count(E::NAME).kept_manual += 1;
            return;
        }
        let existed = self.row.is_some();
        let new = next(self.row.clone());
        if self.row.as_ref() == Some(&new) {
            w.count(E::NAME).unchanged += 1;
            return;
        }
        self.manual = new.written_source(w.kind) == MANUAL;
        self.row = Some(new);
        if !existed {
            w.count(E::NAME).added += 1;
        }
    }

    /// The row and its one history row for this snapshot.
    fn write(self, w: &mut Writer<'_, '_>) -> rusqlite::Result<()> {
        let Some(row) = self.row else { return Ok(()) };
        row.save(w.tx, w.kind)?;
        w.tx.prepare_cached("INSERT INTO history (entity, key, snapshot_id, data) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![E::NAME, self.key, w.snapshot_id, to_json(&row)])
            .map(drop)
    }
}

/// The key being merged, by kind.
enum Open {
    Customer(Merged<Customer>),
    Partner(Merged<Partner>),
    PartnerRelationship(Merged<PartnerRelationship>),
    Link(Merged<CustomerPartnerLink>),
    Subscription(Merged<Subscription>),
    Gdap(Merged<GdapRelationship>),
    RelationshipRequest(Merged<RelationshipRequest>),
}

fn decode<T: DeserializeOwned>(data: &str) -> rusqlite::Result<T> {
    serde_json::from_str(data).map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, Type::Text, Box::new(e)))
}

/// A staged record without data is a placeholder; only customers and partners have them.
fn unexpected_placeholder() -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        2,
        Type::Null,
        "a staged record without data where a placeholder cannot be".to_string().into(),
    )
}

impl Open {
    fn new(group: i64, key: String) -> rusqlite::Result<Open> {
        Ok(match group {
            CUSTOMER => Open::Customer(Merged::new(key)),
            PARTNER => Open::Partner(Merged::new(key)),
            PARTNER_RELATIONSHIP => Open::PartnerRelationship(Merged::new(key)),
            LINK => Open::Link(Merged::new(key)),
            SUBSCRIPTION => Open::Subscription(Merged::new(key)),
            GDAP => Open::Gdap(Merged::new(key)),
            RELATIONSHIP_REQUEST => Open::RelationshipRequest(Merged::new(key)),
            other => return Err(rusqlite::Error::IntegralValueOutOfRange(0, other)),
        })
    }

    fn group(&self) -> i64 {
        match self {
            Open::Customer(_) => CUSTOMER,
            Open::Partner(_) => PARTNER,
            Open::PartnerRelationship(_) => PARTNER_RELATIONSHIP,
            Open::Link(_) => LINK,
            Open::Subscription(_) => SUBSCRIPTION,
            Open::Gdap(_) => GDAP,
            Open::RelationshipRequest(_) => RELATIONSHIP_REQUEST,
        }
    }

    fn key(&self) -> &str {
        match self {
            Open::Customer(m) => &m.key,
            Open::Partner(m) => &m.key,
            Open::PartnerRelationship(m) => &m.key,
            Open::Link(m) => &m.key,
            Open::Subscription(m) => &m.key,
            Open::Gdap(m) => &m.key,
            Open::RelationshipRequest(m) => &m.key,
        }
    }

    fn apply(&mut self, data: Option<&str>, w: &mut Writer<'_, '_>) -> rusqlite::Result<()> {
        match (self, data) {
            (Open::Customer(m), None) => {
                // `ensure_customer`: a placeholder only where no row is yet.
                if m.row.is_none() {
                    let placeholder = CustomerRecord { tenant_id: m.key.clone(), ..Default::default() };
                    m.merge(w, |c| placeholder.apply_to(c));
                }
            }
            (Open::Customer(m), Some(data)) => {
                let patch: CustomerRecord = decode(data)?;
                m.merge(w, |c| patch.apply_to(c));
            }
            (Open::Partner(m), None) => {
                // `ensure_partner`: a placeholder only where no row is yet.
                if m.row.is_none() {
                    let placeholder = partner_placeholder(&m.key);
                    m.merge(w, |_| placeholder);
                }
            }
            (Open::Partner(m), Some(data)) => {
                let partner: Partner = decode(data)?;
                m.merge(w, |_| partner);
            }
            (Open::PartnerRelationship(m), Some(data)) => {
                let relationship: PartnerRelationship = decode(data)?;
                m.merge(w, |_| relationship);
            }
            (Open::Link(m), Some(data)) => {
                let link: CustomerPartnerLink = decode(data)?;
                m.merge(w, |_| link);
            }
            (Open::Subscription(m), Some(data)) => {
                let patch: SubscriptionRecord = decode(data)?;
                m.merge(w, |s| patch.apply_to(s));
            }
            (Open::Gdap(m), Some(data)) => {
                let gdap: GdapRelationship = decode(data)?;
                m.merge(w, |_| gdap);
            }
            (Open::RelationshipRequest(m), Some(data)) => {
                let request: RelationshipRequest = decode(data)?;
                m.merge(w, |_| request);
            }
            (_, None) => return Err(unexpected_placeholder()),
        }
        Ok(())
    }

    fn write(self, w: &mut Writer<'_, '_>) -> rusqlite::Result<()> {
        match self {
            Open::Customer(m) => m.write(w),
            Open::Partner(m) => m.write(w),
            Open::PartnerRelationship(m) => m.write(w),
            Open::Link(m) => m.write(w),
            Open::Subscription(m) => m.write(w),
            Open::Gdap(m) => m.write(w),
            Open::RelationshipRequest(m) => m.write(w),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema's search trigger is the one the bulk path knows how to
    /// replace; if a migration changes it, this fails so `SEARCH_TRIGGER` and
    /// its replacement statement are looked at again.
    #[test]
    fn the_search_trigger_set_aside_is_the_schemas() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::create(&dir.path().join("p.sqlite")).unwrap();
        let sql: String = conn
            .query_row("SELECT sql FROM sqlite_schema WHERE name = 'customers_search_insert'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sql, SEARCH_TRIGGER);
        for (name, _) in SET_ASIDE {
            let found: bool = conn
                .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = ?1)", [name], |r| r.get(0))
                .unwrap();
            assert!(found, "{name} is in the schema");
        }
        // A later migration's index on a table this path fills would be kept
        // up to date row by row: it belongs in SET_ASIDE.
        let mut indexes = conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
                   AND sql NOT LIKE 'CREATE UNIQUE%'
                   AND tbl_name IN ('customers', 'partners', 'partner_relationships', 'customer_partner_links',
                                    'subscriptions', 'gdap_relationships', 'relationship_requests', 'history')",
            )
            .unwrap();
        let names: Vec<String> = indexes.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        assert!(!names.is_empty());
        for name in names {
            assert!(SET_ASIDE.iter().any(|(aside, _)| *aside == name), "{name} is not set aside while rows go in");
        }
    }
}
