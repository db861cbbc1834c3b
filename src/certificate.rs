//! X.509 certificates, as ký số needs them: who holds one and who issued
//! it, in words; whether it may sign on a given day; whether one was issued
//! by another (its RSA signature checked), and a chain up to a root the app
//! was given. Only RSA keys are read: the certificates the Vietnamese
//! providers issue on USB tokens are RSA.

use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use der::asn1::ObjectIdentifier as Oid;
use der::{Decode, Encode, Tag, Tagged};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256, Sha384, Sha512};
pub use x509_cert::Certificate;

const COMMON_NAME: Oid = Oid::new_unwrap("2.5.4.3");
const ORGANIZATION: Oid = Oid::new_unwrap("2.5.4.10");
const BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
pub const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");

/// What a person reads about a certificate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Holder {
    /// The subject's common name: the member's name on a personal certificate.
    pub holder: String,
    /// The issuer's organisation (or common name): "VNPT-CA", "Viettel-CA"…
    pub provider: String,
    /// The serial number in hexadecimal, as providers print it.
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// SHA-256 of the certificate's DER bytes, in hexadecimal.
    pub sha256: String,
}

pub fn parse(der: &[u8]) -> Result<Certificate> {
    Certificate::from_der(der)
        .map_err(|_| Error::Token("Chứng thư số không đọc được (không đúng định dạng X.509).".into()))
}

/// The certificates of a .cer/.crt/.pem file: DER, or PEM with one or more.
pub fn read_file(bytes: &[u8]) -> Result<Vec<Certificate>> {
    use base64::Engine;
    let unreadable =
        || Error::invalid("chứng thư số", "Tệp chứng thư số không đọc được (cần tệp .cer, .crt hoặc .pem).");
    let Ok(text) = std::str::from_utf8(bytes) else { return Ok(vec![parse(bytes).map_err(|_| unreadable())?]) };
    if !text.contains("-----BEGIN CERTIFICATE-----") {
        return Ok(vec![parse(bytes).map_err(|_| unreadable())?]);
    }
    let mut found = Vec::new();
    for block in text.split("-----BEGIN CERTIFICATE-----").skip(1) {
        let body: String =
            block.split("-----END CERTIFICATE-----").next().unwrap_or_default().split_whitespace().collect();
        let der = base64::engine::general_purpose::STANDARD.decode(body).map_err(|_| unreadable())?;
        found.push(parse(&der).map_err(|_| unreadable())?);
    }
    Ok(found)
}

pub fn der(cert: &Certificate) -> Vec<u8> {
    cert.to_der().unwrap_or_default()
}

pub fn holder(cert: &Certificate) -> Holder {
    let tbs = &cert.tbs_certificate;
    let issuer = name_part(&tbs.issuer, ORGANIZATION).or_else(|| name_part(&tbs.issuer, COMMON_NAME));
    Holder {
        holder: name_part(&tbs.subject, COMMON_NAME).unwrap_or_default(),
        provider: issuer.unwrap_or_default(),
        serial: crate::keys::hex(tbs.serial_number.as_bytes()).to_uppercase(),
        not_before: instant(tbs.validity.not_before),
        not_after: instant(tbs.validity.not_after),
        sha256: crate::keys::hex(&Sha256::digest(der(cert))),
    }
}

fn instant(t: x509_cert::time::Time) -> DateTime<Utc> {
    DateTime::from_timestamp(t.to_unix_duration().as_secs() as i64, 0).unwrap_or_default()
}

/// The first value of an attribute of a name, as text (UTF-8, printable,
/// IA5, Teletex read as Latin-1, or BMP).
fn name_part(name: &x509_cert::name::Name, oid: Oid) -> Option<String> {
    let value = name.0.iter().flat_map(|rdn| rdn.0.iter()).find(|a| a.oid == oid)?;
    let bytes = value.value.value();
    Some(match value.value.tag() {
        Tag::BmpString => {
            let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units)
        }
        Tag::TeletexString => bytes.iter().map(|&b| b as char).collect(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    })
}

/// Why a certificate may not sign at `at`, in words; `None` when it may.
pub fn validity_problem(h: &Holder, at: DateTime<Utc>) -> Option<String> {
    let day =
        |d: DateTime<Utc>| crate::dates::format_date(crate::dates::vietnam_day(&d.to_rfc3339()).unwrap_or_default());
    if at < h.not_before {
        Some(format!("Chứng thư số của {} chưa đến ngày có hiệu lực (từ {}).", h.holder, day(h.not_before)))
    } else if at > h.not_after {
        Some(format!(
            "Chứng thư số của {} đã hết hạn ngày {}. Hãy gia hạn với nhà cung cấp ({}) rồi ký lại.",
            h.holder,
            day(h.not_after),
            h.provider
        ))
    } else {
        None
    }
}

/// Whether `signature` over `data` was made by the certificate's RSA key
/// with PKCS#1 v1.5 and the digest `algorithm` names.
pub fn verifies(cert: &Certificate, algorithm: &Oid, data: &[u8], signature: &[u8]) -> bool {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    if spki.algorithm.oid != RSA_ENCRYPTION {
        return false;
    }
    let Ok(key) = RsaPublicKey::from_pkcs1_der(spki.subject_public_key.raw_bytes()) else { return false };
    let (hashed, prefix): (Vec<u8>, &[u8]) = match *algorithm {
        SHA256 | SHA256_WITH_RSA | RSA_ENCRYPTION => (Sha256::digest(data).to_vec(), &PREFIX_SHA256),
        SHA384_WITH_RSA => (Sha384::digest(data).to_vec(), &PREFIX_SHA384),
        SHA512_WITH_RSA => (Sha512::digest(data).to_vec(), &PREFIX_SHA512),
        _ => return false,
    };
    let scheme = Pkcs1v15Sign { hash_len: Some(hashed.len()), prefix: prefix.into() };
    key.verify(scheme, &hashed, signature).is_ok()
}

// The DER DigestInfo prefixes of RFC 8017 §9.2.
const PREFIX_SHA256: [u8; 19] =
    [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];
const PREFIX_SHA384: [u8; 19] =
    [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30];
const PREFIX_SHA512: [u8; 19] =
    [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40];

/// SHA-256 of `data` as the DER DigestInfo an RSA key signs.
pub fn digest_info_sha256(data: &[u8]) -> Vec<u8> {
    let mut info = PREFIX_SHA256.to_vec();
    info.extend_from_slice(&Sha256::digest(data));
    info
}

/// Its basic constraints, when it has them: whether it may issue certificates.
fn basic_ca(cert: &Certificate) -> Option<bool> {
    let mut found = cert.tbs_certificate.extensions.iter().flatten().filter(|e| e.extn_id == BASIC_CONSTRAINTS);
    found.next().map(|e| x509_cert::ext::pkix::BasicConstraints::from_der(e.extn_value.as_bytes()).is_ok_and(|b| b.ca))
}

fn self_signed(cert: &Certificate) -> bool {
    cert.tbs_certificate.issuer == cert.tbs_certificate.subject
}

/// Whether the certificate is a provider's (its basic constraints say CA,
/// or it signed itself) rather than a person's.
pub fn is_authority(cert: &Certificate) -> bool {
    basic_ca(cert).unwrap_or(false) || self_signed(cert)
}

/// Whether the certificate may issue others: its basic constraints say CA,
/// or, without them, it is a self-signed root of the old kind (X.509 v1).
pub fn may_issue(cert: &Certificate) -> bool {
    basic_ca(cert).unwrap_or_else(|| self_signed(cert))
}

/// Whether `cert` was issued by `issuer`: the issuer may issue, the names
/// match and the issuer's key signed it.
pub fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if !may_issue(issuer) || cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Ok(tbs) = cert.tbs_certificate.to_der() else { return false };
    verifies(issuer, &cert.signature_algorithm.oid, &tbs, cert.signature.raw_bytes())
}

/// The certificates above `leaf` taken from `pool`, nearest first, as far
/// as they go (a self-signed one ends it).
pub fn chain(leaf: &Certificate, pool: &[Certificate]) -> Vec<Certificate> {
    let mut chain: Vec<Certificate> = Vec::new();
    let mut current = leaf.clone();
    while chain.len() < 8 {
        if current.tbs_certificate.issuer == current.tbs_certificate.subject {
            break;
        }
        let Some(next) = pool.iter().find(|c| issued_by(&current, c) && !chain.contains(c)) else { break };
        chain.push(next.clone());
        current = next.clone();
    }
    chain
}

/// The root among `roots` that `leaf` chains to through `others` (each link
/// a checked signature), if any.
pub fn trusted_root<'a>(
    leaf: &Certificate,
    others: &[Certificate],
    roots: &'a [Certificate],
) -> Option<&'a Certificate> {
    let mut path = vec![leaf.clone()];
    path.extend(chain(leaf, others));
    let roots = || roots.iter().filter(|r| may_issue(r));
    path.iter().find_map(|c| roots().find(|root| *root == c || issued_by(c, root)))
}
