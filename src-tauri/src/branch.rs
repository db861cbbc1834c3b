//! The branch secretary's commands: each turns its arguments into one
//! `camket::branch` call; file dialogs are opened here, never by the page.

use crate::{chosen_path, save_chosen, save_dialog, today, AppState, Reply};
use camket::app::{self, Output};
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
    let progress = |done, total| {
        let _ = on_progress.send((done, total));
    };
    state.with(|s| app::receive(s, &paths, progress)).map(Some)
}

/// The secretary's decision on a held file; the answer is what to tell her.
#[tauri::command]
pub async fn decide_held(state: State<'_, AppState>, submission_id: i64, decision: Decision) -> Reply<String> {
    state.with(|s| camket::branch::held::decide(s, submission_id, decision, today()))
}

/// Every waiting key of the year's files bound at once, as after a meeting
/// where each member read their code.
#[tauri::command]
pub async fn bind_all_keys(state: State<'_, AppState>, year: i32) -> Reply<Bound> {
    state.with(|s| camket::branch::held::bind_all(s, Some(year), today()))
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

/// Asks where to save `output` (its title, name and formats are the
/// library's), then makes it there; the path, or nothing if cancelled.
fn save_output<R: Runtime>(
    app_handle: &tauri::AppHandle<R>,
    state: &AppState,
    output: Output,
) -> Reply<Option<String>> {
    let mut dialog = save_dialog(app_handle, output.title(), &output.file_name());
    for ext in output.other_formats() {
        dialog = dialog.add_filter(ext.to_uppercase(), &[ext]);
    }
    save_chosen(state, dialog, |s, path| output.make(s, path, today()))
}

#[tauri::command]
pub async fn save_unreceived_list<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<String>> {
    save_output(&app_handle, &state, Output::Unreceived)
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
) -> Reply<String> {
    state.with(|s| app::confirm_documents(s, &ids, &remark, signature_png.as_deref(), today()))
}

/// "Xác nhận" of the files chosen, each signed with the secretary's
/// certificate on the token found before (one PIN for the batch).
#[tauri::command]
pub async fn confirm_documents_with_token(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    remark: String,
    token: String,
    certificate: String,
    pin: String,
) -> Reply<String> {
    let pin = camket::token::Pin::from(pin);
    let module = state.token_module()?;
    state.with(|s| {
        let chosen = (token.as_str(), certificate.as_str());
        app::confirm_documents_with_token(s, &ids, &remark, &module, chosen, pin, chrono::Utc::now(), today())
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

#[tauri::command]
pub async fn save_ratings_summary<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
) -> Reply<Option<String>> {
    save_output(&app_handle, &state, Output::Ratings { year })
}

#[tauri::command]
pub async fn return_documents(state: State<'_, AppState>, ids: Vec<i64>, note: String) -> Reply<String> {
    state.with(|s| app::return_documents(s, &ids, &note))
}

#[tauri::command]
pub async fn check_code(state: State<'_, AppState>, code: String) -> Reply<Vec<CodeMatch>> {
    state.with(|s| camket::branch::code::find(s, &code))
}

#[tauri::command]
pub async fn submission_pdf(state: State<'_, AppState>, submission_id: i64) -> Reply<tauri::ipc::Response> {
    state.with(|s| app::submission_pdf(s, submission_id)).map(tauri::ipc::Response::new)
}

#[tauri::command]
pub async fn save_branch_print<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
    duplex: bool,
) -> Reply<Option<String>> {
    save_output(&app_handle, &state, Output::BranchPrint { year, duplex })
}

#[tauri::command]
pub async fn save_late_list<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
) -> Reply<Option<String>> {
    save_output(&app_handle, &state, Output::LateList { year })
}

#[tauri::command]
pub async fn save_report<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
) -> Reply<Option<String>> {
    save_output(&app_handle, &state, Output::Report { year })
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
    state.with(|s| app::export_folder(s, year, &dir, today())).map(Some)
}

/// Files dropped on the window (`app::receive_dropped`); the outcomes reach
/// the page as an event.
pub(crate) fn dropped<R: Runtime>(window: &tauri::Window<R>, paths: &[PathBuf]) {
    match window.state::<AppState>().with(|s| app::receive_dropped(s, paths)) {
        Ok(None) => {}
        Ok(Some(received)) => drop(window.emit("branch-received", Ok::<_, ()>(received))),
        Err(e) => drop(window.emit("branch-received", Err::<(), _>(e))),
    }
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
    state.with(|s| app::read_roster_sheet(s, &path, today())).map(Some)
}

/// Adds the rows the secretary looked at (the good ones, once); how many.
#[tauri::command]
pub async fn add_roster_rows(state: State<'_, AppState>, rows: Vec<SheetRow>) -> Reply<usize> {
    state.with(|s| camket::branch::sheet::add(s, &rows, today()))
}

/// A member typed by hand; their key is bound when the secretary confirms it.
#[tauri::command]
pub async fn add_member(state: State<'_, AppState>, fields: MemberFields) -> Reply<i64> {
    state.with(|s| camket::branch::roster::add(s, &fields, today()))
}

/// Corrects a member's name, birth date or positions.
#[tauri::command]
pub async fn edit_member(state: State<'_, AppState>, member_id: i64, fields: MemberFields) -> Reply<()> {
    state.with(|s| camket::branch::roster::edit(s, member_id, &fields, today()))
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

/// The secretary adds the root certificates of the unit's digital-signature
/// providers (chosen in the open dialog).
#[tauri::command]
pub async fn add_trusted_roots<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<String>> {
    let dialog = app_handle
        .dialog()
        .file()
        .set_title("Chọn chứng thư gốc của nhà cung cấp chữ ký số")
        .add_filter("Chứng thư số", &["cer", "crt", "pem", "der"]);
    let Some(chosen) = dialog.blocking_pick_files() else { return Ok(None) };
    let paths = chosen.into_iter().map(chosen_path).collect::<Reply<Vec<_>>>()?;
    state.with(|s| app::add_trusted_roots(s, &paths)).map(Some)
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
    state.with(|s| app::accept_previewed(s, previewed, new_key.as_deref()))
}
