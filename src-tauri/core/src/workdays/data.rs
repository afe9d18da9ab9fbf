//! The bundled holiday data: the yearly files of NateScarlet/holiday-cn (MIT), compiled in and
//! checked once on first use.
//!
//! Source and license: `data/holiday-cn/README.md` and `LICENSE`. The files are copied unchanged so a
//! yearly update is a plain file copy plus one line in [`BUNDLED`].

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use thiserror::Error;

use super::calendar::{Calendar, Official};

/// One entry per year, each from that year's State Council notice (URL in the file's `papers`).
/// 2027 is left out: the dataset's 2027.json has no notice and no days yet.
pub(crate) const BUNDLED: [(i32, &str); 8] = [
    (2019, include_str!("../../data/holiday-cn/2019.json")),
    (2020, include_str!("../../data/holiday-cn/2020.json")),
    (2021, include_str!("../../data/holiday-cn/2021.json")),
    (2022, include_str!("../../data/holiday-cn/2022.json")),
    (2023, include_str!("../../data/holiday-cn/2023.json")),
    (2024, include_str!("../../data/holiday-cn/2024.json")),
    (2025, include_str!("../../data/holiday-cn/2025.json")),
    (2026, include_str!("../../data/holiday-cn/2026.json")),
];

/// The shape of one yearly file (`data/holiday-cn/schema.json` upstream).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    #[serde(rename = "$schema")]
    _schema: Option<String>,
    #[serde(rename = "$id")]
    _id: Option<String>,
    year: i32,
    papers: Vec<String>,
    days: Vec<DayEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DayEntry {
    name: String,
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

/// Why the holiday data is unusable. Tests make sure none of these happens with the bundled files.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum DataError {
    #[error("holiday file for {year} does not parse: {message}")]
    Parse { year: i32, message: String },
    #[error("holiday file expected for {expected} says it is for {found}")]
    WrongYear { expected: i32, found: i32 },
    #[error("holiday data for {0} is given twice")]
    DuplicateYear(i32),
    #[error("holiday file for {0} names no State Council notice")]
    NoSource(i32),
    #[error("holiday file for {year} has a date that is not YYYY-MM-DD: `{date}`")]
    BadDate { year: i32, date: String },
    #[error("holiday file for {year} lists {date}, which is not in that year or a neighbouring one")]
    StrayDate { year: i32, date: NaiveDate },
    #[error("{0} is listed more than once")]
    DuplicateDate(NaiveDate),
    #[error("{0} has no holiday name")]
    BlankName(NaiveDate),
}

/// Builds the calendar from yearly files given as `(year, json)`.
///
/// A file may list a day of the neighbouring year (2019.json holds 2018-12-29…31 from the same notice);
/// each day is filed under its own date, and only the file's own year counts as covered.
pub(crate) fn parse(files: &[(i32, &str)]) -> Result<Calendar, DataError> {
    let mut sources: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    let mut days: BTreeMap<NaiveDate, Official> = BTreeMap::new();
    for &(expected, json) in files {
        let file: YearFile =
            serde_json::from_str(json).map_err(|e| DataError::Parse { year: expected, message: e.to_string() })?;
        if file.year != expected {
            return Err(DataError::WrongYear { expected, found: file.year });
        }
        let papers: Vec<String> = file.papers.into_iter().filter(|p| !p.trim().is_empty()).collect();
        if papers.is_empty() {
            return Err(DataError::NoSource(expected));
        }
        if sources.insert(expected, papers).is_some() {
            return Err(DataError::DuplicateYear(expected));
        }
        for entry in file.days {
            let date = NaiveDate::parse_from_str(&entry.date, "%Y-%m-%d")
                .map_err(|_| DataError::BadDate { year: expected, date: entry.date.clone() })?;
            if (date.year() - expected).abs() > 1 {
                return Err(DataError::StrayDate { year: expected, date });
            }
            let name = entry.name.trim().to_owned();
            if name.is_empty() {
                return Err(DataError::BlankName(date));
            }
            let official = if entry.is_off_day { Official::Off(name) } else { Official::Work(name) };
            if days.insert(date, official).is_some() {
                return Err(DataError::DuplicateDate(date));
            }
        }
    }
    Ok(Calendar { sources, days })
}
