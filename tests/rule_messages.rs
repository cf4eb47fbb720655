//! Every rule of `shared/domain.md` is in the core's catalogue, and every
//! message key the catalogue and engine can emit is translated in all four UI
//! languages, with the same English the core prints.

use std::collections::BTreeSet;
use std::path::Path;

use partner_desk_core::rules::catalogue::{RULES, RuleId};
use partner_desk_core::rules::messages::{KeyText, all_keys};
use serde_json::Value;

/// The rule ids of `shared/domain.md`, copied from it.
const DOMAIN_RULES: [&str; 23] = [
    "MP-1", "MP-2", "MP-3", "MC-1", "MC-2", "MC-3", "MC-4", "MC-5", "CSP-1", "IND-1", "IND-2", "IND-3", "IND-4",
    "IND-5", "NC-1", "NC-2", "NC-3", "NC-4", "DAP-1", "GDAP-1", "GDAP-2", "GDAP-3", "GDAP-4",
];

/// Each language and the i18next plural categories it needs.
const LOCALES: [(&str, &[&str]); 4] =
    [("en", &["one", "other"]), ("ja", &["other"]), ("zh-TW", &["other"]), ("ru", &["one", "few", "many", "other"])];

fn locale(language: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("ui/src/i18n/locales/{language}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// i18next's lookup: `.` separates nested objects.
fn lookup<'a>(root: &'a Value, key: &str) -> Option<&'a str> {
    key.split('.').try_fold(root, |node, part| node.get(part))?.as_str().filter(|s| !s.trim().is_empty())
}

fn variables(text: &str) -> BTreeSet<String> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}"))
        .map(|(inside, _)| inside.split(',').next().unwrap_or("").trim().to_string())
        .collect()
}

/// The locale's strings for a key: the plain key, or each plural form.
fn forms<'a>(root: &'a Value, key: &KeyText, categories: &[&str]) -> Result<Vec<(String, &'a str)>, String> {
    if !key.plural() {
        return lookup(root, &key.key).map(|s| vec![(key.key.clone(), s)]).ok_or_else(|| key.key.clone());
    }
    categories
        .iter()
        .map(|c| {
            let k = format!("{}_{c}", key.key);
            lookup(root, &k).map(|s| (k.clone(), s)).ok_or(k)
        })
        .collect()
}

#[test]
fn every_domain_rule_is_in_the_catalogue() {
    let catalogue: Vec<&str> = RULES.iter().map(|r| r.id_text).collect();
    let missing: Vec<&str> = DOMAIN_RULES.iter().copied().filter(|id| !catalogue.contains(id)).collect();
    assert!(missing.is_empty(), "rules of domain.md missing from the catalogue: {missing:?}");
    for id in DOMAIN_RULES {
        let rule = RuleId::parse(id).expect("parses");
        assert_eq!(rule.id(), id);
    }
}

#[test]
fn every_rule_has_messages_in_every_language() {
    let locales: Vec<(&str, Value)> = LOCALES.iter().map(|(l, _)| (*l, locale(l))).collect();
    let mut problems = Vec::new();
    for rule in RULES {
        let keys = rule.message_keys();
        if keys.len() < 2 {
            problems.push(format!("{}: only a title, no message", rule.id));
        }
        for (language, root) in &locales {
            for key in &keys {
                let found = lookup(root, key).is_some() || lookup(root, &format!("{key}_other")).is_some();
                if !found {
                    problems.push(format!("{}: {key} missing in {language}", rule.id));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_key_the_core_emits_is_translated_with_its_params() {
    let keys = all_keys();
    assert!(keys.len() > 100, "the core lists its keys");
    let mut problems = Vec::new();
    for (language, categories) in LOCALES {
        let root = locale(language);
        for key in &keys {
            let params: BTreeSet<String> =
                variables(key.en).into_iter().chain(key.en_one.map(variables).unwrap_or_default()).collect();
            match forms(&root, key, categories) {
                Err(missing) => problems.push(format!("{language}: {missing} is missing")),
                Ok(found) => {
                    for (k, text) in found {
                        let unknown: Vec<String> = variables(text).difference(&params).cloned().collect();
                        if !unknown.is_empty() {
                            problems.push(format!("{language}: {k} uses {unknown:?}, which the core never passes"));
                        }
                        let used = variables(text);
                        let dropped: Vec<&String> = params.iter().filter(|p| !used.contains(*p)).collect();
                        if !dropped.is_empty() {
                            problems.push(format!("{language}: {k} leaves out {dropped:?}"));
                        }
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_english_file_says_what_the_core_says() {
    let en = locale("en");
    let mut problems = Vec::new();
    for key in all_keys() {
        let expected: Vec<(String, &str)> = match key.en_one {
            Some(one) => vec![(format!("{}_one", key.key), one), (format!("{}_other", key.key), key.en)],
            None => vec![(key.key.clone(), key.en)],
        };
        for (k, text) in expected {
            match lookup(&en, &k) {
                Some(actual) if actual == text => {}
                actual => problems.push(format!("{k}: en.json has {actual:?}, the core says {text:?}")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
