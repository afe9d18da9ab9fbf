//! The `.eml` the applicant opens in their own mail program, as their system stores it: named after
//! the Chinese subject in a folder with a Chinese name, never replacing an earlier one, with CRLF
//! line endings throughout (RFC 5322; a Windows mail program shows a bare-LF message garbled) and
//! the photo intact. Runs on Linux in `cargo test` and on Windows under Wine (`scripts/windows.sh`).

use std::time::SystemTime;

use applicant_assistant_lib::mail::write_eml;
use assistant_core::identity::DocumentKind;
use assistant_core::mail::{check, CleanMail, ContactChanged, MailCase, MailForm, PASSWORD_PLACEHOLDER};
use chrono::NaiveDate;
use mail_parser::MessageParser;

/// A small but real JPEG (SOI, JFIF APP0, a comment with every byte value incl. CR and LF, EOI).
fn jpeg() -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];
    v.extend([0xFF, 0xFE, 0x01, 0x02]);
    v.extend((0u8..=255).cycle().take(256));
    v.extend([0xFF, 0xD9]);
    v
}

fn mail(case: MailCase) -> CleanMail {
    let form = MailForm {
        case,
        name: "李明".into(),
        id_kind: DocumentKind::ResidentId,
        id_number: "11010519491231002X".into(),
        mobile: "13812345678".into(),
        email: "liming@163.com".into(),
        changed: ContactChanged::Both,
        password: "jszg-Login 9".into(),
        details: "第一行\n第二行\r\n第三行".into(),
        ..MailForm::default()
    };
    check(&form, Some(&jpeg()), NaiveDate::from_ymd_opt(2026, 6, 1).expect("date")).expect("valid form")
}

#[test]
fn eml_files_keep_chinese_names_crlf_line_endings_and_the_photo() {
    let dir = std::env::temp_dir().join(format!("申请助手 邮件-{}", std::process::id())).join("下载");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let first = write_eml(&dir, &mail(MailCase::ContactChange), SystemTime::now()).expect("eml");
    let second = write_eml(&dir, &mail(MailCase::ContactChange), SystemTime::now()).expect("second eml");
    let name = |p: &std::path::Path| p.file_name().and_then(|n| n.to_str()).map(str::to_owned);
    assert_eq!(name(&first).as_deref(), Some("（李明）申请修改手机（邮箱）信息.eml"));
    assert_eq!(name(&second).as_deref(), Some("（李明）申请修改手机（邮箱）信息 (2).eml"));

    let raw = std::fs::read(&first).expect("read");
    for (i, w) in raw.windows(2).enumerate() {
        assert!(!(w[1] == b'\n' && w[0] != b'\r'), "bare LF at byte {}", i + 1);
        assert!(!(w[0] == b'\r' && w[1] != b'\n'), "bare CR at byte {i}");
    }
    assert!(raw.windows(4).any(|w| w == b"\r\n\r\n"), "headers end with an empty CRLF line");
    let parsed = MessageParser::default().parse(&raw).expect("parse");
    assert_eq!(parsed.subject(), Some("（李明）申请修改手机（邮箱）信息"));
    assert_eq!(parsed.attachments().next().map(|a| a.contents().to_vec()), Some(jpeg()));
    assert!(!parsed.body_text(0).expect("body").contains(PASSWORD_PLACEHOLDER));
    let _ = std::fs::remove_dir_all(dir.parent().expect("parent"));
}
