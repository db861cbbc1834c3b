//! "Thiết lập của chi bộ năm …": the small file a secretary hands members at
//! the start of a cycle. It carries the names for the document header, the
//! place of the date line, the deadline and the unit's own templates, and is
//! signed with the secretary's key, which it carries: the signature proves
//! the file unaltered; who made it, the member checks by the key's
//! fingerprint (the first time, with the secretary in person). A member's app
//! reads it, shows what it would change and which key signed it, and applies
//! it when the member accepts.
//!
//! The file is an envelope `{format, version, settings, signature}` whose
//! `settings` is a string: the canonical JSON that was signed, kept as its
//! exact bytes so that nothing has to be serialised again to check it.

use crate::dates::format_date;
use crate::error::{Error, Result};
use crate::keys::{key_fingerprint, signature_valid};
use crate::record::{canonical, hex, unhex};
use crate::store::Store;
use crate::template::{branch_list_template, Template};
use crate::text::{clean, LINE_LIMIT};
use base64::Engine;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};

pub const FORMAT: &str = "camket-branch-settings";
pub const VERSION: u64 = 1;
/// A settings file is a few kilobytes, a few tens with templates.
const MAX_BYTES: u64 = 1 << 20;

/// A settings file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub year: i32,
    pub party_committee: String,
    pub branch: String,
    pub place: String,
    pub deadline: Option<NaiveDate>,
    pub templates: Vec<Template>,
    /// The secretary's name and function, as they signed.
    pub issued_by: String,
    pub issued_on: NaiveDate,
    pub public_key: Vec<u8>,
    /// The providers' root certificates the unit trusts for ký số.
    pub roots: Vec<crate::certificate::Certificate>,
}

/// One line of "what accepting changes".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Change {
    pub label: String,
    pub before: String,
    pub after: String,
}

/// The signing key against what this computer knows. The file carries its
/// own key, so its signature proves the file unaltered, not who made it:
/// the member compares the fingerprint with the secretary's, in person, the
/// first time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum IssuerKey {
    /// A file signed with it was accepted before.
    Known,
    /// The first settings file on this computer.
    First,
    /// Earlier files were signed with another key.
    Other,
}

/// What the member sees before accepting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SettingsPreview {
    pub year: i32,
    /// "Nguyễn Văn An, Bí thư Chi bộ, ký ngày 01/12/2026".
    pub issued_by: String,
    pub key_fingerprint: String,
    /// Whether this computer has accepted a file signed with this key before.
    pub key: IssuerKey,
    /// The secretary keys accepted before (named beside a new one).
    pub known_keys: Vec<String>,
    pub changes: Vec<Change>,
    /// What stays as it is, e.g. a document already signed keeps its template.
    pub notes: Vec<String>,
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

/// The file name a secretary saves under.
pub fn file_name(year: i32) -> String {
    format!("thiet-lap-chi-bo-{year}.json")
}

/// Makes the signed settings file of `year` from the secretary's profile, the
/// year's deadline and the unit's template files (TOML sources, checked as
/// `camket template check` does). `app::save_branch_settings` writes it and
/// notes that the year's settings were handed out.
pub fn make(store: &Store, year: i32, template_sources: &[String], today: NaiveDate) -> Result<Vec<u8>> {
    crate::dates::check_year(year)?;
    let me = store.profile()?;
    let missing: Vec<&str> = [
        (me.full_name.as_str(), "họ và tên"),
        (me.party_committee.as_str(), "đảng bộ"),
        (me.branch.as_str(), "chi bộ"),
        (me.place.as_str(), "địa danh"),
    ]
    .iter()
    .filter(|(v, _)| v.trim().is_empty())
    .map(|(_, label)| *label)
    .collect();
    if !missing.is_empty() {
        return Err(Error::invalid(
            "profile",
            format!("Hãy điền {} trong Hồ sơ trước khi lập tệp thiết lập.", missing.join(", ")),
        ));
    }
    super::check_secretary(&me)?;
    checked_templates(template_sources, year)?;
    let issued_by = if me.party_position.trim().is_empty() {
        me.full_name.clone()
    } else {
        format!("{}, {}", me.full_name, me.party_position)
    };
    let key = store.member_key()?;
    let body = canonical(&json!({
        "year": year,
        "party_committee": me.party_committee,
        "branch": me.branch,
        "place": me.place,
        "deadline": super::status::deadline(store, year)?.map(|d| d.to_string()),
        "templates": template_sources,
        "issued_by": issued_by,
        "issued_on": today.to_string(),
        "public_key": hex(&key.public()),
        "roots": store.trusted_roots()?.iter().map(|c| b64().encode(crate::certificate::der(c))).collect::<Vec<_>>(),
    }));
    let body = String::from_utf8(body).map_err(|_| malformed())?;
    let signature = hex(&key.sign(body.as_bytes()));
    let file = canonical(&json!({ "format": FORMAT, "version": VERSION, "settings": body, "signature": signature }));
    if file.len() as u64 > MAX_BYTES {
        return Err(too_large());
    }
    Ok(file)
}

fn checked_templates(sources: &[String], year: i32) -> Result<Vec<Template>> {
    let mut out: Vec<Template> = Vec::new();
    for source in sources {
        let t = crate::template::parse(source)?;
        if t.kind == branch_list_template().kind {
            return Err(Error::invalid("template", format!("Mẫu “{}” không phải mẫu văn bản của đảng viên.", t.name)));
        }
        if !t.applies_to(year) {
            return Err(Error::invalid("template", format!("Mẫu “{}” không áp dụng cho năm {year}.", t.name)));
        }
        if out.iter().any(|o| o.kind == t.kind && form_code(o) == form_code(&t)) {
            let form = t.form.as_ref().map(|f| format!(" (mẫu {})", f.code)).unwrap_or_default();
            return Err(Error::invalid(
                "template",
                format!("Có hai mẫu cho {}{form}; chỉ chọn một.", t.board_label().to_lowercase()),
            ));
        }
        out.push(t);
    }
    Ok(out)
}

/// The form letter a template is stored under ("" for a kind of one form).
fn form_code(t: &Template) -> String {
    t.form.as_ref().map(|f| f.code.clone()).unwrap_or_default()
}

fn too_large() -> Error {
    Error::invalid("file", format!("Tệp thiết lập lớn quá {} KB; hãy dùng mẫu gọn hơn.", MAX_BYTES / 1024))
}

fn malformed() -> Error {
    Error::invalid("file", "Tệp này không phải tệp thiết lập của chi bộ do Cam Kết lập.")
}

/// Reads a settings file from disk, refusing a file far too large to be one.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    let bytes = crate::files::read_regular(path, MAX_BYTES + 1)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads a settings file: its signature must match its own key, its texts
/// are cleaned and its templates checked like any other.
pub fn read(bytes: &[u8]) -> Result<Settings> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large());
    }
    let envelope: Value = serde_json::from_slice(bytes).map_err(|_| malformed())?;
    if envelope.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(malformed());
    }
    match envelope.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(v) if v > VERSION => {
            return Err(Error::invalid(
                "file",
                "Tệp thiết lập này do phiên bản Cam Kết mới hơn lập; hãy cập nhật ứng dụng rồi mở lại.",
            ))
        }
        _ => return Err(malformed()),
    }
    let body = envelope.get("settings").and_then(Value::as_str).ok_or_else(malformed)?;
    let signature = envelope.get("signature").and_then(Value::as_str).and_then(unhex).ok_or_else(malformed)?;
    let fields: Value = serde_json::from_str(body).map_err(|_| malformed())?;
    let text = |key: &str| fields.get(key).and_then(Value::as_str).ok_or_else(malformed);
    let public_key = unhex(text("public_key")?).filter(|k| k.len() == 32).ok_or_else(malformed)?;
    if !signature_valid(&public_key, body.as_bytes(), &signature) {
        return Err(Error::invalid(
            "file",
            "Chữ ký số của tệp thiết lập không khớp: tệp đã bị sửa sau khi bí thư lập. Hãy xin lại tệp từ bí thư.",
        ));
    }
    let year = fields.get("year").and_then(Value::as_i64).and_then(|y| i32::try_from(y).ok()).ok_or_else(malformed)?;
    crate::dates::check_year(year)?;
    let date = |s: &str| s.parse::<NaiveDate>().map_err(|_| malformed());
    let deadline = match fields.get("deadline") {
        Some(Value::String(s)) => Some(date(s)?),
        _ => None,
    };
    let sources: Vec<String> = match fields.get("templates") {
        Some(Value::Array(items)) => {
            items.iter().map(|s| s.as_str().map(str::to_string).ok_or_else(malformed)).collect::<Result<_>>()?
        }
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(malformed()),
    };
    super::status::check_deadline(year, deadline)?;
    // Optional: files made before ký số have none.
    let roots = match fields.get("roots") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|r| {
                let der = r.as_str().and_then(|s| b64().decode(s).ok()).ok_or_else(malformed)?;
                crate::certificate::parse(&der).map_err(|_| malformed())
            })
            .collect::<Result<Vec<_>>>()?,
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(malformed()),
    };
    let issued_by = clean("Người lập", text("issued_by")?, LINE_LIMIT, false)?;
    if issued_by.is_empty() {
        return Err(malformed());
    }
    Ok(Settings {
        year,
        party_committee: clean("Đảng bộ", text("party_committee")?, LINE_LIMIT, false)?,
        branch: clean("Chi bộ", text("branch")?, LINE_LIMIT, false)?,
        place: clean("Địa danh", text("place")?, LINE_LIMIT, false)?,
        deadline,
        templates: checked_templates(&sources, year)?,
        issued_by,
        issued_on: date(text("issued_on")?)?,
        public_key,
        roots,
    })
}

/// What accepting `settings` would change in this member's store.
pub fn preview(store: &Store, settings: &Settings) -> Result<SettingsPreview> {
    let profile = store.profile()?;
    let year = settings.year;
    let mut changes = Vec::new();
    add_change(&mut changes, "Đảng bộ", &profile.party_committee, &settings.party_committee);
    add_change(&mut changes, "Chi bộ", &profile.branch, &settings.branch);
    add_change(&mut changes, "Địa danh ở dòng ngày tháng", &profile.place, &settings.place);
    if !settings.roots.is_empty() {
        let names = |roots: &[crate::certificate::Certificate]| {
            let names: Vec<String> = roots.iter().map(|c| crate::certificate::holder(c).holder).collect();
            if names.is_empty() {
                "chưa có".to_string()
            } else {
                names.join("; ")
            }
        };
        let mut after = store.trusted_roots()?;
        after.extend(settings.roots.iter().filter(|r| !after.contains(r)).cloned().collect::<Vec<_>>());
        add_change(&mut changes, "Chứng thư gốc tin cậy (ký số)", &names(&store.trusted_roots()?), &names(&after));
    }
    let deadline = |d: Option<NaiveDate>| d.map(format_date).unwrap_or_else(|| "chưa có".into());
    let before = deadline(accepted(store, year)?.and_then(|a| a.deadline));
    add_change(&mut changes, &format!("Hạn nộp năm {year}"), &before, &deadline(settings.deadline));
    let mut notes = Vec::new();
    for t in &settings.templates {
        template_change(store, year, t, &mut changes, &mut notes)?;
    }
    if changes.is_empty() {
        notes.push("Hồ sơ và văn bản của đồng chí đã đúng như tệp thiết lập này; không có gì thay đổi.".into());
    }
    let known = known_keys(store.conn())?;
    let key = match known.as_slice() {
        [] => IssuerKey::First,
        keys if keys.contains(&settings.public_key) => IssuerKey::Known,
        _ => IssuerKey::Other,
    };
    Ok(SettingsPreview {
        year,
        issued_by: format!("{}, ký ngày {}", settings.issued_by, format_date(settings.issued_on)),
        key_fingerprint: key_fingerprint(&settings.public_key),
        key,
        known_keys: known.iter().map(|k| key_fingerprint(k)).collect(),
        changes,
        notes,
    })
}

fn add_change(changes: &mut Vec<Change>, label: &str, before: &str, after: &str) {
    if before != after {
        changes.push(Change { label: label.into(), before: before.into(), after: after.into() });
    }
}

/// What the branch's template `t` changes for the member's document of its
/// kind and form in `year`: every printed word, old beside new, or a new
/// document on the board; a signed document keeps its template.
fn template_change(
    store: &Store,
    year: i32,
    t: &Template,
    changes: &mut Vec<Change>,
    notes: &mut Vec<String>,
) -> Result<()> {
    let label = t.board_label();
    let new = t.for_year(year);
    // Only the member's document on this form takes this template.
    let document = match store.find_document(year, &t.kind)? {
        Some(id) if form_code(&store.template_of(id)?) == form_code(t) => Some(id),
        _ => None,
    };
    let same_form = |forms: Vec<Template>| forms.into_iter().find(|f| form_code(f) == form_code(t));
    let current = match document {
        Some(id) => store.template_of(id)?,
        None => match store.forms_for(year, &t.kind).ok().and_then(same_form) {
            Some(current) => current.for_year(year),
            // A kind or form the app does not ship: a new one on the board.
            None => {
                let what = if t.form.is_some() { t.name.clone() } else { label.clone() };
                add_change(changes, &format!("Văn bản mới năm {year}"), "", &what);
                return Ok(());
            }
        },
    };
    if document.map(|id| store.has_records(id)).transpose()?.unwrap_or(false) {
        notes.push(format!(
            "{label} năm {year} đã ký nên giữ mẫu “{}”; mẫu của chi bộ không thay vào văn bản đã ký.",
            current.name
        ));
        return Ok(());
    }
    if current != new {
        let of = format!("Mẫu {} năm {year}", label.to_lowercase());
        add_change(changes, &of, &current.name, &new.name);
        // Every printed word that changes, old beside new: a template
        // can put any heading on the member's signed page.
        for d in crate::template::printed::differences(&current, &new, year) {
            add_change(changes, &format!("{of} — {}", d.place), &d.before, &d.after);
        }
    }
    let Some(id) = document else { return Ok(()) };
    let lost: Vec<String> = store
        .answers(id)?
        .keys()
        .filter(|section| new.section(section).is_none())
        .filter_map(|section| {
            current.section(section).map(|s| if s.heading.is_empty() { s.id.clone() } else { s.heading.clone() })
        })
        .collect();
    if !lost.is_empty() {
        notes.push(format!(
            "Mẫu mới của {} không có phần {}; nội dung đồng chí đã viết ở đó được giữ nhưng không in.",
            label.to_lowercase(),
            lost.join(", ")
        ));
    }
    Ok(())
}

/// Applies a settings file the member accepted, in one transaction: the
/// profile's branch fields, the year's templates for documents not signed
/// yet, and the file itself (kept, so the board can show the deadline and
/// who issued it). A file signed by a key other than the secretary's known
/// one applies only when the member confirmed that new key by its
/// fingerprint (`new_key`), separately from accepting the changes.
pub fn accept(store: &mut Store, bytes: &[u8], new_key: Option<&str>) -> Result<Settings> {
    let settings = read(bytes)?;
    let known = known_keys(store.conn())?;
    let fingerprint = key_fingerprint(&settings.public_key);
    if !known.is_empty() && !known.contains(&settings.public_key) && new_key != Some(fingerprint.as_str()) {
        let names: Vec<String> = known.iter().map(|k| key_fingerprint(k)).collect();
        let given = new_key.map(|k| format!(" Mã đã nhập ({k}) không khớp với khóa của tệp.")).unwrap_or_default();
        return Err(Error::invalid(
            "settings",
            format!(
                "Tệp thiết lập này do khóa {fingerprint} ký, không phải khóa bí thư đồng chí đã nhận ({}). Chỉ áp dụng \
                 khi chính bí thư chi bộ xác nhận với đồng chí rằng khóa mới là {fingerprint}.{given} Chưa thay đổi gì.",
                names.join(", ")
            ),
        ));
    }
    let mut profile = store.profile()?;
    profile.party_committee = settings.party_committee.clone();
    profile.branch = settings.branch.clone();
    profile.place = settings.place.clone();
    let tx = store.conn_mut().transaction()?;
    crate::store::write_profile(&tx, &profile)?;
    tx.execute(
        "INSERT INTO branch_settings (year, file, public_key, issued_by, deadline, accepted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            settings.year,
            bytes,
            settings.public_key,
            settings.issued_by,
            settings.deadline.map(|d| d.to_string()),
            crate::store::now()
        ],
    )?;
    crate::store::add_roots(&tx, &settings.roots)?;
    let json = |t: &Template| serde_json::to_string(t).map_err(Error::bug);
    for t in &settings.templates {
        tx.execute(
            "INSERT INTO year_templates (year, kind, form, template) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (year, kind, form) DO UPDATE SET template = excluded.template",
            params![settings.year, t.kind, form_code(t), json(t)?],
        )?;
        // A new revision, as for any edit: an editor still open on the old
        // template saves against a stale revision and is told so. A document
        // on another form of the kind keeps its own.
        tx.execute(
            "UPDATE documents SET template = ?3, revision = revision + 1, updated_at = ?4
             WHERE year = ?1 AND kind = ?2 AND NOT EXISTS (SELECT 1 FROM records r WHERE r.document_id = documents.id)
               AND coalesce(json_extract(template, '$.form.code'), '') = ?5",
            params![settings.year, t.kind, json(&t.for_year(settings.year))?, crate::store::now(), form_code(t)],
        )?;
    }
    tx.commit()?;
    Ok(settings)
}

/// What the board shows of the settings accepted last for a year.
pub struct Accepted {
    pub deadline: Option<NaiveDate>,
    pub issued_by: String,
}

/// Read from the columns kept at acceptance, not from the file again: a
/// later, stricter check must not make a board unreadable.
pub fn accepted(store: &Store, year: i32) -> Result<Option<Accepted>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT deadline, issued_by FROM branch_settings WHERE year = ?1 ORDER BY id DESC LIMIT 1",
            [year],
            |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .map(|(deadline, issued_by)| Accepted { deadline: deadline.and_then(|d| d.parse().ok()), issued_by }))
}

/// The branch a member's document of `year` is written for: the key of the
/// settings accepted for that year, else of the latest accepted at all (a
/// branch keeps its secretary across years). None before any settings.
pub fn branch_key(conn: &rusqlite::Connection, year: i32) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row("SELECT public_key FROM branch_settings ORDER BY year = ?1 DESC, id DESC LIMIT 1", [year], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The secretary keys of every settings file this member accepted.
pub fn known_keys(conn: &rusqlite::Connection) -> Result<Vec<Vec<u8>>> {
    let mut stmt = conn.prepare("SELECT DISTINCT public_key FROM branch_settings")?;
    let keys = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(keys)
}

/// Whether something the branch sent back (a confirmation, a return notice)
/// was signed by the secretary whose settings this member accepted. The
/// file carries its key, so its signature alone proves nothing about who
/// made it: anyone can sign as "bí thư".
pub fn check_issuer(conn: &rusqlite::Connection, key: &[u8], what: &str) -> Result<()> {
    let known = known_keys(conn)?;
    if known.is_empty() {
        return Err(Error::invalid(
            "file",
            format!(
                "Máy này chưa nhận tệp thiết lập của chi bộ nên chưa biết khóa của bí thư; {what} được ký bằng khóa {}. \
                 Hãy mở tệp thiết lập của chi bộ trước (đối chiếu mã khóa với bí thư), rồi mở lại tệp này.",
                key_fingerprint(key)
            ),
        ));
    }
    if !known.iter().any(|k| k == key) {
        let names: Vec<String> = known.iter().map(|k| key_fingerprint(k)).collect();
        return Err(Error::invalid(
            "file",
            format!(
                "{what} được ký bằng khóa {}, không phải khóa bí thư trong tệp thiết lập đồng chí đã nhận ({}): \
                 không dùng được.",
                key_fingerprint(key),
                names.join(", ")
            ),
        ));
    }
    Ok(())
}
