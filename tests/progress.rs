//! Following the signed plan during the year: entries per row with their
//! history, never touching the signed version; the board's count and the
//! quarter's reminder.

mod common;

use camket::progress::{plan_progress, record, ProgressState};

use chrono::NaiveDate;
use common::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn progress_is_kept_with_its_history_and_never_changes_the_signed_plan() {
    let dir = temp_dir();
    let (mut s, id, rev) = filled(&dir.path().join("cam-ket.sqlite3"), "ke-hoach");
    assert_eq!(plan_progress(&s, 2026, d(2026, 2, 1)).unwrap(), None, "nothing to follow before signing");
    let signed = camket::writing::sign(&mut s, id, rev, d(2026, 1, 20), None).unwrap();
    let copy = camket::app::branch_copy(&s, id).unwrap().bytes;

    let p = plan_progress(&s, 2026, d(2026, 2, 1)).unwrap().unwrap();
    let rows = p.rows.len();
    assert!(rows >= 3);
    assert_eq!(p.rows[0].what, camket::demo::plan(2026).rows("bang_viec")[0]["noi_dung"]);
    assert_eq!(p.summary, format!("0/{rows} việc đã làm"));
    // Signed by the clock after this "today": the quarter is not the signing's.
    assert!(p.reminder.as_deref().unwrap().starts_with("Quý 1: đồng chí chưa ghi tiến độ"));

    record(&s, signed.id, 0, ProgressState::Doing, "Đã làm xong phần đầu", d(2026, 2, 10), d(2026, 2, 10)).unwrap();
    record(&s, signed.id, 1, ProgressState::Done, "", d(2026, 2, 10), d(2026, 2, 10)).unwrap();
    let p = record(&s, signed.id, 0, ProgressState::Done, "Hoàn thành", d(2026, 3, 1), d(2026, 3, 2)).unwrap();
    assert_eq!(p.summary, format!("2/{rows} việc đã làm"));
    assert_eq!(p.reminder, None, "recorded this quarter");
    let history: Vec<(ProgressState, &str)> = p.rows[0].history.iter().map(|e| (e.state, e.note.as_str())).collect();
    assert_eq!(history, vec![(ProgressState::Done, "Hoàn thành"), (ProgressState::Doing, "Đã làm xong phần đầu")]);
    // The next quarter asks again.
    let later = plan_progress(&s, 2026, d(2026, 4, 2)).unwrap().unwrap();
    assert!(later.reminder.unwrap().starts_with("Quý 2: đồng chí chưa ghi tiến độ"));
    let board = camket::app::year_board(&s, 2026, d(2026, 3, 2)).unwrap();
    assert_eq!(board.entries[0].progress.as_deref(), Some(format!("2/{rows} việc đã làm").as_str()));
    assert_eq!(board.entries[1].progress, None, "only the plan has rows to follow");

    // The signed version is what it was, byte for byte.
    let again = s.latest_signed(id).unwrap().unwrap();
    assert_eq!(
        (again.record.bytes, again.record.fingerprint.clone()),
        (signed.record.bytes.clone(), signed.record.fingerprint.clone())
    );
    assert_eq!(camket::app::branch_copy(&s, id).unwrap().bytes, copy);

    // What is refused, in words.
    let err = record(&s, signed.id, 99, ProgressState::Done, "", d(2026, 3, 1), d(2026, 3, 2)).unwrap_err();
    assert_eq!(err.to_string(), "Không tìm thấy việc số 100 trong kế hoạch.");
    let err = record(&s, signed.id, 0, ProgressState::Done, "", d(2025, 12, 31), d(2026, 3, 2)).unwrap_err();
    assert_eq!(err.to_string(), "Ngày ghi tiến độ phải trong năm 2026 và không sau hôm nay.");
    let rows_in_db: i64 = s.conn().query_row("SELECT count(*) FROM progress", [], |r| r.get(0)).unwrap();
    assert_eq!(rows_in_db, 3);
}

/// The walkthrough signed its plan and saw "Quý 1: đồng chí chưa ghi tiến
/// độ" minutes later: a plan signed in this quarter has nothing to report yet.
#[test]
fn a_plan_just_signed_is_not_reminded_of_its_quarter() {
    let dir = temp_dir();
    let today = chrono::Local::now().date_naive();
    let year = chrono::Datelike::year(&today);
    let mut s = camket::store::Store::open(&dir.path().join("db.sqlite3")).unwrap();
    s.save_profile(&camket::demo::profile()).unwrap();
    let id = camket::writing::document(&mut s, year, "ke-hoach").unwrap();
    let mut rev = 0;
    for (section, answer) in camket::demo::plan(year).answers {
        rev = s.save_answer(id, &section, answer, rev).unwrap();
    }
    camket::writing::sign(&mut s, id, rev, today, None).unwrap();
    let p = plan_progress(&s, year, today).unwrap().unwrap();
    assert_eq!(p.reminder, None, "signed today: {:?}", p.reminder);
}

/// A plan for next year signed in December offered progress whose every
/// entry was refused ("phải trong năm 2027"): progress starts with its year.
#[test]
fn next_years_plan_offers_progress_from_its_own_year() {
    let dir = temp_dir();
    let mut s = camket::store::Store::open(&dir.path().join("db.sqlite3")).unwrap();
    s.save_profile(&camket::demo::profile()).unwrap();
    let id = camket::writing::document(&mut s, 2027, "ke-hoach").unwrap();
    let mut rev = 0;
    for (section, answer) in camket::demo::plan(2027).answers {
        rev = s.save_answer(id, &section, answer, rev).unwrap();
    }
    camket::writing::sign(&mut s, id, rev, d(2026, 12, 4), None).unwrap();
    let board = |today| camket::app::year_board(&s, 2027, today).unwrap().entries[0].progress.clone();
    assert_eq!(board(d(2026, 12, 4)), None, "nothing to record in December before the year");
    assert!(board(d(2027, 1, 2)).is_some());
}
