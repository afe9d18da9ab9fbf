//! The only place the app reads the clock. The portals run on Beijing time (UTC+8, no DST),
//! so "today" for every rule is the date in Beijing, wherever the computer is.

use chrono::{FixedOffset, NaiveDate, Utc};

pub fn today_beijing() -> NaiveDate {
    let beijing = FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC offset"));
    Utc::now().with_timezone(&beijing).date_naive()
}
