//! The regulations a document cites are those in force for its year
//! (reference-2027.md): QĐ 207-QĐ/TW from 2027, QĐ 37-QĐ/TW before; a
//! resolution is always named with its date and term; a unit's template can
//! bring its own reference entries.

mod common;

use camket::document::Answer;
use camket::store::Store;
use camket::template::{parse, shipped};
use chrono::NaiveDate;
use common::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn words(pdf: &[u8]) -> String {
    pdf_text(pdf).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_2027_commitment_cites_qd_207_and_the_2026_one_keeps_qd_37() {
    let dir = temp_dir();
    let mut s = Store::open(&dir.path().join("cam-ket.sqlite3")).unwrap();
    s.save_profile(&camket::demo::profile()).unwrap();
    for (year, cited, not_cited) in [(2027, "207-QĐ/TW", "37-QĐ/TW"), (2026, "37-QĐ/TW", "207-QĐ/TW")] {
        let view = camket::app::open_document(&mut s, year, "cam-ket", d(2026, 12, 1)).unwrap();
        // The self-check sentence prints once every manifestation is ticked.
        let all = camket::reference::reference().nq04.iter().map(|m| m.id.clone()).collect();
        s.save_answer(view.id, "tu_soi", Answer::Ticked(all), view.revision).unwrap();
        let pdf = camket::app::pdf(&s, view.id, false, d(2026, 12, 1)).unwrap();
        let text = words(&pdf);
        let qd = if year == 2027 {
            "Quy định số 207-QĐ/TW ngày 26/7/2026"
        } else {
            "Quy định số 37-QĐ/TW ngày 25/10/2021"
        };
        assert!(
            text.contains(&format!("{qd} của Ban Chấp hành Trung ương về những điều đảng viên không được làm")),
            "{year}: the documents studied: {text}"
        );
        assert!(
            text.contains(&format!(
                "nêu trong Nghị quyết số 04-NQ/TW ngày 30/10/2016 của Ban Chấp hành Trung ương Đảng khóa XII và 19 điều đảng viên không được làm theo {qd} của Ban Chấp hành Trung ương,"
            )),
            "{year}: the self-check sentence names both with date and term: {text}"
        );
        assert!(!text.contains(&format!("số {not_cited}")), "{year} never cites {not_cited}: {text}");
        let tu_soi = view.template.section("tu_soi").unwrap();
        assert_eq!(tu_soi.cites, vec!["04-NQ/TW".to_string(), cited.to_string()], "the app can show their titles");
    }
}

#[test]
fn a_2027_document_cites_the_replacement_and_signed_ones_keep_their_citations() {
    let dir = temp_dir();
    let mut s = Store::open(&dir.path().join("cam-ket.sqlite3")).unwrap();
    s.save_profile(&camket::demo::profile()).unwrap();
    let id = camket::writing::document(&mut s, 2027, "cam-ket").unwrap();
    // QĐ 37 ticked (a draft edited after an older signature still holds it) stands for QĐ 207.
    let rev = s
        .save_answer(id, "can_cu", Answer::Ticked(vec!["04-NQ/TW".into(), "37-QĐ/TW".into(), "207-QĐ/TW".into()]), 0)
        .unwrap();
    assert_eq!(s.answers(id).unwrap()["can_cu"], Answer::Ticked(vec!["04-NQ/TW".into(), "207-QĐ/TW".into()]));
    // A regulation not yet issued for a year's documents is refused, in words.
    let earlier = camket::writing::document(&mut s, 2026, "cam-ket").unwrap();
    let err = s.save_answer(earlier, "can_cu", Answer::Ticked(vec!["207-QĐ/TW".into()]), 0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Quy định số 207-QĐ/TW ngày 26/7/2026 của Ban Chấp hành Trung ương về những điều đảng viên không được làm không áp dụng cho văn bản năm 2026."
    );
    assert_eq!(rev, 1);

    // A 2026 commitment signed with QĐ 37 prints it forever.
    let (mut m, old, rev) = filled(&dir.path().join("2026.sqlite3"), "cam-ket");
    camket::writing::sign(&mut m, old, rev, d(2026, 2, 20), None).unwrap();
    let signed = m.latest_signed(old).unwrap().unwrap();
    let pdf = camket::app::pdf(&m, old, true, d(2027, 6, 1)).unwrap();
    assert!(words(&pdf).contains("Quy định số 37-QĐ/TW ngày 25/10/2021"), "{}", words(&pdf));
    assert!(camket::verify::verify_bytes(&camket::app::branch_copy(&m, old).unwrap().bytes).is_ok());
    assert_eq!(m.latest_signed(old).unwrap().unwrap().record.bytes, signed.record.bytes);
}

#[test]
fn a_unit_template_brings_its_own_reference_entries() {
    let source = include_str!("../templates/documents/cam-ket.toml").replacen(
        "default_documents = [\"04-NQ/TW\",",
        "default_documents = [\"212-QĐ/TW\", \"04-NQ/TW\",",
        1,
    ) + "\n[[documents]]\nid = \"212-QĐ/TW\"\ncitation = \"Quy định số 212-QĐ/TW ngày 17/8/2026 về kỷ luật tổ chức đảng, đảng viên vi phạm\"\n";
    let template = parse(&source).unwrap();
    assert_eq!(template.cited("212-QĐ/TW").unwrap().id, "212-QĐ/TW");

    let mut content = camket::demo::commitment(2027);
    content.template = template.for_year(2027);
    content.answers.remove("can_cu");
    let pdf = camket::render::render(&content, &camket::render::Mark::Draft).unwrap();
    assert!(
        words(&pdf).contains("quán triệt Quy định số 212-QĐ/TW ngày 17/8/2026 về kỷ luật tổ chức đảng, đảng viên vi phạm; Nghị quyết số 04-NQ/TW"),
        "{}",
        words(&pdf)
    );
    let ticked = camket::document::clean_answer(
        &content.template,
        2027,
        content.template.section("can_cu").unwrap(),
        Answer::Ticked(vec!["212-QĐ/TW".into()]),
    );
    assert_eq!(ticked.unwrap(), Answer::Ticked(vec!["212-QĐ/TW".into()]));

    // An entry that repeats the library's is refused with its line.
    let twice = include_str!("../templates/documents/cam-ket.toml").to_string()
        + "\n[[documents]]\nid = \"37-QĐ/TW\"\ncitation = \"Quy định khác\"\n";
    let err = parse(&twice).unwrap_err().to_string();
    assert!(err.contains("văn bản “37-QĐ/TW” đã có"), "{err}");
    let lines = twice.lines().count();
    assert!(err.contains(&format!("dòng {}", lines - 2)), "{err}");
    // A sentence naming a regulation not in force in a year the template serves, or a "{ref:" left open.
    let early = include_str!("../templates/documents/cam-ket.toml").replacen("{ref:37-QĐ/TW}", "{ref:207-QĐ/TW}", 1);
    let err = parse(&early).unwrap_err().to_string();
    assert!(err.contains("văn bản “207-QĐ/TW” không áp dụng cho văn bản năm 2024"), "{err}");
    let open = include_str!("../templates/documents/cam-ket.toml").replacen("{ref:37-QĐ/TW}", "{ref:37-QĐ/TW", 1);
    let err = parse(&open).unwrap_err().to_string();
    assert!(err.contains("chưa đóng"), "{err}");
    // A sentence citing a document nobody knows is refused too.
    let unknown = include_str!("../templates/documents/cam-ket.toml").replacen("{ref:37-QĐ/TW}", "{ref:999-QĐ/TW}", 1);
    let err = parse(&unknown).unwrap_err().to_string();
    assert!(err.contains("văn bản “999-QĐ/TW” không có trong thư viện tham chiếu"), "{err}");
}

#[test]
fn a_2027_draft_begun_before_the_upgrade_moves_to_qd_207() {
    let dir = temp_dir();
    let path = dir.path().join("cam-ket.sqlite3");
    let id = {
        let mut s = Store::open(&path).unwrap();
        s.save_profile(&camket::demo::profile()).unwrap();
        let id = camket::writing::document(&mut s, 2027, "cam-ket").unwrap();
        // As the previous release stored it: the wording of 2026, QĐ 37 ticked.
        let old = shipped("cam-ket").unwrap().clone().for_year(2026);
        s.conn()
            .execute(
                "UPDATE documents SET template = ?2 WHERE id = ?1",
                rusqlite::params![id, serde_json::to_string(&old).unwrap()],
            )
            .unwrap();
        s.conn()
            .execute(
                "INSERT INTO answers (document_id, section, value) VALUES (?1, 'can_cu', ?2)",
                rusqlite::params![id, r#"{"type":"ticked","value":["04-NQ/TW","37-QĐ/TW","207-QĐ/TW"]}"#],
            )
            .unwrap();
        // As a database of schema 5 is: without what later migrations add.
        s.conn()
            .execute_batch(
                "DROP TABLE progress; DROP TABLE refused_files; DROP TABLE settings_issued; DROP TABLE returns; DROP TABLE identity; DROP TABLE branch_ratings; DROP TABLE carried; DROP TABLE ky_so; DROP TABLE trusted_roots; ALTER TABLE branch_years DROP COLUMN share_limit;
                 ALTER TABLE documents DROP COLUMN dated; PRAGMA user_version = 5",
            )
            .unwrap();
        id
    };
    let s = Store::open(&path).unwrap();
    let t = s.template_of(id).unwrap();
    assert!(t.section("tu_soi").unwrap().text.contains("Quy định số 207-QĐ/TW ngày 26/7/2026"));
    assert_eq!(s.answers(id).unwrap()["can_cu"], Answer::Ticked(vec!["04-NQ/TW".into(), "207-QĐ/TW".into()]));
    assert!(!camket::store::list_backups(&path).unwrap().is_empty(), "a backup was made before the upgrade");
}
