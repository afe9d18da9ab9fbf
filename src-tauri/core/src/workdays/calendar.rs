//! The calendar itself: weekends by rule, official days off and make-up days by data.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Weekday};

use super::data::{parse, year_files};
use super::kinds::DayKind;
use crate::content::Cached;

/// An official entry from a State Council notice; the string is the holiday's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Official {
    /// A day off (`isOffDay: true`).
    Off(String),
    /// A working day (`isOffDay: false`): a make-up day when it falls on a weekend.
    Work(String),
}

/// Official days by date, and the notice URLs of each covered year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Calendar {
    pub(crate) sources: BTreeMap<i32, Vec<String>>,
    pub(crate) days: BTreeMap<NaiveDate, Official>,
}

/// The calendar of the content in use, parsed once per content.
pub(crate) fn bundled() -> Arc<Calendar> {
    static CELL: Cached<Calendar> = Cached::new();
    // The data is checked by the tests in `tests/bundled_data.rs` and, for a content pack, before it is
    // installed. Should it ever fail to parse, an empty calendar is the honest fallback: every year is
    // then reported as having no data and only weekends are counted, rather than the app panicking.
    CELL.get(|set| parse(&year_files(set)).unwrap_or_default())
}

pub(crate) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendar {
    /// Whether the year has its own State Council notice bundled.
    pub(crate) fn has_data(&self, year: i32) -> bool {
        self.sources.contains_key(&year)
    }

    /// The kind of any date. Official entries win over the weekend rule; dates without an entry
    /// (including whole years without data) fall back to Monday–Friday working, weekend off.
    pub(crate) fn day_kind(&self, date: NaiveDate) -> DayKind {
        let weekend = is_weekend(date);
        match self.days.get(&date) {
            Some(Official::Off(name)) => DayKind::Holiday { name: name.clone() },
            Some(Official::Work(name)) if weekend => DayKind::MakeUpWorkday { name: name.clone() },
            // A listed working day on a weekday is an ordinary one (2020-02-03 marks the end of
            // the extended 2020 Spring Festival).
            Some(Official::Work(_)) => DayKind::Workday,
            None if weekend => DayKind::Weekend,
            None => DayKind::Workday,
        }
    }

    pub(crate) fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(Official::Off(_)) => false,
            Some(Official::Work(_)) => true,
            None => !is_weekend(date),
        }
    }

    /// The years in `first..=last` that have no bundled notice, ascending.
    pub(crate) fn years_without_data(&self, first: i32, last: i32) -> Vec<i32> {
        (first..=last).filter(|y| !self.has_data(*y)).collect()
    }
}
