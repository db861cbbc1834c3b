//! The roster (danh sách đảng viên): members typed by hand, read from the
//! branch's spreadsheet, or added from a held file by the secretary; they can
//! move away or be exempt for a year. A member added by mistake can be
//! removed while nothing of theirs is confirmed, or merged into another.

use super::collation::{name_key, person_key};
use crate::error::{Error, Result};
use crate::keys::key_fingerprint;
use crate::store::Store;
use crate::text::{clean, LINE_LIMIT};
use chrono::NaiveDate;
use rusqlite::{params, Connection, Transaction, TransactionBehavior};
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
    /// Cleaned, or refused in words; a birth date after `today` is a typing mistake.
    pub(super) fn cleaned(&self, today: NaiveDate) -> Result<MemberFields> {
        let full_name = super::collation::usual_case(&clean("Họ và tên", &self.full_name, LINE_LIMIT, false)?);
        if full_name.is_empty() {
            return Err(Error::invalid("full_name", "Hãy nhập họ và tên đảng viên."));
        }
        if let Some(why) = crate::text::name_problem(&full_name) {
            return Err(Error::invalid("full_name", why));
        }
        if let Some(born) = self.birth_date {
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

/// The member named `query` (see `collation::pick`: marks and case ignored,
/// part of a name enough), or numbered: "số 12" or "#12".
pub fn find(store: &Store, query: &str) -> Result<Member> {
    if let Some(id) = number(query) {
        return member(store, id);
    }
    let all = members(store)?;
    super::collation::pick(&all, |m| &m.full_name, query).cloned().map_err(|e| match e {
        Error::Invalid { .. } => several(&all, query, |m| super::collation::matches(&m.full_name, query)),
        other => other,
    })
}

/// The member whose whole name is `query` as people read it (tone marks
/// count: "Lê Thị Hoa" is not "Lê Thị Hòa"), or numbered: for what a second
/// look cannot undo (removing, merging, binding a key, taking a file in).
pub fn find_exact(store: &Store, query: &str) -> Result<Member> {
    if let Some(id) = number(query) {
        return member(store, id);
    }
    let all = members(store)?;
    let key = person_key(query);
    let same: Vec<&Member> = all.iter().filter(|m| person_key(&m.full_name) == key).collect();
    match same.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::NotFound(format!(
            "đảng viên tên đúng là “{}” (ghi đủ họ tên có dấu, hoặc “số N”)",
            query.trim()
        ))),
        _ => Err(several(&all, query, |m| person_key(&m.full_name) == key)),
    }
}

/// "số 12", "#12": a member's number.
fn number(query: &str) -> Option<i64> {
    let q = query.trim();
    q.strip_prefix("số").or_else(|| q.strip_prefix('#'))?.trim().parse().ok()
}

/// Namesakes can only be told apart by their number: each listed with it.
fn several(all: &[Member], query: &str, fits: impl Fn(&Member) -> bool) -> Error {
    let fits: Vec<String> = all
        .iter()
        .filter(|m| fits(m))
        .map(|m| {
            let born = m.birth_date.map(|d| format!(", sinh {}", crate::dates::format_date(d))).unwrap_or_default();
            format!("{} (số {}{born})", m.full_name, m.id)
        })
        .collect();
    Error::invalid(
        "member",
        format!("Có {} đảng viên khớp với “{query}”: {}. Hãy ghi “số N”.", fits.len(), fits.join("; ")),
    )
}

/// Adds a member typed by hand; their key is bound when the secretary
/// confirms it. Held files are matched again at once.
pub fn add(store: &Store, fields: &MemberFields, today: NaiveDate) -> Result<i64> {
    let tx = Transaction::new_unchecked(store.conn(), TransactionBehavior::Immediate)?;
    let id = insert(&tx, &checked(&tx, fields, today)?, None)?;
    super::held::rematch(store)?;
    tx.commit()?;
    Ok(id)
}

/// The fields cleaned, and refused when the same person (same name as
/// people read it, same birth date) is on the roster already.
pub(super) fn checked(conn: &Connection, fields: &MemberFields, today: NaiveDate) -> Result<MemberFields> {
    let f = fields.cleaned(today)?;
    if let Some(name) = twin(conn, &f, None)? {
        return Err(twin_error(&name));
    }
    Ok(f)
}

fn twin_error(name: &str) -> Error {
    Error::invalid("full_name", format!("{name} đã có trong danh sách (cùng họ tên và ngày sinh)."))
}

/// The name of a member other than `except` with the same name and birth date.
fn twin(conn: &Connection, f: &MemberFields, except: Option<i64>) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached("SELECT id, full_name, birth_date FROM members")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let key = person_key(&f.full_name);
    let born = f.birth_date.map(|d| d.to_string());
    Ok(rows.into_iter().find(|(id, name, b)| Some(*id) != except && person_key(name) == key && *b == born).map(|r| r.1))
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

pub fn edit(store: &Store, id: i64, fields: &MemberFields, today: NaiveDate) -> Result<()> {
    let f = fields.cleaned(today)?;
    let tx = Transaction::new_unchecked(store.conn(), TransactionBehavior::Immediate)?;
    if let Some(name) = twin(&tx, &f, Some(id))? {
        return Err(twin_error(&name));
    }
    let n = tx.execute(
        "UPDATE members SET full_name = ?2, birth_date = ?3, party_position = ?4, government_position = ?5 WHERE id = ?1",
        params![id, f.full_name, f.birth_date.map(|d| d.to_string()), f.party_position, f.government_position],
    )?;
    found(n, id)?;
    super::held::rematch(store)?;
    tx.commit()?;
    Ok(())
}

/// Gộp: `from` was created by mistake for the member `into`. Their files,
/// decisions and exemptions move to `into` (history kept); `into` keeps its
/// key, or takes `from`'s when it has none.
pub fn merge(store: &Store, from: i64, into: i64) -> Result<()> {
    if from == into {
        return Err(Error::invalid("member", "Hãy chọn hai đảng viên khác nhau để gộp."));
    }
    let (a, b) = (member(store, from)?, member(store, into)?);
    let tx = Transaction::new_unchecked(store.conn(), TransactionBehavior::Immediate)?;
    tx.execute("UPDATE submissions SET member_id = ?2 WHERE member_id = ?1", params![a.id, b.id])?;
    tx.execute(
        "INSERT OR IGNORE INTO exemptions (member_id, year) SELECT ?2, year FROM exemptions WHERE member_id = ?1",
        params![a.id, b.id],
    )?;
    tx.execute("DELETE FROM exemptions WHERE member_id = ?1", [a.id])?;
    let key: Option<Vec<u8>> = tx.query_row("SELECT public_key FROM members WHERE id = ?1", [a.id], |r| r.get(0))?;
    tx.execute("DELETE FROM members WHERE id = ?1", [a.id])?;
    if b.key_fingerprint.is_none() {
        tx.execute("UPDATE members SET public_key = ?2 WHERE id = ?1", params![b.id, key])?;
    }
    super::held::rematch(store)?;
    tx.commit()?;
    Ok(())
}

/// Xóa khỏi danh sách: a member added by mistake, while nothing of theirs is
/// confirmed. Their files go back to the held ones, matched again.
pub fn remove(store: &Store, id: i64) -> Result<()> {
    let m = member(store, id)?;
    let tx = Transaction::new_unchecked(store.conn(), TransactionBehavior::Immediate)?;
    let confirmed: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM decisions d JOIN submissions s ON s.id = d.submission_id
                        WHERE s.member_id = ?1 AND d.decision = 'xac-nhan')",
        [id],
        |r| r.get(0),
    )?;
    if confirmed {
        return Err(Error::invalid(
            "member",
            format!("Không xóa được {}: chi bộ đã xác nhận văn bản của đồng chí này.", m.full_name),
        ));
    }
    tx.execute(
        "UPDATE submissions SET member_id = NULL,
                held = CASE WHEN held IS NULL OR held = 'khoa-moi' THEN 'ngoai-danh-sach' ELSE held END
         WHERE member_id = ?1",
        [id],
    )?;
    tx.execute("DELETE FROM exemptions WHERE member_id = ?1", [id])?;
    tx.execute("DELETE FROM members WHERE id = ?1", [id])?;
    super::held::rematch(store)?;
    tx.commit()?;
    Ok(())
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
