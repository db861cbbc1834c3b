//! A page as an SVG image, drawn from the same laid-out page as the PDF:
//! the webview prints these (vectors, at A4, nothing else on the sheet)
//! rather than pictures of the PDF. Text is placed word by word at the
//! positions the layout measured, in the same Tinos faces, which the page's
//! stylesheet provides as "Cam Ket Tinos".

use super::compose::PageSetup;
use super::layout::{Draw, Page, PT_PER_MM};
use super::pdf::Decoration;
use crate::fonts::{metrics, Style};
use base64::Engine;
use std::fmt::Write;

/// The family name the page's stylesheet gives the embedded faces.
pub const FAMILY: &str = "Cam Ket Tinos";

pub fn page(setup: &PageSetup, page: &Page, deco: &Decoration) -> String {
    let (w, h) = (setup.width, setup.height);
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{:.2}mm" height="{:.2}mm" viewBox="0 0 {w:.2} {h:.2}" font-family="{FAMILY}">"#,
        w / PT_PER_MM,
        h / PT_PER_MM
    );
    out.push_str(r#"<rect width="100%" height="100%" fill="white"/>"#);
    for (top, block) in page {
        for d in &block.draws {
            match d {
                Draw::Text { x, baseline, style, size, words, gap } => {
                    text(&mut out, *x, top + baseline, *style, *size, words, *gap);
                }
                Draw::Line { x1, y1, x2, y2, width } => {
                    let _ = write!(
                        out,
                        r#"<line x1="{x1:.2}" y1="{:.2}" x2="{x2:.2}" y2="{:.2}" stroke="black" stroke-width="{width}"/>"#,
                        top + y1,
                        top + y2
                    );
                }
                Draw::Space { .. } => {}
                Draw::Image { x, y, width, height, image } => {
                    // An image that cannot be encoded is left out of the
                    // print preview only; the PDF is written separately.
                    if let Ok(png) = image.to_png() {
                        let data = base64::engine::general_purpose::STANDARD.encode(png);
                        let _ = write!(
                            out,
                            r#"<image x="{x:.2}" y="{:.2}" width="{width:.2}" height="{height:.2}" preserveAspectRatio="none" href="data:image/png;base64,{data}"/>"#,
                            top + y
                        );
                    }
                }
            }
        }
    }
    let small = 11.0;
    let centre =
        |s: &str, style: Style, size: f32| setup.left + (setup.text_width() - metrics().width(style, size, s)) / 2.0;
    if let Some(n) = deco.number {
        let s = n.to_string();
        text(&mut out, centre(&s, Style::Regular, small), setup.top / 2.0, Style::Regular, 13.0, &[s], 0.0);
    }
    if !deco.footer.is_empty() {
        let x = centre(&deco.footer, Style::Italic, small);
        text(&mut out, x, h - setup.bottom / 2.0, Style::Italic, small, std::slice::from_ref(&deco.footer), 0.0);
    }
    out.push_str("</svg>");
    out
}

/// One line: each word at its measured place, justification included.
fn text(out: &mut String, x: f32, baseline: f32, style: Style, size: f32, words: &[String], gap: f32) {
    let weight = if matches!(style, Style::Bold | Style::BoldItalic) { "bold" } else { "normal" };
    let slant = if matches!(style, Style::Italic | Style::BoldItalic) { "italic" } else { "normal" };
    let _ = write!(out, r#"<text y="{baseline:.2}" font-size="{size}" font-weight="{weight}" font-style="{slant}">"#);
    let mut at = x;
    for (i, word) in words.iter().enumerate() {
        let shown = if i + 1 < words.len() { format!("{word} ") } else { word.clone() };
        let _ = write!(out, r#"<tspan x="{at:.2}">{}</tspan>"#, escape(&shown));
        at += metrics().width(style, size, &shown) + gap;
    }
    out.push_str("</text>");
}

/// Text as SVG character data: what the member typed is never markup.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
