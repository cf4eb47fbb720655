//! Records entered by hand: partner, link, subscription, and the audit log.

use chrono::Utc;
use partner_desk_store::{Change, PartnerInput, Profiles, SubscriptionInput};

use crate::args::{LinkCommand, PartnerCommand, SubscriptionCommand, SubscriptionFields};
use crate::output::{Failure, Output};

/// Who the audit log names: the signed-in user.
pub(crate) fn change() -> Change {
    Change::by_signed_in_user(None, Utc::now())
}

fn subscription_input(customer: Option<String>, fields: SubscriptionFields) -> Result<SubscriptionInput, Failure> {
    let commitment_end =
        fields.commitment_end.map(|text| partner_desk_core::ids::parse_date("--commitment-end", &text)).transpose()?;
    Ok(SubscriptionInput {
        customer_tenant_id: customer,
        offer_name: fields.offer_name,
        billing_type: fields.billing,
        channel: fields.channel,
        quantity: fields.quantity,
        commitment_end,
        partner_of_record: fields.partner_of_record,
        status: fields.status,
        auto_renew: fields.auto_renew,
    })
}

pub fn partner(out: &Output, profiles: &Profiles, command: PartnerCommand) -> Result<(), Failure> {
    match command {
        PartnerCommand::Add { profile, name, tenant_id, mpn_id, location } => {
            let input = PartnerInput { name: Some(name), tenant_id, mpn_id, location };
            let partner = profiles.open(&profile)?.add_partner(input, &change())?;
            out.emit(&partner, |p| p.id.clone())
        }
        PartnerCommand::Edit { profile, id, name, location } => {
            let input = PartnerInput { name, location, ..Default::default() };
            let partner = profiles.open(&profile)?.edit_partner(&id, input, &change())?;
            out.emit(&partner, |p| format!("{}  {}", p.id, p.name))
        }
        PartnerCommand::Remove { profile, id } => {
            profiles.open(&profile)?.remove_partner(&id, &change())?;
            out.emit(&serde_json::json!({ "removed": id }), |_| format!("Removed partner {id}"))
        }
    }
}

pub fn link(out: &Output, profiles: &Profiles, command: LinkCommand) -> Result<(), Failure> {
    match command {
        LinkCommand::Add { profile, customer, partner, kind, scope } => {
            let link = profiles.open(&profile)?.add_link(&customer, &partner, &kind, scope, &change())?;
            out.emit(&link, |l| format!("Linked {} to {} as {}", l.partner_id, l.customer_tenant_id, l.kind))
        }
        LinkCommand::Remove { profile, customer, partner, kind, scope } => {
            profiles.open(&profile)?.remove_link(&customer, &partner, &kind, scope.as_deref(), &change())?;
            out.emit(&serde_json::json!({ "removed": true }), |_| "Removed the link".to_string())
        }
    }
}

pub fn subscription(out: &Output, profiles: &Profiles, command: SubscriptionCommand) -> Result<(), Failure> {
    match command {
        SubscriptionCommand::Add { profile, customer, fields } => {
            let input = subscription_input(Some(customer), fields)?;
            let subscription = profiles.open(&profile)?.add_subscription(input, &change())?;
            out.emit(&subscription, |s| s.id.clone())
        }
        SubscriptionCommand::Edit { profile, id, fields } => {
            let input = subscription_input(None, fields)?;
            let subscription = profiles.open(&profile)?.edit_subscription(&id, input, &change())?;
            out.emit(&subscription, |s| format!("{}  {}  {}", s.id, s.offer_name, s.quantity))
        }
        SubscriptionCommand::Remove { profile, id } => {
            profiles.open(&profile)?.remove_subscription(&id, &change())?;
            out.emit(&serde_json::json!({ "removed": id }), |_| format!("Removed subscription {id}"))
        }
    }
}

pub fn audit(out: &Output, profiles: &Profiles, profile: &str, limit: u32) -> Result<(), Failure> {
    let entries = profiles.open(profile)?.audit_log(limit)?;
    out.emit(&entries, |entries| {
        entries
            .iter()
            .map(|e| {
                format!(
                    "{}  {:<10} {:<7} {:<13} {}",
                    e.at,
                    e.actor,
                    e.action,
                    e.entity,
                    e.entity_id.as_deref().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}
