//! Sending the teacher site's help-desk e-mails (issue 8) from the applicant's own mailbox over
//! SMTP, or saving them as an `.eml` for the applicant's mail program. The mail itself (checks,
//! templates, the RFC 5322 message) is `assistant_core::mail`; this module only talks to the
//! network and the disk.
//!
//! Security modes (decided here):
//! - [`Security::ImplicitTls`] (port 465, "SSL"): TLS from the first byte. What the big Chinese
//!   providers (163, 126, QQ, sina) document for clients.
//! - [`Security::StartTls`] (port 587): plain connect, then STARTTLS is *required*. A server that
//!   does not offer it, or a failed upgrade, is a [`SendError::Tls`]: there is no fallback to
//!   plaintext, so the password is never sent in the clear.
//! - [`Security::Plain`]: no TLS at all. Accepted only when the server is `localhost` or a loopback
//!   address (for local test servers and local relays); anything else is refused before
//!   connecting ([`SendError::Settings`]).
//!
//! Certificates are checked against the system's roots (OpenSSL on Linux, schannel on Windows,
//! Security.framework on macOS: the same native-tls reqwest uses) and the server name; there is
//! no switch to accept invalid certificates. Tests add their self-signed root through
//! [`send_with_roots`].
//!
//! Login: AUTH PLAIN or LOGIN, only over TLS (or on loopback in `Plain` mode). The password is a
//! parameter, taken by the caller from the OS keychain; it is never stored, logged or part of any
//! `Debug` output here. Every connection step has the timeout of [`SmtpSettings::timeout_seconds`]
//! (default [`DEFAULT_TIMEOUT_SECONDS`]).
//!
//! Sending is blocking (lettre's synchronous client): call it from a blocking task
//! (`tauri::async_runtime::spawn_blocking`), never on the UI thread.

use std::error::Error as _;
use std::io;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use assistant_core::atomic::write_atomic;
use assistant_core::filename;
use assistant_core::lang::Text;
use assistant_core::mail::{
    build_message, eml_bytes, render, CleanMail, Message, MessageError, MessageOptions, PasswordLine,
};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::Error as SmtpError;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Per step (connect, each command, the upload): long enough for a slow mobile link, short
/// enough that a dead server does not leave the applicant waiting.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 20;

/// How the connection is protected (see the module documentation): kept with a mailbox account
/// in the vault, so it lives in core.
pub use assistant_core::vault::Security;

fn default_timeout() -> u32 {
    DEFAULT_TIMEOUT_SECONDS
}

/// The applicant's outgoing-mail settings. No password: see [`send`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SmtpSettings {
    /// Host name (as on the certificate, e.g. `smtp.163.com`) or IP address.
    pub server: String,
    pub port: u16,
    pub security: Security,
    /// The login, usually the full e-mail address.
    pub username: String,
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u32,
}

impl SmtpSettings {
    pub fn new(server: impl Into<String>, security: Security, username: impl Into<String>) -> SmtpSettings {
        SmtpSettings {
            server: server.into(),
            port: security.default_port(),
            security,
            username: username.into(),
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
        }
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(u64::from(self.timeout_seconds.clamp(1, 300)))
    }

    /// The host without IPv6 brackets.
    fn host(&self) -> &str {
        let s = self.server.trim();
        s.strip_prefix('[').and_then(|s| s.strip_suffix(']')).unwrap_or(s)
    }
}

/// `localhost` or a loopback IP: the only servers [`Security::Plain`] may talk to.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim();
    let host = host.strip_prefix('[').and_then(|s| s.strip_suffix(']')).unwrap_or(host);
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Why a mail was not sent. `detail` is the server's reply or the library's message, for the
/// log and for support; it never contains the password. The applicant sees [`SendError::text`].
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SendError {
    /// The settings cannot work (no server, port 0, plaintext to a remote server, no login).
    #[error("invalid settings: {detail}")]
    Settings { detail: String },
    /// No connection: refused, unreachable, name not found, or closed by the server.
    #[error("cannot connect: {detail}")]
    Connect { detail: String },
    /// TLS failed: bad or untrusted certificate, handshake error, or STARTTLS not offered.
    #[error("TLS failed: {detail}")]
    Tls { detail: String },
    /// The server refused the login (or offers no login method this client supports).
    #[error("authentication failed: {detail}")]
    Auth { detail: String },
    /// The server will not send as this From address (many providers allow only the login's own).
    #[error("sender refused: {detail}")]
    SenderRefused { detail: String },
    /// The server refused the recipient.
    #[error("recipient refused: {detail}")]
    RecipientRefused { detail: String },
    /// The server refused the message itself (size, content, rate limit, …).
    #[error("message refused: {detail}")]
    MessageRefused { detail: String },
    /// No answer within the timeout.
    #[error("timed out after {seconds} s")]
    Timeout { seconds: u32 },
}

impl SendError {
    /// What the applicant reads, with what to do next.
    pub fn text(&self) -> Text {
        match self {
            SendError::Settings { .. } => Text::new(
                "发信设置不完整或不安全：请填写发信服务器、端口和登录账号，并选择 SSL/TLS 或 STARTTLS 加密。",
                "寄信設定不完整或不安全：請填寫寄信伺服器、連接埠和登入帳號，並選擇 SSL/TLS 或 STARTTLS 加密。",
                "The sending settings are incomplete or unsafe: fill in the SMTP server, port and login, and choose SSL/TLS or STARTTLS.",
            ),
            SendError::Connect { .. } => Text::new(
                "连不上发信服务器。请检查网络、服务器地址和端口（SSL 一般是 465，STARTTLS 一般是 587）。",
                "連不上寄信伺服器。請檢查網路、伺服器位址和連接埠（SSL 一般是 465，STARTTLS 一般是 587）。",
                "Cannot reach the mail server. Check the network, the server name and the port (465 for SSL, 587 for STARTTLS).",
            ),
            SendError::Tls { .. } => Text::new(
                "和发信服务器建立加密连接失败，邮件没有发出。请确认服务器地址和加密方式（SSL/TLS 或 STARTTLS）与邮箱说明一致。",
                "和寄信伺服器建立加密連線失敗，郵件沒有寄出。請確認伺服器位址和加密方式（SSL/TLS 或 STARTTLS）與信箱說明一致。",
                "The secure connection to the mail server failed, so nothing was sent. Check the server name and the encryption mode (SSL/TLS or STARTTLS) against your mailbox's instructions.",
            ),
            SendError::Auth { .. } => Text::new(
                "发信服务器拒绝登录：账号或密码不对。很多邮箱（如 163、QQ）发信要用“授权码”，不是网页登录密码，请在邮箱设置里开启 SMTP 并获取授权码。",
                "寄信伺服器拒絕登入：帳號或密碼不對。很多信箱（如 163、QQ）寄信要用「授權碼」，不是網頁登入密碼，請在信箱設定裡開啟 SMTP 並取得授權碼。",
                "The mail server refused the login: wrong user name or password. Many mailboxes (163, QQ, …) need an app-specific authorisation code (授权码) for SMTP rather than the web password: enable SMTP in the mailbox settings and get one.",
            ),
            SendError::SenderRefused { .. } => Text::new(
                "发信服务器不允许用这个地址发信。表单里的电子邮箱必须和登录发信服务器的邮箱一致。",
                "寄信伺服器不允許用這個地址寄信。表單裡的電子郵件必須和登入寄信伺服器的信箱一致。",
                "The mail server will not send from this address: the e-mail in the form must be the mailbox you log in with.",
            ),
            SendError::RecipientRefused { .. } => Text::new(
                "发信服务器拒绝了收件地址，邮件没有发出。请稍后再试，或者用自己的邮件程序发送。",
                "寄信伺服器拒絕了收件地址，郵件沒有寄出。請稍後再試，或者用自己的郵件程式寄送。",
                "The mail server refused the recipient, so nothing was sent. Try again later, or send it with your own mail program.",
            ),
            SendError::MessageRefused { .. } => Text::new(
                "发信服务器拒收这封邮件（可能是附件太大或发信太频繁）。请缩小照片后再试，或者用自己的邮件程序发送。",
                "寄信伺服器拒收這封郵件（可能是附件太大或寄信太頻繁）。請縮小照片後再試，或者用自己的郵件程式寄送。",
                "The mail server refused the message (perhaps the photo is too large or too many mails were sent). Shrink the photo and try again, or send it with your own mail program.",
            ),
            SendError::Timeout { seconds } => Text {
                zh_cn: format!("发信服务器 {seconds} 秒内没有响应，邮件可能没有发出。请检查网络后再试。"),
                zh_tw: format!("寄信伺服器 {seconds} 秒內沒有回應，郵件可能沒有寄出。請檢查網路後再試。"),
                en: format!("The mail server did not answer within {seconds} s; the mail was probably not sent. Check the network and try again."),
            },
        }
    }
}

/// The SMTP step an error happened in, which decides what it means.
#[derive(Clone, Copy)]
enum Step {
    Connect,
    StartTls,
    Auth,
    Sender,
    Recipient,
    Message,
}

fn io_kind(e: &SmtpError) -> Option<io::ErrorKind> {
    let mut source = e.source();
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<io::Error>() {
            return Some(io.kind());
        }
        source = err.source();
    }
    None
}

fn classify(step: Step, e: &SmtpError, settings: &SmtpSettings) -> SendError {
    let detail = e.to_string();
    // A read timeout is WouldBlock on Unix and TimedOut on Windows; a connect timeout TimedOut.
    if e.is_timeout() || matches!(io_kind(e), Some(io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock)) {
        return SendError::Timeout { seconds: settings.timeout().as_secs().try_into().unwrap_or(u32::MAX) };
    }
    if e.is_tls() {
        return SendError::Tls { detail };
    }
    let answered = e.status().is_some();
    match step {
        Step::Connect if answered => SendError::Connect { detail },
        // lettre reports a failed handshake (untrusted certificate, wrong name, protocol error)
        // as a connection error; what tells it from a network failure is that no I/O error is
        // underneath. Implicit TLS handshakes during connect; STARTTLS after its command.
        Step::Connect if settings.security == Security::ImplicitTls && io_kind(e).is_none() => {
            SendError::Tls { detail }
        }
        Step::StartTls => SendError::Tls { detail },
        Step::Auth if answered || e.is_client() => SendError::Auth { detail },
        Step::Sender if answered => SendError::SenderRefused { detail },
        Step::Recipient if answered => SendError::RecipientRefused { detail },
        Step::Message if answered => SendError::MessageRefused { detail },
        // No reply code: the connection failed or broke.
        _ => SendError::Connect { detail },
    }
}

fn validate(settings: &SmtpSettings) -> Result<(), SendError> {
    let bad = |detail: &str| Err(SendError::Settings { detail: detail.to_owned() });
    if settings.host().is_empty() {
        return bad("no server");
    }
    if settings.port == 0 {
        return bad("port 0");
    }
    if settings.username.trim().is_empty() {
        return bad("no login");
    }
    if settings.security == Security::Plain && !is_loopback(settings.host()) {
        return bad("plaintext SMTP is only allowed to localhost / loopback addresses");
    }
    Ok(())
}

/// Sends `message` (from [`assistant_core::mail::build_message`] with
/// `MessageOptions::smtp`) through the applicant's SMTP server, logging in with `password`.
/// Returns the server's reply to the message (e.g. its queue id).
pub fn send(settings: &SmtpSettings, password: &str, message: &Message) -> Result<String, SendError> {
    send_with_roots(settings, password, message, &[])
}

/// [`send`], also trusting `extra_roots` (for a test server's self-signed certificate; the
/// system's roots stay trusted).
pub fn send_with_roots(
    settings: &SmtpSettings,
    password: &str,
    message: &Message,
    extra_roots: &[Certificate],
) -> Result<String, SendError> {
    validate(settings)?;
    let timeout = settings.timeout();
    let host = settings.host().to_owned();
    let tls = match settings.security {
        Security::Plain => None,
        Security::ImplicitTls | Security::StartTls => {
            let mut builder = TlsParameters::builder(host.clone());
            for root in extra_roots {
                builder = builder.add_root_certificate(root.clone());
            }
            Some(builder.build().map_err(|e| SendError::Tls { detail: e.to_string() })?)
        }
    };
    // lettre without its `hostname` feature says EHLO localhost; a literal is more honest but
    // some servers refuse literals, and the name is not checked by submission servers.
    let hello = ClientId::default();
    let implicit = if settings.security == Security::ImplicitTls { tls.as_ref() } else { None };
    let mut conn = SmtpConnection::connect((host.as_str(), settings.port), Some(timeout), &hello, implicit, None)
        .map_err(|e| classify(Step::Connect, &e, settings))?;

    let result = (|| {
        if settings.security == Security::StartTls {
            let Some(params) = tls.as_ref() else {
                return Err(SendError::Tls { detail: "no TLS parameters".into() });
            };
            if !conn.can_starttls() {
                return Err(SendError::Tls { detail: "the server does not offer STARTTLS".into() });
            }
            conn.starttls(params, &hello).map_err(|e| classify(Step::StartTls, &e, settings))?;
        }
        let credentials = Credentials::new(settings.username.trim().to_owned(), password.to_owned());
        conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .map_err(|e| classify(Step::Auth, &e, settings))?;

        let envelope = message.envelope();
        let bytes = eml_bytes(message);
        let mut params = Vec::new();
        if !bytes.is_ascii() {
            if !conn.server_info().supports_feature(Extension::EightBitMime) {
                return Err(SendError::MessageRefused { detail: "8-bit message but no 8BITMIME".into() });
            }
            params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        conn.command(Mail::new(envelope.from().cloned(), params)).map_err(|e| classify(Step::Sender, &e, settings))?;
        for to in envelope.to() {
            conn.command(Rcpt::new(to.clone(), Vec::new())).map_err(|e| classify(Step::Recipient, &e, settings))?;
        }
        conn.command(Data).map_err(|e| classify(Step::Message, &e, settings))?;
        let reply = conn.message(&bytes).map_err(|e| classify(Step::Message, &e, settings))?;
        Ok(reply.message().collect::<Vec<_>>().join(" "))
    })();
    match &result {
        Ok(_) => {
            let _ = conn.quit();
        }
        // The server answered and the stream is intact: say QUIT before closing.
        Err(
            SendError::Auth { .. }
            | SendError::SenderRefused { .. }
            | SendError::RecipientRefused { .. }
            | SendError::MessageRefused { .. },
        ) => conn.abort(),
        // After a failed TLS upgrade lettre has no stream left to write to (writing would trip
        // its debug assertion), and after a timeout or a broken link nobody listens: dropping
        // the connection closes the socket.
        Err(_) => {}
    }
    result
}

/// Why the `.eml` could not be saved.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum EmlError {
    #[error("{error}")]
    Build { error: MessageError },
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
}

impl EmlError {
    pub fn text(&self) -> Text {
        match self {
            EmlError::Build { error } => error.text(),
            EmlError::Write { .. } => Text::new(
                "无法保存邮件文件，请检查磁盘空间和文件夹权限。",
                "無法儲存郵件檔案，請檢查磁碟空間和資料夾權限。",
                "The e-mail file could not be saved: check the disk space and the folder's permissions.",
            ),
        }
    }
}

/// Saves `mail` as an `.eml` in `dir` (created if needed), named after its subject, never
/// replacing an existing file ("… (2).eml"), written atomically; returns its path for the
/// shell to open with the system's mail program. Built with `MessageOptions::eml`: marked as a
/// draft (`X-Unsent: 1`) and, for the info fix, with a gap instead of the password, because
/// passwords never go to disk in plain text.
pub fn write_eml(dir: &Path, mail: &CleanMail, date: SystemTime) -> Result<PathBuf, EmlError> {
    let message = build_message(mail, &MessageOptions::eml(date)).map_err(|error| EmlError::Build { error })?;
    let subject = render(mail, PasswordLine::Placeholder).map(|d| d.subject).unwrap_or_default();
    let stem: String = filename::safe_file_name(&subject, "mail").chars().take(80).collect();
    let path = filename::free_path(dir, &format!("{stem}.eml"));
    write_atomic(&path, &eml_bytes(&message))
        .map_err(|e| EmlError::Write { path: path.display().to_string(), detail: e.to_string() })?;
    Ok(path)
}
