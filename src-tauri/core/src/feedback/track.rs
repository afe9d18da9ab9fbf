//! Waiting for an answer: when it is due in working days, how to look for it, and when to remind.
//!
//! Three kinds of waiting share this:
//! - the NMPA feedback form: "我们会在两个工作日之内给您回复" (seed 000, 联系我们 page) → 2 working days;
//! - the teacher site's manual review of real-name verification: a conclusion guaranteed only
//!   "7个工作日之内" (seed 002, 实名核验 (4)) → 7 working days;
//! - e-mail to the teacher site's help address: "工作人员会在工作日24小时内回复" (seed 002) →
//!   1 working day. Reading: the 24 hours run on working days only, so a mail sent on a working
//!   day is answered by the same hour of the next working day, and one sent on a day off by the
//!   end of the first working day after it. At date resolution both are "the next working day",
//!   which is [`add_working_days`]`(sent, 1)`.
//!
//! Dates are Beijing dates (see [`beijing_date`]): the portals' working days are mainland ones.

use chrono::{DateTime, Months, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::draft::FeedbackCase;
use crate::identity::mask_id;
use crate::lang::Text;
use crate::workdays::{add_working_days, WorkdaysError};

/// What is being waited on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TrackKind {
    /// The NMPA hall's feedback form. Where the reply shows depends on whether the applicant
    /// was logged in when sending it.
    NmpaFeedback { logged_in: bool },
    /// 中国教师资格网: manual review (人工审核) after real-name verification failed.
    JszgManualReview,
    /// 中国教师资格网: an e-mail to the help address.
    JszgEmail,
}

impl TrackKind {
    /// The promised time, in working days after the day of sending.
    pub fn working_days(self) -> u32 {
        match self {
            TrackKind::NmpaFeedback { .. } => 2,
            TrackKind::JszgManualReview => 7,
            TrackKind::JszgEmail => 1,
        }
    }

    /// Where the promise is stated: the public page by its title, site and date
    /// (`data/sources.toml`), never an internal file name.
    pub fn source(self) -> String {
        let (id, section) = match self {
            TrackKind::NmpaFeedback { .. } => ("nmpa_hall_help", "二（二）“联系我们”页面、第3步、第4步"),
            TrackKind::JszgManualReview => ("jszg_faq", "实名核验相关问题（4）"),
            TrackKind::JszgEmail => ("jszg_faq", "账号注册问题；账号登录问题（3）"),
        };
        crate::sources::SourceRef::new(id, Some(section)).view(crate::lang::Lang::ZhCn).display
    }
}

/// One thing sent, with its due date and how to check for the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Tracked {
    pub kind: TrackKind,
    /// The Beijing date it was sent.
    pub submitted: NaiveDate,
    /// The promised working days ([`TrackKind::working_days`]).
    pub working_days: u32,
    /// The last day of the promise: look for the answer from this day on.
    pub expected_by: NaiveDate,
    /// The next working day after `expected_by`: no answer by then means the promise was missed.
    pub overdue_from: NaiveDate,
    /// Years in the count without official holiday data (weekends only): say the date may move.
    pub years_without_data: Vec<i32>,
    /// Where and how to look for the answer, in order.
    pub how_to_check: Vec<Text>,
    /// NMPA, not logged in: the lookup page shows only the last 3 months, so look before this
    /// day (conservatively the day before the 3-month anniversary). `None` otherwise.
    pub query_deadline: Option<NaiveDate>,
    /// Where the promised time and the way to check come from.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TrackError {
    /// The date is outside the working-day calendar's range.
    #[error("{error}")]
    Workdays {
        #[from]
        error: WorkdaysError,
    },
    #[error("no date three months after {submitted}")]
    QueryDeadline { submitted: NaiveDate },
}

/// Whether to remind the applicant today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReminderState {
    /// Before `expected_by`: nothing to do yet.
    NotYet,
    /// From `expected_by` until the next working day: go and look for the answer.
    Due,
    /// From `overdue_from` on: still no answer means the promise was missed; look again, and
    /// consider writing once more.
    Overdue,
}

/// The Beijing wall-clock time (UTC+8, no daylight saving) of an instant. Checked: an instant
/// within 8 hours of the calendar's end (a corrupt or absurd stored value) stays at its UTC time
/// instead of overflowing.
pub fn beijing_naive(instant: DateTime<Utc>) -> NaiveDateTime {
    let utc = instant.naive_utc();
    utc.checked_add_signed(TimeDelta::hours(8)).unwrap_or(utc)
}

/// The Beijing date (UTC+8, no daylight saving) of an instant.
pub fn beijing_date(instant: DateTime<Utc>) -> NaiveDate {
    beijing_naive(instant).date()
}

fn nmpa_phone_note() -> Text {
    Text::new(
        "工作人员核实时可能按你在表里留的手机号打电话，请留意来电。",
        "工作人員核實時可能依你在表裡留的手機號碼打電話，請留意來電。",
        "While checking, the staff may call the mobile number you put in the form: keep an eye on your phone.",
    )
}

fn how_to_check(kind: TrackKind, query_deadline: Option<NaiveDate>) -> Vec<Text> {
    match kind {
        TrackKind::NmpaFeedback { logged_in: false } => {
            let mut v = vec![Text::new(
                "没登录时提交的：在网上办事大厅首页点“联系我们”，进入“在线办事反馈查询”，填和提交时完全一样的咨询人、手机号、电子邮箱，再输入图形验证码。",
                "沒登入時送出的：在網上辦事大廳首頁點「联系我们」，進入「在线办事反馈查询」，填和送出時完全一樣的咨询人、手机号、电子邮箱，再輸入圖形驗證碼。",
                "Sent without logging in: on the hall's home page click 联系我们 (Contact us), open 在线办事反馈查询 (feedback lookup), and enter exactly the name, mobile number and e-mail you put in the form, then the picture code.",
            )];
            if let Some(d) = query_deadline {
                let ymd = d.format("%Y-%m-%d");
                v.push(Text {
                    zh_cn: format!("这个查询只能查最近 3 个月内没登录时提交的问题，请在 {ymd} 之前查看。"),
                    zh_tw: format!("這個查詢只能查最近 3 個月內沒登入時送出的問題，請在 {ymd} 之前查看。"),
                    en: format!("The lookup only covers questions sent without logging in during the last 3 months: look by {ymd}."),
                });
            }
            v.push(Text::new(
                "查不到时，先核对填的姓名、手机号和邮箱是否和提交时一字不差。",
                "查不到時，先核對填的姓名、手機號碼和電子郵件是否和送出時一字不差。",
                "If nothing shows, check that the name, phone and e-mail match the form character for character.",
            ));
            v.push(nmpa_phone_note());
            v
        }
        TrackKind::NmpaFeedback { logged_in: true } => vec![
            Text::new(
                "登录时提交的：登录网上办事大厅，到“我的互动—在线办事反馈”查看回复。",
                "登入時送出的：登入網上辦事大廳，到「我的互动—在线办事反馈」查看回覆。",
                "Sent while logged in: log in to the hall and open 我的互动—在线办事反馈 (My interactions – Feedback).",
            ),
            nmpa_phone_note(),
        ],
        TrackKind::JszgManualReview => vec![
            Text::new(
                "登录中国教师资格网，在“个人信息中心”的“实名核验”里查看人工审核的结论。",
                "登入中國教師資格網，在「个人信息中心」的「实名核验」裡查看人工審核的結論。",
                "Log in to the teacher-qualification site (中国教师资格网) and look at 实名核验 (real-name verification) under 个人信息中心 (personal information centre) for the review's conclusion.",
            ),
            Text::new(
                "等待审核期间，已提交的信息不能修改，也不能再做实名核验。",
                "等待審核期間，已送出的資料不能修改，也不能再做實名核驗。",
                "While the review is pending you cannot change what you sent or retry real-name verification.",
            ),
            Text::new(
                "官方只保证 7 个工作日内给出结论，请按这个时间安排后面的报名等事项。",
                "官方只保證 7 個工作天內給出結論，請按這個時間安排後面的報名等事項。",
                "The site only guarantees a conclusion within 7 working days: plan registration and later steps around that.",
            ),
        ],
        TrackKind::JszgEmail => vec![
            Text::new(
                "查看你发信用的邮箱，也看看垃圾邮件箱。邮件发送成功后会先收到一封自动回复；没收到自动回复，邮件可能没有送到。",
                "查看你寄信用的信箱，也看看垃圾郵件匣。郵件寄送成功後會先收到一封自動回覆；沒收到自動回覆，郵件可能沒有送到。",
                "Check the mailbox you sent from, including the spam folder. A successful send first brings an automatic reply; without one, the mail may not have arrived.",
            ),
            Text::new(
                "工作人员在工作日 24 小时内回复；周末和节假日不算。",
                "工作人員在工作日 24 小時內回覆；週末和節假日不算。",
                "Staff reply within 24 hours on working days; weekends and public holidays do not count.",
            ),
        ],
    }
}

/// When the answer to something sent on `submitted` (a Beijing date) is due, and how to check.
pub fn track(kind: TrackKind, submitted: NaiveDate) -> Result<Tracked, TrackError> {
    let n = kind.working_days();
    let expected = add_working_days(submitted, n)?;
    let overdue = add_working_days(expected.value, 1)?;
    let mut years = expected.years_without_data;
    years.extend(overdue.years_without_data);
    years.sort_unstable();
    years.dedup();
    let query_deadline = match kind {
        TrackKind::NmpaFeedback { logged_in: false } => Some(
            submitted
                .checked_add_months(Months::new(3))
                .and_then(|d| d.pred_opt())
                .ok_or(TrackError::QueryDeadline { submitted })?,
        ),
        _ => None,
    };
    Ok(Tracked {
        kind,
        submitted,
        working_days: n,
        expected_by: expected.value,
        overdue_from: overdue.value,
        years_without_data: years,
        how_to_check: how_to_check(kind, query_deadline),
        query_deadline,
        source: kind.source(),
    })
}

/// Whether to remind the applicant on `today` (a Beijing date).
pub fn reminder_due(tracked: &Tracked, today: NaiveDate) -> ReminderState {
    if today >= tracked.overdue_from {
        ReminderState::Overdue
    } else if today >= tracked.expected_by {
        ReminderState::Due
    } else {
        ReminderState::NotYet
    }
}

/// What the NMPA lookup page asks for, kept so the applicant need not write it down. No ID
/// number: the lookup does not ask for one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct LookupDetails {
    pub consultant: String,
    pub mobile: String,
    pub email: String,
}

/// One entry of the list of things waited on.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct TrackedItem {
    /// Chosen by the shell; unique in the file.
    pub id: String,
    /// The drafted case, when it came from [`super::draft_for`].
    #[serde(default)]
    pub case: Option<FeedbackCase>,
    pub tracked: Tracked,
    #[serde(default)]
    pub lookup: Option<LookupDetails>,
    /// Set when the applicant marks the answer as received; no more reminders then.
    #[serde(default)]
    pub answered_on: Option<NaiveDate>,
}

impl std::fmt::Debug for TrackedItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrackedItem")
            .field("id", &self.id)
            .field("case", &self.case)
            .field("kind", &self.tracked.kind)
            .field("expected_by", &self.tracked.expected_by)
            .field("mobile", &self.lookup.as_ref().map(|l| mask_id(&l.mobile)))
            .field("answered_on", &self.answered_on)
            .finish_non_exhaustive()
    }
}

/// A reminder for one unanswered item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Reminder {
    pub id: String,
    pub state: ReminderState,
    pub expected_by: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum TrackedFileError {
    #[error("tracked-items file does not parse: {0}")]
    Parse(String),
    #[error("unsupported tracked-items file version {0}")]
    Version(u32),
}

/// The file of things waited on, versioned so a newer app can migrate it. Writing it atomically
/// is the shell's job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct TrackedFile {
    pub version: u32,
    pub items: Vec<TrackedItem>,
}

impl TrackedFile {
    pub const VERSION: u32 = 1;

    pub fn new() -> TrackedFile {
        TrackedFile { version: Self::VERSION, items: Vec::new() }
    }

    /// Reads the list; an unreadable file is an error the shell reports (it never guesses).
    pub fn from_json(bytes: &[u8]) -> Result<Self, TrackedFileError> {
        let file: TrackedFile = serde_json::from_slice(bytes).map_err(|e| TrackedFileError::Parse(e.to_string()))?;
        if file.version != Self::VERSION {
            return Err(TrackedFileError::Version(file.version));
        }
        Ok(file)
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// Adds an item, or replaces the one with the same id.
    pub fn upsert(&mut self, item: TrackedItem) {
        match self.items.iter_mut().find(|i| i.id == item.id) {
            Some(existing) => *existing = item,
            None => self.items.push(item),
        }
    }

    /// Marks an item answered; false when there is no such id.
    pub fn mark_answered(&mut self, id: &str, on: NaiveDate) -> bool {
        self.items.iter_mut().find(|i| i.id == id).map(|i| i.answered_on = Some(on)).is_some()
    }

    /// Removes an item; false when there is no such id.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|i| i.id != id);
        self.items.len() != before
    }

    /// Reminders for unanswered items that are due or overdue on `today`, earliest first.
    pub fn reminders(&self, today: NaiveDate) -> Vec<Reminder> {
        let mut out: Vec<Reminder> = self
            .items
            .iter()
            .filter(|i| i.answered_on.is_none())
            .map(|i| Reminder {
                id: i.id.clone(),
                state: reminder_due(&i.tracked, today),
                expected_by: i.tracked.expected_by,
            })
            .filter(|r| r.state != ReminderState::NotYet)
            .collect();
        out.sort_by(|a, b| a.expected_by.cmp(&b.expected_by).then_with(|| a.id.cmp(&b.id)));
        out
    }
}

/// Which reminders to show as desktop notifications: each item once when its reply is due and
/// once more when it is overdue, however often the app starts. `shown` maps an item id to the
/// last state already notified; the caller saves the returned map.
pub fn reminders_to_notify(
    reminders: &[Reminder],
    shown: &std::collections::BTreeMap<String, ReminderState>,
) -> (Vec<Reminder>, std::collections::BTreeMap<String, ReminderState>) {
    let mut next = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for r in reminders {
        if shown.get(&r.id) != Some(&r.state) {
            out.push(r.clone());
        }
        next.insert(r.id.clone(), r.state);
    }
    (out, next)
}

/// The text of a reply reminder, in one language.
pub fn reminder_text(state: ReminderState, expected_by: NaiveDate) -> Text {
    let date = expected_by.format("%Y-%m-%d").to_string();
    match state {
        ReminderState::Overdue => Text::new(
            format!("答复已超过预计日期（{date}）。请再查一次；仍没有答复时可以再次反馈。"),
            format!("答覆已超過預計日期（{date}）。請再查一次；仍沒有答覆時可以再次回饋。"),
            format!(
                "The reply was expected by {date}. Look again; if there is still none, consider writing once more."
            ),
        ),
        _ => Text::new(
            format!("预计今天前（{date}）会有答复，请去查看。"),
            format!("預計今天前（{date}）會有答覆，請去查看。"),
            format!("A reply is expected by {date}: time to look for it."),
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_state_is_notified_once() {
        let r = |id: &str, state| Reminder { id: id.into(), state, expected_by: d(2026, 11, 24) };
        let none = std::collections::BTreeMap::new();
        let (out, shown) = reminders_to_notify(&[r("a", ReminderState::Due)], &none);
        assert_eq!(out.len(), 1);
        let (out, shown) = reminders_to_notify(&[r("a", ReminderState::Due)], &shown);
        assert!(out.is_empty(), "the same state is not shown twice");
        let (out, shown) = reminders_to_notify(&[r("a", ReminderState::Overdue), r("b", ReminderState::Due)], &shown);
        assert_eq!(out.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        // Answered items drop out of the list and out of the map.
        let (_, shown) = reminders_to_notify(&[r("b", ReminderState::Due)], &shown);
        assert_eq!(shown.len(), 1);
        assert!(reminder_text(ReminderState::Overdue, d(2026, 11, 24)).en.contains("2026-11-24"));
    }

    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    const GUEST: TrackKind = TrackKind::NmpaFeedback { logged_in: false };
    const USER: TrackKind = TrackKind::NmpaFeedback { logged_in: true };

    #[test]
    fn nmpa_before_national_day_2026() {
        // 2026: 10/1–10/7 off, 10/10 (Saturday) a make-up working day.
        let t = track(GUEST, d(2026, 9, 30)).expect("track");
        assert_eq!(t.expected_by, d(2026, 10, 9), "Thu 10/8 and Fri 10/9");
        assert_eq!(t.overdue_from, d(2026, 10, 10), "the make-up Saturday is a working day");
        assert!(t.years_without_data.is_empty());
        assert_eq!(t.query_deadline, Some(d(2026, 12, 29)));
        assert_eq!(reminder_due(&t, d(2026, 10, 5)), ReminderState::NotYet);
        assert_eq!(reminder_due(&t, d(2026, 10, 8)), ReminderState::NotYet);
        assert_eq!(reminder_due(&t, d(2026, 10, 9)), ReminderState::Due);
        assert_eq!(reminder_due(&t, d(2026, 10, 10)), ReminderState::Overdue);
    }

    #[test]
    fn manual_review_and_email_before_national_day_2026() {
        let t = track(TrackKind::JszgManualReview, d(2026, 9, 30)).expect("track");
        // 10/8, 10/9, 10/10 (make-up), 10/12, 10/13, 10/14, 10/15.
        assert_eq!(t.expected_by, d(2026, 10, 15));
        assert_eq!(t.query_deadline, None);
        let e = track(TrackKind::JszgEmail, d(2026, 9, 30)).expect("track");
        assert_eq!(e.expected_by, d(2026, 10, 8));
        assert_eq!(e.overdue_from, d(2026, 10, 9));
        // Sent on a holiday: due the first working day after it.
        assert_eq!(track(TrackKind::JszgEmail, d(2026, 10, 3)).map(|t| t.expected_by), Ok(d(2026, 10, 8)));
        // Sent on a Friday: due Monday.
        assert_eq!(track(TrackKind::JszgEmail, d(2026, 6, 5)).map(|t| t.expected_by), Ok(d(2026, 6, 8)));
    }

    #[test]
    fn spring_festival_2026_make_up_saturday_counts() {
        // 2026: 2/15–2/23 off; Saturday 2/14 a make-up working day.
        let t = track(USER, d(2026, 2, 13)).expect("track");
        assert_eq!(t.expected_by, d(2026, 2, 24));
        // Between the two, during the holiday, still nothing to do.
        assert_eq!(reminder_due(&t, d(2026, 2, 20)), ReminderState::NotYet);
        // Over a weekend after the due day the reminder stays "due", not "overdue".
        let f = track(USER, d(2026, 6, 3)).expect("track");
        assert_eq!(f.expected_by, d(2026, 6, 5));
        assert_eq!(reminder_due(&f, d(2026, 6, 6)), ReminderState::Due);
        assert_eq!(reminder_due(&f, d(2026, 6, 8)), ReminderState::Overdue);
    }

    #[test]
    fn years_without_data_are_reported() {
        let t = track(TrackKind::JszgManualReview, d(2026, 12, 28)).expect("track");
        assert_eq!(t.years_without_data, [2027]);
        assert_eq!(t.expected_by, d(2027, 1, 6), "weekends only in 2027");
        assert!(track(TrackKind::JszgManualReview, d(2199, 12, 28)).is_err());
        assert!(track(GUEST, d(1, 1, 1)).is_err());
        let err = track(TrackKind::JszgEmail, d(1, 1, 1)).expect_err("out of range");
        let json = serde_json::to_value(&err).expect("serialise");
        assert_eq!(json["code"], "workdays");
        assert_eq!(json["error"]["kind"], "date_out_of_range");
    }

    #[test]
    fn how_to_check_depends_on_login_and_names_the_deadline() {
        let guest = track(GUEST, d(2026, 5, 31)).expect("track");
        assert_eq!(guest.query_deadline, Some(d(2026, 8, 30)));
        assert!(guest.how_to_check.iter().any(|t| t.zh_cn.contains("在线办事反馈查询")));
        assert!(guest.how_to_check.iter().any(|t| t.en.contains("2026-08-30")));
        let user = track(USER, d(2026, 5, 31)).expect("track");
        assert_eq!(user.query_deadline, None);
        assert!(user.how_to_check.iter().any(|t| t.zh_cn.contains("我的互动—在线办事反馈")));
        // Month ends clamp: 11/30 + 3 months = 2/28, the day before is the deadline.
        assert_eq!(track(GUEST, d(2026, 11, 30)).map(|t| t.query_deadline), Ok(Some(d(2027, 2, 27))));
        for kind in [GUEST, USER, TrackKind::JszgManualReview, TrackKind::JszgEmail] {
            let t = track(kind, d(2026, 3, 2)).expect("track");
            assert!(!t.how_to_check.is_empty() && t.how_to_check.iter().all(|x| !x.has_blank()));
            assert!(t.source.starts_with("来源：《") && !t.source.contains("seed"), "{}", t.source);
        }
    }

    #[test]
    fn beijing_date_is_utc_plus_8() {
        let late = Utc.with_ymd_and_hms(2026, 9, 30, 16, 30, 0).single().expect("instant");
        assert_eq!(beijing_date(late), d(2026, 10, 1));
        let early = Utc.with_ymd_and_hms(2026, 9, 30, 15, 59, 0).single().expect("instant");
        assert_eq!(beijing_date(early), d(2026, 9, 30));
    }

    #[test]
    fn tracked_file_round_trips_and_reminds() {
        let mut file = TrackedFile::new();
        file.upsert(TrackedItem {
            id: "a".into(),
            case: Some(FeedbackCase::AlreadyExists),
            tracked: track(GUEST, d(2026, 9, 30)).expect("track"),
            lookup: Some(LookupDetails {
                consultant: "李明".into(),
                mobile: "13912345678".into(),
                email: "liming@163.com".into(),
            }),
            answered_on: None,
        });
        file.upsert(TrackedItem {
            id: "b".into(),
            case: None,
            tracked: track(TrackKind::JszgEmail, d(2026, 9, 30)).expect("track"),
            lookup: None,
            answered_on: None,
        });
        assert_eq!(TrackedFile::from_json(&file.to_json()), Ok(file.clone()));
        let ids = |f: &TrackedFile, day| f.reminders(day).into_iter().map(|r| (r.id, r.state)).collect::<Vec<_>>();
        assert_eq!(ids(&file, d(2026, 10, 1)), []);
        assert_eq!(
            ids(&file, d(2026, 10, 9)),
            [("b".to_owned(), ReminderState::Overdue), ("a".to_owned(), ReminderState::Due)]
        );
        assert!(file.mark_answered("b", d(2026, 10, 9)));
        assert!(!file.mark_answered("zzz", d(2026, 10, 9)));
        assert_eq!(ids(&file, d(2026, 10, 9)), [("a".to_owned(), ReminderState::Due)]);
        let shown = format!("{file:?}");
        assert!(!shown.contains("13912345678"), "{shown}");
        assert!(file.remove("a") && !file.remove("a"));
        assert_eq!(TrackedFile::from_json(br#"{"version":2,"items":[]}"#), Err(TrackedFileError::Version(2)));
        assert!(matches!(TrackedFile::from_json(b"nope"), Err(TrackedFileError::Parse(_))));
    }
}
