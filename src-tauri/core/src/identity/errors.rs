//! What can be wrong with a document number, and where.
//!
//! Positions are 1-based character positions in the *normalised* value (see
//! [`super::normalize`]), which after trimming is the value the applicant typed.
//! The texts shown to the applicant live in [`super::messages`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Which characters a position allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    /// 0–9
    Digit,
    /// 0–9 or X (the check character of an 18-character number)
    DigitOrX,
    /// A–Z
    Letter,
    /// H (Hong Kong) or M (Macau)
    HOrM,
    /// The digit 9 (first character of the 2023 foreign permanent-residence ID number)
    Nine,
}

impl Expected {
    /// Whether `c` (already normalised) is allowed.
    pub fn allows(self, c: char) -> bool {
        match self {
            Expected::Digit => c.is_ascii_digit(),
            Expected::DigitOrX => c.is_ascii_digit() || c == 'X',
            Expected::Letter => c.is_ascii_uppercase(),
            Expected::HOrM => c == 'H' || c == 'M',
            Expected::Nine => c == '9',
        }
    }
}

/// A range of character positions, 1-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub struct Span {
    pub from: u32,
    pub to: u32,
}

impl Span {
    pub const fn at(position: u32) -> Span {
        Span { from: position, to: position }
    }
    pub const fn range(from: u32, to: u32) -> Span {
        Span { from, to }
    }
}

/// One problem with a document number. The `Display` text is a short English summary for logs;
/// the applicant sees [`IdError::message`] in their language.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum IdError {
    /// Nothing was entered.
    #[error("empty")]
    Empty,
    /// Far longer than any accepted document (see `MAX_INPUT_CHARS`): probably pasted text.
    #[error("too long: {length} characters")]
    TooLong { length: u32 },
    /// A space inside the value.
    #[error("space at position {position}")]
    InnerSpace { position: u32 },
    /// A 15-digit number: the old resident ID number, replaced by the 18-digit one.
    #[error("old 15-digit resident ID number")]
    OldFifteenDigit,
    /// The value has a length the document never has.
    #[error("wrong length {found}, expected one of {expected:?}")]
    WrongLength { found: u32, expected: Vec<u32> },
    /// A character not allowed at this position.
    #[error("position {position}: `{found}` is not allowed, expected {expected:?}")]
    WrongCharacter { position: u32, found: String, expected: Expected },
    /// Positions 1–2 are not a province-level code (GB/T 2260).
    #[error("unknown province code {province}")]
    UnknownProvince { province: String },
    /// Positions 1–2 name Taiwan, Hong Kong or Macau (71/81/82): mainland resident ID cards
    /// are issued under a mainland address code.
    #[error("province code {province} is not used on resident ID cards")]
    ProvinceNotOnResidentId { province: String },
    /// Positions 1–6 are 810000/820000/830000: this is a residence-permit number.
    #[error("{address_code} is the address code of a residence permit")]
    ResidencePermitNumber { address_code: String },
    /// A residence permit whose positions 1–6 are not 810000/820000/830000.
    #[error("residence permit address code must be 810000, 820000 or 830000, found {address_code}")]
    ResidencePermitRegion { address_code: String },
    /// Positions 7–14 are not a real calendar date.
    #[error("positions 7-14 `{text}` are not a real date")]
    InvalidBirthDate { text: String },
    /// Birth date before 1900-01-01: no living applicant, so it is a typing error.
    #[error("birth date {date} is before 1900")]
    BirthDateTooEarly { date: NaiveDate },
    /// Birth date after today.
    #[error("birth date {date} is in the future")]
    BirthDateInFuture { date: NaiveDate },
    /// The check character does not match the first 17 characters.
    #[error("check character should be {expected}, found {found}")]
    CheckMismatch { position: u32, found: String, expected: String },
}

impl IdError {
    /// The characters the problem is about, when it is about particular characters.
    pub fn span(&self) -> Option<Span> {
        match self {
            IdError::Empty | IdError::TooLong { .. } | IdError::OldFifteenDigit | IdError::WrongLength { .. } => None,
            IdError::InnerSpace { position }
            | IdError::WrongCharacter { position, .. }
            | IdError::CheckMismatch { position, .. } => Some(Span::at(*position)),
            IdError::UnknownProvince { .. } | IdError::ProvinceNotOnResidentId { .. } => Some(Span::range(1, 2)),
            IdError::ResidencePermitNumber { .. } | IdError::ResidencePermitRegion { .. } => Some(Span::range(1, 6)),
            IdError::InvalidBirthDate { .. }
            | IdError::BirthDateTooEarly { .. }
            | IdError::BirthDateInFuture { .. } => Some(Span::range(7, 14)),
        }
    }
}

/// Convert a length or position to the `u32` that crosses IPC (saturating; inputs are capped
/// long before this matters).
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_a_snake_case_code_tag() {
        let e = IdError::CheckMismatch { position: 18, found: "1".into(), expected: "X".into() };
        let json = serde_json::to_value(&e).unwrap_or_default();
        assert_eq!(json["code"], "check_mismatch");
        assert_eq!(json["expected"], "X");
        assert_eq!(json["position"], 18);
    }

    #[test]
    fn spans_point_at_the_fields() {
        assert_eq!(IdError::UnknownProvince { province: "99".into() }.span(), Some(Span::range(1, 2)));
        assert_eq!(IdError::InvalidBirthDate { text: "19900230".into() }.span(), Some(Span::range(7, 14)));
        assert_eq!(IdError::InnerSpace { position: 7 }.span(), Some(Span::at(7)));
        assert_eq!(IdError::Empty.span(), None);
    }
}
