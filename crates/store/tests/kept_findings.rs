//! The findings kept per customer (crates/store/src/findings.rs) always equal
//! the rules run over the whole profile from scratch: after any sequence of
//! imports (additions, changes, removals by complete lists) and changes
//! entered by hand, on the import's day and on any later or earlier day.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use partner_desk_core::ProfileSpec;
use partner_desk_core::model::*;
use partner_desk_core::records::{Coverage, CustomerRecord, Record, RecordSink, SubscriptionRecord};
use partner_desk_store::{
    Change, CustomerFilter, CustomerQuery, ProfileDb, Profiles, SourceFile, SubscriptionInput, Touched,
};
use proptest::prelude::*;

const OWN_MPN: &str = "1234567";
const RESELLER: &str = "mpn:7654321";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap()
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn tenant(n: u8) -> String {
    format!("{n:08x}-0000-4000-8000-000000000000")
}

fn profile() -> (tempfile::TempDir, ProfileDb) {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let spec = ProfileSpec::from_input("P", "global", None, Some(OWN_MPN), Some("indirect-provider")).unwrap();
    let id = profiles.create(&spec, now()).unwrap().id;
    let db = profiles.open(&id).unwrap();
    (dir, db)
}

/// One step of a profile's life.
#[derive(Debug, Clone)]
enum Step {
    /// An import: its records, and whether it lists all customers and GDAP
    /// relationships (so what it omits is removed).
    Import {
        records: Vec<Rec>,
        complete: bool,
        day: i64,
    },
    /// A subscription entered by hand, later edited or removed.
    AddSubscription {
        customer: u8,
        end: i64,
        renew: bool,
        day: i64,
    },
    EditSubscription {
        nth: usize,
        end: i64,
        day: i64,
    },
    RemoveSubscription {
        nth: usize,
        day: i64,
    },
    AddLink {
        customer: u8,
        day: i64,
    },
}

#[derive(Debug, Clone)]
enum Rec {
    Customer { n: u8, dap: Option<bool>, reseller: bool },
    Subscription { n: u8, customer: u8, end: Option<i64>, renew: Option<bool>, status: u8, por: u8 },
    Link { customer: u8, end: Option<i64> },
    Gdap { n: u8, customer: Option<u8>, status: u8, activated: i64, extend: bool },
    CspPartner { customer: u8 },
}

impl Step {
    fn day(&self) -> i64 {
        match self {
            Step::Import { day, .. }
            | Step::AddSubscription { day, .. }
            | Step::EditSubscription { day, .. }
            | Step::RemoveSubscription { day, .. }
            | Step::AddLink { day, .. } => *day,
        }
    }
}

fn rec() -> impl Strategy<Value = Rec> {
    prop_oneof![
        3 => (0u8..6, prop::option::of(any::<bool>()), any::<bool>())
            .prop_map(|(n, dap, reseller)| Rec::Customer { n, dap, reseller }),
        4 => (0u8..10, 0u8..7, prop::option::of(-120i64..200), prop::option::of(any::<bool>()), 0u8..4, 0u8..3)
            .prop_map(|(n, customer, end, renew, status, por)| Rec::Subscription { n, customer, end, renew, status, por }),
        2 => (0u8..7, prop::option::of(-30i64..60)).prop_map(|(customer, end)| Rec::Link { customer, end }),
        2 => (0u8..5, prop::option::of(0u8..8), 0u8..4, -800i64..100, any::<bool>())
            .prop_map(|(n, customer, status, activated, extend)| Rec::Gdap { n, customer, status, activated, extend }),
        1 => (0u8..7).prop_map(|customer| Rec::CspPartner { customer }),
    ]
}

/// Most steps on the same day, so a read on it serves what the step kept
/// (a read on another day computes again what does not hold on it).
fn step_day() -> impl Strategy<Value = i64> {
    prop_oneof![3 => Just(0i64), 1 => -40i64..40]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (prop::collection::vec(rec(), 1..14), any::<bool>(), step_day())
            .prop_map(|(records, complete, day)| Step::Import { records, complete, day }),
        2 => (0u8..7, -20i64..120, any::<bool>(), step_day())
            .prop_map(|(customer, end, renew, day)| Step::AddSubscription { customer, end, renew, day }),
        1 => (0usize..4, -20i64..120, step_day()).prop_map(|(nth, end, day)| Step::EditSubscription { nth, end, day }),
        2 => (0usize..2, step_day()).prop_map(|(nth, day)| Step::RemoveSubscription { nth, day }),
        1 => (0u8..7, step_day()).prop_map(|(customer, day)| Step::AddLink { customer, day }),
    ]
}

fn day(offset: i64) -> NaiveDate {
    today() + TimeDelta::days(offset)
}

fn at(offset: i64) -> DateTime<Utc> {
    now() + TimeDelta::days(offset)
}

fn record(rec: &Rec) -> Record {
    match rec {
        Rec::Customer { n, dap, reseller } => Record::Customer(CustomerRecord {
            tenant_id: tenant(*n),
            company_name: Some(format!("Customer {n}")),
            relationship: Some(CustomerRelationship::Reseller),
            allow_delegated_access: *dap,
            indirect_reseller_id: reseller.then(|| "7654321".to_string()),
            ..Default::default()
        }),
        Rec::Subscription { n, customer, end, renew, status, por } => Record::Subscription(SubscriptionRecord {
            id: format!("sub-{n}"),
            customer_tenant_id: tenant(*customer),
            offer_name: Some("Microsoft 365 E3".into()),
            quantity: Some(1),
            status: Some(match status {
                0 => SubscriptionStatus::Active,
                1 => SubscriptionStatus::Suspended,
                2 => SubscriptionStatus::Deleted,
                _ => SubscriptionStatus::parse("mystery"),
            }),
            billing_type: Some(BillingType::License),
            auto_renew: *renew,
            commitment_end: end.map(day),
            partner_of_record: Some(["-1", OWN_MPN, "7654321"][usize::from(*por)].to_string()),
            channel: Some(Channel::Csp),
            ..Default::default()
        }),
        Rec::Link { customer, end } => Record::Link(CustomerPartnerLink {
            customer_tenant_id: tenant(*customer),
            partner_id: RESELLER.into(),
            kind: LinkKind::IndirectReseller,
            scope: None,
            source: "test".into(),
            start_date: None,
            end_date: end.map(day),
        }),
        Rec::Gdap { n, customer, status, activated, extend } => {
            let activated = at(*activated);
            Record::Gdap(GdapRelationship {
                id: format!("gdap-{n}"),
                display_name: format!("GDAP {n}"),
                customer_tenant_id: customer.map(tenant),
                customer_name: None,
                status: [GdapStatus::Active, GdapStatus::Expired, GdapStatus::ApprovalPending, GdapStatus::Terminated]
                    [usize::from(*status)]
                .clone(),
                duration: "P730D".into(),
                auto_extend_duration: if *extend { "P180D" } else { "PT0S" }.into(),
                created_at: Some(activated - TimeDelta::days(2)),
                activated_at: Some(activated),
                end_at: Some(activated + TimeDelta::days(730)),
                roles: Vec::new(),
            })
        }
        Rec::CspPartner { customer } => Record::Partner(Partner {
            id: tenant(*customer),
            tenant_id: Some(tenant(*customer)),
            mpn_id: None,
            name: format!("Partner {customer}"),
            location: None,
        }),
    }
}

fn apply(db: &mut ProfileDb, manual: &mut Vec<String>, step: &Step) {
    let change = |offset: i64| Change::by_signed_in_user(None, at(offset));
    // Refusals (a customer that does not exist yet, a link already there)
    // are part of the life: they must leave the findings as they were.
    match step {
        Step::Import { records, complete, day } => {
            let mut session = db.begin_import(at(*day)).unwrap();
            let coverage = if *complete { vec![Coverage::AllCustomers, Coverage::AllGdap] } else { Vec::new() };
            let file =
                SourceFile { path: "x".into(), format: "test".into(), sha256: "00".into(), bytes: 1, records: 1 };
            session.add_file(file, coverage);
            session.apply(record(&Rec::CspPartner { customer: 200 })).unwrap();
            session
                .apply(Record::Partner(Partner {
                    id: RESELLER.into(),
                    tenant_id: None,
                    mpn_id: Some("7654321".into()),
                    name: "Reseller".into(),
                    location: None,
                }))
                .unwrap();
            for r in records {
                session.apply(record(r)).unwrap();
            }
            session.finish().unwrap();
        }
        Step::AddSubscription { customer, end, renew, day } => {
            let input = SubscriptionInput {
                customer_tenant_id: Some(tenant(*customer)),
                offer_name: Some("Manual seat".into()),
                billing_type: Some("license".into()),
                channel: Some("csp".into()),
                status: Some("active".into()),
                quantity: Some(1),
                commitment_end: Some(self::day(*end)),
                auto_renew: Some(*renew),
                partner_of_record: Some(OWN_MPN.into()),
            };
            if let Ok(added) = db.add_subscription(input, &change(*day)) {
                manual.push(added.id);
            }
        }
        Step::EditSubscription { nth, end, day } => {
            if let Some(id) = manual.get(*nth) {
                let input = SubscriptionInput { commitment_end: Some(self::day(*end)), ..Default::default() };
                db.edit_subscription(id, input, &change(*day)).unwrap();
            }
        }
        Step::RemoveSubscription { nth, day } => {
            if *nth < manual.len() {
                let id = manual.remove(*nth);
                db.remove_subscription(&id, &change(*day)).unwrap();
            }
        }
        Step::AddLink { customer, day } => {
            let _ = db.add_link(&tenant(*customer), RESELLER, "dap", None, &change(*day));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn kept_findings_equal_a_full_recomputation(
        steps in prop::collection::vec(step(), 1..10),
        reads in prop::collection::vec(-400i64..400, 1..4),
    ) {
        let (_dir, mut db) = profile();
        let mut manual = Vec::new();
        // Customers to enter subscriptions and links for by hand.
        let customers = (0u8..7).map(|n| Rec::Customer { n, dap: None, reseller: n % 2 == 0 }).collect();
        apply(&mut db, &mut manual, &Step::Import { records: customers, complete: false, day: 0 });
        for step in &steps {
            apply(&mut db, &mut manual, step);
            // The step's own day first: nothing is computed again on it, so
            // what the step kept is what is read.
            for offset in std::iter::once(&step.day()).chain(&reads) {
                let read = day(*offset);
                prop_assert_eq!(db.findings(read).unwrap(), db.findings_recomputed(read).unwrap(), "on {} after {:?}", read, step);
                let with = CustomerQuery {
                    filter: CustomerFilter { has_findings: Some(true), ..Default::default() },
                    limit: 1_000,
                    ..Default::default()
                };
                let listed: Vec<String> = db.customers(&with, read).unwrap().items.into_iter().map(|c| c.tenant_id).collect();
                let mut expected: Vec<String> = db
                    .findings_recomputed(read)
                    .unwrap()
                    .into_iter()
                    .filter_map(|f| f.subject.customer_tenant_id)
                    .filter(|t| listed.contains(t) || db.customer_bundle(t).is_ok())
                    .collect();
                expected.sort();
                expected.dedup();
                let mut listed = listed;
                listed.sort();
                prop_assert_eq!(listed, expected, "customers with findings on {}", read);
            }
        }
    }
}

/// A profile whose kept findings were never computed (one migrated from
/// before they were kept) computes them on the first read.
#[test]
fn a_profile_without_kept_findings_computes_them_when_read() {
    let (_dir, mut db) = profile();
    apply(
        &mut db,
        &mut Vec::new(),
        &Step::Import {
            records: vec![
                Rec::Customer { n: 1, dap: Some(false), reseller: false },
                Rec::Subscription { n: 1, customer: 1, end: Some(10), renew: Some(false), status: 0, por: 0 },
            ],
            complete: true,
            day: 0,
        },
    );
    let before = db.findings(today()).unwrap();
    assert!(!before.is_empty());
    let path = db.path().to_path_buf();
    drop(db);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DELETE FROM customer_findings; DELETE FROM kept_findings; UPDATE kept_findings_state SET complete = 0;",
    )
    .unwrap();
    drop(conn);
    let mut db = ProfileDb::open_path(&path).unwrap();
    assert_eq!(db.findings(today()).unwrap(), before);
    db.refresh_findings(&Touched::All, today()).unwrap();
    assert_eq!(db.findings(today()).unwrap(), before);
}

/// A filter's total is counted once and reused while the profile is
/// unchanged: a change through this connection or a commit by another
/// counts again.
#[test]
fn a_filtered_total_follows_every_change() {
    let (_dir, mut db) = profile();
    let mut manual = Vec::new();
    let customers = (0u8..3).map(|n| Rec::Customer { n, dap: None, reseller: false }).collect();
    apply(&mut db, &mut manual, &Step::Import { records: customers, complete: false, day: 0 });
    let csp = |db: &ProfileDb, offset: u32| {
        let query = CustomerQuery {
            filter: CustomerFilter { channel: Some("csp".into()), ..Default::default() },
            limit: 1,
            offset,
            ..Default::default()
        };
        db.customers(&query, today()).unwrap().total
    };
    assert_eq!(csp(&db, 0), 0);
    for n in 0..2 {
        apply(&mut db, &mut manual, &Step::AddSubscription { customer: n, end: 100, renew: true, day: 0 });
        assert_eq!(csp(&db, 0), u32::from(n) + 1);
        assert_eq!(csp(&db, 1), u32::from(n) + 1, "the next page reuses the total");
    }
    let other = rusqlite::Connection::open(db.path()).unwrap();
    other.execute("DELETE FROM subscriptions WHERE customer_tenant_id = ?1", [tenant(0)]).unwrap();
    assert_eq!(csp(&db, 0), 1);
}
