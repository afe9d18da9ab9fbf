//! "Paste what the site said": the home screen's search over the portals' own messages.

use assistant_core::lang::Lang;
use assistant_core::message_search::{self, SearchResult};

/// The best-matching guides for a pasted or half-remembered portal message (empty = none).
#[tauri::command]
#[specta::specta]
pub fn message_search(query: String, lang: Lang) -> SearchResult {
    message_search::search(&query, lang)
}

/// Whether each official portal answers (cached for a minute).
#[tauri::command]
#[specta::specta]
pub async fn portal_status(
    cache: tauri::State<'_, crate::status::StatusCache>,
) -> Result<crate::status::StatusReport, ()> {
    Ok(cache.report(&crate::status::portal_urls()).await)
}
