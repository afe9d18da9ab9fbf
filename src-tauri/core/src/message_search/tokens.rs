//! Chinese-aware tokens for retrieval: overlapping character pairs (bigrams) of Chinese text,
//! whole words of Latin letters and digits.
//!
//! Bigrams are the classic index unit for Chinese retrieval: they need no dictionary, cope with
//! words the dictionary does not know (网证, 加注, 携号转网) and with half-pasted words, and
//! every two-character word is one token. A dictionary segmenter (jieba) was measured against
//! them on the development set; see `benches/message_search.rs` and the README.

use bm25::TokenEmbedder;

/// A token's id: the bm25 crate's 32-bit hash of the token text, so that the index (built
/// through the crate's embedder) and queries (hashed here without allocating) agree.
pub(super) type TokenId = u32;

pub(super) fn id(token: &str) -> TokenId {
    <u32 as TokenEmbedder>::embed(token)
}

/// Latin letters and digits form words; everything else alphanumeric is read as Chinese.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// English function words: every English text has them, so they say nothing about which
/// guide a question is about ("How do I annotate my e-certificate?" is about `annotate`).
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "i", "if", "in", "is",
    "it", "me", "my", "of", "on", "or", "so", "the", "this", "that", "to", "was", "what", "when", "why", "with", "you",
    "your",
];

fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

/// A token of `comparable` text, as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub start: usize,
    pub end: usize,
}

/// Calls `f` with every token of `comparable` text (see `normalize::comparable`): each pair of
/// adjacent Chinese characters inside a phrase, and each Latin/digit word of two or more
/// characters. Nothing is allocated.
pub(super) fn for_each(comparable: &str, mut f: impl FnMut(Span)) {
    // (byte offset, char) of the previous Chinese character in the current run.
    let mut prev_cjk: Option<usize> = None;
    let mut word_start: Option<usize> = None;
    let mut word_chars = 0usize;
    let flush_word = |start: Option<usize>, chars: usize, end: usize, f: &mut dyn FnMut(Span)| {
        if let Some(s) = start {
            if chars >= 2 && !is_stopword(&comparable[s..end]) {
                f(Span { start: s, end });
            }
        }
    };
    for (i, c) in comparable.char_indices() {
        if super::normalize::is_boundary(c) {
            flush_word(word_start.take(), word_chars, i, &mut f);
            word_chars = 0;
            prev_cjk = None;
        } else if is_word_char(c) {
            prev_cjk = None;
            if word_start.is_none() {
                word_start = Some(i);
                word_chars = 0;
            }
            word_chars += 1;
        } else {
            flush_word(word_start.take(), word_chars, i, &mut f);
            word_chars = 0;
            if let Some(p) = prev_cjk {
                f(Span { start: p, end: i + c.len_utf8() });
            }
            prev_cjk = Some(i);
        }
    }
    flush_word(word_start.take(), word_chars, comparable.len(), &mut f);
}

/// The tokens of `comparable` text as strings (for the index build and tests).
pub(super) fn strings(comparable: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each(comparable, |s| out.push(comparable[s.start..s.end].to_owned()));
    out
}

/// The bm25 crate's tokenizer hook: the index is built through its embedder.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Bigrams;

impl bm25::Tokenizer for Bigrams {
    fn tokenize(&self, input_text: &str) -> Vec<String> {
        strings(input_text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_pairs_and_latin_words() {
        assert_eq!(strings("证书生成中"), ["证书", "书生", "生成", "成中"]);
        assert_eq!(strings("ie9及以上 chrome"), ["ie9", "及以", "以上", "chrome"]);
        assert_eq!(strings("加注 a 注"), ["加注"]);
        assert_eq!(strings("90天"), ["90"]);
        assert_eq!(strings("how do i annotate my e certificate"), ["annotate", "certificate"]);
        assert_eq!(strings("请确认\n登录失败"), ["请确", "确认", "登录", "录失", "失败"]);
        assert!(strings("").is_empty());
    }

    #[test]
    fn ids_are_the_crates_hashes() {
        assert_eq!(id("加注"), <u32 as TokenEmbedder>::embed("加注"));
        assert_ne!(id("加注"), id("注加"));
    }
}
