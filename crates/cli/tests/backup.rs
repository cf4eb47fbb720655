//! `backup list / create / restore`, and a damaged profile file, through the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cli(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partner-desk-cli"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("PARTNER_DESK_DATA_DIR")
        .output()
        .expect("the CLI binary runs")
}

fn json(data_dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut with_json = vec!["--json"];
    with_json.extend_from_slice(args);
    let out = cli(data_dir, &with_json);
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// The error code of a command that must fail.
fn error_code(data_dir: &Path, args: &[&str]) -> String {
    let mut with_json = vec!["--json"];
    with_json.extend_from_slice(args);
    let out = cli(data_dir, &with_json);
    assert_eq!(out.status.code(), Some(1), "{args:?} should fail");
    let error: serde_json::Value = serde_json::from_slice(&out.stderr).expect("a JSON error");
    error["error"]["code"].as_str().unwrap_or_default().to_string()
}

fn fixture(name: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name);
    path.display().to_string()
}

fn customer_total(d: &Path, id: &str) -> u64 {
    json(d, &["customers", "--profile", id])["total"].as_u64().unwrap()
}

#[test]
fn an_import_is_backed_up_first_and_restore_undoes_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = json(d, &["profiles", "create", "--name", "P", "--cloud", "global"])["id"].as_str().unwrap().to_string();
    assert_eq!(json(d, &["backup", "list", &id]), serde_json::json!([]));

    json(d, &["import", "--profile", &id, &fixture("rest/customers.json")]);
    let imported = customer_total(d, &id);
    assert!(imported > 0);
    let list = json(d, &["backup", "list", &id]);
    let backups = list.as_array().unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0]["reason"], "import");
    let before_import = backups[0]["id"].as_str().unwrap().to_string();

    let manual = json(d, &["backup", "create", "P"]);
    assert_eq!(manual["reason"], "manual");
    assert_eq!(json(d, &["backup", "list", &id]).as_array().unwrap().len(), 2);

    let restored = json(d, &["backup", "restore", &id, &before_import]);
    assert_eq!(restored["restored"]["id"], before_import.as_str());
    assert_eq!(restored["previous"]["reason"], "restore");
    assert_eq!(customer_total(d, &id), 0, "the profile is as it was before the import");

    let text = cli(d, &["backup", "list", &id]);
    assert!(String::from_utf8_lossy(&text.stdout).contains(&before_import));
    assert_eq!(error_code(d, &["backup", "restore", &id, "20260101T000000.000Z-manual"]), "backup_not_found");
    assert_eq!(error_code(d, &["backup", "list", "nobody"]), "profile_not_found");
}

#[test]
fn a_damaged_profile_is_listed_apart_and_refused_with_a_clear_code() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good =
        json(d, &["profiles", "create", "--name", "Good", "--cloud", "global"])["id"].as_str().unwrap().to_string();
    let cut =
        json(d, &["profiles", "create", "--name", "Cut", "--cloud", "global"])["id"].as_str().unwrap().to_string();
    let junk =
        json(d, &["profiles", "create", "--name", "Junk", "--cloud", "global"])["id"].as_str().unwrap().to_string();
    json(d, &["demo", "--profile", &cut, "--customers", "50", "--today", "2026-01-01"]);
    let backup = json(d, &["backup", "create", &cut]);

    let path = |id: &str| d.join("profiles").join(format!("{id}.sqlite"));
    let len = std::fs::metadata(path(&cut)).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(path(&cut)).unwrap().set_len(len / 3).unwrap();
    // A valid header over junk pages: SQLite itself must find the damage.
    let mut bytes = std::fs::read(path(&junk)).unwrap();
    for (i, b) in bytes.iter_mut().enumerate().skip(100) {
        *b = (i * 131 % 251) as u8;
    }
    std::fs::write(path(&junk), &bytes).unwrap();

    let list = json(d, &["profiles", "list"]);
    let names: Vec<&str> = list["profiles"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Good"]);
    let unreadable = list["unreadable"].as_array().unwrap();
    assert_eq!(unreadable.len(), 2);
    for entry in unreadable {
        assert_eq!(entry["code"], "profile_corrupt", "{entry}");
        let file = entry["file"].as_str().unwrap();
        assert!(entry["message"].as_str().unwrap().contains(file), "names the file: {entry}");
    }
    assert_eq!(error_code(d, &["customers", "--profile", &cut]), "profile_corrupt");
    assert_eq!(error_code(d, &["customers", "--profile", &junk]), "profile_corrupt");
    assert_eq!(customer_total(d, &good), 0);

    json(d, &["backup", "restore", &cut, backup["id"].as_str().unwrap()]);
    assert_eq!(customer_total(d, &cut), 50);
}
