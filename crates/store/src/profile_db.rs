//! One open profile file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use crate::db;
use crate::error::{Context, Result};
use crate::profiles::{ProfileSummary, read_profile_row};

pub struct ProfileDb {
    pub(crate) conn: Connection,
    path: PathBuf,
}

impl ProfileDb {
    pub fn open_path(path: &Path) -> Result<ProfileDb> {
        let conn = db::open(path)?;
        Ok(ProfileDb { conn, path: path.to_path_buf() })
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
