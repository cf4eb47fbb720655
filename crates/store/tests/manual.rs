use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::ProfileSpec;
use partner_desk_core::model::CustomerRelationship;
use partner_desk_core::records::{Coverage, CustomerRecord, Record, RecordSink, SubscriptionRecord};
use partner_desk_store::{Change, CustomerQuery, PartnerInput, ProfileDb, Profiles, SourceFile, SubscriptionInput};

const A: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const PARTNER: &str = "dddddddd-0000-4000-8000-000000000004";

fn change() -> Change {
    Change {
        actor: "tester".into(),
        at: DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").unwrap().with_timezone(&Utc),
    }
}

fn profile_with_customer() -> (tempfile::TempDir, ProfileDb) {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let spec = ProfileSpec::from_input("P", "global", None, None, None).unwrap();
    let id = profiles.create(&spec, change().at).unwrap().id;
    let mut db = profiles.open(&id).unwrap();
    let mut session = db.begin_import(change().at).unwrap();
    session
        .apply(Record::Customer(CustomerRecord {
            tenant_id: A.into(),
            company_name: Some("Contoso".into()),
            relationship: Some(CustomerRelationship::Reseller),
            ..Default::default()
        }))
        .unwrap();
    session
        .apply(Record::Subscription(SubscriptionRecord {
            id: "imported-1".into(),
            customer_tenant_id: A.into(),
            offer_name: Some("Office 365 E1".into()),
            ..Default::default()
        }))
        .unwrap();
    session.finish().unwrap();
    (dir, db)
}

fn azure_from_ea() -> SubscriptionInput {
    SubscriptionInput {
        customer_tenant_id: Some(A.into()),
        offer_name: Some("Azure (EA)".into()),
        billing_type: Some("usage".into()),
        channel: Some("ea".into()),
        quantity: Some(1),
        ..Default::default()
    }
}

#[test]
fn manual_partners_links_and_subscriptions_are_audited_with_before_and_after() {
    let (_dir, mut db) = profile_with_customer();
    let partner = db
        .add_partner(
            PartnerInput {
                name: Some("Fabrikam Azure Experts".into()),
                tenant_id: Some(PARTNER.into()),
                ..Default::default()
            },
            &change(),
        )
        .unwrap();
    assert_eq!(partner.id, PARTNER);
    let known = db.partners().unwrap();
    let listed = known.iter().find(|k| k.partner.id == PARTNER).expect("the new partner is listed");
    assert_eq!((listed.partner.name.as_str(), listed.source.as_str()), ("Fabrikam Azure Experts", "manual"));
    let link = db.add_link(A, PARTNER, "advisor", Some("Azure".into()), &change()).unwrap();
    assert_eq!(link.source, "manual");
    let sub = db.add_subscription(azure_from_ea(), &change()).unwrap();
    let edited = db
        .edit_subscription(
            &sub.id,
            SubscriptionInput {
                quantity: Some(3),
                commitment_end: NaiveDate::from_ymd_opt(2027, 3, 1),
                ..Default::default()
            },
            &change(),
        )
        .unwrap();
    assert_eq!(edited.quantity, 3);

    let log = db.audit_log(10).unwrap();
    let actions: Vec<(&str, &str)> = log.iter().map(|e| (e.action.as_str(), e.entity.as_str())).collect();
    assert_eq!(
        &actions[..4],
        &[("edit", "subscription"), ("add", "subscription"), ("add", "link"), ("add", "partner")]
    );
    let edit = &log[0];
    assert_eq!(edit.actor, "tester");
    assert!(edit.before.as_deref().unwrap_or("").contains("\"quantity\":1"));
    assert!(edit.after.as_deref().unwrap_or("").contains("\"quantity\":3"));

    db.remove_subscription(&sub.id, &change()).unwrap();
    db.remove_link(A, PARTNER, "advisor", Some("Azure"), &change()).unwrap();
    db.remove_partner(PARTNER, &change()).unwrap();
    assert_eq!(db.audit_log(100).unwrap().iter().filter(|e| e.action == "remove").count(), 3);
}

#[test]
fn bad_manual_input_is_refused_with_the_field_named_and_nothing_written() {
    let (_dir, mut db) = profile_with_customer();
    let before = db.audit_log(100).unwrap().len();
    let cases: Vec<(SubscriptionInput, &str)> = vec![
        (SubscriptionInput { channel: Some("catalogue".into()), ..azure_from_ea() }, "channel"),
        (SubscriptionInput { billing_type: Some("monthly".into()), ..azure_from_ea() }, "billing"),
        (SubscriptionInput { customer_tenant_id: Some("nobody".into()), ..azure_from_ea() }, "customer"),
        (SubscriptionInput { offer_name: Some(" ".into()), ..azure_from_ea() }, "offer name"),
        (SubscriptionInput { quantity: Some(-2), ..azure_from_ea() }, "quantity"),
    ];
    for (input, field) in cases {
        let err = db.add_subscription(input, &change()).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(err.to_string().starts_with(field), "{err}");
    }
    assert!(db.add_link(A, "no-such-partner", "advisor", None, &change()).is_err());
    assert!(db.add_link(A, PARTNER, "best-friend", None, &change()).is_err());
    let imported =
        db.edit_subscription("imported-1", SubscriptionInput { quantity: Some(9), ..Default::default() }, &change());
    assert!(imported.unwrap_err().to_string().contains("only records entered here"));
    assert_eq!(db.audit_log(100).unwrap().len(), before);
}

#[test]
fn imports_never_overwrite_or_remove_manual_records() {
    let (_dir, mut db) = profile_with_customer();
    let sub = db.add_subscription(azure_from_ea(), &change()).unwrap();
    // A source that names the same subscription id, and a complete customer
    // list that no longer names the customer.
    let mut session = db.begin_import(change().at).unwrap();
    let file = SourceFile { path: "c.csv".into(), format: "test".into(), sha256: "0".into(), bytes: 0, records: 0 };
    session
        .add_file(file, vec![Coverage::AllCustomers, Coverage::CustomerSubscriptions { customer_tenant_id: A.into() }]);
    session
        .apply(Record::Subscription(SubscriptionRecord {
            id: sub.id.clone(),
            customer_tenant_id: A.into(),
            quantity: Some(500),
            ..Default::default()
        }))
        .unwrap();
    let summary = session.finish().unwrap();
    assert_eq!(summary.counts["subscription"].kept_manual, 1);
    assert_eq!(summary.counts["subscription"].removed, 1, "the imported subscription the list dropped");
    assert_eq!(summary.counts.get("customer").map(|c| c.removed).unwrap_or(0), 0, "it holds a manual record");
    let page = db.customers(&CustomerQuery::search(None, 10, 0), any_day()).unwrap();
    assert_eq!(page.items[0].subscription_count, 1);
}

/// The list does not depend on the day unless it filters on findings.
fn any_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}
