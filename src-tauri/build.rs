// Declaring the app's commands makes Tauri generate `allow-<command>` permissions and, more
// importantly, deny every command a capability does not grant (otherwise all are allowed).
const COMMANDS: &[&str] = &["topics", "load_prefs", "save_prefs", "ui_ready"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
