//! Chi bộ đề xuất xếp loại: after the branch meeting, the secretary records
//! the branch's proposed level for a member's year-end review and a short
//! comment. Each is its own record, signed with the secretary's key like a
//! confirmation; the latest counts, and a confirmation made after it prints
//! it in the form's block for the branch. The branch proposes; the
//! committee decides: any level may be proposed, whatever the points.

use super::collation::folded;
use crate::error::{Error, Result};
use crate::record::{canonical, hex, read};
use crate::store::Store;
use crate::template::Section;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde_json::json;

pub const RATING_FORMAT: &str = "camket-branch-rating";

/// The branch's level and comment on one received review.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BranchRating {
    pub level: String,
    pub remark: String,
    /// The day it was recorded (the branch meeting's).
    pub date: NaiveDate,
}

/// The section of a record's template whose options are the levels.
pub fn levels_section(template: &crate::template::Template) -> Option<&Section> {
    template.sections.iter().find(|s| s.levels_from.is_some())
}

/// Records the branch's `level` (one of the review form's levels, typed as
/// the whole name or an unambiguous part of it: "tốt") and `remark` for the
/// received review `submission_id`, on `date`; returns the level as named.
pub fn rate(store: &Store, submission_id: i64, level: &str, remark: &str, date: NaiveDate) -> Result<String> {
    let bytes: Option<(Vec<u8>, Option<String>)> = store
        .conn()
        .query_row("SELECT record, held FROM submissions WHERE id = ?1", [submission_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (bytes, held) = bytes.ok_or_else(|| Error::NotFound(format!("tệp đã nhận số {submission_id}")))?;
    if held.is_some() {
        return Err(Error::invalid("submission", "Tệp này đang được giữ lại; hãy nhận nó vào danh sách trước."));
    }
    let record = read(&bytes)?;
    let section = levels_section(&record.content.template).ok_or_else(|| {
        Error::invalid(
            "level",
            "Văn bản này không phải bản kiểm điểm có xếp loại; chi bộ chỉ đề xuất mức cho bản kiểm điểm.",
        )
    })?;
    let level = pick_level(&section.options, level)?;
    let remark = crate::text::clean("Nhận xét của chi bộ", remark, crate::text::LINE_LIMIT * 2, false)?;
    crate::text::check_printable("Nhận xét của chi bộ", &remark)?;
    let secretary = store.profile()?;
    super::check_secretary(&secretary)?;
    let key = store.member_key()?;
    let mut r = json!({
        "format": RATING_FORMAT,
        "version": 1,
        "record_sha256": record.fingerprint,
        "level": level,
        "remark": remark,
        "date": date.to_string(),
        "branch": secretary.branch,
        "secretary": secretary.full_name,
        "public_key": hex(&key.public()),
    });
    r["signature"] = serde_json::Value::String(hex(&key.sign(&canonical(&r))));
    store.conn().execute(
        "INSERT INTO branch_ratings (submission_id, level, remark, rated_at, recorded_at, rating)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![submission_id, level, remark, date.to_string(), crate::store::now(), canonical(&r)],
    )?;
    Ok(level)
}

/// `rate` from the command line: the member found by name (or "số N"), their
/// current year-end review of `year`; returns what was recorded, in words.
pub fn rate_member(
    store: &Store,
    year: i32,
    member: &str,
    level: &str,
    remark: &str,
    today: NaiveDate,
) -> Result<String> {
    let table = super::status::year_table(store, year, today)?;
    // Found as every secretary command finds a person: namesakes by "số N".
    let found = super::roster::find(store, member)?;
    let row =
        table.rows.iter().find(|r| r.member.id == found.id).ok_or_else(|| {
            Error::invalid("member", format!("{} không có trong danh sách năm {year}.", found.full_name))
        })?;
    if row.exempt || row.moved {
        return Err(Error::invalid(
            "member",
            format!(
                "{} được miễn sinh hoạt hoặc đã chuyển sinh hoạt năm {year}: không xếp loại ở chi bộ này.",
                row.member.full_name
            ),
        ));
    }
    let at = table
        .kinds
        .iter()
        .position(|k| k.choice)
        .ok_or_else(|| Error::invalid("year", format!("Năm {year} không có bản kiểm điểm có xếp loại.")))?;
    let cell = &row.cells[at];
    let label = table.kinds[at].label.to_lowercase();
    let id = match (cell.submission_id, cell.status) {
        (Some(id), super::status::CellStatus::Submitted | super::status::CellStatus::Confirmed) => id,
        _ => {
            return Err(Error::invalid(
                "member",
                format!("{} chưa nộp {label} năm {year} (hoặc đã được trả lại để sửa).", row.member.full_name),
            ))
        }
    };
    let level = rate(store, id, level, remark, today)?;
    let mut said = format!("{}: chi bộ đề xuất “{level}”", row.member.full_name);
    if let Some(own) = &cell.choice {
        said.push_str(&format!(" (tự đề xuất: “{own}”, {} điểm)", cell.total.clone().unwrap_or_default()));
    }
    if cell.status == super::status::CellStatus::Confirmed {
        said.push_str(&format!(
            ". Văn bản đã được xác nhận trước đó: xác nhận lại (camket branch confirm --member \"{}\") để in mức này vào khối của chi bộ",
            row.member.full_name
        ));
    }
    Ok(said)
}

/// One of `options` from what was typed: the option itself (marks and case
/// ignored), else the only option that contains it as whole words of three
/// letters or more ("tốt", "xuất sắc"; a single letter names nothing).
fn pick_level(options: &[String], typed: &str) -> Result<String> {
    let want = folded(typed.trim());
    let exact = options.iter().find(|o| folded(o) == want);
    let long_enough = want.chars().filter(|c| c.is_alphabetic()).count() >= 3;
    let containing: Vec<&String> =
        options.iter().filter(|o| long_enough && format!(" {} ", folded(o)).contains(&format!(" {want} "))).collect();
    match (exact, containing.as_slice()) {
        (Some(o), _) => Ok(o.clone()),
        (None, [o]) => Ok((*o).clone()),
        _ => Err(Error::invalid(
            "level",
            format!("“{}” không phải một mức xếp loại; chọn một trong: {}.", typed.trim(), options.join("; ")),
        )),
    }
}

/// The branch's latest level on a received review, if recorded.
pub fn current(store: &Store, submission_id: i64) -> Result<Option<BranchRating>> {
    Ok(latest(store, submission_id)?.map(|(rating, _)| rating))
}

/// The branch's latest level on a received review and when it was recorded (RFC 3339).
pub fn latest(store: &Store, submission_id: i64) -> Result<Option<(BranchRating, String)>> {
    let row: Option<(String, String, String, String)> = store
        .conn()
        .query_row(
            "SELECT level, remark, rated_at, recorded_at FROM branch_ratings
             WHERE submission_id = ?1 ORDER BY id DESC LIMIT 1",
            [submission_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    Ok(row
        .map(|(level, remark, date, at)| (BranchRating { level, remark, date: date.parse().unwrap_or_default() }, at)))
}

/// What the confirmation prints in the branch's block of a review: the
/// template's sentence with the branch's level, then its comment.
pub fn printed(labels: &crate::template::Signature, rating: &BranchRating) -> String {
    let sentence = labels.branch_rating.replace("{level}", &rating.level);
    [sentence.as_str(), rating.remark.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ")
}

/// Whether the committee counts the share limit of "xuất sắc" in `year`.
pub fn share_limit(store: &Store, year: i32) -> Result<bool> {
    let on: Option<i64> = store
        .conn()
        .query_row("SELECT share_limit FROM branch_years WHERE year = ?1", [year], |r| r.get(0))
        .optional()?;
    Ok(on == Some(1))
}

pub fn set_share_limit(store: &Store, year: i32, on: bool) -> Result<()> {
    crate::dates::check_year(year)?;
    store.conn().execute(
        "INSERT INTO branch_years (year, share_limit) VALUES (?1, ?2)
         ON CONFLICT (year) DO UPDATE SET share_limit = excluded.share_limit",
        params![year, i64::from(on)],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_is_named_whole_or_by_a_part_only_it_has() {
        let options: Vec<String> = crate::points::scale(2026).unwrap().levels.iter().map(|l| l.name.clone()).collect();
        assert_eq!(pick_level(&options, "tốt").unwrap(), "Hoàn thành tốt nhiệm vụ");
        assert_eq!(pick_level(&options, "XUAT SAC").unwrap(), "Hoàn thành xuất sắc nhiệm vụ");
        assert_eq!(pick_level(&options, "hoàn thành nhiệm vụ").unwrap(), "Hoàn thành nhiệm vụ");
        let e = pick_level(&options, "nhiệm vụ").unwrap_err().to_string();
        assert!(e.contains("không phải một mức xếp loại") && e.contains("Hoàn thành tốt nhiệm vụ"), "{e}");
        assert!(pick_level(&options, "").is_err());
        for one_letter in ["x", "c", "k", "t"] {
            assert!(pick_level(&options, one_letter).is_err(), "{one_letter}");
        }
    }
}
