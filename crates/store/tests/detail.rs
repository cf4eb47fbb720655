use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::ProfileSpec;
use partner_desk_store::{CustomerQuery, Profiles};

#[test]
fn findings_come_most_severe_first_then_soonest_due_and_views_name_our_partner() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let now = DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").unwrap().with_timezone(&Utc);
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let spec = ProfileSpec::from_input(
        "P",
        "global",
        Some("11111111-2222-4333-8444-555555555555"),
        Some("1234567"),
        Some("dual"),
    )
    .unwrap();
    let id = profiles.create(&spec, now).unwrap().id;
    let mut db = profiles.open(&id).unwrap();
    db.fill_demo(150, 6, today, now).unwrap();

    let findings = db.findings(today).unwrap();
    assert!(findings.len() > 10);
    let keys: Vec<_> = findings.iter().map(|f| (std::cmp::Reverse(f.severity), f.due.is_none(), f.due)).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "ordered by severity, then due date, undated last");

    let first = db.customers(&CustomerQuery::search(None, 1, 0), any_day()).unwrap().items.remove(0);
    let view = db.customer_view(&first.tenant_id, today).unwrap();
    assert_eq!(view.bundle.our_partner_id.as_deref(), Some("11111111-2222-4333-8444-555555555555"));
}

/// The list does not depend on the day unless it filters on findings.
fn any_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}
