//! Keys and signed records: signing a document makes a record (the exact
//! bytes signed, with the member's key signature); records are read back,
//! never rewritten. The database's triggers refuse UPDATE and DELETE.

use super::{now, Store};
use crate::document::Content;
use crate::error::{Error, Result};
use crate::keys::MemberKey;
use crate::record::{self, Record};
use crate::signature::SignatureImage;
use rusqlite::{params, OptionalExtension, TransactionBehavior};

/// A signed version's ký số: the PDF as signed with the certificate, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KySo {
    pub pdf: Vec<u8>,
    pub holder: String,
    pub provider: String,
    pub serial: String,
    pub certificate_sha256: String,
    /// RFC 3339.
    pub signed_at: String,
}

fn insert_ky_so(conn: &rusqlite::Connection, record_id: i64, k: &KySo) -> Result<()> {
    conn.execute(
        "INSERT INTO ky_so (record_id, pdf, holder, provider, serial, certificate_sha256, signed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![record_id, k.pdf, k.holder, k.provider, k.serial, k.certificate_sha256, k.signed_at],
    )?;
    Ok(())
}

/// A signed version of a document, as its record says it.
#[derive(Debug, Clone)]
pub struct SignedVersion {
    /// The record's row id.
    pub id: i64,
    pub document_id: i64,
    pub revision: i64,
    pub signed_at: String,
    /// The signature image placed in the signature block, if one was given
    /// (a version 0 record does not hold its own).
    pub signature: Option<SignatureImage>,
    pub record: Record,
    pub public_key: Vec<u8>,
    /// The member key's Ed25519 signature of the record's bytes.
    pub key_signature: Vec<u8>,
}

impl SignedVersion {
    pub fn fingerprint(&self) -> &str {
        &self.record.fingerprint
    }

    pub fn code(&self) -> String {
        self.record.code()
    }

    pub fn content(&self) -> &Content {
        &self.record.content
    }
}

/// What the year board says of a document's latest signed version beyond
/// its code: when it was saved for the branch, and the branch's confirmation.
#[derive(Debug, Clone, Default)]
pub struct SentState {
    pub saved_at: Option<String>,
    pub confirmed: Option<String>,
    /// "Chi bộ trả lại để sửa …", from the branch's notice on this version.
    pub returned: Option<String>,
}

impl Store {
    /// The member's current key. A database always has one (migration 3
    /// makes it); a new computer without a backup simply has a new key.
    /// The document has a signed version (its template then stays as signed).
    pub fn has_records(&self, document_id: i64) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM records WHERE document_id = ?1)", [document_id], |r| r.get(0))?)
    }

    pub fn member_key(&self) -> Result<MemberKey> {
        let secret: Vec<u8> =
            self.conn.query_row("SELECT secret_key FROM keys ORDER BY id DESC LIMIT 1", [], |r| r.get(0))?;
        MemberKey::from_secret(&secret)
    }

    /// The key whose public half is `public` (the one that signed a record).
    pub fn key_for(&self, public: &[u8]) -> Result<MemberKey> {
        let secret: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT secret_key FROM keys WHERE public_key = ?1", [public], |r| r.get(0))
            .optional()?;
        MemberKey::from_secret(&secret.ok_or_else(|| Error::NotFound("khóa đã ký văn bản này".into()))?)
    }

    /// Keeps the record `bytes` of revision `base_revision` of document
    /// `id`, signed with `key`, signed at `signed_at`: refused when the
    /// document changed since (the record would not say what it holds) or
    /// that revision is signed already. The record is made by the layer
    /// above (`writing::sign`).
    pub fn insert_record(
        &mut self,
        id: i64,
        base_revision: i64,
        signed_at: &str,
        bytes: &[u8],
        key: &MemberKey,
        ky_so: Option<&KySo>,
    ) -> Result<SignedVersion> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("SELECT revision FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
        if current != base_revision {
            return Err(Error::Conflict { base: base_revision, current });
        }
        let already: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM records WHERE document_id = ?1 AND revision = ?2)",
            params![id, current],
            |r| r.get(0),
        )?;
        if already {
            return Err(Error::invalid("sign", "Phiên bản này đã được ký rồi."));
        }
        tx.execute(
            "INSERT INTO records (document_id, revision, signed_at, bytes, fingerprint, public_key, key_signature)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                current,
                signed_at,
                bytes,
                record::sha256_hex(bytes),
                key.public().to_vec(),
                key.sign(bytes).to_vec()
            ],
        )?;
        let record_id = tx.last_insert_rowid();
        if let Some(k) = ky_so {
            insert_ky_so(&tx, record_id, k)?;
        }
        tx.commit()?;
        self.signed_version(record_id)
    }

    /// Keeps a signed version's ký số added later; one per version.
    pub fn add_ky_so(&self, record_id: i64, ky_so: &KySo) -> Result<()> {
        if self.ky_so(record_id)?.is_some() {
            return Err(Error::invalid("ky_so", "Bản đã ký này đã được ký số rồi."));
        }
        insert_ky_so(&self.conn, record_id, ky_so)
    }

    /// A signed version's ký số, if it has one.
    pub fn ky_so(&self, record_id: i64) -> Result<Option<KySo>> {
        Ok(self
            .conn
            .query_row(
                "SELECT pdf, holder, provider, serial, certificate_sha256, signed_at FROM ky_so WHERE record_id = ?1",
                [record_id],
                |r| {
                    Ok(KySo {
                        pdf: r.get(0)?,
                        holder: r.get(1)?,
                        provider: r.get(2)?,
                        serial: r.get(3)?,
                        certificate_sha256: r.get(4)?,
                        signed_at: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// The latest signed version of a document, if it was ever signed.
    pub fn latest_signed(&self, document_id: i64) -> Result<Option<SignedVersion>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM records WHERE document_id = ?1 ORDER BY revision DESC LIMIT 1",
                [document_id],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| self.signed_version(id)).transpose()
    }

    /// A record by its row id, read from its bytes.
    pub fn signed_version(&self, id: i64) -> Result<SignedVersion> {
        type Row = (i64, i64, String, Vec<u8>, Vec<u8>, Vec<u8>, Option<Vec<u8>>);
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT document_id, revision, signed_at, bytes, public_key, key_signature, legacy_signature_png
                 FROM records WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
            )
            .optional()?;
        let (document_id, revision, signed_at, bytes, public_key, key_signature, legacy_png) =
            row.ok_or_else(|| Error::NotFound(format!("bản ký số {id}")))?;
        let record = record::read(&bytes)?;
        let signature = match (&record.signature_image, legacy_png) {
            (Some(image), _) => Some(image.clone()),
            (None, Some(png)) => Some(SignatureImage::from_png(&png)?),
            (None, None) => None,
        };
        Ok(SignedVersion { id, document_id, revision, signed_at, signature, record, public_key, key_signature })
    }

    /// Whether a document's latest signed version was saved for the branch
    /// and confirmed by it, without reading the record.
    pub fn sent_state(&self, document_id: i64) -> Result<SentState> {
        let row = self
            .conn
            .query_row(
                "SELECT (SELECT max(saved_at) FROM branch_copies b WHERE b.record_id = r.id),
                        (SELECT c.summary FROM confirmations c WHERE c.record_id = r.id ORDER BY c.rowid DESC LIMIT 1),
                        (SELECT t.summary FROM returns t WHERE t.record_id = r.id ORDER BY t.rowid DESC LIMIT 1)
                 FROM records r WHERE r.document_id = ?1 ORDER BY r.revision DESC LIMIT 1",
                [document_id],
                |r| Ok(SentState { saved_at: r.get(0)?, confirmed: r.get(1)?, returned: r.get(2)? }),
            )
            .optional()?;
        Ok(row.unwrap_or_default())
    }

    pub fn record_by_fingerprint(&self, fingerprint: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM records WHERE fingerprint = ?1", [fingerprint], |r| r.get(0))
            .optional()?)
    }

    /// Whether this very notice was brought in before.
    pub fn has_return(&self, record_id: i64, file: &[u8]) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM returns WHERE record_id = ?1 AND file = ?2)",
            params![record_id, file],
            |r| r.get(0),
        )?)
    }

    /// Keeps the branch's notice that a record was returned (what the board shows).
    pub fn keep_return(&self, record_id: i64, line: &str, file: &[u8]) -> Result<()> {
        self.conn.execute(
            "INSERT INTO returns (record_id, summary, file, received_at) VALUES (?1, ?2, ?3, ?4)",
            params![record_id, line, file, now()],
        )?;
        Ok(())
    }

    /// Keeps the branch's confirmed PDF of a record (what the board shows).
    pub fn keep_confirmation(&self, record_id: i64, confirmed_on: &str, line: &str, pdf: &[u8]) -> Result<()> {
        self.conn.execute(
            "INSERT INTO confirmations (record_id, confirmed_on, summary, pdf, received_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![record_id, confirmed_on, line, pdf, now()],
        )?;
        Ok(())
    }

    /// Notes that the member saved this record's PDF to send to the branch.
    pub fn note_branch_copy(&self, record_id: i64) -> Result<()> {
        self.conn
            .execute("INSERT INTO branch_copies (record_id, saved_at) VALUES (?1, ?2)", params![record_id, now()])?;
        Ok(())
    }
}
