//! Kiosk commands: what the UI needs to know, ending an applicant's session, admin exit.

use assistant_core::lang::Lang;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

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
    info(&state)
}

/// The hall's details for the page (also handed to it at load, see `home::start_script`).
pub fn info(state: &AppState) -> Option<KioskInfo> {
    state.kiosk.as_ref().map(|k| KioskInfo {
        hall_name: k.config.hall_name.clone(),
        languages: k.config.languages.clone(),
        quiet_seconds: k.config.quiet_seconds(),
        countdown_seconds: k.config.countdown_seconds(),
    })
}

/// Wipes everything of the current applicant: official-site windows, the WebView's cookies,
/// storage and cache, accounts held in memory, the clipboard (and X11's PRIMARY selection), GTK's
/// recent files of the session, and every file the session wrote. The UI reloads itself
/// afterwards. Does nothing outside kiosk mode.
#[tauri::command]
#[specta::specta]
pub async fn kiosk_end_session(app: AppHandle) -> bool {
    if app.state::<AppState>().kiosk.is_none() {
        return false;
    }
    wipe_session(&app).await;
    true
}

/// Input seen by the page (the shell sees it natively on Linux): resets the one idle timer.
#[tauri::command]
#[specta::specta]
pub fn kiosk_activity(app: AppHandle) {
    crate::kiosk_windows::touch(&app);
}

pub async fn wipe_session(app: &AppHandle) {
    let state = app.state::<AppState>();
    for (label, window) in app.webview_windows() {
        if label != "main" {
            let _ = window.destroy();
        }
    }
    for webview in app.webview_windows().values() {
        crate::kiosk_windows::clear_browsing_data(webview).await;
    }
    app.state::<Vault>().wipe();
    if let Some(speech) = app.try_state::<crate::speech::Speech>() {
        speech.stop(); // the last applicant's page is not read on
    }
    // Between two applicants: new guide content takes effect, and inside the maintenance window
    // a new app version may be installed.
    if let Some(content) = app.try_state::<crate::content::Content>() {
        content.apply_pending();
    }
    if let Some(k) = &state.kiosk {
        crate::updates::kiosk_between_applicants(app, k.config.update_window.as_deref());
    }
    if let Some(photo) = app.try_state::<super::mail::PhotoSlot>() {
        photo.clear();
    }
    if let Some(upload) = app.try_state::<super::uploads::UploadSlot>() {
        upload.clear();
    }
    if let Some(panel) = app.try_state::<crate::panel::PanelSlot>() {
        panel.clear();
    }
    if let Some(captures) = app.try_state::<super::certificate::Captures>() {
        if let Ok(mut last) = captures.0.lock() {
            *last = None;
        }
    }
    if let Some(media) = app.try_state::<super::media::MediaList>() {
        media.clear();
    }
    super::vault::clear_clipboards(app);
    if let Some(idle) = app.try_state::<std::sync::Arc<crate::kiosk_windows::Idle>>() {
        let since = idle.session_started.lock().map(|s| *s).unwrap_or(std::time::SystemTime::UNIX_EPOCH);
        crate::kiosk_windows::forget_recent_files(app, since);
        if let Ok(mut started) = idle.session_started.lock() {
            *started = std::time::SystemTime::now();
        }
    }
    if let Err(e) = wipe_dir(&state.data_dir) {
        eprintln!("kiosk: could not wipe the session directory: {e}");
    }
    if let Some(kiosk) = &state.kiosk {
        kiosk.session_ended();
    }
}

/// What the admin sees after the PIN: drafts the hall's desk refused that left the machine.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AdminView {
    pub expired_drafts: Vec<assistant_core::outbox::ReportLine>,
    pub outbox: Option<assistant_core::outbox::OutboxStatus>,
}

/// Opens the admin page after the PIN (rate limited like the exit).
#[tauri::command]
#[specta::specta]
pub fn kiosk_admin_open(
    state: State<'_, AppState>,
    intake: State<'_, Option<super::intake::Intake>>,
    pin: String,
) -> Result<AdminView, PinError> {
    let Some(kiosk) = state.kiosk.clone() else {
        return Ok(AdminView { expired_drafts: Vec::new(), outbox: None });
    };
    kiosk.check_pin(&pin)?;
    let outbox = intake.inner().as_ref().and_then(|i| assistant_core::outbox::Outbox::open(&i.dir).ok());
    Ok(AdminView {
        expired_drafts: outbox.as_ref().and_then(|o| o.report().ok()).unwrap_or_default(),
        outbox: outbox.and_then(|o| o.status().ok()),
    })
}

/// Leaves kiosk mode (closes the app) after the admin PIN, wiping the session first.
#[tauri::command]
#[specta::specta]
pub async fn kiosk_admin_exit(app: AppHandle, pin: String) -> Result<(), PinError> {
    let Some(kiosk) = app.state::<AppState>().kiosk.clone() else { return Ok(()) };
    kiosk.check_pin(&pin)?;
    wipe_session(&app).await;
    kiosk.finish();
    crate::kiosk_windows::allow_exit();
    if let Some(main) = app.get_webview_window("main") {
        let _ = main.destroy();
    }
    crate::kiosk_windows::remove_data_stores(&app, false).await;
    app.exit(0);
    Ok(())
}
