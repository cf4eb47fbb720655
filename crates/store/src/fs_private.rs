//! Files and folders holding customer data: for this user only, and synced
//! where a crash must not lose a rename.

use std::path::Path;

use crate::error::{Context, Result};

/// Customer data is for this user only: folders 0700 and files 0600 on Unix.
/// SQLite gives its -wal and -shm files the database file's mode.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .context(|| format!("restricting {}", dir.display()))?;
    }
    Ok(())
}

/// Creates an empty file with owner-only permissions from the start.
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop).context(|| format!("creating {}", path.display()))
}

/// Makes a rename in `dir` durable. Best effort: some file systems refuse to
/// sync a folder, and the rename itself has already happened.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
