//! The two yardsticks the import is compared with, over the rows the import
//! left in the profile (the same rows, so the ratios compare like with like):
//!
//! - the bare insert rate: prepared statements, one transaction, tables with
//!   no key, no index and no constraint: what SQLite itself can take;
//! - the `sqlite3` shell's `.import` of the same rows as CSV into the
//!   profile's own schema (keys and indexes, no validation, no history).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::io;

/// The tables an import fills with records (not its bookkeeping: history,
/// snapshots, the audit log).
pub const TABLES: &[&str] = &[
    "partners",
    "partner_relationships",
    "customers",
    "customer_partner_links",
    "subscriptions",
    "gdap_relationships",
];

/// SQL that names one of [`TABLES`] or its columns as the schema lists them:
/// identifiers, which SQL cannot take as bound parameters; never a value.
fn sql_naming(parts: &[&str]) -> String {
    parts.concat()
}

#[derive(Debug, Clone, Serialize)]
pub struct Rate {
    pub rows: u64,
    pub seconds: f64,
    pub rows_per_second: f64,
}

impl Rate {
    pub fn new(rows: u64, elapsed: Duration) -> Rate {
        let seconds = elapsed.as_secs_f64();
        Rate { rows, seconds, rows_per_second: if seconds > 0.0 { rows as f64 / seconds } else { 0.0 } }
    }
}

fn pragmas(conn: &Connection) -> rusqlite::Result<()> {
    // The profile's own settings, so only the work differs.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = FILE; PRAGMA cache_size = -65536;",
    )
}

fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare(&sql_naming(&["PRAGMA table_info(", table, ")"]))?;
    statement.query_map([], |r| r.get::<_, String>(1))?.collect()
}

pub fn count_rows(profile: &Path) -> Result<u64, String> {
    let conn = Connection::open_with_flags(profile, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(io("opening"))?;
    let mut total = 0u64;
    for table in TABLES {
        let n: i64 = conn
            .query_row(&sql_naming(&["SELECT COUNT(*) FROM ", table]), [], |r| r.get(0))
            .map_err(io("counting rows"))?;
        total += n as u64;
    }
    Ok(total)
}

/// Copies every row of `profile`'s record tables into a new file with bare
/// tables, timing only the inserts (rows are read ahead in batches).
pub fn bare_insert(profile: &Path, target: &Path) -> Result<Rate, String> {
    let _ = std::fs::remove_file(target);
    let source = Connection::open_with_flags(profile, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(io("opening"))?;
    let mut conn = Connection::open(target).map_err(io("creating the baseline file"))?;
    pragmas(&conn).map_err(io("configuring the baseline file"))?;
    let mut inserting = Duration::ZERO;
    let mut rows = 0u64;
    let started = Instant::now();
    let tx = conn.transaction().map_err(io("starting"))?;
    for table in TABLES {
        let names = columns(&source, table).map_err(io("reading the schema"))?;
        tx.execute_batch(&sql_naming(&["CREATE TABLE ", table, " (", &names.join(", "), ")"]))
            .map_err(io("creating a table"))?;
        let placeholders = vec!["?"; names.len()].join(", ");
        let mut insert = tx
            .prepare(&sql_naming(&["INSERT INTO ", table, " VALUES (", &placeholders, ")"]))
            .map_err(io("preparing"))?;
        let mut select = source.prepare(&sql_naming(&["SELECT * FROM ", table])).map_err(io("preparing"))?;
        let mut cursor = select.query([]).map_err(io("reading"))?;
        let mut batch: Vec<Vec<Value>> = Vec::with_capacity(20_000);
        loop {
            let row = cursor.next().map_err(io("reading"))?;
            if let Some(row) = row {
                let values = (0..names.len()).map(|i| row.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>();
                batch.push(values.map_err(io("reading"))?);
            }
            if batch.len() == 20_000 || (row.is_none() && !batch.is_empty()) {
                let t = Instant::now();
                for values in batch.drain(..) {
                    insert.execute(rusqlite::params_from_iter(values)).map_err(io("inserting"))?;
                    rows += 1;
                }
                inserting += t.elapsed();
            }
            if row.is_none() {
                break;
            }
        }
    }
    let t = Instant::now();
    tx.commit().map_err(io("committing"))?;
    inserting += t.elapsed();
    let _ = started;
    Ok(Rate::new(rows, inserting))
}

fn csv_value(value: &Value) -> String {
    let text = match value {
        Value::Null => return String::new(),
        Value::Integer(i) => return i.to_string(),
        Value::Real(f) => return f.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
    };
    if text.contains([',', '"', '\n', '\r']) || text.is_empty() {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Writes each record table as CSV, then times one `sqlite3` run that creates
/// the profile schema and `.import`s every file. `None` when there is no
/// `sqlite3` on the PATH.
pub fn sqlite3_import(profile: &Path, work: &Path, schema: &str) -> Result<Option<Rate>, String> {
    if Command::new("sqlite3").arg("-version").output().is_err() {
        return Ok(None);
    }
    std::fs::create_dir_all(work).map_err(io("creating the CSV folder"))?;
    let source = Connection::open_with_flags(profile, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(io("opening"))?;
    let target = work.join("sqlite3-import.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
    }
    let mut script = String::from(
        "PRAGMA journal_mode = WAL;\nPRAGMA synchronous = NORMAL;\nPRAGMA temp_store = FILE;\nPRAGMA cache_size = -65536;\n",
    );
    script.push_str(schema);
    script.push('\n');
    let mut rows = 0u64;
    for table in TABLES {
        let names = columns(&source, table).map_err(io("reading the schema"))?;
        let path = work.join(format!("{table}.csv"));
        let mut out =
            std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&path).map_err(io("writing CSV"))?);
        use std::io::Write;
        writeln!(out, "{}", names.join(",")).map_err(io("writing CSV"))?;
        let mut select = source.prepare(&sql_naming(&["SELECT * FROM ", table])).map_err(io("preparing"))?;
        let mut cursor = select.query([]).map_err(io("reading"))?;
        while let Some(row) = cursor.next().map_err(io("reading"))? {
            let line: Vec<String> = (0..names.len())
                .map(|i| row.get::<_, Value>(i).map(|v| csv_value(&v)))
                .collect::<rusqlite::Result<_>>()
                .map_err(io("reading"))?;
            writeln!(out, "{}", line.join(",")).map_err(io("writing CSV"))?;
            rows += 1;
        }
        out.flush().map_err(io("writing CSV"))?;
        script.push_str(&format!(".import --csv --skip 1 '{}' {table}\n", path.display()));
    }
    let script_path = work.join("import.sql");
    std::fs::write(&script_path, script).map_err(io("writing the sqlite3 script"))?;
    let started = Instant::now();
    let out = Command::new("sqlite3")
        .arg(&target)
        .arg(format!(".read '{}'", script_path.display()))
        .output()
        .map_err(io("running sqlite3"))?;
    let elapsed = started.elapsed();
    if !out.status.success() || !out.stderr.is_empty() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first: Vec<&str> = stderr.lines().take(5).collect();
        return Err(format!("sqlite3 .import failed: {}", first.join("\n")));
    }
    let imported = count_rows(&target)?;
    if imported != rows {
        return Err(format!("sqlite3 .import left {imported} rows of {rows}"));
    }
    Ok(Some(Rate::new(rows, elapsed)))
}
