//! The member profile's rules (forms.md §2): each broken rule is reported
//! next to its field, in Vietnamese, and nothing is silently corrected.

use camket::profile::Profile;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

fn problems(p: &Profile) -> Vec<(String, String)> {
    p.problems(today()).into_iter().map(|x| (x.field, x.message)).collect()
}

#[test]
fn a_complete_profile_has_no_problem() {
    assert!(problems(&camket::demo::profile()).is_empty());
    assert!(camket::demo::profile().check(today()).is_ok());
}

#[test]
fn an_empty_profile_names_every_missing_field() {
    let fields: Vec<String> = problems(&Profile::default()).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        ["full_name", "workplace", "branch", "party_committee", "place", "birth_date", "joined_on", "official_on"]
    );
    let p = problems(&Profile::default());
    assert_eq!(p[0].1, "Chưa nhập họ và tên.");
}

#[test]
fn dates_must_be_in_the_past() {
    let mut p = camket::demo::profile();
    p.birth_date = d(2030, 1, 1);
    p.official_on = d(2027, 1, 1);
    assert_eq!(
        problems(&p),
        [
            ("birth_date".to_string(), "Ngày sinh không thể là một ngày trong tương lai.".to_string()),
            ("official_on".to_string(), "Ngày chính thức không thể là một ngày trong tương lai.".to_string()),
        ]
    );
}

#[test]
fn joining_needs_eighteen_years_of_age() {
    let mut p = camket::demo::profile();
    p.birth_date = d(1990, 6, 10);
    p.joined_on = d(2008, 6, 9);
    p.official_on = d(2009, 6, 9);
    assert_eq!(problems(&p), [("joined_on".to_string(), "Ngày vào Đảng phải từ khi đủ 18 tuổi trở lên.".to_string())]);
    p.joined_on = d(2008, 6, 10);
    assert!(problems(&p).is_empty(), "the eighteenth birthday itself is allowed");
}

#[test]
fn the_official_date_comes_after_joining_and_not_for_probationary_members() {
    let mut p = camket::demo::profile();
    p.official_on = p.joined_on;
    assert_eq!(problems(&p), [("official_on".to_string(), "Ngày chính thức phải sau ngày vào Đảng.".to_string())]);

    p.probationary = true;
    let msg = problems(&p);
    assert_eq!(msg.len(), 1);
    assert!(msg[0].1.starts_with("Đảng viên dự bị chưa có ngày chính thức"));
    p.official_on = None;
    assert!(problems(&p).is_empty(), "a probationary member has no official date");
}

#[test]
fn text_fields_are_cleaned_not_corrected() {
    let mut p = camket::demo::profile();
    p.full_name = "  Tra\u{302}\u{300}n   Thi\u{323} \u{200B}Hoa  ".into();
    let cleaned = p.cleaned().unwrap();
    assert_eq!(cleaned.full_name, "Trần Thị Hoa");
    p.workplace = "x".repeat(301);
    let err = p.cleaned().unwrap_err();
    assert!(err.to_string().contains("Đơn vị công tác") && err.to_string().contains("tối đa 300"), "{err}");
}

#[test]
fn a_birth_date_outside_a_members_life_is_named() {
    let mut p = camket::demo::profile();
    p.birth_date = d(1800, 1, 1);
    assert_eq!(
        problems(&p)[0],
        (
            "birth_date".to_string(),
            "Ngày sinh này cho tuổi 226; đảng viên từ 18 đến 110 tuổi. Hãy xem lại năm sinh.".to_string()
        )
    );
    p.birth_date = d(2010, 1, 1);
    assert_eq!(problems(&p)[0].0, "birth_date", "16 years old");
    p.birth_date = d(1916, 3, 1);
    assert!(problems(&p).iter().all(|(f, _)| f != "birth_date"), "110 on the day is still allowed");
}
