//! The checklist as a PDF the applicant can keep or send to a phone, rendered by the app itself.
//!
//! A4, black on white: title, generation date, what the checklist is based on, yearly notices
//! with their dates, then materials, steps (page, menu, address, source) and waits (with dates),
//! each with a drawn tick box, and the facts as notes. The CJK font is embedded (see [`font`]);
//! characters it lacks are shown as `?` and reported in [`PdfOutput::missing`], never a failure.

mod font;
mod labels;
mod layout;

use pdf_writer::{Filter, Name, Pdf, Rect, Ref, TextStr};
use serde::Serialize;
use thiserror::Error;

use super::{Basis, Checklist, Item, Ticks};
use crate::lang::Lang;
use labels::Labels;
use layout::{Layout, Style, ITEM_INDENT, PAGE_H, PAGE_W};

/// Why no PDF could be made (only if the bundled font were broken).
#[derive(Debug, Clone, Error, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum PdfError {
    #[error("font problem: {0}")]
    Font(&'static str),
}

/// The PDF and the characters the bundled font could not show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    /// Characters shown as `?` because the font lacks them (each once, as one-character strings).
    pub missing: Vec<String>,
}

/// Whether the bundled font can show every character of `text`.
pub fn font_covers(text: &str) -> bool {
    text.chars().filter(|c| !c.is_control()).all(font::covers)
}

pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

const TITLE: Style = Style { size: 18.0, indent: 0.0, before: 0.0 };
const HEADING: Style = Style { size: 13.0, indent: 0.0, before: 14.0 };
const BODY: Style = Style { size: 10.5, indent: 0.0, before: 3.0 };
const SMALL: Style = Style { size: 8.5, indent: 0.0, before: 1.0 };

fn indented(style: &Style, indent: f32) -> Style {
    Style { size: style.size, indent, before: style.before }
}

fn date(d: chrono::NaiveDate, lang: Lang) -> String {
    super::paths::format_date(d, lang)
}

/// An item with its details, page, menu, address and source, under a tick box when `tick` is set.
fn item_parts(item: &Item, l: &Labels, number: Option<usize>) -> Vec<(String, Style)> {
    let text = match number {
        Some(n) => format!("{n}. {}", item.text),
        None => item.text.clone(),
    };
    let mut parts = vec![(text, indented(&BODY, ITEM_INDENT))];
    for d in &item.details {
        parts.push((format!("• {d}"), indented(&SMALL, ITEM_INDENT + 8.0)));
    }
    if let Some(p) = &item.page {
        parts.push((format!("{}{p}", l.page), indented(&SMALL, ITEM_INDENT)));
    }
    if !item.menu_path.is_empty() {
        parts.push((format!("{}{}", l.menu, item.menu_path.join(" → ")), indented(&SMALL, ITEM_INDENT)));
    }
    if let Some(u) = &item.url {
        parts.push((format!("{}{u}", l.url), indented(&SMALL, ITEM_INDENT)));
    }
    if !item.source.is_empty() {
        parts.push((item.source.clone(), indented(&SMALL, ITEM_INDENT)));
    }
    parts
}

fn write_body(layout: &mut Layout, c: &Checklist, ticks: &Ticks, lang: Lang) {
    let l = Labels::get(lang);
    layout.text(&c.title, &TITLE);
    layout.text(&format!("{}{}", l.generated, date(c.generated_on, lang)), &BODY);
    layout.text(l.offline, &SMALL);
    layout.rule(6.0);

    layout.heading(if c.basis == Basis::Plan { l.basis_plan } else { l.basis_assumed }, &HEADING);
    for a in &c.answers {
        layout.text(&format!("{} — {}", a.question, a.answer_text), &indented(&BODY, 8.0));
    }
    if !c.outcome_title.is_empty() {
        layout.text(&c.outcome_title, &Style { before: 8.0, ..BODY });
    }
    if !c.summary.is_empty() {
        layout.text(&c.summary, &BODY);
    }

    if !c.notices.is_empty() {
        layout.heading(l.notices, &HEADING);
        for n in &c.notices {
            let mut parts = vec![(n.text.clone(), BODY)];
            let mut meta = format!("{}{}", l.as_of, date(n.as_of, lang));
            if n.stale {
                meta.push_str(l.stale);
            }
            parts.push((meta, SMALL));
            parts.push((n.source.clone(), SMALL));
            layout.block(&parts, None);
        }
    }

    if !c.materials.is_empty() {
        layout.heading(l.materials, &HEADING);
        for m in &c.materials {
            layout.block(&item_parts(m, &l, None), Some(ticks.is_ticked(&m.id)));
        }
    }
    if !c.steps.is_empty() {
        layout.heading(l.steps, &HEADING);
        for (i, s) in c.steps.iter().enumerate() {
            layout.block(&item_parts(s, &l, Some(i + 1)), Some(ticks.is_ticked(&s.id)));
        }
    }
    if !c.waits.is_empty() {
        layout.heading(l.waits, &HEADING);
        for w in &c.waits {
            let mut parts = item_parts(&w.item, &l, None);
            let when = match w.until {
                Some(u) => l.wait_dates(&date(w.from, lang), &date(u, lang)),
                None => l.wait_undated.to_owned(),
            };
            parts.insert(1, (when, indented(&BODY, ITEM_INDENT)));
            if !w.years_without_data.is_empty() {
                let years: Vec<String> = w.years_without_data.iter().map(i32::to_string).collect();
                parts.insert(2, (l.no_holiday_data(&years.join(", ")), indented(&SMALL, ITEM_INDENT)));
            }
            layout.block(&parts, Some(ticks.is_ticked(&w.item.id)));
        }
    }
    if !c.notes.is_empty() {
        layout.heading(l.notes, &HEADING);
        for n in &c.notes {
            let mut parts = item_parts(n, &l, None);
            if let Some(first) = parts.first_mut() {
                first.0 = format!("• {}", first.0);
                first.1 = indented(&BODY, 0.0);
            }
            layout.block(&parts, None);
        }
    }
}

/// Renders `checklist` with `ticks` as a PDF; `lang` is the language of the PDF's own labels.
pub fn render_pdf(checklist: &Checklist, ticks: &Ticks, lang: Lang) -> Result<PdfOutput, PdfError> {
    let mut layout = Layout::new()?;
    write_body(&mut layout, checklist, ticks, lang);
    let l = Labels::get(lang);
    let title = checklist.title.clone();
    let (pages, font) = layout.finish(|n, total| format!("{title}　·　{}", l.page_of(n, total)));
    let missing: Vec<String> = font.missing.iter().map(|c| c.to_string()).collect();

    let mut pdf = Pdf::new();
    let catalog_ref = Ref::new(1);
    let tree_ref = Ref::new(2);
    let info_ref = Ref::new(3);
    let font_ref = Ref::new(4);
    let mut next = font.embed(&mut pdf, font_ref)?;
    let mut alloc = || {
        let r = next;
        next = Ref::new(next.get() + 1);
        r
    };
    let mut page_refs = Vec::with_capacity(pages.len());
    for content in pages {
        let page_ref = alloc();
        let content_ref = alloc();
        page_refs.push(page_ref);
        let mut page = pdf.page(page_ref);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).parent(tree_ref).contents(content_ref);
        page.resources().fonts().pair(Name(b"F1"), font_ref);
        drop(page);
        pdf.stream(content_ref, &deflate(&content)).filter(Filter::FlateDecode);
    }
    let count = i32::try_from(page_refs.len()).unwrap_or(i32::MAX);
    pdf.pages(tree_ref).kids(page_refs).count(count);
    pdf.catalog(catalog_ref).pages(tree_ref);
    pdf.document_info(info_ref).title(TextStr(&checklist.title)).creator(TextStr(l.app)).producer(TextStr(l.app));
    Ok(PdfOutput { bytes: pdf.finish(), missing })
}
