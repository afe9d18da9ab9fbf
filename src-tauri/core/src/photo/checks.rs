//! What the app measures on a made file before the applicant uploads it (issue 22), each with a plain
//! message: a background that is not white enough (measured on the border, where the background
//! shows), a picture too dark, a scan lying sideways, a file below a province's minimum size.
//!
//! None of these stops the file: the applicant sees the picture and decides. (Enlarging too far is
//! different: it is refused before anything is made, see `crop`.)
//!
//! Whether the head takes two thirds of the height is not measured: no maintained face-detection
//! crate with a bundled model fit (see the README); the crop frame shows a head-and-chin guide and
//! says the check is by eye.

use serde::Serialize;

use super::preset::{Background, Preset, PresetKind};
use crate::lang::Text;

/// Border band measured for the background, as a share of the side.
const BAND: f64 = 0.05;
/// Only the upper part of the sides is background; shoulders fill the lower part.
const SIDE_SHARE: f64 = 0.6;
/// A border pixel counts as white when its darkest channel is at least this and its channels
/// differ by at most [`WHITE_MAX_CHROMA`] (pale blue or grey walls fail).
const WHITE_MIN: u8 = 200;
const WHITE_MAX_CHROMA: u8 = 30;
/// The border passes with at least this share of white pixels and this mean lightness.
const WHITE_SHARE_PERCENT: u32 = 85;
const WHITE_MEAN: u8 = 215;
/// Mean lightness below which the middle of a photo (the face) is too dark.
const DARK_PHOTO: u8 = 80;
/// Mean lightness below which a scan (mostly paper) is too dark.
const DARK_SCAN: u8 = 120;

/// Something to look at before uploading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PresetWarning {
    /// The border is not white enough: `white_percent` of its pixels are white, mean `lightness`.
    BackgroundNotWhite { white_percent: u32, lightness: u8 },
    /// The picture's middle (a photo) or the whole page (a scan) is dark: mean `lightness` of 255.
    TooDark { lightness: u8 },
    /// The lines of a scan run top to bottom: it lies on its side.
    NotUpright,
    /// Under the smallest file some provinces accept (a very plain picture).
    SmallFile { bytes: u32, min_bytes: u32 },
}

impl PresetWarning {
    /// What is wrong and what to do, in the three languages.
    pub fn message(&self) -> Text {
        match self {
            PresetWarning::BackgroundNotWhite { white_percent, lightness } => Text::new(
                format!(
                    "背景不够白：照片边缘只有 {white_percent}% 是白色（平均亮度 {lightness}/255）。认定照片要求白色背景。\
                     请在白墙前、光线均匀处重拍，或让照相馆换成白底。"
                ),
                format!(
                    "背景不夠白：照片邊緣只有 {white_percent}% 是白色（平均亮度 {lightness}/255）。認定照片要求白色背景。\
                     請在白牆前、光線均勻處重拍，或請照相館換成白底。"
                ),
                format!(
                    "The background is not white enough: only {white_percent}% of the photo's border is white (mean \
                     lightness {lightness}/255). The 认定 photo needs a white background: take it again in front of \
                     a white wall in even light, or ask a photo studio for a white background."
                ),
            ),
            PresetWarning::TooDark { lightness } => Text::new(
                format!("画面太暗（平均亮度 {lightness}/255），审核时可能看不清。请在光线充足处重新拍摄或扫描。"),
                format!("畫面太暗（平均亮度 {lightness}/255），審核時可能看不清。請在光線充足處重新拍攝或掃描。"),
                format!(
                    "The picture is too dark (mean lightness {lightness}/255) and may not be readable for the \
                     reviewers. Take or scan it again in good light."
                ),
            ),
            PresetWarning::NotUpright => Text::new(
                "扫描件好像是横躺的：文字行是竖着的。请用“向左转”或“向右转”把它转正，再做一次。",
                "掃描件好像是橫躺的：文字行是豎著的。請用「向左轉」或「向右轉」把它轉正，再做一次。",
                "The scan seems to lie on its side: its lines of text run top to bottom. Turn it with Turn left \
                 or Turn right, then make it again.",
            ),
            PresetWarning::SmallFile { bytes, min_bytes } => {
                let (b, m) = (bytes.div_ceil(1024), min_bytes / 1024);
                Text::new(
                    format!("文件只有 {b} KB，有的省份要求至少 {m} KB。画面可能太单调或太小，请确认照片清晰。"),
                    format!("檔案只有 {b} KB，有的省份要求至少 {m} KB。畫面可能太單調或太小，請確認照片清晰。"),
                    format!(
                        "The file is only {b} KB; some provinces ask for at least {m} KB. The picture may be too \
                         plain or too small: make sure it is sharp."
                    ),
                )
            }
        }
    }
}

fn lightness(p: &[u8]) -> u32 {
    // Rec. 601 luma, integer.
    (299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2])) / 1000
}

fn pixel(rgb: &[u8], width: u32, x: u32, y: u32) -> &[u8] {
    let i = (y as usize * width as usize + x as usize) * 3;
    rgb.get(i..i + 3).unwrap_or(&[255, 255, 255])
}

/// The checks for a preset on the made picture (packed RGB, upright).
pub(crate) fn check(rgb: &[u8], width: u32, height: u32, preset: &Preset) -> Vec<PresetWarning> {
    let mut out = Vec::new();
    if width == 0 || height == 0 {
        return out;
    }
    if preset.background == Background::White {
        if let Some(w) = background(rgb, width, height) {
            out.push(w);
        }
    }
    let dark = match preset.kind {
        PresetKind::Photo => mean_lightness(rgb, width, (width / 4, height / 4, width / 2, height / 2)),
        PresetKind::Scan => mean_lightness(rgb, width, (0, 0, width, height)),
    };
    let limit = if preset.kind == PresetKind::Photo { DARK_PHOTO } else { DARK_SCAN };
    if dark < limit {
        out.push(PresetWarning::TooDark { lightness: dark });
    }
    if preset.kind == PresetKind::Scan && sideways(rgb, width, height) {
        out.push(PresetWarning::NotUpright);
    }
    out
}

fn mean_lightness(rgb: &[u8], width: u32, (x0, y0, w, h): (u32, u32, u32, u32)) -> u8 {
    let (mut sum, mut n) = (0u64, 0u64);
    for y in y0..y0 + h.max(1) {
        for x in x0..x0 + w.max(1) {
            sum += u64::from(lightness(pixel(rgb, width, x, y)));
            n += 1;
        }
    }
    (sum / n.max(1)).min(255) as u8
}

/// The border band: the top, and the left and right sides down to [`SIDE_SHARE`] of the height.
fn background(rgb: &[u8], width: u32, height: u32) -> Option<PresetWarning> {
    let band_x = ((f64::from(width) * BAND).ceil() as u32).max(1);
    let band_y = ((f64::from(height) * BAND).ceil() as u32).max(1);
    let side_rows = (f64::from(height) * SIDE_SHARE) as u32;
    let (mut white, mut total, mut sum) = (0u32, 0u32, 0u64);
    for y in 0..side_rows.max(band_y).min(height) {
        for x in 0..width {
            if y >= band_y && x >= band_x && x < width - band_x {
                continue;
            }
            let p = pixel(rgb, width, x, y);
            let (lo, hi) = (p.iter().min().copied().unwrap_or(0), p.iter().max().copied().unwrap_or(0));
            if lo >= WHITE_MIN && hi - lo <= WHITE_MAX_CHROMA {
                white += 1;
            }
            sum += u64::from(lightness(p));
            total += 1;
        }
    }
    let share = white * 100 / total.max(1);
    let mean = (sum / u64::from(total.max(1))).min(255) as u8;
    (share < WHITE_SHARE_PERCENT || mean < WHITE_MEAN)
        .then_some(PresetWarning::BackgroundNotWhite { white_percent: share, lightness: mean })
}

/// Whether the text lines of a scan run top to bottom. Lines of text leave empty rows between
/// them, while the characters of a line touch or nearly touch: so on an upright page many rows of
/// the inner area are empty and few columns are, and on a page lying on its side the opposite.
/// (Upside down cannot be told this way; the preview shows it.)
fn sideways(rgb: &[u8], width: u32, height: u32) -> bool {
    // The inner area, away from frames and borders printed round certificates.
    let (x0, y0) = (width / 10, height / 10);
    let (w, h) = (width - 2 * x0, height - 2 * y0);
    if w < 20 || h < 20 {
        return false;
    }
    let mean = u32::from(mean_lightness(rgb, width, (x0, y0, w, h)));
    let ink_below = mean.saturating_sub(60).max(40);
    let mut rows = vec![0u32; h as usize];
    let mut cols = vec![0u32; w as usize];
    for y in 0..h {
        for x in 0..w {
            if lightness(pixel(rgb, width, x0 + x, y0 + y)) < ink_below {
                rows[y as usize] += 1;
                cols[x as usize] += 1;
            }
        }
    }
    let inked: u32 = rows.iter().sum();
    if inked < w * h / 200 {
        return false; // an almost blank page: nothing to tell
    }
    let empty = |profile: &[u32], length: u32| {
        let inked_lines: Vec<&u32> = profile.iter().skip_while(|&&c| c == 0).collect();
        let empties = inked_lines.iter().filter(|&&&c| c <= length / 200).count();
        empties as f64 / profile.len().max(1) as f64
    };
    let (empty_rows, empty_cols) = (empty(&rows, w), empty(&cols, h));
    empty_cols > 0.15 && empty_cols > empty_rows + 0.1
}

/// The first row (from the top) that differs from the background, and the middle of what differs
/// in the rows just below it: the top of the head and where the face is, roughly. `None` when
/// nothing stands out (a blank or busy picture).
pub(crate) fn subject_top_and_centre(rgb: &[u8], width: u32, height: u32) -> Option<(u32, u32)> {
    if width < 8 || height < 8 {
        return None;
    }
    // The background colour: the mean of the top rows.
    let band = (height / 30).max(1);
    let mut acc = [0u64; 3];
    for y in 0..band {
        for x in 0..width {
            for (a, c) in acc.iter_mut().zip(pixel(rgb, width, x, y)) {
                *a += u64::from(*c);
            }
        }
    }
    let n = u64::from(band * width);
    let bg = acc.map(|a| (a / n) as i32);
    let differs = |p: &[u8]| p.iter().zip(bg).map(|(&c, b)| (i32::from(c) - b).abs()).sum::<i32>() > 60;
    let need = (width / 50).max(3);
    let top =
        (band..height).find(|&y| (0..width).filter(|&x| differs(pixel(rgb, width, x, y))).count() as u32 >= need)?;
    let (mut sx, mut count) = (0u64, 0u64);
    for y in top..(top + height / 5).min(height) {
        for x in 0..width {
            if differs(pixel(rgb, width, x, y)) {
                sx += u64::from(x);
                count += 1;
            }
        }
    }
    (count > 0).then(|| (top, (sx / count) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::preset::preset;

    fn canvas(w: u32, h: u32, colour: [u8; 3]) -> Vec<u8> {
        colour.repeat((w * h) as usize)
    }

    fn fill(rgb: &mut [u8], w: u32, (x0, y0, x1, y1): (u32, u32, u32, u32), colour: [u8; 3]) {
        for y in y0..y1 {
            for x in x0..x1 {
                let i = ((y * w + x) * 3) as usize;
                rgb[i..i + 3].copy_from_slice(&colour);
            }
        }
    }

    /// A head-and-shoulders figure on `bg`.
    fn portrait(bg: [u8; 3]) -> Vec<u8> {
        let (w, h) = (295, 413);
        let mut rgb = canvas(w, h, bg);
        fill(&mut rgb, w, (100, 60, 195, 200), [200, 160, 130]); // head
        fill(&mut rgb, w, (40, 260, 255, 413), [30, 40, 70]); // shoulders
        rgb
    }

    #[test]
    fn a_white_background_passes_and_a_blue_or_grey_one_does_not() {
        let photo = &preset("jszg_photo").expect("preset");
        assert_eq!(check(&portrait([250, 250, 250]), 295, 413, photo), []);
        let blue = check(&portrait([67, 142, 219]), 295, 413, photo);
        assert!(matches!(blue[..], [PresetWarning::BackgroundNotWhite { white_percent: 0, .. }]), "{blue:?}");
        let grey = check(&portrait([190, 190, 190]), 295, 413, photo);
        assert!(matches!(grey[..], [PresetWarning::BackgroundNotWhite { .. }]), "{grey:?}");
        // The shoulders at the bottom corners are not background.
        let mut wide = portrait([255, 255, 255]);
        fill(&mut wide, 295, (0, 330, 295, 413), [20, 20, 20]);
        assert_eq!(check(&wide, 295, 413, photo), []);
    }

    #[test]
    fn a_dark_photo_is_flagged() {
        let photo = &preset("jszg_photo").expect("preset");
        let mut rgb = portrait([250, 250, 250]);
        fill(&mut rgb, 295, (60, 100, 240, 320), [35, 30, 30]);
        let w = check(&rgb, 295, 413, photo);
        assert!(w.iter().any(|w| matches!(w, PresetWarning::TooDark { lightness } if *lightness < 80)), "{w:?}");
    }

    /// A page with horizontal "lines of text": runs of character-sized blocks with gaps between lines.
    fn page(w: u32, h: u32) -> Vec<u8> {
        let mut rgb = canvas(w, h, [245, 245, 240]);
        fill(&mut rgb, w, (5, 5, w - 5, 9), [20, 20, 20]); // a printed frame
        let mut y = h / 8;
        while y + 14 < h * 7 / 8 {
            let mut x = w / 8;
            while x + 14 < w * 7 / 8 {
                fill(&mut rgb, w, (x, y, x + 13, y + 14), [30, 30, 30]);
                x += 14;
            }
            y += 26;
        }
        rgb
    }

    fn rotate(rgb: &[u8], w: u32, h: u32) -> Vec<u8> {
        let mut out = vec![0; rgb.len()];
        for y in 0..h {
            for x in 0..w {
                let (nx, ny) = (h - 1 - y, x);
                let (s, d) = (((y * w + x) * 3) as usize, ((ny * h + nx) * 3) as usize);
                out[d..d + 3].copy_from_slice(&rgb[s..s + 3]);
            }
        }
        out
    }

    #[test]
    fn a_sideways_scan_is_told_from_an_upright_one() {
        let scan = &preset("degree_scan").expect("preset");
        let (w, h) = (600, 424);
        let upright = page(w, h);
        assert_eq!(check(&upright, w, h, scan), []);
        let turned = rotate(&upright, w, h);
        assert_eq!(check(&turned, h, w, scan), [PresetWarning::NotUpright]);
        let blank = canvas(w, h, [250, 250, 250]);
        assert_eq!(check(&blank, w, h, scan), []);
    }

    #[test]
    fn the_subject_is_found_below_the_background() {
        let rgb = portrait([250, 250, 250]);
        let (top, centre) = subject_top_and_centre(&rgb, 295, 413).expect("subject");
        assert_eq!(top, 60);
        assert!((140..=155).contains(&centre), "{centre}");
        assert_eq!(subject_top_and_centre(&canvas(100, 100, [9, 9, 9]), 100, 100), None);
    }

    #[test]
    fn every_warning_speaks_every_language() {
        for w in [
            PresetWarning::BackgroundNotWhite { white_percent: 12, lightness: 140 },
            PresetWarning::TooDark { lightness: 50 },
            PresetWarning::NotUpright,
            PresetWarning::SmallFile { bytes: 15000, min_bytes: 20480 },
        ] {
            assert!(!w.message().has_blank(), "{w:?}");
        }
        let m = PresetWarning::SmallFile { bytes: 15000, min_bytes: 20480 }.message();
        assert!(m.zh_cn.contains("15 KB") && m.zh_cn.contains("20 KB"), "{}", m.zh_cn);
    }
}
