//! Validation of the files in `data/holiday-cn/`, read raw (not through `parse`) so that a parser
//! that silently dropped entries would be caught too.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::Value;

use super::super::calendar::{bundled, Calendar, Official};
use super::super::data::{parse, year_files, DataError};
use super::super::{covered_years, day_kind, has_data, source_for_year, sources_for_year, DayKind};
use super::{d, holiday};
use crate::content::ContentSet;

struct RawDay {
    file_year: i32,
    date: NaiveDate,
    name: String,
    off: bool,
}

fn raw_days() -> Vec<RawDay> {
    let mut out = Vec::new();
    let set = ContentSet::bundled();
    for (year, json) in year_files(&set) {
        let file: Value = serde_json::from_str(json).expect("bundled file is JSON");
        assert_eq!(file["year"].as_i64(), Some(i64::from(year)), "file year of {year}");
        for day in file["days"].as_array().expect("days is an array") {
            let date = day["date"].as_str().expect("date is a string");
            out.push(RawDay {
                file_year: year,
                date: NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date is YYYY-MM-DD"),
                name: day["name"].as_str().expect("name is a string").to_owned(),
                off: day["isOffDay"].as_bool().expect("isOffDay is a bool"),
            });
        }
    }
    out
}

#[test]
fn bundled_files_parse() {
    let cal = parse(&year_files(&ContentSet::bundled())).expect("bundled holiday data must be valid");
    assert_eq!(&cal, &*bundled(), "the app uses the parsed data, not the empty fallback");
}

#[test]
fn every_year_2019_to_2026_is_present_with_a_gov_cn_source() {
    assert_eq!(covered_years(), (2019..=2026).collect::<Vec<_>>());
    for year in 2019..=2026 {
        assert!(has_data(year));
        let url = source_for_year(year).unwrap_or_else(|| panic!("{year} has no source"));
        assert!(url.starts_with("http") && url.contains("gov.cn/zhengce/"), "{year}: {url}");
    }
    // The 2026 notice as the dataset cites it.
    assert_eq!(
        source_for_year(2026).as_deref(),
        Some("https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm")
    );
    // 2019 and 2020 were amended by a second notice (May Day 2019, extended Spring Festival 2020).
    assert_eq!(sources_for_year(2019).len(), 2);
    assert_eq!(sources_for_year(2020).len(), 2);
    assert_eq!(sources_for_year(2021).len(), 1);
}

#[test]
fn years_without_a_notice_are_not_covered() {
    for year in [2018, 2027, 2030] {
        assert!(!has_data(year), "{year}");
        assert_eq!(source_for_year(year), None, "{year}");
        assert!(sources_for_year(year).is_empty(), "{year}");
    }
}

#[test]
fn no_date_is_listed_twice_and_nothing_is_dropped() {
    let raw = raw_days();
    let unique: BTreeSet<NaiveDate> = raw.iter().map(|r| r.date).collect();
    assert_eq!(unique.len(), raw.len(), "some date is listed twice");
    assert_eq!(bundled().days.len(), raw.len(), "every listed day reaches the calendar");
    assert_eq!(raw.len(), 31 + 37 + 38 + 38 + 34 + 36 + 33 + 39, "entries per file, 2019..2026");
}

#[test]
fn days_of_a_neighbouring_year_are_filed_under_their_own_date() {
    let foreign: Vec<(i32, NaiveDate)> =
        raw_days().iter().filter(|r| r.date.year() != r.file_year).map(|r| (r.file_year, r.date)).collect();
    // The 2019 notice fixes New Year 2019 from 2018-12-30 with a make-up Saturday 2018-12-29; the 2023
    // notice puts New Year's Eve 2022 (a Saturday) into its holiday.
    assert_eq!(
        foreign,
        vec![(2019, d(2018, 12, 29)), (2019, d(2018, 12, 30)), (2019, d(2018, 12, 31)), (2023, d(2022, 12, 31))]
    );
    assert_eq!(day_kind(d(2018, 12, 29)), super::make_up("元旦"));
    assert_eq!(day_kind(d(2018, 12, 31)), holiday("元旦"));
    assert_eq!(day_kind(d(2022, 12, 31)), holiday("元旦"));
    // Those few days do not make 2018 a covered year.
    assert!(!has_data(2018));
    // Every other date falls in its file's year.
    for r in raw_days() {
        if r.date.year() != r.file_year {
            assert_eq!((r.date.year() - r.file_year).abs(), 1, "{}", r.date);
        }
    }
}

#[test]
fn every_holiday_has_a_name_and_each_year_has_the_big_ones() {
    let mut names: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
    for r in raw_days() {
        assert!(!r.name.trim().is_empty(), "{} has no name", r.date);
        names.entry(r.file_year).or_default().insert(r.name.clone());
        if let DayKind::Holiday { name } | DayKind::MakeUpWorkday { name } = day_kind(r.date) {
            assert_eq!(name, r.name);
        }
    }
    for (year, names) in names {
        for needed in ["元旦", "春节", "清明节", "劳动节", "端午节"] {
            assert!(names.contains(needed), "{year} lacks {needed}");
        }
        assert!(names.iter().any(|n| n.contains("国庆节")), "{year} lacks 国庆节");
    }
}

#[test]
fn working_entries_fall_on_weekends_except_the_end_of_the_2020_extension() {
    let weekday_work: Vec<NaiveDate> = raw_days()
        .iter()
        .filter(|r| !r.off && !matches!(r.date.weekday(), Weekday::Sat | Weekday::Sun))
        .map(|r| r.date)
        .collect();
    assert_eq!(weekday_work, vec![d(2020, 2, 3)]);
    // Listed as a working day, but on a Monday it is an ordinary workday, not a make-up day.
    assert_eq!(day_kind(d(2020, 2, 3)), DayKind::Workday);
}

const GOOD: &str = r#"{"year": 2030, "papers": ["https://www.gov.cn/x"],
  "days": [{"name": "元旦", "date": "2030-01-01", "isOffDay": true}]}"#;

#[test]
fn a_valid_file_parses() {
    let cal = parse(&[(2030, GOOD)]).expect("valid");
    assert!(cal.has_data(2030));
    assert_eq!(cal.days.get(&d(2030, 1, 1)), Some(&Official::Off("元旦".into())));
}

#[test]
fn broken_files_are_rejected() {
    let case = |json: &str| parse(&[(2030, json)]).expect_err("must be rejected");
    assert!(matches!(case("{"), DataError::Parse { year: 2030, .. }));
    assert!(matches!(case(r#"{"year": 2030, "papers": [], "days": [], "extra": 1}"#), DataError::Parse { .. }));
    assert_eq!(
        case(&GOOD.replace("\"year\": 2030", "\"year\": 2031")),
        DataError::WrongYear { expected: 2030, found: 2031 }
    );
    assert_eq!(case(&GOOD.replace("\"https://www.gov.cn/x\"", "\" \"")), DataError::NoSource(2030));
    assert_eq!(case(&GOOD.replace("\"元旦\"", "\"  \"")), DataError::BlankName(d(2030, 1, 1)));
    assert_eq!(
        case(&GOOD.replace("2030-01-01", "2030-1-1x")),
        DataError::BadDate { year: 2030, date: "2030-1-1x".into() }
    );
    assert_eq!(
        case(&GOOD.replace("2030-01-01", "2032-01-01")),
        DataError::StrayDate { year: 2030, date: d(2032, 1, 1) }
    );
}

#[test]
fn a_date_in_two_files_or_a_year_twice_is_rejected() {
    let next = r#"{"year": 2031, "papers": ["https://www.gov.cn/y"],
      "days": [{"name": "元旦", "date": "2030-01-01", "isOffDay": true}]}"#;
    assert_eq!(parse(&[(2030, GOOD), (2031, next)]), Err(DataError::DuplicateDate(d(2030, 1, 1))));
    let other = GOOD.replace("2030-01-01", "2030-01-02");
    assert_eq!(parse(&[(2030, GOOD), (2030, &other)]), Err(DataError::DuplicateYear(2030)));
}

#[test]
fn the_empty_fallback_counts_weekends_only_and_says_so() {
    let empty = Calendar::default();
    assert_eq!(empty.day_kind(d(2026, 2, 16)), DayKind::Workday);
    let counted = empty.working_days_between(d(2025, 12, 31), d(2026, 12, 31)).expect("in range");
    assert_eq!(counted.value, 261);
    assert_eq!(counted.years_without_data, vec![2026]);
}
