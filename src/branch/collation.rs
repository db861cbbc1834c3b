//! Vietnamese order and search for names: letters in the order of the
//! Vietnamese alphabet ("Đ" after "D", "Ơ" after "Ô"), tones deciding only
//! between names that are otherwise equal; search ignores every mark.

use unicode_normalization::UnicodeNormalization;

const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// A key that sorts names as a Vietnamese list does: by given name (the last
/// word), then by the whole name from the family name on.
pub fn name_key(name: &str) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
    let given = name.split_whitespace().last().unwrap_or("");
    let (given_letters, _) = word_key(given);
    let (letters, tones) = word_key(name);
    (given_letters, letters, tones)
}

/// Letters (alphabet ranks; other characters after every letter, by code
/// point) and tones, the tie-break.
fn word_key(text: &str) -> (Vec<u32>, Vec<u32>) {
    let mut letters = Vec::new();
    let mut tones = Vec::new();
    let mut pending: Option<char> = None;
    let flush = |c: char, letters: &mut Vec<u32>| {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let rank = ALPHABET.chars().position(|a| a == lower).map_or(1000 + lower as u32, |p| p as u32);
        letters.push(rank);
    };
    for c in text.nfd() {
        // Marks that make a letter of the alphabet (ă â ê ô ơ ư) stay with it;
        // the five tone marks are kept apart.
        let tone = match c {
            '\u{0300}' => Some(1),
            '\u{0309}' => Some(2),
            '\u{0303}' => Some(3),
            '\u{0301}' => Some(4),
            '\u{0323}' => Some(5),
            _ => None,
        };
        if let Some(t) = tone {
            tones.push(t);
            continue;
        }
        if unicode_normalization::char::is_combining_mark(c) {
            if let Some(base) = pending.take() {
                let composed: String = [base, c].iter().collect::<String>().nfc().collect();
                pending = composed.chars().next();
            }
            continue;
        }
        if let Some(base) = pending.replace(c) {
            flush(base, &mut letters);
            tones.push(0);
        }
    }
    if let Some(base) = pending {
        flush(base, &mut letters);
    }
    (letters, tones)
}

pub use crate::text::folded;

/// What two names of one person share: NFC, lower case, spaces collapsed,
/// every mark kept ("NGUYỄN VĂN  HÙNG" is "Nguyễn Văn Hùng"; "Lê Thị Hòa" is
/// not "Lê Thị Hoa").
pub fn person_key(name: &str) -> String {
    name.nfc().flat_map(char::to_lowercase).collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name in the usual capitalisation when it was typed all in capitals or
/// all in small letters ("NGUYỄN VĂN HÙNG", "võ đức bình"); a name typed
/// with mixed case is kept as typed. Spaces are collapsed.
pub fn usual_case(name: &str) -> String {
    let name: String = name.nfc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    let has = |f: fn(char) -> bool| name.chars().filter(|c| c.is_alphabetic()).any(f);
    if has(char::is_uppercase) && has(char::is_lowercase) {
        return name;
    }
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c == ' ' || c == '-';
    }
    out
}

/// A unit's name as a header prints it, compared: like a person's name,
/// without the words "chi bộ" / "đảng bộ" it may or may not begin with.
pub fn unit_key(name: &str) -> String {
    let key = person_key(name);
    for lead in ["chi bộ ", "đảng bộ "] {
        if let Some(rest) = key.strip_prefix(lead) {
            return rest.to_string();
        }
    }
    key
}

/// True when `query` (any marks, any case) is found in `name`.
pub fn matches(name: &str, query: &str) -> bool {
    let q = folded(query.trim());
    q.is_empty() || folded(name).contains(&q)
}

/// The one item whose name is `query`: a name typed in full picks that
/// member even when it is part of another's; otherwise the query must match
/// exactly one name (marks and case ignored).
pub fn pick<'a, T>(items: &'a [T], name: impl Fn(&T) -> &str, query: &str) -> crate::error::Result<&'a T> {
    use crate::error::Error;
    // With its marks first: "Lê Thị Hòa" is not "Lê Thị Hoa".
    let same: Vec<&T> = items.iter().filter(|i| person_key(name(i)) == person_key(query)).collect();
    let exact: Vec<&T> =
        if same.is_empty() { items.iter().filter(|i| folded(name(i)) == folded(query.trim())).collect() } else { same };
    let found = if exact.is_empty() { items.iter().filter(|i| matches(name(i), query)).collect() } else { exact };
    match found.as_slice() {
        [] => Err(Error::NotFound(format!("đảng viên “{query}” trong danh sách"))),
        [one] => Ok(one),
        many => {
            let names: Vec<&str> = many.iter().map(|i| name(i)).collect();
            Err(Error::invalid(
                "member",
                format!("Có {} đảng viên khớp với “{query}”: {}. Hãy ghi đầy đủ hơn.", many.len(), names.join(", ")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by_key(|n| name_key(n));
        v
    }

    #[test]
    fn d_comes_before_đ_and_given_names_lead() {
        assert_eq!(
            sorted(&["Đỗ Văn Đức", "Lê Văn Dũng", "Trần Thị Anh"]),
            ["Trần Thị Anh", "Lê Văn Dũng", "Đỗ Văn Đức"]
        );
        assert_eq!(sorted(&["Phạm Ơn", "Phạm Ôn", "Phạm On"]), ["Phạm On", "Phạm Ôn", "Phạm Ơn"]);
        // Same letters: the tone decides (ngang, huyền, hỏi, ngã, sắc, nặng).
        assert_eq!(sorted(&["Lê Mạ", "Lê Má", "Lê Ma", "Lê Mà"]), ["Lê Ma", "Lê Mà", "Lê Má", "Lê Mạ"]);
        // Same given name: then from the family name.
        assert_eq!(sorted(&["Vũ Thị Lan", "Bùi Thị Lan"]), ["Bùi Thị Lan", "Vũ Thị Lan"]);
    }

    #[test]
    fn people_and_units_compare_as_people_read_them() {
        assert_eq!(person_key("NGUYỄN VĂN  HÙNG"), person_key("Nguyễn Văn Hùng"));
        assert_eq!(person_key(" võ đức bình "), person_key("Võ Đức Bình"));
        assert_ne!(person_key("Lê Thị Hòa"), person_key("Lê Thị Hoa"));
        // Decomposed marks (as some keyboards send them) are the same letters.
        assert_eq!(person_key("Le\u{0302} Thi\u{0323} Ho\u{0300}a"), person_key("Lê Thị Hòa"));
        assert_eq!(usual_case("NGUYỄN VĂN  HÙNG"), "Nguyễn Văn Hùng");
        assert_eq!(usual_case("võ đức bình"), "Võ Đức Bình");
        assert_eq!(usual_case("Bùi  Đức Tuấn"), "Bùi Đức Tuấn");
        assert_eq!(usual_case("ĐINH THỊ MAI-ANH"), "Đinh Thị Mai-Anh");
        assert_eq!(unit_key("CHI BỘ PHÒNG HÀNH CHÍNH"), unit_key("Phòng Hành chính"));
        assert_ne!(unit_key("Chi bộ Phòng Hành chính"), unit_key("Chi bộ Phòng Tổ chức"));
    }

    #[test]
    fn search_ignores_marks_and_case() {
        assert!(matches("Nguyễn Thị Hồng Nhung", "hong nhung"));
        assert!(matches("Đỗ Văn Đức", "do van duc"));
        assert!(matches("Đỗ Văn Đức", "ĐỨC"));
        assert!(!matches("Đỗ Văn Đức", "dung"));
        assert!(matches("bất kỳ", "  "));
    }
}
