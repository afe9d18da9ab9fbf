//! `add_working_days` and `working_days_between`: conventions, holidays, year boundaries, guards.

use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;

use super::super::{
    add_working_days, is_working_day, working_days_between, WorkdaysError, FIRST_SUPPORTED, LAST_SUPPORTED,
};
use super::d;

fn add(start: NaiveDate, n: u32) -> (NaiveDate, Vec<i32>) {
    let c = add_working_days(start, n).expect("in range");
    (c.value, c.years_without_data)
}

fn between(a: NaiveDate, b: NaiveDate) -> (i64, Vec<i32>) {
    let c = working_days_between(a, b).expect("in range");
    (c.value, c.years_without_data)
}

/// Day-by-day reference count of working days in (a, b], for a <= b.
fn walk(a: NaiveDate, b: NaiveDate) -> i64 {
    a.iter_days().skip(1).take_while(|x| *x <= b).filter(|x| is_working_day(*x)).count() as i64
}

#[test]
fn from_friday_two_working_days_is_tuesday() {
    let friday = d(2025, 3, 7);
    assert_eq!(friday.weekday(), Weekday::Fri);
    assert_eq!(add(friday, 1), (d(2025, 3, 10), vec![]));
    assert_eq!(add(friday, 2), (d(2025, 3, 11), vec![]));
    assert_eq!(between(friday, d(2025, 3, 11)).0, 2);
}

#[test]
fn counting_skips_the_national_day_week_and_counts_its_make_up_saturday() {
    let eve = d(2026, 9, 30);
    assert_eq!(add(eve, 1).0, d(2026, 10, 8));
    assert_eq!(add(eve, 2).0, d(2026, 10, 9));
    assert_eq!(add(eve, 3).0, d(2026, 10, 10), "Saturday 10/10 is a make-up working day");
    assert_eq!(add(eve, 4).0, d(2026, 10, 12));
    // A Friday submission before the 2026 Spring Festival: Saturday 2/14 is worked, then 2/15–2/23 off.
    assert_eq!(add(d(2026, 2, 13), 1).0, d(2026, 2, 14));
    assert_eq!(add(d(2026, 2, 13), 2).0, d(2026, 2, 24));
}

#[test]
fn counting_crosses_a_year_boundary() {
    // 2026-01-01..03 off, Sunday 01-04 worked.
    assert_eq!(add(d(2025, 12, 31), 1), (d(2026, 1, 4), vec![]));
    assert_eq!(add(d(2025, 12, 31), 2), (d(2026, 1, 5), vec![]));
    // From the 2019 file: 2018-12-29 (Sat) worked, 12-30 .. 2019-01-01 off. 2018 is not a covered year.
    assert_eq!(between(d(2018, 12, 28), d(2019, 1, 2)), (2, vec![2018]));
    // The start day is not examined, so its year is not reported: 2019-01-01 is off, 01-02 worked.
    assert_eq!(add(d(2018, 12, 31), 1), (d(2019, 1, 2), vec![]));
    assert_eq!(between(d(2018, 12, 31), d(2019, 1, 2)), (1, vec![]));
    // Into a year without data: 2027-01-01 counts as an ordinary Friday, and that is reported.
    assert_eq!(add(d(2026, 12, 31), 1), (d(2027, 1, 1), vec![2027]));
    assert_eq!(add(d(2026, 12, 30), 1), (d(2026, 12, 31), vec![]));
}

#[test]
fn a_year_without_data_is_counted_by_weekends_and_reported() {
    // 2030-09-27 is a Friday; 10/1 (Tuesday) counts because 2030 has no notice.
    assert_eq!(add(d(2030, 9, 27), 3), (d(2030, 10, 2), vec![2030]));
    // 2030 has 261 weekdays; 2026, with its notice, has 248 working days.
    assert_eq!(between(d(2029, 12, 31), d(2030, 12, 31)), (261, vec![2030]));
    assert_eq!(between(d(2025, 12, 31), d(2026, 12, 31)), (248, vec![]));
    assert_eq!(between(d(2026, 6, 1), d(2031, 1, 1)).1, vec![2027, 2028, 2029, 2030, 2031]);
}

#[test]
fn zero_working_days_is_the_first_working_day_from_start() {
    assert_eq!(add(d(2026, 3, 9), 0), (d(2026, 3, 9), vec![]), "a workday is its own answer");
    assert_eq!(add(d(2026, 10, 10), 0).0, d(2026, 10, 10), "so is a make-up Saturday");
    assert_eq!(add(d(2026, 10, 1), 0).0, d(2026, 10, 8), "a holiday moves to the next working day");
    assert_eq!(add(d(2026, 3, 7), 0).0, d(2026, 3, 9), "a Saturday moves to Monday");
    assert_eq!(add(d(2030, 3, 9), 0), (d(2030, 3, 11), vec![2030]));
}

#[test]
fn between_is_zero_on_the_same_day_and_antisymmetric() {
    for day in [d(2026, 2, 16), d(2026, 3, 9), d(2030, 1, 1)] {
        assert_eq!(between(day, day), (0, vec![]));
    }
    let pairs = [(d(2026, 9, 30), d(2026, 10, 8)), (d(2024, 1, 1), d(2026, 5, 1)), (d(2026, 12, 1), d(2027, 2, 1))];
    for (a, b) in pairs {
        let (forward, years) = between(a, b);
        assert!(forward > 0);
        assert_eq!(between(b, a), (-forward, years), "{a} {b}");
    }
    // The whole 2026 National Day week holds one working day after 9/30: 10/8.
    assert_eq!(between(d(2026, 9, 30), d(2026, 10, 8)).0, 1);
    assert_eq!(between(d(2026, 9, 30), d(2026, 10, 7)).0, 0);
}

#[test]
fn supported_range_ends_are_as_documented() {
    assert_eq!(FIRST_SUPPORTED.weekday(), Weekday::Mon, "the weekday arithmetic needs a Monday");
    assert_eq!(between(FIRST_SUPPORTED, LAST_SUPPORTED).0, walk(FIRST_SUPPORTED, LAST_SUPPORTED));
    assert_eq!(add(LAST_SUPPORTED, 0).0, LAST_SUPPORTED, "2199-12-31 is a Tuesday");
}

#[test]
fn absurd_inputs_are_errors_not_panics() {
    let start = d(2026, 3, 9);
    assert_eq!(add_working_days(start, 10_000_000), Err(WorkdaysError::TooFar { start, n: 10_000_000 }));
    assert_eq!(add_working_days(start, u32::MAX), Err(WorkdaysError::TooFar { start, n: u32::MAX }));
    assert_eq!(add_working_days(NaiveDate::MAX, 1), Err(WorkdaysError::DateOutOfRange { date: NaiveDate::MAX }));
    assert_eq!(add_working_days(NaiveDate::MIN, 0), Err(WorkdaysError::DateOutOfRange { date: NaiveDate::MIN }));
    assert_eq!(
        working_days_between(start, NaiveDate::MAX),
        Err(WorkdaysError::DateOutOfRange { date: NaiveDate::MAX })
    );
    assert_eq!(
        working_days_between(NaiveDate::MIN, start),
        Err(WorkdaysError::DateOutOfRange { date: NaiveDate::MIN })
    );
    let before = d(1899, 12, 31);
    assert_eq!(working_days_between(before, start), Err(WorkdaysError::DateOutOfRange { date: before }));
    assert_eq!(add_working_days(LAST_SUPPORTED, 1), Err(WorkdaysError::TooFar { start: LAST_SUPPORTED, n: 1 }));
    // Passes the quick check (4 calendar days left) but the walk runs out: Fri + 3 would be 2200-01-01.
    let late_friday = d(2199, 12, 27);
    assert_eq!(add_working_days(late_friday, 2).map(|c| c.value), Ok(d(2199, 12, 31)));
    assert_eq!(add_working_days(late_friday, 3), Err(WorkdaysError::TooFar { start: late_friday, n: 3 }));
    let message = WorkdaysError::DateOutOfRange { date: before }.to_string();
    assert!(message.contains("1900-01-01") && message.contains("2199-12-31"), "{message}");
}

fn date_in(from: NaiveDate, span_days: i64) -> impl Strategy<Value = NaiveDate> {
    (0..span_days).prop_map(move |k| from + chrono::Duration::days(k))
}

proptest! {
    /// The arithmetic count agrees with a day-by-day walk, across covered and uncovered years.
    #[test]
    fn between_matches_a_day_by_day_walk(a in date_in(d(2017, 1, 1), 365 * 15), b in date_in(d(2017, 1, 1), 365 * 15)) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let expected = if a <= b { walk(lo, hi) } else { -walk(lo, hi) };
        prop_assert_eq!(between(a, b).0, expected);
    }

    /// Counting n working days forward and measuring back gives n, and the answer is a working day.
    #[test]
    fn add_then_between_gives_n(start in date_in(d(2018, 6, 1), 365 * 10), n in 1u32..400) {
        let (end, years) = add(start, n);
        prop_assert!(is_working_day(end));
        prop_assert_eq!(between(start, end), (i64::from(n), years));
    }
}
