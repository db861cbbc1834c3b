//! Just enough WebDriver to drive the real app: tauri-driver (in front of
//! WebKitWebDriver) on explicit local ports, the app with its own empty data
//! folder, and the few commands a person's actions need.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Driver {
    process: Child,
    url: String,
}

pub struct Session {
    base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Driver {
    /// Starts tauri-driver with `data` as the OS data folder of the app,
    /// and `env` added to the app's environment.
    pub fn start(data: &Path, env: &[(&str, String)]) -> Driver {
        let port = free_port();
        let native = free_port();
        let process = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("XDG_DATA_HOME", data)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver is installed by `make test`");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{url}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { process, url }
    }

    /// Launches the app and opens a session on its window.
    pub fn launch(&self) -> Session {
        let caps =
            json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": env!("CARGO_BIN_EXE_cam-ket")}}}});
        let reply = post(&format!("{}/session", self.url), caps);
        let id = reply["value"]["sessionId"].as_str().expect("session id").to_string();
        let s = Session { base: format!("{}/session/{id}", self.url) };
        s.wait_for("header .brand");
        s
    }

    /// The process id of the app this driver launched (tauri-driver starts
    /// WebKitWebDriver, which starts the app), for killing it as a crash would.
    pub fn app_pid(&self) -> Option<u32> {
        let out = Command::new("ps").args(["-e", "-o", "pid=,ppid=,args="]).output().ok()?;
        let table = String::from_utf8_lossy(&out.stdout).to_string();
        let rows: Vec<(u32, u32, &str)> = table
            .lines()
            .filter_map(|l| {
                let mut parts = l.split_whitespace();
                Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, l))
            })
            .collect();
        let mut ours = vec![self.process.id()];
        let mut i = 0;
        while i < ours.len() {
            let parent = ours[i];
            ours.extend(rows.iter().filter(|r| r.1 == parent).map(|r| r.0));
            i += 1;
        }
        rows.iter().find(|r| ours.contains(&r.0) && r.2.contains(env!("CARGO_BIN_EXE_cam-ket"))).map(|r| r.0)
    }
}

impl Drop for Driver {
    /// Stops the driver and waits for its app to be gone: a window of this
    /// test still on the display would take the next test's keys. Ending the
    /// session sometimes leaves the app's window open (WebKitWebDriver's
    /// teardown, not a close the member makes; that one has its own test):
    /// after 5 s it is killed.
    fn drop(&mut self) {
        let app = self.app_pid();
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver too.
        let _ = Command::new("kill").arg(self.process.id().to_string()).status();
        let _ = self.process.wait();
        let Some(pid) = app else { return };
        let deadline = Instant::now() + Duration::from_secs(5);
        while alive(pid) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        if alive(pid) {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

/// Whether the process runs (an exited one nobody reaped yet does not).
fn alive(pid: u32) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(") ").is_some_and(|(_, rest)| !rest.starts_with('Z'))
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    let installed = home.join("bin").join("tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

fn post(url: &str, body: Value) -> Value {
    match ureq::post(url).send_json(body) {
        Ok(r) => r.into_json().unwrap(),
        Err(ureq::Error::Status(code, r)) => panic!("{url}: {code} {}", r.into_string().unwrap_or_default()),
        Err(e) => panic!("{url}: {e}"),
    }
}

fn get(url: &str) -> Value {
    match ureq::get(url).call() {
        Ok(r) => r.into_json().unwrap(),
        Err(ureq::Error::Status(code, r)) => panic!("{url}: {code} {}", r.into_string().unwrap_or_default()),
        Err(e) => panic!("{url}: {e}"),
    }
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Session {
    fn find(&self, css: &str) -> Option<String> {
        let r = ureq::post(&format!("{}/element", self.base))
            .send_json(json!({"using": "css selector", "value": css}))
            .ok()?
            .into_json::<Value>()
            .ok()?;
        r["value"][ELEMENT].as_str().map(str::to_string)
    }

    /// Waits (up to 15 s) for an element, as a person waits for a screen.
    pub fn wait_for(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(id) = self.find(css) {
                return id;
            }
            assert!(Instant::now() < deadline, "no element {css}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits (up to 15 s) until no element matches `css`.
    pub fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.find(css).is_some() {
            assert!(Instant::now() < deadline, "{css} is still there");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn click(&self, css: &str) {
        let id = self.wait_for(css);
        self.script("arguments[0].scrollIntoView({block: 'center'})", json!([{ELEMENT: id}]));
        post(&format!("{}/element/{id}/click", self.base), json!({}));
    }

    /// Clicks the first button whose text is exactly `label`.
    pub fn click_button(&self, label: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let clicked = self.script(
                "const b=[...document.querySelectorAll('button')].find(b=>b.textContent.trim()===arguments[0]&&!b.disabled); if(b){b.click();return true} return false",
                json!([label]),
            );
            if clicked == json!(true) {
                return;
            }
            assert!(Instant::now() < deadline, "no button {label}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Types into a field through the keyboard events a person's typing makes.
    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.wait_for(css);
        // WebKitWebDriver does not scroll before clearing; a person would scroll to the field.
        self.script("arguments[0].scrollIntoView({block: 'center'})", json!([{ELEMENT: id}]));
        post(&format!("{}/element/{id}/clear", self.base), json!({}));
        post(&format!("{}/element/{id}/value", self.base), json!({"text": text}));
    }

    /// Leaves the focused field, as pressing Tab away from it does.
    pub fn blur(&self) {
        self.script("document.activeElement && document.activeElement.blur()", json!([]));
    }

    pub fn text(&self, css: &str) -> String {
        self.read(css, "text")
    }

    pub fn value(&self, css: &str) -> String {
        self.read(css, "property/value")
    }

    /// Reads from the element matching `css`; when the page replaced that
    /// element between finding and reading it, finds it again.
    fn read(&self, css: &str, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let id = self.wait_for(css);
            match ureq::get(&format!("{}/element/{id}/{what}", self.base)).call() {
                Ok(r) => return r.into_json::<Value>().unwrap()["value"].as_str().unwrap_or_default().to_string(),
                Err(e) => assert!(Instant::now() < deadline, "{css}: {e}"),
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the text of `css` is exactly `expected`.
    pub fn wait_exact(&self, css: &str, expected: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.text(css) != expected {
            assert!(Instant::now() < deadline, "{css} shows {:?}, not {expected:?}", self.text(css));
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the value of the field `css` is exactly `expected`.
    pub fn wait_exact_value(&self, css: &str, expected: &str) {
        assert!(self.value_becomes(css, expected), "{css} holds {:?}, not {expected:?}", self.value(css));
    }

    /// Whether the value of the field `css` becomes `expected` within 15 s.
    pub fn value_becomes(&self, css: &str, expected: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.value(css) != expected {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        true
    }

    /// Waits until the page has the keyboard focus, in the element matching `css`.
    pub fn wait_focused(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let focused = "return document.hasFocus() && document.activeElement.matches(arguments[0])";
        while self.script(focused, json!([css])) != json!(true) {
            assert!(Instant::now() < deadline, "{css} never has the keyboard focus");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the text of `css` contains `expected`.
    pub fn wait_text(&self, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let t = self.find(css).map(|_| self.text(css)).unwrap_or_default();
            if t.contains(expected) {
                return t;
            }
            assert!(Instant::now() < deadline, "{css} shows {t:?}, not {expected:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Draws one stroke with a pen through `points`, in pixels from the
    /// element's centre (WebDriver pointer actions).
    pub fn draw(&self, css: &str, points: &[(i32, i32)]) {
        let id = self.wait_for(css);
        self.script("arguments[0].scrollIntoView({block: 'center'})", json!([{ELEMENT: id}]));
        let at = |(x, y): (i32, i32)| json!({"type": "pointerMove", "duration": 20, "origin": {ELEMENT: id}, "x": x, "y": y});
        let mut actions = vec![at(points[0]), json!({"type": "pointerDown", "button": 0})];
        actions.extend(points[1..].iter().copied().map(at));
        actions.push(json!({"type": "pointerUp", "button": 0}));
        let pen = json!({"type": "pointer", "id": "pen", "parameters": {"pointerType": "pen"}, "actions": actions});
        post(&format!("{}/actions", self.base), json!({"actions": [pen]}));
    }

    /// Presses keys on whatever has the focus, one after the other: `\t` is
    /// Tab, `\n` Enter, `\u{8}` Backspace; any other character is typed.
    pub fn keys(&self, text: &str) {
        let mut actions = Vec::new();
        for c in text.chars() {
            let key = match c {
                '\t' => "\u{E004}".to_string(),
                '\n' => "\u{E007}".to_string(),
                '\u{8}' => "\u{E003}".to_string(),
                c => c.to_string(),
            };
            actions.push(json!({"type": "keyDown", "value": key}));
            actions.push(json!({"type": "keyUp", "value": key}));
        }
        let keyboard = json!({"type": "key", "id": "keyboard", "actions": actions});
        post(&format!("{}/actions", self.base), json!({"actions": [keyboard]}));
    }

    /// Presses Tab until the element matching `css` has the focus, checking
    /// that every element reached shows where the focus is.
    pub fn tab_to(&self, css: &str) {
        for _ in 0..60 {
            let state = self.script(
                "const e = document.activeElement; const s = getComputedStyle(e);
                 return [e.matches(arguments[0]), e === document.body || e.tabIndex < 0 || s.outlineStyle !== 'none', e.outerHTML.slice(0, 80)]",
                json!([css]),
            );
            assert_eq!(state[1], json!(true), "no visible focus on {}", state[2]);
            if state[0] == json!(true) {
                return;
            }
            self.keys("\t");
        }
        panic!("Tab never reaches {css}");
    }

    pub fn script(&self, body: &str, args: Value) -> Value {
        post(&format!("{}/execute/sync", self.base), json!({"script": body, "args": args}))["value"].clone()
    }

    pub fn screenshot(&self, path: &Path) {
        use base64::Engine;
        // Let the last change reach the screen before taking the picture.
        let frames = "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)))";
        post(&format!("{}/execute/async", self.base), json!({"script": frames, "args": []}));
        let png = get(&format!("{}/screenshot", self.base))["value"].as_str().unwrap_or_default().to_string();
        let bytes = base64::engine::general_purpose::STANDARD.decode(png).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Resizes the window (outer size), as a member's screen would have it.
    pub fn set_window(&self, width: u32, height: u32) {
        post(&format!("{}/window/rect", self.base), json!({"width": width, "height": height}));
    }

    /// The window's outer size.
    pub fn window_rect(&self) -> (u64, u64) {
        let r = get(&format!("{}/window/rect", self.base))["value"].clone();
        (r["width"].as_u64().unwrap_or(0), r["height"].as_u64().unwrap_or(0))
    }

    /// The element is wholly inside the visible part of the window.
    pub fn in_view(&self, css: &str) -> bool {
        let id = self.wait_for(css);
        self.script(
            "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth",
            json!([{ELEMENT: id}]),
        ) == json!(true)
    }

    pub fn close(self) {
        let _ = ureq::delete(&self.base).call();
    }
}
