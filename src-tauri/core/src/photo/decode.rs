//! Reading the photo safely: size and format checks, the pixel limit from the header before any
//! pixel buffer exists, the EXIF orientation, and transparent pixels laid over white.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use super::{PhotoError, MAX_INPUT_BYTES, MAX_PIXELS};

/// Most memory a decoder may ask for: a 50-megapixel RGBA image with 16-bit channels (400 MB) fits,
/// anything the header lies about beyond that does not.
pub(crate) const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// A decoded photo as 8-bit RGB, still in its stored orientation.
pub(crate) struct Decoded {
    pub rgb: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// What the EXIF orientation tag asks for; applied after the downscale, where it is cheaper.
    pub orientation: Orientation,
}

/// The format by its first bytes. `Err` names what it is when it is a format we recognise but
/// do not read, so the message can say e.g. "HEIC".
fn sniff(bytes: &[u8]) -> Result<ImageFormat, PhotoError> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Ok(ImageFormat::Jpeg);
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Ok(ImageFormat::Png);
    }
    if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Ok(ImageFormat::WebP);
    }
    let named = |name: &str| Err(PhotoError::Unsupported { format: Some(name.to_owned()) });
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return match &bytes[8..12] {
            b"avif" | b"avis" => named("AVIF"),
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" => named("HEIC"),
            _ => Err(PhotoError::Unsupported { format: None }),
        };
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return named("GIF");
    }
    if starts(b"BM") {
        return named("BMP");
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        return named("TIFF");
    }
    if starts(b"%PDF") {
        return named("PDF");
    }
    Err(PhotoError::Unsupported { format: None })
}

/// Maps a decoder error to what the applicant can act on.
fn from_image_error(e: ImageError, width: u32, height: u32) -> PhotoError {
    match e {
        // A JPEG variant (12-bit, lossless, arithmetic coding) or a PNG feature the decoder lacks.
        ImageError::Unsupported(_) => PhotoError::Unsupported { format: None },
        ImageError::Limits(_) => PhotoError::TooManyPixels { width, height, limit: MAX_PIXELS },
        // Decoding errors, and I/O errors that on an in-memory buffer can only mean "ran out of data".
        _ => PhotoError::Corrupt,
    }
}

/// A JPEG's entropy-coded data ends with the EOI marker. zune-jpeg (run non-strict by `image`)
/// fills a cut-off scan with grey instead of failing, so a half-downloaded photo would come out as
/// a "valid" picture with its bottom missing: look for EOI after the first scan ourselves.
/// Inside scan data 0xFF is always followed by 0x00 or a restart marker, so FF D9 there is EOI;
/// an embedded EXIF thumbnail's EOI lies before the first SOS and is skipped by walking segments.
/// The search runs from the end, where EOI sits in a whole file: a few bytes read instead of all
/// megabytes of scan data (the answer is the same either way).
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut i = 2; // after SOI
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if marker == 0xDA {
            let scan = bytes.get(i + 2 + len..).unwrap_or(&[]);
            return scan.windows(2).rev().any(|w| w == [0xFF, 0xD9]);
        }
        i += 2 + len;
    }
    false
}

/// Decodes `bytes` to 8-bit RGB, refusing oversized, unknown, damaged or bomb-like files before
/// spending memory on them. Transparent pixels become white: a JPEG has no alpha, and an ID photo
/// on black looks like a mistake.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() as u64 > u64::from(MAX_INPUT_BYTES) {
        let size = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        return Err(PhotoError::TooLarge { bytes: size, limit: MAX_INPUT_BYTES });
    }
    let format = sniff(bytes)?;
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(PhotoError::Corrupt);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    // Only the header is read here; the pixel limit below is checked before any pixel buffer.
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(|e| from_image_error(e, 0, 0))?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(PhotoError::Corrupt);
    }
    if u64::from(width) * u64::from(height) > u64::from(MAX_PIXELS) {
        return Err(PhotoError::TooManyPixels { width, height, limit: MAX_PIXELS });
    }
    if decoder.total_bytes() > MAX_ALLOC {
        return Err(PhotoError::TooManyPixels { width, height, limit: MAX_PIXELS });
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    decoder.set_limits(limits).map_err(|e| from_image_error(e, width, height))?;
    // A damaged EXIF block must not cost the applicant a readable photo: treat it as upright.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(|e| from_image_error(e, width, height))?;
    let rgb = if image.color().has_alpha() {
        flatten_on_white(image.into_rgba8().into_raw())
    } else {
        image.into_rgb8().into_raw()
    };
    Ok(Decoded { rgb, width, height, orientation })
}

/// RGBA → RGB over a white background.
fn flatten_on_white(rgba: Vec<u8>) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for p in rgba.chunks_exact(4) {
        let a = u32::from(p[3]);
        for &c in &p[..3] {
            rgb.push(((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    rgb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats_by_their_first_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(ImageFormat::Jpeg));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Ok(ImageFormat::WebP));
        let heic = sniff(b"\0\0\0\x18ftypheic\0\0\0\0");
        assert_eq!(heic, Err(PhotoError::Unsupported { format: Some("HEIC".into()) }));
        assert_eq!(sniff(b"GIF89a..."), Err(PhotoError::Unsupported { format: Some("GIF".into()) }));
        assert_eq!(sniff(b"hello"), Err(PhotoError::Unsupported { format: None }));
        assert_eq!(sniff(&[0xFF]), Err(PhotoError::Unsupported { format: None }));
    }

    #[test]
    fn flattening_puts_transparency_on_white() {
        let rgb = flatten_on_white(vec![0, 0, 0, 0, 10, 20, 30, 255, 0, 0, 0, 128]);
        assert_eq!(rgb, vec![255, 255, 255, 10, 20, 30, 127, 127, 127]);
    }

    #[test]
    fn a_jpeg_without_end_of_image_after_its_scan_is_incomplete() {
        // SOI, APP0 (len 4, two bytes), SOS (len 2), one byte of scan data, EOI.
        let full = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 1, 2, 0xFF, 0xDA, 0, 2, 0x55, 0xFF, 0xD9];
        assert!(jpeg_is_complete(&full));
        assert!(!jpeg_is_complete(&full[..13]));
        // An EOI inside an APP segment (an EXIF thumbnail) does not count.
        let thumb = [0xFF, 0xD8, 0xFF, 0xE1, 0, 4, 0xFF, 0xD9, 0xFF, 0xDA, 0, 2, 0x55];
        assert!(!jpeg_is_complete(&thumb));
    }
}
