//! Guide runs: one question at a time, saved after every change so the applicant can continue
//! after a restart. The shell keeps nothing in memory: each call loads the saved run, lets
//! `assistant_core::guide` change it, saves it atomically and returns the next page.

use assistant_core::guide::{self, Answer, RunState, RunView};
use assistant_core::lang::Lang;
use serde::Serialize;
use tauri::State;

use super::{CommandError, ErrorCode};
use crate::state::AppState;

/// What the guide page shows, plus what happened to the saved copy.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct GuideScreen {
    pub view: RunView,
    /// False when the disk refused the save: the run goes on, but would not survive a restart.
    pub saved: bool,
    /// True when a saved run could not be read (damaged or from an older guide) and the
    /// guide started again from its first question.
    pub restarted: bool,
}

fn rejected(e: guide::GuideError) -> CommandError {
    let code = match e {
        guide::GuideError::DateOutOfRange(_) => ErrorCode::DateOutOfRange,
        _ => ErrorCode::GuideRejected,
    };
    CommandError::new(code, e)
}

/// Loads the saved run of `flow_id`, or starts one. Unknown flow ids are refused before any
/// path is built from them.
pub(crate) fn load(state: &AppState, flow_id: &str) -> Result<(RunState, bool), CommandError> {
    let fresh = guide::start(flow_id).map_err(rejected)?;
    match std::fs::read(state.run_path(flow_id)) {
        Ok(bytes) => match RunState::from_json(&bytes) {
            Ok(run) if run.flow_id == flow_id => Ok((run, false)),
            _ => Ok((fresh, true)),
        },
        Err(_) => Ok((fresh, false)),
    }
}

fn save_and_show(state: &AppState, run: &RunState, lang: Lang, restarted: bool) -> Result<GuideScreen, CommandError> {
    let view = guide::view(run, lang).map_err(rejected)?;
    let saved = state.persist(&state.run_path(&run.flow_id), &run.to_json()).is_ok();
    Ok(GuideScreen { view, saved, restarted })
}

/// Opens a guide where the applicant left it (or at its first question).
#[tauri::command]
#[specta::specta]
pub fn guide_open(state: State<'_, AppState>, flow_id: String, lang: Lang) -> Result<GuideScreen, CommandError> {
    let (run, restarted) = load(&state, &flow_id)?;
    save_and_show(&state, &run, lang, restarted)
}

/// Answers a question (the current one, or an earlier one being changed).
#[tauri::command]
#[specta::specta]
pub fn guide_answer(
    state: State<'_, AppState>,
    flow_id: String,
    node_id: String,
    answer: Answer,
    lang: Lang,
) -> Result<GuideScreen, CommandError> {
    let (mut run, restarted) = load(&state, &flow_id)?;
    guide::answer(&mut run, &node_id, answer).map_err(rejected)?;
    save_and_show(&state, &run, lang, restarted)
}

/// One question back; earlier answers stay selected.
#[tauri::command]
#[specta::specta]
pub fn guide_back(state: State<'_, AppState>, flow_id: String, lang: Lang) -> Result<GuideScreen, CommandError> {
    let (mut run, restarted) = load(&state, &flow_id)?;
    guide::back(&mut run).map_err(rejected)?;
    save_and_show(&state, &run, lang, restarted)
}

/// From the plan's answer list: back to that question.
#[tauri::command]
#[specta::specta]
pub fn guide_change(
    state: State<'_, AppState>,
    flow_id: String,
    node_id: String,
    lang: Lang,
) -> Result<GuideScreen, CommandError> {
    let (mut run, restarted) = load(&state, &flow_id)?;
    guide::change(&mut run, &node_id).map_err(rejected)?;
    save_and_show(&state, &run, lang, restarted)
}

/// Forgets the answers and starts the guide again.
#[tauri::command]
#[specta::specta]
pub fn guide_restart(state: State<'_, AppState>, flow_id: String, lang: Lang) -> Result<GuideScreen, CommandError> {
    let run = guide::start(&flow_id).map_err(rejected)?;
    save_and_show(&state, &run, lang, false)
}
