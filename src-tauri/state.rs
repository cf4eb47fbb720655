use std::path::PathBuf;

use partner_desk_store::Profiles;

/// What every command shares: where the profiles are.
pub struct AppState {
    pub profiles: Profiles,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> AppState {
        AppState { profiles: Profiles::new(data_dir) }
    }
}
