//! The desk's strings (`i18n.toml`), each in the three languages of the app (assistant-core's
//! `Text`), and which language a staff member sees.

use std::collections::HashMap;
use std::sync::LazyLock;

use assistant_core::lang::{Lang, Text};

static STRINGS: LazyLock<HashMap<String, Text>> = LazyLock::new(|| {
    let table: HashMap<String, HashMap<String, Text>> =
        toml::from_str(include_str!("../i18n.toml")).unwrap_or_default();
    table
        .into_iter()
        .flat_map(|(group, keys)| keys.into_iter().map(move |(k, v)| (format!("{group}.{k}"), v)))
        .collect()
});

/// The string in every language (for JSON answers). A missing key gives the key itself, which
/// the tests catch.
pub fn text(key: &str) -> Text {
    STRINGS.get(key).cloned().unwrap_or_else(|| Text { zh_cn: key.into(), zh_tw: key.into(), en: key.into() })
}

/// The string in `lang`.
pub fn get(lang: Lang, key: &str) -> &'static str {
    match STRINGS.get(key) {
        Some(t) => t.get(lang),
        None => {
            eprintln!("hall-desk: missing string {key}");
            "?"
        }
    }
}

/// The language from `?lang=`, the `desk_lang` cookie, then `Accept-Language`; Simplified
/// Chinese when nothing says otherwise.
pub fn pick(query: Option<&str>, cookie: Option<&str>, accept: Option<&str>) -> Lang {
    let parse = |tag: &str| -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t == "zh-tw" || t == "zh-hk" || t == "zh-mo" || t.starts_with("zh-hant") {
            Some(Lang::ZhTw)
        } else if t.starts_with("zh") {
            Some(Lang::ZhCn)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    };
    query
        .and_then(parse)
        .or_else(|| cookie.and_then(parse))
        .or_else(|| accept.and_then(|a| a.split(',').filter_map(|part| parse(part.split(';').next()?)).next()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_loads_in_every_language() {
        let table: Result<HashMap<String, HashMap<String, Text>>, _> = toml::from_str(include_str!("../i18n.toml"));
        let table = table.expect("i18n.toml: every key in zh-CN, zh-TW and en");
        assert!(table.values().map(HashMap::len).sum::<usize>() > 50);
        for t in STRINGS.values() {
            assert!(!t.has_blank());
        }
    }

    #[test]
    fn every_key_used_exists() {
        let sources = [
            include_str!("staff.rs"),
            include_str!("api.rs"),
            include_str!("../templates/base.html"),
            include_str!("../templates/login.html"),
            include_str!("../templates/queue.html"),
            include_str!("../templates/draft.html"),
            include_str!("../templates/print.html"),
            include_str!("../templates/kiosks.html"),
        ];
        let mut used = 0;
        for src in sources {
            for quote in ['"', '\''] {
                for piece in src.split(quote) {
                    let is_key = ["api.", "page.", "login.", "queue.", "state.", "draft.", "event.", "kiosks."]
                        .iter()
                        .any(|g| piece.starts_with(g))
                        && piece.len() < 40
                        && piece.bytes().all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_');
                    if is_key && !piece.ends_with('.') && !piece.ends_with(".html") {
                        used += 1;
                        assert!(STRINGS.contains_key(piece), "missing string {piece}");
                    }
                }
            }
        }
        assert!(used > 40, "the scan found only {used} keys: it is not looking at the right text");
    }

    #[test]
    fn language_choice() {
        assert_eq!(pick(None, None, None), Lang::ZhCn);
        assert_eq!(pick(Some("en"), Some("zh-TW"), None), Lang::En);
        assert_eq!(pick(None, Some("zh-TW"), Some("en")), Lang::ZhTw);
        assert_eq!(pick(None, None, Some("fr-FR,zh-Hant;q=0.8,en;q=0.5")), Lang::ZhTw);
        assert_eq!(pick(Some("xx"), None, Some("en-GB")), Lang::En);
    }
}
