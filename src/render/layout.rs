//! Our own layout: greedy wrapping on the font's advances, justification,
//! table rows, and pagination that keeps blocks together. All lengths are in
//! points; y grows downwards from the top of the page.

use crate::fonts::{metrics, Style};
use crate::signature::SignatureImage;
use std::rc::Rc;

pub const PT_PER_MM: f32 = 72.0 / 25.4;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Justify,
}

/// Something drawn, relative to the top of its block.
#[derive(Debug, Clone)]
pub enum Draw {
    /// One line of text. `gap` is the extra space between words, in points,
    /// that justification adds.
    Text {
        x: f32,
        baseline: f32,
        style: Style,
        size: f32,
        words: Vec<String>,
        gap: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    /// The signature image in a box whose top left corner is (x, y).
    Image {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        image: Rc<SignatureImage>,
    },
    /// Nothing printed: where a signer's block leaves room for a ký số
    /// appearance, found again by `render::signing_spaces`.
    Space {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        signer: Signer,
    },
}

/// Whose signing space: the member's (right) or the branch's (left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signer {
    Member,
    Branch,
}

/// An unbreakable piece of the page.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub height: f32,
    pub draws: Vec<Draw>,
    /// Stays on the same page as the start of the next item (headings).
    pub keep_with_next: bool,
}

/// A font choice with its line height.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub style: Style,
    pub size: f32,
    pub leading: f32,
}

impl Font {
    /// Baseline below the top of a line box.
    fn baseline(&self) -> f32 {
        (self.leading - self.size) / 2.0 + self.size * 0.82
    }
}

/// A wrapped line: its words and natural width.
#[derive(Debug, Clone)]
pub struct Line {
    pub words: Vec<String>,
    pub width: f32,
}

/// Greedy wrapping; the first line is `first_indent` narrower. A word
/// longer than a whole line is cut between characters.
pub fn wrap(text: &str, font: Font, width: f32, first_indent: f32) -> Vec<Line> {
    let m = metrics();
    let space = m.width(font.style, font.size, " ");
    let mut lines = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut current_width = 0.0;
    let mut pieces: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        split_long(word, font, width - first_indent, &mut pieces);
    }
    for piece in pieces {
        let w = m.width(font.style, font.size, &piece);
        let limit = if lines.is_empty() { width - first_indent } else { width };
        let added = if current.is_empty() { w } else { current_width + space + w };
        if !current.is_empty() && added > limit + 0.01 {
            lines.push(Line { words: std::mem::take(&mut current), width: current_width });
            current_width = w;
        } else {
            current_width = added;
        }
        current.push(piece);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(Line { words: current, width: current_width });
    }
    lines
}

fn split_long(word: &str, font: Font, width: f32, out: &mut Vec<String>) {
    let m = metrics();
    if m.width(font.style, font.size, word) <= width {
        out.push(word.to_string());
        return;
    }
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        if m.width(font.style, font.size, &piece) > width && piece.chars().count() > 1 {
            piece.pop();
            out.push(std::mem::take(&mut piece));
            piece.push(c);
        }
    }
    if !piece.is_empty() {
        out.push(piece);
    }
}

/// Where a line goes: a box [x, x + width], its indent and alignment.
#[derive(Debug, Clone, Copy)]
struct Span {
    x: f32,
    width: f32,
    indent: f32,
    align: Align,
}

/// Positions one wrapped line in its span, `top` being the line box's top.
fn place_line(line: Line, span: Span, last: bool, font: Font, top: f32) -> Draw {
    let avail = span.width - span.indent;
    let start = span.x + span.indent;
    let (x, gap) = match span.align {
        Align::Left => (start, 0.0),
        Align::Center => (start + (avail - line.width).max(0.0) / 2.0, 0.0),
        Align::Justify if !last && line.words.len() > 1 => {
            (start, ((avail - line.width) / (line.words.len() - 1) as f32).max(0.0))
        }
        Align::Justify => (start, 0.0),
    };
    Draw::Text { x, baseline: top + font.baseline(), style: font.style, size: font.size, words: line.words, gap }
}

/// A paragraph as one block per line, so that it may break between pages.
/// `space_before` is added above the first line.
pub struct Paragraph {
    pub font: Font,
    pub x: f32,
    pub width: f32,
    pub indent: f32,
    pub align: Align,
    pub space_before: f32,
}

impl Paragraph {
    /// A paragraph never leaves one line alone at the foot or the head of a
    /// page: its first two lines stay together, and so do its last two.
    pub fn lines(&self, text: &str) -> Vec<Block> {
        let lines = wrap(text, self.font, self.width, self.indent);
        let n = lines.len();
        lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let top = if i == 0 { self.space_before } else { 0.0 };
                let indent = if i == 0 { self.indent } else { 0.0 };
                let span = Span { x: self.x, width: self.width, indent, align: self.align };
                let draw = place_line(line, span, i + 1 == n, self.font, top);
                let keep_with_next = n >= 2 && (i == 0 || i + 2 == n);
                Block { height: top + self.font.leading, draws: vec![draw], keep_with_next }
            })
            .collect()
    }

    /// The whole paragraph as a single unbreakable block.
    pub fn block(&self, text: &str) -> Block {
        stack(self.lines(text))
    }
}

/// Blocks put one under the other into one block.
pub fn stack(blocks: Vec<Block>) -> Block {
    let mut out = Block::default();
    for b in blocks {
        let dy = out.height;
        out.draws.extend(b.draws.into_iter().map(|d| shift(d, 0.0, dy)));
        out.height += b.height;
    }
    out
}

/// Blocks side by side: as tall as the tallest.
pub fn beside(blocks: Vec<Block>) -> Block {
    let height = blocks.iter().map(|b| b.height).fold(0.0, f32::max);
    Block { height, draws: blocks.into_iter().flat_map(|b| b.draws).collect(), keep_with_next: false }
}

pub fn shift(d: Draw, dx: f32, dy: f32) -> Draw {
    match d {
        Draw::Text { x, baseline, style, size, words, gap } => {
            Draw::Text { x: x + dx, baseline: baseline + dy, style, size, words, gap }
        }
        Draw::Line { x1, y1, x2, y2, width } => {
            Draw::Line { x1: x1 + dx, y1: y1 + dy, x2: x2 + dx, y2: y2 + dy, width }
        }
        Draw::Image { x, y, width, height, image } => Draw::Image { x: x + dx, y: y + dy, width, height, image },
        Draw::Space { x, y, width, height, signer } => Draw::Space { x: x + dx, y: y + dy, width, height, signer },
    }
}

/// One table row: wrapped cell lines and the column geometry.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Vec<Line>>,
    /// (x, width) of each column.
    pub columns: Vec<(f32, f32)>,
    pub aligns: Vec<Align>,
    pub font: Font,
    pub pad: f32,
}

impl Row {
    pub fn new(texts: &[String], columns: Vec<(f32, f32)>, aligns: Vec<Align>, font: Font, pad: f32) -> Row {
        let cells = texts
            .iter()
            .zip(&columns)
            .map(|(t, (_, w))| t.split('\n').flat_map(|p| wrap(p, font, w - 2.0 * pad, 0.0)).collect())
            .collect();
        Row { cells, columns, aligns, font, pad }
    }

    pub fn line_count(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }

    fn height_of(&self, lines: usize) -> f32 {
        lines as f32 * self.font.leading + 2.0 * self.pad
    }

    pub fn height(&self) -> f32 {
        self.height_of(self.line_count())
    }

    /// Lines [from, to) of every cell, with the cell borders.
    pub fn block(&self, from: usize, to: usize) -> Block {
        let height = self.height_of(to - from);
        let mut draws = Vec::new();
        for ((cell, &(x, w)), &align) in self.cells.iter().zip(&self.columns).zip(&self.aligns) {
            for (i, line) in cell.iter().enumerate().take(to).skip(from) {
                let top = self.pad + (i - from) as f32 * self.font.leading;
                let last = i + 1 == cell.len();
                let span = Span { x: x + self.pad, width: w - 2.0 * self.pad, indent: 0.0, align };
                draws.push(place_line(line.clone(), span, last, self.font, top));
            }
        }
        let (left, right) = match (self.columns.first(), self.columns.last()) {
            (Some(&(x, _)), Some(&(lx, lw))) => (x, lx + lw),
            _ => (0.0, 0.0),
        };
        let rule = |x1, y1, x2, y2| Draw::Line { x1, y1, x2, y2, width: 0.5 };
        draws.push(rule(left, 0.0, right, 0.0));
        draws.push(rule(left, height, right, height));
        for &(x, _) in &self.columns {
            draws.push(rule(x, 0.0, x, height));
        }
        draws.push(rule(right, 0.0, right, height));
        Block { height, draws, keep_with_next: false }
    }
}

/// What the paginator places.
pub enum Item {
    Block(Block),
    /// A table row; `header` is repeated at the top of each new page.
    Row {
        row: Row,
        header: Rc<Row>,
    },
}

impl Item {
    /// The least of this item that must share a page with a heading before it.
    fn first_piece(&self) -> f32 {
        match self {
            Item::Block(b) => b.height,
            Item::Row { row, header } => header.height() + row.height_of(1.min(row.line_count())),
        }
    }
}

/// Blocks placed on one page: (y of the block's top, block).
pub type Page = Vec<(f32, Block)>;

/// Lays items onto pages between `top` and `bottom`. Blocks never split;
/// headings stay with what follows; table rows split between lines only
/// when a row is taller than a page, and the header row repeats.
pub fn paginate(items: Vec<Item>, top: f32, bottom: f32) -> Vec<Page> {
    let mut pages: Vec<Page> = vec![Vec::new()];
    let mut y = top;
    let keep_heights: Vec<f32> = {
        // For each item: the height that must fit before it may start a page
        // region (itself plus what it is kept with).
        let mut need = vec![0.0; items.len()];
        for i in (0..items.len()).rev() {
            need[i] = match &items[i] {
                Item::Block(b) if b.keep_with_next && i + 1 < items.len() => {
                    b.height
                        + if matches!(items[i + 1], Item::Block(ref n) if n.keep_with_next) {
                            need[i + 1]
                        } else {
                            items[i + 1].first_piece()
                        }
                }
                item => item.first_piece(),
            };
        }
        need
    };
    let new_page = |pages: &mut Vec<Page>, y: &mut f32| {
        pages.push(Vec::new());
        *y = top;
    };
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Item::Block(b) => {
                let need = keep_heights[i].max(b.height);
                if y + need > bottom && y > top {
                    new_page(&mut pages, &mut y);
                }
                let h = b.height;
                if let Some(page) = pages.last_mut() {
                    page.push((y, b));
                }
                y += h;
            }
            Item::Row { row, header } => {
                let total = row.line_count();
                let mut from = 0;
                while from < total {
                    let at_top = y <= top;
                    if at_top {
                        let hb = header.block(0, header.line_count());
                        let h = hb.height;
                        if let Some(page) = pages.last_mut() {
                            page.push((y, hb));
                        }
                        y += h;
                    }
                    let fits = ((bottom - y - 2.0 * row.pad) / row.font.leading).floor().max(0.0) as usize;
                    let rest = total - from;
                    let fresh_capacity =
                        ((bottom - top - header.height() - 2.0 * row.pad) / row.font.leading).floor() as usize;
                    // Move a row that would fit on a fresh page rather than split it.
                    let take = if fits >= rest {
                        rest
                    } else if (rest <= fresh_capacity && !at_top) || fits == 0 {
                        0
                    } else {
                        fits
                    };
                    if take == 0 {
                        if at_top {
                            // Not even one line fits on an empty page; place one anyway.
                            place_row(&mut pages, &mut y, &row, from, from + 1);
                            from += 1;
                        }
                        new_page(&mut pages, &mut y);
                        continue;
                    }
                    place_row(&mut pages, &mut y, &row, from, from + take);
                    from += take;
                    if from < total {
                        new_page(&mut pages, &mut y);
                    }
                }
            }
        }
    }
    pages
}

fn place_row(pages: &mut [Page], y: &mut f32, row: &Row, from: usize, to: usize) {
    let b = row.block(from, to);
    let h = b.height;
    if let Some(page) = pages.last_mut() {
        page.push((*y, b));
    }
    *y += h;
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: f32 = 10.0;

    fn line(text: &str, keep_with_next: bool) -> Item {
        let draw =
            Draw::Text { x: 0.0, baseline: 8.0, style: Style::Regular, size: 10.0, words: vec![text.into()], gap: 0.0 };
        Item::Block(Block { height: LINE, draws: vec![draw], keep_with_next })
    }

    /// What each page holds, as the words of its lines.
    fn pages_of(items: Vec<Item>, lines_per_page: usize) -> Vec<Vec<String>> {
        paginate(items, 0.0, LINE * lines_per_page as f32)
            .into_iter()
            .map(|p| {
                p.into_iter()
                    .flat_map(|(_, b)| b.draws)
                    .filter_map(|d| match d {
                        Draw::Text { words, .. } => Some(words.join(" ")),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    /// A paragraph of `n` lines, one word on each (too narrow for two).
    fn paragraph(name: &str, n: usize) -> Vec<Item> {
        let font = Font { style: Style::Regular, size: 10.0, leading: LINE };
        let p = Paragraph { font, x: 0.0, width: 14.0, indent: 0.0, align: Align::Left, space_before: 0.0 };
        let text: Vec<String> = (0..n).map(|i| format!("{name}{i}")).collect();
        let lines = p.lines(&text.join(" "));
        assert_eq!(lines.len(), n);
        lines.into_iter().map(Item::Block).collect()
    }

    #[test]
    fn no_paragraph_leaves_a_single_line_at_a_page_break() {
        for n in 1..=7 {
            for filler in 0..12 {
                let mut items: Vec<Item> = (0..filler).map(|i| line(&format!("f{i}"), false)).collect();
                items.extend(paragraph("p", n));
                let pages = pages_of(items, 10);
                let per_page: Vec<usize> =
                    pages.iter().map(|p| p.iter().filter(|w| w.starts_with('p')).count()).filter(|&c| c > 0).collect();
                assert_eq!(per_page.iter().sum::<usize>(), n);
                if n >= 2 {
                    assert!(per_page.iter().all(|&c| c >= 2), "{n} lines after {filler}: {per_page:?}");
                }
                // Nothing moves that could have stayed: at most the two lines
                // that had to go together leave the first page early.
                if pages.len() > 1 {
                    let first_page = pages[0].len();
                    assert!(first_page >= 10 - 2, "{n} lines after {filler}: first page holds {first_page}");
                }
            }
        }
    }

    #[test]
    fn a_heading_stays_with_the_first_two_lines_of_what_follows() {
        for filler in 0..12 {
            let mut items: Vec<Item> = (0..filler).map(|i| line(&format!("f{i}"), false)).collect();
            items.push(line("H", true));
            items.extend(paragraph("p", 5));
            let pages = pages_of(items, 10);
            let page = pages.iter().find(|p| p.iter().any(|w| w == "H")).unwrap();
            let after: Vec<&String> = page.iter().skip_while(|w| *w != "H").skip(1).collect();
            assert!(after.len() >= 2, "after {filler}: {page:?}");
        }
    }
}
