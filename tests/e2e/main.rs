//! End-to-end: the real app binary (front end embedded), driven through
//! tauri-driver and WebKitWebDriver under Xvfb. Run by `make test-e2e`, which
//! builds the app and sets PARTNER_DESK_E2E_APP; ignored by a plain `cargo test`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use partner_desk_webdriver::{Driver, Session, start_driver};

const WAIT: Duration = Duration::from_secs(30);

fn start(data_dir: &Path) -> (Driver, Session) {
    start_with(data_dir, &[])
}

/// Starts the app with extra environment (the scripted answers to its file dialogs).
fn start_with(data_dir: &Path, env: &[(&str, String)]) -> (Driver, Session) {
    let app =
        PathBuf::from(std::env::var("PARTNER_DESK_E2E_APP").expect("PARTNER_DESK_E2E_APP: the app binary to drive"));
    assert!(app.is_file(), "{} is not built", app.display());
    let (driver, port) = start_driver(data_dir, env, WAIT).expect("tauri-driver listening");
    let args = vec!["--data-dir".to_string(), data_dir.display().to_string()];
    let session =
        Session::start(port, &app, &args, Duration::from_secs(120)).expect("a WebDriver session with the app");
    (driver, session)
}

fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/artifacts")
}

fn profile_files(data_dir: &Path) -> usize {
    std::fs::read_dir(data_dir.join("profiles"))
        .map(|d| d.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "sqlite")).count())
        .unwrap_or(0)
}

#[test]
#[ignore = "needs the built app, tauri-driver and a display: run `make test-e2e`"]
fn first_launch_create_a_us_gov_profile_then_demo_profiles_then_customers() -> Result<(), String> {
    let data_dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let (_driver, s) = start(data_dir.path());

    // An empty data dir: the first-launch panel offers demo profiles.
    s.wait_for("[data-testid=first-launch]", WAIT)?;
    s.wait_for("[data-testid=empty-create-demo-profiles], [data-testid=create-demo-profiles]", WAIT)?;

    // Create a US Government profile through the dialog; a bad tenant id is caught first.
    s.click(&s.wait_for("[data-testid=new-profile]", WAIT)?)?;
    let dialog = "[data-testid=create-profile-dialog]";
    s.type_text(&s.wait_for(&format!("{dialog} input[name=name]"), WAIT)?, "Contoso Gov")?;
    s.click(&s.wait_for(&format!("{dialog} select[name=cloud] option[value=us-gov]"), WAIT)?)?;
    let tenant = s.wait_for(&format!("{dialog} input[name=tenant_id]"), WAIT)?;
    s.type_text(&tenant, "not-a-guid")?;
    s.type_text(&s.wait_for(&format!("{dialog} input[name=mpn_id]"), WAIT)?, "1234567")?;
    s.click(&s.wait_for("[data-testid=create-profile-submit]", WAIT)?)?;
    s.wait_for("[data-testid=field-error-tenant_id]", WAIT)?;
    assert_eq!(profile_files(data_dir.path()), 0, "an invalid form writes nothing");
    s.call_clear(&tenant)?;
    s.type_text(&tenant, "72f988bf-86f1-41af-91ab-2d7cd011db47")?;
    s.click(&s.wait_for("[data-testid=create-profile-submit]", WAIT)?)?;

    let card = s.wait_for("[data-testid=profile-card][data-cloud=us-gov]", WAIT)?;
    let badge = s.find_within(&card, "[data-testid=cloud-badge]")?;
    let badge_text = s.text(badge.first().ok_or("the card has no cloud badge")?)?;
    assert!(badge_text.contains("US Government"), "badge reads {badge_text:?}");
    assert_eq!(profile_files(data_dir.path()), 1, "the profile is written to the overridden data dir");

    // Create the demo profiles, one per cloud.
    s.click(&s.wait_for("[data-testid=create-demo-profiles]", WAIT)?)?;
    let cards = s.wait_for_count("[data-testid=profile-card]", 5, Duration::from_secs(120))?;
    assert_eq!(cards.len(), 5);
    for cloud in ["global", "us-gov", "germany", "china"] {
        s.wait_for(&format!("[data-testid=profile-card][data-cloud={cloud}]"), WAIT)?;
    }
    s.screenshot(&artifacts().join("profile-picker.png"))?;

    // Open the global demo profile and see its customers.
    let global = s.wait_for("[data-testid=profile-card][data-cloud=global]", WAIT)?;
    let open = s.find_within(&global, "[data-testid=open-profile]")?;
    s.click(open.first().ok_or("the card has no Open button")?)?;
    s.wait_for("[data-testid=customers-view]", WAIT)?;
    let rows = s.wait_for_count("[data-testid=customer-row]", 10, WAIT)?;
    assert!(rows.len() >= 10, "customers are listed");
    s.wait_until("the count names all demo customers", WAIT, |s| {
        Ok(s.text(&s.wait_for("[data-testid=customer-count]", WAIT)?)?.contains("400"))
    })?;

    // Search by part of a Japanese name.
    s.type_text(&s.wait_for("[data-testid=customer-search]", WAIT)?, "株式会社")?;
    s.wait_until("only Japanese companies are listed", WAIT, |s| {
        let rows = s.find_all("[data-testid=customer-row]")?;
        if rows.is_empty() {
            return Ok(false);
        }
        for row in &rows {
            if !s.text_content(row)?.contains("株式会社") {
                return Ok(false);
            }
        }
        Ok(true)
    })?;
    s.screenshot(&artifacts().join("customers.png"))?;

    // Open one: its partners panel and every action with a verdict.
    s.click_first("[data-testid=customer-row] td", WAIT)?;
    s.wait_for("[data-testid=customer-detail]", WAIT)?;
    s.wait_for("[data-testid=partners-panel]", WAIT)?;
    let verdicts = s.wait_for_count("[data-testid=verdict]", 5, WAIT)?;
    assert!(verdicts.len() >= 5, "the five customer actions at least");
    s.wait_for("[data-testid=verdict][data-action=sell-online-services]", WAIT)?;
    s.wait_for("[data-testid=reason][data-rule]", WAIT)?;
    s.screenshot(&artifacts().join("customer-detail.png"))?;

    // The findings dashboard lists what needs attention.
    s.click(&s.wait_for("[data-testid=back-to-customers]", WAIT)?)?;
    s.click(&s.wait_for("[data-testid=findings-tab]", WAIT)?)?;
    s.wait_for("[data-testid=findings-view]", WAIT)?;
    s.wait_for_count("[data-testid=finding]", 5, WAIT)?;
    s.screenshot(&artifacts().join("findings.png"))?;
    Ok(())
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A customer list big enough that importing it takes a few seconds, so its
/// progress can be seen and the import cancelled.
fn write_large_customer_list(path: &Path, customers: usize) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    write!(out, "{{\"totalCount\": {customers}, \"items\": [")?;
    for i in 0..customers {
        let id = format!("{:08x}-0000-4000-8000-{:012x}", 0xe2e, i);
        if i > 0 {
            write!(out, ",")?;
        }
        write!(
            out,
            "{{\"id\": \"{id}\", \"companyProfile\": {{\"tenantId\": \"{id}\", \"domain\": \"bulk{i}.onmicrosoft.com\", \"companyName\": \"Bulk Customer {i}\"}}, \"relationshipToPartner\": \"reseller\"}}"
        )?;
    }
    write!(out, "]}}")?;
    out.flush()
}

/// Creates a profile through the dialog.
fn create_profile(s: &Session, name: &str, cloud: &str, tenant: &str) -> Result<(), String> {
    s.click(&s.wait_for("[data-testid=new-profile]", WAIT)?)?;
    let dialog = "[data-testid=create-profile-dialog]";
    s.type_text(&s.wait_for(&format!("{dialog} input[name=name]"), WAIT)?, name)?;
    s.click(&s.wait_for(&format!("{dialog} select[name=cloud] option[value={cloud}]"), WAIT)?)?;
    s.type_text(&s.wait_for(&format!("{dialog} input[name=tenant_id]"), WAIT)?, tenant)?;
    s.type_text(&s.wait_for(&format!("{dialog} input[name=mpn_id]"), WAIT)?, "4810011")?;
    s.click(&s.wait_for("[data-testid=create-profile-submit]", WAIT)?)?;
    s.wait_for(&format!("[data-testid=profile-card][data-cloud={cloud}]"), WAIT)?;
    Ok(())
}

fn open_profile(s: &Session, cloud: &str) -> Result<(), String> {
    let card = s.wait_for(&format!("[data-testid=profile-card][data-cloud={cloud}]"), WAIT)?;
    let open = s.find_within(&card, "[data-testid=open-profile]")?;
    s.click(open.first().ok_or("the card has no Open button")?)?;
    s.wait_for("[data-testid=customers-view]", WAIT)?;
    Ok(())
}

fn search(s: &Session, text: &str, expect: &str) -> Result<(), String> {
    s.type_text(&s.wait_for("[data-testid=customer-search]", WAIT)?, text)?;
    s.wait_until(&format!("only {expect} is listed"), WAIT, |s| {
        let rows = s.find_all("[data-testid=customer-row]")?;
        Ok(rows.len() == 1 && s.text_content(&rows[0])?.contains(expect))
    })
}

#[test]
#[ignore = "needs the built app, tauri-driver and a display: run `make test-e2e`"]
fn import_with_the_wizard_then_review_plan_request_translate_and_export() -> Result<(), String> {
    let data_dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let large = work.path().join("customers-large.json");
    write_large_customer_list(&large, 60_000).map_err(|e| e.to_string())?;
    let exports = work.path().join("exports");
    std::fs::create_dir_all(&exports).map_err(|e| e.to_string())?;
    // The file dialogs' answers: first the large list (cancelled), then the export folder.
    let picks = format!("{}\n{}", large.display(), fixtures().join("export-folder").display());
    let (_driver, s) = start_with(
        data_dir.path(),
        &[("PARTNER_DESK_DIALOG_OPEN", picks), ("PARTNER_DESK_DIALOG_SAVE_DIR", exports.display().to_string())],
    );

    // A global profile, still empty: its empty state leads to the import wizard.
    s.wait_for("[data-testid=first-launch]", WAIT)?;
    create_profile(&s, "Contoso Global", "global", "8f3c1a52-4b7e-4d29-9a61-2c5e7b0d4f18")?;
    open_profile(&s, "global")?;
    s.click(&s.wait_for("[data-testid=empty-import]", WAIT)?)?;
    s.wait_for("[data-testid=import-view]", WAIT)?;

    // The large file: checked, then imported with a progress bar, then cancelled.
    s.click(&s.wait_for("[data-testid=pick-files]", WAIT)?)?;
    s.wait_for("[data-testid=import-file][data-format=rest-customers]", Duration::from_secs(120))?;
    s.wait_for("[data-testid=import-valid]", WAIT)?;
    s.click(&s.wait_for("[data-testid=run-import]", WAIT)?)?;
    s.wait_for("[data-testid=import-progress][data-phase=import]", WAIT)?;
    s.screenshot(&artifacts().join("import-progress.png"))?;
    s.click(&s.wait_for("[data-testid=cancel-import]", WAIT)?)?;
    s.wait_for("[data-testid=import-error][data-code=cancelled]", WAIT)?;

    // The fixture export folder: every file's format, then the snapshot's counts.
    s.click(&s.wait_for("[data-testid=pick-folder]", WAIT)?)?;
    let files = s.wait_for_count("[data-testid=import-file]", 10, WAIT)?;
    assert_eq!(files.len(), 10, "the export folder's ten files");
    s.wait_for("[data-testid=import-file][data-format=graph-gdap]", WAIT)?;
    s.click(&s.wait_for("[data-testid=run-import]", WAIT)?)?;
    s.wait_for("[data-testid=import-result]", WAIT)?;
    // Three customers (customers.json names them; one has its own customer.json
    // too), and nothing from the cancelled import.
    let customers = s.wait_for("[data-testid=import-count][data-entity=customer]", WAIT)?;
    assert_eq!(s.attribute(&customers, "data-added")?.as_deref(), Some("3"));
    s.wait_for("[data-testid=snapshot][data-snapshot-id='1']", WAIT)?;
    assert!(s.find_all("[data-testid=snapshot]")?.len() == 1, "the cancelled import left no snapshot");
    s.screenshot(&artifacts().join("import.png"))?;

    // Search by part of a Japanese name and open the customer.
    s.click(&s.wait_for("[data-testid=customers-tab]", WAIT)?)?;
    // The list refetches after the import: wait for the settled count.
    s.wait_until("the list counts the three imported customers", WAIT, |s| {
        let count = s.text(&s.wait_for("[data-testid=customer-count]", WAIT)?)?;
        Ok(count.starts_with("3 ") && !count.contains('…'))
    })?;
    let searched = search(&s, "さくら", "株式会社さくら商事");
    if searched.is_err() {
        s.screenshot(&artifacts().join("failed-search.png"))?;
        let rows = s.find_all("[data-testid=customer-row]")?;
        let texts: Vec<String> = rows.iter().filter_map(|r| s.text_content(r).ok()).collect();
        return Err(format!("{searched:?}: rows {texts:?}"));
    }
    s.click_first("[data-testid=customer-row] td", WAIT)?;
    s.wait_for("[data-testid=customer-detail]", WAIT)?;

    // Two partners: ours and another.
    s.wait_for("[data-testid=partner-link][data-ours=true]", WAIT)?;
    s.wait_for("[data-testid=partner-link][data-ours=false]", WAIT)?;

    // Moving the Office 365 E3 licence is restricted by MC-3 until its term ends.
    let moving = "[data-subscription-id=a7c1e2d3-4b5f-4c6d-9e7f-0a1b2c3d4e01] \
                  [data-testid=verdict][data-action=move-license-subscription][data-verdict=restricted]";
    let mut text = String::new();
    s.wait_until("the MC-3 verdict is shown", WAIT, |s| {
        text = s.text_content(&s.wait_for(moving, WAIT)?)?;
        Ok(!text.is_empty())
    })?;
    assert!(text.contains("MC-3"), "the verdict cites MC-3: {text:?}");
    assert!(text.contains("2027"), "the verdict names its earliest date: {text:?}");
    s.click_first(&format!("{moving} [data-testid=start-workflow][data-option=wait_for_term_end]"), WAIT)?;
    let due = "[data-testid=customer-workflows] [data-testid=workflow][data-rule=MC-3] [data-testid=workflow-due]";
    let mut due_text = String::new();
    s.wait_until("the workflow shows its due date", WAIT, |s| {
        due_text = s.text_content(&s.wait_for(due, WAIT)?)?;
        Ok(true)
    })?;
    assert!(due_text.contains("2027"), "due at the term end: {due_text:?}");
    s.click_first("[data-testid=customer-workflows] [data-testid=workflow-step-done]", WAIT)?;
    s.wait_for("[data-testid=customer-workflows] [data-testid=workflow-step][data-done=true]", WAIT)?;
    s.screenshot(&artifacts().join("workflow.png"))?;

    // A tag of our own, another partner entered by hand, and the import in the history.
    let tag = s.wait_for("[data-testid=new-tag]", WAIT)?;
    s.type_text(&tag, "renewal Q1")?;
    s.click(&s.wait_for("[data-testid=add-tag]", WAIT)?)?;
    s.wait_for("[data-testid=customer-tag][data-imported=false]", WAIT)?;
    s.click(&s.wait_for("[data-testid=add-manual-link]", WAIT)?)?;
    s.click(&s.wait_for("[data-testid=link-mode-new]", WAIT)?)?;
    s.type_text(&s.wait_for("[data-testid=partner-name-input]", WAIT)?, "Northwind Advisors")?;
    s.click(&s.wait_for("[data-testid=link-submit]", WAIT)?)?;
    s.wait_for_count("[data-testid=partner-link]", 3, WAIT)?;
    s.wait_for("[data-testid=remove-manual-link]", WAIT)?;
    s.wait_for("[data-testid=customer-history] [data-testid=history-entry]", WAIT)?;

    // In a US Government profile the composer cannot ask without delegated admin (NC-3).
    s.click(&s.wait_for("[data-testid=back-to-profiles]", WAIT)?)?;
    create_profile(&s, "Contoso Gov", "us-gov", "72f988bf-86f1-41af-91ab-2d7cd011db47")?;
    open_profile(&s, "us-gov")?;
    s.click(&s.wait_for("[data-testid=open-composer-profile]", WAIT)?)?;
    s.wait_for("[data-testid=request-composer]", WAIT)?;
    // The draft loads after the dialog opens: its NC-3 reason says it has.
    s.wait_for("[data-testid=composer-without-dap-reason][data-rule=NC-3]", WAIT)?;
    let without = s.wait_for("[data-testid=composer-without-dap]", WAIT)?;
    if s.attribute(&without, "disabled")?.is_none() {
        return Err("without delegated admin is offered in us-gov".into());
    }
    let link = s.text(&s.wait_for("[data-testid=composer-link]", WAIT)?)?;
    assert!(link.contains("portal.office365.us") && link.contains("DAP=true"), "{link}");
    s.screenshot(&artifacts().join("composer-us-gov.png"))?;
    s.send_escape()?;
    s.click(&s.wait_for("[data-testid=back-to-profiles]", WAIT)?)?;

    // Japanese: the labels are translated.
    s.click(&s.wait_for("[data-testid=language-select] option[value=ja]", WAIT)?)?;
    open_profile(&s, "global")?;
    s.wait_until("the tabs read in Japanese", WAIT, |s| {
        Ok(s.text(&s.wait_for("[data-testid=customers-tab]", WAIT)?)? == "顧客")
    })?;

    // Export the customer view (searched) to CSV and find the file.
    search(&s, "さくら", "株式会社さくら商事")?;
    s.click(&s.wait_for("[data-testid=export-csv]", WAIT)?)?;
    s.wait_until("the export says where it wrote", WAIT, |s| {
        Ok(s.text(&s.wait_for("[data-testid=export-status]", WAIT)?)?.contains("Contoso Global.csv"))
    })?;
    let csv = std::fs::read_to_string(exports.join("Contoso Global.csv")).map_err(|e| e.to_string())?;
    assert!(csv.starts_with('\u{feff}'), "a BOM for Excel");
    assert_eq!(csv.lines().count(), 2, "the header and the one customer in view: {csv}");
    assert!(csv.contains("株式会社さくら商事") && csv.contains("2b6f8e41-0c3d-4a57-9e12-7f4d5a8c9b30"));
    Ok(())
}
