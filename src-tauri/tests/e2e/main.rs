//! End to end: the real app (the debug build of this workspace's `cam-ket`
//! binary, as `cargo test` builds it) driven over WebDriver under Xvfb, each
//! test with its own empty data folder.
//! The system PDF viewer is replaced by a stand-in `xdg-open` that records
//! what it was asked to open, so the printed file can be read back.
//!
//! This file holds what the journeys share (the sandbox, taking turns, the
//! profile, writing, signing and printing helpers); the tests, by journey:
//! - `member`: a new member's first launch, profile, and signed, printed documents.
//! - `year`: a member's year: progress, next year's documents from this year's.
//! - `review`: the year-end review, written and sent, then rated by the secretary.
//! - `robustness`: a killed app, a damaged or emptied database, hostile text, a failed print.
//! - `input`: Vietnamese typed through IBus with Unikey, and mouse clicks before a commit.
//! - `screens`: 1024×768 at 150%, the window's remembered size, no OpenGL.
//! - `branch`: the secretary's journeys on the Chi bộ screen.

mod driver;
mod input_method;

mod branch;
mod input;
mod ky_so;
mod member;
mod review;
mod robustness;
mod screens;
mod year;

use driver::{Driver, Session};
use input_method::InputMethod;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A data folder, and a PATH whose `xdg-open` writes its argument to a file.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// The app's database holds a secretary (demo member 0) who collects for the branch.
    fn secretary(&self) {
        let store = camket::store::Store::open(&self.app_data().join("cam-ket.sqlite3")).unwrap();
        let mut secretary = camket::demo::branch::member(0);
        secretary.collects_for_branch = true;
        store.save_profile(&secretary).unwrap();
    }

    /// A Zalo download folder holding the demo branch's files of `members`.
    fn inbox(&self, members: usize) -> PathBuf {
        let inbox = self.dir.path().join("Zalo Received Files");
        std::fs::create_dir_all(&inbox).unwrap();
        for f in camket::demo::branch::branch(year(), members).unwrap() {
            std::fs::write(inbox.join(&f.file_name), &f.bytes).unwrap();
        }
        inbox
    }

    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let opened = dir.path().join("opened.txt");
        let script = format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display());
        let xdg = bin.join("xdg-open");
        std::fs::write(&xdg, script).unwrap();
        Command::new("chmod").arg("+x").arg(&xdg).status().unwrap();
        Sandbox { dir }
    }

    fn driver(&self) -> Driver {
        self.driver_with(&[])
    }

    fn driver_with(&self, env: &[(&str, String)]) -> Driver {
        let path = format!("{}:{}", self.dir.path().join("bin").display(), std::env::var("PATH").unwrap_or_default());
        // SAFETY of the environment: the tests of this crate run one at a time (see `serial`).
        std::env::set_var("PATH", path);
        let mut env = env.to_vec();
        // "In…" prints to this file rather than to a printer chosen in a dialog.
        if !env.iter().any(|(k, _)| *k == "CAMKET_PRINT_TO") {
            env.push(("CAMKET_PRINT_TO", self.printed().display().to_string()));
        }
        // WebKitWebDriver's screenshot never answers when the app copies its
        // frames through shared memory (src-tauri/src/main.rs): pictures are
        // taken with WebKit's default DMA-BUF path, which draws the same.
        if std::env::var_os("CAMKET_SCREENSHOTS").is_some() {
            env.push(("WEBKIT_DISABLE_DMABUF_RENDERER", "0".into()));
        }
        Driver::start(&self.dir.path().join("data"), &env)
    }

    /// Where "In…" prints (`CAMKET_PRINT_TO`).
    fn printed(&self) -> PathBuf {
        self.dir.path().join("printed.pdf")
    }

    /// The app's database with the demo member's profile (the app not running).
    fn member_store(&self) -> camket::store::Store {
        let store = camket::store::Store::open(&self.app_data().join("cam-ket.sqlite3")).unwrap();
        store.save_profile(&camket::demo::profile()).unwrap();
        store
    }

    fn app_data(&self) -> PathBuf {
        self.dir.path().join("data").join("vn.camket.app")
    }

    fn opened(&self) -> Vec<PathBuf> {
        std::fs::read_to_string(self.dir.path().join("opened.txt"))
            .unwrap_or_default()
            .lines()
            .map(PathBuf::from)
            .collect()
    }
}

/// WebKitWebDriver drives one app at a time here; the tests take turns.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(path).arg("-").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Chooses `value` in the select `css`, as picking it from the list does.
fn choose(s: &Session, css: &str, value: &str) {
    s.wait_for(css);
    s.script(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true}));",
        serde_json::json!([css, value]),
    );
}

/// The year the board opens on (next year's from 1 November).
fn year() -> i32 {
    camket::app::working_year(chrono::Local::now().date_naive())
}

fn shot(s: &Session, name: &str) {
    if let Some(dir) = std::env::var_os("CAMKET_SCREENSHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        s.screenshot(&Path::new(&dir).join(format!("{name}.png")));
    }
}

/// Moves step by step (as the buttons do) until the step titled `title`.
fn step_to(s: &Session, title: &str, forward: bool) {
    for _ in 0..12 {
        if s.text("[data-testid=step-title]").starts_with(title) {
            return;
        }
        if forward {
            s.click("[data-testid=next]");
        } else {
            s.click_button("← Bước trước");
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    panic!("no step {title}");
}

fn wait_saved(s: &Session) {
    s.wait_text("[data-testid=save-state]", "Đã lưu");
}

/// The app launched on an empty data folder, with the member's profile filled in.
fn new_member(sandbox: &Sandbox) -> (Driver, Session) {
    let driver = sandbox.driver();
    let s = driver.launch();
    // A common office screen; each step's controls are checked to be in view.
    s.set_window(1366, 768);
    fill_profile(&s);
    (driver, s)
}

/// Welcome → profile (with a rule broken, then mended) → year board.
fn fill_profile(s: &Session) {
    s.wait_text("main h1", "Chào mừng");
    shot(s, "1-chao-mung");
    s.click_button("Bắt đầu: nhập hồ sơ đảng viên");
    // Going on with nothing filled: told what is missing, at the field, and taken there.
    s.click("[data-testid=profile-next]");
    s.wait_text("[data-testid=profile-blocked]", "chỗ cần sửa");
    s.wait_text("[data-testid=problem-full_name]", "Chưa nhập họ và tên.");
    s.wait_focused("#full_name");
    assert!(s.text("main h1").contains("Thông tin của đồng chí"), "still on the profile");
    // A date that is not on the calendar is named as such.
    s.type_into("#birth_date", "31/02/1990");
    s.blur();
    s.wait_text("[data-testid=problem-birth_date]", "Ngày 31/02/1990 không có trên lịch");
    s.wait_text("[data-testid=save-state]", "Chưa lưu: ngày sinh chưa đúng");
    s.type_into("#full_name", "Nguyễn Thị Hồng Nhung");
    s.type_into("#party_committee", "Đảng bộ Cục Văn thư và Lưu trữ nhà nước");
    s.type_into("#branch", "Chi bộ Phòng Tổ chức - Hành chính");
    s.type_into("#workplace", "Phòng Tổ chức - Hành chính");
    // A 100,000-character paste into a field is refused where it was pasted, and what was there stays.
    let taken = s.script(
        "const t = document.querySelector('#workplace'); t.focus(); const dt = new DataTransfer(); dt.setData('text/plain', 'x'.repeat(100000));
         const ev = new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}); t.dispatchEvent(ev); return ev.defaultPrevented",
        serde_json::json!([]),
    );
    assert_eq!(taken, serde_json::json!(true), "the paste was refused");
    s.wait_text("[data-testid=problem-workplace]", "đoạn vừa dán dài 100.000 ký tự nên chưa được dán");
    assert_eq!(s.value("#workplace"), "Phòng Tổ chức - Hành chính");
    s.type_into("#party_position", "Đảng viên");
    s.type_into("#place", "Hà Nội");
    s.type_into("#birth_date", "12/03/1990");
    s.type_into("#joined_on", "03/02/2000");
    s.type_into("#official_on", "03/02/2090");
    s.blur();
    s.wait_text("[data-testid=problem-joined_on]", "Ngày vào Đảng phải từ khi đủ 18 tuổi trở lên.");
    s.wait_text("[data-testid=problem-official_on]", "Ngày chính thức không thể là một ngày trong tương lai.");
    shot(s, "2-ho-so-loi");
    s.type_into("#official_on", "03/02/2001");
    s.type_into("#birth_date", "12/03/1978");
    s.blur();
    s.wait_exact("[data-testid=problem-joined_on]", "");
    s.wait_exact("[data-testid=problem-official_on]", "");
    wait_saved(s);
    // The key's short fingerprint, to read to the secretary: XXXX-XXXX.
    let key = s.text("[data-testid=key-fingerprint]");
    assert!(key.len() == 9 && key.chars().nth(4) == Some('-'), "{key:?}");
    shot(s, "3-ho-so");
    s.click("[data-testid=profile-next]");
    s.wait_text("main h1", &format!("Văn bản năm {}", year()));
    assert_eq!(s.text("[data-testid=status-ke-hoach]"), "chưa làm");
    shot(s, "4-danh-sach");
}

/// Types every section of the open document: (step title, text) for text steps.
fn write_steps(s: &Session, texts: &[(&str, &str)]) {
    for (title, text) in texts {
        s.wait_text("[data-testid=step-title]", title);
        if !text.is_empty() {
            s.type_into("[data-testid=answer]", text);
            wait_saved(s);
        }
        assert!(s.in_view("[data-testid=next]"), "“Bước tiếp” is in view on the step {title}");
        s.click("[data-testid=next]");
    }
}

/// Answers the native file dialog titled `title` by typing `path` into it
/// and pressing Enter, as a person would (xdotool on the virtual display).
fn answer_file_dialog(title: &str, path: &Path) {
    let xdotool = |args: &[&str]| {
        let out = Command::new("xdotool").args(args).output().expect("xdotool is installed by `make test`");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let window = loop {
        let found = xdotool(&["search", "--onlyvisible", "--name", title]);
        if let Some(id) = found.lines().next() {
            break id.to_string();
        }
        assert!(std::time::Instant::now() < deadline, "no dialog {title}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    // Let the dialog finish drawing its widgets before typing.
    std::thread::sleep(std::time::Duration::from_millis(800));
    xdotool(&["windowfocus", "--sync", &window]);
    // Ctrl+L opens the location field in both dialogs; Ctrl+A selects the suggested name.
    xdotool(&["key", "--window", &window, "ctrl+l"]);
    xdotool(&["key", "--window", &window, "ctrl+a"]);
    xdotool(&["type", "--delay", "15", &path.display().to_string()]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    xdotool(&["key", "Return"]);
}

/// The command line built beside the app by `cargo test` at the root (which
/// `make test` runs before these tests).
fn camket_binary() -> std::path::PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/camket");
    assert!(path.exists(), "{} is built by `cargo test` at the root first", path.display());
    path
}

fn review_sign_print(s: &Session, printed: &Path, name: Option<&str>, place_signature: impl Fn(&Session)) -> String {
    let shot = |s: &Session, step: &str| {
        if let Some(name) = name {
            shot(s, &format!("{name}-{step}"));
        }
    };
    s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
    s.wait_for("[data-testid=ready]");
    s.wait_for("[data-testid=pdf-page]");
    s.wait_gone("[data-testid=pdf-loading]");
    // The date of the branch meeting, chosen here, is the date printed and signed.
    s.type_into("[data-testid=doc-date]", &format!("15/12/{}", year() - 1));
    s.blur();
    s.wait_text("[data-testid=doc-date-hint]", "Ngày đồng chí đã chọn.");
    // The preview is drawn again for the new date: wait before clicking below it.
    s.wait_for("[data-testid=pdf-pages][aria-busy=false]");
    shot(s, "xem-lai");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "Ký văn bản");
    place_signature(s);
    s.click("[data-testid=understood]");
    assert!(s.in_view("[data-testid=sign]"), "“Ký và tiếp tục” is in view");
    shot(s, "ky");
    s.click("[data-testid=sign]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    s.click("[data-testid=open-pdf]");
    let note = s.wait_text("[data-testid=print-note]", "Đã mở để in: ");
    let opened = note.trim_start_matches("Đã mở để in: ").to_string();
    // "In…" prints the pages themselves: as many A4 sheets as the PDF has
    // pages, nothing else on them, the text as text (vectors, not pictures).
    s.wait_for("[data-testid=print-sheets]");
    let _ = std::fs::remove_file(printed);
    s.click("[data-testid=print]");
    wait_printed(printed);
    let (sheets, pages) = (page_sizes(printed), page_sizes(Path::new(&opened)));
    assert_eq!(sheets.len(), pages.len(), "one sheet per page: {sheets:?}");
    let a4 = |(w, h): &(f64, f64)| (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0;
    assert!(sheets.iter().chain(&pages).all(a4), "A4 sheets: {sheets:?}");
    // Every word, as many times: read by layout, a table's cells come in an
    // order that a fraction of a point decides, so the words are compared
    // sorted; the text before the table, in order.
    let words = |p: &Path| pdf_text(p).split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let (on_sheets, in_pdf) = (words(printed), words(Path::new(&opened)));
    let before_table = |w: &[String]| w.iter().take_while(|x| *x != "TT").cloned().collect::<Vec<_>>();
    assert_eq!(before_table(&on_sheets), before_table(&in_pdf), "the printed sheets hold the PDF's words, in order");
    let sorted = |mut w: Vec<String>| {
        w.sort();
        w
    };
    assert_eq!(sorted(on_sheets), sorted(in_pdf), "the printed sheets hold every word of the PDF");
    // Every page drawn before anything else is clicked: pages appearing move
    // the buttons below them (a click could land where one had been).
    s.wait_for("[data-testid=pdf-pages][aria-busy=false]");
    if name.is_some() {
        // The picture shows the last printed page, with the signatures.
        s.script(
            "[...document.querySelectorAll('[data-testid=pdf-page]')].at(-1).scrollIntoView()",
            serde_json::json!([]),
        );
    }
    shot(s, "in");
    opened
}

/// Waits for the file "In…" prints to (`CAMKET_PRINT_TO`) to be complete.
fn wait_printed(path: &Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let ok = path.exists() && Command::new("pdfinfo").arg(path).output().is_ok_and(|o| o.status.success());
        if ok {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "nothing printed to {}", path.display());
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// The size of each page of a PDF, in points (`pdfinfo`).
fn page_sizes(path: &Path) -> Vec<(f64, f64)> {
    let out = Command::new("pdfinfo").args(["-f", "1", "-l", "99"]).arg(path).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let n: Vec<f64> = l.split_whitespace().filter_map(|w| w.parse().ok()).collect();
            (n[1], n[2])
        })
        .collect()
}

/// 1024×768 with the text at 150% (A+ three times).
fn small_screen_large_text(s: &Session) {
    s.set_window(1024, 768);
    for _ in 0..3 {
        s.click_button("A+");
    }
}

/// Back to 1366×768 at 100%.
fn usual_screen(s: &Session) {
    for _ in 0..3 {
        s.click_button("A−");
    }
    s.set_window(1366, 768);
}

const PLAN: &[(&str, &str)] = &[
    ("I. NỘI DUNG HỌC TẬP", "Học tập chuyên đề năm trong sinh hoạt chi bộ; tự đọc tài liệu tối thứ Năm hằng tuần."),
    ("1. Về tư tưởng", "Kiên định lập trường; không chia sẻ thông tin sai trái trên mạng xã hội."),
    ("2. Về đạo đức", "Tiết kiệm điện, nước, văn phòng phẩm; trung thực trong báo cáo."),
    ("3. Về phong cách", "Đúng giờ, lắng nghe, giải quyết hồ sơ đúng hạn."),
    ("4. Gắn với chức trách", "Nội dung đột phá: hoàn thành quy chế văn thư mới trước tháng Chín."),
    ("5. Khắc phục hạn chế", "Khắc phục việc chậm báo cáo: nộp trước hạn hai ngày."),
];

/// Clicks a field, types `keys` through the input method and waits for `shown`.
/// No key is pressed before the window has the display's focus and the
/// field the page's: keys sent earlier would go nowhere.
fn type_through(s: &Session, ime: &InputMethod, field: &str, keys: &str, shown: &str) {
    s.click(field);
    ime.focus_app();
    s.wait_focused(field);
    ime.type_keys(keys);
    if !s.value_becomes(field, shown) {
        let focus = s.script(
            "return [document.hasFocus(), document.activeElement.outerHTML.slice(0, 80)]",
            serde_json::json!([]),
        );
        panic!("{field} holds {:?}, not {shown:?}; focus {focus}; engine {:?}", s.value(field), ime.engine());
    }
}

/// The demo member with this year's plan signed today, in the sandbox's
/// database (the app not running); the year.
fn signed_plan_of_this_year(sandbox: &Sandbox) -> i32 {
    let today = chrono::Local::now().date_naive();
    let this_year = chrono::Datelike::year(&today);
    let mut store = sandbox.member_store();
    sign_written(&mut store, this_year, "ke-hoach", camket::demo::plan(this_year), today);
    this_year
}

/// `content` written as the `kind` document of `year` and signed on `today`.
fn sign_written(
    store: &mut camket::store::Store,
    year: i32,
    kind: &str,
    content: camket::document::Content,
    today: chrono::NaiveDate,
) -> camket::store::SignedVersion {
    let id = camket::writing::document(store, year, kind).unwrap();
    let mut rev = 0;
    for (section, answer) in content.answers {
        rev = store.save_answer(id, &section, answer, rev).unwrap();
    }
    camket::writing::sign(store, id, rev, today, None).unwrap()
}

/// Types `keys` in `field` through the input method and clicks the mouse on
/// `away` right after, without a space or Tab to commit the last word.
fn type_then_click_away(s: &Session, ime: &InputMethod, field: &str, keys: &str, away: &str) {
    s.click(field);
    ime.focus_app();
    s.wait_focused(field);
    ime.type_keys_only(keys);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let at = s.script(
        "const e = document.querySelector(arguments[0]); e.scrollIntoView({block: 'center'});
         const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]",
        serde_json::json!([away]),
    );
    ime.click_at(at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
}
