//! The library's modules are layers, and a layer only uses those below it
//! (ARCHITECTURE.md, "Layers"): the store keeps and reads, never makes a
//! document; verification checks formats, never reaches into the branch.
//! This reads every source file and fails on a use that points up.

use std::collections::BTreeSet;
use std::path::Path;

/// From the bottom up. Modules on one line may use each other.
const LAYERS: &[&[&str]] = &[
    &["error", "log"],
    &["text", "dates", "files", "fonts", "reference", "signature", "keys"],
    &["profile"],
    &["template", "points"],
    &["document"],
    &["record", "render"],
    &["seal", "confirmation"],
    &["store"],
    &["progress"],
    &["prefill"],
    &["verify"],
    &["branch"],
    &["writing"],
    &["plain", "demo"],
    &["app"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The modules of the crate that `source` (outside its tests) names.
fn uses(source: &str) -> BTreeSet<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    let code: String = code.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
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
