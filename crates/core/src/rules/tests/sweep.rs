//! Invariants over every cloud × role, on hand-made variety and on the demo
//! generator's data: every action answered, verdict = strongest reason, every
//! key emitted is in the catalogue and every message fully rendered.

use std::collections::BTreeSet;

use super::fixtures::*;
use crate::cloud::{Cloud, PartnerRole};
use crate::demo::{Demo, DemoOptions};
use crate::model::*;
use crate::rules::messages::all_keys;
use crate::rules::{
    Action, CustomerFacts, CustomerVerdicts, Finding, ProfileContext, VerdictKind, customer_findings,
    evaluate_customer, gdap_findings,
};

fn check(verdicts: &CustomerVerdicts, findings: &[Finding], subscriptions: usize, keys: &BTreeSet<String>) {
    let customer: Vec<Action> = verdicts.customer.iter().map(|v| v.action).collect();
    assert_eq!(customer, Action::CUSTOMER);
    assert_eq!(verdicts.subscriptions.len(), subscriptions);
    let all = verdicts.customer.iter().chain(verdicts.subscriptions.iter().flat_map(|s| {
        let actions: Vec<Action> = s.verdicts.iter().map(|v| v.action).collect();
        assert_eq!(actions, Action::SUBSCRIPTION);
        &s.verdicts
    }));
    for v in all {
        assert!(!v.reasons.is_empty(), "{v:?}");
        let strongest = v.reasons.iter().map(|r| r.effect).max().map(|e| e.verdict());
        assert_eq!(Some(v.verdict), strongest, "{v:#?}");
        if v.earliest_date.is_some() {
            assert_eq!((v.action, v.verdict), (Action::MoveLicenseSubscription, VerdictKind::Restricted));
        }
        for r in &v.reasons {
            assert!(keys.contains(&r.key), "{} not in the catalogue", r.key);
            assert!(!r.message.contains("{{"), "{}: {}", r.key, r.message);
        }
        for s in &v.steps {
            assert!(keys.contains(&s.key), "{} not in the catalogue", s.key);
            assert!(!s.message.contains("{{"), "{}: {}", s.key, s.message);
        }
    }
    for f in findings {
        assert!(keys.contains(&f.key), "{} not in the catalogue", f.key);
        assert!(!f.message.contains("{{"), "{}: {}", f.key, f.message);
        assert_eq!(f.rule, f.kind.rule());
    }
}

fn keys() -> BTreeSet<String> {
    all_keys().into_iter().map(|k| k.key).collect()
}

#[test]
fn hand_made_variety_in_every_cloud_and_role() {
    let keys = keys();
    let mut subscriptions = Vec::new();
    let statuses = SubscriptionStatus::KNOWN.iter().cloned().chain([SubscriptionStatus::Unknown("x".into())]);
    for (i, status) in statuses.enumerate() {
        for billing in BillingType::KNOWN.iter().cloned().chain([BillingType::Unknown("y".into())]) {
            for channel in Channel::KNOWN.iter().cloned().chain([Channel::Unknown("z".into())]) {
                for por in [None, Some(OWN_MPN), Some(OTHER_MPN), Some("-1"), Some(RESELLER_MPN)] {
                    let mut s = subscription(&format!("s{}", subscriptions.len()), billing.clone(), channel.clone());
                    s.status = status.clone();
                    s.partner_of_record = por.map(str::to_string);
                    s.commitment_end = Some(today() + days(i as i64 * 20 - 40));
                    s.auto_renew = Some(i % 2 == 0);
                    subscriptions.push(s);
                }
            }
        }
    }
    for cloud in Cloud::ALL {
        for role in PartnerRole::ALL {
            for variant in 0..4 {
                let mut f = Fixture::new(cloud, role);
                f.subscriptions = subscriptions.clone();
                if variant & 1 == 1 {
                    f.with_indirect_reseller();
                    f.with_indirect_provider();
                    f.is_csp_partner = true;
                }
                if variant & 2 == 2 {
                    f.customer.relationship = CustomerRelationship::None;
                    f.customer.allow_delegated_access = None;
                }
                check(&f.verdicts(), &f.findings(), subscriptions.len(), &keys);
            }
        }
    }
}

#[test]
fn demo_data_in_every_cloud_and_role() {
    let keys = keys();
    let today = today();
    for cloud in Cloud::ALL {
        for role in PartnerRole::ALL {
            let demo = Demo::new(DemoOptions {
                cloud,
                role,
                own_tenant_id: Some(OWN_TENANT.into()),
                own_mpn_id: Some(OWN_MPN.into()),
                customers: 150,
                seed: 7,
                today,
            });
            let network = demo.network();
            let mut partners = network.partners.clone();
            partners.push(network.own.clone());
            let profile = ProfileContext {
                cloud,
                role,
                own_tenant_id: network.own.tenant_id.clone(),
                own_mpn_id: network.own.mpn_id.clone(),
            };
            let partner_tenants: BTreeSet<&str> =
                network.partners.iter().filter_map(|p| p.tenant_id.as_deref()).collect();
            let mut kinds = BTreeSet::new();
            for bundle in demo.customers() {
                let facts = CustomerFacts {
                    customer: &bundle.customer,
                    links: &bundle.links,
                    partners: &partners,
                    subscriptions: &bundle.subscriptions,
                    gdap: &bundle.gdap,
                    is_csp_partner: partner_tenants.contains(bundle.customer.tenant_id.as_str()),
                };
                let verdicts = evaluate_customer(&profile, &facts, today);
                let findings = customer_findings(&profile, &facts, today);
                check(&verdicts, &findings, bundle.subscriptions.len(), &keys);
                kinds.extend(findings.iter().map(|f| f.kind));
                for g in &bundle.gdap {
                    check_findings_only(&gdap_findings(&profile, g, today), &keys);
                }
            }
            assert!(!kinds.is_empty(), "{cloud} {role}: the demo raises findings");
        }
    }
}

fn check_findings_only(findings: &[Finding], keys: &BTreeSet<String>) {
    for f in findings {
        assert!(keys.contains(&f.key), "{}", f.key);
        assert!(!f.message.contains("{{"), "{}", f.message);
    }
}
