//! Why a result matched, made visible: the pieces of the shown text that share words with
//! the query.

use rustc_hash::FxHashSet;
use serde::Serialize;

use super::normalize::simplify;
use super::tokens::{self, TokenId};
use crate::text::fold_width;

/// A piece of a shown text; `hit` pieces share words with the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

/// `display` cut into pieces, marking the character pairs and Latin words that are among the
/// query's tokens. Works on zh-TW text too (compared in simplified form, character by
/// character, when the conversion keeps the length).
pub(super) fn pieces(display: &str, query: &FxHashSet<TokenId>) -> Vec<Piece> {
    let original: Vec<char> = display.chars().collect();
    let folded: String = original.iter().map(|c| fold_width(*c)).collect();
    let simplified: Vec<char> = simplify(&folded).chars().collect();
    let compared: Vec<char> = if simplified.len() == original.len() { simplified } else { folded.chars().collect() };
    let lower: Vec<char> = compared.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let mut hit = vec![false; lower.len()];
    let is_cjk = |c: char| c.is_alphanumeric() && !c.is_ascii_alphanumeric();
    for i in 0..lower.len().saturating_sub(1) {
        if is_cjk(lower[i]) && is_cjk(lower[i + 1]) {
            let pair: String = lower[i..i + 2].iter().collect();
            if query.contains(&tokens::id(&pair)) {
                hit[i] = true;
                hit[i + 1] = true;
            }
        }
    }
    let mut i = 0;
    while i < lower.len() {
        if lower[i].is_ascii_alphanumeric() {
            let start = i;
            while i < lower.len() && lower[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let word: String = lower[start..i].iter().collect();
            if i - start >= 2 && query.contains(&tokens::id(&word)) {
                hit[start..i].iter_mut().for_each(|h| *h = true);
            }
        } else {
            i += 1;
        }
    }
    let mut out: Vec<Piece> = Vec::new();
    for (c, h) in original.into_iter().zip(hit) {
        match out.last_mut() {
            Some(last) if last.hit == h => last.text.push(c),
            _ => out.push(Piece { text: c.to_string(), hit: h }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(words: &[&str]) -> FxHashSet<TokenId> {
        words.iter().map(|w| tokens::id(w)).collect()
    }

    #[test]
    fn shared_pairs_and_words_are_marked() {
        let p = pieces("加注完成后，可下载 PDF", &ids(&["加注", "下载", "pdf"]));
        let hits: Vec<&str> = p.iter().filter(|p| p.hit).map(|p| p.text.as_str()).collect();
        assert_eq!(hits, ["加注", "下载", "PDF"]);
        assert_eq!(p.iter().map(|p| p.text.as_str()).collect::<String>(), "加注完成后，可下载 PDF");
    }

    #[test]
    fn traditional_text_is_marked_in_place() {
        let p = pieces("證書加註", &ids(&["证书"]));
        assert_eq!(p, vec![Piece { text: "證書".into(), hit: true }, Piece { text: "加註".into(), hit: false }]);
    }
}
