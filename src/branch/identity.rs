//! Which branch a member's file was written for. A branch is its secretary's
//! key (the one that signs the year's settings file) and its header names
//! (CHI BỘ …, ĐẢNG BỘ …). A member who accepted the settings signs records
//! that carry that key (`Record::branch_key`); the header names, compared as
//! people read them, are the second signal for records without it.

use super::collation::unit_key;
use crate::error::{Error, Result};
use crate::record::Record;
use crate::store::Store;
use rusqlite::Connection;
use std::collections::HashMap;

/// This branch, as the secretary's database knows it.
pub struct Identity {
    key: Vec<u8>,
    committee: String,
    branch: String,
    /// When the secretary made a settings file, by year.
    settings_issued: HashMap<i32, String>,
}

/// Whose file a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Belongs {
    Ours,
    /// Another branch's (its names, or its secretary's key and names).
    Other,
    /// This branch's names, but signed after the year's settings were handed
    /// out without the branch's key, or with another secretary's key.
    Unsure,
}

impl Identity {
    /// The branch of the secretary's database; its names must be filled in,
    /// or no file can be told apart.
    pub fn of(store: &Store) -> Result<Identity> {
        Identity::read(store)?.ok_or_else(|| {
            Error::invalid(
                "profile",
                "Hãy nhập tên chi bộ và đảng bộ cấp trên trong Hồ sơ trước khi nhận văn bản (trong ứng dụng, hoặc \
                 bằng lệnh “camket branch secretary”): văn bản của chi bộ khác được nhận ra nhờ các tên này.",
            )
        })
    }

    /// The branch, or None while its names are not filled in.
    pub fn read(store: &Store) -> Result<Option<Identity>> {
        let me = store.profile()?;
        if me.branch.trim().is_empty() || me.party_committee.trim().is_empty() {
            return Ok(None);
        }
        Ok(Some(Identity {
            key: store.member_key()?.public().to_vec(),
            committee: unit_key(&me.party_committee),
            branch: unit_key(&me.branch),
            settings_issued: settings_issued_at(store.conn())?,
        }))
    }

    pub fn judge(&self, record: &Record) -> Belongs {
        let p = &record.content.profile;
        let our_names = unit_key(&p.branch) == self.branch && unit_key(&p.party_committee) == self.committee;
        // Only records signed after the year's settings were made must carry the key.
        let after_settings = self
            .settings_issued
            .get(&record.year)
            .is_some_and(|issued| record.signed_at.as_deref().is_none_or(|signed| signed > issued.as_str()));
        match &record.branch_key {
            // The secretary's own documents are this branch's.
            _ if record.public_key.as_deref() == Some(self.key.as_slice()) => Belongs::Ours,
            Some(key) if *key == self.key => Belongs::Ours,
            Some(_) if our_names => Belongs::Unsure,
            Some(_) => Belongs::Other,
            None if !our_names => Belongs::Other,
            None if after_settings => Belongs::Unsure,
            None => Belongs::Ours,
        }
    }

    /// True for the secretary's own key: her own files need no binding.
    pub fn is_own_key(&self, key: &[u8]) -> bool {
        self.key == key
    }
}

/// "CHI BỘ PHÒNG TỔ CHỨC — ĐẢNG BỘ SỞ NỘI VỤ", as a header prints them.
pub fn header(branch: &str, committee: &str) -> String {
    let upper = |s: &str| s.trim().to_uppercase();
    match (branch.trim().is_empty(), committee.trim().is_empty()) {
        (true, true) => "(không ghi chi bộ)".to_string(),
        (false, true) => upper(branch),
        (true, false) => upper(committee),
        (false, false) => format!("{} — {}", upper(branch), upper(committee)),
    }
}

fn settings_issued_at(conn: &Connection) -> Result<HashMap<i32, String>> {
    let mut stmt = conn.prepare("SELECT year, issued_at FROM settings_issued")?;
    let years = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(years)
}

/// Kept when the secretary makes the year's settings file: from then on a
/// file of that year without the branch's key is held.
pub fn settings_issued(conn: &Connection, year: i32) -> Result<()> {
    conn.execute(
        "INSERT INTO settings_issued (year, issued_at) VALUES (?1, ?2) ON CONFLICT (year) DO NOTHING",
        rusqlite::params![year, crate::store::now()],
    )?;
    Ok(())
}
