//! The three languages the app ships, and text that carries all three.

use serde::{Deserialize, Serialize};

/// A user-interface language. Simplified Chinese comes first: it is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, specta::Type)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "zh-TW")]
    ZhTw,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::ZhCn, Lang::ZhTw, Lang::En];

    /// The BCP 47 tag used in catalogs and in the `lang` attribute of the page.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::ZhTw => "zh-TW",
            Lang::En => "en",
        }
    }

    /// The language for a first start, from the OS's preferred locales in order (`zh_HK.UTF-8`,
    /// `zh-Hant-TW`, `en-GB`…): the first that names Chinese or English decides; Hong Kong,
    /// Macau, Taiwan and Traditional script get 繁體中文. Anything else is 简体中文.
    pub fn from_locales<'a>(locales: impl IntoIterator<Item = &'a str>) -> Lang {
        locales.into_iter().find_map(Lang::from_locale).unwrap_or_default()
    }

    /// One locale as the OS spells it (POSIX `zh_TW.UTF-8@euro` or BCP 47 `zh-Hant`); `None`
    /// when it is neither Chinese nor English.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let tag = locale.split(['.', '@']).next().unwrap_or_default().replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        match parts.next()? {
            "en" => Some(Lang::En),
            primary @ ("zh" | "cmn" | "yue") => {
                // An explicit script wins over the region (zh-Hans-HK is Simplified).
                let subtags: Vec<&str> = parts.collect();
                let traditional = if subtags.contains(&"hans") {
                    false
                } else {
                    primary == "yue" || subtags.iter().any(|p| matches!(*p, "hant" | "hk" | "mo" | "tw"))
                };
                Some(if traditional { Lang::ZhTw } else { Lang::ZhCn })
            }
            _ => None,
        }
    }
}

/// One piece of user-facing text in every shipped language. Deserialising fails when a
/// language is missing, so incomplete data cannot be compiled into the app unnoticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    #[serde(rename = "zh-TW")]
    pub zh_tw: String,
    pub en: String,
}

impl Text {
    /// The same text in the three languages, in the order the app ships them.
    pub fn new(zh_cn: impl Into<String>, zh_tw: impl Into<String>, en: impl Into<String>) -> Text {
        Text { zh_cn: zh_cn.into(), zh_tw: zh_tw.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.zh_cn,
            Lang::ZhTw => &self.zh_tw,
            Lang::En => &self.en,
        }
    }

    /// True when some language holds only white space.
    pub fn has_blank(&self) -> bool {
        Lang::ALL.iter().any(|l| self.get(*l).trim().is_empty())
    }
}

/// A count with its English noun, singular for exactly one ("1 day", "0 days", "2 days").
/// Chinese has no plural forms, so only English texts need it.
pub fn en_count(n: impl Into<i64>, singular: &str, plural: &str) -> String {
    let n = n.into();
    if n.abs() == 1 {
        format!("{n} {singular}")
    } else {
        format!("{n} {plural}")
    }
}

#[cfg(test)]
mod count_tests {
    use super::en_count;

    #[test]
    fn one_is_singular_everything_else_plural() {
        assert_eq!(en_count(1, "day", "days"), "1 day");
        assert_eq!(en_count(0, "day", "days"), "0 days");
        assert_eq!(en_count(2u32, "day", "days"), "2 days");
        assert_eq!(en_count(-1, "day", "days"), "-1 day");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_tags_round_trip_through_serde() {
        for lang in Lang::ALL {
            let json = serde_json::to_string(&lang).expect("serialise");
            assert_eq!(json, format!("\"{}\"", lang.tag()));
            let back: Lang = serde_json::from_str(&json).expect("deserialise");
            assert_eq!(back, lang);
        }
    }

    #[test]
    fn first_start_language_follows_the_os_locale() {
        for (locale, lang) in [
            ("zh_HK.UTF-8", Lang::ZhTw),
            ("zh-MO", Lang::ZhTw),
            ("zh_TW", Lang::ZhTw),
            ("zh-Hant", Lang::ZhTw),
            ("zh-Hant-CN", Lang::ZhTw),
            ("yue-Hant-HK", Lang::ZhTw),
            ("zh_CN.UTF-8", Lang::ZhCn),
            ("zh-Hans-HK", Lang::ZhCn),
            ("zh-SG", Lang::ZhCn),
            ("zh", Lang::ZhCn),
            ("en_US.UTF-8", Lang::En),
            ("en-GB", Lang::En),
            ("EN", Lang::En),
        ] {
            assert_eq!(Lang::from_locale(locale), Some(lang), "{locale}");
        }
        for other in ["C", "POSIX", "C.UTF-8", "fr_FR.UTF-8", "", "ja-JP", "eng"] {
            assert_eq!(Lang::from_locale(other), None, "{other}");
            assert_eq!(Lang::from_locales([other]), Lang::ZhCn, "{other}");
        }
        // macOS and Windows give a preference list: the first language we ship wins.
        assert_eq!(Lang::from_locales(["fr-FR", "en-US", "zh-CN"]), Lang::En);
        assert_eq!(Lang::from_locales(["de-DE", "zh-Hant-TW"]), Lang::ZhTw);
        assert_eq!(Lang::from_locales([]), Lang::ZhCn);
    }

    #[test]
    fn text_missing_a_language_is_rejected() {
        let err = toml::from_str::<Text>("zh-CN = \"你好\"\nen = \"Hello\"");
        assert!(err.is_err(), "a text without zh-TW must not load");
    }

    #[test]
    fn blank_language_is_detected() {
        let t = Text { zh_cn: "好".into(), zh_tw: " ".into(), en: "ok".into() };
        assert!(t.has_blank());
    }
}
