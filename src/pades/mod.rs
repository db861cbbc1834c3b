//! Ký số: a PAdES baseline B-B signature made with the member's (or the
//! secretary's) certificate, added to a signed PDF as an incremental
//! update, so that the pages, the record and the seal inside stay byte for
//! byte as they were; and the branch's confirmation of such a file, added
//! the same way (`update`). The CMS is `cms`; the file is ours.

pub mod cms;
pub mod update;

use crate::certificate::{self, Holder};
use crate::error::{Error, Result};
use crate::fonts::Style;
use crate::render::layout::Signer as Whose;
use crate::render::Space;
use chrono::{DateTime, FixedOffset, Utc};
use lopdf::Document;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

/// The field names of our updates; the version names the frozen words and
/// the appearance's layout (`templates/ky-so.toml`).
pub const MEMBER_FIELD: &str = "CamKet-v1-dang-vien";
pub const BRANCH_FIELD: &str = "CamKet-v1-chi-bo";

pub fn field_name(whose: Whose) -> &'static str {
    match whose {
        Whose::Member => MEMBER_FIELD,
        Whose::Branch => BRANCH_FIELD,
    }
}

/// A certificate that signs, with the providers' certificates above it and
/// the signing itself (the token's, or a test's key).
pub struct Signer<'a> {
    pub certificate: Certificate,
    pub chain: Vec<Certificate>,
    pub sign: &'a dyn Fn(&[u8]) -> Result<Vec<u8>>,
}

/// Vietnam time (UTC+7), whatever the computer's zone.
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
}

/// The signature dictionary's time (`M`), in Vietnam time.
pub fn pdf_date(at: DateTime<Utc>) -> String {
    at.with_timezone(&vietnam()).format("D:%Y%m%d%H%M%S+07'00'").to_string()
}

/// The time an `M` names, read back.
pub fn read_pdf_date(m: &str) -> Option<DateTime<Utc>> {
    let digits = m.strip_prefix("D:")?.get(..14)?;
    let local = chrono::NaiveDateTime::parse_from_str(digits, "%Y%m%d%H%M%S").ok()?;
    Some(local.and_local_timezone(vietnam()).single()?.with_timezone(&Utc)).filter(|t| pdf_date(*t) == m)
}

/// What a block prints around a ký số: `above` and `below` it (the
/// branch's confirmation; nothing for the member, whose name is printed).
#[derive(Debug, Clone, Default)]
pub struct Words {
    pub above: Vec<(String, Style)>,
    pub below: Vec<(String, Style)>,
}

/// The lines a ký số appearance prints: the block's words around the
/// holder, "Ký số" and the time.
pub fn lines(words: Words, holder: Option<&Holder>, at: Option<DateTime<Utc>>) -> Vec<(String, Style)> {
    let mut lines = words.above;
    if let (Some(h), Some(at)) = (holder, at) {
        let when = at.with_timezone(&vietnam()).format("%d/%m/%Y %H:%M").to_string();
        lines.push((h.holder.clone(), Style::Bold));
        lines.push((crate::template::ky_so_word("signed").to_string(), Style::Italic));
        lines.push((crate::template::ky_so_word("when").replace("{date}", &when), Style::Italic));
    }
    lines.extend(words.below);
    lines
}

/// The update's field for `space`, before its signature is known.
pub fn field<'a>(
    space: &Space,
    appearance: &'a Document,
    attachment: Option<update::Attachment<'a>>,
    m: Option<String>,
) -> update::Field<'a> {
    update::Field {
        name: field_name(space.signer).to_string(),
        page: space.page,
        rect: space.rect,
        appearance,
        attachment,
        signature: m.map(|m| (m, Vec::new())),
    }
}

/// The bytes a signature covers: the file but the `<…>` of its contents.
pub fn covered(bytes: &[u8], contents: &std::ops::Range<usize>) -> Vec<u8> {
    let mut covered = bytes[..contents.start - 1].to_vec();
    covered.extend_from_slice(&bytes[contents.end + 1..]);
    covered
}

/// Appends a field at `space` to `pdf`: signed by `signer` at `at` when
/// one is given (its certificate must be valid then), with `words` printed
/// around the signature and `attachment` carried by its appearance.
pub fn append(
    pdf: &[u8],
    space: &Space,
    words: Words,
    attachment: Option<update::Attachment>,
    signer: Option<(&Signer, DateTime<Utc>)>,
) -> Result<Vec<u8>> {
    // The file ends where its last revision does: a newline after it is not ours to keep.
    let pdf = &pdf[..revisions(pdf).last().copied().unwrap_or(pdf.len())];
    let doc = Document::load_mem(pdf).map_err(|e| Error::Pdf(e.to_string()))?;
    let holder = signer.map(|(s, _)| certificate::holder(&s.certificate));
    if let (Some(h), Some((_, at))) = (&holder, signer) {
        if let Some(problem) = certificate::validity_problem(h, at) {
            return Err(Error::Token(problem));
        }
    }
    let appearance = appearance(space, lines(words, holder.as_ref(), signer.map(|(_, at)| at)))?;
    let m = signer.map(|(_, at)| pdf_date(at));
    let updated = update::append(pdf, &doc, &field(space, &appearance, attachment, m))?;
    let (Some((signer, _)), Some(contents)) = (signer, updated.contents) else { return Ok(updated.bytes) };
    let mut bytes = updated.bytes;
    let digest = Sha256::digest(covered(&bytes, &contents));
    let attributes = cms::signed_attributes(&digest, &signer.certificate)?;
    let signature = (signer.sign)(&cms::to_be_signed(&attributes)?)?;
    let mut cms = cms::signed_data(&signer.certificate, &signer.chain, attributes, signature)?;
    if cms.len() > update::CONTENTS_SIZE {
        return Err(Error::Token("Chuỗi chứng thư số trên token quá dài để đặt vào tệp.".into()));
    }
    cms.resize(update::CONTENTS_SIZE, 0);
    bytes[contents].copy_from_slice(crate::keys::hex(&cms).as_bytes());
    Ok(bytes)
}

/// The appearance of `lines` in `space`.
pub fn appearance(space: &Space, lines: Vec<(String, Style)>) -> Result<Document> {
    let [x1, y1, x2, y2] = space.rect;
    crate::render::appearance(x2 - x1, y2 - y1, &lines)
}

/// Where each revision of a file ends: after each `startxref` offset
/// `%%EOF`, the first being the file as Cam Kết sealed it.
pub fn revisions(bytes: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut from = 0;
    while let Some(at) = bytes[from..].windows(5).position(|w| w == b"%%EOF") {
        let end = from + at + 5;
        if ends_a_revision(&bytes[..from + at]) {
            ends.push(end);
        }
        from = end;
    }
    ends
}

/// Whether `before` ends with `startxref`, an offset and white space.
fn ends_a_revision(before: &[u8]) -> bool {
    let trimmed = before.trim_ascii_end();
    let digits = trimmed.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && trimmed[..trimmed.len() - digits].trim_ascii_end().ends_with(b"startxref")
}
