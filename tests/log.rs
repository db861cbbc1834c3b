//! The log: start-up, migrations, backups and errors are recorded; the text
//! of a document never is; the file is rotated by size.

mod common;

use camket::document::Answer;

use common::*;

#[test]
fn the_log_records_what_happened_but_never_a_documents_text_and_stays_small() {
    let dir = temp_dir();
    let logs = dir.path().join("logs");
    let file = camket::log::init(&logs).unwrap();
    let db = dir.path().join("cam-ket.sqlite3");
    let (mut s, id, rev) = filled(&db, "ke-hoach");
    let secret = "Nội dung riêng của đồng chí 😀 không được ghi vào nhật ký";
    let rev = s.save_answer(id, "tu_tuong", Answer::Text(secret.into()), rev).unwrap();
    let err =
        camket::writing::sign(&mut s, id, rev, chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(), None).unwrap_err();
    // What the app does with an error that reaches a person.
    let shown = camket::ErrorView::from(&err);
    assert!(shown.message.contains("😀"), "the member is told: {}", shown.message);
    let render = camket::app::pdf(&s, id, false, chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()).unwrap_err();
    drop(camket::ErrorView::from(&render));
    drop(s);
    drop(camket::app::open_database(&db));
    let io = camket::Error::io("/khong/co", std::io::Error::from(std::io::ErrorKind::PermissionDenied));
    drop(camket::ErrorView::from(&io));

    let log = std::fs::read_to_string(&file).unwrap();
    assert!(log.contains("khởi động; tệp dữ liệu"), "{log}");
    assert!(log.contains("sao lưu tự động"), "{log}");
    assert!(log.contains("not_ready: 1 mục"), "{log}");
    assert!(log.contains("unprintable: 1. Về tư tưởng"), "{log}");
    assert!(log.contains("io: Không có quyền đọc hoặc ghi /khong/co"), "{log}");
    assert!(!log.contains("Nội dung riêng") && !log.contains("😀"), "no document text: {log}");

    // Rotated by size: the current file and one older, each under the limit.
    for i in 0..4000 {
        drop(camket::ErrorView::from(&camket::Error::NotFound(format!("tệp thử số {i} để đầy nhật ký"))));
    }
    let current = std::fs::metadata(&file).unwrap().len();
    let older = std::fs::metadata(logs.join("cam-ket.1.log")).unwrap().len();
    assert!(current <= camket::log::LIMIT && older <= camket::log::LIMIT, "{current} {older}");
    assert_eq!(std::fs::read_dir(&logs).unwrap().count(), 2);
}
