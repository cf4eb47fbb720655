//! The TypeScript declarations of every type that crosses the IPC boundary,
//! written to `ui/src/generated/bindings.ts`. A test fails when that file is
//! stale; `make bindings` rewrites it.

use ts_rs::TS;

use crate::commands::{AppInfo, NewProfileInput};
use crate::error::AppError;

pub const BINDINGS_PATH: &str = "ui/src/generated/bindings.ts";

pub fn render() -> String {
    use crate::data_commands::{CheckedFile, FileProblem, ImportProgress, PickedFile, ViewExport};
    use crate::dialogs::PickKind;
    use partner_desk_core::model::CustomerRelationship;
    use partner_desk_core::model::{
        BillingType, Channel, Customer, CustomerPartnerLink, GdapRelationship, GdapStatus, LinkKind, Partner,
        Subscription, SubscriptionStatus,
    };
    use partner_desk_core::rules::workflows::{MoveOption, WorkflowOffer};
    use partner_desk_core::rules::{
        Action, CustomerVerdicts, Effect, Finding, FindingKind, Reason, RuleId, Severity, Step, Subject,
        SubscriptionVerdicts, Verdict, VerdictKind,
    };
    use partner_desk_core::{Cloud, PartnerRole};
    use partner_desk_store::{
        BackupInfo, BackupReason, CustomerBundle, CustomerChange, CustomerColumn, CustomerFilter, CustomerNote,
        CustomerSort, CustomerView, DelegatedAdminState, EntityCounts, ExportFormat, ExportSummary, FieldChange,
        FilterOptions, ImportSummary, LinkChange, NamedId, NetworkPartner, PartnerNetwork, RelationshipRequest,
        RequestDraft, RestoredBackup, SentRequest, SnapshotDiff, SnapshotInfo, SourceFile, StartWorkflow, StepUpdate,
        SubscriptionInput, Workflow, WorkflowStep,
    };
    use partner_desk_store::{
        CustomerHistory, CustomerHistoryEntry, CustomerTag, CustomerTags, HistoryChange, KnownPartner, LinkInput,
        PartnerInput,
    };
    use partner_desk_store::{
        CustomerPage, CustomerQuery, CustomerRow, DeletedProfile, ProfileList, ProfileSummary, UnreadableProfile,
    };
    let mut declarations = vec![
        Action::decl(),
        BillingType::decl(),
        Channel::decl(),
        Customer::decl(),
        CustomerBundle::decl(),
        CustomerPartnerLink::decl(),
        CustomerVerdicts::decl(),
        CustomerView::decl(),
        Effect::decl(),
        Finding::decl(),
        FindingKind::decl(),
        GdapRelationship::decl(),
        GdapStatus::decl(),
        LinkKind::decl(),
        Partner::decl(),
        Reason::decl(),
        RuleId::decl(),
        Severity::decl(),
        Step::decl(),
        Subject::decl(),
        Subscription::decl(),
        SubscriptionStatus::decl(),
        SubscriptionVerdicts::decl(),
        Verdict::decl(),
        VerdictKind::decl(),
        AppError::decl(),
        AppInfo::decl(),
        Cloud::decl(),
        CustomerPage::decl(),
        CustomerRelationship::decl(),
        CustomerQuery::decl(),
        CustomerRow::decl(),
        DeletedProfile::decl(),
        NewProfileInput::decl(),
        PartnerRole::decl(),
        ProfileList::decl(),
        ProfileSummary::decl(),
        UnreadableProfile::decl(),
        CheckedFile::decl(),
        FileProblem::decl(),
        ImportProgress::decl(),
        PickedFile::decl(),
        ViewExport::decl(),
        PickKind::decl(),
        MoveOption::decl(),
        WorkflowOffer::decl(),
        CustomerColumn::decl(),
        CustomerFilter::decl(),
        CustomerSort::decl(),
        DelegatedAdminState::decl(),
        EntityCounts::decl(),
        ExportFormat::decl(),
        ExportSummary::decl(),
        FilterOptions::decl(),
        FieldChange::decl(),
        CustomerChange::decl(),
        LinkChange::decl(),
        ImportSummary::decl(),
        NamedId::decl(),
        RelationshipRequest::decl(),
        RequestDraft::decl(),
        SentRequest::decl(),
        SnapshotDiff::decl(),
        SnapshotInfo::decl(),
        SourceFile::decl(),
        StartWorkflow::decl(),
        StepUpdate::decl(),
        Workflow::decl(),
        WorkflowStep::decl(),
        SubscriptionInput::decl(),
        CustomerNote::decl(),
        BackupInfo::decl(),
        BackupReason::decl(),
        RestoredBackup::decl(),
        NetworkPartner::decl(),
        PartnerNetwork::decl(),
        CustomerHistory::decl(),
        CustomerHistoryEntry::decl(),
        CustomerTag::decl(),
        CustomerTags::decl(),
        HistoryChange::decl(),
        KnownPartner::decl(),
        LinkInput::decl(),
        PartnerInput::decl(),
    ];
    declarations.sort();
    let mut out = String::from("// This file is generated from the Rust types by `make bindings`. Do not edit.\n");
    for declaration in declarations {
        out.push_str("export ");
        out.push_str(&declaration);
        out.push('\n');
    }
    out
}
