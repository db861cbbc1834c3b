//! The `camket` command line: rendering from a database, and Vietnamese
//! errors with a non-zero exit instead of panics.

mod common;

use camket::store::Store;
use camket::template::DocKind;
use common::*;
use std::process::{Command, Output};

fn camket(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_camket")).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn render_prints_the_draft_then_the_signed_version() {
    let dir = temp_dir();
    let db = dir.path().join("cam-ket.sqlite3");
    let db_s = db.to_str().unwrap();
    let (mut store, id, rev) = filled(&db, DocKind::Plan);
    let out = dir.path().join("kh.pdf");
    let out_s = out.to_str().unwrap();
    let args = ["render", "--db", db_s, "--year", "2026", "--doc", "ke-hoach", "--out", out_s];
    let o = camket(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&std::fs::read(&out).unwrap());
    assert!(text.contains("KẾ HOẠCH CÁ NHÂN") && text.contains("Bản nháp"));
    assert!(text.contains("Nội dung đột phá: chủ trì chỉnh lý"));

    let today = chrono::Local::now().date_naive();
    let signed = store.sign(id, rev, today, None).unwrap();
    store.save_answer(id, "tu_tuong", camket::document::Answer::Text("Sửa sau khi ký.".into()), rev).unwrap();
    drop(store);
    // The current revision is a draft again…
    let o = camket(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&std::fs::read(&out).unwrap());
    assert!(text.contains("Sửa sau khi ký.") && text.contains("Bản nháp"));
    // …and the signed version stays printable, with its code.
    let mut signed_args = args.to_vec();
    signed_args.push("--signed");
    let o = camket(&signed_args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&std::fs::read(&out).unwrap());
    assert!(text.contains(&format!("Mã xác thực: {}", signed.code)));
    assert!(!text.contains("Sửa sau khi ký."));
}

#[test]
fn errors_are_vietnamese_messages_with_a_failing_exit() {
    let dir = temp_dir();
    let db = dir.path().join("cam-ket.sqlite3");
    let db_s = db.to_str().unwrap();
    let out = dir.path().join("x.pdf");
    let out_s = out.to_str().unwrap();

    let o = camket(&["render", "--db", db_s, "--year", "2026", "--doc", "ke-hoach", "--out", out_s]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).trim(), format!("Lỗi: Không tìm thấy tệp dữ liệu {db_s}."));
    assert!(!db.exists(), "rendering does not create a database");

    drop(Store::open(&db).unwrap());
    let o = camket(&["render", "--db", db_s, "--year", "2026", "--doc", "ke-hoach", "--out", out_s]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).trim(), "Lỗi: Không tìm thấy kế hoạch cá nhân năm 2026.");
    assert!(!out.exists(), "no file written on failure");

    let o = camket(&["render", "--db", db_s, "--year", "2026", "--doc", "bien-ban", "--out", out_s]);
    assert!(stderr(&o).contains("Loại văn bản “bien-ban” không có"), "{}", stderr(&o));

    let o = camket(&["restore", "--db", db_s, "--from", "/khong/co/tep.sqlite3"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Không tìm thấy tệp sao lưu"));

    let o = camket(&["render", "--year", "hai-nghin"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("Lệnh không đúng cú pháp."));

    let o = camket(&["template", "check", "/khong/co/mau.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("Lỗi: Lỗi đọc/ghi tệp /khong/co/mau.toml"), "{}", stderr(&o));
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn demo_branch_files_verify_and_bad_files_are_named_with_their_reason() {
    let dir = temp_dir();
    let out = dir.path().join("chi-bo");
    let out_s = out.to_str().unwrap();
    let o = camket(&["demo", "branch", "--out", out_s, "--members", "3", "--year", "2027"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Đã ghi 6 tệp của 3 đảng viên năm 2027"), "{}", stdout(&o));
    let mut files: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 6);
    assert!(files.iter().any(|f| f.ends_with("2027-ke-hoach-nguyen-van-hung.pdf")), "{files:?}");

    // Another process writes the same bytes: nothing depends on the run.
    let again = dir.path().join("lan-hai");
    assert!(camket(&["demo", "branch", "--out", again.to_str().unwrap(), "--members", "3", "--year", "2027"])
        .status
        .success());
    for f in &files {
        assert_eq!(std::fs::read(f).unwrap(), std::fs::read(again.join(f.file_name().unwrap())).unwrap());
    }

    let args: Vec<&str> = std::iter::once("verify").chain(files.iter().map(|f| f.to_str().unwrap())).collect();
    let o = camket(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let lines: Vec<String> = stdout(&o).lines().map(String::from).collect();
    assert_eq!(lines.len(), 6);
    assert!(lines.iter().all(|l| l.starts_with("HỢP LỆ")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("Nguyễn Văn Hùng, kế hoạch cá nhân năm 2027, ký ngày")), "{lines:?}");

    let plain = dir.path().join("ghi-chu.pdf");
    std::fs::write(&plain, "không phải PDF").unwrap();
    let mut cut = std::fs::read(&files[0]).unwrap();
    cut.truncate(cut.len() / 3);
    let truncated = dir.path().join("tai-do-dang.pdf");
    std::fs::write(&truncated, cut).unwrap();
    let o = camket(&["verify", files[1].to_str().unwrap(), plain.to_str().unwrap(), truncated.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("HỢP LỆ"));
    assert!(lines[1].starts_with("KHÔNG HỢP LỆ") && lines[1].contains("ghi-chu.pdf: không phải tệp PDF"), "{text}");
    assert!(lines[2].contains("bị hỏng hoặc không trọn vẹn"), "{text}");

    let o = camket(&["demo"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Hãy cho biết thư mục ghi tệp"), "{}", stderr(&o));
}
