//! The year's loop closed: the self-review prefilled from the signed plan,
//! commitment and progress, signed and sent; the secretary sees the proposed
//! rating; next year's plan is offered what was left to do; and a kind of
//! document that only a template defines works from start to end.

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
    let signed_plan = s.sign(plan, rev, d(2026, 2, 20), None).unwrap();
    let commitment = s.document(2026, "cam-ket").unwrap();
    let mut rev = 0;
    for (section, answer) in camket::demo::commitment(2026).answers {
        rev = s.save_answer(commitment, &section, answer, rev).unwrap();
    }
    s.sign(commitment, rev, d(2026, 2, 20), None).unwrap();
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

#[test]
fn the_review_is_prefilled_signed_sent_and_its_rating_reaches_the_secretary() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let board = camket::app::year_board(&s, 2026, d(2026, 12, 10)).unwrap();
    let labels: Vec<(&str, bool)> = board.entries.iter().map(|e| (e.label.as_str(), e.year_end)).collect();
    assert_eq!(labels, [("Kế hoạch cá nhân", false), ("Bản cam kết", false), ("Bản tự đánh giá", true)]);

    let view = camket::app::open_document(&mut s, 2026, "tu-danh-gia", d(2026, 12, 10)).unwrap();
    assert_eq!(view.label, "Bản tự đánh giá");
    // The plan's rows, their results from the progress recorded.
    let plan = camket::demo::plan(2026);
    let table = rows(view.answers.get("ket_qua"));
    assert_eq!(table.len(), plan.rows("bang_viec").len());
    for (row, planned) in table.iter().zip(plan.rows("bang_viec")) {
        assert_eq!(row["noi_dung"], planned["noi_dung"]);
    }
    assert_eq!((table[0]["ket_qua"].as_str(), table[0]["ghi_chu"].as_str()), ("Đã làm", "Nộp ngày 25/4"));
    assert_eq!((table[2]["ket_qua"].as_str(), table[2]["ghi_chu"].as_str()), ("Đang làm", "Xong 80 mét giá"));
    assert_eq!((table[1]["ket_qua"].as_str(), table[1]["ghi_chu"].as_str()), ("", ""));
    // The shortcomings from the commitment; each commitment section beside its self-assessment.
    let commitment = camket::demo::commitment(2026);
    assert_eq!(view.answers.get("han_che"), commitment.answers.get("khac_phuc"));
    assert_eq!(view.recalled.get("tu_tuong").map(String::as_str), Some(commitment.text("tu_tuong")));
    assert_eq!(view.recalled.len(), 5);
    assert!(view.missing.iter().any(|m| m.message == "Mục “IV. TỰ NHẬN MỨC XẾP LOẠI” chưa chọn mức nào."));

    // Progress recorded after the review was begun: the table is filled again on request.
    let plan_record = s.latest_signed(s.find_document(2026, "ke-hoach").unwrap().unwrap()).unwrap().unwrap().id;
    record(&s, plan_record, 1, ProgressState::Done, "146/146 hồ sơ", d(2026, 12, 1), d(2026, 12, 10)).unwrap();
    let id = view.id;
    let mut rev = s.refill(id, "ket_qua", view.revision).unwrap();
    let table = rows(s.answers(id).unwrap().get("ket_qua"));
    assert_eq!((table[1]["ket_qua"].as_str(), table[1]["ghi_chu"].as_str()), ("Đã làm", "146/146 hồ sơ"));
    let nothing = s.refill(id, "tu_tuong", rev).unwrap_err();
    assert_eq!(nothing.to_string(), "Mục này không lấy nội dung từ văn bản khác.");

    // The member edits freely, chooses a rating (only one of the options) and signs.
    let review = camket::demo::review(2026);
    for (section, answer) in review.answers.iter().filter(|(k, _)| k.as_str() != "xep_loai") {
        rev = s.save_answer(id, section, answer.clone(), rev).unwrap();
    }
    let wrong = s.save_answer(id, "xep_loai", Answer::Text("Xuất sắc".into()), rev).unwrap_err();
    assert_eq!(wrong.to_string(), "Hãy chọn một trong các mức có sẵn ở mục “IV. TỰ NHẬN MỨC XẾP LOẠI”.");
    rev = s.save_answer(id, "xep_loai", Answer::Text("Hoàn thành tốt nhiệm vụ".into()), rev).unwrap();
    let text = camket::app::document_view(&s, id, d(2026, 12, 15)).unwrap().plain_text;
    assert!(text.starts_with("BẢN TỰ ĐÁNH GIÁ\n"), "{text}");
    assert!(
        text.contains("\nII. TỰ ĐÁNH GIÁ VIỆC THỰC HIỆN BẢN CAM KẾT\n1. Về tư tưởng chính trị\nGiữ vững lập trường"),
        "{text}"
    );
    assert!(
        text.contains("1. Học tập chuyên đề năm và viết bài thu hoạch — Kết quả: Đã làm: bài thu hoạch nộp ngày 25/4"),
        "{text}"
    );
    assert!(text.ends_with("Căn cứ kết quả trên, tôi tự nhận mức: Hoàn thành tốt nhiệm vụ.\n"), "{text}");
    let signed = s.sign(id, rev, d(2026, 12, 15), None).unwrap();
    assert_eq!(signed.record.kind, "tu-danh-gia");
    // An app of the previous release knows two kinds and no choice: it is told to update.
    assert_eq!(signed.record.version, 2);
    let plan = s.latest_signed(s.find_document(2026, "ke-hoach").unwrap().unwrap()).unwrap().unwrap();
    assert_eq!(plan.record.version, 1, "a plan stays readable by the previous release");
    let copy = camket::app::branch_copy(&s, id).unwrap();
    assert!(copy.file_name.contains("tu-danh-gia"), "{}", copy.file_name);
    let pdf = pdf_text(&copy.bytes);
    assert!(pdf.contains("Căn cứ kết quả trên, tôi tự nhận mức: Hoàn thành tốt nhiệm vụ."), "{pdf}");
    camket::verify::verify_bytes(&copy.bytes).unwrap();

    // The secretary takes in the three files and sees the proposed rating.
    let inbox = dir.path().join("nhan");
    std::fs::create_dir_all(&inbox).unwrap();
    let mut files = Vec::new();
    for kind in ["ke-hoach", "cam-ket", "tu-danh-gia"] {
        let doc = s.find_document(2026, kind).unwrap().unwrap();
        let c = camket::app::branch_copy(&s, doc).unwrap();
        files.push(inbox.join(&c.file_name));
        std::fs::write(inbox.join(&c.file_name), &c.bytes).unwrap();
    }
    let mut b = Store::open(&dir.path().join("bi-thu.sqlite3")).unwrap();
    let mut secretary = camket::demo::branch::member(0);
    secretary.collects_for_branch = true;
    b.save_profile(&secretary).unwrap();
    let received = receive_files(&mut b, &files, |_, _| {}).unwrap();
    assert!(received.iter().all(|r| r.outcome.is_ok()), "{received:?}");
    camket::branch::held::bind_all(&b, None).unwrap();
    camket::branch::status::set_deadline(&b, 2026, Some(d(2026, 3, 31))).unwrap();
    let t = year_table(&b, 2026, d(2026, 12, 20)).unwrap();
    let kinds: Vec<(&str, bool)> = t.kinds.iter().map(|k| (k.label.as_str(), k.due)).collect();
    assert_eq!(kinds, [("Kế hoạch cá nhân", true), ("Bản cam kết", true), ("Bản tự đánh giá", false)]);
    assert_eq!(t.rows[0].cells[2].choice.as_deref(), Some("Hoàn thành tốt nhiệm vụ"));
    assert_eq!(t.rows[0].cells[0].choice, None);
    let ratings = t.ratings.clone().unwrap();
    assert_eq!(ratings.options[1], ("Hoàn thành tốt nhiệm vụ".to_string(), vec!["Trần Thị Minh Hạnh".to_string()]));
    assert!(ratings.not_submitted.is_empty());

    drop(b);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_camket"))
        .args(["branch", "status", "--year", "2026", "--db"])
        .arg(dir.path().join("bi-thu.sqlite3"))
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&out.stdout);
    assert!(status.contains("Bản tự đánh giá: đã nộp ("), "{status}");
    assert!(status.contains(", tự nhận: Hoàn thành tốt nhiệm vụ"), "{status}");
    assert!(
        status.contains("Tổng hợp đề xuất mức xếp loại (bản tự đánh giá): Hoàn thành xuất sắc nhiệm vụ: 0; Hoàn thành tốt nhiệm vụ: 1;"),
        "{status}"
    );
    let b = Store::open_read_only(&dir.path().join("bi-thu.sqlite3")).unwrap();
    let late = pdf_text(&camket::branch::print::late_list(&b, 2026, d(2026, 12, 20)).unwrap());
    assert!(!late.contains("TỔNG HỢP ĐỀ XUẤT"), "the late list is of the documents due: {late}");
    let cover = pdf_text(
        &camket::branch::report::report(&b, 2026, d(2026, 12, 20), camket::branch::report::ReportFormat::Pdf).unwrap(),
    );
    assert!(cover.contains("TỔNG HỢP ĐỀ XUẤT MỨC XẾP LOẠI"), "{cover}");
    let flat = cover.split_whitespace().collect::<Vec<_>>().join(" ");
    let summary = &flat[flat.find("TỔNG HỢP ĐỀ XUẤT MỨC XẾP LOẠI").unwrap()..];
    assert!(summary.contains("Hoàn thành tốt nhiệm vụ 1 Hoàn thành nhiệm vụ 0"), "{summary}");
    assert!(summary.contains("Trần Thị Minh Hạnh"), "{summary}");
    let cover_pdf =
        camket::branch::report::report(&b, 2026, d(2026, 12, 20), camket::branch::report::ReportFormat::Pdf).unwrap();
    let words = pdf_words(&cover_pdf);
    let good = words.iter().rev().find(|w| w.text == "tốt").unwrap();
    let name = words.iter().rev().find(|w| w.text == "Hạnh").unwrap();
    assert!((good.y_min - name.y_min).abs() < 1.0, "the name on the row of the rating she chose");
    assert!(summary.contains("Chưa nộp bản tự đánh giá 0"), "{summary}");
    assert!(cover.contains("đã nộp đủ văn bản: 1"), "the review is not one of the documents due at the start: {cover}");
    let xlsx =
        camket::branch::report::report(&b, 2026, d(2026, 12, 20), camket::branch::report::ReportFormat::Xlsx).unwrap();
    let path = dir.path().join("tong-hop.xlsx");
    std::fs::write(&path, xlsx).unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let main = book.worksheet_range("Năm 2026").unwrap();
    let header: Vec<String> = main.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let at = header.iter().position(|h| h == "Bản tự đánh giá: đề xuất xếp loại").unwrap();
    assert_eq!(main.rows().nth(1).unwrap()[at].to_string(), "Hoàn thành tốt nhiệm vụ");
    let summary = book.worksheet_range("Tổng hợp xếp loại").unwrap();
    let lines: Vec<String> =
        summary.rows().map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|")).collect();
    assert!(lines.contains(&"Hoàn thành tốt nhiệm vụ|1|Trần Thị Minh Hạnh".to_string()), "{lines:?}");
    assert!(lines.contains(&"Chưa nộp bản tự đánh giá|0|".to_string()), "{lines:?}");
}

#[test]
fn next_years_plan_is_offered_the_shortcomings_and_the_rows_not_done() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let id = s.document(2026, "tu-danh-gia").unwrap();
    let mut rev = s.info(id).unwrap().revision;
    let review = camket::demo::review(2026);
    for (section, answer) in review.answers.clone() {
        rev = s.save_answer(id, &section, answer, rev).unwrap();
    }
    s.sign(id, rev, d(2026, 12, 15), None).unwrap();

    let board = camket::app::year_board(&s, 2027, d(2026, 12, 20)).unwrap();
    assert!(board.entries[0].can_start_from_previous);
    let plan = s.start_from_previous(2027, "ke-hoach").unwrap();
    let answers = s.answers(plan).unwrap();
    assert_eq!(answers.get("khac_phuc"), review.answers.get("han_che"), "the review's shortcomings");
    let carried = rows(answers.get("bang_viec"));
    // Only the row the review does not call done ("Đang làm: đã đọc 5/8 phần").
    assert_eq!(carried.len(), 1, "{carried:?}");
    assert_eq!(carried[0]["noi_dung"], "Đọc “Sửa đổi lối làm việc”, “Đạo đức cách mạng”");
    assert!(!carried[0].contains_key("ket_qua"), "results stay for next year's review");
    // The rest of last year's plan is copied as before.
    assert_eq!(answers.get("hoc_tap"), camket::demo::plan(2026).answers.get("hoc_tap"));
}

#[test]
fn the_review_never_starts_from_last_years_and_stays_fresh_until_edited() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let id = camket::app::open_document(&mut s, 2026, "tu-danh-gia", d(2026, 10, 1)).unwrap().id;
    let board = camket::app::year_board(&s, 2026, d(2026, 10, 1)).unwrap();
    assert_eq!(board.entries[2].status_label, "chưa làm", "opening it is not writing it");
    // Progress recorded afterwards shows when it is opened again, while untouched.
    let plan_record = s.latest_signed(s.find_document(2026, "ke-hoach").unwrap().unwrap()).unwrap().unwrap().id;
    record(&s, plan_record, 3, ProgressState::Done, "", d(2026, 11, 1), d(2026, 11, 1)).unwrap();
    let view = camket::app::open_document(&mut s, 2026, "tu-danh-gia", d(2026, 11, 2)).unwrap();
    assert_eq!(rows(view.answers.get("ket_qua"))[3]["ket_qua"], "Đã làm");
    // Once edited, it is the member's: opening does not replace it.
    let rev = s.save_answer(id, "tu_tuong", Answer::Text("Giữ vững lập trường.".into()), view.revision).unwrap();
    record(&s, plan_record, 4, ProgressState::Done, "", d(2026, 11, 3), d(2026, 11, 3)).unwrap();
    let view = camket::app::open_document(&mut s, 2026, "tu-danh-gia", d(2026, 11, 4)).unwrap();
    assert_eq!((view.revision, rows(view.answers.get("ket_qua"))[4]["ket_qua"].as_str()), (rev, ""));
    assert_eq!(camket::app::year_board(&s, 2026, d(2026, 11, 4)).unwrap().entries[2].status_label, "bản nháp");

    // Next year's review is made from next year's documents, not copied from this one.
    let next = camket::app::year_board(&s, 2027, d(2026, 12, 20)).unwrap();
    assert!(!next.entries[2].can_start_from_previous);
    let refused = s.start_from_previous(2027, "tu-danh-gia").unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Bản tự đánh giá lấy nội dung từ các văn bản năm 2027, không bắt đầu từ bản năm trước."
    );
    assert_eq!(s.find_document(2027, "tu-danh-gia").unwrap(), None, "nothing made by the refusal");
    let wrong = s.refill(id, "tu_tuong", rev).unwrap_err();
    assert_eq!(wrong.to_string(), "Mục này không lấy nội dung từ văn bản khác.");
}

#[test]
fn when_the_review_says_all_was_done_next_years_plan_gets_no_old_rows() {
    let dir = temp_dir();
    let mut s = member_at_year_end(&dir.path().join("dang-vien.sqlite3"));
    let id = s.document(2026, "tu-danh-gia").unwrap();
    let mut review = camket::demo::review(2026);
    let Some(Answer::Rows(rows)) = review.answers.get_mut("ket_qua") else { panic!() };
    rows.iter_mut().for_each(|r| {
        r.insert("ket_qua".into(), "Đã làm".into());
    });
    // The shortcomings taken from the commitment, emptied: all were fixed.
    review.answers.insert("han_che".into(), Answer::Text(String::new()));
    let mut rev = s.info(id).unwrap().revision;
    for (section, answer) in review.answers {
        rev = s.save_answer(id, &section, answer, rev).unwrap();
    }
    let plan = s.start_from_previous(2027, "ke-hoach").unwrap();
    let answers = s.answers(plan).unwrap();
    assert_eq!(answers.get("bang_viec"), None, "every row was done");
    assert_eq!(answers.get("khac_phuc"), None, "nothing left to fix");
    assert_eq!(answers.get("hoc_tap"), camket::demo::plan(2026).answers.get("hoc_tap"));
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
    s.sign(plan, rev, d(2026, 3, 1), None).unwrap();
    let p = camket::progress::plan_progress(&s, 2026, d(2026, 12, 1)).unwrap().unwrap();
    let recorded: Vec<(u32, Option<&str>)> =
        p.rows.iter().map(|r| (r.row, r.current().map(|e| e.note.as_str()))).filter(|(_, n)| n.is_some()).collect();
    assert_eq!(recorded, [(1, Some("Nộp ngày 25/4")), (3, Some("Xong 80 mét giá"))]);
    assert_eq!(p.summary, "1/7 việc đã làm");
}

#[test]
fn hostile_templates_are_refused_in_words() {
    let plan = include_str!("../templates/documents/ke-hoach.toml");
    let review = include_str!("../templates/documents/tu-danh-gia.toml");
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
    assert!(camket::branch::roster::add(&b, &name).is_err());
    let fields = camket::branch::roster::MemberFields {
        full_name: "Lê Văn Tám".into(),
        party_position: "=HYPERLINK(\"x\")".into(),
        ..Default::default()
    };
    camket::branch::roster::add(&b, &fields).unwrap();
    let csv = String::from_utf8(camket::branch::report::csv(&year_table(&b, 2026, d(2026, 1, 1)).unwrap())).unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
}

#[test]
fn no_code_names_the_review_it_is_a_template_file() {
    // Library and shells: the kind appears only in the template files (and
    // the demo's fictional data, which is an example of it).
    let mut named = Vec::new();
    for dir in ["src", "src-tauri/src", "ui/src"] {
        for entry in walk(Path::new(dir)) {
            let text = std::fs::read_to_string(&entry).unwrap_or_default();
            if text.contains("tu-danh-gia") && !entry.starts_with("src/demo") {
                named.push(entry.display().to_string());
            }
        }
    }
    assert!(named.is_empty(), "{named:?}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("bindings") {
                out.extend(walk(&path));
            }
        } else {
            out.push(path);
        }
    }
    out
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
    assert_eq!(labels, ["Kế hoạch cá nhân", "Bản cam kết", "Bản tự đánh giá", "Báo cáo thu hoạch"]);

    let view = camket::app::open_document(&mut s, 2026, "bao-cao-thu-hoach", d(2026, 3, 1)).unwrap();
    let rev = s
        .save_answer(view.id, "noi_dung", Answer::Text("Tâm đắc lời dạy về tiết kiệm.".into()), view.revision)
        .unwrap();
    s.sign(view.id, rev, d(2026, 3, 1), None).unwrap();
    let copy = camket::app::branch_copy(&s, view.id).unwrap();
    assert!(copy.file_name.contains("bao-cao-thu-hoach"), "{}", copy.file_name);
    let text = pdf_text(&copy.bytes);
    assert!(text.contains("BÁO CÁO THU HOẠCH") && text.contains("Tâm đắc lời dạy về tiết kiệm."), "{text}");
    assert!(camket::verify::verify_bytes(&copy.bytes).is_ok());

    let path = dir.path().join(&copy.file_name);
    std::fs::write(&path, &copy.bytes).unwrap();
    let received = receive_files(&mut b, &[path], |_, _| {}).unwrap();
    assert!(received[0].outcome.is_ok(), "{received:?}");
    camket::branch::held::bind_all(&b, None).unwrap();
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
    let id = s.document(2026, "tu-danh-gia").unwrap();
    assert_eq!(s.info(id).unwrap().kind, "tu-danh-gia");
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
    assert_eq!((due.year, due.kind.as_str(), due.label.as_str()), (2026, "tu-danh-gia", "Bản tự đánh giá"));
    assert_eq!(board.entries[2].opens_on, Some(d(2027, 11, 1)));
    // Until it is signed, through February; then no more.
    let id = camket::app::open_document(&mut s, 2026, "tu-danh-gia", today).unwrap().id;
    assert!(camket::app::year_board(&s, 2027, d(2027, 2, 28)).unwrap().review_due.is_some());
    assert!(camket::app::year_board(&s, 2027, d(2027, 3, 1)).unwrap().review_due.is_none());
    let mut rev = s.info(id).unwrap().revision;
    for (section, answer) in camket::demo::review(2026).answers {
        rev = s.save_answer(id, &section, answer, rev).unwrap();
    }
    s.sign(id, rev, today, None).unwrap();
    assert!(camket::app::year_board(&s, 2027, today).unwrap().review_due.is_none());
}
