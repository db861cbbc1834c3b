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
pub mod report;
pub mod roster;
pub mod settings;
pub mod sheet;
pub mod status;
mod workbook;

/// The label of a document kind as a record names it; an unknown kind
/// (a unit's own, or a newer app's) is shown as it is.
pub fn kind_label(kind: &str) -> String {
    crate::template::shipped(kind).map_or_else(|| kind.to_string(), |t| t.label.clone())
}
