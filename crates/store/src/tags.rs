//! Tags on a customer. An import writes the portal's tags into
//! `customers.tags`; tags the user adds or takes off here are kept apart, in
//! `customer_tag_edits` (schema migration 5), so the next import never
//! undoes them. What shows everywhere (the list, its tag filter, exports,
//! the detail) is [`effective_tags`].

use std::collections::{BTreeSet, HashMap};

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::entities::to_json;
use crate::error::{Context, Result};
use crate::manual::{Change, audit, invalid};
use crate::profile_db::ProfileDb;

const TAG_LIMIT: usize = 40;
const TAGS_PER_CUSTOMER: usize = 30;

/// One local edit: a tag added (`true`) or an imported tag taken off (`false`).
pub(crate) type TagEdit = (String, bool);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerTag {
    pub tag: String,
    /// The tag came with an import; taking it off here still lasts.
    pub imported: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerTags {
    pub customer_tenant_id: String,
    pub tags: Vec<CustomerTag>,
    /// Imported tags the user took off, so the editor can offer them back.
    pub removed_imported: Vec<String>,
}

/// The tags that show: the imported ones in their order without those taken
/// off, then the added ones not already imported, sorted.
pub(crate) fn effective_tags(imported: &[String], edits: &[TagEdit]) -> Vec<String> {
    let removed: BTreeSet<&str> = edits.iter().filter(|(_, added)| !added).map(|(t, _)| t.as_str()).collect();
    let mut tags: Vec<String> = Vec::with_capacity(imported.len() + edits.len());
    for tag in imported {
        if !removed.contains(tag.as_str()) && !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    let added: BTreeSet<&str> = edits.iter().filter(|(_, added)| *added).map(|(t, _)| t.as_str()).collect();
    for tag in added {
        if !imported.iter().any(|i| i == tag) {
            tags.push(tag.to_string());
        }
    }
    tags
}

/// Makes `tags`, as an import left them on `tenant`, the tags that show:
/// with the customer's local edits, when `edits` holds any.
pub(crate) fn show_local_edits(tags: &mut Vec<String>, tenant: &str, edits: &HashMap<String, Vec<TagEdit>>) {
    if let Some(edits) = edits.get(tenant) {
        *tags = effective_tags(tags, edits);
    }
}

/// The edits that make `wanted` show over `imported`.
pub(crate) fn edits_for(imported: &[String], wanted: &[String]) -> Vec<TagEdit> {
    let removed = imported.iter().filter(|t| !wanted.contains(t)).map(|t| (t.clone(), false));
    let added = wanted.iter().filter(|t| !imported.contains(t)).map(|t| (t.clone(), true));
    let mut edits: Vec<TagEdit> = removed.chain(added).collect();
    edits.sort();
    edits.dedup();
    edits
}

/// What the editor shows: the tags with where each came from, and the
/// imported ones taken off.
fn tags_of(tenant: String, imported: &[String], edits: &[TagEdit]) -> CustomerTags {
    let tags = effective_tags(imported, edits)
        .into_iter()
        .map(|tag| CustomerTag { imported: imported.contains(&tag), tag })
        .collect();
    let removed_imported =
        imported.iter().filter(|t| edits.iter().any(|(tag, added)| !added && tag == *t)).cloned().collect();
    CustomerTags { customer_tenant_id: tenant, tags, removed_imported }
}

/// Trims each tag, drops blanks and repeats, and refuses what a tag cannot be.
fn clean(tags: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = tag.trim();
        if tag.is_empty() || out.iter().any(|t| t == tag) {
            continue;
        }
        if tag.chars().count() > TAG_LIMIT {
            return Err(invalid("tag", tag, &format!("is longer than {TAG_LIMIT} characters")));
        }
        if tag.chars().any(|c| c.is_control() || c == ',') {
            return Err(invalid("tag", tag, "must not hold a comma, a line break or a control character"));
        }
        out.push(tag.to_string());
    }
    if out.len() > TAGS_PER_CUSTOMER {
        return Err(invalid("tags", &out.len().to_string(), &format!("are more than {TAGS_PER_CUSTOMER}")));
    }
    Ok(out)
}

impl ProfileDb {
    pub fn customer_tags(&self, customer: &str) -> Result<CustomerTags> {
        let tenant = self.resolve_customer(customer)?;
        let imported = self.imported_tags(&tenant)?;
        let edits = self.tag_edits(std::slice::from_ref(&tenant))?.remove(&tenant).unwrap_or_default();
        Ok(tags_of(tenant, &imported, &edits))
    }

    /// Makes the customer's tags `tags`, whatever the import brought; one
    /// audit entry with the tags before and after.
    pub fn set_customer_tags(&mut self, customer: &str, tags: &[String], change: &Change) -> Result<CustomerTags> {
        let tenant = self.resolve_customer(customer)?;
        let wanted = clean(tags)?;
        let imported = self.imported_tags(&tenant)?;
        let current = self.tag_edits(std::slice::from_ref(&tenant))?.remove(&tenant).unwrap_or_default();
        let before = effective_tags(&imported, &current);
        let edits = edits_for(&imported, &wanted);
        let after = effective_tags(&imported, &edits);
        if before == after {
            return Ok(tags_of(tenant, &imported, &current));
        }
        self.in_transaction(|tx| {
            let context = || format!("saving the tags of {tenant}");
            tx.execute("DELETE FROM customer_tag_edits WHERE customer_tenant_id = ?1", params![tenant])
                .context(context)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO customer_tag_edits (customer_tenant_id, tag, added, updated_at) VALUES (?1, ?2, ?3, ?4)",
                )
                .context(context)?;
            for (tag, added) in &edits {
                insert.execute(params![tenant, tag, added, change.at.to_rfc3339()]).context(context)?;
            }
            audit(tx, change, "tags", "customer", &tenant, Some(to_json(&before)), Some(to_json(&after)))
        })?;
        Ok(tags_of(tenant, &imported, &edits))
    }

    fn imported_tags(&self, tenant: &str) -> Result<Vec<String>> {
        let json: String = self
            .conn
            .query_row("SELECT tags FROM customers WHERE tenant_id = ?1", params![tenant], |r| r.get(0))
            .context(|| format!("reading the tags of {tenant}"))?;
        Ok(serde_json::from_str(&json).unwrap_or_default())
    }

    /// The local edits of these customers (a page of the list).
    pub(crate) fn tag_edits(&self, tenants: &[String]) -> Result<HashMap<String, Vec<TagEdit>>> {
        let context = || "reading local tags".to_string();
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT customer_tenant_id, tag, added FROM customer_tag_edits
                 WHERE customer_tenant_id IN (SELECT value FROM json_each(?1))",
            )
            .context(context)?;
        collect_edits(statement.query(params![to_json(&tenants)]).context(context)?)
    }

    /// Every customer's local edits: few (typed by hand), read once for an export.
    pub(crate) fn all_tag_edits(&self) -> Result<HashMap<String, Vec<TagEdit>>> {
        let context = || "reading local tags".to_string();
        let mut statement = self
            .conn
            .prepare_cached("SELECT customer_tenant_id, tag, added FROM customer_tag_edits")
            .context(context)?;
        collect_edits(statement.query([]).context(context)?)
    }
}

fn collect_edits(mut rows: rusqlite::Rows<'_>) -> Result<HashMap<String, Vec<TagEdit>>> {
    let mut edits: HashMap<String, Vec<TagEdit>> = HashMap::new();
    while let Some(row) = rows.next().context(|| "reading local tags".into())? {
        let read = || -> rusqlite::Result<(String, String, bool)> { Ok((row.get(0)?, row.get(1)?, row.get(2)?)) };
        let (tenant, tag, added) = read().context(|| "reading local tags".into())?;
        edits.entry(tenant).or_default().push((tag, added));
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::{edits_for, effective_tags};

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn imported_tags_keep_their_order_and_added_ones_follow_sorted() {
        let imported = tags(&["vip", "renewal", "eu"]);
        let edits = vec![("renewal".to_string(), false), ("zeta".to_string(), true), ("alpha".to_string(), true)];
        assert_eq!(effective_tags(&imported, &edits), tags(&["vip", "eu", "alpha", "zeta"]));
    }

    proptest! {
        /// Whatever the import brought, the edits make exactly the wanted
        /// tags show; and a later import keeps what was added and what was
        /// taken off, while its new tags show.
        #[test]
        fn edits_make_the_wanted_tags_show_and_survive_the_next_import(
            imported in proptest::collection::vec("[a-d]{1,2}", 0..6),
            wanted in proptest::collection::vec("[a-d]{1,2}", 0..6),
            next_import in proptest::collection::vec("[a-f]{1,2}", 0..6),
        ) {
            let edits = edits_for(&imported, &wanted);
            let shown: BTreeSet<String> = effective_tags(&imported, &edits).into_iter().collect();
            prop_assert_eq!(&shown, &wanted.iter().cloned().collect::<BTreeSet<_>>());

            let later: BTreeSet<String> = effective_tags(&next_import, &edits).into_iter().collect();
            for (tag, added) in &edits {
                prop_assert_eq!(later.contains(tag), *added);
            }
            for tag in next_import.iter().filter(|t| !edits.iter().any(|(e, _)| e == *t)) {
                prop_assert!(later.contains(tag));
            }
            let shown_list = effective_tags(&imported, &edits);
            prop_assert_eq!(shown_list.len(), shown.len(), "no tag shows twice");
        }
    }
}
