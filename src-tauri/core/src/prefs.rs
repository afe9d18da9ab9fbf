//! The applicant's display preferences: language, text size and 关怀 mode.
//!
//! Stored as a small JSON file by the shell (never in kiosk mode). A file that is missing,
//! corrupt or from a newer version falls back to the defaults rather than failing start-up.
//! Until the applicant picks a language, the OS locale decides it at each start.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// Text size steps. `Large` meets the 2021 适老化 rule of body text ≥ 18 px and 60 px touch targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TextSize {
    #[default]
    Standard,
    Large,
    Largest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct Prefs {
    pub lang: Lang,
    pub text_size: TextSize,
    /// 关怀 mode (China's 2021 适老化 elder mode): high contrast, the largest text, wider targets,
    /// no motion, plainer words, and read-aloud at hand.
    pub care: bool,
    /// The applicant chose `lang` (rather than the OS locale). Files written before this field
    /// existed held a language the applicant had kept, so a missing field counts as chosen.
    #[serde(default = "chosen_when_missing")]
    pub lang_chosen: bool,
}

fn chosen_when_missing() -> bool {
    true
}

impl Prefs {
    /// Reads saved preferences; anything unreadable yields the defaults.
    pub fn from_json(bytes: &[u8]) -> Prefs {
        serde_json::from_slice(bytes).unwrap_or_default()
    }

    /// What the app starts with: the saved file if any (`None` on first start), and the OS
    /// language for as long as the applicant has not chosen one.
    pub fn at_start(saved: Option<&[u8]>, os_lang: Lang) -> Prefs {
        let mut prefs = saved.map(Prefs::from_json).unwrap_or_default();
        if !prefs.lang_chosen {
            prefs.lang = os_lang;
        }
        prefs
    }

    pub fn to_json(&self) -> Vec<u8> {
        // Serialising two enums cannot fail; an empty file would still read back as defaults.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let p = Prefs { lang: Lang::ZhTw, text_size: TextSize::Large, care: true, lang_chosen: false };
        assert_eq!(Prefs::from_json(&p.to_json()), p);
    }

    #[test]
    fn corrupt_or_partial_files_fall_back_per_field() {
        assert_eq!(Prefs::from_json(b"\x00garbage"), Prefs::default());
        let partial = Prefs::from_json(br#"{"lang":"en"}"#);
        assert_eq!(partial, Prefs { lang: Lang::En, text_size: TextSize::Standard, care: false, lang_chosen: true });
        assert_eq!(Prefs::from_json(br#"{"lang":"fr"}"#), Prefs::default());
    }

    #[test]
    fn the_os_language_applies_until_the_applicant_chooses() {
        // First start: no file.
        assert_eq!(Prefs::at_start(None, Lang::ZhTw).lang, Lang::ZhTw);
        // Text size changed, language never chosen: the OS still decides.
        let unchosen = Prefs { text_size: TextSize::Largest, ..Prefs::default() }.to_json();
        let p = Prefs::at_start(Some(&unchosen), Lang::En);
        assert_eq!((p.lang, p.text_size), (Lang::En, TextSize::Largest));
        // Chosen: kept whatever the OS says.
        let chosen = Prefs { lang: Lang::ZhCn, lang_chosen: true, ..Prefs::default() }.to_json();
        assert_eq!(Prefs::at_start(Some(&chosen), Lang::En).lang, Lang::ZhCn);
        // A file from before the field existed held a language the applicant kept.
        assert_eq!(Prefs::at_start(Some(br#"{"lang":"zh-CN","text_size":"large"}"#), Lang::En).lang, Lang::ZhCn);
        // A corrupt file is a first start.
        assert_eq!(Prefs::at_start(Some(b"\x00"), Lang::ZhTw).lang, Lang::ZhTw);
    }
}
