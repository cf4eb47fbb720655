use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::{Cloud, ProfileSpec};
use partner_desk_store::{CustomerQuery, Profiles};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn spec(name: &str, cloud: &str) -> ProfileSpec {
    ProfileSpec::from_input(name, cloud, Some("72f988bf-86f1-41af-91ab-2d7cd011db47"), Some("1234567"), Some("direct"))
        .unwrap()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                files.insert(entry.file_name().to_string_lossy().into_owned(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn create_list_rename_delete() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    assert!(profiles.list().unwrap().profiles.is_empty());

    let gov = profiles.create(&spec("Contoso Gov", "us-gov"), now()).unwrap();
    let global = profiles.create(&spec("Contoso", "global"), now()).unwrap();
    assert_eq!(gov.cloud, Cloud::UsGov);
    assert_eq!(gov.customer_count, 0);
    assert_eq!(gov.created_at, now());

    let listed = profiles.list().unwrap();
    assert_eq!(listed.profiles.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Contoso", "Contoso Gov"]);
    assert!(listed.unreadable.is_empty());

    let renamed = profiles.rename(&gov.id, "Contoso US Gov").unwrap();
    assert_eq!(renamed.name, "Contoso US Gov");
    assert_eq!(profiles.resolve("Contoso US Gov").unwrap().0, gov.id);

    let deleted = profiles.delete("Contoso", now()).unwrap();
    assert_eq!(deleted.id, global.id);
    assert!(Path::new(&deleted.backup_path).is_file(), "the deleted profile is kept as a backup copy");
    assert!(deleted.backup_path.contains("deleted"));
    assert_eq!(profiles.list().unwrap().profiles.len(), 1);
    assert_eq!(profiles.resolve(&global.id).unwrap_err().code(), "profile_not_found");
}

#[test]
fn each_profile_is_its_own_file_and_deleting_one_leaves_the_others_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let a = profiles.create(&spec("A", "global"), now()).unwrap();
    let b = profiles.create(&spec("B", "us-gov"), now()).unwrap();
    let c = profiles.create(&spec("C", "germany"), now()).unwrap();
    profiles.open(&a.id).unwrap().fill_demo(30, 1, today(), now()).unwrap();
    let files = snapshot(&profiles.profiles_dir());
    assert_eq!(files.len(), 3, "{:?}", files.keys());

    profiles.delete(&b.id, now()).unwrap();
    profiles.rename(&c.id, "C renamed").unwrap();
    profiles.open(&c.id).unwrap().fill_demo(5, 2, today(), now()).unwrap();
    let after = snapshot(&profiles.profiles_dir());
    let a_file = format!("{}.sqlite", a.id);
    assert_eq!(after.get(&a_file), files.get(&a_file), "profile A must be untouched");
    assert!(!after.contains_key(&format!("{}.sqlite", b.id)));
}

#[test]
fn bad_input_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    profiles.create(&spec("Contoso", "global"), now()).unwrap();
    let before = snapshot(&profiles.profiles_dir());

    let duplicate = profiles.create(&spec(" contoso ", "germany"), now());
    // The spec trims; the store compares names case-insensitively.
    assert_eq!(duplicate.unwrap_err().code(), "duplicate_name");
    assert_eq!(profiles.rename("Contoso", "").unwrap_err().code(), "invalid_input");
    assert_eq!(profiles.rename("Nobody", "X").unwrap_err().code(), "profile_not_found");
    assert_eq!(profiles.delete("Nobody", now()).unwrap_err().code(), "profile_not_found");
    assert_eq!(snapshot(&profiles.profiles_dir()), before);
}

#[test]
fn a_profile_from_a_newer_version_is_listed_as_unreadable_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let p = profiles.create(&spec("Future", "global"), now()).unwrap();
    let path = profiles.profiles_dir().join(format!("{}.sqlite", p.id));
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = snapshot(&profiles.profiles_dir());
    let listed = profiles.list().unwrap();
    assert!(listed.profiles.is_empty());
    assert_eq!(listed.unreadable.len(), 1);
    assert_eq!(listed.unreadable[0].code, "schema_too_new");
    assert_eq!(profiles.open(&p.id).err().map(|e| e.code()), Some("schema_too_new"));
    assert_eq!(snapshot(&profiles.profiles_dir()), before);
}

#[test]
fn demo_fill_counts_and_customer_search_in_any_script() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let p = profiles.create(&spec("Demo", "global"), now()).unwrap();
    let mut db = profiles.open(&p.id).unwrap();
    let counts = db.fill_demo(200, 7, today(), now()).unwrap();
    assert_eq!(counts.customers, 200);
    assert!(counts.subscriptions >= 200);
    let summary = db.summary().unwrap();
    assert_eq!(summary.customer_count, 200);
    assert_eq!(summary.subscription_count, counts.subscriptions);
    assert_eq!(summary.last_import_at, Some(now()));

    let all = db.customers(&CustomerQuery::search(None, 50, 0), any_day()).unwrap();
    assert_eq!(all.total, 200);
    assert_eq!(all.items.len(), 50);
    let names: Vec<_> = all.items.iter().map(|c| c.company_name.to_lowercase()).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "sorted by name");

    for needle in ["株式会社", "股份有限公司", "ООО", "Contoso"] {
        let page = db.customers(&CustomerQuery::search(Some(needle.into()), 500, 0), any_day()).unwrap();
        assert!(page.total > 0, "no customer matches {needle}");
        assert!(page.items.iter().all(|c| c.company_name.contains(needle)), "{needle}");
    }
    let one = &all.items[0];
    let by_tenant = db.customers(&CustomerQuery::search(Some(one.tenant_id[..13].into()), 10, 0), any_day()).unwrap();
    assert!(by_tenant.items.iter().any(|c| c.tenant_id == one.tenant_id));
    let none = db.customers(&CustomerQuery::search(Some("zz%no such".into()), 10, 0), any_day()).unwrap();
    assert_eq!(none.total, 0);
}

#[test]
fn the_same_seed_fills_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let query = CustomerQuery::search(None, 1000, 0);
    let mut pages = Vec::new();
    for name in ["One", "Two"] {
        let p = profiles.create(&spec(name, "germany"), now()).unwrap();
        let mut db = profiles.open(&p.id).unwrap();
        db.fill_demo(100, 99, today(), now()).unwrap();
        pages.push(db.customers(&query, any_day()).unwrap());
    }
    assert_eq!(pages[0], pages[1]);
}

#[cfg(unix)]
#[test]
fn profile_files_and_folders_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let p = profiles.create(&spec("Private", "global"), now()).unwrap();
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&profiles.profiles_dir()), 0o700);
    assert_eq!(mode(&profiles.profiles_dir().join(format!("{}.sqlite", p.id))), 0o600);
    let deleted = profiles.delete(&p.id, now()).unwrap();
    assert_eq!(mode(&profiles.deleted_dir()), 0o700);
    assert_eq!(mode(Path::new(&deleted.backup_path)), 0o600);
}

/// The list does not depend on the day unless it filters on findings.
fn any_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}
