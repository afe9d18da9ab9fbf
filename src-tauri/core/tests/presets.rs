//! Upload presets on real files (issue 22): a camera-like JPEG stored sideways (EXIF orientation 6),
//! a PNG, and a photo that went through HEIC and back to JPEG the way a phone's export does
//! (libheif's `heif-enc` and `heif-convert`, Debian's libheif-examples). Each is made into every
//! preset and the file is checked as the portal would: exact size (or in range), JPEG, bytes under
//! the limit, no EXIF left. ImageMagick (`convert`) draws the inputs.
//!
//! Unix only: the inputs are drawn by Debian's ImageMagick and libheif tools, which a Windows
//! test binary under Wine cannot start (the photo pipeline runs there in `photo.rs` and the core's
//! unit tests).
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assistant_core::photo::preset::{preset, presets, PresetSize};
use assistant_core::photo::testing::with_orientation;
use assistant_core::photo::{make_for_preset, open_source, CropRect, PhotoError, PresetWarning};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aa-presets-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn run(program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed for this test (scripts/setup.sh --test installs it): {e}"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A head-and-shoulders portrait on white, `w` × `h`, drawn by ImageMagick with some texture.
fn draw_portrait(path: &Path, w: u32, h: u32, background: &str) {
    let (cx, cy) = (w / 2, h * 3 / 10);
    let (rx, ry) = (w / 7, h / 7);
    run(
        "convert",
        &[
            "-size",
            &format!("{w}x{h}"),
            &format!("xc:{background}"),
            "-fill",
            "#d9a982",
            "-draw",
            &format!("ellipse {cx},{cy} {rx},{ry} 0,360"),
            "-fill",
            "#2a2a30",
            "-draw",
            &format!("ellipse {cx},{} {},{} 180,360", cy - ry / 3, rx + rx / 10, ry * 2 / 3),
            "-fill",
            "#1f3050",
            "-draw",
            &format!("ellipse {cx},{h} {},{} 180,360", w * 2 / 5, h * 3 / 10),
            "-attenuate",
            "0.4",
            "+noise",
            "Gaussian",
            "-quality",
            "92",
            path.to_str().expect("utf-8 path"),
        ],
    );
}

/// The inputs: name and bytes. All show the portrait upright once their orientation is applied.
fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let dir = scratch("inputs");
    // Sideways JPEG: drawn upright, turned 90° anticlockwise in the pixels, tagged "turn 90° clockwise".
    let upright = dir.join("upright.jpg");
    draw_portrait(&upright, 3000, 4000, "white");
    let sideways = dir.join("sideways.jpg");
    run("convert", &[upright.to_str().expect("p"), "-rotate", "-90", "-quality", "92", sideways.to_str().expect("p")]);
    let jpeg = with_orientation(&std::fs::read(&sideways).expect("read"), 6);
    let png = dir.join("photo.png");
    draw_portrait(&png, 1200, 1600, "#fdfdfd");
    // HEIC from a 2-megapixel copy: x265 on 12 megapixels takes minutes on a busy 2-core machine.
    let heic = dir.join("photo.heic");
    run("heif-enc", &["-q", "85", png.to_str().expect("p"), "-o", heic.to_str().expect("p")]);
    let back = dir.join("from-heic.jpg");
    run("heif-convert", &[heic.to_str().expect("p"), back.to_str().expect("p")]);
    let out = vec![
        ("jpeg-exif6", jpeg),
        ("png", std::fs::read(&png).expect("png")),
        ("heic-converted", std::fs::read(&back).expect("jpg")),
    ];
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn has_exif(jpeg: &[u8]) -> bool {
    jpeg.windows(6).any(|w| w == b"Exif\0\0")
}

#[test]
fn every_preset_from_every_real_input_meets_the_spec() {
    for (name, bytes) in inputs() {
        for p in presets().iter() {
            let source = open_source(&bytes, 0, p).unwrap_or_else(|e| panic!("{name} {}: {e}", p.id));
            assert!(source.height > source.width, "{name}: upright is portrait ({}x{})", source.width, source.height);
            let made =
                make_for_preset(&bytes, p, &source.suggested, 0).unwrap_or_else(|e| panic!("{name} {}: {e}", p.id));
            let jpeg = &made.jpeg;
            assert_eq!(&jpeg[..3], &[0xFF, 0xD8, 0xFF], "{name} {}: a JPEG", p.id);
            assert!(!has_exif(jpeg), "{name} {}: EXIF dropped", p.id);
            assert!(jpeg.len() <= p.max_bytes as usize, "{name} {}: {} bytes", p.id, jpeg.len());
            assert_eq!(made.info.bytes as usize, jpeg.len());
            let img = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).expect("decodes");
            assert_eq!((img.width(), img.height()), (made.info.width, made.info.height));
            match p.size {
                PresetSize::Exact { width, height, .. } => {
                    assert_eq!((img.width(), img.height()), (width, height), "{name}")
                }
                PresetSize::LongSide { min, max } => {
                    let long = img.width().max(img.height());
                    assert!((min..=max).contains(&long), "{name} {}: long side {long}", p.id);
                    let aspect = f64::from(img.width()) / f64::from(img.height());
                    assert!((aspect - p.aspect_ratio()).abs() < 0.01, "{name} {}: aspect {aspect}", p.id);
                }
            }
            if p.id == "jszg_photo" {
                assert!(
                    made.info.bytes >= 20 * 1024
                        || made.info.warnings.iter().any(|w| matches!(w, PresetWarning::SmallFile { .. }))
                );
                assert!(
                    !made.info.warnings.iter().any(|w| matches!(w, PresetWarning::BackgroundNotWhite { .. })),
                    "{name}: white background passes: {:?}",
                    made.info.warnings
                );
                // The photo is upright: the dark shoulders are at the bottom, the white at the top.
                let rgb = img.to_rgb8();
                let top = rgb.get_pixel(5, 5).0;
                let bottom = rgb.get_pixel(147, 405).0;
                assert!(top.iter().all(|&c| c > 220), "{name}: top is background {top:?}");
                assert!(bottom.iter().all(|&c| c < 120), "{name}: shoulders at the bottom {bottom:?}");
            }
        }
    }
}

#[test]
fn a_frame_that_needs_too_much_enlarging_is_refused_with_the_reason() {
    let dir = scratch("small");
    let small = dir.join("small.jpg");
    draw_portrait(&small, 240, 320, "white");
    let bytes = std::fs::read(&small).expect("read");
    let photo = &preset("jszg_photo").expect("preset");
    // The whole 240-pixel width: 295/240 = 1.23, allowed (at most 1.5).
    let whole = CropRect { x: 0.0, y: 0.0, width: 1.0, height: 1.0 };
    let made = make_for_preset(&bytes, photo, &whole, 0).expect("mild upscale is fine");
    assert_eq!((made.info.width, made.info.height), (295, 413));
    assert!(made.info.upscale > 1.2 && made.info.upscale < 1.3, "{}", made.info.upscale);
    // Half the width: 295/120 = 2.46, refused.
    let half = CropRect { x: 0.25, y: 0.1, width: 0.5, height: 0.5 };
    match make_for_preset(&bytes, photo, &half, 0) {
        Err(e @ PhotoError::NeedsUpscale { crop_width: 120, min_width: 197, max_upscale_percent: 150, .. }) => {
            assert!(e.message().zh_cn.contains("197"), "{}", e.message().zh_cn);
        }
        other => panic!("expected NeedsUpscale, got {other:?}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_blue_background_and_a_sideways_scan_are_named() {
    let dir = scratch("checks");
    let blue = dir.join("blue.jpg");
    draw_portrait(&blue, 900, 1200, "#3d7fd6");
    let bytes = std::fs::read(&blue).expect("read");
    let photo = &preset("jszg_photo").expect("preset");
    let source = open_source(&bytes, 0, photo).expect("open");
    let made = make_for_preset(&bytes, photo, &source.suggested, 0).expect("made");
    assert!(
        made.info.warnings.iter().any(|w| matches!(w, PresetWarning::BackgroundNotWhite { .. })),
        "{:?}",
        made.info.warnings
    );

    // A certificate-like page with lines of Chinese text, scanned lying on its side.
    let page = dir.join("page.png");
    let font = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/NotoSansCJKsc-Subset.otf");
    let text = "普通话水平测试等级证书\n\n姓名 李华 性别 女\n\n身份证件号码 如实填写\n\n测试成绩 八十七分\n\n等级 二级甲等\n\n发证单位 测试中心";
    run(
        "convert",
        &[
            "-size",
            "2100x2970",
            "xc:#f7f5ee",
            "-font",
            font,
            "-pointsize",
            "110",
            "-fill",
            "#222",
            "-gravity",
            "center",
            "-annotate",
            "+0+0",
            text,
            "-rotate",
            "90",
            page.to_str().expect("p"),
        ],
    );
    let bytes = std::fs::read(&page).expect("read");
    let scan = &preset("putonghua_scan").expect("preset");
    let full = CropRect { x: 0.0, y: 0.0, width: 1.0, height: 1.0 };
    // Lying on its side the picture is landscape; the A4-portrait frame takes its middle.
    let sideways = open_source(&bytes, 0, scan).expect("open");
    let made = make_for_preset(&bytes, scan, &sideways.suggested, 0).expect("made");
    assert!(made.info.warnings.contains(&PresetWarning::NotUpright), "{:?}", made.info.warnings);
    // Turned back (three clockwise quarter turns = one anticlockwise), it passes.
    let made = make_for_preset(&bytes, scan, &full, 3).expect("made");
    assert_eq!(made.info.warnings, [], "upright");
    assert!((made.info.height as f64 / made.info.width as f64 - 297.0 / 210.0).abs() < 0.01);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_files_get_the_hand_held_photo_messages() {
    let photo = &preset("jszg_photo").expect("preset");
    let whole = CropRect { x: 0.0, y: 0.0, width: 1.0, height: 1.0 };
    assert_eq!(make_for_preset(b"", photo, &whole, 0).map(|_| ()), Err(PhotoError::Empty));
    assert_eq!(open_source(b"not a photo at all", 0, photo).map(|_| ()), Err(PhotoError::Unsupported { format: None }));
    let heic = b"\0\0\0\x1cftypheic\0\0\0\0mif1heic";
    assert_eq!(
        make_for_preset(heic, photo, &whole, 0).map(|_| ()),
        Err(PhotoError::Unsupported { format: Some("HEIC".into()) })
    );
    let bad = CropRect { x: 0.0, y: 0.0, width: f64::INFINITY, height: 1.0 };
    let dir = scratch("bad");
    let p = dir.join("p.png");
    draw_portrait(&p, 400, 560, "white");
    let bytes = std::fs::read(&p).expect("read");
    assert_eq!(make_for_preset(&bytes, photo, &bad, 0).map(|_| ()), Err(PhotoError::BadCrop));
    let cut = &bytes[..bytes.len() / 2];
    assert_eq!(make_for_preset(cut, photo, &whole, 0).map(|_| ()), Err(PhotoError::Corrupt));
    let _ = std::fs::remove_dir_all(&dir);
}
