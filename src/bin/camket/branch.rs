//! `camket branch …`: the branch secretary's work from the command line,
//! each subcommand one library call over the branch workspace.

use super::files;
use camket::app::Output;
use camket::store::Store;
use camket::{branch, Error, Result};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum BranchAction {
    /// Nhận các tệp PDF đã ký (tệp hoặc cả thư mục); tạo tệp dữ liệu nếu chưa có.
    Import {
        #[arg(long)]
        db: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Bảng tình trạng nộp văn bản của một năm (chỉ đọc).
    Status {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        /// Ghi dạng CSV (có dòng tiêu đề) ra màn hình.
        #[arg(long)]
        csv: bool,
    },
    /// Nhập danh sách đảng viên từ bảng tính (.xlsx, .xls, .ods, .csv); xem trước, ghi khi có --apply.
    Roster {
        #[arg(long)]
        db: PathBuf,
        file: PathBuf,
        /// Ghi các dòng hợp lệ vào danh sách (không có: chỉ xem trước).
        #[arg(long)]
        apply: bool,
    },
    /// Thông tin của bí thư (người xác nhận, ký danh sách) trong tệp dữ liệu; không có tùy chọn nào thì in thông tin đang lưu.
    Secretary {
        #[arg(long)]
        db: PathBuf,
        /// Họ và tên
        #[arg(long)]
        name: Option<String>,
        /// Chức vụ Đảng, ví dụ “Bí thư Chi bộ” hoặc “Phó Bí thư Chi bộ”
        #[arg(long)]
        position: Option<String>,
        /// Chi bộ, ví dụ “Chi bộ Phòng Hành chính”
        #[arg(long)]
        branch: Option<String>,
        /// Đảng bộ cấp trên
        #[arg(long)]
        committee: Option<String>,
        /// Địa danh ghi ở dòng ngày tháng
        #[arg(long)]
        place: Option<String>,
    },
    /// Đặt hạn nộp của một năm (ngày/tháng/năm).
    Deadline {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        #[arg(long)]
        date: String,
    },
    /// Xác nhận văn bản đã nộp của một đảng viên, hoặc của tất cả.
    Confirm {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        #[arg(long, conflicts_with = "all", required_unless_present = "all")]
        member: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long, default_value = "")]
        remark: String,
        /// Ký số từng xác nhận bằng chứng thư số trên USB token của bí thư: tệp trình điều khiển PKCS#11.
        #[arg(long, requires = "pin_file")]
        pkcs11: Option<PathBuf>,
        /// Nhãn của token, khi máy cắm nhiều token.
        #[arg(long, requires = "pkcs11")]
        token: Option<String>,
        /// Số hiệu (serial) của chứng thư số, khi token có nhiều chứng thư.
        #[arg(long, requires = "pkcs11")]
        cert: Option<String>,
        /// Tệp chứa mã PIN của token (dòng đầu tiên), dùng cho cả loạt.
        #[arg(long, requires = "pkcs11")]
        pin_file: Option<PathBuf>,
    },
    /// In cả chi bộ: danh sách và mọi văn bản đã xác nhận trong một tệp PDF (chỉ đọc).
    Print {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
        /// Mỗi văn bản bắt đầu ở trang lẻ (in hai mặt).
        #[arg(long)]
        duplex: bool,
    },
    /// Danh sách đảng viên chưa nộp đủ (in lúc nào cũng được: chưa nộp, hoặc quá hạn sau hạn nộp), ra tệp PDF (chỉ đọc).
    Late {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// Bản tổng hợp gửi cấp trên: .xlsx, .csv hoặc .pdf theo đuôi tệp (chỉ đọc).
    Report {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// Ghi các văn bản đã xác nhận của một năm vào một thư mục (chỉ đọc).
    Export {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// Lập tệp “Thiết lập của chi bộ” của một năm để gửi đảng viên (ghi lại rằng chi bộ đã gửi thiết lập năm đó).
    Settings {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
        /// Mẫu riêng của đơn vị (tệp .toml), có thể ghi nhiều lần.
        #[arg(long = "template")]
        templates: Vec<PathBuf>,
    },
    /// Thêm một đảng viên vào danh sách.
    Add {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        name: String,
        /// Ngày sinh (ngày/tháng/năm)
        #[arg(long)]
        birth: Option<String>,
        #[arg(long, default_value = "")]
        party_position: String,
        #[arg(long, default_value = "")]
        government_position: String,
    },
    /// Miễn sinh hoạt một năm (--undo: bỏ miễn).
    Exempt {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        member: String,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        #[arg(long)]
        undo: bool,
    },
    /// Chuyển sinh hoạt từ ngày (ngày/tháng/năm); --undo: vẫn sinh hoạt tại chi bộ.
    Moved {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        member: String,
        #[arg(long, required_unless_present = "undo")]
        date: Option<String>,
        #[arg(long)]
        undo: bool,
    },
    /// Tìm văn bản theo mã xác thực in ở chân trang; có thể ghi nhiều mã (chỉ đọc).
    CheckCode {
        #[arg(long)]
        db: PathBuf,
        #[arg(required = true)]
        codes: Vec<String>,
    },
    /// Các tệp đang giữ lại và tệp không nhận, mỗi tệp một dòng: số, tên tệp, họ tên, chi bộ, lý do (chỉ đọc).
    Held {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: Option<i32>,
        /// Ghi “Danh sách tệp chưa nhận” ra tệp CSV (mọi năm).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Nhận một tệp đang giữ lại: vào một đảng viên trong danh sách (--member) hoặc thêm người mới (--new).
    Accept {
        #[arg(long)]
        db: PathBuf,
        /// Tên tệp, hoặc “số N”, như trong “branch held”.
        file: String,
        #[arg(long, conflicts_with = "new", required_unless_present = "new")]
        member: Option<String>,
        #[arg(long)]
        new: bool,
    },
    /// Khóa ký mới đang chờ xác nhận, với mã khóa để đối chiếu (chỉ đọc).
    Keys {
        #[arg(long)]
        db: PathBuf,
    },
    /// Xác nhận khóa ký của đảng viên (--member và --key), hoặc mọi khóa đang chờ của chi bộ (--all).
    Bind {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, requires = "key", conflicts_with = "all", required_unless_present = "all")]
        member: Option<String>,
        /// Mã khóa dạng XXXX-XXXX.
        #[arg(long)]
        key: Option<String>,
        #[arg(long)]
        all: bool,
    },
    /// Không nhận một tệp đang giữ lại (vẫn ghi trong danh sách tệp chưa nhận).
    Refuse {
        #[arg(long)]
        db: PathBuf,
        file: String,
    },
    /// Gộp hai đảng viên tạo nhầm: văn bản của --member chuyển sang --into.
    Merge {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        member: String,
        #[arg(long)]
        into: String,
    },
    /// Xóa một đảng viên thêm nhầm (khi chưa có văn bản nào được xác nhận).
    Remove {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        member: String,
    },
    /// Ghi mức chi bộ đề xuất xếp loại cho bản kiểm điểm của một đảng viên (sau họp chi bộ).
    Rate {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        #[arg(long)]
        member: String,
        /// Mức xếp loại, ví dụ "Hoàn thành tốt nhiệm vụ" (hoặc một phần chỉ mức đó có: "tốt").
        #[arg(long)]
        level: String,
        /// Nhận xét ngắn của chi bộ.
        #[arg(long, default_value = "")]
        remark: String,
    },
    /// Tổng hợp xếp loại của năm: in ra màn hình, hoặc ghi tệp .pdf, .xlsx, .csv với --out (chỉ đọc).
    Ratings {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Bật hoặc tắt giới hạn “xuất sắc” không quá 20% số “tốt” (cấp ủy quyết định; mặc định tắt).
    ShareLimit {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        /// “bat” (bật) hoặc “tat” (tắt)
        #[arg(value_name = "BAT_HOAC_TAT")]
        state: String,
    },
    /// Trả lại một văn bản để đảng viên sửa, với ghi chú cần sửa gì.
    Return {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, allow_negative_numbers = true)]
        year: i32,
        #[arg(long)]
        member: String,
        /// Loại văn bản, ví dụ ke-hoach, cam-ket.
        #[arg(long)]
        doc: String,
        #[arg(long)]
        note: String,
        /// Lưu giấy báo trả lại (ký bằng khóa của bí thư) để gửi đảng viên.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn today() -> chrono::NaiveDate {
    camket::dates::today()
}

/// One line per file; success when every file went in or was already in.
pub fn branch_import(db: &Path, paths: &[PathBuf]) -> ExitCode {
    let run = || -> Result<bool> {
        let mut store = Store::open(db)?;
        let received = camket::app::receive(&mut store, paths, |_, _| {})?;
        if received.is_empty() {
            return Err(Error::invalid(
                "files",
                "Không có tệp nào để nhận ở nơi đã chỉ (thư mục rỗng, hoặc mẫu tên không khớp tệp nào).",
            ));
        }
        for r in &received {
            println!("{}: {}", r.file, r.message);
        }
        println!("{}", branch::collect::summary(&received));
        Ok(received.iter().all(|r| r.outcome.is_ok()))
    };
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("Lỗi: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn check_code(db: &Path, codes: &[String]) -> ExitCode {
    let store = match Store::open_read_only(db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Lỗi: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut all_found = true;
    for code in codes {
        match branch::code::find(&store, code) {
            Ok(found) if found.is_empty() => {
                println!("Không có văn bản nào mang mã {code} trong dữ liệu của chi bộ.");
                all_found = false;
            }
            Ok(found) => {
                for m in found {
                    let confirmed = m.confirmed_at.map(|t| format!(", xác nhận ngày {}", day(&t))).unwrap_or_default();
                    let superseded = if m.superseded { " (đã có bản ký mới hơn)" } else { "" };
                    println!(
                        "Mã {}: {}, {} năm {}, phiên bản {}{superseded}, ký ngày {}, nhận ngày {}: {}{confirmed}.",
                        m.code,
                        m.full_name,
                        m.kind_label.to_lowercase(),
                        m.year,
                        m.revision,
                        day(&m.signed_at),
                        day(&m.received_at),
                        m.state
                    );
                    all_found &= m.held.is_none();
                }
            }
            Err(e) => {
                eprintln!("Lỗi: {e}");
                all_found = false;
            }
        }
    }
    if all_found {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// An RFC 3339 time (or a date) as the day it falls on in Vietnam, dd/mm/yyyy.
fn day(time: &str) -> String {
    camket::dates::vietnam_day(time).map(camket::dates::format_date).unwrap_or_else(|| time.to_string())
}

/// The held file named `file` (its name as received), one only.
/// The held file named `file` (its name as received), or numbered as
/// `branch held` lists it ("số 12"): files of namesakes share a name.
fn held_file(store: &Store, file: &str) -> Result<branch::held::HeldFile> {
    let number = file.trim().strip_prefix("số").and_then(|n| n.trim().parse::<i64>().ok());
    let held: Vec<_> = branch::held::held_files(store, None)?
        .into_iter()
        .filter(|h| Some(h.submission_id) == number || h.file_name == file)
        .collect();
    match held.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::NotFound(format!("tệp “{file}” trong các tệp đang giữ lại"))),
        many => {
            let numbers: Vec<String> =
                many.iter().map(|h| format!("số {} ({})", h.submission_id, h.full_name)).collect();
            Err(Error::invalid(
                "file",
                format!(
                    "Có {} tệp đang giữ lại cùng tên “{file}”: {}; hãy ghi “số N”.",
                    many.len(),
                    numbers.join(", ")
                ),
            ))
        }
    }
}

/// Opens the database read-only, makes `output` from it and writes it to `out`.
fn save(db: &Path, out: &Path, output: Output) -> Result<()> {
    files::check_target(out, db)?;
    let store = Store::open_read_only(db)?;
    files::write_into_existing_folder(out, &output.make(&store, out, today())?)?;
    println!("{}", out.display());
    Ok(())
}

pub fn branch(action: BranchAction) -> Result<()> {
    match action {
        BranchAction::Import { .. } | BranchAction::CheckCode { .. } => Ok(()),
        BranchAction::Status { db, year, csv } => status(db, year, csv),
        BranchAction::Secretary { db, name, position, branch: unit, committee, place } => {
            secretary(db, name, position, unit, committee, place)
        }
        BranchAction::Roster { db, file, apply } => roster(db, file, apply),
        BranchAction::Settings { db, year, out, templates } => settings(db, year, out, templates),
        BranchAction::Held { db, out: Some(out), .. } => save(&db, &out, Output::Unreceived),
        BranchAction::Held { db, year, out: None } => held(db, year),
        BranchAction::Accept { db, file, member, .. } => accept(db, file, member),
        BranchAction::Keys { db } => keys(db),
        BranchAction::Bind { db, member, key, all } => bind(db, member, key, all),
        BranchAction::Refuse { db, file } => refuse(db, file),
        BranchAction::Merge { db, member, into } => merge(db, member, into),
        BranchAction::Remove { db, member } => remove(db, member),
        BranchAction::Rate { db, year, member, level, remark } => rate(db, year, member, level, remark),
        BranchAction::Ratings { db, year, out: Some(out) } => save(&db, &out, Output::Ratings { year }),
        BranchAction::Ratings { db, year, out: None } => ratings(db, year),
        BranchAction::ShareLimit { db, year, state } => share_limit(db, year, state),
        BranchAction::Return { db, year, member, doc, note, out } => return_document(db, year, member, doc, note, out),
        BranchAction::Add { db, name, birth, party_position, government_position } => {
            add(db, name, birth, party_position, government_position)
        }
        BranchAction::Exempt { db, member, year, undo } => exempt(db, member, year, undo),
        BranchAction::Moved { db, member, date, undo } => moved(db, member, date, undo),
        BranchAction::Deadline { db, year, date } => deadline(db, year, date),
        BranchAction::Confirm { db, year, member, all: _, remark, pkcs11, token, cert, pin_file } => {
            let token = pkcs11.map(|module| Token { module, label: token, serial: cert, pin_file });
            confirm(db, year, member, remark, token)
        }
        BranchAction::Print { db, year, out, duplex } => save(&db, &out, Output::BranchPrint { year, duplex }),
        BranchAction::Late { db, year, out } => save(&db, &out, Output::LateList { year }),
        BranchAction::Report { db, year, out } => save(&db, &out, Output::Report { year }),
        BranchAction::Export { db, year, out } => export(db, year, out),
    }
}

/// The year's signed settings file for members.
fn settings(db: PathBuf, year: i32, out: PathBuf, templates: Vec<PathBuf>) -> Result<()> {
    files::check_target(&out, &db)?;
    let store = Store::open_existing(&db)?;
    camket::app::save_branch_settings(&store, year, &templates, today(), &out)?;
    println!("{}", out.display());
    Ok(())
}

/// A held file taken in: to a member of the roster, or as a new member.
fn accept(db: PathBuf, file: String, member: Option<String>) -> Result<()> {
    let store = Store::open_existing(&db)?;
    let h = held_file(&store, &file)?;
    let decision = match member {
        Some(name) => branch::held::Decision::Attach(branch::roster::find_exact(&store, &name)?.id),
        None => branch::held::Decision::AddNew,
    };
    println!("{}", branch::held::decide(&store, h.submission_id, decision, today())?);
    Ok(())
}

/// A held file not taken in.
fn refuse(db: PathBuf, file: String) -> Result<()> {
    let store = Store::open_existing(&db)?;
    let h = held_file(&store, &file)?;
    println!("{}", branch::held::decide(&store, h.submission_id, branch::held::Decision::Refuse, today())?);
    Ok(())
}

/// Two members made for one person, merged.
fn merge(db: PathBuf, member: String, into: String) -> Result<()> {
    let store = Store::open_existing(&db)?;
    let (from, to) = (branch::roster::find_exact(&store, &member)?, branch::roster::find_exact(&store, &into)?);
    branch::roster::merge(&store, from.id, to.id)?;
    println!("Đã gộp {} (số {}) vào {} (số {}).", from.full_name, from.id, to.full_name, to.id);
    Ok(())
}

/// A member added by mistake, removed.
fn remove(db: PathBuf, member: String) -> Result<()> {
    let store = Store::open_existing(&db)?;
    let m = branch::roster::find_exact(&store, &member)?;
    branch::roster::remove(&store, m.id)?;
    println!("Đã xóa {} khỏi danh sách; văn bản của đồng chí này trở về các tệp đang giữ lại.", m.full_name);
    Ok(())
}

/// The branch's proposed level for a member's review.
fn rate(db: PathBuf, year: i32, member: String, level: String, remark: String) -> Result<()> {
    let store = Store::open_existing(&db)?;
    println!("Đã ghi: {}.", branch::rating::rate_member(&store, year, &member, &level, &remark, today())?);
    Ok(())
}

/// "Tổng hợp xếp loại" as lines.
fn ratings(db: PathBuf, year: i32) -> Result<()> {
    let store = Store::open_read_only(&db)?;
    let table = branch::status::year_table(&store, year, today())?;
    if !table.ratings.as_ref().is_some_and(|r| r.any()) {
        println!("Năm {year} chưa có bản kiểm điểm nào được nộp: chưa có gì để tổng hợp.");
    }
    print_ratings(&table);
    Ok(())
}

/// Miễn sinh hoạt for a year, or not.
fn exempt(db: PathBuf, member: String, year: i32, undo: bool) -> Result<()> {
    let store = Store::open_existing(&db)?;
    let m = branch::roster::find(&store, &member)?;
    branch::roster::set_exempt(&store, m.id, year, !undo)?;
    let what = if undo { "không miễn sinh hoạt" } else { "miễn sinh hoạt" };
    println!("{}: {what} năm {year}.", m.full_name);
    Ok(())
}

/// The year's deadline.
fn deadline(db: PathBuf, year: i32, date: String) -> Result<()> {
    let date = camket::dates::typed(&date)?;
    let store = Store::open(&db)?;
    branch::status::set_deadline(&store, year, Some(date))?;
    println!("Hạn nộp năm {year}: {}.", camket::dates::format_date(date));
    Ok(())
}

/// The year's confirmed PDFs into a folder.
fn export(db: PathBuf, year: i32, out: PathBuf) -> Result<()> {
    println!("{}", camket::app::export_folder(&Store::open_read_only(&db)?, year, &out, today())?);
    Ok(())
}

/// The year's table, one line per member (or as CSV), read only.
fn status(db: PathBuf, year: i32, csv: bool) -> Result<()> {
    let store = Store::open_read_only(&db)?;
    let table = branch::status::year_table(&store, year, today())?;
    if csv {
        print!("{}", String::from_utf8_lossy(&branch::report::csv(&table)).trim_start_matches('\u{FEFF}'));
        return Ok(());
    }
    let deadline = table.deadline.map(|d| format!(", hạn nộp {}", camket::dates::format_date(d))).unwrap_or_default();
    println!("Năm {year}: {} đảng viên{deadline}.", table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        let cells: Vec<String> = table
            .kinds
            .iter()
            .zip(&row.cells)
            .map(|(k, c)| {
                format!(
                    "{}: {}{}{}",
                    k.label,
                    c.label,
                    c.code.as_ref().map(|x| format!(" ({x})")).unwrap_or_default(),
                    review_cell(c)
                )
            })
            .collect();
        let late = if row.late { " — QUÁ HẠN" } else { "" };
        println!("{:>3}. {} — {}{late}", i + 1, row.member.full_name, cells.join("; "));
    }
    print_ratings(&table);
    for h in &table.held {
        println!("Đang giữ lại: {}, {} năm {}: {}", h.full_name, h.kind_label.to_lowercase(), h.year, h.why);
    }
    Ok(())
}

/// The secretary's details: shown, or the ones given changed.
fn secretary(
    db: PathBuf,
    name: Option<String>,
    position: Option<String>,
    unit: Option<String>,
    committee: Option<String>,
    place: Option<String>,
) -> Result<()> {
    let given = [&name, &position, &unit, &committee, &place].iter().any(|o| o.is_some());
    if !given {
        let me = Store::open_read_only(&db)?.profile()?;
        println!("{}, {}, {}, {}, {}.", me.full_name, me.party_position, me.branch, me.party_committee, me.place);
        return Ok(());
    }
    let store = Store::open(&db)?;
    let before = store.profile()?;
    let name = match name {
        // Capitals as the roster writes names ("NGUYỄN THỊ HOA" is tidied there too).
        Some(n) => {
            branch::collation::usual_case(&camket::text::clean("Họ và tên", &n, camket::text::LINE_LIMIT, false)?)
        }
        None => before.full_name.clone(),
    };
    let profile = camket::profile::Profile {
        full_name: name,
        party_position: position.unwrap_or(before.party_position.clone()),
        branch: unit.unwrap_or(before.branch.clone()),
        party_committee: committee.unwrap_or(before.party_committee.clone()),
        place: place.unwrap_or(before.place.clone()),
        ..before
    };
    branch::check_secretary(&profile)?;
    let saved = store.save_profile(&profile)?;
    println!("Đã lưu: {}, {}, {}.", saved.full_name, saved.party_position, saved.branch);
    Ok(())
}

/// A roster spreadsheet: each row as it would go in, written with `apply`.
fn roster(db: PathBuf, file: PathBuf, apply: bool) -> Result<()> {
    let store = if apply { Store::open(&db)? } else { Store::open_read_only(&db)? };
    let rows = camket::app::read_roster_sheet(&store, &file, today())?;
    for r in &rows {
        let birth = r.birth_date.map(camket::dates::format_date).unwrap_or_default();
        match &r.problem {
            Some(why) => println!("Dòng {}: KHÔNG THÊM ({why}): {} {birth}", r.line, r.full_name),
            None => println!("Dòng {}: {} {birth} {} {}", r.line, r.full_name, r.party_position, r.government_position),
        }
    }
    let good = rows.iter().filter(|r| r.problem.is_none()).count();
    if apply {
        let added = branch::sheet::add(&store, &rows, today())?;
        println!("Đã thêm {added} đảng viên; {} dòng không thêm (lý do ở trên).", rows.len() - added);
    } else {
        println!(
            "Xem trước: {good} dòng sẽ được thêm, {} dòng không thêm. Chưa ghi gì; thêm --apply để ghi.",
            rows.len() - good
        );
    }
    Ok(())
}

/// The held and refused files, one line each.
fn held(db: PathBuf, year: Option<i32>) -> Result<()> {
    year.map(camket::dates::check_year).transpose()?;
    let store = Store::open_read_only(&db)?;
    for h in branch::held::held_files(&store, year)? {
        println!("số {} | {} | {} | {} | {}", h.submission_id, h.file_name, h.full_name, h.branch, h.why);
    }
    for r in branch::held::refused_files(&store)? {
        println!("- | {} | | | Không nhận: {}", r.file_name, r.reason);
    }
    Ok(())
}

/// The new keys waiting, with the member each seems to be.
fn keys(db: PathBuf) -> Result<()> {
    let store = Store::open_read_only(&db)?;
    let waiting = branch::held::waiting_keys(&store, None)?;
    if waiting.is_empty() {
        println!("Không có khóa mới nào đang chờ xác nhận.");
    }
    for k in waiting {
        let born = k.birth_date.map(|d| format!(", sinh {}", camket::dates::format_date(d))).unwrap_or_default();
        let who = match (&k.member_name, &k.member_key) {
            (Some(n), Some(old)) => format!("đảng viên {n}, khóa đang dùng {old}"),
            (Some(n), None) => format!("đảng viên {n}"),
            (None, _) => "chưa có trong danh sách".to_string(),
        };
        println!("{} — {}{born} ({who}): {}", k.key_fingerprint, k.full_name, k.files.join(", "));
    }
    Ok(())
}

/// A member's key bound, or every waiting key of the branch.
fn bind(db: PathBuf, member: Option<String>, key: Option<String>, all: bool) -> Result<()> {
    let store = Store::open_existing(&db)?;
    if all {
        let done = branch::held::bind_all(&store, None, today())?;
        for b in &done.bound {
            println!("Đã xác nhận khóa: {b}.");
        }
        for a in &done.added {
            println!("Đã thêm vào danh sách và xác nhận khóa: {a}.");
        }
        for l in &done.left {
            println!("Chưa xác nhận: {l}.");
        }
        println!(
            "Đã xác nhận {} khóa, thêm {} đảng viên; {} khóa cần quyết định riêng.",
            done.bound.len() + done.added.len(),
            done.added.len(),
            done.left.len()
        );
        return Ok(());
    }
    let (Some(name), Some(key)) = (member, key) else { return Ok(()) };
    let m = branch::roster::find_exact(&store, &name)?;
    branch::held::bind(&store, m.id, &key)?;
    println!("Đã xác nhận khóa {} của đồng chí {}.", key.trim().to_uppercase(), m.full_name);
    Ok(())
}

/// The committee's 20 % limit on "xuất sắc", on or off.
fn share_limit(db: PathBuf, year: i32, state: String) -> Result<()> {
    let on = match state.trim().to_lowercase().as_str() {
        "bat" | "bật" => true,
        "tat" | "tắt" => false,
        other => {
            return Err(camket::Error::invalid(
                "state",
                format!("“{other}”: hãy ghi “bat” để bật hoặc “tat” để tắt giới hạn."),
            ))
        }
    };
    let store = Store::open_existing(&db)?;
    branch::rating::set_share_limit(&store, year, on)?;
    let said = if on { "bật" } else { "tắt" };
    println!("Đã {said} giới hạn “xuất sắc” không quá 20% số “tốt” cho năm {year}.");
    Ok(())
}

/// Trả lại để sửa, with the member's notice written when asked.
fn return_document(
    db: PathBuf,
    year: i32,
    member: String,
    doc: String,
    note: String,
    out: Option<PathBuf>,
) -> Result<()> {
    if let Some(out) = &out {
        files::check_target(out, &db)?;
    }
    let store = Store::open_existing(&db)?;
    let (what, id) = branch::confirm::return_member_document(&store, year, &member, &doc, &note, today())?;
    println!("Đã trả lại để sửa: {what}. Ghi chú: {}", note.trim());
    if let Some(out) = out {
        files::write_into_existing_folder(&out, &branch::confirm::return_notice(&store, id)?.bytes)?;
        println!("Giấy báo cho đảng viên: {}", out.display());
    }
    Ok(())
}

/// A member typed by hand.
fn add(
    db: PathBuf,
    name: String,
    birth: Option<String>,
    party_position: String,
    government_position: String,
) -> Result<()> {
    let fields = branch::roster::MemberFields {
        full_name: name,
        birth_date: birth.as_deref().map(camket::dates::typed).transpose()?,
        party_position,
        government_position,
    };
    let store = Store::open(&db)?;
    let id = branch::roster::add(&store, &fields, today())?;
    println!("Đã thêm {} vào danh sách.", branch::roster::member(&store, id)?.full_name);
    Ok(())
}

/// Chuyển sinh hoạt on a date, or back.
fn moved(db: PathBuf, member: String, date: Option<String>, undo: bool) -> Result<()> {
    let on = if undo { None } else { date.as_deref().map(camket::dates::typed).transpose()? };
    let store = Store::open_existing(&db)?;
    let m = branch::roster::find(&store, &member)?;
    branch::roster::set_moved(&store, m.id, on)?;
    match on {
        Some(d) => println!("{}: chuyển sinh hoạt ngày {}.", m.full_name, camket::dates::format_date(d)),
        None => println!("{}: vẫn sinh hoạt tại chi bộ.", m.full_name),
    }
    Ok(())
}

/// Confirms a member's submitted documents, or everyone's; each one not confirmed is named.
/// The secretary's token, to sign the confirmations with (ký số).
struct Token {
    module: PathBuf,
    label: Option<String>,
    serial: Option<String>,
    pin_file: Option<PathBuf>,
}

fn confirm(db: PathBuf, year: i32, member: Option<String>, remark: String, token: Option<Token>) -> Result<()> {
    let store = Store::open_existing(&db)?;
    let batch = match token {
        None => branch::confirm::confirm_submitted(&store, year, member.as_deref(), &remark, today(), None)?,
        Some(t) => {
            let pin_file = t.pin_file.ok_or_else(|| camket::Error::invalid("pin", "Thiếu --pin-file."))?;
            let pin = camket::token::read_pin_file(&pin_file)?;
            let chosen = camket::ky_so::choose(&t.module, t.label.as_deref(), t.serial.as_deref())?;
            let now = chrono::Utc::now();
            camket::ky_so::with_token(&t.module, &chosen, pin, |signer| {
                branch::confirm::confirm_submitted(
                    &store,
                    year,
                    member.as_deref(),
                    &remark,
                    today(),
                    Some((signer, now)),
                )
            })?
        }
    };
    for d in &batch.done {
        println!("Đã xác nhận: {} (mã {}).", d.what, d.code);
    }
    for (what, why) in &batch.failed {
        eprintln!("Chưa xác nhận được: {what}: {why}");
    }
    println!("Đã xác nhận {} văn bản.", batch.done.len());
    let others = if batch.done.is_empty() { "" } else { "; các văn bản khác đã xác nhận" };
    if batch.failed.is_empty() {
        Ok(())
    } else {
        Err(camket::Error::invalid(
            "confirm",
            format!("{} văn bản chưa xác nhận được (kể tên ở trên){others}.", batch.failed.len()),
        ))
    }
}

/// What a review's cell adds to its status line: form, points, the levels.
fn review_cell(c: &branch::status::Cell) -> String {
    let mut out = String::new();
    if let Some(form) = &c.form {
        out.push_str(&format!(", mẫu {form}"));
    }
    if let Some(points) = &c.points {
        out.push_str(&format!(", điểm {points}"));
    }
    if let Some(choice) = &c.choice {
        out.push_str(&format!(", tự đề xuất: {choice}"));
    }
    if let Some(b) = &c.branch_rating {
        out.push_str(&format!(", chi bộ đề xuất: {}", b.level));
    }
    out
}

/// "Tổng hợp xếp loại" as lines, once someone has sent a review.
fn print_ratings(table: &branch::status::YearTable) {
    let Some(r) = table.ratings.as_ref().filter(|r| r.any()) else { return };
    println!("Tổng hợp xếp loại ({}):", r.label.to_lowercase());
    for l in branch::summary::lines(r) {
        println!("  {}: tự đề xuất {}; chi bộ đề xuất {}.", l.level, l.proposed, l.branch);
    }
    for (_, sentence) in branch::summary::sentences(table, r) {
        println!("  {sentence}");
    }
}
