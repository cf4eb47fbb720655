//! One profile's data never shows through another's: every read the store
//! offers, run on an empty profile beside a full one, finds nothing of it.

use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::ProfileSpec;
use partner_desk_store::{Change, CustomerQuery, ExportFormat, ExportWhat, PartnerInput, Profiles};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

#[test]
fn every_read_on_an_empty_profile_returns_none_of_the_other_profiles_data() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let spec = |name: &str| ProfileSpec::from_input(name, "global", None, Some("1234567"), None).unwrap();
    let full = profiles.create(&spec("Full"), now()).unwrap().id;
    let empty = profiles.create(&spec("Empty"), now()).unwrap().id;

    let mut db = profiles.open(&full).unwrap();
    db.fill_demo(60, 3, today(), now()).unwrap();
    let change = Change { actor: "tester".into(), at: now() };
    let partner =
        PartnerInput { name: Some("Hand-made Partner".into()), mpn_id: Some("7777777".into()), ..Default::default() };
    db.add_partner(partner, &change).unwrap();
    profiles.create_backup(&full, now()).unwrap();
    let page = db
        .customers(
            &CustomerQuery::search(None, 500, 0),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default(),
        )
        .unwrap();
    assert_eq!(page.total, 60);
    let some_customer = page.items[0].tenant_id.clone();
    let some_name = page.items[0].company_name.clone();
    let full_export = db.export_table(ExportWhat::Customers, None, today()).unwrap();
    assert!(!full_export.rows.is_empty());
    drop(db);

    let db = profiles.open(&empty).unwrap();
    let summary = db.summary().unwrap();
    assert_eq!((summary.customer_count, summary.subscription_count), (0, 0));
    assert_eq!(summary.last_import_at, None);
    for search in [None, Some(some_name.clone()), Some(some_customer.clone())] {
        let page = db
            .customers(
                &CustomerQuery::search(search, 500, 0),
                chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default(),
            )
            .unwrap();
        assert_eq!((page.total, page.items.len()), (0, 0));
    }
    assert!(db.resolve_customer(&some_customer).is_err());
    assert!(db.resolve_customer(&some_name).is_err());
    assert!(db.customer_view(&some_customer, today()).is_err());
    let bundle = db.customer_bundle(&some_customer);
    assert!(bundle.as_ref().map(|b| b.subscriptions.is_empty() && b.links.is_empty()).unwrap_or(true));
    let mut bundles = 0;
    db.for_each_customer_bundle(|_| bundles += 1).unwrap();
    assert_eq!(bundles, 0);
    assert!(db.unattached_gdap().unwrap().is_empty());
    assert!(db.findings(today()).unwrap().is_empty());
    assert!(db.snapshots().unwrap().is_empty());
    assert!(db.diff(1, None).is_err());
    assert!(db.audit_log(1000).unwrap().is_empty());
    for what in
        [ExportWhat::Customers, ExportWhat::Subscriptions, ExportWhat::Links, ExportWhat::Gdap, ExportWhat::Findings]
    {
        assert!(db.export_table(what, None, today()).unwrap().rows.is_empty(), "{what:?}");
    }
    let out = dir.path().join("empty-export.json");
    db.export(ExportWhat::All, ExportFormat::Json, None, today(), &out).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    for leaked in [some_customer.as_str(), some_name.as_str(), "Hand-made Partner", "7777777"] {
        assert!(!text.contains(leaked), "{leaked} leaked into the other profile's export");
    }
    let context = serde_json::to_string(&db.profile_context().unwrap()).unwrap();
    assert!(!context.contains("Hand-made Partner"));
    assert!(profiles.backups(&empty).unwrap().is_empty());
    assert_eq!(profiles.backups(&full).unwrap().len(), 1);
}
