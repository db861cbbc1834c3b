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

/// What `section` of a document of `year` takes from its sources now (None:
/// it has none, or they are not signed or say nothing). Cleaned as a typed
/// answer is; what the section cannot hold is left out.
pub fn filled_section(store: &Store, year: i32, template: &Template, section: &Section) -> Result<Option<Answer>> {
    let answer = if !section.previous.is_empty() {
        from_last_year(store, year, section)?
    } else if section.kind == SectionKind::Table {
        match section.from.first().map(String::as_str).and_then(source) {
            Some((kind, id)) => table_from(store, year, section, kind, id)?,
            None => None,
        }
    } else {
        text_from(store, year, section)?
    };
    Ok(answer.and_then(|a| clean_answer(template, year, section, a).ok()))
}

/// A table filled from the same year's signed table, with the progress
/// recorded on its rows.
fn table_from(store: &Store, year: i32, section: &Section, kind: &str, id: &str) -> Result<Option<Answer>> {
    let Some((record_id, content)) = signed(store, year, kind)? else { return Ok(None) };
    let Some(table) = content.template.section(id) else { return Ok(None) };
    // Progress is recorded on the followed table only.
    let followed = progress::followed_table(&content.template).is_some_and(|t| t.id == id);
    let done = match record_id.filter(|_| followed) {
        Some(record) => progress::current(store, record)?,
        None => Default::default(),
    };
    let rows: Vec<BTreeMap<String, String>> = content
        .rows(id)
        .into_iter()
        .enumerate()
        .map(|(i, row)| table_row(section, table, row, done.get(&(i as u32))))
        .collect();
    Ok((!rows.is_empty()).then_some(Answer::Rows(rows)))
}

/// A text filled from each of its sources in turn: a text as written, a
/// self-check's sentence once complete, a followed table as what was done,
/// is under way and was not done. With several sources, each part starts
/// with its source's heading, its number left out.
fn text_from(store: &Store, year: i32, section: &Section) -> Result<Option<Answer>> {
    let mut parts = Vec::new();
    for (kind, id) in section.from.iter().filter_map(|f| source(f)) {
        let Some((record_id, content)) = signed(store, year, kind)? else { continue };
        let Some(from) = content.template.section(id) else { continue };
        let text = match from.kind {
            SectionKind::Checklist if content.checklist_complete(id) => crate::template::fill_year(&from.text, year),
            SectionKind::Table => done_and_not(store, record_id, &content, from)?,
            _ => content.text(id).trim().to_string(),
        };
        if text.is_empty() {
            continue;
        }
        let heading = unnumbered(&from.heading);
        parts.push(if section.from.len() > 1 && !heading.is_empty() { format!("{heading}: {text}") } else { text });
    }
    Ok((!parts.is_empty()).then(|| Answer::Text(parts.join("\n"))))
}

/// A heading without its number: "1. Về tư tưởng chính trị" → "Về tư tưởng chính trị".
/// A heading or an item without its number ("1. ", "II. ", "3) "), else as it is.
fn unnumbered(text: &str) -> &str {
    let t = text.trim();
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || "IVXLivxl".contains(c));
    match rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
        Some(r) if rest.len() < t.len() => r.trim(),
        _ => t,
    }
}

/// The rows of a signed plan's table by what was recorded of them during the
/// year, done first: "– Việc: đã làm (ghi chú)", one line each.
fn done_and_not(store: &Store, record_id: Option<i64>, content: &Content, table: &Section) -> Result<String> {
    let followed = progress::followed_table(&content.template).is_some_and(|t| t.id == table.id);
    let recorded = match record_id.filter(|_| followed) {
        Some(record) => progress::current(store, record)?,
        None => Default::default(),
    };
    let Some(task) = table.input_columns().next() else { return Ok(String::new()) };
    let mut lines: Vec<(u8, String)> = content
        .rows(&table.id)
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let name = row.get(&task.key).map(|t| t.trim()).unwrap_or_default();
            let (order, state) = match recorded.get(&(i as u32)) {
                Some(e) => (e.state as u8, e.state.label().to_string()),
                None => (3, "chưa ghi tiến độ".to_string()),
            };
            let note = recorded.get(&(i as u32)).map(|e| e.note.trim()).filter(|n| !n.is_empty());
            let note = note.map(|n| format!(" ({n})")).unwrap_or_default();
            (order, format!("– {name}: {state}{note}."))
        })
        .collect();
    lines.sort_by_key(|(order, _)| *order);
    Ok(lines.into_iter().map(|(_, l)| l).collect::<Vec<_>>().join("\n"))
}

/// What last year's document says in the first of `previous` that exists:
/// a text as it is; into a table, one row per item (a line, or a sentence
/// of a one-line text), in the table's first column.
fn from_last_year(store: &Store, year: i32, section: &Section) -> Result<Option<Answer>> {
    for (kind, id) in section.previous.iter().filter_map(|p| source(p)) {
        let Some(content) = latest(store, year.saturating_sub(1), kind)? else { continue };
        let text = content.text(id).trim().to_string();
        if section.kind != SectionKind::Table {
            return Ok((!text.is_empty()).then_some(Answer::Text(text)));
        }
        let Some(first) = section.input_columns().next() else { return Ok(None) };
        let rows: Vec<BTreeMap<String, String>> = items(&text)
            .into_iter()
            .map(|item| {
                section
                    .input_columns()
                    .map(|c| (c.key.clone(), if c.key == first.key { item.clone() } else { String::new() }))
                    .collect()
            })
            .collect();
        return Ok((!rows.is_empty()).then_some(Answer::Rows(rows)));
    }
    Ok(None)
}

/// The items of a shortcomings text: its lines, a leading dash or number
/// left out; a single line is split at its semicolons.
fn items(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let pieces: Vec<&str> = if lines.len() == 1 { lines[0].split(';').collect() } else { lines };
    pieces
        .into_iter()
        .map(|p| unnumbered(p.trim().trim_start_matches(['-', '–', '+', '•'])))
        .map(|p| p.trim_end_matches(['.', ';']).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
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

/// Section id → what the year before's document of the same kind had
/// ticked in each self-check, shown beside this year's (not taken over).
pub fn last_years_ticks(store: &Store, year: i32, template: &Template) -> Result<BTreeMap<String, Vec<String>>> {
    let mut out = BTreeMap::new();
    let checks: Vec<&Section> = template.sections.iter().filter(|s| s.kind == SectionKind::Checklist).collect();
    if checks.is_empty() {
        return Ok(out);
    }
    let Some(last) = latest(store, year.saturating_sub(1), &template.kind)? else { return Ok(out) };
    for s in checks {
        if let Some(Answer::Ticked(ids)) = last.answers.get(&s.id) {
            out.insert(s.id.clone(), ids.clone());
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
    let review = review_lines(store, year.saturating_sub(1))?;
    for section in &template.sections {
        let mut found = None;
        for (kind, id) in section.carry.iter().filter_map(|c| source(c)) {
            if let Some(latest) = latest_with_record(store, year.saturating_sub(1), kind)? {
                found = Some((latest, id));
                break;
            }
        }
        let Some(((record_id, content), id)) = found else { continue };
        let answer = match section.kind {
            SectionKind::Table => {
                let Some(table) = content.template.section(id) else { continue };
                // A signed plan's own table: what was recorded as done stays behind.
                let followed = progress::followed_table(&content.template).is_some_and(|t| t.id == id);
                let recorded = match record_id {
                    Some(record) if followed => progress::current(store, record)?,
                    _ => Default::default(),
                };
                let done = |i: usize| recorded.get(&(i as u32)).is_some_and(|e| e.state == ProgressState::Done);
                // Or done as the review says (a member who never recorded progress).
                let first = table.input_columns().next().map(|c| c.key.clone()).unwrap_or_default();
                let reviewed = |row: &BTreeMap<String, String>| {
                    let said = row.get(&first).and_then(|n| review_says(&review, n));
                    said.is_some_and(|r| r.starts_with(ProgressState::Done.label()))
                };
                let rows: Vec<BTreeMap<String, String>> = content
                    .rows(id)
                    .into_iter()
                    .enumerate()
                    .filter(|(i, row)| !said_done(table, row) && !done(*i) && !reviewed(row))
                    .map(|(_, row)| carried_row(section, table, row))
                    .collect();
                (!rows.is_empty()).then_some(Answer::Rows(rows))
            }
            _ => Some(content.text(id).trim()).filter(|t| !t.is_empty()).map(|t| Answer::Text(t.to_string())),
        };
        out.push((section.id.clone(), answer.and_then(|a| clean_answer(template, year, section, a).ok())));
    }
    Ok(out)
}

/// The lines of `year`'s year-end review (its latest version), for what it
/// says of each row of the plan: "– Việc: đang làm (ghi chú)."
fn review_lines(store: &Store, year: i32) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for kind in store.kinds_of_year(year)? {
        let Some(content) = latest(store, year, &kind)? else { continue };
        if content.template.year_end {
            for answer in content.answers.values() {
                if let Answer::Text(t) = answer {
                    lines.extend(t.lines().map(str::to_string));
                }
            }
        }
    }
    Ok(lines)
}

/// What the review's line on a row says after its name: "đang làm (ghi chú)".
fn review_says<'a>(lines: &'a [String], name: &str) -> Option<&'a str> {
    let prefix = format!("– {}:", name.trim());
    lines.iter().find_map(|l| l.trim().strip_prefix(&prefix)).map(|r| r.trim().trim_end_matches('.'))
}

/// For each table carried into `template` of `year`: a carried row's first
/// cell → what the end of last year said of it, shown beside the row: the
/// line last year's review gives it ("đang làm (chuyển 2 mét sang năm
/// sau)"), as the member wrote it there, else the progress recorded.
pub fn row_notes(
    store: &Store,
    year: i32,
    template: &Template,
    carried: &[(String, Option<Answer>)],
) -> Result<BTreeMap<String, BTreeMap<String, String>>> {
    let last = year.saturating_sub(1);
    let review_lines = review_lines(store, last)?;
    let mut recorded: BTreeMap<String, String> = BTreeMap::new();
    // Every row of last year's followed plan, in order, to name those left behind too.
    let mut planned: Vec<String> = Vec::new();
    for kind in store.kinds_of_year(last)? {
        let Some((record, content)) = latest_with_record(store, last, &kind)? else { continue };
        let (Some(record), Some(table)) = (record, progress::followed_table(&content.template)) else { continue };
        let Some(first) = table.input_columns().next() else { continue };
        let entries = progress::current(store, record)?;
        for (i, row) in content.rows(&table.id).into_iter().enumerate() {
            let Some(name) = row.get(&first.key).map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) else {
                continue;
            };
            if let Some(e) = entries.get(&(i as u32)) {
                let note = if e.note.trim().is_empty() { String::new() } else { format!(" ({})", e.note.trim()) };
                recorded.insert(name.clone(), format!("{}{note}", e.state.label()));
            }
            planned.push(name);
        }
    }
    let mut out = BTreeMap::new();
    for (id, answer) in carried {
        let (Some(Answer::Rows(rows)), Some(section)) = (answer, template.section(id)) else { continue };
        let Some(first) = section.input_columns().next() else { continue };
        let mut notes = BTreeMap::new();
        let taken: Vec<&str> =
            rows.iter().filter_map(|r| r.get(&first.key)).map(|n| n.trim()).filter(|n| !n.is_empty()).collect();
        let end_of_year =
            |name: &str| review_says(&review_lines, name).map(str::to_string).or_else(|| recorded.get(name).cloned());
        for name in &taken {
            if let Some(note) = end_of_year(name).filter(|n| !n.is_empty()) {
                notes.insert(name.to_string(), note);
            }
        }
        // The rows left behind are named too, so none vanishes unseen.
        for name in planned.iter().filter(|n| !taken.contains(&n.as_str())) {
            let said = end_of_year(name).filter(|n| !n.is_empty());
            let left = format!("không chép sang năm {year}");
            notes.insert(name.clone(), said.map_or(left.clone(), |s| format!("{s}; {left}")));
        }
        if !notes.is_empty() {
            out.insert(id.clone(), notes);
        }
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
/// row id and content; else a document brought in from a Word file (last
/// year's, written before Cam Kết), as it stands, with no record.
fn signed(store: &Store, year: i32, kind: &str) -> Result<Option<(Option<i64>, Content)>> {
    let Some(id) = store.find_document(year, kind)? else { return Ok(None) };
    if let Some(v) = store.latest_signed(id)? {
        return Ok(Some((Some(v.id), v.record.content)));
    }
    if store.info(id)?.brought_from.is_none() {
        return Ok(None);
    }
    let end = chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    Ok(Some((None, store.draft_content(id, end)?)))
}

/// The `kind` document of `year` as it stands: the latest signed version,
/// else the draft (a review may be carried before it is signed).
fn latest(store: &Store, year: i32, kind: &str) -> Result<Option<Content>> {
    Ok(latest_with_record(store, year, kind)?.map(|(_, content)| content))
}

/// `latest`, with the signed version's record row id when it is signed.
fn latest_with_record(store: &Store, year: i32, kind: &str) -> Result<Option<(Option<i64>, Content)>> {
    let Some(id) = store.find_document(year, kind)? else { return Ok(None) };
    match store.latest_signed(id)? {
        Some(v) => Ok(Some((Some(v.id), v.record.content))),
        None => {
            let end = chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
            Ok(Some((None, store.draft_content(id, end)?)))
        }
    }
}
