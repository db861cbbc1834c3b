//! The SQLite store: schema, migrations, conflicts, signing, backups and
//! refusals that leave files untouched. Assertions read the database rows.

mod common;

use camket::document::{Answer, Status};
use camket::signature::SignatureImage;
use camket::store::{self, Store};

use chrono::NaiveDate;
use common::temp_dir;
use rusqlite::Connection;
use std::path::Path;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

fn text(s: &str) -> Answer {
    Answer::Text(s.to_string())
}

/// A store holding the demo member and a completely written commitment for 2026.
fn filled(path: &Path) -> (Store, i64, i64) {
    common::filled(path, "cam-ket")
}

#[test]
fn a_fresh_database_has_the_schema_and_the_pragmas() {
    let dir = temp_dir();
    let path = dir.path().join("sub").join("cam-ket.sqlite3");
    let s = Store::open(&path).unwrap();
    let c = s.conn();
    let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(sync, 2, "FULL");
    let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, store::migrations::LATEST);
    let strict: i64 = c
        .query_row("SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND strict = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(strict, 23, "every table is STRICT");
    assert!(s.integrity_ok().unwrap());
    // A fresh database needs no backup.
    assert!(store::list_backups(&path).unwrap().is_empty());
}

#[test]
fn an_older_schema_is_upgraded_after_a_backup_and_keeps_its_data() {
    let dir = temp_dir();
    let path = dir.path().join("old.sqlite3");
    std::fs::copy("tests/fixtures/v1.sqlite3", &path).unwrap();
    let original = std::fs::read(&path).unwrap();
    let s = Store::open(&path).unwrap();
    let version: i64 = s.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, store::migrations::LATEST);
    let keys: i64 = s.conn().query_row("SELECT count(*) FROM keys", [], |r| r.get(0)).unwrap();
    assert_eq!(keys, 1, "the upgrade gives the member a key");
    assert_eq!(s.profile().unwrap().full_name, "Lê Văn Bình");
    let id = s.find_document(2025, "cam-ket").unwrap().unwrap();
    assert_eq!(s.answers(id).unwrap()["tu_tuong"], text("Kiên định lập trường năm 2025."));
    assert_eq!(s.info(id).unwrap().revision, 3);
    let backups = store::list_backups(&path).unwrap();
    let before =
        backups.iter().find(|p| p.to_string_lossy().contains("truoc-nang-cap")).expect("backup before migrating");
    let c = Connection::open(before).unwrap();
    let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 1, "the backup is the database as it was");
    let n: i64 = c.query_row("SELECT count(*) FROM answers", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
    drop(c);
    assert_ne!(std::fs::read(&path).unwrap(), original);
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = temp_dir();
    let path = dir.path().join("new.sqlite3");
    {
        let s = Store::open(&path).unwrap();
        s.conn().execute_batch("PRAGMA user_version = 99; PRAGMA journal_mode = DELETE;").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert_eq!(err.code(), "newer_database");
    assert!(err.to_string().contains("phiên bản mới hơn"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_damaged_file_names_the_latest_backup_and_stays_byte_identical() {
    let dir = temp_dir();
    let path = dir.path().join("cam-ket.sqlite3");
    {
        let (s, _, _) = filled(&path);
        s.conn().execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
    }
    // Reopening an existing database makes the day's automatic backup.
    drop(Store::open(&path).unwrap());
    let backup = store::latest_backup(&path).unwrap().expect("daily backup");
    // Scribble over the middle of the file, as a failing disk would.
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 3..len / 3 + 4096] {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert_eq!(err.code(), "damaged");
    let msg = err.to_string();
    assert!(msg.contains("bị hỏng") && msg.contains(&backup.display().to_string()), "{msg}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the damaged file is not modified");

    // A file that is not a database at all.
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, "đây không phải cơ sở dữ liệu".repeat(100)).unwrap();
    let before = std::fs::read(&junk).unwrap();
    assert_eq!(Store::open(&junk).err().unwrap().code(), "damaged");
    assert_eq!(std::fs::read(&junk).unwrap(), before);
}

#[test]
fn saving_returns_revisions_and_a_stale_revision_is_a_conflict() {
    let dir = temp_dir();
    let mut s = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    let id = camket::writing::document(&mut s, 2026, "ke-hoach").unwrap();
    assert_eq!(s.save_answer(id, "hoc_tap", text("Bản thứ nhất"), 0).unwrap(), 1);
    assert_eq!(s.save_answer(id, "hoc_tap", text("Bản thứ hai"), 1).unwrap(), 2);
    let err = s.save_answer(id, "hoc_tap", text("Bản cũ ghi đè"), 1).unwrap_err();
    assert_eq!(err.code(), "conflict");
    let stored: String =
        s.conn().query_row("SELECT value FROM answers WHERE document_id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(stored, r#"{"type":"text","value":"Bản thứ hai"}"#);
    assert_eq!(s.info(id).unwrap().revision, 2);
}

#[test]
fn text_is_stored_composed_and_clean_and_overlong_text_is_refused() {
    let dir = temp_dir();
    let mut s = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    let id = camket::writing::document(&mut s, 2026, "ke-hoach").unwrap();
    let rev = s.save_answer(id, "hoc_tap", text("Ho\u{323}c ta\u{302}\u{323}p\u{0007}\r\nđều"), 0).unwrap();
    assert_eq!(s.answers(id).unwrap()["hoc_tap"], text("Học tập\nđều"));
    let err = s.save_answer(id, "hoc_tap", text(&"a".repeat(9000)), rev).unwrap_err();
    assert_eq!(err.code(), "too_long");
    assert!(err.to_string().contains("tối đa 8000 ký tự"));
    assert_eq!(s.answers(id).unwrap()["hoc_tap"], text("Học tập\nđều"), "nothing lost");
    let err = s.save_answer(id, "khong_co", text("x"), rev).unwrap_err();
    assert_eq!(err.code(), "not_found");
    let err = s.save_answer(id, "hoc_tap", Answer::Ticked(vec![]), rev).unwrap_err();
    assert_eq!(err.code(), "invalid");
}

#[test]
fn signing_checks_completeness_then_freezes_a_version() {
    let dir = temp_dir();
    let mut s = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    let id = camket::writing::document(&mut s, 2026, "cam-ket").unwrap();
    let rev = s.save_answer(id, "tu_tuong", text("Kiên định."), 0).unwrap();
    let err = camket::writing::sign(&mut s, id, rev, today(), None).unwrap_err();
    assert_eq!(err.code(), "not_ready");
    let msg = err.to_string();
    assert!(
        msg.contains("Hồ sơ: Chưa nhập họ và tên.")
            && msg.contains("Mục “2. Về phẩm chất đạo đức, lối sống” chưa có nội dung."),
        "{msg}"
    );
    assert!(msg.contains("27 biểu hiện"), "{msg}");
    let n: i64 = s.conn().query_row("SELECT count(*) FROM records", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}

#[test]
fn a_signed_version_is_never_changed_and_editing_starts_a_new_revision() {
    let dir = temp_dir();
    let (mut s, id, rev) = filled(&dir.path().join("db.sqlite3"));
    let signed = camket::writing::sign(&mut s, id, rev, today(), None).unwrap();
    assert_eq!(signed.revision, rev);
    assert_eq!(signed.fingerprint().len(), 64);
    assert_eq!(signed.code(), camket::document::short_code(signed.fingerprint()));
    assert_eq!(s.info(id).unwrap().status, Status::Signed);
    assert_eq!(camket::writing::sign(&mut s, id, rev, today(), None).unwrap_err().code(), "invalid", "signing twice");

    // The database itself refuses to change or delete a signed version.
    assert!(s.conn().execute("UPDATE records SET bytes = x'00'", []).is_err());
    assert!(s.conn().execute("DELETE FROM records", []).is_err());

    let new_rev = s.save_answer(id, "tu_tuong", text("Nội dung sửa sau khi ký."), rev).unwrap();
    let info = s.info(id).unwrap();
    assert_eq!((info.revision, info.status), (new_rev, Status::Draft));
    let kept = s.latest_signed(id).unwrap().unwrap();
    assert_eq!(kept.revision, rev);
    assert_eq!(kept.fingerprint(), signed.fingerprint());
    let bytes: Vec<u8> =
        s.conn().query_row("SELECT bytes FROM records WHERE id = ?1", [kept.id], |r| r.get(0)).unwrap();
    assert_eq!(camket::record::sha256_hex(&bytes), signed.fingerprint(), "the stored bytes hash to the fingerprint");
    assert_eq!(bytes, kept.record.bytes);
    assert_ne!(kept.content().text("tu_tuong"), "Nội dung sửa sau khi ký.");

    let second = camket::writing::sign(&mut s, id, new_rev, today(), None).unwrap();
    assert_ne!(second.fingerprint(), signed.fingerprint());
    let n: i64 = s.conn().query_row("SELECT count(*) FROM records", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2);
}

#[test]
fn a_signature_image_is_stored_with_its_signed_version_and_prints() {
    let dir = temp_dir();
    let (mut s, id, rev) = filled(&dir.path().join("db.sqlite3"));
    // A 30 × 10 scan on white paper with a 6 × 2 dark mark.
    let mut rgba = vec![255u8; 30 * 10 * 4];
    for (x, y) in (12..18).flat_map(|x| [(x, 4), (x, 5)]) {
        rgba[(y * 30 + x) * 4..(y * 30 + x) * 4 + 3].copy_from_slice(&[0, 0, 0]);
    }
    let scan = SignatureImage { width: 30, height: 10, rgba }.to_png().unwrap();
    let image = SignatureImage::from_png(&scan).unwrap();
    camket::writing::sign(&mut s, id, rev, today(), Some(&image)).unwrap();
    let back = s.latest_signed(id).unwrap().unwrap().record.signature_image.expect("the record holds the image");
    assert_eq!((back.width, back.height), (6, 2), "stored cropped to the ink");
    assert_eq!(s.latest_signed(id).unwrap().unwrap().signature, Some(back));
    let pdf = camket::app::pdf(&s, id, true, today()).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|st| st.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image".as_slice()))
        .filter(|st| st.dict.has(b"SMask"))
        .count();
    assert_eq!(images, 1, "one image with its transparency mask");
}

#[test]
fn a_new_year_starts_from_the_previous_years_answers() {
    let dir = temp_dir();
    let mut s = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    let old = camket::writing::document(&mut s, 2025, "ke-hoach").unwrap();
    let mut rev = s.save_answer(old, "hoc_tap", text("Học chuyên đề năm 2025."), 0).unwrap();
    let row = std::collections::BTreeMap::from([
        ("noi_dung".to_string(), "Đọc sách".to_string()),
        ("ket_qua".to_string(), "Đã xong".to_string()),
    ]);
    rev = s.save_answer(old, "bang_viec", Answer::Rows(vec![row]), rev).unwrap();
    assert_eq!(rev, 2);
    let new = camket::writing::start_from_previous(&mut s, 2026, "ke-hoach").unwrap();
    let answers = s.answers(new).unwrap();
    assert_eq!(answers["hoc_tap"], text("Học chuyên đề năm 2025."));
    let Answer::Rows(rows) = &answers["bang_viec"] else { panic!() };
    assert_eq!(rows[0].get("noi_dung").map(String::as_str), Some("Đọc sách"));
    assert_eq!(rows[0].get("ket_qua"), None, "last year's results do not carry over");
    assert_eq!(
        camket::writing::start_from_previous(&mut s, 2026, "ke-hoach").unwrap_err().code(),
        "invalid",
        "no overwrite"
    );
    assert_eq!(camket::writing::start_from_previous(&mut s, 2026, "cam-ket").unwrap_err().code(), "not_found");
    assert_eq!(s.answers(old).unwrap()["hoc_tap"], text("Học chuyên đề năm 2025."));
}

#[test]
fn backup_and_restore_round_trip_through_the_command_line() {
    let dir = temp_dir();
    let db = dir.path().join("cam-ket.sqlite3");
    let (mut s, id, rev) = filled(&db);
    let camket = env!("CARGO_BIN_EXE_camket");
    let out = dir.path().join("sao-luu.sqlite3");
    let run = |args: &[&std::ffi::OsStr]| std::process::Command::new(camket).args(args).output().unwrap();
    let r = run(&["backup".as_ref(), "--db".as_ref(), db.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // Changes after the backup…
    s.save_answer(id, "tu_tuong", text("Thay đổi sau khi sao lưu."), rev).unwrap();
    drop(s);
    // …are not overwritten without --force.
    let r = run(&["restore".as_ref(), "--db".as_ref(), db.as_os_str(), "--from".as_ref(), out.as_os_str()]);
    assert!(!r.status.success());
    assert!(String::from_utf8_lossy(&r.stderr).contains("--force"));
    assert_eq!(Store::open(&db).unwrap().answers(id).unwrap()["tu_tuong"], text("Thay đổi sau khi sao lưu."));
    let r = run(&[
        "restore".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "--from".as_ref(),
        out.as_os_str(),
        "--force".as_ref(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let s = Store::open(&db).unwrap();
    assert_eq!(s.answers(id).unwrap(), camket::demo::commitment(2026).answers);
    assert!(s.integrity_ok().unwrap());
    let safety = store::list_backups(&db).unwrap();
    assert!(safety.iter().any(|p| p.to_string_lossy().contains("truoc-khoi-phuc")), "{safety:?}");
    // Backing up onto an existing file is refused.
    let r = run(&["backup".as_ref(), "--db".as_ref(), db.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert!(!r.status.success());
}

#[test]
fn a_database_the_app_has_open_is_never_restored_or_written_under_it() {
    let dir = temp_dir();
    let db = dir.path().join("cam-ket.sqlite3");
    let (mut s, id, rev) = filled(&db);
    let camket = env!("CARGO_BIN_EXE_camket");
    let run = |args: &[&std::ffi::OsStr]| std::process::Command::new(camket).args(args).output().unwrap();
    let out = dir.path().join("sao-luu.sqlite3");
    // A backup only reads: it works beside the open app.
    let r = run(&["backup".as_ref(), "--db".as_ref(), db.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let saved = s.save_answer(id, "tu_tuong", text("Lưu khi ứng dụng đang mở."), rev).unwrap();
    // A second process cannot restore under it, nor write to it.
    let restore = ["restore", "--db", &db.to_string_lossy(), "--from", &out.to_string_lossy(), "--force"];
    let add = ["branch", "add", "--db", &db.to_string_lossy(), "--name", "Lê Văn Ba"];
    for args in [&restore[..], &add[..]] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        let r = run(&args);
        assert!(!r.status.success());
        let said = String::from_utf8_lossy(&r.stderr);
        assert!(said.contains("đang được ứng dụng Cam Kết (hoặc một lệnh khác) mở để ghi"), "{said}");
    }
    let after = s.save_answer(id, "tu_tuong", text("Lưu tiếp sau khi lệnh bị từ chối."), saved).unwrap();
    assert!(after > saved);
    drop(s);
    let s = Store::open(&db).unwrap();
    assert_eq!(s.answers(id).unwrap()["tu_tuong"], text("Lưu tiếp sau khi lệnh bị từ chối."), "nothing saved was lost");
    assert!(camket::branch::roster::members(&s).unwrap().is_empty());
    // Closed, it can be restored.
    drop(s);
    let args: Vec<&std::ffi::OsStr> = restore.iter().map(|a| a.as_ref()).collect();
    let r = run(&args);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

#[test]
fn automatic_backups_keep_the_last_ten() {
    let dir = temp_dir();
    let path = dir.path().join("cam-ket.sqlite3");
    drop(Store::open(&path).unwrap());
    let backups = dir.path().join("sao-luu");
    std::fs::create_dir_all(&backups).unwrap();
    // Twelve old daily backups from earlier days.
    for day in 1..=12 {
        std::fs::copy(&path, backups.join(format!("cam-ket-202001{day:02}-080000.000-hang-ngay.sqlite3"))).unwrap();
    }
    drop(Store::open(&path).unwrap());
    let list = store::list_backups(&path).unwrap();
    assert_eq!(list.len(), 10);
    assert!(list.last().unwrap().to_string_lossy().contains(&chrono::Utc::now().format("%Y%m%d").to_string()));
    // A second opening the same day makes no further backup.
    drop(Store::open(&path).unwrap());
    assert_eq!(store::list_backups(&path).unwrap(), list);
}

#[test]
fn the_date_the_member_chooses_is_printed_and_signed() {
    let dir = temp_dir();
    let (mut s, id, rev) = filled(&dir.path().join("cam-ket.sqlite3"));
    let meeting = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let rev = s.set_date(id, Some(meeting), rev).unwrap();
    assert_eq!(s.info(id).unwrap().dated, Some(meeting));
    assert!(matches!(s.set_date(id, None, rev - 1), Err(camket::Error::Conflict { .. })), "a stale revision");
    let err = s.set_date(id, NaiveDate::from_ymd_opt(2024, 12, 31), rev).unwrap_err();
    assert_eq!(err.to_string(), "Văn bản năm 2026 ghi ngày trong năm 2025 hoặc năm 2026.");
    let view = camket::app::document_view(&s, id, today()).unwrap();
    assert_eq!((view.date, view.date_chosen), (meeting, true));
    let pdf = camket::app::pdf(&s, id, false, today()).unwrap();
    assert!(common::pdf_text(&pdf).contains("Hà Nội, ngày 15 tháng 01 năm 2026"), "the chosen date, not today's");

    let signed = camket::writing::sign(&mut s, id, rev, today(), None).unwrap();
    assert_eq!(signed.record.content.date, meeting, "the date is part of what is signed");
    // Changing it afterwards makes a new draft; the signed version keeps its date.
    let rev = s.set_date(id, None, rev).unwrap();
    assert_eq!(s.info(id).unwrap().status, Status::Draft);
    assert_eq!(s.latest_signed(id).unwrap().unwrap().record.content.date, meeting);
    assert_eq!(camket::app::document_view(&s, id, today()).unwrap().date, today());
    assert_eq!(rev, s.info(id).unwrap().revision);
}

#[test]
fn a_document_that_cannot_be_printed_cannot_be_signed_and_every_character_is_listed() {
    let dir = temp_dir();
    let (mut s, id, rev) = filled(&dir.path().join("cam-ket.sqlite3"));
    let rev = s.save_answer(id, "tu_tuong", text("Kiên định lập trường 😀 không dao động"), rev).unwrap();
    let rev = s.save_answer(id, "dao_duc", text("Giữ gìn phẩm chất 中 đạo đức"), rev).unwrap();
    // An invisible isolate typed before this release, still in a stored answer.
    s.conn()
        .execute(
            "UPDATE answers SET value = ?2 WHERE document_id = ?1 AND section = 'tac_phong'",
            rusqlite::params![id, r#"{"type":"text","value":"Làm việc \u2067khoa học"}"#],
        )
        .unwrap();
    let view = camket::app::document_view(&s, id, today()).unwrap();
    let messages: Vec<(&str, &str)> = view.missing.iter().map(|m| (m.target.as_str(), m.message.as_str())).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert_eq!(messages[0].0, "tu_tuong");
    assert!(
        messages[0].1.contains("biểu tượng cảm xúc (emoji) “😀”")
            && messages[0].1.contains("“Kiên định lập trường 😀 không dao động”")
    );
    assert_eq!(messages[1].0, "dao_duc");
    assert!(messages[1].1.contains("chữ Hán, Nhật hoặc Hàn “中”"));
    assert_eq!(messages[2].0, "tac_phong");
    assert!(messages[2].1.contains("ký tự điều khiển hướng chữ, không nhìn thấy (U+2067)"), "{}", messages[2].1);
    assert!(messages[2].1.contains("“Làm việc khoa học”"), "the words around it: {}", messages[2].1);
    let err = camket::writing::sign(&mut s, id, rev, today(), None).unwrap_err();
    assert_eq!(err.code(), "not_ready");
    assert!(s.latest_signed(id).unwrap().is_none(), "nothing was signed");
}

#[test]
fn a_year_far_outside_any_cycle_is_refused_and_creates_nothing() {
    let dir = temp_dir();
    let mut s = Store::open(&dir.path().join("cam-ket.sqlite3")).unwrap();
    for year in [99999, 1999, -1] {
        let err = camket::app::open_document(&mut s, year, "ke-hoach", today()).unwrap_err();
        assert_eq!(err.to_string(), format!("Năm {year} không hợp lệ; hãy chọn một năm từ 2000 đến 2100."));
    }
    let rows: i64 = s.conn().query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 0);
}

#[test]
fn database_errors_read_in_vietnamese() {
    let dir = temp_dir();
    let (mut s, id, rev) = filled(&dir.path().join("cam-ket.sqlite3"));
    camket::writing::sign(&mut s, id, rev, today(), None).unwrap();
    let trigger: camket::Error = s.conn().execute("UPDATE records SET revision = 9", []).unwrap_err().into();
    assert_eq!(trigger.to_string(), "Văn bản đã ký không thể sửa hay xóa; hãy sửa ở bản nháp mới.");
    let busy = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None);
    assert_eq!(camket::Error::from(busy).code(), "busy");
    let full = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None);
    assert!(camket::Error::from(full).to_string().starts_with("Ổ đĩa đã đầy"));
    let io = camket::Error::io("/a/b", std::io::Error::from(std::io::ErrorKind::InvalidData));
    assert!(io.to_string().starts_with("Nội dung không đọc được"), "{io}");
}

#[test]
fn the_command_line_uses_the_apps_own_database_by_default() {
    let conf = std::fs::read_to_string("src-tauri/tauri.conf.json").unwrap();
    assert!(
        conf.contains(&format!("\"identifier\": \"{}\"", store::APP_ID)),
        "the app's identifier is {}",
        store::APP_ID
    );
    let path = store::default_path().unwrap();
    assert!(path.ends_with(Path::new(store::APP_ID).join("cam-ket.sqlite3")), "{}", path.display());
}

#[test]
fn another_programs_sqlite_file_is_never_upgraded_into_ours() {
    let dir = temp_dir();
    let db = dir.path().join("cam-ket.sqlite3");
    let (s, _, _) = filled(&db);
    drop(s);
    drop(Store::open(&db).unwrap()); // the day's backup, with the member's work
    std::fs::remove_file(&db).unwrap();
    {
        let other = rusqlite::Connection::open(&db).unwrap();
        other.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');").unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let err = Store::open(&db).err().expect("refused");
    assert_eq!(err.code(), "damaged", "{err}");
    assert!(err.to_string().contains("chương trình khác"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "left as it was");
    assert!(store::latest_backup(&db).unwrap().is_some(), "the backups are offered");
}

#[test]
fn a_write_ahead_log_left_by_another_database_is_never_replayed() {
    let dir = temp_dir();
    // Member A's app ends without closing: its log stays beside its file.
    let a = dir.path().join("a").join("cam-ket.sqlite3");
    let (mut s, id, rev) = filled(&a);
    s.save_answer(id, "tu_tuong", text("Văn bản của đảng viên A."), rev).unwrap();
    std::mem::forget(s);
    let mut log = a.as_os_str().to_owned();
    log.push("-wal");
    let a_log = std::fs::read(std::path::PathBuf::from(log)).unwrap();
    assert!(!a_log.is_empty());
    // Member B's database, closed cleanly, then A's log put beside it (B's
    // file copied over A's on the same computer).
    let b = dir.path().join("b").join("cam-ket.sqlite3");
    let (s, _, _) = filled(&b);
    drop(s);
    let mut b_log = b.as_os_str().to_owned();
    b_log.push("-wal");
    std::fs::write(std::path::PathBuf::from(b_log), &a_log).unwrap();
    let before = std::fs::read(&b).unwrap();
    let err = Store::open(&b).err().expect("refused");
    assert_eq!(err.code(), "damaged", "{err}");
    assert!(err.to_string().contains("của một tệp dữ liệu khác"), "{err}");
    assert_eq!(std::fs::read(&b).unwrap(), before, "the log was not replayed into it");
    // A's own log, after A's crash (its file and log as the crash left
    // them, here copied, as A's process still holds its lock), opens with
    // A's last words.
    let again = dir.path().join("a-sau-su-co").join("cam-ket.sqlite3");
    std::fs::create_dir_all(again.parent().unwrap()).unwrap();
    std::fs::copy(&a, &again).unwrap();
    let mut again_log = again.as_os_str().to_owned();
    again_log.push("-wal");
    std::fs::write(std::path::PathBuf::from(again_log), &a_log).unwrap();
    let s = Store::open(&again).unwrap();
    assert_eq!(s.answers(id).unwrap()["tu_tuong"], text("Văn bản của đảng viên A."));
}

#[test]
#[cfg(unix)]
fn the_lock_holds_through_links_and_odd_lock_files_are_said() {
    let dir = temp_dir();
    let db = dir.path().join("cam-ket.sqlite3");
    let (s, _, _) = filled(&db);
    let link = dir.path().join("lien-ket.sqlite3");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let hard = dir.path().join("cung.sqlite3");
    std::fs::hard_link(&db, &hard).unwrap();
    for other in [&link, &hard] {
        assert_eq!(Store::open(other).err().map(|e| e.code().as_str()), Some("busy"), "{}", other.display());
    }
    drop(s);
    drop(Store::open(&link).unwrap());
    // A lock file that is a pipe or a folder: said, never waited on; a backup still reads.
    std::fs::remove_file(camket::store::lock_path(&db)).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(camket::store::lock_path(&db)).status().unwrap().success());
    let err = Store::open(&db).err().expect("refused").to_string();
    assert!(err.contains("phải là tệp khóa của Cam Kết"), "{err}");
    store::backup_to(&db, &dir.path().join("sao-luu.sqlite3")).unwrap();
}

#[test]
fn restore_never_uses_a_file_the_person_keeps_beside_the_database() {
    let dir = temp_dir();
    let db = dir.path().join("cl.sqlite3");
    let (s, _, _) = filled(&db);
    drop(s);
    let backup = dir.path().join("ban-sao.sqlite3");
    store::backup_to(&db, &backup).unwrap();
    std::fs::write(dir.path().join("cl.tmp"), "ghi chú của tôi").unwrap();
    store::restore(&db, &backup, true).unwrap();
    assert_eq!(std::fs::read_to_string(dir.path().join("cl.tmp")).unwrap(), "ghi chú của tôi");
}

#[test]
fn another_programs_file_with_a_schema_number_is_not_ours_either() {
    let dir = temp_dir();
    for version in [5, 11] {
        let db = dir.path().join(format!("khac-{version}.sqlite3"));
        {
            let other = rusqlite::Connection::open(&db).unwrap();
            other.execute_batch(&format!("CREATE TABLE t (x); PRAGMA user_version = {version};")).unwrap();
        }
        let before = std::fs::read(&db).unwrap();
        let err = Store::open(&db).err().expect("refused");
        assert!(err.to_string().contains("chương trình khác"), "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), before);
        assert!(!dir.path().join(format!("khac-{version}.sqlite3-wal")).exists());
    }
}

/// Every database a past release left (tests/fixtures/*.sqlite3) upgrades to
/// the latest schema whole: integrity, references, and drafts citing what
/// is in force for their year, written out by the frozen step 6.
#[test]
fn every_fixture_database_upgrades_whole() {
    let dir = temp_dir();
    let mut upgraded = 0;
    for entry in std::fs::read_dir("tests/fixtures").unwrap() {
        let fixture = entry.unwrap().path();
        if fixture.extension().is_none_or(|e| e != "sqlite3") {
            continue;
        }
        let path = dir.path().join(fixture.file_name().unwrap());
        std::fs::copy(&fixture, &path).unwrap();
        let s = Store::open(&path).unwrap();
        let version: i64 = s.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, store::migrations::LATEST, "{}", fixture.display());
        assert!(s.integrity_ok().unwrap(), "{}", fixture.display());
        let broken: i64 =
            s.conn().query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(broken, 0, "{}", fixture.display());
        for info in s.documents().unwrap() {
            let t = s.template_of(info.id).unwrap();
            let texts: Vec<&str> = t.sections.iter().map(|s| s.text.as_str()).collect();
            assert!(!texts.iter().any(|t| t.contains("{ref:")), "{}: {texts:?}", fixture.display());
        }
        upgraded += 1;
    }
    assert_eq!(upgraded, 2);
}

/// Step 6 on a draft of 2027 made before it (schema 5): QĐ 37 ticked
/// becomes QĐ 207, and the shipped template is written out for 2027.
#[test]
fn the_frozen_citation_step_maps_a_2027_draft_and_leaves_a_signed_one() {
    let dir = temp_dir();
    let path = dir.path().join("v5.sqlite3");
    let mut c = Connection::open(&path).unwrap();
    store::migrations::migrations().to_version(&mut c, 5).unwrap();
    let old_template = r#"{"id":"cam-ket-mac-dinh","version":1,"sections":[]}"#;
    c.execute_batch(&format!(
        "INSERT INTO documents (id, year, kind, template, revision, created_at, updated_at)
             VALUES (1, 2027, 'cam-ket', '{old_template}', 2, '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z');
         INSERT INTO answers (document_id, section, value)
             VALUES (1, 'can_cu', '{{\"type\":\"ticked\",\"value\":[\"04-NQ/TW\",\"37-QĐ/TW\"]}}');"
    ))
    .unwrap();
    drop(c);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.answers(1).unwrap()["can_cu"], Answer::Ticked(vec!["04-NQ/TW".into(), "207-QĐ/TW".into()]));
    let t = s.template_of(1).unwrap();
    let self_check = t.section("tu_soi").unwrap();
    assert!(self_check.text.contains("Quy định số 207-QĐ/TW ngày 26/7/2026"), "{}", self_check.text);
    assert!(!t.section("can_cu").unwrap().default_documents.contains(&"37-QĐ/TW".to_string()));
}
