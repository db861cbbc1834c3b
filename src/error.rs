//! One error type for the whole library. Every error has a stable code (for
//! programs: the UI reacts to it) and a Vietnamese message (for people).

use serde::Serialize;
use std::path::PathBuf;

pub type Result<T> = std::result::Result<T, Error>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    Invalid { field: String, message: String },

    #[error("Nội dung “{field}” quá dài: tối đa {limit} ký tự, hiện có {actual} ký tự.")]
    TooLong { field: String, limit: usize, actual: usize },

    #[error("Mẫu văn bản không hợp lệ (dòng {line}): {reason}")]
    Template { line: usize, reason: String },

    #[error("Mục “{section}” có {what}, không in được bằng phông chữ của văn bản (ở đoạn “{context}”). Hãy xóa hoặc thay ký tự này.")]
    Unprintable { what: String, section: String, context: String },

    #[error("Văn bản đã được sửa ở nơi khác (phiên bản {current}, đồng chí đang sửa phiên bản {base}). Nội dung của đồng chí chưa được lưu; hãy tải lại rồi nhập lại.")]
    Conflict { base: i64, current: i64 },

    #[error("Chưa thể ký: {}", .0.join("; "))]
    NotReady(Vec<String>),

    #[error("Không tìm thấy {0}.")]
    NotFound(String),

    #[error("Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của Cam Kết (lược đồ {found}, phiên bản này chỉ đọc được đến {supported}). Hãy cập nhật ứng dụng; tệp dữ liệu được giữ nguyên.")]
    NewerDatabase { found: i64, supported: i64 },

    #[error("Tệp dữ liệu {} bị hỏng và chưa được sửa đổi. {}", path.display(), backup_hint(backup))]
    Damaged { path: PathBuf, backup: Option<PathBuf>, detail: String },

    #[error("Đã có dữ liệu tại {}. Dùng --force nếu thật sự muốn ghi đè (một bản sao lưu sẽ được tạo trước).", .0.display())]
    WouldOverwrite(PathBuf),

    #[error("Lỗi đọc/ghi tệp {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },

    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Database(String),

    #[error("Lỗi tạo tệp PDF: {0}")]
    Pdf(String),
}

fn backup_hint(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(p) => format!("Bản sao lưu gần nhất: {}.", p.display()),
        None => "Chưa có bản sao lưu nào.".to_string(),
    }
}

impl Error {
    /// Stable machine-readable code; never translated, never renamed.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::TooLong { .. } => "too_long",
            Error::Template { .. } => "template",
            Error::Unprintable { .. } => "unprintable",
            Error::Conflict { .. } => "conflict",
            Error::NotReady(_) => "not_ready",
            Error::NotFound(_) => "not_found",
            Error::NewerDatabase { .. } => "newer_database",
            Error::Damaged { .. } => "damaged",
            Error::WouldOverwrite(_) => "would_overwrite",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::Pdf(_) => "pdf",
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Error {
        Error::Invalid { field: field.to_string(), message: message.into() }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Database(e.to_string())
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        Error::Database(e.to_string())
    }
}

/// What crosses a process boundary (IPC, JSON output): `{code, message}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ErrorView {
    pub code: String,
    pub message: String,
}

impl From<&Error> for ErrorView {
    fn from(e: &Error) -> Self {
        ErrorView { code: e.code().to_string(), message: e.to_string() }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        ErrorView::from(self).serialize(s)
    }
}
