//! Cleaning of every text a person types, before it is stored or printed.

use crate::error::{Error, Result};
use unicode_normalization::char::is_combining_mark;
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
            c if invisible(c) => {}
            // Spaces and breaks of other widths print as ours.
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
            '\u{2028}' | '\u{2029}' if multiline => out.push('\n'),
            '\u{2028}' | '\u{2029}' => out.push(' '),
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

/// The Unicode "Cf" (format) characters, Unicode 15.1. None is visible: they
/// steer layout (bidi isolates and embeddings, joiners), mark up scripts the
/// fonts do not have, or hint where a word may break (the soft hyphen: we do
/// not hyphenate, so it would print as a hyphen mid-word). Removed on save.
const FORMAT_CHARACTERS: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// Invisible characters removed on save: the format characters, the
/// variation selectors (they choose a glyph variant our fonts do not have)
/// and the combining grapheme joiner (it only separates marks for sorting).
pub fn invisible(c: char) -> bool {
    let cp = c as u32;
    FORMAT_CHARACTERS.iter().any(|&(a, b)| (a..=b).contains(&cp))
        || matches!(cp, 0x034F | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

/// Combining marks left on a letter once composed (NFC): Vietnamese
/// letters compose whole and leave none; one may be a foreign letter's;
/// more is a stack that prints as a smear over the line above.
const MAX_MARKS: usize = 1;

/// Every run of characters in `text` that would not print as it reads: not
/// in our fonts, invisible, or a stack of combining marks; each as (what,
/// the words around it). A run of one kind (a word in Arabic, an emoji
/// sequence) is one entry.
pub fn unprintable_runs(text: &str) -> Vec<(String, String)> {
    let m = crate::fonts::metrics();
    let chars: Vec<char> = text.chars().collect();
    let marks_before = |i: usize| chars[..i].iter().rev().take_while(|c| is_combining_mark(**c)).count();
    let bad = |i: usize| {
        let c = chars[i];
        !m.covers(c)
            || invisible(c)
            || matches!(c, '\u{2028}' | '\u{2029}')
            || (is_combining_mark(c) && marks_before(i) >= MAX_MARKS)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !bad(i) {
            i += 1;
            continue;
        }
        let kind = char_kind(chars[i]);
        let mut end = i + 1;
        while end < chars.len() && bad(end) && char_kind(chars[end]) == kind {
            end += 1;
        }
        out.push((describe_run(&chars[i..end]), context(text, i)));
        i = end;
    }
    out
}

/// The first unprintable run of `text`, as the error that names it in `section`.
pub fn check_printable(section: &str, text: &str) -> Result<()> {
    match unprintable_runs(text).into_iter().next() {
        Some((what, context)) => Err(Error::Unprintable { what, section: section.to_string(), context }),
        None => Ok(()),
    }
}

/// What kind of character `c` is, in words a member understands.
pub fn char_kind(c: char) -> &'static str {
    match c as u32 {
        0x202A..=0x202E | 0x2066..=0x2069 | 0x200E | 0x200F | 0x061C => "ký tự điều khiển hướng chữ, không nhìn thấy",
        _ if invisible(c) || c.is_control() => "ký tự định dạng, không nhìn thấy",
        0x2600..=0x27BF | 0x1F000..=0x1FAFF => "biểu tượng cảm xúc (emoji)",
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFC => "chữ viết từ phải sang trái (Ả Rập, Do Thái)",
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => "chữ Hán, Nhật hoặc Hàn",
        0x0400..=0x052F => "chữ Kirin (trông giống chữ Latinh nhưng là chữ khác)",
        0x0370..=0x03FF => "chữ Hy Lạp",
        0x2028 | 0x2029 => "ký tự xuống dòng đặc biệt",
        _ if is_combining_mark(c) => "dấu chồng lên chữ (nhiều dấu trên một chữ)",
        _ => "ký tự",
    }
}

/// A run of characters of one kind: the kind, the characters (when they can
/// be seen) and the first one's code point.
pub fn describe_run(run: &[char]) -> String {
    let Some(&first) = run.first() else { return String::new() };
    let kind = char_kind(first);
    if invisible(first) || first.is_control() {
        format!("{kind} (U+{:04X})", first as u32)
    } else {
        let text: String = run.iter().collect();
        format!("{kind} “{text}” (U+{:04X})", first as u32)
    }
}

/// The words around the character at `at` (a char index), so that a member
/// can find it: up to about 30 characters each side, cut at a space.
pub fn context(text: &str, at: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let from = at.saturating_sub(30);
    let to = (at + 31).min(chars.len());
    let mut before: String = chars[from..at.min(chars.len())].iter().collect();
    let mut after: String = chars[(at + 1).min(chars.len())..to].iter().collect();
    if from > 0 {
        before = format!("…{}", before.split_once(' ').map(|(_, b)| b).unwrap_or(&before));
    }
    if to < chars.len() {
        after = format!("{}…", after.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&after));
    }
    let shown = chars.get(at).filter(|c| !invisible(**c) && !c.is_control()).map(|c| c.to_string()).unwrap_or_default();
    format!("{before}{shown}{after}").replace('\n', " ")
}

/// Why a person's name cannot be a name, or None: a name holds Latin letters
/// (the Vietnamese ones among them), spaces, hyphens and apostrophes only,
/// so that no look-alike (a Greek "ο" in "Lοng"), emoji or direction mark
/// makes a second person that reads the same.
pub fn name_problem(name: &str) -> Option<String> {
    const NAME_LIMIT: usize = 100;
    let letter = |c: char| {
        c.is_ascii_alphabetic()
            || (c.is_alphabetic() && matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF) && c != '×' && c != '÷')
    };
    let length = name.chars().count();
    if length > NAME_LIMIT {
        return Some(format!("Họ và tên dài {length} ký tự; tên một người không quá {NAME_LIMIT} ký tự."));
    }
    let bad: Vec<char> = name.chars().filter(|c| !(letter(*c) || matches!(c, ' ' | '-' | '\'' | '’'))).collect();
    let first = *bad.first()?;
    Some(format!(
        "Họ và tên chỉ gồm chữ cái tiếng Việt, dấu cách, dấu gạch nối và dấu nháy; có {} không phải chữ cái \
         tiếng Việt (hãy gõ lại chữ đó bằng bàn phím tiếng Việt).",
        describe_run(&[first])
    ))
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
    let mut slug = String::new();
    // Whole words up to a length any file system takes in a name.
    for word in plain.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !slug.is_empty() && slug.len() + 1 + word.len() > SLUG_LIMIT {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().take(SLUG_LIMIT));
    }
    slug
}

/// The longest slug in a file name, in bytes (names hold two or three).
const SLUG_LIMIT: usize = 60;

/// `folded`, with single spaces: two names (or headings) read alike.
pub fn folded_words(text: &str) -> String {
    folded(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name without marks, in lower case, "đ" as "d": what search compares
/// (and what a certificate's holder is compared with, providers often
/// writing names in capitals without marks).
pub fn folded(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_holds_vietnamese_letters_only() {
        for good in ["Nguyễn Văn Hùng", "Đặng Thị Mai-Anh", "H'Hen Niê", "Ưng Ơn Ỷ"] {
            assert_eq!(name_problem(good), None, "{good}");
        }
        for bad in ["Vũ Văn L\u{03BF}ng", "Hồ Thị 😀 Mai", "=1+1", "Lê\u{202E}Văn", "Nguyễn Văn A2"] {
            assert!(name_problem(bad).is_some(), "{bad}");
        }
        assert!(name_problem("Vũ Văn L\u{03BF}ng").unwrap().contains("U+03BF"));
    }

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
    fn every_format_character_variation_selector_and_the_grapheme_joiner_is_removed() {
        let mut seen = 0;
        let ranges = FORMAT_CHARACTERS.iter().copied().chain([(0x034F, 0x034F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF)]);
        for (a, b) in ranges {
            for cp in a..=b {
                let c = char::from_u32(cp).unwrap();
                assert_eq!(clean("x", &format!("chữ{c}viết"), 100, false).unwrap(), "chữviết", "U+{cp:04X}");
                seen += 1;
            }
        }
        assert_eq!(seen, 170 + 16 + 240 + 1);
        // A soft hyphen is a hint, never a printed hyphen.
        assert_eq!(clean("x", "lưu\u{AD}trữ", 100, false).unwrap(), "lưutrữ");
        // Visible characters stay, even those the fonts lack (refused at signing, named).
        assert_eq!(clean("x", "a😀b", 100, false).unwrap(), "a😀b");
    }

    #[test]
    fn a_character_is_named_in_words_with_the_words_around_it() {
        assert_eq!(describe_run(&['😀']), "biểu tượng cảm xúc (emoji) “😀” (U+1F600)");
        assert_eq!(describe_run(&['\u{2067}']), "ký tự điều khiển hướng chữ, không nhìn thấy (U+2067)");
        assert_eq!(describe_run(&['中']), "chữ Hán, Nhật hoặc Hàn “中” (U+4E2D)");
        assert!(describe_run(&['а']).starts_with("chữ Kirin"));
        let text = "Thường xuyên học tập nghị quyết, chỉ thị của Đảng 😀 và chính sách, pháp luật của Nhà nước";
        let at = text.chars().position(|c| c == '😀').unwrap();
        assert_eq!(context(text, at), "…nghị quyết, chỉ thị của Đảng 😀 và chính sách, pháp luật của…");
    }

    #[test]
    fn refuses_long_text_with_the_limit() {
        let e = clean("Họ và tên", &"a".repeat(11), 10, false).unwrap_err();
        assert_eq!(e.code(), "too_long");
        assert!(e.to_string().contains("tối đa 10 ký tự"), "{e}");
    }
}
