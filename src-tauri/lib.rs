//! The Partner Desk desktop app: a thin shell over `partner-desk-store` and
//! `partner-desk-core`. Commands parse arguments, run the work off the async
//! threads, and map errors to `{code, message}`.

pub mod bindings;
pub mod commands;
pub mod data_commands;
pub mod dialogs;
pub mod error;
pub mod state;
pub mod work_commands;

use std::path::PathBuf;
use std::process::ExitCode;

use tauri::{Builder, Manager, Runtime};

pub use error::AppError;
pub use state::AppState;

/// Registers the app's state and commands on a builder (the real runtime or
/// Tauri's mock runtime in tests).
pub fn build<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        // Used from Rust only (dialogs.rs, data_commands.rs): the capability
        // grants the web view none of their commands.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .setup(|app| open_main_window(app).map(drop).map_err(Into::into))
        .invoke_handler(invoke_handler())
}

/// The main window, from tauri.conf.json (where it is `create: false`), with
/// the web view's own storage inside the data dir: left to itself, Tauri
/// would put it in the platform's app data folder even when `--data-dir`
/// points elsewhere, and tests or a second data dir would share it.
pub fn open_main_window<R: Runtime, M: Manager<R>>(manager: &M) -> tauri::Result<tauri::WebviewWindow<R>> {
    let webview_dir = manager.state::<AppState>().profiles.data_dir().join("webview");
    let Some(config) = manager.config().app.windows.iter().find(|w| w.label == MAIN_WINDOW).cloned() else {
        return Err(tauri::Error::WindowNotFound);
    };
    tauri::WebviewWindowBuilder::from_config(manager, &config)?.data_directory(webview_dir).build()
}

/// The label the capability in src-tauri/capabilities/main.json names.
pub const MAIN_WINDOW: &str = "main";

/// Names the app's commands once: the invoke handler and [`COMMANDS`] (which
/// the ACL test compares with src-tauri/permissions/app.toml) come from the
/// same list, so a command cannot be registered without being granted.
macro_rules! app_commands {
    ($($module:ident :: $name:ident),+ $(,)?) => {
        /// Every command the app registers.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),+];

        fn invoke_handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$name),+]
        }
    };
}

app_commands![
    commands::app_info,
    commands::list_profiles,
    commands::create_profile,
    commands::rename_profile,
    commands::delete_profile,
    commands::create_demo_profiles,
    commands::open_profile,
    commands::list_customers,
    commands::customer_filter_options,
    commands::customer_view,
    commands::list_findings,
    commands::list_backups,
    commands::restore_backup,
    data_commands::pick_import_files,
    data_commands::run_import,
    data_commands::cancel_import,
    data_commands::list_snapshots,
    data_commands::snapshot_diff,
    data_commands::export_customer_view,
    data_commands::open_data_folder,
    work_commands::list_workflows,
    work_commands::start_workflow,
    work_commands::update_workflow_step,
    work_commands::request_draft,
    work_commands::record_request,
    work_commands::mark_request_accepted,
    work_commands::list_requests,
    work_commands::partner_network,
    work_commands::add_manual_subscription,
    work_commands::remove_manual_subscription,
    work_commands::customer_tags,
    work_commands::set_customer_tags,
    work_commands::customer_history,
    work_commands::list_partners,
    work_commands::add_manual_partner,
    work_commands::add_manual_link,
    work_commands::remove_manual_link,
    work_commands::customer_note,
    work_commands::set_customer_note,
];

/// `--data-dir DIR` or `--data-dir=DIR` from the command line, if given.
fn data_dir_arg(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.skip(1);
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(dir) = arg.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(dir));
        }
    }
    None
}

pub fn run() -> ExitCode {
    let data_dir = match partner_desk_store::data_dir::resolve(data_dir_arg(std::env::args())) {
        Ok(dir) => dir,
        Err(message) => {
            eprintln!("partner-desk: {message}");
            return ExitCode::FAILURE;
        }
    };
    // One app per data dir: a second launch brings the first one's window
    // to the front and exits.
    let app_handle = std::sync::Arc::new(std::sync::OnceLock::<tauri::AppHandle>::new());
    let focus_handle = std::sync::Arc::clone(&app_handle);
    let _instance = match partner_desk_store::instance::acquire(&data_dir, move || {
        if let Some(handle) = focus_handle.get() {
            focus_main_window(handle);
        }
    }) {
        Ok(partner_desk_store::instance::Instance::Second) => return ExitCode::SUCCESS,
        Ok(partner_desk_store::instance::Instance::First(guard)) => Some(guard),
        Err(err) => {
            eprintln!("partner-desk: {err}; running without the one-instance check");
            None
        }
    };
    match build(tauri::Builder::default(), AppState::new(data_dir)).build(tauri::generate_context!()) {
        Ok(app) => {
            let _ = app_handle.set(app.handle().clone());
            app.run(|_, _| {});
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("partner-desk: {err}");
            ExitCode::FAILURE
        }
    }
}

fn focus_main_window<R: Runtime>(handle: &tauri::AppHandle<R>) {
    if let Some(window) = handle.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::data_dir_arg;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter().map(|s| s.to_string()).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn data_dir_is_read_in_both_spellings() {
        assert_eq!(data_dir_arg(args(&["app", "--data-dir", "/d"])), Some("/d".into()));
        assert_eq!(data_dir_arg(args(&["app", "--data-dir=/e"])), Some("/e".into()));
        assert_eq!(data_dir_arg(args(&["app"])), None);
    }
}
