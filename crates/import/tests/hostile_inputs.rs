//! Inputs made to hurt: nesting deep enough to overflow a recursive parser,
//! lines and numbers of megabytes, binary junk behind a valid start. Each
//! must end in a clear error naming the file, never a panic or an abort; and
//! each reader on its own (past detection, as the fuzz targets run them)
//! must survive arbitrary bytes.

mod common;

use std::path::Path;

use common::*;
use partner_desk_import::fuzzing::{Reader, read_as};
use partner_desk_import::{ErrorKind, ImportError, check_path};
use proptest::prelude::*;

const READERS: [Reader; 7] = [
    Reader::RestJson,
    Reader::GraphGdap,
    Reader::PortalCsv,
    Reader::Reconciliation,
    Reader::OwnExport,
    Reader::Text,
    Reader::Detect,
];

const TW: &str = "5d9a3c70-8e21-4f6b-b4c8-1a2e3f4d5c6b";

/// Reads `bytes` as a file named `name`: it must fail, clearly.
fn must_fail_clearly(dir: &Path, name: &str, bytes: &[u8]) -> ImportError {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let err = read_with(&path, Some(TW)).expect_err(name);
    assert_ne!(err.kind, ErrorKind::Io, "{name}: {err}");
    assert!(!err.reason.trim().is_empty(), "{name}: a reason");
    assert!(err.to_string().contains(name), "{name}: names the file: {err}");
    assert!(
        err.to_string().len() < 2_000,
        "{name}: a short message, not the input echoed: {} bytes",
        err.to_string().len()
    );
    // Checking the same file reports a problem too, and returns.
    let report = check_path(&path, &mut Default::default(), 5);
    assert!(!report.problems.is_empty(), "{name}: check finds it");
    for reader in READERS {
        read_as(reader, &path);
    }
    err
}

#[test]
fn nesting_a_hundred_thousand_deep_is_refused_in_every_json_format() {
    let dir = scratch("hostile-nesting");
    let deep = |open: &str, close: &str| format!("{}{}", open.repeat(100_000), close.repeat(100_000));
    let cases = [
        ("brackets.json", deep("[", "]")),
        ("braces.json", deep("{\"a\":", "}")),
        ("unclosed.json", "[".repeat(100_000)),
        (
            "rest.json",
            format!(
                r#"{{"totalCount": 1, "items": [{}], "attributes": {{"objectType": "Collection"}}}}"#,
                deep("[", "]")
            ),
        ),
        (
            "graph.json",
            format!(r#"{{"@odata.context": "x/delegatedAdminRelationships", "value": [{}]}}"#, deep("[", "]")),
        ),
        ("own.json", format!(r#"{{"format": "partner-desk-export", "version": 1, "customers": {}}}"#, deep("[", "]"))),
    ];
    for (name, text) in cases {
        must_fail_clearly(&dir, name, text.as_bytes());
    }
}

#[test]
fn megabyte_lines_and_numbers_are_refused() {
    let dir = scratch("hostile-long");
    let header_only = format!("Microsoft ID,{}", "Company name".repeat(700_000));
    must_fail_clearly(&dir, "huge-header.csv", header_only.as_bytes());
    let long_row = format!("Microsoft ID,Company name\n{TW},{}\n", "z".repeat(8 << 20));
    must_fail_clearly(&dir, "huge-row.csv", long_row.as_bytes());
    let no_newline = "x".repeat(8 << 20);
    must_fail_clearly(&dir, "one-line.txt", no_newline.as_bytes());
    let digits = "9".repeat(2 << 20);
    let number = format!(r#"{{"totalCount": {digits}, "items": [], "attributes": {{"objectType": "Collection"}}}}"#);
    must_fail_clearly(&dir, "huge-number.json", number.as_bytes());
    let key = format!(r#"{{"{}": 1}}"#, "k".repeat(4 << 20));
    must_fail_clearly(&dir, "huge-key.json", key.as_bytes());
}

#[test]
fn binary_junk_behind_a_valid_start_is_refused() {
    let dir = scratch("hostile-binary");
    let junk: Vec<u8> = (0..1_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let behind = |start: &[u8]| [start, &junk].concat();
    must_fail_clearly(&dir, "junk.bin", &junk);
    must_fail_clearly(&dir, "csv-then-junk.csv", &behind(b"Microsoft ID,Company name\n"));
    must_fail_clearly(&dir, "json-then-junk.json", &behind(br#"{"totalCount": 1, "items": ["#));
    must_fail_clearly(&dir, "bom-then-junk.csv", &behind(b"\xEF\xBB\xBFMicrosoft ID,Company name\n"));
    must_fail_clearly(&dir, "utf16-then-junk.txt", &behind(b"\xFF\xFEM\0i\0"));
    // Unpaired surrogates and an odd byte count in UTF-16.
    must_fail_clearly(&dir, "bad-utf16.txt", b"\xFF\xFEM\0\x00\xD8i\0\x00\xDC\x00\xDCc");
    must_fail_clearly(&dir, "nul-bytes.csv", &[b"Microsoft ID,Company name\n".as_slice(), &[0u8; 70_000]].concat());
}

/// A fixture of the reader's own format, bytes changed and its tail cut.
fn seed_for(reader: Reader) -> &'static str {
    match reader {
        Reader::RestJson => "rest/customers.json",
        Reader::GraphGdap => "graph/gdap.json",
        Reader::PortalCsv => "portal/customers.csv",
        Reader::Reconciliation => "reconciliation/new-commerce.csv",
        Reader::OwnExport => "own/partner-desk-export.json",
        Reader::Text => "portal/customers-utf16le.txt",
        Reader::Detect => "export-folder/manifest.json",
    }
}

fn exercise(reader: Reader, bytes: &[u8]) {
    let dir = scratch(&format!("each-reader-{reader:?}-{}", std::process::id()));
    let path = dir.join("input");
    std::fs::write(&path, bytes).unwrap();
    read_as(reader, &path);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn each_reader_alone_survives_arbitrary_bytes(reader in 0..READERS.len(), bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        exercise(READERS[reader], &bytes);
    }

    #[test]
    fn each_reader_alone_survives_its_own_format_damaged(
        reader in 0..READERS.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = std::fs::read(fixture(seed_for(READERS[reader]))).unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let keep = cut.index(bytes.len() + 1).max(bytes.len() / 3);
        bytes.truncate(keep);
        exercise(READERS[reader], &bytes);
    }
}
