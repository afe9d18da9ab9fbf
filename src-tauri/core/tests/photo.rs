//! The ID photo tool end to end, on images made here: orientation, transparency, WebP, bombs and
//! broken files, the size limit, and the watermark.

use assistant_core::photo::testing::with_orientation;
use assistant_core::photo::{
    missing_glyphs, prepare_photo, PhotoError, PhotoInfo, PhotoOptions, DEFAULT_MAX_BYTES, DEFAULT_WATERMARK,
    MAX_PIXELS,
};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};

const RED: [u8; 3] = [220, 20, 20];
const BLUE: [u8; 3] = [20, 20, 220];
const WHITE: [u8; 3] = [255, 255, 255];

fn no_watermark() -> PhotoOptions {
    PhotoOptions { watermark: String::new(), ..PhotoOptions::default() }
}

fn jpeg(rgb: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode(rgb.as_raw(), rgb.width(), rgb.height(), ExtendedColorType::Rgb8)
        .expect("encode jpeg");
    out
}

/// A photo-like picture: smooth gradients with grain, deterministic.
fn noisy_photo(width: u32, height: u32, grain: u32) -> RgbImage {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    RgbImage::from_fn(width, height, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % u64::from(2 * grain + 1)) as i32 - grain as i32;
        let gx = (x * 255 / width) as i32;
        let gy = (y * 255 / height) as i32;
        let c = |v: i32| (v + n).clamp(0, 255) as u8;
        image::Rgb([c(gx), c((gx + gy) / 2), c(255 - gy)])
    })
}

fn decode(jpeg: &[u8]) -> RgbImage {
    assert!(jpeg.starts_with(&[0xFF, 0xD8]), "not a JPEG");
    image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).expect("output decodes").into_rgb8()
}

fn close(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(&x, y)| x.abs_diff(y) < 40)
}

/// The four quadrant centres: top-left, top-right, bottom-left, bottom-right.
fn quadrants(img: &RgbImage) -> [[u8; 3]; 4] {
    let (w, h) = (img.width(), img.height());
    let at = |x: u32, y: u32| img.get_pixel(x, y).0;
    [at(w / 4, h / 4), at(3 * w / 4, h / 4), at(w / 4, 3 * h / 4), at(3 * w / 4, 3 * h / 4)]
}

#[test]
fn exif_orientations_1_to_8_come_out_upright() {
    // Stored 160 × 80: red top-left quadrant, blue top-right, white bottom half.
    let stored = RgbImage::from_fn(160, 80, |x, y| {
        image::Rgb(match (x < 80, y < 40) {
            (true, true) => RED,
            (false, true) => BLUE,
            _ => WHITE,
        })
    });
    let plain = jpeg(&stored, 95);
    const TL: usize = 0;
    const TR: usize = 1;
    const BL: usize = 2;
    const BR: usize = 3;
    // Where the stored top-left (red) and top-right (blue) quadrants must be shown.
    let expected =
        [(1, TL, TR), (2, TR, TL), (3, BR, BL), (4, BL, BR), (5, TL, BL), (6, TR, BR), (7, BR, TR), (8, BL, TL)];
    for (orientation, red, blue) in expected {
        let input = with_orientation(&plain, orientation);
        let out = prepare_photo(&input, &no_watermark()).unwrap_or_else(|e| panic!("{orientation}: {e}"));
        let img = decode(&out.jpeg);
        let swapped = orientation >= 5;
        let size = if swapped { (80, 160) } else { (160, 80) };
        assert_eq!((img.width(), img.height()), size, "orientation {orientation}");
        assert_eq!((out.info.width, out.info.height), size);
        let q = quadrants(&img);
        assert!(close(q[red], RED), "orientation {orientation}: red expected in quadrant {red}, got {q:?}");
        assert!(close(q[blue], BLUE), "orientation {orientation}: blue expected in quadrant {blue}, got {q:?}");
        let white = (0..4).filter(|&i| close(q[i], WHITE)).count();
        assert_eq!(white, 2, "orientation {orientation}: {q:?}");
    }
}

#[test]
fn transparent_png_pixels_become_white_not_black() {
    let (w, h) = (120u32, 90u32);
    let mut rgba = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let inside = (40..80).contains(&x) && (30..60).contains(&y);
            // Transparent pixels carry black colour values, as many editors save them.
            rgba.extend(if inside { [10, 10, 10, 255] } else { [0, 0, 0, 0] });
        }
    }
    let mut png = Vec::new();
    PngEncoder::new(&mut png).write_image(&rgba, w, h, ExtendedColorType::Rgba8).expect("png");
    let out = prepare_photo(&png, &no_watermark()).expect("prepare");
    let img = decode(&out.jpeg);
    assert_eq!((img.width(), img.height()), (w, h));
    assert!(close(img.get_pixel(5, 5).0, WHITE), "corner {:?}", img.get_pixel(5, 5));
    assert!(close(img.get_pixel(60, 45).0, [10, 10, 10]), "centre {:?}", img.get_pixel(60, 45));
}

#[test]
fn webp_is_read() {
    let (w, h) = (120u32, 90u32);
    let img = RgbImage::from_fn(w, h, |x, _| image::Rgb(if x < w / 2 { RED } else { BLUE }));
    let mut webp = Vec::new();
    WebPEncoder::new_lossless(&mut webp).write_image(img.as_raw(), w, h, ExtendedColorType::Rgb8).expect("webp");
    assert!(webp.starts_with(b"RIFF") && &webp[8..12] == b"WEBP");
    let out = prepare_photo(&webp, &no_watermark()).expect("prepare webp");
    let img = decode(&out.jpeg);
    assert_eq!((img.width(), img.height()), (w, h));
    assert!(close(img.get_pixel(20, 45).0, RED) && close(img.get_pixel(100, 45).0, BLUE));
}

/// A PNG chunk with its CRC (PNG readers check it, so the bomb must be well-formed).
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in kind.iter().chain(data) {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend(kind);
    out.extend(data);
    out.extend((!crc).to_be_bytes());
    out
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    // A 100000 × 100000 RGBA PNG header (40 GB of pixels) with a few bytes of data.
    let mut ihdr = Vec::new();
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    png.extend(png_chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    png.extend(png_chunk(b"IEND", &[]));
    let started = std::time::Instant::now();
    let err = prepare_photo(&png, &PhotoOptions::default()).expect_err("bomb accepted");
    assert_eq!(err, PhotoError::TooManyPixels { width: 100_000, height: 100_000, limit: MAX_PIXELS });
    assert!(started.elapsed().as_secs() < 2, "refusing took {:?}: did it decode?", started.elapsed());
    assert!(err.message().zh_cn.contains("100000 × 100000"));
}

#[test]
fn truncated_and_damaged_files_are_corrupt() {
    let full = jpeg(&noisy_photo(300, 200, 30), 90);
    assert!(prepare_photo(&full, &no_watermark()).is_ok(), "the untruncated JPEG must work");
    for cut in [full.len() / 2, full.len() - 2, 200] {
        assert_eq!(prepare_photo(&full[..cut], &no_watermark()).map(|p| p.info), Err(PhotoError::Corrupt), "cut {cut}");
    }
    // Header damage after SOI.
    let mut damaged = full.clone();
    for b in &mut damaged[4..60] {
        *b = 0x5A;
    }
    assert_eq!(prepare_photo(&damaged, &no_watermark()).map(|p| p.info), Err(PhotoError::Corrupt));
    let mut png = Vec::new();
    let img = noisy_photo(200, 150, 30);
    PngEncoder::new(&mut png).write_image(img.as_raw(), 200, 150, ExtendedColorType::Rgb8).expect("png");
    assert_eq!(prepare_photo(&png[..png.len() / 2], &no_watermark()).map(|p| p.info), Err(PhotoError::Corrupt));
}

#[test]
fn other_files_are_refused_with_a_reason() {
    let mut seed = 7u32;
    let random: Vec<u8> = (0..5000)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as u8
        })
        .collect();
    let opts = PhotoOptions::default();
    assert_eq!(prepare_photo(&random, &opts).map(|p| p.info), Err(PhotoError::Unsupported { format: None }));
    assert_eq!(prepare_photo(&[], &opts).map(|p| p.info), Err(PhotoError::Empty));
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
    assert_eq!(
        prepare_photo(heic, &opts).map(|p| p.info),
        Err(PhotoError::Unsupported { format: Some("HEIC".into()) })
    );
    let huge = vec![0u8; 40 * 1024 * 1024 + 1];
    let err = prepare_photo(&huge, &opts).expect_err("41 MB accepted");
    assert!(matches!(err, PhotoError::TooLarge { limit, .. } if limit == 40 * 1024 * 1024), "{err:?}");
}

#[test]
fn options_out_of_range_are_refused() {
    let input = jpeg(&noisy_photo(64, 64, 10), 90);
    let opts = PhotoOptions { long_side: 10, ..PhotoOptions::default() };
    assert!(matches!(prepare_photo(&input, &opts), Err(PhotoError::BadLongSide { long_side: 10, .. })));
    let opts = PhotoOptions { max_bytes: 1000, ..PhotoOptions::default() };
    assert!(matches!(prepare_photo(&input, &opts), Err(PhotoError::MaxBytesTooSmall { max_bytes: 1000, .. })));
    let opts = PhotoOptions { watermark: "字".repeat(41), ..PhotoOptions::default() };
    assert!(matches!(prepare_photo(&input, &opts), Err(PhotoError::WatermarkTooLong { chars: 41, max: 40 })));
}

#[test]
fn a_12_megapixel_photo_fits_the_defaults_and_the_input_is_untouched() {
    let input = jpeg(&noisy_photo(4000, 3000, 40), 90);
    let copy = input.clone();
    let out = prepare_photo(&input, &PhotoOptions::default()).expect("prepare");
    assert_eq!(input, copy, "the input bytes changed");
    assert_eq!((out.info.width, out.info.height), (1600, 1200));
    assert!(out.jpeg.len() <= DEFAULT_MAX_BYTES as usize);
    assert_eq!(out.info.bytes as usize, out.jpeg.len());
    assert!(out.info.missing.is_empty());
    assert!(!out.jpeg.windows(6).any(|w| w == b"Exif\0\0"), "metadata of the original leaked into the JPEG");
    let img = decode(&out.jpeg);
    assert_eq!((img.width(), img.height()), (1600, 1200));
}

#[test]
fn the_quality_is_lowered_to_fit_a_smaller_limit_and_the_photo_shrunk_when_needed() {
    let input = jpeg(&noisy_photo(2000, 1500, 40), 92);
    let limit = 300 * 1024;
    let out = prepare_photo(&input, &PhotoOptions { max_bytes: limit, ..PhotoOptions::default() }).expect("fit");
    assert!(out.jpeg.len() <= limit as usize, "{} bytes", out.jpeg.len());
    assert!((40..92).contains(&out.info.quality), "quality {}", out.info.quality);
    assert_eq!(out.info.width, 1600);
    // Higher quality would not have fitted: the search found the best one, not just any.
    let limit = 40 * 1024;
    let out = prepare_photo(&input, &PhotoOptions { max_bytes: limit, ..PhotoOptions::default() }).expect("shrink");
    assert!(out.jpeg.len() <= limit as usize);
    assert!(out.info.width < 1600 && out.info.width >= 400, "width {}", out.info.width);
    let img = decode(&out.jpeg);
    assert_eq!((img.width(), img.height()), (out.info.width, out.info.height));
    // Grain that no JPEG of 400 px packs into 20 KB.
    let grainy = jpeg(&noisy_photo(500, 375, 127), 95);
    let err = prepare_photo(&grainy, &PhotoOptions { max_bytes: 20 * 1024, ..PhotoOptions::default() });
    assert_eq!(err.map(|p| p.info), Err(PhotoError::CannotFit { limit: 20 * 1024 }));
}

/// Mean absolute difference between two same-size images, per quarter.
fn quarter_differences(a: &RgbImage, b: &RgbImage) -> [f64; 4] {
    let (w, h) = (a.width(), a.height());
    let mut sums = [0f64; 4];
    let mut counts = [0f64; 4];
    for (x, y, p) in a.enumerate_pixels() {
        let q = usize::from(x >= w / 2) + 2 * usize::from(y >= h / 2);
        let o = b.get_pixel(x, y);
        sums[q] += p.0.iter().zip(o.0).map(|(&u, v)| f64::from(u.abs_diff(v))).sum::<f64>() / 3.0;
        counts[q] += 1.0;
    }
    [0, 1, 2, 3].map(|i| sums[i] / counts[i])
}

#[test]
fn the_watermark_covers_every_quarter_and_custom_text_works() {
    let input = jpeg(&noisy_photo(1600, 1200, 8), 95);
    let plain = decode(&prepare_photo(&input, &no_watermark()).expect("plain").jpeg);
    let marked = prepare_photo(&input, &PhotoOptions::default()).expect("marked");
    let marked_img = decode(&marked.jpeg);
    // To look at it: PHOTO_TEST_OUT=/tmp cargo test -p assistant-core --test photo watermark_covers
    if let Some(dir) = std::env::var_os("PHOTO_TEST_OUT") {
        std::fs::write(std::path::Path::new(&dir).join("watermarked.jpg"), &marked.jpeg).expect("write");
    }
    for (i, d) in quarter_differences(&plain, &marked_img).iter().enumerate() {
        assert!(*d > 2.0, "quarter {i} barely changed: {d}");
    }
    let custom =
        prepare_photo(&input, &PhotoOptions { watermark: "ONLY FOR 测试 2026".into(), ..PhotoOptions::default() })
            .expect("custom");
    assert!(custom.info.missing.is_empty());
    let custom_img = decode(&custom.jpeg);
    let diffs = quarter_differences(&marked_img, &custom_img);
    assert!(diffs.iter().all(|d| *d > 2.0), "custom text drew the same as the default: {diffs:?}");
}

#[test]
fn the_watermark_reads_on_light_and_dark_photos_without_hiding_them() {
    for (name, level) in [("white", 255u8), ("grey", 128), ("black", 0)] {
        let flat = RgbImage::from_pixel(800, 600, image::Rgb([level; 3]));
        let mut png = Vec::new();
        PngEncoder::new(&mut png).write_image(flat.as_raw(), 800, 600, ExtendedColorType::Rgb8).expect("png");
        let out = decode(&prepare_photo(&png, &PhotoOptions::default()).expect("prepare").jpeg);
        let diffs: Vec<u8> = out.pixels().map(|p| p.0[1].abs_diff(level)).collect();
        let marked = diffs.iter().filter(|&&d| d > 12).count() as f64 / diffs.len() as f64;
        let strongest = diffs.iter().copied().max().unwrap_or(0);
        // Visible: a few percent of the photo carries text or halo. Not hiding: most of it is
        // untouched, and nothing is covered by more than ~45 % (plus JPEG ringing).
        assert!((0.03..0.45).contains(&marked), "{name}: {:.1} % of pixels marked", marked * 100.0);
        assert!(strongest > 40, "{name}: watermark too faint ({strongest})");
        assert!(strongest < 150, "{name}: watermark too opaque ({strongest})");
    }
}

#[test]
fn characters_outside_the_font_are_reported_not_fatal() {
    let input = jpeg(&noisy_photo(400, 300, 10), 90);
    let opts = PhotoOptions { watermark: "仅限😀使用\u{2A6D6}".into(), ..PhotoOptions::default() };
    let out = prepare_photo(&input, &opts).expect("prepare");
    assert_eq!(out.info.missing, vec!["😀".to_string(), "\u{2A6D6}".to_string()]);
    assert!(missing_glyphs(DEFAULT_WATERMARK).is_empty());
    assert_eq!(missing_glyphs("a😀b😀"), vec!["😀".to_string()]);
}

#[test]
fn options_and_info_serialise_for_the_page() {
    let defaults: PhotoOptions = serde_json::from_str("{}").expect("defaults from {}");
    assert_eq!(defaults, PhotoOptions::default());
    assert_eq!(defaults.long_side, 1600);
    assert_eq!(defaults.max_bytes, 2 * 1024 * 1024);
    assert_eq!(defaults.watermark, "仅限在中国教师资格网办理业务使用");
    let info = PhotoInfo { width: 1, height: 2, quality: 90, bytes: 3, missing: vec![] };
    let json = serde_json::to_value(&info).expect("json");
    assert_eq!(json, serde_json::json!({"width": 1, "height": 2, "quality": 90, "bytes": 3, "missing": []}));
}
