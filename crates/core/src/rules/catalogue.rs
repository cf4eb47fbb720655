//! The rule catalogue: every rule id of `shared/domain.md`, its title, the
//! pages it comes from, and the message keys the UI translates.
//!
//! The ids are stable: the app cites them in every explanation and users quote
//! them back, so a rule keeps its id even when its wording changes.

use serde::{Deserialize, Serialize};

use super::messages::{FindingKind, MESSAGES, Message, STEPS, StepText};

/// A rule of `shared/domain.md`. Serialises as its id (`"MC-3"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RuleId {
    #[serde(rename = "MP-1")]
    Mp1,
    #[serde(rename = "MP-2")]
    Mp2,
    #[serde(rename = "MP-3")]
    Mp3,
    #[serde(rename = "MC-1")]
    Mc1,
    #[serde(rename = "MC-2")]
    Mc2,
    #[serde(rename = "MC-3")]
    Mc3,
    #[serde(rename = "MC-4")]
    Mc4,
    #[serde(rename = "MC-5")]
    Mc5,
    #[serde(rename = "CSP-1")]
    Csp1,
    #[serde(rename = "IND-1")]
    Ind1,
    #[serde(rename = "IND-2")]
    Ind2,
    #[serde(rename = "IND-3")]
    Ind3,
    #[serde(rename = "IND-4")]
    Ind4,
    #[serde(rename = "IND-5")]
    Ind5,
    #[serde(rename = "NC-1")]
    Nc1,
    #[serde(rename = "NC-2")]
    Nc2,
    #[serde(rename = "NC-3")]
    Nc3,
    #[serde(rename = "NC-4")]
    Nc4,
    #[serde(rename = "DAP-1")]
    Dap1,
    #[serde(rename = "GDAP-1")]
    Gdap1,
    #[serde(rename = "GDAP-2")]
    Gdap2,
    #[serde(rename = "GDAP-3")]
    Gdap3,
    #[serde(rename = "GDAP-4")]
    Gdap4,
}

impl RuleId {
    /// The id as domain.md and the UI write it, such as `MC-3`.
    pub fn id(self) -> &'static str {
        rule(self).id_text
    }

    /// Accepts the id as written (`MC-3`), case-insensitively.
    pub fn parse(text: &str) -> Option<RuleId> {
        RULES.iter().find(|r| r.id_text.eq_ignore_ascii_case(text.trim())).map(|r| r.id)
    }

    /// i18n key of the rule's short title, such as `rules.MC-3.title`.
    pub fn title_key(self) -> String {
        format!("rules.{}.title", self.id())
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A page a rule comes from. `seed` names the file in `shared/seeds/` when the
/// page is one of them (with the language of the stored copy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Source {
    pub id: &'static str,
    pub title: &'static str,
    pub url: &'static str,
    pub seed: Option<&'static str>,
}

// The URLs are the Partner Center docs' addresses for the page slugs the seeds
// link to (docs.microsoft.com redirects them to learn.microsoft.com); the slug
// in `id` is what stays stable when Microsoft reorganises the site.
pub const MULTIPARTNER: Source = Source {
    id: "multipartner",
    title: "Multi-partner support",
    url: "https://docs.microsoft.com/partner-center/multipartner",
    seed: Some("000 (ja), 003 (zh-TW), 004 (ru)"),
};
pub const MULTICHANNEL: Source = Source {
    id: "multichannel",
    title: "Multi-channel support",
    url: "https://docs.microsoft.com/partner-center/multichannel",
    seed: Some("001 (ja)"),
};
pub const WORK_WITH_OTHER_PARTNERS: Source = Source {
    id: "work-with-other-partners",
    title: "Work with other partners",
    url: "https://docs.microsoft.com/partner-center/work-with-other-partners",
    seed: Some("002 (ja)"),
};
/// Today's multi-partner page: narrows CSP-1 to the CSP transaction tenant and
/// says GDAP is not available in US Government (NC-4).
pub const MULTIPARTNER_CURRENT: Source = Source {
    id: "customers/multipartner",
    title: "Multi-partner support for customers who want to work with more than one partner",
    url: "https://learn.microsoft.com/partner-center/customers/multipartner",
    seed: None,
};
pub const REQUEST_RELATIONSHIP: Source = Source {
    id: "request-a-relationship-with-a-customer",
    title: "Request a reseller relationship with a customer",
    url: "https://docs.microsoft.com/partner-center/request-a-relationship-with-a-customer",
    seed: None,
};
pub const SWITCH_AZURE: Source = Source {
    id: "switch-azure-subscriptions-to-a-different-partner",
    title: "Switch Azure subscriptions to a different partner",
    url: "https://docs.microsoft.com/partner-center/switch-azure-subscriptions-to-a-different-partner",
    seed: None,
};
pub const INDIRECT_PROVIDER_TASKS: Source = Source {
    id: "indirect-provider-tasks-in-partner-center",
    title: "Partner with indirect resellers in CSP",
    url: "https://docs.microsoft.com/partner-center/indirect-provider-tasks-in-partner-center",
    seed: None,
};
pub const INDIRECT_RESELLER_TASKS: Source = Source {
    id: "indirect-reseller-tasks-in-partner-center",
    title: "Partner with indirect providers in CSP",
    url: "https://docs.microsoft.com/partner-center/indirect-reseller-tasks-in-partner-center",
    seed: None,
};
pub const RECONCILIATION_FILES: Source = Source {
    id: "license-based-recon-files",
    title: "License-based reconciliation file fields",
    url: "https://learn.microsoft.com/partner-center/billing/license-based-recon-files",
    seed: None,
};
/// Lists "Request a reseller relationship with a customer (multi-channel,
/// multi-partner)" and "Indirect reseller/provider model" as not available.
pub const US_GOVERNMENT: Source = Source {
    id: "partner-center-for-microsoft-us-govt-cloud",
    title: "Partner Center for Microsoft Cloud for US Government",
    url: "https://docs.microsoft.com/partner-center/partner-center-for-microsoft-us-govt-cloud",
    seed: None,
};
pub const GERMANY: Source = Source {
    id: "partner-center-for-microsoft-cloud-germany",
    title: "Partner Center for Microsoft Cloud Germany",
    url: "https://docs.microsoft.com/partner-center/partner-center-for-microsoft-cloud-germany",
    seed: None,
};
pub const GDAP_INTRODUCTION: Source = Source {
    id: "gdap-introduction",
    title: "Introduction to granular delegated admin privileges (GDAP)",
    url: "https://learn.microsoft.com/partner-center/customers/gdap-introduction",
    seed: None,
};
/// Requests expire after 90 days; at most two years; auto-extend by six months.
pub const GDAP_FAQ: Source = Source {
    id: "dap-faq",
    title: "GDAP frequently asked questions",
    url: "https://learn.microsoft.com/partner-center/dap-faq",
    seed: None,
};
pub const GRAPH_DELEGATED_ADMIN_RELATIONSHIP: Source = Source {
    id: "graph/delegatedadminrelationship",
    title: "delegatedAdminRelationship resource type (Microsoft Graph)",
    url: "https://learn.microsoft.com/graph/api/resources/delegatedadminrelationship",
    seed: None,
};

/// One row of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rule {
    pub id: RuleId,
    /// The id as written, such as `MC-3`.
    pub id_text: &'static str,
    /// Short English title; translated under `rules.<id>.title`.
    pub title: &'static str,
    /// The page the rule comes from first, then any page that refines it.
    pub sources: &'static [Source],
}

impl Rule {
    pub fn title_key(&self) -> String {
        self.id.title_key()
    }

    /// The reason messages the engine can give for this rule.
    pub fn messages(&self) -> impl Iterator<Item = &'static Message> + use<> {
        let id = self.id;
        MESSAGES.iter().filter(move |m| m.rule == id)
    }

    /// The checklist steps this rule can give.
    pub fn steps(&self) -> impl Iterator<Item = &'static StepText> + use<> {
        let id = self.id;
        STEPS.iter().filter(move |s| s.rule == id)
    }

    /// The findings this rule raises.
    pub fn findings(&self) -> impl Iterator<Item = FindingKind> + use<> {
        let id = self.id;
        FindingKind::ALL.iter().copied().filter(move |k| k.rule() == Some(id))
    }

    /// Every i18n key this rule can put in front of a user.
    pub fn message_keys(&self) -> Vec<String> {
        let mut keys = vec![self.title_key()];
        keys.extend(self.messages().map(Message::key));
        keys.extend(self.steps().map(StepText::key));
        keys.extend(self.findings().map(FindingKind::key));
        keys
    }
}

/// The catalogue, in domain.md's order.
pub const RULES: &[Rule] = &[
    Rule {
        id: RuleId::Mp1,
        id_text: "MP-1",
        title: "A customer may work with several partners",
        sources: &[MULTIPARTNER, WORK_WITH_OTHER_PARTNERS],
    },
    Rule {
        id: RuleId::Mp2,
        id_text: "MP-2",
        title: "A partner joins through an invitation",
        sources: &[MULTIPARTNER, REQUEST_RELATIONSHIP],
    },
    Rule {
        id: RuleId::Mp3,
        id_text: "MP-3",
        title: "Adding a partner changes no subscription",
        sources: &[MULTIPARTNER],
    },
    Rule {
        id: RuleId::Mc1,
        id_text: "MC-1",
        title: "Multi-channel: subscriptions bought elsewhere",
        sources: &[MULTICHANNEL, WORK_WITH_OTHER_PARTNERS],
    },
    Rule {
        id: RuleId::Mc2,
        id_text: "MC-2",
        title: "License-based: the customer's permission first",
        sources: &[MULTICHANNEL, REQUEST_RELATIONSHIP],
    },
    Rule {
        id: RuleId::Mc3,
        id_text: "MC-3",
        title: "License-based: no switch of partner during the term",
        sources: &[MULTICHANNEL],
    },
    Rule {
        id: RuleId::Mc4,
        id_text: "MC-4",
        title: "Azure from another channel: new subscription, then cancel the old",
        sources: &[MULTICHANNEL],
    },
    Rule {
        id: RuleId::Mc5,
        id_text: "MC-5",
        title: "Azure with another CSP partner: transfer",
        sources: &[MULTICHANNEL, SWITCH_AZURE],
    },
    Rule {
        id: RuleId::Csp1,
        id_text: "CSP-1",
        title: "No resale to another CSP partner",
        sources: &[MULTIPARTNER, MULTICHANNEL, WORK_WITH_OTHER_PARTNERS, MULTIPARTNER_CURRENT],
    },
    Rule {
        id: RuleId::Ind1,
        id_text: "IND-1",
        title: "Indirect providers sell through indirect resellers",
        sources: &[WORK_WITH_OTHER_PARTNERS, INDIRECT_PROVIDER_TASKS],
    },
    Rule {
        id: RuleId::Ind2,
        id_text: "IND-2",
        title: "Indirect resellers sell through indirect providers",
        sources: &[WORK_WITH_OTHER_PARTNERS, INDIRECT_RESELLER_TASKS],
    },
    Rule {
        id: RuleId::Ind3,
        id_text: "IND-3",
        title: "Customers do not carry over between provider and reseller",
        sources: &[INDIRECT_PROVIDER_TASKS, INDIRECT_RESELLER_TASKS],
    },
    Rule {
        id: RuleId::Ind4,
        id_text: "IND-4",
        title: "The indirect reseller is the reseller of record",
        sources: &[INDIRECT_PROVIDER_TASKS, RECONCILIATION_FILES],
    },
    Rule {
        id: RuleId::Ind5,
        id_text: "IND-5",
        title: "Indirect resellers send their provider's invitation",
        sources: &[INDIRECT_RESELLER_TASKS, INDIRECT_PROVIDER_TASKS],
    },
    Rule {
        id: RuleId::Nc1,
        id_text: "NC-1",
        title: "Two-tier model only in the global cloud",
        sources: &[WORK_WITH_OTHER_PARTNERS, US_GOVERNMENT],
    },
    Rule {
        id: RuleId::Nc2,
        id_text: "NC-2",
        title: "National clouds: multi-partner support, with conflicting sources",
        sources: &[WORK_WITH_OTHER_PARTNERS, US_GOVERNMENT],
    },
    Rule {
        id: RuleId::Nc3,
        id_text: "NC-3",
        title: "No relationship without delegated admin in US Government or Germany",
        sources: &[REQUEST_RELATIONSHIP, GERMANY],
    },
    Rule {
        id: RuleId::Nc4,
        id_text: "NC-4",
        title: "No GDAP in US Government",
        sources: &[MULTIPARTNER_CURRENT, US_GOVERNMENT],
    },
    Rule {
        id: RuleId::Dap1,
        id_text: "DAP-1",
        title: "DAP is a standing, full admin grant",
        sources: &[REQUEST_RELATIONSHIP, MULTIPARTNER],
    },
    Rule {
        id: RuleId::Gdap1,
        id_text: "GDAP-1",
        title: "GDAP lasts 1 day to 2 years",
        sources: &[GRAPH_DELEGATED_ADMIN_RELATIONSHIP, GDAP_FAQ],
    },
    Rule {
        id: RuleId::Gdap2,
        id_text: "GDAP-2",
        title: "GDAP auto-extend: off or six months",
        sources: &[GRAPH_DELEGATED_ADMIN_RELATIONSHIP, GDAP_FAQ],
    },
    Rule { id: RuleId::Gdap3, id_text: "GDAP-3", title: "GDAP requests expire after 90 days", sources: &[GDAP_FAQ] },
    Rule {
        id: RuleId::Gdap4,
        id_text: "GDAP-4",
        title: "GDAP expiry warnings",
        sources: &[GDAP_INTRODUCTION, GDAP_FAQ],
    },
];

/// Every rule id, in catalogue order.
pub const ALL: [RuleId; 23] = [
    RuleId::Mp1,
    RuleId::Mp2,
    RuleId::Mp3,
    RuleId::Mc1,
    RuleId::Mc2,
    RuleId::Mc3,
    RuleId::Mc4,
    RuleId::Mc5,
    RuleId::Csp1,
    RuleId::Ind1,
    RuleId::Ind2,
    RuleId::Ind3,
    RuleId::Ind4,
    RuleId::Ind5,
    RuleId::Nc1,
    RuleId::Nc2,
    RuleId::Nc3,
    RuleId::Nc4,
    RuleId::Dap1,
    RuleId::Gdap1,
    RuleId::Gdap2,
    RuleId::Gdap3,
    RuleId::Gdap4,
];

/// The catalogue row of a rule. The table holds every id (a test checks it),
/// so this is total; the fallback keeps it panic-free regardless.
pub fn rule(id: RuleId) -> &'static Rule {
    RULES.iter().find(|r| r.id == id).unwrap_or(&RULES[0])
}
