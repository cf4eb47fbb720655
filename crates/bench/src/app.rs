//! The app's figures: the release app with its front end embedded, driven
//! through tauri-driver (WebDriver) as the end-to-end test drives it, on a
//! data dir holding the distributor profile. Run under Xvfb by `make bench`.
//!
//! - cold start: from asking for a WebDriver session (which launches the app)
//!   to the first customer row on screen, the click that opens the profile
//!   included; the picker's own time is reported beside it;
//! - IPC: `list_customers` for 200 rows at random offsets, called in the page
//!   through Tauri's invoke and timed there (`performance.now()`);
//! - memory: VmRSS / VmHWM of the app process and of the WebKit processes it
//!   started, after scrolling the customer table to its end page by page.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use partner_desk_webdriver::{Session, start_driver};
use serde_json::{Value, json};

use crate::{io, option, parsed};

const WAIT: Duration = Duration::from_secs(120);

/// Resident and peak memory (KiB) of one process, from /proc.
fn memory_kib(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        status.lines().find(|l| l.starts_with(name))?.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces: the fields after it follow the last ')'.
    stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()
}

fn pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|d| d.flatten().filter_map(|e| e.file_name().to_str()?.parse().ok()).collect())
        .unwrap_or_default()
}

/// The app's process: the one running `app`.
fn app_pid(app: &Path) -> Option<u32> {
    let app = app.canonicalize().ok()?;
    pids().into_iter().find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app))
}

/// Every process started by `root`, at any depth (WebKit's web and network
/// processes are the app's children).
fn descendants(root: u32) -> Vec<u32> {
    let all: Vec<(u32, Option<u32>)> = pids().into_iter().map(|p| (p, parent_of(p))).collect();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(all.iter().filter(|(_, pp)| *pp == Some(parent)).map(|(p, _)| *p));
        i += 1;
    }
    found.remove(0);
    found
}

/// Resident memory (MiB) of the app and each process it started, at one
/// moment: where memory grows between the stages of the run.
fn resident_now(pid: u32) -> Value {
    let mib = |kib: u64| kib as f64 / 1024.0;
    let mut by_process = serde_json::Map::new();
    let mut total = 0;
    for process in std::iter::once(pid).chain(descendants(pid)) {
        if let Some((rss, _)) = memory_kib(process) {
            total += rss;
            let name = if process == pid { "app".to_string() } else { format!("{} {process}", process_name(process)) };
            by_process.insert(name, json!(mib(rss)));
        }
    }
    by_process.insert("total".into(), json!(mib(total)));
    Value::Object(by_process)
}

fn process_name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).map(|s| s.trim().to_string()).unwrap_or_default()
}

const START_TIMELINE_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const round = (ms) => Math.round(ms);
done({
  now_ms: round(performance.now()),
  paints: performance.getEntriesByType('paint').map((e) => ({ name: e.name, at_ms: round(e.startTime) })),
});
"#;

const IPC_SCRIPT: &str = r#"
const [profile, runs, total] = arguments;
const done = arguments[arguments.length - 1];
(async () => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const offset = Math.floor(Math.random() * Math.max(1, total - 200));
    const started = performance.now();
    const page = await window.__TAURI_INTERNALS__.invoke('list_customers',
      { profile, query: { search: null, limit: 200, offset } });
    times.push(performance.now() - started);
    if (page.items.length !== 200) { done({ error: 'a short page: ' + page.items.length }); return; }
  }
  done({ times });
})().catch((e) => done({ error: String(e) }));
"#;

/// Scrolls the table to its end: a virtualized table one page of rows (200)
/// at a time, waiting until the rows in view are loaded and drawn; a table
/// with a "load more" button by clicking it, waiting for each page. Stops
/// at the end or when the time is up.
const SCROLL_SCRIPT: &str = r#"
const [seconds] = arguments;
const done = arguments[arguments.length - 1];
const started = performance.now();
const pageTimes = [];
const rows = () => document.querySelectorAll('[data-testid="customer-row"]').length;
const scroller = document.querySelector('[data-testid="customer-table-scroll"]');
const finish = (complete, extra) => done(Object.assign({ rows: rows(), complete, ms: performance.now() - started,
  pageTimes, pages: pageTimes.length }, extra));
if (scroller) {
  const step = () => {
    const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
    if (atEnd || performance.now() - started > seconds * 1000) {
      finish(atEnd, { mode: 'virtual', scrolled_px: scroller.scrollTop, height_px: scroller.scrollHeight });
      return;
    }
    const row = scroller.querySelector('[data-testid="customer-row"]');
    const rowHeight = row ? row.getBoundingClientRect().height : 32;
    scroller.scrollTop = Math.min(scroller.scrollTop + 200 * rowHeight, scroller.scrollHeight);
    const moved = performance.now();
    const wait = () => {
      if (scroller.querySelectorAll('.row-placeholder').length === 0 && rows() > 0) {
        pageTimes.push(performance.now() - moved);
        setTimeout(step, 0);
      } else if (performance.now() - moved > 60000) {
        finish(false, { mode: 'virtual', error: 'a page did not load' });
      } else {
        setTimeout(wait, 5);
      }
    };
    setTimeout(wait, 0);
  };
  step();
} else {
  const step = () => {
    const button = document.querySelector('[data-testid="load-more-customers"]');
    if (!button || performance.now() - started > seconds * 1000) {
      finish(!button, { mode: 'load-more' });
      return;
    }
    const before = rows();
    const clicked = performance.now();
    button.click();
    const wait = () => {
      if (rows() > before) { pageTimes.push(performance.now() - clicked); setTimeout(step, 0); }
      else if (performance.now() - clicked > 60000) { finish(false, { mode: 'load-more', error: 'a page did not render' }); }
      else { setTimeout(wait, 5); }
    };
    wait();
  };
  step();
}
"#;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

pub fn app(args: &[String]) -> Result<(), String> {
    let app = PathBuf::from(option(args, "--app").ok_or("app needs --app BINARY (the release app)")?);
    let data_dir = PathBuf::from(option(args, "--data-dir").ok_or("app needs --data-dir DIR (with the profile)")?);
    let ipc_runs: usize = parsed(args, "--ipc-runs", 200)?;
    let scroll_seconds: f64 = parsed(args, "--scroll-seconds", 300.0)?;
    let profiles = partner_desk_store::Profiles::new(&data_dir);
    let list = profiles.list().map_err(io("listing profiles"))?;
    let profile = list.profiles.first().ok_or("no profile in the data dir")?;
    if list.profiles.len() != 1 {
        return Err("the data dir must hold exactly one profile (the one to open)".into());
    }
    let total = profile.customer_count;

    let (_driver, port) = start_driver(&data_dir, &[], WAIT)?;
    let args = ["--data-dir".to_string(), data_dir.display().to_string()];

    let launched = Instant::now();
    // Requests may take as long as the scroll script; the first row is
    // looked for every 20 ms, so the cold start is timed finely.
    let wd = Session::start(port, &app, &args, Duration::from_secs(900))?.poll_every(Duration::from_millis(20));
    let session_ready = launched.elapsed();
    let open = wd.wait_for("[data-testid=open-profile]", WAIT)?;
    let picker = launched.elapsed();
    let resident_at_picker = app_pid(&app).map(resident_now);
    wd.click(&open)?;
    wd.wait_for("[data-testid=customer-row]", WAIT)?;
    let first_page = launched.elapsed();
    // The page's own clock (0 = navigation) at the first row, and its first
    // paint: how much of the start the page itself took. (Tauri's IPC calls
    // do not show in the page's resource timing here, so they are not listed.)
    let start_timeline = wd.execute_async(START_TIMELINE_SCRIPT, json!([]))?;
    let pid = app_pid(&app).ok_or("the app's process was not found")?;
    let after_open = memory_kib(pid);
    let resident_after_open = resident_now(pid);

    wd.set_script_timeout(Duration::from_secs(900))?;
    let ipc = wd.execute_async(IPC_SCRIPT, json!([profile.id, ipc_runs, total]))?;
    if let Some(error) = ipc["error"].as_str() {
        return Err(format!("IPC: {error}"));
    }
    let mut times: Vec<f64> =
        ipc["times"].as_array().map(|t| t.iter().filter_map(Value::as_f64).collect()).unwrap_or_default();
    times.sort_by(f64::total_cmp);
    let resident_after_ipc = resident_now(pid);

    let scrolled = wd.execute_async(SCROLL_SCRIPT, json!([scroll_seconds]))?;
    let mut page_times: Vec<f64> =
        scrolled["pageTimes"].as_array().map(|t| t.iter().filter_map(Value::as_f64).collect()).unwrap_or_default();
    let last_pages: Vec<f64> = page_times.iter().rev().take(10).copied().collect();
    page_times.sort_by(f64::total_cmp);
    let app_memory = memory_kib(pid);
    let children: Vec<Value> = descendants(pid)
        .into_iter()
        .filter_map(|child| {
            let (rss, hwm) = memory_kib(child)?;
            Some(json!({ "pid": child, "name": process_name(child), "rss_kib": rss, "hwm_kib": hwm }))
        })
        .collect();
    let total_rss: u64 =
        app_memory.map(|m| m.0).unwrap_or(0) + children.iter().filter_map(|c| c["rss_kib"].as_u64()).sum::<u64>();
    let mib = |kib: u64| kib as f64 / 1024.0;
    let report = json!({
        "profile_customers": total,
        "cold_start": {
            "session_seconds": session_ready.as_secs_f64(),
            "picker_seconds": picker.as_secs_f64(),
            "first_customers_page_seconds": first_page.as_secs_f64(),
            "page_timeline": start_timeline,
            "target_seconds": 1.5,
            "met": first_page.as_secs_f64() <= 1.5,
        },
        "ipc_page_of_200": {
            "runs": times.len(),
            "p50_ms": percentile(&times, 0.5),
            "p95_ms": percentile(&times, 0.95),
            "p99_ms": percentile(&times, 0.99),
            "target_ms": 20.0,
            "met": percentile(&times, 0.95) <= 20.0,
        },
        "table": {
            "mode": scrolled["mode"],
            "pages": scrolled["pages"],
            "rows_in_dom_at_end": scrolled["rows"],
            "complete": scrolled["complete"],
            "seconds": scrolled["ms"].as_f64().map(|ms| ms / 1000.0),
            "error": scrolled["error"],
            "page_p50_ms": percentile(&page_times, 0.5),
            "page_p95_ms": percentile(&page_times, 0.95),
            "last_pages_ms": last_pages,
        },
        "memory": {
            "app_after_open_mib": after_open.map(|m| mib(m.0)),
            "app_rss_mib": app_memory.map(|m| mib(m.0)),
            "app_hwm_mib": app_memory.map(|m| mib(m.1)),
            "webkit_processes": children,
            "total_rss_mib": mib(total_rss),
            "resident_mib_by_stage": {
                "picker": resident_at_picker,
                "profile_open": resident_after_open,
                "after_ipc_runs": resident_after_ipc,
                "after_scrolling": resident_now(pid),
            },
            "target_mib": 250.0,
            "met": mib(total_rss) <= 250.0,
        },
    });
    println!("{report}");
    Ok(())
}
