//! A customer's history across snapshots, and tags edited here that later
//! imports never undo.

mod common;

use common::{change, indirect_provider_profile as profile, now, today};
use partner_desk_core::model::*;
use partner_desk_core::records::{Coverage, CustomerRecord, Record, RecordSink, SubscriptionRecord};
use partner_desk_store::{CustomerFilter, CustomerQuery, ProfileDb, SourceFile};

const A: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const B: &str = "bbbbbbbb-0000-4000-8000-000000000002";
const PARTNER: &str = "dddddddd-0000-4000-8000-000000000004";

fn customer(tenant: &str, name: &str, tags: &[&str]) -> Record {
    Record::Customer(CustomerRecord {
        tenant_id: tenant.into(),
        company_name: Some(name.into()),
        relationship: Some(CustomerRelationship::Reseller),
        tags: Some(tags.iter().map(|t| t.to_string()).collect()),
        ..Default::default()
    })
}

fn subscription(id: &str, tenant: &str, quantity: i64) -> Record {
    Record::Subscription(SubscriptionRecord {
        id: id.into(),
        customer_tenant_id: tenant.into(),
        offer_name: Some(format!("Offer {id}")),
        quantity: Some(quantity),
        status: Some(SubscriptionStatus::Active),
        billing_type: Some(BillingType::License),
        channel: Some(Channel::Csp),
        ..Default::default()
    })
}

fn import(db: &mut ProfileDb, records: Vec<Record>) -> i64 {
    let mut session = db.begin_import(now()).unwrap();
    let file = SourceFile { path: "x.json".into(), format: "test".into(), sha256: "00".into(), bytes: 1, records: 1 };
    let coverage = vec![
        Coverage::AllCustomers,
        Coverage::CustomerSubscriptions { customer_tenant_id: A.into() },
        Coverage::CustomerSubscriptions { customer_tenant_id: B.into() },
    ];
    session.add_file(file, coverage);
    for record in records {
        session.apply(record).unwrap();
    }
    session.finish().unwrap().snapshot_id
}

fn partner() -> Record {
    Record::Partner(Partner {
        id: PARTNER.into(),
        tenant_id: Some(PARTNER.into()),
        mpn_id: Some("222".into()),
        name: "Northwind Cloud".into(),
        location: None,
    })
}

fn link(tenant: &str) -> Record {
    Record::Link(CustomerPartnerLink {
        customer_tenant_id: tenant.into(),
        partner_id: PARTNER.into(),
        kind: LinkKind::IndirectReseller,
        scope: None,
        source: "test".into(),
        start_date: None,
        end_date: None,
    })
}

/// entity, label, field, before, after
type ChangeText<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Option<&'a str>);

#[test]
fn the_history_lists_each_snapshot_that_changed_the_customer_newest_first_removed_records_included() {
    let (_dir, mut db) = profile();
    let first = import(
        &mut db,
        vec![
            customer(A, "さくら商事", &[]),
            customer(B, "Volga", &[]),
            subscription("s1", A, 10),
            subscription("s2", A, 5),
        ],
    );
    let second = import(
        &mut db,
        vec![
            customer(A, "さくら商事株式会社", &[]),
            customer(B, "Volga", &[]),
            subscription("s1", A, 12),
            subscription("b1", B, 1),
            partner(),
            link(A),
        ],
    );
    // A third import that changes nothing about A adds no entry.
    let third = import(
        &mut db,
        vec![
            customer(A, "さくら商事株式会社", &[]),
            customer(B, "Volga", &[]),
            subscription("s1", A, 12),
            subscription("b1", B, 2),
            partner(),
            link(A),
        ],
    );
    assert!(third > second);

    let history = db.customer_history(A).unwrap();
    assert_eq!(history.customer_tenant_id, A);
    let snapshots: Vec<i64> = history.entries.iter().map(|e| e.snapshot_id).collect();
    assert_eq!(snapshots, vec![second, first]);

    let mut newest: Vec<ChangeText<'_>> = history.entries[0]
        .changes
        .iter()
        .map(|c| (c.entity.as_str(), c.label.as_str(), c.field.as_str(), c.before.as_deref(), c.after.as_deref()))
        .collect();
    newest.sort();
    assert_eq!(
        newest,
        vec![
            ("customer", "さくら商事株式会社", "company_name", Some("さくら商事"), Some("さくら商事株式会社")),
            ("link", "Northwind Cloud", "added", None, Some("indirect-reseller")),
            ("subscription", "Offer s1", "quantity", Some("10"), Some("12")),
            ("subscription", "Offer s2", "removed", None, None),
        ]
    );
    let oldest: Vec<(&str, &str)> =
        history.entries[1].changes.iter().map(|c| (c.entity.as_str(), c.field.as_str())).collect();
    assert_eq!(oldest.iter().filter(|(_, field)| *field == "added").count(), 3, "{oldest:?}");
    assert!(history.entries.iter().flat_map(|e| &e.changes).all(|c| c.id != "b1"), "B's subscription is not A's");

    assert_eq!(db.customer_history(B).unwrap().entries.len(), 3, "B: added, then b1 added, then its quantity");
    assert_eq!(db.customer_history("nobody").unwrap_err().code(), "invalid_input");
}

#[test]
fn the_history_finds_subscriptions_through_the_index_not_a_scan_of_every_version() {
    let (dir, mut db) = profile();
    import(&mut db, vec![customer(A, "A", &[]), subscription("s1", A, 1)]);
    let path = db.path().to_path_buf();
    drop(db);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT DISTINCT entity, key FROM history
             WHERE json_extract(data, '$.customer_tenant_id') = ?1
               AND data IS NOT NULL AND entity IN ('subscription', 'gdap')",
        )
        .unwrap()
        .query_map([A], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(plan.iter().any(|step| step.contains("history_customer")), "{plan:?}");
    drop(dir);
}

#[test]
fn tags_edited_here_survive_the_next_import_and_show_in_the_list_its_filter_and_the_detail() {
    let (_dir, mut db) = profile();
    import(&mut db, vec![customer(A, "A", &["vip", "eu"]), customer(B, "B", &["eu"])]);
    assert_eq!(
        db.customer_tags(A).unwrap().tags.iter().map(|t| (t.tag.as_str(), t.imported)).collect::<Vec<_>>(),
        [("vip", true), ("eu", true)]
    );

    // Take an imported tag off and add two (one of them twice, padded).
    let set = db.set_customer_tags(A, &[" eu ".into(), "renewal Q1".into(), "key".into(), "key".into()], &change());
    let set = set.unwrap();
    let shown: Vec<&str> = set.tags.iter().map(|t| t.tag.as_str()).collect();
    assert_eq!(shown, ["eu", "key", "renewal Q1"]);
    assert_eq!(set.removed_imported, ["vip"]);

    // The next import brings a new tag and still the removed one.
    import(&mut db, vec![customer(A, "A", &["vip", "eu", "new"]), customer(B, "B", &["eu"])]);
    let shown: Vec<String> = db.customer_tags(A).unwrap().tags.into_iter().map(|t| t.tag).collect();
    assert_eq!(shown, ["eu", "new", "key", "renewal Q1"]);
    let view = db.customer_view(A, today()).unwrap();
    assert_eq!(view.bundle.customer.tags, shown);

    let tagged = |tag: &str| -> Vec<String> {
        let filter = CustomerFilter { tag: Some(tag.into()), ..Default::default() };
        let page = db.customers(&CustomerQuery { filter, limit: 10, ..Default::default() }, today()).unwrap();
        page.items.into_iter().map(|row| row.tenant_id).collect()
    };
    assert_eq!(tagged("key"), [A]);
    assert!(tagged("vip").is_empty(), "taken off A, never on B");
    assert_eq!(tagged("eu").len(), 2);
    let row = db.customers(&CustomerQuery::search(Some("A".into()), 10, 0), today()).unwrap();
    let row = row.items.into_iter().find(|r| r.tenant_id == A).unwrap();
    assert_eq!(row.tags, shown);
    let options = db.filter_options().unwrap().tags;
    assert_eq!(options, ["eu", "key", "new", "renewal Q1"]);

    let audit = db.audit_log(10).unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "tags").count(), 1);
    // Setting the same tags again changes and audits nothing.
    db.set_customer_tags(A, &shown, &change()).unwrap();
    assert_eq!(db.audit_log(10).unwrap().iter().filter(|e| e.action == "tags").count(), 1);

    for bad in ["a,b", "line\nbreak", &"x".repeat(41)] {
        let error = db.set_customer_tags(A, &[bad.to_string()], &change()).unwrap_err();
        assert_eq!(error.code(), "invalid_input", "{bad:?}");
    }
    let many: Vec<String> = (0..31).map(|n| format!("t{n}")).collect();
    assert_eq!(db.set_customer_tags(A, &many, &change()).unwrap_err().code(), "invalid_input");
    assert_eq!(db.customer_tags(A).unwrap().tags.len(), 4, "a refused edit writes nothing");
}
