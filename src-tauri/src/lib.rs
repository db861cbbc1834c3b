//! The desktop shell: each command turns its arguments into one `camket`
//! call and its answer back. Errors cross as `{code, message}`.

use camket::app::{self, DocumentView, ProfileView, Startup, YearBoard};
use camket::document::Answer;
use camket::profile::Profile;
use camket::store::Store;
use camket::{Error, ErrorView};
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::{Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

#[macro_use]
mod commands;
mod branch;
mod input_method;
mod print;
mod window_size;

// The commands of the submodules, by their bare names as commands.rs lists them.
use branch::*;
use input_method::typing_in_field;
use print::print_window;

macro_rules! handler {
    ($($command:ident),* $(,)?) => {
        tauri::generate_handler![$($command),*]
    };
}

type Reply<T> = Result<T, ErrorView>;

pub struct AppState {
    db: PathBuf,
    /// The open store, or why it could not be opened (a damaged file).
    store: Mutex<Result<Store, ErrorView>>,
    /// Opened for reading only, and why.
    read_only: Option<String>,
    /// The settings file the member is looking at: accepting applies these
    /// bytes, the ones previewed, never a file read again.
    previewed_settings: Mutex<Option<Vec<u8>>>,
    /// The USB token's module the member's certificates were listed from:
    /// signing uses this one, never a path the page names.
    token_module: Mutex<Option<PathBuf>>,
}

impl AppState {
    pub fn open(db: PathBuf) -> AppState {
        let (store, read_only) = app::open_database(&db);
        AppState {
            db,
            store: Mutex::new(store.map_err(|e| ErrorView::from(&e))),
            read_only,
            previewed_settings: Mutex::new(None),
            token_module: Mutex::new(None),
        }
    }

    /// Runs `f` on the open store. A panic inside it (a bug) is caught and
    /// said, and the lock it leaves poisoned is taken back: one failing
    /// command must not stop every later save. A transaction it left open
    /// was rolled back as the panic unwound.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Store) -> camket::Result<T>) -> Reply<T> {
        let mut guard = self.store();
        let store = guard.as_mut().map_err(|e| e.clone())?;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(store))) {
            Ok(result) => result.map_err(|e| ErrorView::from(&e)),
            Err(_) => Err(ErrorView::from(&Error::Internal)),
        }
    }

    /// The token module the certificates were listed from, or a request to look for the token first.
    pub(crate) fn token_module(&self) -> Reply<PathBuf> {
        let module = self.token_module.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        module.ok_or_else(|| ErrorView::from(&Error::Token("Hãy tìm USB token trước khi ký số.".into())))
    }

    /// The member's name, read with the store held only for that (the token
    /// is listed after, without it).
    fn member_name(&self) -> Reply<String> {
        self.with(|s| Ok(s.profile()?.full_name))
    }

    fn set_token_module(&self, module: PathBuf) {
        *self.token_module.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(module);
    }

    /// The store's lock, taken back if a panic poisoned it.
    fn store(&self) -> std::sync::MutexGuard<'_, Result<Store, ErrorView>> {
        self.store.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub(crate) fn busy() -> ErrorView {
    ErrorView::from(&Error::Busy)
}

pub(crate) fn today() -> chrono::NaiveDate {
    camket::dates::today()
}

#[tauri::command]
async fn startup(state: State<'_, AppState>) -> Reply<Startup> {
    let guard = state.store();
    app::startup(&guard, &state.db, state.read_only.clone(), today())
}

/// Replaces a damaged database by its latest backup.
#[tauri::command]
async fn restore_latest_backup(state: State<'_, AppState>) -> Reply<()> {
    let mut guard = state.store();
    *guard = app::restore_latest(&state.db).map_err(|e| ErrorView::from(&e));
    guard.as_ref().map(|_| ()).map_err(|e| e.clone())
}

#[tauri::command]
fn reference() -> &'static camket::reference::Reference {
    camket::reference::reference()
}

#[tauri::command]
async fn get_profile(state: State<'_, AppState>) -> Reply<ProfileView> {
    state.with(|s| app::profile_view(s, today()))
}

#[tauri::command]
async fn save_profile(state: State<'_, AppState>, profile: Profile) -> Reply<ProfileView> {
    state.with(|s| app::save_profile(s, &profile, today()))
}

#[tauri::command]
async fn year_board(state: State<'_, AppState>, year: i32) -> Reply<YearBoard> {
    state.with(|s| app::year_board(s, year, today()))
}

#[tauri::command]
async fn open_document(state: State<'_, AppState>, year: i32, kind: String) -> Reply<DocumentView> {
    state.with(|s| app::open_document(s, year, &kind, today()))
}

/// The document as it stands, after its saves: nothing is created or filled.
#[tauri::command]
async fn document_view(state: State<'_, AppState>, id: i64) -> Reply<DocumentView> {
    state.with(|s| app::document_view(s, id, today()))
}

#[tauri::command]
async fn start_from_previous(state: State<'_, AppState>, year: i32, kind: String) -> Reply<DocumentView> {
    state.with(|s| app::start_from_previous(s, year, &kind, today()))
}

#[tauri::command]
async fn save_answer(
    state: State<'_, AppState>,
    id: i64,
    section: String,
    answer: Answer,
    base_revision: i64,
) -> Reply<i64> {
    state.with(|s| s.save_answer(id, &section, answer, base_revision))
}

/// The signed plan's rows with what was recorded of them.
#[tauri::command]
async fn plan_progress(state: State<'_, AppState>, year: i32) -> Reply<Option<camket::progress::PlanProgress>> {
    state.with(|s| camket::progress::plan_progress(s, year, today()))
}

#[tauri::command]
async fn record_progress(
    state: State<'_, AppState>,
    record_id: i64,
    row: u32,
    progress: camket::progress::ProgressState,
    note: String,
    on: chrono::NaiveDate,
) -> Reply<camket::progress::PlanProgress> {
    state.with(|s| camket::progress::record(s, record_id, row, progress, &note, on, today()))
}

/// A section filled again from its source (the signed plan and its progress).
#[tauri::command]
async fn refill_section(
    state: State<'_, AppState>,
    id: i64,
    section: String,
    base_revision: i64,
) -> Reply<DocumentView> {
    state.with(|s| app::refill_section(s, id, &section, base_revision, today()))
}

/// The member chose another of the kind's forms (the review's 2A, 2B, 2C).
#[tauri::command]
async fn choose_form(
    state: State<'_, AppState>,
    id: i64,
    template_id: String,
    base_revision: i64,
) -> Reply<DocumentView> {
    state.with(|s| app::choose_form(s, id, &template_id, base_revision, today()))
}

/// "Đã xem lại" (or "Giữ năm …") on a section taken over from last year's.
#[tauri::command]
async fn review_carried(state: State<'_, AppState>, id: i64, section: String, keep_year: bool) -> Reply<DocumentView> {
    state.with(|s| app::review_carried(s, id, &section, keep_year, today()))
}

/// The date the document bears (None: today's).
#[tauri::command]
async fn set_document_date(
    state: State<'_, AppState>,
    id: i64,
    date: Option<chrono::NaiveDate>,
    base_revision: i64,
) -> Reply<DocumentView> {
    state.with(|s| app::set_document_date(s, id, date, base_revision, today()))
}

/// Signs the current revision, with the signature image (a PNG drawn in the
/// pad or chosen from a file) when the member placed one.
#[tauri::command]
async fn sign_document(
    state: State<'_, AppState>,
    id: i64,
    base_revision: i64,
    signature_png: Option<Vec<u8>>,
) -> Reply<DocumentView> {
    state.with(|s| app::sign_document(s, id, base_revision, signature_png.as_deref(), today()))
}

/// The certificates on the USB token, from the first token module found on
/// this computer that sees one.
#[tauri::command]
async fn find_token(state: State<'_, AppState>) -> Reply<Vec<app::TokenCertificateView>> {
    let name = state.member_name()?;
    let (module, found) = app::find_token(chrono::Utc::now(), &name).map_err(|e| ErrorView::from(&e))?;
    state.set_token_module(module);
    Ok(found)
}

/// The certificates on the token, from a module the member chooses in the open dialog.
#[tauri::command]
async fn choose_token_module<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<Vec<app::TokenCertificateView>>> {
    let dialog = app_handle
        .dialog()
        .file()
        .set_title("Chọn trình điều khiển (PKCS#11) của USB token")
        .add_filter("Trình điều khiển token", &["dll", "so", "dylib"]);
    let Some(chosen) = dialog.blocking_pick_file() else { return Ok(None) };
    let module = chosen_path(chosen)?;
    let name = state.member_name()?;
    let found = app::token_certificates(&module, chrono::Utc::now(), &name).map_err(|e| ErrorView::from(&e))?;
    state.set_token_module(module);
    Ok(Some(found))
}

/// Signs with the certificate chosen on the token (ký số): a document not
/// yet signed is signed with the member's key too; a signed version gets
/// its ký số. The PIN is wiped once used.
#[tauri::command]
async fn sign_with_token(
    state: State<'_, AppState>,
    id: i64,
    base_revision: i64,
    signature_png: Option<Vec<u8>>,
    token: String,
    certificate: String,
    pin: String,
) -> Reply<DocumentView> {
    let pin = camket::token::Pin::from(pin);
    let module = state.token_module()?;
    state.with(|s| {
        let chosen = (token.as_str(), certificate.as_str());
        app::sign_with_token(
            s,
            id,
            base_revision,
            signature_png.as_deref(),
            &module,
            chosen,
            pin,
            chrono::Utc::now(),
            today(),
        )
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
    app::signature_image(&path).map(Some).map_err(|e| ErrorView::from(&e))
}

pub(crate) fn chosen_path(chosen: tauri_plugin_dialog::FilePath) -> Reply<PathBuf> {
    chosen
        .into_path()
        .map_err(|e| ErrorView::from(&Error::invalid("path", format!("Không dùng được vị trí tệp đã chọn: {e}"))))
}

/// The pages "In…" prints, as SVG images.
#[tauri::command]
async fn print_pages(state: State<'_, AppState>, id: i64, signed_only: bool) -> Reply<Vec<String>> {
    state.with(|s| app::print_pages(s, id, signed_only, today()))
}

/// The PDF bytes, sent raw rather than as a JSON array of numbers.
#[tauri::command]
async fn document_pdf(state: State<'_, AppState>, id: i64, signed_only: bool) -> Reply<tauri::ipc::Response> {
    state.with(|s| app::pdf(s, id, signed_only, today())).map(tauri::ipc::Response::new)
}

/// "Lưu PDF": asks where (the save dialog), under the name the file goes by
/// (a signed version's is the branch's name, with its record inside), and
/// writes it; the path chosen, or nothing if the member cancelled. The
/// webview never names a path itself.
#[tauri::command]
async fn save_pdf<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    signed_only: bool,
) -> Reply<Option<String>> {
    let saved = state.with(|s| app::pdf_to_save(s, id, signed_only, today()))?;
    let Some(chosen) = save_dialog(&app_handle, "Lưu PDF", &saved.file_name).blocking_save_file() else {
        return Ok(None);
    };
    let path = chosen_path(chosen)?;
    state.with(|s| app::keep_pdf(s, &saved, &path))?;
    Ok(Some(path.display().to_string()))
}

/// "Lưu bản Word (.docx)": the same text as the PDF, where the member chooses.
#[tauri::command]
async fn save_docx<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    signed_only: bool,
) -> Reply<Option<String>> {
    let name = state.with(|s| app::docx_file_name(s, id))?;
    let dialog = save_dialog(&app_handle, "Lưu bản Word", &name);
    save_chosen(&state, dialog, |s, _| app::docx(s, id, signed_only, today()))
}

/// The copied text ("Chép nội dung") as a Word file.
#[tauri::command]
async fn save_plain_docx<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
) -> Reply<Option<String>> {
    let name = state.with(|s| app::plain_docx_file_name(s, id))?;
    let dialog = save_dialog(&app_handle, "Lưu nội dung thành tệp Word", &name);
    save_chosen(&state, dialog, |s, _| app::plain_docx(s, id, today()))
}

/// "Lấy nội dung từ tệp Word…": the .docx chosen, placed onto the `kind`
/// document of `year` for the member to check; nothing is saved yet.
#[tauri::command]
async fn open_word_file<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
    kind: String,
) -> Reply<Option<app::WordPreview>> {
    let dialog = app_handle
        .dialog()
        .file()
        .set_title("Chọn tệp Word của văn bản")
        .add_filter("Văn bản Word (.docx)", &["docx", "doc", "pdf", "odt"]);
    let Some(chosen) = dialog.blocking_pick_file() else { return Ok(None) };
    let path = chosen_path(chosen)?;
    state.with(|s| app::open_word(s, year, &kind, &path)).map(Some)
}

/// Saves the sections the member checked as the `kind` document of `year`.
#[tauri::command]
async fn bring_in_word(
    state: State<'_, AppState>,
    year: i32,
    kind: String,
    file_name: String,
    sections: Vec<(String, Answer)>,
    profile: Vec<app::ProfileOffer>,
) -> Reply<String> {
    state.with(|s| app::bring_in_word(s, year, &kind, &file_name, sections, profile))
}

/// Asks where to save with `dialog`, then makes the file from the store and
/// writes it there; the path, or nothing if the person cancelled.
pub(crate) fn save_chosen<R: Runtime>(
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
pub(crate) fn save_dialog<R: Runtime>(
    app_handle: &tauri::AppHandle<R>,
    title: &str,
    name: &str,
) -> tauri_plugin_dialog::FileDialogBuilder<R> {
    // The first filter is the file's own kind, so the dialog shows what is saved.
    let (label, ext) = match name.rsplit('.').next() {
        Some("json") => ("Tệp của Cam Kết (.json)", "json"),
        Some("xlsx") => ("Excel", "xlsx"),
        Some("csv") => ("CSV", "csv"),
        Some("docx") => ("Văn bản Word (.docx)", "docx"),
        _ => ("PDF", "pdf"),
    };
    let dialog = app_handle.dialog().file().set_title(title).set_file_name(name).add_filter(label, &[ext]);
    match app_handle.path().document_dir() {
        Ok(documents) if documents.is_dir() => dialog.set_directory(documents),
        _ => dialog,
    }
}

/// Writes the PDF into the app's own folder and opens it in the system
/// viewer: the only files ever opened are the ones written here.
#[tauri::command]
async fn open_pdf<R: Runtime>(
    app_handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    signed_only: bool,
) -> Reply<String> {
    let path = state.with(|s| app::print_copy(s, &state.db, id, signed_only, today()))?;
    app_handle
        .opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| ErrorView::from(&Error::invalid("open", format!("Không mở được trình xem PDF: {e}"))))?;
    Ok(path.display().to_string())
}

/// The database file in the OS data folder, from Tauri's path API.
fn database_path(app: &tauri::App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    Ok(app.path().app_data_dir()?.join("cam-ket.sqlite3"))
}

/// The app's own page (tauri://localhost; http(s)://tauri.localhost on
/// Windows). A script that sets `location.href` elsewhere would leave a
/// blank window with no way back: refused.
fn own_page(url: &tauri::Url) -> bool {
    url.scheme() == "tauri" || url.host_str() == Some("tauri.localhost")
}

pub fn builder<R: Runtime>() -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri::plugin::Builder::<R>::new("navigation").on_navigation(|_, url| own_page(url)).build())
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                // Off the event loop: taking in many files takes a moment.
                let (window, paths) = (window.clone(), paths.clone());
                std::thread::spawn(move || branch::dropped(&window, &paths));
            }
            tauri::WindowEvent::Resized(size) => {
                if let Some(dir) = window.try_state::<AppState>().and_then(|s| s.db.parent().map(PathBuf::from)) {
                    window_size::remember(window, dir, *size);
                }
            }
            _ => {}
        })
        .invoke_handler(app_commands!(handler))
}

pub fn run() {
    let result = builder::<tauri::Wry>()
        .setup(|app| {
            let db = database_path(app)?;
            // The log lives in the OS's folder for logs (README says where).
            if let Ok(dir) = app.path().app_log_dir() {
                let _ = camket::log::init(&dir);
            }
            if let (Some(window), Some(dir)) = (app.get_webview_window("main"), db.parent()) {
                window_size::restore(&window, dir);
                input_method::watch(&window);
            }
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
    fn roster_rows_looked_at_in_the_app_go_in_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let main = window(dir.path(), "main");
        let rows = json!([
            {"line": 2, "full_name": "Lê Thị Hồng", "birth_date": "1979-04-30", "party_position": "", "government_position": "", "problem": null},
            {"line": 3, "full_name": "", "birth_date": null, "party_position": "", "government_position": "", "problem": "thiếu họ và tên"}
        ]);
        assert_eq!(call(&main, "add_roster_rows", json!({"rows": rows})).expect("allowed"), json!(1));
        assert_eq!(call(&main, "add_roster_rows", json!({"rows": rows})).expect("allowed"), json!(0));
        let table = call(
            &main,
            "branch_table",
            json!({"year": 2026, "filter": {"late_only": false, "unconfirmed_only": false, "query": "hong"}}),
        )
        .expect("allowed");
        assert_eq!(table["rows"][0]["member"]["full_name"], "Lê Thị Hồng");
        assert_eq!(table["rows"][0]["cells"][0]["status"], "not-submitted");

        // Typed by hand, then exempt for the year, then moved away during it.
        let id = call(&main, "add_member", json!({"fields": {"full_name": "Đinh Văn Tâm", "birth_date": null, "party_position": "", "government_position": ""}}))
            .expect("allowed");
        let err = call(
            &main,
            "add_member",
            json!({"fields": {"full_name": "  ", "birth_date": null, "party_position": "", "government_position": ""}}),
        )
        .expect_err("a name is needed");
        assert_eq!(err["message"], "Hãy nhập họ và tên đảng viên.");
        call(&main, "set_exempt", json!({"memberId": id, "year": 2026, "exempt": true})).expect("allowed");
        call(&main, "set_moved", json!({"memberId": id, "on": "2026-06-01"})).expect("allowed");
        let all = json!({"late_only": false, "unconfirmed_only": false, "query": "tam"});
        let table = call(&main, "branch_table", json!({"year": 2026, "filter": all})).expect("allowed");
        let row = &table["rows"][0];
        assert_eq!((row["exempt"].clone(), row["moved"].clone()), (json!(true), json!(true)));
        assert_eq!(row["member"]["moved_on"], "2026-06-01");
        let next = call(&main, "branch_table", json!({"year": 2027, "filter": all})).expect("allowed");
        assert_eq!(next["rows"], json!([]), "not in the tables of the years after the move");
        let before = call(&main, "branch_table", json!({"year": 2025, "filter": all})).expect("allowed");
        assert_eq!(before["rows"][0]["moved"], json!(false), "a full member in the years before");
    }

    /// Commands run off the window's thread: every command that reaches the
    /// store (and so the disk) is `async`, so a slow disk never freezes it.
    #[test]
    fn every_command_that_touches_the_disk_is_async() {
        let mut sync = Vec::new();
        for source in [include_str!("lib.rs"), include_str!("branch.rs")] {
            let mut lines = source.lines().peekable();
            while let Some(line) = lines.next() {
                if line.trim() != "#[tauri::command]" {
                    continue;
                }
                // The signature: the lines up to and with the one that opens the body.
                let mut signature = String::new();
                for l in lines.by_ref() {
                    signature.push_str(l);
                    if l.contains('{') {
                        break;
                    }
                }
                if signature.contains("State<") && !signature.contains("async fn") {
                    sync.push(signature);
                }
            }
        }
        assert!(sync.is_empty(), "commands that touch the disk on the main thread: {sync:?}");
        assert!(
            include_str!("lib.rs").contains("async fn startup(state: State<'_, AppState>)"),
            "the scan reads signatures"
        );
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
        // A kind no template makes: said in words, with the kinds there are.
        let err = call(&main, "open_document", json!({"year": 2026, "kind": "bien-ban"})).expect_err("bad kind");
        assert_eq!(err["code"], "invalid", "{err}");
        let message = err["message"].as_str().unwrap_or_default();
        assert!(message.starts_with("Loại văn bản “bien-ban” không có; chọn “ke-hoach”, “cam-ket”"), "{err}");
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
        let n: i64 = Store::open_read_only(&dir.path().join("cam-ket.sqlite3"))
            .and_then(|s| Ok(s.conn().query_row("SELECT count(*) FROM records", [], |r| r.get(0))?))
            .expect("readable");
        assert_eq!(n, 0, "nothing signed");
    }

    #[test]
    fn a_year_no_calendar_has_is_said_and_the_next_save_works() {
        let dir = tempfile::tempdir().expect("temp dir");
        let main = window(dir.path(), "main");
        let err = call(&main, "year_board", json!({"year": i32::MIN})).expect_err("no such year");
        assert_eq!(err["code"], "invalid", "{err}");
        assert!(err["message"].as_str().unwrap_or_default().starts_with("Năm -2147483648 không hợp lệ"), "{err}");
        let doc = call(&main, "open_document", json!({"year": 2026, "kind": "ke-hoach"})).expect("opens");
        call(
            &main,
            "save_answer",
            json!({"id": doc["id"], "section": "hoc_tap", "answer": {"type": "text", "value": "x"}, "baseRevision": doc["revision"]}),
        )
        .expect("the next save works");
    }

    #[test]
    fn only_the_apps_own_page_may_be_navigated_to() {
        let url = |s: &str| s.parse::<tauri::Url>().expect("url");
        assert!(own_page(&url("tauri://localhost/")));
        assert!(own_page(&url("http://tauri.localhost/index.html")));
        assert!(!own_page(&url("https://example.com/")));
        assert!(!own_page(&url("file:///etc/passwd")));
    }

    #[test]
    fn a_command_that_panics_is_said_and_saving_goes_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = AppState::open(dir.path().join("cam-ket.sqlite3"));
        let err = state.with(|_| -> camket::Result<()> { panic!("a bug") }).expect_err("caught");
        assert_eq!(err.code, camket::ErrorCode::Internal);
        assert!(err.message.contains("dữ liệu đã lưu trước đó vẫn nguyên"), "{}", err.message);
        let profile = state.with(|s| s.profile()).expect("the store works after the panic");
        assert_eq!(profile, camket::profile::Profile::default());
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
