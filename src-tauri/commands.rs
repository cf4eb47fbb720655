//! The IPC commands. Each parses its arguments, runs the store work on a
//! blocking thread, and maps the error.

use chrono::NaiveDate;
use chrono::Utc;
use partner_desk_core::ProfileSpec;
use partner_desk_core::rules::Finding;
use partner_desk_store::{
    BackupInfo, CustomerPage, CustomerQuery, CustomerView, DeletedProfile, FilterOptions, ProfileDb, ProfileList,
    ProfileSummary, Profiles, RestoredBackup,
};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::AppError;
use crate::state::AppState;

/// How many customers each demo profile gets when made from the app.
const DEMO_CUSTOMERS: usize = 400;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AppInfo {
    pub data_dir: String,
    pub version: String,
}

/// The create-profile dialog's fields, as typed; validated by the core.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct NewProfileInput {
    pub name: String,
    pub cloud: String,
    pub tenant_id: Option<String>,
    pub mpn_id: Option<String>,
    pub role: Option<String>,
}

/// Runs `work` off the async threads; a panic there becomes an error, not a crash.
async fn blocking<T, F>(work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, AppError> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| AppError::new("internal", format!("the operation stopped unexpectedly: {e}")))?
}

/// Runs store work that needs no open profile (the list, backups, creating one).
pub(crate) async fn on_store<T, F>(state: &State<'_, AppState>, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Profiles) -> Result<T, AppError> + Send + 'static,
{
    let profiles = state.profiles.clone();
    blocking(move || work(&profiles)).await
}

/// Runs store work that replaces, moves or removes a profile's file: the
/// kept connections are closed first (once the commands using them are
/// done), so none outlives the file it reads.
async fn on_store_files<T, F>(state: &State<'_, AppState>, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Profiles) -> Result<T, AppError> + Send + 'static,
{
    let profiles = state.profiles.clone();
    let open = state.open.clone();
    blocking(move || {
        open.close_all();
        work(&profiles)
    })
    .await
}

/// Runs work on the profile's kept connection (see [`crate::state::OpenProfiles`]),
/// off the async threads.
pub(crate) async fn on_profile<T, F>(state: &State<'_, AppState>, profile: String, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut ProfileDb) -> Result<T, AppError> + Send + 'static,
{
    let profiles = state.profiles.clone();
    let open = state.open.clone();
    blocking(move || {
        let db = open.get(&profiles, &profile)?;
        let mut db = db.lock().map_err(|_| {
            open.close_all();
            AppError::new("internal", "a command on this profile failed; it was closed, try again")
        })?;
        work(&mut db)
    })
    .await
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    Ok(AppInfo {
        data_dir: state.profiles.data_dir().display().to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

#[tauri::command]
pub async fn list_profiles(state: State<'_, AppState>) -> Result<ProfileList, AppError> {
    on_store(&state, |profiles| Ok(profiles.list()?)).await
}

#[tauri::command]
pub async fn create_profile(state: State<'_, AppState>, input: NewProfileInput) -> Result<ProfileSummary, AppError> {
    let spec = ProfileSpec::from_input(
        &input.name,
        &input.cloud,
        input.tenant_id.as_deref(),
        input.mpn_id.as_deref(),
        input.role.as_deref(),
    )?;
    on_store(&state, move |profiles| Ok(profiles.create(&spec, Utc::now())?)).await
}

#[tauri::command]
pub async fn rename_profile(
    state: State<'_, AppState>,
    profile: String,
    name: String,
) -> Result<ProfileSummary, AppError> {
    on_store_files(&state, move |profiles| Ok(profiles.rename(&profile, &name)?)).await
}

#[tauri::command]
pub async fn delete_profile(state: State<'_, AppState>, profile: String) -> Result<DeletedProfile, AppError> {
    on_store_files(&state, move |profiles| Ok(profiles.delete(&profile, Utc::now())?)).await
}

#[tauri::command]
pub async fn create_demo_profiles(state: State<'_, AppState>) -> Result<Vec<ProfileSummary>, AppError> {
    on_store(&state, |profiles| {
        let now = Utc::now();
        Ok(profiles.create_demo_profiles(DEMO_CUSTOMERS, now.date_naive(), now)?)
    })
    .await
}

#[tauri::command]
pub async fn open_profile(state: State<'_, AppState>, profile: String) -> Result<ProfileSummary, AppError> {
    on_profile(&state, profile, move |db| {
        db.mark_opened(Utc::now())?;
        Ok(db.summary()?)
    })
    .await
}

#[tauri::command]
pub async fn list_customers(
    state: State<'_, AppState>,
    profile: String,
    query: CustomerQuery,
    today: Option<String>,
) -> Result<CustomerPage, AppError> {
    let today = day(today)?;
    on_profile(&state, profile, move |db| Ok(db.customers(&query, today)?)).await
}

#[tauri::command]
pub async fn customer_filter_options(state: State<'_, AppState>, profile: String) -> Result<FilterOptions, AppError> {
    on_profile(&state, profile, move |db| Ok(db.filter_options()?)).await
}

/// `YYYY-MM-DD` from the UI, or today when absent: the rules take the day in.
pub(crate) fn day(today: Option<String>) -> Result<NaiveDate, AppError> {
    match today {
        None => Ok(Utc::now().date_naive()),
        Some(text) => Ok(partner_desk_core::ids::parse_date("today", &text)?),
    }
}

#[tauri::command]
pub async fn customer_view(
    state: State<'_, AppState>,
    profile: String,
    customer: String,
    today: Option<String>,
) -> Result<CustomerView, AppError> {
    let today = day(today)?;
    on_profile(&state, profile, move |db| Ok(db.customer_view(&customer, today)?)).await
}

#[tauri::command]
pub async fn list_findings(
    state: State<'_, AppState>,
    profile: String,
    today: Option<String>,
) -> Result<Vec<Finding>, AppError> {
    let today = day(today)?;
    on_profile(&state, profile, move |db| Ok(db.findings(today)?)).await
}

#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>, profile: String) -> Result<Vec<BackupInfo>, AppError> {
    on_store(&state, move |profiles| Ok(profiles.backups(&profile)?)).await
}

/// Puts a backup in place of the profile's file (the file it replaces is kept
/// as a backup first); works on a profile whose file no longer opens.
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    profile: String,
    backup: String,
) -> Result<RestoredBackup, AppError> {
    on_store_files(&state, move |profiles| Ok(profiles.restore_backup(&profile, &backup, Utc::now())?)).await
}
