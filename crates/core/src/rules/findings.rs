//! What needs attention, per customer and per GDAP relationship, for a `today`
//! the caller passes in.
//!
//! Each GDAP relationship is reported exactly once: the store passes the
//! relationships it can tie to a customer in that customer's
//! [`CustomerFacts::gdap`] (and [`customer_findings`] reports them), and
//! hands every other one to [`gdap_findings`]. Both run the same checks.

use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use super::capabilities::{gdap_data_finding, two_tier_data_finding};
use super::catalogue::RuleId;
use super::gdap::{
    EXPIRED_SHOWN_DAYS, WARNING_DAYS, effective_end, gdap1_duration, gdap2_auto_extend, gdap3_pending, gdap4_expiry,
    pending_expiry,
};
use super::messages::{FindingKind, render_plural};
use super::multi_partner::dap1_no_delegated_admin;
use super::resale::{csp1_finding, ind4_reseller_of_record};
use super::verdict::{Params, params};
use super::{CustomerFacts, ProfileContext, is_ended, subscription_name};
use crate::model::{BillingType, GdapRelationship, Subscription};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub const ALL: &'static [Severity] = &[Severity::Info, Severity::Warning, Severity::Critical];

    pub fn id(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    pub fn key(self) -> String {
        format!("severity.{}", self.id())
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "Information",
            Severity::Warning => "Warning",
            Severity::Critical => "Critical",
        }
    }
}

/// What a finding is about; the most specific id set is the subject.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Subject {
    pub customer_tenant_id: Option<String>,
    pub subscription_id: Option<String>,
    pub gdap_id: Option<String>,
}

impl Subject {
    pub fn customer(tenant_id: &str) -> Subject {
        Subject { customer_tenant_id: Some(tenant_id.to_string()), ..Subject::default() }
    }

    pub fn subscription(tenant_id: &str, subscription_id: &str) -> Subject {
        Subject { subscription_id: Some(subscription_id.to_string()), ..Subject::customer(tenant_id) }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    pub subject: Subject,
    pub rule: Option<RuleId>,
    /// The date it is about: an end, an expiry.
    pub due: Option<NaiveDate>,
    /// `findings.<kind>`; a plural family when params has `count`.
    pub key: String,
    pub params: Params,
    pub message: String,
}

impl Finding {
    /// A finding of `kind`: its rule, key and message follow from the kind
    /// and `params`. Also how a kept finding is read back (the store keeps
    /// the kind, severity, subject, date and params, not the sentence).
    pub fn new(
        kind: FindingKind,
        severity: Severity,
        subject: Subject,
        due: Option<NaiveDate>,
        params: Params,
    ) -> Finding {
        Finding {
            kind,
            severity,
            subject,
            rule: kind.rule(),
            due,
            key: kind.key(),
            message: render_plural(kind.text(), &params),
            params,
        }
    }
}

/// Findings for one GDAP relationship not tied to a known customer.
pub fn gdap_findings(profile: &ProfileContext, gdap: &GdapRelationship, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    push_gdap(&mut out, profile, gdap, today);
    sort(&mut out);
    out
}

fn push_gdap(out: &mut Vec<Finding>, profile: &ProfileContext, gdap: &GdapRelationship, today: NaiveDate) {
    if let Some(kind) = gdap_data_finding(profile.cloud) {
        // The other checks assume GDAP exists in this cloud.
        out.push(Finding::new(
            kind,
            Severity::Warning,
            Subject {
                gdap_id: Some(gdap.id.clone()),
                customer_tenant_id: gdap.customer_tenant_id.clone(),
                ..Subject::default()
            },
            None,
            params([("name", gdap.display_name.clone())]),
        ));
        return;
    }
    if !gdap.status.is_known() {
        out.push(unrecognised(
            Subject {
                gdap_id: Some(gdap.id.clone()),
                customer_tenant_id: gdap.customer_tenant_id.clone(),
                ..Subject::default()
            },
            "status",
            gdap.status.as_str(),
        ));
    }
    out.extend(gdap1_duration(gdap));
    out.extend(gdap2_auto_extend(gdap));
    out.extend(gdap3_pending(gdap, today));
    out.extend(gdap4_expiry(gdap, today));
}

/// Findings for one customer, its subscriptions and the GDAP relationships in
/// `facts.gdap` (reported with this customer as subject).
pub fn customer_findings(profile: &ProfileContext, facts: &CustomerFacts<'_>, today: NaiveDate) -> Vec<Finding> {
    let customer = facts.customer;
    let tenant = customer.tenant_id.as_str();
    let mut out = Vec::new();

    if !customer.relationship.is_known() {
        out.push(unrecognised(Subject::customer(tenant), "relationship", customer.relationship.as_str()));
    }
    for link in facts.links.iter().filter(|l| !l.kind.is_known()) {
        out.push(unrecognised(Subject::customer(tenant), "kind", link.kind.as_str()));
    }
    out.extend(csp1_finding(facts));
    out.extend(dap1_no_delegated_admin(profile, facts, today));
    if let Some(kind) = two_tier_data_finding(profile.cloud, facts.has_two_tier_data()) {
        out.push(Finding::new(kind, Severity::Warning, Subject::customer(tenant), None, Params::new()));
    }

    for subscription in facts.subscriptions {
        let subject = || Subject::subscription(tenant, &subscription.id);
        if !subscription.status.is_known() {
            out.push(unrecognised(subject(), "status", subscription.status.as_str()));
        }
        if !subscription.billing_type.is_known() {
            out.push(unrecognised(subject(), "billingType", subscription.billing_type.as_str()));
        }
        if !subscription.channel.is_known() {
            out.push(unrecognised(subject(), "channel", subscription.channel.as_str()));
        }
        out.extend(ind4_reseller_of_record(profile, facts, subscription, today));
        out.extend(term_ending(tenant, subscription, today));
    }

    for gdap in facts.gdap {
        let start = out.len();
        push_gdap(&mut out, profile, gdap, today);
        for finding in &mut out[start..] {
            finding.subject.customer_tenant_id.get_or_insert_with(|| tenant.to_string());
        }
    }
    sort(&mut out);
    out
}

/// Findings as of a day, and how long they stay the same: a store can keep
/// them and compute them again only once `valid_until` has come.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedFindings {
    pub findings: Vec<Finding>,
    /// The first day after `today` on which the findings may differ; `None`
    /// when no date in the facts can change them. The findings hold for every
    /// day from `today` up to the day before.
    pub valid_until: Option<NaiveDate>,
}

/// [`customer_findings`], with the first day they may change.
pub fn customer_findings_dated(profile: &ProfileContext, facts: &CustomerFacts<'_>, today: NaiveDate) -> DatedFindings {
    let findings = customer_findings(profile, facts, today);
    let mut days = Vec::new();
    // DAP-1 and IND-4 look at the links in force: a link ends the day after its end date.
    days.extend(facts.links.iter().filter_map(|l| shift(l.end_date?, 1)));
    for subscription in facts.subscriptions {
        term_ending_days(subscription, &mut days);
    }
    for gdap in facts.gdap {
        gdap_days(gdap, &mut days);
    }
    dated(findings, today, days)
}

/// [`gdap_findings`], with the first day they may change.
pub fn gdap_findings_dated(profile: &ProfileContext, gdap: &GdapRelationship, today: NaiveDate) -> DatedFindings {
    let findings = gdap_findings(profile, gdap, today);
    let mut days = Vec::new();
    gdap_days(gdap, &mut days);
    dated(findings, today, days)
}

/// A finding that counts the days left (`count` beside a due date) reads
/// differently every day; otherwise the findings hold until the first day
/// on which one of the rules' date thresholds is crossed.
fn dated(findings: Vec<Finding>, today: NaiveDate, days: Vec<NaiveDate>) -> DatedFindings {
    let counts_days = findings.iter().any(|f| f.due.is_some() && f.params.contains_key("count"));
    let next = days.into_iter().filter(|d| *d > today).min();
    let valid_until = if counts_days { shift(today, 1).or(next) } else { next };
    DatedFindings { findings, valid_until }
}

fn shift(day: NaiveDate, days: i64) -> Option<NaiveDate> {
    day.checked_add_signed(TimeDelta::try_days(days)?)
}

/// The days on which [`term_ending`] starts a tier or stops.
fn term_ending_days(subscription: &Subscription, days: &mut Vec<NaiveDate>) {
    if let Some(end) = subscription.commitment_end {
        days.extend(TERM_TIERS.iter().filter_map(|tier| shift(end, -*tier)));
        days.extend(shift(end, 1));
    }
}

/// The days on which a GDAP relationship's findings may change: it stops
/// being in force (DAP-1), a request expires (GDAP-3), a warning tier starts,
/// it ends, and it stops being shown as ended (GDAP-4).
fn gdap_days(gdap: &GdapRelationship, days: &mut Vec<NaiveDate>) {
    if let Some(end) = gdap.end_at {
        days.extend(shift(end.date_naive(), 1));
    }
    if let Some(expiry) = gdap.created_at.and_then(pending_expiry) {
        days.extend(shift(expiry, 1));
    }
    if let Some(end) = effective_end(gdap) {
        let end = end.date_naive();
        days.extend(WARNING_DAYS.iter().filter_map(|tier| shift(end, -*tier)));
        days.extend(shift(end, 0));
        days.extend(shift(end, 1));
        days.extend(shift(end, EXPIRED_SHOWN_DAYS + 1));
    }
}

/// Most severe first, then the earliest due date (undated last); stable otherwise.
fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.due.is_none(), f.due));
}

fn unrecognised(subject: Subject, field: &str, value: &str) -> Finding {
    Finding::new(
        FindingKind::UnrecognisedValue,
        Severity::Info,
        subject,
        None,
        params([("field", field.to_string()), ("value", value.to_string())]),
    )
}

/// Tiers for a license term that ends without renewing.
const TERM_TIERS: [i64; 3] = [30, 60, 90];

/// A live license-based subscription whose term ends within 90 days with
/// auto-renew off. Not a rule of domain.md, so it cites none.
fn term_ending(tenant: &str, subscription: &Subscription, today: NaiveDate) -> Option<Finding> {
    if subscription.billing_type != BillingType::License
        || is_ended(&subscription.status)
        || subscription.auto_renew != Some(false)
    {
        return None;
    }
    let end = subscription.commitment_end?;
    let days = (end - today).num_days();
    let tier = TERM_TIERS.iter().copied().find(|t| (0..=*t).contains(&days))?;
    let severity = if tier == 30 { Severity::Warning } else { Severity::Info };
    let name = subscription_name(subscription);
    let mut p = params([("subscription", name), ("date", end.to_string()), ("count", days.to_string())]);
    p.insert("tier".into(), tier.to_string());
    Some(Finding::new(FindingKind::TermEnding, severity, Subject::subscription(tenant, &subscription.id), Some(end), p))
}
