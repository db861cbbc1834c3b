//! Files held back, and the secretary's decisions on them. A held file is
//! kept with why: a key the branch has not bound to anyone, someone not on
//! the roster, another branch's file, a file without a branch while settings
//! were handed out, or refused by the secretary. Files that could not be
//! read at all are kept as a list of names and reasons. Whenever the roster
//! changes, the held files of this branch are matched again (`rematch`).

use super::identity::{Belongs, Identity};
use super::people::{Match, People};
use super::roster::{self, MemberFields};
use crate::error::{Error, Result};
use crate::keys::key_fingerprint;
use crate::store::Store;
use crate::template::kind_label;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

/// Why a file is held back (the values stored in `submissions.held`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum HeldReason {
    /// A key the branch has not bound to this member (or to anyone yet).
    #[serde(rename = "khoa-moi")]
    NewKey,
    /// From someone not on the roster (or a namesake to choose between).
    #[serde(rename = "ngoai-danh-sach")]
    NotOnRoster,
    /// Written for another branch.
    #[serde(rename = "chi-bo-khac")]
    OtherBranch,
    /// Carries no branch, though the secretary handed out settings.
    #[serde(rename = "khong-ro-chi-bo")]
    NoBranch,
    /// Refused by the secretary.
    #[serde(rename = "khong-nhan")]
    Refused,
}

impl HeldReason {
    pub fn as_str(self) -> &'static str {
        match self {
            HeldReason::NewKey => "khoa-moi",
            HeldReason::NotOnRoster => "ngoai-danh-sach",
            HeldReason::OtherBranch => "chi-bo-khac",
            HeldReason::NoBranch => "khong-ro-chi-bo",
            HeldReason::Refused => "khong-nhan",
        }
    }

    pub fn parse(text: &str) -> HeldReason {
        [HeldReason::NewKey, HeldReason::OtherBranch, HeldReason::NoBranch, HeldReason::Refused]
            .into_iter()
            .find(|r| r.as_str() == text)
            .unwrap_or(HeldReason::NotOnRoster)
    }

    /// Matched again when the roster changes; the others wait for a decision.
    fn rematched(self) -> bool {
        matches!(self, HeldReason::NewKey | HeldReason::NotOnRoster)
    }
}

/// A held file as the secretary decides on it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HeldFile {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub submission_id: i64,
    pub file_name: String,
    pub full_name: String,
    pub birth_date: Option<chrono::NaiveDate>,
    /// "CHI BỘ … — ĐẢNG BỘ …", from the record's profile.
    pub branch: String,
    /// The member's workplace and position, from the record.
    pub unit: String,
    pub kind_label: String,
    pub year: i32,
    pub reason: HeldReason,
    /// Why, in words.
    pub why: String,
    pub key_fingerprint: String,
    /// The whole key: files are grouped by it, never by its short fingerprint.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub key: Vec<u8>,
    /// The roster member the file seems to be from.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    /// The key the branch already trusts for that member, if another.
    pub member_key: Option<String>,
    pub received_at: String,
}

/// A file that could not be taken in at all.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RefusedFile {
    pub file_name: String,
    pub reason: String,
    pub received_at: String,
}

/// Every held file (of `year`, or of every year), oldest first.
pub fn held_files(store: &Store, year: Option<i32>) -> Result<Vec<HeldFile>> {
    let conn = store.conn();
    let mut stmt = conn.prepare(
        "SELECT s.id, s.file_name, s.record, s.held, s.public_key, s.member_id, m.full_name, m.public_key,
                s.received_at, s.year
         FROM submissions s LEFT JOIN members m ON m.id = s.member_id
         WHERE s.held IS NOT NULL AND (?1 IS NULL OR s.year = ?1) ORDER BY s.received_at, s.id",
    )?;
    type Row = (i64, String, Vec<u8>, String, Vec<u8>, Option<i64>, Option<String>, Option<Vec<u8>>, String);
    let rows = stmt
        .query_map([year], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
        })?
        .collect::<rusqlite::Result<Vec<Row>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, file_name, record, held, key, member_id, member_name, member_key, received_at) in rows {
        let record = crate::record::read(&record)?;
        let p = &record.content.profile;
        let reason = HeldReason::parse(&held);
        let member_key = member_key.filter(|k| *k != key).map(|k| key_fingerprint(&k));
        let (branch, unit) = (super::identity::header(&p.branch, &p.party_committee), unit_of(p));
        let mut held = HeldFile {
            submission_id: id,
            file_name,
            full_name: p.full_name.clone(),
            birth_date: p.birth_date,
            branch,
            unit,
            kind_label: kind_label(&record.kind),
            year: record.year,
            reason,
            why: String::new(),
            key_fingerprint: key_fingerprint(&key),
            key,
            member_id,
            member_name,
            member_key,
            received_at,
        };
        held.why = why(&held, &record);
        out.push(held);
    }
    Ok(out)
}

/// "Chuyên viên …, Trung tâm …": the member's position and workplace.
fn unit_of(p: &crate::profile::Profile) -> String {
    [p.government_position.as_str(), p.workplace.as_str()]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a file of this branch's names is not taken as this branch's.
pub(super) fn no_branch_why(record: &crate::record::Record) -> String {
    match &record.branch_key {
        Some(key) => format!(
            "Văn bản mang khóa chi bộ {}, khác khóa của chi bộ này (bí thư mới, hoặc đảng viên đã nhận tệp thiết lập \
             của chi bộ khác): hãy hỏi đảng viên rồi nhận vào đúng người.",
            key_fingerprint(key)
        ),
        None => "Văn bản ký sau khi chi bộ gửi tệp thiết lập năm này mà không mang khóa của chi bộ: đảng viên cần mở \
                 tệp thiết lập rồi ký lại (ứng dụng cũ cần cập nhật trước)."
            .to_string(),
    }
}

/// The reason a held file waits, in words a secretary can act on.
fn why(h: &HeldFile, record: &crate::record::Record) -> String {
    match (h.reason, &h.member_name, &h.member_key) {
        (HeldReason::NewKey, Some(name), Some(old)) => format!(
            "Khóa ký mới {} khác khóa {} chi bộ đã biết của đồng chí {name}: chờ đồng chí xác nhận với đảng viên.",
            h.key_fingerprint, old
        ),
        (HeldReason::NewKey, Some(name), None) => format!(
            "Khóa ký {} chưa được xác nhận là của đồng chí {name}: đối chiếu với mã khóa trong Hồ sơ của đảng viên.",
            h.key_fingerprint
        ),
        (HeldReason::NewKey | HeldReason::NotOnRoster, _, _) => {
            format!(
                "{} chưa có trong danh sách chi bộ (hoặc trùng tên với người khác): chờ đồng chí chọn.",
                h.full_name
            )
        }
        (HeldReason::OtherBranch, _, _) => format!("Văn bản của {}, không phải chi bộ này.", h.branch),
        (HeldReason::NoBranch, _, _) => no_branch_why(record),
        (HeldReason::Refused, _, _) => "Đồng chí đã không nhận tệp này.".to_string(),
    }
}

/// Every file that could not be read, newest first.
pub fn refused_files(store: &Store) -> Result<Vec<RefusedFile>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT file_name, reason, received_at FROM refused_files ORDER BY received_at DESC, id")?;
    let rows =
        stmt.query_map([], |r| Ok(RefusedFile { file_name: r.get(0)?, reason: r.get(1)?, received_at: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(super) fn keep_refused(conn: &Connection, file_name: &str, reason: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO refused_files (file_name, reason, received_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (file_name, reason) DO UPDATE SET received_at = excluded.received_at",
        params![file_name, reason, crate::store::now()],
    )?;
    Ok(())
}

/// Matches every held file waiting for a person against the branch and the
/// roster again: another branch's file (a file held before branches had an
/// identity) is set apart; a bound key takes its files in; otherwise the
/// member a file seems to be from is noted. Called inside every transaction
/// that changes the roster.
pub(super) fn rematch(store: &Store) -> Result<()> {
    let conn = store.conn();
    let identity = Identity::read(store)?;
    let people = People::read(conn)?;
    let mut stmt = conn.prepare(
        "SELECT id, public_key, full_name, birth_date, record FROM submissions
         WHERE held IN ('khoa-moi', 'ngoai-danh-sach')",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?.and_then(|d| d.parse().ok()),
                r.get::<_, Vec<u8>>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, key, name, birth, record) in rows {
        let belongs = match &identity {
            Some(identity) => identity.judge(&crate::record::read(&record)?),
            None => Belongs::Ours,
        };
        let (member, held) = match belongs {
            Belongs::Ours => placed(&people.find(&key, &name, birth)),
            Belongs::Other => (None, Some(HeldReason::OtherBranch)),
            Belongs::Unsure => (None, Some(HeldReason::NoBranch)),
        };
        conn.execute(
            "UPDATE submissions SET member_id = ?2, held = ?3 WHERE id = ?1",
            params![id, member, held.map(HeldReason::as_str)],
        )?;
    }
    Ok(())
}

/// Where a file of this branch goes for a match: its member, and why it is
/// held (None: taken in).
pub(super) fn placed(m: &Match) -> (Option<i64>, Option<HeldReason>) {
    match m {
        Match::Bound(id) => (Some(*id), None),
        Match::Candidate { id, .. } => (Some(*id), Some(HeldReason::NewKey)),
        Match::Namesakes(_) | Match::Nobody => (None, Some(HeldReason::NotOnRoster)),
    }
}

fn immediate(store: &Store) -> Result<Transaction<'_>> {
    Ok(Transaction::new_unchecked(store.conn(), TransactionBehavior::Immediate)?)
}

fn held_row(conn: &Connection, submission_id: i64) -> Result<(Vec<u8>, Vec<u8>, HeldReason)> {
    let row: Option<(Vec<u8>, Vec<u8>, Option<String>)> = conn
        .query_row("SELECT public_key, record, held FROM submissions WHERE id = ?1", [submission_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let (key, record, held) = row.ok_or_else(|| Error::NotFound(format!("tệp đã nhận số {submission_id}")))?;
    let held = held.ok_or_else(|| Error::invalid("submission", "Tệp này đã được nhận rồi."))?;
    Ok((key, record, HeldReason::parse(&held)))
}

/// Binds `key` to the member: their files signed with it go in, now and
/// later. A key already bound to someone else is refused.
fn bind_key(tx: &Connection, member_id: i64, key: &[u8]) -> Result<()> {
    let owner: Option<(i64, String)> = tx
        .query_row("SELECT id, full_name FROM members WHERE public_key = ?1", [key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((id, name)) = owner.filter(|(id, _)| *id != member_id) {
        return Err(Error::invalid(
            "key",
            format!(
                "Khóa {} đã là khóa của đồng chí {name} (số {id}); một khóa chỉ thuộc một người.",
                key_fingerprint(key)
            ),
        ));
    }
    let n = tx.execute("UPDATE members SET public_key = ?2 WHERE id = ?1", params![member_id, key])?;
    if n == 0 {
        return Err(Error::NotFound(format!("đảng viên số {member_id}")));
    }
    // A file refused or of another branch stays as it was decided.
    tx.execute(
        "UPDATE submissions SET member_id = ?1, held = NULL WHERE public_key = ?2 AND held IN ('khoa-moi', 'ngoai-danh-sach')",
        params![member_id, key],
    )?;
    Ok(())
}

/// Nhận vào đảng viên: the held file belongs to `member_id`, whose key from
/// now on is the file's (the secretary checked it with the member).
pub fn attach(store: &Store, submission_id: i64, member_id: i64) -> Result<()> {
    let tx = immediate(store)?;
    let (key, record, _) = held_row(&tx, submission_id)?;
    let m = roster::member(store, member_id)?;
    let born = crate::record::read(&record)?.content.profile.birth_date;
    if let (Some(file), Some(roster)) = (born, m.birth_date) {
        if file != roster {
            return Err(Error::invalid(
                "member",
                format!(
                    "Tệp ghi ngày sinh {}, khác ngày sinh {} của đồng chí {} trong danh sách: có thể là người khác \
                     trùng tên. Nếu đúng là một người, hãy sửa ngày sinh trong danh sách trước.",
                    crate::dates::format_date(file),
                    crate::dates::format_date(roster),
                    m.full_name
                ),
            ));
        }
    }
    tx.execute("UPDATE submissions SET held = 'khoa-moi' WHERE id = ?1", [submission_id])?;
    bind_key(&tx, member_id, &key)?;
    rematch(store)?;
    tx.commit()?;
    Ok(())
}

/// Thêm thành đảng viên mới: a new member from the file's profile, with its key.
pub fn add_as_member(store: &Store, submission_id: i64, today: NaiveDate) -> Result<i64> {
    let tx = immediate(store)?;
    let (key, record, _) = held_row(&tx, submission_id)?;
    let id = new_member(&tx, &record, today)?;
    tx.execute("UPDATE submissions SET held = 'khoa-moi' WHERE id = ?1", [submission_id])?;
    bind_key(&tx, id, &key)?;
    rematch(store)?;
    tx.commit()?;
    Ok(id)
}

/// A new member from a held record's profile (refused if on the roster already).
fn new_member(tx: &Connection, record: &[u8], today: NaiveDate) -> Result<i64> {
    let p = crate::record::read(record)?.content.profile;
    let fields = MemberFields {
        full_name: p.full_name,
        birth_date: p.birth_date,
        party_position: p.party_position,
        government_position: p.government_position,
    };
    roster::insert(tx, &roster::checked(tx, &fields, today)?, None)
}

/// Không nhận: the file stays in the list of files not taken in.
pub fn refuse(store: &Store, submission_id: i64) -> Result<()> {
    let tx = immediate(store)?;
    held_row(&tx, submission_id)?;
    tx.execute("UPDATE submissions SET held = 'khong-nhan', member_id = NULL WHERE id = ?1", [submission_id])?;
    tx.commit()?;
    Ok(())
}

/// A key waiting to be bound, with the files signed with it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WaitingKey {
    pub key_fingerprint: String,
    pub full_name: String,
    pub birth_date: Option<chrono::NaiveDate>,
    /// The roster member it seems to be (None: nobody, or namesakes).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    /// The key the branch trusts for that member now, if any.
    pub member_key: Option<String>,
    /// The files signed with it ("Kế hoạch cá nhân năm 2026", …).
    pub files: Vec<String>,
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub submission_ids: Vec<i64>,
}

/// New keys of this branch's files (of `year`, or of every year), one entry
/// per key, in name order.
pub fn waiting_keys(store: &Store, year: Option<i32>) -> Result<Vec<WaitingKey>> {
    let mut out: Vec<(Vec<u8>, WaitingKey)> = Vec::new();
    for h in held_files(store, year)?.into_iter().filter(|h| h.reason.rematched()) {
        let what = format!("{} năm {}", h.kind_label, h.year);
        match out.iter_mut().find(|(key, _)| *key == h.key) {
            Some((_, k)) => {
                k.files.push(what);
                k.submission_ids.push(h.submission_id);
            }
            None => out.push((
                h.key,
                WaitingKey {
                    key_fingerprint: h.key_fingerprint,
                    full_name: h.full_name,
                    birth_date: h.birth_date,
                    member_id: h.member_id,
                    member_name: h.member_name,
                    member_key: h.member_key,
                    files: vec![what],
                    submission_ids: vec![h.submission_id],
                },
            )),
        }
    }
    let mut out: Vec<WaitingKey> = out.into_iter().map(|(_, k)| k).collect();
    out.sort_by_cached_key(|k| super::collation::name_key(&k.full_name));
    Ok(out)
}

/// What binding every waiting key did.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Bound {
    /// "Nguyễn Văn Hùng (khóa K7QD-2M4X)", bound to a member of the roster.
    pub bound: Vec<String>,
    /// Added to the roster with their key.
    pub added: Vec<String>,
    /// Left for the secretary to decide one by one, with why.
    pub left: Vec<String>,
}

/// Binds every waiting key of this branch's files (of `year`, or of every
/// year), as after a meeting where each member read their code aloud: to
/// the member the file matches, or to a new member when nobody on the roster
/// has the name. Left to decide one by one, with why: a second key for a
/// member who has one, namesakes, two keys that both point at one member,
/// and a file whose person cannot go on the roster. One transaction.
pub fn bind_all(store: &Store, year: Option<i32>, today: NaiveDate) -> Result<Bound> {
    Identity::of(store)?;
    let tx = immediate(store)?;
    // Held before branches had an identity: judged again first.
    rematch(store)?;
    let waiting = waiting_keys(store, year)?;
    let mut report = Bound::default();
    // Read once and kept up to date: a key bound here makes the member's
    // next key (in a later group) a second key.
    let mut people = People::read(&tx)?;
    let proposed = |id: i64| waiting.iter().filter(|k| k.member_id == Some(id)).count();
    for k in &waiting {
        let Some(&first) = k.submission_ids.first() else { continue };
        let (key, record, _) = held_row(&tx, first)?;
        let who = format!("{} (khóa {})", k.full_name, k.key_fingerprint);
        match people.find(&key, &k.full_name, k.birth_date) {
            Match::Bound(_) => {}
            Match::Candidate { other_key: true, .. } => {
                report.left.push(format!("{who}: đã có khóa khác, cần đối chiếu riêng"));
            }
            Match::Candidate { id, .. } if proposed(id) > 1 => {
                let name = k.member_name.as_deref().unwrap_or(&k.full_name);
                report.left.push(format!("{who}: {} khóa khác nhau cùng chỉ đến đồng chí {name}", proposed(id)));
            }
            Match::Candidate { id, other_key: false } => {
                bind_key(&tx, id, &key)?;
                people.bind(id, &key);
                report.bound.push(who);
            }
            Match::Namesakes(n) => report.left.push(format!("{who}: trùng tên với {n} người trong danh sách")),
            Match::Nobody => match new_member(&tx, &record, today) {
                Ok(id) => {
                    bind_key(&tx, id, &key)?;
                    people.add(id, &k.full_name, k.birth_date, &key);
                    report.added.push(who);
                }
                Err(why) => report.left.push(format!("{who}: không thêm được vào danh sách ({why})")),
            },
        }
    }
    rematch(store)?;
    tx.commit()?;
    Ok(report)
}

/// Binds the waiting key `fingerprint` (as `XXXX-XXXX`, any case) to a member.
pub fn bind(store: &Store, member_id: i64, fingerprint: &str) -> Result<()> {
    let wanted = fingerprint.trim().to_uppercase();
    let waiting = waiting_keys(store, None)?;
    let found: Vec<&WaitingKey> = waiting.iter().filter(|k| k.key_fingerprint == wanted).collect();
    match found.as_slice() {
        [k] => attach(store, k.submission_ids[0], member_id),
        [] => Err(Error::invalid("key", format!("Không có tệp nào đang chờ với khóa “{}”.", fingerprint.trim()))),
        _ => Err(Error::invalid(
            "key",
            format!("Có {} khóa khác nhau cùng mã “{wanted}”: hãy nhận từng tệp (branch accept).", found.len()),
        )),
    }
}

/// What the secretary decides on a held file.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// Nhận vào đảng viên này (and trust the file's key for them).
    Attach(#[cfg_attr(feature = "ts", ts(type = "number"))] i64),
    /// Thêm thành đảng viên mới.
    AddNew,
    /// Không nhận.
    Refuse,
}

/// Carries out a decision; returns what the secretary is told.
pub fn decide(store: &Store, submission_id: i64, decision: Decision, today: NaiveDate) -> Result<String> {
    let file = held_files(store, None)?
        .into_iter()
        .find(|h| h.submission_id == submission_id)
        .ok_or_else(|| Error::invalid("submission", "Tệp này không còn trong các tệp đang giữ lại."))?;
    let said = decided(store, &file, decision, today)?;
    // Taking in another branch's file is the secretary's choice; said plainly.
    Ok(match (file.reason, decision) {
        (HeldReason::OtherBranch, Decision::Attach(_) | Decision::AddNew) => {
            format!("{said} Lưu ý: tệp ghi là văn bản của {}.", file.branch)
        }
        _ => said,
    })
}

fn decided(store: &Store, file: &HeldFile, decision: Decision, today: NaiveDate) -> Result<String> {
    let submission_id = file.submission_id;
    match decision {
        Decision::Attach(member_id) => {
            let before = roster::member(store, member_id)?.key_fingerprint;
            attach(store, submission_id, member_id)?;
            let m = roster::member(store, member_id)?;
            let replaced = before
                .filter(|old| *old != file.key_fingerprint)
                .map(|old| format!("; khóa cũ {old} không còn được tin"))
                .unwrap_or_default();
            Ok(format!(
                "Đã nhận {} vào đồng chí {} (khóa {}{replaced}).",
                file.file_name, m.full_name, file.key_fingerprint
            ))
        }
        Decision::AddNew => {
            let id = add_as_member(store, submission_id, today)?;
            let m = roster::member(store, id)?;
            Ok(format!("Đã thêm {} vào danh sách và nhận {}.", m.full_name, file.file_name))
        }
        Decision::Refuse => {
            refuse(store, submission_id)?;
            Ok(format!("Không nhận {}: tệp được ghi trong danh sách tệp chưa nhận.", file.file_name))
        }
    }
}

/// "Danh sách tệp chưa nhận" as CSV: every held file and every file that
/// could not be read, with why, so the secretary can tell members what to
/// send again.
pub fn unreceived_csv(store: &Store) -> Result<Vec<u8>> {
    let header = ["Tên tệp", "Họ và tên", "Ngày sinh", "Chi bộ", "Văn bản", "Khóa ký", "Lý do", "Ngày nhận"];
    let day = |t: &str| crate::dates::vietnam_day(t).map(crate::dates::format_date).unwrap_or_default();
    let held = held_files(store, None)?.into_iter().map(|h| {
        vec![
            h.file_name,
            h.full_name,
            h.birth_date.map(crate::dates::format_date).unwrap_or_default(),
            h.branch,
            format!("{} năm {}", h.kind_label, h.year),
            h.key_fingerprint,
            h.why,
            day(&h.received_at),
        ]
    });
    let refused = refused_files(store)?.into_iter().map(|r| {
        vec![
            r.file_name,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            format!("Không nhận: {}", r.reason),
            day(&r.received_at),
        ]
    });
    let lines = std::iter::once(header.map(String::from).to_vec()).chain(held).chain(refused);
    Ok(super::report::csv_lines(lines))
}
