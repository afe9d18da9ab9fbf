//! Checking the mail form, field by field, before anything is rendered or sent.

use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;

use super::{ContactChanged, InfoProblem, MailCase, MailField};
use crate::form::check::to_u32;
use crate::form::{Checker, FieldError, FormField, Problem};
use crate::identity::{mask_id, DocumentKind, Sex};
use crate::lang::Text;
use crate::vault::MAX_PASSWORD_CHARS;

/// The applicant's name: the same cap as the NMPA form's 咨询人 (any Chinese name, a minority
/// name with its 间隔号, most transliterated names; longer is pasted text).
pub const NAME_MAX_CHARS: usize = crate::feedback::NAME_MAX_CHARS;
/// "What the site shows now": a name or a few garbled characters. The app's own cap.
pub const SHOWN_VALUE_MAX_CHARS: usize = 100;
/// Further details: the FAQ asks to describe the problem briefly. The app's own cap.
pub const DETAILS_MAX_CHARS: usize = 500;
/// The photo: the app's own cap. A phone photo is a few MB, and the photo tool makes ≤ 2 MB;
/// base64 adds a third, and 10 MB (≈ 13.4 MB on the wire) stays under the message-size limit of
/// common mail providers, so the send does not fail late, at the end of the upload.
pub const ATTACHMENT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// What the applicant fills in. Fields a case does not use are ignored (and may be empty).
/// Deserialize only: it holds the password, so it is never serialised (saved or sent back).
#[derive(Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(default)]
pub struct MailForm {
    pub case: MailCase,
    /// Exactly as on the ID document: it goes into the subject's brackets.
    pub name: String,
    pub id_kind: DocumentKind,
    /// In full: the staff need it. Never log it.
    pub id_number: String,
    /// The mobile number valid now (for the contact change: the new one).
    pub mobile: String,
    /// The e-mail valid now (for the contact change: the new one). Also the mail's sender.
    pub email: String,
    /// Contact change: what changed (the subject's wording).
    pub changed: ContactChanged,
    /// Contact change, optional: the number registered before, to help the staff find it.
    pub old_mobile: String,
    /// Contact change, optional: the e-mail registered before.
    pub old_email: String,
    /// Info fix: what is wrong.
    pub info_problem: Option<InfoProblem>,
    /// Info fix: 男/女 for the gender, else the correct (current) name.
    pub correct_value: String,
    /// Info fix, optional: what the site shows now.
    pub shown_value: String,
    /// Info fix, optional: anything else, in a few words. Line breaks allowed.
    pub details: String,
    /// Info fix: the 中国教师资格网 login password. Never log it; the shell takes it from the
    /// keychain or the applicant types it. Not trimmed: spaces may be part of it.
    pub password: String,
}

impl Default for MailForm {
    /// An empty form for the account check with a resident ID card, the commonest document.
    fn default() -> Self {
        MailForm {
            case: MailCase::default(),
            name: String::new(),
            id_kind: DocumentKind::ResidentId,
            id_number: String::new(),
            mobile: String::new(),
            email: String::new(),
            changed: ContactChanged::default(),
            old_mobile: String::new(),
            old_email: String::new(),
            info_problem: None,
            correct_value: String::new(),
            shown_value: String::new(),
            details: String::new(),
            password: String::new(),
        }
    }
}

impl fmt::Debug for MailForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailForm")
            .field("case", &self.case)
            .field("name", &self.name)
            .field("id_kind", &self.id_kind)
            .field("id_number", &mask_id(&self.id_number))
            .field("mobile", &mask_id(&self.mobile))
            .field("changed", &self.changed)
            .field("info_problem", &self.info_problem)
            .field("password", &format_args!("<{} characters>", self.password.chars().count()))
            .finish_non_exhaustive()
    }
}

/// A form that passed every check, normalised, with its photo. Only [`check`] makes one, so a
/// `CleanMail` is always valid; the fields are read through the methods.
#[derive(Clone, PartialEq, Eq)]
pub struct CleanMail {
    pub(super) case: MailCase,
    pub(super) name: String,
    pub(super) id_kind: DocumentKind,
    pub(super) id_number: String,
    pub(super) mobile: String,
    pub(super) email: String,
    pub(super) changed: ContactChanged,
    pub(super) old_mobile: String,
    pub(super) old_email: String,
    pub(super) info_problem: Option<InfoProblem>,
    pub(super) correct_value: String,
    pub(super) shown_value: String,
    pub(super) details: String,
    pub(super) password: String,
    pub(super) attachment: Vec<u8>,
}

impl CleanMail {
    pub fn case(&self) -> MailCase {
        self.case
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The sender: the applicant's own mailbox, normalised.
    pub fn email(&self) -> &str {
        &self.email
    }
    pub fn id_kind(&self) -> DocumentKind {
        self.id_kind
    }
    /// The JPEG bytes.
    pub fn attachment(&self) -> &[u8] {
        &self.attachment
    }
    pub fn asks_password(&self) -> bool {
        self.case.asks_password()
    }
}

impl fmt::Debug for CleanMail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CleanMail")
            .field("case", &self.case)
            .field("name", &self.name)
            .field("id_kind", &self.id_kind)
            .field("id_number", &mask_id(&self.id_number))
            .field("mobile", &mask_id(&self.mobile))
            .field("info_problem", &self.info_problem)
            .field("attachment", &format_args!("<{} bytes>", self.attachment.len()))
            .finish_non_exhaustive()
    }
}

/// What is wrong with one field: the one error type of every form (see [`crate::form`]).
pub type MailFieldError = FieldError;

/// A problem with one field of the mail form.
pub type MailProblem = Problem<MailField>;

impl FormField for MailField {
    fn name(self) -> Text {
        MailField::name(self)
    }

    fn picks(self) -> bool {
        self == MailField::InfoProblem
    }

    fn missing(self) -> Option<Text> {
        (self == MailField::Attachment).then(|| {
            Text::new(
                "请添加照片附件（JPEG 格式）。没有照片，工作人员无法确认是你本人。",
                "請加上照片附件（JPEG 格式）。沒有照片，工作人員無法確認是你本人。",
                "Add the photo (JPEG). Without it the staff cannot confirm it is you.",
            )
        })
    }
}

/// The photo must be there, start like a JPEG (SOI marker FF D8 then a marker FF), and stay
/// under [`ATTACHMENT_MAX_BYTES`]. The content is not decoded: the photo tool did that, and the
/// staff look at it.
fn check_attachment(c: &mut Checker<MailField>, attachment: Option<&[u8]>) -> Vec<u8> {
    match attachment {
        None | Some([]) => c.push(MailField::Attachment, FieldError::Missing),
        Some(bytes) if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) => c.push(MailField::Attachment, FieldError::NotJpeg),
        Some(bytes) if bytes.len() > ATTACHMENT_MAX_BYTES => c.push(
            MailField::Attachment,
            FieldError::AttachmentTooLarge {
                max_bytes: to_u32(ATTACHMENT_MAX_BYTES),
                found_bytes: to_u32(bytes.len()),
            },
        ),
        Some(bytes) => return bytes.to_vec(),
    }
    Vec::new()
}

/// Checks every field the case uses and the photo; returns the cleaned mail, or every problem,
/// in form order, so that all show at once. `today` (Beijing date) dates the ID check.
///
/// Rules: name one line, at most [`NAME_MAX_CHARS`]; the document number through
/// [`check_document`] for `id_kind`; mobile and e-mail through [`normalize_mobile`] /
/// [`normalize_email`]. Contact change: the old mobile / e-mail are optional, checked the same
/// way when given, and must differ from the new ones. Info fix: the problem must be chosen; the
/// correct value is 男/女 for the gender (and must agree with the sex digit of a resident-ID or
/// residence-permit number) or a name like the name field; the shown value (≤
/// [`SHOWN_VALUE_MAX_CHARS`]) and details (≤ [`DETAILS_MAX_CHARS`], line breaks allowed) are
/// optional; the password is required, one line, at most [`MAX_PASSWORD_CHARS`]. The photo: see
/// `check_attachment`.
pub fn check(form: &MailForm, attachment: Option<&[u8]>, today: NaiveDate) -> Result<CleanMail, Vec<MailProblem>> {
    let mut c = Checker::new();
    let name = c.line(MailField::Name, &form.name, NAME_MAX_CHARS, true);
    let id = c.id_number(MailField::IdNumber, &form.id_number, Some(form.id_kind), today);
    let mobile = c.mobile(MailField::Mobile, &form.mobile, true);
    let email = c.email(MailField::Email, &form.email, true);

    let (mut old_mobile, mut old_email) = (String::new(), String::new());
    if form.case == MailCase::ContactChange {
        old_mobile = c.mobile(MailField::OldMobile, &form.old_mobile, false);
        if !old_mobile.is_empty() && old_mobile == mobile {
            c.push(MailField::OldMobile, FieldError::SameAsNew);
        }
        old_email = c.email(MailField::OldEmail, &form.old_email, false);
        if !old_email.is_empty() && old_email.eq_ignore_ascii_case(&email) {
            c.push(MailField::OldEmail, FieldError::SameAsNew);
        }
    }

    let (mut info_problem, mut correct_value, mut shown_value, mut details, mut password) =
        (None, String::new(), String::new(), String::new(), String::new());
    if form.case == MailCase::InfoFix {
        info_problem = form.info_problem;
        match form.info_problem {
            None => c.push(MailField::InfoProblem, FieldError::Missing),
            Some(InfoProblem::WrongGender) => {
                correct_value = form.correct_value.trim().to_owned();
                let sex = match correct_value.as_str() {
                    "男" => Some(Sex::Male),
                    "女" => Some(Sex::Female),
                    _ => None,
                };
                match (sex, id.sex) {
                    _ if correct_value.is_empty() => c.push(MailField::CorrectValue, FieldError::Missing),
                    (None, _) => c.push(MailField::CorrectValue, FieldError::GenderInvalid),
                    (Some(s), Some(on_id)) if s != on_id => {
                        c.push(MailField::CorrectValue, FieldError::GenderDisagreesWithId { on_id })
                    }
                    _ => {}
                }
            }
            Some(InfoProblem::GarbledName | InfoProblem::NameChanged) => {
                correct_value = c.line(MailField::CorrectValue, &form.correct_value, NAME_MAX_CHARS, true);
            }
        }
        shown_value = c.line(MailField::ShownValue, &form.shown_value, SHOWN_VALUE_MAX_CHARS, false);
        details = c.block(MailField::Details, &form.details, DETAILS_MAX_CHARS, false);
        password = c.secret(MailField::Password, &form.password, MAX_PASSWORD_CHARS);
    }

    let attachment = check_attachment(&mut c, attachment);
    c.finish(|| CleanMail {
        case: form.case,
        name,
        id_kind: form.id_kind,
        id_number: id.number,
        mobile,
        email,
        changed: form.changed,
        old_mobile,
        old_email,
        info_problem,
        correct_value,
        shown_value,
        details,
        password,
        attachment,
    })
}
