//! Reconciliation files: billing extracts, one row per charge line, so one
//! subscription appears on many rows. Each customer and subscription is handed
//! over once per file (the first row that names it); every row is still
//! validated. Only the ids seen are remembered, never the rows.
//!
//! A billing extract lists what was charged, not everything there is, so it
//! covers nothing: a customer missing from it has not been removed. Nor does
//! a charge line say a subscription's seat count or status: `Quantity` there
//! is the charged quantity of that line (negative for a refund), so it is
//! validated but not taken as the subscription's quantity.

use crate::id_set::IdSet;

use partner_desk_core::model::{BillingType, Channel};
use partner_desk_core::records::{Coverage, CustomerRecord, Record, SourceFormat, SubscriptionRecord};

use crate::csv_reader::{CsvInput, CsvSpec, Row};
use crate::error::{ImportError, Position};
use crate::run::FileRun;
use crate::values;

pub(crate) const LICENSE_BASED: CsvSpec = CsvSpec {
    format: SourceFormat::ReconciliationLicenseCsv,
    name: "license-based reconciliation file",
    markers: &[
        "SyndicationPartnerSubscriptionNumber",
        "DurableOfferId",
        "OfferId",
        "OfferName",
        "SubscriptionName",
        "SubscriptionDescription",
        "BillingCycleType",
        "DomainName",
    ],
    required: &[
        "CustomerId",
        "CustomerName",
        "ResellerMpnId",
        "SyndicationPartnerSubscriptionNumber",
        "OfferName",
        "SubscriptionStartDate",
        "SubscriptionEndDate",
    ],
};

pub(crate) const NEW_COMMERCE: CsvSpec = CsvSpec {
    format: SourceFormat::ReconciliationNewCommerceCsv,
    name: "new commerce reconciliation file",
    markers: &[
        "ProductId",
        "SkuId",
        "AvailabilityId",
        "SkuName",
        "ProductName",
        "TermAndBillingCycle",
        "CustomerDomainName",
        "CustomerCountry",
        "BillingFrequency",
    ],
    required: &[
        "CustomerId",
        "CustomerName",
        "ResellerMpnId",
        "SubscriptionId",
        "ProductId",
        "SkuId",
        "SubscriptionStartDate",
        "SubscriptionEndDate",
    ],
};

/// Dates the records do not use but a sound charge line has (the subscription's own are read as values).
const DATE_COLUMNS: &[&str] = &["ChargeStartDate", "ChargeEndDate", "OrderDate"];

/// Checks what every charge line must get right, whether or not it is the first for its subscription.
fn validate_line(row: &mut Row<'_>) {
    for column in DATE_COLUMNS {
        row.date(column);
    }
    row.integer("Quantity");
}

#[derive(Default)]
struct Seen {
    customers: IdSet,
    subscriptions: IdSet,
}

fn emit_once(
    run: &mut FileRun<'_, '_>,
    seen: &mut Seen,
    line: u64,
    customer: CustomerRecord,
    subscription: SubscriptionRecord,
) -> Result<(), ImportError> {
    if seen.customers.insert(&customer.tenant_id) {
        run.emit(Record::Customer(customer), || Position::Line(line))?;
    }
    if seen.subscriptions.insert(&subscription.id) {
        run.emit(Record::Subscription(subscription), || Position::Line(line))?;
    }
    Ok(())
}

/// The reseller of record, verbatim: `-1` (removed) and the provider's own
/// MPN id (sold directly) are findings for the rules engine (IND-4), not errors.
fn reseller_of_record(row: &Row<'_>) -> Option<String> {
    row.text("ResellerMpnId")
}

pub(crate) fn read_license_based(
    input: &mut CsvInput<'_, '_>,
    run: &mut FileRun<'_, '_>,
) -> Result<Vec<Coverage>, ImportError> {
    let mut seen = Seen::default();
    input.for_each_row(run, |row, run| {
        let customer_id = row.required_tenant("CustomerId");
        let customer_name = row.required("CustomerName");
        // `SubscriptionId` in this file is a billing id; Partner Center's subscription id is this one.
        let subscription_id =
            row.required("SyndicationPartnerSubscriptionNumber").map(|id| values::subscription_id(&id));
        validate_line(row);
        let start = row.datetime("SubscriptionStartDate");
        let end = row.date("SubscriptionEndDate");
        if row.failed() {
            return run.problems(row.take_issues());
        }
        let (Some(customer_id), Some(subscription_id)) = (customer_id, subscription_id) else { return Ok(()) };
        let customer = CustomerRecord {
            tenant_id: customer_id.clone(),
            company_name: customer_name,
            primary_domain: row.text("DomainName"),
            ..CustomerRecord::default()
        };
        let subscription = SubscriptionRecord {
            id: subscription_id,
            customer_tenant_id: customer_id,
            offer_id: row.text("OfferId"),
            offer_name: row.text("OfferName"),
            friendly_name: row.text("SubscriptionName"),
            billing_type: Some(BillingType::License),
            effective_start: start,
            commitment_end: end,
            billing_cycle: row.text("BillingCycleType"),
            partner_of_record: reseller_of_record(row),
            order_id: row.text("OrderId"),
            channel: Some(Channel::Csp),
            ..SubscriptionRecord::default()
        };
        emit_once(run, &mut seen, row.line, customer, subscription)
    })?;
    Ok(Vec::new())
}

pub(crate) fn read_new_commerce(
    input: &mut CsvInput<'_, '_>,
    run: &mut FileRun<'_, '_>,
) -> Result<Vec<Coverage>, ImportError> {
    let mut seen = Seen::default();
    input.for_each_row(run, |row, run| {
        let customer_id = row.required_tenant("CustomerId");
        let customer_name = row.required("CustomerName");
        let subscription_id = row.required("SubscriptionId").map(|id| values::subscription_id(&id));
        validate_line(row);
        let start = row.datetime("SubscriptionStartDate");
        let end = row.date("SubscriptionEndDate");
        if row.failed() {
            return run.problems(row.take_issues());
        }
        let (Some(customer_id), Some(subscription_id)) = (customer_id, subscription_id) else { return Ok(()) };
        let customer = CustomerRecord {
            tenant_id: customer_id.clone(),
            company_name: customer_name,
            primary_domain: row.text("CustomerDomainName"),
            country: row.text("CustomerCountry"),
            ..CustomerRecord::default()
        };
        let offer_id = match (row.text("ProductId"), row.text("SkuId")) {
            (Some(product), Some(sku)) => Some(format!("{product}:{sku}")),
            (product, _) => product,
        };
        let subscription = SubscriptionRecord {
            id: subscription_id,
            customer_tenant_id: customer_id,
            offer_id,
            offer_name: row.text("SkuName").or_else(|| row.text("ProductName")),
            // New commerce reconciliation covers license-based (seat) offers.
            billing_type: Some(BillingType::License),
            effective_start: start,
            commitment_end: end,
            term_duration: row.raw("TermAndBillingCycle").and_then(values::term_from_words),
            billing_cycle: row.text("BillingFrequency"),
            partner_of_record: reseller_of_record(row),
            order_id: row.text("OrderId"),
            channel: Some(Channel::Csp),
            ..SubscriptionRecord::default()
        };
        emit_once(run, &mut seen, row.line, customer, subscription)
    })?;
    Ok(Vec::new())
}
