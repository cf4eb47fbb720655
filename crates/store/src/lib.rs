//! Partner Desk's local storage: one SQLite file per profile under
//! `<data dir>/profiles/`, its schema and migrations, and the queries the app
//! and the CLI share.

pub mod backup;
pub mod customer_history;
pub mod customers;
pub mod data_dir;
mod db;
pub mod demo_fill;
pub mod detail;
mod entities;
pub mod error;
pub mod export;
pub mod findings;
mod fs_private;
pub mod history;
pub mod import;
mod import_bulk;
pub mod instance;
pub mod manual;
pub mod network;
pub mod notes;
pub mod profile_db;
pub mod profiles;
pub mod requests;
pub mod schema;
mod search_text;
pub mod tags;
pub mod workflows;

pub use backup::{BackupInfo, BackupReason};
pub use customer_history::{CustomerHistory, CustomerHistoryEntry, HistoryChange};
pub use customers::{
    CustomerFilter, CustomerPage, CustomerQuery, CustomerRow, CustomerSort, DelegatedAdminState, FilterOptions, NamedId,
};
pub use demo_fill::DemoCounts;
pub use detail::{CustomerBundle, CustomerView};
pub use entities::MANUAL;
pub use error::{Result, StoreError};
pub use export::{CustomerColumn, ExportFormat, ExportSummary, ExportWhat};
pub use findings::{Touched, TouchedKeys};
pub use history::{CustomerChange, FieldChange, LinkChange, SnapshotDiff, SnapshotInfo};
pub use import::{EntityCounts, ImportPath, ImportSession, ImportSummary, SourceFile};
pub use manual::{AuditEntry, Change, KnownPartner, LinkInput, PartnerInput, SubscriptionInput};
pub use network::{NetworkPartner, PartnerNetwork};
pub use notes::CustomerNote;
pub use profile_db::ProfileDb;
pub use profiles::{DeletedProfile, ProfileList, ProfileSummary, Profiles, RestoredBackup, UnreadableProfile};
pub use requests::{RelationshipRequest, RequestDraft, SentRequest};
pub use tags::{CustomerTag, CustomerTags};
pub use workflows::{StartWorkflow, StepUpdate, Workflow, WorkflowStep};
