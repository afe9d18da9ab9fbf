//! 我的日期 exported as .ics and read back by an independent parser: Python's `icalendar`
//! (Debian's python3-icalendar, installed by scripts/setup.sh --test) through tests/ics/parse_ics.py.
//! Every event and every alarm is checked: dates, Beijing time with its VTIMEZONE, recurrence,
//! alarm offsets, UIDs.
//!
//! Unix only: the parser is Debian's python3, which a Windows test binary under Wine cannot start.
#![cfg(unix)]

use std::process::Command;

use assistant_core::dates::{ics, my_dates, DateEntry, DateEntryKind, DateSources};
use assistant_core::feedback::{track, TrackKind, TrackedFile, TrackedItem};
use assistant_core::lang::Lang;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use serde_json::Value;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// Debian's python3 (where python3-icalendar lives), whatever `python3` is first on PATH.
fn python() -> &'static str {
    if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

fn parse(ics_text: &str) -> Value {
    let path = std::env::temp_dir().join(format!("aa-ics-{}.ics", std::process::id()));
    std::fs::write(&path, ics_text).expect("write");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/ics/parse_ics.py");
    let out = Command::new(python()).arg(script).arg(&path).output().expect("python3 runs");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "the independent parser refused the file (is python3-icalendar installed?): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json from the parser")
}

fn event<'a>(parsed: &'a Value, uid_start: &str) -> &'a Value {
    parsed["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["uid"].as_str().is_some_and(|u| u.starts_with(uid_start)))
        .unwrap_or_else(|| panic!("no event {uid_start}"))
}

fn triggers(e: &Value) -> Vec<i64> {
    e["alarms"].as_array().expect("alarms").iter().map(|a| a["trigger_seconds"].as_i64().expect("relative")).collect()
}

fn absolute(e: &Value) -> Vec<String> {
    e["alarms"]
        .as_array()
        .expect("alarms")
        .iter()
        .map(|a| a["trigger_at"].as_str().expect("absolute").to_owned())
        .collect()
}

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

#[test]
fn every_event_and_alarm_survives_an_independent_parser() {
    let today = d(2026, 11, 30);
    let mut tracked = TrackedFile::new();
    tracked.upsert(TrackedItem {
        id: "r1".into(),
        case: None,
        tracked: track(TrackKind::NmpaFeedback { logged_in: true }, today).expect("track"),
        lookup: None,
        answered_on: None,
    });
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("time");
    let entries = vec![
        DateEntry {
            id: "win".into(),
            kind: DateEntryKind::CertificationWindow {
                place: "湖南省".into(),
                starts: d(2026, 12, 7),
                ends: d(2026, 12, 18),
                opens: t(8, 30),
                closes: t(17, 30),
            },
        },
        DateEntry { id: "reg".into(), kind: DateEntryKind::RegistrationRenewal { ends: d(2027, 6, 30) } },
        DateEntry { id: "ce".into(), kind: DateEntryKind::ContinuingEducation { first_year: 2025 } },
        DateEntry { id: "id".into(), kind: DateEntryKind::IdCardEnd { ends: d(2027, 2, 10) } },
    ];
    let sources = DateSources { tracked: &tracked, certificates: &[], entries: &entries, notices: &[] };
    let items = my_dates(&sources, today);
    let stamp = Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0).single().expect("instant");
    let text = ics::calendar(&items, Lang::ZhCn, stamp);
    assert!(text.lines().all(|l| l.len() <= 75 + 1), "lines folded at 75 octets");
    assert!(text.contains("\r\n"), "CRLF line ends");

    let parsed = parse(&text);
    assert_eq!(parsed["version"], "2.0");
    assert_eq!(parsed["name"], "申请助手 · 我的日期");
    let tz = &parsed["timezones"][0];
    assert_eq!(tz["tzid"], "Asia/Shanghai");
    assert_eq!(tz["rules"][0]["from"], 8 * HOUR);
    assert_eq!(tz["rules"][0]["to"], 8 * HOUR);
    assert_eq!(parsed["events"].as_array().expect("events").len(), items.len(), "one event per item");

    // The reply: all day on its due date (2 working days after Monday 30 Nov = Wed 2 Dec), one
    // alarm at 9:00 that morning.
    let reply = event(&parsed, "tracked-r1@");
    assert_eq!(reply["start"]["date"], "2026-12-02");
    assert_eq!(reply["end"]["date"], "2026-12-03", "all-day events end the next day");
    assert_eq!(triggers(reply), [9 * HOUR]);
    assert_eq!(reply["alarms"][0]["action"], "DISPLAY");
    assert!(reply["url"].as_str().is_some_and(|u| u.starts_with("https://zwfw.nmpa.gov.cn")));

    // The window: Beijing time with its zone, every day until the last day, one alarm (absolute,
    // so the daily repeats do not each ring the day before); its last day is its own event with alarms 3 days and 1 day before at 9:00.
    let open = event(&parsed, "entry-win-open@");
    assert_eq!(open["start"]["datetime"], "2026-12-07T08:30:00");
    assert_eq!(open["start"]["tzid"], "Asia/Shanghai");
    assert_eq!(open["start"]["utc_offset_hours"], 8.0);
    assert_eq!(open["end"]["datetime"], "2026-12-07T17:30:00");
    assert_eq!(open["rrule"]["FREQ"][0], "DAILY");
    assert_eq!(open["rrule"]["UNTIL"][0], "2026-12-18 00:30:00+00:00", "the last day's 8:30 Beijing in UTC");
    assert_eq!(absolute(open), ["2026-12-06T01:00:00+0000"], "once, the day before at 9:00 Beijing");
    assert!(open["summary"].as_str().is_some_and(|s| s.contains("湖南省")));
    assert!(open["description"].as_str().is_some_and(|s| s.contains("08:30–17:30")));
    let last = event(&parsed, "entry-win-last@");
    assert_eq!(last["start"]["date"], "2026-12-18");
    assert_eq!(triggers(last), [-3 * DAY + 9 * HOUR, -DAY + 9 * HOUR]);

    // Renewal: apply by 30 days before the end (2027-05-31), reminded 60, 14 and 1 days before.
    let apply = event(&parsed, "entry-reg-apply@");
    assert_eq!(apply["start"]["date"], "2027-05-31");
    assert_eq!(triggers(apply), [-60 * DAY + 9 * HOUR, -14 * DAY + 9 * HOUR, -DAY + 9 * HOUR]);
    assert!(apply["description"].as_str().is_some_and(|s| s.contains("国药监人〔2021〕36号")));
    assert_eq!(event(&parsed, "entry-reg-end@")["start"]["date"], "2027-06-30");

    // Credits: 31 December, every year.
    let ce = event(&parsed, "entry-ce@");
    assert_eq!(ce["start"]["date"], "2026-12-31");
    assert_eq!(ce["rrule"]["FREQ"][0], "YEARLY");
    assert_eq!(triggers(ce), [-60 * DAY + 9 * HOUR, -14 * DAY + 9 * HOUR]);

    // The ID card: its end date only; nothing else about the card is in the file.
    let id = event(&parsed, "entry-id@");
    assert_eq!(id["start"]["date"], "2027-02-10");
    assert_eq!(triggers(id), [-90 * DAY + 9 * HOUR, -30 * DAY + 9 * HOUR, -7 * DAY + 9 * HOUR]);

    for e in parsed["events"].as_array().expect("events") {
        assert!(e["uid"].as_str().is_some_and(|u| u.ends_with("@applicant-assistant.app")), "{e}");
        assert_eq!(e["dtstamp"], "2026-11-30 02:00:00+00:00");
        assert!(!e["alarms"].as_array().expect("alarms").is_empty() || e["uid"].as_str() == Some(""), "{e}");
    }

    // English export: the same events, English summaries.
    let en = parse(&ics::calendar(&items, Lang::En, stamp));
    assert_eq!(event(&en, "entry-id@")["summary"], "ID card expires");
}
