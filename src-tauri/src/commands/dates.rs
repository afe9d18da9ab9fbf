//! 我的日期 (issue 22): one list over every date the app keeps, the applicant's own entries, and
//! the calendar export (`.ics` in Downloads on a desktop; printed on a kiosk instead).

use assistant_core::checklist::{self, Ticks};
use assistant_core::dates::{self, DateEntry, DateEntryKind, DateItem, DateKind, DatesFile, EntryProblem};
use assistant_core::lang::{Lang, Text};
use chrono::NaiveDate;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use super::{CommandError, ErrorCode};
use crate::clock::today_beijing;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DatesView {
    pub items: Vec<DateItem>,
    /// The applicant's own entries (to delete one).
    pub entries: Vec<DateEntry>,
    pub today: NaiveDate,
    /// The saved entries could not be read; they were kept aside and a new list started.
    pub recovered: bool,
    pub kiosk: bool,
}

fn path(state: &AppState) -> std::path::PathBuf {
    state.data_dir.join("dates.json")
}

/// Reads the entries. An unreadable file is moved aside (never overwritten) and reported.
pub(crate) fn load_entries(state: &AppState) -> (DatesFile, bool) {
    let path = path(state);
    match std::fs::read(&path) {
        Ok(bytes) => match DatesFile::from_json(&bytes) {
            Ok(file) => (file, false),
            Err(_) => {
                let aside = path.with_extension(format!("unreadable-{}.json", chrono::Utc::now().timestamp()));
                let _ = std::fs::rename(&path, aside);
                (DatesFile::new(), true)
            }
        },
        Err(_) => (DatesFile::new(), false),
    }
}

/// The whole list on `today`, from every source the app keeps.
pub(crate) fn items_for(state: &AppState, file: &DatesFile, today: NaiveDate) -> Vec<DateItem> {
    let (tracked, _) = super::feedback::load_tracked(state);
    let certificates: Vec<_> =
        super::certificate::list_for(state).items.into_iter().map(|c| (c.stored, c.assessment)).collect();
    let notices = checklist::all_notices(today);
    let sources = dates::DateSources {
        tracked: &tracked,
        certificates: &certificates,
        entries: &file.entries,
        notices: &notices,
    };
    dates::my_dates(&sources, today)
}

fn view(state: &AppState, file: DatesFile, recovered: bool) -> DatesView {
    let today = today_beijing();
    DatesView {
        items: items_for(state, &file, today),
        entries: file.entries,
        today,
        recovered,
        kiosk: state.kiosk.is_some(),
    }
}

#[tauri::command]
#[specta::specta]
pub fn dates_list(state: State<'_, AppState>) -> DatesView {
    let (file, recovered) = load_entries(&state);
    view(&state, file, recovered)
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DatesAdded {
    /// Non-empty: nothing was kept; show these next to their fields.
    pub problems: Vec<EntryProblem>,
    pub view: Option<DatesView>,
}

/// Checks and keeps an entry the applicant typed (dates only: never an ID number).
#[tauri::command]
#[specta::specta]
pub fn dates_add(state: State<'_, AppState>, entry: DateEntryKind) -> Result<DatesAdded, CommandError> {
    let problems = dates::check_entry(&entry, today_beijing());
    if !problems.is_empty() {
        return Ok(DatesAdded { problems, view: None });
    }
    let (mut file, recovered) = load_entries(&state);
    file.upsert(DateEntry { id: format!("d{}", chrono::Utc::now().timestamp_millis()), kind: entry });
    state.persist(&path(&state), &file.to_json()).map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))?;
    Ok(DatesAdded { problems: Vec::new(), view: Some(view(&state, file, recovered)) })
}

#[tauri::command]
#[specta::specta]
pub fn dates_remove(state: State<'_, AppState>, id: String) -> Result<DatesView, CommandError> {
    let (mut file, recovered) = load_entries(&state);
    if !file.remove(&id) {
        return Err(CommandError::new(ErrorCode::GuideRejected, "no such entry"));
    }
    state.persist(&path(&state), &file.to_json()).map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))?;
    Ok(view(&state, file, recovered))
}

/// The kinds the page offers to add, and whether a kind name from a guide's hook is known.
#[tauri::command]
#[specta::specta]
pub fn dates_kind(id: String) -> Option<DateKind> {
    DateKind::from_id(&id).filter(|k| k.typed())
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct IcsSaved {
    pub path: Option<String>,
    pub opened: bool,
    pub problem: Option<Text>,
}

/// Desktop: writes the list (or the one item `item_id`) as an `.ics` file in Downloads and opens
/// it with the system's calendar. A kiosk keeps no file: it prints instead (`dates_print`).
#[tauri::command]
#[specta::specta]
pub fn dates_export_ics(
    app: AppHandle,
    state: State<'_, AppState>,
    item_id: Option<String>,
    lang: Lang,
) -> Result<IcsSaved, CommandError> {
    use tauri_plugin_opener::OpenerExt;
    if state.kiosk.is_some() {
        return Err(CommandError::new(ErrorCode::NotAllowed, "a kiosk prints the list instead"));
    }
    let today = today_beijing();
    let (file, _) = load_entries(&state);
    let all = items_for(&state, &file, today);
    let items: Vec<DateItem> = match &item_id {
        Some(id) => all.into_iter().filter(|i| &i.id == id).collect(),
        None => all,
    };
    if items.is_empty() {
        return Err(CommandError::new(ErrorCode::GuideRejected, "nothing to export"));
    }
    let text = dates::ics::calendar(&items, lang, chrono::Utc::now());
    let single = if item_id.is_some() { items.first() } else { None };
    let dir = app.path().download_dir().unwrap_or_else(|_| state.data_dir.join("exports"));
    let path = dir.join(dates::ics::file_name(single, today));
    if state.persist(&path, text.as_bytes()).is_err() {
        return Ok(IcsSaved {
            path: None,
            opened: false,
            problem: Some(Text::new(
                "日历文件没能保存到“下载”文件夹（磁盘已满或没有权限）。",
                "日曆檔案沒能儲存到「下載」資料夾（磁碟已滿或沒有權限）。",
                "The calendar file could not be saved in Downloads (disk full or no permission).",
            )),
        });
    }
    let shown = path.to_string_lossy().into_owned();
    // Opening it hands it to the calendar app, which asks before importing.
    let opened = app.opener().open_path(&shown, None::<&str>).is_ok();
    Ok(IcsSaved { path: Some(shown), opened, problem: None })
}

/// Kiosk: prints the list on the hall's printer from a PDF made in memory. False when there is
/// no print system (the page then prints itself).
#[tauri::command]
#[specta::specta]
pub fn dates_print(state: State<'_, AppState>, lang: Lang) -> Result<bool, CommandError> {
    let Some(kiosk) = state.kiosk.clone() else { return Ok(false) };
    let today = today_beijing();
    let (file, _) = load_entries(&state);
    let page = dates::printable(&items_for(&state, &file, today), lang, today);
    let pdf = checklist::render_pdf(&page, &Ticks::new(&page.flow_id), lang)
        .map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))?;
    crate::kiosk::print(kiosk.config.printer.as_deref(), &pdf.bytes)
        .map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))
}
