//! Telling formats apart by content, never by file name: JSON by its shape
//! (`items` and their `objectType`, Graph's `value`, a `format` field), CSV by
//! its header columns. Detection reads as little as it can: a customer list
//! is known from its first item.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::atomic::AtomicBool;

use partner_desk_core::records::SourceFormat;
use serde_json::Value;

use crate::csv_reader::{CsvInput, CsvSpec};
use crate::error::{ErrorKind, ImportError, Position};
use crate::folder::layout;
use crate::json_fields::{customer_in_links, customer_in_uri, lookup_path, object_type, text_at};
use crate::json_stream::{Flow, JsonHandler, KeyAction, walk};
use crate::text::TextReader;
use crate::{own_export, portal_csv, reconciliation, rest};

pub(crate) const EXPECTED: &str = "expected one of: Partner Center REST JSON (the customer list, one customer, \
a customer's subscriptions, indirect resellers or providers, a customer's indirect resellers, the relationship \
request), Microsoft Graph GDAP JSON, a Partner Desk export, an export folder or its manifest.json, the portal's \
customer or subscription CSV, a license-based or new commerce reconciliation CSV";

const CSV_SPECS: [&CsvSpec; 4] =
    [&portal_csv::CUSTOMERS, &portal_csv::SUBSCRIPTIONS, &reconciliation::LICENSE_BASED, &reconciliation::NEW_COMMERCE];

pub(crate) struct Detected {
    pub(crate) format: SourceFormat,
    /// The customer the file's own links name (a subscription list, a customer's relationships).
    pub(crate) customer_in_links: Option<String>,
    /// The relationship type the file's self link asked for (two-tier lists).
    pub(crate) self_uri: Option<String>,
}

impl Detected {
    fn plain(format: SourceFormat) -> Detected {
        Detected { format, customer_in_links: None, self_uri: None }
    }
}

fn unknown(file: &Path, found: String) -> ImportError {
    ImportError::new(
        ErrorKind::UnknownFormat,
        file,
        Position::File,
        format!("not a format Partner Desk reads: found {found}; {EXPECTED}"),
    )
}

pub(crate) fn detect_file(path: &Path, cancel: Option<&AtomicBool>) -> Result<Detected, ImportError> {
    let mut text = TextReader::open(path, cancel)?;
    let state = text.state();
    let mut buffered = BufReader::with_capacity(64 << 10, &mut text);
    let first = loop {
        let buf = buffered.fill_buf().map_err(|e| crate::text::halt_or_io(&state, path, &e))?;
        if buf.is_empty() {
            break None;
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let byte = buf[i];
                buffered.consume(i);
                break Some(byte);
            }
            None => {
                let n = buf.len();
                buffered.consume(n);
            }
        }
    };
    match first {
        None => Err(ImportError::new(
            ErrorKind::UnknownFormat,
            path,
            Position::File,
            "the file holds nothing but whitespace",
        )),
        Some(b'[') => Err(unknown(
            path,
            "a JSON array (or text starting with \"[\") at the top level, where Partner Center and Graph write objects"
                .into(),
        )),
        Some(b'{') => {
            let mut survey = Survey::default();
            walk(buffered, state, path, &mut survey)?;
            survey.classify(path)
        }
        Some(_) => {
            drop(buffered);
            drop(text);
            detect_csv(path, cancel)
        }
    }
}

fn detect_csv(path: &Path, cancel: Option<&AtomicBool>) -> Result<Detected, ImportError> {
    let mut text = TextReader::open(path, cancel)?;
    let input = CsvInput::open(&mut text, path)?;
    match match_csv(&input) {
        Some(spec) => Ok(Detected::plain(spec.format)),
        None => Err(unknown(path, format!("a header with the columns {}", input.header.describe()))),
    }
}

/// The CSV format whose marker columns the header has most of (at least two).
pub(crate) fn match_csv(input: &CsvInput<'_, '_>) -> Option<&'static CsvSpec> {
    let scored: Vec<(usize, &'static CsvSpec)> = CSV_SPECS
        .iter()
        .map(|spec| (spec.markers.iter().filter(|m| input.header.has(m)).count(), *spec))
        .filter(|(score, _)| *score >= 2)
        .collect();
    let best = scored.iter().map(|(score, _)| *score).max()?;
    let mut winners = scored.iter().filter(|(score, _)| *score == best);
    let winner = winners.next()?.1;
    winners.next().is_none().then_some(winner)
}

pub(crate) fn spec_for(format: SourceFormat) -> Option<&'static CsvSpec> {
    CSV_SPECS.iter().copied().find(|spec| spec.format == format)
}

/// What a first look at a JSON file found.
#[derive(Default)]
struct Survey {
    keys: Vec<String>,
    items: bool,
    first_item: Option<Value>,
    value: bool,
    first_value: Option<Value>,
    links: Option<Value>,
    attributes: Option<Value>,
    format: Option<Value>,
    version: Option<Value>,
    url: Option<Value>,
    company_profile: bool,
    odata_context: Option<String>,
}

impl Survey {
    fn decided(&self) -> bool {
        if self.format.is_some() {
            return self.version.is_some();
        }
        if self.value && (self.first_value.is_some() || self.odata_context.is_some()) {
            return true;
        }
        match self.first_item.as_ref().map(|item| (item_kind(item), item)) {
            Some((Some("Customer"), _)) => true,
            Some((Some("Subscription"), item)) => customer_in_links(item).is_some(),
            _ => false,
        }
    }

    fn flow(&self) -> Flow {
        if self.decided() { Flow::Stop } else { Flow::Continue }
    }

    fn classify(self, file: &Path) -> Result<Detected, ImportError> {
        if let Some(format) = &self.format {
            return classify_versioned(file, format, self.version.as_ref());
        }
        if self.items {
            return self.classify_collection(file);
        }
        if self.value {
            let context = self.odata_context.as_deref().unwrap_or_default();
            let gdap_context = context.to_ascii_lowercase().contains("delegatedadminrelationships");
            let gdap_item = self.first_value.as_ref().is_some_and(|v| {
                text_at(v, "@odata.type").is_some_and(|t| t.to_ascii_lowercase().contains("delegatedadminrelationship"))
                    || lookup_path(v, "accessDetails").is_some()
                    || lookup_path(v, "autoExtendDuration").is_some()
            });
            return if gdap_context || gdap_item {
                Ok(Detected::plain(SourceFormat::GraphGdap))
            } else if self.first_value.is_none() && context.is_empty() {
                Err(unknown(
                    file,
                    "an empty Graph \"value\" list without @odata.context: it cannot tell what it lists".into(),
                ))
            } else {
                Err(unknown(file, format!("a Microsoft Graph list that is not GDAP relationships ({context:?})")))
            };
        }
        let top_type = self.attributes.as_ref().and_then(|a| text_at(a, "objectType")).map(str::to_string);
        match top_type.as_deref() {
            Some(t) if t.eq_ignore_ascii_case("Customer") => return Ok(Detected::plain(SourceFormat::RestCustomer)),
            Some(t) if t.eq_ignore_ascii_case("RelationshipRequest") => {
                return Ok(Detected::plain(SourceFormat::RestRelationshipRequest));
            }
            Some(t) => return Err(unknown(file, format!("a Partner Center resource of type {t:?}"))),
            None => {}
        }
        if self.company_profile {
            return Ok(Detected::plain(SourceFormat::RestCustomer));
        }
        if let Some(url) = self.url.as_ref().and_then(Value::as_str)
            && (url.contains("ResellerRelationship") || url.contains("partner-invitation"))
        {
            return Ok(Detected::plain(SourceFormat::RestRelationshipRequest));
        }
        let keys: Vec<String> = self.keys.iter().map(|k| format!("{k:?}")).collect();
        Err(unknown(file, format!("a JSON object with the keys {}", keys.join(", "))))
    }

    fn classify_collection(self, file: &Path) -> Result<Detected, ImportError> {
        let self_uri = self.links.as_ref().and_then(|l| text_at(l, "self.uri")).map(str::to_string);
        let linked_customer = self_uri
            .as_deref()
            .and_then(customer_in_uri)
            .or_else(|| self.first_item.as_ref().and_then(customer_in_links));
        let format = match self.first_item.as_ref() {
            Some(item) => match item_kind(item) {
                Some("Customer") => SourceFormat::RestCustomers,
                Some("Subscription") => SourceFormat::RestSubscriptions,
                Some("PartnerRelationship") if linked_customer.is_some() => SourceFormat::RestCustomerRelationships,
                Some("PartnerRelationship") => SourceFormat::RestPartnerRelationships,
                Some(other) => return Err(unknown(file, format!("a Partner Center collection of {other:?}"))),
                None => return Err(unknown(file, "a collection whose items say nothing of what they are".into())),
            },
            None => match self_uri.as_deref().and_then(collection_from_uri) {
                Some(format) => format,
                None => {
                    return Err(unknown(
                        file,
                        "an empty collection without a self link: it cannot tell what it lists".into(),
                    ));
                }
            },
        };
        Ok(Detected { format, customer_in_links: linked_customer, self_uri })
    }
}

/// An item's `attributes.objectType`, or for items whose attributes were lost
/// (re-serialised by a script), what its fields show it is.
fn item_kind(item: &Value) -> Option<&str> {
    if let Some(kind) = object_type(item) {
        return Some(
            ["Customer", "Subscription", "PartnerRelationship"]
                .into_iter()
                .find(|k| k.eq_ignore_ascii_case(kind))
                .unwrap_or(kind),
        );
    }
    ["Customer", "Subscription", "PartnerRelationship"].into_iter().find(|k| rest::looks_like(item, k))
}

/// What an (empty) collection lists, from the request it answered.
fn collection_from_uri(uri: &str) -> Option<SourceFormat> {
    let path = uri.split(['?', '#']).next().unwrap_or_default().to_ascii_lowercase();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [.., "customers", id, "subscriptions"] if crate::values::tenant_id(id).is_ok() => {
            Some(SourceFormat::RestSubscriptions)
        }
        [.., "customers", id, "relationships"] if crate::values::tenant_id(id).is_ok() => {
            Some(SourceFormat::RestCustomerRelationships)
        }
        [.., "customers"] => Some(SourceFormat::RestCustomers),
        [.., "relationships"] => Some(SourceFormat::RestPartnerRelationships),
        _ => None,
    }
}

fn classify_versioned(file: &Path, format: &Value, version: Option<&Value>) -> Result<Detected, ImportError> {
    let (detected, supported) = match format.as_str() {
        Some(own_export::FORMAT) => (SourceFormat::PartnerDeskJson, own_export::VERSION),
        Some(layout::MANIFEST_FORMAT) => (SourceFormat::ExportFolderManifest, layout::MANIFEST_VERSION),
        _ => return Err(unknown(file, format!("a JSON object whose \"format\" is {format}"))),
    };
    match version.and_then(Value::as_u64) {
        Some(v) if v == supported => Ok(Detected::plain(detected)),
        _ => {
            let shown = version.map_or_else(|| "missing".to_string(), Value::to_string);
            Err(ImportError::invalid(
                file,
                Position::JsonPath("version".into()),
                format!("must be {supported}: this file was written by a newer Partner Desk than this one"),
            )
            .with_field("version")
            .with_value(&shown))
        }
    }
}

impl JsonHandler for Survey {
    fn on_key(&mut self, key: &str) -> KeyAction {
        if self.keys.len() < 20 {
            self.keys.push(key.to_string());
        }
        match key.to_ascii_lowercase().as_str() {
            "items" => {
                self.items = true;
                KeyAction::StreamFirst
            }
            "value" => {
                self.value = true;
                KeyAction::StreamFirst
            }
            "companyprofile" => {
                self.company_profile = true;
                KeyAction::Skip
            }
            "links" | "attributes" | "format" | "version" | "url" | "@odata.context" => KeyAction::Capture,
            _ => KeyAction::Skip,
        }
    }

    fn on_element(&mut self, key: &str, _index: usize, value: Value) -> Result<Flow, ImportError> {
        if key.eq_ignore_ascii_case("items") {
            self.first_item = Some(value);
        } else {
            self.first_value = Some(value);
        }
        Ok(self.flow())
    }

    fn on_value(&mut self, key: &str, value: Value) -> Result<Flow, ImportError> {
        match key.to_ascii_lowercase().as_str() {
            "links" => self.links = Some(value),
            "attributes" => self.attributes = Some(value),
            "format" => self.format = Some(value),
            "version" => self.version = Some(value),
            "url" => self.url = Some(value),
            _ => self.odata_context = value.as_str().map(str::to_string),
        }
        Ok(self.flow())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_collections_are_known_by_their_self_link() {
        let id = "2b6f8e41-0c3d-4a57-9e12-7f4d5a8c9b30";
        assert_eq!(collection_from_uri("/customers?size=200"), Some(SourceFormat::RestCustomers));
        assert_eq!(
            collection_from_uri(&format!("/v1/customers/{id}/subscriptions")),
            Some(SourceFormat::RestSubscriptions)
        );
        assert_eq!(
            collection_from_uri(&format!("https://api.partnercenter.microsoft.com/v1/customers/{id}/relationships")),
            Some(SourceFormat::RestCustomerRelationships)
        );
        assert_eq!(
            collection_from_uri("/relationships?relationship_type=IsIndirectResellerOf"),
            Some(SourceFormat::RestPartnerRelationships)
        );
        assert_eq!(collection_from_uri("/offers"), None);
    }
}
