//! Partner Center REST JSON, as saved from the API, the .NET SDK or the
//! PowerShell module: collections (`{"totalCount", "items", "links",
//! "attributes"}`) streamed item by item, and single resources (one customer,
//! the relationship request) read whole.
//!
//! A collection with a `links.next` is one page of several: it covers nothing.

use crate::id_set::IdSet;
use std::io::Read;
use std::path::Path;

use partner_desk_core::model::{
    Channel, CustomerPartnerLink, CustomerRelationship, LinkKind, Partner, PartnerRelationship,
    PartnerRelationshipType, RelationshipRequest, SubscriptionStatus,
};
use partner_desk_core::records::{Coverage, CustomerRecord, Record, SourceFormat, SubscriptionRecord};
use serde_json::{Map, Value};

use crate::error::{ImportError, Position};
use crate::json_fields::{self, Fields, customer_in_links, lookup, object_type};
use crate::json_stream::{Flow, JsonHandler, KeyAction, walk};
use crate::run::FileRun;
use crate::text::TextReader;
use crate::values;

const TWICE: &str = "appears twice in this file (this is the second time)";

/// Turns one collection item into records, noting problems in `fields`.
pub(crate) trait ItemParser {
    const OBJECT_TYPE: &'static str;
    fn parse(&mut self, fields: &mut Fields<'_>, item: &Value) -> Vec<Record>;
}

struct Collection<'x, 'r, 'o, P> {
    run: &'x mut FileRun<'r, 'o>,
    parser: P,
    links: Option<Value>,
}

impl<P: ItemParser> JsonHandler for Collection<'_, '_, '_, P> {
    fn on_key(&mut self, key: &str) -> KeyAction {
        if key.eq_ignore_ascii_case("items") {
            KeyAction::Stream
        } else if key.eq_ignore_ascii_case("links") {
            KeyAction::Capture
        } else {
            KeyAction::Skip
        }
    }

    fn on_element(&mut self, _key: &str, index: usize, item: Value) -> Result<Flow, ImportError> {
        self.run.tick()?;
        let base = format!("items[{index}]");
        let file = self.run.file().to_path_buf();
        let mut fields = Fields::new(&file, base.clone(), &item);
        if let Some(found) = object_type(&item)
            && !found.eq_ignore_ascii_case(P::OBJECT_TYPE)
        {
            let reason = format!("must be {}: a collection lists one kind of resource", P::OBJECT_TYPE);
            fields.issue("attributes.objectType", Some(found), reason);
        }
        let records = if fields.failed() { Vec::new() } else { self.parser.parse(&mut fields, &item) };
        if fields.failed() {
            self.run.problems(fields.issues)?;
        } else {
            for record in records {
                self.run.emit(record, || Position::JsonPath(base.clone()))?;
            }
        }
        Ok(Flow::Continue)
    }

    fn on_value(&mut self, _key: &str, value: Value) -> Result<Flow, ImportError> {
        self.links = Some(value);
        Ok(Flow::Continue)
    }
}

/// What a collection's own `links` say once it has been read.
pub(crate) struct CollectionLinks {
    pub(crate) self_uri: Option<String>,
    /// A `next` link: this file is one page of several.
    pub(crate) paged: bool,
}

fn read_collection<P: ItemParser>(
    text: &mut TextReader<'_>,
    run: &mut FileRun<'_, '_>,
    parser: P,
) -> Result<(P, CollectionLinks), ImportError> {
    let state = text.state();
    let file = run.file().to_path_buf();
    let mut handler = Collection { run, parser, links: None };
    walk(text, state, &file, &mut handler)?;
    let links = handler.links.unwrap_or(Value::Null);
    let self_uri = json_fields::text_at(&links, "self.uri").map(str::to_string);
    let paged = json_fields::lookup_path(&links, "next").is_some();
    Ok((handler.parser, CollectionLinks { self_uri, paged }))
}

/// Reads every top-level field of a small document (one resource).
#[derive(Default)]
pub(crate) struct WholeObject {
    pub(crate) map: Map<String, Value>,
}

impl JsonHandler for WholeObject {
    fn on_key(&mut self, _key: &str) -> KeyAction {
        KeyAction::Capture
    }
    fn on_element(&mut self, _key: &str, _index: usize, _value: Value) -> Result<Flow, ImportError> {
        Ok(Flow::Continue)
    }
    fn on_value(&mut self, key: &str, value: Value) -> Result<Flow, ImportError> {
        self.map.insert(key.to_string(), value);
        Ok(Flow::Continue)
    }
}

pub(crate) fn read_whole<R: Read>(
    reader: R,
    state: std::rc::Rc<crate::text::StreamState>,
    file: &Path,
) -> Result<Value, ImportError> {
    let mut whole = WholeObject::default();
    walk(reader, state, file, &mut whole)?;
    Ok(Value::Object(whole.map))
}

// ---- customers ----

struct CustomerParser {
    seen: IdSet,
}

/// The customer's tenant id: `companyProfile.tenantId`, which `id` equals.
fn customer_tenant(fields: &mut Fields<'_>) -> Option<(String, &'static str)> {
    let from_profile = fields.tenant("companyProfile.tenantId");
    let from_id = fields.tenant("id");
    match (from_profile, from_id) {
        (Some(profile), Some(id)) if profile != id => {
            fields.issue("id", Some(&id), format!("differs from companyProfile.tenantId ({profile})"));
            None
        }
        (Some(profile), _) => Some((profile, "companyProfile.tenantId")),
        (None, Some(id)) => Some((id, "id")),
        (None, None) => {
            if !fields.failed() {
                fields.issue("companyProfile.tenantId", None, "is missing (and so is id)");
            }
            None
        }
    }
}

fn customer_record(fields: &mut Fields<'_>, tenant_id: String, single: bool) -> CustomerRecord {
    CustomerRecord {
        tenant_id,
        commerce_id: fields.id("commerceId"),
        company_name: fields.text("companyProfile.companyName"),
        primary_domain: fields.id("companyProfile.domain"),
        custom_domains: fields.text_list("customDomains"),
        country: fields.id("billingProfile.defaultAddress.country"),
        relationship: fields.text("relationshipToPartner").map(|r| CustomerRelationship::parse(&r)),
        // Only a single-customer lookup says this; a list that carries it is not trusted.
        allow_delegated_access: if single { fields.boolean("allowDelegatedAccess") } else { None },
        indirect_reseller_id: fields.id("associatedPartnerId").map(|id| values::partner_reference(&id)),
        tags: None,
    }
}

impl ItemParser for CustomerParser {
    const OBJECT_TYPE: &'static str = "Customer";

    fn parse(&mut self, fields: &mut Fields<'_>, _item: &Value) -> Vec<Record> {
        let tenant = customer_tenant(fields);
        // Every field is read even without an id, so a check reports all of them.
        let record = customer_record(fields, tenant.as_ref().map(|(id, _)| id.clone()).unwrap_or_default(), false);
        let Some((tenant_id, field)) = tenant else { return Vec::new() };
        if !self.seen.insert(&tenant_id) {
            fields.issue(field, Some(&tenant_id), TWICE);
        }
        vec![Record::Customer(record)]
    }
}

pub(crate) fn read_customers(
    text: &mut TextReader<'_>,
    run: &mut FileRun<'_, '_>,
) -> Result<Vec<Coverage>, ImportError> {
    let (_, links) = read_collection(text, run, CustomerParser { seen: IdSet::new() })?;
    Ok(if links.paged { Vec::new() } else { vec![Coverage::AllCustomers] })
}

/// One customer (`GET /v1/customers/{id}`): the only source of `allowDelegatedAccess`.
/// `expected`, from the folder or `--customer`, must match it.
pub(crate) fn read_customer(
    text: &mut TextReader<'_>,
    run: &mut FileRun<'_, '_>,
    expected: Option<&Given>,
) -> Result<Vec<Coverage>, ImportError> {
    run.tick()?;
    let file = run.file().to_path_buf();
    let state = text.state();
    let value = read_whole(&mut *text, state, &file)?;
    let mut fields = Fields::new(&file, String::new(), &value);
    if let Some((tenant_id, field)) = customer_tenant(&mut fields) {
        if let Some(given) = expected
            && given.tenant_id != tenant_id
        {
            fields.issue(
                field,
                Some(&tenant_id),
                format!("is not the customer {} ({})", given.tenant_id, given.source),
            );
        }
        let record = customer_record(&mut fields, tenant_id, true);
        if !fields.failed() {
            run.emit(Record::Customer(record), || Position::File)?;
        }
    }
    run.problems(fields.issues)?;
    Ok(Vec::new())
}

// ---- subscriptions ----

/// A customer context and where it came from, for messages.
#[derive(Debug, Clone)]
pub(crate) struct Given {
    pub(crate) tenant_id: String,
    pub(crate) source: String,
}

struct SubscriptionParser {
    customer: String,
    seen: IdSet,
}

impl ItemParser for SubscriptionParser {
    const OBJECT_TYPE: &'static str = "Subscription";

    fn parse(&mut self, fields: &mut Fields<'_>, item: &Value) -> Vec<Record> {
        let id = fields.required_id("id").map(|id| values::subscription_id(&id));
        if let Some(linked) = customer_in_links(item)
            && linked != self.customer
        {
            fields.issue(
                "links",
                Some(&linked),
                format!("point at another customer than this file's ({})", self.customer),
            );
        }
        let record = SubscriptionRecord {
            id: id.clone().unwrap_or_default(),
            customer_tenant_id: self.customer.clone(),
            offer_id: fields.id("offerId"),
            offer_name: fields.text("offerName"),
            friendly_name: fields.text("friendlyName"),
            quantity: fields.integer("quantity"),
            unit_type: fields.text("unitType"),
            status: fields.text("status").map(|s| SubscriptionStatus::parse(&s)),
            billing_type: fields.text("billingType").map(|b| partner_desk_core::model::BillingType::parse(&b)),
            contract_type: fields.text("contractType"),
            auto_renew: fields.boolean("autoRenewEnabled"),
            creation_date: fields.datetime("creationDate"),
            effective_start: fields.datetime("effectiveStartDate"),
            commitment_end: fields.date("commitmentEndDate"),
            term_duration: fields.text("termDuration"),
            billing_cycle: fields.text("billingCycle"),
            // The API calls the reseller of record's MPN id `partnerId`; kept verbatim.
            partner_of_record: fields.id("partnerId"),
            parent_subscription_id: fields.id("parentSubscriptionId").map(|id| values::subscription_id(&id)),
            order_id: fields.id("orderId"),
            is_trial: fields.boolean("isTrial"),
            channel: Some(Channel::Csp),
        };
        let Some(id) = id else { return Vec::new() };
        if !self.seen.insert(&id) {
            fields.issue("id", Some(&id), TWICE);
        }
        vec![Record::Subscription(record)]
    }
}

pub(crate) fn read_subscriptions(
    text: &mut TextReader<'_>,
    run: &mut FileRun<'_, '_>,
    customer: &str,
) -> Result<Vec<Coverage>, ImportError> {
    let parser = SubscriptionParser { customer: customer.to_string(), seen: IdSet::new() };
    let (_, links) = read_collection(text, run, parser)?;
    if let Some(linked) = links.self_uri.as_deref().and_then(json_fields::customer_in_uri)
        && linked != customer
    {
        let problem = ImportError::invalid(
            run.file(),
            Position::JsonPath("links.self.uri".into()),
            format!("points at another customer than this file's ({customer})"),
        )
        .with_field("links.self.uri")
        .with_value(&linked);
        run.problem(problem)?;
    }
    Ok(if links.paged {
        Vec::new()
    } else {
        vec![Coverage::CustomerSubscriptions { customer_tenant_id: customer.to_string() }]
    })
}

// ---- partner relationships ----

/// What a PartnerRelationship collection is about.
pub(crate) enum RelationshipsOf {
    /// The signed-in partner's two-tier relationships (`GET /v1/relationships`);
    /// the type the list was asked for, when known.
    Partner(Option<PartnerRelationshipType>),
    /// One customer's indirect resellers (`GET /v1/customers/{id}/relationships`).
    Customer(String),
}

struct RelationshipParser {
    of: RelationshipsOf,
    seen: IdSet,
}

impl ItemParser for RelationshipParser {
    const OBJECT_TYPE: &'static str = "PartnerRelationship";

    fn parse(&mut self, fields: &mut Fields<'_>, _item: &Value) -> Vec<Record> {
        let tenant_id = fields.tenant("id");
        let mpn_id = fields.id("mpnId");
        let name = fields.required_text("name");
        let relationship_type = fields.text("relationshipType").map(|t| PartnerRelationshipType::parse(&t));
        let state = fields.text("state");
        let location = fields.text("location");
        let Some(partner_id) = Partner::local_id(tenant_id.as_deref(), mpn_id.as_deref()) else {
            if !fields.failed() {
                fields.issue("id", None, "is missing (and so is mpnId): the partner cannot be identified");
            }
            return Vec::new();
        };
        if !self.seen.insert(&partner_id) {
            fields.issue("id", Some(&partner_id), TWICE);
        }
        let Some(name) = name else { return Vec::new() };
        let partner = Record::Partner(Partner { id: partner_id.clone(), tenant_id, mpn_id, name, location });
        match &self.of {
            RelationshipsOf::Partner(asked) => {
                let Some(relationship_type) = relationship_type.or_else(|| asked.clone()) else {
                    fields.issue("relationshipType", None, "is missing and the file does not say which list it is");
                    return Vec::new();
                };
                vec![partner, Record::PartnerRelationship(PartnerRelationship { partner_id, relationship_type, state })]
            }
            RelationshipsOf::Customer(customer) => vec![
                partner,
                Record::Link(CustomerPartnerLink {
                    customer_tenant_id: customer.clone(),
                    partner_id,
                    kind: LinkKind::IndirectReseller,
                    scope: None,
                    source: SourceFormat::RestCustomerRelationships.id().to_string(),
                    start_date: None,
                    end_date: None,
                }),
            ],
        }
    }
}

/// The relationship type a `/relationships?relationship_type=...` link asked for.
pub(crate) fn asked_relationship_type(uri: &str) -> Option<PartnerRelationshipType> {
    json_fields::query_param(uri, "relationship_type").map(PartnerRelationshipType::parse).filter(|t| t.is_known())
}

pub(crate) fn read_relationships(
    text: &mut TextReader<'_>,
    run: &mut FileRun<'_, '_>,
    of: RelationshipsOf,
) -> Result<Vec<Coverage>, ImportError> {
    let (parser, links) = read_collection(text, run, RelationshipParser { of, seen: IdSet::new() })?;
    if links.paged {
        return Ok(Vec::new());
    }
    Ok(match parser.of {
        RelationshipsOf::Partner(asked) => asked
            .or_else(|| links.self_uri.as_deref().and_then(asked_relationship_type))
            .map(|t| Coverage::PartnerRelationships { relationship_type: t.as_str().to_string() })
            .into_iter()
            .collect(),
        RelationshipsOf::Customer(customer) => vec![Coverage::CustomerLinks {
            customer_tenant_id: customer,
            kind: LinkKind::IndirectReseller.as_str().to_string(),
        }],
    })
}

// ---- relationship request ----

/// `DAP=true|false` in the invitation link. Links from before the parameter
/// existed always asked for delegated admin.
fn asks_for_delegated_admin(url: &str) -> Result<bool, String> {
    match json_fields::query_param(url, "DAP") {
        None => Ok(true),
        Some(flag) => values::boolean(flag).map_err(|_| format!("has DAP={flag}, which must be true or false")),
    }
}

pub(crate) fn read_relationship_request(
    text: &mut TextReader<'_>,
    run: &mut FileRun<'_, '_>,
) -> Result<Vec<Coverage>, ImportError> {
    run.tick()?;
    let file = run.file().to_path_buf();
    let state = text.state();
    let value = read_whole(&mut *text, state, &file)?;
    let mut fields = Fields::new(&file, String::new(), &value);
    if let Some(url) = fields.required_id("url") {
        match asks_for_delegated_admin(&url) {
            Ok(with_delegated_admin) => {
                let request = RelationshipRequest {
                    url,
                    with_delegated_admin,
                    created_at: fields.datetime("createdDateTime"),
                    sent_at: None,
                    accepted_at: None,
                };
                if !fields.failed() {
                    run.emit(Record::RelationshipRequest(request), || Position::File)?;
                }
            }
            Err(reason) => fields.issue("url", Some(&url), reason),
        }
    }
    run.problems(fields.issues)?;
    Ok(Vec::new())
}

/// Whether an object (a collection's first item, or a whole document) looks
/// like a Partner Center resource of `kind`, for files whose `attributes`
/// were lost on the way (re-serialised by a script).
pub(crate) fn looks_like(item: &Value, kind: &str) -> bool {
    let Some(object) = item.as_object() else { return false };
    let has = |key: &str| lookup(object, key).is_some();
    match kind {
        "Customer" => has("companyProfile"),
        "Subscription" => has("offerId") && has("quantity"),
        "PartnerRelationship" => has("relationshipType") && has("mpnId"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitation_links_say_whether_they_ask_for_delegated_admin() {
        let base = "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=x&msppId=0";
        assert_eq!(
            asks_for_delegated_admin(&format!("{base}&DAP=false#/BillingAccounts/partner-invitation")),
            Ok(false)
        );
        assert_eq!(asks_for_delegated_admin(&format!("{base}&DAP=true#/BillingAccounts/partner-invitation")), Ok(true));
        assert_eq!(asks_for_delegated_admin(base), Ok(true));
        assert!(asks_for_delegated_admin(&format!("{base}&DAP=maybe")).is_err());
    }

    #[test]
    fn relationship_types_come_from_the_query() {
        assert_eq!(
            asked_relationship_type("/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf"),
            Some(PartnerRelationshipType::IsIndirectCloudSolutionProviderOf)
        );
        assert_eq!(asked_relationship_type("/v1/relationships?relationship_type=1"), None);
    }
}
