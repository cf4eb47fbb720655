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
    assert_eq!(report["written_in_bulk"], true, "{report}");

    // The store's part of the app's start, step by step, on that profile.
    let start = run(&["startup", "--data-dir", data_dir.to_str().expect("UTF-8 path")]);
    assert_eq!(start["customers"], made["customers"], "{start}");
    for step in ["list_profiles_ms", "open_profile_ms", "first_page_ms", "filter_options_ms"] {
        assert!(start[step].as_f64().is_some_and(|ms| ms > 0.0), "{step}: {start}");
    }
}

#[test]
fn the_suite_at_a_tiny_scale_imports_measures_and_reports_sanely() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_str().expect("UTF-8 path");
    let bench = env!("CARGO_BIN_EXE_partner-desk-bench");
    let status = Command::new(bench)
        .args(["suite", "--out", out, "--scales", "0.005", "--seed", "3", "--runs", "20", "--heavy-runs", "1"])
        .output()
        .expect("the suite runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let table = String::from_utf8_lossy(&status.stdout);
    assert!(table.contains("| search as you type, CJK prefix (p95: 1–2 chars "), "{table}");
    let text = std::fs::read_to_string(dir.path().join("report.json")).expect("report.json");
    let report: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let run = &report["runs"][0];
    let dataset = &run["dataset"];
    assert_eq!(dataset["customers"], 1000);
    assert_eq!(dataset["indirect_resellers"], 10);
    let import = &run["import"];
    // Every customer, subscription, link and GDAP relationship of the dataset
    // arrives through the import formats.
    for (entity, kind) in
        [("customer", "customers"), ("subscription", "subscriptions"), ("link", "links"), ("gdap", "gdap")]
    {
        assert_eq!(import["counts"][entity]["added"], dataset[kind], "{entity}");
    }
    let rows = import["rows"].as_u64().unwrap_or(0);
    assert!(rows > 1000 * 8, "{import}");
    assert_eq!(run["baselines"]["bare_insert"]["rows"].as_u64(), Some(rows));
    if !run["baselines"]["sqlite3_import"].is_null() {
        assert_eq!(run["baselines"]["sqlite3_import"]["rows"].as_u64(), Some(rows));
    }
    assert!(run["ratios"]["import_to_bare_insert"].as_f64().unwrap_or(0.0) > 0.0);
    let queries = run["queries"].as_array().expect("queries");
    assert_eq!(queries.len(), 9, "{queries:?}");
    for q in queries {
        assert!(q["runs"].as_u64().unwrap_or(0) >= 1, "{q}");
        assert!(q["p50_ms"].as_f64().unwrap_or(-1.0) <= q["p99_ms"].as_f64().unwrap_or(-1.0), "{q}");
        assert!(q["last_rows"].as_u64().unwrap_or(0) > 0, "{q}");
    }
    assert!(run["second_import"]["records"].as_u64().unwrap_or(0) > 0);
    // The first import, into an empty profile, is written in bulk; next month's is merged.
    assert_eq!(import["written_in_bulk"], true, "{import}");
    assert_eq!(run["second_import"]["written_in_bulk"], false);

    // `report` rebuilds the same tables from the parts the suite left.
    let again = Command::new(bench).args(["report", "--out", out]).output().expect("report runs");
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(String::from_utf8_lossy(&again.stdout), table);
}
