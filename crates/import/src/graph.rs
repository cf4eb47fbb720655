//! Microsoft Graph's GDAP list (`GET /v1.0/tenantRelationships/delegatedAdminRelationships`):
//! `{"@odata.context", "value": [...], "@odata.nextLink"}`. Paging links are
//! not followed (the app is offline); a file with a `nextLink` is one page and
//! covers nothing.

use crate::id_set::IdSet;

use partner_desk_core::model::{GdapRelationship, GdapStatus};
use partner_desk_core::records::{Coverage, Record};
use serde_json::Value;

use crate::error::{ImportError, Position};
use crate::json_fields::Fields;
use crate::json_stream::{Flow, JsonHandler, KeyAction, walk};
use crate::run::FileRun;
use crate::text::TextReader;

/// Graph's documented default: auto-extend off.
const AUTO_EXTEND_DEFAULT: &str = "PT0S";

struct GdapList<'x, 'r, 'o> {
    run: &'x mut FileRun<'r, 'o>,
    seen: IdSet,
    next_link: bool,
}

impl GdapList<'_, '_, '_> {
    fn parse(&mut self, fields: &mut Fields<'_>) -> Option<GdapRelationship> {
        let id = fields.required_id("id");
        let display_name = fields.required_text("displayName");
        let duration = fields.duration("duration");
        if duration.is_none() && fields.get("duration").is_none() {
            fields.issue("duration", None, "is missing");
        }
        let status = fields.required_text("status").map(|s| GdapStatus::parse(&s));
        let auto_extend = fields.duration("autoExtendDuration");
        let customer_tenant_id = fields.tenant("customer.tenantId");
        let customer_name = fields.text("customer.displayName");
        let created_at = fields.datetime("createdDateTime");
        let activated_at = fields.datetime("activatedDateTime");
        let end_at = fields.datetime("endDateTime");
        let roles = self.roles(fields);
        if let Some(id) = &id
            && !self.seen.insert(id)
        {
            fields.issue("id", Some(id), "appears twice in this file (this is the second time)");
        }
        Some(GdapRelationship {
            id: id?,
            display_name: display_name?,
            customer_tenant_id,
            customer_name,
            status: status?,
            duration: duration?,
            auto_extend_duration: auto_extend.unwrap_or_else(|| AUTO_EXTEND_DEFAULT.to_string()),
            created_at,
            activated_at,
            end_at,
            roles,
        })
    }

    fn roles(&mut self, fields: &mut Fields<'_>) -> Vec<String> {
        let Some(roles) = fields.get("accessDetails.unifiedRoles") else { return Vec::new() };
        let Some(roles) = roles.as_array() else {
            let shown = roles.to_string();
            fields.issue("accessDetails.unifiedRoles", Some(&shown), "must be a list of roles");
            return Vec::new();
        };
        let mut ids = Vec::with_capacity(roles.len());
        for (i, role) in roles.iter().enumerate() {
            match crate::json_fields::text_at(role, "roleDefinitionId") {
                Some(id) => ids.push(id.to_string()),
                None => fields.issue(&format!("accessDetails.unifiedRoles[{i}].roleDefinitionId"), None, "is missing"),
            }
        }
        ids
    }
}

impl JsonHandler for GdapList<'_, '_, '_> {
    fn on_key(&mut self, key: &str) -> KeyAction {
        if key == "value" {
            KeyAction::Stream
        } else if key.eq_ignore_ascii_case("@odata.nextLink") {
            KeyAction::Capture
        } else {
            KeyAction::Skip
        }
    }

    fn on_element(&mut self, _key: &str, index: usize, value: Value) -> Result<Flow, ImportError> {
        self.run.tick()?;
        let base = format!("value[{index}]");
        let file = self.run.file().to_path_buf();
        let mut fields = Fields::new(&file, base.clone(), &value);
        let relationship = if fields.failed() { None } else { self.parse(&mut fields) };
        match relationship {
            Some(relationship) if !fields.failed() => {
                self.run.emit(Record::Gdap(relationship), || Position::JsonPath(base))?;
            }
            _ => self.run.problems(fields.issues)?,
        }
        Ok(Flow::Continue)
    }

    fn on_value(&mut self, _key: &str, value: Value) -> Result<Flow, ImportError> {
        self.next_link = !value.is_null();
        Ok(Flow::Continue)
    }
}

pub(crate) fn read_gdap(text: &mut TextReader<'_>, run: &mut FileRun<'_, '_>) -> Result<Vec<Coverage>, ImportError> {
    let state = text.state();
    let file = run.file().to_path_buf();
    let mut list = GdapList { run, seen: IdSet::new(), next_link: false };
    walk(text, state, &file, &mut list)?;
    Ok(if list.next_link { Vec::new() } else { vec![Coverage::AllGdap] })
}
