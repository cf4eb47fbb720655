//! Least privilege: the window may call exactly the app's own commands.

use serde_json::Value;

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_default()
}

#[test]
fn the_permission_file_grants_exactly_the_registered_commands() {
    let toml = read("src-tauri/permissions/app.toml");
    let mut granted: Vec<String> = toml
        .split("commands.allow = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect();
    granted.sort();
    let mut registered: Vec<String> = partner_desk::COMMANDS.iter().map(|s| s.to_string()).collect();
    registered.sort();
    assert_eq!(granted, registered);
}

#[test]
fn the_main_capability_grants_only_app_commands_and_core_events() {
    let capability: Value = serde_json::from_str(&read("src-tauri/capabilities/main.json")).unwrap_or_default();
    let permissions: Vec<&str> =
        capability["permissions"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    assert_eq!(permissions, ["allow-app-commands", "core:event:default"]);
}

#[test]
fn the_content_security_policy_allows_no_remote_host_and_no_eval() {
    let config: Value = serde_json::from_str(&read("tauri.conf.json")).unwrap_or_default();
    let csp = config["app"]["security"]["csp"].as_str().unwrap_or_default();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    for forbidden in ["unsafe-eval", "unsafe-inline", "https:", "http://localhost", "*"] {
        assert!(!csp.contains(forbidden), "CSP must not contain {forbidden}: {csp}");
    }
    assert_eq!(config["app"]["withGlobalTauri"], false);
}
