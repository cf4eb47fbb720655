//! Partner Desk's own JSON export, read back (a round trip): each array holds
//! the core model's types exactly as serde writes them. The arrays are
//! streamed, element by element, in the order the file has them (the export
//! writes partners before the links that name them).
//!
//! An export may be a part of a profile (one kind, or a search's results), so
//! by default it covers nothing: importing it never removes anything. A file
//! that says `"complete": true` is a whole profile, and then each array it has
//! covers its kind: `customers` every customer, `subscriptions` every
//! subscription of every exported customer, `gdap` every GDAP relationship,
//! `partner_relationships` both two-tier types.

use crate::id_set::IdSet;

use partner_desk_core::model::{
    Customer, CustomerPartnerLink, GdapRelationship, Partner, PartnerRelationship, PartnerRelationshipType,
    RelationshipRequest, Subscription,
};
use partner_desk_core::records::{Coverage, CustomerRecord, Record, SubscriptionRecord};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ImportError, Position};
use crate::json_stream::{Flow, JsonHandler, KeyAction, walk};
use crate::run::FileRun;
use crate::text::TextReader;
use crate::values;

pub(crate) const FORMAT: &str = "partner-desk-export";
pub(crate) const VERSION: u64 = 1;

const ARRAYS: [&str; 7] =
    ["partners", "partner_relationships", "customers", "links", "subscriptions", "gdap", "relationship_requests"];

struct Export<'x, 'r, 'o> {
    run: &'x mut FileRun<'r, 'o>,
    seen: [IdSet; 7],
    present: [bool; 7],
    customers: Vec<String>,
    complete: bool,
}

fn invalid(
    run: &FileRun<'_, '_>,
    path: String,
    field: Option<&str>,
    value: Option<&str>,
    reason: String,
) -> ImportError {
    let mut error = ImportError::invalid(run.file(), Position::JsonPath(path), reason);
    if let Some(field) = field {
        error = error.with_field(field);
    }
    if let Some(value) = value {
        error = error.with_value(value);
    }
    error
}

impl Export<'_, '_, '_> {
    /// Deserialises one element as the model type; the message names the path.
    fn element<T: DeserializeOwned>(&self, base: &str, value: Value) -> Result<T, ImportError> {
        serde_json::from_value(value).map_err(|e| {
            invalid(self.run, base.to_string(), None, None, format!("does not match Partner Desk's export: {e}"))
        })
    }

    fn tenant(&self, base: &str, field: &str, text: &str) -> Result<String, ImportError> {
        values::tenant_id(text)
            .map_err(|reason| invalid(self.run, format!("{base}.{field}"), Some(field), Some(text), reason))
    }

    fn once(&mut self, slot: usize, base: &str, field: &str, id: &str) -> Result<(), ImportError> {
        if self.seen[slot].insert(id) {
            Ok(())
        } else {
            let reason = "appears twice in this file (this is the second time)".to_string();
            Err(invalid(self.run, format!("{base}.{field}"), Some(field), Some(id), reason))
        }
    }

    fn record(&mut self, slot: usize, base: &str, value: Value) -> Result<Record, ImportError> {
        Ok(match ARRAYS[slot] {
            "partners" => {
                let mut partner: Partner = self.element(base, value)?;
                if let Some(tenant) = &partner.tenant_id {
                    partner.tenant_id = Some(self.tenant(base, "tenant_id", tenant)?);
                }
                self.once(slot, base, "id", &partner.id)?;
                Record::Partner(partner)
            }
            "partner_relationships" => {
                let relationship: PartnerRelationship = self.element(base, value)?;
                let key = format!("{}\u{0}{}", relationship.partner_id, relationship.relationship_type);
                self.once(slot, base, "partner_id", &key)?;
                Record::PartnerRelationship(relationship)
            }
            "customers" => {
                let mut customer: Customer = self.element(base, value)?;
                customer.tenant_id = self.tenant(base, "tenant_id", &customer.tenant_id)?;
                self.once(slot, base, "tenant_id", &customer.tenant_id)?;
                self.customers.push(customer.tenant_id.clone());
                Record::Customer(CustomerRecord::from(customer))
            }
            "links" => {
                let mut link: CustomerPartnerLink = self.element(base, value)?;
                link.customer_tenant_id = self.tenant(base, "customer_tenant_id", &link.customer_tenant_id)?;
                Record::Link(link)
            }
            "subscriptions" => {
                let mut subscription: Subscription = self.element(base, value)?;
                subscription.customer_tenant_id =
                    self.tenant(base, "customer_tenant_id", &subscription.customer_tenant_id)?;
                self.once(slot, base, "id", &subscription.id)?;
                Record::Subscription(SubscriptionRecord::from(subscription))
            }
            "gdap" => {
                let mut gdap: GdapRelationship = self.element(base, value)?;
                if let Some(tenant) = &gdap.customer_tenant_id {
                    gdap.customer_tenant_id = Some(self.tenant(base, "customer_tenant_id", tenant)?);
                }
                self.once(slot, base, "id", &gdap.id)?;
                Record::Gdap(gdap)
            }
            _ => Record::RelationshipRequest(self.element::<RelationshipRequest>(base, value)?),
        })
    }
}

impl JsonHandler for Export<'_, '_, '_> {
    fn on_key(&mut self, key: &str) -> KeyAction {
        match ARRAYS.iter().position(|a| *a == key) {
            Some(slot) => {
                self.present[slot] = true;
                KeyAction::Stream
            }
            None if key == "format" || key == "version" || key == "complete" => KeyAction::Capture,
            None => KeyAction::Skip,
        }
    }

    fn on_element(&mut self, key: &str, index: usize, value: Value) -> Result<Flow, ImportError> {
        self.run.tick()?;
        let Some(slot) = ARRAYS.iter().position(|a| *a == key) else { return Ok(Flow::Continue) };
        let base = format!("{key}[{index}]");
        match self.record(slot, &base, value) {
            Ok(record) => self.run.emit(record, || Position::JsonPath(base))?,
            Err(problem) => self.run.problem(problem)?,
        }
        Ok(Flow::Continue)
    }

    fn on_value(&mut self, key: &str, value: Value) -> Result<Flow, ImportError> {
        if key == "complete" {
            self.complete = value.as_bool() == Some(true);
            return Ok(Flow::Continue);
        }
        // Detection has already checked both; a second look costs nothing.
        let ok = match key {
            "format" => value.as_str() == Some(FORMAT),
            _ => value.as_u64() == Some(VERSION),
        };
        if !ok {
            let reason =
                format!("must be {}", if key == "format" { format!("{FORMAT:?}") } else { VERSION.to_string() });
            return Err(invalid(self.run, key.to_string(), Some(key), Some(&value.to_string()), reason));
        }
        Ok(Flow::Continue)
    }
}

pub(crate) fn read_export(text: &mut TextReader<'_>, run: &mut FileRun<'_, '_>) -> Result<Vec<Coverage>, ImportError> {
    let state = text.state();
    let file = run.file().to_path_buf();
    let mut export =
        Export { run, seen: Default::default(), present: [false; 7], customers: Vec::new(), complete: false };
    walk(text, state, &file, &mut export)?;
    let has = |name: &str| ARRAYS.iter().position(|a| *a == name).is_some_and(|slot| export.present[slot]);
    let mut coverage = Vec::new();
    if !export.complete {
        return Ok(coverage);
    }
    if has("customers") {
        coverage.push(Coverage::AllCustomers);
        if has("subscriptions") {
            coverage.extend(
                export.customers.iter().map(|c| Coverage::CustomerSubscriptions { customer_tenant_id: c.clone() }),
            );
        }
    }
    if has("partner_relationships") {
        coverage.extend(
            PartnerRelationshipType::KNOWN
                .iter()
                .map(|t| Coverage::PartnerRelationships { relationship_type: t.as_str().to_string() }),
        );
    }
    if has("gdap") {
        coverage.push(Coverage::AllGdap);
    }
    Ok(coverage)
}
