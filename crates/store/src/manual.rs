//! Records entered by hand: partners, customer–partner links and
//! subscriptions bought through other channels (MC-4 has the partner enter
//! them). Each change is one transaction with its audit entry. Only manual
//! rows can be edited or removed here: imported ones belong to their source.

use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::InvalidInput;
use partner_desk_core::model::{
    BillingType, Channel, Customer, CustomerPartnerLink, LinkKind, Partner, Subscription, SubscriptionStatus,
};
use partner_desk_core::rules::links::{LinkOutcome, link_partner};
use rusqlite::{Transaction, params};
use serde::{Deserialize, Serialize};

use crate::detail::partner_from_row;
use crate::entities::{Entity, LINK_COLUMNS, MANUAL, link_from_row, link_key, to_json};
use crate::error::{Context, Result, StoreError};
use crate::findings::{Touched, TouchedKeys};
use crate::profile_db::ProfileDb;

/// Who made a change and when, for the audit log.
#[derive(Debug, Clone)]
pub struct Change {
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl Change {
    /// A change by the signed-in user at `at`, made through `via` when it is
    /// not the command line (`"app"`): how the CLI and the app name it alike.
    pub fn by_signed_in_user(via: Option<&str>, at: DateTime<Utc>) -> Change {
        let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "local user".into());
        let actor = match via {
            Some(via) => format!("{user} ({via})"),
            None => user,
        };
        Change { actor, at }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PartnerInput {
    pub name: Option<String>,
    pub tenant_id: Option<String>,
    pub mpn_id: Option<String>,
    pub location: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SubscriptionInput {
    pub customer_tenant_id: Option<String>,
    pub offer_name: Option<String>,
    pub billing_type: Option<String>,
    pub channel: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub quantity: Option<i64>,
    pub commitment_end: Option<NaiveDate>,
    pub partner_of_record: Option<String>,
    pub status: Option<String>,
    pub auto_renew: Option<bool>,
}

/// A link between a customer and a partner, as a form names it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkInput {
    pub customer_tenant_id: String,
    pub partner_id: String,
    /// A link kind word (`reseller`, `indirect-reseller`, `advisor`, …).
    pub kind: String,
    pub scope: Option<String>,
}

/// A partner the profile knows, with where it came from (`manual` can be
/// changed here; anything else belongs to its import).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KnownPartner {
    pub partner: Partner,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub(crate) fn invalid(field: &'static str, value: &str, reason: &str) -> StoreError {
    StoreError::Invalid(InvalidInput::new(field, value, reason))
}

fn known<T: Clone + PartialEq + std::fmt::Display>(field: &'static str, value: T, known: &[T]) -> Result<T> {
    if known.contains(&value) {
        return Ok(value);
    }
    let list: Vec<String> = known.iter().map(|k| k.to_string()).collect();
    Err(invalid(field, &value.to_string(), &format!("must be one of {}", list.join(", "))))
}

pub(crate) fn non_empty(field: &'static str, value: Option<String>) -> Result<String> {
    match value.map(|v| v.trim().to_string()) {
        Some(v) if !v.is_empty() => Ok(v),
        other => Err(invalid(field, other.as_deref().unwrap_or(""), "is required")),
    }
}

pub(crate) fn audit(
    tx: &Transaction<'_>,
    change: &Change,
    action: &str,
    entity: &str,
    id: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![change.at.to_rfc3339(), change.actor, action, entity, id, before, after],
    )
    .context(|| "writing the audit log".into())?;
    Ok(())
}

/// Loads a row that may be changed by hand, or says why not.
fn manual_row<E: Entity>(tx: &Transaction<'_>, key: &str, what: &'static str) -> Result<E> {
    match E::load(tx, key).context(|| format!("reading {what} {key}"))? {
        None => Err(invalid(what, key, "does not exist in this profile")),
        Some((_, source)) if source != MANUAL => Err(invalid(
            what,
            key,
            &format!("came from {source}; only records entered here can be changed (import a new file to update it)"),
        )),
        Some((row, _)) => Ok(row),
    }
}

impl ProfileDb {
    pub(crate) fn in_transaction<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction().context(|| "starting a change".into())?;
        let value = work(&tx)?;
        tx.commit().context(|| "saving the change".into())?;
        Ok(value)
    }

    /// A change to what the rules read: the kept findings of what it touched
    /// are computed again in the same transaction.
    fn in_change<T>(
        &mut self,
        change: &Change,
        work: impl FnOnce(&Transaction<'_>, &mut TouchedKeys) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction().context(|| "starting a change".into())?;
        let mut touched = TouchedKeys::default();
        let value = work(&tx, &mut touched)?;
        crate::findings::refresh(&tx, &Touched::Records(touched), change.at.date_naive())?;
        tx.commit().context(|| "saving the change".into())?;
        Ok(value)
    }

    pub fn add_partner(&mut self, input: PartnerInput, change: &Change) -> Result<Partner> {
        let name = non_empty("name", input.name)?;
        let tenant_id = input
            .tenant_id
            .filter(|t| !t.trim().is_empty())
            .map(|t| partner_desk_core::ids::parse_tenant_id("tenant id", &t))
            .transpose()?;
        let mpn_id = input
            .mpn_id
            .filter(|m| !m.trim().is_empty())
            .map(|m| partner_desk_core::ids::parse_mpn_id("MPN id", &m))
            .transpose()?;
        let id = Partner::local_id(tenant_id.as_deref(), mpn_id.as_deref())
            .unwrap_or_else(|| format!("local:{}", uuid::Uuid::new_v4().simple()));
        let partner = Partner { id: id.clone(), tenant_id, mpn_id, name, location: input.location };
        self.in_change(change, |tx, touched| {
            if Partner::load(tx, &id).context(|| "reading partners".into())?.is_some() {
                return Err(invalid("partner", &id, "already exists"));
            }
            partner.save(tx, MANUAL).context(|| "adding the partner".into())?;
            partner.touch(touched);
            audit(tx, change, "add", Partner::NAME, &id, None, Some(to_json(&partner)))?;
            Ok(partner.clone())
        })
    }

    /// Every partner the profile knows, by name: what a new link may name.
    pub fn partners(&self) -> Result<Vec<KnownPartner>> {
        let context = || format!("listing partners in {}", self.path().display());
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, tenant_id, mpn_id, name, location, source FROM partners
                 WHERE is_self = 0 ORDER BY name COLLATE NOCASE, id",
            )
            .context(context)?;
        let partners = statement
            .query_map([], |r| Ok(KnownPartner { partner: partner_from_row(r)?, source: r.get(5)? }))
            .context(context)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(context)?;
        Ok(partners)
    }

    /// A name or location: nothing the rules read, so no findings change.
    pub fn edit_partner(&mut self, id: &str, input: PartnerInput, change: &Change) -> Result<Partner> {
        self.in_transaction(|tx| {
            let before: Partner = manual_row(tx, id, "partner")?;
            let mut after = before.clone();
            if let Some(name) = input.name {
                after.name = non_empty("name", Some(name))?;
            }
            if input.location.is_some() {
                after.location = input.location;
            }
            after.save(tx, MANUAL).context(|| "editing the partner".into())?;
            audit(tx, change, "edit", Partner::NAME, id, Some(to_json(&before)), Some(to_json(&after)))?;
            Ok(after)
        })
    }

    pub fn remove_partner(&mut self, id: &str, change: &Change) -> Result<()> {
        self.in_change(change, |tx, touched| {
            let before: Partner = manual_row(tx, id, "partner")?;
            before.touch(touched);
            let linked: i64 = tx
                .query_row("SELECT COUNT(*) FROM customer_partner_links WHERE partner_id = ?1", [id], |r| r.get(0))
                .context(|| "reading links".into())?;
            if linked > 0 {
                return Err(invalid(
                    "partner",
                    id,
                    &format!("is linked to {linked} customer(s); remove the links first"),
                ));
            }
            Partner::delete(tx, id).context(|| "removing the partner".into())?;
            audit(tx, change, "remove", Partner::NAME, id, Some(to_json(&before)), None)
        })
    }

    /// Links a partner to a customer (MP-1): only the links table is written,
    /// never a subscription (MP-3).
    pub fn add_link(
        &mut self,
        customer: &str,
        partner: &str,
        kind: &str,
        scope: Option<String>,
        change: &Change,
    ) -> Result<CustomerPartnerLink> {
        let kind = known("kind", LinkKind::parse(kind), LinkKind::KNOWN)?;
        let scope = scope.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        self.in_change(change, |tx, touched| {
            let customer = Customer::load(tx, customer)
                .context(|| "reading customers".into())?
                .ok_or_else(|| invalid("customer", customer, "does not exist in this profile"))?
                .0;
            let partner = Partner::load(tx, partner)
                .context(|| "reading partners".into())?
                .ok_or_else(|| {
                    invalid("partner", partner, "does not exist in this profile (add it with `partner add`)")
                })?
                .0;
            let tenant_id = customer.tenant_id;
            let link = CustomerPartnerLink {
                customer_tenant_id: tenant_id.clone(),
                partner_id: partner.id,
                kind,
                scope,
                source: MANUAL.to_string(),
                start_date: Some(change.at.date_naive()),
                end_date: None,
            };
            let key = link.key();
            // The core's link_partner is the one place a partner joins a
            // customer (MP-1); it is given the links and nothing else (MP-3).
            let mut links: Vec<CustomerPartnerLink> = tx
                .prepare_cached(&format!(
                    "SELECT {LINK_COLUMNS} FROM customer_partner_links WHERE customer_tenant_id = ?1"
                ))
                .and_then(|mut s| s.query_map([&tenant_id], link_from_row)?.collect())
                .context(|| "reading links".into())?;
            if link_partner(&tenant_id, &mut links, link.clone())? == LinkOutcome::AlreadyLinked {
                return Err(invalid("link", &key, "already exists"));
            }
            link.save(tx, MANUAL).context(|| "adding the link".into())?;
            link.touch(touched);
            audit(tx, change, "add", CustomerPartnerLink::NAME, &key, None, Some(to_json(&link)))?;
            Ok(link)
        })
    }

    pub fn remove_link(
        &mut self,
        customer: &str,
        partner: &str,
        kind: &str,
        scope: Option<&str>,
        change: &Change,
    ) -> Result<()> {
        let key = link_key(customer, partner, LinkKind::parse(kind).as_str(), scope);
        self.in_change(change, |tx, touched| {
            let before: CustomerPartnerLink = manual_row(tx, &key, "link")?;
            before.touch(touched);
            CustomerPartnerLink::delete(tx, &key).context(|| "removing the link".into())?;
            audit(tx, change, "remove", CustomerPartnerLink::NAME, &key, Some(to_json(&before)), None)
        })
    }

    pub fn add_subscription(&mut self, input: SubscriptionInput, change: &Change) -> Result<Subscription> {
        let customer_id = non_empty("customer", input.customer_tenant_id.clone())?;
        let offer_name = non_empty("offer name", input.offer_name.clone())?;
        let billing = known(
            "billing",
            BillingType::parse(&non_empty("billing", input.billing_type.clone())?),
            BillingType::KNOWN,
        )?;
        let channel = known("channel", Channel::parse(&non_empty("channel", input.channel.clone())?), Channel::KNOWN)?;
        let subscription = Subscription {
            id: format!("manual-{}", uuid::Uuid::new_v4().simple()),
            customer_tenant_id: customer_id.clone(),
            offer_id: None,
            offer_name,
            friendly_name: None,
            quantity: input.quantity.unwrap_or(1),
            unit_type: None,
            status: match input.status {
                Some(s) => known("status", SubscriptionStatus::parse(&s), SubscriptionStatus::KNOWN)?,
                None => SubscriptionStatus::Active,
            },
            billing_type: billing,
            contract_type: None,
            auto_renew: input.auto_renew,
            creation_date: Some(change.at),
            effective_start: None,
            commitment_end: input.commitment_end,
            term_duration: None,
            billing_cycle: None,
            partner_of_record: input.partner_of_record.filter(|p| !p.trim().is_empty()),
            parent_subscription_id: None,
            order_id: None,
            is_trial: false,
            channel,
        };
        if subscription.quantity < 0 {
            return Err(invalid("quantity", &subscription.quantity.to_string(), "must not be negative"));
        }
        self.in_change(change, |tx, touched| {
            if Customer::load(tx, &customer_id).context(|| "reading customers".into())?.is_none() {
                return Err(invalid("customer", &customer_id, "does not exist in this profile"));
            }
            subscription.save(tx, MANUAL).context(|| "adding the subscription".into())?;
            subscription.touch(touched);
            audit(tx, change, "add", Subscription::NAME, &subscription.id, None, Some(to_json(&subscription)))?;
            Ok(subscription.clone())
        })
    }

    pub fn edit_subscription(&mut self, id: &str, input: SubscriptionInput, change: &Change) -> Result<Subscription> {
        self.in_change(change, |tx, touched| {
            let before: Subscription = manual_row(tx, id, "subscription")?;
            let mut after = before.clone();
            if let Some(name) = input.offer_name {
                after.offer_name = non_empty("offer name", Some(name))?;
            }
            if let Some(billing) = input.billing_type {
                after.billing_type = known("billing", BillingType::parse(&billing), BillingType::KNOWN)?;
            }
            if let Some(channel) = input.channel {
                after.channel = known("channel", Channel::parse(&channel), Channel::KNOWN)?;
            }
            if let Some(status) = input.status {
                after.status = known("status", SubscriptionStatus::parse(&status), SubscriptionStatus::KNOWN)?;
            }
            if let Some(quantity) = input.quantity {
                if quantity < 0 {
                    return Err(invalid("quantity", &quantity.to_string(), "must not be negative"));
                }
                after.quantity = quantity;
            }
            if input.commitment_end.is_some() {
                after.commitment_end = input.commitment_end;
            }
            if input.partner_of_record.is_some() {
                after.partner_of_record = input.partner_of_record.filter(|p| !p.trim().is_empty());
            }
            if input.auto_renew.is_some() {
                after.auto_renew = input.auto_renew;
            }
            after.save(tx, MANUAL).context(|| "editing the subscription".into())?;
            after.touch(touched);
            audit(tx, change, "edit", Subscription::NAME, id, Some(to_json(&before)), Some(to_json(&after)))?;
            Ok(after)
        })
    }

    pub fn remove_subscription(&mut self, id: &str, change: &Change) -> Result<()> {
        self.in_change(change, |tx, touched| {
            let before: Subscription = manual_row(tx, id, "subscription")?;
            before.touch(touched);
            Subscription::delete(tx, id).context(|| "removing the subscription".into())?;
            audit(tx, change, "remove", Subscription::NAME, id, Some(to_json(&before)), None)
        })
    }

    /// The audit log, newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        let context = || "reading the audit log".to_string();
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log ORDER BY id DESC LIMIT ?1",
            )
            .context(context)?;
        let rows = statement
            .query_map([limit], |r| {
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    entity: r.get(4)?,
                    entity_id: r.get(5)?,
                    before: r.get(6)?,
                    after: r.get(7)?,
                })
            })
            .context(context)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(context)?;
        Ok(rows)
    }
}
