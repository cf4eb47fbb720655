use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use partner_desk_store::{ProfileDb, Profiles};

use crate::error::AppError;

/// Profiles kept open between commands: opening the file (schema check,
/// pragmas, an empty page cache) on every command cost more than a page of
/// the customer list. One connection per profile, used by one command at a
/// time; imports open their own.
#[derive(Default)]
pub struct OpenProfiles {
    open: Mutex<HashMap<String, Arc<Mutex<ProfileDb>>>>,
}

impl OpenProfiles {
    /// The profile's kept connection, opened on first use.
    pub fn get(&self, profiles: &Profiles, profile: &str) -> Result<Arc<Mutex<ProfileDb>>, AppError> {
        let mut open = self.open.lock().map_err(|_| busy())?;
        if let Some(db) = open.get(profile) {
            return Ok(db.clone());
        }
        let db = Arc::new(Mutex::new(profiles.open(profile)?));
        open.insert(profile.to_string(), db.clone());
        Ok(db)
    }

    /// Closes every kept connection, once the commands using them are done:
    /// before a profile's file is replaced, moved or renamed.
    pub fn close_all(&self) {
        let kept: Vec<_> = match self.open.lock() {
            Ok(mut open) => open.drain().map(|(_, db)| db).collect(),
            Err(_) => Vec::new(),
        };
        for db in kept {
            // Waits for a command still using it; the connection closes on drop.
            drop(db.lock());
        }
    }
}

fn busy() -> AppError {
    AppError::new("internal", "the profile's connection was left in a broken state; restart the app")
}

/// What every command shares: where the profiles are, the files the user
/// picked in a dialog, and the imports running now.
pub struct AppState {
    pub profiles: Profiles,
    /// Paths reach the store only from here: the web view names a picked
    /// file by its token, never by a path of its own.
    picked: Mutex<HashMap<u64, PathBuf>>,
    next_token: AtomicU64,
    imports: Mutex<HashMap<String, Arc<AtomicBool>>>,
    pub open: Arc<OpenProfiles>,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> AppState {
        AppState {
            profiles: Profiles::new(data_dir),
            picked: Mutex::new(HashMap::new()),
            next_token: AtomicU64::new(1),
            imports: Mutex::new(HashMap::new()),
            open: Arc::new(OpenProfiles::default()),
        }
    }

    pub fn remember_pick(&self, path: PathBuf) -> u64 {
        let token = self.next_token.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut picked) = self.picked.lock() {
            picked.insert(token, path);
        }
        token
    }

    pub fn picked(&self, token: u64) -> Option<PathBuf> {
        self.picked.lock().ok().and_then(|p| p.get(&token).cloned())
    }

    /// Registers a running import; its flag is set by [`AppState::cancel_import`].
    pub fn start_import(&self, id: &str) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        if let Ok(mut imports) = self.imports.lock() {
            imports.insert(id.to_string(), flag.clone());
        }
        flag
    }

    pub fn end_import(&self, id: &str) {
        if let Ok(mut imports) = self.imports.lock() {
            imports.remove(id);
        }
    }

    /// True when an import by that id was running and is now asked to stop.
    pub fn cancel_import(&self, id: &str) -> bool {
        let flag = self.imports.lock().ok().and_then(|i| i.get(id).cloned());
        flag.map(|f| f.store(true, Ordering::Relaxed)).is_some()
    }
}
