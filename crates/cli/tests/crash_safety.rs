//! The CLI killed (SIGKILL) at random moments of an import and of a schema
//! migration: every time, the profile file passes SQLite's integrity check and
//! holds either the whole import or none of it, the old schema or the new one,
//! with its data. A reader running beside an import sees only before or after.
//!
//! The kill moments come from a seeded generator (`CRASH_SEED` picks another
//! seed), spread over the time a complete run took on this machine.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use partner_desk_store::schema::{MIGRATIONS, SCHEMA_VERSION};
use rusqlite::Connection;

const KILLS: usize = 20;

fn command(data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_partner-desk-cli"));
    command.arg("--data-dir").arg(data_dir).args(args).env_remove("PARTNER_DESK_DATA_DIR");
    command
}

fn ok(data_dir: &Path, args: &[&str]) -> String {
    let out: Output = command(data_dir, args).output().expect("the CLI binary runs");
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output").trim().to_string()
}

fn spawn(data_dir: &Path, args: &[&str]) -> Child {
    command(data_dir, args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("the CLI binary starts")
}

/// xorshift64*: enough to spread kill moments, and the same every run.
struct Rng(u64);

impl Rng {
    fn from_env() -> Rng {
        let seed = std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_cafe_f00d);
        Rng(seed | 1)
    }

    /// A fraction in [0, 1).
    fn fraction(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn profile_path(data_dir: &Path, id: &str) -> PathBuf {
    data_dir.join("profiles").join(format!("{id}.sqlite"))
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Puts `pristine` back as the profile file, with no WAL beside it.
fn reset(path: &Path, pristine: &[u8]) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sidecar(path, suffix));
    }
    std::fs::write(path, pristine).unwrap();
}

const TABLES: [&str; 9] = [
    "snapshots",
    "snapshot_files",
    "history",
    "customers",
    "subscriptions",
    "partners",
    "customer_partner_links",
    "gdap_relationships",
    "audit_log",
];

/// Row counts of every table an import writes, read in one statement (one
/// read transaction), and whether the profile records an import.
fn counts(conn: &Connection) -> rusqlite::Result<(Vec<i64>, bool)> {
    let columns: Vec<String> = TABLES.iter().map(|t| format!("(SELECT COUNT(*) FROM {t})")).collect();
    let sql = format!("SELECT {}, (SELECT last_import_at FROM profile) ", columns.join(", "));
    conn.query_row(&sql, [], |row| {
        let counts = (0..TABLES.len()).map(|i| row.get(i)).collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok((counts, row.get::<_, Option<String>>(TABLES.len())?.is_some()))
    })
}

fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

/// Every backup listed for the profile is whole.
fn backups_are_whole(data_dir: &Path, id: &str) {
    let dir = data_dir.join("backups").join(id);
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue; // A copy cut short by the kill: never listed, never restored.
        }
        let conn = Connection::open(entry.path()).unwrap();
        assert_eq!(integrity(&conn), "ok", "backup {name}");
    }
}

#[test]
fn an_import_killed_at_random_moments_leaves_all_of_it_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let source = ok(d, &["profiles", "create", "--name", "Source", "--cloud", "global"]);
    ok(d, &["demo", "--profile", &source, "--customers", "900", "--today", "2026-01-01"]);
    let export = d.join("export.json");
    ok(
        d,
        &["export", "--profile", &source, "--what", "all", "--format", "json", "--out", &export.display().to_string()],
    );
    let export = export.display().to_string();

    // The reference: the same import, complete, into a twin of the target.
    let target = ok(d, &["profiles", "create", "--name", "Target", "--cloud", "global"]);
    let path = profile_path(d, &target);
    let pristine = std::fs::read(&path).unwrap();
    let before = counts(&Connection::open(&path).unwrap()).unwrap();
    let started = Instant::now();
    ok(d, &["import", "--profile", &target, &export]);
    let full_run = started.elapsed();
    let after = counts(&Connection::open(&path).unwrap()).unwrap();
    assert_ne!(before, after);
    assert!(after.0[0] == before.0[0] + 1, "one snapshot more");

    let mut rng = Rng::from_env();
    let (mut none, mut all) = (0, 0);
    for kill in 0..KILLS {
        reset(&path, &pristine);
        let at = full_run.mul_f64(0.02 + 1.05 * rng.fraction());
        let mut child = spawn(d, &["import", "--profile", &target, &export]);
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL; an error means it had already exited.
        child.wait().unwrap();

        let conn = Connection::open(&path).unwrap();
        assert_eq!(integrity(&conn), "ok", "kill {kill} at {at:?}");
        let found = counts(&conn).unwrap();
        if found == before {
            none += 1;
        } else if found == after {
            all += 1;
        } else {
            panic!("kill {kill} at {at:?}: a partial import {found:?}, expected {before:?} or {after:?}");
        }
        drop(conn);
        backups_are_whole(d, &target);
        let listed = ok(d, &["--json", "profiles", "list"]);
        assert!(listed.contains("\"unreadable\": []"), "kill {kill}: {listed}");
    }
    eprintln!("{KILLS} kills over {full_run:?}: {none} left the profile as before, {all} after the whole import");
    assert!(none > 0, "no kill landed before the commit: the import is too short to test");
}

#[test]
fn a_reader_beside_an_import_sees_before_or_after_never_between() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let source = ok(d, &["profiles", "create", "--name", "Source", "--cloud", "global"]);
    ok(d, &["demo", "--profile", &source, "--customers", "400", "--today", "2026-01-01"]);
    let export = d.join("export.json").display().to_string();
    ok(d, &["export", "--profile", &source, "--what", "all", "--format", "json", "--out", &export]);
    let target = ok(d, &["profiles", "create", "--name", "Target", "--cloud", "global"]);
    let path = profile_path(d, &target);
    let reader = Connection::open(&path).unwrap();
    reader.busy_timeout(Duration::from_secs(5)).unwrap();
    let before = counts(&reader).unwrap();

    let mut child = spawn(d, &["import", "--profile", &target, &export]);
    let mut seen = Vec::new();
    loop {
        let exited = child.try_wait().unwrap();
        seen.push(counts(&reader).unwrap());
        if let Some(status) = exited {
            assert!(status.success());
            break;
        }
    }
    let after = counts(&reader).unwrap();
    assert_ne!(before, after);
    for found in &seen {
        assert!(*found == before || *found == after, "a partial import was visible: {found:?}");
    }
    eprintln!("{} reads during the import, each before or after", seen.len());
}

/// The tables a file at `version` has, from the released migrations.
fn tables_at(version: usize) -> Vec<String> {
    let conn = Connection::open_in_memory().unwrap();
    for migration in &MIGRATIONS[..version] {
        conn.execute_batch(migration).unwrap();
    }
    schema_objects(&conn)
}

fn schema_objects(conn: &Connection) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT type || ' ' || name FROM sqlite_master ORDER BY 1").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

/// A schema-1 profile with many customers and subscriptions, so that opening
/// it (a backup, then the migrations) takes a measurable time.
fn write_big_v1_profile(path: &Path, id: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(MIGRATIONS[0]).unwrap();
    conn.execute(
        "INSERT INTO profile (singleton, id, name, cloud, role, created_at)
         VALUES (1, ?1, 'Old', 'global', 'direct', '2025-01-01T00:00:00+00:00')",
        [id],
    )
    .unwrap();
    conn.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
         INSERT INTO customers (tenant_id, company_name, relationship, source)
         SELECT printf('%08x-0000-4000-8000-%012x', i, i), 'Customer ' || i, 'reseller', 'import' FROM n;
         INSERT INTO subscriptions (id, customer_tenant_id, offer_name, quantity, status, billing_type, channel, source)
         SELECT 'sub-' || tenant_id, tenant_id, 'Microsoft 365 E3', 10, 'active', 'license', 'csp', 'import'
         FROM customers;
         INSERT INTO audit_log (at, actor, action, entity) VALUES ('2025-01-02T00:00:00+00:00', 'me', 'create', 'customer');
         PRAGMA user_version = 1;",
    )
    .unwrap();
}

#[test]
fn a_migration_killed_at_random_moments_leaves_a_whole_schema_version_and_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("profiles")).unwrap();
    let id = "0a1b2c3d4e5f";
    let path = profile_path(d, id);
    write_big_v1_profile(&path, id);
    let pristine = std::fs::read(&path).unwrap();
    let data = |conn: &Connection| -> (i64, i64, i64) {
        conn.query_row(
            "SELECT (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM subscriptions), (SELECT COUNT(*) FROM audit_log)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    let expected = data(&Connection::open(&path).unwrap());
    let schemas: Vec<Vec<String>> = (0..=SCHEMA_VERSION as usize).map(tables_at).collect();

    let started = Instant::now();
    ok(d, &["customers", "--profile", id, "--limit", "1"]);
    let full_run = started.elapsed();
    let _ = std::fs::remove_dir_all(d.join("backups"));

    let mut rng = Rng::from_env();
    let mut versions_seen = std::collections::BTreeMap::new();
    for kill in 0..KILLS {
        reset(&path, &pristine);
        let at = full_run.mul_f64(0.02 + 1.05 * rng.fraction());
        let mut child = spawn(d, &["customers", "--profile", id, "--limit", "1"]);
        std::thread::sleep(at);
        let _ = child.kill();
        child.wait().unwrap();

        let conn = Connection::open(&path).unwrap();
        assert_eq!(integrity(&conn), "ok", "kill {kill} at {at:?}");
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert!((1..=SCHEMA_VERSION).contains(&version), "kill {kill}: version {version}");
        assert_eq!(schema_objects(&conn), schemas[version as usize], "kill {kill}: the schema of version {version}");
        assert_eq!(data(&conn), expected, "kill {kill} at {at:?}: the data");
        *versions_seen.entry(version).or_insert(0) += 1;
        drop(conn);
        backups_are_whole(d, id);
        let _ = std::fs::remove_dir_all(d.join("backups"));
    }
    eprintln!("{KILLS} kills over {full_run:?}: files left at versions {versions_seen:?}");
}
