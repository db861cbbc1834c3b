//! One writer at a time: a process that opens the database for writing holds
//! an OS lock on a file beside it (`cam-ket.sqlite3.khoa`) until it closes.
//! SQLite's own locks last one transaction; this one lasts while the app is
//! open, so that `camket restore` or a second writer cannot replace or
//! change the file under it. The OS drops the lock when the process ends,
//! even after a crash, so a stale lock file never blocks anyone.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held while alive.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// The lock file of the database at `db`.
pub fn path_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".khoa");
    PathBuf::from(name)
}

impl Lock {
    /// Takes the lock, or says who may hold it.
    pub fn take(db: &Path) -> Result<Lock> {
        let path = path_of(db);
        let file =
            OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::InUse(db.to_path_buf())),
            Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
        }
    }
}
