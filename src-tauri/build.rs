// Declaring the app's commands makes Tauri generate `allow-<command>` permissions and, more
// importantly, deny every command a capability does not grant (otherwise all are allowed).
const COMMANDS: &[&str] = &[
    "topics",
    "load_prefs",
    "save_prefs",
    "ui_ready",
    "guide_open",
    "guide_answer",
    "guide_back",
    "guide_change",
    "guide_restart",
    "identity_check_document",
    "identity_check_validity",
    "identity_entry_advice",
    "identity_document_kinds",
    "message_search",
    "portal_status",
    "checklist_open",
    "checklist_tick",
    "checklist_export_pdf",
    "kiosk_info",
    "kiosk_end_session",
    "kiosk_admin_exit",
    "vault_status",
    "vault_list",
    "vault_add",
    "vault_update",
    "vault_delete",
    "vault_reveal",
    "vault_mark",
    "vault_copy",
    "feedback_start",
    "feedback_draft",
    "feedback_check",
    "feedback_count",
    "feedback_fill",
    "feedback_sent",
    "tracked_list",
    "tracked_update",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
