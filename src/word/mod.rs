//! Word files: a document written out as .docx (`write`), and last year's
//! documents brought in from the .docx files members have (`read`, `map`).

pub mod map;
pub mod read;
pub mod write;

pub use write::docx;
