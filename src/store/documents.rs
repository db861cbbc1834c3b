//! Queries of the member's data: profile, documents, answers, signing.

use super::{now, Store};
use crate::document::{clean_answer, Answer, Answers, Content, Status};
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::template::{shipped_or_error, Template};
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
    /// The Word file its text was brought in from, if it was.
    pub brought_from: Option<String>,
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

    /// Writes a new document of `year` and `kind` on `template` with
    /// `answers` (what it takes from the member's signed documents), or, for
    /// `existing` still untouched (checked again inside the transaction),
    /// replaces what it took before. The making is `writing::document`'s.
    pub fn write_fresh(
        &mut self,
        existing: Option<i64>,
        year: i32,
        kind: &str,
        template: &Template,
        answers: Answers,
    ) -> Result<i64> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = match existing {
            Some(id) => {
                let revision: i64 = tx.query_row("SELECT revision FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
                if revision > 0 {
                    return Ok(id);
                }
                tx.execute("DELETE FROM answers WHERE document_id = ?1", [id])?;
                tx.execute("UPDATE documents SET template = ?2 WHERE id = ?1", params![id, json(template)?])?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO documents (year, kind, template, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![year, kind, json(template)?, now()],
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

    /// Writes the answers document `id` takes over from `from_year`'s, and
    /// notes the `carried` sections, in one transaction; false (nothing
    /// written) when it has answers already. What is taken is
    /// `writing::start_from_previous`'s choice.
    pub fn write_carried(
        &mut self,
        id: i64,
        answers: &[(String, Answer)],
        carried: &[(String, std::collections::BTreeMap<String, String>)],
        from_year: i32,
    ) -> Result<bool> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let has_answers: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM answers WHERE document_id = ?1)", [id], |r| r.get(0))?;
        if has_answers {
            return Ok(false);
        }
        for (section, answer) in answers {
            tx.execute(
                "INSERT INTO answers (document_id, section, value) VALUES (?1, ?2, ?3)",
                params![id, section, json(answer)?],
            )?;
        }
        super::carried::note_carried(&tx, id, carried, from_year)?;
        tx.execute("UPDATE documents SET revision = revision + 1, updated_at = ?2 WHERE id = ?1", params![id, now()])?;
        tx.commit()?;
        Ok(true)
    }

    pub fn info(&self, id: i64) -> Result<DocumentInfo> {
        let row = self
            .conn
            .query_row(
                "SELECT d.year, d.kind, d.revision, d.updated_at,
                        (SELECT s.revision FROM records s WHERE s.document_id = d.id ORDER BY s.revision DESC LIMIT 1),
                        (SELECT s.fingerprint FROM records s WHERE s.document_id = d.id ORDER BY s.revision DESC LIMIT 1),
                        d.dated, d.brought_from
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
                        r.get::<_, Option<String>>(7)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("văn bản số {id}")))?;
        let (year, kind, revision, updated_at, signed_revision, fingerprint, dated, brought_from) = row;
        Ok(DocumentInfo {
            id,
            year,
            kind,
            revision,
            status: if signed_revision == Some(revision) { Status::Signed } else { Status::Draft },
            updated_at,
            signed_code: fingerprint.map(|f| crate::document::short_code(&f)),
            dated: dated.and_then(|d| d.parse().ok()),
            brought_from,
        })
    }

    /// The answers a Word file gave document `id`, each cleaned for its
    /// section, written in one transaction with the file's name: all of
    /// them, or none. Refused when the document was written in or signed
    /// since it was made (`base_revision`).
    pub fn write_brought_in(
        &mut self,
        id: i64,
        base_revision: i64,
        answers: Vec<(String, Answer)>,
        file_name: &str,
    ) -> Result<i64> {
        let template = self.template_of(id)?;
        let year = self.info(id)?.year;
        let mut cleaned = Vec::new();
        for (section, answer) in answers {
            let sect = template
                .section(&section)
                .ok_or_else(|| Error::NotFound(format!("mục “{section}” trong mẫu “{}”", template.name)))?;
            cleaned.push((section.clone(), clean_answer(&template, year, sect, answer)?));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("SELECT revision FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
        if current != base_revision {
            return Err(Error::Conflict { base: base_revision, current });
        }
        for (section, answer) in &cleaned {
            tx.execute(
                "INSERT INTO answers (document_id, section, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT (document_id, section) DO UPDATE SET value = excluded.value",
                params![id, section, json(answer)?],
            )?;
        }
        tx.execute(
            "UPDATE documents SET revision = revision + 1, updated_at = ?2, brought_from = ?3 WHERE id = ?1",
            params![id, now(), file_name],
        )?;
        tx.commit()?;
        Ok(current + 1)
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
            // A level above what the points allow is refused as it is
            // chosen (the points decide it, not the date the draft bears).
            let content = self.draft_content(id, NaiveDate::MIN)?;
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
