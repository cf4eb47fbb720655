//! Query latencies on an imported profile, through the store's own API (what
//! the app's commands call): randomized inputs, p50 / p95 / p99.

use std::path::Path;
use std::time::{Duration, Instant};

use partner_desk_core::demo::Rng;
use partner_desk_store::customers::{CustomerFilter, CustomerSort};
use partner_desk_store::{CustomerQuery, ProfileDb};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::dataset::today;
use crate::io;

#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    pub name: String,
    pub runs: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// The target for this figure, compared with `target_of`.
    pub target_ms: f64,
    /// Which percentile the target applies to.
    pub target_of: &'static str,
    pub met: bool,
    /// Rows the last run returned (a check that the query did its work).
    pub last_rows: usize,
    /// For searches: p95 of the texts of one or two characters (no trigram
    /// to look up: a scan) and of three or more (the trigram index).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p95_ms_1_2_chars: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p95_ms_3_plus_chars: Option<f64>,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

/// How many times to run each query, and for at most how long: a query far
/// over its target stops early rather than holding the machine for an hour.
#[derive(Debug, Clone)]
pub struct Budget {
    pub runs: usize,
    pub heavy_runs: usize,
    pub max_seconds: f64,
    /// Only the queries whose name holds this text (to profile one).
    pub only: Option<String>,
}

fn measure(
    name: &str,
    target_ms: f64,
    target_of: &'static str,
    runs: usize,
    budget: &Budget,
    mut run: impl FnMut(usize) -> Result<usize, String>,
) -> Result<(Latency, Vec<Duration>), String> {
    let runs = match &budget.only {
        Some(only) if !name.contains(only.as_str()) => 0,
        _ => runs,
    };
    let mut times = Vec::with_capacity(runs);
    let mut last_rows = 0;
    let started = Instant::now();
    for i in 0..runs {
        let t = Instant::now();
        last_rows = run(i)?;
        times.push(t.elapsed());
        if started.elapsed().as_secs_f64() > budget.max_seconds && times.len() >= 3 {
            break;
        }
    }
    let in_order = times.clone();
    times.sort();
    let p = |q| percentile(&times, q);
    let reached = match target_of {
        "p95" => p(0.95),
        _ => p(0.5),
    };
    Ok(Latency {
        name: name.to_string(),
        runs: times.len(),
        p50_ms: p(0.5),
        p95_ms: p(0.95),
        p99_ms: p(0.99),
        max_ms: times.last().map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0),
        target_ms,
        target_of,
        met: reached <= target_ms,
        last_rows,
        p95_ms_1_2_chars: None,
        p95_ms_3_plus_chars: None,
    })
    .map(|latency| (latency, in_order))
}

/// p95 of the runs `pick` selects, by run number.
fn p95_of(times: &[Duration], pick: impl Fn(usize) -> bool) -> Option<f64> {
    let mut chosen: Vec<Duration> = times.iter().enumerate().filter(|(i, _)| pick(*i)).map(|(_, t)| *t).collect();
    chosen.sort();
    (!chosen.is_empty()).then(|| percentile(&chosen, 0.95))
}

/// Customers to draw search texts and detail views from.
struct Sample {
    latin: Vec<Vec<char>>,
    cjk: Vec<Vec<char>>,
    tenants: Vec<String>,
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}')
}

fn sample(profile: &Path) -> Result<Sample, String> {
    let conn = Connection::open_with_flags(profile, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(io("opening"))?;
    let mut statement = conn
        .prepare("SELECT tenant_id, company_name FROM customers ORDER BY tenant_id LIMIT 5000")
        .map_err(io("sampling"))?;
    let rows = statement
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(io("sampling"))?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(io("sampling"))?;
    let mut s = Sample { latin: Vec::new(), cjk: Vec::new(), tenants: Vec::new() };
    for (tenant, name) in rows {
        let chars: Vec<char> = name.chars().collect();
        if chars.first().is_some_and(|c| c.is_ascii_alphabetic()) {
            s.latin.push(chars);
        } else if chars.iter().any(|c| is_cjk(*c)) {
            s.cjk.push(chars);
        }
        s.tenants.push(tenant);
    }
    if s.latin.is_empty() || s.cjk.is_empty() || s.tenants.is_empty() {
        return Err("the profile has too few customers to sample".into());
    }
    Ok(s)
}

/// What a user types: the first 1 to 6 characters of a name (as they type,
/// each keystroke is a query), or 2 to 5 characters from its middle.
fn search_text(rng: &mut Rng, names: &[Vec<char>], prefix: bool) -> String {
    let name = rng.pick(names);
    let (start, len) = if prefix {
        (0, 1 + rng.below(6))
    } else {
        let len = 2 + rng.below(4);
        (1 + rng.below(name.len().saturating_sub(len + 1).max(1)), len)
    };
    let text: String = name.iter().skip(start).take(len).collect();
    let text = text.trim().to_string();
    if text.is_empty() { name.iter().take(2).collect() } else { text }
}

pub fn run_all(db: &ProfileDb, budget: &Budget, seed: u64) -> Result<Vec<Latency>, String> {
    let sample = sample(db.path())?;
    let rng = Rng::new(seed ^ 0x5eed);
    let mut results = Vec::new();
    let page = |search: Option<String>, offset: u32| CustomerQuery::search(search, 200, offset);
    for (name, names, prefix) in [
        ("search as you type, Latin prefix", &sample.latin, true),
        ("search as you type, Latin substring", &sample.latin, false),
        ("search as you type, CJK prefix", &sample.cjk, true),
        ("search as you type, CJK substring", &sample.cjk, false),
    ] {
        let mut rng = rng.fork(results.len() as u64);
        let mut short = Vec::new();
        let (mut latency, times) = measure(name, 10.0, "p95", budget.runs, budget, |_| {
            let text = search_text(&mut rng, names, prefix);
            short.push(text.chars().count() < 3);
            let found = db.customers(&page(Some(text.clone()), 0), today()).map_err(io("searching"))?;
            if found.items.is_empty() {
                return Err(format!("searching {text:?} found nothing"));
            }
            Ok(found.items.len())
        })?;
        latency.p95_ms_1_2_chars = p95_of(&times, |i| short.get(i) == Some(&true));
        latency.p95_ms_3_plus_chars = p95_of(&times, |i| short.get(i) == Some(&false));
        results.push(latency);
    }
    let total = db.customers(&page(None, 0), today()).map_err(io("listing"))?.total;
    let mut page_rng = rng.fork(10);
    results.push(
        measure("page of 200 by name, anywhere in the list", 20.0, "p95", budget.runs, budget, |_| {
            let offset = page_rng.below(total.saturating_sub(200).max(1) as usize) as u32;
            Ok(db.customers(&page(None, offset), today()).map_err(io("listing"))?.items.len())
        })?
        .0,
    );
    // What the table does when a user picks a filter and a column to sort
    // by, then scrolls: the first pages of each.
    const SORTS: &[CustomerSort] =
        &[CustomerSort::Name, CustomerSort::Domain, CustomerSort::Country, CustomerSort::Relationship];
    let filters = [
        CustomerFilter { relationship: Some("reseller".into()), ..Default::default() },
        CustomerFilter { channel: Some("csp".into()), ..Default::default() },
        CustomerFilter::default(),
    ];
    let mut pages = Vec::new();
    for filter in &filters {
        let query = CustomerQuery { filter: filter.clone(), limit: 1, ..Default::default() };
        let total = db.customers(&query, today()).map_err(io("listing"))?.total;
        pages.push((total as usize).div_ceil(200).clamp(1, 10));
    }
    let mut sorted_rng = rng.fork(12);
    results.push(
        measure("page of 200, filtered and sorted", 20.0, "p95", budget.runs, budget, |_| {
            let which = sorted_rng.below(filters.len());
            let query = CustomerQuery {
                filter: filters[which].clone(),
                sort: *sorted_rng.pick(SORTS),
                descending: sorted_rng.chance(500),
                limit: 200,
                offset: 200 * sorted_rng.below(pages[which]) as u32,
            };
            Ok(db.customers(&query, today()).map_err(io("listing"))?.items.len())
        })?
        .0,
    );
    let mut detail_rng = rng.fork(11);
    results.push(
        measure("customer detail with verdicts", 5.0, "p95", budget.runs, budget, |_| {
            let tenant = detail_rng.pick(&sample.tenants);
            let view = db.customer_view(tenant, today()).map_err(io("customer view"))?;
            Ok(view.bundle.subscriptions.len())
        })?
        .0,
    );
    results.push(
        measure("findings over the whole profile", 500.0, "p50", budget.heavy_runs, budget, |_| {
            Ok(db.findings(today()).map_err(io("findings"))?.len())
        })?
        .0,
    );
    let snapshots = db.snapshots().map_err(io("snapshots"))?;
    if let [.., before, after] = snapshots.as_slice() {
        let (from, to) = (before.id, after.id);
        results.push(
            measure("diff of two snapshots", 1000.0, "p50", budget.heavy_runs, budget, |_| {
                let diff = db.diff(from, Some(to)).map_err(io("diff"))?;
                Ok(diff.subscription_changes.len() + diff.gdap_changes.len())
            })?
            .0,
        );
    }
    results.retain(|r| r.runs > 0);
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let times: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&times, 0.5), 50.0);
        assert_eq!(percentile(&times, 0.95), 95.0);
        assert_eq!(percentile(&times, 0.99), 99.0);
        assert_eq!(percentile(&times[..1], 0.99), 1.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
