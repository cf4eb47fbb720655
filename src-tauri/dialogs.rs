//! Native file dialogs, opened by the Rust side only: the web view gets the
//! result of a dialog the user answered, never a file system API of its own.
//!
//! Tests cannot click a native dialog, so two environment variables answer
//! it instead (set by whoever starts the app, like `--data-dir`):
//! `PARTNER_DESK_DIALOG_OPEN` (one answer per line, each a list of paths
//! separated as in `PATH`; each pick takes the next line, the last repeats)
//! and `PARTNER_DESK_DIALOG_SAVE_DIR` (a folder the file is saved into under
//! its suggested name).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

pub const OPEN_ANSWER: &str = "PARTNER_DESK_DIALOG_OPEN";
pub const SAVE_ANSWER: &str = "PARTNER_DESK_DIALOG_SAVE_DIR";

/// What to pick: files, or one folder (an export folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum PickKind {
    Files,
    Folder,
}

/// Blocks until the user answers; call it off the async threads.
pub fn pick<R: Runtime>(app: &AppHandle<R>, kind: PickKind, title: &str) -> Vec<PathBuf> {
    if let Ok(answers) = std::env::var(OPEN_ANSWER) {
        return scripted_answer(&answers, PICKS.fetch_add(1, Ordering::Relaxed));
    }
    let dialog = app.dialog().file().set_title(title);
    let picked = match kind {
        PickKind::Files => dialog.blocking_pick_files().unwrap_or_default(),
        PickKind::Folder => dialog.blocking_pick_folder().into_iter().collect(),
    };
    picked.into_iter().filter_map(|p| p.into_path().ok()).collect()
}

static PICKS: AtomicUsize = AtomicUsize::new(0);

fn scripted_answer(answers: &str, pick: usize) -> Vec<PathBuf> {
    let lines: Vec<&str> = answers.lines().collect();
    let Some(line) = lines.get(pick).or(lines.last()) else {
        return Vec::new();
    };
    std::env::split_paths(line).filter(|p| !p.as_os_str().is_empty()).collect()
}

/// Blocks until the user answers; `None` when they cancel.
pub fn save<R: Runtime>(app: &AppHandle<R>, suggested: &str, filter: (&str, &str)) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(SAVE_ANSWER) {
        return Some(PathBuf::from(dir).join(suggested));
    }
    app.dialog()
        .file()
        .set_file_name(suggested)
        .add_filter(filter.0, &[filter.1])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

#[cfg(test)]
mod tests {
    use super::scripted_answer;
    use std::path::PathBuf;

    #[test]
    fn scripted_answers_go_in_order_and_the_last_repeats() {
        let answers = "/a/big.json\n/b/folder:/c/file.csv";
        assert_eq!(scripted_answer(answers, 0), vec![PathBuf::from("/a/big.json")]);
        assert_eq!(scripted_answer(answers, 1), vec![PathBuf::from("/b/folder"), PathBuf::from("/c/file.csv")]);
        assert_eq!(scripted_answer(answers, 5), scripted_answer(answers, 1));
        assert!(scripted_answer("", 0).is_empty());
    }
}
