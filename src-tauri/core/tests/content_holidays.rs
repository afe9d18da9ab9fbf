//! Issue 20: a content pack brings a year's holidays to installed apps. The bundled 2027 file is
//! empty until the State Council publishes 2027's notice, so 2027 counts weekends only; a pack
//! whose 2027 file lists days off and a make-up working day changes every 2027 count once it is
//! activated, and rolling back to the bundled content brings the weekends-only counts back.
//!
//! The 2027 days below are TEST DATA, invented for this test and kept in it: they are not a
//! State Council notice, and the file says so in its `$id`, its `papers` entry and every day's
//! name (the loader accepts upstream's `$id`, `papers` and `name` fields as they are).
//!
//! One test in its own process: activation is process-wide.

use std::collections::BTreeMap;
use std::sync::Arc;

use assistant_core::content::{self, ContentSet, Origin};
use assistant_core::workdays::{self, Counted, DayKind};
use chrono::NaiveDate;

const YEAR_FILE: &str = "data/holiday-cn/2027.json";
const TEST_PAPER: &str = "https://example.invalid/test-data/2027-holidays-not-a-state-council-notice";
const TEST_NAME: &str = "国庆节（测试数据）";

/// A 2027 file in the holiday-cn format: 1–7 October off (Friday to Thursday), Saturday
/// 25 September a make-up working day. Invented; see the module comment.
fn test_2027_file() -> String {
    let mut days = vec![format!(r#"{{ "name": "{TEST_NAME}", "date": "2027-09-25", "isOffDay": false }}"#)];
    for day in 1..=7 {
        days.push(format!(r#"{{ "name": "{TEST_NAME}", "date": "2027-10-0{day}", "isOffDay": true }}"#));
    }
    format!(
        r#"{{
    "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
    "$id": "test-data: invented 2027 holidays for tests/content_holidays.rs, not an official notice",
    "year": 2027,
    "papers": ["{TEST_PAPER}"],
    "days": [{}]
}}"#,
        days.join(",\n")
    )
}

/// The bundled content with the test 2027 file in place of the empty one, one version up.
fn pack_with_2027() -> Arc<ContentSet> {
    let bundled = ContentSet::bundled();
    let mut files: BTreeMap<String, String> = bundled.to_files();
    let v = bundled.manifest().version;
    let manifest = files.get_mut(content::MANIFEST_PATH).expect("manifest");
    assert!(manifest.contains(&format!("version = {v}")));
    *manifest = manifest.replacen(&format!("version = {v}"), &format!("version = {}", v + 1), 1);
    let bundled_2027 = files.get(YEAR_FILE).expect("the bundled content has a 2027 file");
    assert!(
        bundled_2027.contains(r#""days": []"#),
        "the bundled 2027 file is no longer empty: the State Council's notice is in; move this test to a later year"
    );
    files.insert(YEAR_FILE.into(), test_2027_file());
    let set = Arc::new(ContentSet::from_files(files, Origin::Installed).expect("manifest"));
    content::validate(&set).expect("the pack with a 2027 holiday file passes every check");
    set
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// The counts this test looks at, in one value so that before, after and rollback compare whole.
#[derive(Debug, PartialEq)]
struct Counts {
    /// One working day after Thursday 30 September 2027.
    after_sep_30: Counted<NaiveDate>,
    /// Ten working days after Friday 24 September 2027.
    ten_after_sep_24: Counted<NaiveDate>,
    /// Working days in (24 September, 8 October 2027].
    between: Counted<i64>,
    oct_1: DayKind,
    sep_25: DayKind,
    has_2027: bool,
    sources_2027: Vec<String>,
}

fn counts() -> Counts {
    Counts {
        after_sep_30: workdays::add_working_days(d(2027, 9, 30), 1).expect("in range"),
        ten_after_sep_24: workdays::add_working_days(d(2027, 9, 24), 10).expect("in range"),
        between: workdays::working_days_between(d(2027, 9, 24), d(2027, 10, 8)).expect("in range"),
        oct_1: workdays::day_kind(d(2027, 10, 1)),
        sep_25: workdays::day_kind(d(2027, 9, 25)),
        has_2027: workdays::has_data(2027),
        sources_2027: workdays::sources_for_year(2027),
    }
}

#[test]
fn a_pack_with_2027_holidays_changes_2027_working_day_counts_and_rollback_restores_them() {
    let weekends_only = Counts {
        // Friday 1 October is an ordinary Friday: weekends only, and the count says so.
        after_sep_30: Counted { value: d(2027, 10, 1), years_without_data: vec![2027] },
        // Mon 27 Sep … Fri 1 Oct, Mon 4 … Fri 8 Oct.
        ten_after_sep_24: Counted { value: d(2027, 10, 8), years_without_data: vec![2027] },
        between: Counted { value: 10, years_without_data: vec![2027] },
        oct_1: DayKind::Workday,
        sep_25: DayKind::Weekend,
        has_2027: false,
        sources_2027: Vec::new(),
    };
    assert_eq!(counts(), weekends_only, "the bundled content counts 2027 by weekends only");

    let pack = pack_with_2027();
    // Checking a pack reads the pack on this thread only: the counts in use do not change.
    assert_eq!(counts(), weekends_only);

    content::activate(pack);
    let with_holidays = Counts {
        // 1–7 October off: the next working day is Friday 8 October.
        after_sep_30: Counted { value: d(2027, 10, 8), years_without_data: Vec::new() },
        // Sat 25 Sep (make-up), Mon 27 … Thu 30 Sep, Fri 8 Oct, Mon 11 … Thu 14 Oct.
        ten_after_sep_24: Counted { value: d(2027, 10, 14), years_without_data: Vec::new() },
        between: Counted { value: 6, years_without_data: Vec::new() },
        oct_1: DayKind::Holiday { name: TEST_NAME.into() },
        sep_25: DayKind::MakeUpWorkday { name: TEST_NAME.into() },
        has_2027: true,
        sources_2027: vec![TEST_PAPER.into()],
    };
    assert_eq!(counts(), with_holidays, "the pack's 2027 holidays are counted");
    assert!(workdays::covered_years().contains(&2027));

    // Rolling back to the bundled content: 2027 is weekends-only again.
    content::activate(ContentSet::bundled());
    assert_eq!(counts(), weekends_only, "after rollback 2027 counts are as before");
    assert!(!workdays::covered_years().contains(&2027));
}
