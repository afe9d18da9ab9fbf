//! Files as the applicant's own system keeps them: Chinese folder and file names, names made from
//! text the app does not control, and bytes that must arrive unchanged (a PDF's cross-reference
//! offsets break if a single line ending is translated). Runs on Linux in `cargo test` and on
//! Windows (the x86_64-pc-windows-gnu build under Wine) in `scripts/windows.sh`.

use std::fs;
use std::path::PathBuf;

use assistant_core::atomic::write_atomic;
use assistant_core::checklist::{checklist_for_flow, render_pdf, Ticks};
use assistant_core::filename::{download_name, free_path, safe_file_name};
use assistant_core::lang::Lang;
use chrono::NaiveDate;

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("申请助手 测试-{name}-{}", std::process::id())).join("下载");
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).expect("a folder with a Chinese name");
    d
}

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().into_string().expect("a name the system gives back as Unicode"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_checklist_pdf_keeps_its_chinese_name_and_every_byte() {
    let dir = scratch("pdf");
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    for lang in Lang::ALL {
        let list = checklist_for_flow("nmpa_forgot_password", today, lang).expect("checklist");
        let pdf = render_pdf(&list, &Ticks::new(&list.flow_id), lang).expect("pdf");
        let name = safe_file_name(&format!("申请助手-{}-{}.pdf", list.title, list.generated_on), "x.pdf");
        assert!(name.starts_with("申请助手-") && name.ends_with(".pdf"), "{name}");
        let path = dir.join(&name);
        write_atomic(&path, &pdf.bytes).expect("write the PDF");
        let back = fs::read(&path).expect("read back");
        assert_eq!(back, pdf.bytes, "{lang:?}: the file differs from what was written");
        assert!(back.contains(&b'\r') == pdf.bytes.contains(&b'\r'), "line endings changed");
        let doc = lopdf::Document::load_mem(&back).expect("the saved PDF opens (cross-references intact)");
        assert!(!doc.get_pages().is_empty());
    }
    assert_eq!(names_in(&dir).len(), 3, "one file per language: {:?}", names_in(&dir));
    fs::remove_dir_all(dir.parent().expect("parent")).expect("cleanup");
}

#[test]
fn names_made_safe_are_taken_by_the_file_system_exactly() {
    let dir = scratch("names");
    let raw = [
        "执业药师注册申请：常见问题?.pdf",
        "CON.pdf",
        "nul",
        "电子证书.pdf. . ",
        "a<b>c|d\"e*f.eml",
        &format!("{}.pdf", "教师资格认定".repeat(30)),
        "（李华）申请修改手机（邮箱）信息.eml",
    ];
    let mut expected: Vec<String> = raw.iter().map(|r| safe_file_name(r, "fallback")).collect();
    for name in &expected {
        write_atomic(&dir.join(name), name.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    expected.sort();
    assert_eq!(names_in(&dir), expected, "the system stored other names than the app chose");
    for name in &expected {
        assert_eq!(fs::read(dir.join(name)).expect("read"), name.as_bytes());
    }
    fs::remove_dir_all(dir.parent().expect("parent")).expect("cleanup");
}

#[test]
fn a_downloaded_certificate_with_a_chinese_name_lands_beside_the_earlier_one() {
    let dir = scratch("download");
    let name = download_name(
        "",
        "%E7%94%B5%E5%AD%90%E8%AF%81%E4%B9%A6%EF%BC%88%E6%89%A7%E4%B8%9A%E8%8D%AF%E5%B8%88%EF%BC%89.pdf",
        "d.bin",
    );
    assert_eq!(name, "电子证书（执业药师）.pdf");
    let first = free_path(&dir, &name);
    write_atomic(&first, b"%PDF-1.7 first").expect("first");
    let second = free_path(&dir, &name);
    write_atomic(&second, b"%PDF-1.7 second").expect("second");
    assert_eq!(names_in(&dir), ["电子证书（执业药师） (2).pdf", "电子证书（执业药师）.pdf"]);
    assert_eq!(fs::read(&first).expect("first"), b"%PDF-1.7 first");
    fs::remove_dir_all(dir.parent().expect("parent")).expect("cleanup");
}
