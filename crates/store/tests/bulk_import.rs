//! The first import into an empty profile is written in bulk; every other in
//! the merging path. Both must leave exactly the same profile: the same rows,
//! history, counts, snapshot and search index, whatever the records (patches
//! that arrive in pieces, placeholders, records repeated, links entered by
//! hand in the source, unknown enum values, complete lists). These tests run
//! the same records through both paths into two profiles and compare every
//! table (`common/profile_contents.rs`).

#[path = "common/profile_contents.rs"]
mod profile_contents;

use chrono::{DateTime, Utc};
use partner_desk_core::ProfileSpec;
use partner_desk_core::model::*;
use partner_desk_core::records::{Coverage, CustomerRecord, Record, RecordSink, SubscriptionRecord};
use partner_desk_store::{ImportPath, ImportSummary, ProfileDb, Profiles, SourceFile};
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap()
}

fn later() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-21T09:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap()
}

fn profile(dir: &std::path::Path) -> ProfileDb {
    let profiles = Profiles::new(dir);
    let spec = ProfileSpec::from_input("P", "global", None, Some("1234567"), Some("indirect-provider")).unwrap();
    let id = profiles.create(&spec, now()).unwrap().id;
    profiles.open(&id).unwrap()
}

/// One file's worth of records and what it lists completely.
#[derive(Debug, Clone)]
struct Batch {
    records: Vec<Record>,
    coverage: Vec<Coverage>,
}

fn import(db: &mut ProfileDb, batch: &Batch, path: ImportPath, at: DateTime<Utc>) -> (ImportSummary, bool) {
    let mut session = db.begin_import_by(at, path).unwrap();
    let bulk = session.writes_in_bulk();
    for record in &batch.records {
        session.apply(record.clone()).unwrap();
    }
    let file =
        SourceFile { path: "batch.json".into(), format: "test".into(), sha256: "00".into(), bytes: 1, records: 1 };
    session.add_file(file, batch.coverage.clone());
    (session.finish().unwrap(), bulk)
}

/// Imports `first` into two new profiles, in bulk and merged, then `second`
/// into both (merged: they hold records now), comparing after each.
fn both_paths(first: &Batch, second: Option<&Batch>) {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut bulk_db, mut merged_db) = (profile(a.path()), profile(b.path()));
    let (bulk_summary, was_bulk) = import(&mut bulk_db, first, ImportPath::Auto, now());
    let (merged_summary, was_merged_in_bulk) = import(&mut merged_db, first, ImportPath::Merge, now());
    assert!(was_bulk, "an empty profile's first import is written in bulk");
    assert!(!was_merged_in_bulk);
    assert_eq!(bulk_summary, merged_summary);
    profile_contents::assert_same(bulk_db.path(), merged_db.path());
    if let Some(second) = second {
        let (bulk_summary, was_bulk) = import(&mut bulk_db, second, ImportPath::Auto, later());
        let (merged_summary, _) = import(&mut merged_db, second, ImportPath::Merge, later());
        let has_records = !first.records.is_empty();
        assert_eq!(was_bulk, !has_records, "a profile with records is merged into");
        assert_eq!(bulk_summary, merged_summary);
        profile_contents::assert_same(bulk_db.path(), merged_db.path());
    }
}

const T1: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const T2: &str = "bbbbbbbb-0000-4000-8000-000000000002";
const P1: &str = "dddddddd-0000-4000-8000-000000000004";

fn link(tenant: &str, partner: &str, kind: LinkKind, source: &str) -> Record {
    Record::Link(CustomerPartnerLink {
        customer_tenant_id: tenant.into(),
        partner_id: partner.into(),
        kind,
        scope: None,
        source: source.into(),
        start_date: None,
        end_date: None,
    })
}

#[test]
fn patches_placeholders_repeats_and_manual_links_end_the_same_both_ways() {
    let records = vec![
        // A subscription before its customer: a placeholder customer first.
        Record::Subscription(SubscriptionRecord {
            id: "s1".into(),
            customer_tenant_id: T1.into(),
            offer_name: Some("Microsoft 365 E3".into()),
            quantity: Some(10),
            status: Some(SubscriptionStatus::parse("suspendedByDunning")),
            ..Default::default()
        }),
        Record::Customer(CustomerRecord {
            tenant_id: T1.into(),
            company_name: Some("さくら商事株式会社".into()),
            relationship: Some(CustomerRelationship::parse("reseller")),
            ..Default::default()
        }),
        // The same customer again with less: nothing changes.
        Record::Customer(CustomerRecord { tenant_id: T1.into(), ..Default::default() }),
        // A reconciliation-style patch of the subscription.
        Record::Subscription(SubscriptionRecord {
            id: "s1".into(),
            customer_tenant_id: T1.into(),
            partner_of_record: Some("-1".into()),
            channel: Some(Channel::Csp),
            ..Default::default()
        }),
        // A link to a partner no list named: a placeholder partner.
        link(T2, P1, LinkKind::parse("indirect-reseller"), "rest-customer-relationships"),
        // Entered by hand in the source, then named again: left as it is.
        link(T1, "mpn:555", LinkKind::parse("advisorOfRecord"), "manual"),
        link(T1, "mpn:555", LinkKind::parse("advisorOfRecord"), "rest-customer-relationships"),
        Record::Partner(Partner {
            id: P1.into(),
            tenant_id: Some(P1.into()),
            mpn_id: Some("222".into()),
            name: "Fabrikam".into(),
            location: None,
        }),
        Record::PartnerRelationship(PartnerRelationship {
            partner_id: P1.into(),
            relationship_type: PartnerRelationshipType::parse("is_indirect_reseller_of"),
            state: Some("active".into()),
        }),
        Record::Gdap(GdapRelationship {
            id: "g1".into(),
            display_name: "Support".into(),
            customer_tenant_id: None,
            customer_name: None,
            status: GdapStatus::parse("notYetKnown"),
            duration: "P730D".into(),
            auto_extend_duration: "P180D".into(),
            created_at: Some(now()),
            activated_at: None,
            end_at: None,
            roles: vec!["Helpdesk".into()],
        }),
        Record::RelationshipRequest(RelationshipRequest {
            url: "https://example.test/invite".into(),
            with_delegated_admin: true,
            created_at: Some(now()),
            sent_at: None,
            accepted_at: None,
        }),
    ];
    let coverage = vec![
        Coverage::AllCustomers,
        Coverage::CustomerSubscriptions { customer_tenant_id: T1.into() },
        Coverage::AllGdap,
    ];
    let first = Batch { records, coverage };
    let second = Batch {
        records: vec![Record::Customer(CustomerRecord {
            tenant_id: T2.into(),
            company_name: Some("Contoso".into()),
            ..Default::default()
        })],
        coverage: vec![Coverage::AllCustomers],
    };
    both_paths(&first, Some(&second));
}

#[test]
fn an_import_in_bulk_that_is_dropped_leaves_nothing_and_the_next_is_still_in_bulk() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = profile(dir.path());
    {
        let mut session = db.begin_import(now()).unwrap();
        assert!(session.writes_in_bulk());
        session
            .apply(Record::Customer(CustomerRecord {
                tenant_id: T1.into(),
                company_name: Some("Contoso".into()),
                ..Default::default()
            }))
            .unwrap();
        // A reader that fails drops the session without finishing it.
    }
    let empty = tempfile::tempdir().unwrap();
    let untouched = profile(empty.path());
    profile_contents::assert_same(db.path(), untouched.path());
    let batch = Batch {
        records: vec![Record::Customer(CustomerRecord {
            tenant_id: T2.into(),
            company_name: Some("Fabrikam".into()),
            ..Default::default()
        })],
        coverage: Vec::new(),
    };
    let (summary, bulk) = import(&mut db, &batch, ImportPath::Auto, now());
    assert!(bulk);
    assert_eq!(summary.counts["customer"].added, 1);
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    let customers: i64 = conn.query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0)).unwrap();
    assert_eq!(customers, 1);
}

// ---- random small datasets ----

const TENANTS: [&str; 4] = [T1, T2, "cccccccc-0000-4000-8000-000000000003", "eeeeeeee-0000-4000-8000-000000000005"];
const PARTNERS: [&str; 3] = [P1, "mpn:777", "ffffffff-0000-4000-8000-000000000006"];

fn pick<T: Clone + std::fmt::Debug + 'static>(items: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(items)
}

fn word() -> impl Strategy<Value = String> {
    pick(&["Contoso", "さくら", "Волга", "台灣雲端", "A", "Ltd", ""]).prop_map(str::to_string)
}

fn enum_text() -> impl Strategy<Value = String> {
    pick(&["active", "suspended", "reseller", "advisor", "csp", "license", "usage", "approved", "somethingNew", ""])
        .prop_map(str::to_string)
}

fn customer_record() -> impl Strategy<Value = Record> {
    (pick(&TENANTS), proptest::option::of(word()), proptest::option::of(enum_text()), proptest::option::of(word()))
        .prop_map(|(tenant, name, relationship, domain)| {
            Record::Customer(CustomerRecord {
                tenant_id: tenant.into(),
                company_name: name,
                relationship: relationship.map(|r| CustomerRelationship::parse(&r)),
                primary_domain: domain,
                custom_domains: Some(vec!["a.example".into()]),
                ..Default::default()
            })
        })
}

fn subscription_record() -> impl Strategy<Value = Record> {
    (
        pick(&["s1", "s2", "s3", "s4"]),
        pick(&TENANTS),
        proptest::option::of(0i64..50),
        proptest::option::of(enum_text()),
        proptest::option::of(enum_text()),
        proptest::option::of(pick(&["111", "-1"])),
    )
        .prop_map(|(id, tenant, quantity, status, channel, reseller)| {
            Record::Subscription(SubscriptionRecord {
                id: id.into(),
                customer_tenant_id: tenant.into(),
                offer_name: Some("Offer".into()),
                quantity,
                status: status.map(|s| SubscriptionStatus::parse(&s)),
                channel: channel.map(|c| Channel::parse(&c)),
                partner_of_record: reseller.map(str::to_string),
                creation_date: Some(now()),
                ..Default::default()
            })
        })
}

fn other_record() -> impl Strategy<Value = Record> {
    prop_oneof![
        (pick(&PARTNERS), word()).prop_map(|(id, name)| Record::Partner(Partner {
            id: id.into(),
            tenant_id: None,
            mpn_id: id.strip_prefix("mpn:").map(str::to_string),
            name,
            location: Some("JP".into()),
        })),
        (pick(&PARTNERS), enum_text(), proptest::option::of(word())).prop_map(|(partner, kind, state)| {
            Record::PartnerRelationship(PartnerRelationship {
                partner_id: partner.into(),
                relationship_type: PartnerRelationshipType::parse(&kind),
                state,
            })
        }),
        // Few link keys, so the same link comes again (and again after a manual one).
        (
            pick(&TENANTS[..2]),
            pick(&PARTNERS[..2]),
            pick(&["reseller", "somethingNew"]),
            proptest::option::of(Just("Azure".to_string())),
            pick(&["rest", "manual"]),
        )
            .prop_map(|(tenant, partner, kind, scope, source)| {
                Record::Link(CustomerPartnerLink {
                    customer_tenant_id: tenant.into(),
                    partner_id: partner.into(),
                    kind: LinkKind::parse(kind),
                    scope,
                    source: source.into(),
                    start_date: None,
                    end_date: None,
                })
            }),
        (pick(&["g1", "g2"]), proptest::option::of(pick(&TENANTS)), enum_text()).prop_map(|(id, tenant, status)| {
            Record::Gdap(GdapRelationship {
                id: id.into(),
                display_name: "GDAP".into(),
                customer_tenant_id: tenant.map(str::to_string),
                customer_name: None,
                status: GdapStatus::parse(&status),
                duration: "P730D".into(),
                auto_extend_duration: "PT0S".into(),
                created_at: None,
                activated_at: Some(now()),
                end_at: None,
                roles: vec![],
            })
        }),
        (pick(&["https://x.test/1", "https://x.test/2"]), any::<bool>()).prop_map(|(url, admin)| {
            Record::RelationshipRequest(RelationshipRequest {
                url: url.into(),
                with_delegated_admin: admin,
                created_at: None,
                sent_at: None,
                accepted_at: None,
            })
        }),
    ]
}

fn coverage() -> impl Strategy<Value = Coverage> {
    prop_oneof![
        Just(Coverage::AllCustomers),
        Just(Coverage::AllGdap),
        pick(&TENANTS).prop_map(|t| Coverage::CustomerSubscriptions { customer_tenant_id: t.into() }),
        (pick(&TENANTS), enum_text())
            .prop_map(|(t, kind)| Coverage::CustomerLinks { customer_tenant_id: t.into(), kind }),
        enum_text().prop_map(|relationship_type| Coverage::PartnerRelationships { relationship_type }),
    ]
}

fn batch() -> impl Strategy<Value = Batch> {
    (
        proptest::collection::vec(prop_oneof![customer_record(), subscription_record(), other_record()], 0..30),
        proptest::collection::vec(coverage(), 0..4),
    )
        .prop_map(|(records, coverage)| Batch { records, coverage })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_first_import_ends_the_same_in_bulk_as_merged(first in batch(), second in batch()) {
        both_paths(&first, Some(&second));
    }
}
