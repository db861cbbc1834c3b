//! The signed record: the exact bytes a member signed, kept and sent as they
//! are. Its fingerprint is SHA-256 of those bytes, never of a struct
//! serialised again, so a record stays readable and verifiable forever,
//! whatever the structs become. Readers dispatch on `version` and ignore
//! fields they do not know.
//!
//! Version 1 is canonical JSON (keys sorted, no insignificant white space,
//! NFC) with `"format": "camket-record"`. Version 0 is what was signed before
//! records existed: the canonical JSON of the content alone, kept byte for
//! byte by the migration, so its fingerprint and printed code are unchanged.

use crate::document::{short_code, Content};
use crate::error::{Error, Result};
pub use crate::keys::{hex, sha256_hex, unhex};
use crate::signature::SignatureImage;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

pub const FORMAT: &str = "camket-record";
/// The newest version this build writes. Versions 2 and 3 have version
/// 1's shape; each is written when the content holds what the readers of
/// the version before cannot read, so that an older app says "update"
/// instead of "damaged": version 2 for a kind other than the first two or
/// a choice section, version 3 for points (the national year-end review)
/// or a section filled from several sources.
pub const VERSION: i64 = 3;

/// The kinds of document version 1's readers know (as a fixed list there).
const VERSION_1_KINDS: [&str; 2] = ["ke-hoach", "cam-ket"];

/// The version a record of `content` is written in.
fn version_for(content: &Content) -> i64 {
    use crate::template::SectionKind;
    let sections = &content.template.sections;
    if sections.iter().any(|s| s.kind == SectionKind::Points || s.from.len() > 1 || s.carry.len() > 1) {
        return 3;
    }
    let known = VERSION_1_KINDS.contains(&content.template.kind.as_str())
        && sections.iter().all(|s| s.kind != SectionKind::Choice);
    if known {
        1
    } else {
        2
    }
}

/// A record as read back: its bytes and what they say.
#[derive(Debug, Clone)]
pub struct Record {
    pub bytes: Vec<u8>,
    /// SHA-256 of `bytes`, in hex; always computed here, never taken on trust.
    pub fingerprint: String,
    /// 0 for a version signed before records existed.
    pub version: i64,
    /// The document kind, e.g. "ke-hoach".
    pub kind: String,
    pub year: i32,
    /// Absent from version 0 records (the database row holds it).
    pub revision: Option<i64>,
    /// RFC 3339; absent from version 0 records.
    pub signed_at: Option<String>,
    pub content: Content,
    pub signature_image: Option<SignatureImage>,
    /// The signer's Ed25519 public key; absent from version 0 records.
    pub public_key: Option<Vec<u8>>,
    /// The branch the document was written for: the key of the secretary
    /// whose settings file the member accepted. Absent from records signed
    /// before branches had an identity, or by a member without settings.
    pub branch_key: Option<Vec<u8>>,
    /// The certificate the member also signed with (ký số) at signing.
    pub certificate: Option<Certified>,
}

/// Which certificate a record was signed with as well: holder, issuer,
/// serial number and the SHA-256 of the certificate (hexadecimal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certified {
    pub holder: String,
    pub issuer: String,
    pub serial: String,
    pub sha256: String,
}

impl Record {
    pub fn code(&self) -> String {
        short_code(&self.fingerprint)
    }

    /// The name its PDF is sent under, one a secretary can tell apart:
    /// `2026-ke-hoach-tran-thi-minh-hanh.pdf`.
    pub fn file_name(&self) -> String {
        let name = crate::text::ascii_slug(&self.content.profile.full_name);
        let name = if name.is_empty() { "dang-vien".to_string() } else { name };
        format!("{}-{}-{name}.pdf", self.year, crate::text::ascii_slug(&self.kind))
    }
}

/// What a version 1 record holds. Lenient on reading: unknown fields are
/// ignored (serde's default), so a newer writer's extra fields do no harm.
#[derive(Serialize, Deserialize)]
struct V1 {
    format: String,
    version: i64,
    kind: String,
    year: i32,
    revision: i64,
    signed_at: String,
    content: Content,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signature_image: Option<String>,
    public_key: String,
    /// An optional field added to the same shape: readers of versions 1 and
    /// 2 ignore it, so an older secretary's app still reads the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    branch_key: Option<String>,
    /// Added the same way: an older reader ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    certificate: Option<Certified>,
}

/// What a new record says, before it becomes bytes.
pub struct NewRecord<'a> {
    pub kind: &'a str,
    pub revision: i64,
    pub signed_at: &'a str,
    pub content: &'a Content,
    /// The signature image as the PNG stored with it.
    pub signature_png: Option<&'a [u8]>,
    pub public_key: &'a [u8],
    /// The secretary's key from the settings the member accepted, if any.
    pub branch_key: Option<&'a [u8]>,
    /// The certificate signing with it at once (ký số), if any.
    pub certificate: Option<&'a Certified>,
}

/// The bytes of a new record (version 1, or 2 when the content needs it).
pub fn write(new: &NewRecord) -> Result<Vec<u8>> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let v1 = V1 {
        format: FORMAT.to_string(),
        version: version_for(new.content),
        kind: new.kind.to_string(),
        year: new.content.year,
        revision: new.revision,
        signed_at: new.signed_at.to_string(),
        content: new.content.clone(),
        signature_image: new.signature_png.map(|png| b64.encode(png)),
        public_key: hex(new.public_key),
        branch_key: new.branch_key.map(hex),
        certificate: new.certificate.cloned(),
    };
    let value = serde_json::to_value(&v1).map_err(Error::bug)?;
    Ok(canonical(&value))
}

/// Reads a record of any version this build knows.
pub fn read(bytes: &[u8]) -> Result<Record> {
    let value: Value = serde_json::from_slice(bytes).map_err(|_| malformed())?;
    let fingerprint = sha256_hex(bytes);
    match value.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        // Before records, what was signed was the content itself.
        None if value.get("profile").is_some() && value.get("template").is_some() => {
            let content: Content = serde_json::from_value(value).map_err(|_| malformed())?;
            return Ok(Record {
                bytes: bytes.to_vec(),
                fingerprint,
                version: 0,
                kind: content.template.kind.clone(),
                year: content.year,
                revision: None,
                signed_at: None,
                content,
                signature_image: None,
                public_key: None,
                branch_key: None,
                certificate: None,
            });
        }
        _ => return Err(malformed()),
    }
    let version = value.get("version").and_then(Value::as_i64);
    match version {
        Some(1..=VERSION) => {}
        Some(v) if v > VERSION => {
            return Err(Error::invalid(
                "record",
                format!(
                    "Bản ghi theo định dạng phiên bản {v}, mới hơn định dạng mà phiên bản Cam Kết này đọc được \
                     (đến phiên bản {VERSION}). Hãy cập nhật ứng dụng."
                ),
            ))
        }
        _ => return Err(malformed()),
    }
    let v1: V1 = serde_json::from_value(value).map_err(|_| malformed())?;
    let b64 = base64::engine::general_purpose::STANDARD;
    let signature_image = v1
        .signature_image
        .map(|text| b64.decode(text).ok().and_then(|png| SignatureImage::from_png(&png).ok()).ok_or_else(malformed))
        .transpose()?;
    let public_key = unhex(&v1.public_key).ok_or_else(malformed)?;
    let branch_key = v1.branch_key.map(|k| unhex(&k).ok_or_else(malformed)).transpose()?;
    Ok(Record {
        bytes: bytes.to_vec(),
        fingerprint,
        version: version.unwrap_or(VERSION),
        kind: v1.kind,
        year: v1.year,
        revision: Some(v1.revision),
        signed_at: Some(v1.signed_at),
        content: v1.content,
        signature_image,
        public_key: Some(public_key),
        branch_key,
        certificate: v1.certificate,
    })
}

fn malformed() -> Error {
    Error::invalid("record", "Bản ghi đi kèm văn bản không đúng định dạng của Cam Kết.")
}

/// Canonical JSON: object keys sorted, no insignificant white space, every
/// string in NFC. Numbers and escapes are written as serde_json writes them.
pub fn canonical(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    let string = |s: &str, out: &mut Vec<u8>| {
        let nfc: String = s.nfc().collect();
        // Serialising a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, &nfc);
    };
    match value {
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(String, &Value)> = map.iter().map(|(k, v)| (k.nfc().collect(), v)).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                string(&key, out);
                out.push(b':');
                write_canonical(item, out);
            }
            out.push(b'}');
        }
        other => {
            let _ = serde_json::to_writer(&mut *out, other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_sorts_keys_and_normalises() {
        let v: Value = serde_json::from_str("{\"b\": [1, \"e\\u0301\"], \"a\": {\"z\": null, \"y\": true}}").unwrap();
        assert_eq!(String::from_utf8(canonical(&v)).unwrap(), "{\"a\":{\"y\":true,\"z\":null},\"b\":[1,\"é\"]}");
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(unhex(&hex(&[0, 1, 254, 255])).unwrap(), vec![0, 1, 254, 255]);
        assert!(unhex("abc").is_none());
        assert!(unhex("zz").is_none());
    }
}
