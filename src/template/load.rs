//! Reading a template file: syntax errors and rule violations are both
//! reported with the line they are on.

use super::{Section, SectionKind, Template};
use crate::error::{Error, Result};
use crate::profile::field_label;
use crate::reference::reference;
use std::collections::HashSet;

/// Parses and checks a template; the error names the line and the reason.
pub fn parse(source: &str) -> Result<Template> {
    let syntax = |e: toml::de::Error| {
        let line = e.span().map(|s| line_at(source, s.start)).unwrap_or(1);
        Error::Template { line, reason: translate(e.message()) }
    };
    // The structs ignore unknown fields (records written by newer versions
    // must stay readable), so a template's typos are caught here instead.
    let mut unknown = Vec::new();
    let template: Template = serde_ignored::deserialize(toml::Deserializer::parse(source).map_err(syntax)?, |path| {
        unknown.push(path.to_string())
    })
    .map_err(syntax)?;
    if let Some(path) = unknown.first() {
        return Err(Error::Template {
            line: line_of_path(source, path),
            reason: format!("trường không được biết đến ({path})"),
        });
    }
    let mut template = template;
    for (key, word) in super::shared_words() {
        template.words.entry(key.clone()).or_insert_with(|| word.clone());
    }
    check(&template, source)?;
    if let Some((place, what)) = super::printed::unprintable(&template) {
        return Err(Error::Template { line: 1, reason: format!("{place} có {what}, không in được") });
    }
    Ok(template)
}

fn check(t: &Template, source: &str) -> Result<()> {
    check_names(t, source)?;
    for (i, line) in t.identity.iter().enumerate() {
        if field_label(&line.field) == "Trường không rõ" {
            let reason = format!("trường “{}” không có trong hồ sơ đảng viên", line.field);
            return Err(Error::Template { line: line_of_nth(source, "[[identity]]", i), reason });
        }
    }
    check_documents(t, source)?;
    let mut seen = HashSet::new();
    for (i, s) in t.sections.iter().enumerate() {
        let at = |reason: String| Error::Template { line: line_of_nth(source, "[[sections]]", i), reason };
        if s.id.trim().is_empty() {
            return Err(at("mục cần mã (id)".into()));
        }
        if !seen.insert(s.id.as_str()) {
            return Err(at(format!("mã mục “{}” bị trùng", s.id)));
        }
        check_kind(s).and_then(|()| check_citations(t, s)).and_then(|()| check_sources(s)).map_err(at)?;
        check_points(t, s).and_then(|()| check_columns(s)).map_err(at)?;
    }
    Ok(())
}

/// Short texts shown in lists, the board and the spreadsheet.
fn short(s: &str) -> bool {
    s.chars().count() <= 200 && !s.chars().any(char::is_control)
}

/// The template's id, kind, file name, names, title and years.
fn check_names(t: &Template, source: &str) -> Result<()> {
    let top =
        |key: &str, reason: &str| Err(Error::Template { line: line_of_key(source, key, 0), reason: reason.into() });
    // The kind and the file name go into file names and "kind/section" sources.
    let plain = |s: &str| {
        !s.is_empty()
            && s.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
    };
    if t.id.trim().is_empty() {
        return top("id", "mã mẫu (id) không được để trống");
    }
    if !plain(&t.kind) || t.kind.len() > 40 {
        return top("kind", "loại văn bản (kind) phải là chữ thường không dấu, số và dấu gạch nối, ví dụ “ke-hoach”");
    }
    if !t.file_name.is_empty() && !plain(&t.file_name) {
        return top("file_name", "tên tệp (file_name) phải là chữ thường không dấu, số và dấu gạch nối");
    }
    if !short(&t.label) || !short(&t.name) {
        return top("label", "tên mẫu và nhãn (name, label) dài quá 200 ký tự hoặc có ký tự điều khiển");
    }
    if t.title.is_empty() {
        return top("title", "mẫu phải có ít nhất một dòng tiêu đề");
    }
    if t.last_year.is_some_and(|last| last < t.first_year) {
        return top("last_year", "năm cuối (last_year) trước năm đầu (first_year)");
    }
    Ok(())
}

/// The unit's own cited documents: named, new, and what replaces them known.
fn check_documents(t: &Template, source: &str) -> Result<()> {
    let mut ids = HashSet::new();
    for (i, d) in t.documents.iter().enumerate() {
        let at = |reason: String| Error::Template { line: line_of_nth(source, "[[documents]]", i), reason };
        if d.id.trim().is_empty() || d.citation.trim().is_empty() {
            return Err(at("văn bản của đơn vị cần số hiệu (id) và tên đầy đủ (citation)".into()));
        }
        if reference().document(&d.id).is_some() || !ids.insert(d.id.as_str()) {
            return Err(at(format!("văn bản “{}” đã có (trong thư viện tham chiếu hoặc trong mẫu)", d.id)));
        }
        if let Some(replaced_by) = d.replaced_by.as_deref().filter(|r| t.cited(r).is_none()) {
            return Err(at(format!("văn bản thay thế “{replaced_by}” không có")));
        }
    }
    Ok(())
}

/// What a section of its kind needs: columns, a sentence, options.
fn check_kind(s: &Section) -> std::result::Result<(), String> {
    match s.kind {
        SectionKind::Table if s.input_columns().next().is_none() => {
            Err(format!("bảng “{}” chưa có cột nào để nhập", s.id))
        }
        // A fixed section may be a heading alone ("A. NỘI DUNG KIỂM ĐIỂM").
        SectionKind::Fixed if s.text.trim().is_empty() && s.heading.trim().is_empty() => {
            Err(format!("mục “{}” cần câu in ra (text) hoặc đề mục (heading)", s.id))
        }
        SectionKind::Checklist | SectionKind::Documents if s.text.trim().is_empty() => {
            Err(format!("mục “{}” cần câu in ra (text)", s.id))
        }
        SectionKind::Documents if !s.text.contains("{documents}") => {
            Err(format!("câu của mục “{}” phải có chỗ ghi văn bản “{{documents}}”", s.id))
        }
        SectionKind::Choice if s.options.is_empty() || !s.text.contains("{choice}") => {
            Err(format!("mục chọn “{}” cần các lựa chọn (options) và câu in ra có “{{choice}}”", s.id))
        }
        SectionKind::Choice
            if s.options
                .iter()
                .enumerate()
                .any(|(i, o)| o.trim().is_empty() || !short(o) || s.options[..i].contains(o)) =>
        {
            Err(format!("các lựa chọn của mục “{}” phải khác nhau, không trống, không quá 200 ký tự", s.id))
        }
        _ => Ok(()),
    }
}

/// The documents a section cites: known, each "{ref:" closed, and in force
/// in every year the template serves.
fn check_citations(t: &Template, s: &Section) -> std::result::Result<(), String> {
    let cited = s.default_documents.iter().map(String::as_str).chain(super::refs_in(&s.text));
    if let Some(unknown) = cited.into_iter().find(|d| t.cited(d).is_none()) {
        return Err(format!("văn bản “{unknown}” không có trong thư viện tham chiếu"));
    }
    if s.text.matches("{ref:").count() != super::refs_in(&s.text).len() {
        return Err(format!("câu của mục “{}” có “{{ref:” chưa đóng bằng “}}”", s.id));
    }
    let last = t.last_year.unwrap_or(t.first_year.saturating_add(10));
    for id in super::refs_in(&s.text) {
        if let Some(year) = (t.first_year..=last).find(|&y| t.in_force(id, y).is_none()) {
            return Err(format!("văn bản “{id}” không áp dụng cho văn bản năm {year}"));
        }
    }
    Ok(())
}

/// Where a section takes its content from: "kind/section", into a text or
/// a table, a table from one table.
fn check_sources(s: &Section) -> std::result::Result<(), String> {
    let sources = [("from", &s.from), ("previous", &s.previous), ("carry", &s.carry)];
    let listed = sources.iter().flat_map(|(key, v)| v.iter().map(move |v| (*key, v)));
    for (key, value) in listed.chain(s.recall.iter().map(|v| ("recall", v))) {
        if super::source(value).is_none_or(|(k, id)| k.is_empty() || id.is_empty()) {
            return Err(format!("“{key}” của mục “{}” phải có dạng “loại-văn-bản/mã-mục”", s.id));
        }
    }
    if s.prefilled() && !matches!(s.kind, SectionKind::Text | SectionKind::Table) {
        return Err(format!("chỉ mục văn bản hoặc bảng mới lấy nội dung từ văn bản khác (from): “{}”", s.id));
    }
    if s.kind == SectionKind::Table && s.from.len() > 1 {
        return Err(format!("bảng “{}” chỉ lấy từ một bảng (from)", s.id));
    }
    if s.from.is_empty() && s.columns.iter().any(|c| c.from.is_some()) {
        return Err(format!("cột lấy từ văn bản khác (from) cần bảng “{}” có “from”", s.id));
    }
    Ok(())
}

/// A table's columns: each wider than nothing, each with its own key.
fn check_columns(s: &Section) -> std::result::Result<(), String> {
    if s.columns.iter().any(|c| !c.width.is_finite() || c.width <= 0.0) {
        return Err(format!("cột của bảng “{}” phải có độ rộng lớn hơn 0", s.id));
    }
    if s.columns.iter().enumerate().any(|(i, c)| c.key.is_empty() || s.columns[..i].iter().any(|o| o.key == c.key)) {
        return Err(format!("các cột của bảng “{}” cần mã (key) khác nhau", s.id));
    }
    Ok(())
}

/// A points section's groups, a choice that follows one, and columns chosen
/// from a list: what is wrong, if anything.
fn check_points(t: &Template, s: &Section) -> std::result::Result<(), String> {
    if s.kind == SectionKind::Points {
        if let Some(why) = crate::points::check_groups(&s.groups) {
            return Err(why);
        }
        if s.columns.len() != 4 {
            return Err(format!(
                "mục chấm điểm “{}” cần đúng 4 cột: số thứ tự, tiêu chí, điểm tối đa, điểm tự chấm",
                s.id
            ));
        }
        if !s.required {
            return Err(format!("mục chấm điểm “{}” phải bắt buộc (required = true)", s.id));
        }
        if !s.text.contains("{points}") {
            return Err(format!("mục chấm điểm “{}” cần câu in tổng điểm (text) có “{{points}}”", s.id));
        }
    } else if !s.groups.is_empty() {
        return Err(format!("chỉ mục chấm điểm (kind = \"points\") mới có nhóm tiêu chí: “{}”", s.id));
    }
    if let Some(points) = &s.levels_from {
        if s.kind != SectionKind::Choice || t.section(points).is_none_or(|p| p.kind != SectionKind::Points) {
            return Err(format!("“levels_from” của mục “{}” phải là mục chọn và chỉ tới một mục chấm điểm", s.id));
        }
        // The options are the levels of the scale, in its order (best first), by their names.
        let scale = crate::points::scale(t.first_year);
        let names: Vec<&str> = scale.map(|sc| sc.levels.iter().map(|l| l.name.as_str()).collect()).unwrap_or_default();
        if scale.is_none() || s.options.iter().map(String::as_str).ne(names.iter().copied()) {
            let names = crate::points::scale(t.first_year.max(2025))
                .map(|sc| sc.levels.iter().map(|l| l.name.clone()).collect::<Vec<_>>().join("; "))
                .unwrap_or_default();
            return Err(format!(
                "mục “{}” xếp mức theo điểm: các mức (options) phải đúng là {names}, theo thứ tự đó, và năm đầu (first_year) từ 2025",
                s.id
            ));
        }
        if !s.required {
            return Err(format!("mục đề xuất xếp loại “{}” phải bắt buộc (required = true)", s.id));
        }
    }
    for c in &s.columns {
        if c.options.iter().enumerate().any(|(i, o)| o.trim().is_empty() || c.options[..i].contains(o)) {
            return Err(format!("các lựa chọn của cột “{}” phải khác nhau và không trống", c.name));
        }
    }
    Ok(())
}

/// 1-based line number of a byte offset.
fn line_at(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// Line of the `n`-th (0-based) table header such as `[[sections]]`.
fn line_of_nth(source: &str, header: &str, n: usize) -> usize {
    source.lines().enumerate().filter(|(_, l)| l.trim() == header).nth(n).map(|(i, _)| i + 1).unwrap_or(1)
}

/// Line of an ignored field given as serde_ignored's path, e.g.
/// "sections.2.guidence": the key searched from the header of its table.
fn line_of_path(source: &str, path: &str) -> usize {
    let parts: Vec<&str> = path.split('.').collect();
    let key = parts.last().copied().unwrap_or(path);
    let start = match parts.as_slice() {
        [table, index, _, ..] => index.parse().map(|n| line_of_nth(source, &format!("[[{table}]]"), n)).unwrap_or(1),
        _ => 1,
    };
    source
        .lines()
        .enumerate()
        .skip(start - 1)
        .find(|(_, l)| l.trim_start().starts_with(key))
        .map(|(i, _)| i + 1)
        .unwrap_or(start)
}

fn line_of_key(source: &str, key: &str, n: usize) -> usize {
    source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with(key) && l.contains('='))
        .nth(n)
        .map(|(i, _)| i + 1)
        .unwrap_or(1)
}

/// The toml crate's messages are English; the common ones get a Vietnamese
/// explanation, the original stays for the rest.
fn translate(message: &str) -> String {
    if let Some(field) = message.strip_prefix("missing field ") {
        format!("thiếu trường bắt buộc {field}")
    } else if message.starts_with("unknown field") {
        format!("trường không được biết đến ({message})")
    } else if message.starts_with("unknown variant") {
        format!("giá trị không hợp lệ ({message})")
    } else if message.starts_with("invalid type") {
        format!("sai kiểu dữ liệu ({message})")
    } else {
        format!("lỗi cú pháp TOML ({message})")
    }
}
