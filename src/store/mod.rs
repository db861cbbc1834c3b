//! The SQLite store: opening with checks, migrations, backups, and the
//! queries of the member's data (in `documents.rs`).

mod backup;
mod carried;
mod documents;
mod lock;
pub mod migrations;
mod records;
mod roots;

pub use backup::{backup_to, latest_backup, list_backups, restore};
pub use carried::Carried;
pub(crate) use documents::write_profile;
pub use documents::DocumentInfo;
pub use lock::path_of as lock_path;
pub use records::{KySo, SentState, SignedVersion};
pub(crate) use roots::add_roots;

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub struct Store {
    conn: Connection,
    /// Held by a store open for writing; dropped after the connection.
    _lock: Option<lock::Lock>,
}

/// The default database in the OS data folder ("Cam Kết" beside other
/// applications' data). The desktop app passes Tauri's path instead.
/// The desktop app's identifier: the name of its folder in the OS data folder.
pub const APP_ID: &str = "vn.camket.app";

pub fn default_path() -> Result<PathBuf> {
    let base = dirs::data_dir().ok_or_else(|| {
        Error::invalid("db", "Không xác định được thư mục dữ liệu của hệ điều hành; hãy chỉ định --db.")
    })?;
    // The desktop app's folder (its identifier in tauri.conf.json), so that
    // the command line and the app use the same data.
    Ok(base.join(APP_ID).join("cam-ket.sqlite3"))
}

impl Store {
    /// Opens (or creates) the database at `path`. An existing file is checked
    /// read-only first, so a damaged or newer file is refused and left
    /// byte-for-byte as it was.
    pub fn open(path: &Path) -> Result<Store> {
        not_a_device(path)?;
        let existed = path.exists();
        if existed {
            check_existing(path)?;
        } else if latest_backup(path).ok().flatten().is_some() {
            // Backups without their database: it was deleted or moved, not never made.
            return Err(damaged(path, "tệp dữ liệu không còn, nhưng có bản sao lưu".into()));
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        check_writable(path)?;
        if !existed {
            // Made empty first, so that the lock holds the file itself too.
            std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(|e| Error::io(path, e))?;
        }
        let lock = lock::Lock::take(path)?;
        let mut conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA busy_timeout = 5000;",
        )?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if existed && version < migrations::LATEST {
            backup::automatic(&conn, path, "truoc-nang-cap")?;
            tracing::info!("nâng cấp tệp dữ liệu từ lược đồ {version} lên {}", migrations::LATEST);
        }
        // Off while the schema changes, as SQLite asks for a table made
        // again (migration 9), then on for good.
        conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
        migrations::migrations().to_latest(&mut conn)?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        if existed {
            backup::daily(&conn, path)?;
        }
        conn.execute("UPDATE identity SET sessions = sessions + 1", [])?;
        Ok(Store { conn, _lock: Some(lock) })
    }

    /// Opens a database that must already exist (for commands that only read).
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::NotFound(format!("tệp dữ liệu {}", path.display())));
        }
        Store::open(path)
    }

    /// Opens an existing database for reading only: no WAL switch, no
    /// migration, no backup; the file is left byte for byte as it was.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::NotFound(format!("tệp dữ liệu {}", path.display())));
        }
        not_a_device(path)?;
        if std::fs::metadata(path).map(|m| m.len() == 0).unwrap_or(false) {
            return Err(Error::invalid(
                "db",
                format!("Tệp dữ liệu {} trống (0 byte): không có gì để đọc. Tệp được để nguyên.", path.display()),
            ));
        }
        check_existing(path)?;
        let conn = open_for_reading(path)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version < migrations::LATEST {
            return Err(Error::invalid(
                "db",
                format!(
                    "Tệp dữ liệu {} do phiên bản cũ hơn của Cam Kết ghi; hãy mở nó một lần bằng ứng dụng (hoặc một \
                     lệnh ghi như “camket branch import”) để nâng cấp, rồi chạy lại lệnh này.",
                    path.display()
                ),
            ));
        }
        conn.execute_batch("PRAGMA query_only = ON;")?;
        Ok(Store { conn, _lock: None })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// `PRAGMA integrity_check` (the full check; opening runs the quick one).
    pub fn integrity_ok(&self) -> Result<bool> {
        let result: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(result == "ok")
    }
}

/// The checks made before anything may write to an existing file.
/// Opens for reading only. A database in write-ahead-log mode needs its
/// `-shm` file even to be read; in a folder that cannot be written (a
/// read-only share) it is opened as immutable instead, which nothing is
/// writing to there.
fn open_for_reading(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let plain = Connection::open_with_flags(path, flags)
        .and_then(|c| c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).map(|_| c));
    let damaged = |e: &rusqlite::Error| {
        matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase))
    };
    match plain {
        Err(e) if !damaged(&e) => {
            let mut uri = url_path(path);
            uri.push_str("?immutable=1");
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
        }
        other => other,
    }
}

/// `path` as a `file:` URI (percent-encoding what a URI cannot hold; on
/// Windows `C:\a` becomes `file:/C:/a`).
fn url_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from(if text.as_bytes().get(1) == Some(&b':') { "file:/" } else { "file:" });
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn damaged(path: &Path, detail: String) -> Error {
    Error::Damaged { path: path.to_path_buf(), backup: latest_backup(path).ok().flatten(), detail, why: None }
}

/// A database that reads but is not this member's to open, said why.
fn not_ours(path: &Path, why: &str) -> Error {
    Error::Damaged {
        path: path.to_path_buf(),
        backup: latest_backup(path).ok().flatten(),
        detail: why.to_string(),
        why: Some(why.to_string()),
    }
}

/// A database is a regular file: a device (`/dev/null`), a folder or a pipe
/// is refused before anything is opened or made beside it.
pub(super) fn not_a_device(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => Err(Error::invalid(
            "db",
            format!("{} không phải tệp dữ liệu (là thư mục, thiết bị hoặc đường ống). Chưa làm gì.", path.display()),
        )),
        _ => Ok(()),
    }
}

/// Refuses to open for writing a file or folder that cannot be written
/// (SQLite would open it and fail at the first write, in English).
fn check_writable(path: &Path) -> Result<()> {
    let read_only = |e: &std::io::Error| {
        matches!(e.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem)
    };
    if path.exists() {
        if let Err(e) = std::fs::OpenOptions::new().append(true).open(path) {
            return Err(if read_only(&e) { Error::ReadOnly(path.to_path_buf()) } else { Error::io(path, e) });
        }
    }
    // The journal is written beside the file.
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let probe = dir.join(format!(".cam-ket-ghi-thu-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) if read_only(&e) => Err(Error::ReadOnly(path.to_path_buf())),
        Err(e) => Err(Error::io(dir, e)),
    }
}

fn check_existing(path: &Path) -> Result<()> {
    let damaged = |detail: String| damaged(path, detail);
    // An empty file where backups exist is a database that lost its content
    // (a full disk, a failed copy), not a first launch.
    if std::fs::metadata(path).map(|m| m.len() == 0).unwrap_or(false) && latest_backup(path).ok().flatten().is_some() {
        return Err(damaged("tệp dữ liệu trống".into()));
    }
    let conn = open_for_reading(path).map_err(|e| damaged(e.to_string()))?;
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| damaged(e.to_string()))?;
    if check != "ok" {
        return Err(damaged(check));
    }
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| damaged(e.to_string()))?;
    if found > migrations::LATEST {
        return Err(Error::NewerDatabase { found, supported: migrations::LATEST });
    }
    // Another program's SQLite file is never "upgraded" into ours.
    let tables: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(|e| damaged(e.to_string()))?;
    // Ours from its first schema on: a profile and documents (and from 11 on its identity).
    let has = |table: &str| {
        conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)", [table], |r| {
            r.get::<_, bool>(0)
        })
        .unwrap_or(false)
    };
    let ours = match found {
        0 => tables == 0,
        v => has("profile") && has("documents") && (v < IDENTITY_SINCE || has("identity")),
    };
    if !ours {
        return Err(not_ours(path, "là tệp SQLite của một chương trình khác, không phải dữ liệu của Cam Kết"));
    }
    if found >= IDENTITY_SINCE {
        wal_belongs(path, &conn).map_err(|why| not_ours(path, &why))?;
    }
    Ok(())
}

/// The migration that gave a database its identity.
const IDENTITY_SINCE: i64 = 11;

/// A write-ahead log left beside the file (after a crash) is this
/// database's own: the identity read through it must be the one in the
/// file alone. One left by another database (its file copied over this
/// one) would be replayed into it, showing another member's data.
fn wal_belongs(path: &Path, through_log: &Connection) -> std::result::Result<(), String> {
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    if std::fs::metadata(PathBuf::from(log)).map(|m| m.len() == 0).unwrap_or(true) {
        return Ok(());
    }
    let id = |c: &Connection| c.query_row("SELECT id FROM identity", [], |r| r.get::<_, String>(0));
    let seen = id(through_log).map_err(|e| format!("không đọc được ({e})"))?;
    // immutable=1 reads the file as it is, without the log.
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    // A file whose identity is still only in the log (made, not yet
    // checkpointed) has nothing to compare with.
    let Ok(alone) = Connection::open_with_flags(format!("{}?immutable=1", url_path(path)), flags).and_then(|c| id(&c))
    else {
        return Ok(());
    };
    if seen != alone {
        return Err("có nhật ký ghi dở (tệp -wal) bên cạnh là của một tệp dữ liệu khác (nếu mở, máy sẽ hiện dữ \
                    liệu của người khác)"
            .into());
    }
    Ok(())
}

/// The current time as stored: RFC 3339 in UTC. On the day `CAMKET_TODAY`
/// names (a demo or a test of the yearly cycle), that day in Vietnam at the
/// clock's time of day, so that what is signed or recorded "now" agrees
/// with the app's today.
pub(crate) fn now() -> String {
    let clock = chrono::Utc::now();
    let at = match std::env::var("CAMKET_TODAY").ok().and_then(|d| d.parse::<chrono::NaiveDate>().ok()) {
        Some(day) => {
            let vietnam = chrono::TimeDelta::hours(7);
            let time = (clock.naive_utc() + vietnam).time();
            (day.and_time(time) - vietnam).and_utc()
        }
        None => clock,
    };
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
