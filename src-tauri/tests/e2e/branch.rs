//! The secretary's journeys on the Chi bộ screen: taking in the members'
//! files, confirming, printing and exporting, and every failure said in words.

use super::*;

#[test]
fn a_secretary_takes_in_a_folder_confirms_two_documents_prints_the_branch_and_exports_the_summary() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    sandbox.secretary();
    // The members' files, as a Zalo download folder holds them.
    let inbox = sandbox.inbox(6);
    std::fs::write(inbox.join("ghi-chu.pdf"), b"khong phai PDF").unwrap();
    // Two namesakes of members 0 and 1 from another branch, in the same folder
    // (GTK's folder dialog returns a subfolder it has highlighted, so none here).
    let other = camket::demo::branch::Unit {
        branch: "Chi bộ Phòng Tổ chức".into(),
        committee: "Đảng bộ Sở Nội vụ tỉnh Ninh Bình".into(),
        seed: "ninh-binh".into(),
    };
    for f in camket::demo::branch::unit_branch(&other, year(), 2, false).unwrap() {
        std::fs::write(inbox.join(format!("chi-bo-khac-{}", f.file_name)), &f.bytes).unwrap();
    }

    let driver = sandbox.driver();
    let s = driver.launch();
    s.wait_text("main h1", "Văn bản năm");
    s.click("[data-testid=open-branch]");
    s.wait_text("main h1", &format!("Chi bộ — năm {}", year()));
    // The roster first, from the spreadsheet the branch keeps (saved as CSV),
    // as a person typed it: a title row, capitals, small letters, two spaces,
    // a dotted date, a row twice, a row without a name.
    let mut csv =
        String::from("\u{FEFF}DANH SÁCH ĐẢNG VIÊN CHI BỘ,,,\r\n,,,\r\nSTT,Họ và tên,Ngày sinh,Chức vụ Đảng\r\n");
    for i in 0..6 {
        let m = camket::demo::branch::member(i);
        let name = match i {
            0 => m.full_name.to_uppercase(),
            1 => m.full_name.to_lowercase(),
            2 => m.full_name.replacen(' ', "  ", 1),
            _ => m.full_name.clone(),
        };
        let born = m.birth_date.map(|d| d.format(if i == 3 { "%d.%m.%Y" } else { "%d/%m/%Y" }).to_string());
        csv.push_str(&format!("{},{name},{},{}\r\n", i + 1, born.unwrap_or_default(), m.party_position));
    }
    let again = camket::demo::branch::member(3);
    csv.push_str(&format!("7,{},{},\r\n", again.full_name, again.birth_date.unwrap().format("%d/%m/%Y")));
    csv.push_str("8,,01/01/1990,\r\n");
    let sheet = sandbox.dir.path().join("danh-sach.csv");
    std::fs::write(&sheet, csv).unwrap();
    s.click("[data-testid=read-sheet]");
    answer_file_dialog("Chọn bảng tính danh sách đảng viên", &sheet);
    let rows =
        s.wait_text("[data-testid=sheet]", "Dòng 11: (không có tên), sinh 01/01/1990 — không thêm: thiếu họ và tên");
    assert!(
        rows.contains(&format!("Dòng 10: {}", again.full_name)) && rows.contains("trùng với dòng 7 của bảng tính"),
        "{rows}"
    );
    assert!(rows.contains(&format!("Dòng 4: {}", camket::demo::branch::member(0).full_name)), "usual capitals: {rows}");
    s.click_button("Thêm 6 đảng viên");
    s.wait_text("[data-testid=branch-table]", &camket::demo::branch::member(5).full_name);
    // And one member typed by hand (with a slip), who sends nothing; then corrected.
    s.type_into("[data-testid=new-name]", "Dinh Van Tam");
    s.click("[data-testid=add-member]");
    s.wait_text("[data-testid=branch-table]", "Dinh Van Tam");
    s.script(
        "const row = [...document.querySelectorAll('[data-testid=branch-table] tr')].find(r => r.textContent.includes('Dinh Van Tam'));
         row.querySelector('details').open = true;
         row.querySelector('[data-testid=edit-member-open]').click();",
        serde_json::json!([]),
    );
    s.wait_for("[data-testid=edit-member]");
    s.type_into("#edit-name", "Đinh Văn Tâm");
    s.type_into("#edit-birth", "12/09/1975");
    s.type_into("#edit-party", "Đảng viên");
    s.click("[data-testid=save-member]");
    s.wait_text("[data-testid=branch-note]", "Đã lưu thông tin của Đinh Văn Tâm.");
    s.wait_text("[data-testid=branch-table]", "Đinh Văn Tâm");
    {
        let db = camket::store::Store::open_read_only(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
        let tam = camket::branch::roster::find(&db, "Đinh Văn Tâm").unwrap();
        assert_eq!(
            (tam.birth_date.map(|d| d.to_string()), tam.party_position),
            (Some("1975-09-12".into()), "Đảng viên".into())
        );
    }
    s.click("[data-testid=receive-folder]");
    answer_file_dialog("Chọn văn bản đảng viên gửi", &inbox);
    let received = s.wait_text("[data-testid=received]", "ghi-chu.pdf");
    assert_eq!(received.matches(": Giữ lại, chờ xác nhận khóa: ").count(), 12, "{received}");
    assert_eq!(
        received.matches("CHI BỘ PHÒNG TỔ CHỨC — ĐẢNG BỘ SỞ NỘI VỤ TỈNH NINH BÌNH, không phải chi bộ này").count(),
        4
    );
    assert!(received.contains("ghi-chu.pdf: Không nhận: không phải tệp PDF."), "{received}");
    let summary = s.text("[data-testid=received-summary]");
    assert!(
        summary.contains(
            "Đã xử lý 17 tệp: 0 tệp đã nhận hoặc đã có, 16 tệp giữ lại chờ đồng chí quyết định, 1 tệp không nhận \
             (1 tệp không phải PDF: ghi-chu.pdf)"
        ),
        "{summary}"
    );
    shot(&s, "12-chi-bo-nhan");
    // Each member read their key's code at the meeting: all six bound at once.
    let held = s.wait_text("[data-testid=held]", "Tệp đang giữ lại (16)");
    assert!(held.contains(&camket::demo::branch::member_key(year(), 1).fingerprint()), "{held}");
    assert!(held.contains("CHI BỘ TRUNG TÂM LƯU TRỮ QUỐC GIA I"), "the branch is named: {held}");
    s.script("document.querySelector('[data-testid=held]').scrollIntoView()", serde_json::json!([]));
    // Each held file's list starts on the member it seems to be from.
    let proposed = s.script(
        "const c = document.querySelector('[data-testid=held] .held'); return [c.querySelector('strong').textContent, c.querySelector('select').selectedOptions[0].textContent]",
        serde_json::json!([]),
    );
    let name = proposed[0].as_str().unwrap();
    assert!(proposed[1].as_str().unwrap().starts_with(name), "{proposed}");
    shot(&s, "12-chi-bo-giu-lai");
    s.click("[data-testid=bind-all]");
    s.wait_text("[data-testid=branch-note]", "Đã xác nhận 6 khóa (thêm 0 đảng viên vào danh sách).");
    // The other branch's files stay held and out of the table.
    s.wait_text("[data-testid=held]", "Tệp đang giữ lại (4)");
    let rows = s.script(
        "return document.querySelectorAll('[data-testid=branch-table] tbody tr').length",
        serde_json::json!([]),
    );
    assert_eq!(rows, serde_json::json!(7), "six from the sheet and one typed by hand");

    // Confirm the first member's two documents.
    s.wait_text("[data-testid=branch-table]", "đã nộp");
    s.click("[data-testid='cell-0-ke-hoach'] input");
    s.click("[data-testid='cell-0-cam-ket'] input");
    s.type_into("#remark", "Đạt yêu cầu.");
    // Signed with the secretary's drawn signature.
    s.click("[data-testid=sign-confirmations]");
    s.click("[data-testid=confirm-selected]");
    s.wait_text(".toast [role=alert]", "Khung ký còn trống");
    s.draw("[data-testid=signature-pad]", &[(-120, 10), (-60, -20), (0, 15), (60, -25), (120, 10)]);
    shot(&s, "13-chi-bo-xac-nhan");
    s.click("[data-testid=confirm-selected]");
    s.wait_text("[data-testid=branch-note]", "Đã xác nhận 2 văn bản.");
    s.wait_text("[data-testid='cell-0-ke-hoach']", "chi bộ đã xác nhận");
    s.wait_text("[data-testid='cell-0-cam-ket']", "chi bộ đã xác nhận");
    assert!(s.text("[data-testid='cell-1-ke-hoach']").contains("đã nộp"));
    s.script("document.querySelector('[data-testid=branch-table]').scrollIntoView()", serde_json::json!([]));
    shot(&s, "13-chi-bo-bang");

    // "In cả chi bộ" and the summary, saved where the secretary types.
    let out = sandbox.dir.path().join("nop");
    std::fs::create_dir_all(&out).unwrap();
    let printed = out.join("ca-chi-bo.pdf");
    s.click("[data-testid=print-branch]");
    answer_file_dialog("In cả chi bộ", &printed);
    s.wait_text("[data-testid=branch-note]", &format!("Đã lưu tập in cả chi bộ: {}", printed.display()));
    let text = pdf_text(&printed);
    assert!(text.contains("DANH SÁCH ĐẢNG VIÊN NỘP KẾ HOẠCH CÁ NHÂN"), "{text}");
    assert!(text.contains("Đạt yêu cầu.") && text.matches("T/M CHI BỘ").count() == 3, "{text}");
    {
        let db = camket::store::Store::open_read_only(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
        let table = camket::branch::status::year_table(&db, year(), chrono::Local::now().date_naive()).unwrap();
        let id = table.rows[0].cells[0].submission_id.unwrap();
        let (_, block, _) = camket::branch::confirm::confirmed(&db, id).unwrap().unwrap();
        assert!(block.signature.is_some(), "the drawn signature is in the confirmation");
    }
    let summary = out.join("tong-hop.xlsx");
    s.click("[data-testid=save-report]");
    answer_file_dialog("Xuất bản tổng hợp", &summary);
    s.wait_text("[data-testid=branch-note]", &format!("Đã lưu bản tổng hợp: {}", summary.display()));
    assert!(std::fs::read(&summary).unwrap().starts_with(b"PK"), "an .xlsx is a zip");

    // A printout's code typed loosely finds its document.
    let code = camket::verify::verify_bytes(
        &std::fs::read(
            inbox
                .read_dir()
                .unwrap()
                .flatten()
                .find(|e| e.file_name().to_string_lossy().contains("cam-ket"))
                .unwrap()
                .path(),
        )
        .unwrap(),
    )
    .unwrap();
    s.type_into("[data-testid=code]", &code.record.code().to_lowercase().replace('-', ""));
    s.click("[data-testid=check-code]");
    s.wait_text("[data-testid=code-result]", &code.record.content.profile.full_name);
    shot(&s, "14-chi-bo-kiem-tra");

    // The year's settings for the members, with a deadline, signed by the secretary.
    s.type_into("#deadline", &format!("31/03/{}", year()));
    s.click_button("Lưu hạn nộp");
    s.wait_text("[data-testid=branch-note]", "Đã đặt hạn nộp");
    let settings = out.join(format!("thiet-lap-chi-bo-{}.json", year()));
    s.click("[data-testid=save-settings]");
    answer_file_dialog("Lưu tệp thiết lập cho đảng viên", &settings);
    s.wait_text("[data-testid=branch-note]", "Đã lưu tệp thiết lập");
    let read = camket::branch::settings::read(&std::fs::read(&settings).unwrap()).unwrap();
    assert_eq!((read.year, read.deadline.map(|d| d.to_string())), (year(), Some(format!("{}-03-31", year()))));
    // A member opens it from their board (here the secretary's own), sees what changes, accepts.
    s.click_button("← Văn bản của tôi");
    s.click("[data-testid=open-settings]");
    answer_file_dialog("Chọn tệp thiết lập của chi bộ", &settings);
    let preview = s.wait_text("[data-testid=settings-preview]", &format!("Hạn nộp năm {}", year()));
    assert!(preview.contains(&format!("chưa có → 31/03/{}", year())), "{preview}");
    assert!(preview.contains(&camket::demo::branch::member(0).full_name), "{preview}");
    shot(&s, "15-thiet-lap-chi-bo");
    s.click("[data-testid=accept-settings]");
    s.wait_text("[data-testid=board-note]", "Đã áp dụng thiết lập của chi bộ");
    s.wait_text("[data-testid=branch-deadline]", &format!("Chi bộ đặt hạn nộp: 31/03/{}.", year()));

    // A settings file signed by a stranger's key, which puts a heading of its
    // own into the plan: the warning names both keys, every printed change is
    // shown in full, and accepting waits for the new key to be confirmed.
    let stranger = camket::store::Store::open(&sandbox.dir.path().join("nguoi-la.sqlite3")).unwrap();
    stranger.save_profile(&camket::demo::branch::member(1)).unwrap();
    let hostile = include_str!("../../../templates/documents/ke-hoach.toml").replacen(
        "III. TỔ CHỨC THỰC HIỆN",
        "III. TÔI TỰ NGUYỆN XIN RA KHỎI ĐẢNG",
        1,
    );
    let foreign = out.join("thiet-lap-gia.json");
    std::fs::write(
        &foreign,
        camket::branch::settings::make(&stranger, year(), &[hostile], chrono::Local::now().date_naive()).unwrap(),
    )
    .unwrap();
    let (ours, theirs) = {
        let db = camket::store::Store::open_read_only(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
        (db.member_key().unwrap().fingerprint(), stranger.member_key().unwrap().fingerprint())
    };
    s.click("[data-testid=open-settings]");
    answer_file_dialog("Chọn tệp thiết lập của chi bộ", &foreign);
    let warning = s.wait_text("[data-testid=settings-key]", "CẢNH BÁO");
    assert!(warning.contains(&ours) && warning.contains(&theirs), "{warning}");
    let preview = s.text("[data-testid=settings-preview]");
    assert!(preview.contains("III. TỔ CHỨC THỰC HIỆN → III. TÔI TỰ NGUYỆN XIN RA KHỎI ĐẢNG"), "{preview}");
    let disabled = "return document.querySelector('[data-testid=accept-settings]').disabled";
    assert_eq!(s.script(disabled, serde_json::json!([])), serde_json::json!(true));
    shot(&s, "15-thiet-lap-khoa-la");
    s.click("[data-testid=settings-new-key]");
    assert_eq!(s.script(disabled, serde_json::json!([])), serde_json::json!(false));
    s.click_button("Thôi, không áp dụng");
    let db = camket::store::Store::open_read_only(&sandbox.app_data().join("cam-ket.sqlite3")).unwrap();
    let kept = camket::branch::settings::accepted(&db, year()).unwrap().unwrap();
    assert!(kept.issued_by.contains(&camket::demo::branch::member(0).full_name), "still the secretary's settings");
}

/// Every action of the Chi bộ screen that fails says why in the bar at the
/// bottom, and the message stays when the table is read again (it used to
/// be cleared by that very refresh, so failures vanished).
#[test]
fn every_failed_action_on_the_branch_screen_says_why() {
    let _turn = serial();
    let sandbox = Sandbox::new();
    sandbox.secretary();
    let inbox = sandbox.inbox(2);
    std::fs::write(inbox.join("ảnh.jpg"), b"\xFF\xD8\xFF\xE0").unwrap();
    let sheet = sandbox.dir.path().join("khong-co-cot-ten.csv");
    std::fs::write(&sheet, "STT,Ghi chú\r\n1,abc\r\n").unwrap();

    let driver = sandbox.driver();
    let s = driver.launch();
    s.set_window(1366, 768);
    s.click("[data-testid=open-branch]");
    s.wait_text("main h1", "Chi bộ — năm");
    let alert = ".toast [role=alert]";

    // A spreadsheet without a name column.
    s.click("[data-testid=read-sheet]");
    answer_file_dialog("Chọn bảng tính danh sách đảng viên", &sheet);
    s.wait_text(alert, "Không thấy cột “Họ và tên”");
    // A member added twice, and a birth date not on the calendar.
    s.type_into("[data-testid=new-name]", "Lê Văn Tám");
    s.click("[data-testid=add-member]");
    s.wait_text("[data-testid=branch-note]", "Đã thêm Lê Văn Tám vào danh sách.");
    s.type_into("[data-testid=new-name]", "LÊ VĂN  TÁM");
    s.click("[data-testid=add-member]");
    s.wait_text(alert, "Lê Văn Tám đã có trong danh sách (cùng họ tên và ngày sinh).");
    s.type_into("[data-testid=new-birth]", "31/02/1990");
    s.click("[data-testid=add-member]");
    s.wait_text(alert, "Hãy nhập ngày sinh theo dạng ngày/tháng/năm");
    // A code too short, a deadline not a date.
    s.type_into("[data-testid=code]", "7KQ4-M2XA");
    s.click("[data-testid=check-code]");
    s.wait_text(alert, "Mã xác thực có 12 ký tự");
    s.type_into("#deadline", "32/13/2026");
    s.click_button("Lưu hạn nộp");
    s.wait_text(alert, "Hãy nhập hạn nộp theo dạng ngày/tháng/năm");

    // Phạm Thu Hạnh typed by hand before her files arrive.
    let hanh = camket::demo::branch::member(1);
    s.type_into("[data-testid=new-name]", &hanh.full_name);
    s.type_into("[data-testid=new-birth]", &hanh.birth_date.unwrap().format("%d/%m/%Y").to_string());
    s.click("[data-testid=add-member]");
    s.wait_text("[data-testid=branch-note]", &format!("Đã thêm {} vào danh sách.", hanh.full_name));

    // The files, the picture named; the keys bound; one document returned without a note.
    s.click("[data-testid=receive-folder]");
    answer_file_dialog("Chọn văn bản đảng viên gửi", &inbox.join(""));
    let summary = s.wait_text("[data-testid=received-summary]", "Đã xử lý 5 tệp");
    // Her file cannot make her a second time.
    s.script(
        "const card = [...document.querySelectorAll('[data-testid=held] .held')].find(c => c.querySelector('strong').textContent === arguments[0]);
         [...card.querySelectorAll('button')].find(b => b.textContent.includes('Thêm thành đảng viên mới')).click();",
        serde_json::json!([hanh.full_name]),
    );
    s.wait_text(alert, &format!("{} đã có trong danh sách (cùng họ tên và ngày sinh).", hanh.full_name));
    assert!(summary.contains("(1 tệp không phải PDF: ảnh.jpg)"), "{summary}");
    // The held files at 1024×768 with the text at 150%: the decision stays in reach.
    small_screen_large_text(&s);
    s.script("document.querySelector('[data-testid=held]').scrollIntoView()", serde_json::json!([]));
    assert!(s.in_view("[data-testid=bind-all]"));
    shot(&s, "1024x768-150-chi-bo-giu-lai");
    usual_screen(&s);
    s.click("[data-testid=bind-all]");
    s.wait_text("[data-testid=branch-note]", "Đã xác nhận 2 khóa (thêm 1 đảng viên vào danh sách).");
    s.wait_text("[data-testid=branch-table]", "đã nộp");
    s.click("[data-testid='cell-0-ke-hoach'] input");
    let bar: f64 = s
        .script(
            "return document.querySelector('.toast .actions').getBoundingClientRect().height",
            serde_json::json!([]),
        )
        .as_f64()
        .unwrap();
    assert!(bar <= 768.0 / 5.0, "the action bar takes at most a fifth of the screen: {bar}px");
    shot(&s, "16-chi-bo-thanh-tac-vu");
    s.click("[data-testid=return-selected]");
    s.wait_text(alert, "Hãy ghi rõ cần sửa gì");
    // Removing a member whose document is confirmed is refused in words.
    s.click("[data-testid=confirm-selected]");
    s.wait_text("[data-testid=branch-note]", "Đã xác nhận 1 văn bản.");
    s.script(
        "const row = document.querySelector('[data-testid=branch-table] tbody tr');
         row.querySelector('details').open = true;
         row.querySelector('[data-testid=edit-member-open]').click();",
        serde_json::json!([]),
    );
    s.click("[data-testid=remove-member]");
    let refused = s.wait_text(alert, "Không xóa được");
    assert!(refused.contains("chi bộ đã xác nhận văn bản"), "{refused}");
    // Renamed into a twin of another member, and moved on a day not on the calendar.
    s.type_into("#edit-name", "Lê Văn Tám");
    s.script(
        "const i = document.querySelector('#edit-birth'); i.value = ''; i.dispatchEvent(new Event('input', {bubbles: true}));",
        serde_json::json!([]),
    );
    s.click("[data-testid=save-member]");
    s.wait_text(alert, "Lê Văn Tám đã có trong danh sách (cùng họ tên và ngày sinh).");
    let first = "[data-testid=branch-table] tbody tr:first-child";
    s.type_into(&format!("{first} input[placeholder='ngày/tháng/năm']"), "30/02/2027");
    s.script(
        "[...document.querySelector(arguments[0]).querySelectorAll('button')].find(b => b.textContent.trim() === 'Lưu').click()",
        serde_json::json!([first]),
    );
    s.wait_text(alert, "Hãy nhập ngày chuyển sinh hoạt theo dạng ngày/tháng/năm.");
    shot(&s, "16-chi-bo-bao-loi");
    // The search shows what is typed now.
    s.type_into("[data-testid=search]", "tám");
    s.wait_text("[data-testid=branch-table]", "Lê Văn Tám");
    let rows = s.script(
        "return document.querySelectorAll('[data-testid=branch-table] tbody tr').length",
        serde_json::json!([]),
    );
    assert_eq!(rows, serde_json::json!(1));
    s.close();
}
