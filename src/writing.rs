//! Making, filling, carrying and signing a member's documents: the rules
//! over the store (which only keeps and reads). A document is made on the
//! year's template with what it takes from the member's signed documents
//! (`prefill`); started from last year's with what carries over; checked
//! for what is still missing; and signed into a record the store keeps.

use crate::document::{section_name, Answer, Content, Missing};
use crate::error::{Error, Result};
use crate::record::NewRecord;
use crate::signature::SignatureImage;
use crate::store::{Carried, KySo, SignedVersion, Store};
use crate::template::SectionKind;
use chrono::NaiveDate;

/// The document of `year` and `kind`, created the first time it is asked
/// for, with the year's template and what that template takes from the
/// member's signed documents (`prefill::filled`). Until the member edits
/// it (revision 0), that is taken again each time it is opened, so a
/// review opened in March still shows December's progress.
pub fn document(store: &mut Store, year: i32, kind: &str) -> Result<i64> {
    let existing = store.find_document(year, kind)?;
    let (template, fresh) = match existing {
        Some(id) if store.info(id)?.revision > 0 || store.has_records(id)? => return Ok(id),
        Some(id) => {
            // Untouched: a form follows the profile's answers as they are now.
            let stored = store.template_of(id)?;
            (if stored.form.is_some() { store.template_for(year, kind)? } else { stored }, false)
        }
        None => {
            crate::dates::check_year(year)?;
            let template = store.template_for(year, kind)?;
            if !template.applies_to(year) {
                return Err(Error::invalid("year", format!("Mẫu “{}” không áp dụng cho năm {year}.", template.name)));
            }
            (template, true)
        }
    };
    if !fresh && !template.sections.iter().any(|s| s.prefilled()) {
        return existing.ok_or_else(|| Error::NotFound("văn bản".into()));
    }
    let answers = crate::prefill::filled(store, year, &template)?;
    store.write_fresh(existing, year, kind, &template, answers)
}

/// Starts `year`'s document from the previous year's: its answers are
/// copied, and the sections that carry something from last year's
/// documents (the review's shortcomings and rows not done, for the plan)
/// take that instead, even nothing. A document that takes its content
/// from this year's (the review) does not start from last year's.
/// Refused when this year's document already has answers.
pub fn start_from_previous(store: &mut Store, year: i32, kind: &str) -> Result<i64> {
    let template = store.template_for(year, kind)?;
    let label = template.board_label();
    if template.sections.iter().any(|s| s.prefilled()) {
        return Err(Error::invalid(
            "year",
            format!("{label} lấy nội dung từ các văn bản năm {year}, không bắt đầu từ bản năm trước."),
        ));
    }
    let last_year = year.saturating_sub(1);
    let previous = store.find_document(last_year, kind)?;
    let carried = crate::prefill::carried(store, year, &template)?;
    let mut row_notes = crate::prefill::row_notes(store, year, &template, &carried)?;
    if previous.is_none() && carried.iter().all(|(_, a)| a.is_none()) {
        return Err(Error::NotFound(format!("{} năm {last_year}", label.to_lowercase())));
    }
    let id = document(store, year, kind)?;
    let template = store.template_of(id)?;
    let old = previous.map(|p| store.answers(p)).transpose()?.unwrap_or_default();
    // A section that carries from last year's documents (the review's
    // shortcomings into "khắc phục") takes that or nothing, never last
    // year's own text of it.
    let taken: Vec<String> = template.sections.iter().filter(|s| !s.carry.is_empty()).map(|s| s.id.clone()).collect();
    // The self-check is a question for this year: its ticks start empty
    // (last year's are shown beside each item, `prefill::last_years_ticks`).
    let self_check = |s: &str| template.section(s).is_some_and(|s| s.kind == SectionKind::Checklist);
    let old = old.into_iter().filter(|(s, _)| !taken.contains(s) && !self_check(s));
    let new = carried.into_iter().filter_map(|(s, a)| a.map(|a| (s, a)));
    let (mut answers, mut noted) = (Vec::new(), Vec::new());
    for (section, answer) in old.chain(new) {
        // Sections the new template no longer has are left behind.
        let Some(sect) = template.section(&section) else { continue };
        // What was written is shown as carried until looked at again; the
        // choice of documents is no passage of text.
        if sect.kind != SectionKind::Documents && !is_empty(&answer) {
            noted.push((section.clone(), row_notes.remove(&section).unwrap_or_default()));
        }
        answers.push((section, without_year_end(sect, answer)));
    }
    if !store.write_carried(id, &answers, &noted, last_year)? {
        return Err(Error::invalid(
            "year",
            format!("{label} năm {year} đã có nội dung; không chép đè bản năm trước lên."),
        ));
    }
    Ok(id)
}

fn is_empty(answer: &Answer) -> bool {
    match answer {
        Answer::Text(t) => t.trim().is_empty(),
        Answer::Rows(rows) => rows.is_empty(),
        _ => false,
    }
}

/// The year-end results of last year's table do not carry over.
fn without_year_end(section: &crate::template::Section, answer: Answer) -> Answer {
    match answer {
        Answer::Rows(rows) => Answer::Rows(
            rows.into_iter()
                .map(|mut r| {
                    section.columns.iter().filter(|c| c.year_end).for_each(|c| {
                        r.remove(&c.key);
                    });
                    r
                })
                .collect(),
        ),
        other => other,
    }
}

/// Fills `section` again from its source (`Section::from`: the signed
/// plan and the progress recorded since), replacing what it holds: the
/// member asked for it, after being told. Refused when the source has
/// nothing to give, which leaves the section as it was.
pub fn refill(store: &mut Store, id: i64, section: &str, base_revision: i64) -> Result<i64> {
    let year = store.info(id)?.year;
    let template = store.template_of(id)?;
    let sect = template.section(section).ok_or_else(|| Error::NotFound(format!("mục “{section}” trong văn bản")))?;
    if !sect.prefilled() {
        return Err(Error::invalid(section, "Mục này không lấy nội dung từ văn bản khác."));
    }
    let answer = crate::prefill::filled_section(store, year, &template, sect)?.ok_or_else(|| {
        Error::invalid(
            section,
            format!("Chưa có gì để điền lại: văn bản năm {year} mà mục này lấy nội dung chưa được ký."),
        )
    })?;
    store.save_answer(id, section, answer, base_revision)
}

/// Signs the current revision: checks it is complete on `today`, then has
/// the store keep its record and the key's signature. Refused on a stale
/// revision.
pub fn sign(
    store: &mut Store,
    id: i64,
    base_revision: i64,
    today: NaiveDate,
    signature: Option<&SignatureImage>,
) -> Result<SignedVersion> {
    sign_with(store, id, base_revision, today, signature, None)
}

/// A certificate signing at the same time as the member's key (ký số), at `at`.
pub struct WithCertificate<'a> {
    pub signer: &'a crate::pades::Signer<'a>,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// `sign`, and with a certificate too when given: the record names the
/// certificate, and the file sent to the branch carries its PAdES
/// signature. The token signs before anything is stored; a refusal
/// (wrong PIN, token pulled out) leaves the document unsigned.
pub fn sign_with(
    store: &mut Store,
    id: i64,
    base_revision: i64,
    today: NaiveDate,
    signature: Option<&SignatureImage>,
    certificate: Option<WithCertificate>,
) -> Result<SignedVersion> {
    let content = store.draft_content(id, today)?;
    let missing = missing(store, id, &content, today)?;
    if !missing.is_empty() {
        return Err(Error::NotReady(missing.into_iter().map(|m| m.message).collect()));
    }
    let key = store.member_key()?;
    let info = store.info(id)?;
    let signature_png = signature.map(SignatureImage::to_png).transpose()?;
    let branch_key = crate::branch::settings::branch_key(store.conn(), info.year)?;
    let signed_at = certificate
        .as_ref()
        .map_or_else(crate::store::now, |c| c.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
    let holder = certificate.as_ref().map(|c| crate::certificate::holder(&c.signer.certificate));
    let certified = holder.as_ref().map(|h| crate::record::Certified {
        holder: h.holder.clone(),
        issuer: h.provider.clone(),
        serial: h.serial.clone(),
        sha256: h.sha256.clone(),
    });
    // The revision signed is the one the member saw; the store refuses it
    // if the document changed since.
    let bytes = crate::record::write(&NewRecord {
        kind: &info.kind,
        revision: base_revision,
        signed_at: &signed_at,
        content: &content,
        signature_png: signature_png.as_deref(),
        public_key: &key.public(),
        branch_key: branch_key.as_deref(),
        certificate: certified.as_ref(),
    })?;
    let ky_so = match (certificate, holder) {
        (Some(c), Some(h)) => {
            let record = crate::record::read(&bytes)?;
            let sealed = crate::seal::signed_pdf(&record, &key.sign(&bytes), signature.cloned(), &key)?;
            Some(ky_so_row(crate::ky_so::sign_member_file(&sealed, c.signer, c.at)?, &h, c.at))
        }
        _ => None,
    };
    store.insert_record(id, base_revision, &signed_at, &bytes, &key, ky_so.as_ref())
}

fn ky_so_row(pdf: Vec<u8>, h: &crate::certificate::Holder, at: chrono::DateTime<chrono::Utc>) -> KySo {
    KySo {
        pdf,
        holder: h.holder.clone(),
        provider: h.provider.clone(),
        serial: h.serial.clone(),
        certificate_sha256: h.sha256.clone(),
        signed_at: at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    }
}

/// Ký số added to the latest signed version of document `id`, its text
/// unchanged: the file sent to the branch, signed with the certificate.
pub fn add_ky_so(
    store: &Store,
    id: i64,
    signer: &crate::pades::Signer,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<KySo> {
    let version = store.latest_signed(id)?.ok_or_else(|| Error::NotFound("bản đã ký của văn bản này".into()))?;
    if store.ky_so(version.id)?.is_some() {
        return Err(Error::invalid("ky_so", "Bản đã ký này đã được ký số rồi."));
    }
    let key = store.key_for(&version.public_key)?;
    let sealed = crate::seal::signed_pdf(&version.record, &version.key_signature, version.signature.clone(), &key)?;
    let row = ky_so_row(
        crate::ky_so::sign_member_file(&sealed, signer, at)?,
        &crate::certificate::holder(&signer.certificate),
        at,
    );
    store.add_ky_so(version.id, &row)?;
    Ok(row)
}

/// Everything missing before `content` of document `id` can be signed,
/// in the document's order: the content's own, and what its carried
/// sections still ask.
pub fn missing(store: &Store, id: i64, content: &Content, today: NaiveDate) -> Result<Vec<Missing>> {
    let mut all = content.missing(today);
    all.extend(carry_missing(&store.carried(id)?, content));
    let place = |m: &Missing| match content.template.sections.iter().position(|s| s.id == m.target) {
        _ if m.target.starts_with("profile:") => 0,
        Some(i) => i + 1,
        None => usize::MAX,
    };
    all.sort_by_key(place);
    Ok(all)
}

/// What the carried sections still ask before signing: to be read
/// again; to say this year instead of the old one, or keep it.
fn carry_missing(carried: &[Carried], content: &Content) -> Vec<Missing> {
    let mut out = Vec::new();
    // In the document's order, as the rest of what is missing.
    for section in &content.template.sections {
        let Some(c) = carried.iter().find(|c| c.section == section.id) else { continue };
        let name = section_name(section);
        let (from, year) = (c.from_year, content.year);
        if !c.seen {
            out.push(Missing {
                target: c.section.clone(),
                message: format!(
                    "Mục “{name}” chép từ bản năm {from}: đọc lại, sửa cho năm {year} rồi bấm “Đã xem lại”."
                ),
            });
        }
        let mentions = old_year(content, c);
        if !mentions.is_empty() {
            out.push(Missing {
                target: c.section.clone(),
                message: format!(
                    "Mục “{name}” còn ghi năm {from} ({} chỗ): {}. Sửa cho năm {year}, hoặc bấm “Giữ năm {from}”.",
                    mentions.len(),
                    mentions.join("; ")
                ),
            });
        }
    }
    out
}

/// Where a carried section still names the year it came from, unless the
/// member kept that: the words around every mention, a table's with the
/// number of its row.
pub fn old_year(content: &Content, carried: &Carried) -> Vec<String> {
    if carried.year_kept {
        return Vec::new();
    }
    let year = carried.from_year;
    // A table's cells the member can see: its columns' (a unit's template may
    // have renamed one last year's row still holds).
    let columns: Vec<String> = content
        .template
        .section(&carried.section)
        .map(|s| s.input_columns().map(|c| c.key.clone()).collect())
        .unwrap_or_default();
    match content.rows(&carried.section) {
        rows if !rows.is_empty() => rows
            .iter()
            .enumerate()
            .flat_map(|(i, row)| {
                let cells = columns.iter().filter_map(|k| row.get(k).cloned());
                let text = cells.collect::<Vec<_>>().join("\n");
                crate::dates::year_mentioned(&text, year).into_iter().map(move |q| format!("việc số {}: “{q}”", i + 1))
            })
            .collect(),
        _ => crate::dates::year_mentioned(content.text(&carried.section), year)
            .into_iter()
            .map(|q| format!("“{q}”"))
            .collect(),
    }
}
