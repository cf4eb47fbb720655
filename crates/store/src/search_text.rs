//! The search as you type over the whole list, answered from memory.
//!
//! Every customer's searched fields (name, domain, tenant id, reseller MPN
//! id) sit in one buffer, in the list's name order, so a search is one pass
//! of a substring finder over a few megabytes: the same for one character as
//! for ten, and a broad text is counted as it is found. In SQLite a text of
//! one or two characters has no trigram and scans every row, and a broad one
//! looks up every match to count it.
//!
//! The result is the one LIKE gives (`customers.rs`): ASCII letters fold
//! case, every other character matches itself. Folding ASCII only keeps
//! every byte of other scripts as it is, so a match on the folded bytes is a
//! match on the characters (UTF-8 never starts a character inside another).
//! Fields are kept apart by a NUL, which a search text never holds here.

use memchr::memmem;
use rusqlite::types::ValueRef;

use crate::error::{Context, Result};
use crate::profile_db::ProfileDb;

/// The buffer, kept while the profile is unchanged (`ProfileDb::search_text`).
pub(crate) struct SearchText {
    /// Each customer's fields, ASCII-folded, each followed by a NUL.
    text: Vec<u8>,
    /// Where each customer starts in `text`, in name order, then its length.
    starts: Vec<usize>,
    /// Each customer's rowid, in the same order.
    rowids: Vec<i64>,
}

const SEPARATOR: u8 = 0;

impl SearchText {
    /// The positions in name order of the customers holding `needle`
    /// (already folded) in any field.
    fn positions(&self, needle: &[u8]) -> Vec<usize> {
        let finder = memmem::Finder::new(needle);
        let mut found = Vec::new();
        let mut from = 0;
        let mut customer = 0;
        while let Some(at) = self.text.get(from..).and_then(|rest| finder.find(rest)) {
            let at = from + at;
            // The customer whose span holds `at` (a match never crosses a
            // NUL, so never the end of a span). Walked to, not searched for:
            // the walk over all matches of a search passes each customer
            // once, and a common text matches the next few.
            let next = loop {
                match self.starts.get(customer + 1) {
                    Some(&next) if next <= at => customer += 1,
                    Some(&next) => break next,
                    None => return found,
                }
            };
            found.push(customer);
            // One match is enough: go on from the next customer.
            from = next;
        }
        found
    }
}

/// A search's matches over the whole list: their total, and the rowids of
/// one page of them in the list's order.
pub(crate) struct SearchPage {
    pub total: u32,
    pub rowids: Vec<i64>,
}

/// The search text as the buffer holds it, or `None` when the buffer cannot
/// answer it (it holds a NUL).
fn folded(search: &str) -> Option<Vec<u8>> {
    let text = search.trim();
    (!text.is_empty() && !text.as_bytes().contains(&SEPARATOR)).then(|| text.to_ascii_lowercase().into_bytes())
}

impl ProfileDb {
    /// The page of customers holding `search`, sorted by name (descending
    /// when asked), from the in-memory buffer; `None` when the buffer
    /// cannot answer it and the caller runs the query in SQL.
    pub(crate) fn search_page(
        &self,
        search: &str,
        descending: bool,
        offset: u32,
        limit: u32,
    ) -> Result<Option<SearchPage>> {
        let Some(needle) = folded(search) else { return Ok(None) };
        let page = |text: &mut SearchText| {
            let mut positions = text.positions(&needle);
            if descending {
                positions.reverse();
            }
            let total = u32::try_from(positions.len()).unwrap_or(u32::MAX);
            let rowids = positions
                .iter()
                .skip(offset as usize)
                .take(limit as usize)
                .filter_map(|&p| text.rowids.get(p).copied())
                .collect();
            SearchPage { total, rowids }
        };
        self.kept(&self.search_text, || self.read_search_text(), page).map(Some)
    }

    /// Reads every customer's searched fields in the list's name order, by
    /// the index that holds them (`customers_list`).
    fn read_search_text(&self) -> Result<SearchText> {
        let context = || format!("reading customers for the search in {}", self.path().display());
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT c.rowid, c.company_name, c.primary_domain, c.tenant_id, c.indirect_reseller_id
                 FROM customers c INDEXED BY customers_list
                 ORDER BY c.company_name COLLATE NOCASE, c.tenant_id",
            )
            .context(context)?;
        let mut rows = statement.query([]).context(context)?;
        let mut entry = SearchText { text: Vec::new(), starts: Vec::new(), rowids: Vec::new() };
        while let Some(row) = rows.next().context(context)? {
            entry.starts.push(entry.text.len());
            entry.rowids.push(row.get(0).context(context)?);
            for field in 1..=4 {
                // The columns hold text or NULL (crates/store/src/schema.rs).
                if let ValueRef::Text(value) = row.get_ref(field).context(context)? {
                    entry.text.extend(value.iter().map(u8::to_ascii_lowercase));
                }
                entry.text.push(SEPARATOR);
            }
        }
        entry.starts.push(entry.text.len());
        entry.text.shrink_to_fit();
        Ok(entry)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::{SearchText, folded};
    use crate::customers::{CustomerQuery, CustomerSort};
    use crate::profile_db::ProfileDb;

    fn entry(customers: &[&[&str]]) -> SearchText {
        let mut e = SearchText { text: Vec::new(), starts: Vec::new(), rowids: Vec::new() };
        for (i, fields) in customers.iter().enumerate() {
            e.starts.push(e.text.len());
            e.rowids.push(i as i64 + 1);
            for field in *fields {
                e.text.extend(field.bytes().map(|b| b.to_ascii_lowercase()));
                e.text.push(0);
            }
        }
        e.starts.push(e.text.len());
        e
    }

    #[test]
    fn each_customer_is_found_once_and_in_order() {
        let e =
            entry(&[&["Alpha Ltd", "alpha.example"], &["Beta", "b.example"], &["東京商事", ""], &["Gamma", "ltd.io"]]);
        let find = |text: &str| folded(text).map(|n| e.positions(&n));
        assert_eq!(find("ltd"), Some(vec![0, 3]));
        assert_eq!(find("A"), Some(vec![0, 1, 3]));
        assert_eq!(find(" 東京 "), Some(vec![2]));
        assert_eq!(find("example"), Some(vec![0, 1]));
        assert_eq!(find("zzz"), Some(vec![]));
    }

    #[test]
    fn a_match_never_spans_two_fields_or_two_customers() {
        let e = entry(&[&["ab", "cd"], &["ef", "gh"]]);
        assert_eq!(e.positions(b"bc"), Vec::<usize>::new());
        assert_eq!(e.positions(b"de"), Vec::<usize>::new());
        assert_eq!(e.positions(b"h"), vec![1]);
    }

    #[test]
    fn only_ascii_folds_case() {
        let e = entry(&[&["ÉCOLE"], &["école"], &["Ecole"]]);
        assert_eq!(folded("école").map(|n| e.positions(&n)), Some(vec![1]));
        assert_eq!(folded("ECOLE").map(|n| e.positions(&n)), Some(vec![2]));
    }

    #[test]
    fn blank_or_nul_texts_are_left_to_sql() {
        assert_eq!(folded("  "), None);
        assert_eq!(folded("a\0b"), None);
    }

    /// Characters that fold, that do not, that LIKE would read as wildcards,
    /// and that FTS5 might treat apart.
    const CHARS: &[char] = &['a', 'A', 'b', 'B', 'é', 'É', '東', '京', '_', '%', '\\', ' ', '-', '1', '"'];

    fn text(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(CHARS), len).prop_map(|c| c.into_iter().collect())
    }

    type Customer = (String, Option<String>, Option<String>);

    fn profile(customers: &[Customer]) -> (tempfile::TempDir, ProfileDb) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite");
        drop(crate::db::create(&path).unwrap());
        let db = ProfileDb::open_path(&path).unwrap();
        for (i, (name, domain, reseller)) in customers.iter().enumerate() {
            db.conn
                .execute(
                    "INSERT INTO customers (tenant_id, company_name, primary_domain, relationship,
                         indirect_reseller_id, source)
                     VALUES (?1, ?2, ?3, 'active', ?4, 'test')",
                    rusqlite::params![format!("t{:03}-{}", customers.len() - i, i % 7), name, domain, reseller],
                )
                .unwrap();
        }
        (dir, db)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The page from memory is the page SQL gives (LIKE, the trigram
        /// index), total included, for any text, direction and window.
        #[test]
        fn the_memory_page_is_the_sql_page(
            customers in proptest::collection::vec((text(1..8), proptest::option::of(text(0..6)), proptest::option::of(text(1..4))), 0..40),
            searches in proptest::collection::vec(text(1..5), 1..8),
            descending in any::<bool>(),
            offset in 0u32..30,
            limit in 1u32..30,
        ) {
            let (_dir, db) = profile(&customers);
            let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            for search in searches {
                let mut query = CustomerQuery::search(Some(search.clone()), limit, offset);
                query.descending = descending;
                prop_assert_eq!(query.sort, CustomerSort::Name);
                let from_memory = db.customers(&query, today).unwrap();
                let from_sql = db.customers_by_sql(&query, today).unwrap();
                prop_assert_eq!(from_memory, from_sql, "searching {:?}", search);
            }
        }
    }

    #[test]
    fn a_change_to_the_profile_is_seen_by_the_next_search() {
        let (_dir, db) = profile(&[("Alpha".into(), None, None)]);
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let query = CustomerQuery::search(Some("al".into()), 10, 0);
        assert_eq!(db.customers(&query, today).unwrap().total, 1);
        db.conn.execute("UPDATE customers SET company_name = 'Beta'", []).unwrap();
        assert_eq!(db.customers(&query, today).unwrap().total, 0);
        db.conn.execute("UPDATE customers SET primary_domain = 'alpha.example'", []).unwrap();
        let page = db.customers(&query, today).unwrap();
        assert_eq!((page.total, page.items[0].company_name.as_str()), (1, "Beta"));
    }
}
