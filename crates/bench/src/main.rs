//! `partner-desk-bench`: measurements that are not tests (BENCHMARKS.md).
//!
//! - `dataset --out DIR [--scale S] [--seed N]`: the distributor dataset in
//!   the import formats (`dataset.rs`).
//! - `run --dataset DIR --work DIR [--runs N] [--heavy-runs N] [--max-seconds S]`:
//!   imports it into a fresh profile beside the two baselines, then times the
//!   queries; one JSON report on stdout.
//! - `suite --out DIR [--scales 0.1,0.5,1.0] [--seed N] ...`: dataset and run
//!   per scale (each run its own process, so its peak memory is its own),
//!   then `DIR/report.json` and a table.
//! - `app --app BINARY --data-dir DIR [--ipc-runs N] [--scroll-seconds S]`: the
//!   release app's start, IPC and memory on that profile (`app.rs`; needs
//!   tauri-driver and a display).
//! - `report --out DIR`: `report.json` and the table again from the parts in DIR.
//! - `startup --data-dir DIR`: the store's part of the app's cold start, step
//!   by step, in a fresh process (the list, opening the profile, the first
//!   page, the filter menus).
//! - `make-export FILE --megabytes N [--seed S]` and `import FILE [--data-dir DIR]`:
//!   the 1 GiB file and its import's peak memory (`big_file.rs`).

mod app;
mod baseline;
mod big_file;
mod dataset;
mod queries;
mod report;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::Utc;
use partner_desk_core::ProfileSpec;
use partner_desk_core::records::{Coverage, Record, RecordSink, SourceFile};
use partner_desk_import::ReadOptions;
use partner_desk_store::{ProfileDb, Profiles};

const USAGE: &str = "usage: partner-desk-bench dataset --out DIR [--scale S] [--seed N]
       partner-desk-bench run --dataset DIR --work DIR [--runs N] [--heavy-runs N] [--max-seconds S] [--queries-only | --reuse-profile]
       partner-desk-bench suite --out DIR [--scales 0.1,0.5,1.0] [--seed N] [--runs N] [--heavy-runs N] [--max-seconds S]
       partner-desk-bench app --app BINARY --data-dir DIR [--ipc-runs N] [--scroll-seconds S]
       partner-desk-bench report --out DIR
       partner-desk-bench make-export FILE --megabytes N [--seed S]
       partner-desk-bench import FILE [--data-dir DIR]
       partner-desk-bench startup --data-dir DIR";

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("dataset") => dataset_command(rest),
        Some("run") => run_command(rest),
        Some("suite") => report::suite(rest),
        Some("app") => app::app(rest),
        Some("report") => report::report(rest),
        Some("make-export") => big_file::make_export(rest),
        Some("import") => big_file::import(rest),
        Some("startup") => startup(rest),
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("partner-desk-bench: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

pub(crate) fn option(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

pub(crate) fn parsed<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    match option(args, name) {
        Some(text) => text.parse().map_err(|e| format!("{name} {text:?}: {e}")),
        None => Ok(default),
    }
}

pub(crate) fn io<E: std::fmt::Display>(context: &str) -> impl Fn(E) -> String + '_ {
    move |e| format!("{context}: {e}")
}

/// Peak resident set size of this process, in MiB (Linux).
pub(crate) fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn dataset_command(args: &[String]) -> Result<(), String> {
    let out = PathBuf::from(option(args, "--out").ok_or("dataset needs --out DIR")?);
    let scale: f64 = parsed(args, "--scale", 1.0)?;
    let seed: u64 = parsed(args, "--seed", 1)?;
    std::fs::create_dir_all(&out).map_err(io("creating the dataset folder"))?;
    let started = Instant::now();
    let counts = dataset::write(&out, scale, seed)?;
    let mut report = serde_json::to_value(&counts).map_err(io("report"))?;
    report["seconds"] = serde_json::json!(started.elapsed().as_secs_f64());
    println!("{report}");
    Ok(())
}

/// Imports `paths` into `db` as one snapshot; (records, seconds, summary,
/// whether it was written in bulk).
fn import(
    db: &mut ProfileDb,
    paths: &[PathBuf],
) -> Result<(u64, f64, partner_desk_store::ImportSummary, bool), String> {
    let started = Instant::now();
    let mut session = db.begin_import(Utc::now()).map_err(io("starting the import"))?;
    let bulk = session.writes_in_bulk();
    let mut counted = Counted { inner: &mut session, records: 0 };
    partner_desk_import::read_into(paths, &mut ReadOptions::default(), &mut counted).map_err(io("reading"))?;
    let records = counted.records;
    let summary = session.finish().map_err(io("finishing the import"))?;
    Ok((records, started.elapsed().as_secs_f64(), summary, bulk))
}

fn run_command(args: &[String]) -> Result<(), String> {
    let dataset_dir = PathBuf::from(option(args, "--dataset").ok_or("run needs --dataset DIR")?);
    let work = PathBuf::from(option(args, "--work").ok_or("run needs --work DIR")?);
    let budget = queries::Budget {
        runs: parsed(args, "--runs", 1000)?,
        heavy_runs: parsed(args, "--heavy-runs", 5)?,
        max_seconds: parsed(args, "--max-seconds", 120.0)?,
        only: option(args, "--only"),
    };
    let counts = dataset::read_counts(&dataset_dir)?;
    let data_dir = work.join("data");
    if args.iter().any(|a| a == "--queries-only") {
        return queries_only(&data_dir, &budget, counts.seed);
    }
    // The baselines and queries again on the profile a run imported (when a
    // run stopped after its import), without the import's figures.
    let reuse = args.iter().any(|a| a == "--reuse-profile");
    if data_dir.exists() && !reuse {
        std::fs::remove_dir_all(&data_dir).map_err(io("clearing the old profile"))?;
    }
    let demo = dataset::demo(counts.scale, counts.seed);
    let own = &demo.network().own;
    let spec = ProfileSpec::from_input(
        "Distributor (benchmark)",
        "global",
        own.tenant_id.as_deref(),
        own.mpn_id.as_deref(),
        Some(demo.options().role.id()),
    )
    .map_err(io("profile"))?;
    let profiles = Profiles::new(&data_dir);
    let (db, imported, second) = if reuse {
        let list = profiles.list().map_err(io("listing profiles"))?;
        let profile = list.profiles.first().ok_or("no profile to reuse in the work folder")?;
        (profiles.open(&profile.id).map_err(io("opening the profile"))?, None, None)
    } else {
        let profile = profiles.create(&spec, Utc::now()).map_err(io("creating the profile"))?;
        let mut db = profiles.open(&profile.id).map_err(io("opening the profile"))?;
        eprintln!("importing {} customers ...", counts.customers);
        let (records, seconds, summary, bulk) = import(&mut db, &dataset::import_paths(&dataset_dir))?;
        let peak = peak_rss_mib();
        eprintln!("imported {records} records in {seconds:.1} s");
        let second = import(&mut db, &[dataset_dir.join(dataset::CHANGES)])?;
        (db, Some((records, seconds, summary, peak, bulk)), Some(second))
    };
    let rows = baseline::count_rows(db.path())?;

    eprintln!("bare insert baseline ...");
    let bare = baseline::bare_insert(db.path(), &work.join("bare-insert.sqlite"))?;
    let _ = std::fs::remove_file(work.join("bare-insert.sqlite"));
    let _ = std::fs::remove_file(work.join("bare-insert.sqlite-wal"));
    eprintln!("sqlite3 .import baseline ...");
    let schema = partner_desk_store::schema::MIGRATIONS.join("\n");
    let shell = baseline::sqlite3_import(db.path(), &work.join("sqlite3"), &schema)?;
    let _ = std::fs::remove_dir_all(work.join("sqlite3"));

    eprintln!("queries ...");
    let latencies = queries::run_all(&db, &budget, counts.seed)?;
    let import_report = imported.as_ref().map(|(records, seconds, summary, peak, bulk)| {
        serde_json::json!({
            "records": records,
            "rows": rows,
            "seconds": seconds,
            "records_per_second": *records as f64 / seconds,
            "rows_per_second": rows as f64 / seconds,
            "peak_rss_mib": peak,
            "written_in_bulk": bulk,
            "counts": summary.counts,
        })
    });
    let rows_per_second = imported.as_ref().map(|(_, seconds, _, _, _)| rows as f64 / seconds);
    let report = serde_json::json!({
        "scale": counts.scale,
        "dataset": counts,
        "rows": rows,
        "import": import_report,
        "second_import": second.map(|(records, seconds, _, bulk)| serde_json::json!({
            "records": records,
            "seconds": seconds,
            "records_per_second": records as f64 / seconds,
            "written_in_bulk": bulk,
        })),
        "baselines": { "bare_insert": bare, "sqlite3_import": shell },
        "ratios": {
            "import_to_bare_insert": rows_per_second.map(|r| r / bare.rows_per_second),
            "import_to_sqlite3_import": rows_per_second.zip(shell.as_ref()).map(|(r, s)| r / s.rows_per_second),
        },
        "queries": latencies,
        "profile": db.path().display().to_string(),
        "profile_bytes": file_bytes(db.path()),
    });
    println!("{report}");
    Ok(())
}

/// The queries again on the profile a previous run imported (to compare a
/// change to the queries without importing again).
fn queries_only(data_dir: &Path, budget: &queries::Budget, seed: u64) -> Result<(), String> {
    let profiles = Profiles::new(data_dir);
    let list = profiles.list().map_err(io("listing profiles"))?;
    let profile = list.profiles.first().ok_or("no profile in the work folder: run without --queries-only first")?;
    let db = profiles.open(&profile.id).map_err(io("opening the profile"))?;
    let latencies = queries::run_all(&db, budget, seed)?;
    println!("{}", serde_json::json!({ "queries": latencies }));
    Ok(())
}

fn file_bytes(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// Counts the records on their way to the import session.
pub(crate) struct Counted<'a, S: RecordSink> {
    pub(crate) inner: &'a mut S,
    pub(crate) records: u64,
}

impl<S: RecordSink> RecordSink for Counted<'_, S> {
    fn apply(&mut self, record: Record) -> Result<(), String> {
        self.records += 1;
        self.inner.apply(record)
    }
    fn add_file(&mut self, file: SourceFile, coverage: Vec<Coverage>) {
        self.inner.add_file(file, coverage)
    }
}

/// Times each store call the app makes from start to the first customers
/// page, in the order it makes them, on a connection as fresh as the app's.
fn startup(args: &[String]) -> Result<(), String> {
    let data_dir = PathBuf::from(option(args, "--data-dir").ok_or("startup needs --data-dir DIR")?);
    let profiles = Profiles::new(&data_dir);
    let mut steps = serde_json::Map::new();
    let mut step = |name: &str, started: Instant| {
        steps.insert(name.into(), serde_json::json!(started.elapsed().as_secs_f64() * 1000.0));
    };
    let started = Instant::now();
    let list = profiles.list().map_err(io("listing profiles"))?;
    step("list_profiles_ms", started);
    let profile = list.profiles.first().ok_or("no profile in the data dir")?;
    let started = Instant::now();
    let db = profiles.open(&profile.id).map_err(io("opening the profile"))?;
    db.mark_opened(Utc::now()).map_err(io("opening the profile"))?;
    db.summary().map_err(io("opening the profile"))?;
    step("open_profile_ms", started);
    let started = Instant::now();
    let page = db
        .customers(&partner_desk_store::CustomerQuery::search(None, 200, 0), Utc::now().date_naive())
        .map_err(io("listing"))?;
    step("first_page_ms", started);
    let started = Instant::now();
    db.filter_options().map_err(io("filter options"))?;
    step("filter_options_ms", started);
    steps.insert("customers".into(), serde_json::json!(page.total));
    println!("{}", serde_json::Value::Object(steps));
    Ok(())
}
