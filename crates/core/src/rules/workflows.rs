//! Workflows (MC-3, MC-4, MC-5): the plan a subscription verdict becomes when
//! the user starts it. The store keeps the steps and their state; the plan
//! decides which steps there are and when the work is due.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::catalogue::RuleId;
use super::multi_channel::mc3_move_plan;
use super::verdict::{Action, Step, Verdict, VerdictKind};

/// MC-3 gives two ways to move a license-based subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MoveOption {
    /// Wait for the end of the term (due: the earliest date).
    WaitForTermEnd,
    /// Cancel now and buy again through the new partner.
    CancelAndRebuy,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkflowPlan {
    pub rule: RuleId,
    pub action: Action,
    pub option: Option<MoveOption>,
    pub due: Option<NaiveDate>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error(
        "{0:?} has no workflow: only moving a license (MC-3), bringing Azure into CSP (MC-4) and switching Azure partners (MC-5) do"
    )]
    NoWorkflow(Action),
    #[error("the action is denied for this subscription, so there is nothing to plan")]
    Denied,
    #[error(
        "moving a license-based subscription (MC-3) needs a choice: wait for the term end, or cancel and buy again"
    )]
    OptionNeeded,
}

/// What a verdict offers to start: the rule's workflow, and for MC-3 the
/// two ways to move (a checklist has no options).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkflowOffer {
    pub rule: RuleId,
    pub options: Vec<MoveOption>,
}

/// The workflow a verdict of `action` offers; none when it is denied.
pub fn workflow_offer(action: Action, verdict: VerdictKind) -> Option<WorkflowOffer> {
    let rule = workflow_rule(action)?;
    if verdict == VerdictKind::Denied {
        return None;
    }
    let options =
        if rule == RuleId::Mc3 { vec![MoveOption::WaitForTermEnd, MoveOption::CancelAndRebuy] } else { Vec::new() };
    Some(WorkflowOffer { rule, options })
}

/// The rule whose workflow an action starts, if any.
pub fn workflow_rule(action: Action) -> Option<RuleId> {
    match action {
        Action::MoveLicenseSubscription => Some(RuleId::Mc3),
        Action::MigrateUsageSubscription => Some(RuleId::Mc4),
        Action::SwitchUsageSubscriptionPartner => Some(RuleId::Mc5),
        _ => None,
    }
}

/// The plan for a subscription's verdict. A denied verdict has none.
pub fn workflow_plan(verdict: &Verdict, option: Option<MoveOption>) -> Result<WorkflowPlan, WorkflowError> {
    let rule = workflow_rule(verdict.action).ok_or(WorkflowError::NoWorkflow(verdict.action))?;
    if verdict.verdict == VerdictKind::Denied {
        return Err(WorkflowError::Denied);
    }
    let (option, due, steps) = match rule {
        RuleId::Mc3 => mc3_move_plan(verdict, option.ok_or(WorkflowError::OptionNeeded)?),
        // MC-4 and MC-5: the checklist is the verdict's own steps.
        _ => (None, verdict.earliest_date, verdict.steps.clone()),
    };
    Ok(WorkflowPlan { rule, action: verdict.action, option, due, steps })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::messages::{STEP_MC3_AGREE, STEP_MC3_WAIT};
    use crate::rules::verdict::Params;
    use crate::rules::verdict::VerdictKind;

    fn verdict(action: Action, kind: VerdictKind, earliest: Option<NaiveDate>, steps: Vec<Step>) -> Verdict {
        Verdict {
            action,
            verdict: kind,
            reasons: Vec::new(),
            earliest_date: earliest,
            steps,
            workflow: workflow_offer(action, kind),
        }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn mc3_waiting_is_due_at_the_term_end_and_keeps_the_dated_step() {
        let wait = Step::new(STEP_MC3_WAIT, Params::from([("date".to_string(), "2027-03-01".to_string())]));
        let v = verdict(Action::MoveLicenseSubscription, VerdictKind::Restricted, Some(date("2027-03-01")), vec![wait]);
        let plan = workflow_plan(&v, Some(MoveOption::WaitForTermEnd)).unwrap();
        assert_eq!(plan.rule, RuleId::Mc3);
        assert_eq!(plan.due, Some(date("2027-03-01")));
        let keys: Vec<_> = plan.steps.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["steps.MC-3.agreeWithCustomer", "steps.MC-3.turnOffAutoRenew", "steps.MC-3.waitForTermEnd"]);
        assert!(plan.steps[2].message.contains("2027-03-01"));
    }

    #[test]
    fn mc3_cancelling_has_no_due_date_and_needs_a_choice() {
        let v = verdict(Action::MoveLicenseSubscription, VerdictKind::Restricted, Some(date("2027-03-01")), vec![]);
        assert_eq!(workflow_plan(&v, None), Err(WorkflowError::OptionNeeded));
        let plan = workflow_plan(&v, Some(MoveOption::CancelAndRebuy)).unwrap();
        assert_eq!(plan.due, None);
        assert_eq!(plan.steps.last().map(|s| s.key.as_str()), Some("steps.MC-3.cancelNow"));
    }

    #[test]
    fn checklists_copy_the_verdict_steps_and_denied_or_other_actions_have_none() {
        let steps = vec![Step::new(STEP_MC3_AGREE, Params::new())];
        let v = verdict(Action::MigrateUsageSubscription, VerdictKind::Allowed, None, steps.clone());
        assert_eq!(workflow_plan(&v, None).unwrap().steps, steps);
        let denied = verdict(Action::SwitchUsageSubscriptionPartner, VerdictKind::Denied, None, steps);
        assert_eq!(workflow_plan(&denied, None), Err(WorkflowError::Denied));
        let other = verdict(Action::AddPartner, VerdictKind::Allowed, None, vec![]);
        assert_eq!(workflow_plan(&other, None), Err(WorkflowError::NoWorkflow(Action::AddPartner)));
    }

    #[test]
    fn a_verdict_offers_its_workflow_unless_denied_and_mc3_offers_both_ways() {
        let mc3 = workflow_offer(Action::MoveLicenseSubscription, VerdictKind::Restricted).unwrap();
        assert_eq!((mc3.rule, mc3.options.len()), (RuleId::Mc3, 2));
        let mc4 = workflow_offer(Action::MigrateUsageSubscription, VerdictKind::Allowed).unwrap();
        assert_eq!((mc4.rule, mc4.options), (RuleId::Mc4, vec![]));
        assert_eq!(workflow_offer(Action::SwitchUsageSubscriptionPartner, VerdictKind::Denied), None);
        assert_eq!(workflow_offer(Action::AddPartner, VerdictKind::Allowed), None);
    }
}
