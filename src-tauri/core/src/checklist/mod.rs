//! Offline checklists for a scenario or a finished plan, with ticks and a PDF export (issue 9).
//!
//! A checklist has four parts, all built from bundled data so it works with no network:
//!
//! - **materials** to have ready (ID card, the phone that receives codes, the mailbox, photos …),
//!   derived from explicit data: steps flagged `identity_check` need the ID card, steps with an
//!   e-mail need the mailbox and the attachment, and `data/checklist/materials.toml` maps other
//!   steps to what they need (no guessing from the wording);
//! - **steps** (the plan's actions, in order, with the official page and address of each);
//! - **waits**, dated from `today`: each wait starts when the previous one ends; working days are
//!   counted with [`crate::workdays`], and years without official holiday data are carried along;
//! - **notices**: yearly facts (exam registration window, exam days) from
//!   `data/checklist/notices.toml`, each with the date it was recorded so stale facts look stale.
//!
//! Facts on the path are kept as non-tickable `notes`.
//!
//! [`checklist_for_plan`] uses the applicant's answers. [`checklist_for_flow`] serves "any scenario
//! the applicant picks" without answering: it assumes the path of the flow with the most to do
//! (most actions and waits; ties go to the choice listed first, which the guides list as the usual
//! one), so the applicant prepares for everything that path needs, and it lists the answers it
//! assumed so the checklist says what it is based on. Core never reads the clock: `today` is passed.

mod build;
mod materials;
mod notices;
mod paths;
pub mod pdf;
mod ticks;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::guide::{AnswerView, GuideError, Plan, WaitView};
use crate::lang::Lang;

pub use notices::{all_notices, notices_for, DatedNotice, NoticeDates, StaleReason, STALE_AFTER_MONTHS};
pub use pdf::{render_pdf, PdfError, PdfOutput};
pub use ticks::{Ticks, TicksError, TicksLoad, TICKS_VERSION};

/// What a checklist is based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The applicant's own answers (a finished plan).
    Plan,
    /// No answers given: the flow's path with the most to do, with the answers it assumes.
    AssumedPath,
}

/// One line of the checklist. `id` is stable across languages and restarts (`m:id_card`,
/// `m:attachment:<node>`, `s:<node>`, `w:<node>`, `n:<node>`), so ticks can be saved by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Item {
    pub id: String,
    pub text: String,
    /// Bullet points under the item (form fields, things to check, what an e-mail must contain).
    pub details: Vec<String>,
    /// The official page or app.
    pub page: Option<String>,
    /// The official address; opened in the system browser.
    pub url: Option<String>,
    pub menu_path: Vec<String>,
    /// The source line in the chosen language (for materials: the source of the first step needing it).
    pub source: String,
}

/// A wait with its expected end date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct WaitItem {
    pub item: Item,
    pub wait: WaitView,
    /// When the wait starts: `today`, or the end of the previous wait.
    pub from: NaiveDate,
    /// The expected end; `None` if the date is past what the calendar supports.
    pub until: Option<NaiveDate>,
    /// Years in the span counted by weekends only (no official holiday data): the UI warns.
    pub years_without_data: Vec<i32>,
}

/// A printable, tickable checklist for one flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Checklist {
    pub flow_id: String,
    pub lang: Lang,
    pub title: String,
    pub generated_on: NaiveDate,
    pub basis: Basis,
    /// The answers the checklist is based on (given, or assumed for [`Basis::AssumedPath`]).
    pub answers: Vec<AnswerView>,
    pub outcome_title: String,
    pub summary: String,
    pub materials: Vec<Item>,
    pub steps: Vec<Item>,
    pub waits: Vec<WaitItem>,
    /// Facts on the path: shown, not ticked.
    pub notes: Vec<Item>,
    pub notices: Vec<DatedNotice>,
}

impl Checklist {
    /// The ids that can be ticked: materials, steps and waits.
    pub fn item_ids(&self) -> impl Iterator<Item = &str> {
        self.materials.iter().chain(&self.steps).chain(self.waits.iter().map(|w| &w.item)).map(|i| i.id.as_str())
    }
}

/// Why no checklist could be made.
#[derive(Debug, Clone, Error, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum ChecklistError {
    #[error(transparent)]
    Guide(#[from] GuideError),
    #[error("the bundled checklist data is invalid")]
    DataInvalid,
    #[error("flow `{0}` has no path to an outcome")]
    NoPath(String),
}

/// The checklist for a finished plan, dated from `today`.
pub fn checklist_for_plan(plan: &Plan, today: NaiveDate, lang: Lang) -> Checklist {
    build::from_plan(plan, Basis::Plan, plan.answers.clone(), today, lang)
}

/// The checklist for a flow the applicant picked without answering its questions: the path with
/// the most to do, with the answers it assumes (see the module docs).
pub fn checklist_for_flow(flow_id: &str, today: NaiveDate, lang: Lang) -> Result<Checklist, ChecklistError> {
    let path = paths::fullest_path(flow_id, lang)?;
    Ok(build::from_plan(&path.plan, Basis::AssumedPath, path.assumed, today, lang))
}

/// Checks the checklist data in use (materials and notices) against the guides.
pub fn validate_data() -> Result<(), Vec<String>> {
    validate_data_in(&crate::content::active())
}

/// Checks the checklist data of a content set (a pack before it is installed).
pub(crate) fn validate_data_in(set: &crate::content::ContentSet) -> Result<(), Vec<String>> {
    let mut errors = materials::validate(set);
    errors.extend(notices::validate(set));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
