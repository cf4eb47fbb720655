//! A small W3C WebDriver client, enough to drive the Partner Desk app
//! through tauri-driver: the end-to-end tests (`tests/e2e`) and the app's
//! benchmark (`crates/bench/src/app.rs`) share it.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// tauri-driver as a child process, stopped (with the app) on drop.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("finding a free port: {e}"))
}

/// Starts tauri-driver (`$TAURI_DRIVER`, else `tauri-driver` on the PATH)
/// with `PARTNER_DESK_DATA_DIR` and `env` for the app it will launch, and
/// waits until it listens; returns it with its port.
pub fn start_driver(data_dir: &Path, env: &[(&str, String)], timeout: Duration) -> Result<(Driver, u16), String> {
    let (port, native_port) = (free_port()?, free_port()?);
    let child = Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
        .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
        .env("PARTNER_DESK_DATA_DIR", data_dir)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .spawn()
        .map_err(|e| format!("starting tauri-driver (cargo install tauri-driver --locked): {e}"))?;
    let driver = Driver(child);
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > timeout {
            return Err("tauri-driver did not start listening".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok((driver, port))
}

/// The W3C key under which an element reference is returned.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Session {
    agent: ureq::Agent,
    base: String,
    id: String,
    /// How often the `wait_*` methods look at the page again.
    poll: Duration,
}

#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    /// Starts the app through tauri-driver listening on `port`; `timeout`
    /// bounds each request (a long script included).
    pub fn start(port: u16, application: &Path, args: &[String], timeout: Duration) -> Result<Session, String> {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(timeout)).build().into();
        let base = format!("http://127.0.0.1:{port}");
        let capabilities = json!({
            "capabilities": { "alwaysMatch": { "tauri:options": {
                "application": application.display().to_string(),
                "args": args,
            } } }
        });
        let mut session = Session { agent, base, id: String::new(), poll: Duration::from_millis(150) };
        let value = session.call("POST", "/session", Some(capabilities))?;
        session.id = value["sessionId"].as_str().ok_or(format!("no session id in {value}"))?.to_string();
        Ok(session)
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{}", self.base, path);
        let response = match (method, body) {
            ("POST", body) => self.agent.post(&url).send_json(body.unwrap_or_else(|| json!({}))),
            ("DELETE", _) => self.agent.delete(&url).call(),
            _ => self.agent.get(&url).call(),
        };
        let mut response = response.map_err(|e| format!("{method} {path}: {e}"))?;
        let status = response.status();
        let body: Value = response.body_mut().read_json().map_err(|e| format!("{method} {path}: {e}"))?;
        if !status.is_success() {
            return Err(format!("{method} {path}: {status} {}", body["value"]));
        }
        Ok(body["value"].clone())
    }

    /// Looks at the page this often while waiting (a benchmark measuring
    /// time to a first row polls finely).
    pub fn poll_every(mut self, interval: Duration) -> Session {
        self.poll = interval;
        self
    }

    /// Runs `script` in the page; it reports by calling its last argument.
    pub fn execute_async(&self, script: &str, args: Value) -> Result<Value, String> {
        self.call("POST", &self.session_path("/execute/async"), Some(json!({"script": script, "args": args})))
    }

    /// How long an `execute_async` script may run.
    pub fn set_script_timeout(&self, timeout: Duration) -> Result<(), String> {
        let ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        self.call("POST", &self.session_path("/timeouts"), Some(json!({ "script": ms }))).map(drop)
    }

    fn session_path(&self, rest: &str) -> String {
        format!("/session/{}{}", self.id, rest)
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        // WebKitWebDriver reports a node removed while it collects matches
        // (a list re-rendering) as a stale element: the page is looked at again.
        let mut tries = 0;
        let value = loop {
            match self.call(
                "POST",
                &self.session_path("/elements"),
                Some(json!({"using": "css selector", "value": css})),
            ) {
                Err(e) if e.contains("stale element reference") && tries < 20 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(50));
                }
                other => break other?,
            }
        };
        Ok(value
            .as_array()
            .map(|items| {
                items.iter().filter_map(|e| e[ELEMENT_KEY].as_str()).map(|id| Element(id.to_string())).collect()
            })
            .unwrap_or_default())
    }

    /// Waits until `css` matches at least one element, and returns the first.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element, String> {
        let found = self.wait_for_count(css, 1, timeout)?;
        found.into_iter().next().ok_or_else(|| format!("nothing matches {css}"))
    }

    /// Waits until `css` matches at least `count` elements.
    pub fn wait_for_count(&self, css: &str, count: usize, timeout: Duration) -> Result<Vec<Element>, String> {
        let start = Instant::now();
        loop {
            let found = self.find_all(css)?;
            if found.len() >= count {
                return Ok(found);
            }
            if start.elapsed() > timeout {
                return Err(format!("timed out after {timeout:?} waiting for {count} × {css} (found {})", found.len()));
            }
            std::thread::sleep(self.poll);
        }
    }

    /// Waits until `check` holds, re-reading the page each time.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&Session) -> Result<bool, String>,
    ) -> Result<(), String> {
        let start = Instant::now();
        loop {
            // The page may re-render between finding an element and reading it
            // (a debounced search replacing its rows): look again.
            match check(self) {
                Ok(true) => return Ok(()),
                Ok(false) => {}
                Err(e) if e.contains("stale element reference") => {}
                Err(e) => return Err(e),
            }
            if start.elapsed() > timeout {
                return Err(format!("timed out after {timeout:?} waiting until {what}"));
            }
            std::thread::sleep(self.poll);
        }
    }

    /// Finds the first match and clicks it; if the page re-rendered in
    /// between (a stale element), finds it again.
    pub fn click_first(&self, css: &str, timeout: Duration) -> Result<(), String> {
        let start = Instant::now();
        loop {
            match self.wait_for(css, timeout).and_then(|element| self.click(&element)) {
                Err(e) if e.contains("stale element reference") && start.elapsed() < timeout => continue,
                other => return other,
            }
        }
    }

    pub fn click(&self, element: &Element) -> Result<(), String> {
        self.call("POST", &self.session_path(&format!("/element/{}/click", element.0)), None).map(drop)
    }

    pub fn type_text(&self, element: &Element, text: &str) -> Result<(), String> {
        self.call("POST", &self.session_path(&format!("/element/{}/value", element.0)), Some(json!({"text": text})))
            .map(drop)
    }

    pub fn call_clear(&self, element: &Element) -> Result<(), String> {
        self.call("POST", &self.session_path(&format!("/element/{}/clear", element.0)), None).map(drop)
    }

    pub fn text(&self, element: &Element) -> Result<String, String> {
        let value = self.call("GET", &self.session_path(&format!("/element/{}/text", element.0)), None)?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    /// The element's whole text, whatever its styling: WebKit's rendered
    /// text leaves out cells cut off with an ellipsis.
    pub fn text_content(&self, element: &Element) -> Result<String, String> {
        let value = self.call(
            "POST",
            &self.session_path("/execute/sync"),
            Some(json!({"script": "return arguments[0].textContent;", "args": [{ELEMENT_KEY: element.0}]})),
        )?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    /// An attribute's value, `None` when the element does not have it.
    pub fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>, String> {
        let value = self.call("GET", &self.session_path(&format!("/element/{}/attribute/{name}", element.0)), None)?;
        Ok(value.as_str().map(str::to_string))
    }

    /// Presses Escape in the focused element (closes a dialog).
    pub fn send_escape(&self) -> Result<(), String> {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": "\u{E00C}"}, {"type": "keyUp", "value": "\u{E00C}"}
        ]}]});
        self.call("POST", &self.session_path("/actions"), Some(actions)).map(drop)
    }

    pub fn find_within(&self, parent: &Element, css: &str) -> Result<Vec<Element>, String> {
        let value = self.call(
            "POST",
            &self.session_path(&format!("/element/{}/elements", parent.0)),
            Some(json!({"using": "css selector", "value": css})),
        )?;
        Ok(value
            .as_array()
            .map(|items| {
                items.iter().filter_map(|e| e[ELEMENT_KEY].as_str()).map(|id| Element(id.to_string())).collect()
            })
            .unwrap_or_default())
    }

    /// Captures the whole X display the app runs on. WebKitWebDriver's own
    /// screenshot endpoint does not answer under Xvfb without compositing.
    pub fn screenshot(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        let status = std::process::Command::new("import")
            .args(["-window", "root"])
            .arg(path)
            .status()
            .map_err(|e| format!("running ImageMagick's import: {e}"))?;
        if status.success() { Ok(()) } else { Err(format!("import failed for {}", path.display())) }
    }

    pub fn end(&self) {
        let _ = self.call("DELETE", &self.session_path(""), None);
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_port_can_be_listened_on() {
        let port = free_port().unwrap();
        assert_ne!(port, 0);
        assert!(TcpListener::bind(("127.0.0.1", port)).is_ok());
    }

    #[test]
    fn a_session_against_nothing_fails_with_the_request_named() {
        let port = free_port().unwrap();
        let err = Session::start(port, Path::new("/no/app"), &[], Duration::from_secs(2)).err().unwrap();
        assert!(err.starts_with("POST /session"), "{err}");
    }
}
