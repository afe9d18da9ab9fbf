//! The Tauri shell of Applicant Assistant: windows, commands, keychain, plugins.
//!
//! Thin by design: every rule lives in `assistant-core`; this crate only moves data between
//! the WebView and the core, and touches the OS (files, keychain, browser).

mod clock;
pub mod commands;
pub mod ipc;
pub mod keychain;
pub mod navigation;
mod state;
pub mod vault;

use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

/// Builds and runs the app. Returns when the last window closes.
pub fn run() {
    let specta = ipc::builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let data_dir = app.path().app_data_dir()?;
            app.manage(vault::Vault::open(data_dir.clone(), false));
            app.manage(state::AppState::new(data_dir));
            open_main_window(app.handle())?;
            // Load the message-search tables off the UI thread, so the first search is instant.
            std::thread::spawn(assistant_core::message_search::prepare);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("申请助手 could not start: {err}");
        std::process::exit(1);
    }
}

/// The main window is built in code, not in `tauri.conf.json`, so it gets a navigation guard:
/// it may only show the app's own pages; web links go to the system browser instead.
fn open_main_window(app: &tauri::AppHandle) -> tauri::Result<()> {
    let handle = app.clone();
    WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("申请助手 Applicant Assistant")
        .inner_size(1100.0, 820.0)
        .min_inner_size(400.0, 500.0)
        .on_navigation(move |url| match navigation::decide(url) {
            navigation::Decision::Allow => true,
            navigation::Decision::OpenInBrowser => {
                use tauri_plugin_opener::OpenerExt;
                if let Err(err) = handle.opener().open_url(url.as_str(), None::<&str>) {
                    eprintln!("could not open the system browser: {err}");
                }
                false
            }
            navigation::Decision::Refuse => false,
        })
        .build()?;
    Ok(())
}
