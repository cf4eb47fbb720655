//! Where Partner Desk keeps its files. Resolved outside Tauri so the CLI, the
//! app and tests agree, and overridable so tests never touch a real user's data.

use std::path::PathBuf;

/// Overrides the data directory for the app and the CLI alike.
pub const DATA_DIR_ENV: &str = "PARTNER_DESK_DATA_DIR";

/// The app's bundle identifier; the default data dir is named after it, as
/// Tauri's own `app_data_dir` would be.
pub const APP_IDENTIFIER: &str = "com.partnerdesk.app";

/// `--data-dir` first, then `PARTNER_DESK_DATA_DIR`, then the platform's data
/// dir (`~/.local/share/com.partnerdesk.app` on Linux).
pub fn resolve(explicit: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(dir) = explicit.filter(|d| !d.as_os_str().is_empty()) {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir()
        .map(|d| d.join(APP_IDENTIFIER))
        .ok_or_else(|| format!("no data directory found for this user; pass --data-dir or set {DATA_DIR_ENV}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_dir_wins() {
        assert_eq!(resolve(Some(PathBuf::from("/tmp/x"))).unwrap(), PathBuf::from("/tmp/x"));
    }
}
