//! Following the plan during the year: for each row of the signed plan's
//! action table (the table its template marks `followed`), what the member
//! says of it (đã làm · đang làm · chưa làm, a short note, the date).
//! Entries are kept with their history and never touch the signed version:
//! they refer to its record.

use crate::error::{Error, Result};
use crate::store::Store;
use crate::template::{shipped, Section, Template};
use crate::text::{clean, LINE_LIMIT};
use chrono::{Datelike, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ProgressState {
    #[serde(rename = "da-lam")]
    Done,
    #[serde(rename = "dang-lam")]
    Doing,
    #[serde(rename = "chua-lam")]
    NotYet,
}

impl ProgressState {
    fn slug(self) -> &'static str {
        match self {
            ProgressState::Done => "da-lam",
            ProgressState::Doing => "dang-lam",
            ProgressState::NotYet => "chua-lam",
        }
    }

    fn from_slug(s: &str) -> ProgressState {
        match s {
            "da-lam" => ProgressState::Done,
            "dang-lam" => ProgressState::Doing,
            _ => ProgressState::NotYet,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProgressState::Done => "đã làm",
            ProgressState::Doing => "đang làm",
            ProgressState::NotYet => "chưa làm",
        }
    }

    /// As a table cell begins: "Đã làm".
    pub fn title(self) -> &'static str {
        match self {
            ProgressState::Done => "Đã làm",
            ProgressState::Doing => "Đang làm",
            ProgressState::NotYet => "Chưa làm",
        }
    }
}

/// One thing the member said of a row, on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Entry {
    pub state: ProgressState,
    pub note: String,
    pub on: NaiveDate,
    /// When it was recorded (RFC 3339).
    pub recorded_at: String,
}

/// A row of the signed plan with what was said of it, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RowProgress {
    pub row: u32,
    /// The row's first column ("Nội dung đăng ký làm theo").
    pub what: String,
    pub history: Vec<Entry>,
}

impl RowProgress {
    pub fn current(&self) -> Option<&Entry> {
        self.history.first()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PlanProgress {
    pub year: i32,
    /// The kind of the followed document (the plan).
    pub kind: String,
    /// The signed version the entries refer to.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub record_id: i64,
    pub rows: Vec<RowProgress>,
    /// "4/7 việc đã làm".
    pub summary: String,
    /// Once a quarter, in the plan's year, while nothing was recorded in it.
    pub reminder: Option<String>,
    /// Today as the app counts it: the day an entry is recorded on unless changed.
    pub today: NaiveDate,
}

/// The table followed during the year: the one the template marks; for a
/// template written before templates said so (an old record, a unit's own
/// plan), its first table when its kind's shipped template follows one.
pub(crate) fn followed_table(template: &Template) -> Option<&Section> {
    let marked = template.sections.iter().find(|s| s.followed);
    let kind_follows = shipped(&template.kind).is_some_and(|t| t.sections.iter().any(|s| s.followed));
    marked.or_else(|| {
        kind_follows.then(|| template.sections.iter().find(|s| s.kind == crate::template::SectionKind::Table)).flatten()
    })
}

/// The progress of `year`'s signed plan on `today`; None while it is not signed.
pub fn plan_progress(store: &Store, year: i32, today: NaiveDate) -> Result<Option<PlanProgress>> {
    for kind in store.kinds_of_year(year)? {
        let Some(id) = store.find_document(year, &kind)? else { continue };
        let Some(signed) = store.latest_signed(id)? else { continue };
        if followed_table(&signed.record.content.template).is_some() {
            return progress_of(store, kind, signed, year, today).map(Some);
        }
    }
    Ok(None)
}

fn progress_of(
    store: &Store,
    kind: String,
    signed: crate::store::SignedVersion,
    year: i32,
    today: NaiveDate,
) -> Result<PlanProgress> {
    let history = history(store, &signed)?;
    let rows: Vec<RowProgress> = row_texts(&signed.record.content)
        .into_iter()
        .zip(history)
        .enumerate()
        .map(|(i, (what, history))| RowProgress { row: i as u32, what, history })
        .collect();
    let done = rows.iter().filter(|r| r.current().is_some_and(|e| e.state == ProgressState::Done)).count();
    let summary = format!("{done}/{} việc đã làm", rows.len());
    let reminder = reminder(&rows, year, crate::dates::vietnam_day(&signed.signed_at), today);
    Ok(PlanProgress { year, kind, record_id: signed.id, rows, summary, reminder, today })
}

/// The first column of each row of the followed table ("Nội dung đăng ký").
fn row_texts(content: &crate::document::Content) -> Vec<String> {
    let Some(table) = followed_table(&content.template) else { return Vec::new() };
    let first = table.input_columns().next().map(|c| c.key.clone()).unwrap_or_default();
    content.rows(&table.id).iter().map(|r| r.get(&first).cloned().unwrap_or_default()).collect()
}

/// What was recorded of each row of the signed version, newest first. A
/// plan signed again (a date changed, a row added after the branch returned
/// it) keeps what was recorded on its earlier versions, for the rows whose
/// text is the same.
fn history(store: &Store, signed: &crate::store::SignedVersion) -> Result<Vec<Vec<Entry>>> {
    let texts = row_texts(&signed.record.content);
    let mut out: Vec<Vec<Entry>> = vec![Vec::new(); texts.len()];
    for (row, entry) in entries(store, signed.id)? {
        if let Some(h) = out.get_mut(row as usize) {
            h.push(entry);
        }
    }
    let mut stmt = store.conn().prepare(
        "SELECT id FROM records WHERE document_id = ?1 AND id != ?2
         AND EXISTS (SELECT 1 FROM progress p WHERE p.record_id = records.id) ORDER BY revision DESC",
    )?;
    let earlier = stmt
        .query_map(params![signed.document_id, signed.id], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for id in earlier {
        let old_texts = row_texts(&store.signed_version(id)?.record.content);
        for (row, entry) in entries(store, id)? {
            let Some(text) = old_texts.get(row as usize).filter(|t| !t.trim().is_empty()) else { continue };
            if let Some(now) = texts.iter().position(|t| t == text) {
                out[now].push(entry);
            }
        }
    }
    for h in &mut out {
        h.sort_by(|a, b| b.recorded_at.cmp(&a.recorded_at));
    }
    Ok(out)
}

/// Every entry on the signed version `record_id`, newest first.
fn entries(store: &Store, record_id: i64) -> Result<Vec<(u32, Entry)>> {
    let mut stmt = store.conn().prepare(
        "SELECT row_index, state, note, on_date, recorded_at FROM progress WHERE record_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([record_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (row, state, note, on, recorded_at) = row?;
        let on = on.parse().map_err(|_| Error::Database("ngày ghi tiến độ không đọc được".into()))?;
        out.push((row as u32, Entry { state: ProgressState::from_slug(&state), note, on, recorded_at }));
    }
    Ok(out)
}

/// Row → what was last recorded of it, on the signed version `record_id`
/// (and its earlier versions).
pub fn current(store: &Store, record_id: i64) -> Result<HashMap<u32, Entry>> {
    let signed = store.signed_version(record_id)?;
    Ok(history(store, &signed)?
        .into_iter()
        .enumerate()
        .filter_map(|(i, mut h)| (!h.is_empty()).then(|| (i as u32, h.remove(0))))
        .collect())
}

/// A calm word once a quarter: nothing recorded since the quarter began.
/// Not in the quarter the plan was signed in: a plan just signed has
/// nothing to report yet (a signing day after today, a clock set back,
/// says nothing).
fn reminder(rows: &[RowProgress], year: i32, signed_on: Option<NaiveDate>, today: NaiveDate) -> Option<String> {
    if today.year() != year || rows.is_empty() {
        return None;
    }
    let quarter = (today.month0() / 3) + 1;
    let start = NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1)?;
    // Nor in the month after signing, whatever the quarter (signed on 31 March, not asked on 1 April).
    if signed_on.is_some_and(|day| day <= today && (day >= start || (today - day).num_days() < 30)) {
        return None;
    }
    let recorded = rows.iter().flat_map(|r| &r.history).any(|e| e.on >= start);
    (!recorded).then(|| {
        format!("Quý {quarter}: đồng chí chưa ghi tiến độ các việc đã đăng ký. Ghi vài dòng bây giờ thì cuối năm viết bản kiểm điểm dễ hơn.")
    })
}

/// Records what the member says of `row` of the signed plan `record_id`.
pub fn record(
    store: &Store,
    record_id: i64,
    row: u32,
    state: ProgressState,
    note: &str,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<PlanProgress> {
    let signed = store.signed_version(record_id)?;
    let year = signed.record.content.year;
    let progress = plan_progress(store, year, today)?
        .filter(|p| p.record_id == record_id)
        .ok_or_else(|| Error::invalid("record", "Chỉ ghi tiến độ cho bản kế hoạch đã ký mới nhất."))?;
    if row as usize >= progress.rows.len() {
        return Err(Error::NotFound(format!("việc số {} trong kế hoạch", u64::from(row) + 1)));
    }
    if on.year() != year || on > today {
        return Err(Error::invalid("on", format!("Ngày ghi tiến độ phải trong năm {year} và không sau hôm nay.")));
    }
    let note = clean("Ghi chú", note, LINE_LIMIT, false)?;
    store.conn().execute(
        "INSERT INTO progress (record_id, row_index, state, note, on_date, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![record_id, row, state.slug(), note, on.to_string(), crate::store::now()],
    )?;
    plan_progress(store, year, today)?.ok_or_else(|| Error::NotFound("kế hoạch đã ký".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn the_quarter_a_plan_was_signed_in_has_no_reminder() {
        let rows = vec![RowProgress { row: 0, what: "Việc".into(), history: Vec::new() }];
        assert_eq!(reminder(&rows, 2026, Some(day(3, 10)), day(3, 10)), None);
        assert_eq!(reminder(&rows, 2026, Some(day(3, 10)), day(3, 31)), None);
        assert!(reminder(&rows, 2026, Some(day(3, 10)), day(4, 10)).unwrap().starts_with("Quý 2"));
        assert_eq!(reminder(&rows, 2026, Some(day(3, 31)), day(4, 1)), None, "the month after signing");
        assert!(reminder(&rows, 2026, Some(day(3, 31)), day(5, 1)).unwrap().starts_with("Quý 2"));
        assert!(reminder(&rows, 2026, Some(day(1, 20)), day(2, 1)).is_none());
        assert!(reminder(&rows, 2026, None, day(2, 1)).unwrap().starts_with("Quý 1"));
        assert!(reminder(&rows, 2026, Some(day(12, 5)), day(2, 1)).unwrap().starts_with("Quý 1"));
    }
}
