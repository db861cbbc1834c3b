//! Ký số from the screens: the token modules found, a module's
//! certificates as the member reads them, and signing a document (or the
//! version already signed) with one of them.

use super::*;
use crate::token::{self, Pin};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// A certificate on the token, as the sign step lists it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TokenCertificateView {
    pub token: String,
    pub id: String,
    pub holder: String,
    pub provider: String,
    pub serial: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// Why it cannot sign today (expired, not yet valid), in words.
    pub problem: Option<String>,
    /// It names someone other than the member (marks and case aside).
    pub other_name: bool,
}

/// The certificates of `module` that can sign, as of `now`, in a steady
/// order: those that may sign today first, then those in the member's
/// (`name`) own name, then by holder. The token is slow: nothing here
/// holds the store.
pub fn token_certificates(module: &Path, now: DateTime<Utc>, name: &str) -> Result<Vec<TokenCertificateView>> {
    let day = |t: DateTime<Utc>| crate::dates::vietnam_day(&t.to_rfc3339()).unwrap_or_default();
    let mut found: Vec<TokenCertificateView> = token::certificates(module)?
        .into_iter()
        .map(|c| TokenCertificateView {
            problem: crate::certificate::validity_problem(&c.holder, now),
            valid_from: day(c.holder.not_before),
            valid_to: day(c.holder.not_after),
            other_name: crate::text::folded_words(&c.holder.holder) != crate::text::folded_words(name),
            token: c.token,
            id: c.id,
            holder: c.holder.holder,
            provider: c.holder.provider,
            serial: c.holder.serial,
        })
        .collect();
    found.sort_by(|a, b| {
        (a.problem.is_some(), a.other_name, &a.holder, &a.token, &a.id).cmp(&(
            b.problem.is_some(),
            b.other_name,
            &b.holder,
            &b.token,
            &b.id,
        ))
    });
    Ok(found)
}

/// The first module found on this computer that sees a token, with its
/// certificates; when none does, why, in words (a module that fails is
/// logged: another may be the member's).
pub fn find_token(now: DateTime<Utc>, name: &str) -> Result<(PathBuf, Vec<TokenCertificateView>)> {
    let modules = token::known_modules();
    if modules.is_empty() {
        return Err(Error::Token(
            "Chưa thấy phần mềm (trình điều khiển) của USB token trên máy này. Hãy cài phần mềm do nhà cung cấp chữ ký số \
             gửi kèm token, hoặc bấm “Chọn trình điều khiển…” để chỉ tệp .dll của token."
                .into(),
        ));
    }
    let mut token_without_certificate = false;
    for module in modules {
        match token_certificates(&module, now, name) {
            Ok(found) if !found.is_empty() => return Ok((module, found)),
            Ok(_) => token_without_certificate = true,
            Err(e) => tracing::info!("{}: {}", module.display(), e.log_line()),
        }
    }
    Err(Error::Token(if token_without_certificate {
        "Trên token chưa thấy chứng thư số nào để ký.".into()
    } else {
        "Chưa thấy USB token nào. Hãy cắm token chữ ký số vào máy rồi bấm “Tìm lại token”; nếu đã cắm, hãy cài phần \
         mềm của nhà cung cấp hoặc bấm “Chọn trình điều khiển…”."
            .into()
    }))
}

/// The providers' root certificates in the files at `paths` added to those
/// the unit trusts (handed to members in the next settings file). Says
/// which were added and which the unit now trusts.
pub fn add_trusted_roots(store: &mut Store, paths: &[PathBuf]) -> Result<String> {
    let mut roots = Vec::new();
    for path in paths {
        roots.extend(crate::certificate::read_file(&crate::files::read_regular(path, 1024 * 1024)?)?);
    }
    if let Some(leaf) = roots.iter().find(|c| !crate::certificate::is_authority(c)) {
        let h = crate::certificate::holder(leaf);
        return Err(Error::invalid(
            "roots",
            format!(
                "Tệp có chứng thư số của {} (một người), không phải chứng thư gốc của nhà cung cấp. Chưa thêm gì.",
                h.holder
            ),
        ));
    }
    let added = store.add_trusted_roots(&roots)?;
    let all: Vec<String> = store.trusted_roots()?.iter().map(|c| crate::certificate::holder(c).holder).collect();
    Ok(format!("Đã thêm {added} chứng thư gốc. Đơn vị tin cậy: {}.", all.join("; ")))
}

/// The certificate (token label, id) the person chose, found on the token again.
pub(super) fn chosen_certificate(module: &Path, (label, id): (&str, &str)) -> Result<token::TokenCertificate> {
    token::certificates(module)?.into_iter().find(|c| c.token == label && c.id == id).ok_or_else(|| {
        Error::Token("Không còn thấy chứng thư số đã chọn: token đã bị rút ra hoặc thay bằng token khác.".into())
    })
}

/// Signs document `id` with the certificate `id` of `token` (and the
/// member's key, when the document is not signed yet); a version already
/// signed gets its ký số without a change to its text.
#[allow(clippy::too_many_arguments)]
pub fn sign_with_token(
    store: &mut Store,
    id: i64,
    base_revision: i64,
    signature_png: Option<&[u8]>,
    module: &Path,
    certificate: (&str, &str),
    pin: Pin,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<DocumentView> {
    let chosen = chosen_certificate(module, certificate)?;
    let signed = store.info(id)?.status == crate::document::Status::Signed;
    crate::ky_so::with_token(module, &chosen, pin, |signer| {
        if signed {
            crate::writing::add_ky_so(store, id, signer, now).map(|_| ())
        } else {
            let image = signature_png.map(crate::signature::SignatureImage::from_png).transpose()?;
            let with = crate::writing::WithCertificate { signer, at: now };
            crate::writing::sign_with(store, id, base_revision, today, image.as_ref(), Some(with)).map(|_| ())
        }
    })?;
    document_view(store, id, today)
}
