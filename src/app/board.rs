//! The year board: the member's documents of a year, each with its status
//! and what to do next.

use super::*;

/// Where a document of the board stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum BoardStatus {
    /// Nothing written yet.
    #[serde(rename = "chua-lam")]
    NotStarted,
    #[serde(rename = "nhap")]
    Draft,
    #[serde(rename = "da-ky")]
    Signed,
}

/// One document on the year board.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BoardEntry {
    pub kind: String,
    pub label: String,
    /// Written at the year's end (the self-review).
    pub year_end: bool,
    pub status: BoardStatus,
    pub status_label: String,
    pub updated_at: Option<String>,
    pub signed_code: Option<String>,
    /// When the latest signed version was last saved to send to the branch.
    pub branch_copy_saved_at: Option<String>,
    /// "Chi bộ đã xác nhận ngày …": the branch's confirmed PDF was brought back in.
    pub confirmed: Option<String>,
    /// "Chi bộ trả lại để sửa ngày …: …": the branch's notice was brought in.
    pub returned: Option<String>,
    /// Last year's document exists and this year's is still empty.
    pub can_start_from_previous: bool,
    /// For a signed plan: "4/7 việc đã làm", and the quarter's reminder.
    pub progress: Option<String>,
    pub progress_reminder: Option<String>,
    /// A year-end document before its year's November: not offered until then.
    pub opens_on: Option<NaiveDate>,
    /// The Word file its text was brought in from, if it was.
    pub brought_from: Option<String>,
}

/// The year-end review to write now, led with on the board: from its
/// year's November until it is signed or February ends.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ReviewDue {
    pub year: i32,
    pub kind: String,
    pub label: String,
    pub status: BoardStatus,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct YearBoard {
    pub year: i32,
    pub entries: Vec<BoardEntry>,
    /// Years that have documents, newest first, always with `year` itself.
    pub years: Vec<i32>,
    /// The person collects documents for the branch: show the branch workspace.
    pub collects_for_branch: bool,
    /// From November the board opens on next year: this year's documents
    /// are one click away, and from them the way back.
    pub other_year: Option<i32>,
    /// From the branch's settings file accepted for this year: the deadline
    /// and who issued it.
    pub deadline: Option<NaiveDate>,
    pub settings_issued_by: Option<String>,
    /// The review of the year that is ending, while it waits to be signed.
    pub review_due: Option<ReviewDue>,
}

/// The templates of the documents on `year`'s board, in order: the shipped
/// kinds, a kind the branch's settings added for the year, and a kind
/// already begun; each as its document has it, or as a new one would.
fn board_templates(store: &Store, year: i32) -> Result<Vec<Template>> {
    let mut out = Vec::new();
    for kind in store.kinds_of_year(year)? {
        out.push(match store.find_document(year, &kind)? {
            Some(id) => store.template_of(id)?.with_kind_defaults(),
            None => store.template_for(year, &kind)?,
        });
    }
    out.sort_by_key(|t| (t.order == 0, t.order));
    Ok(out)
}

pub fn year_board(store: &Store, year: i32, today: NaiveDate) -> Result<YearBoard> {
    crate::dates::check_year(year)?;
    let all = store.documents()?;
    let mut entries = Vec::new();
    // Progress is recorded from the plan's year on (a plan for next year
    // signed in December has nothing to record yet).
    let progress = match chrono::Datelike::year(&today) >= year {
        true => crate::progress::plan_progress(store, year, today)?,
        false => None,
    };
    for template in board_templates(store, year)? {
        let kind = template.kind.clone();
        let this = all.iter().find(|d| d.year == year && d.kind == kind);
        // Nothing written in it, or only what was taken from other documents
        // (revision 0: the member has not edited it): not started.
        let empty = match this {
            Some(d) => d.status == Status::Draft && (d.revision == 0 || store.answers(d.id)?.is_empty()),
            None => true,
        };
        // Last year's document, or what this one carries from last year's
        // (the review's); not for a document made from this year's (the review).
        let takes_this_year = template.sections.iter().any(|s| s.prefilled());
        let previous = !takes_this_year
            && empty
            && (all.iter().any(|d| d.year == year.saturating_sub(1) && d.kind == kind)
                || crate::prefill::carried(store, year, &template)?.iter().any(|(_, a)| a.is_some()));
        let (status, status_label) = match this {
            Some(d) if !empty => (
                match d.status {
                    Status::Draft => BoardStatus::Draft,
                    Status::Signed => BoardStatus::Signed,
                },
                d.status.label(),
            ),
            _ => (BoardStatus::NotStarted, "chưa làm"),
        };
        let sent = match this {
            Some(d) => store.sent_state(d.id)?,
            None => Default::default(),
        };
        let followed = progress.as_ref().filter(|p| p.kind == kind);
        entries.push(BoardEntry {
            label: template.board_label(),
            year_end: template.year_end,
            kind,
            status,
            status_label: status_label.to_string(),
            updated_at: this.map(|d| d.updated_at.clone()),
            signed_code: this.and_then(|d| d.signed_code.clone()),
            // An edit after signing makes the saved copy an old version: not said as sent.
            branch_copy_saved_at: sent.saved_at.filter(|_| status == BoardStatus::Signed),
            confirmed: sent.confirmed,
            returned: sent.returned,
            can_start_from_previous: previous,
            progress: followed.map(|p| p.summary.clone()),
            progress_reminder: followed.and_then(|p| p.reminder.clone()),
            opens_on: crate::dates::review_opens(year).filter(|day| template.year_end && today < *day),
            brought_from: this.and_then(|d| d.brought_from.clone()),
        });
    }
    let mut years: Vec<i32> = all.iter().map(|d| d.year).chain([year]).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let settings = crate::branch::settings::accepted(store, year)?;
    Ok(YearBoard {
        year,
        entries,
        years,
        collects_for_branch: store.profile()?.collects_for_branch,
        other_year: other_year(year, today),
        deadline: settings.as_ref().and_then(|s| s.deadline),
        settings_issued_by: settings.map(|s| s.issued_by),
        review_due: review_due(store, today)?,
    })
}

/// The review of the year whose end is near, unless it is signed.
fn review_due(store: &Store, today: NaiveDate) -> Result<Option<ReviewDue>> {
    let Some(year) = crate::dates::review_season(today) else { return Ok(None) };
    let Some(template) = board_templates(store, year)?.into_iter().find(|t| t.year_end) else { return Ok(None) };
    let document = store.find_document(year, &template.kind)?;
    let status = match document.map(|id| store.info(id)).transpose()? {
        Some(info) if info.status == Status::Signed => return Ok(None),
        Some(info) if info.revision > 0 => BoardStatus::Draft,
        _ => BoardStatus::NotStarted,
    };
    Ok(Some(ReviewDue { year, label: template.board_label(), kind: template.kind, status }))
}
