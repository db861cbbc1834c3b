//! The blocks of a Word file placed onto a document's template: each
//! heading found by its words (in capitals or not, numbered by hand in any
//! of the ways people do, or by Word), the paragraphs under it into its
//! section, a table's rows into the table's columns by their headers, the
//! identity lines before the content offered for the profile; the header,
//! title, date line and signature blocks recognised (whatever year they
//! name) and left out; everything else listed as not placed, never dropped.

use super::read::Block;
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
    /// Paragraphs (and table cells) no section took.
    pub unplaced: Vec<String>,
    /// The header, title, date line and signature blocks, recognised.
    pub left_out: Vec<String>,
    /// The title of a second document found in the file; it and what
    /// follows were not read.
    pub second_document: Option<String>,
    /// The title of another kind's document the file starts with (its
    /// text is among what was not placed).
    pub other_document: Option<String>,
}

/// Lower case, no marks, "đ" as "d", single spaces: how words are compared.
fn plain(text: &str) -> String {
    crate::text::folded_words(text)
}

/// The words of a text, compared without case, marks or punctuation.
fn words(text: &str) -> String {
    let p: String = plain(text).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    p.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `words`, with every year ("2024") as "#": the frame of last year's file
/// is the frame of this year's template.
fn key(text: &str) -> String {
    let year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    words(text).split(' ').map(|w| if year(w) { "#" } else { w }).collect::<Vec<_>>().join(" ")
}

/// The length of a numeral at the start of `t`: digits, a Roman numeral,
/// or one letter ("a)"); 0 when there is none.
fn numeral(t: &str) -> usize {
    // A section's number has one or two digits ("2025" is a year).
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return if digits <= 2 { digits } else { 0 };
    }
    let roman = t.chars().take_while(|c| "IVXLCivxlc".contains(*c)).map(char::len_utf8).sum::<usize>();
    let next = t[roman..].chars().next();
    if roman > 0 && !next.is_some_and(char::is_alphabetic) {
        return roman;
    }
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(c), Some(n)) if c.is_alphabetic() && !n.is_alphabetic() && !n.is_whitespace() => c.len_utf8(),
        _ => 0,
    }
}

/// A heading without its number, however it was typed: "II.", "2)", "b.",
/// "2 .", "2/", "2-", "II.2.", "2.2 ", "I.NỘI", "Phần I.", a bullet (Word's
/// own numbering is not in the text). The text itself when it has none.
fn unnumbered(text: &str) -> &str {
    let mut t = text.trim_start();
    for word in ["Phần ", "PHẦN ", "Mục ", "MỤC "] {
        if let Some(rest) = t.strip_prefix(word).filter(|r| numeral(r) > 0) {
            t = rest;
        }
    }
    let mut stripped = false;
    loop {
        let n = numeral(t);
        if n == 0 {
            break;
        }
        let after = t[n..].trim_start();
        match after.chars().next() {
            Some(c) if ".)/:-–".contains(c) => {
                t = after[c.len_utf8()..].trim_start();
                stripped = true;
            }
            // "2.2 Về đạo đức": a last number after "2." needs no mark.
            Some(_) if stripped && t[..n].bytes().all(|b| b.is_ascii_digit()) && t[n..].starts_with(' ') => {
                t = after;
                break;
            }
            _ => break,
        }
    }
    if !stripped {
        let mut chars = t.chars();
        if let (Some(c), Some(' ')) = (chars.next(), chars.next()) {
            if "-•+*–".contains(c) {
                return chars.as_str().trim_start();
            }
        }
    }
    t
}

/// Whether a paragraph reads as a heading: numbered and short, or in
/// capitals and short, or short and ending in a colon.
fn looks_like_heading(text: &str) -> bool {
    let rest = unnumbered(text);
    let count = rest.split_whitespace().count();
    let numbered = rest.len() < text.trim_start().len();
    let capitals = rest.chars().any(char::is_alphabetic) && !rest.chars().any(char::is_lowercase);
    (numbered && count <= 12)
        || (capitals && (2..=12).contains(&count))
        || (count <= 6 && text.trim_end().ends_with(':'))
}

/// A heading's words that tell it apart ("về", "và" aside).
fn telling(text: &str) -> Vec<String> {
    const COMMON: [&str; 8] = ["ve", "va", "cua", "voi", "duoc", "cac", "nhung", "trong"];
    words(text).split(' ').filter(|w| !w.is_empty() && !COMMON.contains(w)).map(String::from).collect()
}

/// The heading without a note in brackets: "Về phong cách".
fn note_aside(heading: &str) -> &str {
    heading.split('(').next().unwrap_or(heading)
}

/// Where a paragraph names a heading exactly (its words, punctuation and a
/// note in brackets aside): the rest after it on the same line (after a
/// colon, a dash or a full stop), or None.
fn names_heading<'a>(paragraph: &'a str, heading: &str) -> Option<&'a str> {
    let heading = unnumbered(heading);
    let forms = [words(heading), words(note_aside(heading))];
    if forms[0].is_empty() {
        return None;
    }
    let text = unnumbered(paragraph);
    if forms.contains(&words(text)) || forms.contains(&words(note_aside(text))) {
        return Some("");
    }
    // "1. Về tư tưởng: Kiên định…": the heading, a mark, then its text.
    [":", " - ", " – ", ". "].iter().find_map(|mark| {
        let (before, after) = text.split_once(mark)?;
        forms.contains(&words(before)).then(|| after.trim())
    })
}

/// How well a heading-like paragraph names `heading` in other words
/// ("Về phẩm chất đạo đức" for "Về đạo đức"): the telling words they share
/// over all the telling words of both, when they share at least two.
fn likeness(paragraph: &str, heading: &str) -> f32 {
    let have = telling(unnumbered(paragraph));
    [heading, note_aside(heading)]
        .iter()
        .map(|h| {
            let want = telling(unnumbered(h));
            let shared = want.iter().filter(|w| have.contains(w)).count();
            let all = want.len() + have.len() - shared;
            if shared >= 2 {
                shared as f32 / all as f32
            } else {
                0.0
            }
        })
        .fold(0.0, f32::max)
}

/// What a template prints around the member's words, as `key`s: the titles,
/// the party's name, the fixed and self-check sentences, the signature
/// blocks; and the starts of sentences it fills in (the cited documents).
struct Frame {
    lines: Vec<String>,
    starts: Vec<String>,
    signing: Vec<String>,
    /// The first title line of every other shipped kind.
    other_titles: Vec<String>,
    mark: String,
}

impl Frame {
    fn of(t: &Template, year: i32) -> Frame {
        let s = &t.signature;
        let mut lines: Vec<String> = t.title_lines(year);
        lines.extend(t.alternative_titles.iter().flatten().map(|l| crate::template::fill_year(l, year)));
        lines.push(t.word("party").to_string());
        let signing: Vec<String> = [&s.left, &s.right, &s.on_behalf]
            .iter()
            .flat_map(|b| b.lines())
            .map(key)
            .filter(|l| !l.is_empty())
            .collect();
        for block in [&s.hint, &s.secretary, &s.deputy_secretary] {
            lines.extend(block.lines().map(str::to_string));
        }
        let own = |k: SectionKind| t.sections.iter().filter(move |s| s.kind == k);
        lines.extend(
            own(SectionKind::Fixed)
                .chain(own(SectionKind::Checklist))
                .map(|s| crate::template::fill_year(&s.text, year)),
        );
        let starts = own(SectionKind::Documents)
            .filter_map(|s| crate::template::fill_year(&s.text, year).split("{documents}").next().map(key))
            .filter(|p| p.len() >= 8)
            .collect();
        let other_titles = crate::template::shipped_templates()
            .iter()
            .filter(|o| o.kind != t.kind)
            .filter_map(|o| o.title_lines(year).first().map(|l| key(l)))
            .collect();
        let mut lines: Vec<String> = lines.iter().map(|l| key(l)).filter(|l| !l.is_empty()).collect();
        lines.extend(signing.iter().cloned());
        Frame { lines, starts, signing, other_titles, mark: plain(t.word("mark")) }
    }

    /// A line of the template's own, or the date line, or "(Ký, ghi rõ họ
    /// tên)"; before the content also the header's "ĐẢNG BỘ …", "CHI BỘ …"
    /// and the mark (inside the content such words are the member's).
    fn holds(&self, text: &str, before_content: bool) -> bool {
        let k = key(text);
        let header = k.starts_with("dang bo ")
            || k.starts_with("chi bo ")
            || k.starts_with("dang uy ")
            || plain(text) == self.mark;
        self.lines.contains(&k)
            || self.starts.iter().any(|s| k.starts_with(s.as_str()))
            || is_date_line(text)
            || plain(text).starts_with("(ky")
            || (before_content && header)
    }
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

/// The placing of one file's blocks, as it goes.
struct Placing<'a> {
    template: &'a Template,
    year: i32,
    frame: Frame,
    out: Mapped,
    current: Option<&'a Section>,
    texts: BTreeMap<String, Vec<String>>,
    rows: BTreeMap<String, Vec<BTreeMap<String, String>>>,
    choices: BTreeMap<String, String>,
    /// A section has been found: what follows is the content.
    content: bool,
}

/// The blocks of a Word file placed onto `template` (for a document of `year`).
pub fn map(blocks: &[Block], template: &Template, year: i32) -> Mapped {
    let mut p = Placing {
        template,
        year,
        frame: Frame::of(template, year),
        out: Mapped::default(),
        current: None,
        texts: BTreeMap::new(),
        rows: BTreeMap::new(),
        choices: BTreeMap::new(),
        content: false,
    };
    for block in blocks {
        let go_on = match block {
            Block::Paragraph(text) => p.paragraph(text.trim()),
            Block::Table(table) => {
                p.table(table);
                true
            }
        };
        if !go_on {
            break;
        }
    }
    p.finish()
}

impl<'a> Placing<'a> {
    /// Places one paragraph; false when a second document starts.
    fn paragraph(&mut self, text: &str) -> bool {
        if text.is_empty() {
            return true;
        }
        let k = key(text);
        if self.content && (self.frame.other_titles.contains(&k) || k == key(self.template.word("party"))) {
            self.out.second_document = Some(text.to_string());
            return false;
        }
        if !self.content && self.frame.other_titles.contains(&k) && self.out.other_document.is_none() {
            self.out.other_document = Some(text.to_string());
        }
        if self.frame.holds(text, !self.content) {
            // The signature blocks end the content: what follows is no section's.
            if self.frame.signing.contains(&k) {
                self.current = None;
            }
            self.out.left_out.push(text.to_string());
            return true;
        }
        if let Some((section, option)) = choice_of(self.template, self.year, text) {
            self.choices.insert(section, option);
            self.content = true;
            return true;
        }
        if !self.content {
            if let Some(found) = identity(self.template, text) {
                for (field, value) in found {
                    if !self.out.profile.iter().any(|(f, _)| *f == field) {
                        self.out.profile.push((field, value));
                    }
                }
                return true;
            }
        }
        if let Some((section, rest)) = heading_of(self.template, text) {
            self.current = section;
            self.content = true;
            match section {
                Some(s) if !rest.is_empty() => self.texts.entry(s.id.clone()).or_default().push(rest.to_string()),
                Some(_) => {}
                None => self.out.left_out.push(text.to_string()),
            }
            return true;
        }
        // A heading of no section ("IV. ĐỀ XUẤT", "Nơi nhận:") ends the one
        // before: it and what follows go to the member to place.
        if self.content && ends_a_section(text) {
            self.current = None;
        }
        match self.current.filter(|s| s.kind == SectionKind::Text) {
            Some(s) => self.texts.entry(s.id.clone()).or_default().push(text.to_string()),
            None => self.out.unplaced.push(text.to_string()),
        }
        true
    }

    fn table(&mut self, table: &[Vec<String>]) {
        match table_rows(self.template, self.current, table) {
            Some((section, taken, left)) => {
                self.content = true;
                self.rows.entry(section.id.clone()).or_default().extend(taken);
                self.out.unplaced.extend(left);
            }
            None => {
                for line in table.iter().flatten().flat_map(|c| c.split('\n')).map(str::trim).filter(|l| !l.is_empty())
                {
                    if self.frame.holds(line, true) {
                        self.out.left_out.push(line.to_string());
                    } else if !self.out.unplaced.iter().any(|u| u == line) {
                        self.out.unplaced.push(line.to_string());
                    }
                }
            }
        }
    }

    fn finish(mut self) -> Mapped {
        // The member's own name under the signature is part of the frame.
        let names: Vec<String> =
            self.out.profile.iter().filter(|(f, _)| f == "full_name").map(|(_, v)| key(v)).collect();
        let (name, rest): (Vec<String>, Vec<String>) =
            self.out.unplaced.drain(..).partition(|l| names.contains(&key(l)));
        self.out.unplaced = rest;
        self.out.left_out.extend(name);
        for s in &self.template.sections {
            if let Some(t) = self.texts.remove(&s.id) {
                self.out.sections.push((s.id.clone(), Answer::Text(t.join("\n"))));
            } else if let Some(r) = self.rows.remove(&s.id) {
                self.out.sections.push((s.id.clone(), Answer::Rows(r)));
            } else if let Some(option) = self.choices.remove(&s.id) {
                self.out.sections.push((s.id.clone(), Answer::Text(option)));
            }
        }
        self.out
    }
}

/// A heading no section has that ends the section before it: Roman
/// numbered, in capitals, or a short label with a colon ("Nơi nhận:"). A
/// line numbered 1, 2, 3 is an item of the section it is in.
fn ends_a_section(text: &str) -> bool {
    if !looks_like_heading(text) {
        return false;
    }
    let t = text.trim_start();
    let roman = t.chars().take_while(|c| "IVXLC".contains(*c)).count();
    // In capitals, short and without a full stop: a heading, not a sentence.
    let rest = unnumbered(t);
    let capitals =
        !rest.chars().any(char::is_lowercase) && rest.split_whitespace().count() <= 8 && !rest.ends_with('.');
    (roman > 0 && t[roman..].trim_start().starts_with(['.', '-', '/', ')', '–']))
        || capitals
        || t.trim_end().ends_with(':')
}

/// A choice printed as its sentence ("Tự đánh giá, xếp loại: Hoàn thành tốt
/// nhiệm vụ"): the section and the option chosen.
fn choice_of(template: &Template, year: i32, text: &str) -> Option<(String, String)> {
    let p = words(text);
    template.sections.iter().filter(|s| s.kind == SectionKind::Choice).find_map(|s| {
        s.options.iter().find(|o| words(&s.choice_sentence(year, o)) == p).map(|o| (s.id.clone(), o.clone()))
    })
}

/// The identity lines a line holds ("Họ và tên: …", several on one line
/// apart by a tab or ";"): each profile field with its value; a date only
/// when it is a date. A blank of a form ("……", "....") gives nothing.
/// None when the line is no identity line.
fn identity(template: &Template, text: &str) -> Option<Vec<(String, String)>> {
    let mut found = Vec::new();
    let mut labelled = false;
    for part in text.split(['\t', ';']).map(str::trim) {
        let Some((label, value)) = part.split_once(':') else { continue };
        let Some(line) = template.identity.iter().find(|l| words(&l.label) == words(label)) else { continue };
        labelled = true;
        let value = value.trim();
        let is_date = matches!(line.field.as_str(), "birth_date" | "joined_on" | "official_on");
        if value.chars().any(char::is_alphanumeric) && (!is_date || crate::dates::parse_typed(value).is_some()) {
            found.push((line.field.clone(), value.to_string()));
        }
    }
    labelled.then_some(found)
}

/// The section (or a group, None) a paragraph is the heading of, and the
/// text after it on the same line: by its words exactly, else, for a line
/// that reads as a heading, by most of a heading's telling words.
fn heading_of<'a, 'b>(template: &'a Template, text: &'b str) -> Option<(Option<&'a Section>, &'b str)> {
    for s in &template.sections {
        if let Some(rest) = names_heading(text, &s.heading) {
            return Some((Some(s), rest));
        }
    }
    let groups = || template.sections.iter().filter_map(|s| s.group.as_deref());
    if groups().any(|g| names_heading(text, g).is_some()) {
        return Some((None, ""));
    }
    if !looks_like_heading(text) {
        return None;
    }
    // Only a section the member writes in: a fixed one is the template's.
    let best = template
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Text && !s.heading.is_empty())
        .map(|s| (likeness(text, &s.heading), s))
        .filter(|(l, _)| *l >= 0.4)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    best.map(|(_, s)| (Some(s), ""))
}

/// A table's section, the rows it gives it, and the cells it could not place.
type TableTaken<'a> = (&'a Section, Vec<BTreeMap<String, String>>, Vec<String>);

/// The rows of a table for the template's table section whose columns its
/// header names (the current section's first), and what it could not
/// place: a column no template column is, a group row across the table.
fn table_rows<'a>(
    template: &'a Template,
    current: Option<&'a Section>,
    table: &[Vec<String>],
) -> Option<TableTaken<'a>> {
    let tables = template.sections.iter().filter(|s| s.kind == SectionKind::Table);
    let section = current
        .filter(|s| s.kind == SectionKind::Table)
        .into_iter()
        .chain(tables)
        .find(|s| columns_of(s, table).is_some())?;
    let (header_rows, columns) = columns_of(section, table)?;
    let headers: Vec<String> = (0..columns.len())
        .map(|i| {
            (0..header_rows)
                .rev()
                .find_map(|r| table[r].get(i).filter(|c| !c.trim().is_empty()))
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    let (mut taken, mut left) = (Vec::new(), Vec::new());
    for (n, row) in table[header_rows..].iter().enumerate() {
        let texts: Vec<&str> = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        // "I | Về học tập" merged across the table: a group's name, not a row.
        if texts.len() > 1 && texts[1..].iter().all(|t| *t == texts[texts.len() - 1]) && row.len() > 2 {
            left.push(texts[texts.len() - 1].to_string());
            continue;
        }
        let mut cells = BTreeMap::new();
        for (i, text) in row.iter().enumerate().filter(|(_, t)| !t.trim().is_empty()) {
            match columns.get(i) {
                Some(Column::Of(key)) => {
                    cells.insert(key.clone(), text.trim().to_string());
                }
                Some(Column::Number) => {}
                _ => left.push(format!(
                    "Bảng, dòng {}, cột “{}”: {}",
                    n + 1,
                    headers.get(i).map(String::as_str).unwrap_or(""),
                    text.trim()
                )),
            }
        }
        if !cells.is_empty() {
            taken.push(cells);
        }
    }
    Some((section, taken, left))
}

/// What a column of a Word table is.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    /// The row's number ("TT", "STT"): the table numbers its rows itself.
    Number,
    Of(String),
    None,
}

/// Which column of `section` each column of the table is, from its header
/// (one or two rows: a merged heading over sub-headings) by the words they
/// share ("Thời hạn" is "Thời gian hoàn thành", "Việc đăng ký làm theo" is
/// "Nội dung đăng ký làm theo"), each template column taken once; and how
/// many header rows there are. None when fewer than two columns match.
fn columns_of(section: &Section, table: &[Vec<String>]) -> Option<(usize, Vec<Column>)> {
    let mut best: Option<(usize, Vec<Column>, usize)> = None;
    for header_rows in 1..=2.min(table.len()) {
        let width = table.iter().take(header_rows).map(Vec::len).max().unwrap_or(0);
        let mut used: Vec<String> = Vec::new();
        let mut columns = Vec::new();
        for i in 0..width {
            let header = (0..header_rows).rev().find_map(|r| table[r].get(i).filter(|c| !c.trim().is_empty()));
            let column = header.map_or(Column::None, |h| column_for(section, h, &used));
            if let Column::Of(key) = &column {
                used.push(key.clone());
            }
            columns.push(column);
        }
        let found = used.len();
        if found >= 2 && best.as_ref().is_none_or(|b| found > b.2) {
            best = Some((header_rows, columns, found));
        }
    }
    best.map(|(rows, columns, _)| (rows, columns))
}

/// The template column a header names, by its words: the one sharing the
/// most (at least one telling word), not taken yet.
fn column_for(section: &Section, header: &str, used: &[String]) -> Column {
    let h = words(header);
    if ["tt", "stt", "so tt", "so thu tu"].contains(&h.as_str()) {
        return Column::Number;
    }
    let have = telling(header);
    let generic = ["thuc", "hien"];
    section
        .input_columns()
        .filter(|c| !used.contains(&c.key))
        .map(|c| {
            let want = telling(&c.name);
            let exact = words(&c.name) == h || words(&c.name).starts_with(&h) || h.starts_with(&words(&c.name));
            let shared = want.iter().filter(|w| have.contains(w) && !generic.contains(&w.as_str())).count();
            (if exact { 100 } else { shared }, c)
        })
        .filter(|(score, _)| *score > 0)
        .max_by_key(|(score, _)| *score)
        .map_or(Column::None, |(_, c)| Column::Of(c.key.clone()))
}

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
    if let Some(title) = &mapped.other_document {
        out.push_str(&format!(
            "\nTệp có cả văn bản “{title}”: phần đó không thuộc văn bản này, nằm ở “Không xếp được”.\n"
        ));
    }
    if let Some(title) = &mapped.second_document {
        out.push_str(&format!("\nTệp còn một văn bản thứ hai (“{title}”): chỉ lấy văn bản đầu.\n"));
    }
    out
}
