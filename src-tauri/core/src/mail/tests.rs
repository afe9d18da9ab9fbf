use std::time::{Duration, SystemTime};

use chrono::NaiveDate;

use super::data::{parse, placeholders};
use super::*;
use crate::feedback::TrackKind;
use crate::identity::DocumentKind;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).expect("date")
}

/// A tiny JPEG-looking file: SOI, an APP0 marker, some bytes, EOI. Enough for the checks (the
/// photo is not decoded) and for round trips through base64.
fn jpeg() -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00];
    v.extend((0u8..=255).cycle().take(700));
    v.extend([0xFF, 0xD9]);
    v
}

fn form(case: MailCase) -> MailForm {
    MailForm {
        case,
        name: "李明".into(),
        id_kind: DocumentKind::ResidentId,
        // Position 17 is 2: female.
        id_number: "11010519491231002X".into(),
        mobile: "13812345678".into(),
        email: "liming@163.com".into(),
        ..MailForm::default()
    }
}

fn info_fix(problem: InfoProblem, correct: &str) -> MailForm {
    MailForm {
        info_problem: Some(problem),
        correct_value: correct.into(),
        password: "Pa ss{w}rd!".into(),
        ..form(MailCase::InfoFix)
    }
}

fn clean(f: &MailForm) -> CleanMail {
    check(f, Some(&jpeg()), today()).expect("valid")
}

fn draft(f: &MailForm, password: PasswordLine) -> MailDraft {
    render(&clean(f), password).expect("render")
}

fn errors(f: &MailForm, attachment: Option<&[u8]>) -> Vec<(MailField, MailFieldError)> {
    check(f, attachment, today()).expect_err("invalid").into_iter().map(|p| (p.field, p.error)).collect()
}

// --- data ---------------------------------------------------------------------------------

#[test]
fn the_shipped_data_is_valid_and_complete() {
    let data = jszg_mail().expect("data/mail/jszg.toml");
    assert_eq!(data.mailbox, "jszgwb@163.com");
    assert_eq!(data.watermark, crate::photo::DEFAULT_WATERMARK);
    for case in MailCase::ALL {
        let def = data.case(case).expect("case");
        assert_eq!(def.template, case.template_id());
        assert_eq!(MailCase::from_template(&def.template), Some(case));
        assert!(def.source.starts_with("seed 002, "), "{}", def.source);
        assert!(!def.title.has_blank() && !def.attachment.what.has_blank());
    }
    assert!(data.case(MailCase::InfoFix).is_some_and(|d| d.problems.len() == 3 && !d.subject_prescribed));
    assert!(data
        .case(MailCase::AccountCheck)
        .is_some_and(|d| d.subject_prescribed && d.attachment.watermark_recommended));
}

#[test]
fn broken_data_is_refused() {
    let good = include_str!("../../data/mail/jszg.toml");
    let broken = [
        good.replace("（{name}）核查账号信息", "（{nmae}）核查账号信息"),
        good.replace("有效邮箱：{email}", "有效邮箱：{email"),
        good.replace("登录密码：{password}", "登录密码："),
        good.replace("mailbox = \"jszgwb@163.com\"", "mailbox = \"jszgwb at 163\""),
        good.replace("id = \"name_changed\"", "id = \"name_swapped\""),
        good.replace("template = \"jszg_info_fix\"", "template = \"jszg_other\""),
        good.replace("filename = \"身份证件信息面.jpg\"", "filename = \"身份证件信息面.png\""),
        good.replace("en = \"Account check\"", "en = \" \""),
        good.replace("subject = \"（{name}）核查账号信息\"", "subject = \"核查账号信息（{name}）\""),
    ];
    for (i, text) in broken.iter().enumerate() {
        assert_ne!(text, good, "replacement {i} did not apply");
        assert!(parse(text).is_err(), "broken variant {i} was accepted");
    }
    assert!(parse(good).is_ok());
}

#[test]
fn placeholder_scanner() {
    assert_eq!(placeholders("（{name}）申请修改{changed}信息"), Ok(vec!["name", "changed"]));
    assert_eq!(placeholders("没有"), Ok(vec![]));
    assert!(placeholders("{a").is_err());
    assert!(placeholders("a}").is_err());
    assert!(placeholders("{a{b}}").is_err());
}

// --- rendering ------------------------------------------------------------------------------

#[test]
fn account_check_subject_and_body() {
    let d = draft(&form(MailCase::AccountCheck), PasswordLine::Include);
    assert_eq!(d.subject, "（李明）核查账号信息");
    assert_eq!(d.to, "jszgwb@163.com");
    assert_eq!(d.from, "liming@163.com");
    assert_eq!(
        d.body_lines,
        [
            "您好！",
            "注册时系统提示“该用户已注册”，请帮我核查账号信息。",
            "本人姓名：李明",
            "有效身份证件类型和号码：居民身份证 11010519491231002X",
            "有效手机号码：13812345678",
            "有效邮箱：liming@163.com",
            "附件是本人手持身份证件（有主要信息的一面）的照片，用于确认是本人申请。",
            "谢谢！",
        ]
    );
    assert_eq!(d.attachment_filename, "手持证件照.jpg");
    assert_eq!(d.watermark.as_deref(), Some("仅限在中国教师资格网办理业务使用"));
    assert!(!d.asks_password && d.password_warning.is_none());
    assert!(d.subject_prescribed);
}

#[test]
fn contact_change_subjects_follow_what_changed() {
    for (changed, subject, words) in [
        (ContactChanged::Both, "（李明）申请修改手机（邮箱）信息", "手机号和邮箱"),
        (ContactChanged::Mobile, "（李明）申请修改手机信息", "手机号"),
        (ContactChanged::Email, "（李明）申请修改邮箱信息", "邮箱"),
    ] {
        let d = draft(&MailForm { changed, ..form(MailCase::ContactChange) }, PasswordLine::Include);
        assert_eq!(d.subject, subject);
        assert!(d.body_lines[1].contains(&format!("使用的{words}已经更换")), "{:?}", d.body_lines[1]);
        // The optional old values are left out when empty.
        assert!(!d.body_lines.iter().any(|l| l.contains("注册时登记")), "{:?}", d.body_lines);
        assert_eq!(d.body_lines.len(), 8);
    }
    let with_old = MailForm {
        old_mobile: "139 1234 5678".into(),
        old_email: "old@qq.com".into(),
        ..form(MailCase::ContactChange)
    };
    let d = draft(&with_old, PasswordLine::Include);
    assert!(d.body_lines.contains(&"注册时登记的手机号码：13912345678".to_owned()));
    assert!(d.body_lines.contains(&"注册时登记的邮箱：old@qq.com".to_owned()));
    assert!(d.body_lines.contains(&"有效手机号码：13812345678".to_owned()));
    assert_eq!(d.body_lines.len(), 10);
}

#[test]
fn info_fix_body_and_password_lines() {
    let f = MailForm {
        shown_value: "男".into(),
        details: "第一行\r\n第二行".into(),
        ..info_fix(InfoProblem::WrongGender, "女")
    };
    let d = draft(&f, PasswordLine::Include);
    assert_eq!(d.subject, "（李明）申请修改个人信息");
    assert!(!d.subject_prescribed);
    assert!(d.asks_password && d.password_warning.is_some());
    assert_eq!(d.attachment_filename, "身份证件信息面.jpg");
    assert_eq!(d.watermark, None);
    for line in [
        "问题说明：性别信息有误，正确的性别是女。",
        "网站上现在显示为：男",
        "补充说明：第一行\n第二行",
        "姓名：李明",
        "身份证件类型和号码：居民身份证 11010519491231002X",
        "联系方式：手机 13812345678，邮箱 liming@163.com",
        // Braces in a value are not placeholders.
        "登录密码：Pa ss{w}rd!",
    ] {
        assert!(d.body_lines.iter().any(|l| l == line), "missing {line:?} in {:?}", d.body_lines);
    }
    assert!(d.body_lines.iter().all(|l| !l.contains('{') || l.contains("{w}")), "{:?}", d.body_lines);

    let masked = draft(&f, PasswordLine::Masked);
    assert!(masked.body().contains(&format!("登录密码：{PASSWORD_MASK}")) && !masked.body().contains("Pa ss"));
    let gap = draft(&f, PasswordLine::Placeholder);
    assert!(gap.body().contains(&format!("登录密码：{PASSWORD_PLACEHOLDER}")) && !gap.body().contains("Pa ss"));

    for (problem, line) in [
        (InfoProblem::GarbledName, "问题说明：姓名显示为乱码，正确的姓名是李明。"),
        (InfoProblem::NameChanged, "问题说明：实名核验通过后我的姓名已变更，现在的姓名是李明。"),
    ] {
        let d = draft(&info_fix(problem, "李明"), PasswordLine::Masked);
        assert!(d.body_lines.iter().any(|l| l == line), "{:?}", d.body_lines);
        assert!(!d.body().contains("网站上现在显示为") && !d.body().contains("补充说明"));
    }
}

#[test]
fn other_documents_are_named_in_the_body() {
    let f = MailForm {
        id_kind: DocumentKind::HkMacauPermit,
        id_number: "h12345678".into(),
        ..form(MailCase::AccountCheck)
    };
    let d = draft(&f, PasswordLine::Include);
    assert!(d.body_lines.contains(&"有效身份证件类型和号码：港澳居民来往内地通行证 H12345678".to_owned()));
}

#[test]
fn a_name_with_braces_stays_literal_in_the_subject() {
    let f = MailForm { name: "{changed}".into(), ..form(MailCase::ContactChange) };
    assert_eq!(draft(&f, PasswordLine::Include).subject, "（{changed}）申请修改手机（邮箱）信息");
}

// --- validation -----------------------------------------------------------------------------

#[test]
fn a_good_form_is_normalised() {
    let f = MailForm {
        name: "  李明 ".into(),
        id_number: " 11010519491231002x ".into(),
        mobile: "+86 138-1234-5678".into(),
        email: "LiMing＠163．COM".into(),
        ..form(MailCase::AccountCheck)
    };
    let c = clean(&f);
    assert_eq!((c.name(), c.email()), ("李明", "LiMing@163.com"));
    let d = render(&c, PasswordLine::Include).expect("render");
    assert!(d.body_lines.contains(&"有效身份证件类型和号码：居民身份证 11010519491231002X".to_owned()));
    assert!(d.body_lines.contains(&"有效手机号码：13812345678".to_owned()));
}

#[test]
fn everything_missing_is_reported_at_once_in_form_order() {
    let empty = MailForm { case: MailCase::InfoFix, ..MailForm::default() };
    let problems = check(&empty, None, today()).expect_err("empty");
    let fields: Vec<MailField> = problems.iter().map(|p| p.field).collect();
    assert_eq!(
        fields,
        [
            MailField::Name,
            MailField::IdNumber,
            MailField::Mobile,
            MailField::Email,
            MailField::InfoProblem,
            MailField::Password,
            MailField::Attachment
        ]
    );
    assert!(problems.iter().all(|p| p.error == MailFieldError::Missing && !p.message.has_blank()));
    assert!(problems[4].message.zh_cn.starts_with("请选择"));
    assert!(problems[0].message.zh_cn.starts_with("请填写“姓名”"));
    assert!(problems[6].message.en.contains("photo"));
    // The other cases do not ask for the info-fix fields.
    let empty = MailForm::default();
    assert_eq!(check(&empty, None, today()).map_err(|p| p.len()).err(), Some(5));
}

#[test]
fn name_limits() {
    let f = MailForm { name: "名".repeat(NAME_MAX_CHARS), ..form(MailCase::AccountCheck) };
    assert!(check(&f, Some(&jpeg()), today()).is_ok());
    let f = MailForm { name: "名".repeat(NAME_MAX_CHARS + 1), ..form(MailCase::AccountCheck) };
    assert_eq!(errors(&f, Some(&jpeg())), [(MailField::Name, MailFieldError::TooLong { max: 50, found: 51 })]);
    for (bad, error) in [
        (" ", MailFieldError::Missing),
        ("李\n明", MailFieldError::LineBreak),
        ("李\t明", MailFieldError::ControlCharacter),
    ] {
        let f = MailForm { name: bad.into(), ..form(MailCase::AccountCheck) };
        assert_eq!(errors(&f, Some(&jpeg())), [(MailField::Name, error)], "{bad:?}");
    }
}

#[test]
fn bad_id_numbers_go_through_the_identity_checker() {
    let f = MailForm { id_number: "110105194912310021".into(), ..form(MailCase::AccountCheck) };
    let problems = check(&f, Some(&jpeg()), today()).expect_err("bad check character");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, MailField::IdNumber);
    assert_eq!(problems[0].span, Some(crate::identity::Span::at(18)));
    assert!(problems[0].message.zh_cn.starts_with("“证件号码”：第 18 位"), "{}", problems[0].message.zh_cn);
    // A valid resident ID is not a valid Hong Kong/Macau permit number.
    let f = MailForm { id_kind: DocumentKind::HkMacauPermit, ..form(MailCase::AccountCheck) };
    assert!(errors(&f, Some(&jpeg()))
        .iter()
        .all(|(field, e)| *field == MailField::IdNumber && matches!(e, MailFieldError::IdNumber { .. })));
}

#[test]
fn bad_mobiles_and_emails() {
    for bad in ["1381234567", "138123456789", "12812345678", "手机"] {
        let f = MailForm { mobile: bad.into(), ..form(MailCase::AccountCheck) };
        assert_eq!(errors(&f, Some(&jpeg())), [(MailField::Mobile, MailFieldError::MobileInvalid)], "{bad}");
    }
    for bad in ["liming", "li ming@qq.com", "liming@qq", "liming@qq.c"] {
        let f = MailForm { email: bad.into(), ..form(MailCase::AccountCheck) };
        assert_eq!(errors(&f, Some(&jpeg())), [(MailField::Email, MailFieldError::EmailInvalid)], "{bad}");
    }
    let f = MailForm { old_mobile: "12345".into(), old_email: "nope".into(), ..form(MailCase::ContactChange) };
    assert_eq!(
        errors(&f, Some(&jpeg())),
        [(MailField::OldMobile, MailFieldError::MobileInvalid), (MailField::OldEmail, MailFieldError::EmailInvalid)]
    );
    let f = MailForm {
        old_mobile: "138 1234 5678".into(),
        old_email: "LIMING@163.com".into(),
        ..form(MailCase::ContactChange)
    };
    assert_eq!(
        errors(&f, Some(&jpeg())),
        [(MailField::OldMobile, MailFieldError::SameAsNew), (MailField::OldEmail, MailFieldError::SameAsNew)]
    );
    // The account check ignores the old values.
    let f = MailForm { old_mobile: "12345".into(), ..form(MailCase::AccountCheck) };
    assert!(check(&f, Some(&jpeg()), today()).is_ok());
}

#[test]
fn attachment_rules() {
    let f = form(MailCase::AccountCheck);
    assert_eq!(errors(&f, None), [(MailField::Attachment, MailFieldError::Missing)]);
    assert_eq!(errors(&f, Some(&[])), [(MailField::Attachment, MailFieldError::Missing)]);
    assert_eq!(errors(&f, Some(b"\x89PNG\r\n\x1a\n")), [(MailField::Attachment, MailFieldError::NotJpeg)]);
    let mut big = jpeg();
    big.resize(ATTACHMENT_MAX_BYTES, 0);
    assert!(check(&f, Some(&big), today()).is_ok(), "exactly at the limit");
    big.push(0);
    let e = errors(&f, Some(&big));
    assert_eq!(
        e,
        [(
            MailField::Attachment,
            MailFieldError::AttachmentTooLarge { max_bytes: 10_485_760, found_bytes: 10_485_761 }
        )]
    );
    assert!(e[0].1.text(MailField::Attachment).zh_cn.contains("10.0 MB"));
}

#[test]
fn info_fix_rules() {
    // Gender: 男 or 女 only, and in agreement with the ID number (…002X is female).
    assert!(check(&info_fix(InfoProblem::WrongGender, " 女 "), Some(&jpeg()), today()).is_ok());
    assert_eq!(
        errors(&info_fix(InfoProblem::WrongGender, "男"), Some(&jpeg())),
        [(MailField::CorrectValue, MailFieldError::GenderDisagreesWithId { on_id: crate::identity::Sex::Female })]
    );
    assert_eq!(
        errors(&info_fix(InfoProblem::WrongGender, "female"), Some(&jpeg())),
        [(MailField::CorrectValue, MailFieldError::GenderInvalid)]
    );
    assert_eq!(
        errors(&info_fix(InfoProblem::WrongGender, ""), Some(&jpeg())),
        [(MailField::CorrectValue, MailFieldError::Missing)]
    );
    // A permit without a sex digit accepts either.
    let f = MailForm {
        id_kind: DocumentKind::HkMacauPermit,
        id_number: "M12345678".into(),
        ..info_fix(InfoProblem::WrongGender, "男")
    };
    assert!(check(&f, Some(&jpeg()), today()).is_ok());
    // Names: like the name field.
    assert_eq!(
        errors(&info_fix(InfoProblem::NameChanged, &"名".repeat(51)), Some(&jpeg())),
        [(MailField::CorrectValue, MailFieldError::TooLong { max: 50, found: 51 })]
    );
    // Password: required, one line, at most the vault's limit; not trimmed.
    let mut f = info_fix(InfoProblem::GarbledName, "李明");
    f.password = String::new();
    assert_eq!(errors(&f, Some(&jpeg())), [(MailField::Password, MailFieldError::Missing)]);
    f.password = "a\nb".into();
    assert_eq!(errors(&f, Some(&jpeg())), [(MailField::Password, MailFieldError::LineBreak)]);
    f.password = "密".repeat(crate::vault::MAX_PASSWORD_CHARS + 1);
    assert_eq!(errors(&f, Some(&jpeg())), [(MailField::Password, MailFieldError::TooLong { max: 256, found: 257 })]);
    f.password = " pw ".into();
    let d = render(&clean(&f), PasswordLine::Include).expect("render");
    assert!(d.body_lines.contains(&"登录密码： pw ".to_owned()));
    // Optional fields at their limits.
    let mut f = info_fix(InfoProblem::GarbledName, "李明");
    f.details = "详".repeat(DETAILS_MAX_CHARS);
    f.shown_value = "?".repeat(SHOWN_VALUE_MAX_CHARS);
    assert!(check(&f, Some(&jpeg()), today()).is_ok());
    f.details.push('详');
    f.shown_value.push('?');
    assert_eq!(
        errors(&f, Some(&jpeg())),
        [
            (MailField::ShownValue, MailFieldError::TooLong { max: 100, found: 101 }),
            (MailField::Details, MailFieldError::TooLong { max: 500, found: 501 }),
        ]
    );
}

#[test]
fn every_message_is_complete_in_every_language() {
    let samples = [
        MailFieldError::Missing,
        MailFieldError::TooLong { max: 1, found: 2 },
        MailFieldError::LineBreak,
        MailFieldError::ControlCharacter,
        MailFieldError::IdNumber { id_error: crate::identity::IdError::Empty },
        MailFieldError::MobileInvalid,
        MailFieldError::EmailInvalid,
        MailFieldError::SameAsNew,
        MailFieldError::GenderInvalid,
        MailFieldError::GenderDisagreesWithId { on_id: crate::identity::Sex::Male },
        MailFieldError::NotJpeg,
        MailFieldError::AttachmentTooLarge { max_bytes: 1, found_bytes: 2 },
    ];
    for field in MailField::ALL {
        assert!(!field.name().has_blank());
        for e in &samples {
            assert!(!e.text(field).has_blank(), "{field:?} {e:?}");
        }
    }
    assert!(!password_warning().has_blank() && !password_change_task().has_blank());
    assert!(password_warning().zh_cn.contains("jszgwb@163.com"));
}

#[test]
fn debug_output_hides_the_id_number_and_the_password() {
    let f = info_fix(InfoProblem::WrongGender, "女");
    let c = clean(&f);
    let d = render(&c, PasswordLine::Include).expect("render");
    for shown in [format!("{f:?}"), format!("{c:?}"), format!("{d:?}")] {
        assert!(!shown.contains("11010519491231002X"), "{shown}");
        assert!(!shown.contains("13812345678"), "{shown}");
        assert!(!shown.contains("Pa ss"), "{shown}");
    }
}

#[test]
fn the_form_deserialises_from_the_ui() {
    let f: MailForm = serde_json::from_value(serde_json::json!({
        "case": "info_fix", "name": "李明", "id_kind": "resident_id", "id_number": "11010519491231002X",
        "mobile": "13812345678", "email": "liming@163.com", "info_problem": "wrong_gender",
        "correct_value": "女", "password": "pw"
    }))
    .expect("form");
    assert_eq!(f.changed, ContactChanged::Both);
    assert!(check(&f, Some(&jpeg()), today()).is_ok());
    let empty: MailForm = serde_json::from_str("{}").expect("defaults");
    assert_eq!(empty.case, MailCase::AccountCheck);
}

// --- the message ----------------------------------------------------------------------------

fn date() -> SystemTime {
    // 2026-06-01T08:00:00Z
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_300_800)
}

fn eml(f: &MailForm, options: &MessageOptions) -> String {
    let m = build_message(&clean(f), options).expect("message");
    String::from_utf8(eml_bytes(&m)).expect("the whole message is ASCII, so UTF-8")
}

/// The text part's body, base64-decoded (lettre picks base64 for Chinese-heavy text).
fn decoded_text_part(eml: &str) -> String {
    let start = eml.find("Content-Type: text/plain; charset=utf-8").expect("text part");
    let part = &eml[start..];
    assert!(part.contains("Content-Transfer-Encoding: base64"), "{part}");
    let body_start = part.find("\r\n\r\n").map(|i| i + 4).unwrap_or_default();
    let encoded: String = part[body_start..].lines().take_while(|l| !l.starts_with("--")).collect();
    String::from_utf8(unbase64(&encoded)).expect("utf-8")
}

fn unbase64(s: &str) -> Vec<u8> {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let v = ABC.iter().position(|x| *x == c).expect("base64 character") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn headers(eml: &str) -> &str {
    eml.split("\r\n\r\n").next().unwrap_or_default()
}

#[test]
fn eml_structure() {
    let text = eml(&form(MailCase::AccountCheck), &MessageOptions::smtp(date()));
    assert!(text.is_ascii(), "headers and bodies are 7-bit");
    let head = headers(&text);
    // RFC 2047: the Chinese subject and the sender's name as encoded words.
    assert!(head.contains("Subject: =?utf-8?b?"), "{head}");
    assert!(head.contains("From: =?utf-8?b?") && head.contains("<liming@163.com>"), "{head}");
    assert!(head.contains("To: jszgwb@163.com"), "{head}");
    assert!(head.contains("Date: Mon, 01 Jun 2026 08:00:00 +0000"), "{head}");
    assert!(head.contains("MIME-Version: 1.0"), "{head}");
    assert!(head.contains("Content-Type: multipart/mixed;"), "{head}");
    assert!(head.contains("Message-ID: <") && head.contains("@163.com>"), "{head}");
    assert!(!head.contains("X-Unsent"));
    // The parts: UTF-8 text, then the JPEG with its file name in RFC 2231 and RFC 2047 forms.
    assert!(text.contains("Content-Type: text/plain; charset=utf-8"), "{text}");
    assert!(text.contains("Content-Transfer-Encoding: base64") || text.contains("quoted-printable"));
    assert!(text.contains("Content-Type: image/jpeg; name=\"=?utf-8?b?5omL5oyB6K+B5Lu254WnLmpwZw==?=\""), "{text}");
    // RFC 2231 with continuations: filename*0*=utf-8''%E6%89%8B%E6%8C%81…; filename*1*=.jpg
    assert!(text.contains("Content-Disposition: attachment;"), "{text}");
    assert!(text.contains("filename*0*=utf-8''%E6%89%8B%E6%8C%81%E8%AF%81%E4%BB%B6%E7%85%A7"), "{text}");
    // The encoded subject decodes back to the Chinese.
    let b64 = head
        .lines()
        .find_map(|l| l.strip_prefix("Subject: =?utf-8?b?"))
        .and_then(|l| l.strip_suffix("?="))
        .unwrap_or_default();
    assert_eq!(b64, super::message::base64("（李明）核查账号信息".as_bytes()));
}

#[test]
fn eml_for_the_mail_program_has_no_password_and_is_a_draft() {
    let f = info_fix(InfoProblem::WrongGender, "女");
    let text = eml(&f, &MessageOptions::eml(date()));
    assert!(headers(&text).contains("X-Unsent: 1"));
    let body = decoded_text_part(&text);
    assert!(body.contains(PASSWORD_PLACEHOLDER), "{body}");
    assert!(!body.contains("Pa ss{w}rd!"), "{body}");
    let sent = decoded_text_part(&eml(&f, &MessageOptions::smtp(date())));
    assert!(sent.contains("登录密码：Pa ss{w}rd!"), "{sent}");
}

#[test]
fn recipient_override_and_bad_addresses() {
    let options = MessageOptions { to: Some("sink@127.0.0.1.example".into()), ..MessageOptions::smtp(date()) };
    assert!(headers(&eml(&form(MailCase::AccountCheck), &options)).contains("To: sink@127.0.0.1.example"));
    let bad = MessageOptions { to: Some("not an address".into()), ..MessageOptions::smtp(date()) };
    let e = build_message(&clean(&form(MailCase::AccountCheck)), &bad).expect_err("bad to");
    assert_eq!(e, MessageError::Address { address: "not an address".into() });
    assert!(!e.text().has_blank());
}

#[test]
fn message_ids_are_unique() {
    let c = clean(&form(MailCase::AccountCheck));
    let id = |m: &Message| m.headers().get_raw("Message-ID").map(str::to_owned).unwrap_or_default();
    let a = build_message(&c, &MessageOptions::smtp(date())).expect("a");
    let b = build_message(&c, &MessageOptions::smtp(date())).expect("b");
    assert_ne!(id(&a), id(&b));
}

// --- after sending --------------------------------------------------------------------------

#[test]
fn sent_mails_are_tracked_with_the_working_day_rule() {
    // Wednesday 2026-09-30, before the National Day holiday: due Thursday 10/8.
    let sent = NaiveDate::from_ymd_opt(2026, 9, 30).expect("date");
    let t = expected_reply(MailCase::AccountCheck, sent).expect("track").expect("promised");
    assert_eq!(t.kind, TrackKind::JszgEmail);
    assert_eq!(t.expected_by, NaiveDate::from_ymd_opt(2026, 10, 8).expect("date"));
    assert_eq!(t, crate::feedback::track(TrackKind::JszgEmail, sent).expect("same as feedback::track"));
    let item = tracked_item("mail-1", MailCase::ContactChange, sent).expect("track").expect("promised");
    assert_eq!((item.id.as_str(), item.tracked.expected_by), ("mail-1", t.expected_by));
    assert_eq!(item.answered_on, None);
    // No promised time for the info fix: nothing to count.
    assert_eq!(expected_reply(MailCase::InfoFix, sent), Ok(None));
    assert_eq!(tracked_item("x", MailCase::InfoFix, sent), Ok(None));
    assert!(MailCase::InfoFix.asks_password() && !MailCase::AccountCheck.asks_password());
}
