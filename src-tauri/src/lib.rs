//! The desktop shell: each command turns its arguments into one `camket`
//! call and its answer back. Errors cross as `{code, message}`.

use camket::app::{self, DocumentView, ProfileView, Startup, YearBoard};
use camket::branch::code::CodeMatch;
use camket::branch::collect::Received;
use camket::branch::status::{Filter, YearTable};
use camket::document::Answer;
use camket::profile::Profile;
use camket::signature::SignatureImage;
use camket::store::{self, Store};
use camket::template::DocKind;
use camket::{Error, ErrorView};
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::ipc::Channel;
use tauri::{Emitter, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

type Reply<T> = Result<T, ErrorView>;

pub struct AppState {
    db: PathBuf,
    /// The open store, or why it could not be opened (a damaged file).
    store: Mutex<Result<Store, ErrorView>>,
}

impl AppState {
    pub fn open(db: PathBuf) -> AppState {
        let store = Store::open(&db).map_err(|e| ErrorView::from(&e));
        AppState { db, store: Mutex::new(store) }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Store) -> camket::Result<T>) -> Reply<T> {
        let mut guard = self.store.lock().map_err(|_| busy())?;
        let store = guard.as_mut().map_err(|e| e.clone())?;
        f(store).map_err(|e| ErrorView::from(&e))
    }
}

fn busy() -> ErrorView {
    ErrorView::from(&Error::Database("dữ liệu đang bận, hãy thử lại".into()))
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[tauri::command]
fn startup(state: State<AppState>) -> Reply<Startup> {
    let year = chrono::Datelike::year(&today());
    let backup = store::latest_backup(&state.db).ok().flatten().map(|p| p.display().to_string());
    match state.with(|s| s.profile()) {
        Ok(p) => Ok(Startup { first_launch: p == Profile::default(), damaged: None, latest_backup: backup, year }),
        Err(e) if e.code == "damaged" => {
            Ok(Startup { first_launch: false, damaged: Some(e), latest_backup: backup, year })
        }
        Err(e) => Err(e),
    }
}

/// Replaces a damaged database by its latest backup; the damaged file is
/// moved aside, never deleted.
#[tauri::command]
fn restore_latest_backup(state: State<AppState>) -> Reply<()> {
    let mut guard = state.store.lock().map_err(|_| busy())?;
    let latest = store::latest_backup(&state.db)
        .and_then(|b| b.ok_or_else(|| Error::NotFound("bản sao lưu nào".into())))
        .map_err(|e| ErrorView::from(&e))?;
    store::restore(&state.db, &latest, false).map_err(|e| ErrorView::from(&e))?;
    *guard = Store::open(&state.db).map_err(|e| ErrorView::from(&e));
    guard.as_ref().map(|_| ()).map_err(|e| e.clone())
}

#[tauri::command]
fn reference() -> &'static camket::reference::Reference {
    camket::reference::reference()
}

#[tauri::command]
fn get_profile(state: State<AppState>) -> Reply<ProfileView> {
    state.with(|s| app::profile_view(s, today()))
}

#[tauri::command]
fn save_profile(state: State<AppState>, profile: Profile) -> Reply<ProfileView> {
    state.with(|s| app::save_profile(s, &profile, today()))
}

#[tauri::command]
fn year_board(state: State<AppState>, year: i32) -> Reply<YearBoard> {
    state.with(|s| app::year_board(s, year))
}

#[tauri::command]
fn open_document(state: State<AppState>, year: i32, kind: DocKind) -> Reply<DocumentView> {
    state.with(|s| app::open_document(s, year, kind, today()))
}

#[tauri::command]
fn start_from_previous(state: State<AppState>, year: i32, kind: DocKind) -> Reply<DocumentView> {
    state.with(|s| s.start_from_previous(year, kind).and_then(|id| app::document_view(s, id, today())))
}

#[tauri::command]
fn save_answer(state: State<AppState>, id: i64, section: String, answer: Answer, base_revision: i64) -> Reply<i64> {
    state.with(|s| s.save_answer(id, &section, answer, base_revision))
}

/// Signs the current revision, with the signature image (a PNG drawn in the
/// pad or chosen from a file) when the member placed one.
#[tauri::command]
fn sign_document(
    state: State<AppState>,
    id: i64,
    base_revision: i64,
    signature_png: Option<Vec<u8>>,
) -> Reply<DocumentView> {
    state.with(|s| {
        let image = signature_png.map(|png| SignatureImage::from_png(&png)).transpose()?;
        s.sign(id, base_revision, today(), image.as_ref())?;
        app::document_view(s, id, today())
    })
}

/// Lets the member choose a PNG of their signature in the open dialog; the
/// answer is the checked image cropped to its ink, or nothing if cancelled.
/// Async so that the dialog does not block the window's event loop.
#[tauri::command]
async fn choose_signature_image<R: Runtime>(app_handle: tauri::AppHandle<R>) -> Reply<Option<Vec<u8>>> {
    let Some(chosen) =
        app_handle.dialog().file().set_title("Chọn ảnh chữ ký").add_filter("Ảnh PNG", &["png"]).blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = chosen_path(chosen)?;
    let image = SignatureImage::read(&path).and_then(|i| i.to_png()).map_err(|e| ErrorView::from(&e))?;
    Ok(Some(image))
}

fn chosen_path(chosen: tauri_plugin_dialog::FilePath) -> Reply<PathBuf> {
    chosen
        .into_path()
        .map_err(|e| ErrorView::from(&Error::invalid("path", format!("Không dùng được vị trí tệp đã chọn: {e}"))))
}

/// The PDF bytes, sent raw rather than as a JSON array of numbers.
#[tauri::command]
fn document_pdf(state: State<AppState>, id: i64, signed_only: bool) -> Reply<tauri::ipc::Response> {
    state.with(|s| app::pdf(s, id, signed_only, today())).map(tauri::ipc::Response::new)
}

/// Asks where to save the PDF (the save dialog) and writes it there; the
/// path chosen, or nothing if the member cancelled. The webview never names
/// a path itself.
#[tauri::command]
async fn save_pdf<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    signed_only: bool,
) -> Reply<Option<String>> {
    let name = state.with(|s| app::pdf_file_name(s, id))?;
    save_chosen(&state, save_dialog(&app_handle, "Lưu PDF", &name), |s, _| app::pdf(s, id, signed_only, today()))
}

/// Asks where to save the signed PDF that carries its record (the one sent
/// to the branch), under the name a secretary can tell apart.
#[tauri::command]
async fn save_branch_copy<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
) -> Reply<Option<String>> {
    let copy = state.with(|s| app::branch_copy(s, id))?;
    let Some(chosen) = save_dialog(&app_handle, "Lưu bản gửi chi bộ", &copy.file_name).blocking_save_file()
    else {
        return Ok(None);
    };
    let path = chosen_path(chosen)?;
    state.with(|s| app::keep_branch_copy(s, &copy, &path))?;
    Ok(Some(path.display().to_string()))
}

/// Asks where to save with `dialog`, then makes the file from the store and
/// writes it there; the path, or nothing if the person cancelled.
fn save_chosen<R: Runtime>(
    state: &AppState,
    dialog: tauri_plugin_dialog::FileDialogBuilder<R>,
    make: impl FnOnce(&mut Store, &std::path::Path) -> camket::Result<Vec<u8>>,
) -> Reply<Option<String>> {
    let Some(chosen) = dialog.blocking_save_file() else {
        return Ok(None);
    };
    let path = chosen_path(chosen)?;
    state.with(|s| camket::files::write_atomic(&path, &make(s, &path)?))?;
    Ok(Some(path.display().to_string()))
}

/// A save dialog for a PDF, opening in the person's Documents folder.
fn save_dialog<R: Runtime>(
    app_handle: &tauri::AppHandle<R>,
    title: &str,
    name: &str,
) -> tauri_plugin_dialog::FileDialogBuilder<R> {
    let dialog = app_handle.dialog().file().set_title(title).set_file_name(name).add_filter("PDF", &["pdf"]);
    match app_handle.path().document_dir() {
        Ok(documents) if documents.is_dir() => dialog.set_directory(documents),
        _ => dialog,
    }
}

/// Writes the PDF into the app's own folder and opens it in the system
/// viewer: the only files ever opened are the ones written here.
#[tauri::command]
fn open_pdf<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<AppState>,
    id: i64,
    signed_only: bool,
) -> Reply<String> {
    let dir = state.db.with_file_name("ban-in");
    let path = state.with(|s| {
        let path = dir.join(app::pdf_file_name(s, id)?);
        camket::files::write_atomic(&path, &app::pdf(s, id, signed_only, today())?)?;
        Ok(path)
    })?;
    app_handle
        .opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| ErrorView::from(&Error::invalid("open", format!("Không mở được trình xem PDF: {e}"))))?;
    Ok(path.display().to_string())
}

/// The member brings back the PDF the branch confirmed (chosen in the open
/// dialog); the answer is the line the board shows, or nothing if cancelled.
#[tauri::command]
async fn import_confirmation<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<String>> {
    let dialog = app_handle.dialog().file().set_title("Chọn bản chi bộ đã xác nhận").add_filter("PDF", &["pdf"]);
    let Some(chosen) = dialog.blocking_pick_file() else { return Ok(None) };
    let path = chosen_path(chosen)?;
    state.with(|s| app::import_confirmation(s, &path)).map(Some)
}

/// The branch's table for `year`, filtered.
#[tauri::command]
fn branch_table(state: State<AppState>, year: i32, filter: Filter) -> Reply<YearTable> {
    state.with(|s| app::branch_table(s, year, &filter, today()))
}

#[tauri::command]
fn set_deadline(state: State<AppState>, year: i32, deadline: Option<chrono::NaiveDate>) -> Reply<()> {
    state.with(|s| camket::branch::status::set_deadline(s, year, deadline))
}

/// "Nhận văn bản": the member files chosen in the open dialog (several
/// files, or a whole folder), taken in one by one with progress.
#[tauri::command]
async fn receive_files<R: Runtime>(
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

#[tauri::command]
fn accept_held(state: State<AppState>, submission_id: i64) -> Reply<()> {
    state.with(|s| camket::branch::collect::accept_held(s, submission_id))
}

/// Confirms the files chosen, with the remark, on today's date.
#[tauri::command]
fn confirm_documents(state: State<AppState>, ids: Vec<i64>, remark: String) -> Reply<()> {
    state.with(|s| {
        ids.iter().try_for_each(|id| camket::branch::confirm::confirm(s, *id, &remark, today(), None).map(drop))
    })
}

#[tauri::command]
fn return_documents(state: State<AppState>, ids: Vec<i64>, note: String) -> Reply<()> {
    state.with(|s| ids.iter().try_for_each(|id| camket::branch::confirm::return_for_changes(s, *id, &note)))
}

#[tauri::command]
fn check_code(state: State<AppState>, code: String) -> Reply<Vec<CodeMatch>> {
    state.with(|s| camket::branch::code::find(s, &code))
}

#[tauri::command]
fn submission_pdf(state: State<AppState>, submission_id: i64) -> Reply<tauri::ipc::Response> {
    state.with(|s| app::submission_pdf(s, submission_id)).map(tauri::ipc::Response::new)
}

/// "In cả chi bộ": the cover list and every confirmed document, saved where
/// the secretary chooses.
#[tauri::command]
async fn save_branch_print<R: Runtime>(
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
async fn save_late_list<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
) -> Reply<Option<String>> {
    let dialog = save_dialog(&app_handle, "Danh sách chưa nộp", &format!("{year}-danh-sach-chua-nop.pdf"));
    save_chosen(&state, dialog, |s, _| camket::branch::print::late_list(s, year, today()))
}

/// The summary sent upward, as .xlsx, .csv or .pdf by the name chosen.
#[tauri::command]
async fn save_report<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
) -> Reply<Option<String>> {
    let dialog = save_dialog(&app_handle, "Xuất bản tổng hợp", &format!("{year}-tong-hop-chi-bo.xlsx"))
        .add_filter("Excel", &["xlsx"])
        .add_filter("CSV", &["csv"]);
    save_chosen(&state, dialog, |s, path| {
        let format = camket::branch::report::ReportFormat::of(path)?;
        camket::branch::report::report(s, year, today(), format)
    })
}

/// The year's confirmed PDFs into a folder chosen for the committee above.
#[tauri::command]
async fn export_folder<R: Runtime>(
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
fn dropped<R: Runtime>(window: &tauri::Window<R>, paths: &[PathBuf]) {
    let state = window.state::<AppState>();
    let collects = state.with(|s| Ok(s.profile()?.collects_for_branch)).unwrap_or(false);
    if !collects {
        return;
    }
    let outcome = receive(&state, paths, |_, _| {});
    let _ = window.emit("branch-received", outcome);
}

/// The database file in the OS data folder, from Tauri's path API.
fn database_path(app: &tauri::App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    Ok(app.path().app_data_dir()?.join("cam-ket.sqlite3"))
}

pub fn builder<R: Runtime>() -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                // Off the event loop: taking in many files takes a moment.
                let (window, paths) = (window.clone(), paths.clone());
                std::thread::spawn(move || dropped(&window, &paths));
            }
        })
        .invoke_handler(tauri::generate_handler![
            startup,
            restore_latest_backup,
            reference,
            get_profile,
            save_profile,
            year_board,
            open_document,
            start_from_previous,
            save_answer,
            sign_document,
            choose_signature_image,
            document_pdf,
            save_pdf,
            save_branch_copy,
            open_pdf,
            import_confirmation,
            branch_table,
            set_deadline,
            receive_files,
            accept_held,
            confirm_documents,
            return_documents,
            check_code,
            submission_pdf,
            save_branch_print,
            save_report,
            save_late_list,
            export_folder,
        ])
}

pub fn run() {
    let result = builder::<tauri::Wry>()
        .setup(|app| {
            let db = database_path(app)?;
            app.manage(AppState::open(db));
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Lỗi: không khởi động được Cam Kết: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::get_ipc_response;
    use tauri::webview::InvokeRequest;

    /// The real app (commands, ACL, capability) on the mock runtime, with one window.
    fn window(dir: &std::path::Path, label: &str) -> tauri::WebviewWindow<tauri::test::MockRuntime> {
        let app = builder::<tauri::test::MockRuntime>();
        let app = app.build(tauri::generate_context!()).expect("app builds");
        app.manage(AppState::open(dir.join("cam-ket.sqlite3")));
        tauri::WebviewWindowBuilder::new(&app, label, Default::default()).build().expect("window")
    }

    fn call(
        window: &tauri::WebviewWindow<tauri::test::MockRuntime>,
        cmd: &str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Value> {
        get_ipc_response(
            window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: window.app_handle().invoke_key().to_string(),
            },
        )
        .map(|r| r.deserialize::<serde_json::Value>().expect("json reply"))
    }

    #[test]
    fn errors_cross_as_code_and_vietnamese_message() {
        let dir = tempfile::tempdir().expect("temp dir");
        let main = window(dir.path(), "main");
        let board = call(&main, "year_board", json!({"year": 2026})).expect("allowed");
        assert_eq!(board["entries"][0]["status"], "chua-lam");
        let err = call(
            &main,
            "save_answer",
            json!({"id": 99, "section": "hoc_tap", "answer": {"type": "text", "value": "x"}, "baseRevision": 0}),
        )
        .expect_err("no such document");
        assert_eq!(err, json!({"code": "not_found", "message": "Không tìm thấy văn bản số 99."}));
        let err = call(&main, "open_document", json!({"year": 2026, "kind": "bien-ban"})).expect_err("bad kind");
        assert!(err.as_str().is_some_and(|e| e.contains("kind")), "{err}");
        let doc = call(&main, "open_document", json!({"year": 2026, "kind": "ke-hoach"})).expect("opens");
        let err = call(
            &main,
            "save_answer",
            json!({"id": doc["id"], "section": "hoc_tap", "answer": {"type": "text", "value": "x"}, "baseRevision": 7}),
        )
        .expect_err("stale revision");
        assert_eq!(err["code"], "conflict");
        assert!(err["message"].as_str().unwrap_or_default().starts_with("Văn bản đã được sửa ở nơi khác"), "{err}");
        let err = call(&main, "sign_document", json!({"id": doc["id"], "baseRevision": 0, "signaturePng": [1, 2, 3]}))
            .expect_err("not a PNG");
        assert_eq!(
            err,
            json!({"code": "invalid", "message": "Tệp đã chọn không phải ảnh PNG đọc được. Hãy chọn một ảnh PNG."})
        );
        let n: i64 = Store::open(&dir.path().join("cam-ket.sqlite3"))
            .and_then(|s| Ok(s.conn().query_row("SELECT count(*) FROM records", [], |r| r.get(0))?))
            .expect("readable");
        assert_eq!(n, 0, "nothing signed");
    }

    #[test]
    fn a_window_without_the_capability_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let other = window(dir.path(), "other");
        let refused = call(&other, "year_board", json!({"year": 2026})).expect_err("refused");
        assert!(refused.to_string().contains("not allowed"), "{refused}");
        assert!(!dir.path().join("sao-luu").exists());
    }
}
