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
    pub(crate) counts: KeptWhileUnchanged<Vec<crate::customers::CountEntry>>,
    /// Every thousandth customer of the list by name (see `customers.rs`).
    pub(crate) name_marks: KeptWhileUnchanged<crate::customers::NameMarks>,
    /// The searched fields of every customer, for the search as you type.
    pub(crate) search_text: KeptWhileUnchanged<crate::search_text::SearchText>,
}

/// A value read from the profile and kept while the profile is unchanged: no
/// write on this connection (`total_changes`) nor a commit by another
/// (`data_version`). The first use after a change builds it again.
pub(crate) struct KeptWhileUnchanged<T> {
    kept: std::cell::RefCell<Option<((u64, i64), T)>>,
}

impl<T> Default for KeptWhileUnchanged<T> {
    fn default() -> Self {
        KeptWhileUnchanged { kept: std::cell::RefCell::new(None) }
    }
}

impl ProfileDb {
    /// Opens a file with no backups: for files outside a data dir.
    pub fn open_path(path: &Path) -> Result<ProfileDb> {
        Ok(ProfileDb::with(db::open(path, None)?, path, None))
    }

    /// Opens a profile of a data dir, keeping backups in `backups` before a
    /// migration or an import.
    pub(crate) fn open_with_backups(path: &Path, backups: PathBuf) -> Result<ProfileDb> {
        Ok(ProfileDb::with(db::open(path, Some(&backups))?, path, Some(backups)))
    }

    fn with(conn: Connection, path: &Path, backups: Option<PathBuf>) -> ProfileDb {
        ProfileDb {
            conn,
            path: path.to_path_buf(),
            backups,
            counts: Default::default(),
            name_marks: Default::default(),
            search_text: Default::default(),
        }
    }

    /// What the profile looks like to this connection: changes made through
    /// it, and commits by any other.
    fn data_version(&self) -> Result<(u64, i64)> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .context(|| "reading the profile's version".into())?;
        Ok((self.conn.total_changes(), version))
    }

    /// `use_` on the value `kept` holds for the profile as it is now, built
    /// first by `build` when the profile changed since (or never built).
    pub(crate) fn kept<T, R>(
        &self,
        kept: &KeptWhileUnchanged<T>,
        build: impl FnOnce() -> Result<T>,
        use_: impl FnOnce(&mut T) -> R,
    ) -> Result<R> {
        let version = self.data_version()?;
        let mut kept = kept.kept.borrow_mut();
        let value = match kept.take() {
            Some((built_for, value)) if built_for == version => value,
            _ => build()?,
        };
        let (_, value) = kept.insert((version, value));
        Ok(use_(value))
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
