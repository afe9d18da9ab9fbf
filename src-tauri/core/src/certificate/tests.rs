//! Imports of files made here: a certificate-like PDF written with `pdf-writer` (Chinese page
//! text through a Type0 font with a ToUnicode map, as real certificates carry), one with a
//! signature field, broken ones, and a minimal OFD package.

use chrono::{NaiveDate, TimeZone, Utc};
use pdf_writer::types::{CidFontType, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::*;
use crate::annotation::{AnnotationRequest, AnnotationState};

/// How the test PDF's signature field looks.
#[derive(Clone, Copy, PartialEq)]
enum Sig {
    None,
    /// A signed field: /FT /Sig with a /V signature dictionary.
    Signed,
    /// A field waiting to be signed: /FT /Sig and no value.
    EmptyField,
}

fn cert_pdf(lines: &[&str], sig: Sig) -> Vec<u8> {
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let page = Ref::new(3);
    let content_ref = Ref::new(4);
    let font = Ref::new(5);
    let cid_font = Ref::new(6);
    let cmap_ref = Ref::new(7);
    let info = Ref::new(8);
    let field = Ref::new(9);
    let sig_value = Ref::new(10);

    // One CID per distinct character, numbered from 1; the ToUnicode map says which is which.
    let mut chars: Vec<char> = lines.iter().flat_map(|l| l.chars()).collect();
    chars.sort_unstable();
    chars.dedup();
    let cid = |c: char| u16::try_from(chars.binary_search(&c).unwrap_or(0) + 1).unwrap_or(0);

    let mut pdf = Pdf::new();
    let mut cat = pdf.catalog(catalog);
    cat.pages(tree);
    if sig != Sig::None {
        cat.form().fields([field]).sig_flags(pdf_writer::types::SigFlags::SIGNATURES_EXIST);
    }
    cat.finish();
    pdf.pages(tree).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, 595.0, 842.0)).parent(tree).contents(content_ref);
    p.resources().fonts().pair(Name(b"F1"), font);
    if sig != Sig::None {
        p.annotations([field]);
    }
    p.finish();

    let mut content = Content::new();
    content.begin_text().set_font(Name(b"F1"), 14.0).next_line(72.0, 760.0);
    for line in lines {
        let bytes: Vec<u8> = line.chars().flat_map(|c| cid(c).to_be_bytes()).collect();
        content.show(Str(&bytes)).next_line(0.0, -24.0);
    }
    content.end_text();
    pdf.stream(content_ref, &content.finish().into_vec());

    let system_info = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
    pdf.type0_font(font)
        .base_font(Name(b"SimSun"))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(cmap_ref);
    pdf.cid_font(cid_font).subtype(CidFontType::Type2).base_font(Name(b"SimSun")).system_info(system_info);
    let mut cmap = UnicodeCmap::<u16>::new(Name(b"Custom"), system_info);
    for c in &chars {
        cmap.pair(cid(*c), *c);
    }
    pdf.stream(cmap_ref, &cmap.finish().into_vec());

    pdf.document_info(info)
        .title(TextStr("电子证书"))
        .subject(TextStr("执业药师职业资格证书"))
        .author(TextStr("中国人事考试网"))
        .keywords(TextStr("管理号：2023440100012345"));

    if sig != Sig::None {
        let mut f = pdf.indirect(field).dict();
        f.pair(Name(b"Type"), Name(b"Annot"))
            .pair(Name(b"Subtype"), Name(b"Widget"))
            .pair(Name(b"FT"), Name(b"Sig"))
            .pair(Name(b"T"), TextStr("电子印章"))
            .pair(Name(b"F"), 132)
            .pair(Name(b"P"), page);
        f.insert(Name(b"Rect")).array().items([0, 0, 0, 0]);
        if sig == Sig::Signed {
            f.pair(Name(b"V"), sig_value);
        }
        f.finish();
        if sig == Sig::Signed {
            let mut v = pdf.indirect(sig_value).dict();
            v.pair(Name(b"Type"), Name(b"Sig"))
                .pair(Name(b"Filter"), Name(b"Adobe.PPKLite"))
                .pair(Name(b"SubFilter"), Name(b"adbe.pkcs7.detached"))
                .pair(Name(b"Contents"), Str(&[0x30, 0x82, 0x01, 0x00, 0, 0, 0, 0]));
            v.insert(Name(b"ByteRange")).array().items([0, 1000, 2000, 500]);
            v.finish();
        }
    }
    pdf.finish()
}

const LINES: &[&str] = &["执业药师职业资格证书", "姓名：李明", "证书编号：ZY2022000123", "发证日期：2022年03月18日"];

/// A minimal ZIP with the given (stored, empty) entries.
fn zip(names: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for name in names {
        let offset = u32::try_from(out.len()).expect("small");
        let n = u16::try_from(name.len()).expect("short");
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&[0; 12]); // crc, sizes
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name.as_bytes());
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&n.to_le_bytes());
        central.extend_from_slice(&[0; 12]); // extra, comment, disk, internal attrs... up to offset
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = u32::try_from(out.len()).expect("small");
    let cd_size = u32::try_from(central.len()).expect("small");
    out.extend_from_slice(&central);
    let count = u16::try_from(names.len()).expect("few");
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

#[test]
fn reads_info_page_text_and_fields() {
    let bytes = cert_pdf(LINES, Sig::None);
    let imported = import(&bytes).expect("import");
    let c = &imported.certificate;
    assert_eq!(c.format, CertificateFormat::Pdf);
    assert_eq!(c.sha256, sha256_hex(&bytes));
    assert_eq!(c.sha256.len(), 64);
    assert_eq!(c.size_bytes as usize, bytes.len());
    assert_eq!(c.title.as_deref(), Some("电子证书"));
    // 管理号 in the keywords comes first in the text searched, then the page's 证书编号.
    assert_eq!(c.number.as_deref(), Some("2023440100012345"));
    assert_eq!(c.holder.as_deref(), Some("李明"), "from the page text");
    assert_eq!(c.issue_date, NaiveDate::from_ymd_opt(2022, 3, 18), "from the page text");
    assert!(!c.has_signature);
    let info = imported.pdf_info.expect("info");
    assert_eq!(info.subject.as_deref(), Some("执业药师职业资格证书"));
    assert_eq!(info.author.as_deref(), Some("中国人事考试网"));
}

#[test]
fn missing_fields_stay_empty() {
    let bytes = cert_pdf(&["执业药师职业资格证书"], Sig::None);
    let c = import(&bytes).expect("import").certificate;
    assert_eq!(c.holder, None);
    assert_eq!(c.issue_date, None);
    // The keywords still name the number.
    assert_eq!(c.number.as_deref(), Some("2023440100012345"));
}

#[test]
fn signature_field_is_detected_only_when_signed() {
    let signed = import(&cert_pdf(LINES, Sig::Signed)).expect("import");
    assert!(signed.certificate.has_signature);
    let empty = import(&cert_pdf(LINES, Sig::EmptyField)).expect("import");
    assert!(!empty.certificate.has_signature, "an unsigned field is not a signature");
    assert_ne!(signed.certificate.sha256, empty.certificate.sha256);
}

#[test]
fn truncated_and_corrupt_pdfs_are_clear_errors() {
    let bytes = cert_pdf(LINES, Sig::Signed);
    for cut in [bytes.len() / 2, bytes.len() - 10, 9] {
        assert_eq!(import(&bytes[..cut]), Err(ImportError::Truncated), "cut at {cut}");
    }
    let mut garbage = b"%PDF-1.7\n".to_vec();
    let mut x: u32 = 12345;
    garbage.extend((0..4000).map(|_| {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (x >> 16) as u8
    }));
    garbage.extend_from_slice(b"\n%%EOF\n");
    let err = import(&garbage).expect_err("garbage");
    assert!(matches!(err, ImportError::CorruptPdf { .. }), "{err:?}");
    for e in [err, ImportError::Truncated] {
        let m = e.message();
        assert!(!m.has_blank());
        assert!(m.zh_cn.contains("PDF"));
    }
}

#[test]
fn other_files_are_not_certificates() {
    let mut x: u32 = 99;
    let random: Vec<u8> = (0..2048)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    assert_eq!(import(&random), Err(ImportError::NotACertificate));
    assert_eq!(import(b"just some text"), Err(ImportError::NotACertificate));
    assert_eq!(import(&[]), Err(ImportError::Empty));
    // A ZIP that is not an OFD package.
    assert_eq!(import(&zip(&["word/document.xml", "[Content_Types].xml"])), Err(ImportError::NotACertificate));
    // OFD.xml only in a sub-folder does not make an OFD package.
    assert_eq!(import(&zip(&["Doc_0/OFD.xml"])), Err(ImportError::NotACertificate));
    let msg = ImportError::NotACertificate.message();
    assert!(
        msg.zh_cn.contains("不是证书文件")
            && msg.zh_tw.contains("不是證書檔案")
            && msg.en.contains("not a certificate")
    );
}

#[test]
fn ofd_package_is_recognised() {
    let bytes = zip(&["OFD.xml", "Doc_0/Document.xml", "Doc_0/Signs/Signatures.xml"]);
    let c = import(&bytes).expect("ofd").certificate;
    assert_eq!(c.format, CertificateFormat::Ofd);
    assert!(c.has_signature);
    assert_eq!((c.number, c.holder, c.issue_date), (None, None, None));
    let unsigned = import(&zip(&["OFD.xml"])).expect("ofd");
    assert!(!unsigned.certificate.has_signature);
    // Cut off inside the central directory.
    let cut = &bytes[..bytes.len() - 30];
    assert_eq!(import(cut), Err(ImportError::CorruptOfd));
}

#[test]
fn huge_file_is_refused_before_parsing() {
    let mut big = vec![b' '; MAX_FILE_BYTES + 1];
    big[..8].copy_from_slice(b"%PDF-1.7");
    assert_eq!(import(&big), Err(ImportError::TooLarge { size_mb: 31, max_mb: 30 }));
    assert!(ImportError::TooLarge { size_mb: 31, max_mb: 30 }.message().en.contains("31 MB"));
}

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("aa-cert-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn store_keeps_one_entry_per_file_and_saves_atomically() {
    let dir = scratch("store");
    let path = dir.join("certificates.json");
    let mut store = CertificateStore::load(&path).expect("missing file is an empty store");
    assert!(store.list().is_empty());

    let bytes = cert_pdf(LINES, Sig::Signed);
    let first = import(&bytes).expect("import").certificate;
    let id = first.sha256.clone();
    store.add_certificate(first.clone()).expect("add");
    let again = import(&bytes).expect("import").certificate;
    assert_eq!(store.add_certificate(again), Err(StoreError::AlreadyExists { id: id.clone() }));
    assert_eq!(store.list().len(), 1);

    // 2026-03-01T16:30Z is 2026-03-02 in Beijing.
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 16, 30, 0).single().expect("instant");
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("date");
    let request = AnnotationRequest { scenario: "本人调用".into(), valid_from: d(3, 2), valid_to: d(5, 30) };
    assert_eq!(store.add_annotation(&id, "a1", &request, now), Ok(vec![]));
    assert!(matches!(store.add_annotation(&id, "a1", &request, now), Err(StoreError::DuplicateAnnotation { .. })));
    let too_long = AnnotationRequest { valid_to: d(5, 31), ..request.clone() };
    let refused = store.add_annotation(&id, "a2", &too_long, now).expect_err("91 days");
    assert!(refused.message().zh_cn.contains("91"), "{:?}", refused.message());
    assert_eq!(
        store.add_annotation("nope", "a3", &request, now),
        Err(StoreError::NoSuchCertificate { id: "nope".into() })
    );

    let assessed = store.assess(&id, now).expect("assess");
    assert_eq!(assessed.timeline.len(), 1);
    assert_eq!(assessed.timeline[0].state, AnnotationState::Pending);
    store.mark_completed(&id, "a1", now + chrono::Duration::hours(2)).expect("mark");
    let later = store.assess(&id, now + chrono::Duration::hours(2)).expect("assess");
    assert!(later.usable_now);
    assert_eq!(later.usable_until, Some(d(5, 30)));

    store.save(&path).expect("save");
    let back = CertificateStore::load(&path).expect("load");
    assert_eq!(back, store);
    let leftovers = std::fs::read_dir(&dir).expect("list").count();
    assert_eq!(leftovers, 1, "no temporary file left");

    assert!(store.remove_annotation(&id, "a1") && !store.remove_annotation(&id, "a1"));
    assert!(store.remove_certificate(&id) && !store.remove_certificate(&id));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn corrupt_store_is_an_error_and_is_not_overwritten() {
    let dir = scratch("corrupt");
    let path = dir.join("certificates.json");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(&path, b"{\"version\":1,\"certificates\":[{\"certif").expect("write");
    let err = CertificateStore::load(&path).expect_err("corrupt");
    assert!(matches!(err, StoreError::Parse { .. }));
    assert!(!err.message().has_blank());
    assert_eq!(std::fs::read(&path).expect("read"), b"{\"version\":1,\"certificates\":[{\"certif");
    std::fs::write(&path, br#"{"version":9,"certificates":[]}"#).expect("write");
    assert_eq!(CertificateStore::load(&path), Err(StoreError::Version { version: 9 }));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
