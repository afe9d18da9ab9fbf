//! Start-up phase marks for `scripts/perf.py`, printed only when `AA_PERF_READY` is set (normal
//! runs stay quiet). The script time-stamps each line as it arrives, so the marks carry no clock.

use std::sync::OnceLock;

use serde::Deserialize;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("AA_PERF_READY").is_some())
}

/// Marks that the process reached `phase` (main, setup, window, page-load-started …).
pub fn mark(phase: &str) {
    if enabled() {
        println!("AA_PHASE {phase}");
    }
}

/// A phase inside the page, in ms since its navigation started (`performance.now()`).
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct PagePhase {
    pub name: String,
    pub ms: f64,
}

/// The page is interactive: its own phases, then the line the script waits for.
pub fn ready(page: &[PagePhase]) {
    if enabled() {
        for p in page {
            println!("AA_PAGE {} {:.1}", p.name.replace(char::is_whitespace, "-"), p.ms);
        }
        println!("AA_READY");
    }
}
