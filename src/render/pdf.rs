//! Writes laid-out pages as PDF with printpdf: absolute text placement,
//! justification as TJ offsets (word spacing is ignored for embedded fonts),
//! and the four Tinos faces embedded as subsets.

use super::compose::PageSetup;
use super::layout::{Draw, Page};
use crate::error::{Error, Result};
use crate::fonts::{Style, FONT_FILES};
use crate::signature::SignatureImage;
use lopdf::dictionary;
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    RawImage, RawImageData, RawImageFormat, Rgb, TextItem, TextMatrix, XObject, XObjectId, XObjectTransform,
};
use sha2::Digest;
use std::rc::Rc;
use std::sync::OnceLock;

/// One page's extra marks: the page number and the footer line.
pub struct Decoration {
    pub number: Option<usize>,
    pub footer: String,
}

/// A face as printpdf needs it, parsed the first time a document uses it.
fn parsed_font(style: Style) -> Result<&'static ParsedFont> {
    static FONTS: [OnceLock<Option<ParsedFont>>; 4] = [const { OnceLock::new() }; 4];
    FONTS[style.index()]
        .get_or_init(|| ParsedFont::from_bytes(FONT_FILES[style.index()], 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| Error::Pdf("phông chữ nhúng không đọc được".to_string()))
}

/// What the document information says: taken from the content, never
/// from the clock, so that the same content always gives the same file.
pub struct Meta {
    pub title: String,
    pub author: String,
    /// PDF date, e.g. "D:20260220000000+00'00'".
    pub date: String,
    /// Hashed into the file identifier.
    pub id_seed: Vec<u8>,
}

/// The whole PDF: `pages` with their decorations, in order.
pub fn write(meta: &Meta, setup: &PageSetup, pages: Vec<(Page, Decoration)>) -> Result<lopdf::Document> {
    let mut doc = PdfDocument::new(&meta.title);
    let fonts = embed_fonts(&mut doc, &pages)?;
    // Each signature image once, however many pages show it.
    let mut images: Vec<(Rc<SignatureImage>, XObjectId)> = Vec::new();
    let h = setup.height;
    let mut out = Vec::with_capacity(pages.len());
    for (page, deco) in pages {
        let mut text = Text { fonts: &fonts, current: None, h, ops: Vec::new() };
        text.ops.extend([
            Op::SetFillColor { col: black() },
            Op::SetOutlineColor { col: black() },
            Op::StartTextSection,
        ]);
        let mut lines = Vec::new();
        let mut placed = Vec::new();
        for (top, block) in page {
            for d in block.draws {
                match d {
                    Draw::Text { x, baseline, style, size, words, gap } => {
                        text.show(x, top + baseline, style, size, justified(words, gap, size));
                    }
                    Draw::Line { x1, y1, x2, y2, width } => lines.push((x1, top + y1, x2, top + y2, width)),
                    Draw::Space { .. } => {}
                    Draw::Image { x, y, width, height, image } => {
                        let id = image_id(&mut doc, &mut images, image);
                        // The image is a unit square: scale it to the box, then
                        // move it to the box's bottom left corner.
                        let transform = XObjectTransform {
                            translate_x: Some(Pt(x)),
                            translate_y: Some(Pt(h - top - y - height)),
                            scale_x: Some(width),
                            scale_y: Some(height),
                            no_auto_scale: true,
                            ..Default::default()
                        };
                        placed.push(Op::UseXobject { id, transform });
                    }
                }
            }
        }
        decorate(&mut text, setup, &deco);
        let mut ops = text.ops;
        ops.push(Op::EndTextSection);
        ops.extend(placed);
        for (x1, y1, x2, y2, width) in lines {
            ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            ops.push(Op::DrawLine { line: segment(x1, h - y1, x2, h - y2) });
        }
        out.push(PdfPage::new(Mm(setup.width / super::layout::PT_PER_MM), Mm(h / super::layout::PT_PER_MM), ops));
    }
    doc.with_pages(out);
    let options = PdfSaveOptions { optimize: false, subset_fonts: true, secure: true, image_optimization: None };
    let mut lo = doc.to_lopdf_document(&options, &mut Vec::new());
    compress(&mut lo);
    describe(&mut lo, meta)?;
    Ok(lo)
}

/// Only the faces the pages use are embedded, under ids of our own.
fn embed_fonts(doc: &mut PdfDocument, pages: &[(Page, Decoration)]) -> Result<Vec<(Style, FontId)>> {
    let mut ids = Vec::new();
    for style in Style::ALL {
        let used = style == Style::Italic // the footer
            || pages.iter().flat_map(|(p, _)| p).flat_map(|(_, b)| &b.draws).any(|d| matches!(d, Draw::Text { style: s, .. } if *s == style));
        if used {
            // Our own ids, not printpdf's generated ones: they name the fonts
            // in the pages (and the subset tag), which must not vary by run.
            let id = FontId(format!("CKFNT{}", (b'A' + style.index() as u8) as char));
            doc.resources.fonts.map.insert(id.clone(), printpdf::PdfFont::new(parsed_font(style)?.clone()));
            ids.push((style, id));
        }
    }
    Ok(ids)
}

/// A page's text operations; the font is part of the text state, set
/// only when it changes.
struct Text<'a> {
    fonts: &'a [(Style, FontId)],
    current: Option<(Style, f32)>,
    h: f32,
    ops: Vec<Op>,
}

impl Text<'_> {
    fn show(&mut self, x: f32, baseline: f32, style: Style, size: f32, items: Vec<TextItem>) {
        if self.current != Some((style, size)) {
            if let Some((_, id)) = self.fonts.iter().find(|(s, _)| *s == style) {
                self.ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(size) });
            }
            self.current = Some((style, size));
        }
        self.ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(self.h - baseline)) });
        self.ops.push(Op::ShowText { items });
    }
}

/// The id of `image` in the document, added the first time it is shown.
fn image_id(
    doc: &mut PdfDocument,
    images: &mut Vec<(Rc<SignatureImage>, XObjectId)>,
    image: Rc<SignatureImage>,
) -> XObjectId {
    if let Some((_, id)) = images.iter().find(|(i, _)| Rc::ptr_eq(i, &image)) {
        return id.clone();
    }
    let id = XObjectId(format!("CKIMG{}", images.len() + 1));
    doc.resources.xobjects.map.insert(id.clone(), XObject::Image(raw_image(&image)));
    images.push((image, id.clone()));
    id
}

/// The page number at the top and the footer at the bottom, centred.
fn decorate(text: &mut Text, setup: &PageSetup, deco: &Decoration) {
    let small = 11.0;
    let centre = |s: &str, style: Style| {
        setup.left + (setup.text_width() - crate::fonts::metrics().width(style, small, s)) / 2.0
    };
    if let Some(n) = deco.number {
        let s = n.to_string();
        text.show(centre(&s, Style::Regular), setup.top / 2.0, Style::Regular, 13.0, vec![TextItem::Text(s)]);
    }
    if !deco.footer.is_empty() {
        let y = setup.height - setup.bottom / 2.0;
        let x = centre(&deco.footer, Style::Italic);
        text.show(x, y, Style::Italic, small, vec![TextItem::Text(deco.footer.clone())]);
    }
}

/// The document information, the language and the file identifier, in
/// place of printpdf's (the epoch as date, no author, random identifiers).
fn describe(doc: &mut lopdf::Document, meta: &Meta) -> Result<()> {
    use lopdf::{Object, StringFormat};
    let date = Object::String(meta.date.as_bytes().to_vec(), StringFormat::Literal);
    let info = dictionary! {
        "Title" => text(&meta.title),
        "Author" => text(&meta.author),
        "Creator" => text("Cam Kết"),
        "Producer" => text(&format!("Cam Kết {}", env!("CARGO_PKG_VERSION"))),
        "CreationDate" => date.clone(),
        "ModDate" => date,
    };
    let info_id = match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => id,
        Err(_) => doc.new_object_id(),
    };
    doc.objects.insert(info_id, Object::Dictionary(info));
    doc.trailer.set("Info", info_id);
    let id = sha2::Sha256::digest(&meta.id_seed)[..16].to_vec();
    doc.trailer.set(
        "ID",
        vec![Object::String(id.clone(), StringFormat::Hexadecimal), Object::String(id, StringFormat::Hexadecimal)],
    );
    doc.catalog_mut().map_err(|e| Error::Pdf(e.to_string()))?.set("Lang", Object::string_literal("vi-VN"));
    Ok(())
}

/// A PDF text string: UTF-16BE with a byte order mark, as Vietnamese needs.
pub fn text(s: &str) -> lopdf::Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// The bytes of a finished document.
pub fn save(doc: &mut lopdf::Document) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).map_err(|e| Error::Pdf(e.to_string()))?;
    Ok(bytes)
}

/// Deflates every stream at the fastest level with one reused compressor.
/// printpdf's own `optimize` uses the best level, which costs a third of the
/// whole run for files about 15% smaller; ours stay far below the size target.
fn compress(doc: &mut lopdf::Document) {
    let mut deflate = flate2::Compress::new(flate2::Compression::fast(), true);
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else { continue };
        if stream.dict.has(b"Filter") {
            continue;
        }
        deflate.reset();
        let mut packed = Vec::with_capacity(stream.content.len() / 2 + 64);
        let done = loop {
            let consumed = deflate.total_in() as usize;
            match deflate.compress_vec(&stream.content[consumed..], &mut packed, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) => break true,
                Ok(_) => packed.reserve(packed.capacity().max(4096)),
                Err(_) => break false,
            }
        };
        if done && packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
}

fn raw_image(image: &SignatureImage) -> RawImage {
    RawImage {
        pixels: RawImageData::U8(image.rgba.clone()),
        width: image.width as usize,
        height: image.height as usize,
        data_format: RawImageFormat::RGBA8,
        tag: Vec::new(),
    }
}

fn segment(x1: f32, y1: f32, x2: f32, y2: f32) -> Line {
    let p = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
    Line { points: vec![p(x1, y1), p(x2, y2)], is_closed: false }
}

fn black() -> Color {
    Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None })
}

/// Words with the justification gap as TJ offsets, in thousandths of an em
/// (negative moves right). Spaces stay in the text so it extracts with them.
fn justified(words: Vec<String>, gap: f32, size: f32) -> Vec<TextItem> {
    let n = words.len();
    let offset = -gap * 1000.0 / size;
    let mut items = Vec::with_capacity(n * 2);
    for (i, w) in words.into_iter().enumerate() {
        if i + 1 < n {
            items.push(TextItem::Text(format!("{w} ")));
            if gap > 0.0 {
                items.push(TextItem::Offset(offset));
            }
        } else {
            items.push(TextItem::Text(w));
        }
    }
    items
}
