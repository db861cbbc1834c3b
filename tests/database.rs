//! Damaged, emptied, newer and read-only database files: each is named in
//! Vietnamese, nothing good is overwritten, and backups that hold the
//! member's work are never rotated away.

mod common;

use camket::store::{self, Store};

use common::*;
use std::path::{Path, PathBuf};

fn sha(path: &Path) -> String {
    camket::record::sha256_hex(&std::fs::read(path).unwrap())
}

/// A database with the member's profile and a written plan, and its first backup.
fn worked(dir: &Path) -> PathBuf {
    let db = dir.join("cam-ket.sqlite3");
    drop(filled(&db, "ke-hoach"));
    store::backup_to(&db, &dir.join("tay.sqlite3")).unwrap();
    // Reopening makes the day's automatic backup into sao-luu/.
    drop(Store::open(&db).unwrap());
    db
}

#[test]
fn an_emptied_or_missing_database_with_backups_is_damaged_not_a_first_launch() {
    let dir = temp_dir();
    let db = worked(dir.path());
    assert!(store::latest_backup(&db).unwrap().is_some());

    std::fs::write(&db, b"").unwrap();
    let (opened, _) = camket::app::open_database(&db);
    let err = opened.err().expect("refused");
    assert_eq!(err.code(), "damaged");
    assert!(err.to_string().contains("Bản sao lưu gần nhất"), "{err}");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "the empty file is left as it was");
    let view = camket::app::startup(&Err(camket::ErrorView::from(&err)), &db, None, chrono::NaiveDate::MIN).unwrap();
    assert!(!view.first_launch && view.damaged.is_some() && view.latest_backup.is_some());

    // The app's "restore the latest backup" brings the work back.
    let restored = camket::app::restore_latest(&db).unwrap();
    assert_eq!(restored.profile().unwrap().full_name, camket::demo::profile().full_name);
    assert!(restored.find_document(2026, "ke-hoach").unwrap().is_some());
    drop(restored);

    std::fs::remove_file(&db).unwrap();
    let err = Store::open(&db).err().expect("a missing file beside backups is refused");
    assert_eq!(err.code(), "damaged");
    assert!(!db.exists(), "nothing created in its place");

    // A healthy database is never replaced from the app, and the message has no command-line words.
    drop(camket::app::restore_latest(&db).unwrap());
    let err = camket::app::restore_latest(&db).err().unwrap();
    assert_eq!(
        err.to_string(),
        "Dữ liệu hiện tại vẫn đọc được nên không khôi phục đè lên. Nếu cần khôi phục, hãy nhờ người hỗ trợ."
    );
}

#[test]
fn rotation_never_removes_the_last_backup_that_holds_the_members_work() {
    let dir = temp_dir();
    let db = worked(dir.path());
    // The work is replaced by an empty database, which is then used (and
    // backed up at each change) for longer than the ten backups kept.
    let empty = dir.path().join("trong.sqlite3");
    drop(Store::open(&empty).unwrap());
    for _ in 0..14 {
        std::thread::sleep(std::time::Duration::from_millis(5));
        store::restore(&db, &empty, true).unwrap();
    }
    let left = store::list_backups(&db).unwrap();
    assert!(left.len() <= 11, "{} kept", left.len());
    let with_work = left
        .iter()
        .filter(|p| {
            Store::open_read_only(p)
                .and_then(|s| s.profile())
                .is_ok_and(|p| p.full_name == camket::demo::profile().full_name)
        })
        .count();
    assert_eq!(with_work, 1, "the newest backup with the member's work is kept");
}

#[test]
fn restore_refuses_a_bad_backup_and_never_replaces_a_newer_database_unasked() {
    let dir = temp_dir();
    let db = worked(dir.path());
    let before = sha(&db);

    for (name, bytes) in [("rac.bin", b"SQLite format 3\0 rac".to_vec()), ("trong.sqlite3", Vec::new())] {
        let bad = dir.path().join(name);
        std::fs::write(&bad, bytes).unwrap();
        let err = store::restore(&db, &bad, true).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "Tệp {} không phải bản sao lưu hợp lệ của Cam Kết (hỏng, cắt cụt hoặc là tệp khác). Chưa thay đổi gì.",
                bad.display()
            )
        );
        assert_eq!(sha(&db), before);
    }

    // A database written by a newer release.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA user_version = 99").unwrap();
    }
    let newer = sha(&db);
    let err = store::restore(&db, &dir.path().join("tay.sqlite3"), false).unwrap_err();
    assert_eq!(err.code(), "newer_database");
    assert_eq!(sha(&db), newer, "left byte for byte");
    store::restore(&db, &dir.path().join("tay.sqlite3"), true).unwrap();
    let aside =
        std::fs::read_dir(dir.path()).unwrap().flatten().any(|e| e.file_name().to_string_lossy().contains("hong-"));
    assert!(aside, "with --force the newer file is kept aside, not deleted");
}

// Permissions as Unix has them; on Windows the same refusal comes from the
// same check (a file that cannot be opened for appending).
#[cfg(unix)]
#[test]
fn a_database_that_cannot_be_written_is_named_and_still_read() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    let dir = temp_dir();
    let folder = dir.path().join("o-mang");
    std::fs::create_dir_all(&folder).unwrap();
    let db = folder.join("cam-ket.sqlite3");
    drop(filled(&db, "ke-hoach"));
    drop(Store::open_read_only(&db).unwrap());
    let out = dir.path().join("ra");
    std::fs::create_dir_all(&out).unwrap();
    for p in [dir.path(), out.as_path()] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = sha(&db);

    // Root writes anywhere: the check runs as an ordinary user then.
    let root = unsafe { libc_geteuid() } == 0;
    let run = |args: &[&str]| {
        let camket = env!("CARGO_BIN_EXE_camket");
        let mut c = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", camket]);
            c
        } else {
            Command::new(camket)
        };
        c.args(args).env("HOME", dir.path()).output().unwrap()
    };
    let db_s = db.to_str().unwrap();
    let o = run(&["branch", "deadline", "--db", db_s, "--year", "2026", "--date", "31/03/2026"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains(&format!("Tệp dữ liệu {db_s} chỉ đọc được")), "{err}");
    assert!(!err.contains("readonly") && !err.contains("attempt"), "no English: {err}");
    // What only reads still works: the plan prints.
    let pdf = out.join("ke-hoach.pdf");
    let o = run(&["render", "--db", db_s, "--year", "2026", "--doc", "ke-hoach", "--out", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(pdf_text(&std::fs::read(&pdf).unwrap()).contains("KẾ HOẠCH CÁ NHÂN"));
    assert_eq!(sha(&db), before);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
extern "C" {
    #[link_name = "geteuid"]
    fn libc_geteuid() -> u32;
}
