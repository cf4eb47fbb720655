//! Reseller relationship requests (MP-2): the composer's draft (the exact
//! invitation link for the profile's cloud, with or without delegated admin,
//! or why one is not offered: NC-3), and the requests recorded as sent and
//! marked accepted, each change audited.

use partner_desk_core::Cloud;
use partner_desk_core::rules::Reason;
use partner_desk_core::rules::capabilities::{Availability, Feature, capability};
use partner_desk_core::rules::invitation::invitation_link;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::entities::to_json;
use crate::error::{Context, Result};
use crate::manual::{Change, audit, invalid};
use crate::profile_db::ProfileDb;

/// What the composer shows before anything is sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestDraft {
    pub cloud: Cloud,
    /// The partner tenant id the links carry; none when the profile lacks it.
    pub partner_tenant_id: Option<String>,
    pub with_dap_link: Option<String>,
    pub without_dap_link: Option<String>,
    /// Why a relationship without delegated admin is not offered (NC-3).
    pub without_dap_unavailable: Option<Reason>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RelationshipRequest {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub customer_tenant_id: Option<String>,
    pub customer_name: Option<String>,
    pub url: String,
    pub with_delegated_admin: bool,
    pub language: Option<String>,
    pub sent_at: Option<String>,
    pub accepted_at: Option<String>,
}

/// A request the user has sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SentRequest {
    pub customer: Option<String>,
    pub with_delegated_admin: bool,
    pub language: Option<String>,
}

impl ProfileDb {
    pub fn request_draft(&self) -> Result<RequestDraft> {
        let context = self.profile_context()?;
        let without = capability(context.cloud, Feature::RelationshipWithoutDap);
        let tenant = context.own_tenant_id.clone();
        let link = |with_dap: bool| tenant.as_deref().and_then(|t| invitation_link(context.cloud, t, with_dap).ok());
        Ok(RequestDraft {
            cloud: context.cloud,
            partner_tenant_id: tenant.clone(),
            with_dap_link: link(true),
            without_dap_link: link(false),
            without_dap_unavailable: (without.availability == Availability::Unavailable).then(|| without.reason()),
        })
    }

    /// Records a request as sent, with the link the draft gives for it; a
    /// kind the cloud does not offer is refused (NC-3).
    pub fn record_request(&mut self, sent: &SentRequest, change: &Change) -> Result<RelationshipRequest> {
        let context = self.profile_context()?;
        let Some(tenant) = context.own_tenant_id.as_deref() else {
            return Err(invalid(
                "partner tenant id",
                "",
                "the profile has no partner tenant id, so there is no invitation link to send",
            ));
        };
        // The error names the rule that refuses it (NC-3).
        let url = invitation_link(context.cloud, tenant, sent.with_delegated_admin)
            .map_err(|e| invalid("with_delegated_admin", &sent.with_delegated_admin.to_string(), &e.to_string()))?;
        let customer = sent.customer.as_deref().map(|c| self.resolve_customer(c)).transpose()?;
        let id = self.in_transaction(|tx| {
            tx.execute(
                "INSERT INTO relationship_requests (url, with_delegated_admin, created_at, sent_at, customer_tenant_id, language)
                 VALUES (?1, ?2, ?3, ?3, ?4, ?5)",
                params![url, sent.with_delegated_admin, change.at.to_rfc3339(), customer, sent.language],
            )
            .context(|| "recording a relationship request".into())?;
            let id = tx.last_insert_rowid();
            let after = load_request(tx, id)?;
            audit(tx, change, "send", "relationship_request", &id.to_string(), None, Some(to_json(&after)))?;
            Ok(id)
        })?;
        load_request(&self.conn, id)
    }

    pub fn mark_request_accepted(&mut self, id: i64, change: &Change) -> Result<RelationshipRequest> {
        self.in_transaction(|tx| {
            let before = load_request(tx, id)?;
            if before.accepted_at.is_some() {
                return Ok(());
            }
            tx.execute(
                "UPDATE relationship_requests SET accepted_at = ?1 WHERE id = ?2",
                params![change.at.to_rfc3339(), id],
            )
            .context(|| "marking a relationship request accepted".into())?;
            let after = load_request(tx, id)?;
            audit(
                tx,
                change,
                "accept",
                "relationship_request",
                &id.to_string(),
                Some(to_json(&before)),
                Some(to_json(&after)),
            )
        })?;
        load_request(&self.conn, id)
    }

    /// Requests, newest first; one customer's when `customer` is given.
    pub fn requests(&self, customer: Option<&str>) -> Result<Vec<RelationshipRequest>> {
        let customer = customer.map(|c| self.resolve_customer(c)).transpose()?;
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id FROM relationship_requests WHERE ?1 IS NULL OR customer_tenant_id = ?1 ORDER BY id DESC",
            )
            .context(|| "listing relationship requests".into())?;
        let ids = statement
            .query_map(params![customer], |r| r.get::<_, i64>(0))
            .context(|| "listing relationship requests".into())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(|| "listing relationship requests".into())?;
        ids.into_iter().map(|id| load_request(&self.conn, id)).collect()
    }
}

fn load_request(conn: &rusqlite::Connection, id: i64) -> Result<RelationshipRequest> {
    conn.query_row(
        "SELECT r.id, r.customer_tenant_id, c.company_name, r.url, r.with_delegated_admin, r.language, r.sent_at, r.accepted_at
         FROM relationship_requests r LEFT JOIN customers c ON c.tenant_id = r.customer_tenant_id WHERE r.id = ?1",
        params![id],
        |r| {
            Ok(RelationshipRequest {
                id: r.get(0)?,
                customer_tenant_id: r.get(1)?,
                customer_name: r.get(2)?,
                url: r.get(3)?,
                with_delegated_admin: r.get(4)?,
                language: r.get(5)?,
                sent_at: r.get(6)?,
                accepted_at: r.get(7)?,
            })
        },
    )
    .optional()
    .context(|| format!("reading relationship request {id}"))?
    .ok_or_else(|| invalid("relationship request", &id.to_string(), "does not exist in this profile"))
}
