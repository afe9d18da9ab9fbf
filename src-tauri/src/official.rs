//! App windows on official sites (the feedback form to fill, the CPTA download page, and on a
//! kiosk any allowed official link). Each is limited to the hosts it was opened for: a link to
//! anywhere else does nothing. The window has no IPC: capabilities grant commands to `main` only.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tauri::webview::{DownloadEvent, PageLoadEvent};
use tauri::{AppHandle, Manager, Url, WebviewUrl, WebviewWindowBuilder};

use crate::navigation;
use crate::state::AppState;

/// Labels of official-site windows start with this; each opening gets a new number, because a
/// window's label cannot be reused while WebKit is still tearing the old one down.
pub const LABEL_PREFIX: &str = "official";

/// The current opening. Handlers of an older window (WebKit may still deliver its events after
/// it was replaced) see a different number and do nothing, so a download is never taken twice.
static GENERATION: AtomicU32 = AtomicU32::new(0);

/// What to open and what to do on each page it loads.
pub struct OfficialWindow {
    pub url: Url,
    /// The only hosts the window may show.
    pub hosts: Vec<String>,
    /// Run after every page load (it decides itself whether the page is the one it fills).
    pub on_load_script: Option<String>,
    pub title: String,
    /// Files downloaded in the window land in this directory and are handed to the callback
    /// (`None`: downloads are refused).
    pub downloads: Option<Downloads>,
}

/// Where downloads go and who takes them.
pub struct Downloads {
    pub dir: PathBuf,
    /// Called with the downloaded file (or `None` when the download failed).
    pub on_finished: Arc<dyn Fn(&AppHandle, Option<PathBuf>) + Send + Sync>,
}

/// A file name the page suggested (or the address's last part), made safe on every system and
/// never a path.
fn safe_name(url: &Url, suggested: &std::path::Path) -> String {
    let from_dest = suggested.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let from_url = url.path_segments().and_then(|mut s| s.next_back()).unwrap_or_default();
    let fallback = format!("download-{}.bin", chrono::Utc::now().timestamp_millis());
    assistant_core::filename::download_name(from_dest, from_url, &fallback)
}

/// Opens (or replaces) the official-site window.
pub fn open(app: &AppHandle, w: OfficialWindow) -> tauri::Result<()> {
    let state = app.try_state::<AppState>();
    let kiosk = state.as_ref().is_some_and(|s| s.kiosk.is_some());
    let session_dir = state.as_ref().filter(|s| s.kiosk.is_some()).map(|s| s.data_dir.clone());
    for (label, existing) in app.webview_windows() {
        if label.starts_with(LABEL_PREFIX) {
            let _ = existing.destroy();
        }
    }
    let generation = GENERATION.fetch_add(1, Ordering::SeqCst) + 1;
    let current = move || GENERATION.load(Ordering::SeqCst) == generation;
    let hosts = w.hosts;
    let script = w.on_load_script;
    let downloads = w.downloads;
    let last_destination: Arc<Mutex<Option<PathBuf>>> = Arc::default();
    let app_for_downloads = app.clone();
    let label = format!("{LABEL_PREFIX}-{generation}");
    let mut builder = WebviewWindowBuilder::new(app, label, WebviewUrl::External(w.url))
        .title(w.title)
        .inner_size(1100.0, 820.0)
        .on_navigation(move |u| navigation::official_window_allows(u, &hosts))
        .on_page_load(move |window, payload| {
            if !current() {
                return;
            }
            if let (PageLoadEvent::Finished, Some(js)) = (payload.event(), &script) {
                if let Err(err) = window.eval(js) {
                    eprintln!("could not run the fill script: {err}");
                }
            }
        })
        .on_download(move |_webview, event| {
            let Some(d) = &downloads else { return false };
            if !current() {
                return false;
            }
            match event {
                DownloadEvent::Requested { url, destination } => {
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
                    (d.on_finished)(&app_for_downloads, file);
                    true
                }
                _ => false,
            }
        });
    if kiosk {
        builder = builder.fullscreen(true);
    }
    if let Some(dir) = session_dir {
        // The same WebView data as the kiosk's main window: one place to clear at the end of session.
        builder = builder.data_directory(dir.join("webview")).additional_browser_args(crate::kiosk::KIOSK_BROWSER_ARGS);
    }
    builder.build()?;
    Ok(())
}

/// A loopback URL from a test-only environment variable (the tests' portal simulators), or
/// `None`. Anything but `http(s)://127.0.0.1` or `localhost` is ignored, so the variable can never
/// send the applicant to a real host the data does not name.
pub fn loopback_override(var: &str) -> Option<Url> {
    let url = Url::parse(&std::env::var(var).ok()?).ok()?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost"));
    (loopback && matches!(url.scheme(), "http" | "https")).then_some(url)
}

/// The hosts an official window for `url` may show: on a kiosk the configured ones (and the
/// URL's host must be among them), on a desktop just the URL's own host.
pub fn hosts_for(app: &AppHandle, url: &Url) -> Result<Vec<String>, String> {
    let host = url.host_str().ok_or_else(|| "the address has no host".to_owned())?.to_owned();
    let kiosk_hosts =
        app.try_state::<AppState>().and_then(|s| s.kiosk.as_ref().map(|k| k.config.allowed_hosts.clone()));
    match kiosk_hosts {
        Some(hosts) if !assistant_core::kiosk::host_allowed(&host, &hosts) => {
            Err(format!("{host} is not among this kiosk's allowed hosts"))
        }
        Some(hosts) => Ok(hosts),
        None => Ok(vec![host]),
    }
}
