//! Filling the templates: subject and body, always in Simplified Chinese.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::check::CleanMail;
use super::data::{jszg_mail, placeholders, MailDataError};
use super::{password_warning, MailCase};
use crate::lang::Text;

/// Shown instead of the password in a preview.
pub const PASSWORD_MASK: &str = "********";
/// Written instead of the password in a saved `.eml`: the applicant types it in their own mail
/// program, so the password never lands on disk in plain text.
pub const PASSWORD_PLACEHOLDER: &str = "（请在这里填写你的登录密码）";

/// What the info fix's "登录密码：" line holds. Only the mail that goes out over SMTP carries
/// the password itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PasswordLine {
    /// The password: only for the message handed to the SMTP connection.
    Include,
    /// [`PASSWORD_MASK`]: for the preview on screen.
    Masked,
    /// [`PASSWORD_PLACEHOLDER`]: for the `.eml` saved on disk.
    Placeholder,
}

/// The mail as it will be sent, for the preview and for the message builder.
#[derive(Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct MailDraft {
    pub case: MailCase,
    /// The help mailbox.
    pub to: String,
    /// The applicant's own mailbox.
    pub from: String,
    /// The applicant's name, for the From header's display name.
    pub from_name: String,
    pub subject: String,
    /// True when the FAQ prescribes the subject; false when it is the app's suggestion.
    pub subject_prescribed: bool,
    /// The body's lines, in order (the body is these joined with line breaks).
    pub body_lines: Vec<String>,
    pub attachment_filename: String,
    /// What the photo must show, for the applicant.
    pub attachment_what: Text,
    /// The mark the FAQ recommends on this photo, when it does.
    pub watermark: Option<String>,
    pub asks_password: bool,
    /// For the info fix: show before sending.
    pub password_warning: Option<Text>,
    /// Seed file and section.
    pub source: String,
}

impl MailDraft {
    /// The body text, lines joined with "\n" (the builder writes CRLF).
    pub fn body(&self) -> String {
        self.body_lines.join("\n")
    }
}

impl fmt::Debug for MailDraft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body holds the full ID number (and maybe the password): never print it.
        f.debug_struct("MailDraft")
            .field("case", &self.case)
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("body_lines", &self.body_lines.len())
            .field("attachment_filename", &self.attachment_filename)
            .finish_non_exhaustive()
    }
}

/// Fills `template`; `None` when a placeholder it uses has no value (an optional field left
/// empty), so the line is left out.
/// One pass over the template, so braces inside a value (a name typed as "{email}") are never
/// taken for placeholders.
fn fill(template: &str, values: &HashMap<&str, String>) -> Option<String> {
    placeholders(template).ok()?;
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        out.push_str(values.get(&after[..close]).filter(|v| !v.is_empty())?);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Subject and body for a checked mail. Always Simplified Chinese: the site's staff read it.
/// `password` says what the info fix's password line holds (see [`PasswordLine`]).
pub fn render(mail: &CleanMail, password: PasswordLine) -> Result<MailDraft, MailDataError> {
    let data = jszg_mail()?;
    let missing = || MailDataError::Invalid { message: format!("case {} missing", mail.case.id()) };
    let def = data.case(mail.case).ok_or_else(missing)?;

    let mut values: HashMap<&str, String> = HashMap::new();
    values.insert("name", mail.name.clone());
    values.insert("id_type", mail.id_kind.name().zh_cn);
    values.insert("id_number", mail.id_number.clone());
    values.insert("mobile", mail.mobile.clone());
    values.insert("email", mail.email.clone());
    values.insert("changed", mail.changed.subject_word().to_owned());
    values.insert("changed_text", mail.changed.body_words().to_owned());
    values.insert("old_mobile", mail.old_mobile.clone());
    values.insert("old_email", mail.old_email.clone());
    values.insert("correct_value", mail.correct_value.clone());
    values.insert("shown_value", mail.shown_value.clone());
    values.insert("details", mail.details.clone());
    let shown_password = match password {
        PasswordLine::Include => mail.password.clone(),
        PasswordLine::Masked => PASSWORD_MASK.to_owned(),
        PasswordLine::Placeholder => PASSWORD_PLACEHOLDER.to_owned(),
    };
    values.insert("password", shown_password);
    if let Some(p) = mail.info_problem.and_then(|p| def.problem(p)) {
        let line = fill(&p.line, &values).unwrap_or_default();
        values.insert("problem", line);
    }

    let subject = fill(&def.subject, &values).ok_or_else(|| MailDataError::Invalid {
        message: format!("case {}: subject has a placeholder without a value", def.id),
    })?;
    let body_lines: Vec<String> = def.body.iter().filter_map(|l| fill(l, &values)).collect();
    Ok(MailDraft {
        case: mail.case,
        to: data.mailbox.clone(),
        from: mail.email.clone(),
        from_name: mail.name.clone(),
        subject,
        subject_prescribed: def.subject_prescribed,
        body_lines,
        attachment_filename: def.attachment.filename.clone(),
        attachment_what: def.attachment.what.clone(),
        watermark: def.attachment.watermark_recommended.then(|| data.watermark.clone()),
        asks_password: mail.case.asks_password(),
        password_warning: mail.case.asks_password().then(password_warning),
        source: def.source.clone(),
    })
}
