//! A content pack's manifest (`data/content.toml`): which pack it is, which app can read it, and
//! what changed, in the three languages.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::PackError;
use crate::lang::{Lang, Text};

/// The layout of the data files this app reads. A pack made for another layout is refused: a
/// newer schema needs a newer app (which the app updater brings), an older one is not produced.
pub const SCHEMA_VERSION: u32 = 1;

/// Where the manifest lives inside every pack.
pub const MANIFEST_PATH: &str = "data/content.toml";

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Serial number, one higher for every published pack. Never goes down on a machine.
    pub version: u32,
    pub schema: u32,
    /// The oldest app version (semver) that can read this pack.
    pub min_app: String,
    pub released: NaiveDate,
    #[serde(default, rename = "change")]
    pub changes: Vec<Text>,
}

impl Manifest {
    pub fn parse(src: &str) -> Result<Manifest, PackError> {
        let m: Manifest = toml::from_str(src).map_err(|e| PackError::BadManifest(e.to_string()))?;
        semver::Version::parse(&m.min_app).map_err(|e| PackError::BadManifest(format!("min_app: {e}")))?;
        if m.changes.iter().any(Text::has_blank) {
            return Err(PackError::BadManifest("a change note is blank in some language".into()));
        }
        Ok(m)
    }

    /// Whether this app (its Cargo version) may use the pack: schema and minimum app version.
    pub fn readable_by(&self, app_version: &str) -> Result<(), PackError> {
        if self.schema != SCHEMA_VERSION {
            return Err(PackError::Schema { pack: self.schema, app: SCHEMA_VERSION });
        }
        let need = semver::Version::parse(&self.min_app).map_err(|e| PackError::BadManifest(e.to_string()))?;
        let have = semver::Version::parse(app_version).map_err(|e| PackError::BadManifest(e.to_string()))?;
        if have < need {
            return Err(PackError::AppTooOld { need: self.min_app.clone(), have: app_version.to_owned() });
        }
        Ok(())
    }

    /// The change notes in one language.
    pub fn changes_in(&self, lang: Lang) -> Vec<String> {
        self.changes.iter().map(|c| c.get(lang).to_owned()).collect()
    }
}
