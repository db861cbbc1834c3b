//! The SQLite store: opening with checks, migrations, backups, and the
//! queries of the member's data (in `documents.rs`).

mod backup;
mod documents;
pub mod migrations;
mod records;

pub use backup::{backup_to, latest_backup, list_backups, restore};
pub(crate) use documents::write_profile;
pub use documents::DocumentInfo;
pub use records::{SentState, SignedVersion};

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub struct Store {
    conn: Connection,
}

/// The default database in the OS data folder ("Cam Kết" beside other
/// applications' data). The desktop app passes Tauri's path instead.
pub fn default_path() -> Result<PathBuf> {
    let base = dirs::data_dir().ok_or_else(|| {
        Error::invalid("db", "Không xác định được thư mục dữ liệu của hệ điều hành; hãy chỉ định --db.")
    })?;
    Ok(base.join("cam-ket").join("cam-ket.sqlite3"))
}

impl Store {
    /// Opens (or creates) the database at `path`. An existing file is checked
    /// read-only first, so a damaged or newer file is refused and left
    /// byte-for-byte as it was.
    pub fn open(path: &Path) -> Result<Store> {
        let existed = path.exists();
        if existed {
            check_existing(path)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let mut conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;",
        )?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if existed && version < migrations::LATEST {
            backup::automatic(&conn, path, "truoc-nang-cap")?;
        }
        migrations::migrations().to_latest(&mut conn)?;
        if existed {
            backup::daily(&conn, path)?;
        }
        Ok(Store { conn })
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
        check_existing(path)?;
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
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
        Ok(Store { conn })
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
fn check_existing(path: &Path) -> Result<()> {
    let damaged = |detail: String| Error::Damaged {
        path: path.to_path_buf(),
        backup: latest_backup(path).ok().flatten(),
        detail,
    };
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| damaged(e.to_string()))?;
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| damaged(e.to_string()))?;
    if check != "ok" {
        return Err(damaged(check));
    }
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| damaged(e.to_string()))?;
    if found > migrations::LATEST {
        return Err(Error::NewerDatabase { found, supported: migrations::LATEST });
    }
    Ok(())
}

/// The current time as stored: RFC 3339 in UTC.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
