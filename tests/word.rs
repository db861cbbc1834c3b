//! Word in and out: every document exported as .docx and read back by our
//! importer gives the same sections; Word files of several shapes (typed
//! and automatic numbering, merged header cells, tracked changes, a text
//! box, two documents in one file, other kinds of file) come in section by
//! section with nothing silently dropped.

use camket::document::{Answer, Content};
use camket::render::Mark;
use camket::word::map::{map, Mapped};
use camket::word::read::{blocks, Block};

fn round_trip(content: &Content) -> Mapped {
    let docx = camket::word::docx(content, &Mark::Draft).unwrap();
    map(&blocks(&docx).unwrap(), &content.template, content.year)
}

/// The sections a content prints as text or rows, as the importer would give them back.
fn expected(content: &Content) -> Vec<(String, Answer)> {
    content
        .template
        .sections
        .iter()
        .filter_map(|s| content.answers.get(&s.id).map(|a| (s.id.clone(), a.clone())))
        .filter(|(_, a)| {
            matches!(a, Answer::Text(t) if !t.trim().is_empty()) || matches!(a, Answer::Rows(r) if !r.is_empty())
        })
        .collect()
}

#[test]
fn every_exported_document_comes_back_with_the_same_sections() {
    for content in [camket::demo::plan(2026), camket::demo::commitment(2026)] {
        let back = round_trip(&content);
        let want = expected(&content);
        for (id, answer) in &want {
            let got = back.sections.iter().find(|(s, _)| s == id).map(|(_, a)| a);
            assert_eq!(got, Some(answer), "{}: section {id}", content.template.kind);
        }
        assert!(back.unplaced.is_empty(), "{}: not placed: {:?}", content.template.kind, back.unplaced);
        assert!(back.second_document.is_none());
        assert!(
            back.profile.iter().any(|(f, v)| f == "full_name" && *v == content.profile.full_name),
            "{:?}",
            back.profile
        );
    }
}

/// A .docx made of `body` (the XML inside `<w:body>`), as Word writes one:
/// the package's parts, numbering for automatic lists.
fn docx_of(body: &str) -> Vec<u8> {
    use std::io::Write;
    let ns = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape""#;
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
        ("word/_rels/document.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#.to_string()),
        ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {ns}><w:body>{body}</w:body></w:document>"#)),
    ];
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A paragraph in Word's automatic numbering: its number is not in the text.
fn numbered(text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn cell(text: &str, props: &str) -> String {
    format!(r#"<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>"#, if text.is_empty() { "<w:p/>".to_string() } else { p(text) })
}

fn plan_template() -> &'static camket::template::Template {
    camket::template::shipped("ke-hoach").unwrap()
}

fn text_of<'a>(m: &'a Mapped, section: &str) -> &'a str {
    match m.sections.iter().find(|(s, _)| s == section) {
        Some((_, Answer::Text(t))) => t,
        other => panic!("{section}: {other:?} in {m:?}"),
    }
}

#[test]
fn headings_typed_in_lower_case_or_numbered_by_word_find_their_sections() {
    let body = [
        p("ĐẢNG BỘ SỞ TÀI CHÍNH"),
        p("Chi bộ Phòng Hành chính"),
        p("*"),
        p("ĐẢNG CỘNG SẢN VIỆT NAM"),
        p("Nam Định, ngày 15 tháng 01 năm 2025"),
        p("KẾ HOẠCH CÁ NHÂN"),
        p("Họ và tên: Lê Thị Hồng"),
        p("i. nội dung học tập"),
        p("Học chuyên đề năm 2025."),
        numbered("NỘI DUNG LÀM THEO"),
        numbered("Về tư tưởng"),
        p("Giữ vững lập trường."),
        p("2) về đạo đức: Sống giản dị, trung thực."),
        p("3. Về phong cách làm việc, ứng xử, lối sống"),
        p("Đúng giờ, tận tụy."),
        p("Một đoạn viết thêm không thuộc mục nào?"),
        p("XÁC NHẬN CỦA CHI BỘ"),
        p("Lê Thị Hồng"),
    ]
    .concat();
    let m = map(&blocks(&docx_of(&body)).unwrap(), plan_template(), 2025);
    assert_eq!(text_of(&m, "hoc_tap"), "Học chuyên đề năm 2025.");
    assert_eq!(text_of(&m, "tu_tuong"), "Giữ vững lập trường.");
    assert_eq!(text_of(&m, "dao_duc"), "Sống giản dị, trung thực.");
    assert_eq!(text_of(&m, "phong_cach"), "Đúng giờ, tận tụy.\nMột đoạn viết thêm không thuộc mục nào?");
    assert_eq!(m.profile, [("full_name".to_string(), "Lê Thị Hồng".to_string())]);
    assert!(m.left_out.iter().any(|l| l == "Nam Định, ngày 15 tháng 01 năm 2025"), "{:?}", m.left_out);
    assert!(m.left_out.iter().any(|l| l == "Lê Thị Hồng"), "the name under the signature: {:?}", m.left_out);
    assert!(m.unplaced.is_empty(), "{:?}", m.unplaced);
}

#[test]
fn a_table_with_merged_header_cells_and_tracked_changes_and_a_text_box() {
    let header = format!(
        "<w:tr>{}{}{}</w:tr><w:tr>{}{}{}{}</w:tr>",
        cell("TT", r#"<w:vMerge w:val="restart"/>"#),
        cell("Nội dung đăng ký làm theo", r#"<w:vMerge w:val="restart"/>"#),
        cell("Thực hiện", r#"<w:gridSpan w:val="2"/>"#),
        cell("", "<w:vMerge/>"),
        cell("", "<w:vMerge/>"),
        cell("Biện pháp thực hiện", ""),
        cell("Thời gian hoàn thành", ""),
    );
    let row = |n: &str, what: &str, how: &str, when: &str| {
        format!("<w:tr>{}{}{}{}</w:tr>", cell(n, ""), cell(what, ""), cell(how, ""), cell(when, ""))
    };
    let tracked = r#"<w:p><w:r><w:t xml:space="preserve">Học tập </w:t></w:r><w:ins w:id="1" w:author="Hồng" w:date="2025-01-10T08:00:00Z"><w:r><w:t xml:space="preserve">chuyên đề năm 2025 </w:t></w:r></w:ins><w:del w:id="2" w:author="Hồng" w:date="2025-01-10T08:00:00Z"><w:r><w:delText xml:space="preserve">năm ngoái </w:delText></w:r></w:del><w:r><w:t>đầy đủ.</w:t></w:r></w:p>"#;
    let text_box = r#"<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="3000000" cy="600000"/><wp:docPr id="1" name="Hộp văn bản 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Nghiên cứu Luật Lưu trữ năm 2024.</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#;
    let body = [
        p("I. NỘI DUNG HỌC TẬP"),
        tracked.to_string(),
        text_box.to_string(),
        format!(
            "<w:tbl>{header}{}{}</w:tbl>",
            row("1", "Số hóa hồ sơ", "Làm theo tuần", "Quý II"),
            row("2", "Tiết kiệm văn phòng phẩm", "In hai mặt", "Cả năm")
        ),
    ]
    .concat();
    let m = map(&blocks(&docx_of(&body)).unwrap(), plan_template(), 2025);
    assert_eq!(
        text_of(&m, "hoc_tap"),
        "Học tập chuyên đề năm 2025 đầy đủ.\nNghiên cứu Luật Lưu trữ năm 2024.",
        "inserted words kept, deleted ones left out, the text box read"
    );
    let Some((_, Answer::Rows(rows))) = m.sections.iter().find(|(s, _)| s == "bang_viec") else { panic!("{m:?}") };
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["noi_dung"], "Số hóa hồ sơ");
    assert_eq!(rows[0]["bien_phap"], "Làm theo tuần");
    assert_eq!(rows[1]["thoi_gian"], "Cả năm");
    assert!(!rows[0].contains_key("tt"), "the number is the table's own");
}

#[test]
fn two_documents_in_one_file_give_the_first_and_say_so() {
    let body = [
        p("KẾ HOẠCH CÁ NHÂN"),
        p("I. NỘI DUNG HỌC TẬP"),
        p("Học chuyên đề."),
        p("BẢN CAM KẾT"),
        p("1. Về tư tưởng"),
        p("Không lấy đoạn này."),
    ]
    .concat();
    let m = map(&blocks(&docx_of(&body)).unwrap(), plan_template(), 2025);
    assert_eq!(text_of(&m, "hoc_tap"), "Học chuyên đề.");
    assert_eq!(m.second_document.as_deref(), Some("BẢN CAM KẾT"));
    assert!(m.sections.iter().all(|(s, _)| s != "tu_tuong"), "{m:?}");
    let said = camket::word::map::preview(&m, plan_template());
    assert!(said.contains("Tệp còn một văn bản thứ hai (“BẢN CAM KẾT”): chỉ lấy văn bản đầu."), "{said}");
    // The commitment first, then the plan: the plan is read, the commitment named.
    let body = [
        p("BẢN CAM KẾT"),
        p("1. Về tư tưởng"),
        p("Của bản cam kết."),
        p("KẾ HOẠCH CÁ NHÂN"),
        p("I. NỘI DUNG HỌC TẬP"),
        p("Học."),
    ]
    .concat();
    let m = map(&blocks(&docx_of(&body)).unwrap(), plan_template(), 2025);
    assert_eq!(m.other_document.as_deref(), Some("BẢN CAM KẾT"));
    assert_eq!(text_of(&m, "hoc_tap"), "Học.");
}

#[test]
fn a_file_of_another_kind_is_named_for_what_it_seems() {
    let said = |bytes: &[u8]| blocks(bytes).unwrap_err().to_string();
    assert!(said(b"%PDF-1.7 ...").starts_with("Đây là tệp PDF"));
    assert!(said(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).contains("Word kiểu cũ (.doc)"));
    assert!(said(b"{\\rtf1 ...").contains("RTF"));
    assert!(said(b"hello").contains("không phải tệp Word"));
    let xlsx = {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        z.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(b"<workbook/>").unwrap();
        z.finish().unwrap().into_inner()
    };
    assert!(said(&xlsx).contains("tệp Excel"));
    assert!(matches!(blocks(&docx_of(&p("x"))).unwrap().as_slice(), [Block::Paragraph(t)] if t == "x"));
}

mod common;

/// A member on first launch brings last year's plan in from its Word file:
/// an unsigned document of that year, marked as brought in; the profile's
/// empty fields take the identity lines; this year's plan starts from it.
#[test]
fn last_years_plan_comes_in_from_word_and_this_years_starts_from_it() {
    let dir = common::temp_dir();
    let mut s = camket::store::Store::open(&dir.path().join("m.sqlite3")).unwrap();
    let last = camket::demo::plan(2025);
    let file = camket::word::docx(&last, &Mark::Draft).unwrap();
    let template = s.template_for(2025, "ke-hoach").unwrap();
    let mapped = camket::word::preview(&template, 2025, &file).unwrap();
    let (id, filled) = camket::word::bring_in(&mut s, 2025, "ke-hoach", mapped.clone(), "ke-hoach-2025.docx").unwrap();
    assert!(filled.contains(&"Họ và tên".to_string()), "{filled:?}");
    assert_eq!(s.profile().unwrap().full_name, last.profile.full_name);
    let info = s.info(id).unwrap();
    assert_eq!((info.brought_from.as_deref(), s.has_records(id).unwrap()), (Some("ke-hoach-2025.docx"), false));
    assert_eq!(s.answers(id).unwrap()["tu_tuong"], last.answers["tu_tuong"]);
    // The table's rows as typed; a column left empty is kept empty.
    let filled_cells = |a: &Answer| match a {
        Answer::Rows(rows) => rows.iter().map(|r| r.iter().filter(|(_, v)| !v.is_empty()).count()).collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    assert_eq!(filled_cells(&s.answers(id).unwrap()["bang_viec"]), filled_cells(&last.answers["bang_viec"]));
    // Once written in, it is never overwritten from a file.
    let again = camket::word::bring_in(&mut s, 2025, "ke-hoach", mapped, "x.docx").unwrap_err().to_string();
    assert!(again.contains("đã có nội dung"), "{again}");
    // This year's plan starts from it, its sections carried.
    let this = camket::writing::start_from_previous(&mut s, 2026, "ke-hoach").unwrap();
    assert_eq!(s.answers(this).unwrap()["tu_tuong"], last.answers["tu_tuong"]);
    assert!(s.carried(this).unwrap().iter().any(|c| c.section == "tu_tuong" && c.from_year == 2025));
}

/// What LibreOffice makes of our Word file: the same words in the same
/// order as our PDF, and, written again as .docx by LibreOffice, the same
/// sections when brought back in.
#[test]
fn libreoffice_reads_our_word_file_as_our_pdf_and_writes_one_we_read() {
    // The plan (its text then its table), the commitment (its text then the signatures).
    for (content, title, end) in [
        (camket::demo::plan(2026), ("KẾ", "HOẠCH"), ("Các", "việc")),
        (camket::demo::commitment(2026), ("BẢN", "CAM"), ("XÁC", "NHẬN")),
    ] {
        libreoffice_round_trip(&content, title, end);
    }
}

fn libreoffice_round_trip(content: &Content, title: (&str, &str), end: (&str, &str)) {
    let dir = common::temp_dir();
    std::fs::write(dir.path().join("ke-hoach.docx"), camket::word::docx(content, &Mark::Draft).unwrap()).unwrap();
    let soffice = |to: &str, out: &str| {
        let done = std::process::Command::new("soffice")
            .args(["--headless", &format!("-env:UserInstallation=file://{}/lo", dir.path().display())])
            .args(["--convert-to", to, "--outdir", out])
            .arg(dir.path().join("ke-hoach.docx"))
            .output()
            .expect("soffice (LibreOffice) runs: make test installs it");
        assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    };
    let pdf_dir = dir.path().join("pdf");
    soffice("pdf", pdf_dir.to_str().unwrap());
    // The footer comes at each page's foot, wherever the pages break.
    let words = |text: String| text.replace("Bản nháp", " ").split_whitespace().map(String::from).collect::<Vec<_>>();
    let theirs = words(common::pdf_text(&std::fs::read(pdf_dir.join("ke-hoach.pdf")).unwrap()));
    let ours = words(common::pdf_text(&camket::render::render(content, &Mark::Draft).unwrap()));
    // From the title to the action table, every word of the text comes in
    // the same order (page numbers aside); the table's and the signatures'
    // words, whose columns are read across by line, are all there. The
    // header's two columns are read across too, and left out.
    let at =
        |w: &[String], first: &str, second: &str| w.windows(2).position(|p| p[0] == first && p[1] == second).unwrap();
    let parts = |w: &[String]| -> (Vec<String>, Vec<String>) {
        let (from, table) = (at(w, title.0, title.1), at(w, end.0, end.1));
        let text = w[from..table].iter().filter(|x| !x.chars().all(|c| c.is_ascii_digit())).cloned().collect();
        let mut rest: Vec<String> =
            w[table..].iter().filter(|x| !x.chars().all(|c| c.is_ascii_digit())).cloned().collect();
        rest.sort();
        (text, rest)
    };
    let ((ours_text, ours_rest), (theirs_text, theirs_rest)) = (parts(&ours), parts(&theirs));
    assert!(ours_text.len() > 250, "{}", ours_text.len());
    // LibreOffice spaces a justified line's letters apart, which pdftotext
    // may read as spaces inside a word, and a hyphen ending a line is taken
    // for a word broken there: the text is compared without spaces or hyphens.
    let (theirs_joined, mut at) = (theirs_text.concat().replace('-', ""), 0);
    for w in ours_text.iter().map(|w| w.replace('-', "")).filter(|w| !w.is_empty()) {
        match theirs_joined[at..].find(w.as_str()) {
            Some(i) => at += i + w.len(),
            None => panic!("“{w}” not found in order after byte {at} of LibreOffice's text"),
        }
    }
    let letters = |w: &[String]| {
        let mut l: Vec<char> = w.concat().chars().collect();
        l.sort();
        l
    };
    assert_eq!(letters(&ours_rest), letters(&theirs_rest), "the table's and the signatures' letters");
    let docx_dir = dir.path().join("docx");
    soffice("docx:MS Word 2007 XML", docx_dir.to_str().unwrap());
    let written = std::fs::read(docx_dir.join("ke-hoach.docx")).unwrap();
    assert_ne!(written, camket::word::docx(content, &Mark::Draft).unwrap(), "LibreOffice wrote its own file");
    let back = map(&blocks(&written).unwrap(), &content.template, content.year);
    for (id, answer) in expected(content) {
        assert_eq!(back.sections.iter().find(|(s, _)| *s == id).map(|(_, a)| a), Some(&answer), "{id}");
    }
    assert!(back.unplaced.is_empty(), "{:?}", back.unplaced);
}

/// A Word file of someone else (another name than the profile's) gives the
/// profile nothing.
#[test]
fn another_persons_file_leaves_the_profile_as_it_is() {
    let dir = common::temp_dir();
    let mut s = camket::store::Store::open(&dir.path().join("m.sqlite3")).unwrap();
    let me = camket::profile::Profile { full_name: "Nguyễn Thị Hồng Nhung".into(), ..Default::default() };
    s.save_profile(&me).unwrap();
    let last = camket::demo::plan(2025);
    let file = camket::word::docx(&last, &Mark::Draft).unwrap();
    let mapped = camket::word::preview(&s.template_for(2025, "ke-hoach").unwrap(), 2025, &file).unwrap();
    let (_, filled) = camket::word::bring_in(&mut s, 2025, "ke-hoach", mapped, "x.docx").unwrap();
    assert!(filled.is_empty(), "{filled:?}");
    assert_eq!(s.profile().unwrap().government_position, "");
}

/// The year-end review is filled from the plan and commitment brought in
/// from Word as it is from signed ones (there is no progress to read).
#[test]
fn the_review_is_filled_from_documents_brought_in_from_word() {
    let dir = common::temp_dir();
    let mut s = camket::store::Store::open(&dir.path().join("m.sqlite3")).unwrap();
    for content in [camket::demo::plan(2025), camket::demo::commitment(2025)] {
        let kind = content.template.kind.clone();
        let file = camket::word::docx(&content, &Mark::Draft).unwrap();
        let mapped = camket::word::preview(&s.template_for(2025, &kind).unwrap(), 2025, &file).unwrap();
        camket::word::bring_in(&mut s, 2025, &kind, mapped, &format!("{kind}.docx")).unwrap();
    }
    let review = camket::writing::document(&mut s, 2025, "kiem-diem").unwrap();
    let answers = s.answers(review).unwrap();
    let commitment = camket::demo::commitment(2025);
    let Some(Answer::Text(quality)) = answers.get("pham_chat") else { panic!("{answers:?}") };
    assert!(quality.contains(commitment.text("tu_tuong").lines().next().unwrap()), "{quality}");
    let Some(Answer::Text(kept)) = answers.get("thuc_hien_cam_ket") else { panic!("{answers:?}") };
    let plan = camket::demo::plan(2025);
    assert!(kept.contains(&plan.rows("bang_viec")[0]["noi_dung"]), "{kept}");
}

/// The review comes back too, its written sections the same.
#[test]
fn the_review_exported_comes_back_with_its_written_sections() {
    let content = camket::demo::review(2026);
    let back = round_trip(&content);
    let texts: Vec<(String, Answer)> =
        expected(&content).into_iter().filter(|(_, a)| matches!(a, Answer::Text(_))).collect();
    assert!(texts.len() >= 5, "{texts:?}");
    for (id, answer) in &texts {
        assert_eq!(back.sections.iter().find(|(s, _)| s == id).map(|(_, a)| a), Some(answer), "section {id}");
    }
}

/// The parts of a Word file, by name.
fn part(docx: &[u8], name_start: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().unwrap().starts_with(name_start) {
            f.read_to_string(&mut out).unwrap();
        }
    }
    out
}

/// A signed version's Word copy says in its footer that it is a copy, with
/// its code; a draft's says "Bản nháp"; pages are numbered from page 2.
#[test]
fn a_signed_versions_word_copy_says_so_in_its_footer() {
    let content = camket::demo::plan(2026);
    let signed = Mark::Signed { code: "ABCD-EFGH-JKMN".into(), signed_at: String::new(), signature: None, layout: 3 };
    let footer = part(&camket::word::docx(&content, &signed).unwrap(), "word/footer");
    assert!(
        footer.contains("Bản sao từ văn bản đã ký (mã xác thực ABCD-EFGH-JKMN); bản PDF đã ký là bản gốc."),
        "{footer}"
    );
    let draft = camket::word::docx(&content, &Mark::Draft).unwrap();
    assert!(part(&draft, "word/footer").contains("Bản nháp"));
    let document = part(&draft, "word/document.xml");
    assert!(document.contains("<w:titlePg"), "the first page's header is its own (no number)");
    assert!(part(&draft, "word/header").contains("PAGE"), "the other pages are numbered");
}

/// The copied text ("Chép nội dung") as a Word file: one paragraph a line.
#[test]
fn the_copied_text_is_saved_as_a_word_file_line_by_line() {
    let text = camket::plain::plain_text(&camket::demo::review(2026));
    let file = camket::word::write::plain_docx(&text).unwrap();
    let lines: Vec<String> = blocks(&file)
        .unwrap()
        .into_iter()
        .map(|b| match b {
            Block::Paragraph(t) => t,
            Block::Table(_) => panic!("no table"),
        })
        .collect();
    assert_eq!(lines, text.lines().map(String::from).collect::<Vec<_>>());
}

/// Last year's file for this year's document: its title and the template's
/// own sentences name last year, and are still the frame, not content.
#[test]
fn last_years_file_comes_into_this_years_template_without_its_frame() {
    for (content, kind) in [(camket::demo::plan(2024), "ke-hoach"), (camket::demo::commitment(2024), "cam-ket")] {
        let file = camket::word::docx(&content, &Mark::Draft).unwrap();
        let template = camket::template::shipped(kind).unwrap().for_year(2025);
        let m = map(&blocks(&file).unwrap(), &template, 2025);
        assert!(m.unplaced.is_empty(), "{kind}: {:?}", m.unplaced);
        for (id, answer) in expected(&content) {
            assert_eq!(m.sections.iter().find(|(s, _)| *s == id).map(|(_, a)| a), Some(&answer), "{kind}: {id}");
        }
    }
}

/// Headings as people number and word them; a heading of no section and
/// what follows it are left for the member to place, never put under the
/// section before.
#[test]
fn headings_numbered_and_worded_in_many_ways() {
    let cases = [
        ("2 . Về đạo đức", "dao_duc"),
        ("2.Về đạo đức", "dao_duc"),
        ("2/ Về đạo đức", "dao_duc"),
        ("2- Về đạo đức", "dao_duc"),
        ("2.2 Về đạo đức", "dao_duc"),
        ("II.2. Về đạo đức", "dao_duc"),
        ("2. Về phẩm chất đạo đức", "dao_duc"),
        ("2. Về đạo đức, lối sống", "dao_duc"),
        ("I- Nội dung học tập:", "hoc_tap"),
        ("I/ NỘI DUNG HỌC TẬP", "hoc_tap"),
        ("I.NỘI DUNG HỌC TẬP", "hoc_tap"),
        ("Phần I. NỘI DUNG HỌC TẬP", "hoc_tap"),
        ("3. Về phong cách làm việc", "phong_cach"),
        ("4. Về thực hiện chức trách, nhiệm vụ", "nhiem_vu"),
        ("5. Khắc phục hạn chế", "khac_phuc"),
    ];
    for (heading, section) in cases {
        let body = [p("1. Về tư tưởng"), p("Trước."), p(heading), p("Nội dung của mục.")].concat();
        let m = map(&blocks(&docx_of(&body)).unwrap(), plan_template(), 2025);
        assert_eq!(text_of(&m, section), "Nội dung của mục.", "{heading}: {m:?}");
        assert_eq!(text_of(&m, "tu_tuong"), "Trước.", "{heading}");
    }
    let body = [
        p("3. Về phong cách: Đúng giờ."),
        p("IV. ĐỀ XUẤT, KIẾN NGHỊ"),
        p("Đề nghị chi bộ mở lớp."),
        p("Nơi nhận:"),
        p("- Chi bộ;"),
    ]
    .concat();
    let m = map(&blocks(&docx_of(&body)).unwrap(), plan_template(), 2025);
    assert_eq!(text_of(&m, "phong_cach"), "Đúng giờ.");
    assert_eq!(m.unplaced, ["IV. ĐỀ XUẤT, KIẾN NGHỊ", "Đề nghị chi bộ mở lớp.", "Nơi nhận:", "- Chi bộ;"]);
}

/// A table whose headers are worded otherwise, with a column the template
/// has not and a group row: each row's cells by column; the rest listed.
#[test]
fn a_table_worded_otherwise_keeps_every_cell() {
    let row = |cells: &[&str]| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| cell(c, "")).collect::<String>());
    let group = format!("<w:tr>{}{}</w:tr>", cell("I", ""), cell("Về học tập", r#"<w:gridSpan w:val="4"/>"#));
    let table = format!(
        "<w:tbl>{}{group}{}</w:tbl>",
        row(&["STT", "Việc đăng ký làm theo", "Biện pháp", "Thời hạn", "Ghi chú"]),
        row(&["1", "Học chuyên đề", "Tự học", "Quý I", "Cùng tổ"]),
    );
    let m = map(&blocks(&docx_of(&table)).unwrap(), plan_template(), 2025);
    let Some((_, Answer::Rows(rows))) = m.sections.iter().find(|(s, _)| s == "bang_viec") else { panic!("{m:?}") };
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0]["noi_dung"].as_str(), rows[0]["bien_phap"].as_str(), rows[0]["thoi_gian"].as_str()),
        ("Học chuyên đề", "Tự học", "Quý I")
    );
    assert_eq!(m.unplaced, ["Về học tập", "Bảng, dòng 2, cột “Ghi chú”: Cùng tổ"]);
}

/// Text inside a content control (a form made from a template); identity
/// lines several on a line, blanks and impossible dates; words like the
/// header's inside the content stay in it.
#[test]
fn content_controls_identity_lines_and_header_words_inside_the_content() {
    let control = format!(
        "<w:sdt><w:sdtPr/><w:sdtContent>{}{}</w:sdtContent></w:sdt>",
        p("1. Về tư tưởng"),
        p("Giữ vững lập trường.")
    );
    let body = [
        p("Họ và tên: NGUYỄN THỊ LAN\tNgày sinh: 31/02/1985; Chức vụ chính quyền: Chuyên viên"),
        p("Chức vụ Đảng: ......"),
        p("I. NỘI DUNG HỌC TẬP"),
        p("CHI BỘ TỔ CHỨC HỌC TẬP CHUYÊN ĐỀ VÀO THÁNG 3."),
        p("Chi bộ: họp ngày 5 hằng tháng."),
        control,
    ]
    .concat();
    let m = map(&blocks(&docx_of(&body)).unwrap(), plan_template(), 2025);
    // Several on a line; a date not on the calendar and a blank of the form give nothing.
    let want = [("full_name", "NGUYỄN THỊ LAN"), ("government_position", "Chuyên viên")];
    assert_eq!(m.profile, want.map(|(f, v)| (f.to_string(), v.to_string())));
    assert_eq!(text_of(&m, "hoc_tap"), "CHI BỘ TỔ CHỨC HỌC TẬP CHUYÊN ĐỀ VÀO THÁNG 3.\nChi bộ: họp ngày 5 hằng tháng.");
    assert_eq!(text_of(&m, "tu_tuong"), "Giữ vững lập trường.");
    assert!(m.unplaced.is_empty(), "{:?}", m.unplaced);
}

/// Word's non-breaking hyphen is kept as a hyphen; an optional one goes.
#[test]
fn a_non_breaking_hyphen_is_kept() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">giai đoạn 2015</w:t><w:noBreakHyphen/><w:t>2020, 04</w:t><w:noBreakHyphen/><w:t>NQ/TW, chỉnh</w:t><w:softHyphen/><w:t>lý</w:t></w:r></w:p>"#;
    assert_eq!(blocks(&docx_of(body)).unwrap(), [Block::Paragraph("giai đoạn 2015-2020, 04-NQ/TW, chỉnhlý".into())]);
}
