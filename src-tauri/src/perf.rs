//! Start-up phase marks for `scripts/perf.py`, printed only when `AA_PERF_READY` is set (normal
//! runs stay quiet). The script time-stamps each line as it arrives, so the marks carry no clock.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Deserialize;
use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};

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

/// With `AA_PERF_READY`, the app's files are served through [`Served`], which marks each file as
/// the WebView gets it (`served:assets/app.js`, the build's hash left out), so the page's requests
/// show among the phases. Otherwise the context is left as it is.
pub fn mark_served(context: &mut tauri::Context<tauri::Wry>) {
    if enabled() {
        let inner = context.set_assets(Box::new(NoAssets));
        context.set_assets(Box::new(Served(inner)));
    }
}

struct NoAssets;

impl<R: tauri::Runtime> tauri::Assets<R> for NoAssets {
    fn get(&self, _: &AssetKey) -> Option<Cow<'_, [u8]>> {
        None
    }
    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }
    fn csp_hashes(&self, _: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

struct Served<R: tauri::Runtime>(Box<dyn tauri::Assets<R>>);

impl<R: tauri::Runtime> tauri::Assets<R> for Served<R> {
    fn setup(&self, app: &tauri::App<R>) {
        self.0.setup(app)
    }
    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        let asset = self.0.get(key);
        if asset.is_some() {
            mark(&format!("served:{}", without_hash(key.as_ref().trim_start_matches('/'))));
        }
        asset
    }
    fn iter(&self) -> Box<AssetsIter<'_>> {
        self.0.iter()
    }
    fn csp_hashes(&self, html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        self.0.csp_hashes(html_path)
    }
}

/// `assets/app-8dgA42qN.js` → `assets/app.js`: the same name in every build.
fn without_hash(path: &str) -> String {
    // Vite's names: `name-HHHHHHHH.ext`, the hash eight characters (letters, digits, `_`, `-`).
    if let Some(dot) = path.rfind('.') {
        if dot >= 9 && path.as_bytes()[dot - 9] == b'-' && !path[dot - 8..dot].contains('/') {
            return format!("{}{}", &path[..dot - 9], &path[dot..]);
        }
    }
    path.to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_are_left_out() {
        assert_eq!(super::without_hash("assets/app-8dgA42qN.js"), "assets/app.js");
        assert_eq!(super::without_hash("assets/en-gbGUGp8S.js"), "assets/en.js");
        assert_eq!(super::without_hash("index.html"), "index.html");
        assert_eq!(super::without_hash("icon.png"), "icon.png");
        assert_eq!(super::without_hash("assets/index-Cx-j1Eh1.js"), "assets/index.js");
    }
}
