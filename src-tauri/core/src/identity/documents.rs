//! The identity documents the portals accept, and the format of each one's number.
//!
//! Sources (carried over at design time from `/work/shared/domain-facts.md` and seed 002, the
//! 中国教师资格网 FAQ, which lists the documents Hong Kong, Macau and Taiwan applicants may
//! register with):
//! - 居民身份证: GB 11643-1999, see [`super::id_number`].
//! - 港澳台居民居住证: 18 characters under the same standard, address code 810000 (Hong Kong),
//!   820000 (Macau) or 830000 (Taiwan), same MOD 11-2 check character.
//! - 港澳居民来往内地通行证: H (Hong Kong) or M (Macau), an 8-digit lifetime number, and on the card a
//!   2-digit renewal count. Forms differ on whether to type the count, so both `H/M + 8 digits`
//!   and `H/M + 10 digits` are accepted.
//! - 五年期台湾居民来往大陆通行证: an 8-digit lifetime number (since 2008-09-25); a 2-digit renewal
//!   count may follow, so 8 or 10 digits are accepted.
//! - 外国人永久居留身份证: the 2017 card has 15 characters (3 letters + 12 digits); the card issued
//!   from 2023-12-01 has 18 characters starting with 9 and the MOD 11-2 check character. Both are
//!   accepted. The 2023 number's inner fields are not confirmed by our sources, so no birth date or
//!   sex is read from it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::errors::{to_u32, Expected, IdError};
use super::id_number::{self, AddressRule, Holder};
use super::normalize::MAX_INPUT_CHARS;
use crate::lang::Text;

/// A kind of identity document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 居民身份证 (PRC resident ID card).
    ResidentId,
    /// 港澳台居民居住证 (residence permit for Hong Kong, Macau and Taiwan residents).
    ResidencePermit,
    /// 港澳居民来往内地通行证 (mainland travel permit for Hong Kong and Macau residents).
    HkMacauPermit,
    /// 五年期台湾居民来往大陆通行证 (five-year mainland travel permit for Taiwan residents).
    TaiwanPermit,
    /// 外国人永久居留身份证 (foreign permanent resident ID card).
    ForeignPermanentResident,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 5] = [
        DocumentKind::ResidentId,
        DocumentKind::ResidencePermit,
        DocumentKind::HkMacauPermit,
        DocumentKind::TaiwanPermit,
        DocumentKind::ForeignPermanentResident,
    ];

    /// The document's name as the applicant knows it.
    pub fn name(self) -> Text {
        let (zh_cn, zh_tw, en) = match self {
            DocumentKind::ResidentId => ("居民身份证", "居民身分證", "Resident ID card"),
            DocumentKind::ResidencePermit => {
                ("港澳台居民居住证", "港澳台居民居住證", "Residence permit for Hong Kong, Macau and Taiwan residents")
            }
            DocumentKind::HkMacauPermit => (
                "港澳居民来往内地通行证",
                "港澳居民來往內地通行證",
                "Mainland travel permit for Hong Kong and Macau residents",
            ),
            DocumentKind::TaiwanPermit => (
                "五年期台湾居民来往大陆通行证",
                "五年期台灣居民來往大陸通行證",
                "Five-year mainland travel permit for Taiwan residents",
            ),
            DocumentKind::ForeignPermanentResident => {
                ("外国人永久居留身份证", "外國人永久居留身分證", "Foreign permanent resident ID card")
            }
        };
        Text::new(zh_cn, zh_tw, en)
    }

    /// What the number looks like, for the hint under the entry field.
    pub fn format_hint(self) -> Text {
        let (zh_cn, zh_tw, en) = match self {
            DocumentKind::ResidentId => (
                "18 位：17 位数字加 1 位校验码（数字或 X）",
                "18 位：17 位數字加 1 位檢查碼（數字或 X）",
                "18 characters: 17 digits and a check character (a digit or X)",
            ),
            DocumentKind::ResidencePermit => (
                "18 位，以 810000、820000 或 830000 开头，最后一位为数字或 X",
                "18 位，以 810000、820000 或 830000 開頭，最後一位為數字或 X",
                "18 characters starting with 810000, 820000 or 830000; the last is a digit or X",
            ),
            DocumentKind::HkMacauPermit => (
                "H 或 M 加 8 位数字（证件上另有 2 位换证次数时可一并填写）",
                "H 或 M 加 8 位數字（證件上另有 2 位換證次數時可一併填寫）",
                "H or M and 8 digits (add the 2-digit renewal count if the form wants it)",
            ),
            DocumentKind::TaiwanPermit => (
                "8 位数字（证件上另有 2 位换证次数时可一并填写）",
                "8 位數字（證件上另有 2 位換證次數時可一併填寫）",
                "8 digits (add the 2-digit renewal count if the form wants it)",
            ),
            DocumentKind::ForeignPermanentResident => (
                "新版 18 位，以 9 开头；旧版 15 位：3 个字母加 12 位数字",
                "新版 18 位，以 9 開頭；舊版 15 位：3 個字母加 12 位數字",
                "New card: 18 characters starting with 9; old card: 3 letters and 12 digits",
            ),
        };
        Text::new(zh_cn, zh_tw, en)
    }
}

/// Check a normalised number (see [`super::normalize::normalize`]) for `kind`. `Ok(Some(_))`
/// when the number also yields the holder's birth date and sex, `Ok(None)` when it is valid but
/// does not carry them.
pub(crate) fn check_number(
    kind: DocumentKind,
    normalized: &str,
    today: NaiveDate,
) -> Result<Option<Holder>, Vec<IdError>> {
    let length = normalized.chars().count();
    if length == 0 {
        return Err(vec![IdError::Empty]);
    }
    if length > MAX_INPUT_CHARS {
        return Err(vec![IdError::TooLong { length: to_u32(length) }]);
    }
    let chars: Vec<char> = normalized.chars().collect();
    let spaces: Vec<IdError> = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(i, _)| IdError::InnerSpace { position: to_u32(i + 1) })
        .collect();
    if !spaces.is_empty() {
        return Err(spaces);
    }
    match kind {
        DocumentKind::ResidentId => id_number::check_gb11643(&chars, AddressRule::ResidentId, today).map(Some),
        DocumentKind::ResidencePermit => {
            id_number::check_gb11643(&chars, AddressRule::ResidencePermit, today).map(Some)
        }
        DocumentKind::HkMacauPermit => {
            pattern(&chars, &[9, 11], |i| if i == 0 { Expected::HOrM } else { Expected::Digit })
        }
        DocumentKind::TaiwanPermit => pattern(&chars, &[8, 10], |_| Expected::Digit),
        DocumentKind::ForeignPermanentResident => foreign_permanent_resident(&chars),
    }
}

/// A fixed pattern: one of `lengths`, and `class(i)` for the character at 0-based index `i`.
fn pattern(chars: &[char], lengths: &[u32], class: impl Fn(usize) -> Expected) -> Result<Option<Holder>, Vec<IdError>> {
    let length = to_u32(chars.len());
    if !lengths.contains(&length) {
        return Err(vec![IdError::WrongLength { found: length, expected: lengths.to_vec() }]);
    }
    let errors: Vec<IdError> = chars
        .iter()
        .enumerate()
        .filter_map(|(i, &c)| {
            let expected = class(i);
            (!expected.allows(c)).then(|| IdError::WrongCharacter {
                position: to_u32(i + 1),
                found: c.to_string(),
                expected,
            })
        })
        .collect();
    if errors.is_empty() {
        Ok(None)
    } else {
        Err(errors)
    }
}

fn foreign_permanent_resident(chars: &[char]) -> Result<Option<Holder>, Vec<IdError>> {
    match chars.len() {
        15 => pattern(chars, &[15], |i| if i < 3 { Expected::Letter } else { Expected::Digit }),
        18 => {
            let errors = id_number::character_errors(chars, Expected::Nine);
            if !errors.is_empty() {
                return Err(errors);
            }
            match id_number::check_mismatch(chars) {
                Some(e) => Err(vec![e]),
                None => Ok(None),
            }
        }
        n => Err(vec![IdError::WrongLength { found: to_u32(n), expected: vec![15, 18] }]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::id_number::tests::{complete, day, today};
    use crate::identity::id_number::Sex;
    use crate::identity::normalize::normalize;
    use proptest::prelude::*;

    fn check(kind: DocumentKind, raw: &str) -> Result<Option<Holder>, Vec<IdError>> {
        check_number(kind, &normalize(raw), today())
    }

    fn wrong(position: u32, found: &str, expected: Expected) -> IdError {
        IdError::WrongCharacter { position, found: found.into(), expected }
    }

    #[test]
    fn every_document_valid_examples() {
        use DocumentKind::*;
        let permit_hk = complete("81000019900101001");
        let permit_tw = complete("83000020000229002");
        let foreign_new = complete("91100019900101001");
        let cases: Vec<(DocumentKind, String)> = vec![
            (ResidentId, "11010519491231002X".into()),
            (ResidentId, "11010519491231002x".into()),
            (ResidentId, " １１０１０５１９４９１２３１００２ｘ\u{3000}".into()),
            (ResidencePermit, permit_hk),
            (ResidencePermit, permit_tw),
            (HkMacauPermit, "H12345678".into()),
            (HkMacauPermit, "M1234567801".into()),
            (HkMacauPermit, "h12345678".into()),
            (TaiwanPermit, "12345678".into()),
            (TaiwanPermit, "1234567801".into()),
            (ForeignPermanentResident, "USA110090123456".into()),
            (ForeignPermanentResident, "usa110090123456".into()),
            (ForeignPermanentResident, foreign_new),
        ];
        for (kind, raw) in cases {
            assert!(check(kind, &raw).is_ok(), "{kind:?} {raw}: {:?}", check(kind, &raw));
        }
    }

    #[test]
    fn id_numbers_yield_holder_other_documents_do_not() {
        let h = check(DocumentKind::ResidentId, "11010519491231002X");
        assert_eq!(h, Ok(Some(Holder { birth_date: day(1949, 12, 31), sex: Sex::Female })));
        let p = check(DocumentKind::ResidencePermit, &complete("82000019900101003"));
        assert_eq!(p, Ok(Some(Holder { birth_date: day(1990, 1, 1), sex: Sex::Male })));
        assert_eq!(check(DocumentKind::HkMacauPermit, "H12345678"), Ok(None));
    }

    #[test]
    fn every_document_invalid_examples() {
        use DocumentKind::*;
        let cases: Vec<(DocumentKind, &str, Vec<IdError>)> = vec![
            (ResidentId, "", vec![IdError::Empty]),
            (ResidentId, "  \u{3000} ", vec![IdError::Empty]),
            (ResidentId, "110105 19491231002X", vec![IdError::InnerSpace { position: 7 }]),
            (ResidentId, "110105\u{3000}19491231002X", vec![IdError::InnerSpace { position: 7 }]),
            (ResidentId, "110105491231002", vec![IdError::OldFifteenDigit]),
            (
                ResidentId,
                "110105194912310021",
                vec![IdError::CheckMismatch { position: 18, found: "1".into(), expected: "X".into() }],
            ),
            (
                ResidencePermit,
                "11010519491231002X",
                vec![IdError::ResidencePermitRegion { address_code: "110105".into() }],
            ),
            (
                ResidencePermit,
                "810000199001010010",
                vec![IdError::CheckMismatch { position: 18, found: "0".into(), expected: "9".into() }],
            ),
            (ResidencePermit, "810000199001010", vec![IdError::WrongLength { found: 15, expected: vec![18] }]),
            (HkMacauPermit, "12345678", vec![IdError::WrongLength { found: 8, expected: vec![9, 11] }]),
            (HkMacauPermit, "H123456789", vec![IdError::WrongLength { found: 10, expected: vec![9, 11] }]),
            (HkMacauPermit, "K12345678", vec![wrong(1, "K", Expected::HOrM)]),
            (HkMacauPermit, "H1234567O", vec![wrong(9, "O", Expected::Digit)]),
            (HkMacauPermit, "H12345678X1", vec![wrong(10, "X", Expected::Digit)]),
            (TaiwanPermit, "1234567", vec![IdError::WrongLength { found: 7, expected: vec![8, 10] }]),
            (TaiwanPermit, "123456789", vec![IdError::WrongLength { found: 9, expected: vec![8, 10] }]),
            (TaiwanPermit, "T2345678", vec![wrong(1, "T", Expected::Digit)]),
            (ForeignPermanentResident, "US1110090123456", vec![wrong(3, "1", Expected::Letter)]),
            (ForeignPermanentResident, "USA11009012345A", vec![wrong(15, "A", Expected::Digit)]),
            (ForeignPermanentResident, "11010519491231002X", vec![wrong(1, "1", Expected::Nine)]),
            (ForeignPermanentResident, "9110001990010100X1", vec![wrong(17, "X", Expected::Digit)]),
            (
                ForeignPermanentResident,
                "USA11009012345",
                vec![IdError::WrongLength { found: 14, expected: vec![15, 18] }],
            ),
        ];
        for (kind, raw, want) in cases {
            assert_eq!(check(kind, raw), Err(want), "{kind:?} {raw:?}");
        }
    }

    #[test]
    fn new_foreign_card_check_character() {
        let valid = complete("91100019900101001");
        let last = valid.chars().last().unwrap_or('0');
        let bad_last = if last == '0' { '1' } else { '0' };
        let bad = format!("{}{bad_last}", valid.get(..17).unwrap_or_default());
        assert_eq!(
            check(DocumentKind::ForeignPermanentResident, &bad),
            Err(vec![IdError::CheckMismatch { position: 18, found: bad_last.to_string(), expected: last.to_string() }])
        );
    }

    #[test]
    fn huge_input_is_refused() {
        let huge = "1".repeat(1_000_000);
        assert_eq!(check(DocumentKind::ResidentId, &huge), Err(vec![IdError::TooLong { length: 1_000_000 }]));
        let just_over = "身".repeat(MAX_INPUT_CHARS + 1);
        let errs = check(DocumentKind::TaiwanPermit, &just_over).err().unwrap_or_default();
        assert!(matches!(errs.as_slice(), [IdError::TooLong { .. }]));
    }

    proptest! {
        #[test]
        fn never_panics_on_any_string_for_any_kind(s in any::<String>(), k in 0usize..5) {
            let kind = DocumentKind::ALL.get(k).copied().unwrap_or(DocumentKind::ResidentId);
            let _ = check(kind, &s);
        }

        #[test]
        fn result_is_ok_or_has_errors(s in "[0-9A-Za-z０-９ｘＸ \u{3000}身]{0,20}", k in 0usize..5) {
            let kind = DocumentKind::ALL.get(k).copied().unwrap_or(DocumentKind::ResidentId);
            if let Err(errors) = check(kind, &s) {
                prop_assert!(!errors.is_empty());
            }
        }
    }
}
