//! The member's Ed25519 key: made from the operating system's randomness,
//! kept in the member's database (and so in its backups), never exported.
//! People compare keys by a short fingerprint read aloud, e.g. `K7QD-2M4X`.

use crate::error::{Error, Result};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

pub const PUBLIC_KEY_LEN: usize = 32;
pub const SIGNATURE_LEN: usize = 64;

/// A member's (or a secretary's) signing key.
pub struct MemberKey(SigningKey);

impl MemberKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<MemberKey> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)
            .map_err(|e| Error::System(format!("không lấy được số ngẫu nhiên để tạo khóa ký ({e})")))?;
        Ok(MemberKey(SigningKey::from_bytes(&secret)))
    }

    /// A key from its stored 32 secret bytes.
    pub fn from_secret(bytes: &[u8]) -> Result<MemberKey> {
        let secret: [u8; 32] =
            bytes.try_into().map_err(|_| Error::Database("khóa ký lưu trong tệp dữ liệu bị hỏng".into()))?;
        Ok(MemberKey(SigningKey::from_bytes(&secret)))
    }

    /// A key from its 32 secret bytes (the demo's, derived from a seed).
    pub(crate) fn from_secret_bytes(secret: &[u8; 32]) -> MemberKey {
        MemberKey(SigningKey::from_bytes(secret))
    }

    pub fn secret(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    pub fn public(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.0.verifying_key().to_bytes()
    }

    pub fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        self.0.sign(message).to_bytes()
    }

    pub fn fingerprint(&self) -> String {
        key_fingerprint(&self.public())
    }
}

/// True when `signature` is `public`'s signature of `message`. Malformed
/// keys and signatures are simply not valid.
pub fn signature_valid(public: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (Ok(public), Ok(signature)) = (<[u8; PUBLIC_KEY_LEN]>::try_from(public), Signature::from_slice(signature))
    else {
        return false;
    };
    VerifyingKey::from_bytes(&public).is_ok_and(|key| key.verify_strict(message, &signature).is_ok())
}

/// The short fingerprint of a public key that people read to each other:
/// the first 40 bits of its SHA-256 in Crockford base 32, as XXXX-XXXX.
pub fn key_fingerprint(public: &[u8]) -> String {
    let digest = Sha256::digest(public);
    let code = crockford(&digest, 8);
    format!("{}-{}", &code[..4], &code[4..])
}

/// The first `chars` × 5 bits of `bytes` in Crockford base 32.
pub fn crockford(bytes: &[u8], chars: usize) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bit = |i: usize| bytes.get(i / 8).map_or(0, |b| (b >> (7 - i % 8)) & 1);
    (0..chars)
        .map(|c| {
            let value = (0..5).fold(0usize, |v, k| (v << 1) | bit(c * 5 + k) as usize);
            ALPHABET[value] as char
        })
        .collect()
}

/// Bytes as lowercase hexadecimal (digests, keys, serial numbers).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len() / 2).map(|i| text.get(i * 2..i * 2 + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_with_their_key_and_message() {
        let key = MemberKey::generate().unwrap();
        let other = MemberKey::generate().unwrap();
        let sig = key.sign(b"ban ghi");
        assert!(signature_valid(&key.public(), b"ban ghi", &sig));
        assert!(!signature_valid(&key.public(), b"ban ghj", &sig));
        assert!(!signature_valid(&other.public(), b"ban ghi", &sig));
        assert!(!signature_valid(&key.public()[..31], b"ban ghi", &sig));
        let restored = MemberKey::from_secret(&key.secret()).unwrap();
        assert_eq!(restored.public(), key.public());
    }

    #[test]
    fn fingerprint_is_two_groups_of_four() {
        let f = crate::demo::key("a").fingerprint();
        assert_eq!(f.len(), 9);
        assert_eq!(&f[4..5], "-");
        assert_eq!(f, crate::demo::key("a").fingerprint());
        assert_ne!(f, crate::demo::key("b").fingerprint());
    }
}
