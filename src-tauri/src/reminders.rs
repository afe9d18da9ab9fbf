//! Desktop notifications for replies that are due (issue 7), certificate annotations (issue 6) and
//! the dates of 我的日期 (issue 22) — shown at start-up, each item once
//! per state (due, then overdue). A machine without a notification service just skips them: the
//! list in the app shows the same reminders.

use std::collections::BTreeMap;

use assistant_core::feedback::{reminder_text, reminders_to_notify, ReminderState};
use assistant_core::lang::Lang;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::clock::today_beijing;
use crate::commands::feedback::load_tracked;
use crate::state::AppState;

/// Shows the notifications due today, in the applicant's language.
pub fn notify_due(app: &AppHandle, lang: Lang) {
    let Some(state) = app.try_state::<AppState>() else { return };
    if state.kiosk.is_some() {
        return; // a kiosk keeps nothing from one applicant to the next, so it has nothing to remind
    }
    let (file, _) = load_tracked(&state);
    let path = state.data_dir.join("notified.json");
    let shown: BTreeMap<String, ReminderState> =
        std::fs::read(&path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let (due, next) = reminders_to_notify(&file.reminders(today_beijing()), &shown);
    for r in &due {
        let title = match lang {
            Lang::En => "Applicant Assistant",
            _ => "申请助手",
        };
        let body = reminder_text(r.state, r.expected_by);
        if let Err(err) = app.notification().builder().title(title).body(body.get(lang)).show() {
            eprintln!("could not show a notification: {err}");
        }
    }
    if next != shown {
        if let Ok(bytes) = serde_json::to_vec(&next) {
            let _ = state.persist(&path, &bytes);
        }
    }
    notify_certificates(app, &state, lang);
    notify_dates(app, &state, lang);
}

/// 我的日期 (issue 22): the typed dates (ID card, registration renewal, continuing education, a
/// 认定 window) and the exam notices, at their lead times. Each reminder key is shown once.
fn notify_dates(app: &AppHandle, state: &AppState, lang: Lang) {
    let today = today_beijing();
    let (file, _) = crate::commands::dates::load_entries(state);
    let items = crate::commands::dates::items_for(state, &file, today);
    let path = state.data_dir.join("notified-dates.json");
    let mut shown: std::collections::BTreeSet<String> =
        std::fs::read(&path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let before = shown.len();
    for r in assistant_core::dates::reminders(&items, today) {
        if shown.insert(r.key.clone()) {
            let title = if lang == Lang::En { "Applicant Assistant" } else { "申请助手" };
            if let Err(err) = app.notification().builder().title(title).body(r.text.get(lang)).show() {
                eprintln!("could not show a notification: {err}");
            }
        }
    }
    if shown.len() != before {
        if let Ok(bytes) = serde_json::to_vec(&shown) {
            let _ = state.persist(&path, &bytes);
        }
    }
}

/// E-certificate reminders (issue 6): the annotation ends in 7 days / 1 day, and the 24-hour
/// processing has ended. Each reminder key is shown once.
fn notify_certificates(app: &AppHandle, state: &AppState, lang: Lang) {
    let view = crate::commands::certificate::list_for(state);
    let path = state.data_dir.join("notified-certificates.json");
    let mut shown: std::collections::BTreeSet<String> =
        std::fs::read(&path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let before = shown.len();
    let now = chrono::Utc::now();
    for item in &view.items {
        for r in assistant_core::annotation::reminders(&item.assessment, now) {
            let key = format!("{}:{}", item.stored.certificate.sha256, r.key);
            if shown.insert(key) {
                let title = if lang == Lang::En { "Applicant Assistant" } else { "申请助手" };
                if let Err(err) = app.notification().builder().title(title).body(r.text.get(lang)).show() {
                    eprintln!("could not show a notification: {err}");
                }
            }
        }
    }
    if shown.len() != before {
        if let Ok(bytes) = serde_json::to_vec(&shown) {
            let _ = state.persist(&path, &bytes);
        }
    }
}
