//! `crates/core` stays pure: no database, no app shell, no async runtime, no
//! filesystem, no clock. Callers pass `today`; the store does the IO.

use std::path::{Path, PathBuf};

fn core_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core")
}

/// The dependency names of every `[dependencies]` table (including
/// `[target.'...'.dependencies]`), read from the manifest text.
fn dependency_names(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            let table = line.trim_matches(|c| c == '[' || c == ']');
            in_dependencies = table == "dependencies" || table.ends_with(".dependencies");
            // `[dependencies.foo]` names foo.
            if let Some(name) = table.strip_prefix("dependencies.") {
                names.push(name.trim_matches('"').to_string());
                in_dependencies = false;
            }
            continue;
        }
        if in_dependencies && let Some((name, _)) = line.split_once('=') {
            let name = name.trim().trim_matches('"');
            if !name.is_empty() && !name.starts_with('#') {
                names.push(name.to_string());
            }
        }
    }
    names
}

#[test]
fn core_depends_on_no_database_shell_or_runtime() {
    let manifest = std::fs::read_to_string(core_dir().join("Cargo.toml")).expect("crates/core/Cargo.toml");
    let names = dependency_names(&manifest);
    assert!(names.iter().any(|n| n == "chrono"), "the manifest parser sees the dependencies: {names:?}");
    const FORBIDDEN: [&str; 6] = ["rusqlite", "tauri", "tokio", "dirs", "tempfile", "partner-desk-store"];
    let found: Vec<&String> = names.iter().filter(|n| FORBIDDEN.iter().any(|f| n.starts_with(f))).collect();
    assert!(found.is_empty(), "crates/core must stay pure, but depends on {found:?}");
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("reading crates/core/src") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn core_sources_use_no_filesystem_io_or_clock() {
    const FORBIDDEN: [&str; 6] = ["std::fs", "std::io::", "File::", "Utc::now", "Local::now", "SystemTime"];
    let mut files = Vec::new();
    rust_files(&core_dir().join("src"), &mut files);
    assert!(files.len() > 5, "found the sources: {files:?}");
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("reading a source file");
        for (number, line) in text.lines().enumerate() {
            for needle in FORBIDDEN {
                if line.contains(needle) {
                    problems.push(format!("{}:{}: {needle}: {}", file.display(), number + 1, line.trim()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "crates/core must not do IO or read the clock:\n{}", problems.join("\n"));
}
