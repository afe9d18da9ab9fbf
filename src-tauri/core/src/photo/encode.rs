//! JPEG encoding at the best quality that fits the size limit.
//!
//! The first try is at [`MAX_QUALITY`], which fits a 1600-pixel photo into 2 MB and a 295 × 413
//! ID photo into 190 KB almost always, so the usual cost is one encode. Otherwise the highest
//! quality in 40..=91 that fits is found by interpolation: JPEG bytes follow a power of the
//! quantiser scale closely, so each guess aims where that curve, drawn through the qualities
//! already tried, meets the limit. That takes 2–3 more encodes where a binary search took 7
//! (quality 40, then 6 halvings); after three guesses the search halves, so a badly fitting curve
//! costs a few encodes more, never a wrong answer. If even quality 40 is too big, the caller
//! shrinks the photo.

use jpeg_encoder::{ChromaSubsamplingMethod, ColorType, Encoder, SamplingFactor};

/// Quality of the first try. Above ~92 a JPEG grows fast with no difference anyone can see,
/// least of all after the portal recompresses it.
pub(crate) const MAX_QUALITY: u8 = 92;
/// Below this, blocks and ringing show on faces and the ID's print; shrink the photo instead.
pub(crate) const MIN_QUALITY: u8 = 40;

/// Encodes packed RGB as a baseline JPEG (no metadata: GPS position and camera data are left out).
///
/// `jpeg-encoder` (SIMD) rather than `image`'s encoder: 3–4 times faster, and the encode is what
/// the quality search repeats. Chroma is always 4:2:0 and box-averaged, as cameras and libjpeg do:
/// half the colour resolution is invisible on a photo and saves a third of the bytes.
pub(crate) fn encode(rgb: &[u8], width: u32, height: u32, quality: u8) -> Option<Vec<u8>> {
    let (w, h) = (u16::try_from(width).ok()?, u16::try_from(height).ok()?);
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(SamplingFactor::F_2_2);
    encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    encoder.encode(rgb, w, h, ColorType::Rgb).ok()?;
    Some(out)
}

/// The outcome of the quality search.
pub(crate) enum Fit {
    /// The JPEG and the quality it was encoded at.
    Fits(Vec<u8>, u8),
    /// Too big even at [`MIN_QUALITY`]; the size it had there.
    TooBig(usize),
}

/// The IJG quantiser scale (percent of the standard tables) at `quality`, as `jpeg-encoder` uses it.
fn scale(quality: u8) -> f64 {
    let q = f64::from(quality.clamp(1, 100));
    if q < 50.0 {
        5000.0 / q
    } else {
        200.0 - 2.0 * q
    }
}

/// How fast bytes fall as the quantiser scale grows (bytes ~ scale^-k) before two tries tell:
/// about 0.7 on photos and scans.
const DEFAULT_EXPONENT: f64 = 0.7;

/// The quality whose JPEG should come out at `target` bytes, from tries `(quality, bytes)` on either
/// side (or one try and [`DEFAULT_EXPONENT`]), on the curve log(bytes) = a - k log(scale).
fn guess(known: (u8, usize), other: Option<(u8, usize)>, target: f64) -> f64 {
    let (q0, b0) = (scale(known.0).ln(), (known.1.max(1) as f64).ln());
    let k = match other {
        Some((q, b)) if scale(q) != scale(known.0) => {
            let k = (b0 - (b.max(1) as f64).ln()) / (scale(q).ln() - q0);
            if k.is_finite() && k > 0.05 {
                k
            } else {
                DEFAULT_EXPONENT
            }
        }
        _ => DEFAULT_EXPONENT,
    };
    // Back from the scale to the quality (both branches of `scale`).
    let s = (q0 + (b0 - target.ln()) / k).exp();
    if s > 100.0 {
        5000.0 / s
    } else {
        (200.0 - s) / 2.0
    }
}

/// Interpolated guesses before the search falls back to halving the range.
const MAX_GUESSES: u8 = 3;

/// The highest quality in `MIN_QUALITY..=MAX_QUALITY` whose JPEG is at most `max_bytes`: the same
/// answer as a binary search (bytes grow with quality), in fewer encodes; at most 10 in all.
pub(crate) fn fit_quality(rgb: &[u8], width: u32, height: u32, max_bytes: usize) -> Option<Fit> {
    let first = encode(rgb, width, height, MAX_QUALITY)?;
    if first.len() <= max_bytes {
        return Some(Fit::Fits(first, MAX_QUALITY));
    }
    // Invariant: quality `hi` (`hi_bytes`) does not fit; `best`, if any, fits at quality `lo`;
    // the qualities between them are untried. `above` is an earlier try that did not fit either.
    let (mut hi, mut hi_bytes) = (MAX_QUALITY, first.len());
    let mut above: Option<(u8, usize)> = None;
    let mut best: Option<(u8, Vec<u8>)> = None;
    let mut guesses = 0;
    loop {
        let lo = best.as_ref().map_or(MIN_QUALITY - 1, |(q, _)| *q);
        if hi - lo <= 1 {
            break;
        }
        let mid = lo + (hi - lo) / 2;
        let q = if guesses < MAX_GUESSES {
            guesses += 1;
            // With nothing that fits yet, aim a little under the limit so the guess likely fits
            // and the next one (one up) settles it; between two sides, aim at the limit itself.
            let (other, target) = match &best {
                Some((q, jpeg)) => (Some((*q, jpeg.len())), max_bytes as f64),
                None => (above, max_bytes as f64 * 0.97),
            };
            let estimate = guess((hi, hi_bytes), other, target);
            if estimate.is_finite() {
                estimate.floor().clamp(f64::from(lo + 1), f64::from(hi - 1)) as u8
            } else {
                mid
            }
        } else {
            mid
        };
        let jpeg = encode(rgb, width, height, q)?;
        if jpeg.len() <= max_bytes {
            best = Some((q, jpeg));
        } else {
            above = Some((hi, hi_bytes));
            (hi, hi_bytes) = (q, jpeg.len());
        }
    }
    Some(match best {
        Some((q, jpeg)) => Fit::Fits(jpeg, q),
        // Nothing fits: `hi` is MIN_QUALITY, tried, and `hi_bytes` its size.
        None => Fit::TooBig(hi_bytes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A gradient with grain, 120 × 90: bytes grow with quality like a photo's.
    fn picture() -> Vec<u8> {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        (0..120u32 * 90)
            .flat_map(|i| {
                let (x, y) = (i % 120, i / 120);
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let n = (seed % 41) as u32;
                [(x * 2 + n) as u8, (y * 2 + n) as u8, ((x + y) + n) as u8]
            })
            .collect()
    }

    #[test]
    fn the_search_finds_the_highest_quality_that_fits() {
        let rgb = picture();
        let sizes: Vec<(u8, usize)> = (MIN_QUALITY..=MAX_QUALITY)
            .map(|q| (q, encode(&rgb, 120, 90, q).map_or(usize::MAX, |j| j.len())))
            .collect();
        let (smallest, largest) = (sizes[0].1, sizes[sizes.len() - 1].1);
        // Limits from below quality 40's size to above quality 92's, in 40 steps.
        for i in 0..=40 {
            let limit = smallest - 1 + (largest + 1 - (smallest - 1)) * i / 40;
            let best = sizes.iter().rev().find(|(_, n)| *n <= limit);
            match fit_quality(&rgb, 120, 90, limit) {
                Some(Fit::Fits(jpeg, q)) => {
                    assert!(jpeg.len() <= limit, "limit {limit}: {} bytes at {q}", jpeg.len());
                    assert_eq!(Some(q), best.map(|(q, _)| *q), "limit {limit}: {sizes:?}");
                }
                Some(Fit::TooBig(n)) => {
                    assert_eq!(best, None, "limit {limit}");
                    assert_eq!(n, smallest, "the size at quality 40");
                }
                None => panic!("encoding failed"),
            }
        }
    }
}
