//! Giving data back out: CSV and XLSX with every nested field flattened into
//! named columns (tenant ids and customer names always present), and JSON in
//! Partner Desk's own export format, which imports back to the same data.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use partner_desk_core::model::*;
use partner_desk_core::rules::Finding;
use rusqlite::Row;
use serde::{Deserialize, Serialize};

use crate::customers::{CustomerQuery, CustomerRow, SEARCH_FILTER, search_pattern};
use crate::entities::{
    CUSTOMER_COLUMNS, GDAP_COLUMNS, LINK_COLUMNS, SUBSCRIPTION_COLUMNS, customer_from_row, gdap_from_row,
    link_from_row, qualified, subscription_from_row,
};
use crate::error::{Context, Result, StoreError};
use crate::profile_db::ProfileDb;

/// The format name the JSON export carries and the reader recognises.
pub const EXPORT_FORMAT: &str = "partner-desk-export";
pub const EXPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ExportWhat {
    Customers,
    Subscriptions,
    Links,
    Gdap,
    /// What needs attention as of the export's `today`.
    Findings,
    /// Everything (JSON only): the whole profile, for a round trip.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Json,
    Xlsx,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportSummary {
    pub path: String,
    pub rows: u32,
}

/// The columns of the customer table, as shown and as exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CustomerColumn {
    CompanyName,
    PrimaryDomain,
    TenantId,
    Country,
    Relationship,
    DelegatedAdmin,
    Reseller,
    Partners,
    Subscriptions,
    Tags,
}

impl CustomerColumn {
    pub const ALL: &'static [CustomerColumn] = &[
        CustomerColumn::CompanyName,
        CustomerColumn::PrimaryDomain,
        CustomerColumn::TenantId,
        CustomerColumn::Country,
        CustomerColumn::Relationship,
        CustomerColumn::DelegatedAdmin,
        CustomerColumn::Reseller,
        CustomerColumn::Partners,
        CustomerColumn::Subscriptions,
        CustomerColumn::Tags,
    ];

    fn title(self) -> &'static str {
        match self {
            CustomerColumn::CompanyName => "Company name",
            CustomerColumn::PrimaryDomain => "Primary domain",
            CustomerColumn::TenantId => "Tenant ID",
            CustomerColumn::Country => "Country",
            CustomerColumn::Relationship => "Relationship",
            CustomerColumn::DelegatedAdmin => "Delegated admin allowed",
            CustomerColumn::Reseller => "Reseller of record",
            CustomerColumn::Partners => "Partners",
            CustomerColumn::Subscriptions => "Subscriptions",
            CustomerColumn::Tags => "Tags",
        }
    }

    fn cell(self, row: &CustomerRow) -> String {
        match self {
            CustomerColumn::CompanyName => row.company_name.clone(),
            CustomerColumn::PrimaryDomain => opt(&row.primary_domain),
            CustomerColumn::TenantId => row.tenant_id.clone(),
            CustomerColumn::Country => opt(&row.country),
            CustomerColumn::Relationship => word(&row.relationship),
            CustomerColumn::DelegatedAdmin => flag(row.allow_delegated_access),
            CustomerColumn::Reseller => match (&row.reseller_name, &row.reseller_id) {
                (Some(name), Some(id)) => format!("{name} ({id})"),
                (_, id) => opt(id),
            },
            CustomerColumn::Partners => row.partner_count.to_string(),
            CustomerColumn::Subscriptions => row.subscription_count.to_string(),
            CustomerColumn::Tags => join(&row.tags),
        }
    }
}

/// Writes through a temporary file renamed into place, so a failed export
/// never leaves half a file where the user looks for it.
fn write_atomically(out: &Path, write: impl FnOnce(&Path) -> Result<u32>) -> Result<ExportSummary> {
    let temp = out.with_file_name(format!(".{}.partial", out.file_name().and_then(|n| n.to_str()).unwrap_or("export")));
    let rows = match write(&temp) {
        Ok(rows) => rows,
        Err(err) => {
            let _ = std::fs::remove_file(&temp);
            return Err(err);
        }
    };
    std::fs::rename(&temp, out).context(|| format!("writing {}", out.display()))?;
    Ok(ExportSummary { path: out.display().to_string(), rows })
}

/// A flat table: named columns, each row one string per column.
pub struct Table {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn flag(value: Option<bool>) -> String {
    value.map(|b| b.to_string()).unwrap_or_default()
}

/// A serde unit enum as its serialised word.
pub(crate) fn word<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn join(values: &[String]) -> String {
    values.join("; ")
}

impl ProfileDb {
    fn collect<T>(
        &self,
        sql: &str,
        search: &Option<String>,
        map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let context = || format!("exporting from {}", self.path().display());
        let mut statement = self.conn.prepare(sql).context(context)?;
        // Queries with a search filter bind it as ?1 (NULL matches all);
        // the rest take no parameter.
        let rows = if statement.parameter_count() > 0 {
            statement.query_map([search], map)
        } else {
            statement.query_map([], map)
        }
        .context(context)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context(context)?;
        Ok(rows)
    }

    fn export_customers(&self, search: Option<&str>) -> Result<Vec<Customer>> {
        let pattern = search_pattern(search);
        let columns = qualified(CUSTOMER_COLUMNS, "c");
        let mut customers = self.collect(
            &format!(
                "SELECT {columns} FROM customers c WHERE {SEARCH_FILTER} ORDER BY c.company_name COLLATE NOCASE, c.tenant_id"
            ),
            &pattern,
            customer_from_row,
        )?;
        // The tags the user sees, local edits included.
        let edits = self.all_tag_edits()?;
        for customer in &mut customers {
            crate::tags::show_local_edits(&mut customer.tags, &customer.tenant_id, &edits);
        }
        Ok(customers)
    }

    fn export_subscriptions(&self, search: Option<&str>) -> Result<Vec<(Subscription, String)>> {
        let pattern = search_pattern(search);
        let columns = qualified(SUBSCRIPTION_COLUMNS, "s");
        self.collect(
            &format!(
                "SELECT {columns}, c.company_name FROM subscriptions s JOIN customers c ON c.tenant_id = s.customer_tenant_id
                 WHERE {SEARCH_FILTER} ORDER BY c.company_name COLLATE NOCASE, s.customer_tenant_id, s.id"
            ),
            &pattern,
            |r| Ok((subscription_from_row(r)?, r.get(21)?)),
        )
    }

    fn export_links(&self, search: Option<&str>) -> Result<Vec<(CustomerPartnerLink, String, Partner)>> {
        let pattern = search_pattern(search);
        let columns = qualified(LINK_COLUMNS, "l");
        self.collect(
            &format!(
                "SELECT {columns}, c.company_name, p.id, p.tenant_id, p.mpn_id, p.name, p.location
                 FROM customer_partner_links l
                 JOIN customers c ON c.tenant_id = l.customer_tenant_id
                 JOIN partners p ON p.id = l.partner_id
                 WHERE {SEARCH_FILTER} ORDER BY c.company_name COLLATE NOCASE, l.customer_tenant_id, p.name, l.kind"
            ),
            &pattern,
            |r| {
                Ok((
                    link_from_row(r)?,
                    r.get(7)?,
                    Partner {
                        id: r.get(8)?,
                        tenant_id: r.get(9)?,
                        mpn_id: r.get(10)?,
                        name: r.get(11)?,
                        location: r.get(12)?,
                    },
                ))
            },
        )
    }

    fn export_gdap(&self, search: Option<&str>) -> Result<Vec<GdapRelationship>> {
        let pattern = search_pattern(search);
        let columns = qualified(GDAP_COLUMNS, "g");
        // Relationships whose customer is not (yet) in the profile are kept
        // when nothing is searched for: a LEFT JOIN.
        self.collect(
            &format!(
                "SELECT {columns} FROM gdap_relationships g LEFT JOIN customers c ON c.tenant_id = g.customer_tenant_id
                 WHERE {SEARCH_FILTER} ORDER BY g.customer_name COLLATE NOCASE, g.id"
            ),
            &pattern,
            gdap_from_row,
        )
    }

    /// A flat table of `what` for CSV and XLSX.
    /// Findings of the customers `search` matches (all, and those about no
    /// customer, when it is empty), with the customer's name beside each.
    fn export_findings(&self, search: Option<&str>, today: NaiveDate) -> Result<Vec<(Finding, String)>> {
        let names: HashMap<String, String> =
            self.export_customers(search)?.into_iter().map(|c| (c.tenant_id, c.company_name)).collect();
        let searching = search.is_some_and(|s| !s.trim().is_empty());
        Ok(self
            .findings(today)?
            .into_iter()
            .filter_map(|f| {
                let customer = f.subject.customer_tenant_id.as_ref().and_then(|t| names.get(t)).cloned();
                match customer {
                    Some(name) => Some((f, name)),
                    None if !searching => Some((f, String::new())),
                    None => None,
                }
            })
            .collect())
    }

    /// A flat table of `what` for CSV and XLSX; `today` dates the findings.
    pub fn export_table(&self, what: ExportWhat, search: Option<&str>, today: NaiveDate) -> Result<Table> {
        Ok(match what {
            ExportWhat::Findings => Table {
                columns: vec![
                    "Severity",
                    "Kind",
                    "Rule",
                    "Due",
                    "Customer tenant ID",
                    "Customer name",
                    "Subscription ID",
                    "GDAP relationship ID",
                    "Message",
                ],
                rows: self
                    .export_findings(search, today)?
                    .into_iter()
                    .map(|(f, customer_name)| {
                        vec![
                            word(&f.severity),
                            f.kind.id().to_string(),
                            f.rule.map(|r| r.id().to_string()).unwrap_or_default(),
                            f.due.map(|d| d.to_string()).unwrap_or_default(),
                            opt(&f.subject.customer_tenant_id),
                            customer_name,
                            opt(&f.subject.subscription_id),
                            opt(&f.subject.gdap_id),
                            f.message,
                        ]
                    })
                    .collect(),
            },
            ExportWhat::Customers => Table {
                columns: vec![
                    "Tenant ID",
                    "Company name",
                    "Primary domain",
                    "Custom domains",
                    "Country",
                    "Relationship",
                    "Delegated admin allowed",
                    "Indirect reseller MPN ID",
                    "Commerce ID",
                    "Tags",
                ],
                rows: self
                    .export_customers(search)?
                    .into_iter()
                    .map(|c| {
                        vec![
                            c.tenant_id,
                            c.company_name,
                            opt(&c.primary_domain),
                            join(&c.custom_domains),
                            opt(&c.country),
                            c.relationship.to_string(),
                            flag(c.allow_delegated_access),
                            opt(&c.indirect_reseller_id),
                            opt(&c.commerce_id),
                            join(&c.tags),
                        ]
                    })
                    .collect(),
            },
            ExportWhat::Subscriptions => Table {
                columns: vec![
                    "Customer tenant ID",
                    "Customer name",
                    "Subscription ID",
                    "Offer ID",
                    "Offer name",
                    "Friendly name",
                    "Quantity",
                    "Unit type",
                    "Status",
                    "Billing type",
                    "Channel",
                    "Contract type",
                    "Auto-renew",
                    "Created",
                    "Effective start",
                    "Commitment end",
                    "Term duration",
                    "Billing cycle",
                    "Reseller of record (MPN ID)",
                    "Parent subscription ID",
                    "Order ID",
                    "Trial",
                ],
                rows: self
                    .export_subscriptions(search)?
                    .into_iter()
                    .map(|(s, customer_name)| {
                        vec![
                            s.customer_tenant_id,
                            customer_name,
                            s.id,
                            opt(&s.offer_id),
                            s.offer_name,
                            opt(&s.friendly_name),
                            s.quantity.to_string(),
                            opt(&s.unit_type),
                            s.status.to_string(),
                            s.billing_type.to_string(),
                            s.channel.to_string(),
                            opt(&s.contract_type),
                            flag(s.auto_renew),
                            s.creation_date.map(|t| t.to_rfc3339()).unwrap_or_default(),
                            s.effective_start.map(|t| t.to_rfc3339()).unwrap_or_default(),
                            s.commitment_end.map(|d| d.to_string()).unwrap_or_default(),
                            opt(&s.term_duration),
                            opt(&s.billing_cycle),
                            opt(&s.partner_of_record),
                            opt(&s.parent_subscription_id),
                            opt(&s.order_id),
                            s.is_trial.to_string(),
                        ]
                    })
                    .collect(),
            },
            ExportWhat::Links => Table {
                columns: vec![
                    "Customer tenant ID",
                    "Customer name",
                    "Partner name",
                    "Partner tenant ID",
                    "Partner MPN ID",
                    "Partner location",
                    "Kind",
                    "Scope",
                    "Source",
                    "Start date",
                    "End date",
                ],
                rows: self
                    .export_links(search)?
                    .into_iter()
                    .map(|(l, customer_name, p)| {
                        vec![
                            l.customer_tenant_id,
                            customer_name,
                            p.name,
                            opt(&p.tenant_id),
                            opt(&p.mpn_id),
                            opt(&p.location),
                            l.kind.to_string(),
                            opt(&l.scope),
                            l.source,
                            l.start_date.map(|d| d.to_string()).unwrap_or_default(),
                            l.end_date.map(|d| d.to_string()).unwrap_or_default(),
                        ]
                    })
                    .collect(),
            },
            ExportWhat::Gdap => Table {
                columns: vec![
                    "Customer tenant ID",
                    "Customer name",
                    "Relationship ID",
                    "Display name",
                    "Status",
                    "Duration",
                    "Auto-extend duration",
                    "Created",
                    "Activated",
                    "Ends",
                    "Role definition IDs",
                ],
                rows: self
                    .export_gdap(search)?
                    .into_iter()
                    .map(|g| {
                        vec![
                            opt(&g.customer_tenant_id),
                            opt(&g.customer_name),
                            g.id,
                            g.display_name,
                            g.status.to_string(),
                            g.duration,
                            g.auto_extend_duration,
                            g.created_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                            g.activated_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                            g.end_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                            join(&g.roles),
                        ]
                    })
                    .collect(),
            },
            ExportWhat::All => {
                return Err(StoreError::Invalid(partner_desk_core::InvalidInput::new(
                    "what",
                    "all",
                    "is only available as JSON; choose customers, subscriptions, links or gdap for CSV or XLSX",
                )));
            }
        })
    }

    /// Writes the export to `out`: all or nothing (a temporary file renamed
    /// into place, so a failed export never leaves half a file).
    pub fn export(
        &self,
        what: ExportWhat,
        format: ExportFormat,
        search: Option<&str>,
        today: NaiveDate,
        out: &Path,
    ) -> Result<ExportSummary> {
        write_atomically(out, |temp| match format {
            ExportFormat::Csv => self.export_table(what, search, today).and_then(|t| write_csv(&t, temp)),
            ExportFormat::Xlsx => self.export_table(what, search, today).and_then(|t| write_xlsx(&t, what, temp)),
            ExportFormat::Json if what == ExportWhat::Findings => self.write_findings_json(search, today, temp),
            ExportFormat::Json => self.write_json(what, search, temp),
        })
    }

    /// The customer table as the user sees it: its filter, its order, the
    /// columns shown, every matching row (not only the loaded pages).
    pub fn export_customer_view(
        &self,
        query: &CustomerQuery,
        columns: &[CustomerColumn],
        format: ExportFormat,
        today: NaiveDate,
        out: &Path,
    ) -> Result<ExportSummary> {
        let columns: Vec<CustomerColumn> =
            if columns.is_empty() { CustomerColumn::ALL.to_vec() } else { columns.to_vec() };
        let mut table = Table { columns: columns.iter().map(|c| c.title()).collect(), rows: Vec::new() };
        self.for_each_customer_row(query, today, |row| {
            table.rows.push(columns.iter().map(|c| c.cell(&row)).collect());
            Ok(())
        })?;
        write_atomically(out, |temp| match format {
            ExportFormat::Csv => write_csv(&table, temp),
            ExportFormat::Xlsx => write_xlsx(&table, ExportWhat::Customers, temp),
            ExportFormat::Json => Err(StoreError::Invalid(partner_desk_core::InvalidInput::new(
                "format",
                "json",
                "the customer view exports as CSV or XLSX",
            ))),
        })
    }

    fn write_findings_json(&self, search: Option<&str>, today: NaiveDate, path: &Path) -> Result<u32> {
        let findings: Vec<Finding> = self.export_findings(search, today)?.into_iter().map(|(f, _)| f).collect();
        let document = serde_json::json!({
            "format": "partner-desk-findings",
            "version": 1,
            "today": today.to_string(),
            "findings": findings,
        });
        let text = serde_json::to_string_pretty(&document).unwrap_or_default();
        std::fs::write(path, text + "\n").context(|| format!("writing {}", path.display()))?;
        Ok(findings.len() as u32)
    }

    fn write_json(&self, what: ExportWhat, search: Option<&str>, path: &Path) -> Result<u32> {
        let io = |e: std::io::Error| StoreError::Io { context: format!("writing {}", path.display()), source: e };
        let file = std::fs::File::create(path).map_err(io)?;
        let mut out = std::io::BufWriter::new(file);
        let all = what == ExportWhat::All;
        let customers = if all || what == ExportWhat::Customers { self.export_customers(search)? } else { Vec::new() };
        let subscriptions: Vec<Subscription> = if all || what == ExportWhat::Subscriptions {
            self.export_subscriptions(search)?.into_iter().map(|(s, _)| s).collect()
        } else {
            Vec::new()
        };
        let (links, mut partners): (Vec<CustomerPartnerLink>, Vec<Partner>) = if all || what == ExportWhat::Links {
            self.export_links(search)?.into_iter().map(|(l, _, p)| (l, p)).unzip()
        } else {
            (Vec::new(), Vec::new())
        };
        if all {
            partners =
                self.collect("SELECT id, tenant_id, mpn_id, name, location FROM partners ORDER BY id", &None, |r| {
                    Ok(Partner {
                        id: r.get(0)?,
                        tenant_id: r.get(1)?,
                        mpn_id: r.get(2)?,
                        name: r.get(3)?,
                        location: r.get(4)?,
                    })
                })?;
        } else {
            partners.sort_by(|a, b| a.id.cmp(&b.id));
            partners.dedup_by(|a, b| a.id == b.id);
        }
        let relationships: Vec<PartnerRelationship> = if all {
            self.collect(
                "SELECT partner_id, relationship_type, state FROM partner_relationships ORDER BY partner_id, relationship_type",
                &None,
                |r| {
                    Ok(PartnerRelationship {
                        partner_id: r.get(0)?,
                        relationship_type: PartnerRelationshipType::parse(&r.get::<_, String>(1)?),
                        state: r.get(2)?,
                    })
                },
            )?
        } else {
            Vec::new()
        };
        let gdap = if all || what == ExportWhat::Gdap { self.export_gdap(search)? } else { Vec::new() };
        let rows = (customers.len() + subscriptions.len() + links.len() + gdap.len()) as u32;
        let document = serde_json::json!({
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            // The whole profile, unfiltered: re-importing it may remove what it
            // does not name. A filtered or partial export never claims that.
            "complete": all && search.map(str::trim).unwrap_or("").is_empty(),
            "partners": partners,
            "partner_relationships": relationships,
            "customers": customers,
            "links": links,
            "subscriptions": subscriptions,
            "gdap": gdap,
            "relationship_requests": [],
        });
        serde_json::to_writer_pretty(&mut out, &document).map_err(|e| io(std::io::Error::other(e)))?;
        out.write_all(b"\n").map_err(io)?;
        out.flush().map_err(io)?;
        Ok(rows)
    }
}

fn write_csv(table: &Table, path: &Path) -> Result<u32> {
    let io = |e: csv::Error| StoreError::Io {
        context: format!("writing {}", path.display()),
        source: std::io::Error::other(e),
    };
    let file = std::fs::File::create(path).context(|| format!("writing {}", path.display()))?;
    let mut buffered = std::io::BufWriter::new(file);
    // A BOM, so Excel opens CJK and Cyrillic text as UTF-8.
    buffered.write_all("\u{feff}".as_bytes()).context(|| format!("writing {}", path.display()))?;
    let mut writer = csv::Writer::from_writer(buffered);
    writer.write_record(&table.columns).map_err(io)?;
    for row in &table.rows {
        writer.write_record(row).map_err(io)?;
    }
    writer.flush().context(|| format!("writing {}", path.display()))?;
    Ok(table.rows.len() as u32)
}

fn write_xlsx(table: &Table, what: ExportWhat, path: &Path) -> Result<u32> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| StoreError::Io {
        context: format!("writing {}", path.display()),
        source: std::io::Error::other(e.to_string()),
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let name = match what {
        ExportWhat::Customers => "Customers",
        ExportWhat::Subscriptions => "Subscriptions",
        ExportWhat::Links => "Partners",
        ExportWhat::Gdap => "GDAP",
        ExportWhat::Findings => "Findings",
        ExportWhat::All => "Export",
    };
    sheet.set_name(name).map_err(fail)?;
    let bold = Format::new().set_bold();
    for (col, title) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold).map_err(fail)?;
    }
    for (index, row) in table.rows.iter().enumerate() {
        for (col, value) in row.iter().enumerate() {
            sheet.write_string(index as u32 + 1, col as u16, value).map_err(fail)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    workbook.save(path).map_err(fail)?;
    Ok(table.rows.len() as u32)
}
