//! A member's document for one year: the answers, what is still missing
//! before signing, and the frozen content a signature fixes.

use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::reference::reference;
use crate::template::{Section, SectionKind, Template};
use crate::text::{clean, ANSWER_LIMIT, LINE_LIMIT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a member wrote for one section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Answer {
    Text(String),
    /// One map per table row: column key → cell text.
    Rows(Vec<BTreeMap<String, String>>),
    /// Ids ticked in a checklist or chosen from the cited documents.
    Ticked(Vec<String>),
    /// Criterion id → the score as printed ("7,5"), in a points section.
    Points(BTreeMap<String, String>),
}

/// Section id → answer. A BTreeMap so that serialisation is canonical.
pub type Answers = BTreeMap<String, Answer>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Status {
    /// Bản nháp: being written.
    #[serde(rename = "nhap")]
    Draft,
    /// Đã ký: the current revision is a signed version.
    #[serde(rename = "da-ky")]
    Signed,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "bản nháp",
            Status::Signed => "đã ký",
        }
    }
}

/// Everything that is printed: what a signature freezes and what the
/// fingerprint covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Content {
    pub year: i32,
    /// The date on the date line.
    pub date: NaiveDate,
    pub profile: Profile,
    pub template: Template,
    pub answers: Answers,
}

/// A section that must be completed before signing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Missing {
    /// Section id, or "profile:<field>" for a profile problem.
    pub target: String,
    pub message: String,
}

/// The longest text of a table cell, in characters.
pub const CELL_LIMIT: usize = LINE_LIMIT * 2;

/// Cleans an answer for its section: NFC, no control characters, limits,
/// and only the ids and columns the section knows.
pub fn clean_answer(template: &Template, year: i32, section: &Section, answer: Answer) -> Result<Answer> {
    let field = if section.heading.is_empty() { section.id.as_str() } else { section.heading.as_str() };
    let wrong = || Error::invalid(&section.id, format!("Câu trả lời không đúng loại cho mục “{field}”."));
    match (section.kind, answer) {
        (SectionKind::Text, Answer::Text(t)) => Ok(Answer::Text(clean(field, &t, ANSWER_LIMIT, true)?)),
        (SectionKind::Table, Answer::Rows(rows)) => {
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                let mut cleaned = BTreeMap::new();
                for col in section.input_columns() {
                    let cell = row.get(&col.key).map(String::as_str).unwrap_or("");
                    let cell = clean(&col.name, cell, CELL_LIMIT, true)?;
                    if !col.options.is_empty() && !cell.is_empty() && !col.options.contains(&cell) {
                        return Err(Error::invalid(
                            &section.id,
                            format!("Cột “{}” chọn một trong: {}.", col.name, col.options.join("; ")),
                        ));
                    }
                    cleaned.insert(col.key.clone(), cell);
                }
                out.push(cleaned);
            }
            Ok(Answer::Rows(out))
        }
        // A choice is one of the section's options, or nothing yet.
        (SectionKind::Choice, Answer::Text(t)) if t.is_empty() || section.options.contains(&t) => Ok(Answer::Text(t)),
        (SectionKind::Choice, Answer::Text(_)) => {
            Err(Error::invalid(&section.id, format!("Hãy chọn một trong các mức có sẵn ở mục “{field}”.")))
        }
        (SectionKind::Points, Answer::Points(scores)) => {
            let mut out = BTreeMap::new();
            for criterion in section.groups.iter().flat_map(|g| &g.criteria) {
                if let Some(typed) = scores.get(&criterion.id).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                    let halves = crate::points::parse(typed, criterion.max, &criterion.text)
                        .map_err(|e| Error::invalid(&section.id, e.to_string()))?;
                    out.insert(criterion.id.clone(), crate::points::show(halves));
                }
            }
            Ok(Answer::Points(out))
        }
        (SectionKind::Checklist, Answer::Ticked(ids)) => {
            let known = reference();
            keep_known(ids, |id| known.nq04.iter().any(|m| m.id == id), &section.id)
        }
        (SectionKind::Documents, Answer::Ticked(ids)) => {
            // A regulation replaced before `year` stands for its replacement
            // (QĐ 37 → QĐ 207 in 2027); one not in force that year is refused.
            let mut in_force = Vec::new();
            for id in ids {
                let cited = template.cited(&id).ok_or_else(|| {
                    Error::invalid(&section.id, format!("“{id}” không có trong thư viện tham chiếu."))
                })?;
                let now = template.in_force(&id, year).ok_or_else(|| {
                    Error::invalid(&section.id, format!("{} không áp dụng cho văn bản năm {year}.", cited.citation))
                })?;
                in_force.push(now.id.clone());
            }
            keep_known(in_force, |id| template.cited(id).is_some(), &section.id)
        }
        _ => Err(wrong()),
    }
}

fn keep_known(ids: Vec<String>, known: impl Fn(&str) -> bool, section: &str) -> Result<Answer> {
    if let Some(bad) = ids.iter().find(|id| !known(id)) {
        return Err(Error::invalid(section, format!("“{bad}” không có trong thư viện tham chiếu.")));
    }
    let mut seen = std::collections::HashSet::new();
    let mut ids = ids;
    ids.retain(|id| seen.insert(id.clone()));
    Ok(Answer::Ticked(ids))
}

impl Content {
    /// Ids of the cited documents this content prints for a documents section.
    pub fn chosen_documents<'a>(&'a self, section: &'a Section) -> &'a [String] {
        match self.answers.get(&section.id) {
            Some(Answer::Ticked(ids)) => ids,
            _ => &section.default_documents,
        }
    }

    /// Text of a text section, empty when unanswered.
    pub fn text(&self, section: &str) -> &str {
        match self.answers.get(section) {
            Some(Answer::Text(t)) => t,
            _ => "",
        }
    }

    /// The option chosen in a choice section ("" while none is).
    pub fn choice(&self, section: &str) -> &str {
        self.text(section)
    }

    /// Rows of a table section that have anything written in them.
    pub fn rows(&self, section: &str) -> Vec<&BTreeMap<String, String>> {
        match self.answers.get(section) {
            Some(Answer::Rows(rows)) => rows.iter().filter(|r| r.values().any(|v| !v.trim().is_empty())).collect(),
            _ => Vec::new(),
        }
    }

    /// The scores of a points section (none yet: empty).
    pub fn scores(&self, section: &str) -> BTreeMap<String, String> {
        match self.answers.get(section) {
            Some(Answer::Points(p)) => p.clone(),
            _ => BTreeMap::new(),
        }
    }

    /// The scores of a points section added up (nothing scored: all unscored).
    pub fn tally(&self, section: &Section) -> crate::points::Tally {
        crate::points::Tally::of(section, &self.scores(&section.id))
    }

    /// For a choice of levels: the best option the points allow (its index),
    /// None while a criterion is not scored.
    pub fn allowed_level(&self, choice: &Section) -> Option<usize> {
        self.levels_tally(choice).map(|(allowed, _)| allowed)
    }

    /// The best level the points allow and the points' tally, once every
    /// criterion of the section the choice follows is scored.
    pub fn levels_tally(&self, choice: &Section) -> Option<(usize, crate::points::Tally)> {
        let points = self.template.section(choice.levels_from.as_deref()?)?;
        let tally = self.tally(points);
        if !tally.complete() {
            return None;
        }
        Some((crate::points::allowed_level(self.year, tally.total, tally.max)?, tally))
    }

    /// A level chosen above what the points allow: the message saying so.
    pub fn level_too_high(&self, choice: &Section, chosen: &str) -> Option<String> {
        let (allowed, tally) = self.levels_tally(choice)?;
        let at = choice.options.iter().position(|o| o == chosen)?;
        (at < allowed).then(|| {
            format!(
                "Tổng điểm {}/{} cho phép đề xuất cao nhất mức “{}”; không được đề xuất “{chosen}”.",
                crate::points::show(tally.total),
                crate::points::show(tally.max),
                choice.options.get(allowed).map(String::as_str).unwrap_or_default()
            )
        })
    }

    /// True when every manifestation of NQ 04 is ticked in a checklist section.
    pub fn checklist_complete(&self, section: &str) -> bool {
        match self.answers.get(section) {
            Some(Answer::Ticked(ids)) => reference().nq04.iter().all(|m| ids.contains(&m.id)),
            _ => false,
        }
    }

    /// What stops this content from being signed on `today`.
    /// Every character the fonts cannot print, with the section it is in
    /// (the step to open, or the profile field) and the words around it.
    /// Signing refuses them all, so a signed version can always be printed.
    pub fn unprintable(&self) -> Vec<(String, Error)> {
        let mut out = Vec::new();
        let mut look = |target: String, section: &str, text: &str| {
            for (what, context) in crate::text::unprintable_runs(text) {
                let e = Error::Unprintable { what, section: section.to_string(), context };
                // The same words twice (two cells alike) are one entry to fix.
                if !out.iter().any(|(t, seen): &(String, Error)| *t == target && seen.to_string() == e.to_string()) {
                    out.push((target.clone(), e));
                }
            }
        };
        let fields = self.template.identity.iter().map(|l| (l.field.as_str(), l.label.clone())).chain([
            ("branch", "Chi bộ".to_string()),
            ("party_committee", "Đảng bộ".to_string()),
            ("place", "Địa danh".to_string()),
        ]);
        let mut seen = std::collections::HashSet::new();
        for (field, label) in fields.filter(|(f, _)| seen.insert(*f)) {
            let value = self.profile.text_of(field).unwrap_or_default();
            look(format!("profile:{field}"), &format!("Hồ sơ: {label}"), &value);
        }
        for s in &self.template.sections {
            let name = section_name(s);
            look(s.id.clone(), &name, self.text(&s.id));
            for row in self.rows(&s.id) {
                for cell in row.values() {
                    look(s.id.clone(), &name, cell);
                }
            }
        }
        out
    }

    pub fn missing(&self, today: NaiveDate) -> Vec<Missing> {
        let mut out: Vec<Missing> = self
            .profile
            .problems(today)
            .into_iter()
            .map(|p| Missing { target: format!("profile:{}", p.field), message: format!("Hồ sơ: {}", p.message) })
            .collect();
        for s in self.template.sections.iter().filter(|s| s.required) {
            let name = section_name(s);
            let message = match s.kind {
                SectionKind::Text if self.text(&s.id).trim().is_empty() => {
                    format!("Mục “{name}” chưa có nội dung.")
                }
                SectionKind::Table if self.rows(&s.id).is_empty() => {
                    format!("Bảng “{name}” chưa có việc nào.")
                }
                SectionKind::Checklist if !self.checklist_complete(&s.id) => {
                    "Chưa tự đối chiếu đủ 27 biểu hiện của Nghị quyết 04-NQ/TW.".to_string()
                }
                SectionKind::Documents if self.chosen_documents(s).is_empty() => {
                    "Chưa chọn văn bản nào để căn cứ cam kết.".to_string()
                }
                SectionKind::Choice if self.choice(&s.id).is_empty() => format!("Mục “{name}” chưa chọn mức nào."),
                SectionKind::Choice => match self.level_too_high(s, self.choice(&s.id)) {
                    Some(why) => why,
                    None => continue,
                },
                SectionKind::Points => {
                    let unscored = self.tally(s).unscored;
                    if unscored.is_empty() {
                        continue;
                    }
                    format!("Mục “{name}” còn {} tiêu chí chưa chấm điểm: {}.", unscored.len(), unscored.join("; "))
                }
                _ => continue,
            };
            out.push(Missing { target: s.id.clone(), message });
        }
        out.extend(self.unprintable().into_iter().map(|(target, e)| Missing { target, message: e.to_string() }));
        out
    }

    /// Canonical serialisation: JSON with sorted keys (all maps are BTreeMaps,
    /// struct fields keep their declared order), no insignificant whitespace.
    pub fn canonical(&self) -> Vec<u8> {
        // Serialising plain data to a Vec cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// How a section without a heading is named in messages.
/// A section as the member knows it: its heading, or what it is.
pub fn section_name(s: &Section) -> String {
    if s.heading.is_empty() {
        sectionless_name(s)
    } else {
        s.heading.clone()
    }
}

fn sectionless_name(s: &Section) -> String {
    match s.kind {
        SectionKind::Documents => "Văn bản căn cứ".into(),
        SectionKind::Checklist => "Tự soi, tự đối chiếu".into(),
        _ => s.id.clone(),
    }
}

/// The short code people read off a printout: the first 60 bits of the
/// fingerprint in Crockford base 32 (no I, L, O, U), as XXXX-XXXX-XXXX.
pub fn short_code(fingerprint_hex: &str) -> String {
    let nibble = |i: usize| fingerprint_hex.chars().nth(i).and_then(|c| c.to_digit(16)).unwrap_or(0) as u8;
    let bytes: Vec<u8> = (0..8).map(|i| (nibble(i * 2) << 4) | nibble(i * 2 + 1)).collect();
    let code = crate::keys::crockford(&bytes, 12);
    format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_code_is_three_groups_of_four() {
        let code = short_code("a3f1c29b0e7d44f2aa");
        assert_eq!(code.len(), 14);
        assert_eq!(code.matches('-').count(), 2);
        assert!(code.chars().all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)));
        assert_ne!(short_code("a3f1c29b0e7d44f"), short_code("a3f1c29b0e7d44e"));
        // The values of the first implementation: printed codes never change.
        assert_eq!(short_code("a3f1c29b0e7d44f2aa"), "MFRW-56RE-FN2F");
        assert_eq!(short_code("ffffffffffffffff00"), "ZZZZ-ZZZZ-ZZZZ");
    }
}
