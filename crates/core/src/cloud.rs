//! The national-cloud instances of Partner Center and the partner's own role.

use serde::{Deserialize, Serialize};

use crate::error::InvalidInput;

/// One Partner Center instance. A profile belongs to exactly one; data never
/// crosses between them. Closed: a profile's cloud is chosen by the user, and
/// an unknown one is an input error, not data to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Cloud {
    Global,
    UsGov,
    Germany,
    China,
}

impl Cloud {
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGov, Cloud::Germany, Cloud::China];

    pub fn id(self) -> &'static str {
        match self {
            Cloud::Global => "global",
            Cloud::UsGov => "us-gov",
            Cloud::Germany => "germany",
            Cloud::China => "china",
        }
    }

    /// The instance's name as Partner Center's own pages give it.
    pub fn instance_name(self) -> &'static str {
        match self {
            Cloud::Global => "Partner Center",
            Cloud::UsGov => "Partner Center for Microsoft Cloud for US Government",
            Cloud::Germany => "Partner Center for Microsoft Cloud Germany",
            Cloud::China => "Partner Center operated by 21Vianet",
        }
    }

    pub fn parse(text: &str) -> Result<Cloud, InvalidInput> {
        let key = crate::open_enum::spelling_key(text.trim());
        Cloud::ALL
            .into_iter()
            .find(|c| crate::open_enum::spelling_key(c.id()) == key)
            .ok_or_else(|| InvalidInput::new("cloud", text, "must be one of global, us-gov, germany, china"))
    }
}

impl std::fmt::Display for Cloud {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// What the profile's own organisation is in CSP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum PartnerRole {
    Direct,
    IndirectProvider,
    IndirectReseller,
    /// Both a direct-bill partner and an indirect provider.
    Dual,
}

impl PartnerRole {
    pub const ALL: [PartnerRole; 4] =
        [PartnerRole::Direct, PartnerRole::IndirectProvider, PartnerRole::IndirectReseller, PartnerRole::Dual];

    pub fn id(self) -> &'static str {
        match self {
            PartnerRole::Direct => "direct",
            PartnerRole::IndirectProvider => "indirect-provider",
            PartnerRole::IndirectReseller => "indirect-reseller",
            PartnerRole::Dual => "dual",
        }
    }

    pub fn parse(text: &str) -> Result<PartnerRole, InvalidInput> {
        let key = crate::open_enum::spelling_key(text.trim());
        PartnerRole::ALL.into_iter().find(|r| crate::open_enum::spelling_key(r.id()) == key).ok_or_else(|| {
            InvalidInput::new("role", text, "must be one of direct, indirect-provider, indirect-reseller, dual")
        })
    }
}

impl std::fmt::Display for PartnerRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud_ids_round_trip_through_parse_and_serde() {
        for cloud in Cloud::ALL {
            assert_eq!(Cloud::parse(cloud.id()).unwrap(), cloud);
            let json = serde_json::to_string(&cloud).unwrap();
            assert_eq!(json, format!("\"{}\"", cloud.id()));
        }
        assert_eq!(Cloud::parse("US_Gov").unwrap(), Cloud::UsGov);
    }

    #[test]
    fn unknown_cloud_and_role_are_input_errors() {
        let err = Cloud::parse("mars").unwrap_err();
        assert!(err.to_string().contains("global, us-gov, germany, china"));
        assert!(PartnerRole::parse("vendor").is_err());
        for role in PartnerRole::ALL {
            assert_eq!(PartnerRole::parse(role.id()).unwrap(), role);
        }
    }
}
