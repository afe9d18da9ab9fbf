//! E-mails to 中国教师资格网's help mailbox (issue 8): account check, change of phone or e-mail,
//! and the fix of a wrong gender or name — the three problems the site's FAQ (seed 002) says only
//! its staff can solve, by e-mail, with a photo attached.
//!
//! - [`jszg_mail`]: the templates (address, subject, body lines, attachment), from the content in use
//!   (`data/mail/jszg.toml`), validated by tests and before a content pack is accepted.
//! - [`check`]: every field's rules — name, document number (through [`crate::identity`]), mobile
//!   and e-mail (through [`crate::contact`]), the case's own fields, the JPEG attachment — all
//!   problems at once, each with its field and a message in every UI language.
//! - [`render`]: subject and body. Always Simplified Chinese, whatever the UI language: the
//!   site's staff read them.
//! - [`build_message`] / [`eml_bytes`]: the RFC 5322 message (lettre's builder; RFC 2047 subject
//!   and names, RFC 2231 attachment file name, base64 or quoted-printable body), for the shell to
//!   send over SMTP or to save as an `.eml` for the applicant's own mail program.
//! - [`expected_reply`] / [`tracked_item`]: after sending, when the reply is due, through
//!   [`crate::feedback::track`] (no working-day logic here).
//!
//! The info fix asks for the login password in the mail ([`MailCase::asks_password`]): the UI
//! shows [`password_warning`] first and, once sent, marks the account's password as to be
//! changed (the vault's `Account::change_due`, set by the shell's `Vault::mark(id, false, _)`),
//! showing [`password_change_task`]. The password reaches only the SMTP connection: previews
//! mask it and a saved `.eml` leaves a gap for the applicant to type it (see [`PasswordLine`]),
//! because passwords are never written to disk in plain text.
//!
//! Privacy: the mail carries the full ID number, so the `Debug` output of every type holding it
//! masks it, and nothing here logs. Nothing reads the clock or `/work/shared`.

mod check;
mod data;
mod message;
mod render;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::feedback::{track, TrackError, TrackKind, Tracked, TrackedItem};
use crate::lang::Text;

pub use check::{
    check, CleanMail, MailFieldError, MailForm, MailProblem, ATTACHMENT_MAX_BYTES, DETAILS_MAX_CHARS, NAME_MAX_CHARS,
    SHOWN_VALUE_MAX_CHARS,
};
pub(crate) use data::check as check_data;
pub use data::{jszg_mail, AttachmentDef, CaseDef, MailData, MailDataError, ProblemDef, PLACEHOLDERS};
pub use lettre::Message;
pub use message::{build_message, eml_bytes, MessageError, MessageOptions, XUnsent};
pub use render::{render, MailDraft, PasswordLine, PASSWORD_MASK, PASSWORD_PLACEHOLDER};

/// Which of the three mails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MailCase {
    /// 核查账号信息: registration says the ID number is already registered and resetting the
    /// password did not help (seed 002, 账号注册问题).
    #[default]
    AccountCheck,
    /// 申请修改手机（邮箱）信息: the phone or e-mail registered with has changed, so the password
    /// cannot be reset (seed 002, 账号登录问题（3）).
    ContactChange,
    /// Wrong gender, a garbled name, or a name changed after real-name verification
    /// (seed 002, 个人身份信息补充、修改等问题). Asks for the login password.
    InfoFix,
}

impl MailCase {
    pub const ALL: [MailCase; 3] = [MailCase::AccountCheck, MailCase::ContactChange, MailCase::InfoFix];

    /// The case's id in `data/mail/jszg.toml`.
    pub fn id(self) -> &'static str {
        match self {
            MailCase::AccountCheck => "account_check",
            MailCase::ContactChange => "contact_change",
            MailCase::InfoFix => "info_fix",
        }
    }

    /// The `template` id the guides' e-mail steps carry (guides/jszg.toml), so a plan step can
    /// open the right form.
    pub fn template_id(self) -> &'static str {
        match self {
            MailCase::AccountCheck => "jszg_account_check",
            MailCase::ContactChange => "jszg_contact_change",
            MailCase::InfoFix => "jszg_info_fix",
        }
    }

    pub fn from_template(template: &str) -> Option<MailCase> {
        MailCase::ALL.into_iter().find(|c| c.template_id() == template)
    }

    /// True when the mail must contain the login password (only the info fix: the FAQ asks for
    /// it and says to change the password afterwards). The UI warns before sending, and after
    /// sending adds the "change your password" task. A test keeps the data file in step.
    pub fn asks_password(self) -> bool {
        self == MailCase::InfoFix
    }

    /// Whether the FAQ promises a reply time for this mail: "within 24 hours on working days" for
    /// the account check and the contact change; nothing for the info fix.
    pub fn reply_promised(self) -> bool {
        self != MailCase::InfoFix
    }
}

/// Contact change: what changed. Sets the subject's wording: the prescribed
/// "（姓名）申请修改手机（邮箱）信息" when both did, "手机" or "邮箱" alone otherwise (as the guide
/// `jszg_changed_contact` tells the applicant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ContactChanged {
    Mobile,
    Email,
    #[default]
    Both,
}

impl ContactChanged {
    /// For the subject: 手机 / 邮箱 / 手机（邮箱）.
    pub fn subject_word(self) -> &'static str {
        match self {
            ContactChanged::Mobile => "手机",
            ContactChanged::Email => "邮箱",
            ContactChanged::Both => "手机（邮箱）",
        }
    }

    /// For the body's first sentence.
    pub fn body_words(self) -> &'static str {
        match self {
            ContactChanged::Mobile => "手机号",
            ContactChanged::Email => "邮箱",
            ContactChanged::Both => "手机号和邮箱",
        }
    }
}

/// Info fix: what is wrong. The three situations the FAQ names; the data file gives each a label
/// and the body sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum InfoProblem {
    /// 性别信息错误 — the correct value is 男 or 女.
    WrongGender,
    /// 姓名显示为乱码 — the correct value is the name.
    GarbledName,
    /// 实名核验通过后姓名发生变更 — the correct value is the current name.
    NameChanged,
}

impl InfoProblem {
    pub const ALL: [InfoProblem; 3] = [InfoProblem::WrongGender, InfoProblem::GarbledName, InfoProblem::NameChanged];

    /// The problem's id in the data file.
    pub fn id(self) -> &'static str {
        match self {
            InfoProblem::WrongGender => "wrong_gender",
            InfoProblem::GarbledName => "garbled_name",
            InfoProblem::NameChanged => "name_changed",
        }
    }
}

/// A field of the mail form, in form order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MailField {
    Name,
    IdNumber,
    Mobile,
    Email,
    /// Contact change: the mobile number registered before (optional).
    OldMobile,
    /// Contact change: the e-mail registered before (optional).
    OldEmail,
    /// Info fix: which problem.
    InfoProblem,
    /// Info fix: the correct gender (男/女) or name.
    CorrectValue,
    /// Info fix: what the site shows now (optional).
    ShownValue,
    /// Info fix: anything else to say (optional).
    Details,
    /// Info fix: the login password of 中国教师资格网.
    Password,
    /// The JPEG photo.
    Attachment,
}

impl MailField {
    pub const ALL: [MailField; 12] = [
        MailField::Name,
        MailField::IdNumber,
        MailField::Mobile,
        MailField::Email,
        MailField::OldMobile,
        MailField::OldEmail,
        MailField::InfoProblem,
        MailField::CorrectValue,
        MailField::ShownValue,
        MailField::Details,
        MailField::Password,
        MailField::Attachment,
    ];

    /// The field's name in messages.
    pub fn name(self) -> Text {
        let (zh_cn, zh_tw, en) = match self {
            MailField::Name => ("姓名", "姓名", "name"),
            MailField::IdNumber => ("证件号码", "證件號碼", "ID number"),
            MailField::Mobile => ("手机号码", "手機號碼", "mobile number"),
            MailField::Email => ("电子邮箱", "電子郵件", "e-mail address"),
            MailField::OldMobile => ("原来的手机号码", "原來的手機號碼", "old mobile number"),
            MailField::OldEmail => ("原来的邮箱", "原來的電子郵件", "old e-mail address"),
            MailField::InfoProblem => ("哪里有误", "哪裡有誤", "what is wrong"),
            MailField::CorrectValue => ("正确的信息", "正確的資料", "correct value"),
            MailField::ShownValue => ("网站上显示的信息", "網站上顯示的資料", "what the site shows"),
            MailField::Details => ("补充说明", "補充說明", "further details"),
            MailField::Password => ("登录密码", "登入密碼", "login password"),
            MailField::Attachment => ("照片附件", "照片附件", "photo attachment"),
        };
        Text { zh_cn: format!("“{zh_cn}”"), zh_tw: format!("「{zh_tw}」"), en: format!("the {en}") }
    }
}

/// The mail in the copy panel, to paste piece by piece into the applicant's webmail: the
/// address, the subject, the body (the password line as a gap: the panel never holds it), and
/// what to attach.
pub fn copy_panel(draft: &MailDraft) -> crate::form::Panel {
    use crate::form::{Panel, PanelItem};
    let item = |id: &str, label: &str, hint: Text, value: String| PanelItem {
        id: id.into(),
        label: label.into(),
        hint: Some(hint),
        multiline: value.contains('\n'),
        copy: !value.is_empty(),
        value,
        secret: false,
        note: None,
    };
    let mut attachment = item("attachment", "附件", draft.attachment_what.clone(), String::new());
    attachment.note = Some(Text::new(
        "照片不能复制粘贴：在邮箱网页上点“添加附件”，选你手持证件的照片。",
        "照片不能複製貼上：在郵箱網頁上點「新增附件」，選你手持證件的照片。",
        "A photo cannot be pasted: click the webmail's “attach” button and choose the photo of you holding your ID.",
    ));
    Panel {
        title: Text::new("写给中国教师资格网的邮件", "寫給中國教師資格網的郵件", "Your e-mail to 中国教师资格网"),
        form: None,
        portal: Some(crate::catalog::Portal::Jszg),
        how_to_reach: Some(Text::new(
            "在你的邮箱网页里写一封新邮件，把下面各项逐项复制进去，再添加照片附件，然后发送。",
            "在你的郵箱網頁裡寫一封新郵件，把下面各項逐項複製進去，再新增照片附件，然後傳送。",
            "Write a new e-mail in your webmail, copy each item below into it, attach the photo, then send it.",
        )),
        items: vec![
            item(
                "to",
                "收件人",
                Text::new("中国教师资格网的咨询邮箱", "中國教師資格網的諮詢信箱", "the site's help mailbox"),
                draft.to.clone(),
            ),
            item(
                "subject",
                "主题",
                Text::new("邮件主题，照原样复制", "郵件主旨，照原樣複製", "the subject, exactly as it is"),
                draft.subject.clone(),
            ),
            item("body", "正文", Text::new("邮件正文", "郵件內文", "the body of the mail"), draft.body()),
            attachment,
        ],
        can_fill: false,
        can_login: false,
    }
}

/// Shown before the applicant sends the info-fix mail (and on its form), because the mail
/// carries the login password in plain text through two mail providers.
pub fn password_warning() -> Text {
    Text::new(
        "注意：这封邮件要写上中国教师资格网的登录密码（官方要求）。只发给 jszgwb@163.com，不要转发或告诉任何人；不要用这个密码登录其他网站。问题解决后，请马上自己修改密码。",
        "注意：這封郵件要寫上中國教師資格網的登入密碼（官方要求）。只寄給 jszgwb@163.com，不要轉寄或告訴任何人；不要用這個密碼登入其他網站。問題解決後，請馬上自己修改密碼。",
        "Warning: this e-mail must contain your 中国教师资格网 login password (the site asks for it). Send it only to jszgwb@163.com; do not forward it or tell anyone, and do not use this password on any other site. As soon as the problem is fixed, change the password.",
    )
}

/// The task added after the info-fix mail is sent, and shown on the account until it is marked
/// done (the vault's `change_due`).
pub fn password_change_task() -> Text {
    Text::new(
        "你已经把登录密码发给了工作人员。问题解决后，请登录中国教师资格网修改密码，然后在“我的账号”里标记为已修改。",
        "你已經把登入密碼寄給了工作人員。問題解決後，請登入中國教師資格網修改密碼，然後在「我的帳號」裡標記為已修改。",
        "You sent your login password to the staff. Once the problem is fixed, log in to 中国教师资格网, change the password, then mark it as changed under My accounts.",
    )
}

/// When the reply to a mail sent on `sent_on` (a Beijing date, see
/// [`crate::feedback::beijing_date`]) is due: the teacher site's "24 hours on working days",
/// counted by [`crate::feedback::track`] as [`TrackKind::JszgEmail`]. `None` for the info fix,
/// for which the FAQ promises no time (a made-up due date would send the applicant chasing).
pub fn expected_reply(case: MailCase, sent_on: NaiveDate) -> Result<Option<Tracked>, TrackError> {
    if case.reply_promised() {
        track(TrackKind::JszgEmail, sent_on).map(Some)
    } else {
        Ok(None)
    }
}

/// The entry for the shell's list of things waited on (`TrackedFile`), with the shell's `id`.
/// `None` when there is no promised reply time (see [`expected_reply`]).
pub fn tracked_item(
    id: impl Into<String>,
    case: MailCase,
    sent_on: NaiveDate,
) -> Result<Option<TrackedItem>, TrackError> {
    Ok(expected_reply(case, sent_on)?.map(|tracked| TrackedItem {
        id: id.into(),
        case: None,
        tracked,
        lookup: None,
        answered_on: None,
    }))
}
