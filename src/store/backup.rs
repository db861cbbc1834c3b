//! Consistent copies of the database: automatic ones beside it (before a
//! migration, at most once a day, the last 10 kept) and explicit ones.

use super::check_existing;
use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

const KEEP: usize = 10;

/// Folder of the automatic backups of the database at `db`.
fn backup_dir(db: &Path) -> PathBuf {
    db.with_file_name("sao-luu")
}

fn stem(db: &Path) -> String {
    db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "du-lieu".into())
}

/// The automatic backups of `db`, oldest first.
pub fn list_backups(db: &Path) -> Result<Vec<PathBuf>> {
    let dir = backup_dir(db);
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let prefix = format!("{}-", stem(db));
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io(&dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            name.starts_with(&prefix) && name.ends_with(".sqlite3")
        })
        .collect();
    // Names carry a sortable UTC time stamp.
    found.sort();
    Ok(found)
}

pub fn latest_backup(db: &Path) -> Result<Option<PathBuf>> {
    Ok(list_backups(db)?.pop())
}

/// Writes a consistent copy of the open database to `out`: to a temporary
/// name first, renamed when complete, so `out` is never half written.
fn copy_to(conn: &Connection, out: &Path) -> Result<()> {
    let tmp = out.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let target = tmp.to_string_lossy().into_owned();
    conn.execute("VACUUM INTO ?1", [&target])?;
    std::fs::rename(&tmp, out).map_err(|e| Error::io(out, e))
}

/// An automatic backup tagged with `reason`, then the oldest pruned.
pub(super) fn automatic(conn: &Connection, db: &Path, reason: &str) -> Result<PathBuf> {
    let dir = backup_dir(db);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f");
    let out = dir.join(format!("{}-{stamp}-{reason}.sqlite3", stem(db)));
    copy_to(conn, &out)?;
    tracing::info!("sao lưu tự động: {}", out.display());
    let all = list_backups(db)?;
    // The newest backup that holds a profile and documents is never pruned:
    // daily backups of an emptied database must not push the good ones out.
    let keep = all.iter().rposition(|p| holds_work(p));
    for (i, old) in all.iter().enumerate().take(all.len().saturating_sub(KEEP)) {
        if Some(i) != keep {
            let _ = std::fs::remove_file(old);
        }
    }
    Ok(out)
}

/// The backup holds a member's work: a profile and at least one document.
fn holds_work(path: &Path) -> bool {
    let Ok(conn) = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) else { return false };
    conn.query_row("SELECT EXISTS (SELECT 1 FROM profile) AND EXISTS (SELECT 1 FROM documents)", [], |r| {
        r.get::<_, bool>(0)
    })
    .unwrap_or(false)
}

/// At most one automatic backup a day.
pub(super) fn daily(conn: &Connection, db: &Path) -> Result<()> {
    let today = format!("{}-{}", stem(db), chrono::Utc::now().format("%Y%m%d"));
    let done_today = latest_backup(db)?
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().starts_with(&today)))
        .unwrap_or(false);
    if !done_today {
        automatic(conn, db, "hang-ngay")?;
    }
    Ok(())
}

/// `camket backup`: a consistent copy of `db` at `out`, which must not exist.
pub fn backup_to(db: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        return Err(Error::invalid(
            "out",
            format!("Đã có tệp {}; hãy chọn một tên khác để sao lưu. Chưa ghi gì.", out.display()),
        ));
    }
    // The app may have it open (or its lock file be odd): a backup only
    // reads, so it reads beside it.
    let store = match super::Store::open_existing(db) {
        Err(first) => {
            let store = super::Store::open_read_only(db).map_err(|_| first)?;
            // VACUUM INTO writes only its output; the connection stays read-only.
            store.conn().execute_batch("PRAGMA query_only = OFF;")?;
            store
        }
        other => other?,
    };
    copy_to(store.conn(), out)
}

fn not_a_backup(from: &Path) -> Error {
    Error::invalid(
        "from",
        format!(
            "Tệp {} không phải bản sao lưu hợp lệ của Cam Kết (hỏng, cắt cụt hoặc là tệp khác). Chưa thay đổi gì.",
            from.display()
        ),
    )
}

/// `camket restore`: replaces `db` with the backup `from`. A good database is
/// only replaced with `force`, and is backed up first; a damaged one is moved
/// aside, never deleted.
pub fn restore(db: &Path, from: &Path, force: bool) -> Result<()> {
    if !from.exists() {
        return Err(Error::NotFound(format!("tệp sao lưu {}", from.display())));
    }
    crate::files::regular(from)?;
    super::not_a_device(db)?;
    let empty = std::fs::metadata(from).map(|m| m.len() == 0).unwrap_or(true);
    match check_existing(from) {
        Err(Error::Damaged { .. }) => return Err(not_a_backup(from)),
        Ok(()) if empty => return Err(not_a_backup(from)),
        other => other?,
    }
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    // Never under a process that has the database open.
    let _lock = super::lock::Lock::take(db)?;
    if db.exists() {
        match check_existing(db) {
            Ok(()) if !force => return Err(Error::WouldOverwrite(db.to_path_buf())),
            Ok(()) => {
                let conn = Connection::open(db)?;
                automatic(&conn, db, "truoc-khoi-phuc")?;
            }
            // A newer app's database is good data this version cannot read: never replaced unasked.
            Err(e @ Error::NewerDatabase { .. }) if !force => return Err(e),
            Err(_) => {
                let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
                let aside = db.with_extension(format!("hong-{stamp}.sqlite3"));
                std::fs::rename(db, &aside).map_err(|e| Error::io(db, e))?;
            }
        }
    }
    // A name of our own beside it: never a file the person keeps there.
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = db.with_file_name(format!(".{name}.{}.khoi-phuc.tmp", std::process::id()));
    // On the disk before it takes the database's name: a power cut after the
    // rename must find the restored file whole, not a name over no data.
    let copied = std::fs::copy(from, &tmp).and_then(|_| std::fs::File::open(&tmp)?.sync_all());
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(&tmp, e));
    }
    // A write-ahead log left from the old database would be replayed into the new one.
    for suffix in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    std::fs::rename(&tmp, db).map_err(|e| Error::io(db, e))?;
    crate::files::sync_folder_of(db)?;
    tracing::info!("đã khôi phục {} từ {}", db.display(), from.display());
    Ok(())
}
