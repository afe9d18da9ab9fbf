//! App windows on official sites: the feedback form to fill, the CPTA certificate download, a
//! portal login, and on a kiosk any allowed official link. One opening is a *session*: its first
//! window and every window the site opens from it (`target=_blank`, `window.open`) on the same
//! hosts, under the same rules:
//! - only `https` pages of the session's hosts (a portal's hosts with their subdomains, from
//!   `portals.toml`; on a kiosk its `allowed_hosts`); `http` is upgraded; anything else stays
//!   closed, and the page says so (`navigation::official_window`);
//! - downloads in any window of the session go to the session's handler;
//! - no IPC: capabilities grant commands to the app's own windows only, and nothing runs in the
//!   page until the applicant asks (the copy panel's fill and login, `commands::panel`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assistant_core::form::script;
use assistant_core::lang::Lang;
use tauri::webview::{DownloadEvent, NewWindowResponse};
use tauri::{AppHandle, Manager, Url, WebviewUrl, WebviewWindow, WebviewWindowBuilder, Wry};

use crate::navigation::{self, Official};
use crate::state::AppState;

/// Labels of official-site windows start with this, then the session and the window number:
/// a label cannot be reused while WebKit is still tearing the old window down.
pub const LABEL_PREFIX: &str = "official";

/// The current session. Handlers of an older one (WebKit may still deliver their events after
/// the windows were replaced) see a different number and do nothing, so a download is never
/// taken twice.
static GENERATION: AtomicU32 = AtomicU32::new(0);

/// What to open.
pub struct OfficialWindow {
    pub url: Url,
    /// The only hosts the session may show (exact names or `*.domain`).
    pub hosts: Vec<String>,
    pub title: String,
    /// For what the windows say in the page (a refused link).
    pub lang: Lang,
    /// Files downloaded in any window of the session land in this directory and are handed to
    /// the callback (`None`: downloads are refused).
    pub downloads: Option<Downloads>,
    /// A copy panel will stand beside the windows: leave room for it.
    pub beside_panel: bool,
}

/// Where downloads go and who takes them.
pub struct Downloads {
    pub dir: PathBuf,
    /// Called with the downloaded file (or `None` when the download failed).
    pub on_finished: Arc<dyn Fn(&AppHandle, Option<PathBuf>) + Send + Sync>,
}

/// One opening and the rules its windows share.
pub struct Session {
    pub id: u32,
    pub hosts: Vec<String>,
    pub title: String,
    pub lang: Lang,
    pub beside_panel: bool,
    next_window: AtomicU32,
}

impl Session {
    pub fn is_current(&self) -> bool {
        GENERATION.load(Ordering::SeqCst) == self.id
    }

    fn label(&self) -> String {
        format!("{LABEL_PREFIX}-{}-{}", self.id, self.next_window.fetch_add(1, Ordering::SeqCst))
    }
}

/// The windows of the current session, the most recently opened first.
pub fn windows(app: &AppHandle) -> Vec<WebviewWindow> {
    let prefix = format!("{LABEL_PREFIX}-{}-", GENERATION.load(Ordering::SeqCst));
    let mut list: Vec<(u32, WebviewWindow)> = app
        .webview_windows()
        .into_iter()
        .filter_map(|(label, w)| label.strip_prefix(&prefix).and_then(|n| n.parse().ok()).map(|n| (n, w)))
        .collect();
    list.sort_by(|a, b| b.0.cmp(&a.0));
    list.into_iter().map(|(_, w)| w).collect()
}

/// Closes every official-site window (of any session).
pub fn close_all(app: &AppHandle) {
    for (label, existing) in app.webview_windows() {
        if label.starts_with(LABEL_PREFIX) {
            let _ = existing.destroy();
        }
    }
}

/// A file name the page suggested (or the address's last part), made safe on every system and
/// never a path.
fn safe_name(url: &Url, suggested: &std::path::Path) -> String {
    let from_dest = suggested.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let from_url = url.path_segments().and_then(|mut s| s.next_back()).unwrap_or_default();
    let fallback = format!("download-{}.bin", chrono::Utc::now().timestamp_millis());
    assistant_core::filename::download_name(from_dest, from_url, &fallback)
}

/// Where the official windows and the copy panel go on the screen (logical pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    pub official: (f64, f64, f64, f64),
    pub panel: (f64, f64, f64, f64),
}

/// Official windows on the left, the panel in a strip on the right, both the screen's height.
/// Kiosks (large text, touch) get a wider strip.
pub fn layout(app: &AppHandle, kiosk: bool) -> Layout {
    let (w, h) = app
        .primary_monitor()
        .ok()
        .flatten()
        .map(|m| {
            let size = m.size().to_logical::<f64>(m.scale_factor());
            (size.width, size.height)
        })
        .unwrap_or((1280.0, 800.0));
    let strip = if kiosk { 480.0_f64 } else { 420.0 }.min(w / 2.0);
    let official_w = (w - strip).min(if kiosk { f64::MAX } else { 1200.0 });
    Layout { official: (0.0, 0.0, official_w, h), panel: (w - strip, 0.0, strip, h) }
}

fn is_kiosk(app: &AppHandle) -> bool {
    app.try_state::<AppState>().is_some_and(|s| s.kiosk.is_some())
}

/// Opens a new session (replacing any official window still open) and its first window.
pub fn open(app: &AppHandle, w: OfficialWindow) -> tauri::Result<Arc<Session>> {
    close_all(app);
    let id = GENERATION.fetch_add(1, Ordering::SeqCst) + 1;
    let session = Arc::new(Session {
        id,
        hosts: w.hosts,
        title: w.title,
        lang: w.lang,
        beside_panel: w.beside_panel,
        next_window: AtomicU32::new(0),
    });
    let mut builder = builder(app, &session, WebviewUrl::External(w.url));
    if let Some(d) = w.downloads {
        builder = with_downloads(builder, app, &session, d);
    }
    watch_close(app, &builder.build()?);
    Ok(session)
}

/// Portals open their business systems from scripts (often after a request, when the click no
/// longer counts as the user's): let them, the new-window handler decides where they may go.
fn allow_script_windows(window: &WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let _ = window.with_webview(|webview| {
            use webkit2gtk::{SettingsExt, WebViewExt};
            if let Some(settings) = webview.inner().settings() {
                settings.set_javascript_can_open_windows_automatically(true);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

/// A copy panel beside the session closes with the session's last window.
fn watch_close(app: &AppHandle, window: &WebviewWindow) {
    allow_script_windows(window);
    // A kiosk's windows: no file chooser, no context menu, no inspector (issue 19).
    crate::kiosk_windows::harden(window);
    let app = app.clone();
    window.on_window_event(move |event| {
        if matches!(event, tauri::WindowEvent::Destroyed) {
            crate::panel::official_closed(&app);
        }
    });
}

/// A window of the session: its navigation rules, new windows under the same rules, its place
/// on the screen.
fn builder<'a>(
    app: &'a AppHandle,
    session: &Arc<Session>,
    url: WebviewUrl,
) -> WebviewWindowBuilder<'a, Wry, AppHandle> {
    let label = session.label();
    let kiosk = is_kiosk(app);
    let mut builder = WebviewWindowBuilder::new(app, label.clone(), url)
        .title(session.title.clone())
        .on_navigation(navigation_guard(app, session, label))
        .on_new_window(new_window_handler(app, session));
    if session.beside_panel {
        let (x, y, w, h) = layout(app, kiosk).official;
        builder = builder.position(x, y).inner_size(w, h);
    } else if kiosk {
        builder = builder.fullscreen(true);
    } else {
        builder = builder.inner_size(1100.0, 820.0);
    }
    if kiosk {
        builder = kiosk_window(builder, app);
    }
    builder
}

/// Every official window of a kiosk passes through here: the place where kiosk decoration is
/// attached (issue 19: the bar with 返回申请助手 / 结束办理, activity for the idle timer,
/// windows that refuse to close). Today: no decorations, and the WebView data in the
/// applicant's session directory, which the end of session clears.
fn kiosk_window<'a>(
    builder: WebviewWindowBuilder<'a, Wry, AppHandle>,
    app: &AppHandle,
) -> WebviewWindowBuilder<'a, Wry, AppHandle> {
    // The kiosk bar (返回申请助手 / 结束办理) and activity for the idle timer.
    let builder = crate::kiosk_windows::official_builder(app, builder.decorations(false));
    match app.try_state::<AppState>() {
        // The same WebView data as the kiosk's main window: one place to clear.
        Some(state) if state.kiosk.is_some() => builder
            .data_directory(state.data_dir.join("webview"))
            .additional_browser_args(crate::kiosk::KIOSK_BROWSER_ARGS),
        _ => builder,
    }
}

/// Says in window `label` that a link to `url` was not opened.
fn show_refusal(app: &AppHandle, label: &str, url: &Url, lang: Lang) {
    let host = url.host_str().map(str::to_owned).unwrap_or_else(|| url.scheme().to_owned());
    let app = app.clone();
    let label = label.to_owned();
    // Not from inside WebKit's navigation callback: a moment later, on the main thread.
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        if let Some(w) = app.get_webview_window(&label) {
            let _ = w.eval(script::refused(&host, lang));
        }
    });
}

/// Says in the page that asked for a new window that the link was not opened.
fn refuse_in_opener(app: &AppHandle, features: &tauri::webview::NewWindowFeatures, url: &Url, lang: Lang) {
    let host = url.host_str().map(str::to_owned).unwrap_or_else(|| url.scheme().to_owned());
    #[cfg(target_os = "linux")]
    {
        // The opener's own WebKit view (we are on the main thread, inside its signal).
        use webkit2gtk::WebViewExt;
        let _ = app;
        features.opener().webview.evaluate_javascript(
            &script::refused(&host, lang),
            None,
            None,
            None::<&webkit2gtk::gio::Cancellable>,
            |_| {},
        );
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = features;
        if let Some(newest) = windows(app).first() {
            let _ = newest.eval(script::refused(&host, lang));
        }
    }
}

fn navigation_guard(app: &AppHandle, session: &Arc<Session>, label: String) -> impl Fn(&Url) -> bool + Send + 'static {
    let app = app.clone();
    let session = session.clone();
    move |url| match navigation::official_window(url, &session.hosts) {
        // The kiosk bar's own addresses are its buttons, handled and never loaded.
        _ if !crate::kiosk_windows::bar_navigation(&app, url) => false,
        Official::Allow => true,
        Official::Upgrade(secure) => {
            let (app, label) = (app.clone(), label.clone());
            tauri::async_runtime::spawn(async move {
                if let Some(w) = app.get_webview_window(&label) {
                    let _ = w.navigate(secure);
                }
            });
            false
        }
        Official::Refuse => {
            show_refusal(&app, &label, url, session.lang);
            false
        }
    }
}

/// `target=_blank` and `window.open`: another window of the session on an allowed host;
/// elsewhere refused with a message in the page that asked.
fn new_window_handler(
    app: &AppHandle,
    session: &Arc<Session>,
) -> impl Fn(Url, tauri::webview::NewWindowFeatures) -> NewWindowResponse<Wry> + Send + 'static {
    let app = app.clone();
    let session = session.clone();
    move |url, features| {
        if !session.is_current() {
            return NewWindowResponse::Deny;
        }
        // Sites often open `about:blank` first and set its address afterwards: that address then
        // passes the new window's own guard.
        let target = match navigation::official_window(&url, &session.hosts) {
            Official::Allow => url.clone(),
            Official::Upgrade(secure) => secure,
            _ => {
                refuse_in_opener(&app, &features, &url, session.lang);
                return NewWindowResponse::Deny;
            }
        };
        // Related to its opener (same web process and storage, `window.opener` works); WebKit
        // loads the address into it, through this window's own navigation guard.
        let upgraded = target != url;
        let Ok(blank) = Url::parse("about:blank") else { return NewWindowResponse::Deny };
        let built = if upgraded {
            // An upgraded address: a fresh window at the https page.
            builder(&app, &session, WebviewUrl::External(target)).build().map(|w| {
                watch_close(&app, &w);
                let _ = w.set_focus();
                w
            })
        } else {
            builder(&app, &session, WebviewUrl::External(blank)).window_features(features).build()
        };
        match built {
            Ok(window) if !upgraded => {
                watch_close(&app, &window);
                if session.beside_panel {
                    let (x, y, w, h) = layout(&app, is_kiosk(&app)).official;
                    let _ = window.set_position(tauri::LogicalPosition::new(x, y));
                    let _ = window.set_size(tauri::LogicalSize::new(w, h));
                }
                NewWindowResponse::Create { window }
            }
            Ok(_) => NewWindowResponse::Deny,
            Err(err) => {
                eprintln!("could not open the official site's new window: {err}");
                NewWindowResponse::Deny
            }
        }
    }
}

/// The session's download handler. WebKit keeps download handlers on its shared web context,
/// so the first window's handler sees the downloads of every window of the session (and of
/// older sessions, which it ignores).
fn with_downloads<'a>(
    builder: WebviewWindowBuilder<'a, Wry, AppHandle>,
    app: &AppHandle,
    session: &Arc<Session>,
    d: Downloads,
) -> WebviewWindowBuilder<'a, Wry, AppHandle> {
    let app = app.clone();
    let session = session.clone();
    let last_destination: Arc<Mutex<Option<PathBuf>>> = Arc::default();
    builder.on_download(move |_webview, event| {
        if !session.is_current() {
            return false;
        }
        match event {
            DownloadEvent::Requested { url, destination } => {
                if !matches!(navigation::official_window(&url, &session.hosts), Official::Allow)
                    && !matches!(url.scheme(), "data")
                {
                    return false;
                }
                if std::fs::create_dir_all(&d.dir).is_err() {
                    return false;
                }
                let target = d.dir.join(safe_name(&url, destination));
                *destination = target.clone();
                if let Ok(mut last) = last_destination.lock() {
                    *last = Some(target);
                }
                true
            }
            DownloadEvent::Finished { path, success, .. } => {
                // macOS reports no path: use the destination chosen above.
                let remembered = last_destination.lock().ok().and_then(|mut l| l.take());
                let file = if success { path.or(remembered) } else { None };
                (d.on_finished)(&app, file);
                true
            }
            _ => false,
        }
    })
}

/// The hosts an official window for `url` may show: on a kiosk the configured ones (and the
/// URL's host must be among them); on a desktop the hosts of the portal the URL belongs to
/// (with their subdomains, from `portals.toml`).
pub fn hosts_for(app: &AppHandle, url: &Url) -> Result<Vec<String>, String> {
    let host = url.host_str().ok_or_else(|| "the address has no host".to_owned())?.to_owned();
    let kiosk_hosts =
        app.try_state::<AppState>().and_then(|s| s.kiosk.as_ref().map(|k| k.config.allowed_hosts.clone()));
    match kiosk_hosts {
        Some(hosts) if !assistant_core::portals::host_allowed(&host, &hosts) => {
            Err(format!("{host} is not among this kiosk's allowed hosts"))
        }
        Some(hosts) => Ok(hosts),
        None => match assistant_core::portals::portal_for_host(&host) {
            Some(portal) => Ok(assistant_core::portals::hosts(portal)),
            None => Err(format!("{host} is not a host of any portal the app knows")),
        },
    }
}

/// An official page by its address in the app's data: upgraded to https, on a known portal.
pub fn official_url(raw: &str) -> Result<Url, String> {
    assistant_core::portals::official_url(raw).map(|(_, url)| url).map_err(|e| e.to_string())
}

/// Runs `js` in `window` and reads back its value as JSON (`None`: the page threw, or did not
/// answer within 5 seconds, e.g. while it navigates away).
pub async fn eval_json(window: &WebviewWindow, js: String) -> Option<serde_json::Value> {
    let (tx, rx) = tokio::sync::oneshot::channel::<String>();
    let tx = Mutex::new(Some(tx));
    window
        .eval_with_callback(js, move |result| {
            if let Some(tx) = tx.lock().ok().and_then(|mut t| t.take()) {
                let _ = tx.send(result);
            }
        })
        .ok()?;
    let raw = tokio::time::timeout(Duration::from_secs(5), rx).await.ok()?.ok()?;
    serde_json::from_str(&raw).ok()
}
