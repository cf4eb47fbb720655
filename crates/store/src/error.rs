use std::path::PathBuf;

use partner_desk_core::InvalidInput;

/// What can go wrong in the store. Each variant maps to one stable error code
/// that crosses the IPC boundary and the CLI's `--json` output.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Invalid(#[from] InvalidInput),
    #[error("a profile named {0:?} already exists")]
    DuplicateName(String),
    #[error("no profile with id or name {0:?}")]
    ProfileNotFound(String),
    #[error(
        "{path} was written by a newer Partner Desk (schema {found}, this version knows up to {known}); it was left unchanged"
    )]
    SchemaTooNew { path: PathBuf, found: i64, known: i64 },
    #[error("{path} is not a Partner Desk profile: {reason}")]
    NotAProfile { path: PathBuf, reason: String },
    #[error(
        "{path} is damaged and cannot be read safely ({reason}); restore a backup of it (backup list / backup restore)"
    )]
    ProfileCorrupt { path: PathBuf, reason: String },
    #[error("no backup {0:?} of this profile")]
    BackupNotFound(String),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    #[error("{context}: {source}")]
    Sqlite { context: String, source: rusqlite::Error },
}

impl StoreError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Invalid(_) => "invalid_input",
            StoreError::DuplicateName(_) => "duplicate_name",
            StoreError::ProfileNotFound(_) => "profile_not_found",
            StoreError::SchemaTooNew { .. } => "schema_too_new",
            StoreError::NotAProfile { .. } => "not_a_profile",
            StoreError::ProfileCorrupt { .. } => "profile_corrupt",
            StoreError::BackupNotFound(_) => "backup_not_found",
            StoreError::Io { .. } => "io",
            StoreError::Sqlite { .. } => "database",
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Adds what was being done to a low-level error.
pub(crate) trait Context<T> {
    fn context(self, context: impl FnOnce() -> String) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, std::io::Error> {
    fn context(self, context: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|source| StoreError::Io { context: context(), source })
    }
}

impl<T> Context<T> for std::result::Result<T, rusqlite::Error> {
    fn context(self, context: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|source| StoreError::Sqlite { context: context(), source })
    }
}
