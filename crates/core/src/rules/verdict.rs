//! What the engine answers: for each action, a verdict and every reason for it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::workflows::{WorkflowOffer, workflow_offer};

use super::catalogue::RuleId;
use super::messages::{Message, StepText, render};

/// The actions of domain.md's table. Serialises as its kebab-case id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    RequestResellerRelationship,
    RequestResellerRelationshipWithoutDap,
    AddPartner,
    SellOnlineServices,
    DesignateIndirectReseller,
    ManageSubscription,
    MoveLicenseSubscription,
    MigrateUsageSubscription,
    SwitchUsageSubscriptionPartner,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::RequestResellerRelationship,
        Action::RequestResellerRelationshipWithoutDap,
        Action::AddPartner,
        Action::SellOnlineServices,
        Action::DesignateIndirectReseller,
        Action::ManageSubscription,
        Action::MoveLicenseSubscription,
        Action::MigrateUsageSubscription,
        Action::SwitchUsageSubscriptionPartner,
    ];

    /// Evaluated once per customer, in this order.
    pub const CUSTOMER: &'static [Action] = &[
        Action::RequestResellerRelationship,
        Action::RequestResellerRelationshipWithoutDap,
        Action::AddPartner,
        Action::SellOnlineServices,
        Action::DesignateIndirectReseller,
    ];

    /// Evaluated once per subscription, in this order.
    pub const SUBSCRIPTION: &'static [Action] = &[
        Action::ManageSubscription,
        Action::MoveLicenseSubscription,
        Action::MigrateUsageSubscription,
        Action::SwitchUsageSubscriptionPartner,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Action::RequestResellerRelationship => "request-reseller-relationship",
            Action::RequestResellerRelationshipWithoutDap => "request-reseller-relationship-without-dap",
            Action::AddPartner => "add-partner",
            Action::SellOnlineServices => "sell-online-services",
            Action::DesignateIndirectReseller => "designate-indirect-reseller",
            Action::ManageSubscription => "manage-subscription",
            Action::MoveLicenseSubscription => "move-license-subscription",
            Action::MigrateUsageSubscription => "migrate-usage-subscription",
            Action::SwitchUsageSubscriptionPartner => "switch-usage-subscription-partner",
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.id() == text.trim())
    }

    pub fn key(self) -> String {
        format!("actions.{}", self.id())
    }

    /// English label; translated under `actions.<id>`.
    pub fn label(self) -> &'static str {
        match self {
            Action::RequestResellerRelationship => "Request a reseller relationship with delegated admin",
            Action::RequestResellerRelationshipWithoutDap => "Request a reseller relationship without delegated admin",
            Action::AddPartner => "Work with this customer alongside its other partners",
            Action::SellOnlineServices => "Sell online services to this customer",
            Action::DesignateIndirectReseller => "Designate an indirect reseller",
            Action::ManageSubscription => "Manage or support this subscription",
            Action::MoveLicenseSubscription => "Move this license-based subscription to another CSP partner",
            Action::MigrateUsageSubscription => "Bring this Azure subscription into CSP",
            Action::SwitchUsageSubscriptionPartner => "Switch this Azure subscription to or from another CSP partner",
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// `restricted` means allowed with a condition or from a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum VerdictKind {
    Allowed,
    Restricted,
    Denied,
}

impl VerdictKind {
    pub const ALL: &'static [VerdictKind] = &[VerdictKind::Allowed, VerdictKind::Restricted, VerdictKind::Denied];

    pub fn id(self) -> &'static str {
        match self {
            VerdictKind::Allowed => "allowed",
            VerdictKind::Restricted => "restricted",
            VerdictKind::Denied => "denied",
        }
    }

    pub fn key(self) -> String {
        format!("verdicts.{}", self.id())
    }

    pub fn label(self) -> &'static str {
        match self {
            VerdictKind::Allowed => "Allowed",
            VerdictKind::Restricted => "Restricted",
            VerdictKind::Denied => "Not allowed",
        }
    }
}

/// What one reason does to its verdict: the verdict is the strongest effect
/// among its reasons. A purely informational rule (MP-1, IND-1, ...) appears
/// as `allows`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    Allows,
    Restricts,
    Denies,
}

impl Effect {
    pub const ALL: &'static [Effect] = &[Effect::Allows, Effect::Restricts, Effect::Denies];

    pub fn id(self) -> &'static str {
        match self {
            Effect::Allows => "allows",
            Effect::Restricts => "restricts",
            Effect::Denies => "denies",
        }
    }

    pub fn key(self) -> String {
        format!("effects.{}", self.id())
    }

    pub fn label(self) -> &'static str {
        match self {
            Effect::Allows => "Allows",
            Effect::Restricts => "Restricts",
            Effect::Denies => "Prevents",
        }
    }

    pub fn verdict(self) -> VerdictKind {
        match self {
            Effect::Allows => VerdictKind::Allowed,
            Effect::Restricts => VerdictKind::Restricted,
            Effect::Denies => VerdictKind::Denied,
        }
    }
}

pub type Params = BTreeMap<String, String>;

pub(crate) fn params<const N: usize>(pairs: [(&str, String); N]) -> Params {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// One rule's contribution to a verdict, with its i18n key and params and the
/// English sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reason {
    pub rule: RuleId,
    pub effect: Effect,
    /// Such as `rules.MC-3.restricted`.
    pub key: String,
    pub params: Params,
    pub message: String,
}

impl Reason {
    pub(crate) fn new(message: Message, effect: Effect, params: Params) -> Reason {
        Reason { rule: message.rule, effect, key: message.key(), message: render(message.en, &params), params }
    }
}

/// One step of a checklist (MC-3 options, MC-4 and MC-5 procedures).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Step {
    /// Such as `steps.MC-4.createSubscription`.
    pub key: String,
    pub params: Params,
    pub message: String,
}

impl Step {
    pub(crate) fn new(text: StepText, params: Params) -> Step {
        Step { key: text.key(), message: render(text.en, &params), params }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verdict {
    pub action: Action,
    pub verdict: VerdictKind,
    /// Strongest effect first; within an effect, in the order the rules were applied.
    pub reasons: Vec<Reason>,
    /// MC-3: the commitment end, the first day the move is possible without cancelling.
    pub earliest_date: Option<NaiveDate>,
    pub steps: Vec<Step>,
    /// The workflow this verdict can start (MC-3, MC-4, MC-5), if any.
    #[serde(default)]
    pub workflow: Option<WorkflowOffer>,
}

impl Verdict {
    /// The verdict is the strongest effect among the reasons (`allowed` if none).
    pub(crate) fn from_reasons(
        action: Action,
        mut reasons: Vec<Reason>,
        earliest_date: Option<NaiveDate>,
        steps: Vec<Step>,
    ) -> Verdict {
        reasons.sort_by_key(|r| std::cmp::Reverse(r.effect));
        let verdict = reasons.first().map_or(VerdictKind::Allowed, |r| r.effect.verdict());
        let workflow = workflow_offer(action, verdict);
        Verdict { action, verdict, reasons, earliest_date, steps, workflow }
    }

    pub fn cites(&self, rule: RuleId) -> bool {
        self.reasons.iter().any(|r| r.rule == rule)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SubscriptionVerdicts {
    pub subscription_id: String,
    pub verdicts: Vec<Verdict>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerVerdicts {
    /// One verdict per action of `Action::CUSTOMER`, in that order.
    pub customer: Vec<Verdict>,
    /// Per subscription, one verdict per action of `Action::SUBSCRIPTION`.
    pub subscriptions: Vec<SubscriptionVerdicts>,
}

impl CustomerVerdicts {
    pub fn customer_verdict(&self, action: Action) -> Option<&Verdict> {
        self.customer.iter().find(|v| v.action == action)
    }

    pub fn subscription_verdict(&self, subscription_id: &str, action: Action) -> Option<&Verdict> {
        self.subscriptions
            .iter()
            .find(|s| s.subscription_id == subscription_id)
            .and_then(|s| s.verdicts.iter().find(|v| v.action == action))
    }
}
