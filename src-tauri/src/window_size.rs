//! The window opens at the size the member left it. The first time it opens
//! at the size in `tauri.conf.json`, chosen to fit a 1024×768 screen. The
//! size is kept in a small file beside the database, written a moment after
//! a resize ends (a drag sends many events), and never restored larger than
//! the screen the window opens on.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tauri::{LogicalSize, PhysicalSize, Runtime};

const FILE: &str = "cua-so.json";
/// Below this the screens do not fit (the window's minimum in tauri.conf.json).
const SMALLEST: (f64, f64) = (800.0, 600.0);

/// In logical pixels, so that it means the same at 100% and 150% scaling.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Size {
    width: f64,
    height: f64,
}

/// The last resize; a write waits to see whether another one follows.
static LAST: AtomicU64 = AtomicU64::new(0);

pub fn restore<R: Runtime>(window: &tauri::WebviewWindow<R>, dir: &Path) {
    let Some(size) = std::fs::read(dir.join(FILE)).ok().and_then(|b| serde_json::from_slice::<Size>(&b).ok()) else {
        return;
    };
    let screen = window
        .current_monitor()
        .ok()
        .flatten()
        .map(|m| m.size().to_logical::<f64>(m.scale_factor()))
        .map(|s: LogicalSize<f64>| (s.width, s.height))
        .unwrap_or((f64::MAX, f64::MAX));
    let width = size.width.min(screen.0).max(SMALLEST.0);
    let height = size.height.min(screen.1).max(SMALLEST.1);
    let _ = window.set_size(LogicalSize::new(width, height));
}

pub fn remember<R: Runtime>(window: &tauri::Window<R>, dir: PathBuf, size: PhysicalSize<u32>) {
    if window.is_maximized().unwrap_or(false) || size.width == 0 || size.height == 0 {
        return;
    }
    let logical = size.to_logical::<f64>(window.scale_factor().unwrap_or(1.0));
    let this = LAST.fetch_add(1, Ordering::SeqCst) + 1;
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(400));
        if LAST.load(Ordering::SeqCst) != this {
            return;
        }
        let size = Size { width: logical.width.round(), height: logical.height.round() };
        if let Ok(bytes) = serde_json::to_vec(&size) {
            // A size not kept only means the next start uses the default.
            let _ = camket::files::write_atomic(&dir.join(FILE), &bytes);
        }
    });
}
