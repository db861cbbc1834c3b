//! The summary sent upward: the year's table as a spreadsheet (`.xlsx`,
//! real dates, frozen header), as CSV (UTF-8 with a byte order mark, so
//! that Excel reads Vietnamese correctly; CRLF lines) or as the PDF list.

use super::status::{year_table, Row, YearTable};
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Xlsx,
    Csv,
    Pdf,
}

impl ReportFormat {
    /// The format a file name asks for by its extension.
    pub fn of(path: &Path) -> Result<ReportFormat> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("xlsx") => Ok(ReportFormat::Xlsx),
            Some("csv") => Ok(ReportFormat::Csv),
            Some("pdf") => Ok(ReportFormat::Pdf),
            _ => Err(Error::invalid("out", "Tệp tổng hợp phải có đuôi .xlsx, .csv hoặc .pdf.")),
        }
    }
}

/// One cell of the summary: text, or a date.
enum Value {
    Text(String),
    Date(Option<NaiveDate>),
}

/// The header and the rows of the summary, shared by every format.
fn table(t: &YearTable) -> (Vec<String>, Vec<Vec<Value>>) {
    let words = crate::template::branch_list_template();
    let word = |key: &str| words.word(key).to_string();
    let mut header = vec![word("number"), word("full_name"), word("party_position")];
    for k in &t.kinds {
        for key in ["received", "code_of", "status"] {
            header.push(words.word(key).replace("{label}", &k.label));
        }
        if k.choice {
            header.extend(["form", "points", "proposed", "branch_level"].map(word));
        }
    }
    header.push(word("note"));
    let rows = t
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![
                Value::Text((i + 1).to_string()),
                Value::Text(row.member.full_name.clone()),
                Value::Text(row.member.party_position.clone()),
            ];
            for (c, k) in row.cells.iter().zip(&t.kinds) {
                cells.push(Value::Date(c.received_at.as_deref().and_then(crate::dates::vietnam_day)));
                cells.push(Value::Text(c.code.clone().unwrap_or_default()));
                let note = if c.note.is_empty() { String::new() } else { format!(": {}", c.note) };
                cells.push(Value::Text(format!("{}{note}", c.label)));
                if k.choice {
                    let branch = c.branch_rating.as_ref().map(|b| b.level.clone());
                    for v in [c.form.clone(), c.total.clone(), c.choice.clone(), branch] {
                        cells.push(Value::Text(v.unwrap_or_default()));
                    }
                }
            }
            cells.push(Value::Text(note(row)));
            cells
        })
        .collect();
    (header, rows)
}

fn note(row: &Row) -> String {
    super::print::list_row(row).remove("ghi_chu").unwrap_or_default()
}

/// The summary of `year` in `format`.
pub fn report(store: &Store, year: i32, today: NaiveDate, format: ReportFormat) -> Result<Vec<u8>> {
    let t = year_table(store, year, today)?;
    match format {
        ReportFormat::Csv => Ok(csv(&t)),
        ReportFormat::Xlsx => xlsx(&t).map_err(|e| Error::invalid("out", format!("Không tạo được tệp Excel ({e})."))),
        ReportFormat::Pdf => crate::render::render(&super::print::cover(store, &t, today)?, &crate::render::Mark::List),
    }
}

/// The year's table as CSV.
pub fn csv(t: &YearTable) -> Vec<u8> {
    let (header, rows) = table(t);
    let rows = rows.iter().map(|row| {
        row.iter()
            .map(|v| match v {
                Value::Text(s) => s.clone(),
                Value::Date(d) => d.map(crate::dates::format_date).unwrap_or_default(),
            })
            .collect()
    });
    csv_lines(std::iter::once(header).chain(rows))
}

/// CSV for Excel: a byte order mark, commas, fields quoted when needed.
pub(super) fn csv_lines(lines: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let quote = |s: &str| {
        // A cell Excel would take for a formula is kept as text.
        let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = String::from("\u{FEFF}");
    for line in lines {
        out.push_str(&line.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// A workbook of one sheet of text: the header in bold, then the rows.
pub(super) fn one_sheet(
    name: &str,
    header: &[String],
    rows: &[Vec<String>],
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    text_sheet(&mut book, name, header, rows)?;
    book.save_to_buffer()
}

fn text_sheet(
    book: &mut Workbook,
    name: &str,
    header: &[String],
    rows: &[Vec<String>],
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    let bold = Format::new().set_bold().set_text_wrap();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
        sheet.set_column_width(c as u16, if c + 1 == header.len() { 60.0 } else { 22.0 })?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, text)?;
        }
    }
    Ok(())
}

fn xlsx(t: &YearTable) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let (header, rows) = table(t);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(crate::template::branch_list_template().word("sheet").replace("{year}", &t.year.to_string()))?;
    let bold = Format::new().set_bold().set_text_wrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
        let width = match c {
            0 => 5.0,
            1 => 28.0,
            _ if c + 1 == header.len() => 22.0,
            _ => 16.0,
        };
        sheet.set_column_width(c as u16, width)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match v {
                Value::Text(s) if c == 0 => {
                    sheet.write_number(r, c, s.parse::<f64>().unwrap_or_default())?;
                }
                Value::Text(s) => {
                    sheet.write_string(r, c, s)?;
                }
                Value::Date(Some(d)) => {
                    sheet.write_date_with_format(r, c, d, &date)?;
                }
                Value::Date(None) => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if t.ratings.as_ref().is_some_and(|r| r.any()) {
        if let Ok((header, rows)) = super::summary::grid(t) {
            text_sheet(&mut book, crate::template::ratings_summary_template().word("sheet"), &header, &rows)?;
        }
    }
    book.save_to_buffer()
}
