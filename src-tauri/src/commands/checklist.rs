//! Offline checklists: built from the applicant's finished plan (or the flow's fullest path),
//! ticks saved after every change, and a PDF the app renders itself with its own CJK font.

use assistant_core::checklist::{self, Checklist, Ticks};
use assistant_core::guide;
use assistant_core::lang::Lang;
use assistant_core::{atomic, filename};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use super::guide::load;
use super::{CommandError, ErrorCode};
use crate::clock::today_beijing;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ChecklistScreen {
    pub checklist: Checklist,
    pub ticked: Vec<String>,
    /// False when the last tick could not be saved (the tick still shows for this session).
    pub saved: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PdfSaved {
    pub path: String,
    /// Characters the PDF font could not show (printed as `?`).
    pub missing: Vec<String>,
}

fn build(state: &AppState, flow_id: &str, lang: Lang) -> Result<Checklist, CommandError> {
    let (run, _) = load(state, flow_id)?;
    let today = today_beijing();
    match guide::plan(&run, lang) {
        Ok(plan) => Ok(checklist::checklist_for_plan(&plan, today, lang)),
        Err(_) => checklist::checklist_for_flow(flow_id, today, lang)
            .map_err(|e| CommandError::new(ErrorCode::GuideRejected, e)),
    }
}

fn ticks_of(state: &AppState, list: &Checklist) -> Ticks {
    match std::fs::read(state.ticks_path(&list.flow_id)) {
        Ok(bytes) => Ticks::from_json(&bytes, list).ticks,
        Err(_) => Ticks::new(&list.flow_id),
    }
}

/// The checklist of one guide with its saved ticks.
#[tauri::command]
#[specta::specta]
pub fn checklist_open(
    state: State<'_, AppState>,
    flow_id: String,
    lang: Lang,
) -> Result<ChecklistScreen, CommandError> {
    let list = build(&state, &flow_id, lang)?;
    let ticks = ticks_of(&state, &list);
    Ok(ChecklistScreen { ticked: ticks.ticked.iter().cloned().collect(), checklist: list, saved: true })
}

/// Ticks or unticks one item and saves the ticks atomically.
#[tauri::command]
#[specta::specta]
pub fn checklist_tick(
    state: State<'_, AppState>,
    flow_id: String,
    item_id: String,
    ticked: bool,
    lang: Lang,
) -> Result<ChecklistScreen, CommandError> {
    let list = build(&state, &flow_id, lang)?;
    let mut ticks = ticks_of(&state, &list);
    ticks.set(&list, &item_id, ticked).map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))?;
    let saved = state.persist(&state.ticks_path(&flow_id), &ticks.to_json()).is_ok();
    Ok(ChecklistScreen { ticked: ticks.ticked.iter().cloned().collect(), checklist: list, saved })
}

/// Renders the checklist as a PDF and saves it in the Downloads folder (the session's scratch
/// folder on a kiosk, where it is printed, not kept). Returns where it went.
#[tauri::command]
#[specta::specta]
pub fn checklist_export_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    flow_id: String,
    lang: Lang,
) -> Result<PdfSaved, CommandError> {
    let list = build(&state, &flow_id, lang)?;
    let ticks = ticks_of(&state, &list);
    let pdf = checklist::render_pdf(&list, &ticks, lang).map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))?;
    let dir = match &state.kiosk {
        Some(_) => state.data_dir.join("exports"),
        None => app.path().download_dir().unwrap_or_else(|_| state.data_dir.join("exports")),
    };
    let name =
        filename::safe_file_name(&format!("申请助手-{}-{}.pdf", list.title, list.generated_on), "申请助手-清单.pdf");
    let mut path = dir.join(&name);
    let mut saved = state.persist(&path, &pdf.bytes);
    if saved.as_ref().is_err_and(atomic::is_in_use) {
        // Windows: the earlier export is open in a PDF viewer, which holds it; save beside it.
        path = filename::free_path(&dir, &name);
        saved = state.persist(&path, &pdf.bytes);
    }
    saved.map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))?;
    Ok(PdfSaved { path: path.to_string_lossy().into_owned(), missing: pdf.missing })
}

/// Kiosk: prints the checklist on the hall's printer (`printer` in kiosk.toml, or the system
/// default) from a PDF made in memory. Returns false when the machine has no print system (the
/// page then prints itself).
#[tauri::command]
#[specta::specta]
pub fn checklist_print(state: State<'_, AppState>, flow_id: String, lang: Lang) -> Result<bool, CommandError> {
    let Some(kiosk) = state.kiosk.clone() else { return Ok(false) };
    let list = build(&state, &flow_id, lang)?;
    let ticks = ticks_of(&state, &list);
    let pdf = checklist::render_pdf(&list, &ticks, lang).map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))?;
    crate::kiosk::print(kiosk.config.printer.as_deref(), &pdf.bytes)
        .map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))
}
