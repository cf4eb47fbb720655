//! import, snapshots, diff, export.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::Utc;
use partner_desk_import::{ImportError, Progress, ReadOptions};
use partner_desk_store::{ExportFormat, ExportWhat, ImportSummary, Profiles};

use crate::output::{Failure, Output};

/// The most problems `--check` lists before it only counts the rest.
const CHECK_LIMIT: usize = 50;

impl From<ImportError> for Failure {
    fn from(err: ImportError) -> Failure {
        let code = match err.kind {
            partner_desk_import::ErrorKind::Cancelled => "cancelled",
            partner_desk_import::ErrorKind::Io => "io",
            partner_desk_import::ErrorKind::UnknownFormat => "unknown_format",
            _ => "invalid_file",
        };
        Failure::new(code, err.to_string())
    }
}

/// A one-line progress display on a terminal; silent otherwise.
fn progress_line() -> impl FnMut(Progress) {
    let show = std::io::stderr().is_terminal();
    move |p: Progress| {
        if !show {
            return;
        }
        let percent = (p.bytes_read * 100).checked_div(p.bytes_total).unwrap_or(100).min(100);
        let name = p.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let filled = (percent / 5) as usize;
        eprint!(
            "\r[{}{}] {percent:>3}% {name} · {} records ",
            "#".repeat(filled),
            " ".repeat(20 - filled.min(20)),
            p.records
        );
        let _ = std::io::stderr().flush();
    }
}

pub fn import(
    out: &Output,
    profiles: &Profiles,
    profile: &str,
    customer: Option<String>,
    check: bool,
    paths: &[PathBuf],
) -> Result<(), Failure> {
    let mut db = profiles.open(profile)?;
    let mut show = progress_line();
    if check {
        let mut reports = Vec::new();
        for path in paths {
            let mut options = ReadOptions { customer: customer.clone(), progress: Some(&mut show), cancel: None };
            reports.push(partner_desk_import::check_path(path, &mut options, CHECK_LIMIT));
        }
        clear_progress();
        let problems: usize = reports.iter().map(|r| r.problems.len() + r.more).sum();
        out.emit(&reports, |reports| {
            let mut text = String::new();
            for report in reports.iter() {
                for f in &report.files {
                    text += &format!("{}: {} ({} records)\n", f.path.display(), f.format.id(), f.records);
                }
                for p in &report.problems {
                    text += &format!("problem: {p}\n");
                }
                if report.more > 0 {
                    text += &format!("… and {} more problems\n", report.more);
                }
            }
            if problems == 0 {
                text += "No problems found; nothing was written.\n"
            }
            text
        })?;
        return if problems == 0 {
            Ok(())
        } else {
            Err(Failure::new("invalid_file", format!("{problems} problem(s) found; nothing was written")))
        };
    }
    let mut session = db.begin_import(Utc::now())?;
    let mut options = ReadOptions { customer, progress: Some(&mut show), cancel: None };
    partner_desk_import::read_into(paths, &mut options, &mut session)?;
    let summary = session.finish()?;
    clear_progress();
    out.emit(&summary, render_summary)
}

fn clear_progress() {
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[2K");
    }
}

fn render_summary(summary: &ImportSummary) -> String {
    let mut text = format!("Snapshot {}: {} files\n", summary.snapshot_id, summary.files);
    for (entity, c) in &summary.counts {
        text += &format!(
            "  {entity:<22} {:>7} added {:>7} changed {:>7} removed {:>7} unchanged{}\n",
            c.added,
            c.changed,
            c.removed,
            c.unchanged,
            if c.kept_manual > 0 { format!(" {:>5} kept (entered here)", c.kept_manual) } else { String::new() }
        );
    }
    if summary.total_changes() == 0 {
        text += "Nothing changed.\n";
    }
    text
}

pub fn snapshots(out: &Output, profiles: &Profiles, profile: &str) -> Result<(), Failure> {
    let list = profiles.open(profile)?.snapshots()?;
    out.emit(&list, |list| {
        if list.is_empty() {
            return "No snapshots yet: import files with `partner-desk-cli import`.".into();
        }
        list.iter()
            .map(|s| {
                let changes = s.summary.as_ref().map(|x| x.total_changes()).unwrap_or(0);
                let files = s.summary.as_ref().map(|x| x.files).unwrap_or(0);
                format!("{:>4}  {}  {:<6}  {files} files  {changes} changes", s.id, s.created_at, s.kind)
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

pub fn diff(out: &Output, profiles: &Profiles, profile: &str, from: i64, to: Option<i64>) -> Result<(), Failure> {
    let diff = profiles.open(profile)?.diff(from, to)?;
    out.emit(&diff, |d| {
        let mut text = format!("From snapshot {} to {}\n", d.from, d.to);
        for c in &d.customers_added {
            text += &format!("+ customer {} {}\n", c.tenant_id, c.company_name);
        }
        for c in &d.customers_removed {
            text += &format!("- customer {} {}\n", c.tenant_id, c.company_name);
        }
        for l in &d.partners_added {
            text += &format!(
                "+ partner  {} {} ({}) on {}\n",
                l.partner_name,
                l.kind,
                l.scope.as_deref().unwrap_or("-"),
                l.customer_tenant_id
            );
        }
        for l in &d.partners_removed {
            text += &format!(
                "- partner  {} {} ({}) on {}\n",
                l.partner_name,
                l.kind,
                l.scope.as_deref().unwrap_or("-"),
                l.customer_tenant_id
            );
        }
        for (label, changes) in [("subscription", &d.subscription_changes), ("gdap", &d.gdap_changes)] {
            for c in changes {
                match c.field.as_str() {
                    "added" => text += &format!("+ {label} {}\n", c.id),
                    "removed" => text += &format!("- {label} {}\n", c.id),
                    field => {
                        text += &format!(
                            "~ {label} {} {field}: {} → {}\n",
                            c.id,
                            c.before.as_deref().unwrap_or(""),
                            c.after.as_deref().unwrap_or("")
                        )
                    }
                }
            }
        }
        text
    })
}

/// What `export` was asked for, as typed.
pub struct ExportRequest<'a> {
    pub profile: &'a str,
    pub what: &'a str,
    pub format: &'a str,
    pub path: &'a std::path::Path,
    pub search: Option<&'a str>,
    pub today: chrono::NaiveDate,
}

pub fn export(out: &Output, profiles: &Profiles, request: ExportRequest<'_>) -> Result<(), Failure> {
    let ExportRequest { profile, what, format, path, search, today } = request;
    let what = match what {
        "customers" => ExportWhat::Customers,
        "subscriptions" => ExportWhat::Subscriptions,
        "links" => ExportWhat::Links,
        "gdap" => ExportWhat::Gdap,
        "findings" => ExportWhat::Findings,
        "all" => ExportWhat::All,
        other => {
            return Err(Failure::new(
                "invalid_input",
                format!("--what {other:?} must be one of customers, subscriptions, links, gdap, findings, all"),
            ));
        }
    };
    let format = match format {
        "csv" => ExportFormat::Csv,
        "json" => ExportFormat::Json,
        "xlsx" => ExportFormat::Xlsx,
        other => {
            return Err(Failure::new("invalid_input", format!("--format {other:?} must be one of csv, json, xlsx")));
        }
    };
    let summary = profiles.open(profile)?.export(what, format, search, today, path)?;
    out.emit(&summary, |s| format!("Wrote {} rows to {}", s.rows, s.path))
}
