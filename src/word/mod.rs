//! Word files: a document written out as .docx (`write`), and last year's
//! documents brought in from the .docx files members have (`read` what the
//! file holds, `map` it onto the template, `bring_in` to save it).

pub mod map;
pub mod read;
pub mod write;

pub use write::docx;

use crate::error::{Error, Result};
use crate::store::Store;

/// The file names someone other than the profile's member: nothing of it
/// goes into the profile.
pub fn another_person(profile: &crate::profile::Profile, mapped: &map::Mapped) -> bool {
    let key = crate::branch::collation::person_key;
    let named = mapped.profile.iter().find(|(f, _)| f == "full_name").map(|(_, v)| key(v));
    !profile.full_name.trim().is_empty() && named.is_some_and(|n| n != key(&profile.full_name))
}

/// What a Word file gives a document of `year` on `template`, before
/// anything is saved.
pub fn preview(template: &crate::template::Template, year: i32, bytes: &[u8]) -> Result<map::Mapped> {
    crate::dates::check_year(year)?;
    Ok(map::map(&read::blocks(bytes)?, &template.for_year(year), year))
}

/// Saves what a Word file gave: an unsigned document of that year marked as
/// brought in from `file_name`, its sections filled (all or none); the
/// profile's empty fields take what the file's identity lines say, never
/// over what the member wrote. Refused when the document of that year has
/// been written in or signed. Returns the document and the profile fields
/// filled.
pub fn bring_in(
    store: &mut Store,
    year: i32,
    kind: &str,
    mapped: map::Mapped,
    file_name: &str,
) -> Result<(i64, Vec<String>)> {
    if mapped.sections.is_empty() {
        return Err(Error::invalid("file", "Không tìm thấy mục nào của văn bản trong tệp Word này; chưa lưu gì."));
    }
    if let Some(id) = store.find_document(year, kind)? {
        let info = store.info(id)?;
        if store.has_records(id)? || info.revision > 0 {
            let label = store.template_of(id)?.board_label();
            return Err(Error::invalid(
                "year",
                format!("{label} năm {year} đã có nội dung; không lấy đè nội dung từ tệp Word lên."),
            ));
        }
    }
    // The profile's empty fields, checked before anything is written: what
    // would not pass the profile's rules is not offered.
    let mut profile = store.profile()?;
    let offers = if another_person(&profile, &mapped) { Vec::new() } else { mapped.profile.clone() };
    let mut filled: Vec<String> = offers
        .iter()
        .filter(|(field, value)| profile.offer(field, value))
        .map(|(field, _)| crate::profile::field_label(field).to_string())
        .collect();
    if profile.cleaned().is_err() {
        filled.clear();
    }
    let id = crate::writing::document(store, year, kind)?;
    let revision = store.info(id)?.revision;
    store.write_brought_in(id, revision, mapped.sections, file_name)?;
    if !filled.is_empty() {
        store.save_profile(&profile)?;
    }
    Ok((id, filled))
}
