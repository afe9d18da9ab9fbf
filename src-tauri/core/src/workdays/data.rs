//! The holiday data: the yearly files of NateScarlet/holiday-cn (MIT), read from the content in
//! use (compiled in, or a newer signed content pack) and checked once per content.
//!
//! Source and license: `data/holiday-cn/README.md` and `LICENSE`. The files are copied unchanged, so a
//! yearly update is a plain file copy (and a new content pack).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use thiserror::Error;

use super::calendar::{Calendar, Official};
use crate::content::ContentSet;

/// The yearly files of a content set, `data/holiday-cn/YYYY.json`, as `(year, json)`. A year whose
/// notice is not published yet (upstream ships it with no notice and no days, as 2027.json was in
/// 2026) is left out: it is not covered, and only weekends count in it.
pub(crate) fn year_files(set: &ContentSet) -> Vec<(i32, &str)> {
    set.files_under(DIR)
        .filter_map(|(path, json)| {
            let year = path.strip_prefix(DIR)?.strip_suffix(".json")?.parse::<i32>().ok()?;
            Some((year, json))
        })
        .filter(|(_, json)| !announces_nothing(json))
        .collect()
}

/// Where the holiday files live in a content pack.
pub(crate) const DIR: &str = "data/holiday-cn/";

fn announces_nothing(json: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(json).is_ok_and(|v| {
        v["papers"].as_array().is_some_and(Vec::is_empty) && v["days"].as_array().is_some_and(Vec::is_empty)
    })
}

/// Where the holiday files come from (`data/holiday-cn/source.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSource {
    /// The public dataset the files are copied from.
    pub dataset: String,
    /// When they were taken from it.
    pub taken: Option<NaiveDate>,
}

/// The source of the holiday data in use.
pub fn data_source() -> DataSource {
    let set = crate::content::active();
    set.text(SOURCE)
        .and_then(|t| toml::from_str(t).ok())
        .unwrap_or_else(|| DataSource { dataset: "NateScarlet/holiday-cn".into(), taken: None })
}

const SOURCE: &str = "data/holiday-cn/source.toml";

/// The content check for packs: every yearly file parses into one consistent calendar.
pub(crate) fn check(set: &ContentSet) -> Result<(), String> {
    let text = set.text(SOURCE).ok_or_else(|| format!("{SOURCE} is missing"))?;
    toml::from_str::<DataSource>(text).map_err(|e| format!("{SOURCE}: {e}"))?;
    parse(&year_files(set)).map(|_| ()).map_err(|e| e.to_string())
}

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
