//! Reading fields out of one JSON element, collecting every problem in it.
//!
//! Field names are matched without regard to case: the REST API writes
//! `companyProfile`, the .NET SDK's own serialisation (and the docs' request
//! samples) `CompanyProfile`. A `null` is the same as an absent field, and so
//! is an empty string: Partner Center writes `"partnerId": ""` for "none".

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};

use crate::error::{ImportError, Position};
use crate::values;

pub(crate) fn lookup<'v>(object: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    object.get(key).or_else(|| object.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
}

/// Follows a dotted path (`companyProfile.tenantId`) through objects; `null` is absent.
pub(crate) fn lookup_path<'v>(value: &'v Value, dotted: &str) -> Option<&'v Value> {
    let mut current = value;
    for part in dotted.split('.') {
        current = lookup(current.as_object()?, part)?;
    }
    (!current.is_null()).then_some(current)
}

pub(crate) fn text_at<'v>(value: &'v Value, dotted: &str) -> Option<&'v str> {
    lookup_path(value, dotted).and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty())
}

/// `attributes.objectType`, as every Partner Center resource carries it.
pub(crate) fn object_type(value: &Value) -> Option<&str> {
    text_at(value, "attributes.objectType")
}

/// The customer a Partner Center URI is about: `/customers/{id}/...`.
pub(crate) fn customer_in_uri(uri: &str) -> Option<String> {
    let path = uri.split(['?', '#']).next().unwrap_or_default();
    let mut parts = path.split('/');
    while let Some(part) = parts.next() {
        if part.eq_ignore_ascii_case("customers") {
            return parts.next().and_then(|id| values::tenant_id(id).ok());
        }
    }
    None
}

/// The customer any of an element's links points at.
pub(crate) fn customer_in_links(value: &Value) -> Option<String> {
    let links = lookup_path(value, "links")?.as_object()?;
    links.values().filter_map(|link| text_at(link, "uri")).find_map(customer_in_uri)
}

/// A query parameter of a URI, by name without regard to case.
pub(crate) fn query_param<'u>(uri: &'u str, name: &str) -> Option<&'u str> {
    let query = uri.split_once('?')?.1.split('#').next()?;
    query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

/// One element's fields, with the problems found so far.
pub(crate) struct Fields<'v> {
    file: &'v Path,
    base: String,
    object: Option<&'v Map<String, Value>>,
    pub(crate) issues: Vec<ImportError>,
}

impl<'v> Fields<'v> {
    pub(crate) fn new(file: &'v Path, base: String, value: &'v Value) -> Fields<'v> {
        let mut fields = Fields { file, base, object: value.as_object(), issues: Vec::new() };
        if fields.object.is_none() {
            let position = fields.position(None);
            fields.issues.push(ImportError::invalid(file, position, "must be a JSON object"));
        }
        fields
    }

    pub(crate) fn failed(&self) -> bool {
        !self.issues.is_empty()
    }

    fn position(&self, dotted: Option<&str>) -> Position {
        match (self.base.is_empty(), dotted) {
            (true, None) => Position::File,
            (true, Some(d)) => Position::JsonPath(d.to_string()),
            (false, None) => Position::JsonPath(self.base.clone()),
            (false, Some(d)) => Position::JsonPath(format!("{}.{d}", self.base)),
        }
    }

    pub(crate) fn issue(&mut self, dotted: &str, value: Option<&str>, reason: impl Into<String>) {
        let mut error = ImportError::invalid(self.file, self.position(Some(dotted)), reason).with_field(dotted);
        if let Some(value) = value {
            error = error.with_value(value);
        }
        self.issues.push(error);
    }

    pub(crate) fn get(&self, dotted: &str) -> Option<&'v Value> {
        let mut current = self.object?;
        let mut parts = dotted.split('.').peekable();
        while let Some(part) = parts.next() {
            let value = lookup(current, part)?;
            if parts.peek().is_none() {
                return (!value.is_null()).then_some(value);
            }
            current = value.as_object()?;
        }
        None
    }

    /// Text as written (not trimmed: names keep their spacing), `None` if absent or blank.
    pub(crate) fn text(&mut self, dotted: &str) -> Option<String> {
        match self.get(dotted)? {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            other => {
                let shown = other.to_string();
                self.issue(dotted, Some(&shown), "must be text");
                None
            }
        }
    }

    pub(crate) fn required_text(&mut self, dotted: &str) -> Option<String> {
        let text = self.text(dotted);
        if text.is_none() && !self.issues.iter().any(|e| e.field.as_deref() == Some(dotted)) {
            self.issue(dotted, None, "is missing");
        }
        text
    }

    /// An id: trimmed text.
    pub(crate) fn id(&mut self, dotted: &str) -> Option<String> {
        self.text(dotted).map(|t| t.trim().to_string())
    }

    pub(crate) fn required_id(&mut self, dotted: &str) -> Option<String> {
        self.required_text(dotted).map(|t| t.trim().to_string())
    }

    pub(crate) fn tenant(&mut self, dotted: &str) -> Option<String> {
        let text = self.text(dotted)?;
        self.check(dotted, &text, values::tenant_id)
    }

    pub(crate) fn required_tenant(&mut self, dotted: &str) -> Option<String> {
        let text = self.required_text(dotted)?;
        self.check(dotted, &text, values::tenant_id)
    }

    pub(crate) fn integer(&mut self, dotted: &str) -> Option<i64> {
        match self.get(dotted)? {
            Value::Number(n) => match n.as_i64() {
                Some(i) => Some(i),
                None => {
                    self.issue(dotted, Some(&n.to_string()), "must be a whole number");
                    None
                }
            },
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => {
                let s = s.clone();
                self.check(dotted, &s, values::integer)
            }
            other => {
                let shown = other.to_string();
                self.issue(dotted, Some(&shown), "must be a whole number");
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, dotted: &str) -> Option<bool> {
        match self.get(dotted)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => {
                let s = s.clone();
                self.check(dotted, &s, values::boolean)
            }
            other => {
                let shown = other.to_string();
                self.issue(dotted, Some(&shown), "must be true or false");
                None
            }
        }
    }

    pub(crate) fn datetime(&mut self, dotted: &str) -> Option<DateTime<Utc>> {
        let text = self.text(dotted)?;
        self.check(dotted, &text, values::datetime)
    }

    pub(crate) fn date(&mut self, dotted: &str) -> Option<NaiveDate> {
        let text = self.text(dotted)?;
        self.check(dotted, &text, values::date)
    }

    pub(crate) fn duration(&mut self, dotted: &str) -> Option<String> {
        let text = self.text(dotted)?;
        self.check(dotted, &text, values::duration)
    }

    /// An array of strings; `None` when absent.
    pub(crate) fn text_list(&mut self, dotted: &str) -> Option<Vec<String>> {
        match self.get(dotted)? {
            Value::Array(items) => {
                let mut list = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => list.push(s.clone()),
                        other => {
                            let shown = other.to_string();
                            self.issue(&format!("{dotted}[{i}]"), Some(&shown), "must be text");
                        }
                    }
                }
                Some(list)
            }
            other => {
                let shown = other.to_string();
                self.issue(dotted, Some(&shown), "must be a list of text values");
                None
            }
        }
    }

    fn check<T>(&mut self, dotted: &str, text: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        match parse(text) {
            Ok(value) => Some(value),
            Err(reason) => {
                self.issue(dotted, Some(text), reason);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_match_any_case_and_problems_name_the_path() {
        let value = json!({"CompanyProfile": {"TenantId": "nope", "companyName": "Contoso"}, "quantity": "2.5"});
        let mut f = Fields::new(Path::new("c.json"), "items[3]".into(), &value);
        assert_eq!(f.text("companyProfile.companyName").as_deref(), Some("Contoso"));
        assert_eq!(f.tenant("companyProfile.tenantId"), None);
        assert_eq!(f.integer("quantity"), None);
        assert_eq!(f.required_text("id"), None);
        let paths: Vec<_> = f.issues.iter().map(|e| e.position.clone()).collect();
        assert_eq!(
            paths,
            vec![
                Position::JsonPath("items[3].companyProfile.tenantId".into()),
                Position::JsonPath("items[3].quantity".into()),
                Position::JsonPath("items[3].id".into()),
            ]
        );
    }

    #[test]
    fn customers_are_found_in_links() {
        let uri = "https://api.partnercenter.microsoft.com/v1/customers/2B6F8E41-0C3D-4A57-9E12-7F4D5A8C9B30/subscriptions?size=200";
        assert_eq!(customer_in_uri(uri).as_deref(), Some("2b6f8e41-0c3d-4a57-9e12-7f4d5a8c9b30"));
        assert_eq!(customer_in_uri("/customers?size=500"), None);
        assert_eq!(
            query_param("/relationships?relationship_type=IsIndirectResellerOf", "RELATIONSHIP_TYPE"),
            Some("IsIndirectResellerOf")
        );
    }
}
