//! One file travels: the PDF of a signed version carries its record and a
//! seal, as embedded files (PDF `EmbeddedFiles` with `AFRelationship`
//! `Data`, as Factur-X invoices carry their XML).
//!
//! The seal binds the record to the pages it was printed on: the SHA-256 of
//! the record's bytes and a digest of the pages' content, signed together
//! with the member's key, and the number of the layout that placed them.
//! Verification lays the record out again with that layout and compares:
//! every layout ever written stays in the code (`render::LAYOUTS`).

use crate::error::{Error, Result};
use crate::keys::MemberKey;
use crate::record::{canonical, hex, sha256_hex, Record};
use crate::render::{BranchBlock, Mark};
use crate::signature::SignatureImage;
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

pub const RECORD_FILE: &str = "camket-record.json";
pub const SEAL_FILE: &str = "camket-seal.json";
pub const SEAL_FORMAT: &str = "camket-seal";

/// The PDF of a signed record as it is sent to the branch: the pages as
/// printed, the record and the seal inside. `record_signature` is the key's
/// signature of the record, made when it was signed; `image` the signature
/// image placed above the name (a version 1 record carries its own).
pub fn signed_pdf(
    record: &Record,
    record_signature: &[u8],
    image: Option<SignatureImage>,
    key: &MemberKey,
) -> Result<Vec<u8>> {
    seal(printed(record, image, None, crate::render::LAYOUT)?, &record.bytes, record_signature, key)
}

/// The pages a record prints as with `layout`, with the branch's block when confirmed.
pub(crate) fn printed(
    record: &Record,
    image: Option<SignatureImage>,
    block: Option<&BranchBlock>,
    layout: u32,
) -> Result<Document> {
    crate::render::document_with(&[(&record.content, signed_mark(record, image, layout), block)], false)
}

/// Where the signers' blocks leave room on those pages (`printed`'s arguments).
pub(crate) fn spaces(
    record: &Record,
    image: Option<SignatureImage>,
    block: Option<&BranchBlock>,
    layout: u32,
) -> Result<Vec<crate::render::Space>> {
    crate::render::signing_spaces(&record.content, &signed_mark(record, image, layout), block)
}

/// The footer mark of a record: its code, when it was signed (a version 0
/// record knows only its date), the signature image, the layout.
pub(crate) fn signed_mark(record: &Record, image: Option<SignatureImage>, layout: u32) -> Mark {
    let signed_at = record.signed_at.clone().unwrap_or_else(|| format!("{}T00:00:00Z", record.content.date));
    Mark::Signed { code: record.code(), signed_at, signature: image, layout }
}

/// A received file's seal (its bytes) and the layout its pages were laid
/// out with, as the seal says (its signature was checked by `verify`, which
/// every received file passed before it was kept).
pub(crate) fn received_seal(pdf: &[u8]) -> Result<(Vec<u8>, u32)> {
    let unreadable = || Error::Pdf("dấu niêm phong của tệp đã nhận không đọc được".into());
    let doc = Document::load_mem(pdf).map_err(|e| Error::Pdf(e.to_string()))?;
    let bytes = embedded_file(&doc, SEAL_FILE).ok_or_else(unreadable)?;
    let seal: Value = serde_json::from_slice(&bytes).map_err(|_| unreadable())?;
    let layout = seal.get("layout").and_then(Value::as_u64).ok_or_else(unreadable)?;
    let layout = u32::try_from(layout).ok().filter(|l| crate::render::LAYOUTS.contains(l)).ok_or_else(unreadable)?;
    Ok((bytes, layout))
}

/// Embeds `record` (its exact bytes) and a seal signed with `key` into the
/// rendered document, and writes the file.
pub(crate) fn seal(doc: Document, record: &[u8], record_signature: &[u8], key: &MemberKey) -> Result<Vec<u8>> {
    seal_as(doc, record, record_signature, key, crate::render::LAYOUT)
}

/// `seal`, declaring `layout` (tests forge files of other layouts with it).
pub(crate) fn seal_as(
    doc: Document,
    record: &[u8],
    record_signature: &[u8],
    key: &MemberKey,
    layout: u32,
) -> Result<Vec<u8>> {
    let pages = pages_digest(&doc)?;
    let mut seal = json!({
        "format": SEAL_FORMAT,
        "version": 1,
        "record_sha256": sha256_hex(record),
        "pages_sha256": hex(&pages),
        "page_count": doc.get_pages().len(),
        "layout": layout,
        "public_key": hex(&key.public()),
        "record_signature": hex(record_signature),
    });
    let signature = key.sign(&canonical(&seal));
    seal["seal_signature"] = Value::String(hex(&signature));
    let files = [
        (RECORD_FILE, record.to_vec(), "Bản ghi đã ký của văn bản (Cam Kết)"),
        (SEAL_FILE, canonical(&seal), "Dấu niêm phong: chữ ký số của bản ghi và các trang"),
    ];
    embed_and_save(doc, &files)
}

/// Embeds the files (name, bytes, description) and writes the PDF. The
/// files are dated as the document is (its information dictionary).
pub(crate) fn embed_and_save(mut doc: Document, files: &[(&str, Vec<u8>, &str)]) -> Result<Vec<u8>> {
    let date = info_date(&doc).unwrap_or_default();
    embed(&mut doc, files, &date)?;
    crate::render::pdf::save(&mut doc)
}

/// Adds the files to the document's `EmbeddedFiles` name tree and to the
/// catalog's associated files (`AF`), replacing any earlier tree.
fn embed(doc: &mut Document, files: &[(&str, Vec<u8>, &str)], date: &str) -> Result<()> {
    let mut names = Vec::new();
    let mut associated = Vec::new();
    for (name, bytes, description) in files {
        let mut stream = Stream::new(
            dictionary! {
                "Type" => "EmbeddedFile",
                "Subtype" => Object::Name(b"application/json".to_vec()),
                "Params" => dictionary! {
                    "Size" => bytes.len() as i64,
                    "ModDate" => Object::String(date.as_bytes().to_vec(), StringFormat::Literal),
                },
            },
            bytes.clone(),
        );
        // A small JSON file compresses well; an error leaves it uncompressed.
        let _ = stream.compress();
        let stream_id = doc.add_object(stream);
        let spec = doc.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal(*name),
            "UF" => Object::string_literal(*name),
            "Desc" => crate::render::pdf::text(description),
            "AFRelationship" => "Data",
            "EF" => dictionary! { "F" => stream_id, "UF" => stream_id },
        });
        names.push(Object::string_literal(*name));
        names.push(Object::Reference(spec));
        associated.push(Object::Reference(spec));
    }
    let tree = doc.add_object(dictionary! { "Names" => names });
    let catalog = doc.catalog_mut().map_err(|e| Error::Pdf(e.to_string()))?;
    catalog.set("Names", dictionary! { "EmbeddedFiles" => tree });
    catalog.set("AF", associated);
    Ok(())
}

fn info_date(doc: &Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let date = doc.get_dictionary(info).ok()?.get(b"CreationDate").ok()?.as_str().ok()?;
    Some(String::from_utf8_lossy(date).into_owned())
}

/// The bytes of an embedded file, found by name in the catalog's
/// `EmbeddedFiles` name tree. None when the file has no such attachment.
pub fn embedded_file(doc: &Document, name: &str) -> Option<Vec<u8>> {
    decoded(embedded_stream(doc, name)?, ATTACHMENT_LIMIT)
}

/// The attachment `name` as stored, before it is inflated.
pub(crate) fn embedded_stream<'a>(doc: &'a Document, name: &str) -> Option<&'a Stream> {
    let catalog = doc.catalog().ok()?;
    let names = resolve(doc, catalog.get(b"Names").ok()?)?.as_dict().ok()?;
    let tree = resolve(doc, names.get(b"EmbeddedFiles").ok()?)?.as_dict().ok()?;
    let list = resolve(doc, tree.get(b"Names").ok()?)?.as_array().ok()?;
    let spec = list.chunks(2).find_map(|pair| match pair {
        [Object::String(key, _), spec] if key == name.as_bytes() => Some(spec),
        _ => None,
    })?;
    let spec = resolve(doc, spec)?.as_dict().ok()?;
    let ef = resolve(doc, spec.get(b"EF").ok()?)?.as_dict().ok()?;
    resolve(doc, ef.get(b"F").ok()?)?.as_stream().ok()
}

/// The largest attachment read back (a record with its signature image is
/// tens of kilobytes).
pub(crate) const ATTACHMENT_LIMIT: usize = 4 * 1024 * 1024;
/// The largest page stream or font read back when hashing the pages.
const PAGE_STREAM_LIMIT: usize = 16 * 1024 * 1024;
/// How deep references may nest below a page (ours are a few levels).
const DEPTH_LIMIT: usize = 32;

/// A stream's bytes, inflated when deflated, or None when they would be
/// more than `limit` bytes (a decompression bomb) or do not inflate.
pub(crate) fn decoded(stream: &Stream, limit: usize) -> Option<Vec<u8>> {
    use std::io::Read;
    if !stream.dict.has(b"Filter") {
        return (stream.content.len() <= limit).then(|| stream.content.clone());
    }
    let mut out = Vec::new();
    let mut inflater = flate2::read::ZlibDecoder::new(stream.content.as_slice()).take(limit as u64 + 1);
    inflater.read_to_end(&mut out).ok()?;
    (out.len() <= limit).then_some(out)
}

/// The signature image placed on a file's pages, read back from its image
/// and alpha streams, for a version 0 record, which does not carry its
/// image: its pages are laid out again with it. None when no page holds one.
pub(crate) fn placed_image(doc: &Document) -> Option<SignatureImage> {
    let limit = 4 * 1024 * 1024;
    for (_, page) in doc.get_pages() {
        let resources = resolve(doc, doc.get_dictionary(page).ok()?.get(b"Resources").ok()?)?.as_dict().ok()?;
        let Some(xobjects) = resources.get(b"XObject").ok().and_then(|x| resolve(doc, x)?.as_dict().ok()) else {
            continue;
        };
        for (_, object) in xobjects.iter() {
            let Some(image) = resolve(doc, object).and_then(|o| o.as_stream().ok()) else { continue };
            let size =
                |key: &[u8]| image.dict.get(key).and_then(Object::as_i64).ok().and_then(|n| u32::try_from(n).ok());
            let (width, height) = (size(b"Width")?, size(b"Height")?);
            let rgb = decoded(image, limit)?;
            let alpha = match image.dict.get(b"SMask") {
                Ok(mask) => decoded(resolve(doc, mask)?.as_stream().ok()?, limit)?,
                Err(_) => vec![255; rgb.len() / 3],
            };
            if rgb.len() != width as usize * height as usize * 3 || alpha.len() * 3 != rgb.len() {
                return None;
            }
            let rgba = rgb.chunks(3).zip(&alpha).flat_map(|(p, a)| [p[0], p[1], p[2], *a]).collect();
            return Some(SignatureImage { width, height, rgba });
        }
    }
    None
}

pub(crate) fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// A digest of what the pages show: for each page in order, its dictionary
/// (without the link to its parent, with the attributes it inherits) and
/// everything it reaches (content streams decoded, fonts, images), written
/// in a form that does not depend on how the file stores them (object
/// numbers, compression, number formatting).
pub fn pages_digest(doc: &Document) -> Result<[u8; 32]> {
    let mut walker = Walker { doc, done: HashMap::new(), open: Vec::new(), broken: false };
    let mut hasher = Sha256::new();
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).map_err(|e| Error::Pdf(e.to_string()))?;
        let mut page = page.clone();
        page.remove(b"Parent");
        for key in [&b"Resources"[..], b"MediaBox", b"CropBox", b"Rotate"] {
            if !page.has(key) {
                if let Some(value) = inherited(doc, id, key) {
                    page.set(key.to_vec(), value);
                }
            }
        }
        hasher.update(b"page");
        hasher.update(walker.digest(&Object::Dictionary(page)));
    }
    if walker.broken {
        return Err(Error::Pdf("các trang có luồng dữ liệu hỏng, quá lớn hoặc lồng nhau quá sâu".into()));
    }
    Ok(hasher.finalize().into())
}

fn inherited(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    // The depth of a page tree is small; the bound guards against a loop.
    for _ in 0..32 {
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = doc.get_dictionary(parent).ok()?;
        if let Ok(value) = node.get(key) {
            return Some(value.clone());
        }
    }
    None
}

struct Walker<'a> {
    doc: &'a Document,
    /// Digests of the objects already walked: a font shared by every page
    /// is hashed once.
    done: HashMap<ObjectId, [u8; 32]>,
    /// Objects being walked, to cut reference loops.
    open: Vec<ObjectId>,
    /// A stream did not inflate within its limit, or references nest too deep.
    broken: bool,
}

impl Walker<'_> {
    fn digest(&mut self, object: &Object) -> [u8; 32] {
        let mut hasher = Sha256::new();
        self.feed(object, &mut hasher);
        hasher.finalize().into()
    }

    fn feed(&mut self, object: &Object, h: &mut Sha256) {
        let number = |h: &mut Sha256, x: f64| {
            // Thousandths: the same number written as 595, 595.0 or 595.00001.
            h.update(b"n");
            h.update(((x * 1000.0).round() as i64).to_be_bytes());
        };
        let bytes = |h: &mut Sha256, tag: &[u8], b: &[u8]| {
            h.update(tag);
            h.update((b.len() as u64).to_be_bytes());
            h.update(b);
        };
        match object {
            Object::Null => h.update(b"z"),
            Object::Boolean(b) => h.update(if *b { b"t" } else { b"f" }),
            Object::Integer(i) => number(h, *i as f64),
            Object::Real(r) => number(h, f64::from(*r)),
            Object::String(s, _) => bytes(h, b"s", s),
            Object::Name(n) => bytes(h, b"/", n),
            Object::Array(items) => {
                h.update(b"[");
                h.update((items.len() as u64).to_be_bytes());
                items.iter().for_each(|item| self.feed(item, h));
            }
            Object::Dictionary(dict) => self.feed_dict(dict, &[], h),
            Object::Stream(stream) => {
                // How the bytes are stored is not what they show.
                self.feed_dict(&stream.dict, &[b"Length", b"Filter", b"DecodeParms"], h);
                let content = decoded(stream, PAGE_STREAM_LIMIT).unwrap_or_else(|| {
                    self.broken = true;
                    Vec::new()
                });
                bytes(h, b"stream", &content);
            }
            Object::Reference(id) => {
                if let Some(d) = self.done.get(id) {
                    h.update(b"R");
                    h.update(d);
                    return;
                }
                if self.open.contains(id) {
                    h.update(b"loop");
                    return;
                }
                if self.open.len() >= DEPTH_LIMIT {
                    self.broken = true;
                    return;
                }
                let Ok(target) = self.doc.get_object(*id) else {
                    h.update(b"missing");
                    return;
                };
                self.open.push(*id);
                let d = self.digest(target);
                self.open.pop();
                self.done.insert(*id, d);
                h.update(b"R");
                h.update(d);
            }
        }
    }

    fn feed_dict(&mut self, dict: &Dictionary, skip: &[&[u8]], h: &mut Sha256) {
        let mut entries: Vec<(&Vec<u8>, &Object)> =
            dict.iter().filter(|(k, _)| !skip.contains(&k.as_slice())).collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        h.update(b"<<");
        h.update((entries.len() as u64).to_be_bytes());
        for (key, value) in entries {
            h.update((key.len() as u64).to_be_bytes());
            h.update(key);
            self.feed(value, h);
        }
    }
}
