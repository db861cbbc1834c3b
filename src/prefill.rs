//! What a document takes from what the member already wrote, as its
//! template says (sections name a source "kind/section"):
//! - `from`: a new document is filled from the same year's signed document
//!   (the review's table from the signed plan and the progress recorded on
//!   its rows; its shortcomings from the commitment);
//! - `recall`: the signed section is shown beside the field, not printed
//!   (what the member committed to, beside its self-assessment);
//! - `carry`: when next year's document starts from this year's, it is
//!   offered what this year's review left to do (the shortcomings, the rows
//!   not done).
//!
//! No kind is named here: the templates say where each section comes from.

use crate::document::{clean_answer, Answer, Answers, Content};
use crate::error::Result;
use crate::progress::{self, ProgressState};
use crate::store::Store;
use crate::template::{source, Section, SectionKind, Template};
use std::collections::BTreeMap;

/// The answers a new document of `year` on `template` starts with.
pub fn filled(store: &Store, year: i32, template: &Template) -> Result<Answers> {
    let mut answers = Answers::new();
    for section in &template.sections {
        if let Some(answer) = filled_section(store, year, template, section)? {
            answers.insert(section.id.clone(), answer);
        }
    }
    Ok(answers)
}

/// What `section` of a document of `year` takes from its source now (None:
/// it has no source, or the source is not signed or says nothing). Cleaned
/// as a typed answer is; what the section cannot hold is left out.
pub fn filled_section(store: &Store, year: i32, template: &Template, section: &Section) -> Result<Option<Answer>> {
    let Some((kind, id)) = section.from.as_deref().and_then(source) else { return Ok(None) };
    let Some((record_id, content)) = signed(store, year, kind)? else { return Ok(None) };
    let answer = match (section.kind, content.answers.get(id)) {
        (SectionKind::Table, _) => {
            let Some(table) = content.template.section(id) else { return Ok(None) };
            // Progress is recorded on the followed table only.
            let followed = progress::followed_table(&content.template).is_some_and(|t| t.id == id);
            let done = if followed { progress::current(store, record_id)? } else { Default::default() };
            let rows: Vec<BTreeMap<String, String>> = content
                .rows(id)
                .into_iter()
                .enumerate()
                .map(|(i, row)| table_row(section, table, row, done.get(&(i as u32))))
                .collect();
            (!rows.is_empty()).then_some(Answer::Rows(rows))
        }
        (_, Some(Answer::Text(text))) if !text.trim().is_empty() => Some(Answer::Text(text.clone())),
        _ => None,
    };
    Ok(answer.and_then(|a| clean_answer(template, year, section, a).ok()))
}

/// A row of the new table from a row of the source: each column takes the
/// source's column it names, or what was recorded of the row.
fn table_row(
    section: &Section,
    source_table: &Section,
    row: &BTreeMap<String, String>,
    recorded: Option<&progress::Entry>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for column in section.input_columns() {
        let value = match column.from.as_deref() {
            Some("progress") => recorded.map(|e| e.state.title().to_string()).unwrap_or_default(),
            Some("progress-note") => recorded.map(|e| e.note.clone()).unwrap_or_default(),
            Some(key) if source_table.columns.iter().any(|c| c.key == key) => row.get(key).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        out.insert(column.key.clone(), value);
    }
    out
}

/// Section id → what the same year's signed document says there, for the
/// sections that recall one (each source document read once).
pub fn recalled(store: &Store, year: i32, template: &Template) -> Result<BTreeMap<String, String>> {
    let mut sources: BTreeMap<&str, Option<Content>> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for section in &template.sections {
        let Some((kind, id)) = section.recall.as_deref().and_then(source) else { continue };
        if !sources.contains_key(kind) {
            sources.insert(kind, signed(store, year, kind)?.map(|(_, c)| c));
        }
        if let Some(Some(content)) = sources.get(kind) {
            let text = content.text(id).trim();
            if !text.is_empty() {
                out.insert(section.id.clone(), text.to_string());
            }
        }
    }
    Ok(out)
}

/// What a document of `year` on `template` takes from the year before's
/// documents, for the sections that carry something: a text as it is; a
/// table's rows whose result does not say they were done. A section whose
/// source exists is listed even when it gives nothing (None): last year's
/// review then says there is nothing left, and the section starts empty.
pub fn carried(store: &Store, year: i32, template: &Template) -> Result<Vec<(String, Option<Answer>)>> {
    let mut out = Vec::new();
    for section in &template.sections {
        let Some((kind, id)) = section.carry.as_deref().and_then(source) else { continue };
        let Some(content) = latest(store, year.saturating_sub(1), kind)? else { continue };
        let answer = match section.kind {
            SectionKind::Table => {
                let Some(table) = content.template.section(id) else { continue };
                let rows: Vec<BTreeMap<String, String>> = content
                    .rows(id)
                    .into_iter()
                    .filter(|row| !said_done(table, row))
                    .map(|row| carried_row(section, table, row))
                    .collect();
                (!rows.is_empty()).then_some(Answer::Rows(rows))
            }
            _ => Some(content.text(id).trim()).filter(|t| !t.is_empty()).map(|t| Answer::Text(t.to_string())),
        };
        out.push((section.id.clone(), answer.and_then(|a| clean_answer(template, year, section, a).ok())));
    }
    Ok(out)
}

/// The row's result (the column filled from progress) begins with "Đã làm".
fn said_done(table: &Section, row: &BTreeMap<String, String>) -> bool {
    let done = ProgressState::Done.title().to_lowercase();
    table
        .columns
        .iter()
        .filter(|c| c.from.as_deref() == Some("progress"))
        .any(|c| row.get(&c.key).is_some_and(|v| v.trim().to_lowercase().starts_with(&done)))
}

/// A row of last year's table as a row of this year's: the columns of the
/// same key, or the column the source's column was filled from; results
/// (year-end columns) stay empty.
fn carried_row(section: &Section, source_table: &Section, row: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for column in section.input_columns().filter(|c| !c.year_end) {
        let value = source_table
            .columns
            .iter()
            .find(|c| c.key == column.key || c.from.as_deref() == Some(column.key.as_str()))
            .and_then(|c| row.get(&c.key))
            .cloned()
            .unwrap_or_default();
        out.insert(column.key.clone(), value);
    }
    out
}

/// The latest signed version of the `kind` document of `year`: its record's
/// row id and content.
fn signed(store: &Store, year: i32, kind: &str) -> Result<Option<(i64, Content)>> {
    let Some(id) = store.find_document(year, kind)? else { return Ok(None) };
    Ok(store.latest_signed(id)?.map(|v| (v.id, v.record.content)))
}

/// The `kind` document of `year` as it stands: the latest signed version,
/// else the draft (a review may be carried before it is signed).
fn latest(store: &Store, year: i32, kind: &str) -> Result<Option<Content>> {
    let Some(id) = store.find_document(year, kind)? else { return Ok(None) };
    match store.latest_signed(id)? {
        Some(v) => Ok(Some(v.record.content)),
        None => Ok(Some(store.draft_content(id, chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default())?)),
    }
}
