//! Opening one profile file: pragmas, the schema version check and migrations.

use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use crate::backup::{self, BackupReason};
use crate::error::{Context, Result, StoreError};
use crate::schema::{MIGRATIONS, SCHEMA_VERSION};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Creates a new profile file with the current schema.
pub fn create(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).context(|| format!("creating {}", path.display()))?;
    configure(&conn, path)?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// Opens an existing profile file, migrating it forward if it is older.
///
/// A file from a newer version is refused before SQLite opens it for writing,
/// so it is never modified. Before a migration changes an existing file's
/// schema, a copy of it is kept in `backups` when given.
pub fn open(path: &Path, backups: Option<&Path>) -> Result<Connection> {
    let header_version = read_header_version(path)?;
    if header_version > SCHEMA_VERSION {
        return Err(too_new(path, header_version));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| unreadable(path, e))?;
    // The header can lag behind a WAL that a newer version left uncheckpointed.
    let version = user_version(&conn, path)?;
    if version > SCHEMA_VERSION {
        return Err(too_new(path, version));
    }
    configure(&conn, path)?;
    if let Some(dir) = backups
        && (1..SCHEMA_VERSION).contains(&version)
    {
        backup::take(&conn, dir, BackupReason::Migration, DateTime::<Utc>::from(SystemTime::now()))?;
    }
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// What an SQLite error while opening or reading a profile means: a damaged
/// file (`profile_corrupt`) or a file that is no profile at all.
pub(crate) fn unreadable(path: &Path, error: rusqlite::Error) -> StoreError {
    let damaged = matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    );
    if damaged {
        StoreError::ProfileCorrupt { path: path.to_path_buf(), reason: error.to_string() }
    } else {
        StoreError::NotAProfile { path: path.to_path_buf(), reason: error.to_string() }
    }
}

fn too_new(path: &Path, found: i64) -> StoreError {
    StoreError::SchemaTooNew { path: path.to_path_buf(), found, known: SCHEMA_VERSION }
}

/// Reads `user_version` from the 100-byte database header without SQLite,
/// and refuses a file shorter than its header says (cut off by a failed copy).
fn read_header_version(path: &Path) -> Result<i64> {
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).context(|| format!("opening {}", path.display()))?;
    let not_a_profile = |reason: &str| StoreError::NotAProfile { path: path.to_path_buf(), reason: reason.to_string() };
    file.read_exact(&mut header).map_err(|_| not_a_profile("the file is too short to be a database"))?;
    if &header[..16] != SQLITE_MAGIC {
        return Err(not_a_profile("the file is not an SQLite database"));
    }
    let be32 = |at: usize| u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]);
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    // The page count is only meaningful when the header says it is current;
    // a WAL or journal beside the file may legitimately hold the rest.
    let count_valid = be32(24) == be32(92) && be32(28) > 0;
    let expected = page_size * u64::from(be32(28));
    let actual = file.metadata().context(|| format!("reading {}", path.display()))?.len();
    if count_valid && actual < expected && !has_sidecar(path, "-wal") && !has_sidecar(path, "-journal") {
        return Err(StoreError::ProfileCorrupt {
            path: path.to_path_buf(),
            reason: format!("the file is cut short: {actual} bytes of the {expected} its header records"),
        });
    }
    Ok(i64::from(i32::from_be_bytes([header[60], header[61], header[62], header[63]])))
}

fn has_sidecar(path: &Path, suffix: &str) -> bool {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    std::fs::metadata(std::path::PathBuf::from(name)).is_ok_and(|m| m.len() > 0)
}

fn user_version(conn: &Connection, path: &Path) -> Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(|e| unreadable(path, e))
}

fn configure(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5)).context(|| format!("configuring {}", path.display()))?;
    // An import alone cycles through about twenty statements per record;
    // rusqlite's default cache of 16 would re-prepare them all the time.
    conn.set_prepared_statement_cache_capacity(64);
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = FILE;
         PRAGMA cache_size = -65536;",
    )
    .map_err(|e| unreadable(path, e))
}

/// Applies the missing migrations, each in its own transaction together with
/// the version bump, so a crash leaves the file at a whole version.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let current = user_version(conn, path)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        let version = index as i64 + 1;
        let tx = conn.transaction().context(|| format!("migrating {}", path.display()))?;
        tx.execute_batch(sql).context(|| format!("migrating {} to schema {version}", path.display()))?;
        tx.pragma_update(None, "user_version", version).context(|| format!("migrating {}", path.display()))?;
        tx.commit().context(|| format!("migrating {} to schema {version}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_at_the_current_schema_with_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite");
        let conn = create(&path).unwrap();
        assert_eq!(user_version(&conn, &path).unwrap(), SCHEMA_VERSION);
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn a_newer_file_is_refused_and_left_byte_identical() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite");
        {
            let conn = create(&path).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
            conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = open(&path, None).unwrap_err();
        assert_eq!(err.code(), "schema_too_new");
        assert!(err.to_string().contains("newer Partner Desk"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no -wal or -shm left behind: {names:?}");
    }

    #[test]
    fn junk_is_not_a_profile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite");
        std::fs::write(&path, vec![7u8; 4096]).unwrap();
        assert_eq!(open(&path, None).unwrap_err().code(), "not_a_profile");
        std::fs::write(&path, b"short").unwrap();
        assert_eq!(open(&path, None).unwrap_err().code(), "not_a_profile");
    }

    #[test]
    fn the_audit_log_is_append_only() {
        let dir = tempfile::tempdir().unwrap();
        let conn = create(&dir.path().join("p.sqlite")).unwrap();
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, entity) VALUES ('2026-01-01', 'me', 'create', 'partner')",
            [],
        )
        .unwrap();
        assert!(conn.execute("UPDATE audit_log SET actor = 'x'", []).is_err());
        assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    }
}
