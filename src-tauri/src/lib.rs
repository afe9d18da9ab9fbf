//! The Tauri shell of Applicant Assistant: windows, commands, keychain, plugins, kiosk.
//!
//! Thin by design: every rule lives in `assistant-core`; this crate only moves data between
//! the WebView and the core, and touches the OS (files, keychain, browser, clipboard).

mod clock;
pub mod commands;
pub mod intake;
pub mod ipc;
pub mod keychain;
pub mod kiosk;
pub mod mail;
pub mod navigation;
mod official;
mod reminders;
mod state;
pub mod status;
pub mod vault;

use std::sync::Arc;

use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

/// Builds and runs the app. Returns when the last window closes.
pub fn run() {
    let args = kiosk::parse_args(std::env::args());
    if args.hash_pin {
        print_pin_hash();
        return;
    }
    let kiosk = match kiosk::load(&args) {
        Ok(k) => k.map(|config| Arc::new(kiosk::Kiosk::new(config))),
        Err(message) => {
            eprintln!("申请助手 kiosk mode cannot start: {message}");
            std::process::exit(2);
        }
    };
    let specta = ipc::builder();
    let kiosk_at_exit = kiosk.clone();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let data_dir = match &kiosk {
                // Each applicant's files live in a scratch dir that the end of session wipes.
                Some(k) => k.session_dir.clone(),
                None => app.path().app_data_dir()?,
            };
            app.manage(vault::Vault::open(data_dir.clone(), kiosk.is_some()));
            app.manage(state::AppState::new(data_dir, kiosk.clone()));
            app.manage(status::StatusCache::default());
            app.manage(commands::certificate::Captures::default());
            app.manage(commands::mail::PhotoSlot::default());
            app.manage(start_intake(app.handle(), kiosk.as_deref()));
            open_main_window(app.handle(), kiosk.clone())?;
            // Load the message-search tables off the UI thread, so the first search is instant.
            std::thread::spawn(assistant_core::message_search::prepare);
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(err) => {
            eprintln!("申请助手 could not start: {err}");
            std::process::exit(1);
        }
    };
    app.run(move |_, event| {
        // A kiosk leaves nothing behind, however it is closed.
        if let (tauri::RunEvent::Exit, Some(k)) = (&event, &kiosk_at_exit) {
            let _ = std::fs::remove_dir_all(&k.session_dir);
        }
    });
}

/// A kiosk with an intake URL sends drafts to the hall's desk through a persistent outbox in the
/// app's data dir (not the session dir: a draft still waiting belongs to the hall). The worker
/// sends whatever an earlier run left in it as soon as it starts.
fn start_intake(app: &tauri::AppHandle, kiosk: Option<&kiosk::Kiosk>) -> Option<commands::intake::Intake> {
    let url = kiosk?.config.intake_url.clone()?;
    let dir = app.path().app_data_dir().ok()?.join("intake-outbox");
    let worker = match intake::Worker::new(dir.clone(), &url) {
        Ok(worker) => worker,
        Err(err) => {
            eprintln!("service-hall intake disabled: {err}");
            return None;
        }
    };
    let notify = Arc::new(tokio::sync::Notify::new());
    tauri::async_runtime::spawn(worker.run(notify.clone()));
    Some(commands::intake::Intake { dir, notify })
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
fn open_main_window(app: &tauri::AppHandle, kiosk: Option<Arc<kiosk::Kiosk>>) -> tauri::Result<()> {
    let handle = app.clone();
    let allowed = kiosk.as_ref().map(|k| k.config.allowed_hosts.clone());
    let title = match &kiosk {
        Some(k) => format!("申请助手 · {}", k.config.hall_name),
        None => "申请助手 Applicant Assistant".to_owned(),
    };
    let mut builder = WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title(title)
        .inner_size(1100.0, 820.0)
        .min_inner_size(400.0, 500.0)
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
        });
    if let Some(k) = &kiosk {
        // Full screen without decorations. The WebView keeps its cookies, storage and cache in the
        // applicant's session dir, which the end of session clears and deletes. (Not `incognito`:
        // WebKitGTK's ephemeral context cannot be driven by WebDriver, so it could not be tested.)
        builder = builder
            .fullscreen(true)
            .decorations(false)
            .data_directory(k.session_dir.join("webview"))
            .additional_browser_args(kiosk::KIOSK_BROWSER_ARGS);
    }
    builder.build()?;
    Ok(())
}

/// A kiosk window on an official site; it too may only go to the allowed hosts.
fn open_official_window(app: &tauri::AppHandle, url: tauri::Url) -> tauri::Result<()> {
    let hosts = app
        .try_state::<state::AppState>()
        .and_then(|s| s.kiosk.as_ref().map(|k| k.config.allowed_hosts.clone()))
        .unwrap_or_default();
    official::open(
        app,
        official::OfficialWindow {
            url,
            hosts,
            on_load_script: None,
            title: "申请助手 · 官方网站".to_owned(),
            downloads: None,
        },
    )
}
