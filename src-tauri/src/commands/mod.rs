//! IPC commands. Each one translates between the WebView and `assistant-core`, nothing more.

pub mod certificate;
pub mod checklist;
pub mod content;
pub mod dates;
pub mod feedback;
pub mod guide;
pub mod home;
pub mod identity;
pub mod intake;
pub mod kiosk;
pub mod mail;
pub mod media;
pub mod panel;
pub mod search;
pub mod speech;
pub mod uploads;
pub mod vault;

use serde::Serialize;

/// An error the UI can show: a stable code for the message catalog plus technical detail
/// for the log. Never carries secrets or what the applicant typed.
#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[error("{code:?}: {detail}")]
pub struct CommandError {
    pub code: ErrorCode,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, Serialize, specta::Type, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The disk refused a write (full, read-only, no permission).
    SaveFailed,
    /// A guide call did not fit the guide (stale page, unknown answer): the UI offers to start again.
    GuideRejected,
    /// A date answer outside what the guide accepts (a typing mistake such as 1899 or 2199).
    DateOutOfRange,
    /// An app window (official form, download page) could not be opened.
    WindowFailed,
    /// This kiosk does not allow the official site asked for.
    NotAllowed,
    /// Read-aloud: the computer has no speech engine that answers.
    NoSpeechEngine,
    /// Read-aloud: the speech engine has no voice for the page's language.
    NoVoice,
    /// Read-aloud: the engine refused the text.
    SpeechFailed,
    /// An app update could not be checked, downloaded, verified or installed.
    UpdateFailed,
}

impl CommandError {
    pub fn new(code: ErrorCode, detail: impl ToString) -> Self {
        Self { code, detail: detail.to_string() }
    }
}
