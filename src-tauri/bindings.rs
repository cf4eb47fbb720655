//! The TypeScript declarations of every type that crosses the IPC boundary,
//! written to `ui/src/generated/bindings.ts`. A test fails when that file is
//! stale; `make bindings` rewrites it.

use ts_rs::TS;

use crate::commands::{AppInfo, NewProfileInput};
use crate::error::AppError;

pub const BINDINGS_PATH: &str = "ui/src/generated/bindings.ts";

pub fn render() -> String {
    use partner_desk_core::model::CustomerRelationship;
    use partner_desk_core::{Cloud, PartnerRole};
    use partner_desk_store::{
        CustomerPage, CustomerQuery, CustomerRow, DeletedProfile, ProfileList, ProfileSummary, UnreadableProfile,
    };
    let mut declarations = vec![
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
