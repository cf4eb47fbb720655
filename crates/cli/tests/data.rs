//! import, snapshots, diff and export through the real CLI binary, on the
//! fixtures in tests/fixtures.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn cli(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partner-desk-cli"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("PARTNER_DESK_DATA_DIR")
        .output()
        .expect("the CLI runs")
}

fn json(data_dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = cli(data_dir, &all);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn new_profile(data_dir: &Path, name: &str) {
    let out = cli(data_dir, &["profiles", "create", "--name", name, "--cloud", "global", "--role", "dual"]);
    assert!(out.status.success());
}

fn profile_bytes(data_dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(data_dir.join("profiles"))
        .unwrap()
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn count(summary: &Value, entity: &str, what: &str) -> u64 {
    summary["counts"][entity][what].as_u64().unwrap_or(0)
}

#[test]
fn the_export_folder_imports_with_exact_counts_and_a_reimport_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_profile(d, "P");
    let folder = fixtures().join("export-folder");
    let folder = folder.to_str().unwrap();
    let first = json(d, &["import", "--profile", "P", folder]);
    assert_eq!(first["files"].as_u64(), Some(10), "the summary counts the files");
    // Four customer records, three customers: one is in the list and in its own lookup.
    assert_eq!(count(&first, "customer", "added"), 3);
    assert_eq!(count(&first, "subscription", "added"), 6);
    assert_eq!(count(&first, "gdap", "added"), 4);
    assert_eq!(count(&first, "partner_relationship", "added"), 2);
    assert_eq!(count(&first, "relationship_request", "added"), 1);
    // The snapshot lists them, each with its hash.
    let profile = std::fs::read_dir(d.join("profiles")).unwrap().flatten().next().unwrap().path();
    let conn = rusqlite::Connection::open(profile).unwrap();
    let hashes: Vec<String> = conn
        .prepare("SELECT sha256 FROM snapshot_files WHERE snapshot_id = ?1")
        .unwrap()
        .query_map([first["snapshot_id"].as_i64().unwrap()], |r| r.get(0))
        .unwrap()
        .map(|h| h.unwrap())
        .collect();
    assert_eq!(hashes.len(), 10);
    assert!(hashes.iter().all(|h| h.len() == 64), "{hashes:?}");

    let again = json(d, &["import", "--profile", "P", folder]);
    for entity in again["counts"].as_object().unwrap().keys() {
        for what in ["added", "changed", "removed"] {
            assert_eq!(count(&again, entity, what), 0, "{entity} {what} on re-import");
        }
    }
    let snapshots = json(d, &["snapshots", "--profile", "P"]);
    assert_eq!(snapshots.as_array().unwrap().len(), 2);

    let japanese = json(d, &["customers", "--profile", "P", "--search", "株式会社"]);
    assert!(japanese["total"].as_u64().unwrap() >= 1);
}

#[test]
fn every_malformed_fixture_fails_naming_file_position_and_field_and_leaves_the_profile_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_profile(d, "P");
    let before = profile_bytes(d);
    let malformed = fixtures().join("malformed");
    let mut tried = 0;
    for entry in std::fs::read_dir(&malformed).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            continue;
        }
        let out = cli(
            d,
            &["import", "--profile", "P", "--customer", "2b6f8e41-0c3d-4a57-9e12-7f4d5a8c9b30", path.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(1), "{name} should fail");
        let message = String::from_utf8_lossy(&out.stderr);
        assert_eq!(message.trim_end().lines().count(), 1, "{name}: {message}");
        let names_file =
            message.contains(name.trim_end_matches('/')) || message.contains(".json") || message.contains(".csv");
        assert!(names_file, "{name}: the message names the file: {message}");
        assert_eq!(profile_bytes(d), before, "{name} changed the profile");
        tried += 1;
    }
    assert!(tried >= 5, "the malformed fixtures are there ({tried})");
    // The specific kinds the issue names, with their position and field.
    let expect = |file: &str, parts: &[&str]| {
        let out = cli(d, &["import", "--profile", "P", malformed.join(file).to_str().unwrap()]);
        let message = String::from_utf8_lossy(&out.stderr).into_owned();
        for part in parts {
            assert!(message.contains(part), "{file}: {message:?} lacks {part:?}");
        }
    };
    expect("bad-guid.csv", &["bad-guid.csv", "line", "Microsoft ID", "GUID"]);
    expect("duplicate-ids.csv", &["duplicate-ids.csv", "line", "Microsoft ID"]);
}

#[test]
fn check_lists_problems_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_profile(d, "P");
    let before = profile_bytes(d);
    let file = fixtures().join("malformed/many-bad-rows.csv");
    let out = cli(d, &["--json", "import", "--profile", "P", "--check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let reports: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(reports[0]["problems"].as_array().unwrap().len() >= 2, "{reports}");
    assert_eq!(profile_bytes(d), before);
    let good = fixtures().join("portal/customers.csv");
    let out = cli(d, &["import", "--profile", "P", "--check", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(profile_bytes(d), before);
}

#[test]
fn json_export_imports_into_a_new_profile_as_identical_data() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_profile(d, "A");
    new_profile(d, "B");
    let demo = json(d, &["demo", "--profile", "A", "--customers", "80", "--seed", "9", "--today", "2026-11-21"]);
    assert_eq!(demo["customers"], 80);
    let first = d.join("a.json");
    json(d, &["export", "--profile", "A", "--what", "all", "--format", "json", "--out", first.to_str().unwrap()]);
    json(d, &["import", "--profile", "B", first.to_str().unwrap()]);
    let second = d.join("b.json");
    json(d, &["export", "--profile", "B", "--what", "all", "--format", "json", "--out", second.to_str().unwrap()]);
    let a: Value = serde_json::from_slice(&std::fs::read(&first).unwrap()).unwrap();
    let b: Value = serde_json::from_slice(&std::fs::read(&second).unwrap()).unwrap();
    for key in ["partners", "partner_relationships", "customers", "links", "subscriptions", "gdap"] {
        assert_eq!(a[key], b[key], "{key} differs after the round trip");
    }
    assert_eq!(a["customers"].as_array().unwrap().len(), 80);
}

#[test]
fn csv_exports_of_gdap_and_links_carry_customer_name_and_tenant_id() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_profile(d, "P");
    json(d, &["import", "--profile", "P", fixtures().join("export-folder").to_str().unwrap()]);
    for what in ["gdap", "links"] {
        let out = d.join(format!("{what}.csv"));
        let summary =
            json(d, &["export", "--profile", "P", "--what", what, "--format", "csv", "--out", out.to_str().unwrap()]);
        assert!(summary["rows"].as_u64().unwrap() > 0, "{what}");
        let text = std::fs::read_to_string(&out).unwrap();
        let header = text.lines().next().unwrap();
        assert!(header.contains("Customer tenant ID") && header.contains("Customer name"), "{what}: {header}");
        assert!(!text.contains("[object Object]") && !text.contains("{\""), "{what}: nested objects in {text}");
    }
    let xlsx = d.join("subs.xlsx");
    json(
        d,
        &["export", "--profile", "P", "--what", "subscriptions", "--format", "xlsx", "--out", xlsx.to_str().unwrap()],
    );
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK");
}

#[test]
fn the_diff_of_two_fixture_snapshots_lists_exactly_the_expected_changes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_profile(d, "P");
    let one = json(d, &["import", "--profile", "P", fixtures().join("diff/snapshot-1.json").to_str().unwrap()]);
    let two = json(d, &["import", "--profile", "P", fixtures().join("diff/snapshot-2.json").to_str().unwrap()]);
    let (from, to) = (one["snapshot_id"].to_string(), two["snapshot_id"].to_string());
    let diff = json(d, &["diff", "--profile", "P", &from, &to]);
    let names = |key: &str| -> Vec<String> {
        diff[key].as_array().unwrap().iter().map(|c| c["company_name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names("customers_added"), ["台灣雲端科技股份有限公司"]);
    assert_eq!(names("customers_removed"), ["ООО «Волга Софт»"]);
    let links = |key: &str| -> Vec<(String, String, String)> {
        diff[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["customer_tenant_id"].as_str().unwrap()[..4].to_string(),
                    l["partner_name"].as_str().unwrap().into(),
                    l["kind"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(links("partners_added"), [("b2b2".to_string(), "Northwind Cloud".to_string(), "advisor".to_string())]);
    assert_eq!(
        links("partners_removed"),
        [("c3c3".to_string(), "Northwind Cloud".to_string(), "reseller".to_string())]
    );
    let changes = |key: &str| -> Vec<String> {
        let mut list: Vec<String> = diff[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{} {} {} {}",
                    c["id"].as_str().unwrap(),
                    c["field"].as_str().unwrap(),
                    c["before"].as_str().unwrap_or("-"),
                    c["after"].as_str().unwrap_or("-")
                )
            })
            .collect();
        list.sort();
        list
    };
    assert_eq!(
        changes("subscription_changes"),
        [
            "s-1 partner_of_record 1234567 -1",
            "s-1 quantity 10 12",
            "s-1 status active suspended",
            "s-3 removed - -",
            "s-4 added - -",
        ]
    );
    assert_eq!(
        changes("gdap_changes"),
        ["g-1 end_at 2027-01-01T00:00:00+00:00 2026-11-01T00:00:00+00:00", "g-1 status active expired"]
    );
}
