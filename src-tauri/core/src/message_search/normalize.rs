//! Turns what the applicant typed, and the declared messages, into one comparable form.
//!
//! People paste from the page, retype from memory, type on a zh-TW system or with half-width
//! punctuation, so the form keeps only what carries meaning: letters, digits and CJK
//! characters, in simplified script, lower case.

use std::sync::OnceLock;

use ferrous_opencc::{config::BuiltinConfig, OpenCC};

/// Longest query (in characters) that is looked at; the rest is ignored. A portal message is
/// at most a few dozen characters, and the cap keeps every search well inside its time budget.
pub const MAX_QUERY_CHARS: usize = 500;

/// Traditional (Taiwan, with Taiwan vocabulary such as 登入 for 登录) → Simplified, from
/// OpenCC's maintained tables. `None` if the embedded tables failed to load: the search then
/// still works on simplified text instead of failing.
fn converter() -> Option<&'static OpenCC> {
    static CELL: OnceLock<Option<OpenCC>> = OnceLock::new();
    CELL.get_or_init(|| OpenCC::from_config(BuiltinConfig::Tw2sp).ok()).as_ref()
}

/// Full-width forms (`，！（ＡＢＣ１２３`, the ideographic space) to their half-width twins:
/// the width folding part of NFKC, which is all that matters here.
fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The comparable form of `text` as characters: width folded, Traditional converted to
/// Simplified, punctuation, symbols and white space (ellipses, dashes, quotes) dropped,
/// letters lower-cased. Only the first [`MAX_QUERY_CHARS`] characters are read.
pub fn normalize(text: &str) -> Vec<char> {
    let folded: String = text.chars().take(MAX_QUERY_CHARS).map(fold_width).collect();
    let simplified = match converter() {
        Some(cc) => cc.convert(&folded),
        None => folded,
    };
    simplified.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}
