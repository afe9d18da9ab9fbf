//! The about panel's commands: which content is in use (and what changed), where the holiday
//! data comes from, checking for new content and app versions, and putting them into use.

use assistant_core::content::{self, Origin};
use assistant_core::lang::Lang;
use assistant_core::workdays;
use chrono::NaiveDate;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use super::{CommandError, ErrorCode};
use crate::content::Content;
use crate::state::AppState;
use crate::updates::AppUpdates;

/// One content set as the about panel shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ContentVersion {
    pub version: u32,
    pub released: NaiveDate,
    pub origin: Origin,
    /// What changed, in the chosen language.
    pub changes: Vec<String>,
}

/// Where the working-day counts get public holidays from.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct HolidaySource {
    /// Years with a State Council notice in the data.
    pub years: Vec<i32>,
    /// The dataset and when it was taken.
    pub dataset: String,
    pub taken: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ContentInfo {
    pub app_version: String,
    pub active: ContentVersion,
    /// A newer pack, checked and installed on disk, not yet in use (desktop: until accepted).
    pub pending: Option<ContentVersion>,
    /// An installed pack that failed its checks at start and was rolled back: the message.
    pub rollback: Option<String>,
    /// The last downloaded pack that was refused, and why (quiet: shown here only).
    pub refusal: Option<String>,
    pub holidays: HolidaySource,
}

fn version_of(set: &content::ContentSet, lang: Lang) -> ContentVersion {
    let m = set.manifest();
    ContentVersion { version: m.version, released: m.released, origin: set.origin(), changes: m.changes_in(lang) }
}

#[tauri::command]
#[specta::specta]
pub fn content_info(content: State<'_, Content>, lang: Lang) -> ContentInfo {
    let source = workdays::data_source();
    ContentInfo {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        active: version_of(&content::active(), lang),
        pending: content.pending().map(|p| version_of(&p, lang)),
        rollback: content.rollback().map(|r| r.error.message().get(lang).to_owned()),
        refusal: content.last_refusal().map(|e| e.message().get(lang).to_owned()),
        holidays: HolidaySource { years: workdays::covered_years(), dataset: source.dataset, taken: source.taken },
    }
}

/// Puts a waiting pack into use now (desktop; a kiosk does it between two applicants).
#[tauri::command]
#[specta::specta]
pub fn content_apply(content: State<'_, Content>, state: State<'_, AppState>) -> bool {
    state.kiosk.is_none() && content.apply_pending()
}

/// The outcome of "check for updates" in the about panel.
#[derive(Debug, Clone, Copy, Serialize, specta::Type, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    UpToDate,
    /// A newer pack is installed and waiting.
    Ready,
    /// No mirror answered (offline, blocked, down): nothing changed.
    Unreachable,
}

#[tauri::command]
#[specta::specta]
pub async fn content_check(app: AppHandle) -> CheckOutcome {
    let Some(content) = app.try_state::<Content>() else { return CheckOutcome::Unreachable };
    match content.check_once(&crate::content::client()).await {
        Ok(true) => CheckOutcome::Ready,
        Ok(false) => CheckOutcome::UpToDate,
        Err(e) => {
            eprintln!("content update check failed: {e}");
            // A mirror answered but the pack was refused: "up to date" is what stays true.
            if content.last_refusal().is_some() {
                CheckOutcome::UpToDate
            } else {
                CheckOutcome::Unreachable
            }
        }
    }
}

/// A new app version found by the updater.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppUpdateInfo {
    pub version: String,
    pub notes: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn app_update_check(app: AppHandle) -> Result<Option<AppUpdateInfo>, CommandError> {
    let updates = app.state::<AppUpdates>();
    updates
        .check(&app)
        .await
        .map(|found| found.map(|(version, notes)| AppUpdateInfo { version, notes }))
        .map_err(|e| CommandError::new(ErrorCode::UpdateFailed, e))
}

/// What pressing "install" did.
#[derive(Debug, Clone, Copy, Serialize, specta::Type, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum InstallOutcome {
    /// Installed; the app restarts into the new version.
    Installed,
    /// Downloaded and its signature checked, not installed (test builds only).
    VerifiedOnly,
}

/// Downloads the update found by [`app_update_check`], checks its signature and installs it.
/// Desktop only, and only when the applicant pressed the button (the UI asks first).
#[tauri::command]
#[specta::specta]
pub async fn app_update_install(app: AppHandle, state: State<'_, AppState>) -> Result<InstallOutcome, CommandError> {
    if state.kiosk.is_some() {
        return Err(CommandError::new(ErrorCode::NotAllowed, "kiosks update in their maintenance window"));
    }
    let updates = app.state::<AppUpdates>();
    updates.install(&app).await.map_err(|e| CommandError::new(ErrorCode::UpdateFailed, e))
}
