//! What a document started from last year's took over, section by section,
//! and whether the member has looked at it again: a carried section is
//! listed before signing until she has read it again (or changed it), and
//! while it still names last year, until she changes that or keeps it.

use super::{now, Store};
use crate::error::Result;
use rusqlite::{params, Transaction};
use std::collections::BTreeMap;

/// One section taken over from the year before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    pub section: String,
    pub from_year: i32,
    /// The member read it again, or changed it.
    pub seen: bool,
    /// She kept a mention of the old year on purpose.
    pub year_kept: bool,
    /// A carried row's first cell → what last year said of it at the end.
    pub row_notes: BTreeMap<String, String>,
}

impl Store {
    /// The sections of document `id` taken over from last year's.
    pub fn carried(&self, id: i64) -> Result<Vec<Carried>> {
        let mut stmt = self.conn.prepare(
            "SELECT section, from_year, seen_at IS NOT NULL, year_kept_at IS NOT NULL, row_notes
             FROM carried WHERE document_id = ?1 ORDER BY section",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (section, from_year, seen, year_kept, notes) = row?;
            let row_notes = super::documents::parse(&notes)?;
            out.push(Carried { section, from_year, seen, year_kept, row_notes });
        }
        Ok(out)
    }

    /// The member read a carried section again ("Đã xem lại"), and with
    /// `keep_year` keeps its mention of the old year ("Giữ năm …").
    pub fn review_carried(&self, id: i64, section: &str, keep_year: bool) -> Result<()> {
        let at = now();
        let changed = self.conn.execute(
            "UPDATE carried SET seen_at = coalesce(seen_at, ?3),
                 year_kept_at = CASE WHEN ?4 THEN coalesce(year_kept_at, ?3) ELSE year_kept_at END
             WHERE document_id = ?1 AND section = ?2",
            params![id, section, at, keep_year],
        )?;
        if changed == 0 {
            return Err(crate::Error::NotFound(format!("mục “{section}” chép từ bản năm trước")));
        }
        Ok(())
    }
}

/// Notes, in the transaction that writes them, the sections a document took
/// over from `from_year`'s.
pub(super) fn note_carried(
    tx: &Transaction,
    id: i64,
    sections: &[(String, BTreeMap<String, String>)],
    from_year: i32,
) -> Result<()> {
    for (section, notes) in sections {
        tx.execute(
            "INSERT INTO carried (document_id, section, from_year, row_notes) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (document_id, section) DO UPDATE SET from_year = excluded.from_year,
                 seen_at = NULL, year_kept_at = NULL, row_notes = excluded.row_notes",
            params![id, section, from_year, super::documents::json(notes)?],
        )?;
    }
    Ok(())
}

/// A change to a carried section means the member has looked at it.
pub(super) fn seen_on_change(tx: &Transaction, id: i64, section: &str) -> Result<()> {
    tx.execute(
        "UPDATE carried SET seen_at = ?3 WHERE document_id = ?1 AND section = ?2 AND seen_at IS NULL",
        params![id, section, now()],
    )?;
    Ok(())
}
