//! The copy panel's commands (granted to the panel window only): what it shows, one-tap copy,
//! ticks, and — when the applicant asks — the fill of the official form and the login helper.
//!
//! The fill never sends the draft to a page that does not show the form: it first runs the
//! form's `watch` script (labels only) in the session's windows, waiting (MutationObserver in
//! the page, polled here) until one of them shows the form, and only then the `fill` script
//! with the values, in that window.

use std::time::{Duration, Instant};

use assistant_core::catalog::Portal;
use assistant_core::form::{self, script, FieldStatus, FillReport, FormSpec, LoginReport, PageStatus, Panel};
use assistant_core::prefs::Prefs;
use serde::Serialize;
use tauri::{AppHandle, State, WebviewWindow};

use super::{CommandError, ErrorCode};
use crate::official;
use crate::panel::{FieldLine, PanelSlot};
use crate::vault::Vault;

/// How long a fill waits for the applicant to open the form on the official page.
const WAIT_FOR_FORM: Duration = Duration::from_secs(180);
const POLL: Duration = Duration::from_millis(400);

/// Everything the panel shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PanelView {
    pub panel: Panel,
    /// The applicant's language and text size (on a kiosk: this applicant's).
    pub look: Prefs,
    pub used: Vec<String>,
    pub outcomes: Vec<FieldLine>,
}

#[tauri::command]
#[specta::specta]
pub fn panel_get(slot: State<'_, PanelSlot>) -> Option<PanelView> {
    slot.with(|e| {
        e.as_ref().map(|e| PanelView {
            panel: e.panel.clone(),
            look: e.look,
            used: e.used.iter().cloned().collect(),
            outcomes: e.outcomes.clone(),
        })
    })
}

/// A copied item: the ticks now, and for a password when the clipboard is cleared.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Copied {
    pub used: Vec<String>,
    pub cleared_after: Option<u32>,
}

fn no_such(id: &str) -> CommandError {
    CommandError::new(ErrorCode::GuideRejected, format!("no panel item {id}"))
}

/// Copies one value (a password straight from the keychain) and ticks it off.
#[tauri::command]
#[specta::specta]
pub fn panel_copy(
    app: AppHandle,
    slot: State<'_, PanelSlot>,
    vault: State<'_, Vault>,
    id: String,
) -> Result<Copied, CommandError> {
    let (item, account) = slot
        .with(|e| {
            let e = e.as_ref()?;
            Some((e.panel.item(&id)?.clone(), e.account.clone()))
        })
        .ok_or_else(|| no_such(&id))?;
    if !item.copy {
        return Err(no_such(&id));
    }
    let clipboard = |e: String| CommandError::new(ErrorCode::SaveFailed, e);
    let cleared_after = if item.secret {
        let account = account.ok_or_else(|| no_such(&id))?;
        let secret = vault.reveal(&account).map_err(|e| CommandError::new(ErrorCode::NotAllowed, e))?;
        Some(super::vault::copy_secret(&app, secret).map_err(clipboard)?)
    } else {
        super::vault::copy_text(&app, &item.value).map_err(clipboard)?;
        None
    };
    let used = slot.with(|e| {
        e.as_mut().map(|e| {
            e.used.insert(id.clone());
            e.used.iter().cloned().collect()
        })
    });
    Ok(Copied { used: used.unwrap_or_default(), cleared_after })
}

/// Ticks an item off by hand (or back on).
#[tauri::command]
#[specta::specta]
pub fn panel_tick(slot: State<'_, PanelSlot>, id: String, used: bool) -> Vec<String> {
    slot.with(|e| match e {
        Some(e) => {
            if used {
                e.used.insert(id);
            } else {
                e.used.remove(&id);
            }
            e.used.iter().cloned().collect()
        }
        None => Vec::new(),
    })
}

/// What a fill (or login) came to.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PanelFill {
    /// Typed: what happened to each field.
    Done { lines: Vec<FieldLine> },
    /// The official page does not show the form (yet).
    NoForm,
    /// No official window is open any more.
    NoWindow,
    /// The applicant cancelled, or another panel replaced this one.
    Cancelled,
}

/// Stops a fill or login that waits for its form.
#[tauri::command]
#[specta::specta]
pub fn panel_cancel(slot: State<'_, PanelSlot>) {
    slot.bump();
}

enum Found {
    At(WebviewWindow),
    Stop(PanelFill),
}

/// Waits (up to [`WAIT_FOR_FORM`] when `wait`) until a window of the session shows `form`.
async fn find_form(app: &AppHandle, slot: &PanelSlot, form: &FormSpec, generation: u32, wait: bool) -> Found {
    let deadline = Instant::now() + if wait { WAIT_FOR_FORM } else { Duration::ZERO };
    let watch = script::watch(form);
    loop {
        if slot.generation() != generation {
            return Found::Stop(PanelFill::Cancelled);
        }
        let windows = official::windows(app);
        if windows.is_empty() {
            return Found::Stop(PanelFill::NoWindow);
        }
        for w in windows {
            let status =
                official::eval_json(&w, watch.clone()).await.and_then(|v| serde_json::from_value::<PageStatus>(v).ok());
            if status.is_some_and(|s| s.present) {
                return Found::At(w);
            }
        }
        if Instant::now() >= deadline {
            return Found::Stop(PanelFill::NoForm);
        }
        tokio::time::sleep(POLL).await;
    }
}

fn lines(form: &FormSpec, fields: &[form::FieldOutcome]) -> Vec<FieldLine> {
    fields
        .iter()
        .map(|o| FieldLine { id: o.id.clone(), status: o.status, message: form::outcome_text(form, o) })
        .collect()
}

/// Keeps the outcome for the panel and ticks off what the page took.
fn remember(slot: &PanelSlot, generation: u32, lines: &[FieldLine]) {
    if slot.generation() != generation {
        return;
    }
    slot.with(|e| {
        if let Some(e) = e {
            for l in lines {
                if matches!(l.status, FieldStatus::Filled) {
                    e.used.insert(l.id.clone());
                }
            }
            e.outcomes = lines.to_vec();
        }
    });
}

/// Types the panel's values into the official form, when a window shows it (`wait`: keep
/// watching until the applicant opens it). Never the picture code; never submits.
#[tauri::command]
#[specta::specta]
pub async fn panel_fill(app: AppHandle, slot: State<'_, PanelSlot>, wait: bool) -> Result<PanelFill, CommandError> {
    let (form_id, values, lang) = slot
        .with(|e| e.as_ref().and_then(|e| Some((e.panel.form.clone()?, e.values.clone(), e.look.lang))))
        .ok_or_else(|| no_such("form"))?;
    let form = form::form(&form_id).map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))?;
    let generation = slot.generation();
    let window = match find_form(&app, &slot, &form, generation, wait).await {
        Found::At(w) => w,
        Found::Stop(outcome) => return Ok(outcome),
    };
    let nonce = format!("{generation}-{}", chrono::Utc::now().timestamp_millis());
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    window
        .eval(script::fill(&form, &pairs, &nonce, lang))
        .map_err(|e| CommandError::new(ErrorCode::WindowFailed, e))?;
    // Element selects open and close with animations: the whole form takes a few seconds.
    let deadline = Instant::now() + Duration::from_secs(40);
    let report = loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        if let Some(r) = official::eval_json(&window, script::report(&nonce))
            .await
            .and_then(|v| serde_json::from_value::<FillReport>(v).ok())
        {
            break r;
        }
        if Instant::now() >= deadline || slot.generation() != generation {
            return Ok(PanelFill::Cancelled);
        }
    };
    let _ = window.eval(script::stop());
    let lines = lines(&form, &report.fields);
    remember(&slot, generation, &lines);
    Ok(PanelFill::Done { lines })
}

/// The login helper: types the account's login and its password, from the keychain straight
/// into the visible login form of the account's portal (never to the UI, never to disk). Never
/// the picture code, slider or SMS code.
#[tauri::command]
#[specta::specta]
pub async fn panel_login(
    app: AppHandle,
    slot: State<'_, PanelSlot>,
    vault: State<'_, Vault>,
    wait: bool,
) -> Result<PanelFill, CommandError> {
    let (form_id, login, account) = slot
        .with(|e| {
            let e = e.as_ref()?;
            let login = e.values.iter().find(|(k, _)| k == "username").map(|(_, v)| v.clone())?;
            Some((e.panel.form.clone()?, login, e.account.clone()?))
        })
        .ok_or_else(|| no_such("login"))?;
    let form = form::form(&form_id).map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))?;
    let generation = slot.generation();
    let window = match find_form(&app, &slot, &form, generation, wait).await {
        Found::At(w) => w,
        Found::Stop(outcome) => return Ok(outcome),
    };
    // Only into a page of the account's own portal, over https.
    let on_portal = window.url().ok().is_some_and(|u| {
        u.scheme() == "https"
            && u.host_str().is_some_and(|h| assistant_core::portals::portal_for_host(h) == Some(form.portal))
    });
    if !on_portal {
        return Err(CommandError::new(ErrorCode::NotAllowed, "the login page is not on the account's portal"));
    }
    let password = vault.reveal(&account).map_err(|e| CommandError::new(ErrorCode::NotAllowed, e))?;
    let answer = official::eval_json(&window, script::login(&form, &login, &password)).await;
    drop(password);
    let report: LoginReport = answer.and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
    let outcomes: Vec<form::FieldOutcome> = form
        .fields
        .iter()
        .filter(|f| matches!(f.kind, form::FieldKind::Login | form::FieldKind::Password))
        .map(|f| form::FieldOutcome {
            id: f.id.clone(),
            status: report.get(&f.id).copied().unwrap_or(FieldStatus::NotSet),
            seen: Vec::new(),
            shown: None,
        })
        .collect();
    let lines = lines(&form, &outcomes);
    remember(&slot, generation, &lines);
    Ok(PanelFill::Done { lines })
}

/// The portal an account kind logs in to (`None` for a mailbox).
pub fn portal_of(kind: assistant_core::vault::AccountKind) -> Option<Portal> {
    use assistant_core::vault::AccountKind;
    match kind {
        AccountKind::Nmpa => Some(Portal::Nmpa),
        AccountKind::Cpta => Some(Portal::Cpta),
        AccountKind::Jszg => Some(Portal::Jszg),
        AccountKind::Mailbox => None,
    }
}
