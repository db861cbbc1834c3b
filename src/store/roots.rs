//! The root certificates of the digital-signature providers the unit
//! trusts (ký số): a ký số chaining to one of them is said to.

use super::Store;
use crate::certificate::{self, Certificate};
use crate::error::Result;
use rusqlite::params;

impl Store {
    /// The trusted roots, as certificates (a row no longer readable is left out).
    pub fn trusted_roots(&self) -> Result<Vec<Certificate>> {
        let mut statement = self.conn.prepare("SELECT der FROM trusted_roots ORDER BY added_at, sha256")?;
        let ders = statement.query_map([], |r| r.get::<_, Vec<u8>>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ders.iter().filter_map(|d| certificate::parse(d).ok()).collect())
    }

    /// Adds `roots` (one transaction); returns how many were not there yet.
    pub fn add_trusted_roots(&mut self, roots: &[Certificate]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let added = add_roots(&tx, roots)?;
        tx.commit()?;
        Ok(added)
    }
}

/// Adds `roots` inside a caller's transaction (accepting settings).
pub(crate) fn add_roots(conn: &rusqlite::Connection, roots: &[Certificate]) -> Result<usize> {
    let mut added = 0;
    for root in roots {
        let h = certificate::holder(root);
        added += conn.execute(
            "INSERT OR IGNORE INTO trusted_roots (sha256, der, holder, added_at) VALUES (?1, ?2, ?3, ?4)",
            params![h.sha256, certificate::der(root), h.holder, super::now()],
        )?;
    }
    Ok(added)
}
