//! The checks a pack must pass before it is used: exactly what the tests run on the bundled
//! content (each loader's own parse and validation), so a pack that would break a guide, a
//! holiday year or a form never reaches an applicant.

use super::{ContentSet, PackError};

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

const CHECKS: &[(&str, Check)] = &[
    ("syntax", syntax),
    ("topics", crate::catalog::check),
    ("portals", crate::portals::check),
    ("holidays", holidays),
    ("checklist", checklist),
];

/// Runs every check; the first failure names its family and what is wrong.
pub fn validate(set: &ContentSet) -> Result<(), PackError> {
    for (name, check) in CHECKS {
        check(set).map_err(|e| PackError::Invalid(format!("{name}: {e}")))?;
    }
    Ok(())
}
