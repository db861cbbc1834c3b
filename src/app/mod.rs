//! What the screens and the command line ask for, each answered by one
//! call: the desktop shell (`src-tauri`) and `camket` stay thin over these,
//! holding no rule of their own. One module a part of the app: the board,
//! a document being written, its PDF, the branch.

mod board;
mod branch;
mod document;
mod ky_so;
mod pdf;
mod word;

pub use board::*;
pub use branch::*;
pub use document::*;
pub use ky_so::*;
pub use pdf::*;
pub use word::*;

use crate::document::{Answers, Content, Missing, Status};
use crate::error::{Error, ErrorView, Result};
use crate::profile::{FieldProblem, Profile};
use crate::render::{render, Mark};
use crate::store::Store;
use crate::template::Template;
use chrono::NaiveDate;
use serde::Serialize;

/// What the app needs to know when its window opens.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Startup {
    /// No profile saved yet: show the welcome screen.
    pub first_launch: bool,
    /// The database could not be opened: the library's message.
    pub damaged: Option<ErrorView>,
    pub latest_backup: Option<String>,
    pub year: i32,
    /// The database could only be opened for reading: why, to show above
    /// every screen (the app still shows and prints what is there).
    pub read_only: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ProfileView {
    pub profile: Profile,
    pub problems: Vec<FieldProblem>,
    /// The short fingerprint of the member's key, read to the secretary once.
    pub key_fingerprint: String,
    /// The most characters a field holds: the page refuses more before it
    /// is typed or pasted.
    pub line_limit: u32,
}

/// The member's database as the app opens it: for writing, or for reading
/// only when the file or its folder cannot be written (a network share, a
/// file copied from a CD); the flag carries the message that says so.
pub fn open_database(db: &std::path::Path) -> (Result<Store>, Option<String>) {
    crate::log::started(db);
    match Store::open(db) {
        Err(e @ Error::ReadOnly(_)) => {
            crate::log::error(&e);
            (Store::open_read_only(db), Some(e.to_string()))
        }
        other => (other, None),
    }
}

/// What the window shows first: the welcome (no profile yet), the damaged
/// database with its latest backup, or the board; in the year being prepared.
pub fn startup(
    opened: &std::result::Result<Store, ErrorView>,
    db: &std::path::Path,
    read_only: Option<String>,
    today: NaiveDate,
) -> std::result::Result<Startup, ErrorView> {
    let latest_backup = crate::store::latest_backup(db).ok().flatten().map(|p| p.display().to_string());
    let year = working_year(today);
    match opened {
        Ok(store) => {
            let profile = store.profile().map_err(|e| ErrorView::from(&e))?;
            Ok(Startup { first_launch: profile == Profile::default(), damaged: None, latest_backup, year, read_only })
        }
        Err(e) if e.code == crate::ErrorCode::Damaged => {
            Ok(Startup { first_launch: false, damaged: Some(e.clone()), latest_backup, year, read_only })
        }
        Err(e) => Err(e.clone()),
    }
}

/// Replaces a damaged database by its latest backup (the damaged file is
/// moved aside, never deleted) and opens it. A database that still reads is
/// never replaced from the app.
pub fn restore_latest(db: &std::path::Path) -> Result<Store> {
    let latest = crate::store::latest_backup(db)?.ok_or_else(|| Error::NotFound("bản sao lưu nào".into()))?;
    match crate::store::restore(db, &latest, false) {
        Err(Error::WouldOverwrite(_)) => {
            return Err(Error::invalid(
                "restore",
                "Dữ liệu hiện tại vẫn đọc được nên không khôi phục đè lên. Nếu cần khôi phục, hãy nhờ người hỗ trợ.",
            ))
        }
        other => other?,
    }
    Store::open(db)
}

/// The year the board opens on: from 1 November, next year's documents are
/// being prepared (forms.md, the yearly cycle), so the board opens on them.
pub fn working_year(today: NaiveDate) -> i32 {
    use chrono::Datelike;
    if today.month() >= 11 {
        today.year() + 1
    } else {
        today.year()
    }
}

fn other_year(shown: i32, today: NaiveDate) -> Option<i32> {
    let (calendar, working) = (chrono::Datelike::year(&today), working_year(today));
    match shown {
        _ if calendar == working => None,
        y if y == working => Some(calendar),
        y if y == calendar => Some(working),
        _ => None,
    }
}

pub fn profile_view(store: &Store, today: NaiveDate) -> Result<ProfileView> {
    let profile = store.profile()?;
    let problems = profile.problems(today);
    Ok(ProfileView {
        profile,
        problems,
        key_fingerprint: store.member_key()?.fingerprint(),
        line_limit: crate::text::LINE_LIMIT as u32,
    })
}

pub fn save_profile(store: &Store, profile: &Profile, today: NaiveDate) -> Result<ProfileView> {
    store.save_profile(profile)?;
    profile_view(store, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_board_opens_on_next_year_from_the_first_of_november() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(working_year(d(2026, 10, 31)), 2026);
        assert_eq!(working_year(d(2026, 11, 1)), 2027);
        assert_eq!(working_year(d(2026, 12, 31)), 2027);
        assert_eq!(working_year(d(2027, 1, 1)), 2027);
        assert_eq!(other_year(2027, d(2026, 11, 27)), Some(2026));
        assert_eq!(other_year(2026, d(2026, 11, 27)), Some(2027));
        assert_eq!(other_year(2025, d(2026, 11, 27)), None);
        assert_eq!(other_year(2026, d(2026, 6, 1)), None);
    }
}
