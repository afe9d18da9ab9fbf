//! The typed IPC surface. `tauri-specta` generates `ui/src/lib/bindings.ts` from these Rust
//! signatures; a test fails when the committed file is stale (run with `UPDATE_BINDINGS=1`
//! to rewrite it).

use tauri_specta::{collect_commands, Builder};

use crate::commands;

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new().commands(collect_commands![
        commands::home::topics,
        commands::home::load_prefs,
        commands::home::save_prefs,
        commands::home::ui_ready,
        commands::speech::speak,
        commands::speech::stop_speaking,
        commands::content::content_info,
        commands::content::content_apply,
        commands::content::content_check,
        commands::content::app_update_check,
        commands::content::app_update_install,
        commands::guide::guide_open,
        commands::guide::guide_answer,
        commands::guide::guide_back,
        commands::guide::guide_change,
        commands::guide::guide_restart,
        commands::identity::identity_check_document,
        commands::identity::identity_check_validity,
        commands::identity::identity_entry_advice,
        commands::identity::identity_document_kinds,
        commands::search::message_search,
        commands::search::portal_status,
        commands::checklist::checklist_open,
        commands::checklist::checklist_tick,
        commands::checklist::checklist_export_pdf,
        commands::kiosk::kiosk_info,
        commands::kiosk::kiosk_end_session,
        commands::kiosk::kiosk_admin_exit,
        commands::vault::vault_status,
        commands::vault::vault_list,
        commands::vault::vault_add,
        commands::vault::vault_update,
        commands::vault::vault_delete,
        commands::vault::vault_reveal,
        commands::vault::vault_mark,
        commands::vault::vault_copy,
        commands::feedback::feedback_start,
        commands::feedback::feedback_draft,
        commands::feedback::feedback_check,
        commands::feedback::feedback_count,
        commands::feedback::feedback_fill,
        commands::feedback::feedback_sent,
        commands::feedback::tracked_list,
        commands::feedback::tracked_update,
        commands::intake::intake_send,
        commands::intake::intake_status,
        commands::certificate::certificate_list,
        commands::certificate::certificate_import,
        commands::certificate::certificate_choose,
        commands::certificate::certificate_update,
        commands::certificate::certificate_annotate,
        commands::certificate::certificate_annotation_update,
        commands::certificate::certificate_open,
        commands::certificate::certificate_delete,
        commands::certificate::certificate_capture,
        commands::certificate::certificate_capture_status,
        commands::mail::mail_start,
        commands::mail::photo_prepare,
        commands::mail::mail_preview,
        commands::mail::mail_send,
        commands::mail::mail_save_eml,
        commands::mail::mail_sent_elsewhere,
        commands::mail::mail_smtp_guess,
        commands::checklist::checklist_print,
        commands::feedback::tracked_start,
        commands::uploads::upload_presets,
        commands::uploads::upload_open,
        commands::uploads::upload_make,
        commands::uploads::upload_save,
        commands::uploads::upload_print,
        commands::uploads::upload_outputs,
        commands::dates::dates_list,
        commands::dates::dates_add,
        commands::dates::dates_remove,
        commands::dates::dates_kind,
        commands::dates::dates_export_ics,
        commands::dates::dates_print,
        commands::kiosk::kiosk_activity,
        commands::kiosk::kiosk_admin_open,
        commands::certificate::certificate_view,
        commands::media::media_list,
        commands::media::media_import_certificate,
        commands::media::media_photo,
        commands::media::media_photo_bytes,
        commands::feedback::tracked_lookup,
        commands::mail::mail_copy_panel,
        commands::vault::vault_login,
        commands::panel::panel_get,
        commands::panel::panel_copy,
        commands::panel::panel_tick,
        commands::panel::panel_fill,
        commands::panel::panel_login,
        commands::panel::panel_cancel,
    ])
}

/// The generated TypeScript, exactly as committed.
pub fn bindings_ts() -> Result<String, String> {
    // A directory of its own per call (tests call this in parallel), removed when dropped.
    let dir = tempfile::Builder::new().prefix("aa-bindings-").tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join("bindings.ts");
    builder()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust commands by tauri-specta. Do not edit: run `UPDATE_BINDINGS=1 cargo test -p applicant-assistant bindings`.\n// @ts-nocheck"),
            &path,
        )
        .map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    Ok(type_only_imports(&text))
}

/// tauri-specta names the window type with `import { type … }`, which TypeScript keeps as an
/// import for its side effects: the first screen then loaded and ran the whole window, webview
/// and dpi API (a fifth of its script) for a name used only in types. Every such import of
/// nothing but types is written `import type`, which is erased.
fn type_only_imports(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match as_import_type(line) {
            Some(rewritten) => out.push_str(&rewritten),
            None => out.push_str(line),
        }
    }
    out
}

/// `import { type A, type B as C } from "m";` as `import type { A, B as C } from "m";`; `None`
/// for any other line (an import with a value in it loads its module anyway).
fn as_import_type(line: &str) -> Option<String> {
    let rest = line.strip_prefix("import {")?;
    let (names, tail) = rest.split_once('}')?;
    if !tail.trim_start().starts_with("from") {
        return None;
    }
    let names: Vec<&str> = names.split(',').map(str::trim).filter(|n| !n.is_empty()).collect();
    let types: Vec<&str> = names.iter().map(|n| n.strip_prefix("type ")).collect::<Option<_>>()?;
    (!types.is_empty()).then(|| format!("import type {{ {} }}{tail}", types.join(", ")))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_are_up_to_date() {
        let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
        let fresh = super::bindings_ts().expect("export bindings");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed, &fresh).expect("write bindings");
        }
        let on_disk = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            on_disk == fresh,
            "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p applicant-assistant bindings` and commit it"
        );
    }

    /// Every import of the generated file that names only types is erased from the bundle: an
    /// `import { type X }` (kept for its side effects) would load a module for nothing.
    #[test]
    fn bindings_load_no_module_for_a_type() {
        let fresh = super::bindings_ts().expect("export bindings");
        let kept: Vec<&str> = fresh.lines().filter(|l| super::as_import_type(l).is_some()).collect();
        assert!(kept.is_empty(), "imports that load a module only for a type: {kept:?}");
        assert!(
            fresh.contains("import type { WebviewWindow as __WebviewWindow__ }"),
            "the window type is still imported"
        );
    }

    #[test]
    fn only_imports_of_nothing_but_types_become_import_type() {
        let text = "import { type A, type B as C } from \"m\";\nimport { a, type B } from \"n\";\nimport {\nconst x = { type: 1 };\n";
        assert_eq!(
            super::type_only_imports(text),
            "import type { A, B as C } from \"m\";\nimport { a, type B } from \"n\";\nimport {\nconst x = { type: 1 };\n"
        );
    }
}
