//! The branch: the secretary's table, files taken in, confirmations,
//! what is printed and saved, and the settings file; and the member's side
//! of what the branch sends back.

use super::*;

/// The year's branch table, only the rows the filter keeps.
pub fn branch_table(
    store: &Store,
    year: i32,
    filter: &crate::branch::status::Filter,
    today: NaiveDate,
) -> Result<crate::branch::status::YearTable> {
    let mut table = crate::branch::status::year_table(store, year, today)?;
    table.rows.retain(|r| r.keep(filter));
    Ok(table)
}

/// The PDF of a received file as the branch has it: confirmed, or as sent.
pub fn submission_pdf(store: &Store, submission_id: i64) -> Result<Vec<u8>> {
    if let Some(pdf) = crate::branch::confirm::confirmed_pdf(store, submission_id)? {
        return Ok(pdf);
    }
    use rusqlite::OptionalExtension;
    store
        .conn()
        .query_row("SELECT pdf FROM submissions WHERE id = ?1", [submission_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("tệp đã nhận số {submission_id}")))
}

/// What the branch sent back, brought in by the member: the confirmed PDF,
/// or the notice that a version was returned to be corrected (`.json`).
pub fn import_from_branch(store: &Store, path: &std::path::Path) -> Result<String> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        import_return(store, path)
    } else {
        import_confirmation(store, path)
    }
}

/// The branch's return notice: signed by the secretary whose settings the
/// member accepted (when any were), for one of the member's signed versions.
pub fn import_return(store: &Store, path: &std::path::Path) -> Result<String> {
    const MAX: u64 = 64 * 1024;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() || meta.len() > MAX {
        return Err(Error::invalid("file", "Tệp này không phải giấy báo trả lại của chi bộ (Cam Kết)."));
    }
    let bytes = crate::files::read_regular(path, MAX)?;
    let n = crate::branch::confirm::read_return_notice(&bytes)?;
    let record_id = store
        .record_by_fingerprint(&n.record_sha256)?
        .ok_or_else(|| Error::invalid("file", "Giấy báo không nói về văn bản đồng chí đã ký trên máy này."))?;
    crate::branch::settings::check_issuer(store.conn(), &n.public_key, "Giấy báo trả lại")?;
    if store.has_return(record_id, &bytes)? {
        return Err(Error::invalid("file", "Giấy báo này đã được mở trước đây."));
    }
    let on = n.date.map(|d| format!(" ngày {}", crate::dates::format_date(d))).unwrap_or_default();
    let line = format!("Chi bộ trả lại để sửa{on} (bí thư {}): {}", n.secretary, n.note);
    store.keep_return(record_id, &line, &bytes)?;
    Ok(line)
}

/// The member brings the branch's confirmed PDF back in: it must verify,
/// carry a confirmation signed by the secretary whose settings the member
/// accepted, and be of one of the member's own signed versions.
/// Returns what the board will say.
pub fn import_confirmation(store: &Store, path: &std::path::Path) -> Result<String> {
    let unusable = |r: crate::verify::Refusal| Error::invalid("file", format!("Tệp không dùng được: {}.", r.message()));
    // Read once: the bytes kept are the bytes verified.
    let pdf = crate::verify::read_checked(path).map_err(unusable)?;
    let v = crate::verify::verify_with_roots(&pdf, &store.trusted_roots()?).map_err(unusable)?;
    let c = v.confirmation.ok_or_else(|| {
        Error::invalid("file", "Tệp này chưa có xác nhận của chi bộ (đây là bản đồng chí đã ký, chưa qua chi bộ).")
    })?;
    let record_id = store
        .record_by_fingerprint(&v.record.fingerprint)?
        .ok_or_else(|| Error::invalid("file", "Văn bản trong tệp không phải văn bản đồng chí đã ký trên máy này."))?;
    crate::branch::settings::check_issuer(store.conn(), &c.public_key, "Xác nhận của chi bộ")?;
    let line = format!(
        "Chi bộ đã xác nhận ngày {} ({} {})",
        c.date.parse().map(crate::dates::format_date).unwrap_or(c.date.clone()),
        c.function.to_lowercase(),
        c.secretary
    );
    store.keep_confirmation(record_id, &c.date, &line, &pdf)?;
    Ok(line)
}

/// The secretary's settings file of `year`, with the unit's template files.
pub fn branch_settings_file(
    store: &Store,
    year: i32,
    template_files: &[std::path::PathBuf],
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let sources = template_files.iter().map(|p| crate::template::read_file(p)).collect::<Result<Vec<String>>>()?;
    crate::branch::settings::make(store, year, &sources, today)
}

/// Writes the secretary's settings file of `year` to `out`, then notes that
/// the year's settings were handed out (from then on a file of that year
/// signed without the branch's key is held): never noted for a file that
/// could not be written.
pub fn save_branch_settings(
    store: &Store,
    year: i32,
    template_files: &[std::path::PathBuf],
    today: NaiveDate,
    out: &std::path::Path,
) -> Result<()> {
    let file = branch_settings_file(store, year, template_files, today)?;
    crate::files::write_into_existing_folder(out, &file)?;
    crate::branch::identity::settings_issued(store.conn(), year)
}

/// A settings file the member chose, with what accepting it would change;
/// the caller keeps the file's bytes and gives exactly those to
/// `accept_settings`, which checks them again.
#[derive(Debug, Clone)]
pub struct OpenedSettings {
    pub preview: crate::branch::settings::SettingsPreview,
    pub file: Vec<u8>,
}

pub fn open_settings(store: &Store, path: &std::path::Path) -> Result<OpenedSettings> {
    let file = crate::branch::settings::read_file(path)?;
    let settings = crate::branch::settings::read(&file)?;
    Ok(OpenedSettings { preview: crate::branch::settings::preview(store, &settings)?, file })
}

/// Applies a settings file (the bytes the member previewed); `new_key` is
/// the fingerprint of a new secretary key the member confirmed separately.
/// Returns what the app tells the member.
pub fn accept_settings(store: &mut Store, file: &[u8], new_key: Option<&str>) -> Result<String> {
    let s = crate::branch::settings::accept(store, file, new_key)?;
    Ok(format!("Đã áp dụng thiết lập của chi bộ năm {} ({}).", s.year, s.issued_by))
}

/// "Xác nhận" of the files chosen, on `today`, with the remark and the
/// secretary's signature image if drawn. Each confirmed one stays so; when
/// any could not be, the answer is an error that says which went through
/// and which did not, with why.
pub fn confirm_documents(
    store: &Store,
    ids: &[i64],
    remark: &str,
    signature_png: Option<&[u8]>,
    today: NaiveDate,
) -> Result<String> {
    let image = signature_png.map(crate::signature::SignatureImage::from_png).transpose()?;
    said(crate::branch::confirm::confirm_each(store, ids, remark, today, image.as_ref(), None)?)
}

/// What a batch of confirmations did, as one message; a failure when any was not confirmed.
fn said(batch: crate::branch::confirm::Batch) -> Result<String> {
    if batch.failed.is_empty() {
        Ok(batch.said())
    } else {
        Err(Error::invalid("confirm", batch.said()))
    }
}

/// "Xác nhận" of the files chosen, each signed with the secretary's
/// certificate on the token (ký số), one PIN for the batch.
#[allow(clippy::too_many_arguments)]
pub fn confirm_documents_with_token(
    store: &Store,
    ids: &[i64],
    remark: &str,
    module: &std::path::Path,
    certificate: (&str, &str),
    pin: crate::token::Pin,
    now: chrono::DateTime<chrono::Utc>,
    today: NaiveDate,
) -> Result<String> {
    let chosen = chosen_certificate(module, certificate)?;
    let batch = crate::ky_so::with_token(module, &chosen, pin, |signer| {
        crate::branch::confirm::confirm_each(store, ids, remark, today, None, Some((signer, now)))
    })?;
    let signed = batch.done.len();
    said(batch).map(|s| format!("{s} {signed} xác nhận được ký số bằng chứng thư số của {}.", chosen.holder.holder))
}

/// "Trả lại để sửa" of the files chosen: all of them, or none.
pub fn return_documents(store: &Store, ids: &[i64], note: &str) -> Result<String> {
    let n = crate::branch::confirm::return_each(store, ids, note)?;
    Ok(format!("Đã trả lại {n} văn bản để sửa."))
}

/// "Nhận văn bản": the member files at `paths` (files, folders, or a name
/// pattern), taken in one by one with progress.
pub fn receive(
    store: &mut Store,
    paths: &[std::path::PathBuf],
    progress: impl FnMut(usize, usize),
) -> Result<Vec<crate::branch::collect::Received>> {
    let files = crate::branch::collect::pdf_files(paths)?;
    crate::branch::collect::receive_files(store, &files, progress)
}

/// Files dropped on the window go in as "Nhận văn bản" does, but only for
/// someone who collects for the branch: for a member, nothing happens.
pub fn receive_dropped(
    store: &mut Store,
    paths: &[std::path::PathBuf],
) -> Result<Option<Vec<crate::branch::collect::Received>>> {
    if !store.profile()?.collects_for_branch {
        return Ok(None);
    }
    receive(store, paths, |_, _| {}).map(Some)
}

/// The rows of a roster spreadsheet, each checked against the roster, for
/// the secretary to look at before anything is written.
pub fn read_roster_sheet(
    store: &Store,
    path: &std::path::Path,
    today: NaiveDate,
) -> Result<Vec<crate::branch::sheet::SheetRow>> {
    crate::branch::sheet::check(store, &crate::branch::sheet::read(path, today)?)
}

/// The year's confirmed PDFs written into `dir`; what the secretary is told.
pub fn export_folder(store: &Store, year: i32, dir: &std::path::Path, today: NaiveDate) -> Result<String> {
    let written = crate::branch::print::export_folder(store, year, today, dir)?;
    Ok(format!("Đã ghi {} văn bản đã xác nhận vào {}.", written.len(), dir.display()))
}

/// The settings file the member previewed, applied; none previewed (the
/// app was restarted in between) is said.
pub fn accept_previewed(store: &mut Store, previewed: Option<Vec<u8>>, new_key: Option<&str>) -> Result<String> {
    let file = previewed
        .ok_or_else(|| Error::invalid("settings", "Hãy mở lại tệp thiết lập của chi bộ để xem trước khi áp dụng."))?;
    accept_settings(store, &file, new_key)
}

/// A file the branch saves from its data: its dialog title, the name it is
/// offered under, the kinds it can be written as, and how it is made. The
/// app's save commands and `camket branch …` make each one here.
pub enum Output {
    /// "Danh sách tệp chưa nhận": held and unreadable files with why (CSV).
    Unreceived,
    /// "In cả chi bộ": the cover list and every confirmed document.
    BranchPrint { year: i32, duplex: bool },
    /// "Danh sách chưa nộp".
    LateList { year: i32 },
    /// The summary sent upward (.xlsx, .csv or .pdf by the name chosen).
    Report { year: i32 },
    /// "Tổng hợp xếp loại" (.pdf, .xlsx or .csv by the name chosen).
    Ratings { year: i32 },
}

impl Output {
    pub fn title(&self) -> &'static str {
        match self {
            Output::Unreceived => "Danh sách tệp chưa nhận",
            Output::BranchPrint { .. } => "In cả chi bộ",
            Output::LateList { .. } => "Danh sách chưa nộp",
            Output::Report { .. } => "Xuất bản tổng hợp",
            Output::Ratings { .. } => "Lưu tổng hợp xếp loại",
        }
    }

    pub fn file_name(&self) -> String {
        match self {
            Output::Unreceived => "danh-sach-tep-chua-nhan.csv".into(),
            Output::BranchPrint { year, .. } => format!("{year}-ca-chi-bo.pdf"),
            Output::LateList { year } => format!("{year}-danh-sach-chua-nop.pdf"),
            Output::Report { year } => format!("{year}-tong-hop-chi-bo.xlsx"),
            Output::Ratings { year } => format!("{year}-tong-hop-xep-loai.pdf"),
        }
    }

    /// The other extensions it can be saved under, besides its name's.
    pub fn other_formats(&self) -> &'static [&'static str] {
        match self {
            Output::Report { .. } => &["csv", "pdf"],
            Output::Ratings { .. } => &["xlsx", "csv"],
            _ => &[],
        }
    }

    /// The file's bytes, in the format `path`'s extension names.
    pub fn make(&self, store: &Store, path: &std::path::Path, today: NaiveDate) -> Result<Vec<u8>> {
        use crate::branch::{held, print, report, summary};
        match *self {
            Output::Unreceived => held::unreceived_csv(store),
            Output::BranchPrint { year, duplex } => print::print_branch(store, year, today, duplex),
            Output::LateList { year } => print::late_list(store, year, today),
            Output::Report { year } => report::report(store, year, today, report::ReportFormat::of(path)?),
            Output::Ratings { year } => summary::report(store, year, today, report::ReportFormat::of(path)?),
        }
    }
}
