//! The 18-character citizen identification number (GB 11643-1999, 公民身份号码).
//!
//! Layout (source: GB 11643-1999; see also `/work/shared/domain-facts.md` at design time):
//! positions 1–6 county-level address code (GB/T 2260), 7–14 birth date `YYYYMMDD`,
//! 15–17 sequence code (17th digit odd = male, even = female), 18 check character computed with
//! ISO 7064 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 for positions 1–17, sum of
//! digit × weight mod 11 = r, and r = 0..10 maps to `1 0 X 9 8 7 6 5 4 3 2`.
//!
//! The same layout and check character are used by the 港澳台居民居住证 (address code
//! 810000/820000/830000), and the check character by the 2023 外国人永久居留身份证.
//!
//! Every weight is non-zero mod 11 and a digit change is at most ±9, so changing any single
//! digit in positions 1–17 always changes the sum mod 11 and therefore the check character:
//! every single-digit typing error is detected (the property tests below try them all).
//!
//! Decisions: birth dates before 1900-01-01 are rejected as typing errors (no living applicant
//! was born then); birth date and sex are only reported for a number with no errors.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::errors::{to_u32, Expected, IdError};
use super::region::{self, Province, RESIDENCE_PERMIT_CODES};

/// ISO 7064 MOD 11-2 weights for positions 1–17.
pub const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each remainder 0..=10.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
/// Earliest birth date accepted.
const EARLIEST_BIRTH: (i32, u32, u32) = (1900, 1, 1);

/// The holder's sex, from the 17th digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

/// The check character for the first 17 characters, or `None` unless `first17` is exactly
/// 17 ASCII digits.
pub fn check_character(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// Which address codes the number may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AddressRule {
    /// A resident ID card: a mainland province.
    ResidentId,
    /// A residence permit: exactly 810000, 820000 or 830000.
    ResidencePermit,
}

/// What a GB 11643 number yields when it has no errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Holder {
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

/// Check an 18-character GB 11643 number (already normalised, no spaces). Returns every problem
/// found, or the holder's birth date and sex.
pub(crate) fn check_gb11643(chars: &[char], rule: AddressRule, today: NaiveDate) -> Result<Holder, Vec<IdError>> {
    if rule == AddressRule::ResidentId && chars.len() == 15 && chars.iter().all(char::is_ascii_digit) {
        return Err(vec![IdError::OldFifteenDigit]);
    }
    if chars.len() != 18 {
        return Err(vec![IdError::WrongLength { found: to_u32(chars.len()), expected: vec![18] }]);
    }
    let mut errors = Vec::new();
    let char_errors = character_errors(chars, Expected::Digit);
    let chars_ok = char_errors.is_empty();
    errors.extend(char_errors);

    if let Some(code) = digits(chars, 0, 6) {
        errors.extend(address_error(&code, rule));
    }
    let birth = digits(chars, 6, 14).and_then(|s| birth_date(&s, today, &mut errors));
    let sex = chars.get(16).and_then(|c| c.to_digit(10)).map(|d| if d % 2 == 1 { Sex::Male } else { Sex::Female });
    if chars_ok {
        errors.extend(check_mismatch(chars));
    }
    match (birth, sex) {
        (Some(birth_date), Some(sex)) if errors.is_empty() => Ok(Holder { birth_date, sex }),
        // Whenever `birth` or `sex` is missing an error has been recorded; the fallback keeps
        // "no errors" and "valid" the same thing even if that ever changed.
        _ if errors.is_empty() => Err(vec![IdError::InvalidBirthDate { text: String::new() }]),
        _ => Err(errors),
    }
}

/// Characters `from..to` (0-based, end exclusive) when they are all ASCII digits.
fn digits(chars: &[char], from: usize, to: usize) -> Option<String> {
    let part = chars.get(from..to)?;
    part.iter().all(char::is_ascii_digit).then(|| part.iter().collect())
}

/// Character-class errors for an 18-character number: `first` at position 1, digits at 2–17,
/// digit or X at 18.
pub(crate) fn character_errors(chars: &[char], first: Expected) -> Vec<IdError> {
    chars
        .iter()
        .enumerate()
        .filter_map(|(i, &c)| {
            let expected = match i {
                0 => first,
                17 => Expected::DigitOrX,
                _ => Expected::Digit,
            };
            (!expected.allows(c)).then(|| IdError::WrongCharacter {
                position: to_u32(i + 1),
                found: c.to_string(),
                expected,
            })
        })
        .collect()
}

/// The check-character problem of an 18-character number whose characters are all allowed.
pub(crate) fn check_mismatch(chars: &[char]) -> Option<IdError> {
    let first17: String = chars.iter().take(17).collect();
    let expected = check_character(&first17)?;
    let found = *chars.get(17)?;
    (found != expected).then(|| IdError::CheckMismatch {
        position: 18,
        found: found.to_string(),
        expected: expected.to_string(),
    })
}

fn address_error(code6: &str, rule: AddressRule) -> Option<IdError> {
    let permit = RESIDENCE_PERMIT_CODES.contains(&code6);
    let province = code6.get(0..2).unwrap_or_default();
    match rule {
        AddressRule::ResidentId if permit => Some(IdError::ResidencePermitNumber { address_code: code6.to_owned() }),
        AddressRule::ResidentId => match region::classify(province) {
            Province::Mainland => None,
            Province::HkMacauTaiwan => Some(IdError::ProvinceNotOnResidentId { province: province.to_owned() }),
            Province::Unknown => Some(IdError::UnknownProvince { province: province.to_owned() }),
        },
        AddressRule::ResidencePermit if permit => None,
        AddressRule::ResidencePermit => Some(IdError::ResidencePermitRegion { address_code: code6.to_owned() }),
    }
}

/// Parse `YYYYMMDD` (8 ASCII digits) as a plausible birth date, pushing any problem.
fn birth_date(s: &str, today: NaiveDate, errors: &mut Vec<IdError>) -> Option<NaiveDate> {
    let num = |a: usize, b: usize| s.get(a..b).and_then(|x| x.parse::<u32>().ok());
    let date = match (num(0, 4), num(4, 6), num(6, 8)) {
        (Some(y), Some(m), Some(d)) => i32::try_from(y).ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, d)),
        _ => None,
    };
    let Some(date) = date else {
        errors.push(IdError::InvalidBirthDate { text: s.to_owned() });
        return None;
    };
    let (y, m, d) = EARLIEST_BIRTH;
    if NaiveDate::from_ymd_opt(y, m, d).is_some_and(|earliest| date < earliest) {
        errors.push(IdError::BirthDateTooEarly { date });
        return None;
    }
    if date > today {
        errors.push(IdError::BirthDateInFuture { date });
        return None;
    }
    Some(date)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    pub(crate) const TODAY: (i32, u32, u32) = (2025, 6, 1);

    pub(crate) fn today() -> NaiveDate {
        day(TODAY.0, TODAY.1, TODAY.2)
    }

    /// A valid number from its first 17 digits.
    pub(crate) fn complete(first17: &str) -> String {
        let c = check_character(first17).map(String::from).unwrap_or_default();
        format!("{first17}{c}")
    }

    fn check(s: &str) -> Result<Holder, Vec<IdError>> {
        let chars: Vec<char> = s.chars().collect();
        check_gb11643(&chars, AddressRule::ResidentId, today())
    }

    #[test]
    fn known_check_characters() {
        // The worked example of GB 11643-1999 and a few computed by hand.
        assert_eq!(check_character("11010519491231002"), Some('X'));
        assert_eq!(check_character("44052418800101001"), Some('4'));
        // r = 0 → '1', r = 1 → '0', r = 2 → 'X' for hand-picked sums:
        // "10000000000000000": 1×7 = 7 → r 7 → '5'
        assert_eq!(check_character("10000000000000000"), Some('5'));
        // 00000000000000000 → sum 0 → '1'
        assert_eq!(check_character("00000000000000000"), Some('1'));
        // "00000001000000000": weight 1 at position 8 → r 1 → '0'
        assert_eq!(check_character("00000001000000000"), Some('0'));
        // "00000020000000000": 2×2 = 4 → '8'; "00000010000000000": 2 → 'X'
        assert_eq!(check_character("00000010000000000"), Some('X'));
        assert_eq!(check_character("0000000000000000"), None);
        assert_eq!(check_character("0000000000000000A"), None);
        assert_eq!(check_character("０0000000000000000"), None);
    }

    #[test]
    fn valid_number_gives_birth_date_and_sex() {
        let h = check("11010519491231002X");
        assert_eq!(h, Ok(Holder { birth_date: day(1949, 12, 31), sex: Sex::Female }));
        let male = complete("11010119900307123");
        assert_eq!(check(&male).map(|h| h.sex), Ok(Sex::Male));
        let female = complete("11010119900307124");
        assert_eq!(check(&female).map(|h| h.sex), Ok(Sex::Female));
    }

    #[test]
    fn wrong_check_character_says_what_it_should_be() {
        let errs = check("110105194912310021").err().unwrap_or_default();
        assert_eq!(errs, vec![IdError::CheckMismatch { position: 18, found: "1".into(), expected: "X".into() }]);
    }

    #[test]
    fn fifteen_digits_get_their_own_error() {
        assert_eq!(check("110105491231002"), Err(vec![IdError::OldFifteenDigit]));
        // 15 characters that are not all digits are just the wrong length.
        assert_eq!(check("11010549123100X"), Err(vec![IdError::WrongLength { found: 15, expected: vec![18] }]));
        assert_eq!(check("1101051949123100"), Err(vec![IdError::WrongLength { found: 16, expected: vec![18] }]));
    }

    #[test]
    fn wrong_character_positions() {
        let cases: &[(&str, u32, &str, Expected)] = &[
            ("A1010519491231002X", 1, "A", Expected::Digit),
            ("110105194912310O2X", 16, "O", Expected::Digit),
            ("11010519491231002Y", 18, "Y", Expected::DigitOrX),
            ("1101051949123100X2", 17, "X", Expected::Digit),
            ("11010519491231002身", 18, "身", Expected::DigitOrX),
        ];
        for (s, pos, found, expected) in cases {
            let errs = check(s).err().unwrap_or_default();
            let want = IdError::WrongCharacter { position: *pos, found: (*found).into(), expected: *expected };
            assert!(errs.contains(&want), "{s}: {errs:?}");
        }
    }

    #[test]
    fn region_codes() {
        let valid = ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65"];
        for p in valid {
            let n = complete(&format!("{p}010519491231002"));
            assert!(check(&n).is_ok(), "{n}");
        }
        for p in
            ["00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72", "80", "84", "99"]
        {
            let n = complete(&format!("{p}010519491231002"));
            assert_eq!(check(&n), Err(vec![IdError::UnknownProvince { province: p.into() }]), "{n}");
        }
        for p in ["71", "81", "82"] {
            let n = complete(&format!("{p}010519491231002"));
            assert_eq!(check(&n), Err(vec![IdError::ProvinceNotOnResidentId { province: p.into() }]), "{n}");
        }
        let n = complete("81000019900101001");
        assert_eq!(check(&n), Err(vec![IdError::ResidencePermitNumber { address_code: "810000".into() }]));
    }

    #[test]
    fn birth_dates() {
        let leap = complete("11010520000229002");
        assert_eq!(check(&leap).map(|h| h.birth_date), Ok(day(2000, 2, 29)));
        let not_leap = complete("11010519000229002"); // 1900 is not a leap year
        assert_eq!(check(&not_leap), Err(vec![IdError::InvalidBirthDate { text: "19000229".into() }]));
        let feb30 = complete("11010519900230002");
        assert_eq!(check(&feb30), Err(vec![IdError::InvalidBirthDate { text: "19900230".into() }]));
        let month13 = complete("11010519901301002");
        assert_eq!(check(&month13), Err(vec![IdError::InvalidBirthDate { text: "19901301".into() }]));
        let early = complete("11010518991231002");
        assert_eq!(check(&early), Err(vec![IdError::BirthDateTooEarly { date: day(1899, 12, 31) }]));
        let today_born = complete("11010520250601002");
        assert!(check(&today_born).is_ok());
        let tomorrow = complete("11010520250602002");
        assert_eq!(check(&tomorrow), Err(vec![IdError::BirthDateInFuture { date: day(2025, 6, 2) }]));
    }

    #[test]
    fn several_problems_are_all_reported() {
        // Bad province, impossible date, and a check character that does not match.
        let errs = check("990105199013010021").err().unwrap_or_default(); // the right check character is X
        assert!(errs.contains(&IdError::UnknownProvince { province: "99".into() }));
        assert!(errs.contains(&IdError::InvalidBirthDate { text: "19901301".into() }));
        assert!(errs.iter().any(|e| matches!(e, IdError::CheckMismatch { .. })));
    }

    #[test]
    fn residence_permit_address_rule() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        for code in ["810000", "820000", "830000"] {
            let n = complete(&format!("{code}19900101001"));
            assert!(check_gb11643(&chars(&n), AddressRule::ResidencePermit, today()).is_ok(), "{n}");
        }
        let n = complete("81000119900101001");
        assert_eq!(
            check_gb11643(&chars(&n), AddressRule::ResidencePermit, today()),
            Err(vec![IdError::ResidencePermitRegion { address_code: "810001".into() }])
        );
        let n = complete("11010519900101001");
        assert!(check_gb11643(&chars(&n), AddressRule::ResidencePermit, today()).is_err());
    }

    /// A strategy for valid resident ID numbers born 1900-01-01..=today.
    pub(crate) fn valid_resident_id() -> impl Strategy<Value = String> {
        let provinces = vec![
            11u8, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
            61, 62, 63, 64, 65,
        ];
        let earliest = day(1900, 1, 1);
        let span = (today() - earliest).num_days();
        (proptest::sample::select(provinces), 0u32..10_000, 0..=span, 0u32..1000).prop_map(
            move |(p, county, offset, seq)| {
                let birth = earliest + chrono::Duration::days(offset);
                complete(&format!("{p:02}{county:04}{}{seq:03}", birth.format("%Y%m%d")))
            },
        )
    }

    proptest! {
        #[test]
        fn generated_valid_numbers_pass(n in valid_resident_id()) {
            prop_assert!(check(&n).is_ok(), "{}", n);
        }

        #[test]
        fn any_single_digit_substitution_fails(n in valid_resident_id(), pos in 0usize..18, d in 0u8..11) {
            let mut chars: Vec<char> = n.chars().collect();
            let new = if d == 10 { 'X' } else { char::from(b'0' + d) };
            prop_assume!(chars.get(pos) != Some(&new));
            if let Some(c) = chars.get_mut(pos) { *c = new; }
            let mutated: String = chars.iter().collect();
            prop_assert!(check(&mutated).is_err(), "{} → {}", n, mutated);
        }

        #[test]
        fn check_character_detects_every_digit_change(first in "[0-9]{17}", pos in 0usize..17, d in 0u8..10) {
            let mut bytes = first.clone().into_bytes();
            prop_assume!(bytes.get(pos) != Some(&(b'0' + d)));
            if let Some(b) = bytes.get_mut(pos) { *b = b'0' + d; }
            let changed = String::from_utf8(bytes).unwrap_or_default();
            prop_assert_ne!(check_character(&first), check_character(&changed));
        }

        #[test]
        fn never_panics_on_any_string(s in ".{0,40}") {
            let chars: Vec<char> = s.chars().collect();
            let _ = check_gb11643(&chars, AddressRule::ResidentId, today());
            let _ = check_gb11643(&chars, AddressRule::ResidencePermit, today());
            let _ = check_character(&s);
        }

        #[test]
        fn never_panics_on_18_chars_of_any_kind(s in "[0-9X身\u{0}-\u{7f}]{18}") {
            let chars: Vec<char> = s.chars().collect();
            let _ = check_gb11643(&chars, AddressRule::ResidentId, today());
        }
    }
}
