use chrono::{NaiveDate, NaiveTime};

use super::*;
use crate::feedback::{track, TrackedItem};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("time")
}

fn tracked(today: NaiveDate) -> TrackedFile {
    let mut file = TrackedFile::new();
    file.upsert(TrackedItem {
        id: "r1".into(),
        case: None,
        tracked: track(TrackKind::JszgManualReview, today).expect("track"),
        lookup: None,
        answered_on: None,
    });
    file.upsert(TrackedItem {
        id: "r2".into(),
        case: None,
        tracked: track(TrackKind::JszgEmail, today).expect("track"),
        lookup: None,
        answered_on: Some(today),
    });
    file
}

fn entries() -> Vec<DateEntry> {
    vec![
        DateEntry { id: "id".into(), kind: DateEntryKind::IdCardEnd { ends: d(2027, 2, 10) } },
        DateEntry { id: "reg".into(), kind: DateEntryKind::RegistrationRenewal { ends: d(2027, 6, 30) } },
        DateEntry { id: "ce".into(), kind: DateEntryKind::ContinuingEducation { first_year: 2024 } },
        DateEntry {
            id: "win".into(),
            kind: DateEntryKind::CertificationWindow {
                place: "湖南省".into(),
                starts: d(2026, 12, 7),
                ends: d(2026, 12, 18),
                opens: t(9, 0),
                closes: t(17, 30),
            },
        },
    ]
}

#[test]
fn one_list_soonest_first_from_every_source() {
    let today = d(2026, 11, 30);
    let file = tracked(today);
    let entries = entries();
    let notices = vec![NoticeDates {
        id: "exam".into(),
        text: Text::new("考试", "考試", "Exam"),
        as_of: d(2026, 3, 1),
        starts: d(2027, 10, 17),
        ends: d(2027, 10, 18),
        expected: false,
        source: Text::new("来源", "來源", "Source"),
        stale: false,
    }];
    let old_notice = NoticeDates { id: "old".into(), starts: d(2025, 6, 1), ends: d(2025, 6, 2), ..notices[0].clone() };
    let notices = [notices[0].clone(), old_notice];
    let sources = DateSources { tracked: &file, certificates: &[], entries: &entries, notices: &notices };
    let list = my_dates(&sources, today);
    let ids: Vec<&str> = list.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "entry-win-open",
            "tracked-r1",
            "entry-win-last",
            "entry-ce",
            "entry-id",
            "entry-reg-apply",
            "entry-reg-end",
            "notice-exam"
        ],
        "the answered reply and the passed notice are left out"
    );
    let reply = &list[1];
    assert_eq!(reply.date, d(2026, 12, 9), "7 working days after Monday 2026-11-30");
    assert_eq!(reply.days_left, 9);
    let renewal = list.iter().find(|i| i.id == "entry-reg-apply").expect("renewal");
    assert_eq!(renewal.date, d(2027, 5, 31), "30 days before 2027-06-30");
    assert_eq!(renewal.kind, DateKind::RegistrationRenewal);
    assert_eq!(renewal.kind.id(), "registration_renewal");
    let ce = list.iter().find(|i| i.id == "entry-ce").expect("credits");
    assert_eq!((ce.date, ce.yearly), (d(2026, 12, 31), true));
    let window = &list[0];
    assert_eq!(window.hours, Some(DailyHours { opens: t(9, 0), closes: t(17, 30), until: d(2026, 12, 18) }));
    assert!(window.todo.zh_cn.contains("09:00–17:30"), "{}", window.todo.zh_cn);
    for i in &list {
        assert!(!i.title.has_blank() && !i.todo.has_blank() && !i.place.has_blank(), "{i:?}");
    }
}

#[test]
fn an_open_window_and_an_overdue_reply_stay_while_past_dates_go() {
    let sent = d(2026, 11, 2);
    let file = tracked(sent);
    let entries = entries();
    let sources = DateSources { tracked: &file, certificates: &[], entries: &entries, notices: &[] };
    let list = my_dates(&sources, d(2026, 12, 10));
    let ids: Vec<&str> = list.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids[..3], ["tracked-r1", "entry-win-open", "entry-win-last"], "{ids:?}");
    assert!(list[0].days_left < 0);
    let list = my_dates(&sources, d(2026, 12, 19));
    assert!(!list.iter().any(|i| i.kind == DateKind::CertificationWindow), "the window is over");
}

#[test]
fn reminders_come_at_the_lead_times_once_per_step() {
    let entries = entries();
    let file = TrackedFile::new();
    let sources = DateSources { tracked: &file, certificates: &[], entries: &entries, notices: &[] };
    let keys = |day| {
        let list = my_dates(&sources, day);
        reminders(&list, day).into_iter().map(|r| r.key).collect::<Vec<_>>()
    };
    let id_keys = |day| keys(day).into_iter().filter(|k| k.starts_with("entry-id:")).collect::<Vec<_>>();
    // ID card ends 2027-02-10: 90 days before is 2026-11-12.
    assert_eq!(id_keys(d(2026, 11, 11)), Vec::<String>::new());
    assert_eq!(id_keys(d(2026, 11, 12)), ["entry-id:90"]);
    assert_eq!(id_keys(d(2027, 1, 11)), ["entry-id:30"]);
    // Credits: 60 days before 31 December is 1 November.
    assert!(keys(d(2026, 11, 1)).contains(&"entry-ce:60".to_owned()));
    // The window opens 2026-12-07 (remind the day before) and closes 12-18 (3 and 1 days before).
    let dec6 = keys(d(2026, 12, 6));
    assert!(dec6.contains(&"entry-win-open:1".to_owned()), "{dec6:?}");
    assert!(!dec6.iter().any(|k| k.starts_with("entry-win-last")), "{dec6:?}");
    assert!(keys(d(2026, 12, 15)).contains(&"entry-win-last:3".to_owned()));
    assert!(keys(d(2026, 12, 17)).contains(&"entry-win-last:1".to_owned()));
    let all = reminders(&my_dates(&sources, d(2026, 11, 12)), d(2026, 11, 12));
    let text = &all.iter().find(|r| r.key == "entry-id:90").expect("id reminder").text;
    assert!(text.zh_cn.contains("2027-02-10") && text.zh_cn.contains("还有 90 天"), "{}", text.zh_cn);
}

#[test]
fn kinds_have_hook_names() {
    for k in DateKind::ALL {
        assert_eq!(DateKind::from_id(k.id()), Some(k));
        let json = serde_json::to_string(&k).expect("json");
        assert_eq!(json, format!("\"{}\"", k.id()));
        assert!(!k.lead_days().is_empty());
    }
    assert_eq!(DateKind::from_id("nope"), None);
}
