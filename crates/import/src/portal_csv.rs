//! The Partner Center portal's CSV downloads: the customer list and one
//! customer's subscription list.

use crate::id_set::IdSet;

use partner_desk_core::model::{CustomerRelationship, SubscriptionStatus};
use partner_desk_core::records::{Coverage, CustomerRecord, Record, SourceFormat, SubscriptionRecord};

use crate::csv_reader::{CsvInput, CsvSpec};
use crate::error::{ImportError, Position};
use crate::run::FileRun;
use crate::values;

pub(crate) const CUSTOMERS: CsvSpec = CsvSpec {
    format: SourceFormat::PortalCustomersCsv,
    name: "portal customer export",
    markers: &["Microsoft ID", "Company name", "Primary domain name"],
    required: &["Microsoft ID", "Company name"],
};

pub(crate) const SUBSCRIPTIONS: CsvSpec = CsvSpec {
    format: SourceFormat::PortalSubscriptionsCsv,
    name: "portal subscription export",
    markers: &["Subscription ID", "Subscription", "Status", "Reseller"],
    required: &["Subscription ID", "Subscription", "Quantity", "Status"],
};

/// Tags are one field; the portal separates them with commas or semicolons.
fn tags(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default().split([',', ';']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

/// The customer list is the whole list: it covers every customer.
pub(crate) fn read_customers(
    input: &mut CsvInput<'_, '_>,
    run: &mut FileRun<'_, '_>,
) -> Result<Vec<Coverage>, ImportError> {
    let has_tags = input.header.has("Tags");
    let mut seen = IdSet::new();
    input.for_each_row(run, |row, run| {
        let tenant_id = row.required_tenant("Microsoft ID");
        let company_name = row.required("Company name");
        if let Some(id) = &tenant_id
            && !seen.insert(id)
        {
            row.issue("Microsoft ID", Some(id), "appears twice in this file (this is the second time)");
        }
        if row.failed() {
            return run.problems(row.take_issues());
        }
        let (Some(tenant_id), Some(company_name)) = (tenant_id, company_name) else { return Ok(()) };
        let record = CustomerRecord {
            tenant_id,
            company_name: Some(company_name),
            primary_domain: row.text("Primary domain name"),
            relationship: row.text("Relationship").map(|r| CustomerRelationship::parse(&r)),
            tags: has_tags.then(|| tags(row.raw("Tags"))),
            ..CustomerRecord::default()
        };
        let line = row.line;
        run.emit(Record::Customer(record), || Position::Line(line))
    })?;
    Ok(vec![Coverage::AllCustomers])
}

/// One customer's subscription list; the customer comes from the context.
pub(crate) fn read_subscriptions(
    input: &mut CsvInput<'_, '_>,
    run: &mut FileRun<'_, '_>,
    customer: &str,
) -> Result<Vec<Coverage>, ImportError> {
    let mut seen = IdSet::new();
    input.for_each_row(run, |row, run| {
        let id = row.required("Subscription ID").map(|id| values::subscription_id(&id));
        let offer_name = row.required("Subscription");
        let quantity = row.integer("Quantity");
        if let Some(id) = &id
            && !seen.insert(id)
        {
            row.issue("Subscription ID", Some(id), "appears twice in this file (this is the second time)");
        }
        if row.failed() {
            return run.problems(row.take_issues());
        }
        let Some(id) = id else { return Ok(()) };
        let record = SubscriptionRecord {
            id,
            customer_tenant_id: customer.to_string(),
            offer_name,
            quantity,
            status: row.text("Status").map(|s| SubscriptionStatus::parse(&s)),
            // The portal shows the reseller of record; kept verbatim (an MPN id,
            // `-1`, or a name), the rules engine judges it.
            partner_of_record: row.text("Reseller"),
            ..SubscriptionRecord::default()
        };
        let line = row.line;
        run.emit(Record::Subscription(record), || Position::Line(line))
    })?;
    Ok(vec![Coverage::CustomerSubscriptions { customer_tenant_id: customer.to_string() }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_on_commas_and_semicolons() {
        assert_eq!(tags(Some("VIP; 東京 , Renewal-Q1")), vec!["VIP", "東京", "Renewal-Q1"]);
        assert!(tags(None).is_empty());
    }
}
