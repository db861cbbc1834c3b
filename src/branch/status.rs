//! One table per year: each member against each kind of document, with its
//! status, the date received and the code; the deadline and who is late.

use super::collation::matches;
use super::roster::{members, Member};
use crate::document::short_code;
use crate::error::Result;
use crate::store::Store;
use crate::template::SectionKind;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum CellStatus {
    NotSubmitted,
    Submitted,
    Confirmed,
    Returned,
}

impl CellStatus {
    pub fn label(self) -> &'static str {
        match self {
            CellStatus::NotSubmitted => "chưa nộp",
            CellStatus::Submitted => "đã nộp",
            CellStatus::Confirmed => "chi bộ đã xác nhận",
            CellStatus::Returned => "trả lại để sửa",
        }
    }
}

/// One member's one document.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Cell {
    pub kind: String,
    pub status: CellStatus,
    pub label: String,
    /// When the current file arrived (RFC 3339).
    pub received_at: Option<String>,
    pub signed_at: Option<String>,
    pub code: Option<String>,
    /// The secretary's note when returned, or remark when confirmed.
    pub note: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub submission_id: Option<i64>,
    /// What the member chose in the document's choice section: the proposed
    /// rating of the year-end review.
    pub choice: Option<String>,
    /// The review's form letter ("2C") and its points as "27,5 + 59 = 86,5",
    /// the total alone ("86,5"), when it has points.
    pub form: Option<String>,
    pub points: Option<String>,
    pub total: Option<String>,
    /// The branch's proposed level and comment, once recorded (`rating.rs`).
    pub branch_rating: Option<super::rating::BranchRating>,
    /// Confirmed before the branch's level was recorded or changed: a new
    /// confirmation prints it.
    pub confirm_again: bool,
    /// Its kind is due by the deadline (`KindColumn::due`).
    pub due: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Row {
    pub member: Member,
    pub cells: Vec<Cell>,
    pub exempt: bool,
    /// Moved to another branch during the year.
    pub moved: bool,
    /// The deadline has passed and a document is still missing or returned.
    pub late: bool,
    /// A document due is missing or returned (and the member is neither
    /// exempt nor moved): "chưa nộp" before the deadline, late after it.
    pub outstanding: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct KindColumn {
    pub kind: String,
    pub label: String,
    /// Due by the year's deadline: a shipped document of the year's start
    /// (not the year-end review, nor a kind another unit's member sent).
    pub due: bool,
    /// Its template has a choice (the review's proposed rating), shown in the cells.
    pub choice: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct YearTable {
    pub year: i32,
    pub deadline: Option<NaiveDate>,
    pub kinds: Vec<KindColumn>,
    pub rows: Vec<Row>,
    pub held: Vec<super::held::HeldFile>,
    /// The proposed ratings of the year-end review, over every row.
    pub ratings: Option<Ratings>,
}

/// Which rows to show.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Filter {
    pub late_only: bool,
    pub unconfirmed_only: bool,
    /// Part of a name, marks and case ignored.
    pub query: String,
}

impl Cell {
    /// Waits on someone: a file not confirmed yet, or one due and not sent.
    fn unconfirmed(&self) -> bool {
        match self.status {
            CellStatus::Confirmed => false,
            CellStatus::NotSubmitted => self.due,
            _ => true,
        }
    }
}

impl Row {
    pub fn keep(&self, f: &Filter) -> bool {
        (!f.late_only || self.late)
            && (!f.unconfirmed_only || self.cells.iter().any(Cell::unconfirmed))
            && matches(&self.member.full_name, &f.query)
    }
}

pub fn deadline(store: &Store, year: i32) -> Result<Option<NaiveDate>> {
    let text: Option<Option<String>> =
        store.conn().query_row("SELECT deadline FROM branch_years WHERE year = ?1", [year], |r| r.get(0)).optional()?;
    Ok(text.flatten().and_then(|d| d.parse().ok()))
}

/// Hạn nộp of `year` (None: no deadline).
pub fn set_deadline(store: &Store, year: i32, deadline: Option<NaiveDate>) -> Result<()> {
    crate::dates::check_year(year)?;
    check_deadline(year, deadline)?;
    store.conn().execute(
        "INSERT INTO branch_years (year, deadline) VALUES (?1, ?2)
         ON CONFLICT (year) DO UPDATE SET deadline = excluded.deadline",
        params![year, deadline.map(|d| d.to_string())],
    )?;
    Ok(())
}

/// A deadline for `year`'s documents falls between the start of the year
/// before (they are prepared from December) and the end of `year`.
pub fn check_deadline(year: i32, deadline: Option<NaiveDate>) -> Result<()> {
    let first = NaiveDate::from_ymd_opt(year.saturating_sub(1), 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    match deadline {
        Some(d) if first.is_some_and(|f| d < f) || last.is_some_and(|l| d > l) => Err(crate::error::Error::invalid(
            "deadline",
            format!("Hạn nộp văn bản năm {year} phải trong năm {} hoặc năm {year}.", year.saturating_sub(1)),
        )),
        _ => Ok(()),
    }
}

/// The kinds of document `year`'s table has columns for, in order: the
/// shipped ones, then a unit's own kind once a file of it was taken in
/// (named as that file's template names it).
fn kinds(store: &Store, year: i32) -> Result<Vec<KindColumn>> {
    let column = |t: &crate::template::Template| KindColumn {
        kind: t.kind.clone(),
        label: t.board_label(),
        due: false,
        choice: t.sections.iter().any(|s| s.kind == SectionKind::Choice),
    };
    let mut kinds: Vec<KindColumn> = crate::template::kinds_of(year)
        .iter()
        .filter_map(|k| crate::template::shipped_forms(k).into_iter().find(|t| t.applies_to(year)))
        .map(|t| KindColumn { due: !t.year_end, ..column(t) })
        .collect();
    let mut stmt =
        store.conn().prepare("SELECT DISTINCT kind FROM submissions WHERE year = ?1 AND held IS NULL ORDER BY kind")?;
    let received = stmt.query_map([year], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    for kind in received {
        if kinds.iter().any(|c| c.kind == kind) {
            continue;
        }
        // Only a unit's own kind reads a record, the latest, for its label.
        let bytes: Vec<u8> = store.conn().query_row(
            "SELECT record FROM submissions WHERE year = ?1 AND kind = ?2 AND held IS NULL ORDER BY id DESC LIMIT 1",
            params![year, kind],
            |r| r.get(0),
        )?;
        if let Ok(record) = crate::record::read(&bytes) {
            kinds.push(column(&record.content.template));
        }
    }
    Ok(kinds)
}

/// The year's table on `today`, rows in Vietnamese order.
pub fn year_table(store: &Store, year: i32, today: NaiveDate) -> Result<YearTable> {
    crate::dates::check_year(year)?;
    let deadline = deadline(store, year)?;
    let overdue = deadline.is_some_and(|d| today > d);
    let kinds = kinds(store, year)?;
    let mut rows = Vec::new();
    for member in members(store)? {
        // Someone who moved away before the year began is not in its table.
        if member.moved_on.is_some_and(|d| d.year() < year) {
            continue;
        }
        let cells = kinds.iter().map(|k| cell(store, member.id, year, k)).collect::<Result<Vec<_>>>()?;
        let exempt = member.exempt_years.contains(&year);
        let moved = member.moved_on.is_some_and(|d| d.year() == year);
        let outstanding = cells
            .iter()
            .zip(&kinds)
            .any(|(c, k)| k.due && matches!(c.status, CellStatus::NotSubmitted | CellStatus::Returned));
        let outstanding = outstanding && !exempt && !moved;
        rows.push(Row { late: overdue && outstanding, outstanding, member, cells, exempt, moved });
    }
    let mut table =
        YearTable { year, deadline, kinds, rows, held: super::held::held_files(store, Some(year))?, ratings: None };
    table.ratings = ratings(&table, super::rating::share_limit(store, year)?);
    Ok(table)
}

/// "Tổng hợp xếp loại": for the document whose template has a choice (the
/// year-end review), how many members proposed each level and how many the
/// branch proposed it for, who has not sent one, and who is apart.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Ratings {
    /// The document's label: "Bản kiểm điểm".
    pub label: String,
    /// Each level, in the template's order.
    pub levels: Vec<LevelCount>,
    /// Who has not sent it (or had it returned), those apart left out.
    pub not_submitted: Vec<String>,
    /// Excused from activities or moved away in the year: not rated.
    pub apart: Vec<String>,
    /// Reviews received and not returned: each level's share is of these.
    pub rated: u32,
    /// The committee counts the share limit of "xuất sắc" (off by default).
    pub share_limit: bool,
    /// With the limit on and exceeded: (xuất sắc, tốt), by the branch's
    /// level where it was recorded, else the member's.
    pub share_exceeded: Option<(u32, u32)>,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LevelCount {
    pub level: String,
    /// Members who proposed this level for themselves.
    pub proposed: Vec<String>,
    /// Members the branch proposed it for.
    pub branch: Vec<String>,
    /// Members counted at it: by the branch's level where recorded, else
    /// their own (each person once, namesakes too).
    pub counted: Vec<String>,
    /// "3 (37,5%)": each count with its share of those rated.
    pub proposed_share: String,
    pub branch_share: String,
}

/// "3 (37,5%)": a count and its share of those rated.
pub fn share(count: usize, rated: u32) -> String {
    if rated == 0 {
        return count.to_string();
    }
    let tenths = (count as u64 * 1000 + rated as u64 / 2) / rated as u64;
    let percent =
        if tenths.is_multiple_of(10) { (tenths / 10).to_string() } else { format!("{},{}", tenths / 10, tenths % 10) };
    format!("{count} ({percent}%)")
}

/// The ratings of `t`; None when no kind of document has a choice. Every
/// file sent and not returned counts.
pub fn ratings(t: &YearTable, share_limit: bool) -> Option<Ratings> {
    let i = t.kinds.iter().position(|k| k.choice)?;
    // The levels in the shipped template's order; one only a unit's template has comes after.
    let section = crate::template::shipped(&t.kinds[i].kind)
        .and_then(|t| t.sections.iter().find(|s| s.kind == SectionKind::Choice).cloned());
    let mut levels: Vec<LevelCount> = section
        .iter()
        .flat_map(|s| &s.options)
        .map(|o| LevelCount { level: o.clone(), ..Default::default() })
        .collect();
    let slot = |levels: &mut Vec<LevelCount>, level: &str| -> usize {
        match levels.iter().position(|l| l.level == level) {
            Some(at) => at,
            None => {
                levels.push(LevelCount { level: level.to_string(), ..Default::default() });
                levels.len() - 1
            }
        }
    };
    let (mut not_submitted, mut apart, mut rated) = (Vec::new(), Vec::new(), 0);
    for row in &t.rows {
        let name = row.member.full_name.clone();
        let Some(cell) = row.cells.get(i) else { continue };
        if row.exempt || row.moved {
            apart.push(name);
            continue;
        }
        match cell.status {
            CellStatus::Submitted | CellStatus::Confirmed => {
                rated += 1;
                if let Some(choice) = &cell.choice {
                    let at = slot(&mut levels, choice);
                    levels[at].proposed.push(name.clone());
                }
                if let Some(b) = &cell.branch_rating {
                    let at = slot(&mut levels, &b.level);
                    levels[at].branch.push(name);
                }
                if let Some(level) = cell.branch_rating.as_ref().map(|b| &b.level).or(cell.choice.as_ref()) {
                    let at = slot(&mut levels, level);
                    levels[at].counted.push(row.member.full_name.clone());
                }
            }
            _ => not_submitted.push(name),
        }
    }
    // "Xuất sắc" no more than 20 % of "tốt": the first two levels.
    let count = |at: usize| levels.get(at).map_or(0, |l| l.counted.len() as u32);
    let (excellent, good) = (count(0), count(1));
    let share_exceeded = (share_limit && excellent * 5 > good).then_some((excellent, good));
    for l in &mut levels {
        l.proposed_share = share(l.proposed.len(), rated);
        l.branch_share = share(l.branch.len(), rated);
    }
    Some(Ratings { label: t.kinds[i].label.clone(), levels, not_submitted, apart, rated, share_limit, share_exceeded })
}

impl Ratings {
    /// Someone has sent the review: the summary is worth printing.
    pub fn any(&self) -> bool {
        self.rated > 0
    }
}

/// The current file of a member's document (the accepted one with the
/// highest revision) and the secretary's latest decision on it.
fn cell(store: &Store, member: i64, year: i32, column: &KindColumn) -> Result<Cell> {
    let kind = column.kind.as_str();
    let current: Option<(i64, String, String, String)> = store
        .conn()
        .query_row(
            "SELECT id, received_at, signed_at, fingerprint FROM submissions
             WHERE member_id = ?1 AND year = ?2 AND kind = ?3 AND held IS NULL
             ORDER BY revision DESC, id DESC LIMIT 1",
            params![member, year, kind],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((id, received_at, signed_at, fingerprint)) = current else {
        return Ok(Cell {
            kind: kind.to_string(),
            status: CellStatus::NotSubmitted,
            label: CellStatus::NotSubmitted.label().to_string(),
            received_at: None,
            signed_at: None,
            code: None,
            note: String::new(),
            submission_id: None,
            choice: None,
            form: None,
            points: None,
            total: None,
            branch_rating: None,
            confirm_again: false,
            due: column.due,
        });
    };
    let decision: Option<(String, String, String)> = store
        .conn()
        .query_row(
            "SELECT decision, note, decided_at FROM decisions WHERE submission_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let decided_at = decision.as_ref().map(|(_, _, at)| at.clone());
    let (status, note) = match decision {
        Some((d, note, _)) if d == "xac-nhan" => (CellStatus::Confirmed, note),
        Some((_, note, _)) => (CellStatus::Returned, note),
        None => (CellStatus::Submitted, String::new()),
    };
    let mut cell = Cell {
        kind: kind.to_string(),
        status,
        label: status.label().to_string(),
        received_at: Some(received_at),
        signed_at: Some(signed_at),
        code: Some(short_code(&fingerprint)),
        note,
        submission_id: Some(id),
        choice: None,
        form: None,
        points: None,
        total: None,
        branch_rating: None,
        confirm_again: false,
        due: column.due,
    };
    if column.choice {
        let rated_at = reviewed(store, id, &mut cell)?;
        cell.confirm_again = status == CellStatus::Confirmed && rated_at > decided_at;
    }
    Ok(cell)
}

/// What a received review says: the option chosen in its first choice
/// section, its form and points; and the branch's level on it, with when it was recorded.
fn reviewed(store: &Store, submission: i64, cell: &mut Cell) -> Result<Option<String>> {
    use crate::points::show;
    let (rating, rated_at) = super::rating::latest(store, submission)?.unzip();
    cell.branch_rating = rating;
    let bytes: Vec<u8> =
        store.conn().query_row("SELECT record FROM submissions WHERE id = ?1", [submission], |r| r.get(0))?;
    // Only verified records are taken in; one a newer app wrote may not read.
    let Ok(record) = crate::record::read(&bytes) else { return Ok(rated_at) };
    let content = &record.content;
    let sections = &content.template.sections;
    cell.choice = sections
        .iter()
        .find(|s| s.kind == SectionKind::Choice)
        .map(|s| content.choice(&s.id).to_string())
        .filter(|c| !c.is_empty());
    cell.form = content.template.form.as_ref().map(|f| f.code.clone());
    if let Some(points) = sections.iter().find(|s| s.kind == SectionKind::Points) {
        let tally = content.tally(points);
        let groups: Vec<String> = tally.groups.iter().map(|(got, _)| show(*got)).collect();
        cell.points = Some(format!("{} = {}", groups.join(" + "), show(tally.total)));
        cell.total = Some(show(tally.total));
    }
    Ok(rated_at)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_share_is_of_those_rated_with_a_decimal_comma() {
        assert_eq!(super::share(3, 8), "3 (37,5%)");
        assert_eq!(super::share(1, 4), "1 (25%)");
        assert_eq!(super::share(0, 0), "0");
        assert_eq!(super::share(1, 3), "1 (33,3%)");
    }
}
