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

use chrono::NaiveDate;
use partner_desk_core::model::{CustomerPartnerLink, GdapRelationship, Partner};
use partner_desk_core::rules::{DatedFindings, Finding, ProfileContext, customer_findings_dated, gdap_findings_dated};
use rusqlite::{Connection, OptionalExtension, params};

use crate::detail::{bundle_as_streamed, for_each_bundle, identity, own_partner, unattached_gdap};
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

struct Rules {
    context: ProfileContext,
    own: Option<Partner>,
}

impl Rules {
    fn read(conn: &Connection) -> Result<Rules> {
        let (context, name) = identity(conn, std::path::Path::new("profile"))?;
        let own = own_partner(&context, name);
        Ok(Rules { context, own })
    }
}

fn write_customer(conn: &Connection, tenant_id: &str, dated: &DatedFindings, today: NaiveDate) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO customer_findings (tenant_id, finding_count, findings, computed_for, valid_until)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (tenant_id) DO UPDATE SET finding_count = excluded.finding_count, findings = excluded.findings,
            computed_for = excluded.computed_for, valid_until = excluded.valid_until",
    )
    .and_then(|mut s| {
        s.execute(params![
            tenant_id,
            dated.findings.len() as i64,
            crate::entities::to_json(&dated.findings),
            today.to_string(),
            dated.valid_until.map(|d| d.to_string())
        ])
    })
    .context(|| format!("keeping the findings of customer {tenant_id}"))?;
    Ok(())
}

fn write_gdap(conn: &Connection, gdap_id: &str, dated: &DatedFindings, today: NaiveDate) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO gdap_findings (gdap_id, finding_count, findings, computed_for, valid_until)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (gdap_id) DO UPDATE SET finding_count = excluded.finding_count, findings = excluded.findings,
            computed_for = excluded.computed_for, valid_until = excluded.valid_until",
    )
    .and_then(|mut s| {
        s.execute(params![
            gdap_id,
            dated.findings.len() as i64,
            crate::entities::to_json(&dated.findings),
            today.to_string(),
            dated.valid_until.map(|d| d.to_string())
        ])
    })
    .context(|| format!("keeping the findings of GDAP relationship {gdap_id}"))?;
    Ok(())
}

fn refresh_all(conn: &Connection, today: NaiveDate) -> Result<()> {
    let context = || "computing the findings of every customer".to_string();
    let rules = Rules::read(conn)?;
    conn.execute_batch("DELETE FROM customer_findings; DELETE FROM gdap_findings;").context(context)?;
    let mut failed = None;
    for_each_bundle(conn, |bundle| {
        if failed.is_some() {
            return;
        }
        let partners = bundle.partners_with(&rules.own);
        let dated = customer_findings_dated(&rules.context, &bundle.facts(&partners), today);
        if let Err(e) = write_customer(conn, &bundle.customer.tenant_id, &dated, today) {
            failed = Some(e);
        }
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    for gdap in unattached_gdap(conn)? {
        write_gdap(conn, &gdap.id, &gdap_findings_dated(&rules.context, &gdap, today), today)?;
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
                write_customer(conn, tenant, &dated, today)?;
            }
            None => {
                conn.prepare_cached("DELETE FROM customer_findings WHERE tenant_id = ?1")
                    .and_then(|mut s| s.execute([tenant]))
                    .context(|| format!("forgetting the findings of customer {tenant}"))?;
            }
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
        Some(gdap) => write_gdap(conn, id, &gdap_findings_dated(&rules.context, &gdap, today), today),
        None => {
            conn.prepare_cached("DELETE FROM gdap_findings WHERE gdap_id = ?1")
                .and_then(|mut s| s.execute([id]))
                .context(context)?;
            Ok(())
        }
    }
}

/// Computes again what does not hold on `today` (or everything, when the
/// kept findings are not complete), so reads for `today` can trust the table.
/// Cheap when nothing is due: two index lookups.
pub(crate) fn bring_to(conn: &Connection, today: NaiveDate) -> Result<()> {
    if !is_complete(conn)? {
        return in_transaction(conn, |conn| refresh_all(conn, today));
    }
    let tenants: BTreeSet<String> = strings(
        conn,
        "SELECT tenant_id FROM customer_findings WHERE valid_until <= ?1
         UNION SELECT tenant_id FROM customer_findings WHERE computed_for > ?1",
        &today.to_string(),
    )?
    .into_iter()
    .collect();
    let gdap: BTreeSet<String> = strings(
        conn,
        "SELECT gdap_id FROM gdap_findings WHERE valid_until <= ?1
         UNION SELECT gdap_id FROM gdap_findings WHERE computed_for > ?1",
        &today.to_string(),
    )?
    .into_iter()
    .collect();
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
        let mut findings = Vec::new();
        for sql in [
            "SELECT findings FROM customer_findings WHERE finding_count > 0 ORDER BY tenant_id",
            "SELECT findings FROM gdap_findings WHERE finding_count > 0 ORDER BY gdap_id",
        ] {
            let mut statement = self.conn.prepare_cached(sql).context(context)?;
            let mut rows = statement.query([]).context(context)?;
            while let Some(row) = rows.next().context(context)? {
                let text: String = row.get(0).context(context)?;
                let kept: Vec<Finding> =
                    serde_json::from_str(&text).map_err(|e| crate::error::StoreError::NotAProfile {
                        path: self.path().to_path_buf(),
                        reason: format!("kept findings are not readable: {e}"),
                    })?;
                findings.extend(kept);
            }
        }
        sort(&mut findings);
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
