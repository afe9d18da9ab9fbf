//! The bundled CJK font: character → glyph lookup, advances, and embedding a subset in the PDF.
//!
//! The app ships its own font (`assets/fonts/`, Noto Sans CJK SC reduced to GB 2312, Big5 common
//! characters, Latin and punctuation; OFL 1.1) because it runs on Windows and macOS too. Each PDF
//! embeds only the glyphs it uses (`subsetter`), as a CID-keyed CFF font (FontFile3 /CIDFontType0C)
//! with Identity-H encoding and a ToUnicode map, so the text stays searchable and copyable.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId, RawFace, Tag};

use super::PdfError;

static FONT_DATA: &[u8] = crate::fonts::CJK_FONT;
const POSTSCRIPT_NAME: &str = "NotoSansCJKsc-Regular";
/// Shown in place of a character the font lacks.
const REPLACEMENT: char = '?';

fn face() -> Result<&'static Face<'static>, PdfError> {
    static CELL: OnceLock<Option<Face<'static>>> = OnceLock::new();
    CELL.get_or_init(|| Face::parse(FONT_DATA, 0).ok()).as_ref().ok_or(PdfError::Font("cannot parse the bundled font"))
}

/// Whether the bundled font has a glyph for `c`.
pub(crate) fn covers(c: char) -> bool {
    face().is_ok_and(|f| f.glyph_index(c).is_some())
}

/// The glyphs one document uses, and what is needed to embed them.
pub(crate) struct FontUse {
    face: &'static Face<'static>,
    remapper: GlyphRemapper,
    /// New glyph id (= CID) → the character it shows, for ToUnicode.
    unicode: BTreeMap<u16, char>,
    /// Characters the font lacks, replaced by [`REPLACEMENT`].
    pub missing: BTreeSet<char>,
}

impl FontUse {
    pub fn new() -> Result<FontUse, PdfError> {
        Ok(FontUse {
            face: face()?,
            remapper: GlyphRemapper::new(),
            unicode: BTreeMap::new(),
            missing: BTreeSet::new(),
        })
    }

    fn glyph(&mut self, c: char) -> (GlyphId, char) {
        match self.face.glyph_index(c) {
            Some(g) => (g, c),
            None => {
                self.missing.insert(c);
                (self.face.glyph_index(REPLACEMENT).unwrap_or(GlyphId(0)), REPLACEMENT)
            }
        }
    }

    /// The advance of `c` at `size` points (missing characters measure as the replacement).
    pub fn advance(&self, c: char, size: f32) -> f32 {
        let g = self.face.glyph_index(c).or_else(|| self.face.glyph_index(REPLACEMENT)).unwrap_or(GlyphId(0));
        let adv = f32::from(self.face.glyph_hor_advance(g).unwrap_or(0));
        adv * size / f32::from(self.face.units_per_em())
    }

    /// The string as 2-byte CIDs for a `Tj` operator under Identity-H.
    pub fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let (g, shown) = self.glyph(c);
            let cid = self.remapper.remap(g.0);
            self.unicode.entry(cid).or_insert(shown);
            out.extend_from_slice(&cid.to_be_bytes());
        }
        out
    }

    /// Writes the Type0 font and everything it refers to, starting at `font_ref`; returns the next free ref.
    pub fn embed(self, pdf: &mut Pdf, font_ref: Ref) -> Result<Ref, PdfError> {
        let cid_ref = Ref::new(font_ref.get() + 1);
        let descriptor_ref = Ref::new(font_ref.get() + 2);
        let cmap_ref = Ref::new(font_ref.get() + 3);
        let file_ref = Ref::new(font_ref.get() + 4);
        let next = Ref::new(font_ref.get() + 5);

        let subset = subsetter::subset(FONT_DATA, 0, &self.remapper).map_err(|_| PdfError::Font("cannot subset"))?;
        let raw = RawFace::parse(&subset, 0).map_err(|_| PdfError::Font("cannot read the subset"))?;
        let cff = raw.table(Tag::from_bytes(b"CFF ")).ok_or(PdfError::Font("the subset has no CFF table"))?;

        let tag = subset_tag(&self.unicode);
        let base = format!("{tag}+{POSTSCRIPT_NAME}");
        let system_info = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
        let upem = f32::from(self.face.units_per_em());
        let to_pdf = |v: f32| v * 1000.0 / upem;

        pdf.type0_font(font_ref)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_ref)
            .to_unicode(cmap_ref);

        let widths: Vec<f32> = self
            .remapper
            .remapped_gids()
            .map(|g| to_pdf(f32::from(self.face.glyph_hor_advance(GlyphId(g)).unwrap_or(0))))
            .collect();
        let mut cid = pdf.cid_font(cid_ref);
        cid.subtype(CidFontType::Type0).base_font(Name(base.as_bytes())).system_info(system_info);
        cid.font_descriptor(descriptor_ref).default_width(1000.0);
        cid.widths().consecutive(0, widths);
        cid.finish();

        let b = self.face.global_bounding_box();
        let ascent = to_pdf(f32::from(self.face.ascender()));
        let descent = to_pdf(f32::from(self.face.descender()));
        let cap = self.face.capital_height().map_or(ascent, |c| to_pdf(f32::from(c)));
        pdf.font_descriptor(descriptor_ref)
            .name(Name(base.as_bytes()))
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(
                to_pdf(f32::from(b.x_min)),
                to_pdf(f32::from(b.y_min)),
                to_pdf(f32::from(b.x_max)),
                to_pdf(f32::from(b.y_max)),
            ))
            .italic_angle(0.0)
            .ascent(ascent)
            .descent(descent)
            .cap_height(cap)
            .stem_v(80.0)
            .font_file3(file_ref);

        let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
        for (cid, c) in &self.unicode {
            cmap.pair(*cid, *c);
        }
        let cmap = super::deflate(&cmap.finish());
        pdf.stream(cmap_ref, &cmap).filter(Filter::FlateDecode);

        let cff = super::deflate(cff);
        pdf.stream(file_ref, &cff).filter(Filter::FlateDecode).pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
        Ok(next)
    }
}

/// Six capital letters naming this subset (PDF 32000-1 §9.6.4), derived from the characters used.
fn subset_tag(unicode: &BTreeMap<u16, char>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (cid, c) in unicode {
        for b in cid.to_be_bytes().into_iter().chain(u32::from(*c).to_be_bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| {
            let n = u8::try_from((h >> (i * 8)) % 26).unwrap_or(0);
            char::from(b'A' + n)
        })
        .collect()
}
