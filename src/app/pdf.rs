//! A document's PDF: the printable one (draft or signed), the pages "In…"
//! prints, and the one file a member saves or sends.

use super::*;

/// "Mở để in": the printable PDF written to the `ban-in` folder beside the
/// database, for the system's viewer to open; its path.
pub fn print_copy(
    store: &Store,
    db: &std::path::Path,
    id: i64,
    signed_only: bool,
    today: NaiveDate,
) -> Result<std::path::PathBuf> {
    let saved = pdf_to_save(store, id, signed_only, today)?;
    let path = db.with_file_name("ban-in").join(&saved.file_name);
    crate::files::write_atomic(&path, &saved.bytes)?;
    Ok(path)
}

/// The `kind` document of `year` (the latest signed version with `signed`)
/// as the file `out` names: a Word file for `.docx`, else the PDF; for
/// `camket render`.
pub fn document_file(
    store: &Store,
    year: i32,
    kind: &str,
    signed: bool,
    out: &std::path::Path,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    crate::dates::check_year(year)?;
    let id = match store.find_document(year, kind)? {
        Some(id) => id,
        None => {
            // A kind no template makes is said as such; a known one is not written yet.
            let label = crate::template::shipped_or_error(kind)?.label;
            return Err(Error::NotFound(format!("{} năm {year}", label.to_lowercase())));
        }
    };
    if out.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx")) {
        docx(store, id, signed, today)
    } else {
        pdf(store, id, signed, today)
    }
}

/// "Lưu bản Word (.docx)": the document as a Word file, the same text as
/// its PDF (a signed version's says it is a copy, with its code).
pub fn docx(store: &Store, id: i64, signed_only: bool, today: NaiveDate) -> Result<Vec<u8>> {
    let (content, mark) = printable(store, id, signed_only, today)?;
    crate::word::docx(&content, &mark)
}

/// The file name a document's Word file is offered under.
pub fn docx_file_name(store: &Store, id: i64) -> Result<String> {
    Ok(pdf_file_name(store, id)?.trim_end_matches(".pdf").to_string() + ".docx")
}

/// The file name its copied text is offered under as a Word file.
pub fn plain_docx_file_name(store: &Store, id: i64) -> Result<String> {
    Ok(pdf_file_name(store, id)?.trim_end_matches(".pdf").to_string() + "-noi-dung.docx")
}

/// What prints for a document: the current revision (signed or draft), or
/// with `signed_only` the latest signed version even after later edits.
pub fn printable(store: &Store, id: i64, signed_only: bool, today: NaiveDate) -> Result<(Content, Mark)> {
    let info = store.info(id)?;
    match store.latest_signed(id)? {
        Some(v) if signed_only || info.status == Status::Signed => {
            Ok((
                v.content().clone(),
                Mark::Signed {
                    code: v.code(),
                    signed_at: v.signed_at,
                    signature: v.signature,
                    // The member's own version: sealed anew with this build's layout when sent.
                    layout: crate::render::LAYOUT,
                },
            ))
        }
        None if signed_only => Err(Error::NotFound("bản đã ký của văn bản này".into())),
        _ => Ok((store.draft_content(id, today)?, Mark::Draft)),
    }
}

/// The pages "In…" prints: the printable PDF's pages as SVG images.
pub fn print_pages(store: &Store, id: i64, signed_only: bool, today: NaiveDate) -> Result<Vec<String>> {
    let (content, mark) = printable(store, id, signed_only, today)?;
    crate::render::svg_pages(&content, &mark)
}

/// The file name a document's PDF is offered under, e.g. `ban-cam-ket-2026.pdf`.
pub fn pdf_file_name(store: &Store, id: i64) -> Result<String> {
    let info = store.info(id)?;
    let name = store.template_of(id)?.with_kind_defaults().file_stem();
    Ok(format!("{name}-{}.pdf", info.year))
}

pub fn pdf(store: &Store, id: i64, signed_only: bool, today: NaiveDate) -> Result<Vec<u8>> {
    let (content, mark) = printable(store, id, signed_only, today)?;
    render(&content, &mark)
}

/// The signed PDF a member sends to the branch: the latest signed version,
/// its record and seal inside, under the name a secretary can tell apart.
pub struct BranchCopy {
    pub record_id: i64,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

pub fn branch_copy(store: &Store, id: i64) -> Result<BranchCopy> {
    let version = store
        .latest_signed(id)?
        .ok_or_else(|| Error::NotFound("bản đã ký của văn bản này; hãy ký trước khi gửi chi bộ".into()))?;
    // A version signed with a certificate too is its file as signed: the token's signature cannot be made again.
    let bytes = match store.ky_so(version.id)? {
        Some(ky_so) => ky_so.pdf,
        None => {
            let key = store.key_for(&version.public_key)?;
            crate::seal::signed_pdf(&version.record, &version.key_signature, version.signature.clone(), &key)?
        }
    };
    Ok(BranchCopy { record_id: version.id, file_name: version.record.file_name(), bytes })
}

/// The one PDF "Lưu PDF" and "Mở bằng trình xem PDF" give: a signed version
/// is always the branch copy (record and seal inside, the branch's file
/// name), so the file a member saves is the file the branch accepts; a
/// document never signed is its draft.
pub struct SavedPdf {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The signed version inside, noted as saved for the branch when written.
    pub record_id: Option<i64>,
}

pub fn pdf_to_save(store: &Store, id: i64, signed_only: bool, today: NaiveDate) -> Result<SavedPdf> {
    let signed = store.info(id)?.status == Status::Signed;
    if signed || signed_only {
        let copy = branch_copy(store, id)?;
        return Ok(SavedPdf { file_name: copy.file_name, bytes: copy.bytes, record_id: Some(copy.record_id) });
    }
    Ok(SavedPdf { file_name: pdf_file_name(store, id)?, bytes: pdf(store, id, false, today)?, record_id: None })
}

/// Writes the PDF where the member chose; a signed one is noted as saved for the branch.
pub fn keep_pdf(store: &Store, saved: &SavedPdf, path: &std::path::Path) -> Result<()> {
    crate::files::write_atomic(path, &saved.bytes)?;
    match saved.record_id {
        Some(record) => store.note_branch_copy(record),
        None => Ok(()),
    }
}

/// A signature image the member chose as a file: checked and cropped to its
/// ink, as the PNG the sign step shows and signs with.
pub fn signature_image(path: &std::path::Path) -> Result<Vec<u8>> {
    crate::signature::SignatureImage::read(path)?.to_png()
}
