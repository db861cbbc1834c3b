//! Matching a file to a person of the roster: a key the branch bound to a
//! member decides first; otherwise the name, compared as people read it
//! (`collation::person_key`), with the birth date deciding between namesakes
//! when both sides have one. Matching only proposes: a key is bound to a
//! member by the secretary, never by an import alone.

use super::collation::person_key;
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashMap;

struct Person {
    id: i64,
    name: String,
    birth: Option<NaiveDate>,
    key: Option<Vec<u8>>,
}

/// The roster, read once for many files.
pub struct People {
    people: Vec<Person>,
    by_key: HashMap<Vec<u8>, i64>,
}

/// Who a file seems to be from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// The key is bound to this member.
    Bound(i64),
    /// One member has this name (and birth date); `other_key` when the
    /// branch already trusts another key for them.
    Candidate {
        id: i64,
        other_key: bool,
    },
    /// Several members fit, or members of this name with other birth dates:
    /// the secretary chooses.
    Namesakes(usize),
    Nobody,
}

impl People {
    pub fn read(conn: &Connection) -> Result<People> {
        let mut stmt = conn.prepare_cached("SELECT id, full_name, birth_date, public_key FROM members")?;
        let people = stmt
            .query_map([], |r| {
                Ok(Person {
                    id: r.get(0)?,
                    name: person_key(&r.get::<_, String>(1)?),
                    birth: r.get::<_, Option<String>>(2)?.and_then(|d| d.parse().ok()),
                    key: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let by_key = people.iter().filter_map(|p| p.key.clone().map(|k| (k, p.id))).collect();
        Ok(People { people, by_key })
    }

    /// The key is now bound to member `id`.
    pub fn bind(&mut self, id: i64, key: &[u8]) {
        if let Some(p) = self.people.iter_mut().find(|p| p.id == id) {
            p.key = Some(key.to_vec());
        }
        self.by_key.insert(key.to_vec(), id);
    }

    /// A member added with this key.
    pub fn add(&mut self, id: i64, name: &str, birth: Option<NaiveDate>, key: &[u8]) {
        self.people.push(Person { id, name: person_key(name), birth, key: Some(key.to_vec()) });
        self.by_key.insert(key.to_vec(), id);
    }

    pub fn find(&self, key: &[u8], name: &str, birth: Option<NaiveDate>) -> Match {
        if let Some(id) = self.by_key.get(key) {
            return Match::Bound(*id);
        }
        let name = person_key(name);
        let same_name: Vec<&Person> = self.people.iter().filter(|p| p.name == name).collect();
        let fits: Vec<&&Person> = same_name
            .iter()
            .filter(|p| match (p.birth, birth) {
                (Some(known), Some(given)) => known == given,
                _ => true,
            })
            .collect();
        match (fits.as_slice(), same_name.len()) {
            ([one], _) => Match::Candidate { id: one.id, other_key: one.key.is_some() },
            ([], 0) => Match::Nobody,
            (many, n) => Match::Namesakes(many.len().max(n)),
        }
    }
}
