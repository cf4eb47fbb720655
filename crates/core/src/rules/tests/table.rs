//! Rule by rule: at least one case where the rule allows and one where it
//! restricts or denies, spread over the four clouds and the partner roles.
//!
//! What "allows" and "restricts" mean for a rule that only informs or only
//! raises findings:
//! - a rule cited in a verdict allows when it appears with effect `allows`
//!   (MP-1 "a customer may work with several partners", IND-1 "you sell
//!   through indirect resellers") and restricts when it appears with
//!   `restricts` or `denies`;
//! - a rule that only raises findings (IND-4, NC-4, GDAP-1 to GDAP-4; DAP-1
//!   and CSP-1 also do) restricts when its finding is raised, and allows when
//!   data that passes it raises no finding citing it.
//!
//! The run records per rule which kinds of case passed; the last assertion
//! fails for any catalogue rule missing either.

use std::collections::BTreeMap;

use super::fixtures::*;
use crate::cloud::Cloud::{self, China, Germany, Global, UsGov};
use crate::cloud::PartnerRole::{self, Direct, Dual, IndirectProvider, IndirectReseller};
use crate::model::*;
use crate::rules::catalogue::{RULES, RuleId};
use crate::rules::{Action, Effect, FindingKind, VerdictKind};

#[derive(Debug, Clone, Copy)]
enum Expect {
    /// The customer action has this verdict, and the rule is among its reasons with this effect.
    Customer(Action, VerdictKind, Effect),
    /// The same, for the fixture's first subscription.
    Subscription(Action, VerdictKind, Effect),
    /// This finding is raised and cites the rule.
    Finding(FindingKind),
    /// No finding cites the rule.
    NoFinding,
}

impl Expect {
    fn allows(self) -> bool {
        matches!(
            self,
            Expect::NoFinding | Expect::Customer(_, _, Effect::Allows) | Expect::Subscription(_, _, Effect::Allows)
        )
    }
}

struct Case {
    rule: RuleId,
    name: &'static str,
    cloud: Cloud,
    role: PartnerRole,
    setup: fn(&mut Fixture),
    expect: Expect,
}

fn nothing(_: &mut Fixture) {}

use Action::*;
use Effect::{Allows, Denies, Restricts};
use Expect::{Customer as C, Finding as F, NoFinding, Subscription as S};
use VerdictKind::{Allowed, Denied, Restricted};

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    let case = |rule, name, cloud, role, setup: fn(&mut Fixture), expect| Case { rule, name, cloud, role, setup, expect };
    vec![
        // MP-1
        case(RuleId::Mp1, "a second partner is fine in global", Global, Direct, nothing, C(AddPartner, Allowed, Allows)),
        case(RuleId::Mp1, "and in 21Vianet, for a customer we do not work with yet", China, Dual, |f| {
            f.customer.relationship = CustomerRelationship::None;
            f.links.retain(|l| l.partner_id != OWN_TENANT);
        }, C(AddPartner, Allowed, Allows)),
        case(RuleId::Mp1, "US Government customers transact with a single partner", UsGov, Direct, nothing, C(AddPartner, Restricted, Restricts)),
        // MP-2
        case(RuleId::Mp2, "a new customer is invited", Global, Direct, |f| f.customer.relationship = CustomerRelationship::None,
            C(RequestResellerRelationship, Allowed, Allows)),
        case(RuleId::Mp2, "selling needs the accepted invitation first", Germany, Direct, |f| f.customer.relationship = CustomerRelationship::Advisor,
            C(SellOnlineServices, Restricted, Restricts)),
        // MP-3
        case(RuleId::Mp3, "adding a partner changes no subscription", Global, Dual, nothing, C(AddPartner, Allowed, Allows)),
        case(RuleId::Mp3, "another partner of record's subscription stays theirs", Global, Direct, |f| f.sub().partner_of_record = Some(OTHER_MPN.into()),
            S(ManageSubscription, Denied, Denies)),
        // MC-1
        case(RuleId::Mc1, "an EA license subscription is multi-channel", Global, Direct, |f| f.sub().channel = Channel::Ea,
            S(ManageSubscription, Allowed, Allows)),
        case(RuleId::Mc1, "Syndication is not covered", China, IndirectProvider, |f| f.sub().channel = Channel::Syndication,
            S(ManageSubscription, Denied, Denies)),
        case(RuleId::Mc1, "Azure from Open is managed only once brought over", Germany, Direct, |f| {
            *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Open);
        }, S(ManageSubscription, Restricted, Restricts)),
        // MC-2
        case(RuleId::Mc2, "the reseller relationship is the permission", Global, Direct, |f| f.sub().channel = Channel::Open,
            S(ManageSubscription, Allowed, Allows)),
        case(RuleId::Mc2, "without it, ask first", Global, IndirectReseller, |f| {
            f.sub().channel = Channel::MicrosoftDirect;
            f.customer.relationship = CustomerRelationship::None;
        }, S(ManageSubscription, Restricted, Restricts)),
        // MC-3
        case(RuleId::Mc3, "a cancelled subscription can move", Global, Direct, |f| f.sub().status = SubscriptionStatus::Deleted,
            S(MoveLicenseSubscription, Allowed, Allows)),
        case(RuleId::Mc3, "an expired one too, in 21Vianet", China, Dual, |f| f.sub().status = SubscriptionStatus::Expired,
            S(MoveLicenseSubscription, Allowed, Allows)),
        case(RuleId::Mc3, "a live term holds it until its end", Germany, IndirectProvider, nothing,
            S(MoveLicenseSubscription, Restricted, Restricts)),
        case(RuleId::Mc3, "usage-based is not license-based", Global, Direct, |f| *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Csp),
            S(MoveLicenseSubscription, Denied, Denies)),
        // MC-4
        case(RuleId::Mc4, "Azure from EA comes over as a new subscription", Global, Direct, |f| *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Ea),
            S(MigrateUsageSubscription, Allowed, Allows)),
        case(RuleId::Mc4, "not before the reseller relationship", China, Direct, |f| {
            *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Advisor);
            f.customer.relationship = CustomerRelationship::None;
        }, S(MigrateUsageSubscription, Restricted, Restricts)),
        case(RuleId::Mc4, "Azure already in CSP is switched, not migrated", Germany, Dual, |f| *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Csp),
            S(MigrateUsageSubscription, Denied, Denies)),
        // MC-5
        case(RuleId::Mc5, "Azure with another CSP partner can switch to us", Global, Dual, |f| {
            *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Csp);
            f.sub().partner_of_record = Some(OTHER_MPN.into());
        }, S(SwitchUsageSubscriptionPartner, Allowed, Allows)),
        case(RuleId::Mc5, "our Azure can switch away, in Germany", Germany, Direct, |f| *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Csp),
            S(SwitchUsageSubscriptionPartner, Allowed, Allows)),
        case(RuleId::Mc5, "to us only with a reseller relationship", Global, Direct, |f| {
            *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Csp);
            f.sub().partner_of_record = Some(OTHER_MPN.into());
            f.customer.relationship = CustomerRelationship::None;
        }, S(SwitchUsageSubscriptionPartner, Restricted, Restricts)),
        case(RuleId::Mc5, "an ended subscription has nothing to switch", China, Direct, |f| {
            *f.sub() = subscription("sub-0", BillingType::Usage, Channel::Csp);
            f.sub().status = SubscriptionStatus::Disabled;
        }, S(SwitchUsageSubscriptionPartner, Denied, Denies)),
        // CSP-1
        case(RuleId::Csp1, "an ordinary customer can be sold to", Global, Direct, nothing, C(SellOnlineServices, Allowed, Allows)),
        case(RuleId::Csp1, "a CSP partner cannot", Global, Direct, |f| f.is_csp_partner = true, C(SellOnlineServices, Denied, Denies)),
        case(RuleId::Csp1, "nor be invited as a reseller customer", China, Dual, |f| f.is_csp_partner = true,
            C(RequestResellerRelationship, Denied, Denies)),
        case(RuleId::Csp1, "and one that already is gets a finding", Germany, Direct, |f| f.is_csp_partner = true,
            F(FindingKind::CspPartnerCustomer)),
        // IND-1
        case(RuleId::Ind1, "a provider designates resellers", Global, IndirectProvider, |f| f.with_indirect_reseller(),
            C(DesignateIndirectReseller, Allowed, Allows)),
        case(RuleId::Ind1, "a provider sells through the customer's reseller", Global, IndirectProvider, |f| f.with_indirect_reseller(),
            C(SellOnlineServices, Allowed, Allows)),
        case(RuleId::Ind1, "a direct partner does not designate", Global, Direct, nothing, C(DesignateIndirectReseller, Denied, Denies)),
        case(RuleId::Ind1, "nor does a reseller", Global, IndirectReseller, nothing, C(DesignateIndirectReseller, Denied, Denies)),
        case(RuleId::Ind1, "a provider with no reseller for the customer", Global, IndirectProvider, nothing,
            C(SellOnlineServices, Restricted, Restricts)),
        // IND-2
        case(RuleId::Ind2, "a reseller sells through its provider", Global, IndirectReseller, |f| f.with_indirect_provider(),
            C(SellOnlineServices, Allowed, Allows)),
        case(RuleId::Ind2, "and not without one", Global, IndirectReseller, nothing, C(SellOnlineServices, Restricted, Restricts)),
        // IND-3
        case(RuleId::Ind3, "the reseller has its own relationship", Global, IndirectProvider, |f| f.with_indirect_reseller(),
            C(DesignateIndirectReseller, Allowed, Allows)),
        case(RuleId::Ind3, "customers do not carry over", Global, Dual, nothing, C(DesignateIndirectReseller, Restricted, Restricts)),
        // IND-4
        case(RuleId::Ind4, "the indirect reseller is the reseller of record", Global, IndirectProvider, |f| {
            f.with_indirect_reseller();
            f.sub().partner_of_record = Some(RESELLER_MPN.into());
        }, NoFinding),
        case(RuleId::Ind4, "a provider's own MPN id as reseller of record", Global, IndirectProvider, |f| {
            f.with_indirect_reseller();
            f.sub().partner_of_record = Some(OWN_MPN.into());
        }, F(FindingKind::ResellerIsProvider)),
        case(RuleId::Ind4, "-1: the reseller was removed", Global, Dual, |f| f.sub().partner_of_record = Some("-1".into()),
            F(FindingKind::ResellerRemoved)),
        // IND-5
        case(RuleId::Ind5, "the provider's invitation", Global, IndirectProvider, nothing, C(RequestResellerRelationship, Allowed, Allows)),
        case(RuleId::Ind5, "a reseller sends its provider's invitation", Global, IndirectReseller, nothing,
            C(RequestResellerRelationshipWithoutDap, Restricted, Restricts)),
        // NC-1
        case(RuleId::Nc1, "two-tier in global", Global, Dual, |f| f.with_indirect_reseller(), C(DesignateIndirectReseller, Allowed, Allows)),
        case(RuleId::Nc1, "not in US Government", UsGov, IndirectProvider, nothing, C(DesignateIndirectReseller, Denied, Denies)),
        case(RuleId::Nc1, "not in Germany", Germany, Dual, nothing, C(DesignateIndirectReseller, Denied, Denies)),
        case(RuleId::Nc1, "not in 21Vianet", China, IndirectProvider, nothing, C(DesignateIndirectReseller, Denied, Denies)),
        case(RuleId::Nc1, "two-tier data in a national cloud", China, Direct, |f| f.with_indirect_reseller(),
            F(FindingKind::TwoTierInNationalCloud)),
        // NC-2
        case(RuleId::Nc2, "relationship requests in 21Vianet", China, Direct, nothing, C(RequestResellerRelationship, Allowed, Allows)),
        case(RuleId::Nc2, "multi-partner in Germany", Germany, IndirectProvider, nothing, C(AddPartner, Allowed, Allows)),
        case(RuleId::Nc2, "US Government: the sources disagree", UsGov, Direct, nothing, C(RequestResellerRelationship, Restricted, Restricts)),
        case(RuleId::Nc2, "US Government multi-channel too", UsGov, Dual, |f| f.sub().channel = Channel::Ea,
            S(ManageSubscription, Restricted, Restricts)),
        // NC-3
        case(RuleId::Nc3, "without delegated admin in global", Global, Direct, nothing, C(RequestResellerRelationshipWithoutDap, Allowed, Allows)),
        case(RuleId::Nc3, "and in 21Vianet", China, Dual, nothing, C(RequestResellerRelationshipWithoutDap, Allowed, Allows)),
        case(RuleId::Nc3, "not in US Government", UsGov, Direct, nothing, C(RequestResellerRelationshipWithoutDap, Denied, Denies)),
        case(RuleId::Nc3, "not in Germany", Germany, IndirectProvider, nothing, C(RequestResellerRelationshipWithoutDap, Denied, Denies)),
        // NC-4
        case(RuleId::Nc4, "GDAP in global", Global, Direct, nothing, NoFinding),
        case(RuleId::Nc4, "GDAP in 21Vianet", China, IndirectProvider, nothing, NoFinding),
        case(RuleId::Nc4, "GDAP data in US Government", UsGov, Direct, nothing, F(FindingKind::GdapInUsGov)),
        // DAP-1
        case(RuleId::Dap1, "the invitation grants standing admin", Global, Direct, nothing, C(RequestResellerRelationship, Allowed, Allows)),
        case(RuleId::Dap1, "a customer with DAP needs no finding", Germany, Direct, |f| f.gdap.clear(), NoFinding),
        case(RuleId::Dap1, "no DAP and no GDAP in force", Global, Dual, |f| {
            f.customer.allow_delegated_access = Some(false);
            f.links.retain(|l| l.kind != LinkKind::Dap);
            f.gdap[0].status = GdapStatus::Terminated;
        }, F(FindingKind::NoDelegatedAdmin)),
        // GDAP-1
        case(RuleId::Gdap1, "two years is the maximum", Global, Direct, nothing, NoFinding),
        case(RuleId::Gdap1, "one day more is too long", China, Direct, |f| f.gdap[0].duration = "P731D".into(),
            F(FindingKind::GdapDurationInvalid)),
        case(RuleId::Gdap1, "zero days is too short", Germany, Direct, |f| f.gdap[0].duration = "P0D".into(),
            F(FindingKind::GdapDurationInvalid)),
        // GDAP-2
        case(RuleId::Gdap2, "six months", Global, Direct, |f| f.gdap[0].auto_extend_duration = "P180D".into(), NoFinding),
        case(RuleId::Gdap2, "three months is not an option", Global, IndirectProvider, |f| f.gdap[0].auto_extend_duration = "P90D".into(),
            F(FindingKind::GdapAutoExtendInvalid)),
        // GDAP-3
        case(RuleId::Gdap3, "pending for a month", Global, Direct, |f| {
            f.gdap[0] = gdap("gdap-0", GdapStatus::ApprovalPending, f.today - days(27), "P730D");
        }, NoFinding),
        case(RuleId::Gdap3, "pending for four months", Global, Direct, |f| {
            f.gdap[0] = gdap("gdap-0", GdapStatus::ApprovalPending, f.today - days(117), "P730D");
        }, F(FindingKind::GdapPendingTooLong)),
        // GDAP-4
        case(RuleId::Gdap4, "far from its end", Global, Direct, nothing, NoFinding),
        case(RuleId::Gdap4, "auto-extended, no warning", China, Direct, |f| {
            f.gdap[0] = gdap("gdap-0", GdapStatus::Active, f.today - days(725), "P730D");
            f.gdap[0].auto_extend_duration = "P180D".into();
        }, NoFinding),
        case(RuleId::Gdap4, "seven days left", Global, Direct, |f| {
            f.gdap[0] = gdap("gdap-0", GdapStatus::Active, f.today - days(723), "P730D");
        }, F(FindingKind::GdapExpiring)),
        case(RuleId::Gdap4, "ended last month", Germany, Dual, |f| {
            f.gdap[0] = gdap("gdap-0", GdapStatus::Expired, f.today - days(760), "P730D");
        }, F(FindingKind::GdapExpired)),
    ]
}

fn run(case: &Case) -> Result<(), String> {
    let mut fixture = Fixture::new(case.cloud, case.role);
    (case.setup)(&mut fixture);
    match case.expect {
        Expect::Customer(action, verdict, effect) | Expect::Subscription(action, verdict, effect) => {
            let got = if matches!(case.expect, Expect::Customer(..)) {
                fixture.customer_verdict(action)
            } else {
                fixture.subscription_verdict(action)
            };
            if got.verdict != verdict {
                return Err(format!("{action}: expected {verdict:?}, got {:?} {:#?}", got.verdict, got.reasons));
            }
            if !got.reasons.iter().any(|r| r.rule == case.rule && r.effect == effect) {
                return Err(format!("{action}: no {} reason with effect {effect:?} in {:#?}", case.rule, got.reasons));
            }
        }
        Expect::Finding(kind) => {
            let findings = fixture.findings();
            if !findings.iter().any(|f| f.kind == kind && f.rule == Some(case.rule)) {
                return Err(format!("no {kind:?} finding citing {} in {findings:#?}", case.rule));
            }
        }
        Expect::NoFinding => {
            let findings = fixture.findings();
            if let Some(f) = findings.iter().find(|f| f.rule == Some(case.rule)) {
                return Err(format!("unexpected finding {f:#?}"));
            }
        }
    }
    Ok(())
}

#[test]
fn every_rule_allows_in_one_case_and_restricts_in_another() {
    let mut ran: BTreeMap<RuleId, (bool, bool)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut clouds = BTreeMap::<&str, usize>::new();
    for case in cases() {
        match run(&case) {
            Ok(()) => {
                let entry = ran.entry(case.rule).or_default();
                if case.expect.allows() {
                    entry.0 = true;
                } else {
                    entry.1 = true;
                }
                *clouds.entry(case.cloud.id()).or_default() += 1;
            }
            Err(why) => failures.push(format!("{} {} ({}, {}): {why}", case.rule, case.name, case.cloud, case.role)),
        }
    }
    assert!(failures.is_empty(), "{} failing cases:\n{}", failures.len(), failures.join("\n"));

    let missing: Vec<String> = RULES
        .iter()
        .filter_map(|rule| {
            let (allows, restricts) = ran.get(&rule.id).copied().unwrap_or_default();
            let mut gaps = Vec::new();
            if !allows {
                gaps.push("no allowing case");
            }
            if !restricts {
                gaps.push("no restricting or denying case");
            }
            (!gaps.is_empty()).then(|| format!("{}: {}", rule.id, gaps.join(", ")))
        })
        .collect();
    assert!(missing.is_empty(), "rules without both kinds of case:\n{}", missing.join("\n"));
    assert_eq!(clouds.len(), 4, "cases cover every cloud: {clouds:?}");
}

#[test]
fn cases_cover_every_partner_role() {
    let roles: std::collections::BTreeSet<&str> = cases().iter().map(|c| c.role.id()).collect();
    assert_eq!(roles.len(), PartnerRole::ALL.len(), "{roles:?}");
}
