//! A new member's documents: first launch, the profile, writing, signing
//! and printing the plan and the commitment, with the mouse and with the
//! keyboard alone.

use super::*;

/// How many images a PDF holds (poppler's `pdfimages -list`).
fn image_count(path: &Path) -> usize {
    let out = Command::new("pdfimages").arg("-list").arg(path).output().unwrap();
    assert!(out.status.success());
    // Two header lines, then one line per image or mask.
    String::from_utf8_lossy(&out.stdout).lines().skip(2).filter(|l| l.contains(" image ")).count()
}

/// A scanned signature: dark strokes on white paper.
fn signature_scan() -> Vec<u8> {
    let (w, h) = (300, 100);
    let mut rgba = vec![255u8; w * h * 4];
    for x in 20..280 {
        let y = (50.0 + (x as f32 / 25.0).sin() * 30.0) as usize;
        for dy in 0..5 {
            rgba[((y + dy) * w + x) * 4..((y + dy) * w + x) * 4 + 3].copy_from_slice(&[10, 10, 60]);
        }
    }
    camket::signature::SignatureImage { width: w as u32, height: h as u32, rgba }.to_png().unwrap()
}

const COMMITMENT: &[(&str, &str)] = &[
    ("1. Về tư tưởng chính trị", "Tuyệt đối trung thành với Đảng; kiên định mục tiêu, lý tưởng."),
    ("2. Về phẩm chất đạo đức, lối sống", "Sống giản dị, trung thực; giữ gìn gia đình văn hóa."),
    ("3. Về ý thức tổ chức kỷ luật", "Chấp hành nghiêm sự phân công; đóng đảng phí đúng hạn."),
    ("4. Về tác phong, lề lối làm việc", "Làm việc khoa học, đúng hạn, không gây phiền hà."),
    ("5. Về thực hiện chức trách", "Hoàn thành tốt nhiệm vụ được giao; phấn đấu xếp loại xuất sắc."),
    ("6. Về khắc phục hạn chế", ""),
];

#[test]
fn a_new_member_goes_from_first_launch_to_both_signed_pdfs() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let (_driver, s) = new_member(&sandbox);
    s.wait_text("main h1", &format!("Văn bản năm {}", year()));
    let calendar = chrono::Datelike::year(&chrono::Local::now().date_naive());
    if calendar != year() {
        // From November the board shows next year's documents; this year's is one click away.
        s.click("[data-testid=other-year]");
        s.wait_text("main h1", &format!("Văn bản năm {calendar}"));
        s.click("[data-testid=other-year]");
        s.wait_text("main h1", &format!("Văn bản năm {}", year()));
    }

    // The plan.
    s.click("[data-testid=open-ke-hoach]");
    s.wait_text("[data-testid=step-indicator]", "Bước 1/10");
    // The outline: every part with its group heading, what is missing, and a way to any step.
    s.click("[data-testid=outline] summary");
    let outline = s.wait_text("[data-testid=outline]", "II. NỘI DUNG LÀM THEO");
    assert!(
        outline.contains("II. NỘI DUNG LÀM THEO\n1. Về tư tưởng")
            || outline.contains("II. NỘI DUNG LÀM THEO 1. Về tư tưởng"),
        "{outline}"
    );
    assert!(outline.contains("còn thiếu"), "{outline}");
    s.click("[data-testid=outline-2]");
    s.wait_text("[data-testid=step-title]", "2. Về đạo đức");
    s.click("[data-testid=outline] summary");
    s.click("[data-testid=outline-0]");
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    shot(&s, "5-ke-hoach-buoc-1");
    write_steps(&s, PLAN);
    s.wait_text("[data-testid=step-title]", "Các việc đăng ký làm theo");
    s.click("[data-testid=add-row]");
    s.type_into("#c-0-noi_dung", "Số hóa hồ sơ lưu trữ năm 2019");
    s.type_into("#c-0-bien_phap", "Mỗi tuần hai hộp, báo cáo chi ủy hằng quý");
    s.type_into("#c-0-thoi_gian", "Quý III");
    wait_saved(&s);
    // A second row deleted by mistake comes back with "Hoàn tác".
    s.click("[data-testid=add-row]");
    s.type_into("#c-1-noi_dung", "Hướng dẫn đồng nghiệp mới tra cứu tài liệu số hóa, mỗi quý một buổi");
    wait_saved(&s);
    s.click("[data-testid=remove-row-1]");
    s.wait_text("[data-testid=row-removed]", "Đã xóa việc số 2 (Hướng dẫn đồng nghiệp mới");
    s.wait_focused("[data-testid=undo-remove]");
    assert!(
        s.script("return document.querySelector('#c-1-noi_dung') === null", serde_json::json!([]))
            == serde_json::json!(true)
    );
    s.click("[data-testid=undo-remove]");
    s.wait_exact_value("#c-1-noi_dung", "Hướng dẫn đồng nghiệp mới tra cứu tài liệu số hóa, mỗi quý một buổi");
    wait_saved(&s);
    // Cells grow with their text: nothing is cut off.
    let grown = s.script(
        "const t = document.querySelector('#c-1-noi_dung'); return t.scrollHeight <= t.clientHeight + 2 && t.clientHeight > 40",
        serde_json::json!([]),
    );
    assert_eq!(grown, serde_json::json!(true), "a long cell shows all its lines");
    shot(&s, "6-bang-viec");
    s.click("[data-testid=remove-row-1]");
    s.wait_gone("#c-1-noi_dung");
    wait_saved(&s);
    s.click("[data-testid=next]");
    // Signed with a signature drawn in the pad.
    let plan_pdf = review_sign_print(&s, &sandbox.printed(), Some("7-ke-hoach"), |s| {
        s.click("[data-testid=signature-draw]");
        s.click("[data-testid=understood]");
        s.click("[data-testid=sign]");
        s.wait_text("[data-testid=sign-error]", "Khung ký còn trống");
        s.draw("[data-testid=signature-pad]", &[(-150, 10), (-100, -20), (-50, 15), (0, -25), (60, 20), (140, -10)]);
        // Back to the review and forward again: the drawing and the tick are kept.
        s.click_button("← Bước trước");
        s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
        s.click("[data-testid=next]");
        s.wait_text("[data-testid=step-title]", "Ký văn bản");
        s.wait_for("[data-testid=signature-pad]");
        let kept = s.script(
            "return [document.querySelector('[data-testid=understood]').checked, !document.querySelector('[data-testid=pad-clear]').disabled]",
            serde_json::json!([]),
        );
        assert_eq!(kept, serde_json::json!([true, true]), "tick and drawing survive Back/Next");
        // Not signing is a separate, plainly worded choice.
        assert!(s.text("[data-testid=next]").contains("Chưa ký"));
        s.click("[data-testid=understood]"); // unticked: the journey ticks it again
    });
    assert!(s.text("[data-testid=print-what]").contains("hình chữ ký đã có"), "no hand signature asked for");
    let text = pdf_text(Path::new(&plan_pdf)).replace('\n', " ");
    assert!(text.contains(&format!("ngày 15 tháng 12 năm {}", year() - 1)), "the chosen date is printed: {text}");
    for (_, typed) in PLAN {
        assert!(text.contains(typed), "the plan PDF has {typed:?}:\n{text}");
    }
    for typed in
        ["Số hóa hồ sơ lưu trữ", "năm 2019", "Mỗi tuần hai hộp", "Quý III", "Nguyễn Thị Hồng Nhung", "Mã xác thực: "]
    {
        assert!(text.contains(typed), "the plan PDF has {typed:?}:\n{text}");
    }
    assert!(!text.contains("Bản nháp"));
    assert_eq!(image_count(Path::new(&plan_pdf)), 2, "the drawn signature and its transparency mask");
    // "Lưu PDF" is the one file to send: the print step says so, and the
    // file has the branch's name and the signed record inside.
    assert!(s.text("[data-testid=send-what]").contains("là tệp gửi chi bộ"));
    let saves = s.script(
        "return [...document.querySelectorAll('button')].map(b => b.textContent.trim()).filter(t => t.includes('PDF'))",
        serde_json::json!([]),
    );
    assert_eq!(saves, serde_json::json!(["Lưu PDF", "Mở bằng trình xem PDF"]), "one way to save the PDF");
    // The Word copy beside it: the same text, a copy by its footer.
    let word = sandbox.dir.path().join("ke-hoach.docx");
    s.click("[data-testid=save-docx]");
    answer_file_dialog("Lưu bản Word", &word);
    s.wait_text("[data-testid=print-note]", "Đã lưu bản Word (bản sao; tệp gửi chi bộ vẫn là tệp PDF)");
    let back = camket::word::read::blocks(&std::fs::read(&word).unwrap()).unwrap();
    assert!(back.iter().any(|b| matches!(b, camket::word::read::Block::Paragraph(t) if t == "KẾ HOẠCH CÁ NHÂN")));
    let sent = sandbox.dir.path().join("giay-to").join(format!("{}-ke-hoach-nguyen-thi-hong-nhung.pdf", year()));
    std::fs::create_dir_all(sent.parent().unwrap()).unwrap();
    s.click("[data-testid=save-pdf]");
    answer_file_dialog("Lưu PDF", &sent);
    s.wait_text("[data-testid=print-note]", &format!("Đã lưu tệp gửi chi bộ: {}", sent.display()));
    s.script(
        "document.querySelector('[data-testid=save-pdf]').scrollIntoView({block: 'center'})",
        serde_json::json!([]),
    );
    shot(&s, "7-ke-hoach-gui-chi-bo");
    let verify = Command::new(camket_binary()).arg("verify").arg(&sent).output().unwrap();
    let verdict = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success(), "camket verify accepts the branch copy: {verdict}");
    assert!(verdict.contains(&format!("Nguyễn Thị Hồng Nhung, kế hoạch cá nhân năm {}", year())), "{verdict}");
    assert_eq!(pdf_text(&sent), pdf_text(Path::new(&plan_pdf)), "it prints as the signed PDF does");
    s.click("[data-testid=finish]");
    s.wait_text("[data-testid=status-ke-hoach]", "đã ký");
    s.wait_text("[data-testid=branch-copy-ke-hoach]", "Đã lưu tệp gửi chi bộ");

    // The commitment.
    s.click("[data-testid=open-cam-ket]");
    s.wait_text("[data-testid=step-title]", "Văn bản căn cứ");
    s.click("[data-testid=next]");
    write_steps(&s, COMMITMENT);
    s.wait_text("[data-testid=step-title]", "Tự soi, tự đối chiếu");
    s.wait_for("[data-testid='nq04-1.5']");
    // One calm note for the topic summaries, none glued to an item.
    assert!(!s.text("[data-testid='nq04-1.5']").contains("chưa đối chiếu"), "{}", s.text("[data-testid='nq04-1.5']"));
    assert!(s.text("[data-testid=topics-note]").contains("chủ đề tóm tắt"));
    // The sentence printed, and the full title of each regulation it names.
    let cited = s.text("[data-testid=cited]");
    let qd = if year() >= 2027 {
        "Quy định số 207-QĐ/TW ngày 26/7/2026"
    } else {
        "Quy định số 37-QĐ/TW ngày 25/10/2021"
    };
    assert!(
        cited.contains(&format!("{qd} của Ban Chấp hành Trung ương về những điều đảng viên không được làm")),
        "{cited}"
    );
    shot(&s, "8-tu-soi");
    // Ticking all 27 at once asks first; "not yet" ticks nothing.
    s.click_button("Tôi đã đối chiếu tất cả");
    s.wait_text("[data-testid=confirm-all]", "từng biểu hiện");
    s.click_button("Chưa, để tôi đánh dấu từng mục");
    s.wait_gone("[data-testid=confirm-all]");
    assert_eq!(
        s.script(
            "return document.querySelectorAll('[data-testid^=nq04-] input:checked').length",
            serde_json::json!([])
        ),
        serde_json::json!(0)
    );
    s.click_button("Tôi đã đối chiếu tất cả");
    s.click_button("Đúng, tôi đã đối chiếu từng biểu hiện");
    wait_saved(&s);
    s.click("[data-testid=next]");
    // Signed with a PNG of the signature; a file that is not a PNG is refused first.
    let scan = sandbox.dir.path().join("chu-ky.png");
    std::fs::write(&scan, signature_scan()).unwrap();
    let commitment_pdf = review_sign_print(&s, &sandbox.printed(), Some("9-cam-ket"), |s| {
        s.click("[data-testid=signature-file]");
        s.click("[data-testid=choose-signature]");
        answer_file_dialog("Chọn ảnh chữ ký", Path::new(&plan_pdf));
        s.wait_text("[data-testid=signature-error]", "không phải ảnh PNG");
        s.click("[data-testid=choose-signature]");
        answer_file_dialog("Chọn ảnh chữ ký", &scan);
        s.wait_for("[data-testid=signature-preview]");
    });
    let text = pdf_text(Path::new(&commitment_pdf)).replace('\n', " ");
    for (_, typed) in COMMITMENT.iter().filter(|(_, t)| !t.is_empty()) {
        assert!(text.contains(typed), "the commitment PDF has {typed:?}:\n{text}");
    }
    assert!(text.contains("Tôi đã tự soi, tự đối chiếu bản thân với 27 biểu hiện"));
    assert_eq!(image_count(Path::new(&commitment_pdf)), 2, "the imported signature and its mask");
    s.click("[data-testid=finish]");
    s.wait_text("[data-testid=status-cam-ket]", "đã ký");
    shot(&s, "10-danh-sach-da-ky");
    assert_eq!(sandbox.opened().len(), 2, "both PDFs went to the viewer");
    assert!(sandbox.opened().iter().all(|p| p.starts_with(sandbox.app_data())), "only files the app wrote are opened");
    s.close();
}

/// What a Telex input method such as Unikey sends for "Phạm Văn Đức": the
/// plain letters, then backspaces and the accented letters that replace them.
const TELEX_NAME: &str = "Pham\u{8}\u{8}ạm Va\u{8}ăn Dd\u{8}\u{8}Đu\u{8}ưc\u{8}\u{8}ức";

#[test]
fn the_keyboard_alone_takes_a_member_to_a_signed_plan() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_text("main h1", "Chào mừng");
    s.tab_to("main button.primary");
    s.keys("\n");
    s.wait_text("main h1", "Thông tin của đồng chí");
    for (field, keys) in [
        ("#full_name", TELEX_NAME),
        ("#party_committee", "Đảng bộ Cục Văn thư và Lưu trữ nhà nước"),
        ("#branch", "Chi bộ Văn phòng"),
        ("#workplace", "Văn phòng Cục"),
        ("#party_position", "Đảng viên"),
        ("#place", "Hà Nội"),
        ("#birth_date", "05/09/1975"),
        ("#joined_on", "19/05/2000"),
        ("#official_on", "19/05/2001"),
    ] {
        s.tab_to(field);
        s.keys(keys);
    }
    assert_eq!(s.value("#full_name"), "Phạm Văn Đức");
    s.tab_to("[data-testid=profile-next]");
    s.keys("\n");
    s.wait_text("main h1", &format!("Văn bản năm {}", year()));
    s.tab_to("[data-testid=open-ke-hoach]");
    s.keys("\n");
    for (title, text) in PLAN {
        s.wait_text("[data-testid=step-title]", title);
        s.tab_to("[data-testid=answer]");
        s.keys(text);
        s.tab_to("[data-testid=next]");
        s.keys("\n");
    }
    s.wait_text("[data-testid=step-title]", "Các việc đăng ký làm theo");
    s.tab_to("[data-testid=add-row]");
    s.keys("\n");
    s.tab_to("#c-0-noi_dung");
    s.keys("Chỉnh lý tài liệu tồn đọng");
    s.tab_to("#c-0-bien_phap");
    s.keys("Mỗi tháng một phông");
    s.tab_to("[data-testid=next]");
    s.keys("\n");
    s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
    s.wait_for("[data-testid=ready]");
    s.tab_to("[data-testid=next]");
    s.keys("\n");
    s.wait_text("[data-testid=step-title]", "Ký văn bản");
    s.tab_to("[data-testid=understood]");
    s.keys(" ");
    s.tab_to("[data-testid=sign]");
    s.keys("\n");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    assert!(s.text("[data-testid=print-what]").contains("ký tay vào chỗ ký"), "signed without an image");
    s.tab_to("[data-testid=open-pdf]");
    s.keys("\n");
    let note = s.wait_text("[data-testid=print-note]", "Đã mở để in: ");
    let text = pdf_text(Path::new(note.trim_start_matches("Đã mở để in: "))).replace('\n', " ");
    for typed in PLAN.iter().map(|(_, t)| *t).chain(["Phạm Văn Đức", "Chỉnh lý tài liệu tồn đọng", "Mã xác thực: "])
    {
        assert!(text.contains(typed), "the plan PDF has {typed:?}:\n{text}");
    }
    s.close();
}

/// A member on first launch brings last year's plan in from its Word file
/// (with a paragraph the app cannot place, which she puts into a section),
/// checks the preview, saves it, then starts this year's plan from it.
#[test]
fn a_new_member_brings_last_years_plan_in_from_word_and_starts_this_years_from_it() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    let last = camket::demo::plan(2026);
    let stray = "Ghi thêm: tham gia tổ công tác số hóa của Cục từ tháng 6.";
    // The member's own Word file has a paragraph under no heading of the form.
    let file = with_stray_paragraph(&camket::word::docx(&last, &camket::render::Mark::Draft).unwrap(), stray);
    let path = sandbox.dir.path().join("Ke hoach ca nhan 2026.docx");
    std::fs::write(&path, &file).unwrap();
    let driver = sandbox.driver_with(&[("CAMKET_TODAY", today.to_string())]);
    let s = driver.launch();
    s.set_window(1366, 768);
    fill_profile(&s);
    s.wait_text("main h1", "Văn bản năm 2027");
    choose(&s, "#year", "2026");
    s.wait_text("main h1", "Văn bản năm 2026");
    s.click("[data-testid=word-ke-hoach]");
    answer_file_dialog("Chọn tệp Word của văn bản", &path);
    s.wait_for("[data-testid=word-preview]");
    let tu_tuong = s.wait_text("[data-testid=word-section-tu_tuong]", "Về tư tưởng");
    assert!(tu_tuong.contains(last.text("tu_tuong")), "{tu_tuong}");
    let table = s.text("[data-testid=word-section-bang_viec]");
    assert!(table.contains(&last.rows("bang_viec")[0]["noi_dung"]), "{table}");
    s.wait_text("[data-testid=word-unplaced]", stray);
    // The file is someone else's (the demo member's): her profile stays as it is.
    s.wait_text("[data-testid=word-other-person]", "Tệp ghi tên “Trần Thị Minh Hạnh”, khác tên trong hồ sơ");
    shot(&s, "28-lay-tu-tep-word");
    // She puts the stray paragraph into "4. Gắn với chức trách…".
    choose(&s, "[data-testid=word-place]", "nhiem_vu");
    s.wait_text("[data-testid=word-section-nhiem_vu]", stray);
    s.click("[data-testid=word-save]");
    s.wait_text(
        "[data-testid=board-note]",
        "Đã lấy nội dung kế hoạch cá nhân năm 2026 từ tệp “Ke hoach ca nhan 2026.docx”",
    );
    s.wait_text("[data-testid=status-ke-hoach]", "bản nháp");
    s.wait_text("[data-testid=brought-ke-hoach]", "Nội dung lấy từ tệp Word “Ke hoach ca nhan 2026.docx”");
    choose(&s, "#year", "2027");
    s.wait_text("main h1", "Văn bản năm 2027");
    s.click("[data-testid=previous-ke-hoach]");
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    s.wait_text("[data-testid=carried]", "Mục này chép từ bản năm 2026");
    assert!(s.value("[data-testid=answer]").contains(last.text("hoc_tap").lines().next().unwrap()));
    s.close();
    let store = camket::store::Store::open_read_only(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
    let id = store.find_document(2026, "ke-hoach").unwrap().unwrap();
    assert_eq!(store.info(id).unwrap().brought_from.as_deref(), Some("Ke hoach ca nhan 2026.docx"));
    assert!(
        store.answers(id).unwrap()["nhiem_vu"]
            == camket::document::Answer::Text(format!("{}\n{stray}", last.text("nhiem_vu")))
    );
    assert_eq!(store.profile().unwrap().government_position, "", "nothing of another person's file in the profile");
}

/// The Word file with `text` as a paragraph of its own after the signatures'
/// table, where no heading of the form is.
fn with_stray_paragraph(docx: &[u8], text: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let paragraph = format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>");
            bytes = xml.replacen("<w:sectPr", &format!("{paragraph}<w:sectPr"), 1).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}
