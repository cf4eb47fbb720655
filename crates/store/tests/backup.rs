//! Backups before imports and migrations, their rotation, and restoring one.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use partner_desk_core::ProfileSpec;
use partner_desk_core::model::CustomerRelationship;
use partner_desk_core::records::{CustomerRecord, Record, RecordSink};
use partner_desk_store::backup::KEEP;
use partner_desk_store::schema::{MIGRATIONS, SCHEMA_VERSION};
use partner_desk_store::{BackupReason, Profiles, SourceFile};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap()
}

fn new_profile(dir: &Path, name: &str) -> (Profiles, String) {
    let profiles = Profiles::new(dir);
    let spec = ProfileSpec::from_input(name, "global", None, None, None).unwrap();
    let id = profiles.create(&spec, now()).unwrap().id;
    (profiles, id)
}

/// Imports customers named `names` (a complete list) as one snapshot.
fn import(profiles: &Profiles, id: &str, names: &[&str], at: DateTime<Utc>) {
    let mut db = profiles.open(id).unwrap();
    let mut session = db.begin_import(at).unwrap();
    for (i, name) in names.iter().enumerate() {
        let record = Record::Customer(CustomerRecord {
            tenant_id: format!("aaaaaaaa-0000-4000-8000-{i:012}"),
            company_name: Some(name.to_string()),
            relationship: Some(CustomerRelationship::Reseller),
            ..Default::default()
        });
        session.apply(record).unwrap();
    }
    let file = SourceFile { path: "x.json".into(), format: "test".into(), sha256: "00".into(), bytes: 1, records: 1 };
    session.add_file(file, vec![]);
    session.finish().unwrap();
}

fn names(profiles: &Profiles, id: &str) -> Vec<String> {
    let db = profiles.open(id).unwrap();
    let page = db
        .customers(
            &partner_desk_store::CustomerQuery::search(None, 100, 0),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default(),
        )
        .unwrap();
    page.items.into_iter().map(|c| c.company_name).collect()
}

fn profile_path(profiles: &Profiles, id: &str) -> PathBuf {
    profiles.profiles_dir().join(format!("{id}.sqlite"))
}

#[test]
fn every_import_first_keeps_the_profile_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (profiles, id) = new_profile(dir.path(), "P");
    assert!(profiles.backups(&id).unwrap().is_empty());
    import(&profiles, &id, &["Alpha"], now());
    import(&profiles, &id, &["Alpha", "Beta"], now() + Duration::minutes(1));
    let backups = profiles.backups(&id).unwrap();
    assert_eq!(backups.len(), 2);
    assert!(backups.iter().all(|b| b.reason == BackupReason::Import));
    assert_eq!(backups[0].id, "20261121T090100.000Z-import", "newest first, named by UTC time and reason");
    assert!(Path::new(&backups[0].path).starts_with(dir.path().join("backups").join(&id)));

    // The newest backup holds the state before the second import.
    let restored = profiles.restore_backup(&id, &backups[0].id, now() + Duration::minutes(2)).unwrap();
    assert_eq!(restored.restored.id, backups[0].id);
    assert_eq!(names(&profiles, &id), ["Alpha"]);
    // What was replaced was kept first, and restoring it brings the second import back.
    let previous = restored.previous.unwrap();
    assert_eq!(previous.reason, BackupReason::Restore);
    profiles.restore_backup(&id, &previous.id, now() + Duration::minutes(3)).unwrap();
    assert_eq!(names(&profiles, &id), ["Alpha", "Beta"]);
    assert_eq!(profiles.list().unwrap().profiles.len(), 1);
}

#[test]
fn only_the_newest_backups_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (profiles, id) = new_profile(dir.path(), "P");
    for minute in 0..(KEEP as i64 + 3) {
        profiles.create_backup(&id, now() + Duration::minutes(minute)).unwrap();
    }
    let backups = profiles.backups(&id).unwrap();
    assert_eq!(backups.len(), KEEP);
    assert_eq!(backups[0].created_at, now() + Duration::minutes(KEEP as i64 + 2));
    assert!(backups.iter().all(|b| b.reason == BackupReason::Manual));
}

#[test]
fn the_oldest_backup_can_be_restored_though_the_restore_rotates_it_out() {
    let dir = tempfile::tempdir().unwrap();
    let (profiles, id) = new_profile(dir.path(), "P");
    import(&profiles, &id, &["Alpha"], now());
    for minute in 1..KEEP as i64 {
        import(&profiles, &id, &["Alpha", "Beta"], now() + Duration::minutes(minute));
    }
    let backups = profiles.backups(&id).unwrap();
    assert_eq!(backups.len(), KEEP);
    let oldest = backups.last().unwrap();
    profiles.restore_backup(&id, &oldest.id, now() + Duration::minutes(10)).unwrap();
    assert!(names(&profiles, &id).is_empty(), "the profile as it was before the first import");
    assert!(
        profiles.backups(&id).unwrap().iter().all(|b| b.id != oldest.id),
        "rotated out by the restore's own backup"
    );
}

#[test]
fn a_damaged_or_foreign_backup_is_refused_and_the_profile_left_as_is() {
    let dir = tempfile::tempdir().unwrap();
    let (profiles, id) = new_profile(dir.path(), "P");
    let (_, other) = new_profile(dir.path(), "Q");
    import(&profiles, &id, &["Alpha"], now());
    let backup = profiles.create_backup(&id, now() + Duration::minutes(1)).unwrap();

    // Damage the middle of the backup: SQLite's integrity check must notice.
    let mut bytes = std::fs::read(&backup.path).unwrap();
    let page = 4096;
    for b in &mut bytes[page + 100..2 * page] {
        *b = 0x5a;
    }
    std::fs::write(&backup.path, &bytes).unwrap();
    let before = std::fs::read(profile_path(&profiles, &id)).unwrap();
    let err = profiles.restore_backup(&id, &backup.id, now()).unwrap_err();
    assert_eq!(err.code(), "profile_corrupt", "{err}");
    assert!(err.to_string().contains(&backup.id), "names the file: {err}");
    assert_eq!(std::fs::read(profile_path(&profiles, &id)).unwrap(), before);

    // Another profile's backup, put in this profile's folder by hand.
    let theirs = profiles.create_backup(&other, now() + Duration::minutes(2)).unwrap();
    let misplaced = Path::new(&backup.path).with_file_name(Path::new(&theirs.path).file_name().unwrap());
    std::fs::copy(&theirs.path, &misplaced).unwrap();
    let err = profiles.restore_backup(&id, &theirs.id, now()).unwrap_err();
    assert_eq!(err.code(), "not_a_profile", "{err}");
    assert_eq!(names(&profiles, &id), ["Alpha"]);

    for bad in ["nope", "../../profiles/x", &format!("{}/../x", backup.id)] {
        assert_eq!(profiles.restore_backup(&id, bad, now()).unwrap_err().code(), "backup_not_found", "{bad}");
    }
}

#[test]
fn a_profile_that_no_longer_opens_can_be_restored_and_its_damaged_file_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (profiles, id) = new_profile(dir.path(), "P");
    import(&profiles, &id, &["Alpha", "Beta"], now());
    let good = profiles.create_backup(&id, now() + Duration::minutes(1)).unwrap();
    let path = profile_path(&profiles, &id);
    let len = std::fs::metadata(&path).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(len / 2).unwrap();
    assert_eq!(profiles.open(&id).err().map(|e| e.code()), Some("profile_corrupt"));

    let restored = profiles.restore_backup(&id, &good.id, now() + Duration::minutes(2)).unwrap();
    assert_eq!(names(&profiles, &id), ["Alpha", "Beta"]);
    let kept = restored.previous.unwrap();
    assert_eq!(std::fs::metadata(&kept.path).unwrap().len(), len / 2, "the damaged file, byte for byte");
}

/// A file at schema 1 with one customer, as version 1 of the app wrote it.
fn write_v1_profile(path: &Path, id: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(MIGRATIONS[0]).unwrap();
    conn.execute(
        "INSERT INTO profile (singleton, id, name, cloud, role, created_at)
         VALUES (1, ?1, 'Old', 'global', 'direct', '2025-01-01T00:00:00+00:00')",
        [id],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO customers (tenant_id, company_name, relationship, source)
         VALUES ('aaaaaaaa-0000-4000-8000-000000000001', 'Alpha', 'reseller', 'import')",
        [],
    )
    .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
}

#[test]
fn a_migration_first_keeps_the_file_at_its_old_schema() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    std::fs::create_dir_all(profiles.profiles_dir()).unwrap();
    let id = "0123456789ab";
    write_v1_profile(&profiles.profiles_dir().join(format!("{id}.sqlite")), id);

    assert_eq!(names(&profiles, id), ["Alpha"]);
    let backups = profiles.backups(id).unwrap();
    assert_eq!(backups.len(), 1, "one backup, before the migration: {backups:?}");
    assert_eq!(backups[0].reason, BackupReason::Migration);
    let old = rusqlite::Connection::open(&backups[0].path).unwrap();
    let version: i64 = old.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 1);
    const { assert!(SCHEMA_VERSION > 1) };

    // Opened again, at the current schema: no more migration backups.
    names(&profiles, id);
    assert_eq!(profiles.backups(id).unwrap().len(), 1);
}
