//! Ký số with a real PKCS#11 token: SoftHSM2, initialised here with a test
//! CA and a member's certificate made by openssl; pyHanko, an independent
//! validator, judges the signed files (scripts/ensure-deps.sh installs both).

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/test_token.rs"]
mod test_token;

use test_token::{module, softhsm, TestToken, Validity};

/// `camket sign-pdf` on `input` with `token` and its `pin_file`.
fn sign(token: &TestToken, input: &Path, out: &Path, pin_file: &str) -> Output {
    camket(&[
        "sign-pdf",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--pkcs11",
        module().to_str().unwrap(),
        "--token",
        &token.label,
        "--pin-file",
        &token.path(pin_file),
    ])
}

fn camket(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_camket"))
        .args(args)
        .env("SOFTHSM2_CONF", softhsm().join("softhsm2.conf"))
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A member's signed and sealed plan, as she sends it to the branch.
fn member_file(dir: &Path) -> PathBuf {
    let key = camket::demo::key("ky-so");
    let file = camket::demo::branch::member_file(2026, 4, "ke-hoach", 3, &key).unwrap();
    let path = dir.join("ke-hoach.pdf");
    std::fs::write(&path, file.bytes).unwrap();
    path
}

/// What pyHanko says of each signature of `pdf`, trusting `root`; `None`
/// when it cannot read the file at all.
fn pyhanko(pdf: &Path, root: &str) -> Option<Vec<serde_json::Value>> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pyhanko/bin/python");
    assert!(python.exists(), "pyHanko is not installed: run scripts/ensure-deps.sh");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pyhanko_validate.py");
    let o = Command::new(python).arg(script).arg(pdf).arg(root).output().unwrap();
    if !o.status.success() {
        return None;
    }
    Some(serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout).unwrap())
}

fn judged_valid(signature: &serde_json::Value) -> bool {
    ["intact", "valid", "trusted", "bottom_line"].iter().all(|k| signature[k] == true)
}

#[test]
fn a_member_signs_her_plan_with_her_token_and_pyhanko_finds_the_signature_valid() {
    let token = TestToken::new("lan", "Nguyễn Thị Lan", Validity::Now);
    let dir = temp_dir();
    let input = member_file(dir.path());
    let signed = dir.path().join("ky-so.pdf");
    let o = sign(&token, &input, &signed, "pin");
    assert!(o.status.success(), "{}", out(&o));
    let (before, after) = (std::fs::read(&input).unwrap(), std::fs::read(&signed).unwrap());
    // The sealed file is kept byte for byte; the signature is appended.
    assert!(after.len() > before.len() && after.starts_with(&before));
    // Its appearance is in the member's block, above her printed name.
    let text = pdf_text(&after);
    assert!(text.contains("(Ký, ghi rõ họ tên)\nNguyễn Thị Lan\nKý số\nNgày ký: "), "{text}");

    let report = out(&camket(&["verify", signed.to_str().unwrap(), "--root", &token.path("ca.pem")]));
    assert!(report.starts_with("HỢP LỆ"), "{report}");
    // The token is someone else's: said.
    let member = camket::verify::verify_bytes(&before).unwrap().record.content.profile.full_name;
    assert!(
        report.contains(&format!("(LƯU Ý: chứng thư số mang tên Nguyễn Thị Lan, không phải {member})")),
        "{report}"
    );
    for said in [
        "chữ ký số của người ký văn bản: Nguyễn Thị Lan",
        "do Test-CA cấp",
        "nguyên vẹn",
        "còn hiệu lực lúc ký",
        "chuỗi tin cậy của Cam Kết Test Root CA",
    ] {
        assert!(report.contains(said), "{said}: {report}");
    }
    let report = out(&camket(&["verify", signed.to_str().unwrap()]));
    assert!(report.starts_with("HỢP LỆ") && report.contains("chưa đối chiếu được với chứng thư gốc"), "{report}");

    let judged = pyhanko(&signed, &token.path("ca.pem")).expect("pyHanko reads the file");
    assert_eq!(judged.len(), 1);
    assert!(judged_valid(&judged[0]), "{judged:?}");
    assert_eq!(judged[0]["coverage"], "SignatureCoverageLevel.ENTIRE_FILE");
    assert!(judged[0]["signer"].as_str().unwrap().contains("Nguyễn Thị Lan"));

    // Once is enough: the member's block is signed.
    let again = sign(&token, &signed, &dir.path().join("hai-lan.pdf"), "pin");
    assert!(!again.status.success() && out(&again).contains("đã có chữ ký số"), "{}", out(&again));
    assert!(!dir.path().join("hai-lan.pdf").exists());
}

#[test]
fn a_byte_changed_anywhere_in_a_signed_file_is_refused_by_us_and_by_pyhanko() {
    let token = TestToken::new("sua", "Trần Văn Sửa", Validity::Now);
    let dir = temp_dir();
    let input = member_file(dir.path());
    let signed_path = dir.path().join("ky-so.pdf");
    assert!(sign(&token, &input, &signed_path, "pin").status.success());
    let signed = std::fs::read(&signed_path).unwrap();
    let sealed = std::fs::read(&input).unwrap().len();
    let at = |needle: &[u8]| signed.windows(needle.len()).rposition(|w| w == needle).unwrap();
    let contents = at(b"/Contents<") + 10;
    let places = [
        ("in the sealed pages", sealed / 2),
        ("in the appearance", at(b"/Subtype /Form") + 3),
        ("in the update's index", at(b"xref\n0 1") + 30),
        ("in the signature", contents + 600),
    ];
    for (what, i) in places {
        let mut changed = signed.clone();
        changed[i] = if changed[i] == b'7' { b'8' } else { b'7' };
        let path = dir.path().join("changed.pdf");
        std::fs::write(&path, &changed).unwrap();
        let report = out(&camket(&["verify", path.to_str().unwrap(), "--root", &token.path("ca.pem")]));
        assert!(report.starts_with("KHÔNG HỢP LỆ"), "{what}: {report}");
        if what == "in the signature" {
            assert!(
                report.contains("chữ ký số (ký bằng chứng thư số) của Trần Văn Sửa không còn nguyên vẹn"),
                "{report}"
            );
        }
        // A change in the sealed pages is said as in a file without ký số, not as something added.
        if what == "in the sealed pages" {
            assert!(!report.contains("ghi thêm"), "{report}");
        }
        let judged = pyhanko(&path, &token.path("ca.pem"));
        assert!(judged.as_ref().is_none_or(|j| j.iter().all(|s| !judged_valid(s))), "{what}: pyHanko {judged:?}");
    }
    // Anything but zeros after the signature inside its room is refused too.
    let hex_end = signed.windows(2).rposition(|w| w == b">>").unwrap();
    let mut padded = signed.clone();
    let zeros = padded[..hex_end].windows(8).rposition(|w| w == b"00000000").unwrap();
    padded[zeros..zeros + 8].copy_from_slice(b"41414141");
    assert!(camket::verify::verify_bytes(&padded).is_err(), "text hidden after the signature");
    // A download cut short inside the update is said to be cut short.
    let cut = &signed[..sealed + 20000];
    let refused = camket::verify::verify_bytes(cut).unwrap_err();
    assert!(refused.message().contains("cắt cụt"), "{}", refused.message());
}

#[test]
fn another_update_appended_after_the_signature_is_refused() {
    let token = TestToken::new("them", "Lê Văn Thêm", Validity::Now);
    let dir = temp_dir();
    let input = member_file(dir.path());
    let signed_path = dir.path().join("ky-so.pdf");
    assert!(sign(&token, &input, &signed_path, "pin").status.success());
    let signed = std::fs::read(&signed_path).unwrap();
    // A "shadow" update: the first page's text replaced by another program.
    let doc = lopdf::Document::load_mem(&signed).unwrap();
    let mut update = lopdf::IncrementalDocument::create_from(signed.clone(), doc);
    let page = *update.get_prev_documents().get_pages().get(&1).unwrap();
    let stream = lopdf::Stream::new(lopdf::Dictionary::new(), b"BT /F1 12 Tf 72 720 Td (Khac) Tj ET".to_vec());
    let content = update.new_document.add_object(stream);
    update.opt_clone_object_to_new_document(page).unwrap();
    update.new_document.get_dictionary_mut(page).unwrap().set("Contents", content);
    let mut shadowed = Vec::new();
    update.save_to(&mut shadowed).unwrap();
    let path = dir.path().join("shadow.pdf");
    std::fs::write(&path, &shadowed).unwrap();
    let report = out(&camket(&["verify", path.to_str().unwrap()]));
    assert!(report.starts_with("KHÔNG HỢP LỆ") && report.contains("ghi thêm"), "{report}");
    // Bytes after the end of the file are refused too.
    let mut tail = signed.clone();
    tail.extend_from_slice(b"\n% them\n");
    std::fs::write(&path, &tail).unwrap();
    assert!(out(&camket(&["verify", path.to_str().unwrap()])).starts_with("KHÔNG HỢP LỆ"));
}

#[test]
fn an_appearance_other_than_ours_is_refused_even_when_signed_by_the_token() {
    let token = TestToken::new("mao", "Phạm Thị Mạo", Validity::Now);
    let dir = temp_dir();
    let pdf = std::fs::read(member_file(dir.path())).unwrap();
    let module = module();
    let chosen = camket::ky_so::choose(&module, Some("mao"), None).unwrap();
    let (_, space) = camket::ky_so::space_in(&pdf, camket::render::layout::Signer::Member).unwrap();
    let fake = camket::pades::Words { above: vec![("Đã duyệt".into(), camket::fonts::Style::Bold)], below: vec![] };
    let pin = camket::token::Pin::from("1234".to_string());
    let forged = camket::ky_so::with_token(&module, &chosen, pin, |s| {
        camket::pades::append(&pdf, &space, fake, None, Some((s, chrono::Utc::now())))
    })
    .unwrap();
    let refused = camket::verify::verify_bytes(&forged).unwrap_err();
    assert!(refused.message().contains("ghi thêm"), "{}", refused.message());
    // pyHanko sees a valid signature: only we know what our appearance must say.
    let path = dir.path().join("mao.pdf");
    std::fs::write(&path, &forged).unwrap();
    assert!(pyhanko(&path, &token.path("ca.pem")).unwrap().iter().all(judged_valid));
}

#[test]
fn an_expired_or_not_yet_valid_certificate_is_refused_in_words_and_nothing_is_written() {
    for (label, validity, said) in [
        ("het-han", Validity::Expired, "đã hết hạn ngày 01/01/2021"),
        ("chua-den", Validity::NotYet, "chưa đến ngày có hiệu lực"),
    ] {
        let token = TestToken::new(label, "Đỗ Văn Hạn", validity);
        let dir = temp_dir();
        let input = member_file(dir.path());
        let signed = dir.path().join("ky-so.pdf");
        let o = sign(&token, &input, &signed, "pin");
        assert!(!o.status.success() && out(&o).contains(said), "{}", out(&o));
        assert!(!signed.exists());
    }
}

#[test]
fn a_wrong_pin_is_refused_with_what_the_token_says_and_nothing_is_written() {
    let token = TestToken::new("pin", "Vũ Thị Pin", Validity::Now);
    let dir = temp_dir();
    let input = member_file(dir.path());
    let signed = dir.path().join("ky-so.pdf");
    let o = sign(&token, &input, &signed, "wrong-pin");
    // SoftHSM2 keeps no count of tries; a token that does says how many are left.
    assert!(!o.status.success() && out(&o).contains("Sai mã PIN"), "{}", out(&o));
    assert!(!signed.exists());
    let o = sign(&token, &input, &signed, "pin");
    assert!(o.status.success(), "{}", out(&o));
}

#[test]
fn a_token_removed_before_signing_is_named_and_nothing_is_signed() {
    let token = TestToken::new("rut", "Hoàng Văn Rút", Validity::Now);
    let dir = temp_dir();
    let pdf = std::fs::read(member_file(dir.path())).unwrap();
    let module = module();
    let chosen = camket::ky_so::choose(&module, Some("rut"), None).unwrap();
    assert_eq!(chosen.holder.holder, "Hoàng Văn Rút");
    assert_eq!(chosen.chain.len(), 1, "the token's CA certificate goes with the signature");
    // The token is pulled out between choosing the certificate and signing.
    let tokens = softhsm().join("tokens");
    for entry in std::fs::read_dir(&tokens).unwrap() {
        let entry = entry.unwrap().path();
        let label = std::fs::read(entry.join("token.object")).unwrap_or_default();
        if label.windows(3).any(|w| w == b"rut") {
            std::fs::remove_dir_all(&entry).unwrap();
        }
    }
    let pin = camket::token::Pin::from("1234".to_string());
    let result = camket::ky_so::with_token(&module, &chosen, pin, |s| {
        camket::ky_so::sign_member_file(&pdf, s, chrono::Utc::now())
    });
    let message = result.unwrap_err().to_string();
    assert!(message.contains("token") && message.contains("rút ra"), "{message}");
    drop(token);
}

/// Signs `pdf` with `token` in-process (PIN 1234).
fn signed_with(token: &str, work: impl FnOnce(&camket::pades::Signer) -> camket::Result<Vec<u8>>) -> Vec<u8> {
    let module = module();
    let chosen = camket::ky_so::choose(&module, Some(token), None).unwrap();
    camket::ky_so::with_token(&module, &chosen, camket::token::Pin::from("1234".to_string()), work).unwrap()
}

#[test]
fn the_branch_confirms_a_file_signed_with_a_token_and_both_signatures_stay_valid() {
    let member_token = TestToken::new("dang-vien", "Nguyễn Văn Hùng", Validity::Now);
    let secretary_token = TestToken::new("bi-thu", "Trần Thị Bí Thư", Validity::Now);
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let inbox = dir.path().join("in");
    std::fs::create_dir(&inbox).unwrap();
    let now = chrono::Utc::now();
    for f in camket::demo::branch::branch(2026, 2).unwrap() {
        let signed = signed_with("dang-vien", |k| camket::ky_so::sign_member_file(&f.bytes, k, now));
        std::fs::write(inbox.join(&f.file_name), signed).unwrap();
    }
    // The unit trusts the member's provider: the import report says the signature chains to it.
    let root = |t: &TestToken| camket::certificate::read_file(&std::fs::read(t.dir.join("ca.pem")).unwrap()).unwrap();
    assert_eq!(s.add_trusted_roots(&root(&member_token)).unwrap(), 1);
    let files = camket::branch::collect::pdf_files(&[inbox]).unwrap();
    let received = camket::branch::collect::receive_files(&mut s, &files, |_, _| {}).unwrap();
    assert!(
        received.iter().all(|r| r.message.contains("chữ ký số của người ký văn bản: Nguyễn Văn Hùng")
            && r.message.contains("chuỗi tin cậy của Cam Kết Test Root CA")),
        "{received:?}"
    );
    camket::branch::held::bind_all(&s, None, camket::dates::today()).unwrap();
    let table = camket::branch::status::year_table(&s, 2026, d(2026, 3, 1)).unwrap();
    let ids: Vec<i64> = table.rows.iter().flat_map(|r| r.cells.iter().filter_map(|c| c.submission_id)).collect();
    assert_eq!(ids.len(), 4, "{:?}", table.rows);

    // With the secretary's own token, in the "XÁC NHẬN CỦA CHI BỘ" block.
    let remark = "Kế hoạch cụ thể, sát nhiệm vụ.";
    let confirmed = signed_with("bi-thu", |k| {
        camket::branch::confirm::confirm_with(&s, ids[0], remark, d(2026, 3, 5), None, Some((k, now)))
    });
    let roots = [root(&member_token), root(&secretary_token)].concat();
    let v = camket::verify::verify_with_roots(&confirmed, &roots).unwrap();
    let c = v.confirmation.as_ref().expect("the confirmation is read from the update");
    assert_eq!(c.remark, remark);
    let holders: Vec<&str> = v.digital.iter().map(|d| d.holder.holder.as_str()).collect();
    assert_eq!(holders, ["Nguyễn Văn Hùng", "Trần Thị Bí Thư"]);
    assert!(v.digital.iter().all(|d| d.valid_then && d.root.is_some()));
    let text = pdf_text(&confirmed);
    for said in [remark, "Ngày 05 tháng 3 năm 2026", "T/M CHI BỘ", "Trần Thị Bí Thư\nKý số"] {
        assert!(text.contains(said), "{said}: {text}");
    }
    let path = dir.path().join("xac-nhan.pdf");
    std::fs::write(&path, &confirmed).unwrap();
    let judged = pyhanko(&path, &member_token.path("ca.pem")).unwrap();
    assert_eq!(judged.len(), 2);
    assert!(judged[0]["intact"] == true && judged[0]["bottom_line"] == true, "the member's: {judged:?}");
    let judged = pyhanko(&path, &secretary_token.path("ca.pem")).unwrap();
    assert!(judged[1]["intact"] == true && judged[1]["bottom_line"] == true, "the secretary's: {judged:?}");

    // Without a token: the confirmation is appended all the same, the member's signature stays valid.
    let plain = camket::branch::confirm::confirm(&s, ids[1], "", d(2026, 3, 5), None).unwrap();
    let v = camket::verify::verify_bytes(&plain).unwrap();
    assert!(v.confirmation.is_some() && v.digital.len() == 1);
    std::fs::write(&path, &plain).unwrap();
    let judged = pyhanko(&path, &member_token.path("ca.pem")).unwrap();
    assert!(judged.len() == 1 && judged_valid(&judged[0]), "{judged:?}");
    // The import report names the signer.
    let report = out(&camket(&["verify", path.to_str().unwrap()]));
    assert!(
        report.contains("chi bộ đã xác nhận") && report.contains("chữ ký số của người ký văn bản: Nguyễn Văn Hùng"),
        "{report}"
    );
}

#[test]
fn a_member_signs_with_her_key_and_her_token_at_once_and_the_record_names_the_certificate() {
    // Providers often write the holder in capitals without marks.
    let _token = TestToken::new("cung-luc", "TRAN THI MINH HANH", Validity::Now);
    let dir = temp_dir();
    let (mut store, id, rev) = filled(&dir.path().join("m.sqlite3"), "ke-hoach");
    let now = chrono::Utc::now();
    let module = module();
    let chosen = camket::ky_so::choose(&module, Some("cung-luc"), None).unwrap();
    let pin = camket::token::Pin::from("1234".to_string());
    camket::ky_so::with_token(&module, &chosen, pin, |signer| {
        let with = camket::writing::WithCertificate { signer, at: now };
        camket::writing::sign_with(&mut store, id, rev, d(2026, 3, 1), None, Some(with))
    })
    .unwrap();
    let sent = camket::app::branch_copy(&store, id).unwrap().bytes;
    let v = camket::verify::verify_bytes(&sent).unwrap();
    let named = v.record.certificate.clone().expect("the record names the certificate");
    assert_eq!((named.holder.as_str(), named.issuer.as_str()), ("TRAN THI MINH HANH", "Test-CA"));
    assert!(!v.summary().contains("LƯU Ý"), "the same person: {}", v.summary());
    assert_eq!(named.sha256, chosen.holder.sha256);
    assert_eq!(v.digital.len(), 1);
    // Only that certificate may sign the file sent for this version.
    let other = TestToken::new("cung-luc-khac", "Người Khác", Validity::Now);
    let base = &sent[..camket::pades::revisions(&sent)[0]];
    let refused = camket::ky_so::with_token(
        &module,
        &camket::ky_so::choose(&module, Some(&other.label), None).unwrap(),
        camket::token::Pin::from("1234".to_string()),
        |k| camket::ky_so::sign_member_file(base, k, now),
    )
    .unwrap_err();
    assert!(refused.to_string().contains("chỉ chứng thư đó ký số được bản này"), "{refused}");
    // The sealed file without its ký số is refused: the signature was taken off.
    let sealed_end = camket::pades::revisions(&sent)[0];
    let refused = camket::verify::verify_bytes(&sent[..sealed_end]).unwrap_err();
    assert!(refused.message().contains("không còn chữ ký số đó"), "{}", refused.message());
    // The PDF kept is the one given, every time.
    assert_eq!(camket::app::branch_copy(&store, id).unwrap().bytes, sent);
    let kept: Vec<u8> = store.conn().query_row("SELECT pdf FROM ky_so", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, sent);
    assert!(store.conn().execute("DELETE FROM ky_so", []).is_err(), "a ký số is never deleted");
}

#[test]
fn a_wrong_pin_when_signing_with_the_token_leaves_the_document_unsigned() {
    let _token = TestToken::new("chua-ky", "Trần Thị Minh Hạnh", Validity::Now);
    let dir = temp_dir();
    let (mut store, id, rev) = filled(&dir.path().join("m.sqlite3"), "ke-hoach");
    let module = module();
    let chosen = camket::ky_so::choose(&module, Some("chua-ky"), None).unwrap();
    let pin = camket::token::Pin::from("0000".to_string());
    let refused = camket::ky_so::with_token(&module, &chosen, pin, |signer| {
        let with = camket::writing::WithCertificate { signer, at: chrono::Utc::now() };
        camket::writing::sign_with(&mut store, id, rev, d(2026, 3, 1), None, Some(with))
    })
    .unwrap_err();
    assert_eq!(refused.code(), camket::ErrorCode::WrongPin);
    let records: i64 = store.conn().query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0)).unwrap();
    assert_eq!(records, 0, "nothing half-written");
}

#[test]
fn ky_so_is_added_later_to_a_signed_version_without_changing_its_text() {
    let _token = TestToken::new("ve-sau", "Trần Thị Minh Hạnh", Validity::Now);
    let dir = temp_dir();
    let (mut store, id, rev) = filled(&dir.path().join("m.sqlite3"), "ke-hoach");
    let version = camket::writing::sign(&mut store, id, rev, d(2026, 3, 1), None).unwrap();
    let before = camket::app::branch_copy(&store, id).unwrap().bytes;
    let module = module();
    let chosen = camket::ky_so::choose(&module, Some("ve-sau"), None).unwrap();
    let sign = |pin: &str| {
        let pin = camket::token::Pin::from(pin.to_string());
        camket::ky_so::with_token(&module, &chosen, pin, |s| {
            camket::writing::add_ky_so(&store, id, s, chrono::Utc::now())
        })
    };
    sign("1234").unwrap();
    let after = camket::app::branch_copy(&store, id).unwrap().bytes;
    assert!(after.starts_with(&before), "the signed file is kept byte for byte");
    let v = camket::verify::verify_bytes(&after).unwrap();
    assert_eq!(v.record.bytes, version.record.bytes);
    assert!(v.record.certificate.is_none() && v.digital.len() == 1);
    assert!(sign("1234").unwrap_err().to_string().contains("đã được ký số rồi"));
}

#[test]
fn the_units_trusted_roots_travel_in_the_settings_file_to_its_members() {
    let token = TestToken::new("goc", "Nguyễn Văn Gốc", Validity::Now);
    let dir = temp_dir();
    let mut secretary = secretary(dir.path());
    let root = camket::certificate::read_file(&std::fs::read(token.dir.join("ca.pem")).unwrap()).unwrap();
    // A person's certificate is not a root: refused in words, nothing added.
    let leaf = dir.path().join("ca-nhan.pem");
    std::fs::copy(token.dir.join("member.pem"), &leaf).unwrap();
    let refused = camket::app::add_trusted_roots(&mut secretary, &[leaf]).unwrap_err().to_string();
    assert!(refused.contains("không phải chứng thư gốc"), "{refused}");
    let said = camket::app::add_trusted_roots(&mut secretary, &[token.dir.join("ca.pem")]).unwrap();
    assert_eq!(said, "Đã thêm 1 chứng thư gốc. Đơn vị tin cậy: Cam Kết Test Root CA.");
    let file = camket::branch::settings::make(&secretary, 2026, &[], d(2026, 1, 5)).unwrap();

    let mut member = camket::store::Store::open(&dir.path().join("dang-vien.sqlite3")).unwrap();
    member.save_profile(&camket::demo::profile()).unwrap();
    let settings = camket::branch::settings::read(&file).unwrap();
    let preview = camket::branch::settings::preview(&member, &settings).unwrap();
    assert!(
        preview.changes.iter().any(|c| c.label.contains("Chứng thư gốc") && c.after == "Cam Kết Test Root CA"),
        "{preview:?}"
    );
    camket::branch::settings::accept(&mut member, &file, None).unwrap();
    assert_eq!(member.trusted_roots().unwrap(), root);
}

#[test]
fn the_member_brings_back_a_confirmation_added_to_her_signed_file() {
    let _token = TestToken::new("mang-ve", "Trần Thị Minh Hạnh", Validity::Now);
    let dir = temp_dir();
    let (mut member_db, id, rev) = filled(&dir.path().join("dang-vien.sqlite3"), "ke-hoach");
    let chosen = camket::ky_so::choose(&module(), Some("mang-ve"), None).unwrap();
    camket::ky_so::with_token(&module(), &chosen, camket::token::Pin::from("1234".to_string()), |signer| {
        let with = camket::writing::WithCertificate { signer, at: chrono::Utc::now() };
        camket::writing::sign_with(&mut member_db, id, rev, d(2026, 3, 1), None, Some(with))
    })
    .unwrap();
    let sent = camket::app::branch_copy(&member_db, id).unwrap();
    let inbox = dir.path().join("in");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::write(inbox.join(&sent.file_name), &sent.bytes).unwrap();

    let mut s = secretary(dir.path());
    let files = camket::branch::collect::pdf_files(&[inbox]).unwrap();
    camket::branch::collect::receive_files(&mut s, &files, |_, _| {}).unwrap();
    camket::branch::held::bind_all(&s, None, camket::dates::today()).unwrap();
    let table = camket::branch::status::year_table(&s, 2026, d(2026, 3, 1)).unwrap();
    let submission = table.rows.iter().find_map(|r| r.cells[0].submission_id).unwrap();
    let confirmed = camket::branch::confirm::confirm(&s, submission, "Đạt yêu cầu.", d(2026, 3, 5), None).unwrap();
    assert!(confirmed.starts_with(&sent.bytes), "appended to the member's file");
    let settings = camket::branch::settings::make(&s, 2026, &[], d(2026, 1, 5)).unwrap();
    camket::branch::settings::accept(&mut member_db, &settings, None).unwrap();
    let back = dir.path().join("da-xac-nhan.pdf");
    std::fs::write(&back, &confirmed).unwrap();
    let said = camket::app::import_confirmation(&member_db, &back).unwrap();
    assert!(said.contains("xác nhận"), "{said}");
    // Printed again by the branch, the block reads as confirmed.
    let (_, block, _) = camket::branch::confirm::confirmed(&s, submission).unwrap().unwrap();
    assert_eq!(block.remark, "Đạt yêu cầu.");
}

#[test]
fn the_secretary_confirms_the_branch_from_the_command_line_with_her_token() {
    let member_token = TestToken::new("cli-dang-vien", "Nguyễn Văn Hùng", Validity::Now);
    let secretary_token = TestToken::new("cli-bi-thu", "Nguyễn Văn Hùng", Validity::Now);
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let inbox = dir.path().join("in");
    std::fs::create_dir(&inbox).unwrap();
    for f in camket::demo::branch::branch(2026, 1).unwrap() {
        let signed =
            signed_with(&member_token.label, |k| camket::ky_so::sign_member_file(&f.bytes, k, chrono::Utc::now()));
        std::fs::write(inbox.join(&f.file_name), signed).unwrap();
    }
    let files = camket::branch::collect::pdf_files(&[inbox]).unwrap();
    camket::branch::collect::receive_files(&mut s, &files, |_, _| {}).unwrap();
    camket::branch::held::bind_all(&s, None, camket::dates::today()).unwrap();
    drop(s);
    let db = dir.path().join("bi-thu.sqlite3");
    let confirm = |pin: &str| {
        camket(&[
            "branch",
            "confirm",
            "--db",
            db.to_str().unwrap(),
            "--year",
            "2026",
            "--all",
            "--pkcs11",
            module().to_str().unwrap(),
            "--token",
            &secretary_token.label,
            "--pin-file",
            &secretary_token.path(pin),
        ])
    };
    // A wrong PIN is one try, for the whole batch: nothing is confirmed.
    let o = confirm("wrong-pin");
    assert!(!o.status.success() && out(&o).matches("Sai mã PIN").count() == 1, "{}", out(&o));
    let none: i64 = camket::store::Store::open_read_only(&db)
        .unwrap()
        .conn()
        .query_row("SELECT COUNT(*) FROM decisions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(none, 0);
    let o = confirm("pin");
    assert!(o.status.success() && out(&o).contains("Đã xác nhận 2 văn bản."), "{}", out(&o));
    let s = camket::store::Store::open_read_only(&db).unwrap();
    let pdfs: Vec<Vec<u8>> = {
        let mut q = s.conn().prepare("SELECT confirmed_pdf FROM decisions").unwrap();
        q.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(pdfs.len(), 2);
    for pdf in pdfs {
        let v = camket::verify::verify_bytes(&pdf).unwrap();
        assert_eq!(v.digital.len(), 2, "the member's and the secretary's");
    }
}

#[test]
fn a_chain_through_a_persons_certificate_is_not_trusted() {
    let token = TestToken::new("chuoi", "Lê Văn Chuỗi", Validity::Now);
    let dir = &token.dir;
    let ssl = |args: &[&str]| assert!(Command::new("openssl").args(args).current_dir(dir).status().unwrap().success());
    // A certificate in someone else's name, issued with the person's own key.
    ssl(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "gia.key",
        "-out",
        "gia.csr",
        "-utf8",
        "-subj",
        "/CN=Nguyễn Văn Hùng",
    ]);
    ssl(&[
        "x509",
        "-req",
        "-in",
        "gia.csr",
        "-CA",
        "member.pem",
        "-CAkey",
        "member.key",
        "-CAcreateserial",
        "-out",
        "gia.pem",
        "-days",
        "30",
    ]);
    let read = |name: &str| camket::certificate::read_file(&std::fs::read(dir.join(name)).unwrap()).unwrap().remove(0);
    let (forged, person, root) = (read("gia.pem"), read("member.pem"), read("ca.pem"));
    let (chain, roots) = ([person.clone(), root.clone()], [root]);
    assert!(camket::certificate::trusted_root(&forged, &chain, &roots).is_none());
    assert!(camket::certificate::trusted_root(&person, &roots, &roots).is_some());
    // Nor is a person's certificate a root.
    assert!(camket::certificate::trusted_root(&person, &[], std::slice::from_ref(&person)).is_none());
}

#[test]
fn only_one_update_of_ours_per_block_and_of_its_own_kind() {
    let _token = TestToken::new("mot-lan", "Trần Thị Minh Hạnh", Validity::Now);
    let dir = temp_dir();
    let sealed = std::fs::read(member_file(dir.path())).unwrap();
    let (_, member_space) = camket::ky_so::space_in(&sealed, camket::render::layout::Signer::Member).unwrap();
    let (_, branch_space) = camket::ky_so::space_in(&sealed, camket::render::layout::Signer::Branch).unwrap();
    let now = chrono::Utc::now();
    let signed = signed_with("mot-lan", |k| camket::ky_so::sign_member_file(&sealed, k, now));
    let words = camket::pades::Words::default;
    let refused = |bytes: &[u8], what: &str| {
        let why = camket::verify::verify_bytes(bytes).unwrap_err();
        assert!(why.message().contains("ghi thêm"), "{what}: {}", why.message());
    };
    // A second ký số in the member's block, by our own writer.
    let twice =
        signed_with("mot-lan", |k| camket::pades::append(&signed, &member_space, words(), None, Some((k, now))));
    refused(&twice, "a second ký số");
    // A member's field that signs nothing, carrying a file.
    let carried = camket::pades::update::Attachment { name: "x.json", bytes: b"{}" };
    let unsigned = camket::pades::append(&sealed, &member_space, words(), Some(carried), None).unwrap();
    refused(&unsigned, "an unsigned member field with a file");
    // A branch field without its confirmation.
    let empty = camket::pades::append(&signed, &branch_space, words(), None, None).unwrap();
    refused(&empty, "a branch field without a confirmation");
}

#[test]
fn a_remark_that_reads_like_the_files_structure_is_confirmed_and_verifies() {
    let _token = TestToken::new("nhan-xet", "Nguyễn Văn Hùng", Validity::Now);
    let dir = temp_dir();
    let mut s = secretary(dir.path());
    let inbox = dir.path().join("in");
    std::fs::create_dir(&inbox).unwrap();
    let f = camket::demo::branch::branch(2026, 1).unwrap().remove(0);
    let signed = signed_with("nhan-xet", |k| camket::ky_so::sign_member_file(&f.bytes, k, chrono::Utc::now()));
    std::fs::write(inbox.join(&f.file_name), signed).unwrap();
    let files = camket::branch::collect::pdf_files(&[inbox]).unwrap();
    camket::branch::collect::receive_files(&mut s, &files, |_, _| {}).unwrap();
    camket::branch::held::bind_all(&s, None, camket::dates::today()).unwrap();
    let table = camket::branch::status::year_table(&s, 2026, d(2026, 3, 1)).unwrap();
    let id = table.rows.iter().find_map(|r| r.cells.iter().find_map(|c| c.submission_id)).unwrap();
    let remark = "Xem %%EOF, startxref 0 %%EOF, /Encrypt /ObjStm /XRef.";
    let confirmed = camket::branch::confirm::confirm(&s, id, remark, d(2026, 3, 5), None).unwrap();
    let v = camket::verify::verify_bytes(&confirmed).unwrap();
    assert_eq!(v.confirmation.unwrap().remark, remark);
    // A second confirmation appended after it is not ours.
    let (_, space) = camket::ky_so::space_in(&f.bytes, camket::render::layout::Signer::Branch).unwrap();
    let json: Vec<u8> = s.conn().query_row("SELECT confirmation FROM decisions", [], |r| r.get(0)).unwrap();
    let again = camket::pades::update::Attachment { name: camket::confirmation::FILE, bytes: &json };
    let block = camket::branch::confirm::confirmed(&s, id).unwrap().unwrap().1;
    let twice =
        camket::pades::append(&confirmed, &space, camket::verify::branch_words(&block), Some(again), None).unwrap();
    assert!(camket::verify::verify_bytes(&twice).unwrap_err().message().contains("ghi thêm"));
}

#[test]
fn a_pin_file_is_read_as_people_save_it() {
    let dir = temp_dir();
    let file = dir.path().join("pin.txt");
    std::fs::write(&file, "\u{feff}1234\r\n").unwrap();
    use secrecy::ExposeSecret;
    assert_eq!(camket::token::read_pin_file(&file).unwrap().expose_secret(), "1234");
    std::fs::write(&file, "\n").unwrap();
    assert!(camket::token::read_pin_file(&file).unwrap_err().to_string().contains("Tệp mã PIN trống"));
}
