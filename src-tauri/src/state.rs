//! Per-process app state: where the app keeps its files.

use std::path::PathBuf;

pub struct AppState {
    pub data_dir: PathBuf,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> Self {
        Self { data_dir }
    }

    pub fn prefs_path(&self) -> PathBuf {
        self.data_dir.join("prefs.json")
    }
}
