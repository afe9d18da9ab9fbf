//! The Tauri shell of Applicant Assistant: windows, commands, keychain, plugins, kiosk.
//!
//! Thin by design: every rule lives in `assistant-core`; this crate only moves data between
//! the WebView and the core, and touches the OS (files, keychain, browser, clipboard).

mod clock;
pub mod commands;
pub mod content;
pub mod heartbeat;
pub mod intake;
pub mod ipc;
pub mod keychain;
pub mod kiosk;
mod kiosk_windows;
pub mod mail;
pub mod navigation;
mod official;
pub mod panel;
pub mod perf;
mod reminders;
pub mod speech;
mod state;
pub mod status;
pub mod test_hooks;
pub mod updates;
pub mod vault;

use std::sync::Arc;

use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

/// Builds and runs the app. Returns when the last window closes.
pub fn run() {
    perf::mark("main");
    // Before any thread or window exists (see the function).
    no_gl_compositing();
    let args = kiosk::parse_args(std::env::args());
    if args.hash_pin {
        print_pin_hash();
        return;
    }
    let kiosk_config = match kiosk::load(&args) {
        Ok(k) => k,
        Err(message) => {
            eprintln!("申请助手 kiosk mode cannot start: {message}");
            std::process::exit(2);
        }
    };
    let is_kiosk = kiosk_config.is_some();
    if is_kiosk {
        // A crash must not leave an applicant's data in a core file.
        no_core_dumps();
    }
    let specta = ipc::builder();
    // The kiosk (whose start clears an interrupted session's files) is made in `setup`, after
    // the single-instance plugin has sent a second launch away: a second start must never
    // touch the running applicant's session.
    let mut builder = tauri::Builder::default()
        // First: a second launch hands over to the running app (which comes to the front) and
        // exits, so two instances never share the data files.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| focus_main_window(app)));
    if !is_kiosk {
        // The window keeps its size and position between runs (a kiosk is always full screen
        // and keeps nothing). Official-site windows are not remembered.
        builder = builder.plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(window_state_flags())
                .with_filter(|label| label == "main")
                .build(),
        );
    }
    let app = builder
        // Without the plugin's page script: it is injected into every window, official pages
        // too, and swallows their `target=_blank` clicks (asking for IPC they do not have), so a
        // portal's new windows never opened. The windows' own guards decide instead.
        .plugin(tauri_plugin_opener::Builder::new().open_js_links_on_click(false).build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .invoke_handler(specta.invoke_handler())
        .on_window_event(kiosk_windows::on_window_event)
        .setup(move |app| {
            perf::mark("setup");
            specta.mount_events(app);
            let kiosk = match kiosk_config.clone() {
                Some(config) => match kiosk::Kiosk::start(config, &app.path().app_data_dir()?) {
                    Ok(k) => Some(Arc::new(k)),
                    Err(e) => {
                        eprintln!("申请助手 kiosk mode cannot start: the session directory: {e}");
                        std::process::exit(2);
                    }
                },
                None => None,
            };
            let data_dir = match &kiosk {
                // Each applicant's files live in a scratch dir that the end of session wipes.
                Some(k) => k.session_dir.clone(),
                None => app.path().app_data_dir()?,
            };
            // The installed content pack (or the bundled content) before anything reads content.
            let hall_mirrors = kiosk.as_ref().map(|k| k.config.content_mirrors.clone()).unwrap_or_default();
            let content_dir = app.path().app_data_dir()?.join("content");
            app.manage(content::Content::open(content_dir, content::mirrors(&hall_mirrors)));
            perf::mark("content");
            app.manage(updates::AppUpdates::default());
            content::spawn(app.handle().clone(), kiosk.is_some());
            if let Some(k) = &kiosk {
                // No applicant yet: a kiosk inside its maintenance window may update itself now.
                updates::kiosk_between_applicants(app.handle(), k.config.update_window.as_deref());
            }
            app.manage(vault::Vault::open(data_dir.clone(), kiosk.is_some()));
            app.manage(state::AppState::new(data_dir, kiosk.clone()));
            app.manage(status::StatusCache::default());
            app.manage(commands::certificate::Captures::default());
            app.manage(commands::mail::PhotoSlot::default());
            app.manage(commands::uploads::UploadSlot::default());
            app.manage(speech::Speech::default());
            app.manage(commands::media::MediaList::default());
            app.manage(commands::vault::ClipboardHold::default());
            app.manage(panel::PanelSlot::default());
            app.manage(start_intake(app.handle(), kiosk.as_deref()));
            if let Some(k) = &kiosk {
                let lang = k.config.languages.first().copied().unwrap_or_default();
                kiosk_windows::install(app.handle(), k.config.quiet_seconds(), k.config.countdown_seconds(), lang);
            }
            start_heartbeat(app.handle(), kiosk.clone());
            perf::mark("state");
            open_main_window(app.handle(), kiosk.clone())?;
            perf::mark("window");
            Ok(())
        })
        .build(context());
    let app = match app {
        Ok(app) => app,
        Err(err) => {
            eprintln!("申请助手 could not start: {err}");
            std::process::exit(1);
        }
    };
    app.run(move |app, event| {
        let kiosk = app.try_state::<state::AppState>().and_then(|s| s.kiosk.clone());
        match (&event, kiosk) {
            // A kiosk never ends by itself (its last window lost): only the admin's exit ends it.
            (tauri::RunEvent::ExitRequested { api, .. }, Some(_)) if !kiosk_windows::exiting() => api.prevent_exit(),
            // A kiosk leaves nothing behind, however it is closed.
            (tauri::RunEvent::Exit, Some(k)) => k.finish(),
            _ => {}
        }
    });
}

/// The app's configuration and files (marked as the page gets them, for scripts/perf.py).
fn context() -> tauri::Context {
    let mut context = tauri::generate_context!();
    perf::mark_served(&mut context);
    context
}

/// Brings the main window to the front (a second launch of the app asked for it).
fn focus_main_window(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Size, position and maximised state; not visibility, decorations or full screen.
fn window_state_flags() -> tauri_plugin_window_state::StateFlags {
    use tauri_plugin_window_state::StateFlags;
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED
}

/// No core files: a kiosk's memory holds applicants' ID numbers and passwords.
fn no_core_dumps() {
    #[cfg(unix)]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        let _ = setrlimit(Resource::Core, Rlimit { current: Some(0), maximum: Some(0) });
        #[cfg(target_os = "linux")]
        let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    }
}

/// A kiosk with an intake URL sends drafts to the hall's desk through a persistent outbox in the
/// app's data dir (not the session dir: a draft still waiting belongs to the hall). The worker
/// sends whatever an earlier run left in it as soon as it starts.
fn start_intake(app: &tauri::AppHandle, kiosk: Option<&kiosk::Kiosk>) -> Option<commands::intake::Intake> {
    let kiosk = kiosk?;
    let url = kiosk.config.intake_url.clone()?;
    let dir = app.path().app_data_dir().ok()?.join("intake-outbox");
    let keep_days = kiosk.config.intake_keep_days;
    let worker = match intake::Worker::new(dir.clone(), &url).and_then(|w| w.with_kiosk_id(&kiosk.id())) {
        Ok(worker) => worker.with_keep_days(keep_days),
        Err(err) => {
            eprintln!("service-hall intake disabled: {err}");
            return None;
        }
    };
    let notify = Arc::new(tokio::sync::Notify::new());
    tauri::async_runtime::spawn(worker.run(notify.clone()));
    Some(commands::intake::Intake { dir, notify })
}

/// A kiosk with a heartbeat URL reports to the hall desk every minute (version, outbox, last
/// session end), so the staff's kiosk list shows which kiosks are alive.
fn start_heartbeat(app: &tauri::AppHandle, kiosk: Option<Arc<kiosk::Kiosk>>) {
    let Some(kiosk) = kiosk else { return };
    let Some(url) = kiosk.config.heartbeat_url.clone() else { return };
    let outbox = app.path().app_data_dir().ok().map(|d| d.join("intake-outbox"));
    match heartbeat::Sender::new(&url, kiosk, outbox) {
        Ok(sender) => {
            tauri::async_runtime::spawn(sender.run());
        }
        Err(err) => eprintln!("kiosk heartbeat disabled: {err}"),
    }
}

/// `--hash-pin`: reads a PIN from standard input and prints the line for kiosk.toml.
fn print_pin_hash() {
    let mut pin = String::new();
    if std::io::stdin().read_line(&mut pin).is_err() || pin.trim().len() < 4 {
        eprintln!("type a PIN of at least 4 characters on standard input");
        std::process::exit(2);
    }
    match kiosk::hash_pin(pin.trim()) {
        Ok(hash) => println!("admin_pin_hash = \"{hash}\""),
        Err(e) => {
            eprintln!("could not hash the PIN: {e}");
            std::process::exit(1);
        }
    }
}

/// The main window is built in code, not in `tauri.conf.json`, so it gets a navigation guard:
/// it may only show the app's own pages. On a desktop, web links go to the system browser; on a
/// kiosk, allowed official hosts open in an app window restricted to them, everything else is
/// refused.
pub(crate) fn open_main_window(app: &tauri::AppHandle, kiosk: Option<Arc<kiosk::Kiosk>>) -> tauri::Result<()> {
    let handle = app.clone();
    let allowed = kiosk.as_ref().map(|k| k.config.allowed_hosts.clone());
    let title = match &kiosk {
        Some(k) => format!("申请助手 · {}", k.config.hall_name),
        None => "申请助手 Applicant Assistant".to_owned(),
    };
    let start_script = app.try_state::<state::AppState>().map(|s| commands::home::start_script(&s)).unwrap_or_default();
    let mut builder = WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .initialization_script(start_script)
        .title(title)
        .inner_size(1100.0, 820.0)
        .min_inner_size(400.0, 500.0)
        // Shown by `ui_ready` once the first screen is drawn (see `no_gl_compositing`).
        .visible(false)
        .on_page_load(|window, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => perf::mark("page-load-started"),
            tauri::webview::PageLoadEvent::Finished => {
                perf::mark("page-loaded");
                show_anyway_later(window);
            }
        })
        .on_navigation(move |url| match navigation::decide(url, allowed.as_deref()) {
            navigation::Decision::Allow => true,
            navigation::Decision::OpenInBrowser => {
                use tauri_plugin_opener::OpenerExt;
                if let Err(err) = handle.opener().open_url(url.as_str(), None::<&str>) {
                    eprintln!("could not open the system browser: {err}");
                }
                false
            }
            navigation::Decision::OpenInKioskWindow => {
                if let Err(err) = open_official_window(&handle, url.clone()) {
                    eprintln!("could not open the official site: {err}");
                }
                false
            }
            navigation::Decision::Refuse => false,
        })
        // A link that asks for a new window follows the same rules as one that does not.
        .on_new_window({
            let handle = app.clone();
            let allowed = kiosk.as_ref().map(|k| k.config.allowed_hosts.clone());
            move |url, _| {
                match navigation::decide(&url, allowed.as_deref()) {
                    navigation::Decision::OpenInBrowser => {
                        use tauri_plugin_opener::OpenerExt;
                        let _ = handle.opener().open_url(url.as_str(), None::<&str>);
                    }
                    navigation::Decision::OpenInKioskWindow => {
                        let _ = open_official_window(&handle, url);
                    }
                    navigation::Decision::Allow | navigation::Decision::Refuse => {}
                }
                tauri::webview::NewWindowResponse::Deny
            }
        });
    if let Some(k) = &kiosk {
        // Full screen without decorations. The WebView keeps its cookies, storage and cache in the
        // applicant's session dir, which the end of session clears and deletes. (Not `incognito`:
        // WebKitGTK's ephemeral context cannot be driven by WebDriver, so it could not be tested.)
        builder = builder
            .fullscreen(true)
            .decorations(false)
            .devtools(false)
            .data_directory(k.session_dir.join("webview"))
            .additional_browser_args(kiosk::KIOSK_BROWSER_ARGS);
    }
    let window = builder.build()?;
    kiosk_windows::harden(&window);
    Ok(())
}

/// On Linux the app's windows are drawn without WebKitGTK's GL compositing: the app's pages are
/// plain forms, and with a software GL (Xvfb, virtual machines, many hall PCs) compositing cost
/// about 80 MiB in each page process. Set for the whole process before WebKit starts, the page
/// process never sets GL up; switched off per window after `build()` had started the page, as
/// before, it cost some 55 ms of start-up (scripts/perf.py). `AA_GPU_COMPOSITING=1` keeps WebKit's
/// default (a hall PC with a real GPU), and so does a `WEBKIT_DISABLE_COMPOSITING_MODE` already set.
///
/// A window drawn this way can hold the app up for 500 ms when GTK draws it while its page is still
/// busy (WebKitGTK then waits for the page's first picture): about one start in four did. So the
/// app's own windows are made hidden and shown once their first screen is ready (`ui_ready`).
fn no_gl_compositing() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("AA_GPU_COMPOSITING").is_none_or(|v| v != "1")
        && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
    {
        // Read by WebKit when it starts, in this process and in the page processes it starts;
        // nothing has started a thread yet.
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// How long after its page has loaded a hidden window shows anyway, should its first screen never
/// say it is ready (a script that failed): an app that never appears would be worse.
const SHOW_ANYWAY_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

/// Shows `window` after [`SHOW_ANYWAY_AFTER`] unless it is visible by then.
pub(crate) fn show_anyway_later(window: tauri::WebviewWindow) {
    std::thread::spawn(move || {
        std::thread::sleep(SHOW_ANYWAY_AFTER);
        if !window.is_visible().unwrap_or(true) {
            let _ = window.show();
        }
    });
}

/// A kiosk window on an official site; it too may only go to the allowed hosts (and plain http
/// is upgraded there, as everywhere).
fn open_official_window(app: &tauri::AppHandle, url: tauri::Url) -> tauri::Result<()> {
    let (hosts, lang) = app
        .try_state::<state::AppState>()
        .and_then(|s| {
            s.kiosk
                .as_ref()
                .map(|k| (k.config.allowed_hosts.clone(), k.config.languages.first().copied().unwrap_or_default()))
        })
        .unwrap_or_default();
    let url = match navigation::official_window(&url, &hosts) {
        navigation::Official::Upgrade(secure) => secure,
        _ => url,
    };
    official::open(
        app,
        official::OfficialWindow {
            url,
            hosts,
            title: "申请助手 · 官方网站".to_owned(),
            lang,
            downloads: None,
            beside_panel: false,
        },
    )
    .map(|_| ())
}
