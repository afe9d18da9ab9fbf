//! The windows of a kiosk (issue 19, findings 1, 3 and 4): every window refuses to close, the
//! main window's loss ends the session (wipe, then a fresh main window), official-site windows
//! carry a bar with 返回申请助手 and 结束办理, and one idle timer here in the shell sees input in
//! every window. No window may open an OS file or print dialog.
//!
//! Hooked into `official.rs` with three calls ([`official_builder`], [`bar_navigation`],
//! [`harden`]); the rest of the app calls [`install`] once and [`touch`] for activity.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use assistant_core::lang::Lang;
use tauri::{AppHandle, Emitter, Manager, Url, WebviewWindow, WebviewWindowBuilder, WindowEvent, Wry};

use crate::state::AppState;

/// Set once the app is really leaving (admin exit): windows may close then.
static EXITING: AtomicBool = AtomicBool::new(false);

/// The address the bar's buttons "navigate" to. `.invalid` never resolves, and the navigation
/// guard refuses it before any request is made.
const BAR_BASE: &str = "https://applicant-assistant.invalid/kiosk/";

/// The idle timer's event to the main window: seconds left in the countdown, or `None`.
pub const IDLE_EVENT: &str = "kiosk-idle";
/// Sent to the main window after the shell ended a session by itself (idle, lost window).
pub const ENDED_EVENT: &str = "kiosk-session-ended";

/// The one idle timer of a kiosk: the last input seen in any window.
pub struct Idle {
    last: Mutex<Instant>,
    quiet: Duration,
    countdown: Duration,
    /// The applicant's current language, for the bar's texts.
    pub lang: Mutex<Lang>,
    /// When this applicant's session began (recent-files entries after it are removed).
    pub session_started: Mutex<SystemTime>,
}

impl Idle {
    fn new(quiet: u32, countdown: u32, lang: Lang) -> Idle {
        Idle {
            last: Mutex::new(Instant::now()),
            quiet: Duration::from_secs(u64::from(quiet)),
            countdown: Duration::from_secs(u64::from(countdown)),
            lang: Mutex::new(lang),
            session_started: Mutex::new(SystemTime::now()),
        }
    }

    pub fn touch(&self) {
        if let Ok(mut last) = self.last.lock() {
            *last = Instant::now();
        }
    }

    fn quiet_for(&self) -> Duration {
        self.last.lock().map(|l| l.elapsed()).unwrap_or_default()
    }
}

/// Records input (from the main window's page on systems where the shell cannot see it itself).
pub fn touch(app: &AppHandle) {
    if let Some(idle) = app.try_state::<Arc<Idle>>() {
        idle.touch();
    }
}

/// Kiosk only: the idle timer, GTK settings, and the rules for closing windows. Call once in setup.
pub fn install(app: &AppHandle, quiet: u32, countdown: u32, lang: Lang) {
    let idle = Arc::new(Idle::new(quiet, countdown, lang));
    app.manage(idle.clone());
    disable_recent_files(app);
    let stores = app.clone();
    tauri::async_runtime::spawn(async move { remove_data_stores(&stores, true).await });
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let mut shown: Option<u64> = None;
        loop {
            tokio::time::sleep(Duration::from_millis(250)).await;
            let quiet_for = idle.quiet_for();
            if quiet_for < idle.quiet {
                if shown.take().is_some() {
                    show_countdown(&handle, None);
                }
                continue;
            }
            let left = (idle.quiet + idle.countdown).saturating_sub(quiet_for);
            if left.is_zero() {
                shown = None;
                idle.touch();
                end_session(&handle).await;
                continue;
            }
            let secs = left.as_secs() + u64::from(left.subsec_millis() > 0);
            if shown != Some(secs) {
                shown = Some(secs);
                show_countdown(&handle, Some(secs));
            }
        }
    });
}

fn show_countdown(app: &AppHandle, secs: Option<u64>) {
    let _ = app.emit_to("main", IDLE_EVENT, secs);
    let arg = secs.map_or_else(|| "null".to_owned(), |s| s.to_string());
    for (label, w) in app.webview_windows() {
        if label != "main" {
            let _ = w.eval(format!("window.__aaKioskCountdown && window.__aaKioskCountdown({arg})"));
        }
    }
}

/// Ends the applicant's session from the shell (idle timeout, bar button, lost main window):
/// the wipe, then the main window starts afresh.
pub async fn end_session(app: &AppHandle) {
    crate::commands::kiosk::wipe_session(app).await;
    if let Some(idle) = app.try_state::<Arc<Idle>>() {
        idle.touch();
    }
    match app.get_webview_window("main") {
        Some(main) => {
            let _ = main.emit(ENDED_EVENT, ());
            let _ = main.set_focus();
        }
        None => reopen_main(app),
    }
}

fn reopen_main(app: &AppHandle) {
    let kiosk = app.try_state::<AppState>().and_then(|s| s.kiosk.clone());
    if let Err(e) = crate::open_main_window(app, kiosk) {
        eprintln!("kiosk: could not open a new main window: {e}");
    }
}

/// macOS ignores the WebView's `data_directory`: a kiosk's web data goes to a data store of its own
/// instead (WKWebsiteDataStore with an identifier, new for each run), removed at the admin's exit
/// and, after a crash, at the next start.
#[cfg(target_os = "macos")]
pub fn data_store_id() -> [u8; 16] {
    static STORE: std::sync::OnceLock<[u8; 16]> = std::sync::OnceLock::new();
    *STORE.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let mut id = [0u8; 16];
        for (i, chunk) in id.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            h.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
        id
    })
}

/// Removes every data store of the app but this run's (what a crashed kiosk left), or all of them.
pub async fn remove_data_stores(app: &AppHandle, keep_current: bool) {
    #[cfg(target_os = "macos")]
    {
        let current = data_store_id();
        if let Ok(ids) = app.fetch_data_store_identifiers().await {
            for id in ids.into_iter().filter(|id| !keep_current || *id != current) {
                let _ = app.remove_data_store(id).await;
            }
        }
    }
    #[cfg(not(target_os = "macos"))]
    let _ = (app, keep_current);
}

/// Lets the app close its windows for good (the admin's exit).
pub fn allow_exit() {
    EXITING.store(true, Ordering::SeqCst);
}

pub fn exiting() -> bool {
    EXITING.load(Ordering::SeqCst)
}

/// Window events of a kiosk: no window closes (Alt+F4, the window manager's close); if the main
/// window is lost all the same, the session ends and a fresh main window opens.
pub fn on_window_event(window: &tauri::Window, event: &WindowEvent) {
    if exiting() || window.try_state::<AppState>().is_none_or(|s| s.kiosk.is_none()) {
        return;
    }
    match event {
        WindowEvent::CloseRequested { api, .. } => api.prevent_close(),
        WindowEvent::Destroyed if window.label() == "main" => {
            let app = window.app_handle().clone();
            tauri::async_runtime::spawn(async move { end_session(&app).await });
        }
        _ => {}
    }
}

/// An official-site window on a kiosk gets the bar (texts in the applicant's language).
pub fn official_builder<'a>(
    app: &AppHandle,
    builder: WebviewWindowBuilder<'a, Wry, AppHandle>,
) -> WebviewWindowBuilder<'a, Wry, AppHandle> {
    let Some(idle) = app.try_state::<Arc<Idle>>() else { return builder };
    let lang = idle.lang.lock().map(|l| *l).unwrap_or_default();
    let builder = builder.initialization_script(bar_script(lang)).devtools(false);
    #[cfg(target_os = "macos")]
    let builder = builder.data_store_identifier(data_store_id());
    builder
}

/// The bar's script with its texts, from the UI's catalogs (one place for every string).
fn bar_script(lang: Lang) -> String {
    let catalog: serde_json::Value = serde_json::from_str(match lang {
        Lang::ZhCn => include_str!("../../ui/src/lib/i18n/zh-CN.json"),
        Lang::ZhTw => include_str!("../../ui/src/lib/i18n/zh-TW.json"),
        Lang::En => include_str!("../../ui/src/lib/i18n/en.json"),
    })
    .unwrap_or_default();
    let text = |k: &str| catalog.get(k).and_then(|v| v.as_str()).unwrap_or(k).to_owned();
    let cfg = serde_json::json!({
        "base": BAR_BASE,
        "back": text("kiosk.bar.back"),
        "end": text("kiosk.bar.end"),
        "title": text("kiosk.bar.title"),
        "countdown": text("kiosk.bar.countdown"),
        // WebKitGTK input is seen natively (it cannot be faked by the page); elsewhere the bar reports it.
        "reportActivity": !cfg!(target_os = "linux"),
    });
    format!("const AA_BAR = {cfg};\n{}", include_str!("kiosk_bar.js"))
}

/// Called first by an official window's navigation guard: `false` when `url` is one of the bar's
/// buttons (then acted on here, and the navigation refused).
pub fn bar_navigation(app: &AppHandle, url: &Url) -> bool {
    let Some(action) = url.as_str().strip_prefix(BAR_BASE) else { return true };
    if app.try_state::<AppState>().is_none_or(|s| s.kiosk.is_none()) {
        return false;
    }
    match action {
        "back" => {
            touch(app);
            if let Some(main) = app.get_webview_window("main") {
                let _ = main.show();
                let _ = main.set_focus();
            }
        }
        "end" => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move { end_session(&app).await });
        }
        "activity" if !cfg!(target_os = "linux") => touch(app),
        _ => {}
    }
    false
}

/// Kiosk rules on a WebView: no file chooser, no print dialog, no context menu, and every input
/// event resets the idle timer. On WebKitGTK these are signals of the view itself, so a page can
/// neither open those dialogs nor fake activity. Other systems rely on the bar's script.
pub fn harden(window: &WebviewWindow) {
    let kiosk = window.try_state::<AppState>().is_some_and(|s| s.kiosk.is_some());
    if !kiosk {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        let app = window.app_handle().clone();
        let _ = window.with_webview(move |pv| {
            use gtk::prelude::*;
            use webkit2gtk::{FileChooserRequestExt, WebViewExt};
            let view = pv.inner();
            view.connect_run_file_chooser(|_, request| {
                request.cancel();
                true
            });
            view.connect_print(|_, _| true);
            view.connect_context_menu(|_, _, _, _| true);
            view.connect_event(move |_, event| {
                use gtk::gdk::EventType as E;
                if matches!(
                    event.event_type(),
                    E::ButtonPress | E::KeyPress | E::TouchBegin | E::TouchUpdate | E::Scroll | E::MotionNotify
                ) {
                    touch(&app);
                }
                gtk::glib::Propagation::Proceed
            });
        });
    }
}

/// GTK keeps a list of recently chosen files (`recently-used.xbel`) that its file chooser shows
/// the next user: off for this process.
fn disable_recent_files(app: &AppHandle) {
    #[cfg(target_os = "linux")]
    let _ = app.run_on_main_thread(|| {
        use gtk::prelude::*;
        if let Some(settings) = gtk::Settings::default() {
            settings.set_gtk_recent_files_enabled(false);
            settings.set_gtk_recent_files_max_age(0);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

/// Removes the recent-files entries added since `since` (belt and braces: the list is off).
pub fn forget_recent_files(app: &AppHandle, since: SystemTime) {
    #[cfg(target_os = "linux")]
    {
        let since = since.duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let _ = app.run_on_main_thread(move || {
            use gtk::prelude::*;
            let Some(manager) = gtk::RecentManager::default() else { return };
            for item in manager.items() {
                let added = u64::try_from(item.added()).unwrap_or(0);
                if added + 1 >= since {
                    if let Some(uri) = item.uri() {
                        let _ = manager.remove_item(&uri);
                    }
                }
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (app, since);
}

/// Clears a WebView's cookies, storage and caches and waits until WebKit says it is done (the
/// session dir is deleted right after; wry's own clear does not wait).
pub async fn clear_browsing_data(window: &WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let tx = Mutex::new(Some(tx));
        let done = window.with_webview(move |pv| {
            use webkit2gtk::{WebContextExt, WebViewExt, WebsiteDataManagerExtManual};
            let finish = move || {
                if let Some(tx) = tx.lock().ok().and_then(|mut t| t.take()) {
                    let _ = tx.send(());
                }
            };
            let manager = pv.inner().context().and_then(|c| c.website_data_manager());
            match manager {
                Some(m) => m.clear(
                    webkit2gtk::WebsiteDataTypes::ALL,
                    gtk::glib::TimeSpan::from_seconds(0),
                    None::<&gtk::gio::Cancellable>,
                    move |_| finish(),
                ),
                None => finish(),
            }
        });
        if done.is_ok() && tokio::time::timeout(Duration::from_secs(5), rx).await.is_err() {
            eprintln!("kiosk: WebKit did not confirm clearing browsing data within 5 s");
        }
    }
    #[cfg(not(target_os = "linux"))]
    if let Err(e) = window.clear_all_browsing_data() {
        eprintln!("kiosk: could not clear browsing data: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_speaks_the_applicants_language_and_escapes_nothing_into_html() {
        let zh = bar_script(Lang::ZhCn);
        assert!(zh.starts_with("const AA_BAR = {"));
        assert!(zh.contains("返回申请助手") && zh.contains("结束办理"), "texts from the UI catalog");
        assert!(bar_script(Lang::En).contains("Back to Applicant Assistant"));
        assert!(bar_script(Lang::ZhTw).contains("返回申請助手"));
        assert!(!include_str!("kiosk_bar.js").contains("innerHTML"), "texts go in as textContent");
    }

    #[test]
    fn only_the_bars_own_addresses_are_intercepted() {
        let base = Url::parse(BAR_BASE).expect("url");
        assert_eq!(base.host_str(), Some("applicant-assistant.invalid"));
        assert!(Url::parse("https://applicant-assistant.invalid/kiosk/back")
            .is_ok_and(|u| u.as_str().starts_with(BAR_BASE)));
        assert!(!Url::parse("https://zwfw.nmpa.gov.cn/kiosk/back").is_ok_and(|u| u.as_str().starts_with(BAR_BASE)));
    }
}
