//! Verdicts and findings through the real CLI binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const SAKURA: &str = "2b6f8e41-0c3d-4a57-9e12-7f4d5a8c9b30";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn json(data_dir: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_partner-desk-cli"))
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--json")
        .args(args)
        .output()
        .expect("the CLI runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn profile(data_dir: &Path, name: &str, cloud: &str, role: &str) {
    json(
        data_dir,
        &[
            "profiles",
            "create",
            "--name",
            name,
            "--cloud",
            cloud,
            "--role",
            role,
            "--mpn-id",
            "1234567",
            "--tenant-id",
            "11111111-2222-4333-8444-555555555555",
        ],
    );
    json(data_dir, &["import", "--profile", name, fixtures().join("export-folder").to_str().unwrap()]);
}

fn verdict<'a>(list: &'a Value, action: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|v| v["action"] == action).unwrap_or_else(|| panic!("no {action} in {list}"))
}

fn rules(verdict: &Value) -> Vec<&str> {
    verdict["reasons"].as_array().unwrap().iter().filter_map(|r| r["rule"].as_str()).collect()
}

#[test]
fn a_license_subscription_ending_2027_03_01_can_move_from_then_under_mc_3() {
    let dir = tempfile::tempdir().unwrap();
    profile(dir.path(), "G", "global", "dual");
    let view = json(dir.path(), &["customer", "show", "--profile", "G", SAKURA, "--today", "2026-11-21"]);
    let subs = view["bundle"]["subscriptions"].as_array().unwrap();
    let e3 = subs.iter().find(|s| s["commitment_end"] == "2027-03-01").expect("the Office 365 E3 fixture");
    let verdicts = view["verdicts"]["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["subscription_id"] == e3["id"])
        .unwrap();
    let moving = verdict(&verdicts["verdicts"], "move-license-subscription");
    assert_eq!(moving["verdict"], "restricted");
    assert_eq!(moving["earliest_date"], "2027-03-01");
    assert!(rules(moving).contains(&"MC-3"));
    assert_eq!(moving["steps"].as_array().unwrap().len(), 2, "wait for term end / cancel then repurchase");
    // The multi-partner view: ours and another partner.
    let kinds: Vec<&str> =
        view["bundle"]["links"].as_array().unwrap().iter().filter_map(|l| l["kind"].as_str()).collect();
    assert!(kinds.contains(&"reseller") && kinds.contains(&"indirect-reseller"), "{kinds:?}");
}

#[test]
fn in_us_gov_and_germany_without_dap_is_denied_by_nc_3_and_indirect_resellers_by_nc_1() {
    let dir = tempfile::tempdir().unwrap();
    for cloud in ["us-gov", "germany"] {
        profile(dir.path(), cloud, cloud, "dual");
        let view = json(dir.path(), &["customer", "show", "--profile", cloud, SAKURA, "--today", "2026-11-21"]);
        let without = verdict(&view["verdicts"]["customer"], "request-reseller-relationship-without-dap");
        assert_eq!(without["verdict"], "denied", "{cloud}");
        assert!(rules(without).contains(&"NC-3"), "{cloud}");
        let designate = verdict(&view["verdicts"]["customer"], "designate-indirect-reseller");
        assert_eq!(designate["verdict"], "denied", "{cloud}");
        assert!(rules(designate).contains(&"NC-1"), "{cloud}");
    }
}

#[test]
fn a_customer_that_is_itself_a_csp_partner_cannot_be_sold_online_services() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    json(d, &["profiles", "create", "--name", "D", "--cloud", "global", "--role", "direct", "--mpn-id", "1234567"]);
    json(d, &["demo", "--profile", "D", "--customers", "200", "--seed", "2", "--today", "2026-11-21"]);
    let findings = json(d, &["findings", "--profile", "D", "--today", "2026-11-21"]);
    let csp = findings.as_array().unwrap().iter().find(|f| f["rule"] == "CSP-1").expect("a CSP-1 finding in the demo");
    let tenant = csp["subject"]["customer_tenant_id"].as_str().unwrap();
    let view = json(d, &["customer", "show", "--profile", "D", tenant, "--today", "2026-11-21"]);
    let selling = verdict(&view["verdicts"]["customer"], "sell-online-services");
    assert_eq!(selling["verdict"], "denied");
    assert!(rules(selling).contains(&"CSP-1"));
    let kinds: std::collections::BTreeSet<&str> =
        findings.as_array().unwrap().iter().filter_map(|f| f["kind"].as_str()).collect();
    assert!(kinds.len() >= 4, "the demo raises several kinds of findings: {kinds:?}");
}

#[test]
fn linking_a_partner_by_hand_leaves_every_subscription_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    profile(d, "G", "global", "dual");
    let subs_csv = |name: &str| {
        let out = d.join(name);
        json(
            d,
            &["export", "--profile", "G", "--what", "subscriptions", "--format", "csv", "--out", out.to_str().unwrap()],
        );
        std::fs::read(out).unwrap()
    };
    let before = subs_csv("before.csv");
    let partner = json(d, &["partner", "add", "--profile", "G", "--name", "Woodgrove Azure", "--mpn-id", "7777777"]);
    let id = partner["id"].as_str().unwrap();
    json(
        d,
        &[
            "link",
            "add",
            "--profile",
            "G",
            "--customer",
            SAKURA,
            "--partner",
            id,
            "--kind",
            "advisor",
            "--scope",
            "Azure",
        ],
    );
    assert_eq!(subs_csv("after.csv"), before, "MP-3: adding a partner changes no subscription");
    let view = json(d, &["customer", "show", "--profile", "G", SAKURA, "--today", "2026-11-21"]);
    assert!(view["bundle"]["links"].as_array().unwrap().iter().any(|l| l["partner_id"] == id && l["scope"] == "Azure"));
    let audit = json(d, &["audit", "--profile", "G"]);
    assert_eq!(audit[0]["action"], "add");
    assert_eq!(audit[0]["entity"], "link");
}
