//! The year-end review (kiểm điểm): written, scored, signed and sent by the
//! member, then rated by the branch's secretary.

use super::*;

/// On the step titled `title`, writes `text` in its field, waits for the
/// save and goes on.
fn write_step(s: &Session, title: &str, text: &str) {
    s.wait_text("[data-testid=step-title]", title);
    s.type_into("[data-testid=answer]", text);
    wait_saved(s);
    s.click("[data-testid=next]");
}

#[test]
fn a_member_writes_the_national_review_scores_signs_and_sends_it_and_the_secretary_rates_it() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    // 4 December: the board has turned to next year, the review of this one is due.
    let (this_year, today) = (2026, chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
    let on_the_day = [("CAMKET_TODAY", today.to_string())];
    {
        let mut store = sandbox.member_store();
        for (kind, content) in
            [("ke-hoach", camket::demo::plan(this_year)), ("cam-ket", camket::demo::commitment(this_year))]
        {
            sign_written(&mut store, this_year, kind, content, today);
        }
        // Last year's review named two shortcomings.
        let last = camket::writing::document(&mut store, this_year - 1, "kiem-diem").unwrap();
        let text = "- Còn chậm nộp báo cáo tháng.\n- Chưa mạnh dạn góp ý trong sinh hoạt chi bộ.";
        store.save_answer(last, "khuyet_diem", camket::document::Answer::Text(text.into()), 0).unwrap();
    }
    let driver = sandbox.driver_with(&on_the_day);
    let s = driver.launch();
    s.set_window(1366, 768);
    s.wait_text("main h1", "Văn bản năm 2027");
    s.click("[data-testid=other-year]");
    s.wait_text("main h1", &format!("Văn bản năm {this_year}"));
    // Progress on two rows during the year.
    s.click("[data-testid=open-progress]");
    s.wait_text("main h1", &format!("Tiến độ thực hiện kế hoạch năm {this_year}"));
    s.click("[data-testid=progress-0] input[value=da-lam]");
    s.type_into("#note-0", "Nộp bài thu hoạch ngày 25/4");
    s.click("[data-testid=save-progress-0]");
    s.wait_text("[data-testid=progress-note]", "Đã ghi việc số 1.");
    s.click("[data-testid=progress-2] input[value=dang-lam]");
    s.click("[data-testid=save-progress-2]");
    s.wait_text("[data-testid=progress-2]", "Đã ghi: đang làm");
    s.click_button("← Văn bản của tôi");
    s.wait_text("[data-testid=board-kiem-diem]", "Bản kiểm điểm");
    s.wait_text("[data-testid=year-end-kiem-diem]", "Viết vào cuối năm");
    // Next year's board leads with this year's review and offers no review of next year yet.
    s.click("[data-testid=other-year]");
    s.wait_text("[data-testid=review-due]", &format!("Viết bản kiểm điểm năm {this_year}"));
    s.wait_text("[data-testid=year-end-kiem-diem]", "Viết từ ngày 01/11/2027");
    let absent = "return document.querySelector('[data-testid=open-kiem-diem]') === null";
    assert_eq!(s.script(absent, serde_json::json!([])), serde_json::json!(true), "no review of 2027 in December 2026");
    shot(&s, "18-danh-sach-cuoi-nam");

    // The review opens on the form her profile fits, A.I.1 filled from the commitment.
    s.click("[data-testid=open-review-due]");
    s.wait_text("[data-testid=step-title]", "1. Phẩm chất chính trị, đạo đức, lối sống");
    s.wait_text("[data-testid=form-bar]", "Mẫu 2A (theo hồ sơ)");
    assert_eq!(s.value("[data-testid=form-choice]"), "kiem-diem-2a");
    s.wait_text("[data-testid=prefilled]", "Đã điền sẵn từ các văn bản đồng chí đã ký");
    let commitment = camket::demo::commitment(this_year);
    let first_words: String = commitment.text("tu_tuong").chars().take(30).collect();
    assert!(s.value("[data-testid=answer]").starts_with(&format!("Về tư tưởng chính trị: {first_words}")));
    shot(&s, "19-kiem-diem-pham-chat");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=recalled]", &commitment.text("nhiem_vu").chars().take(30).collect::<String>());
    write_step(
        &s,
        "2. Kết quả thực hiện chức trách, nhiệm vụ được giao",
        "Hoàn thành kế hoạch năm; nội dung đột phá xong trước hạn.",
    );
    write_step(&s, "3. Kết quả lãnh đạo, quản lý", "Phòng hoàn thành 100% chỉ tiêu năm.");
    // A.I.3 from the signed plan and the progress recorded, done first.
    s.wait_text("[data-testid=step-title]", "4. Việc thực hiện cam kết tu dưỡng");
    let done = s.value("[data-testid=answer]");
    assert!(
        done.contains("– Học tập chuyên đề năm và viết bài thu hoạch: đã làm (Nộp bài thu hoạch ngày 25/4)."),
        "{done}"
    );
    s.click("[data-testid=next]");
    write_step(&s, "1. Hạn chế, khuyết điểm", "Chưa đọc xong hai tác phẩm của Bác như đã đăng ký.");
    write_step(&s, "2. Nguyên nhân", "Chưa sắp xếp thời gian đọc đều đặn.");
    // A.III: last year's shortcomings, one row each, marked from a list.
    s.wait_text("[data-testid=step-title]", "III. Kết quả khắc phục");
    assert_eq!(s.value("#c-0-noi_dung"), "Còn chậm nộp báo cáo tháng");
    assert_eq!(s.value("#c-1-noi_dung"), "Chưa mạnh dạn góp ý trong sinh hoạt chi bộ");
    choose(&s, "[data-testid=select-0-ket_qua]", "Đã khắc phục xong");
    choose(&s, "[data-testid=select-1-ket_qua]", "Đang khắc phục");
    s.type_into("#c-1-ghi_chu", "Đã góp ý ở 3/12 kỳ sinh hoạt");
    wait_saved(&s);
    shot(&s, "20-kiem-diem-khac-phuc");
    for title in ["IV. Giải trình", "V. Làm rõ trách nhiệm"] {
        s.click("[data-testid=next]");
        s.wait_text("[data-testid=step-title]", title);
    }
    s.click("[data-testid=next]");
    write_step(
        &s,
        "VI. Phương hướng, biện pháp khắc phục",
        "Đọc mỗi tháng một phần; chuẩn bị ý kiến trước mỗi kỳ sinh hoạt.",
    );
    // Points: typed per criterion, the sums computed as she types.
    s.wait_text("[data-testid=step-title]", "I. Đánh giá theo các nhóm tiêu chí");
    s.type_into("[data-testid=score-chinh_tri]", "11");
    s.wait_text("[data-testid=group-0]", "Tối đa 10 điểm.");
    // The demo review's scores (86,5 in all).
    let Some(camket::document::Answer::Points(scores)) = camket::demo::review(this_year).answers.remove("diem") else {
        panic!("the demo review has points")
    };
    for (id, score) in &scores {
        s.type_into(&format!("[data-testid=score-{id}]"), score);
    }
    wait_saved(&s);
    s.wait_text("[data-testid=group-sum-0]", "27,5/30");
    s.wait_text("[data-testid=group-sum-1]", "59/70");
    s.wait_text("[data-testid=points-total]", "Tổng điểm: 86,5/100");
    // A score that cannot be kept says so and leaves the one saved as she typed ("1" before "11").
    s.type_into("[data-testid=score-chinh_tri]", "11");
    s.wait_text("[data-testid=group-0]", "Điểm “11” chưa được lưu: Tối đa 10 điểm. Điểm đã lưu vẫn là 1.");
    wait_saved(&s);
    s.click_button("← Bước trước");
    s.wait_text("[data-testid=step-title]", "VI. Phương hướng, biện pháp khắc phục");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "I. Đánh giá theo các nhóm tiêu chí");
    assert!(s.value_becomes("[data-testid=score-chinh_tri]", "1"));
    s.wait_text("[data-testid=points-total]", "Tổng điểm: 78,5/100");
    s.type_into("[data-testid=score-chinh_tri]", "9");
    wait_saved(&s);
    s.wait_text("[data-testid=points-total]", "Tổng điểm: 86,5/100");
    shot(&s, "21-kiem-diem-cham-diem");
    s.click("[data-testid=next]");
    // The level the points allow; a higher one cannot be chosen; "tốt" asks its condition.
    s.wait_text("[data-testid=step-title]", "II. Đề xuất xếp loại mức chất lượng");
    s.wait_text("[data-testid=level-advice]", "cao nhất mức Hoàn thành tốt nhiệm vụ");
    let disabled = s.script("return document.querySelector('[data-testid=option-0]').disabled", serde_json::json!([]));
    assert_eq!(disabled, serde_json::json!(true), "xuất sắc is above what 86,5 allows");
    s.click("[data-testid=option-1]");
    s.wait_text("[data-testid=level-conditions]", "Mọi nhiệm vụ được giao đều hoàn thành đúng hạn");
    s.click("[data-testid=conditions-met]");
    s.click("[data-testid=conditions-ok]");
    wait_saved(&s);
    s.wait_text("[data-testid=level-printed]", "Tự đề xuất xếp loại: Hoàn thành tốt nhiệm vụ.");
    // The outline says so at once, without changing step.
    let level_line = "return [...document.querySelectorAll('[data-testid=outline] li')].find(li => li.textContent.includes('Đề xuất xếp loại'))?.textContent ?? ''";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !s.script(level_line, serde_json::json!([])).as_str().unwrap_or("").contains("đã viết") {
        assert!(
            std::time::Instant::now() < deadline,
            "the outline still says {}",
            s.script(level_line, serde_json::json!([]))
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    shot(&s, "22-kiem-diem-xep-loai");
    // The same steps on a small screen with the text at 150%.
    small_screen_large_text(&s);
    assert!(s.in_view("[data-testid=next]"));
    shot(&s, "1024x768-150-kiem-diem-xep-loai");
    s.click_button("← Bước trước");
    s.wait_text("[data-testid=step-title]", "I. Đánh giá theo các nhóm tiêu chí");
    assert!(s.in_view("[data-testid=next]"));
    shot(&s, "1024x768-150-kiem-diem-cham-diem");
    // The first step, with the form and what was filled in, at that size too.
    s.script("document.querySelector('[data-testid=outline]').open = true", serde_json::json!([]));
    s.click("[data-testid=outline-0]");
    s.wait_text("[data-testid=step-title]", "1. Phẩm chất chính trị");
    assert!(s.in_view("[data-testid=next]"));
    shot(&s, "1024x768-150-kiem-diem-buoc-1");
    // The step that recalls the commitment: the writing box is in view, under the recalled text.
    s.click("[data-testid=next]");
    s.wait_for("[data-testid=recalled]");
    let room = s.script(
        "return document.querySelector('.nav').getBoundingClientRect().top - document.querySelector('[data-testid=answer]').getBoundingClientRect().top",
        serde_json::json!([]),
    );
    shot(&s, "1024x768-150-kiem-diem-buoc-2");
    assert!(room.as_f64().unwrap() >= 80.0, "at least three lines of the writing box above the bar: {room}px");
    s.script("document.querySelector('[data-testid=outline]').open = true", serde_json::json!([]));
    s.click("[data-testid=outline-10]");
    s.wait_text("[data-testid=step-title]", "I. Đánh giá theo các nhóm tiêu chí");
    usual_screen(&s);
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "II. Đề xuất xếp loại mức chất lượng");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
    s.wait_for("[data-testid=ready]");
    // The review's date is the day it was written, not the meeting that approves plans.
    let hint = s.text("[data-testid=doc-date-hint]");
    assert!(hint.contains("trước buổi họp kiểm điểm") && !hint.contains("thông qua kế hoạch"), "{hint}");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "Ký văn bản");
    s.click("[data-testid=understood]");
    s.click("[data-testid=sign]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    // The written text, one click to copy.
    s.script("document.querySelector('details.copy').open = true", serde_json::json!([]));
    let text = s.value("[data-testid=plain-text]");
    assert!(
        text.contains("Tổng điểm: 86,5/100") && text.contains("Tự đề xuất xếp loại: Hoàn thành tốt nhiệm vụ."),
        "{text}"
    );
    assert!(
        text.contains("2. Chưa mạnh dạn góp ý trong sinh hoạt chi bộ — Kết quả khắc phục: Đang khắc phục"),
        "{text}"
    );
    let inbox = sandbox.dir.path().join("Zalo Received Files");
    std::fs::create_dir_all(&inbox).unwrap();
    let sent = inbox.join(format!("{this_year}-kiem-diem-tran-thi-minh-hanh.pdf"));
    s.click("[data-testid=save-pdf]");
    answer_file_dialog("Lưu PDF", &sent);
    s.wait_text("[data-testid=print-note]", "Đã lưu tệp gửi chi bộ");
    shot(&s, "23-kiem-diem-gui");
    s.close();
    drop(driver);

    // The secretary takes the file in, sees form, points and level, records the branch's level.
    let branch = Sandbox::new();
    branch.secretary();
    let driver = branch.driver_with(&on_the_day);
    let s = driver.launch();
    s.wait_text("main h1", "Văn bản năm");
    s.click("[data-testid=open-branch]");
    s.wait_text("main h1", "Chi bộ — năm");
    s.script(
        "const y = document.querySelector('#branch-year'); y.value = String(arguments[0]); y.dispatchEvent(new Event('change', {bubbles: true}));",
        serde_json::json!([this_year]),
    );
    s.wait_text("main h1", &format!("Chi bộ — năm {this_year}"));
    s.click("[data-testid=receive-folder]");
    answer_file_dialog("Chọn văn bản đảng viên gửi", &inbox.join(""));
    s.wait_text("[data-testid=received]", "Giữ lại");
    s.click("[data-testid=bind-all]");
    s.wait_text("[data-testid=branch-note]", "Đã xác nhận 1 khóa (thêm 1 đảng viên vào danh sách).");
    let cell = s.wait_text("[data-testid=choice-0-kiem-diem]", "Mẫu 2A: 27,5 + 59 = 86,5 điểm");
    assert!(cell.contains("Tự đề xuất: Hoàn thành tốt nhiệm vụ"), "{cell}");
    s.click("[data-testid=choice-0-kiem-diem-rate]");
    choose(&s, "[data-testid=choice-0-kiem-diem-level]", "Hoàn thành tốt nhiệm vụ");
    s.type_into("[data-testid=choice-0-kiem-diem-remark]", "Gương mẫu, đoàn kết.");
    s.click("[data-testid=choice-0-kiem-diem-save]");
    s.wait_text("[data-testid=branch-note]", "Trần Thị Minh Hạnh: đã ghi mức chi bộ đề xuất.");
    s.wait_text(
        "[data-testid=choice-0-kiem-diem-branch]",
        "Chi bộ đề xuất: Hoàn thành tốt nhiệm vụ — “Gương mẫu, đoàn kết.”",
    );
    s.wait_text("[data-testid=ratings]", "Tổng hợp xếp loại năm 2026");
    s.wait_text("[data-testid=rating-1]", "1 (100%)");
    let summary = branch.dir.path().join("tong-hop-xep-loai.pdf");
    s.click("[data-testid=save-ratings]");
    answer_file_dialog("Lưu tổng hợp xếp loại", &summary);
    s.wait_text("[data-testid=branch-note]", "Đã lưu tổng hợp xếp loại");
    let printed = pdf_text(&summary).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        printed.contains("Hoàn thành tốt nhiệm vụ 1 (100%) 1 (100%)") && printed.contains("Trần Thị Minh Hạnh"),
        "{printed}"
    );
    s.script(
        "document.querySelector('[data-testid=ratings]').scrollIntoView({block: 'center'})",
        serde_json::json!([]),
    );
    shot(&s, "24-chi-bo-xep-loai");
    small_screen_large_text(&s);
    s.script(
        "document.querySelector('[data-testid=choice-0-kiem-diem]').scrollIntoView({block: 'center'})",
        serde_json::json!([]),
    );
    shot(&s, "1024x768-150-chi-bo-xep-loai");
    s.close();
}
