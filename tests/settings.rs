//! "Thiết lập của chi bộ": the secretary's signed settings file, previewed and
//! accepted by a member; that year's unsigned documents take its templates.

mod common;

use camket::branch::settings;
use camket::branch::status::set_deadline;
use camket::demo::branch::member;
use camket::store::Store;
use camket::template::shipped;

use chrono::NaiveDate;
use common::*;
use std::path::Path;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn secretary(path: &Path) -> Store {
    let s = Store::open(path).unwrap();
    let mut p = member(0);
    p.place = "Nam Định".into();
    p.party_committee = "Đảng bộ Sở Tài chính tỉnh Nam Định".into();
    p.branch = "Chi bộ Phòng Quản lý ngân sách".into();
    s.save_profile(&p).unwrap();
    s
}

/// The default template of `kind` as a unit would edit it: its own id, name
/// and first title line.
fn unit_template(kind: &str) -> String {
    let (source, id, title) = match kind {
        "cam-ket" => (include_str!("../templates/documents/cam-ket.toml"), "cam-ket-mac-dinh", "\"BẢN CAM KẾT\", \"TU"),
        _ => (include_str!("../templates/documents/ke-hoach.toml"), "ke-hoach-mac-dinh", "\"KẾ HOẠCH CÁ NHÂN\","),
    };
    let default_name = format!("name = \"{} (mẫu mặc định)\"", shipped(kind).unwrap().label);
    let out = source
        .replacen(&format!("id = \"{id}\""), &format!("id = \"{}-so-tai-chinh\"", kind), 1)
        .replacen(&default_name, &format!("name = \"{} (mẫu của Sở Tài chính)\"", shipped(kind).unwrap().label), 1)
        .replacen(title, &title.replacen("\",", " CỦA ĐẢNG VIÊN\",", 1), 1);
    assert!(out.contains("CỦA ĐẢNG VIÊN\"") && out.contains("Sở Tài chính"), "{out}");
    out
}

#[test]
fn a_member_previews_and_accepts_the_settings_and_that_years_documents_use_its_templates() {
    let dir = temp_dir();
    let s = secretary(&dir.path().join("bi-thu.sqlite3"));
    set_deadline(&s, 2026, Some(d(2026, 3, 31))).unwrap();
    let file = settings::make(&s, 2026, &[unit_template("ke-hoach"), unit_template("cam-ket")], d(2026, 1, 5)).unwrap();
    assert_eq!(settings::file_name(2026), "thiet-lap-chi-bo-2026.json");

    // The member has signed the commitment already; the plan is not started.
    let path = dir.path().join("dang-vien.sqlite3");
    let (mut m, commitment, rev) = filled(&path, "cam-ket");
    camket::writing::sign(&mut m, commitment, rev, d(2026, 1, 2), None).unwrap();
    let before = m.profile().unwrap();

    let read = settings::read(&file).unwrap();
    let preview = settings::preview(&m, &read).unwrap();
    let secretary_name = member(0).full_name;
    assert!(preview.issued_by.starts_with(&secretary_name), "{}", preview.issued_by);
    assert!(preview.issued_by.ends_with("ký ngày 05/01/2026"), "{}", preview.issued_by);
    assert_eq!(preview.key_fingerprint, s.member_key().unwrap().fingerprint());
    assert_eq!(preview.key, settings::IssuerKey::First, "the first file: compare the fingerprint in person");
    let changes: Vec<(String, String, String)> =
        preview.changes.iter().map(|c| (c.label.clone(), c.before.clone(), c.after.clone())).collect();
    assert_eq!(
        changes,
        vec![
            ("Đảng bộ".into(), before.party_committee.clone(), "Đảng bộ Sở Tài chính tỉnh Nam Định".into()),
            ("Chi bộ".into(), before.branch.clone(), "Chi bộ Phòng Quản lý ngân sách".into()),
            ("Địa danh ở dòng ngày tháng".into(), before.place.clone(), "Nam Định".into()),
            ("Hạn nộp năm 2026".into(), "chưa có".into(), "31/03/2026".into()),
            (
                "Mẫu kế hoạch cá nhân năm 2026".into(),
                "Kế hoạch cá nhân (mẫu mặc định)".into(),
                "Kế hoạch cá nhân (mẫu của Sở Tài chính)".into()
            ),
            (
                "Mẫu kế hoạch cá nhân năm 2026 — Tiêu đề".into(),
                "KẾ HOẠCH CÁ NHÂN / Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026".into(),
                "KẾ HOẠCH CÁ NHÂN CỦA ĐẢNG VIÊN / Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026"
                    .into()
            ),
        ]
    );
    assert_eq!(preview.notes.len(), 1, "{:?}", preview.notes);
    assert!(preview.notes[0].starts_with("Bản cam kết năm 2026 đã ký nên giữ mẫu"), "{:?}", preview.notes);
    // Looking changes nothing.
    assert_eq!(m.profile().unwrap(), before);

    camket::app::accept_settings(&mut m, &file, None).unwrap();
    let after = m.profile().unwrap();
    assert_eq!(after.branch, "Chi bộ Phòng Quản lý ngân sách");
    assert_eq!(after.place, "Nam Định");
    assert_eq!(after.full_name, before.full_name, "the member's own fields are untouched");
    let plan = camket::app::open_document(&mut m, 2026, "ke-hoach", d(2026, 1, 6)).unwrap();
    assert_eq!(plan.template.name, "Kế hoạch cá nhân (mẫu của Sở Tài chính)");
    assert_eq!(
        m.template_of(commitment).unwrap().name,
        "Bản cam kết (mẫu mặc định)",
        "a signed document keeps its own"
    );
    let pdf = camket::app::pdf(&m, plan.id, false, d(2026, 1, 6)).unwrap();
    let text = pdf_text(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("KẾ HOẠCH CÁ NHÂN CỦA ĐẢNG VIÊN"), "{text}");
    assert!(text.contains("CHI BỘ PHÒNG QUẢN LÝ NGÂN SÁCH"), "{text}");
    let board = camket::app::year_board(&m, 2026, d(2026, 1, 10)).unwrap();
    assert_eq!(board.deadline, Some(d(2026, 3, 31)));
    assert!(board.settings_issued_by.unwrap().starts_with(&secretary_name));
    // Other years are not touched.
    let next = camket::app::open_document(&mut m, 2027, "ke-hoach", d(2026, 12, 1)).unwrap();
    assert_eq!(next.template.name, "Kế hoạch cá nhân (mẫu mặc định)");
}

#[test]
fn an_altered_or_newer_or_foreign_file_is_refused_and_changes_nothing() {
    let dir = temp_dir();
    let s = secretary(&dir.path().join("bi-thu.sqlite3"));
    let file = settings::make(&s, 2026, &[], d(2026, 1, 5)).unwrap();
    let (mut m, _, _) = filled(&dir.path().join("dang-vien.sqlite3"), "ke-hoach");
    let before = m.profile().unwrap();

    let text = String::from_utf8(file.clone()).unwrap();
    let altered = text.replace("Nam Định", "Nam Hà");
    assert_ne!(altered, text);
    let err = camket::app::accept_settings(&mut m, altered.as_bytes(), None).unwrap_err();
    assert!(err.to_string().contains("Chữ ký số của tệp thiết lập không khớp"), "{err}");
    let newer = text.replacen("\"version\":1", "\"version\":2", 1);
    let err = camket::app::accept_settings(&mut m, newer.as_bytes(), None).unwrap_err();
    assert!(err.to_string().contains("phiên bản Cam Kết mới hơn"), "{err}");
    for garbage in [&b""[..], b"{}", b"%PDF-1.7"] {
        let err = camket::app::accept_settings(&mut m, garbage, None).unwrap_err();
        assert!(err.to_string().contains("không phải tệp thiết lập của chi bộ"), "{err}");
    }
    let err = camket::app::accept_settings(&mut m, &vec![b' '; 2 << 20], None).unwrap_err();
    assert_eq!(err.to_string(), "Tệp thiết lập lớn quá 1024 KB; hãy dùng mẫu gọn hơn.");
    assert_eq!(m.profile().unwrap(), before);
    let rows: i64 = m.conn().query_row("SELECT count(*) FROM branch_settings", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 0);

    // A template with a mistake never leaves the secretary's computer.
    let broken = unit_template("ke-hoach").replace("first_year = 2024", "first_year = \"sớm\"");
    let err = settings::make(&s, 2026, &[broken], d(2026, 1, 5)).unwrap_err();
    assert!(err.to_string().contains("dòng"), "the line is named: {err}");
    let err =
        settings::make(&s, 2026, &[unit_template("ke-hoach"), unit_template("ke-hoach")], d(2026, 1, 5)).unwrap_err();
    assert!(err.to_string().contains("Có hai mẫu"), "{err}");
    // Nor a file without the header names.
    let empty = Store::open(&dir.path().join("trong.sqlite3")).unwrap();
    let err = settings::make(&empty, 2026, &[], d(2026, 1, 5)).unwrap_err();
    assert!(err.to_string().contains("họ và tên, đảng bộ, chi bộ, địa danh"), "{err}");
}

#[test]
fn a_later_file_signed_by_another_key_is_pointed_out() {
    let dir = temp_dir();
    let first = secretary(&dir.path().join("a.sqlite3"));
    let other = secretary(&dir.path().join("b.sqlite3"));
    let (mut m, _, _) = filled(&dir.path().join("dang-vien.sqlite3"), "ke-hoach");
    camket::app::accept_settings(&mut m, &settings::make(&first, 2026, &[], d(2026, 1, 5)).unwrap(), None).unwrap();
    let same = settings::read(&settings::make(&first, 2027, &[], d(2026, 12, 5)).unwrap()).unwrap();
    assert_eq!(settings::preview(&m, &same).unwrap().key, settings::IssuerKey::Known);
    // A stranger's file that puts a heading of its own into the member's plan.
    let hostile = include_str!("../templates/documents/ke-hoach.toml").replacen(
        "III. TỔ CHỨC THỰC HIỆN",
        "III. TÔI TỰ NGUYỆN XIN RA KHỎI ĐẢNG",
        1,
    );
    let file = settings::make(&other, 2027, &[hostile], d(2026, 12, 5)).unwrap();
    let preview = settings::preview(&m, &settings::read(&file).unwrap()).unwrap();
    assert_eq!(preview.key, settings::IssuerKey::Other);
    let (old_key, new_key) = (first.member_key().unwrap().fingerprint(), other.member_key().unwrap().fingerprint());
    assert_eq!(preview.known_keys, vec![old_key.clone()]);
    assert!(
        preview.changes.iter().any(|c| c.before == "III. TỔ CHỨC THỰC HIỆN"
            && c.after == "III. TÔI TỰ NGUYỆN XIN RA KHỎI ĐẢNG"
            && c.label.starts_with("Mẫu kế hoạch cá nhân năm 2027 — Tiêu đề mục")),
        "{:?}",
        preview.changes
    );
    // Accepting it needs the new key confirmed by its fingerprint, separately.
    for confirmed in [None, Some("ABCD-EFGH")] {
        let err = camket::app::accept_settings(&mut m, &file, confirmed).unwrap_err().to_string();
        assert!(
            err.contains(&format!("do khóa {new_key} ký, không phải khóa bí thư đồng chí đã nhận ({old_key})")),
            "{err}"
        );
    }
    assert_eq!(settings::accepted(&m, 2027).unwrap().map(|a| a.issued_by), None, "nothing applied");
    // The command line warns loudly and applies nothing without --new-key.
    let db = dir.path().join("dang-vien.sqlite3");
    let path = dir.path().join("thiet-lap-la.json");
    std::fs::write(&path, &file).unwrap();
    drop(m);
    let run = |extra: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_camket"));
        cmd.arg("settings").arg("--db").arg(&db).arg(&path).arg("--accept").args(extra);
        let out = cmd.output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, said, err) = run(&[]);
    assert!(
        !ok && said.contains("CẢNH BÁO") && said.contains(&old_key) && err.contains("Chưa thay đổi gì"),
        "{said}{err}"
    );
    assert!(said.contains("“III. TỔ CHỨC THỰC HIỆN” → “III. TÔI TỰ NGUYỆN XIN RA KHỎI ĐẢNG”"), "{said}");
    let (ok, said, err) = run(&["--new-key", &new_key]);
    assert!(ok && said.contains("Đã áp dụng thiết lập của chi bộ năm 2027"), "{said}{err}");
}

#[test]
fn other_wording_under_the_same_template_name_is_shown_and_an_open_draft_moves_to_a_new_revision() {
    let dir = temp_dir();
    let s = secretary(&dir.path().join("bi-thu.sqlite3"));
    // The shipped commitment template with one sentence changed, its name kept.
    let reworded =
        include_str!("../templates/documents/cam-ket.toml").replacen("Tôi đã tự soi", "Tôi đã nghiêm túc tự soi", 1);
    let file = settings::make(&s, 2026, &[reworded], d(2026, 1, 5)).unwrap();
    let (mut m, commitment, rev) = filled(&dir.path().join("dang-vien.sqlite3"), "cam-ket");
    let preview = settings::preview(&m, &settings::read(&file).unwrap()).unwrap();
    let change = preview
        .changes
        .iter()
        .find(|c| c.label.starts_with("Mẫu bản cam kết năm 2026 — Câu in sẵn ở mục"))
        .expect("the changed sentence is shown");
    assert!(
        change.before.starts_with("Tôi đã tự soi") && change.after.starts_with("Tôi đã nghiêm túc tự soi"),
        "{change:?}"
    );
    camket::app::accept_settings(&mut m, &file, None).unwrap();
    assert_eq!(m.info(commitment).unwrap().revision, rev + 1, "accepting is an edit of the draft");
    assert!(m.template_of(commitment).unwrap().section("tu_soi").unwrap().text.contains("nghiêm túc tự soi"));
    let stale = m.save_answer(commitment, "tu_tuong", camket::document::Answer::Text("Sửa".into()), rev);
    assert!(matches!(stale, Err(camket::Error::Conflict { .. })), "an editor open before is told");
}
