//! Domain logic of Applicant Assistant (申请助手).
//!
//! Pure Rust with no Tauri or WebKit dependency, so it builds and tests in seconds anywhere.
//! The Tauri crate (`applicant-assistant`) is a thin shell that calls into these modules.

pub mod annotation;
pub mod atomic;
pub mod catalog;
pub mod certificate;
pub mod checklist;
pub mod contact;
pub mod content;
pub mod dates;
pub mod feedback;
pub mod filename;
mod fonts;
pub mod form;
pub mod guide;
pub mod identity;
pub mod kiosk;
pub mod lang;
pub mod local_file;
pub mod mail;
pub mod message_search;
pub mod outbox;
pub mod photo;
pub mod portals;
pub mod prefs;
pub mod sources;
pub mod speech;
pub mod text;
pub mod vault;
pub mod workdays;
