//! The validity period printed on a document: start date, and an end date or 长期 (long-term).
//!
//! Rules (sources carried over at design time from `/work/shared/domain-facts.md`):
//! - 居民身份证, Resident Identity Card Law of the PRC, Art. 5 (confirmed): the term follows the
//!   holder's age when the card is issued — under 16: 5 years; 16–25: 10 years; 26–45: 20 years;
//!   46 and over: long-term. The card prints `YYYY.MM.DD-YYYY.MM.DD` or `YYYY.MM.DD-长期`.
//! - 港澳台居民居住证: 5 years (inferred, not confirmed by a source).
//! - 港澳居民来往内地通行证: 10 years at 18 and over (confirmed, 2010 notice); 5 years under 18
//!   (inferred).
//! - 五年期台湾居民来往大陆通行证: 5 years (the document's name).
//! - 外国人永久居留身份证: 10 years at 18 and over, 5 years under 18 (confirmed).
//!
//! Decisions where the law is silent:
//! - The age is taken on the start (issue) date printed on the card; a birthday on that very day
//!   counts (someone who turns 16 on the issue date gets the 16–25 term).
//! - Someone born on 29 February becomes a year older on 1 March in a non-leap year (their
//!   birthday has not yet come on 28 February).
//! - The suggested end date is the start date plus N years, same month and day, as cards print it.
//!   A start on 29 February ends on 28 February when the end year is not a leap year. Because
//!   offices may have printed 1 March instead, either is accepted without a warning.
//! - A term that differs from the rule is a warning, never a block: the application date can
//!   fall before a birthday that the issue date is after, and the applicant's card is the truth.
//! - An end date on or before the start is an error; a card whose end date is before today is
//!   expired (error); on the end date itself the card is still valid.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::documents::DocumentKind;
use crate::lang::Text;

/// The end of a validity period: a date, or 长期.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "date", rename_all = "snake_case")]
pub enum ValidityEnd {
    Date(NaiveDate),
    LongTerm,
}

/// How long a document is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "years", rename_all = "snake_case")]
pub enum Term {
    Years(u32),
    LongTerm,
}

/// Which rule gave the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RuleBasis {
    /// Resident ID, under 16 on the start date: 5 years.
    ResidentIdUnder16,
    /// Resident ID, 16–25: 10 years.
    ResidentId16To25,
    /// Resident ID, 26–45: 20 years.
    ResidentId26To45,
    /// Resident ID, 46 and over: long-term.
    ResidentId46AndOver,
    /// Residence permit: 5 years (inferred).
    ResidencePermit,
    /// Hong Kong/Macau travel permit, 18 and over: 10 years.
    HkMacauPermitAdult,
    /// Hong Kong/Macau travel permit, under 18: 5 years (inferred).
    HkMacauPermitMinor,
    /// Five-year Taiwan travel permit: 5 years.
    TaiwanPermit,
    /// Foreign permanent resident ID card, 18 and over: 10 years.
    ForeignPermanentResidentAdult,
    /// Foreign permanent resident ID card, under 18: 5 years.
    ForeignPermanentResidentMinor,
}

impl RuleBasis {
    pub fn term(self) -> Term {
        match self {
            RuleBasis::ResidentIdUnder16
            | RuleBasis::ResidencePermit
            | RuleBasis::HkMacauPermitMinor
            | RuleBasis::TaiwanPermit
            | RuleBasis::ForeignPermanentResidentMinor => Term::Years(5),
            RuleBasis::ResidentId16To25 | RuleBasis::HkMacauPermitAdult | RuleBasis::ForeignPermanentResidentAdult => {
                Term::Years(10)
            }
            RuleBasis::ResidentId26To45 => Term::Years(20),
            RuleBasis::ResidentId46AndOver => Term::LongTerm,
        }
    }

    /// False when the rule is our inference, not confirmed by a source: the UI says so.
    pub fn confirmed(self) -> bool {
        !matches!(self, RuleBasis::ResidencePermit | RuleBasis::HkMacauPermitMinor)
    }
}

/// The rule for `kind` given the holder's age on the start date (`None` when unknown).
/// `None` when the rule depends on an age that is not known.
pub fn rule_for(kind: DocumentKind, age_at_start: Option<u32>) -> Option<RuleBasis> {
    match kind {
        DocumentKind::ResidentId => age_at_start.map(|age| match age {
            0..=15 => RuleBasis::ResidentIdUnder16,
            16..=25 => RuleBasis::ResidentId16To25,
            26..=45 => RuleBasis::ResidentId26To45,
            _ => RuleBasis::ResidentId46AndOver,
        }),
        DocumentKind::ResidencePermit => Some(RuleBasis::ResidencePermit),
        DocumentKind::TaiwanPermit => Some(RuleBasis::TaiwanPermit),
        DocumentKind::HkMacauPermit => {
            age_at_start
                .map(|age| if age >= 18 { RuleBasis::HkMacauPermitAdult } else { RuleBasis::HkMacauPermitMinor })
        }
        DocumentKind::ForeignPermanentResident => age_at_start.map(|age| {
            if age >= 18 {
                RuleBasis::ForeignPermanentResidentAdult
            } else {
                RuleBasis::ForeignPermanentResidentMinor
            }
        }),
    }
}

/// Completed years of age on `on` for someone born on `birth`; `None` if `on` is before birth.
/// A 29 February birthday falls on 1 March in non-leap years.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < birth {
        return None;
    }
    let years = on.year() - birth.year();
    let before_birthday = (on.month(), on.day()) < (birth.month(), birth.day());
    u32::try_from(years - i32::from(before_birthday)).ok()
}

/// `start` plus `years` years, same month and day; 29 February becomes 28 February in a
/// non-leap year.
pub fn add_years(start: NaiveDate, years: u32) -> Option<NaiveDate> {
    start.checked_add_months(Months::new(years.checked_mul(12)?))
}

/// The whole number of years (1..=50) from `start` to `end`, when `end` is an accepted end for it.
pub fn whole_years(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    (1..=50).find(|&n| accepted_ends(start, n).contains(&end))
}

/// End dates accepted without a warning for `start` + `years`.
fn accepted_ends(start: NaiveDate, years: u32) -> Vec<NaiveDate> {
    let mut ends: Vec<NaiveDate> = add_years(start, years).into_iter().collect();
    if (start.month(), start.day()) == (2, 29) {
        let end_year = i32::try_from(years).ok().and_then(|y| start.year().checked_add(y));
        if let Some(d) = end_year.and_then(|y| NaiveDate::from_ymd_opt(y, 3, 1)) {
            if NaiveDate::from_ymd_opt(d.year(), 2, 29).is_none() {
                ends.push(d);
            }
        }
    }
    ends
}

/// How serious a finding is. Errors mean the entry cannot be right (or the card cannot be used);
/// warnings ask the applicant to compare with the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing about a validity period worth telling the applicant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ValidityIssue {
    #[error("birth date {birth} is in the future")]
    BirthInFuture { birth: NaiveDate },
    #[error("start date {start} is in the future")]
    StartInFuture { start: NaiveDate },
    #[error("start date {start} is before the birth date {birth}")]
    StartBeforeBirth { birth: NaiveDate, start: NaiveDate },
    #[error("end date {end} is not after the start date {start}")]
    EndNotAfterStart { start: NaiveDate, end: NaiveDate },
    #[error("expired on {end}")]
    Expired { end: NaiveDate },
    /// 长期 chosen, but the rule gives a fixed term.
    #[error("long-term chosen, rule gives {years} years")]
    LongTermUnexpected { years: u32, age: Option<u32> },
    /// An end date given, but the rule gives a long-term card (46 and over).
    #[error("end date given, rule gives long-term at age {age}")]
    EndDateButLongTerm { age: u32, end: NaiveDate },
    /// The end date is not start + N years.
    #[error("end date {found} differs from the expected {expected}")]
    EndMismatch { years: u32, expected: NaiveDate, found: NaiveDate },
}

impl ValidityIssue {
    pub fn severity(&self) -> Severity {
        match self {
            ValidityIssue::BirthInFuture { .. }
            | ValidityIssue::StartInFuture { .. }
            | ValidityIssue::StartBeforeBirth { .. }
            | ValidityIssue::EndNotAfterStart { .. }
            | ValidityIssue::Expired { .. } => Severity::Error,
            ValidityIssue::LongTermUnexpected { .. }
            | ValidityIssue::EndDateButLongTerm { .. }
            | ValidityIssue::EndMismatch { .. } => Severity::Warning,
        }
    }
}

/// A finding with its severity and its message in every language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ValidityFinding {
    pub severity: Severity,
    pub issue: ValidityIssue,
    pub message: Text,
}

impl From<ValidityIssue> for ValidityFinding {
    fn from(issue: ValidityIssue) -> Self {
        ValidityFinding { severity: issue.severity(), message: issue.text(), issue }
    }
}

/// The rule that applies, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AppliedRule {
    pub basis: RuleBasis,
    pub term: Term,
    /// Age on the start date, when the birth date is known.
    pub age_at_start: Option<u32>,
    /// False when the rule is our inference (the UI says so).
    pub confirmed: bool,
    /// One sentence explaining the rule, in every language.
    pub explanation: Text,
}

/// Everything the app can say about a validity period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ValidityReport {
    pub kind: DocumentKind,
    /// `None` when the term depends on an unknown age.
    pub rule: Option<AppliedRule>,
    /// The end the rule gives for this start date.
    pub suggested_end: Option<ValidityEnd>,
    /// Errors first, then warnings.
    pub findings: Vec<ValidityFinding>,
    /// True when some finding is an error.
    pub has_errors: bool,
    /// How the app decided where the law is silent (29 February), so the applicant can follow it.
    pub notes: Vec<Text>,
}

/// Check a resident ID card's validity period. `birth` comes from the ID number.
pub fn check_validity(birth: NaiveDate, start: NaiveDate, end: ValidityEnd, today: NaiveDate) -> ValidityReport {
    check_validity_for(DocumentKind::ResidentId, Some(birth), start, end, today)
}

/// Check the validity period of any document kind. `birth` may be unknown for documents whose
/// number does not carry it; then age-dependent rules are not applied.
pub fn check_validity_for(
    kind: DocumentKind,
    birth: Option<NaiveDate>,
    start: NaiveDate,
    end: ValidityEnd,
    today: NaiveDate,
) -> ValidityReport {
    let mut issues = Vec::new();
    if let Some(b) = birth.filter(|b| *b > today) {
        issues.push(ValidityIssue::BirthInFuture { birth: b });
    }
    if start > today {
        issues.push(ValidityIssue::StartInFuture { start });
    }
    if let Some(b) = birth.filter(|b| start < *b) {
        issues.push(ValidityIssue::StartBeforeBirth { birth: b, start });
    }
    let end_ok = match end {
        ValidityEnd::Date(e) if e <= start => {
            issues.push(ValidityIssue::EndNotAfterStart { start, end: e });
            false
        }
        _ => true,
    };
    if let ValidityEnd::Date(e) = end {
        if e < today {
            issues.push(ValidityIssue::Expired { end: e });
        }
    }

    let age = birth.and_then(|b| age_on(b, start));
    let basis = rule_for(kind, age);
    let term = basis.map(RuleBasis::term);
    let suggested_end = match term {
        Some(Term::Years(n)) => add_years(start, n).map(ValidityEnd::Date),
        Some(Term::LongTerm) => Some(ValidityEnd::LongTerm),
        None => None,
    };
    match (term, end) {
        (Some(Term::Years(years)), ValidityEnd::LongTerm) => {
            issues.push(ValidityIssue::LongTermUnexpected { years, age });
        }
        (Some(Term::LongTerm), ValidityEnd::Date(e)) => {
            if let Some(age) = age {
                issues.push(ValidityIssue::EndDateButLongTerm { age, end: e });
            }
        }
        (Some(Term::Years(years)), ValidityEnd::Date(found)) if end_ok => {
            let accepted = accepted_ends(start, years);
            if let Some(expected) = accepted.first().copied().filter(|_| !accepted.contains(&found)) {
                issues.push(ValidityIssue::EndMismatch { years, expected, found });
            }
        }
        _ => {}
    }

    let mut findings: Vec<ValidityFinding> = issues.into_iter().map(ValidityFinding::from).collect();
    findings.sort_by_key(|f| f.severity != Severity::Error);
    let has_errors = findings.iter().any(|f| f.severity == Severity::Error);
    let mut notes = Vec::new();
    if let (Some(b), Some(age)) = (birth, age) {
        if let Some(note) = leap_birthday_note(b, start, age) {
            notes.push(note);
        }
    }
    if let Some(Term::Years(years)) = term {
        if let Some(note) = leap_start_note(start, years) {
            notes.push(note);
        }
    }
    let rule = basis.map(|basis| AppliedRule {
        basis,
        term: basis.term(),
        age_at_start: age,
        confirmed: basis.confirmed(),
        explanation: basis.text(),
    });
    ValidityReport { kind, rule, suggested_end, findings, has_errors, notes }
}

fn is_leap(year: i32) -> bool {
    NaiveDate::from_ymd_opt(year, 2, 29).is_some()
}

/// Born on 29 February, card issued in a year without one: the age was counted with the
/// birthday on 1 March (see the module docs). Said so the applicant can follow the term.
fn leap_birthday_note(birth: NaiveDate, start: NaiveDate, age: u32) -> Option<Text> {
    if (birth.month(), birth.day()) != (2, 29) || is_leap(start.year()) {
        return None;
    }
    let s = start.format("%Y-%m-%d");
    let y = start.year();
    Some(Text {
        zh_cn: format!("你的生日是 2 月 29 日，{y} 年没有这一天，本应用把这一年的生日算作 3 月 1 日：所以在发证日 {s} 你是 {age} 周岁，有效期按这个年龄确定。法律没有写明这种情况，如与证件不符，以证件为准。"),
        zh_tw: format!("你的生日是 2 月 29 日，{y} 年沒有這一天，本應用把這一年的生日算作 3 月 1 日：所以在發證日 {s} 你是 {age} 足歲，有效期按這個年齡確定。法律沒有寫明這種情況，如與證件不符，以證件為準。"),
        en: format!("Your birthday is 29 February, which {y} does not have: the app counts the birthday as 1 March that year, so on the issue date {s} you were {age}, and the term follows that age. The law does not say this explicitly; if your card differs, go by the card."),
    })
}

/// A period starting on 29 February that ends in a year without one: 28 February and 1 March
/// are both accepted as the end, because offices print either.
fn leap_start_note(start: NaiveDate, years: u32) -> Option<Text> {
    if (start.month(), start.day()) != (2, 29) {
        return None;
    }
    let end_year = i32::try_from(years).ok().and_then(|n| start.year().checked_add(n))?;
    if is_leap(end_year) {
        return None;
    }
    Some(Text {
        zh_cn: format!("起始日是 2 月 29 日，而 {end_year} 年没有 2 月 29 日：证件上的结束日期一般是 {end_year} 年 2 月 28 日，也有印成 3 月 1 日的，两种都对。"),
        zh_tw: format!("起始日是 2 月 29 日，而 {end_year} 年沒有 2 月 29 日：證件上的結束日期一般是 {end_year} 年 2 月 28 日，也有印成 3 月 1 日的，兩種都對。"),
        en: format!("The period starts on 29 February and {end_year} has no 29 February: the card usually ends on 28 February {end_year}, though some print 1 March; both are right."),
    })
}

/// The period as the card prints it: `2015.03.07-2035.03.07` or `2015.03.07-长期`.
pub fn as_printed(start: NaiveDate, end: ValidityEnd) -> String {
    let end = match end {
        ValidityEnd::Date(d) => d.format("%Y.%m.%d").to_string(),
        ValidityEnd::LongTerm => "长期".to_owned(),
    };
    format!("{}-{end}", start.format("%Y.%m.%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::id_number::tests::{day, today};
    use proptest::prelude::*;

    fn codes(r: &ValidityReport) -> Vec<&ValidityIssue> {
        r.findings.iter().map(|f| &f.issue).collect()
    }

    #[test]
    fn age_bands_at_the_boundaries() {
        let birth = day(1970, 3, 7);
        let cases: &[(NaiveDate, u32, RuleBasis, Term)] = &[
            (day(1986, 3, 6), 15, RuleBasis::ResidentIdUnder16, Term::Years(5)),
            (day(1986, 3, 7), 16, RuleBasis::ResidentId16To25, Term::Years(10)), // birthday on issue day
            (day(1996, 3, 6), 25, RuleBasis::ResidentId16To25, Term::Years(10)),
            (day(1996, 3, 7), 26, RuleBasis::ResidentId26To45, Term::Years(20)),
            (day(2016, 3, 6), 45, RuleBasis::ResidentId26To45, Term::Years(20)),
            (day(2016, 3, 7), 46, RuleBasis::ResidentId46AndOver, Term::LongTerm),
        ];
        for (start, age, basis, term) in cases {
            let r = check_validity(birth, *start, ValidityEnd::LongTerm, today());
            let rule = r.rule.clone();
            assert_eq!(rule.as_ref().map(|r| r.basis), Some(*basis), "start {start}");
            assert_eq!(rule.as_ref().and_then(|r| r.age_at_start), Some(*age), "start {start}");
            assert_eq!(rule.map(|r| r.term), Some(*term));
            let want_end = match term {
                Term::Years(n) => add_years(*start, *n).map(ValidityEnd::Date),
                Term::LongTerm => Some(ValidityEnd::LongTerm),
            };
            assert_eq!(r.suggested_end, want_end);
        }
    }

    #[test]
    fn the_29_february_decisions_are_explained() {
        // Born 1980-02-29, card issued 2006-02-28: still 25 (birthday counted as 1 March).
        let r = check_validity(day(1980, 2, 29), day(2006, 2, 28), ValidityEnd::Date(day(2016, 2, 28)), today());
        assert_eq!(r.rule.as_ref().and_then(|r| r.age_at_start), Some(25));
        assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
        assert!(r.notes[0].zh_cn.contains("3 月 1 日") && r.notes[0].zh_cn.contains("25 周岁"), "{}", r.notes[0].zh_cn);
        assert!(r.notes[0].en.contains("you were 25"));
        // A leap issue year needs no explanation.
        let r = check_validity(day(1980, 2, 29), day(2008, 2, 28), ValidityEnd::Date(day(2028, 2, 28)), today());
        assert!(r.notes.is_empty());
        // A start on 29 February ending in a non-leap year: both ends are right, and it is said.
        let r = check_validity(day(1995, 6, 1), day(2016, 2, 29), ValidityEnd::Date(day(2026, 3, 1)), today());
        assert!(r.findings.iter().all(|f| !matches!(f.issue, ValidityIssue::EndMismatch { .. })));
        assert_eq!(r.notes.len(), 1);
        assert!(r.notes[0].zh_cn.contains("2026 年 2 月 28 日"), "{}", r.notes[0].zh_cn);
        assert!(r.notes.iter().all(|n| !n.has_blank()));
        // An ordinary birthday and start say nothing extra.
        assert!(check_validity(day(1980, 3, 7), day(2006, 3, 7), ValidityEnd::Date(day(2016, 3, 7)), today())
            .notes
            .is_empty());
    }

    #[test]
    fn twenty_ninth_of_february_births() {
        let birth = day(1980, 2, 29);
        assert_eq!(age_on(birth, day(2006, 2, 28)), Some(25));
        assert_eq!(age_on(birth, day(2006, 3, 1)), Some(26));
        assert_eq!(age_on(birth, day(2004, 2, 29)), Some(24));
        assert_eq!(age_on(birth, day(2004, 2, 28)), Some(23));
        assert_eq!(age_on(birth, day(1980, 2, 29)), Some(0));
        assert_eq!(age_on(birth, day(1980, 2, 28)), None);
        let r = check_validity(birth, day(2006, 3, 1), ValidityEnd::Date(day(2026, 3, 1)), today());
        assert_eq!(r.rule.map(|r| r.basis), Some(RuleBasis::ResidentId26To45));
    }

    #[test]
    fn twenty_ninth_of_february_starts() {
        let birth = day(1990, 1, 1);
        let start = day(2016, 2, 29); // age 26 → 20 years → 2036 is a leap year
        assert_eq!(add_years(start, 20), Some(day(2036, 2, 29)));
        let r = check_validity(birth, start, ValidityEnd::Date(day(2036, 2, 29)), today());
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        let r = check_validity(birth, start, ValidityEnd::Date(day(2036, 3, 1)), today());
        assert_eq!(
            codes(&r),
            vec![&ValidityIssue::EndMismatch { years: 20, expected: day(2036, 2, 29), found: day(2036, 3, 1) }]
        );

        let birth = day(1995, 1, 1);
        let start = day(2016, 2, 29); // age 21 → 10 years → 2026 is not a leap year
        let r = check_validity(birth, start, ValidityEnd::Date(day(2026, 2, 28)), today());
        assert_eq!(r.suggested_end, Some(ValidityEnd::Date(day(2026, 2, 28))));
        assert!(r.findings.is_empty());
        let r = check_validity(birth, start, ValidityEnd::Date(day(2026, 3, 1)), day(2026, 1, 1));
        assert!(r.findings.is_empty(), "1 March accepted too: {:?}", r.findings);
        let r = check_validity(birth, start, ValidityEnd::Date(day(2026, 2, 27)), day(2026, 1, 1));
        assert_eq!(r.findings.first().map(|f| f.severity), Some(Severity::Warning));
    }

    #[test]
    fn long_term_chosen_too_young_warns() {
        let r = check_validity(day(1980, 5, 1), day(2025, 4, 30), ValidityEnd::LongTerm, today()); // 44
        assert_eq!(codes(&r), vec![&ValidityIssue::LongTermUnexpected { years: 20, age: Some(44) }]);
        assert!(!r.has_errors);
        assert_eq!(r.findings.first().map(|f| f.severity), Some(Severity::Warning));
        let r = check_validity(day(1979, 4, 30), day(2025, 4, 30), ValidityEnd::LongTerm, today()); // 46
        assert!(r.findings.is_empty());
    }

    #[test]
    fn long_term_card_given_an_end_date_warns() {
        let end = day(2045, 4, 30);
        let r = check_validity(day(1979, 4, 30), day(2025, 4, 30), ValidityEnd::Date(end), today());
        assert_eq!(codes(&r), vec![&ValidityIssue::EndDateButLongTerm { age: 46, end }]);
        assert!(!r.has_errors);
    }

    #[test]
    fn end_date_mismatch_is_a_warning_match_is_silent() {
        let birth = day(1990, 3, 7);
        let start = day(2020, 3, 10); // age 30 → 20 years
        let r = check_validity(birth, start, ValidityEnd::Date(day(2040, 3, 10)), today());
        assert!(r.findings.is_empty());
        let r = check_validity(birth, start, ValidityEnd::Date(day(2030, 3, 10)), today());
        assert_eq!(
            codes(&r),
            vec![&ValidityIssue::EndMismatch { years: 20, expected: day(2040, 3, 10), found: day(2030, 3, 10) }]
        );
        assert!(!r.has_errors);
    }

    #[test]
    fn errors() {
        let birth = day(1990, 3, 7);
        let r = check_validity(birth, day(2010, 1, 1), ValidityEnd::Date(day(2020, 1, 1)), today());
        assert_eq!(codes(&r), vec![&ValidityIssue::Expired { end: day(2020, 1, 1) }]);
        assert!(r.has_errors);
        // Valid through its last day.
        let r = check_validity(birth, day(2015, 6, 1), ValidityEnd::Date(day(2025, 6, 1)), today());
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        let r = check_validity(birth, day(2025, 6, 2), ValidityEnd::Date(day(2045, 6, 2)), today());
        assert_eq!(codes(&r), vec![&ValidityIssue::StartInFuture { start: day(2025, 6, 2) }]);
        let r = check_validity(birth, day(2020, 1, 1), ValidityEnd::Date(day(2019, 1, 1)), today());
        assert!(codes(&r).contains(&&ValidityIssue::EndNotAfterStart { start: day(2020, 1, 1), end: day(2019, 1, 1) }));
        assert!(!codes(&r).iter().any(|i| matches!(i, ValidityIssue::EndMismatch { .. })));
        let r = check_validity(birth, day(2020, 1, 1), ValidityEnd::Date(day(2020, 1, 1)), today());
        assert!(r.has_errors);
        let r = check_validity(birth, day(1990, 3, 6), ValidityEnd::Date(day(2030, 1, 1)), today());
        assert_eq!(codes(&r), vec![&ValidityIssue::StartBeforeBirth { birth, start: day(1990, 3, 6) }]);
        assert_eq!(r.rule, None);
        let r = check_validity(day(2026, 1, 1), day(2026, 1, 2), ValidityEnd::LongTerm, today());
        assert!(codes(&r).contains(&&ValidityIssue::BirthInFuture { birth: day(2026, 1, 1) }));
    }

    #[test]
    fn errors_come_before_warnings() {
        // Expired (error) and wrong term (warning).
        let r = check_validity(day(1990, 3, 7), day(2010, 1, 1), ValidityEnd::Date(day(2015, 1, 1)), today());
        let sev: Vec<Severity> = r.findings.iter().map(|f| f.severity).collect();
        assert_eq!(sev, vec![Severity::Error, Severity::Warning]);
    }

    #[test]
    fn other_documents() {
        let start = day(2022, 5, 1);
        let r =
            check_validity_for(DocumentKind::TaiwanPermit, None, start, ValidityEnd::Date(day(2027, 5, 1)), today());
        assert_eq!(r.rule.as_ref().map(|r| r.basis), Some(RuleBasis::TaiwanPermit));
        assert!(r.findings.is_empty());
        let r =
            check_validity_for(DocumentKind::HkMacauPermit, None, start, ValidityEnd::Date(day(2027, 5, 1)), today());
        assert_eq!(r.rule, None);
        assert_eq!(r.suggested_end, None);
        assert!(r.findings.is_empty());
        let r = check_validity_for(
            DocumentKind::HkMacauPermit,
            Some(day(2000, 1, 1)),
            start,
            ValidityEnd::Date(day(2027, 5, 1)),
            today(),
        );
        assert_eq!(r.rule.as_ref().map(|r| r.basis), Some(RuleBasis::HkMacauPermitAdult));
        assert_eq!(r.suggested_end, Some(ValidityEnd::Date(day(2032, 5, 1))));
        assert_eq!(r.findings.first().map(|f| f.severity), Some(Severity::Warning));
        let r = check_validity_for(
            DocumentKind::ForeignPermanentResident,
            Some(day(2010, 1, 1)),
            start,
            ValidityEnd::LongTerm,
            today(),
        );
        assert_eq!(codes(&r), vec![&ValidityIssue::LongTermUnexpected { years: 5, age: Some(12) }]);
        let r = check_validity_for(DocumentKind::ResidencePermit, None, start, ValidityEnd::LongTerm, today());
        assert_eq!(r.rule.as_ref().map(|r| r.confirmed), Some(false));
        assert_eq!(codes(&r), vec![&ValidityIssue::LongTermUnexpected { years: 5, age: None }]);
    }

    #[test]
    fn whole_years_between_dates() {
        assert_eq!(whole_years(day(2015, 3, 7), day(2035, 3, 7)), Some(20));
        assert_eq!(whole_years(day(2016, 2, 29), day(2026, 3, 1)), Some(10));
        assert_eq!(whole_years(day(2016, 2, 29), day(2026, 2, 28)), Some(10));
        assert_eq!(whole_years(day(2015, 3, 7), day(2035, 3, 8)), None);
        assert_eq!(whole_years(day(2015, 3, 7), day(2015, 3, 7)), None);
    }

    #[test]
    fn printed_form() {
        assert_eq!(as_printed(day(2015, 3, 7), ValidityEnd::Date(day(2035, 3, 7))), "2015.03.07-2035.03.07");
        assert_eq!(as_printed(day(2015, 3, 7), ValidityEnd::LongTerm), "2015.03.07-长期");
    }

    #[test]
    fn serde_shapes() {
        let json = serde_json::to_value(ValidityEnd::Date(day(2035, 3, 7))).unwrap_or_default();
        assert_eq!(json, serde_json::json!({"kind": "date", "date": "2035-03-07"}));
        let json = serde_json::to_value(ValidityEnd::LongTerm).unwrap_or_default();
        assert_eq!(json, serde_json::json!({"kind": "long_term"}));
        let back: Result<ValidityEnd, _> = serde_json::from_str(r#"{"kind":"long_term"}"#);
        assert_eq!(back.ok(), Some(ValidityEnd::LongTerm));
    }

    proptest! {
        #[test]
        fn suggested_end_never_warns(b in 0i64..40_000, gap in 0i64..30_000) {
            let birth = day(1900, 1, 1) + chrono::Duration::days(b);
            let start = birth + chrono::Duration::days(gap);
            let r = check_validity(birth, start, ValidityEnd::LongTerm, start);
            let suggested = r.suggested_end;
            prop_assert!(suggested.is_some());
            if let Some(end) = suggested {
                let r2 = check_validity(birth, start, end, start);
                prop_assert!(r2.findings.is_empty(), "{:?}", r2.findings);
            }
        }

        #[test]
        fn age_is_monotonic(b in 0i64..40_000, gap in 0i64..40_000) {
            let birth = day(1900, 1, 1) + chrono::Duration::days(b);
            let on = birth + chrono::Duration::days(gap);
            let next = on + chrono::Duration::days(1);
            let (a, a2) = (age_on(birth, on), age_on(birth, next));
            prop_assert!(a.is_some() && a2.is_some());
            prop_assert!(a2 >= a && a2.unwrap_or(0) - a.unwrap_or(0) <= 1);
        }
    }
}
