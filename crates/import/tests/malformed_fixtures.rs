//! Every malformed fixture fails with a message that names the file, the
//! place (line or JSON path) and the field; a check lists every problem.

mod common;

use common::*;
use partner_desk_import::{ErrorKind, ImportError, Position, ReadOptions, check_path};

fn failure(relative: &str, customer: Option<&str>) -> ImportError {
    match read_with(&fixture(relative), customer) {
        Ok((records, _)) => panic!("{relative} read {} records instead of failing", records.len()),
        Err(e) => e,
    }
}

fn assert_names(err: &ImportError, file: &str, place: &str, field: Option<&str>) {
    let message = err.to_string();
    assert!(err.file.ends_with(file), "{message}");
    assert!(message.contains(&format!("{file}{place}")), "expected {file}{place} in: {message}");
    assert_eq!(err.field.as_deref(), field, "{message}");
    if let Some(field) = field {
        assert!(message.contains(field), "{message}");
    }
}

#[test]
fn truncated_json_names_the_item_being_read() {
    let err = failure("malformed/truncated.json", None);
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(err.position, Position::JsonPath("items[1]".into()));
    assert_names(&err, "truncated.json", " at items[1]", None);
    assert!(err.reason.contains("truncated"), "{err}");
}

#[test]
fn wrong_column_set_is_an_unknown_format_saying_what_was_found() {
    let err = failure("malformed/wrong-columns.csv", None);
    assert_eq!(err.kind, ErrorKind::UnknownFormat);
    let message = err.to_string();
    assert!(message.contains("wrong-columns.csv"), "{message}");
    assert!(message.contains("\"Name\", \"Email\", \"Phone\""), "{message}");
    assert!(message.contains("portal's customer or subscription CSV"), "{message}");
}

#[test]
fn a_missing_column_is_named() {
    let err = failure("malformed/missing-column.csv", None);
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(err.position, Position::Line(1));
    assert_names(&err, "missing-column.csv", " line 1", Some("Microsoft ID"));
}

#[test]
fn a_bad_guid_in_csv() {
    let err = failure("malformed/bad-guid.csv", None);
    assert_eq!(err.position, Position::Line(3));
    assert_names(&err, "bad-guid.csv", " line 3", Some("Microsoft ID"));
    assert_eq!(err.value.as_deref(), Some("5d9a3c70-8e21-4f6b-b4c8-1a2e3f4d5c6"));
    assert!(err.to_string().ends_with("must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47"), "{err}");
}

#[test]
fn a_bad_guid_in_json() {
    let err = failure("malformed/bad-guid.json", None);
    assert_eq!(err.position, Position::JsonPath("items[1].companyProfile.tenantId".into()));
    assert_names(&err, "bad-guid.json", " at items[1].companyProfile.tenantId", Some("companyProfile.tenantId"));
}

#[test]
fn a_bad_date_in_json() {
    let err = failure("malformed/bad-date.json", None);
    assert_names(&err, "bad-date.json", " at items[1].commitmentEndDate", Some("commitmentEndDate"));
    assert_eq!(err.value.as_deref(), Some("31/12/2027"));
    assert!(err.reason.contains("month first"), "{err}");
}

#[test]
fn a_day_first_date_in_a_reconciliation_file() {
    let err = failure("malformed/bad-date.csv", None);
    assert_names(&err, "bad-date.csv", " line 3", Some("ChargeStartDate"));
    assert_eq!(err.value.as_deref(), Some("31/1/2026"));
}

#[test]
fn duplicate_ids_name_the_second_occurrence() {
    let err = failure("malformed/duplicate-ids.csv", None);
    assert_names(&err, "duplicate-ids.csv", " line 4", Some("Microsoft ID"));
    assert!(err.reason.contains("twice"), "{err}");
    let err = failure("malformed/duplicate-ids.json", None);
    assert_names(&err, "duplicate-ids.json", " at items[2].id", Some("id"));
}

#[test]
fn a_fractional_quantity() {
    let err = failure("malformed/bad-quantity.csv", Some(TW));
    assert_names(&err, "bad-quantity.csv", " line 3", Some("Quantity"));
    assert_eq!(err.reason, "must be a whole number");
}

#[test]
fn unknown_json_says_what_it_found() {
    let err = failure("malformed/unknown.json", None);
    assert_eq!(err.kind, ErrorKind::UnknownFormat);
    let message = err.to_string();
    assert!(message.contains("\"customers\", \"count\""), "{message}");
    assert!(message.contains("Microsoft Graph GDAP JSON"), "{message}");
}

#[test]
fn a_newer_export_is_refused() {
    let err = failure("malformed/newer-export.json", None);
    assert_names(&err, "newer-export.json", " at version", Some("version"));
    assert!(err.reason.contains("newer"), "{err}");
}

#[test]
fn a_broken_export_folder_stops_at_its_first_problem() {
    let err = failure("malformed/export-folder-broken", None);
    assert!(err.file.ends_with(format!("customers/{JP}/subscriptions.json")), "{err}");
    assert!(err.reason.starts_with("missing"), "{err}");
}

#[test]
fn checking_a_broken_folder_lists_the_problems_of_every_file() {
    let report = check_path(&fixture("malformed/export-folder-broken"), &mut ReadOptions::default(), 10);
    let messages: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert_eq!(report.problems.len(), 3, "{messages:#?}");
    assert!(report.problems[0].file.ends_with("subscriptions.json"));
    assert_eq!(report.problems[1].position, Position::JsonPath("value[0].createdDateTime".into()));
    assert_eq!(report.problems[2].position, Position::JsonPath("value[2].customer.tenantId".into()));
    assert_eq!(report.more, 0);
    // Files that were read to their end are summarised; the GDAP file holds 2 good relationships.
    let gdap = report.files.iter().find(|f| f.path.ends_with("gdap.json")).expect("gdap summary");
    assert_eq!(gdap.records, 2);
    assert_eq!(report.files.len(), 4);
}

#[test]
fn check_lists_problems_up_to_the_limit_and_counts_the_rest() {
    let path = fixture("malformed/many-bad-rows.csv");
    let all = check_path(&path, &mut ReadOptions::default(), 100);
    assert_eq!(all.problems.len(), 8);
    assert_eq!(all.more, 0);
    let lines: Vec<Position> = all.problems.iter().map(|p| p.position.clone()).collect();
    assert_eq!(lines, (3..=10).map(Position::Line).collect::<Vec<_>>());
    assert!(all.problems.iter().all(|p| p.field.as_deref() == Some("Microsoft ID")));
    assert_eq!(all.files.len(), 1);
    assert_eq!(all.files[0].records, 2);

    let capped = check_path(&path, &mut ReadOptions::default(), 3);
    assert_eq!(capped.problems.len(), 3);
    assert_eq!(capped.more, 5);
    assert_eq!(capped.problems[..], all.problems[..3]);

    let clean = check_path(&fixture("portal/customers.csv"), &mut ReadOptions::default(), 10);
    assert!(clean.problems.is_empty() && clean.more == 0);
    assert_eq!(clean.files[0].records, 4);
}

#[test]
fn check_reports_every_bad_field_of_a_row() {
    let dir = scratch("every-bad-field");
    let path = dir.join("license.csv");
    let original = std::fs::read_to_string(fixture("reconciliation/license-based.csv")).unwrap();
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    lines[1] = lines[1]
        .replace("2b6f8e41-0c3d-4a57-9e12-7f4d5a8c9b30", "not-a-guid")
        .replace("3/1/2027", "someday")
        .replace(",25,", ",2.5,");
    std::fs::write(&path, lines.join("\r\n")).unwrap();
    let report = check_path(&path, &mut ReadOptions::default(), 10);
    let fields: Vec<&str> = report.problems.iter().filter_map(|p| p.field.as_deref()).collect();
    assert_eq!(fields, vec!["CustomerId", "SubscriptionEndDate", "Quantity"], "{:#?}", report.problems);
    assert!(report.problems.iter().all(|p| p.position == Position::Line(2)));
}

#[test]
fn files_that_are_empty_or_missing() {
    let dir = scratch("empty-or-missing");
    let empty = dir.join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let err = read_with(&empty, None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnknownFormat);
    assert!(err.to_string().contains("empty"), "{err}");
    let err = read_with(&dir.join("nowhere.json"), None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Io);
    assert!(err.to_string().contains("nowhere.json"), "{err}");
    let err = read_with(&dir, None).unwrap_err();
    assert!(err.to_string().contains("manifest.json"), "{err}");
}
