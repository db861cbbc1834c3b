//! Queries of the member's data: profile, documents, answers, signing.

use super::{now, Store};
use crate::document::{clean_answer, Answer, Answers, Content, Status};
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::template::{shipped, shipped_or_error, Template};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;

/// A document as the year board shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    pub id: i64,
    pub year: i32,
    pub kind: String,
    pub revision: i64,
    pub status: Status,
    pub updated_at: String,
    /// Short code of the latest signed version, if any.
    pub signed_code: Option<String>,
    /// The date the member chose for the document (None: the day it prints).
    pub dated: Option<NaiveDate>,
}

pub(super) fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(Error::bug)
}

pub(super) fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Database(format!("dữ liệu không đọc được: {e}")))
}

impl Store {
    pub fn profile(&self) -> Result<Profile> {
        let data: Option<String> =
            self.conn.query_row("SELECT data FROM profile WHERE id = 1", [], |r| r.get(0)).optional()?;
        data.map(|d| parse(&d)).transpose().map(Option::unwrap_or_default)
    }

    /// Stores the profile as typed (cleaned); rule problems are reported by
    /// `Profile::problems`, they do not stop a partial profile being kept.
    pub fn save_profile(&self, profile: &Profile) -> Result<Profile> {
        write_profile(&self.conn, profile)
    }

    /// The template a new document of `year` and `kind` gets, made for the
    /// year (the regulations in force written out): of the kind's forms
    /// (`forms_for`), the member's `chosen` one, else the one the profile
    /// fits (the year-end review's 2A, 2B or 2C).
    pub fn template_for(&self, year: i32, kind: &str) -> Result<Template> {
        self.form_for(year, kind, None)
    }

    fn form_for(&self, year: i32, kind: &str, chosen: Option<&str>) -> Result<Template> {
        let forms = self.forms_for(year, kind)?;
        let profile = self.profile()?;
        let picked = crate::template::pick_form(&forms.iter().collect::<Vec<_>>(), &profile, chosen).cloned();
        Ok(picked.ok_or_else(|| Error::NotFound(format!("mẫu văn bản “{kind}”")))?.for_year(year))
    }

    /// The forms a document of `year` and `kind` may take: the kind's
    /// shipped forms for that year, each replaced by the branch's template
    /// of the same form letter from that year's settings; a branch template
    /// without a letter is the kind's only form that year.
    pub fn forms_for(&self, year: i32, kind: &str) -> Result<Vec<Template>> {
        let mut stmt = self.conn.prepare("SELECT template FROM year_templates WHERE year = ?1 AND kind = ?2")?;
        let units: Vec<Template> = stmt
            .query_map(params![year, kind], |r| r.get::<_, String>(0))?
            .map(|t| Ok(parse::<Template>(&t?)?.with_kind_defaults()))
            .collect::<Result<_>>()?;
        let letter = |t: &Template| t.form.as_ref().map(|f| f.code.clone());
        let shipped = crate::template::shipped_forms(kind);
        let mut forms: Vec<Template> = shipped.iter().filter(|t| t.applies_to(year)).map(|t| (*t).clone()).collect();
        if forms.is_empty() && units.is_empty() {
            // None for that year: the first, which says so when a document is made.
            forms.push(shipped_or_error(kind)?);
        }
        for unit in units {
            match forms.iter_mut().find(|t| letter(t) == letter(&unit)) {
                _ if letter(&unit).is_none() => forms = vec![unit],
                Some(slot) => *slot = unit,
                None => forms.push(unit),
            }
        }
        Ok(forms)
    }

    /// The member chose another of the kind's forms for a document not
    /// signed in this revision: its template becomes that form (answers of
    /// sections the form also has are kept, and printed where it puts them).
    pub fn choose_form(&mut self, id: i64, template_id: &str, base_revision: i64) -> Result<i64> {
        let info = self.info(id)?;
        let template = self.form_for(info.year, &info.kind, Some(template_id))?;
        if template.id != template_id {
            return Err(Error::invalid("form", format!("Mẫu “{template_id}” không dùng được cho văn bản này.")));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("SELECT revision FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
        if current != base_revision {
            return Err(Error::Conflict { base: base_revision, current });
        }
        tx.execute(
            "UPDATE documents SET template = ?2, revision = revision + 1, updated_at = ?3 WHERE id = ?1",
            params![id, json(&template)?, now()],
        )?;
        tx.commit()?;
        Ok(current + 1)
    }

    pub fn find_document(&self, year: i32, kind: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM documents WHERE year = ?1 AND kind = ?2", params![year, kind], |r| r.get(0))
            .optional()?)
    }

    /// The document of `year` and `kind`, created the first time it is asked
    /// for, with the year's template and what that template takes from the
    /// member's signed documents (`prefill::filled`). Until the member edits
    /// it (revision 0), that is taken again each time it is opened, so a
    /// review opened in March still shows December's progress.
    pub fn document(&mut self, year: i32, kind: &str) -> Result<i64> {
        let existing = self.find_document(year, kind)?;
        let (template, fresh) = match existing {
            Some(id) if self.info(id)?.revision > 0 || self.has_records(id)? => return Ok(id),
            Some(id) => {
                // Untouched: a form follows the profile's answers as they are now.
                let stored = self.template_of(id)?;
                (if stored.form.is_some() { self.template_for(year, kind)? } else { stored }, false)
            }
            None => {
                crate::dates::check_year(year)?;
                let template = self.template_for(year, kind)?;
                if !template.applies_to(year) {
                    return Err(Error::invalid(
                        "year",
                        format!("Mẫu “{}” không áp dụng cho năm {year}.", template.name),
                    ));
                }
                (template, true)
            }
        };
        if !fresh && !template.sections.iter().any(|s| s.prefilled()) {
            return existing.ok_or_else(|| Error::NotFound("văn bản".into()));
        }
        let answers = crate::prefill::filled(self, year, &template)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = match existing {
            Some(id) => {
                // Still untouched (checked again inside the transaction): only what was taken is replaced.
                let revision: i64 = tx.query_row("SELECT revision FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
                if revision > 0 {
                    return Ok(id);
                }
                tx.execute("DELETE FROM answers WHERE document_id = ?1", [id])?;
                tx.execute("UPDATE documents SET template = ?2 WHERE id = ?1", params![id, json(&template)?])?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO documents (year, kind, template, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![year, kind, json(&template)?, now()],
                )?;
                tx.last_insert_rowid()
            }
        };
        for (section, answer) in answers {
            tx.execute(
                "INSERT INTO answers (document_id, section, value) VALUES (?1, ?2, ?3)",
                params![id, section, json(&answer)?],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    pub fn info(&self, id: i64) -> Result<DocumentInfo> {
        let row = self
            .conn
            .query_row(
                "SELECT d.year, d.kind, d.revision, d.updated_at,
                        (SELECT s.revision FROM records s WHERE s.document_id = d.id ORDER BY s.revision DESC LIMIT 1),
                        (SELECT s.fingerprint FROM records s WHERE s.document_id = d.id ORDER BY s.revision DESC LIMIT 1),
                        d.dated
                 FROM documents d WHERE d.id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, i32>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("văn bản số {id}")))?;
        let (year, kind, revision, updated_at, signed_revision, fingerprint, dated) = row;
        Ok(DocumentInfo {
            id,
            year,
            kind,
            revision,
            status: if signed_revision == Some(revision) { Status::Signed } else { Status::Draft },
            updated_at,
            signed_code: fingerprint.map(|f| crate::document::short_code(&f)),
            dated: dated.and_then(|d| d.parse().ok()),
        })
    }

    /// Sets the date the document bears (None: the day it prints). It is part
    /// of what is signed, so it makes a new revision like any edit.
    pub fn set_date(&mut self, id: i64, date: Option<NaiveDate>, base_revision: i64) -> Result<i64> {
        let info = self.info(id)?;
        if info.dated == date && info.revision == base_revision {
            // The same date again changes nothing (and does not unsign a signed document).
            return Ok(base_revision);
        }
        let year = info.year;
        if let Some(d) = date {
            let earliest = NaiveDate::from_ymd_opt(year.saturating_sub(1), 1, 1);
            let latest = NaiveDate::from_ymd_opt(year, 12, 31);
            if earliest.is_some_and(|e| d < e) || latest.is_some_and(|l| d > l) {
                return Err(Error::invalid(
                    "date",
                    format!("Văn bản năm {year} ghi ngày trong năm {} hoặc năm {year}.", year.saturating_sub(1)),
                ));
            }
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("SELECT revision FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
        if current != base_revision {
            return Err(Error::Conflict { base: base_revision, current });
        }
        tx.execute(
            "UPDATE documents SET dated = ?2, revision = revision + 1, updated_at = ?3 WHERE id = ?1",
            params![id, date.map(|d| d.to_string()), now()],
        )?;
        tx.commit()?;
        Ok(current + 1)
    }

    pub fn template_of(&self, id: i64) -> Result<Template> {
        let text: Option<String> =
            self.conn.query_row("SELECT template FROM documents WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        parse(&text.ok_or_else(|| Error::NotFound(format!("văn bản số {id}")))?)
    }

    pub fn answers(&self, id: i64) -> Result<Answers> {
        let mut stmt = self.conn.prepare("SELECT section, value FROM answers WHERE document_id = ?1")?;
        let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Answers::new();
        for row in rows {
            let (section, value) = row?;
            out.insert(section, parse(&value)?);
        }
        Ok(out)
    }

    /// Saves one answer in one small transaction and returns the new
    /// revision. A save made against a stale revision is refused.
    pub fn save_answer(&mut self, id: i64, section: &str, answer: Answer, base_revision: i64) -> Result<i64> {
        let template = self.template_of(id)?;
        let sect = template
            .section(section)
            .ok_or_else(|| Error::NotFound(format!("mục “{section}” trong mẫu “{}”", template.name)))?;
        let year: i32 = self.conn.query_row("SELECT year FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
        let cleaned = clean_answer(&template, year, sect, answer)?;
        if let (Some(_), Answer::Text(level)) = (&sect.levels_from, &cleaned) {
            // A level above what the points allow is refused as it is chosen.
            let content = self.draft_content(id, crate::dates::today())?;
            if let Some(why) = content.level_too_high(sect, level) {
                return Err(Error::invalid(section, why));
            }
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("SELECT revision FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
        if current != base_revision {
            return Err(Error::Conflict { base: base_revision, current });
        }
        tx.execute(
            "INSERT INTO answers (document_id, section, value) VALUES (?1, ?2, ?3)
             ON CONFLICT (document_id, section) DO UPDATE SET value = excluded.value",
            params![id, section, json(&cleaned)?],
        )?;
        super::carried::seen_on_change(&tx, id, section)?;
        tx.execute("UPDATE documents SET revision = revision + 1, updated_at = ?2 WHERE id = ?1", params![id, now()])?;
        tx.commit()?;
        Ok(current + 1)
    }

    /// The content as it would print now: current profile and answers, dated
    /// as the member chose or else `today`.
    pub fn draft_content(&self, id: i64, today: NaiveDate) -> Result<Content> {
        let info = self.info(id)?;
        Ok(Content {
            year: info.year,
            date: info.dated.unwrap_or(today),
            profile: self.profile()?,
            template: self.template_of(id)?,
            answers: self.answers(id)?,
        })
    }

    /// Starts `year`'s document from the previous year's: its answers are
    /// copied, and the sections that carry something from last year's
    /// documents (the review's shortcomings and rows not done, for the plan)
    /// take that instead, even nothing. A document that takes its content
    /// from this year's (the review) does not start from last year's.
    /// Refused when this year's document already has answers.
    pub fn start_from_previous(&mut self, year: i32, kind: &str) -> Result<i64> {
        let template = self.template_for(year, kind)?;
        let label = template.board_label();
        if template.sections.iter().any(|s| s.prefilled()) {
            return Err(Error::invalid(
                "year",
                format!("{label} lấy nội dung từ các văn bản năm {year}, không bắt đầu từ bản năm trước."),
            ));
        }
        let previous = self.find_document(year.saturating_sub(1), kind)?;
        let carried = crate::prefill::carried(self, year, &template)?;
        let mut row_notes = crate::prefill::row_notes(self, year, &template, &carried)?;
        if previous.is_none() && carried.iter().all(|(_, a)| a.is_none()) {
            return Err(Error::NotFound(format!("{} năm {}", label.to_lowercase(), year.saturating_sub(1))));
        }
        let id = self.document(year, kind)?;
        let template = self.template_of(id)?;
        let old = previous.map(|p| self.answers(p)).transpose()?.unwrap_or_default();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let has_answers: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM answers WHERE document_id = ?1)", [id], |r| r.get(0))?;
        if has_answers {
            return Err(Error::invalid(
                "year",
                format!("{label} năm {year} đã có nội dung; không chép đè bản năm trước lên."),
            ));
        }
        // A section that carries from last year's documents (the review's
        // shortcomings into "khắc phục") takes that or nothing, never last
        // year's own text of it.
        let taken: Vec<String> =
            template.sections.iter().filter(|s| !s.carry.is_empty()).map(|s| s.id.clone()).collect();
        // The self-check is a question for this year: its ticks start empty
        // (last year's are shown beside each item, `prefill::last_years_ticks`).
        let self_check =
            |s: &str| template.section(s).is_some_and(|s| s.kind == crate::template::SectionKind::Checklist);
        let old = old.into_iter().filter(|(s, _)| !taken.contains(s) && !self_check(s));
        let new = carried.into_iter().filter_map(|(s, a)| a.map(|a| (s, a)));
        let mut written = Vec::new();
        for (section, answer) in old.chain(new) {
            // Sections the new template no longer has are left behind; the
            // year-end results of last year's table do not carry over.
            let Some(sect) = template.section(&section) else {
                continue;
            };
            // What was written is shown as carried until looked at again;
            // the choice of documents is no passage of text.
            let empty = match &answer {
                Answer::Text(t) => t.trim().is_empty(),
                Answer::Rows(rows) => rows.is_empty(),
                _ => false,
            };
            if sect.kind != crate::template::SectionKind::Documents && !empty {
                written.push((section.clone(), row_notes.remove(&section).unwrap_or_default()));
            }
            let answer = match answer {
                Answer::Rows(rows) => Answer::Rows(
                    rows.into_iter()
                        .map(|mut r| {
                            sect.columns.iter().filter(|c| c.year_end).for_each(|c| {
                                r.remove(&c.key);
                            });
                            r
                        })
                        .collect(),
                ),
                other => other,
            };
            tx.execute(
                "INSERT INTO answers (document_id, section, value) VALUES (?1, ?2, ?3)",
                params![id, section, json(&answer)?],
            )?;
        }
        super::carried::note_carried(&tx, id, &written, year.saturating_sub(1))?;
        tx.execute("UPDATE documents SET revision = revision + 1, updated_at = ?2 WHERE id = ?1", params![id, now()])?;
        tx.commit()?;
        Ok(id)
    }

    /// Fills `section` again from its source (`Section::from`: the signed
    /// plan and the progress recorded since), replacing what it holds: the
    /// member asked for it, after being told. Refused when the source has
    /// nothing to give, which leaves the section as it was.
    pub fn refill(&mut self, id: i64, section: &str, base_revision: i64) -> Result<i64> {
        let year = self.info(id)?.year;
        let template = self.template_of(id)?;
        let sect =
            template.section(section).ok_or_else(|| Error::NotFound(format!("mục “{section}” trong văn bản")))?;
        if !sect.prefilled() {
            return Err(Error::invalid(section, "Mục này không lấy nội dung từ văn bản khác."));
        }
        let answer = crate::prefill::filled_section(self, year, &template, sect)?.ok_or_else(|| {
            Error::invalid(
                section,
                format!("Chưa có gì để điền lại: văn bản năm {year} mà mục này lấy nội dung chưa được ký."),
            )
        })?;
        self.save_answer(id, section, answer, base_revision)
    }

    /// The kinds of document of `year`: the shipped ones, then those the
    /// branch's settings added (`year_templates`) or a document was begun on.
    pub fn kinds_of_year(&self, year: i32) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT kind FROM year_templates WHERE year = ?1 UNION SELECT kind FROM documents WHERE year = ?1 ORDER BY 1",
        )?;
        let mut kinds = crate::template::kinds_of(year);
        for kind in stmt.query_map([year], |r| r.get::<_, String>(0))? {
            let kind = kind?;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        Ok(kinds)
    }

    /// Every document of the member, newest year first.
    pub fn documents(&self) -> Result<Vec<DocumentInfo>> {
        let mut stmt = self.conn.prepare("SELECT id FROM documents ORDER BY year DESC, kind")?;
        let ids: Vec<i64> = stmt.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        ids.into_iter().map(|id| self.info(id)).collect()
    }
}

/// Stores the profile cleaned, on `conn` (a transaction when it is part of
/// a larger change).
pub(crate) fn write_profile(conn: &rusqlite::Connection, profile: &Profile) -> Result<Profile> {
    let cleaned = profile.cleaned()?;
    conn.execute(
        "INSERT INTO profile (id, data, updated_at) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
        params![json(&cleaned)?, now()],
    )?;
    Ok(cleaned)
}

/// Migration 6 (its result follows this build's shipped template and
/// reference library, which is the point): documents not signed yet take
/// the citations in force for their year (QĐ 207 replaces QĐ 37 from 2027; resolutions named with their
/// date and term). A draft on the shipped template gets its new wording; a
/// unit's template keeps its wording and has its cited documents mapped.
/// Signed documents are not touched: their citations never change.
pub(super) fn cite_in_force(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    let drafts = tx
        .prepare(
            "SELECT id, year, kind, template FROM documents
             WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.document_id = documents.id)",
        )?
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i32>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, year, kind, stored) in drafts {
        let (Some(shipped), Ok(stored)) = (shipped(&kind).cloned(), serde_json::from_str::<Template>(&stored)) else {
            continue;
        };
        let template = if stored.id == shipped.id { shipped } else { stored }.for_year(year);
        tx.execute(
            "UPDATE documents SET template = ?2 WHERE id = ?1",
            params![
                id,
                serde_json::to_string(&template).map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))?
            ],
        )?;
        for section in template.sections.iter().filter(|s| s.kind == crate::template::SectionKind::Documents) {
            let value: Option<String> = tx
                .query_row(
                    "SELECT value FROM answers WHERE document_id = ?1 AND section = ?2",
                    params![id, section.id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(Ok(Answer::Ticked(ids))) = value.map(|v| serde_json::from_str::<Answer>(&v)) else { continue };
            let mut mapped: Vec<String> = Vec::new();
            for d in ids.iter().filter_map(|i| template.in_force(i, year)) {
                if !mapped.contains(&d.id) {
                    mapped.push(d.id.clone());
                }
            }
            if mapped != ids {
                let json = serde_json::to_string(&Answer::Ticked(mapped))
                    .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))?;
                tx.execute(
                    "UPDATE answers SET value = ?3 WHERE document_id = ?1 AND section = ?2",
                    params![id, section.id, json],
                )?;
            }
        }
    }
    Ok(())
}
