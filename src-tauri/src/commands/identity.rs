//! Identity documents: the ID field's live check, the validity period and per-portal advice.
//! All rules are in `assistant_core::identity`; this only supplies today's date (Beijing time,
//! the portals' day).

use assistant_core::identity::{self, DocumentCheck, DocumentKind, EntryAdvice, ValidityEnd, ValidityReport};
use chrono::NaiveDate;

/// Checks a document number as typed. The result carries every problem with its position and
/// a message in all three languages, and the masked number for display outside the field.
#[tauri::command]
#[specta::specta]
pub fn identity_check_document(kind: DocumentKind, raw: String) -> DocumentCheck {
    identity::check_document(kind, &raw, crate::clock::today_beijing())
}

/// Checks a validity period against the card-law rules (warnings never block).
#[tauri::command]
#[specta::specta]
pub fn identity_check_validity(
    kind: DocumentKind,
    birth: Option<NaiveDate>,
    start: NaiveDate,
    end: ValidityEnd,
) -> ValidityReport {
    identity::check_validity_for(kind, birth, start, end, crate::clock::today_beijing())
}

/// "Type exactly this": how each portal wants the period entered (nothing for an expired card).
#[tauri::command]
#[specta::specta]
pub fn identity_entry_advice(
    kind: DocumentKind,
    birth: Option<NaiveDate>,
    start: NaiveDate,
    end: ValidityEnd,
) -> Vec<EntryAdvice> {
    identity::entry_advice_checked(kind, birth, start, end, crate::clock::today_beijing())
}

/// A document the portals accept, named for the picker.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct DocumentKindInfo {
    pub kind: DocumentKind,
    pub name: assistant_core::lang::Text,
    pub format_hint: assistant_core::lang::Text,
}

/// The documents the picker offers, resident ID first.
#[tauri::command]
#[specta::specta]
pub fn identity_document_kinds() -> Vec<DocumentKindInfo> {
    DocumentKind::ALL
        .iter()
        .map(|&kind| DocumentKindInfo { kind, name: kind.name(), format_hint: kind.format_hint() })
        .collect()
}
