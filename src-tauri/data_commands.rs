//! Data in and out: the import wizard (pick, check, import with progress and
//! cancel), snapshots and their diff, and the customer view's export.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use partner_desk_import::{Progress, ReadOptions};
use partner_desk_store::{
    CustomerColumn, CustomerQuery, ExportFormat, ExportSummary, ImportSummary, SnapshotDiff, SnapshotInfo,
};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::commands::{day, on_profile, on_store};
use crate::dialogs::{self, PickKind};
use crate::error::AppError;
use crate::state::AppState;

/// The event an import reports its progress with.
pub const IMPORT_PROGRESS: &str = "import-progress";

/// Problems listed per file before the rest are only counted.
const CHECK_LIMIT: usize = 50;

/// One picked file (or folder) as the wizard shows it after checking it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PickedFile {
    #[ts(type = "number")]
    pub token: u64,
    pub name: String,
    pub path: String,
    /// The formats found (a folder holds several), with records per file.
    pub files: Vec<CheckedFile>,
    pub problems: Vec<FileProblem>,
    /// Problems beyond those listed.
    #[ts(type = "number")]
    pub more_problems: usize,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CheckedFile {
    pub path: String,
    pub format: String,
    #[ts(type = "number")]
    pub records: u64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FileProblem {
    pub file: String,
    /// `line 3`, `at items[1].id`, or empty for the whole file.
    pub position: String,
    pub field: Option<String>,
    pub value: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ImportProgress {
    pub import_id: String,
    /// `check` while validating, `import` while writing.
    pub phase: String,
    pub file: String,
    #[ts(type = "number")]
    pub bytes_read: u64,
    #[ts(type = "number")]
    pub bytes_total: u64,
    #[ts(type = "number")]
    pub records: u64,
}

/// Progress events at most every 100 ms (and at each file's end), so a fast
/// import does not flood the web view.
fn progress_emitter<R: Runtime>(app: AppHandle<R>, import_id: String, phase: &'static str) -> impl FnMut(Progress) {
    let mut last: Option<Instant> = None;
    move |p: Progress| {
        let due = last.is_none_or(|t| t.elapsed() >= Duration::from_millis(100)) || p.bytes_read >= p.bytes_total;
        if !due {
            return;
        }
        last = Some(Instant::now());
        let event = ImportProgress {
            import_id: import_id.clone(),
            phase: phase.to_string(),
            file: p.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            bytes_read: p.bytes_read,
            bytes_total: p.bytes_total,
            records: p.records,
        };
        let _ = app.emit(IMPORT_PROGRESS, event);
    }
}

fn display_name(path: &std::path::Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Opens the native picker, then checks every picked path (format, records,
/// problems) without writing anything.
#[tauri::command]
pub async fn pick_import_files<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: PickKind,
    title: String,
    import_id: String,
) -> Result<Vec<PickedFile>, AppError> {
    let dialog_app = app.clone();
    let paths = tauri::async_runtime::spawn_blocking(move || dialogs::pick(&dialog_app, kind, &title))
        .await
        .map_err(|e| AppError::new("internal", format!("the file dialog stopped unexpectedly: {e}")))?;
    let cancel = state.start_import(&import_id);
    let checked = tauri::async_runtime::spawn_blocking({
        let import_id = import_id.clone();
        move || {
            let mut show = progress_emitter(app, import_id, "check");
            paths
                .into_iter()
                .map(|path| {
                    let mut options = ReadOptions { customer: None, progress: Some(&mut show), cancel: Some(&cancel) };
                    let report = partner_desk_import::check_path(&path, &mut options, CHECK_LIMIT);
                    (path, report)
                })
                .collect::<Vec<_>>()
        }
    })
    .await;
    state.end_import(&import_id);
    let checked = checked.map_err(|e| AppError::new("internal", format!("checking stopped unexpectedly: {e}")))?;
    Ok(checked
        .into_iter()
        .map(|(path, report)| PickedFile {
            token: state.remember_pick(path.clone()),
            name: display_name(&path),
            path: path.display().to_string(),
            files: report
                .files
                .iter()
                .map(|f| CheckedFile {
                    path: display_name(&f.path),
                    format: f.format.id().to_string(),
                    records: f.records,
                })
                .collect(),
            problems: report
                .problems
                .iter()
                .map(|p| FileProblem {
                    file: display_name(&p.file),
                    position: p.position.to_string(),
                    field: p.field.clone(),
                    value: p.value.clone(),
                    reason: p.reason.clone(),
                })
                .collect(),
            more_problems: report.more,
        })
        .collect())
}

/// Imports picked files into a profile as one snapshot, reporting progress;
/// [`cancel_import`] stops it and nothing is written.
#[tauri::command]
pub async fn run_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
    tokens: Vec<u64>,
    import_id: String,
) -> Result<ImportSummary, AppError> {
    let paths: Vec<PathBuf> = tokens
        .iter()
        .map(|t| {
            state.picked(*t).ok_or_else(|| AppError::new("invalid_input", format!("no picked file has token {t}")))
        })
        .collect::<Result<_, _>>()?;
    if paths.is_empty() {
        return Err(AppError::new("invalid_input", "pick at least one file to import"));
    }
    let cancel = state.start_import(&import_id);
    let id = import_id.clone();
    let result = on_store(&state, move |profiles| {
        let mut db = profiles.open(&profile)?;
        let mut session = db.begin_import(Utc::now())?;
        let mut show = progress_emitter(app, id, "import");
        let mut options = ReadOptions { customer: None, progress: Some(&mut show), cancel: Some(&cancel) };
        partner_desk_import::read_into(&paths, &mut options, &mut session)?;
        Ok(session.finish()?)
    })
    .await;
    state.end_import(&import_id);
    result
}

/// Asks a running check or import to stop; false when none runs by that id.
#[tauri::command]
pub async fn cancel_import(state: State<'_, AppState>, import_id: String) -> Result<bool, AppError> {
    Ok(state.cancel_import(&import_id))
}

#[tauri::command]
pub async fn list_snapshots(state: State<'_, AppState>, profile: String) -> Result<Vec<SnapshotInfo>, AppError> {
    on_profile(&state, profile, move |db| Ok(db.snapshots()?)).await
}

#[tauri::command]
pub async fn snapshot_diff(
    state: State<'_, AppState>,
    profile: String,
    from: i64,
    to: Option<i64>,
) -> Result<SnapshotDiff, AppError> {
    on_profile(&state, profile, move |db| Ok(db.diff(from, to)?)).await
}

/// The customer table as shown, to export.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ViewExport {
    pub query: CustomerQuery,
    pub columns: Vec<CustomerColumn>,
    pub format: ExportFormat,
    /// The suggested file name, without extension (the profile's name).
    pub file_name: String,
}

/// Exports the customer table as shown (filter, order, columns) to a file
/// the user picks; `None` when they cancel the dialog.
#[tauri::command]
pub async fn export_customer_view<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
    export: ViewExport,
    today: Option<String>,
) -> Result<Option<ExportSummary>, AppError> {
    let today = day(today)?;
    let ViewExport { query, columns, format, file_name } = export;
    let filter = match format {
        ExportFormat::Csv => ("CSV", "csv"),
        ExportFormat::Xlsx => ("Excel", "xlsx"),
        ExportFormat::Json => return Err(AppError::new("invalid_input", "the customer view exports as CSV or XLSX")),
    };
    let suggested = format!("{}.{}", sanitize_file_name(&file_name), filter.1);
    let Some(path) = tauri::async_runtime::spawn_blocking(move || dialogs::save(&app, &suggested, filter))
        .await
        .map_err(|e| AppError::new("internal", format!("the save dialog stopped unexpectedly: {e}")))?
    else {
        return Ok(None);
    };
    on_store(&state, move |profiles| {
        Ok(Some(profiles.open(&profile)?.export_customer_view(&query, &columns, format, today, &path)?))
    })
    .await
}

/// A suggested file name without path separators or characters file
/// systems refuse; profile names may hold any of them.
fn sanitize_file_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect();
    let trimmed = cleaned.trim().trim_matches('.');
    if trimmed.is_empty() { "customers".to_string() } else { trimmed.chars().take(120).collect() }
}

/// Shows the data folder in the system's file manager.
#[tauri::command]
pub async fn open_data_folder<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<(), AppError> {
    use tauri_plugin_opener::OpenerExt;
    let dir = state.profiles.data_dir().to_path_buf();
    app.opener()
        .open_path(dir.display().to_string(), None::<&str>)
        .map_err(|e| AppError::new("io", format!("could not open {}: {e}", dir.display())))
}

#[cfg(test)]
mod tests {
    use super::sanitize_file_name;

    #[test]
    fn suggested_file_names_lose_separators_and_keep_scripts() {
        assert_eq!(sanitize_file_name("Contoso/EU: 株式会社"), "Contoso_EU_ 株式会社");
        assert_eq!(sanitize_file_name(" .. "), "customers");
    }
}
