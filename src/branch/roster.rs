//! The roster (danh sách đảng viên): members come from their first file, or
//! are typed by hand; they can move away or be exempt for a year, and are
//! never deleted with their documents.

use super::collation::name_key;
use crate::error::{Error, Result};
use crate::keys::key_fingerprint;
use crate::store::Store;
use crate::text::{clean, LINE_LIMIT};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Member {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub party_position: String,
    pub government_position: String,
    /// The short fingerprint of the key the branch trusts for this member.
    pub key_fingerprint: Option<String>,
    /// Chuyển sinh hoạt: the date the member moved to another branch.
    pub moved_on: Option<NaiveDate>,
    /// Years the member is exempt (miễn sinh hoạt).
    pub exempt_years: Vec<i32>,
}

/// What the secretary types for a member.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MemberFields {
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub party_position: String,
    pub government_position: String,
}

impl MemberFields {
    fn cleaned(&self) -> Result<MemberFields> {
        let full_name = clean("Họ và tên", &self.full_name, LINE_LIMIT, false)?;
        if full_name.is_empty() {
            return Err(Error::invalid("full_name", "Hãy nhập họ và tên đảng viên."));
        }
        if let Some(born) = self.birth_date {
            let today = chrono::Local::now().date_naive();
            if chrono::Datelike::year(&born) < 1900 || born > today {
                return Err(Error::invalid(
                    "birth_date",
                    "Ngày sinh không hợp lý; hãy xem lại năm sinh (đủ 4 chữ số).",
                ));
            }
        }
        Ok(MemberFields {
            full_name,
            birth_date: self.birth_date,
            party_position: clean("Chức vụ Đảng", &self.party_position, LINE_LIMIT, false)?,
            government_position: clean("Chức vụ chính quyền", &self.government_position, LINE_LIMIT, false)?,
        })
    }
}

/// Every member, in Vietnamese order (given name first).
pub fn members(store: &Store) -> Result<Vec<Member>> {
    let conn = store.conn();
    let mut stmt = conn.prepare(
        "SELECT id, full_name, birth_date, party_position, government_position, public_key, moved_on FROM members",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<Vec<u8>>>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, full_name, birth, party_position, government_position, key, moved) = row?;
        let mut years = conn.prepare_cached("SELECT year FROM exemptions WHERE member_id = ?1 ORDER BY year")?;
        let exempt_years = years.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i32>>>()?;
        out.push(Member {
            id,
            full_name,
            birth_date: birth.and_then(|d| d.parse().ok()),
            party_position,
            government_position,
            key_fingerprint: key.map(|k| key_fingerprint(&k)),
            moved_on: moved.and_then(|d| d.parse().ok()),
            exempt_years,
        });
    }
    out.sort_by_cached_key(|m| name_key(&m.full_name));
    Ok(out)
}

pub fn member(store: &Store, id: i64) -> Result<Member> {
    members(store)?.into_iter().find(|m| m.id == id).ok_or_else(|| Error::NotFound(format!("đảng viên số {id}")))
}

/// The member named `query` (see `collation::pick`).
pub fn find(store: &Store, query: &str) -> Result<Member> {
    let all = members(store)?;
    super::collation::pick(&all, |m| &m.full_name, query).cloned()
}

/// Adds a member typed by hand; their key becomes known with their first file.
/// The same name with the same birth date is the same person: refused.
pub fn add(store: &Store, fields: &MemberFields) -> Result<i64> {
    let f = fields.cleaned()?;
    let twin = members(store)?.into_iter().find(|m| m.full_name == f.full_name && m.birth_date == f.birth_date);
    if let Some(m) = twin {
        return Err(Error::invalid(
            "full_name",
            format!("{} đã có trong danh sách (cùng họ tên và ngày sinh).", m.full_name),
        ));
    }
    insert(store.conn(), &f, None)
}

pub(super) fn insert(conn: &Connection, f: &MemberFields, key: Option<&[u8]>) -> Result<i64> {
    conn.execute(
        "INSERT INTO members (full_name, birth_date, party_position, government_position, public_key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            f.full_name,
            f.birth_date.map(|d| d.to_string()),
            f.party_position,
            f.government_position,
            key,
            crate::store::now()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn edit(store: &Store, id: i64, fields: &MemberFields) -> Result<()> {
    let f = fields.cleaned()?;
    let n = store.conn().execute(
        "UPDATE members SET full_name = ?2, birth_date = ?3, party_position = ?4, government_position = ?5 WHERE id = ?1",
        params![id, f.full_name, f.birth_date.map(|d| d.to_string()), f.party_position, f.government_position],
    )?;
    found(n, id)
}

/// Chuyển sinh hoạt: the member moved to another branch on `on` (None: back).
pub fn set_moved(store: &Store, id: i64, on: Option<NaiveDate>) -> Result<()> {
    if let Some(d) = on {
        crate::dates::check_year(chrono::Datelike::year(&d))?;
    }
    let n = store
        .conn()
        .execute("UPDATE members SET moved_on = ?2 WHERE id = ?1", params![id, on.map(|d| d.to_string())])?;
    found(n, id)
}

/// Miễn sinh hoạt for `year`: an exempt member is never late that year.
pub fn set_exempt(store: &Store, id: i64, year: i32, exempt: bool) -> Result<()> {
    crate::dates::check_year(year)?;
    member(store, id)?;
    if exempt {
        store
            .conn()
            .execute("INSERT OR IGNORE INTO exemptions (member_id, year) VALUES (?1, ?2)", params![id, year])?;
    } else {
        store.conn().execute("DELETE FROM exemptions WHERE member_id = ?1 AND year = ?2", params![id, year])?;
    }
    Ok(())
}

fn found(changed: usize, id: i64) -> Result<()> {
    if changed == 0 {
        return Err(Error::NotFound(format!("đảng viên số {id}")));
    }
    Ok(())
}

/// The member whose trusted key is `key`.
pub(super) fn by_key(conn: &Connection, key: &[u8]) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT id FROM members WHERE public_key = ?1", [key], |r| r.get(0)).optional()?)
}

/// The member with this name (and birth date, when both are known), and
/// the key the branch trusts for them.
pub(super) fn by_name(
    conn: &Connection,
    full_name: &str,
    birth: Option<NaiveDate>,
) -> Result<Option<(i64, Option<Vec<u8>>)>> {
    let mut stmt = conn.prepare_cached("SELECT id, birth_date, public_key FROM members WHERE full_name = ?1")?;
    let rows = stmt
        .query_map([full_name], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<Vec<u8>>>(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .find(|(_, b, _)| match (b.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()), birth) {
            (Some(known), Some(given)) => known == given,
            _ => true,
        })
        .map(|(id, _, key)| (id, key)))
}
