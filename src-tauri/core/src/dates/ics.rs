//! 我的日期 as an iCalendar file (RFC 5545), for Outlook, Apple Calendar, Thunderbird and phones.
//!
//! Made with the `icalendar` crate (line folding, escaping, the component model). Choices:
//! - a date without hours is an all-day event (`VALUE=DATE`, ending the next day as RFC 5545 wants);
//!   a window with daily hours is a timed event in Beijing time, `TZID=Asia/Shanghai`, repeating
//!   daily until its last day, and the file carries the `VTIMEZONE` for it (UTC+8, no daylight
//!   saving since 1991), so no calendar has to guess;
//! - alarms (`VALARM`, `ACTION:DISPLAY`) at the item's lead days, at 9:00 on each of those days
//!   (relative to the start; on a window repeating daily, absolute in UTC so they ring once; on
//!   the yearly credits, relative, so they ring every year);
//! - each event's `UID` is the item's stable id, so exporting again updates instead of duplicating;
//! - continuing education repeats every year (`RRULE:FREQ=YEARLY`).

use chrono::{DateTime, Duration, NaiveTime, Utc};
use icalendar::{Alarm, Calendar, CalendarDateTime, Component, Event, EventLike, Property, Related, Trigger};

use super::DateItem;
use crate::lang::Lang;

/// The time zone every timed event is stated in.
pub const TZID: &str = "Asia/Shanghai";
/// Alarms ring at this hour (Beijing time) on their day.
const ALARM_HOUR: u32 = 9;

/// China Standard Time as a VTIMEZONE: one STANDARD rule, +08:00 all year.
const VTIMEZONE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Applicant Assistant//tz//EN\r\n\
BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nX-LIC-LOCATION:Asia/Shanghai\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nDTSTART:19700101T000000\r\n\
END:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n";

/// The domain part of every UID.
const UID_DOMAIN: &str = "applicant-assistant.app";

fn description(item: &DateItem, lang: Lang) -> String {
    let mut lines = vec![item.todo.get(lang).to_owned()];
    let place = item.place.get(lang);
    if !place.is_empty() {
        lines.push(match lang {
            Lang::En => format!("Where: {place}"),
            Lang::ZhTw => format!("在哪裡：{place}"),
            Lang::ZhCn => format!("在哪里：{place}"),
        });
    }
    if let Some(url) = &item.url {
        lines.push(url.clone());
    }
    if let Some(source) = &item.source {
        lines.push(match lang {
            Lang::En => format!("Source: {source}"),
            _ => format!("来源：{source}"),
        });
    }
    lines.join("\n")
}

/// The alarm's offset from the event's start for a reminder `lead` days before, at 9:00.
fn trigger(lead: u32, starts_at: NaiveTime) -> Trigger {
    let nine = NaiveTime::from_hms_opt(ALARM_HOUR, 0, 0).unwrap_or(NaiveTime::MIN);
    let offset = (nine - starts_at) - Duration::days(i64::from(lead));
    Trigger::Duration(offset, Some(Related::Start))
}

fn event(item: &DateItem, lang: Lang, stamp: DateTime<Utc>) -> Event {
    let title = item.title.get(lang);
    let mut e = Event::new();
    e.uid(&format!("{}@{UID_DOMAIN}", item.id))
        .timestamp(stamp)
        .summary(title)
        .description(&description(item, lang))
        .location(item.place.get(lang));
    if let Some(url) = &item.url {
        e.url(url);
    }
    let starts_at = match item.hours {
        Some(h) => {
            let at = |t: NaiveTime| CalendarDateTime::WithTimezone {
                date_time: item.date.and_time(t),
                tzid: TZID.to_owned(),
            };
            e.starts(at(h.opens)).ends(at(h.closes));
            if h.until > item.date {
                // UNTIL is in UTC when DTSTART has a time zone: the last day's opening, less 8 hours.
                let last = (h.until.and_time(h.opens) - Duration::hours(8)).format("%Y%m%dT%H%M%SZ");
                e.add_property("RRULE", format!("FREQ=DAILY;UNTIL={last}"));
            }
            h.opens
        }
        None => {
            e.starts(item.date).ends(item.date.succ_opt().unwrap_or(item.date));
            NaiveTime::MIN
        }
    };
    if item.yearly {
        e.add_property("RRULE", "FREQ=YEARLY");
    }
    // A relative alarm on a repeating event rings before every repeat: a window's "opens
    // tomorrow" must ring once, so it is given as an absolute time (9:00 Beijing = 01:00 UTC).
    let repeats = item.yearly || item.hours.is_some_and(|h| h.until > item.date);
    for &lead in &item.lead_days {
        let when = if repeats && !item.yearly {
            let day = item.date - Duration::days(i64::from(lead));
            let nine_utc = day.and_hms_opt(ALARM_HOUR, 0, 0).map(|t| t - Duration::hours(8));
            match nine_utc {
                Some(t) => Trigger::DateTime(CalendarDateTime::Utc(t.and_utc())),
                None => trigger(lead, starts_at),
            }
        } else {
            trigger(lead, starts_at)
        };
        e.alarm(Alarm::display(title, when));
    }
    e.done()
}

/// The whole list (or one item) as an `.ics` text. `stamp` is the export's time (DTSTAMP).
pub fn calendar(items: &[DateItem], lang: Lang, stamp: DateTime<Utc>) -> String {
    let mut cal = Calendar::empty();
    let name = match lang {
        Lang::ZhCn => "申请助手 · 我的日期",
        Lang::ZhTw => "申請助手 · 我的日期",
        Lang::En => "Applicant Assistant · My dates",
    };
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Applicant Assistant//My dates//ZH"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("X-WR-CALNAME", name),
        ("X-WR-TIMEZONE", TZID),
    ] {
        cal.append_property(Property::new(key, value));
    }
    // The crate builds events but not time zones; its own parser reads ours into a component.
    if let Ok(tz) = VTIMEZONE.parse::<Calendar>() {
        cal.components.extend(tz.components);
    }
    for item in items {
        cal.push(event(item, lang, stamp));
    }
    cal.to_string()
}

/// A file name for the export: ASCII, so every mail program and phone keeps it.
pub fn file_name(single: Option<&DateItem>, today: chrono::NaiveDate) -> String {
    match single {
        Some(item) => format!("my-dates-{}-{}.ics", item.kind.id(), item.date.format("%Y%m%d")),
        None => format!("my-dates-{}.ics", today.format("%Y%m%d")),
    }
}
