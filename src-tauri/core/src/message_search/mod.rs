//! "Paste what the site said" (issues 12 and 17): from whatever the applicant pasted (a
//! confirmation box, half a sentence, a Traditional-character copy from a forum, a whole help
//! page) to the guide that deals with it, or an honest "no guide" with the portal's own help.
//!
//! - [`normalize`]: one comparable form (width, invisible characters, Traditional→Simplified
//!   with OpenCC's tables, case), with sentence and phrase boundaries kept.
//! - `score`: the query against each portal message the guides quote: whole, fragment, or
//!   with a character or two wrong. The strongest signal.
//! - `index` + `rank`: BM25 over everything the guides say (titles, every node's text, help,
//!   choices, details, page names, menu paths, messages) plus per-guide keywords and synonyms
//!   (`data/search/keywords.toml`), on character-pair tokens, sentence by sentence.
//! - Portal awareness: a query that names a portal is answered only from that portal's guides;
//!   one that names only a look-alike site, or matches weakly, gets no guide, the closest topics
//!   as "maybe", and the portal's help contacts (`data/portals.toml`).
//!
//! Everything comes from the content in use (compiled in, or a newer pack) and is indexed once
//! per content: the shell builds it in the background once the first screen is up and after each
//! switch ([`prepare`]); a search that comes before that build ends waits for it rather than
//! building again. A whole pasted page is read sentence by sentence, its most promising
//! sentences in full (`rank::promising`). See `benches/message_search.rs` for the figures.

mod everyday;
mod highlight;
mod index;
mod keywords;
mod normalize;
mod rank;
mod score;
mod stored;
mod tokens;
mod tw2sp;

#[cfg(test)]
mod page_tests;
#[cfg(test)]
mod tests;

use rustc_hash::FxHashSet;
use serde::Serialize;

pub use highlight::Piece;
pub use index::index_bytes;
pub(crate) use keywords::check as check_data;
pub use keywords::{unknown_flow_ids, KeywordsError, PENDING_FLOWS};
pub use normalize::{comparable, normalize, MAX_QUERY_CHARS};
pub use score::MatchKind;

use crate::catalog::Portal;
use crate::lang::Lang;
use crate::portals::PortalView;
use index::Index;
use rank::Evidence;

/// At most this many flows are offered.
pub const MAX_MATCHES: usize = 5;
/// At most this many "maybe" topics are offered when no guide matches.
pub const MAX_MAYBE: usize = 3;
/// Per mille from which a flow is a confident answer.
pub const CONFIDENT: u32 = 450;
/// Per mille from which a guide is a confident answer when the query names one portal and the
/// words agree (no guide the query rules out scored higher). Just above
/// `rank::MAX_SHORT_WORDS_SCORE`, the most a hint (a few scattered or common words) can score:
/// the portal being known, more than a hint is enough, but a hint is still no answer. Measured on
/// 2026-12-02 (development set and a fresh batch): from this bar to [`CONFIDENT`], such queries
/// were mostly the right guide, while those naming nothing were mostly messages no guide covers.
/// Lower was tried the same day: at 340, five more right answers on the development set and one
/// on a tenth batch, but CPTA's 学历学位信息在线核验状态为“未核验” (no guide covers it, 391) is then
/// answered with the download guide.
pub const CONFIDENT_NAMED: u32 = rank::MAX_SHORT_WORDS_SCORE + 1;
/// As [`CONFIDENT_NAMED`], for a query that names no portal but says who is asking (执业药师,
/// 教师资格). Lower, as measured rather than argued: on 2026-12-02, at 360, one more
/// right answer on the development set and on a tenth batch of 70 fresh texts, no "none" text
/// answered; at 340, two more "none" texts of the development set answered (questions about the
/// teacher exam, which say 教师资格 too).
pub const CONFIDENT_ROLE: u32 = 360;
/// Per mille from which a guide is a confident answer when the query says where or who it is
/// from (as for [`CONFIDENT_NAMED`] and [`CONFIDENT_ROLE`]) and that guide stands out: it scored
/// at least [`STANDS_OUT`] times any other guide, of any portal. A help-page sentence about the teacher
/// site's health check (体检表) shares a few common words with other guides and most of its
/// informative words with one; a message no guide covers (a payment, an exam photo) shares
/// common words with several. Chosen on 2026-12-02 on the development set and an eighth batch of
/// 80 real texts (top-1 +2 and +3, one more wrong guide in each), then checked on a ninth batch
/// of 60 it had not seen: one more right guide, no other change.
pub const CONFIDENT_CLEAR: u32 = 300;
/// How many times the next guide's score the best one needs to stand out.
const STANDS_OUT: u32 = 2;
/// Per cent of the best guide's score from which a guide of another portal makes a query that
/// names no portal ambiguous: no answer, both offered as "maybe". A portal's message quoted more
/// plainly than the other's (see `Evidence::quote_strength`) still answers. On 2026-12-02 at
/// 90 % this took two wrong-portal answers out of a tenth batch of 70 real texts (generic 忘记密码
/// questions where a CPTA page's, the NMPA hall's and the teacher site's guides scored within a
/// few per mille of each other). Lowered the same day to 70 %, with quotes judged by what the
/// message alone scored, on the development set of 490: wrong-portal answers 2 → 0, texts no
/// guide covers left unanswered 163 → 169 of 187 (该证件号码已被注册, 账号已注册，请直接登录:
/// every site shows them), for three right first answers (two HK/Macau document sentences where
/// the 网证 guide came close, a CPTA 用户名密码错误 question where the NMPA hall's did).
const SEVERAL_PORTALS: u32 = 70;
/// Per mille from which a flow is offered as "maybe" when nothing is confident.
pub const MAYBE: u32 = 150;
/// A query that names only a look-alike site needs a portal message this close to be answered.
const CONFIDENT_ELSEWHERE: u32 = 800;
/// A lone "maybe" this weak (a pair of common words in common) says too little to send the
/// applicant to its portal's help desk; two or more that agree, or one this strong, do.
const MAYBE_ALONE_FOR_PORTAL: u32 = 2 * MAYBE;

/// One flow offered for the query, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct MessageMatch {
    pub flow_id: String,
    /// The question or step in the flow that deals with the message, when known.
    pub node_id: Option<String>,
    pub portal: Portal,
    /// The flow's title in the requested language (from the home-screen catalog).
    pub flow_title: String,
    /// What matched: the portal's message as declared (simplified Chinese, the portal's own
    /// words), or, for a match on the guide's words, the guide's text in the requested language.
    pub message: String,
    /// `message` in pieces, the ones that share words with the query marked.
    pub highlighted: Vec<Piece>,
    /// The query's words that matched (in comparable form: simplified, lower case).
    pub matched_words: Vec<String>,
    /// The text of the step that deals with the message, in the requested language.
    pub node_text: Option<String>,
    /// Per mille: 1000 for the exact message, lower for fragments, near misses and words.
    pub score: u32,
    pub why: MatchKind,
}

/// The outcome of a search. `matches` is empty when no guide matches well enough: the UI says
/// so honestly, offers `maybe`, and shows the portal's own `help`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SearchResult {
    /// The query as it was compared (normalised), to show or debug what was searched for.
    pub query_normalized: String,
    /// Confident answers, best first, one entry per flow, at most [`MAX_MATCHES`].
    pub matches: Vec<MessageMatch>,
    /// When `matches` is empty: the closest topics, weak, at most [`MAX_MAYBE`].
    pub maybe: Vec<MessageMatch>,
    /// The portal the query names, or else the one its closest topic belongs to.
    pub portal: Option<Portal>,
    /// A look-alike site the query names that the app has no guides for.
    pub elsewhere: Option<String>,
    /// When `matches` is empty: the portal's own help contacts.
    pub help: Option<PortalView>,
    /// True when guides of more than one portal are about as close and nothing in the query says
    /// which site showed it (the same prompt appears on several): `maybe` then holds guides of
    /// each, for the applicant to choose the site they are on.
    pub several_portals: bool,
}

impl SearchResult {
    /// True when no guide matched confidently.
    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }
}

/// Builds the index and loads the conversion tables now rather than on the first search: the
/// shell can call this off the UI thread at start-up.
pub fn prepare() {
    index::index();
    normalize::prepare();
}

/// Whether [`prepare`] is worth a thread at start-up: only for an installed content pack, whose
/// index is built from its guides (~17 ms). The bundled content's index is stored in the binary,
/// so the first search reads it back (~2.5 ms) and the conversion tables load with the first
/// Traditional text (~0.1 ms): preparing early would only hold memory no search may ever use.
pub fn worth_preparing() -> bool {
    crate::content::active().origin() != crate::content::Origin::Bundled
}

/// The query's tokens per window already presented: the results of one search often share
/// their window (the best sentence of a page), which may be thousands of tokens long.
type WindowTokens = Vec<((usize, usize), std::rc::Rc<FxHashSet<tokens::TokenId>>)>;

fn present(
    idx: &Index,
    eval: &rank::Evaluation,
    e: &Evidence,
    lang: Lang,
    seen: &mut WindowTokens,
) -> Option<MessageMatch> {
    let info = idx.flows.get(e.flow)?;
    let text_of = |doc: usize| idx.docs.get(doc).and_then(|d| d.texts.first()).map(|t| t.get(lang).to_owned());
    let node_id = match (e.entry, e.doc) {
        (Some(i), _) => idx.entries.get(i).and_then(|m| m.node_id.as_deref()),
        (None, Some(d)) => idx.docs.get(d).and_then(|d| d.node_id.as_deref()),
        _ => None,
    };
    let node_doc =
        node_id.and_then(|n| idx.docs.iter().position(|d| d.flow == e.flow && d.node_id.as_deref() == Some(n)));
    let message = match (e.entry, e.doc) {
        (Some(i), _) => idx.entries.get(i).map(|m| m.message.clone()),
        (None, Some(d)) => text_of(d),
        _ => None,
    }
    .unwrap_or_else(|| info.title(lang).to_owned());
    let query_ids = match seen.iter().find(|(w, _)| *w == e.window) {
        Some((_, ids)) => ids.clone(),
        None => {
            let window = &eval.comparable[e.window.0..e.window.1];
            let mut ids = FxHashSet::default();
            tokens::for_each(window, |s| {
                ids.insert(tokens::id(&window[s.start..s.end]));
            });
            let ids = std::rc::Rc::new(ids);
            seen.push((e.window, ids.clone()));
            ids
        }
    };
    Some(MessageMatch {
        flow_id: info.id.clone(),
        node_id: node_id.map(str::to_owned),
        portal: info.portal,
        flow_title: info.title(lang).to_owned(),
        highlighted: highlight::pieces(&message, &query_ids),
        message,
        matched_words: rank::matched_words(idx, &eval.comparable, e),
        node_text: node_doc.and_then(text_of),
        score: e.score.min(1000),
        why: e.kind,
    })
}

/// Finds the guides that deal with what the applicant pasted. Titles and guide texts are in
/// `lang`. Only the first [`MAX_QUERY_CHARS`] characters are read; empty or blank queries and
/// queries with no letters, digits or Chinese characters match nothing. Never panics.
pub fn search(query: &str, lang: Lang) -> SearchResult {
    search_with(query, lang, rank::Reading::Promising)
}

fn search_with(query: &str, lang: Lang, reading: rank::Reading) -> SearchResult {
    let idx = index::index();
    let idx = idx.as_ref();
    let eval = rank::evaluate_with(idx, query, reading);
    let elsewhere_only = eval.named.is_empty() && !eval.elsewhere.is_empty();
    // A query that names a portal is answered from that portal's guides; one that names none but
    // says who is asking (执业药师, 教师资格) from the guides for that kind of applicant: the
    // teacher site's steps are no answer to a pharmacist, even where the words match.
    let allowed = |e: &&Evidence| {
        let portal = idx.flows.get(e.flow).map(|f| f.portal);
        if eval.named.is_empty() {
            eval.role_flows.is_none_or(|bits| bits & (1 << (e.flow % 64)) != 0)
        } else {
            portal.is_some_and(|p| eval.named.contains(&p))
        }
    };
    let candidates: Vec<&Evidence> = eval.ranked.iter().filter(allowed).collect();
    let words_agree = candidates.first().zip(eval.ranked.first()).is_some_and(|(a, b)| a.flow == b.flow);
    let says_where_or_who = matches!((eval.named.len(), eval.role_flows), (1, _) | (0, Some(_)));
    let stands_out = candidates.first().is_some_and(|top| {
        let next = eval.ranked.iter().find(|e| e.flow != top.flow).map_or(0, |e| e.score);
        top.score >= STANDS_OUT * next
    });
    let placed = words_agree && says_where_or_who;
    // Nothing says which site, and guides of two portals are about as close: whichever came
    // first would be a guess, and a guess at the wrong portal is worse than asking.
    let several_portals = eval.named.is_empty()
        && candidates.first().is_some_and(|top| {
            let portal = |e: &Evidence| idx.flows.get(e.flow).map(|f| f.portal);
            candidates.iter().find(|e| portal(e) != portal(top)).is_some_and(|other| {
                // A portal's message quoted outweighs another's words or a looser quote.
                top.quote_strength() <= other.quote_strength()
                    && u64::from(other.score) * 100 >= u64::from(SEVERAL_PORTALS) * u64::from(top.score)
            })
        });
    let bar = match (several_portals, placed, eval.named.len()) {
        (true, _, _) => u32::MAX,
        (false, true, 1) => CONFIDENT_NAMED,
        (false, true, _) => CONFIDENT_ROLE,
        (false, false, _) => CONFIDENT,
    };
    // Standing out lets only the best guide answer, not the ones it stands out from.
    let first_bar = if placed && stands_out && !several_portals { CONFIDENT_CLEAR } else { bar };
    // A query that names only a look-alike site is answered by nothing but a portal's own
    // message quoted in it: the guides' words are the same words that site uses.
    let answers = |(i, e): &(usize, &&Evidence)| {
        if elsewhere_only {
            e.kind != MatchKind::Words && e.score >= CONFIDENT_ELSEWHERE
        } else {
            e.score >= if *i == 0 { first_bar } else { bar }
        }
    };
    let mut seen = WindowTokens::new();
    let matches: Vec<MessageMatch> = candidates
        .iter()
        .enumerate()
        .filter(answers)
        .map(|(_, e)| e)
        .take(MAX_MATCHES)
        .filter_map(|e| present(idx, &eval, e, lang, &mut seen))
        .collect();
    let maybe: Vec<MessageMatch> = if matches.is_empty() && !elsewhere_only {
        candidates
            .iter()
            .filter(|e| e.score >= MAYBE)
            .take(MAX_MAYBE)
            .filter_map(|e| present(idx, &eval, e, lang, &mut seen))
            .collect()
    } else {
        Vec::new()
    };
    let maybe_spans_portals = maybe.first().is_some_and(|f| maybe.iter().any(|m| m.portal != f.portal));
    let portal = match (eval.named.as_slice(), matches.first()) {
        ([one], _) => Some(*one),
        (_, Some(m)) => Some(m.portal),
        // Only weak candidates and no portal named: a portal (and its help contacts) only when they
        // all belong to it. A question about another exam altogether, close to guides of several
        // portals, would otherwise be sent to whichever portal's help came first.
        (_, None) => {
            let enough = maybe.len() > 1 || maybe.first().is_some_and(|m| m.score >= MAYBE_ALONE_FOR_PORTAL);
            maybe.first().map(|m| m.portal).filter(|_| enough && !maybe_spans_portals)
        }
    };
    let help = if matches.is_empty() { portal.and_then(|p| crate::portals::view(p, lang)) } else { None };
    let elsewhere = if elsewhere_only {
        eval.elsewhere.first().and_then(|i| idx.elsewhere_names.get(*i)).map(|n| n.get(lang).to_owned())
    } else {
        None
    };
    // Said only when the topics offered do span portals (the other portal's guide may be fourth).
    // ("maybe" is only offered when nothing answered.)
    let several_portals = several_portals && maybe_spans_portals;
    SearchResult { query_normalized: eval.squeezed, matches, maybe, portal, elsewhere, help, several_portals }
}
