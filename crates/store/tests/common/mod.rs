//! What several store test files share: a fixed clock and an empty profile.

#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::ProfileSpec;
use partner_desk_store::{Change, ProfileDb, Profiles};

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap()
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

pub fn change() -> Change {
    Change { actor: "tester".into(), at: now() }
}

/// A fresh global profile of an indirect provider (MPN ID 1234567), in its own data dir.
pub fn indirect_provider_profile() -> (tempfile::TempDir, ProfileDb) {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path());
    let spec = ProfileSpec::from_input("P", "global", None, Some("1234567"), Some("indirect-provider")).unwrap();
    let id = profiles.create(&spec, now()).unwrap().id;
    let db = profiles.open(&id).unwrap();
    (dir, db)
}
