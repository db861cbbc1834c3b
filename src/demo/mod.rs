//! A fictional member with her three documents fully written (the plan, the
//! commitment, the year-end review), for `camket demo`, the benchmarks
//! and the tests. No database is involved.

pub mod branch;

use crate::document::{Answer, Answers, Content};
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::reference::reference;
use crate::render::{render, Mark};
use crate::template::shipped;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn profile() -> Profile {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
    Profile {
        full_name: "Trần Thị Minh Hạnh".into(),
        birth_date: d(1984, 9, 14),
        joined_on: d(2009, 5, 19),
        official_on: d(2010, 5, 19),
        probationary: false,
        party_position: "Chi ủy viên".into(),
        government_position: "Phó Trưởng phòng Thu thập và Chỉnh lý tài liệu".into(),
        union_position: "Tổ trưởng Công đoàn bộ phận".into(),
        workplace: "Trung tâm Lưu trữ quốc gia I".into(),
        branch: "Chi bộ Trung tâm Lưu trữ quốc gia I".into(),
        party_committee: "Đảng bộ Cục Văn thư và Lưu trữ nhà nước".into(),
        place: "Hà Nội".into(),
        collects_for_branch: false,
        leadership_post: Some(true),
        political_system: Some(true),
    }
}

/// The date the demo documents carry: in February of `year`, when plans are written.
pub fn date(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 2, 20).unwrap_or_default()
}

fn text(s: &str) -> Answer {
    Answer::Text(s.to_string())
}

pub fn plan(year: i32) -> Content {
    let mut a = Answers::new();
    a.insert("hoc_tap".into(), text(&format!(
        "Học tập, quán triệt chuyên đề toàn khóa và chuyên đề năm {year} do chi bộ tổ chức trong kỳ sinh hoạt tháng 3; tự nghiên cứu thêm tài liệu vào tối thứ Sáu hằng tuần và hoàn thành bài thu hoạch trước ngày 30/4/{year}.\n\
         Đọc lại tác phẩm “Sửa đổi lối làm việc” và “Đạo đức cách mạng” của Chủ tịch Hồ Chí Minh, mỗi tháng một phần; ghi sổ tay những lời dạy áp dụng được vào công tác thu thập, chỉnh lý tài liệu.\n\
         Tham gia đầy đủ các hội nghị học tập, quán triệt nghị quyết của Đảng ủy Cục; nghiên cứu Luật Lưu trữ năm 2024 và các văn bản hướng dẫn để vận dụng trong nghiệp vụ."
    )));
    a.insert("tu_tuong".into(), text(
        "Kiên định mục tiêu độc lập dân tộc gắn liền với chủ nghĩa xã hội; tuyệt đối tin tưởng vào sự lãnh đạo của Đảng. Chủ động đấu tranh với các quan điểm sai trái; không đọc, không bình luận, không chia sẻ thông tin xấu độc trên mạng xã hội và nhắc nhở người thân cùng thực hiện.",
    ));
    a.insert("dao_duc".into(), text(
        "Thực hành cần, kiệm, liêm, chính, chí công vô tư trong công việc hằng ngày: tiết kiệm văn phòng phẩm, điện, nước; trung thực khi báo cáo kết quả công việc; không nhận quà biếu của tổ chức, cá nhân có liên quan đến việc mình đang giải quyết.",
    ));
    a.insert("phong_cach".into(), text(
        "Làm việc có kế hoạch tuần và tháng, giải quyết công việc đúng hạn, không để tồn đọng. Ứng xử nhã nhặn, chân thành với đồng nghiệp; lắng nghe, hướng dẫn tận tình các đơn vị đến giao nộp tài liệu. Sống giản dị, gần gũi, giữ gìn nếp sống văn minh nơi cư trú.",
    ));
    a.insert("nhiem_vu".into(), text(&format!(
        "Hoàn thành đúng tiến độ và bảo đảm chất lượng kế hoạch thu thập, chỉnh lý tài liệu năm {year} của phòng.\n\
         Nội dung đột phá: chủ trì chỉnh lý và lập cơ sở dữ liệu cho khối tài liệu tồn đọng giai đoạn 1995–2005 (khoảng 120 mét giá), hoàn thành trước ngày 30/10/{year}."
    )));
    a.insert("khac_phuc".into(), text(
        "Khắc phục hạn chế được chỉ ra trong kiểm điểm năm trước là đôi khi chậm gửi báo cáo định kỳ: lập lịch nhắc việc trên máy tính và nộp báo cáo trước hạn ít nhất hai ngày làm việc. Mạnh dạn hơn trong đấu tranh tự phê bình và phê bình, mỗi kỳ sinh hoạt chi bộ đóng góp ít nhất một ý kiến.",
    ));
    let rows = [
        (
            "Học tập chuyên đề năm và viết bài thu hoạch",
            "Tự nghiên cứu tối thứ Sáu hằng tuần; trao đổi trong sinh hoạt chi bộ",
            "Trước 30/4",
        ),
        (
            "Giải quyết hồ sơ giao nộp tài liệu đúng hạn",
            "Lập sổ theo dõi, kiểm tra tiến độ vào sáng thứ Hai hằng tuần",
            "Cả năm",
        ),
        (
            "Chỉnh lý khối tài liệu tồn đọng 1995–2005 (nội dung đột phá)",
            "Chia nhóm, giao chỉ tiêu từng tháng; báo cáo tiến độ với chi ủy hằng quý",
            "Trước 30/10",
        ),
        ("Tiết kiệm văn phòng phẩm, điện, nước", "In hai mặt, dùng văn bản điện tử; tắt thiết bị khi ra về", "Cả năm"),
        ("Đọc “Sửa đổi lối làm việc”, “Đạo đức cách mạng”", "Mỗi tháng một phần, ghi sổ tay điều tâm đắc", "Quý IV"),
        ("Nộp báo cáo định kỳ đúng hạn", "Đặt lịch nhắc, nộp trước hạn hai ngày", "Cả năm"),
    ];
    let rows = rows
        .iter()
        .map(|(n, b, t)| {
            BTreeMap::from([
                ("noi_dung".into(), n.to_string()),
                ("bien_phap".into(), b.to_string()),
                ("thoi_gian".into(), t.to_string()),
            ])
        })
        .collect();
    a.insert("bang_viec".into(), Answer::Rows(rows));
    content("ke-hoach", year, a)
}

pub fn commitment(year: i32) -> Content {
    let mut a = Answers::new();
    a.insert("tu_tuong".into(), text(
        "Tuyệt đối trung thành với Đảng, với Tổ quốc và Nhân dân; kiên định chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh, mục tiêu độc lập dân tộc gắn liền với chủ nghĩa xã hội. Không dao động trước khó khăn, thử thách; luôn đặt lợi ích của Đảng, của tập thể lên trên lợi ích cá nhân.\n\
         Thường xuyên học tập, nghiên cứu nghị quyết, chỉ thị của Đảng, chính sách, pháp luật của Nhà nước để nâng cao bản lĩnh chính trị. Chủ động nhận diện và đấu tranh với các quan điểm sai trái, thù địch; không đọc, không tàng trữ, không chia sẻ tài liệu, thông tin xấu độc trên mạng xã hội.",
    ));
    a.insert("dao_duc".into(), text(
        "Giữ gìn phẩm chất đạo đức cách mạng theo năm chuẩn mực của Quy định số 144-QĐ/TW; sống trung thực, giản dị, khiêm tốn, chân thành với đồng chí, đồng nghiệp. Không lợi dụng vị trí công tác để mưu lợi cá nhân; không nhận quà biếu có liên quan đến nhiệm vụ được giao.\n\
         Xây dựng gia đình văn hóa, hòa thuận; thường xuyên nhắc nhở người thân chấp hành chủ trương của Đảng, pháp luật của Nhà nước và quy định của địa phương nơi cư trú. Tích cực tham gia các hoạt động từ thiện, nhân đạo do cơ quan và khu dân cư phát động.",
    ));
    a.insert("ky_luat".into(), text(
        "Chấp hành nghiêm nguyên tắc tập trung dân chủ, tự phê bình và phê bình, đoàn kết thống nhất trong Đảng. Phục tùng sự phân công của tổ chức; thực hiện đầy đủ chế độ sinh hoạt chi bộ, đóng đảng phí đúng quy định và giữ mối liên hệ với chi ủy nơi cư trú.\n\
         Thực hiện nghiêm 19 điều đảng viên không được làm; chấp hành nội quy, quy chế của cơ quan, quy định về bảo vệ bí mật nhà nước trong quản lý tài liệu lưu trữ. Không nói, viết, làm trái nghị quyết của Đảng và kết luận của chi bộ.",
    ));
    a.insert("tac_phong".into(), text(
        "Làm việc khoa học, có kế hoạch tuần, tháng; giải quyết công việc đúng quy trình, đúng thời hạn, không đùn đẩy, né tránh trách nhiệm. Nói đi đôi với làm, đã hứa thì làm đến nơi đến chốn.\n\
         Tôn trọng, lắng nghe ý kiến của đồng nghiệp và của các đơn vị đến liên hệ công tác; hướng dẫn tận tình, không gây phiền hà. Chủ động ứng dụng công nghệ thông tin trong quản lý, tra cứu tài liệu để nâng cao hiệu quả công việc.",
    ));
    a.insert("nhiem_vu".into(), text(&format!(
        "Phấn đấu hoàn thành tốt nhiệm vụ Phó Trưởng phòng Thu thập và Chỉnh lý tài liệu: hoàn thành 100% kế hoạch thu thập năm {year}, chủ trì chỉnh lý khối tài liệu tồn đọng giai đoạn 1995–2005 và đưa vào cơ sở dữ liệu trước ngày 30/10/{year}.\n\
         Làm tốt nhiệm vụ chi ủy viên được phân công: theo dõi công tác phát triển đảng viên, chuẩn bị nội dung sinh hoạt chuyên đề hằng quý. Với vai trò tổ trưởng công đoàn bộ phận, quan tâm đời sống, động viên đoàn viên hoàn thành nhiệm vụ."
    )));
    a.insert("khac_phuc".into(), text(
        "Khắc phục hạn chế đã được chỉ ra khi kiểm điểm năm trước là đôi khi chậm gửi báo cáo định kỳ và chưa mạnh dạn phát biểu trong sinh hoạt chi bộ. Trong năm, tôi sẽ lập lịch nhắc việc, nộp báo cáo trước hạn ít nhất hai ngày làm việc, và mỗi kỳ sinh hoạt đóng góp ít nhất một ý kiến xây dựng.",
    ));
    let all: Vec<String> = reference().nq04.iter().map(|m| m.id.clone()).collect();
    a.insert("tu_soi".into(), Answer::Ticked(all));
    content("cam-ket", year, a)
}

/// The demo member's year-end review on the national form her profile
/// fits (2A: she holds a leadership post), scored 86,5/100 and proposing
/// "Hoàn thành tốt nhiệm vụ".
pub fn review(year: i32) -> Content {
    let mut a = Answers::new();
    a.insert("pham_chat".into(), text(
        "Giữ vững lập trường, tin tưởng vào sự lãnh đạo của Đảng; tham gia đầy đủ các buổi học tập nghị quyết. Sống giản dị, trung thực, đoàn kết với đồng nghiệp; sinh hoạt chi bộ đầy đủ 12/12 kỳ, đóng đảng phí đúng hạn. Đã tự đối chiếu 27 biểu hiện suy thoái theo Nghị quyết 04-NQ/TW: không có biểu hiện nào.",
    ));
    a.insert("nhiem_vu".into(), text(&format!(
        "Hoàn thành kế hoạch thu thập, chỉnh lý năm {year}; nội dung đột phá xong trước hạn sáu ngày. Làm tốt nhiệm vụ chi ủy viên theo dõi phát triển đảng viên: chi bộ kết nạp được một đảng viên mới."
    )));
    a.insert("lanh_dao".into(), text(
        "Phòng hoàn thành 100% chỉ tiêu năm; chỉ đạo chỉnh lý xong 120 mét giá tài liệu tồn đọng và đưa phần mềm tra cứu vào dùng trong toàn phòng.",
    ));
    a.insert("thuc_hien_cam_ket".into(), text(
        "– Học tập chuyên đề năm và viết bài thu hoạch: đã làm (nộp ngày 25/4).\n– Giải quyết hồ sơ giao nộp tài liệu đúng hạn: đã làm (146/146 hồ sơ đúng hạn).\n– Chỉnh lý khối tài liệu tồn đọng 1995–2005: đã làm (xong 120 mét giá ngày 24/10).\n– Đọc “Sửa đổi lối làm việc”, “Đạo đức cách mạng”: đang làm (đã đọc 5/8 phần, chuyển sang năm sau).",
    ));
    a.insert("khuyet_diem".into(), text(
        "Chưa đọc xong hai tác phẩm của Bác như đã đăng ký.\nViệc phát biểu trong sinh hoạt chi bộ có tiến bộ nhưng chưa đều.",
    ));
    a.insert(
        "nguyen_nhan".into(),
        text("Chưa sắp xếp thời gian đọc đều đặn khi công việc chuyên môn dồn vào quý III."),
    );
    let fixed = [(
        "Còn chậm tiến độ khi nhiều việc dồn vào cuối năm",
        "Đã khắc phục xong",
        "Lập lịch việc theo tuần từ tháng 3",
    )];
    let rows = fixed
        .iter()
        .map(|(n, k, g)| {
            BTreeMap::from([
                ("noi_dung".into(), n.to_string()),
                ("ket_qua".into(), k.to_string()),
                ("ghi_chu".into(), g.to_string()),
            ])
        })
        .collect();
    a.insert("khac_phuc".into(), Answer::Rows(rows));
    a.insert("phuong_huong".into(), text(
        "Đọc tiếp hai tác phẩm của Bác theo lịch mỗi tháng một phần; chuẩn bị ý kiến trước mỗi kỳ sinh hoạt chi bộ.",
    ));
    a.insert(
        "diem".into(),
        points(&[
            ("chinh_tri", "9"),
            ("dao_duc", "9"),
            ("ky_luat", "9,5"),
            ("nhiem_vu", "27"),
            ("lanh_dao", "24"),
            ("cam_ket", "8"),
        ]),
    );
    a.insert("xep_loai".into(), text("Hoàn thành tốt nhiệm vụ"));
    let forms = crate::template::shipped_forms("kiem-diem");
    let template = crate::template::pick_form(&forms, &profile(), None).map(|t| t.for_year(year));
    let mut c = content("kiem-diem", year, a);
    c.template = template.unwrap_or(c.template);
    c.date = NaiveDate::from_ymd_opt(year, 12, 15).unwrap_or(c.date);
    c
}

/// Whether the demo member writes the national review in `year` (from 2025).
pub fn has_review(year: i32) -> bool {
    crate::template::shipped_forms("kiem-diem").iter().any(|t| t.applies_to(year))
}

/// A points answer: criterion id → score as printed.
pub fn points(scores: &[(&str, &str)]) -> Answer {
    Answer::Points(scores.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}

/// Writes the demo member's three documents into `out` as drafts, each PDF
/// laid out on its own thread (a person waits for the slower one, not the
/// sum), and returns their paths.
pub fn write(out: &Path, year: i32, docx: bool) -> Result<Vec<PathBuf>> {
    let mut contents = vec![plan(year), commitment(year)];
    // The national review is written from the 2025 review on.
    if has_review(year) {
        contents.push(review(year));
    }
    let documents: Vec<(String, Content)> =
        contents.into_iter().map(|content| (format!("{}.pdf", content.template.file_stem()), content)).collect();
    let mut written = Vec::new();
    if docx {
        // Beside each PDF, the same document as a Word file.
        for (name, content) in &documents {
            let path = out.join(name.trim_end_matches(".pdf").to_string() + ".docx");
            crate::files::write_atomic(&path, &crate::word::docx(content, &Mark::Draft)?)?;
            written.push(path);
        }
    }
    std::thread::scope(|scope| {
        let jobs: Vec<_> = documents
            .iter()
            .map(|(name, content)| {
                scope.spawn(move || {
                    let path = out.join(name);
                    crate::files::write_atomic(&path, &render(content, &Mark::Draft)?)?;
                    Ok(path)
                })
            })
            .collect();
        let pdfs: Result<Vec<PathBuf>> = jobs
            .into_iter()
            .map(|job| job.join().unwrap_or_else(|_| Err(Error::Pdf("tạo văn bản mẫu bị gián đoạn".into()))))
            .collect();
        Ok(pdfs?.into_iter().chain(written).collect())
    })
}

/// The demo's documents are the shipped kinds by name: they are examples of them.
fn content(kind: &str, year: i32, answers: Answers) -> Content {
    let template = shipped(kind).map(|t| t.for_year(year)).expect("the demo's kinds are shipped");
    Content { year, date: date(year), profile: profile(), template, answers }
}

/// A fictional member's key, derived from a seed written in this
/// repository, so that demo files are the same on every run and every
/// computer. Anyone can derive it: demo files are demo data and prove
/// nothing about a person. Only the demo (and tests) make keys this way; a
/// member's real key is drawn at random by the OS.
pub fn key(seed: &str) -> crate::keys::MemberKey {
    use sha2::Digest;
    crate::keys::MemberKey::from_secret_bytes(&sha2::Sha256::digest(seed.as_bytes()).into())
}
