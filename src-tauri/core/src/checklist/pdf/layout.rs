//! Pages, lines and boxes: a small flowing layout on A4, black on white.
//!
//! Text wraps at any CJK character and at spaces in Latin text; closing punctuation may hang
//! into the margin rather than start a line. Tick boxes are drawn as paths (a square, plus a
//! check mark when ticked) so they never depend on a glyph. A block that fits on one page is
//! never split; longer blocks flow on to the next page.

use pdf_writer::{Content, Name, Str};

use super::font::FontUse;
use super::PdfError;

/// A4 in points.
pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const BOTTOM: f32 = 64.0;
const LEADING: f32 = 1.45;
pub(crate) const BOX: f32 = 9.0;
/// Where item text starts, right of the tick box.
pub(crate) const ITEM_INDENT: f32 = 18.0;
/// Room kept below a heading for the start of its first item.
const HEADING_KEEP: f32 = 48.0;
const FONT: Name<'static> = Name(b"F1");

const NO_LINE_START: &str = "，。、；：？！）」』”’》〉】,.;:?!)]";

/// One line of laid-out text.
struct Line {
    x: f32,
    size: f32,
    text: String,
}

/// A run of text in one style.
pub(crate) struct Style {
    pub size: f32,
    pub indent: f32,
    /// Space above the block.
    pub before: f32,
}

pub(crate) struct Layout {
    pub font: FontUse,
    pages: Vec<Content>,
    y: f32,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_graphic() || ('\u{00C0}'..='\u{024F}').contains(&c)
}

impl Layout {
    pub fn new() -> Result<Layout, PdfError> {
        let mut l = Layout { font: FontUse::new()?, pages: Vec::new(), y: 0.0 };
        l.new_page();
        Ok(l)
    }

    fn new_page(&mut self) {
        self.pages.push(Content::new());
        self.y = PAGE_H - MARGIN;
    }

    fn page(&mut self) -> &mut Content {
        if self.pages.is_empty() {
            self.pages.push(Content::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.font.advance(c, size)).sum()
    }

    /// Splits `text` into lines no wider than `max`.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut tokens: Vec<String> = Vec::new();
            for c in para.chars() {
                let c = if c == '\t' { ' ' } else { c };
                match tokens.last_mut() {
                    Some(t) if is_word_char(c) && t.chars().all(is_word_char) => t.push(c),
                    _ => tokens.push(c.to_string()),
                }
            }
            let mut line = String::new();
            let mut w = 0.0;
            for t in tokens {
                let tw = self.width(&t, size);
                let hangs = t.chars().all(|c| NO_LINE_START.contains(c)) && tw <= size;
                if w + tw <= max || line.is_empty() && tw <= max || hangs && !line.is_empty() {
                    w += tw;
                    line.push_str(&t);
                    continue;
                }
                if !line.trim().is_empty() {
                    lines.push(std::mem::take(&mut line).trim_end().to_owned());
                }
                line.clear();
                w = 0.0;
                if t == " " {
                    continue;
                }
                if tw <= max {
                    w = tw;
                    line.push_str(&t);
                } else {
                    // A word longer than the line (a long address): break it anywhere.
                    for c in t.chars() {
                        let cw = self.font.advance(c, size);
                        if w + cw > max && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            w = 0.0;
                        }
                        w += cw;
                        line.push(c);
                    }
                }
            }
            lines.push(line.trim_end().to_owned());
        }
        lines
    }

    fn lay(&self, text: &str, style: &Style) -> Vec<Line> {
        let x = MARGIN + style.indent;
        let max = PAGE_W - MARGIN - x;
        self.wrap(text, style.size, max).into_iter().map(|text| Line { x, size: style.size, text }).collect()
    }

    fn height(lines: &[Line]) -> f32 {
        lines.iter().map(|l| l.size * LEADING).sum()
    }

    /// Starts a new page unless `needed` points fit below the current position.
    pub fn ensure(&mut self, needed: f32) {
        let room = self.y - BOTTOM;
        if needed > room && needed <= PAGE_H - MARGIN - BOTTOM && self.y < PAGE_H - MARGIN {
            self.new_page();
        }
    }

    fn draw_lines(&mut self, lines: Vec<Line>) {
        for l in lines {
            let h = l.size * LEADING;
            if self.y - h < BOTTOM {
                self.new_page();
            }
            self.y -= h;
            let baseline = self.y + (h - l.size) / 2.0 + l.size * 0.12;
            let bytes = self.font.encode(&l.text);
            self.page().begin_text().set_font(FONT, l.size).next_line(l.x, baseline).show(Str(&bytes)).end_text();
        }
    }

    /// A paragraph, kept on one page when it fits.
    pub fn text(&mut self, text: &str, style: &Style) {
        let lines = self.lay(text, style);
        self.ensure(Self::height(&lines) + style.before);
        self.y -= style.before;
        self.draw_lines(lines);
    }

    /// A section heading, moved to the next page with what follows unless `HEADING_KEEP` points fit
    /// under it.
    pub fn heading(&mut self, text: &str, style: &Style) {
        let lines = self.lay(text, style);
        self.ensure(Self::height(&lines) + style.before + HEADING_KEEP);
        self.y -= style.before;
        self.draw_lines(lines);
    }

    /// Several paragraphs kept together when they fit on a page (an item with its details).
    pub fn block(&mut self, parts: &[(String, Style)], tick: Option<bool>) {
        let laid: Vec<(Vec<Line>, f32)> = parts.iter().map(|(t, s)| (self.lay(t, s), s.before)).collect();
        let total: f32 = laid.iter().map(|(l, b)| Self::height(l) + b).sum();
        self.ensure(total);
        let mut first = true;
        for (lines, before) in laid {
            self.y -= before;
            if first {
                if let (Some(ticked), Some(l)) = (tick, lines.first()) {
                    let h = l.size * LEADING;
                    if self.y - h < BOTTOM {
                        self.new_page();
                    }
                    let top = self.y - (h - BOX) / 2.0;
                    self.tick_box(MARGIN, top - BOX, ticked);
                }
                first = false;
            }
            self.draw_lines(lines);
        }
    }

    /// A square tick box with its lower-left corner at (x, y); a check mark inside when ticked.
    fn tick_box(&mut self, x: f32, y: f32, ticked: bool) {
        let c = self.page();
        c.set_stroke_gray(0.0).set_line_width(0.8).rect(x, y, BOX, BOX).stroke();
        if ticked {
            c.set_line_width(1.4)
                .move_to(x + BOX * 0.2, y + BOX * 0.5)
                .line_to(x + BOX * 0.42, y + BOX * 0.22)
                .line_to(x + BOX * 0.82, y + BOX * 0.85)
                .stroke();
        }
    }

    /// A thin rule across the text width.
    pub fn rule(&mut self, before: f32) {
        self.ensure(before + 2.0);
        self.y -= before;
        let y = self.y;
        self.page().set_line_width(0.5).move_to(MARGIN, y).line_to(PAGE_W - MARGIN, y).stroke();
        self.y -= 2.0;
    }

    /// Writes `footer(n, total)` at the bottom of every page and returns the page contents.
    pub fn finish(mut self, footer: impl Fn(usize, usize) -> String) -> (Vec<Vec<u8>>, FontUse) {
        let total = self.pages.len();
        let size = 8.0;
        let mut out = Vec::with_capacity(total);
        let pages = std::mem::take(&mut self.pages);
        for (i, mut page) in pages.into_iter().enumerate() {
            let text = footer(i + 1, total);
            let bytes = self.font.encode(&text);
            page.begin_text().set_font(FONT, size).next_line(MARGIN, BOTTOM / 2.0).show(Str(&bytes)).end_text();
            out.push(page.finish().into_vec());
        }
        (out, self.font)
    }
}
