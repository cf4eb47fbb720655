//! The app's commands on Tauri's mock runtime: the same IPC path the window
//! uses (argument parsing, async dispatch, error serialisation), no window.

use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow};

/// Where the window's own pages come from: the embedded front end, or the dev
/// server (tauri.conf.json's devUrl) in a build without `custom-protocol`.
const APP_URL: &str = if cfg!(feature = "custom-protocol") { "tauri://localhost" } else { "http://localhost:1420" };

struct Harness {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: tempfile::TempDir,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = partner_desk::AppState::new(dir.path().to_path_buf());
    // The app's real context, so its ACL (capabilities/main.json) is what grants each command.
    let app = partner_desk::build(mock_builder(), state).build(tauri::generate_context!()).expect("mock app");
    // Opened as the app's setup opens it (setup itself waits for an event loop).
    let window = partner_desk::open_main_window(&app).expect("the main window");
    Harness { _app: app, window, dir }
}

impl Harness {
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: APP_URL.parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        tauri::test::get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().expect("JSON"))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn err(&self, cmd: &str, args: Value) -> Value {
        match self.invoke(cmd, args) {
            Ok(v) => panic!("{cmd} should fail, returned {v}"),
            Err(e) => e,
        }
    }
}

fn new_profile(name: &str, cloud: &str) -> Value {
    json!({ "input": { "name": name, "cloud": cloud, "tenant_id": "72f988bf-86f1-41af-91ab-2d7cd011db47",
                       "mpn_id": "1234567", "role": "direct" } })
}

#[test]
fn profiles_can_be_created_listed_renamed_opened_and_deleted() {
    let h = harness();
    assert_eq!(h.ok("list_profiles", json!({})), json!({ "profiles": [], "unreadable": [] }));
    let created = h.ok("create_profile", new_profile("Contoso Gov", "us-gov"));
    assert_eq!(created["cloud"], "us-gov");
    assert_eq!(created["role"], "direct");
    let id = created["id"].as_str().expect("id").to_string();

    let list = h.ok("list_profiles", json!({}));
    assert_eq!(list["profiles"][0]["name"], "Contoso Gov");

    let renamed = h.ok("rename_profile", json!({ "profile": id, "name": "Contoso US Gov" }));
    assert_eq!(renamed["name"], "Contoso US Gov");
    let opened = h.ok("open_profile", json!({ "profile": id }));
    assert!(opened["last_opened_at"].is_string());

    let deleted = h.ok("delete_profile", json!({ "profile": id }));
    assert!(std::path::Path::new(deleted["backup_path"].as_str().expect("path")).is_file());
    assert_eq!(h.ok("list_profiles", json!({}))["profiles"], json!([]));
}

#[test]
fn errors_cross_the_boundary_as_code_and_message() {
    let h = harness();
    let bad_guid =
        json!({ "input": { "name": "X", "cloud": "global", "tenant_id": "nope", "mpn_id": null, "role": null } });
    let err = h.err("create_profile", bad_guid);
    assert_eq!(err["code"], "invalid_input");
    assert!(err["message"].as_str().expect("message").contains("GUID"));
    assert_eq!(err.as_object().map(|o| o.len()), Some(2), "exactly {{code, message}}: {err}");

    assert_eq!(h.err("create_profile", new_profile("X", "mars"))["code"], "invalid_input");
    h.ok("create_profile", new_profile("Same", "global"));
    assert_eq!(h.err("create_profile", new_profile("same", "germany"))["code"], "duplicate_name");
    assert_eq!(h.err("open_profile", json!({ "profile": "nobody" }))["code"], "profile_not_found");
    assert_eq!(h.err("delete_profile", json!({ "profile": "nobody" }))["code"], "profile_not_found");
    // Missing arguments are refused by the IPC layer, not a panic.
    assert!(h.invoke("rename_profile", json!({})).is_err());
    assert_eq!(h.ok("list_profiles", json!({}))["profiles"].as_array().map(Vec::len), Some(1));
}

#[test]
fn demo_profiles_one_per_cloud_with_customers() {
    let h = harness();
    let demo = h.ok("create_demo_profiles", json!({}));
    let clouds: Vec<&str> = demo.as_array().expect("list").iter().filter_map(|p| p["cloud"].as_str()).collect();
    assert_eq!(clouds, ["global", "us-gov", "germany", "china"]);
    let global = &demo[0];
    assert!(global["customer_count"].as_u64().unwrap_or(0) > 0);
    assert!(global["last_import_at"].is_string());

    let page = h.ok(
        "list_customers",
        json!({ "profile": global["id"], "query": { "search": null, "limit": 200, "offset": 0 } }),
    );
    assert_eq!(page["total"], global["customer_count"]);
    assert_eq!(page["items"].as_array().map(Vec::len), Some(200));

    // A second run adds a numbered set instead of failing on the names.
    let again = h.ok("create_demo_profiles", json!({}));
    assert_eq!(again[0]["name"], "Demo · Global (2)");
}

#[test]
fn app_info_reports_the_overridden_data_dir() {
    let h = harness();
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["data_dir"], h.dir.path().display().to_string());
}

#[test]
fn a_page_from_another_origin_cannot_call_commands() {
    let h = harness();
    let request = InvokeRequest {
        cmd: "list_profiles".into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "https://attacker.invalid/".parse().expect("url"),
        body: InvokeBody::Json(json!({})),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    let refused = tauri::test::get_ipc_response(&h.window, request);
    assert!(refused.is_err(), "a remote page must not reach the app's commands");
}

#[test]
fn the_web_view_keeps_its_storage_inside_the_data_dir() {
    let h = harness();
    assert!(h.dir.path().join("webview").is_dir(), "web view data lives under the data dir");
}

#[test]
fn every_registered_command_is_granted_to_the_main_window() {
    // A command missing from the ACL answers "not allowed" at run time; call
    // each one and accept only errors from the command itself.
    let h = harness();
    let demo = h.ok("create_demo_profiles", json!({}));
    let profile = demo[0]["id"].clone();
    let page =
        h.ok("list_customers", json!({ "profile": profile, "query": { "search": null, "limit": 1, "offset": 0 } }));
    let tenant = page["items"][0]["tenant_id"].clone();
    let view = h.ok("customer_view", json!({ "profile": profile, "customer": tenant, "today": "2026-11-21" }));
    assert!(view["verdicts"]["customer"].as_array().map(Vec::len).unwrap_or(0) >= 5);
    let findings = h.ok("list_findings", json!({ "profile": profile, "today": "2026-11-21" }));
    assert!(findings.as_array().map(Vec::len).unwrap_or(0) > 0);
    for command in partner_desk::COMMANDS {
        if let Err(e) = h.invoke(command, json!({})) {
            let text = e.to_string();
            assert!(!text.contains("not allowed"), "{command} is not granted: {text}");
        }
    }
}

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The import wizard's commands end to end on the mock runtime: a scripted
/// dialog answer (the environment, as the e2e run sets it), the check, the
/// import as one snapshot, then a filtered page, a workflow and the NC-3 draft.
#[test]
fn import_filter_plan_and_request_through_the_ipc() {
    // Only this test opens a dialog in this binary.
    unsafe { std::env::set_var("PARTNER_DESK_DIALOG_OPEN", fixtures().join("export-folder")) };
    let h = harness();
    let id = h.ok("create_profile", new_profile("Contoso", "global"))["id"].as_str().expect("id").to_string();

    let picked = h.ok("pick_import_files", json!({ "kind": "folder", "title": "Import", "importId": "a" }));
    let picked = picked.as_array().expect("a list");
    assert_eq!(picked.len(), 1);
    assert_eq!(picked[0]["files"].as_array().map(Vec::len), Some(10));
    assert_eq!(picked[0]["problems"], json!([]));
    let token = picked[0]["token"].clone();
    assert_eq!(h.ok("cancel_import", json!({ "importId": "not-running" })), json!(false));
    let bad = h.err("run_import", json!({ "profile": id, "tokens": [999], "importId": "b" }));
    assert_eq!(bad["code"], "invalid_input", "a token the app never gave out names no file");

    let summary = h.ok("run_import", json!({ "profile": id, "tokens": [token], "importId": "b" }));
    assert_eq!(summary["counts"]["customer"]["added"], 3);
    assert_eq!(h.ok("list_snapshots", json!({ "profile": id })).as_array().map(Vec::len), Some(1));

    let options = h.ok("customer_filter_options", json!({ "profile": id }));
    let reseller = options["resellers"][0]["id"].clone();
    assert!(reseller.is_string(), "the imported customer names its indirect reseller: {options}");
    let query = json!({ "search": null, "reseller": reseller, "sort": "name", "descending": false,
                        "limit": 50, "offset": 0 });
    let page = h.ok("list_customers", json!({ "profile": id, "query": query, "today": "2026-11-21" }));
    assert_eq!(page["total"], 1, "one customer sold through that reseller: {page}");
    assert_eq!(page["items"][0]["tenant_id"], "2b6f8e41-0c3d-4a57-9e12-7f4d5a8c9b30");

    let start = json!({ "customer": "2b6f8e41-0c3d-4a57-9e12-7f4d5a8c9b30",
                        "subscription_id": "a7c1e2d3-4b5f-4c6d-9e7f-0a1b2c3d4e01",
                        "action": "move-license-subscription", "option": "wait_for_term_end" });
    let workflow = h.ok("start_workflow", json!({ "profile": id, "start": start, "today": "2026-11-21" }));
    assert_eq!((workflow["rule"].as_str(), workflow["due_date"].as_str()), (Some("MC-3"), Some("2027-03-01")));
    let update = json!({ "workflow_id": workflow["id"], "position": 0, "done": true, "note": "agreed by phone" });
    let ticked = h.ok("update_workflow_step", json!({ "profile": id, "update": update }));
    assert!(ticked["steps"][0]["done_at"].is_string());
    let open = h.ok("list_workflows", json!({ "profile": id, "customer": null, "includeClosed": false }));
    assert_eq!(open.as_array().map(Vec::len), Some(1));

    let gov = h.ok("create_profile", new_profile("Gov", "us-gov"))["id"].as_str().expect("id").to_string();
    let draft = h.ok("request_draft", json!({ "profile": gov }));
    assert_eq!(draft["without_dap_unavailable"]["rule"], "NC-3");
    let refused = h.err(
        "record_request",
        json!({ "profile": gov, "sent": { "customer": null, "with_delegated_admin": false, "language": "en" } }),
    );
    assert_eq!(refused["code"], "invalid_input");
    let network = h.ok("partner_network", json!({ "profile": gov }));
    assert_eq!(network["unavailable"]["rule"], "NC-1");
}

/// The detail's local edits through the IPC: tags, a partner and its link
/// entered by hand, and the history the demo's snapshot recorded.
#[test]
fn tags_manual_partner_link_and_history_through_the_ipc() {
    let h = harness();
    let demo = h.ok("create_demo_profiles", json!({}));
    let id = demo[0]["id"].clone();
    let page = h.ok("list_customers", json!({ "profile": id, "query": { "search": null, "limit": 1, "offset": 0 } }));
    let tenant = page["items"][0]["tenant_id"].clone();

    let tags = h.ok("set_customer_tags", json!({ "profile": id, "customer": tenant, "tags": ["renewal", " vip "] }));
    let shown: Vec<&str> = tags["tags"].as_array().expect("tags").iter().filter_map(|t| t["tag"].as_str()).collect();
    assert!(shown.contains(&"renewal") && shown.contains(&"vip"), "{tags}");
    let bad = h.err("set_customer_tags", json!({ "profile": id, "customer": tenant, "tags": ["a,b"] }));
    assert_eq!(bad["code"], "invalid_input");
    assert_eq!(h.ok("customer_tags", json!({ "profile": id, "customer": tenant }))["tags"], tags["tags"]);
    let query = json!({ "search": null, "tag": "renewal", "limit": 10, "offset": 0 });
    assert_eq!(h.ok("list_customers", json!({ "profile": id, "query": query }))["total"], 1);

    let partner = h.ok(
        "add_manual_partner",
        json!({ "profile": id, "input": { "name": "Northwind Advisors", "tenant_id": null, "mpn_id": "7654321",
                                          "location": "JP" } }),
    );
    assert_eq!(partner["id"], "mpn:7654321");
    let known = h.ok("list_partners", json!({ "profile": id }));
    assert!(known.as_array().expect("partners").iter().any(|k| k["partner"]["id"] == "mpn:7654321"));
    let link =
        json!({ "customer_tenant_id": tenant, "partner_id": "mpn:7654321", "kind": "advisor", "scope": "Azure" });
    assert_eq!(h.ok("add_manual_link", json!({ "profile": id, "link": link }))["source"], "manual");
    assert_eq!(h.err("add_manual_link", json!({ "profile": id, "link": link }))["code"], "invalid_input");
    let view = h.ok("customer_view", json!({ "profile": id, "customer": tenant }));
    assert!(view["bundle"]["links"].as_array().expect("links").iter().any(|l| l["partner_id"] == "mpn:7654321"));
    assert_eq!(h.ok("remove_manual_link", json!({ "profile": id, "link": link })), Value::Null);

    let history = h.ok("customer_history", json!({ "profile": id, "customer": tenant }));
    let entries = history["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1, "the demo's one snapshot: {history}");
    assert_eq!(entries[0]["changes"][0]["field"], "added");
}
