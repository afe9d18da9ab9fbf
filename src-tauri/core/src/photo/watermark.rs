//! The tiled diagonal watermark ("仅限在中国教师资格网办理业务使用" by default).
//!
//! The text is rasterised ONCE per photo, with the bundled CJK font, into a small premultiplied
//! RGBA stamp that is already rotated; the stamp is then alpha-blended at every point of a lattice
//! that covers the photo. Glyph outlines are never rasterised per repetition, and only the inked
//! span of each stamp row is visited, so the whole watermark costs a few milliseconds.
//!
//! Legible but not in the way: dark grey text at 42 % opacity over a white halo at 30 %, so it reads
//! on light and dark backgrounds alike while the face and the ID stay visible through it; rotated
//! −30° (rising to the right), the size a 28th of the photo's long side, rows 3.4 em apart with every
//! other row shifted by half a repeat.

use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, GlyphId, PxScale, ScaleFont};

/// Noto Sans CJK SC, subset (see `assets/fonts/README.md`); the same file the checklist PDF embeds.
static FONT_DATA: &[u8] = crate::fonts::CJK_FONT;

/// Text colour (dark grey) and its opacity; halo colour (white) and its opacity.
const TEXT_RGB: [f32; 3] = [40.0, 40.0, 40.0];
const TEXT_OPACITY: f32 = 0.42;
const HALO_RGB: [f32; 3] = [255.0, 255.0, 255.0];
const HALO_OPACITY: f32 = 0.30;
/// Rotation of the text, degrees; negative rises to the right.
const ANGLE_DEG: f32 = -30.0;
/// Font size as a fraction of the photo's long side, with a floor for small photos.
const SIZE_DIVISOR: f32 = 28.0;
const MIN_FONT_PX: f32 = 12.0;
/// Space between repeats along a row, and between rows, in em.
const GAP_EM: f32 = 2.0;
const ROW_EM: f32 = 3.4;

/// The parsed font, or `None` if the bundled file were broken (a test makes sure it is not).
fn font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_DATA).ok()).as_ref()
}

/// Characters of `text` the bundled font cannot draw, each once, in order of appearance.
/// Spaces and control characters are not reported: they are not drawn.
pub(crate) fn missing_glyphs(text: &str) -> Vec<String> {
    let mut missing: Vec<String> = Vec::new();
    for c in text.chars().filter(|c| !c.is_whitespace() && !c.is_control()) {
        let absent = font().map_or(true, |f| f.glyph_id(c).0 == 0);
        if absent && !missing.iter().any(|m| m.starts_with(c)) {
            missing.push(c.to_string());
        }
    }
    missing
}

/// The watermark text, resolved to glyphs once; drawn at any photo size with [`Watermark::apply`].
pub(crate) struct Watermark {
    glyphs: Vec<GlyphId>,
    /// Characters the font lacks; they are drawn as `?`, like in the checklist PDF.
    pub missing: Vec<String>,
}

impl Watermark {
    /// Line breaks and tabs become spaces; blank text means no watermark.
    pub fn new(text: &str) -> Watermark {
        let line: String = text.chars().map(|c| if c.is_whitespace() || c.is_control() { ' ' } else { c }).collect();
        let line = line.trim();
        let missing = missing_glyphs(line);
        let glyphs = match font() {
            Some(f) => line
                .chars()
                .map(|c| match f.glyph_id(c) {
                    GlyphId(0) if c != ' ' => f.glyph_id('?'),
                    id => id,
                })
                .collect(),
            None => Vec::new(),
        };
        Watermark { glyphs, missing }
    }

    /// Blends the watermark over packed RGB pixels of a `width` × `height` photo.
    pub fn apply(&self, rgb: &mut [u8], width: u32, height: u32) {
        let Some(font) = font() else { return };
        if self.glyphs.is_empty() || width == 0 || height == 0 || rgb.len() < width as usize * height as usize * 3 {
            return;
        }
        let px = (width.max(height) as f32 / SIZE_DIVISOR).max(MIN_FONT_PX);
        let text = TextMask::render(font, &self.glyphs, px);
        let stamp = Stamp::rotate(&text);
        stamp.tile(rgb, width, height, text.advance + GAP_EM * px, ROW_EM * px);
    }
}

/// The text drawn upright: coverage of the glyphs and of their halo, 0..=1.
struct TextMask {
    w: usize,
    h: usize,
    text: Vec<f32>,
    halo: Vec<f32>,
    /// Width of the text itself (sum of advances), without the padding.
    advance: f32,
}

impl TextMask {
    fn render(font: &FontRef<'static>, glyphs: &[GlyphId], px: f32) -> TextMask {
        let scaled = font.as_scaled(PxScale::from(px));
        let radius = (px / 18.0).max(1.0);
        let pad = radius.ceil() + 2.0;
        let advance: f32 = glyphs.iter().map(|&g| scaled.h_advance(g)).sum();
        let w = (advance + 2.0 * pad).ceil() as usize;
        let h = (scaled.ascent() - scaled.descent() + 2.0 * pad).ceil() as usize;
        let mut text = vec![0f32; w * h];
        let mut x = pad;
        for &id in glyphs {
            let glyph = id.with_scale_and_position(px, point(x, pad + scaled.ascent()));
            x += scaled.h_advance(id);
            let Some(outlined) = font.outline_glyph(glyph) else { continue };
            let b = outlined.px_bounds();
            outlined.draw(|gx, gy, c| {
                let (ix, iy) = (b.min.x as i64 + i64::from(gx), b.min.y as i64 + i64::from(gy));
                if ix >= 0 && iy >= 0 && (ix as usize) < w && (iy as usize) < h {
                    let cell = &mut text[iy as usize * w + ix as usize];
                    *cell = cell.max(c.min(1.0));
                }
            });
        }
        let halo = dilate(&text, w, h, radius);
        TextMask { w, h, text, halo, advance }
    }

    /// Bilinear sample of both masks at continuous pixel coordinates (pixel centres at i + 0.5).
    fn sample(&self, x: f32, y: f32) -> (f32, f32) {
        let (fx, fy) = (x - 0.5, y - 0.5);
        let (x0, y0) = (fx.floor(), fy.floor());
        let (tx, ty) = (fx - x0, fy - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let mut out = (0.0, 0.0);
        for (dy, wy) in [(0, 1.0 - ty), (1, ty)] {
            for (dx, wx) in [(0, 1.0 - tx), (1, tx)] {
                let (sx, sy) = (x0 + dx, y0 + dy);
                if sx < 0 || sy < 0 || sx as usize >= self.w || sy as usize >= self.h {
                    continue;
                }
                let i = sy as usize * self.w + sx as usize;
                out.0 += self.text[i] * wx * wy;
                out.1 += self.halo[i] * wx * wy;
            }
        }
        out
    }
}

/// A soft round halo: every inked pixel spreads its coverage to a disc of `radius` pixels, with an
/// anti-aliased rim.
fn dilate(mask: &[f32], w: usize, h: usize, radius: f32) -> Vec<f32> {
    let r = radius.ceil() as i64 + 1;
    let mut kernel = Vec::new();
    for dy in -r..=r {
        for dx in -r..=r {
            let weight = (radius + 0.5 - ((dx * dx + dy * dy) as f32).sqrt()).clamp(0.0, 1.0);
            if weight > 0.0 {
                kernel.push((dx, dy, weight));
            }
        }
    }
    let mut out = vec![0f32; w * h];
    for y in 0..h {
        for x in 0..w {
            let c = mask[y * w + x];
            if c <= 0.0 {
                continue;
            }
            for &(dx, dy, weight) in &kernel {
                let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                if nx >= 0 && ny >= 0 && (nx as usize) < w && (ny as usize) < h {
                    let cell = &mut out[ny as usize * w + nx as usize];
                    *cell = cell.max(c * weight);
                }
            }
        }
    }
    out
}

/// The rotated text as premultiplied RGBA, with the inked span of each row.
struct Stamp {
    w: usize,
    h: usize,
    /// Premultiplied colour and alpha, 0..=255.
    px: Vec<[u8; 4]>,
    /// Per row, the half-open range of columns with any alpha.
    spans: Vec<(usize, usize)>,
    /// Unit vector along the text, and across it (pointing down the page).
    along: (f32, f32),
    across: (f32, f32),
}

impl Stamp {
    fn rotate(text: &TextMask) -> Stamp {
        let (sin, cos) = ANGLE_DEG.to_radians().sin_cos();
        let along = (cos, sin);
        let across = (-sin, cos);
        let (tw, th) = (text.w as f32, text.h as f32);
        let w = (tw * along.0.abs() + th * across.0.abs()).ceil() as usize + 2;
        let h = (tw * along.1.abs() + th * across.1.abs()).ceil() as usize + 2;
        let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
        let mut px = vec![[0u8; 4]; w * h];
        let mut spans = vec![(0, 0); h];
        for sy in 0..h {
            let mut first = None;
            let mut last = 0;
            for sx in 0..w {
                let (dx, dy) = (sx as f32 + 0.5 - cx, sy as f32 + 0.5 - cy);
                let u = dx * along.0 + dy * along.1 + tw / 2.0;
                let v = dx * across.0 + dy * across.1 + th / 2.0;
                if u < -1.0 || v < -1.0 || u > tw + 1.0 || v > th + 1.0 {
                    continue;
                }
                let (t, halo) = text.sample(u, v);
                let at = t * TEXT_OPACITY;
                let ah = halo * HALO_OPACITY * (1.0 - at);
                let alpha = at + ah;
                let a8 = (alpha * 255.0).round() as u8;
                if a8 == 0 {
                    continue;
                }
                let c = |i: usize| (TEXT_RGB[i] * at + HALO_RGB[i] * ah).round().min(255.0) as u8;
                px[sy * w + sx] = [c(0), c(1), c(2), a8];
                first.get_or_insert(sx);
                last = sx + 1;
            }
            if let Some(first) = first {
                spans[sy] = (first, last);
            }
        }
        Stamp { w, h, px, spans, along, across }
    }

    /// Blends the stamp at every lattice point that touches the photo: repeats `repeat` pixels
    /// apart along the text direction, rows `row` pixels apart across it, every other row shifted
    /// by half a repeat. The lattice is centred on the photo so the pattern is balanced.
    fn tile(&self, rgb: &mut [u8], width: u32, height: u32, repeat: f32, row: f32) {
        let (iw, ih) = (width as f32, height as f32);
        let (cx, cy) = (iw / 2.0, ih / 2.0);
        // How far the photo reaches from its centre along each lattice direction, plus the stamp.
        let reach = (self.w.max(self.h)) as f32;
        let along_reach = cx * self.along.0.abs() + cy * self.along.1.abs() + reach;
        let across_reach = cx * self.across.0.abs() + cy * self.across.1.abs() + reach;
        let rows = (across_reach / row).ceil() as i64 + 1;
        for j in -rows..=rows {
            let shift = if j.rem_euclid(2) == 1 { repeat / 2.0 } else { 0.0 };
            let n = (along_reach / repeat).ceil() as i64 + 1;
            for i in -n..=n {
                let t = i as f32 * repeat + shift;
                let s = j as f32 * row;
                let x = cx + t * self.along.0 + s * self.across.0;
                let y = cy + t * self.along.1 + s * self.across.1;
                let left = (x - self.w as f32 / 2.0).round() as i64;
                let top = (y - self.h as f32 / 2.0).round() as i64;
                self.blend_at(rgb, width as i64, height as i64, left, top);
            }
        }
    }

    fn blend_at(&self, rgb: &mut [u8], iw: i64, ih: i64, left: i64, top: i64) {
        if left >= iw || top >= ih || left + self.w as i64 <= 0 || top + self.h as i64 <= 0 {
            return;
        }
        for (sy, &(x0, x1)) in self.spans.iter().enumerate() {
            let iy = top + sy as i64;
            if x0 == x1 || iy < 0 || iy >= ih {
                continue;
            }
            let from = (left + x0 as i64).max(0);
            let to = (left + x1 as i64).min(iw);
            if from >= to {
                continue;
            }
            let row = &self.px[sy * self.w..(sy + 1) * self.w];
            let dst = &mut rgb[(iy * iw + from) as usize * 3..(iy * iw + to) as usize * 3];
            let src = &row[(from - left) as usize..(to - left) as usize];
            for (d, s) in dst.chunks_exact_mut(3).zip(src) {
                let keep = 255 - u32::from(s[3]);
                if keep == 255 {
                    continue;
                }
                for k in 0..3 {
                    // d * keep / 255, rounded, plus the premultiplied colour.
                    let scaled = u32::from(d[k]) * keep + 128;
                    let v = u32::from(s[k]) + ((scaled + (scaled >> 8)) >> 8);
                    d[k] = v.min(255) as u8;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_loads_and_covers_the_default_text() {
        assert!(font().is_some(), "bundled font does not parse");
        assert!(missing_glyphs(super::super::DEFAULT_WATERMARK).is_empty());
        assert!(missing_glyphs("Only for 中国教师资格网 use, 2026").is_empty());
    }

    #[test]
    fn characters_outside_the_subset_are_reported_once() {
        assert_eq!(missing_glyphs("仅限😀使用😀\u{20000}"), vec!["😀".to_string(), "\u{20000}".to_string()]);
    }

    #[test]
    fn the_stamp_has_ink_and_rises_to_the_right() {
        let wm = Watermark::new("仅限在中国教师资格网办理业务使用");
        let font = font().expect("font");
        let text = TextMask::render(font, &wm.glyphs, 40.0);
        assert!(text.text.iter().filter(|&&c| c > 0.5).count() > 1000);
        assert!(text.halo.iter().sum::<f32>() > text.text.iter().sum::<f32>(), "halo wider than text");
        let stamp = Stamp::rotate(&text);
        assert!(stamp.w > stamp.h, "a -30° line is wider than tall");
        // Rising to the right: the ink of the top rows lies right of the ink of the bottom rows.
        let inked: Vec<_> = stamp.spans.iter().enumerate().filter(|(_, s)| s.0 < s.1).collect();
        let (top, bottom) = (inked[5].1, inked[inked.len() - 6].1);
        assert!(top.0 > bottom.1, "top {top:?} bottom {bottom:?}");
        // Text at 42 % over the halo at 30 %: 0.42 + 0.30 × 0.58 = 59 % where both are full, 30 % on
        // the halo's own ring; nowhere more.
        let max_alpha = stamp.px.iter().map(|p| p[3]).max().unwrap_or(0);
        assert!((148..=154).contains(&max_alpha), "text over halo: {max_alpha}");
        assert!(
            stamp.px.iter().any(|p| (70..=80).contains(&p[3]) && p[0].abs_diff(p[3]) <= 2),
            "no white halo at 30 %"
        );
    }

    #[test]
    fn blank_text_draws_nothing() {
        let mut rgb = vec![200u8; 50 * 40 * 3];
        Watermark::new(" \n\t").apply(&mut rgb, 50, 40);
        assert!(rgb.iter().all(|&v| v == 200));
    }
}
