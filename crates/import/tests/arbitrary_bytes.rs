//! Whatever bytes a file holds, reading and checking it returns a result:
//! never a panic.

mod common;

use common::*;
use partner_desk_import::{ReadOptions, check_path, detect, read_path};
use proptest::prelude::*;

const SEEDS: [&str; 8] = [
    "rest/customers.json",
    "rest/subscriptions.json",
    "graph/gdap.json",
    "portal/customers.csv",
    "portal/customers-utf16le.txt",
    "reconciliation/license-based.csv",
    "reconciliation/new-commerce.csv",
    "own/partner-desk-export.json",
];

fn exercise(bytes: &[u8], case: &str) {
    let dir = scratch(&format!("arbitrary-{case}-{}", std::process::id()));
    let path = dir.join("input");
    std::fs::write(&path, bytes).unwrap();
    let _ = detect(&path);
    let mut records = 0usize;
    let _ = read_path(&path, &mut ReadOptions::default(), &mut |_| {
        records += 1;
        Ok(())
    });
    let _ = read_path(&path, &mut ReadOptions { customer: Some(TW.into()), ..ReadOptions::default() }, &mut |_| Ok(()));
    let _ = check_path(&path, &mut ReadOptions::default(), 5);
}

/// A valid fixture with some bytes changed and its tail cut: reaches deep into the readers.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        0..SEEDS.len(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(seed, edits, cut)| {
            let mut bytes = std::fs::read(fixture(SEEDS[seed])).unwrap();
            for (at, byte) in edits {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            let keep = cut.index(bytes.len() + 1).max(bytes.len() / 2);
            bytes.truncate(keep);
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        exercise(&bytes, "random");
    }

    #[test]
    fn mutated_fixtures_never_panic(bytes in mutated()) {
        exercise(&bytes, "mutated");
    }

    #[test]
    fn text_like_bytes_never_panic(text in "[{}\\[\\],:\"a-z0-9 \\n\\r;\t\u{feff}-]{0,400}") {
        exercise(text.as_bytes(), "text");
    }
}
