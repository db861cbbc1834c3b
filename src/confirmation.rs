//! The branch's confirmation, a record format beside `record` and `seal`:
//! which record the secretary confirmed, the decision, the remark, the date,
//! the block printed and the digest of the confirmed pages, signed with the
//! secretary's key and embedded in the confirmed PDF. The branch writes it
//! (`branch::confirm`); `verify` checks it. Version 1 stays readable forever.

use crate::error::Result;
use crate::keys::MemberKey;
use crate::record::{canonical, hex};
use crate::render::BranchBlock;
use crate::signature::SignatureImage;
use base64::Engine;
use serde_json::{json, Value};

/// The name it is embedded under in a confirmed PDF.
pub const FILE: &str = "camket-confirmation.json";
pub const FORMAT: &str = "camket-confirmation";
pub const VERSION: i64 = 1;

/// A confirmation of the record `record_sha256` with the block `b`, of the
/// pages whose digest is `pages` (hex), signed with the secretary's `key`.
pub fn write(record_sha256: &str, b: &BranchBlock, key: &MemberKey, pages: &str, branch: &str) -> Result<Vec<u8>> {
    let mut c = json!({
        "format": FORMAT,
        "version": VERSION,
        "record_sha256": record_sha256,
        "decision": "xac-nhan",
        "remark": b.remark,
        "date": b.date.to_string(),
        "branch": branch,
        "on_behalf": b.on_behalf,
        "secretary": b.name,
        "function": b.function,
        "pages_sha256": pages,
        "public_key": hex(&key.public()),
    });
    if let Some(image) = &b.signature {
        c["secretary_image"] = Value::String(base64::engine::general_purpose::STANDARD.encode(image.to_png()?));
    }
    let signature = key.sign(&canonical(&c));
    c["signature"] = Value::String(hex(&signature));
    Ok(canonical(&c))
}

/// Whether `c` says it is a confirmation of a version this build reads.
pub fn is_confirmation(c: &Value) -> bool {
    c.get("format").and_then(Value::as_str) == Some(FORMAT) && c.get("version") == Some(&Value::from(VERSION))
}

/// The block a confirmation printed, read back from it.
pub fn block_of(c: &Value) -> Option<BranchBlock> {
    let text = |name: &str| c.get(name).and_then(Value::as_str).map(str::to_string);
    let signature = match text("secretary_image") {
        Some(b64) => {
            let png = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
            Some(SignatureImage::from_png(&png).ok()?)
        }
        None => None,
    };
    Some(BranchBlock {
        remark: text("remark")?,
        date: text("date")?.parse().ok()?,
        on_behalf: text("on_behalf")?,
        function: text("function")?,
        name: text("secretary")?,
        signature,
    })
}
