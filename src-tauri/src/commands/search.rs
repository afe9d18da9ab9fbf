//! "Paste what the site said": the home screen's search over the portals' own messages.

use assistant_core::lang::Lang;
use assistant_core::message_search::{self, SearchResult};

/// The best-matching guides for a pasted or half-remembered portal message (empty = none).
#[tauri::command]
#[specta::specta]
pub fn message_search(query: String, lang: Lang) -> SearchResult {
    message_search::search(&query, lang)
}

/// Builds the search index and loads the conversion tables on a low-cost background thread, so
/// that no search pays for them. Called once the first screen is up (`ui_ready`: not during
/// start-up, where it would compete with the WebView for the CPU) and after every content switch.
/// A search that comes before the build ends waits for this build instead of starting another.
pub(crate) fn prepare_in_background() {
    let spawned = std::thread::Builder::new().name("message-search-index".into()).spawn(message_search::prepare);
    if let Err(e) = spawned {
        // The first search then builds the index itself: slower once, nothing lost.
        eprintln!("message search: no background thread for the index: {e}");
    }
}

/// Whether each official portal answers (cached for a minute).
#[tauri::command]
#[specta::specta]
pub async fn portal_status(
    cache: tauri::State<'_, crate::status::StatusCache>,
) -> Result<crate::status::StatusReport, ()> {
    Ok(cache.report(&crate::status::portal_urls()).await)
}
