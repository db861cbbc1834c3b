//! A fictional branch for `camket demo branch`: N members with varied names,
//! positions and texts, each with a key of their own, and their plan and
//! commitment (the review too, on request) signed and sealed as the PDFs
//! members send. Everything is derived from
//! the member's number and the year, so the files are the same on every run
//! and every computer.

use super::{commitment, plan};
use crate::document::{Answer, Content};
use crate::error::Result;
use crate::keys::MemberKey;
use crate::profile::Profile;
use crate::record::{self, NewRecord};
use chrono::NaiveDate;

const FAMILY: [&str; 14] =
    ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
const MEN: ([&str; 5], [&str; 10]) = (
    ["Văn", "Hữu", "Đức", "Quang", "Minh"],
    ["Hùng", "Dũng", "Tuấn", "Nam", "Long", "Phong", "Thắng", "Bình", "Sơn", "Khoa"],
);
const WOMEN: ([&str; 5], [&str; 10]) = (
    ["Thị", "Ngọc", "Thu", "Thanh", "Thùy"],
    ["Lan", "Hoa", "Hương", "Mai", "Hạnh", "Thảo", "Trang", "Yến", "Nga", "Linh"],
);
const JOBS: [&str; 8] = [
    "Chuyên viên Phòng Thu thập tài liệu",
    "Chuyên viên chính Phòng Bảo quản",
    "Phó Trưởng phòng Tin học và Công cụ tra cứu",
    "Trưởng phòng Hành chính - Tổng hợp",
    "Kế toán viên Phòng Hành chính - Tổng hợp",
    "Lưu trữ viên Phòng Chỉnh lý",
    "Văn thư cơ quan",
    "Chuyên viên Phòng Phục vụ khai thác tài liệu",
];
const DUTIES: [&str; 4] = [
    "Hoàn thành đúng hạn, bảo đảm chất lượng các việc được giao trong kế hoạch công tác năm {year} của phòng; không để hồ sơ tồn đọng quá hạn.",
    "Số hóa và kiểm tra chất lượng ít nhất 20.000 trang tài liệu trong năm {year}; hướng dẫn đồng nghiệp mới sử dụng phần mềm quản lý tài liệu.",
    "Phục vụ độc giả đến khai thác tài liệu tận tình, đúng quy định; rút ngắn thời gian trả lời yêu cầu xuống còn ba ngày làm việc.",
    "Tham mưu kịp thời cho lãnh đạo phòng; hoàn thành các báo cáo định kỳ trước hạn và chịu trách nhiệm về số liệu trong báo cáo.",
];
const ETHICS: [&str; 3] = [
    "Sống giản dị, trung thực, chân thành với đồng nghiệp; không nhận quà biếu của tổ chức, cá nhân có liên quan đến việc mình giải quyết; tiết kiệm điện, nước, văn phòng phẩm.",
    "Giữ gìn đạo đức, lối sống trong sạch; xây dựng gia đình văn hóa; không tham gia các hoạt động mê tín dị đoan, cờ bạc; nói đi đôi với làm.",
    "Thực hành cần, kiệm, liêm, chính, chí công vô tư; quan tâm, giúp đỡ đồng nghiệp khó khăn; gương mẫu chấp hành quy định nơi cư trú.",
];

/// A fictional branch: its header names and a seed for its members' keys
/// and birth dates. The same index gives the same name in every branch, so
/// two demo branches hold namesakes.
#[derive(Debug, Clone)]
pub struct Unit {
    pub branch: String,
    pub committee: String,
    pub seed: String,
}

impl Default for Unit {
    /// The demo member's own branch.
    fn default() -> Unit {
        let p = super::profile();
        Unit { branch: p.branch, committee: p.party_committee, seed: String::new() }
    }
}

impl Unit {
    /// A small number from the seed that shifts birth dates (0 for none).
    fn shift(&self) -> usize {
        self.seed.bytes().fold(0usize, |h, b| (h * 31 + b as usize) % 9973)
    }

    /// Member `i`'s key: the same on every run for the same seed.
    pub fn key(&self, year: i32, i: usize) -> MemberKey {
        if self.seed.is_empty() {
            crate::demo::key(&format!("camket demo {year} member {i}"))
        } else {
            crate::demo::key(&format!("camket demo {year} member {i} of {}", self.seed))
        }
    }
}

/// One member of the fictional branch: name, birth, positions.
pub fn member(i: usize) -> Profile {
    member_of(&Unit::default(), i)
}

/// Member `i` of `unit`.
pub fn member_of(unit: &Unit, i: usize) -> Profile {
    // A walk through the names that repeats none for the first 1,400.
    let (women, j) = (i % 2 == 1, (i / 2 * 263 + i % 2 * 311) % 700);
    let (middles, givens) = if women { WOMEN } else { MEN };
    let full_name = format!("{} {} {}", FAMILY[j % 14], middles[(j / 14) % 5], givens[j / 70]);
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
    let k = i + unit.shift();
    let born = 1966 + (k * 7 % 34) as i32;
    let joined = born + 23 + (i % 6) as i32;
    let month = 1 + (k % 12) as u32;
    let base = super::profile();
    Profile {
        full_name,
        birth_date: d(born, month, 1 + (k * 5 % 28) as u32),
        joined_on: d(joined, month, 3 + (i % 20) as u32),
        official_on: d(joined + 1, month, 3 + (i % 20) as u32),
        probationary: false,
        party_position: match i {
            0 => "Bí thư Chi bộ",
            1 => "Phó Bí thư Chi bộ",
            2 | 3 => "Chi ủy viên",
            _ => "",
        }
        .into(),
        government_position: JOBS[i % JOBS.len()].into(),
        union_position: if i % 5 == 2 { "Tổ trưởng Công đoàn bộ phận".into() } else { String::new() },
        branch: unit.branch.clone(),
        party_committee: unit.committee.clone(),
        // Heads of a room lead; one in nine works outside the political system.
        leadership_post: Some(JOBS[i % JOBS.len()].contains("Trưởng phòng")),
        political_system: Some(i % 9 != 8),
        ..base
    }
}

fn personalised(mut content: Content, unit: &Unit, i: usize) -> Content {
    let year = content.year.to_string();
    content.profile = member_of(unit, i);
    // Plans and commitments in February, the review in December (the day it is signed).
    let month = if content.template.year_end { 12 } else { 2 };
    content.date = NaiveDate::from_ymd_opt(content.year, month, 10 + (i % 15) as u32).unwrap_or(content.date);
    content.answers.insert("nhiem_vu".into(), Answer::Text(DUTIES[i % DUTIES.len()].replace("{year}", &year)));
    if content.template.section("dao_duc").is_some() {
        content.answers.insert("dao_duc".into(), Answer::Text(ETHICS[i % ETHICS.len()].into()));
    }
    if content.template.form.is_some() {
        reviewed(&mut content, i);
    }
    content
}

/// Member `i`'s review: on the form their profile fits, with points that
/// vary from member to member and the best level they allow (one in four
/// proposes a level lower than the points allow, as a member may).
fn reviewed(content: &mut Content, i: usize) {
    let forms = crate::template::shipped_forms(&content.template.kind);
    if let Some(t) = crate::template::pick_form(&forms, &content.profile, None) {
        content.template = t.for_year(content.year);
    }
    let template = content.template.clone();
    content.answers.retain(|section, _| template.section(section).is_some());
    let Some(points) = content.template.sections.iter().find(|s| s.kind == crate::template::SectionKind::Points) else {
        return;
    };
    // From full marks down by a step that walks through every level.
    let drop = [0.05, 0.12, 0.2, 0.28, 0.35, 0.45, 0.55][i % 7];
    let scores: std::collections::BTreeMap<String, String> = points
        .groups
        .iter()
        .flat_map(|g| &g.criteria)
        .map(|c| {
            let halves = crate::points::halves_of(c.max * (1.0 - drop));
            (c.id.clone(), crate::points::show(halves))
        })
        .collect();
    let (points_id, choice) =
        (points.id.clone(), content.template.sections.iter().find(|s| s.levels_from.is_some()).cloned());
    content.answers.insert(points_id, Answer::Points(scores));
    if let Some(choice) = choice {
        let allowed = content.allowed_level(&choice).unwrap_or(0);
        let level = (allowed + usize::from(i % 4 == 3)).min(choice.options.len() - 1);
        content.answers.insert(choice.id.clone(), Answer::Text(choice.options[level].clone()));
    }
}

/// A file as a member would send it.
pub struct SentFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The most members the fictional branch has: their names never repeat.
pub const MAX_MEMBERS: usize = 1400;

/// The signed, sealed PDFs of `members` fictional members for `year`: both
/// documents of each, 2 × `members` files.
pub fn branch(year: i32, members: usize) -> Result<Vec<SentFile>> {
    unit_branch(&Unit::default(), year, members, false)
}

/// The files of `unit`'s members, the year-end review too when asked.
pub fn unit_branch(unit: &Unit, year: i32, members: usize, with_review: bool) -> Result<Vec<SentFile>> {
    crate::dates::check_year(year)?;
    if members > MAX_MEMBERS {
        return Err(crate::Error::invalid(
            "members",
            format!("Chi bộ giả định có tối đa {MAX_MEMBERS} đảng viên (tên không lặp lại); hãy chọn số nhỏ hơn."),
        ));
    }
    if with_review && !crate::demo::has_review(year) {
        return Err(crate::Error::invalid(
            "year",
            format!(
                "Bản kiểm điểm theo Hướng dẫn 43-HD/BTCTW có từ kỳ kiểm điểm năm 2025; năm {year} không có bản mẫu."
            ),
        ));
    }
    let kinds: &[&str] = if with_review { &["ke-hoach", "cam-ket", "kiem-diem"] } else { &["ke-hoach", "cam-ket"] };
    let mut files = Vec::with_capacity(members * kinds.len());
    for i in 0..members {
        for kind in kinds {
            files.push(unit_file(unit, year, i, kind, 10 + (i % 7) as i64, &unit.key(year, i))?);
        }
    }
    Ok(files)
}

/// Member `i`'s key: the same on every run.
pub fn member_key(year: i32, i: usize) -> MemberKey {
    Unit::default().key(year, i)
}

/// Member `i`'s document of `kind`, as signed at `revision` with `key`.
pub fn member_file(year: i32, i: usize, kind: &str, revision: i64, key: &MemberKey) -> Result<SentFile> {
    unit_file(&Unit::default(), year, i, kind, revision, key)
}

/// Member `i` of `unit`'s document of `kind`, as signed at `revision` with `key`.
pub fn unit_file(unit: &Unit, year: i32, i: usize, kind: &str, revision: i64, key: &MemberKey) -> Result<SentFile> {
    // Plans and commitments are signed in February, the review in December.
    let (content, month, n) = match kind {
        "cam-ket" => (commitment(year), 2, 2),
        "kiem-diem" => (crate::demo::review(year), 12, 1),
        _ => (plan(year), 2, 1),
    };
    let content = personalised(content, unit, i);
    let signed_at = format!("{year}-{month:02}-{:02}T0{n}:{:02}:{:02}.000Z", 10 + i % 15, i % 60, revision % 60);
    let bytes = record::write(&NewRecord {
        kind,
        revision,
        signed_at: &signed_at,
        content: &content,
        signature_png: None,
        public_key: &key.public(),
        branch_key: None,
        certificate: None,
    })?;
    let record = record::read(&bytes)?;
    let pdf = crate::seal::signed_pdf(&record, &key.sign(&bytes), None, key)?;
    Ok(SentFile { file_name: record.file_name(), bytes: pdf })
}
