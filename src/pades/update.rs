//! The incremental updates Cam Kết appends to a signed PDF: one signature
//! field with its appearance on a page, and, for a ký số, the signature
//! dictionary whose `ByteRange` covers the whole file but its `Contents`.
//! The writer is a pure function of the file before and the field, so a
//! verifier can write an update again from what it reads and compare byte
//! for byte: exactly our updates are accepted, whatever else is appended is
//! not.

use crate::error::{Error, Result};
use lopdf::{dictionary, Document, Object, ObjectId};
use std::collections::BTreeMap;
use std::io::Write;

/// Room for the CMS signature in the file: a certificate chain of three
/// RSA certificates and the signature take about 5 KB.
pub const CONTENTS_SIZE: usize = 16384;

/// A file attached to the field's appearance (PDF 2.0 associated file):
/// the branch's confirmation record.
pub struct Attachment<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// One signature field.
pub struct Field<'a> {
    /// Its name in the form, unique in the file.
    pub name: String,
    pub page: usize,
    pub rect: [f32; 4],
    /// A one-page PDF the size of `rect` (`render::appearance`).
    pub appearance: &'a Document,
    pub attachment: Option<Attachment<'a>>,
    /// The signature dictionary's `M` (PDF date) and `Contents` (at most
    /// `CONTENTS_SIZE` bytes, padded with zeros), for a ký số.
    pub signature: Option<(String, Vec<u8>)>,
}

/// The file with the update appended, and where the signature's contents
/// are (the hex digits between `<` and `>`), for a ký số.
pub struct Updated {
    pub bytes: Vec<u8>,
    pub contents: Option<std::ops::Range<usize>>,
}

fn bad(why: &str) -> Error {
    Error::Pdf(format!("không thêm được chữ ký vào tệp: {why}"))
}

/// The offset of the last cross-reference section, from the file's tail.
pub fn last_xref(bytes: &[u8]) -> Option<usize> {
    let at = bytes.windows(9).rposition(|w| w == b"startxref")?;
    let tail = std::str::from_utf8(bytes.get(at + 9..)?).ok()?;
    tail.split_whitespace().next()?.parse().ok()
}

/// Appends `field` to `prev` (whose parsed form is `doc`).
pub fn append(prev: &[u8], doc: &Document, field: &Field) -> Result<Updated> {
    let root = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(|_| bad("không có mục lục gốc"))?;
    let size = doc.trailer.get(b"Size").and_then(Object::as_i64).map_err(|_| bad("không có kích thước"))? as u32;
    let prev_xref = last_xref(prev).ok_or_else(|| bad("không có bảng chỉ mục"))?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let page_id = *pages.get(field.page).ok_or_else(|| bad("không có trang này"))?;
    let mut w = Writer { out: Vec::new(), base: prev.len(), next: size, offsets: BTreeMap::new() };
    w.out.push(b'\n');
    let sig_id = field.signature.as_ref().map(|_| w.take());
    let contents = match (&field.signature, sig_id) {
        (Some((m, bytes)), Some(id)) => Some(w.signature(id, m, bytes)?),
        _ => None,
    };
    let xobject = appearance(&mut w, field)?;
    let field_id = w.take();
    w.begin(field_id);
    write!(w.out, "<</Type/Annot/Subtype/Widget/FT/Sig/T").ok();
    string(&mut w.out, field.name.as_bytes());
    let [x1, y1, x2, y2] = field.rect;
    write!(w.out, "/F 4/Rect[{x1:.2} {y1:.2} {x2:.2} {y2:.2}]/P {} {} R/AP<</N {xobject} 0 R>>", page_id.0, page_id.1)
        .ok();
    if let Some(id) = sig_id {
        write!(w.out, "/V {id} 0 R").ok();
    }
    w.out.extend_from_slice(b">>");
    w.end();
    form(&mut w, doc, root, field_id)?;
    let mut page = doc.get_dictionary(page_id).map_err(|_| bad("trang không đọc được"))?.clone();
    let mut annots = match page.get(b"Annots") {
        Ok(Object::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    annots.push(Object::Reference((field_id, 0)));
    page.set("Annots", annots);
    w.object(page_id, &Object::Dictionary(page));
    w.finish(doc, prev_xref)?;
    let mut bytes = Vec::with_capacity(prev.len() + w.out.len());
    bytes.extend_from_slice(prev);
    bytes.extend_from_slice(&w.out);
    let contents = contents.map(|r| r.start + prev.len()..r.end + prev.len());
    if let Some(r) = &contents {
        fill_byte_range(&mut bytes, r.clone());
    }
    Ok(Updated { bytes, contents })
}

/// The form: the catalog's `AcroForm` with the new field added (the
/// catalog written again when it had none).
fn form(w: &mut Writer, doc: &Document, root: ObjectId, field_id: u32) -> Result<()> {
    let catalog = doc.get_dictionary(root).map_err(|_| bad("mục lục gốc không đọc được"))?;
    let field = Object::Reference((field_id, 0));
    match catalog.get(b"AcroForm").and_then(Object::as_reference) {
        Ok(form_id) => {
            let mut form = doc.get_dictionary(form_id).map_err(|_| bad("biểu mẫu không đọc được"))?.clone();
            let mut fields = form.get(b"Fields").and_then(Object::as_array).cloned().unwrap_or_default();
            fields.push(field);
            form.set("Fields", fields);
            w.object(form_id, &Object::Dictionary(form));
        }
        Err(_) => {
            let form_id = w.take();
            let form = dictionary! { "Fields" => vec![field], "SigFlags" => 3 };
            w.object((form_id, 0), &Object::Dictionary(form));
            let mut catalog = catalog.clone();
            catalog.set("AcroForm", Object::Reference((form_id, 0)));
            w.object(root, &Object::Dictionary(catalog));
        }
    }
    Ok(())
}

/// The appearance: the one page of `field.appearance` as a form XObject
/// with its fonts, and the attachment, if any, as its associated file.
fn appearance(w: &mut Writer, field: &Field) -> Result<u32> {
    let doc = field.appearance;
    let page_id = *doc.get_pages().values().next().ok_or_else(|| bad("hình chữ ký trống"))?;
    let page = doc.get_dictionary(page_id).map_err(|_| bad("hình chữ ký"))?;
    let content_id = page.get(b"Contents").and_then(Object::as_reference).map_err(|_| bad("hình chữ ký"))?;
    let Ok(Object::Stream(content)) = doc.get_object(content_id) else { return Err(bad("hình chữ ký")) };
    let fonts = page
        .get(b"Resources")
        .ok()
        .and_then(|r| crate::seal::resolve(doc, r))
        .and_then(|r| r.as_dict().ok())
        .and_then(|r| r.get(b"Font").ok())
        .and_then(|f| crate::seal::resolve(doc, f))
        .and_then(|f| f.as_dict().ok())
        .cloned()
        .unwrap_or_default();
    // Every object the fonts reach, numbered anew in the order of their old numbers.
    let mut reached = std::collections::BTreeSet::new();
    for (_, font) in fonts.iter() {
        reach(doc, font, &mut reached);
    }
    let renumber: BTreeMap<ObjectId, u32> = reached.iter().map(|id| (*id, w.take())).collect();
    let map = |id: ObjectId| renumber.get(&id).map_or(id, |n| (*n, 0));
    for (old, new) in &renumber {
        let object = doc.get_object(*old).map_err(|_| bad("phông chữ của hình chữ ký"))?;
        w.object((*new, 0), &renumbered(object, &map));
    }
    let associated = field.attachment.as_ref().map(|a| w.attachment(a));
    let xobject = w.take();
    let [x1, y1, x2, y2] = field.rect;
    let mut dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), Object::Real(x2 - x1), Object::Real(y2 - y1)],
        "Resources" => dictionary! { "Font" => renumbered(&Object::Dictionary(fonts), &map) },
    };
    if let Ok(filter) = content.dict.get(b"Filter") {
        dict.set("Filter", filter.clone());
    }
    if let Some(fs) = associated {
        dict.set("AF", vec![Object::Reference((fs, 0))]);
    }
    let stream = lopdf::Stream::new(dict, content.content.clone());
    w.object((xobject, 0), &Object::Stream(stream));
    Ok(xobject)
}

/// The ids of the objects `object` refers to, directly or not.
fn reach(doc: &Document, object: &Object, seen: &mut std::collections::BTreeSet<ObjectId>) {
    match object {
        Object::Reference(id) => {
            if let (true, Ok(o)) = (seen.insert(*id), doc.get_object(*id)) {
                reach(doc, o, seen);
            }
        }
        Object::Array(items) => items.iter().for_each(|o| reach(doc, o, seen)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| reach(doc, o, seen)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| reach(doc, o, seen)),
        _ => {}
    }
}

/// Writes the `ByteRange`'s numbers: everything but the contents' `<…>`.
fn fill_byte_range(bytes: &mut [u8], contents: std::ops::Range<usize>) {
    let (start, end) = (contents.start - 1, contents.end + 1);
    let numbers = format!("0 {start:010} {end:010} {:010}", bytes.len() - end);
    if let Some(at) = bytes[..start].windows(BYTE_RANGE_HOLE.len()).rposition(|w| w == BYTE_RANGE_HOLE) {
        bytes[at..at + numbers.len()].copy_from_slice(numbers.as_bytes());
    }
}

/// The `ByteRange` before it is filled: as wide as the numbers that replace it.
const BYTE_RANGE_HOLE: &[u8] = b"0 0000000000 0000000000 0000000000";

/// The update's bytes as they are written, and where each object starts.
struct Writer {
    out: Vec<u8>,
    /// The length of the file before the update.
    base: usize,
    next: u32,
    offsets: BTreeMap<u32, usize>,
}

impl Writer {
    fn take(&mut self) -> u32 {
        self.next += 1;
        self.next - 1
    }

    fn begin(&mut self, id: u32) {
        self.offsets.insert(id, self.base + self.out.len());
        writeln!(self.out, "{id} 0 obj").ok();
    }

    fn end(&mut self) {
        self.out.extend_from_slice(b"\nendobj\n");
    }

    fn object(&mut self, id: ObjectId, object: &Object) {
        self.begin(id.0);
        value(&mut self.out, object);
        self.end();
    }

    /// The signature dictionary; returns where the contents' hex digits are in the update.
    fn signature(&mut self, id: u32, m: &str, contents: &[u8]) -> Result<std::ops::Range<usize>> {
        if contents.len() > CONTENTS_SIZE {
            return Err(bad("chữ ký số quá lớn"));
        }
        self.begin(id);
        self.out.extend_from_slice(b"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/M");
        string(&mut self.out, m.as_bytes());
        self.out.extend_from_slice(b"/ByteRange[");
        self.out.extend_from_slice(BYTE_RANGE_HOLE);
        self.out.extend_from_slice(b"]/Contents<");
        let start = self.out.len();
        let mut padded = contents.to_vec();
        padded.resize(CONTENTS_SIZE, 0);
        self.out.extend_from_slice(crate::keys::hex(&padded).as_bytes());
        let end = self.out.len();
        self.out.extend_from_slice(b">>>");
        self.end();
        Ok(start..end)
    }

    /// An embedded file and its file specification; returns the latter's number.
    fn attachment(&mut self, a: &Attachment) -> u32 {
        let file = self.take();
        // Deflated, so that nothing a secretary types (a remark saying "%%EOF")
        // reads as the file's own structure.
        let dict = dictionary! { "Type" => "EmbeddedFile", "Subtype" => "application/json", "Filter" => "FlateDecode" };
        self.object((file, 0), &Object::Stream(lopdf::Stream::new(dict, deflated(a.bytes))));
        let spec = self.take();
        let dict = dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal(a.name),
            "UF" => Object::string_literal(a.name),
            "AFRelationship" => "Data",
            "EF" => dictionary! { "F" => Object::Reference((file, 0)) },
        };
        self.object((spec, 0), &Object::Dictionary(dict));
        spec
    }

    /// The cross-reference section of the update and its trailer.
    fn finish(&mut self, doc: &Document, prev_xref: usize) -> Result<()> {
        let xref = self.base + self.out.len();
        self.out.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \n");
        for (id, offset) in &self.offsets {
            write!(self.out, "{id} 1\n{offset:010} 00000 n \n").ok();
        }
        let mut trailer = lopdf::Dictionary::new();
        trailer.set("Size", i64::from(self.next));
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Ok(v) = doc.trailer.get(key) {
                trailer.set(key, v.clone());
            }
        }
        trailer.set("Prev", prev_xref as i64);
        self.out.extend_from_slice(b"trailer\n");
        value(&mut self.out, &Object::Dictionary(trailer));
        write!(self.out, "\nstartxref\n{xref}\n%%EOF").ok();
        Ok(())
    }
}

fn deflated(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to memory does not fail.
    let _ = z.write_all(bytes);
    z.finish().unwrap_or_default()
}

/// A PDF string, always in hexadecimal (no escaping to get wrong).
fn string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'<');
    out.extend_from_slice(crate::keys::hex(bytes).as_bytes());
    out.push(b'>');
}

fn name(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'/');
    for &b in bytes {
        if b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            write!(out, "#{b:02X}").ok();
        }
    }
}

/// `object` with its references renumbered by `map`.
fn renumbered(object: &Object, map: &dyn Fn(ObjectId) -> ObjectId) -> Object {
    match object {
        Object::Reference(id) => Object::Reference(map(*id)),
        Object::Array(items) => Object::Array(items.iter().map(|o| renumbered(o, map)).collect()),
        Object::Dictionary(d) => Object::Dictionary(d.iter().map(|(k, v)| (k.clone(), renumbered(v, map))).collect()),
        Object::Stream(s) => {
            let dict = s.dict.iter().map(|(k, v)| (k.clone(), renumbered(v, map))).collect();
            Object::Stream(lopdf::Stream::new(dict, s.content.clone()))
        }
        other => other.clone(),
    }
}

/// One object as PDF syntax.
fn value(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            write!(out, "{i}").ok();
        }
        Object::Real(r) => {
            let text = format!("{r:.4}");
            out.extend_from_slice(text.trim_end_matches('0').trim_end_matches('.').as_bytes());
        }
        Object::Name(n) => name(out, n),
        Object::String(s, _) => string(out, s),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                value(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d),
        Object::Stream(s) => {
            let mut dict = s.dict.clone();
            dict.set("Length", s.content.len() as i64);
            dictionary(out, &dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((n, g)) => {
            write!(out, "{n} {g} R").ok();
        }
    }
}

fn dictionary(out: &mut Vec<u8>, d: &lopdf::Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        name(out, k);
        out.push(b' ');
        value(out, v);
    }
    out.extend_from_slice(b">>");
}
