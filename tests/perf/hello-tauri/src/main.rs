//! The smallest Tauri 2 app that reports readiness the same way the real app does.

use std::time::Instant;

#[tauri::command]
fn ui_ready() {
    if std::env::var_os("AA_PERF_READY").is_some() {
        println!("AA_READY");
    }
}

/// The same phase marks as the real app's (src-tauri/src/perf.rs), so scripts/perf.py can set the
/// two side by side.
fn mark(phase: &str) {
    if std::env::var_os("AA_PERF_READY").is_some() {
        println!("AA_PHASE {phase}");
    }
}

fn main() {
    let _start = Instant::now();
    mark("main");
    tauri::Builder::default()
        .setup(|_| {
            mark("setup");
            Ok(())
        })
        .on_page_load(|_, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => mark("page-load-started"),
            tauri::webview::PageLoadEvent::Finished => mark("page-loaded"),
        })
        .invoke_handler(tauri::generate_handler![ui_ready])
        .run(tauri::generate_context!())
        .expect("error while running hello-tauri");
}
