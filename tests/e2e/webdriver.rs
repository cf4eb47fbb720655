//! A small W3C WebDriver client, enough to drive the app through tauri-driver.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The W3C key under which an element reference is returned.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Session {
    agent: ureq::Agent,
    base: String,
    id: String,
}

#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    /// Starts the app through tauri-driver listening on `port`.
    pub fn start(port: u16, application: &Path, args: &[String]) -> Result<Session, String> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let capabilities = json!({
            "capabilities": { "alwaysMatch": { "tauri:options": {
                "application": application.display().to_string(),
                "args": args,
            } } }
        });
        let mut session = Session { agent, base, id: String::new() };
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
            std::thread::sleep(Duration::from_millis(150));
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
            std::thread::sleep(Duration::from_millis(150));
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
