//! The ID photo tool (issue 8): makes a phone photo of an ID card or a portrait ready for upload.
//!
//! Portals such as 中国教师资格网 take only a JPEG under a size limit, and applicants are told to
//! watermark copies of their ID so a leaked copy cannot be reused elsewhere. [`prepare_photo`] does
//! it in one step, on bytes in and bytes out, so the original file is never touched:
//!
//! 1. checks the file before decoding it (size, format from its first bytes, and the pixel count from
//!    the header, so a decompression bomb is refused without allocating), see `decode`;
//! 2. decodes JPEG, PNG or WebP; transparent pixels become white;
//! 3. downscales to the long side asked for (default 1600 px) with a SIMD filter, then applies the
//!    EXIF orientation (1–8) so the photo is upright (cheaper after the downscale);
//! 4. blends a tiled diagonal watermark rendered once with the bundled CJK font, see `watermark`;
//! 5. encodes a JPEG at the highest quality that fits the byte limit (default 2 MB), shrinking the
//!    photo only if even quality 40 does not fit. The JPEG carries no EXIF: the GPS position and
//!    the camera data of the original are not passed on to the portal.
//!
//! Upload presets (issue 22: the 认定 photo, the 普通话 and 学历 scans) reuse steps 1, 2 and 5 with
//! a crop frame instead of the watermark: see `preset` (the data), `crop` and `checks`.
//!
//! Nothing here panics on input; every failure is a [`PhotoError`] whose [`PhotoError::message`]
//! tells the applicant what to do, in three languages.

mod checks;
mod crop;
mod decode;
mod encode;
mod error;
pub mod preset;
mod resize;
#[doc(hidden)]
pub mod testing;
mod watermark;

use serde::{Deserialize, Serialize};

pub use checks::PresetWarning;
pub use crop::{
    make_for_preset, make_for_preset_full_decode, open_source, CropRect, CropSource, PresetPhoto, PresetPhotoInfo,
};
pub use error::PhotoError;

/// The default long side, pixels: sharp enough to read an ID number, small enough for any portal.
pub const DEFAULT_LONG_SIDE: u32 = 1600;
/// The default size limit: 2 MB (2 × 1024 × 1024 bytes), the teacher site's upload limit.
pub const DEFAULT_MAX_BYTES: u32 = 2 * 1024 * 1024;
/// The default watermark, in the teacher site's own wording.
pub const DEFAULT_WATERMARK: &str = "仅限在中国教师资格网办理业务使用";
/// The range of long sides offered.
pub const MIN_LONG_SIDE: u32 = 200;
pub const MAX_LONG_SIDE: u32 = 8000;
/// The smallest size limit accepted: below it no photo of a face or an ID stays readable.
pub const MIN_MAX_BYTES: u32 = 20 * 1024;
/// Longest watermark, characters: longer text makes a line wider than the photo.
pub const MAX_WATERMARK_CHARS: u32 = 40;
/// Largest file read: phone photos are 2–15 MB; 40 MB leaves room for big camera JPEGs.
pub const MAX_INPUT_BYTES: u32 = 40 * 1024 * 1024;
/// Most pixels decoded: 50 megapixels covers every phone (a 200 MP sensor saves 50 MP by default).
pub const MAX_PIXELS: u32 = 50_000_000;
/// If even quality 40 is too big the photo is shrunk, but not below this long side.
const MIN_SHRUNK_LONG_SIDE: u32 = 400;

/// What the applicant chose; [`Default`] is the teacher site's requirements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct PhotoOptions {
    /// Longest side of the result, pixels ([`MIN_LONG_SIDE`]..=[`MAX_LONG_SIDE`]); never upscaled.
    pub long_side: u32,
    /// Most bytes the JPEG may have (at least [`MIN_MAX_BYTES`]).
    pub max_bytes: u32,
    /// Watermark text; empty or blank means no watermark.
    pub watermark: String,
}

impl Default for PhotoOptions {
    fn default() -> PhotoOptions {
        PhotoOptions {
            long_side: DEFAULT_LONG_SIDE,
            max_bytes: DEFAULT_MAX_BYTES,
            watermark: DEFAULT_WATERMARK.to_owned(),
        }
    }
}

impl PhotoOptions {
    fn check(&self) -> Result<(), PhotoError> {
        if !(MIN_LONG_SIDE..=MAX_LONG_SIDE).contains(&self.long_side) {
            return Err(PhotoError::BadLongSide { long_side: self.long_side, min: MIN_LONG_SIDE, max: MAX_LONG_SIDE });
        }
        if self.max_bytes < MIN_MAX_BYTES {
            return Err(PhotoError::MaxBytesTooSmall { max_bytes: self.max_bytes, min: MIN_MAX_BYTES });
        }
        let chars = u32::try_from(self.watermark.trim().chars().count()).unwrap_or(u32::MAX);
        if chars > MAX_WATERMARK_CHARS {
            return Err(PhotoError::WatermarkTooLong { chars, max: MAX_WATERMARK_CHARS });
        }
        Ok(())
    }
}

/// What came out, for the page to show next to the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PhotoInfo {
    /// Size of the JPEG, pixels, upright.
    pub width: u32,
    pub height: u32,
    /// The JPEG quality used (40..=92).
    pub quality: u8,
    /// Size of the JPEG, bytes.
    pub bytes: u32,
    /// Watermark characters the bundled font lacks (each once, as one-character strings); they
    /// are drawn as `?`. Empty when the whole text was drawn.
    pub missing: Vec<String>,
}

/// The prepared photo: the JPEG bytes and what describes them. Kept apart so the bytes can go to
/// a file or a binary IPC response while [`PhotoInfo`] goes to the page as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedPhoto {
    pub jpeg: Vec<u8>,
    pub info: PhotoInfo,
}

/// Characters of `text` the watermark font cannot draw, for checking the text as it is typed.
pub fn missing_glyphs(text: &str) -> Vec<String> {
    watermark::missing_glyphs(text)
}

/// Prepares `input` (a JPEG, PNG or WebP file's bytes) for upload: upright, at most
/// `options.long_side` pixels on its long side, watermarked, and a JPEG of at most
/// `options.max_bytes` bytes. `input` is only read.
pub fn prepare_photo(input: &[u8], options: &PhotoOptions) -> Result<PreparedPhoto, PhotoError> {
    options.check()?;
    let decoded = decode::decode(input)?;
    let mark = watermark::Watermark::new(&options.watermark);
    let max_bytes = options.max_bytes as usize;
    let mut long_side = options.long_side;
    loop {
        let size = resize::fit(decoded.width, decoded.height, long_side);
        let small = resize::resize_rgb(&decoded.rgb, decoded.width, decoded.height, size)?;
        let (mut rgb, width, height) = resize::orient(small, size.0, size.1, decoded.orientation);
        mark.apply(&mut rgb, width, height);
        // The encoder fails only on buffers of the wrong size, which we never build.
        match encode::fit_quality(&rgb, width, height, max_bytes).ok_or(PhotoError::Corrupt)? {
            encode::Fit::Fits(jpeg, quality) => {
                let bytes = u32::try_from(jpeg.len()).unwrap_or(u32::MAX);
                let info = PhotoInfo { width, height, quality, bytes, missing: mark.missing };
                return Ok(PreparedPhoto { jpeg, info });
            }
            encode::Fit::TooBig(smallest) => {
                // Bytes scale roughly with pixels, so with the side's square; aim 10 % under.
                let current = width.max(height);
                let factor = ((max_bytes as f64 / smallest as f64).sqrt() * 0.9).clamp(0.5, 0.9);
                let next = (f64::from(current) * factor) as u32;
                if current <= MIN_SHRUNK_LONG_SIDE {
                    return Err(PhotoError::CannotFit { limit: options.max_bytes });
                }
                long_side = next.max(MIN_SHRUNK_LONG_SIDE);
            }
        }
    }
}
