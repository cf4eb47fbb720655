//! The export folder: what `scripts/export-partner-center.ps1` writes, one
//! Partner Center file per place, read in a fixed order (manifest, customers,
//! each customer's files, two-tier relationships, GDAP, the invitation).
//! The layout is documented in `docs/formats.md`; its names are [`layout`].

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use partner_desk_core::Cloud;
use partner_desk_core::model::PartnerRelationshipType;
use partner_desk_core::records::SourceFormat;
use serde::Serialize;

use crate::error::{ErrorKind, ImportError, Position};
use crate::json_fields::Fields;
use crate::rest::{Given, read_whole};
use crate::run::{FileRun, Output};
use crate::text::TextReader;
use crate::{Context, FileSummary, Layout, read_file};

/// The names of the export folder's files, shared by the reader, the export
/// script's test and the docs.
pub mod layout {
    pub const MANIFEST: &str = "manifest.json";
    pub const CUSTOMERS: &str = "customers.json";
    /// Holds one folder per customer, named by its tenant id.
    pub const CUSTOMERS_DIR: &str = "customers";
    pub const CUSTOMER: &str = "customer.json";
    pub const SUBSCRIPTIONS: &str = "subscriptions.json";
    pub const CUSTOMER_RELATIONSHIPS: &str = "relationships.json";
    pub const RELATIONSHIPS_DIR: &str = "relationships";
    pub const INDIRECT_RESELLERS: &str = "indirect-resellers.json";
    pub const INDIRECT_PROVIDERS: &str = "indirect-providers.json";
    pub const GDAP: &str = "gdap.json";
    pub const RELATIONSHIP_REQUEST: &str = "relationship-request.json";

    /// The manifest's `format` value.
    pub const MANIFEST_FORMAT: &str = "partner-center-export";
    pub const MANIFEST_VERSION: u64 = 1;

    /// Every file of the layout, relative to the folder (`{tenantId}` stands
    /// for a customer folder), whether it must be there, and what it holds.
    pub const FILES: &[(&str, bool, &str)] = &[
        ("manifest.json", true, "the manifest: cloud, partner tenant, export time"),
        ("customers.json", true, "GET /v1/customers"),
        ("customers/{tenantId}/customer.json", false, "GET /v1/customers/{id}"),
        ("customers/{tenantId}/subscriptions.json", true, "GET /v1/customers/{id}/subscriptions"),
        ("customers/{tenantId}/relationships.json", false, "GET /v1/customers/{id}/relationships"),
        (
            "relationships/indirect-resellers.json",
            false,
            "GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf",
        ),
        (
            "relationships/indirect-providers.json",
            false,
            "GET /v1/relationships?relationship_type=IsIndirectResellerOf",
        ),
        ("gdap.json", false, "GET /v1.0/tenantRelationships/delegatedAdminRelationships (Graph)"),
        ("relationship-request.json", false, "GET /v1/customers/relationshiprequests"),
    ];

    /// Which layout file `relative` (with `/` separators) is, if any:
    /// the entry of [`FILES`] it matches.
    pub fn role_of(relative: &str) -> Option<&'static str> {
        let parts: Vec<&str> = relative.split('/').filter(|p| !p.is_empty()).collect();
        FILES.iter().map(|(pattern, _, _)| *pattern).find(|pattern| {
            let wanted: Vec<&str> = pattern.split('/').collect();
            wanted.len() == parts.len()
                && wanted.iter().zip(&parts).all(|(w, p)| {
                    if *w == "{tenantId}" {
                        partner_desk_core::ids::parse_tenant_id("tenant id", p).is_ok()
                    } else {
                        w == p
                    }
                })
        })
    }
}

/// What the export's `manifest.json` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub version: u64,
    pub cloud: Cloud,
    pub partner_tenant_id: String,
    pub exported_at: DateTime<Utc>,
}

/// Reads an export folder's manifest (pass the folder or the manifest file),
/// so a caller can check the cloud and partner against its profile first.
pub fn read_manifest(path: &Path) -> Result<Manifest, ImportError> {
    let file = if path.is_dir() { path.join(layout::MANIFEST) } else { path.to_path_buf() };
    let mut text = TextReader::open(&file, None)?;
    let state = text.state();
    let value = read_whole(&mut text, state, &file)?;
    parse_manifest(&file, &value)
}

pub(crate) fn parse_manifest(file: &Path, value: &serde_json::Value) -> Result<Manifest, ImportError> {
    let mut fields = Fields::new(file, String::new(), value);
    let format = fields.required_text("format");
    if let Some(format) = format.as_deref().filter(|f| *f != layout::MANIFEST_FORMAT) {
        fields.issue("format", Some(format), format!("must be {:?}", layout::MANIFEST_FORMAT));
    }
    let version = fields.integer("version");
    match version {
        Some(v) if v == layout::MANIFEST_VERSION as i64 => {}
        Some(v) => fields.issue(
            "version",
            Some(&v.to_string()),
            format!(
                "must be {}: this export was written by a newer script than this reader knows",
                layout::MANIFEST_VERSION
            ),
        ),
        None if fields.get("version").is_none() => fields.issue("version", None, "is missing"),
        None => {}
    }
    let cloud = fields.required_text("cloud").and_then(|text| match Cloud::parse(&text) {
        Ok(cloud) => Some(cloud),
        Err(_) => {
            fields.issue("cloud", Some(&text), "must be one of global, us-gov, germany, china");
            None
        }
    });
    let partner_tenant_id = fields.required_tenant("partnerTenantId");
    let exported_at =
        fields.required_text("exportedAt").and_then(|text| match DateTime::parse_from_rfc3339(text.trim()) {
            Ok(at) => Some(at.to_utc()),
            Err(_) => {
                fields.issue("exportedAt", Some(&text), "must be an RFC 3339 time such as 2026-11-20T09:00:00Z");
                None
            }
        });
    let mut issues = fields.issues.into_iter();
    if let Some(first) = issues.next() {
        return Err(first);
    }
    match (cloud, partner_tenant_id, exported_at) {
        (Some(cloud), Some(partner_tenant_id), Some(exported_at)) => {
            Ok(Manifest { version: layout::MANIFEST_VERSION, cloud, partner_tenant_id, exported_at })
        }
        _ => Err(ImportError::invalid(file, Position::File, "not a complete manifest")),
    }
}

fn missing(file: &Path) -> ImportError {
    ImportError::new(
        ErrorKind::Invalid,
        file,
        Position::File,
        "missing: the export folder layout requires this file (see docs/formats.md)",
    )
}

/// Reads one file of the folder, or notes why it could not be read: a check
/// goes on with the next file, a read stops.
fn step(
    out: &mut Output<'_>,
    summaries: &mut Vec<FileSummary>,
    path: &Path,
    required: bool,
    context: Context,
) -> Result<(), ImportError> {
    if !path.is_file() {
        return if required { out.file_problem(missing(path)) } else { Ok(()) };
    }
    match read_file(path, &context, out) {
        Ok(summary) => {
            out.file_read(summary, summaries);
            Ok(())
        }
        Err(problem) => out.file_problem(problem),
    }
}

fn customer_folders(dir: &Path) -> Result<Vec<(PathBuf, String)>, ImportError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ImportError::io(dir, &e)),
    };
    let mut folders = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| ImportError::io(dir, &e))?;
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        match crate::values::tenant_id(&name) {
            Ok(tenant_id) => folders.push((path, tenant_id)),
            Err(reason) => {
                return Err(ImportError::invalid(&path, Position::File, format!("a customer folder's name {reason}"))
                    .with_value(&name));
            }
        }
    }
    folders.sort();
    Ok(folders)
}

pub(crate) fn read_folder(
    dir: &Path,
    customer_option: Option<&str>,
    out: &mut Output<'_>,
) -> Result<Vec<FileSummary>, ImportError> {
    if customer_option.is_some() {
        return Err(ImportError::invalid(
            dir,
            Position::File,
            "an export folder keeps each customer's files in the customer's own folder: --customer applies to a single file",
        )
        .with_field("--customer"));
    }
    let mut summaries = Vec::new();
    let manifest_path = dir.join(layout::MANIFEST);
    if manifest_path.is_file() {
        match read_manifest_summary(&manifest_path, out) {
            Ok(summary) => out.file_read(summary, &mut summaries),
            Err(problem) => out.file_problem(problem)?,
        }
    } else {
        out.file_problem(missing(&manifest_path))?;
    }
    let expect = |format| Context { layout: Some(Layout::Format(format)), ..Context::default() };
    step(out, &mut summaries, &dir.join(layout::CUSTOMERS), true, expect(SourceFormat::RestCustomers))?;
    let folders = match customer_folders(&dir.join(layout::CUSTOMERS_DIR)) {
        Ok(folders) => folders,
        Err(problem) => {
            out.file_problem(problem)?;
            Vec::new()
        }
    };
    for (folder, tenant_id) in folders {
        let given = Given { tenant_id, source: format!("its folder {}", folder.display()) };
        let files = [
            (layout::CUSTOMER, false, Layout::Format(SourceFormat::RestCustomer)),
            (layout::SUBSCRIPTIONS, true, Layout::Format(SourceFormat::RestSubscriptions)),
            (layout::CUSTOMER_RELATIONSHIPS, false, Layout::CustomerRelationships),
        ];
        for (name, required, layout) in files {
            let context = Context { customer: Some(given.clone()), layout: Some(layout) };
            step(out, &mut summaries, &folder.join(name), required, context)?;
        }
    }
    let relationships = dir.join(layout::RELATIONSHIPS_DIR);
    for (name, relationship_type) in [
        (layout::INDIRECT_RESELLERS, PartnerRelationshipType::IsIndirectCloudSolutionProviderOf),
        (layout::INDIRECT_PROVIDERS, PartnerRelationshipType::IsIndirectResellerOf),
    ] {
        let context = Context { layout: Some(Layout::PartnerRelationships(relationship_type)), ..Context::default() };
        step(out, &mut summaries, &relationships.join(name), false, context)?;
    }
    step(out, &mut summaries, &dir.join(layout::GDAP), false, expect(SourceFormat::GraphGdap))?;
    step(
        out,
        &mut summaries,
        &dir.join(layout::RELATIONSHIP_REQUEST),
        false,
        expect(SourceFormat::RestRelationshipRequest),
    )?;
    Ok(summaries)
}

fn read_manifest_summary(path: &Path, out: &mut Output<'_>) -> Result<FileSummary, ImportError> {
    let mut text = TextReader::open(path, out.cancel)?;
    let state = text.state();
    let bytes = text.bytes_total;
    let mut run = FileRun::new(out, path, std::rc::Rc::clone(&state), bytes);
    run.tick()?;
    let value = read_whole(&mut text, state, path)?;
    parse_manifest(path, &value)?;
    let sha256 = text.finish(path)?;
    run.finish();
    Ok(FileSummary {
        path: path.to_path_buf(),
        format: SourceFormat::ExportFolderManifest,
        sha256,
        bytes,
        records: 0,
        coverage: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::layout::role_of;

    #[test]
    fn layout_paths_are_recognised() {
        assert_eq!(role_of("customers.json"), Some("customers.json"));
        assert_eq!(
            role_of("customers/2b6f8e41-0c3d-4a57-9e12-7f4d5a8c9b30/subscriptions.json"),
            Some("customers/{tenantId}/subscriptions.json")
        );
        assert_eq!(role_of("customers/contoso/subscriptions.json"), None);
        assert_eq!(role_of("relationships/indirect-resellers.json"), Some("relationships/indirect-resellers.json"));
        assert_eq!(role_of("subscriptions.json"), None);
    }
}
