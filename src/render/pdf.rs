//! Writes laid-out pages as PDF with printpdf: absolute text placement,
//! justification as TJ offsets (word spacing is ignored for embedded fonts),
//! and the four Tinos faces embedded as subsets.

use super::compose::PageSetup;
use super::fonts::{Style, FONT_FILES};
use super::layout::{Draw, Page};
use crate::error::{Error, Result};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    Rgb, TextItem, TextMatrix,
};
use std::sync::OnceLock;

/// One page's extra marks: the page number and the footer line.
pub struct Decoration {
    pub number: Option<usize>,
    pub footer: String,
}

fn parsed_fonts() -> Result<&'static Vec<ParsedFont>> {
    static FONTS: OnceLock<std::result::Result<Vec<ParsedFont>, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            FONT_FILES
                .iter()
                .map(|bytes| {
                    ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
                        .ok_or_else(|| "phông chữ nhúng không đọc được".to_string())
                })
                .collect()
        })
        .as_ref()
        .map_err(|e| Error::Pdf(e.clone()))
}

/// The whole PDF: `pages` with their decorations, in order.
pub fn write(title: &str, setup: &PageSetup, pages: Vec<(Page, Decoration)>) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(title);
    doc.metadata.info.creator = "Cam Kết".to_string();
    let ids: Vec<FontId> = parsed_fonts()?.iter().map(|f| doc.add_font(f)).collect();
    let font = |style: Style| PdfFontHandle::External(ids[style as usize].clone());
    let h = setup.height;
    let mut out = Vec::with_capacity(pages.len());
    for (page, deco) in pages {
        let mut ops =
            vec![Op::SetFillColor { col: black() }, Op::SetOutlineColor { col: black() }, Op::StartTextSection];
        let text = |ops: &mut Vec<Op>, x: f32, baseline: f32, style: Style, size: f32, items: Vec<TextItem>| {
            ops.push(Op::SetFont { font: font(style), size: Pt(size) });
            ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(h - baseline)) });
            ops.push(Op::ShowText { items });
        };
        let mut lines = Vec::new();
        for (top, block) in page {
            for d in block.draws {
                match d {
                    Draw::Text { x, baseline, style, size, words, gap } => {
                        text(&mut ops, x, top + baseline, style, size, justified(words, gap, size));
                    }
                    Draw::Line { x1, y1, x2, y2, width } => lines.push((x1, top + y1, x2, top + y2, width)),
                }
            }
        }
        let small = 11.0;
        let centre = |s: &str, style: Style| {
            setup.left + (setup.text_width() - super::fonts::metrics().width(style, small, s)) / 2.0
        };
        if let Some(n) = deco.number {
            let s = n.to_string();
            text(&mut ops, centre(&s, Style::Regular), setup.top / 2.0, Style::Regular, 13.0, vec![TextItem::Text(s)]);
        }
        if !deco.footer.is_empty() {
            let y = h - setup.bottom / 2.0;
            text(
                &mut ops,
                centre(&deco.footer, Style::Italic),
                y,
                Style::Italic,
                small,
                vec![TextItem::Text(deco.footer.clone())],
            );
        }
        ops.push(Op::EndTextSection);
        for (x1, y1, x2, y2, width) in lines {
            ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            ops.push(Op::DrawLine { line: segment(x1, h - y1, x2, h - y2) });
        }
        out.push(PdfPage::new(Mm(setup.width / super::layout::PT_PER_MM), Mm(h / super::layout::PT_PER_MM), ops));
    }
    doc.with_pages(out);
    let options = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    Ok(doc.save(&options, &mut Vec::new()))
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

fn segment(x1: f32, y1: f32, x2: f32, y2: f32) -> Line {
    let p = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
    Line { points: vec![p(x1, y1), p(x2, y2)], is_closed: false }
}

fn black() -> Color {
    Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None })
}
