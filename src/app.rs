//! What the screens ask for, each answered by one call: the profile with its
//! problems, the year board, a document to edit, and the printable PDF. The
//! desktop shell and the command line stay thin over these.

use crate::document::{Answers, Content, Missing, Status};
use crate::error::{Error, ErrorView, Result};
use crate::profile::{FieldProblem, Profile};
use crate::render::{render, Mark};
use crate::store::Store;
use crate::template::Template;
use chrono::NaiveDate;
use serde::Serialize;

/// What the app needs to know when its window opens.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Startup {
    /// No profile saved yet: show the welcome screen.
    pub first_launch: bool,
    /// The database could not be opened: the library's message.
    pub damaged: Option<ErrorView>,
    pub latest_backup: Option<String>,
    pub year: i32,
    /// The database could only be opened for reading: why, to show above
    /// every screen (the app still shows and prints what is there).
    pub read_only: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ProfileView {
    pub profile: Profile,
    pub problems: Vec<FieldProblem>,
    /// The short fingerprint of the member's key, read to the secretary once.
    pub key_fingerprint: String,
    /// The most characters a field holds: the page refuses more before it
    /// is typed or pasted.
    pub line_limit: u32,
}

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

/// A document as its editor shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DocumentView {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub year: i32,
    pub kind: String,
    /// "Kế hoạch cá nhân", from the template.
    pub label: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub status: Status,
    pub template: Template,
    pub answers: Answers,
    pub missing: Vec<Missing>,
    pub signed_code: Option<String>,
    /// The documents this one may cite: those in force for its year, the
    /// library's and the template's own.
    pub citable: Vec<crate::reference::CitedDocument>,
    /// The date printed on the document, and whether the member chose it
    /// (otherwise it is today's).
    pub date: NaiveDate,
    pub date_chosen: bool,
    /// The latest signed version carries a signature image (so the print
    /// step does not ask for a signature by hand).
    pub signature_placed: bool,
    /// The most characters a text section and a table cell hold: the page
    /// refuses more before it is typed or pasted.
    pub text_limit: u32,
    pub cell_limit: u32,
    /// Section id → what the same year's signed document says there (the
    /// commitment beside its self-assessment), shown above the field.
    pub recalled: std::collections::BTreeMap<String, String>,
    /// What the member wrote, as plain text to copy into the unit's own
    /// review form.
    pub plain_text: String,
    /// The kind's other forms the member may choose (the year-end review's
    /// 2A, 2B, 2C); empty for a kind of one form.
    pub forms: Vec<FormChoice>,
    /// For a choice of levels that follows the points: what the points allow.
    pub levels: Option<LevelAdvice>,
    /// The profile answers the two questions that choose the form.
    pub form_questions_answered: bool,
    /// Section id → what last year's document ticked in its self-check,
    /// shown beside each item; this year's starts unticked.
    pub last_years_ticks: std::collections::BTreeMap<String, Vec<String>>,
    /// Section id → what it took over from last year's document, shown as
    /// carried until the member has looked at it again.
    pub carried: std::collections::BTreeMap<String, CarriedView>,
}

/// A section taken over from last year's document, as the screen shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CarriedView {
    pub from_year: i32,
    /// Where it came from, as said on the step: "bản năm 2026", or for a
    /// section filled from another document "bản kiểm điểm năm 2026".
    pub from: String,
    /// The member read it again, or changed it.
    pub seen: bool,
    /// The words around each mention of the old year still there, unless kept.
    pub old_year: Vec<String>,
    /// A carried row's first cell → what last year's end said of it.
    pub row_notes: std::collections::BTreeMap<String, String>,
}

/// One form of a kind, as the member chooses among them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FormChoice {
    pub template_id: String,
    pub name: String,
    pub code: String,
    /// The form's letter was checked against the published form.
    pub confirmed: bool,
    /// The form the profile's two answers point to.
    pub fits_profile: bool,
}

/// The level the points allow, for the member to see beside the levels.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LevelAdvice {
    /// The choice section.
    pub section: String,
    /// "86,5/100", or None while a criterion is not scored.
    pub total: Option<String>,
    /// The best option the total allows (index); those before it are refused.
    pub allowed: Option<u32>,
    /// Per option, the least total out of 100, and the conditions the
    /// points do not show (our wording).
    pub mins: Vec<f32>,
    pub conditions: Vec<Vec<String>>,
    /// The regulation the thresholds come from, and rules not confirmed.
    pub source: String,
    pub unconfirmed: Vec<String>,
}

/// What the points of `content` allow in its choice of levels, if it has one.
fn level_advice(content: &Content) -> Option<LevelAdvice> {
    let choice = content.template.sections.iter().find(|s| s.levels_from.is_some())?;
    let scale = crate::points::scale(content.year)?;
    let (allowed, tally) = content.levels_tally(choice).unzip();
    Some(LevelAdvice {
        section: choice.id.clone(),
        total: tally.map(|t| format!("{}/{}", crate::points::show(t.total), crate::points::show(t.max))),
        allowed: allowed.map(|i| i as u32),
        mins: scale.levels.iter().map(|l| l.min).collect(),
        conditions: scale.levels.iter().map(|l| l.conditions.clone()).collect(),
        source: scale.source.clone(),
        unconfirmed: scale.unconfirmed.clone(),
    })
}

/// The forms a document may take, when its kind has several.
fn form_choices(store: &Store, year: i32, kind: &str, profile: &Profile) -> Result<Vec<FormChoice>> {
    let forms = store.forms_for(year, kind)?;
    if forms.len() < 2 {
        return Ok(Vec::new());
    }
    Ok(forms
        .into_iter()
        .filter_map(|t| {
            let f = t.form.clone()?;
            Some(FormChoice {
                fits_profile: f.fits(profile),
                template_id: t.id,
                name: t.name,
                code: f.code,
                confirmed: f.confirmed,
            })
        })
        .collect())
}

/// The member's database as the app opens it: for writing, or for reading
/// only when the file or its folder cannot be written (a network share, a
/// file copied from a CD); the flag carries the message that says so.
pub fn open_database(db: &std::path::Path) -> (Result<Store>, Option<String>) {
    crate::log::started(db);
    match Store::open(db) {
        Err(e @ Error::ReadOnly(_)) => {
            crate::log::error(&e);
            (Store::open_read_only(db), Some(e.to_string()))
        }
        other => (other, None),
    }
}

/// What the window shows first: the welcome (no profile yet), the damaged
/// database with its latest backup, or the board; in the year being prepared.
pub fn startup(
    opened: &std::result::Result<Store, ErrorView>,
    db: &std::path::Path,
    read_only: Option<String>,
    today: NaiveDate,
) -> std::result::Result<Startup, ErrorView> {
    let latest_backup = crate::store::latest_backup(db).ok().flatten().map(|p| p.display().to_string());
    let year = working_year(today);
    match opened {
        Ok(store) => {
            let profile = store.profile().map_err(|e| ErrorView::from(&e))?;
            Ok(Startup { first_launch: profile == Profile::default(), damaged: None, latest_backup, year, read_only })
        }
        Err(e) if e.code == crate::ErrorCode::Damaged => {
            Ok(Startup { first_launch: false, damaged: Some(e.clone()), latest_backup, year, read_only })
        }
        Err(e) => Err(e.clone()),
    }
}

/// Replaces a damaged database by its latest backup (the damaged file is
/// moved aside, never deleted) and opens it. A database that still reads is
/// never replaced from the app.
pub fn restore_latest(db: &std::path::Path) -> Result<Store> {
    let latest = crate::store::latest_backup(db)?.ok_or_else(|| Error::NotFound("bản sao lưu nào".into()))?;
    match crate::store::restore(db, &latest, false) {
        Err(Error::WouldOverwrite(_)) => {
            return Err(Error::invalid(
                "restore",
                "Dữ liệu hiện tại vẫn đọc được nên không khôi phục đè lên. Nếu cần khôi phục, hãy nhờ người hỗ trợ.",
            ))
        }
        other => other?,
    }
    Store::open(db)
}

/// "Mở để in": the printable PDF written to the `ban-in` folder beside the
/// database, for the system's viewer to open; its path.
pub fn print_copy(
    store: &Store,
    db: &std::path::Path,
    id: i64,
    signed_only: bool,
    today: NaiveDate,
) -> Result<std::path::PathBuf> {
    let saved = pdf_to_save(store, id, signed_only, today)?;
    let path = db.with_file_name("ban-in").join(&saved.file_name);
    crate::files::write_atomic(&path, &saved.bytes)?;
    Ok(path)
}

/// The PDF of the `kind` document of `year` (the latest signed version with
/// `signed`), for `camket render`.
pub fn document_pdf(store: &Store, year: i32, kind: &str, signed: bool, today: NaiveDate) -> Result<Vec<u8>> {
    crate::dates::check_year(year)?;
    let id = match store.find_document(year, kind)? {
        Some(id) => id,
        None => {
            // A kind no template makes is said as such; a known one is not written yet.
            let label = crate::template::shipped_or_error(kind)?.label;
            return Err(Error::NotFound(format!("{} năm {year}", label.to_lowercase())));
        }
    };
    pdf(store, id, signed, today)
}

/// The year the board opens on: from 1 November, next year's documents are
/// being prepared (forms.md, the yearly cycle), so the board opens on them.
pub fn working_year(today: NaiveDate) -> i32 {
    use chrono::Datelike;
    if today.month() >= 11 {
        today.year() + 1
    } else {
        today.year()
    }
}

fn other_year(shown: i32, today: NaiveDate) -> Option<i32> {
    let (calendar, working) = (chrono::Datelike::year(&today), working_year(today));
    match shown {
        _ if calendar == working => None,
        y if y == working => Some(calendar),
        y if y == calendar => Some(working),
        _ => None,
    }
}

pub fn profile_view(store: &Store, today: NaiveDate) -> Result<ProfileView> {
    let profile = store.profile()?;
    let problems = profile.problems(today);
    Ok(ProfileView {
        profile,
        problems,
        key_fingerprint: store.member_key()?.fingerprint(),
        line_limit: crate::text::LINE_LIMIT as u32,
    })
}

pub fn save_profile(store: &Store, profile: &Profile, today: NaiveDate) -> Result<ProfileView> {
    store.save_profile(profile)?;
    profile_view(store, today)
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

/// The member sets the document's date (None: today's); the view after it.
pub fn set_document_date(
    store: &mut Store,
    id: i64,
    date: Option<NaiveDate>,
    base_revision: i64,
    today: NaiveDate,
) -> Result<DocumentView> {
    store.set_date(id, date, base_revision)?;
    document_view(store, id, today)
}

pub fn open_document(store: &mut Store, year: i32, kind: &str, today: NaiveDate) -> Result<DocumentView> {
    let id = store.document(year, kind)?;
    document_view(store, id, today)
}

pub fn document_view(store: &Store, id: i64, today: NaiveDate) -> Result<DocumentView> {
    let info = store.info(id)?;
    let content = store.draft_content(id, today)?;
    let forms = form_choices(store, info.year, &info.kind, &content.profile)?;
    let carried = store.carried(id)?;
    let missing = store.missing(id, &content, today)?;
    Ok(DocumentView {
        id,
        carried: carried
            .iter()
            .map(|c| {
                let view = CarriedView {
                    from: carried_from(&content.template, &c.section, c.from_year),
                    from_year: c.from_year,
                    seen: c.seen,
                    old_year: crate::store::old_year(&content, c),
                    row_notes: c.row_notes.clone(),
                };
                (c.section.clone(), view)
            })
            .collect(),
        forms,
        form_questions_answered: content.profile.answers_form_questions(),
        year: info.year,
        label: content.template.board_label(),
        recalled: crate::prefill::recalled(store, info.year, &content.template)?,
        last_years_ticks: crate::prefill::last_years_ticks(store, info.year, &content.template)?,
        // What "In…" prints: the signed version once there is one.
        plain_text: crate::plain::plain_text(&printable(store, id, info.signed_code.is_some(), today)?.0),
        kind: info.kind,
        revision: info.revision,
        status: info.status,
        missing,
        date: content.date,
        date_chosen: info.dated.is_some(),
        text_limit: crate::text::ANSWER_LIMIT as u32,
        cell_limit: crate::document::CELL_LIMIT as u32,
        // A record that cannot be read must not keep the editor from opening.
        signature_placed: store.latest_signed(id).ok().flatten().is_some_and(|v| v.signature.is_some()),
        citable: content.template.citable(info.year),
        levels: level_advice(&content),
        template: content.template,
        answers: content.answers,
        signed_code: info.signed_code,
    })
}

/// Where a carried section came from: last year's same document, or the
/// other document its template carries it from (the review).
fn carried_from(template: &Template, section: &str, year: i32) -> String {
    let other = template
        .section(section)
        .into_iter()
        .flat_map(|s| s.carry.iter())
        .filter_map(|c| crate::template::source(c).map(|(kind, _)| kind))
        .find(|kind| *kind != template.kind)
        .and_then(crate::template::shipped);
    match other {
        Some(t) => format!("{} năm {year}", t.clone().with_kind_defaults().board_label().to_lowercase()),
        None => format!("bản năm {year}"),
    }
}

/// "Đã xem lại" on a section taken over from last year's (with `keep_year`,
/// "Giữ năm …": its mention of the old year stays on purpose).
pub fn review_carried(
    store: &Store,
    id: i64,
    section: &str,
    keep_year: bool,
    today: NaiveDate,
) -> Result<DocumentView> {
    store.review_carried(id, section, keep_year)?;
    document_view(store, id, today)
}

/// What prints for a document: the current revision (signed or draft), or
/// with `signed_only` the latest signed version even after later edits.
pub fn printable(store: &Store, id: i64, signed_only: bool, today: NaiveDate) -> Result<(Content, Mark)> {
    let info = store.info(id)?;
    match store.latest_signed(id)? {
        Some(v) if signed_only || info.status == Status::Signed => {
            Ok((
                v.content().clone(),
                Mark::Signed {
                    code: v.code(),
                    signed_at: v.signed_at,
                    signature: v.signature,
                    // The member's own version: sealed anew with this build's layout when sent.
                    layout: crate::render::LAYOUT,
                },
            ))
        }
        None if signed_only => Err(Error::NotFound("bản đã ký của văn bản này".into())),
        _ => Ok((store.draft_content(id, today)?, Mark::Draft)),
    }
}

/// The pages "In…" prints: the printable PDF's pages as SVG images.
pub fn print_pages(store: &Store, id: i64, signed_only: bool, today: NaiveDate) -> Result<Vec<String>> {
    let (content, mark) = printable(store, id, signed_only, today)?;
    crate::render::svg_pages(&content, &mark)
}

/// The file name a document's PDF is offered under, e.g. `ban-cam-ket-2026.pdf`.
pub fn pdf_file_name(store: &Store, id: i64) -> Result<String> {
    let info = store.info(id)?;
    let name = store.template_of(id)?.with_kind_defaults().file_stem();
    Ok(format!("{name}-{}.pdf", info.year))
}

pub fn pdf(store: &Store, id: i64, signed_only: bool, today: NaiveDate) -> Result<Vec<u8>> {
    let (content, mark) = printable(store, id, signed_only, today)?;
    render(&content, &mark)
}

/// The signed PDF a member sends to the branch: the latest signed version,
/// its record and seal inside, under the name a secretary can tell apart.
pub struct BranchCopy {
    pub record_id: i64,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

pub fn branch_copy(store: &Store, id: i64) -> Result<BranchCopy> {
    let version = store
        .latest_signed(id)?
        .ok_or_else(|| Error::NotFound("bản đã ký của văn bản này; hãy ký trước khi gửi chi bộ".into()))?;
    let key = store.key_for(&version.public_key)?;
    let bytes = crate::seal::signed_pdf(&version.record, &version.key_signature, version.signature.clone(), &key)?;
    Ok(BranchCopy { record_id: version.id, file_name: version.record.file_name(), bytes })
}

/// The one PDF "Lưu PDF" and "Mở bằng trình xem PDF" give: a signed version
/// is always the branch copy (record and seal inside, the branch's file
/// name), so the file a member saves is the file the branch accepts; a
/// document never signed is its draft.
pub struct SavedPdf {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The signed version inside, noted as saved for the branch when written.
    pub record_id: Option<i64>,
}

pub fn pdf_to_save(store: &Store, id: i64, signed_only: bool, today: NaiveDate) -> Result<SavedPdf> {
    let signed = store.info(id)?.status == Status::Signed;
    if signed || signed_only {
        let copy = branch_copy(store, id)?;
        return Ok(SavedPdf { file_name: copy.file_name, bytes: copy.bytes, record_id: Some(copy.record_id) });
    }
    Ok(SavedPdf { file_name: pdf_file_name(store, id)?, bytes: pdf(store, id, false, today)?, record_id: None })
}

/// Writes the PDF where the member chose; a signed one is noted as saved for the branch.
pub fn keep_pdf(store: &Store, saved: &SavedPdf, path: &std::path::Path) -> Result<()> {
    crate::files::write_atomic(path, &saved.bytes)?;
    match saved.record_id {
        Some(record) => store.note_branch_copy(record),
        None => Ok(()),
    }
}

/// The year's branch table, only the rows the filter keeps.
pub fn branch_table(
    store: &Store,
    year: i32,
    filter: &crate::branch::status::Filter,
    today: NaiveDate,
) -> Result<crate::branch::status::YearTable> {
    let mut table = crate::branch::status::year_table(store, year, today)?;
    table.rows.retain(|r| r.keep(filter));
    Ok(table)
}

/// The PDF of a received file as the branch has it: confirmed, or as sent.
pub fn submission_pdf(store: &Store, submission_id: i64) -> Result<Vec<u8>> {
    if let Some(pdf) = crate::branch::confirm::confirmed_pdf(store, submission_id)? {
        return Ok(pdf);
    }
    store
        .conn()
        .query_row("SELECT pdf FROM submissions WHERE id = ?1", [submission_id], |r| r.get(0))
        .map_err(|_| Error::NotFound(format!("tệp đã nhận số {submission_id}")))
}

/// What the branch sent back, brought in by the member: the confirmed PDF,
/// or the notice that a version was returned to be corrected (`.json`).
pub fn import_from_branch(store: &Store, path: &std::path::Path) -> Result<String> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        import_return(store, path)
    } else {
        import_confirmation(store, path)
    }
}

/// The branch's return notice: signed by the secretary whose settings the
/// member accepted (when any were), for one of the member's signed versions.
pub fn import_return(store: &Store, path: &std::path::Path) -> Result<String> {
    const MAX: u64 = 64 * 1024;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() || meta.len() > MAX {
        return Err(Error::invalid("file", "Tệp này không phải giấy báo trả lại của chi bộ (Cam Kết)."));
    }
    let bytes = crate::files::read_regular(path, MAX)?;
    let n = crate::branch::confirm::read_return_notice(&bytes)?;
    let record_id = store
        .record_by_fingerprint(&n.record_sha256)?
        .ok_or_else(|| Error::invalid("file", "Giấy báo không nói về văn bản đồng chí đã ký trên máy này."))?;
    crate::branch::settings::check_issuer(store.conn(), &n.public_key, "Giấy báo trả lại")?;
    if store.has_return(record_id, &bytes)? {
        return Err(Error::invalid("file", "Giấy báo này đã được mở trước đây."));
    }
    let on = n.date.map(|d| format!(" ngày {}", crate::dates::format_date(d))).unwrap_or_default();
    let line = format!("Chi bộ trả lại để sửa{on} (bí thư {}): {}", n.secretary, n.note);
    store.keep_return(record_id, &line, &bytes)?;
    Ok(line)
}

/// The member brings the branch's confirmed PDF back in: it must verify,
/// carry a confirmation signed by the secretary whose settings the member
/// accepted, and be of one of the member's own signed versions.
/// Returns what the board will say.
pub fn import_confirmation(store: &Store, path: &std::path::Path) -> Result<String> {
    let v = crate::verify::verify_file(path)
        .map_err(|r| Error::invalid("file", format!("Tệp không dùng được: {}.", r.message())))?;
    let c = v.confirmation.ok_or_else(|| {
        Error::invalid("file", "Tệp này chưa có xác nhận của chi bộ (đây là bản đồng chí đã ký, chưa qua chi bộ).")
    })?;
    let record_id = store
        .record_by_fingerprint(&v.record.fingerprint)?
        .ok_or_else(|| Error::invalid("file", "Văn bản trong tệp không phải văn bản đồng chí đã ký trên máy này."))?;
    crate::branch::settings::check_issuer(store.conn(), &c.public_key, "Xác nhận của chi bộ")?;
    let pdf = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let line = format!(
        "Chi bộ đã xác nhận ngày {} ({} {})",
        c.date.parse().map(crate::dates::format_date).unwrap_or(c.date.clone()),
        c.function.to_lowercase(),
        c.secretary
    );
    store.keep_confirmation(record_id, &c.date, &line, &pdf)?;
    Ok(line)
}

/// The secretary's settings file of `year`, with the unit's template files.
pub fn branch_settings_file(
    store: &Store,
    year: i32,
    template_files: &[std::path::PathBuf],
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let sources = template_files.iter().map(|p| crate::template::read_file(p)).collect::<Result<Vec<String>>>()?;
    crate::branch::settings::make(store, year, &sources, today)
}

/// Writes the secretary's settings file of `year` to `out`, then notes that
/// the year's settings were handed out (from then on a file of that year
/// signed without the branch's key is held): never noted for a file that
/// could not be written.
pub fn save_branch_settings(
    store: &Store,
    year: i32,
    template_files: &[std::path::PathBuf],
    today: NaiveDate,
    out: &std::path::Path,
) -> Result<()> {
    let file = branch_settings_file(store, year, template_files, today)?;
    crate::files::write_into_existing_folder(out, &file)?;
    crate::branch::identity::settings_issued(store.conn(), year)
}

/// A settings file the member chose, with what accepting it would change;
/// the caller keeps the file's bytes and gives exactly those to
/// `accept_settings`, which checks them again.
#[derive(Debug, Clone)]
pub struct OpenedSettings {
    pub preview: crate::branch::settings::SettingsPreview,
    pub file: Vec<u8>,
}

pub fn open_settings(store: &Store, path: &std::path::Path) -> Result<OpenedSettings> {
    let file = crate::branch::settings::read_file(path)?;
    let settings = crate::branch::settings::read(&file)?;
    Ok(OpenedSettings { preview: crate::branch::settings::preview(store, &settings)?, file })
}

/// Applies a settings file (the bytes the member previewed); `new_key` is
/// the fingerprint of a new secretary key the member confirmed separately.
/// Returns what the app tells the member.
pub fn accept_settings(store: &mut Store, file: &[u8], new_key: Option<&str>) -> Result<String> {
    let s = crate::branch::settings::accept(store, file, new_key)?;
    Ok(format!("Đã áp dụng thiết lập của chi bộ năm {} ({}).", s.year, s.issued_by))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_board_opens_on_next_year_from_the_first_of_november() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(working_year(d(2026, 10, 31)), 2026);
        assert_eq!(working_year(d(2026, 11, 1)), 2027);
        assert_eq!(working_year(d(2026, 12, 31)), 2027);
        assert_eq!(working_year(d(2027, 1, 1)), 2027);
        assert_eq!(other_year(2027, d(2026, 11, 27)), Some(2026));
        assert_eq!(other_year(2026, d(2026, 11, 27)), Some(2027));
        assert_eq!(other_year(2025, d(2026, 11, 27)), None);
        assert_eq!(other_year(2026, d(2026, 6, 1)), None);
    }
}
