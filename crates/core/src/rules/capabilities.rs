//! What each Partner Center instance offers, as data (NC-1 to NC-4).
//!
//! The national-cloud rules are differences between instances rather than
//! logic, so they are one table: a feature per cloud, how available it is, the
//! rule that says so and the pages behind it. Where the pages contradict each
//! other (NC-2: seed 002 says multi-partner and multi-channel exist in the
//! national clouds; the US Government page lists relationship requests to
//! existing customers as unavailable), the cell is `restricted` and cites both.

use serde::{Deserialize, Serialize};

use super::catalogue::{
    GERMANY, MULTIPARTNER_CURRENT, REQUEST_RELATIONSHIP, RuleId, Source, US_GOVERNMENT, WORK_WITH_OTHER_PARTNERS,
};
use super::messages::{
    FindingKind, Message, NC1_ALLOWED, NC1_DENIED, NC2_ALLOWED, NC2_RESTRICTED, NC3_ALLOWED, NC3_DENIED, NC4_ALLOWED,
    NC4_DENIED,
};
use super::verdict::{Effect, Params, Reason};
use crate::cloud::Cloud;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Feature {
    /// The indirect provider / indirect reseller model.
    TwoTier,
    /// A reseller relationship request that does not ask for delegated admin.
    RelationshipWithoutDap,
    Gdap,
    /// Sending a reseller relationship request to a customer that already exists.
    RelationshipRequestExistingCustomer,
    /// A customer working with more than one partner at once.
    MultiPartner,
    /// Managing subscriptions the customer bought elsewhere.
    MultiChannel,
}

impl Feature {
    pub const ALL: &'static [Feature] = &[
        Feature::TwoTier,
        Feature::RelationshipWithoutDap,
        Feature::Gdap,
        Feature::RelationshipRequestExistingCustomer,
        Feature::MultiPartner,
        Feature::MultiChannel,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Feature::TwoTier => "two-tier",
            Feature::RelationshipWithoutDap => "relationship-without-dap",
            Feature::Gdap => "gdap",
            Feature::RelationshipRequestExistingCustomer => "relationship-request-existing-customer",
            Feature::MultiPartner => "multi-partner",
            Feature::MultiChannel => "multi-channel",
        }
    }

    pub fn key(self) -> String {
        format!("capabilities.features.{}", self.id())
    }

    pub fn label(self) -> &'static str {
        match self {
            Feature::TwoTier => "Indirect provider / indirect reseller model",
            Feature::RelationshipWithoutDap => "Reseller relationship without delegated admin",
            Feature::Gdap => "Granular delegated admin privileges (GDAP)",
            Feature::RelationshipRequestExistingCustomer => "Relationship requests to existing customers",
            Feature::MultiPartner => "Multi-partner support",
            Feature::MultiChannel => "Multi-channel support",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Availability {
    Available,
    /// Offered with a limit, or the sources disagree (NC-2).
    Restricted,
    Unavailable,
}

impl Availability {
    pub const ALL: &'static [Availability] =
        &[Availability::Available, Availability::Restricted, Availability::Unavailable];

    pub fn id(self) -> &'static str {
        match self {
            Availability::Available => "available",
            Availability::Restricted => "restricted",
            Availability::Unavailable => "unavailable",
        }
    }

    pub fn key(self) -> String {
        format!("capabilities.availability.{}", self.id())
    }

    pub fn label(self) -> &'static str {
        match self {
            Availability::Available => "Available",
            Availability::Restricted => "Restricted",
            Availability::Unavailable => "Not available",
        }
    }

    fn effect(self) -> Effect {
        match self {
            Availability::Available => Effect::Allows,
            Availability::Restricted => Effect::Restricts,
            Availability::Unavailable => Effect::Denies,
        }
    }
}

/// One cell of the table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Capability {
    pub cloud: Cloud,
    pub feature: Feature,
    pub availability: Availability,
    pub rule: RuleId,
    /// The pages behind the cell; both sides of a conflict for NC-2.
    pub sources: &'static [Source],
    /// Reached through [`Capability::reason`], which renders it.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    message: Message,
}

impl Capability {
    /// The reason this cell gives a verdict that depends on the feature.
    pub fn reason(&self) -> Reason {
        let mut params = Params::new();
        if self.availability == Availability::Restricted
            && let [supported, limited, ..] = self.sources
        {
            params.insert("supportedBy".into(), supported.title.into());
            params.insert("supportedByUrl".into(), supported.url.into());
            params.insert("limitedBy".into(), limited.title.into());
            params.insert("limitedByUrl".into(), limited.url.into());
        }
        Reason::new(self.message, self.availability.effect(), params)
    }
}

const fn cell(
    cloud: Cloud,
    feature: Feature,
    availability: Availability,
    message: Message,
    sources: &'static [Source],
) -> Capability {
    Capability { cloud, feature, availability, rule: message.rule, sources, message }
}

use Availability::{Available, Restricted, Unavailable};
use Cloud::{China, Germany, Global, UsGov};
use Feature::{Gdap, MultiChannel, MultiPartner, RelationshipRequestExistingCustomer, RelationshipWithoutDap, TwoTier};

const NC2_CONFLICT: &[Source] = &[WORK_WITH_OTHER_PARTNERS, US_GOVERNMENT];

/// Every cloud × feature. domain.md names only the differences, so a cell not
/// named there is `available`: Germany keeps GDAP, 21Vianet keeps everything
/// but the two-tier model.
pub const CAPABILITIES: &[Capability] = &[
    // NC-1: seed 002 (two-tier) applies to Partner Center only.
    cell(Global, TwoTier, Available, NC1_ALLOWED, &[WORK_WITH_OTHER_PARTNERS]),
    cell(UsGov, TwoTier, Unavailable, NC1_DENIED, &[WORK_WITH_OTHER_PARTNERS, US_GOVERNMENT]),
    cell(Germany, TwoTier, Unavailable, NC1_DENIED, &[WORK_WITH_OTHER_PARTNERS]),
    cell(China, TwoTier, Unavailable, NC1_DENIED, &[WORK_WITH_OTHER_PARTNERS]),
    // NC-3
    cell(Global, RelationshipWithoutDap, Available, NC3_ALLOWED, &[REQUEST_RELATIONSHIP]),
    cell(UsGov, RelationshipWithoutDap, Unavailable, NC3_DENIED, &[REQUEST_RELATIONSHIP, US_GOVERNMENT]),
    cell(Germany, RelationshipWithoutDap, Unavailable, NC3_DENIED, &[REQUEST_RELATIONSHIP, GERMANY]),
    cell(China, RelationshipWithoutDap, Available, NC3_ALLOWED, &[REQUEST_RELATIONSHIP]),
    // NC-4
    cell(Global, Gdap, Available, NC4_ALLOWED, &[MULTIPARTNER_CURRENT]),
    cell(UsGov, Gdap, Unavailable, NC4_DENIED, &[MULTIPARTNER_CURRENT]),
    cell(Germany, Gdap, Available, NC4_ALLOWED, &[MULTIPARTNER_CURRENT]),
    cell(China, Gdap, Available, NC4_ALLOWED, &[MULTIPARTNER_CURRENT]),
    // NC-2, three features the US Government page limits.
    cell(Global, RelationshipRequestExistingCustomer, Available, NC2_ALLOWED, &[WORK_WITH_OTHER_PARTNERS]),
    cell(UsGov, RelationshipRequestExistingCustomer, Restricted, NC2_RESTRICTED, NC2_CONFLICT),
    cell(Germany, RelationshipRequestExistingCustomer, Available, NC2_ALLOWED, &[WORK_WITH_OTHER_PARTNERS]),
    cell(China, RelationshipRequestExistingCustomer, Available, NC2_ALLOWED, &[WORK_WITH_OTHER_PARTNERS]),
    cell(Global, MultiPartner, Available, NC2_ALLOWED, &[WORK_WITH_OTHER_PARTNERS]),
    cell(UsGov, MultiPartner, Restricted, NC2_RESTRICTED, NC2_CONFLICT),
    cell(Germany, MultiPartner, Available, NC2_ALLOWED, &[WORK_WITH_OTHER_PARTNERS]),
    cell(China, MultiPartner, Available, NC2_ALLOWED, &[WORK_WITH_OTHER_PARTNERS]),
    cell(Global, MultiChannel, Available, NC2_ALLOWED, &[WORK_WITH_OTHER_PARTNERS]),
    cell(UsGov, MultiChannel, Restricted, NC2_RESTRICTED, NC2_CONFLICT),
    cell(Germany, MultiChannel, Available, NC2_ALLOWED, &[WORK_WITH_OTHER_PARTNERS]),
    cell(China, MultiChannel, Available, NC2_ALLOWED, &[WORK_WITH_OTHER_PARTNERS]),
];

/// The cell for a cloud and feature. The table is complete (a test checks
/// it); a missing cell would read as unavailable, never as available.
pub fn capability(cloud: Cloud, feature: Feature) -> Capability {
    CAPABILITIES.iter().find(|c| c.cloud == cloud && c.feature == feature).copied().unwrap_or(Capability {
        cloud,
        feature,
        availability: Unavailable,
        rule: NC1_DENIED.rule,
        sources: &[],
        message: NC1_DENIED,
    })
}

pub fn availability(cloud: Cloud, feature: Feature) -> Availability {
    capability(cloud, feature).availability
}

/// NC-1 in the data: a customer with two-tier links or an indirect reseller in
/// a national-cloud profile.
pub(crate) fn two_tier_data_finding(cloud: Cloud, has_two_tier_data: bool) -> Option<FindingKind> {
    (has_two_tier_data && availability(cloud, TwoTier) != Available).then_some(FindingKind::TwoTierInNationalCloud)
}

/// NC-4 in the data: a GDAP relationship in a cloud without GDAP.
pub(crate) fn gdap_data_finding(cloud: Cloud) -> Option<FindingKind> {
    (availability(cloud, Gdap) != Available).then_some(FindingKind::GdapInUsGov)
}
