//! One spelling across the UI, the templates and the messages: the style of
//! party documents ("hóa", "khóa", "ủy": the tone on the main vowel of an open
//! syllable) and "Chức vụ Đảng" with a capital.

use std::path::Path;

fn files(dir: &Path, ext: &[&str], out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() && !path.ends_with("bindings") && !path.ends_with("node_modules") {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| ext.iter().any(|x| e == *x)) {
            out.push(path);
        }
    }
}

#[test]
fn one_spelling_style_everywhere() {
    let mut all = Vec::new();
    files(Path::new("ui/src"), &["svelte", "ts"], &mut all);
    files(Path::new("templates"), &["toml"], &mut all);
    files(Path::new("src"), &["rs"], &mut all);
    assert!(all.len() > 30);
    // "oa", "oe", "uy" closing a syllable carry the tone on the second vowel in the old style.
    let old: Vec<char> = "àáảãạèéẻẽẹỳýỷỹỵ".chars().collect();
    let mut found = Vec::new();
    for path in &all {
        let text = std::fs::read_to_string(path).unwrap();
        let chars: Vec<char> = text.chars().collect();
        for (i, w) in chars.windows(3).enumerate() {
            let pair = matches!((w[0].to_lowercase().next(), w[1]), (Some('o'), c) if old[..10].contains(&c))
                || matches!((w[0].to_lowercase().next(), w[1]), (Some('u'), c) if old[10..].contains(&c));
            // Only at the end of a syllable, and not "qu" + vowel ("quý" is right).
            let before = if i > 0 { chars[i - 1].to_lowercase().next() } else { None };
            if pair && !w[2].is_alphabetic() && before != Some('q') {
                found.push(format!(
                    "{}: …{}…",
                    path.display(),
                    chars[i.saturating_sub(8)..(i + 3).min(chars.len())].iter().collect::<String>()
                ));
            }
        }
        if text.contains("Chức vụ đảng") {
            found.push(format!("{}: Chức vụ đảng", path.display()));
        }
    }
    assert!(found.is_empty(), "old-style spellings:\n{}", found.join("\n"));
}
