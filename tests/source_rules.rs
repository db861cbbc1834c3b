//! Rules the source keeps, checked by reading it (ARCHITECTURE.md,
//! "Invariants"): the library's modules are layers and a layer only uses
//! those below it (the store keeps and reads, never makes a document;
//! verification checks formats, never reaches into the branch); and no code
//! prints a word of a template or names a kind of document.

use std::collections::BTreeSet;
use std::path::Path;

/// From the bottom up. Modules on one line may use each other.
const LAYERS: &[&[&str]] = &[
    &["error", "log"],
    &["text", "dates", "files", "fonts", "reference", "signature", "keys", "certificate", "token"],
    &["profile"],
    &["template", "points"],
    &["document"],
    &["record", "render"],
    &["seal", "confirmation", "pades"],
    &["store"],
    &["progress"],
    &["prefill"],
    &["verify"],
    &["branch", "ky_so"],
    &["writing"],
    &["plain", "demo", "word"],
    &["app"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The modules of the crate that `source` (outside its tests) names.
fn uses(source: &str) -> BTreeSet<String> {
    let code = code_of(source);
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(0)];
            out.extend(inner.split(',').filter_map(|p| p.trim().split("::").next()).map(str::to_string));
        } else {
            out.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out.retain(|m| !m.is_empty() && m.chars().next().is_some_and(char::is_lowercase));
    out
}

/// A source file's code outside its tests and comments.
fn code_of(source: &str) -> String {
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut up = Vec::new();
    let mut unplaced = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "bin" || module == "lib" {
            continue;
        }
        let Some(own) = layer(&module) else {
            unplaced.insert(module);
            continue;
        };
        for used in uses(&std::fs::read_to_string(file).unwrap()) {
            match layer(&used) {
                None => {
                    unplaced.insert(used);
                }
                Some(l) if l > own => up.push(format!("{} uses {used}", relative.display())),
                Some(_) => {}
            }
        }
    }
    assert!(unplaced.is_empty(), "modules in no layer: {unplaced:?}");
    assert!(up.is_empty(), "uses that point up: {up:#?}");
    // The scan sees the uses it must: the app is above everything it calls.
    assert!(uses("fn f() { crate::store::Store::open(p); use crate::{dates, branch::x}; }").len() == 3);
}

/// Every word a shipped template prints (titles, headings, sentences, the
/// signature's labels, the frame's and lists' words), and every kind: none
/// is written in the library's or the shell's code, so changing a template
/// file changes what prints. Frozen formats are the exceptions: version 1
/// of the record names its two kinds, the first schema's CHECK too, and
/// the demo is an example of the templates.
#[test]
fn no_code_prints_a_template_word_or_names_a_kind() {
    use camket::template::{branch_list_template, ratings_summary_template, shipped_templates};
    let (mut kinds, mut phrases) = (BTreeSet::new(), BTreeSet::new());
    for t in shipped_templates().iter().chain([branch_list_template(), ratings_summary_template()]) {
        kinds.insert(t.kind.clone());
        phrases.extend(t.title.iter().cloned());
        phrases.extend(t.sections.iter().flat_map(|s| [s.heading.clone(), s.text.clone()]));
        phrases.extend(t.words.values().cloned());
        let sig = &t.signature;
        phrases.extend([sig.on_behalf.clone(), sig.secretary.clone(), sig.deputy_secretary.clone()]);
    }
    // A phrase printed as it stands, written as a whole string in code,
    // would print there instead of the template's. Short labels such as
    // "Họ và tên", "Chức vụ Đảng" also name a field in messages and are left
    // out; the frame's words ("*", "Bản nháp") are in whatever their length.
    let frame: BTreeSet<String> = camket::template::shared_words().values().cloned().collect();
    let phrases = phrases.into_iter().filter(|w| w.chars().count() > 12 || frame.contains(w));
    let literals: BTreeSet<String> = kinds.into_iter().chain(phrases).map(|w| format!("\"{w}\"")).collect();
    for must in [
        "\"ĐẢNG CỘNG SẢN VIỆT NAM\"",
        "\"*\"",
        "\"Bản nháp\"",
        "\"kiem-diem\"",
        "\"tu-danh-gia\"",
        "\"danh-sach-chi-bo\"",
    ] {
        assert!(literals.contains(must), "{must} in {literals:?}");
    }
    let frozen = ["src/record.rs", "src/store/migrations/mod.rs", "src/store/migrations/step6.rs"];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    sources(&root.join("src-tauri/src"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(root).unwrap().display().to_string();
        if relative.starts_with("src/demo") || frozen.contains(&relative.as_str()) {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        for w in literals.iter().filter(|w| code.contains(w.as_str())) {
            found.push(format!("{relative}: {w}"));
        }
    }
    assert!(found.is_empty(), "printed words or kinds in code: {found:#?}");
}
