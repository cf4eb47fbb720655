//! SQL is only ever built from compile-time text: values go in as bound
//! parameters (`?1`), never through `format!`.
//!
//! This scans the Rust sources the app and the CLI ship (`crates/*/src`,
//! `src-tauri`) for `format!` calls whose format string reads as SQL (an
//! upper-case SELECT, INSERT, UPDATE, DELETE or WHERE) and fails unless every
//! piece put into it is a compile-time constant:
//!
//! - a constant path: `SEARCH_FILTER`, `E::TABLE`, `entities::CUSTOMER_COLUMNS`;
//! - `qualified(CONSTANT, "alias")`, which prefixes a constant column list;
//! - a local name whose every `let name = ...;` in that file is one of the
//!   above, or a `match` whose every arm gives a constant path;
//! - `<closed enum>.order_by(...)`, when the same file defines
//!   `fn order_by(self, descending: bool) -> &'static str`: a sort enum mapped
//!   to fixed ORDER BY text (its own test checks every output).

use std::path::{Path, PathBuf};

/// One `format!` building SQL from a piece that is not a compile-time constant.
#[derive(Debug, PartialEq)]
struct Finding {
    line: usize,
    piece: String,
}

/// The `format!` calls in `source` that build SQL from something other than constants.
fn check_source(source: &str) -> Vec<Finding> {
    let code = blank_comments(source);
    let mut findings = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("format!(") {
        let open = from + found + "format!".len();
        from = open + 1;
        let Some(args) = arguments(&code, open) else { continue };
        let Some(template) = args.first().and_then(|a| string_literal(a.trim())) else { continue };
        if !reads_as_sql(&template) {
            continue;
        }
        let line = code[..open].matches('\n').count() + 1;
        for piece in pieces(&template, &args[1..]) {
            if !allowed(&piece, &code) {
                findings.push(Finding { line, piece });
            }
        }
    }
    findings
}

/// The source with `//` comments replaced by spaces (string literals kept), so
/// a commented-out `format!` is not read and line numbers stay right.
fn blank_comments(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < bytes.len() {
        if let Some(end) = literal_end(source, i) {
            out.push_str(&source[i..end]);
            i = end;
        } else if source[i..].starts_with("//") {
            let end = source[i..].find('\n').map_or(source.len(), |n| i + n);
            out.extend(std::iter::repeat_n(' ', end - i));
            i = end;
        } else {
            let c = source[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// If a string or char literal starts at byte `i`, where it ends.
fn literal_end(s: &str, i: usize) -> Option<usize> {
    let rest = &s[i..];
    let prev_is_ident = s[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
    if !prev_is_ident && (rest.starts_with("r\"") || rest.starts_with("r#")) {
        let hashes = rest[1..].chars().take_while(|&c| c == '#').count();
        if rest[1 + hashes..].starts_with('"') {
            let close = format!("\"{}", "#".repeat(hashes));
            let body = 2 + hashes;
            return rest[body..].find(&close).map(|n| i + body + n + close.len());
        }
    }
    if rest.starts_with('"') {
        let mut escaped = false;
        for (n, c) in rest.char_indices().skip(1) {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => return Some(i + n + 1),
                _ => {}
            }
        }
        return Some(s.len());
    }
    if rest.starts_with('\'') {
        // A char literal ('x', '\n', '\''), not a lifetime ('a).
        let mut chars = rest.char_indices().skip(1);
        let (_, first) = chars.next()?;
        if first == '\\' {
            return rest[2..].find('\'').map(|n| i + 2 + n + 1).filter(|_| rest.len() > 3);
        }
        let (n, second) = chars.next()?;
        if second == '\'' {
            return Some(i + n + 1);
        }
    }
    None
}

/// The top-level, comma-separated arguments of the call whose `(` is at `open`.
fn arguments(code: &str, open: usize) -> Option<Vec<String>> {
    let mut args = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    let mut i = open;
    while i < code.len() {
        if let Some(end) = literal_end(code, i) {
            i = end;
            continue;
        }
        let c = code[i..].chars().next()?;
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    args.push(code[start..i].to_string());
                    return Some(args.into_iter().filter(|a| !a.trim().is_empty()).collect());
                }
            }
            ',' if depth == 1 => {
                args.push(code[start..i].to_string());
                start = i + 1;
            }
            _ => {}
        }
        i += c.len_utf8();
    }
    None
}

/// The text of a plain or raw string literal.
fn string_literal(arg: &str) -> Option<String> {
    if let Some(body) = arg.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
        return Some(body.to_string());
    }
    let raw = arg.strip_prefix('r')?;
    let hashes = raw.chars().take_while(|&c| c == '#').count();
    let fence = "#".repeat(hashes);
    raw[hashes..].strip_prefix('"')?.strip_suffix(&format!("\"{fence}")).map(str::to_string)
}

fn reads_as_sql(template: &str) -> bool {
    template
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .any(|word| matches!(word, "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "WHERE"))
}

/// What each `{...}` of the template puts in: the named or positional argument's
/// expression, or the captured variable's name.
fn pieces(template: &str, args: &[String]) -> Vec<String> {
    let named = |name: &str| {
        args.iter().find_map(|a| {
            let (left, right) = a.split_once('=')?;
            (left.trim() == name && !right.starts_with('=')).then(|| right.trim().to_string())
        })
    };
    let mut pieces = Vec::new();
    let mut next_positional = 0;
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            rest = &tail[2..];
            continue;
        }
        if let Some(after) = tail.strip_prefix('}') {
            rest = after;
            continue;
        }
        let Some(close) = tail.find('}') else { break };
        let spec = &tail[1..close];
        let name = spec.split(':').next().unwrap_or("").trim();
        let piece = if name.is_empty() {
            next_positional += 1;
            args.get(next_positional - 1).map(|a| a.trim().to_string())
        } else if let Ok(index) = name.parse::<usize>() {
            args.get(index).map(|a| a.trim().to_string())
        } else {
            Some(named(name).unwrap_or_else(|| name.to_string()))
        };
        pieces.push(piece.unwrap_or_else(|| spec.to_string()));
        rest = &tail[close + 1..];
    }
    pieces
}

/// `CONSTANT`, `path::CONSTANT`, `E::TABLE`.
fn is_constant_path(expr: &str) -> bool {
    let last = expr.rsplit("::").next().unwrap_or("");
    let segments_ok = expr.split("::").all(|s| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_'));
    segments_ok
        && last.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && last.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn allowed(piece: &str, code: &str) -> bool {
    allowed_expr(piece) || allowed_order_by(piece, code) || allowed_local(piece, code)
}

/// A sort enum's fixed ORDER BY text: only when the file maps a closed enum
/// to `&'static str` (no value from outside can reach it).
fn allowed_order_by(expr: &str, code: &str) -> bool {
    let expr = expr.trim();
    let Some(receiver) = expr.strip_suffix(')').and_then(|e| e.split_once(".order_by(")).map(|(r, _)| r) else {
        return false;
    };
    receiver.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
        && code.contains("fn order_by(self, descending: bool) -> &'static str")
}

fn allowed_expr(expr: &str) -> bool {
    let expr = expr.trim().trim_start_matches('&');
    if is_constant_path(expr) {
        return true;
    }
    // qualified(CONSTANT, "alias")
    if let Some(inner) = expr.strip_prefix("qualified(").and_then(|e| e.strip_suffix(')'))
        && let Some((columns, alias)) = inner.split_once(',')
    {
        let alias = alias.trim();
        let plain_alias = alias.len() >= 2
            && alias.starts_with('"')
            && alias.ends_with('"')
            && alias[1..alias.len() - 1].chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        return is_constant_path(columns.trim()) && plain_alias;
    }
    false
}

/// A local variable every binding of which (in this file) is an allowed expression.
fn allowed_local(name: &str, code: &str) -> bool {
    let allowed_binding = |b: &str| allowed_expr(b) || allowed_order_by(b, code) || constant_match(b);
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        return false;
    }
    let pattern = format!("let {name} = ");
    let bindings: Vec<&str> = code
        .match_indices(&pattern)
        .map(|(at, _)| {
            let rest = &code[at + pattern.len()..];
            rest[..rest.find(';').unwrap_or(rest.len())].trim()
        })
        .collect();
    !bindings.is_empty() && bindings.iter().all(|b| allowed_binding(b))
}

/// `match x { A => CONSTANT, (B, _) => OTHER::PATH, }`: every arm a constant path.
fn constant_match(expr: &str) -> bool {
    let Some(rest) = expr.trim().strip_prefix("match ") else { return false };
    let (Some(open), Some(close)) = (rest.find('{'), rest.rfind('}')) else { return false };
    if close < open || !rest[close + 1..].trim().is_empty() {
        return false;
    }
    let mut arms = Vec::new();
    let (mut depth, mut start) = (0i32, open + 1);
    for (i, c) in rest.char_indices().take(close).skip(open + 1) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                arms.push(&rest[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    arms.push(&rest[start..close]);
    let arms: Vec<&str> = arms.into_iter().map(str::trim).filter(|a| !a.is_empty()).collect();
    !arms.is_empty()
        && arms.iter().all(|arm| arm.split_once("=>").is_some_and(|(_, value)| is_constant_path(value.trim())))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn shipped_sql_interpolates_only_compile_time_constants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for crate_dir in std::fs::read_dir(root.join("crates")).unwrap().flatten() {
        rust_files(&crate_dir.path().join("src"), &mut files);
    }
    rust_files(&root.join("src-tauri"), &mut files);
    assert!(files.len() > 40, "found the sources: {}", files.len());
    let mut sql_formats = 0;
    let mut problems = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        sql_formats += source.matches("format!(").count();
        for finding in check_source(&source) {
            problems.push(format!("{}:{}: {{{}}}", file.display(), finding.line, finding.piece));
        }
    }
    assert!(sql_formats > 10);
    assert!(problems.is_empty(), "SQL built from values; bind them as parameters instead:\n{}", problems.join("\n"));
}

#[test]
fn the_checker_flags_values_and_passes_constants() {
    let bad = [
        r#"let q = format!("SELECT * FROM customers WHERE name = '{name}'");"#,
        r#"let q = format!("SELECT * FROM customers WHERE name = '{}'", name);"#,
        r#"let q = format!("DELETE FROM t WHERE id = {id}", id = user.id);"#,
        r#"let q = format!("UPDATE t SET a = 1 WHERE {0}", filter);"#,
        r##"let q = format!(r#"INSERT INTO t VALUES ('{value}')"#);"##,
        r#"let q = format!("SELECT {columns} FROM t"); let columns = input.trim();"#,
        r#"let q = format!("SELECT {} FROM t", qualified(cols, "c"));"#,
        r#"let q = format!("SELECT {} FROM t", qualified(COLS, alias));"#,
        r#"let q = format!("SELECT x FROM t WHERE a = {:?}", text);"#,
        // An order_by without the closed-enum mapping in the file.
        r#"let order = user.order_by(true); let q = format!("SELECT x FROM t ORDER BY {order}");"#,
        // A match with an arm that is not a constant.
        r#"let f = match p { A => FILTER_A, B => user_text }; let q = format!("SELECT x FROM t WHERE {f}");"#,
    ];
    for source in bad {
        assert_eq!(check_source(source).len(), 1, "should be flagged: {source}");
    }
    let found = check_source("fn f() {\n\n    let q = format!(\"SELECT * FROM customers WHERE name = '{name}'\");\n}");
    assert_eq!(found, [Finding { line: 3, piece: "name".into() }]);

    let good = [
        r#"let q = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE {SEARCH_FILTER}");"#,
        r#"let q = format!("SELECT {} FROM {} WHERE id = ?1", E::COLUMNS, E::TABLE);"#,
        r#"let columns = qualified(CUSTOMER_COLUMNS, "c"); let q = format!("SELECT {columns} FROM customers c");"#,
        r#"let q = format!("SELECT {} FROM t l", qualified(LINK_COLUMNS, "l"));"#,
        r#"let q = format!("SELECT x FROM t WHERE a = {{literal braces}}");"#,
        r#"let f = match (p, w) { (A, _) => FILTER_A, (B, W::X) => E::FILTER }; let q = format!("SELECT x FROM t WHERE {f}");"#,
        "fn order_by(self, descending: bool) -> &'static str { \"c.name\" }\n\
         let order = query.sort.order_by(query.descending); let q = format!(\"SELECT x FROM t WHERE 1 ORDER BY {order}\");",
        // Not SQL: English text may interpolate anything.
        r#"let m = format!("select the profile {name} where you left it");"#,
        // Commented out.
        "// let q = format!(\"SELECT * FROM t WHERE a = '{a}'\");",
    ];
    for source in good {
        assert_eq!(check_source(source), [], "should pass: {source}");
    }
}
