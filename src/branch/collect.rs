//! Nhận văn bản: members' signed PDFs taken in, each verified first, each
//! in a transaction of its own (closing the app midway leaves every file
//! either fully in or not at all), each with an outcome the secretary reads.
//! Only this branch's files whose key the secretary bound to a member go in
//! (`identity.rs`, `people.rs`); the others are held (`held.rs`).

use super::held::{placed, HeldReason};
use super::identity::{Belongs, Identity};
use super::people::{Match, People};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::template::kind_label;
use crate::verify::Verified;
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Taken in: the member's current document.
    Accepted,
    /// A newer signed revision: it replaces the older, which stays in history.
    Replaced,
    /// An older revision arriving after a newer one: kept in history only.
    History,
    /// This very file (same record) was taken in before.
    Duplicate,
    /// Held: a key the secretary has not bound to the member yet.
    NewKey,
    /// Held: nobody of this name on the roster, or namesakes to choose between.
    NotOnRoster,
    /// Held: another branch's file.
    OtherBranch,
    /// Held: no branch, though settings were handed out that year.
    NoBranch,
    /// Not a valid signed document; the reason says why.
    Refused,
}

impl Outcome {
    fn held(reason: HeldReason) -> Outcome {
        match reason {
            HeldReason::NewKey => Outcome::NewKey,
            HeldReason::OtherBranch => Outcome::OtherBranch,
            HeldReason::NoBranch => Outcome::NoBranch,
            // An import never refuses a held file; only the secretary does.
            HeldReason::NotOnRoster | HeldReason::Refused => Outcome::NotOnRoster,
        }
    }

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

/// The files named: files as they are, and every file inside a folder and
/// its subfolders (a download folder), hidden ones aside, in name order. A
/// file that is not a PDF is then refused by name, never skipped in silence.
pub fn pdf_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if let Some(matched) = wildcard(path) {
            out.extend(matched);
        } else if path.is_dir() {
            folder(path, 0, &mut out)?;
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Every file under `dir`, a few levels deep (a folder of folders of years).
fn folder(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut inside: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    inside.sort();
    for p in inside {
        if p.is_file() {
            out.push(p);
        } else if p.is_dir() && depth < 4 {
            folder(&p, depth + 1, out)?;
        }
    }
    Ok(())
}

/// `*.pdf`, `2026-*.pdf`, `ke-hoach-?.pdf`: the files of the folder whose
/// names fit (letter case aside), sorted. Windows' command prompt hands the
/// pattern over as it is typed; a path that exists, or has no `*` or `?` in
/// its name, is not a pattern.
fn wildcard(path: &Path) -> Option<Vec<PathBuf>> {
    let name = path.file_name()?.to_str()?;
    if !name.contains(['*', '?']) || path.exists() {
        return None;
    }
    let pattern = globset::GlobBuilder::new(name).case_insensitive(true).literal_separator(true).build().ok()?;
    let fits = pattern.compile_matcher();
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| fits.is_match(n)))
        .collect();
    found.sort();
    Some(found)
}

/// Takes in every file, calling `progress(done, total)` after each. Files of
/// this branch whose key is bound go in; every other file is held with its
/// reason, or refused and kept on the list of files not taken in.
pub fn receive_files(
    store: &mut Store,
    files: &[PathBuf],
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<Received>> {
    let identity = Identity::of(store)?;
    let people = People::read(store.conn())?;
    let roots = store.trusted_roots()?;
    let mut out = Vec::with_capacity(files.len());
    for (i, path) in files.iter().enumerate() {
        out.push(receive_file(store, path, &identity, &people, &roots));
        progress(i + 1, files.len());
    }
    Ok(out)
}

fn receive_file(
    store: &mut Store,
    path: &Path,
    identity: &Identity,
    people: &People,
    roots: &[crate::certificate::Certificate],
) -> Received {
    let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let refused = |file: String, why: String| Received {
        message: format!("Không nhận: {why}."),
        file,
        outcome: Outcome::Refused,
        submission_id: None,
    };
    let verified = crate::verify::read_checked(path)
        .and_then(|bytes| crate::verify::verify_with_roots(&bytes, roots).map(|v| (bytes, v)))
        .map_err(|why| why.message())
        .and_then(|(bytes, v)| match crate::text::name_problem(&v.record.content.profile.full_name) {
            // Signed, but no person's name: a look-alike would be a second member.
            Some(why) => Err(format!("họ và tên trong văn bản không phải tên người ({})", why.trim_end_matches('.'))),
            None => Ok((bytes, v)),
        });
    let (bytes, v) = match verified {
        Ok(verified) => verified,
        Err(why) => {
            // The member's file is wrong: kept, so the secretary can tell
            // them what to send again (a path mistyped is not a file sent).
            let kept = if path.is_file() { super::held::keep_refused(store.conn(), &file, &why) } else { Ok(()) };
            if let Err(e) = kept {
                tracing::warn!("không ghi được tệp không nhận: {}", e.log_line());
            }
            return refused(file, why);
        }
    };
    // A storage failure is not the member's: said, never listed as their fault.
    take_in(store, &file, &bytes, &v, identity, people).unwrap_or_else(|e| refused(file, e.to_string()))
}

/// Stores one verified file and decides its outcome, in one transaction.
pub fn take_in(
    store: &mut Store,
    file: &str,
    pdf: &[u8],
    v: &Verified,
    identity: &Identity,
    people: &People,
) -> Result<Received> {
    let r = &v.record;
    let profile = &r.content.profile;
    let what = format!("{}, {} năm {}", profile.full_name, kind_label(&r.kind).to_lowercase(), r.year);
    let tx = store.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(again) = sent_again(&tx, file, r, &what)? {
        return Ok(again);
    }
    let (member, held) = placement(&tx, v, identity, people)?;
    let outcome = match held {
        Some(reason) => Outcome::held(reason),
        None => {
            let current: Option<i64> = tx.query_row(
                "SELECT max(revision) FROM submissions WHERE member_id = ?1 AND year = ?2 AND kind = ?3 AND held IS NULL",
                params![member, r.year, r.kind],
                |row| row.get(0),
            )?;
            match current {
                Some(c) if c >= r.revision.unwrap_or(0) => Outcome::History,
                Some(_) => Outcome::Replaced,
                None => Outcome::Accepted,
            }
        }
    };
    let id = insert(&tx, file, pdf, v, member, held)?;
    // The file came again and is good: no longer on the list of files not taken in.
    tx.execute("DELETE FROM refused_files WHERE file_name = ?1", [file])?;
    tx.commit()?;
    Ok(Received { file: file.to_string(), outcome, message: said(outcome, &what, v), submission_id: Some(id) })
}

/// A file already received: said so, and whether it is still held.
fn sent_again(
    tx: &rusqlite::Transaction,
    file: &str,
    r: &crate::record::Record,
    what: &str,
) -> Result<Option<Received>> {
    let before: Option<Option<String>> = tx
        .query_row("SELECT held FROM submissions WHERE fingerprint = ?1", [&r.fingerprint], |row| row.get(0))
        .optional()?;
    let Some(held) = before else { return Ok(None) };
    let (outcome, still) = match held.as_deref().map(HeldReason::parse) {
        Some(reason) => (Outcome::held(reason), " Tệp vẫn đang được giữ lại (xem “Tệp đang giữ lại”)."),
        None => (Outcome::Duplicate, ""),
    };
    Ok(Some(Received {
        file: file.to_string(),
        outcome,
        message: format!("Đã có từ trước: {what} (mã {}).{still}", r.code()),
        submission_id: None,
    }))
}

/// Whose file it is on the roster, or why it is held.
fn placement(
    tx: &rusqlite::Transaction,
    v: &Verified,
    identity: &Identity,
    people: &People,
) -> Result<(Option<i64>, Option<HeldReason>)> {
    let (r, key) = (&v.record, v.public_key.as_slice());
    let profile = &r.content.profile;
    Ok(match identity.judge(r) {
        Belongs::Other => (None, Some(HeldReason::OtherBranch)),
        Belongs::Unsure => (None, Some(HeldReason::NoBranch)),
        Belongs::Ours => match people.find(key, &profile.full_name, profile.birth_date) {
            // The secretary's own files: her key is this database's own.
            Match::Candidate { id, other_key: false } if identity.is_own_key(key) => {
                tx.execute("UPDATE members SET public_key = ?2 WHERE id = ?1", params![id, key])?;
                (Some(id), None)
            }
            m => placed(&m),
        },
    })
}

/// The file's row, held or not; its id.
fn insert(
    tx: &rusqlite::Transaction,
    file: &str,
    pdf: &[u8],
    v: &Verified,
    member: Option<i64>,
    held: Option<HeldReason>,
) -> Result<i64> {
    let r = &v.record;
    let profile = &r.content.profile;
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
            v.public_key,
            profile.full_name,
            profile.birth_date.map(|d| d.to_string()),
            r.bytes,
            pdf,
            file,
            crate::store::now(),
            held.map(HeldReason::as_str)
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The line shown for a file taken in.
fn said(outcome: Outcome, what: &str, v: &Verified) -> String {
    let r = &v.record;
    let code = r.code();
    let header = || super::identity::header(&r.content.profile.branch, &r.content.profile.party_committee);
    let line = match outcome {
        Outcome::Accepted => format!("Đã nhận: {what} (mã {code})."),
        Outcome::Replaced => format!("Đã nhận bản ký mới hơn, thay bản trước: {what} (mã {code})."),
        Outcome::History => format!("Bản ký cũ hơn bản đã có, chỉ lưu vào lịch sử: {what} (mã {code})."),
        Outcome::NewKey => format!(
            "Giữ lại, chờ xác nhận khóa: {what}. Khóa ký {} chưa được xác nhận là của đồng chí này; đối chiếu với \
             mã khóa trong Hồ sơ của đảng viên.",
            v.key_fingerprint
        ),
        Outcome::OtherBranch => format!("Giữ lại: {what}. Văn bản của {}, không phải chi bộ này.", header()),
        Outcome::NoBranch => format!("Giữ lại: {what}. {}", super::held::no_branch_why(r)),
        Outcome::NotOnRoster => format!(
            "Giữ lại: {what} ({}). Chưa có trong danh sách chi bộ, hoặc trùng tên với người khác: chờ đồng chí chọn.",
            header()
        ),
        Outcome::Duplicate | Outcome::Refused => return String::new(),
    };
    // Each ký số named, with whose certificate and whether it chains to a root the unit trusts.
    let ky_so: String = v.ky_so_said().iter().map(|d| format!(" Có {d}.")).collect();
    line + &ky_so
}

/// The line under an import: counts that add up, held files apart from
/// those taken in, and the files that are not PDFs named.
pub fn summary(received: &[Received]) -> String {
    let count = |f: fn(Outcome) -> bool| received.iter().filter(|r| f(r.outcome)).count();
    let taken = count(|o| matches!(o, Outcome::Accepted | Outcome::Replaced | Outcome::History | Outcome::Duplicate));
    let held =
        count(|o| matches!(o, Outcome::NewKey | Outcome::NotOnRoster | Outcome::OtherBranch | Outcome::NoBranch));
    let refused = count(|o| o == Outcome::Refused);
    let not_pdf: Vec<&str> = received
        .iter()
        // By what the file is, not its name: "ghi-chu.pdf" may hold plain text.
        .filter(|r| r.outcome == Outcome::Refused && r.message.contains(&crate::verify::Refusal::NotPdf.message()))
        .map(|r| r.file.as_str())
        .collect();
    let not_pdf = if not_pdf.is_empty() {
        String::new()
    } else {
        format!(" ({} tệp không phải PDF: {})", not_pdf.len(), not_pdf.join(", "))
    };
    format!(
        "Đã xử lý {} tệp: {taken} tệp đã nhận hoặc đã có, {held} tệp giữ lại chờ đồng chí quyết định, {refused} tệp \
         không nhận{not_pdf}.",
        received.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_pattern_takes_every_file_whose_whole_name_fits() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["x.pdf.pdf", "B.PDF", "2026-ke-hoach.pdf", "a2026-x.pdf", "ghi-chu.txt", "pdf"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let names = |pattern: &str| -> Vec<String> {
            let found = wildcard(&dir.path().join(pattern)).unwrap();
            found.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect()
        };
        assert_eq!(names("*.pdf"), ["2026-ke-hoach.pdf", "B.PDF", "a2026-x.pdf", "x.pdf.pdf"]);
        assert_eq!(names("2026-*.pdf"), ["2026-ke-hoach.pdf"]);
        assert_eq!(names("?.pdf"), ["B.PDF"]);
        assert!(wildcard(&dir.path().join("x.pdf.pdf")).is_none(), "a file that exists is not a pattern");
    }
}
