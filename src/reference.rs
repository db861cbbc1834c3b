//! The reference library (forms.md §6): the 27 manifestations of NQ 04 with
//! their `verified` flag, the QĐ 144 standards and the cited documents.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub resolution: String,
    pub groups: Vec<Group>,
    pub nq04: Vec<Manifestation>,
    pub qd144: Vec<Standard>,
    pub documents: Vec<CitedDocument>,
    /// The rating levels and their thresholds, by the year they apply from.
    #[serde(default)]
    pub ratings: Vec<RatingScale>,
}

/// The levels of a year-end rating (QĐ 366 from the 2025 review), best first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct RatingScale {
    pub first_year: i32,
    /// The regulation the thresholds come from.
    pub source: String,
    pub levels: Vec<Level>,
    /// Rules seen in older regulations, not confirmed for members now: a
    /// committee may switch them on; shown as such.
    #[serde(default)]
    pub unconfirmed: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub name: String,
    /// The least total out of 100.
    pub min: f32,
    /// What the points do not show and the member confirms (our wording).
    #[serde(default)]
    pub conditions: Vec<String>,
    /// The threshold is inferred from the others, not written in the rule.
    #[serde(default)]
    pub inferred: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: u8,
    pub name: String,
}

/// One manifestation. When `verified` is false, `text` is only a topic label
/// and must never be shown or printed as the official wording.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Manifestation {
    /// "group.number", e.g. "2.5".
    pub id: String,
    pub verified: bool,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct CitedDocument {
    /// The document's number, e.g. "04-NQ/TW".
    pub id: String,
    /// The full citation as a lead sentence names it.
    pub citation: String,
    /// The number, date and issuer without the title, for a sentence that
    /// names the document in passing ("{ref:ID}" in a template); always with
    /// the date, and the term for a resolution, because numbers repeat.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub short: String,
    /// The years whose documents cite it; outside them, `replaced_by` is cited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
}

impl CitedDocument {
    pub fn in_force(&self, year: i32) -> bool {
        self.first_year.is_none_or(|y| y <= year) && self.last_year.is_none_or(|y| year <= y)
    }

    /// How a sentence names it in passing.
    pub fn short(&self) -> &str {
        if self.short.is_empty() {
            &self.citation
        } else {
            &self.short
        }
    }
}

impl Reference {
    pub fn document(&self, id: &str) -> Option<&CitedDocument> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// Manifestations of one group, in order.
    pub fn group_items(&self, group: u8) -> impl Iterator<Item = &Manifestation> {
        let prefix = format!("{group}.");
        self.nq04.iter().filter(move |m| m.id.starts_with(&prefix))
    }
}

const SOURCE: &str = include_str!("../templates/reference.toml");

/// The shipped library, parsed once.
pub fn reference() -> &'static Reference {
    static LIB: OnceLock<Reference> = OnceLock::new();
    // The embedded file is checked by the test `library_is_complete`.
    LIB.get_or_init(|| toml::from_str(SOURCE).expect("embedded reference library is valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_is_complete() {
        let r = reference();
        assert_eq!(r.nq04.len(), 27);
        for g in 1..=3 {
            assert_eq!(r.group_items(g).count(), 9, "group {g}");
        }
        assert_eq!(r.qd144.len(), 5);
        // Items checked word for word: group 1 items 1–4 and group 3 items 1–5.
        let verified: Vec<&str> = r.nq04.iter().filter(|m| m.verified).map(|m| m.id.as_str()).collect();
        assert_eq!(verified, ["1.1", "1.2", "1.3", "1.4", "3.1", "3.2", "3.3", "3.4", "3.5"]);
        assert!(r.document("04-NQ/TW").is_some());
        let scale = crate::points::scale(2026).unwrap();
        let mins: Vec<f32> = scale.levels.iter().map(|l| l.min).collect();
        assert_eq!(mins, [90.0, 70.0, 50.0, 0.0]);
        assert!(scale.levels[3].inferred && !scale.levels[0].conditions.is_empty());
    }
}
