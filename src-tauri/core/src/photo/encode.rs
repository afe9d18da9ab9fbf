//! JPEG encoding at the best quality that fits the size limit.
//!
//! The first try is at [`MAX_QUALITY`], which fits a 1600-pixel photo into 2 MB almost always, so
//! the usual cost is one encode. Otherwise a binary search over 40..=91 finds the highest quality
//! that fits (6 encodes at most); if even quality 40 is too big, the caller shrinks the photo.

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

/// The highest quality in `MIN_QUALITY..=MAX_QUALITY` whose JPEG is at most `max_bytes`.
pub(crate) fn fit_quality(rgb: &[u8], width: u32, height: u32, max_bytes: usize) -> Option<Fit> {
    let first = encode(rgb, width, height, MAX_QUALITY)?;
    if first.len() <= max_bytes {
        return Some(Fit::Fits(first, MAX_QUALITY));
    }
    let lowest = encode(rgb, width, height, MIN_QUALITY)?;
    if lowest.len() > max_bytes {
        return Some(Fit::TooBig(lowest.len()));
    }
    // Invariant: `best` (at quality `lo`) fits; quality `hi` does not.
    let (mut lo, mut hi, mut best) = (MIN_QUALITY, MAX_QUALITY, lowest);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let jpeg = encode(rgb, width, height, mid)?;
        if jpeg.len() <= max_bytes {
            (lo, best) = (mid, jpeg);
        } else {
            hi = mid;
        }
    }
    Some(Fit::Fits(best, lo))
}
