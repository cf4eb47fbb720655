use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::ProfileSpec;
use partner_desk_store::{ExportFormat, ExportWhat, ProfileDb, Profiles};

fn demo_profile() -> (tempfile::TempDir, ProfileDb) {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let now = DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").unwrap().with_timezone(&Utc);
    let spec = ProfileSpec::from_input("P", "global", None, Some("1234567"), Some("dual")).unwrap();
    let id = profiles.create(&spec, now).unwrap().id;
    let mut db = profiles.open(&id).unwrap();
    db.fill_demo(60, 4, NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(), now).unwrap();
    (dir, db)
}

fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (headers, rows)
}

#[test]
fn csv_exports_of_links_and_gdap_name_the_customer_and_never_print_a_nested_object() {
    let (dir, db) = demo_profile();
    for what in [ExportWhat::Links, ExportWhat::Gdap, ExportWhat::Subscriptions, ExportWhat::Customers] {
        let out = dir.path().join(format!("{what:?}.csv"));
        let summary = db.export_at(what, ExportFormat::Csv, None, &out).unwrap();
        assert!(summary.rows > 0, "{what:?}");
        let (headers, rows) = read_csv(&out);
        assert_eq!(rows.len() as u32, summary.rows);
        let tenant = headers.iter().position(|h| h.ends_with("enant ID")).expect("a tenant id column");
        if what != ExportWhat::Customers {
            assert!(headers.iter().any(|h| h == "Customer name"), "{what:?}: {headers:?}");
        }
        for row in &rows {
            assert_eq!(row.len(), headers.len());
            assert!(row.iter().all(|cell| !cell.contains("[object") && !cell.starts_with('{')), "{row:?}");
            if what != ExportWhat::Gdap {
                assert_eq!(row[tenant].len(), 36, "tenant id present: {row:?}");
            }
        }
    }
}

#[test]
fn a_search_filters_every_export_by_customer() {
    let (dir, db) = demo_profile();
    let out = dir.path().join("c.csv");
    let all = db.export_at(ExportWhat::Customers, ExportFormat::Csv, None, &out).unwrap().rows;
    let some = db.export_at(ExportWhat::Customers, ExportFormat::Csv, Some("株式会社"), &out).unwrap().rows;
    assert!(some > 0 && some < all);
    let (_, rows) = read_csv(&out);
    assert!(rows.iter().all(|r| r[1].contains("株式会社")));
}

#[test]
fn xlsx_is_a_workbook_and_json_carries_the_export_format() {
    let (dir, db) = demo_profile();
    let xlsx = dir.path().join("s.xlsx");
    db.export_at(ExportWhat::Subscriptions, ExportFormat::Xlsx, None, &xlsx).unwrap();
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK", "an XLSX is a zip");
    let json = dir.path().join("all.json");
    let summary = db.export_at(ExportWhat::All, ExportFormat::Json, None, &json).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(doc["format"], "partner-desk-export");
    assert_eq!(doc["customers"].as_array().unwrap().len(), 60);
    assert!(summary.rows > 60);
}

#[test]
fn an_export_that_fails_leaves_no_file() {
    let (dir, db) = demo_profile();
    let out = dir.path().join("all.csv");
    assert_eq!(db.export_at(ExportWhat::All, ExportFormat::Csv, None, &out).unwrap_err().code(), "invalid_input");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(leftovers.iter().all(|n| !n.to_string_lossy().contains("all.csv")), "{leftovers:?}");
}

trait At {
    fn export_at(
        &self,
        what: ExportWhat,
        format: ExportFormat,
        search: Option<&str>,
        out: &std::path::Path,
    ) -> partner_desk_store::Result<partner_desk_store::ExportSummary>;
}

impl At for ProfileDb {
    fn export_at(
        &self,
        what: ExportWhat,
        format: ExportFormat,
        search: Option<&str>,
        out: &std::path::Path,
    ) -> partner_desk_store::Result<partner_desk_store::ExportSummary> {
        self.export(what, format, search, NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(), out)
    }
}

#[test]
fn findings_export_as_csv_with_the_customer_named() {
    let (dir, db) = demo_profile();
    let out = dir.path().join("f.csv");
    let summary = db.export_at(ExportWhat::Findings, ExportFormat::Csv, None, &out).unwrap();
    assert!(summary.rows > 0);
    let (headers, rows) = read_csv(&out);
    assert_eq!(headers[0], "Severity");
    let name = headers.iter().position(|h| h == "Customer name").unwrap();
    assert!(rows.iter().any(|r| !r[name].is_empty()));
    let json = dir.path().join("f.json");
    db.export_at(ExportWhat::Findings, ExportFormat::Json, Some("株式会社"), &json).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(doc["today"], "2026-11-21");
}
