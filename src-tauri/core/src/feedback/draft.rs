//! Drafts of the feedback form for the cases that end in it (seed 000, sections 二 and 三).
//!
//! The title and description are written for the NMPA staff, in plain Simplified Chinese,
//! whatever the UI language: the form is Chinese and so are its readers. The applicant edits
//! the draft before anything is filled in. The UI language sets only the summary and notes
//! that tell the applicant what the draft says and what had to be left out.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::check::{portal_length, FeedbackDraft, DESCRIPTION_MAX_CHARS};
use super::data::nmpa_form;
use super::FeedbackField;
use crate::contact::{normalize_email, normalize_mobile};
use crate::identity::{self, mask_id, DocumentKind, ValidityEnd};
use crate::lang::{Lang, Text};

/// Which situation the form is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackCase {
    /// Real-name binding says the ID "already exists": someone registered and verified an
    /// account with it before (seed 000 二（二）). Ask for the account's phone to be changed.
    AlreadyExists,
    /// Password forgotten and neither the registration phone nor e-mail works any more
    /// (guide `nmpa_forgot_password`). Same request: change the phone on the account.
    LostContact,
    /// A long-term (长期) ID card fails real-name authentication, even after the CTID route
    /// (seed 000 三). Give name, ID number, start and end dates.
    LongTermId,
}

impl FeedbackCase {
    pub const ALL: [FeedbackCase; 3] =
        [FeedbackCase::AlreadyExists, FeedbackCase::LostContact, FeedbackCase::LongTermId];
}

/// Something the applicant already tried, told to the staff so they do not suggest it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Tried {
    /// 忘记密码 with the registration phone or e-mail.
    PasswordReset,
    /// Asked whoever registered the account earlier.
    ContactedRegistrant,
    /// Checked the ID details typed in.
    CheckedIdDetails,
    /// Opened the CTID with 识别身份证 and registered again.
    CtidReregistered,
}

impl Tried {
    fn zh(self) -> &'static str {
        match self {
            Tried::PasswordReset => "用“忘记密码”找回，但注册时留的手机号和邮箱我都用不了",
            Tried::ContactedRegistrant => "联系当初注册这个账号的人，没能找回密码",
            Tried::CheckedIdDetails => "仔细核对了填写的证件信息，确认无误",
            Tried::CtidReregistered => "用“CTID”客户端以“识别身份证”方式开通后重新注册，仍然不成功",
        }
    }
}

/// What the applicant tells the app about themselves and their case. Everything optional may
/// be empty; the draft leaves a visible gap to fill in for a missing required fact.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CaseFacts {
    /// Name as on the ID document.
    pub name: String,
    /// The document the number belongs to.
    #[serde(default = "resident_id")]
    pub id_kind: DocumentKind,
    /// In full: the staff need it to find the account. Never log it.
    pub id_number: String,
    /// The mobile number the applicant uses now: the one to put on the account.
    pub mobile: String,
    /// The e-mail address the applicant uses now.
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub tried: Vec<Tried>,
    /// Anything else tried, in the applicant's words (shortened if space runs out).
    #[serde(default)]
    pub other_tried: String,
    /// ID card validity start (long-term case).
    #[serde(default)]
    pub id_start: Option<NaiveDate>,
    /// ID card validity end; `None` is read as 长期 (the form leaves the end empty for it).
    #[serde(default)]
    pub id_end: Option<ValidityEnd>,
    /// Binding is for licensed-pharmacist registration (the seed's audience).
    #[serde(default)]
    pub pharmacist: bool,
}

fn resident_id() -> DocumentKind {
    DocumentKind::ResidentId
}

impl Default for CaseFacts {
    fn default() -> Self {
        CaseFacts {
            name: String::new(),
            id_kind: DocumentKind::ResidentId,
            id_number: String::new(),
            mobile: String::new(),
            email: String::new(),
            tried: Vec::new(),
            other_tried: String::new(),
            id_start: None,
            id_end: None,
            pharmacist: false,
        }
    }
}

impl fmt::Debug for CaseFacts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaseFacts")
            .field("name", &self.name)
            .field("id_kind", &self.id_kind)
            .field("id_number", &mask_id(&self.id_number))
            .field("mobile", &mask_id(&self.mobile))
            .field("tried", &self.tried)
            .field("id_start", &self.id_start)
            .field("id_end", &self.id_end)
            .finish_non_exhaustive()
    }
}

/// A draft for the applicant to review, with what it says in their language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DraftProposal {
    pub case: FeedbackCase,
    /// The field values (title and description in Simplified Chinese).
    pub draft: FeedbackDraft,
    /// What the description says, in the UI language.
    pub summary: String,
    /// Optional parts left out or shortened to stay within 500 characters, and required facts
    /// that were missing (shown as 【请补充…】 in the text), in the UI language.
    pub notes: Vec<String>,
}

/// Why a part of the text may be dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Required,
    Purpose,
    Tried,
    OtherTried,
    Email,
    Contact,
}

struct Builder {
    parts: Vec<(Part, String)>,
}

impl Builder {
    fn add(&mut self, part: Part, text: impl Into<String>) {
        self.parts.push((part, text.into()));
    }

    /// Joins the parts one per line, keeping every required part and as many optional ones as
    /// fit in [`DESCRIPTION_MAX_CHARS`]. The fixed optional sentences are placed first, in text
    /// order; the applicant's own words then get the room left, shortened with "…" rather than
    /// dropped when at least a few characters fit.
    fn finish(self) -> (String, Vec<Part>) {
        let mut used =
            self.parts.iter().filter(|(k, _)| *k == Part::Required).map(|(_, t)| portal_length(t) + 1).sum::<usize>();
        let mut kept: Vec<Option<String>> =
            self.parts.iter().map(|(k, t)| (*k == Part::Required).then(|| t.clone())).collect();
        let mut left_out = Vec::new();
        let order = (0..self.parts.len())
            .filter(|i| self.parts[*i].0 != Part::Required && self.parts[*i].0 != Part::OtherTried)
            .chain((0..self.parts.len()).filter(|i| self.parts[*i].0 == Part::OtherTried));
        for i in order.collect::<Vec<_>>() {
            let (kind, text) = &self.parts[i];
            let cost = portal_length(text) + 1;
            let room = DESCRIPTION_MAX_CHARS.saturating_sub(used);
            if cost <= room {
                used += cost;
                kept[i] = Some(text.clone());
            } else if *kind == Part::OtherTried && room >= 12 {
                let short = cut_to(text, room - 4) + "…。";
                used += portal_length(&short) + 1;
                kept[i] = Some(short);
                left_out.push(*kind);
            } else {
                left_out.push(*kind);
            }
        }
        // `used` counted a line break after every part; the last one has none.
        let text = kept.into_iter().flatten().collect::<Vec<_>>().join("\n");
        if portal_length(&text) > DESCRIPTION_MAX_CHARS {
            // Only with facts far longer than the form accepts (the checks flag them too).
            left_out.push(Part::Required);
            return (cut_to(&text, DESCRIPTION_MAX_CHARS), left_out);
        }
        (text, left_out)
    }
}

/// The longest prefix of `text` with a [`portal_length`] of at most `max`.
fn cut_to(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in text.chars() {
        let w = if c == '\r' { 1 } else { c.len_utf16() };
        if len + w > max {
            break;
        }
        len += w;
        out.push(c);
    }
    out
}

const GAP_START: &str = "【请补充起始日期】";

fn date(d: NaiveDate) -> String {
    d.format("%Y.%m.%d").to_string()
}

fn or_gap(value: &str, gap: &'static str) -> String {
    if value.is_empty() {
        gap.to_owned()
    } else {
        value.to_owned()
    }
}

/// A draft of the whole form for `case`, from what the applicant told the app.
///
/// The description always says who the applicant is and what they ask for; what they tried,
/// their purpose, their e-mail and a closing line are added in that order while they fit in
/// 500 characters (see [`DraftProposal::notes`]). The ID number is written in full (the staff
/// need it). A missing required fact leaves a visible 【请补充…】 for the applicant to fill.
pub fn draft_for(case: FeedbackCase, facts: &CaseFacts, lang: Lang) -> DraftProposal {
    let form = nmpa_form().ok();
    let form = form.as_deref();
    let name = facts.name.trim();
    let id_number = identity::normalize(&facts.id_number);
    let mobile = normalize_mobile(&facts.mobile).unwrap_or_else(|| facts.mobile.trim().to_owned());
    let email = normalize_email(&facts.email).unwrap_or_else(|| facts.email.trim().to_owned());
    let id_type = form
        .and_then(|f| f.choice_list(FeedbackField::IdType.key()))
        .and_then(|l| l.options.iter().find(|o| o.document_kind == Some(facts.id_kind)))
        .map(|o| o.value.clone())
        .unwrap_or_else(|| facts.id_kind.name().zh_cn);
    let consultant_type = form
        .and_then(|f| f.choice_list(FeedbackField::ConsultantType.key()))
        .and_then(|l| l.default_value())
        .unwrap_or_default()
        .to_owned();
    let category = super::data::category_for(case).unwrap_or_default().to_owned();

    let mut missing: Vec<Text> = Vec::new();
    let mut need = |ok: bool, what: Text| {
        if !ok {
            missing.push(what);
        }
    };
    need(!name.is_empty(), Text::new("姓名", "姓名", "your name"));
    need(!id_number.is_empty(), Text::new("证件号码", "證件號碼", "your ID number"));
    need(!mobile.is_empty(), Text::new("手机号", "手機號碼", "your mobile number"));

    let name_text = or_gap(name, "【请补充姓名】");
    let id_text = or_gap(&id_number, "【请补充证件号码】");
    let mobile_text = or_gap(&mobile, "【请补充手机号】");
    let is_resident_id = facts.id_kind == DocumentKind::ResidentId;

    let mut b = Builder { parts: Vec::new() };
    let tried: Vec<&str> = facts.tried.iter().map(|t| t.zh()).collect();
    let other_tried = facts.other_tried.split_whitespace().collect::<Vec<_>>().join(" ");
    let other_tried = other_tried.trim_end_matches(['。', '.', '；', ';', '，', ',', '！', '!']);
    let purpose = "我需要用本人账号绑定全国执业药师注册管理信息系统，办理执业药师注册。";

    let title = match case {
        FeedbackCase::AlreadyExists | FeedbackCase::LostContact => {
            b.add(Part::Required, format!("本人{name_text}，{id_type}号码{id_text}。"));
            if case == FeedbackCase::AlreadyExists {
                b.add(
                    Part::Required,
                    "我在网上办事大厅实名绑定时，系统提示该证件“已经存在”，应是之前本人或他人代为注册过账号并已实名认证。",
                );
            } else {
                b.add(
                    Part::Required,
                    "我在网上办事大厅注册的账号忘记了密码，注册时留的手机号和邮箱都已不再使用，无法通过“忘记密码”找回。",
                );
            }
            if facts.pharmacist {
                b.add(Part::Purpose, purpose);
            }
            if !tried.is_empty() {
                b.add(Part::Tried, format!("我已经试过：{}。", tried.join("；")));
            }
            if !other_tried.is_empty() {
                b.add(Part::OtherTried, format!("另外：{other_tried}。"));
            }
            b.add(
                Part::Required,
                format!("请核实后将该账号的手机号码更换为我本人现在使用的手机号{mobile_text}，我再用新手机号找回密码、登录。"),
            );
            if !email.is_empty() {
                b.add(Part::Email, format!("账号的电子邮箱也请改为{email}。"));
            }
            b.add(Part::Contact, format!("如需核实，请拨打{mobile_text}联系我。谢谢！"));
            if case == FeedbackCase::AlreadyExists {
                "实名绑定提示已经存在，申请更换账号手机号"
            } else {
                "忘记密码且原手机号邮箱已停用，申请更换手机号"
            }
        }
        FeedbackCase::LongTermId => {
            let long_term = matches!(facts.id_end, None | Some(ValidityEnd::LongTerm));
            need(
                facts.id_start.is_some(),
                Text::new("证件有效期起始日期", "證件有效期限起始日期", "the ID's validity start date"),
            );
            let doc = if is_resident_id { "身份证".to_owned() } else { id_type.clone() };
            let validity = if long_term {
                "有效期为长期，注册时有效期结束时间没有选择"
            } else {
                "有效期按证件填写"
            };
            b.add(
                Part::Required,
                format!(
                    "我的{doc}{validity}，确认填写无误，但在网上办事大厅实名认证时提示“实名认证未成功，请核对填写的身份证信息”。"
                ),
            );
            if facts.pharmacist {
                b.add(Part::Purpose, purpose);
            }
            if !tried.is_empty() {
                b.add(Part::Tried, format!("我已经试过：{}。", tried.join("；")));
            }
            if !other_tried.is_empty() {
                b.add(Part::OtherTried, format!("另外：{other_tried}。"));
            }
            let start = facts.id_start.map(date).unwrap_or_else(|| GAP_START.to_owned());
            let end = match facts.id_end {
                Some(ValidityEnd::Date(d)) => date(d),
                None | Some(ValidityEnd::LongTerm) => "长期".to_owned(),
            };
            b.add(
                Part::Required,
                format!(
                    "请协助处理。我的身份信息如下：\n姓名：{name_text}\n{doc}号码：{id_text}\n{doc}起始日期：{start}\n{doc}结束日期：{end}"
                ),
            );
            b.add(Part::Contact, format!("联系电话：{mobile_text}。谢谢！"));
            "长期身份证实名认证未成功"
        }
    };

    let (description, left_out) = b.finish();
    let mut notes: Vec<String> = missing
        .iter()
        .map(|m| match lang {
            Lang::ZhCn => format!("缺少{}，草稿里留了【请补充…】，请补上。", m.zh_cn),
            Lang::ZhTw => format!("缺少{}，草稿裡留了【请补充…】，請補上。", m.zh_tw),
            Lang::En => format!("Missing {}: the draft shows 【请补充…】 where it goes; fill it in.", m.en),
        })
        .collect();
    notes.extend(left_out.iter().map(|p| left_out_note(*p).get(lang).to_owned()));

    let draft = FeedbackDraft {
        consultant: name.to_owned(),
        consultant_type,
        id_type,
        id_number,
        mobile,
        email,
        category,
        title: title.to_owned(),
        description,
    };
    DraftProposal { case, summary: summary(case, &draft.mobile).get(lang).to_owned(), draft, notes }
}

fn left_out_note(part: Part) -> Text {
    match part {
        Part::Purpose => Text::new(
            "为了不超过 500 字，没有写办理执业药师注册的用途。",
            "為了不超過 500 字，沒有寫辦理執業藥師註冊的用途。",
            "To stay within 500 characters, the sentence about pharmacist registration was left out.",
        ),
        Part::Tried => Text::new(
            "为了不超过 500 字，没有写你已经试过的办法。",
            "為了不超過 500 字，沒有寫你已經試過的辦法。",
            "To stay within 500 characters, what you already tried was left out.",
        ),
        Part::OtherTried => Text::new(
            "为了不超过 500 字，你补充的内容被缩短或省略了。",
            "為了不超過 500 字，你補充的內容被縮短或省略了。",
            "To stay within 500 characters, your own notes were shortened or left out.",
        ),
        Part::Email => Text::new(
            "为了不超过 500 字，没有写更换邮箱的请求。",
            "為了不超過 500 字，沒有寫更換電子郵件的請求。",
            "To stay within 500 characters, the request to change the e-mail was left out.",
        ),
        Part::Contact => Text::new(
            "为了不超过 500 字，省略了结尾的联系方式。",
            "為了不超過 500 字，省略了結尾的聯絡方式。",
            "To stay within 500 characters, the closing line with your phone number was left out.",
        ),
        Part::Required => Text::new(
            "填写的信息太长，问题描述在 500 字处被截断了，请检查并修改。",
            "填寫的資料太長，問題描述在 500 字處被截斷了，請檢查並修改。",
            "What you entered is too long: the description was cut at 500 characters. Check and edit it.",
        ),
    }
}

fn summary(case: FeedbackCase, mobile: &str) -> Text {
    match case {
        FeedbackCase::AlreadyExists => Text {
            zh_cn: format!("草稿用简体中文写给工作人员：说明你是谁、实名绑定时提示“已经存在”、你试过什么，并请求把原账号的手机号换成 {mobile}。可以修改。"),
            zh_tw: format!("草稿用簡體中文寫給工作人員：說明你是誰、實名綁定時提示「已经存在」、你試過什麼，並請求把原帳號的手機號碼換成 {mobile}。可以修改。"),
            en: format!("The draft is in Simplified Chinese for the NMPA staff: it says who you are, that real-name binding reported the ID as already existing, what you tried, and asks them to put {mobile} on the old account. You can edit it."),
        },
        FeedbackCase::LostContact => Text {
            zh_cn: format!("草稿用简体中文写给工作人员：说明你是谁、忘记了密码、注册时的手机号和邮箱都用不了，并请求把账号的手机号换成 {mobile}。可以修改。"),
            zh_tw: format!("草稿用簡體中文寫給工作人員：說明你是誰、忘記了密碼、註冊時的手機號碼和電子郵件都用不了，並請求把帳號的手機號碼換成 {mobile}。可以修改。"),
            en: format!("The draft is in Simplified Chinese for the NMPA staff: it says who you are, that you forgot the password and can use neither the registration phone nor e-mail, and asks them to put {mobile} on the account. You can edit it."),
        },
        FeedbackCase::LongTermId => Text {
            zh_cn: "草稿用简体中文写给工作人员：说明长期身份证实名认证不成功，并列出姓名、身份证号码、起始日期和结束日期（长期）。可以修改。".into(),
            zh_tw: "草稿用簡體中文寫給工作人員：說明長期身分證實名認證不成功，並列出姓名、身分證號碼、起始日期和結束日期（長期）。可以修改。".into(),
            en: "The draft is in Simplified Chinese for the NMPA staff: it says real-name authentication fails with your long-term ID card and lists your name, ID number, start date and end date (长期, long-term). You can edit it.".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::check::check_draft;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).expect("date")
    }

    fn facts() -> CaseFacts {
        CaseFacts {
            name: "李明".into(),
            id_kind: DocumentKind::ResidentId,
            id_number: "11010519491231002x".into(),
            mobile: "139 1234 5678".into(),
            email: "liming@163.com".into(),
            tried: vec![Tried::PasswordReset, Tried::ContactedRegistrant],
            other_tried: String::new(),
            id_start: NaiveDate::from_ymd_opt(2015, 3, 7),
            id_end: Some(ValidityEnd::LongTerm),
            pharmacist: true,
        }
    }

    #[test]
    fn already_exists_says_who_what_was_tried_and_the_new_phone() {
        let p = draft_for(FeedbackCase::AlreadyExists, &facts(), Lang::En);
        let d = &p.draft;
        for needed in
            ["李明", "居民身份证", "11010519491231002X", "已经存在", "忘记密码", "13912345678", "执业药师", "更换为"]
        {
            assert!(d.description.contains(needed), "missing {needed}: {}", d.description);
        }
        assert_eq!(d.consultant, "李明");
        assert_eq!(d.consultant_type, "个人");
        assert_eq!(d.id_type, "居民身份证");
        assert_eq!(d.category, "账号绑定问题");
        assert_eq!(d.mobile, "13912345678");
        assert!(p.notes.is_empty(), "{:?}", p.notes);
        assert!(p.summary.contains("13912345678") && p.summary.contains("Simplified Chinese"));
        assert!(check_draft(d, today()).is_ok(), "{:?}", check_draft(d, today()));
    }

    #[test]
    fn lost_contact_asks_for_the_phone_change() {
        let p = draft_for(FeedbackCase::LostContact, &facts(), Lang::ZhCn);
        assert!(p.draft.description.contains("忘记了密码") && p.draft.description.contains("13912345678"));
        assert_eq!(p.draft.category, "登录问题");
        assert!(check_draft(&p.draft, today()).is_ok());
    }

    #[test]
    fn long_term_id_lists_the_four_facts() {
        let mut f = facts();
        f.tried = vec![Tried::CheckedIdDetails, Tried::CtidReregistered];
        let p = draft_for(FeedbackCase::LongTermId, &f, Lang::ZhTw);
        let text = &p.draft.description;
        for needed in [
            "姓名：李明",
            "身份证号码：11010519491231002X",
            "身份证起始日期：2015.03.07",
            "身份证结束日期：长期",
            "CTID",
        ] {
            assert!(text.contains(needed), "missing {needed}: {text}");
        }
        assert_eq!(p.draft.category, "实名认证问题");
        assert!(p.summary.contains("長期"));
        assert!(check_draft(&p.draft, today()).is_ok());
        // No end given reads as 长期 too; a missing start leaves a visible gap and a note.
        f.id_end = None;
        f.id_start = None;
        let p = draft_for(FeedbackCase::LongTermId, &f, Lang::En);
        assert!(p.draft.description.contains("结束日期：长期"));
        assert!(p.draft.description.contains(GAP_START));
        assert!(p.notes.iter().any(|n| n.contains("start date")), "{:?}", p.notes);
    }

    #[test]
    fn the_description_is_chinese_in_every_ui_language() {
        let drafts: Vec<FeedbackDraft> =
            Lang::ALL.iter().map(|l| draft_for(FeedbackCase::AlreadyExists, &facts(), *l).draft).collect();
        assert!(drafts.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn long_names_and_notes_stay_within_500() {
        for case in FeedbackCase::ALL {
            let mut f = facts();
            f.name = "阿".repeat(50);
            f.email = format!("{}@{}.com", "a".repeat(64), "b".repeat(180));
            f.tried = vec![
                Tried::PasswordReset,
                Tried::ContactedRegistrant,
                Tried::CheckedIdDetails,
                Tried::CtidReregistered,
            ];
            f.other_tried = "我还打过电话咨询，".repeat(40);
            let p = draft_for(case, &f, Lang::ZhCn);
            let len = portal_length(&p.draft.description);
            assert!(len <= 500, "{case:?}: {len}");
            assert!(!p.notes.is_empty(), "{case:?}: something must have been shortened");
            // The essentials survive: who, the number, the phone.
            assert!(p.draft.description.contains(&"阿".repeat(50)));
            assert!(p.draft.description.contains("11010519491231002X"));
            assert!(p.draft.description.contains("13912345678"));
            assert!(check_draft(&p.draft, today()).is_ok(), "{case:?}: {:?}", check_draft(&p.draft, today()));
        }
    }

    #[test]
    fn absurd_input_is_cut_and_reported() {
        let mut f = facts();
        f.name = "名".repeat(600);
        let p = draft_for(FeedbackCase::AlreadyExists, &f, Lang::En);
        assert_eq!(portal_length(&p.draft.description), 500);
        assert!(p.notes.iter().any(|n| n.contains("cut at 500")));
    }

    #[test]
    fn missing_facts_leave_gaps() {
        let p = draft_for(FeedbackCase::AlreadyExists, &CaseFacts::default(), Lang::ZhCn);
        assert!(p.draft.description.contains("【请补充姓名】"));
        assert!(p.draft.description.contains("【请补充手机号】"));
        assert_eq!(p.notes.len(), 3, "{:?}", p.notes);
        assert_eq!(p.draft.id_type, "居民身份证");
    }

    #[test]
    fn other_documents_are_named_as_such() {
        let mut f = facts();
        f.id_kind = DocumentKind::HkMacauPermit;
        f.id_number = "H12345678".into();
        let p = draft_for(FeedbackCase::LongTermId, &f, Lang::ZhCn);
        assert_eq!(p.draft.id_type, "港澳居民来往内地通行证");
        assert!(p.draft.description.contains("港澳居民来往内地通行证号码：H12345678"));
    }

    #[test]
    fn debug_masks_the_number() {
        let shown = format!("{:?}", facts());
        assert!(!shown.contains("11010519491231002"), "{shown}");
    }

    #[test]
    fn titles_fit_any_plausible_title_limit() {
        for case in FeedbackCase::ALL {
            let p = draft_for(case, &facts(), Lang::ZhCn);
            assert!(portal_length(&p.draft.title) <= 30, "{}", p.draft.title);
        }
    }
}
