//! Kiểm tra bản in: the code typed from a printout's footer finds the
//! document it belongs to. Typing is forgiven as Crockford base 32 forgives
//! it: any case, dashes and spaces or none, O for 0, I and L for 1.

use crate::error::{Error, Result};
use crate::store::Store;
use crate::template::kind_label;
use rusqlite::params;
use serde::Serialize;

/// A document a code belongs to.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CodeMatch {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub submission_id: i64,
    pub code: String,
    pub full_name: String,
    pub kind_label: String,
    pub year: i32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub signed_at: String,
    pub received_at: String,
    /// When the branch confirmed it, if that is its latest decision.
    pub confirmed_at: Option<String>,
    /// A newer signed revision of the same document was received since.
    pub superseded: bool,
    /// What the branch made of it, in words: "chi bộ đã xác nhận …", "trả
    /// lại để sửa", "chưa xác nhận", or why it is held ("không phải văn bản
    /// của chi bộ" for another branch's file).
    pub state: String,
    /// Set when the file is held, not one of the branch's documents.
    pub held: Option<super::held::HeldReason>,
}

/// The code as the 15 hex digits of the fingerprint it stands for, or why
/// it cannot be a code.
pub fn fingerprint_prefix(typed: &str) -> Result<String> {
    const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bits: u64 = 0;
    let mut count = 0;
    for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        let value = ALPHABET.find(c).ok_or_else(|| {
            Error::invalid("code", format!("Ký tự “{c}” không có trong mã xác thực (mã gồm chữ số và chữ cái in hoa)."))
        })?;
        bits = (bits << 5) | value as u64;
        count += 1;
    }
    if count != 12 {
        return Err(Error::invalid(
            "code",
            format!("Mã xác thực có 12 ký tự (dạng XXXX-XXXX-XXXX); mã đã nhập có {count} ký tự."),
        ));
    }
    Ok(format!("{bits:015x}"))
}

/// Every received file whose code is `typed` (usually one).
pub fn find(store: &Store, typed: &str) -> Result<Vec<CodeMatch>> {
    let prefix = fingerprint_prefix(typed)?;
    let mut stmt = store.conn().prepare(
        "SELECT s.id, s.fingerprint, s.full_name, s.kind, s.year, s.revision, s.signed_at, s.received_at,
                (SELECT iif(d.decision = 'xac-nhan', d.decided_at, NULL) FROM decisions d WHERE d.submission_id = s.id
                  ORDER BY d.id DESC LIMIT 1),
                EXISTS (SELECT 1 FROM submissions n WHERE n.member_id = s.member_id AND n.year = s.year
                        AND n.kind = s.kind AND n.held IS NULL AND n.revision > s.revision),
                (SELECT d.decision FROM decisions d WHERE d.submission_id = s.id ORDER BY d.id DESC LIMIT 1),
                s.held
         FROM submissions s WHERE substr(s.fingerprint, 1, 15) = ?1 ORDER BY s.id",
    )?;
    let rows = stmt.query_map(params![prefix], |r| {
        Ok(CodeMatch {
            submission_id: r.get(0)?,
            code: crate::document::short_code(&r.get::<_, String>(1)?),
            full_name: r.get(2)?,
            kind_label: kind_label(&r.get::<_, String>(3)?),
            year: r.get(4)?,
            revision: r.get(5)?,
            signed_at: r.get(6)?,
            received_at: r.get(7)?,
            confirmed_at: r.get(8)?,
            superseded: r.get(9)?,
            state: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            held: r.get::<_, Option<String>>(11)?.map(|h| super::held::HeldReason::parse(&h)),
        })
    })?;
    let mut found = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    for m in &mut found {
        m.state = state(m);
    }
    Ok(found)
}

fn state(m: &CodeMatch) -> String {
    use super::held::HeldReason;
    match (m.held, m.state.as_str()) {
        (Some(HeldReason::OtherBranch), _) => {
            "KHÔNG phải văn bản của chi bộ này (văn bản của chi bộ khác, đang giữ lại)".into()
        }
        (Some(HeldReason::Refused), _) => "KHÔNG phải văn bản của chi bộ: đồng chí đã không nhận tệp này".into(),
        (Some(_), _) => "chưa phải văn bản của chi bộ: tệp đang giữ lại, chờ đồng chí quyết định".into(),
        (None, "xac-nhan") => "chi bộ đã xác nhận".into(),
        (None, "tra-lai") => "trả lại để sửa".into(),
        _ => "chưa xác nhận".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_slips_are_forgiven() {
        let code = crate::document::short_code("a3f1c29b0e7d44f2aa");
        assert_eq!(code, "MFRW-56RE-FN2F");
        for typed in ["MFRW-56RE-FN2F", "mfrw56refn2f", " mfrw 56re fn2f ", "MFRW-56RE-FN2F"] {
            assert_eq!(fingerprint_prefix(typed).unwrap(), "a3f1c29b0e7d44f");
        }
        let zero = crate::document::short_code("0000000000000000");
        assert_eq!(fingerprint_prefix(&zero.replace('0', "O")).unwrap(), "000000000000000");
        assert_eq!(fingerprint_prefix("1111-1111-1111").unwrap(), fingerprint_prefix("IiLl-1111-1111").unwrap());
        assert!(fingerprint_prefix("MFRW-56RE").unwrap_err().to_string().contains("có 8 ký tự"));
        assert!(fingerprint_prefix("MFRW-56RE-FN2U").unwrap_err().to_string().contains("“U”"));
    }
}
