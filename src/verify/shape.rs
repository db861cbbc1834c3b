//! A signed PDF must be shaped as Cam Kết writes it: one cross-reference
//! table whose every entry points at the object it names, no appended
//! updates, no object or cross-reference streams, no encryption, a catalog
//! holding only the pages, the language and our attachments, and one flat
//! list of pages. Viewers and our reader could disagree about anything
//! else (hidden pages, objects swapped behind the index, scripts), so a
//! file re-saved by another program is refused, and the member is asked
//! for the original.

use super::Refusal;
use lopdf::{Document, Object};

fn count(bytes: &[u8], needle: &[u8]) -> usize {
    bytes.windows(needle.len()).filter(|w| *w == needle).count()
}

fn not_original(why: &str) -> Refusal {
    Refusal::NotOriginal(why.to_string())
}

/// What can be told from the bytes alone, before the file is parsed (so a
/// hostile file costs nothing to parse).
pub fn before_parse(bytes: &[u8]) -> Result<(), Refusal> {
    if !bytes.starts_with(b"%PDF-") {
        let near_start = &bytes[..bytes.len().min(1024)];
        return Err(if near_start.windows(5).any(|w| w == b"%PDF-") {
            not_original("có dữ liệu lạ trước phần đầu tệp")
        } else {
            Refusal::NotPdf
        });
    }
    let Some(end) = bytes.windows(5).rposition(|w| w == b"%%EOF") else {
        return Err(Refusal::Damaged);
    };
    if !bytes[end + 5..].iter().all(u8::is_ascii_whitespace) {
        return Err(not_original("có dữ liệu thêm vào sau phần kết thúc tệp"));
    }
    if count(bytes, b"/Encrypt") > 0 {
        return Err(Refusal::Encrypted);
    }
    if count(bytes, b"startxref") == 0 {
        return Err(Refusal::Damaged);
    }
    if count(bytes, b"startxref") != 1 || count(bytes, b"%%EOF") != 1 {
        return Err(not_original("tệp đã được một chương trình khác ghi thêm"));
    }
    // Our files are mostly deflated streams, where "[" and "<<" are rare
    // (about 0.4% of the bytes); a file dense with them is built to make the
    // parser allocate (an empty array costs it far more than its 2 bytes).
    let opens = count(bytes, b"[") + count(bytes, b"<<");
    if opens > bytes.len() / 20 + 1000 {
        return Err(not_original("cấu trúc tệp bất thường"));
    }
    if compressed(bytes) {
        return Err(not_original("tệp đã được một chương trình khác ghi lại"));
    }
    Ok(())
}

/// Whether the file packs objects into compressed streams, as many
/// programs do and Cam Kết never does: the names inside cannot be read
/// without parsing, which is not done for a file refused anyway.
pub fn compressed(bytes: &[u8]) -> bool {
    [&b"/ObjStm"[..], b"/XRefStm", b"/XRef"].iter().any(|m| count(bytes, m) > 0)
}

/// The parsed file's structure. Returns the number of pages.
pub fn after_parse(doc: &Document, bytes: &[u8]) -> Result<usize, Refusal> {
    let allowed = |dict: &lopdf::Dictionary, keys: &[&[u8]]| dict.iter().all(|(k, _)| keys.contains(&k.as_slice()));
    if !allowed(&doc.trailer, &[b"Size", b"Root", b"Info", b"ID"]) {
        return Err(not_original("phần cuối tệp có mục lạ"));
    }
    // Every object is where the index says, under the number the index gives it.
    for (id, entry) in &doc.reference_table.entries {
        match entry {
            lopdf::xref::XrefEntry::Normal { offset, generation } => {
                let header = format!("{id} {generation} obj");
                let at = bytes.get(*offset as usize..).unwrap_or_default();
                if !at.starts_with(header.as_bytes()) {
                    return Err(not_original("bảng chỉ mục của tệp không khớp với các đối tượng"));
                }
            }
            lopdf::xref::XrefEntry::Compressed { .. } => {
                return Err(not_original("tệp đã được một chương trình khác ghi lại"));
            }
            _ => {}
        }
    }
    let catalog = doc.catalog().map_err(|_| Refusal::Damaged)?;
    if !allowed(catalog, &[b"Type", b"Pages", b"Lang", b"Names", b"AF", b"PageLayout", b"PageMode"]) {
        return Err(not_original("tệp có thêm thành phần không do Cam Kết tạo (tập lệnh, biểu mẫu hoặc mục lục)"));
    }
    if let Ok(names) = catalog.get(b"Names") {
        let names = crate::seal::resolve(doc, names).and_then(|o| o.as_dict().ok()).ok_or(Refusal::Damaged)?;
        if !allowed(names, &[b"EmbeddedFiles"]) {
            return Err(not_original("tệp có thêm thành phần không do Cam Kết tạo"));
        }
    }
    // One flat list of pages, nothing inherited from the list.
    let root_id = catalog.get(b"Pages").and_then(Object::as_reference).map_err(|_| Refusal::Damaged)?;
    let root = doc.get_dictionary(root_id).map_err(|_| Refusal::Damaged)?;
    if !allowed(root, &[b"Type", b"Count", b"Kids"]) {
        return Err(not_original("danh sách trang có thuộc tính lạ"));
    }
    let kids = root.get(b"Kids").and_then(Object::as_array).map_err(|_| Refusal::Damaged)?;
    let count = root.get(b"Count").and_then(Object::as_i64).map_err(|_| Refusal::Damaged)?;
    if count != kids.len() as i64 || kids.is_empty() {
        return Err(not_original("số trang khai báo không khớp với các trang"));
    }
    for kid in kids {
        let page = kid.as_reference().and_then(|id| doc.get_dictionary(id)).map_err(|_| Refusal::Damaged)?;
        let is_page = page.get(b"Type").and_then(Object::as_name).is_ok_and(|t| t == b"Page");
        let parent = page.get(b"Parent").and_then(Object::as_reference).ok();
        if !is_page || page.has(b"Kids") || parent != Some(root_id) {
            return Err(not_original("danh sách trang có mục lạ"));
        }
    }
    // Streams are stored plainly or deflated once, as our writer does.
    for object in doc.objects.values() {
        if let Object::Stream(s) = object {
            let plain = match s.dict.get(b"Filter") {
                Err(_) => true,
                Ok(f) => f.as_name().is_ok_and(|n| n == b"FlateDecode"),
            };
            if !plain || s.dict.has(b"DecodeParms") {
                return Err(not_original("tệp có luồng dữ liệu nén theo cách lạ"));
            }
        }
    }
    Ok(kids.len())
}
