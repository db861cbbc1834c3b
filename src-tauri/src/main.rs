// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(target_os = "linux")]
    copy_frames_through_shared_memory();
    cam_ket_app::run();
}

/// WebKitGTK hands frames from its web process to the window as DMA-BUFs;
/// where OpenGL is software (no GPU driver: virtual machines, remote desktops)
/// that path keeps ~80 MB more in the web process than copying through shared
/// memory; with a GPU the copy costs a little time a frame, which a page of
/// forms does not notice. A renderer the person chose is kept, and so is every
/// variable they set. Runs before any thread starts.
#[cfg(target_os = "linux")]
fn copy_frames_through_shared_memory() {
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_some() {
        return;
    }
    std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    // With frames copied, this process paints them with cairo and needs no
    // OpenGL. Left alone, GTK opens an OpenGL display here at start, and WebKit
    // opens another to find which GPU its web process should allocate frames
    // on, which it no longer does; without a GPU driver each loads Mesa's
    // software renderer, ~50 MB. A device name that matches no GPU answers
    // WebKit's question without OpenGL. The web process still renders with
    // OpenGL itself.
    for (name, value) in [("GDK_GL", "disable"), ("WEBKIT_WEB_RENDER_DEVICE_FILE", "none")] {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}
