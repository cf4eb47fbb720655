//! Copies of a profile file taken before anything that rewrites much of it:
//! a schema migration, an import, a restore, or on request. Kept per profile
//! under `<data dir>/backups/<profile id>/`, the newest [`KEEP`] only.
//!
//! A backup is made with `VACUUM INTO`, which reads one consistent snapshot of
//! the profile (the WAL included) and writes a compact standalone file. It is
//! written under a hidden name, synced, then renamed into place, so a backup
//! that is listed is always whole.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::error::{Context, Result, StoreError};
use crate::fs_private::{create_private_dir, create_private_file, sync_dir};

/// How many backups each profile keeps; older ones are removed as new ones are made.
pub const KEEP: usize = 5;

const EXTENSION: &str = "sqlite";
const TIME_FORMAT: &str = "%Y%m%dT%H%M%S%.3fZ";

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum BackupReason {
    /// Before a migration to a newer schema.
    Migration,
    /// Before an import.
    Import,
    /// Before a restore replaced the file.
    Restore,
    /// Asked for (`backup create`).
    Manual,
}

impl BackupReason {
    pub fn id(self) -> &'static str {
        match self {
            BackupReason::Migration => "migration",
            BackupReason::Import => "import",
            BackupReason::Restore => "restore",
            BackupReason::Manual => "manual",
        }
    }

    fn parse(text: &str) -> Option<BackupReason> {
        [BackupReason::Migration, BackupReason::Import, BackupReason::Restore, BackupReason::Manual]
            .into_iter()
            .find(|r| r.id() == text)
    }
}

/// One backup of a profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupInfo {
    /// `<UTC time>-<reason>`, e.g. `20260301T101500.250Z-import`: what `restore` takes.
    pub id: String,
    pub reason: BackupReason,
    pub created_at: DateTime<Utc>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    pub path: String,
}

/// Where a profile's backups live.
pub(crate) fn dir_for(data_dir: &Path, profile_id: &str) -> PathBuf {
    data_dir.join("backups").join(profile_id)
}

/// Copies the open profile into `dir` and removes all but the newest [`KEEP`].
/// Must be called outside a transaction (`VACUUM INTO` cannot run inside one).
pub(crate) fn take(conn: &Connection, dir: &Path, reason: BackupReason, now: DateTime<Utc>) -> Result<BackupInfo> {
    create_private_dir(dir)?;
    let (id, created_at) = free_id(dir, reason, now);
    let final_path = dir.join(format!("{id}.{EXTENSION}"));
    let temp_path = dir.join(format!(".{id}.{EXTENSION}.partial"));
    let written = (|| {
        let target = temp_path.to_str().ok_or_else(|| StoreError::Io {
            context: format!("backing up to {}", temp_path.display()),
            source: std::io::Error::other("the backup folder's path is not valid UTF-8"),
        })?;
        // Created empty first so the copy has owner-only permissions from its first byte.
        create_private_file(&temp_path)?;
        conn.execute("VACUUM INTO ?1", [target]).context(|| format!("backing up to {}", temp_path.display()))?;
        // VACUUM INTO does not sync what it wrote.
        std::fs::File::open(&temp_path)
            .and_then(|f| f.sync_all())
            .context(|| format!("syncing {}", temp_path.display()))?;
        std::fs::rename(&temp_path, &final_path).context(|| format!("saving {}", final_path.display()))?;
        sync_dir(dir);
        Ok(())
    })();
    if let Err(err) = written {
        let _ = std::fs::remove_file(&temp_path);
        return Err(err);
    }
    prune(dir)?;
    let bytes = std::fs::metadata(&final_path).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo { id, reason, created_at, bytes, path: final_path.display().to_string() })
}

/// Copies a file that SQLite cannot read byte for byte, so replacing it loses nothing.
pub(crate) fn keep_raw(path: &Path, dir: &Path, reason: BackupReason, now: DateTime<Utc>) -> Result<BackupInfo> {
    create_private_dir(dir)?;
    let (id, created_at) = free_id(dir, reason, now);
    let final_path = dir.join(format!("{id}.{EXTENSION}"));
    let temp_path = dir.join(format!(".{id}.{EXTENSION}.partial"));
    let copied = (|| {
        create_private_file(&temp_path)?;
        std::fs::copy(path, &temp_path).context(|| format!("copying {}", path.display()))?;
        std::fs::rename(&temp_path, &final_path).context(|| format!("saving {}", final_path.display()))?;
        sync_dir(dir);
        Ok(())
    })();
    if let Err(err) = copied {
        let _ = std::fs::remove_file(&temp_path);
        return Err(err);
    }
    prune(dir)?;
    let bytes = std::fs::metadata(&final_path).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo { id, reason, created_at, bytes, path: final_path.display().to_string() })
}

/// A name that sorts after every backup in `dir`, so the newest is always
/// the last made: two backups within one millisecond (an import right after a
/// migration), or a clock set back, get the millisecond after the newest.
fn free_id(dir: &Path, reason: BackupReason, now: DateTime<Utc>) -> (String, DateTime<Utc>) {
    let newest = list(dir).ok().and_then(|all| all.first().map(|b| b.created_at));
    let mut at = match newest {
        Some(newest) if newest >= now => newest + chrono::Duration::milliseconds(1),
        _ => now,
    };
    loop {
        let id = format!("{}-{}", at.format(TIME_FORMAT), reason.id());
        if !dir.join(format!("{id}.{EXTENSION}")).exists() {
            return (id, at);
        }
        at += chrono::Duration::milliseconds(1);
    }
}

/// The backups in `dir`, newest first. Files whose names this module did not
/// write are ignored.
pub(crate) fn list(dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::Io { context: format!("reading {}", dir.display()), source: e }),
    };
    let mut backups = Vec::new();
    for entry in entries {
        let path = entry.context(|| format!("reading {}", dir.display()))?.path();
        let Some(id) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".sqlite")) else {
            continue;
        };
        let Some((created_at, reason)) = parse_id(id) else { continue };
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        backups.push(BackupInfo { id: id.to_string(), reason, created_at, bytes, path: path.display().to_string() });
    }
    backups.sort_by(|a, b| b.id.cmp(&a.id));
    Ok(backups)
}

fn parse_id(id: &str) -> Option<(DateTime<Utc>, BackupReason)> {
    let (time, reason) = id.split_once('-')?;
    let reason = BackupReason::parse(reason)?;
    let time = NaiveDateTime::parse_from_str(time, TIME_FORMAT).ok()?;
    Some((time.and_utc(), reason))
}

/// The file of backup `id` in `dir`. Ids are checked against the names this
/// module writes, so an id can never point outside the folder.
pub(crate) fn find(dir: &Path, id: &str) -> Result<PathBuf> {
    let not_found = || StoreError::BackupNotFound(id.to_string());
    parse_id(id).ok_or_else(not_found)?;
    let path = dir.join(format!("{id}.{EXTENSION}"));
    if path.is_file() { Ok(path) } else { Err(not_found()) }
}

/// Copies left half-written by a process that was killed are removed once
/// they are old enough that no live process can still be writing them.
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(3600);

fn prune(dir: &Path) -> Result<()> {
    for old in list(dir)?.into_iter().skip(KEEP) {
        std::fs::remove_file(&old.path).context(|| format!("removing the old backup {}", old.path))?;
    }
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let partial = name.to_str().is_some_and(|n| n.starts_with('.') && n.ends_with(".partial"));
        let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        if partial && age.is_some_and(|age| age > STALE_PARTIAL) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// Runs SQLite's full `integrity_check` on a file, read-only: `Ok` when it
/// reports `ok`, else a `profile_corrupt` error naming the file.
pub(crate) fn integrity_check(path: &Path) -> Result<()> {
    let corrupt = |reason: String| StoreError::ProfileCorrupt { path: path.to_path_buf(), reason };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| corrupt(e.to_string()))?;
    let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(|e| corrupt(e.to_string()))?;
    let lines: Vec<String> = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| corrupt(e.to_string()))?;
    if lines.len() == 1 && lines[0] == "ok" {
        Ok(())
    } else {
        let shown: Vec<&str> = lines.iter().take(3).map(String::as_str).collect();
        Err(corrupt(format!("the integrity check failed: {}", shown.join("; "))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ids_round_trip_and_others_are_refused() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 10, 15, 0).unwrap() + chrono::Duration::milliseconds(250);
        let id = format!("{}-{}", now.format(TIME_FORMAT), BackupReason::Import.id());
        assert_eq!(id, "20260301T101500.250Z-import");
        assert_eq!(parse_id(&id), Some((now, BackupReason::Import)));
        for bad in ["", "../x", "20260301T101500.250Z-other", "20260301T101500.250Z-import/../../x", "x-import"] {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(find(dir.path(), "../../profiles/x").unwrap_err().code(), "backup_not_found");
    }

    #[test]
    fn only_the_newest_are_kept_and_each_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("p.sqlite")).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
        let backups = dir.path().join("backups");
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 10, 15, 0).unwrap();
        let mut made = Vec::new();
        for _ in 0..KEEP + 2 {
            made.push(take(&conn, &backups, BackupReason::Manual, now).unwrap().id);
        }
        let listed: Vec<String> = list(&backups).unwrap().into_iter().map(|b| b.id).collect();
        made.reverse();
        assert_eq!(listed, made[..KEEP]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&backups), 0o700);
            for b in list(&backups).unwrap() {
                assert_eq!(mode(Path::new(&b.path)), 0o600);
                integrity_check(Path::new(&b.path)).unwrap();
            }
        }
    }
}
