//! The acceptance cases of issue 3, one test each.

use super::fixtures::*;
use crate::cloud::{Cloud, PartnerRole};
use crate::model::*;
use crate::rules::catalogue::{RuleId, US_GOVERNMENT, WORK_WITH_OTHER_PARTNERS};
use crate::rules::{Action, Effect, VerdictKind};

#[test]
fn mc3_license_subscription_is_restricted_until_its_commitment_end() {
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    f.sub().commitment_end = Some(date(2027, 3, 1));
    let v = f.subscription_verdict(Action::MoveLicenseSubscription);
    assert_eq!(v.verdict, VerdictKind::Restricted);
    assert_eq!(v.earliest_date, Some(date(2027, 3, 1)));
    assert_eq!(v.reasons[0].rule, RuleId::Mc3);
    assert_eq!(v.reasons[0].key, "rules.MC-3.restricted");
    assert_eq!(v.reasons[0].params.get("date").map(String::as_str), Some("2027-03-01"));
    assert!(v.reasons[0].message.contains("2027-03-01"), "{}", v.reasons[0].message);
    let steps: Vec<&str> = v.steps.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(steps, ["steps.MC-3.waitForTermEnd", "steps.MC-3.cancelThenRepurchase"]);
    assert!(v.steps[0].message.contains("2027-03-01"));

    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["action"], "move-license-subscription");
    assert_eq!(json["verdict"], "restricted");
    assert_eq!(json["earliest_date"], "2027-03-01");
    assert_eq!(json["reasons"][0]["rule"], "MC-3");
    assert_eq!(json["reasons"][0]["effect"], "restricts");
}

#[test]
fn mc3_ended_subscriptions_are_allowed_and_others_are_not() {
    for status in [SubscriptionStatus::Deleted, SubscriptionStatus::Expired, SubscriptionStatus::Disabled] {
        let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
        f.sub().status = status.clone();
        let v = f.subscription_verdict(Action::MoveLicenseSubscription);
        assert_eq!(v.verdict, VerdictKind::Allowed, "{status}");
        assert_eq!(v.earliest_date, None);
        assert!(v.reasons.iter().any(|r| r.rule == RuleId::Mc3 && r.key == "rules.MC-3.ended"), "{status}");
    }
    let still_bound = [
        SubscriptionStatus::Active,
        SubscriptionStatus::Suspended,
        SubscriptionStatus::Pending,
        SubscriptionStatus::None,
        SubscriptionStatus::Unknown("PendingTransfer".into()),
    ];
    for status in still_bound {
        let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
        f.sub().status = status.clone();
        let v = f.subscription_verdict(Action::MoveLicenseSubscription);
        assert_eq!(v.verdict, VerdictKind::Restricted, "{status}");
        assert_eq!(v.earliest_date, Some(date(2027, 3, 1)), "{status}");
    }
}

#[test]
fn mc3_without_a_future_end_date_offers_both_options_without_a_date() {
    for end in [None, Some(date(2026, 1, 1))] {
        let mut f = Fixture::new(Cloud::China, PartnerRole::Dual);
        f.sub().commitment_end = end;
        let v = f.subscription_verdict(Action::MoveLicenseSubscription);
        assert_eq!(v.verdict, VerdictKind::Restricted);
        assert_eq!(v.earliest_date, None);
        assert_eq!(v.reasons[0].key, "rules.MC-3.termUnknown");
        assert_eq!(v.steps.len(), 2);
    }
}

#[test]
fn csp1_a_customer_that_is_a_csp_partner_cannot_be_sold_to() {
    for cloud in Cloud::ALL {
        for role in PartnerRole::ALL {
            let mut f = Fixture::new(cloud, role);
            f.is_csp_partner = true;
            let v = f.customer_verdict(Action::SellOnlineServices);
            assert_eq!(v.verdict, VerdictKind::Denied, "{cloud} {role}");
            assert_eq!(v.reasons[0].rule, RuleId::Csp1);
            assert_eq!(v.reasons[0].effect, Effect::Denies);
        }
    }
}

#[test]
fn nc3_and_nc1_deny_in_us_gov_and_germany() {
    for cloud in [Cloud::UsGov, Cloud::Germany] {
        for role in PartnerRole::ALL {
            let f = Fixture::new(cloud, role);
            let without = f.customer_verdict(Action::RequestResellerRelationshipWithoutDap);
            assert_eq!(without.verdict, VerdictKind::Denied, "{cloud} {role}");
            assert!(without.reasons.iter().any(|r| r.rule == RuleId::Nc3 && r.effect == Effect::Denies));
            let designate = f.customer_verdict(Action::DesignateIndirectReseller);
            assert_eq!(designate.verdict, VerdictKind::Denied, "{cloud} {role}");
            assert!(designate.reasons.iter().any(|r| r.rule == RuleId::Nc1 && r.effect == Effect::Denies));
        }
    }
}

#[test]
fn nc2_in_us_gov_is_restricted_and_cites_both_sources() {
    let f = Fixture::new(Cloud::UsGov, PartnerRole::Direct);
    for action in [Action::RequestResellerRelationship, Action::AddPartner] {
        let v = f.customer_verdict(action);
        assert_eq!(v.verdict, VerdictKind::Restricted, "{action}");
        let nc2 = v.reasons.iter().find(|r| r.rule == RuleId::Nc2).unwrap();
        assert_eq!(nc2.effect, Effect::Restricts);
        assert_eq!(nc2.key, "rules.NC-2.restricted");
        assert_eq!(nc2.params["supportedBy"], WORK_WITH_OTHER_PARTNERS.title);
        assert_eq!(nc2.params["limitedBy"], US_GOVERNMENT.title);
        assert_eq!(nc2.params["supportedByUrl"], WORK_WITH_OTHER_PARTNERS.url);
        assert_eq!(nc2.params["limitedByUrl"], US_GOVERNMENT.url);
        assert!(nc2.message.contains(WORK_WITH_OTHER_PARTNERS.title) && nc2.message.contains(US_GOVERNMENT.title));
    }
    // With delegated admin it stays restricted, not denied: only NC-3 denies.
    let with_dap = f.customer_verdict(Action::RequestResellerRelationship);
    assert!(!with_dap.cites(RuleId::Nc3));
}

#[test]
fn every_action_is_answered_for_the_customer_and_each_subscription() {
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Dual);
    f.subscriptions.push(subscription("sub-1", BillingType::Usage, Channel::Ea));
    let v = f.verdicts();
    let customer: Vec<Action> = v.customer.iter().map(|v| v.action).collect();
    assert_eq!(customer, Action::CUSTOMER);
    assert_eq!(v.subscriptions.len(), 2);
    for s in &v.subscriptions {
        let actions: Vec<Action> = s.verdicts.iter().map(|v| v.action).collect();
        assert_eq!(actions, Action::SUBSCRIPTION);
    }
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["customer"][0]["action"], "request-reseller-relationship");
    assert_eq!(json["subscriptions"][1]["subscription_id"], "sub-1");
}

#[test]
fn actions_that_do_not_fit_a_subscription_are_denied_by_the_rule_that_scopes_them() {
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    // A license-based CSP subscription of ours.
    for (action, rule) in
        [(Action::MigrateUsageSubscription, RuleId::Mc4), (Action::SwitchUsageSubscriptionPartner, RuleId::Mc5)]
    {
        let v = f.subscription_verdict(action);
        assert_eq!(v.verdict, VerdictKind::Denied, "{action}");
        assert_eq!(v.reasons[0].rule, rule);
    }
    *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Csp);
    let v = f.subscription_verdict(Action::MoveLicenseSubscription);
    assert_eq!((v.verdict, v.reasons[0].rule), (VerdictKind::Denied, RuleId::Mc3));
}

#[test]
fn unknown_billing_types_and_channels_restrict_rather_than_guess() {
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    f.sub().billing_type = BillingType::Unknown("Hybrid".into());
    for (action, key) in [
        (Action::MoveLicenseSubscription, "rules.MC-3.unknownBilling"),
        (Action::MigrateUsageSubscription, "rules.MC-4.unknownBilling"),
        (Action::SwitchUsageSubscriptionPartner, "rules.MC-5.unknownBilling"),
    ] {
        let v = f.subscription_verdict(action);
        assert_eq!(v.verdict, VerdictKind::Restricted, "{action}");
        assert_eq!(v.reasons[0].key, key);
        assert_eq!(v.reasons[0].params["billing"], "Hybrid");
    }
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Unknown("Marketplace".into()));
    for action in [Action::ManageSubscription, Action::MigrateUsageSubscription, Action::SwitchUsageSubscriptionPartner]
    {
        let v = f.subscription_verdict(action);
        assert_eq!(v.verdict, VerdictKind::Restricted, "{action}");
        assert_eq!(v.reasons[0].key, "rules.MC-1.unknownChannel");
        assert_eq!(v.reasons[0].params["channel"], "Marketplace");
    }
}

#[test]
fn a_provider_manages_subscriptions_its_indirect_resellers_sold() {
    let mut f = Fixture::new(Cloud::Global, PartnerRole::IndirectProvider);
    f.with_indirect_reseller();
    f.sub().partner_of_record = Some(RESELLER_MPN.into());
    assert_eq!(f.subscription_verdict(Action::ManageSubscription).verdict, VerdictKind::Allowed);
    // The same record seen by a direct partner is someone else's.
    f.profile.role = PartnerRole::Direct;
    let v = f.subscription_verdict(Action::ManageSubscription);
    assert_eq!(v.verdict, VerdictKind::Denied);
    assert_eq!(v.reasons[0].params["partner"], "Northwind Resale");
}

#[test]
fn mc4_and_mc5_give_their_checklists() {
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Ea);
    f.customer.relationship = CustomerRelationship::None;
    let v = f.subscription_verdict(Action::MigrateUsageSubscription);
    let keys: Vec<&str> = v.steps.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "steps.MC-4.requestRelationship",
            "steps.MC-4.createSubscription",
            "steps.MC-4.enterDetails",
            "steps.MC-4.cancelOld"
        ]
    );
    assert_eq!(v.steps[2].params["subscription"], "Azure plan");

    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    *f.sub() = subscription("sub-9", BillingType::Usage, Channel::Csp);
    f.sub().partner_of_record = Some(OTHER_MPN.into());
    let v = f.subscription_verdict(Action::SwitchUsageSubscriptionPartner);
    assert_eq!(v.verdict, VerdictKind::Allowed);
    assert_eq!(v.reasons[0].params["partner"], "Fabrikam Azure Experts");
    let form = v.steps.iter().find(|s| s.key == "steps.MC-5.transferFormWithPartner").unwrap();
    assert_eq!(form.params["partnerId"], OWN_MPN);
    assert_eq!(form.params["customerId"], CUSTOMER_TENANT);
    assert_eq!(form.params["subscriptionId"], "sub-9");
    assert_eq!(v.steps.last().unwrap().key, "steps.MC-5.removeRoleAssignments");
}

#[test]
fn reasons_come_strongest_first() {
    let mut f = Fixture::new(Cloud::UsGov, PartnerRole::IndirectReseller);
    f.is_csp_partner = true;
    let v = f.customer_verdict(Action::RequestResellerRelationshipWithoutDap);
    let effects: Vec<Effect> = v.reasons.iter().map(|r| r.effect).collect();
    let mut sorted = effects.clone();
    sorted.sort_by_key(|e| std::cmp::Reverse(*e));
    assert_eq!(effects, sorted);
    assert_eq!(v.verdict, VerdictKind::Denied);
    for rule in [RuleId::Nc3, RuleId::Csp1, RuleId::Nc2, RuleId::Ind5, RuleId::Mp2] {
        assert!(v.cites(rule), "{rule}");
    }
}
