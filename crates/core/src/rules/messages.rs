//! The English text of everything the engine says, keyed for the UI's i18n.
//!
//! The UI translates by key (`rules.MC-3.restricted`) with the reason's params;
//! the English here is what the CLI prints and what `en.json` must say (the
//! root test `tests/rule_messages.rs` compares them), so the two never drift.
//! Templates use i18next's `{{param}}` syntax; a template with a `one` form is
//! an i18next plural family keyed on the `count` param.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::catalogue::RuleId;

/// A reason text of one rule, keyed `rules.<rule>.<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Message {
    pub rule: RuleId,
    pub name: &'static str,
    pub en: &'static str,
}

impl Message {
    pub fn key(&self) -> String {
        format!("rules.{}.{}", self.rule.id(), self.name)
    }
}

/// A checklist step, keyed `steps.<rule>.<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepText {
    pub rule: RuleId,
    pub name: &'static str,
    pub en: &'static str,
}

impl StepText {
    pub fn key(&self) -> String {
        format!("steps.{}.{}", self.rule.id(), self.name)
    }
}

/// Declares the reason messages as constants (the code that applies a rule
/// names its message, and so its rule id) and lists them all in `MESSAGES`.
macro_rules! reason_messages {
    ($($konst:ident = $rule:ident $name:literal: $en:literal;)+) => {
        $(pub(crate) const $konst: Message = Message { rule: RuleId::$rule, name: $name, en: $en };)+
        /// Every reason message the engine can give.
        pub const MESSAGES: &[Message] = &[$($konst),+];
        #[cfg(test)]
        pub(crate) const MESSAGE_IDENTS: &[&str] = &[$(stringify!($konst)),+];
    };
}

macro_rules! step_texts {
    ($($konst:ident = $rule:ident $name:literal: $en:literal;)+) => {
        $(pub(crate) const $konst: StepText = StepText { rule: RuleId::$rule, name: $name, en: $en };)+
        /// Every checklist step the engine can give.
        pub const STEPS: &[StepText] = &[$($konst),+];
        #[cfg(test)]
        pub(crate) const STEP_IDENTS: &[&str] = &[$(stringify!($konst)),+];
    };
}

reason_messages! {
    MP1_ALLOWED = Mp1 "allowed": "A customer may work with more than one partner at once, for example one for Office 365 and another for Azure. Other partners working with this customer: {{partners}}.";
    MP1_ALREADY = Mp1 "already": "You already work with this customer. Other partners working with it: {{partners}}.";
    MP1_RESTRICTED = Mp1 "restricted": "In the US Government instance customers transact with a single partner, so working alongside other partners is limited there (see NC-2).";

    MP2_ALLOWED = Mp2 "allowed": "Send the customer your invitation: it accepts the reseller relationship and grants you delegated admin privileges.";
    MP2_ALLOWED_WITHOUT_DAP = Mp2 "allowedWithoutDap": "Send the customer your invitation without delegated admin privileges: it accepts the reseller relationship only.";
    MP2_ALREADY = Mp2 "already": "This customer already has a reseller relationship with you.";
    MP2_RESTRICTED = Mp2 "restricted": "You have no reseller relationship with this customer yet: send it your invitation first.";

    MP3_ALLOWED = Mp3 "allowed": "Adding you changes none of this customer's existing subscriptions ({{subscriptions}}): not their terms, ownership or obligations, and not their partner of record.";
    MP3_DENIED = Mp3 "denied": "The partner of record is {{partner}}: working with this customer does not transfer the subscription or change its partner of record.";

    MC1_CSP = Mc1 "csp": "Bought through CSP: multi-channel support is not needed.";
    MC1_APPLIES = Mc1 "applies": "Bought outside CSP (directly from Microsoft, through Advisor, Open or EA, or from a third party): multi-channel support applies.";
    MC1_USAGE = Mc1 "usage": "Bought outside CSP: a usage-based (Azure) subscription is managed in CSP only once it has been brought over as a new Azure subscription (MC-4).";
    MC1_SYNDICATION = Mc1 "syndication": "Bought through a Syndication partner: multi-channel support does not cover it.";
    MC1_UNKNOWN_CHANNEL = Mc1 "unknownChannel": "The channel “{{channel}}” is not recognised, so it is not known whether multi-channel support applies.";

    MC2_ALLOWED = Mc2 "allowed": "Your reseller relationship with this customer gives the permission needed to manage its license-based subscriptions.";
    MC2_RESTRICTED = Mc2 "restricted": "To manage or support this license-based subscription, first ask the customer's permission: send a reseller relationship request.";

    MC3_RESTRICTED = Mc3 "restricted": "A license-based subscription cannot be switched to another CSP partner during its term: wait until the term ends on {{date}}, or cancel it and buy again through the new partner.";
    MC3_TERM_UNKNOWN = Mc3 "termUnknown": "A license-based subscription cannot be switched to another CSP partner during its term, and the end of the current term is not known: check it, or cancel and buy again through the new partner.";
    MC3_ENDED = Mc3 "ended": "This subscription has ended (status “{{status}}”): no term holds it, so the customer can buy through another partner.";
    MC3_NOT_LICENSE = Mc3 "notLicense": "This applies to license-based subscriptions; this one is usage-based (Azure): see MC-4 and MC-5.";
    MC3_UNKNOWN_BILLING = Mc3 "unknownBilling": "The billing type “{{billing}}” is not recognised; if the subscription is license-based, it cannot be switched to another partner during its term.";

    MC4_ALLOWED = Mc4 "allowed": "To bring this Azure subscription into CSP, create a new Azure subscription in Partner Center, enter the details by hand, then cancel the old services or the whole old subscription.";
    MC4_RESTRICTED = Mc4 "restricted": "You need a reseller relationship with this customer before you can create the new Azure subscription in Partner Center.";
    MC4_ALREADY_CSP = Mc4 "alreadyCsp": "Already bought through CSP: to change its partner, switch it instead (MC-5).";
    MC4_SYNDICATION = Mc4 "syndication": "Bought through a Syndication partner: it is not brought into CSP this way.";
    MC4_NOT_USAGE = Mc4 "notUsage": "This applies to usage-based (Azure) subscriptions; this one is license-based: see MC-3.";
    MC4_UNKNOWN_BILLING = Mc4 "unknownBilling": "The billing type “{{billing}}” is not recognised; only a usage-based (Azure) subscription is brought into CSP this way.";

    MC5_ALLOWED_IN = Mc5 "allowedIn": "The Azure services can be switched to you from {{partner}}: a written request, a support ticket and a transfer form; the old role assignments are removed afterwards.";
    MC5_ALLOWED_OUT = Mc5 "allowedOut": "The Azure services can be switched from you to another CSP partner, which must already have a reseller relationship with the customer.";
    MC5_RESTRICTED = Mc5 "restricted": "The Azure services can be switched to you only once you have a reseller relationship with this customer.";
    MC5_NOT_CSP = Mc5 "notCsp": "Not held with a CSP partner, so there is no partner to switch from: bring it into CSP instead (MC-4).";
    MC5_NOT_USAGE = Mc5 "notUsage": "This applies to usage-based (Azure) subscriptions; license-based ones follow MC-3.";
    MC5_ENDED = Mc5 "ended": "This subscription has ended (status “{{status}}”): there is nothing left to switch.";
    MC5_UNKNOWN_BILLING = Mc5 "unknownBilling": "The billing type “{{billing}}” is not recognised; only usage-based (Azure) services are switched this way.";

    CSP1_ALLOWED = Csp1 "allowed": "This customer is not known to be a CSP partner, so online services can be sold to it.";
    CSP1_DENIED = Csp1 "denied": "This customer is itself a CSP partner: a CSP partner cannot resell online services to the tenant another CSP partner uses for CSP transactions.";

    IND1_ALLOWED = Ind1 "allowed": "As an indirect provider you sell through indirect resellers and carry billing and support.";
    IND1_DENIED = Ind1 "denied": "Only an indirect provider designates indirect resellers, and this profile is not one.";
    IND1_SELLS_THROUGH = Ind1 "sellsThrough": "As an indirect provider you sell to this customer through its indirect reseller {{reseller}}.";
    IND1_NO_RESELLER = Ind1 "noReseller": "As an indirect provider you sell through indirect resellers, and this customer has none yet.";

    IND2_ALLOWED = Ind2 "allowed": "You sell to this customer through your indirect provider {{provider}}.";
    IND2_RESTRICTED = Ind2 "restricted": "As an indirect reseller you sell through an indirect provider, and none is linked to this customer yet.";

    IND3_ALLOWED = Ind3 "allowed": "{{reseller}} is this customer's indirect reseller and keeps its own reseller relationship with the customer.";
    IND3_RESTRICTED = Ind3 "restricted": "The indirect reseller needs its own reseller relationship with this customer: customers do not carry over between provider and reseller.";

    IND5_ALLOWED = Ind5 "allowed": "As an indirect provider you create the invitation, and your indirect resellers send yours.";
    IND5_RESTRICTED = Ind5 "restricted": "As an indirect reseller you do not create your own invitation: send the one your indirect provider gives you.";

    NC1_ALLOWED = Nc1 "allowed": "The indirect provider / indirect reseller model is available in the global cloud.";
    NC1_DENIED = Nc1 "denied": "The indirect provider / indirect reseller model is available only in the global cloud, not in this national cloud.";

    NC2_ALLOWED = Nc2 "allowed": "Multi-partner and multi-channel support are available in this cloud, including relationship requests to existing customers.";
    NC2_RESTRICTED = Nc2 "restricted": "The sources disagree: “{{supportedBy}}” says multi-partner and multi-channel support also exist in the national clouds, but “{{limitedBy}}” says requesting a relationship with an existing customer is not available in the US Government instance, where customers transact with a single partner. Check with Microsoft before relying on it.";

    NC3_ALLOWED = Nc3 "allowed": "A reseller relationship without delegated admin privileges is offered in this cloud.";
    NC3_DENIED = Nc3 "denied": "A reseller relationship without delegated admin privileges is not offered in the US Government or Germany instance.";

    NC4_ALLOWED = Nc4 "allowed": "GDAP is available in this cloud.";
    NC4_DENIED = Nc4 "denied": "GDAP is not available in the US Government instance.";

    DAP1_ALLOWED = Dap1 "allowed": "Delegated admin privileges are a standing, full admin grant made through this invitation; the customer can remove them, and your obligations as its partner stay.";
}

step_texts! {
    STEP_MC3_WAIT = Mc3 "waitForTermEnd": "Wait until the term ends on {{date}}, then buy through the new partner.";
    STEP_MC3_WAIT_UNKNOWN = Mc3 "waitForTermEndUnknown": "Find out when the current term ends, and wait until then.";
    STEP_MC3_CANCEL = Mc3 "cancelThenRepurchase": "Or cancel the subscription now, then buy it again through the new partner.";
    STEP_MC3_AGREE = Mc3 "agreeWithCustomer": "Agree the move and its date with the customer and the new partner.";
    STEP_MC3_AUTO_RENEW_OFF = Mc3 "turnOffAutoRenew": "Turn off auto-renew, so the subscription does not start a new term.";
    STEP_MC3_CANCEL_NOW = Mc3 "cancelNow": "Cancel the subscription, then buy it again through the new partner.";

    STEP_MC4_RELATIONSHIP = Mc4 "requestRelationship": "Send the customer a reseller relationship request and wait until it is accepted.";
    STEP_MC4_CREATE = Mc4 "createSubscription": "Create a new Azure subscription for the customer in Partner Center.";
    STEP_MC4_DETAILS = Mc4 "enterDetails": "Enter the details of the old subscription ({{subscription}}) by hand.";
    STEP_MC4_CANCEL = Mc4 "cancelOld": "Cancel the individual services, or the whole old subscription, where it was bought.";

    STEP_MC5_RELATIONSHIP = Mc5 "newPartnerRelationship": "Make sure the new partner already has a reseller relationship with the customer.";
    STEP_MC5_REQUEST = Mc5 "writtenRequest": "The customer sends a written request for the transfer.";
    STEP_MC5_TICKET = Mc5 "supportTicket": "Open a support ticket with Microsoft for the transfer.";
    STEP_MC5_FORM = Mc5 "transferForm": "Fill in the transfer form with the new partner's ID, customer ID {{customerId}} and subscription ID {{subscriptionId}}.";
    STEP_MC5_FORM_WITH_PARTNER = Mc5 "transferFormWithPartner": "Fill in the transfer form with partner ID {{partnerId}}, customer ID {{customerId}} and subscription ID {{subscriptionId}}.";
    STEP_MC5_ROLES = Mc5 "removeRoleAssignments": "After the transfer, remove the old partner's role assignments.";
}

/// English text of a finding; `one` is the singular of a plural family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FindingText {
    pub one: Option<&'static str>,
    pub other: &'static str,
}

macro_rules! finding_kinds {
    ($($(#[$meta:meta])* $variant:ident = $id:literal, $rule:expr, $one:expr, $other:literal;)+) => {
        /// What needs attention. Serialises as its kebab-case id; the UI text
        /// is `findings.<id>`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum FindingKind {
            $($(#[$meta])* #[serde(rename = $id)] $variant,)+
        }

        impl FindingKind {
            pub const ALL: &'static [FindingKind] = &[$(FindingKind::$variant),+];

            pub fn id(self) -> &'static str {
                match self { $(FindingKind::$variant => $id,)+ }
            }

            /// The kind whose [`FindingKind::id`] is `id`.
            pub fn parse(id: &str) -> Option<FindingKind> {
                match id { $($id => Some(FindingKind::$variant),)+ _ => None }
            }

            /// The rule the finding cites, if any.
            pub fn rule(self) -> Option<RuleId> {
                match self { $(FindingKind::$variant => $rule,)+ }
            }

            pub fn text(self) -> FindingText {
                match self { $(FindingKind::$variant => FindingText { one: $one, other: $other },)+ }
            }
        }

        #[cfg(test)]
        pub(crate) const FINDING_IDENTS: &[(FindingKind, &str)] = &[$((FindingKind::$variant, stringify!($variant))),+];
    };
}

finding_kinds! {
    /// 30, 7 or 1 days left (GDAP-4); `count` is the days left.
    GdapExpiring = "gdap-expiring", Some(RuleId::Gdap4),
        Some("GDAP relationship “{{name}}” ends in {{count}} day, on {{date}}."),
        "GDAP relationship “{{name}}” ends in {{count}} days, on {{date}}.";
    /// Ended within the last year (GDAP-4).
    GdapExpired = "gdap-expired", Some(RuleId::Gdap4), None,
        "GDAP relationship “{{name}}” ended on {{date}}.";
    GdapPendingTooLong = "gdap-pending-too-long", Some(RuleId::Gdap3), None,
        "GDAP request “{{name}}”, created on {{created}}, was not approved within 90 days and expired on {{date}}.";
    GdapDurationInvalid = "gdap-duration-invalid", Some(RuleId::Gdap1), None,
        "GDAP relationship “{{name}}” has the duration “{{duration}}”, outside 1 day to 2 years.";
    GdapAutoExtendInvalid = "gdap-auto-extend-invalid", Some(RuleId::Gdap2), None,
        "GDAP relationship “{{name}}” has the auto-extend value “{{value}}”; it is either off (PT0S) or six months (P180D).";
    GdapInUsGov = "gdap-in-us-gov", Some(RuleId::Nc4), None,
        "GDAP relationship “{{name}}” is in a US Government profile, where GDAP is not available.";
    /// License term ending within 30/60/90 days with auto-renew off; `count` is the days left.
    TermEnding = "term-ending", None,
        Some("“{{subscription}}” ends in {{count}} day, on {{date}}, and does not renew automatically."),
        "“{{subscription}}” ends in {{count}} days, on {{date}}, and does not renew automatically.";
    NoDelegatedAdmin = "no-delegated-admin", Some(RuleId::Dap1), None,
        "No delegated admin: neither DAP nor an active GDAP relationship is known for this customer.";
    CspPartnerCustomer = "csp-partner-customer", Some(RuleId::Csp1), None,
        "This customer is itself a CSP partner and has a reseller relationship with you: a CSP partner cannot resell online services to another CSP partner.";
    ResellerIsProvider = "reseller-is-provider", Some(RuleId::Ind4), None,
        "“{{subscription}}” has your own MPN ID {{mpn}} as reseller of record: it was sold directly, not through an indirect reseller.";
    ResellerRemoved = "reseller-removed", Some(RuleId::Ind4), None,
        "“{{subscription}}” has the reseller of record -1: its indirect reseller was removed.";
    TwoTierInNationalCloud = "two-tier-in-national-cloud", Some(RuleId::Nc1), None,
        "This customer has indirect provider / indirect reseller data, but the two-tier model exists only in the global cloud.";
    /// A value kept verbatim because this version does not know it.
    UnrecognisedValue = "unrecognised-value", None, None,
        "Unrecognised value “{{value}}” in {{field}}, kept as it was read.";
}

impl FindingKind {
    pub fn key(self) -> String {
        format!("findings.{}", self.id())
    }
}

/// Replaces each `{{name}}` (also `{{name, format}}`) with its param; a
/// missing param is left as written, so a gap shows instead of vanishing.
pub fn render(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let name = after[..end].split(',').next().unwrap_or("").trim();
                match params.get(name) {
                    Some(value) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// English for a plural family: the `one` form when `count` is 1.
pub(crate) fn render_plural(text: FindingText, params: &BTreeMap<String, String>) -> String {
    match text.one {
        Some(one) if params.get("count").map(String::as_str) == Some("1") => render(one, params),
        _ => render(text.other, params),
    }
}

/// One i18n key the core can emit, with its English. `plural` keys exist in
/// the locale files as i18next plural families (`_one`, `_other`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyText {
    pub key: String,
    pub en: &'static str,
    /// English singular, for plural families.
    pub en_one: Option<&'static str>,
}

impl KeyText {
    pub fn plural(&self) -> bool {
        self.en_one.is_some()
    }
}

/// Every key the catalogue and engine can emit: rule titles and reasons,
/// steps, findings, and the labels of actions, verdicts, effects, severities
/// and cloud capabilities.
pub fn all_keys() -> Vec<KeyText> {
    use super::capabilities::{Availability, Feature};
    use super::findings::Severity;
    use super::verdict::{Action, Effect, VerdictKind};

    let plain = |key: String, en: &'static str| KeyText { key, en, en_one: None };
    let mut keys = Vec::new();
    for rule in super::catalogue::RULES {
        keys.push(plain(rule.title_key(), rule.title));
    }
    keys.extend(MESSAGES.iter().map(|m| plain(m.key(), m.en)));
    keys.extend(STEPS.iter().map(|s| plain(s.key(), s.en)));
    for kind in FindingKind::ALL {
        let text = kind.text();
        keys.push(KeyText { key: kind.key(), en: text.other, en_one: text.one });
    }
    keys.extend(Action::ALL.iter().map(|a| plain(a.key(), a.label())));
    keys.extend(VerdictKind::ALL.iter().map(|v| plain(v.key(), v.label())));
    keys.extend(Effect::ALL.iter().map(|e| plain(e.key(), e.label())));
    keys.extend(Severity::ALL.iter().map(|s| plain(s.key(), s.label())));
    keys.extend(Feature::ALL.iter().map(|f| plain(f.key(), f.label())));
    keys.extend(Availability::ALL.iter().map(|a| plain(a.key(), a.label())));
    keys
}
