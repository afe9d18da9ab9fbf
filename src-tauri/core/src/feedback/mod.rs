//! The NMPA online service hall's feedback form, drafts for it, and tracking of replies (issue 7).
//!
//! - [`nmpa_form`]: the form's fields (with the labels the page shows) and drop-down lists, the
//!   shared form description of [`crate::form`] (`data/forms/nmpa_feedback.toml`); [`cases`]:
//!   the category each drafted case picks.
//! - [`fill_values`] / [`copy_panel`]: what the page fill types and the copy panel shows; the
//!   page script is [`crate::form::script`] (fields found by their visible labels).
//! - [`check_draft`]: every field's rules, all problems at once, each with its field and a
//!   message in every UI language. [`portal_length`] counts 问题描述 as the page's counter does.
//! - [`draft_for`]: a ready-to-edit draft for the applicant's case. The form is read by the
//!   NMPA staff, so the title and description are always Simplified Chinese, whatever the UI
//!   language; the UI language only sets the summary that tells the applicant what it says.
//! - [`track`] / [`reminder_due`] / [`TrackedFile`]: when a reply is due (in working days),
//!   how to look for it, and the list of things waited on, for this form and for the teacher
//!   site's manual review and help e-mail.
//!
//! Privacy: drafts carry the full ID number (the staff need it to find the account), so the
//! `Debug` output of every type holding one masks it, and nothing here logs. The picture
//! captcha (图形验证码) is never part of a draft: the applicant always types it.
//!
//! Nothing reads the clock or `/work/shared`: callers pass dates in, data is compiled in.

mod check;
mod data;
mod draft;
mod fill;
mod track;

use serde::{Deserialize, Serialize};

use crate::lang::Text;

pub use check::{
    check_draft, description_count, portal_length, CleanDraft, DescriptionCount, DraftError, FeedbackDraft,
    FieldProblem, DESCRIPTION_MAX_CHARS, EMAIL_MAX_CHARS, ID_NUMBER_MAX_CHARS, NAME_MAX_CHARS, TITLE_MAX_CHARS,
};
pub(crate) use data::check as check_data;
pub use data::{
    case_for_flow, cases, category_for, nmpa_form, CaseDefault, ChoiceList, ChoiceOption, FieldDef, FieldKind,
    FormDataError, FormDef,
};
pub use draft::{draft_for, CaseFacts, DraftProposal, FeedbackCase, Tried};
pub use fill::{copy_panel, fill_values, query_panel, query_values};
pub use track::{
    beijing_date, beijing_naive, reminder_due, reminder_text, reminders_to_notify, track, LookupDetails, Reminder,
    ReminderState, TrackError, TrackKind, Tracked, TrackedFile, TrackedFileError, TrackedItem,
};

/// A field of the feedback form, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackField {
    /// 咨询人
    Consultant,
    /// 咨询人类型
    ConsultantType,
    /// 咨询人证件类型
    IdType,
    /// 咨询人证件号码
    IdNumber,
    /// 手机号
    Mobile,
    /// 电子邮箱
    Email,
    /// 问题分类
    Category,
    /// 所属业务系统 (fixed: 网上办事大厅)
    BusinessSystem,
    /// 问题标题
    Title,
    /// 问题描述
    Description,
    /// 图形验证码 (typed by the applicant only)
    Captcha,
}

impl FeedbackField {
    /// The field's id in the form data (`data/forms/nmpa_feedback.toml`), as serde writes it.
    pub fn key(self) -> &'static str {
        match self {
            FeedbackField::Consultant => "consultant",
            FeedbackField::ConsultantType => "consultant_type",
            FeedbackField::IdType => "id_type",
            FeedbackField::IdNumber => "id_number",
            FeedbackField::Mobile => "mobile",
            FeedbackField::Email => "email",
            FeedbackField::Category => "category",
            FeedbackField::BusinessSystem => "business_system",
            FeedbackField::Title => "title",
            FeedbackField::Description => "description",
            FeedbackField::Captcha => "captcha",
        }
    }

    pub fn from_key(key: &str) -> Option<FeedbackField> {
        FeedbackField::ALL.into_iter().find(|f| f.key() == key)
    }

    pub const ALL: [FeedbackField; 11] = [
        FeedbackField::Consultant,
        FeedbackField::ConsultantType,
        FeedbackField::IdType,
        FeedbackField::IdNumber,
        FeedbackField::Mobile,
        FeedbackField::Email,
        FeedbackField::Category,
        FeedbackField::BusinessSystem,
        FeedbackField::Title,
        FeedbackField::Description,
        FeedbackField::Captcha,
    ];

    /// The field's name in messages: the page's label, explained in English.
    pub fn name(self) -> Text {
        let (label, en) = match self {
            FeedbackField::Consultant => ("咨询人", "咨询人 (your name)"),
            FeedbackField::ConsultantType => ("咨询人类型", "咨询人类型 (who you are)"),
            FeedbackField::IdType => ("咨询人证件类型", "咨询人证件类型 (ID document type)"),
            FeedbackField::IdNumber => ("咨询人证件号码", "咨询人证件号码 (ID number)"),
            FeedbackField::Mobile => ("手机号", "手机号 (mobile number)"),
            FeedbackField::Email => ("电子邮箱", "电子邮箱 (e-mail)"),
            FeedbackField::Category => ("问题分类", "问题分类 (category)"),
            FeedbackField::BusinessSystem => ("所属业务系统", "所属业务系统 (system)"),
            FeedbackField::Title => ("问题标题", "问题标题 (title)"),
            FeedbackField::Description => ("问题描述", "问题描述 (description)"),
            FeedbackField::Captcha => ("图形验证码", "图形验证码 (picture code)"),
        };
        Text { zh_cn: format!("“{label}”"), zh_tw: format!("「{label}」"), en: en.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde_json::json;

    #[test]
    fn ipc_shapes() {
        let kind: TrackKind =
            serde_json::from_value(json!({"kind": "nmpa_feedback", "logged_in": false})).expect("kind");
        assert_eq!(kind, TrackKind::NmpaFeedback { logged_in: false });
        assert_eq!(serde_json::to_value(TrackKind::JszgEmail).expect("json"), json!({"kind": "jszg_email"}));
        let draft: FeedbackDraft = serde_json::from_value(json!({
            "consultant": "李明", "consultant_type": "个人", "id_type": "居民身份证",
            "id_number": "11010519491231002X", "mobile": "13812345678", "email": "liming@163.com",
            "category": "其他问题", "title": "标题", "description": "描述"
        }))
        .expect("draft");
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");
        assert!(check_draft(&draft, today).is_ok());
        let facts: CaseFacts =
            serde_json::from_value(json!({"name": "李明", "id_number": "1", "mobile": "1"})).expect("facts");
        assert_eq!(facts.id_kind, crate::identity::DocumentKind::ResidentId);
        let problem =
            serde_json::to_value(&check_draft(&FeedbackDraft::default(), today).expect_err("empty")[0]).expect("json");
        assert_eq!(problem["field"], "consultant");
        assert_eq!(problem["error"]["code"], "missing");
        assert!(problem["message"]["zh-CN"].is_string());
    }

    #[test]
    fn field_names_are_complete_and_keys_are_serdes() {
        for f in FeedbackField::ALL {
            assert!(!f.name().has_blank());
            assert_eq!(serde_json::to_value(f).expect("json"), json!(f.key()));
            assert_eq!(FeedbackField::from_key(f.key()), Some(f));
        }
    }
}
