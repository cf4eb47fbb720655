//! The distributor dataset, written in the formats a user imports, so the
//! benchmark measures the import path and not a shortcut:
//!
//! - `export/`: the export folder (Partner Center's view: customers, their CSP
//!   subscriptions and indirect resellers, the reseller list, GDAP);
//! - `reconciliation.csv`: a new commerce billing extract, one or two charge
//!   lines per license-based CSP subscription (values agree with the folder,
//!   as a real extract's do);
//! - `other-sources.json`: a Partner Desk export (not complete) with what
//!   Partner Center's lists do not carry: our own and other partners' links
//!   and subscriptions bought through other channels;
//! - `changes.json`: the next month, for a second snapshot to diff against
//!   (2 % of customers change seat counts, 1 % of GDAP relationships status).
//!
//! Everything comes from the core demo generator, in its distributor shape,
//! and streams: one customer at a time.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use partner_desk_core::demo::{Demo, DemoOptions, DemoShape};
use partner_desk_core::model::{
    BillingType, Channel, CustomerPartnerLink, GdapRelationship, GdapStatus, LinkKind, Partner, Subscription,
};
use serde_json::{Value, json};

use crate::io;

pub const EXPORT_DIR: &str = "export";
pub const RECONCILIATION: &str = "reconciliation.csv";
pub const OTHER_SOURCES: &str = "other-sources.json";
pub const CHANGES: &str = "changes.json";
pub const MANIFEST: &str = "dataset.json";

/// The day the data is laid out around (findings fall due near it).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default()
}

pub fn demo(scale: f64, seed: u64) -> Demo {
    Demo::with_shape(DemoOptions::distributor(scale, seed, today()), DemoShape::distributor())
}

/// The files of one import, in the order they are read.
pub fn import_paths(dir: &Path) -> Vec<PathBuf> {
    vec![dir.join(EXPORT_DIR), dir.join(RECONCILIATION), dir.join(OTHER_SOURCES)]
}

/// A JSON array written element by element.
struct JsonArray<W: Write> {
    out: W,
    count: u64,
}

impl<W: Write> JsonArray<W> {
    fn push(&mut self, value: &Value) -> std::io::Result<()> {
        if self.count > 0 {
            self.out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut self.out, value)?;
        self.count += 1;
        Ok(())
    }
}

fn create(path: &Path) -> Result<BufWriter<File>, String> {
    File::create(path).map(|f| BufWriter::with_capacity(1 << 20, f)).map_err(io(&path.display().to_string()))
}

fn collection(items: &[Value]) -> Value {
    json!({ "totalCount": items.len(), "items": items, "attributes": { "objectType": "Collection" } })
}

/// License offers carry a SKU in Partner Center's data (`product:sku`), as the
/// reconciliation file writes them, so both sources agree on the offer id.
fn offer_id(subscription: &Subscription) -> Option<String> {
    let offer = subscription.offer_id.as_deref()?;
    Some(if subscription.billing_type == BillingType::License { format!("{offer}:0001") } else { offer.to_string() })
}

fn rest_subscription(s: &Subscription) -> Value {
    json!({
        "id": s.id,
        "offerId": offer_id(s),
        "offerName": s.offer_name,
        "friendlyName": s.friendly_name,
        "quantity": s.quantity,
        "unitType": s.unit_type,
        "status": s.status.to_string(),
        "billingType": s.billing_type.to_string(),
        "contractType": s.contract_type,
        "autoRenewEnabled": s.auto_renew,
        "creationDate": s.creation_date.map(|t| t.to_rfc3339()),
        "effectiveStartDate": s.effective_start.map(|t| t.to_rfc3339()),
        "commitmentEndDate": s.commitment_end.map(|d| format!("{d}T00:00:00Z")),
        "termDuration": s.term_duration,
        "billingCycle": s.billing_cycle,
        "partnerId": s.partner_of_record,
        "orderId": s.order_id,
        "isTrial": s.is_trial,
        "attributes": { "objectType": "Subscription" },
    })
}

fn rest_partner(p: &Partner) -> Value {
    json!({
        "id": p.tenant_id,
        "name": p.name,
        "relationshipType": "is_indirect_cloud_solution_provider_of",
        "state": "Active",
        "mpnId": p.mpn_id,
        "location": p.location,
        "attributes": { "objectType": "PartnerRelationship" },
    })
}

fn graph_gdap(g: &GdapRelationship) -> Value {
    json!({
        "id": g.id,
        "displayName": g.display_name,
        "duration": g.duration,
        "status": g.status.to_string(),
        "autoExtendDuration": g.auto_extend_duration,
        "createdDateTime": g.created_at.map(|t| t.to_rfc3339()),
        "activatedDateTime": g.activated_at.map(|t| t.to_rfc3339()),
        "endDateTime": g.end_at.map(|t| t.to_rfc3339()),
        "customer": { "tenantId": g.customer_tenant_id, "displayName": g.customer_name },
        "accessDetails": { "unifiedRoles": g.roles.iter().map(|r| json!({ "roleDefinitionId": r })).collect::<Vec<_>>() },
    })
}

fn term_words(term: Option<&str>) -> &'static str {
    match term {
        Some("P1M") => "1 Month Subscription, Monthly Billing",
        Some("P3Y") => "3 Years Subscription, Annual Billing",
        _ => "1 Year Subscription, Annual Billing",
    }
}

const RECONCILIATION_HEADER: &str = "PartnerId,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,MpnId,\
ResellerMpnId,OrderId,OrderDate,ProductId,SkuId,SkuName,ChargeType,UnitPrice,Quantity,SubscriptionId,\
ChargeStartDate,ChargeEndDate,TermAndBillingCycle,BillingFrequency,SubscriptionStartDate,SubscriptionEndDate";

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

/// Counts of what was written, per kind, and of the rows the profile should
/// hold after importing it.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct DatasetCounts {
    pub scale: f64,
    pub seed: u64,
    pub customers: u64,
    pub subscriptions: u64,
    pub links: u64,
    pub gdap: u64,
    pub partners: u64,
    pub indirect_resellers: u64,
    pub reconciliation_lines: u64,
    pub changed_subscriptions: u64,
    pub changed_gdap: u64,
    pub bytes: u64,
}

pub fn write(out: &Path, scale: f64, seed: u64) -> Result<DatasetCounts, String> {
    let demo = demo(scale, seed);
    let network = demo.network();
    let own = network.own.clone();
    let reseller_ids: std::collections::HashSet<&str> =
        network.partner_relationships.iter().map(|r| r.partner_id.as_str()).collect();
    let export = out.join(EXPORT_DIR);
    if export.exists() {
        std::fs::remove_dir_all(&export).map_err(io("clearing the old export folder"))?;
    }
    std::fs::create_dir_all(export.join("customers")).map_err(io("creating the export folder"))?;
    std::fs::create_dir_all(export.join("relationships")).map_err(io("creating the export folder"))?;
    let mut counts = DatasetCounts { scale, seed, ..Default::default() };

    let resellers: Vec<Value> =
        network.partners.iter().filter(|p| reseller_ids.contains(p.id.as_str())).map(rest_partner).collect();
    counts.indirect_resellers = resellers.len() as u64;
    let mut file = create(&export.join("relationships/indirect-resellers.json"))?;
    let mut list = collection(&resellers);
    list["links"] = json!({ "self": { "uri": "/relationships?relationship_type=IsIndirectCloudSolutionProviderOf", "method": "GET" } });
    serde_json::to_writer(&mut file, &list).map_err(io("writing the reseller list"))?;
    file.flush().map_err(io("writing the reseller list"))?;

    // customers.json, gdap.json, the reconciliation file and the other
    // sources grow together while the customer folders are written.
    let mut customers = create(&export.join("customers.json"))?;
    customers.write_all(b"{\"items\": [\n").map_err(io("writing customers.json"))?;
    let mut customers = JsonArray { out: customers, count: 0 };
    let mut gdap = create(&export.join("gdap.json"))?;
    gdap.write_all(b"{\"value\": [\n").map_err(io("writing gdap.json"))?;
    let mut gdap = JsonArray { out: gdap, count: 0 };
    let mut reconciliation = create(&out.join(RECONCILIATION))?;
    writeln!(reconciliation, "{RECONCILIATION_HEADER}").map_err(io("writing the reconciliation file"))?;
    let parts = out.join("other-sources.parts");
    std::fs::create_dir_all(&parts).map_err(io("creating a scratch folder"))?;
    let mut other_links = JsonArray { out: create(&parts.join("links"))?, count: 0 };
    let mut other_subscriptions = JsonArray { out: create(&parts.join("subscriptions"))?, count: 0 };
    let mut changes_subscriptions = Vec::new();
    let mut changes_gdap = Vec::new();
    let partner_tenant = own.tenant_id.clone().unwrap_or_default();
    let own_mpn = own.mpn_id.clone().unwrap_or_default();

    for (index, bundle) in demo.customers().enumerate() {
        let c = &bundle.customer;
        counts.customers += 1;
        customers
            .push(&json!({
                "id": c.tenant_id,
                "commerceId": c.commerce_id,
                "companyProfile": { "tenantId": c.tenant_id, "domain": c.primary_domain, "companyName": c.company_name },
                "billingProfile": { "defaultAddress": { "country": c.country } },
                "relationshipToPartner": c.relationship.to_string(),
                "associatedPartnerId": c.indirect_reseller_id,
                "customDomains": c.custom_domains,
                "attributes": { "objectType": "Customer" },
            }))
            .map_err(io("writing customers.json"))?;
        let folder = export.join("customers").join(&c.tenant_id);
        std::fs::create_dir_all(&folder).map_err(io("creating a customer folder"))?;
        let (csp, other): (Vec<&Subscription>, Vec<&Subscription>) =
            bundle.subscriptions.iter().partition(|s| s.channel == Channel::Csp);
        let items: Vec<Value> = csp.iter().map(|s| rest_subscription(s)).collect();
        let mut list = collection(&items);
        list["links"] = json!({ "self": { "uri": format!("/customers/{}/subscriptions", c.tenant_id) } });
        let mut file = create(&folder.join("subscriptions.json"))?;
        serde_json::to_writer(&mut file, &list).map_err(io("writing subscriptions.json"))?;
        file.flush().map_err(io("writing subscriptions.json"))?;
        counts.subscriptions += bundle.subscriptions.len() as u64;
        for s in other {
            other_subscriptions.push(&json!(s)).map_err(io("writing other sources"))?;
        }
        for s in csp.iter().filter(|s| s.billing_type == BillingType::License) {
            let offer = s.offer_id.as_deref().unwrap_or_default();
            let start = s.effective_start.map(|t| t.to_rfc3339()).unwrap_or_default();
            let end = s.commitment_end.map(|d| d.to_string()).unwrap_or_default();
            // A monthly subscription that grew this month has a second line.
            let lines = if s.quantity % 7 == 0 { 2 } else { 1 };
            for line in 0..lines {
                writeln!(
                    reconciliation,
                    "{partner_tenant},{},{},{},{},{own_mpn},{},{},{},{offer},0001,{},{},12.00,{},{},11/1/2026,11/30/2026,{},{},{start},{end}",
                    c.tenant_id,
                    csv_field(&c.company_name),
                    c.primary_domain.as_deref().unwrap_or_default(),
                    c.country.as_deref().unwrap_or_default(),
                    s.partner_of_record.as_deref().unwrap_or_default(),
                    s.order_id.as_deref().unwrap_or_default(),
                    start,
                    csv_field(&s.offer_name),
                    if line == 0 { "cycleCharge" } else { "addQuantity" },
                    if line == 0 { s.quantity } else { 1 },
                    s.id,
                    csv_field(term_words(s.term_duration.as_deref())),
                    s.billing_cycle.as_deref().unwrap_or_default(),
                )
                .map_err(io("writing the reconciliation file"))?;
                counts.reconciliation_lines += 1;
            }
        }
        let indirect: Vec<&CustomerPartnerLink> =
            bundle.links.iter().filter(|l| l.kind == LinkKind::IndirectReseller).collect();
        if !indirect.is_empty() {
            let items: Vec<Value> = indirect
                .iter()
                .filter_map(|l| network.partners.iter().find(|p| p.id == l.partner_id))
                .map(rest_partner)
                .collect();
            let mut file = create(&folder.join("relationships.json"))?;
            serde_json::to_writer(&mut file, &collection(&items)).map_err(io("writing relationships.json"))?;
            file.flush().map_err(io("writing relationships.json"))?;
        }
        counts.links += bundle.links.len() as u64;
        for link in bundle.links.iter().filter(|l| l.kind != LinkKind::IndirectReseller) {
            other_links.push(&json!(link)).map_err(io("writing other sources"))?;
        }
        for g in &bundle.gdap {
            gdap.push(&graph_gdap(g)).map_err(io("writing gdap.json"))?;
            counts.gdap += 1;
        }
        if index % 50 == 0 {
            for s in csp {
                let mut next = s.clone();
                next.offer_id = offer_id(s);
                next.quantity += 5;
                changes_subscriptions.push(json!(next));
            }
        }
        if index % 100 == 1 {
            for g in &bundle.gdap {
                let mut next = g.clone();
                next.status = match g.status {
                    GdapStatus::Active => GdapStatus::Expiring,
                    _ => GdapStatus::Terminated,
                };
                changes_gdap.push(json!(next));
            }
        }
    }
    counts.partners = network.partners.len() as u64 + 1;
    counts.changed_subscriptions = changes_subscriptions.len() as u64;
    counts.changed_gdap = changes_gdap.len() as u64;

    let finish_array = |mut array: JsonArray<BufWriter<File>>, tail: &[u8]| -> Result<(), String> {
        array.out.write_all(tail).map_err(io("finishing a file"))?;
        array.out.flush().map_err(io("finishing a file"))
    };
    finish_array(customers, b"\n], \"attributes\": {\"objectType\": \"Collection\"}}\n")?;
    finish_array(gdap, b"\n]}\n")?;
    reconciliation.flush().map_err(io("writing the reconciliation file"))?;
    finish_array(other_links, b"")?;
    finish_array(other_subscriptions, b"")?;

    // Partners first: the links name them.
    let others: Vec<&Partner> = std::iter::once(&own)
        .chain(network.partners.iter().filter(|p| !reseller_ids.contains(p.id.as_str())))
        .collect();
    let mut file = create(&out.join(OTHER_SOURCES))?;
    write!(file, "{{\"format\": \"partner-desk-export\", \"version\": 1,\n\"partners\": ").map_err(io("writing"))?;
    serde_json::to_writer(&mut file, &others).map_err(io("writing other sources"))?;
    for name in ["links", "subscriptions"] {
        write!(file, ",\n\"{name}\": [\n").map_err(io("writing other sources"))?;
        let mut part = File::open(parts.join(name)).map_err(io("reading a scratch file"))?;
        std::io::copy(&mut part, &mut file).map_err(io("writing other sources"))?;
        write!(file, "\n]").map_err(io("writing other sources"))?;
    }
    writeln!(file, "}}").map_err(io("writing other sources"))?;
    file.flush().map_err(io("writing other sources"))?;
    let _ = std::fs::remove_dir_all(&parts);

    let mut file = create(&out.join(CHANGES))?;
    serde_json::to_writer(
        &mut file,
        &json!({
            "format": "partner-desk-export",
            "version": 1,
            "subscriptions": changes_subscriptions,
            "gdap": changes_gdap,
        }),
    )
    .map_err(io("writing the changes"))?;
    file.flush().map_err(io("writing the changes"))?;

    let mut manifest = create(&export.join("manifest.json"))?;
    serde_json::to_writer_pretty(
        &mut manifest,
        &json!({
            "format": "partner-center-export",
            "version": 1,
            "cloud": "global",
            "partnerTenantId": partner_tenant,
            "exportedAt": format!("{}T09:00:00Z", today()),
        }),
    )
    .map_err(io("writing the manifest"))?;
    manifest.flush().map_err(io("writing the manifest"))?;
    counts.bytes = du(out);
    let mut file = create(&out.join(MANIFEST))?;
    serde_json::to_writer_pretty(&mut file, &counts).map_err(io("writing the dataset summary"))?;
    file.flush().map_err(io("writing the dataset summary"))?;
    Ok(counts)
}

/// Reads what `write` said it wrote.
pub fn read_counts(dir: &Path) -> Result<DatasetCounts, String> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).map_err(io("reading the dataset summary"))?;
    serde_json::from_str(&text).map_err(io("reading the dataset summary"))
}

fn du(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else { return 0 };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path).map(|entries| entries.flatten().map(|e| du(&e.path())).sum()).unwrap_or(0)
}
