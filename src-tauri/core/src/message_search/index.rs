//! Everything the guides know, indexed once: the declared portal messages (for exact, fragment
//! and near-miss matching), and BM25-weighted postings of every text of every flow (for
//! retrieval), with the portal cue words, synonyms and look-alike sites.
//!
//! Documents are the flows' nodes (each node's text, heading, help, choices, details, page and
//! menu path, in zh-CN and en) plus one per flow (its titles, its keywords and its declared
//! messages). Term weights come from the `bm25` crate's embedder (k1 = 1.2, b = 0.75, the
//! average length fitted to these documents); the inverse document frequency is the crate's
//! formula, computed once per token here (see `rank.rs` for why the crate's scorer is not used
//! at query time).

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind as AcMatchKind};
use bm25::{Embedder, EmbedderBuilder};
use rustc_hash::FxHashMap;

use super::everyday;
use super::keywords;
use super::normalize::{comparable, squeeze};
use super::score::Prepared;
use super::stored::{self, Stored, StoredDoc, StoredEntry, StoredFlow, StoredText, StoredToken};
use super::tokens::{self, Bigrams, TokenId};
use crate::catalog::{topics_for, Portal, Role};
use crate::content::{Cached, Origin};
use crate::lang::{Lang, Text};

/// One declared message, ready to compare.
#[derive(Debug)]
pub(super) struct Entry {
    pub flow: usize,
    pub node_id: Option<String>,
    /// The portal's text as declared.
    pub message: String,
    pub prepared: Prepared,
    /// The message without the portal names and cue words in it: what a near miss must share
    /// with the query (two texts that share only 全国专业技术人员资格考试报名服务平台 are not
    /// the same message).
    pub bare: Prepared,
}

/// One retrieval document.
#[derive(Debug)]
pub(super) struct Doc {
    pub flow: usize,
    /// `None` for the flow-level document (titles, keywords, messages).
    pub node_id: Option<String>,
    /// The texts shown when this document is why a flow matched.
    pub texts: Vec<Text>,
    /// Share of the document's BM25 score that counts for its flow: 1 for the flow's own
    /// texts, 1/n for a shared step that n flows use (its words do not tell them apart).
    pub weight: f32,
}

/// What the index knows of one token that some document has.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    /// Inverse document frequency (the bm25 crate's formula).
    pub idf: f32,
    /// Bit set of the flows that have it anywhere.
    pub flows: u64,
    /// Its (document, BM25 term weight) pairs: this range of `Index::postings`.
    postings: (u32, u32),
    /// The declared messages that have it as a pair of adjacent characters: this range of
    /// `Index::token_entries`. A page's first pass reads a sentence's messages from the lookup of
    /// its tokens it already makes, instead of one more lookup per character pair.
    entries: (u32, u32),
}

/// What a match shows about a flow.
#[derive(Debug)]
pub(super) struct FlowInfo {
    pub id: String,
    pub portal: Portal,
    titles: HashMap<Lang, String>,
}

impl Index {
    /// A token's (document, BM25 term weight) pairs.
    pub fn postings_of(&self, token: &Token) -> &[(u32, f32)] {
        self.postings.get(token.postings.0 as usize..token.postings.1 as usize).unwrap_or_default()
    }

    /// The declared messages (indexes into `entries`) that have a token as a character pair.
    pub fn entries_of(&self, token: &Token) -> &[u32] {
        self.token_entries.get(token.entries.0 as usize..token.entries.1 as usize).unwrap_or_default()
    }
}

impl FlowInfo {
    pub fn title(&self, lang: Lang) -> &str {
        self.titles.get(&lang).map(String::as_str).unwrap_or_default()
    }
}

/// Where a cue word points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    Portal(Portal),
    Elsewhere(usize),
}

#[derive(Debug)]
pub(super) struct Index {
    pub flows: Vec<FlowInfo>,
    pub entries: Vec<Entry>,
    /// Finds every declared message inside a (squeezed) query: exact containment.
    pub messages_ac: Option<AhoCorasick>,
    /// Declared messages per character pair, to compare a sentence only with likely messages.
    pub message_pairs: FxHashMap<(char, char), Vec<usize>>,
    pub docs: Vec<Doc>,
    /// Every token some document has: one lookup per token of a query (three maps cost three).
    pub tokens: FxHashMap<TokenId, Token>,
    /// The postings of every token, one after the other (see [`Token::postings`]).
    pub postings: Vec<(u32, f32)>,
    /// The messages of every token, one after the other (see [`Token::entries`]).
    pub token_entries: Vec<u32>,
    /// Per declared message: how many of its character pairs are tokens (what `token_entries`
    /// can find of it).
    pub entry_tokens: Vec<u32>,
    /// The idf of a token no document has.
    pub idf_unknown: f32,
    /// Per document: its flow when it is the flow's own document (titles, keywords, messages),
    /// `u32::MAX` for a node. Read for every posting a query touches: kept apart from `docs`.
    pub topic_doc_flow: Vec<u32>,
    /// Portal and look-alike cue words (comparable form, no boundaries), leftmost-longest.
    pub cues_ac: Option<AhoCorasick>,
    pub cues: Vec<Cue>,
    /// Portal names (and hosts) as they appear in comparable text: not evidence for a topic.
    pub names_ac: Option<AhoCorasick>,
    pub elsewhere_names: Vec<Text>,
    /// Synonym words (squeezed), and for each the tokens of the other words of its group.
    pub synonyms_ac: Option<AhoCorasick>,
    pub synonym_expansions: Vec<Vec<TokenId>>,
    /// Words that say who is asking (squeezed), and for each the flows (bit set) listed for that
    /// kind of applicant on the home screen.
    pub roles_ac: Option<AhoCorasick>,
    pub role_flows: Vec<u64>,
    /// Keywords (squeezed) that one guide alone lists (`keywords.toml`), and for each that
    /// guide: the applicant's name for that guide's problem (加注, 体检, 港澳台).
    pub own_words_ac: Option<AhoCorasick>,
    pub own_word_flows: Vec<u32>,
}

/// Per token, the declared messages that have it as a pair of adjacent Chinese characters (the
/// tokens a query's phrases are read as), and per message how many of its pairs are tokens.
fn message_tokens(entries: &[Entry], tokens: &mut FxHashMap<TokenId, Token>) -> (Vec<u32>, Vec<u32>) {
    let mut lists: FxHashMap<TokenId, Vec<u32>> = FxHashMap::default();
    let mut counts = vec![0u32; entries.len()];
    let mut buf = String::with_capacity(8);
    for (i, e) in entries.iter().enumerate() {
        for (a, b) in e.prepared.pairs() {
            if a.is_ascii_alphanumeric() || b.is_ascii_alphanumeric() {
                continue;
            }
            buf.clear();
            buf.push(a);
            buf.push(b);
            let id = tokens::id(&buf);
            if tokens.contains_key(&id) {
                lists.entry(id).or_default().push(i as u32);
                counts[i] += 1;
            }
        }
    }
    let mut flat = Vec::with_capacity(lists.values().map(Vec::len).sum());
    for (id, mut list) in lists {
        list.sort_unstable();
        if let Some(t) = tokens.get_mut(&id) {
            let start = flat.len() as u32;
            flat.extend(list);
            t.entries = (start, flat.len() as u32);
        }
    }
    (flat, counts)
}

fn flow_infos(flow_ids: &[&str]) -> Vec<FlowInfo> {
    flow_ids
        .iter()
        .map(|&id| {
            let mut info = FlowInfo { id: id.to_owned(), portal: Portal::Nmpa, titles: HashMap::new() };
            for lang in Lang::ALL {
                for role in Role::ALL {
                    for topic in topics_for(role, lang).into_iter().filter(|t| t.id == id) {
                        info.portal = topic.portal;
                        info.titles.insert(lang, topic.title);
                    }
                }
            }
            info
        })
        .collect()
}

/// The automata are built with each content switch (and on a first search that comes before
/// the background build): the contiguous NFA builds in a fraction of the DFA's time (the DFA
/// was a tenth of the whole index build) and still reads a 10 KB paste in microseconds.
const BUILD_FAST: AhoCorasickKind = AhoCorasickKind::ContiguousNFA;

fn automaton(patterns: &[String]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    AhoCorasickBuilder::new().match_kind(AcMatchKind::LeftmostLongest).kind(Some(BUILD_FAST)).build(patterns).ok()
}

/// Adds `word` (squeezed comparable form) to the patterns of an automaton, with what it points
/// to: words of fewer than two characters and words already there are skipped.
fn add_pattern<T>(word: &str, value: T, patterns: &mut Vec<String>, values: &mut Vec<T>) {
    let w: String = squeeze(&comparable(word)).into_iter().collect();
    if w.chars().count() >= 2 && !patterns.contains(&w) {
        patterns.push(w);
        values.push(value);
    }
}

fn joined(texts: &[Text]) -> String {
    let mut s = String::new();
    for t in texts {
        // zh-CN carries the portals' words; en serves English queries. zh-TW would only
        // repeat zh-CN once converted, and inflate its term counts.
        for lang in [Lang::ZhCn, Lang::En] {
            s.push_str(t.get(lang));
            s.push('\n');
        }
    }
    s
}

/// Everything the index holds, as plain data, from the guides, catalog and keywords of the
/// content in use: the costly part of an index build (parsing and checking the guides,
/// tokenising and weighting every text).
pub(super) fn build() -> Stored {
    let searchable = crate::guide::searchable_flows();
    let flow_ids: Vec<&str> = searchable.iter().map(|f| f.flow_id.as_str()).collect();
    let flows = flow_infos(&flow_ids);
    let flow_pos: HashMap<&str, usize> = flow_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let kw = keywords::bundled();

    // Declared messages.
    let entries: Vec<Entry> = crate::guide::declared_messages()
        .into_iter()
        .filter_map(|m| {
            let flow = *flow_pos.get(m.flow_id.as_str())?;
            Some(Entry {
                flow,
                node_id: m.node_id,
                prepared: Prepared::new(squeeze(&comparable(&m.text))),
                bare: Prepared::new(Vec::new()),
                message: m.text,
            })
        })
        .collect();

    // How many flows use each shared step.
    let mut shared_uses: HashMap<&str, usize> = HashMap::new();
    for f in &searchable {
        let mut steps: Vec<&str> = f.nodes.iter().filter_map(|n| n.shared.as_deref()).collect();
        steps.sort_unstable();
        steps.dedup();
        for s in steps {
            *shared_uses.entry(s).or_default() += 1;
        }
    }

    // Retrieval documents, with their text in comparable form.
    let mut docs = Vec::new();
    let mut bodies: Vec<String> = Vec::new();
    for (fi, f) in searchable.iter().enumerate() {
        let mut flow_body = joined(std::slice::from_ref(&f.title));
        if let Some(words) = kw.flow.get(&f.flow_id) {
            for w in &words.words {
                flow_body.push_str(w);
                flow_body.push('\n');
            }
        }
        for e in entries.iter().filter(|e| e.flow == fi) {
            flow_body.push_str(&e.message);
            flow_body.push('\n');
        }
        docs.push(Doc { flow: fi, node_id: None, texts: vec![f.title.clone()], weight: 1.0 });
        bodies.push(comparable(&flow_body));
        for n in &f.nodes {
            let uses = n.shared.as_deref().map_or(1, |s| shared_uses.get(s).copied().unwrap_or(1)).max(1);
            docs.push(Doc {
                flow: fi,
                node_id: Some(n.node_id.clone()),
                texts: n.texts.clone(),
                weight: 1.0 / uses as f32,
            });
            bodies.push(comparable(&joined(&n.texts)));
        }
    }

    let embedder: Embedder<u32, Bigrams> = EmbedderBuilder::with_avgdl(average_length(&bodies)).build();
    let mut postings: FxHashMap<TokenId, Vec<(u32, f32)>> = FxHashMap::default();
    let mut flow_bits: FxHashMap<TokenId, u64> = FxHashMap::default();
    for (di, body) in bodies.iter().enumerate() {
        let embedding = embedder.embed(body);
        let flow_bit = 1u64 << (docs[di].flow % 64);
        for te in embedding.iter() {
            let list = postings.entry(te.index).or_default();
            // The embedder repeats a token once per occurrence, with the same weight.
            if list.last().map(|l| l.0) != Some(di as u32) {
                list.push((di as u32, te.value));
            }
            *flow_bits.entry(te.index).or_default() |= flow_bit;
        }
    }
    let n = docs.len() as f32;
    let idf_of = |df: f32| (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    // Everyday words (如果, 进行) keep only a share of what the guides alone would say of them.
    let everyday = everyday::shares();
    let idf: FxHashMap<TokenId, f32> =
        postings.iter().map(|(t, l)| (*t, idf_of(l.len() as f32) * everyday.get(t).copied().unwrap_or(1.0))).collect();

    // Cue words: the registry's portal names, the search's own cue words, look-alike sites.
    let mut cue_patterns = Vec::new();
    let mut cues = Vec::new();
    for (portal, words) in kw.portal_words() {
        if let Some(p) = crate::portals::view(portal, Lang::ZhCn) {
            add_pattern(&p.name, Cue::Portal(portal), &mut cue_patterns, &mut cues);
            if let Some(former) = &p.former_name {
                add_pattern(former, Cue::Portal(portal), &mut cue_patterns, &mut cues);
            }
        }
        for w in &words {
            add_pattern(w, Cue::Portal(portal), &mut cue_patterns, &mut cues);
        }
    }
    // Portal names: the registry's names and the search's own `names`.
    let mut name_patterns: Vec<String> = Vec::new();
    for (portal, names) in kw.portal_names() {
        let registry = crate::portals::view(portal, Lang::ZhCn);
        let all = registry.iter().flat_map(|p| std::iter::once(p.name.clone()).chain(p.former_name.clone()));
        for n in all.chain(names.iter().cloned()) {
            let c = comparable(&n);
            if c.chars().count() >= 2 && !name_patterns.contains(&c) {
                name_patterns.push(c);
            }
        }
    }
    let mut elsewhere_names = Vec::new();
    for (i, e) in kw.elsewhere.iter().enumerate() {
        elsewhere_names.push(e.name.clone());
        for w in &e.words {
            add_pattern(w, Cue::Elsewhere(i), &mut cue_patterns, &mut cues);
        }
    }

    // Synonyms: each word, and the tokens of the rest of its group.
    let mut synonym_patterns = Vec::new();
    let mut synonym_expansions = Vec::new();
    for g in &kw.synonyms {
        let forms: Vec<String> = g.group.iter().map(|w| comparable(w)).collect();
        for (i, form) in forms.iter().enumerate() {
            let key: String = squeeze(form).into_iter().collect();
            if key.is_empty() || synonym_patterns.contains(&key) {
                continue;
            }
            let mut others = Vec::new();
            for (j, other) in forms.iter().enumerate() {
                if i != j {
                    tokens::for_each(other, |s| others.push(tokens::id(&other[s.start..s.end])));
                }
            }
            synonym_patterns.push(key);
            synonym_expansions.push(others);
        }
    }

    // Who is asking: each role's words, and the flows the home screen lists for that role.
    let mut role_patterns = Vec::new();
    let mut role_flows = Vec::new();
    for (role, words) in kw.role_words() {
        let topics = crate::catalog::topics_for(role, Lang::ZhCn);
        let bits = flows
            .iter()
            .enumerate()
            .filter(|(_, f)| topics.iter().any(|t| t.id == f.id))
            .fold(0u64, |bits, (i, _)| bits | 1 << (i % 64));
        for w in words {
            add_pattern(w, bits, &mut role_patterns, &mut role_flows);
        }
    }

    let cues_ac = automaton(&cue_patterns);
    let (own_word_patterns, own_word_flows) = own_words(&kw, &flows, &name_patterns);
    let chars_of = |p: &Prepared| p.chars.iter().collect::<String>();
    let entries = entries
        .iter()
        .map(|e| StoredEntry {
            flow: e.flow as u32,
            node_id: e.node_id.clone(),
            message: e.message.clone(),
            chars: chars_of(&e.prepared),
            bare: without_cues(cues_ac.as_ref(), &chars_of(&e.prepared)).into_iter().collect(),
        })
        .collect();
    let mut tokens: Vec<StoredToken> = postings
        .into_iter()
        .map(|(id, postings)| StoredToken {
            id,
            idf: idf.get(&id).copied().unwrap_or_default(),
            flows: flow_bits.get(&id).copied().unwrap_or_default(),
            postings,
        })
        .collect();
    tokens.sort_unstable_by_key(|t| t.id);

    let text = |t: &Text| (t.zh_cn.clone(), t.zh_tw.clone(), t.en.clone());
    Stored {
        inputs: crate::content::BUNDLED_SEARCH_INPUTS,
        flows: flows
            .iter()
            .map(|f| StoredFlow {
                id: f.id.clone(),
                portal: Portal::ALL.iter().position(|p| *p == f.portal).unwrap_or_default() as u8,
                titles: Lang::ALL
                    .iter()
                    .enumerate()
                    .filter_map(|(i, l)| f.titles.get(l).map(|t| (i as u8, t.clone())))
                    .collect(),
            })
            .collect(),
        entries,
        docs: docs
            .iter()
            .map(|d| StoredDoc {
                flow: d.flow as u32,
                node_id: d.node_id.clone(),
                texts: d.texts.iter().map(text).collect(),
                weight: d.weight,
            })
            .collect(),
        tokens,
        idf_unknown: idf_of(0.0),
        cue_patterns,
        cues: cues
            .iter()
            .map(|c| match c {
                Cue::Portal(p) => (0, Portal::ALL.iter().position(|x| x == p).unwrap_or_default() as u32),
                Cue::Elsewhere(i) => (1, *i as u32),
            })
            .collect(),
        name_patterns,
        elsewhere_names: elsewhere_names.iter().map(text).collect(),
        synonym_patterns,
        synonym_expansions,
        role_patterns,
        role_flows,
        own_word_patterns,
        own_word_flows,
    }
}

/// The keywords that one guide alone lists, each with that guide, leaving out portal names (they
/// say which site, not which problem), words another guide's title says, and single characters.
fn own_words(kw: &keywords::Keywords, flows: &[FlowInfo], names: &[String]) -> (Vec<String>, Vec<u32>) {
    let flow_pos: HashMap<&str, usize> = flows.iter().enumerate().map(|(i, f)| (f.id.as_str(), i)).collect();
    let titles: Vec<String> =
        flows.iter().map(|f| squeeze(&comparable(f.title(Lang::ZhCn))).into_iter().collect()).collect();
    let mut owners: std::collections::BTreeMap<String, Vec<usize>> = std::collections::BTreeMap::new();
    for (id, words) in &kw.flow {
        let Some(&f) = flow_pos.get(id.as_str()) else { continue };
        for w in &words.words {
            let key: String = squeeze(&comparable(w)).into_iter().collect();
            let list = owners.entry(key).or_default();
            if !list.contains(&f) {
                list.push(f);
            }
        }
    }
    let is_name = |w: &str| names.iter().any(|n| squeeze(n).into_iter().collect::<String>() == w);
    // A word in another guide's title (电子证书: the download, annotation and registration guides)
    // names no one guide's problem.
    let in_other_title = |w: &str, f: usize| titles.iter().enumerate().any(|(i, t)| i != f && t.contains(w));
    owners
        .into_iter()
        .filter(|(w, flows)| flows.len() == 1 && w.chars().count() >= 2 && !is_name(w) && !in_other_title(w, flows[0]))
        .map(|(w, flows)| (w, flows[0] as u32))
        .unzip()
}

/// The index from its plain data: the maps and the automata (all cheap to build).
pub(super) fn assemble(s: Stored) -> Index {
    let portal = |i: u32| Portal::ALL.get(i as usize).copied().unwrap_or(Portal::Nmpa);
    let text = |(zh_cn, zh_tw, en): StoredText| Text { zh_cn, zh_tw, en };
    let flows = s
        .flows
        .into_iter()
        .map(|f| FlowInfo {
            id: f.id,
            portal: portal(u32::from(f.portal)),
            titles: f.titles.into_iter().filter_map(|(l, t)| Some((*Lang::ALL.get(l as usize)?, t))).collect(),
        })
        .collect();
    let entries: Vec<Entry> = s
        .entries
        .into_iter()
        .map(|e| Entry {
            flow: e.flow as usize,
            node_id: e.node_id,
            message: e.message,
            prepared: Prepared::new(e.chars.chars().collect()),
            bare: Prepared::new(e.bare.chars().collect()),
        })
        .collect();
    let message_patterns: Vec<String> = entries.iter().map(|e| e.prepared.chars.iter().collect()).collect();
    let mut message_pairs: FxHashMap<(char, char), Vec<usize>> = FxHashMap::default();
    for (i, e) in entries.iter().enumerate() {
        for p in e.prepared.pairs() {
            let v = message_pairs.entry(p).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
    }
    let mut tokens = FxHashMap::with_capacity_and_hasher(s.tokens.len(), Default::default());
    let mut postings = Vec::with_capacity(s.tokens.iter().map(|t| t.postings.len()).sum());
    for t in s.tokens {
        let start = postings.len() as u32;
        postings.extend(t.postings);
        let token = Token { idf: t.idf, flows: t.flows, postings: (start, postings.len() as u32), entries: (0, 0) };
        tokens.insert(t.id, token);
    }
    let (token_entries, entry_tokens) = message_tokens(&entries, &mut tokens);
    let topic_doc_flow = s.docs.iter().map(|d| if d.node_id.is_none() { d.flow } else { u32::MAX }).collect();
    Index {
        flows,
        // Every occurrence of every message: overlapping matches need the standard semantics.
        messages_ac: (!message_patterns.is_empty())
            .then(|| AhoCorasickBuilder::new().kind(Some(BUILD_FAST)).build(&message_patterns).ok())
            .flatten(),
        entries,
        message_pairs,
        docs: s
            .docs
            .into_iter()
            .map(|d| Doc {
                flow: d.flow as usize,
                node_id: d.node_id,
                texts: d.texts.into_iter().map(text).collect(),
                weight: d.weight,
            })
            .collect(),
        tokens,
        postings,
        token_entries,
        entry_tokens,
        idf_unknown: s.idf_unknown,
        topic_doc_flow,
        cues_ac: automaton(&s.cue_patterns),
        cues: s
            .cues
            .into_iter()
            .map(|(kind, i)| if kind == 0 { Cue::Portal(portal(i)) } else { Cue::Elsewhere(i as usize) })
            .collect(),
        names_ac: automaton(&s.name_patterns),
        elsewhere_names: s.elsewhere_names.into_iter().map(text).collect(),
        synonyms_ac: automaton(&s.synonym_patterns),
        synonym_expansions: s.synonym_expansions,
        roles_ac: automaton(&s.role_patterns),
        role_flows: s.role_flows,
        own_words_ac: automaton(&s.own_word_patterns),
        own_word_flows: s.own_word_flows,
    }
}

/// The average document length (in tokens) that the bm25 crate's
/// `with_tokenizer_and_fit_to_corpus` fits, counted without making each token a `String` (that
/// pass was a tenth of the index build).
fn average_length(bodies: &[String]) -> f32 {
    let total: u64 = bodies
        .iter()
        .map(|b| {
            let mut n = 0u64;
            tokens::for_each(b, |_| n += 1);
            n
        })
        .sum();
    (total as f64 / bodies.len().max(1) as f64) as f32
}

/// The characters of squeezed `text` outside every cue word (portal names and the words that
/// imply a portal).
pub(super) fn without_cues(cues: Option<&AhoCorasick>, text: &str) -> Vec<char> {
    let Some(ac) = cues else { return text.chars().collect() };
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut at = 0;
    for m in ac.find_iter(text) {
        out.extend(text[at..m.start()].chars());
        at = m.end();
    }
    out.extend(text[at..].chars());
    out
}

/// Made on first use after each content switch: for the bundled content, read back from the
/// index stored at build time (see `stored.rs`); for an installed pack (or bundled files the
/// stored index was not made from), built from its guides, catalog and keywords.
pub(super) fn index() -> Arc<Index> {
    static CELL: Cached<Index> = Cached::new();
    CELL.get(|set| {
        let bundled = set.origin() == Origin::Bundled;
        assemble(bundled.then(stored::bundled).flatten().unwrap_or_else(build))
    })
}

/// Approximate heap bytes held by the index (for the benchmark's memory figure).
pub fn index_bytes() -> usize {
    let idx = index();
    let postings = idx.postings.capacity() * 8 + (idx.token_entries.capacity() + idx.entry_tokens.capacity()) * 4;
    let maps = idx.tokens.capacity() * (4 + std::mem::size_of::<Token>() + 1);
    let entries: usize = idx.entries.iter().map(|e| e.message.len() + e.prepared.heap_bytes() + 64).sum();
    let pairs: usize = idx.message_pairs.values().map(|v| v.capacity() * 8 + 40).sum();
    let docs = idx.docs.len() * 48;
    let automata: usize = [&idx.messages_ac, &idx.cues_ac, &idx.names_ac, &idx.synonyms_ac, &idx.roles_ac]
        .into_iter()
        .flatten()
        .map(AhoCorasick::memory_usage)
        .sum();
    postings + maps + entries + pairs + docs + automata
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_average_length_is_the_one_the_crate_fits() {
        let bodies: Vec<String> =
            ["证书生成中", "ie9及以上 chrome\n登录失败", "", "how do i annotate my e certificate", "加注 a 注"]
                .map(comparable)
                .into();
        let corpus: Vec<&str> = bodies.iter().map(String::as_str).collect();
        let fitted = EmbedderBuilder::<u32, Bigrams>::with_tokenizer_and_fit_to_corpus(Bigrams, &corpus).build();
        assert_eq!(average_length(&bodies), fitted.avgdl());
        assert!(average_length(&bodies) > 1.0);
    }

    /// `UPDATE_SEARCH_INDEX=1 cargo test -p assistant-core bundled_index` writes it.
    #[test]
    // The committed file is made on Linux; another platform's `ln` may differ in a float's last
    // bit (the Windows tests run under Wine), which would make this fail there for no stale file.
    #[cfg_attr(not(target_os = "linux"), ignore = "the stored index is generated and checked on Linux")]
    fn the_stored_bundled_index_is_what_a_build_makes_now() {
        let fresh = stored::to_bytes(&build());
        assert!(!fresh.is_empty());
        if std::env::var_os("UPDATE_SEARCH_INDEX").is_some() {
            // The binary holds the file as it was when compiled: the next run checks the copy.
            std::fs::write(stored::PATH, &fresh[..]).expect("write the stored index");
            return;
        }
        let on_disk = stored::read_file();
        assert!(
            on_disk[..] == fresh[..],
            "src/message_search/bundled_index.rkyv is stale: run `UPDATE_SEARCH_INDEX=1 cargo test -p assistant-core bundled_index` and commit it"
        );
        // The copy compiled in is that file, and the app uses it for the bundled content.
        assert_eq!(stored::bundled(), stored::from_bytes(&on_disk));
        assert!(stored::bundled().is_some(), "the compiled-in stored index is not used");
    }

    #[test]
    fn each_token_lists_the_messages_that_have_it() {
        let idx = index();
        for (i, e) in idx.entries.iter().enumerate() {
            let mut found = 0;
            for (a, b) in e.prepared.pairs().filter(|(a, b)| !a.is_ascii_alphanumeric() && !b.is_ascii_alphanumeric()) {
                let Some(token) = idx.tokens.get(&tokens::id(&format!("{a}{b}"))) else { continue };
                assert!(idx.entries_of(token).contains(&(i as u32)), "{a}{b} does not list “{}”", e.message);
                found += 1;
            }
            assert_eq!(idx.entry_tokens[i], found, "“{}”", e.message);
            // Every Chinese message is in its flow's own document: all its pairs are tokens.
            assert!(found > 0 || e.prepared.chars.iter().all(char::is_ascii), "“{}” has no token", e.message);
        }
        let token = idx.tokens.get(&tokens::id("加注")).expect("加注 is a token");
        assert!(idx.entries_of(token).iter().all(|&i| idx.entries[i as usize].message.contains("加注")));
    }

    #[test]
    fn the_index_reads_back_as_built() {
        let built = build();
        assert!(!built.entries.is_empty() && !built.tokens.is_empty() && !built.cue_patterns.is_empty());
        assert_eq!(stored::from_bytes(&stored::to_bytes(&built)).as_ref(), Some(&built));
        // Built twice, the same bytes: the committed file changes only when the index does.
        assert!(stored::to_bytes(&built)[..] == stored::to_bytes(&build())[..]);
    }
}
