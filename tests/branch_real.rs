//! The branch workspace on data as a new secretary has it: a roster typed by
//! a person (a title row, capitals and small letters, two spaces in a name,
//! a repeated row, dates with dots, dashes and in ISO order, two members who
//! send nothing) and a download folder mixing this branch's files, another
//! branch's (namesakes of ours among them), a file signed with a new key and
//! a picture. She must end with exactly her branch's members, each with
//! their files, every other file held or refused with its reason.

mod common;

use camket::branch::collect::{pdf_files, receive_files, Outcome};
use camket::branch::held::{self, Decision, HeldReason};
use camket::branch::status::{year_table, CellStatus};
use camket::branch::{code, print, report, roster, sheet};
use camket::demo::branch::{member, member_key, unit_branch, unit_file, Unit};
use camket::keys::MemberKey;
use camket::store::Store;
use common::*;
use std::path::Path;

/// The secretary saves the year's settings file for the members.
fn hand_out(s: &Store, dir: &Path) -> Vec<u8> {
    let out = dir.join("thiet-lap-chi-bo-2026.json");
    camket::app::save_branch_settings(s, 2026, &[], d(2026, 1, 5), &out).unwrap();
    std::fs::read(out).unwrap()
}

fn ninh_binh() -> Unit {
    Unit {
        branch: "Chi bộ Phòng Tổ chức".into(),
        committee: "Đảng bộ Sở Nội vụ tỉnh Ninh Bình".into(),
        seed: "ninh-binh".into(),
    }
}

/// The roster as a secretary typed it, saved by Excel as CSV.
fn messy_roster(dir: &Path) -> std::path::PathBuf {
    let born = |i: usize, sep: &str| member(i).birth_date.unwrap().format(&format!("%d{sep}%m{sep}%Y")).to_string();
    let name = |i: usize| member(i).full_name;
    let mut csv = String::from("\u{FEFF}DANH SÁCH ĐẢNG VIÊN CHI BỘ TRUNG TÂM LƯU TRỮ QUỐC GIA I;;;\r\n;;;\r\n");
    csv.push_str("STT;HỌ VÀ TÊN;NGÀY SINH;CHỨC VỤ ĐẢNG\r\n");
    csv.push_str(&format!("1;{};{};Bí thư Chi bộ\r\n", name(0).to_uppercase(), born(0, "/")));
    csv.push_str(&format!("2;{};{};\r\n", name(1).to_lowercase(), born(1, "/")));
    csv.push_str(&format!("3;{};{};\r\n", name(2).replacen(' ', "  ", 1), born(2, "-")));
    csv.push_str(&format!("4;{};{};\r\n", name(3), born(3, ".")));
    csv.push_str(&format!("5;{};{};\r\n", name(3), born(3, ".")));
    csv.push_str(&format!("6;{};{};\r\n", name(4), member(4).birth_date.unwrap()));
    csv.push_str(&format!("7;{};{};\r\n", name(5), born(5, "/")));
    let path = dir.join("danh-sach-chi-bo.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn a_messy_roster_and_a_folder_mixing_branches_end_with_exactly_this_branchs_members() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());

    // The roster: every row read, the repeated one named, nothing written yet.
    let rows = sheet::check(&s, &sheet::read(&messy_roster(dir.path()), camket::dates::today()).unwrap()).unwrap();
    let names: Vec<&str> = rows.iter().filter(|r| r.problem.is_none()).map(|r| r.full_name.as_str()).collect();
    let expected: Vec<String> = [0, 1, 2, 3, 4, 5].iter().map(|i| member(*i).full_name).collect();
    assert_eq!(names, expected, "names in the usual capitals, spaces collapsed: {rows:?}");
    assert_eq!(rows[4].problem.as_deref(), Some("trùng với dòng 7 của bảng tính"));
    assert!(rows.iter().all(|r| r.problem.is_some() || r.birth_date.is_some()), "every date read: {rows:?}");

    // A failure on the last row leaves the roster as it was: all or nothing.
    let last = member(5).full_name;
    s.conn()
        .execute_batch(&format!(
            "CREATE TEMP TRIGGER refuse_last BEFORE INSERT ON members WHEN NEW.full_name = '{last}'
             BEGIN SELECT RAISE(ABORT, 'đĩa đầy'); END;"
        ))
        .unwrap();
    assert!(sheet::add(&s, &rows, camket::dates::today()).is_err());
    assert!(roster::members(&s).unwrap().is_empty(), "nothing half-written");
    s.conn().execute_batch("DROP TRIGGER refuse_last").unwrap();
    assert_eq!(sheet::add(&s, &rows, camket::dates::today()).unwrap(), 6);
    assert_eq!(sheet::add(&s, &rows, camket::dates::today()).unwrap(), 0, "the same sheet again changes nothing");

    // The folder: members 0–3 of this branch (4 and 5 send nothing), three
    // namesakes from another branch, and a picture.
    let inbox = dir.path().join("Zalo Received Files");
    std::fs::create_dir_all(&inbox).unwrap();
    for f in unit_branch(&Unit::default(), 2026, 4, false).unwrap() {
        std::fs::write(inbox.join(&f.file_name), &f.bytes).unwrap();
    }
    std::fs::create_dir_all(inbox.join("ninh-binh")).unwrap();
    for f in unit_branch(&ninh_binh(), 2026, 3, false).unwrap() {
        std::fs::write(inbox.join("ninh-binh").join(&f.file_name), &f.bytes).unwrap();
    }
    std::fs::write(inbox.join("ảnh chụp.jpg"), b"\xFF\xD8\xFF\xE0 not a pdf").unwrap();
    // The folder and its subfolder, as a download folder holds them.
    let files = pdf_files(std::slice::from_ref(&inbox)).unwrap();
    let received = receive_files(&mut s, &files, |_, _| {}).unwrap();
    let count = |o: Outcome| received.iter().filter(|r| r.outcome == o).count();
    assert_eq!(
        (count(Outcome::NewKey), count(Outcome::OtherBranch), count(Outcome::Refused)),
        (8, 6, 1),
        "{received:?}"
    );
    let summary = camket::branch::collect::summary(&received);
    assert!(summary.contains("1 tệp không phải PDF: ảnh chụp.jpg"), "{summary}");
    let other = received.iter().find(|r| r.outcome == Outcome::OtherBranch).unwrap();
    assert!(
        other.message.contains("CHI BỘ PHÒNG TỔ CHỨC — ĐẢNG BỘ SỞ NỘI VỤ TỈNH NINH BÌNH, không phải chi bộ này"),
        "{}",
        other.message
    );
    assert_eq!(roster::members(&s).unwrap().len(), 6, "nobody added by an import");

    // After the meeting: this branch's four keys bound, the other branch's untouched.
    let bound = held::bind_all(&s, None, camket::dates::today()).unwrap();
    assert_eq!((bound.bound.len(), bound.added.len(), bound.left.len()), (4, 0, 0), "{bound:?}");
    let table = year_table(&s, 2026, d(2026, 4, 1)).unwrap();
    assert_eq!(table.rows.len(), 6, "exactly this branch's members");
    for row in &table.rows {
        let sent = row.cells.iter().filter(|c| c.status == CellStatus::Submitted).count();
        let i = (0..6).find(|i| member(*i).full_name == row.member.full_name).unwrap();
        assert_eq!(sent, if i < 4 { 2 } else { 0 }, "{}", row.member.full_name);
    }
    assert_eq!(table.held.len(), 6);
    assert!(table.held.iter().all(|h| h.reason == HeldReason::OtherBranch && h.why.contains("NINH BÌNH")));

    // The late list prints before the deadline, with the two who sent nothing only.
    let late = pdf_text(&print::late_list(&s, 2026, d(2026, 2, 1)).unwrap());
    assert!(late.contains(&member(4).full_name) && late.contains(&member(5).full_name), "{late}");
    assert!(!late.contains(&member(1).full_name), "{late}");
    assert!(late.contains("Chưa nộp") && !late.contains("Quá hạn"), "{late}");
    let csv = String::from_utf8(report::csv(&table)).unwrap();
    assert_eq!(csv.lines().count(), 7, "a header and this branch's six: {csv}");

    // Kiểm tra bản in: another branch's file is never vouched for.
    let foreign = camket::verify::verify_bytes(
        &std::fs::read(files.iter().find(|f| f.starts_with(inbox.join("ninh-binh"))).unwrap()).unwrap(),
    )
    .unwrap();
    let found = code::find(&s, &foreign.record.code()).unwrap();
    assert!(found[0].state.contains("KHÔNG phải văn bản của chi bộ này"), "{}", found[0].state);

    // Member 1 writes from a new laptop: held, both keys shown, attached once asked.
    let laptop = camket::demo::key("máy tính mới của đảng viên số 1");
    let newer = unit_file(&Unit::default(), 2026, 1, "ke-hoach", 40, &laptop).unwrap();
    let path = dir.path().join(&newer.file_name);
    std::fs::write(&path, &newer.bytes).unwrap();
    let r = receive_files(&mut s, &[path], |_, _| {}).unwrap();
    assert_eq!(r[0].outcome, Outcome::NewKey);
    let waiting = held::waiting_keys(&s, None).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].member_key.as_deref(), Some(member_key(2026, 1).fingerprint().as_str()));
    assert_eq!(
        held::bind_all(&s, None, camket::dates::today()).unwrap().left.len(),
        1,
        "a second key is decided one by one"
    );
    let one = roster::find(&s, &member(1).full_name).unwrap();
    held::decide(&s, waiting[0].submission_ids[0], Decision::Attach(one.id), camket::dates::today()).unwrap();
    assert_eq!(roster::member(&s, one.id).unwrap().key_fingerprint, Some(laptop.fingerprint()));

    // Refused files stay listed with why, after a restart too.
    held::decide(&s, table.held[0].submission_id, Decision::Refuse, camket::dates::today()).unwrap();
    drop(s);
    let s = Store::open(&dir.path().join("bi-thu.sqlite3")).unwrap();
    let kept = held::held_files(&s, None).unwrap();
    assert_eq!(kept.iter().filter(|h| h.reason == HeldReason::Refused).count(), 1);
    let refused = held::refused_files(&s).unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].file_name, "ảnh chụp.jpg");

    // Taking in another branch's file anyway is the secretary's choice, said plainly.
    let said = held::decide(&s, table.held[1].submission_id, Decision::AddNew, camket::dates::today()).unwrap();
    assert!(said.contains("Lưu ý: tệp ghi là văn bản của CHI BỘ PHÒNG TỔ CHỨC"), "{said}");
}

#[test]
fn settings_handed_out_give_a_branch_key_and_files_without_it_wait() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let settings = hand_out(&s, dir.path());

    // A member of this branch signs before opening the settings, then after.
    let (mut m, id, rev) = filled(&dir.path().join("dang-vien.sqlite3"), "ke-hoach");
    camket::writing::sign(&mut m, id, rev, d(2026, 1, 10), None).unwrap();
    let before = camket::app::branch_copy(&m, id).unwrap();
    camket::branch::settings::accept(&mut m, &settings, None).unwrap();
    let rev = m.save_answer(id, "nhiem_vu", camket::document::Answer::Text("Sửa sau khi nhận thiết lập.".into()), rev);
    let rev = rev.unwrap();
    camket::writing::sign(&mut m, id, rev, d(2026, 1, 12), None).unwrap();
    let after = camket::app::branch_copy(&m, id).unwrap();
    let v = camket::verify::verify_bytes(&after.bytes).unwrap();
    assert_eq!(v.record.branch_key.as_deref(), Some(s.member_key().unwrap().public().as_slice()));

    let inbox = dir.path().join("in");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("truoc.pdf"), &before.bytes).unwrap();
    std::fs::write(inbox.join("sau.pdf"), &after.bytes).unwrap();
    let r = receive_files(&mut s, &pdf_files(&[inbox]).unwrap(), |_, _| {}).unwrap();
    let outcome = |f: &str| r.iter().find(|x| x.file == f).unwrap().outcome;
    assert_eq!(outcome("truoc.pdf"), Outcome::NoBranch);
    assert_eq!(outcome("sau.pdf"), Outcome::NotOnRoster, "this branch's, waiting for its key");
    let bound = held::bind_all(&s, None, camket::dates::today()).unwrap();
    assert_eq!(bound.added.len(), 1);
    let table = year_table(&s, 2026, d(2026, 2, 1)).unwrap();
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].cells[0].status, CellStatus::Submitted);
    assert_eq!(table.held.len(), 1);
    assert!(table.held[0].why.contains("không mang khóa của chi bộ"), "{}", table.held[0].why);
}

#[test]
fn namesakes_are_never_merged_and_mistakes_can_be_undone() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    // Two "Nguyễn Văn Hùng" on the roster, told apart by birth date.
    let hung = member(0);
    let a = roster::add(
        &s,
        &roster::MemberFields { full_name: hung.full_name.clone(), birth_date: hung.birth_date, ..Default::default() },
        camket::dates::today(),
    )
    .unwrap();
    let b = roster::add(
        &s,
        &roster::MemberFields {
            full_name: "NGUYỄN  VĂN HÙNG".into(),
            birth_date: Some(d(1990, 1, 1)),
            ..Default::default()
        },
        camket::dates::today(),
    )
    .unwrap();
    assert_eq!(roster::member(&s, b).unwrap().full_name, hung.full_name);
    let f = unit_file(&Unit::default(), 2026, 0, "ke-hoach", 10, &member_key(2026, 0)).unwrap();
    let path = dir.path().join(&f.file_name);
    std::fs::write(&path, &f.bytes).unwrap();
    let r = receive_files(&mut s, &[path], |_, _| {}).unwrap();
    assert_eq!(r[0].outcome, Outcome::NewKey);
    let waiting = held::waiting_keys(&s, None).unwrap();
    assert_eq!(waiting[0].member_id, Some(a), "the birth date decides between namesakes");

    // A member added by mistake from the file, then merged into the right one.
    let extra = held::add_as_member(&s, waiting[0].submission_ids[0], camket::dates::today());
    assert!(extra.is_err(), "the same name and birth date is already on the roster");
    let why = held::decide(&s, waiting[0].submission_ids[0], Decision::Attach(b), camket::dates::today())
        .unwrap_err()
        .to_string();
    assert!(why.contains("có thể là người khác trùng tên"), "{why}");
    let c = roster::add(
        &s,
        &roster::MemberFields { full_name: hung.full_name.clone(), ..Default::default() },
        camket::dates::today(),
    )
    .unwrap();
    held::decide(&s, waiting[0].submission_ids[0], Decision::Attach(c), camket::dates::today()).unwrap();
    roster::merge(&s, c, a).unwrap();
    let table = year_table(&s, 2026, d(2026, 2, 1)).unwrap();
    assert_eq!(table.rows.len(), 2, "the two namesakes; the one made by mistake merged");
    let row_a = table.rows.iter().find(|r| r.member.id == a).unwrap();
    assert_eq!(row_a.cells[0].status, CellStatus::Submitted, "the file moved with the merge");
    assert_eq!(row_a.member.key_fingerprint, Some(member_key(2026, 0).fingerprint()), "and its key");

    // Removing the member sends the file back to the held ones; a confirmed one cannot be removed.
    roster::remove(&s, a).unwrap();
    assert_eq!(held::held_files(&s, None).unwrap().len(), 1);
    let c = roster::add(
        &s,
        &roster::MemberFields { full_name: hung.full_name.clone(), birth_date: hung.birth_date, ..Default::default() },
        camket::dates::today(),
    )
    .unwrap();
    let waiting = held::waiting_keys(&s, None).unwrap();
    assert_eq!(waiting[0].member_id, Some(c), "matched again at once when the roster changed");
    held::bind(&s, c, &waiting[0].key_fingerprint.to_lowercase()).unwrap();
    let table = year_table(&s, 2026, d(2026, 2, 1)).unwrap();
    let id = table.rows.iter().find(|r| r.member.id == c).unwrap().cells[0].submission_id.unwrap();
    camket::branch::confirm::confirm(&s, id, "", d(2026, 2, 2), None).unwrap();
    let refused = roster::remove(&s, c).unwrap_err().to_string();
    assert!(refused.contains("đã xác nhận"), "{refused}");
}

#[test]
fn a_file_received_at_half_past_six_in_hanoi_is_dated_that_day() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let f = unit_file(&Unit::default(), 2026, 0, "ke-hoach", 10, &member_key(2026, 0)).unwrap();
    let path = dir.path().join(&f.file_name);
    std::fs::write(&path, &f.bytes).unwrap();
    receive_files(&mut s, &[path], |_, _| {}).unwrap();
    held::bind_all(&s, None, camket::dates::today()).unwrap();
    // 06:30 on 10 March in Hà Nội is 23:30 on 9 March in UTC, as the store keeps it.
    s.conn().execute("UPDATE submissions SET received_at = '2026-03-09T23:30:00.000Z'", []).unwrap();
    let table = year_table(&s, 2026, d(2026, 3, 10)).unwrap();
    let cover = print::cover(&s, &table, d(2026, 3, 10)).unwrap();
    let camket::document::Answer::Rows(rows) = &cover.answers["bang"] else { panic!("the list's table") };
    assert!(rows[0]["ke-hoach"].starts_with("10/03/2026"), "{:?}", rows[0]);
    let csv = String::from_utf8(report::csv(&table)).unwrap();
    assert!(csv.contains("10/03/2026"), "{csv}");
}

#[test]
fn a_returned_document_reaches_the_member_with_what_to_fix() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let settings = hand_out(&s, dir.path());
    let (mut m, id, rev) = filled(&dir.path().join("dang-vien.sqlite3"), "ke-hoach");
    camket::branch::settings::accept(&mut m, &settings, None).unwrap();
    let rev = m.save_answer(id, "nhiem_vu", camket::document::Answer::Text("Làm tốt việc được giao.".into()), rev);
    camket::writing::sign(&mut m, id, rev.unwrap(), d(2026, 1, 12), None).unwrap();
    let sent = camket::app::branch_copy(&m, id).unwrap();
    let path = dir.path().join(&sent.file_name);
    std::fs::write(&path, &sent.bytes).unwrap();
    receive_files(&mut s, &[path], |_, _| {}).unwrap();
    held::bind_all(&s, None, camket::dates::today()).unwrap();
    let table = year_table(&s, 2026, d(2026, 2, 1)).unwrap();
    let submission = table.rows[0].cells[0].submission_id.unwrap();

    // Without a note it is refused in words; with one, the notice is signed.
    let why = camket::branch::confirm::return_for_changes(&s, submission, "  ").unwrap_err().to_string();
    assert!(why.contains("Hãy ghi rõ cần sửa gì"), "{why}");
    camket::branch::confirm::return_for_changes(&s, submission, "Mục 2 còn chung chung, ghi rõ việc cụ thể.").unwrap();
    let notice = camket::branch::confirm::return_notice(&s, submission).unwrap();
    assert!(notice.file_name.ends_with("-tra-lai.json"), "{}", notice.file_name);
    let file = dir.path().join(&notice.file_name);
    std::fs::write(&file, &notice.bytes).unwrap();
    let line = camket::app::import_from_branch(&m, &file).unwrap();
    assert!(line.starts_with("Chi bộ trả lại để sửa ngày"), "{line}");
    assert!(line.ends_with("Mục 2 còn chung chung, ghi rõ việc cụ thể."), "{line}");
    let board = camket::app::year_board(&m, 2026, d(2026, 2, 2)).unwrap();
    let plan = board.entries.iter().find(|e| e.kind == "ke-hoach").unwrap();
    assert_eq!(plan.returned.as_deref(), Some(line.as_str()));

    // An altered notice, or one signed by a key the member never accepted, is refused.
    let altered = String::from_utf8(notice.bytes.clone()).unwrap().replace("Mục 2", "Mục 3");
    std::fs::write(&file, altered).unwrap();
    let why = camket::app::import_from_branch(&m, &file).unwrap_err().to_string();
    assert!(why.contains("đã bị sửa sau khi bí thư ký"), "{why}");
    // Someone with a key of their own signs a notice for the same version.
    let impostor = camket::demo::key("không phải bí thư");
    let mut forged: serde_json::Value = serde_json::from_slice(&notice.bytes).unwrap();
    let map = forged.as_object_mut().unwrap();
    map.remove("signature");
    map.insert("public_key".into(), camket::record::hex(&impostor.public()).into());
    let signature = camket::record::hex(&impostor.sign(&camket::record::canonical(&forged)));
    forged["signature"] = signature.into();
    std::fs::write(&file, camket::record::canonical(&forged)).unwrap();
    let why = camket::app::import_from_branch(&m, &file).unwrap_err().to_string();
    assert!(why.contains("không phải khóa bí thư"), "{why}");
}

#[test]
fn a_secretary_without_the_branchs_names_is_told_before_any_file_goes_in() {
    let dir = temp_dir();
    let mut s = Store::open(&dir.path().join("moi.sqlite3")).unwrap();
    let f = unit_file(&Unit::default(), 2026, 0, "ke-hoach", 10, &member_key(2026, 0)).unwrap();
    let path = dir.path().join(&f.file_name);
    std::fs::write(&path, &f.bytes).unwrap();
    let why = receive_files(&mut s, &[path], |_, _| {}).unwrap_err().to_string();
    assert!(why.contains("Hãy nhập tên chi bộ và đảng bộ cấp trên trong Hồ sơ"), "{why}");
    let none: i64 = s.conn().query_row("SELECT count(*) FROM submissions", [], |r| r.get(0)).unwrap();
    assert_eq!(none, 0);
}

/// A plan signed by `key` with `profile`, sealed as a member sends it.
fn signed_by(dir: &Path, name: &str, profile: camket::profile::Profile, key: &MemberKey) -> std::path::PathBuf {
    let mut content = camket::demo::plan(2026);
    content.profile = profile;
    let bytes = camket::record::write(&camket::record::NewRecord {
        kind: "ke-hoach",
        revision: 3,
        signed_at: "2026-02-10T01:00:00.000Z",
        content: &content,
        signature_png: None,
        public_key: &key.public(),
        branch_key: None,
        certificate: None,
    })
    .unwrap();
    let record = camket::record::read(&bytes).unwrap();
    let pdf = camket::seal::signed_pdf(&record, &key.sign(&bytes), None, key).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

#[test]
fn binding_every_key_leaves_what_needs_a_choice_and_never_takes_another_branch() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    // "Nguyễn Ngọc Nga" on the roster without a birth date; two people of
    // that name send files with their own keys and birth dates.
    let nga = member(3);
    roster::add(
        &s,
        &roster::MemberFields { full_name: nga.full_name.clone(), ..Default::default() },
        camket::dates::today(),
    )
    .unwrap();
    let older = camket::profile::Profile { birth_date: Some(d(1970, 1, 1)), ..nga.clone() };
    let younger = camket::profile::Profile { birth_date: Some(d(1990, 1, 1)), ..nga.clone() };
    // Someone whose profile cannot go on the roster (born 1850).
    let odd =
        camket::profile::Profile { full_name: "Hà Văn Cổ".into(), birth_date: Some(d(1850, 1, 1)), ..member(5) };
    let files = [
        signed_by(dir.path(), "a.pdf", older, &camket::demo::key("nga 1970")),
        signed_by(dir.path(), "b.pdf", younger, &camket::demo::key("nga 1990")),
        signed_by(dir.path(), "c.pdf", odd, &camket::demo::key("cổ")),
        signed_by(dir.path(), "d.pdf", member(6), &camket::demo::key("sáu")),
    ];
    receive_files(&mut s, &files, |_, _| {}).unwrap();
    // A file of another branch held as "not on the roster" by a release
    // before branches had an identity.
    let other = unit_file(&ninh_binh(), 2026, 7, "ke-hoach", 10, &ninh_binh().key(2026, 7)).unwrap();
    let other_path = dir.path().join(&other.file_name);
    std::fs::write(&other_path, &other.bytes).unwrap();
    receive_files(&mut s, &[other_path], |_, _| {}).unwrap();
    s.conn().execute("UPDATE submissions SET held = 'ngoai-danh-sach' WHERE held = 'chi-bo-khac'", []).unwrap();

    let bound = held::bind_all(&s, Some(2026), camket::dates::today()).unwrap();
    assert_eq!(bound.added, [format!("{} (khóa {})", member(6).full_name, camket::demo::key("sáu").fingerprint())]);
    assert!(bound.bound.is_empty(), "neither Nga is bound by chance: {bound:?}");
    assert_eq!(bound.left.iter().filter(|l| l.contains("2 khóa khác nhau cùng chỉ đến")).count(), 2, "{bound:?}");
    assert!(bound.left.iter().any(|l| l.contains("Hà Văn Cổ") && l.contains("Ngày sinh không hợp lý")), "{bound:?}");
    assert_eq!(roster::members(&s).unwrap().len(), 2, "Nga and the member added; nobody of the other branch");
    let other_held = held::held_files(&s, None).unwrap();
    assert!(other_held.iter().any(|h| h.reason == HeldReason::OtherBranch), "judged again: {other_held:?}");

    // Namesakes are told apart by their number on the command line.
    let by_number = roster::find(&s, &format!("số {}", roster::find(&s, &nga.full_name).unwrap().id)).unwrap();
    assert_eq!(by_number.full_name, nga.full_name);
}

#[test]
fn the_secretarys_own_files_and_a_new_secretarys_members_are_not_another_branch() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    hand_out(&s, dir.path());
    // The secretary signs her own plan in her own database, after the settings.
    let own = camket::writing::document(&mut s, 2026, "ke-hoach").unwrap();
    let mut rev = 0;
    for (section, answer) in camket::demo::plan(2026).answers {
        rev = s.save_answer(own, &section, answer, rev).unwrap();
    }
    camket::writing::sign(&mut s, own, rev, d(2026, 1, 20), None).unwrap();
    let mine = camket::app::branch_copy(&s, own).unwrap();
    // A member who accepted the settings of the branch's previous secretary.
    let old_secretary = Store::open(&dir.path().join("bi-thu-cu.sqlite3")).unwrap();
    old_secretary.save_profile(&member(0)).unwrap();
    let old_settings = camket::branch::settings::make(&old_secretary, 2026, &[], d(2026, 1, 2)).unwrap();
    let (mut m, id, rev) = filled(&dir.path().join("dang-vien.sqlite3"), "ke-hoach");
    camket::branch::settings::accept(&mut m, &old_settings, None).unwrap();
    let rev = m.save_answer(id, "nhiem_vu", camket::document::Answer::Text("Làm tốt việc được giao.".into()), rev);
    camket::writing::sign(&mut m, id, rev.unwrap(), d(2026, 1, 21), None).unwrap();
    let theirs = camket::app::branch_copy(&m, id).unwrap();

    let inbox = dir.path().join("in");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("cua-bi-thu.pdf"), &mine.bytes).unwrap();
    std::fs::write(inbox.join("khoa-cu.pdf"), &theirs.bytes).unwrap();
    let r = receive_files(&mut s, &pdf_files(&[inbox]).unwrap(), |_, _| {}).unwrap();
    let outcome = |f: &str| r.iter().find(|x| x.file == f).unwrap().clone();
    assert_eq!(outcome("cua-bi-thu.pdf").outcome, Outcome::NotOnRoster, "this branch's, waiting for her on the roster");
    let old_key = old_secretary.member_key().unwrap().fingerprint();
    let msg = outcome("khoa-cu.pdf").message;
    assert_eq!(outcome("khoa-cu.pdf").outcome, Outcome::NoBranch, "{msg}");
    assert!(msg.contains(&format!("mang khóa chi bộ {old_key}")) && !msg.contains("không phải chi bộ này"), "{msg}");
}

#[test]
fn a_file_sent_again_leaves_the_list_of_files_not_taken_in() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let f = unit_file(&Unit::default(), 2026, 0, "ke-hoach", 10, &member_key(2026, 0)).unwrap();
    let path = dir.path().join(&f.file_name);
    std::fs::write(&path, &f.bytes[..f.bytes.len() / 2]).unwrap();
    receive_files(&mut s, std::slice::from_ref(&path), |_, _| {}).unwrap();
    assert_eq!(held::refused_files(&s).unwrap().len(), 1);
    std::fs::write(&path, &f.bytes).unwrap();
    receive_files(&mut s, &[path], |_, _| {}).unwrap();
    assert!(held::refused_files(&s).unwrap().is_empty());
}

#[test]
fn a_row_sent_twice_from_the_screen_adds_one_member() {
    let dir = temp_dir();
    let s = secretary(dir.path());
    let row = sheet::SheetRow {
        line: 2,
        full_name: "Lê Thị Hòa".into(),
        birth_date: Some(d(1980, 5, 8)),
        party_position: String::new(),
        government_position: String::new(),
        problem: None,
    };
    assert_eq!(sheet::add(&s, &[row.clone(), sheet::SheetRow { line: 3, ..row }], camket::dates::today()).unwrap(), 1);
    assert_eq!(roster::members(&s).unwrap().len(), 1);
}

#[test]
fn a_sheet_names_a_namesake_it_cannot_tell_apart_and_a_name_that_is_not_a_name() {
    let dir = temp_dir();
    let s = secretary(dir.path());
    let csv = dir.path().join("ds.csv");
    std::fs::write(
        &csv,
        "Họ và tên,Ngày sinh\r\nNgô Văn Tư,01/01/1980\r\nngô văn tư,\r\nNGÔ VĂN TƯ,02/02/1982\r\n=1+1,\r\nHồ Thị 😀 Mai,\r\n",
    )
    .unwrap();
    let rows = sheet::check(&s, &sheet::read(&csv, camket::dates::today()).unwrap()).unwrap();
    let problems: Vec<Option<&str>> = rows.iter().map(|r| r.problem.as_deref()).collect();
    assert_eq!(problems[0], None);
    assert_eq!(problems[1], Some("trùng tên với dòng 2, thiếu ngày sinh để phân biệt hai người"));
    assert_eq!(problems[2], None, "another birth date: another person");
    assert!(problems[3].unwrap().contains("Họ và tên chỉ gồm chữ cái"), "{problems:?}");
    assert!(problems[4].unwrap().contains("emoji"), "{problems:?}");
    assert_eq!(sheet::add(&s, &rows, camket::dates::today()).unwrap(), 2);
}

#[test]
fn a_file_is_attached_to_a_member_only_when_the_birth_dates_agree() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let hanh = member(1);
    let id = roster::add(
        &s,
        &roster::MemberFields {
            full_name: hanh.full_name.clone(),
            birth_date: Some(d(1997, 4, 28)),
            ..Default::default()
        },
        camket::dates::today(),
    )
    .unwrap();
    let f = unit_file(&Unit::default(), 2026, 1, "ke-hoach", 10, &member_key(2026, 1)).unwrap();
    let path = dir.path().join(&f.file_name);
    std::fs::write(&path, &f.bytes).unwrap();
    receive_files(&mut s, std::slice::from_ref(&path), |_, _| {}).unwrap();
    let held = held::held_files(&s, None).unwrap();
    let why =
        held::decide(&s, held[0].submission_id, Decision::Attach(id), camket::dates::today()).unwrap_err().to_string();
    assert!(why.contains("khác ngày sinh 28/04/1997"), "{why}");
    // Sent again while held: still held, and said so.
    let again = receive_files(&mut s, &[path], |_, _| {}).unwrap();
    assert_eq!(again[0].outcome, Outcome::NotOnRoster);
    assert!(again[0].message.contains("vẫn đang được giữ lại"), "{}", again[0].message);
}

#[test]
fn a_spreadsheet_past_the_limits_is_refused_in_words_without_taking_the_memory() {
    let dir = temp_dir();
    let refused =
        |path: &Path| sheet::read(path, camket::dates::today()).err().map(|e| e.to_string()).unwrap_or_default();
    let book = |name: &str, fill: &dyn Fn(&mut rust_xlsxwriter::Worksheet)| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Họ và tên").unwrap();
        sheet.write_string(1, 0, "Lê Văn An").unwrap();
        fill(sheet);
        let path = dir.path().join(name);
        book.save(&path).unwrap();
        path
    };
    // One cell at the last cell a sheet has (asked calamine for 512 GiB).
    let far = book("o-xa.xlsx", &|s| {
        s.write_string(1_048_575, 16_383, "x").unwrap();
    });
    assert!(std::fs::metadata(&far).unwrap().len() < 10_000);
    let why = refused(&far);
    assert!(why.contains("có dữ liệu ở dòng 1048576") && why.starts_with("Bảng tính quá lớn"), "{why}");
    let wide = book("cot-xa.xlsx", &|s| {
        s.write_string(3, 200, "x").unwrap();
    });
    assert!(refused(&wide).contains("có dữ liệu ở cột thứ 201"), "{}", refused(&wide));
    let long = book("o-dai.xlsx", &|s| {
        s.write_string(2, 1, "a".repeat(1_500)).unwrap();
    });
    assert!(refused(&long).contains("ô ở dòng 3, cột thứ 2 dài quá"), "{}", refused(&long));
    // A small file whose part inflates to 60 MB: measured, never trusted.
    let bomb = dir.path().join("bom.xlsx");
    {
        let plain = std::fs::read(book("thuong.xlsx", &|_| {})).unwrap();
        let mut from = zip::ZipArchive::new(std::io::Cursor::new(plain)).unwrap();
        let mut to = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
        for i in 0..from.len() {
            to.raw_copy_file(from.by_index_raw(i).unwrap()).unwrap();
        }
        to.start_file("xl/media/anh.bin", zip::write::SimpleFileOptions::default()).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..60 {
            std::io::Write::write_all(&mut to, &zeros).unwrap();
        }
        to.finish().unwrap();
    }
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1_000_000);
    assert!(refused(&bomb).contains("nội dung giải nén quá lớn"), "{}", refused(&bomb));
    // A CSV of 25,000 rows.
    let many = dir.path().join("dai.csv");
    let mut text = String::from("Họ và tên,Ngày sinh\n");
    for i in 0..25_000 {
        text.push_str(&format!("Người Thứ {i},01/01/1980\n"));
    }
    std::fs::write(&many, text).unwrap();
    assert!(refused(&many).contains("có dữ liệu ở dòng 20001"), "{}", refused(&many));
    // Within the limits, the same reader still reads a roster.
    let fine = book("tot.xlsx", &|_| {});
    assert_eq!(sheet::read(&fine, camket::dates::today()).unwrap()[0].full_name, "Lê Văn An");
}

#[test]
fn a_signed_file_whose_name_is_not_a_persons_is_refused_by_the_branch() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let key = camket::demo::key("chữ Hy Lạp");
    let mut lookalike = member(1);
    lookalike.full_name = "Vũ Văn L\u{03BF}ng".into();
    let path = signed_by(dir.path(), "gia-ten.pdf", lookalike, &key);
    let r = receive_files(&mut s, &[path], |_, _| {}).unwrap();
    assert_eq!(r[0].outcome, Outcome::Refused);
    assert!(
        r[0].message.contains("họ và tên trong văn bản không phải tên người") && r[0].message.contains("chữ Hy Lạp"),
        "{}",
        r[0].message
    );
    assert!(roster::members(&s).unwrap().iter().all(|m| !m.full_name.contains('\u{03BF}')));
}

#[test]
fn a_name_of_four_thousand_letters_is_refused_and_file_names_stay_short() {
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let mut long = member(1);
    long.full_name = "Nguyễn ".repeat(570).trim().to_string();
    assert!(long.full_name.chars().count() > 3_900);
    let key = camket::demo::key("tên dài");
    let path = signed_by(dir.path(), "ten-dai.pdf", long, &key);
    let record = camket::verify::verify_file(&path).unwrap().record;
    assert!(record.file_name().len() < 100, "{}", record.file_name());
    let r = receive_files(&mut s, &[path], |_, _| {}).unwrap();
    assert_eq!(r[0].outcome, Outcome::Refused);
    assert!(r[0].message.contains("tên một người không quá 100 ký tự"), "{}", r[0].message);
}

/// An .ods holding `rows` (the XML of its table rows).
fn ods(path: &Path, rows: &str) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.start_file("META-INF/manifest.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.finish().unwrap();
}

#[test]
fn an_ods_whose_repeated_cells_would_spread_into_billions_is_refused() {
    let dir = temp_dir();
    let cell = |text: &str| {
        format!(r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#)
    };
    let fine = dir.path().join("tot.ods");
    ods(
        &fine,
        &format!(
            "<table:table-row>{}</table:table-row><table:table-row>{}</table:table-row>",
            cell("Họ và tên"),
            cell("Lê Văn An")
        ),
    );
    assert_eq!(sheet::read(&fine, camket::dates::today()).unwrap()[0].full_name, "Lê Văn An");
    // A few kilobytes: 100,000 rows of a value repeated across 16,384 columns.
    let bomb = dir.path().join("bom.ods");
    let row = r#"<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#;
    ods(&bomb, &format!("<table:table-row>{}</table:table-row>{row}", cell("Họ và tên")));
    assert!(std::fs::metadata(&bomb).unwrap().len() < 5_000);
    let why = sheet::read(&bomb, camket::dates::today()).unwrap_err().to_string();
    assert!(why.starts_with("Bảng tính quá lớn") && why.contains("lặp lại"), "{why}");
    // The same however the attributes are quoted or spaced, with a value but
    // no value type, and a text of a billion spaces.
    for row in [
        r#"<table:table-row table:number-rows-repeated = '200000'><table:table-cell table:number-columns-repeated = '100' office:value-type='float' office:value='1'/></table:table-row>"#,
        r#"<table:table-row table:number-rows-repeated="200000"><table:table-cell table:number-columns-repeated="100" office:value="1"/></table:table-row>"#,
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row>"#,
    ] {
        ods(&bomb, &format!("<table:table-row>{}</table:table-row>{row}", cell("Họ và tên")));
        let why = sheet::read(&bomb, camket::dates::today()).unwrap_err().to_string();
        assert!(why.starts_with("Bảng tính quá lớn"), "{row}: {why}");
    }
}
