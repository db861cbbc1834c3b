//! End to end: the real app (the debug build of this workspace's `cam-ket`
//! binary, as `cargo test` builds it) driven over WebDriver under Xvfb, each
//! test with its own empty data folder.
//! The system PDF viewer is replaced by a stand-in `xdg-open` that records
//! what it was asked to open, so the printed file can be read back.

mod driver;
mod input_method;

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
        // SAFETY of the environment: tests in this file run one at a time (see `serial`).
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

/// How many images a PDF holds (poppler's `pdfimages -list`).
fn image_count(path: &Path) -> usize {
    let out = Command::new("pdfimages").arg("-list").arg(path).output().unwrap();
    assert!(out.status.success());
    // Two header lines, then one line per image or mask.
    String::from_utf8_lossy(&out.stdout).lines().skip(2).filter(|l| l.contains(" image ")).count()
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
    let words = |p: &Path| pdf_text(p).split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(words(printed), words(Path::new(&opened)), "the printed sheets hold the PDF's words, in order");
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

/// A scanned signature: dark strokes on white paper.
fn signature_scan() -> Vec<u8> {
    let (w, h) = (300, 100);
    let mut rgba = vec![255u8; w * h * 4];
    for x in 20..280 {
        let y = (50.0 + (x as f32 / 25.0).sin() * 30.0) as usize;
        for dy in 0..5 {
            rgba[((y + dy) * w + x) * 4..((y + dy) * w + x) * 4 + 3].copy_from_slice(&[10, 10, 60]);
        }
    }
    camket::signature::SignatureImage { width: w as u32, height: h as u32, rgba }.to_png().unwrap()
}

const PLAN: &[(&str, &str)] = &[
    ("I. NỘI DUNG HỌC TẬP", "Học tập chuyên đề năm trong sinh hoạt chi bộ; tự đọc tài liệu tối thứ Năm hằng tuần."),
    ("1. Về tư tưởng", "Kiên định lập trường; không chia sẻ thông tin sai trái trên mạng xã hội."),
    ("2. Về đạo đức", "Tiết kiệm điện, nước, văn phòng phẩm; trung thực trong báo cáo."),
    ("3. Về phong cách", "Đúng giờ, lắng nghe, giải quyết hồ sơ đúng hạn."),
    ("4. Gắn với chức trách", "Nội dung đột phá: hoàn thành quy chế văn thư mới trước tháng Chín."),
    ("5. Khắc phục hạn chế", "Khắc phục việc chậm báo cáo: nộp trước hạn hai ngày."),
];

const COMMITMENT: &[(&str, &str)] = &[
    ("1. Về tư tưởng chính trị", "Tuyệt đối trung thành với Đảng; kiên định mục tiêu, lý tưởng."),
    ("2. Về phẩm chất đạo đức, lối sống", "Sống giản dị, trung thực; giữ gìn gia đình văn hóa."),
    ("3. Về ý thức tổ chức kỷ luật", "Chấp hành nghiêm sự phân công; đóng đảng phí đúng hạn."),
    ("4. Về tác phong, lề lối làm việc", "Làm việc khoa học, đúng hạn, không gây phiền hà."),
    ("5. Về thực hiện chức trách", "Hoàn thành tốt nhiệm vụ được giao; phấn đấu xếp loại xuất sắc."),
    ("6. Về khắc phục hạn chế", ""),
];

#[test]
fn a_new_member_goes_from_first_launch_to_both_signed_pdfs() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let (_driver, s) = new_member(&sandbox);
    s.wait_text("main h1", &format!("Văn bản năm {}", year()));
    let calendar = chrono::Datelike::year(&chrono::Local::now().date_naive());
    if calendar != year() {
        // From November the board shows next year's documents; this year's is one click away.
        s.click("[data-testid=other-year]");
        s.wait_text("main h1", &format!("Văn bản năm {calendar}"));
        s.click("[data-testid=other-year]");
        s.wait_text("main h1", &format!("Văn bản năm {}", year()));
    }

    // The plan.
    s.click("[data-testid=open-ke-hoach]");
    s.wait_text("[data-testid=step-indicator]", "Bước 1/10");
    // The outline: every part with its group heading, what is missing, and a way to any step.
    s.click("[data-testid=outline] summary");
    let outline = s.wait_text("[data-testid=outline]", "II. NỘI DUNG LÀM THEO");
    assert!(
        outline.contains("II. NỘI DUNG LÀM THEO\n1. Về tư tưởng")
            || outline.contains("II. NỘI DUNG LÀM THEO 1. Về tư tưởng"),
        "{outline}"
    );
    assert!(outline.contains("còn thiếu"), "{outline}");
    s.click("[data-testid=outline-2]");
    s.wait_text("[data-testid=step-title]", "2. Về đạo đức");
    s.click("[data-testid=outline] summary");
    s.click("[data-testid=outline-0]");
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    shot(&s, "5-ke-hoach-buoc-1");
    write_steps(&s, PLAN);
    s.wait_text("[data-testid=step-title]", "Các việc đăng ký làm theo");
    s.click("[data-testid=add-row]");
    s.type_into("#c-0-noi_dung", "Số hóa hồ sơ lưu trữ năm 2019");
    s.type_into("#c-0-bien_phap", "Mỗi tuần hai hộp, báo cáo chi ủy hằng quý");
    s.type_into("#c-0-thoi_gian", "Quý III");
    wait_saved(&s);
    // A second row deleted by mistake comes back with "Hoàn tác".
    s.click("[data-testid=add-row]");
    s.type_into("#c-1-noi_dung", "Hướng dẫn đồng nghiệp mới tra cứu tài liệu số hóa, mỗi quý một buổi");
    wait_saved(&s);
    s.click("[data-testid=remove-row-1]");
    s.wait_text("[data-testid=row-removed]", "Đã xóa việc số 2 (Hướng dẫn đồng nghiệp mới");
    s.wait_focused("[data-testid=undo-remove]");
    assert!(
        s.script("return document.querySelector('#c-1-noi_dung') === null", serde_json::json!([]))
            == serde_json::json!(true)
    );
    s.click("[data-testid=undo-remove]");
    s.wait_exact_value("#c-1-noi_dung", "Hướng dẫn đồng nghiệp mới tra cứu tài liệu số hóa, mỗi quý một buổi");
    wait_saved(&s);
    // Cells grow with their text: nothing is cut off.
    let grown = s.script(
        "const t = document.querySelector('#c-1-noi_dung'); return t.scrollHeight <= t.clientHeight + 2 && t.clientHeight > 40",
        serde_json::json!([]),
    );
    assert_eq!(grown, serde_json::json!(true), "a long cell shows all its lines");
    shot(&s, "6-bang-viec");
    s.click("[data-testid=remove-row-1]");
    s.wait_gone("#c-1-noi_dung");
    wait_saved(&s);
    s.click("[data-testid=next]");
    // Signed with a signature drawn in the pad.
    let plan_pdf = review_sign_print(&s, &sandbox.printed(), Some("7-ke-hoach"), |s| {
        s.click("[data-testid=signature-draw]");
        s.click("[data-testid=understood]");
        s.click("[data-testid=sign]");
        s.wait_text("[data-testid=sign-error]", "Khung ký còn trống");
        s.draw("[data-testid=signature-pad]", &[(-150, 10), (-100, -20), (-50, 15), (0, -25), (60, 20), (140, -10)]);
        // Back to the review and forward again: the drawing and the tick are kept.
        s.click_button("← Bước trước");
        s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
        s.click("[data-testid=next]");
        s.wait_text("[data-testid=step-title]", "Ký văn bản");
        s.wait_for("[data-testid=signature-pad]");
        let kept = s.script(
            "return [document.querySelector('[data-testid=understood]').checked, !document.querySelector('[data-testid=pad-clear]').disabled]",
            serde_json::json!([]),
        );
        assert_eq!(kept, serde_json::json!([true, true]), "tick and drawing survive Back/Next");
        // Not signing is a separate, plainly worded choice.
        assert!(s.text("[data-testid=next]").contains("Chưa ký"));
        s.click("[data-testid=understood]"); // unticked: the journey ticks it again
    });
    assert!(s.text("[data-testid=print-what]").contains("hình chữ ký đã có"), "no hand signature asked for");
    let text = pdf_text(Path::new(&plan_pdf)).replace('\n', " ");
    assert!(text.contains(&format!("ngày 15 tháng 12 năm {}", year() - 1)), "the chosen date is printed: {text}");
    for (_, typed) in PLAN {
        assert!(text.contains(typed), "the plan PDF has {typed:?}:\n{text}");
    }
    for typed in
        ["Số hóa hồ sơ lưu trữ", "năm 2019", "Mỗi tuần hai hộp", "Quý III", "Nguyễn Thị Hồng Nhung", "Mã xác thực: "]
    {
        assert!(text.contains(typed), "the plan PDF has {typed:?}:\n{text}");
    }
    assert!(!text.contains("Bản nháp"));
    assert_eq!(image_count(Path::new(&plan_pdf)), 2, "the drawn signature and its transparency mask");
    // "Lưu PDF" is the one file to send: the print step says so, and the
    // file has the branch's name and the signed record inside.
    assert!(s.text("[data-testid=send-what]").contains("là tệp gửi chi bộ"));
    let saves = s.script(
        "return [...document.querySelectorAll('button')].map(b => b.textContent.trim()).filter(t => t.startsWith('Lưu'))",
        serde_json::json!([]),
    );
    assert_eq!(saves, serde_json::json!(["Lưu PDF"]), "one way to save the PDF");
    let sent = sandbox.dir.path().join("giay-to").join(format!("{}-ke-hoach-nguyen-thi-hong-nhung.pdf", year()));
    std::fs::create_dir_all(sent.parent().unwrap()).unwrap();
    s.click("[data-testid=save-pdf]");
    answer_file_dialog("Lưu PDF", &sent);
    s.wait_text("[data-testid=print-note]", &format!("Đã lưu tệp gửi chi bộ: {}", sent.display()));
    s.script(
        "document.querySelector('[data-testid=save-pdf]').scrollIntoView({block: 'center'})",
        serde_json::json!([]),
    );
    shot(&s, "7-ke-hoach-gui-chi-bo");
    let verify = Command::new(camket_binary()).arg("verify").arg(&sent).output().unwrap();
    let verdict = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success(), "camket verify accepts the branch copy: {verdict}");
    assert!(verdict.contains(&format!("Nguyễn Thị Hồng Nhung, kế hoạch cá nhân năm {}", year())), "{verdict}");
    assert_eq!(pdf_text(&sent), pdf_text(Path::new(&plan_pdf)), "it prints as the signed PDF does");
    s.click("[data-testid=finish]");
    s.wait_text("[data-testid=status-ke-hoach]", "đã ký");
    s.wait_text("[data-testid=branch-copy-ke-hoach]", "Đã lưu tệp gửi chi bộ");

    // The commitment.
    s.click("[data-testid=open-cam-ket]");
    s.wait_text("[data-testid=step-title]", "Văn bản căn cứ");
    s.click("[data-testid=next]");
    write_steps(&s, COMMITMENT);
    s.wait_text("[data-testid=step-title]", "Tự soi, tự đối chiếu");
    s.wait_for("[data-testid='nq04-1.5']");
    // One calm note for the topic summaries, none glued to an item.
    assert!(!s.text("[data-testid='nq04-1.5']").contains("chưa đối chiếu"), "{}", s.text("[data-testid='nq04-1.5']"));
    assert!(s.text("[data-testid=topics-note]").contains("chủ đề tóm tắt"));
    // The sentence printed, and the full title of each regulation it names.
    let cited = s.text("[data-testid=cited]");
    let qd = if year() >= 2027 {
        "Quy định số 207-QĐ/TW ngày 26/7/2026"
    } else {
        "Quy định số 37-QĐ/TW ngày 25/10/2021"
    };
    assert!(
        cited.contains(&format!("{qd} của Ban Chấp hành Trung ương về những điều đảng viên không được làm")),
        "{cited}"
    );
    shot(&s, "8-tu-soi");
    // Ticking all 27 at once asks first; "not yet" ticks nothing.
    s.click_button("Tôi đã đối chiếu tất cả");
    s.wait_text("[data-testid=confirm-all]", "từng biểu hiện");
    s.click_button("Chưa, để tôi đánh dấu từng mục");
    s.wait_gone("[data-testid=confirm-all]");
    assert_eq!(
        s.script(
            "return document.querySelectorAll('[data-testid^=nq04-] input:checked').length",
            serde_json::json!([])
        ),
        serde_json::json!(0)
    );
    s.click_button("Tôi đã đối chiếu tất cả");
    s.click_button("Đúng, tôi đã đối chiếu từng biểu hiện");
    wait_saved(&s);
    s.click("[data-testid=next]");
    // Signed with a PNG of the signature; a file that is not a PNG is refused first.
    let scan = sandbox.dir.path().join("chu-ky.png");
    std::fs::write(&scan, signature_scan()).unwrap();
    let commitment_pdf = review_sign_print(&s, &sandbox.printed(), Some("9-cam-ket"), |s| {
        s.click("[data-testid=signature-file]");
        s.click("[data-testid=choose-signature]");
        answer_file_dialog("Chọn ảnh chữ ký", Path::new(&plan_pdf));
        s.wait_text("[data-testid=signature-error]", "không phải ảnh PNG");
        s.click("[data-testid=choose-signature]");
        answer_file_dialog("Chọn ảnh chữ ký", &scan);
        s.wait_for("[data-testid=signature-preview]");
    });
    let text = pdf_text(Path::new(&commitment_pdf)).replace('\n', " ");
    for (_, typed) in COMMITMENT.iter().filter(|(_, t)| !t.is_empty()) {
        assert!(text.contains(typed), "the commitment PDF has {typed:?}:\n{text}");
    }
    assert!(text.contains("Tôi đã tự soi, tự đối chiếu bản thân với 27 biểu hiện"));
    assert_eq!(image_count(Path::new(&commitment_pdf)), 2, "the imported signature and its mask");
    s.click("[data-testid=finish]");
    s.wait_text("[data-testid=status-cam-ket]", "đã ký");
    shot(&s, "10-danh-sach-da-ky");
    assert_eq!(sandbox.opened().len(), 2, "both PDFs went to the viewer");
    assert!(sandbox.opened().iter().all(|p| p.starts_with(sandbox.app_data())), "only files the app wrote are opened");
    s.close();
}

/// What a Telex input method such as Unikey sends for "Phạm Văn Đức": the
/// plain letters, then backspaces and the accented letters that replace them.
const TELEX_NAME: &str = "Pham\u{8}\u{8}ạm Va\u{8}ăn Dd\u{8}\u{8}Đu\u{8}ưc\u{8}\u{8}ức";

#[test]
fn the_keyboard_alone_takes_a_member_to_a_signed_plan() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_text("main h1", "Chào mừng");
    s.tab_to("main button.primary");
    s.keys("\n");
    s.wait_text("main h1", "Thông tin của đồng chí");
    for (field, keys) in [
        ("#full_name", TELEX_NAME),
        ("#party_committee", "Đảng bộ Cục Văn thư và Lưu trữ nhà nước"),
        ("#branch", "Chi bộ Văn phòng"),
        ("#workplace", "Văn phòng Cục"),
        ("#party_position", "Đảng viên"),
        ("#place", "Hà Nội"),
        ("#birth_date", "05/09/1975"),
        ("#joined_on", "19/05/2000"),
        ("#official_on", "19/05/2001"),
    ] {
        s.tab_to(field);
        s.keys(keys);
    }
    assert_eq!(s.value("#full_name"), "Phạm Văn Đức");
    s.tab_to("[data-testid=profile-next]");
    s.keys("\n");
    s.wait_text("main h1", &format!("Văn bản năm {}", year()));
    s.tab_to("[data-testid=open-ke-hoach]");
    s.keys("\n");
    for (title, text) in PLAN {
        s.wait_text("[data-testid=step-title]", title);
        s.tab_to("[data-testid=answer]");
        s.keys(text);
        s.tab_to("[data-testid=next]");
        s.keys("\n");
    }
    s.wait_text("[data-testid=step-title]", "Các việc đăng ký làm theo");
    s.tab_to("[data-testid=add-row]");
    s.keys("\n");
    s.tab_to("#c-0-noi_dung");
    s.keys("Chỉnh lý tài liệu tồn đọng");
    s.tab_to("#c-0-bien_phap");
    s.keys("Mỗi tháng một phông");
    s.tab_to("[data-testid=next]");
    s.keys("\n");
    s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
    s.wait_for("[data-testid=ready]");
    s.tab_to("[data-testid=next]");
    s.keys("\n");
    s.wait_text("[data-testid=step-title]", "Ký văn bản");
    s.tab_to("[data-testid=understood]");
    s.keys(" ");
    s.tab_to("[data-testid=sign]");
    s.keys("\n");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    assert!(s.text("[data-testid=print-what]").contains("ký tay vào chỗ ký"), "signed without an image");
    s.tab_to("[data-testid=open-pdf]");
    s.keys("\n");
    let note = s.wait_text("[data-testid=print-note]", "Đã mở để in: ");
    let text = pdf_text(Path::new(note.trim_start_matches("Đã mở để in: "))).replace('\n', " ");
    for typed in PLAN.iter().map(|(_, t)| *t).chain(["Phạm Văn Đức", "Chỉnh lý tài liệu tồn đọng", "Mã xác thực: "])
    {
        assert!(text.contains(typed), "the plan PDF has {typed:?}:\n{text}");
    }
    s.close();
}

/// The app launched on an empty data folder with `ime` as the system's
/// input method, on the profile screen.
fn profile_with_input_method(sandbox: &Sandbox, ime: &InputMethod) -> (Driver, Session) {
    let driver = sandbox.driver_with(&ime.env());
    let s = driver.launch();
    s.click_button("Bắt đầu: nhập hồ sơ đảng viên");
    (driver, s)
}

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

/// A printer that fails says so where the member is looking, in words.
#[test]
fn a_print_that_fails_says_so() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let this_year = signed_plan_of_this_year(&sandbox);
    let nowhere = sandbox.dir.path().join("khong-co-thu-muc").join("in.pdf");
    let driver = sandbox.driver_with(&[("CAMKET_PRINT_TO", nowhere.display().to_string())]);
    let s = driver.launch();
    if year() != this_year {
        s.click("[data-testid=other-year]");
    }
    s.click("[data-testid=open-ke-hoach]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    s.wait_for("[data-testid=print-sheets]");
    s.click("[data-testid=print]");
    s.wait_text("[role=alert]", "Chưa in được");
    assert!(!nowhere.exists());
    s.close();
}

/// The profile but the name, as Telex keys, what each field then shows.
const PROFILE_TELEX: [(&str, &str, &str); 7] = [
    ("#party_committee", "DDangr booj Cucj Vawn thuw", "Đảng bộ Cục Văn thư"),
    ("#branch", "Chi booj Vawn phongf", "Chi bộ Văn phòng"),
    ("#workplace", "Vawn phongf Cucj", "Văn phòng Cục"),
    ("#place", "Haf Nooij", "Hà Nội"),
    ("#birth_date", "05/09/1975", "05/09/1975"),
    ("#joined_on", "19/05/2000", "19/05/2000"),
    ("#official_on", "19/05/2001", "19/05/2001"),
];

#[test]
fn vietnamese_typed_with_telex_through_the_system_input_method_is_kept() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let ime = InputMethod::start("telex");
    let (driver, s) = profile_with_input_method(&sandbox, &ime);
    // Every field typed in Telex, as the member's keyboard sends it.
    type_through(&s, &ime, "#full_name", "Nguyeenx Vawn Dduwcs", "Nguyễn Văn Đức");
    for (field, keys, shown) in PROFILE_TELEX {
        type_through(&s, &ime, field, keys, shown);
    }
    wait_saved(&s);
    s.click("[data-testid=profile-next]");
    s.click("[data-testid=open-ke-hoach]");
    type_through(&s, &ime, "[data-testid=answer]", "Hocj taapj chuyeen ddeef nawm", "Học tập chuyên đề năm");
    wait_saved(&s);
    s.close();
    drop(driver);
    kept_after_a_restart(&sandbox, "Học tập chuyên đề năm", "Nguyễn Văn Đức");
}

/// What was saved is what was typed: the plan's first answer and the name
/// come back after a restart.
fn kept_after_a_restart(sandbox: &Sandbox, answer: &str, name: &str) {
    let driver = sandbox.driver();
    let s = driver.launch();
    s.click("[data-testid=open-ke-hoach]");
    s.wait_exact_value("[data-testid=answer]", answer);
    s.click_button("← Về danh sách văn bản");
    s.click_button("Sửa hồ sơ");
    s.wait_exact_value("#full_name", name);
    s.close();
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

/// The walkthrough lost "trị" of "Giữ vững lập trường chính trị" and saved
/// her name as "Lê Thị ": the last word was still with Unikey when she
/// clicked elsewhere with the mouse.
#[test]
fn the_last_word_typed_through_the_input_method_is_kept_when_the_mouse_clicks_away() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let ime = InputMethod::start("telex");
    let (driver, s) = profile_with_input_method(&sandbox, &ime);
    type_then_click_away(&s, &ime, "#full_name", "Lee Thij Thu", "#place");
    s.wait_exact_value("#full_name", "Lê Thị Thu");
    for (field, keys, shown) in PROFILE_TELEX {
        type_through(&s, &ime, field, keys, shown);
    }
    wait_saved(&s);
    s.click("[data-testid=profile-next]");
    s.click("[data-testid=open-ke-hoach]");
    type_then_click_away(
        &s,
        &ime,
        "[data-testid=answer]",
        "Giuwx vuwngx laapj truwowngf chinhs trij",
        "[data-testid=step-title]",
    );
    s.wait_exact_value("[data-testid=answer]", "Giữ vững lập trường chính trị");
    wait_saved(&s);
    s.close();
    drop(driver);
    kept_after_a_restart(&sandbox, "Giữ vững lập trường chính trị", "Lê Thị Thu");
}

#[test]
fn vietnamese_typed_with_vni_through_the_system_input_method_is_kept() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let ime = InputMethod::start("vni");
    let (driver, s) = profile_with_input_method(&sandbox, &ime);
    type_through(&s, &ime, "#full_name", "Nguye64n Va8n D9u71c", "Nguyễn Văn Đức");
    type_through(&s, &ime, "#place", "Ha2 No65i", "Hà Nội");
    wait_saved(&s);
    s.close();
    drop(driver);
    let driver = sandbox.driver();
    let s = driver.launch();
    s.click_button("Sửa hồ sơ");
    s.wait_exact_value("#full_name", "Nguyễn Văn Đức");
    s.wait_exact_value("#place", "Hà Nội");
    s.close();
}

#[test]
fn text_survives_a_kill_after_it_shows_saved_and_editing_after_signing_keeps_the_signed_version() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let (driver, s) = new_member(&sandbox);
    s.click("[data-testid=open-ke-hoach]");
    let typed = "Đọc “Di chúc” của Bác; ghi sổ tay điều tâm đắc, ứng dụng vào công việc.";
    s.type_into("[data-testid=answer]", typed);
    wait_saved(&s);
    let pid = driver.app_pid().expect("the app runs");
    Command::new("kill").args(["-9", &pid.to_string()]).status().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.close();

    // Closing the window right after typing, before the pause: the text is saved first.
    let s = driver.launch();
    s.click("[data-testid=open-ke-hoach]");
    let quick = format!("{typed} Thêm ngay trước khi đóng cửa sổ.");
    s.type_into("[data-testid=answer]", &quick);
    s.script(
        "window.__TAURI_INTERNALS__.invoke('plugin:event|emit_to', {target: {kind: 'Window', label: 'main'}, event: 'tauri://close-requested', payload: null})",
        serde_json::json!([]),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while driver.app_pid().is_some() {
        assert!(std::time::Instant::now() < deadline, "the window closes");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    s.close();

    let s = driver.launch();
    s.wait_text("main h1", "Văn bản năm");
    assert_eq!(s.text("[data-testid=status-ke-hoach]"), "bản nháp");
    s.click("[data-testid=open-ke-hoach]");
    s.wait_for("[data-testid=answer]");
    assert_eq!(s.value("[data-testid=answer]"), quick);

    // Fill the rest and sign, then edit after signing.
    s.click("[data-testid=next]");
    write_steps(&s, &PLAN[1..]);
    s.click("[data-testid=add-row]");
    s.type_into("#c-0-noi_dung", "Đọc sách");
    wait_saved(&s);
    s.click("[data-testid=next]");
    let signed_pdf = review_sign_print(&s, &sandbox.printed(), None, |_| {});
    let signed_text = pdf_text(Path::new(&signed_pdf));
    s.click("[data-testid=finish]");
    s.click("[data-testid=open-ke-hoach]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    // "Xem, in hoặc sửa" opens on printing, with the way to change it there.
    s.wait_for("[data-testid=pdf-pages][aria-busy=false]");
    s.click("[data-testid=to-edit]");
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    // "Sửa văn bản" asks first: "Không" keeps it locked, "Có" unlocks.
    s.click("[data-testid=unlock]");
    assert!(s.text("[data-testid=unlock-question]").contains("bản đã ký vẫn được giữ nguyên"));
    s.click("[data-testid=unlock-no]");
    s.wait_for("[data-testid=unlock]");
    assert_eq!(
        s.script("return document.querySelector('[data-testid=answer]').disabled", serde_json::json!([])),
        serde_json::json!(true)
    );
    s.click("[data-testid=unlock]");
    s.click("[data-testid=unlock-yes]");
    s.type_into("[data-testid=answer]", "Nội dung sửa sau khi ký.");
    wait_saved(&s);
    s.click_button("← Về danh sách văn bản");
    s.wait_text("[data-testid=status-ke-hoach]", "bản nháp");
    let code = s.text("[data-testid=board-ke-hoach]");
    assert!(code.contains("Mã xác thực bản đã ký"), "{code}");
    // What prints now is the draft being edited, said so; the signed file stays as it was.
    s.click("[data-testid=open-ke-hoach]");
    s.wait_for("[data-testid=step-title]");
    step_to(&s, "In văn bản", true);
    s.wait_text("[data-testid=print-what]", "Văn bản đang sửa sau khi ký");
    s.click("[data-testid=open-pdf]");
    let note = s.wait_text("[data-testid=print-note]", "Đã mở để in: ");
    let draft = pdf_text(Path::new(note.trim_start_matches("Đã mở để in: ")));
    assert!(draft.contains("Nội dung sửa sau khi ký.") && draft.contains("Bản nháp"), "{draft}");
    assert_eq!(pdf_text(Path::new(&signed_pdf)), signed_text);
    assert!(!signed_text.contains("Nội dung sửa sau khi ký."));
    s.close();
}

#[test]
fn a_damaged_database_shows_the_message_and_offers_the_backup() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let db = sandbox.app_data().join("cam-ket.sqlite3");
    {
        let store = camket::store::Store::open(&db).unwrap();
        store.save_profile(&camket::demo::profile()).unwrap();
        store.conn().execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
    }
    drop(camket::store::Store::open(&db).unwrap()); // the day's backup
    let mut bytes = std::fs::read(&db).unwrap();
    let n = bytes.len();
    bytes[n / 3..n / 3 + 4096].fill(0x5A);
    std::fs::write(&db, &bytes).unwrap();

    let driver = sandbox.driver();
    let s = driver.launch();
    let message = s.wait_text("[data-testid=damaged-message]", "bị hỏng");
    assert!(message.contains("Bản sao lưu gần nhất"), "{message}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing was written over the damaged file");
    shot(&s, "11-du-lieu-hong");
    s.click_button("Khôi phục bản sao lưu gần nhất");
    s.wait_text("main h1", "Văn bản năm");
    let kept = std::fs::read_dir(sandbox.app_data())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("hong-") && std::fs::read(e.path()).unwrap() == bytes);
    assert!(kept, "the damaged file is kept aside");
    s.close();
}

#[test]
fn an_emptied_database_is_not_a_first_launch_and_hostile_text_is_refused_plainly() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let db = sandbox.app_data().join("cam-ket.sqlite3");
    {
        let mut store = camket::store::Store::open(&db).unwrap();
        store.save_profile(&camket::demo::profile()).unwrap();
        camket::writing::document(&mut store, year(), "ke-hoach").unwrap();
    }
    drop(camket::store::Store::open(&db).unwrap()); // the day's backup
    std::fs::write(&db, b"").unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sandbox.app_data().join(format!("cam-ket.sqlite3{side}")));
    }
    let driver = sandbox.driver();
    let s = driver.launch();
    // Not the welcome screen: the emptied file is named and the backup offered.
    let message = s.wait_text("[data-testid=damaged-message]", "bị hỏng");
    assert!(message.contains("Bản sao lưu gần nhất"), "{message}");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "nothing written over it");
    s.click_button("Khôi phục bản sao lưu gần nhất");
    s.wait_text("main h1", "Văn bản năm");

    // A 100,000-character paste is refused before it is taken in, with the reason.
    s.click("[data-testid=open-ke-hoach]");
    s.wait_text("[data-testid=step-indicator]", "Bước 1/");
    let taken = s.script(
        "const t = document.querySelector('[data-testid=answer]'); const dt = new DataTransfer(); dt.setData('text/plain', 'x'.repeat(100000));
         const ev = new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}); t.dispatchEvent(ev); return ev.defaultPrevented",
        serde_json::json!([]),
    );
    assert_eq!(taken, serde_json::json!(true), "the paste was refused");
    s.wait_text("[data-testid=refused]", "đoạn vừa dán dài 100.000 ký tự nên chưa được dán");
    // Emoji, CJK, right-to-left letters and invisible characters, across two steps.
    // Set as a paste would (WebDriver's keyboard types no emoji), then saved on leaving.
    s.script(
        "const t = document.querySelector('[data-testid=answer]'); t.value = arguments[0]; t.dispatchEvent(new Event('input', {bubbles: true}))",
        serde_json::json!(["Học tập 😀 chuyên đề \u{2067}năm nay\u{2069} với từ rất-dài-không-có-khoảng-trắng-nào-cả-để-xuống-dòng-được"]),
    );
    s.wait_text("[data-testid=save-state]", "Đang lưu");
    wait_saved(&s);
    s.click("[data-testid=next]");
    s.type_into("[data-testid=answer]", "Kiên định 中 lập trường; đọc báo مرحبا mỗi ngày");
    wait_saved(&s);
    s.click("[data-testid=outline] summary");
    s.click("[data-testid=outline-7]");
    s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
    let missing = s.wait_text("[data-testid=missing]", "biểu tượng cảm xúc (emoji) “😀”");
    assert!(missing.contains("chữ Hán, Nhật hoặc Hàn “中”"), "{missing}");
    assert!(
        missing.contains("chữ viết từ phải sang trái (Ả Rập, Do Thái) “مرحبا”"),
        "one entry for the word: {missing}"
    );
    assert!(!missing.contains("điều khiển hướng chữ"), "invisible characters were removed on save: {missing}");
    assert!(
        s.script("return document.querySelector('[data-testid=ready]') === null", serde_json::json!([]))
            == serde_json::json!(true)
    );
    // The list names the step: a click opens it.
    s.script(
        "[...document.querySelectorAll('[data-testid=missing] button')].find(b => b.textContent.includes('😀')).click()",
        serde_json::json!([]),
    );
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    shot(&s, "16-ky-tu-khong-in-duoc");

    // A script that sends the window elsewhere is refused: the app stays.
    s.script("window.location.href = 'https://example.com/'", serde_json::json!([]));
    std::thread::sleep(std::time::Duration::from_millis(1500));
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    assert_eq!(s.script("return location.protocol", serde_json::json!([])), serde_json::json!("tauri:"));
    s.close();
}

#[test]
fn a_member_records_progress_on_two_rows_of_the_signed_plan() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let this_year = signed_plan_of_this_year(&sandbox);
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_text("main h1", "Văn bản năm");
    if year() != this_year {
        s.click("[data-testid=other-year]");
        s.wait_text("main h1", &format!("Văn bản năm {this_year}"));
    }
    let rows = camket::demo::plan(this_year).rows("bang_viec").len();
    s.wait_text("[data-testid=board-progress]", &format!("0/{rows} việc đã làm"));
    let reminder = s.script(
        "return document.querySelector('[data-testid=progress-reminder]')?.textContent ?? ''",
        serde_json::json!([]),
    );
    assert_eq!(reminder, serde_json::json!(""), "no quarterly reminder for a plan signed today");
    s.click("[data-testid=open-progress]");
    s.wait_text("main h1", &format!("Tiến độ thực hiện kế hoạch năm {this_year}"));
    // Ticked and typed, then left without "Ghi": recorded on leaving the row and the screen.
    s.click("[data-testid=progress-2] input[value=da-lam]");
    s.click("#note-2");
    s.keys("Xong trước hạn");
    s.wait_for("[data-testid=progress-waiting-2]");
    s.click("[data-testid=progress-3] input[value=dang-lam]");
    s.wait_text("[data-testid=progress-2]", "Đã ghi: đã làm ngày");
    s.click_button("← Văn bản của tôi");
    s.wait_text("[data-testid=board-progress]", &format!("1/{rows} việc đã làm"));
    s.click("[data-testid=open-progress]");
    s.wait_text("[data-testid=progress-2]", "Xong trước hạn");
    s.wait_text("[data-testid=progress-3]", "Đã ghi: đang làm");
    // A past entry corrected: a new entry, the old one kept.
    s.click("[data-testid=progress-2] details summary");
    s.click("[data-testid=correct-progress-2]");
    assert_eq!(s.value("#note-2"), "Xong trước hạn");
    s.click("#note-2");
    s.keys("\u{E010} hai tuần");
    s.click("[data-testid=save-progress-2]");
    s.wait_text("[data-testid=progress-2]", "Các lần ghi (2)");
    assert!(s.text("[data-testid=progress-2]").contains("Đã ghi: đã làm ngày"));
    assert!(s.text("[data-testid=progress-2]").contains("Xong trước hạn hai tuần"));
    s.click("[data-testid=progress-0] input[value=da-lam]");
    s.type_into("#note-0", "Đã nộp bài thu hoạch");
    s.click("[data-testid=save-progress-0]");
    s.wait_text("[data-testid=progress-note]", "Đã ghi việc số 1.");
    s.click("[data-testid=progress-1] input[value=dang-lam]");
    s.click("[data-testid=save-progress-1]");
    s.wait_text("[data-testid=progress-summary]", &format!("2/{rows} việc đã làm"));
    s.wait_text("[data-testid=progress-0]", "Đã ghi: đã làm ngày");
    assert!(s.text("[data-testid=progress-0]").contains("Đã nộp bài thu hoạch"));
    s.wait_text("[data-testid=progress-1]", "Đã ghi: đang làm");
    shot(&s, "17-tien-do");
    // A date that cannot be recorded keeps her on the screen, with what she typed.
    s.click("[data-testid=progress-4] input[value=da-lam]");
    s.click("#note-4");
    s.keys("Đọc xong phần 3");
    // The date typed over (as select-all and typing would; WebDriver's clear would leave the row).
    let retype = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));";
    s.script(retype, serde_json::json!(["#on-4", "31/11/2026"]));
    s.click_button("← Văn bản của tôi");
    s.wait_text("[data-testid=progress-failure]", "Việc số 5 chưa ghi");
    assert_eq!(s.value("#note-4"), "Đọc xong phần 3");
    let today = chrono::Local::now().date_naive().format("%d/%m/%Y").to_string();
    s.script(retype, serde_json::json!(["#on-4", today]));
    s.click_button("← Văn bản của tôi");
    s.wait_text("[data-testid=board-progress]", &format!("3/{rows} việc đã làm"));
    // The signed plan is unchanged.
    s.wait_text("[data-testid=status-ke-hoach]", "đã ký");
    s.close();
}

/// On 4 December the member starts next year's plan from this year's: each
/// carried section says so, what still names this year is shown and listed
/// before signing until she changes it or keeps it, the row under way comes
/// with all its cells and last year's note; then the one saved PDF verifies.
#[test]
fn next_years_plan_from_this_years_shows_what_still_says_this_year_until_handled() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let (this_year, today) = (2026, chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
    let plan = camket::demo::plan(this_year);
    {
        let mut store = sandbox.member_store();
        let signed = sign_written(&mut store, this_year, "ke-hoach", plan.clone(), today);
        let (doing, note) = (camket::progress::ProgressState::Doing, "Xong 118 mét; chuyển 2 mét sang năm 2027");
        camket::progress::record(&store, signed.id, 2, doing, note, today, today).unwrap();
    }
    let driver = sandbox.driver_with(&[("CAMKET_TODAY", today.to_string())]);
    let s = driver.launch();
    s.set_window(1366, 768);
    s.wait_text("main h1", "Văn bản năm 2027");
    s.click("[data-testid=previous-ke-hoach]");
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    s.wait_text("[data-testid=carried]", "Mục này chép từ bản năm 2026");
    s.wait_text("[data-testid=carried-old-year]", "Còn ghi năm 2026 ở 2 chỗ: sửa thành năm 2027");
    shot(&s, "26-nam-sau-chep-tu-nam-truoc");
    // She makes it this year's: the flags go as she types.
    let text = s.value("[data-testid=answer]").replace("2026", "2027");
    s.type_into("[data-testid=answer]", &text);
    wait_saved(&s);
    s.wait_gone("[data-testid=carried]");
    // Every other step: read again, keep the old year where it is meant, write what is empty.
    through_carried_steps(&s, |s, title| {
        if title.starts_with("Các việc đăng ký làm theo") {
            let notes = s.wait_text("[data-testid=row-notes]", "Cuối năm 2026, các việc của bản năm trước");
            let row = &plan.rows("bang_viec")[2]["noi_dung"];
            assert!(notes.contains(&format!("{row}: đang làm (Xong 118 mét; chuyển 2 mét sang năm 2027)")), "{notes}");
            assert_eq!(s.value("#c-2-bien_phap"), plan.rows("bang_viec")[2]["bien_phap"], "every cell carried");
            shot(s, "27-nam-sau-viec-chuyen-sang");
        }
    });
    let (_, printed) = sign_and_save(&s, &sandbox.dir.path().join("2027-ke-hoach-tran-thi-minh-hanh.pdf"));
    assert!(printed.contains("chuyên đề năm 2027") && !printed.contains("chuyên đề năm 2026"), "{printed}");
    s.close();
}

/// From "Xem lại văn bản" with nothing missing: signs, saves the PDF as
/// `path` with "Lưu PDF", and has `camket verify` accept it; what verify
/// said and the PDF's text.
fn sign_and_save(s: &Session, path: &Path) -> (String, String) {
    s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
    s.wait_for("[data-testid=ready]");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "Ký văn bản");
    s.click("[data-testid=understood]");
    s.click("[data-testid=sign]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    s.click("[data-testid=save-pdf]");
    answer_file_dialog("Lưu PDF", path);
    s.wait_text("[data-testid=print-note]", "Đã lưu tệp gửi chi bộ");
    let verify = Command::new(camket_binary()).arg("verify").arg(path).output().unwrap();
    let said = String::from_utf8_lossy(&verify.stdout).to_string();
    assert!(verify.status.success(), "{said}");
    (said, pdf_text(path))
}

/// The app's database once the app that had it open has gone.
fn open_when_closed(path: &Path) -> camket::store::Store {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        match camket::store::Store::open(path) {
            Ok(store) => return store,
            Err(e) => assert!(std::time::Instant::now() < deadline, "{e}"),
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// Goes through the steps of a document started from last year's up to
/// "Xem lại văn bản": on each, `look` first, then what is required and
/// empty is written, the old year is kept where it is flagged, and the
/// section is said to be read again.
fn through_carried_steps(s: &Session, look: impl Fn(&Session, &str)) {
    for _ in 0..15 {
        let title = s.text("[data-testid=step-title]");
        if title.starts_with("Xem lại văn bản") {
            return;
        }
        look(s, &title);
        let empty =
            "const a = document.querySelector('[data-testid=answer]'); return a !== null && a.value.trim() === ''";
        if title.starts_with("5. Khắc phục") && s.script(empty, serde_json::json!([])) == serde_json::json!(true) {
            s.type_into("[data-testid=answer]", "Nộp báo cáo trước hạn hai ngày.");
            wait_saved(s);
        }
        for button in ["carried-keep-year", "carried-seen"] {
            let css = format!("[data-testid={button}]");
            let there = "return document.querySelector(arguments[0]) !== null";
            if s.script(there, serde_json::json!([css])) == serde_json::json!(true) {
                s.click(&css);
                s.wait_gone(&css);
            }
        }
        s.wait_gone("[data-testid=carried]");
        s.click("[data-testid=next]");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    panic!("never reached “Xem lại văn bản”");
}

/// The year as the walkthrough lived it, the app's day set for each visit:
/// on 10 March the profile typed with Unikey (her name left with a mouse
/// click) and the plan written, signed and saved for the branch; on 15 June
/// progress ticked and typed, then left without "Ghi"; on 20 October the
/// row under way; on 4 December, after the review, next year's plan started
/// from this year's with every mention of 2026 handled before it signs,
/// and next year's commitment taking the review's shortcomings.
#[test]
fn a_members_year_march_june_october_and_4_december() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let day = |m: u32, d: u32| ("CAMKET_TODAY", format!("2026-{m:02}-{d:02}"));
    {
        let ime = InputMethod::start("telex");
        let mut env = ime.env();
        env.push(day(3, 10));
        let driver = sandbox.driver_with(&env);
        let s = driver.launch();
        s.click_button("Bắt đầu: nhập hồ sơ đảng viên");
        type_then_click_away(&s, &ime, "#full_name", "Lee Thij Thu", "#place");
        s.wait_exact_value("#full_name", "Lê Thị Thu");
        for (field, keys, shown) in [
            ("#place", "Ninh Bifnh", "Ninh Bình"),
            ("#party_committee", "DDangr booj Sowr Nooij vuj tinhr Ninh Bifnh", "Đảng bộ Sở Nội vụ tỉnh Ninh Bình"),
            ("#branch", "Chi booj Vawn phongf Sowr", "Chi bộ Văn phòng Sở"),
            ("#workplace", "Vawn phongf Sowr", "Văn phòng Sở"),
            ("#birth_date", "16.04.1967", "16.04.1967"),
            ("#joined_on", "19/05/1995", "19/05/1995"),
            ("#official_on", "19/05/1996", "19/05/1996"),
        ] {
            type_through(&s, &ime, field, keys, shown);
        }
        wait_saved(&s);
        s.close();
    }
    // 10 March: the plan, with a row naming this year's date, signed and saved.
    let sent = sandbox.dir.path().join("2026-ke-hoach-le-thi-thu.pdf");
    {
        let driver = sandbox.driver_with(&[day(3, 10)]);
        let s = driver.launch();
        s.set_window(1366, 768);
        s.wait_text("main h1", "Văn bản năm 2026");
        s.click("[data-testid=open-ke-hoach]");
        write_steps(&s, PLAN);
        s.wait_text("[data-testid=step-title]", "Các việc đăng ký làm theo");
        let rows = [
            ("Học chuyên đề năm 2026", "Tối thứ Năm hằng tuần", "Trước ngày 30/11/2026"),
            ("Chỉnh lý 40 mét giá tài liệu tồn đọng", "Mỗi tháng 4 mét, báo cáo chi ủy", "Quý IV/2026"),
        ];
        for (i, (what, how, when)) in rows.into_iter().enumerate() {
            s.click("[data-testid=add-row]");
            s.type_into(&format!("#c-{i}-noi_dung"), what);
            s.type_into(&format!("#c-{i}-bien_phap"), how);
            s.type_into(&format!("#c-{i}-thoi_gian"), when);
        }
        wait_saved(&s);
        s.click("[data-testid=next]");
        let (said, _) = sign_and_save(&s, &sent);
        assert!(said.contains("ký ngày 10/03/2026"), "{said}");
        s.click("[data-testid=finish]");
        s.wait_text("[data-testid=board-progress]", "0/2 việc đã làm");
        let reminder = "return document.querySelector('[data-testid=progress-reminder]') === null";
        assert_eq!(s.script(reminder, serde_json::json!([])), serde_json::json!(true), "no reminder after signing");
        s.close();
    }
    // 15 June: ticked and typed, left without "Ghi".
    {
        let driver = sandbox.driver_with(&[day(6, 15)]);
        let s = driver.launch();
        s.wait_text("[data-testid=progress-reminder]", "Quý 2");
        s.click("[data-testid=open-progress]");
        s.click("[data-testid=progress-0] input[value=da-lam]");
        s.click("#note-0");
        s.keys("Đã nộp bài thu hoạch");
        s.click_button("← Văn bản của tôi");
        s.wait_text("[data-testid=board-progress]", "1/2 việc đã làm");
        s.close();
    }
    // 20 October: the row under way.
    {
        let driver = sandbox.driver_with(&[day(10, 20)]);
        let s = driver.launch();
        s.click("[data-testid=open-progress]");
        s.wait_text("[data-testid=progress-0]", "Đã ghi: đã làm ngày 15/06/2026 — Đã nộp bài thu hoạch");
        s.click("[data-testid=progress-1] input[value=dang-lam]");
        s.click("#note-1");
        s.keys("Xong 38 mét; chuyển 2 mét sang năm 2027");
        s.click("[data-testid=save-progress-1]");
        s.wait_text("[data-testid=progress-1]", "Đã ghi: đang làm ngày 20/10/2026");
        s.close();
    }
    // The review of 2026, written on 4 December (its screens are the national
    // review's own test), names two shortcomings.
    let shortcomings = "Còn chậm nộp báo cáo tháng.\nChưa mạnh dạn góp ý trong sinh hoạt chi bộ.";
    {
        let mut store = open_when_closed(&sandbox.app_data().join("cam-ket.sqlite3"));
        let review = camket::writing::document(&mut store, 2026, "kiem-diem").unwrap();
        let rev = store.info(review).unwrap().revision;
        store.save_answer(review, "khuyet_diem", camket::document::Answer::Text(shortcomings.into()), rev).unwrap();
    }
    // 4 December: next year's plan from this year's.
    let driver = sandbox.driver_with(&[day(12, 4)]);
    let s = driver.launch();
    s.set_window(1366, 768);
    s.wait_text("main h1", "Văn bản năm 2027");
    s.click("[data-testid=previous-ke-hoach]");
    s.wait_text("[data-testid=step-title]", "I. NỘI DUNG HỌC TẬP");
    s.wait_text("[data-testid=carried]", "Mục này chép từ bản năm 2026");
    through_carried_steps(&s, |s, title| {
        if title.starts_with("Các việc đăng ký làm theo") {
            // The row done stays behind; the row under way comes with all its cells and its note.
            s.wait_text(
                "[data-testid=row-notes]",
                "Chỉnh lý 40 mét giá tài liệu tồn đọng: đang làm (Xong 38 mét; chuyển 2 mét sang năm 2027)",
            );
            assert_eq!(s.value("#c-0-bien_phap"), "Mỗi tháng 4 mét, báo cáo chi ủy");
            // Its deadline of 2026 is shown, and goes once changed.
            s.wait_text("[data-testid=carried-old-year]", "việc số 1: “Quý IV/2026”");
            s.type_into("#c-0-thoi_gian", "Quý I/2027");
            wait_saved(s);
            s.wait_gone("[data-testid=carried-old-year]");
        }
    });
    let (_, printed) = sign_and_save(&s, &sandbox.dir.path().join("2027-ke-hoach-le-thi-thu.pdf"));
    assert!(printed.contains("Quý I/2027") && !printed.contains("Quý IV/2026"), "{printed}");
    // Next year's commitment: "khắc phục" from the review's shortcomings, marked as carried.
    s.click("[data-testid=finish]");
    s.click("[data-testid=previous-cam-ket]");
    step_to(&s, "6. Về khắc phục", true);
    s.wait_exact_value("[data-testid=answer]", shortcomings);
    s.wait_text("[data-testid=carried]", "Mục này chép từ bản kiểm điểm năm 2026");
    s.close();
}

/// On the step titled `title`, writes `text` in its field, waits for the
/// save and goes on.
fn write_step(s: &Session, title: &str, text: &str) {
    s.wait_text("[data-testid=step-title]", title);
    s.type_into("[data-testid=answer]", text);
    wait_saved(s);
    s.click("[data-testid=next]");
}

/// Chooses `value` in the select `css`, as picking it from the list does.
fn choose(s: &Session, css: &str, value: &str) {
    s.wait_for(css);
    s.script(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true}));",
        serde_json::json!([css, value]),
    );
}

#[test]
fn a_member_writes_the_national_review_scores_signs_and_sends_it_and_the_secretary_rates_it() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    // 4 December: the board has turned to next year, the review of this one is due.
    let (this_year, today) = (2026, chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
    let on_the_day = [("CAMKET_TODAY", today.to_string())];
    {
        let mut store = sandbox.member_store();
        for (kind, content) in
            [("ke-hoach", camket::demo::plan(this_year)), ("cam-ket", camket::demo::commitment(this_year))]
        {
            sign_written(&mut store, this_year, kind, content, today);
        }
        // Last year's review named two shortcomings.
        let last = camket::writing::document(&mut store, this_year - 1, "kiem-diem").unwrap();
        let text = "- Còn chậm nộp báo cáo tháng.\n- Chưa mạnh dạn góp ý trong sinh hoạt chi bộ.";
        store.save_answer(last, "khuyet_diem", camket::document::Answer::Text(text.into()), 0).unwrap();
    }
    let driver = sandbox.driver_with(&on_the_day);
    let s = driver.launch();
    s.set_window(1366, 768);
    s.wait_text("main h1", "Văn bản năm 2027");
    s.click("[data-testid=other-year]");
    s.wait_text("main h1", &format!("Văn bản năm {this_year}"));
    // Progress on two rows during the year.
    s.click("[data-testid=open-progress]");
    s.wait_text("main h1", &format!("Tiến độ thực hiện kế hoạch năm {this_year}"));
    s.click("[data-testid=progress-0] input[value=da-lam]");
    s.type_into("#note-0", "Nộp bài thu hoạch ngày 25/4");
    s.click("[data-testid=save-progress-0]");
    s.wait_text("[data-testid=progress-note]", "Đã ghi việc số 1.");
    s.click("[data-testid=progress-2] input[value=dang-lam]");
    s.click("[data-testid=save-progress-2]");
    s.wait_text("[data-testid=progress-2]", "Đã ghi: đang làm");
    s.click_button("← Văn bản của tôi");
    s.wait_text("[data-testid=board-kiem-diem]", "Bản kiểm điểm");
    s.wait_text("[data-testid=year-end-kiem-diem]", "Viết vào cuối năm");
    // Next year's board leads with this year's review and offers no review of next year yet.
    s.click("[data-testid=other-year]");
    s.wait_text("[data-testid=review-due]", &format!("Viết bản kiểm điểm năm {this_year}"));
    s.wait_text("[data-testid=year-end-kiem-diem]", "Viết từ ngày 01/11/2027");
    let absent = "return document.querySelector('[data-testid=open-kiem-diem]') === null";
    assert_eq!(s.script(absent, serde_json::json!([])), serde_json::json!(true), "no review of 2027 in December 2026");
    shot(&s, "18-danh-sach-cuoi-nam");

    // The review opens on the form her profile fits, A.I.1 filled from the commitment.
    s.click("[data-testid=open-review-due]");
    s.wait_text("[data-testid=step-title]", "1. Phẩm chất chính trị, đạo đức, lối sống");
    s.wait_text("[data-testid=form-bar]", "Mẫu 2A (theo hồ sơ)");
    assert_eq!(s.value("[data-testid=form-choice]"), "kiem-diem-2a");
    s.wait_text("[data-testid=prefilled]", "Đã điền sẵn từ các văn bản đồng chí đã ký");
    let commitment = camket::demo::commitment(this_year);
    let first_words: String = commitment.text("tu_tuong").chars().take(30).collect();
    assert!(s.value("[data-testid=answer]").starts_with(&format!("Về tư tưởng chính trị: {first_words}")));
    shot(&s, "19-kiem-diem-pham-chat");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=recalled]", &commitment.text("nhiem_vu").chars().take(30).collect::<String>());
    write_step(
        &s,
        "2. Kết quả thực hiện chức trách, nhiệm vụ được giao",
        "Hoàn thành kế hoạch năm; nội dung đột phá xong trước hạn.",
    );
    write_step(&s, "3. Kết quả lãnh đạo, quản lý", "Phòng hoàn thành 100% chỉ tiêu năm.");
    // A.I.3 from the signed plan and the progress recorded, done first.
    s.wait_text("[data-testid=step-title]", "4. Việc thực hiện cam kết tu dưỡng");
    let done = s.value("[data-testid=answer]");
    assert!(
        done.contains("– Học tập chuyên đề năm và viết bài thu hoạch: đã làm (Nộp bài thu hoạch ngày 25/4)."),
        "{done}"
    );
    s.click("[data-testid=next]");
    write_step(&s, "1. Hạn chế, khuyết điểm", "Chưa đọc xong hai tác phẩm của Bác như đã đăng ký.");
    write_step(&s, "2. Nguyên nhân", "Chưa sắp xếp thời gian đọc đều đặn.");
    // A.III: last year's shortcomings, one row each, marked from a list.
    s.wait_text("[data-testid=step-title]", "III. Kết quả khắc phục");
    assert_eq!(s.value("#c-0-noi_dung"), "Còn chậm nộp báo cáo tháng");
    assert_eq!(s.value("#c-1-noi_dung"), "Chưa mạnh dạn góp ý trong sinh hoạt chi bộ");
    choose(&s, "[data-testid=select-0-ket_qua]", "Đã khắc phục xong");
    choose(&s, "[data-testid=select-1-ket_qua]", "Đang khắc phục");
    s.type_into("#c-1-ghi_chu", "Đã góp ý ở 3/12 kỳ sinh hoạt");
    wait_saved(&s);
    shot(&s, "20-kiem-diem-khac-phuc");
    for title in ["IV. Giải trình", "V. Làm rõ trách nhiệm"] {
        s.click("[data-testid=next]");
        s.wait_text("[data-testid=step-title]", title);
    }
    s.click("[data-testid=next]");
    write_step(
        &s,
        "VI. Phương hướng, biện pháp khắc phục",
        "Đọc mỗi tháng một phần; chuẩn bị ý kiến trước mỗi kỳ sinh hoạt.",
    );
    // Points: typed per criterion, the sums computed as she types.
    s.wait_text("[data-testid=step-title]", "I. Đánh giá theo các nhóm tiêu chí");
    s.type_into("[data-testid=score-chinh_tri]", "11");
    s.wait_text("[data-testid=group-0]", "Tối đa 10 điểm.");
    // The demo review's scores (86,5 in all).
    let Some(camket::document::Answer::Points(scores)) = camket::demo::review(this_year).answers.remove("diem") else {
        panic!("the demo review has points")
    };
    for (id, score) in &scores {
        s.type_into(&format!("[data-testid=score-{id}]"), score);
    }
    wait_saved(&s);
    s.wait_text("[data-testid=group-sum-0]", "27,5/30");
    s.wait_text("[data-testid=group-sum-1]", "59/70");
    s.wait_text("[data-testid=points-total]", "Tổng điểm: 86,5/100");
    // A score that cannot be kept says so and leaves the one saved as she typed ("1" before "11").
    s.type_into("[data-testid=score-chinh_tri]", "11");
    s.wait_text("[data-testid=group-0]", "Điểm “11” chưa được lưu: Tối đa 10 điểm. Điểm đã lưu vẫn là 1.");
    wait_saved(&s);
    s.click_button("← Bước trước");
    s.wait_text("[data-testid=step-title]", "VI. Phương hướng, biện pháp khắc phục");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "I. Đánh giá theo các nhóm tiêu chí");
    assert!(s.value_becomes("[data-testid=score-chinh_tri]", "1"));
    s.wait_text("[data-testid=points-total]", "Tổng điểm: 78,5/100");
    s.type_into("[data-testid=score-chinh_tri]", "9");
    wait_saved(&s);
    s.wait_text("[data-testid=points-total]", "Tổng điểm: 86,5/100");
    shot(&s, "21-kiem-diem-cham-diem");
    s.click("[data-testid=next]");
    // The level the points allow; a higher one cannot be chosen; "tốt" asks its condition.
    s.wait_text("[data-testid=step-title]", "II. Đề xuất xếp loại mức chất lượng");
    s.wait_text("[data-testid=level-advice]", "cao nhất mức Hoàn thành tốt nhiệm vụ");
    let disabled = s.script("return document.querySelector('[data-testid=option-0]').disabled", serde_json::json!([]));
    assert_eq!(disabled, serde_json::json!(true), "xuất sắc is above what 86,5 allows");
    s.click("[data-testid=option-1]");
    s.wait_text("[data-testid=level-conditions]", "Mọi nhiệm vụ được giao đều hoàn thành đúng hạn");
    s.click("[data-testid=conditions-met]");
    s.click("[data-testid=conditions-ok]");
    wait_saved(&s);
    s.wait_text("[data-testid=level-printed]", "Tự đề xuất xếp loại: Hoàn thành tốt nhiệm vụ.");
    // The outline says so at once, without changing step.
    let level_line = "return [...document.querySelectorAll('[data-testid=outline] li')].find(li => li.textContent.includes('Đề xuất xếp loại'))?.textContent ?? ''";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !s.script(level_line, serde_json::json!([])).as_str().unwrap_or("").contains("đã viết") {
        assert!(
            std::time::Instant::now() < deadline,
            "the outline still says {}",
            s.script(level_line, serde_json::json!([]))
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    shot(&s, "22-kiem-diem-xep-loai");
    // The same steps on a small screen with the text at 150%.
    small_screen_large_text(&s);
    assert!(s.in_view("[data-testid=next]"));
    shot(&s, "1024x768-150-kiem-diem-xep-loai");
    s.click_button("← Bước trước");
    s.wait_text("[data-testid=step-title]", "I. Đánh giá theo các nhóm tiêu chí");
    assert!(s.in_view("[data-testid=next]"));
    shot(&s, "1024x768-150-kiem-diem-cham-diem");
    // The first step, with the form and what was filled in, at that size too.
    s.script("document.querySelector('[data-testid=outline]').open = true", serde_json::json!([]));
    s.click("[data-testid=outline-0]");
    s.wait_text("[data-testid=step-title]", "1. Phẩm chất chính trị");
    assert!(s.in_view("[data-testid=next]"));
    shot(&s, "1024x768-150-kiem-diem-buoc-1");
    // The step that recalls the commitment: the writing box is in view, under the recalled text.
    s.click("[data-testid=next]");
    s.wait_for("[data-testid=recalled]");
    let room = s.script(
        "return document.querySelector('.nav').getBoundingClientRect().top - document.querySelector('[data-testid=answer]').getBoundingClientRect().top",
        serde_json::json!([]),
    );
    shot(&s, "1024x768-150-kiem-diem-buoc-2");
    assert!(room.as_f64().unwrap() >= 80.0, "at least three lines of the writing box above the bar: {room}px");
    s.script("document.querySelector('[data-testid=outline]').open = true", serde_json::json!([]));
    s.click("[data-testid=outline-10]");
    s.wait_text("[data-testid=step-title]", "I. Đánh giá theo các nhóm tiêu chí");
    usual_screen(&s);
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "II. Đề xuất xếp loại mức chất lượng");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
    s.wait_for("[data-testid=ready]");
    // The review's date is the day it was written, not the meeting that approves plans.
    let hint = s.text("[data-testid=doc-date-hint]");
    assert!(hint.contains("trước buổi họp kiểm điểm") && !hint.contains("thông qua kế hoạch"), "{hint}");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "Ký văn bản");
    s.click("[data-testid=understood]");
    s.click("[data-testid=sign]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    // The written text, one click to copy.
    s.script("document.querySelector('details.copy').open = true", serde_json::json!([]));
    let text = s.value("[data-testid=plain-text]");
    assert!(
        text.contains("Tổng điểm: 86,5/100") && text.contains("Tự đề xuất xếp loại: Hoàn thành tốt nhiệm vụ."),
        "{text}"
    );
    assert!(
        text.contains("2. Chưa mạnh dạn góp ý trong sinh hoạt chi bộ — Kết quả khắc phục: Đang khắc phục"),
        "{text}"
    );
    let inbox = sandbox.dir.path().join("Zalo Received Files");
    std::fs::create_dir_all(&inbox).unwrap();
    let sent = inbox.join(format!("{this_year}-kiem-diem-tran-thi-minh-hanh.pdf"));
    s.click("[data-testid=save-pdf]");
    answer_file_dialog("Lưu PDF", &sent);
    s.wait_text("[data-testid=print-note]", "Đã lưu tệp gửi chi bộ");
    shot(&s, "23-kiem-diem-gui");
    s.close();
    drop(driver);

    // The secretary takes the file in, sees form, points and level, records the branch's level.
    let branch = Sandbox::new();
    branch.secretary();
    let driver = branch.driver_with(&on_the_day);
    let s = driver.launch();
    s.wait_text("main h1", "Văn bản năm");
    s.click("[data-testid=open-branch]");
    s.wait_text("main h1", "Chi bộ — năm");
    s.script(
        "const y = document.querySelector('#branch-year'); y.value = String(arguments[0]); y.dispatchEvent(new Event('change', {bubbles: true}));",
        serde_json::json!([this_year]),
    );
    s.wait_text("main h1", &format!("Chi bộ — năm {this_year}"));
    s.click("[data-testid=receive-folder]");
    answer_file_dialog("Chọn văn bản đảng viên gửi", &inbox.join(""));
    s.wait_text("[data-testid=received]", "Giữ lại");
    s.click("[data-testid=bind-all]");
    s.wait_text("[data-testid=branch-note]", "Đã xác nhận 1 khóa (thêm 1 đảng viên vào danh sách).");
    let cell = s.wait_text("[data-testid=choice-0-kiem-diem]", "Mẫu 2A: 27,5 + 59 = 86,5 điểm");
    assert!(cell.contains("Tự đề xuất: Hoàn thành tốt nhiệm vụ"), "{cell}");
    s.click("[data-testid=choice-0-kiem-diem-rate]");
    choose(&s, "[data-testid=choice-0-kiem-diem-level]", "Hoàn thành tốt nhiệm vụ");
    s.type_into("[data-testid=choice-0-kiem-diem-remark]", "Gương mẫu, đoàn kết.");
    s.click("[data-testid=choice-0-kiem-diem-save]");
    s.wait_text("[data-testid=branch-note]", "Trần Thị Minh Hạnh: đã ghi mức chi bộ đề xuất.");
    s.wait_text(
        "[data-testid=choice-0-kiem-diem-branch]",
        "Chi bộ đề xuất: Hoàn thành tốt nhiệm vụ — “Gương mẫu, đoàn kết.”",
    );
    s.wait_text("[data-testid=ratings]", "Tổng hợp xếp loại năm 2026");
    s.wait_text("[data-testid=rating-1]", "1 (100%)");
    let summary = branch.dir.path().join("tong-hop-xep-loai.pdf");
    s.click("[data-testid=save-ratings]");
    answer_file_dialog("Lưu tổng hợp xếp loại", &summary);
    s.wait_text("[data-testid=branch-note]", "Đã lưu tổng hợp xếp loại");
    let printed = pdf_text(&summary).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        printed.contains("Hoàn thành tốt nhiệm vụ 1 (100%) 1 (100%)") && printed.contains("Trần Thị Minh Hạnh"),
        "{printed}"
    );
    s.script(
        "document.querySelector('[data-testid=ratings]').scrollIntoView({block: 'center'})",
        serde_json::json!([]),
    );
    shot(&s, "24-chi-bo-xep-loai");
    small_screen_large_text(&s);
    s.script(
        "document.querySelector('[data-testid=choice-0-kiem-diem]').scrollIntoView({block: 'center'})",
        serde_json::json!([]),
    );
    shot(&s, "1024x768-150-chi-bo-xep-loai");
    s.close();
}

/// Issue 22.2: next year's commitment started from this year's asks the
/// self-check again, with last year's answer beside each item.
#[test]
fn next_years_commitment_asks_the_self_check_again_beside_last_years_answers() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    {
        let mut store = sandbox.member_store();
        sign_written(&mut store, 2026, "cam-ket", camket::demo::commitment(2026), today);
    }
    let driver = sandbox.driver_with(&[("CAMKET_TODAY", today.to_string())]);
    let s = driver.launch();
    s.set_window(1366, 768);
    s.wait_text("main h1", "Văn bản năm 2027");
    s.click("[data-testid=previous-cam-ket]");
    step_to(&s, "Tự soi, tự đối chiếu", true);
    s.wait_text("[data-testid=last-year-ticks]", "các ô bắt đầu trống");
    s.wait_text("[data-testid='nq04-1.1']", "Năm trước: đã đánh dấu");
    let ticked = "return document.querySelectorAll('[data-testid^=nq04] input:checked').length";
    assert_eq!(s.script(ticked, serde_json::json!([])), serde_json::json!(0), "nothing ticked for 2027");
    s.script(
        "document.querySelector('[data-testid=last-year-ticks]').scrollIntoView({block: 'start'})",
        serde_json::json!([]),
    );
    shot(&s, "25-cam-ket-nam-sau-tu-soi");
    s.close();
}

#[test]
fn at_1024x768_and_150_percent_the_welcome_screens_button_is_in_view() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_text("main h1", "Chào mừng");
    small_screen_large_text(&s);
    assert!(s.in_view("[data-testid=welcome-start]"), "the one button without scrolling");
    shot(&s, "1024x768-150-chao-mung");
    s.click("[data-testid=welcome-start]");
    s.wait_for("#full_name");
    s.close();
}

#[test]
fn at_1024x768_and_150_percent_every_steps_controls_stay_in_view() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    {
        let store = camket::store::Store::open(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
        store.save_profile(&camket::demo::profile()).unwrap();
    }
    let driver = sandbox.driver();
    let s = driver.launch();
    small_screen_large_text(&s);
    let zoom =
        s.script("return getComputedStyle(document.documentElement).getPropertyValue('--zoom')", serde_json::json!([]));
    assert_eq!(zoom, serde_json::json!("1.5"));
    s.wait_text("main h1", &format!("Văn bản năm {}", year()));
    shot(&s, "1024x768-150-danh-sach");
    s.click("[data-testid=open-ke-hoach]");
    write_steps(&s, &PLAN[..1]);
    shot(&s, "1024x768-150-buoc-2");
    write_steps(&s, &PLAN[1..]);
    s.wait_text("[data-testid=step-title]", "Các việc đăng ký làm theo");
    s.click("[data-testid=add-row]");
    s.type_into("#c-0-noi_dung", "Chỉnh lý tài liệu tồn đọng của phòng, mỗi tháng một phông, báo cáo chi ủy hằng quý");
    s.type_into("#c-0-bien_phap", "Mỗi tháng một phông");
    wait_saved(&s);
    shot(&s, "1024x768-150-bang-viec");
    assert!(s.in_view("[data-testid=next]"));
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "Xem lại văn bản");
    s.wait_for("[data-testid=ready]");
    assert!(s.in_view("[data-testid=next]"));
    shot(&s, "1024x768-150-xem-lai");
    s.click("[data-testid=next]");
    s.wait_text("[data-testid=step-title]", "Ký văn bản");
    s.click("[data-testid=understood]");
    assert!(s.in_view("[data-testid=sign]"), "“Ký và tiếp tục” is in view");
    assert!(s.in_view("[data-testid=next]"), "and so is the way on without signing");
    shot(&s, "1024x768-150-ky");
    let bar = s.script("return document.querySelector('.nav').getBoundingClientRect().height", serde_json::json!([]));
    assert!(bar.as_f64().unwrap() <= 768.0 * 0.28, "the bar keeps to two rows: {bar}px");
    s.click("[data-testid=sign]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    assert!(s.in_view("[data-testid=finish]"));
    s.wait_for("[data-testid=pdf-pages][aria-busy=false]");
    shot(&s, "1024x768-150-in");
    s.close();
}

#[test]
fn the_window_first_fits_a_small_screen_then_reopens_at_the_size_left() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_for("main h1");
    let (w, h) = s.window_rect();
    assert!(w <= 1024 && h <= 740, "the first size fits a 1024×768 screen with a taskbar: {w}×{h}");
    s.set_window(900, 640);
    let kept = sandbox.app_data().join("cua-so.json");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !std::fs::read_to_string(&kept).is_ok_and(|t| t.contains("900")) {
        assert!(std::time::Instant::now() < deadline, "the size is kept once the resize ends");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let left = s.window_rect();
    s.close();
    drop(driver);
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_for("main h1");
    assert_eq!(s.window_rect(), left, "reopened at the size it was left");
    s.close();
}

/// The app's own process paints the copied frames with cairo: no OpenGL
/// driver is loaded there (on a machine without a GPU driver one is Mesa's
/// software renderer, ~50 MB of the idle app). `make screenshots` skips this:
/// it takes pictures through the DMA-BUF path, which needs OpenGL.
#[test]
fn the_app_process_loads_no_opengl_driver() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_for("main h1");
    let pid = driver.app_pid().expect("the app runs");
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let drivers: Vec<&str> = maps
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .filter(|path| path.contains("/dri/") || path.contains("libEGL_") || path.contains("libGLX_"))
        .collect();
    assert!(drivers.is_empty(), "OpenGL loaded in the app process: {drivers:?}");
    s.close();
}

#[test]
fn a_secretary_takes_in_a_folder_confirms_two_documents_prints_the_branch_and_exports_the_summary() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    sandbox.secretary();
    // The members' files, as a Zalo download folder holds them.
    let inbox = sandbox.inbox(6);
    std::fs::write(inbox.join("ghi-chu.pdf"), b"khong phai PDF").unwrap();
    // Two namesakes of members 0 and 1 from another branch, in the same folder
    // (GTK's folder dialog returns a subfolder it has highlighted, so none here).
    let other = camket::demo::branch::Unit {
        branch: "Chi bộ Phòng Tổ chức".into(),
        committee: "Đảng bộ Sở Nội vụ tỉnh Ninh Bình".into(),
        seed: "ninh-binh".into(),
    };
    for f in camket::demo::branch::unit_branch(&other, year(), 2, false).unwrap() {
        std::fs::write(inbox.join(format!("chi-bo-khac-{}", f.file_name)), &f.bytes).unwrap();
    }

    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_text("main h1", "Văn bản năm");
    s.click("[data-testid=open-branch]");
    s.wait_text("main h1", &format!("Chi bộ — năm {}", year()));
    // The roster first, from the spreadsheet the branch keeps (saved as CSV),
    // as a person typed it: a title row, capitals, small letters, two spaces,
    // a dotted date, a row twice, a row without a name.
    let mut csv =
        String::from("\u{FEFF}DANH SÁCH ĐẢNG VIÊN CHI BỘ,,,\r\n,,,\r\nSTT,Họ và tên,Ngày sinh,Chức vụ Đảng\r\n");
    for i in 0..6 {
        let m = camket::demo::branch::member(i);
        let name = match i {
            0 => m.full_name.to_uppercase(),
            1 => m.full_name.to_lowercase(),
            2 => m.full_name.replacen(' ', "  ", 1),
            _ => m.full_name.clone(),
        };
        let born = m.birth_date.map(|d| d.format(if i == 3 { "%d.%m.%Y" } else { "%d/%m/%Y" }).to_string());
        csv.push_str(&format!("{},{name},{},{}\r\n", i + 1, born.unwrap_or_default(), m.party_position));
    }
    let again = camket::demo::branch::member(3);
    csv.push_str(&format!("7,{},{},\r\n", again.full_name, again.birth_date.unwrap().format("%d/%m/%Y")));
    csv.push_str("8,,01/01/1990,\r\n");
    let sheet = sandbox.dir.path().join("danh-sach.csv");
    std::fs::write(&sheet, csv).unwrap();
    s.click("[data-testid=read-sheet]");
    answer_file_dialog("Chọn bảng tính danh sách đảng viên", &sheet);
    let rows =
        s.wait_text("[data-testid=sheet]", "Dòng 11: (không có tên), sinh 01/01/1990 — không thêm: thiếu họ và tên");
    assert!(
        rows.contains(&format!("Dòng 10: {}", again.full_name)) && rows.contains("trùng với dòng 7 của bảng tính"),
        "{rows}"
    );
    assert!(rows.contains(&format!("Dòng 4: {}", camket::demo::branch::member(0).full_name)), "usual capitals: {rows}");
    s.click_button("Thêm 6 đảng viên");
    s.wait_text("[data-testid=branch-table]", &camket::demo::branch::member(5).full_name);
    // And one member typed by hand (with a slip), who sends nothing; then corrected.
    s.type_into("[data-testid=new-name]", "Dinh Van Tam");
    s.click("[data-testid=add-member]");
    s.wait_text("[data-testid=branch-table]", "Dinh Van Tam");
    s.script(
        "const row = [...document.querySelectorAll('[data-testid=branch-table] tr')].find(r => r.textContent.includes('Dinh Van Tam'));
         row.querySelector('details').open = true;
         row.querySelector('[data-testid=edit-member-open]').click();",
        serde_json::json!([]),
    );
    s.wait_for("[data-testid=edit-member]");
    s.type_into("#edit-name", "Đinh Văn Tâm");
    s.type_into("#edit-birth", "12/09/1975");
    s.type_into("#edit-party", "Đảng viên");
    s.click("[data-testid=save-member]");
    s.wait_text("[data-testid=branch-note]", "Đã lưu thông tin của Đinh Văn Tâm.");
    s.wait_text("[data-testid=branch-table]", "Đinh Văn Tâm");
    {
        let db = camket::store::Store::open_read_only(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
        let tam = camket::branch::roster::find(&db, "Đinh Văn Tâm").unwrap();
        assert_eq!(
            (tam.birth_date.map(|d| d.to_string()), tam.party_position),
            (Some("1975-09-12".into()), "Đảng viên".into())
        );
    }
    s.click("[data-testid=receive-folder]");
    answer_file_dialog("Chọn văn bản đảng viên gửi", &inbox);
    let received = s.wait_text("[data-testid=received]", "ghi-chu.pdf");
    assert_eq!(received.matches(": Giữ lại, chờ xác nhận khóa: ").count(), 12, "{received}");
    assert_eq!(
        received.matches("CHI BỘ PHÒNG TỔ CHỨC — ĐẢNG BỘ SỞ NỘI VỤ TỈNH NINH BÌNH, không phải chi bộ này").count(),
        4
    );
    assert!(received.contains("ghi-chu.pdf: Không nhận: không phải tệp PDF."), "{received}");
    let summary = s.text("[data-testid=received-summary]");
    assert!(
        summary.contains(
            "Đã xử lý 17 tệp: 0 tệp đã nhận hoặc đã có, 16 tệp giữ lại chờ đồng chí quyết định, 1 tệp không nhận \
             (1 tệp không phải PDF: ghi-chu.pdf)"
        ),
        "{summary}"
    );
    shot(&s, "12-chi-bo-nhan");
    // Each member read their key's code at the meeting: all six bound at once.
    let held = s.wait_text("[data-testid=held]", "Tệp đang giữ lại (16)");
    assert!(held.contains(&camket::demo::branch::member_key(year(), 1).fingerprint()), "{held}");
    assert!(held.contains("CHI BỘ TRUNG TÂM LƯU TRỮ QUỐC GIA I"), "the branch is named: {held}");
    s.script("document.querySelector('[data-testid=held]').scrollIntoView()", serde_json::json!([]));
    // Each held file's list starts on the member it seems to be from.
    let proposed = s.script(
        "const c = document.querySelector('[data-testid=held] .held'); return [c.querySelector('strong').textContent, c.querySelector('select').selectedOptions[0].textContent]",
        serde_json::json!([]),
    );
    let name = proposed[0].as_str().unwrap();
    assert!(proposed[1].as_str().unwrap().starts_with(name), "{proposed}");
    shot(&s, "12-chi-bo-giu-lai");
    s.click("[data-testid=bind-all]");
    s.wait_text("[data-testid=branch-note]", "Đã xác nhận 6 khóa (thêm 0 đảng viên vào danh sách).");
    // The other branch's files stay held and out of the table.
    s.wait_text("[data-testid=held]", "Tệp đang giữ lại (4)");
    let rows = s.script(
        "return document.querySelectorAll('[data-testid=branch-table] tbody tr').length",
        serde_json::json!([]),
    );
    assert_eq!(rows, serde_json::json!(7), "six from the sheet and one typed by hand");

    // Confirm the first member's two documents.
    s.wait_text("[data-testid=branch-table]", "đã nộp");
    s.click("[data-testid='cell-0-ke-hoach'] input");
    s.click("[data-testid='cell-0-cam-ket'] input");
    s.type_into("#remark", "Đạt yêu cầu.");
    // Signed with the secretary's drawn signature.
    s.click("[data-testid=sign-confirmations]");
    s.click("[data-testid=confirm-selected]");
    s.wait_text(".toast [role=alert]", "Khung ký còn trống");
    s.draw("[data-testid=signature-pad]", &[(-120, 10), (-60, -20), (0, 15), (60, -25), (120, 10)]);
    shot(&s, "13-chi-bo-xac-nhan");
    s.click("[data-testid=confirm-selected]");
    s.wait_text("[data-testid=branch-note]", "Đã xác nhận 2 văn bản.");
    s.wait_text("[data-testid='cell-0-ke-hoach']", "chi bộ đã xác nhận");
    s.wait_text("[data-testid='cell-0-cam-ket']", "chi bộ đã xác nhận");
    assert!(s.text("[data-testid='cell-1-ke-hoach']").contains("đã nộp"));
    s.script("document.querySelector('[data-testid=branch-table]').scrollIntoView()", serde_json::json!([]));
    shot(&s, "13-chi-bo-bang");

    // "In cả chi bộ" and the summary, saved where the secretary types.
    let out = sandbox.dir.path().join("nop");
    std::fs::create_dir_all(&out).unwrap();
    let printed = out.join("ca-chi-bo.pdf");
    s.click("[data-testid=print-branch]");
    answer_file_dialog("In cả chi bộ", &printed);
    s.wait_text("[data-testid=branch-note]", &format!("Đã lưu tập in cả chi bộ: {}", printed.display()));
    let text = pdf_text(&printed);
    assert!(text.contains("DANH SÁCH ĐẢNG VIÊN NỘP KẾ HOẠCH CÁ NHÂN"), "{text}");
    assert!(text.contains("Đạt yêu cầu.") && text.matches("T/M CHI BỘ").count() == 3, "{text}");
    {
        let db = camket::store::Store::open_read_only(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
        let table = camket::branch::status::year_table(&db, year(), chrono::Local::now().date_naive()).unwrap();
        let id = table.rows[0].cells[0].submission_id.unwrap();
        let (_, block, _) = camket::branch::confirm::confirmed(&db, id).unwrap().unwrap();
        assert!(block.signature.is_some(), "the drawn signature is in the confirmation");
    }
    let summary = out.join("tong-hop.xlsx");
    s.click("[data-testid=save-report]");
    answer_file_dialog("Xuất bản tổng hợp", &summary);
    s.wait_text("[data-testid=branch-note]", &format!("Đã lưu bản tổng hợp: {}", summary.display()));
    assert!(std::fs::read(&summary).unwrap().starts_with(b"PK"), "an .xlsx is a zip");

    // A printout's code typed loosely finds its document.
    let code = camket::verify::verify_bytes(
        &std::fs::read(
            inbox
                .read_dir()
                .unwrap()
                .flatten()
                .find(|e| e.file_name().to_string_lossy().contains("cam-ket"))
                .unwrap()
                .path(),
        )
        .unwrap(),
    )
    .unwrap();
    s.type_into("[data-testid=code]", &code.record.code().to_lowercase().replace('-', ""));
    s.click("[data-testid=check-code]");
    s.wait_text("[data-testid=code-result]", &code.record.content.profile.full_name);
    shot(&s, "14-chi-bo-kiem-tra");

    // The year's settings for the members, with a deadline, signed by the secretary.
    s.type_into("#deadline", &format!("31/03/{}", year()));
    s.click_button("Lưu hạn nộp");
    s.wait_text("[data-testid=branch-note]", "Đã đặt hạn nộp");
    let settings = out.join(format!("thiet-lap-chi-bo-{}.json", year()));
    s.click("[data-testid=save-settings]");
    answer_file_dialog("Lưu tệp thiết lập cho đảng viên", &settings);
    s.wait_text("[data-testid=branch-note]", "Đã lưu tệp thiết lập");
    let read = camket::branch::settings::read(&std::fs::read(&settings).unwrap()).unwrap();
    assert_eq!((read.year, read.deadline.map(|d| d.to_string())), (year(), Some(format!("{}-03-31", year()))));
    // A member opens it from their board (here the secretary's own), sees what changes, accepts.
    s.click_button("← Văn bản của tôi");
    s.click("[data-testid=open-settings]");
    answer_file_dialog("Chọn tệp thiết lập của chi bộ", &settings);
    let preview = s.wait_text("[data-testid=settings-preview]", &format!("Hạn nộp năm {}", year()));
    assert!(preview.contains(&format!("chưa có → 31/03/{}", year())), "{preview}");
    assert!(preview.contains(&camket::demo::branch::member(0).full_name), "{preview}");
    shot(&s, "15-thiet-lap-chi-bo");
    s.click("[data-testid=accept-settings]");
    s.wait_text("[data-testid=board-note]", "Đã áp dụng thiết lập của chi bộ");
    s.wait_text("[data-testid=branch-deadline]", &format!("Chi bộ đặt hạn nộp: 31/03/{}.", year()));

    // A settings file signed by a stranger's key, which puts a heading of its
    // own into the plan: the warning names both keys, every printed change is
    // shown in full, and accepting waits for the new key to be confirmed.
    let stranger = camket::store::Store::open(&sandbox.dir.path().join("nguoi-la.sqlite3")).unwrap();
    stranger.save_profile(&camket::demo::branch::member(1)).unwrap();
    let hostile = include_str!("../../../templates/documents/ke-hoach.toml").replacen(
        "III. TỔ CHỨC THỰC HIỆN",
        "III. TÔI TỰ NGUYỆN XIN RA KHỎI ĐẢNG",
        1,
    );
    let foreign = out.join("thiet-lap-gia.json");
    std::fs::write(
        &foreign,
        camket::branch::settings::make(&stranger, year(), &[hostile], chrono::Local::now().date_naive()).unwrap(),
    )
    .unwrap();
    let (ours, theirs) = {
        let db = camket::store::Store::open_read_only(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
        (db.member_key().unwrap().fingerprint(), stranger.member_key().unwrap().fingerprint())
    };
    s.click("[data-testid=open-settings]");
    answer_file_dialog("Chọn tệp thiết lập của chi bộ", &foreign);
    let warning = s.wait_text("[data-testid=settings-key]", "CẢNH BÁO");
    assert!(warning.contains(&ours) && warning.contains(&theirs), "{warning}");
    let preview = s.text("[data-testid=settings-preview]");
    assert!(preview.contains("III. TỔ CHỨC THỰC HIỆN → III. TÔI TỰ NGUYỆN XIN RA KHỎI ĐẢNG"), "{preview}");
    let disabled = "return document.querySelector('[data-testid=accept-settings]').disabled";
    assert_eq!(s.script(disabled, serde_json::json!([])), serde_json::json!(true));
    shot(&s, "15-thiet-lap-khoa-la");
    s.click("[data-testid=settings-new-key]");
    assert_eq!(s.script(disabled, serde_json::json!([])), serde_json::json!(false));
    s.click_button("Thôi, không áp dụng");
    let db = camket::store::Store::open_read_only(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
    let kept = camket::branch::settings::accepted(&db, year()).unwrap().unwrap();
    assert!(kept.issued_by.contains(&camket::demo::branch::member(0).full_name), "still the secretary's settings");
}

/// Every action of the Chi bộ screen that fails says why in the bar at the
/// bottom, and the message stays when the table is read again (it used to
/// be cleared by that very refresh, so failures vanished).
#[test]
fn every_failed_action_on_the_branch_screen_says_why() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    sandbox.secretary();
    let inbox = sandbox.inbox(2);
    std::fs::write(inbox.join("ảnh.jpg"), b"\xFF\xD8\xFF\xE0").unwrap();
    let sheet = sandbox.dir.path().join("khong-co-cot-ten.csv");
    std::fs::write(&sheet, "STT,Ghi chú\r\n1,abc\r\n").unwrap();

    let driver = sandbox.driver();
    let s = driver.launch();
    s.set_window(1366, 768);
    s.click("[data-testid=open-branch]");
    s.wait_text("main h1", "Chi bộ — năm");
    let alert = ".toast [role=alert]";

    // A spreadsheet without a name column.
    s.click("[data-testid=read-sheet]");
    answer_file_dialog("Chọn bảng tính danh sách đảng viên", &sheet);
    s.wait_text(alert, "Không thấy cột “Họ và tên”");
    // A member added twice, and a birth date not on the calendar.
    s.type_into("[data-testid=new-name]", "Lê Văn Tám");
    s.click("[data-testid=add-member]");
    s.wait_text("[data-testid=branch-note]", "Đã thêm Lê Văn Tám vào danh sách.");
    s.type_into("[data-testid=new-name]", "LÊ VĂN  TÁM");
    s.click("[data-testid=add-member]");
    s.wait_text(alert, "Lê Văn Tám đã có trong danh sách (cùng họ tên và ngày sinh).");
    s.type_into("[data-testid=new-birth]", "31/02/1990");
    s.click("[data-testid=add-member]");
    s.wait_text(alert, "Hãy nhập ngày sinh theo dạng ngày/tháng/năm");
    // A code too short, a deadline not a date.
    s.type_into("[data-testid=code]", "7KQ4-M2XA");
    s.click("[data-testid=check-code]");
    s.wait_text(alert, "Mã xác thực có 12 ký tự");
    s.type_into("#deadline", "32/13/2026");
    s.click_button("Lưu hạn nộp");
    s.wait_text(alert, "Hãy nhập hạn nộp theo dạng ngày/tháng/năm");

    // Phạm Thu Hạnh typed by hand before her files arrive.
    let hanh = camket::demo::branch::member(1);
    s.type_into("[data-testid=new-name]", &hanh.full_name);
    s.type_into("[data-testid=new-birth]", &hanh.birth_date.unwrap().format("%d/%m/%Y").to_string());
    s.click("[data-testid=add-member]");
    s.wait_text("[data-testid=branch-note]", &format!("Đã thêm {} vào danh sách.", hanh.full_name));

    // The files, the picture named; the keys bound; one document returned without a note.
    s.click("[data-testid=receive-folder]");
    answer_file_dialog("Chọn văn bản đảng viên gửi", &inbox.join(""));
    let summary = s.wait_text("[data-testid=received-summary]", "Đã xử lý 5 tệp");
    // Her file cannot make her a second time.
    s.script(
        "const card = [...document.querySelectorAll('[data-testid=held] .held')].find(c => c.querySelector('strong').textContent === arguments[0]);
         [...card.querySelectorAll('button')].find(b => b.textContent.includes('Thêm thành đảng viên mới')).click();",
        serde_json::json!([hanh.full_name]),
    );
    s.wait_text(alert, &format!("{} đã có trong danh sách (cùng họ tên và ngày sinh).", hanh.full_name));
    assert!(summary.contains("(1 tệp không phải PDF: ảnh.jpg)"), "{summary}");
    // The held files at 1024×768 with the text at 150%: the decision stays in reach.
    small_screen_large_text(&s);
    s.script("document.querySelector('[data-testid=held]').scrollIntoView()", serde_json::json!([]));
    assert!(s.in_view("[data-testid=bind-all]"));
    shot(&s, "1024x768-150-chi-bo-giu-lai");
    usual_screen(&s);
    s.click("[data-testid=bind-all]");
    s.wait_text("[data-testid=branch-note]", "Đã xác nhận 2 khóa (thêm 1 đảng viên vào danh sách).");
    s.wait_text("[data-testid=branch-table]", "đã nộp");
    s.click("[data-testid='cell-0-ke-hoach'] input");
    let bar: f64 = s
        .script(
            "return document.querySelector('.toast .actions').getBoundingClientRect().height",
            serde_json::json!([]),
        )
        .as_f64()
        .unwrap();
    assert!(bar <= 768.0 / 5.0, "the action bar takes at most a fifth of the screen: {bar}px");
    shot(&s, "16-chi-bo-thanh-tac-vu");
    s.click("[data-testid=return-selected]");
    s.wait_text(alert, "Hãy ghi rõ cần sửa gì");
    // Removing a member whose document is confirmed is refused in words.
    s.click("[data-testid=confirm-selected]");
    s.wait_text("[data-testid=branch-note]", "Đã xác nhận 1 văn bản.");
    s.script(
        "const row = document.querySelector('[data-testid=branch-table] tbody tr');
         row.querySelector('details').open = true;
         row.querySelector('[data-testid=edit-member-open]').click();",
        serde_json::json!([]),
    );
    s.click("[data-testid=remove-member]");
    let refused = s.wait_text(alert, "Không xóa được");
    assert!(refused.contains("chi bộ đã xác nhận văn bản"), "{refused}");
    // Renamed into a twin of another member, and moved on a day not on the calendar.
    s.type_into("#edit-name", "Lê Văn Tám");
    s.script(
        "const i = document.querySelector('#edit-birth'); i.value = ''; i.dispatchEvent(new Event('input', {bubbles: true}));",
        serde_json::json!([]),
    );
    s.click("[data-testid=save-member]");
    s.wait_text(alert, "Lê Văn Tám đã có trong danh sách (cùng họ tên và ngày sinh).");
    let first = "[data-testid=branch-table] tbody tr:first-child";
    s.type_into(&format!("{first} input[placeholder='ngày/tháng/năm']"), "30/02/2027");
    s.script(
        "[...document.querySelector(arguments[0]).querySelectorAll('button')].find(b => b.textContent.trim() === 'Lưu').click()",
        serde_json::json!([first]),
    );
    s.wait_text(alert, "Hãy nhập ngày chuyển sinh hoạt theo dạng ngày/tháng/năm.");
    shot(&s, "16-chi-bo-bao-loi");
    // The search shows what is typed now.
    s.type_into("[data-testid=search]", "tám");
    s.wait_text("[data-testid=branch-table]", "Lê Văn Tám");
    let rows = s.script(
        "return document.querySelectorAll('[data-testid=branch-table] tbody tr').length",
        serde_json::json!([]),
    );
    assert_eq!(rows, serde_json::json!(1));
    s.close();
}
