//! A document as a Word file: the same text in the party-document layout
//! (Hướng dẫn 36-HD/VPTW): A4, Times New Roman 14, the margins, the two
//! columns of the header with the party's name underlined and the mark
//! under the branch, the title, the identity lines, each section as the
//! PDF prints it, the action table, the signature blocks, page numbers
//! from page 2. A signed version's copy says in its footer that it is a
//! copy and gives the code: the signed PDF stays the evidence.

use crate::dates::date_line;
use crate::document::Content;
use crate::error::{Error, Result};
use crate::render::Mark;
use crate::template::{Section, SectionKind};
use docx_rs::{
    AlignmentType, Docx, Footer, Header, LineSpacing, PageMargin, PageNum, Paragraph, Run, RunFonts, SpecialIndentType,
    Table, TableCell, TableRow, WidthType,
};

/// Twentieths of a point, Word's unit of length.
const TWIPS_PER_MM: f32 = 56.692_91;
/// The text column: A4 less 30 mm on the left and 15 mm on the right.
const TEXT_WIDTH_MM: f32 = 165.0;
/// Word sizes text in half points.
const BODY: usize = 28;
const TABLE_TEXT: usize = 26;

fn twips(mm: f32) -> i32 {
    (mm * TWIPS_PER_MM).round() as i32
}

/// The Word file of `content` as `mark` prints it.
pub fn docx(content: &Content, mark: &Mark) -> Result<Vec<u8>> {
    let fonts = RunFonts::new().ascii("Times New Roman").hi_ansi("Times New Roman").cs("Times New Roman");
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(twips(20.0))
                .bottom(twips(20.0))
                .left(twips(30.0))
                .right(twips(15.0))
                .header(twips(10.0))
                .footer(twips(10.0)),
        )
        .default_fonts(fonts)
        .default_size(BODY)
        .title_pg()
        // Page numbers from page 2 (Hướng dẫn 36-HD/VPTW): the first page's header is empty.
        .first_header(Header::new())
        .header(Header::new().add_paragraph(centred().add_page_num(PageNum::new()).size(BODY)));
    let footer = footer(content, mark);
    if !footer.is_empty() {
        let line = || centred().add_run(Run::new().add_text(footer.clone()).italic().size(22));
        doc = doc.first_footer(Footer::new().add_paragraph(line())).footer(Footer::new().add_paragraph(line()));
    }
    if let Some(form) = content.template.form.as_ref().filter(|f| !f.mark.is_empty()) {
        doc = doc.add_paragraph(
            Paragraph::new().align(AlignmentType::Right).add_run(Run::new().add_text(&form.mark).bold().size(24)),
        );
    }
    doc = doc.add_table(header(content));
    for (i, line) in content.template.title_lines(content.year).iter().enumerate() {
        let size = if i == 0 { 30 } else { BODY };
        let p = centred()
            .line_spacing(spacing(if i == 0 { 18.0 } else { 0.0 }))
            .add_run(Run::new().add_text(line).bold().size(size));
        doc = doc.add_paragraph(p);
    }
    doc = identity(doc, content);
    doc = sections(doc, content);
    doc = doc.add_table(signatures(content));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(Error::bug)?;
    Ok(out.into_inner())
}

/// What the footer says: "Bản nháp", or that this is a copy of a signed
/// version, with its code; a list prints none.
fn footer(content: &Content, mark: &Mark) -> String {
    match mark {
        Mark::Draft => content.template.word("draft").to_string(),
        Mark::List => String::new(),
        Mark::Signed { code, .. } => crate::template::shared_words()
            .get("copy")
            .map(|w| w.replace("{code}", code))
            .unwrap_or_else(|| content.template.word("code").replace("{code}", code)),
    }
}

fn centred() -> Paragraph {
    Paragraph::new().align(AlignmentType::Center)
}

/// Space before a paragraph, in points, with the body's 1.2 line spacing.
fn spacing(before_pt: f32) -> LineSpacing {
    LineSpacing::new().before((before_pt * 20.0) as u32).after(0).line(288)
}

/// A paragraph of the text: justified, its first line indented 1 cm.
fn body_paragraph(text: &str, before_pt: f32) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(twips(10.0))), None, None)
        .line_spacing(spacing(before_pt))
        .add_run(Run::new().add_text(text))
}

/// A bold heading kept with what follows.
fn heading(text: &str, before_pt: f32) -> Paragraph {
    Paragraph::new()
        .indent(None, Some(SpecialIndentType::FirstLine(twips(10.0))), None, None)
        .line_spacing(spacing(before_pt))
        .keep_next(true)
        .add_run(Run::new().add_text(text).bold())
}

/// A cell of `width_mm` holding `lines`, each centred, in the style `style`.
fn cell(width_mm: f32, lines: Vec<Paragraph>) -> TableCell {
    lines.into_iter().fold(TableCell::new().width(twips(width_mm) as usize, WidthType::Dxa), |c, p| c.add_paragraph(p))
}

fn words(text: &str, bold: bool, italic: bool, size: usize) -> Paragraph {
    let mut run = Run::new().add_text(text).size(size);
    if bold {
        run = run.bold();
    }
    if italic {
        run = run.italic();
    }
    centred().add_run(run)
}

/// The header: ĐẢNG BỘ, CHI BỘ and the mark on the left; the party's name,
/// underlined as its rule, and the date line in italics on the right.
fn header(content: &Content) -> Table {
    let p = &content.profile;
    let t = &content.template;
    let left = vec![
        words(&p.party_committee.to_uppercase(), false, false, BODY),
        words(&p.branch.to_uppercase(), true, false, BODY),
        words(t.word("mark"), false, false, BODY),
    ];
    let party = centred().add_run(Run::new().add_text(t.word("party")).bold().underline("single").size(30));
    let right = vec![party, words(&date_line(&p.place, content.date), false, true, BODY).line_spacing(spacing(8.0))];
    Table::without_borders(vec![TableRow::new(vec![cell(70.0, left), cell(TEXT_WIDTH_MM - 70.0, right)])])
        .set_grid(vec![twips(70.0) as usize, twips(TEXT_WIDTH_MM - 70.0) as usize])
}

/// The member's identity lines, those with a value (or always printed).
fn identity(mut doc: Docx, content: &Content) -> Docx {
    let mut first = true;
    for line in &content.template.identity {
        let value = content.profile.text_of(&line.field).unwrap_or_default();
        if value.is_empty() && !line.always {
            continue;
        }
        let p = Paragraph::new()
            .indent(None, Some(SpecialIndentType::FirstLine(twips(10.0))), None, None)
            .line_spacing(spacing(if first { 14.0 } else { 0.0 }))
            .add_run(Run::new().add_text(format!("{}: {}", line.label, value)));
        first = false;
        doc = doc.add_paragraph(p);
    }
    doc
}

/// Every section as the PDF prints it: its group, heading, paragraphs, table.
fn sections(mut doc: Docx, content: &Content) -> Docx {
    let mut group: Option<&str> = None;
    for s in &content.template.sections {
        if let Some(g) = s.group.as_deref().filter(|g| group != Some(*g)) {
            doc = doc.add_paragraph(heading(g, 8.0));
        }
        group = s.group.as_deref();
        let body = crate::render::compose::body(content, s);
        let rows = if s.kind == SectionKind::Table { content.rows(&s.id) } else { Vec::new() };
        let heading_alone = s.kind == SectionKind::Fixed && !s.heading.is_empty();
        if body.is_empty() && rows.is_empty() && s.kind != SectionKind::Points && !heading_alone {
            continue;
        }
        if !s.heading.is_empty() {
            doc = doc.add_paragraph(heading(&s.heading, if group.is_some() { 2.0 } else { 8.0 }));
        }
        for (i, text) in body.iter().enumerate() {
            let before = match (i, s.heading.is_empty()) {
                (0, false) => 0.0,
                (0, true) => 8.0,
                _ => 3.0,
            };
            doc = doc.add_paragraph(body_paragraph(text, before));
        }
        if !rows.is_empty() {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .enumerate()
                .map(|(n, row)| {
                    s.columns
                        .iter()
                        .map(|c| {
                            if c.numbering {
                                (n + 1).to_string()
                            } else {
                                row.get(&c.key).cloned().unwrap_or_default()
                            }
                        })
                        .collect()
                })
                .collect();
            doc = doc.add_table(grid(s, &cells));
        }
        if s.kind == SectionKind::Points {
            let printed = crate::points::printed_rows(s, &content.scores(&s.id));
            let cells: Vec<Vec<String>> = printed.into_iter().map(|r| vec![r.number, r.text, r.max, r.score]).collect();
            doc = doc.add_table(grid(s, &cells));
            let total = crate::points::total_sentence(s, &content.scores(&s.id), content.year);
            doc = doc.add_paragraph(heading(&total, 6.0));
        }
    }
    doc
}

/// A table with borders: its columns' names in bold, then the rows; the
/// columns as wide as the template's proportions.
fn grid(s: &Section, rows: &[Vec<String>]) -> Table {
    let total: f32 = s.columns.iter().map(|c| c.width).sum();
    let widths: Vec<f32> = s.columns.iter().map(|c| TEXT_WIDTH_MM * c.width / total).collect();
    let text_cell = |w: f32, text: &str, bold: bool| {
        let lines = text.split('\n').map(|l| {
            let run = Run::new().add_text(l).size(TABLE_TEXT);
            Paragraph::new().add_run(if bold { run.bold() } else { run })
        });
        cell(w, lines.collect())
    };
    let head = TableRow::new(s.columns.iter().zip(&widths).map(|(c, w)| text_cell(*w, &c.name, true)).collect());
    let body =
        rows.iter().map(|r| TableRow::new(r.iter().zip(&widths).map(|(t, w)| text_cell(*w, t, false)).collect()));
    Table::new(std::iter::once(head).chain(body).collect())
        .set_grid(widths.iter().map(|w| twips(*w) as usize).collect())
}

/// The signature blocks: the branch's on the left, the member's on the
/// right, each label over the space for signing and the name.
fn signatures(content: &Content) -> Table {
    let sig = &content.template.signature;
    let label = |text: &str, italic: bool| -> Vec<Paragraph> {
        text.lines().filter(|l| !l.is_empty()).map(|l| words(l, !italic, italic, BODY)).collect()
    };
    let mut right = label(&sig.right, false);
    right.extend(label(&sig.hint, true));
    // The space a signature is written in, then the name in bold.
    right.push(
        centred()
            .line_spacing(LineSpacing::new().before(twips(25.0) as u32))
            .add_run(Run::new().add_text(&content.profile.full_name).bold()),
    );
    let left = label(&sig.left, false);
    let half = TEXT_WIDTH_MM / 2.0;
    let left = if left.is_empty() { vec![Paragraph::new()] } else { left };
    Table::without_borders(vec![TableRow::new(vec![cell(half, left), cell(half, right)])])
        .set_grid(vec![twips(half) as usize, twips(half) as usize])
}

/// A plain text (the written part "Chép nội dung" copies) as a Word file:
/// one paragraph a line, in the same font and margins.
pub fn plain_docx(text: &str) -> Result<Vec<u8>> {
    let fonts = RunFonts::new().ascii("Times New Roman").hi_ansi("Times New Roman").cs("Times New Roman");
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(twips(20.0)).bottom(twips(20.0)).left(twips(30.0)).right(twips(15.0)))
        .default_fonts(fonts)
        .default_size(BODY);
    for line in text.lines() {
        doc = doc.add_paragraph(body_paragraph(line, 3.0));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(Error::bug)?;
    Ok(out.into_inner())
}
