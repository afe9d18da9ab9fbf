//! The checks a pack must pass before it is used: exactly what the tests run on the bundled
//! content (each loader's own parse and validation), so a pack that would break a guide, a
//! holiday year or a form never reaches an applicant.

use std::sync::Arc;

use super::{with_candidate, ContentPart, ContentSet, PackError};

/// Every check, by the file family it covers.
type Check = fn(&ContentSet) -> Result<(), String>;

fn syntax(set: &ContentSet) -> Result<(), String> {
    for path in set.paths() {
        let text = set.text(path).unwrap_or_default();
        if path.ends_with(".toml") {
            toml::from_str::<toml::Table>(text).map_err(|e| format!("{path}: {e}"))?;
        } else if path.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(text).map_err(|e| format!("{path}: {e}"))?;
        }
    }
    Ok(())
}

fn holidays(set: &ContentSet) -> Result<(), String> {
    crate::workdays::check(set)
}

fn checklist(set: &ContentSet) -> Result<(), String> {
    crate::checklist::validate_data_in(set).map_err(|e| e.join("; "))
}

fn guides(_: &ContentSet) -> Result<(), String> {
    crate::guide::validate_all().map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
}

/// Sources come first: every other family cites them. Guides come after everything they refer
/// to (topics, portals, photo presets, forms), so a broken reference is reported where it is.
const CHECKS: &[(ContentPart, Check)] = &[
    (ContentPart::Syntax, syntax),
    (ContentPart::Sources, crate::sources::check),
    (ContentPart::Topics, crate::catalog::check),
    (ContentPart::Portals, crate::portals::check),
    (ContentPart::Holidays, holidays),
    (ContentPart::PhotoPresets, crate::photo::preset::check),
    (ContentPart::Forms, crate::form::check_data),
    (ContentPart::FeedbackCases, crate::feedback::check_data),
    (ContentPart::MailTemplates, crate::mail::check_data),
    (ContentPart::Guides, guides),
    (ContentPart::SearchKeywords, crate::message_search::check_data),
    (ContentPart::Checklist, checklist),
];

/// Runs every check on `set`, with every loader reading `set` (on this thread only), so a
/// file that refers to another is checked against the pack's own copy of it. The first
/// failure names its family and what is wrong.
pub fn validate(set: &Arc<ContentSet>) -> Result<(), PackError> {
    with_candidate(set.clone(), || {
        for (part, check) in CHECKS {
            check(set).map_err(|detail| PackError::Invalid { part: *part, detail })?;
        }
        Ok(())
    })
}
