//! Kiosk commands: what the UI needs to know, ending an applicant's session, admin exit.

use assistant_core::lang::Lang;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::kiosk::{wipe_dir, PinError};
use crate::state::AppState;
use crate::vault::Vault;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct KioskInfo {
    pub hall_name: String,
    pub languages: Vec<Lang>,
    /// Seconds without a touch before the countdown appears.
    pub quiet_seconds: u32,
    pub countdown_seconds: u32,
}

/// `None` on a normal desktop.
#[tauri::command]
#[specta::specta]
pub fn kiosk_info(state: State<'_, AppState>) -> Option<KioskInfo> {
    state.kiosk.as_ref().map(|k| KioskInfo {
        hall_name: k.config.hall_name.clone(),
        languages: k.config.languages.clone(),
        quiet_seconds: k.config.quiet_seconds(),
        countdown_seconds: k.config.countdown_seconds(),
    })
}

/// Wipes everything of the current applicant: official-site windows, the WebView's cookies,
/// storage and cache, accounts held in memory, the clipboard, and every file the session wrote.
/// The UI reloads itself afterwards. Does nothing outside kiosk mode.
#[tauri::command]
#[specta::specta]
pub fn kiosk_end_session(app: AppHandle, state: State<'_, AppState>, vault: State<'_, Vault>) -> bool {
    if state.kiosk.is_none() {
        return false;
    }
    wipe_session(&app, &state, &vault);
    true
}

pub fn wipe_session(app: &AppHandle, state: &AppState, vault: &Vault) {
    for (label, window) in app.webview_windows() {
        if label != "main" {
            let _ = window.destroy();
        }
    }
    for webview in app.webview_windows().values() {
        if let Err(e) = webview.clear_all_browsing_data() {
            eprintln!("kiosk: could not clear browsing data: {e}");
        }
    }
    vault.wipe();
    if let Some(photo) = app.try_state::<super::mail::PhotoSlot>() {
        photo.clear();
    }
    if let Some(captures) = app.try_state::<super::certificate::Captures>() {
        if let Ok(mut last) = captures.0.lock() {
            *last = None;
        }
    }
    let _ = app.clipboard().clear();
    if let Err(e) = wipe_dir(&state.data_dir) {
        eprintln!("kiosk: could not wipe the session directory: {e}");
    }
    if let Some(kiosk) = &state.kiosk {
        kiosk.session_ended();
    }
}

/// Leaves kiosk mode (closes the app) after the admin PIN, wiping the session first.
#[tauri::command]
#[specta::specta]
pub fn kiosk_admin_exit(
    app: AppHandle,
    state: State<'_, AppState>,
    vault: State<'_, Vault>,
    pin: String,
) -> Result<(), PinError> {
    let Some(kiosk) = state.kiosk.clone() else { return Ok(()) };
    kiosk.check_pin(&pin)?;
    wipe_session(&app, &state, &vault);
    let _ = std::fs::remove_dir_all(&state.data_dir);
    app.exit(0);
    Ok(())
}
