//! "Paste what the site said" (issue 12): from a message the portal showed the applicant to
//! the guide flows that deal with it, best first.
//!
//! The messages are declared in the guide data (`[[flow.message]]` in `guides/*.toml`),
//! quoted verbatim from the portals. Queries and messages are compared in a normalised form
//! ([`normalize`]: width folding, Traditional→Simplified with OpenCC's tables, punctuation and
//! white space dropped, lower case), so full-width or half-width punctuation, missing or
//! extra punctuation and zh-TW script all compare equal. The scorer then accepts the whole
//! message, a fragment of it, or a version with one or two wrong characters.
//!
//! Everything is compiled in and indexed once: a search runs offline in well under a
//! millisecond for the whole message set (see `benches/message_search.rs`).

mod index;
mod normalize;
mod score;

#[cfg(test)]
mod tests;

use serde::Serialize;

pub use normalize::{normalize, MAX_QUERY_CHARS};
pub use score::MatchKind;

use crate::catalog::Portal;
use crate::lang::Lang;
use score::Prepared;

/// At most this many flows are offered.
pub const MAX_MATCHES: usize = 5;

/// One flow offered for the query, with the declared message that matched best.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct MessageMatch {
    pub flow_id: String,
    /// The question or step in the flow that deals with the message, when declared.
    pub node_id: Option<String>,
    pub portal: Portal,
    /// The flow's title in the requested language (from the home-screen catalog).
    pub flow_title: String,
    /// The portal's message as declared (simplified Chinese, the portal's own words).
    pub message: String,
    /// Per mille: 1000 for the exact message, lower for fragments and near misses.
    pub score: u32,
    pub why: MatchKind,
}

/// The outcome of a search. `matches` is empty when nothing matched: the UI says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SearchResult {
    /// The query as it was compared (normalised), to show or debug what was searched for.
    pub query_normalized: String,
    /// Best first, one entry per flow, at most [`MAX_MATCHES`].
    pub matches: Vec<MessageMatch>,
}

impl SearchResult {
    /// True when no declared message matched the query.
    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }
}

/// Builds the message index and loads the conversion tables now rather than on the first
/// search (they take a moment): the shell can call this off the UI thread at start-up.
pub fn prepare() {
    index::index();
    normalize("");
}

/// Finds the flows whose portal messages match `query`. Titles are in `lang`. Only the first
/// [`MAX_QUERY_CHARS`] characters of the query are read; empty or blank queries, and queries
/// with no letters, digits or Chinese characters, match nothing. Never panics.
pub fn search(query: &str, lang: Lang) -> SearchResult {
    let q = Prepared::new(normalize(query));
    let idx = index::index();

    // Best message per flow: (score, flow order, entry).
    let mut best: Vec<(u32, usize, &index::Entry, MatchKind)> = Vec::new();
    for e in &idx.entries {
        let Some((score, why)) = score::score(&q, &e.prepared) else { continue };
        match best.iter_mut().find(|b| b.2.flow_id == e.flow_id) {
            Some(b) if b.0 >= score => {}
            Some(b) => *b = (score, e.flow_order, e, why),
            None => best.push((score, e.flow_order, e, why)),
        }
    }
    best.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));

    let matches = best
        .into_iter()
        .take(MAX_MATCHES)
        .filter_map(|(score, _, e, why)| {
            let info = idx.flows.get(e.flow_id)?;
            Some(MessageMatch {
                flow_id: e.flow_id.to_owned(),
                node_id: e.node_id.map(str::to_owned),
                portal: info.portal,
                flow_title: info.title(lang).to_owned(),
                message: e.message.clone(),
                score,
                why,
            })
        })
        .collect();
    SearchResult { query_normalized: q.chars.iter().collect(), matches }
}
