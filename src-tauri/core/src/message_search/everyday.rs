//! Everyday words weigh less: the guides alone cannot tell.
//!
//! The index's IDF is computed over the guides (a few hundred short texts), where 如果, 进行,
//! 已经 or 完成 are about as rare as 加注 or 网证. A pasted sentence made of such words
//! (步骤2、参加报名前请先确认是否已注册，如果没有，请先点击注册) then looked like a guide's own, and
//! was answered with confidence, sometimes from another portal's guide. A general corpus knows
//! better: jieba's IDF table (`everyday_idf.txt`, MIT, written by `scripts/everyday-idf.py`)
//! rates every two-character word by how common it is in written Chinese. A token that is such a
//! word keeps only a share of its guide IDF, from [`LEAST_SHARE`] for the most common words to
//! all of it at [`EVERYDAY_UP_TO`] and above. Portal and interface words (点击 8.8, 登录 8.3,
//! 证书 8.4, 提交 7.5) are rare in a general corpus and keep their weight.
//!
//! The bounds were chosen on the development set (`tests/data/message_devset.toml`) among a
//! few settings: stronger ones answered a few more cases right, but one from the wrong portal.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::tokens::{self, TokenId};

/// At or below this general IDF a word keeps only [`LEAST_SHARE`] of its weight (已经 3.42 and
/// 没有 3.11 are at the floor, 如果 3.97 just above).
const COMMONEST: f32 = 3.5;
/// From this general IDF on, a word is not everyday: it keeps all its weight. The table holds
/// only words below it (`scripts/everyday-idf.py` has the same cut-off).
const EVERYDAY_UP_TO: f32 = 6.0;
/// The least share of its weight a word keeps: even 进行 says a little.
const LEAST_SHARE: f32 = 0.15;

const TABLE: &str = include_str!("everyday_idf.txt");

/// The share of its guide IDF a word with this general IDF keeps.
fn share(general_idf: f32) -> f32 {
    ((general_idf - COMMONEST) / (EVERYDAY_UP_TO - COMMONEST)).clamp(LEAST_SHARE, 1.0)
}

/// Per token id: the share of its guide IDF it keeps, for the everyday words (every other token
/// keeps all of it).
pub(super) fn shares() -> &'static FxHashMap<TokenId, f32> {
    static SHARES: OnceLock<FxHashMap<TokenId, f32>> = OnceLock::new();
    SHARES.get_or_init(|| table().into_iter().map(|(word, general)| (tokens::id(word), share(general))).collect())
}

/// The table's lines that hold a word (not its header comment, not blank).
fn data_lines() -> impl Iterator<Item = &'static str> {
    TABLE.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

/// The table's words and general IDFs; a malformed line is skipped (the tests read every one).
fn table() -> Vec<(&'static str, f32)> {
    data_lines()
        .filter_map(|l| {
            let (word, idf) = l.split_once(' ')?;
            Some((word, idf.trim().parse::<f32>().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_a_two_character_word_and_its_general_idf() {
        let lines = data_lines().count();
        let table = table();
        assert_eq!(table.len(), lines, "a line of everyday_idf.txt does not read as “word idf”");
        assert!(table.len() > 900, "only {} words", table.len());
        for (word, idf) in table {
            assert_eq!(word.chars().count(), 2, "{word}");
            assert!(word.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{word}");
            assert!(idf.is_finite() && idf > 0.0 && idf <= EVERYDAY_UP_TO + 0.005, "{word} {idf}");
        }
    }

    #[test]
    fn the_commonest_words_keep_least_and_interface_words_all() {
        let of = |w: &str| shares().get(&tokens::id(w)).copied().unwrap_or(1.0);
        assert_eq!(of("已经"), LEAST_SHARE);
        assert_eq!(of("进行"), LEAST_SHARE);
        assert!(of("如果") < 0.2, "{}", of("如果"));
        assert!(of("完成") > LEAST_SHARE && of("完成") < 0.7, "{}", of("完成"));
        assert!(of("是否") < of("申请"), "是否 is commoner than 申请");
        for w in ["点击", "登录", "注册", "证书", "加注", "网证", "核验", "验证码"] {
            assert_eq!(of(w), 1.0, "{w}");
        }
    }
}
