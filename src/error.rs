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

    #[error("Tệp dữ liệu {} {} và chưa được sửa đổi. {}", path.display(), why.as_deref().unwrap_or("bị hỏng"), backup_hint(backup))]
    Damaged {
        path: PathBuf,
        backup: Option<PathBuf>,
        /// SQLite's own words, for the log.
        detail: String,
        /// Why, in Vietnamese, when it is not plain damage.
        why: Option<String>,
    },

    #[error("Đã có dữ liệu tại {}. Dùng --force nếu thật sự muốn ghi đè (một bản sao lưu sẽ được tạo trước).", .0.display())]
    WouldOverwrite(PathBuf),

    #[error("{} {} (chi tiết: {source})", io_sentence(source.kind(), path), path.display())]
    Io { path: PathBuf, source: std::io::Error },

    #[error("Tệp dữ liệu {} chỉ đọc được: không có quyền ghi vào tệp hoặc thư mục của nó (ví dụ một ổ mạng chỉ đọc). Ứng dụng vẫn mở để xem và in; muốn sửa, hãy chép tệp về máy mình hoặc nhờ người quản trị máy cấp quyền ghi.", .0.display())]
    ReadOnly(PathBuf),

    #[error("Tệp dữ liệu đang bận (có thể một cửa sổ Cam Kết khác đang mở nó). Hãy đóng cửa sổ kia rồi thử lại.")]
    Busy,

    #[error("Tệp dữ liệu {} đang được ứng dụng Cam Kết (hoặc một lệnh khác) mở để ghi. Hãy đóng ứng dụng Cam Kết rồi chạy lại; tệp được để nguyên.", .0.display())]
    InUse(PathBuf),

    #[error("{0}")]
    Database(String),

    #[error("Ứng dụng gặp lỗi bên trong khi làm việc này nên chưa làm được; dữ liệu đã lưu trước đó vẫn nguyên. Đồng chí có thể làm tiếp việc khác; nếu lỗi lặp lại, hãy báo người hỗ trợ (kèm tệp nhật ký).")]
    Internal,

    #[error("Lỗi tạo tệp PDF: {0}")]
    Pdf(String),

    /// The member's USB token (ký số): not found, removed, locked, or a
    /// certificate that may not sign; the message says which and what to do.
    #[error("{0}")]
    Token(String),

    /// The token refused the PIN; the message says how many tries are left
    /// when the token tells.
    #[error("{0}")]
    WrongPin(String),

    /// The operating system could not do what was asked (no random numbers).
    #[error("Máy tính chưa làm được việc này: {0}. Hãy khởi động lại máy rồi thử lại.")]
    System(String),
}

/// What went wrong with a file, in words, by the kind of I/O error; the
/// system's own text follows as detail.
fn io_sentence(kind: std::io::ErrorKind, _path: &std::path::Path) -> &'static str {
    use std::io::ErrorKind as K;
    match kind {
        K::NotFound => "Không có tệp hoặc thư mục",
        K::PermissionDenied => "Không có quyền đọc hoặc ghi",
        K::AlreadyExists => "Đã có tệp",
        K::InvalidData => "Nội dung không đọc được (không phải văn bản UTF-8 hoặc tệp bị hỏng):",
        K::StorageFull => "Ổ đĩa đã đầy, không ghi được",
        K::ReadOnlyFilesystem => "Ổ đĩa chỉ đọc, không ghi được",
        K::IsADirectory => "Đây là một thư mục, không phải tệp:",
        K::NotADirectory => "Đường dẫn không phải thư mục:",
        K::UnexpectedEof => "Tệp bị cắt cụt:",
        K::Interrupted | K::TimedOut | K::WouldBlock => "Việc đọc/ghi bị gián đoạn, hãy thử lại:",
        _ => "Lỗi đọc/ghi tệp",
    }
}

fn backup_hint(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(p) => format!("Bản sao lưu gần nhất: {}.", p.display()),
        None => "Chưa có bản sao lưu nào.".to_string(),
    }
}

/// Stable machine-readable codes; never translated, never renamed. The UI
/// reacts to them through the generated TypeScript type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ErrorCode {
    Invalid,
    TooLong,
    Template,
    Unprintable,
    Conflict,
    NotReady,
    NotFound,
    NewerDatabase,
    Damaged,
    WouldOverwrite,
    Io,
    ReadOnly,
    Busy,
    Database,
    Pdf,
    /// A bug inside the backend (a panic caught, a value of ours that
    /// would not serialise), said in words.
    Internal,
    System,
    Token,
    WrongPin,
    /// A call from the page the backend could not read (wrong arguments).
    InvalidCall,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Invalid => "invalid",
            ErrorCode::TooLong => "too_long",
            ErrorCode::Template => "template",
            ErrorCode::Unprintable => "unprintable",
            ErrorCode::Conflict => "conflict",
            ErrorCode::NotReady => "not_ready",
            ErrorCode::NotFound => "not_found",
            ErrorCode::NewerDatabase => "newer_database",
            ErrorCode::Damaged => "damaged",
            ErrorCode::WouldOverwrite => "would_overwrite",
            ErrorCode::Io => "io",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::Busy => "busy",
            ErrorCode::Database => "database",
            ErrorCode::Pdf => "pdf",
            ErrorCode::Internal => "internal",
            ErrorCode::System => "system",
            ErrorCode::Token => "token",
            ErrorCode::WrongPin => "wrong_pin",
            ErrorCode::InvalidCall => "invalid_call",
        }
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid { .. } => ErrorCode::Invalid,
            Error::TooLong { .. } => ErrorCode::TooLong,
            Error::Template { .. } => ErrorCode::Template,
            Error::Unprintable { .. } => ErrorCode::Unprintable,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::NotReady(_) => ErrorCode::NotReady,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            Error::Damaged { .. } => ErrorCode::Damaged,
            Error::WouldOverwrite(_) => ErrorCode::WouldOverwrite,
            Error::Io { .. } => ErrorCode::Io,
            Error::ReadOnly(_) => ErrorCode::ReadOnly,
            Error::Busy | Error::InUse(_) => ErrorCode::Busy,
            Error::Database(_) => ErrorCode::Database,
            Error::Internal => ErrorCode::Internal,
            Error::Pdf(_) => ErrorCode::Pdf,
            Error::System(_) => ErrorCode::System,
            Error::Token(_) => ErrorCode::Token,
            Error::WrongPin(_) => ErrorCode::WrongPin,
        }
    }

    /// What the log keeps of this error: the code and, for errors about
    /// files and the database, the message and its cause; for errors about
    /// what a member typed, only the code and the field or section (their
    /// messages may quote the member's text).
    pub fn log_line(&self) -> String {
        match self {
            Error::Invalid { field, .. } => format!("{}: {field}", self.code()),
            Error::TooLong { field, limit, actual } => format!("{}: {field} ({actual}/{limit})", self.code()),
            Error::Unprintable { section, .. } => format!("{}: {section}", self.code()),
            Error::NotReady(items) => format!("{}: {} mục", self.code(), items.len()),
            Error::Conflict { .. }
            | Error::Template { .. }
            | Error::NotFound(_)
            | Error::NewerDatabase { .. }
            | Error::WouldOverwrite(_)
            | Error::ReadOnly(_)
            | Error::Busy
            | Error::InUse(_)
            | Error::Database(_)
            | Error::Internal
            | Error::System(_)
            | Error::Token(_)
            | Error::WrongPin(_)
            | Error::Pdf(_) => format!("{}: {self}", self.code()),
            Error::Damaged { detail, .. } => format!("{}: {self} ({detail})", self.code()),
            Error::Io { source, .. } => format!("{}: {self} [{:?}]", self.code(), source.kind()),
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Error {
        Error::Invalid { field: field.to_string(), message: message.into() }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    /// A bug of ours (a value of ours that would not serialise): the person
    /// is told it is the app's fault, the log keeps the detail.
    pub fn bug(detail: impl std::fmt::Display) -> Error {
        tracing::error!("lỗi bên trong: {detail}");
        Error::Internal
    }
}

/// SQLite's error codes as sentences; SQLite's own text follows as detail.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        let detail = e.to_string();
        let sentence = match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => return Error::Busy,
            Some(C::ReadOnly) => "Tệp dữ liệu chỉ đọc được, không ghi được thay đổi.",
            Some(C::DiskFull) => "Ổ đĩa đã đầy, không ghi được dữ liệu. Hãy giải phóng chỗ trống rồi thử lại.",
            Some(C::DatabaseCorrupt | C::NotADatabase) => "Tệp dữ liệu bị hỏng.",
            Some(C::CannotOpen) => "Không mở được tệp dữ liệu (thư mục không có hoặc không có quyền).",
            Some(C::PermissionDenied) => "Không có quyền truy cập tệp dữ liệu.",
            Some(C::SystemIoFailure) => "Lỗi đọc/ghi ổ đĩa khi dùng tệp dữ liệu.",
            Some(C::ConstraintViolation) if detail.contains("immutable") => {
                return Error::Database("Văn bản đã ký không thể sửa hay xóa; hãy sửa ở bản nháp mới.".into())
            }
            _ => "Lỗi cơ sở dữ liệu.",
        };
        Error::Database(format!("{sentence} (chi tiết: {detail})"))
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => err.into(),
            other => Error::Database(format!("Không nâng cấp được tệp dữ liệu (chi tiết: {other})")),
        }
    }
}

/// What crosses a process boundary (IPC, JSON output): `{code, message}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ErrorView {
    pub code: ErrorCode,
    pub message: String,
}

/// Every error that reaches a person through the app passes here, so it is
/// logged here (without any document text; see `Error::log_line`).
impl From<&Error> for ErrorView {
    fn from(e: &Error) -> Self {
        crate::log::error(e);
        ErrorView { code: e.code(), message: e.to_string() }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        ErrorView::from(self).serialize(s)
    }
}
