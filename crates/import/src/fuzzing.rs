//! Entry points for the fuzz targets in `fuzz/`: each reader on its own,
//! past detection, so every input a target is given reaches that one reader.
//! Both ways a reader runs are exercised: reading (stop at the first problem)
//! and checking (collect problems). Not part of the crate's API.

use std::io::Read;
use std::path::{Path, PathBuf};

use partner_desk_core::records::{Coverage, Record};

use crate::csv_reader::{CsvInput, CsvSpec};
use crate::error::ImportError;
use crate::rest::{Given, RelationshipsOf};
use crate::run::{FileRun, Output, Problems};
use crate::text::TextReader;
use crate::{graph, own_export, portal_csv, reconciliation, rest};

/// The readers, one fuzz target each.
#[derive(Debug, Clone, Copy)]
pub enum Reader {
    /// Every Partner Center REST reader: customers, one customer,
    /// subscriptions, relationships, relationship request.
    RestJson,
    GraphGdap,
    /// Portal customers and subscriptions CSV.
    PortalCsv,
    /// License-based and new-commerce reconciliation files.
    Reconciliation,
    OwnExport,
    /// Byte order marks, UTF-16 and invalid UTF-8, on their own.
    Text,
    /// Detection by content, then the whole read that follows from it.
    Detect,
}

const CUSTOMER: &str = "4a6f2c1e-7b3d-4e8f-9a0b-1c2d3e4f5a6b";

/// Writes `bytes` to a scratch file of this process and reads it as `reader`.
/// Whatever the outcome, it must return: a panic is the bug the fuzzer looks for.
pub fn run_bytes(reader: Reader, bytes: &[u8]) {
    let path = scratch_path(reader);
    if std::fs::write(&path, bytes).is_ok() {
        read_as(reader, &path);
    }
}

fn scratch_path(reader: Reader) -> PathBuf {
    std::env::temp_dir().join(format!("partner-desk-fuzz-{}-{reader:?}", std::process::id()))
}

/// Reads the file at `path` with one reader, results ignored.
pub fn read_as(reader: Reader, path: &Path) {
    let given = || Given { tenant_id: CUSTOMER.to_string(), source: "--customer".to_string() };
    match reader {
        Reader::RestJson => {
            each_mode(path, rest::read_customers);
            each_mode(path, |t, r| rest::read_customer(t, r, None));
            each_mode(path, |t, r| rest::read_customer(t, r, Some(&given())));
            each_mode(path, |t, r| rest::read_subscriptions(t, r, CUSTOMER));
            each_mode(path, |t, r| rest::read_relationships(t, r, RelationshipsOf::Partner(None)));
            each_mode(path, |t, r| rest::read_relationships(t, r, RelationshipsOf::Customer(CUSTOMER.into())));
            each_mode(path, rest::read_relationship_request);
        }
        Reader::GraphGdap => each_mode(path, graph::read_gdap),
        Reader::OwnExport => each_mode(path, own_export::read_export),
        Reader::PortalCsv => {
            each_csv(path, &portal_csv::CUSTOMERS, portal_csv::read_customers);
            each_csv(path, &portal_csv::SUBSCRIPTIONS, |i, r| portal_csv::read_subscriptions(i, r, CUSTOMER));
        }
        Reader::Reconciliation => {
            each_csv(path, &reconciliation::LICENSE_BASED, reconciliation::read_license_based);
            each_csv(path, &reconciliation::NEW_COMMERCE, reconciliation::read_new_commerce);
        }
        Reader::Text => {
            if let Ok(mut text) = TextReader::open(path, None) {
                let mut sink = Vec::new();
                let _ = text.read_to_end(&mut sink);
                let _ = text.finish(path);
            }
        }
        Reader::Detect => {
            let _ = crate::detect(path);
            let mut options = crate::ReadOptions { customer: Some(CUSTOMER.into()), ..Default::default() };
            let _ = crate::read_path(path, &mut options, &mut |_| Ok(()));
            let _ = crate::check_path(path, &mut crate::ReadOptions::default(), 5);
        }
    }
}

type ReadFn<'f> = dyn Fn(&mut TextReader<'_>, &mut FileRun<'_, '_>) -> Result<Vec<Coverage>, ImportError> + 'f;

/// Runs `read` once reading into a sink, once checking.
fn each_mode(
    path: &Path,
    read: impl Fn(&mut TextReader<'_>, &mut FileRun<'_, '_>) -> Result<Vec<Coverage>, ImportError>,
) {
    let read: &ReadFn<'_> = &read;
    for checking in [false, true] {
        let mut records = |_: Record| Ok(());
        let mut out = Output {
            sink: if checking { None } else { Some(&mut records) },
            problems: checking.then(|| Problems { list: Vec::new(), limit: 5, more: 0 }),
            progress: None,
            cancel: None,
            on_file: None,
        };
        let Ok(mut text) = TextReader::open(path, None) else { return };
        let bytes = text.bytes_total;
        let mut run = FileRun::new(&mut out, path, text.state(), bytes);
        if read(&mut text, &mut run).is_ok() {
            let _ = text.finish(path);
        }
        run.finish();
    }
}

fn each_csv(
    path: &Path,
    spec: &CsvSpec,
    read: impl Fn(&mut CsvInput<'_, '_>, &mut FileRun<'_, '_>) -> Result<Vec<Coverage>, ImportError>,
) {
    each_mode(path, |text, run| {
        let mut input = CsvInput::open(text, path)?;
        input.require(spec, path)?;
        read(&mut input, run)
    });
}
