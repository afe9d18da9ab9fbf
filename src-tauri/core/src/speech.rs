//! Read-aloud (语音阅读): which of the OS's voices fits the page's language, and how much text
//! one press may send. The shell talks to the engine; the choice is made here.

use crate::lang::Lang;

/// At most this many characters go to the engine per press (a page's heading, question and
/// steps are far shorter); longer text is cut at a character boundary.
pub const MAX_CHARS: usize = 2_000;

/// How well a voice's language tag (`zh-CN`, `cmn`, `zh_TW`, `en-US`…) fits `lang`: higher is
/// better, `None` when it cannot read that language. Traditional Chinese is read in Mandarin
/// when no Taiwan, Hong Kong or Traditional-script voice exists (the characters are the same
/// words); Cantonese (`yue`) is a last resort for it, and never for Simplified Chinese.
pub fn voice_fit(lang: Lang, voice_tag: &str) -> Option<u8> {
    let tag = voice_tag.replace('_', "-").to_ascii_lowercase();
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let traditional = rest.iter().any(|p| matches!(*p, "tw" | "hk" | "mo" | "hant"));
    // espeak-ng's romanised Mandarin would read pinyin, not characters.
    if rest.iter().any(|p| matches!(*p, "latn" | "pinyin")) {
        return None;
    }
    match (lang, primary) {
        (Lang::En, "en") => Some(if rest.is_empty() { 2 } else { 1 }),
        (Lang::ZhCn, "zh" | "cmn") => Some(if traditional { 1 } else { 3 }),
        (Lang::ZhTw, "zh" | "cmn") => Some(if traditional { 3 } else { 2 }),
        (Lang::ZhTw, "yue") => Some(1),
        _ => None,
    }
}

/// The index of the best voice for `lang` among `voice_tags`, the first of equals.
pub fn pick_voice<'a>(lang: Lang, voice_tags: impl IntoIterator<Item = &'a str>) -> Option<usize> {
    let mut best: Option<(usize, u8)> = None;
    for (i, tag) in voice_tags.into_iter().enumerate() {
        if let Some(fit) = voice_fit(lang, tag) {
            if best.is_none_or(|(_, b)| fit > b) {
                best = Some((i, fit));
            }
        }
    }
    best.map(|(i, _)| i)
}

/// The text one press sends: white space folded, at most [`MAX_CHARS`] characters.
pub fn prepare(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => folded[..cut].to_owned(),
        None => folded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mandarin_voices_read_chinese_and_english_voices_read_english() {
        // speech-dispatcher + espeak-ng list Mandarin as `cmn` (or `zh`), SAPI as `zh-CN`.
        for tag in ["cmn", "zh", "zh-CN", "zh_CN", "ZH-cn"] {
            assert!(voice_fit(Lang::ZhCn, tag).is_some(), "{tag}");
            assert!(voice_fit(Lang::ZhTw, tag).is_some(), "{tag}");
            assert_eq!(voice_fit(Lang::En, tag), None, "{tag}");
        }
        for tag in ["en", "en-US", "en-gb"] {
            assert!(voice_fit(Lang::En, tag).is_some(), "{tag}");
            assert_eq!(voice_fit(Lang::ZhCn, tag), None, "{tag}");
        }
        assert_eq!(voice_fit(Lang::ZhCn, "yue"), None, "Cantonese does not read Simplified pages");
        assert_eq!(voice_fit(Lang::ZhCn, "cmn-latn-pinyin"), None);
        assert_eq!(voice_fit(Lang::ZhCn, "ja"), None);
        assert_eq!(voice_fit(Lang::En, "eng"), None);
    }

    #[test]
    fn the_closest_voice_wins() {
        let voices = ["en-US", "yue", "cmn", "zh-TW", "zh-CN"];
        assert_eq!(pick_voice(Lang::ZhCn, voices), Some(2), "first of the equal Mandarin voices");
        assert_eq!(pick_voice(Lang::ZhTw, voices), Some(3));
        assert_eq!(pick_voice(Lang::En, voices), Some(0));
        assert_eq!(pick_voice(Lang::ZhTw, ["yue", "fr"]), Some(0));
        assert_eq!(pick_voice(Lang::ZhCn, ["en-US", "de"]), None, "no Chinese voice: the button says so");
        assert_eq!(pick_voice(Lang::En, std::iter::empty()), None);
    }

    #[test]
    fn text_is_folded_and_bounded() {
        assert_eq!(prepare("  你是哪类\n\n申请人？\t 执业药师 "), "你是哪类 申请人？ 执业药师");
        let long = "药".repeat(MAX_CHARS + 50);
        let cut = prepare(&long);
        assert_eq!(cut.chars().count(), MAX_CHARS);
        assert!(long.starts_with(&cut));
        assert_eq!(prepare(""), "");
    }
}
