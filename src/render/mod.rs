//! The printed document: layout (wrap, justify, paginate, keep blocks
//! together) and the PDF writer.

pub(crate) mod compose;
pub mod layout;
pub(crate) mod pdf;
mod svg;

pub use compose::PageSetup;

use crate::document::Content;
use crate::error::Result;
use crate::signature::SignatureImage;
use std::rc::Rc;
use unicode_normalization::UnicodeNormalization;

/// The version of the page layout. Pages laid out by a build with the same
/// number are byte for byte what this build lays out, so verification can
/// lay a record out again and compare. Raise it with any change to what
/// pages hold (the test `the_layout_number_follows_the_pages` says when).
pub const LAYOUT: u32 = 3;

/// Every layout this app has ever written. A signed file is laid out again
/// with the layout its seal declares, so each stays here for good; what
/// changed from one to the next is in `compose.rs`, named by number.
pub const LAYOUTS: std::ops::RangeInclusive<u32> = 1..=LAYOUT;

/// What a printout says about its state in the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// "Bản nháp": not signed.
    Draft,
    /// A list the branch prints (no footer).
    List,
    /// A signed version: its short fingerprint code, when it was signed
    /// (RFC 3339), the member's signature image when one was placed, and
    /// the layout its pages are laid out with (`LAYOUT` for a new seal; a
    /// received file's own).
    Signed { code: String, signed_at: String, signature: Option<SignatureImage>, layout: u32 },
}

impl Mark {
    /// The footer, in the words of the document's template.
    fn footer(&self, template: &crate::template::Template) -> String {
        match self {
            Mark::Draft => template.word("draft").to_string(),
            Mark::List => String::new(),
            Mark::Signed { code, .. } => template.word("code").replace("{code}", code),
        }
    }
}

/// One document as a PDF.
pub fn render(content: &Content, mark: &Mark) -> Result<Vec<u8>> {
    render_many(&[(content, mark.clone())])
}

/// Several documents in one PDF, each starting on a new page with its own
/// page numbers (batch printing).
pub fn render_many(documents: &[(&Content, Mark)]) -> Result<Vec<u8>> {
    pdf::save(&mut document(documents)?)
}

/// What the branch writes in the left signature block when it confirms a
/// document: its remark, the date, "T/M CHI BỘ", the secretary's function,
/// the signature image if any, and the secretary's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchBlock {
    pub remark: String,
    pub date: chrono::NaiveDate,
    pub on_behalf: String,
    pub function: String,
    pub name: String,
    pub signature: Option<SignatureImage>,
}

/// The PDF before it is written out, for sealing (`crate::seal`). Its
/// information (title, author, dates) comes from the first document.
pub(crate) fn document(documents: &[(&Content, Mark)]) -> Result<lopdf::Document> {
    let with: Vec<_> = documents.iter().map(|(c, m)| (*c, m.clone(), None)).collect();
    document_with(&with, false)
}

/// Documents, each with the branch's block when it was confirmed. With
/// `duplex`, each starts on an odd page (a blank page is put before it when
/// needed), so that no sheet printed on both sides holds two documents.
pub(crate) fn document_with(
    documents: &[(&Content, Mark, Option<&BranchBlock>)],
    duplex: bool,
) -> Result<lopdf::Document> {
    let (setup, meta, pages) = laid_out(documents, duplex)?;
    pdf::write(&meta, &setup, pages)
}

/// One document's pages as SVG images, for the webview to print: the same
/// pages as its PDF, drawn as vectors at their size.
pub fn svg_pages(content: &Content, mark: &Mark) -> Result<Vec<String>> {
    let (setup, _, pages) = laid_out(&[(content, mark.clone(), None)], false)?;
    Ok(pages.iter().map(|(page, deco)| svg::page(&setup, page, deco)).collect())
}

/// Laid-out pages, each with its number and footer.
type Pages = Vec<(layout::Page, pdf::Decoration)>;

/// The pages of the documents, and the PDF's information from the first.
fn laid_out(
    documents: &[(&Content, Mark, Option<&BranchBlock>)],
    duplex: bool,
) -> Result<(PageSetup, pdf::Meta, Pages)> {
    let setup = PageSetup::default();
    let mut pages = Vec::new();
    let mut meta: Option<pdf::Meta> = None;
    for (content, mark, branch) in documents {
        let content = normalized(content)?;
        compose::check_printable(&content)?;
        if meta.is_none() {
            meta = Some(describe(&content, mark));
        }
        let signature = match mark {
            Mark::Signed { signature: Some(image), .. } => Some(Rc::new(image.clone())),
            _ => None,
        };
        if duplex && pages.len() % 2 == 1 {
            pages.push((layout::Page::new(), pdf::Decoration { number: None, footer: String::new() }));
        }
        let layout = match mark {
            Mark::Signed { layout, .. } => *layout,
            Mark::Draft | Mark::List => LAYOUT,
        };
        let lay_out = |tight: bool| {
            let items = compose::compose(&content, signature.as_ref(), *branch, &setup, layout, tight);
            layout::paginate(items, setup.top, setup.height - setup.bottom)
        };
        let mut laid = lay_out(false);
        if layout >= 3 && nearly_empty(laid.last(), &setup) {
            let tight = lay_out(true);
            if tight.len() < laid.len() {
                laid = tight;
            }
        }
        for (i, page) in laid.into_iter().enumerate() {
            // Page numbers from page 2 (Hướng dẫn 36-HD/VPTW).
            let number = (i > 0).then_some(i + 1);
            pages.push((page, pdf::Decoration { number, footer: mark.footer(&content.template) }));
        }
    }
    let meta = meta.ok_or_else(|| crate::Error::Pdf("không có văn bản nào để in".to_string()))?;
    Ok((setup, meta, pages))
}

/// A last page, after others, filled less than a third: little more than
/// the closing lines and the signatures.
fn nearly_empty(last: Option<&layout::Page>, setup: &PageSetup) -> bool {
    let Some(page) = last else { return false };
    let used = page.iter().map(|(y, b)| y + b.height).fold(setup.top, f32::max) - setup.top;
    used < (setup.height - setup.top - setup.bottom) / 3.0
}

/// Title and author from the content; the date is the signing time of a
/// signed version and the document's date for a draft.
fn describe(content: &Content, mark: &Mark) -> pdf::Meta {
    let midnight = content.date.and_hms_opt(0, 0, 0).unwrap_or_default();
    let (when, seed) = match mark {
        Mark::Draft | Mark::List => (midnight, content.canonical()),
        Mark::Signed { code, signed_at, .. } => (
            chrono::DateTime::parse_from_rfc3339(signed_at).map(|t| t.naive_utc()).unwrap_or(midnight),
            code.as_bytes().to_vec(),
        ),
    };
    pdf::Meta {
        title: content.template.title_lines(content.year).join(" "),
        author: content.profile.full_name.clone(),
        date: when.format("D:%Y%m%d%H%M%S+00'00'").to_string(),
        id_seed: seed,
    }
}

/// NFC everywhere before layout: printpdf does no shaping, so decomposed
/// Vietnamese would print with floating marks. Content is plain data, so a
/// JSON round trip reaches every string.
fn normalized(content: &Content) -> Result<Content> {
    let to_err = crate::Error::bug;
    let json = serde_json::to_string(content).map_err(to_err)?;
    let nfc: String = json.nfc().collect();
    serde_json::from_str(&nfc).map_err(to_err)
}

/// Where a signer's block leaves room on the pages, in PDF coordinates
/// (points from the bottom left corner of page `page`, counted from 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Space {
    pub page: usize,
    pub rect: [f32; 4],
    pub signer: layout::Signer,
}

/// The signers' spaces of a document as `mark` lays it out: the member's
/// above her printed name, the branch's under "XÁC NHẬN CỦA CHI BỘ".
pub fn signing_spaces(content: &Content, mark: &Mark, block: Option<&BranchBlock>) -> Result<Vec<Space>> {
    let (setup, _, pages) = laid_out(&[(content, mark.clone(), block)], false)?;
    let mut spaces = Vec::new();
    for (i, (page, _)) in pages.iter().enumerate() {
        for (top, block) in page {
            for draw in &block.draws {
                if let layout::Draw::Space { x, y, width, height, signer } = *draw {
                    let y_top = setup.height - top - y;
                    spaces.push(Space { page: i, rect: [x, y_top - height, x + width, y_top], signer });
                }
            }
        }
    }
    Ok(spaces)
}

/// A ký số appearance: `lines` centred in a box of `width` × `height`
/// points, as a one-page PDF the size of the box. The text shrinks from
/// 12 points until it fits.
pub(crate) fn appearance(width: f32, height: f32, lines: &[(String, crate::fonts::Style)]) -> Result<lopdf::Document> {
    let laid = |size: f32| {
        let blocks = lines.iter().map(|(text, style)| {
            let font = layout::Font { style: *style, size, leading: size * 1.15 };
            layout::Paragraph {
                font,
                x: 2.0,
                width: width - 4.0,
                indent: 0.0,
                align: layout::Align::Center,
                space_before: 0.0,
            }
            .block(text)
        });
        layout::stack(blocks.collect())
    };
    let mut size = 12.0;
    let mut block = laid(size);
    while block.height > height && size > 6.0 {
        size -= 1.0;
        block = laid(size);
    }
    let top = ((height - block.height) / 2.0).max(0.0);
    let setup = PageSetup { width, height, top: 0.0, bottom: 0.0, left: 0.0, right: 0.0 };
    let meta = pdf::Meta { title: String::new(), author: String::new(), date: String::new(), id_seed: Vec::new() };
    pdf::write(&meta, &setup, vec![(vec![(top, block)], pdf::Decoration { number: None, footer: String::new() })])
}
