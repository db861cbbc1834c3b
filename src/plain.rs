//! A document's written part as plain text, to paste into the unit's own
//! form or file: the headings and what the member wrote, a table as one
//! line per row, points as one line per group and criterion and the total,
//! a choice as its printed sentence.

use crate::document::Content;
use crate::template::SectionKind;

pub fn plain_text(content: &Content) -> String {
    let mut out: Vec<String> = content.template.title_lines(content.year);
    let mut group: Option<&str> = None;
    for s in &content.template.sections {
        let body: Vec<String> = match s.kind {
            SectionKind::Text => {
                content.text(&s.id).lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
            }
            SectionKind::Choice if !content.choice(&s.id).is_empty() => {
                vec![s.choice_sentence(content.year, content.choice(&s.id))]
            }
            SectionKind::Points => {
                let scores = content.scores(&s.id);
                let rows = crate::points::printed_rows(s, &scores).into_iter().map(|r| {
                    let score = if r.group {
                        r.score
                    } else {
                        format!("{}/{}", if r.score.is_empty() { "…" } else { &r.score }, r.max)
                    };
                    format!("{}. {}: {score}", r.number, r.text)
                });
                rows.chain([crate::points::total_sentence(s, &scores, content.year)]).collect()
            }
            // A heading alone ("A. NỘI DUNG KIỂM ĐIỂM") is part of the outline.
            SectionKind::Fixed if s.text.trim().is_empty() && !s.heading.is_empty() => {
                out.push(String::new());
                out.push(s.heading.clone());
                continue;
            }
            SectionKind::Table => content
                .rows(&s.id)
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let cells: Vec<String> = s
                        .input_columns()
                        .enumerate()
                        .filter_map(|(j, c)| {
                            let v = row.get(&c.key).map(|v| v.trim()).filter(|v| !v.is_empty())?;
                            Some(if j == 0 {
                                v.replace('\n', " ")
                            } else {
                                format!("{}: {}", c.name, v.replace('\n', " "))
                            })
                        })
                        .collect();
                    format!("{}. {}", i + 1, cells.join(" — "))
                })
                .collect(),
            _ => Vec::new(),
        };
        if body.is_empty() {
            continue;
        }
        if let Some(g) = s.group.as_deref().filter(|g| group != Some(*g)) {
            out.push(String::new());
            out.push(g.to_string());
        }
        group = s.group.as_deref();
        if !s.heading.is_empty() {
            if s.group.is_none() {
                out.push(String::new());
            }
            out.push(s.heading.clone());
        }
        out.extend(body);
    }
    out.join("\n") + "\n"
}
