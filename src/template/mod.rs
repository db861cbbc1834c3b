//! Form templates as data: every heading, sentence and label a document prints
//! comes from a template file, never from code (forms.md, introduction).

mod load;
pub mod printed;

pub use load::parse;

/// The largest template file read (ours are under 20 KB).
const MAX_FILE_BYTES: u64 = 256 * 1024;

/// A unit's template file as text, read as any file a person names.
pub fn read_file(path: &std::path::Path) -> Result<String> {
    let bytes = crate::files::read_regular(path, MAX_FILE_BYTES)?;
    String::from_utf8(bytes).map_err(|_| {
        Error::invalid("file", format!("Tệp mẫu {} không phải văn bản UTF-8 (tệp .toml).", path.display()))
    })
}

use crate::error::{Error, Result};
use crate::reference::{reference, CitedDocument};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Template {
    pub id: String,
    pub version: u32,
    /// The kind of document it makes ("ke-hoach"). A unit's own template
    /// for the plan keeps the plan's kind. Documents are stored, collected
    /// and shown by kind, and kinds come from the template files: adding a
    /// kind of document is adding a template file.
    pub kind: String,
    /// The board's name for the document: "Kế hoạch cá nhân".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Its place on the board and in the branch's table.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub order: u32,
    /// The start of its PDF's file name: "ke-hoach-ca-nhan".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file_name: String,
    /// Written at the end of the year (the self-review): not due by the
    /// branch's deadline, which is for the documents of the year's start.
    #[serde(default, skip_serializing_if = "is_false")]
    pub year_end: bool,
    /// A short name for lists, e.g. "Kế hoạch cá nhân (mẫu mặc định)".
    pub name: String,
    pub first_year: i32,
    #[serde(default)]
    pub last_year: Option<i32>,
    /// Printed title lines; "{year}" is replaced by the document's year.
    pub title: Vec<String>,
    /// Other wordings of the title a unit may choose instead.
    #[serde(default)]
    pub alternative_titles: Vec<Vec<String>>,
    pub identity: Vec<IdentityLine>,
    pub sections: Vec<Section>,
    pub signature: Signature,
    /// Which national form this template is (the year-end review's 2A, 2B
    /// or 2C) and whom it is for; None for a document with one form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<Form>,
    /// The unit's own reference entries: documents its sections may cite
    /// besides the shipped library (a regulation the library does not hold).
    /// They travel inside the template, so a record stays self-contained.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<CitedDocument>,
    /// Printed words the code places (the frame's "ĐẢNG CỘNG SẢN VIỆT NAM",
    /// a list's notes and column headers), by key: `templates/words.toml`
    /// and the template file's own `[words]`. Read with `word`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub words: BTreeMap<String, String>,
}

/// One of a kind's national forms: the year-end review has three, for a
/// person with a leadership post, one without, and a member outside the
/// political system (review-2025.md, "Which form").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Form {
    /// The form's letter, "2C": one template per letter and kind.
    pub code: String,
    /// Printed above the header, right: "Mẫu 2C-HD KĐ.ĐG 2025".
    #[serde(default)]
    pub mark: String,
    /// The letter was checked against the published form. A form whose
    /// letter is not is shown as such until a unit's template says it is.
    #[serde(default)]
    pub confirmed: bool,
    /// For members working in the political system.
    pub political_system: bool,
    /// For a leadership or management post (None: either).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leadership: Option<bool>,
}

impl Form {
    /// The form for a member who answered the profile's two questions
    /// (unanswered: in the political system, no leadership post).
    pub fn fits(&self, profile: &crate::profile::Profile) -> bool {
        let political = profile.political_system.unwrap_or(true);
        let leads = profile.leadership_post.unwrap_or(false);
        self.political_system == political && (!political || self.leadership.is_none_or(|l| l == leads))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct IdentityLine {
    pub label: String,
    /// A profile field key (see `profile::field_label`).
    pub field: String,
    /// Printed even when the member left the field empty.
    #[serde(default)]
    pub always: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// Free text written by the member.
    Text,
    /// An action table, edited row by row.
    Table,
    /// A self-check against the NQ 04 manifestations; prints `text` once all are ticked.
    Checklist,
    /// Cited documents chosen from the reference library, printed inside `text`.
    Documents,
    /// One of `options` chosen (a proposed rating), printed inside `text` as "{choice}".
    Choice,
    /// A sentence of the template itself; the member writes nothing.
    Fixed,
    /// Criteria in groups, each scored by the member up to its maximum; the
    /// sums are computed (`points.rs`) and `text` prints the total.
    Points,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Section {
    pub id: String,
    /// Printed heading; empty for a paragraph without one.
    #[serde(default)]
    pub heading: String,
    /// A group heading printed once before the first section of the group.
    #[serde(default)]
    pub group: Option<String>,
    pub kind: SectionKind,
    #[serde(default)]
    pub required: bool,
    /// What to write, shown beside the field (2–4 sentences).
    #[serde(default)]
    pub guidance: String,
    /// Short examples a member can insert and adapt.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Table columns, in order.
    #[serde(default)]
    pub columns: Vec<Column>,
    /// For fixed, checklist and documents sections: the printed sentence;
    /// "{documents}" and "{year}" are filled in.
    #[serde(default)]
    pub text: String,
    /// For documents sections: the ids chosen when the member has not chosen.
    #[serde(default)]
    pub default_documents: Vec<String>,
    /// The documents the printed sentence names through "{ref:ID}", once
    /// the template is made for a year: the app shows their full titles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cites: Vec<String>,
    /// For a table: during the year the member records progress on each
    /// row of the signed version (`progress.rs`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub followed: bool,
    /// For a choice: the options, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// "kind/section": filled, when the document is created, from those
    /// sections of the same year's signed documents (`prefill.rs`); a text
    /// takes each, under its heading when there are several.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "one_or_many")]
    #[cfg_attr(feature = "ts", ts(as = "Vec<String>"))]
    pub from: Vec<String>,
    /// "kind/section": filled, when the document is created, from the year
    /// before's document, the first of these that exists (its signed
    /// version, else its draft): last year's shortcomings, item by item.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "one_or_many")]
    #[cfg_attr(feature = "ts", ts(as = "Vec<String>"))]
    pub previous: Vec<String>,
    /// "kind/section": shown beside the field, not printed: what the same
    /// year's signed document says there (the commitment beside its review).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recall: Option<String>,
    /// "kind/section": offered when next year's document starts from this
    /// year's (the review's shortcomings for next year's plan); the first
    /// of these the year before has.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "one_or_many")]
    #[cfg_attr(feature = "ts", ts(as = "Vec<String>"))]
    pub carry: Vec<String>,
    /// For points: the groups of criteria, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<PointGroup>,
    /// For a choice: the points section whose total suggests the option
    /// (the options are then the rating levels, best first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels_from: Option<String>,
}

/// A group of criteria ("Nhóm tiêu chí chung", 30 points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PointGroup {
    pub name: String,
    /// The group's points; its criteria's maxima add up to it.
    pub max: f32,
    pub criteria: Vec<Criterion>,
}

/// One criterion the member scores, whole or half points up to `max`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Criterion {
    pub id: String,
    pub text: String,
    pub max: f32,
}

/// A list written as one string when it has one item, so that a template
/// says `from = "cam-ket/tu_tuong"` and a record of one source keeps the
/// shape it always had.
mod one_or_many {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    pub fn serialize<S: Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
        match v {
            [one] => one.serialize(s),
            many => many.serialize(s),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(match Option::<OneOrMany>::deserialize(d)? {
            None => Vec::new(),
            Some(OneOrMany::One(s)) => vec![s],
            Some(OneOrMany::Many(v)) => v,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Column {
    pub key: String,
    pub name: String,
    /// Relative width on paper.
    pub width: f32,
    /// Filled by the program with the row number; the member types nothing.
    #[serde(default)]
    pub numbering: bool,
    /// Left blank at the start of the year, filled in the year-end review.
    #[serde(default)]
    pub year_end: bool,
    /// In a table filled from another (`Section::from`): the source's
    /// column, or "progress" / "progress-note" for what was recorded of
    /// the row during the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The cell is one of these (or empty), chosen from a list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Signature {
    pub left: String,
    pub right: String,
    pub hint: String,
    /// Printed in the left block when the branch confirms: "T/M CHI BỘ".
    #[serde(default)]
    pub on_behalf: String,
    /// The secretary's function under it: "BÍ THƯ", or "PHÓ BÍ THƯ" for a deputy.
    #[serde(default)]
    pub secretary: String,
    #[serde(default)]
    pub deputy_secretary: String,
    /// Printed in the left block when the branch confirms a review it rated:
    /// "Chi bộ đề xuất xếp loại: {level}."
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub branch_rating: String,
}

impl Template {
    pub fn applies_to(&self, year: i32) -> bool {
        year >= self.first_year && self.last_year.is_none_or(|last| year <= last)
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn title_lines(&self, year: i32) -> Vec<String> {
        self.title.iter().map(|t| fill_year(t, year)).collect()
    }

    /// A cited document by id: the template's own entries first, then the library.
    pub fn cited(&self, id: &str) -> Option<&CitedDocument> {
        self.documents.iter().find(|d| d.id == id).or_else(|| reference().document(id))
    }

    /// The documents a document of `year` may cite, the library's then the template's own.
    pub fn citable(&self, year: i32) -> Vec<CitedDocument> {
        reference().documents.iter().chain(&self.documents).filter(|d| d.in_force(year)).cloned().collect()
    }

    /// The document `id` stands for in a document of `year`: itself while in
    /// force, else what replaced it (QĐ 37 → QĐ 207 from 2027).
    pub fn in_force(&self, id: &str, year: i32) -> Option<&CitedDocument> {
        let mut doc = self.cited(id)?;
        // A short chain; the bound only guards against a loop in a unit's entries.
        for _ in 0..8 {
            if doc.in_force(year) {
                return Some(doc);
            }
            doc = self.cited(doc.replaced_by.as_deref()?)?;
        }
        None
    }

    /// The template as a document of `year` keeps it: the cited documents
    /// are those in force that year, and "{ref:ID}" is written out. A
    /// document's template is made once, when it is created, so a signed
    /// document never changes its citations.
    pub fn for_year(&self, year: i32) -> Template {
        let mut t = self.clone();
        for s in &mut t.sections {
            let mut defaults = Vec::new();
            for id in &s.default_documents {
                if let Some(d) = self.in_force(id, year).filter(|d| !defaults.contains(&d.id)) {
                    defaults.push(d.id.clone());
                }
            }
            s.default_documents = defaults;
            let (text, cites) = self.write_out_refs(&s.text, year);
            s.text = text;
            s.cites = cites;
        }
        t
    }

    fn write_out_refs(&self, text: &str, year: i32) -> (String, Vec<String>) {
        let mut out = String::new();
        let mut cites = Vec::new();
        let mut rest = text;
        while let Some((start, id, end)) = next_ref(rest) {
            out.push_str(&rest[..start]);
            match self.in_force(id, year) {
                Some(d) => {
                    out.push_str(d.short());
                    cites.push(d.id.clone());
                }
                // Not for a checked template: the loader refuses such a sentence.
                None => out.push_str(id),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        (out, cites)
    }
}

/// The next "{ref:ID}" in `text`: its start, the id, and the end past "}".
/// An id has no spaces or braces, so "{ref:" left open is not a reference.
fn next_ref(text: &str) -> Option<(usize, &str, usize)> {
    let mut from = 0;
    while let Some(found) = text[from..].find("{ref:") {
        let start = from + found;
        let id_start = start + "{ref:".len();
        let tail = &text[id_start..];
        let len = tail.find(|c: char| c == '}' || c == '{' || c.is_whitespace()).unwrap_or(tail.len());
        if tail[len..].starts_with('}') && len > 0 {
            return Some((start, &tail[..len], id_start + len + 1));
        }
        from = id_start;
    }
    None
}

/// The ids a text names through "{ref:ID}".
pub(crate) fn refs_in(text: &str) -> Vec<&str> {
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some((_, id, end)) = next_ref(rest) {
        ids.push(id);
        rest = &rest[end..];
    }
    ids
}

impl Section {
    /// The sentence a choice section prints: "{choice}" in its text filled in.
    pub fn choice_sentence(&self, year: i32, choice: &str) -> String {
        fill_year(&self.text, year).replace("{choice}", choice)
    }

    /// Filled when the document is created from what the member wrote
    /// elsewhere (this year's signed documents, or last year's review).
    pub fn prefilled(&self) -> bool {
        !self.from.is_empty() || !self.previous.is_empty()
    }

    /// Columns the member fills in (not the row number).
    pub fn input_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| !c.numbering)
    }
}

pub fn fill_year(text: &str, year: i32) -> String {
    text.replace("{year}", &year.to_string())
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Template {
    /// The template with what it leaves out (a unit's template written
    /// before labels, or an old record's) taken from its kind's shipped
    /// template: label, place on the board, file name, written at year end.
    pub fn with_kind_defaults(mut self) -> Template {
        if let Some(s) = shipped(&self.kind) {
            if self.label.is_empty() {
                self.label = s.label.clone();
            }
            if self.order == 0 {
                self.order = s.order;
            }
            if self.file_name.is_empty() {
                self.file_name = s.file_name.clone();
            }
            self.year_end |= s.year_end;
        }
        self
    }

    /// The board's name; a template without one (a record from before
    /// labels) goes by its kind's shipped label, else its name.
    pub fn board_label(&self) -> String {
        if !self.label.is_empty() {
            return self.label.clone();
        }
        shipped(&self.kind).map(|t| t.label.clone()).unwrap_or_else(|| self.name.clone())
    }

    /// The start of its PDF's file name, ASCII whatever the template says.
    pub fn file_stem(&self) -> String {
        let stem = if self.file_name.is_empty() { &self.kind } else { &self.file_name };
        crate::text::ascii_slug(stem)
    }
}

/// A source "kind/section" of `from`, `recall` and `carry`.
pub fn source(text: &str) -> Option<(&str, &str)> {
    text.split_once('/')
}

// The member's document templates, every file of templates/documents/
// (listed by build.rs), and the branch's list.
include!(concat!(env!("OUT_DIR"), "/templates.rs"));
const BRANCH_LIST: &str = include_str!("../../templates/danh-sach-chi-bo.toml");
const RATINGS_SUMMARY: &str = include_str!("../../templates/tong-hop-xep-loai.toml");

/// The member's documents as shipped, in board order.
pub fn shipped_templates() -> &'static [Template] {
    static ALL: std::sync::OnceLock<Vec<Template>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        // The embedded files are checked by the test `shipped_templates_are_valid`.
        let mut all: Vec<Template> =
            DOCUMENT_TEMPLATES.iter().map(|t| parse(t).expect("embedded template is valid")).collect();
        all.sort_by_key(|t| t.order);
        all
    })
}

const WORDS: &str = include_str!("../../templates/words.toml");
const FIRST_WORDS: &str = include_str!("../../templates/words-first.toml");

/// The frame's words every template takes unless it has its own.
pub fn shared_words() -> &'static BTreeMap<String, String> {
    static WORDS_READ: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
    // Checked by the test `every_word_the_code_prints_is_in_a_template`.
    WORDS_READ.get_or_init(|| toml::from_str(WORDS).expect("embedded words are valid"))
}

fn first_words() -> &'static BTreeMap<String, String> {
    static FIRST: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
    FIRST.get_or_init(|| toml::from_str(FIRST_WORDS).expect("embedded words are valid"))
}

const KY_SO_WORDS: &str = include_str!("../../templates/ky-so.toml");

/// The words of a ký số appearance (frozen: see the file).
pub fn ky_so_word(key: &str) -> &'static str {
    static READ: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
    // Checked by the test `ky_so_words_are_frozen`.
    let words = READ.get_or_init(|| toml::from_str(KY_SO_WORDS).expect("embedded words are valid"));
    words.get(key).map_or("", String::as_str)
}

impl Template {
    /// The printed word `key`: the template's own; for a template kept
    /// before templates carried their words (an old record), the words
    /// records were signed with then.
    pub fn word<'a>(&'a self, key: &'a str) -> &'a str {
        self.words.get(key).or_else(|| first_words().get(key)).map(String::as_str).unwrap_or(key)
    }
}

/// The label of a document kind as a record names it; an unknown kind
/// (a unit's own, or a newer app's) is shown as it is.
pub fn kind_label(kind: &str) -> String {
    shipped(kind).map_or_else(|| kind.to_string(), |t| t.label.clone())
}

/// The shipped template of a member's document `kind` (of a kind with
/// several forms, the first).
pub fn shipped(kind: &str) -> Option<&'static Template> {
    shipped_templates().iter().find(|t| t.kind == kind)
}

/// Every shipped form of `kind` (one for a kind with a single form).
pub fn shipped_forms(kind: &str) -> Vec<&'static Template> {
    shipped_templates().iter().filter(|t| t.kind == kind).collect()
}

/// The kinds of member document, in board order.
pub fn kinds() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in shipped_templates() {
        if !out.contains(&t.kind) {
            out.push(t.kind.clone());
        }
    }
    out
}

/// The kinds shipped for documents of `year`: "Bản tự đánh giá" until
/// 2024, the national review from 2025.
pub fn kinds_of(year: i32) -> Vec<String> {
    kinds().into_iter().filter(|k| shipped_forms(k).iter().any(|t| t.applies_to(year))).collect()
}

/// Of the forms of one kind, the one for this member: the member's own
/// choice (a template id) if it is one of them, else the one their
/// profile's answers fit, else the first.
pub fn pick_form<'a>(
    forms: &[&'a Template],
    profile: &crate::profile::Profile,
    chosen: Option<&str>,
) -> Option<&'a Template> {
    forms
        .iter()
        .find(|t| chosen == Some(t.id.as_str()))
        .or_else(|| forms.iter().find(|t| t.form.as_ref().is_some_and(|f| f.fits(profile))))
        .or_else(|| forms.first())
        .copied()
}

/// The shipped template of `kind`, or a clear message for a kind no template makes.
pub fn shipped_or_error(kind: &str) -> Result<Template> {
    shipped(kind).cloned().ok_or_else(|| {
        let known: Vec<String> = kinds().iter().map(|k| format!("“{k}”")).collect();
        Error::invalid("doc", format!("Loại văn bản “{kind}” không có; chọn {}.", known.join(", ")))
    })
}

/// The branch's list of who submitted what (forms.md §8), the cover of
/// the branch's printout: not a member's document.
pub fn branch_list_template() -> &'static Template {
    static LIST: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    LIST.get_or_init(|| parse(BRANCH_LIST).expect("embedded branch list template is valid"))
}

/// The branch's summary of the year-end ratings (`branch::summary`).
pub fn ratings_summary_template() -> &'static Template {
    static SUMMARY: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    SUMMARY.get_or_init(|| parse(RATINGS_SUMMARY).expect("embedded ratings summary template is valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_templates_are_valid() {
        for source in DOCUMENT_TEMPLATES {
            let t = parse(source).unwrap();
            assert!(!t.label.is_empty() && !t.file_name.is_empty() && t.order > 0, "{}", t.id);
        }
        branch_list_template();
        ratings_summary_template();
    }
}
