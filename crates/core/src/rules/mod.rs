//! The rules engine: what a partner may do for a customer and its
//! subscriptions, and what needs attention, each answer citing rule ids of
//! `shared/domain.md`.
//!
//! - [`catalogue`]: every rule id with its title, sources and message keys.
//! - [`messages`]: the English text behind every key the engine emits.
//! - [`capabilities`]: NC-1 to NC-4 as a cloud × feature table.
//! - [`multi_partner`], [`multi_channel`], [`resale`], [`gdap`]: each rule
//!   applied once, in a function named after its id.
//! - [`actions`]: [`evaluate_customer`], which asks those functions per action.
//! - [`findings`]: [`customer_findings`] and [`gdap_findings`].
//! - [`links`]: [`links::link_partner`], the only way to add a partner (MP-3).
//! - [`invitation`]: the reseller invitation link per cloud.
//! - [`workflows`]: the MC-3 move plan and the MC-4 / MC-5 checklists a
//!   verdict turns into when the user starts one.
//!
//! Everything here is a pure function of its inputs: the caller passes `today`.

pub mod actions;
pub mod capabilities;
pub mod catalogue;
pub mod findings;
pub mod gdap;
pub mod invitation;
pub mod links;
pub mod messages;
pub mod multi_channel;
pub mod multi_partner;
pub mod resale;
pub mod verdict;
pub mod workflows;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::cloud::{Cloud, PartnerRole};
use crate::model::{
    Customer, CustomerPartnerLink, CustomerRelationship, GdapRelationship, LinkKind, Partner, Subscription,
    SubscriptionStatus,
};

pub use actions::evaluate_customer;
pub use catalogue::RuleId;
pub use findings::{
    DatedFindings, Finding, Severity, Subject, customer_findings, customer_findings_dated, gdap_findings,
    gdap_findings_dated,
};
pub use messages::FindingKind;
pub use verdict::{Action, CustomerVerdicts, Effect, Reason, Step, SubscriptionVerdicts, Verdict, VerdictKind};

/// The profile the rules are evaluated for: one partner in one cloud.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileContext {
    pub cloud: Cloud,
    pub role: PartnerRole,
    pub own_tenant_id: Option<String>,
    pub own_mpn_id: Option<String>,
}

impl ProfileContext {
    /// An indirect provider, or a partner that is both direct and indirect.
    pub fn is_provider(&self) -> bool {
        matches!(self.role, PartnerRole::IndirectProvider | PartnerRole::Dual)
    }

    fn is_own_mpn(&self, mpn: &str) -> bool {
        self.own_mpn_id.as_deref().is_some_and(|own| own.trim() == mpn.trim())
    }
}

/// Everything known about one customer. The store streams customers one at a
/// time, so this borrows and the engine never needs the whole dataset.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerFacts<'a> {
    pub customer: &'a Customer,
    pub links: &'a [CustomerPartnerLink],
    /// The partners the links name, plus our own.
    pub partners: &'a [Partner],
    pub subscriptions: &'a [Subscription],
    pub gdap: &'a [GdapRelationship],
    /// The customer's tenant is itself a CSP partner('s CSP tenant).
    pub is_csp_partner: bool,
}

/// Subscription statuses that count as ended: `deleted` (cancelled),
/// `expired` (the term ran out without renewal) and `disabled` (turned off
/// after cancellation or non-payment, no longer usable). `suspended` is not
/// ended: it can be reactivated and its term still runs. `pending`, `none` and
/// unrecognised statuses are not known to be ended, so the term rules apply.
pub fn is_ended(status: &SubscriptionStatus) -> bool {
    matches!(status, SubscriptionStatus::Deleted | SubscriptionStatus::Expired | SubscriptionStatus::Disabled)
}

/// How messages name a subscription: its friendly name, else its offer.
pub(crate) fn subscription_name(subscription: &Subscription) -> String {
    subscription.friendly_name.clone().unwrap_or_else(|| subscription.offer_name.clone())
}

/// Who holds a CSP subscription, from our side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Holder {
    /// We are the partner of record, directly or through one of our indirect
    /// resellers (IND-4), or the record is empty (Partner Center leaves
    /// `partnerId` empty on a direct sale) or `-1` (reseller removed: the
    /// subscription stays with the provider that sold it).
    Us,
    /// Another partner, by name when known, else by MPN id.
    Other(String),
}

impl<'a> CustomerFacts<'a> {
    fn active_links(&self, today: NaiveDate) -> impl Iterator<Item = &'a CustomerPartnerLink> + use<'a> {
        self.links.iter().filter(move |l| l.end_date.is_none_or(|end| end >= today))
    }

    fn partner(&self, partner_id: &str) -> Option<&'a Partner> {
        self.partners.iter().find(|p| p.id == partner_id)
    }

    fn partner_by_mpn(&self, mpn: &str) -> Option<&'a Partner> {
        self.partners.iter().find(|p| p.mpn_id.as_deref() == Some(mpn))
    }

    fn is_own_partner(&self, profile: &ProfileContext, partner_id: &str) -> bool {
        if Partner::local_id(profile.own_tenant_id.as_deref(), profile.own_mpn_id.as_deref()).as_deref()
            == Some(partner_id)
        {
            return true;
        }
        self.partner(partner_id).is_some_and(|p| {
            (p.tenant_id.is_some() && p.tenant_id == profile.own_tenant_id)
                || p.mpn_id.as_deref().is_some_and(|m| profile.is_own_mpn(m))
        })
    }

    fn partner_label(&self, partner_id: &str) -> String {
        self.partner(partner_id).map_or_else(|| partner_id.to_string(), |p| p.name.clone())
    }

    pub(crate) fn has_reseller_relationship(&self) -> bool {
        self.customer.relationship == CustomerRelationship::Reseller
    }

    /// We appear among the customer's partners (reseller relationship or a link).
    pub(crate) fn works_with_us(&self, profile: &ProfileContext, today: NaiveDate) -> bool {
        self.has_reseller_relationship()
            || self.active_links(today).any(|l| self.is_own_partner(profile, &l.partner_id))
    }

    /// Distinct partners other than us with an active link to the customer.
    pub(crate) fn other_partner_count(&self, profile: &ProfileContext, today: NaiveDate) -> usize {
        let mut ids: Vec<&str> = self
            .active_links(today)
            .filter(|l| !self.is_own_partner(profile, &l.partner_id))
            .map(|l| l.partner_id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    /// The customer's indirect reseller, by name when known.
    pub(crate) fn indirect_reseller(&self, today: NaiveDate) -> Option<String> {
        if let Some(link) = self.active_links(today).find(|l| l.kind == LinkKind::IndirectReseller) {
            return Some(self.partner_label(&link.partner_id));
        }
        let mpn = self.customer.indirect_reseller_id.as_deref().filter(|m| !m.trim().is_empty())?;
        Some(self.partner_by_mpn(mpn).map_or_else(|| mpn.to_string(), |p| p.name.clone()))
    }

    /// The customer's indirect provider, by name when known.
    pub(crate) fn indirect_provider(&self, today: NaiveDate) -> Option<String> {
        let link = self.active_links(today).find(|l| l.kind == LinkKind::IndirectProvider)?;
        Some(self.partner_label(&link.partner_id))
    }

    pub(crate) fn has_two_tier_data(&self) -> bool {
        self.customer.indirect_reseller_id.as_deref().is_some_and(|m| !m.trim().is_empty())
            || self.links.iter().any(|l| matches!(l.kind, LinkKind::IndirectReseller | LinkKind::IndirectProvider))
    }

    fn is_indirect_reseller_mpn(&self, mpn: &str) -> bool {
        self.customer.indirect_reseller_id.as_deref() == Some(mpn)
            || self
                .links
                .iter()
                .filter(|l| l.kind == LinkKind::IndirectReseller)
                .any(|l| self.partner(&l.partner_id).and_then(|p| p.mpn_id.as_deref()) == Some(mpn))
    }

    pub(crate) fn holder(&self, profile: &ProfileContext, subscription: &Subscription) -> Holder {
        let Some(mpn) = subscription.partner_of_record.as_deref().map(str::trim).filter(|m| !m.is_empty()) else {
            return Holder::Us;
        };
        if mpn == "-1" || profile.is_own_mpn(mpn) || (profile.is_provider() && self.is_indirect_reseller_mpn(mpn)) {
            return Holder::Us;
        }
        Holder::Other(self.partner_by_mpn(mpn).map_or_else(|| mpn.to_string(), |p| p.name.clone()))
    }
}
