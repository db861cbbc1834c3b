//! Ký số with a USB token (SoftHSM2 here): a member signs her plan from the
//! sign step, the secretary confirms it with her own token, and pyHanko, an
//! independent validator, finds both signatures of the confirmed file valid.

use super::*;

// Shared with the library's tests, which use all of it.
#[allow(dead_code)]
#[path = "../../../tests/support/test_token.rs"]
mod test_token;

use test_token::{softhsm, TestToken, Validity};

/// What pyHanko judged of each signature of `pdf`, trusting `root`.
fn pyhanko(pdf: &[u8], root: &str) -> Vec<serde_json::Value> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = repo.join("target/pyhanko/bin/python");
    assert!(python.exists(), "pyHanko is not installed: run scripts/ensure-deps.sh");
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), pdf).unwrap();
    let o =
        Command::new(python).arg(repo.join("tests/pyhanko_validate.py")).arg(file.path()).arg(root).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn env() -> Vec<(&'static str, String)> {
    vec![("SOFTHSM2_CONF", softhsm().join("softhsm2.conf").display().to_string())]
}

/// Ticks the certificate of `holder` in the list of the token's certificates.
fn choose_certificate(s: &Session, holder: &str) {
    s.script(
        "const l = [...document.querySelectorAll('label')].find(l => l.querySelector('[data-testid=token-certificate]') && l.textContent.includes(arguments[0])); l.querySelector('input').click();",
        serde_json::json!([holder]),
    );
}

/// The member's plan of the working year, written and not yet signed: its id.
fn written_plan(sandbox: &Sandbox) -> i64 {
    let mut store = sandbox.member_store();
    let id = camket::writing::document(&mut store, year(), "ke-hoach").unwrap();
    let mut rev = 0;
    for (section, answer) in camket::demo::plan(year()).answers {
        rev = store.save_answer(id, &section, answer, rev).unwrap();
    }
    id
}

/// The member signs from the sign step with her token: a wrong PIN first.
fn member_signs_with_token(sandbox: &Sandbox) -> Vec<u8> {
    let id = written_plan(sandbox);
    let driver = sandbox.driver_with(&env());
    let s = driver.launch();
    s.set_window(1366, 768);
    s.click("[data-testid=open-ke-hoach]");
    step_to(&s, "Ký văn bản", true);
    s.click("[data-testid=understood]");
    s.click("[data-testid=ky-so-start]");
    // One way to sign at a time: with the panel open, the bar's "Ký và tiếp tục" is gone.
    s.wait_gone("[data-testid=sign]");
    let listed = s.wait_text("[data-testid=ky-so]", "Trần Thị Minh Hạnh");
    assert!(listed.contains("Test-CA") && listed.contains("hiệu lực 01/01/2020"), "{listed}");
    // Two certificates on the tokens plugged in: none is chosen for her.
    s.type_into("[data-testid=token-pin]", "9999");
    s.click("[data-testid=ky-so-sign]");
    s.wait_text("[data-testid=ky-so-error]", "Hãy chọn chứng thư số để ký.");
    choose_certificate(&s, "Trần Thị Minh Hạnh");
    s.type_into("[data-testid=token-pin]", "9999");
    s.click("[data-testid=ky-so-sign]");
    s.wait_text("[data-testid=ky-so-error]", "Sai mã PIN");
    assert!(s.in_view("[data-testid=ky-so-error]"), "the message is where she is looking");
    // On a small screen with large text the list, the PIN and the button are all reachable.
    small_screen_large_text(&s);
    s.script(
        "document.querySelector('[data-testid=ky-so-sign]').scrollIntoView({block: 'center'})",
        serde_json::json!([]),
    );
    assert!(s.in_view("[data-testid=ky-so-sign]") && s.in_view("[data-testid=token-pin]"));
    shot(&s, "1024x768-150-ky-so");
    usual_screen(&s);
    assert_eq!(s.script("return document.querySelector('[data-testid=token-pin]').value", serde_json::json!([])), "");
    s.type_into("[data-testid=token-pin]", "1234");
    shot(&s, "29-ky-so-usb-token");
    s.click("[data-testid=ky-so-sign]");
    s.wait_text("[data-testid=step-title]", "In văn bản");
    step_to(&s, "Ký văn bản", false);
    s.wait_text("[data-testid=ky-so-done]", "Đã ký số bằng chứng thư số của Trần Thị Minh Hạnh (Test-CA)");
    drop(s);
    drop(driver);
    let store = camket::store::Store::open_read_only(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
    camket::app::branch_copy(&store, id).unwrap().bytes
}

#[test]
fn a_member_signs_with_her_usb_token_and_the_secretary_confirms_with_hers() {
    let _turn = serial();
    let member_token = TestToken::new("e2e-dang-vien", "Trần Thị Minh Hạnh", Validity::Now);
    let secretary_token = TestToken::new("e2e-bi-thu", &camket::demo::branch::member(0).full_name, Validity::Now);
    let member = Sandbox::new();
    let sent = member_signs_with_token(&member);
    let v = camket::verify::verify_bytes(&sent).unwrap();
    assert_eq!(v.digital.len(), 1);
    assert_eq!(v.record.certificate.as_ref().unwrap().holder, "Trần Thị Minh Hạnh", "the record names the certificate");

    // The secretary has taken the file in and bound the member's key.
    let branch = Sandbox::new();
    branch.secretary();
    {
        let mut db = camket::store::Store::open(&branch.app_data().join("cam-ket.sqlite3")).unwrap();
        let inbox = branch.dir.path().join("nhan");
        std::fs::create_dir_all(&inbox).unwrap();
        std::fs::write(inbox.join(v.record.file_name()), &sent).unwrap();
        let files = camket::branch::collect::pdf_files(&[inbox]).unwrap();
        camket::branch::collect::receive_files(&mut db, &files, |_, _| {}).unwrap();
        camket::branch::held::bind_all(&db, None, camket::dates::today()).unwrap();
    }
    let driver = branch.driver_with(&env());
    let s = driver.launch();
    s.set_window(1366, 768);
    s.click("[data-testid=open-branch]");
    s.wait_text("main h1", &format!("Chi bộ — năm {}", year()));
    s.wait_text("[data-testid=branch-table]", "đã nộp");
    s.click("[data-testid='cell-0-ke-hoach'] input");
    s.type_into("#remark", "Đạt yêu cầu.");
    s.click("[data-testid=confirm-ky-so]");
    s.wait_text("[data-testid=confirm-token]", &camket::demo::branch::member(0).full_name);
    choose_certificate(&s, &camket::demo::branch::member(0).full_name);
    s.click("[data-testid=confirm-selected]");
    s.wait_text(".toast [role=alert]", "Hãy nhập mã PIN");
    s.type_into("[data-testid=token-pin]", "1234");
    shot(&s, "30-chi-bo-ky-so");
    // On a small screen with large text the bar, token list and all, stays within the window.
    small_screen_large_text(&s);
    let bar = s.script("return document.querySelector('.toast').getBoundingClientRect().height", serde_json::json!([]));
    assert!(bar.as_f64().unwrap() < 768.0 * 0.9, "the bar leaves the page visible: {bar}");
    assert!(s.in_view("[data-testid=confirm-selected]"));
    shot(&s, "1024x768-150-chi-bo-ky-so");
    usual_screen(&s);
    s.click("[data-testid=confirm-selected]");
    s.wait_text("[data-testid=branch-note]", "Đã xác nhận 1 văn bản. 1 xác nhận được ký số bằng chứng thư số của");
    drop(s);
    drop(driver);

    let db = camket::store::Store::open_read_only(&branch.app_data().join("cam-ket.sqlite3")).unwrap();
    let table = camket::branch::status::year_table(&db, year(), chrono::Local::now().date_naive()).unwrap();
    let id = table.rows.iter().find_map(|r| r.cells[0].submission_id).unwrap();
    let confirmed = camket::branch::confirm::confirmed_pdf(&db, id).unwrap().unwrap();
    assert!(confirmed.starts_with(&sent), "the member's file is kept byte for byte");
    let v = camket::verify::verify_bytes(&confirmed).unwrap();
    assert_eq!(v.confirmation.as_ref().unwrap().remark, "Đạt yêu cầu.");
    assert_eq!(v.digital.len(), 2);
    let member_judged = pyhanko(&confirmed, &member_token.path("ca.pem"));
    let secretary_judged = pyhanko(&confirmed, &secretary_token.path("ca.pem"));
    let valid = |j: &serde_json::Value| ["intact", "valid", "trusted", "bottom_line"].iter().all(|k| j[k] == true);
    assert!(valid(&member_judged[0]), "the member's signature: {member_judged:?}");
    assert!(valid(&secretary_judged[1]), "the secretary's signature: {secretary_judged:?}");
}
