//! One writer at a time: a process that opens the database for writing holds
//! an OS lock until it closes. SQLite's own locks last one transaction; this
//! one lasts while the app is open, so that `camket restore` or a second
//! writer cannot replace or change the file under it. The OS drops the lock
//! when the process ends, even after a crash, so a stale lock file never
//! blocks anyone.
//!
//! The lock is a file beside the database's real path (symbolic links
//! resolved: `cam-ket.sqlite3.khoa`); on Unix the database file itself is
//! locked too (`flock`, which SQLite's `fcntl` locks do not see), so a hard
//! link under another name is the same database. Windows keeps the lock
//! file only: locking the whole database file there would block SQLite's
//! own byte-range locks.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held while alive.
#[derive(Debug)]
pub struct Lock {
    _files: Vec<File>,
}

/// The database's real path: links resolved, the file itself may not exist yet.
fn real(db: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(db) {
        return p;
    }
    let dir = db.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (std::fs::canonicalize(dir), db.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => db.to_path_buf(),
    }
}

/// The lock file of the database at `db`.
pub fn path_of(db: &Path) -> PathBuf {
    let mut name = real(db).into_os_string();
    name.push(".khoa");
    PathBuf::from(name)
}

impl Lock {
    /// Takes the lock, or says who may hold it.
    pub fn take(db: &Path) -> Result<Lock> {
        let path = path_of(db);
        // A pipe would wait forever when opened, a folder cannot be locked.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            return Err(Error::invalid(
                "db",
                format!(
                    "{} phải là tệp khóa của Cam Kết nhưng lại là thư mục, thiết bị hoặc đường ống; hãy xóa nó rồi \
                     chạy lại. Tệp dữ liệu được để nguyên.",
                    path.display()
                ),
            ));
        }
        let file =
            OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| Error::io(&path, e))?;
        let mut files = vec![file];
        if cfg!(unix) {
            if let Ok(itself) = File::open(real(db)) {
                files.push(itself);
            }
        }
        for file in &files {
            // A lock just given up can still be held for a moment by a child
            // process being started (it shares the file until it replaces
            // itself with the program, which drops it): a short wait before
            // saying that another program has the database.
            let deadline = std::time::Instant::now() + std::time::Duration::from_millis(500);
            loop {
                match file.try_lock() {
                    Ok(()) => break,
                    Err(TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                        std::thread::sleep(std::time::Duration::from_millis(10));
                    }
                    Err(TryLockError::WouldBlock) => return Err(Error::InUse(db.to_path_buf())),
                    Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
                }
            }
        }
        Ok(Lock { _files: files })
    }
}
