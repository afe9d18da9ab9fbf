//! Dated notices: yearly official dates (the pharmacist exam's sign-up window and exam days)
//! kept in `data/checklist/notices.toml` with the date they were recorded, so the app can show
//! that date and mark facts stale instead of presenting last year's timetable as current.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::content::{Cached, ContentSet};
use crate::lang::{Lang, Text};

/// Where the notices live in the content pack.
const PATH: &str = "data/checklist/notices.toml";

/// A notice recorded longer ago than this is stale even if its dates are still ahead.
pub const STALE_AFTER_MONTHS: u32 = 12;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    notice: Vec<Notice>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Notice {
    id: String,
    flows: Vec<String>,
    year: i32,
    as_of: NaiveDate,
    starts: NaiveDate,
    ends: NaiveDate,
    /// The source gives the dates as expected (预计), not final.
    #[serde(default)]
    expected: bool,
    source: NoticeSource,
    text: Text,
}

/// Where the dates come from: a declared public source (`data/sources.toml`).
type NoticeSource = crate::sources::SourceRef;

/// Why a notice should be read with care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StaleReason {
    /// Its dates are over: a new year's notice is needed.
    Passed,
    /// Recorded more than [`STALE_AFTER_MONTHS`] months ago.
    Old,
}

/// A yearly fact with the date it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DatedNotice {
    pub id: String,
    pub text: String,
    pub year: i32,
    /// When the fact was recorded from its source: shown next to it.
    pub as_of: NaiveDate,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    /// The source gives the dates as expected, not final.
    pub expected: bool,
    pub source: String,
    pub stale: bool,
    pub stale_reason: Option<StaleReason>,
}

fn parse(set: &ContentSet) -> Result<File, String> {
    toml::from_str(set.text(PATH).unwrap_or_default()).map_err(|e| format!("notices.toml: {e}"))
}

fn data() -> Arc<Vec<Notice>> {
    static CELL: Cached<Vec<Notice>> = Cached::new();
    CELL.get(|set| parse(set).map(|f| f.notice).unwrap_or_default())
}

fn stale_reason(n: &Notice, today: NaiveDate) -> Option<StaleReason> {
    if n.ends < today {
        return Some(StaleReason::Passed);
    }
    match n.as_of.checked_add_months(Months::new(STALE_AFTER_MONTHS)) {
        Some(limit) if limit < today => Some(StaleReason::Old),
        Some(_) => None,
        None => Some(StaleReason::Old),
    }
}

/// The dated notices that concern `flow_id`, judged against `today`.
pub fn notices_for(flow_id: &str, today: NaiveDate, lang: Lang) -> Vec<DatedNotice> {
    data()
        .iter()
        .filter(|n| n.flows.iter().any(|f| f == flow_id))
        .map(|n| {
            let stale_reason = stale_reason(n, today);
            DatedNotice {
                id: n.id.clone(),
                text: n.text.get(lang).to_owned(),
                year: n.year,
                as_of: n.as_of,
                starts: n.starts,
                ends: n.ends,
                expected: n.expected,
                source: n.source.view(lang).display,
                stale: stale_reason.is_some(),
                stale_reason,
            }
        })
        .collect()
}

/// A dated notice with its texts in every language, for 我的日期 (issue 22).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct NoticeDates {
    pub id: String,
    pub text: Text,
    pub as_of: NaiveDate,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    pub expected: bool,
    pub source: Text,
    pub stale: bool,
}

/// Every dated notice, judged against `today`.
pub fn all_notices(today: NaiveDate) -> Vec<NoticeDates> {
    data()
        .iter()
        .map(|n| NoticeDates {
            id: n.id.clone(),
            text: n.text.clone(),
            as_of: n.as_of,
            starts: n.starts,
            ends: n.ends,
            expected: n.expected,
            source: Text::new(
                n.source.view(Lang::ZhCn).display,
                n.source.view(Lang::ZhTw).display,
                n.source.view(Lang::En).display,
            ),
            stale: stale_reason(n, today).is_some(),
        })
        .collect()
}

/// Data errors: parse failures, repeated ids, unknown flows, dates out of order, blank texts.
pub(crate) fn validate(set: &ContentSet) -> Vec<String> {
    let file = match parse(set) {
        Ok(f) => f,
        Err(e) => return vec![e],
    };
    let flow_ids = crate::guide::flow_ids();
    let flows: HashSet<&str> = flow_ids.iter().map(String::as_str).collect();
    let mut ids = HashSet::new();
    let mut errors = Vec::new();
    for n in &file.notice {
        if !ids.insert(n.id.as_str()) {
            errors.push(format!("notice `{}` is declared twice", n.id));
        }
        if n.flows.is_empty() || n.flows.iter().any(|f| !flows.contains(f.as_str())) {
            errors.push(format!("notice `{}`: unknown or missing flows", n.id));
        }
        if n.starts > n.ends || n.starts.format("%Y").to_string() != n.year.to_string() {
            errors.push(format!("notice `{}`: dates out of order or not in {}", n.id, n.year));
        }
        if n.text.has_blank() {
            errors.push(format!("notice `{}` has blank text", n.id));
        }
        if let Some(p) = n.source.problem() {
            errors.push(format!("notice `{}`: {p}", n.id));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(as_of: NaiveDate, ends: NaiveDate) -> Notice {
        Notice {
            id: "t".into(),
            flows: vec![],
            year: 2030,
            as_of,
            starts: ends,
            ends,
            expected: false,
            source: NoticeSource::new("xisai_ecert", None),
            text: Text { zh_cn: "x".into(), zh_tw: "x".into(), en: "x".into() },
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn notices_go_stale_when_passed_or_old() {
        let n = notice(day(2030, 1, 10), day(2031, 10, 1));
        assert_eq!(stale_reason(&n, day(2030, 6, 1)), None);
        assert_eq!(stale_reason(&n, day(2031, 1, 10)), None);
        assert_eq!(stale_reason(&n, day(2031, 1, 11)), Some(StaleReason::Old));
        assert_eq!(stale_reason(&n, day(2031, 10, 2)), Some(StaleReason::Passed));
    }
}
