//! MP-3, structurally: linking a partner to a customer is an operation on the
//! customer's links alone. It takes no subscriptions, so it cannot change one
//! (no id, partner of record, term, owner or status), and the borrow checker
//! holds every caller to that.

use serde::{Deserialize, Serialize};

use crate::error::InvalidInput;
use crate::model::CustomerPartnerLink;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum LinkOutcome {
    Added,
    /// The same partner, kind and scope was already linked; nothing changed.
    AlreadyLinked,
}

/// Adds `link` to the links of the customer `customer_tenant_id`. Refuses a
/// link without a partner, or for another customer.
pub fn link_partner(
    customer_tenant_id: &str,
    links: &mut Vec<CustomerPartnerLink>,
    link: CustomerPartnerLink,
) -> Result<LinkOutcome, InvalidInput> {
    if link.customer_tenant_id != customer_tenant_id {
        return Err(InvalidInput::new(
            "customer tenant id",
            &link.customer_tenant_id,
            format!("must be the customer being linked ({customer_tenant_id})"),
        ));
    }
    if link.partner_id.trim().is_empty() {
        return Err(InvalidInput::new("partner id", &link.partner_id, "must not be empty"));
    }
    let same =
        |l: &CustomerPartnerLink| l.partner_id == link.partner_id && l.kind == link.kind && l.scope == link.scope;
    if links.iter().any(same) {
        return Ok(LinkOutcome::AlreadyLinked);
    }
    links.push(link);
    Ok(LinkOutcome::Added)
}
