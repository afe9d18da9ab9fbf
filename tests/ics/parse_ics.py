#!/usr/bin/env python3
"""Reads an .ics file with Python's `icalendar` (an independent RFC 5545 parser, Debian's
python3-icalendar) and prints what a calendar program would take from it, as JSON: the calendar's
properties, its time zones, and every event with its start, end, recurrence and alarms.

Used by the core test (src-tauri/core/tests/calendar_export.rs) and the end-to-end test of 我的日期.
Exits non-zero when the file does not parse."""
import json
import sys
from datetime import date, datetime, timedelta

import icalendar


def when(value):
    v = value.dt
    if isinstance(v, datetime):
        tz = v.tzinfo
        return {
            "datetime": v.strftime("%Y-%m-%dT%H:%M:%S"),
            "tzid": value.params.get("TZID"),
            "utc_offset_hours": (v.utcoffset().total_seconds() / 3600) if tz else None,
        }
    if isinstance(v, date):
        return {"date": v.isoformat()}
    return {"other": str(v)}


def seconds(td: timedelta) -> int:
    return int(td.total_seconds())


def main(path: str) -> None:
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    out = {
        "version": str(cal.get("VERSION")),
        "prodid": str(cal.get("PRODID")),
        "name": str(cal.get("X-WR-CALNAME")),
        "timezones": [],
        "events": [],
    }
    for tz in cal.walk("VTIMEZONE"):
        rules = [
            {
                "kind": sub.name,
                "from": seconds(sub.get("TZOFFSETFROM").td),
                "to": seconds(sub.get("TZOFFSETTO").td),
            }
            for sub in tz.subcomponents
        ]
        out["timezones"].append({"tzid": str(tz.get("TZID")), "rules": rules})
    for ev in cal.walk("VEVENT"):
        rrule = ev.get("RRULE")
        alarms = []
        for alarm in ev.walk("VALARM"):
            trig = alarm.get("TRIGGER")
            alarms.append(
                {
                    "action": str(alarm.get("ACTION")),
                    "description": str(alarm.get("DESCRIPTION")),
                    "trigger_seconds": seconds(trig.dt) if isinstance(trig.dt, timedelta) else None,
                    "trigger_at": trig.dt.strftime("%Y-%m-%dT%H:%M:%S%z") if isinstance(trig.dt, datetime) else None,
                    "related": trig.params.get("RELATED", "START"),
                }
            )
        out["events"].append(
            {
                "uid": str(ev.get("UID")),
                "summary": str(ev.get("SUMMARY")),
                "description": str(ev.get("DESCRIPTION", "")),
                "location": str(ev.get("LOCATION", "")),
                "url": str(ev.get("URL", "")),
                "start": when(ev.get("DTSTART")),
                "end": when(ev.get("DTEND")),
                "rrule": {k: [str(x) for x in v] for k, v in rrule.items()} if rrule else None,
                "dtstamp": str(ev.get("DTSTAMP").dt) if ev.get("DTSTAMP") else None,
                "alarms": alarms,
            }
        )
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
