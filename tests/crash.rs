//! Crash safety: a child process saves in a loop and reports each
//! acknowledged save; it is killed with SIGKILL mid-flight; every save it
//! acknowledged must be in the database, and the database must be intact.

use camket::document::Answer;
use camket::store::Store;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const CHILD_ENV: &str = "CAMKET_CRASH_CHILD_DB";
const TEST_NAME: &str = "acknowledged_saves_survive_sigkill";

fn row(i: usize) -> BTreeMap<String, String> {
    BTreeMap::from([("noi_dung".to_string(), format!("Việc số {i}"))])
}

/// The child's side: save forever, acknowledging each committed save.
fn save_forever(db: &str) {
    let mut store = Store::open(db.as_ref()).unwrap();
    let id = camket::writing::document(&mut store, 2026, "ke-hoach").unwrap();
    let mut rev = store.info(id).unwrap().revision;
    let mut rows = Vec::new();
    let mut out = std::io::stdout().lock();
    for i in 1.. {
        rows.push(row(i));
        rev = store.save_answer(id, "bang_viec", Answer::Rows(rows.clone()), rev).unwrap();
        writeln!(out, "ack {i} {rev}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn acknowledged_saves_survive_sigkill() {
    if let Ok(db) = std::env::var(CHILD_ENV) {
        save_forever(&db);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cam-ket.sqlite3");
    drop(Store::open(&db).unwrap());
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut last_ack = (0, 0);
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        let Some(rest) = line.strip_prefix("ack ") else { continue };
        let mut parts = rest.split(' ').map(|n| n.parse::<i64>().unwrap());
        last_ack = (parts.next().unwrap(), parts.next().unwrap());
        if last_ack.0 == 300 {
            // SIGKILL while the child is in the middle of its next saves.
            child.kill().unwrap();
            break;
        }
    }
    child.wait().unwrap();
    assert_eq!(last_ack.0, 300, "the child acknowledged saves");

    let store = Store::open(&db).unwrap();
    assert!(store.integrity_ok().unwrap());
    let id = store.find_document(2026, "ke-hoach").unwrap().unwrap();
    let revision = store.info(id).unwrap().revision;
    assert!(revision >= last_ack.1, "revision {revision} < acknowledged {}", last_ack.1);
    let Answer::Rows(rows) = &store.answers(id).unwrap()["bang_viec"] else { panic!("rows") };
    assert!(rows.len() as i64 >= last_ack.0);
    for i in 1..=last_ack.0 as usize {
        assert_eq!(rows[i - 1].get("noi_dung"), row(i).get("noi_dung"), "acknowledged save {i}");
    }
}
