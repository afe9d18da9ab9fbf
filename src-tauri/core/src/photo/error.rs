//! What can go wrong with a photo, and what the applicant is told about it.
//!
//! Every variant says what is wrong *and* what to do, in the three shipped languages: the applicant
//! is usually at a service-hall counter or at home with a phone photo, and "decode error" helps
//! nobody. The `Display` text is a short English summary for logs.

use serde::Serialize;
use thiserror::Error;

use crate::lang::Text;

/// Why a photo could not be prepared. Numbers are `u32` so the TypeScript side gets plain numbers.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PhotoError {
    /// The file has no bytes at all (a failed download or copy).
    #[error("the file is empty")]
    Empty,
    /// The file is bigger than any photo we accept (checked before anything is parsed).
    #[error("file of {bytes} bytes is over the {limit}-byte limit")]
    TooLarge { bytes: u32, limit: u32 },
    /// Not JPEG, PNG or WebP. `format` names what it is when we recognise it (e.g. "HEIC").
    #[error("unsupported format{}", format.as_deref().map(|f| format!(" ({f})")).unwrap_or_default())]
    Unsupported { format: Option<String> },
    /// The header or the pixel data is damaged or cut short.
    #[error("the file is damaged or incomplete")]
    Corrupt,
    /// The header announces more pixels than we are willing to allocate (a decompression bomb, or
    /// a huge scan). Checked from the header, before any pixel buffer exists.
    #[error("{width}x{height} pixels is over the {limit}-pixel limit")]
    TooManyPixels { width: u32, height: u32, limit: u32 },
    /// Even at the lowest quality and a reduced size the JPEG stays over the byte limit.
    #[error("cannot fit the photo into {limit} bytes")]
    CannotFit { limit: u32 },
    /// The watermark text is longer than a watermark can usefully be.
    #[error("watermark text of {chars} characters is over the {max}-character limit")]
    WatermarkTooLong { chars: u32, max: u32 },
    /// The requested long side is outside what the tool offers.
    #[error("long side {long_side} is outside {min}..={max}")]
    BadLongSide { long_side: u32, min: u32, max: u32 },
    /// The requested size limit is too small for any usable photo.
    #[error("size limit {max_bytes} is below the {min}-byte minimum")]
    MaxBytesTooSmall { max_bytes: u32, min: u32 },
    /// The chosen frame covers too few pixels: reaching the preset's size would mean enlarging it
    /// beyond the preset's limit (`max_upscale_percent`, e.g. 150), which only makes a blurred file.
    #[error("a {crop_width}x{crop_height} frame would need enlarging beyond {max_upscale_percent} % to reach {width}x{height}")]
    NeedsUpscale {
        crop_width: u32,
        crop_height: u32,
        width: u32,
        height: u32,
        /// The narrowest frame, in pixels, that is enlarged no more than allowed.
        min_width: u32,
        max_upscale_percent: u32,
    },
    /// The crop frame sent by the page is empty or not a number.
    #[error("the crop frame is empty or invalid")]
    BadCrop,
    /// No preset has this id.
    #[error("unknown preset")]
    UnknownPreset,
}

/// "2 MB", "1.5 MB", "300 KB": sizes the way the official sites state them (1 MB = 1024 KB).
fn size_text(bytes: u32) -> String {
    let bytes = f64::from(bytes);
    if bytes >= 1024.0 * 1024.0 {
        let mb = bytes / (1024.0 * 1024.0);
        let s = format!("{mb:.1}");
        format!("{} MB", s.strip_suffix(".0").unwrap_or(&s))
    } else {
        format!("{} KB", (bytes / 1024.0).ceil())
    }
}

/// Megapixels with one decimal, without a trailing ".0".
fn megapixels(pixels: u64) -> String {
    let s = format!("{:.1}", pixels as f64 / 1_000_000.0);
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

impl PhotoError {
    /// What is wrong and how to fix it, in zh-CN, zh-TW and en.
    pub fn message(&self) -> Text {
        match self {
            PhotoError::Empty => Text::new(
                "照片文件是空的（0 字节），可能没有下载或复制完整。请重新拍摄或重新导出照片后再选择。",
                "照片檔案是空的（0 位元組），可能沒有下載或複製完整。請重新拍攝或重新匯出照片後再選擇。",
                "The photo file is empty (0 bytes); it was probably not fully downloaded or copied. \
                 Take the photo again or export it again, then choose it.",
            ),
            PhotoError::TooLarge { bytes, limit } => {
                let (b, l) = (size_text(*bytes), size_text(*limit));
                Text::new(
                    format!(
                        "照片文件太大（{b}），本工具最多读取 {l}。请在手机或电脑上把照片另存为 JPEG，\
                         或发送/导出时选择较小的尺寸，然后再选择。"
                    ),
                    format!(
                        "照片檔案太大（{b}），本工具最多讀取 {l}。請在手機或電腦上把照片另存為 JPEG，\
                         或傳送/匯出時選擇較小的尺寸，然後再選擇。"
                    ),
                    format!(
                        "The photo file is too large ({b}); this tool reads at most {l}. Save the photo as \
                         a JPEG on your phone or computer, or pick a smaller size when sharing or exporting \
                         it, then choose it again."
                    ),
                )
            }
            PhotoError::Unsupported { format: Some(f) } if f == "HEIC" || f == "AVIF" => Text::new(
                format!(
                    "这是 {f} 格式的照片（苹果手机等的默认格式），本工具不能读取。请在手机“设置 > 相机 > 格式”\
                     中选择“兼容性最佳”后重新拍摄，或把照片导出为 JPEG 后再选择。"
                ),
                format!(
                    "這是 {f} 格式的照片（蘋果手機等的預設格式），本工具無法讀取。請在手機「設定 > 相機 > 格式」\
                     中選擇「最相容」後重新拍攝，或把照片匯出為 JPEG 後再選擇。"
                ),
                format!(
                    "This photo is in {f} format (the default on iPhones and some other phones), which this \
                     tool cannot read. On the phone choose Settings > Camera > Formats > Most Compatible and \
                     take the photo again, or export it as JPEG, then choose it."
                ),
            ),
            PhotoError::Unsupported { format } => {
                let (zh, tw, en) = match format {
                    Some(f) => (format!("（{f}）"), format!("（{f}）"), format!(" ({f})")),
                    None => (String::new(), String::new(), String::new()),
                };
                Text::new(
                    format!(
                        "这个文件不是本工具能读取的照片格式{zh}。请选择 JPEG、PNG 或 WebP 格式的照片；\
                         其他格式请先用手机或电脑的“导出”或“另存为”转成 JPEG。"
                    ),
                    format!(
                        "這個檔案不是本工具能讀取的照片格式{tw}。請選擇 JPEG、PNG 或 WebP 格式的照片；\
                         其他格式請先用手機或電腦的「匯出」或「另存新檔」轉成 JPEG。"
                    ),
                    format!(
                        "This file is not a photo format this tool can read{en}. Choose a JPEG, PNG or WebP \
                         photo; convert other formats to JPEG first with Export or Save As on your phone or \
                         computer."
                    ),
                )
            }
            PhotoError::Corrupt => Text::new(
                "照片文件已损坏或不完整（可能没有下载或复制完），无法读出画面。请重新拍摄，\
                 或从原处重新导出、重新下载后再选择。",
                "照片檔案已損壞或不完整（可能沒有下載或複製完），無法讀出畫面。請重新拍攝，\
                 或從原處重新匯出、重新下載後再選擇。",
                "The photo file is damaged or incomplete (perhaps not fully downloaded or copied), so its \
                 picture cannot be read. Take the photo again, or export or download it again from where it \
                 came from, then choose it.",
            ),
            PhotoError::TooManyPixels { width, height, limit } => {
                let mp = megapixels(u64::from(*width) * u64::from(*height));
                let lim = megapixels(u64::from(*limit));
                Text::new(
                    format!(
                        "照片的像素太多（{width} × {height}，约 {mp} 百万像素），本工具最多处理 {lim} 百万像素。\
                         请先在手机或电脑上把照片缩小（例如长边 4000 像素），再选择。"
                    ),
                    format!(
                        "照片的像素太多（{width} × {height}，約 {mp} 百萬像素），本工具最多處理 {lim} 百萬像素。\
                         請先在手機或電腦上把照片縮小（例如長邊 4000 像素），再選擇。"
                    ),
                    format!(
                        "The photo has too many pixels ({width} × {height}, about {mp} megapixels); this tool \
                         handles at most {lim} megapixels. Reduce the photo first on your phone or computer \
                         (for example to 4000 pixels on the long side), then choose it."
                    ),
                )
            }
            PhotoError::CannotFit { limit } => {
                let l = size_text(*limit);
                Text::new(
                    format!(
                        "即使降低画质和尺寸，照片也无法压缩到 {l} 以内。请确认网站要求的文件大小，\
                         或换一张背景简单、光线均匀的照片。"
                    ),
                    format!(
                        "即使降低畫質和尺寸，照片也無法壓縮到 {l} 以內。請確認網站要求的檔案大小，\
                         或換一張背景簡單、光線均勻的照片。"
                    ),
                    format!(
                        "The photo cannot be compressed to {l} or less, even at lower quality and size. Check \
                         the file size the site asks for, or use a photo with a plain background and even light."
                    ),
                )
            }
            PhotoError::WatermarkTooLong { chars, max } => Text::new(
                format!("水印文字太长（{chars} 个字），最多 {max} 个字。请缩短水印文字。"),
                format!("浮水印文字太長（{chars} 個字），最多 {max} 個字。請縮短浮水印文字。"),
                format!("The watermark text is too long ({chars} characters); at most {max}. Shorten it."),
            ),
            PhotoError::BadLongSide { long_side, min, max } => Text::new(
                format!("照片长边 {long_side} 像素超出可选范围（{min}–{max} 像素）。请在这个范围内重新设置。"),
                format!("照片長邊 {long_side} 像素超出可選範圍（{min}–{max} 像素）。請在這個範圍內重新設定。"),
                format!(
                    "A long side of {long_side} pixels is outside the range offered ({min}–{max} pixels). \
                     Choose a value in that range."
                ),
            ),
            PhotoError::MaxBytesTooSmall { max_bytes, min } => {
                let (m, n) = (size_text(*max_bytes), size_text(*min));
                Text::new(
                    format!("文件大小上限 {m} 太小，至少要 {n}。请按网站的要求重新设置（常见为 200 KB 到 2 MB）。"),
                    format!("檔案大小上限 {m} 太小，至少要 {n}。請依網站的要求重新設定（常見為 200 KB 到 2 MB）。"),
                    format!(
                        "A size limit of {m} is too small; it must be at least {n}. Set it to what the site \
                         asks for (usually 200 KB to 2 MB)."
                    ),
                )
            }
            PhotoError::NeedsUpscale { crop_width, crop_height, width, height, min_width, max_upscale_percent } => {
                Text::new(
                    format!(
                        "选中的部分只有 {crop_width} × {crop_height} 像素，要做成 {width} × {height} 像素就得放大超过 \
                         {max_upscale_percent}%，照片会发虚，审核可能不通过。请把框放大（框宽至少 {min_width} 像素），\
                         或换一张像素更高的照片（用手机后置摄像头、不要截图）。"
                    ),
                    format!(
                        "選中的部分只有 {crop_width} × {crop_height} 像素，要做成 {width} × {height} 像素就得放大超過 \
                         {max_upscale_percent}%，照片會發虛，審核可能不通過。請把框放大（框寬至少 {min_width} 像素），\
                         或換一張像素更高的照片（用手機後置鏡頭、不要截圖）。"
                    ),
                    format!(
                        "The part you chose is only {crop_width} × {crop_height} pixels; making it {width} × {height} \
                         would mean enlarging it more than {max_upscale_percent}%, which blurs it and may get it \
                         rejected. Make the frame bigger (at least {min_width} pixels wide), or use a photo with more \
                         pixels (the phone's rear camera, not a screenshot)."
                    ),
                )
            }
            PhotoError::BadCrop => Text::new(
                "裁剪框的位置不对（大小为零或超出照片）。请重新拖动或缩放裁剪框。",
                "裁剪框的位置不對（大小為零或超出照片）。請重新拖動或縮放裁剪框。",
                "The crop frame is not usable (zero size or off the photo). Drag or zoom the frame again.",
            ),
            PhotoError::UnknownPreset => Text::new(
                "没有找到这个照片规格。请回到上一页重新选择要做的照片或扫描件。",
                "沒有找到這個照片規格。請回到上一頁重新選擇要做的照片或掃描件。",
                "That photo specification was not found. Go back and choose the photo or scan to make again.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn all() -> Vec<PhotoError> {
        vec![
            PhotoError::Empty,
            PhotoError::TooLarge { bytes: 45 * 1024 * 1024, limit: 40 * 1024 * 1024 },
            PhotoError::Unsupported { format: Some("HEIC".into()) },
            PhotoError::Unsupported { format: Some("GIF".into()) },
            PhotoError::Unsupported { format: None },
            PhotoError::Corrupt,
            PhotoError::TooManyPixels { width: 100_000, height: 100_000, limit: 50_000_000 },
            PhotoError::CannotFit { limit: 2 * 1024 * 1024 },
            PhotoError::WatermarkTooLong { chars: 90, max: 40 },
            PhotoError::BadLongSide { long_side: 10, min: 200, max: 8000 },
            PhotoError::MaxBytesTooSmall { max_bytes: 1000, min: 20 * 1024 },
            PhotoError::NeedsUpscale {
                crop_width: 120,
                crop_height: 168,
                width: 295,
                height: 413,
                min_width: 197,
                max_upscale_percent: 150,
            },
            PhotoError::BadCrop,
            PhotoError::UnknownPreset,
        ]
    }

    #[test]
    fn every_error_has_a_message_in_every_language() {
        for e in all() {
            let m = e.message();
            assert!(!m.has_blank(), "{e:?}");
            for lang in Lang::ALL {
                assert!(m.get(lang).chars().count() > 20, "{e:?} {lang:?} too short to say what to do");
            }
        }
    }

    #[test]
    fn messages_carry_the_numbers() {
        let m = PhotoError::TooManyPixels { width: 100_000, height: 100_000, limit: 50_000_000 }.message();
        assert!(m.zh_cn.contains("100000 × 100000") && m.zh_cn.contains("10000 百万像素"), "{}", m.zh_cn);
        assert!(m.en.contains("50 megapixels"), "{}", m.en);
        let m = PhotoError::TooLarge { bytes: 45 * 1024 * 1024, limit: 40 * 1024 * 1024 }.message();
        assert!(m.zh_tw.contains("45 MB") && m.zh_tw.contains("40 MB"), "{}", m.zh_tw);
        let m = PhotoError::CannotFit { limit: 300 * 1024 }.message();
        assert!(m.en.contains("300 KB"), "{}", m.en);
        assert!(PhotoError::Unsupported { format: Some("HEIC".into()) }.message().zh_cn.contains("兼容性最佳"));
        assert!(PhotoError::Unsupported { format: Some("GIF".into()) }.message().en.contains("(GIF)"));
    }

    #[test]
    fn serialises_with_a_kind_tag() {
        let json = serde_json::to_string(&PhotoError::CannotFit { limit: 5 }).expect("json");
        assert_eq!(json, r#"{"kind":"cannot_fit","limit":5}"#);
    }
}
