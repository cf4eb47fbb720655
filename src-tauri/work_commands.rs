//! Local work: workflows (MC-3 to MC-5) and reseller relationship requests.

use chrono::Utc;
use partner_desk_store::{
    Change, CustomerHistory, CustomerNote, CustomerTags, KnownPartner, LinkInput, PartnerInput, PartnerNetwork,
    RelationshipRequest, RequestDraft, SentRequest, StartWorkflow, StepUpdate, SubscriptionInput, Workflow,
};
use tauri::State;

use crate::commands::{day, on_profile};
use crate::error::AppError;
use crate::state::AppState;

/// Who the audit log names for changes made in the app.
fn change() -> Change {
    Change::by_signed_in_user(Some("app"), Utc::now())
}

#[tauri::command]
pub async fn list_workflows(
    state: State<'_, AppState>,
    profile: String,
    customer: Option<String>,
    include_closed: bool,
) -> Result<Vec<Workflow>, AppError> {
    on_profile(&state, profile, move |db| Ok(db.workflows(customer.as_deref(), include_closed)?)).await
}

#[tauri::command]
pub async fn start_workflow(
    state: State<'_, AppState>,
    profile: String,
    start: StartWorkflow,
    today: Option<String>,
) -> Result<Workflow, AppError> {
    let today = day(today)?;
    on_profile(&state, profile, move |db| Ok(db.start_workflow(&start, today, &change())?)).await
}

#[tauri::command]
pub async fn update_workflow_step(
    state: State<'_, AppState>,
    profile: String,
    update: StepUpdate,
) -> Result<Workflow, AppError> {
    on_profile(&state, profile, move |db| Ok(db.update_workflow_step(&update, &change())?)).await
}

#[tauri::command]
pub async fn request_draft(state: State<'_, AppState>, profile: String) -> Result<RequestDraft, AppError> {
    on_profile(&state, profile, move |db| Ok(db.request_draft()?)).await
}

#[tauri::command]
pub async fn record_request(
    state: State<'_, AppState>,
    profile: String,
    sent: SentRequest,
) -> Result<RelationshipRequest, AppError> {
    on_profile(&state, profile, move |db| Ok(db.record_request(&sent, &change())?)).await
}

#[tauri::command]
pub async fn mark_request_accepted(
    state: State<'_, AppState>,
    profile: String,
    id: i64,
) -> Result<RelationshipRequest, AppError> {
    on_profile(&state, profile, move |db| Ok(db.mark_request_accepted(id, &change())?)).await
}

#[tauri::command]
pub async fn list_requests(
    state: State<'_, AppState>,
    profile: String,
    customer: Option<String>,
) -> Result<Vec<RelationshipRequest>, AppError> {
    on_profile(&state, profile, move |db| Ok(db.requests(customer.as_deref())?)).await
}

#[tauri::command]
pub async fn partner_network(state: State<'_, AppState>, profile: String) -> Result<PartnerNetwork, AppError> {
    on_profile(&state, profile, move |db| Ok(db.partner_network()?)).await
}

/// A subscription bought through another channel, entered by hand (MC-4):
/// validated by the store, audited, never touched by imports.
#[tauri::command]
pub async fn add_manual_subscription(
    state: State<'_, AppState>,
    profile: String,
    input: SubscriptionInput,
) -> Result<partner_desk_core::model::Subscription, AppError> {
    on_profile(&state, profile, move |db| Ok(db.add_subscription(input, &change())?)).await
}

#[tauri::command]
pub async fn remove_manual_subscription(
    state: State<'_, AppState>,
    profile: String,
    id: String,
) -> Result<(), AppError> {
    on_profile(&state, profile, move |db| Ok(db.remove_subscription(&id, &change())?)).await
}

#[tauri::command]
pub async fn customer_note(
    state: State<'_, AppState>,
    profile: String,
    customer: String,
) -> Result<Option<CustomerNote>, AppError> {
    on_profile(&state, profile, move |db| Ok(db.customer_note(&customer)?)).await
}

#[tauri::command]
pub async fn set_customer_note(
    state: State<'_, AppState>,
    profile: String,
    customer: String,
    note: String,
) -> Result<Option<CustomerNote>, AppError> {
    on_profile(&state, profile, move |db| Ok(db.set_customer_note(&customer, &note, &change())?)).await
}

#[tauri::command]
pub async fn customer_tags(
    state: State<'_, AppState>,
    profile: String,
    customer: String,
) -> Result<CustomerTags, AppError> {
    on_profile(&state, profile, move |db| Ok(db.customer_tags(&customer)?)).await
}

/// Tags kept apart from the imported ones, so the next import keeps them.
#[tauri::command]
pub async fn set_customer_tags(
    state: State<'_, AppState>,
    profile: String,
    customer: String,
    tags: Vec<String>,
) -> Result<CustomerTags, AppError> {
    on_profile(&state, profile, move |db| Ok(db.set_customer_tags(&customer, &tags, &change())?)).await
}

#[tauri::command]
pub async fn customer_history(
    state: State<'_, AppState>,
    profile: String,
    customer: String,
) -> Result<CustomerHistory, AppError> {
    on_profile(&state, profile, move |db| Ok(db.customer_history(&customer)?)).await
}

#[tauri::command]
pub async fn list_partners(state: State<'_, AppState>, profile: String) -> Result<Vec<KnownPartner>, AppError> {
    on_profile(&state, profile, move |db| Ok(db.partners()?)).await
}

/// A partner the imports do not know (another partner of a customer), by hand.
#[tauri::command]
pub async fn add_manual_partner(
    state: State<'_, AppState>,
    profile: String,
    input: PartnerInput,
) -> Result<partner_desk_core::model::Partner, AppError> {
    on_profile(&state, profile, move |db| Ok(db.add_partner(input, &change())?)).await
}

/// A customer–partner link by hand (MP-1: the link alone, never a subscription).
#[tauri::command]
pub async fn add_manual_link(
    state: State<'_, AppState>,
    profile: String,
    link: LinkInput,
) -> Result<partner_desk_core::model::CustomerPartnerLink, AppError> {
    on_profile(&state, profile, move |db| {
        let LinkInput { customer_tenant_id, partner_id, kind, scope } = link;
        Ok(db.add_link(&customer_tenant_id, &partner_id, &kind, scope, &change())?)
    })
    .await
}

#[tauri::command]
pub async fn remove_manual_link(state: State<'_, AppState>, profile: String, link: LinkInput) -> Result<(), AppError> {
    on_profile(&state, profile, move |db| {
        let LinkInput { customer_tenant_id, partner_id, kind, scope } = link;
        Ok(db.remove_link(&customer_tenant_id, &partner_id, &kind, scope.as_deref(), &change())?)
    })
    .await
}
