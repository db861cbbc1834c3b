//! Nhận văn bản: members' signed PDFs taken in, each verified first, each
//! in a transaction of its own (closing the app midway leaves every file
//! either fully in or not at all), each with an outcome the secretary reads.

use super::kind_label;
use super::roster::{self, MemberFields};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::verify::{verify_bytes, Verified};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Taken in: the member's current document.
    Accepted,
    /// Taken in, and its member added to the roster (the first import).
    NewMember,
    /// A newer signed revision: it replaces the older, which stays in history.
    Replaced,
    /// An older revision arriving after a newer one: kept in history only.
    History,
    /// This very file (same record) was taken in before.
    Duplicate,
    /// From someone not on the roster: held until the secretary adds them.
    NotOnRoster,
    /// Signed by a key the branch does not know for this member: held until
    /// the secretary confirms it with the member in person.
    NewKey,
    /// Not a valid signed document; the reason says why.
    Refused,
}

impl Outcome {
    /// Went in or was already in: what `branch import` counts as success.
    pub fn is_ok(self) -> bool {
        !matches!(self, Outcome::Refused)
    }
}

/// What happened to one file.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Received {
    pub file: String,
    pub outcome: Outcome,
    /// The line shown for the file.
    pub message: String,
    /// The row kept for a file that went in (also a held one).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub submission_id: Option<i64>,
}

/// The PDF files named: files as they are, the PDF files directly inside a
/// folder (a download folder), in name order.
pub fn pdf_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if let Some(matched) = wildcard(path) {
            out.extend(matched);
        } else if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Error::io(path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
                .collect();
            inside.sort();
            out.extend(inside);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// `*.pdf`, `2026-*.pdf`: the files of the folder whose names fit, sorted.
/// Windows' command prompt hands the pattern over as it is typed; a path
/// that exists, or has no `*` in its name, is not a pattern.
fn wildcard(path: &Path) -> Option<Vec<PathBuf>> {
    let name = path.file_name()?.to_str()?;
    if !name.contains('*') || path.exists() {
        return None;
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let parts: Vec<String> = name.to_lowercase().split('*').map(str::to_string).collect();
    let fits = |candidate: &str| {
        let candidate = candidate.to_lowercase();
        let mut rest = candidate.as_str();
        for (i, part) in parts.iter().enumerate() {
            match rest.find(part.as_str()) {
                Some(at) if i > 0 || at == 0 => rest = &rest[at + part.len()..],
                _ => return false,
            }
        }
        parts.last().is_none_or(|last| last.is_empty() || rest.is_empty())
    };
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().and_then(|n| n.to_str()).is_some_and(fits))
        .collect();
    found.sort();
    Some(found)
}

/// Takes in every file, calling `progress(done, total)` after each. When the
/// roster is empty, the branch is being set up: each file's member is added.
pub fn receive_files(
    store: &mut Store,
    files: &[PathBuf],
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<Received>> {
    let add_unknown: bool = store.conn().query_row("SELECT NOT EXISTS (SELECT 1 FROM members)", [], |r| r.get(0))?;
    let mut out = Vec::with_capacity(files.len());
    for (i, path) in files.iter().enumerate() {
        out.push(receive_file(store, path, add_unknown));
        progress(i + 1, files.len());
    }
    Ok(out)
}

fn receive_file(store: &mut Store, path: &Path, add_unknown: bool) -> Received {
    let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let refused = |file: String, why: String| Received {
        message: format!("Không nhận: {why}."),
        file,
        outcome: Outcome::Refused,
        submission_id: None,
    };
    let bytes = match crate::verify::read_checked(path) {
        Ok(b) => b,
        Err(why) => return refused(file, why.message()),
    };
    let verified = match verify_bytes(&bytes) {
        Ok(v) => v,
        Err(why) => return refused(file, why.message()),
    };
    match take_in(store, &file, &bytes, &verified, add_unknown) {
        Ok(received) => received,
        Err(e) => refused(file, e.to_string()),
    }
}

/// Stores one verified file and decides its outcome, in one transaction.
/// A member not on the roster is added when `add_unknown`, held otherwise.
pub fn take_in(store: &mut Store, file: &str, pdf: &[u8], v: &Verified, add_unknown: bool) -> Result<Received> {
    let r = &v.record;
    let profile = &r.content.profile;
    let what = format!("{}, {} năm {}", profile.full_name, kind_label(&r.kind).to_lowercase(), r.year);
    let done = |outcome: Outcome, message: String, id: Option<i64>| {
        Ok(Received { file: file.to_string(), outcome, message, submission_id: id })
    };
    let tx = store.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    if tx
        .query_row("SELECT 1 FROM submissions WHERE fingerprint = ?1", [&r.fingerprint], |_| Ok(()))
        .optional()?
        .is_some()
    {
        return done(Outcome::Duplicate, format!("Đã có từ trước: {what} (mã {}).", r.code()), None);
    }
    let key = v.public_key.as_slice();
    let (member, mut outcome) = match roster::by_key(&tx, key)? {
        Some(id) => (Some(id), Outcome::Accepted),
        None => match roster::by_name(&tx, &profile.full_name, profile.birth_date)? {
            Some((id, None)) => {
                tx.execute("UPDATE members SET public_key = ?2 WHERE id = ?1", params![id, key])?;
                (Some(id), Outcome::Accepted)
            }
            Some((id, Some(_))) => (Some(id), Outcome::NewKey),
            None => {
                if add_unknown {
                    let fields = MemberFields {
                        full_name: profile.full_name.clone(),
                        birth_date: profile.birth_date,
                        party_position: profile.party_position.clone(),
                        government_position: profile.government_position.clone(),
                    };
                    (Some(roster::insert(&tx, &fields, Some(key))?), Outcome::NewMember)
                } else {
                    (None, Outcome::NotOnRoster)
                }
            }
        },
    };
    if outcome == Outcome::Accepted {
        let current: Option<i64> = tx.query_row(
            "SELECT max(revision) FROM submissions WHERE member_id = ?1 AND year = ?2 AND kind = ?3 AND held IS NULL",
            params![member, r.year, r.kind],
            |row| row.get(0),
        )?;
        outcome = match current {
            Some(c) if c >= r.revision.unwrap_or(0) => Outcome::History,
            Some(_) => Outcome::Replaced,
            None => Outcome::Accepted,
        };
    }
    let held = match outcome {
        Outcome::NotOnRoster => Some("ngoai-danh-sach"),
        Outcome::NewKey => Some("khoa-moi"),
        _ => None,
    };
    tx.execute(
        "INSERT INTO submissions (member_id, year, kind, revision, signed_at, fingerprint, public_key, full_name,
                                  birth_date, record, pdf, file_name, received_at, held)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            member,
            r.year,
            r.kind,
            r.revision.unwrap_or(0),
            r.signed_at.clone().unwrap_or_else(|| r.content.date.to_string()),
            r.fingerprint,
            key,
            profile.full_name,
            profile.birth_date.map(|d| d.to_string()),
            r.bytes,
            pdf,
            file,
            crate::store::now(),
            held
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    let code = r.code();
    let message = match outcome {
        Outcome::Accepted => format!("Đã nhận: {what} (mã {code})."),
        Outcome::NewMember => format!("Đã nhận và thêm vào danh sách: {what} (mã {code})."),
        Outcome::Replaced => format!("Đã nhận bản ký mới hơn, thay bản trước: {what} (mã {code})."),
        Outcome::History => format!("Bản ký cũ hơn bản đã có, chỉ lưu vào lịch sử: {what} (mã {code})."),
        Outcome::NotOnRoster => format!(
            "Chưa có trong danh sách: {what}. Tệp được giữ lại; thêm đồng chí {} vào danh sách để nhận.",
            profile.full_name
        ),
        Outcome::NewKey => format!(
            "Khóa ký mới ({}) khác khóa chi bộ đã biết: {what}. Tệp được giữ lại cho đến khi đồng chí xác nhận \
             với đảng viên khi gặp trực tiếp.",
            v.key_fingerprint
        ),
        Outcome::Duplicate | Outcome::Refused => String::new(),
    };
    done(outcome, message, Some(id))
}

/// Accepts a held file: adds its member to the roster (not on the roster),
/// or trusts the new key from now on (new key, confirmed in person).
pub fn accept_held(store: &mut Store, submission_id: i64) -> Result<()> {
    let tx = store.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    type Row = (Option<i64>, Option<String>, Vec<u8>, Vec<u8>);
    let row: Option<Row> = tx
        .query_row("SELECT member_id, held, public_key, record FROM submissions WHERE id = ?1", [submission_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let (member, held, key, record) = row.ok_or_else(|| Error::NotFound(format!("tệp đã nhận số {submission_id}")))?;
    let member = match (held.as_deref(), member) {
        (Some("khoa-moi"), Some(id)) => {
            tx.execute("UPDATE members SET public_key = ?2 WHERE id = ?1", params![id, key])?;
            id
        }
        (Some("ngoai-danh-sach"), _) => {
            let profile = crate::record::read(&record)?.content.profile;
            let fields = MemberFields {
                full_name: profile.full_name,
                birth_date: profile.birth_date,
                party_position: profile.party_position,
                government_position: profile.government_position,
            };
            roster::insert(&tx, &fields, Some(&key))?
        }
        _ => return Err(Error::invalid("submission", "Tệp này đã được nhận rồi.")),
    };
    // Every file held for the same key goes in with it.
    tx.execute(
        "UPDATE submissions SET member_id = ?1, held = NULL WHERE public_key = ?2 AND held IS NOT NULL",
        params![member, key],
    )?;
    tx.commit()?;
    Ok(())
}
