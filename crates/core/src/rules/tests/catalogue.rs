//! The catalogue is complete, and each rule is applied in exactly one place.

use std::collections::BTreeSet;

use crate::cloud::Cloud;
use crate::rules::capabilities::{Availability, CAPABILITIES, Feature, availability, capability};
use crate::rules::catalogue::{self, RULES, RuleId, rule};
use crate::rules::messages::{FINDING_IDENTS, MESSAGE_IDENTS, MESSAGES, STEP_IDENTS, STEPS, all_keys, render};
use crate::rules::{Action, FindingKind};

/// The rule ids of `shared/domain.md`, written out from it.
const DOMAIN_RULES: [&str; 23] = [
    "MP-1", "MP-2", "MP-3", "MC-1", "MC-2", "MC-3", "MC-4", "MC-5", "CSP-1", "IND-1", "IND-2", "IND-3", "IND-4",
    "IND-5", "NC-1", "NC-2", "NC-3", "NC-4", "DAP-1", "GDAP-1", "GDAP-2", "GDAP-3", "GDAP-4",
];

#[test]
fn the_catalogue_holds_every_domain_rule_once_in_order() {
    let ids: Vec<&str> = RULES.iter().map(|r| r.id_text).collect();
    assert_eq!(ids, DOMAIN_RULES);
    assert_eq!(catalogue::ALL.to_vec(), RULES.iter().map(|r| r.id).collect::<Vec<_>>());
    for text in DOMAIN_RULES {
        let id = RuleId::parse(text).unwrap();
        assert_eq!(id.id(), text);
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<RuleId>(&format!("\"{text}\"")).unwrap(), id);
        assert_eq!(rule(id).id, id);
    }
    assert_eq!(RuleId::parse("mc-3"), Some(RuleId::Mc3));
    assert_eq!(RuleId::parse("MC-9"), None);
}

#[test]
fn every_rule_has_a_title_a_source_and_something_to_say() {
    for rule in RULES {
        assert!(!rule.title.is_empty(), "{}", rule.id);
        assert!(!rule.sources.is_empty(), "{}", rule.id);
        for source in rule.sources {
            assert!(source.url.starts_with("https://"), "{}", source.url);
        }
        let keys = rule.message_keys();
        assert!(keys.len() >= 2, "{} has only {keys:?}", rule.id);
        assert!(keys.iter().all(|k| k.starts_with(&format!("rules.{}.", rule.id_text)) || !k.starts_with("rules.")));
    }
}

#[test]
fn keys_are_unique_and_safe_for_i18next() {
    let keys = all_keys();
    let unique: BTreeSet<&str> = keys.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(unique.len(), keys.len(), "duplicate keys");
    for k in &keys {
        assert!(!k.key.contains(':'), "{}: ':' is i18next's namespace separator", k.key);
        assert!(k.key.split('.').all(|part| !part.is_empty()), "{}", k.key);
        assert!(!k.en.trim().is_empty(), "{}", k.key);
        assert!(!k.key.ends_with("_one") && !k.key.ends_with("_other"), "{}", k.key);
    }
    // Every action, verdict and finding kind has a label.
    for action in Action::ALL {
        assert!(unique.contains(action.key().as_str()));
    }
    for kind in FindingKind::ALL {
        assert!(unique.contains(kind.key().as_str()));
    }
}

#[test]
fn plural_texts_are_keyed_on_count() {
    for kind in FindingKind::ALL {
        let text = kind.text();
        if let Some(one) = text.one {
            assert!(one.contains("{{count}}") && text.other.contains("{{count}}"), "{kind:?}");
        } else {
            assert!(!text.other.contains("{{count"), "{kind:?}: count without a plural family");
        }
    }
    for m in MESSAGES {
        assert!(!m.en.contains("{{count"), "{}: count in a plain message", m.key());
    }
}

#[test]
fn render_fills_params_and_leaves_gaps_visible() {
    let params = [("date".to_string(), "2027-03-01".to_string())].into_iter().collect();
    assert_eq!(render("ends on {{date}}, {{ date , datetime }}.", &params), "ends on 2027-03-01, 2027-03-01.");
    assert_eq!(render("{{missing}} and {{date", &params), "{{missing}} and {{date");
}

fn contains_ident(text: &str, ident: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(ident).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(word) && !text[at + ident.len()..].chars().next().is_some_and(word)
    })
}

/// The sources that apply rules (everything but the catalogue, the message
/// table and the verdict types, which only name them).
const APPLYING_SOURCES: &[(&str, &str)] = &[
    ("actions.rs", include_str!("../actions.rs")),
    ("capabilities.rs", include_str!("../capabilities.rs")),
    ("findings.rs", include_str!("../findings.rs")),
    ("gdap.rs", include_str!("../gdap.rs")),
    ("invitation.rs", include_str!("../invitation.rs")),
    ("links.rs", include_str!("../links.rs")),
    ("mod.rs", include_str!("../mod.rs")),
    ("multi_channel.rs", include_str!("../multi_channel.rs")),
    ("multi_partner.rs", include_str!("../multi_partner.rs")),
    ("resale.rs", include_str!("../resale.rs")),
];

#[test]
fn each_rule_is_applied_in_exactly_one_file() {
    assert_eq!(MESSAGE_IDENTS.len(), MESSAGES.len());
    assert_eq!(STEP_IDENTS.len(), STEPS.len());
    let mut problems = Vec::new();
    for rule in RULES {
        let mut idents: Vec<String> = MESSAGES
            .iter()
            .zip(MESSAGE_IDENTS)
            .filter(|(m, _)| m.rule == rule.id)
            .map(|(_, ident)| ident.to_string())
            .collect();
        idents.extend(STEPS.iter().zip(STEP_IDENTS).filter(|(s, _)| s.rule == rule.id).map(|(_, i)| i.to_string()));
        idents.extend(
            FINDING_IDENTS.iter().filter(|(k, _)| k.rule() == Some(rule.id)).map(|(_, i)| format!("FindingKind::{i}")),
        );
        let files: BTreeSet<&str> = APPLYING_SOURCES
            .iter()
            .filter(|(_, text)| idents.iter().any(|i| contains_ident(text, i)))
            .map(|(file, _)| *file)
            .collect();
        if files.len() != 1 {
            problems.push(format!("{} is applied in {files:?}", rule.id));
        }
        // Every message, step and finding of the rule is used somewhere.
        for ident in &idents {
            if !APPLYING_SOURCES.iter().any(|(_, text)| contains_ident(text, ident)) {
                problems.push(format!("{} never emits {ident}", rule.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_capability_table_is_complete_and_says_what_domain_md_says() {
    for cloud in Cloud::ALL {
        for feature in Feature::ALL {
            let cells = CAPABILITIES.iter().filter(|c| c.cloud == cloud && c.feature == *feature).count();
            assert_eq!(cells, 1, "{cloud} {feature:?}");
        }
    }
    use Availability::*;
    let expected = [
        (Feature::TwoTier, [Available, Unavailable, Unavailable, Unavailable], RuleId::Nc1),
        (Feature::RelationshipWithoutDap, [Available, Unavailable, Unavailable, Available], RuleId::Nc3),
        (Feature::Gdap, [Available, Unavailable, Available, Available], RuleId::Nc4),
        (Feature::RelationshipRequestExistingCustomer, [Available, Restricted, Available, Available], RuleId::Nc2),
        (Feature::MultiPartner, [Available, Restricted, Available, Available], RuleId::Nc2),
        (Feature::MultiChannel, [Available, Restricted, Available, Available], RuleId::Nc2),
    ];
    for (feature, per_cloud, rule) in expected {
        for (cloud, want) in Cloud::ALL.into_iter().zip(per_cloud) {
            assert_eq!(availability(cloud, feature), want, "{cloud} {feature:?}");
            let cell = capability(cloud, feature);
            assert_eq!(cell.rule, rule, "{cloud} {feature:?}");
            assert_eq!(cell.reason().rule, rule);
            if want == Restricted {
                assert!(cell.sources.len() >= 2, "a conflict cites both sides: {cloud} {feature:?}");
            }
        }
    }
}

#[cfg(feature = "ts")]
#[test]
fn typescript_gets_string_unions_and_plain_objects() {
    use ts_rs::TS;
    let rule = RuleId::decl();
    assert!(rule.contains("\"MC-3\"") && rule.contains("\"GDAP-4\""), "{rule}");
    let action = Action::decl();
    assert!(action.contains("\"move-license-subscription\""), "{action}");
    let kinds = FindingKind::decl();
    assert!(kinds.contains("\"gdap-expiring\""), "{kinds}");
    let verdict = crate::rules::Verdict::decl();
    assert!(verdict.contains("earliest_date: string | null"), "{verdict}");
    for decl in [
        crate::rules::Reason::decl(),
        crate::rules::Finding::decl(),
        crate::rules::CustomerVerdicts::decl(),
        crate::rules::ProfileContext::decl(),
        crate::rules::capabilities::Capability::decl(),
        crate::rules::invitation::InvitationError::decl(),
    ] {
        assert!(decl.starts_with("type "), "{decl}");
    }
}

#[test]
fn every_finding_kind_reads_back_from_its_id() {
    for kind in FindingKind::ALL {
        assert_eq!(FindingKind::parse(kind.id()), Some(*kind));
    }
    assert_eq!(FindingKind::parse("no-such-finding"), None);
}
