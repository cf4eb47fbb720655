use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use partner_desk_store::Profiles;

/// What every command shares: where the profiles are, the files the user
/// picked in a dialog, and the imports running now.
pub struct AppState {
    pub profiles: Profiles,
    /// Paths reach the store only from here: the web view names a picked
    /// file by its token, never by a path of its own.
    picked: Mutex<HashMap<u64, PathBuf>>,
    next_token: AtomicU64,
    imports: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> AppState {
        AppState {
            profiles: Profiles::new(data_dir),
            picked: Mutex::new(HashMap::new()),
            next_token: AtomicU64::new(1),
            imports: Mutex::new(HashMap::new()),
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
