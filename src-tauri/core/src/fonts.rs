//! The one bundled CJK font (Noto Sans CJK SC subset, OFL; see `assets/fonts/README.md`), used
//! by the checklist PDF and the photo watermark. One copy in the binary for both.

pub(crate) static CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Subset.otf");
