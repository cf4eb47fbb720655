//! Writes the demo generator's dataset into a profile, in one transaction.

use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::demo::{Demo, DemoOptions, SOURCE};
use partner_desk_core::model::Partner;
use rusqlite::{Transaction, params};
use serde::Serialize;

use crate::error::{Context, Result};
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

fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn time(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339())
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_string())
}

impl ProfileDb {
    /// Fills the profile with `customers` generated customers for its cloud and
    /// role. Deterministic for a given seed and `today`.
    pub fn fill_demo(
        &mut self,
        customers: usize,
        seed: u64,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DemoCounts> {
        let summary = self.summary()?;
        let demo = Demo::new(DemoOptions {
            cloud: summary.cloud,
            role: summary.role,
            own_tenant_id: summary.tenant_id.clone(),
            own_mpn_id: summary.mpn_id.clone(),
            customers,
            seed,
            today,
        });
        let context = || "writing demo data".to_string();
        let tx = self.conn.transaction().context(context)?;
        let counts = write_demo(&tx, &demo).context(context)?;
        tx.execute(
            "INSERT INTO snapshots (created_at, kind, summary) VALUES (?1, 'demo', ?2)",
            params![now.to_rfc3339(), json(&serde_json::json!({ "seed": seed, "counts": &counts }))],
        )
        .context(context)?;
        tx.execute(
            "INSERT INTO audit_log (at, actor, action, entity, after) VALUES (?1, 'local user', 'demo-fill', 'profile', ?2)",
            params![now.to_rfc3339(), json(&counts)],
        )
        .context(context)?;
        tx.execute("UPDATE profile SET last_import_at = ?1 WHERE singleton = 1", params![now.to_rfc3339()])
            .context(context)?;
        tx.commit().context(context)?;
        Ok(counts)
    }
}

fn write_demo(tx: &Transaction<'_>, demo: &Demo) -> rusqlite::Result<DemoCounts> {
    let mut counts = DemoCounts::default();
    let network = demo.network();
    let mut partner = tx.prepare(
        "INSERT OR IGNORE INTO partners (id, tenant_id, mpn_id, name, location, is_self, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut write_partner = |p: &Partner, is_self: bool| -> rusqlite::Result<()> {
        counts.partners +=
            partner.execute(params![p.id, p.tenant_id, p.mpn_id, p.name, p.location, is_self, SOURCE])? as u32;
        Ok(())
    };
    write_partner(&network.own, true)?;
    for p in &network.partners {
        write_partner(p, false)?;
    }
    let mut relationship = tx.prepare(
        "INSERT OR IGNORE INTO partner_relationships (partner_id, relationship_type, state, source) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for r in &network.partner_relationships {
        relationship.execute(params![r.partner_id, r.relationship_type.as_str(), r.state, SOURCE])?;
    }
    let mut customer = tx.prepare(
        "INSERT INTO customers (tenant_id, commerce_id, company_name, primary_domain, custom_domains, country,
                                relationship, allow_delegated_access, indirect_reseller_id, tags, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut link = tx.prepare(
        "INSERT OR IGNORE INTO customer_partner_links
            (customer_tenant_id, partner_id, kind, scope, source, start_date, end_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut subscription = tx.prepare(
        "INSERT INTO subscriptions (id, customer_tenant_id, offer_id, offer_name, friendly_name, quantity, unit_type,
            status, billing_type, contract_type, auto_renew, creation_date, effective_start, commitment_end,
            term_duration, billing_cycle, partner_of_record, parent_subscription_id, order_id, is_trial, channel, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    )?;
    let mut gdap = tx.prepare(
        "INSERT INTO gdap_relationships (id, display_name, customer_tenant_id, customer_name, status, duration,
            auto_extend_duration, created_at, activated_at, end_at, roles, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for bundle in demo.customers() {
        let c = &bundle.customer;
        customer.execute(params![
            c.tenant_id,
            c.commerce_id,
            c.company_name,
            c.primary_domain,
            json(&c.custom_domains),
            c.country,
            c.relationship.as_str(),
            c.allow_delegated_access,
            c.indirect_reseller_id,
            json(&c.tags),
            SOURCE
        ])?;
        counts.customers += 1;
        for l in &bundle.links {
            counts.links += link.execute(params![
                l.customer_tenant_id,
                l.partner_id,
                l.kind.as_str(),
                l.scope,
                l.source,
                date(l.start_date),
                date(l.end_date)
            ])? as u32;
        }
        for s in &bundle.subscriptions {
            subscription.execute(params![
                s.id,
                s.customer_tenant_id,
                s.offer_id,
                s.offer_name,
                s.friendly_name,
                s.quantity,
                s.unit_type,
                s.status.as_str(),
                s.billing_type.as_str(),
                s.contract_type,
                s.auto_renew,
                time(s.creation_date),
                time(s.effective_start),
                date(s.commitment_end),
                s.term_duration,
                s.billing_cycle,
                s.partner_of_record,
                s.parent_subscription_id,
                s.order_id,
                s.is_trial,
                s.channel.as_str(),
                SOURCE
            ])?;
            counts.subscriptions += 1;
        }
        for g in &bundle.gdap {
            gdap.execute(params![
                g.id,
                g.display_name,
                g.customer_tenant_id,
                g.customer_name,
                g.status.as_str(),
                g.duration,
                g.auto_extend_duration,
                time(g.created_at),
                time(g.activated_at),
                time(g.end_at),
                json(&g.roles),
                SOURCE
            ])?;
            counts.gdap_relationships += 1;
        }
    }
    Ok(counts)
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
