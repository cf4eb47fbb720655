//! MP-1 to MP-3 (seeds 000, 003, 004) and DAP-1: a customer may have several
//! partners, each joins by invitation, and joining touches no subscription.

use chrono::NaiveDate;

use super::capabilities::{Availability, Feature, availability};
use super::findings::{Finding, Severity, Subject};
use super::messages::{
    DAP1_ALLOWED, FindingKind, MP1_ALLOWED, MP1_ALREADY, MP1_RESTRICTED, MP2_ALLOWED, MP2_ALLOWED_WITHOUT_DAP,
    MP2_ALREADY, MP2_RESTRICTED, MP3_ALLOWED, MP3_DENIED,
};
use super::verdict::{Effect, Params, Reason, params};
use super::{CustomerFacts, Holder, ProfileContext};
use crate::model::{GdapRelationship, GdapStatus, LinkKind};

/// MP-1: more than one partner at once, limited where the cloud limits it
/// (NC-2 in US Government; the NC-2 reason itself comes from the capability table).
pub(crate) fn mp1_several_partners(profile: &ProfileContext, facts: &CustomerFacts<'_>, today: NaiveDate) -> Reason {
    let partners = params([("partners", facts.other_partner_count(profile, today).to_string())]);
    match availability(profile.cloud, Feature::MultiPartner) {
        Availability::Available if facts.works_with_us(profile, today) => {
            Reason::new(MP1_ALREADY, Effect::Allows, partners)
        }
        Availability::Available => Reason::new(MP1_ALLOWED, Effect::Allows, partners),
        Availability::Restricted => Reason::new(MP1_RESTRICTED, Effect::Restricts, Params::new()),
        Availability::Unavailable => Reason::new(MP1_RESTRICTED, Effect::Denies, Params::new()),
    }
}

/// MP-2: a partner joins through an invitation.
pub(crate) fn mp2_invitation(facts: &CustomerFacts<'_>, with_dap: bool) -> Reason {
    let message = match (facts.has_reseller_relationship(), with_dap) {
        (true, _) => MP2_ALREADY,
        (false, true) => MP2_ALLOWED,
        (false, false) => MP2_ALLOWED_WITHOUT_DAP,
    };
    Reason::new(message, Effect::Allows, Params::new())
}

/// MP-2, as a precondition: selling needs the accepted invitation first.
pub(crate) fn mp2_relationship_needed(facts: &CustomerFacts<'_>) -> Option<Reason> {
    (!facts.has_reseller_relationship()).then(|| Reason::new(MP2_RESTRICTED, Effect::Restricts, Params::new()))
}

/// MP-3: joining leaves every subscription as it is. Enforced structurally by
/// `links::link_partner`; here it is explained, and it is why a subscription
/// of another partner of record is not ours to manage.
pub(crate) fn mp3_subscriptions_unchanged(facts: &CustomerFacts<'_>) -> Reason {
    Reason::new(MP3_ALLOWED, Effect::Allows, params([("subscriptions", facts.subscriptions.len().to_string())]))
}

pub(crate) fn mp3_partner_of_record(holder: &Holder) -> Option<Reason> {
    match holder {
        Holder::Us => None,
        Holder::Other(partner) => Some(Reason::new(MP3_DENIED, Effect::Denies, params([("partner", partner.clone())]))),
    }
}

/// DAP-1: what the invitation with delegated admin grants.
pub(crate) fn dap1_standing_grant() -> Reason {
    Reason::new(DAP1_ALLOWED, Effect::Allows, Params::new())
}

fn gdap_in_force(gdap: &GdapRelationship, today: NaiveDate) -> bool {
    matches!(gdap.status, GdapStatus::Active | GdapStatus::Expiring)
        && gdap.end_at.is_none_or(|end| end.date_naive() >= today)
}

/// DAP-1 in the data: a customer of ours with neither DAP nor GDAP in force.
/// Unknown DAP (only a single-customer lookup tells) is reported as `info`;
/// DAP known to be off as `warning`.
pub(crate) fn dap1_no_delegated_admin(
    profile: &ProfileContext,
    facts: &CustomerFacts<'_>,
    today: NaiveDate,
) -> Option<Finding> {
    if !facts.has_reseller_relationship() || facts.customer.allow_delegated_access == Some(true) {
        return None;
    }
    let dap_link =
        facts.active_links(today).any(|l| l.kind == LinkKind::Dap && facts.is_own_partner(profile, &l.partner_id));
    if dap_link || facts.gdap.iter().any(|g| gdap_in_force(g, today)) {
        return None;
    }
    let severity =
        if facts.customer.allow_delegated_access == Some(false) { Severity::Warning } else { Severity::Info };
    Some(Finding::new(
        FindingKind::NoDelegatedAdmin,
        severity,
        Subject::customer(&facts.customer.tenant_id),
        None,
        Params::new(),
    ))
}
