//! How each model type maps to its table: its key, loading, upserting and
//! deleting. The one place that knows the column lists, so the demo fill, the
//! import and manual edits write rows the same way.

use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::model::*;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::findings::TouchedKeys;

/// Where a row came from. Imports never overwrite `manual` rows.
pub const MANUAL: &str = "manual";

pub(crate) trait Entity: Serialize + DeserializeOwned + PartialEq + Clone + Sized {
    /// The name used in history and in snapshot counts.
    const NAME: &'static str;
    fn key(&self) -> String;
    /// The row and its `source`.
    fn load(conn: &Connection, key: &str) -> rusqlite::Result<Option<(Self, String)>>;
    /// Inserts or updates in place (never delete-and-insert: that would
    /// cascade to the rows that hang off it).
    fn save(&self, conn: &Connection, source: &str) -> rusqlite::Result<()>;
    fn delete(conn: &Connection, key: &str) -> rusqlite::Result<()>;
    /// Notes what this record's change means for the kept findings.
    fn touch(&self, _touched: &mut TouchedKeys) {}
    /// The `source` that [`Entity::load`] gives back once the row is saved by
    /// an import of `kind`: the import's kind, except where the record
    /// carries its own.
    fn written_source<'s>(&'s self, kind: &'s str) -> &'s str {
        kind
    }
}

/// A partner known only by its local id (a link or a reseller list named it
/// before any partner list did): the id stands in for its name, and an
/// `mpn:` id gives its MPN ID, any other its tenant id.
pub(crate) fn partner_placeholder(id: &str) -> Partner {
    let mpn_id = id.strip_prefix("mpn:").map(str::to_string);
    let tenant_id = mpn_id.is_none().then(|| id.to_string());
    Partner { id: id.to_string(), tenant_id, mpn_id, name: id.to_string(), location: None }
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

fn json_list(row: &Row<'_>, index: usize) -> rusqlite::Result<Vec<String>> {
    let text: String = row.get(index)?;
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

fn date(value: Option<NaiveDate>) -> Option<String> {
    value.map(|d| d.to_string())
}

fn time(value: Option<DateTime<Utc>>) -> Option<String> {
    value.map(|t| t.to_rfc3339())
}

fn read_date(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(index)?;
    Ok(text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()))
}

fn read_time(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(index)?;
    Ok(text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc)))
}

/// A column list with each column prefixed by a table alias, for joins.
pub(crate) fn qualified(columns: &str, alias: &str) -> String {
    columns.split(',').map(|c| format!("{alias}.{}", c.trim())).collect::<Vec<_>>().join(", ")
}

/// Link identity: the same partner may hold several kinds, and one kind for
/// several scopes.
pub(crate) fn link_key(customer: &str, partner: &str, kind: &str, scope: Option<&str>) -> String {
    format!("{customer}|{partner}|{kind}|{}", scope.unwrap_or(""))
}

pub(crate) const CUSTOMER_COLUMNS: &str =
    "tenant_id, commerce_id, company_name, primary_domain, custom_domains, country,
     relationship, allow_delegated_access, indirect_reseller_id, tags";

pub(crate) fn customer_from_row(r: &Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        tenant_id: r.get(0)?,
        commerce_id: r.get(1)?,
        company_name: r.get(2)?,
        primary_domain: r.get(3)?,
        custom_domains: json_list(r, 4)?,
        country: r.get(5)?,
        relationship: CustomerRelationship::parse(&r.get::<_, String>(6)?),
        allow_delegated_access: r.get(7)?,
        indirect_reseller_id: r.get(8)?,
        tags: json_list(r, 9)?,
    })
}

impl Entity for Customer {
    const NAME: &'static str = "customer";
    fn touch(&self, touched: &mut TouchedKeys) {
        touched.tenants.insert(self.tenant_id.clone());
    }
    fn key(&self) -> String {
        self.tenant_id.clone()
    }
    fn load(conn: &Connection, key: &str) -> rusqlite::Result<Option<(Self, String)>> {
        conn.prepare_cached(&format!("SELECT {CUSTOMER_COLUMNS}, source FROM customers WHERE tenant_id = ?1"))?
            .query_row([key], |r| Ok((customer_from_row(r)?, r.get(10)?)))
            .optional()
    }
    fn save(&self, conn: &Connection, source: &str) -> rusqlite::Result<()> {
        conn.prepare_cached(
            "INSERT INTO customers (tenant_id, commerce_id, company_name, primary_domain, custom_domains, country,
                relationship, allow_delegated_access, indirect_reseller_id, tags, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (tenant_id) DO UPDATE SET commerce_id = excluded.commerce_id,
                company_name = excluded.company_name, primary_domain = excluded.primary_domain,
                custom_domains = excluded.custom_domains, country = excluded.country,
                relationship = excluded.relationship, allow_delegated_access = excluded.allow_delegated_access,
                indirect_reseller_id = excluded.indirect_reseller_id, tags = excluded.tags, source = excluded.source",
        )?
        .execute(params![
            self.tenant_id,
            self.commerce_id,
            self.company_name,
            self.primary_domain,
            to_json(&self.custom_domains),
            self.country,
            self.relationship.as_str(),
            self.allow_delegated_access,
            self.indirect_reseller_id,
            to_json(&self.tags),
            source
        ])
        .map(drop)
    }
    fn delete(conn: &Connection, key: &str) -> rusqlite::Result<()> {
        conn.prepare_cached("DELETE FROM customers WHERE tenant_id = ?1")?.execute([key]).map(drop)
    }
}

impl Entity for Partner {
    const NAME: &'static str = "partner";
    fn touch(&self, touched: &mut TouchedKeys) {
        touched.partner(self);
    }
    fn key(&self) -> String {
        self.id.clone()
    }
    fn load(conn: &Connection, key: &str) -> rusqlite::Result<Option<(Self, String)>> {
        conn.prepare_cached("SELECT id, tenant_id, mpn_id, name, location, source FROM partners WHERE id = ?1")?
            .query_row([key], |r| {
                Ok((
                    Partner {
                        id: r.get(0)?,
                        tenant_id: r.get(1)?,
                        mpn_id: r.get(2)?,
                        name: r.get(3)?,
                        location: r.get(4)?,
                    },
                    r.get(5)?,
                ))
            })
            .optional()
    }
    fn save(&self, conn: &Connection, source: &str) -> rusqlite::Result<()> {
        conn.prepare_cached(
            "INSERT INTO partners (id, tenant_id, mpn_id, name, location, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, mpn_id = excluded.mpn_id,
                name = excluded.name, location = excluded.location, source = excluded.source",
        )?
        .execute(params![self.id, self.tenant_id, self.mpn_id, self.name, self.location, source])
        .map(drop)
    }
    fn delete(conn: &Connection, key: &str) -> rusqlite::Result<()> {
        conn.prepare_cached("DELETE FROM partners WHERE id = ?1")?.execute([key]).map(drop)
    }
}

impl Entity for PartnerRelationship {
    const NAME: &'static str = "partner_relationship";
    fn key(&self) -> String {
        format!("{}|{}", self.partner_id, self.relationship_type)
    }
    fn load(conn: &Connection, key: &str) -> rusqlite::Result<Option<(Self, String)>> {
        let (partner, kind) = key.split_once('|').unwrap_or((key, ""));
        conn.prepare_cached(
            "SELECT partner_id, relationship_type, state, source FROM partner_relationships
             WHERE partner_id = ?1 AND relationship_type = ?2",
        )?
        .query_row([partner, kind], |r| {
            Ok((
                PartnerRelationship {
                    partner_id: r.get(0)?,
                    relationship_type: PartnerRelationshipType::parse(&r.get::<_, String>(1)?),
                    state: r.get(2)?,
                },
                r.get(3)?,
            ))
        })
        .optional()
    }
    fn save(&self, conn: &Connection, source: &str) -> rusqlite::Result<()> {
        conn.prepare_cached(
            "INSERT INTO partner_relationships (partner_id, relationship_type, state, source) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (partner_id, relationship_type) DO UPDATE SET state = excluded.state, source = excluded.source",
        )?
        .execute(params![self.partner_id, self.relationship_type.as_str(), self.state, source])
        .map(drop)
    }
    fn delete(conn: &Connection, key: &str) -> rusqlite::Result<()> {
        let (partner, kind) = key.split_once('|').unwrap_or((key, ""));
        conn.prepare_cached("DELETE FROM partner_relationships WHERE partner_id = ?1 AND relationship_type = ?2")?
            .execute([partner, kind])
            .map(drop)
    }
}

pub(crate) const LINK_COLUMNS: &str = "customer_tenant_id, partner_id, kind, scope, source, start_date, end_date";

pub(crate) fn link_from_row(r: &Row<'_>) -> rusqlite::Result<CustomerPartnerLink> {
    Ok(CustomerPartnerLink {
        customer_tenant_id: r.get(0)?,
        partner_id: r.get(1)?,
        kind: LinkKind::parse(&r.get::<_, String>(2)?),
        scope: r.get(3)?,
        source: r.get(4)?,
        start_date: read_date(r, 5)?,
        end_date: read_date(r, 6)?,
    })
}

impl Entity for CustomerPartnerLink {
    const NAME: &'static str = "link";
    fn touch(&self, touched: &mut TouchedKeys) {
        touched.link(self);
    }
    fn key(&self) -> String {
        link_key(&self.customer_tenant_id, &self.partner_id, self.kind.as_str(), self.scope.as_deref())
    }
    fn load(conn: &Connection, key: &str) -> rusqlite::Result<Option<(Self, String)>> {
        let mut parts = key.splitn(4, '|');
        let (customer, partner, kind, scope) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        conn.prepare_cached(&format!(
            "SELECT {LINK_COLUMNS} FROM customer_partner_links
             WHERE customer_tenant_id = ?1 AND partner_id = ?2 AND kind = ?3 AND COALESCE(scope, '') = ?4"
        ))?
        .query_row([customer, partner, kind, scope], |r| {
            let link = link_from_row(r)?;
            let source = link.source.clone();
            Ok((link, source))
        })
        .optional()
    }
    fn written_source<'s>(&'s self, _kind: &'s str) -> &'s str {
        &self.source
    }
    /// A link's `source` is part of the record itself (which import or `manual`).
    fn save(&self, conn: &Connection, _source: &str) -> rusqlite::Result<()> {
        conn.prepare_cached(
            "INSERT INTO customer_partner_links (customer_tenant_id, partner_id, kind, scope, source, start_date, end_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (customer_tenant_id, partner_id, kind, COALESCE(scope, '')) DO UPDATE SET
                source = excluded.source, start_date = excluded.start_date, end_date = excluded.end_date",
        )?
        .execute(params![
            self.customer_tenant_id,
            self.partner_id,
            self.kind.as_str(),
            self.scope,
            self.source,
            date(self.start_date),
            date(self.end_date)
        ])
        .map(drop)
    }
    fn delete(conn: &Connection, key: &str) -> rusqlite::Result<()> {
        let mut parts = key.splitn(4, '|');
        let (customer, partner, kind, scope) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        conn.prepare_cached(
            "DELETE FROM customer_partner_links
             WHERE customer_tenant_id = ?1 AND partner_id = ?2 AND kind = ?3 AND COALESCE(scope, '') = ?4",
        )?
        .execute([customer, partner, kind, scope])
        .map(drop)
    }
}

pub(crate) const SUBSCRIPTION_COLUMNS: &str = "id, customer_tenant_id, offer_id, offer_name, friendly_name, quantity,
     unit_type, status, billing_type, contract_type, auto_renew, creation_date, effective_start, commitment_end,
     term_duration, billing_cycle, partner_of_record, parent_subscription_id, order_id, is_trial, channel";

pub(crate) fn subscription_from_row(r: &Row<'_>) -> rusqlite::Result<Subscription> {
    Ok(Subscription {
        id: r.get(0)?,
        customer_tenant_id: r.get(1)?,
        offer_id: r.get(2)?,
        offer_name: r.get(3)?,
        friendly_name: r.get(4)?,
        quantity: r.get(5)?,
        unit_type: r.get(6)?,
        status: SubscriptionStatus::parse(&r.get::<_, String>(7)?),
        billing_type: BillingType::parse(&r.get::<_, String>(8)?),
        contract_type: r.get(9)?,
        auto_renew: r.get(10)?,
        creation_date: read_time(r, 11)?,
        effective_start: read_time(r, 12)?,
        commitment_end: read_date(r, 13)?,
        term_duration: r.get(14)?,
        billing_cycle: r.get(15)?,
        partner_of_record: r.get(16)?,
        parent_subscription_id: r.get(17)?,
        order_id: r.get(18)?,
        is_trial: r.get(19)?,
        channel: Channel::parse(&r.get::<_, String>(20)?),
    })
}

impl Entity for Subscription {
    const NAME: &'static str = "subscription";
    fn touch(&self, touched: &mut TouchedKeys) {
        touched.tenants.insert(self.customer_tenant_id.clone());
    }
    fn key(&self) -> String {
        self.id.clone()
    }
    fn load(conn: &Connection, key: &str) -> rusqlite::Result<Option<(Self, String)>> {
        conn.prepare_cached(&format!("SELECT {SUBSCRIPTION_COLUMNS}, source FROM subscriptions WHERE id = ?1"))?
            .query_row([key], |r| Ok((subscription_from_row(r)?, r.get(21)?)))
            .optional()
    }
    fn save(&self, conn: &Connection, source: &str) -> rusqlite::Result<()> {
        conn.prepare_cached(
            "INSERT INTO subscriptions (id, customer_tenant_id, offer_id, offer_name, friendly_name, quantity, unit_type,
                status, billing_type, contract_type, auto_renew, creation_date, effective_start, commitment_end,
                term_duration, billing_cycle, partner_of_record, parent_subscription_id, order_id, is_trial, channel, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
             ON CONFLICT (id) DO UPDATE SET customer_tenant_id = excluded.customer_tenant_id,
                offer_id = excluded.offer_id, offer_name = excluded.offer_name, friendly_name = excluded.friendly_name,
                quantity = excluded.quantity, unit_type = excluded.unit_type, status = excluded.status,
                billing_type = excluded.billing_type, contract_type = excluded.contract_type,
                auto_renew = excluded.auto_renew, creation_date = excluded.creation_date,
                effective_start = excluded.effective_start, commitment_end = excluded.commitment_end,
                term_duration = excluded.term_duration, billing_cycle = excluded.billing_cycle,
                partner_of_record = excluded.partner_of_record, parent_subscription_id = excluded.parent_subscription_id,
                order_id = excluded.order_id, is_trial = excluded.is_trial, channel = excluded.channel,
                source = excluded.source",
        )?
        .execute(params![
            self.id,
            self.customer_tenant_id,
            self.offer_id,
            self.offer_name,
            self.friendly_name,
            self.quantity,
            self.unit_type,
            self.status.as_str(),
            self.billing_type.as_str(),
            self.contract_type,
            self.auto_renew,
            time(self.creation_date),
            time(self.effective_start),
            date(self.commitment_end),
            self.term_duration,
            self.billing_cycle,
            self.partner_of_record,
            self.parent_subscription_id,
            self.order_id,
            self.is_trial,
            self.channel.as_str(),
            source
        ])
        .map(drop)
    }
    fn delete(conn: &Connection, key: &str) -> rusqlite::Result<()> {
        conn.prepare_cached("DELETE FROM subscriptions WHERE id = ?1")?.execute([key]).map(drop)
    }
}

pub(crate) const GDAP_COLUMNS: &str = "id, display_name, customer_tenant_id, customer_name, status, duration,
     auto_extend_duration, created_at, activated_at, end_at, roles";

pub(crate) fn gdap_from_row(r: &Row<'_>) -> rusqlite::Result<GdapRelationship> {
    Ok(GdapRelationship {
        id: r.get(0)?,
        display_name: r.get(1)?,
        customer_tenant_id: r.get(2)?,
        customer_name: r.get(3)?,
        status: GdapStatus::parse(&r.get::<_, String>(4)?),
        duration: r.get(5)?,
        auto_extend_duration: r.get(6)?,
        created_at: read_time(r, 7)?,
        activated_at: read_time(r, 8)?,
        end_at: read_time(r, 9)?,
        roles: json_list(r, 10)?,
    })
}

impl Entity for GdapRelationship {
    const NAME: &'static str = "gdap";
    fn touch(&self, touched: &mut TouchedKeys) {
        touched.gdap(self);
    }
    fn key(&self) -> String {
        self.id.clone()
    }
    fn load(conn: &Connection, key: &str) -> rusqlite::Result<Option<(Self, String)>> {
        conn.prepare_cached(&format!("SELECT {GDAP_COLUMNS}, source FROM gdap_relationships WHERE id = ?1"))?
            .query_row([key], |r| Ok((gdap_from_row(r)?, r.get(11)?)))
            .optional()
    }
    fn save(&self, conn: &Connection, source: &str) -> rusqlite::Result<()> {
        conn.prepare_cached(
            "INSERT INTO gdap_relationships (id, display_name, customer_tenant_id, customer_name, status, duration,
                auto_extend_duration, created_at, activated_at, end_at, roles, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,
                customer_tenant_id = excluded.customer_tenant_id, customer_name = excluded.customer_name,
                status = excluded.status, duration = excluded.duration,
                auto_extend_duration = excluded.auto_extend_duration, created_at = excluded.created_at,
                activated_at = excluded.activated_at, end_at = excluded.end_at, roles = excluded.roles,
                source = excluded.source",
        )?
        .execute(params![
            self.id,
            self.display_name,
            self.customer_tenant_id,
            self.customer_name,
            self.status.as_str(),
            self.duration,
            self.auto_extend_duration,
            time(self.created_at),
            time(self.activated_at),
            time(self.end_at),
            to_json(&self.roles),
            source
        ])
        .map(drop)
    }
    fn delete(conn: &Connection, key: &str) -> rusqlite::Result<()> {
        conn.prepare_cached("DELETE FROM gdap_relationships WHERE id = ?1")?.execute([key]).map(drop)
    }
}

impl Entity for RelationshipRequest {
    const NAME: &'static str = "relationship_request";
    fn key(&self) -> String {
        self.url.clone()
    }
    fn load(conn: &Connection, key: &str) -> rusqlite::Result<Option<(Self, String)>> {
        conn.prepare_cached(
            "SELECT url, with_delegated_admin, created_at, sent_at, accepted_at FROM relationship_requests WHERE url = ?1",
        )?
        .query_row([key], |r| {
            Ok((
                RelationshipRequest {
                    url: r.get(0)?,
                    with_delegated_admin: r.get(1)?,
                    created_at: read_time(r, 2)?,
                    sent_at: read_time(r, 3)?,
                    accepted_at: read_time(r, 4)?,
                },
                "import".to_string(),
            ))
        })
        .optional()
    }
    /// Requests have no `source` column: they load as imported.
    fn written_source<'s>(&'s self, _kind: &'s str) -> &'s str {
        "import"
    }
    fn save(&self, conn: &Connection, _source: &str) -> rusqlite::Result<()> {
        let updated = conn
            .prepare_cached(
                "UPDATE relationship_requests SET with_delegated_admin = ?2, created_at = ?3, sent_at = ?4,
                    accepted_at = ?5 WHERE url = ?1",
            )?
            .execute(params![
                self.url,
                self.with_delegated_admin,
                time(self.created_at),
                time(self.sent_at),
                time(self.accepted_at)
            ])?;
        if updated == 0 {
            conn.prepare_cached(
                "INSERT INTO relationship_requests (url, with_delegated_admin, created_at, sent_at, accepted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                self.url,
                self.with_delegated_admin,
                time(self.created_at),
                time(self.sent_at),
                time(self.accepted_at)
            ])?;
        }
        Ok(())
    }
    fn delete(conn: &Connection, key: &str) -> rusqlite::Result<()> {
        conn.prepare_cached("DELETE FROM relationship_requests WHERE url = ?1")?.execute([key]).map(drop)
    }
}
