//! The branch secretary's workspace, a second view over the same store: the
//! roster (`roster.rs`), the files received (`collect.rs`) for this branch
//! (`identity.rs`) and matched to people (`people.rs`), the files held back
//! and the secretary's decisions on them (`held.rs`), each year's
//! status (`status.rs`), the secretary's confirmation (`confirm.rs`),
//! printing and reports (`print.rs`, `report.rs`), and finding a printout by
//! its code (`code.rs`), the roster from a spreadsheet (`sheet.rs`), and the
//! year's settings file handed to members (`settings.rs`). Names sort and
//! search the Vietnamese way (`collation.rs`).

pub mod code;
pub mod collation;
pub mod collect;
pub mod confirm;
pub mod held;
pub mod identity;
pub mod people;
pub mod print;
pub mod rating;
pub mod report;
pub mod roster;
pub mod settings;
pub mod sheet;
pub mod status;
pub mod summary;
mod workbook;

/// The keys this database trusts, read only: the accepted settings'
/// secretary keys, and when it keeps a roster, its own key (the
/// secretary's) and the members' bound keys.
pub fn known_signers(store: &crate::store::Store) -> crate::error::Result<crate::verify::Known> {
    let conn = store.conn();
    let mut secretaries = settings::known_keys(conn)?;
    let mut stmt = conn.prepare("SELECT public_key FROM members WHERE public_key IS NOT NULL")?;
    let members: Vec<Vec<u8>> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let has_roster: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM members)", [], |r| r.get(0))?;
    if has_roster {
        secretaries.push(store.member_key()?.public().to_vec());
    }
    Ok(crate::verify::Known::new(secretaries, members))
}

/// The secretary's own details as they are signed and printed (a
/// confirmation's block, a settings file's header names): a person's name,
/// and words that print as they read.
pub fn check_secretary(me: &crate::profile::Profile) -> crate::error::Result<()> {
    use crate::error::Error;
    if me.full_name.trim().is_empty() {
        return Err(Error::invalid(
            "profile",
            "Hãy nhập họ và tên của đồng chí trong Hồ sơ (trong ứng dụng, hoặc bằng lệnh “camket branch secretary”).",
        ));
    }
    if let Some(why) = crate::text::name_problem(&me.full_name) {
        return Err(Error::invalid("profile", format!("Họ và tên của bí thư trong Hồ sơ: {why}")));
    }
    for (label, value) in [
        ("Hồ sơ của bí thư: Chức vụ Đảng", &me.party_position),
        ("Hồ sơ của bí thư: Chi bộ", &me.branch),
        ("Hồ sơ của bí thư: Đảng bộ", &me.party_committee),
        ("Hồ sơ của bí thư: Địa danh", &me.place),
    ] {
        crate::text::check_printable(label, value)?;
    }
    Ok(())
}
