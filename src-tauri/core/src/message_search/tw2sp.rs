//! Traditional (Taiwan, with Taiwan vocabulary such as 登入 for 登录) → Simplified: OpenCC's
//! `tw2sp` conversion, over OpenCC's own tables (`tw2sp.txt`, OpenCC data, Apache-2.0, written
//! from the tables the `ferrous-opencc` crate ships by `scripts/opencc-keys.py`).
//!
//! The conversion is the one `ferrous-opencc` does, and the tests compare the two on every
//! character, every key and random mixes of keys. It is done here because the crate walks five
//! byte-level automata and builds a vector of strings for every character: a fifth of a 10 KB
//! search that quotes a Traditional page. Its tables hold 5,000 entries; two hash lookups per
//! character and pass do the same.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// One pass of the chain: an OpenCC dictionary group read as one table. At each position the
/// longest key that starts there is replaced by its value; where two dictionaries of the group
/// have the same key, the first one's value counts (the table holds only that one).
#[derive(Default)]
struct Pass {
    /// One-character keys.
    single: FxHashMap<char, &'static str>,
    /// Longer keys and their values by first character, longest first.
    phrases: FxHashMap<char, Vec<(&'static str, &'static str)>>,
}

impl Pass {
    fn apply(&self, text: &str, out: &mut String) {
        out.clear();
        out.reserve(text.len());
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let phrase = self.phrases.get(&c).and_then(|ps| ps.iter().find(|(k, _)| rest.starts_with(k)));
            let (taken, value) = match phrase {
                Some((k, v)) => (k.len(), *v),
                None => (c.len_utf8(), self.single.get(&c).copied().unwrap_or(&rest[..c.len_utf8()])),
            };
            out.push_str(value);
            rest = &rest[taken..];
        }
    }
}

/// The passes of `tw2sp`, in order: Taiwan phrases and variants to standard Traditional, then
/// Traditional to Simplified.
pub(super) struct Converter {
    passes: Vec<Pass>,
}

impl Converter {
    fn parse(table: &'static str) -> Converter {
        let mut passes = vec![Pass::default()];
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let Some((key, value)) = line.split_once('\t') else {
                // A blank line ends a pass.
                if passes.last().is_some_and(|p| !p.single.is_empty() || !p.phrases.is_empty()) {
                    passes.push(Pass::default());
                }
                continue;
            };
            let Some(pass) = passes.last_mut() else { continue };
            let mut chars = key.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => {
                    pass.single.entry(c).or_insert(value);
                }
                (Some(c), Some(_)) => pass.phrases.entry(c).or_default().push((key, value)),
                (None, _) => {}
            }
        }
        for pass in &mut passes {
            for ps in pass.phrases.values_mut() {
                // Longest first; the sort is stable, so of two equal keys the first stays first.
                ps.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
            }
        }
        passes.retain(|p| !p.single.is_empty() || !p.phrases.is_empty());
        Converter { passes }
    }

    /// `text` through every pass.
    pub(super) fn convert(&self, text: &str) -> String {
        let mut current = text.to_owned();
        let mut next = String::new();
        for pass in &self.passes {
            pass.apply(&current, &mut next);
            std::mem::swap(&mut current, &mut next);
        }
        current
    }
}

/// The converter, its tables read on first use (a Simplified paste never needs them).
pub(super) fn converter() -> &'static Converter {
    static CELL: OnceLock<Converter> = OnceLock::new();
    CELL.get_or_init(|| Converter::parse(include_str!("tw2sp.txt")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrous_opencc::{config::BuiltinConfig, OpenCC};
    use proptest::prelude::*;

    /// The crate this conversion must equal.
    fn reference() -> &'static OpenCC {
        static CELL: OnceLock<OpenCC> = OnceLock::new();
        CELL.get_or_init(|| OpenCC::from_config(BuiltinConfig::Tw2sp).expect("ferrous-opencc's tw2sp loads"))
    }

    fn keys() -> Vec<&'static str> {
        include_str!("tw2sp.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t').map(|(k, _)| k))
            .collect()
    }

    #[test]
    fn the_table_has_both_passes() {
        let c = converter();
        assert_eq!(c.passes.len(), 2);
        assert_eq!(c.convert("請先登入，資訊軟體"), "请先登录，信息软件");
        assert_eq!(c.convert(""), "");
        assert_eq!(c.convert("abc 123"), "abc 123");
    }

    #[test]
    fn every_character_converts_as_the_crate_does() {
        // CJK (unified, extensions, compatibility), and what else a paste has.
        let ranges =
            [0x20..=0x2FF, 0x3000..=0x30FF, 0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF, 0xFF00..=0xFFEF];
        let astral = (0x2_0000..=0x3_134F).step_by(7);
        let mut wrong = Vec::new();
        for c in ranges.into_iter().flatten().chain(astral).filter_map(char::from_u32) {
            let s = c.to_string();
            let (ours, theirs) = (converter().convert(&s), reference().convert(&s));
            if ours != theirs {
                wrong.push(format!("{s}: {ours} ≠ {theirs}"));
            }
        }
        assert!(wrong.is_empty(), "{} characters differ: {:?}", wrong.len(), &wrong[..wrong.len().min(20)]);
    }

    #[test]
    fn every_key_converts_as_the_crate_does_alone_and_between_others() {
        let keys = keys();
        assert!(keys.len() > 5_000);
        let mut wrong = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            // Alone, twice, and overlapping the next key and the one before.
            let next = keys[(i + 1) % keys.len()];
            let before = keys[(i + keys.len() - 1) % keys.len()];
            for s in [k.to_string(), format!("{k}{k}"), format!("{before}{k}{next}"), format!("的{k}了")] {
                if converter().convert(&s) != reference().convert(&s) {
                    wrong.push(s);
                }
            }
        }
        assert!(wrong.is_empty(), "{} texts differ: {:?}", wrong.len(), &wrong[..wrong.len().min(20)]);
    }

    #[test]
    fn real_pastes_convert_as_the_crate_does() {
        let set: toml::Value =
            toml::from_str(include_str!("../../tests/data/message_devset.toml")).expect("the development set parses");
        let texts: Vec<&str> = set
            .get("case")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| c.get("text").and_then(toml::Value::as_str))
            .collect();
        assert!(texts.len() > 80);
        for t in &texts {
            assert_eq!(converter().convert(t), reference().convert(t), "{t}");
        }
        let all = texts.join("\n");
        assert_eq!(converter().convert(&all), reference().convert(&all));
    }

    /// Pieces of keys (whole, cut, run together) and other characters: where the longest match
    /// and the order of the passes decide.
    fn mixes() -> impl Strategy<Value = String> {
        let keys = keys();
        let n = keys.len();
        let piece = (0..n, 0usize..4, 0usize..3).prop_map(move |(i, cut, other)| {
            let k = keys[i];
            let chars: Vec<char> = k.chars().collect();
            let mut s: String = match cut {
                // A key cut short or from its second character on.
                1 if chars.len() > 1 => chars[..chars.len() - 1].iter().collect(),
                2 if chars.len() > 1 => chars[1..].iter().collect(),
                _ => k.to_owned(),
            };
            s.push_str(["", "的", "，"][other]);
            s
        });
        prop::collection::vec(piece, 1..8).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]
        #[test]
        fn mixes_of_keys_convert_as_the_crate_does(text in mixes()) {
            prop_assert_eq!(converter().convert(&text), reference().convert(&text));
        }
    }
}
