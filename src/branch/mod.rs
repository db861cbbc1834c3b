//! The branch secretary's workspace, a second view over the same store: the
//! roster (`roster.rs`), the files received (`collect.rs`), each year's
//! status (`status.rs`), the secretary's confirmation (`confirm.rs`),
//! printing and reports (`print.rs`, `report.rs`), and finding a printout by
//! its code (`code.rs`), the roster from a spreadsheet (`sheet.rs`), and the
//! year's settings file handed to members (`settings.rs`). Names sort and
//! search the Vietnamese way (`collation.rs`).

pub mod code;
pub mod collation;
pub mod collect;
pub mod confirm;
pub mod print;
pub mod report;
pub mod roster;
pub mod settings;
pub mod sheet;
pub mod status;

use crate::template::DocKind;

/// The label of a document kind as a record names it; an unknown kind
/// (a newer app's) is shown as it is.
pub fn kind_label(kind: &str) -> String {
    DocKind::from_slug(kind).map(|k| k.label().to_string()).unwrap_or_else(|_| kind.to_string())
}

/// The kinds of document a year's table has columns for, in order.
pub fn kinds() -> Vec<(String, String)> {
    DocKind::ALL.iter().map(|k| (k.slug().to_string(), k.label().to_string())).collect()
}
