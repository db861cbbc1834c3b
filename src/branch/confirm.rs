//! Xác nhận của chi bộ: the secretary confirms a member's document (or
//! returns it to be corrected). The confirmed PDF is the member's signed
//! document with the left block filled, and carries, beside the member's
//! record and seal, a confirmation signed with the secretary's key: which
//! record, the decision, the remark, the date and the digest of the
//! confirmed pages.

use super::collation::folded;
use crate::error::{Error, Result};
use crate::record::{canonical, hex, read, Record};
use crate::render::BranchBlock;
use crate::seal::{pages_digest, RECORD_FILE, SEAL_FILE};
use crate::signature::SignatureImage;
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Value};

/// The record and received PDF of an accepted file.
fn submission(store: &Store, id: i64) -> Result<(Record, Vec<u8>)> {
    let row: Option<(Vec<u8>, Vec<u8>, Option<String>)> = store
        .conn()
        .query_row("SELECT record, pdf, held FROM submissions WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let (record, pdf, held) = row.ok_or_else(|| Error::NotFound(format!("tệp đã nhận số {id}")))?;
    if held.is_some() {
        return Err(Error::invalid("submission", "Tệp này đang được giữ lại; hãy nhận nó vào danh sách trước."));
    }
    Ok((read(&record)?, pdf))
}

/// Confirms the file `submission_id` on `date`, with an optional remark
/// and the secretary's signature image; returns the confirmed PDF.
pub fn confirm(
    store: &Store,
    submission_id: i64,
    remark: &str,
    date: NaiveDate,
    image: Option<&SignatureImage>,
) -> Result<Vec<u8>> {
    confirm_with(store, submission_id, remark, date, image, None)
}

/// `confirm`, signed with the secretary's own certificate (ký số) when
/// `signer` is given. A file that carries the member's ký số is never laid
/// out again: the confirmation is appended to it as an update in the
/// "XÁC NHẬN CỦA CHI BỘ" block, so the member's signature stays valid.
pub fn confirm_with(
    store: &Store,
    submission_id: i64,
    remark: &str,
    date: NaiveDate,
    image: Option<&SignatureImage>,
    signer: Option<(&crate::pades::Signer, chrono::DateTime<chrono::Utc>)>,
) -> Result<Vec<u8>> {
    let (record, received) = submission(store, submission_id)?;
    let remark = crate::text::clean("Nhận xét", remark, crate::text::LINE_LIMIT * 2, false)?;
    let secretary = store.profile()?;
    super::check_secretary(&secretary)?;
    let labels = labels(&record);
    // Signed and printed: what cannot print as it reads is refused here.
    crate::text::check_printable("Nhận xét của chi bộ", &remark)?;
    // A review the branch rated prints its level and comment first.
    let rated = super::rating::current(store, submission_id)?.map(|r| super::rating::printed(&labels, &r));
    let remark = match rated.filter(|r| !r.is_empty()) {
        Some(rated) if remark.is_empty() => rated,
        Some(rated) => format!("{rated} {remark}"),
        None => remark,
    };
    let appended = signer.is_some() || crate::pades::revisions(&received).len() > 1;
    let block = BranchBlock {
        remark: remark.clone(),
        date,
        on_behalf: labels.on_behalf.clone(),
        function: function(&secretary, &labels),
        name: secretary.full_name.clone(),
        // An appended confirmation prints words only (its ký số is the signature).
        signature: if appended { None } else { image.cloned() },
    };
    let key = store.member_key()?;
    let (confirmation, pdf) = if appended {
        appended_confirmation(&received, &record, &block, &key, &secretary.branch, signer)?
    } else {
        laid_out_confirmation(&received, &record, &block, &key, &secretary.branch)?
    };
    store.conn().execute(
        "INSERT INTO decisions (submission_id, decision, note, decided_at, confirmation, confirmed_pdf)
         VALUES (?1, 'xac-nhan', ?2, ?3, ?4, ?5)",
        params![submission_id, remark, crate::store::now(), confirmation, pdf],
    )?;
    Ok(pdf)
}

/// The member's pages laid out again with the block filled, the record,
/// the seal and the confirmation embedded: (confirmation, PDF).
fn laid_out_confirmation(
    received: &[u8],
    record: &Record,
    block: &BranchBlock,
    key: &crate::keys::MemberKey,
    branch: &str,
) -> Result<(Vec<u8>, Vec<u8>)> {
    // The confirmed pages are the member's, laid out as the member's file was.
    let (seal, layout) = crate::seal::received_seal(received)?;
    let doc = crate::seal::printed(record, record.signature_image.clone(), Some(block), layout)?;
    let confirmation = crate::confirmation::write(&record.fingerprint, block, key, &hex(&pages_digest(&doc)?), branch)?;
    let files = [
        (RECORD_FILE, record.bytes.clone(), "Bản ghi đã ký của văn bản (Cam Kết)"),
        (SEAL_FILE, seal, "Dấu niêm phong: chữ ký số của bản ghi và các trang"),
        (crate::confirmation::FILE, confirmation.clone(), "Xác nhận của chi bộ, ký số bằng khóa của bí thư"),
    ];
    Ok((confirmation, crate::seal::embed_and_save(doc, &files)?))
}

/// The received file kept byte for byte, the confirmation appended to it
/// in the branch's block (signed with the secretary's certificate when
/// given): (confirmation, PDF).
fn appended_confirmation(
    received: &[u8],
    record: &Record,
    block: &BranchBlock,
    key: &crate::keys::MemberKey,
    branch: &str,
    signer: Option<(&crate::pades::Signer, chrono::DateTime<chrono::Utc>)>,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let (verified, space) = crate::ky_so::space_in(received, crate::render::layout::Signer::Branch)?;
    let confirmation = crate::confirmation::write(&record.fingerprint, block, key, &hex(&verified.pages), branch)?;
    let attachment = crate::pades::update::Attachment { name: crate::confirmation::FILE, bytes: &confirmation };
    let words = crate::verify::branch_words(block);
    let pdf = crate::pades::append(received, &space, words, Some(attachment), signer)?;
    Ok((confirmation, pdf))
}

/// A confirmed document as the branch prints it again: the member's record,
/// the block the secretary filled (read back from the confirmation) and the
/// layout of the member's file.
pub fn confirmed(store: &Store, submission_id: i64) -> Result<Option<(Record, BranchBlock, u32)>> {
    let confirmation: Option<Vec<u8>> = store
        .conn()
        .query_row(
            "SELECT confirmation FROM decisions WHERE submission_id = ?1 ORDER BY id DESC LIMIT 1",
            [submission_id],
            |r| r.get::<_, Option<Vec<u8>>>(0),
        )
        .optional()?
        .flatten();
    let Some(confirmation) = confirmation else { return Ok(None) };
    let c: Value = serde_json::from_slice(&confirmation).map_err(|e| Error::Database(e.to_string()))?;
    let block =
        crate::confirmation::block_of(&c).ok_or_else(|| Error::Database("xác nhận đã lưu không đọc được".into()))?;
    let (record, received) = submission(store, submission_id)?;
    Ok(Some((record, block, crate::seal::received_seal(&received)?.1)))
}

/// "BÍ THƯ", or "PHÓ BÍ THƯ" when the secretary's party position says deputy.
pub fn function(secretary: &crate::profile::Profile, labels: &crate::template::Signature) -> String {
    if folded(&secretary.party_position).contains("pho bi thu") {
        labels.deputy_secretary.clone()
    } else {
        labels.secretary.clone()
    }
}

/// The left block's labels, from the shipped template of the record's kind
/// (as confirmations were always laid out, so earlier ones lay out the
/// same again), else from the record's own template.
fn labels(record: &Record) -> crate::template::Signature {
    crate::template::shipped(&record.kind)
        .map_or_else(|| record.content.template.signature.clone(), |t| t.signature.clone())
}

/// Trả lại để sửa: the file goes back to the member with a note; their next
/// signed file replaces it.
pub fn return_for_changes(store: &Store, submission_id: i64, note: &str) -> Result<()> {
    submission(store, submission_id)?;
    let note = crate::text::clean("Ghi chú", note, crate::text::LINE_LIMIT * 2, false)?;
    if note.is_empty() {
        return Err(Error::invalid("note", "Hãy ghi rõ cần sửa gì để đảng viên biết."));
    }
    store.conn().execute(
        "INSERT INTO decisions (submission_id, decision, note, decided_at) VALUES (?1, 'tra-lai', ?2, ?3)",
        params![submission_id, note, crate::store::now()],
    )?;
    Ok(())
}

/// The confirmed PDF of a file, if the branch confirmed it.
pub fn confirmed_pdf(store: &Store, submission_id: i64) -> Result<Option<Vec<u8>>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT confirmed_pdf FROM decisions WHERE submission_id = ?1 AND decision = 'xac-nhan' ORDER BY id DESC LIMIT 1",
            [submission_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// A document just confirmed: whose and which, and its code.
pub struct Confirmed {
    pub what: String,
    pub code: String,
}

/// What a batch did: each document confirmed (each in its own write), and
/// each it could not confirm, whose and why. One bad document never stops
/// the others, and the secretary is told exactly which went through.
#[derive(Default)]
pub struct Batch {
    pub done: Vec<Confirmed>,
    pub failed: Vec<(String, String)>,
}

impl Batch {
    /// What the secretary is told: how many were confirmed, then each one
    /// that was not, with why.
    pub fn said(&self) -> String {
        let mut out = format!("Đã xác nhận {} văn bản.", self.done.len());
        for (what, why) in &self.failed {
            out.push_str(&format!(" Chưa xác nhận được: {what}: {why}"));
        }
        out
    }
}

/// Whose and which document the received file `id` is, and its code.
fn described(store: &Store, id: i64) -> Result<(String, String)> {
    let row: Option<(String, String, String)> = store
        .conn()
        .query_row(
            "SELECT coalesce(m.full_name, s.full_name), s.kind, s.fingerprint
             FROM submissions s LEFT JOIN members m ON m.id = s.member_id WHERE s.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (name, kind, fingerprint) = row.ok_or_else(|| Error::NotFound(format!("tệp đã nhận số {id}")))?;
    Ok((
        format!("{name}, {}", crate::template::kind_label(&kind).to_lowercase()),
        crate::document::short_code(&fingerprint),
    ))
}

/// Confirms each of the received files `ids` on `today`, with the remark
/// and the secretary's signature image: the app's "Xác nhận" and the
/// command line's `branch confirm` both come here. What every confirmation
/// would carry is checked once, before any is written.
pub fn confirm_each(
    store: &Store,
    ids: &[i64],
    remark: &str,
    today: NaiveDate,
    image: Option<&SignatureImage>,
    signer: Option<(&crate::pades::Signer, chrono::DateTime<chrono::Utc>)>,
) -> Result<Batch> {
    let remark = crate::text::clean("Nhận xét", remark, crate::text::LINE_LIMIT * 2, false)?;
    crate::text::check_printable("Nhận xét của chi bộ", &remark)?;
    super::check_secretary(&store.profile()?)?;
    let mut batch = Batch::default();
    for &id in ids {
        let (what, code) = described(store, id)?;
        match confirm_with(store, id, &remark, today, image, signer) {
            Ok(_) => batch.done.push(Confirmed { what, code }),
            Err(e) => batch.failed.push((what, e.to_string())),
        }
    }
    Ok(batch)
}

/// Confirms every submitted, unconfirmed document of `year`, of the member
/// whose name matches `member` (marks and case ignored) or of everyone.
pub fn confirm_submitted(
    store: &Store,
    year: i32,
    member: Option<&str>,
    remark: &str,
    today: NaiveDate,
    signer: Option<(&crate::pades::Signer, chrono::DateTime<chrono::Utc>)>,
) -> Result<Batch> {
    let table = super::status::year_table(store, year, today)?;
    let rows: Vec<_> = match member {
        Some(name) => vec![super::collation::pick(&table.rows, |r| &r.member.full_name, name)?],
        None => table.rows.iter().collect(),
    };
    // Submitted, or confirmed before the branch's level was recorded.
    let ids: Vec<i64> = rows
        .iter()
        .flat_map(|row| &row.cells)
        .filter(|c| c.status == super::status::CellStatus::Submitted || c.confirm_again)
        .filter_map(|c| c.submission_id)
        .collect();
    confirm_each(store, &ids, remark, today, None, signer)
}

/// Trả lại để sửa of each of `ids`, with one note: all in one write, or
/// none when any cannot be returned.
pub fn return_each(store: &Store, ids: &[i64], note: &str) -> Result<usize> {
    let tx = rusqlite::Transaction::new_unchecked(store.conn(), rusqlite::TransactionBehavior::Immediate)?;
    for &id in ids {
        return_for_changes(store, id, note)?;
    }
    tx.commit()?;
    Ok(ids.len())
}

/// Trả lại để sửa from the command line: the member's current `kind` of
/// `year`, found by name; returns what was returned, in words, and the file.
pub fn return_member_document(
    store: &Store,
    year: i32,
    member: &str,
    kind: &str,
    note: &str,
    today: NaiveDate,
) -> Result<(String, i64)> {
    let table = super::status::year_table(store, year, today)?;
    let row = super::collation::pick(&table.rows, |r| &r.member.full_name, member)?;
    let cell = row.cells.iter().find(|c| c.kind == kind.trim()).ok_or_else(|| {
        let kinds: Vec<&str> = table.kinds.iter().map(|k| k.kind.as_str()).collect();
        Error::invalid("doc", format!("Không có loại văn bản “{kind}” năm {year}; các loại: {}.", kinds.join(", ")))
    })?;
    let id = cell.submission_id.ok_or_else(|| {
        Error::invalid(
            "doc",
            format!(
                "{} chưa nộp {} năm {year}.",
                row.member.full_name,
                crate::template::kind_label(kind).to_lowercase()
            ),
        )
    })?;
    return_for_changes(store, id, note)?;
    Ok((format!("{}, {} năm {year}", row.member.full_name, crate::template::kind_label(kind).to_lowercase()), id))
}

pub const RETURN_FORMAT: &str = "camket-return";

/// "Giấy báo trả lại": the small file the secretary gives the member whose
/// document was returned, signed with the secretary's key: which signed
/// version, what to fix, when, by whom.
pub struct ReturnNotice {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The notice of the latest return of the file `submission_id`.
pub fn return_notice(store: &Store, submission_id: i64) -> Result<ReturnNotice> {
    let (record, _) = submission(store, submission_id)?;
    let returned: Option<(String, String, String)> = store
        .conn()
        .query_row(
            "SELECT decision, note, decided_at FROM decisions WHERE submission_id = ?1 ORDER BY id DESC LIMIT 1",
            [submission_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((_, note, at)) = returned.filter(|(d, _, _)| d == "tra-lai") else {
        return Err(Error::invalid("submission", "Văn bản này không ở trạng thái trả lại để sửa."));
    };
    let secretary = store.profile()?;
    let key = store.member_key()?;
    let mut n = json!({
        "format": RETURN_FORMAT,
        "version": 1,
        "record_sha256": record.fingerprint,
        "kind": record.kind,
        "year": record.year,
        "full_name": record.content.profile.full_name,
        "note": note,
        "date": crate::dates::vietnam_day(&at).map(|d| d.to_string()).unwrap_or_default(),
        "branch": secretary.branch,
        "secretary": secretary.full_name,
        "public_key": hex(&key.public()),
    });
    n["signature"] = Value::String(hex(&key.sign(&canonical(&n))));
    let name = record.file_name().trim_end_matches(".pdf").to_string();
    Ok(ReturnNotice { file_name: format!("{name}-tra-lai.json"), bytes: canonical(&n) })
}

/// A return notice read and its signature checked.
#[derive(Debug, Clone)]
pub struct ReturnRead {
    pub record_sha256: String,
    pub note: String,
    pub date: Option<NaiveDate>,
    pub secretary: String,
    pub public_key: Vec<u8>,
}

pub fn read_return_notice(bytes: &[u8]) -> Result<ReturnRead> {
    let not_one = || Error::invalid("file", "Tệp này không phải giấy báo trả lại của chi bộ (Cam Kết).");
    let mut n: Value = serde_json::from_slice(bytes).map_err(|_| not_one())?;
    if n.get("format").and_then(Value::as_str) != Some(RETURN_FORMAT) {
        return Err(not_one());
    }
    let text = |n: &Value, k: &str| n.get(k).and_then(Value::as_str).map(str::to_string).ok_or_else(not_one);
    let signature = crate::record::unhex(&text(&n, "signature")?).ok_or_else(not_one)?;
    let public_key = crate::record::unhex(&text(&n, "public_key")?).ok_or_else(not_one)?;
    if let Some(map) = n.as_object_mut() {
        map.remove("signature");
    }
    if !crate::keys::signature_valid(&public_key, &canonical(&n), &signature) {
        return Err(Error::invalid("file", "Giấy báo trả lại đã bị sửa sau khi bí thư ký: không dùng được."));
    }
    Ok(ReturnRead {
        record_sha256: text(&n, "record_sha256")?,
        note: text(&n, "note")?,
        date: text(&n, "date")?.parse().ok(),
        secretary: text(&n, "secretary")?,
        public_key,
    })
}
