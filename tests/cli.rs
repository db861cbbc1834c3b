//! The `camket` command line: rendering from a database, and Vietnamese
//! errors with a non-zero exit instead of panics.

mod common;

use camket::store::Store;

use common::*;
use std::path::Path;
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
    let (mut store, id, rev) = filled(&db, "ke-hoach");
    let out = dir.path().join("kh.pdf");
    let out_s = out.to_str().unwrap();
    let args = ["render", "--db", db_s, "--year", "2026", "--doc", "ke-hoach", "--out", out_s];
    let o = camket(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&std::fs::read(&out).unwrap());
    assert!(text.contains("KẾ HOẠCH CÁ NHÂN") && text.contains("Bản nháp"));
    assert!(text.contains("Nội dung đột phá: chủ trì chỉnh lý"));

    let today = chrono::Local::now().date_naive();
    let signed = camket::writing::sign(&mut store, id, rev, today, None).unwrap();
    store.save_answer(id, "tu_tuong", camket::document::Answer::Text("Sửa sau khi ký.".into()), rev).unwrap();
    drop(store);
    // The current revision is a draft again…
    let o = camket(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&std::fs::read(&out).unwrap());
    assert!(text.contains("Sửa sau khi ký.") && text.contains("Bản nháp"));
    // …and the signed version stays printable, with its code; rendering
    // leaves the database byte for byte as it was.
    let mut signed_args = args.to_vec();
    signed_args.push("--signed");
    let before = sha(&db);
    let o = camket(&signed_args);
    assert_eq!(sha(&db), before);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&std::fs::read(&out).unwrap());
    assert!(text.contains(&format!("Mã xác thực: {}", signed.code())));
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
    assert_eq!(
        stderr(&o).trim(),
        "Lệnh không đúng cú pháp: giá trị “hai-nghin” của --year <NĂM> không hợp lệ. Gõ “camket --help” để xem cách dùng."
    );
    let o = camket(&["render", "--yaer", "2026"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("không có tùy chọn “--yaer”"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("error") && !stderr(&o).contains("Usage"), "no English: {}", stderr(&o));
    let o = camket(&["render", "--db", db_s, "--year", "-1", "--doc", "ke-hoach", "--out", out_s]);
    assert_eq!(stderr(&o).trim(), "Lỗi: Năm -1 không hợp lệ; hãy chọn một năm từ 2000 đến 2100.");
    // A mistyped output folder is said, not silently created.
    let (s, _, _) = filled(&dir.path().join("co-du-lieu.sqlite3"), "ke-hoach");
    drop(s);
    let missing = dir.path().join("khong-co").join("x.pdf");
    let o = camket(&[
        "render",
        "--db",
        dir.path().join("co-du-lieu.sqlite3").to_str().unwrap(),
        "--year",
        "2026",
        "--doc",
        "ke-hoach",
        "--out",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("Thư mục {} không có", dir.path().join("khong-co").display())),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("khong-co").exists());

    let o = camket(&["template", "check", "/khong/co/mau.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("Lỗi: Không có tệp hoặc thư mục /khong/co/mau.toml"), "{}", stderr(&o));
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

/// `camket branch secretary` with these details.
fn secretary_with(db: &str, name: &str, branch: &str, committee: &str, place: &str) -> Output {
    camket(&[
        "branch",
        "secretary",
        "--db",
        db,
        "--name",
        name,
        "--position",
        "Bí thư Chi bộ",
        "--branch",
        branch,
        "--committee",
        committee,
        "--place",
        place,
    ])
}

/// The secretary's profile, as `camket branch secretary` saves it.
fn secretary(db: &str, branch: &str, committee: &str, place: &str) {
    let o = secretary_with(db, "Nguyễn Văn An", branch, committee, place);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn sha(path: &std::path::Path) -> String {
    camket::record::sha256_hex(&std::fs::read(path).unwrap())
}

#[test]
fn a_secretary_goes_from_member_files_to_the_printed_branch_and_the_summary() {
    let dir = temp_dir();
    let inbox = dir.path().join("tai-ve");
    let o = camket(&["demo", "branch", "--out", inbox.to_str().unwrap(), "--members", "30", "--year", "2026"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let db = dir.path().join("chi-bo.sqlite3");
    let db_s = db.to_str().unwrap();
    // The secretary's own profile, as the app would have it.
    {
        let s = Store::open(&db).unwrap();
        let mut p = camket::demo::branch::member(0);
        p.party_position = "Phó Bí thư Chi bộ".into();
        s.save_profile(&p).unwrap();
    }
    let o = camket(&["branch", "import", "--db", db_s, inbox.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(
            "Đã xử lý 60 tệp: 0 tệp đã nhận hoặc đã có, 60 tệp giữ lại chờ đồng chí quyết định, 0 tệp không nhận."
        ),
        "an empty roster: every new key waits for the secretary: {}",
        stdout(&o)
    );
    // The branch meeting: each member read their key's code; the secretary binds them all.
    let o = camket(&["branch", "keys", "--db", db_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    let key = camket::demo::branch::member_key(2026, 0).fingerprint();
    assert!(stdout(&o).contains(&format!("{key} — Nguyễn Văn Hùng")), "{}", stdout(&o));
    let o = camket(&["branch", "bind", "--db", db_s, "--all"]);
    assert!(
        stdout(&o).contains("Đã xác nhận 30 khóa, thêm 30 đảng viên; 0 khóa cần quyết định riêng."),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );

    // Again, with a damaged file: the good ones are known, the bad one named, exit 1.
    let bad = inbox.join("hong.pdf");
    std::fs::write(&bad, b"%PDF-1.7\nrac").unwrap();
    let o = camket(&["branch", "import", "--db", db_s, inbox.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("hong.pdf: Không nhận: tệp PDF bị hỏng"), "{}", stdout(&o));
    assert_eq!(stdout(&o).matches("Đã có từ trước").count(), 60);

    // Commands that only read leave the database byte for byte as it was.
    let before = sha(&db);
    let o = camket(&["branch", "status", "--db", db_s, "--year", "2026", "--csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("TT,Họ và tên,Chức vụ Đảng,Kế hoạch cá nhân: ngày nộp"), "{}", lines[0]);
    assert_eq!(lines.len(), 31);
    let code = camket::verify::verify_file(&inbox.join("2026-cam-ket-nguyen-van-hung.pdf")).unwrap().record.code();
    let o = camket(&["branch", "check-code", "--db", db_s, &code.to_lowercase().replace('-', "")]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("Nguyễn Văn Hùng, bản cam kết năm 2026"), "{}", stdout(&o));
    let o = camket(&["branch", "check-code", "--db", db_s, "0000-0000-0000"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("Không có văn bản nào mang mã 0000-0000-0000"));
    assert_eq!(sha(&db), before, "status and check-code wrote nothing");

    let o = camket(&["branch", "deadline", "--db", db_s, "--year", "2026", "--date", "31/03/2026"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = camket(&[
        "branch",
        "confirm",
        "--db",
        db_s,
        "--year",
        "2026",
        "--member",
        "nguyen van hung",
        "--remark",
        "Đạt yêu cầu.",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Đã xác nhận 2 văn bản."), "{}", stdout(&o));
    let o = camket(&["branch", "confirm", "--db", db_s, "--year", "2026", "--member", "Nguyễn"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Hãy ghi đầy đủ hơn"), "{}", stderr(&o));
    let o = camket(&["branch", "confirm", "--db", db_s, "--year", "2026", "--all"]);
    assert!(stdout(&o).contains("Đã xác nhận 58 văn bản."), "{}", stdout(&o));

    let before = sha(&db);
    let out = dir.path().join("ca-chi-bo.pdf");
    let o = camket(&["branch", "print", "--db", db_s, "--year", "2026", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = std::fs::read(&out).unwrap();
    let cover_pages = {
        let o = camket(&[
            "branch",
            "report",
            "--db",
            db_s,
            "--year",
            "2026",
            "--out",
            dir.path().join("tong-hop.pdf").to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        page_count(&std::fs::read(dir.path().join("tong-hop.pdf")).unwrap())
    };
    // The confirmed documents, as the export writes them for the committee above.
    let folder = dir.path().join("nop-cap-tren");
    let o = camket(&["branch", "export", "--db", db_s, "--year", "2026", "--out", folder.to_str().unwrap()]);
    assert!(stdout(&o).contains("Đã ghi 60 văn bản đã xác nhận"), "{}", stdout(&o));
    let documents: usize =
        std::fs::read_dir(&folder).unwrap().map(|e| page_count(&std::fs::read(e.unwrap().path()).unwrap())).sum();
    assert_eq!(page_count(&pdf), cover_pages + documents, "the cover, then every confirmed document");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("DANH SÁCH ĐẢNG VIÊN NỘP KẾ HOẠCH CÁ NHÂN") && text.contains("VÀ BẢN CAM KẾT NĂM 2026"),
        "{text}"
    );
    assert!(text.contains("PHÓ BÍ THƯ") && text.contains("Tổng số: 30 đảng viên"), "{text}");
    assert_eq!(text.matches("T/M CHI BỘ").count(), 61, "the cover's and each document's");

    let xlsx = dir.path().join("tong-hop.xlsx");
    assert!(camket(&["branch", "report", "--db", db_s, "--year", "2026", "--out", xlsx.to_str().unwrap()])
        .status
        .success());
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("Năm 2026").unwrap();
    assert_eq!(sheet.height(), 31);
    assert_eq!(sheet.get((0, 1)), Some(&Data::String("Họ và tên".into())));
    assert!(matches!(sheet.get((1, 3)), Some(Data::DateTime(_))), "dates are real dates: {:?}", sheet.get((1, 3)));
    assert_eq!(sheet.get((1, 5)), Some(&Data::String("chi bộ đã xác nhận".into())));
    let csv_path = dir.path().join("tong-hop.csv");
    assert!(camket(&["branch", "report", "--db", db_s, "--year", "2026", "--out", csv_path.to_str().unwrap()])
        .status
        .success());
    let csv = std::fs::read(&csv_path).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBFTT,H"), "UTF-8 with a byte order mark");
    assert!(String::from_utf8(csv).unwrap().contains("\r\n1,"));
    let o = camket(&["branch", "report", "--db", db_s, "--year", "2026", "--out", "tong-hop.docx"]);
    assert!(stderr(&o).contains("phải có đuôi .xlsx, .csv hoặc .pdf"));
    let one = folder.join("2026-ke-hoach-nguyen-van-hung.pdf");
    let o = camket(&["verify", one.to_str().unwrap()]);
    assert!(stdout(&o).contains("chi bộ đã xác nhận ngày"), "{}", stdout(&o));
    // No review sent yet: the summary says so, and writes nothing either.
    let o = camket(&["branch", "ratings", "--db", db_s, "--year", "2026"]);
    assert_eq!(stdout(&o), "Năm 2026 chưa có bản kiểm điểm nào được nộp: chưa có gì để tổng hợp.\n");
    let ratings = dir.path().join("xep-loai.csv");
    let o = camket(&["branch", "ratings", "--db", db_s, "--year", "2026", "--out", ratings.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(&ratings).unwrap();
    assert!(csv.contains("Chưa nộp bản kiểm điểm (30): Hồ Đức Bình, "), "{csv}");
    assert_eq!(sha(&db), before, "print, report, ratings and export wrote nothing");
}

#[test]
fn the_secretary_hands_out_the_settings_and_keeps_the_roster_from_the_command_line() {
    let dir = temp_dir();
    let db = dir.path().join("chi-bo.sqlite3");
    let db_s = db.to_str().unwrap();
    secretary(db_s, "Chi bộ Phòng Quản lý ngân sách", "Đảng bộ Sở Tài chính tỉnh Nam Định", "Nam Định");
    assert!(camket(&["branch", "deadline", "--db", db_s, "--year", "2027", "--date", "15/01/2027"]).status.success());

    // The roster by hand: added, exempt for a year, moved away, found by a loose name.
    let o = camket(&["branch", "add", "--db", db_s, "--name", "Lê Thị Hồng", "--birth", "30/04/1979"]);
    assert!(stdout(&o).contains("Đã thêm Lê Thị Hồng vào danh sách."), "{}{}", stdout(&o), stderr(&o));
    let o = camket(&["branch", "add", "--db", db_s, "--name", "Đinh Văn Tâm", "--birth", "31/02/1979"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("không phải ngày hợp lệ"), "{}", stderr(&o));
    let o = camket(&["branch", "exempt", "--db", db_s, "--member", "le thi hong", "--year", "2027"]);
    assert!(stdout(&o).contains("Lê Thị Hồng: miễn sinh hoạt năm 2027."), "{}{}", stdout(&o), stderr(&o));
    let o = camket(&["branch", "moved", "--db", db_s, "--member", "Hồng", "--date", "01/06/2027"]);
    assert!(stdout(&o).contains("Lê Thị Hồng: chuyển sinh hoạt ngày 01/06/2027."), "{}{}", stdout(&o), stderr(&o));
    let o = camket(&["branch", "moved", "--db", db_s, "--member", "Tâm", "--undo"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Không tìm thấy đảng viên “Tâm”"), "{}", stderr(&o));
    {
        let s = Store::open_read_only(&db).unwrap();
        let m = camket::branch::roster::find(&s, "hong").unwrap();
        assert_eq!((m.exempt_years, m.moved_on.map(|d| d.to_string())), (vec![2027], Some("2027-06-01".into())));
    }

    // The settings file: made (the branch notes that the year's settings were
    // handed out), opened by a member read-only, then accepted.
    let file = dir.path().join("thiet-lap-chi-bo-2027.json");
    let o = camket(&["branch", "settings", "--db", db_s, "--year", "2027", "--out", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let issued: i64 = Store::open_read_only(&db)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM settings_issued WHERE year = 2027", [], |r| r.get(0))
        .unwrap();
    assert_eq!(issued, 1);
    let member = dir.path().join("dang-vien.sqlite3");
    {
        let s = Store::open(&member).unwrap();
        s.save_profile(&camket::demo::profile()).unwrap();
    }
    let member_s = member.to_str().unwrap();
    let before = sha(&member);
    let o = camket(&["settings", "--db", member_s, file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Thiết lập của chi bộ năm 2027: Nguyễn Văn An, Bí thư Chi bộ, ký ngày "), "{out}");
    assert!(out.contains("- Chi bộ: “") && out.contains("” → “Chi bộ Phòng Quản lý ngân sách”"), "{out}");
    assert!(out.contains("- Hạn nộp năm 2027: “chưa có” → “15/01/2027”"), "{out}");
    assert!(out.contains("Chưa thay đổi gì; thêm --accept để áp dụng."), "{out}");
    assert_eq!(sha(&member), before, "looking writes nothing");
    let o = camket(&["settings", "--db", member_s, file.to_str().unwrap(), "--accept"]);
    assert!(
        stdout(&o).contains("Đã áp dụng thiết lập của chi bộ năm 2027 (Nguyễn Văn An, Bí thư Chi bộ)."),
        "{}",
        stdout(&o)
    );
    assert_eq!(Store::open_read_only(&member).unwrap().profile().unwrap().place, "Nam Định");

    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("Nam Định", "Hà Nội")).unwrap();
    let o = camket(&["settings", "--db", member_s, file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("tệp đã bị sửa sau khi bí thư lập"), "{}", stderr(&o));
}

#[test]
fn an_empty_file_given_as_the_database_is_said_and_left_alone() {
    let dir = temp_dir();
    let db = dir.path().join("rong.sqlite3");
    std::fs::write(&db, b"").unwrap();
    let out = dir.path().join("x.pdf");
    for args in [
        vec![
            "render",
            "--db",
            db.to_str().unwrap(),
            "--year",
            "2026",
            "--doc",
            "ke-hoach",
            "--out",
            out.to_str().unwrap(),
        ],
        vec!["branch", "status", "--db", db.to_str().unwrap(), "--year", "2026"],
    ] {
        let o = camket(&args);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("trống (0 byte): không có gì để đọc"), "{}", stderr(&o));
    }
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "not turned into a database");
    assert!(!dir.path().join("sao-luu").exists(), "no backup written");
}

#[test]
fn what_an_adversarial_run_found_is_refused_in_words_and_harms_nothing() {
    let dir = temp_dir();
    let db = dir.path().join("chi-bo.sqlite3");
    let db_s = db.to_str().unwrap();
    secretary(db_s, "Chi bộ Văn phòng", "Đảng bộ Cục", "Hà Nội");
    // A read-only command never writes its output over the database it reads.
    let before = sha(&db);
    for args in [
        vec!["branch", "settings", "--db", db_s, "--year", "2027", "--out", db_s],
        vec!["branch", "late", "--db", db_s, "--year", "2027", "--out", db_s],
    ] {
        let o = camket(&args);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("là tệp dữ liệu đang đọc"), "{}", stderr(&o));
    }
    assert_eq!(sha(&db), before);
    // Nor over something that is not a plain file.
    let o = camket(&["branch", "settings", "--db", db_s, "--year", "2027", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("không phải một tệp thường"), "{}", stderr(&o));

    // Names that differ only by their marks are told apart; a twin is refused.
    for name in ["Lê Thị Hoa", "Lê Thị Hòa"] {
        assert!(camket(&["branch", "add", "--db", db_s, "--name", name, "--birth", "01/02/1980"]).status.success());
    }
    let o = camket(&["branch", "exempt", "--db", db_s, "--member", "Lê Thị Hòa", "--year", "2027"]);
    assert!(stdout(&o).contains("Lê Thị Hòa: miễn sinh hoạt năm 2027."), "{}{}", stdout(&o), stderr(&o));
    let o = camket(&["branch", "add", "--db", db_s, "--name", "Lê  Thị Hoa", "--birth", "01/02/1980"]);
    assert!(stderr(&o).contains("đã có trong danh sách"), "{}", stderr(&o));

    // A two-digit year is not the year 27; years and deadlines far off are refused.
    let o = camket(&["branch", "deadline", "--db", db_s, "--year", "2027", "--date", "31/12/27"]);
    assert!(stderr(&o).contains("năm đủ 4 chữ số"), "{}", stderr(&o));
    let o = camket(&["branch", "deadline", "--db", db_s, "--year", "2027", "--date", "01/01/2099"]);
    assert!(stderr(&o).contains("Hạn nộp văn bản năm 2027 phải trong năm 2026 hoặc năm 2027."), "{}", stderr(&o));
    for args in [
        vec!["branch", "deadline", "--db", db_s, "--year", "99999", "--date", "01/01/2027"],
        vec!["branch", "exempt", "--db", db_s, "--member", "Lê Thị Hòa", "--year", "-3"],
    ] {
        let o = camket(&args);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("không hợp lệ; hãy chọn một năm từ 2000 đến 2100"), "{}", stderr(&o));
    }
    let out = dir.path().join("demo");
    let o = camket(&["demo", "branch", "--out", out.to_str().unwrap(), "--members", "18446744073709551615"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("tối đa 1400 đảng viên"), "{}", stderr(&o));
    let o = camket(&["demo", "branch", "--out", out.to_str().unwrap(), "--members", "1", "--year", "99999"]);
    assert_eq!(o.status.code(), Some(1));
    // A device is read no further than the size limit.
    if cfg!(unix) {
        let o = camket(&["verify", "/dev/zero"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stdout(&o).contains("/dev/zero"), "{}", stdout(&o));
    }
}

#[test]
fn verify_takes_a_folder_or_a_pattern_as_the_windows_prompt_passes_it() {
    let dir = temp_dir();
    let inbox = dir.path().join("tai ve");
    assert!(camket(&["demo", "branch", "--out", inbox.to_str().unwrap(), "--members", "2", "--year", "2026"])
        .status
        .success());
    let o = camket(&["verify", inbox.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).matches("HỢP LỆ").count(), 4);
    let o = camket(&["verify", inbox.join("2026-ke-hoach-*.pdf").to_str().unwrap()]);
    assert_eq!(stdout(&o).matches("HỢP LỆ").count(), 2, "{}", stdout(&o));
    let o = camket(&["verify", inbox.join("*.docx").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("Không có tệp PDF nào để kiểm tra."));
}

#[test]
fn the_help_is_in_vietnamese_too() {
    for args in [
        vec!["--help"],
        vec!["branch", "--help"],
        vec!["branch", "status", "--help"],
        vec!["verify", "-h"],
        vec!["demo", "--help"],
    ] {
        let o = camket(&args);
        assert!(o.status.success());
        let help = stdout(&o);
        assert!(help.contains("Cách dùng: camket") && help.contains("In hướng dẫn này"), "{help}");
        for english in ["Usage", "Options", "Arguments", "Commands", "Print", "[default", "<YEAR>", "<DB>"] {
            assert!(!help.contains(english), "{english:?} in {args:?}:\n{help}");
        }
    }
}

/// A secretary with hundreds of members scripts the held files: another
/// branch's namesakes, keys bound one by one, a file refused, two members
/// merged, one removed, a document returned with a notice for the member.
#[test]
fn the_secretary_decides_held_files_from_the_command_line() {
    let dir = temp_dir();
    let db = dir.path().join("chi-bo.sqlite3");
    let db_s = db.to_str().unwrap();
    let o = secretary_with(
        db_s,
        "Nguyễn Văn Hùng",
        "Chi bộ Trung tâm Lưu trữ quốc gia I",
        "Đảng bộ Cục Văn thư và Lưu trữ nhà nước",
        "Hà Nội",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let ours = dir.path().join("cua-chi-bo");
    let theirs = dir.path().join("chi-bo-khac");
    let o = camket(&["demo", "branch", "--out", ours.to_str().unwrap(), "--members", "3", "--year", "2026"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = camket(&[
        "demo",
        "branch",
        "--out",
        theirs.to_str().unwrap(),
        "--members",
        "2",
        "--year",
        "2026",
        "--branch",
        "Chi bộ Phòng Tổ chức",
        "--committee",
        "Đảng bộ Sở Nội vụ tỉnh Ninh Bình",
        "--seed",
        "ninh-binh",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = camket(&["branch", "add", "--db", db_s, "--name", "phạm thu hạnh", "--birth", "06.02.1973"]);
    assert!(stdout(&o).contains("Đã thêm Phạm Thu Hạnh vào danh sách."), "{}{}", stdout(&o), stderr(&o));
    let o = camket(&["branch", "import", "--db", db_s, ours.to_str().unwrap(), theirs.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(out.matches("Văn bản của CHI BỘ PHÒNG TỔ CHỨC — ĐẢNG BỘ SỞ NỘI VỤ TỈNH NINH BÌNH").count(), 4, "{out}");
    assert!(out.contains("Đã xử lý 10 tệp: 0 tệp đã nhận hoặc đã có, 10 tệp giữ lại"), "{out}");

    // Phạm Thu Hạnh reads her code; she is bound by hand, the rest after.
    let key = camket::demo::branch::member_key(2026, 1).fingerprint();
    let o = camket(&["branch", "keys", "--db", db_s]);
    assert!(
        stdout(&o).contains(&format!("{key} — Phạm Thu Hạnh, sinh 06/02/1973 (đảng viên Phạm Thu Hạnh)")),
        "{}",
        stdout(&o)
    );
    // A destructive choice needs the whole name with its marks (or the number).
    let o = camket(&["branch", "bind", "--db", db_s, "--member", "pham thu hanh", "--key", &key.to_lowercase()]);
    assert!(stderr(&o).contains("đảng viên tên đúng là “pham thu hanh”"), "{}", stderr(&o));
    let o = camket(&["branch", "bind", "--db", db_s, "--member", "PHẠM THU  HẠNH", "--key", &key.to_lowercase()]);
    assert!(
        stdout(&o).contains(&format!("Đã xác nhận khóa {key} của đồng chí Phạm Thu Hạnh.")),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let o = camket(&["branch", "bind", "--db", db_s, "--all"]);
    assert!(
        stdout(&o).contains("Đã xác nhận 2 khóa, thêm 2 đảng viên; 0 khóa cần quyết định riêng."),
        "{}",
        stdout(&o)
    );

    // The held list names each other-branch file; one is refused, one taken in as a new member by mistake.
    let o = camket(&["branch", "held", "--db", db_s, "--year", "2026"]);
    let held = stdout(&o);
    assert_eq!(held.lines().count(), 4, "{held}");
    let columns: Vec<&str> = held.lines().next().unwrap().split(" | ").collect();
    let (number, first) = (columns[0], columns[1].to_string());
    let o = camket(&["branch", "refuse", "--db", db_s, number]);
    assert!(stdout(&o).contains("Không nhận"), "{}{}", stdout(&o), stderr(&o));
    let csv = dir.path().join("chua-nhan.csv");
    let o = camket(&["branch", "held", "--db", db_s, "--out", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let list = std::fs::read_to_string(&csv).unwrap();
    assert!(list.contains(&first) && list.contains("Đồng chí đã không nhận tệp này."), "{list}");

    // Merge and remove, each said in words.
    let o = camket(&["branch", "add", "--db", db_s, "--name", "Đỗ Văn Thừa"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = camket(&["branch", "merge", "--db", db_s, "--member", "Đỗ Văn Thừa", "--into", "Phạm Thu Hạnh"]);
    assert!(stdout(&o).contains("Đã gộp Đỗ Văn Thừa"), "{}{}", stdout(&o), stderr(&o));
    let o = camket(&["branch", "remove", "--db", db_s, "--member", "Đỗ Văn Thưa"]);
    assert!(stderr(&o).contains("tên đúng là “Đỗ Văn Thưa”"), "{}", stderr(&o));

    // A document returned: a note is needed; with one, the notice for the member.
    let notice = dir.path().join("tra-lai.json");
    let o = camket(&[
        "branch",
        "return",
        "--db",
        db_s,
        "--year",
        "2026",
        "--member",
        "Phạm Thu Hạnh",
        "--doc",
        "cam-ket",
        "--note",
        " ",
    ]);
    assert!(stderr(&o).contains("Hãy ghi rõ cần sửa gì"), "{}", stderr(&o));
    let o = camket(&[
        "branch",
        "return",
        "--db",
        db_s,
        "--year",
        "2026",
        "--member",
        "Phạm Thu Hạnh",
        "--doc",
        "cam-ket",
        "--note",
        "Bổ sung phần tự soi.",
        "--out",
        notice.to_str().unwrap(),
    ]);
    assert!(
        stdout(&o).contains("Đã trả lại để sửa: Phạm Thu Hạnh, bản cam kết năm 2026."),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let read = camket::branch::confirm::read_return_notice(&std::fs::read(&notice).unwrap()).unwrap();
    assert_eq!(read.note, "Bổ sung phần tự soi.");
    let code = camket::verify::verify_file(&ours.join("2026-cam-ket-pham-thu-hanh.pdf")).unwrap().record.code();
    let o = camket(&["branch", "check-code", "--db", db_s, &code]);
    assert!(stdout(&o).contains(": trả lại để sửa."), "{}", stdout(&o));
    let o = camket(&["branch", "remove", "--db", db_s, "--member", "Phạm Thu Hạnh"]);
    assert!(stdout(&o).contains("Đã xóa Phạm Thu Hạnh khỏi danh sách"), "{}{}", stdout(&o), stderr(&o));
}

/// A settings file that could not be written is never noted as handed out.
#[test]
fn settings_not_written_are_not_handed_out() {
    let dir = temp_dir();
    let db = dir.path().join("chi-bo.sqlite3");
    let db_s = db.to_str().unwrap();
    let o = secretary_with(
        db_s,
        "Nguyễn Văn Hùng",
        "Chi bộ Trung tâm Lưu trữ quốc gia I",
        "Đảng bộ Cục Văn thư và Lưu trữ nhà nước",
        "Hà Nội",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let missing = dir.path().join("khong-co").join("thiet-lap.json");
    let o = camket(&["branch", "settings", "--db", db_s, "--year", "2026", "--out", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("không có; hãy tạo thư mục đó trước"), "{}", stderr(&o));
    let issued: i64 = Store::open_read_only(&db)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM settings_issued", [], |r| r.get(0))
        .unwrap();
    assert_eq!(issued, 0);
    // An empty folder is said, not counted as a success.
    let empty = dir.path().join("trong");
    std::fs::create_dir_all(&empty).unwrap();
    let o = camket(&["branch", "import", "--db", db_s, empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Không có tệp nào để nhận"), "{}", stderr(&o));
    // A return with its notice into a missing folder records nothing either.
    let o = camket(&[
        "branch",
        "return",
        "--db",
        db_s,
        "--year",
        "2026",
        "--member",
        "Ai",
        "--doc",
        "ke-hoach",
        "--note",
        "x",
        "--out",
        missing.to_str().unwrap(),
    ]);
    assert!(stderr(&o).contains("không có; hãy tạo thư mục đó trước"), "{}", stderr(&o));
}

/// Runs the command line, killed after 20 s: a read that waits forever fails the test.
#[cfg(unix)]
fn camket_within(args: &[&std::ffi::OsStr]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_camket"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("camket {args:?} still running after 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
#[cfg(unix)]
fn only_regular_files_are_read_or_written() {
    let dir = temp_dir();
    let fifo = dir.path().join("ong.pdf");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let db = dir.path().join("bi-thu.sqlite3");
    secretary(&db.to_string_lossy(), "Chi bộ Phòng Tổ chức", "Đảng bộ Sở Nội vụ", "Ninh Bình");
    let os = |s: &str| std::ffi::OsString::from(s);
    for args in [
        vec![os("verify"), fifo.clone().into()],
        vec![os("branch"), os("import"), os("--db"), db.clone().into(), fifo.clone().into()],
        vec![os("template"), os("check"), os("/dev/zero")],
        vec![os("settings"), os("--db"), db.clone().into(), fifo.clone().into()],
        vec![os("branch"), os("status"), os("--year"), os("2026"), os("--db"), os("/dev/null")],
        vec![os("branch"), os("add"), os("--db"), os("/dev/null"), os("--name"), os("Lê Văn An")],
    ] {
        let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let out = camket_within(&refs);
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!out.status.success(), "{args:?}: {said}");
        assert!(
            said.contains("không phải tệp thường")
                || said.contains("không phải một tệp thường")
                || said.contains("không phải tệp dữ liệu"),
            "{args:?}: {said}"
        );
    }
    assert!(!Path::new("/dev/sao-luu").exists(), "nothing made beside a device");
}

/// Each file with whose it is and why it waits; each member with its key.
type ImportState = (Vec<(String, Option<String>, Option<String>)>, Vec<(String, Option<Vec<u8>>)>);

/// What a branch's database holds after an import.
fn import_state(db: &Path) -> ImportState {
    let s = Store::open_read_only(db).unwrap();
    let mut files = s
        .conn()
        .prepare(
            "SELECT s.file_name, m.full_name, s.held FROM submissions s LEFT JOIN members m ON m.id = s.member_id
             ORDER BY s.file_name",
        )
        .unwrap();
    let files = files.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect();
    let mut members = s.conn().prepare("SELECT full_name, public_key FROM members ORDER BY full_name").unwrap();
    let members = members.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect();
    (files, members)
}

#[test]
#[cfg(unix)]
fn an_import_killed_midway_ends_where_a_clean_one_ends_when_run_again() {
    let dir = temp_dir();
    let inbox = dir.path().join("zalo");
    let o = camket(&["demo", "branch", "--out", inbox.to_str().unwrap(), "--members", "60", "--year", "2026"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let setup = |name: &str| {
        let db = dir.path().join(name);
        let db_s = db.to_str().unwrap().to_string();
        secretary(&db_s, "Chi bộ Trung tâm Lưu trữ quốc gia I", "Đảng bộ Cục Văn thư và Lưu trữ nhà nước", "Hà Nội");
        for i in [2, 5, 9, 40] {
            let m = camket::demo::branch::member(i);
            let o = camket(&["branch", "add", "--db", &db_s, "--name", &m.full_name]);
            assert!(o.status.success(), "{}", stderr(&o));
        }
        db
    };
    let import = |db: &Path| {
        Command::new(env!("CARGO_BIN_EXE_camket"))
            .args(["branch", "import", "--db"])
            .arg(db)
            .arg(&inbox)
            .spawn()
            .unwrap()
    };
    let clean = setup("sach.sqlite3");
    assert!(import(&clean).wait().unwrap().success());

    let killed = setup("bi-ngat.sqlite3");
    let mut child = import(&killed);
    // Killed once some files are in, as a power cut would.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let n = Store::open_read_only(&killed)
            .map(|s| s.conn().query_row("SELECT count(*) FROM submissions", [], |r| r.get::<_, i64>(0)).unwrap_or(0))
            .unwrap_or(0);
        if n >= 30 || child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the import never started");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let (partial, _) = import_state(&killed);
    assert!(partial.len() < 120, "killed midway: {} files in", partial.len());
    assert!(import(&killed).wait().unwrap().success());
    assert_eq!(import_state(&killed), import_state(&clean));
}

#[test]
#[cfg(unix)]
fn an_argument_that_is_not_text_is_said_so() {
    use std::os::unix::ffi::OsStrExt;
    let dir = temp_dir();
    let db = dir.path().join("x.sqlite3");
    let out = camket_within(&[
        "branch".as_ref(),
        "add".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "--name".as_ref(),
        std::ffi::OsStr::from_bytes(b"L\xea V\xe3n"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("một tham số có ký tự không đọc được (không phải văn bản UTF-8)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_secretarys_details_are_refused_when_they_would_not_print_as_they_read() {
    let dir = temp_dir();
    let db = dir.path().join("bi-thu.sqlite3");
    let db = db.to_str().unwrap();
    for (name, place) in [("Nguyễn Văn A\u{301}\u{301}n", "Hà Nội"), ("Nguyễn Văn An", "Hà Nội 😀")] {
        let o = secretary_with(db, name, "Chi bộ A", "Đảng bộ B", place);
        assert!(!o.status.success(), "{}", stdout(&o));
        assert!(
            stderr(&o).contains("Hồ sơ của bí thư") || stderr(&o).contains("Họ và tên của bí thư"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn a_fresh_install_previews_settings_and_the_secretarys_name_is_tidied() {
    let dir = temp_dir();
    let db = dir.path().join("bi-thu.sqlite3");
    let o = secretary_with(db.to_str().unwrap(), "NGUYỄN  THỊ HOA", "Chi bộ A", "Đảng bộ B", "Hà Nội");
    assert!(stdout(&o).contains("Đã lưu: Nguyễn Thị Hoa,"), "{}{}", stdout(&o), stderr(&o));
    // Without options, what is saved; one option changes that detail only.
    let o = camket(&["branch", "secretary", "--db", db.to_str().unwrap(), "--place", "Ninh Bình"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = camket(&["branch", "secretary", "--db", db.to_str().unwrap()]);
    assert_eq!(stdout(&o).trim(), "Nguyễn Thị Hoa, Bí thư Chi bộ, Chi bộ A, Đảng bộ B, Ninh Bình.");
    let file = dir.path().join("thiet-lap.json");
    let o = camket(&[
        "branch",
        "settings",
        "--db",
        db.to_str().unwrap(),
        "--year",
        "2027",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A member who has not opened the app yet can look before accepting; nothing is made.
    let fresh = dir.path().join("moi").join("cam-ket.sqlite3");
    let o = camket(&["settings", "--db", fresh.to_str().unwrap(), file.to_str().unwrap()]);
    assert!(o.status.success() && stdout(&o).contains("Chi bộ: “” → “Chi bộ A”"), "{}{}", stdout(&o), stderr(&o));
    assert!(!fresh.exists() && !dir.path().join("moi").exists());
}

/// Each command and subcommand `camket --help` names has its line in the README.
#[test]
fn the_readme_lists_every_command() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let names = |args: &[&str]| -> Vec<String> {
        let help = String::from_utf8(camket(args).stdout).unwrap();
        let listed = help.split("Lệnh:").nth(1).unwrap_or_default().split("\n\n").next().unwrap_or_default();
        listed.lines().filter_map(|l| l.split_whitespace().next()).filter(|n| *n != "help").map(String::from).collect()
    };
    let top = names(&["--help"]);
    assert!(top.contains(&"branch".to_string()), "{top:?}");
    let mut missing = Vec::new();
    for name in &top {
        let subs = names(&[name, "--help"]);
        if subs.is_empty() && !readme.contains(&format!("\ncamket {name} ")) {
            missing.push(name.clone());
        }
        for sub in subs {
            if !readme.contains(&format!("\ncamket {name} {sub} ")) {
                missing.push(format!("{name} {sub}"));
            }
        }
    }
    assert!(missing.is_empty(), "not in the README: {missing:?}");
}

/// `camket render … --out X.docx` writes the Word file, `demo --docx` one
/// beside each PDF, and `word import` shows the preview and saves with
/// `--apply`, once.
#[test]
fn word_files_from_the_command_line() {
    let dir = temp_dir();
    let out = dir.path().join("demo");
    let o = camket(&["demo", "--out", out.to_str().unwrap(), "--year", "2025", "--docx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let plan = out.join("ke-hoach-ca-nhan.docx");
    assert!(plan.exists() && out.join("ban-cam-ket.docx").exists() && out.join("kiem-diem.docx").exists());
    let db = dir.path().join("m.sqlite3");
    let args = [
        "word",
        "import",
        plan.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--year",
        "2025",
        "--kind",
        "ke-hoach",
    ];
    let o = camket(&args);
    let said = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success() && said.contains("== 1. Về tư tưởng") && said.contains("== Không xếp được (0)"),
        "{said}"
    );
    assert!(said.contains("Xem trước: chưa ghi gì"), "{said}");
    assert!(!db.exists(), "a preview writes nothing");
    let o = camket(&[&args[..], &["--apply"]].concat());
    assert!(String::from_utf8_lossy(&o.stdout).contains("Đã lưu thành văn bản chưa ký năm 2025"), "{}", stderr(&o));
    let o = camket(&[&args[..], &["--apply"]].concat());
    assert!(!o.status.success() && stderr(&o).contains("đã có nội dung"), "{}", stderr(&o));
    let docx = dir.path().join("kh.docx");
    let o = camket(&[
        "render",
        "--db",
        db.to_str().unwrap(),
        "--year",
        "2025",
        "--doc",
        "ke-hoach",
        "--out",
        docx.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"), "a Word file");
}
