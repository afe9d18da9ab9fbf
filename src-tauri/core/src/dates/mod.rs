//! 我的日期 (my dates, issue 22): every date the app knows, in one list, soonest first, each with
//! what to do and where; the same list exported as an RFC 5545 calendar (`ics`), and the desktop
//! reminders for the kinds nothing else reminds of.
//!
//! The list is built from what the app already keeps (replies waited on, e-certificate
//! annotations, the dated exam notices) and from what the applicant typed here ([`entries`]).
//! Everything takes `today` (a Beijing date): nothing reads the clock.
//!
//! Rules with numbers, each with its source:
//! - a pharmacist registration lasts 5 years and renewal (延续注册) is applied for at least
//!   [`RENEWAL_DAYS_BEFORE`] days before it ends (执业药师注册管理办法, 国药监人〔2021〕36号, as quoted
//!   by med66.com and quzhaosheng.com);
//! - continuing-education credits are counted per calendar year, at least 30 学分 a year since 2021
//!   (as reported by med66.com and hqwx.com): the year's end is the date;
//! - an e-certificate annotation's last day and the next day a new one may be applied for come from
//!   [`crate::annotation`].

pub mod entries;
pub mod ics;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::annotation::Assessment;
use crate::certificate::StoredCertificate;
use crate::checklist::NoticeDates;
use crate::feedback::{TrackKind, TrackedFile};
use crate::lang::Text;
pub use entries::{check_entry, DateEntry, DateEntryKind, DatesFile, DatesFileError, EntryProblem};

/// Renewal is applied for at least this many days before the registration ends.
pub const RENEWAL_DAYS_BEFORE: i64 = 30;
/// Source of the renewal rule, as the public knows it.
pub const RENEWAL_SOURCE: &str = "《执业药师注册管理办法》（国药监人〔2021〕36号），med66.com、quzhaosheng.com 转述";
/// Source of the yearly continuing-education credits.
pub const CREDITS_SOURCE: &str = "执业药师继续教育学分要求（2021 年起每年不少于 30 学分），med66.com、hqwx.com 转述";
/// Source of the ID card validity periods.
pub const ID_CARD_SOURCE: &str = "《中华人民共和国居民身份证法》第五条";

/// What a date is about. The names are the guides' data hooks (`registration_renewal`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// A reply waited on (等待答复) is due.
    TrackedReply,
    /// The last day an e-certificate annotation keeps the certificate usable.
    AnnotationEnd,
    /// The first day a new annotation may be applied for (3 in 90 days).
    AnnotationApplyAgain,
    /// The ID card's validity ends.
    IdCardEnd,
    /// The pharmacist registration: the last day to apply for renewal, and its end.
    RegistrationRenewal,
    /// A year's continuing-education credits are due.
    ContinuingEducation,
    /// A province's 认定 window (typed in).
    CertificationWindow,
    /// A dated exam notice (the pharmacist exam's sign-up and exam days).
    ExamNotice,
}

impl DateKind {
    /// Every kind, in the order the page offers them.
    pub const ALL: [DateKind; 8] = [
        DateKind::TrackedReply,
        DateKind::AnnotationEnd,
        DateKind::AnnotationApplyAgain,
        DateKind::IdCardEnd,
        DateKind::RegistrationRenewal,
        DateKind::ContinuingEducation,
        DateKind::CertificationWindow,
        DateKind::ExamNotice,
    ];

    /// Kinds the applicant types in (the rest come from elsewhere in the app).
    pub fn typed(self) -> bool {
        matches!(
            self,
            DateKind::IdCardEnd
                | DateKind::RegistrationRenewal
                | DateKind::ContinuingEducation
                | DateKind::CertificationWindow
        )
    }

    /// The data-hook name (`registration_renewal`).
    pub fn id(self) -> &'static str {
        match self {
            DateKind::TrackedReply => "tracked_reply",
            DateKind::AnnotationEnd => "annotation_end",
            DateKind::AnnotationApplyAgain => "annotation_apply_again",
            DateKind::IdCardEnd => "id_card_end",
            DateKind::RegistrationRenewal => "registration_renewal",
            DateKind::ContinuingEducation => "continuing_education",
            DateKind::CertificationWindow => "certification_window",
            DateKind::ExamNotice => "exam_notice",
        }
    }

    pub fn from_id(id: &str) -> Option<DateKind> {
        DateKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// Reminder lead times, days before the date (0 = on the day), each shown once, and the
    /// calendar export's alarms at 9:00 Beijing time on those days.
    pub fn lead_days(self) -> &'static [u32] {
        match self {
            // A reply: look on the day it is due.
            DateKind::TrackedReply => &[0],
            // As the certificate reminders already do (annotation::LAPSE_REMINDER_DAYS).
            DateKind::AnnotationEnd => &[7, 1],
            DateKind::AnnotationApplyAgain => &[0],
            // A new card takes weeks to make: three months, one month, a week.
            DateKind::IdCardEnd => &[90, 30, 7],
            // The renewal papers take time: two months, two weeks, and the day before.
            DateKind::RegistrationRenewal => &[60, 14, 1],
            // Credits are earned over weeks: two months and two weeks before the year ends.
            DateKind::ContinuingEducation => &[60, 14],
            DateKind::CertificationWindow => &[3, 1],
            DateKind::ExamNotice => &[7, 1],
        }
    }
}

/// Where a date comes from, so the page can link back to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "from", content = "id", rename_all = "snake_case")]
pub enum DateOrigin {
    /// An item of 等待答复.
    Tracked(String),
    /// An e-certificate (its SHA-256).
    Certificate(String),
    /// An entry typed here.
    Entry(String),
    /// A dated notice.
    Notice(String),
}

/// Daily hours of a window, Beijing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DailyHours {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    /// The last day with these hours (the first is the item's date).
    pub until: NaiveDate,
}

/// One line of 我的日期.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DateItem {
    /// Stable across rebuilds: the calendar's UID and the reminders' key.
    pub id: String,
    pub kind: DateKind,
    pub date: NaiveDate,
    /// Set for a window: it runs from `date` to `hours.until` at these hours each day.
    pub hours: Option<DailyHours>,
    /// The date comes back every year (continuing education).
    pub yearly: bool,
    pub title: Text,
    /// What to do.
    pub todo: Text,
    /// Where to do it (an official site, an office).
    pub place: Text,
    /// The official address, when there is one.
    pub url: Option<String>,
    /// Where the rule or the date comes from, as the public knows it.
    pub source: Option<String>,
    /// Days before the date to remind (see [`DateKind::lead_days`]).
    pub lead_days: Vec<u32>,
    pub origin: DateOrigin,
    /// Days from today (negative: passed, e.g. a reply now overdue).
    pub days_left: i32,
    /// The notice behind it may be out of date (see `checklist::notices`).
    pub stale: bool,
}

/// Everything 我的日期 is built from.
pub struct DateSources<'a> {
    pub tracked: &'a TrackedFile,
    pub certificates: &'a [(StoredCertificate, Assessment)],
    pub entries: &'a [DateEntry],
    pub notices: &'a [NoticeDates],
}

fn portal_place(kind: &str) -> (Text, Option<String>) {
    match kind {
        "nmpa" => (
            Text::new(
                "国家药监局政务服务门户（原网上办事大厅）",
                "國家藥監局政務服務門戶（原網上辦事大廳）",
                "NMPA online service portal (政务服务门户)",
            ),
            Some("https://zwfw.nmpa.gov.cn/web/index".to_owned()),
        ),
        "jszg" => (
            Text::new("中国教师资格网", "中國教師資格網", "China teacher-qualification site (中国教师资格网)"),
            Some("https://www.jszg.edu.cn/".to_owned()),
        ),
        "mail" => (Text::new("你的邮箱", "你的信箱", "Your mailbox"), None),
        _ => (
            Text::new(
                "中国人事考试网 · 证书系统",
                "中國人事考試網 · 證書系統",
                "CPTA certificate system (中国人事考试网)",
            ),
            Some("https://zs.cpta.com.cn/".to_owned()),
        ),
    }
}

fn item(kind: DateKind, id: String, date: NaiveDate, today: NaiveDate, origin: DateOrigin) -> DateItem {
    DateItem {
        id,
        kind,
        date,
        hours: None,
        yearly: false,
        title: Text::new("", "", ""),
        todo: Text::new("", "", ""),
        place: Text::new("", "", ""),
        url: None,
        source: None,
        lead_days: kind.lead_days().to_vec(),
        origin,
        days_left: i32::try_from((date - today).num_days()).unwrap_or(i32::MAX),
        stale: false,
    }
}

fn tracked_items(file: &TrackedFile, today: NaiveDate, out: &mut Vec<DateItem>) {
    for t in file.items.iter().filter(|t| t.answered_on.is_none()) {
        let mut it = item(
            DateKind::TrackedReply,
            format!("tracked-{}", t.id),
            t.tracked.expected_by,
            today,
            DateOrigin::Tracked(t.id.clone()),
        );
        let (what, portal) = match t.tracked.kind {
            TrackKind::NmpaFeedback { .. } => (
                Text::new("国家药监局问题反馈的答复", "國家藥監局問題回饋的答覆", "Reply to your NMPA feedback form"),
                "nmpa",
            ),
            TrackKind::JszgManualReview => (
                Text::new(
                    "中国教师资格网人工审核的结论",
                    "中國教師資格網人工審核的結論",
                    "Teacher site's manual review conclusion",
                ),
                "jszg",
            ),
            TrackKind::JszgEmail => (
                Text::new(
                    "中国教师资格网邮件的回复",
                    "中國教師資格網郵件的回覆",
                    "Reply to your e-mail to the teacher site",
                ),
                "mail",
            ),
        };
        it.title = what;
        it.todo = t
            .tracked
            .how_to_check
            .first()
            .cloned()
            .unwrap_or_else(|| Text::new("查看答复", "查看答覆", "Look for the reply"));
        (it.place, it.url) = portal_place(portal);
        out.push(it);
    }
}

fn certificate_name(cert: &StoredCertificate) -> String {
    let c = &cert.certificate;
    c.title.clone().or_else(|| c.number.clone()).unwrap_or_else(|| "电子证书".to_owned())
}

fn certificate_items(certs: &[(StoredCertificate, Assessment)], today: NaiveDate, out: &mut Vec<DateItem>) {
    for (cert, a) in certs.iter().filter(|(_, a)| a.needs_annotation.required) {
        let sha = &cert.certificate.sha256;
        let name = certificate_name(cert);
        let (place, url) = portal_place("cpta");
        if let Some(until) = a.usable_until {
            let mut it = item(
                DateKind::AnnotationEnd,
                format!("annotation-end-{sha}"),
                until,
                today,
                DateOrigin::Certificate(sha.clone()),
            );
            it.title = Text::new(
                format!("电子证书加注到期（{name}）"),
                format!("電子證書加註到期（{name}）"),
                format!("E-certificate annotation ends ({name})"),
            );
            it.todo = Text::new(
                "这天之后证书不能再下载和使用。还要用的话，在到期前申请新的加注（处理最多 24 小时）。",
                "這天之後證書不能再下載和使用。還要用的話，在到期前申請新的加註（處理最多 24 小時）。",
                "After this day the certificate cannot be downloaded or used. If you still need it, apply for a new annotation before then (processing takes up to 24 hours).",
            );
            (it.place, it.url) = (place.clone(), url.clone());
            it.source = Some(crate::annotation::SOURCE.split(';').next().unwrap_or_default().trim().to_owned());
            out.push(it);
        }
        if let Some(next) = a.next_request_on.filter(|&d| d > today) {
            let mut it = item(
                DateKind::AnnotationApplyAgain,
                format!("annotation-again-{sha}"),
                next,
                today,
                DateOrigin::Certificate(sha.clone()),
            );
            it.title = Text::new(
                format!("可以再申请加注（{name}）"),
                format!("可以再申請加註（{name}）"),
                format!("A new annotation can be applied for ({name})"),
            );
            it.todo = Text::new(
                "90 天内已经加注 3 次；从这天起可以再申请。",
                "90 天內已經加註 3 次；從這天起可以再申請。",
                "Three annotations in 90 days are used up; from this day you can apply again.",
            );
            (it.place, it.url) = (place, url);
            it.source = Some(crate::annotation::SOURCE.split(';').next().unwrap_or_default().trim().to_owned());
            out.push(it);
        }
    }
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn entry_items(entries: &[DateEntry], today: NaiveDate, out: &mut Vec<DateItem>) {
    for e in entries {
        let origin = DateOrigin::Entry(e.id.clone());
        match &e.kind {
            DateEntryKind::IdCardEnd { ends } => {
                let mut it = item(DateKind::IdCardEnd, format!("entry-{}", e.id), *ends, today, origin);
                it.title = Text::new("身份证有效期截止", "身分證有效期截止", "ID card expires");
                it.todo = Text::new(
                    "到期前去公安机关（派出所或户政窗口）申请换领新证；换证后，网站上的实名信息可能也要更新。",
                    "到期前去公安機關（派出所或戶政窗口）申請換領新證；換證後，網站上的實名資料可能也要更新。",
                    "Before it expires, apply for a new card at a police registration office; after the change the portals' real-name records may need updating too.",
                );
                it.place = Text::new("公安机关户政窗口", "公安機關戶政窗口", "Police household-registration office");
                it.source = Some(ID_CARD_SOURCE.to_owned());
                out.push(it);
            }
            DateEntryKind::RegistrationRenewal { ends } => {
                let (place, url) = portal_place("nmpa");
                let apply_by = *ends - Duration::days(RENEWAL_DAYS_BEFORE);
                let mut it = item(
                    DateKind::RegistrationRenewal,
                    format!("entry-{}-apply", e.id),
                    apply_by,
                    today,
                    origin.clone(),
                );
                it.title = Text::new(
                    "执业药师延续注册：最晚这天申请",
                    "執業藥師延續註冊：最晚這天申請",
                    "Pharmacist registration renewal: last day to apply",
                );
                it.todo = Text::new(
                    format!("注册在 {} 到期，延续注册要在到期前至少 30 天申请。先确认继续教育学分已够。", ymd(*ends)),
                    format!("註冊在 {} 到期，延續註冊要在到期前至少 30 天申請。先確認繼續教育學分已夠。", ymd(*ends)),
                    format!("Your registration ends on {}; renewal must be applied for at least 30 days before. Check first that your continuing-education credits are complete.", ymd(*ends)),
                );
                (it.place, it.url) = (place.clone(), url.clone());
                it.source = Some(RENEWAL_SOURCE.to_owned());
                out.push(it);
                let mut end = item(DateKind::RegistrationRenewal, format!("entry-{}-end", e.id), *ends, today, origin);
                end.title =
                    Text::new("执业药师注册有效期届满", "執業藥師註冊有效期屆滿", "Pharmacist registration ends");
                end.todo = Text::new(
                    "没有延续注册的话，这天之后注册失效。",
                    "沒有延續註冊的話，這天之後註冊失效。",
                    "Without a renewal the registration lapses after this day.",
                );
                end.lead_days = vec![7];
                (end.place, end.url) = (place, url);
                end.source = Some(RENEWAL_SOURCE.to_owned());
                out.push(end);
            }
            DateEntryKind::ContinuingEducation { first_year } => {
                let year = today.year().max(*first_year);
                let Some(end) = NaiveDate::from_ymd_opt(year, 12, 31) else { continue };
                let mut it = item(DateKind::ContinuingEducation, format!("entry-{}", e.id), end, today, origin);
                it.yearly = true;
                it.title = Text::new(
                    "本年度继续教育学分截止",
                    "本年度繼續教育學分截止",
                    "This year's continuing-education credits due",
                );
                it.todo = Text::new(
                    "每年至少 30 学分（公需科目 10、专业科目 20）。在年底前学完并确认学分已登记。",
                    "每年至少 30 學分（公需科目 10、專業科目 20）。在年底前學完並確認學分已登記。",
                    "At least 30 credits a year (10 general, 20 professional). Finish them before the year ends and check they are recorded.",
                );
                it.place = Text::new(
                    "你所在省份的执业药师继续教育平台",
                    "你所在省份的執業藥師繼續教育平台",
                    "Your province's continuing-education platform for pharmacists",
                );
                it.source = Some(CREDITS_SOURCE.to_owned());
                out.push(it);
            }
            DateEntryKind::CertificationWindow { place, starts, ends, opens, closes } => {
                let (jszg, url) = portal_place("jszg");
                let hours = format!("{}–{}", opens.format("%H:%M"), closes.format("%H:%M"));
                let mut open =
                    item(DateKind::CertificationWindow, format!("entry-{}-open", e.id), *starts, today, origin.clone());
                open.hours = Some(DailyHours { opens: *opens, closes: *closes, until: *ends });
                open.title = Text::new(
                    format!("{place}教师资格认定网上申报开放"),
                    format!("{place}教師資格認定網上申報開放"),
                    format!("{place} teacher-qualification (认定) applications open"),
                );
                open.todo = Text::new(
                    format!("{} 至 {}，每天 {hours}（北京时间）可以在网上申报。先准备好认定照片和材料。", ymd(*starts), ymd(*ends)),
                    format!("{} 至 {}，每天 {hours}（北京時間）可以在網上申報。先準備好認定照片和材料。", ymd(*starts), ymd(*ends)),
                    format!("From {} to {}, {hours} Beijing time each day, you can apply online. Have your 认定 photo and papers ready.", ymd(*starts), ymd(*ends)),
                );
                open.lead_days = vec![1];
                (open.place, open.url) = (jszg.clone(), url.clone());
                open.source = Some(format!("{place}认定公告（你输入的日期）"));
                out.push(open);
                let mut last =
                    item(DateKind::CertificationWindow, format!("entry-{}-last", e.id), *ends, today, origin);
                last.title = Text::new(
                    format!("{place}教师资格认定网上申报最后一天"),
                    format!("{place}教師資格認定網上申報最後一天"),
                    format!("{place} 认定 applications: last day"),
                );
                last.todo = Text::new(
                    format!("今天 {} 之前提交，过后要等下一次认定。", closes.format("%H:%M")),
                    format!("今天 {} 之前送出，過後要等下一次認定。", closes.format("%H:%M")),
                    format!("Submit before {} today; after that, wait for the next window.", closes.format("%H:%M")),
                );
                (last.place, last.url) = (jszg, url);
                last.source = Some(format!("{place}认定公告（你输入的日期）"));
                out.push(last);
            }
        }
    }
}

fn notice_items(notices: &[NoticeDates], today: NaiveDate, out: &mut Vec<DateItem>) {
    for n in notices.iter().filter(|n| n.ends >= today) {
        let mut it =
            item(DateKind::ExamNotice, format!("notice-{}", n.id), n.starts, today, DateOrigin::Notice(n.id.clone()));
        it.title = n.text.clone();
        it.todo = Text::new(
            format!("以当地官方通知为准（信息记录于 {}）。", ymd(n.as_of)),
            format!("以當地官方通知為準（資訊記錄於 {}）。", ymd(n.as_of)),
            format!("Your province's official notice decides (recorded on {}).", ymd(n.as_of)),
        );
        it.place = Text::new("中国人事考试网", "中國人事考試網", "CPTA (中国人事考试网)");
        it.url = Some("https://www.cpta.com.cn/".to_owned());
        it.source = Some(n.source.zh_cn.clone());
        it.stale = n.stale;
        out.push(it);
    }
}

/// 我的日期 on `today`: everything still ahead (and replies now overdue), soonest first.
pub fn my_dates(sources: &DateSources<'_>, today: NaiveDate) -> Vec<DateItem> {
    let mut out = Vec::new();
    tracked_items(sources.tracked, today, &mut out);
    certificate_items(sources.certificates, today, &mut out);
    entry_items(sources.entries, today, &mut out);
    notice_items(sources.notices, today, &mut out);
    // Past dates drop out, except a reply still not received and a window still open.
    out.retain(|i| i.date >= today || i.kind == DateKind::TrackedReply || i.hours.is_some_and(|h| h.until >= today));
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    out
}

/// A reminder to show today: the item and how many days before its date this reminder is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DateReminder {
    /// Shown once: `item id:lead`.
    pub key: String,
    pub item_id: String,
    pub days_before: u32,
    pub text: Text,
}

/// Reminders due on `today` for the typed and notice kinds (replies and annotations have their
/// own, see `feedback::reminders_to_notify` and `annotation::reminders`). A reminder whose day
/// was missed (the app was not opened) still shows, until the date itself has passed.
pub fn reminders(items: &[DateItem], today: NaiveDate) -> Vec<DateReminder> {
    let mut out = Vec::new();
    for i in items.iter().filter(|i| i.kind.typed() || i.kind == DateKind::ExamNotice) {
        // The nearest lead time already reached, so one start shows one reminder per item.
        let reached = i.lead_days.iter().filter(|&&lead| i.date - Duration::days(i64::from(lead)) <= today).min();
        if let (Some(&lead), true) = (reached, i.date >= today) {
            let date = ymd(i.date);
            let days = (i.date - today).num_days();
            let text = Text::new(
                format!("{}：{date}（还有 {days} 天）。{}", i.title.zh_cn, i.todo.zh_cn),
                format!("{}：{date}（還有 {days} 天）。{}", i.title.zh_tw, i.todo.zh_tw),
                format!("{}: {date} (in {days} days). {}", i.title.en, i.todo.en),
            );
            out.push(DateReminder { key: format!("{}:{lead}", i.id), item_id: i.id.clone(), days_before: lead, text });
        }
    }
    out
}

/// The list as a printable page (a kiosk prints it instead of exporting): the checklist PDF's
/// layout, one tickable line per date.
pub fn printable(items: &[DateItem], lang: crate::lang::Lang, today: NaiveDate) -> crate::checklist::Checklist {
    use crate::lang::Lang;
    let (title, place_label, source_label) = match lang {
        Lang::ZhCn => ("我的日期", "在哪里：", "来源："),
        Lang::ZhTw => ("我的日期", "在哪裡：", "來源："),
        Lang::En => ("My dates", "Where: ", "Source: "),
    };
    let steps = items
        .iter()
        .map(|i| {
            let when = match i.hours {
                Some(h) => format!(
                    "{} – {} {}–{}",
                    ymd(i.date),
                    ymd(h.until),
                    h.opens.format("%H:%M"),
                    h.closes.format("%H:%M")
                ),
                None => ymd(i.date),
            };
            crate::checklist::Item {
                id: i.id.clone(),
                text: format!("{when}  {}", i.title.get(lang)),
                details: vec![i.todo.get(lang).to_owned(), format!("{place_label}{}", i.place.get(lang))],
                page: None,
                url: i.url.clone(),
                menu_path: Vec::new(),
                source: i.source.as_ref().map(|s| format!("{source_label}{s}")).unwrap_or_default(),
            }
        })
        .collect();
    crate::checklist::Checklist {
        flow_id: "my_dates".to_owned(),
        lang,
        title: title.to_owned(),
        generated_on: today,
        basis: crate::checklist::Basis::Plan,
        answers: Vec::new(),
        outcome_title: title.to_owned(),
        summary: String::new(),
        materials: Vec::new(),
        steps,
        waits: Vec::new(),
        notes: Vec::new(),
        notices: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
