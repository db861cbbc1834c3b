//! Step 3's data move, frozen: the member's first key, and every version
//! signed before records moved into `records` with its bytes exactly as
//! stored (a record of version 0), so fingerprints and printed codes stay
//! the same. The new key signs them: the member vouches for what the
//! database held. Ed25519 and SHA-256 straight from their crates, the SQL
//! written out: nothing here follows a later release.

use ed25519_dalek::{Signer, SigningKey};
use rusqlite::{params, Transaction};
use rusqlite_migration::{HookError, HookResult};
use sha2::{Digest, Sha256};

pub(super) fn move_to_records(tx: &Transaction) -> HookResult {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| HookError::Hook(format!("không lấy được số ngẫu nhiên ({e})")))?;
    let key = SigningKey::from_bytes(&secret);
    let public = key.verifying_key().to_bytes();
    tx.execute(
        "INSERT INTO keys (public_key, secret_key, created_at) VALUES (?1, ?2, ?3)",
        params![public.to_vec(), secret.to_vec(), crate::store::now()],
    )?;
    let mut old = tx.prepare(
        "SELECT id, document_id, revision, signed_at, content, signature_png FROM signed_versions ORDER BY id",
    )?;
    let rows = old
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<Vec<u8>>>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, document_id, revision, signed_at, content, png) in rows {
        let bytes = content.into_bytes();
        let fingerprint: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        tx.execute(
            "INSERT INTO records (id, document_id, revision, signed_at, bytes, fingerprint, public_key,
                                  key_signature, legacy_signature_png)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                document_id,
                revision,
                signed_at,
                bytes,
                fingerprint,
                public.to_vec(),
                key.sign(&bytes).to_bytes().to_vec(),
                png
            ],
        )?;
    }
    tx.execute_batch(
        "DROP TRIGGER signed_versions_immutable;
         DROP TRIGGER signed_versions_undeletable;
         DROP TABLE signed_versions;",
    )?;
    Ok(())
}
