//! Checking a feedback draft field by field, as the official form would, before it is filled in.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::data::{nmpa_form, ChoiceList, FieldKind};
use super::FeedbackField;
use crate::contact::{normalize_email, normalize_mobile};
use crate::identity::{check_document, mask_id, DocumentKind, IdError, Span};
use crate::lang::{Lang, Text};

/// 问题描述: the page's own counter shows "0/500" (seed 000, 二（二）第2步).
pub const DESCRIPTION_MAX_CHARS: usize = 500;
/// 问题标题: the seed shows no limit. 50 is the app's own cap (a title is one line, and the
/// drafts use at most 30); it is marked unconfirmed in the data and must be checked against the
/// page's `maxlength`.
pub const TITLE_MAX_CHARS: usize = 50;
/// 咨询人: no limit shown. 50 holds any Chinese name, a minority name with its 间隔号, and most
/// transliterated foreign names; longer input is almost certainly pasted by mistake.
pub const NAME_MAX_CHARS: usize = 50;
/// 咨询人证件号码: the longest accepted document number (resident ID and the others).
pub const ID_NUMBER_MAX_CHARS: usize = 18;
/// 电子邮箱: the longest address `contact::normalize_email` accepts.
pub const EMAIL_MAX_CHARS: usize = 254;

/// The length of `text` as the official page counts it.
///
/// A browser's `maxlength` and a script's `value.length` (the page's "n/500" counter) count
/// UTF-16 code units of the textarea's value, in which every line break is one "\n". So: line
/// breaks ("\r\n", "\r", "\n") count 1, and each character counts 1 — except characters outside
/// the Basic Multilingual Plane (emoji, rare CJK Extension B+ ideographs), which count 2. For all
/// common Chinese, letters, digits and punctuation, this is simply the number of characters.
pub fn portal_length(text: &str) -> usize {
    normalize_newlines(text).encode_utf16().count()
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The live counter under 问题描述.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct DescriptionCount {
    /// As [`portal_length`] counts, after trimming the ends as [`check_draft`] does.
    pub used: u32,
    pub max: u32,
    /// How many characters to remove; 0 when it fits.
    pub over_by: u32,
}

/// The counter for a description as typed ("123/500").
pub fn description_count(text: &str) -> DescriptionCount {
    let used = portal_length(normalize_newlines(text).trim());
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    DescriptionCount {
        used: n(used),
        max: n(DESCRIPTION_MAX_CHARS),
        over_by: n(used.saturating_sub(DESCRIPTION_MAX_CHARS)),
    }
}

/// The values the applicant edits. Choice fields hold the option's text as the page shows it.
/// There is no captcha here: the applicant types it on the page itself.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FeedbackDraft {
    /// 咨询人
    pub consultant: String,
    /// 咨询人类型
    pub consultant_type: String,
    /// 咨询人证件类型
    pub id_type: String,
    /// 咨询人证件号码 — in full: the staff need it. Never log it.
    pub id_number: String,
    /// 手机号
    pub mobile: String,
    /// 电子邮箱
    pub email: String,
    /// 问题分类
    pub category: String,
    /// 问题标题
    pub title: String,
    /// 问题描述
    pub description: String,
}

impl fmt::Debug for FeedbackDraft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FeedbackDraft")
            .field("consultant", &self.consultant)
            .field("consultant_type", &self.consultant_type)
            .field("id_type", &self.id_type)
            .field("id_number", &mask_id(&self.id_number))
            .field("mobile", &mask_id(&self.mobile))
            .field("email", &self.email)
            .field("category", &self.category)
            .field("title", &self.title)
            .field("description", &format_args!("<{} characters>", portal_length(&self.description)))
            .finish()
    }
}

/// A draft that passed every check, normalised, ready for the fill.
#[derive(Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CleanDraft {
    pub consultant: String,
    pub consultant_type: String,
    pub id_type: String,
    /// Which checker accepted the number.
    pub id_kind: DocumentKind,
    /// Normalised (half-width, upper-case X) and in full. Never log it.
    pub id_number: String,
    /// 11 digits.
    pub mobile: String,
    pub email: String,
    pub category: String,
    /// The fixed 所属业务系统 the page should show (网上办事大厅).
    pub business_system: String,
    pub title: String,
    /// Line breaks as "\n", ends trimmed.
    pub description: String,
    /// [`portal_length`] of the description.
    pub description_length: u32,
}

impl fmt::Debug for CleanDraft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CleanDraft")
            .field("consultant", &self.consultant)
            .field("id_kind", &self.id_kind)
            .field("id_number", &mask_id(&self.id_number))
            .field("mobile", &mask_id(&self.mobile))
            .field("category", &self.category)
            .field("title", &self.title)
            .field("description_length", &self.description_length)
            .finish_non_exhaustive()
    }
}

/// What is wrong with one field. `Display` is a short English summary; the applicant sees
/// [`FieldProblem::message`].
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum DraftError {
    #[error("missing")]
    Missing,
    #[error("{found} characters, at most {max}")]
    TooLong { max: u32, found: u32 },
    /// A one-line field holds a line break.
    #[error("line break in a one-line field")]
    LineBreak,
    /// Not one of the list's options.
    #[error("not an option of the list")]
    NotAnOption,
    /// The identity module's finding about the number, for the chosen document type.
    #[error("ID number: {id_error}")]
    IdNumber { id_error: IdError },
    #[error("not a mainland mobile number")]
    MobileInvalid,
    #[error("not a valid e-mail address")]
    EmailInvalid,
}

impl DraftError {
    /// The message for this error on `field`, in every language.
    pub fn text(&self, field: FeedbackField) -> Text {
        let name = field.name();
        let pick = field_kind(field) == FieldKind::Choice;
        match self {
            Self::Missing if pick => Text {
                zh_cn: format!("请选择{}", name.zh_cn),
                zh_tw: format!("請選擇{}", name.zh_tw),
                en: format!("Choose {}", name.en),
            },
            Self::Missing => Text {
                zh_cn: format!("请填写{}", name.zh_cn),
                zh_tw: format!("請填寫{}", name.zh_tw),
                en: format!("Fill in {}", name.en),
            },
            Self::TooLong { max, found } => {
                let cut = found.saturating_sub(*max);
                Text {
                    zh_cn: format!("{}最多 {max} 个字，现在有 {found} 个字，请删掉 {cut} 个字", name.zh_cn),
                    zh_tw: format!("{}最多 {max} 個字，現在有 {found} 個字，請刪掉 {cut} 個字", name.zh_tw),
                    en: format!("{} takes at most {max} characters; it has {found}: remove {cut}", name.en),
                }
            }
            Self::LineBreak => Text {
                zh_cn: format!("{}只能写一行，请去掉换行", name.zh_cn),
                zh_tw: format!("{}只能寫一行，請去掉換行", name.zh_tw),
                en: format!("{} is one line only: remove the line break", name.en),
            },
            Self::NotAnOption => Text {
                zh_cn: format!("{}请从列表里选一项", name.zh_cn),
                zh_tw: format!("{}請從清單裡選一項", name.zh_tw),
                en: format!("For {}, pick one of the listed options", name.en),
            },
            Self::IdNumber { id_error } => {
                let m = id_error.text();
                Text {
                    zh_cn: format!("{}：{}", name.zh_cn, m.zh_cn),
                    zh_tw: format!("{}：{}", name.zh_tw, m.zh_tw),
                    en: format!("{}: {}", name.en, m.en),
                }
            }
            Self::MobileInvalid => Text {
                zh_cn: format!("{}必须是 11 位的大陆手机号码，例如 13812345678", name.zh_cn),
                zh_tw: format!("{}必須是 11 位的大陸手機號碼，例如 13812345678", name.zh_tw),
                en: format!("{} must be an 11-digit mainland mobile number, like 13812345678", name.en),
            },
            Self::EmailInvalid => Text {
                zh_cn: format!("{}格式不对，例如 liming@163.com", name.zh_cn),
                zh_tw: format!("{}格式不對，例如 liming@163.com", name.zh_tw),
                en: format!("{} is not a valid address; it should look like liming@163.com", name.en),
            },
        }
    }

    pub fn message(&self, field: FeedbackField, lang: Lang) -> String {
        self.text(field).get(lang).to_owned()
    }
}

fn field_kind(field: FeedbackField) -> FieldKind {
    match field {
        FeedbackField::ConsultantType | FeedbackField::IdType | FeedbackField::Category => FieldKind::Choice,
        FeedbackField::IdNumber => FieldKind::IdNumber,
        FeedbackField::Mobile => FieldKind::Mobile,
        FeedbackField::Email => FieldKind::Email,
        FeedbackField::Description => FieldKind::Textarea,
        FeedbackField::BusinessSystem => FieldKind::Fixed,
        FeedbackField::Captcha => FieldKind::Captcha,
        FeedbackField::Consultant | FeedbackField::Title => FieldKind::Text,
    }
}

/// A problem with one field, for the error summary and the field itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[specta(rename = "FeedbackProblem")] // the vault has its own `FieldProblem`; TypeScript needs one name each
pub struct FieldProblem {
    pub field: FeedbackField,
    pub error: DraftError,
    /// For ID-number problems: the characters to highlight (1-based, inclusive).
    pub span: Option<Span>,
    pub message: Text,
}

impl FieldProblem {
    fn new(field: FeedbackField, error: DraftError) -> FieldProblem {
        let span = match &error {
            DraftError::IdNumber { id_error } => id_error.span(),
            _ => None,
        };
        FieldProblem { field, message: error.text(field), span, error }
    }
}

const BUSINESS_SYSTEM: &str = "网上办事大厅";

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

struct Checker {
    problems: Vec<FieldProblem>,
}

impl Checker {
    fn push(&mut self, field: FeedbackField, error: DraftError) {
        self.problems.push(FieldProblem::new(field, error));
    }

    /// A one-line text field: required, no line breaks, at most `max`.
    fn line(&mut self, field: FeedbackField, raw: &str, max: usize) -> String {
        let value = raw.trim().to_owned();
        let found = portal_length(&value);
        if value.is_empty() {
            self.push(field, DraftError::Missing);
        } else if value.contains(['\n', '\r']) {
            self.push(field, DraftError::LineBreak);
        } else if found > max {
            self.push(field, DraftError::TooLong { max: to_u32(max), found: to_u32(found) });
        }
        value
    }

    /// A drop-down: required, one of the list's options when the list is available.
    fn choice(&mut self, field: FeedbackField, raw: &str, list: Option<&ChoiceList>) -> Option<String> {
        let value = raw.trim();
        if value.is_empty() {
            self.push(field, DraftError::Missing);
            None
        } else if list.is_some_and(|l| l.find(value).is_none()) {
            self.push(field, DraftError::NotAnOption);
            None
        } else {
            Some(value.to_owned())
        }
    }
}

/// Which document checker an 咨询人证件类型 option uses. Falls back to the identity module's own
/// names should the compiled-in list be unavailable (the tests make sure it is not).
fn document_kind_for(id_type: &str) -> Option<DocumentKind> {
    match nmpa_form().ok().and_then(|f| f.choice_list(FeedbackField::IdType)) {
        Some(list) => list.find(id_type).and_then(|o| o.document_kind),
        None => DocumentKind::ALL.into_iter().find(|k| k.name().zh_cn == id_type),
    }
}

/// Checks every field of a draft; returns the cleaned draft, or every problem found, in page
/// order, so that all show at once. `today` (Beijing date) dates the ID checks.
///
/// Rules: 咨询人 and 问题标题 one line, at most [`NAME_MAX_CHARS`] / [`TITLE_MAX_CHARS`];
/// the three lists must hold one of their options; 咨询人证件号码 goes through
/// [`check_document`] for the chosen type (left unchecked while the type itself is wrong);
/// 手机号 and 电子邮箱 through [`normalize_mobile`] / [`normalize_email`]; 问题描述 at most
/// [`DESCRIPTION_MAX_CHARS`] as [`portal_length`] counts (500 passes, 501 fails). Every field is
/// required, as the page's `*` says; ends are trimmed.
pub fn check_draft(draft: &FeedbackDraft, today: NaiveDate) -> Result<CleanDraft, Vec<FieldProblem>> {
    let form = nmpa_form().ok();
    let list = |f: FeedbackField| form.and_then(|form| form.choice_list(f));
    let mut c = Checker { problems: Vec::new() };

    let consultant = c.line(FeedbackField::Consultant, &draft.consultant, NAME_MAX_CHARS);
    let consultant_type =
        c.choice(FeedbackField::ConsultantType, &draft.consultant_type, list(FeedbackField::ConsultantType));
    let id_type = c.choice(FeedbackField::IdType, &draft.id_type, list(FeedbackField::IdType));
    let id_kind = id_type.as_deref().and_then(document_kind_for);

    let mut id_number = String::new();
    if draft.id_number.trim().is_empty() {
        c.push(FeedbackField::IdNumber, DraftError::Missing);
    } else if let Some(kind) = id_kind {
        let checked = check_document(kind, &draft.id_number, today);
        for p in checked.problems {
            c.push(FeedbackField::IdNumber, DraftError::IdNumber { id_error: p.error });
        }
        id_number = checked.normalized;
    }

    let mobile = match draft.mobile.trim() {
        "" => {
            c.push(FeedbackField::Mobile, DraftError::Missing);
            None
        }
        raw => normalize_mobile(raw).or_else(|| {
            c.push(FeedbackField::Mobile, DraftError::MobileInvalid);
            None
        }),
    };
    let email = match draft.email.trim() {
        "" => {
            c.push(FeedbackField::Email, DraftError::Missing);
            None
        }
        raw => normalize_email(raw).or_else(|| {
            c.push(FeedbackField::Email, DraftError::EmailInvalid);
            None
        }),
    };
    let category = c.choice(FeedbackField::Category, &draft.category, list(FeedbackField::Category));
    let title = c.line(FeedbackField::Title, &draft.title, TITLE_MAX_CHARS);

    let description = normalize_newlines(&draft.description).trim().to_owned();
    let description_length = portal_length(&description);
    if description.is_empty() {
        c.push(FeedbackField::Description, DraftError::Missing);
    } else if description_length > DESCRIPTION_MAX_CHARS {
        c.push(
            FeedbackField::Description,
            DraftError::TooLong { max: to_u32(DESCRIPTION_MAX_CHARS), found: to_u32(description_length) },
        );
    }

    match (consultant_type, id_type, id_kind, mobile, email, category) {
        (Some(consultant_type), Some(id_type), Some(id_kind), Some(mobile), Some(email), Some(category))
            if c.problems.is_empty() =>
        {
            let business_system = form
                .and_then(|f| f.field(FeedbackField::BusinessSystem))
                .and_then(|f| f.value.clone())
                .unwrap_or_else(|| BUSINESS_SYSTEM.to_owned());
            Ok(CleanDraft {
                consultant,
                consultant_type,
                id_type,
                id_kind,
                id_number,
                mobile,
                email,
                category,
                business_system,
                title,
                description,
                description_length: to_u32(description_length),
            })
        }
        _ => {
            if c.problems.is_empty() {
                // Only reachable if the document type had no checker: say so on the type.
                c.push(FeedbackField::IdType, DraftError::NotAnOption);
            }
            Err(c.problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).expect("date")
    }

    fn good() -> FeedbackDraft {
        FeedbackDraft {
            consultant: "李明".into(),
            consultant_type: "个人".into(),
            id_type: "居民身份证".into(),
            id_number: "11010519491231002X".into(),
            mobile: "13812345678".into(),
            email: "liming@163.com".into(),
            category: "账号绑定问题".into(),
            title: "实名绑定提示已经存在".into(),
            description: "请协助处理。".into(),
        }
    }

    fn fields(problems: &[FieldProblem]) -> Vec<FeedbackField> {
        problems.iter().map(|p| p.field).collect()
    }

    fn only_error(d: &FeedbackDraft) -> (FeedbackField, DraftError) {
        let problems = check_draft(d, today()).expect_err("invalid");
        assert_eq!(problems.len(), 1, "{problems:?}");
        (problems[0].field, problems[0].error.clone())
    }

    #[test]
    fn a_good_draft_is_cleaned() {
        let mut d = good();
        d.mobile = "+86 138-1234-5678".into();
        d.email = "LiMing＠163．COM".into();
        d.id_number = " 11010519491231002x ".into();
        d.description = "  第一行\r\n第二行  ".into();
        let ok = check_draft(&d, today()).expect("valid");
        assert_eq!(ok.mobile, "13812345678");
        assert_eq!(ok.email, "LiMing@163.com");
        assert_eq!(ok.id_number, "11010519491231002X");
        assert_eq!(ok.id_kind, DocumentKind::ResidentId);
        assert_eq!(ok.description, "第一行\n第二行");
        assert_eq!(ok.description_length, 7);
        assert_eq!(ok.business_system, "网上办事大厅");
    }

    #[test]
    fn description_limit_is_500_and_501_fails() {
        let mut d = good();
        d.description = "药".repeat(500);
        assert_eq!(check_draft(&d, today()).map(|c| c.description_length), Ok(500));
        d.description = "药".repeat(501);
        let (field, error) = only_error(&d);
        assert_eq!(field, FeedbackField::Description);
        assert_eq!(error, DraftError::TooLong { max: 500, found: 501 });
        let msg = error.text(field);
        assert!(msg.zh_cn.contains("500") && msg.zh_cn.contains("501") && msg.zh_cn.contains("删掉 1 个字"), "{msg:?}");
        assert!(msg.zh_cn.contains("问题描述") && msg.en.contains("问题描述"));
        // Ends are trimmed before counting, as the cleaned text is what gets filled in.
        d.description = format!("  {}\n\n", "药".repeat(500));
        assert!(check_draft(&d, today()).is_ok());
        // ASCII counts the same.
        d.description = "a".repeat(501);
        assert_eq!(only_error(&d).1, DraftError::TooLong { max: 500, found: 501 });
    }

    #[test]
    fn description_counts_as_the_browser_does() {
        assert_eq!(portal_length("a\r\nb"), 3);
        assert_eq!(portal_length("a\rb\nc"), 5);
        assert_eq!(portal_length("执业药师"), 4);
        assert_eq!(portal_length("😀"), 2);
        assert_eq!(portal_length("𠮷"), 2);
        let mut d = good();
        d.description = format!("{}😀", "药".repeat(498));
        assert!(check_draft(&d, today()).is_ok());
        d.description = format!("{}😀", "药".repeat(499));
        assert_eq!(only_error(&d).1, DraftError::TooLong { max: 500, found: 501 });
        d.description = "药\r\n".repeat(250);
        assert!(check_draft(&d, today()).is_ok(), "250 characters + 249 line breaks after trimming");
        let count = description_count(&"药".repeat(503));
        assert_eq!((count.used, count.max, count.over_by), (503, 500, 3));
        assert_eq!(description_count(" 药 ").used, 1);
    }

    #[test]
    fn title_and_name_limits() {
        let mut d = good();
        d.title = "题".repeat(TITLE_MAX_CHARS);
        d.consultant = "名".repeat(NAME_MAX_CHARS);
        assert!(check_draft(&d, today()).is_ok());
        d.title = "题".repeat(TITLE_MAX_CHARS + 1);
        assert_eq!(only_error(&d), (FeedbackField::Title, DraftError::TooLong { max: 50, found: 51 }));
        d.title = "第一行\n第二行".into();
        assert_eq!(only_error(&d), (FeedbackField::Title, DraftError::LineBreak));
        d = good();
        d.consultant = "名".repeat(NAME_MAX_CHARS + 1);
        assert_eq!(only_error(&d), (FeedbackField::Consultant, DraftError::TooLong { max: 50, found: 51 }));
    }

    #[test]
    fn bad_phones() {
        for bad in ["1381234567", "138123456789", "12812345678", "23812345678", "010-12345678", "1381234567a", "手机"]
        {
            let mut d = good();
            d.mobile = bad.into();
            let (field, error) = only_error(&d);
            assert_eq!((field, &error), (FeedbackField::Mobile, &DraftError::MobileInvalid), "{bad}");
            assert!(error.text(field).zh_cn.contains("手机号"));
        }
    }

    #[test]
    fn bad_emails() {
        for bad in ["liming", "li ming@qq.com", "@qq.com", "liming@", "liming@qq", "li@ming@qq.com", "liming@qq.c"] {
            let mut d = good();
            d.email = bad.into();
            assert_eq!(only_error(&d), (FeedbackField::Email, DraftError::EmailInvalid), "{bad}");
        }
    }

    #[test]
    fn id_numbers_go_through_the_identity_checker_for_the_chosen_type() {
        let mut d = good();
        d.id_number = "110105194912310021".into();
        let problems = check_draft(&d, today()).expect_err("bad check character");
        assert_eq!(fields(&problems), [FeedbackField::IdNumber]);
        assert_eq!(problems[0].span, Some(Span::at(18)));
        assert!(problems[0].message.zh_cn.starts_with("“咨询人证件号码”：第 18 位"), "{}", problems[0].message.zh_cn);
        // A valid resident ID is not a valid Hong Kong/Macau permit number.
        d = good();
        d.id_type = "港澳居民来往内地通行证".into();
        assert_eq!(fields(&check_draft(&d, today()).expect_err("wrong type")), [FeedbackField::IdNumber]);
        d.id_number = "H12345678".into();
        assert_eq!(check_draft(&d, today()).map(|c| c.id_kind), Ok(DocumentKind::HkMacauPermit));
        // An unknown type is reported on the type; the number is not second-guessed.
        d.id_type = "护照".into();
        assert_eq!(only_error(&d), (FeedbackField::IdType, DraftError::NotAnOption));
    }

    #[test]
    fn everything_missing_is_reported_in_page_order() {
        let problems = check_draft(&FeedbackDraft::default(), today()).expect_err("empty");
        assert_eq!(
            fields(&problems),
            [
                FeedbackField::Consultant,
                FeedbackField::ConsultantType,
                FeedbackField::IdType,
                FeedbackField::IdNumber,
                FeedbackField::Mobile,
                FeedbackField::Email,
                FeedbackField::Category,
                FeedbackField::Title,
                FeedbackField::Description,
            ]
        );
        assert!(problems.iter().all(|p| p.error == DraftError::Missing && !p.message.has_blank()));
        assert!(problems[1].message.zh_cn.starts_with("请选择"));
        assert!(problems[0].message.zh_cn.starts_with("请填写“咨询人”"));
    }

    #[test]
    fn options_outside_the_list_are_refused() {
        let mut d = good();
        d.category = "投诉".into();
        assert_eq!(only_error(&d), (FeedbackField::Category, DraftError::NotAnOption));
        d = good();
        d.consultant_type = "个人 ".into();
        assert_eq!(check_draft(&d, today()).map(|c| c.consultant_type), Ok("个人".into()));
    }

    #[test]
    fn debug_output_never_shows_the_full_number() {
        let d = good();
        let ok = check_draft(&d, today()).expect("valid");
        for shown in [format!("{d:?}"), format!("{ok:?}")] {
            assert!(!shown.contains("11010519491231002X"), "{shown}");
            assert!(!shown.contains("13812345678"), "{shown}");
        }
    }
}
