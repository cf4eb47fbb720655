//! Property tests: MP-3 (linking partners never touches a subscription) and
//! GDAP-1 (1 day to 2 years; end = activation + duration).

use chrono::{DateTime, Months, TimeDelta, Utc};
use proptest::prelude::*;

use super::fixtures::*;
use crate::cloud::{Cloud, PartnerRole};
use crate::model::*;
use crate::rules::gdap::{gdap_end, parse_duration, validate_gdap_duration};
use crate::rules::links::link_partner;
use crate::rules::{
    Action, ProfileContext, customer_findings, customer_findings_dated, evaluate_customer, gdap_findings,
    gdap_findings_dated,
};

fn open_value<T: Clone + std::fmt::Debug + 'static>(
    known: &'static [T],
    unknown: fn(String) -> T,
) -> impl Strategy<Value = T> {
    prop_oneof![
        4 => prop::sample::select(known),
        1 => "[A-Za-z_]{1,12}".prop_map(unknown),
    ]
}

fn subscription_strategy() -> impl Strategy<Value = Subscription> {
    (
        "[a-f0-9]{8}",
        open_value(SubscriptionStatus::KNOWN, SubscriptionStatus::Unknown),
        open_value(BillingType::KNOWN, BillingType::Unknown),
        open_value(Channel::KNOWN, Channel::Unknown),
        prop::option::of(prop_oneof![Just("-1".to_string()), Just(OWN_MPN.to_string()), "[0-9]{7}"]),
        prop::option::of(-400i64..800),
        prop::option::of(any::<bool>()),
        prop::option::of(prop_oneof![Just("P1M".to_string()), Just("P1Y".to_string()), Just("P3Y".to_string())]),
        1i64..1000,
    )
        .prop_map(|(id, status, billing, channel, por, end, renew, term, quantity)| {
            let mut s = subscription(&id, billing, channel);
            s.status = status;
            s.partner_of_record = por;
            s.commitment_end = end.map(|d| today() + TimeDelta::days(d));
            s.auto_renew = renew;
            s.term_duration = term;
            s.quantity = quantity;
            s
        })
}

fn link_strategy() -> impl Strategy<Value = CustomerPartnerLink> {
    (
        prop_oneof![Just(OWN_TENANT.to_string()), Just(OTHER_TENANT.to_string()), "[a-z0-9-]{0,36}"],
        open_value(LinkKind::KNOWN, LinkKind::Unknown),
        prop::option::of(prop_oneof![Just("Azure".to_string()), Just("Office 365".to_string())]),
        prop_oneof![9 => Just(CUSTOMER_TENANT.to_string()), 1 => "[a-z0-9-]{0,36}"],
    )
        .prop_map(|(partner_id, kind, scope, customer)| {
            let mut l = link(&partner_id, kind);
            l.scope = scope;
            l.customer_tenant_id = customer;
            l
        })
}

fn gdap_strategy() -> impl Strategy<Value = GdapRelationship> {
    (
        "[a-f0-9]{6}",
        open_value(GdapStatus::KNOWN, GdapStatus::Unknown),
        -800i64..800,
        prop_oneof![Just("P730D"), Just("P90D"), Just("P1Y"), Just("P2D"), Just("P0D"), Just("bogus")],
        prop_oneof![Just("PT0S"), Just("P180D"), Just("P7D")],
        prop::option::of(-800i64..800),
        any::<bool>(),
    )
        .prop_map(|(id, status, activated, duration, extend, end, has_created)| {
            let mut g = gdap(&id, status, today() + TimeDelta::days(activated), duration);
            g.auto_extend_duration = extend.to_string();
            if let Some(end) = end {
                g.end_at = Some(noon(today() + TimeDelta::days(end)));
            }
            if !has_created {
                g.created_at = None;
            }
            g
        })
}

fn link_with_end_strategy() -> impl Strategy<Value = CustomerPartnerLink> {
    (link_strategy(), prop::option::of(-100i64..400)).prop_map(|(mut l, end)| {
        l.customer_tenant_id = CUSTOMER_TENANT.into();
        l.end_date = end.map(|d| today() + TimeDelta::days(d));
        l
    })
}

/// A customer's whole record, as the store would hold it.
#[derive(Debug, Clone)]
struct Record {
    links: Vec<CustomerPartnerLink>,
    subscriptions: Vec<Subscription>,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// MP-3: whatever partners are linked, every subscription keeps its id,
    /// partner of record, terms, owner and status, byte for byte.
    #[test]
    fn mp3_linking_partners_leaves_every_subscription_identical(
        subscriptions in prop::collection::vec(subscription_strategy(), 0..12),
        existing in prop::collection::vec(link_strategy(), 0..4),
        new_links in prop::collection::vec(link_strategy(), 1..8),
    ) {
        let mut record = Record {
            links: existing.into_iter().map(|mut l| { l.customer_tenant_id = CUSTOMER_TENANT.into(); l }).collect(),
            subscriptions,
        };
        let before = record.clone();
        let bytes = serde_json::to_vec(&record.subscriptions).unwrap();
        let profile = ProfileContext {
            cloud: Cloud::Global,
            role: PartnerRole::Dual,
            own_tenant_id: Some(OWN_TENANT.into()),
            own_mpn_id: Some(OWN_MPN.into()),
        };
        let fixture = Fixture::new(Cloud::Global, PartnerRole::Dual);
        let verdicts_before = {
            let mut facts = fixture.facts();
            facts.subscriptions = &record.subscriptions;
            evaluate_customer(&profile, &facts, today())
        };

        for l in new_links {
            let _ = link_partner(CUSTOMER_TENANT, &mut record.links, l);
        }

        prop_assert_eq!(&record.subscriptions, &before.subscriptions);
        prop_assert_eq!(serde_json::to_vec(&record.subscriptions).unwrap(), bytes);
        for (after, before) in record.subscriptions.iter().zip(&before.subscriptions) {
            prop_assert_eq!(&after.id, &before.id);
            prop_assert_eq!(&after.partner_of_record, &before.partner_of_record);
            prop_assert_eq!((&after.commitment_end, &after.term_duration, &after.auto_renew, after.quantity),
                (&before.commitment_end, &before.term_duration, &before.auto_renew, before.quantity));
            prop_assert_eq!(&after.customer_tenant_id, &before.customer_tenant_id);
            prop_assert_eq!(&after.status, &before.status);
        }
        prop_assert!(record.links.len() >= before.links.len());
        prop_assert!(record.links.iter().all(|l| l.customer_tenant_id == CUSTOMER_TENANT));

        // The subscriptions' verdicts depend on the subscriptions, which did not change.
        let mut facts = fixture.facts();
        facts.subscriptions = &record.subscriptions;
        let verdicts_after = evaluate_customer(&profile, &facts, today());
        prop_assert_eq!(verdicts_after.subscriptions, verdicts_before.subscriptions);
        prop_assert_eq!(verdicts_after.customer.len(), Action::CUSTOMER.len());
    }

    /// Findings kept with their `valid_until` are what the rules say on every
    /// day up to it: a store may serve them instead of evaluating again.
    #[test]
    fn dated_findings_hold_until_they_say(
        role in prop::sample::select(PartnerRole::ALL.to_vec()),
        cloud in prop::sample::select(Cloud::ALL.to_vec()),
        allow_dap in prop::option::of(any::<bool>()),
        reseller in prop::option::of(Just(RESELLER_MPN.to_string())),
        subscriptions in prop::collection::vec(subscription_strategy(), 0..6),
        links in prop::collection::vec(link_with_end_strategy(), 0..4),
        gdap in prop::collection::vec(gdap_strategy(), 0..4),
        start in -400i64..400,
    ) {
        let mut fixture = Fixture::new(cloud, role);
        fixture.customer.allow_delegated_access = allow_dap;
        fixture.customer.indirect_reseller_id = reseller;
        fixture.subscriptions = subscriptions;
        fixture.links.extend(links);
        fixture.gdap = gdap;
        let start = today() + TimeDelta::days(start);
        let kept = customer_findings_dated(&fixture.profile, &fixture.facts(), start);
        prop_assert_eq!(&kept.findings, &customer_findings(&fixture.profile, &fixture.facts(), start));
        let last = kept.valid_until.unwrap_or(start + TimeDelta::days(1200));
        let mut day = start;
        while day < last {
            prop_assert_eq!(&kept.findings, &customer_findings(&fixture.profile, &fixture.facts(), day), "on {}", day);
            day += TimeDelta::days(1);
        }
        for g in &fixture.gdap {
            let kept = gdap_findings_dated(&fixture.profile, g, start);
            let last = kept.valid_until.unwrap_or(start + TimeDelta::days(1200));
            let mut day = start;
            while day < last {
                prop_assert_eq!(&kept.findings, &gdap_findings(&fixture.profile, g, day), "on {}", day);
                day += TimeDelta::days(1);
            }
        }
    }

    /// GDAP-1 in days form: every duration from 1 to 730 days is valid, and
    /// the end is exactly that many days after activation.
    #[test]
    fn gdap1_days_form(activated in 946_684_800i64..4_102_444_800, days in 1u32..=730) {
        let activated: DateTime<Utc> = DateTime::from_timestamp(activated, 0).unwrap();
        let text = format!("P{days}D");
        let duration = validate_gdap_duration(&text).unwrap();
        let end = gdap_end(activated, &duration).unwrap();
        prop_assert_eq!(end - activated, TimeDelta::days(i64::from(days)));
    }

    /// GDAP-1 in years/months form: valid up to two years, and the end is
    /// the calendar date that many months on.
    #[test]
    fn gdap1_years_and_months_form(activated in 946_684_800i64..4_102_444_800, years in 0u32..=2, months in 0u32..=11) {
        let activated: DateTime<Utc> = DateTime::from_timestamp(activated, 0).unwrap();
        let text = format!("P{years}Y{months}M");
        let total = years * 12 + months;
        let in_range = total >= 1 && years * 365 + months * 30 <= 730;
        prop_assert_eq!(validate_gdap_duration(&text).is_ok(), in_range, "{}", text);
        let end = gdap_end(activated, &parse_duration(&text).unwrap()).unwrap();
        prop_assert_eq!(end, activated.checked_add_months(Months::new(total)).unwrap());
    }

    /// GDAP-1: nothing shorter than a day or longer than two years passes.
    #[test]
    fn gdap1_out_of_range(days in prop_oneof![Just(0u32), 731u32..100_000], hours in 0u32..24) {
        let too_long = format!("P{days}D");
        let too_short = format!("PT{hours}H");
        prop_assert!(validate_gdap_duration(&too_long).is_err());
        prop_assert!(validate_gdap_duration(&too_short).is_err());
    }
}
