//! Identity documents: ID numbers, other documents the portals accept, validity periods (issue 4).
//!
//! Entry points for the UI (each returns a serialisable report with messages in every language):
//! - [`check_document`]: is this document number well-formed? Normalised and masked value,
//!   birth date and sex when the number carries them, and every problem with its position.
//! - [`check_validity`] / [`check_validity_for`]: the validity period against the rule for the
//!   holder's age, with a suggested end date and error/warning findings.
//! - [`entry_advice`] / [`entry_advice_all`]: what to type in each portal's validity fields.
//! - [`mask_id`]: the number as shown anywhere outside its entry field.
//!
//! Nothing here reads the clock: callers pass `today`.

mod documents;
mod entry_advice;
mod errors;
mod id_number;
mod mask;
mod messages;
mod normalize;
mod region;
mod validity;

use chrono::NaiveDate;
use serde::Serialize;

pub use documents::DocumentKind;
pub use entry_advice::{entry_advice, entry_advice_all, entry_advice_checked, EntryAdvice, FieldAdvice, FieldValue};
pub use errors::{Expected, IdError, Span};
pub use id_number::{check_character, Sex};
pub use mask::mask_id;
pub use normalize::{normalize, MAX_INPUT_CHARS};
pub use validity::{
    add_years, age_on, as_printed, check_validity, check_validity_for, rule_for, AppliedRule, RuleBasis, Severity,
    Term, ValidityEnd, ValidityFinding, ValidityIssue, ValidityReport,
};

use crate::lang::Text;

/// One problem with a document number, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct IdProblem {
    pub error: IdError,
    /// The characters it is about (1-based, inclusive), to highlight in the entry field.
    pub span: Option<Span>,
    pub message: Text,
}

impl From<IdError> for IdProblem {
    fn from(error: IdError) -> Self {
        IdProblem { span: error.span(), message: error.text(), error }
    }
}

/// The result of checking a document number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DocumentCheck {
    pub kind: DocumentKind,
    /// True when there are no problems.
    pub valid: bool,
    /// The cleaned value (see [`normalize`]) to put back into the field; empty when the input
    /// is longer than [`MAX_INPUT_CHARS`].
    pub normalized: String,
    /// The value as shown outside the entry field.
    pub masked: String,
    /// From positions 7–14, for a valid resident ID or residence-permit number.
    pub birth_date: Option<NaiveDate>,
    /// From position 17, for a valid resident ID or residence-permit number.
    pub sex: Option<Sex>,
    pub problems: Vec<IdProblem>,
}

/// Check a document number as typed. Never panics, whatever the string.
pub fn check_document(kind: DocumentKind, raw: &str, today: NaiveDate) -> DocumentCheck {
    let normalized = normalize(raw);
    let too_long = normalized.chars().nth(MAX_INPUT_CHARS).is_some();
    let result = documents::check_number(kind, &normalized, today);
    let normalized = if too_long { String::new() } else { normalized };
    let masked = mask_id(&normalized);
    match result {
        Ok(holder) => DocumentCheck {
            kind,
            valid: true,
            normalized,
            masked,
            birth_date: holder.map(|h| h.birth_date),
            sex: holder.map(|h| h.sex),
            problems: Vec::new(),
        },
        Err(errors) => DocumentCheck {
            kind,
            valid: false,
            normalized,
            masked,
            birth_date: None,
            sex: None,
            problems: errors.into_iter().map(IdProblem::from).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use id_number::tests::{complete, day, today, valid_resident_id};
    use proptest::prelude::*;

    #[test]
    fn valid_id_with_lower_case_x_and_full_width() {
        let c = check_document(DocumentKind::ResidentId, " １１０１０５１９４９１２３１００２x ", today());
        assert!(c.valid, "{:?}", c.problems);
        assert_eq!(c.normalized, "11010519491231002X");
        assert_eq!(c.masked, "1101**********002X");
        assert_eq!(c.birth_date, Some(day(1949, 12, 31)));
        assert_eq!(c.sex, Some(Sex::Female));
    }

    #[test]
    fn wrong_check_character_is_reported_at_position_18() {
        let c = check_document(DocumentKind::ResidentId, "110105194912310021", today());
        assert!(!c.valid);
        assert_eq!(c.birth_date, None);
        let p = c.problems.first();
        assert_eq!(p.and_then(|p| p.span), Some(Span::at(18)));
        assert!(p.is_some_and(|p| p.message.zh_cn.starts_with("第 18 位校验码应为 X")));
        assert_eq!(c.problems.len(), 1);
    }

    #[test]
    fn fifteen_digit_number() {
        let c = check_document(DocumentKind::ResidentId, "110105491231002", today());
        assert_eq!(c.problems.iter().map(|p| &p.error).collect::<Vec<_>>(), vec![&IdError::OldFifteenDigit]);
        assert!(c.problems.first().is_some_and(|p| p.message.get(Lang::En).contains("15-digit")));
    }

    #[test]
    fn every_kind_has_a_valid_and_an_invalid_example() {
        let valid = [
            (DocumentKind::ResidentId, "11010519491231002X".to_owned()),
            (DocumentKind::ResidencePermit, complete("83000019900101002")),
            (DocumentKind::HkMacauPermit, "M12345678".to_owned()),
            (DocumentKind::TaiwanPermit, "12345678".to_owned()),
            (DocumentKind::ForeignPermanentResident, complete("91100019900101001")),
        ];
        for (kind, raw) in &valid {
            assert!(check_document(*kind, raw, today()).valid, "{kind:?} {raw}");
        }
        let invalid = [
            (DocumentKind::ResidentId, "11010519491231002"),
            (DocumentKind::ResidencePermit, "11010519491231002X"),
            (DocumentKind::HkMacauPermit, "A12345678"),
            (DocumentKind::TaiwanPermit, "1234567"),
            (DocumentKind::ForeignPermanentResident, "US1110090123456"),
        ];
        for (kind, raw) in invalid {
            let c = check_document(kind, raw, today());
            assert!(!c.valid && !c.problems.is_empty(), "{kind:?} {raw}");
            assert!(c.problems.iter().all(|p| !p.message.has_blank()));
        }
    }

    #[test]
    fn huge_input_is_not_echoed_back() {
        let c = check_document(DocumentKind::ResidentId, &"9".repeat(100_000), today());
        assert!(!c.valid);
        assert_eq!(c.normalized, "");
        assert_eq!(c.masked, "");
    }

    #[test]
    fn serialises_for_the_ui() {
        let c = check_document(DocumentKind::ResidentId, "110105194912310021", today());
        let v = serde_json::to_value(&c).unwrap_or_default();
        assert_eq!(v["kind"], "resident_id");
        assert_eq!(v["problems"][0]["error"]["code"], "check_mismatch");
        assert_eq!(v["problems"][0]["span"]["from"], 18);
        assert_eq!(v["problems"][0]["message"]["zh-TW"], c.problems[0].message.zh_tw);
    }

    #[test]
    fn document_and_validity_together() {
        let c = check_document(DocumentKind::ResidentId, "11010519491231002X", today());
        let birth = c.birth_date.unwrap_or_default();
        // 65 on the issue date: long-term.
        let r = check_validity(birth, day(2015, 3, 7), ValidityEnd::LongTerm, today());
        assert_eq!(r.suggested_end, Some(ValidityEnd::LongTerm));
        assert!(r.findings.is_empty());
    }

    proptest! {
        #[test]
        fn generated_valid_numbers_pass(n in valid_resident_id()) {
            let c = check_document(DocumentKind::ResidentId, &n, today());
            prop_assert!(c.valid, "{} {:?}", n, c.problems);
            let lower = check_document(DocumentKind::ResidentId, &n.to_lowercase(), today());
            prop_assert!(lower.valid);
        }

        #[test]
        fn any_single_character_change_fails(n in valid_resident_id(), pos in 0usize..18, c in any::<char>()) {
            let mut chars: Vec<char> = n.chars().collect();
            if let Some(slot) = chars.get_mut(pos) { *slot = c; }
            let mutated: String = chars.iter().collect();
            // Changes that normalise back to the same number (x for X, full-width digits, or
            // white space at either end that trimming removes) are not changes.
            prop_assume!(normalize(&mutated) != n && normalize(&mutated).chars().count() == 18);
            let check = check_document(DocumentKind::ResidentId, &mutated, today());
            prop_assert!(!check.valid, "{} → {:?}", n, mutated);
            prop_assert!(check.problems.iter().all(|p| p.span.is_some()), "{:?}", check.problems);
        }

        #[test]
        fn never_panics_and_problems_iff_invalid(s in any::<String>(), k in 0usize..5) {
            let kind = DocumentKind::ALL.get(k).copied().unwrap_or(DocumentKind::ResidentId);
            let c = check_document(kind, &s, today());
            prop_assert_eq!(c.valid, c.problems.is_empty());
            prop_assert!(c.normalized.chars().count() <= MAX_INPUT_CHARS);
        }
    }
}
