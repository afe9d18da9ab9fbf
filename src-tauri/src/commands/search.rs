//! "Paste what the site said": the home screen's search over the portals' own messages.

use assistant_core::lang::Lang;
use assistant_core::message_search::{self, SearchResult};

/// The best-matching guides for a pasted or half-remembered portal message (empty = none).
#[tauri::command]
#[specta::specta]
pub fn message_search(query: String, lang: Lang) -> SearchResult {
    message_search::search(&query, lang)
}
