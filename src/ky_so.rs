//! Adding a ký số to a file Cam Kết sealed: the member's, in the space
//! above her printed name, or later to a version already signed (its
//! pages, record and seal stay byte for byte). The signer comes from a
//! USB token (`token`) or, in tests, from a key of their own.

use crate::certificate;
use crate::error::{Error, Result};
use crate::pades::{self, Signer, Words};
use crate::render::layout::Signer as Whose;
use crate::token::{self, Pin, TokenCertificate};
use chrono::{DateTime, Utc};
use std::path::Path;

/// The file verified, and its space for `whose` not yet signed.
pub fn space_in(pdf: &[u8], whose: Whose) -> Result<(crate::verify::Verified, crate::render::Space)> {
    let verified = crate::verify::verify_to_sign(pdf, &[])
        .map_err(|r| Error::invalid("tệp", format!("Chưa ký số được: {}.", r.message())))?;
    if verified.digital.iter().any(|d| d.whose == whose) {
        return Err(Error::invalid("tệp", "Tệp này đã có chữ ký số ở ô này; không ký số lần nữa."));
    }
    let space = verified.spaces.iter().find(|s| s.signer == whose).copied();
    let space = space.ok_or_else(|| Error::invalid("tệp", "Văn bản này không có chỗ cho chữ ký số."))?;
    Ok((verified, space))
}

/// The member's ký số added to her signed file.
pub fn sign_member_file(pdf: &[u8], signer: &Signer, at: DateTime<Utc>) -> Result<Vec<u8>> {
    let (verified, space) = space_in(pdf, Whose::Member)?;
    if let Some(named) = &verified.record.certificate {
        if named.sha256 != certificate::holder(&signer.certificate).sha256 {
            return Err(Error::Token(format!(
                "Văn bản này được ký cùng chứng thư số của {} (số hiệu {}); chỉ chứng thư đó ký số được bản này.",
                named.holder, named.serial
            )));
        }
    }
    pades::append(pdf, &space, Words::default(), None, Some((signer, at)))
}

/// The certificate on the module's tokens that `token` and `serial` name
/// (either may be left out when only one certificate fits).
pub fn choose(module: &Path, token: Option<&str>, serial: Option<&str>) -> Result<TokenCertificate> {
    let all_found = token::certificates(module)?;
    let fits: Vec<TokenCertificate> = all_found
        .iter()
        .filter(|c| token.is_none_or(|t| c.token == t))
        .filter(|c| serial.is_none_or(|s| c.holder.serial.eq_ignore_ascii_case(s.trim())))
        .cloned()
        .collect();
    match fits.len() {
        1 => Ok(fits.into_iter().next().expect("one certificate")),
        0 => Err(Error::Token(nothing_fits(&all_found, token, serial))),
        _ => Err(Error::Token(format!(
            "Trên token có {} chứng thư số; hãy chọn một: {}.",
            fits.len(),
            fits.iter()
                .map(|c| format!("{} (số hiệu {}, {})", c.holder.holder, c.holder.serial, c.holder.provider))
                .collect::<Vec<_>>()
                .join("; ")
        ))),
    }
}

/// Why no certificate fits what was asked, naming what there is.
fn nothing_fits(found: &[TokenCertificate], token: Option<&str>, serial: Option<&str>) -> String {
    if found.is_empty() {
        return "Trên token không có chứng thư số nào để ký.".into();
    }
    let mut labels: Vec<&str> = found.iter().map(|c| c.token.as_str()).collect();
    labels.dedup();
    let certificates: Vec<String> =
        found.iter().map(|c| format!("{} (số hiệu {})", c.holder.holder, c.holder.serial)).collect();
    match (token, serial) {
        (Some(t), _) if !labels.contains(&t) => {
            format!("Không thấy token “{t}”. Các token đang cắm: {}.", labels.join(", "))
        }
        (_, Some(s)) => format!("Không có chứng thư số số hiệu {s}. Trên token có: {}.", certificates.join("; ")),
        _ => "Trên token không có chứng thư số nào khớp.".into(),
    }
}

/// Runs `work` with a signer for a certificate on a token: the PIN is
/// kept only while it runs (a batch signs each file with it) and wiped
/// after; nothing is returned (and nothing written) unless all went well.
pub fn with_token<T>(
    module: &Path,
    chosen: &TokenCertificate,
    pin: Pin,
    work: impl FnOnce(&Signer) -> Result<T>,
) -> Result<T> {
    let cert = certificate::parse(&chosen.der)?;
    let chain = chosen.chain.iter().filter_map(|d| certificate::parse(d).ok()).collect();
    let token = token::LoggedIn::open(module, &chosen.token, &chosen.id, &pin)?;
    drop(pin);
    let sign = |data: &[u8]| token.sign(data);
    work(&Signer { certificate: cert, chain, sign: &sign })
}
