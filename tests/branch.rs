//! The branch secretary's workspace: members' files taken in (each outcome),
//! the year's table and who is late, confirmation, finding a printout by
//! its code.

mod common;

use camket::branch::collect::{pdf_files, receive_files, Outcome};
use camket::branch::held::{bind_all, decide, Decision, HeldReason};
use camket::branch::status::{set_deadline, year_table, CellStatus, Filter};
use camket::branch::{code, confirm, roster};
use camket::demo::branch::{member, member_file, member_key};
use camket::store::Store;

use camket::verify::{verify_bytes, Refusal};
use chrono::NaiveDate;
use common::*;

use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Takes the files in and binds every waiting key, as after a branch meeting.
fn take_in_and_bind(s: &mut Store, inbox: &Path) {
    receive_files(s, &pdf_files(&[inbox.to_path_buf()]).unwrap(), |_, _| {}).unwrap();
    let bound = bind_all(s, None, camket::dates::today()).unwrap();
    assert!(bound.left.is_empty(), "{:?}", bound.left);
}

/// A secretary's database with the demo branch's `members` taken in and bound.
fn branch_of(dir: &Path, members: usize) -> Store {
    let mut s = secretary(dir);
    let inbox = dir.join("in");
    for f in camket::demo::branch::branch(2026, members).unwrap() {
        write(&inbox, &f.file_name, &f.bytes);
    }
    take_in_and_bind(&mut s, &inbox);
    s
}

fn count(db: &Store, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_folder_of_member_files_goes_in_with_each_outcome_as_specified() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let inbox = dir.path().join("Zalo Received Files");
    for f in camket::demo::branch::branch(2026, 30).unwrap() {
        write(&inbox, &f.file_name, &f.bytes);
    }
    let files = pdf_files(&[inbox]).unwrap();
    assert_eq!(files.len(), 60);
    let mut seen = Vec::new();
    let received = receive_files(&mut s, &files, |done, total| seen.push((done, total))).unwrap();
    assert_eq!(seen.last(), Some(&(60, 60)), "progress reaches the end");
    // An empty roster: every file waits for the secretary, nobody is added by the import alone.
    assert!(received.iter().all(|r| r.outcome == Outcome::NotOnRoster), "{received:?}");
    assert!(roster::members(&s).unwrap().is_empty());
    assert_eq!(count(&s, "SELECT count(*) FROM submissions WHERE held IS NULL"), 0);
    let bound = bind_all(&s, None, camket::dates::today()).unwrap();
    assert_eq!((bound.added.len(), bound.bound.len(), bound.left.len()), (30, 0, 0), "{bound:?}");
    assert_eq!(roster::members(&s).unwrap().len(), 30, "binding the keys builds the roster");
    assert_eq!(count(&s, "SELECT count(*) FROM submissions WHERE held IS NULL"), 60);

    // The second batch: a duplicate, a tampered file, a newer and an older
    // revision, someone not on the roster, and a member's file signed by a new key.
    let batch = dir.path().join("dot-2");
    let original = std::fs::read(&files[0]).unwrap();
    write(&batch, "ban-sao (1).pdf", &original);
    let mut tampered = original.clone();
    let at = tampered.len() / 3;
    tampered[at] ^= 0x20;
    write(&batch, "bi-sua.pdf", &tampered);
    let key5 = member_key(2026, 5);
    let newer = member_file(2026, 5, "ke-hoach", 20, &key5).unwrap();
    write(&batch, "a-moi-hon.pdf", &newer.bytes);
    let older = member_file(2026, 5, "ke-hoach", 3, &key5).unwrap();
    write(&batch, "b-cu-hon.pdf", &older.bytes);
    let stranger = member_file(2026, 40, "cam-ket", 2, &member_key(2026, 40)).unwrap();
    write(&batch, "c-nguoi-la.pdf", &stranger.bytes);
    let laptop = camket::demo::key("máy tính mới của đảng viên số 3");
    let new_key = member_file(2026, 3, "cam-ket", 30, &laptop).unwrap();
    write(&batch, "d-khoa-moi.pdf", &new_key.bytes);
    write(&batch, "e-ghi-chu.pdf", b"khong phai PDF");

    let received = receive_files(&mut s, &pdf_files(&[batch]).unwrap(), |_, _| {}).unwrap();
    let outcome = |name: &str| received.iter().find(|r| r.file == name).unwrap();
    assert_eq!(outcome("a-moi-hon.pdf").outcome, Outcome::Replaced);
    assert_eq!(outcome("b-cu-hon.pdf").outcome, Outcome::History);
    assert_eq!(outcome("ban-sao (1).pdf").outcome, Outcome::Duplicate);
    assert_eq!(outcome("bi-sua.pdf").outcome, Outcome::Refused);
    assert!(outcome("bi-sua.pdf").message.starts_with("Không nhận: "), "{}", outcome("bi-sua.pdf").message);
    assert_eq!(outcome("c-nguoi-la.pdf").outcome, Outcome::NotOnRoster);
    assert!(outcome("c-nguoi-la.pdf").message.contains("Chưa có trong danh sách chi bộ"));
    assert_eq!(outcome("d-khoa-moi.pdf").outcome, Outcome::NewKey);
    assert!(outcome("d-khoa-moi.pdf").message.contains(&laptop.fingerprint()));
    assert_eq!(outcome("e-ghi-chu.pdf").message, "Không nhận: không phải tệp PDF.");
    let refused: Vec<String> =
        camket::branch::held::refused_files(&s).unwrap().into_iter().map(|r| r.file_name).collect();
    assert!(
        refused.contains(&"bi-sua.pdf".to_string()) && refused.contains(&"e-ghi-chu.pdf".to_string()),
        "kept: {refused:?}"
    );
    assert_eq!(roster::members(&s).unwrap().len(), 30, "nobody is added without the secretary");

    let table = year_table(&s, 2026, d(2026, 3, 1)).unwrap();
    let row = |name: &str| table.rows.iter().find(|r| r.member.full_name == name).unwrap().clone();
    let five = row(&member(5).full_name);
    let newer_code = verify_bytes(&newer.bytes).unwrap().record.code();
    assert_eq!(five.cells[0].code.as_deref(), Some(newer_code.as_str()), "the newer revision is current");
    let five_plans = format!(
        "SELECT count(*) FROM submissions WHERE kind = 'ke-hoach' AND held IS NULL AND member_id = {}",
        five.member.id
    );
    assert_eq!(count(&s, &five_plans), 3, "the first, the newer and the older revision");
    assert_eq!(table.held.len(), 2);
    let held_new_key = table.held.iter().find(|h| h.reason == HeldReason::NewKey).unwrap();
    assert_eq!(held_new_key.key_fingerprint, laptop.fingerprint());
    assert!(held_new_key.why.contains("khác khóa"), "both keys shown: {}", held_new_key.why);
    assert!(held_new_key.why.contains(&member_key(2026, 3).fingerprint()), "{}", held_new_key.why);
    let stranger = table.held.iter().find(|h| h.reason == HeldReason::NotOnRoster).unwrap();
    assert_eq!(stranger.branch, "CHI BỘ TRUNG TÂM LƯU TRỮ QUỐC GIA I — ĐẢNG BỘ CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC");
    assert_eq!(stranger.birth_date, member(40).birth_date);

    // The secretary adds the stranger and, having asked member 3, trusts the new key.
    let three_id = roster::find(&s, &member(3).full_name).unwrap().id;
    decide(&s, stranger.submission_id, Decision::AddNew, camket::dates::today()).unwrap();
    decide(&s, held_new_key.submission_id, Decision::Attach(three_id), camket::dates::today()).unwrap();
    assert_eq!(roster::members(&s).unwrap().len(), 31);
    let table = year_table(&s, 2026, d(2026, 3, 1)).unwrap();
    assert!(table.held.is_empty());
    let three = table.rows.iter().find(|r| r.member.full_name == member(3).full_name).unwrap();
    assert_eq!(three.member.key_fingerprint.as_deref(), Some(laptop.fingerprint().as_str()));
    let new_key_code = verify_bytes(&new_key.bytes).unwrap().record.code();
    assert_eq!(three.cells[1].code.as_deref(), Some(new_key_code.as_str()));
}

#[test]
fn the_year_table_sorts_searches_and_shows_who_is_late() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let inbox = dir.path().join("in");
    let files = camket::demo::branch::branch(2026, 6).unwrap();
    // Member 4 sends nothing, member 5 only the plan.
    for f in files.iter().filter(|f| !f.file_name.contains(&camket::text::ascii_slug(&member(4).full_name))) {
        if f.file_name.contains("cam-ket") && f.file_name.contains(&camket::text::ascii_slug(&member(5).full_name)) {
            continue;
        }
        write(&inbox, &f.file_name, &f.bytes);
    }
    take_in_and_bind(&mut s, &inbox);
    let id4 = roster::add(
        &s,
        &roster::MemberFields {
            full_name: member(4).full_name,
            birth_date: member(4).birth_date,
            ..Default::default()
        },
        camket::dates::today(),
    )
    .unwrap();

    set_deadline(&s, 2026, Some(d(2026, 3, 31))).unwrap();
    let before = year_table(&s, 2026, d(2026, 3, 31)).unwrap();
    assert!(before.rows.iter().all(|r| !r.late), "nobody is late on the deadline itself");
    let after = year_table(&s, 2026, d(2026, 4, 1)).unwrap();
    let late: Vec<&str> = after.rows.iter().filter(|r| r.late).map(|r| r.member.full_name.as_str()).collect();
    let mut expected = vec![member(4).full_name, member(5).full_name];
    expected.sort_by_key(|n| camket::branch::collation::name_key(n));
    assert_eq!(late, expected);
    let list = pdf_text(&camket::branch::print::late_list(&s, 2026, d(2026, 4, 1)).unwrap());
    assert!(list.contains("DANH SÁCH ĐẢNG VIÊN CHƯA NỘP ĐỦ KẾ HOẠCH CÁ NHÂN"), "{list}");
    assert!(list.contains(&member(4).full_name) && list.contains(&member(5).full_name), "{list}");
    assert!(!list.contains(&member(2).full_name) && list.contains("Tổng số: 2 đảng viên"), "{list}");
    let five = after.rows.iter().find(|r| r.member.full_name == member(5).full_name).unwrap();
    assert_eq!((five.cells[0].status, five.cells[1].status), (CellStatus::Submitted, CellStatus::NotSubmitted));

    // Exempt for the year: no longer late.
    roster::set_exempt(&s, id4, 2026, true).unwrap();
    let after = year_table(&s, 2026, d(2026, 4, 1)).unwrap();
    assert_eq!(after.rows.iter().filter(|r| r.late).count(), 1);

    // Rows in Vietnamese order, and search without marks.
    let names: Vec<String> = after.rows.iter().map(|r| r.member.full_name.clone()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| camket::branch::collation::name_key(n));
    assert_eq!(names, sorted);
    let by_name = Filter { query: camket::branch::collation::folded(&member(2).full_name), ..Default::default() };
    let found: Vec<_> = after.rows.iter().filter(|r| r.keep(&by_name)).collect();
    assert_eq!(found.len(), 1);
    let late_only = Filter { late_only: true, ..Default::default() };
    assert_eq!(after.rows.iter().filter(|r| r.keep(&late_only)).count(), 1);
}

#[test]
fn a_confirmed_pdf_carries_both_signatures_and_the_branch_block() {
    let dir = temp_dir();
    let s = branch_of(dir.path(), 3);
    let table = year_table(&s, 2026, d(2026, 3, 1)).unwrap();
    let at = table.rows.iter().position(|r| r.member.full_name == member(2).full_name).unwrap();
    let plan = table.rows[at].cells[0].submission_id.unwrap();
    let commitment = table.rows[at].cells[1].submission_id.unwrap();
    let member_name = table.rows[at].member.full_name.clone();

    let pdf = confirm::confirm(&s, plan, "Kế hoạch cụ thể, sát nhiệm vụ.", d(2026, 3, 5), None).unwrap();
    confirm::return_for_changes(&s, commitment, "Bổ sung phần khắc phục hạn chế.").unwrap();
    let v = verify_bytes(&pdf).unwrap();
    let c = v.confirmation.clone().expect("the confirmation is verified");
    assert_eq!((c.secretary.as_str(), c.function.as_str()), (member(0).full_name.as_str(), "BÍ THƯ"));
    assert_eq!(c.key_fingerprint, s.member_key().unwrap().fingerprint());
    assert_ne!(c.key_fingerprint, v.key_fingerprint, "two signatures: the member's and the secretary's");
    assert!(v.summary().contains("chi bộ đã xác nhận ngày 05/03/2026 (bí thư "), "{}", v.summary());
    let text = pdf_text(&pdf);
    for expected in
        ["XÁC NHẬN CỦA CHI BỘ", "Kế hoạch cụ thể, sát nhiệm vụ.", "Ngày 05 tháng 3 năm 2026", "T/M CHI BỘ", "BÍ THƯ"]
    {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(text.contains(&member(0).full_name) && text.contains(&member_name));
    let words = pdf_words(&pdf);
    let secretary = page_of(&words, &member(0).full_name).unwrap();
    assert_eq!(Some(secretary), page_of(&words, "T/M CHI BỘ"), "the block is not split");

    // An edit of the confirmed pages is caught like any other.
    let mut doc = lopdf::Document::load_mem(&pdf).unwrap();
    let last = *doc.get_pages().iter().last().unwrap().1;
    let mut content = doc.get_page_content(last);
    content.extend_from_slice(b"\nBT /F1 12 Tf 100 100 Td (x) Tj ET");
    doc.change_page_content(last, content).unwrap();
    let mut edited = Vec::new();
    doc.save_to(&mut edited).unwrap();
    assert_eq!(verify_bytes(&edited).unwrap_err(), Refusal::PagesAltered);

    let table = year_table(&s, 2026, d(2026, 3, 6)).unwrap();
    let row = &table.rows[at];
    assert_eq!(row.cells[0].status, CellStatus::Confirmed);
    assert_eq!(
        (row.cells[1].status, row.cells[1].note.as_str()),
        (CellStatus::Returned, "Bổ sung phần khắc phục hạn chế.")
    );
    assert!(confirm::return_for_changes(&s, commitment, "  ").is_err(), "a return says what to fix");
    assert_eq!(confirm::confirmed_pdf(&s, plan).unwrap(), Some(pdf));
}

#[test]
fn a_printout_is_found_by_its_code_despite_typing_slips() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let inbox = dir.path().join("in");
    let files = camket::demo::branch::branch(2026, 2).unwrap();
    for f in &files {
        write(&inbox, &f.file_name, &f.bytes);
    }
    take_in_and_bind(&mut s, &inbox);
    let v = verify_bytes(&files[1].bytes).unwrap();
    let typed = v.record.code().to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
    let found = code::find(&s, &typed).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].full_name, v.record.content.profile.full_name);
    assert_eq!((found[0].kind_label.as_str(), found[0].year), ("Bản cam kết", 2026));
    assert!(code::find(&s, "ZZZZ-ZZZZ-ZZZZ").unwrap().is_empty());
    assert!(code::find(&s, "ZZZZ").is_err());
}

#[test]
fn the_member_brings_the_confirmed_pdf_back_and_the_board_says_so() {
    let dir = temp_dir();
    let (mut member_db, id, rev) = filled(&dir.path().join("dang-vien.sqlite3"), "ke-hoach");
    camket::writing::sign(&mut member_db, id, rev, chrono::Local::now().date_naive(), None).unwrap();
    let sent = camket::app::branch_copy(&member_db, id).unwrap();
    let inbox = dir.path().join("in");
    write(&inbox, &sent.file_name, &sent.bytes);

    let mut s = secretary(dir.path());
    take_in_and_bind(&mut s, &inbox);
    let table = year_table(&s, 2026, d(2026, 3, 1)).unwrap();
    let submission = table.rows[0].cells[0].submission_id.unwrap();
    let confirmed = confirm::confirm(&s, submission, "", d(2026, 3, 5), None).unwrap();
    let back = write(&dir.path().join("zalo"), "da-xac-nhan.pdf", &confirmed);

    // Not yet confirmed, or someone else's: refused with the reason.
    let err = camket::app::import_confirmation(&member_db, &inbox.join(&sent.file_name)).unwrap_err();
    assert!(err.to_string().contains("chưa có xác nhận của chi bộ"), "{err}");
    let (mut other, oid, orev) = filled(&dir.path().join("nguoi-khac.sqlite3"), "ke-hoach");
    camket::writing::sign(&mut other, oid, orev, chrono::Local::now().date_naive(), None).unwrap();
    let err = camket::app::import_confirmation(&other, &back).unwrap_err();
    assert!(err.to_string().contains("không phải văn bản đồng chí đã ký trên máy này"), "{err}");

    // A confirmation counts only from the secretary whose settings the member accepted.
    let err = camket::app::import_confirmation(&member_db, &back).unwrap_err();
    assert!(err.to_string().contains("chưa biết khóa của bí thư"), "{err}");
    let impostor = Store::open(&dir.path().join("mao-danh.sqlite3")).unwrap();
    impostor.save_profile(&member(0)).unwrap();
    let forged_back = {
        let mut i = impostor;
        take_in_and_bind(&mut i, &inbox);
        let t = year_table(&i, 2026, d(2026, 3, 1)).unwrap();
        confirm::confirm(&i, t.rows[0].cells[0].submission_id.unwrap(), "", d(2026, 3, 5), None).unwrap()
    };
    let forged = write(&dir.path().join("zalo"), "gia-mao.pdf", &forged_back);
    let settings = camket::branch::settings::make(&s, 2026, &[], d(2026, 1, 5)).unwrap();
    camket::branch::settings::accept(&mut member_db, &settings, None).unwrap();
    let err = camket::app::import_confirmation(&member_db, &forged).unwrap_err();
    assert!(err.to_string().contains("không phải khóa bí thư trong tệp thiết lập"), "{err}");
    // `camket verify --db` checks the confirming key against what a database knows.
    let verify = |db: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_camket"));
        cmd.arg("verify");
        if let Some(db) = db {
            cmd.arg("--db").arg(dir.path().join(db));
        }
        let out = cmd.arg(&forged).arg(&back).output().unwrap();
        (out.status.success(), String::from_utf8(out.stdout).unwrap())
    };
    let (ok, said) = verify(None);
    assert!(ok && said.matches("chưa đối chiếu khóa xác nhận").count() == 2, "{said}");
    let secretary_key = s.member_key().unwrap().fingerprint();
    let impostor_key = verify_bytes(&forged_back).unwrap().confirmation.unwrap().key_fingerprint;
    for db in ["dang-vien.sqlite3", "bi-thu.sqlite3"] {
        let (ok, said) = verify(Some(db));
        let lines: Vec<&str> = said.lines().collect();
        assert!(!ok, "{said}");
        assert!(lines[0].starts_with("KHÔNG HỢP LỆ") && lines[0].contains("gia-mao.pdf"), "{said}");
        assert!(
            lines[0].contains(&format!("xác nhận được ký bằng khóa {impostor_key}, không phải khóa bí thư"))
                && lines[0].contains(&secretary_key),
            "{said}"
        );
        assert!(lines[1].starts_with("HỢP LỆ") && !lines[1].contains("Lưu ý"), "{said}");
    }
    let (ok, said) = verify(Some("nguoi-khac.sqlite3"));
    assert!(!ok && said.matches("chưa biết khóa bí thư nào").count() == 2, "{said}");

    let line = camket::app::import_confirmation(&member_db, &back).unwrap();
    assert_eq!(line, format!("Chi bộ đã xác nhận ngày 05/03/2026 (bí thư {})", member(0).full_name));
    // Kept as the bytes verified: the file read once.
    let kept: Vec<u8> = member_db.conn().query_row("SELECT pdf FROM confirmations", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, std::fs::read(&back).unwrap());
    let board = camket::app::year_board(&member_db, 2026, d(2026, 3, 10)).unwrap();
    assert_eq!(board.entries[0].confirmed.as_deref(), Some(line.as_str()));
    assert_eq!(board.entries[1].confirmed, None);
}

#[test]
fn a_roster_spreadsheet_goes_in_with_its_bad_rows_named() {
    let dir = temp_dir();
    let s = secretary(dir.path());
    let xlsx = dir.path().join("danh-sach.xlsx");
    {
        use rust_xlsxwriter::{Format, Workbook};
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "DANH SÁCH ĐẢNG VIÊN CHI BỘ").unwrap();
        for (c, h) in ["STT", "Họ và tên", "Ngày sinh", "Chức vụ Đảng", "Chức vụ chính quyền"].iter().enumerate()
        {
            sheet.write_string(2, c as u16, *h).unwrap();
        }
        let date = Format::new().set_num_format("dd/mm/yyyy");
        sheet.write_string(3, 1, "Lê Thị Hồng").unwrap();
        sheet.write_date_with_format(3, 2, NaiveDate::from_ymd_opt(1979, 4, 30).unwrap(), &date).unwrap();
        sheet.write_string(3, 3, "Chi ủy viên").unwrap();
        sheet.write_string(3, 4, "Kế toán trưởng").unwrap();
        sheet.write_string(4, 1, "Trịnh Văn Đức").unwrap();
        sheet.write_string(4, 2, "31/02/1980").unwrap();
        sheet.write_number(5, 0, 3).unwrap();
        sheet.write_string(6, 1, "Mai Anh Tuấn").unwrap();
        sheet.write_string(6, 2, "05/11/1991").unwrap();
        book.save(&xlsx).unwrap();
    }
    let rows = camket::branch::sheet::read(&xlsx, camket::dates::today()).unwrap();
    let lines: Vec<(usize, &str, Option<&str>)> =
        rows.iter().map(|r| (r.line, r.full_name.as_str(), r.problem.as_deref())).collect();
    assert_eq!(
        lines,
        [
            (4, "Lê Thị Hồng", None),
            (5, "Trịnh Văn Đức", Some("ngày sinh “31/02/1980” không đọc được (ngày/tháng/năm, năm đủ 4 chữ số)")),
            (6, "", Some("thiếu họ và tên")),
            (7, "Mai Anh Tuấn", None),
        ]
    );
    assert_eq!(rows[0].birth_date, Some(d(1979, 4, 30)), "a date cell is read as a date");
    assert_eq!(
        (rows[0].party_position.as_str(), rows[0].government_position.as_str()),
        ("Chi ủy viên", "Kế toán trưởng")
    );
    assert!(roster::members(&s).unwrap().is_empty(), "reading is only a preview");
    assert_eq!(camket::branch::sheet::add(&s, &rows, camket::dates::today()).unwrap(), 2);
    let again = camket::branch::sheet::check(&s, &rows).unwrap();
    assert_eq!(again[0].problem.as_deref(), Some("đã có trong danh sách"), "the preview says so the second time");
    assert_eq!(camket::branch::sheet::add(&s, &rows, camket::dates::today()).unwrap(), 0, "nobody twice");

    // The same list saved by Excel as CSV with semicolons and a byte order mark.
    let csv = write(
        dir.path(),
        "danh-sach.csv",
        "\u{FEFF}Họ và tên;Ngày sinh;Chức vụ\r\n\"Ngô, Thị Lan\";02/09/1985;Chuyên viên\r\n".as_bytes(),
    );
    let rows = camket::branch::sheet::read(&csv, camket::dates::today()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].full_name.as_str(), rows[0].government_position.as_str()), ("Ngô, Thị Lan", "Chuyên viên"));
    assert!(camket::branch::sheet::read(&write(dir.path(), "x.txt", b"abc"), camket::dates::today()).is_err());
}

#[test]
fn a_file_of_layout_1_is_confirmed_and_printed_with_its_own_layout() {
    // Files made by the last build of layout 1: the branch confirms and
    // prints them laid out as the member's file was, so the confirmed PDF
    // verifies page for page.
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let inbox = dir.path().join("in");
    for name in ["2026-ke-hoach-nguyen-van-hung.pdf", "2026-cam-ket-nguyen-van-hung.pdf"] {
        write(&inbox, name, &std::fs::read(format!("tests/fixtures/layout-1/{name}")).unwrap());
    }
    take_in_and_bind(&mut s, &inbox);
    let table = year_table(&s, 2026, d(2026, 3, 1)).unwrap();
    let plan = table.rows[0].cells[0].submission_id.unwrap();
    let confirmed = confirm::confirm(&s, plan, "Đạt yêu cầu.", d(2026, 3, 5), None).unwrap();
    let v = verify_bytes(&confirmed).unwrap();
    assert!(v.confirmation.is_some());
    let text = pdf_text(&confirmed);
    assert!(text.contains("Đạt yêu cầu.") && text.contains("Nguyễn Văn Hùng"), "{text}");
    let printed = pdf_text(&camket::branch::print::print_branch(&s, 2026, d(2026, 3, 6), false).unwrap());
    assert!(printed.contains("Đạt yêu cầu."), "{printed}");
}

#[test]
fn confirming_everyone_goes_on_past_a_document_it_cannot_confirm_and_names_it() {
    let dir = temp_dir();
    let s = branch_of(dir.path(), 3);
    // One stored file no longer reads (a disk error, a bad copy).
    let table = year_table(&s, 2026, d(2026, 3, 1)).unwrap();
    let broken = &table.rows[1];
    let id = broken.cells[0].submission_id.unwrap();
    s.conn().execute("UPDATE submissions SET pdf = x'00' WHERE id = ?1", [id]).unwrap();
    let who = broken.member.full_name.clone();
    drop(s);
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_camket"))
            .args(["branch", "confirm", "--all", "--year", "2026", "--db"])
            .arg(dir.path().join("bi-thu.sqlite3"))
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, said, err) = run();
    assert!(!ok, "{said}{err}");
    assert!(said.contains("Đã xác nhận 5 văn bản."), "{said}");
    assert!(err.contains(&format!("Chưa xác nhận được: {who}, kế hoạch cá nhân:")), "{err}");
    assert!(err.contains("1 văn bản chưa xác nhận được"), "{err}");
    // Run again: nothing else to do, the one still named.
    let (ok, said, err) = run();
    assert!(!ok && said.contains("Đã xác nhận 0 văn bản.") && err.contains(&who), "{said}{err}");
    let s = Store::open(&dir.path().join("bi-thu.sqlite3")).unwrap();
    let confirmed: i64 = count(&s, "SELECT count(*) FROM decisions WHERE decision = 'xac-nhan'");
    assert_eq!(confirmed, 5);
}

/// The app's "Xác nhận" of the files chosen: the one it cannot confirm is
/// named with why, beside how many went through; "Trả lại để sửa" of files
/// chosen returns all of them or none.
#[test]
fn the_app_says_which_chosen_files_were_confirmed_and_returns_all_or_none() {
    let dir = temp_dir();
    let s = branch_of(dir.path(), 2);
    let table = year_table(&s, 2026, d(2026, 3, 1)).unwrap();
    let ids: Vec<i64> = table.rows.iter().flat_map(|r| &r.cells).filter_map(|c| c.submission_id).collect();
    assert_eq!(ids.len(), 4);
    s.conn().execute("UPDATE submissions SET pdf = x'00' WHERE id = ?1", [ids[1]]).unwrap();
    let who = table.rows[0].member.full_name.clone();
    let err = camket::app::confirm_documents(&s, &ids, "", None, d(2026, 3, 2)).unwrap_err().to_string();
    assert!(err.starts_with("Đã xác nhận 3 văn bản. Chưa xác nhận được: "), "{err}");
    assert!(err.contains(&format!("{who}, bản cam kết")), "{err}");
    assert_eq!(count(&s, "SELECT count(*) FROM decisions WHERE decision = 'xac-nhan'"), 3);

    // Returning: one id that is no file makes none returned.
    let err = camket::app::return_documents(&s, &[ids[1], 999], "Sửa ngày ký.").unwrap_err();
    assert!(err.to_string().contains("999"), "{err}");
    assert_eq!(count(&s, "SELECT count(*) FROM decisions WHERE decision = 'tra-lai'"), 0);
    let said = camket::app::return_documents(&s, &[ids[1]], "Sửa ngày ký.").unwrap();
    assert_eq!(said, "Đã trả lại 1 văn bản để sửa.");
    assert_eq!(count(&s, "SELECT count(*) FROM decisions WHERE decision = 'tra-lai'"), 1);
}

#[test]
fn what_would_sign_one_thing_and_print_another_is_refused() {
    let dir = temp_dir();
    let s = branch_of(dir.path(), 1);
    let table = year_table(&s, 2026, d(2026, 3, 1)).unwrap();
    let id = table.rows[0].cells[0].submission_id.unwrap();
    // A stack of marks in the remark, a Greek letter in the secretary's name.
    let err =
        confirm::confirm(&s, id, "Đạt yêu cầu a\u{0301}\u{0301}\u{0301}\u{0301}.", d(2026, 3, 5), None).unwrap_err();
    assert!(err.to_string().contains("dấu chồng lên chữ"), "{err}");
    let mut me = s.profile().unwrap();
    me.full_name = "Nguyễn Văn Lοng".into();
    s.save_profile(&me).unwrap();
    let err = confirm::confirm(&s, id, "", d(2026, 3, 5), None).unwrap_err();
    assert!(err.to_string().contains("chữ Hy Lạp"), "{err}");
    assert!(me.problems(d(2026, 3, 5)).iter().any(|p| p.field == "full_name"), "the profile says so too");
    // Spaces and line breaks of other kinds are typed as ours.
    assert_eq!(camket::text::clean("x", "Lê\u{202F}Văn\u{2028}An", 100, true).unwrap(), "Lê Văn\nAn");
    // A unit's template whose heading holds an emoji is refused when read.
    let bad =
        include_str!("../templates/documents/ke-hoach.toml").replacen("III. TỔ CHỨC THỰC HIỆN", "III. TỔ CHỨC 🙂", 1);
    let err = camket::template::parse(&bad).unwrap_err().to_string();
    assert!(err.contains("biểu tượng cảm xúc") && err.contains("không in được"), "{err}");
}

/// A database error is said as one, never as "not found"; a file that is
/// not there is "not found".
#[test]
fn a_database_error_is_not_filed_as_not_found() {
    let dir = temp_dir();
    let s = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    assert_eq!(camket::app::submission_pdf(&s, 7).unwrap_err().code(), camket::ErrorCode::NotFound);
    s.conn().execute_batch("PRAGMA foreign_keys = OFF; DROP TABLE submissions;").unwrap();
    assert_eq!(camket::app::submission_pdf(&s, 7).unwrap_err().code(), camket::ErrorCode::Database);
}
