//! One open profile file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use crate::backup::{self, BackupInfo, BackupReason};
use crate::db;
use crate::error::{Context, Result};
use crate::profiles::{ProfileSummary, read_profile_row};

pub struct ProfileDb {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// Where copies are kept before an import; `None` for a file opened
    /// outside a data dir.
    backups: Option<PathBuf>,
    /// Totals of the customer list's recent filters (see `customers.rs`).
    pub(crate) counts: crate::customers::CountCache,
    pub(crate) name_marks: crate::customers::NameMarks,
    /// The searched fields of every customer, for the search as you type.
    pub(crate) search_text: crate::search_text::SearchText,
}

impl ProfileDb {
    /// Opens a file with no backups: for files outside a data dir.
    pub fn open_path(path: &Path) -> Result<ProfileDb> {
        let conn = db::open(path, None)?;
        Ok(ProfileDb {
            conn,
            path: path.to_path_buf(),
            backups: None,
            counts: Default::default(),
            name_marks: Default::default(),
            search_text: Default::default(),
        })
    }

    /// Opens a profile of a data dir, keeping backups in `backups` before a
    /// migration or an import.
    pub(crate) fn open_with_backups(path: &Path, backups: PathBuf) -> Result<ProfileDb> {
        let conn = db::open(path, Some(&backups))?;
        Ok(ProfileDb {
            conn,
            path: path.to_path_buf(),
            backups: Some(backups),
            counts: Default::default(),
            name_marks: Default::default(),
            search_text: Default::default(),
        })
    }

    /// Copies the profile as it is now into its backups, if it has a place for them.
    pub(crate) fn back_up(&self, reason: BackupReason, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
        match &self.backups {
            Some(dir) => backup::take(&self.conn, dir, reason, now).map(Some),
            None => Ok(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn summary(&self) -> Result<ProfileSummary> {
        read_profile_row(&self.conn, &self.path)
    }

    pub(crate) fn rename(&self, name: &str) -> Result<()> {
        self.conn
            .execute("UPDATE profile SET name = ?1 WHERE singleton = 1", params![name])
            .context(|| format!("renaming {}", self.path.display()))?;
        Ok(())
    }

    pub fn mark_opened(&self, now: DateTime<Utc>) -> Result<()> {
        self.conn
            .execute("UPDATE profile SET last_opened_at = ?1 WHERE singleton = 1", params![now.to_rfc3339()])
            .context(|| format!("updating {}", self.path.display()))?;
        Ok(())
    }

    pub(crate) fn checkpoint(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .context(|| format!("checkpointing {}", self.path.display()))
    }
}
