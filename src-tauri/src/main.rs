// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK hands frames from its web process to the window as DMA-BUFs;
    // where OpenGL is software (no GPU driver: virtual machines, remote
    // desktops) that path keeps ~80 MB more in the web process than copying
    // through shared memory; with a GPU the copy costs a little time a frame,
    // which a page of forms does not notice. Set before any thread starts; a
    // value the person set is kept.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    cam_ket_app::run();
}
