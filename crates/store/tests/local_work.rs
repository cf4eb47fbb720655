//! Local work on a profile: the customer table's filters and sorts,
//! workflows started from verdicts, and relationship requests.

use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::ProfileSpec;
use partner_desk_core::rules::workflows::MoveOption;
use partner_desk_core::rules::{Action, VerdictKind};
use partner_desk_store::{
    Change, CustomerFilter, CustomerQuery, CustomerSort, DelegatedAdminState, ProfileDb, Profiles, SentRequest,
    StartWorkflow, StepUpdate,
};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn change() -> Change {
    Change { actor: "tester".into(), at: now() }
}

fn demo(dir: &std::path::Path, cloud: &str) -> ProfileDb {
    let profiles = Profiles::new(dir);
    let spec = ProfileSpec::from_input(
        "P",
        cloud,
        Some("11111111-2222-4333-8444-555555555555"),
        Some("1234567"),
        Some("dual"),
    )
    .unwrap();
    let id = profiles.create(&spec, now()).unwrap().id;
    let mut db = profiles.open(&id).unwrap();
    db.fill_demo(200, 11, today(), now()).unwrap();
    db
}

fn all(db: &ProfileDb, filter: CustomerFilter) -> Vec<partner_desk_store::CustomerRow> {
    db.customers(&CustomerQuery { filter, limit: 1000, ..Default::default() }, today()).unwrap().items
}

#[test]
fn every_filter_narrows_to_exactly_the_customers_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "global");
    let everyone = all(&db, CustomerFilter::default());
    assert_eq!(everyone.len(), 200);
    let options = db.filter_options().unwrap();

    let relationship = options.relationships[0].clone();
    let matching = all(&db, CustomerFilter { relationship: Some(relationship.clone()), ..Default::default() });
    let expected = everyone.iter().filter(|c| c.relationship.to_string() == relationship).count();
    assert!(expected > 0);
    assert_eq!(matching.len(), expected);

    let allowed =
        all(&db, CustomerFilter { delegated_admin: Some(DelegatedAdminState::Allowed), ..Default::default() });
    assert!(!allowed.is_empty() && allowed.iter().all(|c| c.allow_delegated_access == Some(true)));
    let not = all(&db, CustomerFilter { delegated_admin: Some(DelegatedAdminState::NotAllowed), ..Default::default() });
    let unknown =
        all(&db, CustomerFilter { delegated_admin: Some(DelegatedAdminState::Unknown), ..Default::default() });
    assert_eq!(allowed.len() + not.len() + unknown.len(), 200);

    let reseller = options.resellers.first().expect("the demo has indirect resellers").id.clone();
    let sold = all(&db, CustomerFilter { reseller: Some(reseller.clone()), ..Default::default() });
    assert!(!sold.is_empty() && sold.iter().all(|c| c.reseller_id.as_deref() == Some(reseller.as_str())));

    let partner = options.partners.first().expect("partners with links").id.clone();
    let linked = all(&db, CustomerFilter { partner: Some(partner.clone()), ..Default::default() });
    assert!(!linked.is_empty() && linked.len() < 200);
    for row in linked.iter().take(5) {
        let view = db.customer_view(&row.tenant_id, today()).unwrap();
        assert!(view.bundle.links.iter().any(|l| l.partner_id == partner), "{} is linked to {partner}", row.tenant_id);
    }

    let channel = options.channels.iter().find(|c| *c != "csp").expect("another channel").clone();
    let bought = all(&db, CustomerFilter { channel: Some(channel.clone()), ..Default::default() });
    assert!(!bought.is_empty() && bought.len() < 200);

    let with = all(&db, CustomerFilter { has_findings: Some(true), ..Default::default() });
    let without = all(&db, CustomerFilter { has_findings: Some(false), ..Default::default() });
    assert_eq!(with.len() + without.len(), 200);
    let flagged: std::collections::HashSet<_> =
        db.findings(today()).unwrap().into_iter().filter_map(|f| f.subject.customer_tenant_id).collect();
    assert!(with.iter().all(|c| flagged.contains(&c.tenant_id)));
    assert!(without.iter().all(|c| !flagged.contains(&c.tenant_id)));

    // Filters combine: a search inside a reseller's customers.
    let needle = sold[0].company_name.chars().take(3).collect::<String>();
    let both = all(&db, CustomerFilter { reseller: Some(reseller), search: Some(needle), ..Default::default() });
    assert!(both.iter().any(|c| c.tenant_id == sold[0].tenant_id) && both.len() <= sold.len());
}

#[test]
fn sorts_order_pages_without_overlap_in_both_directions() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "global");
    for sort in [CustomerSort::Subscriptions, CustomerSort::Country, CustomerSort::Partners, CustomerSort::Name] {
        for descending in [false, true] {
            let page = |offset| {
                db.customers(&CustomerQuery { sort, descending, limit: 50, offset, ..Default::default() }, today())
                    .unwrap()
                    .items
            };
            let rows: Vec<_> = (0..4).flat_map(|p| page(p * 50)).collect();
            let ids: std::collections::HashSet<_> = rows.iter().map(|r| r.tenant_id.clone()).collect();
            assert_eq!(ids.len(), 200, "{sort:?} pages cover every customer once");
            if sort == CustomerSort::Subscriptions {
                let counts: Vec<_> = rows.iter().map(|r| r.subscription_count).collect();
                let ordered = counts.windows(2).all(|w| if descending { w[0] >= w[1] } else { w[0] <= w[1] });
                assert!(ordered, "{counts:?}");
            }
        }
    }
    let mut exported = Vec::new();
    let query = CustomerQuery { sort: CustomerSort::TenantId, descending: true, ..Default::default() };
    let count = db.for_each_customer_row(&query, today(), |row| {
        exported.push(row.tenant_id);
        Ok(())
    });
    assert_eq!(count.unwrap(), 200);
    assert!(exported.windows(2).all(|w| w[0] > w[1]));
}

/// A subscription whose move is restricted by MC-3 with a date.
fn restricted_move(db: &ProfileDb) -> (String, String, NaiveDate) {
    for row in all(db, CustomerFilter::default()) {
        let view = db.customer_view(&row.tenant_id, today()).unwrap();
        for subscription in &view.verdicts.subscriptions {
            let verdict = subscription.verdicts.iter().find(|v| v.action == Action::MoveLicenseSubscription).unwrap();
            if let (VerdictKind::Restricted, Some(date)) = (verdict.verdict, verdict.earliest_date) {
                return (row.tenant_id, subscription.subscription_id.clone(), date);
            }
        }
    }
    panic!("the demo has a license term to wait for")
}

#[test]
fn an_mc3_workflow_is_due_at_the_term_end_and_closes_when_every_step_is_ticked() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = demo(dir.path(), "global");
    let (customer, subscription, date) = restricted_move(&db);
    let start = StartWorkflow {
        customer: customer.clone(),
        subscription_id: subscription.clone(),
        action: Action::MoveLicenseSubscription,
        option: None,
    };
    assert_eq!(
        db.start_workflow(&start, today(), &change()).unwrap_err().code(),
        "invalid_input",
        "MC-3 needs a choice"
    );
    let start = StartWorkflow { option: Some(MoveOption::WaitForTermEnd), ..start };
    let workflow = db.start_workflow(&start, today(), &change()).unwrap();
    assert_eq!((workflow.rule.as_str(), workflow.due_date), ("MC-3", Some(date)));
    assert_eq!(workflow.steps.len(), 3);
    assert!(workflow.customer_name.is_some() && workflow.subscription_name.is_some());

    let mut last = workflow.clone();
    for step in &workflow.steps {
        assert!(last.closed_at.is_none());
        let update =
            StepUpdate { workflow_id: workflow.id, position: step.position, done: true, note: Some(" done ".into()) };
        last = db.update_workflow_step(&update, &change()).unwrap();
    }
    assert!(last.closed_at.is_some() && last.steps.iter().all(|s| s.note.as_deref() == Some("done")));
    assert!(db.workflows(None, false).unwrap().is_empty(), "closed workflows are not open");
    let reopened = db
        .update_workflow_step(&StepUpdate { workflow_id: workflow.id, position: 0, done: false, note: None }, &change())
        .unwrap();
    assert!(reopened.closed_at.is_none() && reopened.steps[0].done_at.is_none());
    assert_eq!(db.workflows(Some(&customer), false).unwrap().len(), 1);

    let audit = db.audit_log(100).unwrap();
    assert_eq!(audit.iter().filter(|e| e.entity == "workflow").count(), 1 + 3 + 1, "start, three ticks, one untick");
    let bad = StepUpdate { workflow_id: workflow.id, position: 99, done: true, note: None };
    assert!(db.update_workflow_step(&bad, &change()).is_err());
}

#[test]
fn without_delegated_admin_is_refused_in_us_gov_citing_nc_3_and_requests_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut gov = demo(&dir.path().join("gov"), "us-gov");
    let draft = gov.request_draft().unwrap();
    assert!(
        draft.with_dap_link.as_deref().is_some_and(|l| l.contains("portal.office365.us") && l.contains("DAP=true"))
    );
    assert_eq!(draft.without_dap_link, None);
    assert_eq!(draft.without_dap_unavailable.as_ref().map(|r| r.rule.id()), Some("NC-3"));
    let refused =
        gov.record_request(&SentRequest { customer: None, with_delegated_admin: false, language: None }, &change());
    assert!(refused.unwrap_err().to_string().contains("NC-3"));

    let mut global = demo(&dir.path().join("global"), "global");
    let draft = global.request_draft().unwrap();
    assert!(draft.without_dap_link.as_deref().is_some_and(|l| l.contains("DAP=false")));
    assert!(draft.without_dap_unavailable.is_none());
    let customer = all(&global, CustomerFilter::default())[0].tenant_id.clone();
    let sent = global
        .record_request(
            &SentRequest { customer: Some(customer.clone()), with_delegated_admin: false, language: Some("ja".into()) },
            &change(),
        )
        .unwrap();
    assert_eq!(Some(sent.url.as_str()), draft.without_dap_link.as_deref());
    assert!(sent.sent_at.is_some() && sent.accepted_at.is_none() && sent.customer_name.is_some());
    let accepted = global.mark_request_accepted(sent.id, &change()).unwrap();
    assert!(accepted.accepted_at.is_some());
    assert_eq!(global.requests(Some(&customer)).unwrap(), vec![accepted]);
    let audit = global.audit_log(10).unwrap();
    assert_eq!(audit.iter().filter(|e| e.entity == "relationship_request").count(), 2);
}
