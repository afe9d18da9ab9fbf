//! Tests for the working-day calendar: the bundled data, known official days, and counting.

mod bundled_data;
mod counting;
mod known_days;

use chrono::NaiveDate;

use super::DayKind;

/// A date literal for tests; a typo here is a test bug, so it may panic.
pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("test date literal must be valid")
}

pub(super) fn holiday(name: &str) -> DayKind {
    DayKind::Holiday { name: name.to_owned() }
}

pub(super) fn make_up(name: &str) -> DayKind {
    DayKind::MakeUpWorkday { name: name.to_owned() }
}
