//! Known official days, checked against the State Council notices the data cites.

use chrono::NaiveDate;

use super::super::{day_kind, has_data, is_working_day, DayKind};
use super::{d, holiday, make_up};

fn assert_off(from: NaiveDate, to: NaiveDate, name: &str) {
    for day in from.iter_days().take_while(|x| *x <= to) {
        assert_eq!(day_kind(day), holiday(name), "{day}");
        assert!(!is_working_day(day), "{day}");
    }
}

fn assert_make_up(day: NaiveDate, name: &str) {
    assert_eq!(day_kind(day), make_up(name), "{day}");
    assert!(is_working_day(day), "{day}");
}

#[test]
fn national_day_2024() {
    // 2024 notice (source_for_year(2024)): 10/1–10/7 off; Sunday 9/29 and Saturday 10/12 worked.
    assert_make_up(d(2024, 9, 29), "国庆节");
    assert_off(d(2024, 10, 1), d(2024, 10, 7), "国庆节");
    assert_make_up(d(2024, 10, 12), "国庆节");
    assert_eq!(day_kind(d(2024, 9, 30)), DayKind::Workday);
    assert_eq!(day_kind(d(2024, 10, 8)), DayKind::Workday);
    assert_eq!(day_kind(d(2024, 10, 13)), DayKind::Weekend);
}

#[test]
fn national_day_and_mid_autumn_2025() {
    // 2025 notice (source_for_year(2025)): 10/1–10/8 off (国庆节、中秋节); Sunday 9/28 and Saturday 10/11 worked.
    assert_make_up(d(2025, 9, 28), "国庆节、中秋节");
    assert_off(d(2025, 10, 1), d(2025, 10, 8), "国庆节、中秋节");
    assert_make_up(d(2025, 10, 11), "国庆节、中秋节");
    assert_eq!(day_kind(d(2025, 10, 9)), DayKind::Workday);
    assert_eq!(day_kind(d(2025, 10, 12)), DayKind::Weekend);
}

#[test]
fn national_day_2026() {
    // 2026 notice: 中秋 9/25–9/27 off; 国庆 10/1–10/7 off; Sunday 9/20 and Saturday 10/10 worked.
    assert_make_up(d(2026, 9, 20), "国庆节");
    assert_off(d(2026, 9, 25), d(2026, 9, 27), "中秋节");
    assert_off(d(2026, 10, 1), d(2026, 10, 7), "国庆节");
    assert_make_up(d(2026, 10, 10), "国庆节");
    assert_eq!(day_kind(d(2026, 10, 8)), DayKind::Workday);
    assert_eq!(day_kind(d(2026, 10, 11)), DayKind::Weekend);
}

#[test]
fn spring_festival_2026() {
    // 2026 notice: 2/15–2/23 off; Saturdays 2/14 and 2/28 worked.
    assert!(!is_working_day(d(2026, 2, 16)));
    assert_eq!(day_kind(d(2026, 2, 16)), holiday("春节"));
    assert_make_up(d(2026, 2, 14), "春节");
    assert_off(d(2026, 2, 15), d(2026, 2, 23), "春节");
    assert_make_up(d(2026, 2, 28), "春节");
    assert_eq!(day_kind(d(2026, 2, 24)), DayKind::Workday);
    assert_eq!(day_kind(d(2026, 3, 1)), DayKind::Weekend);
}

#[test]
fn new_year_2026_and_the_extended_spring_festival_2020() {
    assert_off(d(2026, 1, 1), d(2026, 1, 3), "元旦");
    assert_make_up(d(2026, 1, 4), "元旦");
    // The second 2020 notice (sources_for_year(2020)[1]) extended the 2020 holiday to 2/2; 2/3 was back to work.
    assert_off(d(2020, 1, 24), d(2020, 2, 2), "春节");
    assert!(is_working_day(d(2020, 2, 3)));
}

#[test]
fn ordinary_days_follow_the_weekend_rule() {
    assert_eq!(day_kind(d(2026, 3, 7)), DayKind::Weekend);
    assert_eq!(day_kind(d(2026, 3, 8)), DayKind::Weekend);
    assert_eq!(day_kind(d(2026, 3, 9)), DayKind::Workday);
    assert!(!is_working_day(d(2026, 3, 7)));
    assert!(is_working_day(d(2026, 3, 9)));
}

#[test]
fn a_year_without_data_has_weekends_only() {
    assert!(!has_data(2030));
    // 2030-10-01 is a Tuesday: surely a holiday in reality, but unknown until the notice.
    assert_eq!(day_kind(d(2030, 10, 1)), DayKind::Workday);
    assert_eq!(day_kind(d(2030, 10, 5)), DayKind::Weekend);
    assert_eq!(day_kind(d(2027, 1, 1)), DayKind::Workday);
}

#[test]
fn day_kinds_serialize_with_a_kind_tag() {
    let json = serde_json::to_value(holiday("春节")).expect("serializes");
    assert_eq!(json, serde_json::json!({"kind": "holiday", "name": "春节"}));
    let json = serde_json::to_value(DayKind::MakeUpWorkday { name: "国庆节".into() }).expect("serializes");
    assert_eq!(json, serde_json::json!({"kind": "make_up_workday", "name": "国庆节"}));
    assert_eq!(serde_json::to_value(DayKind::Weekend).expect("serializes"), serde_json::json!({"kind": "weekend"}));
}
