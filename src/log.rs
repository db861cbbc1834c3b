//! The log, for when a member says "it did not work": a small text file in
//! the OS's folder for logs, rotated by size (the current file and one older
//! file, each at most `LIMIT` bytes). It records start-up checks, migrations,
//! backups and errors with their cause; never the text of a document (see
//! `Error::log_line`).

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub const FILE: &str = "cam-ket.log";
const OLDER: &str = "cam-ket.1.log";
pub const LIMIT: u64 = 256 * 1024;

/// The log file, rotated when a write would take it past `LIMIT`.
struct Rotating {
    dir: PathBuf,
    file: Mutex<Option<(File, u64)>>,
}

impl Rotating {
    fn write_line(&self, bytes: &[u8]) -> std::io::Result<()> {
        let mut guard = self.file.lock().map_err(|_| std::io::Error::other("log"))?;
        if guard.as_ref().is_some_and(|(_, size)| size + bytes.len() as u64 > LIMIT) {
            *guard = None;
            std::fs::rename(self.dir.join(FILE), self.dir.join(OLDER))?;
        }
        if guard.is_none() {
            let file = OpenOptions::new().create(true).append(true).open(self.dir.join(FILE))?;
            let size = file.metadata()?.len();
            *guard = Some((file, size));
        }
        if let Some((file, size)) = guard.as_mut() {
            file.write_all(bytes)?;
            *size += bytes.len() as u64;
        }
        Ok(())
    }
}

/// One write of the formatter: collected, then written as one line.
struct Line<'a>(&'a Rotating, Vec<u8>);

impl Write for Line<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.1.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Line<'_> {
    fn drop(&mut self) {
        // A log that cannot be written must not stop the app.
        let _ = self.0.write_line(&self.1);
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Rotating {
    type Writer = Line<'a>;
    fn make_writer(&'a self) -> Self::Writer {
        Line(self, Vec::new())
    }
}

/// Starts logging into `dir` (created if needed); returns the log file's path.
/// A second call in the same process keeps the first log.
pub fn init(dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let writer = Rotating { dir: dir.to_path_buf(), file: Mutex::new(None) };
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_target(false)
        .with_max_level(tracing::Level::INFO);
    let _ = subscriber.try_init();
    Ok(dir.join(FILE))
}

/// Records an error a person saw, with its cause (never a document's text).
pub fn error(e: &Error) {
    tracing::warn!("{}", e.log_line());
}

/// The first line of a run: the version and the database's place.
pub fn started(db: &Path) {
    tracing::info!("Cam Kết {} khởi động; tệp dữ liệu {}", env!("CARGO_PKG_VERSION"), db.display());
}
