use std::collections::BTreeSet;

use super::*;

fn options(cloud: Cloud, role: PartnerRole, customers: usize) -> DemoOptions {
    DemoOptions {
        cloud,
        role,
        own_tenant_id: None,
        own_mpn_id: Some("1234567".into()),
        customers,
        seed: 42,
        today: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default(),
    }
}

#[test]
fn the_same_seed_gives_the_same_dataset() {
    let a: Vec<_> = Demo::new(options(Cloud::Global, PartnerRole::Dual, 50)).customers().collect();
    let b: Vec<_> = Demo::new(options(Cloud::Global, PartnerRole::Dual, 50)).customers().collect();
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    let mut other = options(Cloud::Global, PartnerRole::Dual, 50);
    other.seed = 43;
    let c: Vec<_> = Demo::new(other).customers().collect();
    assert_ne!(a[0].customer.tenant_id, c[0].customer.tenant_id);
}

#[test]
fn a_small_global_demo_covers_every_kind_channel_billing_and_status() {
    let demo = Demo::new(options(Cloud::Global, PartnerRole::Dual, 60));
    let bundles: Vec<_> = demo.customers().collect();
    let kinds: BTreeSet<_> = bundles.iter().flat_map(|b| &b.links).map(|l| l.kind.clone()).collect();
    for kind in LinkKind::KNOWN {
        assert!(kinds.contains(kind), "no link of kind {kind}");
    }
    let channels: BTreeSet<_> = bundles.iter().flat_map(|b| &b.subscriptions).map(|s| s.channel.clone()).collect();
    for channel in Channel::KNOWN {
        assert!(channels.contains(channel), "no subscription through {channel}");
    }
    let billing: BTreeSet<_> = bundles.iter().flat_map(|b| &b.subscriptions).map(|s| s.billing_type.clone()).collect();
    assert_eq!(billing.len(), 2);
    let sub_status: BTreeSet<_> = bundles.iter().flat_map(|b| &b.subscriptions).map(|s| s.status.clone()).collect();
    for status in SubscriptionStatus::KNOWN {
        assert!(sub_status.contains(status), "no subscription {status}");
    }
    let gdap: BTreeSet<_> = bundles.iter().flat_map(|b| &b.gdap).map(|g| g.status.clone()).collect();
    for status in GdapStatus::KNOWN {
        assert!(gdap.contains(status), "no GDAP relationship {status}");
    }
    assert!(!demo.network().partner_relationships.is_empty(), "a dual partner has indirect resellers");
}

#[test]
fn company_names_come_in_several_scripts() {
    let names: Vec<String> = Demo::new(options(Cloud::Global, PartnerRole::Direct, 200))
        .customers()
        .map(|b| b.customer.company_name)
        .collect();
    let has = |range: std::ops::RangeInclusive<char>| names.iter().any(|n| n.chars().any(|c| range.contains(&c)));
    assert!(has('\u{3040}'..='\u{30ff}'), "Japanese kana");
    assert!(has('\u{4e00}'..='\u{9fff}'), "CJK ideographs");
    assert!(has('\u{0400}'..='\u{04ff}'), "Cyrillic");
    assert!(has('A'..='Z'), "Latin");
}

#[test]
fn us_government_data_has_no_gdap_and_direct_profiles_no_two_tier_network() {
    let demo = Demo::new(options(Cloud::UsGov, PartnerRole::Direct, 100));
    assert!(demo.customers().all(|b| b.gdap.is_empty()));
    assert!(demo.network().partner_relationships.is_empty());
    let gdap_links = demo.customers().flat_map(|b| b.links).filter(|l| l.kind == LinkKind::Gdap).count();
    assert_eq!(gdap_links, 0);
}

#[test]
fn some_data_raises_findings() {
    let demo = Demo::new(options(Cloud::Global, PartnerRole::IndirectProvider, 400));
    let bundles: Vec<_> = demo.customers().collect();
    let own_mpn = demo.network().own.mpn_id.clone();
    let subs = || bundles.iter().flat_map(|b| &b.subscriptions);
    assert!(subs().any(|s| s.partner_of_record.as_deref() == Some("-1")), "IND-4: reseller removed");
    assert!(subs().any(|s| s.partner_of_record == own_mpn), "IND-4: provider as reseller of record");
    assert!(subs().any(|s| s.auto_renew == Some(false)), "terms ending with auto-renew off");
    assert!(subs().any(|s| !s.status.is_known()), "unknown statuses kept verbatim");
    let partner_tenants: BTreeSet<_> = demo.network().partners.iter().filter_map(|p| p.tenant_id.clone()).collect();
    assert!(
        bundles.iter().any(|b| partner_tenants.contains(&b.customer.tenant_id)),
        "CSP-1: a customer that is a partner"
    );
    let national = Demo::new(options(Cloud::Germany, PartnerRole::Direct, 20));
    assert!(
        national.customers().flat_map(|b| b.links).any(|l| l.kind == LinkKind::IndirectProvider),
        "NC-1: two-tier data in a national cloud"
    );
}

#[test]
fn tenant_ids_are_unique_per_dataset_and_every_record_points_at_its_customer() {
    let demo = Demo::new(options(Cloud::Global, PartnerRole::Dual, 1_000));
    let mut seen = BTreeSet::new();
    for bundle in demo.customers() {
        assert!(seen.insert(bundle.customer.tenant_id.clone()), "duplicate tenant id");
        assert!(bundle.subscriptions.iter().all(|s| s.customer_tenant_id == bundle.customer.tenant_id));
        assert!(bundle.links.iter().all(|l| l.customer_tenant_id == bundle.customer.tenant_id));
    }
}

#[test]
fn the_distributor_shape_has_the_benchmark_proportions() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default();
    let options = DemoOptions::distributor(0.01, 7, today);
    assert_eq!(options.customers, 2_000);
    let demo = Demo::with_shape(options, DemoShape::distributor());
    assert_eq!(demo.network().partner_relationships.len(), 20, "one indirect reseller per 100 customers");
    let (mut subscriptions, mut links, mut gdap) = (0usize, 0usize, 0usize);
    for bundle in demo.customers() {
        subscriptions += bundle.subscriptions.len();
        links += bundle.links.len();
        gdap += bundle.gdap.len();
    }
    let per_customer = |n: usize| n as f64 / 2_000.0;
    assert!((4.7..5.3).contains(&per_customer(subscriptions)), "subscriptions {subscriptions}");
    assert!((1.8..2.2).contains(&per_customer(links)), "links {links}");
    assert!((0.65..0.85).contains(&per_customer(gdap)), "gdap {gdap}");
}
