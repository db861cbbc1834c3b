//! Verifying a signed PDF that arrived as a file: its record, the member's
//! key signatures and its pages, each recomputed from the file's own bytes,
//! never taken from what the file says about itself.

use crate::keys::{key_fingerprint, signature_valid};
use crate::record::{self, canonical, unhex, Record};
use crate::seal::{embedded_file, pages_digest, RECORD_FILE, SEAL_FILE, SEAL_FORMAT};
use serde_json::Value;
use std::path::Path;

mod digital;
mod known;
mod shape;

pub use digital::{branch_words, DigitalSignature};
pub use known::Known;

/// Our PDFs are tens of kilobytes (under a hundred with signature images);
/// anything this large is not one, and is refused before it is read. The
/// bound also bounds what a hostile file can cost the parser.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A file that passed every check.
#[derive(Debug, Clone)]
pub struct Verified {
    pub record: Record,
    /// The short fingerprint of the key that signed it, e.g. `K7QD-2M4X`.
    pub key_fingerprint: String,
    pub public_key: Vec<u8>,
    pub page_count: usize,
    /// The branch's confirmation, when the file is a confirmed PDF.
    pub confirmation: Option<Confirmation>,
    /// The ký số the file carries (PAdES), each intact.
    pub digital: Vec<DigitalSignature>,
    /// The digest of the pages, which a confirmation names.
    pub(crate) pages: Vec<u8>,
    /// Where the signers' blocks leave room for a ký số.
    pub(crate) spaces: Vec<crate::render::Space>,
}

/// What a confirmation says, its signature checked.
#[derive(Debug, Clone)]
pub struct Confirmation {
    pub secretary: String,
    pub function: String,
    pub branch: String,
    pub date: String,
    pub remark: String,
    pub key_fingerprint: String,
    /// The secretary's key, compared with the one the member's app knows.
    pub public_key: Vec<u8>,
    /// The block as it is printed, to lay the pages out again.
    pub block: crate::render::BranchBlock,
}

/// Why a file is not a valid signed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Unreadable(String),
    Empty,
    TooLarge(u64),
    NotPdf,
    Damaged,
    /// A plain PDF, a draft or a scan: nothing to verify.
    NoRecord,
    /// The record or the seal cannot be read.
    Malformed(String),
    /// The record's bytes are not the ones that were sealed.
    RecordAltered,
    /// A key signature does not match.
    SignatureInvalid,
    /// The visible pages are not the ones that were signed.
    PagesAltered,
    /// Re-saved or added to by another program: viewers and this check
    /// could disagree about what it shows.
    NotOriginal(String),
    /// Protected by a password or encrypted.
    Encrypted,
    /// Compressed in a way we never write (object streams): another
    /// program's PDF, or ours re-saved; the bytes cannot tell which.
    Compressed,
    /// A ký số whose signed bytes or signature do not match: the holder.
    DigitalBroken(String),
}

impl Refusal {
    /// The reason, in words a secretary can act on.
    pub fn message(&self) -> String {
        match self {
            Refusal::Unreadable(why) => format!("không đọc được tệp ({why})"),
            Refusal::Empty => "tệp rỗng (0 byte), không phải văn bản".into(),
            Refusal::TooLarge(n) => format!(
                "tệp quá lớn ({} MB) để là văn bản của Cam Kết (tối đa {} MB)",
                n / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            Refusal::NotPdf => "không phải tệp PDF".into(),
            Refusal::Damaged => "tệp PDF bị hỏng hoặc không trọn vẹn (có thể bị cắt cụt khi tải về)".into(),
            Refusal::NoRecord => {
                "không có bản ghi đã ký bên trong (bản nháp, bản quét hoặc PDF thông thường); hãy đề nghị \
                 đảng viên gửi tệp “Lưu PDF” của bản đã ký trong Cam Kết"
                    .into()
            }
            Refusal::Malformed(why) => why.clone(),
            Refusal::RecordAltered => "bản ghi bên trong đã bị thay đổi hoặc không thuộc văn bản này".into(),
            Refusal::SignatureInvalid => "chữ ký số không khớp: bản ghi hoặc dấu niêm phong đã bị sửa".into(),
            Refusal::PagesAltered => {
                "nội dung các trang khác với văn bản đã ký (các trang đã bị sửa, hoặc bản ghi bên trong thuộc \
                 một văn bản khác)"
                    .into()
            }
            Refusal::NotOriginal(why) => format!(
                "tệp không còn như khi Cam Kết lưu ra ({why}); hãy đề nghị đảng viên gửi đúng tệp “Lưu PDF” \
                 của bản đã ký trong Cam Kết, không mở và lưu lại bằng chương trình khác"
            ),
            Refusal::Compressed => {
                "không thấy bản ghi đã ký bên trong: tệp được nén theo cách Cam Kết không dùng (có thể là \
                PDF thông thường, hoặc văn bản của Cam Kết đã được mở và lưu lại bằng chương trình khác); hãy đề nghị \
                đảng viên gửi đúng tệp lưu từ Cam Kết"
                    .into()
            }
            Refusal::DigitalBroken(holder) => format!(
                "chữ ký số (ký bằng chứng thư số) của {holder} không còn nguyên vẹn: tệp đã bị sửa sau khi ký số"
            ),
            Refusal::Encrypted => {
                "tệp PDF đã được đặt mật khẩu hoặc mã hóa; hãy đề nghị đảng viên gửi bản gốc lưu từ Cam Kết".into()
            }
        }
    }
}

/// Verifies the file at `path`.
pub fn verify_file(path: &Path) -> Result<Verified, Refusal> {
    verify_bytes(&read_checked(path)?)
}

/// A file's bytes, its size checked before it is read.
pub fn read_checked(path: &Path) -> Result<Vec<u8>, Refusal> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| Refusal::Unreadable(io_reason(&e)))?;
    // A pipe would wait for a writer forever, a device never ends.
    if !meta.is_file() {
        return Err(Refusal::Unreadable(if meta.is_dir() { "đây là thư mục" } else { "không phải tệp thường" }.into()));
    }
    let size = meta.len();
    if size > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge(size));
    }
    // A device or a pipe says nothing of its size: never read past the limit.
    let file = std::fs::File::open(path).map_err(|e| Refusal::Unreadable(io_reason(&e)))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| Refusal::Unreadable(io_reason(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "không có tệp này".into(),
        std::io::ErrorKind::PermissionDenied => "không có quyền đọc".into(),
        std::io::ErrorKind::IsADirectory => "đây là thư mục".into(),
        _ => "lỗi đọc tệp".into(),
    }
}

/// Verifies a PDF's bytes.
pub fn verify_bytes(bytes: &[u8]) -> Result<Verified, Refusal> {
    verify_with_roots(bytes, &[])
}

/// Verifies a PDF's bytes: the file as Cam Kết sealed it, then each update
/// appended to it, which must be one of ours; a ký số is checked against
/// `roots`, the root certificates the unit trusts.
pub fn verify_with_roots(bytes: &[u8], roots: &[x509_cert::Certificate]) -> Result<Verified, Refusal> {
    let verified = verify_to_sign(bytes, roots)?;
    digital::as_the_record_says(&verified)?;
    Ok(verified)
}

/// `verify_with_roots`, for a file about to get its ký số: a record that
/// names a certificate may not carry its signature yet.
pub fn verify_to_sign(bytes: &[u8], roots: &[x509_cert::Certificate]) -> Result<Verified, Refusal> {
    let ends = crate::pades::revisions(bytes);
    if let Some(&last) = ends.last() {
        if cut_inside_an_update(&bytes[last..]) {
            return Err(Refusal::Damaged);
        }
    }
    let sealed_end = match ends.as_slice() {
        [first, _, ..] if bytes.len() as u64 <= MAX_FILE_BYTES => *first,
        _ => bytes.len(),
    };
    let (mut verified, mut parsed) = match verify_sealed(&bytes[..sealed_end]) {
        Ok(sealed) => sealed,
        // Its first part is not a file Cam Kết sealed: unless our own updates
        // follow it (then its first part says why), the whole file says why,
        // as it always did (another program's, or ours added to).
        Err(_) if sealed_end < bytes.len() && !digital::names_our_fields(bytes) => {
            return Err(verify_sealed(bytes).err().unwrap_or_else(|| Refusal::NotOriginal(String::new())))
        }
        Err(refusal) => return Err(refusal),
    };
    let spaces = verified.spaces.clone();
    if sealed_end < bytes.len() {
        let last = ends.last().copied().unwrap_or(sealed_end);
        if !bytes[last..].iter().all(u8::is_ascii_whitespace) {
            return Err(Refusal::NotOriginal("có dữ liệu thêm vào sau phần kết thúc tệp".into()));
        }
        // Each revision is parsed once: the one before an update is the one just checked.
        for pair in ends.windows(2) {
            let prev = (&bytes[..pair[0]], &parsed);
            parsed = digital::check(prev, &bytes[..pair[1]], &spaces, roots, &mut verified)?;
        }
    }
    Ok(verified)
}

/// Whether what follows the file's last revision is the start of an update
/// that never ended: a download cut short, not something added.
fn cut_inside_an_update(tail: &[u8]) -> bool {
    let tail = tail.trim_ascii_start();
    let digits = tail.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && tail[digits..].starts_with(b" 0 obj") && !tail.windows(5).any(|w| w == b"%%EOF")
}

/// Verifies the file as Cam Kết sealed it; with the file parsed.
fn verify_sealed(bytes: &[u8]) -> Result<(Verified, lopdf::Document), Refusal> {
    let (doc, page_count) = parse(bytes)?;
    let (Some(record_bytes), Some(seal_bytes)) = (attached(&doc, RECORD_FILE)?, attached(&doc, SEAL_FILE)?) else {
        return Err(Refusal::NoRecord);
    };
    let record = record::read(&record_bytes).map_err(|e| {
        Refusal::Malformed(format!("bản ghi bên trong không đọc được: {}", e.to_string().trim_end_matches('.')))
    })?;
    if crate::dates::check_year(record.content.year).is_err() {
        return Err(Refusal::Malformed(format!("bản ghi mang năm {} không có thật", record.content.year)));
    }
    let seal = Seal::read(&seal_bytes)?;
    if unhex(&record.fingerprint).as_deref() != Some(seal.record_sha256.as_slice()) {
        return Err(Refusal::RecordAltered);
    }
    // A record that names its key must be sealed by that key.
    if record.public_key.as_ref().is_some_and(|k| *k != seal.public_key) {
        return Err(Refusal::RecordAltered);
    }
    if !signature_valid(&seal.public_key, &record.bytes, &seal.record_signature) {
        return Err(Refusal::SignatureInvalid);
    }
    let (confirmation, pages, spaces) = check_pages(&doc, &record, &seal, page_count)?;
    let public_key = seal.public_key;
    let fingerprint = key_fingerprint(&public_key);
    let digital = Vec::new();
    let verified =
        Verified { key_fingerprint: fingerprint, public_key, page_count, record, confirmation, digital, pages, spaces };
    Ok((verified, doc))
}

/// The file checked for size and shape, then parsed, with its page count.
fn parse(bytes: &[u8]) -> Result<(lopdf::Document, usize), Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge(bytes.len() as u64));
    }
    // A file that is ours in name (it holds a record) but not in shape was
    // re-saved or added to; one without a record is just another PDF.
    let ours = bytes.windows(RECORD_FILE.len()).any(|w| w == RECORD_FILE.as_bytes());
    shape::before_parse(bytes).map_err(|r| match r {
        Refusal::NotOriginal(_) if !ours && shape::compressed(bytes) => Refusal::Compressed,
        Refusal::NotOriginal(_) if !ours => Refusal::NoRecord,
        r => r,
    })?;
    // lopdf reads hostile input; a panic inside it must not end the program.
    let doc = std::panic::catch_unwind(|| lopdf::Document::load_mem(bytes))
        .map_err(|_| Refusal::Damaged)?
        .map_err(|_| Refusal::Damaged)?;
    let page_count = shape::after_parse(&doc, bytes).map_err(|r| match r {
        // Another program's PDF (LibreOffice, a scanner) is shaped its own way: it is simply not ours.
        Refusal::NotOriginal(_) if !ours => Refusal::NoRecord,
        r => r,
    })?;
    Ok((doc, page_count))
}

/// The seal, read and its own signature checked.
struct Seal {
    layout: u32,
    public_key: Vec<u8>,
    record_signature: Vec<u8>,
    record_sha256: Vec<u8>,
    pages_sha256: Vec<u8>,
    page_count: Option<u64>,
}

impl Seal {
    fn read(bytes: &[u8]) -> Result<Seal, Refusal> {
        let bad_seal = || Refusal::Malformed("dấu niêm phong bên trong không đọc được".into());
        let mut seal: Value = serde_json::from_slice(bytes).map_err(|_| bad_seal())?;
        if seal.get("format").and_then(Value::as_str) != Some(SEAL_FORMAT) {
            return Err(bad_seal());
        }
        match seal.get("version").and_then(Value::as_i64) {
            Some(1) => {}
            Some(v) if v > 1 => {
                return Err(Refusal::Malformed(format!(
                    "dấu niêm phong theo định dạng phiên bản {v}, mới hơn phiên bản Cam Kết này đọc được; hãy cập nhật ứng dụng"
                )))
            }
            _ => return Err(bad_seal()),
        }
        let field = |name: &str| -> Result<Vec<u8>, Refusal> {
            seal.get(name).and_then(Value::as_str).and_then(unhex).ok_or_else(bad_seal)
        };
        let layout = seal.get("layout").and_then(Value::as_u64).filter(|l| *l >= 1).ok_or_else(bad_seal)?;
        let read = Seal {
            layout: 0,
            public_key: field("public_key")?,
            record_signature: field("record_signature")?,
            record_sha256: field("record_sha256")?,
            pages_sha256: field("pages_sha256")?,
            page_count: seal.get("page_count").and_then(Value::as_u64),
        };
        let seal_signature = field("seal_signature")?;
        // The seal signs itself without its own signature.
        if let Some(map) = seal.as_object_mut() {
            map.remove("seal_signature");
        }
        if !signature_valid(&read.public_key, &canonical(&seal), &seal_signature) {
            return Err(Refusal::SignatureInvalid);
        }
        // Pages are never trusted on the seal's word: a layout this build cannot
        // lay out again is refused (once the seal is known to be signed).
        let layout = u32::try_from(layout).ok().filter(|l| crate::render::LAYOUTS.contains(l)).ok_or_else(|| {
            Refusal::Malformed(format!(
                "tệp của phiên bản mới hơn: các trang theo cách trình bày số {layout}, phiên bản Cam Kết này chỉ biết \
                 đến số {}; hãy cập nhật ứng dụng rồi kiểm tra lại",
                crate::render::LAYOUT
            ))
        })?;
        Ok(Seal { layout, ..read })
    }
}

/// What the pages say: the confirmation, if any, the pages' digest and
/// the signers' spaces on them.
type Pages = (Option<Confirmation>, Vec<u8>, Vec<crate::render::Space>);

/// The pages are exactly what the record prints with the layout the seal
/// names (with the branch's block, as its confirmation says, for a
/// confirmed PDF), so that even the key's holder cannot seal a record with
/// pages that say something else. The confirmation, if any, the pages'
/// digest and the signers' spaces on them.
fn check_pages(doc: &lopdf::Document, record: &Record, seal: &Seal, page_count: usize) -> Result<Pages, Refusal> {
    let pages = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pages_digest(doc)))
        .map_err(|_| Refusal::Damaged)?
        .map_err(|_| Refusal::Damaged)?;
    // A confirmed PDF's pages are the branch's (the filled block): its
    // confirmation, signed by the secretary, says what they must be.
    let confirmation = match embedded_file(doc, crate::confirmation::FILE) {
        Some(bytes) => Some(confirmation(&bytes, &record.fingerprint, &pages)?),
        None if pages.as_slice() != seal.pages_sha256.as_slice() || seal.page_count != Some(page_count as u64) => {
            return Err(Refusal::PagesAltered)
        }
        None => None,
    };
    // A version 0 record (from before records carried their signature
    // image) is laid out with the image the pages hold: its words are
    // checked, its image cannot be.
    let image = if record.version >= 1 { record.signature_image.clone() } else { crate::seal::placed_image(doc) };
    let block = confirmation.as_ref().map(|c| c.block.clone());
    let expected = crate::seal::printed(record, image.clone(), block.as_ref(), seal.layout)
        .and_then(|d| pages_digest(&d))
        .map_err(|_| Refusal::PagesAltered)?;
    if expected != pages {
        return Err(Refusal::PagesAltered);
    }
    let spaces = crate::seal::spaces(record, image, block.as_ref(), seal.layout).map_err(|_| Refusal::PagesAltered)?;
    Ok((confirmation, pages.to_vec(), spaces))
}

/// An attachment's bytes: None when the file has none of that name, a
/// refusal when it is there but too large or does not inflate (a bomb is
/// not "no record").
fn attached(doc: &lopdf::Document, name: &str) -> Result<Option<Vec<u8>>, Refusal> {
    let Some(stream) = crate::seal::embedded_stream(doc, name) else { return Ok(None) };
    crate::seal::decoded(stream, crate::seal::ATTACHMENT_LIMIT).map(Some).ok_or_else(|| {
        Refusal::Malformed(format!(
            "tệp đính kèm {name} bên trong quá lớn (trên {} MB) hoặc không giải nén được: không phải văn bản Cam Kết \
             lưu ra",
            crate::seal::ATTACHMENT_LIMIT / (1024 * 1024)
        ))
    })
}

/// Checks a confirmation against the record and the file's pages.
fn confirmation(bytes: &[u8], fingerprint: &str, pages: &[u8]) -> Result<Confirmation, Refusal> {
    let bad = || Refusal::Malformed("xác nhận của chi bộ không đúng định dạng".into());
    let mut c: Value = serde_json::from_slice(bytes).map_err(|_| bad())?;
    if !crate::confirmation::is_confirmation(&c) {
        return Err(bad());
    }
    let hex_field = |c: &Value, name: &str| c.get(name).and_then(Value::as_str).and_then(unhex).ok_or_else(bad);
    let key = hex_field(&c, "public_key")?;
    let signature = hex_field(&c, "signature")?;
    let record = hex_field(&c, "record_sha256")?;
    let sealed_pages = hex_field(&c, "pages_sha256")?;
    if let Some(map) = c.as_object_mut() {
        map.remove("signature");
    }
    if !signature_valid(&key, &canonical(&c), &signature) {
        return Err(Refusal::SignatureInvalid);
    }
    if unhex(fingerprint).as_deref() != Some(record.as_slice()) {
        return Err(Refusal::RecordAltered);
    }
    if sealed_pages.as_slice() != pages {
        return Err(Refusal::PagesAltered);
    }
    let text = |name: &str| c.get(name).and_then(Value::as_str).unwrap_or_default().to_string();
    let block = crate::confirmation::block_of(&c).ok_or_else(bad)?;
    Ok(Confirmation {
        secretary: text("secretary"),
        function: text("function"),
        branch: text("branch"),
        date: text("date"),
        remark: text("remark"),
        key_fingerprint: key_fingerprint(&key),
        public_key: key,
        block,
    })
}

impl Verified {
    /// Each ký số in words, with a note when its certificate names someone else.
    pub fn ky_so_said(&self) -> Vec<String> {
        self.digital.iter().map(|d| format!("{}{}", d.summary(), self.other_name(d))).collect()
    }

    /// A note when a ký số's certificate names someone other than the
    /// block's signer (marks, case and spacing aside).
    fn other_name(&self, d: &DigitalSignature) -> String {
        let signer = match d.whose {
            crate::render::layout::Signer::Member => self.record.content.profile.full_name.clone(),
            crate::render::layout::Signer::Branch => {
                self.confirmation.as_ref().map(|c| c.secretary.clone()).unwrap_or_default()
            }
        };
        if crate::text::folded_words(&d.holder.holder) == crate::text::folded_words(&signer) {
            String::new()
        } else {
            format!(" (LƯU Ý: chứng thư số mang tên {}, không phải {signer})", d.holder.holder)
        }
    }

    /// One line for a person: whose document, which one, when signed, its
    /// code and the key that signed it.
    pub fn summary(&self) -> String {
        let r = &self.record;
        let kind = crate::template::kind_label(&r.kind);
        let signed = r.signed_at.as_deref().and_then(crate::dates::vietnam_day).unwrap_or(r.content.date);
        let confirmed = match &self.confirmation {
            Some(c) => format!(
                "; chi bộ đã xác nhận ngày {} ({} {}, khóa {})",
                c.date.parse().map(crate::dates::format_date).unwrap_or(c.date.clone()),
                c.function.to_lowercase(),
                c.secretary,
                c.key_fingerprint
            ),
            None => String::new(),
        };
        let digital: String = self.ky_so_said().iter().map(|d| format!("; {d}")).collect();
        format!(
            "{}, {} năm {}, ký ngày {}, mã {}, khóa {}{confirmed}{digital}",
            r.content.profile.full_name,
            kind.to_lowercase(),
            r.year,
            crate::dates::format_date(signed),
            r.code(),
            self.key_fingerprint
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_holder_cannot_seal_a_record_over_pages_that_say_something_else() {
        let key = crate::demo::key("someone");
        let shown = crate::demo::branch::member_file(2026, 4, "ke-hoach", 3, &key).unwrap();
        let shown = verify_bytes(&shown.bytes).unwrap().record;
        let mut claimed = shown.content.clone();
        claimed.profile.full_name = "Người Khác".into();
        let bytes = crate::record::write(&crate::record::NewRecord {
            kind: "ke-hoach",
            revision: 3,
            signed_at: "2026-02-10T01:00:00.000Z",
            content: &claimed,
            signature_png: None,
            public_key: &key.public(),
            branch_key: None,
            certificate: None,
        })
        .unwrap();
        let pages = crate::seal::printed(&shown, None, None, crate::render::LAYOUT).unwrap();
        let forged = crate::seal::seal(pages, &bytes, &key.sign(&bytes), &key).unwrap();
        assert_eq!(verify_bytes(&forged).unwrap_err(), Refusal::PagesAltered);

        // Nor by declaring another layout: an earlier one lays the record out
        // again and finds other pages; a layout this build does not know is refused.
        for layout in [1, 2, crate::render::LAYOUT + 1, 999] {
            let pages = crate::seal::printed(&shown, None, None, crate::render::LAYOUT).unwrap();
            let forged = crate::seal::seal_as(pages, &bytes, &key.sign(&bytes), &key, layout).unwrap();
            let refused = verify_bytes(&forged).unwrap_err();
            if layout < crate::render::LAYOUT {
                assert_eq!(refused, Refusal::PagesAltered);
            } else {
                assert!(refused.message().starts_with("tệp của phiên bản mới hơn"), "{}", refused.message());
            }
        }
        // Nor by writing the record as version 0 (no image inside): its words
        // are laid out again too.
        let old_style = crate::record::canonical(&serde_json::to_value(&claimed).unwrap());
        let pages = crate::seal::printed(&shown, None, None, crate::render::LAYOUT).unwrap();
        let forged = crate::seal::seal(pages, &old_style, &key.sign(&old_style), &key).unwrap();
        assert_eq!(verify_bytes(&forged).unwrap_err(), Refusal::PagesAltered);
        // The genuine record declared as layout 1 is not its layout-2 pages either.
        let pages = crate::seal::printed(&shown, None, None, crate::render::LAYOUT).unwrap();
        let relabelled = crate::seal::seal_as(pages, &shown.bytes, &key.sign(&shown.bytes), &key, 1).unwrap();
        assert_eq!(verify_bytes(&relabelled).unwrap_err(), Refusal::PagesAltered);
    }
}
