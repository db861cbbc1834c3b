//! Cleaning of every text a person types, before it is stored or printed.

use crate::error::{Error, Result};
use unicode_normalization::UnicodeNormalization;

/// Longest free-text answer, in characters: about four printed pages.
pub const ANSWER_LIMIT: usize = 8000;
/// Longest single-line value (a name, a position, a table cell).
pub const LINE_LIMIT: usize = 300;

/// NFC-normalises, unifies line breaks, drops control characters (keeping
/// line breaks when `multiline`), trims, and refuses text over `limit`.
/// Decomposed input (macOS, some input methods) prints with floating marks
/// unless it is composed first.
pub fn clean(field: &str, input: &str, limit: usize, multiline: bool) -> Result<String> {
    let unified = input.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(unified.len());
    for c in unified.nfc() {
        match c {
            '\n' if multiline => out.push('\n'),
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            // Zero-width and bidi formatting characters are invisible and print as boxes.
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' => {}
            '\u{00A0}' => out.push(' '),
            c => out.push(c),
        }
    }
    let trimmed: String = if multiline {
        out.lines().map(str::trim_end).collect::<Vec<_>>().join("\n").trim().to_string()
    } else {
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let actual = trimmed.chars().count();
    if actual > limit {
        return Err(Error::TooLong { field: field.to_string(), limit, actual });
    }
    Ok(trimmed)
}

/// A name as it can stand in a file name on any system: without diacritics
/// ("đ" as "d"), lower case, words joined by hyphens.
pub fn ascii_slug(text: &str) -> String {
    let plain: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    plain.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_drop_diacritics() {
        assert_eq!(ascii_slug("Trần Thị Minh Hạnh"), "tran-thi-minh-hanh");
        assert_eq!(ascii_slug("ĐỖ  Đức-Ánh "), "do-duc-anh");
        assert_eq!(ascii_slug("  "), "");
    }

    #[test]
    fn composes_decomposed_vietnamese() {
        let nfd = "Nguye\u{302}\u{303}n Va\u{306}n A";
        assert_eq!(clean("x", nfd, 100, false).unwrap(), "Nguyễn Văn A");
    }

    #[test]
    fn drops_controls_and_keeps_lines_when_asked() {
        let s = "  a\u{0007}b\r\nc\u{200B}d\t e  \n\n";
        assert_eq!(clean("x", s, 100, true).unwrap(), "ab\ncd  e");
        assert_eq!(clean("x", s, 100, false).unwrap(), "ab cd e");
    }

    #[test]
    fn refuses_long_text_with_the_limit() {
        let e = clean("Họ và tên", &"a".repeat(11), 10, false).unwrap_err();
        assert_eq!(e.code(), "too_long");
        assert!(e.to_string().contains("tối đa 10 ký tự"), "{e}");
    }
}
