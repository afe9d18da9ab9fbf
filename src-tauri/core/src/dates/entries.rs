//! Dates the applicant types into 我的日期 (issue 22), and the file that keeps them.
//!
//! Only what the applicant chose to keep, and only dates: an ID card's end date, never its number;
//! a registration's end date; the first year of continuing education; a province's 认定 window
//! with its daily hours. Each is checked before it is kept, with the field to point at.

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lang::Text;

/// Longest province (or office) name kept for a window.
pub const MAX_PLACE_CHARS: usize = 40;
/// Years a typed date may lie in: before is a typo, after is beyond any card or registration.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2100;

/// What the applicant typed. `kind` names it as the guides' data hooks do (`registration_renewal`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DateEntryKind {
    /// The last day of the ID card's validity (有效期限 end). The number is never asked for.
    IdCardEnd { ends: NaiveDate },
    /// The last day of the pharmacist registration (注册有效期); renewal is applied for at least
    /// 30 days before it.
    RegistrationRenewal { ends: NaiveDate },
    /// Continuing education (继续教育) credits are due every year from `first_year` on.
    ContinuingEducation { first_year: i32 },
    /// A province's 认定 window for online applications, with its daily opening hours.
    CertificationWindow { place: String, starts: NaiveDate, ends: NaiveDate, opens: NaiveTime, closes: NaiveTime },
}

/// One kept entry; `id` is chosen by the shell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DateEntry {
    pub id: String,
    #[serde(flatten)]
    pub kind: DateEntryKind,
}

/// A problem with one field of an entry, to show next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct EntryProblem {
    /// The field: `ends`, `starts`, `first_year`, `place`, `opens`, `closes`.
    pub field: String,
    pub message: Text,
}

fn problem(field: &str, message: Text) -> EntryProblem {
    EntryProblem { field: field.to_owned(), message }
}

fn year_in_range(field: &str, date: NaiveDate, out: &mut Vec<EntryProblem>) {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        out.push(problem(
            field,
            Text::new(
                format!("年份 {} 不对：请填 {FIRST_YEAR} 到 {LAST_YEAR} 之间的年份。", date.year()),
                format!("年份 {} 不對：請填 {FIRST_YEAR} 到 {LAST_YEAR} 之間的年份。", date.year()),
                format!("The year {} cannot be right: give a year from {FIRST_YEAR} to {LAST_YEAR}.", date.year()),
            ),
        ));
    }
}

/// Every problem of an entry at once (empty: it can be kept). `today` is the Beijing date.
pub fn check_entry(kind: &DateEntryKind, today: NaiveDate) -> Vec<EntryProblem> {
    let mut out = Vec::new();
    match kind {
        DateEntryKind::IdCardEnd { ends } | DateEntryKind::RegistrationRenewal { ends } => {
            year_in_range("ends", *ends, &mut out);
        }
        DateEntryKind::ContinuingEducation { first_year } => {
            if !(2000..=today.year() + 1).contains(first_year) {
                out.push(problem(
                    "first_year",
                    Text::new(
                        format!("请填 2000 年到 {} 年之间的年份。", today.year() + 1),
                        format!("請填 2000 年到 {} 年之間的年份。", today.year() + 1),
                        format!("Give a year from 2000 to {}.", today.year() + 1),
                    ),
                ));
            }
        }
        DateEntryKind::CertificationWindow { place, starts, ends, opens, closes } => {
            let chars = place.trim().chars().count();
            if chars == 0 {
                out.push(problem(
                    "place",
                    Text::new(
                        "请填写发布这个认定时间的省份或认定机构，例如“湖南省”。",
                        "請填寫發布這個認定時間的省份或認定機構，例如「湖南省」。",
                        "Type the province or office that published this window, for example 湖南省.",
                    ),
                ));
            } else if chars > MAX_PLACE_CHARS {
                out.push(problem(
                    "place",
                    Text::new(
                        format!("名称太长（{chars} 个字），最多 {MAX_PLACE_CHARS} 个字。"),
                        format!("名稱太長（{chars} 個字），最多 {MAX_PLACE_CHARS} 個字。"),
                        format!("The name is too long ({chars} characters); at most {MAX_PLACE_CHARS}."),
                    ),
                ));
            }
            year_in_range("starts", *starts, &mut out);
            year_in_range("ends", *ends, &mut out);
            if ends < starts {
                out.push(problem(
                    "ends",
                    Text::new(
                        format!("结束日期（{ends}）在开始日期（{starts}）之前。请对照认定公告再填一次。"),
                        format!("結束日期（{ends}）在開始日期（{starts}）之前。請對照認定公告再填一次。"),
                        format!(
                            "The end date ({ends}) is before the start date ({starts}). Check the notice and type it again."
                        ),
                    ),
                ));
            }
            if closes <= opens {
                let (o, c) = (opens.format("%H:%M"), closes.format("%H:%M"));
                out.push(problem(
                    "closes",
                    Text::new(
                        format!("每天结束的时间（{c}）要晚于开始的时间（{o}）。"),
                        format!("每天結束的時間（{c}）要晚於開始的時間（{o}）。"),
                        format!("The daily closing time ({c}) must be later than the opening time ({o})."),
                    ),
                ));
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum DatesFileError {
    #[error("dates file does not parse: {0}")]
    Parse(String),
    #[error("unsupported dates file version {0}")]
    Version(u32),
}

/// The entries typed into 我的日期, versioned. Writing it atomically is the shell's job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DatesFile {
    pub version: u32,
    pub entries: Vec<DateEntry>,
}

impl DatesFile {
    pub const VERSION: u32 = 1;

    pub fn new() -> DatesFile {
        DatesFile { version: Self::VERSION, entries: Vec::new() }
    }

    pub fn from_json(bytes: &[u8]) -> Result<DatesFile, DatesFileError> {
        let file: DatesFile = serde_json::from_slice(bytes).map_err(|e| DatesFileError::Parse(e.to_string()))?;
        if file.version != Self::VERSION {
            return Err(DatesFileError::Version(file.version));
        }
        Ok(file)
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// Adds an entry or replaces the one with the same id.
    pub fn upsert(&mut self, entry: DateEntry) {
        match self.entries.iter_mut().find(|e| e.id == entry.id) {
            Some(existing) => *existing = entry,
            None => self.entries.push(entry),
        }
    }

    /// Removes an entry; false when there is no such id.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.id != id);
        before != self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    #[test]
    fn a_window_ending_before_it_starts_is_refused_on_the_end_field() {
        let today = d(2026, 11, 30);
        let window = |starts, ends, opens, closes| DateEntryKind::CertificationWindow {
            place: "湖南省".into(),
            starts,
            ends,
            opens,
            closes,
        };
        assert_eq!(check_entry(&window(d(2027, 3, 1), d(2027, 3, 20), t(9, 0), t(17, 0)), today), []);
        let p = check_entry(&window(d(2027, 3, 20), d(2027, 3, 1), t(9, 0), t(17, 0)), today);
        assert_eq!(p.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(), ["ends"]);
        assert!(p[0].message.zh_cn.contains("2027-03-01"), "{}", p[0].message.zh_cn);
        // The same day is a one-day window; closing at opening time is not.
        assert_eq!(check_entry(&window(d(2027, 3, 1), d(2027, 3, 1), t(9, 0), t(17, 0)), today), []);
        let p = check_entry(&window(d(2027, 3, 1), d(2027, 3, 2), t(17, 0), t(9, 0)), today);
        assert_eq!(p[0].field, "closes");
        let blank = DateEntryKind::CertificationWindow {
            place: "  ".into(),
            starts: d(2027, 3, 1),
            ends: d(2027, 3, 2),
            opens: t(9, 0),
            closes: t(17, 0),
        };
        assert_eq!(check_entry(&blank, today)[0].field, "place");
    }

    #[test]
    fn years_are_checked() {
        let today = d(2026, 11, 30);
        assert_eq!(check_entry(&DateEntryKind::IdCardEnd { ends: d(2036, 5, 1) }, today), []);
        assert_eq!(check_entry(&DateEntryKind::IdCardEnd { ends: d(2206, 5, 1) }, today)[0].field, "ends");
        assert_eq!(check_entry(&DateEntryKind::ContinuingEducation { first_year: 2024 }, today), []);
        assert_eq!(check_entry(&DateEntryKind::ContinuingEducation { first_year: 2029 }, today)[0].field, "first_year");
    }

    #[test]
    fn the_file_round_trips_and_keeps_no_more_than_dates() {
        let mut file = DatesFile::new();
        file.upsert(DateEntry { id: "a".into(), kind: DateEntryKind::IdCardEnd { ends: d(2036, 5, 1) } });
        file.upsert(DateEntry { id: "b".into(), kind: DateEntryKind::RegistrationRenewal { ends: d(2030, 1, 5) } });
        let json = String::from_utf8(file.to_json()).expect("utf-8");
        assert!(json.contains(r#""kind": "registration_renewal""#), "{json}");
        assert_eq!(DatesFile::from_json(json.as_bytes()), Ok(file.clone()));
        assert!(file.remove("a") && !file.remove("a"));
        assert_eq!(DatesFile::from_json(br#"{"version":9,"entries":[]}"#), Err(DatesFileError::Version(9)));
        assert!(matches!(DatesFile::from_json(b"{"), Err(DatesFileError::Parse(_))));
    }
}
