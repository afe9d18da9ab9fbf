//! Annotation (加注) of a CPTA electronic certificate: the rules, and what they mean for one
//! certificate on one day.
//!
//! The rules come from 人社厅发〔2021〕97号 as restated in seed 001 (一、电子证书下载与加注,
//! 加注说明) and `domain-facts.md` ("CPTA e-certificate and annotation"). In short:
//! - an annotation puts a usage scenario and a validity period on the certificate, so it cannot be
//!   used without the holder's consent; certificates issued after 2021-12-17 can only be downloaded
//!   and used while an annotation is in force, and a lapsed one means applying again;
//! - one annotation covers at most 90 days;
//! - looking back 90 days from the day of an application, one certificate has at most 3 annotations;
//! - the portal finishes an application within 24 hours, and offers one scenario, 本人调用.
//!
//! Everything here takes `now` as an argument: nothing reads the clock, so every boundary is
//! testable. The portal's day is the Beijing day (UTC+8), whatever the computer's time zone.
//!
//! Precise readings chosen where the wording leaves room (each is tested at its boundary):
//! - **Span**: an annotation is valid on every Beijing day from `valid_from` to `valid_to`, both
//!   included; its span is `(valid_to − valid_from) + 1` days and must be at most
//!   [`MAX_SPAN_DAYS`]. So 2026-03-02..=2026-05-30 (90 days) passes and ..=2026-05-31 (91) does not.
//! - **Window**: for an application on Beijing day R, the window is R−89..=R (90 days, R itself
//!   counting as the first, as "自申请当日起向前计算" reads). Every annotation applied for on a
//!   day in the window counts, whether still valid or not: the app cannot see the portal's own
//!   bookkeeping, so it never promises a slot the portal might refuse. With annotations applied
//!   for on days 0, 30 and 60, a fourth is refused on day 89 and allowed on day 90.
//! - **Issue-date cut-off**: "after 2021-12-17" excludes the 17th itself; a certificate issued
//!   that day is reported as probably not needing one, with a note to follow the portal.
//! - **Processing**: an application is pending until 24 hours after it was sent (or until the
//!   applicant marks it done, if the portal finished sooner); only then can it be used.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::certificate::Certificate;
use crate::feedback::{beijing_date, beijing_naive};
use crate::lang::{en_count, Text};

/// Where the rules are stated (the named public document and the seed that restates it).
pub const SOURCE: &str = "人社厅发〔2021〕97号《人力资源社会保障部办公厅关于推行专业技术人员职业资格电子证书的通知》（2021年12月）；中国人事考试网《电子证书下载》（233网校转载，2021年12月24日）";

/// Certificates issued on a later day must be annotated before use.
pub const ANNOTATION_REQUIRED_AFTER: (i32, u32, u32) = (2021, 12, 17);
/// Longest span of one annotation, in days, both ends included.
pub const MAX_SPAN_DAYS: u32 = 90;
/// Length of the look-back window, in days, the application day included.
pub const WINDOW_DAYS: u32 = 90;
/// Most annotations one certificate may have in one window.
pub const MAX_IN_WINDOW: u32 = 3;
/// The portal completes an application within this many hours.
pub const PROCESSING_HOURS: u32 = 24;
/// The usage scenarios the portal offers to choose from.
pub const OFFERED_SCENARIOS: &[&str] = &["本人调用"];
/// Reminders before the certificate stops being usable (issue 6: 7 days and 1 day before).
pub const LAPSE_REMINDER_DAYS: [i64; 2] = [7, 1];
/// How long after the 24 hours a "processing has ended" reminder is still worth showing.
const PROCESSED_REMINDER_DAYS: i64 = 7;

/// The cut-off as a date.
pub fn annotation_required_after() -> NaiveDate {
    let (y, m, d) = ANNOTATION_REQUIRED_AFTER;
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// One annotation the applicant applied for on the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Annotation {
    /// Chosen by the shell; unique per certificate.
    pub id: String,
    /// The usage scenario chosen on the portal (see [`OFFERED_SCENARIOS`]).
    pub scenario: String,
    /// When the application was sent.
    pub requested_at: DateTime<Utc>,
    /// First Beijing day of validity.
    pub valid_from: NaiveDate,
    /// Last Beijing day of validity, included.
    pub valid_to: NaiveDate,
    /// Set when the applicant saw the portal finish sooner than the promised 24 hours.
    #[serde(default)]
    pub completed_at: Option<DateTime<Utc>>,
}

impl Annotation {
    /// The moment the application is known to be processed: when the applicant saw it done, at
    /// the latest 24 hours after sending.
    pub fn processed_at(&self) -> DateTime<Utc> {
        // Checked: a stored instant near the calendar's end must not overflow (it saturates).
        let promised = self
            .requested_at
            .checked_add_signed(Duration::hours(i64::from(PROCESSING_HOURS)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        match self.completed_at {
            Some(done) if done < promised => done.max(self.requested_at),
            _ => promised,
        }
    }

    /// The Beijing day the application was sent: the day the 3-in-90 window counts it on.
    pub fn requested_on(&self) -> NaiveDate {
        beijing_date(self.requested_at)
    }

    /// Its state at `now`.
    pub fn state(&self, now: DateTime<Utc>) -> AnnotationState {
        let today = beijing_date(now);
        if today > self.valid_to {
            AnnotationState::Lapsed
        } else if now < self.processed_at() {
            AnnotationState::Pending
        } else if today < self.valid_from {
            AnnotationState::NotYetValid
        } else {
            AnnotationState::Valid
        }
    }
}

/// What the applicant asks the portal for. The application time is `now` when it is checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct AnnotationRequest {
    pub scenario: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
}

/// Where one annotation stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationState {
    /// Sent, and the 24 hours of processing have not passed: not usable yet.
    Pending,
    /// Processed, but its first day has not come.
    NotYetValid,
    /// Processed and today (Beijing) is within its days: the certificate can be downloaded and used.
    Valid,
    /// Its last day has passed: apply again to use the certificate.
    Lapsed,
}

/// One annotation on the timeline the UI draws.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct TimelineEntry {
    pub id: String,
    pub requested_on: NaiveDate,
    pub processed_at: DateTime<Utc>,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub state: AnnotationState,
    /// Whether it counts against today's 3-in-90 window.
    pub in_window: bool,
}

/// Whether a certificate needs annotation, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Need {
    pub required: bool,
    pub reason: Text,
    pub source: String,
}

/// Everything the UI shows about one certificate's annotations on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Assessment {
    /// Today in Beijing, the day all the dates below are counted from.
    pub today: NaiveDate,
    pub needs_annotation: Need,
    /// The certificate can be downloaded and used right now.
    pub usable_now: bool,
    /// The last day it stays usable through the annotations already applied for (back-to-back ones
    /// joined). `None` when it is not usable now, or needs no annotation at all.
    pub usable_until: Option<NaiveDate>,
    /// The earliest end of processing among pending annotations.
    pub pending_until: Option<DateTime<Utc>>,
    /// The first day, today or later, on which a new application passes the 3-in-90 rule. `None`
    /// when the certificate needs no annotation.
    pub next_request_on: Option<NaiveDate>,
    /// Annotations counted in today's window.
    pub valid_count_in_window: u32,
    /// Today's window, both ends included.
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    /// Every annotation, in application order.
    pub timeline: Vec<TimelineEntry>,
    pub summary: Text,
}

/// Which rule an application breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RefusalRule {
    /// Longer than [`MAX_SPAN_DAYS`] days.
    SpanTooLong { days: u32 },
    /// The last day comes before the first.
    EndBeforeStart,
    /// The first day is before today (Beijing).
    StartsInPast { today: NaiveDate },
    /// Three annotations already counted in the window of the application day.
    WindowFull { count: u32, window_start: NaiveDate, next_request_on: Option<NaiveDate> },
    /// The portal does not offer this scenario.
    ScenarioNotOffered { scenario: String },
}

/// One reason an application would be refused, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Refusal {
    pub rule: RefusalRule,
    pub message: Text,
    pub source: String,
}

/// Something to know about an application that breaks no rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Warning {
    pub message: Text,
    pub source: String,
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Inclusive day count of `from..=to`; 0 when `to` is before `from`.
fn span_days(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from((to - from).num_days() + 1).unwrap_or(0)
}

/// First day of the window that ends on `day`.
pub fn window_start(day: NaiveDate) -> NaiveDate {
    day.checked_sub_signed(Duration::days(i64::from(WINDOW_DAYS) - 1)).unwrap_or(NaiveDate::MIN)
}

/// How many of `annotations` count against an application on `day`.
pub fn count_in_window(annotations: &[Annotation], day: NaiveDate) -> u32 {
    let start = window_start(day);
    let n = annotations.iter().filter(|a| (start..=day).contains(&a.requested_on())).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The first day from `from` on whose window holds fewer than [`MAX_IN_WINDOW`] annotations.
/// Within [`WINDOW_DAYS`] days every annotation applied for up to `from` has left the window, so
/// the search is bounded.
pub fn next_free_day(annotations: &[Annotation], from: NaiveDate) -> Option<NaiveDate> {
    from.iter_days().take(WINDOW_DAYS as usize + 1).find(|d| count_in_window(annotations, *d) < MAX_IN_WINDOW)
}

/// Whether `cert` needs annotation, by its issue date.
pub fn need(cert: &Certificate) -> Need {
    let cutoff = annotation_required_after();
    let (required, reason) = match cert.issue_date {
        None => (
            true,
            Text::new(
                "不知道证书的发证日期，先按需要加注处理。2021年12月17日之后发的电子证书都要加注；请填写证书上的发证日期。",
                "不知道證書的發證日期，先按需要加注處理。2021年12月17日之後發的電子證書都要加注；請填寫證書上的發證日期。",
                "The issue date is not known, so annotation is assumed to be needed: every e-certificate issued after 2021-12-17 needs it. Enter the issue date printed on the certificate.",
            ),
        ),
        Some(d) if d > cutoff => {
            let s = ymd(d);
            (
                true,
                Text {
                    zh_cn: format!("证书在 {s} 发证，晚于 2021年12月17日，必须先加注，并且只能在加注的有效期内下载和使用。"),
                    zh_tw: format!("證書在 {s} 發證，晚於 2021年12月17日，必須先加注，並且只能在加注的有效期內下載和使用。"),
                    en: format!("Issued on {s}, after 2021-12-17: it must be annotated, and can be downloaded and used only while an annotation is valid."),
                },
            )
        }
        Some(d) => {
            let s = ymd(d);
            (
                false,
                Text {
                    zh_cn: format!("证书在 {s} 发证，不晚于 2021年12月17日：规定只要求这之后发的证书加注，这张可能不需要。以证书查验页面显示为准。"),
                    zh_tw: format!("證書在 {s} 發證，不晚於 2021年12月17日：規定只要求這之後發的證書加注，這張可能不需要。以證書查驗頁面顯示為準。"),
                    en: format!("Issued on {s}, not after 2021-12-17: the rule covers only certificates issued after that day, so this one may not need annotation. The portal's certificate page has the final word."),
                },
            )
        }
    };
    Need { required, reason, source: SOURCE.to_owned() }
}

/// Joins back-to-back annotations: from the last valid day of those usable today, follows any
/// annotation that starts by the next day and will be processed before its first day begins.
fn usable_until(annotations: &[Annotation], now: DateTime<Utc>) -> Option<NaiveDate> {
    let mut until = annotations.iter().filter(|a| a.state(now) == AnnotationState::Valid).map(|a| a.valid_to).max()?;
    loop {
        let next = annotations
            .iter()
            .filter(|a| a.valid_to > until)
            .filter(|a| a.valid_from <= until.succ_opt().unwrap_or(until))
            .filter(|a| beijing_date(a.processed_at()) < a.valid_from || a.processed_at() <= now)
            .map(|a| a.valid_to)
            .max();
        match next {
            Some(to) => until = to,
            None => return Some(until),
        }
    }
}

/// Where `cert` stands on the day of `now`, given every annotation applied for so far.
pub fn assess(cert: &Certificate, annotations: &[Annotation], now: DateTime<Utc>) -> Assessment {
    let today = beijing_date(now);
    let needs = need(cert);
    let mut sorted: Vec<&Annotation> = annotations.iter().collect();
    sorted.sort_by(|a, b| a.requested_at.cmp(&b.requested_at).then_with(|| a.id.cmp(&b.id)));
    let start = window_start(today);
    let timeline: Vec<TimelineEntry> = sorted
        .iter()
        .map(|a| TimelineEntry {
            id: a.id.clone(),
            requested_on: a.requested_on(),
            processed_at: a.processed_at(),
            valid_from: a.valid_from,
            valid_to: a.valid_to,
            state: a.state(now),
            in_window: (start..=today).contains(&a.requested_on()),
        })
        .collect();
    let count = count_in_window(annotations, today);
    let pending_until =
        annotations.iter().filter(|a| a.state(now) == AnnotationState::Pending).map(Annotation::processed_at).min();
    let (usable_now, until, next) = if needs.required {
        let until = usable_until(annotations, now);
        (until.is_some(), until, next_free_day(annotations, today))
    } else {
        (true, None, None)
    };
    let summary = summary(needs.required, until, pending_until, next, today);
    Assessment {
        today,
        needs_annotation: needs,
        usable_now,
        usable_until: until,
        pending_until,
        next_request_on: next,
        valid_count_in_window: count,
        window_start: start,
        window_end: today,
        timeline,
        summary,
    }
}

fn beijing_time(t: DateTime<Utc>) -> String {
    beijing_naive(t).format("%Y-%m-%d %H:%M").to_string()
}

fn summary(
    required: bool,
    until: Option<NaiveDate>,
    pending: Option<DateTime<Utc>>,
    next: Option<NaiveDate>,
    today: NaiveDate,
) -> Text {
    if !required {
        return Text::new(
            "这张证书可能不需要加注，可以直接下载。",
            "這張證書可能不需要加注，可以直接下載。",
            "This certificate may not need annotation: it can be downloaded directly.",
        );
    }
    let mut parts: Vec<Text> = Vec::new();
    match until {
        Some(u) => {
            let s = ymd(u);
            parts.push(Text {
                zh_cn: format!("现在可以下载和使用，有效到 {s}（北京时间）。"),
                zh_tw: format!("現在可以下載和使用，有效到 {s}（北京時間）。"),
                en: format!("Usable now, until {s} (Beijing time)."),
            });
        }
        None => parts.push(Text::new(
            "现在没有生效的加注，不能下载和使用。",
            "現在沒有生效的加注，不能下載和使用。",
            "No annotation is in force now: the certificate cannot be downloaded or used.",
        )),
    }
    if let Some(p) = pending {
        let s = beijing_time(p);
        parts.push(Text {
            zh_cn: format!("已提交的加注最晚在 {s}（北京时间）处理完。"),
            zh_tw: format!("已送出的加注最晚在 {s}（北京時間）處理完。"),
            en: format!("The annotation applied for is processed by {s} (Beijing time) at the latest."),
        });
    }
    match next {
        Some(n) if n == today => parts.push(Text::new(
            "今天可以申请新的加注。",
            "今天可以申請新的加注。",
            "A new annotation can be applied for today.",
        )),
        Some(n) => {
            let s = ymd(n);
            parts.push(Text {
                zh_cn: format!("90天内已有3次加注，{s} 起才能再申请。"),
                zh_tw: format!("90天內已有3次加注，{s} 起才能再申請。"),
                en: format!("Three annotations in the last 90 days: the next one can be applied for from {s}."),
            });
        }
        None => {}
    }
    let join = |f: fn(&Text) -> &str, sep: &str| parts.iter().map(f).collect::<Vec<_>>().join(sep);
    Text { zh_cn: join(|t| &t.zh_cn, ""), zh_tw: join(|t| &t.zh_tw, ""), en: join(|t| &t.en, " ") }
}

fn refusal(rule: RefusalRule) -> Refusal {
    let message = match &rule {
        RefusalRule::SpanTooLong { days } => Text {
            zh_cn: format!("有效期共 {days} 天（首尾两天都算），一次加注最长 {MAX_SPAN_DAYS} 天。请把结束日期提前。"),
            zh_tw: format!("有效期共 {days} 天（首尾兩天都算），一次加注最長 {MAX_SPAN_DAYS} 天。請把結束日期提前。"),
            en: format!("The period covers {days} days (first and last included); one annotation covers at most {MAX_SPAN_DAYS}. Choose an earlier end date."),
        },
        RefusalRule::EndBeforeStart => Text::new(
            "结束日期早于开始日期。",
            "結束日期早於開始日期。",
            "The end date is before the start date.",
        ),
        RefusalRule::StartsInPast { today } => {
            let s = ymd(*today);
            Text {
                zh_cn: format!("开始日期已经过去：今天（北京时间）是 {s}。"),
                zh_tw: format!("開始日期已經過去：今天（北京時間）是 {s}。"),
                en: format!("The start date has passed: today in Beijing is {s}."),
            }
        }
        RefusalRule::WindowFull { count, window_start, next_request_on } => {
            let w = ymd(*window_start);
            let (zh_cn, zh_tw, en) = match next_request_on {
                Some(n) => {
                    let n = ymd(*n);
                    (
                        format!("从 {w} 到今天的90天里已经申请过 {count} 次加注，最多 {MAX_IN_WINDOW} 次。{n} 起可以再申请。"),
                        format!("從 {w} 到今天的90天裡已經申請過 {count} 次加注，最多 {MAX_IN_WINDOW} 次。{n} 起可以再申請。"),
                        format!("{count} annotations were applied for in the 90 days from {w} to today; at most {MAX_IN_WINDOW} are allowed. Apply again from {n}."),
                    )
                }
                None => (
                    format!("从 {w} 到今天的90天里已经申请过 {count} 次加注，最多 {MAX_IN_WINDOW} 次。"),
                    format!("從 {w} 到今天的90天裡已經申請過 {count} 次加注，最多 {MAX_IN_WINDOW} 次。"),
                    format!("{count} annotations were applied for in the 90 days from {w} to today; at most {MAX_IN_WINDOW} are allowed."),
                ),
            };
            Text { zh_cn, zh_tw, en }
        }
        RefusalRule::ScenarioNotOffered { scenario } => Text {
            zh_cn: format!("网站不提供“{scenario}”这个使用场景，只能选“本人调用”。"),
            zh_tw: format!("網站不提供「{scenario}」這個使用場景，只能選「本人调用」。"),
            en: format!("The portal does not offer the scenario “{scenario}”; the only one is 本人调用 (use by the holder)."),
        },
    };
    Refusal { rule, message, source: SOURCE.to_owned() }
}

/// Checks an application made at `now` against every rule. Ok carries warnings that break no
/// rule (a certificate that may not need annotation at all: the portal decides, so the app does
/// not refuse); Err carries every rule broken, not just the first, so the applicant fixes all at once.
pub fn check_request(
    cert: &Certificate,
    existing: &[Annotation],
    request: &AnnotationRequest,
    now: DateTime<Utc>,
) -> Result<Vec<Warning>, Vec<Refusal>> {
    let today = beijing_date(now);
    let mut refusals = Vec::new();
    let scenario = request.scenario.trim();
    if !OFFERED_SCENARIOS.contains(&scenario) {
        refusals.push(refusal(RefusalRule::ScenarioNotOffered { scenario: scenario.to_owned() }));
    }
    if request.valid_to < request.valid_from {
        refusals.push(refusal(RefusalRule::EndBeforeStart));
    } else {
        let days = span_days(request.valid_from, request.valid_to);
        if days > MAX_SPAN_DAYS {
            refusals.push(refusal(RefusalRule::SpanTooLong { days }));
        }
    }
    if request.valid_from < today {
        refusals.push(refusal(RefusalRule::StartsInPast { today }));
    }
    let count = count_in_window(existing, today);
    if count >= MAX_IN_WINDOW {
        refusals.push(refusal(RefusalRule::WindowFull {
            count,
            window_start: window_start(today),
            next_request_on: next_free_day(existing, today),
        }));
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    let needs = need(cert);
    Ok(if needs.required { Vec::new() } else { vec![Warning { message: needs.reason, source: needs.source }] })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::CertificateFormat;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    /// Noon in Beijing on `day`.
    fn noon(day: NaiveDate) -> DateTime<Utc> {
        Utc.from_utc_datetime(&day.and_hms_opt(4, 0, 0).expect("time"))
    }

    fn cert(issued: Option<NaiveDate>) -> Certificate {
        Certificate {
            sha256: "ab".repeat(32),
            format: CertificateFormat::Pdf,
            size_bytes: 1000,
            number: Some("2023123456789".into()),
            holder: Some("张三".into()),
            issue_date: issued,
            title: None,
            has_signature: true,
        }
    }

    fn ann(id: &str, at: DateTime<Utc>, from: NaiveDate, to: NaiveDate) -> Annotation {
        Annotation {
            id: id.into(),
            scenario: "本人调用".into(),
            requested_at: at,
            valid_from: from,
            valid_to: to,
            completed_at: None,
        }
    }

    fn req(from: NaiveDate, to: NaiveDate) -> AnnotationRequest {
        AnnotationRequest { scenario: "本人调用".into(), valid_from: from, valid_to: to }
    }

    fn rules(r: Result<Vec<Warning>, Vec<Refusal>>) -> Vec<RefusalRule> {
        r.err().unwrap_or_default().into_iter().map(|x| x.rule).collect()
    }

    #[test]
    fn issue_date_cut_off() {
        assert!(!need(&cert(Some(d(2021, 12, 17)))).required, "the 17th itself is not after the 17th");
        assert!(need(&cert(Some(d(2021, 12, 18)))).required);
        assert!(!need(&cert(Some(d(2020, 5, 1)))).required);
        assert!(need(&cert(None)).required, "unknown issue date: assume needed");
        let n = need(&cert(Some(d(2021, 12, 17))));
        assert!(n.source.contains("97号") && !n.reason.has_blank());
        // Old certificate: usable without annotation, no slot to wait for, and an application
        // passes with a warning, not a refusal.
        let a = assess(&cert(Some(d(2021, 12, 17))), &[], noon(d(2026, 3, 2)));
        assert!(a.usable_now && a.usable_until.is_none() && a.next_request_on.is_none());
        let w =
            check_request(&cert(Some(d(2021, 12, 17))), &[], &req(d(2026, 3, 2), d(2026, 3, 10)), noon(d(2026, 3, 2)));
        assert_eq!(w.map(|w| w.len()), Ok(1));
        let new = assess(&cert(Some(d(2021, 12, 18))), &[], noon(d(2026, 3, 2)));
        assert!(!new.usable_now && new.usable_until.is_none());
        assert_eq!(new.next_request_on, Some(d(2026, 3, 2)));
    }

    #[test]
    fn span_day_90_passes_day_91_is_refused() {
        let c = cert(Some(d(2023, 5, 12)));
        let now = noon(d(2026, 3, 2));
        assert_eq!(check_request(&c, &[], &req(d(2026, 3, 2), d(2026, 5, 30)), now), Ok(vec![]));
        assert_eq!(
            rules(check_request(&c, &[], &req(d(2026, 3, 2), d(2026, 5, 31)), now)),
            [RefusalRule::SpanTooLong { days: 91 }]
        );
        // A one-day annotation is fine; an end before the start is not.
        assert_eq!(check_request(&c, &[], &req(d(2026, 3, 2), d(2026, 3, 2)), now), Ok(vec![]));
        assert_eq!(
            rules(check_request(&c, &[], &req(d(2026, 3, 5), d(2026, 3, 4)), now)),
            [RefusalRule::EndBeforeStart]
        );
    }

    #[test]
    fn every_broken_rule_is_listed_with_a_message() {
        let c = cert(None);
        let now = noon(d(2026, 3, 2));
        let bad =
            AnnotationRequest { scenario: "单位调用".into(), valid_from: d(2026, 3, 1), valid_to: d(2026, 6, 30) };
        let refusals = check_request(&c, &[], &bad, now).expect_err("refused");
        let got: Vec<_> = refusals.iter().map(|r| r.rule.clone()).collect();
        assert_eq!(
            got,
            [
                RefusalRule::ScenarioNotOffered { scenario: "单位调用".into() },
                RefusalRule::SpanTooLong { days: 122 },
                RefusalRule::StartsInPast { today: d(2026, 3, 2) },
            ]
        );
        assert!(refusals.iter().all(|r| !r.message.has_blank() && r.source.contains("97号")));
        assert!(refusals[0].message.zh_cn.contains("本人调用"));
        let json = serde_json::to_value(&refusals[1]).expect("json");
        assert_eq!(json["rule"]["code"], "span_too_long");
        assert_eq!(json["rule"]["days"], 122);
        // Surrounding white space in the scenario is forgiven.
        let padded = AnnotationRequest { scenario: " 本人调用 ".into(), ..req(d(2026, 3, 2), d(2026, 3, 3)) };
        assert!(check_request(&c, &[], &padded, now).is_ok());
    }

    #[test]
    fn sliding_window_fourth_refused_on_day_89_allowed_on_day_90() {
        let c = cert(Some(d(2023, 5, 12)));
        let day0 = d(2026, 1, 1);
        let at = |n: i64| day0 + Duration::days(n);
        let existing = vec![
            ann("a", noon(at(0)), at(0), at(9)),
            ann("b", noon(at(30)), at(30), at(39)),
            ann("c", noon(at(60)), at(60), at(69)),
        ];
        // The third was itself allowed: two in its window.
        assert_eq!(count_in_window(&existing[..2], at(60)), 2);
        let r89 = check_request(&c, &existing, &req(at(89), at(100)), noon(at(89))).expect_err("4th in window");
        assert_eq!(r89.len(), 1);
        assert_eq!(
            r89[0].rule,
            RefusalRule::WindowFull { count: 3, window_start: at(0), next_request_on: Some(at(90)) }
        );
        assert!(r89[0].message.en.contains(&ymd(at(90))));
        assert_eq!(check_request(&c, &existing, &req(at(90), at(100)), noon(at(90))), Ok(vec![]));
        // Late on day 89 in UTC is already day 90 in Beijing.
        let late_utc = Utc.from_utc_datetime(&at(89).and_hms_opt(16, 0, 0).expect("time"));
        assert!(check_request(&c, &existing, &req(at(90), at(100)), late_utc).is_ok());
        let a = assess(&c, &existing, noon(at(89)));
        assert_eq!(a.valid_count_in_window, 3);
        assert_eq!((a.window_start, a.window_end), (at(0), at(89)));
        assert_eq!(a.next_request_on, Some(at(90)));
        assert!(a.summary.en.contains(&ymd(at(90))), "{}", a.summary.en);
        assert_eq!(assess(&c, &existing, noon(at(90))).valid_count_in_window, 2);
        assert_eq!(assess(&c, &existing, noon(at(90))).next_request_on, Some(at(90)));
    }

    #[test]
    fn third_allowed_fourth_refused_on_the_same_day() {
        let c = cert(Some(d(2023, 5, 12)));
        let day = d(2026, 4, 1);
        let two = vec![ann("a", noon(day), day, day), ann("b", noon(day), day, day)];
        assert!(check_request(&c, &two, &req(day, day), noon(day)).is_ok(), "3rd");
        let three = [two.clone(), vec![ann("c", noon(day), day, day)]].concat();
        assert!(matches!(
            rules(check_request(&c, &three, &req(day, day), noon(day))).as_slice(),
            [RefusalRule::WindowFull { count: 3, .. }]
        ));
    }

    #[test]
    fn pending_turns_valid_exactly_24_hours_later() {
        let c = cert(Some(d(2023, 5, 12)));
        let sent = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).single().expect("instant");
        let a = ann("a", sent, d(2026, 3, 2), d(2026, 5, 30));
        let before = sent + Duration::hours(24) - Duration::seconds(1);
        assert_eq!(a.state(before), AnnotationState::Pending);
        assert_eq!(a.state(sent + Duration::hours(24)), AnnotationState::Valid);
        let pending = assess(&c, std::slice::from_ref(&a), before);
        assert!(!pending.usable_now);
        assert_eq!(pending.pending_until, Some(sent + Duration::hours(24)));
        assert!(pending.summary.zh_cn.contains("2026-03-03 10:00"), "Beijing time: {}", pending.summary.zh_cn);
        let done = assess(&c, std::slice::from_ref(&a), sent + Duration::hours(24));
        assert!(done.usable_now);
        assert_eq!(done.usable_until, Some(d(2026, 5, 30)));
        assert_eq!(done.pending_until, None);
        // Marked done sooner by the applicant.
        let early = Annotation { completed_at: Some(sent + Duration::hours(3)), ..a.clone() };
        assert_eq!(early.state(sent + Duration::hours(3)), AnnotationState::Valid);
    }

    #[test]
    fn states_across_the_validity_days() {
        let sent = noon(d(2026, 3, 1));
        let a = ann("a", sent, d(2026, 3, 5), d(2026, 3, 10));
        assert_eq!(a.state(noon(d(2026, 3, 4))), AnnotationState::NotYetValid);
        assert_eq!(a.state(noon(d(2026, 3, 5))), AnnotationState::Valid);
        assert_eq!(a.state(noon(d(2026, 3, 10))), AnnotationState::Valid);
        assert_eq!(a.state(noon(d(2026, 3, 11))), AnnotationState::Lapsed);
        // The last day lasts until midnight Beijing time: 15:59 UTC still valid, 16:00 lapsed.
        let last = Utc.with_ymd_and_hms(2026, 3, 10, 15, 59, 59).single().expect("instant");
        assert_eq!(a.state(last), AnnotationState::Valid);
        assert_eq!(a.state(last + Duration::seconds(1)), AnnotationState::Lapsed);
        let c = cert(Some(d(2023, 5, 12)));
        let lapsed = assess(&c, std::slice::from_ref(&a), noon(d(2026, 3, 11)));
        assert!(!lapsed.usable_now);
        assert_eq!(lapsed.timeline[0].state, AnnotationState::Lapsed);
        assert!(lapsed.timeline[0].in_window);
    }

    #[test]
    fn beijing_day_boundary() {
        // 2026-03-01T16:30Z is 2026-03-02 00:30 in Beijing.
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 16, 30, 0).single().expect("instant");
        let c = cert(Some(d(2023, 5, 12)));
        assert_eq!(assess(&c, &[], now).today, d(2026, 3, 2));
        // Starting on 03-01 is already in the past; 03-02 is today.
        assert_eq!(
            rules(check_request(&c, &[], &req(d(2026, 3, 1), d(2026, 3, 5)), now)),
            [RefusalRule::StartsInPast { today: d(2026, 3, 2) }]
        );
        assert!(check_request(&c, &[], &req(d(2026, 3, 2), d(2026, 3, 5)), now).is_ok());
        // An application at that instant counts on Beijing day 03-02: its window runs to 05-30.
        let a = ann("a", now, d(2026, 3, 2), d(2026, 3, 5));
        assert_eq!(a.requested_on(), d(2026, 3, 2));
        let one = [a.clone(), Annotation { id: "b".into(), ..a.clone() }, Annotation { id: "c".into(), ..a }];
        assert_eq!(next_free_day(&one, d(2026, 3, 2)), Some(d(2026, 5, 31)));
    }

    #[test]
    fn back_to_back_annotations_join() {
        let c = cert(Some(d(2023, 5, 12)));
        let first = ann("a", noon(d(2026, 1, 1)), d(2026, 1, 1), d(2026, 3, 31));
        let second = ann("b", noon(d(2026, 3, 20)), d(2026, 4, 1), d(2026, 6, 29));
        let gap = ann("c", noon(d(2026, 3, 20)), d(2026, 7, 2), d(2026, 7, 10));
        let a = assess(&c, &[first.clone(), second.clone(), gap], noon(d(2026, 3, 25)));
        assert_eq!(a.usable_until, Some(d(2026, 6, 29)), "the gap on 6/30–7/1 stops the chain");
        assert_eq!(
            a.timeline.iter().map(|t| t.state).collect::<Vec<_>>(),
            [AnnotationState::Valid, AnnotationState::NotYetValid, AnnotationState::NotYetValid]
        );
        // Applied for on the last day: still processing when its first day starts, so not joined.
        let late = ann("d", noon(d(2026, 3, 31)), d(2026, 4, 1), d(2026, 6, 29));
        let b = assess(&c, &[first, late], noon(d(2026, 3, 31)));
        assert_eq!(b.usable_until, Some(d(2026, 3, 31)));
        assert!(b.pending_until.is_some());
    }

    #[test]
    fn assessment_serialises_for_the_ui() {
        let c = cert(Some(d(2023, 5, 12)));
        let a = assess(&c, &[ann("a", noon(d(2026, 3, 2)), d(2026, 3, 2), d(2026, 3, 9))], noon(d(2026, 3, 4)));
        let json = serde_json::to_value(&a).expect("json");
        assert_eq!(json["usable_until"], "2026-03-09");
        assert_eq!(json["timeline"][0]["state"], "valid");
        let back: Assessment = serde_json::from_value(json).expect("round trip");
        assert_eq!(back, a);
        assert!(!a.summary.has_blank());
    }
}

/// A desktop reminder due for one certificate: `key` is stable, so the shell shows each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueReminder {
    pub key: String,
    pub text: Text,
}

/// Reminders due at `now`: the usable period ends within 7 days (then within 1 day), and an
/// annotation's 24-hour processing has ended (within the last week).
pub fn reminders(assessment: &Assessment, now: DateTime<Utc>) -> Vec<DueReminder> {
    let mut out = Vec::new();
    if let Some(until) = assessment.usable_until {
        let left = (until - assessment.today).num_days();
        if let Some(days) = LAPSE_REMINDER_DAYS.iter().rev().find(|d| left >= 0 && left <= **d) {
            let date = until.format("%Y-%m-%d");
            out.push(DueReminder {
                key: format!("lapse{days}:{until}"),
                text: Text::new(
                    format!("电子证书的加注 {date} 到期，还剩 {left} 天。需要继续用证书时，请在到期前重新申请加注。"),
                    format!("電子證書的加注 {date} 到期，還剩 {left} 天。需要繼續用證書時，請在到期前重新申請加注。"),
                    format!("The e-certificate's annotation ends on {date} ({} left). Apply again before then if you still need it.", en_count(left, "day", "days")),
                ),
            });
        }
    }
    for entry in &assessment.timeline {
        let since = now.signed_duration_since(entry.processed_at);
        if since >= Duration::zero() && since < Duration::days(PROCESSED_REMINDER_DAYS) {
            out.push(DueReminder {
                key: format!("processed:{}", entry.id),
                text: Text::new(
                    "电子证书加注的 24 小时处理期已过，请到中国人事考试网查看加注结果并下载证书。",
                    "電子證書加注的 24 小時處理期已過，請到中國人事考試網查看加注結果並下載證書。",
                    "The 24-hour processing of your annotation is over: check the result on the CPTA site and download the certificate.",
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod reminder_tests {
    use super::*;
    use chrono::TimeZone;

    fn cert() -> Certificate {
        Certificate {
            sha256: "ab".repeat(32),
            format: crate::certificate::CertificateFormat::Pdf,
            size_bytes: 1000,
            number: None,
            holder: None,
            issue_date: NaiveDate::from_ymd_opt(2024, 5, 1),
            title: None,
            has_signature: true,
        }
    }

    fn ann(requested: DateTime<Utc>, from: NaiveDate, to: NaiveDate) -> Annotation {
        Annotation {
            id: "a1".into(),
            scenario: "本人调用".into(),
            requested_at: requested,
            valid_from: from,
            valid_to: to,
            completed_at: None,
        }
    }

    #[test]
    fn lapse_reminders_at_7_and_1_days_and_processing_end() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("date");
        let requested = Utc.with_ymd_and_hms(2026, 1, 1, 2, 0, 0).single().expect("time");
        let a = [ann(requested, d(1, 1), d(3, 31))];
        let at = |m, day| Utc.with_ymd_and_hms(2026, m, day, 4, 0, 0).single().expect("time");
        let keys = |now| reminders(&assess(&cert(), &a, now), now).into_iter().map(|r| r.key).collect::<Vec<_>>();
        // Still processing: nothing; 24 h later: the processing reminder.
        assert!(keys(Utc.with_ymd_and_hms(2026, 1, 2, 1, 0, 0).single().expect("t")).is_empty());
        assert_eq!(keys(at(1, 2)), ["processed:a1"]);
        assert!(keys(at(3, 23)).is_empty(), "8 days before: nothing yet");
        assert_eq!(keys(at(3, 24)), ["lapse7:2026-03-31"]);
        assert_eq!(keys(at(3, 30)), ["lapse1:2026-03-31"]);
        assert_eq!(keys(at(3, 31)), ["lapse1:2026-03-31"]);
        assert!(keys(at(4, 1)).is_empty(), "lapsed: no usable period to remind of");
    }
}
