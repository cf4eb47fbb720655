mod common;

use common::{indirect_provider_profile as profile, now};
use partner_desk_core::model::*;
use partner_desk_core::records::{Coverage, CustomerRecord, Record, RecordSink, SubscriptionRecord};
use partner_desk_store::{CustomerQuery, ImportSummary, ProfileDb, SourceFile};

const A: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const B: &str = "bbbbbbbb-0000-4000-8000-000000000002";
const C: &str = "cccccccc-0000-4000-8000-000000000003";
const OTHER_PARTNER: &str = "dddddddd-0000-4000-8000-000000000004";

fn customer(tenant: &str, name: &str) -> Record {
    Record::Customer(CustomerRecord {
        tenant_id: tenant.into(),
        company_name: Some(name.into()),
        relationship: Some(CustomerRelationship::Reseller),
        ..Default::default()
    })
}

fn subscription(id: &str, tenant: &str, status: &str, quantity: i64, reseller: &str) -> Record {
    Record::Subscription(SubscriptionRecord {
        id: id.into(),
        customer_tenant_id: tenant.into(),
        offer_name: Some("Microsoft 365 E3".into()),
        quantity: Some(quantity),
        status: Some(SubscriptionStatus::parse(status)),
        billing_type: Some(BillingType::License),
        partner_of_record: Some(reseller.into()),
        channel: Some(Channel::Csp),
        ..Default::default()
    })
}

fn link(tenant: &str, partner: &str, kind: LinkKind) -> Record {
    Record::Link(CustomerPartnerLink {
        customer_tenant_id: tenant.into(),
        partner_id: partner.into(),
        kind,
        scope: None,
        source: "rest-customer-relationships".into(),
        start_date: None,
        end_date: None,
    })
}

fn import(db: &mut ProfileDb, records: Vec<Record>, coverage: Vec<Coverage>) -> ImportSummary {
    let mut session = db.begin_import(now()).unwrap();
    let file = SourceFile { path: "x.json".into(), format: "test".into(), sha256: "00".into(), bytes: 1, records: 1 };
    session.add_file(file, coverage);
    for record in records {
        session.apply(record).unwrap();
    }
    session.finish().unwrap()
}

fn first_batch() -> (Vec<Record>, Vec<Coverage>) {
    let records = vec![
        customer(A, "さくら商事株式会社"),
        customer(B, "ООО «Волга Софт»"),
        customer(C, "台灣雲端科技股份有限公司"),
        subscription("s1", A, "active", 10, "111"),
        subscription("s2", A, "active", 5, "111"),
        Record::Partner(Partner {
            id: OTHER_PARTNER.into(),
            tenant_id: Some(OTHER_PARTNER.into()),
            mpn_id: Some("222".into()),
            name: "Northwind Cloud".into(),
            location: None,
        }),
        link(A, OTHER_PARTNER, LinkKind::IndirectReseller),
    ];
    let coverage = vec![Coverage::AllCustomers, Coverage::CustomerSubscriptions { customer_tenant_id: A.into() }];
    (records, coverage)
}

#[test]
fn reimporting_the_same_records_changes_nothing() {
    let (_dir, mut db) = profile();
    let (records, coverage) = first_batch();
    let first = import(&mut db, records.clone(), coverage.clone());
    assert_eq!(first.counts["customer"].added, 3);
    assert_eq!(first.counts["subscription"].added, 2);
    assert_eq!(first.counts["link"].added, 1);
    let again = import(&mut db, records, coverage);
    assert_eq!(again.total_changes(), 0, "{again:?}");
    assert_eq!(again.counts["customer"].unchanged, 3);
}

#[test]
fn a_complete_list_removes_what_it_no_longer_names_and_the_diff_says_exactly_what_changed() {
    let (_dir, mut db) = profile();
    let (records, coverage) = first_batch();
    let first = import(&mut db, records, coverage.clone());
    let second_records = vec![
        customer(A, "さくら商事株式会社"),
        customer(B, "ООО «Волга Софт»"),
        subscription("s1", A, "suspended", 12, "-1"),
        subscription("s3", A, "active", 1, "111"),
        link(A, OTHER_PARTNER, LinkKind::IndirectReseller),
        link(B, OTHER_PARTNER, LinkKind::Advisor),
    ];
    let second = import(&mut db, second_records, coverage);
    assert_eq!(second.counts["customer"].removed, 1, "C left the list");
    assert_eq!(second.counts["subscription"].removed, 1, "s2 left A's list");
    let page = db.customers(&CustomerQuery::search(None, 10, 0), any_day()).unwrap();
    assert_eq!(page.total, 2);

    let diff = db.diff(first.snapshot_id, Some(second.snapshot_id)).unwrap();
    assert!(diff.customers_added.is_empty());
    assert_eq!(diff.customers_removed.len(), 1);
    assert_eq!(diff.customers_removed[0].company_name, "台灣雲端科技股份有限公司");
    assert_eq!(diff.partners_added.len(), 1);
    assert_eq!(
        (diff.partners_added[0].customer_tenant_id.as_str(), diff.partners_added[0].kind.as_str()),
        (B, "advisor")
    );
    assert_eq!(diff.partners_added[0].partner_name, "Northwind Cloud");
    assert!(diff.partners_removed.is_empty());
    let mut changes: Vec<_> = diff
        .subscription_changes
        .iter()
        .map(|c| (c.id.as_str(), c.field.as_str(), c.before.as_deref(), c.after.as_deref()))
        .collect();
    changes.sort();
    assert_eq!(
        changes,
        vec![
            ("s1", "partner_of_record", Some("111"), Some("-1")),
            ("s1", "quantity", Some("10"), Some("12")),
            ("s1", "status", Some("active"), Some("suspended")),
            ("s2", "removed", None, None),
            ("s3", "added", None, None),
        ]
    );
    // The other direction reads the same changes backwards.
    let back = db.diff(second.snapshot_id, Some(first.snapshot_id)).unwrap();
    assert_eq!(back.customers_added.len(), 1);
    assert_eq!(db.snapshots().unwrap().len(), 2);
    assert_eq!(db.diff(first.snapshot_id, None).unwrap(), diff, "no second snapshot means 'now'");
    assert_eq!(db.diff(99, None).unwrap_err().code(), "invalid_input");
}

#[test]
fn a_partial_file_removes_nothing_and_a_patch_keeps_what_its_source_does_not_say() {
    let (_dir, mut db) = profile();
    let single = Record::Customer(CustomerRecord {
        tenant_id: A.into(),
        company_name: Some("Contoso".into()),
        allow_delegated_access: Some(true),
        ..Default::default()
    });
    import(&mut db, vec![single, customer(B, "Fabrikam")], vec![]);
    let summary = import(&mut db, vec![customer(A, "Contoso Ltd")], vec![]);
    assert_eq!(summary.counts["customer"].changed, 1);
    assert_eq!(summary.counts["customer"].removed, 0);
    let page = db.customers(&CustomerQuery::search(Some("Contoso".into()), 10, 0), any_day()).unwrap();
    assert_eq!(page.items[0].company_name, "Contoso Ltd");
    assert_eq!(page.items[0].allow_delegated_access, Some(true), "a list does not reset what a lookup told");
}

#[test]
fn a_subscription_for_an_unknown_customer_gets_a_placeholder_the_list_fills_in() {
    let (_dir, mut db) = profile();
    import(&mut db, vec![subscription("s9", C, "active", 1, "111")], vec![]);
    let page = db.customers(&CustomerQuery::search(None, 10, 0), any_day()).unwrap();
    assert_eq!(page.items[0].tenant_id, C);
    assert_eq!(page.items[0].company_name, "");
    import(&mut db, vec![customer(C, "Wingtip")], vec![]);
    let page = db.customers(&CustomerQuery::search(None, 10, 0), any_day()).unwrap();
    assert_eq!(page.items[0].company_name, "Wingtip");
    assert_eq!(page.items[0].subscription_count, 1);
}

#[test]
fn an_import_dropped_before_finish_writes_nothing() {
    let (_dir, mut db) = profile();
    let before = db.summary().unwrap();
    {
        let mut session = db.begin_import(now()).unwrap();
        session.apply(customer(A, "Contoso")).unwrap();
    }
    let after = db.summary().unwrap();
    assert_eq!(after, before);
    assert!(db.snapshots().unwrap().is_empty());
}

#[test]
fn a_record_described_twice_in_one_import_counts_once() {
    let (_dir, mut db) = profile();
    let lookup = Record::Customer(CustomerRecord {
        tenant_id: A.into(),
        allow_delegated_access: Some(false),
        ..Default::default()
    });
    let summary = import(&mut db, vec![customer(A, "Contoso"), lookup], vec![]);
    assert_eq!((summary.counts["customer"].added, summary.counts["customer"].changed), (1, 0));
}

/// The list does not depend on the day unless it filters on findings.
fn any_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}
