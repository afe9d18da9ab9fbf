//! Reading a certificate PDF with `lopdf`: the document information, the text of the first
//! pages, and whether a signature is present.

use lopdf::{Dictionary, Document, Object};
use serde::{Deserialize, Serialize};

use super::ImportError;

/// Pages whose text is read: a certificate is one page; a little slack costs nothing.
const TEXT_PAGES: u32 = 3;

/// The PDF's document information dictionary (all optional in PDF).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PdfInfo {
    pub title: Option<String>,
    pub subject: Option<String>,
    pub author: Option<String>,
    pub keywords: Option<String>,
    /// As written in the file (`D:YYYYMMDDHHmmSS…`): when the file was made, which for a
    /// download is usually the download day, not the issue date.
    pub creation_date: Option<String>,
}

pub(super) struct ReadPdf {
    pub info: PdfInfo,
    pub text: String,
    pub has_signature: bool,
}

impl ReadPdf {
    /// Everything the field guesser looks through.
    pub fn haystack(&self) -> String {
        let i = &self.info;
        [&i.title, &i.subject, &i.keywords, &i.author]
            .into_iter()
            .flatten()
            .chain(std::iter::once(&self.text))
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one (PDF 2.0), or else
/// PDFDocEncoding, which matches Latin-1 for the characters that matter here.
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn dict_of<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match deref(doc, obj)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn name_is(dict: &Dictionary, key: &[u8], name: &[u8]) -> bool {
    matches!(dict.get(key), Ok(Object::Name(n)) if n == name)
}

fn info(doc: &Document) -> PdfInfo {
    let Some(dict) = doc.trailer.get(b"Info").ok().and_then(|o| dict_of(doc, o)) else {
        return PdfInfo::default();
    };
    let field = |key: &[u8]| match dict.get(key).ok().and_then(|o| deref(doc, o)) {
        Some(Object::String(s, _)) => Some(text_string(s)),
        _ => None,
    };
    PdfInfo {
        title: field(b"Title"),
        subject: field(b"Subject"),
        author: field(b"Author"),
        keywords: field(b"Keywords"),
        creation_date: field(b"CreationDate"),
    }
}

/// A signature value dictionary: what a signing tool writes, with the signed byte ranges and the
/// signature bytes.
fn is_signature_value(dict: &Dictionary) -> bool {
    dict.has(b"ByteRange") && dict.has(b"Contents") && (name_is(dict, b"Type", b"Sig") || dict.has(b"Filter"))
}

/// True when some object is a signed signature: a field of type /Sig whose value is a signature
/// dictionary, or any /Type /Sig dictionary with a byte range (some writers keep it unreferenced
/// by the form). An empty signature field, waiting to be signed, does not count.
fn has_signature(doc: &Document) -> bool {
    doc.objects.values().any(|obj| {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => return false,
        };
        if name_is(dict, b"FT", b"Sig") {
            if let Some(v) = dict.get(b"V").ok().and_then(|o| dict_of(doc, o)) {
                return is_signature_value(v);
            }
        }
        name_is(dict, b"Type", b"Sig") && is_signature_value(dict)
    })
}

fn page_text(doc: &Document) -> String {
    doc.get_pages()
        .keys()
        .take(TEXT_PAGES as usize)
        .filter_map(|&n| doc.extract_text(&[n]).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses `bytes` (already known to start like a PDF).
pub(super) fn read(bytes: &[u8]) -> Result<ReadPdf, ImportError> {
    // A complete PDF ends with `%%EOF` (then at most white space or padding). Looking for it
    // anywhere near the end is not enough: ToUnicode CMaps inside the file end with it too.
    let end = bytes.iter().rposition(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | 0)).map_or(0, |i| i + 1);
    if !bytes[..end].ends_with(b"%%EOF") {
        return Err(ImportError::Truncated);
    }
    // lopdf returns errors for the damage we know of; the catch is a last line of defence so a
    // parser bug on a hostile file becomes an error message, not a crashed app.
    let parsed = std::panic::catch_unwind(|| -> Result<ReadPdf, String> {
        let doc = Document::load_mem(bytes).map_err(|e| e.to_string())?;
        if doc.get_pages().is_empty() {
            return Err("no pages".to_owned());
        }
        Ok(ReadPdf { info: info(&doc), text: page_text(&doc), has_signature: has_signature(&doc) })
    });
    match parsed {
        Ok(Ok(read)) => Ok(read),
        Ok(Err(detail)) => Err(ImportError::CorruptPdf { detail }),
        Err(_) => Err(ImportError::CorruptPdf { detail: "the PDF reader stopped on this file".to_owned() }),
    }
}
