//! End-to-end: the real app binary (front end embedded), driven through
//! tauri-driver and WebKitWebDriver under Xvfb. Run by `make test-e2e`, which
//! builds the app and sets PARTNER_DESK_E2E_APP; ignored by a plain `cargo test`.

mod webdriver;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use webdriver::Session;

const WAIT: Duration = Duration::from_secs(30);

/// tauri-driver as a child process, stopped (with the app) on drop.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn start(data_dir: &Path) -> (Driver, Session) {
    let app =
        PathBuf::from(std::env::var("PARTNER_DESK_E2E_APP").expect("PARTNER_DESK_E2E_APP: the app binary to drive"));
    assert!(app.is_file(), "{} is not built", app.display());
    let (port, native_port) = (free_port(), free_port());
    let driver = Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
        .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
        .env("PARTNER_DESK_DATA_DIR", data_dir)
        .spawn()
        .expect("tauri-driver runs (cargo install tauri-driver --locked)");
    let driver = Driver(driver);
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < WAIT, "tauri-driver did not start listening");
        std::thread::sleep(Duration::from_millis(100));
    }
    let args = vec!["--data-dir".to_string(), data_dir.display().to_string()];
    let session = Session::start(port, &app, &args).expect("a WebDriver session with the app");
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
    let count = s.text(&s.wait_for("[data-testid=customer-count]", WAIT)?)?;
    assert!(count.contains("400"), "the count names all demo customers: {count:?}");

    // Search by part of a Japanese name.
    s.type_text(&s.wait_for("[data-testid=customer-search]", WAIT)?, "株式会社")?;
    s.wait_until("only Japanese companies are listed", WAIT, |s| {
        let rows = s.find_all("[data-testid=customer-row]")?;
        if rows.is_empty() {
            return Ok(false);
        }
        for row in &rows {
            if !s.text(row)?.contains("株式会社") {
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
