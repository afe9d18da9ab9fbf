//! The mail templates, read from `data/mail/jszg.toml` of the content in use and checked once
//! per content (a pack's copy is checked before the pack is accepted).

use std::collections::HashSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{InfoProblem, MailCase};
use crate::contact::normalize_email;
use crate::content::{Cached, ContentSet};
use crate::lang::Text;

/// Where the templates live in the content pack.
const PATH: &str = "data/mail/jszg.toml";

/// Every placeholder a template may use. Anything else in braces is a data error, so a typo in
/// the file cannot reach a mail as a literal `{nmae}`.
pub const PLACEHOLDERS: [&str; 14] = [
    "name",
    "id_type",
    "id_number",
    "mobile",
    "email",
    "changed",
    "changed_text",
    "old_mobile",
    "old_email",
    "problem",
    "correct_value",
    "shown_value",
    "password",
    "details",
];

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct MailData {
    /// The help mailbox, as the FAQ gives it.
    pub mailbox: String,
    pub mailbox_source: String,
    /// The mark the FAQ recommends on the photo.
    pub watermark: String,
    #[serde(rename = "case")]
    pub cases: Vec<CaseDef>,
}

/// One mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CaseDef {
    pub id: String,
    /// The guides' `template` id.
    pub template: String,
    /// Seed file and section the facts come from.
    pub source: String,
    /// For the applicant.
    pub title: Text,
    /// Simplified Chinese template with `{name}` (and for the contact change `{changed}`).
    pub subject: String,
    /// True when the FAQ prescribes the subject; false when it is the app's suggestion.
    pub subject_prescribed: bool,
    pub reply_promised: bool,
    pub asks_password: bool,
    /// Simplified Chinese line templates, in order.
    pub body: Vec<String>,
    pub attachment: AttachmentDef,
    /// Info fix only: the problems to choose from.
    #[serde(default, rename = "problem")]
    pub problems: Vec<ProblemDef>,
}

/// The photo the mail must carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct AttachmentDef {
    /// The file name in the mail (Chinese; RFC 2231-encoded by the builder).
    pub filename: String,
    /// Whether the FAQ recommends the watermark ([`MailData::watermark`]) for this photo.
    pub watermark_recommended: bool,
    /// What the photo must show, for the applicant.
    pub what: Text,
}

/// One info-fix problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ProblemDef {
    pub id: String,
    pub label: Text,
    /// The label of the "correct value" field for this problem.
    pub correct_label: Text,
    /// The body's problem sentence, a template (usually with `{correct_value}`).
    pub line: String,
}

impl MailData {
    pub fn case(&self, case: MailCase) -> Option<&CaseDef> {
        self.cases.iter().find(|c| c.id == case.id())
    }
}

impl CaseDef {
    pub fn problem(&self, problem: InfoProblem) -> Option<&ProblemDef> {
        self.problems.iter().find(|p| p.id == problem.id())
    }
}

/// Why the data is unusable. The tests make sure the shipped file produces none, and a pack
/// whose file would is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum MailDataError {
    #[error("data/mail/jszg.toml does not parse: {message}")]
    Parse { message: String },
    #[error("data/mail/jszg.toml: {message}")]
    Invalid { message: String },
}

/// The templates of the content in use. Parsed and validated once per content.
pub fn jszg_mail() -> Result<Arc<MailData>, MailDataError> {
    static DATA: Cached<Result<Arc<MailData>, MailDataError>> = Cached::new();
    DATA.get(|set| parse(set.text(PATH).unwrap_or_default()).map(Arc::new)).as_ref().clone()
}

/// The content check for packs.
pub(crate) fn check(set: &ContentSet) -> Result<(), String> {
    parse(set.text(PATH).unwrap_or_default()).map(|_| ()).map_err(|e| e.to_string())
}

pub(super) fn parse(text: &str) -> Result<MailData, MailDataError> {
    let data: MailData = toml::from_str(text).map_err(|e| MailDataError::Parse { message: e.to_string() })?;
    validate(&data)?;
    Ok(data)
}

/// The names between braces in a template, or an error for an unclosed or nested brace.
pub(super) fn placeholders(template: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("unmatched '}}' in {template:?}"));
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| format!("unclosed '{{' in {template:?}"))?;
        let name = &after[..close];
        if name.contains('{') {
            return Err(format!("nested '{{' in {template:?}"));
        }
        out.push(name);
        rest = &after[close + 1..];
    }
    Ok(out)
}

fn validate(data: &MailData) -> Result<(), MailDataError> {
    let bad = |message: String| Err(MailDataError::Invalid { message });
    if normalize_email(&data.mailbox).as_deref() != Some(data.mailbox.as_str()) {
        return bad(format!("mailbox {:?} is not a normalised e-mail address", data.mailbox));
    }
    if data.watermark.trim().is_empty() || data.mailbox_source.trim().is_empty() {
        return bad("watermark and mailbox_source must not be empty".into());
    }
    let mut ids = HashSet::new();
    for c in &data.cases {
        if !ids.insert(c.id.as_str()) {
            return bad(format!("case {} appears twice", c.id));
        }
        let Some(case) = MailCase::ALL.into_iter().find(|k| k.id() == c.id) else {
            return bad(format!("unknown case {}", c.id));
        };
        let at = |what: &str| format!("case {}: {what}", c.id);
        if c.template != case.template_id() {
            return bad(at(&format!("template should be {}", case.template_id())));
        }
        if c.asks_password != case.asks_password() || c.reply_promised != case.reply_promised() {
            return bad(at("asks_password / reply_promised disagree with the code"));
        }
        if !c.source.starts_with("seed 002") {
            return bad(at("source must cite seed 002 and its section"));
        }
        if c.title.has_blank() || c.attachment.what.has_blank() {
            return bad(at("a text is blank in some language"));
        }
        if !c.attachment.filename.to_ascii_lowercase().ends_with(".jpg") {
            return bad(at("attachment filename must end in .jpg"));
        }
        let subject = placeholders(&c.subject).map_err(|m| MailDataError::Invalid { message: at(&m) })?;
        if !c.subject.starts_with("（{name}）") {
            return bad(at("subject must start with the name in full-width brackets"));
        }
        let mut used = subject.clone();
        for line in &c.body {
            used.extend(placeholders(line).map_err(|m| MailDataError::Invalid { message: at(&m) })?);
        }
        for p in &c.problems {
            if p.label.has_blank() || p.correct_label.has_blank() {
                return bad(at(&format!("problem {}: blank text", p.id)));
            }
            let inner = placeholders(&p.line).map_err(|m| MailDataError::Invalid { message: at(&m) })?;
            if inner.contains(&"problem") {
                return bad(at("a problem line cannot contain {problem}"));
            }
            used.extend(inner);
        }
        if let Some(unknown) = used.iter().find(|p| !PLACEHOLDERS.contains(p)) {
            return bad(at(&format!("unknown placeholder {{{unknown}}}")));
        }
        for required in ["name", "id_type", "id_number", "mobile", "email"] {
            if !used.contains(&required) {
                return bad(at(&format!("{{{required}}} missing")));
            }
        }
        if used.contains(&"password") != case.asks_password() {
            return bad(at("{password} must appear exactly when the case asks for the password"));
        }
        let wants_problems = case == MailCase::InfoFix;
        let problem_ids: Vec<&str> = c.problems.iter().map(|p| p.id.as_str()).collect();
        let expected: Vec<&str> =
            if wants_problems { InfoProblem::ALL.iter().map(|p| p.id()).collect() } else { Vec::new() };
        if problem_ids != expected || used.contains(&"problem") != wants_problems {
            return bad(at(&format!("problems should be {expected:?}, found {problem_ids:?}")));
        }
    }
    if let Some(missing) = MailCase::ALL.into_iter().find(|k| data.case(*k).is_none()) {
        return bad(format!("case {} is missing", missing.id()));
    }
    Ok(())
}
