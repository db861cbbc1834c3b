//! A spreadsheet file's first sheet as cells, read within limits. A roster
//! is a few hundred rows of short text; a file far past that is refused in
//! words before it can take the app's memory (one cell at XFD1048576 asked
//! for 512 GiB; a 1 MB file held a 1 GiB cell).

use crate::error::{Error, Result};
use calamine::{Data, DataRef, DataType, Reader};
use chrono::NaiveDate;
use std::io::Read;
use std::path::Path;

/// The largest file read (a roster of 10,000 members is under 1 MB).
const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
/// The most any part of an .xlsx or .ods (a zip) may inflate to, and all parts.
const MAX_PART_BYTES: u64 = 20 * 1024 * 1024;
const MAX_INFLATED_BYTES: u64 = 40 * 1024 * 1024;
/// Rows and columns that may hold a value, and the characters of a cell.
pub const MAX_ROWS: usize = 20_000;
pub const MAX_COLUMNS: usize = 100;
pub const MAX_CELL_CHARS: usize = 1_000;

/// A cell: text, or a date the spreadsheet stores as a date.
#[derive(Debug)]
pub enum Cell {
    Text(String),
    Date(NaiveDate),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.trim().to_string(),
            Cell::Date(d) => crate::dates::format_date(*d),
        }
    }
}

/// The first sheet of `path` (.xlsx, .xlsm, .xls, .ods or .csv), row by row.
pub fn cells(path: &Path) -> Result<Vec<Vec<Cell>>> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if !matches!(ext.as_str(), "csv" | "xlsx" | "xlsm" | "xls" | "ods") {
        return Err(Error::invalid("file", "Danh sách phải là tệp .xlsx, .xls, .ods hoặc .csv."));
    }
    let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !size.is_file() {
        return Err(Error::invalid("file", format!("{} không phải một tệp bảng tính.", path.display())));
    }
    if size.len() > MAX_FILE_BYTES {
        return Err(too_large(format!("tệp nặng {} MB", size.len() / (1024 * 1024))));
    }
    let grid = match ext.as_str() {
        "csv" => csv(&std::fs::read(path).map_err(|e| Error::io(path, e))?)?,
        "xlsx" | "xlsm" => {
            inflated_within_limits(path, None)?;
            xlsx(path)?
        }
        "ods" => {
            let content = inflated_within_limits(path, Some("content.xml"))?.ok_or_else(|| unreadable(path))?;
            ods_within_limits(&String::from_utf8_lossy(&content))?;
            workbook(path)?
        }
        _ => workbook(path)?,
    };
    Ok(grid)
}

fn too_large(what: String) -> Error {
    Error::invalid(
        "file",
        format!(
            "Bảng tính quá lớn để là danh sách đảng viên ({what}; tối đa {} MB, {MAX_ROWS} dòng, {MAX_COLUMNS} cột, \
             {MAX_CELL_CHARS} ký tự một ô). Hãy chép riêng các cột họ tên, ngày sinh, chức vụ sang một bảng tính mới.",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

fn unreadable(path: &Path) -> Error {
    Error::invalid("file", format!("Không đọc được bảng tính {}.", path.display()))
}

/// Every part of a zip-based spreadsheet inflated and counted, never past
/// the limits: a part's declared size is not trusted. The part named
/// `keep`, if any, is returned as inflated.
fn inflated_within_limits(path: &Path, keep: Option<&str>) -> Result<Option<Vec<u8>>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|_| unreadable(path))?;
    let (mut total, mut kept) = (0u64, None);
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|_| unreadable(path))?;
        let wanted = part.name().is_ok_and(|n| keep == Some(n.as_ref()));
        let mut bytes = Vec::new();
        let n = if wanted {
            part.take(MAX_PART_BYTES + 1).read_to_end(&mut bytes).map_err(|_| unreadable(path))? as u64
        } else {
            std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut std::io::sink()).map_err(|_| unreadable(path))?
        };
        total += n;
        if n > MAX_PART_BYTES || total > MAX_INFLATED_BYTES {
            return Err(too_large("nội dung giải nén quá lớn".into()));
        }
        if wanted {
            kept = Some(bytes);
        }
    }
    Ok(kept)
}

/// The most cells holding a value an .ods may spread into (its cells and
/// rows may say "repeated N times": calamine writes each one out).
const MAX_ODS_CELLS: u64 = (MAX_ROWS * 10) as u64;

/// An .ods's cells counted as they would be spread out, before calamine
/// spreads them: a few kilobytes can ask for billions of cells, or a text
/// of a billion spaces (`text:s`).
fn ods_within_limits(xml: &str) -> Result<()> {
    let (mut rows, mut cells) = (1u64, 0u64);
    for tag in xml.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let number = |name: &str| attribute(tag, name).map(|v| v.trim().parse::<u64>().unwrap_or(u64::MAX));
        if tag.starts_with("table:table-row") {
            rows = number("table:number-rows-repeated").unwrap_or(1);
        } else if tag.starts_with("text:s") && number("text:c").is_some_and(|n| n > MAX_CELL_CHARS as u64) {
            return Err(too_large("có ô chứa quá nhiều khoảng trắng".into()));
        } else if tag.starts_with("table:table-cell") || tag.starts_with("table:covered-table-cell") {
            // An empty cell (`<table:table-cell …/>` without a value) is the
            // filler spreadsheet programs write to the sheet's edge.
            let empty = tag.ends_with('/') && !tag.contains("office:");
            let columns = number("table:number-columns-repeated").unwrap_or(1);
            if empty {
                continue;
            }
            if columns > MAX_COLUMNS as u64 || rows > MAX_ROWS as u64 {
                return Err(too_large("có ô lặp lại quá nhiều lần".into()));
            }
            cells = cells.saturating_add(columns.saturating_mul(rows));
            if cells > MAX_ODS_CELLS {
                return Err(too_large(format!("hơn {MAX_ODS_CELLS} ô có dữ liệu")));
            }
        }
    }
    Ok(())
}

/// The value of attribute `name` in a tag, however it is quoted or spaced.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let after = rest[at + name.len()..].trim_start();
        let before_ok = rest[..at].ends_with(|c: char| c.is_whitespace());
        if let (true, Some(value)) = (before_ok, after.strip_prefix('=')) {
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                return value[1..].split(quote).next();
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}

/// An .xlsx read cell by cell, so that a far cell costs nothing before it
/// is refused.
fn xlsx(path: &Path) -> Result<Vec<Vec<Cell>>> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(|_| unreadable(path))?;
    let name =
        book.sheet_names().first().cloned().ok_or_else(|| Error::invalid("file", "Bảng tính không có trang nào."))?;
    let mut reader = book.worksheet_cells_reader(&name).map_err(|_| unreadable(path))?;
    let mut grid = Grid::default();
    while let Some(cell) = reader.next_cell().map_err(|_| unreadable(path))? {
        let value = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => Data::String(s.to_string()),
            other => Data::from(other.clone()),
        };
        grid.put(cell.get_position(), &value)?;
    }
    Ok(grid.rows)
}

/// .xls and .ods: calamine reads the whole sheet at once.
fn workbook(path: &Path) -> Result<Vec<Vec<Cell>>> {
    let mut book = calamine::open_workbook_auto(path).map_err(|_| unreadable(path))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| Error::invalid("file", "Bảng tính không có trang nào."))?
        .map_err(|_| unreadable(path))?;
    let mut grid = Grid::default();
    for (row, col, value) in range.used_cells() {
        let (start_row, start_col) = range.start().unwrap_or_default();
        grid.put((start_row + row as u32, start_col + col as u32), value)?;
    }
    Ok(grid.rows)
}

/// Rows of cells, filled as the cells come, within the limits.
#[derive(Default)]
struct Grid {
    rows: Vec<Vec<Cell>>,
}

impl Grid {
    fn put(&mut self, (row, col): (u32, u32), value: &Data) -> Result<()> {
        let (row, col) = (row as usize, col as usize);
        if row >= MAX_ROWS {
            return Err(too_large(format!("có dữ liệu ở dòng {}", row + 1)));
        }
        if col >= MAX_COLUMNS {
            return Err(too_large(format!("có dữ liệu ở cột thứ {}", col + 1)));
        }
        let cell = cell_of(value);
        if let Cell::Text(t) = &cell {
            if t.chars().count() > MAX_CELL_CHARS {
                return Err(too_large(format!("ô ở dòng {}, cột thứ {} dài quá", row + 1, col + 1)));
            }
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let line = &mut self.rows[row];
        if line.len() <= col {
            line.resize_with(col + 1, || Cell::Text(String::new()));
        }
        line[col] = cell;
        Ok(())
    }
}

fn cell_of(c: &Data) -> Cell {
    match c {
        Data::DateTime(_) | Data::DateTimeIso(_) => {
            c.as_datetime().map(|t| Cell::Date(t.date())).unwrap_or(Cell::Text(c.to_string()))
        }
        Data::Float(f) if f.fract() == 0.0 => Cell::Text(format!("{f:.0}")),
        other => Cell::Text(other.to_string()),
    }
}

/// CSV as Excel writes it: an optional byte order mark, commas or
/// semicolons (by the first line), fields quoted with doubled quotes
/// inside, rows of any length (read by the `csv` crate).
fn csv(bytes: &[u8]) -> Result<Vec<Vec<Cell>>> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| Error::invalid("file", "Tệp CSV không phải UTF-8; hãy lưu lại từ Excel dạng “CSV UTF-8”."))?;
    let first = text.lines().next().unwrap_or_default();
    let separator = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut reader =
        ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(separator).from_reader(text.as_bytes());
    let mut grid = Grid::default();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::invalid(
                "file",
                format!("Tệp CSV hỏng ở dòng {}: {e}.", e.position().map_or(row + 1, |p| p.line() as usize)),
            )
        })?;
        for (col, field) in record.iter().enumerate().filter(|(_, f)| !f.is_empty()) {
            grid.put((row as u32, col as u32), &Data::String(field.to_string()))?;
        }
    }
    Ok(grid.rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: Vec<Vec<Cell>>) -> Vec<Vec<String>> {
        rows.into_iter().map(|r| r.iter().map(Cell::text).collect()).collect()
    }

    #[test]
    fn csv_is_read_as_excel_writes_it() {
        let saved = "\u{FEFF}STT;Họ và tên;Ghi chú\r\n1;\"Lê Thị \"\"Hồng\"\"\";\"dòng một\r\ndòng hai; vẫn một ô\"\r\n2;Trần Văn An\r\n";
        let rows = texts(csv(saved.as_bytes()).unwrap());
        assert_eq!(rows[1], ["1", "Lê Thị \"Hồng\"", "dòng một\r\ndòng hai; vẫn một ô"]);
        assert_eq!(rows[2], ["2", "Trần Văn An"]);
        let commas = texts(csv(b"a,b\n\"x, y\",z").unwrap());
        assert_eq!(commas, [["a", "b"], ["x, y", "z"]]);
        let latin1 = csv(b"T\xEAn\n").unwrap_err().to_string();
        assert!(latin1.contains("CSV UTF-8"), "{latin1}");
    }
}
