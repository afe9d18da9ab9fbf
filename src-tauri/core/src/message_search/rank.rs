//! Ranking a query against the index: the portal's own messages first, the guides' words next,
//! the portal the query names as a hard limit.
//!
//! 1. **Messages.** A declared message inside the query (exact containment, any length of
//!    paste), or a sentence of the query that is a fragment or near miss of a message
//!    (`score.rs`). Exact matches are the strongest signal. A short message (已经存在) found
//!    inside a longer phrase of another site's wording is weak evidence, not an answer.
//! 2. **Words.** BM25 over every text of every flow, scored sentence by sentence (and for each
//!    pair of adjacent sentences), so a whole pasted page is judged by its best sentence, not
//!    drowned by the rest. Confidence needs both: most of the sentence's informative tokens
//!    found in the flow (coverage) and enough of them (evidence mass). A page of more than a
//!    few sentences gets a cheap first pass (each token looked up once) that picks the
//!    sentences worth reading in full.
//!    A step shared by several flows (`guides/shared.toml`) counts 1/n for each of the n flows
//!    that use it: its words cannot tell them apart, the flows' own steps and topics can.
//! 3. **Portals.** A query that names one portal (人事考试网, 教师资格网, 药监局, a host) is
//!    only answered from that portal's guides; one that names only a look-alike site (the
//!    NTCE exam site, 学信网) gets no guide. A portal's name inside a portal message the query
//!    quotes is the message's word, not the applicant's (CPTA's notice about 国家网络身份认证).
//!
//! The scorer of the `bm25` crate computes each document's score by scanning the document for
//! every query token, which for a 10 KB paste (thousands of tokens, hundreds of documents)
//! would miss the 1 ms budget; the postings here give the same sums in one pass.

use std::collections::HashSet;

use rustc_hash::FxHashSet;

use super::index::{self, Cue, Index, Token};
use super::normalize::{comparable, is_boundary, squeeze, without_spaces};
use super::score::{self, MatchKind, Prepared};
use super::tokens::{self, TokenId};
use crate::catalog::Portal;

/// Weight of a flow's own document (title, keywords, messages) next to its best node.
const FLOW_DOC_WEIGHT: f32 = 0.6;
/// Weight of a synonym's tokens next to the query's own.
const SYNONYM_WEIGHT: f32 = 0.5;
/// Share of an unknown token's idf counted against coverage: words of the sentence no guide
/// has (chatter, typos) lower confidence, but less than a known word that is missing.
const UNKNOWN_WEIGHT: f32 = 0.35;
/// Evidence mass (sum of specificity of matched tokens) at which evidence counts in full.
const FULL_EVIDENCE: f32 = 7.0;
/// Specificity of a token = its idf above this floor: words every guide uses (点击, 系统,
/// 提示, 注册) carry almost nothing, so a sentence of generic portal words is no answer.
const IDF_FLOOR: f32 = 1.0;
/// A flow answers on its words only when they share at least this many characters with the
/// query's sentence.
const MIN_WORDS_CHARS: usize = 5;
/// As [`MIN_WORDS_CHARS`] for a sentence that names a site: the name is no evidence (see
/// [`words`]) but says where, and four characters then say what (教师资格网忘记密码), where on
/// their own (报名考试, 忘记密码) they are a hint. Measured on 2026-12-02: eight short questions
/// that name a site and a guide's topic, 3 → 8 answered right; the development set and eleven
/// short texts no guide covers unchanged. Four without a site named answered 报名考试 with the
/// CPTA account guide at 999.
const MIN_WORDS_CHARS_NAMED: usize = 4;
/// A flow answers on its words only when at least this many characters in a row of the
/// query's sentence are its words.
const MIN_WORDS_RUN: usize = 4;
/// The most a shorter match on words scores: below the bar for an answer.
pub(super) const MAX_SHORT_WORDS_SCORE: u32 = 400;
/// Share of a flow's score that follows its BM25 score relative to the best flow's.
const BM25_SHARE: f32 = 0.4;
/// How much a match on a flow's own title, keywords and messages adds (at full coverage).
const TOPIC_BONUS: f32 = 0.25;
/// How much more a guide scores when the sentence says a keyword that guide alone lists
/// (`keywords.toml`): 加注 in 申请电子证书加注,需要注意什么 names the annotation guide's problem,
/// where its character pairs alone (three CPTA guides say 加注) ranked the registration guide
/// first, its text sharing more of the sentence's other words. Measured on 2026-12-03: the
/// development set of 490, 212 → 232 right first, "none" texts left unanswered 168 → 162 of 187,
/// no wrong-portal answer; with the topic words added the same day, an eleventh batch of 75 real
/// texts went from 19 to 23 of its 37 covered texts first, "none" texts unanswered 30 → 31 of 38,
/// no wrong-portal answer before or after. At 0.5, simulated on the development set: more "none"
/// texts answered and three wrong-portal answers.
const OWN_WORD_BONUS: f32 = 0.3;
/// A near miss this strong is the whole message with a character or two wrong, not a run it
/// shares with the query (a shared run scores at most 650 in `score.rs`: 中国教师资格网 is a run
/// of 中国教师资格网——实名核验, and still the applicant naming the portal).
const WHOLE_NEAR_MISS: u32 = 660;
/// A message with fewer characters than this besides its portal names and cue words (中国教师资格网
/// ——实名核验) is compared whole: its names are what it says.
const MIN_BARE_CHARS: usize = 4;
/// Longest window (characters) read as one unit.
const MAX_WINDOW_CHARS: usize = 160;
/// Windows looked at, at most (a 20,000-character paste has far fewer sentences).
const MAX_WINDOWS: usize = 4_000;
/// A paste of more sentences than this is a page: a first pass picks the sentences worth reading
/// in full (see [`promising`]). Every shorter paste is read in full.
pub(super) const PAGE_SENTENCES: usize = 16;
/// Sentences of a page read in full: the most promising by the guides' words…
const KEEP_BY_WORDS: usize = 8;
/// …and by the portals' messages (share of a message's character pairs the sentence has).
const KEEP_BY_MESSAGES: usize = 8;

/// Why a flow is offered: its best piece of evidence.
#[derive(Debug, Clone)]
pub(super) struct Evidence {
    pub flow: usize,
    /// Per mille.
    pub score: u32,
    pub kind: MatchKind,
    /// Declared message that matched (index into `Index::entries`).
    pub entry: Option<usize>,
    /// Retrieval document that matched best (index into `Index::docs`).
    pub doc: Option<usize>,
    /// Byte range of the comparable query that matched.
    pub window: (usize, usize),
    /// BM25 score of the window for this flow (ties, ordering).
    pub bm25: f32,
    /// What the portal's message scored on its own, before the guide's words raised `score`
    /// (see [`offer`]); 0 for the guide's words.
    pub own: u32,
}

impl Evidence {
    /// How plainly the query quotes the portal's message, by what the message alone scored (the
    /// guide's words that agree with it say which guide, not how close the quote is): 0 not at
    /// all (or too little to answer on), 1 a looser near miss (a long run of it, a few characters
    /// wrong in a longer sentence), 2 a near miss of the whole message, 3 a piece of it, 4 all of
    /// it.
    pub(super) fn quote_strength(&self) -> u8 {
        if self.own < super::CONFIDENT {
            return 0;
        }
        match self.kind {
            MatchKind::Words => 0,
            MatchKind::Fuzzy if self.own < WHOLE_NEAR_MISS => 1,
            MatchKind::Fuzzy => 2,
            MatchKind::Fragment => 3,
            MatchKind::Exact => 4,
        }
    }
}

/// The evaluated query.
#[derive(Debug)]
pub(super) struct Evaluation {
    pub comparable: String,
    /// `comparable` without its boundaries: the query as it was compared.
    pub squeezed: String,
    /// Best evidence per flow that has any, best first.
    pub ranked: Vec<Evidence>,
    /// Portals the query names.
    pub named: Vec<Portal>,
    /// Look-alike sites the query names (indexes into `Index::elsewhere_names`).
    pub elsewhere: Vec<usize>,
    /// When the query says who is asking (执业药师, 教师资格): the flows (bit set) listed for
    /// that kind of applicant, or for either when it names both.
    pub role_flows: Option<u64>,
}

/// Keeps the better evidence for a flow. A portal message that matched nearly as well as the
/// guide's words is kept as the reason (it tells the applicant more), with the higher score.
fn offer(best: &mut [Option<Evidence>], mut e: Evidence) {
    let slot = &mut best[e.flow];
    let Some(old) = slot else {
        *slot = Some(e);
        return;
    };
    let is_message = |x: &Evidence| x.kind != MatchKind::Words;
    let telling = |m: &Evidence, w: &Evidence| m.score >= super::CONFIDENT || m.score * 5 >= w.score * 4;
    if is_message(old) && !is_message(&e) && telling(old, &e) {
        old.score = old.score.max(e.score);
        old.bm25 = old.bm25.max(e.bm25);
        return;
    }
    if !is_message(old) && is_message(&e) && telling(&e, old) {
        e.score = e.score.max(old.score);
        e.bm25 = e.bm25.max(old.bm25);
        *slot = Some(e);
        return;
    }
    if (e.score, e.bm25) > (old.score, old.bm25) {
        *slot = Some(e);
    }
}

/// The sentences of `comparable` text, as byte ranges.
pub(super) fn sentences(comparable: &str) -> Vec<(usize, usize)> {
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, c) in comparable.char_indices() {
        if c == '\n' {
            sentences.push((start, i));
            start = i + 1;
        }
    }
    sentences.push((start, comparable.len()));
    sentences.retain(|(s, e)| e > s);
    sentences
}

/// The windows read as one unit: the sentences, and pairs of adjacent ones, as byte ranges.
/// With `keep`, only the kept sentences and the pairs of two kept ones (a page's promising
/// sentences that follow each other: a question and its answer, a message split by a line break).
fn windows(comparable: &str, sentences: &[(usize, usize)], keep: Option<&[bool]>) -> Vec<(usize, usize)> {
    let chars = |r: (usize, usize)| comparable[r.0..r.1].chars().count();
    let kept = |i: usize| keep.is_none_or(|k| k.get(i).copied().unwrap_or(false));
    let mut out = Vec::new();
    if sentences.len() > 1 && chars((0, comparable.len())) <= MAX_WINDOW_CHARS {
        out.push((0, comparable.len()));
    }
    for (i, s) in sentences.iter().enumerate() {
        if kept(i) {
            out.push(*s);
        }
        if let Some(next) = sentences.get(i + 1) {
            let pair = (s.0, next.1);
            if (kept(i) && kept(i + 1)) && chars(pair) <= MAX_WINDOW_CHARS {
                out.push(pair);
            }
        }
        if out.len() >= MAX_WINDOWS {
            break;
        }
    }
    out
}

/// For a page (more than [`PAGE_SENTENCES`] sentences), which sentences to read in full; `None`
/// for a shorter paste (all of them).
///
/// The full reading of a sentence (near misses against every message that shares a character
/// pair with it, BM25 over every document, then each flow's coverage and runs) costs tens of
/// microseconds, and a 10 KB page has hundreds of sentences and pairs. This first pass only looks
/// each distinct token up once: how much of the sentence the best flow's words cover, weighted by
/// specificity as in [`words`] (synonyms included), and the largest share of a declared
/// message's character pairs the sentence has (read from the same lookups: the index lists each
/// token's messages). The best [`KEEP_BY_WORDS`] and [`KEEP_BY_MESSAGES`] sentences are read in
/// full, and two of them that follow each other also as a pair (reading every kept sentence with
/// both neighbours tripled the reading for a gain no test or real page showed); a sentence with
/// nothing in common with any guide is never read. A portal message quoted whole anywhere is
/// still found by [`contained_messages`], and portal names by [`cues`], over the whole paste.
pub(super) fn promising(idx: &Index, comparable: &str, sentences: &[(usize, usize)]) -> Option<Vec<bool>> {
    if sentences.len() <= PAGE_SENTENCES {
        return None;
    }
    let flows = idx.flows.len();
    let mut by_words: Vec<(f32, usize)> = Vec::new();
    let mut by_messages: Vec<(f32, usize)> = Vec::new();
    let mut cover = vec![0.0f32; flows];
    let mut hits = vec![0u32; idx.entries.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut ids: Vec<TokenId> = Vec::new();
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let mut names: Vec<(usize, usize)> = Vec::new();
    // A sentence without its boundaries (buffer reused).
    let mut squeezed = String::new();
    // Per distinct token of a sentence: what it adds to the known mass, and what the index knows
    // of it.
    let mut looked_up: Vec<(f32, Option<&Token>)> = Vec::new();
    let specificity = |idf: f32| (idf - IDF_FLOOR).max(0.0);
    let add_bits = |cover: &mut [f32], spec: f32, mut bits: u64| {
        while bits != 0 {
            let f = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let Some(c) = cover.get_mut(f) {
                *c += spec;
            }
        }
    };
    let add = |cover: &mut [f32], t: &TokenId, weight: f32| {
        let token = idx.tokens.get(t);
        let spec = token.map_or(0.0, |k| specificity(k.idf)) * weight;
        add_bits(cover, spec, token.map_or(0, |k| k.flows));
    };
    for (i, &(start, end)) in sentences.iter().enumerate() {
        let text = &comparable[start..end];
        // A repeated sentence (a menu line, a footer) reads as its first copy did.
        if !seen.insert(text) {
            continue;
        }
        // The guides' words; a portal's name is no evidence, as in `words`.
        names.clear();
        if let Some(ac) = &idx.names_ac {
            names.extend(ac.find_iter(text).map(|m| (m.start(), m.end())));
        }
        ids.clear();
        tokens::for_each(text, |s| {
            if !names.iter().any(|n| s.start < n.1 && n.0 < s.end) {
                ids.push(tokens::id(&text[s.start..s.end]));
            }
        });
        ids.sort_unstable();
        ids.dedup();
        // One lookup per token (a token no document has is in no flow either).
        looked_up.clear();
        looked_up.extend(ids.iter().map(|t| match idx.tokens.get(t) {
            Some(k) => (specificity(k.idf), Some(k)),
            None => (specificity(idx.idf_unknown) * UNKNOWN_WEIGHT, None),
        }));
        let known_mass: f32 = looked_up.iter().map(|l| l.0).sum();
        if known_mass > 0.0 {
            cover.iter_mut().for_each(|c| *c = 0.0);
            for &(spec, token) in &looked_up {
                if let Some(k) = token {
                    add_bits(&mut cover, spec, k.flows);
                }
            }
            if let Some(ac) = &idx.synonyms_ac {
                squeezed.clear();
                squeezed.extend(without_spaces(text));
                for m in ac.find_iter(squeezed.as_str()) {
                    for t in &idx.synonym_expansions[m.pattern().as_usize()] {
                        add(&mut cover, t, SYNONYM_WEIGHT);
                    }
                }
            }
            let promise =
                cover.iter().map(|c| (c / known_mass).min(1.0) * (c / FULL_EVIDENCE).min(1.0)).fold(0.0f32, f32::max);
            if promise > 0.0 {
                by_words.push((promise, i));
            }
        }
        // The portals' messages: the share of a message's character pairs the sentence has, read
        // from the tokens just looked up.
        for k in looked_up.iter().filter_map(|l| l.1) {
            for &e in idx.entries_of(k) {
                let hit = &mut hits[e as usize];
                if *hit == 0 {
                    touched.push(e);
                }
                *hit += 1;
            }
        }
        let mut promise = 0.0f32;
        for e in touched.drain(..) {
            let e = e as usize;
            let total = idx.entry_tokens[e].max(1);
            promise = promise.max(hits[e] as f32 / total as f32);
            hits[e] = 0;
        }
        if promise > 0.0 {
            by_messages.push((promise, i));
        }
    }
    let mut keep = vec![false; sentences.len()];
    for (list, n) in [(&mut by_words, KEEP_BY_WORDS), (&mut by_messages, KEEP_BY_MESSAGES)] {
        // Best first; equal promise: the earlier sentence.
        list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, i) in list.iter().take(n) {
            keep[i] = true;
        }
    }
    Some(keep)
}

/// Portals and look-alike sites the query names. A cue word that is part of a portal message
/// the query quotes (or nearly so) is the message's own word, not the applicant naming a
/// portal: CPTA's 现已支持国家网络身份认证公共服务 is about the CPTA account, not the 网证 app.
fn cues(idx: &Index, comparable: &str, squeezed: &Squeezed, best: &[Option<Evidence>]) -> (Vec<Portal>, Vec<usize>) {
    let mut named = Vec::new();
    let mut elsewhere = Vec::new();
    let quoted: Vec<(&Evidence, String)> = best
        .iter()
        .flatten()
        .filter(|e| match e.kind {
            MatchKind::Exact | MatchKind::Fragment => e.score >= super::CONFIDENT,
            MatchKind::Fuzzy => e.score >= WHOLE_NEAR_MISS,
            MatchKind::Words => false,
        })
        .filter_map(|e| Some((e, idx.entries.get(e.entry?)?.prepared.chars.iter().collect())))
        .collect();
    let (squeezed, origin) = squeezed;
    if let Some(ac) = &idx.cues_ac {
        for m in ac.find_iter(squeezed.as_str()) {
            let (start, end) = origin_range(comparable, origin, m.start(), m.end());
            let word = &squeezed[m.start()..m.end()];
            if !starts_a_word(comparable, start, word) {
                continue;
            }
            let in_message =
                quoted.iter().any(|(e, msg)| e.window.0 <= start && end <= e.window.1 && msg.contains(word));
            if in_message {
                continue;
            }
            match idx.cues[m.pattern().as_usize()] {
                Cue::Portal(p) if !named.contains(&p) => named.push(p),
                Cue::Elsewhere(e) if !elsewhere.contains(&e) => elsewhere.push(e),
                _ => {}
            }
        }
    }
    (named, elsewhere)
}

/// The flows of the kinds of applicant the query names (执业药师 → the pharmacists' guides), or
/// `None` when it names none.
fn roles(idx: &Index, comparable: &str, squeezed: &Squeezed) -> Option<u64> {
    let ac = idx.roles_ac.as_ref()?;
    let (squeezed, origin) = squeezed;
    ac.find_iter(squeezed.as_str())
        .filter(|m| starts_a_word(comparable, origin[m.start()], &squeezed[m.start()..m.end()]))
        .map(|m| idx.role_flows.get(m.pattern().as_usize()).copied().unwrap_or(u64::MAX))
        .reduce(|a, b| a | b)
}

/// Whether a cue word found at byte `start` of `comparable` begins a word there. Cue words are
/// found in the text without its spaces, so a Latin one could otherwise be read inside another
/// word or across two: "ncre" (the computer-rank exam) in "increase" or "education credits",
/// "cpta" in "acceptable". Chinese has no such boundaries: its cue words are found anywhere.
fn starts_a_word(comparable: &str, start: usize, word: &str) -> bool {
    !word.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !comparable[..start].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// `comparable` without its boundaries, and for each of its bytes the byte of `comparable` it
/// came from (plus one past the end).
type Squeezed = (String, Vec<usize>);

/// See [`Squeezed`].
fn squeezed_with_origin(comparable: &str) -> Squeezed {
    let mut squeezed = String::with_capacity(comparable.len());
    let mut origin = Vec::with_capacity(comparable.len() + 1);
    for (i, c) in comparable.char_indices() {
        if !is_boundary(c) {
            for _ in 0..c.len_utf8() {
                origin.push(i);
            }
            squeezed.push(c);
        }
    }
    origin.push(comparable.len());
    (squeezed, origin)
}

/// The byte range of `comparable` that the squeezed range `start..end` (non-empty) came from.
fn origin_range(comparable: &str, origin: &[usize], start: usize, end: usize) -> (usize, usize) {
    let last = origin[end - 1];
    (origin[start], last + comparable[last..].chars().next().map_or(1, char::len_utf8))
}

/// Where the boundaries of `comparable` text are, to find the phrase or sentence around a byte
/// range without scanning the text.
struct Layout {
    /// Byte offsets of every boundary (space or line break).
    spaces: Vec<usize>,
    /// Byte offsets of the sentence breaks.
    breaks: Vec<usize>,
    /// Per byte offset (and one past the end): characters before it that are no boundary.
    chars_before: Vec<u32>,
}

impl Layout {
    fn new(comparable: &str) -> Layout {
        let mut spaces = Vec::new();
        let mut breaks = Vec::new();
        let mut chars_before = Vec::with_capacity(comparable.len() + 1);
        let mut n = 0u32;
        for (i, c) in comparable.char_indices() {
            for _ in 0..c.len_utf8() {
                chars_before.push(n);
            }
            if is_boundary(c) {
                spaces.push(i);
                if c == '\n' {
                    breaks.push(i);
                }
            } else {
                n += 1;
            }
        }
        chars_before.push(n);
        Layout { spaces, breaks, chars_before }
    }

    /// The characters (boundaries left out) from the last of `bounds` before `start` to the first
    /// at or after `end`, or the ends of the text.
    fn chars_between(&self, bounds: &[usize], start: usize, end: usize) -> usize {
        let last = self.chars_before.len() - 1;
        let before = bounds.partition_point(|&b| b < start);
        let from = if before == 0 { 0 } else { bounds[before - 1] + 1 };
        let after = bounds.partition_point(|&b| b < end);
        let to = bounds.get(after).copied().unwrap_or(last);
        (self.chars_before[to.min(last)] - self.chars_before[from.min(last)]) as usize
    }
}

/// Exact containment of declared messages anywhere in the query.
fn contained_messages(idx: &Index, comparable: &str, squeezed: &Squeezed, best: &mut [Option<Evidence>]) {
    let Some(ac) = &idx.messages_ac else { return };
    // Map squeezed offsets back to the comparable text, phrase by phrase.
    let (squeezed, origin) = squeezed;
    // Looked up per match from these, so that a message repeated all over a long paste costs
    // no rescan of the paste.
    let total_chars = squeezed.chars().count();
    let layout = Layout::new(comparable);
    for m in ac.find_overlapping_iter(squeezed.as_str()) {
        let e = &idx.entries[m.pattern().as_usize()];
        let (start, end) = origin_range(comparable, origin, m.start(), m.end());
        let lm = e.prepared.chars.len();
        // The phrase (between boundaries) the message sits in, and its sentence.
        let phrase_chars = layout.chars_between(&layout.spaces, start, end);
        let segment_chars = layout.chars_between(&layout.breaks, start, end);
        let score = if total_chars == lm {
            1000
        } else if phrase_chars == lm || lm >= 8 {
            // Quoted on its own, or long enough to be unmistakable.
            (800 + 190 * lm / segment_chars.max(lm)) as u32
        } else {
            // A short message inside someone else's longer phrase: a hint, not an answer.
            (1000 * lm / phrase_chars.max(1)).min(600) as u32 / 2
        };
        offer(
            best,
            Evidence {
                flow: e.flow,
                score,
                kind: MatchKind::Exact,
                entry: Some(m.pattern().as_usize()),
                doc: None,
                window: (start, end),
                bm25: 0.0,
                own: score,
            },
        );
    }
}

/// Fragments and near misses of declared messages, one window at a time.
fn near_messages(
    idx: &Index,
    comparable: &str,
    window: (usize, usize),
    scratch: &mut Scratch<'_>,
    best: &mut [Option<Evidence>],
) {
    let chars = squeeze(&comparable[window.0..window.1]);
    if chars.len() < 2 || chars.len() > MAX_WINDOW_CHARS {
        return;
    }
    let q = Prepared::new(chars);
    // Messages in the order they were first met, with the pairs they share with the window.
    for p in q.pairs() {
        for &i in idx.message_pairs.get(&p).into_iter().flatten() {
            if scratch.entry_hits[i] == 0 {
                scratch.entry_touched.push(i);
            }
            scratch.entry_hits[i] += 1;
        }
    }
    let need = if q.chars.len() <= 12 { 1 } else { 2 };
    let mut bare_query: Option<Prepared> = None;
    for k in 0..scratch.entry_touched.len() {
        let i = scratch.entry_touched[k];
        let n = std::mem::take(&mut scratch.entry_hits[i]);
        if n < need {
            continue;
        }
        let e = &idx.entries[i];
        if !score::may_match(&q, &e.prepared, n as usize) {
            continue;
        }
        // `n` is the number of distinct pairs they share: what `score` would count again.
        let Some((mut s, kind)) = score::score_sharing(&q, &e.prepared, n as usize) else { continue };
        if kind == MatchKind::Exact && q.chars != e.prepared.chars {
            // The message inside a longer sentence: `contained_messages` judges that, with the
            // phrase around it (已经存在 inside 该证件号码在注册库中已经存在 is not that message).
            continue;
        }
        if kind == MatchKind::Fuzzy
            && e.bare.chars.len() < MIN_BARE_CHARS
            && e.bare.chars.len() < e.prepared.chars.len()
            && q.chars.len() > e.prepared.chars.len() + 2
        {
            // A message made (almost) only of portal names and cue words (中国教师资格网——实名核验)
            // is near-missed by any longer sentence that names the portal: that says which
            // portal, not which message. Only a near miss of the message as a whole counts.
            continue;
        }
        if kind == MatchKind::Fuzzy && e.bare.chars.len() >= MIN_BARE_CHARS {
            // A near miss is judged on what is left without the portal names and cue words:
            // they say which portal, not which message.
            let bare = bare_query.get_or_insert_with(|| {
                let squeezed: String = q.chars.iter().collect();
                Prepared::new(index::without_cues(idx.cues_ac.as_ref(), &squeezed))
            });
            let Some((b, _)) = score::score(bare, &e.bare) else { continue };
            s = s.min(b);
        }
        if kind == MatchKind::Fragment && q.chars.len() < 3 {
            // Two characters of a longer message (注册, 实名) say little on their own.
            s = s.min(300);
        }
        offer(best, Evidence { flow: e.flow, score: s, kind, entry: Some(i), doc: None, window, bm25: 0.0, own: s });
    }
    scratch.entry_touched.clear();
}

/// Scratch space reused across windows.
#[derive(Default)]
struct Scratch<'a> {
    acc: Vec<f32>,
    touched: Vec<u32>,
    cover: Vec<f32>,
    /// Evidence from synonyms: it can stand in for the query's missing words, not add to them.
    synonym_cover: Vec<f32>,
    topic_cover: Vec<f32>,
    /// Per declared message: character pairs it shares with the window.
    entry_hits: Vec<u32>,
    entry_touched: Vec<usize>,
    /// The window's tokens with what the index knows of them.
    ids: Vec<(TokenId, Option<&'a Token>)>,
    /// Per byte of the window: the flows that have a token covering it.
    covered: Vec<u64>,
    names: Vec<(usize, usize)>,
    /// Tokens to look up: (token, weight, what the index knows of it).
    weighted: Vec<(TokenId, f32, Option<&'a Token>)>,
    squeezed: String,
    node_best: Vec<(f32, Option<usize>)>,
    flow_doc: Vec<f32>,
    /// Every window's score on words per flow: (window, flow, score).
    window_scores: Vec<((usize, usize), usize, u32)>,
}

/// BM25 retrieval for one window.
fn words<'a>(
    idx: &'a Index,
    comparable: &str,
    window: (usize, usize),
    scratch: &mut Scratch<'a>,
    best: &mut [Option<Evidence>],
) {
    let text = &comparable[window.0..window.1];
    let Scratch { ids, covered, names, weighted, squeezed, .. } = scratch;
    ids.clear();
    covered.clear();
    covered.resize(text.len(), 0);
    // Naming the portal says which portal, not which problem: its name is no evidence.
    names.clear();
    if let Some(ac) = &idx.names_ac {
        names.extend(ac.find_iter(text).map(|m| (m.start(), m.end())));
    }
    tokens::for_each(text, |s| {
        if names.iter().any(|n| s.start < n.1 && n.0 < s.end) {
            return;
        }
        let t = tokens::id(&text[s.start..s.end]);
        let token = idx.tokens.get(&t);
        let bits = token.map_or(0, |k| k.flows);
        ids.push((t, token));
        for (i, _) in text[s.start..s.end].char_indices() {
            covered[s.start + i] |= bits;
        }
    });
    ids.sort_unstable_by_key(|p| p.0);
    ids.dedup_by_key(|p| p.0);
    if ids.is_empty() {
        return;
    }
    let specificity = |idf: f32| (idf - IDF_FLOOR).max(0.0);
    let mut known_mass = 0.0;
    weighted.clear();
    for &(t, token) in ids.iter() {
        known_mass += match token {
            Some(k) => specificity(k.idf),
            None => specificity(idx.idf_unknown) * UNKNOWN_WEIGHT,
        };
        weighted.push((t, 1.0, token));
    }
    if known_mass <= 0.0 {
        return;
    }
    squeezed.clear();
    squeezed.extend(without_spaces(text));
    // The guides whose own keywords the window says (加注, 体检): see [`OWN_WORD_BONUS`].
    let own_words = idx.own_words_ac.as_ref().map_or(0u64, |ac| {
        ac.find_iter(squeezed.as_str())
            .filter_map(|m| idx.own_word_flows.get(m.pattern().as_usize()))
            .fold(0, |bits, &f| bits | 1 << (f % 64))
    });
    if let Some(ac) = &idx.synonyms_ac {
        for m in ac.find_iter(squeezed.as_str()) {
            for t in &idx.synonym_expansions[m.pattern().as_usize()] {
                if ids.binary_search_by_key(t, |p| p.0).is_err() && !weighted.iter().any(|w| w.0 == *t) {
                    weighted.push((*t, SYNONYM_WEIGHT, idx.tokens.get(t)));
                }
            }
        }
    }

    for &(_, weight, token) in weighted.iter() {
        let Some(token) = token else { continue };
        let list = idx.postings_of(token);
        let mut bits = token.flows;
        let raw_idf = token.idf;
        let idf = raw_idf * weight;
        let spec = specificity(raw_idf) * weight;
        for &(d, w) in list {
            if scratch.acc[d as usize] == 0.0 {
                scratch.touched.push(d);
            }
            scratch.acc[d as usize] += idf * w;
            let topic_flow = idx.topic_doc_flow[d as usize];
            if topic_flow != u32::MAX {
                scratch.topic_cover[topic_flow as usize] += spec;
            }
        }
        while bits != 0 {
            let f = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let target = if weight < 1.0 { &mut scratch.synonym_cover } else { &mut scratch.cover };
            if let Some(c) = target.get_mut(f) {
                *c += spec;
            }
        }
    }

    // Per flow: best node, plus the flow's own document.
    let flows = idx.flows.len();
    let node_best = &mut scratch.node_best;
    let flow_doc = &mut scratch.flow_doc;
    node_best.clear();
    node_best.resize(flows, (0.0, None));
    flow_doc.clear();
    flow_doc.resize(flows, 0.0);
    for &d in &scratch.touched {
        let doc = &idx.docs[d as usize];
        let s = scratch.acc[d as usize] * doc.weight;
        if doc.node_id.is_none() {
            flow_doc[doc.flow] = s;
        } else if s > node_best[doc.flow].0 {
            node_best[doc.flow] = (s, Some(d as usize));
        }
    }
    let bm25_of = |f: usize| node_best[f].0 + FLOW_DOC_WEIGHT * flow_doc[f];
    // Per flow bit: characters of the window its tokens cover, and the longest run of them (one
    // pass over the window for all flows).
    let mut matched = [0usize; 64];
    let mut run = [0usize; 64];
    let mut longest = [0usize; 64];
    let mut window_chars = 0usize;
    let mut in_run = 0u64;
    let covered = &scratch.covered;
    for (i, c) in text.char_indices() {
        let boundary = is_boundary(c);
        let here = if boundary { 0 } else { covered[i] };
        window_chars += usize::from(!boundary);
        let mut ended = in_run & !here;
        while ended != 0 {
            let b = ended.trailing_zeros() as usize;
            ended &= ended - 1;
            longest[b] = longest[b].max(run[b]);
            run[b] = 0;
        }
        let mut bits = here;
        while bits != 0 {
            let b = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            run[b] += 1;
            matched[b] += 1;
        }
        in_run = here;
    }
    for (l, r) in longest.iter_mut().zip(run) {
        *l = (*l).max(r);
    }
    let top_bm25 = (0..flows).map(bm25_of).fold(0.0f32, f32::max);
    // With the site named, four characters say what about it (教师资格网忘记密码).
    let min_chars = if names.is_empty() { MIN_WORDS_CHARS } else { MIN_WORDS_CHARS_NAMED };
    for f in 0..flows {
        let own = scratch.cover[f];
        let cover = own + scratch.synonym_cover[f].min((known_mass - own).max(0.0));
        if cover <= 0.0 || top_bm25 <= 0.0 {
            continue;
        }
        let coverage = (cover / known_mass).min(1.0);
        let evidence = (cover / FULL_EVIDENCE).min(1.0);
        let topic = 1.0 + TOPIC_BONUS * (scratch.topic_cover[f] / known_mass).min(1.0);
        let bm25 = bm25_of(f);
        // Coverage and evidence say whether to answer; BM25 says which flow answers best.
        let rank = (1.0 - BM25_SHARE) + BM25_SHARE * bm25 / top_bm25;
        let own_word = if own_words & (1 << (f % 64)) != 0 { 1.0 + OWN_WORD_BONUS } else { 1.0 };
        let mut score = (1000.0 * coverage * evidence * topic * rank * own_word).round() as u32;
        let matched_chars = matched[f % 64];
        if matched_chars <= 2 && window_chars > 3 {
            // One pair of characters in common with a longer sentence (今天 in 今天天气很好):
            // not even a hint.
            continue;
        }
        if longest[f % 64] < MIN_WORDS_RUN {
            // Only scattered pairs (审核 … 提示 … 要求 … 怎么办) that any portal's text has
            // somewhere: a hint at most.
            score = score.min(MAX_SHORT_WORDS_SCORE);
        }
        if matched_chars < min_chars {
            // Too little text in common to go on (报名考试, 加注): a hint at most.
            score = score.min(MAX_SHORT_WORDS_SCORE);
        }
        scratch.window_scores.push((window, f, score.min(999)));
        let doc = node_best[f].1;
        offer(
            best,
            Evidence { flow: f, score: score.min(999), kind: MatchKind::Words, entry: None, doc, window, bm25, own: 0 },
        );
    }

    for d in scratch.touched.drain(..) {
        scratch.acc[d as usize] = 0.0;
    }
    scratch.cover.iter_mut().for_each(|c| *c = 0.0);
    scratch.synonym_cover.iter_mut().for_each(|c| *c = 0.0);
    scratch.topic_cover.iter_mut().for_each(|c| *c = 0.0);
}

/// A sentence of a longer paste read alone can look like a guide from one phrase of it (a heading
/// 填写身份信息 that is also an NMPA step's name) while the sentence next to it says something else
/// altogether. So a guide's words evidence from one sentence counts only half when the sentence
/// read with its neighbour gave that guide less: the rest half is what the pair gave. A sentence
/// that no wider window was read around (the whole paste, a page's lone promising sentence) keeps
/// its score. Measured on the development set and a fresh batch (2026-12-02): wrong-portal
/// answers 1 → 0 and 3 → 0.
fn weigh_by_neighbours(
    comparable: &str,
    read: &[(usize, usize)],
    scores: &[((usize, usize), usize, u32)],
    best: &mut [Option<Evidence>],
) {
    let within =
        |outer: (usize, usize), inner: (usize, usize)| outer != inner && outer.0 <= inner.0 && inner.1 <= outer.1;
    for e in best.iter_mut().flatten() {
        let sentence = e.window;
        if e.kind != MatchKind::Words || comparable[sentence.0..sentence.1].contains('\n') {
            continue;
        }
        if !read.iter().any(|w| within(*w, sentence)) {
            continue;
        }
        let with_neighbour =
            scores.iter().filter(|(w, f, _)| *f == e.flow && within(*w, sentence)).map(|x| x.2).max().unwrap_or(0);
        if with_neighbour < e.score {
            e.score = (e.score + with_neighbour) / 2;
        }
    }
}

/// How much of a long paste is read in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// A page's most promising sentences (see [`promising`]); everything shorter in full.
    Promising,
    /// Every sentence (what the first pass is checked against in the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    Everything,
}

/// Evaluates `query` against everything the guides know.
pub(super) fn evaluate_with(idx: &Index, query: &str, reading: Reading) -> Evaluation {
    let comparable = comparable(query);
    let mut best: Vec<Option<Evidence>> = vec![None; idx.flows.len()];
    let squeezed = squeezed_with_origin(&comparable);

    // A single character is too little to go on.
    if squeezed.0.chars().nth(1).is_some() {
        contained_messages(idx, &comparable, &squeezed, &mut best);
        let flows = idx.flows.len();
        let mut scratch = Scratch {
            acc: vec![0.0; idx.docs.len()],
            cover: vec![0.0; flows],
            synonym_cover: vec![0.0; flows],
            topic_cover: vec![0.0; flows],
            entry_hits: vec![0; idx.entries.len()],
            ..Scratch::default()
        };
        let sentences = sentences(&comparable);
        let keep = match reading {
            Reading::Promising => promising(idx, &comparable, &sentences),
            Reading::Everything => None,
        };
        // The same text in two places (a repeated line) reads the same: the first copy stands.
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        let windows_read = windows(&comparable, &sentences, keep.as_deref());
        for &w in &windows_read {
            if !seen.insert(&comparable[w.0..w.1]) {
                continue;
            }
            near_messages(idx, &comparable, w, &mut scratch, &mut best);
            words(idx, &comparable, w, &mut scratch, &mut best);
        }
        weigh_by_neighbours(&comparable, &windows_read, &scratch.window_scores, &mut best);
    }

    let (named, elsewhere) = cues(idx, &comparable, &squeezed, &best);
    let role_flows = roles(idx, &comparable, &squeezed);
    let mut ranked: Vec<Evidence> = best.into_iter().flatten().filter(|e| e.score > 0).collect();
    // Equal scores: the portal's own message beats the guides' words, then BM25 decides.
    ranked.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.kind.strength().cmp(&a.kind.strength()))
            .then(b.bm25.total_cmp(&a.bm25))
            .then(a.flow.cmp(&b.flow))
    });
    Evaluation { comparable, squeezed: squeezed.0, ranked, named, elsewhere, role_flows }
}

/// The words of the query's matched window that the flow also has: maximal runs of matched
/// tokens, in the query's (comparable) form.
pub(super) fn matched_words(idx: &Index, comparable: &str, e: &Evidence) -> Vec<String> {
    let text = &comparable[e.window.0..e.window.1];
    let bit = 1u64 << (e.flow % 64);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    if let Some(entry) = e.entry {
        // For a message match, the runs the query shares with the message.
        let message = &idx.entries[entry].prepared;
        let pairs: HashSet<(char, char)> = message.pairs().collect();
        tokens::for_each(text, |s| {
            let mut cs = text[s.start..s.end].chars();
            if let (Some(a), Some(b), None) = (cs.next(), cs.next(), cs.next()) {
                if pairs.contains(&(a, b)) {
                    spans.push((s.start, s.end));
                }
            }
        });
    } else {
        tokens::for_each(text, |s| {
            let t = tokens::id(&text[s.start..s.end]);
            if idx.tokens.get(&t).is_some_and(|k| k.flows & bit != 0) {
                spans.push((s.start, s.end));
            }
        });
    }
    // Merge overlapping and touching spans into runs.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (s, t) in spans {
        match runs.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(t),
            _ => runs.push((s, t)),
        }
    }
    let mut words: Vec<String> = Vec::new();
    for (s, t) in runs {
        let w = text[s..t].to_owned();
        if !words.contains(&w) {
            words.push(w);
        }
    }
    words
}

#[cfg(test)]
mod debug {
    /// `AA_DEBUG_QUERY="…" cargo test -p assistant-core debug_query -- --ignored --nocapture`
    /// prints the evidence behind a query's ranking.
    #[test]
    #[ignore = "a tool for tuning, not a test"]
    fn debug_query() {
        let q = std::env::var("AA_DEBUG_QUERY").unwrap_or_default();
        let idx = super::super::index::index();
        let eval = super::evaluate_with(&idx, &q, super::Reading::Promising);
        eprintln!("named {:?} elsewhere {:?}", eval.named, eval.elsewhere);
        for e in eval.ranked.iter().take(8) {
            eprintln!(
                "{} {} (own {}) {:?} bm25 {:.2} entry {:?} doc {:?} window «{}» words {:?}",
                idx.flows[e.flow].id,
                e.score,
                e.own,
                e.kind,
                e.bm25,
                e.entry.map(|i| &idx.entries[i].message),
                e.doc.and_then(|d| idx.docs[d].node_id.as_deref()),
                &eval.comparable[e.window.0..e.window.1],
                super::matched_words(&idx, &eval.comparable, e)
            );
        }
    }
}

#[cfg(test)]
mod debug_token {
    #[test]
    #[ignore = "a tool for tuning, not a test"]
    fn debug_token() {
        let t = std::env::var("AA_DEBUG_TOKEN").unwrap_or_default();
        let idx = super::super::index::index();
        let id = super::tokens::id(&t);
        for (d, w) in idx.tokens.get(&id).map(|k| idx.postings_of(k)).into_iter().flatten() {
            let doc = &idx.docs[*d as usize];
            eprintln!("{} {:?} {w:.2} {:?}", idx.flows[doc.flow].id, doc.node_id, doc.texts.first().map(|t| &t.zh_cn));
        }
    }
}
