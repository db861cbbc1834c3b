//! The branch secretary's commands: each turns its arguments into one
//! `camket::branch` call; file dialogs are opened here, never by the page.

use crate::{chosen_path, save_chosen, save_dialog, today, AppState, Reply};
use camket::app;
use camket::branch::code::CodeMatch;
use camket::branch::collect::Received;
use camket::branch::held::{Bound, Decision};
use camket::branch::roster::MemberFields;
use camket::branch::settings::SettingsPreview;
use camket::branch::sheet::SheetRow;
use camket::branch::status::{Filter, YearTable};
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::{Emitter, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

/// The member brings back what the branch sent (the confirmed PDF or a return
/// notice, chosen in the open dialog); the answer is the line the board
/// shows, or nothing if cancelled.
#[tauri::command]
pub async fn import_confirmation<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<String>> {
    let dialog = app_handle
        .dialog()
        .file()
        .set_title("Chọn tệp chi bộ gửi lại")
        .add_filter("Bản đã xác nhận (PDF) hoặc giấy báo trả lại", &["pdf", "json"]);
    let Some(chosen) = dialog.blocking_pick_file() else { return Ok(None) };
    let path = chosen_path(chosen)?;
    state.with(|s| app::import_from_branch(s, &path)).map(Some)
}

/// The branch's table for `year`, filtered.
#[tauri::command]
pub async fn branch_table(state: State<'_, AppState>, year: i32, filter: Filter) -> Reply<YearTable> {
    state.with(|s| app::branch_table(s, year, &filter, today()))
}

#[tauri::command]
pub async fn set_deadline(state: State<'_, AppState>, year: i32, deadline: Option<chrono::NaiveDate>) -> Reply<()> {
    state.with(|s| camket::branch::status::set_deadline(s, year, deadline))
}

/// "Nhận văn bản": the member files chosen in the open dialog (several
/// files, or a whole folder), taken in one by one with progress.
#[tauri::command]
pub async fn receive_files<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    folder: bool,
    on_progress: Channel<(usize, usize)>,
) -> Reply<Option<Vec<Received>>> {
    // Zalo keeps received files under Documents; start there (or at home).
    let mut dialog = app_handle.dialog().file().set_title("Chọn văn bản đảng viên gửi");
    let start =
        app_handle.path().document_dir().ok().filter(|d| d.is_dir()).or_else(|| app_handle.path().home_dir().ok());
    if let Some(start) = start.filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(start);
    }
    let chosen = if folder {
        dialog.blocking_pick_folder().map(|f| vec![f])
    } else {
        dialog.add_filter("PDF", &["pdf"]).blocking_pick_files()
    };
    let Some(chosen) = chosen else { return Ok(None) };
    let paths = chosen.into_iter().map(chosen_path).collect::<Reply<Vec<_>>>()?;
    receive(&state, &paths, |done, total| {
        let _ = on_progress.send((done, total));
    })
    .map(Some)
}

fn receive(state: &AppState, paths: &[PathBuf], progress: impl FnMut(usize, usize)) -> Reply<Vec<Received>> {
    state.with(|s| {
        let files = camket::branch::collect::pdf_files(paths)?;
        camket::branch::collect::receive_files(s, &files, progress)
    })
}

/// The secretary's decision on a held file; the answer is what to tell her.
#[tauri::command]
pub async fn decide_held(state: State<'_, AppState>, submission_id: i64, decision: Decision) -> Reply<String> {
    state.with(|s| camket::branch::held::decide(s, submission_id, decision))
}

/// Every waiting key of the year's files bound at once, as after a meeting
/// where each member read their code.
#[tauri::command]
pub async fn bind_all_keys(state: State<'_, AppState>, year: i32) -> Reply<Bound> {
    state.with(|s| camket::branch::held::bind_all(s, Some(year)))
}

/// "Giấy báo trả lại" of a returned file, for the member, saved where chosen.
#[tauri::command]
pub async fn save_return_notice<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    submission_id: i64,
) -> Reply<Option<String>> {
    let notice = state.with(|s| camket::branch::confirm::return_notice(s, submission_id))?;
    let dialog = save_dialog(&app_handle, "Lưu giấy báo trả lại cho đảng viên", &notice.file_name);
    save_chosen(&state, dialog, |_, _| Ok(notice.bytes.clone()))
}

/// "Danh sách tệp chưa nhận": held and unreadable files with why, as CSV.
#[tauri::command]
pub async fn save_unreceived_list<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<String>> {
    let dialog = save_dialog(&app_handle, "Danh sách tệp chưa nhận", "danh-sach-tep-chua-nhan.csv");
    save_chosen(&state, dialog, |s, _| camket::branch::held::unreceived_csv(s))
}

/// A member added by mistake, removed while nothing of theirs is confirmed.
#[tauri::command]
pub async fn remove_member(state: State<'_, AppState>, member_id: i64) -> Reply<()> {
    state.with(|s| camket::branch::roster::remove(s, member_id))
}

/// Two members created for one person: `from`'s files move to `into`.
#[tauri::command]
pub async fn merge_members(state: State<'_, AppState>, from: i64, into: i64) -> Reply<()> {
    state.with(|s| camket::branch::roster::merge(s, from, into))
}

/// Confirms the files chosen, with the remark and the secretary's signature
/// image if drawn, on today's date.
#[tauri::command]
pub async fn confirm_documents(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    remark: String,
    signature_png: Option<Vec<u8>>,
) -> Reply<()> {
    state.with(|s| {
        let image = signature_png.map(|png| camket::signature::SignatureImage::from_png(&png)).transpose()?;
        ids.iter()
            .try_for_each(|id| camket::branch::confirm::confirm(s, *id, &remark, today(), image.as_ref()).map(drop))
    })
}

/// The branch's proposed level and comment on a member's review.
#[tauri::command]
pub async fn rate_review(
    state: State<'_, AppState>,
    submission_id: i64,
    level: String,
    remark: String,
) -> Reply<String> {
    state.with(|s| camket::branch::rating::rate(s, submission_id, &level, &remark, today()))
}

#[tauri::command]
pub async fn set_share_limit(state: State<'_, AppState>, year: i32, on: bool) -> Reply<()> {
    state.with(|s| camket::branch::rating::set_share_limit(s, year, on))
}

/// "Tổng hợp xếp loại" as .pdf, .xlsx or .csv by the name chosen.
#[tauri::command]
pub async fn save_ratings_summary<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
) -> Reply<Option<String>> {
    let dialog = save_dialog(&app_handle, "Lưu tổng hợp xếp loại", &format!("{year}-tong-hop-xep-loai.pdf"))
        .add_filter("Excel", &["xlsx"])
        .add_filter("CSV", &["csv"]);
    save_chosen(&state, dialog, |s, path| {
        let format = camket::branch::report::ReportFormat::of(path)?;
        camket::branch::summary::report(s, year, today(), format)
    })
}

#[tauri::command]
pub async fn return_documents(state: State<'_, AppState>, ids: Vec<i64>, note: String) -> Reply<()> {
    state.with(|s| ids.iter().try_for_each(|id| camket::branch::confirm::return_for_changes(s, *id, &note)))
}

#[tauri::command]
pub async fn check_code(state: State<'_, AppState>, code: String) -> Reply<Vec<CodeMatch>> {
    state.with(|s| camket::branch::code::find(s, &code))
}

#[tauri::command]
pub async fn submission_pdf(state: State<'_, AppState>, submission_id: i64) -> Reply<tauri::ipc::Response> {
    state.with(|s| app::submission_pdf(s, submission_id)).map(tauri::ipc::Response::new)
}

/// "In cả chi bộ": the cover list and every confirmed document, saved where
/// the secretary chooses.
#[tauri::command]
pub async fn save_branch_print<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
    duplex: bool,
) -> Reply<Option<String>> {
    let dialog = save_dialog(&app_handle, "In cả chi bộ", &format!("{year}-ca-chi-bo.pdf"));
    save_chosen(&state, dialog, |s, _| camket::branch::print::print_branch(s, year, today(), duplex))
}

/// "Danh sách chưa nộp": who is late, as a PDF saved where chosen.
#[tauri::command]
pub async fn save_late_list<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
) -> Reply<Option<String>> {
    let dialog = save_dialog(&app_handle, "Danh sách chưa nộp", &format!("{year}-danh-sach-chua-nop.pdf"));
    save_chosen(&state, dialog, |s, _| camket::branch::print::late_list(s, year, today()))
}

/// The summary sent upward, as .xlsx, .csv or .pdf by the name chosen.
#[tauri::command]
pub async fn save_report<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
) -> Reply<Option<String>> {
    let dialog = save_dialog(&app_handle, "Xuất bản tổng hợp", &format!("{year}-tong-hop-chi-bo.xlsx"))
        .add_filter("CSV", &["csv"])
        .add_filter("PDF", &["pdf"]);
    save_chosen(&state, dialog, |s, path| {
        let format = camket::branch::report::ReportFormat::of(path)?;
        camket::branch::report::report(s, year, today(), format)
    })
}

/// The year's confirmed PDFs into a folder chosen for the committee above.
#[tauri::command]
pub async fn export_folder<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
) -> Reply<Option<String>> {
    let Some(chosen) = app_handle.dialog().file().set_title("Chọn thư mục để xuất văn bản").blocking_pick_folder()
    else {
        return Ok(None);
    };
    let dir = chosen_path(chosen)?;
    let written = state.with(|s| camket::branch::print::export_folder(s, year, today(), &dir))?;
    Ok(Some(format!("{} văn bản vào {}", written.len(), dir.display())))
}

/// Files dropped on the window go in as "Nhận văn bản" does, for those who
/// collect for the branch; the outcomes reach the page as an event.
pub(crate) fn dropped<R: Runtime>(window: &tauri::Window<R>, paths: &[PathBuf]) {
    let state = window.state::<AppState>();
    let collects = state.with(|s| Ok(s.profile()?.collects_for_branch)).unwrap_or(false);
    if !collects {
        return;
    }
    let outcome = receive(&state, paths, |_, _| {});
    let _ = window.emit("branch-received", outcome);
}

/// "Nhập danh sách từ bảng tính": the rows of the spreadsheet chosen, each
/// checked, for the secretary to look at before anything is written.
#[tauri::command]
pub async fn read_roster_sheet<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<Vec<SheetRow>>> {
    let dialog = app_handle
        .dialog()
        .file()
        .set_title("Chọn bảng tính danh sách đảng viên")
        .add_filter("Bảng tính", &["xlsx", "xls", "ods", "csv"]);
    let Some(chosen) = dialog.blocking_pick_file() else { return Ok(None) };
    let path = chosen_path(chosen)?;
    state.with(|s| camket::branch::sheet::check(s, &camket::branch::sheet::read(&path)?)).map(Some)
}

/// Adds the rows the secretary looked at (the good ones, once); how many.
#[tauri::command]
pub async fn add_roster_rows(state: State<'_, AppState>, rows: Vec<SheetRow>) -> Reply<usize> {
    state.with(|s| camket::branch::sheet::add(s, &rows))
}

/// A member typed by hand; their key is bound when the secretary confirms it.
#[tauri::command]
pub async fn add_member(state: State<'_, AppState>, fields: MemberFields) -> Reply<i64> {
    state.with(|s| camket::branch::roster::add(s, &fields))
}

/// Corrects a member's name, birth date or positions.
#[tauri::command]
pub async fn edit_member(state: State<'_, AppState>, member_id: i64, fields: MemberFields) -> Reply<()> {
    state.with(|s| camket::branch::roster::edit(s, member_id, &fields))
}

/// Miễn sinh hoạt for `year`, or not.
#[tauri::command]
pub async fn set_exempt(state: State<'_, AppState>, member_id: i64, year: i32, exempt: bool) -> Reply<()> {
    state.with(|s| camket::branch::roster::set_exempt(s, member_id, year, exempt))
}

/// Chuyển sinh hoạt on a date, or back (None).
#[tauri::command]
pub async fn set_moved(state: State<'_, AppState>, member_id: i64, on: Option<chrono::NaiveDate>) -> Reply<()> {
    state.with(|s| camket::branch::roster::set_moved(s, member_id, on))
}

/// "Thiết lập cho đảng viên": the year's settings file, signed with the
/// secretary's key, saved where chosen; with the unit's own templates
/// (.toml files chosen first) when asked.
#[tauri::command]
pub async fn save_branch_settings<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
    with_templates: bool,
) -> Reply<Option<String>> {
    let mut templates = Vec::new();
    if with_templates {
        let dialog =
            app_handle.dialog().file().set_title("Chọn mẫu riêng của đơn vị").add_filter("Mẫu văn bản", &["toml"]);
        let Some(chosen) = dialog.blocking_pick_files() else { return Ok(None) };
        templates = chosen.into_iter().map(chosen_path).collect::<Reply<Vec<_>>>()?;
    }
    let name = camket::branch::settings::file_name(year);
    let dialog = save_dialog(&app_handle, "Lưu tệp thiết lập cho đảng viên", &name);
    let Some(chosen) = dialog.blocking_save_file() else { return Ok(None) };
    let path = chosen_path(chosen)?;
    state.with(|s| app::save_branch_settings(s, year, &templates, today(), &path))?;
    Ok(Some(path.display().to_string()))
}

/// The member opens the branch's settings file: what accepting it changes.
#[tauri::command]
pub async fn open_branch_settings<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<SettingsPreview>> {
    let dialog =
        app_handle.dialog().file().set_title("Chọn tệp thiết lập của chi bộ").add_filter("Thiết lập", &["json"]);
    let Some(chosen) = dialog.blocking_pick_file() else { return Ok(None) };
    let path = chosen_path(chosen)?;
    let opened = state.with(|s| app::open_settings(s, &path))?;
    *state.previewed_settings.lock().map_err(|_| crate::busy())? = Some(opened.file);
    Ok(Some(opened.preview))
}

/// Applies the settings file last previewed; `new_key`, the fingerprint of
/// a new secretary key the member confirmed separately.
#[tauri::command]
pub async fn accept_branch_settings(state: State<'_, AppState>, new_key: Option<String>) -> Reply<String> {
    let previewed = state.previewed_settings.lock().map_err(|_| crate::busy())?.take();
    let file = previewed.ok_or_else(|| {
        camket::ErrorView::from(&camket::Error::invalid(
            "settings",
            "Hãy mở lại tệp thiết lập của chi bộ để xem trước khi áp dụng.",
        ))
    })?;
    state.with(|s| app::accept_settings(s, &file, new_key.as_deref()))
}
