//! The suite: a dataset and a run per scale, each run in its own process,
//! then one report (`report.json`) and a table on stdout.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::{io, option, parsed};

fn bench_exe() -> Result<PathBuf, String> {
    std::env::current_exe().map_err(io("finding the benchmark binary"))
}

fn run_json(args: &[String]) -> Result<Value, String> {
    let out =
        Command::new(bench_exe()?).args(args).stderr(Stdio::inherit()).output().map_err(io("running the benchmark"))?;
    if !out.status.success() {
        return Err(format!("{} failed", args.first().map(String::as_str).unwrap_or("a step")));
    }
    serde_json::from_slice(&out.stdout).map_err(io("reading a step's report"))
}

/// A JSON file: pretty, or the last line of a step's output.
fn read_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok().or_else(|| serde_json::from_str(text.lines().last()?).ok())
}

/// The machine, as far as the report can say: other work on it shows in the
/// load average, taken before and after.
fn machine() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split(':').nth(1));
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo.lines().find(|l| l.starts_with("MemTotal")).map(|l| l.split_whitespace().nth(1));
    json!({
        "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        "cpu_model": model.map(str::trim),
        "memory_kib": memory.flatten().and_then(|m| m.parse::<u64>().ok()),
        "sqlite": rusqlite::version(),
        "loadavg": load_average(),
    })
}

fn load_average() -> Option<String> {
    std::fs::read_to_string("/proc/loadavg").ok().map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}

pub fn suite(args: &[String]) -> Result<(), String> {
    let out = PathBuf::from(option(args, "--out").ok_or("suite needs --out DIR")?);
    let scales = option(args, "--scales").unwrap_or_else(|| "0.1,0.5,1.0".into());
    let seed: u64 = parsed(args, "--seed", 1)?;
    let passed = |name: &str| option(args, name).map(|v| vec![name.to_string(), v]).unwrap_or_default();
    std::fs::create_dir_all(&out).map_err(io("creating the output folder"))?;
    let machine_before = machine();
    let mut runs = Vec::new();
    for scale in scales.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let scale_value: f64 = scale.parse().map_err(|e| format!("--scales {scale:?}: {e}"))?;
        let data = out.join(format!("data-{scale}"));
        let same = crate::dataset::read_counts(&data).is_ok_and(|c| c.scale == scale_value && c.seed == seed);
        if !same {
            eprintln!("writing the dataset at scale {scale} ...");
            let path = data.display().to_string();
            run_json(&[
                "dataset".into(),
                "--out".into(),
                path,
                "--scale".into(),
                scale.into(),
                "--seed".into(),
                seed.to_string(),
            ])?;
        }
        let mut run_args = vec![
            "run".into(),
            "--dataset".into(),
            data.display().to_string(),
            "--work".into(),
            out.join(format!("work-{scale}")).display().to_string(),
        ];
        for name in ["--runs", "--heavy-runs", "--max-seconds"] {
            run_args.extend(passed(name));
        }
        let mut run = run_json(&run_args)?;
        run["machine"] = machine_before.clone();
        run["loadavg_after"] = json!(load_average());
        let text = serde_json::to_string_pretty(&run).map_err(io("report"))?;
        std::fs::write(out.join(format!("run-{scale}.json")), text).map_err(io("writing a run's report"))?;
        runs.push(scale.to_string());
    }
    assemble(&out, &runs)
}

/// `report.json` and the table from the parts a suite and `make bench` left
/// in `out`: the runs (all scales found, or those named), the 1 GiB import
/// and the app's figures.
pub fn assemble(out: &Path, scales: &[String]) -> Result<(), String> {
    let mut found: Vec<(f64, Value)> = Vec::new();
    for entry in std::fs::read_dir(out).map_err(io("reading the output folder"))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(scale) = name.strip_prefix("run-").and_then(|n| n.strip_suffix(".json")) else { continue };
        if !scales.is_empty() && !scales.iter().any(|s| s == scale) {
            continue;
        }
        if let (Ok(value), Some(run)) = (scale.parse::<f64>(), read_json(&entry.path())) {
            found.push((value, run));
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    let report = json!({
        "machine": machine(),
        "runs": found.into_iter().map(|(_, run)| run).collect::<Vec<_>>(),
        "import_1gib": read_json(&out.join("import-1gb.json")),
        "app": read_json(&out.join("app.json")),
    });
    let text = serde_json::to_string_pretty(&report).map_err(io("report"))?;
    std::fs::write(out.join("report.json"), text).map_err(io("writing report.json"))?;
    print!("{}", table(&report));
    Ok(())
}

pub fn report(args: &[String]) -> Result<(), String> {
    let out = PathBuf::from(option(args, "--out").ok_or("report needs --out DIR")?);
    assemble(&out, &[])
}

fn yes(value: &Value) -> &'static str {
    if value.as_bool() == Some(true) { "yes" } else { "no" }
}

fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

/// The report as Markdown tables, as BENCHMARKS.md shows them.
pub fn table(report: &Value) -> String {
    let empty = Vec::new();
    let runs = report["runs"].as_array().unwrap_or(&empty);
    let mut text = String::from(
        "| scale | customers | rows | import s | import rows/s | bare insert rows/s | sqlite3 .import rows/s | ÷ bare | ÷ sqlite3 | import peak MiB |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for run in runs {
        let import = &run["import"];
        text.push_str(&format!(
            "| {} | {} | {} | {:.1} | {:.0} | {:.0} | {:.0} | {:.3} | {:.3} | {:.0} |\n",
            run["scale"],
            run["dataset"]["customers"],
            import["rows"],
            number(&import["seconds"]),
            number(&import["rows_per_second"]),
            number(&run["baselines"]["bare_insert"]["rows_per_second"]),
            number(&run["baselines"]["sqlite3_import"]["rows_per_second"]),
            number(&run["ratios"]["import_to_bare_insert"]),
            number(&run["ratios"]["import_to_sqlite3_import"]),
            number(&import["peak_rss_mib"]),
        ));
    }
    text.push_str(
        "\n| query | scale | runs | p50 ms | p95 ms | p99 ms | target | met |\n|---|---|---|---|---|---|---|---|\n",
    );
    for run in runs {
        for q in run["queries"].as_array().unwrap_or(&empty) {
            let mut name = q["name"].as_str().unwrap_or_default().to_string();
            if let (Some(short), Some(long)) = (q["p95_ms_1_2_chars"].as_f64(), q["p95_ms_3_plus_chars"].as_f64()) {
                name.push_str(&format!(" (p95: 1–2 chars {short:.1} ms, 3+ chars {long:.1} ms)"));
            }
            text.push_str(&format!(
                "| {} | {} | {} | {:.2} | {:.2} | {:.2} | {} ≤ {} ms | {} |\n",
                name,
                run["scale"],
                q["runs"],
                number(&q["p50_ms"]),
                number(&q["p95_ms"]),
                number(&q["p99_ms"]),
                q["target_of"].as_str().unwrap_or_default(),
                q["target_ms"],
                yes(&q["met"]),
            ));
        }
    }
    let app = &report["app"];
    if app.is_object() {
        text.push_str(&format!(
            "\n| app, {} customers | figure | target | met |\n|---|---|---|---|\n\
             | cold start to the first customers page | {:.2} s (picker {:.2} s) | ≤ 1.5 s | {} |\n\
             | IPC round trip, page of 200 | p50 {:.1} ms, p95 {:.1} ms | p95 ≤ 20 ms | {} |\n\
             | resident memory, app + WebKit, after {} pages of the table ({}) | {:.0} MiB | ≤ 250 MB | {} |\n",
            app["profile_customers"],
            number(&app["cold_start"]["first_customers_page_seconds"]),
            number(&app["cold_start"]["picker_seconds"]),
            yes(&app["cold_start"]["met"]),
            number(&app["ipc_page_of_200"]["p50_ms"]),
            number(&app["ipc_page_of_200"]["p95_ms"]),
            yes(&app["ipc_page_of_200"]["met"]),
            app["table"]["pages"],
            if app["table"]["complete"].as_bool() == Some(true) { "to its end" } else { "not to its end" },
            number(&app["memory"]["total_rss_mib"]),
            yes(&app["memory"]["met"]),
        ));
    }
    if let Some(big) = report["import_1gib"].as_object() {
        text.push_str(&format!(
            "\n1 GiB import: {} records in {:.0} s, peak {:.1} MiB (target ≤ 200 MB)\n",
            big.get("records").cloned().unwrap_or_default(),
            big.get("seconds").map(number).unwrap_or(f64::NAN),
            big.get("peak_rss_mib").map(number).unwrap_or(f64::NAN),
        ));
    }
    text
}
