//! Turns what the applicant pasted, and the guides' texts, into one comparable form.
//!
//! People paste from the page, retype from memory, type on a zh-TW system or with half-width
//! punctuation, or paste a whole help page. The comparable form keeps only what carries
//! meaning: letters, digits and CJK characters, in simplified script, lower case. Where the
//! punctuation was, it keeps a boundary: a line break for the end of a sentence (so a long
//! paste can be read sentence by sentence) and a space inside one (so no word is made up
//! across a comma).

use std::sync::OnceLock;

use ferrous_opencc::{config::BuiltinConfig, OpenCC};

use crate::text::{fold_width, is_invisible};

/// Longest query (in characters) that is read; the rest is ignored. 20,000 characters hold a
/// 10 KB paste of Latin text or about 30 KB of Chinese: a whole help page and then some.
pub const MAX_QUERY_CHARS: usize = 20_000;

/// Traditional (Taiwan, with Taiwan vocabulary such as 登入 for 登录) → Simplified, from
/// OpenCC's maintained tables. `None` if the embedded tables failed to load: the search then
/// still works on simplified text instead of failing.
pub(super) fn converter() -> Option<&'static OpenCC> {
    static CELL: OnceLock<Option<OpenCC>> = OnceLock::new();
    CELL.get_or_init(|| OpenCC::from_config(BuiltinConfig::Tw2sp).ok()).as_ref()
}

/// Traditional → Simplified (unchanged when the tables are missing).
///
/// OpenCC's Taiwan tables read 么 as the Taiwan variant of 幺, so simplified text that passes
/// through them turns 怎么/什么 into 怎幺/什幺; where the input had 么, it is kept.
pub(super) fn simplify(text: &str) -> String {
    let Some(cc) = converter() else { return text.to_owned() };
    let converted = cc.convert(text);
    if !text.contains('么') {
        return converted;
    }
    if converted.chars().count() == text.chars().count() {
        text.chars().zip(converted.chars()).map(|(a, b)| if a == '么' && b == '幺' { a } else { b }).collect()
    } else {
        converted.replace('幺', "么")
    }
}

/// Variant forms of Traditional characters that OpenCC's Taiwan tables leave alone (Hong Kong
/// and older print forms, common in forum copies): folded to the standard Traditional form
/// first, which the tables then simplify.
const VARIANTS: &[(char, char)] = &[
    ('閲', '閱'),
    ('説', '說'),
    ('爲', '為'),
    ('僞', '偽'),
    ('綫', '線'),
    ('衞', '衛'),
    ('峯', '峰'),
    ('裏', '裡'),
    ('羣', '群'),
    ('銹', '鏽'),
    ('啓', '啟'),
    ('眞', '真'),
    ('戶', '户'),
];

fn fold_variant(c: char) -> char {
    VARIANTS.iter().find(|(v, _)| *v == c).map_or(c, |(_, s)| *s)
}

/// Ends a sentence: a long paste is read one sentence (and pair of sentences) at a time.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n' | '\r' | '…' | '｡')
}

/// The comparable form of `text` with boundaries: width folded, invisible characters dropped,
/// Traditional converted to Simplified, letters lower-cased; every run of other characters
/// becomes one space, or one `\n` where it ends a sentence. Only the first
/// [`MAX_QUERY_CHARS`] characters are read.
pub fn comparable(text: &str) -> String {
    let folded: String =
        text.chars().filter(|c| !is_invisible(*c)).take(MAX_QUERY_CHARS).map(fold_width).map(fold_variant).collect();
    let simplified = simplify(&folded);
    let mut out = String::with_capacity(simplified.len());
    let mut gap: Option<char> = None;
    for c in simplified.chars() {
        if c.is_alphanumeric() {
            if let Some(g) = gap.take() {
                if !out.is_empty() {
                    out.push(g);
                }
            }
            out.extend(c.to_lowercase());
        } else {
            let boundary = if ends_sentence(c) { '\n' } else { ' ' };
            gap = Some(if gap == Some('\n') { '\n' } else { boundary });
        }
    }
    out
}

/// The comparable form of `text` as characters, with no boundaries at all: what the exact,
/// fragment and near-miss comparisons with the portals' messages use.
pub fn normalize(text: &str) -> Vec<char> {
    squeeze(&comparable(text))
}

/// `comparable` text without its boundaries.
pub(super) fn squeeze(comparable: &str) -> Vec<char> {
    comparable.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_mark_sentences_and_phrases() {
        assert_eq!(comparable("登录失败！请确认：a.证件号码"), "登录失败\n请确认 a 证件号码");
        assert_eq!(comparable("  ，。该用户已注册。。 "), "该用户已注册");
        assert_eq!(comparable("第一句。\n\n第二句，第三"), "第一句\n第二句 第三");
    }

    #[test]
    fn invisible_width_script_and_case_are_folded() {
        assert_eq!(comparable("\u{FEFF}該\u{200B}用戶已註冊\u{00AD}"), "该用户已注册");
        assert_eq!(comparable("ＩＥ９及以上"), "ie9及以上");
        assert_eq!(normalize("實名認證未成功，請核對"), "实名认证未成功请核对".chars().collect::<Vec<_>>());
    }

    #[test]
    fn simplified_text_keeps_its_characters() {
        assert_eq!(comparable("怎么办？什么情况"), "怎么办\n什么情况");
        assert_eq!(comparable("怎麼辦"), "怎么办");
        // Print variants a forum copy may carry.
        assert_eq!(comparable("申請人閲讀協議，説明"), "申请人阅读协议 说明");
    }

    #[test]
    fn the_cap_is_respected() {
        let long = "字".repeat(MAX_QUERY_CHARS + 100);
        assert_eq!(comparable(&long).chars().count(), MAX_QUERY_CHARS);
    }
}
