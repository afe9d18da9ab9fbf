//! The first page of a certificate as a picture, so the app can show it itself: a hall kiosk
//! starts no other program (a PDF viewer would be a way out to the desktop, a browser through the
//! PDF's links, and windows the end of session cannot close).
//!
//! Rendered with `hayro` (pure Rust, no unsafe, MIT/Apache-2.0), the most complete PDF rasteriser
//! in Rust. Fonts a PDF does not embed fall back to hayro's standard fonts, and Chinese ones to
//! the app's bundled Noto Sans CJK SC. OFD files are not rendered (no maintained Rust renderer):
//! the UI says so.

use std::sync::Arc;

use hayro::hayro_interpret::font::FontQuery;
use hayro::hayro_interpret::hayro_cmap::CidFamily;
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{render, PixmapSettings, RenderCache, RenderSettings};
use serde::Serialize;
use thiserror::Error;

use super::{CertificateFormat, MAX_FILE_BYTES};
use crate::lang::Text;

/// Longest side of the picture, in pixels: sharp on a kiosk screen, bounded in memory.
pub const MAX_SIDE_PX: u32 = 2400;

/// The rendered page, as PNG bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct PagePicture {
    #[serde(skip)]
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// Pages in the file (only the first is shown).
    pub pages: u32,
}

/// Why no picture could be made.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PreviewError {
    #[error("OFD files are not rendered")]
    Ofd,
    #[error("the PDF cannot be read")]
    Unreadable,
    #[error("the PDF has no pages")]
    NoPages,
    #[error("the file is too large")]
    TooLarge,
}

impl PreviewError {
    pub fn message(&self) -> Text {
        match self {
            PreviewError::Ofd => Text::new(
                "这是 OFD 格式的证书，本机不能显示它的内容。需要查看或打印时，请找工作人员。",
                "這是 OFD 格式的證書，本機不能顯示它的內容。需要查看或列印時，請找工作人員。",
                "This certificate is an OFD file, which this computer cannot show. Ask the staff if you need to see or print it.",
            ),
            PreviewError::Unreadable | PreviewError::NoPages | PreviewError::TooLarge => Text::new(
                "这份证书文件显示不出来，文件可能已损坏。请重新下载证书。",
                "這份證書檔案顯示不出來，檔案可能已損壞。請重新下載證書。",
                "This certificate file cannot be shown; it may be damaged. Download the certificate again.",
            ),
        }
    }
}

fn settings() -> InterpreterSettings {
    InterpreterSettings {
        font_resolver: Arc::new(|query| match query {
            FontQuery::Standard(s) => Some(s.get_font_data()),
            FontQuery::Fallback(f) => {
                let chinese = matches!(
                    f.character_collection.as_ref().map(|c| &c.family),
                    Some(CidFamily::AdobeGB1 | CidFamily::AdobeCNS1)
                ) || [&f.post_script_name, &f.font_name, &f.font_family]
                    .into_iter()
                    .flatten()
                    .any(|n| looks_chinese(n));
                if chinese {
                    let font: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(crate::fonts::CJK_FONT);
                    Some((font, 0))
                } else {
                    Some(f.pick_standard_font().get_font_data())
                }
            }
        }),
        ..InterpreterSettings::default()
    }
}

/// Common names of Chinese system fonts that official PDFs reference without embedding them.
fn looks_chinese(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["simsun", "simhei", "kaiti", "fangsong", "stsong", "stheiti", "stkaiti", "stfangsong", "msyh", "yahei", "songti"]
        .iter()
        .any(|k| n.contains(k))
        || name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Renders page 1 of a certificate at most [`MAX_SIDE_PX`] on its longer side, white behind.
/// Never panics: a PDF that makes the renderer fail is reported as unreadable.
pub fn first_page(format: CertificateFormat, bytes: &[u8]) -> Result<PagePicture, PreviewError> {
    if format == CertificateFormat::Ofd {
        return Err(PreviewError::Ofd);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(PreviewError::TooLarge);
    }
    let data = bytes.to_vec();
    // The renderer is young: a malformed file must cost a message, not the app.
    std::panic::catch_unwind(move || render_first(data)).unwrap_or(Err(PreviewError::Unreadable))
}

fn render_first(data: Vec<u8>) -> Result<PagePicture, PreviewError> {
    let pdf = Pdf::new(data).map_err(|_| PreviewError::Unreadable)?;
    let pages = pdf.pages();
    let page = pages.first().ok_or(PreviewError::NoPages)?;
    let (w, h) = page.render_dimensions();
    if !(w.is_finite() && h.is_finite()) || w < 1.0 || h < 1.0 {
        return Err(PreviewError::Unreadable);
    }
    let scale = (MAX_SIDE_PX as f32 / w.max(h)).min(4.0);
    let pixmap_settings = PixmapSettings { x_scale: scale, y_scale: scale, bg_color: WHITE };
    let cache = RenderCache::new();
    let pixmap = render(page, &cache, &settings(), &RenderSettings::default(), &pixmap_settings);
    let (width, height) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    if width == 0 || height == 0 {
        return Err(PreviewError::Unreadable);
    }
    let png = pixmap.into_png().map_err(|_| PreviewError::Unreadable)?;
    Ok(PagePicture { png, width, height, pages: u32::try_from(pages.len()).unwrap_or(u32::MAX) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist;
    use crate::lang::Lang;

    #[test]
    fn a_pdf_with_chinese_text_renders_to_a_png_with_ink_on_it() {
        // The app's own checklist PDF: A4, Chinese text in the embedded subset font.
        let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).expect("date");
        let list = checklist::checklist_for_flow("cpta_download", today, Lang::ZhCn).expect("a checklist");
        let pdf = checklist::render_pdf(&list, &checklist::Ticks::new(&list.flow_id), Lang::ZhCn).expect("pdf");
        let pic = first_page(CertificateFormat::Pdf, &pdf.bytes).expect("rendered");
        assert!(pic.png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(pic.height, MAX_SIDE_PX, "A4 portrait: the height is the long side");
        assert!((1690..=1700).contains(&pic.width), "A4 ratio, got {}", pic.width);
        assert!(pic.pages >= 1);
        let img = image::load_from_memory(&pic.png).expect("decodes").to_luma8();
        let dark = img.pixels().filter(|p| p.0[0] < 128).count();
        assert!(dark > 1000, "text was drawn ({dark} dark pixels)");
        assert!(dark < img.pixels().len() / 2, "on a white page");
    }

    #[test]
    fn bad_files_get_a_message_not_a_panic() {
        assert_eq!(first_page(CertificateFormat::Ofd, b"PK\x03\x04"), Err(PreviewError::Ofd));
        assert_eq!(first_page(CertificateFormat::Pdf, b"not a pdf"), Err(PreviewError::Unreadable));
        assert_eq!(first_page(CertificateFormat::Pdf, b"%PDF-1.7\n%%EOF"), Err(PreviewError::Unreadable));
        let mut truncated = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n".to_vec();
        truncated.extend_from_slice(&[0xff; 64]);
        assert!(first_page(CertificateFormat::Pdf, &truncated).is_err());
        assert!(!PreviewError::Ofd.message().has_blank());
    }
}
