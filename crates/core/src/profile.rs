//! What a profile is: one partner organisation in one cloud instance.

use serde::{Deserialize, Serialize};

use crate::cloud::{Cloud, PartnerRole};
use crate::error::InvalidInput;
use crate::ids::{parse_mpn_id, parse_tenant_id};

pub const MAX_PROFILE_NAME_CHARS: usize = 120;

/// A profile as the user describes it, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileSpec {
    pub name: String,
    pub cloud: Cloud,
    pub tenant_id: Option<String>,
    pub mpn_id: Option<String>,
    pub role: PartnerRole,
}

impl ProfileSpec {
    /// Validates raw text input from the CLI or the create dialog.
    pub fn from_input(
        name: &str,
        cloud: &str,
        tenant_id: Option<&str>,
        mpn_id: Option<&str>,
        role: Option<&str>,
    ) -> Result<ProfileSpec, InvalidInput> {
        Ok(ProfileSpec {
            name: validate_profile_name(name)?,
            cloud: Cloud::parse(cloud)?,
            tenant_id: non_empty(tenant_id).map(|t| parse_tenant_id("tenant id", t)).transpose()?,
            mpn_id: non_empty(mpn_id).map(|m| parse_mpn_id("MPN id", m)).transpose()?,
            role: non_empty(role).map(PartnerRole::parse).transpose()?.unwrap_or(PartnerRole::Direct),
        })
    }
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty())
}

/// Names are trimmed, non-empty, at most 120 characters, free of control characters.
pub fn validate_profile_name(name: &str) -> Result<String, InvalidInput> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(InvalidInput::new("name", name, "must not be empty"));
    }
    if trimmed.chars().count() > MAX_PROFILE_NAME_CHARS {
        return Err(InvalidInput::new("name", name, "must be at most 120 characters"));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(InvalidInput::new("name", name, "must not contain control characters"));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_input_is_normalised() {
        let spec = ProfileSpec::from_input(
            "  Contoso Gov ",
            "us-gov",
            Some("72F988BF-86F1-41AF-91AB-2D7CD011DB47"),
            Some("1234567"),
            Some("direct"),
        )
        .unwrap();
        assert_eq!(spec.name, "Contoso Gov");
        assert_eq!(spec.cloud, Cloud::UsGov);
        assert_eq!(spec.tenant_id.as_deref(), Some("72f988bf-86f1-41af-91ab-2d7cd011db47"));
    }

    #[test]
    fn optional_fields_may_be_blank_and_role_defaults_to_direct() {
        let spec = ProfileSpec::from_input("A", "global", Some(" "), None, None).unwrap();
        assert_eq!(spec.tenant_id, None);
        assert_eq!(spec.role, PartnerRole::Direct);
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            ("", "global", None, None, "name"),
            ("A", "moon", None, None, "cloud"),
            ("A", "global", Some("not-a-guid"), None, "tenant id"),
            ("A", "global", None, Some("MPN-1"), "MPN id"),
        ];
        for (name, cloud, tenant, mpn, field) in cases {
            let err = ProfileSpec::from_input(name, cloud, tenant, mpn, None).unwrap_err();
            assert_eq!(err.field, field);
        }
        assert_eq!(validate_profile_name(&"x".repeat(121)).unwrap_err().field, "name");
        assert!(validate_profile_name("a\u{7}b").is_err());
    }
}
