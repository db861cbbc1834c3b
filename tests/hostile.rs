//! Files made to fool or stall `verify`: the forgeries an adversarial review
//! built (viewers showed their forged text while an earlier verify said
//! valid), kept in `tests/fixtures/hostile/`, and the same tricks applied to
//! a file rewritten whole. Each is refused, quickly, with its reason.

mod common;

use camket::seal::{RECORD_FILE, SEAL_FILE};
use camket::verify::{verify_bytes, Refusal};
use lopdf::{dictionary, Document, Object, Stream};
use std::time::{Duration, Instant};

fn sent() -> Vec<u8> {
    camket::demo::branch::branch(2026, 2).unwrap().remove(0).bytes
}

fn refused(bytes: &[u8]) -> Refusal {
    let started = Instant::now();
    let why = verify_bytes(bytes).expect_err("must be refused");
    // Generous for a debug build on a busy machine; the point is no stall.
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    why
}

fn not_original(r: &Refusal) -> bool {
    matches!(r, Refusal::NotOriginal(_))
}

/// The file rewritten whole by lopdf after `change`: one index, no update
/// appended, as a program re-saving it would leave it.
fn rewritten(change: impl FnOnce(&mut Document)) -> Vec<u8> {
    let mut doc = Document::load_mem(&sent()).unwrap();
    change(&mut doc);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn pages_root(doc: &Document) -> lopdf::ObjectId {
    doc.catalog().unwrap().get(b"Pages").unwrap().as_reference().unwrap()
}

#[test]
fn the_forgeries_of_the_review_are_refused() {
    for (file, expect) in [
        ("a02.pdf", "objects swapped behind the index in an appended update"),
        ("a03b.pdf", "pages without /Type put in front"),
        ("a04.pdf", "/Count cut to one page"),
        ("a05.pdf", "an XRefStm moving an object"),
        ("a07b.pdf", "a rotation inherited through 33 parents"),
        ("a08.pdf", "a font swapped through an inserted page node"),
        ("a09.pdf", "a record re-signed with another key over untouched pages"),
        ("a10.pdf", "a script, a form and a bookmark in the catalog"),
        ("b01_nested.pdf", "a record deflated twice (a decompression bomb)"),
        ("r05_pad100.pdf", "data after the end of the file"),
    ] {
        let bytes = std::fs::read(format!("tests/fixtures/hostile/{file}")).unwrap();
        let why = refused(&bytes);
        assert!(not_original(&why), "{file} ({expect}): {why:?}");
        assert!(why.message().contains("hãy đề nghị đảng viên gửi đúng tệp"), "{}", why.message());
    }
    let encrypted = std::fs::read("tests/fixtures/hostile/r02f_enc_userpw.pdf").unwrap();
    assert_eq!(refused(&encrypted), Refusal::Encrypted);
    assert!(Refusal::Encrypted.message().contains("mật khẩu"));
}

#[test]
fn tricks_on_a_file_rewritten_whole_are_refused() {
    // A page without /Type in the list, and a /Count that hides a page.
    let extra = rewritten(|doc| {
        let root = pages_root(doc);
        let first = doc.get_dictionary(root).unwrap().get(b"Kids").unwrap().as_array().unwrap()[0].clone();
        let mut page = doc.get_object(first.as_reference().unwrap()).unwrap().as_dict().unwrap().clone();
        page.remove(b"Type");
        let id = doc.add_object(page);
        let pages = doc.get_dictionary_mut(root).unwrap();
        let mut kids = pages.get(b"Kids").unwrap().as_array().unwrap().clone();
        kids.insert(0, Object::Reference(id));
        let n = kids.len() as i64;
        pages.set("Kids", kids);
        pages.set("Count", n);
    });
    assert!(not_original(&refused(&extra)));
    let fewer = rewritten(|doc| {
        let root = pages_root(doc);
        doc.get_dictionary_mut(root).unwrap().set("Count", 1);
    });
    assert!(not_original(&refused(&fewer)));
    // Attributes every page inherits from the list.
    let turned = rewritten(|doc| {
        let root = pages_root(doc);
        doc.get_dictionary_mut(root).unwrap().set("Rotate", 180);
    });
    assert!(not_original(&refused(&turned)));
    // A script run when the file opens.
    let script = rewritten(|doc| {
        let js = doc.add_object(dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("app.alert(1)") });
        doc.catalog_mut().unwrap().set("OpenAction", js);
    });
    assert!(not_original(&refused(&script)));
    // The record deflated twice.
    let twice = rewritten(|doc| {
        let id = attachment_stream(doc, RECORD_FILE);
        let Object::Stream(s) = doc.get_object_mut(id).unwrap() else { panic!() };
        s.dict.set("Filter", vec![Object::Name(b"FlateDecode".to_vec()), Object::Name(b"FlateDecode".to_vec())]);
    });
    assert!(not_original(&refused(&twice)));
}

fn attachment_stream(doc: &Document, name: &str) -> lopdf::ObjectId {
    let names = doc.catalog().unwrap().get(b"Names").unwrap().as_dict().unwrap().get(b"EmbeddedFiles").unwrap();
    let list = doc.get_dictionary(names.as_reference().unwrap()).unwrap().get(b"Names").unwrap().as_array().unwrap();
    let at = list.iter().position(|o| o.as_str().ok() == Some(name.as_bytes())).unwrap();
    let spec = doc.get_dictionary(list[at + 1].as_reference().unwrap()).unwrap();
    spec.get(b"EF").unwrap().as_dict().unwrap().get(b"F").unwrap().as_reference().unwrap()
}

#[test]
fn files_made_to_stall_or_crash_are_refused_quickly() {
    // A page stream that inflates to 64 MB.
    let bomb = rewritten(|doc| {
        let mut zeros = Stream::new(dictionary! {}, vec![0u8; 64 * 1024 * 1024]);
        zeros.compress().unwrap();
        let id = doc.add_object(zeros);
        let page = *doc.get_pages().get(&1).unwrap();
        doc.get_dictionary_mut(page).unwrap().set("Thumb", id);
    });
    assert!(bomb.len() < 1024 * 1024);
    assert_eq!(refused(&bomb), Refusal::Damaged);
    // A chain of 10,000 references below a page (it overflowed the stack).
    let chain = rewritten(|doc| {
        let mut next = doc.add_object(Object::Null);
        for _ in 0..10_000 {
            next = doc.add_object(Object::Reference(next));
        }
        let page = *doc.get_pages().get(&1).unwrap();
        doc.get_dictionary_mut(page).unwrap().set("PieceInfo", next);
    });
    assert!(matches!(refused(&chain), Refusal::Damaged | Refusal::PagesAltered));
    // The record's stream inflating to 64 MB: refused, not read.
    let record_bomb = rewritten(|doc| {
        let id = attachment_stream(doc, RECORD_FILE);
        let mut zeros = Stream::new(dictionary! { "Type" => "EmbeddedFile" }, vec![b' '; 64 * 1024 * 1024]);
        zeros.compress().unwrap();
        doc.objects.insert(id, Object::Stream(zeros));
    });
    // Said as it is: a record too large, not "no record inside".
    let why = refused(&record_bomb).message();
    assert!(why.contains("camket-record.json bên trong quá lớn"), "{why}");
}

#[test]
fn a_file_dense_with_empty_arrays_is_refused_before_parsing() {
    // 3.8 MB of "[][]" once cost the parser 10 s and 3.4 GB; under the size
    // bound, the same trick is refused by its shape.
    let body = format!("[{}]", "[][]".repeat(200_000));
    let mut pdf = format!("%PDF-1.7\n1 0 obj\n{body}\nendobj\n").into_bytes();
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n")
            .as_bytes(),
    );
    assert!(pdf.len() < 1024 * 1024);
    let started = Instant::now();
    // Without a record inside, a file of another shape is just not ours.
    assert_eq!(refused(&pdf), Refusal::NoRecord);
    assert!(started.elapsed() < Duration::from_secs(2), "refused before parsing: {:?}", started.elapsed());
    let ours = String::from_utf8(pdf).unwrap().replacen("endobj", &format!("endobj\n% {RECORD_FILE}"), 1);
    assert!(not_original(&refused(ours.as_bytes())));
    let big = vec![b' '; 2 * 1024 * 1024];
    assert_eq!(refused(&big), Refusal::TooLarge(2 * 1024 * 1024));
}

#[test]
fn an_index_that_points_objects_at_the_wrong_numbers_is_refused() {
    // Swap the offsets of two entries of the cross-reference table.
    let mut bytes = sent();
    let table = bytes.windows(6).rposition(|w| w == b"\nxref\n").unwrap() + 6;
    // After the line "0 N": entries of 20 bytes; 0 is the free entry, 1 and 2 are objects.
    let first = table + bytes[table..].iter().position(|b| *b == b'\n').unwrap() + 1;
    let (a, b) = (first + 20, first + 40);
    let (ea, eb) = (bytes[a..a + 10].to_vec(), bytes[b..b + 10].to_vec());
    bytes[a..a + 10].copy_from_slice(&eb);
    bytes[b..b + 10].copy_from_slice(&ea);
    let why = refused(&bytes);
    assert!(not_original(&why) || why == Refusal::Damaged, "{why:?}");
}

#[test]
fn messages_name_what_is_wrong_without_field_names() {
    let pdf = sent();
    let doc = Document::load_mem(&pdf).unwrap();
    let seal = String::from_utf8(camket::seal::embedded_file(&doc, SEAL_FILE).unwrap()).unwrap();
    let without_key = seal.replacen("\"public_key\"", "\"khoa\"", 1);
    let edited = rewritten(|doc| {
        let id = attachment_stream(doc, SEAL_FILE);
        doc.objects.insert(
            id,
            Object::Stream(Stream::new(dictionary! { "Type" => "EmbeddedFile" }, without_key.into_bytes())),
        );
    });
    let why = refused(&edited).message();
    assert_eq!(why, "dấu niêm phong bên trong không đọc được");
    // A record whose signature image is not a PNG: about the record, not about choosing a file.
    let record = String::from_utf8(camket::seal::embedded_file(&doc, RECORD_FILE).unwrap()).unwrap();
    let with_image = record.replacen("\"signed_at\"", "\"signature_image\":\"AAAA\",\"signed_at\"", 1);
    let edited = rewritten(|doc| {
        let id = attachment_stream(doc, RECORD_FILE);
        doc.objects
            .insert(id, Object::Stream(Stream::new(dictionary! { "Type" => "EmbeddedFile" }, with_image.into_bytes())));
    });
    let why = refused(&edited).message();
    assert!(why.starts_with("bản ghi bên trong không đọc được") && !why.contains("Hãy chọn"), "{why}");
}

/// A one-page PDF as another program writes it, with no record: `extra`
/// trailer entries, and bytes spliced in by `mangle`.
fn plain_pdf(extra: &[(&str, Object)], mangle: impl FnOnce(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut doc = Document::with_version("1.4");
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(dictionary! {}, b"BT ET".to_vec()));
    let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => content });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    for (k, v) in extra {
        doc.trailer.set(k.as_bytes().to_vec(), v.clone());
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    mangle(bytes)
}

#[test]
fn each_refusal_gives_its_true_reason() {
    // LibreOffice's own PDF (its trailer has a checksum): simply not ours.
    let office = plain_pdf(&[("DocChecksum", Object::Name(b"0123456789ABCDEF".to_vec()))], |b| b);
    assert_eq!(refused(&office), Refusal::NoRecord);
    // Object streams (another program's PDF, or ours re-saved): said as such.
    let packed = plain_pdf(&[], |b| {
        let text = String::from_utf8_lossy(&b).replace("/Type/Catalog", "/Type/Catalog/X/ObjStm");
        text.into_bytes()
    });
    let why = refused(&packed).message();
    assert!(
        why.contains("nén theo cách Cam Kết không dùng") && why.contains("lưu lại bằng chương trình khác"),
        "{why}"
    );
    // Our own file re-saved with an update appended: changed by another program.
    let mut appended = sent();
    appended.extend_from_slice(b"\n1 0 obj\n<<>>\nendobj\nstartxref\n0\n%%EOF\n");
    assert!(not_original(&refused(&appended)), "{:?}", refused(&appended));
}
