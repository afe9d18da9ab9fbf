//! Checking the mail form, field by field, before anything is rendered or sent.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{ContactChanged, InfoProblem, MailCase, MailField};
use crate::contact::{normalize_email, normalize_mobile};
use crate::identity::{check_document, mask_id, DocumentKind, IdError, Sex, Span};
use crate::lang::{Lang, Text};
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

/// What is wrong with one field. `Display` is a short English summary for logs; the applicant
/// sees [`MailProblem::message`].
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum MailFieldError {
    #[error("missing")]
    Missing,
    #[error("{found} characters, at most {max}")]
    TooLong { max: u32, found: u32 },
    /// A one-line field holds a line break.
    #[error("line break in a one-line field")]
    LineBreak,
    /// A control character (tab, NUL, …) that no name or password on the site contains.
    #[error("control character")]
    ControlCharacter,
    /// The identity module's finding about the number, for the chosen document type.
    #[error("ID number: {id_error}")]
    IdNumber { id_error: IdError },
    #[error("not a mainland mobile number")]
    MobileInvalid,
    #[error("not a valid e-mail address")]
    EmailInvalid,
    /// The old value equals the new one: then nothing changed.
    #[error("same as the new value")]
    SameAsNew,
    /// The correct gender must be 男 or 女.
    #[error("gender must be 男 or 女")]
    GenderInvalid,
    /// The ID number says the other sex: one of the two is mistyped.
    #[error("the ID number says {on_id:?}")]
    GenderDisagreesWithId { on_id: Sex },
    /// The photo does not start like a JPEG file.
    #[error("not a JPEG file")]
    NotJpeg,
    #[error("{found_bytes} bytes, at most {max_bytes}")]
    AttachmentTooLarge { max_bytes: u32, found_bytes: u32 },
}

impl MailFieldError {
    /// The message for this error on `field`, in every language.
    pub fn text(&self, field: MailField) -> Text {
        let n = field.name();
        match self {
            Self::Missing if matches!(field, MailField::InfoProblem) => Text {
                zh_cn: format!("请选择{}", n.zh_cn),
                zh_tw: format!("請選擇{}", n.zh_tw),
                en: format!("Choose {}", n.en),
            },
            Self::Missing if matches!(field, MailField::Attachment) => Text::new(
                "请添加照片附件（JPEG 格式）。没有照片，工作人员无法确认是你本人。",
                "請加上照片附件（JPEG 格式）。沒有照片，工作人員無法確認是你本人。",
                "Add the photo (JPEG). Without it the staff cannot confirm it is you.",
            ),
            Self::Missing => Text {
                zh_cn: format!("请填写{}", n.zh_cn),
                zh_tw: format!("請填寫{}", n.zh_tw),
                en: format!("Fill in {}", n.en),
            },
            Self::TooLong { max, found } => {
                let cut = found.saturating_sub(*max);
                Text {
                    zh_cn: format!("{}最多 {max} 个字，现在有 {found} 个字，请删掉 {cut} 个字", n.zh_cn),
                    zh_tw: format!("{}最多 {max} 個字，現在有 {found} 個字，請刪掉 {cut} 個字", n.zh_tw),
                    en: format!("{} takes at most {max} characters; it has {found}: remove {cut}", cap(&n.en)),
                }
            }
            Self::LineBreak => Text {
                zh_cn: format!("{}只能写一行，请去掉换行", n.zh_cn),
                zh_tw: format!("{}只能寫一行，請去掉換行", n.zh_tw),
                en: format!("{} is one line only: remove the line break", cap(&n.en)),
            },
            Self::ControlCharacter => Text {
                zh_cn: format!("{}里有看不见的控制字符（例如制表符），请重新输入", n.zh_cn),
                zh_tw: format!("{}裡有看不見的控制字元（例如定位字元），請重新輸入", n.zh_tw),
                en: format!("{} contains an invisible control character (such as a tab): type it again", cap(&n.en)),
            },
            Self::IdNumber { id_error } => {
                let m = id_error.text();
                Text {
                    zh_cn: format!("{}：{}", n.zh_cn, m.zh_cn),
                    zh_tw: format!("{}：{}", n.zh_tw, m.zh_tw),
                    en: format!("{}: {}", cap(&n.en), m.en),
                }
            }
            Self::MobileInvalid => Text {
                zh_cn: format!("{}必须是 11 位的大陆手机号码，例如 13812345678", n.zh_cn),
                zh_tw: format!("{}必須是 11 位的大陸手機號碼，例如 13812345678", n.zh_tw),
                en: format!("{} must be an 11-digit mainland mobile number, like 13812345678", cap(&n.en)),
            },
            Self::EmailInvalid => Text {
                zh_cn: format!("{}格式不对，例如 liming@163.com", n.zh_cn),
                zh_tw: format!("{}格式不對，例如 liming@163.com", n.zh_tw),
                en: format!("{} is not a valid address; it should look like liming@163.com", cap(&n.en)),
            },
            Self::SameAsNew => Text {
                zh_cn: format!("{}和现在的一样。没有变化就不用填，或者检查是不是填错了", n.zh_cn),
                zh_tw: format!("{}和現在的一樣。沒有變化就不用填，或者檢查是不是填錯了", n.zh_tw),
                en: format!("{} is the same as the current one: leave it empty if it did not change", cap(&n.en)),
            },
            Self::GenderInvalid => Text::new(
                "正确的性别请填“男”或“女”",
                "正確的性別請填「男」或「女」",
                "For the correct gender enter 男 (male) or 女 (female)",
            ),
            Self::GenderDisagreesWithId { on_id } => {
                let (zh, en) = match on_id {
                    Sex::Male => ("男", "male"),
                    Sex::Female => ("女", "female"),
                };
                Text {
                    zh_cn: format!("证件号码显示的性别是“{zh}”，和填写的正确性别不一致。请核对证件号码和性别"),
                    zh_tw: format!("證件號碼顯示的性別是「{zh}」，和填寫的正確性別不一致。請核對證件號碼和性別"),
                    en: format!("The ID number says {en} ({zh}), which differs from the gender entered: check both"),
                }
            }
            Self::NotJpeg => Text::new(
                "照片必须是 JPEG 格式（.jpg）。可以先用本应用的证件照工具处理一下",
                "照片必須是 JPEG 格式（.jpg）。可以先用本應用程式的證件照工具處理一下",
                "The photo must be a JPEG (.jpg). The app's ID photo tool can convert it",
            ),
            Self::AttachmentTooLarge { max_bytes, found_bytes } => {
                let mb = |b: &u32| format!("{:.1}", f64::from(*b) / 1_048_576.0);
                let (max, found) = (mb(max_bytes), mb(found_bytes));
                Text {
                    zh_cn: format!("照片有 {found} MB，最多 {max} MB。请用本应用的证件照工具缩小"),
                    zh_tw: format!("照片有 {found} MB，最多 {max} MB。請用本應用程式的證件照工具縮小"),
                    en: format!("The photo is {found} MB; at most {max} MB. Shrink it with the app's ID photo tool"),
                }
            }
        }
    }

    pub fn message(&self, field: MailField, lang: Lang) -> String {
        self.text(field).get(lang).to_owned()
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A problem with one field, for the error summary and the field itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct MailProblem {
    pub field: MailField,
    pub error: MailFieldError,
    /// For ID-number problems: the characters to highlight (1-based, inclusive).
    pub span: Option<Span>,
    pub message: Text,
}

impl MailProblem {
    fn new(field: MailField, error: MailFieldError) -> MailProblem {
        let span = match &error {
            MailFieldError::IdNumber { id_error } => id_error.span(),
            _ => None,
        };
        MailProblem { field, message: error.text(field), span, error }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

struct Checker {
    problems: Vec<MailProblem>,
}

impl Checker {
    fn push(&mut self, field: MailField, error: MailFieldError) {
        self.problems.push(MailProblem::new(field, error));
    }

    /// A one-line text: trimmed, at most `max` characters, no control characters. Empty is a
    /// problem only when `required`.
    fn line(&mut self, field: MailField, raw: &str, max: usize, required: bool) -> String {
        let value = raw.trim().to_owned();
        let found = value.chars().count();
        if value.is_empty() {
            if required {
                self.push(field, MailFieldError::Missing);
            }
        } else if value.contains(['\n', '\r']) {
            self.push(field, MailFieldError::LineBreak);
        } else if value.chars().any(char::is_control) {
            self.push(field, MailFieldError::ControlCharacter);
        } else if found > max {
            self.push(field, MailFieldError::TooLong { max: to_u32(max), found: to_u32(found) });
        }
        value
    }

    fn mobile(&mut self, field: MailField, raw: &str, required: bool) -> String {
        match raw.trim() {
            "" => {
                if required {
                    self.push(field, MailFieldError::Missing);
                }
                String::new()
            }
            raw => normalize_mobile(raw).unwrap_or_else(|| {
                self.push(field, MailFieldError::MobileInvalid);
                String::new()
            }),
        }
    }

    fn email(&mut self, field: MailField, raw: &str, required: bool) -> String {
        match raw.trim() {
            "" => {
                if required {
                    self.push(field, MailFieldError::Missing);
                }
                String::new()
            }
            raw => normalize_email(raw).unwrap_or_else(|| {
                self.push(field, MailFieldError::EmailInvalid);
                String::new()
            }),
        }
    }
}

/// The photo must be there, start like a JPEG (SOI marker FF D8 then a marker FF), and stay
/// under [`ATTACHMENT_MAX_BYTES`]. The content is not decoded: the photo tool did that, and the
/// staff look at it.
fn check_attachment(c: &mut Checker, attachment: Option<&[u8]>) -> Vec<u8> {
    match attachment {
        None | Some([]) => c.push(MailField::Attachment, MailFieldError::Missing),
        Some(bytes) if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) => {
            c.push(MailField::Attachment, MailFieldError::NotJpeg)
        }
        Some(bytes) if bytes.len() > ATTACHMENT_MAX_BYTES => c.push(
            MailField::Attachment,
            MailFieldError::AttachmentTooLarge {
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
    let mut c = Checker { problems: Vec::new() };
    let name = c.line(MailField::Name, &form.name, NAME_MAX_CHARS, true);

    let mut id_number = String::new();
    let mut id_sex = None;
    if form.id_number.trim().is_empty() {
        c.push(MailField::IdNumber, MailFieldError::Missing);
    } else {
        let checked = check_document(form.id_kind, &form.id_number, today);
        for p in checked.problems {
            c.push(MailField::IdNumber, MailFieldError::IdNumber { id_error: p.error });
        }
        id_number = checked.normalized;
        id_sex = checked.sex;
    }
    let mobile = c.mobile(MailField::Mobile, &form.mobile, true);
    let email = c.email(MailField::Email, &form.email, true);

    let (mut old_mobile, mut old_email) = (String::new(), String::new());
    if form.case == MailCase::ContactChange {
        old_mobile = c.mobile(MailField::OldMobile, &form.old_mobile, false);
        if !old_mobile.is_empty() && old_mobile == mobile {
            c.push(MailField::OldMobile, MailFieldError::SameAsNew);
        }
        old_email = c.email(MailField::OldEmail, &form.old_email, false);
        if !old_email.is_empty() && old_email.eq_ignore_ascii_case(&email) {
            c.push(MailField::OldEmail, MailFieldError::SameAsNew);
        }
    }

    let (mut info_problem, mut correct_value, mut shown_value, mut details, mut password) =
        (None, String::new(), String::new(), String::new(), String::new());
    if form.case == MailCase::InfoFix {
        info_problem = form.info_problem;
        match form.info_problem {
            None => c.push(MailField::InfoProblem, MailFieldError::Missing),
            Some(InfoProblem::WrongGender) => {
                correct_value = form.correct_value.trim().to_owned();
                let sex = match correct_value.as_str() {
                    "男" => Some(Sex::Male),
                    "女" => Some(Sex::Female),
                    _ => None,
                };
                match (sex, id_sex) {
                    _ if correct_value.is_empty() => c.push(MailField::CorrectValue, MailFieldError::Missing),
                    (None, _) => c.push(MailField::CorrectValue, MailFieldError::GenderInvalid),
                    (Some(s), Some(on_id)) if s != on_id => {
                        c.push(MailField::CorrectValue, MailFieldError::GenderDisagreesWithId { on_id })
                    }
                    _ => {}
                }
            }
            Some(InfoProblem::GarbledName | InfoProblem::NameChanged) => {
                correct_value = c.line(MailField::CorrectValue, &form.correct_value, NAME_MAX_CHARS, true);
            }
        }
        shown_value = c.line(MailField::ShownValue, &form.shown_value, SHOWN_VALUE_MAX_CHARS, false);
        details = form.details.replace("\r\n", "\n").replace('\r', "\n").trim().to_owned();
        let found = details.chars().count();
        if details.chars().any(|ch| ch.is_control() && ch != '\n') {
            c.push(MailField::Details, MailFieldError::ControlCharacter);
        } else if found > DETAILS_MAX_CHARS {
            c.push(
                MailField::Details,
                MailFieldError::TooLong { max: to_u32(DETAILS_MAX_CHARS), found: to_u32(found) },
            );
        }
        password = form.password.clone();
        let found = password.chars().count();
        if password.is_empty() {
            c.push(MailField::Password, MailFieldError::Missing);
        } else if password.contains(['\n', '\r']) {
            c.push(MailField::Password, MailFieldError::LineBreak);
        } else if password.chars().any(char::is_control) {
            c.push(MailField::Password, MailFieldError::ControlCharacter);
        } else if found > MAX_PASSWORD_CHARS {
            c.push(
                MailField::Password,
                MailFieldError::TooLong { max: to_u32(MAX_PASSWORD_CHARS), found: to_u32(found) },
            );
        }
    }

    let attachment = check_attachment(&mut c, attachment);
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    Ok(CleanMail {
        case: form.case,
        name,
        id_kind: form.id_kind,
        id_number,
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
