//! The window and the screen: 1024×768 with the text at 150%, the window's
//! remembered size, and no OpenGL driver in the app's process.

use super::*;

#[test]
fn at_1024x768_and_150_percent_the_welcome_screens_button_is_in_view() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_text("main h1", "Chào mừng");
    small_screen_large_text(&s);
    assert!(s.in_view("[data-testid=welcome-start]"), "the one button without scrolling");
    shot(&s, "1024x768-150-chao-mung");
    s.click("[data-testid=welcome-start]");
    s.wait_for("#full_name");
    s.close();
}

#[test]
fn at_1024x768_and_150_percent_every_steps_controls_stay_in_view() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    {
        let store = camket::store::Store::open(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
        store.save_profile(&camket::demo::profile()).unwrap();
    }
    let driver = sandbox.driver();
    let s = driver.launch();
    small_screen_large_text(&s);
    let zoom =
        s.script("return getComputedStyle(document.documentElement).getPropertyValue('--zoom')", serde_json::json!([]));
    assert_eq!(zoom, serde_json::json!("1.5"));
    s.wait_text("main h1", &format!("Văn bản năm {}", year()));
    shot(&s, "1024x768-150-danh-sach");
    s.click("[data-testid=open-ke-hoach]");
    write_steps(&s, &PLAN[..1]);
    shot(&s, "1024x768-150-buoc-2");
    write_steps(&s, &PLAN[1..]);
    s.wait_text("[data-testid=step-title]", "Các việc đăng ký làm theo");
    s.click("[data-testid=add-row]");
    s.type_into("#c-0-noi_dung", "Chỉnh lý tài liệu tồn đọng của phòng, mỗi tháng một phông, báo cáo chi ủy hằng quý");
    s.type_into("#c-0-bien_phap", "Mỗi tháng một phông");
    wait_saved(&s);
    shot(&s, "1024x768-150-bang-viec");
    assert!(s.in_view("[data-testid=next]"));
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
    s.wait_for("[data-testid=ready]");
    assert!(s.in_view("[data-testid=next]"));
    shot(&s, "1024x768-150-xem-lai");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "Ký văn bản");
    s.click("[data-testid=understood]");
    assert!(s.in_view("[data-testid=sign]"), "“Ký và tiếp tục” is in view");
    assert!(s.in_view("[data-testid=next]"), "and so is the way on without signing");
    shot(&s, "1024x768-150-ky");
    let bar = s.script("return document.querySelector('.nav').getBoundingClientRect().height", serde_json::json!([]));
    assert!(bar.as_f64().unwrap() <= 768.0 * 0.28, "the bar keeps to two rows: {bar}px");
    s.click("[data-testid=sign]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    assert!(s.in_view("[data-testid=finish]"));
    s.wait_for("[data-testid=pdf-pages][aria-busy=false]");
    shot(&s, "1024x768-150-in");
    s.close();
}

#[test]
fn the_window_first_fits_a_small_screen_then_reopens_at_the_size_left() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_for("main h1");
    let (w, h) = s.window_rect();
    assert!(w <= 1024 && h <= 740, "the first size fits a 1024×768 screen with a taskbar: {w}×{h}");
    s.set_window(900, 640);
    let kept = sandbox.app_data().join("cua-so.json");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !std::fs::read_to_string(&kept).is_ok_and(|t| t.contains("900")) {
        assert!(std::time::Instant::now() < deadline, "the size is kept once the resize ends");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let left = s.window_rect();
    s.close();
    drop(driver);
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_for("main h1");
    assert_eq!(s.window_rect(), left, "reopened at the size it was left");
    s.close();
}

/// The app's own process paints the copied frames with cairo: no OpenGL
/// driver is loaded there (on a machine without a GPU driver one is Mesa's
/// software renderer, ~50 MB of the idle app). `make screenshots` skips this:
/// it takes pictures through the DMA-BUF path, which needs OpenGL.
#[test]
fn the_app_process_loads_no_opengl_driver() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_for("main h1");
    let pid = driver.app_pid().expect("the app runs");
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let drivers: Vec<&str> = maps
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .filter(|path| path.contains("/dri/") || path.contains("libEGL_") || path.contains("libGLX_"))
        .collect();
    assert!(drivers.is_empty(), "OpenGL loaded in the app process: {drivers:?}");
    s.close();
}
