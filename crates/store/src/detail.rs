//! Everything about one customer that the rules need, for one customer or
//! streamed over the whole profile.

use std::collections::HashMap;
use std::iter::Peekable;

use chrono::NaiveDate;
use partner_desk_core::model::{
    Customer, CustomerPartnerLink, CustomerRelationship, GdapRelationship, LinkKind, Partner, Subscription,
};
use partner_desk_core::rules::{
    CustomerFacts, CustomerVerdicts, Finding, ProfileContext, customer_findings, evaluate_customer,
};
use partner_desk_core::{Cloud, PartnerRole};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::entities::{
    CUSTOMER_COLUMNS, GDAP_COLUMNS, LINK_COLUMNS, SUBSCRIPTION_COLUMNS, customer_from_row, gdap_from_row,
    link_from_row, qualified, subscription_from_row,
};
use crate::error::{Context, Result, StoreError};
use crate::profile_db::ProfileDb;

/// One customer with what hangs off it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerBundle {
    pub customer: Customer,
    pub links: Vec<CustomerPartnerLink>,
    /// The partners the links name.
    pub partners: Vec<Partner>,
    pub subscriptions: Vec<Subscription>,
    pub gdap: Vec<GdapRelationship>,
    /// The customer's tenant is itself a partner seen in the data (CSP-1).
    pub is_csp_partner: bool,
    /// Which of `partners` is our own organisation, when the profile knows
    /// its ids: the views mark that link "ours".
    pub our_partner_id: Option<String>,
}

pub(crate) fn partner_from_row(r: &Row<'_>) -> rusqlite::Result<Partner> {
    Ok(Partner { id: r.get(0)?, tenant_id: r.get(1)?, mpn_id: r.get(2)?, name: r.get(3)?, location: r.get(4)? })
}

/// Takes the leading rows of a sorted stream that belong to `key`.
fn take_for<T>(rows: &mut Peekable<impl Iterator<Item = (String, T)>>, key: &str) -> Vec<T> {
    let mut out = Vec::new();
    while let Some((k, _)) = rows.peek() {
        match k.as_str().cmp(key) {
            std::cmp::Ordering::Less => {
                rows.next();
            }
            std::cmp::Ordering::Equal => {
                if let Some((_, row)) = rows.next() {
                    out.push(row);
                }
            }
            std::cmp::Ordering::Greater => break,
        }
    }
    out
}

impl ProfileDb {
    /// Finds a customer by tenant id, else by exact company name or primary domain.
    pub fn resolve_customer(&self, id_or_name: &str) -> Result<String> {
        let wanted = id_or_name.trim();
        // A tenant id (what the app passes) is found by the key; names and
        // domains have no index that matches them exactly, and are scanned.
        let by_id: Option<String> = self
            .conn
            .prepare_cached("SELECT tenant_id FROM customers WHERE tenant_id = lower(?1)")
            .and_then(|mut s| s.query_row([wanted], |r| r.get(0)).optional())
            .context(|| "looking up the customer".into())?;
        if let Some(tenant_id) = by_id {
            return Ok(tenant_id);
        }
        let found: Option<String> = self
            .conn
            .query_row(
                "SELECT tenant_id FROM customers
                 WHERE tenant_id = lower(?1) OR company_name = ?1 OR primary_domain = lower(?1)
                 ORDER BY tenant_id = lower(?1) DESC LIMIT 1",
                [wanted],
                |r| r.get(0),
            )
            .optional()
            .context(|| "looking up the customer".into())?;
        found.ok_or_else(|| {
            StoreError::Invalid(partner_desk_core::InvalidInput::new(
                "customer",
                id_or_name,
                "is not a customer of this profile (give its tenant id, exact name or primary domain)",
            ))
        })
    }

    pub fn customer_bundle(&self, tenant_id: &str) -> Result<CustomerBundle> {
        let context = || format!("reading customer {tenant_id}");
        let customer = self
            .conn
            .query_row(
                &format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE tenant_id = ?1"),
                [tenant_id],
                customer_from_row,
            )
            .optional()
            .context(context)?
            .ok_or_else(|| {
                StoreError::Invalid(partner_desk_core::InvalidInput::new(
                    "customer",
                    tenant_id,
                    "is not in this profile",
                ))
            })?;
        let links = self.rows(
            &format!("SELECT {LINK_COLUMNS} FROM customer_partner_links WHERE customer_tenant_id = ?1 ORDER BY kind, partner_id"),
            tenant_id,
            link_from_row,
        )?;
        let partners = self.rows(
            "SELECT DISTINCT p.id, p.tenant_id, p.mpn_id, p.name, p.location FROM partners p
             JOIN customer_partner_links l ON l.partner_id = p.id WHERE l.customer_tenant_id = ?1 ORDER BY p.name",
            tenant_id,
            partner_from_row,
        )?;
        let subscriptions = self.rows(
            &format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE customer_tenant_id = ?1 ORDER BY channel, billing_type, offer_name, id"),
            tenant_id,
            subscription_from_row,
        )?;
        let gdap = self.rows(
            &format!("SELECT {GDAP_COLUMNS} FROM gdap_relationships WHERE customer_tenant_id = ?1 ORDER BY end_at, id"),
            tenant_id,
            gdap_from_row,
        )?;
        let is_csp_partner = self
            .conn
            .prepare_cached("SELECT 1 FROM partners WHERE tenant_id = ?1")
            .and_then(|mut s| s.exists([tenant_id]))
            .context(context)?;
        Ok(CustomerBundle { customer, links, partners, subscriptions, gdap, is_csp_partner, our_partner_id: None })
    }

    fn rows<T>(&self, sql: &str, key: &str, map: impl Fn(&Row<'_>) -> rusqlite::Result<T>) -> Result<Vec<T>> {
        let context = || format!("reading customer {key}");
        let mut statement = self.conn.prepare_cached(sql).context(context)?;
        let rows =
            statement.query_map([key], map).context(context)?.collect::<rusqlite::Result<Vec<_>>>().context(context)?;
        Ok(rows)
    }

    /// Calls `visit` for every customer, in tenant id order, with its bundle.
    /// Four ordered scans merged in step, not four queries per customer, so a
    /// distributor-sized profile is read in one pass.
    pub fn for_each_customer_bundle(&self, visit: impl FnMut(CustomerBundle)) -> Result<()> {
        for_each_bundle(&self.conn, visit)
    }

    /// GDAP relationships not tied to a customer of this profile.
    pub fn unattached_gdap(&self) -> Result<Vec<GdapRelationship>> {
        unattached_gdap(&self.conn)
    }
}

/// A customer as the detail view and `customer show` present it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerView {
    pub bundle: CustomerBundle,
    pub verdicts: CustomerVerdicts,
    pub findings: Vec<Finding>,
}

impl CustomerBundle {
    /// The rules' view of this bundle; `own` is added to the partners so the
    /// engine can tell our links from others'.
    pub(crate) fn facts<'a>(&'a self, partners: &'a [Partner]) -> CustomerFacts<'a> {
        CustomerFacts {
            customer: &self.customer,
            links: &self.links,
            partners,
            subscriptions: &self.subscriptions,
            gdap: &self.gdap,
            is_csp_partner: self.is_csp_partner,
        }
    }

    /// Customer lists carry our own relationship as a field of the customer
    /// (`relationshipToPartner`), not as a link: show it among the partners,
    /// so the multi-partner view has ours beside theirs.
    fn add_our_relationship(&mut self, own: &Partner) {
        let kind = match self.customer.relationship {
            CustomerRelationship::Reseller => LinkKind::Reseller,
            CustomerRelationship::Advisor => LinkKind::Advisor,
            CustomerRelationship::Syndication => LinkKind::Syndication,
            CustomerRelationship::MicrosoftSupport => LinkKind::Support,
            _ => return,
        };
        if self.links.iter().any(|l| l.partner_id == own.id && l.kind == kind) {
            return;
        }
        self.links.insert(
            0,
            CustomerPartnerLink {
                customer_tenant_id: self.customer.tenant_id.clone(),
                partner_id: own.id.clone(),
                kind,
                scope: None,
                source: "relationship".to_string(),
                start_date: None,
                end_date: None,
            },
        );
        if !self.partners.iter().any(|p| p.id == own.id) {
            self.partners.insert(0, own.clone());
        }
    }

    pub(crate) fn partners_with(&self, own: &Option<Partner>) -> Vec<Partner> {
        let mut partners = self.partners.clone();
        if let Some(own) = own
            && !partners.iter().any(|p| p.id == own.id)
        {
            partners.push(own.clone());
        }
        partners
    }
}

impl ProfileDb {
    pub fn profile_context(&self) -> Result<ProfileContext> {
        Ok(identity(&self.conn, self.path())?.0)
    }

    /// One customer with every action verdict and finding, as of `today`.
    pub fn customer_view(&self, id_or_name: &str, today: NaiveDate) -> Result<CustomerView> {
        let tenant_id = self.resolve_customer(id_or_name)?;
        let mut bundle = self.customer_bundle(&tenant_id)?;
        let edits = self.tag_edits(std::slice::from_ref(&tenant_id))?;
        crate::tags::show_local_edits(&mut bundle.customer.tags, &tenant_id, &edits);
        let Rules { context, own } = Rules::read(&self.conn)?;
        if let Some(own) = &own {
            bundle.add_our_relationship(own);
            bundle.our_partner_id = Some(own.id.clone());
        }
        let partners = bundle.partners_with(&own);
        let facts = bundle.facts(&partners);
        let verdicts = evaluate_customer(&context, &facts, today);
        let findings = customer_findings(&context, &facts, today);
        Ok(CustomerView { bundle, verdicts, findings })
    }
}

/// Calls `visit` for every customer, in tenant id order, with its bundle.
/// Four ordered scans merged in step, not four queries per customer, so a
/// distributor-sized profile is read in one pass.
pub(crate) fn for_each_bundle(conn: &Connection, mut visit: impl FnMut(CustomerBundle)) -> Result<()> {
    let context = || "reading every customer".to_string();
    let partners: HashMap<String, Partner> = {
        let mut statement =
            conn.prepare("SELECT id, tenant_id, mpn_id, name, location FROM partners").context(context)?;
        statement
            .query_map([], partner_from_row)
            .context(context)?
            .map(|p| p.map(|p| (p.id.clone(), p)))
            .collect::<rusqlite::Result<_>>()
            .context(context)?
    };
    let partner_tenants: std::collections::HashSet<String> =
        partners.values().filter_map(|p| p.tenant_id.clone()).collect();
    let mut customers =
        conn.prepare(&format!("SELECT {CUSTOMER_COLUMNS} FROM customers ORDER BY tenant_id")).context(context)?;
    let mut links_stmt = conn
        .prepare(&format!("SELECT {} FROM customer_partner_links l {LINK_ORDER}", qualified(LINK_COLUMNS, "l")))
        .context(context)?;
    let mut subs_stmt = conn
        .prepare(&format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions ORDER BY customer_tenant_id, id"))
        .context(context)?;
    let mut gdap_stmt = conn
        .prepare(&format!(
            "SELECT {GDAP_COLUMNS} FROM gdap_relationships WHERE customer_tenant_id IS NOT NULL ORDER BY customer_tenant_id, id"
        ))
        .context(context)?;
    let mut links = links_stmt
        .query_map([], |r| link_from_row(r).map(|l| (l.customer_tenant_id.clone(), l)))
        .context(context)?
        .filter_map(|r| r.ok())
        .peekable();
    let mut subs = subs_stmt
        .query_map([], |r| subscription_from_row(r).map(|s| (s.customer_tenant_id.clone(), s)))
        .context(context)?
        .filter_map(|r| r.ok())
        .peekable();
    let mut gdap = gdap_stmt
        .query_map([], |r| gdap_from_row(r).map(|g| (g.customer_tenant_id.clone().unwrap_or_default(), g)))
        .context(context)?
        .filter_map(|r| r.ok())
        .peekable();
    let rows = customers.query_map([], customer_from_row).context(context)?;
    for customer in rows {
        let customer = customer.context(context)?;
        let key = customer.tenant_id.clone();
        let customer_links = take_for(&mut links, &key);
        let mut linked: Vec<Partner> =
            customer_links.iter().filter_map(|l| partners.get(&l.partner_id).cloned()).collect();
        linked.sort_by(|a, b| a.id.cmp(&b.id));
        linked.dedup_by(|a, b| a.id == b.id);
        visit(CustomerBundle {
            is_csp_partner: partner_tenants.contains(&key),
            links: customer_links,
            partners: linked,
            subscriptions: take_for(&mut subs, &key),
            gdap: take_for(&mut gdap, &key),
            our_partner_id: None,
            customer,
        });
    }
    Ok(())
}

/// One customer's bundle exactly as [`for_each_bundle`] builds it (same
/// orders, same partners), or `None` when the profile has no such customer:
/// what the kept findings of one customer are computed from.
pub(crate) fn bundle_as_streamed(conn: &Connection, tenant_id: &str) -> Result<Option<CustomerBundle>> {
    let context = || format!("reading customer {tenant_id}");
    let customer = conn
        .prepare_cached(&format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE tenant_id = ?1"))
        .and_then(|mut s| s.query_row([tenant_id], customer_from_row).optional())
        .context(context)?;
    let Some(customer) = customer else { return Ok(None) };
    fn rows<T>(
        conn: &Connection,
        sql: &str,
        key: &str,
        map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Vec<T>> {
        conn.prepare_cached(sql)?.query_map([key], map)?.filter(|r| r.is_ok()).collect()
    }
    let links = rows(
        conn,
        &format!(
            "SELECT {} FROM customer_partner_links l WHERE l.customer_tenant_id = ?1 {LINK_ORDER}",
            qualified(LINK_COLUMNS, "l")
        ),
        tenant_id,
        link_from_row,
    )
    .context(context)?;
    let partners = rows(
        conn,
        "SELECT DISTINCT p.id, p.tenant_id, p.mpn_id, p.name, p.location FROM partners p
         JOIN customer_partner_links l ON l.partner_id = p.id WHERE l.customer_tenant_id = ?1 ORDER BY p.id",
        tenant_id,
        partner_from_row,
    )
    .context(context)?;
    let subscriptions = rows(
        conn,
        &format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE customer_tenant_id = ?1 ORDER BY id"),
        tenant_id,
        subscription_from_row,
    )
    .context(context)?;
    let gdap = rows(
        conn,
        &format!("SELECT {GDAP_COLUMNS} FROM gdap_relationships WHERE customer_tenant_id = ?1 ORDER BY id"),
        tenant_id,
        gdap_from_row,
    )
    .context(context)?;
    let is_csp_partner = conn
        .prepare_cached("SELECT 1 FROM partners WHERE tenant_id = ?1")
        .and_then(|mut s| s.exists([tenant_id]))
        .context(context)?;
    Ok(Some(CustomerBundle { customer, links, partners, subscriptions, gdap, is_csp_partner, our_partner_id: None }))
}

/// The links of customers in the order the rules see them, however they are
/// read (all customers, or one): the order of findings follows it.
const LINK_ORDER: &str = "ORDER BY l.customer_tenant_id, l.kind, l.partner_id, COALESCE(l.scope, '')";

/// GDAP relationships not tied to a customer of this profile.
pub(crate) fn unattached_gdap(conn: &Connection) -> Result<Vec<GdapRelationship>> {
    let context = || "reading GDAP relationships".to_string();
    let mut statement = conn
        .prepare(&format!(
            "SELECT {} FROM gdap_relationships g
             WHERE g.customer_tenant_id IS NULL
                OR NOT EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = g.customer_tenant_id)
             ORDER BY g.id",
            qualified(GDAP_COLUMNS, "g")
        ))
        .context(context)?;
    let rows = statement
        .query_map([], gdap_from_row)
        .context(context)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context(context)?;
    Ok(rows)
}

/// The profile as the rules take it: who it is (cloud, role, own ids), and
/// our own organisation as a partner when the profile knows its ids.
pub(crate) struct Rules {
    pub(crate) context: ProfileContext,
    pub(crate) own: Option<Partner>,
}

impl Rules {
    pub(crate) fn read(conn: &Connection) -> Result<Rules> {
        // The file's path names it in errors; an in-memory profile has none.
        let (context, name) = identity(conn, std::path::Path::new(conn.path().unwrap_or("profile")))?;
        let own = own_partner(&context, name);
        Ok(Rules { context, own })
    }
}

/// Who the profile is (cloud, role, own ids) and its name. Read alone:
/// `summary()` also counts every customer and subscription, which a customer
/// view must not pay for on a distributor-sized profile.
fn identity(conn: &Connection, path: &std::path::Path) -> Result<(ProfileContext, String)> {
    let not_a_profile = |reason: String| StoreError::NotAProfile { path: path.to_path_buf(), reason };
    let (name, cloud, role, own_tenant_id, own_mpn_id) = conn
        .prepare_cached("SELECT name, cloud, role, tenant_id, mpn_id FROM profile WHERE singleton = 1")
        .and_then(|mut s| {
            s.query_row([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
        })
        .map_err(|e| not_a_profile(e.to_string()))?;
    let cloud = Cloud::parse(&cloud).map_err(|e| not_a_profile(e.to_string()))?;
    let role = PartnerRole::parse(&role).map_err(|e| not_a_profile(e.to_string()))?;
    Ok((ProfileContext { cloud, role, own_tenant_id, own_mpn_id }, name))
}

/// Our own organisation as a partner, when the profile knows its ids.
fn own_partner(context: &ProfileContext, name: String) -> Option<Partner> {
    let id = Partner::local_id(context.own_tenant_id.as_deref(), context.own_mpn_id.as_deref())?;
    Some(Partner {
        id,
        tenant_id: context.own_tenant_id.clone(),
        mpn_id: context.own_mpn_id.clone(),
        name,
        location: None,
    })
}
