//! The service-hall intake (issue 7, kiosks with `intake_url`): a checked feedback draft goes
//! into a persistent outbox and the background worker posts it to the hall's desk, retrying with
//! backoff until it answers. The outbox lives outside the applicant's session dir on purpose:
//! an entry still waiting when the session ends belongs to the hall, not the applicant, and is
//! deleted as soon as the desk has it.

use std::path::PathBuf;
use std::sync::Arc;

use assistant_core::feedback::{check_draft, FeedbackDraft, FieldProblem};
use assistant_core::outbox::{EntryKind, Outbox, OutboxStatus};
use serde::Serialize;
use tauri::State;
use tokio::sync::Notify;

use super::{CommandError, ErrorCode};
use crate::clock::today_beijing;

/// The outbox dir and the worker's wake-up, managed only when the kiosk has an intake URL.
pub struct Intake {
    pub dir: PathBuf,
    pub notify: Arc<Notify>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct IntakeQueued {
    /// Non-empty: nothing was queued; show these first.
    pub problems: Vec<FieldProblem>,
    pub status: Option<OutboxStatus>,
}

fn no_intake() -> CommandError {
    CommandError::new(ErrorCode::NotAllowed, "this machine has no service-hall intake")
}

/// Queues a checked draft for the hall's desk and wakes the sender.
#[tauri::command]
#[specta::specta]
pub fn intake_send(intake: State<'_, Option<Intake>>, draft: FeedbackDraft) -> Result<IntakeQueued, CommandError> {
    let Some(intake) = intake.inner() else { return Err(no_intake()) };
    let clean = match check_draft(&draft, today_beijing()) {
        Ok(clean) => clean,
        Err(problems) => return Ok(IntakeQueued { problems, status: None }),
    };
    let outbox = Outbox::open(&intake.dir).map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))?;
    let payload = serde_json::to_value(&clean).map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))?;
    outbox
        .enqueue(EntryKind::NmpaFeedback, payload, chrono::Utc::now())
        .map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))?;
    intake.notify.notify_one();
    Ok(IntakeQueued { problems: Vec::new(), status: outbox.status().ok() })
}

/// How many drafts wait for the desk, and why the last try failed.
#[tauri::command]
#[specta::specta]
pub fn intake_status(intake: State<'_, Option<Intake>>) -> Option<OutboxStatus> {
    let intake = intake.inner().as_ref()?;
    Outbox::open(&intake.dir).and_then(|o| o.status()).ok()
}
