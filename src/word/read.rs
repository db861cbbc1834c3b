//! A Word file as the text a person sees in it: paragraphs and tables in
//! reading order, with the accepted text of tracked changes (insertions
//! kept, deletions left out), the text in text boxes, links' words, and a
//! table's merged cells as one. Read by `docx-rs`; what is not a .docx is
//! named for what it seems to be, with how to save it as one.

use crate::error::{Error, Result};
use docx_rs::{DocumentChild, DrawingData, InsertChild, Paragraph, ParagraphChild, RunChild, Table, TableCellContent};
use docx_rs::{StructuredDataTag, StructuredDataTagChild, TableChild, TableRowChild, TextBoxContentChild};

/// A .docx of several pages is well under this; a larger file is refused
/// before it is opened.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// What its parts may inflate to, all together (a zip bomb is refused).
const MAX_INFLATED_BYTES: u64 = 200 * 1024 * 1024;

/// What a Word file holds, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph's text (line breaks inside it kept as "\n").
    Paragraph(String),
    /// A table's rows of cell texts; a cell merged across columns is
    /// repeated, one merged down is empty below its first row.
    Table(Vec<Vec<String>>),
}

/// The blocks of the Word file `bytes`, or why it cannot be read, in words.
pub fn blocks(bytes: &[u8]) -> Result<Vec<Block>> {
    check_kind(bytes)?;
    let patched = with_hyphens(bytes);
    let docx = docx_rs::read_docx(patched.as_deref().unwrap_or(bytes)).map_err(|_| {
        Error::invalid("file", "Tệp Word này không đọc được (có thể bị hỏng). Hãy mở bằng Word rồi lưu lại dạng .docx.")
    })?;
    let mut out = Vec::new();
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => paragraph(p, &mut out),
            DocumentChild::Table(t) => out.push(Block::Table(table(t))),
            DocumentChild::StructuredDataTag(tag) => content_control(tag, &mut out),
            _ => {}
        }
    }
    Ok(out)
}

/// A content control around paragraphs or tables (forms made from a
/// template hold their text in them): what it holds, in order.
fn content_control(tag: &StructuredDataTag, out: &mut Vec<Block>) {
    let mut text = String::new();
    let mut boxes = Vec::new();
    for child in &tag.children {
        match child {
            StructuredDataTagChild::Paragraph(p) => paragraph(p, out),
            StructuredDataTagChild::Table(t) => out.push(Block::Table(table(t))),
            StructuredDataTagChild::StructuredDataTag(inner) => content_control(inner, out),
            StructuredDataTagChild::Run(r) => run(&r.children, &mut text, &mut boxes),
            _ => {}
        }
    }
    out.extend(boxes);
    if !text.is_empty() {
        out.push(Block::Paragraph(text));
    }
}

/// Word's non-breaking hyphen (Ctrl+Shift+-) is an element of its own that
/// `docx-rs` does not read: written as a hyphen before reading, so
/// "2015‑2020" keeps it; an optional hyphen is invisible and goes. The file
/// again with that change, or None when it has neither.
fn with_hyphens(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut xml = String::new();
    zip.by_name("word/document.xml").ok()?.read_to_string(&mut xml).ok()?;
    if !xml.contains("<w:noBreakHyphen") && !xml.contains("<w:softHyphen") {
        return None;
    }
    let xml = ["<w:noBreakHyphen/>", "<w:noBreakHyphen />"]
        .iter()
        .fold(xml, |x, tag| x.replace(tag, "<w:t>-</w:t>"))
        .replace("<w:softHyphen/>", "")
        .replace("<w:softHyphen />", "");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).ok()?;
        let name = part.name().ok()?.to_string();
        let mut data = Vec::new();
        part.read_to_end(&mut data).ok()?;
        out.start_file(name.as_str(), stored).ok()?;
        out.write_all(if name == "word/document.xml" { xml.as_bytes() } else { &data }).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

/// Refuses what is not a .docx, saying what it seems to be.
fn check_kind(bytes: &[u8]) -> Result<()> {
    let refuse = |what: &str| Err(Error::invalid("file", what.to_string()));
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return refuse("Tệp quá lớn để là một văn bản Word vài trang (trên 20 MB).");
    }
    if bytes.starts_with(b"%PDF") {
        return refuse("Đây là tệp PDF, không phải tệp Word. Hãy chọn tệp .docx của văn bản; nếu chỉ có bản PDF, hãy mở bằng Word (Word mở được PDF) rồi lưu lại dạng .docx.");
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return refuse("Đây là tệp Word kiểu cũ (.doc), hoặc tệp Word có đặt mật khẩu. Hãy mở bằng Word hoặc LibreOffice (bỏ mật khẩu nếu có), chọn Lưu thành (Save As) dạng “Word Document (.docx)”, rồi chọn tệp .docx đó.");
    }
    if bytes.starts_with(b"{\\rtf") {
        return refuse("Đây là tệp RTF, không phải .docx. Hãy mở bằng Word rồi lưu lại dạng .docx.");
    }
    if !bytes.starts_with(b"PK") {
        return refuse("Tệp này không phải tệp Word (.docx). Hãy chọn tệp .docx của văn bản.");
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| Error::invalid("file", "Tệp nén này bị hỏng, không phải tệp Word đọc được."))?;
    // Every part inflated and counted, never past the limit: a part's
    // declared size is not trusted (a zip bomb is refused).
    let (mut names, mut inflated) = (Vec::new(), 0u64);
    for i in 0..zip.len() {
        let damaged = || Error::invalid("file", "Tệp Word này bị hỏng, không đọc được.");
        let part = zip.by_index(i).map_err(|_| damaged())?;
        names.push(part.name().map(|n| n.to_string()).unwrap_or_default());
        let left = MAX_INFLATED_BYTES - inflated;
        inflated +=
            std::io::copy(&mut std::io::Read::take(part, left + 1), &mut std::io::sink()).map_err(|_| damaged())?;
        if inflated > MAX_INFLATED_BYTES {
            return refuse("Tệp Word này giải nén ra quá lớn; không mở.");
        }
    }
    let has = |name: &str| names.iter().any(|n| n == name || n.starts_with(name));
    if !has("word/document.xml") {
        return refuse(if has("xl/") {
            "Đây là tệp Excel, không phải tệp Word. Hãy chọn tệp .docx của văn bản."
        } else if has("ppt/") {
            "Đây là tệp PowerPoint, không phải tệp Word. Hãy chọn tệp .docx của văn bản."
        } else if has("content.xml") {
            "Đây là tệp OpenDocument (.odt). Hãy mở bằng LibreOffice, lưu lại dạng “Word (.docx)”, rồi chọn tệp đó."
        } else {
            "Tệp nén này không phải tệp Word (.docx). Hãy chọn tệp .docx của văn bản."
        });
    }
    Ok(())
}

/// A paragraph's text, after the paragraphs of any text box in it.
fn paragraph(p: &Paragraph, out: &mut Vec<Block>) {
    let mut text = String::new();
    let mut boxes = Vec::new();
    for child in &p.children {
        paragraph_child(child, &mut text, &mut boxes);
    }
    out.extend(boxes);
    out.push(Block::Paragraph(text));
}

fn paragraph_child(child: &ParagraphChild, text: &mut String, boxes: &mut Vec<Block>) {
    match child {
        ParagraphChild::Run(r) => run(&r.children, text, boxes),
        // Tracked changes as accepted: an insertion's words count, a deletion's do not.
        ParagraphChild::Insert(i) => {
            for c in &i.children {
                if let InsertChild::Run(r) = c {
                    run(&r.children, text, boxes);
                }
            }
        }
        ParagraphChild::Hyperlink(h) => {
            for c in &h.children {
                paragraph_child(c, text, boxes);
            }
        }
        _ => {}
    }
}

fn run(children: &[RunChild], text: &mut String, boxes: &mut Vec<Block>) {
    for c in children {
        match c {
            RunChild::Text(t) => text.push_str(&t.text),
            // A symbol from Insert → Symbol: its character; a symbol font's
            // own (private use) glyphs have no character to print.
            RunChild::Sym(s) => text.extend(
                u32::from_str_radix(&s.char, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c)),
            ),
            RunChild::Tab(_) | RunChild::PTab(_) => text.push(' '),
            RunChild::Break(_) | RunChild::CarriageReturn(_) => text.push('\n'),
            RunChild::Drawing(d) => {
                if let Some(DrawingData::TextBox(b)) = &d.data {
                    for c in &b.children {
                        match c {
                            TextBoxContentChild::Paragraph(p) => paragraph(p, boxes),
                            TextBoxContentChild::Table(t) => boxes.push(Block::Table(table(t))),
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// A table's rows of cell texts (a cell's paragraphs joined by "\n").
fn table(t: &Table) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for TableChild::TableRow(row) in &t.rows {
        let mut cells = Vec::new();
        for TableRowChild::TableCell(cell) in &row.cells {
            let property = serde_json::to_value(&cell.property).unwrap_or_default();
            let continued = property.get("verticalMerge").and_then(|v| v.as_str()) == Some("continue");
            let span = property.get("gridSpan").and_then(|v| v.as_u64()).unwrap_or(1).clamp(1, 64) as usize;
            let text = if continued { String::new() } else { cell_text(&cell.children) };
            cells.extend(std::iter::repeat_n(text, span));
        }
        rows.push(cells);
    }
    rows
}

fn cell_text(children: &[TableCellContent]) -> String {
    let mut blocks = Vec::new();
    for c in children {
        match c {
            TableCellContent::Paragraph(p) => paragraph(p, &mut blocks),
            TableCellContent::Table(t) => blocks.push(Block::Table(table(t))),
            _ => {}
        }
    }
    let lines: Vec<String> = blocks
        .into_iter()
        .flat_map(|b| match b {
            Block::Paragraph(t) => vec![t],
            Block::Table(rows) => rows.into_iter().map(|r| r.join(" ")).collect(),
        })
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}
