//! Cam Kết: everything the product knows, with no user interface. The
//! desktop app and the `camket` command line are thin shells over it.

pub mod app;
pub mod branch;
pub mod certificate;
pub mod confirmation;
pub mod dates;
pub mod demo;
pub mod document;
pub mod error;
pub mod files;
pub mod fonts;
pub mod keys;
pub mod ky_so;
pub mod log;
pub mod pades;
pub mod plain;
pub mod points;
pub mod prefill;
pub mod profile;
pub mod progress;
pub mod record;
pub mod reference;
pub mod render;
pub mod seal;
pub mod signature;
pub mod store;
pub mod template;
pub mod text;
pub mod token;
pub mod verify;
pub mod word;
pub mod writing;

pub use error::{Error, ErrorCode, ErrorView, Result};
