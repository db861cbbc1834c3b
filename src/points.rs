//! The year-end review's points (QĐ 366): a score per criterion, whole or
//! half points up to its maximum, the group sums and the total computed,
//! never typed; and the level the total allows, from the reference's
//! thresholds of the year. Nothing here decides a rating: the member
//! proposes, the branch proposes, the committee decides.

use crate::error::{Error, Result};
use crate::reference::{reference, RatingScale};
use crate::template::{PointGroup, Section};
use std::collections::BTreeMap;

/// Points are counted in halves, so sums are exact.
pub type Halves = u32;

/// A score as a member types it: "8", "7,5", "7.5", " 9 ". Refused with a
/// message naming the criterion when it is not a whole or half number, or
/// is above the criterion's maximum.
pub fn parse(typed: &str, max: f32, criterion: &str) -> Result<Halves> {
    let t = typed.trim().replace(',', ".");
    let bad = || {
        Error::invalid(
            "points",
            format!(
                "Điểm “{}” của tiêu chí “{criterion}” phải là số nguyên hoặc nửa điểm, ví dụ 8 hoặc 7,5.",
                typed.trim()
            ),
        )
    };
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let half = match frac.trim_end_matches('0') {
        "" => 0,
        "5" => 1,
        _ => return Err(bad()),
    };
    // Leading zeros are only zeros; a number too long for us is above any maximum.
    let digits = whole.trim_start_matches('0');
    let halves = if digits.len() > 6 { Halves::MAX } else { digits.parse::<Halves>().unwrap_or(0) * 2 + half };
    if halves > halves_of(max) {
        let typed = if halves == Halves::MAX { typed.trim().to_string() } else { show(halves) };
        return Err(Error::invalid(
            "points",
            format!("Tiêu chí “{criterion}” tối đa {} điểm; không chấm {typed} điểm.", show(halves_of(max))),
        ));
    }
    Ok(halves)
}

/// A maximum from a template (a multiple of a half, checked by the loader).
pub fn halves_of(points: f32) -> Halves {
    (points * 2.0).round().max(0.0) as Halves
}

/// Points as printed: "27", "27,5".
pub fn show(halves: Halves) -> String {
    if halves.is_multiple_of(2) {
        (halves / 2).to_string()
    } else {
        format!("{},5", halves / 2)
    }
}

/// What a member scored in one points section, added up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Per group: (scored, maximum).
    pub groups: Vec<(Halves, Halves)>,
    pub total: Halves,
    pub max: Halves,
    /// Criteria not scored yet, by their text.
    pub unscored: Vec<String>,
}

impl Tally {
    pub fn of(section: &Section, scores: &BTreeMap<String, String>) -> Tally {
        let mut groups = Vec::new();
        let mut unscored = Vec::new();
        for g in &section.groups {
            let mut sum = 0;
            for c in &g.criteria {
                // Stored scores were checked when typed; one that no longer
                // parses (a maximum lowered since) counts as not scored.
                match scores.get(&c.id).and_then(|s| parse(s, c.max, &c.text).ok()) {
                    Some(h) => sum += h,
                    None => unscored.push(c.text.clone()),
                }
            }
            groups.push((sum, halves_of(g.max)));
        }
        let total = groups.iter().map(|(s, _)| s).sum();
        let max = groups.iter().map(|(_, m)| m).sum();
        Tally { groups, total, max, unscored }
    }

    /// Every criterion has a score.
    pub fn complete(&self) -> bool {
        self.unscored.is_empty()
    }
}

/// One printed row of a points table: a group with its sum, or a criterion
/// with its score ("" while not scored).
pub struct PrintedRow {
    pub number: String,
    pub text: String,
    pub max: String,
    pub score: String,
    pub group: bool,
}

/// The rows a points section prints: each group ("27,5/30", "…/30" until
/// every criterion of it is scored), then its criteria.
pub fn printed_rows(section: &Section, scores: &BTreeMap<String, String>) -> Vec<PrintedRow> {
    let tally = Tally::of(section, scores);
    let mut out = Vec::new();
    for (g, (group, (sum, max))) in section.groups.iter().zip(&tally.groups).enumerate() {
        let whole = group.criteria.iter().all(|c| scores.contains_key(&c.id));
        let got = if whole { show(*sum) } else { "…".to_string() };
        out.push(PrintedRow {
            number: (g + 1).to_string(),
            text: group.name.clone(),
            max: show(*max),
            score: format!("{got}/{}", show(*max)),
            group: true,
        });
        for (c, criterion) in group.criteria.iter().enumerate() {
            out.push(PrintedRow {
                number: format!("{}.{}", g + 1, c + 1),
                text: criterion.text.clone(),
                max: show(halves_of(criterion.max)),
                score: scores.get(&criterion.id).cloned().unwrap_or_default(),
                group: false,
            });
        }
    }
    out
}

/// The section's total sentence: its text with "{points}" as "86,5/100", or
/// "…/100" while a criterion is not scored.
pub fn total_sentence(section: &Section, scores: &BTreeMap<String, String>, year: i32) -> String {
    let tally = Tally::of(section, scores);
    let total = if tally.complete() { show(tally.total) } else { "…".to_string() };
    crate::template::fill_year(&section.text, year).replace("{points}", &format!("{total}/{}", show(tally.max)))
}

/// What is wrong with a template's groups, if anything: a maximum that is
/// not a whole or half number, criteria that do not add up to their group.
pub fn check_groups(groups: &[PointGroup]) -> Option<String> {
    let exact = |p: f32| p.is_finite() && p > 0.0 && ((p * 2.0).round() - p * 2.0).abs() < 1e-6 && p <= 1000.0;
    if groups.is_empty() {
        return Some("mục chấm điểm cần ít nhất một nhóm tiêu chí (groups)".into());
    }
    let mut ids = std::collections::HashSet::new();
    for g in groups {
        if !exact(g.max) || g.criteria.is_empty() {
            return Some(format!("nhóm “{}” cần điểm tối đa (max) là số nguyên hoặc nửa điểm, và có tiêu chí", g.name));
        }
        for c in &g.criteria {
            if c.id.trim().is_empty() || !ids.insert(c.id.as_str()) || c.text.trim().is_empty() {
                return Some(format!("tiêu chí của nhóm “{}” cần mã (id) riêng và nội dung (text)", g.name));
            }
            if !exact(c.max) {
                return Some(format!("tiêu chí “{}” cần điểm tối đa là số nguyên hoặc nửa điểm", c.text));
            }
        }
        let sum: Halves = g.criteria.iter().map(|c| halves_of(c.max)).sum();
        if sum != halves_of(g.max) {
            return Some(format!(
                "điểm tối đa các tiêu chí của nhóm “{}” cộng lại được {}, không bằng {} điểm của nhóm",
                g.name,
                show(sum),
                show(halves_of(g.max))
            ));
        }
    }
    None
}

/// The rating scale in force for a review of `year`.
pub fn scale(year: i32) -> Option<&'static RatingScale> {
    reference().ratings.iter().filter(|s| s.first_year <= year).max_by_key(|s| s.first_year)
}

/// The best level (its index, 0 the best) a total allows in `year`, scaled
/// to 100 when the groups add up to another maximum.
pub fn allowed_level(year: i32, total: Halves, max: Halves) -> Option<usize> {
    let scale = scale(year)?;
    let on_100 = if max == 0 { 0.0 } else { total as f32 * 100.0 / max as f32 };
    scale.levels.iter().position(|l| on_100 + 1e-4 >= l.min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_whole_or_half_points_up_to_the_maximum() {
        assert_eq!(parse("8", 10.0, "a").unwrap(), 16);
        assert_eq!(parse(" 7,5 ", 10.0, "a").unwrap(), 15);
        assert_eq!(parse("7.50", 10.0, "a").unwrap(), 15);
        assert_eq!(parse("0", 10.0, "a").unwrap(), 0);
        assert_eq!(parse("00007", 10.0, "a").unwrap(), 14);
        let e = parse("9999999999", 10.0, "a").unwrap_err().to_string();
        assert!(e.contains("tối đa 10 điểm; không chấm 9999999999 điểm"), "{e}");
        for bad in ["7,3", "abc", "-1", "", "1e2", "7,,5", "½"] {
            let e = parse(bad, 10.0, "Chính trị").unwrap_err().to_string();
            assert!(e.contains("nửa điểm") && e.contains("Chính trị"), "{bad}: {e}");
        }
        let e = parse("10,5", 10.0, "Chính trị").unwrap_err().to_string();
        assert!(e.contains("tối đa 10 điểm") && e.contains("10,5"), "{e}");
        assert_eq!(show(55), "27,5");
        assert_eq!(show(54), "27");
    }

    #[test]
    fn levels_follow_the_thresholds_of_the_year() {
        let at = |points: u32| allowed_level(2025, points * 2, 200);
        assert_eq!(at(100), Some(0));
        assert_eq!(at(90), Some(0));
        assert_eq!(at(89), Some(1));
        assert_eq!(at(70), Some(1));
        assert_eq!(at(69), Some(2));
        assert_eq!(at(50), Some(2));
        assert_eq!(at(49), Some(3));
        assert_eq!(allowed_level(2025, 179, 200), Some(1), "89,5 is below 90");
        assert!(scale(2024).is_none(), "QĐ 366 is for the 2025 review on");
    }
}
