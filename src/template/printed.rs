//! What a template prints, place by place, so that two templates can be
//! compared as a reader would: a member about to accept a branch's template
//! sees every printed word that would change, old beside new.

use super::Template;

/// One printed difference: where, the old words and the new ("" when
/// absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub place: String,
    pub before: String,
    pub after: String,
}

/// Every printed difference between `old` and `new` for `year`, in the new
/// template's order; a long text that changed is shown sentence by sentence.
pub fn differences(old: &Template, new: &Template, year: i32) -> Vec<Difference> {
    let (old, new) = (printed(old, year), printed(new, year));
    let mut places: Vec<&Printed> = new.iter().collect();
    places.extend(old.iter().filter(|o| !new.iter().any(|n| n.key == o.key)));
    let words =
        |list: &[Printed], key: &str| list.iter().find(|p| p.key == key).map(|p| p.words.clone()).unwrap_or_default();
    let mut out = Vec::new();
    for place in places {
        let (before, after) = (words(&old, &place.key), words(&new, &place.key));
        if before == after {
            continue;
        }
        // Named as the member knows it: by the current template's words.
        let label = old.iter().find(|o| o.key == place.key).map_or(&place.label, |o| &o.label);
        let unseen = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        if unseen(&before) == unseen(&after) {
            // Only spaces or invisible marks differ: said, as the words look alike.
            let place = format!("{label} (chỉ khác ở khoảng trắng hoặc ký tự không nhìn thấy)");
            out.push(Difference { place, before, after });
        } else if place.key.ends_with("/text") {
            out.extend(by_sentence(label, &before, &after));
        } else {
            out.push(Difference { place: label.clone(), before, after });
        }
    }
    out
}

/// The first printed words of `t` that would not print as they read (a
/// character our fonts lack, an invisible one, a stack of marks): where,
/// and what, in words. Checked when a template is read, so that a unit's
/// template cannot sign one thing and print another.
pub fn unprintable(t: &Template) -> Option<(String, String)> {
    printed(t, t.first_year)
        .into_iter()
        .find_map(|p| crate::text::unprintable_runs(&p.words).into_iter().next().map(|(what, _)| (p.label, what)))
}

/// Printed words at one place of a template: `key` is stable across
/// wordings (a section's id), `label` names it for the member.
struct Printed {
    key: String,
    label: String,
    words: String,
}

/// Everything a template prints for `year`, place by place.
fn printed(t: &Template, year: i32) -> Vec<Printed> {
    let mut out = Vec::new();
    let mut add = |key: String, label: String, words: String| out.push(Printed { key, label, words });
    add("title".into(), "Tiêu đề".into(), t.title_lines(year).join(" / "));
    for line in &t.identity {
        add(format!("identity/{}", line.field), format!("Dòng “{}” ở đầu văn bản", line.label), line.label.clone());
    }
    for s in &t.sections {
        let name = if s.heading.is_empty() { s.id.clone() } else { s.heading.clone() };
        let id = &s.id;
        add(format!("{id}/group"), format!("Nhóm của mục “{name}”"), s.group.clone().unwrap_or_default());
        add(format!("{id}/heading"), format!("Tiêu đề mục “{name}”"), s.heading.clone());
        add(format!("{id}/text"), format!("Câu in sẵn ở mục “{name}”"), super::fill_year(&s.text, year));
        add(format!("{id}/options"), format!("Các lựa chọn ở mục “{name}”"), s.options.join("; "));
        let columns: Vec<&str> = s.columns.iter().map(|c| c.name.as_str()).collect();
        add(format!("{id}/columns"), format!("Các cột của bảng ở mục “{name}”"), columns.join("; "));
        for c in s.columns.iter().filter(|c| !c.options.is_empty()) {
            add(format!("{id}/{}/options", c.key), format!("Các lựa chọn ở cột “{}”", c.name), c.options.join("; "));
        }
        // The points table: each group and criterion, with its maximum.
        for (g, group) in s.groups.iter().enumerate() {
            let criteria: Vec<String> = group.criteria.iter().map(|c| format!("{} ({})", c.text, c.max)).collect();
            let words = format!("{} ({}): {}", group.name, group.max, criteria.join("; "));
            add(format!("{id}/group/{g}"), format!("Nhóm tiêu chí {} ở mục “{name}”", g + 1), words);
        }
    }
    let sig = &t.signature;
    for (key, label, words) in [
        ("left", "Chữ ký: bên trái", &sig.left),
        ("right", "Chữ ký: bên phải", &sig.right),
        ("hint", "Chữ ký: dòng hướng dẫn", &sig.hint),
        ("on_behalf", "Chữ ký: thay mặt", &sig.on_behalf),
        ("secretary", "Chữ ký: bí thư", &sig.secretary),
        ("deputy", "Chữ ký: phó bí thư", &sig.deputy_secretary),
        ("branch_rating", "Câu chi bộ đề xuất xếp loại", &sig.branch_rating),
    ] {
        add(format!("signature/{key}"), label.into(), words.clone());
    }
    for (key, words) in &t.words {
        add(format!("words/{key}"), format!("Chữ in sẵn “{key}”"), words.clone());
    }
    for d in &t.documents {
        add(format!("cited/{}", d.id), format!("Văn bản được trích dẫn {}", d.id), d.citation.clone());
    }
    out.retain(|p| !p.words.is_empty());
    out
}

/// A change of a long text as its changed sentences; a short one whole.
fn by_sentence(place: &str, before: &str, after: &str) -> Vec<Difference> {
    let (old, new) = (sentences(before), sentences(after));
    if old.len() <= 1 && new.len() <= 1 {
        return vec![Difference { place: place.to_string(), before: before.into(), after: after.into() }];
    }
    let gone: Vec<&str> = old.iter().filter(|s| !new.contains(s)).copied().collect();
    let came: Vec<&str> = new.iter().filter(|s| !old.contains(s)).copied().collect();
    (0..gone.len().max(came.len()))
        .map(|i| Difference {
            place: format!("{place}, câu {}", i + 1),
            before: gone.get(i).copied().unwrap_or_default().to_string(),
            after: came.get(i).copied().unwrap_or_default().to_string(),
        })
        .collect()
}

/// Sentences as a reader counts them: after ". ", "! " or "? ".
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' ') {
            out.push(text[start..=i].trim());
            start = i + 1;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_heading_and_one_changed_sentence_are_shown_in_full() {
        let mut old = crate::template::shipped("ke-hoach").unwrap().clone();
        let fixed = old.sections.iter().position(|s| !s.text.is_empty()).unwrap();
        old.sections[fixed].text = "Tôi xin cam kết thực hiện kế hoạch năm {year}. Cuối năm tôi tự kiểm điểm.".into();
        let mut new = old.clone();
        let s = new.sections.iter_mut().find(|s| !s.heading.is_empty()).unwrap();
        let heading = s.heading.clone();
        s.heading = "III. TÔI TỰ NGUYỆN XIN RA KHỎI ĐẢNG".into();
        new.sections[fixed].text = "Tôi xin cam kết thực hiện kế hoạch năm {year}. Tôi không làm gì cả.".into();
        let d = differences(&old, &new, 2027);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(
            (d[0].before.as_str(), d[0].after.as_str()),
            (heading.as_str(), "III. TÔI TỰ NGUYỆN XIN RA KHỎI ĐẢNG")
        );
        assert_eq!((d[1].before.as_str(), d[1].after.as_str()), ("Cuối năm tôi tự kiểm điểm.", "Tôi không làm gì cả."));
        assert!(d[1].place.ends_with("câu 1"), "{}", d[1].place);
        assert!(differences(&old, &old, 2027).is_empty());
    }
}
