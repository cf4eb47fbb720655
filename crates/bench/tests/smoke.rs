//! The benchmark at a tiny size, inside `make test`, so its code cannot rot.
//! It checks the output is sane, never how fast anything was.

use std::process::Command;

fn run(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_partner-desk-bench")).args(args).output().expect("the bench runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

#[test]
fn a_two_megabyte_export_is_written_and_imported_with_a_sane_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("export.json");
    let file = file.to_str().expect("UTF-8 path");
    let made = run(&["make-export", file, "--megabytes", "2"]);
    let bytes = made["bytes"].as_u64().unwrap_or(0);
    assert!(bytes >= 2 * 1024 * 1024, "{made}");
    let data_dir = dir.path().join("data");
    let report = run(&["import", file, "--data-dir", data_dir.to_str().expect("UTF-8 path")]);
    assert_eq!(report["file_bytes"].as_u64(), Some(bytes));
    assert_eq!(report["counts"]["customer"]["added"], made["customers"]);
    assert!(report["records"].as_u64().unwrap_or(0) > made["customers"].as_u64().unwrap_or(u64::MAX));
    assert!(report["records_per_second"].as_f64().unwrap_or(0.0) > 0.0);
    assert!(report["peak_rss_mib"].as_f64().unwrap_or(0.0) > 0.0);
}
