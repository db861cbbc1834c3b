//! Turns a document's content into laid-out items, following Hướng dẫn
//! 36-HD/VPTW (forms.md §7). Every printed word comes from the template,
//! the profile or the answers.

use super::layout::{beside, stack, Align, Block, Draw, Font, Item, Paragraph, Row, Signer, PT_PER_MM};
use super::BranchBlock;
use crate::dates::{self, date_line};
use crate::document::Content;
use crate::error::Result;
use crate::fonts::{metrics, Style};
use crate::signature::SignatureImage;
use crate::template::{fill_year, SectionKind};
use std::rc::Rc;

/// Page geometry in points (A4 portrait, margins in mm from forms.md §7).
#[derive(Debug, Clone, Copy)]
pub struct PageSetup {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup {
            width: 210.0 * PT_PER_MM,
            height: 297.0 * PT_PER_MM,
            top: 20.0 * PT_PER_MM,
            bottom: 20.0 * PT_PER_MM,
            left: 30.0 * PT_PER_MM,
            right: 15.0 * PT_PER_MM,
        }
    }
}

impl PageSetup {
    pub fn text_width(&self) -> f32 {
        self.width - self.left - self.right
    }
}

const BODY: Font = Font { style: Style::Regular, size: 14.0, leading: 14.0 * 1.2 };
const BOLD: Font = Font { style: Style::Bold, ..BODY };
const ITALIC: Font = Font { style: Style::Italic, ..BODY };
const TABLE: Font = Font { style: Style::Regular, size: 13.0, leading: 13.0 * 1.15 };
/// Single line spacing of Times New Roman, as a word processor sets it.
const SINGLE: f32 = 1.15;
/// From layout 3, the least room between the texts of the header's two
/// columns: a long ĐẢNG BỘ name wraps rather than run up to "ĐẢNG CỘNG SẢN
/// VIỆT NAM" or the date line.
const HEADER_GAP: f32 = 5.0 * PT_PER_MM;
/// Between "ĐẢNG CỘNG SẢN VIỆT NAM" and the date line.
const DATE_SPACE: f32 = 8.0;
const INDENT: f32 = 10.0 * PT_PER_MM;
const PARAGRAPH_GAP: f32 = 3.0;
/// The space left for a handwritten signature.
const SIGNING_SPACE: f32 = 25.0 * PT_PER_MM;
/// The largest box a signature image is scaled into, inside that space.
const IMAGE_WIDTH: f32 = 60.0 * PT_PER_MM;
const IMAGE_HEIGHT: f32 = 22.0 * PT_PER_MM;

/// Refuses text the fonts cannot print, naming the first character and where it is.
pub fn check_printable(content: &Content) -> Result<()> {
    match content.unprintable().into_iter().next() {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}

/// The items of one document, in reading order, as layout `layout` (one
/// of `super::LAYOUTS`) placed them. `tight` sets the text's lines single
/// spaced and halves the space between paragraphs, both still within
/// Hướng dẫn 36's ranges (from layout 3, to spare a last page that would
/// hold little more than the signatures).
pub fn compose(
    content: &Content,
    signature: Option<&Rc<SignatureImage>>,
    branch: Option<&BranchBlock>,
    page: &PageSetup,
    layout: u32,
    tight: bool,
) -> Vec<Item> {
    let c = Composer { content, x: page.left, width: page.text_width(), layout, tight };
    let mut items: Vec<Item> = Vec::new();
    c.form_mark(&mut items);
    items.push(Item::Block(header(content, page, layout)));
    c.title(&mut items);
    c.identity(&mut items);
    let last_paragraph = c.sections(&mut items);
    // The signatures never stand alone on a page: the last line of the last
    // paragraph goes with them (and the one before it, by the widow rule).
    // No more than that moves, so a page before is not left half empty.
    // Layout 1 moved the whole last paragraph, up to five lines.
    let with_signatures = if layout == 1 { last_paragraph.min(5) } else { last_paragraph.min(1) };
    for item in items.iter_mut().rev().take(with_signatures) {
        if let Item::Block(b) = item {
            b.keep_with_next = true;
        }
    }
    items.push(Item::Block(signatures(content, signature, branch, c.x, c.width)));
    items
}

/// One document being composed: its content, the text column, the layout.
struct Composer<'a> {
    content: &'a Content,
    x: f32,
    width: f32,
    layout: u32,
    tight: bool,
}

impl Composer<'_> {
    fn para(&self, font: Font, align: Align, indent: f32, space_before: f32) -> Paragraph {
        let tight = self.tight;
        Paragraph {
            font: if tight { Font { leading: font.size * SINGLE, ..font } } else { font },
            x: self.x,
            width: self.width,
            indent,
            align,
            space_before: if tight { space_before / 2.0 } else { space_before },
        }
    }

    /// A national form's mark, above the header at the right: "Mẫu 2C-HD KĐ.ĐG 2025".
    fn form_mark(&self, items: &mut Vec<Item>) {
        let Some(mark) = self.content.template.form.as_ref().map(|f| f.mark.as_str()).filter(|m| !m.is_empty()) else {
            return;
        };
        let small = Font { style: Style::Bold, size: 12.0, leading: 12.0 * 1.2 };
        let indent = (self.width - metrics().width(small.style, small.size, mark)).max(0.0);
        let mut b = self.para(small, Align::Left, indent, 0.0).block(mark);
        b.height += 4.0;
        items.push(Item::Block(b));
    }

    fn title(&self, items: &mut Vec<Item>) {
        let mut title_lines = self.content.template.title_lines(self.content.year).into_iter();
        if let Some(first) = title_lines.next() {
            let title = Font { style: Style::Bold, size: 15.0, leading: 18.0 };
            items.push(Item::Block(self.para(title, Align::Center, 0.0, 18.0).block(&first)));
        }
        for line in title_lines {
            items.push(Item::Block(self.para(BOLD, Align::Center, 0.0, 0.0).block(&line)));
        }
    }

    /// The member's identity lines, those with a value (or always printed).
    fn identity(&self, items: &mut Vec<Item>) {
        let mut first = true;
        for line in &self.content.template.identity {
            let value = self.content.profile.text_of(&line.field).unwrap_or_default();
            if value.is_empty() && !line.always {
                continue;
            }
            let space = if first { 14.0 } else { 0.0 };
            first = false;
            let text = format!("{}: {}", line.label, value);
            let lines = lines_of(self.para(BODY, Align::Left, INDENT, space), &text, self.layout);
            items.extend(lines.into_iter().map(Item::Block));
        }
    }

    /// Every section with something to print; the lines of the last
    /// paragraph, 0 when a table ends the text (its last lines go with the
    /// signatures).
    fn sections(&self, items: &mut Vec<Item>) -> usize {
        let (content, year) = (self.content, self.content.year);
        let mut group: Option<&str> = None;
        let mut last_paragraph = 0;
        for s in &content.template.sections {
            if let Some(g) = s.group.as_deref().filter(|g| group != Some(*g)) {
                let mut b = self.para(BOLD, Align::Left, INDENT, 8.0).block(g);
                b.keep_with_next = true;
                items.push(Item::Block(b));
            }
            group = s.group.as_deref();
            let body = body(content, s);
            let rows = if s.kind == SectionKind::Table { content.rows(&s.id) } else { Vec::new() };
            let heading_alone = s.kind == SectionKind::Fixed && !s.heading.is_empty();
            if body.is_empty() && rows.is_empty() && s.kind != SectionKind::Points && !heading_alone {
                continue;
            }
            if !s.heading.is_empty() {
                let space = if group.is_some() { 2.0 } else { 8.0 };
                let mut b = self.para(BOLD, Align::Left, INDENT, space).block(&s.heading);
                b.keep_with_next = true;
                items.push(Item::Block(b));
            }
            for (i, text) in body.iter().enumerate() {
                let gap = match (i, s.heading.is_empty()) {
                    (0, false) => 0.0,
                    (0, true) => 8.0,
                    _ => PARAGRAPH_GAP,
                };
                let lines = lines_of(self.para(BODY, Align::Justify, INDENT, gap), text, self.layout);
                last_paragraph = lines.len();
                items.extend(lines.into_iter().map(Item::Block));
            }
            if !rows.is_empty() {
                table(items, s, &rows, self.x, self.width);
                last_paragraph = 0;
            }
            if s.kind == SectionKind::Points {
                points(items, content, s, self.x, self.width);
                let total = crate::points::total_sentence(s, &content.scores(&s.id), year);
                let lines = lines_of(self.para(BOLD, Align::Left, INDENT, 6.0), &total, self.layout);
                last_paragraph = lines.len();
                items.extend(lines.into_iter().map(Item::Block));
            }
        }
        last_paragraph
    }
}

/// The paragraphs a section prints as text: the member's, or the
/// template's sentence with what it fills in.
pub(crate) fn body(content: &Content, s: &crate::template::Section) -> Vec<String> {
    let year = content.year;
    match s.kind {
        SectionKind::Text => {
            content.text(&s.id).split('\n').filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
        }
        SectionKind::Fixed if s.text.trim().is_empty() => Vec::new(),
        SectionKind::Fixed => vec![fill_year(&s.text, year)],
        SectionKind::Documents => {
            let cited: Vec<&str> = content
                .chosen_documents(s)
                .iter()
                .filter_map(|id| content.template.cited(id).map(|d| d.citation.as_str()))
                .collect();
            vec![fill_year(&s.text, year).replace("{documents}", &cited.join("; "))]
        }
        SectionKind::Checklist if content.checklist_complete(&s.id) => vec![fill_year(&s.text, year)],
        SectionKind::Choice if !content.choice(&s.id).is_empty() => {
            vec![s.choice_sentence(year, content.choice(&s.id))]
        }
        SectionKind::Checklist | SectionKind::Table | SectionKind::Choice | SectionKind::Points => Vec::new(),
    }
}

/// A paragraph's lines; layout 1 let a single line stand at a page break.
fn lines_of(para: Paragraph, text: &str, layout: u32) -> Vec<Block> {
    let mut lines = para.lines(text);
    if layout == 1 {
        lines.iter_mut().for_each(|b| b.keep_with_next = false);
    }
    lines
}

/// The action table: a header block kept with the first row, then rows that
/// repeat the header on each new page.
fn table(
    items: &mut Vec<Item>,
    s: &crate::template::Section,
    rows: &[&std::collections::BTreeMap<String, String>],
    x: f32,
    width: f32,
) {
    let columns = column_geometry(s, x, width);
    let pad = 1.5 * PT_PER_MM;
    let names: Vec<String> = s.columns.iter().map(|c| c.name.clone()).collect();
    let head_font = Font { style: Style::Bold, ..TABLE };
    let header = Rc::new(Row::new(&names, columns.clone(), vec![Align::Center; names.len()], head_font, pad));
    let mut first = header.block(0, header.line_count());
    // A little air between the text above and the table.
    first.draws = first.draws.into_iter().map(|d| super::layout::shift(d, 0.0, 6.0)).collect();
    first.height += 6.0;
    first.keep_with_next = true;
    items.push(Item::Block(first));
    let aligns: Vec<Align> = s.columns.iter().map(|c| if c.numbering { Align::Center } else { Align::Left }).collect();
    for (n, row) in rows.iter().enumerate() {
        let cells: Vec<String> = s
            .columns
            .iter()
            .map(|c| if c.numbering { (n + 1).to_string() } else { row.get(&c.key).cloned().unwrap_or_default() })
            .collect();
        items.push(Item::Row {
            row: Row::new(&cells, columns.clone(), aligns.clone(), TABLE, pad),
            header: header.clone(),
        });
    }
}

/// The points table, kept whole on one page with the total after it: a row
/// per group with its sum, a row per criterion with its maximum and score.
fn points(items: &mut Vec<Item>, content: &Content, s: &crate::template::Section, x: f32, width: f32) {
    let columns = column_geometry(s, x, width);
    let pad = 1.5 * PT_PER_MM;
    let bold = Font { style: Style::Bold, ..TABLE };
    let aligns = vec![Align::Center, Align::Left, Align::Center, Align::Center];
    let names: Vec<String> = s.columns.iter().map(|c| c.name.clone()).collect();
    let mut rows = vec![Row::new(&names, columns.clone(), vec![Align::Center; names.len()], bold, pad)];
    for r in crate::points::printed_rows(s, &content.scores(&s.id)) {
        let font = if r.group { bold } else { TABLE };
        rows.push(Row::new(&[r.number, r.text, r.max, r.score], columns.clone(), aligns.clone(), font, pad));
    }
    for (i, row) in rows.into_iter().enumerate() {
        let mut b = row.block(0, row.line_count());
        if i == 0 {
            b.draws = b.draws.into_iter().map(|d| super::layout::shift(d, 0.0, 6.0)).collect();
            b.height += 6.0;
        }
        // The whole table and the first line after it form one chain.
        b.keep_with_next = true;
        items.push(Item::Block(b));
    }
}

/// (x, width) of each of a table's columns, in proportion to their widths.
fn column_geometry(s: &crate::template::Section, x: f32, width: f32) -> Vec<(f32, f32)> {
    let total: f32 = s.columns.iter().map(|c| c.width).sum();
    let mut cx = x;
    s.columns
        .iter()
        .map(|c| {
            let w = width * c.width / total;
            cx += w;
            (cx - w, w)
        })
        .collect()
}

/// Left: ĐẢNG BỘ / CHI BỘ / *; right: ĐẢNG CỘNG SẢN VIỆT NAM, its rule and
/// the italic date line.
fn header(content: &Content, page: &PageSetup, layout: u32) -> Block {
    let h = Header::of(content, page, layout);
    let p = &content.profile;
    let mark = content.template.word("mark");
    let para = |font: Font| Paragraph {
        font,
        x: page.left,
        width: h.left_w,
        indent: 0.0,
        align: Align::Center,
        space_before: 0.0,
    };
    let left_block = if layout == 1 {
        stack(vec![
            para(BODY).block(&p.party_committee.to_uppercase()),
            para(BOLD).block(&p.branch.to_uppercase()),
            para(BODY).block(mark),
        ])
    } else {
        let committee = h.wrap(&p.party_committee.to_uppercase(), BODY, 0);
        let branch = h.wrap(&p.branch.to_uppercase(), BOLD, committee.len());
        let mut lines: Vec<Block> = committee.iter().map(|l| para(BODY).block(l)).collect();
        lines.extend(branch.iter().map(|l| para(BOLD).block(l)));
        lines.push(para(BODY).block(mark));
        stack(lines)
    };
    beside(vec![left_block, h.right_block()])
}

const PARTY: Font = Font { style: Style::Bold, size: 15.0, leading: BODY.leading };

/// The header's two columns. The right takes what "ĐẢNG CỘNG SẢN VIỆT NAM"
/// and the date line need; the left gets the rest (at least 75 mm), so that
/// a long committee or branch name takes as few lines as the page allows.
struct Header<'a> {
    name: &'a str,
    date: String,
    layout: u32,
    left_x: f32,
    left_w: f32,
    right_x: f32,
    right_w: f32,
    name_w: f32,
    /// The date line as its column wraps it (a long place name takes two lines).
    date_w: f32,
    date_top: f32,
    date_bottom: f32,
}

impl<'a> Header<'a> {
    fn of(content: &'a Content, page: &PageSetup, layout: u32) -> Header<'a> {
        let m = metrics();
        let name = content.template.word("party");
        let date = date_line(&content.profile.place, content.date);
        let name_w = m.width(PARTY.style, PARTY.size, name);
        let right_need = name_w.max(m.width(ITALIC.style, ITALIC.size, &date));
        // The columns are a point apart; the texts keep more (`room`).
        let gap = 1.0;
        let (left_w, right_x, right_w) = if layout == 1 {
            // Layout 1: fixed columns of 75 mm and from 72 mm.
            (75.0 * PT_PER_MM, page.left + 72.0 * PT_PER_MM, page.text_width() - 72.0 * PT_PER_MM)
        } else {
            let left_w = (page.text_width() - right_need - gap).max(75.0 * PT_PER_MM);
            (left_w, page.left + left_w + gap, page.text_width() - left_w - gap)
        };
        let date_lines = super::layout::wrap(&date, ITALIC, right_w, 0.0);
        let date_w =
            date_lines.iter().map(|l| m.width(ITALIC.style, ITALIC.size, &l.words.join(" "))).fold(0.0, f32::max);
        let date_top = PARTY.leading + DATE_SPACE;
        let date_bottom = date_top + date_lines.len().max(1) as f32 * ITALIC.leading;
        Header {
            name,
            date,
            layout,
            left_x: page.left,
            left_w,
            right_x,
            right_w,
            name_w,
            date_w,
            date_top,
            date_bottom,
        }
    }

    /// How wide the left column's line `n` may be. Layout 2 let a long name
    /// fill its column to a point from "ĐẢNG CỘNG SẢN VIỆT NAM"; from layout
    /// 3 a line beside a text of the right column keeps HEADER_GAP from it
    /// (centred, it gives up twice that), and a line below them has it all.
    fn room(&self, n: usize) -> f32 {
        let (top, bottom) = (n as f32 * BODY.leading, (n + 1) as f32 * BODY.leading);
        let half_to = |x: f32| 2.0 * (x - HEADER_GAP - (self.left_x + self.left_w / 2.0));
        let mut width = self.left_w;
        if self.layout >= 3 && top < PARTY.leading {
            width = width.min(half_to(self.right_x + (self.right_w - self.name_w) / 2.0));
        }
        // Beside the date line: sharing more than half a line's height with it.
        let shared = bottom.min(self.date_bottom) - top.max(self.date_top);
        if self.layout >= 3 && shared > BODY.leading / 2.0 {
            width = width.min(half_to(self.right_x + (self.right_w - self.date_w) / 2.0));
        }
        width
    }

    /// A name starting on line `first`, in as few lines as the room allows;
    /// never narrower than its longest word, which is not cut.
    fn wrap(&self, text: &str, font: Font, first: usize) -> Vec<String> {
        let m = metrics();
        let longest = text.split_whitespace().map(|w| m.width(font.style, font.size, w)).fold(0.0, f32::max);
        let within = |n: usize| {
            (first..first + n).map(|i| self.room(i)).fold(self.left_w, f32::min).max(longest.min(self.left_w))
        };
        (1..=3)
            .map(|n| header_lines(text, font, within(n)))
            .enumerate()
            .find(|(i, lines)| lines.len() <= i + 1)
            .map(|(_, lines)| lines)
            .unwrap_or_else(|| header_lines(text, font, within(4)))
    }

    /// "ĐẢNG CỘNG SẢN VIỆT NAM", its rule, and the italic date line.
    fn right_block(&self) -> Block {
        let right_para = |font: Font, space: f32| Paragraph {
            font,
            x: self.right_x,
            width: self.right_w,
            indent: 0.0,
            align: Align::Center,
            space_before: space,
        };
        let mut block =
            stack(vec![right_para(PARTY, 0.0).block(self.name), right_para(ITALIC, DATE_SPACE).block(&self.date)]);
        let (centre, rule_y) = (self.right_x + self.right_w / 2.0, PARTY.leading + 1.5);
        block.draws.push(Draw::Line {
            x1: centre - self.name_w / 2.0,
            y1: rule_y,
            x2: centre + self.name_w / 2.0,
            y2: rule_y,
            width: 0.6,
        });
        block
    }
}

/// Where a unit's name is best broken, best first: before the place ("… SỞ
/// TÀI CHÍNH / TỈNH NAM ĐỊNH"), then before "VÀ" joining two names.
const BREAK_BEFORE: [&[&str]; 2] = [&["TỈNH", "HUYỆN", "QUẬN", "PHƯỜNG", "THÀNH PHỐ", "THỊ XÃ"], &["VÀ"]];

/// How good a break before word `i` is: 0 best, 2 no preference.
fn break_rank(words: &[&str], i: usize) -> usize {
    let here = |phrase: &str| {
        let parts: Vec<&str> = phrase.split(' ').collect();
        words.get(i..i + parts.len()).is_some_and(|w| w == parts.as_slice())
    };
    BREAK_BEFORE.iter().position(|tier| tier.iter().any(|p| here(p))).unwrap_or(BREAK_BEFORE.len())
}

/// A name of the header as a typist breaks it: one line if it fits; two lines
/// of about the same length, broken before a place word when one allows it;
/// longer names wrapped at the narrowest width that needs no more lines.
fn header_lines(text: &str, font: Font, max: f32) -> Vec<String> {
    let m = metrics();
    let width = |t: &str| m.width(font.style, font.size, t);
    let words: Vec<&str> = text.split_whitespace().collect();
    if width(text) <= max || words.len() < 2 {
        return vec![text.to_string()];
    }
    let two = (1..words.len())
        .map(|i| (words[..i].join(" "), words[i..].join(" "), break_rank(&words, i)))
        .filter(|(a, b, _)| width(a) <= max && width(b) <= max)
        .min_by(|x, y| {
            let uneven = |(a, b, _): &(String, String, usize)| (width(a) - width(b)).abs();
            x.2.cmp(&y.2).then(uneven(x).total_cmp(&uneven(y)))
        });
    if let Some((a, b, _)) = two {
        return vec![a, b];
    }
    let target = super::layout::wrap(text, font, max, 0.0).len();
    // Never narrower than the longest word: a word is not cut to balance lines.
    let longest = words.iter().map(|w| width(w)).fold(0.0, f32::max);
    let (mut low, mut high) = ((max / (target as f32 + 1.0)).max(longest).min(max), max);
    while high - low > 1.0 {
        let mid = (low + high) / 2.0;
        if super::layout::wrap(text, font, mid, 0.0).len() <= target {
            high = mid;
        } else {
            low = mid;
        }
    }
    super::layout::wrap(text, font, high, 0.0).into_iter().map(|l| l.words.join(" ")).collect()
}

/// The two signature blocks, side by side in one unbreakable block; the
/// member's signature image, if any, centred in the space above the name.
/// The left block is the branch's, blank until it confirms the document.
fn signatures(
    content: &Content,
    signature: Option<&Rc<SignatureImage>>,
    branch: Option<&BranchBlock>,
    x: f32,
    width: f32,
) -> Block {
    let sig = &content.template.signature;
    let half = width / 2.0;
    let col = |font: Font, cx: f32, text: &str, space: f32| {
        Paragraph { font, x: cx, width: half, indent: 0.0, align: Align::Center, space_before: space }.block(text)
    };
    // A label may span lines ("T/M CHI BỘ" over "BÍ THƯ"); an empty one prints nothing.
    let label = |font: Font, cx: f32, text: &str| stack(text.lines().map(|l| col(font, cx, l, 0.0)).collect());
    let left_head = match branch {
        None => label(BOLD, x, &sig.left),
        Some(b) => {
            let mut head = vec![label(BOLD, x, &sig.left)];
            if !b.remark.is_empty() {
                head.push(col(BODY, x, &b.remark, 2.0));
            }
            head.push(col(ITALIC, x, &dates::date_line_alone(b.date), 2.0));
            head.push(col(BOLD, x, &b.on_behalf, 4.0));
            head.push(col(BOLD, x, &b.function, 0.0));
            stack(head)
        }
    };
    let right_head = stack(vec![label(BOLD, x + half, &sig.right), label(ITALIC, x + half, &sig.hint)]);
    // Both signing spaces start at the same height, so the names line up.
    let head_height = left_head.height.max(right_head.height);
    let signed_space = |mut head: Block, image: Option<&SignatureImage>, name: &str, cx: f32, signer: Signer| {
        head.height = head_height;
        head.draws.push(Draw::Space { x: cx, y: head.height, width: half, height: SIGNING_SPACE, signer });
        if let Some(image) = image {
            let scale = (IMAGE_WIDTH / image.width as f32).min(IMAGE_HEIGHT / image.height as f32);
            let (w, h) = (image.width as f32 * scale, image.height as f32 * scale);
            head.draws.push(Draw::Image {
                x: cx + (half - w) / 2.0,
                y: head.height + (SIGNING_SPACE - h) / 2.0,
                width: w,
                height: h,
                image: Rc::new(image.clone()),
            });
        }
        stack(vec![head, col(BOLD, cx, name, SIGNING_SPACE)])
    };
    let right =
        signed_space(right_head, signature.map(|i| i.as_ref()), &content.profile.full_name, x + half, Signer::Member);
    let left = match branch {
        // The branch's confirmation, added to a file as an update, goes below its label.
        None => {
            let mut left = left_head;
            let (y, height) = (left.height, right.height - left.height);
            left.draws.push(Draw::Space { x, y, width: half, height, signer: Signer::Branch });
            left
        }
        Some(b) => signed_space(left_head, b.signature.as_ref(), &b.name, x, Signer::Branch),
    };
    let mut block = beside(vec![left, right]);
    block.draws = block.draws.into_iter().map(|d| super::layout::shift(d, 0.0, 18.0)).collect();
    block.height += 18.0;
    block
}
