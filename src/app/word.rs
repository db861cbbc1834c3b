//! Word files from the screens: a document saved as .docx, the copied text
//! as .docx, and last year's document brought in from a .docx, shown
//! section by section before anything is saved.

use super::*;
use crate::document::Answer;

/// What a Word file gives a document, as the member checks it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WordPreview {
    pub file_name: String,
    pub year: i32,
    pub kind: String,
    /// "Kế hoạch cá nhân".
    pub label: String,
    pub sections: Vec<WordSection>,
    /// The sections a paragraph not placed can be put into (the text ones).
    pub targets: Vec<WordTarget>,
    pub profile: Vec<ProfileOffer>,
    pub unplaced: Vec<String>,
    /// The name the file gives, when it is not the profile's: the profile
    /// takes nothing from it.
    pub other_person: Option<String>,
    /// "Tệp còn một văn bản thứ hai (…)": only the first was read.
    pub second_document: Option<String>,
    /// The file starts with another kind's document (its text is not placed).
    pub other_document: Option<String>,
}

/// One section with what it receives: a text, or a table's rows (cells in
/// the order of `columns`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WordSection {
    pub id: String,
    pub name: String,
    pub text: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub answer: Answer,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WordTarget {
    pub id: String,
    pub name: String,
}

/// A profile field the file's identity lines name: filled only when empty.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ProfileOffer {
    pub field: String,
    pub label: String,
    pub value: String,
    /// The profile already holds something there: it is kept.
    pub kept: bool,
}

/// "Lấy nội dung từ tệp Word…": the file at `path` placed onto the `kind`
/// document of `year`, for the member to check.
pub fn open_word(store: &Store, year: i32, kind: &str, path: &std::path::Path) -> Result<WordPreview> {
    let bytes = crate::files::read_regular(path, crate::word::read::MAX_FILE_BYTES)?;
    let template = store.template_for(year, kind)?;
    let mapped = crate::word::preview(&template, year, &bytes)?;
    let profile = store.profile()?;
    let other = crate::word::another_person(&profile, &mapped);
    let section = |id: &str, answer: &Answer| {
        let s = template.section(id);
        let columns: Vec<_> = s.map(|s| s.input_columns().collect()).unwrap_or_default();
        let (text, rows) = match answer {
            Answer::Text(t) => (Some(t.clone()), Vec::new()),
            Answer::Rows(rows) => (
                None,
                rows.iter()
                    .map(|r| columns.iter().map(|c| r.get(&c.key).cloned().unwrap_or_default()).collect())
                    .collect(),
            ),
            _ => (None, Vec::new()),
        };
        WordSection {
            id: id.to_string(),
            name: s.map(crate::document::section_name).unwrap_or_else(|| id.to_string()),
            text,
            columns: columns.iter().map(|c| c.name.clone()).collect(),
            rows,
            answer: answer.clone(),
        }
    };
    Ok(WordPreview {
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        year,
        kind: kind.to_string(),
        label: template.board_label(),
        sections: mapped.sections.iter().map(|(id, a)| section(id, a)).collect(),
        targets: template
            .sections
            .iter()
            .filter(|s| s.kind == crate::template::SectionKind::Text)
            .map(|s| WordTarget { id: s.id.clone(), name: crate::document::section_name(s) })
            .collect(),
        profile: mapped
            .profile
            .iter()
            .map(|(field, value)| ProfileOffer {
                field: field.clone(),
                label: crate::profile::field_label(field).to_string(),
                value: value.clone(),
                kept: other || profile.text_of(field).is_some_and(|now| !now.is_empty()),
            })
            .collect(),
        other_person: other
            .then(|| mapped.profile.iter().find(|(f, _)| f == "full_name").map(|(_, v)| v.clone()).unwrap_or_default()),
        unplaced: mapped.unplaced,
        second_document: mapped.second_document,
        other_document: mapped.other_document,
    })
}

/// Saves what the member checked (the sections, with the paragraphs she
/// put into them): an unsigned document of that year, marked as brought in
/// from the file; the profile's empty fields filled. What the board says.
pub fn bring_in_word(
    store: &mut Store,
    year: i32,
    kind: &str,
    file_name: &str,
    sections: Vec<(String, Answer)>,
    profile: Vec<ProfileOffer>,
) -> Result<String> {
    let mapped = crate::word::map::Mapped {
        sections,
        profile: profile.into_iter().map(|p| (p.field, p.value)).collect(),
        ..Default::default()
    };
    let (id, filled) = crate::word::bring_in(store, year, kind, mapped, file_name)?;
    let label = store.template_of(id)?.board_label();
    let filled =
        if filled.is_empty() { String::new() } else { format!(" Hồ sơ đã điền thêm: {}.", filled.join(", ")) };
    Ok(format!(
        "Đã lấy nội dung {} năm {year} từ tệp “{file_name}”; văn bản chưa ký, hãy đọc lại.{filled}",
        label.to_lowercase()
    ))
}

/// The copied text of document `id` ("Chép nội dung") as a Word file.
pub fn plain_docx(store: &Store, id: i64, today: NaiveDate) -> Result<Vec<u8>> {
    let signed = store.info(id)?.signed_code.is_some();
    crate::word::write::plain_docx(&crate::plain::plain_text(&printable(store, id, signed, today)?.0))
}
