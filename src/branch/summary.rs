//! "Tổng hợp xếp loại": the year's ratings as the branch sends them up: the
//! members at each level (as they proposed, as the branch proposed) with
//! each level's share, who has not written a review, who is not rated; as
//! PDF (the party-document layout, signed by the secretary), xlsx and csv,
//! and as lines for the status output.

use super::confirm::function;
use super::status::{year_table, Ratings, YearTable};
use crate::document::{Answer, Content};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::template::ratings_summary_template;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One level's line: the level, "n (share)" as proposed by members and by
/// the branch, and the names counted at it.
pub struct Line {
    pub level: String,
    pub proposed: String,
    pub branch: String,
    pub names: String,
}

/// The lines of the summary, level by level. Names go with the branch's
/// level where it recorded one, else with the member's own.
pub fn lines(r: &Ratings) -> Vec<Line> {
    r.levels
        .iter()
        .map(|l| Line {
            level: l.level.clone(),
            proposed: l.proposed_share.clone(),
            branch: l.branch_share.clone(),
            names: l.counted.join(", "),
        })
        .collect()
}

/// The template's sentence of `section` with its `{…}` filled.
fn sentence(section: &str, fill: &[(&str, String)]) -> String {
    let mut text = ratings_summary_template().section(section).map(|s| s.text.clone()).unwrap_or_default();
    for (key, value) in fill {
        text = text.replace(&format!("{{{key}}}"), value);
    }
    text
}

/// The summary's sentences: totals, not sent, apart, and the share warning
/// when the committee switched the limit on and it is exceeded.
pub fn sentences(t: &YearTable, r: &Ratings) -> Vec<(&'static str, String)> {
    let label = r.label.to_lowercase();
    let nobody = ratings_summary_template().word("nobody");
    let names = |n: &[String]| if n.is_empty() { nobody.to_string() } else { n.join(", ") };
    let mut out = vec![(
        "tong",
        sentence(
            "tong",
            &[
                ("total", t.rows.len().to_string()),
                ("label", label.clone()),
                ("rated", r.rated.to_string()),
                ("missing", r.not_submitted.len().to_string()),
                ("apart", r.apart.len().to_string()),
            ],
        ),
    )];
    out.push((
        "chua_nop",
        sentence(
            "chua_nop",
            &[("label", label), ("count", r.not_submitted.len().to_string()), ("names", names(&r.not_submitted))],
        ),
    ));
    out.push(("rieng", sentence("rieng", &[("count", r.apart.len().to_string()), ("names", names(&r.apart))])));
    if let Some((excellent, good)) = r.share_exceeded {
        let level = |i: usize| r.levels.get(i).map(|l| l.level.clone()).unwrap_or_default();
        out.push((
            "gioi_han",
            sentence(
                "gioi_han",
                &[
                    ("first", level(0)),
                    ("second", level(1)),
                    ("excellent", excellent.to_string()),
                    ("good", good.to_string()),
                ],
            ),
        ));
    }
    out
}

/// The ratings of `year`, or a message saying there is nothing to sum up yet.
fn ratings_of(t: &YearTable) -> Result<&Ratings> {
    t.ratings
        .as_ref()
        .ok_or_else(|| Error::invalid("year", format!("Năm {} chưa có bản kiểm điểm có xếp loại để tổng hợp.", t.year)))
}

/// The summary as a document in the party-document layout.
pub fn document(store: &Store, t: &YearTable, date: NaiveDate) -> Result<Content> {
    let r = ratings_of(t)?;
    let profile = store.profile()?;
    super::check_secretary(&profile)?;
    let mut template = ratings_summary_template().clone();
    template.signature.right = template.signature.right.replace("{function}", &function(&profile, &template.signature));
    let rows = lines(r)
        .into_iter()
        .map(|l| {
            BTreeMap::from([
                ("muc".to_string(), l.level),
                ("tu".to_string(), l.proposed),
                ("chi_bo".to_string(), l.branch),
                ("ho_ten".to_string(), l.names),
            ])
        })
        .collect();
    let mut answers = BTreeMap::from([("bang".to_string(), Answer::Rows(rows))]);
    for (id, text) in sentences(t, r) {
        answers.insert(id.to_string(), Answer::Text(text));
    }
    Ok(Content { year: t.year, date, profile, template, answers })
}

/// The header and rows of the summary's table, for csv and xlsx.
pub fn grid(t: &YearTable) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let r = ratings_of(t)?;
    let header = ratings_summary_template()
        .section("bang")
        .map(|s| s.columns.iter().map(|c| c.name.clone()).collect())
        .unwrap_or_default();
    let mut rows: Vec<Vec<String>> =
        lines(r).into_iter().map(|l| vec![l.level, l.proposed, l.branch, l.names]).collect();
    for (_, text) in sentences(t, r) {
        rows.push(vec![text]);
    }
    Ok((header, rows))
}

/// The summary of `year` in `format`.
pub fn report(store: &Store, year: i32, today: NaiveDate, format: super::report::ReportFormat) -> Result<Vec<u8>> {
    use super::report::ReportFormat;
    let t = year_table(store, year, today)?;
    match format {
        ReportFormat::Pdf => crate::render::render(&document(store, &t, today)?, &crate::render::Mark::List),
        ReportFormat::Csv => {
            let (header, rows) = grid(&t)?;
            Ok(super::report::csv_lines(std::iter::once(header).chain(rows)))
        }
        ReportFormat::Xlsx => {
            let (header, rows) = grid(&t)?;
            super::report::one_sheet(ratings_summary_template().word("sheet"), &header, &rows)
                .map_err(|e| Error::invalid("out", format!("Không tạo được tệp Excel ({e}).")))
        }
    }
}
