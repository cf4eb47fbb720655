//! Reading customers for lists: one filter (search, relationship, delegated
//! admin, partner, reseller of record, channel, tag, findings), shared by the
//! customer table and its export, and every sort the table offers.

use std::collections::HashMap;

use chrono::NaiveDate;
use partner_desk_core::model::CustomerRelationship;
use rusqlite::{Statement, ToSql};
use serde::{Deserialize, Serialize};

use crate::error::{Context, Result};
use crate::profile_db::ProfileDb;
use crate::tags::{TagEdit, show_local_edits};

pub const MAX_PAGE: u32 = 1_000;

/// Which customers a list shows. Every field left `None` matches all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerFilter {
    /// Matches part of the name, domain, tenant id or reseller MPN id, in any script.
    #[serde(default)]
    pub search: Option<String>,
    /// A relationship word as stored (`active`, `inactive`, …).
    #[serde(default)]
    pub relationship: Option<String>,
    #[serde(default)]
    pub delegated_admin: Option<DelegatedAdminState>,
    /// A partner id: customers linked to it in any way.
    #[serde(default)]
    pub partner: Option<String>,
    /// The indirect reseller's MPN id on the customer.
    #[serde(default)]
    pub reseller: Option<String>,
    /// Customers with at least one subscription in this channel.
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub tag: Option<String>,
    /// Customers with (true) or without (false) findings as of today.
    #[serde(default)]
    pub has_findings: Option<bool>,
}

impl CustomerFilter {
    /// No filter but the search (which may be blank).
    fn is_search_only(&self) -> bool {
        let CustomerFilter { search: _, relationship, delegated_admin, partner, reseller, channel, tag, has_findings } =
            self;
        relationship.is_none()
            && delegated_admin.is_none()
            && partner.is_none()
            && reseller.is_none()
            && channel.is_none()
            && tag.is_none()
            && has_findings.is_none()
    }
}

/// `allowDelegatedAccess` as a filter: the export may not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DelegatedAdminState {
    Allowed,
    NotAllowed,
    Unknown,
}

impl DelegatedAdminState {
    fn word(self) -> &'static str {
        match self {
            DelegatedAdminState::Allowed => "allowed",
            DelegatedAdminState::NotAllowed => "not_allowed",
            DelegatedAdminState::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CustomerSort {
    #[default]
    Name,
    Domain,
    TenantId,
    Country,
    Relationship,
    Reseller,
    Partners,
    Subscriptions,
}

impl CustomerSort {
    /// ORDER BY terms; the tenant id last so pages never overlap.
    fn order_by(self, descending: bool) -> &'static str {
        use CustomerSort::*;
        match (self, descending) {
            (Name, false) => "c.company_name COLLATE NOCASE, c.tenant_id",
            (Name, true) => "c.company_name COLLATE NOCASE DESC, c.tenant_id DESC",
            (Domain, false) => "c.primary_domain IS NULL, c.primary_domain COLLATE NOCASE, c.tenant_id",
            (Domain, true) => "c.primary_domain IS NULL, c.primary_domain COLLATE NOCASE DESC, c.tenant_id DESC",
            (TenantId, false) => "c.tenant_id",
            (TenantId, true) => "c.tenant_id DESC",
            (Country, false) => "c.country IS NULL, c.country, c.company_name COLLATE NOCASE, c.tenant_id",
            (Country, true) => "c.country IS NULL, c.country DESC, c.company_name COLLATE NOCASE, c.tenant_id",
            (Relationship, false) => "c.relationship, c.company_name COLLATE NOCASE, c.tenant_id",
            (Relationship, true) => "c.relationship DESC, c.company_name COLLATE NOCASE, c.tenant_id",
            (Reseller, false) => {
                "c.indirect_reseller_id IS NULL, c.indirect_reseller_id, c.company_name COLLATE NOCASE, c.tenant_id"
            }
            (Reseller, true) => {
                "c.indirect_reseller_id IS NULL, c.indirect_reseller_id DESC, c.company_name COLLATE NOCASE, c.tenant_id"
            }
            (Partners, false) => "partner_count, c.company_name COLLATE NOCASE, c.tenant_id",
            (Partners, true) => "partner_count DESC, c.company_name COLLATE NOCASE, c.tenant_id",
            (Subscriptions, false) => "subscription_count, c.company_name COLLATE NOCASE, c.tenant_id",
            (Subscriptions, true) => "subscription_count DESC, c.company_name COLLATE NOCASE, c.tenant_id",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerQuery {
    #[serde(flatten)]
    pub filter: CustomerFilter,
    #[serde(default)]
    pub sort: CustomerSort,
    #[serde(default)]
    pub descending: bool,
    pub limit: u32,
    pub offset: u32,
}

impl CustomerQuery {
    /// A page by name, filtered by a search only.
    pub fn search(search: Option<String>, limit: u32, offset: u32) -> Self {
        CustomerQuery {
            filter: CustomerFilter { search, ..CustomerFilter::default() },
            limit,
            offset,
            ..Self::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerRow {
    pub tenant_id: String,
    pub company_name: String,
    pub primary_domain: Option<String>,
    pub country: Option<String>,
    pub relationship: CustomerRelationship,
    pub allow_delegated_access: Option<bool>,
    /// The indirect reseller's MPN id, and its name when the profile knows it.
    pub reseller_id: Option<String>,
    pub reseller_name: Option<String>,
    pub partner_count: u32,
    pub subscription_count: u32,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerPage {
    /// How many customers match, over all pages.
    pub total: u32,
    pub items: Vec<CustomerRow>,
}

/// What the filter menus offer: only values the profile holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FilterOptions {
    pub relationships: Vec<String>,
    pub partners: Vec<NamedId>,
    pub resellers: Vec<NamedId>,
    pub channels: Vec<String>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NamedId {
    pub id: String,
    pub name: Option<String>,
}

/// Where-clause over customers aliased `c`, bound to [`search_pattern`] as
/// `?1`: the exports of subscriptions, links and GDAP filter this way.
pub(crate) const SEARCH_FILTER: &str = "(?1 IS NULL
    OR c.company_name LIKE ?1 ESCAPE '\\'
    OR c.primary_domain LIKE ?1 ESCAPE '\\'
    OR c.tenant_id LIKE ?1 ESCAPE '\\'
    OR c.indirect_reseller_id LIKE ?1 ESCAPE '\\')";

/// The search by LIKE (see [`SearchPlan`]). Macros, not constants, so that
/// every filter below is one compile-time text (`concat!`).
macro_rules! search_like {
    () => {
        "(c.company_name LIKE :search ESCAPE '\\'
        OR c.primary_domain LIKE :search ESCAPE '\\'
        OR c.tenant_id LIKE :search ESCAPE '\\'
        OR c.indirect_reseller_id LIKE :search ESCAPE '\\')"
    };
}

/// The rest of the filter: every value bound by name (see [`FilterParams`]).
/// The findings filter reads the kept findings (crates/store/src/findings.rs),
/// brought to the day asked first.
macro_rules! other_filters {
    () => {
        "(:relationship IS NULL OR c.relationship = :relationship)
    AND (:delegated IS NULL OR :delegated = CASE
            WHEN c.allow_delegated_access IS NULL THEN 'unknown'
            WHEN c.allow_delegated_access THEN 'allowed'
            ELSE 'not_allowed' END)
    AND (:partner IS NULL OR EXISTS (SELECT 1 FROM customer_partner_links l
            WHERE l.customer_tenant_id = c.tenant_id AND l.partner_id = :partner))
    AND (:reseller IS NULL OR c.indirect_reseller_id = :reseller)
    AND (:channel IS NULL OR EXISTS (SELECT 1 FROM subscriptions s
            WHERE s.customer_tenant_id = c.tenant_id AND s.channel = :channel))
    AND (:tag IS NULL
        OR (EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE t.value = :tag)
            AND NOT EXISTS (SELECT 1 FROM customer_tag_edits e
                WHERE e.customer_tenant_id = c.tenant_id AND e.tag = :tag AND e.added = 0))
        OR EXISTS (SELECT 1 FROM customer_tag_edits e
                WHERE e.customer_tenant_id = c.tenant_id AND e.tag = :tag AND e.added = 1))
    AND (:has_findings IS NULL
        OR EXISTS (SELECT 1 FROM customer_findings k
            WHERE k.tenant_id = c.tenant_id AND k.finding_count > 0) = :has_findings)"
    };
}

/// The customers holding the search text, by the trigram index. `+` before
/// the rowid keeps SQLite from driving the query by it, so it walks the index
/// that gives the ORDER BY instead (see [`Walk`]).
macro_rules! found {
    ($rowid:literal) => {
        concat!($rowid, " IN (SELECT rowid FROM customer_search WHERE customer_search MATCH :fts)")
    };
}

/// How a search is run. The trigram index (schema migration 4) finds the
/// customers holding a text of three or more characters; LIKE confirms each
/// where the two could differ, so the index changes the speed, never the
/// result. Shorter texts have no trigram to look up and are matched by LIKE
/// over every customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SearchPlan {
    None,
    Scan,
    /// The index folds case in every script, LIKE in ASCII only: a text with
    /// letters is confirmed by LIKE.
    Trigram,
    /// A text without any letter that has case (Chinese, Japanese, digits,
    /// punctuation) matches the same customers either way: no confirmation.
    TrigramCaseless,
}

impl SearchPlan {
    fn of(search: Option<&str>) -> SearchPlan {
        let caseless = |c: char| c.to_lowercase().eq([c]) && c.to_uppercase().eq([c]);
        match search.map(str::trim).filter(|s| !s.is_empty()) {
            None => SearchPlan::None,
            Some(text) if text.chars().count() < 3 => SearchPlan::Scan,
            Some(text) if text.chars().all(caseless) => SearchPlan::TrigramCaseless,
            Some(_) => SearchPlan::Trigram,
        }
    }
}

/// How a page walks the customers a search found: by the index of its sort
/// when many match (the page fills within the first rows), else from the
/// matches themselves, sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walk {
    Matches,
    SortIndex,
}

/// Above this many matches, a page walks the sort's index.
const MANY_MATCHES: u32 = 2_000;

/// Where-clauses over customers aliased `c` for a whole [`CustomerFilter`],
/// one per [`SearchPlan`] and [`Walk`].
const FILTER_ALL: &str = other_filters!();
const FILTER_SCAN: &str = concat!(search_like!(), " AND ", other_filters!());
const FILTER_TRIGRAM: &str = concat!(found!("c.rowid"), " AND ", search_like!(), " AND ", other_filters!());
const FILTER_TRIGRAM_WALK: &str = concat!(found!("+c.rowid"), " AND ", search_like!(), " AND ", other_filters!());
const FILTER_CASELESS: &str = concat!(found!("c.rowid"), " AND ", other_filters!());
const FILTER_CASELESS_WALK: &str = concat!(found!("+c.rowid"), " AND ", other_filters!());

impl SearchPlan {
    fn count_sql(self) -> &'static str {
        match self {
            SearchPlan::None => concat!("SELECT COUNT(*) FROM customers c WHERE ", other_filters!()),
            SearchPlan::Scan => {
                concat!("SELECT COUNT(*) FROM customers c WHERE ", search_like!(), " AND ", other_filters!())
            }
            SearchPlan::Trigram => concat!(
                "SELECT COUNT(*) FROM customers c WHERE ",
                found!("c.rowid"),
                " AND ",
                search_like!(),
                " AND ",
                other_filters!()
            ),
            SearchPlan::TrigramCaseless => {
                concat!("SELECT COUNT(*) FROM customers c WHERE ", found!("c.rowid"), " AND ", other_filters!())
            }
        }
    }
}

/// The text as one FTS5 phrase: its characters in a row, quotes doubled.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.trim().replace('"', "\"\""))
}

const ROW_COLUMNS: &str = "c.tenant_id, c.company_name, c.primary_domain, c.country, c.relationship,
    c.allow_delegated_access, c.tags, c.indirect_reseller_id,
    (SELECT p.name FROM partners p WHERE p.mpn_id = c.indirect_reseller_id ORDER BY p.id LIMIT 1),
    (SELECT COUNT(DISTINCT l.partner_id) FROM customer_partner_links l
      WHERE l.customer_tenant_id = c.tenant_id) AS partner_count,
    (SELECT COUNT(*) FROM subscriptions s WHERE s.customer_tenant_id = c.tenant_id) AS subscription_count";

/// The LIKE pattern for a search, or `None` (match all) when it is blank.
pub(crate) fn search_pattern(search: Option<&str>) -> Option<String> {
    search.map(str::trim).filter(|s| !s.is_empty()).map(like_pattern)
}

/// Escapes LIKE wildcards so a search for `50%` finds the text `50%`.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

fn blank_to_none(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A filter's values, owned, in the shape the statement binds.
struct FilterParams<'a> {
    plan: SearchPlan,
    search: Option<String>,
    fts: Option<String>,
    relationship: Option<&'a str>,
    delegated: Option<&'static str>,
    partner: Option<&'a str>,
    reseller: Option<&'a str>,
    channel: Option<&'a str>,
    tag: Option<&'a str>,
    has_findings: Option<bool>,
}

impl<'a> FilterParams<'a> {
    fn new(filter: &'a CustomerFilter) -> Self {
        let plan = SearchPlan::of(filter.search.as_deref());
        FilterParams {
            plan,
            search: search_pattern(filter.search.as_deref()),
            fts: matches!(plan, SearchPlan::Trigram | SearchPlan::TrigramCaseless)
                .then(|| filter.search.as_deref().map(fts_phrase))
                .flatten(),
            relationship: blank_to_none(&filter.relationship),
            delegated: filter.delegated_admin.map(DelegatedAdminState::word),
            partner: blank_to_none(&filter.partner),
            reseller: blank_to_none(&filter.reseller),
            channel: blank_to_none(&filter.channel),
            tag: blank_to_none(&filter.tag),
            has_findings: filter.has_findings,
        }
    }

    /// Binds by name, and only the names the statement uses.
    fn bind<'s>(&'s self, statement: &Statement<'_>) -> Vec<(&'static str, &'s dyn ToSql)> {
        let all: [(&'static str, &'s dyn ToSql); 9] = [
            (":search", &self.search),
            (":fts", &self.fts),
            (":relationship", &self.relationship),
            (":delegated", &self.delegated),
            (":partner", &self.partner),
            (":reseller", &self.reseller),
            (":channel", &self.channel),
            (":tag", &self.tag),
            (":has_findings", &self.has_findings),
        ];
        all.into_iter().filter(|(name, _)| matches!(statement.parameter_index(name), Ok(Some(_)))).collect()
    }
}

fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<CustomerRow> {
    let tags: String = r.get(6)?;
    Ok(CustomerRow {
        tenant_id: r.get(0)?,
        company_name: r.get(1)?,
        primary_domain: r.get(2)?,
        country: r.get(3)?,
        relationship: CustomerRelationship::parse(&r.get::<_, String>(4)?),
        allow_delegated_access: r.get(5)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        reseller_id: r.get(7)?,
        reseller_name: r.get(8)?,
        partner_count: r.get(9)?,
        subscription_count: r.get(10)?,
    })
}

/// The row with the tags that show (imported, with the user's edits).
fn with_local_tags(mut row: CustomerRow, edits: &HashMap<String, Vec<TagEdit>>) -> CustomerRow {
    show_local_edits(&mut row.tags, &row.tenant_id, edits);
    row
}

/// The total of one filter the list asked for, kept while the profile is
/// unchanged (`ProfileDb::counts`), so scrolling or sorting a filtered list
/// counts its matches once, not once per page.
pub(crate) struct CountEntry {
    filter: CustomerFilter,
    /// The day, for a filter on findings.
    today: Option<NaiveDate>,
    total: u32,
}

/// How many filters' totals are kept.
const COUNTS_KEPT: usize = 8;

/// Every `MARK_STEP`-th customer of the name order, so a page deep in the
/// whole list (no search, no filter, sorted by name) starts at the nearest
/// mark through the name's index instead of walking every entry before it
/// (OFFSET). Built by one walk of the index, kept while the profile is
/// unchanged (`ProfileDb::name_marks`).
pub(crate) struct NameMarks {
    /// (name, tenant id) of positions 0, `MARK_STEP`, 2 × `MARK_STEP`, …
    keys: Vec<(String, String)>,
}

const MARK_STEP: u32 = 1_000;

impl ProfileDb {
    /// How many customers match the filter, counted once per filter while
    /// the profile is unchanged.
    fn count_customers(&self, filter: &CustomerFilter, params: &FilterParams<'_>, today: NaiveDate) -> Result<u32> {
        let context = || format!("counting customers in {}", self.path().display());
        let today = filter.has_findings.is_some().then_some(today);
        self.kept(
            &self.counts,
            || Ok(Vec::new()),
            |entries| {
                if let Some(kept) = entries.iter().find(|e| &e.filter == filter && e.today == today) {
                    return Ok(kept.total);
                }
                let mut count = self.conn.prepare_cached(params.plan.count_sql()).context(context)?;
                let bound = params.bind(&count);
                let total: u32 = count.query_row(bound.as_slice(), |r| r.get(0)).context(context)?;
                if entries.len() >= COUNTS_KEPT {
                    entries.remove(0);
                }
                entries.push(CountEntry { filter: filter.clone(), today, total });
                Ok(total)
            },
        )?
    }

    /// A page of customers matching the query's filter, in its order.
    /// `today` dates the findings when the filter asks about them.
    pub fn customers(&self, query: &CustomerQuery, today: NaiveDate) -> Result<CustomerPage> {
        // Typing in the search box of the list sorted by name: answered from
        // memory (crates/store/src/search_text.rs).
        if query.filter.is_search_only()
            && query.sort == CustomerSort::Name
            && let Some(search) = query.filter.search.as_deref()
            && let Some(found) =
                self.search_page(search, query.descending, query.offset, query.limit.clamp(1, MAX_PAGE))?
        {
            let items = self.rows_by_rowid(&found.rowids)?;
            return Ok(CustomerPage { total: found.total, items: self.with_page_tags(items)? });
        }
        self.customers_by_sql(query, today)
    }

    /// [`Self::customers`] with every filter and sort in SQL.
    pub(crate) fn customers_by_sql(&self, query: &CustomerQuery, today: NaiveDate) -> Result<CustomerPage> {
        let context = || format!("listing customers in {}", self.path().display());
        self.prepare_findings_filter(&query.filter, today)?;
        let params = FilterParams::new(&query.filter);
        let total = self.count_customers(&query.filter, &params, today)?;
        let limit = query.limit.clamp(1, MAX_PAGE);
        let whole_list = params.plan == SearchPlan::None && query.filter.is_search_only();
        if whole_list && query.sort == CustomerSort::Name && query.offset >= MARK_STEP {
            let items = self.whole_list_by_name(query.descending, query.offset, limit, total)?;
            return Ok(CustomerPage { total, items: self.with_page_tags(items)? });
        }
        let walk = if total > MANY_MATCHES { Walk::SortIndex } else { Walk::Matches };
        let order = query.sort.order_by(query.descending);
        // A sort on a stored column picks the page's customers first and only
        // then computes their counts: sorting with every row's counts would
        // compute them for each customer that matches, not for the 200 shown.
        let by_counts = matches!(query.sort, CustomerSort::Partners | CustomerSort::Subscriptions);
        // The filter text per search plan: each arm a constant, so the SQL
        // is built from compile-time text only (crates/store/tests/sql_lint.rs).
        let filter = match (params.plan, walk) {
            (SearchPlan::None, _) => FILTER_ALL,
            (SearchPlan::Scan, _) => FILTER_SCAN,
            (SearchPlan::Trigram, Walk::Matches) => FILTER_TRIGRAM,
            (SearchPlan::Trigram, Walk::SortIndex) => FILTER_TRIGRAM_WALK,
            (SearchPlan::TrigramCaseless, Walk::Matches) => FILTER_CASELESS,
            (SearchPlan::TrigramCaseless, Walk::SortIndex) => FILTER_CASELESS_WALK,
        };
        let sql = if by_counts {
            format!("SELECT {ROW_COLUMNS} FROM customers c WHERE {filter} ORDER BY {order} LIMIT :limit OFFSET :offset")
        } else {
            format!(
                "SELECT {ROW_COLUMNS} FROM customers c WHERE c.rowid IN (
                        SELECT c.rowid FROM customers c WHERE {filter} ORDER BY {order} LIMIT :limit OFFSET :offset)
                     ORDER BY {order}"
            )
        };
        let mut statement = self.conn.prepare_cached(&sql).context(context)?;
        let mut bound = params.bind(&statement);
        bound.push((":limit", &limit));
        bound.push((":offset", &query.offset));
        let items = statement
            .query_map(bound.as_slice(), row_from)
            .context(context)?
            .collect::<rusqlite::Result<Vec<CustomerRow>>>()
            .context(context)?;
        Ok(CustomerPage { total, items: self.with_page_tags(items)? })
    }

    /// The rows of these customers, in the order given.
    fn rows_by_rowid(&self, rowids: &[i64]) -> Result<Vec<CustomerRow>> {
        let context = || format!("listing customers in {}", self.path().display());
        let sql = format!(
            "SELECT {ROW_COLUMNS}, c.rowid FROM customers c WHERE c.rowid IN (SELECT value FROM json_each(:ids))"
        );
        let mut statement = self.conn.prepare_cached(&sql).context(context)?;
        let ids = serde_json::Value::from(rowids).to_string();
        let mut rows = statement
            .query_map(rusqlite::named_params! { ":ids": ids }, |r| Ok((r.get::<_, i64>(11)?, row_from(r)?)))
            .context(context)?
            .collect::<rusqlite::Result<Vec<(i64, CustomerRow)>>>()
            .context(context)?;
        let position: HashMap<i64, usize> = rowids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        rows.sort_by_key(|(id, _)| position.get(id).copied());
        Ok(rows.into_iter().map(|(_, row)| row).collect())
    }

    /// A page's rows with the tags that show: one read of the page's local edits.
    fn with_page_tags(&self, items: Vec<CustomerRow>) -> Result<Vec<CustomerRow>> {
        let tenants: Vec<String> = items.iter().map(|row| row.tenant_id.clone()).collect();
        let edits = self.tag_edits(&tenants)?;
        Ok(items.into_iter().map(|row| with_local_tags(row, &edits)).collect())
    }

    /// A page of the whole list by name, from the nearest mark before it:
    /// the same rows as OFFSET `offset` of the name's order, without walking
    /// the index up to it. A descending page is the ascending window that
    /// ends where it starts, read backwards.
    fn whole_list_by_name(&self, descending: bool, offset: u32, limit: u32, total: u32) -> Result<Vec<CustomerRow>> {
        let context = || format!("listing customers in {}", self.path().display());
        let (start, count) = if descending {
            let end = total.saturating_sub(offset);
            let start = end.saturating_sub(limit);
            (start, end - start)
        } else {
            (offset, limit)
        };
        if count == 0 || start >= total {
            return Ok(Vec::new());
        }
        let Some((name, tenant)) = self.name_mark(start / MARK_STEP)? else { return Ok(Vec::new()) };
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM customers c WHERE c.rowid IN (
                SELECT c.rowid FROM customers c
                WHERE c.company_name >= :name COLLATE NOCASE
                  AND (c.company_name > :name COLLATE NOCASE OR c.tenant_id >= :tenant)
                ORDER BY c.company_name COLLATE NOCASE, c.tenant_id LIMIT :limit OFFSET :skip)
             ORDER BY c.company_name COLLATE NOCASE, c.tenant_id"
        );
        let mut statement = self.conn.prepare_cached(&sql).context(context)?;
        let skip = start % MARK_STEP;
        let mut items = statement
            .query_map(
                rusqlite::named_params! { ":name": name, ":tenant": tenant, ":limit": count, ":skip": skip },
                row_from,
            )
            .context(context)?
            .collect::<rusqlite::Result<Vec<CustomerRow>>>()
            .context(context)?;
        if descending {
            items.reverse();
        }
        Ok(items)
    }

    /// The (name, tenant id) at position `index` × `MARK_STEP` of the name
    /// order; the marks are built again when the profile changed.
    fn name_mark(&self, index: u32) -> Result<Option<(String, String)>> {
        let mark = |marks: &mut NameMarks| usize::try_from(index).ok().and_then(|i| marks.keys.get(i)).cloned();
        self.kept(&self.name_marks, || self.read_name_marks(), mark)
    }

    fn read_name_marks(&self) -> Result<NameMarks> {
        let context = || format!("listing customers in {}", self.path().display());
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT c.company_name, c.tenant_id FROM customers c
                 ORDER BY c.company_name COLLATE NOCASE, c.tenant_id",
            )
            .context(context)?;
        let mut rows = statement.query([]).context(context)?;
        let mut keys = Vec::new();
        let mut position: u32 = 0;
        while let Some(row) = rows.next().context(context)? {
            if position.is_multiple_of(MARK_STEP) {
                keys.push((row.get(0).context(context)?, row.get(1).context(context)?));
            }
            position = position.wrapping_add(1);
        }
        Ok(NameMarks { keys })
    }

    /// Every customer the query's filter matches, in its order, to `visit`
    /// (the export of the customer table), without holding them all.
    pub fn for_each_customer_row(
        &self,
        query: &CustomerQuery,
        today: NaiveDate,
        mut visit: impl FnMut(CustomerRow) -> Result<()>,
    ) -> Result<u32> {
        let context = || format!("listing customers in {}", self.path().display());
        self.prepare_findings_filter(&query.filter, today)?;
        let params = FilterParams::new(&query.filter);
        let order = query.sort.order_by(query.descending);
        // Every customer is visited: walk the sort's index, never sort all matches.
        let filter = match params.plan {
            SearchPlan::None => FILTER_ALL,
            SearchPlan::Scan => FILTER_SCAN,
            SearchPlan::Trigram => FILTER_TRIGRAM_WALK,
            SearchPlan::TrigramCaseless => FILTER_CASELESS_WALK,
        };
        let sql = format!("SELECT {ROW_COLUMNS} FROM customers c WHERE {filter} ORDER BY {order}");
        let mut statement = self.conn.prepare(&sql).context(context)?;
        let bound = params.bind(&statement);
        let edits = self.all_tag_edits()?;
        let mut rows = statement.query(bound.as_slice()).context(context)?;
        let mut count = 0;
        while let Some(row) = rows.next().context(context)? {
            visit(with_local_tags(row_from(row).context(context)?, &edits))?;
            count += 1;
        }
        Ok(count)
    }

    /// Brings the kept findings to `today` when the filter asks about them.
    fn prepare_findings_filter(&self, filter: &CustomerFilter, today: NaiveDate) -> Result<()> {
        if filter.has_findings.is_some() {
            crate::findings::bring_to(&self.conn, today)?;
        }
        Ok(())
    }

    /// The values the customer table's filter menus offer.
    pub fn filter_options(&self) -> Result<FilterOptions> {
        let context = || format!("reading filter values in {}", self.path().display());
        let strings = |sql: &str| -> Result<Vec<String>> {
            let mut statement = self.conn.prepare(sql).context(context)?;
            let values = statement
                .query_map([], |r| r.get::<_, String>(0))
                .context(context)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .context(context)?;
            Ok(values)
        };
        let named = |sql: &str| -> Result<Vec<NamedId>> {
            let mut statement = self.conn.prepare(sql).context(context)?;
            let values = statement
                .query_map([], |r| Ok(NamedId { id: r.get(0)?, name: r.get(1)? }))
                .context(context)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .context(context)?;
            Ok(values)
        };
        Ok(FilterOptions {
            relationships: strings("SELECT DISTINCT relationship FROM customers ORDER BY 1")?,
            partners: named(
                "SELECT p.id, p.name FROM partners p
                 WHERE EXISTS (SELECT 1 FROM customer_partner_links l WHERE l.partner_id = p.id)
                 ORDER BY p.name COLLATE NOCASE, p.id",
            )?,
            resellers: named(
                "SELECT r.id, (SELECT p.name FROM partners p WHERE p.mpn_id = r.id ORDER BY p.id LIMIT 1)
                 FROM (SELECT DISTINCT indirect_reseller_id AS id FROM customers
                       WHERE indirect_reseller_id IS NOT NULL) r
                 ORDER BY 2 IS NULL, 2 COLLATE NOCASE, 1",
            )?,
            channels: strings("SELECT DISTINCT channel FROM subscriptions ORDER BY 1")?,
            // What shows (crate::tags): imported tags not taken off everywhere, and added ones.
            tags: strings(
                "SELECT t.value FROM customers c, json_each(c.tags) t
                 WHERE NOT EXISTS (SELECT 1 FROM customer_tag_edits e
                     WHERE e.customer_tenant_id = c.tenant_id AND e.tag = t.value AND e.added = 0)
                 UNION SELECT tag FROM customer_tag_edits WHERE added = 1
                 ORDER BY 1",
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{CustomerSort, SearchPlan, fts_phrase, like_pattern};

    #[test]
    fn searches_of_three_characters_or_more_use_the_trigram_index() {
        assert_eq!(SearchPlan::of(None), SearchPlan::None);
        assert_eq!(SearchPlan::of(Some("  ")), SearchPlan::None);
        assert_eq!(SearchPlan::of(Some("東京")), SearchPlan::Scan);
        assert_eq!(SearchPlan::of(Some(" ab ")), SearchPlan::Scan);
        assert_eq!(SearchPlan::of(Some("東京都")), SearchPlan::TrigramCaseless);
        assert_eq!(SearchPlan::of(Some("株式会社 2")), SearchPlan::TrigramCaseless);
        assert_eq!(SearchPlan::of(Some("ООО")), SearchPlan::Trigram);
        assert_eq!(SearchPlan::of(Some("Contoso")), SearchPlan::Trigram);
        assert_eq!(SearchPlan::of(Some("東京a")), SearchPlan::Trigram);
        assert_eq!(fts_phrase(" say \"hi\" "), "\"say \"\"hi\"\"\"");
    }

    /// The ORDER BY text goes into SQL as is: it must be fixed column words.
    #[test]
    fn every_sort_is_fixed_column_text() {
        use CustomerSort::*;
        for sort in [Name, Domain, TenantId, Country, Relationship, Reseller, Partners, Subscriptions] {
            for descending in [false, true] {
                let text = sort.order_by(descending);
                assert!(text.chars().all(|c| c.is_ascii_alphabetic() || " _.,".contains(c)), "{text}");
                assert!(
                    text.ends_with("c.tenant_id") || text.ends_with("c.tenant_id DESC"),
                    "{text}: pages must not overlap"
                );
            }
        }
    }

    #[test]
    fn wildcards_in_search_text_are_literal() {
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
