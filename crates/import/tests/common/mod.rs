//! Shared by the integration tests: where the fixtures are, and reading one
//! into records counted by kind.

#![allow(dead_code, clippy::result_large_err)]

use std::path::{Path, PathBuf};

use partner_desk_import::{FileSummary, ImportError, ReadOptions, Record, read_path};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

pub fn fixture(relative: &str) -> PathBuf {
    fixtures().join(relative)
}

/// A fresh directory for one test, under Cargo's scratch space for tests.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

pub fn read_with(path: &Path, customer: Option<&str>) -> Result<(Vec<Record>, Vec<FileSummary>), ImportError> {
    let mut records = Vec::new();
    let mut options = ReadOptions { customer: customer.map(str::to_string), ..ReadOptions::default() };
    let summaries = read_path(path, &mut options, &mut |record| {
        records.push(record);
        Ok(())
    })?;
    Ok((records, summaries))
}

pub fn read(relative: &str) -> (Vec<Record>, Vec<FileSummary>) {
    match read_with(&fixture(relative), None) {
        Ok(read) => read,
        Err(e) => panic!("{relative}: {e}"),
    }
}

/// Records by kind: customers, partners, partner relationships, links,
/// subscriptions, GDAP relationships, relationship requests.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub customers: usize,
    pub partners: usize,
    pub partner_relationships: usize,
    pub links: usize,
    pub subscriptions: usize,
    pub gdap: usize,
    pub relationship_requests: usize,
}

impl Counts {
    pub fn of(records: &[Record]) -> Counts {
        let mut c = Counts::default();
        for record in records {
            match record {
                Record::Customer(_) => c.customers += 1,
                Record::Partner(_) => c.partners += 1,
                Record::PartnerRelationship(_) => c.partner_relationships += 1,
                Record::Link(_) => c.links += 1,
                Record::Subscription(_) => c.subscriptions += 1,
                Record::Gdap(_) => c.gdap += 1,
                Record::RelationshipRequest(_) => c.relationship_requests += 1,
            }
        }
        c
    }
}

pub fn customers(records: &[Record]) -> Vec<&partner_desk_core::records::CustomerRecord> {
    records.iter().filter_map(|r| if let Record::Customer(c) = r { Some(c) } else { None }).collect()
}

pub fn subscriptions(records: &[Record]) -> Vec<&partner_desk_core::records::SubscriptionRecord> {
    records.iter().filter_map(|r| if let Record::Subscription(s) = r { Some(s) } else { None }).collect()
}

pub const JP: &str = "2b6f8e41-0c3d-4a57-9e12-7f4d5a8c9b30";
pub const TW: &str = "5d9a3c70-8e21-4f6b-b4c8-1a2e3f4d5c6b";
pub const KZ: &str = "7e1b2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
