//! The printed document: layout (wrap, justify, paginate, keep blocks
//! together) and the PDF writer.

mod compose;
pub mod fonts;
pub mod layout;
mod pdf;

pub use compose::PageSetup;

use crate::document::Content;
use crate::error::Result;
use crate::signature::SignatureImage;
use std::rc::Rc;
use unicode_normalization::UnicodeNormalization;

/// What a printout says about its state in the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// "Bản nháp": not signed.
    Draft,
    /// A signed version: its short fingerprint code, and the member's
    /// signature image when one was placed.
    Signed { code: String, signature: Option<SignatureImage> },
}

impl Mark {
    fn footer(&self) -> String {
        match self {
            Mark::Draft => "Bản nháp".to_string(),
            Mark::Signed { code, .. } => format!("Mã xác thực: {code}"),
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
    let setup = PageSetup::default();
    let mut pages = Vec::new();
    let mut title = String::new();
    for (content, mark) in documents {
        let content = normalized(content)?;
        compose::check_printable(&content)?;
        if title.is_empty() {
            title = content.template.title_lines(content.year).join(" ");
        }
        let signature = match mark {
            Mark::Signed { signature: Some(image), .. } => Some(Rc::new(image.clone())),
            _ => None,
        };
        let items = compose::compose(&content, signature.as_ref(), &setup);
        let laid = layout::paginate(items, setup.top, setup.height - setup.bottom);
        for (i, page) in laid.into_iter().enumerate() {
            // Page numbers from page 2 (Hướng dẫn 36-HD/VPTW).
            let number = (i > 0).then_some(i + 1);
            pages.push((page, pdf::Decoration { number, footer: mark.footer() }));
        }
    }
    pdf::write(&title, &setup, pages)
}

/// NFC everywhere before layout: printpdf does no shaping, so decomposed
/// Vietnamese would print with floating marks. Content is plain data, so a
/// JSON round trip reaches every string.
fn normalized(content: &Content) -> Result<Content> {
    let to_err = |e: serde_json::Error| crate::Error::Pdf(e.to_string());
    let json = serde_json::to_string(content).map_err(to_err)?;
    let nfc: String = json.nfc().collect();
    serde_json::from_str(&nfc).map_err(to_err)
}
