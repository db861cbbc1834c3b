//! In cả chi bộ: one PDF with the cover list (who submitted what and when,
//! in the party-document layout, signed by the secretary), then every
//! confirmed document in roster order, each from a new sheet. Also the
//! year's confirmed files as a folder for the committee above.

use super::confirm::{self, function};
use super::status::{year_table, CellStatus, Row, YearTable};
use crate::dates::format_date;
use crate::document::{Answer, Content};
use crate::error::{Error, Result};
use crate::render::{BranchBlock, Mark};
use crate::store::Store;
use crate::template::branch_list_template;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One line of the list: the text of each cell, by column key.
pub fn list_row(row: &Row) -> BTreeMap<String, String> {
    let words = branch_list_template();
    let mut cells = BTreeMap::from([("ho_ten".to_string(), row.member.full_name.clone())]);
    for c in &row.cells {
        let text = match (&c.received_at, &c.code) {
            (Some(at), Some(code)) => {
                let day = crate::dates::vietnam_day(at).map(format_date).unwrap_or_default();
                match c.status {
                    CellStatus::Confirmed => format!("{day}, {code}"),
                    _ => format!("{day}, {code} ({})", c.label),
                }
            }
            _ => c.label.clone(),
        };
        cells.insert(c.kind.clone(), text);
    }
    let note = if row.exempt {
        words.word("exempt").to_string()
    } else if let Some(d) = row.member.moved_on {
        words.word("moved").replace("{date}", &format_date(d))
    } else if row.late {
        words.word("late").to_string()
    } else if row.outstanding {
        words.word("outstanding").to_string()
    } else {
        String::new()
    };
    cells.insert("ghi_chu".into(), note);
    cells
}

/// The cover list as a document: the secretary's header and signature, the
/// table, the totals.
pub fn cover(store: &Store, table: &YearTable, date: NaiveDate) -> Result<Content> {
    let profile = store.profile()?;
    if profile.full_name.trim().is_empty() {
        return Err(Error::invalid("profile", "Hãy nhập họ và tên của đồng chí trong Hồ sơ trước khi in danh sách (trong ứng dụng, hoặc bằng lệnh “camket branch secretary”)."));
    }
    let mut template = branch_list_template().clone();
    kind_columns(&mut template, table);
    template.signature.right = template.signature.right.replace("{function}", &function(&profile, &template.signature));
    // The list is of the documents of the year's start; the year-end review
    // has its own summary (`summary.rs`).
    let start =
        |r: &Row| r.cells.iter().zip(&table.kinds).filter(|(_, k)| k.due).map(|(c, _)| c.status).collect::<Vec<_>>();
    let complete = |r: &&Row| start(r).iter().all(|s| *s != CellStatus::NotSubmitted);
    let confirmed = |r: &&Row| start(r).iter().all(|s| *s == CellStatus::Confirmed);
    let total = table.rows.len();
    let totals = template
        .section("tong_so")
        .map(|s| s.text.clone())
        .unwrap_or_default()
        .replace("{total}", &total.to_string())
        .replace("{complete}", &table.rows.iter().filter(complete).count().to_string())
        .replace("{confirmed}", &table.rows.iter().filter(confirmed).count().to_string())
        .replace("{missing}", &(total - table.rows.iter().filter(complete).count()).to_string());
    let answers = BTreeMap::from([
        ("bang".to_string(), Answer::Rows(table.rows.iter().map(list_row).collect())),
        ("tong_so".to_string(), Answer::Text(totals)),
    ]);
    Ok(Content { year: table.year, date, profile, template, answers })
}

/// The list's column "{kind}" made one column for each kind due at the
/// year's start, sharing its width.
fn kind_columns(template: &mut crate::template::Template, table: &YearTable) {
    let Some(list) = template.sections.iter_mut().find(|s| s.id == "bang") else { return };
    let Some(at) = list.columns.iter().position(|c| c.key == "{kind}") else { return };
    let pattern = list.columns.remove(at);
    let due: Vec<_> = table.kinds.iter().filter(|k| k.due).collect();
    for (i, k) in due.iter().enumerate() {
        let mut column = pattern.clone();
        column.key = k.kind.clone();
        column.name = pattern.name.replace("{label}", &k.label);
        column.width = pattern.width / due.len() as f32;
        list.columns.insert(at + i, column);
    }
}

/// "Danh sách chưa nộp": those with a document due missing or returned on
/// `today`, at any time of the year ("Chưa nộp" before the deadline,
/// "Quá hạn" after it), with its own title.
pub fn late_list(store: &Store, year: i32, today: NaiveDate) -> Result<Vec<u8>> {
    let mut table = year_table(store, year, today)?;
    table.rows.retain(|r| r.outstanding);
    let mut list = cover(store, &table, today)?;
    if let Some(title) = list.template.alternative_titles.first() {
        list.template.title = title.clone();
    }
    crate::render::render(&list, &Mark::List)
}

/// The whole branch's printout for `year`.
pub fn print_branch(store: &Store, year: i32, today: NaiveDate, duplex: bool) -> Result<Vec<u8>> {
    let table = year_table(store, year, today)?;
    let cover = cover(store, &table, today)?;
    let mut confirmed: Vec<(crate::record::Record, BranchBlock, u32)> = Vec::new();
    for row in &table.rows {
        for cell in row.cells.iter().filter(|c| c.status == CellStatus::Confirmed) {
            if let Some(id) = cell.submission_id {
                confirmed.extend(confirm::confirmed(store, id)?);
            }
        }
    }
    let mut documents = vec![(&cover, Mark::List, None)];
    for (record, block, layout) in &confirmed {
        let mark = crate::seal::signed_mark(record, record.signature_image.clone(), *layout);
        documents.push((&record.content, mark, Some(block)));
    }
    crate::render::pdf::save(&mut crate::render::document_with(&documents, duplex)?)
}

/// Writes each confirmed PDF of `year` into `dir` under the name members'
/// files have, and returns the paths.
pub fn export_folder(store: &Store, year: i32, today: NaiveDate, dir: &Path) -> Result<Vec<PathBuf>> {
    let table = year_table(store, year, today)?;
    let mut written = Vec::new();
    for cell in table.rows.iter().flat_map(|r| &r.cells).filter(|c| c.status == CellStatus::Confirmed) {
        let Some(id) = cell.submission_id else { continue };
        let (Some(pdf), Some((record, ..))) = (confirm::confirmed_pdf(store, id)?, confirm::confirmed(store, id)?)
        else {
            continue;
        };
        let path = dir.join(record.file_name());
        crate::files::write_atomic(&path, &pdf)?;
        written.push(path);
    }
    Ok(written)
}
