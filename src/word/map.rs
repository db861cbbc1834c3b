//! The blocks of a Word file placed onto a document's template: each
//! heading found by its words (in capitals or not, numbered by hand or by
//! Word), the paragraphs under it into its section, a table's rows into the
//! table's columns by their headers, the identity lines offered for the
//! profile; the header, title, date line and signature blocks recognised
//! and left out; everything else listed as not placed, never dropped.

use super::read::Block;
use crate::branch::collation::folded;
use crate::document::Answer;
use crate::template::{Section, SectionKind, Template};
use std::collections::BTreeMap;

/// What a Word file gives a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapped {
    /// Each section with the text or rows it receives, in template order.
    pub sections: Vec<(String, Answer)>,
    /// Profile fields the identity lines name, with the value written.
    pub profile: Vec<(String, String)>,
    /// Paragraphs no section took.
    pub unplaced: Vec<String>,
    /// The header, title, date line and signature blocks, recognised.
    pub left_out: Vec<String>,
    /// The title of a second document found in the file; it and what
    /// follows were not read.
    pub second_document: Option<String>,
}

/// Lower case, no marks, "đ" as "d", single spaces: how words are compared.
fn plain(text: &str) -> String {
    folded(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A heading without its number: "II.", "1.", "a)", "-", "•" (typed by
/// hand; Word's own numbering is not in the text).
fn unnumbered(text: &str) -> &str {
    let t = text.trim_start();
    let end = t.find(|c: char| c.is_whitespace()).unwrap_or(t.len());
    let first = &t[..end];
    let number = first.trim_end_matches(['.', ')', ':']);
    let is_number = !number.is_empty()
        && first.len() > number.len()
        && (number.chars().all(|c| c.is_ascii_digit() || c == '.')
            || number.chars().all(|c| "IVXLivxl".contains(c))
            || (number.chars().count() == 1 && number.chars().all(char::is_alphabetic)));
    // A bullet typed by hand: one of these characters alone.
    let bullet = first.chars().count() == 1 && "-•+*–".contains(first);
    if is_number || bullet {
        t[end..].trim_start()
    } else {
        t
    }
}

/// The words of a text, compared without case, marks or punctuation.
fn words(text: &str) -> String {
    let p: String = plain(text).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    p.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where a paragraph names a heading (its words, punctuation aside, or
/// with a note in brackets after them): the rest after it (text written on
/// the heading's own line, after a colon), or None when it is not it.
fn names_heading<'a>(paragraph: &'a str, heading: &str) -> Option<&'a str> {
    let h = words(unnumbered(heading));
    let text = unnumbered(paragraph);
    if h.is_empty() {
        return None;
    }
    let note_aside = |t: &str| words(t.split('(').next().unwrap_or_default());
    if words(text) == h || note_aside(text) == h || words(text) == note_aside(unnumbered(heading)) {
        return Some("");
    }
    // "1. Về tư tưởng: Kiên định…": the heading, a colon, then its text.
    let (before, after) = text.split_once(':')?;
    (words(before) == h).then(|| after.trim())
}

/// The texts of a template that are its frame, not its content: the title,
/// the party's name, the signature blocks.
fn frame(t: &Template, year: i32) -> Vec<String> {
    let s = &t.signature;
    let mut out: Vec<String> = t.title_lines(year);
    out.extend(t.alternative_titles.iter().flatten().map(|l| crate::template::fill_year(l, year)));
    out.push(t.word("party").to_string());
    for block in [&s.left, &s.right, &s.hint, &s.on_behalf, &s.secretary, &s.deputy_secretary] {
        out.extend(block.lines().map(str::to_string));
    }
    // The template's own sentences: a fixed section's, the self-check's.
    for sect in t.sections.iter().filter(|s| matches!(s.kind, SectionKind::Fixed | SectionKind::Checklist)) {
        out.push(crate::template::fill_year(&sect.text, year));
    }
    out.retain(|l| !l.trim().is_empty());
    out.into_iter().map(|l| plain(&l)).collect()
}

/// The lines of the signature blocks.
fn signature_lines(t: &Template) -> Vec<String> {
    let s = &t.signature;
    [&s.left, &s.right, &s.on_behalf]
        .iter()
        .flat_map(|b| b.lines())
        .filter(|l| !l.trim().is_empty())
        .map(plain)
        .collect()
}

/// The start of a sentence the template prints around what it fills in
/// (the cited documents): the part before "{documents}".
fn frame_starts(t: &Template, year: i32) -> Vec<String> {
    t.sections
        .iter()
        .filter(|s| s.kind == SectionKind::Documents)
        .filter_map(|s| crate::template::fill_year(&s.text, year).split("{documents}").next().map(plain))
        .filter(|p| p.len() >= 8)
        .collect()
}

/// A date line "Hà Nội, ngày 20 tháng 02 năm 2026" (any place, any date).
fn is_date_line(text: &str) -> bool {
    let p = plain(text);
    let Some((place, date)) = p.split_once(", ngay ") else { return false };
    let words: Vec<&str> = date.trim_end_matches('.').split(' ').collect();
    let number =
        |w: &str, n: std::ops::RangeInclusive<usize>| n.contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    place.chars().count() <= 60
        && matches!(words.as_slice(), [d, "thang", m, "nam", y] if number(d, 1..=2) && number(m, 1..=2) && number(y, 4..=4))
}

/// The header's left column: "ĐẢNG BỘ …", "CHI BỘ …", the template's mark.
fn is_header_line(text: &str, mark: &str) -> bool {
    let p = plain(text);
    p.starts_with("dang bo ") || p.starts_with("chi bo ") || p == plain(mark) || p.starts_with("dang uy ")
}

/// The blocks of a Word file placed onto `template` (for a document of `year`).
pub fn map(blocks: &[Block], template: &Template, year: i32) -> Mapped {
    let frame = frame(template, year);
    let starts = frame_starts(template, year);
    let signing = signature_lines(template);
    let others = other_titles(template, year);
    let mut out = Mapped::default();
    let mut current: Option<&Section> = None;
    let mut texts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rows: BTreeMap<String, Vec<BTreeMap<String, String>>> = BTreeMap::new();
    let mut seen_content = false;
    let mut choices: BTreeMap<String, String> = BTreeMap::new();
    for block in blocks {
        match block {
            Block::Paragraph(text) => {
                let text = text.trim();
                if text.is_empty() {
                    continue;
                }
                let p = plain(text);
                if seen_content && (others.contains(&p) || p == plain(template.word("party"))) {
                    out.second_document = Some(text.to_string());
                    break;
                }
                let framed = frame.contains(&p) || starts.iter().any(|s| p.starts_with(s.as_str()));
                if framed || is_date_line(text) || is_header_line(text, template.word("mark")) || p.starts_with("(ky") {
                    // The signature blocks end the content: what follows is no section's.
                    if signing.contains(&p) {
                        current = None;
                    }
                    out.left_out.push(text.to_string());
                    continue;
                }
                if let Some((section, option)) = choice_of(template, year, text) {
                    choices.insert(section, option);
                    seen_content = true;
                    continue;
                }
                if let Some((field, value)) = identity(template, text) {
                    out.profile.push((field, value));
                    continue;
                }
                if let Some((section, rest)) = heading_of(template, text) {
                    current = section;
                    seen_content = true;
                    if let (Some(s), false) = (section, rest.is_empty()) {
                        texts.entry(s.id.clone()).or_default().push(rest.to_string());
                    }
                    if section.is_none() {
                        out.left_out.push(text.to_string());
                    }
                    continue;
                }
                match current.filter(|s| s.kind == SectionKind::Text) {
                    Some(s) => texts.entry(s.id.clone()).or_default().push(text.to_string()),
                    None => out.unplaced.push(text.to_string()),
                }
            }
            Block::Table(table) => {
                if let Some((section, taken)) = table_rows(template, current, table) {
                    seen_content = true;
                    rows.entry(section.id.clone()).or_default().extend(taken);
                } else {
                    place_other_table(table, &frame, template.word("mark"), &mut out);
                }
            }
        }
    }
    // The member's own name under the signature is part of the frame.
    let names: Vec<String> = out.profile.iter().filter(|(f, _)| f == "full_name").map(|(_, v)| plain(v)).collect();
    let (name, rest): (Vec<String>, Vec<String>) = out.unplaced.drain(..).partition(|l| names.contains(&plain(l)));
    out.unplaced = rest;
    out.left_out.extend(name);
    for s in &template.sections {
        if let Some(t) = texts.remove(&s.id) {
            out.sections.push((s.id.clone(), Answer::Text(t.join("\n"))));
        } else if let Some(r) = rows.remove(&s.id) {
            out.sections.push((s.id.clone(), Answer::Rows(r)));
        } else if let Some(option) = choices.remove(&s.id) {
            out.sections.push((s.id.clone(), Answer::Text(option)));
        }
    }
    out
}

/// The first lines of the titles of every other shipped kind: a second
/// document in the same file starts with one of them.
fn other_titles(template: &Template, year: i32) -> Vec<String> {
    crate::template::shipped_templates()
        .iter()
        .filter(|t| t.kind != template.kind)
        .filter_map(|t| t.title_lines(year).first().map(|l| plain(l)))
        .collect()
}

/// A choice printed as its sentence ("Tự đánh giá, xếp loại: Hoàn thành tốt
/// nhiệm vụ"): the section and the option chosen.
fn choice_of(template: &Template, year: i32, text: &str) -> Option<(String, String)> {
    let p = words(text);
    template.sections.iter().filter(|s| s.kind == SectionKind::Choice).find_map(|s| {
        s.options.iter().find(|o| words(&s.choice_sentence(year, o)) == p).map(|o| (s.id.clone(), o.clone()))
    })
}

/// "Họ và tên: Trần Thị Minh Hạnh" as the profile field the template's
/// identity line of that label fills, and its value.
fn identity(template: &Template, text: &str) -> Option<(String, String)> {
    let (label, value) = text.split_once(':')?;
    let line = template.identity.iter().find(|l| plain(&l.label) == plain(label))?;
    Some((line.field.clone(), value.trim().to_string()))
}

/// The section (or a group, None) a paragraph is the heading of, and the
/// text after it on the same line.
fn heading_of<'a, 'b>(template: &'a Template, text: &'b str) -> Option<(Option<&'a Section>, &'b str)> {
    for s in &template.sections {
        if let Some(rest) = names_heading(text, &s.heading) {
            return Some((Some(s), rest));
        }
    }
    let group = template.sections.iter().filter_map(|s| s.group.as_deref()).find(|g| names_heading(text, g).is_some());
    group.map(|_| (None, ""))
}

/// The rows of a table for the template's table section whose columns its
/// header names (the current section's first): cells by column header,
/// header rows and empty rows left out.
fn table_rows<'a>(
    template: &'a Template,
    current: Option<&'a Section>,
    table: &[Vec<String>],
) -> Option<(&'a Section, Vec<BTreeMap<String, String>>)> {
    let tables = template.sections.iter().filter(|s| s.kind == SectionKind::Table);
    let candidates = current.filter(|s| s.kind == SectionKind::Table).into_iter().chain(tables);
    for section in candidates {
        let Some((header_rows, columns)) = columns_of(section, table) else { continue };
        let mut out = Vec::new();
        for row in &table[header_rows..] {
            let mut cells = BTreeMap::new();
            for (i, key) in columns.iter().enumerate() {
                if let (Some(key), Some(text)) = (key, row.get(i)) {
                    if !text.trim().is_empty() {
                        cells.insert(key.clone(), text.trim().to_string());
                    }
                }
            }
            if !cells.is_empty() {
                out.push(cells);
            }
        }
        return Some((section, out));
    }
    None
}

/// Which column of `section` each column of the table is, from its header
/// (one or two rows: a merged heading over sub-headings), and how many
/// header rows there are; None when fewer than two columns match.
fn columns_of(section: &Section, table: &[Vec<String>]) -> Option<(usize, Vec<Option<String>>)> {
    let matches = |cell: &str| -> Option<String> {
        let c = plain(cell);
        if c.is_empty() {
            return None;
        }
        section
            .input_columns()
            .find(|col| {
                let name = plain(&col.name);
                name == c || name.starts_with(&c) || c.starts_with(&name)
            })
            .map(|col| col.key.clone())
    };
    let mut best: Option<(usize, Vec<Option<String>>)> = None;
    for header_rows in 1..=2.min(table.len()) {
        let width = table.iter().take(header_rows).map(Vec::len).max().unwrap_or(0);
        let columns: Vec<Option<String>> =
            (0..width).map(|i| (0..header_rows).rev().find_map(|r| table[r].get(i).and_then(|c| matches(c)))).collect();
        let found = columns.iter().flatten().count();
        if found >= 2 && best.as_ref().is_none_or(|(_, b)| found > b.iter().flatten().count()) {
            best = Some((header_rows, columns));
        }
    }
    best
}

/// A table that is no section's: the header or the signature blocks laid
/// out as a table are frame; any other is not placed, row by row.
fn place_other_table(table: &[Vec<String>], frame: &[String], mark: &str, out: &mut Mapped) {
    for cell in table.iter().flatten() {
        for line in cell.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
            let p = plain(line);
            if frame.contains(&p) || is_date_line(line) || is_header_line(line, mark) || p.starts_with("(ky") {
                out.left_out.push(line.to_string());
            } else {
                out.unplaced.push(line.to_string());
            }
        }
    }
}

/// The preview as text, section by section, then what was not placed.
pub fn preview(mapped: &Mapped, template: &Template) -> String {
    let mut out = String::new();
    for (field, value) in &mapped.profile {
        out.push_str(&format!("Hồ sơ — {}: {value}\n", crate::profile::field_label(field)));
    }
    for (id, answer) in &mapped.sections {
        let name = template.section(id).map(crate::document::section_name).unwrap_or_else(|| id.clone());
        out.push_str(&format!("\n== {name}\n"));
        match answer {
            Answer::Text(t) => out.push_str(&format!("{t}\n")),
            Answer::Rows(rows) => {
                let columns: Vec<_> = template.section(id).map(|s| s.input_columns().collect()).unwrap_or_default();
                for (i, r) in rows.iter().enumerate() {
                    let cells: Vec<&str> =
                        columns.iter().map(|c| r.get(&c.key).map(String::as_str).unwrap_or_default()).collect();
                    out.push_str(&format!("{}. {}\n", i + 1, cells.join(" | ")));
                }
            }
            _ => {}
        }
    }
    out.push_str(&format!("\n== Không xếp được ({})\n", mapped.unplaced.len()));
    for line in &mapped.unplaced {
        out.push_str(&format!("- {line}\n"));
    }
    if let Some(title) = &mapped.second_document {
        out.push_str(&format!("\nTệp còn một văn bản thứ hai (“{title}”): chỉ lấy văn bản đầu.\n"));
    }
    out
}
