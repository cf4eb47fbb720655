//! The set of profiles in a data dir: one SQLite file each under `profiles/`.
//!
//! There is no shared registry file: each profile describes itself in its own
//! `profile` table, so creating, renaming or deleting one never writes to
//! another's file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use partner_desk_core::profile::validate_profile_name;
use partner_desk_core::{Cloud, PartnerRole, ProfileSpec};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::backup::{self, BackupInfo, BackupReason};
use crate::db;
use crate::error::{Context, Result, StoreError};
use crate::fs_private::{create_private_dir, create_private_file, sync_dir};
use crate::profile_db::ProfileDb;

const EXTENSION: &str = "sqlite";

/// A profile as the picker shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileSummary {
    pub id: String,
    pub name: String,
    pub cloud: Cloud,
    pub tenant_id: Option<String>,
    pub mpn_id: Option<String>,
    pub role: PartnerRole,
    pub customer_count: u32,
    pub subscription_count: u32,
    pub created_at: DateTime<Utc>,
    pub last_import_at: Option<DateTime<Utc>>,
    pub last_opened_at: Option<DateTime<Utc>>,
}

/// A file in `profiles/` that could not be read, with why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnreadableProfile {
    /// The profile id its file name carries: what backup restore takes.
    pub id: String,
    pub file: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileList {
    pub profiles: Vec<ProfileSummary>,
    pub unreadable: Vec<UnreadableProfile>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeletedProfile {
    pub id: String,
    pub name: String,
    /// Where the profile's file was kept, so a deletion can be undone by hand.
    pub backup_path: String,
}

/// What `restore_backup` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RestoredBackup {
    /// The backup now in place.
    pub restored: BackupInfo,
    /// The copy of the file it replaced.
    pub previous: Option<BackupInfo>,
}

#[derive(Debug, Clone)]
pub struct Profiles {
    data_dir: PathBuf,
}

impl Profiles {
    pub fn new(data_dir: impl Into<PathBuf>) -> Profiles {
        Profiles { data_dir: data_dir.into() }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn profiles_dir(&self) -> PathBuf {
        self.data_dir.join("profiles")
    }

    /// Deleted profiles are moved here rather than destroyed.
    pub fn deleted_dir(&self) -> PathBuf {
        self.data_dir.join("deleted")
    }

    fn path_of(&self, id: &str) -> PathBuf {
        self.profiles_dir().join(format!("{id}.{EXTENSION}"))
    }

    /// Every profile, sorted by name; files that cannot be read are listed apart.
    pub fn list(&self) -> Result<ProfileList> {
        let mut list = ProfileList { profiles: Vec::new(), unreadable: Vec::new() };
        for path in self.profile_files()? {
            match self.open_file(&path).and_then(|db| db.summary()) {
                Ok(summary) => list.profiles.push(summary),
                Err(err) => list.unreadable.push(UnreadableProfile {
                    id: path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
                    file: path.display().to_string(),
                    code: err.code().to_string(),
                    message: err.to_string(),
                }),
            }
        }
        list.profiles.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));
        Ok(list)
    }

    fn profile_files(&self) -> Result<Vec<PathBuf>> {
        let dir = self.profiles_dir();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::Io { context: format!("reading {}", dir.display()), source: e }),
        };
        let mut files = Vec::new();
        for entry in entries {
            let path = entry.context(|| format!("reading {}", dir.display()))?.path();
            let is_profile = path.extension().is_some_and(|e| e == EXTENSION)
                && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| !n.starts_with('.'));
            if is_profile {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }

    /// Creates a profile. Nothing is left behind if any step fails.
    pub fn create(&self, spec: &ProfileSpec, now: DateTime<Utc>) -> Result<ProfileSummary> {
        self.ensure_name_free(&spec.name, None)?;
        let dir = self.profiles_dir();
        create_private_dir(&dir)?;
        let id = new_profile_id();
        let final_path = self.path_of(&id);
        // Built under a hidden name and renamed into place, so a half-made file
        // is never listed.
        let temp_path = dir.join(format!(".{id}.{EXTENSION}.creating"));
        let built = (|| {
            create_private_file(&temp_path)?;
            let conn = db::create(&temp_path)?;
            write_profile_row(&conn, &id, spec, now)?;
            conn.pragma_update(None, "journal_mode", "DELETE").context(|| "finishing the new profile".into())?;
            conn.close().map_err(|(_, e)| e).context(|| "finishing the new profile".into())
        })();
        if let Err(err) = built {
            remove_with_sidecars(&temp_path);
            return Err(err);
        }
        std::fs::rename(&temp_path, &final_path).context(|| format!("creating {}", final_path.display()))?;
        self.open_file(&final_path)?.summary()
    }

    /// Finds a profile by id, or else by its exact name.
    pub fn resolve(&self, id_or_name: &str) -> Result<(String, PathBuf)> {
        let wanted = id_or_name.trim();
        let by_id = self.path_of(wanted);
        let id_shaped = !wanted.is_empty() && wanted.chars().all(|c| c.is_ascii_alphanumeric());
        if id_shaped && by_id.is_file() {
            return Ok((wanted.to_string(), by_id));
        }
        for profile in self.list()?.profiles {
            if profile.name == wanted {
                let path = self.path_of(&profile.id);
                return Ok((profile.id, path));
            }
        }
        Err(StoreError::ProfileNotFound(id_or_name.to_string()))
    }

    pub fn open(&self, id_or_name: &str) -> Result<ProfileDb> {
        let (_, path) = self.resolve(id_or_name)?;
        self.open_file(&path)
    }

    pub fn rename(&self, id_or_name: &str, new_name: &str) -> Result<ProfileSummary> {
        let name = validate_profile_name(new_name)?;
        let (id, path) = self.resolve(id_or_name)?;
        self.ensure_name_free(&name, Some(&id))?;
        let db = self.open_file(&path)?;
        db.rename(&name)?;
        db.summary()
    }

    /// Moves the profile's file to `deleted/` and returns where it went.
    pub fn delete(&self, id_or_name: &str, now: DateTime<Utc>) -> Result<DeletedProfile> {
        let (id, path) = self.resolve(id_or_name)?;
        let summary = {
            let db = self.open_file(&path)?;
            let summary = db.summary()?;
            // Fold the WAL into the main file so the one file kept is complete.
            db.checkpoint()?;
            summary
        };
        let deleted = self.deleted_dir();
        create_private_dir(&deleted)?;
        let backup = deleted.join(format!("{id}-{}.{EXTENSION}", now.format("%Y%m%dT%H%M%SZ")));
        std::fs::rename(&path, &backup).context(|| format!("moving {} to {}", path.display(), backup.display()))?;
        remove_with_sidecars(&path);
        Ok(DeletedProfile { id, name: summary.name, backup_path: backup.display().to_string() })
    }

    /// Opens a profile file of this data dir, with its backups.
    fn open_file(&self, path: &Path) -> Result<ProfileDb> {
        let id = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        ProfileDb::open_with_backups(path, backup::dir_for(&self.data_dir, id))
    }

    /// A profile's backups, newest first. Works on a profile that no longer
    /// opens, which is when they are needed most.
    pub fn backups(&self, id_or_name: &str) -> Result<Vec<BackupInfo>> {
        let (id, _) = self.resolve(id_or_name)?;
        backup::list(&backup::dir_for(&self.data_dir, &id))
    }

    /// Takes a backup now.
    pub fn create_backup(&self, id_or_name: &str, now: DateTime<Utc>) -> Result<BackupInfo> {
        let (_, path) = self.resolve(id_or_name)?;
        let db = self.open_file(&path)?;
        let taken = db.back_up(BackupReason::Manual, now)?;
        taken.ok_or_else(|| StoreError::ProfileNotFound(id_or_name.to_string()))
    }

    /// Replaces a profile's file with one of its backups.
    ///
    /// The backup must pass SQLite's integrity check and be this profile's.
    /// The current file is first kept as a `restore` backup (copied as it is
    /// when it no longer opens); the backup is copied beside the profile and
    /// renamed over it, so the profile is at every moment either the old file
    /// or the restored one.
    pub fn restore_backup(&self, id_or_name: &str, backup_id: &str, now: DateTime<Utc>) -> Result<RestoredBackup> {
        let (id, path) = self.resolve(id_or_name)?;
        let dir = backup::dir_for(&self.data_dir, &id);
        let source = backup::find(&dir, backup_id)?;
        backup::integrity_check(&source)?;
        let backup_of = {
            let conn = rusqlite::Connection::open_with_flags(&source, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(|e| db::unreadable(&source, e))?;
            read_profile_row(&conn, &source)?.id
        };
        if backup_of != id {
            return Err(StoreError::NotAProfile {
                path: source,
                reason: format!("it is a backup of profile {backup_of}, not of {id}"),
            });
        }
        let restored = backup::list(&dir)?
            .into_iter()
            .find(|b| b.id == backup_id)
            .ok_or_else(|| StoreError::BackupNotFound(backup_id.into()))?;
        let temp = self.profiles_dir().join(format!(".{id}.{EXTENSION}.restoring"));
        let _ = std::fs::remove_file(&temp);
        let replaced = (|| {
            // Copied out first: the backup taken next may rotate the source away.
            create_private_file(&temp)?;
            std::fs::copy(&source, &temp).context(|| format!("copying {}", source.display()))?;
            std::fs::File::options()
                .write(true)
                .open(&temp)
                .and_then(|f| f.sync_all())
                .context(|| format!("syncing {}", temp.display()))?;
            let previous = match self.open_file(&path) {
                Ok(db) => {
                    let taken = db.back_up(BackupReason::Restore, now)?;
                    // Fold the WAL in and close, so no -wal is left to be
                    // replayed over the restored file.
                    db.checkpoint()?;
                    drop(db);
                    taken
                }
                Err(
                    StoreError::ProfileCorrupt { .. }
                    | StoreError::NotAProfile { .. }
                    | StoreError::SchemaTooNew { .. },
                ) => Some(backup::keep_raw(&path, &dir, BackupReason::Restore, now)?),
                Err(other) => return Err(other),
            };
            // Leftovers of the old file would be read as part of the new one.
            for suffix in ["-wal", "-shm", "-journal"] {
                let mut name = path.as_os_str().to_owned();
                name.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(name));
            }
            std::fs::rename(&temp, &path).context(|| format!("replacing {}", path.display()))?;
            sync_dir(&self.profiles_dir());
            Ok(previous)
        })();
        match replaced {
            Ok(previous) => Ok(RestoredBackup { restored, previous }),
            Err(err) => {
                let _ = std::fs::remove_file(&temp);
                Err(err)
            }
        }
    }

    fn ensure_name_free(&self, name: &str, except_id: Option<&str>) -> Result<()> {
        let taken = self
            .list()?
            .profiles
            .into_iter()
            .any(|p| p.name.to_lowercase() == name.to_lowercase() && Some(p.id.as_str()) != except_id);
        if taken { Err(StoreError::DuplicateName(name.to_string())) } else { Ok(()) }
    }
}

fn new_profile_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_string()
}

fn write_profile_row(conn: &Connection, id: &str, spec: &ProfileSpec, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO profile (singleton, id, name, cloud, tenant_id, mpn_id, role, created_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, spec.name, spec.cloud.id(), spec.tenant_id, spec.mpn_id, spec.role.id(), now.to_rfc3339()],
    )
    .context(|| "writing the new profile".into())?;
    Ok(())
}

/// Removes a database file and its `-wal`/`-shm` companions, if any.
fn remove_with_sidecars(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Reads the `profile` row of an open file.
pub(crate) fn read_profile_row(conn: &Connection, path: &Path) -> Result<ProfileSummary> {
    let not_a_profile = |reason: String| StoreError::NotAProfile { path: path.to_path_buf(), reason };
    let row = conn
        .query_row(
            "SELECT id, name, cloud, tenant_id, mpn_id, role, created_at, last_import_at, last_opened_at,
                    (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM subscriptions)
             FROM profile WHERE singleton = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, u32>(9)?,
                    r.get::<_, u32>(10)?,
                ))
            },
        )
        .optional()
        .map_err(|e| db::unreadable(path, e))?
        .ok_or_else(|| not_a_profile("it has no profile record".into()))?;
    let (id, name, cloud, tenant_id, mpn_id, role, created, imported, opened, customers, subscriptions) = row;
    let time = |text: &str| -> Result<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| not_a_profile(format!("bad time {text:?}: {e}")))
    };
    Ok(ProfileSummary {
        id,
        name,
        cloud: Cloud::parse(&cloud).map_err(|e| not_a_profile(e.to_string()))?,
        tenant_id,
        mpn_id,
        role: PartnerRole::parse(&role).map_err(|e| not_a_profile(e.to_string()))?,
        customer_count: customers,
        subscription_count: subscriptions,
        created_at: time(&created)?,
        last_import_at: imported.as_deref().map(time).transpose()?,
        last_opened_at: opened.as_deref().map(time).transpose()?,
    })
}
