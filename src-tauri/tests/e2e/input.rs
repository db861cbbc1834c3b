//! Vietnamese typed through the system's input method (IBus with Unikey,
//! Telex and VNI) is what is saved, the last word too when the mouse clicks
//! away before it is committed.

use super::*;

/// The app launched on an empty data folder with `ime` as the system's
/// input method, on the profile screen.
fn profile_with_input_method(sandbox: &Sandbox, ime: &InputMethod) -> (Driver, Session) {
    let driver = sandbox.driver_with(&ime.env());
    let s = driver.launch();
    s.click_button("Bắt đầu: nhập hồ sơ đảng viên");
    (driver, s)
}

/// The profile but the name, as Telex keys, what each field then shows.
const PROFILE_TELEX: [(&str, &str, &str); 7] = [
    ("#party_committee", "DDangr booj Cucj Vawn thuw", "Đảng bộ Cục Văn thư"),
    ("#branch", "Chi booj Vawn phongf", "Chi bộ Văn phòng"),
    ("#workplace", "Vawn phongf Cucj", "Văn phòng Cục"),
    ("#place", "Haf Nooij", "Hà Nội"),
    ("#birth_date", "05/09/1975", "05/09/1975"),
    ("#joined_on", "19/05/2000", "19/05/2000"),
    ("#official_on", "19/05/2001", "19/05/2001"),
];

#[test]
fn vietnamese_typed_with_telex_through_the_system_input_method_is_kept() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let ime = InputMethod::start("telex");
    let (driver, s) = profile_with_input_method(&sandbox, &ime);
    // Every field typed in Telex, as the member's keyboard sends it.
    type_through(&s, &ime, "#full_name", "Nguyeenx Vawn Dduwcs", "Nguyễn Văn Đức");
    for (field, keys, shown) in PROFILE_TELEX {
        type_through(&s, &ime, field, keys, shown);
    }
    wait_saved(&s);
    s.click("[data-testid=profile-next]");
    s.click("[data-testid=open-ke-hoach]");
    type_through(&s, &ime, "[data-testid=answer]", "Hocj taapj chuyeen ddeef nawm", "Học tập chuyên đề năm");
    wait_saved(&s);
    s.close();
    drop(driver);
    kept_after_a_restart(&sandbox, "Học tập chuyên đề năm", "Nguyễn Văn Đức");
}

/// What was saved is what was typed: the plan's first answer and the name
/// come back after a restart.
fn kept_after_a_restart(sandbox: &Sandbox, answer: &str, name: &str) {
    let driver = sandbox.driver();
    let s = driver.launch();
    s.click("[data-testid=open-ke-hoach]");
    s.wait_exact_value("[data-testid=answer]", answer);
    s.click_button("← Về danh sách văn bản");
    s.click_button("Sửa hồ sơ");
    s.wait_exact_value("#full_name", name);
    s.close();
}

/// The walkthrough lost "trị" of "Giữ vững lập trường chính trị" and saved
/// her name as "Lê Thị ": the last word was still with Unikey when she
/// clicked elsewhere with the mouse.
#[test]
fn the_last_word_typed_through_the_input_method_is_kept_when_the_mouse_clicks_away() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let ime = InputMethod::start("telex");
    let (driver, s) = profile_with_input_method(&sandbox, &ime);
    type_then_click_away(&s, &ime, "#full_name", "Lee Thij Thu", "#place");
    s.wait_exact_value("#full_name", "Lê Thị Thu");
    for (field, keys, shown) in PROFILE_TELEX {
        type_through(&s, &ime, field, keys, shown);
    }
    wait_saved(&s);
    s.click("[data-testid=profile-next]");
    s.click("[data-testid=open-ke-hoach]");
    type_then_click_away(
        &s,
        &ime,
        "[data-testid=answer]",
        "Giuwx vuwngx laapj truwowngf chinhs trij",
        "[data-testid=step-title]",
    );
    s.wait_exact_value("[data-testid=answer]", "Giữ vững lập trường chính trị");
    wait_saved(&s);
    s.close();
    drop(driver);
    kept_after_a_restart(&sandbox, "Giữ vững lập trường chính trị", "Lê Thị Thu");
}

#[test]
fn vietnamese_typed_with_vni_through_the_system_input_method_is_kept() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let ime = InputMethod::start("vni");
    let (driver, s) = profile_with_input_method(&sandbox, &ime);
    type_through(&s, &ime, "#full_name", "Nguye64n Va8n D9u71c", "Nguyễn Văn Đức");
    type_through(&s, &ime, "#place", "Ha2 No65i", "Hà Nội");
    wait_saved(&s);
    s.close();
    drop(driver);
    let driver = sandbox.driver();
    let s = driver.launch();
    s.click_button("Sửa hồ sơ");
    s.wait_exact_value("#full_name", "Nguyễn Văn Đức");
    s.wait_exact_value("#place", "Hà Nội");
    s.close();
}
