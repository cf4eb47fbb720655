//! Readers for what Partner Center exports: REST JSON, Graph GDAP JSON, the
//! portal's CSV downloads, reconciliation files, the export folder the
//! PowerShell script writes, and Partner Desk's own export.
//!
//! Every reader streams: records go to the caller's sink one at a time, and
//! memory stays flat however large the file. Formats are told apart by
//! content ([`detect`]). Readers never write anywhere; the store does.
//! Formats, the folder layout and the decisions taken are in `docs/formats.md`.

// `ImportError` is the public shape callers match on (file, position, field,
// value, reason, kind); it is returned once per failed read, so its size
// costs nothing worth boxing it for.
#![allow(clippy::result_large_err)]

mod csv_reader;
mod detect;
mod error;
mod folder;
#[doc(hidden)]
pub mod fuzzing;
mod graph;
mod id_set;
mod json_fields;
mod json_stream;
mod own_export;
mod portal_csv;
mod reconciliation;
mod rest;
mod run;
mod text;
mod values;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use partner_desk_core::model::PartnerRelationshipType;
use serde::Serialize;

pub use error::{ErrorKind, ImportError, Position};
pub use folder::{Manifest, layout, read_manifest};
pub use partner_desk_core::records::{Coverage, Record, SourceFormat};

use crate::csv_reader::CsvInput;
use crate::rest::{Given, RelationshipsOf};
use crate::run::{FileRun, Output, Problems};
use crate::text::TextReader;

#[derive(Default)]
pub struct ReadOptions<'a> {
    /// `--customer`: the customer a subscription file (or a customer's
    /// relationship list) is about, when the file does not say.
    pub customer: Option<String>,
    /// Called at least every 1,000 records, every few MiB, and at each file's end.
    pub progress: Option<&'a mut dyn FnMut(Progress)>,
    /// Checked for every record and every buffer read; when set, reading stops
    /// with [`ErrorKind::Cancelled`].
    pub cancel: Option<&'a AtomicBool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub file: PathBuf,
    pub bytes_read: u64,
    pub bytes_total: u64,
    pub records: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    pub path: PathBuf,
    pub format: SourceFormat,
    /// Lowercase hex SHA-256 of the raw file bytes.
    pub sha256: String,
    pub bytes: u64,
    pub records: u64,
    /// What the file lists completely (see [`Coverage`]).
    pub coverage: Vec<Coverage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// The files read to their end (with or without problems).
    pub files: Vec<FileSummary>,
    pub problems: Vec<ImportError>,
    /// Problems found beyond the limit.
    pub more: usize,
}

/// Reads every path into `sink`, telling it each file once read, with what
/// the file lists completely: the whole of an import, for the CLI, the app
/// and the benchmark alike. Returns how many files were read. Stops at the
/// first problem; the caller's sink (a store transaction) then writes nothing.
pub fn read_into(
    paths: &[PathBuf],
    options: &mut ReadOptions<'_>,
    sink: &mut dyn partner_desk_core::records::RecordSink,
) -> Result<u64, ImportError> {
    // Records and files go to the same sink, from two callbacks that are never
    // running at once.
    let sink = std::cell::RefCell::new(sink);
    let mut files = 0u64;
    let mut on_file = |f: FileSummary| {
        files += 1;
        let file = partner_desk_core::records::SourceFile {
            path: f.path.display().to_string(),
            format: f.format.id().to_string(),
            sha256: f.sha256,
            bytes: f.bytes,
            records: f.records,
        };
        sink.borrow_mut().add_file(file, f.coverage);
    };
    let mut on_record = |record| sink.borrow_mut().apply(record);
    for path in paths {
        let customer = options.customer.clone();
        let mut out = Output {
            sink: Some(&mut on_record),
            problems: None,
            progress: reborrow(&mut options.progress),
            cancel: options.cancel,
            on_file: Some(&mut on_file),
        };
        read_any(path, customer.as_deref(), &mut out)?;
    }
    Ok(files)
}

/// Reads a file or an export folder, handing each record to `sink` in order.
/// Stops at the first problem.
pub fn read_path(
    path: &Path,
    options: &mut ReadOptions<'_>,
    sink: &mut dyn FnMut(Record) -> Result<(), String>,
) -> Result<Vec<FileSummary>, ImportError> {
    let customer = options.customer.clone();
    let mut out = Output {
        sink: Some(sink),
        problems: None,
        progress: reborrow(&mut options.progress),
        cancel: options.cancel,
        on_file: None,
    };
    read_any(path, customer.as_deref(), &mut out)
}

/// Validates without a sink: every problem in the file(s), up to `limit`,
/// plus how many more there were.
pub fn check_path(path: &Path, options: &mut ReadOptions<'_>, limit: usize) -> CheckReport {
    let customer = options.customer.clone();
    let problems = Problems { list: Vec::new(), limit, more: 0 };
    let mut out = Output {
        sink: None,
        problems: Some(problems),
        progress: reborrow(&mut options.progress),
        cancel: options.cancel,
        on_file: None,
    };
    let files = match read_any(path, customer.as_deref(), &mut out) {
        Ok(files) => files,
        Err(problem) => {
            if let Some(problems) = &mut out.problems {
                problems.push(problem);
            }
            Vec::new()
        }
    };
    let Problems { list, more, .. } = out.problems.unwrap_or(Problems { list: Vec::new(), limit, more: 0 });
    CheckReport { files, problems: list, more }
}

/// The format of a file (by content), or `ExportFolderManifest` for an export folder.
pub fn detect(path: &Path) -> Result<SourceFormat, ImportError> {
    if path.is_dir() {
        let manifest = path.join(layout::MANIFEST);
        if !manifest.is_file() {
            return Err(ImportError::new(
                ErrorKind::UnknownFormat,
                path,
                Position::File,
                format!("a folder without {}, so no export folder; {}", layout::MANIFEST, detect::EXPECTED),
            ));
        }
        return detect::detect_file(&manifest, None).map(|d| d.format);
    }
    detect::detect_file(path, None).map(|d| d.format)
}

/// The caller's progress callback, for the length of one read.
fn reborrow<'s>(progress: &'s mut Option<&mut dyn FnMut(Progress)>) -> Option<&'s mut dyn FnMut(Progress)> {
    match progress {
        Some(callback) => Some(&mut **callback),
        None => None,
    }
}

fn read_any(path: &Path, customer: Option<&str>, out: &mut Output<'_>) -> Result<Vec<FileSummary>, ImportError> {
    if path.is_dir() {
        return folder::read_folder(path, customer, out);
    }
    let given = match customer {
        Some(text) => Some(Given {
            tenant_id: values::tenant_id(text).map_err(|reason| {
                ImportError::invalid(path, Position::File, reason).with_field("--customer").with_value(text)
            })?,
            source: "--customer".to_string(),
        }),
        None => customer_of_folder(path),
    };
    let context = Context { customer: given, layout: None };
    let summary = read_file(path, &context, out)?;
    if summary.format == SourceFormat::ExportFolderManifest {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        return folder::read_folder(folder, customer, out);
    }
    let mut files = Vec::new();
    out.file_read(summary, &mut files);
    Ok(files)
}

/// A standalone file in a folder named by a tenant id (as in the export
/// layout, `customers/<tenantId>/subscriptions.json`) is about that customer.
fn customer_of_folder(path: &Path) -> Option<Given> {
    let parent = path.parent()?;
    let name = parent.file_name()?.to_str()?;
    let tenant_id = values::tenant_id(name).ok()?;
    Some(Given { tenant_id, source: format!("its folder {}", parent.display()) })
}

/// What the export folder layout says a file at a place is.
#[derive(Debug, Clone)]
pub(crate) enum Layout {
    Format(SourceFormat),
    PartnerRelationships(PartnerRelationshipType),
    CustomerRelationships,
}

/// What is known about a file before it is opened.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    pub(crate) customer: Option<Given>,
    pub(crate) layout: Option<Layout>,
}

/// What to read a file as, once its content and context are known.
enum Plan {
    Format(SourceFormat),
    Subscriptions(String),
    PortalSubscriptions(String),
    Relationships(RelationshipsOf),
}

fn plan(path: &Path, detected: &detect::Detected, context: &Context) -> Result<Plan, ImportError> {
    let format = detected.format;
    let is_relationships =
        matches!(format, SourceFormat::RestPartnerRelationships | SourceFormat::RestCustomerRelationships);
    let mismatch = |expected: SourceFormat| {
        ImportError::invalid(
            path,
            Position::File,
            format!("the file holds {}, where the export folder layout has {}", format.id(), expected.id()),
        )
    };
    match &context.layout {
        Some(Layout::Format(expected)) if *expected != format => return Err(mismatch(*expected)),
        Some(Layout::PartnerRelationships(_)) if !is_relationships => {
            return Err(mismatch(SourceFormat::RestPartnerRelationships));
        }
        Some(Layout::CustomerRelationships) if !is_relationships => {
            return Err(mismatch(SourceFormat::RestCustomerRelationships));
        }
        _ => {}
    }
    if let Some(Layout::PartnerRelationships(relationship_type)) = &context.layout {
        if let Some(customer) = &detected.customer_in_links {
            return Err(ImportError::invalid(
                path,
                Position::JsonPath("links.self.uri".into()),
                format!(
                    "the file lists the relationships of customer {customer}, where the layout has the partner's own"
                ),
            ));
        }
        return Ok(Plan::Relationships(RelationshipsOf::Partner(Some(relationship_type.clone()))));
    }
    let customer = || resolve_customer(path, context.customer.as_ref(), detected.customer_in_links.as_deref());
    Ok(match format {
        SourceFormat::RestSubscriptions => Plan::Subscriptions(customer()?),
        SourceFormat::PortalSubscriptionsCsv => Plan::PortalSubscriptions(customer()?),
        _ if is_relationships => {
            let about_customer = matches!(context.layout, Some(Layout::CustomerRelationships))
                || detected.customer_in_links.is_some()
                || context.customer.is_some();
            if about_customer {
                Plan::Relationships(RelationshipsOf::Customer(customer()?))
            } else {
                let asked = detected.self_uri.as_deref().and_then(rest::asked_relationship_type);
                Plan::Relationships(RelationshipsOf::Partner(asked))
            }
        }
        other => Plan::Format(other),
    })
}

/// The customer a file is about: `--customer`, else the folder, else the
/// file's own links; the links may not contradict what was given.
fn resolve_customer(path: &Path, given: Option<&Given>, linked: Option<&str>) -> Result<String, ImportError> {
    match (given, linked) {
        (Some(given), Some(linked)) if given.tenant_id != linked => Err(ImportError::invalid(
            path,
            Position::JsonPath("links".into()),
            format!("the file's links are about customer {linked}, but {} says {}", given.source, given.tenant_id),
        )),
        (Some(given), _) => Ok(given.tenant_id.clone()),
        (None, Some(linked)) => Ok(linked.to_string()),
        (None, None) => Err(ImportError::invalid(
            path,
            Position::File,
            "the file does not say which customer it belongs to: pass --customer <tenant id>, or put it in a folder named by the customer's tenant id",
        )
        .with_field("--customer")),
    }
}

pub(crate) fn read_file(path: &Path, context: &Context, out: &mut Output<'_>) -> Result<FileSummary, ImportError> {
    let detected = detect::detect_file(path, out.cancel)?;
    let plan = plan(path, &detected, context)?;
    if matches!(plan, Plan::Format(SourceFormat::ExportFolderManifest)) {
        let mut text = TextReader::open(path, out.cancel)?;
        let sha256 = text.finish(path)?;
        return Ok(FileSummary {
            path: path.to_path_buf(),
            format: SourceFormat::ExportFolderManifest,
            sha256,
            bytes: text.bytes_total,
            records: 0,
            coverage: Vec::new(),
        });
    }
    let mut text = TextReader::open(path, out.cancel)?;
    let bytes = text.bytes_total;
    let mut run = FileRun::new(out, path, text.state(), bytes);
    let (format, coverage) = match plan {
        Plan::Subscriptions(customer) => {
            (SourceFormat::RestSubscriptions, rest::read_subscriptions(&mut text, &mut run, &customer)?)
        }
        Plan::Relationships(of) => {
            let format = match of {
                RelationshipsOf::Customer(_) => SourceFormat::RestCustomerRelationships,
                RelationshipsOf::Partner(_) => SourceFormat::RestPartnerRelationships,
            };
            (format, rest::read_relationships(&mut text, &mut run, of)?)
        }
        Plan::PortalSubscriptions(customer) => {
            let mut input = CsvInput::open(&mut text, path)?;
            input.require(&portal_csv::SUBSCRIPTIONS, path)?;
            (SourceFormat::PortalSubscriptionsCsv, portal_csv::read_subscriptions(&mut input, &mut run, &customer)?)
        }
        Plan::Format(format) => (format, read_format(format, path, &mut text, &mut run, context)?),
    };
    let sha256 = text.finish(path)?;
    run.finish();
    Ok(FileSummary { path: path.to_path_buf(), format, sha256, bytes, records: run.records, coverage })
}

fn read_format(
    format: SourceFormat,
    path: &Path,
    text: &mut TextReader<'_>,
    run: &mut FileRun<'_, '_>,
    context: &Context,
) -> Result<Vec<Coverage>, ImportError> {
    match format {
        SourceFormat::RestCustomers => rest::read_customers(text, run),
        SourceFormat::RestCustomer => rest::read_customer(text, run, context.customer.as_ref()),
        SourceFormat::RestRelationshipRequest => rest::read_relationship_request(text, run),
        SourceFormat::GraphGdap => graph::read_gdap(text, run),
        SourceFormat::PartnerDeskJson => own_export::read_export(text, run),
        SourceFormat::PortalCustomersCsv
        | SourceFormat::ReconciliationLicenseCsv
        | SourceFormat::ReconciliationNewCommerceCsv => {
            let mut input = CsvInput::open(text, path)?;
            let Some(spec) = detect::spec_for(format) else { return Ok(Vec::new()) };
            input.require(spec, path)?;
            match format {
                SourceFormat::PortalCustomersCsv => portal_csv::read_customers(&mut input, run),
                SourceFormat::ReconciliationLicenseCsv => reconciliation::read_license_based(&mut input, run),
                _ => reconciliation::read_new_commerce(&mut input, run),
            }
        }
        // Planned elsewhere: they need a customer or a relationship context.
        SourceFormat::RestSubscriptions
        | SourceFormat::RestPartnerRelationships
        | SourceFormat::RestCustomerRelationships
        | SourceFormat::PortalSubscriptionsCsv
        | SourceFormat::ExportFolderManifest => Ok(Vec::new()),
    }
}
