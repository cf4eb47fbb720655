//! Workflows started from a subscription's verdict (MC-3 move plan, MC-4 and
//! MC-5 checklists): local work, never touched by imports. Starting one,
//! ticking a step and writing a step's note are each one transaction with
//! an audit entry.

use chrono::NaiveDate;
use partner_desk_core::rules::Action;
use partner_desk_core::rules::verdict::Params;
use partner_desk_core::rules::workflows::{MoveOption, WorkflowError, workflow_plan};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::entities::to_json;
use crate::error::{Context, Result, StoreError};
use crate::export::word;
use crate::manual::{Change, audit, invalid};
use crate::profile_db::ProfileDb;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Workflow {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// `MC-3`, `MC-4` or `MC-5`.
    pub rule: String,
    pub action: Action,
    pub customer_tenant_id: String,
    pub customer_name: Option<String>,
    pub subscription_id: String,
    pub subscription_name: Option<String>,
    pub option: Option<MoveOption>,
    pub due_date: Option<NaiveDate>,
    pub created_at: String,
    /// Set when the last step is ticked; unticking one opens it again.
    pub closed_at: Option<String>,
    pub steps: Vec<WorkflowStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkflowStep {
    pub position: u32,
    /// A `steps.<rule>.<name>` key the UI translates with `params`.
    pub key: String,
    pub params: Params,
    /// The English text, for the CLI and exports.
    pub message: String,
    pub done_at: Option<String>,
    pub note: Option<String>,
}

/// What the user asks for when starting a workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartWorkflow {
    pub customer: String,
    pub subscription_id: String,
    pub action: Action,
    pub option: Option<MoveOption>,
}

/// A step's new state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepUpdate {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub workflow_id: i64,
    pub position: u32,
    pub done: bool,
    pub note: Option<String>,
}

const NOTE_LIMIT: usize = 4_000;

fn plan_error(err: WorkflowError) -> StoreError {
    invalid("workflow", "", &err.to_string())
}

impl ProfileDb {
    /// Starts the workflow of `action` for a subscription, from its verdict
    /// as of `today`. A denied action cannot be started.
    pub fn start_workflow(&mut self, start: &StartWorkflow, today: NaiveDate, change: &Change) -> Result<Workflow> {
        let view = self.customer_view(&start.customer, today)?;
        let tenant = view.bundle.customer.tenant_id.clone();
        let verdict = view
            .verdicts
            .subscriptions
            .iter()
            .find(|s| s.subscription_id == start.subscription_id)
            .ok_or_else(|| invalid("subscription", &start.subscription_id, "is not a subscription of this customer"))?
            .verdicts
            .iter()
            .find(|v| v.action == start.action)
            .ok_or_else(|| invalid("action", &format!("{:?}", start.action), "is not evaluated for subscriptions"))?;
        let plan = workflow_plan(verdict, start.option).map_err(plan_error)?;
        let id = self.in_transaction(|tx| {
            tx.execute(
                "INSERT INTO workflows (rule, action, customer_tenant_id, subscription_id, option, due_date, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    plan.rule.id(),
                    word(&plan.action),
                    tenant,
                    start.subscription_id,
                    plan.option.map(|o| word(&o)),
                    plan.due.map(|d| d.to_string()),
                    change.at.to_rfc3339(),
                ],
            )
            .context(|| "starting a workflow".into())?;
            let id = tx.last_insert_rowid();
            for (position, step) in plan.steps.iter().enumerate() {
                tx.execute(
                    "INSERT INTO workflow_steps (workflow_id, position, key, params, message) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, position as i64, step.key, serde_json::to_string(&step.params).unwrap_or_default(), step.message],
                )
                .context(|| "writing a workflow step".into())?;
            }
            let after = load_workflow(tx, id)?;
            audit(tx, change, "start", "workflow", &id.to_string(), None, Some(to_json(&after)))?;
            Ok(id)
        })?;
        self.workflow(id)
    }

    /// Ticks or unticks a step and sets its note; the workflow closes when
    /// every step is done.
    pub fn update_workflow_step(&mut self, update: &StepUpdate, change: &Change) -> Result<Workflow> {
        let note = update.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
        if note.as_ref().is_some_and(|n| n.chars().count() > NOTE_LIMIT) {
            return Err(invalid("note", "", &format!("is longer than {NOTE_LIMIT} characters")));
        }
        self.in_transaction(|tx| {
            let before = load_workflow(tx, update.workflow_id)?;
            let Some(step) = before.steps.iter().find(|s| s.position == update.position) else {
                return Err(invalid("step", &update.position.to_string(), "is not a step of this workflow"));
            };
            let done_at = match (update.done, &step.done_at) {
                (true, Some(at)) => Some(at.clone()),
                (true, None) => Some(change.at.to_rfc3339()),
                (false, _) => None,
            };
            tx.execute(
                "UPDATE workflow_steps SET done_at = ?1, note = ?2 WHERE workflow_id = ?3 AND position = ?4",
                params![done_at, note, update.workflow_id, update.position],
            )
            .context(|| "updating a workflow step".into())?;
            let all_done: bool = tx
                .query_row(
                    "SELECT NOT EXISTS (SELECT 1 FROM workflow_steps WHERE workflow_id = ?1 AND done_at IS NULL)",
                    params![update.workflow_id],
                    |r| r.get(0),
                )
                .context(|| "reading a workflow".into())?;
            let closed_at = match (all_done, &before.closed_at) {
                (true, Some(at)) => Some(at.clone()),
                (true, None) => Some(change.at.to_rfc3339()),
                (false, _) => None,
            };
            tx.execute("UPDATE workflows SET closed_at = ?1 WHERE id = ?2", params![closed_at, update.workflow_id])
                .context(|| "updating a workflow".into())?;
            let after = load_workflow(tx, update.workflow_id)?;
            audit(
                tx,
                change,
                "update",
                "workflow",
                &update.workflow_id.to_string(),
                Some(to_json(&before)),
                Some(to_json(&after)),
            )?;
            Ok(())
        })?;
        self.workflow(update.workflow_id)
    }

    pub fn workflow(&self, id: i64) -> Result<Workflow> {
        load_workflow(&self.conn, id)
    }

    /// Workflows, open ones first by due date (undated last), then closed
    /// ones; only one customer's when `customer` is given.
    pub fn workflows(&self, customer: Option<&str>, include_closed: bool) -> Result<Vec<Workflow>> {
        let customer = customer.map(|c| self.resolve_customer(c)).transpose()?;
        let ids: Vec<i64> = {
            let mut statement = self
                .conn
                .prepare_cached(
                    "SELECT id FROM workflows
                     WHERE (?1 IS NULL OR customer_tenant_id = ?1) AND (?2 OR closed_at IS NULL)
                     ORDER BY closed_at IS NOT NULL, due_date IS NULL, due_date, id",
                )
                .context(|| "listing workflows".into())?;
            statement
                .query_map(params![customer, include_closed], |r| r.get(0))
                .context(|| "listing workflows".into())?
                .collect::<rusqlite::Result<Vec<_>>>()
                .context(|| "listing workflows".into())?
        };
        ids.into_iter().map(|id| load_workflow(&self.conn, id)).collect()
    }
}

fn from_word<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}

/// Reads a workflow with its steps through any connection or transaction.
fn load_workflow(conn: &rusqlite::Connection, id: i64) -> Result<Workflow> {
    let context = || format!("reading workflow {id}");
    let head = conn
        .query_row(
            "SELECT w.rule, w.action, w.customer_tenant_id, c.company_name, w.subscription_id,
                    (SELECT COALESCE(s.friendly_name, s.offer_name) FROM subscriptions s WHERE s.id = w.subscription_id),
                    w.option, w.due_date, w.created_at, w.closed_at
             FROM workflows w LEFT JOIN customers c ON c.tenant_id = w.customer_tenant_id
             WHERE w.id = ?1",
            params![id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<String>>(9)?,
                ))
            },
        )
        .optional()
        .context(context)?
        .ok_or_else(|| invalid("workflow", &id.to_string(), "does not exist in this profile"))?;
    let (
        rule,
        action,
        customer_tenant_id,
        customer_name,
        subscription_id,
        subscription_name,
        option,
        due,
        created,
        closed,
    ) = head;
    let action =
        from_word(&action).ok_or_else(|| invalid("workflow action", &action, "is not an action this version knows"))?;
    let mut statement = conn
        .prepare_cached(
            "SELECT position, key, params, message, done_at, note FROM workflow_steps
             WHERE workflow_id = ?1 ORDER BY position",
        )
        .context(context)?;
    let steps = statement
        .query_map(params![id], |r| {
            let params: String = r.get(2)?;
            Ok(WorkflowStep {
                position: r.get(0)?,
                key: r.get(1)?,
                params: serde_json::from_str(&params).unwrap_or_default(),
                message: r.get(3)?,
                done_at: r.get(4)?,
                note: r.get(5)?,
            })
        })
        .context(context)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context(context)?;
    Ok(Workflow {
        id,
        rule,
        action,
        customer_tenant_id,
        customer_name,
        subscription_id,
        subscription_name,
        option: option.as_deref().and_then(from_word),
        due_date: due.as_deref().and_then(|d| d.parse().ok()),
        created_at: created,
        closed_at: closed,
        steps,
    })
}
