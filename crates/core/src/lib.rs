//! Partner Desk's domain: the entities of a CSP partner's world, the rules that
//! say what a partner may do, and what needs attention.
//!
//! Pure Rust: no IO, no SQL, no clock. Callers pass "today" in.

pub mod cloud;
pub mod demo;
pub mod error;
pub mod ids;
pub mod model;
#[doc(hidden)]
pub mod open_enum;
pub mod profile;
pub mod records;
pub mod rules;

pub use cloud::{Cloud, PartnerRole};
pub use error::InvalidInput;
pub use profile::ProfileSpec;
