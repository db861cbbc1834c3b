//! The printed documents, read back from the PDF bytes: text, fonts, page
//! size and the layout rules of forms.md §7.

mod common;

use camket::demo;
use camket::document::{Answer, Content};
use camket::render::{render, Mark};
use camket::signature::SignatureImage;
use chrono::Datelike;
use common::*;
use std::collections::BTreeMap;
use std::process::Command;

const MM: f32 = 72.0 / 25.4;

fn this_year() -> i32 {
    chrono::Local::now().date_naive().year()
}

fn draft(content: &Content) -> Vec<u8> {
    render(content, &Mark::Draft).unwrap()
}

#[test]
fn demo_command_writes_the_three_documents_with_the_exact_text() {
    let dir = temp_dir();
    // The year is fixed: which regulations a document cites depends on it.
    let out = Command::new(env!("CARGO_BIN_EXE_camket"))
        .args(["demo", "--year", "2026", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8(out.stdout).unwrap();
    for (name, pages) in [("ke-hoach-ca-nhan", 2), ("ban-cam-ket", 3), ("kiem-diem", 3)] {
        let path = dir.path().join(format!("{name}.pdf"));
        assert!(printed.contains(&path.display().to_string()), "path printed: {printed}");
        let pdf = std::fs::read(&path).unwrap();
        let golden = std::fs::read_to_string(format!("tests/golden/{name}.txt")).unwrap();
        if std::env::var_os("CAMKET_WRITE_GOLDEN").is_some() {
            std::fs::write(format!("tests/golden/{name}.txt"), pdf_text(&pdf).replace("2026", "{year}")).unwrap();
        }
        let expected = golden.replace("{year}", "2026");
        assert_eq!(pdf_text(&pdf), expected, "extracted text of {name}.pdf");
        assert!(pdf.len() <= 45 * 1024, "{name}.pdf is {} bytes", pdf.len());
        assert_eq!(page_count(&pdf), pages, "{name}.pdf pages");
    }
}

#[test]
fn fonts_are_embedded_subsets_and_pages_are_a4() {
    let pdf = draft(&demo::commitment(this_year()));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let mut fonts = Vec::new();
    for (_, obj) in doc.objects.iter() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice()) {
            let name = String::from_utf8(dict.get(b"FontName").unwrap().as_name().unwrap().to_vec()).unwrap();
            assert!(dict.has(b"FontFile2"), "{name} is embedded");
            fonts.push(name);
        }
    }
    fonts.sort();
    assert_eq!(fonts.len(), 3, "regular, bold and italic are used: {fonts:?}");
    for name in &fonts {
        let (tag, base) = name.split_once('+').expect("subset fonts carry a tag");
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "{name}");
        assert!(base.starts_with("Tinos"), "{name}");
    }
    for (_, page) in doc.get_pages() {
        let media =
            doc.get_object(page).unwrap().as_dict().unwrap().get(b"MediaBox").unwrap().as_array().unwrap().clone();
        let w = media[2].as_float().unwrap();
        let h = media[3].as_float().unwrap();
        assert!((w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5, "A4: {w} x {h}");
    }
}

/// The rules of Hướng dẫn 36-HD/VPTW every document follows: the header,
/// the title centred (from `first` to `last` word of its first line), the
/// margins, the sizes, page numbers from page 2, the draft mark in the footer.
fn party_document_rules(pdf: &[u8], first: &str, last: &str) {
    let words = pdf_words(pdf);
    let page1: Vec<&Word> = words.iter().filter(|w| w.page == 1).collect();
    let find = |text: &str| page1.iter().find(|w| w.text == text).copied().unwrap_or_else(|| panic!("{text}"));

    // Party name top right, size 15 (box height ≈ size), with the date line below it.
    let party = find("CỘNG");
    assert!(party.x_min > 105.0 * MM, "party name on the right: {}", party.x_min);
    let date = find("Hà");
    assert!(date.y_min > party.y_max && date.x_min > 100.0 * MM);
    // The issuing body on the left, in capitals.
    let body = find("BỘ");
    assert!(body.x_max < 105.0 * MM && body.y_min < 40.0 * MM);
    // Title centred.
    let title = find(first);
    let title_end = find(last);
    let centre = (title.x_min + title_end.x_max) / 2.0;
    let text_centre = (30.0 + (210.0 - 15.0)) / 2.0 * MM;
    assert!((centre - text_centre).abs() < 2.0, "title centre {centre} vs {text_centre}");
    for w in words.iter() {
        assert!(w.x_min >= 30.0 * MM - 0.5, "left margin: {w:?}");
        assert!(w.x_max <= (210.0 - 15.0) * MM + 0.5, "right margin: {w:?}");
    }
    // Sizes, from the word boxes (Tinos: ascent 891 + descent 216 per 1000 units).
    let size = |w: &Word| (w.y_max - w.y_min) / 1.107;
    assert!((size(party) - 15.0).abs() < 0.2, "party name size {}", size(party));
    assert!((size(title) - 15.0).abs() < 0.2, "title size {}", size(title));
    assert!((size(date) - 14.0).abs() < 0.2, "date size {}", size(date));
    // Margins: everything but the page number and the footer mark lies inside 20 mm top and bottom.
    for w in words.iter().filter(|w| w.text != "Bản" && w.text != "nháp" && w.y_max > 20.0 * MM) {
        assert!(w.y_min >= 20.0 * MM - 0.5 && w.y_max <= (297.0 - 20.0) * MM + 0.5, "top/bottom margin: {w:?}");
    }
    // Page numbers: none on page 1, centred at the top from page 2.
    let top_words = |p: usize| words.iter().filter(|w| w.page == p && w.y_max < 20.0 * MM).cloned().collect::<Vec<_>>();
    assert!(top_words(1).is_empty(), "{:?}", top_words(1));
    for p in 2..=page_count(pdf) {
        let n = top_words(p);
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].text, p.to_string());
        assert!(((n[0].x_min + n[0].x_max) / 2.0 - text_centre).abs() < 2.0);
    }
    // The draft mark in the footer (the bottom margin) of every page.
    for p in 1..=page_count(pdf) {
        let footer: Vec<&str> =
            words.iter().filter(|w| w.page == p && w.y_min > (297.0 - 20.0) * MM).map(|w| w.text.as_str()).collect();
        assert_eq!(footer, ["Bản", "nháp"], "page {p}");
    }
}

#[test]
fn layout_follows_the_party_document_rules() {
    let pdf = draft(&demo::plan(this_year()));
    party_document_rules(&pdf, "KẾ", "NHÂN");
    let words = pdf_words(&pdf);
    let page1: Vec<&Word> = words.iter().filter(|w| w.page == 1).collect();
    let find = |text: &str| page1.iter().find(|w| w.text == text).copied().unwrap_or_else(|| panic!("{text}"));
    // Justified body: lines of a long paragraph end at the right margin.
    let line_ends: Vec<f32> = page1.iter().filter(|w| w.text == "tổ" || w.text == "hằng").map(|w| w.x_max).collect();
    assert!(line_ends.iter().any(|&x| (x - 195.0 * MM).abs() < 1.0), "justified: {line_ends:?}");
    let size = |w: &Word| (w.y_max - w.y_min) / 1.107;
    assert!((size(find("Kiên")) - 14.0).abs() < 0.2, "body size");
    // Body line spacing between 1.15 and 1.3, and a first-line indent of about 1 cm.
    let kien = find("Kiên");
    let next_line = page1.iter().filter(|w| w.y_min > kien.y_min + 1.0).map(|w| w.y_min).fold(f32::MAX, f32::min);
    let spacing = (next_line - kien.y_min) / 14.0;
    assert!((1.15..=1.3).contains(&spacing), "line spacing {spacing}");
    assert!((kien.x_min - 40.0 * MM).abs() < 0.5, "first-line indent: {}", kien.x_min / MM);
    let wrapped = page1.iter().find(|w| w.text == "tưởng" && w.y_min > kien.y_min).unwrap();
    assert!((wrapped.x_min - 30.0 * MM).abs() < 0.5, "following lines start at the margin");
}

#[test]
fn the_review_follows_the_same_rules_with_its_points_rating_and_signatures() {
    let review = demo::review(this_year());
    let pdf = draft(&review);
    party_document_rules(&pdf, "BẢN", "NHÂN");
    let text = pdf_text(&pdf);
    // The national form's headings, in order.
    let mut at = 0;
    for expected in [
        "Mẫu 2A-HD KĐ.ĐG 2025",
        "BẢN KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CÁ NHÂN",
        "A. NỘI DUNG KIỂM ĐIỂM",
        "I. Ưu điểm, kết quả đạt được",
        "II. Hạn chế, khuyết điểm và nguyên nhân",
        "III. Kết quả khắc phục những hạn chế, khuyết điểm",
        "VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm",
        "B. NỘI DUNG TỰ ĐÁNH GIÁ, XẾP LOẠI",
        "I. Đánh giá theo các nhóm tiêu chí",
        "Tổng điểm: 86,5/100",
        "II. Đề xuất xếp loại mức chất lượng",
        "Tự đề xuất xếp loại: Hoàn thành tốt nhiệm vụ.",
        "NHẬN XÉT, ĐÁNH GIÁ",
        "NGƯỜI TỰ KIỂM ĐIỂM",
    ] {
        let found = text[at..].find(expected).unwrap_or_else(|| panic!("{expected} after {at} in {text}"));
        at += found + expected.len();
    }
    // The printed group points add up to the total printed.
    let words = pdf_words(&pdf);
    let sums: Vec<f32> = words
        .iter()
        .filter_map(|w| w.text.strip_suffix("/30").or_else(|| w.text.strip_suffix("/70")))
        .map(|n| n.replace(',', ".").parse::<f32>().unwrap())
        .collect();
    assert_eq!(sums, [27.5, 59.0]);
    assert!(text.contains(&format!("Tổng điểm: {}/100", (sums[0] + sums[1]).to_string().replace('.', ","))));
    // The points table is whole on one page, with the total after it.
    let page_of = |t: &str| words.iter().find(|w| w.text == t).map(|w| w.page).unwrap_or_else(|| panic!("{t}"));
    assert_eq!(page_of("27,5/30"), page_of("59/70"));
    assert_eq!(page_of("59/70"), page_of("86,5/100"));
    // The signature blocks side by side on the last page, the name under the right one.
    let last = page_count(&pdf);
    let on_last = |t: &str| words.iter().find(|w| w.page == last && w.text == t).unwrap_or_else(|| panic!("{t}"));
    let (left, right) = (on_last("NHẬN"), on_last("NGƯỜI"));
    assert!((left.y_min - right.y_min).abs() < 1.0 && left.x_max < 105.0 * MM && right.x_min > 105.0 * MM);
    assert!(on_last("Hạnh").y_min > right.y_max && on_last("Hạnh").x_min > 105.0 * MM);
}

#[test]
fn signed_version_prints_its_code_instead_of_the_draft_mark() {
    let pdf = render(
        &demo::commitment(this_year()),
        &Mark::Signed {
            code: "7KQ4-M2XA-9TPC".into(),
            signed_at: "2026-02-20T08:30:00.000Z".into(),
            signature: None,
            layout: camket::render::LAYOUT,
        },
    )
    .unwrap();
    let text = pdf_text(&pdf);
    assert_eq!(text.matches("Mã xác thực: 7KQ4-M2XA-9TPC").count(), page_count(&pdf));
    assert!(!text.contains("Bản nháp"));
}

#[test]
fn signature_blocks_move_together_to_the_next_page() {
    let mut moved = 0;
    // Grow the last section line by line until the signatures are pushed over a page break.
    for extra in 0..40 {
        let mut content = demo::commitment(this_year());
        let filler = "Thực hiện nghiêm túc, đầy đủ các nội dung đã cam kết. ".repeat(extra * 2);
        content.answers.insert("khac_phuc".into(), Answer::Text(format!("Khắc phục hạn chế. {filler}")));
        let pdf = draft(&content);
        let words = pdf_words(&pdf);
        let left = page_of(&words, "XÁC NHẬN CỦA CHI BỘ").unwrap();
        let right = page_of(&words, "NGƯỜI CAM KẾT").unwrap();
        let hint = page_of(&words, "(Ký, ghi rõ họ tên)").unwrap();
        // The printed name under the signing space is the last occurrence.
        let name = *pages_of(&words, "Trần Thị Minh Hạnh").last().unwrap();
        assert!(left == right && right == hint && hint == name, "extra {extra}: {left} {right} {hint} {name}");
        let closing = page_of(&words, "Bản cam kết này đồng thời").unwrap();
        assert_eq!(closing, left, "the closing sentence stays with the signatures");
        let before = page_of(&words, "Khắc phục hạn chế.").unwrap();
        if left > before {
            moved += 1;
        }
    }
    assert!(moved > 0, "some lengths push the signatures to a new page");
}

#[test]
fn table_header_repeats_on_each_page() {
    let mut content = demo::plan(this_year());
    let rows: Vec<BTreeMap<String, String>> = (1..=40)
        .map(|i| {
            BTreeMap::from([
                ("noi_dung".to_string(), format!("Việc số {i} cần làm trong năm")),
                ("bien_phap".to_string(), "Theo dõi hằng tuần, báo cáo chi ủy".to_string()),
                ("thoi_gian".to_string(), "Cả năm".to_string()),
            ])
        })
        .collect();
    content.answers.insert("bang_viec".into(), Answer::Rows(rows));
    let pdf = draft(&content);
    let words = pdf_words(&pdf);
    let first = page_of(&words, "Việc số 1 cần").unwrap();
    let last = page_of(&words, "Việc số 40 cần").unwrap();
    assert!(last > first);
    for p in first..=last {
        assert!(page_text(&words, p).contains("Biện pháp thực hiện"), "header on page {p}");
    }
}

#[test]
fn decomposed_input_prints_exactly_like_composed_input() {
    use unicode_normalization::UnicodeNormalization;
    let nfc = demo::commitment(this_year());
    let mut nfd = nfc.clone();
    nfd.profile.full_name = nfc.profile.full_name.nfd().collect();
    for answer in nfd.answers.values_mut() {
        if let Answer::Text(t) = answer {
            *t = t.nfd().collect();
        }
    }
    assert_ne!(nfd.profile.full_name, nfc.profile.full_name);
    assert_eq!(pdf_text(&draft(&nfd)), pdf_text(&draft(&nfc)));
}

#[test]
fn an_unprintable_character_is_named_with_its_section() {
    let mut content = demo::commitment(this_year());
    content.answers.insert("dao_duc".into(), Answer::Text("Sống giản dị 😀 trung thực".into()));
    let err = render(&content, &Mark::Draft).unwrap_err();
    assert_eq!(err.code(), "unprintable");
    assert_eq!(
        err.to_string(),
        "Mục “2. Về phẩm chất đạo đức, lối sống” có biểu tượng cảm xúc (emoji) “😀” (U+1F600), không in được bằng phông chữ của văn bản (ở đoạn “Sống giản dị 😀 trung thực”). Hãy xóa hoặc thay ký tự này."
    );
    // The same words in two cells of a table: one entry, not two alike.
    let mut review = demo::review(this_year());
    let Some(Answer::Rows(rows)) = review.answers.get_mut("khac_phuc") else { panic!("the review has its table") };
    for row in rows.iter_mut().take(2) {
        for value in row.values_mut() {
            *value = "Đã khắc phục ☃".into();
        }
    }
    let listed: Vec<String> = review.unprintable().into_iter().map(|(_, e)| e.to_string()).collect();
    assert_eq!(listed.len(), 1, "{listed:?}");
}

#[test]
fn unverified_topics_are_never_printed() {
    let text = pdf_text(&draft(&demo::commitment(this_year())));
    for item in camket::reference::reference().nq04.iter() {
        assert!(!text.contains(item.text.trim_end_matches('.')), "{}", item.id);
    }
    assert!(text.contains("27 biểu hiện"));
}

/// A pad-like PNG: a blue stroke on a transparent background.
fn drawn_signature() -> Vec<u8> {
    let (w, h) = (400u32, 160u32);
    let mut rgba = vec![0u8; (w * h * 4) as usize];
    for x in 40..360 {
        let y0 = 40 + (x - 40) * 80 / 320;
        for y in y0..y0 + 12 {
            let i = ((y * w + x) * 4) as usize;
            rgba[i..i + 4].copy_from_slice(&[20, 40, 160, 255]);
        }
    }
    SignatureImage { width: w, height: h, rgba }.to_png().unwrap()
}

/// Pixels of a page rendered by poppler at `dpi`, as RGB rows.
fn page_pixels(pdf: &[u8], page: usize, dpi: u32) -> (u32, u32, Vec<u8>) {
    let dir = temp_dir();
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, pdf).unwrap();
    let out = dir.path().join("page");
    let n = page.to_string();
    let status = Command::new("pdftoppm")
        .args(["-png", "-singlefile", "-r", &dpi.to_string(), "-f", &n, "-l", &n])
        .arg(&input)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let file = std::fs::read(dir.path().join("page.png")).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(file)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    (info.width, info.height, buf)
}

#[test]
fn the_signature_image_prints_in_the_signing_space_above_the_name() {
    let signature = SignatureImage::from_png(&drawn_signature()).unwrap();
    let mark = Mark::Signed {
        code: "7KQ4-M2XA-9TPC".into(),
        signed_at: "2026-02-20T08:30:00.000Z".into(),
        signature: Some(signature),
        layout: camket::render::LAYOUT,
    };
    let pdf = render(&demo::commitment(this_year()), &mark).unwrap();
    assert_eq!(
        pdf_text(&pdf),
        pdf_text(
            &render(
                &demo::commitment(this_year()),
                &Mark::Signed {
                    code: "7KQ4-M2XA-9TPC".into(),
                    signed_at: "2026-02-20T08:30:00.000Z".into(),
                    signature: None,
                    layout: camket::render::LAYOUT,
                }
            )
            .unwrap()
        ),
        "the image adds no text"
    );

    let words = pdf_words(&pdf);
    let page = page_of(&words, "(Ký, ghi rõ họ tên)").unwrap();
    let hint = words.iter().find(|w| w.page == page && w.text == "(Ký,").unwrap();
    let name = words.iter().rfind(|w| w.page == page && w.text == "Trần").unwrap();
    let dpi = 72;
    let (width, height, pixels) = page_pixels(&pdf, page, dpi);
    // Where the blue ink landed, in points.
    let (mut top, mut bottom, mut left, mut right) = (f32::MAX, 0.0f32, f32::MAX, 0.0f32);
    let mut ink = Vec::new();
    for y in 0..height {
        for x in 0..width {
            let i = ((y * width + x) * 3) as usize;
            let (r, g, b) = (pixels[i], pixels[i + 1], pixels[i + 2]);
            if b > 120 && r < 90 && g < 110 {
                let (px, py) = (x as f32, y as f32);
                ink.push((px, py));
                top = top.min(py);
                bottom = bottom.max(py);
                left = left.min(px);
                right = right.max(px);
            }
        }
    }
    assert!(top < bottom, "the signature is drawn on the page of the signatures");
    assert!(top > hint.y_max && bottom < name.y_min, "between the hint and the name: {top}..{bottom}");
    assert!(left > 105.0 * MM && right < (210.0 - 15.0) * MM, "in the right column: {left}..{right}");
    let centre = (left + right) / 2.0;
    let name_centre = (name.x_min + words.iter().rfind(|w| w.page == page && w.text == "Hạnh").unwrap().x_max) / 2.0;
    assert!((centre - name_centre).abs() < 3.0, "centred over the name: {centre} vs {name_centre}");
    // The stroke keeps its shape: 320 × 92 pixels scaled into at most 60 × 22 mm.
    let (w, h) = (right - left, bottom - top);
    assert!(w <= 60.0 * MM + 1.0 && h <= 22.0 * MM + 1.0, "{w} x {h}");
    assert!(((w / h) - 320.0 / 92.0).abs() < 0.25, "aspect ratio kept: {w} x {h}");
    // Not mirrored: the stroke goes down from left to right, as drawn.
    let mean_y = |from: f32, to: f32| {
        let ys: Vec<f32> = ink.iter().filter(|(x, _)| *x >= from && *x <= to).map(|(_, y)| *y).collect();
        ys.iter().sum::<f32>() / ys.len() as f32
    };
    assert!(mean_y(left, left + w / 4.0) < mean_y(right - w / 4.0, right), "drawn the right way up");
}

#[test]
fn long_unit_names_wrap_to_two_balanced_lines_each_in_the_header() {
    let mut content = demo::plan(2026);
    content.profile.party_committee = "Đảng bộ Sở Tài chính tỉnh Nam Định".into();
    content.profile.branch = "Chi bộ Phòng Quản lý ngân sách".into();
    let words = pdf_words(&draft(&content));
    let party = words.iter().find(|w| w.page == 1 && w.text == "CỘNG").unwrap();
    let title_top = words.iter().find(|w| w.text == "KẾ").unwrap().y_min;
    // The left column: what is left of "ĐẢNG CỘNG SẢN VIỆT NAM" and above the title.
    let mut lines: Vec<(i32, Vec<&str>)> = Vec::new();
    for w in words.iter().filter(|w| w.page == 1 && w.y_max < title_top && w.x_max < party.x_min - 40.0) {
        let y = w.y_min.round() as i32;
        match lines.iter_mut().find(|(ly, _)| (ly - y).abs() < 3) {
            Some((_, l)) => l.push(&w.text),
            None => lines.push((y, vec![&w.text])),
        }
    }
    let lines: Vec<String> = lines.into_iter().map(|(_, l)| l.join(" ")).collect();
    assert_eq!(
        lines,
        ["ĐẢNG BỘ SỞ TÀI CHÍNH", "TỈNH NAM ĐỊNH", "CHI BỘ PHÒNG QUẢN LÝ NGÂN SÁCH", "*"],
        "four lines with the star, not five"
    );
}

/// The walkthrough's "ĐẢNG BỘ SỞ NỘI VỤ TỈNH NINH BÌNH" ran to about 2 mm of
/// "ĐẢNG CỘNG SẢN VIỆT NAM": over long real names of committees and
/// branches (provinces, ministries, corporations), in every kind of
/// document, the header's two columns keep at least 5 mm between them, on
/// the party's line and on the date line.
#[test]
fn the_header_columns_keep_their_gap_over_long_real_names() {
    const MM: f32 = 72.0 / 25.4;
    let names = [
        ("Đảng bộ Sở Nội vụ tỉnh Ninh Bình", "Chi bộ Văn phòng Sở"),
        ("Đảng bộ Bộ Nông nghiệp và Phát triển nông thôn", "Chi bộ Vụ Tổ chức cán bộ"),
        ("Đảng bộ Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam", "Chi bộ Ban Kiểm soát nội bộ"),
        ("Đảng bộ Tổng công ty Đường sắt Việt Nam", "Chi bộ Phòng Tổ chức cán bộ và Lao động tiền lương"),
        ("Đảng bộ Khối các cơ quan tỉnh Bà Rịa - Vũng Tàu", "Chi bộ Sở Thông tin"),
        ("Đảng bộ Cục Văn thư và Lưu trữ nhà nước", "Chi bộ Trung tâm Lưu trữ quốc gia III"),
    ];
    for (committee, branch) in names {
        for mut content in [demo::plan(2026), demo::commitment(2026), demo::review(2026)] {
            content.profile.party_committee = committee.into();
            content.profile.branch = branch.into();
            let words: Vec<Word> = pdf_words(&draft(&content)).into_iter().filter(|w| w.page == 1).collect();
            let line_of = |y: f32| {
                let mut line: Vec<&Word> = words.iter().filter(|w| (w.y_min - y).abs() < 3.0).collect();
                line.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
                line
            };
            // The party's line: what stands left of "ĐẢNG" of "ĐẢNG CỘNG SẢN".
            let cong = words.iter().position(|w| w.text == "CỘNG").unwrap();
            let party = &words[cong - 1];
            let line = line_of(party.y_min);
            let at = line.iter().position(|w| std::ptr::eq(*w, party)).unwrap();
            assert!(at > 0, "{committee}: the committee's first line beside the party's name");
            let gap = party.x_min - line[at - 1].x_max;
            assert!(gap >= 5.0 * MM - 1.0, "{committee} ({}): {:.1} mm", content.template.kind, gap / MM);
            // The date line: its first word is the place's.
            let place = content.profile.place.split_whitespace().next().unwrap().to_string();
            let month = words.iter().find(|w| w.text == "tháng").unwrap();
            let line = line_of(month.y_min);
            let first = line.iter().position(|w| w.text == place).unwrap();
            if first > 0 {
                let gap = line[first].x_min - line[first - 1].x_max;
                assert!(gap >= 5.0 * MM - 1.0, "{committee}, date line: {:.1} mm", gap / MM);
            }
        }
    }
}

#[test]
fn a_last_page_with_little_more_than_the_signatures_is_spared_by_single_spacing() {
    // Laid out as layout 2 did, the demo plan's last page held only its last
    // section and the signatures, the commitment's only its two-line closing
    // sentence and the signatures. From layout 3 the text is set single
    // spaced with half the space between paragraphs (both within Hướng dẫn
    // 36's ranges) when that saves the page; otherwise nothing changes.
    let as_layout = |content: &Content, layout: u32| {
        let mark = Mark::Signed {
            code: "7KQ4-M2XA-9TPC".into(),
            signed_at: "2026-02-20T08:30:00.000Z".into(),
            signature: None,
            layout,
        };
        render(content, &mark).unwrap()
    };
    let line_step = |pdf: &[u8], first: &str, second: &str| {
        let words = pdf_words(pdf);
        let y = |t: &str| words.iter().find(|w| w.page == 1 && w.text == t).unwrap().y_min;
        y(second) - y(first)
    };
    let plan = demo::plan(2026);
    let before = as_layout(&plan, 2);
    assert_eq!(page_count(&before), 3);
    assert!(page_text(&pdf_words(&before), 3).trim_start_matches("3 ").starts_with("III. TỔ CHỨC THỰC HIỆN"));
    let now = as_layout(&plan, camket::render::LAYOUT);
    assert_eq!(page_count(&now), 2, "the plan on two pages");
    assert_eq!(pdf_text(&now).matches("Mã xác thực").count(), 2);
    // "Họ và tên" and "Ngày sinh" are consecutive lines: single spaced now.
    let (old, new) = (line_step(&before, "Họ", "Ngày"), line_step(&now, "Họ", "Ngày"));
    assert!((old - 14.0 * 1.2).abs() < 0.3 && (new - 14.0 * 1.15).abs() < 0.3, "{old} → {new}");
    // The commitment's page 2 is full: single spacing cannot hold its
    // closing sentence and the signatures (some 30 pt short), so it keeps
    // its spacing and its third page, which starts with that sentence.
    let commitment = as_layout(&demo::commitment(2026), camket::render::LAYOUT);
    assert_eq!(page_count(&commitment), 3);
    assert!(page_text(&pdf_words(&commitment), 3).trim_start_matches("3 ").starts_with("Bản cam kết này đồng thời"));
    assert!((line_step(&commitment, "Họ", "Ngày") - 14.0 * 1.2).abs() < 0.3);
}

/// "In…" prints SVG pages drawn from the same layout as the PDF: as many,
/// A4, each word of the PDF's text in them, typed markup only as text.
#[test]
fn the_printed_pages_are_the_pdfs_pages_as_vectors() {
    let mut content = demo::plan(2026);
    content.answers.insert("phong_cach".into(), Answer::Text("Giữ <b>nếp</b> & \"lối sống\" giản dị.".into()));
    let mark = Mark::Draft;
    let pdf = render(&content, &mark).unwrap();
    let svgs = camket::render::svg_pages(&content, &mark).unwrap();
    assert_eq!(svgs.len(), page_count(&pdf));
    assert!(svgs.iter().all(|s| s.starts_with("<svg") && s.contains(r#"width="210.00mm" height="297.00mm""#)));
    let all = svgs.join("");
    assert!(
        all.contains("Giữ </tspan>")
            && all.contains("&lt;b&gt;nếp&lt;/b&gt; </tspan>")
            && all.contains("&amp; </tspan>")
    );
    assert!(!all.contains("<b>"), "typed markup is text");
    // Every word the PDF prints is in the pages, in the faces' names.
    let words: std::collections::HashSet<String> = all
        .split("<tspan")
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(_, r)| r.split("</tspan>").next().unwrap_or("").to_string()))
        .map(|w| w.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", "\""))
        .flat_map(|w| w.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    for w in pdf_text(&pdf).split_whitespace() {
        assert!(words.contains(w) || w.chars().all(|c| c.is_ascii_digit()), "{w:?} not in the printed pages");
    }
}

/// A long place name wraps the date line; layout 3 cut the committee's
/// words then ("ĐẢN G", one letter a line). Whole words, and the date's
/// lines keep their distance too.
#[test]
fn a_long_place_name_never_cuts_the_header_words() {
    for place in ["Phường Sài Gòn, Thành phố Hồ Chí Minh", "Xã Phước Vĩnh An, huyện Củ Chi, Thành phố Hồ Chí Minh"]
    {
        let mut content = demo::plan(2026);
        content.profile.place = place.into();
        content.profile.party_committee = "Đảng bộ Sở Nội vụ tỉnh Ninh Bình".into();
        let words = pdf_words(&draft(&content));
        let committee = content.profile.party_committee.to_uppercase();
        let expected: Vec<&str> = committee.split_whitespace().collect();
        let first: Vec<&str> = words.iter().take(expected.len()).map(|w| w.text.as_str()).collect();
        assert_eq!(first, expected, "{place}");
    }
}
