//! customer show, history, tags and note; findings.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use partner_desk_core::rules::{Finding, Verdict};
use partner_desk_store::{CustomerHistory, CustomerTags, CustomerView, Profiles};

use crate::output::{Failure, Output};
use crate::records::change;

fn verdict_lines(verdict: &Verdict, indent: &str) -> String {
    let kind =
        serde_json::to_value(verdict.verdict).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let action =
        serde_json::to_value(verdict.action).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let mut text = format!("{indent}{action:<42} {kind}");
    if let Some(date) = verdict.earliest_date {
        text += &format!(" (earliest {date})");
    }
    text += "\n";
    for reason in &verdict.reasons {
        text += &format!("{indent}    [{}] {}\n", reason.rule.id(), reason.message);
    }
    for (index, step) in verdict.steps.iter().enumerate() {
        text += &format!("{indent}    {}. {}\n", index + 1, step.message);
    }
    text
}

fn render(view: &CustomerView) -> String {
    let c = &view.bundle.customer;
    let mut text = format!(
        "{}\n  tenant {}  domain {}  country {}  relationship {}  delegated admin {}\n",
        if c.company_name.is_empty() { c.tenant_id.as_str() } else { c.company_name.as_str() },
        c.tenant_id,
        c.primary_domain.as_deref().unwrap_or("-"),
        c.country.as_deref().unwrap_or("-"),
        c.relationship,
        c.allow_delegated_access.map(|b| if b { "allowed" } else { "not allowed" }).unwrap_or("unknown"),
    );
    text += "\nPartners\n";
    if view.bundle.links.is_empty() {
        text += "  none recorded\n";
    }
    for link in &view.bundle.links {
        let partner = view.bundle.partners.iter().find(|p| p.id == link.partner_id);
        text += &format!(
            "  {:<36} {:<18} {:<14} {}\n",
            partner.map(|p| p.name.as_str()).unwrap_or(link.partner_id.as_str()),
            link.kind,
            link.scope.as_deref().unwrap_or("-"),
            link.source
        );
    }
    let mut groups: BTreeMap<(String, String), Vec<&partner_desk_core::model::Subscription>> = BTreeMap::new();
    for s in &view.bundle.subscriptions {
        groups.entry((s.channel.to_string(), s.billing_type.to_string())).or_default().push(s);
    }
    text += "\nSubscriptions\n";
    if groups.is_empty() {
        text += "  none\n";
    }
    for ((channel, billing), subs) in &groups {
        text += &format!("  {channel} · {billing}\n");
        for s in subs {
            text += &format!(
                "    {:<40} {:>5} {:<10} term end {:<10} auto-renew {:<5} reseller of record {}\n",
                s.offer_name,
                s.quantity,
                s.status,
                s.commitment_end.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                s.auto_renew.map(|b| b.to_string()).unwrap_or_else(|| "-".into()),
                s.partner_of_record.as_deref().unwrap_or("-"),
            );
        }
    }
    text += "\nWhat we may do for this customer\n";
    for verdict in &view.verdicts.customer {
        text += &verdict_lines(verdict, "  ");
    }
    for subscription in &view.verdicts.subscriptions {
        let name = view
            .bundle
            .subscriptions
            .iter()
            .find(|s| s.id == subscription.subscription_id)
            .map(|s| s.offer_name.as_str())
            .unwrap_or("");
        text += &format!("\nSubscription {} {}\n", subscription.subscription_id, name);
        for verdict in &subscription.verdicts {
            text += &verdict_lines(verdict, "  ");
        }
    }
    if !view.findings.is_empty() {
        text += "\nNeeds attention\n";
        text += &finding_lines(&view.findings);
    }
    text
}

fn finding_lines(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let severity =
                serde_json::to_value(f.severity).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            format!(
                "  {severity:<8} {:<8} {:<10} {}\n",
                f.rule.map(|r| r.id().to_string()).unwrap_or_else(|| "-".into()),
                f.due.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                f.message
            )
        })
        .collect()
}

pub fn show(out: &Output, profiles: &Profiles, profile: &str, customer: &str, today: NaiveDate) -> Result<(), Failure> {
    let view = profiles.open(profile)?.customer_view(customer, today)?;
    out.emit(&view, render)
}

pub fn findings(out: &Output, profiles: &Profiles, profile: &str, today: NaiveDate) -> Result<(), Failure> {
    let findings = profiles.open(profile)?.findings(today)?;
    out.emit(&findings, |f| {
        if f.is_empty() {
            "Nothing needs attention.".to_string()
        } else {
            format!("{}{} findings", finding_lines(f), f.len())
        }
    })
}

fn render_history(history: &CustomerHistory) -> String {
    if history.entries.is_empty() {
        return "No snapshot has recorded this customer.".to_string();
    }
    let mut text = String::new();
    for entry in &history.entries {
        text += &format!("Snapshot {} ({}, {})\n", entry.snapshot_id, entry.kind, entry.created_at);
        for c in &entry.changes {
            let values = match (&c.before, &c.after) {
                (None, None) => String::new(),
                (before, after) => {
                    format!(": {} -> {}", before.as_deref().unwrap_or("-"), after.as_deref().unwrap_or("-"))
                }
            };
            text += &format!("  {:<12} {:<40} {}{values}\n", c.entity, c.label, c.field);
        }
    }
    text
}

pub fn history(out: &Output, profiles: &Profiles, profile: &str, customer: &str) -> Result<(), Failure> {
    let history = profiles.open(profile)?.customer_history(customer)?;
    out.emit(&history, render_history)
}

fn render_tags(tags: &CustomerTags) -> String {
    if tags.tags.is_empty() {
        return "No tags.".to_string();
    }
    tags.tags.iter().map(|t| format!("{}{}\n", t.tag, if t.imported { "  (imported)" } else { "" })).collect()
}

/// Shows the tags, or makes them `replace` when given.
pub fn tags(
    out: &Output,
    profiles: &Profiles,
    profile: &str,
    customer: &str,
    replace: Option<Vec<String>>,
) -> Result<(), Failure> {
    let mut db = profiles.open(profile)?;
    let tags = match replace {
        Some(tags) => db.set_customer_tags(customer, &tags, &change())?,
        None => db.customer_tags(customer)?,
    };
    out.emit(&tags, render_tags)
}

/// Shows the note, or replaces it with `set` when given.
pub fn note(
    out: &Output,
    profiles: &Profiles,
    profile: &str,
    customer: &str,
    set: Option<String>,
) -> Result<(), Failure> {
    let mut db = profiles.open(profile)?;
    let note = match set {
        Some(text) => db.set_customer_note(customer, &text, &change())?,
        None => db.customer_note(customer)?,
    };
    out.emit(&note, |n| n.as_ref().map(|n| n.note.clone()).unwrap_or_else(|| "No note.".to_string()))
}
