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
    /// Size of `rgb`: the stored size times `scale`, rounded up.
    pub width: u32,
    pub height: u32,
    /// What the EXIF orientation tag asks for; applied after the downscale, where it is cheaper.
    pub orientation: Orientation,
    /// The decoded size over the stored size: 1.0, or 1/2, 1/4, 1/8 from a reduced JPEG decode.
    pub scale: f64,
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

/// What the header says, read after every check that needs no pixels.
pub(crate) struct Header {
    format: ImageFormat,
    /// Stored size, full resolution.
    pub width: u32,
    pub height: u32,
    /// What the EXIF orientation tag asks for.
    pub orientation: Orientation,
}

/// Checks `bytes` before spending memory on them: size, a format we read, a whole JPEG, and the
/// pixel count from the header (a decompression bomb is refused here, without allocating).
pub(crate) fn read_header(bytes: &[u8]) -> Result<Header, PhotoError> {
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
    let (mut decoder, width, height) = open(bytes, format)?;
    // A damaged EXIF block must not cost the applicant a readable photo: treat it as upright.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    Ok(Header { format, width, height, orientation })
}

/// The `image` decoder for `bytes`, its pixel limit checked from the header and its memory capped.
fn open(bytes: &[u8], format: ImageFormat) -> Result<(impl ImageDecoder + '_, u32, u32), PhotoError> {
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
    Ok((decoder, width, height))
}

/// Decodes `bytes` to 8-bit RGB at full resolution, refusing oversized, unknown, damaged or
/// bomb-like files before spending memory on them (see [`read_header`]).
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, PhotoError> {
    let header = read_header(bytes)?;
    decode_reduced(bytes, &header, 1.0)
}

/// Decodes `bytes` (checked by [`read_header`]) at the smallest JPEG DCT scale (1/8, 1/4, 1/2) whose
/// sides are still at least `min_fraction` of the stored ones, or at full resolution. A JPEG stores
/// 8 × 8 blocks of frequencies; decoding only the lowest 1, 2 or 4 of them per side gives the
/// picture at 1/8, 1/4 or 1/2 the size, skipping most of the inverse DCT, colour conversion and
/// memory traffic, which dominate a 12-megapixel decode when the result is a 295 × 413 photo. The
/// caller asks for what its output needs, so nothing is ever enlarged from a reduced decode.
///
/// Reduced decoding is done by `jpeg-decoder`, `image`'s own JPEG decoder until 0.25 (`zune-jpeg`,
/// which `image` uses now, decodes only at full size). Anything it does not take (CMYK, 16-bit, a
/// file it refuses) goes the full-resolution way, so the applicant's messages stay those of the
/// hand-held photo. PNG and WebP are always decoded in full.
pub(crate) fn decode_reduced(bytes: &[u8], header: &Header, min_fraction: f64) -> Result<Decoded, PhotoError> {
    if header.format == ImageFormat::Jpeg {
        if let Some(decoded) = dct_eighths(min_fraction).and_then(|eighths| decode_jpeg_scaled(bytes, header, eighths))
        {
            return Ok(decoded);
        }
    }
    let (decoder, width, height) = open(bytes, header.format)?;
    let image = DynamicImage::from_decoder(decoder).map_err(|e| from_image_error(e, width, height))?;
    let rgb = if image.color().has_alpha() {
        flatten_on_white(image.into_rgba8().into_raw())
    } else {
        image.into_rgb8().into_raw()
    };
    Ok(Decoded { rgb, width, height, orientation: header.orientation, scale: 1.0 })
}

/// The DCT size (eighths of full size: 1, 2 or 4) for a decode at least `min_fraction` of full
/// size; `None` when only the full size (8/8) has enough pixels.
pub(crate) fn dct_eighths(min_fraction: f64) -> Option<u32> {
    [1, 2, 4].into_iter().find(|&eighths| f64::from(eighths) / 8.0 >= min_fraction)
}

/// A JPEG decoded at `eighths`/8 of its size by `jpeg-decoder`; `None` for anything that should
/// take the full-resolution way instead.
fn decode_jpeg_scaled(bytes: &[u8], header: &Header, eighths: u32) -> Option<Decoded> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(usize::try_from(MAX_ALLOC).ok()?);
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    if (u32::from(info.width), u32::from(info.height)) != (header.width, header.height) {
        return None;
    }
    let channels = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => 3,
        jpeg_decoder::PixelFormat::L8 => 1,
        _ => return None,
    };
    // The decoder's own rounding: a partial block at the edge still gives a pixel.
    let side = |full: u32| u16::try_from((full * eighths).div_ceil(8)).ok();
    let want = (side(header.width)?, side(header.height)?);
    // `scale` picks the smallest DCT size reaching the request on either side; asking for
    // exactly the size of `eighths` gets that size, which the check below confirms.
    if decoder.scale(want.0, want.1).ok()? != want {
        return None;
    }
    let pixels = decoder.decode().ok()?;
    let (width, height) = (u32::from(want.0), u32::from(want.1));
    if pixels.len() != (width * height) as usize * channels {
        return None;
    }
    let rgb = if channels == 1 { pixels.iter().flat_map(|&v| [v, v, v]).collect() } else { pixels };
    Some(Decoded { rgb, width, height, orientation: header.orientation, scale: f64::from(eighths) / 8.0 })
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

    /// A smooth picture `w` × `h` as a JPEG (colour, or grey when `grey`).
    fn gradient_jpeg(w: u32, h: u32, grey: bool) -> Vec<u8> {
        let px = |x: u32, y: u32| [(x * 255 / w) as u8, (y * 255 / h) as u8, ((x + y) * 255 / (w + h)) as u8];
        let rgb: Vec<u8> = (0..w * h).flat_map(|i| px(i % w, i / w)).collect();
        if !grey {
            return super::super::encode::encode(&rgb, w, h, 90).expect("encode");
        }
        let luma: Vec<u8> = rgb.chunks_exact(3).map(|p| p[0]).collect();
        let mut out = Vec::new();
        let encoder = jpeg_encoder::Encoder::new(&mut out, 90);
        encoder.encode(&luma, w as u16, h as u16, jpeg_encoder::ColorType::Luma).expect("encode");
        out
    }

    #[test]
    fn the_dct_scale_is_the_smallest_with_enough_pixels() {
        assert_eq!(dct_eighths(0.1), Some(1));
        assert_eq!(dct_eighths(0.125), Some(1));
        assert_eq!(dct_eighths(0.13), Some(2));
        assert_eq!(dct_eighths(0.5), Some(4));
        assert_eq!(dct_eighths(0.51), None);
        assert_eq!(dct_eighths(1.0), None);
    }

    #[test]
    fn a_jpeg_is_decoded_reduced_only_as_far_as_asked() {
        // Sides that are not multiples of 8: a partial block still gives a pixel.
        for grey in [false, true] {
            let jpeg = gradient_jpeg(803, 611, grey);
            let header = read_header(&jpeg).expect("header");
            assert_eq!((header.width, header.height), (803, 611));
            let full = decode_reduced(&jpeg, &header, 1.0).expect("full");
            assert_eq!((full.width, full.height, full.scale), (803, 611, 1.0));
            for (fraction, scale, size) in [
                (0.6, 1.0, (803, 611)),
                (0.5, 0.5, (402, 306)),
                (0.26, 0.5, (402, 306)),
                (0.25, 0.25, (201, 153)),
                (0.1, 0.125, (101, 77)),
            ] {
                let d = decode_reduced(&jpeg, &header, fraction).expect("decode");
                assert_eq!((d.scale, (d.width, d.height)), (scale, size), "fraction {fraction}, grey {grey}");
                assert_eq!(d.rgb.len(), (d.width * d.height * 3) as usize);
                // The same picture as the full decode shrunk to that size.
                let shrunk = super::super::resize::resize_rgb(&full.rgb, 803, 611, size).expect("resize");
                let diff: u64 = d.rgb.iter().zip(&shrunk).map(|(a, b)| u64::from(a.abs_diff(*b))).sum();
                let mean = diff as f64 / shrunk.len() as f64;
                assert!(mean < 2.0, "fraction {fraction}, grey {grey}: differs by {mean:.2} on average");
            }
        }
    }

    #[test]
    fn png_is_always_decoded_in_full() {
        let mut png = Vec::new();
        let img = image::RgbImage::from_pixel(400, 300, image::Rgb([200, 10, 10]));
        img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).expect("png");
        let header = read_header(&png).expect("header");
        let d = decode_reduced(&png, &header, 0.1).expect("decode");
        assert_eq!((d.width, d.height, d.scale), (400, 300, 1.0));
    }
}
