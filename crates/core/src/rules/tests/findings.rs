use super::fixtures::*;
use crate::cloud::{Cloud, PartnerRole};
use crate::model::*;
use crate::rules::catalogue::RuleId;
use crate::rules::{FindingKind, Severity, gdap_findings};

fn kinds(f: &Fixture) -> Vec<FindingKind> {
    f.findings().iter().map(|x| x.kind).collect()
}

#[test]
fn a_clean_customer_has_no_findings() {
    for cloud in [Cloud::Global, Cloud::Germany, Cloud::China] {
        for role in PartnerRole::ALL {
            let f = Fixture::new(cloud, role);
            assert_eq!(f.findings(), Vec::new(), "{cloud} {role}");
        }
    }
}

#[test]
fn gdap4_expiry_warnings_have_tiers_severities_and_due_dates() {
    for (left, severity) in [
        (30, Severity::Info),
        (8, Severity::Info),
        (7, Severity::Warning),
        (1, Severity::Critical),
        (0, Severity::Critical),
    ] {
        let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
        f.gdap[0] = gdap("g", GdapStatus::Active, f.today + days(left) - days(90), "P90D");
        let found = f.findings();
        assert_eq!(found.len(), 1, "{left}: {found:#?}");
        let x = &found[0];
        assert_eq!((x.kind, x.severity, x.rule), (FindingKind::GdapExpiring, severity, Some(RuleId::Gdap4)), "{left}");
        assert_eq!(x.due, Some(f.today + days(left)));
        assert_eq!(x.params["count"], left.to_string());
        assert_eq!(x.subject.gdap_id.as_deref(), Some("g"));
        assert_eq!(x.subject.customer_tenant_id.as_deref(), Some(CUSTOMER_TENANT));
    }
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    f.gdap[0] = gdap("g", GdapStatus::Active, f.today + days(1) - days(90), "P90D");
    assert_eq!(f.findings()[0].message, "GDAP relationship “GDAP g” ends in 1 day, on 2026-11-22.");
    f.gdap[0] = gdap("g", GdapStatus::Active, f.today + days(31) - days(90), "P90D");
    assert_eq!(kinds(&f), []);
}

#[test]
fn gdap4_expired_relationships_show_for_a_year() {
    let mut f = Fixture::new(Cloud::China, PartnerRole::Direct);
    // Active in the data but past its end: expired all the same.
    f.gdap[0] = gdap("g", GdapStatus::Active, f.today - days(100), "P90D");
    assert_eq!(kinds(&f), [FindingKind::GdapExpired]);
    f.gdap[0] = gdap("g", GdapStatus::Expired, f.today - days(90 + 365), "P90D");
    assert_eq!(kinds(&f), [FindingKind::GdapExpired]);
    f.gdap[0] = gdap("g", GdapStatus::Expired, f.today - days(90 + 366), "P90D");
    assert_eq!(kinds(&f), []);
    f.gdap[0] = gdap("g", GdapStatus::Terminated, f.today - days(100), "P90D");
    assert_eq!(kinds(&f), []);
}

#[test]
fn gdap_relationships_are_reported_once_and_the_same_either_way() {
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    f.gdap = vec![
        gdap("a", GdapStatus::Active, f.today - days(83), "P90D"),
        gdap("b", GdapStatus::ApprovalPending, f.today - days(200), "P730D"),
    ];
    f.gdap[1].customer_tenant_id = None; // Graph omits it before approval
    let from_customer = f.findings();
    assert_eq!(from_customer.iter().filter(|x| x.subject.gdap_id.as_deref() == Some("a")).count(), 1);
    assert_eq!(from_customer.iter().filter(|x| x.subject.gdap_id.as_deref() == Some("b")).count(), 1);
    for g in &f.gdap {
        let mut alone = gdap_findings(&f.profile, g, f.today);
        for x in &mut alone {
            x.subject.customer_tenant_id.get_or_insert_with(|| CUSTOMER_TENANT.to_string());
        }
        let in_customer: Vec<_> =
            from_customer.iter().filter(|x| x.subject.gdap_id.as_deref() == Some(g.id.as_str())).cloned().collect();
        assert_eq!(alone, in_customer);
    }
    let orphan = gdap_findings(&f.profile, &f.gdap[1], f.today);
    assert_eq!(orphan[0].kind, FindingKind::GdapPendingTooLong);
    assert_eq!(orphan[0].subject.customer_tenant_id, None);
    assert_eq!(orphan[0].due, Some(f.today - days(203) + days(90)));
}

#[test]
fn nc4_gdap_in_us_gov_is_one_finding_and_nothing_else() {
    let mut f = Fixture::new(Cloud::UsGov, PartnerRole::Direct);
    f.gdap[0] = gdap("g", GdapStatus::Active, f.today - days(89), "P90D");
    f.gdap[0].duration = "P9999D".into();
    assert_eq!(kinds(&f), [FindingKind::GdapInUsGov]);
}

#[test]
fn license_terms_ending_without_renewal() {
    for (left, severity, tier) in
        [(0, Severity::Warning, 30), (30, Severity::Warning, 30), (45, Severity::Info, 60), (90, Severity::Info, 90)]
    {
        let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
        f.sub().auto_renew = Some(false);
        f.sub().commitment_end = Some(f.today + days(left));
        let found = f.findings();
        assert_eq!(found.len(), 1, "{left}");
        assert_eq!((found[0].kind, found[0].severity, found[0].rule), (FindingKind::TermEnding, severity, None));
        assert_eq!(found[0].params["tier"], tier.to_string());
        assert_eq!(found[0].subject.subscription_id.as_deref(), Some("sub-0"));
    }
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    f.sub().auto_renew = Some(false);
    f.sub().commitment_end = Some(f.today + days(91));
    assert_eq!(kinds(&f), []);
    f.sub().commitment_end = Some(f.today + days(10));
    f.sub().auto_renew = None; // unknown: not reported
    assert_eq!(kinds(&f), []);
    f.sub().auto_renew = Some(false);
    f.sub().status = SubscriptionStatus::Deleted;
    assert_eq!(kinds(&f), []);
}

#[test]
fn dap1_no_delegated_admin_is_info_when_unknown_and_warning_when_off() {
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    f.gdap.clear();
    f.customer.allow_delegated_access = None;
    assert_eq!(f.findings()[0].severity, Severity::Info);
    f.customer.allow_delegated_access = Some(false);
    assert_eq!(f.findings()[0].severity, Severity::Warning);
    // A DAP link of ours, or a GDAP relationship in force, is admin enough.
    f.links.push(link(OWN_TENANT, LinkKind::Dap));
    assert_eq!(kinds(&f), []);
    f.links.pop();
    f.gdap.push(gdap("g", GdapStatus::Active, f.today - days(10), "P730D"));
    assert_eq!(kinds(&f), []);
    // Not our reseller customer: not ours to administer.
    f.gdap.clear();
    f.customer.relationship = CustomerRelationship::Advisor;
    assert_eq!(kinds(&f), []);
}

#[test]
fn ind4_reseller_of_record_findings_depend_on_the_role() {
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Dual);
    f.sub().partner_of_record = Some(OWN_MPN.into());
    assert_eq!(kinds(&f), [], "a dual partner sells directly");
    f.with_indirect_reseller();
    assert_eq!(kinds(&f), [FindingKind::ResellerIsProvider]);
    let x = &f.findings()[0];
    assert_eq!(x.params["mpn"], OWN_MPN);
    assert_eq!(x.subject.subscription_id.as_deref(), Some("sub-0"));
    f.profile.role = PartnerRole::Direct;
    assert_eq!(kinds(&f), []);
}

#[test]
fn unrecognised_values_are_reported_verbatim() {
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    f.customer.relationship = CustomerRelationship::Unknown("ResellerPending".into());
    f.sub().status = SubscriptionStatus::Unknown("PendingTransfer".into());
    f.sub().channel = Channel::Unknown("Marketplace".into());
    f.links.push(link(OTHER_TENANT, LinkKind::Unknown("co-sell".into())));
    f.gdap[0].status = GdapStatus::Unknown("unknownFutureValue".into());
    let found = f.findings();
    let values: Vec<(&str, &str)> = found
        .iter()
        .filter(|x| x.kind == FindingKind::UnrecognisedValue)
        .map(|x| (x.params["field"].as_str(), x.params["value"].as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("relationship", "ResellerPending"),
            ("kind", "co-sell"),
            ("status", "PendingTransfer"),
            ("channel", "Marketplace"),
            ("status", "unknownFutureValue")
        ]
    );
    assert!(found.iter().all(|x| x.severity == Severity::Info && x.rule.is_none()));
}

#[test]
fn nc1_two_tier_data_in_a_national_cloud() {
    for cloud in [Cloud::UsGov, Cloud::Germany, Cloud::China] {
        let mut f = Fixture::new(cloud, PartnerRole::Direct);
        f.gdap.clear();
        f.with_indirect_reseller();
        assert!(kinds(&f).contains(&FindingKind::TwoTierInNationalCloud), "{cloud}");
    }
    let mut f = Fixture::new(Cloud::Global, PartnerRole::IndirectProvider);
    f.with_indirect_reseller();
    assert_eq!(kinds(&f), []);
}

#[test]
fn findings_come_most_severe_first_then_soonest() {
    let mut f = Fixture::new(Cloud::Global, PartnerRole::Direct);
    f.gdap = vec![
        gdap("thirty", GdapStatus::Active, f.today + days(20) - days(90), "P90D"),
        gdap("one", GdapStatus::Active, f.today + days(1) - days(90), "P90D"),
        gdap("ten", GdapStatus::Active, f.today + days(10) - days(90), "P90D"),
        gdap("fifteen", GdapStatus::Active, f.today + days(15) - days(90), "P90D"),
    ];
    f.is_csp_partner = true;
    let order: Vec<String> =
        f.findings().iter().map(|x| x.subject.gdap_id.clone().unwrap_or_else(|| x.kind.id().to_string())).collect();
    assert_eq!(order, ["one", "csp-partner-customer", "ten", "fifteen", "thirty"]);
}
