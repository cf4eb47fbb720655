//! Everything a profile file holds, as text two profiles can be compared by:
//! each table's rows (sorted, without the row ids that only record the order
//! rows were written in, and without the profile's own id), the schema (names
//! and SQL, not where each sits in the file), and what the search index finds.
//! Shared by the store's and the benchmark's tests of the two import paths.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;
use rusqlite::types::Value;

/// Columns that legitimately differ between two profiles holding the same records.
const IGNORED: &[(&str, &str)] =
    &[("profile", "id"), ("customer_partner_links", "id"), ("relationship_requests", "id")];

fn text(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => format!("{t:?}"),
        Value::Blob(b) => format!("blob {b:?}"),
    }
}

fn strings(conn: &Connection, sql: &str) -> Vec<String> {
    let mut statement = conn.prepare(sql).unwrap();
    let rows = statement.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(|r| r.unwrap()).collect()
}

pub fn contents(path: &Path) -> BTreeMap<String, Vec<String>> {
    let conn = Connection::open(path).unwrap();
    let mut all = BTreeMap::new();
    let tables = strings(
        &conn,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name NOT LIKE 'customer_search%' ORDER BY name",
    );
    for table in tables {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let names: Vec<String> = statement.column_names().iter().map(|c| c.to_string()).collect();
        let kept: Vec<usize> =
            (0..names.len()).filter(|&i| !IGNORED.contains(&(table.as_str(), names[i].as_str()))).collect();
        let mut rows: Vec<String> = statement
            .query_map([], |r| {
                let cells: Vec<String> = kept
                    .iter()
                    .map(|&i| r.get::<_, Value>(i).map(|v| format!("{}={}", names[i], text(&v))))
                    .collect::<rusqlite::Result<_>>()?;
                Ok(cells.join(", "))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        rows.sort();
        all.insert(format!("table {table}"), rows);
    }
    let mut schema = strings(
        &conn,
        "SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || COALESCE(sql, '') FROM sqlite_schema",
    );
    schema.sort();
    all.insert("schema".into(), schema);
    // The search index agrees with the customers it indexes, and finds the
    // same customers for the first three letters of each name.
    conn.execute("INSERT INTO customer_search (customer_search) VALUES ('integrity-check')", []).unwrap();
    let probes = strings(
        &conn,
        "SELECT DISTINCT substr(company_name, 1, 3) FROM customers WHERE length(company_name) >= 3 ORDER BY 1 LIMIT 40",
    );
    let mut found = Vec::new();
    for probe in probes {
        let mut statement = conn
            .prepare(
                "SELECT c.tenant_id FROM customer_search s JOIN customers c ON c.rowid = s.rowid
                 WHERE customer_search MATCH ?1 ORDER BY c.tenant_id",
            )
            .unwrap();
        let quoted = format!("\"{}\"", probe.replace('"', "\"\""));
        let ids: Vec<String> =
            statement.query_map([&quoted], |r| r.get::<_, String>(0)).unwrap().map(|r| r.unwrap()).collect();
        found.push(format!("{probe}: {}", ids.join(" ")));
    }
    all.insert("search".into(), found);
    all
}

/// Fails naming the first part where two profiles differ.
pub fn assert_same(left: &Path, right: &Path) {
    let (a, b) = (contents(left), contents(right));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "the same tables");
    for (part, rows) in &a {
        let other = &b[part];
        if rows != other {
            let first = rows.iter().zip(other).position(|(x, y)| x != y).unwrap_or(rows.len().min(other.len()));
            panic!(
                "{part} differs ({} rows against {}); first difference at row {first}:\n  {:?}\n  {:?}",
                rows.len(),
                other.len(),
                rows.get(first),
                other.get(first)
            );
        }
    }
}
