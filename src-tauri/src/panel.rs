//! The copy panel's window (issue 18): a narrow app window beside the official windows (or on
//! its own, for an e-mail to paste into webmail) that shows every value of a drafted form with a
//! one-tap copy. It runs the app's own bundled page, like the main window, with its own small
//! capability (`capabilities/panel.json`). What it shows is held here, in memory only.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use assistant_core::form::{FieldStatus, Panel};
use assistant_core::lang::Text;
use assistant_core::prefs::Prefs;
use serde::Serialize;
use tauri::{AppHandle, Manager, Url, WebviewUrl, WebviewWindowBuilder};

use crate::commands::{CommandError, ErrorCode};
use crate::navigation;
use crate::official::{self, OfficialWindow};
use crate::state::AppState;

/// Labels of panel windows start with this (a fresh number per opening: a label cannot be
/// reused while WebKit tears the old window down). `capabilities/panel.json` names the prefix.
pub const LABEL_PREFIX: &str = "copy-panel";

/// What the last fill did to one field, for the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct FieldLine {
    pub id: String,
    pub status: FieldStatus,
    /// What to do by hand, when the field was not filled.
    pub message: Option<Text>,
}

/// What the panel holds.
pub struct Entry {
    pub panel: Panel,
    pub look: Prefs,
    /// Field id → the value the fill types (the panel's values; never a secret).
    pub values: Vec<(String, String)>,
    /// The vault account whose password "copy" and the login helper take from the keychain.
    pub account: Option<String>,
    /// Items the applicant has used (copied or ticked), and those the fill typed.
    pub used: BTreeSet<String>,
    pub outcomes: Vec<FieldLine>,
    /// The panel stands beside official windows and closes with them.
    pub beside_official: bool,
}

/// The panel's content, and a number that changes with every new panel and every cancel, so a
/// fill still waiting for its form stops.
#[derive(Default)]
pub struct PanelSlot {
    entry: Mutex<Option<Entry>>,
    generation: AtomicU32,
}

impl PanelSlot {
    pub fn with<T>(&self, f: impl FnOnce(&mut Option<Entry>) -> T) -> T {
        let mut guard = self.entry.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    pub fn generation(&self) -> u32 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Stops a fill that waits.
    pub fn bump(&self) -> u32 {
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Forgets everything (kiosk end of session).
    pub fn clear(&self) {
        self.bump();
        self.with(|e| *e = None);
    }
}

static OPENINGS: AtomicU32 = AtomicU32::new(0);

fn close_panels(app: &AppHandle) {
    for (label, w) in app.webview_windows() {
        if label.starts_with(LABEL_PREFIX) {
            let _ = w.destroy();
        }
    }
}

/// Shows `entry` in a fresh panel window.
fn show(app: &AppHandle, entry: Entry) -> tauri::Result<()> {
    let kiosk = app.try_state::<AppState>().and_then(|s| s.kiosk.as_ref().map(|_| s.data_dir.clone()));
    if let Some(slot) = app.try_state::<PanelSlot>() {
        slot.bump();
        slot.with(|e| *e = Some(entry));
    }
    close_panels(app);
    let label = format!("{LABEL_PREFIX}-{}", OPENINGS.fetch_add(1, Ordering::SeqCst) + 1);
    let (x, y, w, h) = official::layout(app, kiosk.is_some()).panel;
    let mut builder = WebviewWindowBuilder::new(app, label, WebviewUrl::App("index.html".into()))
        .title("申请助手 · 复制面板")
        .position(x, y)
        .inner_size(w, h)
        .always_on_top(true)
        // Shown by `ui_ready` once the panel is drawn (see `no_gl_compositing` in lib.rs).
        .visible(false)
        .on_page_load(|window, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                crate::show_anyway_later(window);
            }
        })
        // The app's own pages only; a link never leaves from here.
        .on_navigation(|url| navigation::decide(url, Some(&[] as &[String])) == navigation::Decision::Allow);
    if let Some(session_dir) = kiosk {
        builder = builder.decorations(false).data_directory(session_dir.join("webview"));
    }
    builder.build()?;
    Ok(())
}

/// A panel on its own (nothing to fill: an e-mail to paste into webmail).
pub fn open_alone(app: &AppHandle, panel: Panel, look: Prefs) -> Result<(), CommandError> {
    let entry = Entry {
        panel,
        look,
        values: Vec::new(),
        account: None,
        used: BTreeSet::new(),
        outcomes: Vec::new(),
        beside_official: false,
    };
    show(app, entry).map_err(|e| CommandError::new(ErrorCode::WindowFailed, e))
}

/// What to open beside the panel.
pub struct Beside {
    pub url: Url,
    pub title: String,
    /// Field id → value the fill types.
    pub values: Vec<(String, String)>,
    pub account: Option<String>,
}

/// Opens the official page (a new session) and the panel beside it.
pub fn open_with_official(app: &AppHandle, panel: Panel, look: Prefs, beside: Beside) -> Result<(), CommandError> {
    let hosts = official::hosts_for(app, &beside.url).map_err(|e| CommandError::new(ErrorCode::NotAllowed, e))?;
    official::open(
        app,
        OfficialWindow {
            url: beside.url,
            hosts,
            title: beside.title,
            lang: look.lang,
            downloads: None,
            beside_panel: true,
        },
    )
    .map_err(|e| CommandError::new(ErrorCode::WindowFailed, e))?;
    let entry = Entry {
        panel,
        look,
        values: beside.values,
        account: beside.account,
        used: BTreeSet::new(),
        outcomes: Vec::new(),
        beside_official: true,
    };
    show(app, entry).map_err(|e| CommandError::new(ErrorCode::WindowFailed, e))
}

/// Called when an official window has gone: a panel that stood beside the session closes with
/// its last window.
pub fn official_closed(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let beside =
            app.try_state::<PanelSlot>().is_some_and(|s| s.with(|e| e.as_ref().is_some_and(|e| e.beside_official)));
        if beside && official::windows(&app).is_empty() {
            if let Some(slot) = app.try_state::<PanelSlot>() {
                slot.clear();
            }
            close_panels(&app);
        }
    });
}
