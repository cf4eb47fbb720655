//! Writing records into a profile as one snapshot: one transaction, each
//! record merged into what the profile holds, every change logged in
//! `history`, and what a complete list no longer names removed.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use partner_desk_core::model::{Customer, CustomerPartnerLink, GdapRelationship, Partner, Subscription};
pub use partner_desk_core::records::SourceFile;
use partner_desk_core::records::{Coverage, CustomerRecord, Record, RecordSink};
use rusqlite::{Transaction, params};
use serde::{Deserialize, Serialize};

use crate::entities::{Entity, MANUAL, partner_placeholder, to_json};
use crate::error::{Context, Result};
use crate::findings::{Touched, TouchedKeys};
use crate::import_bulk::{self, Stage};
use crate::profile_db::ProfileDb;

/// Keeps the rows of `k` (an `entity`, a `key`) this import did not name.
const NOT_SEEN: &str = "NOT EXISTS (SELECT 1 FROM temp.import_seen s WHERE s.entity = k.entity AND s.key = k.key)";

/// How an import changed one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntityCounts {
    pub added: u32,
    pub changed: u32,
    pub removed: u32,
    pub unchanged: u32,
    /// Records the source names but that were entered by hand here: left as they are.
    pub kept_manual: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportSummary {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub snapshot_id: i64,
    /// How many files the import read. The files themselves are listed in
    /// the snapshot's `snapshot_files`: an export folder has hundreds of
    /// thousands, too many to carry in every summary.
    #[serde(deserialize_with = "file_count")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub files: u64,
    /// Per entity: customer, partner, partner_relationship, link, subscription, gdap, relationship_request.
    pub counts: BTreeMap<String, EntityCounts>,
}

/// A file count, or the list of files that summaries stored before held
/// instead (counted without keeping it).
fn file_count<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<u64, D::Error> {
    struct Count;
    impl<'de> serde::de::Visitor<'de> for Count {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a number of files or a list of files")
        }
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> std::result::Result<u64, E> {
            Ok(n)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut list: A) -> std::result::Result<u64, A::Error> {
            let mut n = 0;
            while list.next_element::<serde::de::IgnoredAny>()?.is_some() {
                n += 1;
            }
            Ok(n)
        }
    }
    deserializer.deserialize_any(Count)
}

impl ImportSummary {
    pub fn total_changes(&self) -> u32 {
        self.counts.values().map(|c| c.added + c.changed + c.removed).sum()
    }
}

/// How an import writes its records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ImportPath {
    /// In bulk when the profile holds no records yet (its first import, see
    /// `import_bulk`), else merged record by record.
    #[default]
    Auto,
    /// Record by record, reading and merging each into what the profile
    /// holds, whatever it holds (what `Auto` does for a profile with records).
    Merge,
}

/// An import in progress. Dropping it without [`ImportSession::finish`] rolls
/// everything back: a failed or cancelled import leaves no trace.
pub struct ImportSession<'a> {
    tx: Transaction<'a>,
    snapshot_id: i64,
    /// `import` or `demo`: written as the rows' source.
    kind: &'static str,
    now: DateTime<Utc>,
    counts: BTreeMap<String, EntityCounts>,
    coverage: Vec<Coverage>,
    /// Files read so far, each written to `snapshot_files` as it is noted.
    files: u64,
    /// A file that could not be noted: the import fails at `finish`.
    file_error: Option<rusqlite::Error>,
    ensured_customer: Option<String>,
    ensured_partners: HashSet<String>,
    /// What the kept findings must follow (see [`crate::findings`]).
    touched: TouchedKeys,
    /// Set when the import is written in bulk (`import_bulk`): records are
    /// staged there instead of merged one by one.
    stage: Option<Stage>,
}

impl ProfileDb {
    /// Starts an import, first keeping a copy of the profile as it was
    /// (see [`crate::backup`]), so an import that went wrong can be undone.
    pub fn begin_import(&mut self, now: DateTime<Utc>) -> Result<ImportSession<'_>> {
        self.begin_import_by(now, ImportPath::Auto)
    }

    /// [`ProfileDb::begin_import`], choosing how the records are written.
    pub fn begin_import_by(&mut self, now: DateTime<Utc>, path: ImportPath) -> Result<ImportSession<'_>> {
        self.back_up(crate::backup::BackupReason::Import, now)?;
        ImportSession::begin(self, "import", now, path)
    }
}

impl<'a> ImportSession<'a> {
    pub(crate) fn begin(
        db: &'a mut ProfileDb,
        kind: &'static str,
        now: DateTime<Utc>,
        path: ImportPath,
    ) -> Result<ImportSession<'a>> {
        let context = || "starting an import".to_string();
        let tx = db.conn.transaction().context(context)?;
        let bulk = path == ImportPath::Auto && import_bulk::profile_is_empty(&tx).context(context)?;
        let stage = if bulk {
            Some(Stage::begin(&tx).context(context)?)
        } else {
            tx.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS import_seen (entity TEXT NOT NULL, key TEXT NOT NULL,
                    PRIMARY KEY (entity, key)) WITHOUT ROWID;
                 DELETE FROM temp.import_seen;",
            )
            .context(context)?;
            None
        };
        tx.execute(
            "INSERT INTO snapshots (created_at, kind, summary) VALUES (?1, ?2, '{}')",
            params![now.to_rfc3339(), kind],
        )
        .context(context)?;
        let snapshot_id = tx.last_insert_rowid();
        Ok(ImportSession {
            tx,
            snapshot_id,
            kind,
            now,
            counts: BTreeMap::new(),
            coverage: Vec::new(),
            files: 0,
            file_error: None,
            ensured_customer: None,
            ensured_partners: HashSet::new(),
            touched: TouchedKeys::default(),
            stage,
        })
    }

    pub fn snapshot_id(&self) -> i64 {
        self.snapshot_id
    }

    /// Whether this import writes in bulk (the profile held no records).
    pub fn writes_in_bulk(&self) -> bool {
        self.stage.is_some()
    }

    /// Notes a file this import read and what it lists completely.
    /// Duplicates are kept here and skipped in `finish`: checking each new
    /// one against the list would cost the square of an export folder's
    /// customer count.
    fn note_file(&mut self, file: SourceFile, coverage: Vec<Coverage>) {
        self.files += 1;
        if self.file_error.is_none() {
            let written = self
                .tx
                .prepare_cached(
                    "INSERT INTO snapshot_files (snapshot_id, path, format, sha256, bytes, records) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .and_then(|mut row| {
                    row.execute(params![
                        self.snapshot_id,
                        file.path,
                        file.format,
                        file.sha256,
                        file.bytes as i64,
                        file.records as i64
                    ])
                });
            if let Err(e) = written {
                self.file_error = Some(e);
            }
        }
        // In bulk every record is new and so seen: a complete list finds nothing to remove.
        if self.stage.is_none() {
            self.coverage.extend(coverage);
        }
    }

    /// Merges one record into the profile (or stages it, in bulk). The error
    /// is a sentence for the reader to place at the record's position.
    fn merge_record(&mut self, record: Record) -> std::result::Result<(), String> {
        let written = match &mut self.stage {
            Some(stage) => stage.push(&self.tx, &record),
            None => self.apply_record(record),
        };
        written.map_err(|e| format!("could not store the record: {e}"))
    }

    fn apply_record(&mut self, record: Record) -> rusqlite::Result<()> {
        match record {
            Record::Customer(patch) => {
                let current = self.current::<Customer>(&patch.tenant_id)?;
                self.merge(current, |c| patch.apply_to(c))
            }
            Record::Subscription(patch) => {
                self.ensure_customer(&patch.customer_tenant_id)?;
                let current = self.current::<Subscription>(&patch.id)?;
                self.merge(current, |s| patch.apply_to(s))
            }
            Record::Partner(partner) => {
                let current = self.current::<Partner>(&partner.id)?;
                self.merge(current, |_| partner)
            }
            Record::PartnerRelationship(relationship) => {
                self.ensure_partner(&relationship.partner_id)?;
                let current = self.current(&relationship.key())?;
                self.merge(current, |_| relationship)
            }
            Record::Link(link) => {
                self.ensure_customer(&link.customer_tenant_id)?;
                self.ensure_partner(&link.partner_id)?;
                let current = self.current::<CustomerPartnerLink>(&link.key())?;
                self.merge(current, |_| link)
            }
            Record::Gdap(gdap) => {
                let current = self.current::<GdapRelationship>(&gdap.id)?;
                self.merge(current, |_| gdap)
            }
            Record::RelationshipRequest(request) => {
                let current = self.current(&request.url)?;
                self.merge(current, |_| request)
            }
        }
    }

    fn current<E: Entity>(&self, key: &str) -> rusqlite::Result<Option<(E, String)>> {
        E::load(&self.tx, key)
    }

    /// The one place a record is compared, written and logged.
    fn merge<E: Entity>(
        &mut self,
        current: Option<(E, String)>,
        next: impl FnOnce(Option<E>) -> E,
    ) -> rusqlite::Result<()> {
        let (current, source) = match current {
            Some((row, source)) => (Some(row), Some(source)),
            None => (None, None),
        };
        if source.as_deref() == Some(MANUAL) {
            if let Some(row) = &current {
                self.mark_seen(E::NAME, &row.key())?;
            }
            self.count(E::NAME).kept_manual += 1;
            return Ok(());
        }
        let existed = current.is_some();
        let new = next(current.clone());
        let key = new.key();
        self.mark_seen(E::NAME, &key)?;
        if current.as_ref() == Some(&new) {
            self.count(E::NAME).unchanged += 1;
            return Ok(());
        }
        // A record two files of this import both describe (a customer list,
        // then the customer's own lookup) counts once, as what it was first.
        let touched_here = existed && self.logged_in_this_snapshot(E::NAME, &key)?;
        new.save(&self.tx, self.kind)?;
        // A record that moved (a GDAP relationship to another customer) touches both.
        if let Some(before) = &current {
            before.touch(&mut self.touched);
        }
        new.touch(&mut self.touched);
        self.log(E::NAME, &key, Some(&to_json(&new)))?;
        if !touched_here {
            let counts = self.count(E::NAME);
            if existed { counts.changed += 1 } else { counts.added += 1 }
        }
        Ok(())
    }

    /// A subscription or link may name a customer no list has introduced yet;
    /// it gets a placeholder a later customer list fills in.
    /// Subscriptions and links come grouped by customer, so the last customer
    /// checked is remembered: nothing is removed before `finish`.
    fn ensure_customer(&mut self, tenant_id: &str) -> rusqlite::Result<()> {
        if self.ensured_customer.as_deref() == Some(tenant_id) {
            return Ok(());
        }
        if !self.exists("SELECT 1 FROM customers WHERE tenant_id = ?1", tenant_id)? {
            let placeholder = CustomerRecord { tenant_id: tenant_id.to_string(), ..Default::default() };
            self.merge(None, |c| placeholder.apply_to(c))?;
        }
        self.ensured_customer = Some(tenant_id.to_string());
        Ok(())
    }

    fn exists(&self, sql: &str, key: &str) -> rusqlite::Result<bool> {
        self.tx.prepare_cached(sql)?.exists([key])
    }

    /// A profile has a few thousand partners at most: each is checked once.
    fn ensure_partner(&mut self, partner_id: &str) -> rusqlite::Result<()> {
        if self.ensured_partners.contains(partner_id) {
            return Ok(());
        }
        self.ensured_partners.insert(partner_id.to_string());
        if !self.exists("SELECT 1 FROM partners WHERE id = ?1", partner_id)? {
            let placeholder = partner_placeholder(partner_id);
            self.merge(None, |_| placeholder)?;
        }
        Ok(())
    }

    fn mark_seen(&self, entity: &str, key: &str) -> rusqlite::Result<()> {
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO temp.import_seen (entity, key) VALUES (?1, ?2)")?
            .execute(params![entity, key])
            .map(drop)
    }

    fn logged_in_this_snapshot(&self, entity: &str, key: &str) -> rusqlite::Result<bool> {
        self.tx
            .prepare_cached("SELECT 1 FROM history WHERE entity = ?1 AND key = ?2 AND snapshot_id = ?3")?
            .exists(params![entity, key, self.snapshot_id])
    }

    fn log(&self, entity: &str, key: &str, data: Option<&str>) -> rusqlite::Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO history (entity, key, snapshot_id, data) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (entity, key, snapshot_id) DO UPDATE SET data = excluded.data",
            )?
            .execute(params![entity, key, self.snapshot_id, data])
            .map(drop)
    }

    fn count(&mut self, entity: &str) -> &mut EntityCounts {
        self.counts.entry(entity.to_string()).or_default()
    }

    /// Removes what the complete lists of this import no longer name, records
    /// the snapshot and commits.
    pub fn finish(mut self) -> Result<ImportSummary> {
        let context = || "finishing the import".to_string();
        if let Some(e) = self.file_error.take() {
            return Err(e).context(context);
        }
        let bulk = self.stage.take().is_some();
        if bulk {
            import_bulk::write(&self.tx, self.snapshot_id, self.kind, &mut self.counts).context(context)?;
        }
        // A complete export covers the subscriptions of each of its customers:
        // one query over all of them, not one per customer.
        let (per_customer, others): (Vec<Coverage>, Vec<Coverage>) = std::mem::take(&mut self.coverage)
            .into_iter()
            .partition(|c| matches!(c, Coverage::CustomerSubscriptions { .. }));
        let mut done = HashSet::with_capacity(others.len());
        for coverage in &others {
            if done.insert(coverage) {
                self.remove_unseen(coverage).context(context)?;
            }
        }
        drop(done);
        self.remove_unseen_subscriptions(per_customer).context(context)?;
        let summary = ImportSummary { snapshot_id: self.snapshot_id, files: self.files, counts: self.counts.clone() };
        let now = self.now.to_rfc3339();
        self.tx
            .execute("UPDATE snapshots SET summary = ?2 WHERE id = ?1", params![self.snapshot_id, to_json(&summary)])
            .context(context)?;
        self.tx
            .execute(
                "INSERT INTO audit_log (at, actor, action, entity, entity_id, after)
                 VALUES (?1, 'local user', ?2, 'snapshot', ?3, ?4)",
                params![now, self.kind, self.snapshot_id.to_string(), to_json(&summary.counts)],
            )
            .context(context)?;
        self.tx.execute("UPDATE profile SET last_import_at = ?1 WHERE singleton = 1", [&now]).context(context)?;
        if !bulk {
            self.tx.execute_batch("DELETE FROM temp.import_seen;").context(context)?;
        }
        // The kept findings follow the records in the same transaction: in
        // bulk every record is new, else what the merges touched.
        let touched = if bulk { Touched::All } else { Touched::Records(std::mem::take(&mut self.touched)) };
        crate::findings::refresh(&self.tx, &touched, self.now.date_naive())?;
        self.tx.commit().context(context)?;
        Ok(summary)
    }

    fn remove_unseen(&mut self, coverage: &Coverage) -> rusqlite::Result<()> {
        match coverage {
            Coverage::AllCustomers => {
                // A customer with records entered here by hand stays: removing
                // it would take those records with it.
                let sql = format!(
                    "SELECT k.key FROM (SELECT 'customer' AS entity, tenant_id AS key FROM customers c WHERE source != 'manual'
                        AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_tenant_id = c.tenant_id AND s.source = 'manual')
                        AND NOT EXISTS (SELECT 1 FROM customer_partner_links l WHERE l.customer_tenant_id = c.tenant_id AND l.source = 'manual')) k WHERE {NOT_SEEN}"
                );
                for key in self.keys(&sql, [])? {
                    self.remove_customer(&key)?;
                }
            }
            Coverage::CustomerSubscriptions { customer_tenant_id } => {
                let sql = format!(
                    "SELECT k.key FROM (SELECT 'subscription' AS entity, id AS key FROM subscriptions WHERE customer_tenant_id = ?1 AND source != 'manual') k WHERE {NOT_SEEN}"
                );
                for key in self.keys(&sql, [customer_tenant_id.as_str()])? {
                    self.remove::<Subscription>(&key)?;
                }
            }
            Coverage::CustomerLinks { customer_tenant_id, kind } => {
                let sql = format!(
                    "SELECT k.key FROM (SELECT 'link' AS entity, customer_tenant_id || '|' || partner_id || '|' || kind || '|' || COALESCE(scope, '') AS key
                        FROM customer_partner_links WHERE customer_tenant_id = ?1 AND kind = ?2 AND source != 'manual') k WHERE {NOT_SEEN}"
                );
                for key in self.keys(&sql, [customer_tenant_id.as_str(), kind.as_str()])? {
                    self.remove::<CustomerPartnerLink>(&key)?;
                }
            }
            Coverage::PartnerRelationships { relationship_type } => {
                let sql = format!(
                    "SELECT k.key FROM (SELECT 'partner_relationship' AS entity, partner_id || '|' || relationship_type AS key FROM partner_relationships
                        WHERE relationship_type = ?1 AND source != 'manual') k WHERE {NOT_SEEN}"
                );
                for key in self.keys(&sql, [relationship_type.as_str()])? {
                    self.remove::<partner_desk_core::model::PartnerRelationship>(&key)?;
                }
            }
            Coverage::AllGdap => {
                let sql = format!(
                    "SELECT k.key FROM (SELECT 'gdap' AS entity, id AS key FROM gdap_relationships WHERE source != 'manual') k WHERE {NOT_SEEN}"
                );
                for key in self.keys(&sql, [])? {
                    self.remove::<GdapRelationship>(&key)?;
                }
            }
        }
        Ok(())
    }

    fn remove_unseen_subscriptions(&mut self, coverage: Vec<Coverage>) -> rusqlite::Result<()> {
        if coverage.is_empty() {
            return Ok(());
        }
        self.tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS import_covered (customer TEXT PRIMARY KEY) WITHOUT ROWID;
             DELETE FROM temp.import_covered;",
        )?;
        {
            let mut insert =
                self.tx.prepare_cached("INSERT OR IGNORE INTO temp.import_covered (customer) VALUES (?1)")?;
            for c in &coverage {
                if let Coverage::CustomerSubscriptions { customer_tenant_id } = c {
                    insert.execute([customer_tenant_id])?;
                }
            }
        }
        let unseen = self.keys(
            "SELECT s.id FROM subscriptions s JOIN temp.import_covered c ON c.customer = s.customer_tenant_id
             WHERE s.source != 'manual'
               AND NOT EXISTS (SELECT 1 FROM temp.import_seen k WHERE k.entity = 'subscription' AND k.key = s.id)",
            [],
        )?;
        for key in unseen {
            self.remove::<Subscription>(&key)?;
        }
        self.tx.execute_batch("DELETE FROM temp.import_covered;")
    }

    fn keys<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<Vec<String>> {
        self.tx.prepare_cached(sql)?.query_map(params, |r| r.get(0))?.collect()
    }

    fn remove<E: Entity>(&mut self, key: &str) -> rusqlite::Result<()> {
        if let Some((before, _)) = E::load(&self.tx, key)? {
            before.touch(&mut self.touched);
        }
        E::delete(&self.tx, key)?;
        self.log(E::NAME, key, None)?;
        self.count(E::NAME).removed += 1;
        Ok(())
    }

    /// The customer goes with its subscriptions and links (the schema cascades);
    /// each is logged so history and diffs see them go.
    fn remove_customer(&mut self, tenant_id: &str) -> rusqlite::Result<()> {
        let subscriptions = self.keys("SELECT id FROM subscriptions WHERE customer_tenant_id = ?1", [tenant_id])?;
        let links = self.keys(
            "SELECT customer_tenant_id || '|' || partner_id || '|' || kind || '|' || COALESCE(scope, '')
             FROM customer_partner_links WHERE customer_tenant_id = ?1",
            [tenant_id],
        )?;
        for key in subscriptions {
            self.remove::<Subscription>(&key)?;
        }
        for key in links {
            self.remove::<CustomerPartnerLink>(&key)?;
        }
        self.remove::<Customer>(tenant_id)
    }
}

impl RecordSink for ImportSession<'_> {
    fn apply(&mut self, record: Record) -> std::result::Result<(), String> {
        self.merge_record(record)
    }

    fn add_file(&mut self, file: SourceFile, coverage: Vec<Coverage>) {
        self.note_file(file, coverage)
    }
}

#[cfg(test)]
mod tests {
    use super::ImportSummary;

    #[test]
    fn a_summary_counts_its_files_and_reads_the_lists_older_summaries_stored() {
        let new = r#"{"snapshot_id":3,"files":2,"counts":{}}"#;
        let old = r#"{"snapshot_id":3,"files":[
            {"path":"a.json","format":"rest-customers","sha256":"00","bytes":1,"records":1},
            {"path":"b.json","format":"graph-gdap","sha256":"11","bytes":2,"records":0}],"counts":{}}"#;
        for text in [new, old] {
            let summary: ImportSummary = serde_json::from_str(text).unwrap();
            assert_eq!(summary.files, 2, "{text}");
        }
        let stored = serde_json::to_string(&serde_json::from_str::<ImportSummary>(old).unwrap()).unwrap();
        assert_eq!(stored, new);
        assert!(serde_json::from_str::<ImportSummary>(r#"{"snapshot_id":3,"files":"x","counts":{}}"#).is_err());
    }
}
