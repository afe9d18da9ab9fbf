//! Counting working days: deadlines such as "2 个工作日内答复" and the working days between two dates.
//!
//! Both functions use the same convention, the usual one in government notices: the starting day itself
//! does not count, counting begins the next day. So a request submitted on a Friday with a
//! 2-working-day reply period is due on the following Tuesday (Monday is day 1), later if holidays
//! intervene; and `working_days_between(start, add_working_days(start, n)) == n` for every n ≥ 1.

use std::ops::Bound;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use thiserror::Error;

use super::calendar::{is_weekend, Calendar, Official};
use super::kinds::Counted;

/// The first date the counting functions accept; a Monday, which the weekday arithmetic relies on.
pub const FIRST_SUPPORTED: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("1900-01-01 is a valid date"),
};

/// The last date the counting functions accept or return. Far beyond any deadline the app computes,
/// and far from `NaiveDate::MAX`, so no date arithmetic can overflow.
pub const LAST_SUPPORTED: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(d) => d,
    None => panic!("2199-12-31 is a valid date"),
};

/// Inputs the counting functions refuse instead of panicking or looping for long.
#[derive(Debug, Clone, Error, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkdaysError {
    /// A date before [`FIRST_SUPPORTED`] or after [`LAST_SUPPORTED`].
    #[error("{date} is outside the supported dates {first}…{last}", first = FIRST_SUPPORTED, last = LAST_SUPPORTED)]
    DateOutOfRange { date: NaiveDate },
    /// The answer would lie after [`LAST_SUPPORTED`] (e.g. n = 10 million).
    #[error("{n} working days after {start} is past the last supported date {last}", last = LAST_SUPPORTED)]
    TooFar { start: NaiveDate, n: u32 },
}

fn check(date: NaiveDate) -> Result<NaiveDate, WorkdaysError> {
    if (FIRST_SUPPORTED..=LAST_SUPPORTED).contains(&date) {
        Ok(date)
    } else {
        Err(WorkdaysError::DateOutOfRange { date })
    }
}

/// The day after `date`, refusing to pass [`LAST_SUPPORTED`].
fn next(date: NaiveDate, start: NaiveDate, n: u32) -> Result<NaiveDate, WorkdaysError> {
    date.succ_opt().filter(|d| *d <= LAST_SUPPORTED).ok_or(WorkdaysError::TooFar { start, n })
}

impl Calendar {
    /// See [`super::add_working_days`].
    pub(crate) fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<Counted<NaiveDate>, WorkdaysError> {
        check(start)?;
        // At most one working day per calendar day: reject hopeless n before walking.
        if i64::from(n) > (LAST_SUPPORTED - start).num_days() {
            return Err(WorkdaysError::TooFar { start, n });
        }
        let mut day = start;
        let first_examined;
        if n == 0 {
            first_examined = start;
            while !self.is_working_day(day) {
                day = next(day, start, n)?;
            }
        } else {
            first_examined = next(start, start, n)?;
            let mut left = n;
            while left > 0 {
                day = next(day, start, n)?;
                if self.is_working_day(day) {
                    left -= 1;
                }
            }
        }
        Ok(Counted { value: day, years_without_data: self.years_without_data(first_examined.year(), day.year()) })
    }

    /// See [`super::working_days_between`].
    pub(crate) fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<Counted<i64>, WorkdaysError> {
        check(a)?;
        check(b)?;
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        if lo == hi {
            return Ok(Counted { value: 0, years_without_data: Vec::new() });
        }
        // Weekdays in (lo, hi], then correct for the official entries in that span.
        let mut count = weekdays_through(hi) - weekdays_through(lo);
        for (date, official) in self.days.range((Bound::Excluded(lo), Bound::Included(hi))) {
            match official {
                Official::Off(_) if !is_weekend(*date) => count -= 1,
                Official::Work(_) if is_weekend(*date) => count += 1,
                _ => {}
            }
        }
        let first_examined_year = lo.succ_opt().map_or(hi.year(), |d| d.year());
        Ok(Counted { value: sign * count, years_without_data: self.years_without_data(first_examined_year, hi.year()) })
    }
}

/// Monday–Friday days in `FIRST_SUPPORTED..=date`; `date` must not precede `FIRST_SUPPORTED`.
/// Because `FIRST_SUPPORTED` is a Monday, the first five days of every 7-day block are weekdays.
fn weekdays_through(date: NaiveDate) -> i64 {
    let days = (date - FIRST_SUPPORTED).num_days() + 1;
    days / 7 * 5 + (days % 7).min(5)
}
