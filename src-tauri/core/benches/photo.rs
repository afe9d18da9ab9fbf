//! Issue 8 asks the ID photo pipeline to beat ImageMagick on the same job. Both get a
//! 12-megapixel (4000 × 3000) phone-like JPEG at quality 90 whose EXIF orientation is 6 (stored
//! sideways, as phones save portrait photos), and both auto-orient it, fit it into 1600 × 1600,
//! tile a diagonal text watermark drawn with the bundled CJK font over it, and write a JPEG.
//! ImageMagick runs as a process, the way a shell script would use it; if it is not installed its
//! half is skipped with a note.
//!
//! Issue 22 adds the 认定 photo preset on the same input: crop a frame of the preset's aspect from
//! the upright photo, resize it to exactly 295 × 413, encode a JPEG under 190 KB, no EXIF; and
//! ImageMagick doing the same crop-resize-encode (`-auto-orient -crop -resize ! -strip`), and
//! the time of the decode step on its own (full size, and reduced as the preset decodes it).
//!
//! Run: `cargo bench -p assistant-core --bench photo`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use assistant_core::photo::preset::preset;
use assistant_core::photo::{
    make_for_preset, make_for_preset_full_decode, prepare_photo, CropRect, PhotoOptions, DEFAULT_WATERMARK,
};
use criterion::{criterion_group, criterion_main, Criterion};
use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, RgbImage};

const FONT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/NotoSansCJKsc-Subset.otf");

/// Smooth gradients with grain: compresses like a photo, unlike flat colour or pure noise.
fn photo(width: u32, height: u32) -> RgbImage {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    RgbImage::from_fn(width, height, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 25) as i32 - 12;
        let r = (x * 255 / width) as i32;
        let g = ((x + y) * 255 / (width + height)) as i32;
        let b = 255 - (y * 255 / height) as i32;
        let wave = (((x as f32 / 90.0).sin() + (y as f32 / 70.0).cos()) * 30.0) as i32;
        let c = |v: i32| (v + wave + n).clamp(0, 255) as u8;
        image::Rgb([c(r), c(g), c(b)])
    })
}

/// An APP1 segment whose minimal TIFF block holds only the orientation tag.
fn exif_orientation(orientation: u16) -> Vec<u8> {
    let mut tiff = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
    tiff.extend(orientation.to_le_bytes());
    tiff.extend([0, 0, 0, 0, 0, 0]);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    segment.extend(b"Exif\0\0");
    segment.extend(tiff);
    segment
}

fn input_jpeg() -> Vec<u8> {
    let img = photo(4000, 3000);
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode(img.as_raw(), 4000, 3000, ExtendedColorType::Rgb8)
        .expect("encode the test photo");
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_orientation(6));
    out.extend(&jpeg[2..]);
    out
}

/// The real ImageMagick `convert`, not a stand-in script: the path and its `-version` banner.
fn imagemagick() -> Option<PathBuf> {
    ["/usr/bin/convert", "/usr/local/bin/magick", "/usr/bin/magick", "convert"].iter().map(PathBuf::from).find(|p| {
        Command::new(p)
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("ImageMagick"))
    })
}

/// The same job for ImageMagick: auto-orient, resize, draw the text once into a rotated tile
/// (dark text, light outline, ~40 % opacity) and tile it over the photo, JPEG quality 85.
fn imagemagick_args(input: &Path, output: &Path) -> Vec<String> {
    let text = DEFAULT_WATERMARK;
    [
        input.to_str().unwrap_or_default(),
        "-auto-orient",
        "-resize",
        "1600x1600",
        "(",
        "-size",
        "1000x560",
        "xc:none",
        "-font",
        FONT,
        "-pointsize",
        "57",
        "-gravity",
        "center",
        "-stroke",
        "rgba(255,255,255,0.30)",
        "-strokewidth",
        "6",
        "-fill",
        "rgba(40,40,40,0.42)",
        "-annotate",
        "-30x-30+0+0",
        text,
        "-stroke",
        "none",
        "-annotate",
        "-30x-30+0+0",
        text,
        "-write",
        "mpr:mark",
        "+delete",
        ")",
        "(",
        "+clone",
        "-tile",
        "mpr:mark",
        "-draw",
        "color 0,0 reset",
        ")",
        "-composite",
        "-quality",
        "85",
        output.to_str().unwrap_or_default(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn run_imagemagick(convert: &Path, args: &[String]) {
    let status = Command::new(convert).args(args).status().expect("run ImageMagick");
    assert!(status.success(), "ImageMagick failed: {status}");
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn bench(c: &mut Criterion) {
    let input = input_jpeg();
    let options = PhotoOptions::default();
    let dir = std::env::temp_dir().join(format!("aa-photo-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let (in_path, out_path) = (dir.join("in.jpg"), dir.join("out.jpg"));
    std::fs::write(&in_path, &input).expect("write the test photo");

    let ours = prepare_photo(&input, &options).expect("prepare");
    eprintln!(
        "photo: input {} bytes (4000x3000, EXIF orientation 6) -> ours {}x{}, quality {}, {} bytes",
        input.len(),
        ours.info.width,
        ours.info.height,
        ours.info.quality,
        ours.info.bytes
    );
    let convert = imagemagick();
    let args = imagemagick_args(&in_path, &out_path);
    match &convert {
        Some(path) => {
            run_imagemagick(path, &args);
            let theirs = std::fs::read(&out_path).expect("ImageMagick output");
            let img = image::load_from_memory(&theirs).expect("ImageMagick wrote a JPEG");
            eprintln!(
                "photo: ImageMagick ({}) -> {}x{}, quality 85, {} bytes",
                path.display(),
                img.width(),
                img.height(),
                theirs.len()
            );
            std::fs::write(dir.join("ours.jpg"), &ours.jpeg).expect("write ours for a look");
            // A quick side-by-side first, so the ratio is printed in one line.
            let mut t_ours = Vec::new();
            let mut t_theirs = Vec::new();
            for _ in 0..7 {
                let t = Instant::now();
                black_box(prepare_photo(black_box(&input), &options).expect("prepare"));
                t_ours.push(t.elapsed());
                let t = Instant::now();
                run_imagemagick(path, &args);
                t_theirs.push(t.elapsed());
            }
            let (a, b) = (median(t_ours), median(t_theirs));
            eprintln!(
                "photo: median of 7 -- ours {:.1} ms, ImageMagick {:.1} ms: ours is {:.1}x faster",
                a.as_secs_f64() * 1e3,
                b.as_secs_f64() * 1e3,
                b.as_secs_f64() / a.as_secs_f64()
            );
        }
        None => {
            eprintln!("photo: ImageMagick `convert` not found; skipping the comparison (apt-get install imagemagick)")
        }
    }

    let mut group = c.benchmark_group("photo_12mp");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    group.bench_function("ours", |b| b.iter(|| prepare_photo(black_box(&input), &options).expect("prepare")));
    if let Some(path) = &convert {
        group.bench_function("imagemagick", |b| b.iter(|| run_imagemagick(path, &args)));
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The frame both sides crop: upright 3000 × 4000, a 2100 × 2940 frame (295:413) from (450, 300).
const FRAME: (u32, u32, u32, u32) = (450, 300, 2100, 2940);

fn preset_args(input: &Path, output: &Path) -> Vec<String> {
    let (x, y, w, h) = FRAME;
    [
        input.to_str().unwrap_or_default(),
        "-auto-orient",
        "-crop",
        &format!("{w}x{h}+{x}+{y}"),
        "+repage",
        "-resize",
        "295x413!",
        "-strip",
        "-quality",
        "92",
        output.to_str().unwrap_or_default(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn bench_preset(c: &mut Criterion) {
    let input = input_jpeg();
    let photo = &preset("jszg_photo").expect("the 认定 photo preset");
    let (x, y, w, h) = FRAME;
    let crop = CropRect {
        x: f64::from(x) / 3000.0,
        y: f64::from(y) / 4000.0,
        width: f64::from(w) / 3000.0,
        height: f64::from(h) / 4000.0,
    };
    let dir = std::env::temp_dir().join(format!("aa-preset-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let (in_path, out_path) = (dir.join("in.jpg"), dir.join("out.jpg"));
    std::fs::write(&in_path, &input).expect("write the test photo");
    let ours = make_for_preset(&input, photo, &crop, 0).expect("preset");
    eprintln!(
        "preset: ours {}x{}, quality {}, {} bytes",
        ours.info.width, ours.info.height, ours.info.quality, ours.info.bytes
    );
    let convert = imagemagick();
    let args = preset_args(&in_path, &out_path);
    if let Some(path) = &convert {
        run_imagemagick(path, &args);
        let theirs = std::fs::read(&out_path).expect("ImageMagick output");
        let img = image::load_from_memory(&theirs).expect("ImageMagick wrote a JPEG");
        eprintln!("preset: ImageMagick {}x{}, {} bytes", img.width(), img.height(), theirs.len());
        // Interleaved, so the machine's load falls on all three alike: the preset as it runs (reduced
        // decode), the same with the full-size decode it used before, and ImageMagick.
        let (mut t_ours, mut t_full, mut t_theirs) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..9 {
            let t = Instant::now();
            black_box(make_for_preset(black_box(&input), photo, &crop, 0).expect("preset"));
            t_ours.push(t.elapsed());
            let t = Instant::now();
            black_box(make_for_preset_full_decode(black_box(&input), photo, &crop, 0).expect("preset"));
            t_full.push(t.elapsed());
            let t = Instant::now();
            run_imagemagick(path, &args);
            t_theirs.push(t.elapsed());
        }
        let (a, f, b) = (median(t_ours), median(t_full), median(t_theirs));
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        eprintln!(
            "preset: median of 9 -- ours {:.1} ms (full-size decode {:.1} ms), ImageMagick {:.1} ms: \
             ours is {:.1}x faster ({:.1}x with the full-size decode)",
            ms(a),
            ms(f),
            ms(b),
            b.as_secs_f64() / a.as_secs_f64(),
            b.as_secs_f64() / f.as_secs_f64()
        );
    }
    // Where the time goes: the decode is most of it. Full size through `image` (zune-jpeg), and the
    // 1/4 DCT-scaled decode (jpeg-decoder) the preset takes here (295 of 2100 px needs 1/8 or more:
    // 1/8 gives 262, too few, so 1/4), and the rest of the pipeline after either.
    let time = |f: &dyn Fn()| {
        median(
            (0..7)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed()
                })
                .collect(),
        )
    };
    let full = time(&|| {
        black_box(image::load_from_memory(black_box(&input)).expect("decode"));
    });
    let quarter = time(&|| {
        let mut d = jpeg_decoder::Decoder::new(black_box(&input[..]));
        d.scale(1000, 750).expect("scale");
        black_box(d.decode().expect("decode"));
    });
    let whole = time(&|| {
        black_box(make_for_preset(black_box(&input), photo, &crop, 0).expect("preset"));
    });
    eprintln!(
        "preset: steps (median of 7) -- full decode {:.1} ms, 1/4 decode {:.1} ms; whole preset {:.1} ms",
        full.as_secs_f64() * 1e3,
        quarter.as_secs_f64() * 1e3,
        whole.as_secs_f64() * 1e3
    );
    let mut group = c.benchmark_group("preset_12mp");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    group.bench_function("ours", |b| b.iter(|| make_for_preset(black_box(&input), photo, &crop, 0).expect("preset")));
    group.bench_function("ours_full_decode", |b| {
        b.iter(|| make_for_preset_full_decode(black_box(&input), photo, &crop, 0).expect("preset"))
    });
    if let Some(path) = &convert {
        group.bench_function("imagemagick", |b| b.iter(|| run_imagemagick(path, &args)));
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench, bench_preset);
criterion_main!(benches);
