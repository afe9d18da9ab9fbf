//! The home screen: topics, display preferences, readiness.

use assistant_core::catalog::{self, Role, Topic};
use assistant_core::lang::Lang;
use assistant_core::prefs::{Prefs, TextSize};
use tauri::{Manager, State};

use super::{CommandError, ErrorCode};
use crate::perf::PagePhase;
use crate::state::AppState;

/// The topics offered to one kind of applicant, titled in `lang`.
#[tauri::command]
#[specta::specta]
pub fn topics(role: Role, lang: Lang) -> Vec<Topic> {
    catalog::topics_for(role, lang)
}

/// Saved display preferences; on first start (and until the applicant picks a language) the
/// language comes from the OS locale.
#[tauri::command]
#[specta::specta]
pub fn load_prefs(state: State<'_, AppState>) -> Prefs {
    prefs_at_start(&state)
}

/// What the page needs before its first render, handed to it as it loads (see
/// `open_main_window`), so the first screen waits for no IPC round trip.
pub fn start_script(state: &AppState) -> String {
    // The page's first screen needs both; handing them over here spares it two IPC round trips.
    let start = serde_json::json!({ "prefs": prefs_at_start(state), "kiosk": super::kiosk::info(state) });
    format!("window.__AA_START__ = {start};")
}

fn prefs_at_start(state: &AppState) -> Prefs {
    if let Some(k) = &state.kiosk {
        // Each applicant at a kiosk starts in the hall's first language, with large text, or
        // in 关怀 mode (the largest text) when the hall's configuration asks for it.
        let lang = k.config.languages.first().copied().unwrap_or_default();
        let care = k.config.care_mode;
        let text_size = if care { TextSize::Largest } else { TextSize::Large };
        return Prefs { lang, text_size, care, lang_chosen: true };
    }
    let saved = std::fs::read(state.prefs_path()).ok();
    Prefs::at_start(saved.as_deref(), os_lang())
}

/// The OS's preferred language (LANGUAGE/LC_ALL/LC_MESSAGES/LANG on Linux, the user's
/// preference list on macOS and Windows), mapped to one the app ships.
fn os_lang() -> Lang {
    let locales: Vec<String> = sys_locale::get_locales().collect();
    Lang::from_locales(locales.iter().map(String::as_str))
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

/// A window's page calls this once its first screen is interactive (the main window with the
/// page's own phase times). The window, made hidden, shows now (see `no_gl_compositing` in lib.rs).
/// The performance script reads what `perf` prints (only when `AA_PERF_READY` is set).
#[tauri::command]
#[specta::specta]
pub fn ui_ready(
    app: tauri::AppHandle,
    window: tauri::WebviewWindow,
    state: State<'_, AppState>,
    phases: Vec<PagePhase>,
) {
    if let Err(err) = window.show() {
        eprintln!("could not show the window {}: {err}", window.label());
    }
    if window.label() != "main" {
        return;
    }
    crate::perf::ready(&phases);
    // An installed content pack's message-search index, off the UI thread once the first screen
    // is up, so the first search is instant (the bundled content's index is stored: nothing to
    // build, and nothing held before a search).
    if assistant_core::message_search::worth_preparing() {
        super::search::prepare_in_background();
    }
    // The keychain probe too: the accounts page then opens at once.
    let handle = app.clone();
    std::thread::spawn(move || handle.state::<crate::vault::Vault>().warm());
    // Reply reminders, once the window shows (off the UI thread: D-Bus may be slow or absent).
    let lang = prefs_at_start(&state).lang;
    std::thread::spawn(move || crate::reminders::notify_due(&app, lang));
}
