//! Verdicts for every action of domain.md's table, for one customer and each
//! of its subscriptions. This module only composes: each rule is applied by
//! its own function in `multi_partner`, `multi_channel`, `resale` or the
//! capability table, and the verdict is the strongest effect among the
//! reasons.
//!
//! Every action is answered for every subscription, so the UI can show all of
//! them. An action that does not fit a subscription (moving a license-based
//! subscription that is usage-based, say) is `denied` by the rule that
//! defines its scope:
//!
//! | action | applies to | otherwise |
//! |---|---|---|
//! | manage-subscription | any channel but Syndication; another partner's CSP subscription is denied (MP-3) | MC-1 |
//! | move-license-subscription | license-based, any channel | MC-3 |
//! | migrate-usage-subscription | usage-based, bought outside CSP (not Syndication) | MC-4 |
//! | switch-usage-subscription-partner | usage-based, bought through CSP, not ended | MC-5 |
//!
//! Cloud reasons (the capability table) are given for every customer action,
//! allowing or not, and for subscription actions only where the cloud limits
//! them, so a global subscription's verdicts are not padded with "available
//! here" lines.

use chrono::NaiveDate;

use super::capabilities::{Availability, Feature, capability};
use super::multi_channel::{
    ChannelClass, Outcome, channel_class, mc1_channel, mc2_permission, mc3_license_term, mc4_bring_into_csp,
    mc5_switch_partner,
};
use super::multi_partner::{
    dap1_standing_grant, mp1_several_partners, mp2_invitation, mp2_relationship_needed, mp3_partner_of_record,
    mp3_subscriptions_unchanged,
};
use super::resale::{
    csp1_resale, ind1_designates, ind1_sells_through_reseller, ind2_sells_through_provider, ind3_own_relationship,
    ind5_invitation,
};
use super::verdict::{Action, CustomerVerdicts, Effect, Reason, SubscriptionVerdicts, Verdict};
use super::{CustomerFacts, ProfileContext};
use crate::model::{BillingType, Subscription};

/// Every action for the customer and for each of its subscriptions, in the
/// order of `Action::CUSTOMER` and `Action::SUBSCRIPTION`.
pub fn evaluate_customer(profile: &ProfileContext, facts: &CustomerFacts<'_>, today: NaiveDate) -> CustomerVerdicts {
    CustomerVerdicts {
        customer: Action::CUSTOMER.iter().map(|&action| customer_action(action, profile, facts, today)).collect(),
        subscriptions: facts
            .subscriptions
            .iter()
            .map(|subscription| SubscriptionVerdicts {
                subscription_id: subscription.id.clone(),
                verdicts: Action::SUBSCRIPTION
                    .iter()
                    .map(|&action| subscription_action(action, profile, facts, subscription, today))
                    .collect(),
            })
            .collect(),
    }
}

fn cloud_reason(profile: &ProfileContext, feature: Feature) -> Reason {
    capability(profile.cloud, feature).reason()
}

/// The cloud's reason only where the cloud limits the feature.
fn cloud_limit(profile: &ProfileContext, feature: Feature) -> Option<Reason> {
    let cell = capability(profile.cloud, feature);
    (cell.availability != Availability::Available).then(|| cell.reason())
}

fn customer_action(action: Action, profile: &ProfileContext, facts: &CustomerFacts<'_>, today: NaiveDate) -> Verdict {
    let mut reasons = Vec::new();
    match action {
        Action::RequestResellerRelationship | Action::RequestResellerRelationshipWithoutDap => {
            let with_dap = action == Action::RequestResellerRelationship;
            reasons.push(mp2_invitation(facts, with_dap));
            if with_dap {
                reasons.push(dap1_standing_grant());
            } else {
                reasons.push(cloud_reason(profile, Feature::RelationshipWithoutDap));
            }
            reasons.push(cloud_reason(profile, Feature::RelationshipRequestExistingCustomer));
            reasons.extend(ind5_invitation(profile));
            let csp1 = csp1_resale(facts);
            if csp1.effect != Effect::Allows {
                reasons.push(csp1);
            }
        }
        Action::AddPartner => {
            reasons.push(mp1_several_partners(profile, facts, today));
            reasons.push(mp3_subscriptions_unchanged(facts));
            reasons.push(cloud_reason(profile, Feature::MultiPartner));
        }
        Action::SellOnlineServices => {
            reasons.push(csp1_resale(facts));
            reasons.extend(mp2_relationship_needed(facts));
            reasons.extend(ind1_sells_through_reseller(profile, facts, today));
            reasons.extend(ind2_sells_through_provider(profile, facts, today));
        }
        Action::DesignateIndirectReseller => {
            reasons.push(cloud_reason(profile, Feature::TwoTier));
            let ind1 = ind1_designates(profile);
            let provider = ind1.effect == Effect::Allows;
            reasons.push(ind1);
            if provider {
                reasons.push(ind3_own_relationship(facts, today));
            }
        }
        // Subscription actions are never asked per customer.
        Action::ManageSubscription
        | Action::MoveLicenseSubscription
        | Action::MigrateUsageSubscription
        | Action::SwitchUsageSubscriptionPartner => {}
    }
    Verdict::from_reasons(action, reasons, None, Vec::new())
}

fn subscription_action(
    action: Action,
    profile: &ProfileContext,
    facts: &CustomerFacts<'_>,
    subscription: &Subscription,
    today: NaiveDate,
) -> Verdict {
    let (outcome, feature) = match action {
        Action::ManageSubscription => return manage_subscription(profile, facts, subscription),
        Action::MoveLicenseSubscription => (mc3_license_term(subscription, today), Feature::MultiChannel),
        Action::MigrateUsageSubscription => (mc4_bring_into_csp(facts, subscription), Feature::MultiChannel),
        Action::SwitchUsageSubscriptionPartner => (
            mc5_switch_partner(profile, facts, subscription, &facts.holder(profile, subscription)),
            Feature::MultiPartner,
        ),
        // Customer actions are never asked per subscription.
        Action::RequestResellerRelationship
        | Action::RequestResellerRelationshipWithoutDap
        | Action::AddPartner
        | Action::SellOnlineServices
        | Action::DesignateIndirectReseller => return Verdict::from_reasons(action, Vec::new(), None, Vec::new()),
    };
    let Outcome { reason, earliest_date, steps } = outcome;
    // The cloud can only limit an action that applies to the subscription at all.
    let applies = reason.effect != Effect::Denies;
    let mut reasons = vec![reason];
    if applies {
        reasons.extend(cloud_limit(profile, feature));
    }
    Verdict::from_reasons(action, reasons, earliest_date, steps)
}

/// MC-1 says whether multi-channel applies; then who may manage it: its
/// partner of record for CSP (MP-3), the customer's permission for a
/// license bought elsewhere (MC-2), and the cloud.
fn manage_subscription(profile: &ProfileContext, facts: &CustomerFacts<'_>, subscription: &Subscription) -> Verdict {
    let mut reasons = vec![mc1_channel(subscription)];
    match channel_class(&subscription.channel) {
        ChannelClass::Csp => reasons.extend(mp3_partner_of_record(&facts.holder(profile, subscription))),
        ChannelClass::Elsewhere => {
            if subscription.billing_type != BillingType::Usage {
                reasons.push(mc2_permission(facts));
            }
            reasons.extend(cloud_limit(profile, Feature::MultiChannel));
        }
        ChannelClass::Syndication | ChannelClass::Unknown => {}
    }
    Verdict::from_reasons(Action::ManageSubscription, reasons, None, Vec::new())
}
