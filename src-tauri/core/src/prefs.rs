//! The applicant's display preferences: language and text size.
//!
//! Stored as a small JSON file by the shell (never in kiosk mode). A file that is missing,
//! corrupt or from a newer version falls back to the defaults rather than failing start-up.

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
}

impl Prefs {
    /// Reads saved preferences; anything unreadable yields the defaults.
    pub fn from_json(bytes: &[u8]) -> Prefs {
        serde_json::from_slice(bytes).unwrap_or_default()
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
        let p = Prefs { lang: Lang::ZhTw, text_size: TextSize::Large };
        assert_eq!(Prefs::from_json(&p.to_json()), p);
    }

    #[test]
    fn corrupt_or_partial_files_fall_back_per_field() {
        assert_eq!(Prefs::from_json(b"\x00garbage"), Prefs::default());
        let partial = Prefs::from_json(br#"{"lang":"en"}"#);
        assert_eq!(partial, Prefs { lang: Lang::En, text_size: TextSize::Standard });
        assert_eq!(Prefs::from_json(br#"{"lang":"fr"}"#), Prefs::default());
    }
}
