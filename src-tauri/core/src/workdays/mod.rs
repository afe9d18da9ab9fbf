//! Working days in mainland China: weekends, public holidays and make-up days (issue 7).
//!
//! Official days off and make-up working days (调休) come from the State Council's yearly notices, as
//! collected by the NateScarlet/holiday-cn dataset (MIT), copied unchanged to `data/holiday-cn/` and
//! compiled in: the app owns this data because the crates that wrap it were found broken for 2026 or
//! panicking outside their range. Covered years: 2019–2026. For any other year only weekends are
//! known, and every count says which years that affected ([`Counted::years_without_data`]).
//!
//! Core never reads the clock: callers pass the dates in.
//!
//! Counting convention (see [`add_working_days`]): the starting day does not count.

mod calendar;
mod counting;
mod data;
pub(crate) use data::check;
pub use data::{data_source, DataSource};
mod kinds;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use counting::{WorkdaysError, FIRST_SUPPORTED, LAST_SUPPORTED};
pub use data::DataError;
pub use kinds::{Counted, DayKind};

use calendar::bundled;

/// What kind of day `date` is. Total: works for any date; years without data get weekends only.
pub fn day_kind(date: NaiveDate) -> DayKind {
    bundled().day_kind(date)
}

/// Whether government offices work on `date`: Monday–Friday unless an official day off, plus make-up
/// Saturdays and Sundays.
pub fn is_working_day(date: NaiveDate) -> bool {
    bundled().is_working_day(date)
}

/// The date that is `n` working days after `start`.
///
/// - `start` itself never counts: from a Friday, n = 1 is the next Monday and n = 2 the Tuesday
///   (holidays skipped, make-up weekend days counted). The result is always a working day.
/// - n = 0 gives `start` if it is a working day, otherwise the next working day — the rule for a
///   deadline that falls on a day off (it moves to the next working day).
/// - Errors instead of panicking: `start` outside [`FIRST_SUPPORTED`]..=[`LAST_SUPPORTED`], or an
///   answer past [`LAST_SUPPORTED`] (absurd n such as 10 million is refused at once).
///
/// `years_without_data` lists the years of the days examined (after `start`, through the answer; for
/// n = 0 from `start`) that have no official data and were counted by weekends only.
pub fn add_working_days(start: NaiveDate, n: u32) -> Result<Counted<NaiveDate>, WorkdaysError> {
    bundled().add_working_days(start, n)
}

/// The number of working days after `a` up to and including `b` (the half-open span `(a, b]`).
///
/// This is the inverse of [`add_working_days`]: `working_days_between(s, add_working_days(s, n)) == n`
/// for n ≥ 1. It is antisymmetric: for `a > b` the result is minus the count of `(b, a]`, and
/// `working_days_between(d, d) == 0`. Both dates must lie in
/// [`FIRST_SUPPORTED`]..=[`LAST_SUPPORTED`]. `years_without_data` covers the days in the span.
pub fn working_days_between(a: NaiveDate, b: NaiveDate) -> Result<Counted<i64>, WorkdaysError> {
    bundled().working_days_between(a, b)
}

/// The years with a bundled State Council notice, ascending (2019–2026 today).
pub fn covered_years() -> Vec<i32> {
    bundled().sources.keys().copied().collect()
}

/// Whether official holidays are known for `year`; if not, only weekends are counted in it.
pub fn has_data(year: i32) -> bool {
    bundled().has_data(year)
}

/// The URL of the State Council's yearly holiday notice for `year`, on gov.cn.
pub fn source_for_year(year: i32) -> Option<String> {
    sources_for_year(year).into_iter().next()
}

/// All notices `year` is built from: the yearly notice first, then any later amendment (2019's May Day
/// change, 2020's extended Spring Festival).
pub fn sources_for_year(year: i32) -> Vec<String> {
    bundled().sources.get(&year).cloned().unwrap_or_default()
}
