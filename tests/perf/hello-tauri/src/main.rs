//! The smallest Tauri 2 app that reports readiness the same way the real app does.

use std::time::Instant;

#[tauri::command]
fn ui_ready() {
    if std::env::var_os("AA_PERF_READY").is_some() {
        println!("AA_READY");
    }
}

fn main() {
    let _start = Instant::now();
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ui_ready])
        .run(tauri::generate_context!())
        .expect("error while running hello-tauri");
}
