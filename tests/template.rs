//! Templates as data: the shipped ones are valid, a unit's file is checked
//! and an invalid one is refused with its line and the reason.

use camket::template::{parse, shipped, SectionKind};
use std::process::Command;

const PLAN: &str = include_str!("../templates/documents/ke-hoach.toml");

fn error_of(source: &str) -> (usize, String) {
    match parse(source) {
        Err(camket::Error::Template { line, reason }) => (line, reason),
        other => panic!("expected a template error, got {other:?}"),
    }
}

#[test]
fn the_default_templates_have_what_forms_md_asks_for() {
    let plan = shipped("ke-hoach").unwrap().clone();
    let headings: Vec<&str> = plan.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings[0], "I. NỘI DUNG HỌC TẬP");
    assert!(headings.contains(&"4. Gắn với chức trách, nhiệm vụ được giao"));
    let table = plan.sections.iter().find(|s| s.kind == SectionKind::Table).unwrap();
    let cols: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, ["TT", "Nội dung đăng ký làm theo", "Biện pháp thực hiện", "Thời gian hoàn thành", "Kết quả"]);
    assert_eq!(plan.signature.right, "NGƯỜI XÂY DỰNG KẾ HOẠCH");

    let commitment = shipped("cam-ket").unwrap().clone();
    assert_eq!(commitment.title_lines(2026), ["BẢN CAM KẾT", "TU DƯỠNG, RÈN LUYỆN, PHẤN ĐẤU NĂM 2026"]);
    assert_eq!(commitment.sections.iter().filter(|s| s.kind == SectionKind::Text).count(), 6);
    assert!(commitment.sections.iter().any(|s| s.kind == SectionKind::Checklist));
    assert_eq!(commitment.signature.right, "NGƯỜI CAM KẾT");
    for t in [plan, commitment] {
        for s in t.sections.iter().filter(|s| matches!(s.kind, SectionKind::Text | SectionKind::Table)) {
            assert!(!s.guidance.is_empty(), "{} has guidance", s.id);
            assert!((2..=3).contains(&s.examples.len()), "{} has 2–3 examples", s.id);
        }
    }
}

#[test]
fn syntax_errors_give_their_line() {
    let broken = PLAN.replacen("version = 1", "version = ", 1);
    let (line, reason) = error_of(&broken);
    assert_eq!(line, 4);
    assert!(reason.starts_with("lỗi cú pháp TOML"), "{reason}");
}

#[test]
fn unknown_fields_and_wrong_kinds_give_their_line() {
    let typo = PLAN.replacen("guidance =", "guidence =", 1);
    let expected = PLAN.lines().position(|l| l.starts_with("guidance =")).unwrap() + 1;
    let (line, reason) = error_of(&typo);
    assert_eq!(line, expected);
    assert!(reason.contains("trường không được biết đến") && reason.contains("guidence"), "{reason}");

    let kind = PLAN.replacen("kind = \"table\"", "kind = \"bang\"", 1);
    let expected = PLAN.lines().position(|l| l == "kind = \"table\"").unwrap() + 1;
    let (line, reason) = error_of(&kind);
    assert_eq!(line, expected);
    assert!(reason.contains("giá trị không hợp lệ"), "{reason}");
}

#[test]
fn rule_violations_give_the_line_of_their_section() {
    let dup = PLAN.replacen("id = \"dao_duc\"", "id = \"tu_tuong\"", 1);
    let expected = PLAN.lines().enumerate().filter(|(_, l)| *l == "[[sections]]").nth(2).unwrap().0 + 1;
    assert_eq!(error_of(&dup), (expected, "mã mục “tu_tuong” bị trùng".to_string()));

    let field = PLAN.replacen("field = \"workplace\"", "field = \"que_quan\"", 1);
    let (line, reason) = error_of(&field);
    assert_eq!(PLAN.lines().nth(line - 1), Some("[[identity]]"));
    assert!(reason.contains("que_quan"));

    let missing = PLAN.replacen("first_year = 2024\n", "", 1);
    assert!(error_of(&missing).1.contains("thiếu trường bắt buộc"));
}

#[test]
fn template_check_command_accepts_and_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("mau.toml");
    std::fs::write(&good, PLAN).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_camket")).args(["template", "check"]).arg(&good).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Mẫu hợp lệ: “Kế hoạch cá nhân (mẫu mặc định)”"));

    let bad = dir.path().join("hong.toml");
    std::fs::write(&bad, PLAN.replacen("kind = \"text\"", "kind = \"van-ban\"", 1)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_camket")).args(["template", "check"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("Lỗi: Mẫu văn bản không hợp lệ (dòng "), "{err}");
}
