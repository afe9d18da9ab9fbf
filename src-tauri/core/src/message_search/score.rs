//! How well a normalised query matches a normalised message, in per mille.
//!
//! Three signals, each for a way people really enter a message:
//! - the query is the whole message, contains it (pasted with the text around it), or is a
//!   piece of it (a fragment) — exact, character for character;
//! - one or two wrong, missing or extra characters — edit distance of the shorter text
//!   against its best-fitting stretch of the longer one, allowed to grow with length;
//! - half-remembered wording, words swapped or a long run of the message inside other text —
//!   shared character pairs (bigrams) and the longest shared run.

use rustc_hash::FxHashSet;

use serde::Serialize;

/// How a message was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The whole message is in the query (after normalisation).
    Exact,
    /// The query is a piece of the message.
    Fragment,
    /// Close, with a few characters wrong, missing, extra or reordered.
    Fuzzy,
    /// Not a portal message the guide quotes, but the guide's own words (BM25 retrieval over
    /// everything the guide says, its keywords and synonyms).
    Words,
}

impl MatchKind {
    /// How much the kind says on its own: the portal's whole message quoted says most, a guide's
    /// words least.
    pub(super) fn strength(self) -> u8 {
        match self {
            MatchKind::Exact => 3,
            MatchKind::Fragment => 2,
            MatchKind::Fuzzy => 1,
            MatchKind::Words => 0,
        }
    }
}

/// Normalised text with its character pairs, prepared once.
#[derive(Debug, Clone)]
pub(super) struct Prepared {
    pub chars: Vec<char>,
    bigrams: FxHashSet<(char, char)>,
    /// No character pair occurs twice: a run of n characters of it has n − 1 distinct pairs.
    distinct_pairs: bool,
}

impl Prepared {
    pub fn new(chars: Vec<char>) -> Prepared {
        let bigrams: FxHashSet<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        let distinct_pairs = bigrams.len() + 1 >= chars.len();
        Prepared { chars, bigrams, distinct_pairs }
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    /// How many distinct character pairs it has.
    pub fn pair_count(&self) -> usize {
        self.bigrams.len()
    }

    /// The distinct character pairs.
    pub fn pairs(&self) -> impl Iterator<Item = (char, char)> + '_ {
        self.bigrams.iter().copied()
    }

    /// Approximate heap bytes (benchmark's memory figure).
    pub fn heap_bytes(&self) -> usize {
        self.chars.capacity() * 4 + self.bigrams.capacity() * 12
    }
}

/// Shortest query that can match as a fragment; a single character says nothing.
const MIN_FRAGMENT: usize = 2;
/// Shortest text that can match with mistakes in it.
const MIN_FUZZY: usize = 4;

/// Mistakes tolerated when the shorter text has `len` characters: none below four, one or
/// two in short messages, then one in five.
fn allowed_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        6..=9 => 2,
        _ => len / 5,
    }
}

/// Edit distance of all of `a` against the best-fitting stretch of `b` (free gaps at both
/// ends of `b`). Plain dynamic programming over two rows: O(|a|·|b|) time, O(|b|) memory.
#[cfg(test)]
fn fitting_distance(a: &[char], b: &[char]) -> usize {
    fitting_distance_within(a, b, usize::MAX)
}

/// [`fitting_distance`] when it is at most `bound`, else some value above `bound`: the rows
/// stop as soon as none of their cells is within `bound` (a row's smallest cell never shrinks
/// in the rows below it), which for a sentence and a message with little in common is after a
/// few rows instead of all of them.
fn fitting_distance_within(a: &[char], b: &[char], bound: usize) -> usize {
    with_rows(b.len() + 1, |rows| {
        let (mut prev, mut cur) = rows.split_at_mut(b.len() + 1);
        for (i, ca) in a.iter().enumerate() {
            cur[0] = i + 1;
            let mut row_min = cur[0];
            for (j, cb) in b.iter().enumerate() {
                let substitute = prev[j] + usize::from(ca != cb);
                cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
                row_min = row_min.min(cur[j + 1]);
            }
            std::mem::swap(&mut prev, &mut cur);
            if row_min > bound {
                return row_min;
            }
        }
        prev.iter().copied().min().unwrap_or(a.len())
    })
}

/// [`fitting_distance_within`], by Myers' bit-vector algorithm when `a` fits in 128 bits (the
/// shorter of a window and a message: with 64 bits, long sentences against long messages still
/// went to the table): one pass over `b` with a few word operations per character, instead of a
/// cell per character pair (the table was a tenth of a long paste's search). The exact
/// distance, so exact within any bound.
fn fitting_distance_bounded(a: &[char], b: &[char], bound: usize) -> usize {
    let m = a.len();
    if m == 0 || m > 128 {
        return fitting_distance_within(a, b, bound);
    }
    // Per distinct character of `a`: the positions where it occurs, sorted by character.
    let mut peq = [('\0', 0u128); 128];
    for (i, c) in a.iter().enumerate() {
        peq[i] = (*c, 1u128 << i);
    }
    let peq = &mut peq[..m];
    peq.sort_unstable_by_key(|p| p.0);
    let mut distinct = 0;
    for i in 0..m {
        if distinct > 0 && peq[distinct - 1].0 == peq[i].0 {
            peq[distinct - 1].1 |= peq[i].1;
        } else {
            peq[distinct] = peq[i];
            distinct += 1;
        }
    }
    let peq = &peq[..distinct];
    let last = 1u128 << (m - 1);
    let (mut pv, mut mv) = (!0u128, 0u128);
    let mut score = m;
    let mut best = m;
    for c in b {
        let eq = peq.binary_search_by_key(c, |p| p.0).map_or(0, |i| peq[i].1);
        let xv = eq | mv;
        let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
        let mut ph = mv | !(xh | pv);
        let mut mh = pv & xh;
        if ph & last != 0 {
            score += 1;
        } else if mh & last != 0 {
            score -= 1;
        }
        // A match may start anywhere in `b`: the top row stays 0, nothing is shifted in.
        ph <<= 1;
        mh <<= 1;
        pv = mh | !(xv | ph);
        mv = ph & xv;
        best = best.min(score);
    }
    best
}

/// Row length up to which the dynamic programmes below keep their two rows on the stack: a
/// window is at most 160 characters, and these run for many messages per window.
const STACK_ROW: usize = 192;

/// Two zeroed rows of `n` cells for a dynamic programme (one after the other), on the stack
/// when they fit.
fn with_rows<R>(n: usize, f: impl FnOnce(&mut [usize]) -> R) -> R {
    if n <= STACK_ROW {
        f(&mut [0usize; 2 * STACK_ROW][..2 * n])
    } else {
        f(&mut vec![0; 2 * n])
    }
}

/// Length of the longest run of characters that `a` and `b` share. Each run is walked once, from
/// where it starts (the characters before it differ, or one text starts there), and a start with
/// no room left for a longer run is not tried: a few steps per pair of positions instead of the
/// table's cell ([`longest_shared_run_table`], which was a twentieth of a long paste's search).
fn longest_shared_run(a: &[char], b: &[char]) -> usize {
    let mut best = 0;
    for (i, ca) in a.iter().enumerate() {
        if a.len() - i <= best {
            break;
        }
        for (j, cb) in b.iter().enumerate() {
            if ca != cb || (i > 0 && j > 0 && a[i - 1] == b[j - 1]) {
                continue;
            }
            if b.len() - j <= best {
                break;
            }
            let run = a[i..].iter().zip(&b[j..]).take_while(|(x, y)| x == y).count();
            best = best.max(run);
        }
    }
    best
}

/// [`longest_shared_run`] by the classic table: the longest run ending at each pair of positions.
#[cfg(test)]
fn longest_shared_run_table(a: &[char], b: &[char]) -> usize {
    with_rows(b.len() + 1, |rows| {
        let (mut prev, mut cur) = rows.split_at_mut(b.len() + 1);
        let mut best = 0;
        for ca in a {
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = if ca == cb { prev[j] + 1 } else { 0 };
                best = best.max(cur[j + 1]);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        best
    })
}

/// An upper bound of [`longest_shared_run`] from the character pairs alone: a shared run of r
/// characters is r − 1 pairs in a row of the message that the query also has. Checking the
/// message's pairs is linear, the run itself is not (it was a fifth of a long paste's search).
fn shared_run_bound(query: &Prepared, message: &Prepared) -> usize {
    let (mut streak, mut longest) = (0, 0);
    for w in message.chars.windows(2) {
        if query.bigrams.contains(&(w[0], w[1])) {
            streak += 1;
            longest = longest.max(streak);
        } else {
            streak = 0;
        }
    }
    longest + 1
}

/// Whether [`score`] can find anything for two texts that share `shared` distinct character
/// pairs, without comparing them: a sentence of a long paste shares a pair or two with many
/// messages, and most of them cannot pass any of the tests below. Never false where `score`
/// would match (checked against `score` in the tests).
pub(super) fn may_match(query: &Prepared, message: &Prepared, shared: usize) -> bool {
    let (lq, lm) = (query.len(), message.len());
    if lq < MIN_FRAGMENT || lm == 0 {
        return false;
    }
    let a = if lq <= lm { query } else { message };
    let la = a.len();
    if la < MIN_FUZZY {
        return true;
    }
    // Within k edits (k = 0 for exact and fragments): each edit breaks at most two of the
    // shorter text's pairs, so all but 2k of them are shared.
    if shared + 2 * allowed_edits(la) >= a.pair_count() {
        return true;
    }
    // Shared pairs: the containment is `shared` over the shorter text's pairs.
    if la >= 6 && shared * 1000 >= 750 * a.pair_count() {
        return true;
    }
    // A shared run of r characters (r ≥ 5, at least half the message) shares r − 1 distinct
    // pairs when the message repeats none.
    !message.distinct_pairs || shared + 1 >= 5.max(lm.div_ceil(2))
}

/// The score (per mille, 1000 = identical) and kind of the match, or `None` when the query
/// does not point to this message.
pub(super) fn score(query: &Prepared, message: &Prepared) -> Option<(u32, MatchKind)> {
    let (a, b) = if query.len() <= message.len() { (query, message) } else { (message, query) };
    let shared = a.bigrams.iter().filter(|p| b.bigrams.contains(p)).count();
    score_sharing(query, message, shared)
}

/// [`score`] for texts known to share `shared` distinct character pairs: the message search
/// counts them while picking the messages to compare, and looking each pair up again was a
/// good part of the comparison.
pub(super) fn score_sharing(query: &Prepared, message: &Prepared, shared: usize) -> Option<(u32, MatchKind)> {
    let (lq, lm) = (query.len(), message.len());
    if lq < MIN_FRAGMENT || lm == 0 {
        return None;
    }
    if query.chars == message.chars {
        return Some((1000, MatchKind::Exact));
    }
    let query_is_shorter = lq <= lm;
    let (a, b) = if query_is_shorter { (query, message) } else { (message, query) };
    let (la, lb) = (a.len(), b.len());
    // No character in common: nothing to compute (most unrelated text stops here). A shared
    // pair is a shared character: the sentences of a long paste reach here by their pairs.
    if shared == 0 && !query.chars.iter().any(|c| message.chars.contains(c)) {
        return None;
    }
    // Only whether it is 0 or within the allowed edits counts below; each edit breaks at most
    // two of the shorter text's pairs, so with fewer shared pairs it is out of reach.
    let k = allowed_edits(la);
    let d = if la >= MIN_FUZZY && shared + 2 * k < a.pair_count() {
        k + 1
    } else if k == 0 {
        // No edit allowed: distance 0 is the shorter text inside the longer one.
        usize::from(!b.chars.windows(la).any(|w| w == a.chars.as_slice()))
    } else {
        fitting_distance_bounded(&a.chars, &b.chars, k)
    };

    if d == 0 {
        return Some(if query_is_shorter {
            ((400 + 500 * la / lb) as u32, MatchKind::Fragment)
        } else {
            ((800 + 190 * la / lb) as u32, MatchKind::Exact)
        });
    }
    // Three characters are too few to go on, unless they are a four-character message with
    // one character left out (已存在 for 已经存在).
    let dropped_one = la + 1 == MIN_FUZZY
        && lb == MIN_FUZZY
        && (0..lb).any(|i| b.chars[..i] == a.chars[..i] && b.chars[i + 1..] == a.chars[i..]);
    if la < MIN_FUZZY && !dropped_one {
        return None;
    }

    // Similarity in per mille from each fuzzy signal; the best one counts.
    let by_edits = if dropped_one {
        1000 - 1000 / lb
    } else if d <= allowed_edits(la) {
        1000 - 1000 * d / la
    } else {
        0
    };
    let by_pairs = if la >= 6 && !a.bigrams.is_empty() {
        let c = shared * 1000 / a.bigrams.len();
        if c >= 750 {
            c * 9 / 10
        } else {
            0
        }
    } else {
        0
    };
    let similarity = by_edits.max(by_pairs);
    // Weighted by how much of the longer text the shorter one covers.
    let close = (similarity > 0).then(|| similarity * (300 + 500 * la / lb) / 1000);

    // A long run of the message inside other words ("系统提示验证码已经发送但没收到"). It scores
    // at most 650, and a run of r characters of a message that repeats no pair shares r − 1 pairs:
    // the run is looked for only where it can count.
    let run_needed = 5.max(lm.div_ceil(2));
    let run_can_count = close.is_none_or(|c| c < 650)
        && (!message.distinct_pairs || shared + 1 >= run_needed)
        && shared_run_bound(query, message) >= run_needed;
    let run = if run_can_count { longest_shared_run(&query.chars, &message.chars) } else { 0 };
    let by_run = (run >= 5 && run * 2 >= lm).then(|| 250 + 400 * run / lm.max(1));

    let best = close.into_iter().chain(by_run).max()?;
    Some((best.min(999) as u32, MatchKind::Fuzzy))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Prepared {
        Prepared::new(s.chars().collect())
    }

    fn shared_pairs(a: &Prepared, b: &Prepared) -> usize {
        a.pairs().filter(|p| b.bigrams.contains(p)).count()
    }

    /// `score` as it was before its shortcuts: every distance and run computed in full.
    fn score_in_full(query: &Prepared, message: &Prepared) -> Option<(u32, MatchKind)> {
        let (lq, lm) = (query.len(), message.len());
        if lq < MIN_FRAGMENT || lm == 0 {
            return None;
        }
        if query.chars == message.chars {
            return Some((1000, MatchKind::Exact));
        }
        if !query.chars.iter().any(|c| message.chars.contains(c)) {
            return None;
        }
        let query_is_shorter = lq <= lm;
        let (a, b) = if query_is_shorter { (query, message) } else { (message, query) };
        let (la, lb) = (a.len(), b.len());
        let d = fitting_distance(&a.chars, &b.chars);
        if d == 0 {
            return Some(if query_is_shorter {
                ((400 + 500 * la / lb) as u32, MatchKind::Fragment)
            } else {
                ((800 + 190 * la / lb) as u32, MatchKind::Exact)
            });
        }
        let dropped_one = la + 1 == MIN_FUZZY
            && lb == MIN_FUZZY
            && (0..lb).any(|i| b.chars[..i] == a.chars[..i] && b.chars[i + 1..] == a.chars[i..]);
        if la < MIN_FUZZY && !dropped_one {
            return None;
        }
        let by_edits = if dropped_one {
            1000 - 1000 / lb
        } else if d <= allowed_edits(la) {
            1000 - 1000 * d / la
        } else {
            0
        };
        let containment = if a.bigrams.is_empty() { 0 } else { shared_pairs(a, b) * 1000 / a.bigrams.len() };
        let by_pairs = if la >= 6 && containment >= 750 { containment * 9 / 10 } else { 0 };
        let similarity = by_edits.max(by_pairs);
        let close = (similarity > 0).then(|| similarity * (300 + 500 * la / lb) / 1000);
        let run = longest_shared_run(&query.chars, &message.chars);
        let by_run = (run >= 5 && run * 2 >= lm).then(|| 250 + 400 * run / lm.max(1));
        let best = close.into_iter().chain(by_run).max()?;
        Some((best.min(999) as u32, MatchKind::Fuzzy))
    }

    proptest::proptest! {
        #[test]
        fn the_shortcuts_change_no_score(q in "[已经注册登录失败证书码号]{0,30}", m in "[已经注册登录失败证书码号]{0,30}") {
            let (q, m) = (p(&q), p(&m));
            proptest::prop_assert_eq!(score(&q, &m), score_in_full(&q, &m));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_precheck_never_hides_a_match(q in "[已经注册登录失败证书码号]{0,30}", m in "[已经注册登录失败证书码号]{0,30}") {
            let (q, m) = (p(&q), p(&m));
            if score(&q, &m).is_some() {
                proptest::prop_assert!(may_match(&q, &m, shared_pairs(&q, &m)));
            }
        }
    }

    #[test]
    fn the_precheck_passes_real_near_misses_and_stops_unrelated_text() {
        let m = p("该证件号码在注册库中已经存在");
        for q in [
            "该证件号码在注册库中已经存再",
            "证件号码在注册库中已存在",
            "号码在注册库中",
            "该证件号码在注册库中已经存在请登录",
        ] {
            let q = p(q);
            assert!(score(&q, &m).is_some() && may_match(&q, &m, shared_pairs(&q, &m)));
        }
        let q = p("本文整理了考生常问的问题仅供参考具体以官方通知为准号码");
        assert!(!may_match(&q, &m, shared_pairs(&q, &m)));
    }

    /// Messages, typos of them and odd texts that the distance functions are checked on pairwise.
    const DISTANCE_TEXTS: [&str; 9] = [
        "验证码",
        "验正码",
        "短信验证码已经发送",
        "该用户已注册",
        "该证件号码在注册库中已经存在",
        "",
        "abc",
        "已经存再",
        "aaaa",
    ];

    #[test]
    fn a_bounded_fitting_distance_is_exact_within_its_bound_and_above_it_otherwise() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        for a in DISTANCE_TEXTS {
            for b in DISTANCE_TEXTS {
                let full = fitting_distance(&c(a), &c(b));
                for bound in 0..=6 {
                    let within = fitting_distance_within(&c(a), &c(b), bound);
                    if full <= bound {
                        assert_eq!(within, full, "{a} in {b}, bound {bound}");
                    } else {
                        assert!(within > bound, "{a} in {b}, bound {bound}: {within} but {full}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_bit_vector_distance_is_the_tables(a in "[已经注册登录失败证书码号]{0,140}", b in "[已经注册登录失败证书码号]{0,160}") {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            proptest::prop_assert_eq!(fitting_distance_bounded(&a, &b, usize::MAX), fitting_distance(&a, &b));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_run_is_the_tables(a in "[已经注册登录失败证书码号]{0,60}", b in "[已经注册登录失败证书码号]{0,60}") {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            proptest::prop_assert_eq!(longest_shared_run(&a, &b), longest_shared_run_table(&a, &b));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_run_bound_is_never_below_the_run(q in "[已经注册登录失败证书码号]{0,30}", m in "[已经注册登录失败证书码号]{0,30}") {
            let (q, m) = (p(&q), p(&m));
            proptest::prop_assert!(shared_run_bound(&q, &m) >= longest_shared_run(&q.chars, &m.chars));
        }
    }

    #[test]
    fn the_bit_vector_distance_on_real_texts() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        for a in DISTANCE_TEXTS {
            for b in DISTANCE_TEXTS {
                assert_eq!(fitting_distance_bounded(&c(a), &c(b), 0), fitting_distance(&c(a), &c(b)), "{a} in {b}");
            }
        }
    }

    #[test]
    fn fitting_distance_ignores_the_ends_of_the_longer_text() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(fitting_distance(&c("验证码"), &c("短信验证码已经发送")), 0);
        assert_eq!(fitting_distance(&c("验正码"), &c("短信验证码已经发送")), 1);
        assert_eq!(fitting_distance(&c("abc"), &c("")), 3);
        assert_eq!(fitting_distance(&c(""), &c("abc")), 0);
    }

    #[test]
    fn longest_shared_run_finds_the_run() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(longest_shared_run(&c("系统提示验证码已经发送了"), &c("短信验证码已经发送请注意接收")), 7);
        assert_eq!(longest_shared_run(&c("abc"), &c("xyz")), 0);
    }

    #[test]
    fn kinds_follow_how_the_query_relates_to_the_message() {
        let m = p("登录失败");
        assert_eq!(score(&p("登录失败"), &m), Some((1000, MatchKind::Exact)));
        assert!(matches!(score(&p("系统提示登录失败"), &m), Some((_, MatchKind::Exact))));
        assert!(matches!(score(&p("登录失"), &m), Some((_, MatchKind::Fragment))));
        assert!(matches!(score(&p("登陆失败"), &m), Some((_, MatchKind::Fuzzy))));
        assert_eq!(score(&p("登"), &m), None);
        assert_eq!(score(&p("今天天气很好"), &m), None);
    }

    #[test]
    fn exact_beats_fragment_beats_fuzzy() {
        let m = p("该用户已注册");
        let exact = score(&p("该用户已注册"), &m).map(|s| s.0);
        let fragment = score(&p("用户已注册"), &m).map(|s| s.0);
        let fuzzy = score(&p("该用户己注册"), &m).map(|s| s.0);
        assert!(exact > fragment && fragment > fuzzy && fuzzy.is_some(), "{exact:?} {fragment:?} {fuzzy:?}");
    }

    #[test]
    fn short_texts_need_to_be_exact() {
        // Three characters with one wrong is too little to go on…
        assert_eq!(score(&p("登陆失"), &p("登录失败")), None);
        assert_eq!(score(&p("登陆失"), &p("登录失败了吗")), None);
        // …but a four-character message with one character left out is recognised.
        assert!(matches!(score(&p("已存在"), &p("已经存在")), Some((_, MatchKind::Fuzzy))));
    }
}
