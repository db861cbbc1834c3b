//! The system input method a Vietnamese member types with: IBus with the
//! Unikey engine (Telex or VNI), on a private session bus with its own
//! settings folder, so that keys pressed on the virtual display reach the
//! app through GTK's input method module exactly as on a desktop.

use std::process::Command;
use std::time::{Duration, Instant};

pub struct InputMethod {
    bus: String,
    bus_pid: String,
    config: tempfile::TempDir,
}

impl InputMethod {
    /// IBus with Unikey typing `method`: "telex" or "vni".
    pub fn start(method: &str) -> InputMethod {
        // The settings (dconf, started by the bus) go to a folder of our own.
        let config = tempfile::tempdir().unwrap();
        let out = Command::new("dbus-daemon")
            .env("XDG_CONFIG_HOME", config.path())
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .output()
            .expect("dbus-daemon is installed by `make test`");
        let printed = String::from_utf8_lossy(&out.stdout).to_string();
        let mut lines = printed.lines();
        let (bus, bus_pid) = (lines.next().unwrap().to_string(), lines.next().unwrap().to_string());
        let ime = InputMethod { bus, bus_pid, config };
        let status = ime
            .command("gsettings")
            .args(["set", "org.freedesktop.ibus.engine.unikey", "input-method", method])
            .status()
            .expect("gsettings is installed with ibus");
        assert!(status.success());
        let status = ime
            .command("ibus-daemon")
            .args(["--daemonize", "--replace", "--panel=disable"])
            .status()
            .expect("ibus is installed by `make test`");
        assert!(status.success());
        // Choosing the engine reports a failure of `setxkbmap` (no keyboard
        // description on a virtual display) even when it worked: ask back.
        let engine = || {
            let _ = ime.command("ibus").args(["engine", "Unikey"]).output();
            ime.command("ibus").arg("engine").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while engine().ok().as_deref() != Some("Unikey") {
            assert!(Instant::now() < deadline, "the Unikey engine did not start");
            std::thread::sleep(Duration::from_millis(200));
        }
        ime
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("DBUS_SESSION_BUS_ADDRESS", &self.bus).env("XDG_CONFIG_HOME", self.config.path());
        c
    }

    /// What the app needs to use it.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DBUS_SESSION_BUS_ADDRESS", self.bus.clone()),
            // Where IBus wrote its address.
            ("XDG_CONFIG_HOME", self.config.path().display().to_string()),
            ("GTK_IM_MODULE", "ibus".into()),
            ("XMODIFIERS", "@im=ibus".into()),
        ]
    }

    /// Gives the app's window the keyboard focus of the display, as a click
    /// on it does on a desktop.
    pub fn focus_app(&self) {
        let found = Command::new("xdotool").args(["search", "--onlyvisible", "--name", "^Cam Kết$"]).output().unwrap();
        let windows: Vec<String> = String::from_utf8_lossy(&found.stdout).lines().map(str::to_string).collect();
        assert_eq!(windows.len(), 1, "one window of the app is on the display: {windows:?}");
        assert!(Command::new("xdotool").args(["windowfocus", "--sync", &windows[0]]).status().unwrap().success());
    }

    /// Presses the keys of `text` on whatever has the focus, one by one, as
    /// a person typing does, then Tab to the next field. Unikey holds the
    /// word being typed until a space, Tab or Enter commits it.
    pub fn type_keys(&self, text: &str) {
        let status = Command::new("xdotool").args(["type", "--delay", "60", text]).status().unwrap();
        assert!(status.success());
        assert!(Command::new("xdotool").args(["key", "Tab"]).status().unwrap().success());
    }

    /// Presses the keys of `text` and nothing after: the last word stays
    /// in the input method, not yet committed, as it is when a person
    /// reaches for the mouse.
    pub fn type_keys_only(&self, text: &str) {
        let status = Command::new("xdotool").args(["type", "--delay", "60", text]).status().unwrap();
        assert!(status.success());
    }

    /// Clicks the real mouse at `(x, y)` of the app's window (CSS pixels at
    /// 100%), as a person clicking away from a field does.
    pub fn click_at(&self, x: f64, y: f64) {
        let found = Command::new("xdotool").args(["search", "--onlyvisible", "--name", "^Cam Kết$"]).output().unwrap();
        let window = String::from_utf8_lossy(&found.stdout).lines().next().unwrap().to_string();
        let (x, y) = ((x.round() as i64).to_string(), (y.round() as i64).to_string());
        let status =
            Command::new("xdotool").args(["mousemove", "--window", &window, &x, &y, "click", "1"]).status().unwrap();
        assert!(status.success());
    }

    /// The engine IBus has now, for a failure's message.
    pub fn engine(&self) -> String {
        self.command("ibus")
            .arg("engine")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    }
}

impl Drop for InputMethod {
    fn drop(&mut self) {
        let _ = self.command("ibus").arg("exit").status();
        let _ = Command::new("kill").arg(&self.bus_pid).status();
    }
}
