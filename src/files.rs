//! Writing files so that a failure never leaves half a file where a good
//! one was: write to a temporary name beside the target, then rename.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Reads a file the person named: a regular file only (a pipe would wait
/// forever, a device never ends), and never more than `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    regular(path)?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::invalid(
            "file",
            format!("Tệp {} quá lớn (tối đa {} KB); đây không phải tệp cần chọn.", path.display(), limit / 1024),
        ));
    }
    Ok(bytes)
}

/// `path` is a regular file (not a folder, a device or a pipe), said in words otherwise.
pub fn regular(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_file() {
        Ok(())
    } else {
        Err(not_regular(path))
    }
}

pub fn not_regular(path: &Path) -> Error {
    Error::invalid(
        "file",
        format!(
            "{} không phải một tệp thường (là thư mục, thiết bị hoặc đường ống); hãy chọn một tệp.",
            path.display()
        ),
    )
}

/// Writes a file the person named into a folder that must already exist: a
/// mistyped folder is said, not silently created.
pub fn write_into_existing_folder(path: &Path, bytes: &[u8]) -> Result<()> {
    check_folder(path)?;
    write_atomic(path, bytes)
}

/// The folder `path` goes into exists: said before any work is done.
fn check_folder(path: &Path) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::invalid(
            "out",
            format!("Thư mục {} không có; hãy tạo thư mục đó trước hoặc chọn nơi khác để ghi tệp.", dir.display()),
        ));
    }
    Ok(())
}

/// Refuses to write `out` over `protected` (the database a command reads)
/// or over something that is not a plain file (a device, a folder).
pub fn check_target(out: &Path, protected: &Path) -> Result<()> {
    check_folder(out)?;
    let same = match (std::fs::canonicalize(out), std::fs::canonicalize(protected)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Error::invalid(
            "out",
            format!("{} là tệp dữ liệu đang đọc; hãy chọn một tên tệp khác để ghi kết quả.", out.display()),
        ));
    }
    Ok(())
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.exists() && !path.is_file() {
        return Err(Error::invalid(
            "out",
            format!("{} không phải một tệp thường (là thư mục hoặc thiết bị); hãy chọn tên tệp khác.", path.display()),
        ));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })?;
    sync_folder_of(path)
}

/// Makes a rename in `path`'s folder durable: on Unix the folder's entry is
/// only on the disk once the folder itself is synced. Windows has no such
/// call (its renames are journaled), so there it does nothing.
pub fn sync_folder_of(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| Error::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
