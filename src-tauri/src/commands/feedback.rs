//! The NMPA feedback form (issue 7): drafts from the applicant's case, checks, the fill window on
//! the official form, and the list of things waited on with their reply dates.

use assistant_core::feedback::{
    case_for_flow, check_draft, copy_panel, description_count, draft_for, fill_values, nmpa_form, query_panel,
    query_values, track, CaseFacts, DescriptionCount, DraftProposal, FeedbackCase, FeedbackDraft, FieldProblem,
    FormDef, LookupDetails, Reminder, TrackKind, TrackedFile, TrackedItem,
};
use assistant_core::lang::Lang;
use assistant_core::prefs::Prefs;
use chrono::NaiveDate;
use serde::Serialize;
use tauri::{AppHandle, State};

use super::{CommandError, ErrorCode};
use crate::clock::today_beijing;
use crate::official;
use crate::panel::{self, Beside};
use crate::state::AppState;

/// Everything the form screen needs before the applicant types.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FeedbackStart {
    /// The case the guide's feedback step drafts, if the guide has one.
    pub case: Option<FeedbackCase>,
    pub form: FormDef,
    /// False while the form's labels were seen only in the portal's help (see the form data).
    pub fill_checked: bool,
    /// The kiosk hands drafts to the service-hall desk (a configured intake address).
    pub intake: bool,
}

fn form() -> Result<std::sync::Arc<FormDef>, CommandError> {
    nmpa_form().map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))
}

#[tauri::command]
#[specta::specta]
pub fn feedback_start(state: State<'_, AppState>, flow_id: String) -> Result<FeedbackStart, CommandError> {
    let form = form()?;
    let intake = state.kiosk.as_ref().is_some_and(|k| k.config.intake_url.is_some());
    Ok(FeedbackStart {
        case: case_for_flow(&flow_id),
        form: FormDef::clone(&form),
        fill_checked: form.checked_against_real_page,
        intake,
    })
}

/// A draft written from what the applicant told the app; they edit it afterwards.
#[tauri::command]
#[specta::specta]
pub fn feedback_draft(feedback_case: FeedbackCase, facts: CaseFacts, lang: Lang) -> DraftProposal {
    draft_for(feedback_case, &facts, lang)
}

/// Every problem of the draft at once (empty when it can be sent).
#[tauri::command]
#[specta::specta]
pub fn feedback_check(draft: FeedbackDraft) -> Vec<FieldProblem> {
    check_draft(&draft, today_beijing()).err().unwrap_or_default()
}

/// The 问题描述 counter, counted as the portal counts.
#[tauri::command]
#[specta::specta]
pub fn feedback_count(text: String) -> DescriptionCount {
    description_count(&text)
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FillOutcome {
    /// Non-empty: nothing was opened; show these first.
    pub problems: Vec<FieldProblem>,
    pub opened: bool,
}

/// Opens the official site in an app window limited to the portal's hosts, where the form is
/// reached as on the site itself (联系我们 → 点击此处), with the copy panel beside it. Nothing is
/// typed until the applicant presses the panel's fill, on the page that shows the form; the
/// applicant types the picture code and presses submit.
#[tauri::command]
#[specta::specta]
pub fn feedback_fill(app: AppHandle, draft: FeedbackDraft, look: Prefs) -> Result<FillOutcome, CommandError> {
    let clean = match check_draft(&draft, today_beijing()) {
        Ok(clean) => clean,
        Err(problems) => return Ok(FillOutcome { problems, opened: false }),
    };
    let form = form()?;
    let url = official::official_url(&form.entry).map_err(|e| CommandError::new(ErrorCode::NotAllowed, e))?;
    let panel = copy_panel(&clean).map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))?;
    let values = fill_values(&clean).into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let title = format!("申请助手 · {}", form.title.zh_cn);
    panel::open_with_official(&app, panel, look, Beside { url, title, values, account: None })?;
    Ok(FillOutcome { problems: Vec::new(), opened: true })
}

/// Opens the hall's reply lookup (在线办事反馈查询) with the copy panel holding what it asks for:
/// the name, mobile number and e-mail given in a feedback sent while logged out.
#[tauri::command]
#[specta::specta]
pub fn tracked_lookup(app: AppHandle, state: State<'_, AppState>, id: String, look: Prefs) -> Result<(), CommandError> {
    let (file, _) = load_tracked(&state);
    let lookup = file
        .items
        .iter()
        .find(|i| i.id == id)
        .and_then(|i| i.lookup.clone())
        .ok_or_else(|| CommandError::new(ErrorCode::GuideRejected, "no such entry with lookup details"))?;
    let form = assistant_core::form::form("nmpa_feedback_query")
        .map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))?;
    let url = official::official_url(&form.entry).map_err(|e| CommandError::new(ErrorCode::NotAllowed, e))?;
    let panel = query_panel(&lookup).map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))?;
    let values = query_values(&lookup).into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let title = format!("申请助手 · {}", form.title.zh_cn);
    panel::open_with_official(&app, panel, look, Beside { url, title, values, account: None })
}

/// The list of things waited on, with reminders for today.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct TrackedView {
    pub items: Vec<TrackedItem>,
    pub reminders: Vec<Reminder>,
    pub today: NaiveDate,
    /// The saved list could not be read; it was kept aside and a new one started.
    pub recovered: bool,
}

/// Reads the list. An unreadable file is moved aside (never overwritten) and reported.
pub(crate) fn load_tracked(state: &AppState) -> (TrackedFile, bool) {
    let path = state.tracked_path();
    match std::fs::read(&path) {
        Ok(bytes) => match TrackedFile::from_json(&bytes) {
            Ok(file) => (file, false),
            Err(_) => {
                let aside = path.with_extension(format!("unreadable-{}.json", chrono::Utc::now().timestamp()));
                let _ = std::fs::rename(&path, aside);
                (TrackedFile::new(), true)
            }
        },
        Err(_) => (TrackedFile::new(), false),
    }
}

fn save_tracked(state: &AppState, file: &TrackedFile) -> Result<(), CommandError> {
    state.persist(&state.tracked_path(), &file.to_json()).map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))
}

fn view(file: TrackedFile, recovered: bool) -> TrackedView {
    let today = today_beijing();
    TrackedView { reminders: file.reminders(today), items: file.items, today, recovered }
}

#[tauri::command]
#[specta::specta]
pub fn tracked_list(state: State<'_, AppState>) -> TrackedView {
    let (file, recovered) = load_tracked(&state);
    view(file, recovered)
}

/// Records a feedback form the applicant has submitted: its reply date in working days and what
/// the lookup page will ask for (name, phone, e-mail; never the ID number).
#[tauri::command]
#[specta::specta]
pub fn feedback_sent(
    state: State<'_, AppState>,
    feedback_case: Option<FeedbackCase>,
    draft: FeedbackDraft,
    logged_in: bool,
) -> Result<TrackedView, CommandError> {
    let tracked = track(TrackKind::NmpaFeedback { logged_in }, today_beijing())
        .map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))?;
    let lookup = LookupDetails { consultant: draft.consultant, mobile: draft.mobile, email: draft.email };
    let item = TrackedItem {
        id: format!("t{}", chrono::Utc::now().timestamp_millis()),
        case: feedback_case,
        tracked,
        lookup: (!logged_in).then_some(lookup),
        answered_on: None,
    };
    add_tracked(&state, item)
}

pub(crate) fn add_tracked(state: &AppState, item: TrackedItem) -> Result<TrackedView, CommandError> {
    let (mut file, recovered) = load_tracked(state);
    file.upsert(item);
    save_tracked(state, &file)?;
    Ok(view(file, recovered))
}

/// Marks an answer received (no more reminders) or, with `remove`, deletes the entry.
#[tauri::command]
#[specta::specta]
pub fn tracked_update(state: State<'_, AppState>, id: String, remove: bool) -> Result<TrackedView, CommandError> {
    let (mut file, recovered) = load_tracked(&state);
    let found = if remove { file.remove(&id) } else { file.mark_answered(&id, today_beijing()) };
    if !found {
        return Err(CommandError::new(ErrorCode::GuideRejected, "no such entry"));
    }
    save_tracked(&state, &file)?;
    Ok(view(file, recovered))
}

/// Starts tracking a wait a guide step names (e.g. the teacher site's manual review), from today.
#[tauri::command]
#[specta::specta]
pub fn tracked_start(state: State<'_, AppState>, kind: TrackKind) -> Result<TrackedView, CommandError> {
    let tracked = track(kind, today_beijing()).map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))?;
    let item = TrackedItem {
        id: format!("t{}", chrono::Utc::now().timestamp_millis()),
        case: None,
        tracked,
        lookup: None,
        answered_on: None,
    };
    add_tracked(&state, item)
}
