//! Helpers shared by the integration tests: reading PDFs back the way a
//! person's tools do (poppler's pdftotext) and building documents.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

/// Text of a PDF as poppler extracts it (reading order, one line per line).
pub fn pdf_text(pdf: &[u8]) -> String {
    run_poppler(&["-enc", "UTF-8"], pdf)
}

/// One word with its box, in points from the page's top-left corner.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub y_max: f32,
    pub text: String,
}

/// Every word with its bounding box (`pdftotext -bbox`).
pub fn pdf_words(pdf: &[u8]) -> Vec<Word> {
    let html = run_poppler(&["-bbox", "-enc", "UTF-8"], pdf);
    let mut words = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let attr = |name: &str| -> f32 {
                let key = format!("{name}=\"");
                let start = rest.find(&key).unwrap() + key.len();
                rest[start..].split('"').next().unwrap().parse().unwrap()
            };
            let text = rest.split('>').nth(1).unwrap().trim_end_matches("</word").to_string();
            let text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
            words.push(Word {
                page,
                x_min: attr("xMin"),
                y_min: attr("yMin"),
                x_max: attr("xMax"),
                y_max: attr("yMax"),
                text,
            });
        }
    }
    words
}

/// The words of one page joined as text, for "is it on this page" checks.
pub fn page_text(words: &[Word], page: usize) -> String {
    words.iter().filter(|w| w.page == page).map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// The pages a phrase starts on, once per occurrence, in order.
pub fn pages_of(words: &[Word], phrase: &str) -> Vec<usize> {
    let parts: Vec<&str> = phrase.split_whitespace().collect();
    words
        .windows(parts.len())
        .filter(|w| w.iter().zip(&parts).all(|(word, p)| word.text == *p))
        .map(|w| w[0].page)
        .collect()
}

/// The page of a phrase's first occurrence.
pub fn page_of(words: &[Word], phrase: &str) -> Option<usize> {
    pages_of(words, phrase).first().copied()
}

fn run_poppler(args: &[&str], pdf: &[u8]) -> String {
    let mut child = Command::new("pdftotext")
        .args(args)
        .args(["-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext (poppler-utils) is installed by `make test`");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

pub fn page_count(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).unwrap().get_pages().len()
}

pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// A store holding the demo member and the demo's `kind` document for 2026,
/// completely written: (store, document id, revision).
pub fn filled(path: &std::path::Path, kind: &str) -> (camket::store::Store, i64, i64) {
    let mut s = camket::store::Store::open(path).unwrap();
    s.save_profile(&camket::demo::profile()).unwrap();
    let id = camket::writing::document(&mut s, 2026, kind).unwrap();
    let content = match kind {
        "cam-ket" => camket::demo::commitment(2026),
        _ => camket::demo::plan(2026),
    };
    let mut rev = 0;
    for (section, answer) in content.answers {
        rev = s.save_answer(id, &section, answer, rev).unwrap();
    }
    (s, id, rev)
}

pub fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The secretary's own database: member 0 of the demo branch (Bí thư).
pub fn secretary(dir: &std::path::Path) -> camket::store::Store {
    let s = camket::store::Store::open(&dir.join("bi-thu.sqlite3")).unwrap();
    let mut p = camket::demo::branch::member(0);
    p.place = "Hà Nội".into();
    s.save_profile(&p).unwrap();
    s
}
