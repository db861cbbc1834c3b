//! A document being written: its view for the wizard, and the actions on it
//! (start from last year's, fill again, choose a form, date, sign).

use super::*;

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
    /// The latest signed version's ký số: who holds the certificate, its provider.
    pub ky_so: Option<KySoView>,
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

/// A signed version's ký số, as the sign step says it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct KySoView {
    pub holder: String,
    pub provider: String,
    pub serial: String,
    /// RFC 3339.
    pub signed_at: String,
}

fn ky_so_view(store: &Store, id: i64) -> Result<Option<KySoView>> {
    let Some(version) = store.latest_signed(id)? else { return Ok(None) };
    Ok(store.ky_so(version.id)?.map(|k| KySoView {
        holder: k.holder,
        provider: k.provider,
        serial: k.serial,
        signed_at: k.signed_at,
    }))
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
    let id = crate::writing::document(store, year, kind)?;
    document_view(store, id, today)
}

pub fn document_view(store: &Store, id: i64, today: NaiveDate) -> Result<DocumentView> {
    let info = store.info(id)?;
    let content = store.draft_content(id, today)?;
    let forms = form_choices(store, info.year, &info.kind, &content.profile)?;
    let carried = store.carried(id)?;
    let missing = crate::writing::missing(store, id, &content, today)?;
    Ok(DocumentView {
        id,
        carried: carried
            .iter()
            .map(|c| {
                let view = CarriedView {
                    from: carried_from(&content.template, &c.section, c.from_year),
                    from_year: c.from_year,
                    seen: c.seen,
                    old_year: crate::writing::old_year(&content, c),
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
        ky_so: ky_so_view(store, id)?,
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

/// "Bắt đầu từ bản năm trước".
pub fn start_from_previous(store: &mut Store, year: i32, kind: &str, today: NaiveDate) -> Result<DocumentView> {
    let id = crate::writing::start_from_previous(store, year, kind)?;
    document_view(store, id, today)
}

/// A section filled again from its source (the signed plan and its progress).
pub fn refill_section(
    store: &mut Store,
    id: i64,
    section: &str,
    base_revision: i64,
    today: NaiveDate,
) -> Result<DocumentView> {
    crate::writing::refill(store, id, section, base_revision)?;
    document_view(store, id, today)
}

/// The member chose another of the kind's forms (the review's 2A, 2B, 2C).
pub fn choose_form(
    store: &mut Store,
    id: i64,
    template_id: &str,
    base_revision: i64,
    today: NaiveDate,
) -> Result<DocumentView> {
    store.choose_form(id, template_id, base_revision)?;
    document_view(store, id, today)
}

/// Signs the current revision on `today`, with the signature image (a PNG
/// drawn in the pad or chosen from a file, checked again here) when the
/// member placed one.
pub fn sign_document(
    store: &mut Store,
    id: i64,
    base_revision: i64,
    signature_png: Option<&[u8]>,
    today: NaiveDate,
) -> Result<DocumentView> {
    let image = signature_png.map(crate::signature::SignatureImage::from_png).transpose()?;
    crate::writing::sign(store, id, base_revision, today, image.as_ref())?;
    document_view(store, id, today)
}
