//! The home screen: topics, display preferences, readiness.

use assistant_core::catalog::{self, Role, Topic};
use assistant_core::lang::Lang;
use assistant_core::prefs::Prefs;
use tauri::State;

use super::{CommandError, ErrorCode};
use crate::state::AppState;

/// The topics offered to one kind of applicant, titled in `lang`.
#[tauri::command]
#[specta::specta]
pub fn topics(role: Role, lang: Lang) -> Vec<Topic> {
    catalog::topics_for(role, lang)
}

/// Saved display preferences, or the defaults on first start.
#[tauri::command]
#[specta::specta]
pub fn load_prefs(state: State<'_, AppState>) -> Prefs {
    if let Some(k) = &state.kiosk {
        // Each applicant at a kiosk starts in the hall's first language, with large text.
        let lang = k.config.languages.first().copied().unwrap_or_default();
        return Prefs { lang, text_size: assistant_core::prefs::TextSize::Large };
    }
    std::fs::read(state.prefs_path()).map(|b| Prefs::from_json(&b)).unwrap_or_default()
}

#[tauri::command]
#[specta::specta]
pub fn save_prefs(app: tauri::AppHandle, state: State<'_, AppState>, prefs: Prefs) -> Result<(), CommandError> {
    if state.kiosk.is_some() {
        // Kiosk mode keeps nothing; the language only tells the official windows' bar what to say.
        if let Some(idle) = tauri::Manager::try_state::<std::sync::Arc<crate::kiosk_windows::Idle>>(&app) {
            if let Ok(mut lang) = idle.lang.lock() {
                *lang = prefs.lang;
            }
        }
        return Ok(());
    }
    assistant_core::atomic::write_atomic(&state.prefs_path(), &prefs.to_json())
        .map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))
}

/// The UI calls this once its first screen is interactive. The performance script reads
/// the time it prints (only when `AA_PERF_READY` is set, so normal runs stay quiet).
#[tauri::command]
#[specta::specta]
pub fn ui_ready(app: tauri::AppHandle, state: State<'_, AppState>) {
    if std::env::var_os("AA_PERF_READY").is_some() {
        println!("AA_READY {}", crate::ipc::millis_since_start());
    }
    // Reply reminders, once the window shows (off the UI thread: D-Bus may be slow or absent).
    let lang = load_prefs(state).lang;
    std::thread::spawn(move || crate::reminders::notify_due(&app, lang));
}
