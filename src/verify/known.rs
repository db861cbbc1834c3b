//! What a database knows about who may sign: a file's own keys prove only
//! that someone signed it, so `camket verify --db` checks them against the
//! secretary keys this database accepted (a member's settings) or holds
//! (a secretary's own), and against the members' bound keys. The branch
//! reads them from its tables (`branch::known_signers`); verification only
//! compares.

use super::Verified;
use crate::keys::key_fingerprint;

/// The keys a database trusts.
pub struct Known {
    secretaries: Vec<Vec<u8>>,
    /// Members' bound keys (a secretary's database).
    members: Vec<Vec<u8>>,
}

impl Known {
    /// The secretaries' public keys, and the members' bound keys.
    pub fn new(secretaries: Vec<Vec<u8>>, members: Vec<Vec<u8>>) -> Known {
        Known { secretaries, members }
    }

    /// Why the file's confirmation cannot be trusted here, if it cannot.
    pub fn unknown_confirmation(&self, v: &Verified) -> Option<String> {
        let c = v.confirmation.as_ref()?;
        if self.secretaries.contains(&c.public_key) {
            return None;
        }
        let known: Vec<String> = self.secretaries.iter().map(|k| key_fingerprint(k)).collect();
        Some(if known.is_empty() {
            format!(
                "xác nhận được ký bằng khóa {}, nhưng tệp dữ liệu này chưa biết khóa bí thư nào (chưa nhận tệp thiết \
                 lập của chi bộ): không tin được xác nhận này",
                c.key_fingerprint
            )
        } else {
            format!(
                "xác nhận được ký bằng khóa {}, không phải khóa bí thư mà tệp dữ liệu này biết ({}): xác nhận này \
                 không do bí thư chi bộ ký",
                c.key_fingerprint,
                known.join(", ")
            )
        })
    }

    /// A note when the roster holds members but none with the signer's key.
    pub fn signer_note(&self, v: &Verified) -> Option<String> {
        if self.members.is_empty() {
            return None;
        }
        (!self.members.contains(&v.public_key))
            .then(|| format!("khóa {} chưa gắn với đảng viên nào trong danh sách chi bộ", v.key_fingerprint))
    }
}
