//! The roster from a spreadsheet the branch already keeps (.xlsx, .xls,
//! .ods or .csv): columns found by their Vietnamese headers, each row
//! checked and shown before anything is written; bad rows are listed with
//! their reason and the good ones kept.

use super::collation::folded;
use super::roster::{self, MemberFields};
use crate::error::{Error, Result};
use crate::store::Store;
use calamine::{Data, DataType, Reader};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
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

/// A cell: text, or a date the spreadsheet stores as a date.
enum Cell {
    Text(String),
    Date(NaiveDate),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.trim().to_string(),
            Cell::Date(d) => crate::dates::format_date(*d),
        }
    }
}

/// Reads the first sheet of `path` and checks every row.
pub fn read(path: &Path) -> Result<Vec<SheetRow>> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let cells = match ext.as_str() {
        "csv" => csv(&std::fs::read(path).map_err(|e| Error::io(path, e))?)?,
        "xlsx" | "xlsm" | "xls" | "ods" => workbook(path)?,
        _ => return Err(Error::invalid("file", "Danh sách phải là tệp .xlsx, .xls, .ods hoặc .csv.")),
    };
    rows(cells)
}

fn workbook(path: &Path) -> Result<Vec<Vec<Cell>>> {
    let unreadable = |_| Error::invalid("file", format!("Không đọc được bảng tính {}.", path.display()));
    let mut book = calamine::open_workbook_auto(path).map_err(unreadable)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| Error::invalid("file", "Bảng tính không có trang nào."))?
        .map_err(unreadable)?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::DateTime(_) | Data::DateTimeIso(_) => {
                        c.as_datetime().map(|t| Cell::Date(t.date())).unwrap_or(Cell::Text(c.to_string()))
                    }
                    Data::Float(f) if f.fract() == 0.0 => Cell::Text(format!("{f:.0}")),
                    other => Cell::Text(other.to_string()),
                })
                .collect()
        })
        .collect())
}

/// CSV as Excel writes it: an optional byte order mark, commas or
/// semicolons, fields quoted with doubled quotes inside.
fn csv(bytes: &[u8]) -> Result<Vec<Vec<Cell>>> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| Error::invalid("file", "Tệp CSV không phải UTF-8; hãy lưu lại từ Excel dạng “CSV UTF-8”."))?;
    let separator =
        if text.lines().next().is_some_and(|l| l.matches(';').count() > l.matches(',').count()) { ';' } else { ',' };
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => row.push(Cell::Text(std::mem::take(&mut field))),
            '\n' if !quoted => {
                row.push(Cell::Text(std::mem::take(&mut field)));
                rows.push(std::mem::take(&mut row));
            }
            '\r' if !quoted => {}
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(Cell::Text(field));
        rows.push(row);
    }
    Ok(rows)
}

/// Which column holds what, from the header row (the first row with a
/// name column among the first ten).
fn rows(cells: Vec<Vec<Cell>>) -> Result<Vec<SheetRow>> {
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
    let mut out = Vec::new();
    for (i, row) in cells.iter().enumerate().skip(at + 1) {
        let text = |c| get(row, c).map(Cell::text).unwrap_or_default();
        if row.iter().all(|c| c.text().is_empty()) {
            continue;
        }
        let (birth_date, bad_date) = match get(row, birth) {
            Some(Cell::Date(d)) => (Some(*d), None),
            Some(c) if !c.text().is_empty() => match NaiveDate::parse_from_str(&c.text(), "%d/%m/%Y") {
                Ok(d) => (Some(d), None),
                Err(_) => (None, Some(format!("ngày sinh “{}” không đúng dạng ngày/tháng/năm", c.text()))),
            },
            _ => (None, None),
        };
        let full_name = text(name);
        let problem = if full_name.is_empty() { Some("thiếu họ và tên".to_string()) } else { bad_date };
        out.push(SheetRow {
            line: i + 1,
            full_name,
            birth_date,
            party_position: text(party),
            government_position: text(government),
            problem,
        });
    }
    Ok(out)
}

/// Adds the good rows whose member is not on the roster yet (same name and
/// birth date); returns how many were added.
pub fn add(store: &Store, rows: &[SheetRow]) -> Result<usize> {
    let known = roster::members(store)?;
    let mut added = 0;
    for r in rows.iter().filter(|r| r.problem.is_none()) {
        if known.iter().any(|m| m.full_name == r.full_name && (m.birth_date == r.birth_date || r.birth_date.is_none()))
        {
            continue;
        }
        roster::add(
            store,
            &MemberFields {
                full_name: r.full_name.clone(),
                birth_date: r.birth_date,
                party_position: r.party_position.clone(),
                government_position: r.government_position.clone(),
            },
        )?;
        added += 1;
    }
    Ok(added)
}
