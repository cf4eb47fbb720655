//! The customer search through the trigram index finds exactly what a LIKE
//! over every customer finds, and follows renames and removals.

use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::ProfileSpec;
use partner_desk_core::records::{Coverage, CustomerRecord, Record, RecordSink, SourceFile};
use partner_desk_store::{CustomerQuery, CustomerRow, ProfileDb, Profiles};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn demo_profile(customers: usize) -> (tempfile::TempDir, ProfileDb) {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let spec = ProfileSpec::from_input("P", "global", None, Some("1234567"), Some("dual")).unwrap();
    let id = profiles.create(&spec, now()).unwrap().id;
    let mut db = profiles.open(&id).unwrap();
    db.fill_demo(customers, 5, today(), now()).unwrap();
    (dir, db)
}

fn all(db: &ProfileDb, search: Option<&str>) -> Vec<CustomerRow> {
    let page = db.customers(&CustomerQuery::search(search.map(str::to_string), 1_000, 0), today()).unwrap();
    assert_eq!(page.total as usize, page.items.len(), "one page holds them all");
    page.items
}

/// The search's meaning, spelled out: part of the name, domain, tenant id or
/// reseller, ASCII letters in any case (SQLite's LIKE).
fn matches(row: &CustomerRow, text: &str) -> bool {
    let fold = |s: &str| s.to_ascii_lowercase();
    let text = fold(text.trim());
    [Some(&row.company_name), row.primary_domain.as_ref(), Some(&row.tenant_id), row.reseller_id.as_ref()]
        .into_iter()
        .flatten()
        .any(|field| fold(field).contains(&text))
}

#[test]
fn a_search_finds_exactly_the_customers_that_hold_the_text() {
    let (_dir, db) = demo_profile(400);
    let everyone = all(&db, None);
    assert_eq!(everyone.len(), 400);
    let name = &everyone[17].company_name;
    let middle: String = name.chars().skip(2).take(4).collect();
    let tenant_part = &everyone[3].tenant_id[9..18];
    for text in [
        "contoso",
        "CONTOSO",
        "oso P",
        "株式会社",
        "東京",
        "科技",
        "Волга",
        "волга",
        "ООО",
        "onmicrosoft",
        "a",
        "zz",
        "no such customer",
        "50%",
        "it's",
        "\"",
        middle.as_str(),
        tenant_part,
    ] {
        let found: Vec<String> = all(&db, Some(text)).into_iter().map(|r| r.tenant_id).collect();
        let expected: Vec<String> = everyone.iter().filter(|r| matches(r, text)).map(|r| r.tenant_id.clone()).collect();
        assert_eq!(found, expected, "search {text:?}");
    }
    assert!(
        !all(&db, Some("株式会社")).is_empty() && !all(&db, Some("oso P")).is_empty(),
        "the test searches find some"
    );
}

#[test]
fn renamed_and_removed_customers_are_searched_as_they_are_now() {
    let (_dir, mut db) = demo_profile(50);
    let everyone = all(&db, None);
    let renamed = everyone[0].tenant_id.clone();
    let mut session = db.begin_import(now()).unwrap();
    // A complete customer list naming all but the last customer, one of them renamed.
    session.add_file(
        SourceFile {
            path: "customers.json".into(),
            format: "test".into(),
            sha256: String::new(),
            bytes: 0,
            records: 0,
        },
        vec![Coverage::AllCustomers],
    );
    for row in &everyone[..everyone.len() - 1] {
        let name = if row.tenant_id == renamed { "Zyxwvut Renamed Ltd".to_string() } else { row.company_name.clone() };
        let record =
            CustomerRecord { tenant_id: row.tenant_id.clone(), company_name: Some(name), ..Default::default() };
        session.apply(Record::Customer(record)).unwrap();
    }
    session.finish().unwrap();
    let found = all(&db, Some("yxwvut ren"));
    assert_eq!(found.iter().map(|r| r.tenant_id.as_str()).collect::<Vec<_>>(), vec![renamed.as_str()]);
    let old_name = &everyone[0].company_name;
    assert!(all(&db, Some(old_name)).iter().all(|r| r.tenant_id != renamed), "the old name no longer finds it");
    let removed = &everyone[everyone.len() - 1];
    assert!(all(&db, Some(&removed.tenant_id)).is_empty(), "a removed customer is not found");
}

#[test]
fn a_customer_is_found_by_tenant_id_in_any_case_by_exact_name_or_by_domain() {
    let (_dir, db) = demo_profile(30);
    let row = &all(&db, None)[7];
    assert_eq!(db.resolve_customer(&row.tenant_id.to_uppercase()).unwrap(), row.tenant_id);
    assert!(db.resolve_customer(&row.company_name).is_ok(), "names are not unique: one of them");
    let domain = row.primary_domain.clone().unwrap();
    assert_eq!(db.resolve_customer(&domain).unwrap(), row.tenant_id);
    assert!(db.resolve_customer("no-such-customer.example").is_err());
}

/// Every page of a search, in order.
fn paged(db: &ProfileDb, search: &str) -> Vec<String> {
    let mut found = Vec::new();
    loop {
        let query = CustomerQuery::search(Some(search.into()), 1_000, found.len() as u32);
        let page = db.customers(&query, today()).unwrap();
        let done = page.items.is_empty();
        found.extend(page.items.into_iter().map(|r| r.tenant_id));
        if done || found.len() >= page.total as usize {
            return found;
        }
    }
}

#[test]
fn a_search_matching_thousands_pages_through_them_in_order() {
    let (_dir, db) = demo_profile(6_000);
    let mut everyone = Vec::new();
    for offset in (0..6_000).step_by(1_000) {
        let page = db.customers(&CustomerQuery::search(None, 1_000, offset), today()).unwrap();
        everyone.extend(page.items);
    }
    // The most common texts: thousands of matches, walked by the sort's index.
    for text in ["onmicrosoft", "株式会", "Ltd", "com"] {
        let expected: Vec<String> = everyone.iter().filter(|r| matches(r, text)).map(|r| r.tenant_id.clone()).collect();
        assert!(expected.len() > 2_000 || text != "onmicrosoft", "{text}: {}", expected.len());
        assert_eq!(paged(&db, text), expected, "search {text:?}");
    }
}
