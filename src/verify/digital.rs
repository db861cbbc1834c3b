//! The updates appended to a sealed file: a ký số of the member, the
//! branch's confirmation (signed with the secretary's token or not). Each
//! is written again from what it says, with our writer, and must be the
//! same bytes; so every other appended update stays refused.

use super::{Refusal, Verified};
use crate::certificate::{self, Holder};
use crate::fonts::Style;
use crate::pades::{self, cms, update, Words};
use crate::render::layout::Signer as Whose;
use crate::render::{BranchBlock, Space};
use chrono::{DateTime, Utc};
use lopdf::{Document, Object};
use x509_cert::Certificate;

/// A ký số found in a file, checked.
#[derive(Debug, Clone)]
pub struct DigitalSignature {
    /// The member's or the branch's block.
    pub whose: Whose,
    pub holder: Holder,
    /// The time the signer's computer gave (`M`); B-B has no proof of time.
    pub signed_at: DateTime<Utc>,
    /// The certificate was valid at that time.
    pub valid_then: bool,
    /// The root certificate it chains to, among those the app was given.
    pub root: Option<Holder>,
}

impl DigitalSignature {
    /// In words: whose block, who signed, with whose certificate, when,
    /// and whether the certificate was valid and chains to a trusted root.
    pub fn summary(&self) -> String {
        let block = match self.whose {
            Whose::Member => "chữ ký số của người ký văn bản",
            Whose::Branch => "chữ ký số xác nhận của chi bộ",
        };
        let when = self.signed_at.with_timezone(&pades::vietnam());
        let valid = if self.valid_then {
            "chứng thư số còn hiệu lực lúc ký"
        } else {
            "CHỨNG THƯ SỐ KHÔNG CÓ HIỆU LỰC lúc ký"
        };
        let trust = match &self.root {
            Some(root) => format!("chứng thư thuộc chuỗi tin cậy của {}", root.holder),
            None => "chưa đối chiếu được với chứng thư gốc nào đơn vị tin cậy".to_string(),
        };
        format!(
            "{block}: {} (chứng thư số do {} cấp, số hiệu {}), nguyên vẹn, ký lúc {} theo đồng hồ máy người ký, {valid}, {trust}",
            self.holder.holder,
            self.holder.provider,
            self.holder.serial,
            when.format("%H:%M ngày %d/%m/%Y")
        )
    }
}

/// A record that says it was signed with a certificate too comes with
/// that certificate's ký số in the member's block: a file without it had
/// its signature taken off.
pub(super) fn as_the_record_says(verified: &Verified) -> Result<(), Refusal> {
    let Some(named) = &verified.record.certificate else { return Ok(()) };
    let signed = verified.digital.iter().any(|d| d.whose == Whose::Member && d.holder.sha256 == named.sha256);
    if signed {
        Ok(())
    } else {
        Err(Refusal::NotOriginal(format!(
            "văn bản được ký số bằng chứng thư số của {} nhưng tệp không còn chữ ký số đó",
            named.holder
        )))
    }
}

/// Whether the file names one of our fields (written as a hexadecimal string).
pub(super) fn names_our_fields(bytes: &[u8]) -> bool {
    [pades::MEMBER_FIELD, pades::BRANCH_FIELD].iter().any(|name| {
        let hex = crate::keys::hex(name.as_bytes());
        bytes.windows(hex.len()).any(|w| w == hex.as_bytes())
    })
}

fn foreign() -> Refusal {
    Refusal::NotOriginal("tệp đã được một chương trình khác ghi thêm".into())
}

/// The last field of the file's form, its name and dictionary.
fn last_field(doc: &Document) -> Option<(String, lopdf::Dictionary)> {
    let catalog = doc.catalog().ok()?;
    let form = crate::seal::resolve(doc, catalog.get(b"AcroForm").ok()?)?.as_dict().ok()?;
    let fields = form.get(b"Fields").and_then(Object::as_array).ok()?;
    let field = doc.get_dictionary(fields.last()?.as_reference().ok()?).ok()?;
    let name = String::from_utf8(field.get(b"T").and_then(Object::as_str).ok()?.to_vec()).ok()?;
    Some((name, field.clone()))
}

/// The `M` and `Contents` of a field's signature, when it is signed.
fn signature_of(doc: &Document, field: &lopdf::Dictionary) -> Option<(String, Vec<u8>)> {
    let sig = doc.get_dictionary(field.get(b"V").ok()?.as_reference().ok()?).ok()?;
    let m = String::from_utf8(sig.get(b"M").and_then(Object::as_str).ok()?.to_vec()).ok()?;
    Some((m, sig.get(b"Contents").and_then(Object::as_str).ok()?.to_vec()))
}

/// The file the field's appearance carries (the branch's confirmation).
fn attachment_of(doc: &Document, field: &lopdf::Dictionary) -> Option<Vec<u8>> {
    let ap = crate::seal::resolve(doc, field.get(b"AP").ok()?)?.as_dict().ok()?;
    let Object::Stream(xobject) = doc.get_object(ap.get(b"N").ok()?.as_reference().ok()?).ok()? else { return None };
    let spec = doc.get_dictionary(xobject.dict.get(b"AF").ok()?.as_array().ok()?.first()?.as_reference().ok()?).ok()?;
    let ef = crate::seal::resolve(doc, spec.get(b"EF").ok()?)?.as_dict().ok()?;
    let Object::Stream(file) = doc.get_object(ef.get(b"F").ok()?.as_reference().ok()?).ok()? else { return None };
    crate::seal::decoded(file, crate::seal::ATTACHMENT_LIMIT)
}

/// What the branch's block prints around its ký số, from its confirmation.
pub fn branch_words(b: &BranchBlock) -> Words {
    let mut above = Vec::new();
    if !b.remark.is_empty() {
        above.push((b.remark.clone(), Style::Regular));
    }
    above.push((crate::dates::date_line_alone(b.date), Style::Italic));
    above.push((b.on_behalf.clone(), Style::Bold));
    above.push((b.function.clone(), Style::Bold));
    Words { above, below: vec![(b.name.clone(), Style::Bold)] }
}

/// Checks the update from `prev` (its bytes, parsed) to `this` against the
/// file verified so far, and adds what it holds to `verified`. Returns
/// `this` parsed.
pub(super) fn check(
    (prev, prev_doc): (&[u8], &Document),
    this: &[u8],
    spaces: &[Space],
    roots: &[Certificate],
    verified: &mut Verified,
) -> Result<Document, Refusal> {
    let update_bytes = &this[prev.len()..];
    if super::shape::compressed(update_bytes) || update_bytes.windows(8).any(|w| w == b"/Encrypt") {
        return Err(foreign());
    }
    // An update lopdf cannot read is not one we wrote.
    let doc = std::panic::catch_unwind(|| Document::load_mem(this)).map_err(|_| foreign())?.map_err(|_| foreign())?;
    let (name, field) = last_field(&doc).ok_or_else(foreign)?;
    let whose =
        [Whose::Member, Whose::Branch].into_iter().find(|w| pades::field_name(*w) == name).ok_or_else(foreign)?;
    let space = spaces.iter().find(|s| s.signer == whose).ok_or_else(foreign)?;
    let signature = signature_of(&doc, &field);
    let attachment = attachment_of(&doc, &field);
    // One update per block: the member's is signed and carries nothing; the
    // branch's carries its confirmation.
    let taken = verified.digital.iter().any(|d| d.whose == whose)
        || (whose == Whose::Branch && verified.confirmation.is_some());
    let shaped = match whose {
        Whose::Member => signature.is_some() && attachment.is_none(),
        Whose::Branch => attachment.is_some(),
    };
    if taken || !shaped {
        return Err(foreign());
    }
    let signer = signature.as_ref().and_then(|(_, contents)| cms::read(contents));
    let holder = signer.as_ref().map(|s| certificate::holder(&s.signer));
    let at = signature.as_ref().and_then(|(m, _)| pades::read_pdf_date(m));
    if signature.is_some() && (holder.is_none() || at.is_none()) {
        return Err(foreign());
    }
    let confirmation = match &attachment {
        Some(bytes) => Some(super::confirmation(bytes, &verified.record.fingerprint, &verified.pages)?),
        None => None,
    };
    let words = confirmation.as_ref().map(|c| branch_words(&c.block)).unwrap_or_default();
    let appearance = pades::appearance(space, pades::lines(words, holder.as_ref(), at)).map_err(|_| foreign())?;
    let attached = attachment.as_deref().map(|bytes| update::Attachment { name: crate::confirmation::FILE, bytes });
    let mut again = pades::field(space, &appearance, attached, None);
    again.signature = signature.clone();
    let written = update::append(prev, prev_doc, &again).map_err(|_| foreign())?;
    if written.bytes != this {
        return Err(foreign());
    }
    if let Some(c) = confirmation {
        verified.confirmation = Some(c);
    }
    if let (Some(read), Some(range), Some(holder), Some(at)) = (signer, written.contents, holder, at) {
        if !read.intact(&pades::covered(this, &range)) {
            return Err(Refusal::DigitalBroken(holder.holder));
        }
        let root = certificate::trusted_root(&read.signer, &read.others, roots).map(certificate::holder);
        let valid_then = certificate::validity_problem(&holder, at).is_none();
        verified.digital.push(DigitalSignature { whose, holder, signed_at: at, valid_then, root });
    }
    Ok(doc)
}
