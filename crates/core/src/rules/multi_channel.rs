//! MC-1 to MC-5 (seed 001): subscriptions bought elsewhere, and moving
//! subscriptions between channels and partners.

use chrono::NaiveDate;

use super::messages::{
    MC1_APPLIES, MC1_CSP, MC1_SYNDICATION, MC1_UNKNOWN_CHANNEL, MC1_USAGE, MC2_ALLOWED, MC2_RESTRICTED, MC3_ENDED,
    MC3_NOT_LICENSE, MC3_RESTRICTED, MC3_TERM_UNKNOWN, MC3_UNKNOWN_BILLING, MC4_ALLOWED, MC4_ALREADY_CSP,
    MC4_NOT_USAGE, MC4_RESTRICTED, MC4_SYNDICATION, MC4_UNKNOWN_BILLING, MC5_ALLOWED_IN, MC5_ALLOWED_OUT, MC5_ENDED,
    MC5_NOT_CSP, MC5_NOT_USAGE, MC5_RESTRICTED, MC5_UNKNOWN_BILLING, STEP_MC3_AGREE, STEP_MC3_AUTO_RENEW_OFF,
    STEP_MC3_CANCEL, STEP_MC3_CANCEL_NOW, STEP_MC3_WAIT, STEP_MC3_WAIT_UNKNOWN, STEP_MC4_CANCEL, STEP_MC4_CREATE,
    STEP_MC4_DETAILS, STEP_MC4_RELATIONSHIP, STEP_MC5_FORM, STEP_MC5_FORM_WITH_PARTNER, STEP_MC5_RELATIONSHIP,
    STEP_MC5_REQUEST, STEP_MC5_ROLES, STEP_MC5_TICKET,
};
use super::verdict::{Effect, Params, Reason, Step, Verdict, params};
use super::workflows::MoveOption;
use super::{CustomerFacts, Holder, ProfileContext, is_ended, subscription_name};
use crate::model::{BillingType, Channel, Subscription};

/// Where a subscription was bought, as multi-channel sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelClass {
    Csp,
    /// Microsoft direct, Advisor, Open, EA, or a third party neither in CSP
    /// nor a Syndication partner: the channels MC-1 names.
    Elsewhere,
    /// Excluded from multi-channel by MC-1's own wording.
    Syndication,
    Unknown,
}

pub fn channel_class(channel: &Channel) -> ChannelClass {
    match channel {
        Channel::Csp => ChannelClass::Csp,
        Channel::MicrosoftDirect | Channel::Advisor | Channel::Open | Channel::Ea | Channel::ThirdParty => {
            ChannelClass::Elsewhere
        }
        Channel::Syndication => ChannelClass::Syndication,
        Channel::Unknown(_) => ChannelClass::Unknown,
    }
}

fn status_param(subscription: &Subscription) -> Params {
    params([("status", subscription.status.as_str().to_string())])
}

fn billing_param(subscription: &Subscription) -> Params {
    params([("billing", subscription.billing_type.as_str().to_string())])
}

/// MC-1: does multi-channel apply to where the subscription was bought?
/// `usage` tells whether it is usage-based (an unrecognised billing type is
/// treated as license-based, the stricter of the two for managing).
pub(crate) fn mc1_channel(subscription: &Subscription) -> Reason {
    let usage = subscription.billing_type == BillingType::Usage;
    match channel_class(&subscription.channel) {
        ChannelClass::Csp => Reason::new(MC1_CSP, Effect::Allows, Params::new()),
        ChannelClass::Elsewhere if usage => Reason::new(MC1_USAGE, Effect::Restricts, Params::new()),
        ChannelClass::Elsewhere => Reason::new(MC1_APPLIES, Effect::Allows, Params::new()),
        ChannelClass::Syndication => Reason::new(MC1_SYNDICATION, Effect::Denies, Params::new()),
        ChannelClass::Unknown => Reason::new(
            MC1_UNKNOWN_CHANNEL,
            Effect::Restricts,
            params([("channel", subscription.channel.as_str().to_string())]),
        ),
    }
}

/// MC-2: a license-based subscription bought elsewhere is managed only with
/// the customer's permission, which the reseller relationship gives.
pub(crate) fn mc2_permission(facts: &CustomerFacts<'_>) -> Reason {
    if facts.has_reseller_relationship() {
        Reason::new(MC2_ALLOWED, Effect::Allows, Params::new())
    } else {
        Reason::new(MC2_RESTRICTED, Effect::Restricts, Params::new())
    }
}

/// What an MC-3/4/5 check answers: its reason, any date, the checklist.
pub(crate) struct Outcome {
    pub reason: Reason,
    pub earliest_date: Option<NaiveDate>,
    pub steps: Vec<Step>,
}

impl Outcome {
    fn reason(reason: Reason) -> Outcome {
        Outcome { reason, earliest_date: None, steps: Vec::new() }
    }
}

/// MC-3: a license-based subscription stays with its partner until the term
/// ends; the options are to wait (earliest date: the commitment end) or to
/// cancel and buy again. An ended subscription (see [`is_ended`]) is free.
pub(crate) fn mc3_license_term(subscription: &Subscription, today: NaiveDate) -> Outcome {
    match subscription.billing_type {
        BillingType::License => {}
        BillingType::Usage => return Outcome::reason(Reason::new(MC3_NOT_LICENSE, Effect::Denies, Params::new())),
        BillingType::Unknown(_) => {
            return Outcome::reason(Reason::new(MC3_UNKNOWN_BILLING, Effect::Restricts, billing_param(subscription)));
        }
    }
    if is_ended(&subscription.status) {
        return Outcome::reason(Reason::new(MC3_ENDED, Effect::Allows, status_param(subscription)));
    }
    let cancel = Step::new(STEP_MC3_CANCEL, Params::new());
    match subscription.commitment_end.filter(|end| *end >= today) {
        Some(end) => {
            let date = params([("date", end.to_string())]);
            Outcome {
                reason: Reason::new(MC3_RESTRICTED, Effect::Restricts, date.clone()),
                earliest_date: Some(end),
                steps: vec![Step::new(STEP_MC3_WAIT, date), cancel],
            }
        }
        // No end date, or one already past while the subscription still runs
        // (it has renewed): the current term's end is not known.
        None => Outcome {
            reason: Reason::new(MC3_TERM_UNKNOWN, Effect::Restricts, Params::new()),
            earliest_date: None,
            steps: vec![Step::new(STEP_MC3_WAIT_UNKNOWN, Params::new()), cancel],
        },
    }
}

/// MC-4: Azure bought through another channel comes into CSP as a new
/// subscription, entered by hand, after which the old one is cancelled.
pub(crate) fn mc4_bring_into_csp(facts: &CustomerFacts<'_>, subscription: &Subscription) -> Outcome {
    match subscription.billing_type {
        BillingType::Usage => {}
        BillingType::License => return Outcome::reason(Reason::new(MC4_NOT_USAGE, Effect::Denies, Params::new())),
        BillingType::Unknown(_) => {
            return Outcome::reason(Reason::new(MC4_UNKNOWN_BILLING, Effect::Restricts, billing_param(subscription)));
        }
    }
    match channel_class(&subscription.channel) {
        ChannelClass::Elsewhere => {}
        ChannelClass::Csp => return Outcome::reason(Reason::new(MC4_ALREADY_CSP, Effect::Denies, Params::new())),
        ChannelClass::Syndication => {
            return Outcome::reason(Reason::new(MC4_SYNDICATION, Effect::Denies, Params::new()));
        }
        // The MC-1 check of the action explains the unknown channel.
        ChannelClass::Unknown => return Outcome::reason(mc1_channel(subscription)),
    }
    let mut steps = Vec::new();
    let reason = if facts.has_reseller_relationship() {
        Reason::new(MC4_ALLOWED, Effect::Allows, Params::new())
    } else {
        steps.push(Step::new(STEP_MC4_RELATIONSHIP, Params::new()));
        Reason::new(MC4_RESTRICTED, Effect::Restricts, Params::new())
    };
    steps.push(Step::new(STEP_MC4_CREATE, Params::new()));
    steps.push(Step::new(STEP_MC4_DETAILS, params([("subscription", subscription_name(subscription))])));
    steps.push(Step::new(STEP_MC4_CANCEL, Params::new()));
    Outcome { reason, earliest_date: None, steps }
}

/// MC-5: Azure held with a CSP partner can be switched to another CSP partner
/// through a transfer; the new partner needs a reseller relationship first.
pub(crate) fn mc5_switch_partner(
    profile: &ProfileContext,
    facts: &CustomerFacts<'_>,
    subscription: &Subscription,
    holder: &Holder,
) -> Outcome {
    match subscription.billing_type {
        BillingType::Usage => {}
        BillingType::License => return Outcome::reason(Reason::new(MC5_NOT_USAGE, Effect::Denies, Params::new())),
        BillingType::Unknown(_) => {
            return Outcome::reason(Reason::new(MC5_UNKNOWN_BILLING, Effect::Restricts, billing_param(subscription)));
        }
    }
    match channel_class(&subscription.channel) {
        ChannelClass::Csp => {}
        ChannelClass::Unknown => return Outcome::reason(mc1_channel(subscription)),
        ChannelClass::Elsewhere | ChannelClass::Syndication => {
            return Outcome::reason(Reason::new(MC5_NOT_CSP, Effect::Denies, Params::new()));
        }
    }
    if is_ended(&subscription.status) {
        return Outcome::reason(Reason::new(MC5_ENDED, Effect::Denies, status_param(subscription)));
    }
    let ids = |with_partner: Option<&str>| {
        let mut p =
            params([("customerId", facts.customer.tenant_id.clone()), ("subscriptionId", subscription.id.clone())]);
        if let Some(partner) = with_partner {
            p.insert("partnerId".into(), partner.to_string());
        }
        p
    };
    let request = Step::new(STEP_MC5_REQUEST, Params::new());
    let ticket = Step::new(STEP_MC5_TICKET, Params::new());
    let roles = Step::new(STEP_MC5_ROLES, Params::new());
    match holder {
        Holder::Other(partner) => {
            // Incoming: we are the new partner, so the form carries our id.
            let form = match profile.own_mpn_id.as_deref() {
                Some(mpn) => Step::new(STEP_MC5_FORM_WITH_PARTNER, ids(Some(mpn))),
                None => Step::new(STEP_MC5_FORM, ids(None)),
            };
            let from = params([("partner", partner.clone())]);
            if facts.has_reseller_relationship() {
                Outcome {
                    reason: Reason::new(MC5_ALLOWED_IN, Effect::Allows, from),
                    earliest_date: None,
                    steps: vec![request, ticket, form, roles],
                }
            } else {
                Outcome {
                    reason: Reason::new(MC5_RESTRICTED, Effect::Restricts, Params::new()),
                    earliest_date: None,
                    steps: vec![Step::new(STEP_MC5_RELATIONSHIP, Params::new()), request, ticket, form, roles],
                }
            }
        }
        Holder::Us => Outcome {
            reason: Reason::new(MC5_ALLOWED_OUT, Effect::Allows, Params::new()),
            earliest_date: None,
            steps: vec![
                Step::new(STEP_MC5_RELATIONSHIP, Params::new()),
                request,
                ticket,
                Step::new(STEP_MC5_FORM, ids(None)),
                roles,
            ],
        },
    }
}

/// MC-3: waiting is due at the term end (the verdict's earliest date);
/// cancelling is due at once (no date).
pub(crate) fn mc3_move_plan(
    verdict: &Verdict,
    option: MoveOption,
) -> (Option<MoveOption>, Option<NaiveDate>, Vec<Step>) {
    let agree = Step::new(STEP_MC3_AGREE, Params::new());
    match option {
        MoveOption::WaitForTermEnd => {
            // The verdict's own wait step carries the date (or says it is unknown).
            let wait = verdict
                .steps
                .iter()
                .find(|s| [STEP_MC3_WAIT.key(), STEP_MC3_WAIT_UNKNOWN.key()].contains(&s.key))
                .cloned()
                .unwrap_or_else(|| Step::new(STEP_MC3_WAIT, Params::new()));
            let auto_renew = Step::new(STEP_MC3_AUTO_RENEW_OFF, Params::new());
            (Some(option), verdict.earliest_date, vec![agree, auto_renew, wait])
        }
        MoveOption::CancelAndRebuy => (Some(option), None, vec![agree, Step::new(STEP_MC3_CANCEL_NOW, Params::new())]),
    }
}
