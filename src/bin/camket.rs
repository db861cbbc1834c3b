//! `camket`: the command-line shell over the library, for headless work.
//! Each subcommand is one library call; every error is a Vietnamese message
//! on stderr and a non-zero exit.

use camket::store::{self, Store};
use camket::{demo, files, Error, Result};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Output piped into a program that stops reading (`| head`) is not an
// error worth a panic: what could not be written is simply dropped.
macro_rules! println {
    ($($t:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}
macro_rules! print {
    ($($t:tt)*) => {{
        use std::io::Write;
        let _ = write!(std::io::stdout(), $($t)*);
    }};
}

#[path = "camket/branch.rs"]
mod branch;

use branch::BranchAction;

#[derive(Parser)]
#[command(name = "camket", version, about = "Cam Kết: kế hoạch cá nhân và bản cam kết của đảng viên")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ghi ba văn bản mẫu của một đảng viên giả định: kế hoạch, bản cam kết, bản kiểm điểm cuối năm (không dùng cơ sở dữ liệu).
    #[command(args_conflicts_with_subcommands = true)]
    Demo {
        #[arg(long)]
        out: Option<PathBuf>,
        /// Năm của văn bản; mặc định năm nay.
        #[arg(long, allow_negative_numbers = true)]
        year: Option<i32>,
        /// Ghi thêm bản Word (.docx) bên cạnh mỗi tệp PDF.
        #[arg(long)]
        docx: bool,
        #[command(subcommand)]
        what: Option<DemoWhat>,
    },
    /// Kiểm tra các tệp PDF đã ký mà đảng viên gửi (bản ghi, chữ ký số, nội dung trang).
    Verify {
        /// Đối chiếu khóa với tệp dữ liệu này: khóa bí thư đồng chí đã nhận (hoặc của chính bí thư) và khóa các đảng viên.
        #[arg(long)]
        db: Option<PathBuf>,
        /// Chứng thư số gốc (tệp .cer/.pem) của nhà cung cấp chữ ký số mà đơn vị tin cậy; có thể nhắc nhiều lần (với --db: thêm vào những chứng thư gốc đơn vị đã lưu).
        #[arg(long = "root")]
        roots: Vec<PathBuf>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Ký số tệp PDF đã ký của Cam Kết bằng chứng thư số trên USB token (PKCS#11): thêm chữ ký PAdES, nội dung giữ nguyên.
    SignPdf {
        file: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Tệp trình điều khiển PKCS#11 của token (.dll trên Windows, .so trên Linux).
        #[arg(long)]
        pkcs11: PathBuf,
        /// Nhãn của token, khi máy cắm nhiều token.
        #[arg(long)]
        token: Option<String>,
        /// Số hiệu (serial) của chứng thư số, khi token có nhiều chứng thư.
        #[arg(long)]
        cert: Option<String>,
        /// Tệp chứa mã PIN của token (dòng đầu tiên); mã PIN không bao giờ được lưu lại.
        #[arg(long)]
        pin_file: PathBuf,
    },
    /// In một văn bản của năm ra tệp PDF, hoặc tệp Word khi tên tệp có đuôi .docx.
    Render {
        /// Tệp dữ liệu; mặc định trong thư mục dữ liệu của hệ điều hành.
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        /// loại văn bản, như mẫu gọi (ví dụ ke-hoach); loại sai thì lệnh kể các loại có
        #[arg(long)]
        doc: String,
        #[arg(long)]
        out: PathBuf,
        /// In bản đã ký gần nhất thay cho bản hiện tại.
        #[arg(long)]
        signed: bool,
    },
    /// Sao lưu tệp dữ liệu ra một tệp mới.
    Backup {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Khôi phục tệp dữ liệu từ một bản sao lưu.
    Restore {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long)]
        from: PathBuf,
        /// Ghi đè cả khi tệp dữ liệu hiện tại vẫn tốt (sẽ sao lưu nó trước).
        #[arg(long)]
        force: bool,
    },
    /// Việc của bí thư chi bộ: nhận văn bản, theo dõi, xác nhận, in, tổng hợp.
    Branch {
        #[command(subcommand)]
        action: BranchAction,
    },
    /// Mở tệp thiết lập của chi bộ (bí thư gửi): xem những gì sẽ thay đổi; áp dụng khi có --accept.
    Settings {
        #[arg(long)]
        db: Option<PathBuf>,
        file: PathBuf,
        /// Áp dụng: điền đảng bộ, chi bộ, địa danh vào hồ sơ và dùng mẫu của chi bộ cho văn bản chưa ký.
        #[arg(long)]
        accept: bool,
        /// Mã khóa mới của bí thư (ví dụ ABCD-EFGH), chỉ khi chính bí thư đã xác nhận đổi khóa.
        #[arg(long)]
        new_key: Option<String>,
    },
    /// Mẫu văn bản của đơn vị.
    Template {
        #[command(subcommand)]
        action: TemplateAction,
    },
    /// Văn bản Word (.docx): lấy nội dung của văn bản năm trước từ tệp Word.
    Word {
        #[command(subcommand)]
        action: WordAction,
    },
}

#[derive(Subcommand)]
enum WordAction {
    /// Xếp nội dung một tệp Word vào các mục của văn bản: xem trước từng mục và các đoạn không xếp được; ghi khi có --apply.
    Import {
        file: PathBuf,
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        /// Loại văn bản, ví dụ ke-hoach, cam-ket.
        #[arg(long)]
        kind: String,
        /// Lưu thành văn bản chưa ký của năm đó (không có: chỉ xem trước).
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Subcommand)]
enum DemoWhat {
    /// Văn bản đã ký của cả một chi bộ giả định, như các đảng viên gửi lên: 2 tệp mỗi người (3 với --with-review).
    Branch {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        members: usize,
        #[arg(long, allow_negative_numbers = true)]
        year: Option<i32>,
        /// Tên chi bộ ghi ở đầu văn bản (mặc định: chi bộ của đảng viên mẫu).
        #[arg(long)]
        branch: Option<String>,
        /// Tên đảng bộ cấp trên.
        #[arg(long)]
        committee: Option<String>,
        /// Chuỗi tạo khóa và ngày sinh: cùng số thứ tự cho cùng họ tên, khác khóa và ngày sinh.
        #[arg(long, default_value = "")]
        seed: String,
        /// Thêm bản kiểm điểm cuối năm của mỗi người (mẫu theo hồ sơ, điểm khác nhau).
        #[arg(long)]
        with_review: bool,
    },
}

#[derive(Subcommand)]
enum TemplateAction {
    /// Kiểm tra một tệp mẫu (TOML).
    Check { file: PathBuf },
}

/// clap's own words in Vietnamese: the help's headings and usage line, the
/// built-in flags, the names of values. Applied to every subcommand.
fn vietnamese(cmd: clap::Command, path: &str) -> clap::Command {
    use clap::{Arg, ArgAction};
    let value_name = |name: &str| match name {
        "YEAR" => "NĂM",
        "DB" => "TỆP_DỮ_LIỆU",
        "OUT" | "FILE" | "FILES" | "FROM" | "TEMPLATES" => "TỆP",
        "DATE" | "BIRTH" => "NGÀY",
        "NAME" | "MEMBER" => "HỌ_TÊN",
        "CODE" => "MÃ",
        "MEMBERS" => "SỐ",
        "DOC" => "LOẠI",
        "REMARK" => "NHẬN_XÉT",
        "POSITION" | "PARTY_POSITION" | "GOVERNMENT_POSITION" => "CHỨC_VỤ",
        "BRANCH" | "COMMITTEE" | "PLACE" => "TÊN",
        _ => "GIÁ_TRỊ",
    };
    let path = if path.is_empty() { cmd.get_name().to_string() } else { format!("{path} {}", cmd.get_name()) };
    let mut usage = format!("{path} [tùy chọn]");
    for a in cmd.get_positionals() {
        usage.push_str(&format!(" <{}>…", value_name(&a.get_id().as_str().to_uppercase())));
    }
    if cmd.has_subcommands() {
        usage.push_str(if cmd.is_subcommand_required_set() { " <LỆNH>" } else { " [LỆNH]" });
    }
    let mut cmd = cmd
        .help_template("{about-with-newline}\nCách dùng: {usage}\n\n{all-args}")
        .override_usage(usage)
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .mut_args(|a| {
            let heading = if a.is_positional() { "Tham số" } else { "Tùy chọn" };
            let a = a.help_heading(heading);
            if a.get_action().takes_values() {
                let name = value_name(&a.get_id().as_str().to_uppercase());
                a.value_name(name).hide_default_value(true)
            } else {
                a
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In hướng dẫn này")
                .help_heading("Tùy chọn"),
        );
    if cmd.get_version().is_some() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In số phiên bản")
                .help_heading("Tùy chọn"),
        );
    }
    cmd.mut_subcommands(|sub| vietnamese(sub, &path))
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let parsed = vietnamese(Cli::command(), "").try_get_matches().and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("Lệnh không đúng cú pháp: {} Gõ “camket --help” để xem cách dùng.", usage_error(&e));
            return ExitCode::from(2);
        }
    };
    match &cli.command {
        Command::Verify { db, roots, files } => return verify(db.as_deref(), roots, files),
        Command::Branch { action: BranchAction::Import { db, files } } => return branch::branch_import(db, files),
        Command::Branch { action: BranchAction::CheckCode { db, codes } } => return branch::check_code(db, codes),
        _ => {}
    }
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Lỗi: {e}");
            ExitCode::FAILURE
        }
    }
}

/// clap's parse error as a Vietnamese sentence (clap speaks English).
fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let get = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    match e.kind() {
        ErrorKind::UnknownArgument => format!("không có tùy chọn “{}”.", get(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => format!("không có lệnh “{}”.", get(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingRequiredArgument => format!("thiếu {}.", get(ContextKind::InvalidArg).replace(',', ", ")),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "thiếu tên lệnh (ví dụ “camket branch status”).".into()
        }
        // The shell passed bytes that are not text (a name typed in another encoding).
        ErrorKind::InvalidUtf8 => {
            "một tham số có ký tự không đọc được (không phải văn bản UTF-8); hãy gõ lại tham số đó.".into()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => match get(ContextKind::InvalidArg) {
            arg if arg.is_empty() => format!("giá trị “{}” không hợp lệ.", get(ContextKind::InvalidValue)),
            arg => format!("giá trị “{}” của {arg} không hợp lệ.", get(ContextKind::InvalidValue)),
        },
        ErrorKind::ArgumentConflict => {
            format!("không dùng cùng lúc {} và {}.", get(ContextKind::InvalidArg), get(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("số giá trị của {} không đúng.", get(ContextKind::InvalidArg))
        }
        _ => "các tùy chọn không hợp lệ.".into(),
    }
}

fn db_path(db: Option<PathBuf>) -> Result<PathBuf> {
    db.map(Ok).unwrap_or_else(store::default_path)
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Demo {
            what: Some(DemoWhat::Branch { out, members, year, branch, committee, seed, with_review }),
            ..
        } => {
            let year = year.unwrap_or_else(this_year);
            let default = demo::branch::Unit::default();
            let unit = demo::branch::Unit {
                branch: branch.unwrap_or(default.branch),
                committee: committee.unwrap_or(default.committee),
                seed,
            };
            let sent = demo::branch::unit_branch(&unit, year, members, with_review)?;
            for file in &sent {
                files::write_atomic(&out.join(&file.file_name), &file.bytes)?;
            }
            println!("Đã ghi {} tệp của {members} đảng viên năm {year} vào {}", sent.len(), out.display());
            Ok(())
        }
        Command::Demo { out: None, what: None, .. } => {
            Err(Error::invalid("out", "Hãy cho biết thư mục ghi tệp: camket demo --out THƯ_MỤC"))
        }
        Command::Verify { .. } => Ok(()),
        Command::Demo { out: Some(out), year, docx, .. } => {
            let year = year.unwrap_or_else(this_year);
            camket::dates::check_year(year)?;
            for path in demo::write(&out, year, docx)? {
                println!("{}", path.display());
            }
            Ok(())
        }
        Command::Render { db, year, doc, out, signed } => {
            let db = db_path(db)?;
            files::check_target(&out, &db)?;
            let store = Store::open_read_only(&db)?;
            let file = camket::app::document_file(&store, year, &doc, signed, &out, camket::dates::today())?;
            files::write_into_existing_folder(&out, &file)?;
            println!("{}", out.display());
            Ok(())
        }
        Command::SignPdf { file, out, pkcs11, token, cert, pin_file } => {
            let pdf = camket::verify::read_checked(&file).map_err(|r| Error::invalid("tệp", r.message()))?;
            let pin = camket::token::read_pin_file(&pin_file)?;
            let chosen = camket::ky_so::choose(&pkcs11, token.as_deref(), cert.as_deref())?;
            let now = chrono::Utc::now();
            let signed =
                camket::ky_so::with_token(&pkcs11, &chosen, pin, |s| camket::ky_so::sign_member_file(&pdf, s, now))?;
            files::write_into_existing_folder(&out, &signed)?;
            println!("{}", out.display());
            Ok(())
        }
        Command::Backup { db, out } => {
            store::backup_to(&db_path(db)?, &out)?;
            println!("Đã sao lưu vào {}", out.display());
            Ok(())
        }
        Command::Restore { db, from, force } => {
            let db = db_path(db)?;
            store::restore(&db, &from, force)?;
            println!("Đã khôi phục {} từ {}", db.display(), from.display());
            Ok(())
        }
        Command::Settings { db, file, accept, new_key } => settings(&db_path(db)?, &file, accept, new_key.as_deref()),
        Command::Template { action: TemplateAction::Check { file } } => check_template(&file),
        Command::Branch { action } => branch::branch(action),
        Command::Word { action: WordAction::Import { file, db, year, kind, apply } } => {
            word_import(&db_path(db)?, &file, year, &kind, apply)
        }
    }
}

/// `camket word import`: the preview, section by section; saved with `apply`.
fn word_import(db: &Path, file: &Path, year: i32, kind: &str, apply: bool) -> Result<()> {
    let bytes = camket::files::read_regular(file, camket::word::read::MAX_FILE_BYTES)?;
    // A preview needs no database: without one, the shipped template.
    let existing = if db.exists() { Some(Store::open_read_only(db)?) } else { None };
    let template = match &existing {
        Some(store) => store.template_for(year, kind)?,
        None => camket::template::shipped_or_error(kind)?,
    };
    let mapped = camket::word::preview(&template, year, &bytes)?;
    print!("{}", camket::word::map::preview(&mapped, &template));
    let profile = existing.as_ref().map(|s| s.profile()).transpose()?.unwrap_or_default();
    if camket::word::another_person(&profile, &mapped) {
        println!("Tệp ghi tên người khác với hồ sơ ({}): hồ sơ được giữ nguyên.", profile.full_name);
    }
    drop(existing);
    if !apply {
        println!("\nXem trước: chưa ghi gì; thêm --apply để lưu.");
        return Ok(());
    }
    let left = mapped.unplaced.len();
    let mut store = Store::open(db)?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (_, filled) = camket::word::bring_in(&mut store, year, kind, mapped, &name)?;
    println!("\nĐã lưu thành văn bản chưa ký năm {year} (lấy từ tệp Word “{name}”) vào {}.", db.display());
    if left > 0 {
        println!("{left} đoạn không xếp được đã để ngoài, không lưu (kể ở trên).");
    }
    if !filled.is_empty() {
        println!("Hồ sơ đã điền thêm: {}.", filled.join(", "));
    }
    Ok(())
}

fn this_year() -> i32 {
    chrono::Datelike::year(&camket::dates::today())
}

/// One line per file; success only when every file is valid.
/// Files, folders of PDFs, or patterns like `*.pdf` (expanded here: the
/// Windows command prompt does not).
fn verify(db: Option<&Path>, roots: &[PathBuf], paths: &[PathBuf]) -> ExitCode {
    let (paths, known, roots) = match verify_inputs(db, roots, paths) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("Lỗi: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut all_valid = !paths.is_empty();
    if paths.is_empty() {
        println!("Không có tệp PDF nào để kiểm tra.");
    }
    for path in &paths {
        let bytes = camket::verify::read_checked(path);
        let verified = bytes.and_then(|b| camket::verify::verify_with_roots(&b, &roots)).map_err(|r| r.message());
        match verified.and_then(|v| trusted(&v, known.as_ref()).map(|note| (v, note))) {
            Ok((v, note)) => println!("HỢP LỆ        {}: {}{note}", path.display(), v.summary()),
            Err(why) => {
                all_valid = false;
                println!("KHÔNG HỢP LỆ  {}: {why}", path.display());
            }
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

type VerifyInputs = (Vec<PathBuf>, Option<camket::verify::Known>, Vec<camket::certificate::Certificate>);

fn verify_inputs(db: Option<&Path>, roots: &[PathBuf], paths: &[PathBuf]) -> Result<VerifyInputs> {
    let mut certificates = Vec::new();
    let known = match db {
        Some(db) => {
            let store = Store::open_read_only(db)?;
            certificates.extend(store.trusted_roots()?);
            Some(camket::branch::known_signers(&store)?)
        }
        None => None,
    };
    for root in roots {
        certificates.extend(camket::certificate::read_file(&files::read_regular(root, 1024 * 1024)?)?);
    }
    Ok((camket::branch::collect::pdf_files(paths)?, known, certificates))
}

/// A confirmation proves nothing by its own key: without a database it is
/// said to be unchecked; with one, an unknown confirming key is refused.
fn trusted(v: &camket::verify::Verified, known: Option<&camket::verify::Known>) -> std::result::Result<String, String> {
    let Some(known) = known else {
        return Ok(match &v.confirmation {
            Some(c) => format!(
                ". Lưu ý: chưa đối chiếu khóa xác nhận {} với khóa bí thư chi bộ (thêm --db <tệp dữ liệu> để đối chiếu)",
                c.key_fingerprint
            ),
            None => String::new(),
        });
    };
    if let Some(why) = known.unknown_confirmation(v) {
        return Err(format!("{}; {why}", v.summary()));
    }
    Ok(known.signer_note(v).map(|n| format!(". Lưu ý: {n}")).unwrap_or_default())
}

/// Shows what a branch's settings file would change; applies it on --accept.
fn settings(db: &Path, file: &Path, accept: bool, new_key: Option<&str>) -> Result<()> {
    let opened = if accept {
        camket::app::open_settings(&Store::open(db)?, file)?
    } else if db.exists() {
        camket::app::open_settings(&Store::open_read_only(db)?, file)?
    } else {
        // A fresh install: what the settings would fill in, against an empty
        // database made aside and removed (the named one is not created).
        let aside = std::env::temp_dir().join(format!("camket-xem-truoc-{}", std::process::id()));
        let opened = camket::app::open_settings(&Store::open(&aside.join("cam-ket.sqlite3"))?, file);
        let _ = std::fs::remove_dir_all(&aside);
        opened?
    };
    let p = &opened.preview;
    println!("Thiết lập của chi bộ năm {}: {} (khóa {}).", p.year, p.issued_by, p.key_fingerprint);
    match p.key {
        camket::branch::settings::IssuerKey::Known => {}
        camket::branch::settings::IssuerKey::First => println!(
            "Lần đầu máy này nhận tệp thiết lập: hãy hỏi bí thư chi bộ mã khóa của đồng chí ấy và so với mã {} trước khi áp dụng.",
            p.key_fingerprint
        ),
        camket::branch::settings::IssuerKey::Other => println!(
            "CẢNH BÁO: tệp này do khóa {} ký, KHÔNG PHẢI khóa bí thư máy này đã nhận ({}). Nếu không phải chính bí thư \
             chi bộ báo đã đổi khóa, đừng áp dụng. Muốn áp dụng, thêm --new-key {} sau khi bí thư xác nhận mã này.",
            p.key_fingerprint,
            p.known_keys.join(", "),
            p.key_fingerprint
        ),
    }
    for c in &p.changes {
        println!("- {}: “{}” → “{}”", c.label, c.before, c.after);
    }
    for n in &p.notes {
        println!("- {n}");
    }
    if accept {
        println!("{}", camket::app::accept_settings(&mut Store::open(db)?, &opened.file, new_key)?);
    } else {
        println!("Chưa thay đổi gì; thêm --accept để áp dụng.");
    }
    Ok(())
}

fn check_template(file: &Path) -> Result<()> {
    let source = camket::template::read_file(file)?;
    let t = camket::template::parse(&source)?;
    println!("Mẫu hợp lệ: “{}” (mã {}, phiên bản {}, {} mục).", t.name, t.id, t.version, t.sections.len());
    Ok(())
}
