//! Findings kept per customer (and per GDAP relationship tied to no customer
//! of the profile), so the findings over the profile and the customer list's
//! "has findings" filter read a table instead of running the rules over every
//! customer.
//!
//! The rules stay in the core: what is kept is their result for one day with
//! the first later day on which it may differ
//! ([`partner_desk_core::rules::DatedFindings`]). A read for another day
//! first computes again the rows that do not hold on it (a term reaching a
//! warning tier, a GDAP relationship ending), so `today` still decides.
//!
//! Every write that can change a customer's findings calls [`refresh`] in its
//! own transaction: an import at its end, each change entered by hand. Local
//! work (notes, workflows, requests, tags) does not enter the rules.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use partner_desk_core::model::{CustomerPartnerLink, GdapRelationship, Partner};
use partner_desk_core::rules::verdict::Params;
use partner_desk_core::rules::{
    DatedFindings, Finding, FindingKind, Severity, Subject, customer_findings_dated, gdap_findings_dated,
};
use rusqlite::{Connection, OptionalExtension, params};

use crate::detail::{Rules, bundle_as_streamed, for_each_bundle, unattached_gdap};
use crate::entities::{GDAP_COLUMNS, gdap_from_row};
use crate::error::{Context, Result};
use crate::profile_db::ProfileDb;

/// What a write changed, for [`refresh`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touched {
    /// Everything may have changed (a first import, a bulk write, a profile
    /// whose kept findings are not known to be complete).
    All,
    Records(TouchedKeys),
}

/// The records a write changed, by what their findings hang off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TouchedKeys {
    /// Customers whose own row, links, subscriptions or GDAP relationships changed.
    pub tenants: BTreeSet<String>,
    /// GDAP relationships that changed (their customer, if any, goes in `tenants`).
    pub gdap: BTreeSet<String>,
    /// Partners that changed: the customers linked to them are computed again,
    /// and the customers whose tenant they are (CSP-1).
    pub partners: BTreeSet<String>,
}

impl TouchedKeys {
    pub fn is_empty(&self) -> bool {
        self.tenants.is_empty() && self.gdap.is_empty() && self.partners.is_empty()
    }

    pub(crate) fn link(&mut self, link: &CustomerPartnerLink) {
        self.tenants.insert(link.customer_tenant_id.clone());
    }

    pub(crate) fn gdap(&mut self, gdap: &GdapRelationship) {
        self.gdap.insert(gdap.id.clone());
        if let Some(tenant) = &gdap.customer_tenant_id {
            self.tenants.insert(tenant.clone());
        }
    }

    pub(crate) fn partner(&mut self, partner: &Partner) {
        self.partners.insert(partner.id.clone());
        if let Some(tenant) = &partner.tenant_id {
            self.tenants.insert(tenant.clone());
        }
    }
}

/// Above this share of the customers, a refresh reads the whole profile in
/// one pass rather than customer by customer.
const WHOLE_PASS_SHARE: usize = 5;

/// Brings the kept findings in step with the profile after a write, as of
/// `today`, inside the caller's transaction (`conn` is the transaction).
/// The one entry point for every write path: imports call it at their end
/// with what they touched (a bulk first import with [`Touched::All`]), changes
/// entered by hand with their customer.
pub fn refresh(conn: &Connection, touched: &Touched, today: NaiveDate) -> Result<()> {
    match touched {
        Touched::Records(keys) if is_complete(conn)? => refresh_keys(conn, keys, today),
        Touched::Records(_) | Touched::All => refresh_all(conn, today),
    }
}

fn is_complete(conn: &Connection) -> Result<bool> {
    let complete: Option<bool> = conn
        .prepare_cached("SELECT complete FROM kept_findings_state WHERE singleton = 1")
        .and_then(|mut s| s.query_row([], |r| r.get(0)).optional())
        .context(|| "reading the kept findings".into())?;
    Ok(complete == Some(true))
}

/// Whose findings a row of `kept_findings` is: its `owner_kind`.
#[derive(Clone, Copy)]
enum Owner {
    Customer = 0,
    Gdap = 1,
}

impl Owner {
    /// The owner's count row: how many findings it has and the days they hold.
    fn upsert_sql(self) -> &'static str {
        match self {
            Owner::Customer => {
                "INSERT INTO customer_findings (tenant_id, finding_count, computed_for, valid_until)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (tenant_id) DO UPDATE SET finding_count = excluded.finding_count,
                    computed_for = excluded.computed_for, valid_until = excluded.valid_until"
            }
            Owner::Gdap => {
                "INSERT INTO gdap_findings (gdap_id, finding_count, computed_for, valid_until)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (gdap_id) DO UPDATE SET finding_count = excluded.finding_count,
                    computed_for = excluded.computed_for, valid_until = excluded.valid_until"
            }
        }
    }

    /// The owners whose kept findings do not hold on `?1`: computed for a
    /// later day, or past the day they hold until.
    fn not_holding_sql(self) -> &'static str {
        match self {
            Owner::Customer => {
                "SELECT tenant_id FROM customer_findings WHERE valid_until <= ?1
                 UNION SELECT tenant_id FROM customer_findings WHERE computed_for > ?1"
            }
            Owner::Gdap => {
                "SELECT gdap_id FROM gdap_findings WHERE valid_until <= ?1
                 UNION SELECT gdap_id FROM gdap_findings WHERE computed_for > ?1"
            }
        }
    }

    fn delete_sql(self) -> &'static str {
        match self {
            Owner::Customer => "DELETE FROM customer_findings WHERE tenant_id = ?1",
            Owner::Gdap => "DELETE FROM gdap_findings WHERE gdap_id = ?1",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Owner::Customer => "customer",
            Owner::Gdap => "GDAP relationship",
        }
    }
}

/// Keeps `dated` as the findings of one customer or relationship, in place
/// of any it had.
fn write_owner(conn: &Connection, owner: Owner, id: &str, dated: &DatedFindings, today: NaiveDate) -> Result<()> {
    forget_rows(conn, owner, id)?;
    add_owner(conn, owner, id, dated, today)
}

/// [`write_owner`] for an owner the table holds no rows of (a whole pass,
/// which empties it first): nothing to look up and delete.
fn add_owner(conn: &Connection, owner: Owner, id: &str, dated: &DatedFindings, today: NaiveDate) -> Result<()> {
    conn.prepare_cached(owner.upsert_sql())
        .and_then(|mut s| {
            s.execute(params![
                id,
                dated.findings.len() as i64,
                today.to_string(),
                dated.valid_until.map(|d| d.to_string())
            ])
        })
        .context(|| format!("keeping the findings of {} {id}", owner.what()))?;
    insert_rows(conn, owner, id, &dated.findings)
}

/// Forgets one customer or relationship that is gone (or, for a GDAP
/// relationship, now reported by its customer): its count row and its findings.
fn forget_owner(conn: &Connection, owner: Owner, id: &str) -> Result<()> {
    conn.prepare_cached(owner.delete_sql())
        .and_then(|mut s| s.execute([id]))
        .context(|| format!("forgetting the findings of {} {id}", owner.what()))?;
    forget_rows(conn, owner, id)
}

/// The kept rows of one customer or relationship, in the order the rules
/// gave them.
fn insert_rows(conn: &Connection, owner: Owner, id: &str, findings: &[Finding]) -> Result<()> {
    let context = || format!("keeping the findings of {id}");
    if findings.is_empty() {
        return Ok(());
    }
    let mut insert = conn
        .prepare_cached(
            "INSERT INTO kept_findings (severity, undated, due, owner_kind, owner, seq, kind,
                customer_tenant_id, subscription_id, gdap_id, params)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .context(context)?;
    let mut packed = Vec::new();
    for (seq, finding) in findings.iter().enumerate() {
        packed.clear();
        pack_params(&finding.params, &mut packed);
        insert
            .execute(params![
                severity_rank(finding.severity),
                finding.due.is_none(),
                finding.due.map_or(0, |d| d.num_days_from_ce()),
                owner as i64,
                id,
                seq as i64,
                finding.kind.id(),
                finding.subject.customer_tenant_id,
                finding.subject.subscription_id,
                finding.subject.gdap_id,
                packed,
            ])
            .context(context)?;
    }
    Ok(())
}

fn forget_rows(conn: &Connection, owner: Owner, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM kept_findings WHERE owner_kind = ?1 AND owner = ?2")
        .and_then(|mut s| s.execute(params![owner as i64, id]))
        .context(|| format!("forgetting the findings of {id}"))?;
    Ok(())
}

/// The order of `kept_findings.severity`: the most severe highest.
fn severity_rank(severity: Severity) -> i64 {
    match severity {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Critical => 2,
    }
}

fn severity_of_rank(rank: i64) -> Option<Severity> {
    match rank {
        0 => Some(Severity::Info),
        1 => Some(Severity::Warning),
        2 => Some(Severity::Critical),
        _ => None,
    }
}

/// A finding's params as kept: each name then its value, each as its length
/// in bytes (4 bytes, little-endian) and its UTF-8 text, in the map's order.
fn pack_params(params: &Params, out: &mut Vec<u8>) {
    for (name, value) in params {
        for text in [name, value] {
            // A param longer than 4 GiB cannot come from the data the rules read.
            let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&text.as_bytes()[..len as usize]);
        }
    }
}

/// The params [`pack_params`] wrote; `None` when `bytes` is not that form.
fn unpack_params(mut bytes: &[u8]) -> Option<Params> {
    let mut params = Params::new();
    while !bytes.is_empty() {
        let name = take_text(&mut bytes)?;
        params.insert(name, take_text(&mut bytes)?);
    }
    Some(params)
}

fn take_text(bytes: &mut &[u8]) -> Option<String> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    if rest.len() < len {
        return None;
    }
    let (text, rest) = rest.split_at(len);
    *bytes = rest;
    std::str::from_utf8(text).ok().map(str::to_owned)
}

fn refresh_all(conn: &Connection, today: NaiveDate) -> Result<()> {
    let context = || "computing the findings of every customer".to_string();
    let rules = Rules::read(conn)?;
    conn.execute_batch("DELETE FROM customer_findings; DELETE FROM gdap_findings; DELETE FROM kept_findings;")
        .context(context)?;
    let mut failed = None;
    for_each_bundle(conn, |bundle| {
        if failed.is_some() {
            return;
        }
        let partners = bundle.partners_with(&rules.own);
        let dated = customer_findings_dated(&rules.context, &bundle.facts(&partners), today);
        if let Err(e) = add_owner(conn, Owner::Customer, &bundle.customer.tenant_id, &dated, today) {
            failed = Some(e);
        }
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    for gdap in unattached_gdap(conn)? {
        add_owner(conn, Owner::Gdap, &gdap.id, &gdap_findings_dated(&rules.context, &gdap, today), today)?;
    }
    conn.execute(
        "INSERT INTO kept_findings_state (singleton, complete) VALUES (1, 1)
         ON CONFLICT (singleton) DO UPDATE SET complete = 1",
        [],
    )
    .context(context)?;
    Ok(())
}

fn strings(conn: &Connection, sql: &str, key: &dyn rusqlite::ToSql) -> Result<Vec<String>> {
    let rows = conn
        .prepare_cached(sql)
        .and_then(|mut s| s.query_map([key], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>())
        .context(|| "reading what a change touched".into())?;
    Ok(rows)
}

fn refresh_keys(conn: &Connection, keys: &TouchedKeys, today: NaiveDate) -> Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let mut tenants = keys.tenants.clone();
    for partner in &keys.partners {
        tenants.extend(strings(
            conn,
            "SELECT DISTINCT customer_tenant_id FROM customer_partner_links WHERE partner_id = ?1",
            partner,
        )?);
        tenants.extend(strings(
            conn,
            "SELECT tenant_id FROM partners WHERE id = ?1 AND tenant_id IS NOT NULL",
            partner,
        )?);
    }
    let customers: i64 = conn
        .query_row("SELECT COUNT(*) FROM customer_findings", [], |r| r.get(0))
        .context(|| "counting the kept findings".into())?;
    if tenants.len() * WHOLE_PASS_SHARE > usize::try_from(customers).unwrap_or(0).max(1_000) {
        return refresh_all(conn, today);
    }
    let rules = Rules::read(conn)?;
    let mut gdap_ids = keys.gdap.clone();
    for tenant in &tenants {
        match bundle_as_streamed(conn, tenant)? {
            Some(bundle) => {
                let partners = bundle.partners_with(&rules.own);
                let dated = customer_findings_dated(&rules.context, &bundle.facts(&partners), today);
                write_owner(conn, Owner::Customer, tenant, &dated, today)?;
            }
            None => forget_owner(conn, Owner::Customer, tenant)?,
        }
        // A customer that came or went ties or unties its GDAP relationships.
        gdap_ids.extend(strings(conn, "SELECT id FROM gdap_relationships WHERE customer_tenant_id = ?1", tenant)?);
    }
    for id in &gdap_ids {
        refresh_gdap(conn, &rules, id, today)?;
    }
    Ok(())
}

/// A GDAP relationship's own row: kept while it is tied to no customer of
/// the profile (a customer's row reports the others).
fn refresh_gdap(conn: &Connection, rules: &Rules, id: &str, today: NaiveDate) -> Result<()> {
    let context = || format!("keeping the findings of GDAP relationship {id}");
    let unattached: Option<GdapRelationship> = conn
        .prepare_cached(&format!(
            "SELECT {GDAP_COLUMNS} FROM gdap_relationships g WHERE g.id = ?1
                AND (g.customer_tenant_id IS NULL
                     OR NOT EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = g.customer_tenant_id))"
        ))
        .and_then(|mut s| s.query_row([id], gdap_from_row).optional())
        .context(context)?;
    match unattached {
        Some(gdap) => write_owner(conn, Owner::Gdap, id, &gdap_findings_dated(&rules.context, &gdap, today), today),
        None => forget_owner(conn, Owner::Gdap, id),
    }
}

/// Computes again what does not hold on `today` (or everything, when the
/// kept findings are not complete), so reads for `today` can trust the table.
/// Cheap when nothing is due: two index lookups.
pub(crate) fn bring_to(conn: &Connection, today: NaiveDate) -> Result<()> {
    if !is_complete(conn)? {
        return in_transaction(conn, |conn| refresh_all(conn, today));
    }
    let due = |owner: Owner| -> Result<BTreeSet<String>> {
        Ok(strings(conn, owner.not_holding_sql(), &today.to_string())?.into_iter().collect())
    };
    let (tenants, gdap) = (due(Owner::Customer)?, due(Owner::Gdap)?);
    if tenants.is_empty() && gdap.is_empty() {
        return Ok(());
    }
    let keys = TouchedKeys { tenants, gdap, partners: BTreeSet::new() };
    in_transaction(conn, |conn| refresh_keys(conn, &keys, today))
}

/// Runs `work` in a transaction of its own, or in the caller's when one is open.
fn in_transaction(conn: &Connection, work: impl FnOnce(&Connection) -> Result<()>) -> Result<()> {
    if !conn.is_autocommit() {
        return work(conn);
    }
    let tx = conn.unchecked_transaction().context(|| "starting to keep findings".into())?;
    work(&tx)?;
    tx.commit().context(|| "keeping findings".into())?;
    Ok(())
}

/// One row of `kept_findings` read back; `None` when it holds what the
/// store does not write.
fn kept_finding(row: &rusqlite::Row) -> rusqlite::Result<Option<Finding>> {
    let text =
        |i: usize| -> rusqlite::Result<Option<String>> { Ok(row.get_ref(i)?.as_str_or_null()?.map(str::to_owned)) };
    let Some(severity) = severity_of_rank(row.get(0)?) else { return Ok(None) };
    let due = if row.get::<_, bool>(1)? {
        None
    } else {
        match NaiveDate::from_num_days_from_ce_opt(row.get(2)?) {
            Some(day) => Some(day),
            None => return Ok(None),
        }
    };
    let Some(kind) = FindingKind::parse(row.get_ref(3)?.as_str()?) else { return Ok(None) };
    let subject = Subject { customer_tenant_id: text(4)?, subscription_id: text(5)?, gdap_id: text(6)? };
    let Some(params) = unpack_params(row.get_ref(7)?.as_blob()?) else { return Ok(None) };
    Ok(Some(Finding::new(kind, severity, subject, due, params)))
}

/// Most severe first, then what falls due soonest; undated last; stable.
pub(crate) fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then_with(|| (a.due.is_none(), a.due).cmp(&(b.due.is_none(), b.due)))
    });
}

impl ProfileDb {
    /// What needs attention across the whole profile, as of `today`: the
    /// kept findings, those that do not hold on `today` computed again first.
    pub fn findings(&self, today: NaiveDate) -> Result<Vec<Finding>> {
        let context = || format!("reading the findings of {}", self.path().display());
        bring_to(&self.conn, today)?;
        // The table's own order: no sort.
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT severity, undated, due, kind, customer_tenant_id, subscription_id, gdap_id, params
                 FROM kept_findings ORDER BY severity DESC, undated, due, owner_kind, owner, seq",
            )
            .context(context)?;
        let mut rows = statement.query([]).context(context)?;
        let mut findings = Vec::new();
        while let Some(row) = rows.next().context(context)? {
            findings.push(kept_finding(row).context(context)?.ok_or_else(|| {
                crate::error::StoreError::NotAProfile {
                    path: self.path().to_path_buf(),
                    reason: "kept findings are not readable".into(),
                }
            })?);
        }
        Ok(findings)
    }

    /// The findings over the profile computed from scratch, without the kept
    /// table: what [`ProfileDb::findings`] must always equal.
    pub fn findings_recomputed(&self, today: NaiveDate) -> Result<Vec<Finding>> {
        let rules = Rules::read(&self.conn)?;
        let mut findings = Vec::new();
        for_each_bundle(&self.conn, |bundle| {
            let partners = bundle.partners_with(&rules.own);
            findings.extend(customer_findings_dated(&rules.context, &bundle.facts(&partners), today).findings);
        })?;
        for gdap in unattached_gdap(&self.conn)? {
            findings.extend(gdap_findings_dated(&rules.context, &gdap, today).findings);
        }
        sort(&mut findings);
        Ok(findings)
    }

    /// Keeps the findings in step after a write made outside the store's own
    /// write paths (see [`refresh`]).
    pub fn refresh_findings(&mut self, touched: &Touched, today: NaiveDate) -> Result<()> {
        in_transaction(&self.conn, |conn| refresh(conn, touched, today))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_read_back_as_kept_and_a_damaged_form_is_refused() {
        let params: Params = [("name", "Contoso “α” 東京"), ("count", "7"), ("empty", "")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut packed = Vec::new();
        pack_params(&params, &mut packed);
        assert_eq!(unpack_params(&packed), Some(params));
        assert_eq!(unpack_params(&[]), Some(Params::new()));
        assert_eq!(unpack_params(&packed[..packed.len() - 1]), None);
        assert_eq!(unpack_params(&[9, 0, 0, 0, b'a']), None);
        assert_eq!(unpack_params(&[1, 0, 0, 0, 0xff, 0, 0, 0, 0]), None);
    }

    #[test]
    fn severities_keep_their_order_as_ranks() {
        for severity in Severity::ALL {
            assert_eq!(severity_of_rank(severity_rank(*severity)), Some(*severity));
        }
        assert!(severity_rank(Severity::Critical) > severity_rank(Severity::Warning));
        assert!(severity_rank(Severity::Warning) > severity_rank(Severity::Info));
        assert_eq!(severity_of_rank(3), None);
    }
}
