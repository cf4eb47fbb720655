//! The distributor dataset (tiny, in the import formats) imported into two
//! new profiles, once in bulk (what a first import does) and once merged
//! record by record: every table ends the same, and so does next month's
//! import on top of each.

#[path = "../../store/tests/common/profile_contents.rs"]
mod profile_contents;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use partner_desk_core::ProfileSpec;
use partner_desk_import::ReadOptions;
use partner_desk_store::{ImportPath, ImportSummary, ProfileDb, Profiles};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).expect("a time")
}

fn profile(dir: &Path) -> ProfileDb {
    let profiles = Profiles::new(dir);
    let spec = ProfileSpec::from_input("Distributor", "global", None, Some("1234567"), Some("indirect-provider"))
        .expect("a profile spec");
    let id = profiles.create(&spec, at("2026-11-21T09:00:00Z")).expect("a new profile").id;
    profiles.open(&id).expect("the profile opens")
}

fn import(db: &mut ProfileDb, paths: &[PathBuf], path: ImportPath, now: DateTime<Utc>) -> (ImportSummary, bool) {
    let mut session = db.begin_import_by(now, path).expect("an import starts");
    let bulk = session.writes_in_bulk();
    partner_desk_import::read_into(paths, &mut ReadOptions::default(), &mut session).expect("the dataset reads");
    (session.finish().expect("the import finishes"), bulk)
}

#[test]
fn the_dataset_imported_in_bulk_and_merged_leaves_the_same_profile() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("dataset");
    let out = Command::new(env!("CARGO_BIN_EXE_partner-desk-bench"))
        .args(["dataset", "--out", data.to_str().expect("UTF-8 path"), "--scale", "0.004", "--seed", "5"])
        .output()
        .expect("the bench runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let paths: Vec<PathBuf> =
        ["export", "reconciliation.csv", "other-sources.json"].iter().map(|p| data.join(p)).collect();

    let (mut bulk_db, mut merged_db) = (profile(&dir.path().join("bulk")), profile(&dir.path().join("merged")));
    let first = at("2026-11-21T10:00:00Z");
    let (bulk, was_bulk) = import(&mut bulk_db, &paths, ImportPath::Auto, first);
    let (merged, merged_in_bulk) = import(&mut merged_db, &paths, ImportPath::Merge, first);
    assert!(was_bulk && !merged_in_bulk);
    assert!(bulk.counts["customer"].added >= 50, "{:?}", bulk.counts);
    assert!(bulk.counts["subscription"].unchanged > 0, "the reconciliation lines repeat subscriptions");
    assert_eq!(bulk, merged);
    profile_contents::assert_same(bulk_db.path(), merged_db.path());

    let changes = [data.join("changes.json")];
    let next = at("2026-12-21T10:00:00Z");
    let (bulk, second_in_bulk) = import(&mut bulk_db, &changes, ImportPath::Auto, next);
    let (merged, _) = import(&mut merged_db, &changes, ImportPath::Merge, next);
    assert!(!second_in_bulk, "a profile with records is merged into");
    assert!(bulk.total_changes() > 0);
    assert_eq!(bulk, merged);
    profile_contents::assert_same(bulk_db.path(), merged_db.path());
}
