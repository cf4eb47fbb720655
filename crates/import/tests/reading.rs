//! How a read behaves around the records: cancelling, progress, sink errors,
//! line numbers, size caps, encodings of JSON, the customer context, and the
//! round trip of Partner Desk's own export.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use common::*;
use partner_desk_core::model::{
    Customer, CustomerPartnerLink, GdapRelationship, Partner, PartnerRelationship, RelationshipRequest, Subscription,
};
use partner_desk_core::records::{CustomerRecord, SubscriptionRecord};
use partner_desk_import::{ErrorKind, Position, Progress, ReadOptions, Record, check_path, read_path};

const GUID_PREFIX: &str = "00000000-0000-4000-8000-";

fn guid(i: usize) -> String {
    format!("{GUID_PREFIX}{i:012}")
}

/// A portal customer CSV with `rows` customers, LF line ends.
fn big_customer_csv(dir: &Path, rows: usize) -> PathBuf {
    let mut text = String::from("Microsoft ID,Company name,Primary domain name,Relationship,Tags\n");
    for i in 0..rows {
        let _ = writeln!(text, "{},株式会社テスト{i},test{i}.onmicrosoft.com,Reseller,VIP", guid(i));
    }
    let path = dir.join("customers.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// A REST customer list with `items` customers.
fn big_customer_json(dir: &Path, items: usize) -> PathBuf {
    let mut text = String::from("{\"totalCount\": 0, \"items\": [\n");
    for i in 0..items {
        let comma = if i + 1 < items { "," } else { "" };
        let _ = writeln!(
            text,
            r#"{{"id": "{0}", "companyProfile": {{"tenantId": "{0}", "domain": "c{i}.onmicrosoft.com", "companyName": "ООО Тест {i}"}}, "relationshipToPartner": "reseller", "attributes": {{"objectType": "Customer"}}}}{comma}"#,
            guid(i)
        );
    }
    text.push_str("], \"attributes\": {\"objectType\": \"Collection\"}}\n");
    let path = dir.join("customers.json");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_cancel_flag_stops_reading() {
    let dir = scratch("cancel");
    for path in [big_customer_csv(&dir, 5_000), big_customer_json(&dir, 5_000)] {
        let cancel = AtomicBool::new(false);
        let mut seen = 0;
        let mut options = ReadOptions { cancel: Some(&cancel), ..ReadOptions::default() };
        let result = read_path(&path, &mut options, &mut |_| {
            seen += 1;
            if seen == 10 {
                cancel.store(true, Ordering::Relaxed);
            }
            Ok(())
        });
        let err = result.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Cancelled, "{err}");
        assert!(seen < 20, "{seen} records after cancelling");

        let set = AtomicBool::new(true);
        let report = check_path(&path, &mut ReadOptions { cancel: Some(&set), ..ReadOptions::default() }, 10);
        assert_eq!(report.problems.len(), 1);
        assert_eq!(report.problems[0].kind, ErrorKind::Cancelled);
    }
}

#[test]
fn progress_reports_growing_byte_counts() {
    let dir = scratch("progress");
    for path in [big_customer_csv(&dir, 5_500), big_customer_json(&dir, 5_500)] {
        let mut reports: Vec<Progress> = Vec::new();
        let mut callback = |p: Progress| reports.push(p);
        let mut options = ReadOptions { progress: Some(&mut callback), ..ReadOptions::default() };
        let summaries = read_path(&path, &mut options, &mut |_| Ok(())).unwrap();
        let total = std::fs::metadata(&path).unwrap().len();
        assert_eq!(summaries[0].records, 5_500);
        assert!(reports.len() >= 6, "{} reports", reports.len());
        assert!(reports.windows(2).all(|w| w[0].bytes_read <= w[1].bytes_read && w[0].records <= w[1].records));
        assert!(reports[0].bytes_read < total, "the first report came only at the end");
        let last = reports.last().unwrap();
        assert_eq!((last.bytes_read, last.bytes_total, last.records), (total, total, 5_500));
        assert!(reports.iter().all(|p| p.file == path && p.bytes_total == total));
    }
}

#[test]
fn a_sink_error_names_the_record() {
    let mut options = ReadOptions::default();
    let mut n = 0;
    let err = read_path(&fixture("portal/customers.csv"), &mut options, &mut |_| {
        n += 1;
        if n == 3 { Err("database is locked".into()) } else { Ok(()) }
    })
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Sink);
    assert_eq!(err.position, Position::Line(4));
    assert!(err.to_string().ends_with("customers.csv line 4: database is locked"), "{err}");

    let err = read_path(&fixture("graph/gdap.json"), &mut options, &mut |_| Err("full".into())).unwrap_err();
    assert_eq!((err.kind, err.position), (ErrorKind::Sink, Position::JsonPath("value[0]".into())));
}

#[test]
fn lines_are_counted_from_the_header_with_either_line_end() {
    let dir = scratch("lines");
    for end in ["\n", "\r\n"] {
        let text = [
            "Microsoft ID,Company name,Primary domain name,Relationship,Tags",
            &format!("{},\"Two{end}lines\",a.onmicrosoft.com,Reseller,", guid(1)),
            &format!("{},Three,b.onmicrosoft.com,Reseller,", guid(2)),
            "",
            "",
            "bad,Four,c.onmicrosoft.com,Reseller,",
        ]
        .join(end);
        let path = dir.join("lines.csv");
        std::fs::write(&path, text).unwrap();
        let err = read_with(&path, None).unwrap_err();
        assert_eq!(err.position, Position::Line(7), "line end {end:?}: {err}");
        let mut options = ReadOptions::default();
        let mut lines = Vec::new();
        let mut n = 0;
        let _ = read_path(&path, &mut options, &mut |_| {
            n += 1;
            Err(format!("stop {n}"))
        })
        .map_err(|e| lines.push(e.position));
        assert_eq!(lines, vec![Position::Line(2)], "the multi-line record starts on line 2");
    }
}

#[test]
fn oversized_values_fail_clearly() {
    let dir = scratch("oversized");
    let long_field = dir.join("long-field.csv");
    std::fs::write(&long_field, format!("Microsoft ID,Company name\n{},\"{}\"\n", guid(1), "x".repeat((1 << 20) + 10)))
        .unwrap();
    let err = read_with(&long_field, None).unwrap_err();
    assert_eq!((err.position.clone(), err.field.as_deref()), (Position::Line(2), Some("Company name")));
    assert!(err.reason.contains("1 MiB"), "{err}");

    let unclosed = dir.join("unclosed.csv");
    let mut text = format!("Microsoft ID,Company name\n{},\"never closed\n", guid(1));
    text.push_str(&"a,b\n".repeat(3 << 20));
    std::fs::write(&unclosed, text).unwrap();
    let err = read_with(&unclosed, None).unwrap_err();
    assert_eq!(err.position, Position::Line(2));
    assert!(err.reason.contains("unclosed quote"), "{err}");

    let long_string = dir.join("long-string.json");
    std::fs::write(
        &long_string,
        format!(
            r#"{{"items": [{{"id": "{}", "companyProfile": {{"companyName": "{}"}}, "attributes": {{"objectType": "Customer"}}}}]}}"#,
            guid(1),
            "y".repeat((1 << 20) + 1)
        ),
    )
    .unwrap();
    let err = read_with(&long_string, None).unwrap_err();
    assert_eq!(err.position, Position::JsonPath("items[0].companyProfile.companyName".into()), "{err}");

    let deep = dir.join("deep.json");
    std::fs::write(
        &deep,
        format!(
            r#"{{"items": [{{"attributes": {{"objectType": "Customer"}}, "x": {}{}}}]}}"#,
            "[".repeat(300),
            "]".repeat(300)
        ),
    )
    .unwrap();
    let err = read_with(&deep, None).unwrap_err();
    assert!(err.reason.contains("nested more than"), "{err}");
    assert!(matches!(&err.position, Position::JsonPath(p) if p.starts_with("items[0].x[0]")), "{err:?}");
}

#[test]
fn json_saved_as_utf16_reads_the_same() {
    // Windows PowerShell 5.1's Out-File writes UTF-16 LE with a byte order mark.
    let dir = scratch("utf16-json");
    let text = std::fs::read_to_string(fixture("rest/customers.json")).unwrap();
    let path = dir.join("customers.json");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, bytes).unwrap();
    let (records, _) = read_with(&path, None).unwrap();
    assert_eq!(records, read("rest/customers.json").0);
}

#[test]
fn the_customer_option_must_be_a_guid_and_is_refused_for_folders() {
    let err = read_with(&fixture("rest/subscriptions-no-links.json"), Some("contoso")).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("--customer"));
    let err = read_with(&fixture("export-folder"), Some(TW)).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("--customer"));
    assert!(err.to_string().contains("single file"), "{err}");
}

#[test]
fn the_export_reads_back_as_the_model_it_was_written_from() {
    let text = std::fs::read_to_string(fixture("own/partner-desk-export.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    fn list<T: serde::de::DeserializeOwned>(value: &serde_json::Value, key: &str) -> Vec<T> {
        serde_json::from_value(value[key].clone()).unwrap()
    }
    let mut expected: Vec<Record> = Vec::new();
    expected.extend(list::<Partner>(&value, "partners").into_iter().map(Record::Partner));
    expected.extend(
        list::<PartnerRelationship>(&value, "partner_relationships").into_iter().map(Record::PartnerRelationship),
    );
    expected
        .extend(list::<Customer>(&value, "customers").into_iter().map(|c| Record::Customer(CustomerRecord::from(c))));
    expected.extend(list::<CustomerPartnerLink>(&value, "links").into_iter().map(Record::Link));
    expected.extend(
        list::<Subscription>(&value, "subscriptions")
            .into_iter()
            .map(|s| Record::Subscription(SubscriptionRecord::from(s))),
    );
    expected.extend(list::<GdapRelationship>(&value, "gdap").into_iter().map(Record::Gdap));
    expected.extend(
        list::<RelationshipRequest>(&value, "relationship_requests").into_iter().map(Record::RelationshipRequest),
    );
    let (records, _) = read("own/partner-desk-export.json");
    assert_eq!(records, expected);
}
