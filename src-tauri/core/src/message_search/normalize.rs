//! Turns what the applicant pasted, and the guides' texts, into one comparable form.
//!
//! People paste from the page, retype from memory, type on a zh-TW system or with half-width
//! punctuation, or paste a whole help page. The comparable form keeps only what carries
//! meaning: letters, digits and CJK characters, in simplified script, lower case. Where the
//! punctuation was, it keeps a boundary: a line break for the end of a sentence (so a long
//! paste can be read sentence by sentence) and a space inside one (so no word is made up
//! across a comma).

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::tw2sp;
use crate::text::{fold_width, is_invisible};

/// Longest query (in characters) that is read; the rest is ignored. 20,000 characters hold a
/// 10 KB paste of Latin text or about 30 KB of Chinese: a whole help page and then some.
pub const MAX_QUERY_CHARS: usize = 20_000;

/// What the conversion can change (`opencc_keys.txt`, generated from the converter's own
/// dictionaries by `scripts/opencc-keys.py`): every one-character key, and the longer keys that
/// start with a character that is none (Taiwan words written with characters both scripts
/// share: 登入, 資訊 is caught by 資 already).
struct Keys {
    /// One bit per Basic Multilingual Plane character that is a key.
    bmp: Vec<u64>,
    /// Keys beyond the BMP (CJK extension B and later), sorted.
    astral: Vec<char>,
    /// Longer keys by their first character (which is no one-character key).
    phrases: FxHashMap<char, Vec<&'static str>>,
    /// One bit per BMP character that starts a longer key: most characters of a paste start
    /// none, and a bit costs less than a hash lookup.
    phrase_first: Vec<u64>,
}

impl Keys {
    fn is_key(&self, c: char) -> bool {
        let u = c as usize;
        match self.bmp.get(u / 64) {
            Some(word) if u < 0x1_0000 => word & (1 << (u % 64)) != 0,
            _ => self.astral.binary_search(&c).is_ok(),
        }
    }

    /// Whether a longer key may start with `c` (the phrases beyond the BMP are looked up).
    fn may_start_phrase(&self, c: char) -> bool {
        let u = c as usize;
        match self.phrase_first.get(u / 64) {
            Some(word) if u < 0x1_0000 => word & (1 << (u % 64)) != 0,
            _ => true,
        }
    }
}

fn keys() -> &'static Keys {
    static CELL: OnceLock<Keys> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut lines = include_str!("opencc_keys.txt").lines().filter(|l| !l.starts_with('#'));
        let mut keys = Keys {
            bmp: vec![0; 0x1_0000 / 64],
            astral: Vec::new(),
            phrases: FxHashMap::default(),
            phrase_first: vec![0; 0x1_0000 / 64],
        };
        for c in lines.next().unwrap_or_default().chars() {
            let u = c as usize;
            match keys.bmp.get_mut(u / 64) {
                Some(word) if u < 0x1_0000 => *word |= 1 << (u % 64),
                _ => keys.astral.push(c),
            }
        }
        keys.astral.sort_unstable();
        for phrase in lines {
            if let Some(first) = phrase.chars().next() {
                keys.phrases.entry(first).or_default().push(phrase);
                let u = first as usize;
                if let Some(word) = keys.phrase_first.get_mut(u / 64) {
                    *word |= 1 << (u % 64);
                }
            }
        }
        keys
    })
}

/// Whether the conversion could change `text`: it has a character or a word the converter's
/// dictionaries have as a key. Most pastes are Simplified and skip the converter (a quarter of
/// a long paste's search time, and the tables' loading on the first search).
pub(super) fn may_convert(text: &str) -> bool {
    let keys = keys();
    text.char_indices().any(|(i, c)| {
        keys.is_key(c)
            || (keys.may_start_phrase(c)
                && keys.phrases.get(&c).is_some_and(|ps| ps.iter().any(|p| text[i..].starts_with(p))))
    })
}

/// Loads the precheck's keys and the conversion tables (which a Simplified paste never needs).
pub(super) fn prepare() {
    keys();
    tw2sp::converter();
}

/// Traditional → Simplified.
///
/// OpenCC's Taiwan tables read 么 as the Taiwan variant of 幺, so simplified text that passes
/// through them turns 怎么/什么 into 怎幺/什幺; where the input had 么, it is kept.
pub(super) fn simplify(text: &str) -> String {
    if !may_convert(text) {
        return text.to_owned();
    }
    convert(text)
}

/// [`simplify`] without the precheck.
fn convert(text: &str) -> String {
    let converted = tw2sp::converter().convert(text);
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
    // Every variant is a CJK ideograph past U+5000: a quick test for the rest of a paste.
    if c < '\u{5000}' {
        return c;
    }
    VARIANTS.iter().find(|(v, _)| *v == c).map_or(c, |(_, s)| *s)
}

/// The CJK Unified Ideographs block: letters without case, the bulk of a Chinese paste, for
/// which the general Unicode lookups (`is_alphanumeric`, `to_lowercase`) are slow.
fn is_cjk_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Ends a sentence: a long paste is read one sentence (and pair of sentences) at a time.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n' | '\r' | '…' | '｡')
}

/// A tone-marked pinyin vowel: every reading note (see [`without_reading_notes`]) has one.
fn is_tone_vowel(c: char) -> bool {
    matches!(
        c,
        'ā' | 'á'
            | 'ǎ'
            | 'à'
            | 'ē'
            | 'é'
            | 'ě'
            | 'è'
            | 'ī'
            | 'í'
            | 'ǐ'
            | 'ì'
            | 'ō'
            | 'ó'
            | 'ǒ'
            | 'ò'
            | 'ū'
            | 'ú'
            | 'ǔ'
            | 'ù'
            | 'ǖ'
            | 'ǘ'
            | 'ǚ'
            | 'ǜ'
    )
}

/// `text` without the pinyin reading notes some sites print after characters (系統(tǒng)提示,
/// 註冊（cè）), which applicants copy along: inside a word a note cuts it in two. A note is a
/// pair of brackets right after a CJK ideograph holding one syllable: at most six letters, one of
/// them a tone-marked vowel. Text without such a vowel (nearly every paste) is returned as it is.
fn without_reading_notes(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_tone_vowel) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if matches!(c, '(' | '（') && prev.is_some_and(is_cjk_ideograph) {
            if let Some(len) = reading_note_len(rest) {
                rest = &rest[len..];
                continue;
            }
        }
        out.push(c);
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The byte length of the reading note `s` starts with (its brackets included), if it is one.
fn reading_note_len(s: &str) -> Option<usize> {
    let (mut letters, mut toned) = (0, false);
    for (i, c) in s.char_indices().skip(1) {
        match c {
            ')' | '）' => return (toned && letters > 0).then_some(i + c.len_utf8()),
            'a'..='z' | 'ü' => letters += 1,
            c if is_tone_vowel(c) => {
                letters += 1;
                toned = true;
            }
            _ => return None,
        }
        if letters > 6 {
            return None;
        }
    }
    None
}

/// The comparable form of `text` with boundaries: width folded, invisible characters dropped,
/// Traditional converted to Simplified, pinyin reading notes dropped, letters lower-cased; every
/// run of other characters becomes one space, or one `\n` where it ends a sentence. Only the
/// first [`MAX_QUERY_CHARS`] characters are read.
pub fn comparable(text: &str) -> String {
    let text = without_reading_notes(text);
    let text = text.as_ref();
    let mut out = String::with_capacity(text.len());
    let mut gap: Option<char> = None;
    // A run of letters and digits: the converter's keys never span anything else, so each run is
    // converted on its own, and only when it has a key (a Traditional line in a Simplified page
    // costs that line).
    let mut run = String::new();
    let flush = |run: &mut String, gap: &mut Option<char>, out: &mut String| {
        if run.is_empty() {
            return;
        }
        if let Some(g) = gap.take() {
            if !out.is_empty() {
                out.push(g);
            }
        }
        let converted = if may_convert(run) { Some(convert(run)) } else { None };
        for c in converted.as_deref().unwrap_or(run).chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if is_cjk_ideograph(c) {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
        }
        run.clear();
    };
    for c in text.chars().filter(|c| !is_invisible(*c)).take(MAX_QUERY_CHARS).map(fold_width).map(fold_variant) {
        if is_cjk_ideograph(c) || c.is_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut gap, &mut out);
            let boundary = if ends_sentence(c) { '\n' } else { ' ' };
            gap = Some(if gap == Some('\n') { '\n' } else { boundary });
        }
    }
    flush(&mut run, &mut gap, &mut out);
    out
}

/// The comparable form of `text` as characters, with no boundaries at all: what the exact,
/// fragment and near-miss comparisons with the portals' messages use.
pub fn normalize(text: &str) -> Vec<char> {
    squeeze(&comparable(text))
}

/// A boundary of `comparable` text: the only whitespace it has (every other character is a letter
/// or digit). Cheaper than `char::is_whitespace`, whose Unicode lookup every CJK character paid
/// in the search's loops over the text.
pub(super) fn is_boundary(c: char) -> bool {
    c == ' ' || c == '\n'
}

/// `comparable` text without its boundaries.
pub(super) fn squeeze(comparable: &str) -> Vec<char> {
    without_spaces(comparable).collect()
}

/// The characters [`squeeze`] keeps, for a caller that fills a buffer it reuses.
pub(super) fn without_spaces(comparable: &str) -> impl Iterator<Item = char> + '_ {
    comparable.chars().filter(|c| !is_boundary(*c))
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
    fn pinyin_reading_notes_are_dropped_and_nothing_else() {
        // As a site that prints Traditional text with readings shows it (and applicants copy it).
        assert_eq!(comparable("登錄時系統(tǒng)提示身份證號(hào)不對(duì)"), "登录时系统提示身份证号不对");
        assert_eq!(comparable("執(zhí)業(yè)藥師註冊（cè）"), "执业药师注册");
        // Brackets that are no reading: no tone mark, not after an ideograph, more than a syllable,
        // or not closed.
        assert_eq!(comparable("手机(sjh)"), "手机 sjh");
        assert_eq!(comparable("a(tǒng)b"), "a tǒng b");
        assert_eq!(comparable("网址(jszgwǎng)"), "网址 jszgwǎng");
        assert_eq!(comparable("注册(cè"), "注册 cè");
        assert_eq!(comparable("注册（备注）"), "注册 备注");
    }

    #[test]
    fn simplified_text_keeps_its_characters() {
        assert_eq!(comparable("怎么办？什么情况"), "怎么办\n什么情况");
        assert_eq!(comparable("怎麼辦"), "怎么办");
        // Print variants a forum copy may carry.
        assert_eq!(comparable("申請人閲讀協議，説明"), "申请人阅读协议 说明");
    }

    /// `comparable` as it was before the precheck: the whole text through the converter.
    fn comparable_converting_everything(text: &str) -> String {
        let folded: String = without_reading_notes(text)
            .chars()
            .filter(|c| !is_invisible(*c))
            .take(MAX_QUERY_CHARS)
            .map(fold_width)
            .map(fold_variant)
            .collect();
        let mut out = String::new();
        let mut gap: Option<char> = None;
        for c in convert(&folded).chars() {
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

    #[test]
    fn the_precheck_knows_every_character_the_converter_changes() {
        // Every CJK character (unified, extensions, compatibility) that the converter changes
        // on its own is a key in `opencc_keys.txt`: a newer ferrous-opencc with more entries
        // fails here until `scripts/opencc-keys.py` is run again.
        let ranges = [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF, 0x2_0000..=0x3_134F];
        let mut missing = String::new();
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let s = c.to_string();
            if !may_convert(&s) && convert(&s) != s {
                missing.push(c);
            }
        }
        assert!(missing.is_empty(), "changed by the converter, unknown to the precheck: {missing}");
        // Words of characters both scripts share are keys too (Taiwan vocabulary).
        assert!(may_convert("请先登入") && !may_convert("请先登录"));
        assert_eq!(comparable("请先登入"), "请先登录");
        assert!(!may_convert("该用户已注册，请直接登录") && may_convert("該用戶"));
    }

    #[test]
    fn converting_only_what_may_change_gives_what_converting_everything_gives() {
        // Real pastes (the development set, Traditional and mixed pages among them) and every
        // text of the guides, in all three languages.
        let set: toml::Value =
            toml::from_str(include_str!("../../tests/data/message_devset.toml")).expect("the development set parses");
        let mut texts: Vec<String> = set
            .get("case")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| c.get("text").and_then(toml::Value::as_str).map(str::to_owned))
            .collect();
        for f in crate::guide::searchable_flows() {
            for t in std::iter::once(&f.title).chain(f.nodes.iter().flat_map(|n| n.texts.iter())) {
                texts.extend(crate::lang::Lang::ALL.iter().map(|l| t.get(*l).to_owned()));
            }
        }
        texts.push("怎么办？什么情况。怎麼辦，乾隆皇帝，乾燥，SQL隱碼攻擊，PN接面，著作權".into());
        assert!(texts.len() > 500);
        for t in &texts {
            assert_eq!(comparable(t), comparable_converting_everything(t), "{t}");
        }
        assert_eq!(comparable(&texts.join("\n")), comparable_converting_everything(&texts.join("\n")));
    }

    #[test]
    fn the_ideograph_shortcut_says_what_unicode_says() {
        for c in ('\u{4E00}'..='\u{9FFF}').filter(|c| is_cjk_ideograph(*c)) {
            assert!(c.is_alphanumeric(), "{c}");
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c}");
        }
        assert!(!is_cjk_ideograph('\u{4DFF}') && !is_cjk_ideograph('\u{A000}'));
        // No variant is below the quick test's bound.
        assert!(VARIANTS.iter().all(|(v, _)| *v >= '\u{5000}'));
    }

    #[test]
    fn boundaries_are_the_only_whitespace_left() {
        // Every Unicode scalar value, between letters and alone: what `is_boundary` says of the
        // comparable form is what `char::is_whitespace` says.
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            for text in [format!("字{c}字"), c.to_string()] {
                for k in comparable(&text).chars() {
                    assert_eq!(is_boundary(k), k.is_whitespace(), "U+{:04X} in {text:?}", c as u32);
                }
            }
        }
    }

    #[test]
    fn the_cap_is_respected() {
        let long = "字".repeat(MAX_QUERY_CHARS + 100);
        assert_eq!(comparable(&long).chars().count(), MAX_QUERY_CHARS);
    }
}
