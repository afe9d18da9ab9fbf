//! Per-process app state: where the app keeps its files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::kiosk::Kiosk;

pub struct AppState {
    /// The app's data dir; in kiosk mode the current applicant's scratch dir, wiped between them.
    pub data_dir: PathBuf,
    pub kiosk: Option<Arc<Kiosk>>,
}

impl AppState {
    pub fn new(data_dir: PathBuf, kiosk: Option<Arc<Kiosk>>) -> Self {
        Self { data_dir, kiosk }
    }

    pub fn prefs_path(&self) -> PathBuf {
        self.data_dir.join("prefs.json")
    }

    /// The saved run of one guide. Callers pass only flow ids the guide engine accepted.
    pub fn run_path(&self, flow_id: &str) -> PathBuf {
        self.data_dir.join("runs").join(format!("{flow_id}.json"))
    }

    /// The saved ticks of one guide's checklist (flow ids are checked by the guide engine first).
    pub fn ticks_path(&self, flow_id: &str) -> PathBuf {
        self.data_dir.join("ticks").join(format!("{flow_id}.json"))
    }

    /// Things waited on (feedback replies, manual reviews, e-mails).
    pub fn tracked_path(&self) -> PathBuf {
        self.data_dir.join("tracked.json")
    }

    /// Writes one of the app's files atomically.
    pub fn persist(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        assistant_core::atomic::write_atomic(path, bytes)
    }
}
