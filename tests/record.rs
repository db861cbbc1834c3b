//! Signed records and the PDF that carries them: a record read from its
//! bytes, sealed into a PDF, verified on "another computer" (bytes only),
//! and every kind of tampering refused with its reason.

mod common;

use camket::document::Answer;
use camket::record;
use camket::seal::{self, RECORD_FILE, SEAL_FILE};
use camket::store::{self, Store};

use camket::verify::{verify_bytes, verify_file, Refusal};
use common::*;
use lopdf::{Document, Object, Stream};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// A store with the demo member's signed plan.
fn signed_plan(path: &std::path::Path) -> (Store, i64) {
    let (mut s, id, rev) = filled(path, "ke-hoach");
    camket::writing::sign(&mut s, id, rev, today(), None).unwrap();
    (s, id)
}

/// The PDF with one embedded file's bytes replaced, as someone editing
/// the attachment with a PDF tool would leave it.
fn with_attachment(pdf: &[u8], name: &str, bytes: Vec<u8>) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).unwrap();
    let tree = doc.catalog().unwrap().get(b"Names").unwrap().as_dict().unwrap().get(b"EmbeddedFiles").unwrap();
    let tree = doc.get_dictionary(tree.as_reference().unwrap()).unwrap();
    let list = tree.get(b"Names").unwrap().as_array().unwrap().clone();
    let at = list.iter().position(|o| o.as_str().ok() == Some(name.as_bytes())).unwrap();
    let spec = doc.get_dictionary(list[at + 1].as_reference().unwrap()).unwrap();
    let stream_id = spec.get(b"EF").unwrap().as_dict().unwrap().get(b"F").unwrap().as_reference().unwrap();
    let mut dict = doc.get_object(stream_id).unwrap().as_stream().unwrap().dict.clone();
    dict.remove(b"Filter");
    doc.objects.insert(stream_id, Object::Stream(Stream::new(dict, bytes)));
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn attachment(pdf: &[u8], name: &str) -> Vec<u8> {
    seal::embedded_file(&Document::load_mem(pdf).unwrap(), name).unwrap()
}

fn refusal(pdf: &[u8]) -> Refusal {
    verify_bytes(pdf).expect_err("must be refused")
}

#[test]
fn a_hand_written_record_is_read_verified_and_printed() {
    let bytes = std::fs::read("tests/fixtures/record-v1.json").unwrap();
    let r = record::read(&bytes).unwrap();
    // SHA-256 of the file's bytes (sha256sum), fixed when it was written.
    assert_eq!(r.fingerprint, "a2eb6841b69e415e7e6ef5cdc8576df80b8a611cbfcf747ef48dfbd72591b274");
    assert_eq!((r.version, r.kind.as_str(), r.year, r.revision), (1, "cam-ket", 2026, Some(4)));
    assert_eq!(r.content.profile.full_name, "Đỗ Thị Thu Hà");
    assert_eq!(r.file_name(), "2026-cam-ket-do-thi-thu-ha.pdf");
    // The member's signature, made by an independent Ed25519 implementation.
    let signature = record::unhex(std::fs::read_to_string("tests/fixtures/record-v1.sig").unwrap().trim()).unwrap();
    let key = camket::demo::key("camket fixture");
    assert_eq!(r.public_key.as_deref(), Some(&key.public()[..]));
    assert!(camket::keys::signature_valid(&key.public(), &bytes, &signature));

    let pdf = seal::signed_pdf(&r, &signature, None, &key).unwrap();
    let v = verify_bytes(&pdf).unwrap();
    assert_eq!(v.record.bytes, bytes, "the PDF carries the record byte for byte");
    assert_eq!(v.key_fingerprint, key.fingerprint());
    assert_eq!(attachment(&pdf, RECORD_FILE), bytes);
    let text = pdf_text(&pdf);
    assert!(text.contains("BẢN CAM KẾT THỬ") && text.contains("năm 2026"), "{text}");
    assert!(text.contains("Tôi cam kết giữ gìn phẩm chất đạo đức"), "{text}");
    assert!(text.contains("Đọc tác phẩm “Đạo đức cách mạng”"), "{text}");
    assert!(text.contains(&format!("Mã xác thực: {}", r.code())), "{text}");
    assert!(text.contains("Huế, ngày 02 tháng 3 năm 2026"), "{text}");
}

#[test]
fn a_field_the_structs_do_not_know_changes_nothing() {
    // The fixture's profile has "que_quan", a field Profile does not have:
    // it is read, and the fingerprint is still the SHA-256 of the stored bytes.
    let bytes = std::fs::read("tests/fixtures/record-v1.json").unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("\"que_quan\""));
    let r = record::read(&bytes).unwrap();
    assert_eq!(r.fingerprint, record::sha256_hex(&bytes));
    // Another unknown field at the top, as a newer writer might add.
    let newer = String::from_utf8(bytes).unwrap().replacen("{", "{\"cac_truong_moi\":[1,2],", 1);
    let r2 = record::read(newer.as_bytes()).unwrap();
    assert_eq!(r2.content, r.content);
    assert_eq!(r2.fingerprint, record::sha256_hex(newer.as_bytes()));
    assert_ne!(r2.fingerprint, r.fingerprint);
}

#[test]
fn an_unknown_future_version_is_a_clear_message() {
    let bytes = std::fs::read_to_string("tests/fixtures/record-v1.json").unwrap();
    let future = bytes.replace("\"version\":1,\"year\"", "\"version\":4,\"year\"");
    let err = record::read(future.as_bytes()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("phiên bản 4") && msg.contains("Hãy cập nhật"), "{msg}");
    assert!(record::read(b"{\"format\":\"camket-record\"}").is_err());
    assert!(record::read(b"\xff\xfe").is_err());

    // Inside a PDF: refused with the same message.
    let key = camket::demo::key("camket fixture");
    let r = record::read(bytes.as_bytes()).unwrap();
    let pdf = seal::signed_pdf(&r, &key.sign(bytes.as_bytes()), None, &key).unwrap();
    let seal_v2 = String::from_utf8(attachment(&pdf, SEAL_FILE)).unwrap().replace("\"version\":1", "\"version\":2");
    let why = refusal(&with_attachment(&pdf, SEAL_FILE, seal_v2.into_bytes())).message();
    assert!(why.contains("dấu niêm phong theo định dạng phiên bản 2") && why.contains("cập nhật"), "{why}");
    let pdf = with_attachment(&pdf, RECORD_FILE, future.into_bytes());
    let why = refusal(&pdf).message();
    assert!(why.contains("phiên bản 3"), "{why}");
}

/// "Lưu PDF" of a signed document is the branch copy: its name, its record
/// inside, noted on the board; after an edit the board stops saying the now
/// old copy was saved, and the file saved is still the signed version's.
#[test]
fn the_one_saved_pdf_of_a_signed_document_is_the_one_the_branch_accepts() {
    let dir = temp_dir();
    let path = dir.path().join("db.sqlite3");
    let (mut s, id, rev) = filled(&path, "ke-hoach");
    let draft = camket::app::pdf_to_save(&s, id, false, today()).unwrap();
    assert_eq!((draft.file_name.as_str(), draft.record_id), ("ke-hoach-ca-nhan-2026.pdf", None));
    assert!(matches!(verify_bytes(&draft.bytes), Err(Refusal::NoRecord)), "a draft is not a signed file");
    camket::writing::sign(&mut s, id, rev, today(), None).unwrap();
    let saved = camket::app::pdf_to_save(&s, id, false, today()).unwrap();
    assert_eq!(saved.file_name, "2026-ke-hoach-tran-thi-minh-hanh.pdf");
    assert_eq!(saved.bytes, camket::app::branch_copy(&s, id).unwrap().bytes);
    let file = dir.path().join(&saved.file_name);
    camket::app::keep_pdf(&s, &saved, &file).unwrap();
    assert!(verify_file(&file).is_ok());
    let board = |s: &Store| {
        let b = camket::app::year_board(s, 2026, d(2026, 3, 10)).unwrap();
        b.entries.into_iter().find(|e| e.kind == "ke-hoach").unwrap().branch_copy_saved_at
    };
    assert!(board(&s).is_some(), "the board says the file to send was saved");
    // "Sửa văn bản": the first change makes a new draft.
    let (section, _) =
        s.draft_content(id, today()).unwrap().answers.into_iter().find(|(_, a)| matches!(a, Answer::Text(_))).unwrap();
    s.save_answer(id, &section, Answer::Text("Đã sửa sau khi ký.".into()), rev).unwrap();
    assert_eq!(board(&s), None, "the saved copy is an old version now");
    let again = camket::app::pdf_to_save(&s, id, true, today()).unwrap();
    assert_eq!(again.bytes, saved.bytes, "what is saved while editing is still the signed version");
}

#[test]
fn the_branch_copy_verifies_and_carries_what_was_signed() {
    let dir = temp_dir();
    let (s, id) = signed_plan(&dir.path().join("db.sqlite3"));
    let copy = camket::app::branch_copy(&s, id).unwrap();
    assert_eq!(copy.file_name, "2026-ke-hoach-tran-thi-minh-hanh.pdf");
    let signed = s.latest_signed(id).unwrap().unwrap();
    // On another computer: only the bytes.
    let path = dir.path().join(&copy.file_name);
    std::fs::write(&path, &copy.bytes).unwrap();
    let v = verify_file(&path).unwrap();
    assert_eq!(v.record.fingerprint, signed.fingerprint());
    assert_eq!(v.key_fingerprint, s.member_key().unwrap().fingerprint());
    let line = v.summary();
    assert!(line.contains("Trần Thị Minh Hạnh") && line.contains("kế hoạch cá nhân năm 2026"), "{line}");
    assert!(line.contains(&signed.code()) && line.contains(&v.key_fingerprint), "{line}");
    // Rendering is deterministic: the same record gives the same file.
    assert_eq!(camket::app::branch_copy(&s, id).unwrap().bytes, copy.bytes);
    // Printing is unchanged: the pages are the signed version's.
    let text = pdf_text(&copy.bytes);
    assert!(text.contains(&format!("Mã xác thực: {}", signed.code())) && !text.contains("Bản nháp"));
    // The document information comes from the record, not the epoch.
    let doc = Document::load_mem(&copy.bytes).unwrap();
    let info = doc.get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap()).unwrap();
    let created = String::from_utf8_lossy(info.get(b"CreationDate").unwrap().as_str().unwrap()).into_owned();
    let signed_at = chrono::DateTime::parse_from_rfc3339(&signed.signed_at).unwrap();
    assert_eq!(created, signed_at.format("D:%Y%m%d%H%M%S+00'00'").to_string());
    let author = info.get(b"Author").unwrap().as_str().unwrap();
    let author: Vec<u16> = author[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
    assert_eq!(String::from_utf16(&author).unwrap(), "Trần Thị Minh Hạnh");
    assert_eq!(doc.catalog().unwrap().get(b"Lang").unwrap().as_str().unwrap(), b"vi-VN");
}

#[test]
fn drafts_and_plain_pdfs_carry_no_record() {
    let dir = temp_dir();
    let (mut s, id) = signed_plan(&dir.path().join("db.sqlite3"));
    let rev = s.info(id).unwrap().revision;
    s.save_answer(id, "tu_tuong", Answer::Text("Sửa sau khi ký.".into()), rev).unwrap();
    let draft = camket::app::pdf(&s, id, false, today()).unwrap();
    assert!(pdf_text(&draft).contains("Bản nháp"));
    assert_eq!(refusal(&draft), Refusal::NoRecord);
    let doc = Document::load_mem(&draft).unwrap();
    assert!(seal::embedded_file(&doc, RECORD_FILE).is_none() && doc.catalog().unwrap().get(b"Names").is_err());
    // The draft is dated by the document's date, not 1970.
    let info = doc.get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap()).unwrap();
    let created = info.get(b"CreationDate").unwrap().as_str().unwrap();
    assert!(created.starts_with(today().format("D:%Y%m%d").to_string().as_bytes()));
}

#[test]
fn every_kind_of_tampering_is_refused_with_its_reason() {
    let dir = temp_dir();
    let (s, id) = signed_plan(&dir.path().join("a.sqlite3"));
    let pdf = camket::app::branch_copy(&s, id).unwrap().bytes;
    let record_bytes = attachment(&pdf, RECORD_FILE);
    let seal_bytes = attachment(&pdf, SEAL_FILE);
    assert!(verify_bytes(&pdf).is_ok());

    // The record's text changed (its fingerprint no longer matches the seal).
    let text = String::from_utf8(record_bytes.clone()).unwrap();
    assert!(text.contains("Trần Thị Minh Hạnh"));
    let edited =
        with_attachment(&pdf, RECORD_FILE, text.replace("Trần Thị Minh Hạnh", "Trần Thị Minh Hạnk").into_bytes());
    assert_eq!(refusal(&edited), Refusal::RecordAltered);
    assert!(refusal(&edited).message().contains("đã bị thay đổi"));

    // Another member's record put into this PDF, alone or with its seal.
    let other_key = camket::demo::key("another member");
    let b = camket::demo::branch::branch(2026, 2).unwrap();
    let other = &b[2].bytes;
    let swapped = with_attachment(&pdf, RECORD_FILE, attachment(other, RECORD_FILE));
    assert_eq!(refusal(&swapped), Refusal::RecordAltered);
    let both = with_attachment(&swapped, SEAL_FILE, attachment(other, SEAL_FILE));
    assert_eq!(refusal(&both), Refusal::PagesAltered);
    assert_ne!(other_key.fingerprint(), s.member_key().unwrap().fingerprint());

    // A seal signature or a record signature with a flipped byte.
    for field in ["seal_signature", "record_signature"] {
        let seal_text = String::from_utf8(seal_bytes.clone()).unwrap();
        let start = seal_text.find(&format!("\"{field}\":\"")).unwrap() + field.len() + 4;
        let mut flipped = seal_text.into_bytes();
        flipped[start] = if flipped[start] == b'0' { b'1' } else { b'0' };
        assert_eq!(refusal(&with_attachment(&pdf, SEAL_FILE, flipped)), Refusal::SignatureInvalid, "{field}");
    }

    // The visible text of a page edited, the embedded record left alone.
    let mut doc = Document::load_mem(&pdf).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let mut content = doc.get_page_content(page);
    let at = content.windows(2).position(|w| w == b"<0").expect("a glyph string") + 2;
    content[at] = if content[at] == b'1' { b'2' } else { b'1' };
    doc.change_page_content(page, content).unwrap();
    let mut edited = Vec::new();
    doc.save_to(&mut edited).unwrap();
    assert_eq!(refusal(&edited), Refusal::PagesAltered);
    assert!(refusal(&edited).message().contains("nội dung các trang khác với văn bản đã ký"));

    // Cut short, as a failed download leaves it.
    for cut in [pdf.len() / 2, pdf.len() - 10, 100] {
        assert_eq!(refusal(&pdf[..cut]), Refusal::Damaged, "cut at {cut}");
    }
}

#[test]
fn files_that_are_not_signed_pdfs_get_a_clear_reason_and_no_panic() {
    let dir = temp_dir();
    let empty = dir.path().join("rong.pdf");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(verify_file(&empty).unwrap_err(), Refusal::Empty);
    let text = dir.path().join("thu.pdf");
    std::fs::write(&text, "Kính gửi chi bộ").unwrap();
    assert_eq!(verify_file(&text).unwrap_err(), Refusal::NotPdf);
    let huge = dir.path().join("lon.pdf");
    std::fs::File::create(&huge).unwrap().set_len(200 * 1024 * 1024).unwrap();
    let why = verify_file(&huge).unwrap_err();
    assert_eq!(why, Refusal::TooLarge(200 * 1024 * 1024));
    assert!(why.message().contains("200 MB") && why.message().contains("tối đa 1 MB"), "{}", why.message());
    let missing = verify_file(&dir.path().join("khong-co.pdf")).unwrap_err();
    assert!(missing.message().contains("không có tệp này"), "{}", missing.message());
    assert!(matches!(verify_file(dir.path()).unwrap_err(), Refusal::Unreadable(_)));
    let header_only = b"%PDF-1.7\n%%EOF\n";
    assert_eq!(refusal(header_only), Refusal::Damaged);

    // Every prefix and a spread of corrupted bytes of a real file: refused, never a panic.
    let b = camket::demo::branch::branch(2026, 1).unwrap();
    let pdf = &b[0].bytes;
    for cut in (0..pdf.len()).step_by(997) {
        assert!(verify_bytes(&pdf[..cut]).is_err());
    }
    for at in (0..pdf.len()).step_by(331) {
        let mut broken = pdf.clone();
        broken[at] ^= 0x5a;
        let _ = verify_bytes(&broken);
    }
}

#[test]
fn every_file_of_a_demo_branch_of_30_is_valid() {
    let files = camket::demo::branch::branch(2026, 30).unwrap();
    assert_eq!(files.len(), 60);
    let mut names = std::collections::BTreeSet::new();
    let mut keys = std::collections::BTreeSet::new();
    for f in &files {
        let v = verify_bytes(&f.bytes).unwrap_or_else(|e| panic!("{}: {}", f.file_name, e.message()));
        assert_eq!(v.record.file_name(), f.file_name);
        names.insert(v.record.content.profile.full_name.clone());
        keys.insert(v.key_fingerprint.clone());
    }
    assert_eq!(names.len(), 30, "thirty different members");
    assert_eq!(keys.len(), 30, "each with a key of their own");
    // The same on every run.
    assert_eq!(camket::demo::branch::branch(2026, 30).unwrap()[59].bytes, files[59].bytes);
}

#[test]
fn records_and_keys_survive_backup_and_restore() {
    let dir = temp_dir();
    let db = dir.path().join("db.sqlite3");
    let (s, id) = signed_plan(&db);
    let before = s.latest_signed(id).unwrap().unwrap();
    let key = s.member_key().unwrap().fingerprint();
    drop(s);
    let backup = dir.path().join("sao-luu.sqlite3");
    store::backup_to(&db, &backup).unwrap();
    let elsewhere = dir.path().join("may-moi").join("db.sqlite3");
    store::restore(&elsewhere, &backup, false).unwrap();
    let s = Store::open(&elsewhere).unwrap();
    let after = s.latest_signed(id).unwrap().unwrap();
    assert_eq!(after.record.bytes, before.record.bytes);
    assert_eq!(after.key_signature, before.key_signature);
    assert_eq!(s.member_key().unwrap().fingerprint(), key, "the key is in the backup");
    assert!(verify_bytes(&camket::app::branch_copy(&s, id).unwrap().bytes).is_ok());

    // A new computer without a backup: a new key, and signing still works.
    let (fresh, _) = signed_plan(&dir.path().join("moi.sqlite3"));
    assert_ne!(fresh.member_key().unwrap().fingerprint(), key);
}

#[test]
fn versions_signed_before_records_keep_their_code_and_verify() {
    // Made by the previous release: two signed versions, the plan with a
    // signature image; their codes as that release printed them.
    let dir = temp_dir();
    let db = dir.path().join("v2.sqlite3");
    std::fs::copy("tests/fixtures/v2-signed.sqlite3", &db).unwrap();
    let s = Store::open(&db).unwrap();
    let expected = [
        ("ke-hoach", "efb9002e97dcb1f9defbedf6969e082362cc63fe687dd2079a052733d70a53f2", "XYWG-0BMQ-VJRZ", true),
        ("cam-ket", "91cb51d1d0eeba5f6678b4aee1156784a20d160347fc7adcf9ae89cb5e4e2c8a", "J75N-3MEG-XTX5", false),
    ];
    for (kind, fingerprint, code, has_image) in expected {
        let id = s.find_document(2026, kind).unwrap().unwrap();
        let v = s.latest_signed(id).unwrap().unwrap();
        assert_eq!((v.record.version, v.fingerprint(), v.code().as_str()), (0, fingerprint, code));
        assert_eq!(record::sha256_hex(&v.record.bytes), fingerprint, "the bytes moved as they were");
        assert_eq!(v.signature.is_some(), has_image);
        assert_eq!(s.info(id).unwrap().signed_code.as_deref(), Some(code));
        let printed = pdf_text(&camket::app::pdf(&s, id, true, today()).unwrap());
        assert!(printed.contains(&format!("Mã xác thực: {code}")), "{printed}");
        let copy = camket::app::branch_copy(&s, id).unwrap();
        let verified = verify_bytes(&copy.bytes).unwrap();
        assert_eq!(verified.record.code(), code);
        assert_eq!(verified.key_fingerprint, s.member_key().unwrap().fingerprint());
        assert!(verified.summary().contains("ký ngày 20/02/2026"), "{}", verified.summary());
    }
    let tables: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'signed_versions'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 0, "every signed version moved into records");
}

#[test]
fn files_sealed_with_an_earlier_layout_stay_verifiable() {
    // Made by the last build of layout 1 (before the wider header and the
    // widow and orphan rules): laid out again with layout 1, page for page.
    for name in ["2026-ke-hoach-nguyen-van-hung.pdf", "2026-cam-ket-nguyen-van-hung.pdf"] {
        let bytes = std::fs::read(format!("tests/fixtures/layout-1/{name}")).unwrap();
        let v = camket::verify::verify_bytes(&bytes).unwrap();
        assert_eq!(v.record.content.profile.full_name, "Nguyễn Văn Hùng");
    }
}

#[test]
fn files_sealed_with_layout_2_stay_verifiable() {
    // Made by the last build of layout 2 (before the header's gap and single
    // spacing to spare a last page), with the committee name that crowded
    // the header then: laid out again with layout 2, page for page.
    for kind in ["ke-hoach", "cam-ket", "kiem-diem"] {
        let bytes = std::fs::read(format!("tests/fixtures/layout-2/2026-{kind}-nguyen-van-hung.pdf")).unwrap();
        let v = camket::verify::verify_bytes(&bytes).unwrap();
        assert_eq!(v.record.content.profile.party_committee, "Đảng bộ Sở Nội vụ tỉnh Ninh Bình");
        // Today's layout prints the same record otherwise: what was checked is layout 2.
        let mark = camket::render::Mark::Signed {
            code: v.record.code(),
            signed_at: v.record.signed_at.clone().unwrap_or_default(),
            signature: None,
            layout: camket::render::LAYOUT,
        };
        let now = camket::render::render(&v.record.content, &mark).unwrap();
        assert_ne!(pdf_text(&now), pdf_text(&bytes), "{kind}");
    }
}

#[test]
fn the_layout_number_follows_the_pages() {
    // Verification lays a record out again when the file says it was laid
    // out with this build's LAYOUT. If this digest changes because the
    // layout changed (not only the shipped templates, which records carry
    // with them, so that their code on the pages changes too), raise camket::render::LAYOUT and write the
    // new digest here, so that files made before stay verifiable (compared
    // with their seal).
    let files = camket::demo::branch::branch(2026, 1).unwrap();
    let digests: Vec<String> = files
        .iter()
        .map(|f| camket::record::hex(&seal::pages_digest(&Document::load_mem(&f.bytes).unwrap()).unwrap()))
        .collect();
    assert_eq!(
        (camket::render::LAYOUT, digests.join(" ")),
        (
            3,
            "a5fdf918dcc8bf2725a2064420d372d7ca9d90794d749df7e6c295b03b135ecf \
             58e8331075b04e428aa6c217b9d9c966bb0777b5604241e2b6b70e4ef78c5d79"
                .to_string()
        ),
        "pages changed: raise LAYOUT and update the digests"
    );
}
