//! A profile file from every released schema version opens with the current
//! code, migrates forward, and keeps its data.
//!
//! The files are `tests/fixtures/schema/v<N>.sqlite`, made by this test's
//! generator from the released migrations and the rows below:
//!
//! ```text
//! UPDATE_SCHEMA_FIXTURES=1 cargo test -p partner-desk-store --test schema_history -- --test-threads=1
//! ```
//!
//! When a migration is added, add its line to `FIXTURES` (the rows each
//! version can hold) and run the command above once: the committed file then
//! stands for files written by that version for good.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use partner_desk_store::schema::{MIGRATIONS, SCHEMA_VERSION};
use partner_desk_store::{BackupReason, CustomerQuery, Profiles};
use rusqlite::Connection;

/// Schema version → the rows a file of that version holds.
/// Version 4 added indexes only (the customer search's among them): its rows are version 3's.
/// Version 6 added indexes and the kept findings, which the store computes
/// itself on the first read: its rows are version 5's. Version 7 keeps them
/// one row each, computed again the same way: its rows are version 5's too.
const FIXTURES: &[(usize, &[&str])] = &[
    (1, &[ROWS_V1]),
    (2, &[ROWS_V1, ROWS_V2]),
    (3, &[ROWS_V1, ROWS_V2, ROWS_V3]),
    (4, &[ROWS_V1, ROWS_V2, ROWS_V3]),
    (5, &[ROWS_V1, ROWS_V2, ROWS_V3, ROWS_V5]),
    (6, &[ROWS_V1, ROWS_V2, ROWS_V3, ROWS_V5]),
    (7, &[ROWS_V1, ROWS_V2, ROWS_V3, ROWS_V5]),
];

const PROFILE_ID: &str = "5c4e0a1b2d3f";

/// Rows in the tables of migration 1, in scripts the app must keep reading.
const ROWS_V1: &str = r#"
INSERT INTO profile (singleton, id, name, cloud, tenant_id, mpn_id, role, created_at, last_import_at)
VALUES (1, '5c4e0a1b2d3f', 'Fixture Partner', 'global', '72f988bf-86f1-41af-91ab-2d7cd011db47', '1234567',
        'indirect-provider', '2025-06-01T08:00:00+00:00', '2025-06-02T08:00:00+00:00');
INSERT INTO partners (id, tenant_id, mpn_id, name, location, is_self, source) VALUES
 ('mpn:7654321', NULL, '7654321', 'Fabrikam Reseller', 'JP', 0, 'import');
INSERT INTO customers (tenant_id, commerce_id, company_name, primary_domain, country, relationship,
                       allow_delegated_access, tags, source) VALUES
 ('aaaaaaaa-0000-4000-8000-000000000001', NULL, 'さくら商事株式会社', 'sakura.example', 'JP', 'reseller', 1, '["vip"]', 'import'),
 ('bbbbbbbb-0000-4000-8000-000000000002', NULL, 'ООО «Волга Софт»', 'volga.example', 'RU', 'reseller', 0, '[]', 'import'),
 ('cccccccc-0000-4000-8000-000000000003', NULL, 'Manual Customer', NULL, 'US', 'reseller', NULL, '[]', 'manual');
INSERT INTO customer_partner_links (customer_tenant_id, partner_id, kind, scope, source) VALUES
 ('aaaaaaaa-0000-4000-8000-000000000001', 'mpn:7654321', 'indirect-reseller', NULL, 'import');
INSERT INTO subscriptions (id, customer_tenant_id, offer_id, offer_name, quantity, status, billing_type,
                           commitment_end, partner_of_record, channel, source) VALUES
 ('sub-1', 'aaaaaaaa-0000-4000-8000-000000000001', 'CFQ7TTC0LH18', 'Microsoft 365 E3', 25, 'active', 'license',
  '2026-05-31', '7654321', 'csp', 'import'),
 ('sub-2', 'bbbbbbbb-0000-4000-8000-000000000002', NULL, 'Azure plan', 1, 'active', 'usage', NULL, NULL, 'csp', 'import');
INSERT INTO gdap_relationships (id, display_name, customer_tenant_id, customer_name, status, duration,
                                auto_extend_duration, roles, source) VALUES
 ('gdap-1', 'Sakura support', 'aaaaaaaa-0000-4000-8000-000000000001', 'さくら商事株式会社', 'active', 'P730D',
  'PT0S', '["Helpdesk Administrator"]', 'import');
INSERT INTO snapshots (id, created_at, kind, summary) VALUES (1, '2025-06-02T08:00:00+00:00', 'import', '{}');
INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES
 ('2025-06-02T09:00:00+00:00', 'fixture', 'create', 'customer', 'cccccccc-0000-4000-8000-000000000003', NULL,
  '{"company_name":"Manual Customer"}');
"#;

/// Rows in the tables migration 2 added.
const ROWS_V2: &str = r#"
INSERT INTO snapshot_files (snapshot_id, path, format, sha256, bytes, records) VALUES
 (1, 'customers.json', 'rest-customers', 'ab', 100, 2);
INSERT INTO history (entity, key, snapshot_id, data) VALUES
 ('customer', 'aaaaaaaa-0000-4000-8000-000000000001', 1, '{"tenant_id":"aaaaaaaa-0000-4000-8000-000000000001"}');
"#;

/// Version 3: a workflow with a ticked step, a request tied to a customer, a note.
const ROWS_V3: &str = r#"
INSERT INTO workflows (id, rule, action, customer_tenant_id, subscription_id, option, due_date, created_at) VALUES
 (1, 'MC-3', 'move-license-subscription', 'aaaaaaaa-0000-4000-8000-000000000001', 'sub-1', 'wait_for_term_end',
  '2027-03-01', '2026-11-21T09:00:00+00:00');
INSERT INTO workflow_steps (workflow_id, position, key, params, message, done_at, note) VALUES
 (1, 0, 'steps.MC-3.agreeWithCustomer', '{}', 'Agree the move', '2026-11-21T09:05:00+00:00', 'by phone');
INSERT INTO customer_notes (customer_tenant_id, note, updated_at) VALUES
 ('aaaaaaaa-0000-4000-8000-000000000001', 'key account', '2026-11-21T09:00:00+00:00');
"#;

/// Version 5: a tag added here and an imported one taken off.
const ROWS_V5: &str = r#"
INSERT INTO customer_tag_edits (customer_tenant_id, tag, added, updated_at) VALUES
 ('aaaaaaaa-0000-4000-8000-000000000001', 'renewal', 1, '2026-11-21T09:00:00+00:00'),
 ('bbbbbbbb-0000-4000-8000-000000000002', 'vip', 0, '2026-11-21T09:00:00+00:00');
"#;

fn fixture_path(version: usize) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../tests/fixtures/schema/v{version}.sqlite"))
}

/// Builds the file of `version` from the released migrations: small pages,
/// no WAL, vacuumed, so the committed file is small and self-contained.
fn generate(version: usize, rows: &[&str], path: &Path) {
    let _ = std::fs::remove_file(path);
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA page_size = 1024; PRAGMA journal_mode = DELETE;").unwrap();
    for migration in &MIGRATIONS[..version] {
        conn.execute_batch(migration).unwrap();
    }
    for sql in rows {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64).unwrap();
    conn.execute_batch("VACUUM;").unwrap();
}

#[test]
fn every_released_schema_has_a_committed_fixture() {
    let versions: Vec<usize> = FIXTURES.iter().map(|(v, _)| *v).collect();
    let all: Vec<usize> = (1..=SCHEMA_VERSION as usize).collect();
    assert_eq!(
        versions, all,
        "add a FIXTURES line for each new migration and run UPDATE_SCHEMA_FIXTURES=1 cargo test -p partner-desk-store --test schema_history -- --test-threads=1"
    );
    let update = std::env::var_os("UPDATE_SCHEMA_FIXTURES").is_some();
    for (version, rows) in FIXTURES {
        let path = fixture_path(*version);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            generate(*version, rows, &path);
        }
        assert!(path.is_file(), "{} is missing: run with UPDATE_SCHEMA_FIXTURES=1", path.display());
        let conn = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(found, *version as i64, "{}", path.display());
    }
}

/// A copy of fixture `version` as a profile of a fresh data dir.
fn install(version: usize) -> (tempfile::TempDir, Profiles) {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    std::fs::create_dir_all(profiles.profiles_dir()).unwrap();
    std::fs::copy(fixture_path(version), profiles.profiles_dir().join(format!("{PROFILE_ID}.sqlite"))).unwrap();
    (dir, profiles)
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn each_fixture_migrates_forward_with_its_data() {
    for (version, rows) in FIXTURES {
        let (_dir, profiles) = install(*version);
        let listed = profiles.list().unwrap();
        assert!(listed.unreadable.is_empty(), "v{version}: {:?}", listed.unreadable);
        let summary = &listed.profiles[0];
        assert_eq!((summary.id.as_str(), summary.name.as_str()), (PROFILE_ID, "Fixture Partner"));
        assert_eq!((summary.customer_count, summary.subscription_count), (3, 2), "v{version}");
        assert_eq!(summary.mpn_id.as_deref(), Some("1234567"));

        let db = profiles.open(PROFILE_ID).unwrap();
        let page = db
            .customers(
                &CustomerQuery::search(Some("さくら".into()), 10, 0),
                chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default(),
            )
            .unwrap();
        assert_eq!(page.items.len(), 1, "v{version}");
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let view = db.customer_view("aaaaaaaa-0000-4000-8000-000000000001", today).unwrap();
        let text = serde_json::to_string(&view).unwrap();
        for expected in ["sub-1", "Microsoft 365 E3", "Fabrikam Reseller", "gdap-1", "vip"] {
            assert!(text.contains(expected), "v{version}: {expected} missing from the customer view");
        }
        let audit = db.audit_log(10).unwrap();
        assert_eq!(audit.len(), 1, "v{version}");
        assert_eq!(audit[0].entity_id.as_deref(), Some("cccccccc-0000-4000-8000-000000000003"));
        assert_eq!(db.snapshots().unwrap().len(), 1, "v{version}");
        drop(db);

        let conn = Connection::open(profiles.profiles_dir().join(format!("{PROFILE_ID}.sqlite"))).unwrap();
        let now_at: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(now_at, SCHEMA_VERSION);
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
        let had_history = rows.contains(&ROWS_V2);
        assert_eq!(count(&conn, "history"), i64::from(had_history), "v{version}");
        assert_eq!(count(&conn, "snapshot_files"), i64::from(had_history), "v{version}");
        // The audit log stays append-only after a migration.
        assert!(conn.execute("DELETE FROM audit_log", []).is_err());

        let backups = profiles.backups(PROFILE_ID).unwrap();
        if (*version as i64) < SCHEMA_VERSION {
            assert_eq!(backups.len(), 1, "v{version}: a backup before migrating");
            assert_eq!(backups[0].reason, BackupReason::Migration);
        } else {
            assert!(backups.is_empty(), "v{version}: nothing migrated, nothing backed up");
        }
    }
}

#[test]
fn a_fixture_marked_newer_than_this_version_is_refused_and_left_byte_identical() {
    let (_dir, profiles) = install(SCHEMA_VERSION as usize);
    let path = profiles.profiles_dir().join(format!("{PROFILE_ID}.sqlite"));
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    assert_eq!(profiles.open(PROFILE_ID).err().map(|e| e.code()), Some("schema_too_new"));
    assert_eq!(profiles.list().unwrap().unreadable[0].code, "schema_too_new");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(profiles.backups(PROFILE_ID).unwrap().is_empty());
}
