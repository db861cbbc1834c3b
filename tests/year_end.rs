//! The year's loop closed: the national year-end review (HD 43) prefilled
//! from the signed plan, commitment and progress and last year's review,
//! scored, signed and sent; the secretary sees form, points and level,
//! records the branch's level and prints the summary; next year's plan is
//! offered what was left to do; the old self-review stays verifiable; and a
//! kind of document that only a template defines works from start to end.

mod common;

use camket::branch::collect::receive_files;
use camket::branch::status::year_table;
use camket::document::Answer;
use camket::progress::{record, ProgressState};
use camket::store::Store;
use chrono::NaiveDate;
use common::*;
use std::path::Path;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The demo member with her plan and commitment of 2026 signed, progress
/// recorded on rows 1 (done) and 3 (under way).
fn member_at_year_end(path: &Path) -> Store {
    let (mut s, plan, rev) = filled(path, "ke-hoach");
    let signed_plan = camket::writing::sign(&mut s, plan, rev, d(2026, 2, 20), None).unwrap();
    let commitment = camket::writing::document(&mut s, 2026, "cam-ket").unwrap();
    let mut rev = 0;
    for (section, answer) in camket::demo::commitment(2026).answers {
        rev = s.save_answer(commitment, &section, answer, rev).unwrap();
    }
    camket::writing::sign(&mut s, commitment, rev, d(2026, 2, 20), None).unwrap();
    record(&s, signed_plan.id, 0, ProgressState::Done, "Nộp ngày 25/4", d(2026, 4, 25), d(2026, 4, 25)).unwrap();
    record(&s, signed_plan.id, 2, ProgressState::Doing, "Xong 80 mét giá", d(2026, 9, 1), d(2026, 9, 1)).unwrap();
    s
}

fn rows(answer: Option<&Answer>) -> Vec<std::collections::BTreeMap<String, String>> {
    match answer {
        Some(Answer::Rows(r)) => r.clone(),
        other => panic!("not a table: {other:?}"),
    }
}

/// Last year's review, a draft with two shortcomings (a review's items, one a line).
fn last_years_review(s: &mut Store) {
    let id = camket::writing::document(s, 2025, "kiem-diem").unwrap();
    let rev = s.info(id).unwrap().revision;
    let text = "- Còn chậm nộp báo cáo tháng.\n- Chưa mạnh dạn góp ý trong sinh hoạt chi bộ.";
    s.save_answer(id, "khuyet_diem", Answer::Text(text.into()), rev).unwrap();
}

/// The fields of one CSV line, quotes undone.
fn csv_fields(line: &str) -> Vec<String> {
    let (mut out, mut field, mut quoted, mut chars) = (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
    out
}

fn scores(answer: Option<&Answer>) -> std::collections::BTreeMap<String, String> {
    match answer {
        Some(Answer::Points(p)) => p.clone(),
        other => panic!("not points: {other:?}"),
    }
}

#[test]
fn the_review_is_prefilled_scored_signed_sent_and_rated_by_the_branch() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    last_years_review(&mut s);
    let board = camket::app::year_board(&s, 2026, d(2026, 12, 4)).unwrap();
    let labels: Vec<(&str, bool)> = board.entries.iter().map(|e| (e.label.as_str(), e.year_end)).collect();
    assert_eq!(labels, [("Kế hoạch cá nhân", false), ("Bản cam kết", false), ("Bản kiểm điểm", true)]);

    let view = camket::app::open_document(&mut s, 2026, "kiem-diem", d(2026, 12, 4)).unwrap();
    assert_eq!(view.label, "Bản kiểm điểm");
    // She holds a leadership post: form 2A, its letter not confirmed.
    let form = view.template.form.clone().unwrap();
    assert_eq!((form.code.as_str(), form.confirmed), ("2A", false));
    // A.I.1 from the commitment's sections and its self-check, each under its heading.
    let commitment = camket::demo::commitment(2026);
    let pham_chat = match view.answers.get("pham_chat") {
        Some(Answer::Text(t)) => t.clone(),
        other => panic!("{other:?}"),
    };
    assert!(pham_chat.starts_with(&format!("Về tư tưởng chính trị: {}", commitment.text("tu_tuong"))), "{pham_chat}");
    assert!(pham_chat.contains(&format!("\nVề ý thức tổ chức kỷ luật: {}", commitment.text("ky_luat"))), "{pham_chat}");
    assert!(pham_chat.contains("\nTôi đã tự soi, tự đối chiếu bản thân với 27 biểu hiện"), "{pham_chat}");
    // A.I.3 from the commitment and the plan with what was recorded on its rows, done first.
    let plan = camket::demo::plan(2026);
    let plan_rows = plan.rows("bang_viec");
    let cam_ket = match view.answers.get("thuc_hien_cam_ket") {
        Some(Answer::Text(t)) => t.clone(),
        other => panic!("{other:?}"),
    };
    let done = format!("– {}: đã làm (Nộp ngày 25/4).", plan_rows[0]["noi_dung"]);
    let doing = format!("– {}: đang làm (Xong 80 mét giá).", plan_rows[2]["noi_dung"]);
    let unrecorded = format!("– {}: chưa ghi tiến độ.", plan_rows[1]["noi_dung"]);
    let (a, b, c) = (cam_ket.find(&done), cam_ket.find(&doing), cam_ket.find(&unrecorded));
    assert!(a.is_some() && b.is_some() && c.is_some() && a < b && b < c, "{cam_ket}");
    assert!(cam_ket.starts_with("Về thực hiện chức trách, nhiệm vụ được giao: "), "{cam_ket}");
    // A.III: last year's shortcomings, one row each, to be marked.
    let fixed = rows(view.answers.get("khac_phuc"));
    let items: Vec<&str> = fixed.iter().map(|r| r["noi_dung"].as_str()).collect();
    assert_eq!(items, ["Còn chậm nộp báo cáo tháng", "Chưa mạnh dạn góp ý trong sinh hoạt chi bộ"]);
    assert!(fixed.iter().all(|r| r["ket_qua"].is_empty()));
    // Nothing scored, no level: both are missing before signing.
    assert!(
        view.missing
            .iter()
            .any(|m| m.message.starts_with("Mục “I. Đánh giá theo các nhóm tiêu chí” còn 6 tiêu chí chưa chấm điểm")),
        "{:?}",
        view.missing
    );
    assert!(view.missing.iter().any(|m| m.message == "Mục “II. Đề xuất xếp loại mức chất lượng” chưa chọn mức nào."));

    // Scores: whole or half points, never above a criterion's maximum.
    let id = view.id;
    let mut rev = view.revision;
    let over = s.save_answer(id, "diem", camket::demo::points(&[("chinh_tri", "11")]), rev).unwrap_err();
    assert_eq!(
        over.to_string(),
        "Tiêu chí “Bản lĩnh chính trị, tư tưởng; chấp hành chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước” tối đa 10 điểm; không chấm 11 điểm."
    );
    let odd = s.save_answer(id, "diem", camket::demo::points(&[("chinh_tri", "7,3")]), rev).unwrap_err();
    assert!(odd.to_string().contains("phải là số nguyên hoặc nửa điểm, ví dụ 8 hoặc 7,5"), "{odd}");
    assert_eq!(s.answers(id).unwrap().get("diem"), None, "nothing kept of a refused score");
    // The marks of A.III are chosen from the three results.
    let mut marked = fixed.clone();
    marked[0].insert("ket_qua".into(), "Xong rồi".into());
    let wrong = s.save_answer(id, "khac_phuc", Answer::Rows(marked.clone()), rev).unwrap_err();
    assert!(wrong.to_string().contains("chọn một trong: Đã khắc phục xong; Đang khắc phục; Chưa khắc phục"), "{wrong}");
    marked[0].insert("ket_qua".into(), "Đã khắc phục xong".into());
    marked[1].insert("ket_qua".into(), "Đang khắc phục".into());
    rev = s.save_answer(id, "khac_phuc", Answer::Rows(marked), rev).unwrap();

    // The member writes the rest (the demo's review) and scores 86,5.
    let review = camket::demo::review(2026);
    for (section, answer) in review.answers.iter().filter(|(k, _)| !["xep_loai", "khac_phuc"].contains(&k.as_str())) {
        rev = s.save_answer(id, section, answer.clone(), rev).unwrap();
    }
    assert_eq!(scores(s.answers(id).unwrap().get("diem"))["ky_luat"], "9,5");
    // 86,5 allows "tốt" at best: "xuất sắc" is refused, a lower level is not.
    let high = s.save_answer(id, "xep_loai", Answer::Text("Hoàn thành xuất sắc nhiệm vụ".into()), rev).unwrap_err();
    assert_eq!(
        high.to_string(),
        "Tổng điểm 86,5/100 cho phép đề xuất cao nhất mức “Hoàn thành tốt nhiệm vụ”; không được đề xuất “Hoàn thành xuất sắc nhiệm vụ”."
    );
    rev = s.save_answer(id, "xep_loai", Answer::Text("Hoàn thành nhiệm vụ".into()), rev).unwrap();
    rev = s.save_answer(id, "xep_loai", Answer::Text("Hoàn thành tốt nhiệm vụ".into()), rev).unwrap();
    // Points lowered after the level was chosen: the level is listed as too high.
    let mut lower = scores(s.answers(id).unwrap().get("diem"));
    lower.insert("nhiem_vu".into(), "5".into());
    rev = s.save_answer(id, "diem", Answer::Points(lower), rev).unwrap();
    let view = camket::app::document_view(&s, id, d(2026, 12, 15)).unwrap();
    assert!(
        view.missing
            .iter()
            .any(|m| m.message.starts_with("Tổng điểm 64,5/100 cho phép đề xuất cao nhất mức “Hoàn thành nhiệm vụ”")),
        "{:?}",
        view.missing
    );
    rev = s.save_answer(id, "diem", review.answers["diem"].clone(), rev).unwrap();
    let view = camket::app::document_view(&s, id, d(2026, 12, 15)).unwrap();
    assert!(view.missing.is_empty(), "{:?}", view.missing);
    let text = view.plain_text;
    assert!(text.starts_with("BẢN KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CÁ NHÂN\nNăm 2026\n"), "{text}");
    assert!(text.contains("Tổng điểm: 86,5/100"), "{text}");

    let signed = camket::writing::sign(&mut s, id, rev, d(2026, 12, 15), None).unwrap();
    assert_eq!(signed.record.kind, "kiem-diem");
    // An app of the previous release cannot read points: it is told to update.
    assert_eq!(signed.record.version, 3);
    let plan = s.latest_signed(s.find_document(2026, "ke-hoach").unwrap().unwrap()).unwrap().unwrap();
    assert_eq!(plan.record.version, 1, "a plan stays readable by earlier releases");
    let copy = camket::app::branch_copy(&s, id).unwrap();
    assert_eq!(copy.file_name, "2026-kiem-diem-tran-thi-minh-hanh.pdf");
    let pdf = pdf_text(&copy.bytes);
    for expected in [
        "Mẫu 2A-HD KĐ.ĐG 2025",
        "27,5/30",
        "59/70",
        "Tổng điểm: 86,5/100",
        "Tự đề xuất xếp loại: Hoàn thành tốt nhiệm vụ.",
        "Đang khắc phục",
    ] {
        assert!(pdf.contains(expected), "{expected} in {pdf}");
    }
    camket::verify::verify_bytes(&copy.bytes).unwrap();

    // The secretary takes in the three files, sees form, points and level, rates and confirms.
    let inbox = dir.path().join("nhan");
    std::fs::create_dir_all(&inbox).unwrap();
    let mut files = Vec::new();
    for kind in ["ke-hoach", "cam-ket", "kiem-diem"] {
        let doc = s.find_document(2026, kind).unwrap().unwrap();
        let c = camket::app::branch_copy(&s, doc).unwrap();
        files.push(inbox.join(&c.file_name));
        std::fs::write(inbox.join(&c.file_name), &c.bytes).unwrap();
    }
    let db = dir.path().join("bi-thu.sqlite3");
    let mut b = Store::open(&db).unwrap();
    let mut secretary = camket::demo::branch::member(0);
    secretary.collects_for_branch = true;
    b.save_profile(&secretary).unwrap();
    let received = receive_files(&mut b, &files, |_, _| {}).unwrap();
    assert!(received.iter().all(|r| r.outcome.is_ok()), "{received:?}");
    camket::branch::held::bind_all(&b, None, camket::dates::today()).unwrap();
    camket::branch::status::set_deadline(&b, 2026, Some(d(2026, 3, 31))).unwrap();
    let t = year_table(&b, 2026, d(2026, 12, 20)).unwrap();
    let kinds: Vec<(&str, bool)> = t.kinds.iter().map(|k| (k.label.as_str(), k.due)).collect();
    assert_eq!(kinds, [("Kế hoạch cá nhân", true), ("Bản cam kết", true), ("Bản kiểm điểm", false)]);
    let cell = &t.rows[0].cells[2];
    assert_eq!(
        (cell.form.as_deref(), cell.points.as_deref(), cell.choice.as_deref()),
        (Some("2A"), Some("27,5 + 59 = 86,5"), Some("Hoàn thành tốt nhiệm vụ"))
    );
    let said = camket::branch::rating::rate_member(
        &b,
        2026,
        "Trần Thị Minh Hạnh",
        "xuất sắc",
        "Gương mẫu, chỉnh lý vượt kế hoạch.",
        d(2026, 12, 22),
    )
    .unwrap();
    assert_eq!(said, "Trần Thị Minh Hạnh: chi bộ đề xuất “Hoàn thành xuất sắc nhiệm vụ” (tự đề xuất: “Hoàn thành tốt nhiệm vụ”, 86,5 điểm)");
    let wrong =
        camket::branch::rating::rate_member(&b, 2026, "Trần Thị Minh Hạnh", "giỏi", "", d(2026, 12, 22)).unwrap_err();
    assert!(wrong.to_string().contains("“giỏi” không phải một mức xếp loại"), "{wrong}");
    let stored: i64 = b.conn().query_row("SELECT count(*) FROM branch_ratings", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 1, "a refused level writes nothing");
    let review_id = year_table(&b, 2026, d(2026, 12, 22)).unwrap().rows[0].cells[2].submission_id.unwrap();
    let confirmed = camket::branch::confirm::confirm(&b, review_id, "", d(2026, 12, 23), None).unwrap();
    let confirmed_text = pdf_text(&confirmed).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        confirmed_text
            .contains("Chi bộ đề xuất xếp loại: Hoàn thành xuất sắc nhiệm vụ. Gương mẫu, chỉnh lý vượt kế hoạch."),
        "{confirmed_text}"
    );
    camket::verify::verify_bytes(&confirmed).unwrap();
    // The branch changes its level after confirming: the review is confirmed again, printing the new one.
    let said = camket::branch::rating::rate_member(&b, 2026, "Trần Thị Minh Hạnh", "tốt", "", d(2026, 12, 24)).unwrap();
    assert!(said.contains("xác nhận lại (camket branch confirm --member \"Trần Thị Minh Hạnh\")"), "{said}");
    assert!(year_table(&b, 2026, d(2026, 12, 24)).unwrap().rows[0].cells[2].confirm_again);
    let again = camket::branch::confirm::confirm_submitted(&b, 2026, None, "", d(2026, 12, 24), None).unwrap();
    let what: Vec<&str> = again.done.iter().map(|c| c.what.as_str()).collect();
    assert_eq!(
        what,
        [
            "Trần Thị Minh Hạnh, kế hoạch cá nhân",
            "Trần Thị Minh Hạnh, bản cam kết",
            "Trần Thị Minh Hạnh, bản kiểm điểm"
        ],
        "the two still waiting, and the review again"
    );
    assert!(!year_table(&b, 2026, d(2026, 12, 24)).unwrap().rows[0].cells[2].confirm_again);
    let pdf = camket::branch::confirm::confirmed_pdf(&b, review_id).unwrap().unwrap();
    let again_text = pdf_text(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(again_text.contains("Chi bộ đề xuất xếp loại: Hoàn thành tốt nhiệm vụ."), "{again_text}");
    // Someone excused from activities is not rated.
    let hanh = camket::branch::roster::find(&b, "Trần Thị Minh Hạnh").unwrap();
    camket::branch::roster::set_exempt(&b, hanh.id, 2026, true).unwrap();
    let excused =
        camket::branch::rating::rate_member(&b, 2026, "Trần Thị Minh Hạnh", "tốt", "", d(2026, 12, 24)).unwrap_err();
    assert!(
        excused.to_string().contains("miễn sinh hoạt hoặc đã chuyển sinh hoạt năm 2026: không xếp loại"),
        "{excused}"
    );
    camket::branch::roster::set_exempt(&b, hanh.id, 2026, false).unwrap();
    let remark = "Gương mẫu, chỉnh lý vượt kế hoạch.";
    camket::branch::rating::rate_member(&b, 2026, "Trần Thị Minh Hạnh", "xuất sắc", remark, d(2026, 12, 24)).unwrap();
    drop(b);

    let camket = |args: &[&str]| {
        let out =
            std::process::Command::new(env!("CARGO_BIN_EXE_camket")).args(args).arg("--db").arg(&db).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let status = camket(&["branch", "status", "--year", "2026"]);
    assert!(status.contains("Bản kiểm điểm: chi bộ đã xác nhận ("), "{status}");
    assert!(status.contains(", mẫu 2A, điểm 27,5 + 59 = 86,5, tự đề xuất: Hoàn thành tốt nhiệm vụ, chi bộ đề xuất: Hoàn thành xuất sắc nhiệm vụ"), "{status}");
    assert!(status.contains("  Hoàn thành xuất sắc nhiệm vụ: tự đề xuất 0 (0%); chi bộ đề xuất 1 (100%)."), "{status}");
    let csv = camket(&["branch", "status", "--year", "2026", "--csv"]);
    let mut lines = csv.lines();
    let header = csv_fields(lines.next().unwrap().trim_start_matches('\u{feff}'));
    let row = csv_fields(lines.next().unwrap());
    let column = |name: &str| {
        row[header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {header:?}"))].clone()
    };
    assert_eq!(
        (column("Mẫu"), column("Tổng điểm"), column("Đề xuất xếp loại"), column("Chi bộ đề xuất")),
        ("2A".into(), "86,5".into(), "Hoàn thành tốt nhiệm vụ".into(), "Hoàn thành xuất sắc nhiệm vụ".to_string())
    );

    // The summary as PDF, xlsx and csv; the share limit is off until switched on.
    let out = dir.path().join("tong-hop.pdf");
    camket(&["branch", "ratings", "--year", "2026", "--out", out.to_str().unwrap()]);
    let summary = pdf_text(&std::fs::read(&out).unwrap()).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(summary.contains("TỔNG HỢP ĐỀ XUẤT XẾP LOẠI ĐẢNG VIÊN NĂM 2026"), "{summary}");
    assert!(summary.contains("Hoàn thành xuất sắc nhiệm vụ 0 (0%) 1 (100%) Trần Thị Minh Hạnh"), "{summary}");
    assert!(summary.contains("Chưa nộp bản kiểm điểm (0): không có."), "{summary}");
    assert!(!summary.contains("20%"), "the limit is off by default: {summary}");
    camket(&["branch", "share-limit", "--year", "2026", "bat"]);
    camket(&["branch", "ratings", "--year", "2026", "--out", out.to_str().unwrap()]);
    let summary = pdf_text(&std::fs::read(&out).unwrap()).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        summary.contains(
            "Lưu ý: số đảng viên “Hoàn thành xuất sắc nhiệm vụ” (1) nhiều hơn 20% số “Hoàn thành tốt nhiệm vụ” (0), tính theo mức chi bộ đề xuất"
        ),
        "{summary}"
    );
    let out = dir.path().join("tong-hop.csv");
    camket(&["branch", "ratings", "--year", "2026", "--out", out.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("Hoàn thành xuất sắc nhiệm vụ,0 (0%),1 (100%),Trần Thị Minh Hạnh\r\n"), "{csv}");
    let out = dir.path().join("tong-hop.xlsx");
    camket(&["branch", "ratings", "--year", "2026", "--out", out.to_str().unwrap()]);
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let sheet = book.worksheet_range("Tổng hợp xếp loại").unwrap();
    let lines: Vec<String> =
        sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|")).collect();
    assert!(lines.contains(&"Hoàn thành tốt nhiệm vụ|1 (100%)|0 (0%)|".to_string()), "{lines:?}");
}

#[test]
fn the_profile_says_which_form_and_the_member_may_choose_another() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let mut p = s.profile().unwrap();
    p.political_system = None;
    p.leadership_post = None;
    s.save_profile(&p).unwrap();
    let view = camket::app::open_document(&mut s, 2026, "kiem-diem", d(2026, 12, 4)).unwrap();
    assert!(!view.form_questions_answered, "the screen says the form is a guess");
    p.political_system = Some(false);
    s.save_profile(&p).unwrap();
    let view = camket::app::open_document(&mut s, 2026, "kiem-diem", d(2026, 12, 4)).unwrap();
    assert!(view.form_questions_answered);
    assert_eq!(view.template.form.as_ref().map(|f| f.code.as_str()), Some("2C"));
    assert!(view.template.section("lanh_dao").is_none());
    // Untouched, it follows the profile as it changes.
    p.political_system = Some(true);
    p.leadership_post = Some(false);
    s.save_profile(&p).unwrap();
    let view = camket::app::open_document(&mut s, 2026, "kiem-diem", d(2026, 12, 4)).unwrap();
    assert_eq!(view.template.form.as_ref().map(|f| f.code.as_str()), Some("2B"));
    // Her own choice keeps what she wrote in sections both forms have.
    let rev = s.save_answer(view.id, "khuyet_diem", Answer::Text("Chậm tiến độ.".into()), view.revision).unwrap();
    s.choose_form(view.id, "kiem-diem-2a", rev).unwrap();
    let view = camket::app::open_document(&mut s, 2026, "kiem-diem", d(2026, 12, 4)).unwrap();
    assert_eq!(view.template.form.as_ref().map(|f| f.code.as_str()), Some("2A"));
    assert_eq!(view.answers.get("khuyet_diem"), Some(&Answer::Text("Chậm tiến độ.".into())));
    let wrong = s.choose_form(view.id, "ke-hoach-mac-dinh", view.revision).unwrap_err();
    assert_eq!(wrong.to_string(), "Mẫu “ke-hoach-mac-dinh” không dùng được cho văn bản này.");
    // Never offered before 2025: the old self-review is the 2024 document.
    assert!(camket::writing::document(&mut s, 2024, "kiem-diem").is_err());
    let board = camket::app::year_board(&s, 2024, d(2024, 12, 4)).unwrap();
    assert_eq!(board.entries[2].label, "Bản tự đánh giá");
}

#[test]
fn next_years_plan_is_offered_the_review_s_remedies_and_the_rows_not_done() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let id = camket::writing::document(&mut s, 2026, "kiem-diem").unwrap();
    let mut rev = s.info(id).unwrap().revision;
    let review = camket::demo::review(2026);
    for (section, answer) in review.answers.clone() {
        rev = s.save_answer(id, &section, answer, rev).unwrap();
    }
    camket::writing::sign(&mut s, id, rev, d(2026, 12, 15), None).unwrap();

    let board = camket::app::year_board(&s, 2027, d(2026, 12, 20)).unwrap();
    assert!(board.entries[0].can_start_from_previous);
    let plan = camket::writing::start_from_previous(&mut s, 2027, "ke-hoach").unwrap();
    let answers = s.answers(plan).unwrap();
    assert_eq!(answers.get("khac_phuc"), review.answers.get("phuong_huong"), "A.VI of the review");
    let carried = rows(answers.get("bang_viec"));
    // The rows of the plan not done: row 1 was recorded as done, row 2 the
    // review says is done ("146/146 hồ sơ đúng hạn").
    let planned = camket::demo::plan(2026);
    let expected: Vec<&str> = planned.rows("bang_viec").iter().skip(2).map(|r| r["noi_dung"].as_str()).collect();
    let got: Vec<&str> = carried.iter().map(|r| r["noi_dung"].as_str()).collect();
    assert_eq!(got, expected);
    assert!(!carried[0].contains_key("ket_qua"), "results stay for next year's review");
    assert_eq!(answers.get("hoc_tap"), planned.answers.get("hoc_tap"));
}

#[test]
fn the_review_never_starts_from_last_years_and_stays_fresh_until_edited() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let id = camket::app::open_document(&mut s, 2026, "kiem-diem", d(2026, 11, 1)).unwrap().id;
    let board = camket::app::year_board(&s, 2026, d(2026, 11, 1)).unwrap();
    assert_eq!(board.entries[2].status_label, "chưa làm", "opening it is not writing it");
    // Progress recorded afterwards shows when it is opened again, while untouched.
    let plan_record = s.latest_signed(s.find_document(2026, "ke-hoach").unwrap().unwrap()).unwrap().unwrap().id;
    record(&s, plan_record, 3, ProgressState::Done, "", d(2026, 11, 1), d(2026, 11, 1)).unwrap();
    let view = camket::app::open_document(&mut s, 2026, "kiem-diem", d(2026, 11, 2)).unwrap();
    let text = |v: &camket::app::DocumentView| match v.answers.get("thuc_hien_cam_ket") {
        Some(Answer::Text(t)) => t.clone(),
        _ => String::new(),
    };
    let fourth = camket::demo::plan(2026).rows("bang_viec")[3]["noi_dung"].clone();
    assert!(text(&view).contains(&format!("– {fourth}: đã làm.")), "{}", text(&view));
    // Once edited, it is the member's: opening does not replace it; refilling does, on request.
    let rev = s.save_answer(id, "khuyet_diem", Answer::Text("Chậm tiến độ.".into()), view.revision).unwrap();
    record(&s, plan_record, 4, ProgressState::Done, "", d(2026, 11, 3), d(2026, 11, 3)).unwrap();
    let view = camket::app::open_document(&mut s, 2026, "kiem-diem", d(2026, 11, 4)).unwrap();
    let fifth = camket::demo::plan(2026).rows("bang_viec")[4]["noi_dung"].clone();
    assert!(view.revision == rev && text(&view).contains(&format!("– {fifth}: chưa ghi tiến độ.")));
    let rev = camket::writing::refill(&mut s, id, "thuc_hien_cam_ket", rev).unwrap();
    let view = camket::app::open_document(&mut s, 2026, "kiem-diem", d(2026, 11, 4)).unwrap();
    assert!(text(&view).contains(&format!("– {fifth}: đã làm.")), "{}", text(&view));
    assert_eq!(camket::app::year_board(&s, 2026, d(2026, 11, 4)).unwrap().entries[2].status_label, "bản nháp");

    // Next year's review is made from next year's documents, not copied from this one.
    let next = camket::app::year_board(&s, 2027, d(2026, 12, 20)).unwrap();
    assert!(!next.entries[2].can_start_from_previous);
    let refused = camket::writing::start_from_previous(&mut s, 2027, "kiem-diem").unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Bản kiểm điểm lấy nội dung từ các văn bản năm 2027, không bắt đầu từ bản năm trước."
    );
    assert_eq!(s.find_document(2027, "kiem-diem").unwrap(), None, "nothing made by the refusal");
    let wrong = camket::writing::refill(&mut s, id, "khuyet_diem", rev).unwrap_err();
    assert_eq!(wrong.to_string(), "Mục này không lấy nội dung từ văn bản khác.");
}

#[test]
fn when_every_row_was_done_and_nothing_is_left_to_fix_next_years_plan_gets_neither() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let plan_record = s.latest_signed(s.find_document(2026, "ke-hoach").unwrap().unwrap()).unwrap().unwrap().id;
    for row in 0..camket::demo::plan(2026).rows("bang_viec").len() as u32 {
        record(&s, plan_record, row, ProgressState::Done, "", d(2026, 11, 1), d(2026, 11, 1)).unwrap();
    }
    let id = camket::writing::document(&mut s, 2026, "kiem-diem").unwrap();
    let rev = s.info(id).unwrap().revision;
    s.save_answer(id, "khuyet_diem", Answer::Text("Không có hạn chế lớn.".into()), rev).unwrap();
    let plan = camket::writing::start_from_previous(&mut s, 2027, "ke-hoach").unwrap();
    let answers = s.answers(plan).unwrap();
    assert_eq!(answers.get("bang_viec"), None, "every row was done");
    assert_eq!(answers.get("khac_phuc"), None, "nothing left to fix");
    assert_eq!(answers.get("hoc_tap"), camket::demo::plan(2026).answers.get("hoc_tap"));
}

#[test]
fn an_old_self_review_stays_readable_printable_and_verifiable() {
    // The 2024 self-review, the third document before the national form.
    let dir = temp_dir();
    let mut s = Store::open(&dir.path().join("dang-vien.sqlite3")).unwrap();
    s.save_profile(&camket::demo::profile()).unwrap();
    let id = camket::writing::document(&mut s, 2024, "tu-danh-gia").unwrap();
    let mut rev = s.info(id).unwrap().revision;
    for (section, answer) in [
        (
            "ket_qua",
            Answer::Rows(vec![[
                ("noi_dung".to_string(), "Đọc sách".to_string()),
                ("ket_qua".to_string(), "Đã làm".to_string()),
            ]
            .into()]),
        ),
        ("tu_tuong", Answer::Text("Giữ vững lập trường.".into())),
        ("dao_duc", Answer::Text("Giản dị.".into())),
        ("ky_luat", Answer::Text("Đủ 12 kỳ.".into())),
        ("tac_phong", Answer::Text("Đúng hạn.".into())),
        ("nhiem_vu", Answer::Text("Hoàn thành.".into())),
        ("xep_loai", Answer::Text("Hoàn thành tốt nhiệm vụ".into())),
    ] {
        rev = s.save_answer(id, section, answer, rev).unwrap();
    }
    let signed = camket::writing::sign(&mut s, id, rev, d(2024, 12, 15), None).unwrap();
    assert_eq!(signed.record.version, 2);
    let copy = camket::app::branch_copy(&s, id).unwrap();
    let v = camket::verify::verify_bytes(&copy.bytes).unwrap();
    assert_eq!(v.record.kind, "tu-danh-gia");
    assert!(pdf_text(&copy.bytes).contains("Căn cứ kết quả trên, tôi tự nhận mức: Hoàn thành tốt nhiệm vụ."));
}

#[test]
fn signing_the_plan_again_keeps_what_was_recorded_on_its_rows() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let plan = s.find_document(2026, "ke-hoach").unwrap().unwrap();
    // Returned by the branch: a row added at the top, signed again.
    let mut table = rows(s.answers(plan).unwrap().get("bang_viec"));
    table.insert(0, [("noi_dung".to_string(), "Việc mới".to_string())].into());
    let rev = s.info(plan).unwrap().revision;
    let rev = s.save_answer(plan, "bang_viec", Answer::Rows(table), rev).unwrap();
    camket::writing::sign(&mut s, plan, rev, d(2026, 3, 1), None).unwrap();
    let p = camket::progress::plan_progress(&s, 2026, d(2026, 12, 1)).unwrap().unwrap();
    let recorded: Vec<(u32, Option<&str>)> =
        p.rows.iter().map(|r| (r.row, r.current().map(|e| e.note.as_str()))).filter(|(_, n)| n.is_some()).collect();
    assert_eq!(recorded, [(1, Some("Nộp ngày 25/4")), (3, Some("Xong 80 mét giá"))]);
    assert_eq!(p.summary, "1/7 việc đã làm");
}

#[test]
fn hostile_templates_are_refused_in_words() {
    let plan = include_str!("../templates/documents/ke-hoach.toml");
    let review = include_str!("../templates/documents/kiem-diem-2c.toml");
    for (source, expected) in [
        (plan.replacen("kind = \"ke-hoach\"", "kind = \"../ke-hoach\"", 1), "loại văn bản (kind) phải là chữ thường"),
        (plan.replacen("kind = \"ke-hoach\"", "kind = \"KE-HOACH\"", 1), "loại văn bản (kind) phải là chữ thường"),
        (plan.replacen("kind = \"ke-hoach\"", "kind = \"\"", 1), "loại văn bản (kind) phải là chữ thường"),
        (
            plan.replacen("file_name = \"ke-hoach-ca-nhan\"", "file_name = \"../../thoat-ra\"", 1),
            "tên tệp (file_name) phải là chữ thường",
        ),
        (plan.replacen("width = 5.0", "width = inf", 1), "phải có độ rộng lớn hơn 0"),
        (plan.replacen("width = 5.0", "width = nan", 1), "phải có độ rộng lớn hơn 0"),
        (plan.replacen("key = \"bien_phap\"", "key = \"noi_dung\"", 1), "cần mã (key) khác nhau"),
        (review.replacen("\"Hoàn thành nhiệm vụ\",", "\"Hoàn thành tốt nhiệm vụ\",", 1), "phải khác nhau, không trống"),
        (
            review.replacen("kind = \"choice\"", "kind = \"choice\"\nfrom = \"cam-ket/khac_phuc\"", 1),
            "chỉ mục văn bản hoặc bảng mới lấy nội dung",
        ),
        // A committee's criteria that do not add up to their group are refused.
        (review.replacen("max = 40", "max = 35", 1), "cộng lại được 65, không bằng 70 điểm của nhóm"),
        (review.replacen("max = 40", "max = 39.3", 1), "điểm tối đa là số nguyên hoặc nửa điểm"),
        (review.replacen("levels_from = \"diem\"", "levels_from = \"khuyet_diem\"", 1), "chỉ tới một mục chấm điểm"),
        (review.replacen("text = \"Tổng điểm: {points}\"", "text = \"Tổng điểm\"", 1), "có “{points}”"),
        // A unit cannot switch the points check off, reorder or rename the levels, or print what the fonts lack.
        (
            review.replacen("kind = \"points\"\nrequired = true", "kind = \"points\"\nrequired = false", 1),
            "phải bắt buộc",
        ),
        (
            review.replacen("kind = \"choice\"\nrequired = true", "kind = \"choice\"\nrequired = false", 1),
            "phải bắt buộc",
        ),
        (
            review.replacen(
                "  \"Hoàn thành xuất sắc nhiệm vụ\",\n  \"Hoàn thành tốt nhiệm vụ\",",
                "  \"Hoàn thành tốt nhiệm vụ\",\n  \"Hoàn thành xuất sắc nhiệm vụ\",",
                1,
            ),
            "theo thứ tự đó",
        ),
        (
            review.replacen("\"Hoàn thành xuất sắc nhiệm vụ\",", "\"Xuất sắc\",", 1),
            "phải đúng là Hoàn thành xuất sắc nhiệm vụ",
        ),
        (
            review.replacen("Thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu đầu năm", "Thực hiện cam kết 👍", 1),
            "không in được",
        ),
        (review.replacen("name = \"Nhóm tiêu chí chung\"", "name = \"Nhóm 👍\"", 1), "không in được"),
    ] {
        let err = camket::template::parse(&source).unwrap_err().to_string();
        assert!(err.contains(expected), "{expected}: {err}");
    }
}

#[test]
fn a_cell_that_looks_like_a_formula_stays_text_in_the_csv() {
    let dir = temp_dir();
    let b = Store::open(&dir.path().join("bi-thu.sqlite3")).unwrap();
    // A name cannot be one (it holds letters only); a position can.
    let name = camket::branch::roster::MemberFields { full_name: "=HYPERLINK(\"x\")".into(), ..Default::default() };
    assert!(camket::branch::roster::add(&b, &name, camket::dates::today()).is_err());
    let fields = camket::branch::roster::MemberFields {
        full_name: "Lê Văn Tám".into(),
        party_position: "=HYPERLINK(\"x\")".into(),
        ..Default::default()
    };
    camket::branch::roster::add(&b, &fields, camket::dates::today()).unwrap();
    let csv = String::from_utf8(camket::branch::report::csv(&year_table(&b, 2026, d(2026, 1, 1)).unwrap())).unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
}

/// A unit's own kind of document ("Báo cáo thu hoạch"), which no code and no
/// shipped template knows, given to members for a year: on the board, written,
/// signed, sent, verified and taken in by the secretary.
#[test]
fn a_kind_that_only_a_template_defines_works_from_start_to_end() {
    let dir = temp_dir();
    let source = r#"
id = "bao-cao-thu-hoach"
version = 1
kind = "bao-cao-thu-hoach"
label = "Báo cáo thu hoạch"
order = 4
file_name = "bao-cao-thu-hoach"
name = "Báo cáo thu hoạch chuyên đề (mẫu của đơn vị)"
first_year = 2026
title = ["BÁO CÁO THU HOẠCH", "Học tập chuyên đề năm {year}"]

[[identity]]
label = "Họ và tên"
field = "full_name"
always = true

[[sections]]
id = "noi_dung"
heading = "Những điều tâm đắc"
kind = "text"
required = true

[signature]
left = "XÁC NHẬN CỦA CHI BỘ"
right = "NGƯỜI VIẾT THU HOẠCH"
hint = "(Ký, ghi rõ họ tên)"
"#;
    let mut b = Store::open(&dir.path().join("bi-thu.sqlite3")).unwrap();
    let mut secretary = camket::demo::branch::member(0);
    secretary.collects_for_branch = true;
    b.save_profile(&secretary).unwrap();
    let settings = camket::branch::settings::make(&b, 2026, &[source.to_string()], d(2026, 1, 5)).unwrap();

    let mut s = Store::open(&dir.path().join("dang-vien.sqlite3")).unwrap();
    s.save_profile(&camket::demo::profile()).unwrap();
    let preview = camket::branch::settings::preview(&s, &camket::branch::settings::read(&settings).unwrap()).unwrap();
    assert!(
        preview.changes.iter().any(|c| c.label == "Văn bản mới năm 2026" && c.after == "Báo cáo thu hoạch"),
        "{:?}",
        preview.changes.iter().map(|c| &c.label).collect::<Vec<_>>()
    );
    camket::branch::settings::accept(&mut s, &settings, None).unwrap();
    let board = camket::app::year_board(&s, 2026, d(2026, 3, 1)).unwrap();
    let labels: Vec<&str> = board.entries.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["Kế hoạch cá nhân", "Bản cam kết", "Bản kiểm điểm", "Báo cáo thu hoạch"]);

    let view = camket::app::open_document(&mut s, 2026, "bao-cao-thu-hoach", d(2026, 3, 1)).unwrap();
    let rev = s
        .save_answer(view.id, "noi_dung", Answer::Text("Tâm đắc lời dạy về tiết kiệm.".into()), view.revision)
        .unwrap();
    camket::writing::sign(&mut s, view.id, rev, d(2026, 3, 1), None).unwrap();
    let copy = camket::app::branch_copy(&s, view.id).unwrap();
    assert!(copy.file_name.contains("bao-cao-thu-hoach"), "{}", copy.file_name);
    let text = pdf_text(&copy.bytes);
    assert!(text.contains("BÁO CÁO THU HOẠCH") && text.contains("Tâm đắc lời dạy về tiết kiệm."), "{text}");
    assert!(camket::verify::verify_bytes(&copy.bytes).is_ok());

    let path = dir.path().join(&copy.file_name);
    std::fs::write(&path, &copy.bytes).unwrap();
    let received = receive_files(&mut b, &[path], |_, _| {}).unwrap();
    assert!(received[0].outcome.is_ok(), "{received:?}");
    camket::branch::held::bind_all(&b, None, camket::dates::today()).unwrap();
    let t = year_table(&b, 2026, d(2026, 3, 2)).unwrap();
    let column = t.kinds.iter().position(|k| k.kind == "bao-cao-thu-hoach").expect("a column for the unit's kind");
    assert_eq!(t.kinds[column].label, "Báo cáo thu hoạch");
    assert_eq!(t.rows[0].cells[column].status, camket::branch::status::CellStatus::Submitted);
}

#[test]
fn a_database_from_before_upgrades_and_takes_any_kind() {
    // Made by the first release (schema 1, with the CHECK on two kinds).
    let dir = temp_dir();
    let path = dir.path().join("cu.sqlite3");
    std::fs::copy("tests/fixtures/v1.sqlite3", &path).unwrap();
    let count = |sql: &str| -> i64 {
        let raw = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        raw.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let answers_before = count("SELECT count(*) FROM answers");
    let documents_before = count("SELECT count(*) FROM documents");
    assert!(answers_before > 0 && documents_before > 0);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.documents().unwrap().len() as i64, documents_before);
    let id = camket::writing::document(&mut s, 2026, "kiem-diem").unwrap();
    assert_eq!(s.info(id).unwrap().kind, "kiem-diem");
    let answers_after: i64 =
        s.conn().query_row("SELECT count(*) FROM answers WHERE document_id != ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(answers_after, answers_before, "no answer lost when the table was made again");
    // Foreign keys hold again after the upgrade.
    let orphan = s.conn().execute("INSERT INTO answers (document_id, section, value) VALUES (9999, 'x', '\"\"')", []);
    assert!(orphan.is_err(), "foreign keys are on");
}

#[test]
fn december_leads_to_the_review_of_the_year_ending_and_never_to_next_years() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    // October: the year's review is not offered yet, and nothing leads to it.
    let october = camket::app::year_board(&s, 2026, d(2026, 10, 20)).unwrap();
    assert_eq!(october.entries[2].opens_on, Some(d(2026, 11, 1)));
    assert!(october.review_due.is_none());
    // 4 December: the board opens on 2027, leads with 2026's review, and
    // offers no review of 2027 (its card says from when).
    let today = d(2026, 12, 4);
    let board = camket::app::year_board(&s, camket::app::working_year(today), today).unwrap();
    assert_eq!(board.year, 2027);
    let due = board.review_due.clone().expect("the review of 2026 leads");
    assert_eq!((due.year, due.kind.as_str(), due.label.as_str()), (2026, "kiem-diem", "Bản kiểm điểm"));
    assert_eq!(board.entries[2].opens_on, Some(d(2027, 11, 1)));
    // Until it is signed, through February; then no more.
    let id = camket::app::open_document(&mut s, 2026, "kiem-diem", today).unwrap().id;
    assert!(camket::app::year_board(&s, 2027, d(2027, 2, 28)).unwrap().review_due.is_some());
    assert!(camket::app::year_board(&s, 2027, d(2027, 3, 1)).unwrap().review_due.is_none());
    let mut rev = s.info(id).unwrap().revision;
    for (section, answer) in camket::demo::review(2026).answers {
        rev = s.save_answer(id, &section, answer, rev).unwrap();
    }
    camket::writing::sign(&mut s, id, rev, today, None).unwrap();
    assert!(camket::app::year_board(&s, 2027, today).unwrap().review_due.is_none());
}

#[test]
fn the_review_has_three_forms_from_2025_and_the_old_self_review_before() {
    use camket::template::{kinds, kinds_of, pick_form, shipped_forms};
    let names =
        |year| kinds_of(year).iter().map(|k| camket::template::shipped(k).unwrap().label.clone()).collect::<Vec<_>>();
    assert_eq!(names(2024), ["Kế hoạch cá nhân", "Bản cam kết", "Bản tự đánh giá"]);
    assert_eq!(names(2025), ["Kế hoạch cá nhân", "Bản cam kết", "Bản kiểm điểm"]);
    // A kind's forms differ by letter; a kind of one form has no letter.
    for kind in kinds() {
        let forms = shipped_forms(&kind);
        let codes: Vec<Option<&str>> = forms.iter().map(|t| t.form.as_ref().map(|f| f.code.as_str())).collect();
        assert!(forms.len() == 1 || codes.iter().enumerate().all(|(i, c)| c.is_some() && !codes[..i].contains(c)));
    }
    let forms = shipped_forms("kiem-diem");
    let confirmed: Vec<(String, bool)> =
        forms.iter().filter_map(|t| t.form.clone()).map(|f| (f.code, f.confirmed)).collect();
    assert_eq!(confirmed, [("2A".to_string(), false), ("2B".into(), false), ("2C".into(), true)]);
    let code = |profile: &camket::profile::Profile, chosen: Option<&str>| {
        pick_form(&forms, profile, chosen).and_then(|t| t.form.clone()).map(|f| f.code)
    };
    let mut p = camket::profile::Profile::default();
    assert_eq!(code(&p, None).as_deref(), Some("2B"), "unanswered: in the system, no post");
    p.leadership_post = Some(true);
    assert_eq!(code(&p, None).as_deref(), Some("2A"));
    p.political_system = Some(false);
    assert_eq!(code(&p, None).as_deref(), Some("2C"), "outside the system, a post does not matter");
    assert_eq!(code(&p, Some("kiem-diem-2b")).as_deref(), Some("2B"), "the member's own choice wins");
}

/// A committee's own criteria for Mẫu 2C, handed out in the year's settings:
/// they reach a member outside the political system and print; criteria that
/// do not add up are refused before any file is made; and a unit may still
/// hand out the old self-review as its own kind.
#[test]
fn a_committees_criteria_come_with_the_settings_and_print() {
    let dir = temp_dir();
    let form_2c = include_str!("../templates/documents/kiem-diem-2c.toml");
    let committee = form_2c.replacen("id = \"kiem-diem-2c\"", "id = \"kiem-diem-2c-tinh\"", 1).replacen(
        "text = \"Thực hiện nhiệm vụ do cấp ủy, chi bộ phân công\"\nmax = 40",
        "text = \"Tham gia công tác dân vận ở khu dân cư\"\nmax = 40",
        1,
    );
    assert_ne!(committee, form_2c);
    let broken = committee.replacen("max = 40", "max = 45", 1);
    let old_kind = include_str!("../templates/documents/tu-danh-gia.toml")
        .replacen("last_year = 2024\n", "", 1)
        .replacen("order = 3", "order = 4", 1);

    let b = Store::open(&dir.path().join("bi-thu.sqlite3")).unwrap();
    let mut secretary = camket::demo::branch::member(0);
    secretary.collects_for_branch = true;
    b.save_profile(&secretary).unwrap();
    let refused = camket::branch::settings::make(&b, 2026, &[broken], d(2026, 11, 20)).unwrap_err().to_string();
    assert!(refused.contains("cộng lại được 75, không bằng 70 điểm của nhóm"), "{refused}");
    let twice = camket::branch::settings::make(&b, 2026, &[committee.clone(), committee.clone()], d(2026, 11, 20));
    assert!(twice.unwrap_err().to_string().contains("(mẫu 2C); chỉ chọn một"));
    let settings = camket::branch::settings::make(&b, 2026, &[committee, old_kind], d(2026, 11, 20)).unwrap();

    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let mut p = s.profile().unwrap();
    p.political_system = Some(false);
    s.save_profile(&p).unwrap();
    camket::branch::settings::accept(&mut s, &settings, None).unwrap();
    let board = camket::app::year_board(&s, 2026, d(2026, 12, 4)).unwrap();
    let labels: Vec<&str> = board.entries.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["Kế hoạch cá nhân", "Bản cam kết", "Bản kiểm điểm", "Bản tự đánh giá"]);
    let view = camket::app::open_document(&mut s, 2026, "kiem-diem", d(2026, 12, 4)).unwrap();
    assert_eq!(view.template.id, "kiem-diem-2c-tinh");
    // The other forms are still there to choose, as shipped.
    let forms: Vec<&str> = view.forms.iter().map(|f| f.template_id.as_str()).collect();
    assert_eq!(forms, ["kiem-diem-2a", "kiem-diem-2b", "kiem-diem-2c-tinh"]);
    let pdf = pdf_text(&camket::app::pdf(&s, view.id, false, d(2026, 12, 4)).unwrap());
    assert!(pdf.contains("Tham gia công tác dân vận ở khu dân cư"), "{pdf}");
    assert!(pdf.contains("Mẫu 2C-HD KĐ.ĐG 2025") && pdf.contains("Tổng điểm: …/100"), "{pdf}");
}

#[test]
fn the_demo_branchs_reviews_use_each_members_form_and_vary_their_points() {
    let files = camket::demo::branch::unit_branch(&Default::default(), 2026, 9, true).unwrap();
    let mut forms = std::collections::BTreeSet::new();
    let mut levels = std::collections::BTreeSet::new();
    for f in files.iter().filter(|f| f.file_name.contains("kiem-diem")) {
        let v = camket::verify::verify_bytes(&f.bytes).unwrap();
        let c = &v.record.content;
        forms.insert(c.template.form.clone().unwrap().code);
        let choice = c.template.section("xep_loai").unwrap();
        levels.insert(c.choice("xep_loai").to_string());
        assert!(c.level_too_high(choice, c.choice("xep_loai")).is_none(), "{}", f.file_name);
        assert!(c.missing(d(2026, 12, 20)).is_empty(), "{}: {:?}", f.file_name, c.missing(d(2026, 12, 20)));
    }
    assert_eq!(forms.into_iter().collect::<Vec<_>>(), ["2A", "2B", "2C"]);
    assert!(levels.len() >= 3, "{levels:?}");
}

#[test]
fn a_units_review_without_a_form_letter_is_the_only_form_that_year() {
    let dir = temp_dir();
    let own = include_str!("../templates/documents/kiem-diem-2b.toml")
        .replacen("id = \"kiem-diem-2b\"", "id = \"kiem-diem-don-vi\"", 1)
        .replacen("[form]\ncode = \"2B\"\nmark = \"Mẫu 2B-HD KĐ.ĐG 2025\"\nconfirmed = false\npolitical_system = true\nleadership = false\n", "", 1);
    assert!(!own.contains("[form]"));
    let b = Store::open(&dir.path().join("bi-thu.sqlite3")).unwrap();
    let mut secretary = camket::demo::branch::member(0);
    secretary.collects_for_branch = true;
    b.save_profile(&secretary).unwrap();
    let settings = camket::branch::settings::make(&b, 2026, &[own], d(2026, 11, 20)).unwrap();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    camket::branch::settings::accept(&mut s, &settings, None).unwrap();
    // The demo member leads (2A by her profile), and still gets the unit's one form.
    let view = camket::app::open_document(&mut s, 2026, "kiem-diem", d(2026, 12, 4)).unwrap();
    assert_eq!(view.template.id, "kiem-diem-don-vi");
    assert!(
        view.forms.is_empty(),
        "nothing to choose: {:?}",
        view.forms.iter().map(|f| &f.template_id).collect::<Vec<_>>()
    );
}

/// Issue 22.2: the self-check is a question for the year; starting next
/// year's commitment from this year's leaves it unticked, last year's shown.
#[test]
fn next_years_commitment_starts_with_the_self_check_unticked_and_last_years_beside_it() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let id = camket::writing::start_from_previous(&mut s, 2027, "cam-ket").unwrap();
    let answers = s.answers(id).unwrap();
    assert_eq!(answers.get("tu_soi"), None, "not one of the 27 ticked for 2027");
    assert_eq!(answers.get("tu_tuong"), camket::demo::commitment(2026).answers.get("tu_tuong"), "the rest is copied");
    let view = camket::app::document_view(&s, id, d(2026, 12, 20)).unwrap();
    assert_eq!(view.last_years_ticks.get("tu_soi").map(Vec::len), Some(27));
    assert!(view.missing.iter().any(|m| m.target == "tu_soi"), "{:?}", view.missing);
}

/// The walkthrough's 2027 plan opened saying 2026, a carried row without its
/// measures and deadline, and last year's note on it lost, and was signed
/// like that. Now every carried section is marked until looked at, every
/// mention of 2026 in it is listed before signing until changed or kept,
/// a carried row brings all its cells and what the review said of it.
#[test]
fn next_years_plan_carries_every_cell_and_last_years_note_and_lists_the_old_year_until_handled() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    // The review of 2026, its line on the row under way edited by the member.
    let review = camket::writing::document(&mut s, 2026, "kiem-diem").unwrap();
    let answers = s.answers(review).unwrap();
    let (section, text) = answers
        .iter()
        .find_map(|(k, a)| match a {
            Answer::Text(t) if t.contains("(Xong 80 mét giá)") => Some((k.clone(), t.clone())),
            _ => None,
        })
        .expect("the review lists the plan's rows with their progress");
    let rev = s.info(review).unwrap().revision;
    let edited = text.replace("(Xong 80 mét giá)", "(Xong 80 mét giá; chuyển 2 mét sang năm 2027)");
    s.save_answer(review, &section, Answer::Text(edited), rev).unwrap();

    let plan = camket::writing::start_from_previous(&mut s, 2027, "ke-hoach").unwrap();
    let today = d(2026, 12, 4);
    let view = camket::app::document_view(&s, plan, today).unwrap();
    // The row under way, with every cell of last year's plan and the review's note.
    let last_year = camket::demo::plan(2026);
    let source = last_year.rows("bang_viec")[2].clone();
    let carried = rows(view.answers.get("bang_viec"));
    let row = carried.iter().find(|r| r["noi_dung"] == source["noi_dung"]).unwrap();
    assert_eq!((&row["bien_phap"], &row["thoi_gian"]), (&source["bien_phap"], &source["thoi_gian"]));
    assert_eq!(
        view.carried["bang_viec"].row_notes.get(&source["noi_dung"]).map(String::as_str),
        Some("đang làm (Xong 80 mét giá; chuyển 2 mét sang năm 2027)")
    );
    // The row done is named as left behind, so it does not vanish unseen.
    let done = &last_year.rows("bang_viec")[0]["noi_dung"];
    assert_eq!(
        view.carried["bang_viec"].row_notes.get(done).map(String::as_str),
        Some("đã làm (Nộp ngày 25/4); không chép sang năm 2027")
    );
    // What still says 2026, shown and listed before signing.
    let hoc_tap = &view.carried["hoc_tap"];
    assert_eq!((hoc_tap.from_year, hoc_tap.seen), (2026, false));
    assert!(hoc_tap.old_year[0].contains("năm 2026"), "{hoc_tap:?}");
    let about = |v: &camket::app::DocumentView, section: &str| -> Vec<String> {
        v.missing.iter().filter(|m| m.target == section).map(|m| m.message.clone()).collect()
    };
    let listed = about(&view, "hoc_tap");
    assert!(listed.iter().any(|m| m.contains("chép từ bản năm 2026") && m.contains("Đã xem lại")), "{listed:?}");
    assert!(listed.iter().any(|m| m.contains("còn ghi năm 2026") && m.contains("Giữ năm 2026")), "{listed:?}");
    let refused = camket::writing::sign(&mut s, plan, view.revision, today, None).unwrap_err();
    assert!(refused.to_string().contains("còn ghi năm 2026"), "{refused}");
    // Read again: still names 2026 until changed.
    let view = camket::app::review_carried(&s, plan, "hoc_tap", false, today).unwrap();
    assert!(view.carried["hoc_tap"].seen);
    assert_eq!(about(&view, "hoc_tap").len(), 1);
    let text = view.answers["hoc_tap"].clone();
    let Answer::Text(text) = text else { panic!() };
    s.save_answer(plan, "hoc_tap", Answer::Text(text.replace("2026", "2027")), view.revision).unwrap();
    let view = camket::app::document_view(&s, plan, today).unwrap();
    assert!(about(&view, "hoc_tap").is_empty(), "{:?}", view.missing);
    // The rest read again, the old year kept where it is meant.
    for section in view.carried.keys().cloned().collect::<Vec<_>>() {
        camket::app::review_carried(&s, plan, &section, true, today).unwrap();
    }
    let view = camket::app::document_view(&s, plan, today).unwrap();
    // The review's A.VI was empty: "khắc phục" starts empty and is written now.
    assert_eq!(view.missing.iter().map(|m| m.target.as_str()).collect::<Vec<_>>(), ["khac_phuc"]);
    let rev = s.save_answer(plan, "khac_phuc", Answer::Text("Nộp báo cáo trước hạn.".into()), view.revision).unwrap();
    let view = camket::app::document_view(&s, plan, today).unwrap();
    assert_eq!((view.missing.clone(), view.revision), (vec![], rev), "nothing left but what the member decided");
    camket::writing::sign(&mut s, plan, view.revision, today, None).unwrap();
    let kept: i64 =
        s.conn().query_row("SELECT count(*) FROM carried WHERE year_kept_at IS NOT NULL", [], |r| r.get(0)).unwrap();
    assert!(kept >= 1);
    // A section never carried cannot be "read again".
    assert!(camket::app::review_carried(&s, plan, "to_chuc", false, today).is_err());
}

/// Next year's commitment takes "khắc phục" from the review's shortcomings,
/// never from last year's commitment; with no review, it starts empty.
#[test]
fn next_years_commitment_takes_its_remedies_from_the_review_not_from_last_years_commitment() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let id = camket::writing::start_from_previous(&mut s, 2027, "cam-ket").unwrap();
    assert_eq!(s.answers(id).unwrap().get("khac_phuc"), None, "no review of 2026: nothing to carry");

    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let review = camket::writing::document(&mut s, 2026, "kiem-diem").unwrap();
    let rev = s.info(review).unwrap().revision;
    let shortcomings = "Còn chậm nộp báo cáo tháng.\nChưa mạnh dạn góp ý trong sinh hoạt chi bộ.";
    s.save_answer(review, "khuyet_diem", Answer::Text(shortcomings.into()), rev).unwrap();
    let id = camket::writing::start_from_previous(&mut s, 2027, "cam-ket").unwrap();
    assert_eq!(s.answers(id).unwrap().get("khac_phuc"), Some(&Answer::Text(shortcomings.into())));
    let view = camket::app::document_view(&s, id, d(2026, 12, 4)).unwrap();
    assert!(!view.carried["khac_phuc"].seen, "marked as carried");
    assert_eq!(view.carried["khac_phuc"].from, "bản kiểm điểm năm 2026");
    assert_eq!(view.carried["tu_tuong"].from, "bản năm 2026");
}

/// The walkthrough kept "năm 2026" after seeing only its first mention, and
/// found rows the review called done carried into next year's plan: every
/// mention is listed, a table's with its row; a row the review says is done
/// stays behind even when no progress was recorded.
#[test]
fn every_mention_of_the_old_year_is_listed_and_rows_the_review_calls_done_stay_behind() {
    let dir = temp_dir();
    let (mut s, plan, rev) = filled(&dir.path().join("dang-vien.sqlite3"), "ke-hoach");
    camket::writing::sign(&mut s, plan, rev, d(2026, 2, 20), None).unwrap();
    // No progress recorded; the review says the first row was done.
    let review = camket::writing::document(&mut s, 2026, "kiem-diem").unwrap();
    let first = camket::demo::plan(2026).rows("bang_viec")[0]["noi_dung"].clone();
    let rev = s.info(review).unwrap().revision;
    let line = format!("– {first}: đã làm (nộp thu hoạch 25/6).");
    s.save_answer(review, "thuc_hien_cam_ket", Answer::Text(line), rev).unwrap();
    let next = camket::writing::start_from_previous(&mut s, 2027, "ke-hoach").unwrap();
    let view = camket::app::document_view(&s, next, d(2026, 12, 4)).unwrap();
    let carried = rows(view.answers.get("bang_viec"));
    assert!(carried.iter().all(|r| r["noi_dung"] != first), "the row done stays behind");
    assert_eq!(carried.len(), camket::demo::plan(2026).rows("bang_viec").len() - 1);
    // "hoc_tap" names 2026 twice: both are listed.
    let mentions = &view.carried["hoc_tap"].old_year;
    assert_eq!(mentions.len(), 2, "{mentions:?}");
    let listed = view.missing.iter().find(|m| m.target == "hoc_tap" && m.message.contains("còn ghi năm 2026")).unwrap();
    assert!(listed.message.contains("(2 chỗ)"), "{}", listed.message);
    // The list follows the document's order.
    let order: Vec<&str> = view.missing.iter().map(|m| m.target.as_str()).collect();
    let place = |t: &str| view.template.sections.iter().position(|s| s.id == t).unwrap();
    assert!(order.windows(2).all(|w| place(w[0]) <= place(w[1])), "{order:?}");
}

/// A section last year left empty is not "carried": nothing to read again.
#[test]
fn an_empty_section_of_last_year_is_not_marked_as_carried() {
    let dir = temp_dir();
    let (mut s, plan, rev) = filled(&dir.path().join("dang-vien.sqlite3"), "ke-hoach");
    s.save_answer(plan, "nhiem_vu", Answer::Text(" ".into()), rev).unwrap();
    let next = camket::writing::start_from_previous(&mut s, 2027, "ke-hoach").unwrap();
    let view = camket::app::document_view(&s, next, d(2026, 12, 4)).unwrap();
    assert!(!view.carried.contains_key("nhiem_vu"), "{:?}", view.carried.keys());
    assert!(view.carried.contains_key("hoc_tap"));
    let about: Vec<&str> = view.missing.iter().filter(|m| m.target == "nhiem_vu").map(|m| m.message.as_str()).collect();
    assert_eq!(about.len(), 1, "only that it is empty: {about:?}");
}
