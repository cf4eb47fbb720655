//! Runs the real `partner-desk-cli` binary against a temporary data dir.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

fn cli(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partner-desk-cli"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("PARTNER_DESK_DATA_DIR")
        .output()
        .expect("the CLI binary runs")
}

fn ok(data_dir: &Path, args: &[&str]) -> String {
    let out = cli(data_dir, args);
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn json(data_dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut with_json = vec!["--json"];
    with_json.extend_from_slice(args);
    serde_json::from_str(&ok(data_dir, &with_json)).expect("valid JSON")
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn three_clouds_three_files_and_delete_leaves_the_others_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let gov = ok(
        d,
        &[
            "profiles",
            "create",
            "--name",
            "Contoso Gov",
            "--cloud",
            "us-gov",
            "--tenant-id",
            TENANT,
            "--mpn-id",
            "1234567",
            "--role",
            "direct",
        ],
    );
    let gov_id = gov.trim();
    assert_eq!(gov_id.len(), 12, "prints the new profile's id: {gov:?}");
    ok(d, &["profiles", "create", "--name", "Contoso", "--cloud", "global", "--tenant-id", TENANT, "--role", "dual"]);
    ok(d, &["profiles", "create", "--name", "Contoso DE", "--cloud", "germany"]);

    let profile_files = files(&d.join("profiles"));
    assert_eq!(profile_files.len(), 3, "{:?}", profile_files.keys());

    let list = json(d, &["profiles", "list"]);
    let clouds: Vec<&str> = list["profiles"].as_array().unwrap().iter().map(|p| p["cloud"].as_str().unwrap()).collect();
    assert_eq!(clouds, ["global", "germany", "us-gov"], "sorted by name: Contoso, Contoso DE, Contoso Gov");
    assert_eq!(list["profiles"][2]["id"], gov_id);
    assert_eq!(list["profiles"][2]["tenant_id"], TENANT);
    assert_eq!(list["profiles"][2]["mpn_id"], "1234567");

    let deleted = json(d, &["profiles", "delete", "Contoso DE"]);
    assert!(Path::new(deleted["backup_path"].as_str().unwrap()).is_file());
    let after = files(&d.join("profiles"));
    assert_eq!(after.len(), 2);
    for (name, bytes) in &after {
        assert_eq!(Some(bytes), profile_files.get(name), "{name} changed");
    }
}

#[test]
fn bad_input_gives_one_line_errors_a_non_zero_exit_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["profiles", "create", "--name", "Contoso", "--cloud", "global"]);
    let before = files(&d.join("profiles"));
    let cases: &[(&[&str], &str)] = &[
        (&["profiles", "create", "--name", "X", "--cloud", "mars"], "cloud"),
        (&["profiles", "create", "--name", "X", "--cloud", "global", "--tenant-id", "not-a-guid"], "GUID"),
        (&["profiles", "create", "--name", "X", "--cloud", "global", "--mpn-id", "12ab"], "digits"),
        (&["profiles", "create", "--name", "Contoso", "--cloud", "germany"], "already exists"),
        (&["profiles", "rename", "Nobody", "Y"], "no profile"),
        (&["profiles", "delete", "Nobody"], "no profile"),
        (&["customers", "--profile", "Nobody"], "no profile"),
        (&["demo", "--profile", "Contoso", "--today", "21/11/2026"], "YYYY-MM-DD"),
    ];
    for (args, expected) in cases {
        let out = cli(d, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty());
    }
    assert_eq!(files(&d.join("profiles")), before);
    assert!(!d.join("deleted").exists());
}

#[test]
fn json_errors_carry_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(dir.path(), &["--json", "customers", "--profile", "nobody"]);
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "profile_not_found");
}

#[test]
fn demo_then_customers_with_search() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["profiles", "create", "--name", "Demo", "--cloud", "global", "--role", "indirect-provider"]);
    let counts = json(d, &["demo", "--profile", "Demo", "--customers", "120", "--seed", "5", "--today", "2026-11-21"]);
    assert_eq!(counts["customers"], 120);
    let page = json(d, &["customers", "--profile", "Demo", "--limit", "10"]);
    assert_eq!(page["total"], 120);
    assert_eq!(page["items"].as_array().unwrap().len(), 10);
    let japanese = json(d, &["customers", "--profile", "Demo", "--search", "株式会社", "--limit", "500"]);
    let items = japanese["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|c| c["company_name"].as_str().unwrap().contains("株式会社")));
    let text = ok(d, &["customers", "--profile", "Demo", "--limit", "3"]);
    assert!(text.trim_end().ends_with("3 of 120 customers"), "{text}");
}

#[test]
fn a_customers_tags_note_and_history_headless() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["profiles", "create", "--name", "Demo", "--cloud", "global", "--role", "indirect-provider"]);
    json(d, &["demo", "--profile", "Demo", "--customers", "20", "--seed", "5", "--today", "2026-11-21"]);
    let page = json(d, &["customers", "--profile", "Demo", "--limit", "1"]);
    let tenant = page["items"][0]["tenant_id"].as_str().unwrap().to_string();
    let c = tenant.as_str();

    let set = json(d, &["customer", "tags", "--profile", "Demo", c, "--set", "renewal Q1", "--set", "vip"]);
    let tags: Vec<&str> = set["tags"].as_array().unwrap().iter().filter_map(|t| t["tag"].as_str()).collect();
    assert!(tags.contains(&"renewal Q1") && tags.contains(&"vip"), "{set}");
    assert!(ok(d, &["customer", "tags", "--profile", "Demo", c]).contains("renewal Q1"));
    let tagged = json(d, &["customers", "--profile", "Demo", "--tag", "renewal Q1"]);
    assert_eq!(tagged["total"], 1);
    let cleared = json(d, &["customer", "tags", "--profile", "Demo", c, "--clear"]);
    assert_eq!(cleared["tags"], serde_json::json!([]));
    let refused = cli(d, &["customer", "tags", "--profile", "Demo", c, "--set", "a,b"]);
    assert!(!refused.status.success());

    assert_eq!(ok(d, &["customer", "note", "--profile", "Demo", c]).trim(), "No note.");
    let note = json(d, &["customer", "note", "--profile", "Demo", c, "--set", "call in March"]);
    assert_eq!(note["note"], "call in March");

    let history = json(d, &["customer", "history", "--profile", "Demo", c]);
    assert_eq!(history["entries"].as_array().map(Vec::len), Some(1), "the demo fill is one snapshot");
    let text = ok(d, &["customer", "history", "--profile", "Demo", c]);
    assert!(text.starts_with("Snapshot 1 (demo"), "{text}");
}

#[test]
fn the_data_dir_comes_from_the_environment_when_no_flag_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_partner-desk-cli"))
        .args(["profiles", "create", "--name", "Env", "--cloud", "china"])
        .env("PARTNER_DESK_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(files(&dir.path().join("profiles")).len(), 1);
}
