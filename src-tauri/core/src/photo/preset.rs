//! Upload presets (issue 22): the 认定 photo and the document scans, as dated data.
//!
//! The numbers live in `data/photo/presets.toml`, each preset with its sources and the day they were
//! checked, and are read here and nowhere else: [`presets`] for the content in use (bundled, or a
//! newer content pack, issue 20); a pack's file gets the same checks first ([`check`]).

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::content::{Cached, ContentSet};
use crate::lang::Text;

/// Where the presets live in the content pack.
const PATH: &str = "data/photo/presets.toml";

/// A portrait with a face, or a flat document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PresetKind {
    Photo,
    Scan,
}

/// What the background must be; `White` turns on the border check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Background {
    White,
    Any,
}

/// Where a preset's numbers come from, and the day that page was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct PresetSource {
    pub title: String,
    pub publisher: String,
    #[serde(default)]
    pub url: Option<String>,
    pub checked: NaiveDate,
}

/// The size the output must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PresetSize {
    /// Exactly `width` × `height`; the portal accepts the ranges (shown to the applicant).
    Exact { width: u32, height: u32, width_range: (u32, u32), height_range: (u32, u32) },
    /// The long side between the two bounds; the short side follows the crop frame's aspect.
    LongSide { min: u32, max: u32 },
}

/// One upload's requirements.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Preset {
    pub id: String,
    pub kind: PresetKind,
    pub name: Text,
    /// The requirements in plain words, shown above the crop frame.
    pub summary: Text,
    pub size: PresetSize,
    /// Crop frame width : height.
    pub aspect: (u32, u32),
    pub min_bytes: Option<u32>,
    pub max_bytes: u32,
    pub background: Background,
    /// How far a too-small crop may be enlarged; beyond it the crop is refused.
    pub max_upscale: f64,
    /// Draw the head-and-chin guide in the frame (portraits).
    pub head_guide: bool,
    pub sources: Vec<PresetSource>,
}

impl Preset {
    /// The aspect as a number (width / height).
    pub fn aspect_ratio(&self) -> f64 {
        f64::from(self.aspect.0) / f64::from(self.aspect.1.max(1))
    }
}

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: u32,
    preset: Vec<RawPreset>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPreset {
    id: String,
    kind: PresetKind,
    name: Text,
    summary: Text,
    width: Option<u32>,
    height: Option<u32>,
    width_range: Option<(u32, u32)>,
    height_range: Option<(u32, u32)>,
    long_side_min: Option<u32>,
    long_side_max: Option<u32>,
    aspect: (u32, u32),
    min_bytes: Option<u32>,
    max_bytes: u32,
    background: Background,
    max_upscale: f64,
    head_guide: bool,
    sources: Vec<PresetSource>,
}

/// A parsed presets file.
#[derive(Debug, Clone, PartialEq)]
pub struct PresetFile {
    pub presets: Vec<Preset>,
}

/// The presets file version this app reads.
pub const PRESETS_VERSION: u32 = 1;

impl PresetFile {
    /// Parses a presets file; a missing size or an unknown field is an error naming the preset.
    pub fn parse(text: &str) -> Result<PresetFile, String> {
        let raw: RawFile = toml::from_str(text).map_err(|e| format!("presets.toml: {e}"))?;
        if raw.version != PRESETS_VERSION {
            return Err(format!("presets.toml: version {} (this app reads {PRESETS_VERSION})", raw.version));
        }
        let mut presets = Vec::new();
        for p in raw.preset {
            let size = match (p.width, p.height, p.long_side_min, p.long_side_max) {
                (Some(width), Some(height), None, None) => PresetSize::Exact {
                    width,
                    height,
                    width_range: p.width_range.unwrap_or((width, width)),
                    height_range: p.height_range.unwrap_or((height, height)),
                },
                (None, None, Some(min), Some(max)) => PresetSize::LongSide { min, max },
                _ => return Err(format!("preset `{}`: give width and height, or long_side_min and _max", p.id)),
            };
            presets.push(Preset {
                id: p.id,
                kind: p.kind,
                name: p.name,
                summary: p.summary,
                size,
                aspect: p.aspect,
                min_bytes: p.min_bytes,
                max_bytes: p.max_bytes,
                background: p.background,
                max_upscale: p.max_upscale,
                head_guide: p.head_guide,
                sources: p.sources,
            });
        }
        Ok(PresetFile { presets })
    }

    /// Everything wrong with the data, for the data test and for a content pack's check.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut ids = std::collections::HashSet::new();
        for p in &self.presets {
            let id = &p.id;
            if !ids.insert(id.as_str()) {
                out.push(format!("preset `{id}` is declared twice"));
            }
            if p.name.has_blank() || p.summary.has_blank() {
                out.push(format!("preset `{id}`: blank name or summary"));
            }
            if p.sources.is_empty() || p.sources.iter().any(|s| s.title.trim().is_empty()) {
                out.push(format!("preset `{id}`: every preset names its sources"));
            }
            if p.aspect.0 == 0 || p.aspect.1 == 0 {
                out.push(format!("preset `{id}`: aspect has a zero side"));
            }
            if !(1.0..=4.0).contains(&p.max_upscale) {
                out.push(format!("preset `{id}`: max_upscale outside 1.0..=4.0"));
            }
            if p.max_bytes < super::MIN_MAX_BYTES || p.min_bytes.is_some_and(|m| m >= p.max_bytes) {
                out.push(format!("preset `{id}`: byte limits out of order or too small"));
            }
            match p.size {
                PresetSize::Exact { width, height, width_range, height_range } => {
                    let inside = |v: u32, (lo, hi): (u32, u32)| lo <= v && v <= hi;
                    if !inside(width, width_range) || !inside(height, height_range) {
                        out.push(format!("preset `{id}`: the size lies outside its accepted range"));
                    }
                    // The frame must have the output's shape, or the output would be stretched.
                    if u64::from(width) * u64::from(p.aspect.1) != u64::from(height) * u64::from(p.aspect.0) {
                        out.push(format!("preset `{id}`: aspect differs from width:height"));
                    }
                    if !(16..=super::MAX_LONG_SIDE).contains(&width.max(height)) || width.min(height) < 16 {
                        out.push(format!("preset `{id}`: size out of bounds"));
                    }
                }
                PresetSize::LongSide { min, max } => {
                    if min > max || min < super::MIN_LONG_SIDE || max > super::MAX_LONG_SIDE {
                        out.push(format!("preset `{id}`: long side range out of order or bounds"));
                    }
                }
            }
        }
        out
    }
}

/// The presets of the content in use. An unreadable file yields none (the data test and the
/// pack checks refuse one first).
pub fn presets() -> Arc<Vec<Preset>> {
    static CELL: Cached<Vec<Preset>> = Cached::new();
    CELL.get(|set| PresetFile::parse(set.text(PATH).unwrap_or_default()).map(|f| f.presets).unwrap_or_default())
}

/// One preset by id.
pub fn preset(id: &str) -> Option<Preset> {
    presets().iter().find(|p| p.id == id).cloned()
}

/// The content check for packs: the file parses and has no problems.
pub(crate) fn check(set: &ContentSet) -> Result<(), String> {
    let problems = PresetFile::parse(set.text(PATH).unwrap_or_default())?.problems();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = include_str!("../../data/photo/presets.toml");

    #[test]
    fn bundled_presets_parse_and_are_sound() {
        let file = PresetFile::parse(DATA).expect("presets.toml parses");
        assert_eq!(file.problems(), Vec::<String>::new());
        let ids: Vec<&str> = file.presets.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["jszg_photo", "putonghua_scan", "degree_scan"]);
        let photo = preset("jszg_photo").expect("photo preset");
        assert_eq!(
            photo.size,
            PresetSize::Exact { width: 295, height: 413, width_range: (290, 300), height_range: (408, 418) }
        );
        assert_eq!((photo.min_bytes, photo.max_bytes), (Some(20 * 1024), 190 * 1024));
        assert!(photo.sources.iter().all(|s| s.checked.to_string() == "2026-11-30"));
    }

    #[test]
    fn broken_files_are_refused_with_the_reason() {
        let e = PresetFile::parse("version = 2\npreset = []").expect_err("version");
        assert!(e.contains("version 2"), "{e}");
        let no_size = DATA.replacen("width = 295\n", "", 1);
        assert!(PresetFile::parse(&no_size).expect_err("size").contains("jszg_photo"));
        let stretched = DATA.replacen("aspect = [295, 413]", "aspect = [3, 4]", 1);
        let problems = PresetFile::parse(&stretched).expect("parses").problems();
        assert!(problems.iter().any(|p| p.contains("aspect differs")), "{problems:?}");
    }
}
