//! When things go wrong: a print that fails, the app killed or closed right
//! after typing, a damaged or emptied database, hostile text.

use super::*;

/// A printer that fails says so where the member is looking, in words.
#[test]
fn a_print_that_fails_says_so() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let this_year = signed_plan_of_this_year(&sandbox);
    let nowhere = sandbox.dir.path().join("khong-co-thu-muc").join("in.pdf");
    let driver = sandbox.driver_with(&[("CAMKET_PRINT_TO", nowhere.display().to_string())]);
    let s = driver.launch();
    if year() != this_year {
        s.click("[data-testid=other-year]");
    }
    s.click("[data-testid=open-ke-hoach]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    s.wait_for("[data-testid=print-sheets]");
    s.click("[data-testid=print]");
    s.wait_text("[role=alert]", "Chưa in được");
    assert!(!nowhere.exists());
    s.close();
}

#[test]
fn text_survives_a_kill_after_it_shows_saved_and_editing_after_signing_keeps_the_signed_version() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let (driver, s) = new_member(&sandbox);
    s.click("[data-testid=open-ke-hoach]");
    let typed = "Đọc “Di chúc” của Bác; ghi sổ tay điều tâm đắc, ứng dụng vào công việc.";
    s.type_into("[data-testid=answer]", typed);
    wait_saved(&s);
    let pid = driver.app_pid().expect("the app runs");
    Command::new("kill").args(["-9", &pid.to_string()]).status().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.close();

    // Closing the window right after typing, before the pause: the text is saved first.
    let s = driver.launch();
    s.click("[data-testid=open-ke-hoach]");
    let quick = format!("{typed} Thêm ngay trước khi đóng cửa sổ.");
    s.type_into("[data-testid=answer]", &quick);
    s.script(
        "window.__TAURI_INTERNALS__.invoke('plugin:event|emit_to', {target: {kind: 'Window', label: 'main'}, event: 'tauri://close-requested', payload: null})",
        serde_json::json!([]),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while driver.app_pid().is_some() {
        assert!(std::time::Instant::now() < deadline, "the window closes");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    s.close();

    let s = driver.launch();
    s.wait_text("main h1", "Văn bản năm");
    assert_eq!(s.text("[data-testid=status-ke-hoach]"), "bản nháp");
    s.click("[data-testid=open-ke-hoach]");
    s.wait_for("[data-testid=answer]");
    assert_eq!(s.value("[data-testid=answer]"), quick);

    // Fill the rest and sign, then edit after signing.
    s.click("[data-testid=next]");
    write_steps(&s, &PLAN[1..]);
    s.click("[data-testid=add-row]");
    s.type_into("#c-0-noi_dung", "Đọc sách");
    wait_saved(&s);
    s.click("[data-testid=next]");
    let signed_pdf = review_sign_print(&s, &sandbox.printed(), None, |_| {});
    let signed_text = pdf_text(Path::new(&signed_pdf));
    s.click("[data-testid=finish]");
    s.click("[data-testid=open-ke-hoach]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    // "Xem, in hoặc sửa" opens on printing, with the way to change it there.
    s.wait_for("[data-testid=pdf-pages][aria-busy=false]");
    s.click("[data-testid=to-edit]");
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    // "Sửa văn bản" asks first: "Không" keeps it locked, "Có" unlocks.
    s.click("[data-testid=unlock]");
    assert!(s.text("[data-testid=unlock-question]").contains("bản đã ký vẫn được giữ nguyên"));
    s.click("[data-testid=unlock-no]");
    s.wait_for("[data-testid=unlock]");
    assert_eq!(
        s.script("return document.querySelector('[data-testid=answer]').disabled", serde_json::json!([])),
        serde_json::json!(true)
    );
    s.click("[data-testid=unlock]");
    s.click("[data-testid=unlock-yes]");
    s.type_into("[data-testid=answer]", "Nội dung sửa sau khi ký.");
    wait_saved(&s);
    s.click_button("← Về danh sách văn bản");
    s.wait_text("[data-testid=status-ke-hoach]", "bản nháp");
    let code = s.text("[data-testid=board-ke-hoach]");
    assert!(code.contains("Mã xác thực bản đã ký"), "{code}");
    // What prints now is the draft being edited, said so; the signed file stays as it was.
    s.click("[data-testid=open-ke-hoach]");
    s.wait_for("[data-testid=step-title]");
    step_to(&s, "In văn bản", true);
    s.wait_text("[data-testid=print-what]", "Văn bản đang sửa sau khi ký");
    s.click("[data-testid=open-pdf]");
    let note = s.wait_text("[data-testid=print-note]", "Đã mở để in: ");
    let draft = pdf_text(Path::new(note.trim_start_matches("Đã mở để in: ")));
    assert!(draft.contains("Nội dung sửa sau khi ký.") && draft.contains("Bản nháp"), "{draft}");
    assert_eq!(pdf_text(Path::new(&signed_pdf)), signed_text);
    assert!(!signed_text.contains("Nội dung sửa sau khi ký."));
    s.close();
}

#[test]
fn a_damaged_database_shows_the_message_and_offers_the_backup() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let db = sandbox.app_data().join("cam-ket.sqlite3");
    {
        let store = camket::store::Store::open(&db).unwrap();
        store.save_profile(&camket::demo::profile()).unwrap();
        store.conn().execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
    }
    drop(camket::store::Store::open(&db).unwrap()); // the day's backup
    let mut bytes = std::fs::read(&db).unwrap();
    let n = bytes.len();
    bytes[n / 3..n / 3 + 4096].fill(0x5A);
    std::fs::write(&db, &bytes).unwrap();

    let driver = sandbox.driver();
    let s = driver.launch();
    let message = s.wait_text("[data-testid=damaged-message]", "bị hỏng");
    assert!(message.contains("Bản sao lưu gần nhất"), "{message}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing was written over the damaged file");
    shot(&s, "11-du-lieu-hong");
    s.click_button("Khôi phục bản sao lưu gần nhất");
    s.wait_text("main h1", "Văn bản năm");
    let kept = std::fs::read_dir(sandbox.app_data())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("hong-") && std::fs::read(e.path()).unwrap() == bytes);
    assert!(kept, "the damaged file is kept aside");
    s.close();
}

#[test]
fn an_emptied_database_is_not_a_first_launch_and_hostile_text_is_refused_plainly() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let db = sandbox.app_data().join("cam-ket.sqlite3");
    {
        let mut store = camket::store::Store::open(&db).unwrap();
        store.save_profile(&camket::demo::profile()).unwrap();
        camket::writing::document(&mut store, year(), "ke-hoach").unwrap();
    }
    drop(camket::store::Store::open(&db).unwrap()); // the day's backup
    std::fs::write(&db, b"").unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sandbox.app_data().join(format!("cam-ket.sqlite3{side}")));
    }
    let driver = sandbox.driver();
    let s = driver.launch();
    // Not the welcome screen: the emptied file is named and the backup offered.
    let message = s.wait_text("[data-testid=damaged-message]", "bị hỏng");
    assert!(message.contains("Bản sao lưu gần nhất"), "{message}");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "nothing written over it");
    s.click_button("Khôi phục bản sao lưu gần nhất");
    s.wait_text("main h1", "Văn bản năm");

    // A 100,000-character paste is refused before it is taken in, with the reason.
    s.click("[data-testid=open-ke-hoach]");
    s.wait_text("[data-testid=step-indicator]", "Bước 1/");
    let taken = s.script(
        "const t = document.querySelector('[data-testid=answer]'); const dt = new DataTransfer(); dt.setData('text/plain', 'x'.repeat(100000));
         const ev = new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}); t.dispatchEvent(ev); return ev.defaultPrevented",
        serde_json::json!([]),
    );
    assert_eq!(taken, serde_json::json!(true), "the paste was refused");
    s.wait_text("[data-testid=refused]", "đoạn vừa dán dài 100.000 ký tự nên chưa được dán");
    // Emoji, CJK, right-to-left letters and invisible characters, across two steps.
    // Set as a paste would (WebDriver's keyboard types no emoji), then saved on leaving.
    s.script(
        "const t = document.querySelector('[data-testid=answer]'); t.value = arguments[0]; t.dispatchEvent(new Event('input', {bubbles: true}))",
        serde_json::json!(["Học tập 😀 chuyên đề \u{2067}năm nay\u{2069} với từ rất-dài-không-có-khoảng-trắng-nào-cả-để-xuống-dòng-được"]),
    );
    s.wait_text("[data-testid=save-state]", "Đang lưu");
    wait_saved(&s);
    s.click("[data-testid=next]");
    s.type_into("[data-testid=answer]", "Kiên định 中 lập trường; đọc báo مرحبا mỗi ngày");
    wait_saved(&s);
    s.click("[data-testid=outline] summary");
    s.click("[data-testid=outline-7]");
    s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
    let missing = s.wait_text("[data-testid=missing]", "biểu tượng cảm xúc (emoji) “😀”");
    assert!(missing.contains("chữ Hán, Nhật hoặc Hàn “中”"), "{missing}");
    assert!(
        missing.contains("chữ viết từ phải sang trái (Ả Rập, Do Thái) “مرحبا”"),
        "one entry for the word: {missing}"
    );
    assert!(!missing.contains("điều khiển hướng chữ"), "invisible characters were removed on save: {missing}");
    assert!(
        s.script("return document.querySelector('[data-testid=ready]') === null", serde_json::json!([]))
            == serde_json::json!(true)
    );
    // The list names the step: a click opens it.
    s.script(
        "[...document.querySelectorAll('[data-testid=missing] button')].find(b => b.textContent.includes('😀')).click()",
        serde_json::json!([]),
    );
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    shot(&s, "16-ky-tu-khong-in-duoc");

    // A script that sends the window elsewhere is refused: the app stays.
    s.script("window.location.href = 'https://example.com/'", serde_json::json!([]));
    std::thread::sleep(std::time::Duration::from_millis(1500));
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    assert_eq!(s.script("return location.protocol", serde_json::json!([])), serde_json::json!("tauri:"));
    s.close();
}
