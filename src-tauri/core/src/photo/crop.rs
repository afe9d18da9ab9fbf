//! Crop-resize-encode for an upload preset (issue 22).
//!
//! The applicant sees the photo upright (EXIF orientation applied, plus any quarter turns they asked
//! for, e.g. for a scan taken sideways) and places a frame of the preset's aspect on it. The frame
//! arrives as fractions of that upright picture. To stay fast on a 12-megapixel photo the full image
//! is never turned: the frame is mapped back onto the stored pixels, only that region is resized to
//! the output size (SIMD, `fast_image_resize`'s crop), and the small result is turned upright.

use image::metadata::Orientation;
use serde::{Deserialize, Serialize};

use super::checks::{self, PresetWarning};
use super::preset::{Preset, PresetSize};
use super::{decode, encode, resize, PhotoError};

/// Where the frame sits, as fractions (0..=1) of the upright picture's width and height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct CropRect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The preview the crop frame is drawn on, and what the frame starts as.
#[derive(Debug, Clone, PartialEq)]
pub struct CropSource {
    /// Size of the upright picture at full resolution.
    pub width: u32,
    pub height: u32,
    /// A JPEG of the upright picture, at most [`PREVIEW_LONG_SIDE`] on its long side.
    pub preview: Vec<u8>,
    /// A frame of the preset's aspect placed from the picture itself (see [`suggest_crop`]).
    pub suggested: CropRect,
}

/// The file made for a preset.
#[derive(Debug, Clone, PartialEq)]
pub struct PresetPhoto {
    pub jpeg: Vec<u8>,
    pub info: PresetPhotoInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct PresetPhotoInfo {
    pub preset_id: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u32,
    pub quality: u8,
    /// How much the crop was enlarged (1.0 = not at all); at most the preset's `max_upscale`.
    pub upscale: f64,
    /// Things the applicant should look at before uploading; none of them stops the file.
    pub warnings: Vec<PresetWarning>,
}

/// Long side of the preview behind the crop frame: sharp on a 1080p screen, light over IPC.
pub const PREVIEW_LONG_SIDE: u32 = 1200;
/// Most quarter turns the applicant can add (0..=3).
const TURNS: u8 = 4;

/// A turn of the stored picture: upright = transpose?(flip(stored)). The eight EXIF orientations
/// and everything they compose to are of this form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Turn {
    transpose: bool,
    flip_x: bool,
    flip_y: bool,
}

impl Turn {
    const ALL: [(u8, Turn); 8] = [
        (1, Turn { transpose: false, flip_x: false, flip_y: false }),
        (2, Turn { transpose: false, flip_x: true, flip_y: false }),
        (3, Turn { transpose: false, flip_x: true, flip_y: true }),
        (4, Turn { transpose: false, flip_x: false, flip_y: true }),
        (5, Turn { transpose: true, flip_x: false, flip_y: false }),
        (6, Turn { transpose: true, flip_x: false, flip_y: true }),
        (7, Turn { transpose: true, flip_x: true, flip_y: true }),
        (8, Turn { transpose: true, flip_x: true, flip_y: false }),
    ];

    fn from_orientation(o: Orientation) -> Turn {
        let exif = o.to_exif();
        Turn::ALL.iter().find(|(e, _)| *e == exif).map_or(Turn::ALL[0].1, |(_, t)| *t)
    }

    fn orientation(self) -> Orientation {
        let exif = Turn::ALL.iter().find(|(_, t)| *t == self).map_or(1, |(e, _)| *e);
        Orientation::from_exif(exif).unwrap_or(Orientation::NoTransforms)
    }

    /// Where a stored point lands, in a `w` × `h` stored picture (continuous coordinates).
    fn map(self, (x, y): (f64, f64), (w, h): (f64, f64)) -> (f64, f64) {
        let x = if self.flip_x { w - x } else { x };
        let y = if self.flip_y { h - y } else { y };
        if self.transpose {
            (y, x)
        } else {
            (x, y)
        }
    }

    fn size(self, (w, h): (u32, u32)) -> (u32, u32) {
        if self.transpose {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// This turn followed by `quarter_turns` clockwise quarter turns.
    fn then_clockwise(self, quarter_turns: u8) -> Turn {
        let (w, h) = (3.0, 2.0); // any non-square size tells the eight apart
        let probe = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)];
        let after = |p: (f64, f64)| {
            let (mut p, mut size) = (self.map(p, (w, h)), if self.transpose { (h, w) } else { (w, h) });
            for _ in 0..quarter_turns % TURNS {
                p = (size.1 - p.1, p.0); // clockwise: (x, y) -> (H - y, x)
                size = (size.1, size.0);
            }
            p
        };
        Turn::ALL.iter().map(|(_, t)| *t).find(|t| probe.iter().all(|&p| t.map(p, (w, h)) == after(p))).unwrap_or(self)
    }

    /// The stored-pixel rectangle under an upright rectangle (`x`, `y`, `w`, `h` in pixels).
    fn unmap_rect(self, (x, y, w, h): (f64, f64, f64, f64), stored: (u32, u32)) -> (f64, f64, f64, f64) {
        let (x, y, w, h) = if self.transpose { (y, x, h, w) } else { (x, y, w, h) };
        let (sw, sh) = (f64::from(stored.0), f64::from(stored.1));
        let x = if self.flip_x { sw - x - w } else { x };
        let y = if self.flip_y { sh - y - h } else { y };
        (x, y, w, h)
    }
}

/// Decodes the applicant's file for the crop frame: its upright size, a preview, a first frame.
/// The preview needs only [`PREVIEW_LONG_SIDE`] pixels, so a large JPEG is decoded reduced.
pub fn open_source(input: &[u8], quarter_turns: u8, preset: &Preset) -> Result<CropSource, PhotoError> {
    let header = decode::read_header(input)?;
    let turn = Turn::from_orientation(header.orientation).then_clockwise(quarter_turns);
    let (width, height) = turn.size((header.width, header.height));
    let min_fraction = f64::from(PREVIEW_LONG_SIDE) / f64::from(header.width.max(header.height));
    let decoded = decode::decode_reduced(input, &header, min_fraction)?;
    let small = resize::fit(decoded.width, decoded.height, PREVIEW_LONG_SIDE);
    let rgb = resize::resize_rgb(&decoded.rgb, decoded.width, decoded.height, small)?;
    let (rgb, pw, ph) = resize::orient(rgb, small.0, small.1, turn.orientation());
    let suggested = suggest_crop(&rgb, pw, ph, preset);
    let preview = encode::encode(&rgb, pw, ph, 85).ok_or(PhotoError::Corrupt)?;
    Ok(CropSource { width, height, preview, suggested })
}

/// A first frame from the picture itself. For a portrait: the largest frame of the preset's aspect
/// whose top sits a little above the first row that differs from the background (the top of the
/// head), centred on what differs in the rows below it. For a scan: the largest centred frame.
/// The applicant moves it from there; it only has to be a good start.
pub fn suggest_crop(rgb: &[u8], width: u32, height: u32, preset: &Preset) -> CropRect {
    let (w, h) = (f64::from(width.max(1)), f64::from(height.max(1)));
    let aspect = preset.aspect_ratio();
    // The largest frame of this aspect that fits, in pixels.
    let (fw, fh) = if w / h > aspect { (h * aspect, h) } else { (w, w / aspect) };
    let centred = CropRect { x: (w - fw) / 2.0 / w, y: (h - fh) / 2.0 / h, width: fw / w, height: fh / h };
    if !preset.head_guide {
        return centred;
    }
    let Some((top, centre_x)) = checks::subject_top_and_centre(rgb, width, height) else { return centred };
    // The head should take about two thirds of the frame: a 0.85-high frame on a photo whose
    // subject fills it is a fair start; the top of the head 8 % below the frame's top.
    let fh = fh * 0.85;
    let fw = fh * aspect;
    let x = (f64::from(centre_x) - fw / 2.0).clamp(0.0, w - fw);
    let y = (f64::from(top) - fh * 0.08).clamp(0.0, h - fh);
    CropRect { x: x / w, y: y / h, width: fw / w, height: fh / h }
}

/// The frame in upright pixels, inside the picture and of the preset's aspect exactly (the page's
/// fractions are rounded; the height follows the width).
fn frame_pixels(crop: &CropRect, (w, h): (u32, u32), aspect: f64) -> Result<(f64, f64, f64, f64), PhotoError> {
    let finite = [crop.x, crop.y, crop.width, crop.height].iter().all(|v| v.is_finite());
    if !finite || crop.width <= 0.0 || crop.height <= 0.0 {
        return Err(PhotoError::BadCrop);
    }
    let (w, h) = (f64::from(w), f64::from(h));
    let mut cw = (crop.width * w).min(w);
    let mut ch = cw / aspect;
    if ch > h {
        ch = h;
        cw = ch * aspect;
    }
    if cw < 1.0 || ch < 1.0 {
        return Err(PhotoError::BadCrop);
    }
    let x = (crop.x * w).clamp(0.0, w - cw);
    let y = (crop.y * h).clamp(0.0, h - ch);
    Ok((x, y, cw, ch))
}

/// The output size for a frame of `cw` × `ch` upright pixels, and how much that enlarges it.
fn output_size(preset: &Preset, cw: f64, ch: f64) -> Result<((u32, u32), f64), PhotoError> {
    let (target, factor) = match preset.size {
        PresetSize::Exact { width, height, .. } => ((width, height), f64::from(width) / cw),
        PresetSize::LongSide { min, max } => {
            let long = cw.max(ch);
            let out_long = long.clamp(f64::from(min), f64::from(max));
            let scale = out_long / long;
            let size = ((cw * scale).round().max(1.0) as u32, (ch * scale).round().max(1.0) as u32);
            (size, scale)
        }
    };
    // A hair over the limit is rounding, not upscaling.
    if factor > preset.max_upscale + 1e-6 {
        let need = (f64::from(target.0) / preset.max_upscale).ceil() as u32;
        return Err(PhotoError::NeedsUpscale {
            crop_width: cw.round() as u32,
            crop_height: ch.round() as u32,
            width: target.0,
            height: target.1,
            min_width: need,
            max_upscale_percent: (preset.max_upscale * 100.0).round() as u32,
        });
    }
    Ok((target, factor.max(1.0)))
}

/// Makes the preset's file from the applicant's picture and frame: exactly the preset's size (or
/// within its range), a JPEG under its byte limit, no EXIF. `input` is only read.
pub fn make_for_preset(
    input: &[u8],
    preset: &Preset,
    crop: &CropRect,
    quarter_turns: u8,
) -> Result<PresetPhoto, PhotoError> {
    make(input, preset, crop, quarter_turns, true).map(|(photo, _)| photo)
}

/// [`make_for_preset`] always decoding the photo at full size, as it did before the reduced decode:
/// only for the benchmark, which times both ways in one run.
#[doc(hidden)]
pub fn make_for_preset_full_decode(
    input: &[u8],
    preset: &Preset,
    crop: &CropRect,
    quarter_turns: u8,
) -> Result<PresetPhoto, PhotoError> {
    make(input, preset, crop, quarter_turns, false).map(|(photo, _)| photo)
}

/// The smallest fraction of the stored size a decode may have and still give the stored-pixel
/// `region` (width, height at indices 2, 3) at least `to` pixels: nothing is enlarged that the
/// full-size decode would not have enlarged.
fn min_decode_fraction(region: (f64, f64, f64, f64), to: (u32, u32)) -> f64 {
    (f64::from(to.0) / region.2).max(f64::from(to.1) / region.3)
}

/// [`make_for_preset`], with the reduced decode optional (`reduce`), and the decode's scale.
fn make(
    input: &[u8],
    preset: &Preset,
    crop: &CropRect,
    quarter_turns: u8,
    reduce: bool,
) -> Result<(PresetPhoto, f64), PhotoError> {
    // Everything that can be refused (the file, the frame, too much enlarging) is, before decoding.
    let header = decode::read_header(input)?;
    let turn = Turn::from_orientation(header.orientation).then_clockwise(quarter_turns);
    let stored = (header.width, header.height);
    let upright = turn.size(stored);
    let (x, y, cw, ch) = frame_pixels(crop, upright, preset.aspect_ratio())?;
    let (mut target, upscale) = output_size(preset, cw, ch)?;
    let region = turn.unmap_rect((x, y, cw, ch), stored);
    // Decode only as many pixels as the output needs (the size only shrinks from here on).
    let min_fraction = if reduce { min_decode_fraction(region, turn.size(target)) } else { 1.0 };
    let decoded = decode::decode_reduced(input, &header, min_fraction)?;
    let s = decoded.scale;
    let (dw, dh) = (f64::from(decoded.width), f64::from(decoded.height));
    let (left, top) = ((region.0 * s).min(dw - 1.0), (region.1 * s).min(dh - 1.0));
    let region = (left, top, (region.2 * s).min(dw - left), (region.3 * s).min(dh - top));
    let max_bytes = preset.max_bytes as usize;
    loop {
        let stored_target = turn.size(target); // the same turn swaps the output's sides back
        let small = resize::resize_region(&decoded.rgb, (decoded.width, decoded.height), region, stored_target)?;
        let (rgb, width, height) = resize::orient(small, stored_target.0, stored_target.1, turn.orientation());
        match encode::fit_quality(&rgb, width, height, max_bytes).ok_or(PhotoError::Corrupt)? {
            encode::Fit::Fits(jpeg, quality) => {
                let bytes = u32::try_from(jpeg.len()).unwrap_or(u32::MAX);
                let mut warnings = checks::check(&rgb, width, height, preset);
                if let Some(min) = preset.min_bytes.filter(|&m| bytes < m) {
                    warnings.push(PresetWarning::SmallFile { bytes, min_bytes: min });
                }
                let info = PresetPhotoInfo {
                    preset_id: preset.id.clone(),
                    width,
                    height,
                    bytes,
                    quality,
                    upscale: (upscale * 100.0).round() / 100.0,
                    warnings,
                };
                return Ok((PresetPhoto { jpeg, info }, s));
            }
            encode::Fit::TooBig(smallest) => {
                // Only a range may shrink; an exact size cannot.
                let PresetSize::LongSide { min, .. } = preset.size else {
                    return Err(PhotoError::CannotFit { limit: preset.max_bytes });
                };
                let long = target.0.max(target.1);
                if long <= min {
                    return Err(PhotoError::CannotFit { limit: preset.max_bytes });
                }
                let factor = ((max_bytes as f64 / smallest as f64).sqrt() * 0.9).clamp(0.5, 0.9);
                let next_long = ((f64::from(long) * factor) as u32).max(min);
                let scale = f64::from(next_long) / f64::from(long);
                target = (
                    ((f64::from(target.0) * scale).round() as u32).max(1),
                    ((f64::from(target.1) * scale).round() as u32).max(1),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_compose_like_the_exif_table() {
        let t = |e| Turn::from_orientation(Orientation::from_exif(e).expect("exif"));
        // Upright photo turned clockwise once is what orientation 6 asks to undo... as a turn, 6.
        assert_eq!(t(1).then_clockwise(1), t(6));
        assert_eq!(t(1).then_clockwise(2), t(3));
        assert_eq!(t(1).then_clockwise(3), t(8));
        assert_eq!(t(6).then_clockwise(1), t(3));
        assert_eq!(t(8).then_clockwise(1), t(1));
        assert_eq!(t(2).then_clockwise(4), t(2));
        for (e, turn) in Turn::ALL {
            assert_eq!(turn.orientation().to_exif(), e);
        }
    }

    #[test]
    fn an_upright_rectangle_maps_back_onto_the_stored_pixels() {
        // Stored 400 × 300, orientation 6 (upright 300 × 400). The upright top-left 100 × 50 is the
        // stored picture's left column strip at the bottom... check by mapping the corners forward.
        for (_, turn) in Turn::ALL {
            let stored = (400u32, 300u32);
            let rect = (30.0, 40.0, 100.0, 50.0);
            let (sx, sy, sw, sh) = turn.unmap_rect(rect, stored);
            let size = (f64::from(stored.0), f64::from(stored.1));
            let a = turn.map((sx, sy), size);
            let b = turn.map((sx + sw, sy + sh), size);
            let (lo, hi) = ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)));
            assert_eq!((lo.0, lo.1, hi.0 - lo.0, hi.1 - lo.1), rect, "{turn:?}");
        }
    }

    #[test]
    fn frames_are_kept_inside_and_exact() {
        let f = frame_pixels(&CropRect { x: 0.9, y: -0.2, width: 0.5, height: 0.1 }, (1000, 1400), 0.5);
        let (x, y, w, h) = f.expect("frame");
        assert_eq!((w, h), (500.0, 1000.0));
        assert_eq!((x, y), (500.0, 0.0));
        assert_eq!(
            frame_pixels(&CropRect { x: 0.0, y: 0.0, width: f64::NAN, height: 1.0 }, (10, 10), 1.0),
            Err(PhotoError::BadCrop)
        );
        assert_eq!(
            frame_pixels(&CropRect { x: 0.0, y: 0.0, width: 0.0, height: 1.0 }, (10, 10), 1.0),
            Err(PhotoError::BadCrop)
        );
    }

    /// A JPEG stored sideways with EXIF orientation 6 (as phones save portraits) whose upright view
    /// is `w` × `h`: white top left, yellow top right, dark blue bottom left, dark red bottom right,
    /// so a missing turn, a wrong one or a mirror changes what lands in each corner.
    fn sideways_jpeg(w: u32, h: u32) -> Vec<u8> {
        let (sw, sh) = (h, w);
        let mut rgb = Vec::with_capacity((sw * sh * 3) as usize);
        for sy in 0..sh {
            for sx in 0..sw {
                // Orientation 6 turns the stored picture clockwise: stored (sx, sy) shows upright
                // at (sh - 1 - sy, sx).
                let (ux, uy) = (sh - 1 - sy, sx);
                rgb.extend(QUADRANTS[usize::from(uy >= h / 2) * 2 + usize::from(ux >= w / 2)]);
            }
        }
        let jpeg = encode::encode(&rgb, sw, sh, 90).expect("encode");
        super::super::testing::with_orientation(&jpeg, 6)
    }

    /// Top left, top right, bottom left, bottom right.
    const QUADRANTS: [[u8; 3]; 4] = [[250, 250, 250], [240, 220, 40], [20, 30, 110], [120, 20, 20]];

    /// The 认定 photo from the whole of a `w` × `h` upright picture, reduced decode and full decode:
    /// the scale the reduced one used, and both photos' pixels after checking size, EXIF, corners.
    fn made_both_ways(w: u32, h: u32) -> (f64, Vec<u8>, Vec<u8>) {
        let input = sideways_jpeg(w, h);
        let photo = super::super::preset::preset("jszg_photo").expect("preset");
        let whole = CropRect { x: 0.0, y: 0.0, width: 1.0, height: 1.0 };
        let (reduced, scale) = make(&input, &photo, &whole, 0, true).expect("reduced");
        let (full, full_scale) = make(&input, &photo, &whole, 0, false).expect("full");
        assert_eq!(full_scale, 1.0);
        let mut pixels = Vec::new();
        for made in [reduced, full] {
            assert_eq!((made.info.width, made.info.height), (295, 413), "{w}x{h}");
            assert!(!made.jpeg.windows(6).any(|w| w == b"Exif\0\0"), "EXIF dropped");
            let img = image::load_from_memory(&made.jpeg).expect("decodes").to_rgb8();
            assert_eq!(img.dimensions(), (295, 413));
            for (i, (x, y)) in [(70, 100), (225, 100), (70, 310), (225, 310)].into_iter().enumerate() {
                let got = img.get_pixel(x, y).0;
                let near = got.iter().zip(QUADRANTS[i]).all(|(&a, b)| a.abs_diff(b) < 30);
                assert!(near, "{w}x{h} scale {scale}: corner {i} is {got:?}, not {:?}", QUADRANTS[i]);
            }
            pixels.push(img.into_raw());
        }
        let full = pixels.pop().expect("full");
        (scale, pixels.pop().expect("reduced"), full)
    }

    #[test]
    fn a_large_photo_is_decoded_reduced_and_comes_out_the_same() {
        // 295 px out of 2400, 1200, 600: the smallest DCT scale that keeps at least 295.
        for (w, h, expected) in [(2400, 3360, 0.125), (1200, 1680, 0.25), (600, 840, 0.5)] {
            let (scale, reduced, full) = made_both_ways(w, h);
            assert_eq!(scale, expected, "{w}x{h}");
            let diff: u64 = reduced.iter().zip(&full).map(|(a, b)| u64::from(a.abs_diff(*b))).sum();
            let mean = diff as f64 / full.len() as f64;
            assert!(mean < 3.0, "{w}x{h}: reduced differs from full by {mean:.2} per channel on average");
        }
    }

    #[test]
    fn a_small_photo_falls_back_to_the_full_decode() {
        // 300 px: half would be 150, under the 295 needed; 240 px is enlarged 1.23x from full size.
        for (w, h) in [(300, 420), (240, 336)] {
            let (scale, _, _) = made_both_ways(w, h);
            assert_eq!(scale, 1.0, "{w}x{h}");
        }
    }

    #[test]
    fn the_decode_may_shrink_only_to_what_the_output_needs() {
        assert_eq!(min_decode_fraction((10.0, 20.0, 2360.0, 3304.0), (295, 413)), 0.125);
        // The tighter side decides.
        assert_eq!(min_decode_fraction((0.0, 0.0, 1000.0, 400.0), (250, 200)), 0.5);
        assert!(min_decode_fraction((0.0, 0.0, 200.0, 280.0), (295, 413)) > 1.0);
    }
}
