//! Checking a feedback draft field by field, as the official form would, before it is filled in.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::data::nmpa_form;
use super::FeedbackField;
use crate::form::{normalize_newlines, Checker, FieldError, FormField, Problem};
use crate::identity::{mask_id, DocumentKind};
use crate::lang::Text;

pub use crate::form::portal_length;

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

/// What is wrong with one field: the one error type of every form (see [`crate::form`]).
pub type DraftError = FieldError;

/// A problem with one field of the feedback form, for the error summary and the field itself.
pub type FieldProblem = Problem<FeedbackField>;

impl FormField for FeedbackField {
    fn name(self) -> Text {
        FeedbackField::name(self)
    }

    fn picks(self) -> bool {
        matches!(self, FeedbackField::ConsultantType | FeedbackField::IdType | FeedbackField::Category)
    }
}

const BUSINESS_SYSTEM: &str = "网上办事大厅";

/// Which document checker an 咨询人证件类型 option uses. Falls back to the identity module's own
/// names should the compiled-in list be unavailable (the tests make sure it is not).
fn document_kind_for(id_type: &str) -> Option<DocumentKind> {
    let form = nmpa_form().ok();
    match form.as_deref().and_then(|f| f.choice_list(FeedbackField::IdType.key())) {
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
    let form = form.as_deref();
    let options = |f: FeedbackField| {
        form.and_then(|form| form.choice_list(f.key())).map(|l| l.options.iter().map(|o| o.value.as_str()))
    };
    let mut c = Checker::new();

    let consultant = c.line(FeedbackField::Consultant, &draft.consultant, NAME_MAX_CHARS, true);
    let consultant_type =
        c.choice(FeedbackField::ConsultantType, &draft.consultant_type, options(FeedbackField::ConsultantType));
    let id_type = c.choice(FeedbackField::IdType, &draft.id_type, options(FeedbackField::IdType));
    let id_kind = id_type.as_deref().and_then(document_kind_for);
    let id_number = c.id_number(FeedbackField::IdNumber, &draft.id_number, id_kind, today).number;
    let mobile = c.mobile(FeedbackField::Mobile, &draft.mobile, true);
    let email = c.email(FeedbackField::Email, &draft.email, true);
    let category = c.choice(FeedbackField::Category, &draft.category, options(FeedbackField::Category));
    let title = c.line(FeedbackField::Title, &draft.title, TITLE_MAX_CHARS, true);
    let description = c.block(FeedbackField::Description, &draft.description, DESCRIPTION_MAX_CHARS, true);
    let description_length = portal_length(&description);

    match (consultant_type, id_type, id_kind, category) {
        (Some(consultant_type), Some(id_type), Some(id_kind), Some(category)) if c.is_clean() => {
            let business_system = form
                .and_then(|f| f.field(FeedbackField::BusinessSystem.key()))
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
                description_length: crate::form::check::to_u32(description_length),
            })
        }
        _ => {
            if c.is_clean() {
                // Only reachable if the document type had no checker: say so on the type.
                c.push(FeedbackField::IdType, FieldError::NotAnOption);
            }
            Err(c.problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Span;

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
