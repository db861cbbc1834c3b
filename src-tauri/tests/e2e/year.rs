//! A member's year: progress on the signed plan, next year's plan and
//! commitment started from this year's (the carried sections), and the year
//! lived from March to 4 December.

use super::*;

#[test]
fn a_member_records_progress_on_two_rows_of_the_signed_plan() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let this_year = signed_plan_of_this_year(&sandbox);
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_text("main h1", "Văn bản năm");
    if year() != this_year {
        s.click("[data-testid=other-year]");
        s.wait_text("main h1", &format!("Văn bản năm {this_year}"));
    }
    let rows = camket::demo::plan(this_year).rows("bang_viec").len();
    s.wait_text("[data-testid=board-progress]", &format!("0/{rows} việc đã làm"));
    let reminder = s.script(
        "return document.querySelector('[data-testid=progress-reminder]')?.textContent ?? ''",
        serde_json::json!([]),
    );
    assert_eq!(reminder, serde_json::json!(""), "no quarterly reminder for a plan signed today");
    s.click("[data-testid=open-progress]");
    s.wait_text("main h1", &format!("Tiến độ thực hiện kế hoạch năm {this_year}"));
    // Ticked and typed, then left without "Ghi": recorded on leaving the row and the screen.
    s.click("[data-testid=progress-2] input[value=da-lam]");
    s.click("#note-2");
    s.keys("Xong trước hạn");
    s.wait_for("[data-testid=progress-waiting-2]");
    s.click("[data-testid=progress-3] input[value=dang-lam]");
    s.wait_text("[data-testid=progress-2]", "Đã ghi: đã làm ngày");
    s.click_button("← Văn bản của tôi");
    s.wait_text("[data-testid=board-progress]", &format!("1/{rows} việc đã làm"));
    s.click("[data-testid=open-progress]");
    s.wait_text("[data-testid=progress-2]", "Xong trước hạn");
    s.wait_text("[data-testid=progress-3]", "Đã ghi: đang làm");
    // A past entry corrected: a new entry, the old one kept.
    s.click("[data-testid=progress-2] details summary");
    s.click("[data-testid=correct-progress-2]");
    assert_eq!(s.value("#note-2"), "Xong trước hạn");
    s.click("#note-2");
    s.keys("\u{E010} hai tuần");
    s.click("[data-testid=save-progress-2]");
    s.wait_text("[data-testid=progress-2]", "Các lần ghi (2)");
    assert!(s.text("[data-testid=progress-2]").contains("Đã ghi: đã làm ngày"));
    assert!(s.text("[data-testid=progress-2]").contains("Xong trước hạn hai tuần"));
    s.click("[data-testid=progress-0] input[value=da-lam]");
    s.type_into("#note-0", "Đã nộp bài thu hoạch");
    s.click("[data-testid=save-progress-0]");
    s.wait_text("[data-testid=progress-note]", "Đã ghi việc số 1.");
    s.click("[data-testid=progress-1] input[value=dang-lam]");
    s.click("[data-testid=save-progress-1]");
    s.wait_text("[data-testid=progress-summary]", &format!("2/{rows} việc đã làm"));
    s.wait_text("[data-testid=progress-0]", "Đã ghi: đã làm ngày");
    assert!(s.text("[data-testid=progress-0]").contains("Đã nộp bài thu hoạch"));
    s.wait_text("[data-testid=progress-1]", "Đã ghi: đang làm");
    shot(&s, "17-tien-do");
    // A date that cannot be recorded keeps her on the screen, with what she typed.
    s.click("[data-testid=progress-4] input[value=da-lam]");
    s.click("#note-4");
    s.keys("Đọc xong phần 3");
    // The date typed over (as select-all and typing would; WebDriver's clear would leave the row).
    let retype = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));";
    s.script(retype, serde_json::json!(["#on-4", "31/11/2026"]));
    s.click_button("← Văn bản của tôi");
    s.wait_text("[data-testid=progress-failure]", "Việc số 5 chưa ghi");
    assert_eq!(s.value("#note-4"), "Đọc xong phần 3");
    let today = chrono::Local::now().date_naive().format("%d/%m/%Y").to_string();
    s.script(retype, serde_json::json!(["#on-4", today]));
    s.click_button("← Văn bản của tôi");
    s.wait_text("[data-testid=board-progress]", &format!("3/{rows} việc đã làm"));
    // The signed plan is unchanged.
    s.wait_text("[data-testid=status-ke-hoach]", "đã ký");
    s.close();
}

/// On 4 December the member starts next year's plan from this year's: each
/// carried section says so, what still names this year is shown and listed
/// before signing until she changes it or keeps it, the row under way comes
/// with all its cells and last year's note; then the one saved PDF verifies.
#[test]
fn next_years_plan_from_this_years_shows_what_still_says_this_year_until_handled() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let (this_year, today) = (2026, chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
    let plan = camket::demo::plan(this_year);
    {
        let mut store = sandbox.member_store();
        let signed = sign_written(&mut store, this_year, "ke-hoach", plan.clone(), today);
        let (doing, note) = (camket::progress::ProgressState::Doing, "Xong 118 mét; chuyển 2 mét sang năm 2027");
        camket::progress::record(&store, signed.id, 2, doing, note, today, today).unwrap();
    }
    let driver = sandbox.driver_with(&[("CAMKET_TODAY", today.to_string())]);
    let s = driver.launch();
    s.set_window(1366, 768);
    s.wait_text("main h1", "Văn bản năm 2027");
    s.click("[data-testid=previous-ke-hoach]");
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    s.wait_text("[data-testid=carried]", "Mục này chép từ bản năm 2026");
    s.wait_text("[data-testid=carried-old-year]", "Còn ghi năm 2026 ở 2 chỗ: sửa thành năm 2027");
    shot(&s, "26-nam-sau-chep-tu-nam-truoc");
    // She makes it this year's: the flags go as she types.
    let text = s.value("[data-testid=answer]").replace("2026", "2027");
    s.type_into("[data-testid=answer]", &text);
    wait_saved(&s);
    s.wait_gone("[data-testid=carried]");
    // Every other step: read again, keep the old year where it is meant, write what is empty.
    through_carried_steps(&s, |s, title| {
        if title.starts_with("Các việc đăng ký làm theo") {
            let notes = s.wait_text("[data-testid=row-notes]", "Cuối năm 2026, các việc của bản năm trước");
            let row = &plan.rows("bang_viec")[2]["noi_dung"];
            assert!(notes.contains(&format!("{row}: đang làm (Xong 118 mét; chuyển 2 mét sang năm 2027)")), "{notes}");
            assert_eq!(s.value("#c-2-bien_phap"), plan.rows("bang_viec")[2]["bien_phap"], "every cell carried");
            shot(s, "27-nam-sau-viec-chuyen-sang");
        }
    });
    let (_, printed) = sign_and_save(&s, &sandbox.dir.path().join("2027-ke-hoach-tran-thi-minh-hanh.pdf"));
    assert!(printed.contains("chuyên đề năm 2027") && !printed.contains("chuyên đề năm 2026"), "{printed}");
    s.close();
}

/// From "Xem lại văn bản" with nothing missing: signs, saves the PDF as
/// `path` with "Lưu PDF", and has `camket verify` accept it; what verify
/// said and the PDF's text.
fn sign_and_save(s: &Session, path: &Path) -> (String, String) {
    s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
    s.wait_for("[data-testid=ready]");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "Ký văn bản");
    s.click("[data-testid=understood]");
    s.click("[data-testid=sign]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    s.click("[data-testid=save-pdf]");
    answer_file_dialog("Lưu PDF", path);
    s.wait_text("[data-testid=print-note]", "Đã lưu tệp gửi chi bộ");
    let verify = Command::new(camket_binary()).arg("verify").arg(path).output().unwrap();
    let said = String::from_utf8_lossy(&verify.stdout).to_string();
    assert!(verify.status.success(), "{said}");
    (said, pdf_text(path))
}

/// The app's database once the app that had it open has gone.
fn open_when_closed(path: &Path) -> camket::store::Store {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        match camket::store::Store::open(path) {
            Ok(store) => return store,
            Err(e) => assert!(std::time::Instant::now() < deadline, "{e}"),
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// Goes through the steps of a document started from last year's up to
/// "Xem lại văn bản": on each, `look` first, then what is required and
/// empty is written, the old year is kept where it is flagged, and the
/// section is said to be read again.
fn through_carried_steps(s: &Session, look: impl Fn(&Session, &str)) {
    for _ in 0..15 {
        let title = s.text("[data-testid=step-title]");
        if title.starts_with("Xem lại văn bản") {
            return;
        }
        look(s, &title);
        let empty =
            "const a = document.querySelector('[data-testid=answer]'); return a !== null && a.value.trim() === ''";
        if title.starts_with("5. Khắc phục") && s.script(empty, serde_json::json!([])) == serde_json::json!(true) {
            s.type_into("[data-testid=answer]", "Nộp báo cáo trước hạn hai ngày.");
            wait_saved(s);
        }
        for button in ["carried-keep-year", "carried-seen"] {
            let css = format!("[data-testid={button}]");
            let there = "return document.querySelector(arguments[0]) !== null";
            if s.script(there, serde_json::json!([css])) == serde_json::json!(true) {
                s.click(&css);
                s.wait_gone(&css);
            }
        }
        s.wait_gone("[data-testid=carried]");
        s.click("[data-testid=next]");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    panic!("never reached “Xem lại văn bản”");
}

/// The year as the walkthrough lived it, the app's day set for each visit:
/// on 10 March the profile typed with Unikey (her name left with a mouse
/// click) and the plan written, signed and saved for the branch; on 15 June
/// progress ticked and typed, then left without "Ghi"; on 20 October the
/// row under way; on 4 December, after the review, next year's plan started
/// from this year's with every mention of 2026 handled before it signs,
/// and next year's commitment taking the review's shortcomings.
#[test]
fn a_members_year_march_june_october_and_4_december() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let day = |m: u32, d: u32| ("CAMKET_TODAY", format!("2026-{m:02}-{d:02}"));
    {
        let ime = InputMethod::start("telex");
        let mut env = ime.env();
        env.push(day(3, 10));
        let driver = sandbox.driver_with(&env);
        let s = driver.launch();
        s.click_button("Bắt đầu: nhập hồ sơ đảng viên");
        type_then_click_away(&s, &ime, "#full_name", "Lee Thij Thu", "#place");
        s.wait_exact_value("#full_name", "Lê Thị Thu");
        for (field, keys, shown) in [
            ("#place", "Ninh Bifnh", "Ninh Bình"),
            ("#party_committee", "DDangr booj Sowr Nooij vuj tinhr Ninh Bifnh", "Đảng bộ Sở Nội vụ tỉnh Ninh Bình"),
            ("#branch", "Chi booj Vawn phongf Sowr", "Chi bộ Văn phòng Sở"),
            ("#workplace", "Vawn phongf Sowr", "Văn phòng Sở"),
            ("#birth_date", "16.04.1967", "16.04.1967"),
            ("#joined_on", "19/05/1995", "19/05/1995"),
            ("#official_on", "19/05/1996", "19/05/1996"),
        ] {
            type_through(&s, &ime, field, keys, shown);
        }
        wait_saved(&s);
        s.close();
    }
    // 10 March: the plan, with a row naming this year's date, signed and saved.
    let sent = sandbox.dir.path().join("2026-ke-hoach-le-thi-thu.pdf");
    {
        let driver = sandbox.driver_with(&[day(3, 10)]);
        let s = driver.launch();
        s.set_window(1366, 768);
        s.wait_text("main h1", "Văn bản năm 2026");
        s.click("[data-testid=open-ke-hoach]");
        write_steps(&s, PLAN);
        s.wait_text("[data-testid=step-title]", "Các việc đăng ký làm theo");
        let rows = [
            ("Học chuyên đề năm 2026", "Tối thứ Năm hằng tuần", "Trước ngày 30/11/2026"),
            ("Chỉnh lý 40 mét giá tài liệu tồn đọng", "Mỗi tháng 4 mét, báo cáo chi ủy", "Quý IV/2026"),
        ];
        for (i, (what, how, when)) in rows.into_iter().enumerate() {
            s.click("[data-testid=add-row]");
            s.type_into(&format!("#c-{i}-noi_dung"), what);
            s.type_into(&format!("#c-{i}-bien_phap"), how);
            s.type_into(&format!("#c-{i}-thoi_gian"), when);
        }
        wait_saved(&s);
        s.click("[data-testid=next]");
        let (said, _) = sign_and_save(&s, &sent);
        assert!(said.contains("ký ngày 10/03/2026"), "{said}");
        s.click("[data-testid=finish]");
        s.wait_text("[data-testid=board-progress]", "0/2 việc đã làm");
        let reminder = "return document.querySelector('[data-testid=progress-reminder]') === null";
        assert_eq!(s.script(reminder, serde_json::json!([])), serde_json::json!(true), "no reminder after signing");
        s.close();
    }
    // 15 June: ticked and typed, left without "Ghi".
    {
        let driver = sandbox.driver_with(&[day(6, 15)]);
        let s = driver.launch();
        s.wait_text("[data-testid=progress-reminder]", "Quý 2");
        s.click("[data-testid=open-progress]");
        s.click("[data-testid=progress-0] input[value=da-lam]");
        s.click("#note-0");
        s.keys("Đã nộp bài thu hoạch");
        s.click_button("← Văn bản của tôi");
        s.wait_text("[data-testid=board-progress]", "1/2 việc đã làm");
        s.close();
    }
    // 20 October: the row under way.
    {
        let driver = sandbox.driver_with(&[day(10, 20)]);
        let s = driver.launch();
        s.click("[data-testid=open-progress]");
        s.wait_text("[data-testid=progress-0]", "Đã ghi: đã làm ngày 15/06/2026 — Đã nộp bài thu hoạch");
        s.click("[data-testid=progress-1] input[value=dang-lam]");
        s.click("#note-1");
        s.keys("Xong 38 mét; chuyển 2 mét sang năm 2027");
        s.click("[data-testid=save-progress-1]");
        s.wait_text("[data-testid=progress-1]", "Đã ghi: đang làm ngày 20/10/2026");
        s.close();
    }
    // The review of 2026, written on 4 December (its screens are the national
    // review's own test), names two shortcomings.
    let shortcomings = "Còn chậm nộp báo cáo tháng.\nChưa mạnh dạn góp ý trong sinh hoạt chi bộ.";
    {
        let mut store = open_when_closed(&sandbox.app_data().join("cam-ket.sqlite3"));
        let review = camket::writing::document(&mut store, 2026, "kiem-diem").unwrap();
        let rev = store.info(review).unwrap().revision;
        store.save_answer(review, "khuyet_diem", camket::document::Answer::Text(shortcomings.into()), rev).unwrap();
    }
    // 4 December: next year's plan from this year's.
    let driver = sandbox.driver_with(&[day(12, 4)]);
    let s = driver.launch();
    s.set_window(1366, 768);
    s.wait_text("main h1", "Văn bản năm 2027");
    s.click("[data-testid=previous-ke-hoach]");
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    s.wait_text("[data-testid=carried]", "Mục này chép từ bản năm 2026");
    through_carried_steps(&s, |s, title| {
        if title.starts_with("Các việc đăng ký làm theo") {
            // The row done stays behind; the row under way comes with all its cells and its note.
            s.wait_text(
                "[data-testid=row-notes]",
                "Chỉnh lý 40 mét giá tài liệu tồn đọng: đang làm (Xong 38 mét; chuyển 2 mét sang năm 2027)",
            );
            assert_eq!(s.value("#c-0-bien_phap"), "Mỗi tháng 4 mét, báo cáo chi ủy");
            // Its deadline of 2026 is shown, and goes once changed.
            s.wait_text("[data-testid=carried-old-year]", "việc số 1: “Quý IV/2026”");
            s.type_into("#c-0-thoi_gian", "Quý I/2027");
            wait_saved(s);
            s.wait_gone("[data-testid=carried-old-year]");
        }
    });
    let (_, printed) = sign_and_save(&s, &sandbox.dir.path().join("2027-ke-hoach-le-thi-thu.pdf"));
    assert!(printed.contains("Quý I/2027") && !printed.contains("Quý IV/2026"), "{printed}");
    // Next year's commitment: "khắc phục" from the review's shortcomings, marked as carried.
    s.click("[data-testid=finish]");
    s.click("[data-testid=previous-cam-ket]");
    step_to(&s, "6. Về khắc phục", true);
    s.wait_exact_value("[data-testid=answer]", shortcomings);
    s.wait_text("[data-testid=carried]", "Mục này chép từ bản kiểm điểm năm 2026");
    s.close();
}

/// Issue 22.2: next year's commitment started from this year's asks the
/// self-check again, with last year's answer beside each item.
#[test]
fn next_years_commitment_asks_the_self_check_again_beside_last_years_answers() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    {
        let mut store = sandbox.member_store();
        sign_written(&mut store, 2026, "cam-ket", camket::demo::commitment(2026), today);
    }
    let driver = sandbox.driver_with(&[("CAMKET_TODAY", today.to_string())]);
    let s = driver.launch();
    s.set_window(1366, 768);
    s.wait_text("main h1", "Văn bản năm 2027");
    s.click("[data-testid=previous-cam-ket]");
    step_to(&s, "Tự soi, tự đối chiếu", true);
    s.wait_text("[data-testid=last-year-ticks]", "các ô bắt đầu trống");
    s.wait_text("[data-testid='nq04-1.1']", "Năm trước: đã đánh dấu");
    let ticked = "return document.querySelectorAll('[data-testid^=nq04] input:checked').length";
    assert_eq!(s.script(ticked, serde_json::json!([])), serde_json::json!(0), "nothing ticked for 2027");
    s.script(
        "document.querySelector('[data-testid=last-year-ticks]').scrollIntoView({block: 'start'})",
        serde_json::json!([]),
    );
    shot(&s, "25-cam-ket-nam-sau-tu-soi");
    s.close();
}
