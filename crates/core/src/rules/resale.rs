//! CSP-1 and IND-1 to IND-5: who may resell to whom, and the two-tier
//! (indirect provider / indirect reseller) model.

use chrono::NaiveDate;

use super::findings::{Finding, Severity, Subject};
use super::messages::{
    CSP1_ALLOWED, CSP1_DENIED, FindingKind, IND1_ALLOWED, IND1_DENIED, IND1_NO_RESELLER, IND1_SELLS_THROUGH,
    IND2_ALLOWED, IND2_RESTRICTED, IND3_ALLOWED, IND3_RESTRICTED, IND5_ALLOWED, IND5_RESTRICTED,
};
use super::verdict::{Effect, Params, Reason, params};
use super::{CustomerFacts, ProfileContext, is_ended, subscription_name};
use crate::cloud::PartnerRole;
use crate::model::{Channel, Subscription};

/// CSP-1: no resale of online services to another CSP partner's CSP tenant.
pub(crate) fn csp1_resale(facts: &CustomerFacts<'_>) -> Reason {
    if facts.is_csp_partner {
        Reason::new(CSP1_DENIED, Effect::Denies, Params::new())
    } else {
        Reason::new(CSP1_ALLOWED, Effect::Allows, Params::new())
    }
}

/// CSP-1 in the data: a CSP partner that is our reseller customer.
pub(crate) fn csp1_finding(facts: &CustomerFacts<'_>) -> Option<Finding> {
    (facts.is_csp_partner && facts.has_reseller_relationship()).then(|| {
        Finding::new(
            FindingKind::CspPartnerCustomer,
            Severity::Warning,
            Subject::customer(&facts.customer.tenant_id),
            None,
            Params::new(),
        )
    })
}

/// IND-1: only an indirect provider works through indirect resellers.
pub(crate) fn ind1_designates(profile: &ProfileContext) -> Reason {
    if profile.is_provider() {
        Reason::new(IND1_ALLOWED, Effect::Allows, Params::new())
    } else {
        Reason::new(IND1_DENIED, Effect::Denies, Params::new())
    }
}

/// IND-1 when selling: a (pure) indirect provider sells through the
/// customer's indirect reseller. A dual partner may also sell directly.
pub(crate) fn ind1_sells_through_reseller(
    profile: &ProfileContext,
    facts: &CustomerFacts<'_>,
    today: NaiveDate,
) -> Option<Reason> {
    if profile.role != PartnerRole::IndirectProvider {
        return None;
    }
    Some(match facts.indirect_reseller(today) {
        Some(reseller) => Reason::new(IND1_SELLS_THROUGH, Effect::Allows, params([("reseller", reseller)])),
        None => Reason::new(IND1_NO_RESELLER, Effect::Restricts, Params::new()),
    })
}

/// IND-2: an indirect reseller sells through an indirect provider.
pub(crate) fn ind2_sells_through_provider(
    profile: &ProfileContext,
    facts: &CustomerFacts<'_>,
    today: NaiveDate,
) -> Option<Reason> {
    if profile.role != PartnerRole::IndirectReseller {
        return None;
    }
    Some(match facts.indirect_provider(today) {
        Some(provider) => Reason::new(IND2_ALLOWED, Effect::Allows, params([("provider", provider)])),
        None => Reason::new(IND2_RESTRICTED, Effect::Restricts, Params::new()),
    })
}

/// IND-3: the indirect reseller needs its own reseller relationship; the
/// provider's does not carry over.
pub(crate) fn ind3_own_relationship(facts: &CustomerFacts<'_>, today: NaiveDate) -> Reason {
    match facts.indirect_reseller(today) {
        Some(reseller) => Reason::new(IND3_ALLOWED, Effect::Allows, params([("reseller", reseller)])),
        None => Reason::new(IND3_RESTRICTED, Effect::Restricts, Params::new()),
    }
}

/// IND-4 in the data: the reseller of record of a live CSP subscription is
/// `-1` (the reseller was removed), or, for a provider, its own MPN id where
/// an indirect reseller was expected (a pure provider; or a dual partner for a
/// customer that has an indirect reseller).
pub(crate) fn ind4_reseller_of_record(
    profile: &ProfileContext,
    facts: &CustomerFacts<'_>,
    subscription: &Subscription,
    today: NaiveDate,
) -> Option<Finding> {
    if subscription.channel != Channel::Csp || is_ended(&subscription.status) {
        return None;
    }
    let mpn = subscription.partner_of_record.as_deref()?.trim();
    let name = subscription_name(subscription);
    let subject = Subject::subscription(&facts.customer.tenant_id, &subscription.id);
    if mpn == "-1" {
        return Some(Finding::new(
            FindingKind::ResellerRemoved,
            Severity::Warning,
            subject,
            None,
            params([("subscription", name)]),
        ));
    }
    let expects_reseller = profile.role == PartnerRole::IndirectProvider
        || (profile.role == PartnerRole::Dual && facts.indirect_reseller(today).is_some());
    (expects_reseller && profile.is_own_mpn(mpn)).then(|| {
        Finding::new(
            FindingKind::ResellerIsProvider,
            Severity::Warning,
            subject,
            None,
            params([("subscription", name), ("mpn", mpn.to_string())]),
        )
    })
}

/// IND-5: the invitation is the provider's; its resellers send it.
pub(crate) fn ind5_invitation(profile: &ProfileContext) -> Option<Reason> {
    match profile.role {
        PartnerRole::IndirectReseller => Some(Reason::new(IND5_RESTRICTED, Effect::Restricts, Params::new())),
        PartnerRole::IndirectProvider | PartnerRole::Dual => {
            Some(Reason::new(IND5_ALLOWED, Effect::Allows, Params::new()))
        }
        PartnerRole::Direct => None,
    }
}
