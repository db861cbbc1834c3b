//! The roster from a spreadsheet the branch already keeps (.xlsx, .xls,
//! .ods or .csv): columns found by their Vietnamese headers, each row
//! checked and shown before anything is written (a bad date, a row twice, a
//! member already on the roster, a namesake, each named with its reason);
//! the rows that can go in are written in one transaction.

use super::collation::{folded, person_key};
use super::roster::{self, MemberFields};
use super::workbook::Cell;
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// One row of the sheet as it would go in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SheetRow {
    /// The row's number in the sheet, as the spreadsheet program shows it.
    pub line: usize,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub party_position: String,
    pub government_position: String,
    /// Why the row cannot go in; None when it can.
    pub problem: Option<String>,
}

/// Reads the first sheet of `path` and checks every row.
pub fn read(path: &Path, today: NaiveDate) -> Result<Vec<SheetRow>> {
    rows(super::workbook::cells(path)?, today)
}

/// Which column holds what, from the header row (the first row with a
/// name column among the first ten); every row read and checked against
/// the rows above it. Rows are compared with the roster by `check`.
fn rows(cells: Vec<Vec<Cell>>, today: NaiveDate) -> Result<Vec<SheetRow>> {
    let column = |header: &[Cell], wanted: &[&str]| {
        header.iter().position(|c| {
            let h = folded(&c.text());
            wanted.iter().any(|w| h == *w || h.starts_with(&format!("{w} ")))
        })
    };
    let (at, header) = cells
        .iter()
        .enumerate()
        .take(10)
        .find(|(_, row)| column(row, &["ho va ten", "ho ten", "ten dang vien"]).is_some())
        .ok_or_else(|| Error::invalid("file", "Không thấy cột “Họ và tên” trong mười dòng đầu của bảng tính."))?;
    let name = column(header, &["ho va ten", "ho ten", "ten dang vien"]);
    let birth = column(header, &["ngay sinh", "ngay, thang, nam sinh", "ngay thang nam sinh", "sinh ngay"]);
    let party = column(header, &["chuc vu dang", "chuc vu trong dang"]);
    let government = column(header, &["chuc vu chinh quyen", "chuc vu chuyen mon"])
        .or_else(|| header.iter().position(|c| folded(&c.text()) == "chuc vu").filter(|p| Some(*p) != party));
    fn get(row: &[Cell], c: Option<usize>) -> Option<&Cell> {
        c.and_then(|c| row.get(c))
    }
    let mut out: Vec<SheetRow> = Vec::new();
    let mut repeats = Repeats::default();
    for (i, row) in cells.iter().enumerate().skip(at + 1) {
        let text = |c| get(row, c).map(Cell::text).unwrap_or_default();
        if row.iter().all(|c| c.text().is_empty()) {
            continue;
        }
        let (birth_date, bad_date) = match get(row, birth) {
            Some(Cell::Date(d)) => (Some(*d), None),
            Some(c) if !c.text().is_empty() => match crate::dates::parse_typed(&c.text()) {
                Some(d) => (Some(d), None),
                None => {
                    (None, Some(format!("ngày sinh “{}” không đọc được (ngày/tháng/năm, năm đủ 4 chữ số)", c.text())))
                }
            },
            _ => (None, None),
        };
        let typed = MemberFields {
            full_name: text(name),
            birth_date,
            party_position: text(party),
            government_position: text(government),
        };
        let (fields, problem) = match typed.cleaned(today) {
            Ok(f) => (f, bad_date),
            Err(_) if typed.full_name.trim().is_empty() => (typed, Some("thiếu họ và tên".to_string())),
            Err(e) => (typed, Some(e.to_string())),
        };
        let line = i + 1;
        let problem = problem.or_else(|| repeats.of(line, &fields));
        out.push(SheetRow {
            line,
            full_name: fields.full_name,
            birth_date: fields.birth_date,
            party_position: fields.party_position,
            government_position: fields.government_position,
            problem,
        });
    }
    Ok(out)
}

/// The people of a sheet's good rows so far, by name as people read it:
/// each birth date with the line it is on.
#[derive(Default)]
struct Repeats(HashMap<String, Vec<(Option<NaiveDate>, usize)>>);

impl Repeats {
    /// Why the row on `line` repeats an earlier one: the same person again,
    /// or the same name where a missing birth date cannot tell them apart.
    fn of(&mut self, line: usize, f: &MemberFields) -> Option<String> {
        let earlier = self.0.entry(person_key(&f.full_name)).or_default();
        let problem = if let Some((_, first)) = earlier.iter().find(|(born, _)| *born == f.birth_date) {
            Some(format!("trùng với dòng {first} của bảng tính"))
        } else {
            earlier
                .iter()
                .find(|(born, _)| born.is_none() || f.birth_date.is_none())
                .map(|(_, first)| format!("trùng tên với dòng {first}, thiếu ngày sinh để phân biệt hai người"))
        };
        // Only rows that go in decide about later ones.
        if problem.is_none() {
            earlier.push((f.birth_date, line));
        }
        problem
    }
}

/// The rows compared with the roster: a member already there (same name as
/// people read it, same birth date) is not added again; a namesake with
/// another birth date, or where either has none, is for the secretary to
/// add by hand if it is another person.
pub fn check(store: &Store, rows: &[SheetRow]) -> Result<Vec<SheetRow>> {
    // One pass over the roster: a sheet of thousands against a roster of thousands.
    let mut by_name: HashMap<String, Vec<roster::Member>> = HashMap::new();
    for m in roster::members(store)? {
        by_name.entry(person_key(&m.full_name)).or_default().push(m);
    }
    Ok(rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if r.problem.is_none() {
                let same_name = by_name.get(&person_key(&r.full_name)).map(Vec::as_slice).unwrap_or_default();
                r.problem = if same_name.iter().any(|m| m.birth_date == r.birth_date) {
                    Some("đã có trong danh sách".to_string())
                } else if let Some(m) = same_name.first() {
                    let born =
                        m.birth_date.map(|d| format!(", sinh {}", crate::dates::format_date(d))).unwrap_or_default();
                    Some(format!(
                        "trùng tên với {}{born} trong danh sách; nếu là người khác, hãy thêm bằng tay",
                        m.full_name
                    ))
                } else {
                    None
                };
            }
            r
        })
        .collect())
}

/// Adds every row that can go in, in one transaction: all of them or none.
/// Rows are checked again against the roster as it is now, so applying the
/// same sheet twice adds nobody the second time. Returns how many were added.
pub fn add(store: &Store, rows: &[SheetRow], today: NaiveDate) -> Result<usize> {
    // Checked inside the transaction: the roster cannot change in between,
    // so each row is compared with the roster once, not again per insert.
    let tx = rusqlite::Transaction::new_unchecked(store.conn(), rusqlite::TransactionBehavior::Immediate)?;
    let checked = check(store, rows)?;
    let mut added = 0;
    // The rows come back from the screen: a row twice is added once.
    let mut seen = std::collections::HashSet::new();
    for r in checked.iter().filter(|r| r.problem.is_none()) {
        if !seen.insert((person_key(&r.full_name), r.birth_date)) {
            continue;
        }
        let fields = MemberFields {
            full_name: r.full_name.clone(),
            birth_date: r.birth_date,
            party_position: r.party_position.clone(),
            government_position: r.government_position.clone(),
        };
        // The rows come back from the screen: cleaned again, never trusted.
        roster::insert(&tx, &fields.cleaned(today)?, None)?;
        added += 1;
    }
    super::held::rematch(store)?;
    tx.commit()?;
    Ok(added)
}
