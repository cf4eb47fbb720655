//! Reading customers for lists.

use partner_desk_core::model::CustomerRelationship;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::error::{Context, Result};
use crate::profile_db::ProfileDb;

pub const MAX_PAGE: u32 = 1_000;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerQuery {
    /// Matches part of the name, domain or tenant id, in any script.
    pub search: Option<String>,
    pub limit: u32,
    pub offset: u32,
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

/// Where-clause over customers aliased `c`, bound to [`search_pattern`] as
/// `?1`: the customer list and every export filter the same way.
pub(crate) const SEARCH_FILTER: &str = "(?1 IS NULL
    OR c.company_name LIKE ?1 ESCAPE '\\'
    OR c.primary_domain LIKE ?1 ESCAPE '\\'
    OR c.tenant_id LIKE ?1 ESCAPE '\\'
    OR c.indirect_reseller_id LIKE ?1 ESCAPE '\\')";

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

impl ProfileDb {
    /// A page of customers sorted by name, filtered by `search`.
    pub fn customers(&self, query: &CustomerQuery) -> Result<CustomerPage> {
        let pattern = search_pattern(query.search.as_deref());
        let context = || format!("listing customers in {}", self.path().display());
        let total: u32 = self
            .conn
            .query_row(&format!("SELECT COUNT(*) FROM customers c WHERE {SEARCH_FILTER}"), params![pattern], |r| {
                r.get(0)
            })
            .context(context)?;
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT c.tenant_id, c.company_name, c.primary_domain, c.country, c.relationship,
                        c.allow_delegated_access, c.tags,
                        (SELECT COUNT(DISTINCT l.partner_id) FROM customer_partner_links l
                          WHERE l.customer_tenant_id = c.tenant_id),
                        (SELECT COUNT(*) FROM subscriptions s WHERE s.customer_tenant_id = c.tenant_id)
                 FROM customers c
                 WHERE {SEARCH_FILTER}
                 ORDER BY c.company_name COLLATE NOCASE, c.tenant_id
                 LIMIT ?2 OFFSET ?3"
            ))
            .context(context)?;
        let limit = query.limit.clamp(1, MAX_PAGE);
        let items = statement
            .query_map(params![pattern, limit, query.offset], |r| {
                let tags: String = r.get(6)?;
                Ok(CustomerRow {
                    tenant_id: r.get(0)?,
                    company_name: r.get(1)?,
                    primary_domain: r.get(2)?,
                    country: r.get(3)?,
                    relationship: CustomerRelationship::parse(&r.get::<_, String>(4)?),
                    allow_delegated_access: r.get(5)?,
                    tags: serde_json::from_str(&tags).unwrap_or_default(),
                    partner_count: r.get(7)?,
                    subscription_count: r.get(8)?,
                })
            })
            .context(context)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(context)?;
        Ok(CustomerPage { total, items })
    }
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn wildcards_in_search_text_are_literal() {
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
