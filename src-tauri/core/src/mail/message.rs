//! The RFC 5322 message, with lettre's builder (no transport here: the shell sends).
//!
//! What the builder guarantees and the tests check: non-ASCII header text (the subject, the
//! sender's name) is RFC 2047 encoded words, so headers stay 7-bit; the body is `text/plain;
//! charset=utf-8` in base64 or quoted-printable (never raw 8-bit, so no server needs 8BITMIME);
//! the photo is `image/jpeg` in base64 with its Chinese file name RFC 2231-encoded in
//! `Content-Disposition`. Because some mail programs (older Outlook, some webmail) read only the
//! `name` parameter of `Content-Type`, that carries the name too, as an RFC 2047 encoded word —
//! the common practice of mail clients.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::SystemTime;

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};
use serde::Serialize;
use thiserror::Error;

use super::check::CleanMail;
use super::data::MailDataError;
use super::render::{render, PasswordLine};
use crate::lang::Text;

/// `X-Unsent: 1`: Outlook (and some other programs) open an `.eml` carrying it as a draft ready
/// to send, rather than as a received mail. Others ignore it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XUnsent;

impl Header for XUnsent {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Unsent")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(XUnsent)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "1".to_owned())
    }
}

/// How to build the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageOptions {
    /// The recipient; `None` means the help mailbox from the data. Tests point it elsewhere.
    pub to: Option<String>,
    /// The `Date` header (core never reads the clock).
    pub date: SystemTime,
    /// What the info fix's password line holds.
    pub password: PasswordLine,
    /// Add [`XUnsent`].
    pub unsent: bool,
}

impl MessageOptions {
    /// For the SMTP connection: the real password, sent as it is.
    pub fn smtp(date: SystemTime) -> MessageOptions {
        MessageOptions { to: None, date, password: PasswordLine::Include, unsent: false }
    }

    /// For an `.eml` saved to disk and opened in the applicant's mail program: a gap instead of
    /// the password (passwords are never written to disk), marked as a draft.
    pub fn eml(date: SystemTime) -> MessageOptions {
        MessageOptions { to: None, date, password: PasswordLine::Placeholder, unsent: true }
    }
}

/// Why no message could be built. Not the applicant's doing once [`super::check`] passed, except
/// a bad `to` override.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum MessageError {
    #[error("{error}")]
    Data {
        #[from]
        error: MailDataError,
    },
    /// An address lettre does not accept.
    #[error("invalid address {address}")]
    Address { address: String },
    #[error("message builder: {message}")]
    Build { message: String },
}

impl MessageError {
    pub fn text(&self) -> Text {
        Text::new(
            "无法生成邮件，请把这个问题报告给本应用的开发者。",
            "無法產生郵件，請把這個問題回報給本應用程式的開發者。",
            "The e-mail could not be built. Please report this to the app's developers.",
        )
    }
}

fn address(s: &str) -> Result<Address, MessageError> {
    s.parse::<Address>().map_err(|_| MessageError::Address { address: s.to_owned() })
}

/// Standard base64 (RFC 4648), for the encoded word in `Content-Type; name=`.
pub(super) fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A unique `Message-ID` in the sender's domain (lettre's default says `@localhost`, which spam
/// filters dislike). Randomness from the standard library's per-process hash keys.
fn message_id(domain: &str, date: SystemTime) -> String {
    let nanos = date.duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let mut a = RandomState::new().build_hasher();
    a.write_u128(nanos);
    let mut b = RandomState::new().build_hasher();
    b.write_u64(a.finish());
    format!("<{:016x}{:016x}.aa@{domain}>", a.finish(), b.finish())
}

/// The message for a checked mail: From the applicant (name and address), To the help mailbox
/// (or `options.to`), the subject and body from [`render`], and the photo attached.
pub fn build_message(mail: &CleanMail, options: &MessageOptions) -> Result<Message, MessageError> {
    let draft = render(mail, options.password)?;
    let from_addr = address(&draft.from)?;
    let to_addr = address(options.to.as_deref().unwrap_or(&draft.to))?;
    let domain = from_addr.domain().to_owned();
    let jpeg_type = format!("image/jpeg; name=\"=?utf-8?b?{}?=\"", base64(draft.attachment_filename.as_bytes()));
    let content_type = ContentType::parse(&jpeg_type).map_err(|e| MessageError::Build { message: e.to_string() })?;

    let mut builder = Message::builder()
        .from(Mailbox::new(Some(draft.from_name.clone()), from_addr))
        .to(Mailbox::new(None, to_addr))
        .subject(draft.subject.clone())
        .date(options.date)
        .message_id(Some(message_id(&domain, options.date)));
    if options.unsent {
        builder = builder.header(XUnsent);
    }
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(draft.body());
    let photo = Attachment::new(draft.attachment_filename.clone()).body(mail.attachment.clone(), content_type);
    builder
        .multipart(MultiPart::mixed().singlepart(text).singlepart(photo))
        .map_err(|e| MessageError::Build { message: e.to_string() })
}

/// The message as bytes: an `.eml` file's content, and what goes after SMTP `DATA`.
pub fn eml_bytes(message: &Message) -> Vec<u8> {
    message.formatted()
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }
}
