#![cfg(target_os = "linux")]
//! Linux: sending the help-desk mails against a real SMTP server on 127.0.0.1: aiosmtpd (Debian package
//! `python3-aiosmtpd`, installed by `scripts/setup.sh`), started per test by
//! `tests/support/smtp_sink.py` with a self-signed certificate made here with `openssl`.
//! What arrives is parsed back with `mail-parser` and compared with what was sent.
//!
//! Missing `python3-aiosmtpd` or `openssl` is a failure that says to run scripts/setup.sh: these
//! tests never skip silently.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use applicant_assistant_lib::mail::{
    is_loopback, send, send_with_roots, write_eml, Security, SendError, SmtpSettings, DEFAULT_TIMEOUT_SECONDS,
};
use assistant_core::identity::DocumentKind;
use assistant_core::mail::{
    build_message, check, CleanMail, ContactChanged, InfoProblem, MailCase, MailForm, Message, MessageOptions,
    PASSWORD_PLACEHOLDER,
};
use chrono::NaiveDate;
use lettre::transport::smtp::client::Certificate;
use mail_parser::{MessageParser, MimeHeaders};

const PYTHON: &str = "/usr/bin/python3";
const USER: &str = "liming@163.com";
const PASSWORD: &str = "授权码-Secret 1";
const SINK: &str = "jszgwb@163.com";

fn setup_hint(what: &str) -> String {
    format!("{what} — run `bash scripts/setup.sh --test` (it installs python3-aiosmtpd and openssl) and try again")
}

fn scratch(name: &str) -> PathBuf {
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let d = std::env::temp_dir().join(format!("aa-smtp-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

/// A self-signed certificate for 127.0.0.1 and localhost.
fn make_cert(dir: &Path) -> (PathBuf, PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let status = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => (cert, key),
        other => panic!("{}", setup_hint(&format!("openssl could not make a test certificate ({other:?})"))),
    }
}

/// One running aiosmtpd. Killed (by its pid) and cleaned up on drop.
struct Sink {
    child: Child,
    port: u16,
    dir: PathBuf,
    inbox: PathBuf,
    cert: Vec<u8>,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Sink {
    fn start(mode: &str, extra: &[&str]) -> Sink {
        let probe = Command::new(PYTHON).args(["-c", "import aiosmtpd.smtp"]).output();
        if !probe.is_ok_and(|o| o.status.success()) {
            panic!("{}", setup_hint(&format!("{PYTHON} cannot import aiosmtpd (Debian package python3-aiosmtpd)")));
        }
        let dir = scratch(mode);
        let inbox = dir.join("inbox");
        std::fs::create_dir_all(&inbox).expect("inbox");
        let (cert, key) = make_cert(&dir);
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let mut child = Command::new(PYTHON)
            .arg(&script)
            .args(["--mode", mode, "--user", USER, "--password", PASSWORD, "--dir"])
            .arg(&inbox)
            .arg("--cert")
            .arg(&cert)
            .arg("--key")
            .arg(&key)
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("{}", setup_hint(&format!("cannot start {PYTHON}: {e}"))));
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(20)).unwrap_or_default();
        let port = line.trim().strip_prefix("PORT ").and_then(|p| p.parse().ok());
        let Some(port) = port else {
            let _ = child.kill();
            panic!("the SMTP sink did not start (said {line:?})");
        };
        let cert = std::fs::read(&cert).expect("cert");
        Sink { child, port, dir, inbox, cert }
    }

    fn settings(&self, security: Security) -> SmtpSettings {
        SmtpSettings { port: self.port, timeout_seconds: 10, ..SmtpSettings::new("127.0.0.1", security, USER) }
    }

    fn root(&self) -> Certificate {
        Certificate::from_pem(&self.cert).expect("certificate")
    }

    /// The raw messages received, in order.
    fn received(&self) -> Vec<Vec<u8>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.inbox)
            .expect("inbox")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        files.sort();
        files.iter().map(|p| std::fs::read(p).expect("message")).collect()
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).expect("date")
}

/// A small but real JPEG: SOI, JFIF APP0, a comment with every byte value, EOI.
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
        email: USER.into(),
        changed: ContactChanged::Both,
        info_problem: Some(InfoProblem::WrongGender),
        correct_value: "女".into(),
        password: "jszg-Login 9".into(),
        ..MailForm::default()
    };
    check(&form, Some(&jpeg()), today()).expect("valid form")
}

fn message(case: MailCase) -> Message {
    build_message(&mail(case), &MessageOptions::smtp(SystemTime::now())).expect("message")
}

fn raw_headers(raw: &[u8]) -> &[u8] {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(raw.len());
    &raw[..end]
}

#[test]
fn starttls_delivers_the_account_check_mail_intact() {
    let sink = Sink::start("starttls", &[]);
    let reply =
        send_with_roots(&sink.settings(Security::StartTls), PASSWORD, &message(MailCase::AccountCheck), &[sink.root()])
            .expect("sent");
    assert!(reply.contains("queued as sink-1"), "{reply}");

    let received = sink.received();
    assert_eq!(received.len(), 1);
    let raw = &received[0];
    // Headers are 7-bit: the Chinese is in RFC 2047 encoded words.
    let head = raw_headers(raw);
    assert!(head.is_ascii(), "raw UTF-8 in the headers:\n{}", String::from_utf8_lossy(head));
    assert!(String::from_utf8_lossy(head).contains("Subject: =?utf-8?"), "{}", String::from_utf8_lossy(head));

    let parsed = MessageParser::default().parse(raw).expect("parse");
    assert_eq!(parsed.subject(), Some("（李明）核查账号信息"));
    let from = parsed.from().and_then(|a| a.first()).expect("from");
    assert_eq!((from.name(), from.address()), (Some("李明"), Some(USER)));
    assert_eq!(parsed.to().and_then(|a| a.first()).and_then(|a| a.address()), Some(SINK));
    let body = parsed.body_text(0).expect("text body");
    for line in [
        "注册时系统提示“该用户已注册”，请帮我核查账号信息。",
        "本人姓名：李明",
        "有效身份证件类型和号码：居民身份证 11010519491231002X",
        "有效手机号码：13812345678",
        "有效邮箱：liming@163.com",
    ] {
        assert!(body.lines().any(|l| l == line), "missing {line:?} in\n{body}");
    }
    let attachments: Vec<_> = parsed.attachments().collect();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0].attachment_name(), Some("手持证件照.jpg"));
    assert_eq!(attachments[0].contents(), jpeg().as_slice());
    assert!(attachments[0].content_type().is_some_and(|c| c.ctype() == "image" && c.subtype() == Some("jpeg")));
}

#[test]
fn implicit_tls_delivers_the_contact_change_mail() {
    let sink = Sink::start("implicit", &[]);
    send_with_roots(&sink.settings(Security::ImplicitTls), PASSWORD, &message(MailCase::ContactChange), &[sink.root()])
        .expect("sent");
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let parsed = MessageParser::default().parse(&received[0]).expect("parse");
    assert_eq!(parsed.subject(), Some("（李明）申请修改手机（邮箱）信息"));
}

#[test]
fn the_info_fix_mail_carries_the_password_only_over_smtp() {
    let sink = Sink::start("starttls", &[]);
    send_with_roots(&sink.settings(Security::StartTls), PASSWORD, &message(MailCase::InfoFix), &[sink.root()])
        .expect("sent");
    let received = sink.received();
    let parsed = MessageParser::default().parse(&received[0]).expect("parse");
    assert_eq!(parsed.subject(), Some("（李明）申请修改个人信息"));
    let body = parsed.body_text(0).expect("body");
    assert!(body.contains("登录密码：jszg-Login 9"), "{body}");
    assert_eq!(parsed.attachments().next().and_then(|a| a.attachment_name()), Some("身份证件信息面.jpg"));

    // The .eml for the applicant's own mail program has a gap instead, and is marked as a draft.
    let dir = scratch("eml");
    let path = write_eml(&dir, &mail(MailCase::InfoFix), SystemTime::now()).expect("eml");
    assert_eq!(path.file_name().and_then(|n| n.to_str()), Some("（李明）申请修改个人信息.eml"));
    let again = write_eml(&dir, &mail(MailCase::InfoFix), SystemTime::now()).expect("second eml");
    assert_eq!(again.file_name().and_then(|n| n.to_str()), Some("（李明）申请修改个人信息 (2).eml"));
    let raw = std::fs::read(&path).expect("read eml");
    let saved = MessageParser::default().parse(&raw).expect("parse eml");
    let saved_body = saved.body_text(0).expect("body");
    assert!(saved_body.contains(PASSWORD_PLACEHOLDER) && !saved_body.contains("jszg-Login 9"), "{saved_body}");
    assert_eq!(saved.header_raw("X-Unsent").map(str::trim), Some("1"));
    assert_eq!(saved.attachments().next().map(|a| a.contents().to_vec()), Some(jpeg()));
    let leftovers = std::fs::read_dir(&dir).expect("list").filter_map(Result::ok).count();
    assert_eq!(leftovers, 2, "no temporary files left");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn wrong_password_is_an_auth_error() {
    let sink = Sink::start("starttls", &[]);
    let err =
        send_with_roots(&sink.settings(Security::StartTls), "wrong", &message(MailCase::AccountCheck), &[sink.root()])
            .expect_err("refused");
    assert!(matches!(err, SendError::Auth { .. }), "{err:?}");
    assert!(err.text().zh_cn.contains("授权码"));
    assert!(!format!("{err:?}{err}").contains("wrong"), "the password must not appear in errors");
    assert!(sink.received().is_empty());
}

#[test]
fn refused_recipient_is_reported_as_such() {
    let sink = Sink::start("starttls", &["--refuse", SINK]);
    let err =
        send_with_roots(&sink.settings(Security::StartTls), PASSWORD, &message(MailCase::AccountCheck), &[sink.root()])
            .expect_err("refused");
    assert!(matches!(&err, SendError::RecipientRefused { detail } if detail.contains("550")), "{err:?}");
    assert!(sink.received().is_empty());
}

#[test]
fn starttls_required_but_not_offered_is_a_tls_error_with_no_plaintext_fallback() {
    let sink = Sink::start("plain", &["--auth-plaintext"]);
    let err =
        send_with_roots(&sink.settings(Security::StartTls), PASSWORD, &message(MailCase::AccountCheck), &[sink.root()])
            .expect_err("no STARTTLS");
    assert!(matches!(&err, SendError::Tls { detail } if detail.contains("STARTTLS")), "{err:?}");
    assert!(sink.received().is_empty(), "nothing may be sent in the clear");
    // The same server in Plain mode (loopback only) works: the refusal above was the client's.
    send(&sink.settings(Security::Plain), PASSWORD, &message(MailCase::AccountCheck)).expect("plain on loopback");
    assert_eq!(sink.received().len(), 1);
}

#[test]
fn an_untrusted_certificate_is_a_tls_error() {
    let sink = Sink::start("starttls", &[]);
    // Without the test root the self-signed certificate is not trusted.
    let err =
        send(&sink.settings(Security::StartTls), PASSWORD, &message(MailCase::AccountCheck)).expect_err("untrusted");
    assert!(matches!(err, SendError::Tls { .. }), "{err:?}");
    let implicit = Sink::start("implicit", &[]);
    let err = send(&implicit.settings(Security::ImplicitTls), PASSWORD, &message(MailCase::AccountCheck))
        .expect_err("untrusted");
    assert!(matches!(err, SendError::Tls { .. }), "{err:?}");
    assert!(sink.received().is_empty() && implicit.received().is_empty());
}

#[test]
fn nothing_listening_is_a_connect_error() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let settings = SmtpSettings { port, ..SmtpSettings::new("127.0.0.1", Security::ImplicitTls, USER) };
    let t = Instant::now();
    let err = send(&settings, PASSWORD, &message(MailCase::AccountCheck)).expect_err("nothing there");
    assert!(matches!(err, SendError::Connect { .. }), "{err:?}");
    assert!(t.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_silent_server_times_out() {
    // Accepts the connection (kernel backlog) and never says hello.
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let settings = SmtpSettings {
        port: l.local_addr().expect("addr").port(),
        timeout_seconds: 1,
        ..SmtpSettings::new("127.0.0.1", Security::StartTls, USER)
    };
    let t = Instant::now();
    let err = send(&settings, PASSWORD, &message(MailCase::AccountCheck)).expect_err("silent");
    assert_eq!(err, SendError::Timeout { seconds: 1 });
    assert!(t.elapsed() < Duration::from_secs(5), "took {:?}", t.elapsed());
}

#[test]
fn plaintext_to_a_remote_server_is_refused_before_connecting() {
    let settings = SmtpSettings::new("smtp.163.com", Security::Plain, USER);
    let err = send(&settings, PASSWORD, &message(MailCase::AccountCheck)).expect_err("refused");
    assert!(matches!(err, SendError::Settings { .. }), "{err:?}");
}

#[test]
fn plaintext_only_to_loopback() {
    for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]"] {
        assert!(is_loopback(host), "{host}");
    }
    for host in ["smtp.163.com", "10.0.0.1", "localhost.example.com", "", "0.0.0.0"] {
        assert!(!is_loopback(host), "{host}");
    }
    // Incomplete settings are refused before connecting too.
    for settings in [
        SmtpSettings::new(" ", Security::ImplicitTls, USER),
        SmtpSettings::new("127.0.0.1", Security::ImplicitTls, " "),
        SmtpSettings { port: 0, ..SmtpSettings::new("127.0.0.1", Security::ImplicitTls, USER) },
    ] {
        let err = send(&settings, PASSWORD, &message(MailCase::AccountCheck)).expect_err("invalid");
        assert!(matches!(err, SendError::Settings { .. }), "{err:?}");
    }
}

#[test]
fn settings_defaults_and_messages() {
    let s = SmtpSettings::new("smtp.163.com", Security::StartTls, USER);
    assert_eq!((s.port, s.timeout_seconds), (587, DEFAULT_TIMEOUT_SECONDS));
    assert_eq!(DEFAULT_TIMEOUT_SECONDS, 20);
    assert_eq!(SmtpSettings::new("h", Security::ImplicitTls, "u").port, 465);
    let json: SmtpSettings =
        serde_json::from_str(r#"{"server":"smtp.qq.com","port":465,"security":"implicit_tls","username":"a@qq.com"}"#)
            .expect("settings");
    assert_eq!((json.security, json.timeout_seconds), (Security::ImplicitTls, DEFAULT_TIMEOUT_SECONDS));
    for e in [
        SendError::Settings { detail: String::new() },
        SendError::Connect { detail: String::new() },
        SendError::Tls { detail: String::new() },
        SendError::Auth { detail: String::new() },
        SendError::SenderRefused { detail: String::new() },
        SendError::RecipientRefused { detail: String::new() },
        SendError::MessageRefused { detail: String::new() },
        SendError::Timeout { seconds: 20 },
    ] {
        assert!(!e.text().has_blank(), "{e:?}");
    }
    let json = serde_json::to_value(SendError::Timeout { seconds: 3 }).expect("json");
    assert_eq!((json["code"].as_str(), json["seconds"].as_u64()), (Some("timeout"), Some(3)));
}
