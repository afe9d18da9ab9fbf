//! The copy panel: every value of a form the app drafted, each with a one-tap copy, for the
//! applicant to type into the official page by hand. It works whatever the page's structure,
//! so it is the fallback that always works; the fill is the convenience. The panel also says
//! what the fill did to each field.

use serde::Serialize;

use super::script::{FieldOutcome, FieldStatus};
use super::spec::{FillAction, FormSpec};
use crate::catalog::Portal;
use crate::lang::Text;

/// One value to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct PanelItem {
    /// The field's id in its form (or the panel's own key).
    pub id: String,
    /// The label as the page shows it (Chinese on every UI language).
    pub label: String,
    /// What goes there, in the applicant's language.
    pub hint: Option<Text>,
    /// The value to copy. Empty for a secret (the shell copies it from the keychain) and for
    /// fields the applicant does themselves.
    pub value: String,
    /// Copy button: a value or a secret. False for the picture code and fixed fields.
    pub copy: bool,
    /// A password: never shown, copied from the keychain.
    pub secret: bool,
    /// Several lines (a description, an e-mail body).
    pub multiline: bool,
    /// Why there is nothing to copy (the applicant types the picture code; the page shows it).
    pub note: Option<Text>,
}

/// A panel: the values of one form, and what can be done from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Panel {
    pub title: Text,
    /// The form it belongs to (for the fill), if it is a form on an official page.
    pub form: Option<String>,
    pub portal: Option<Portal>,
    /// How to get to the form on the official site.
    pub how_to_reach: Option<Text>,
    pub items: Vec<PanelItem>,
    /// The app can type these values into the page when asked.
    pub can_fill: bool,
    /// The login helper can type the user name and password (from the keychain).
    pub can_login: bool,
}

fn never_note() -> Text {
    Text::new(
        "这一项由你自己在网页上完成，助手不会代填。",
        "這一項由你自己在網頁上完成，助手不會代填。",
        "You do this one yourself on the page; the assistant never fills it in.",
    )
}

fn fixed_note() -> Text {
    Text::new("页面上已经显示，不用填。", "頁面上已經顯示，不用填。", "The page shows it already; leave it.")
}

fn secret_note() -> Text {
    Text::new(
        "密码不会显示。点“复制”从系统钥匙串复制，30 秒后自动从剪贴板清除。",
        "密碼不會顯示。點「複製」從系統鑰匙圈複製，30 秒後自動從剪貼簿清除。",
        "The password is never shown. “Copy” copies it from the system keychain; the clipboard is cleared after 30 seconds.",
    )
}

impl Panel {
    /// A panel for a form on an official page, with the values the app drafted (field id →
    /// value). Fields without a value are left out, except those the applicant does themselves.
    pub fn for_form(form: &FormSpec, values: &[(&str, &str)], can_fill: bool) -> Panel {
        let items = form
            .fields
            .iter()
            .filter_map(|f| {
                let value = values.iter().find(|(k, _)| *k == f.id).map(|(_, v)| (*v).to_owned());
                let action = f.kind.fill();
                let (copy, secret, note) = match action {
                    FillAction::Never => (false, false, Some(never_note())),
                    FillAction::Check => (false, false, Some(fixed_note())),
                    FillAction::Secret => (true, true, Some(secret_note())),
                    FillAction::Type | FillAction::Pick => (true, false, None),
                };
                if value.is_none() && matches!(action, FillAction::Type | FillAction::Pick) {
                    return None;
                }
                let value = match action {
                    FillAction::Secret | FillAction::Never => String::new(),
                    FillAction::Check => f.value.clone().unwrap_or_default(),
                    _ => value.unwrap_or_default(),
                };
                Some(PanelItem {
                    id: f.id.clone(),
                    label: f.label.clone(),
                    hint: Some(f.hint.clone()),
                    multiline: value.contains('\n'),
                    value,
                    copy,
                    secret,
                    note,
                })
            })
            .collect();
        let can_login = form.fields.iter().any(|f| f.kind.fill() == FillAction::Secret);
        Panel {
            title: form.title.clone(),
            form: Some(form.id.clone()),
            portal: Some(form.portal),
            how_to_reach: Some(form.how_to_reach.clone()),
            items,
            can_fill: can_fill && !can_login,
            can_login,
        }
    }

    pub fn item(&self, id: &str) -> Option<&PanelItem> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// What the panel says about one field after a fill, in every language. `None` when filled.
pub fn outcome_text(form: &FormSpec, outcome: &FieldOutcome) -> Option<Text> {
    let label = form.field(&outcome.id).map_or(outcome.id.as_str(), |f| f.label.as_str());
    let seen = outcome.seen.join("、");
    let shown = outcome.shown.clone().unwrap_or_default();
    Some(match outcome.status {
        FieldStatus::Filled | FieldStatus::Checked => return None,
        FieldStatus::NotFound => Text {
            zh_cn: format!("页面上没找到“{label}”，请照面板上的内容自己填。"),
            zh_tw: format!("頁面上沒找到「{label}」，請照面板上的內容自己填。"),
            en: format!("“{label}” was not found on the page: copy it by hand from the panel."),
        },
        FieldStatus::NoOption if seen.is_empty() => Text {
            zh_cn: format!("“{label}”的列表里没有这一项，请自己选最接近的一项。"),
            zh_tw: format!("「{label}」的清單裡沒有這一項，請自己選最接近的一項。"),
            en: format!("The list “{label}” has no such option: choose the closest one yourself."),
        },
        FieldStatus::NoOption => Text {
            zh_cn: format!("“{label}”的列表里没有这一项（页面上的选项：{seen}），请自己选最接近的一项。"),
            zh_tw: format!("「{label}」的清單裡沒有這一項（頁面上的選項：{seen}），請自己選最接近的一項。"),
            en: format!(
                "The list “{label}” has no such option (the page offers: {seen}): choose the closest one yourself."
            ),
        },
        FieldStatus::NoList => Text {
            zh_cn: format!("“{label}”的下拉列表没有打开，请自己选。"),
            zh_tw: format!("「{label}」的下拉清單沒有打開，請自己選。"),
            en: format!("The drop-down “{label}” did not open: choose it yourself."),
        },
        FieldStatus::NotEditable => Text {
            zh_cn: format!("页面上的“{label}”现在不能修改，请看看是不是要先选别的项。"),
            zh_tw: format!("頁面上的「{label}」現在不能修改，請看看是不是要先選別的項。"),
            en: format!("“{label}” cannot be changed on the page now: it may need another choice first."),
        },
        FieldStatus::NotSet => Text {
            zh_cn: format!("页面没有接受“{label}”的内容，请照面板自己填。"),
            zh_tw: format!("頁面沒有接受「{label}」的內容，請照面板自己填。"),
            en: format!("The page did not take “{label}”: copy it by hand from the panel."),
        },
        FieldStatus::Differs => Text {
            zh_cn: format!("页面上的“{label}”显示“{shown}”，和草稿不一样，请核对。"),
            zh_tw: format!("頁面上的「{label}」顯示「{shown}」，和草稿不一樣，請核對。"),
            en: format!("“{label}” on the page shows “{shown}”, not what the draft says: check it."),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::spec::form;

    #[test]
    fn a_form_panel_lists_values_and_what_the_applicant_does() {
        let f = form("nmpa_feedback_query").expect("form");
        let panel = Panel::for_form(&f, &[("consultant", "王小明"), ("mobile", "13800138000")], true);
        let ids: Vec<&str> = panel.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["consultant", "mobile", "captcha"], "no e-mail given, so none listed");
        let captcha = panel.item("captcha").expect("captcha");
        assert!(!captcha.copy && captcha.value.is_empty() && captcha.note.is_some());
        assert!(panel.can_fill && !panel.can_login);
        assert_eq!(panel.how_to_reach.as_ref().map(|t| t.zh_cn.contains("在线办事反馈查询")), Some(true));
    }

    #[test]
    fn a_login_panel_never_holds_the_password() {
        let f = form("cpta_login").expect("form");
        let panel = Panel::for_form(&f, &[("username", "liming"), ("password", "secret-pw")], true);
        let pw = panel.item("password").expect("password");
        assert!(pw.secret && pw.copy && pw.value.is_empty());
        assert!(!format!("{panel:?}").contains("secret-pw"));
        assert!(panel.can_login && !panel.can_fill);
    }

    #[test]
    fn outcomes_name_the_field_and_the_page_options() {
        let f = form("nmpa_feedback").expect("form");
        let o = FieldOutcome {
            id: "category".into(),
            status: FieldStatus::NoOption,
            seen: vec!["账号问题".into(), "其他".into()],
            shown: None,
        };
        let t = outcome_text(&f, &o).expect("text");
        assert!(t.zh_cn.contains("“问题分类”") && t.zh_cn.contains("账号问题、其他"), "{}", t.zh_cn);
        assert!(!t.has_blank());
        let filled = FieldOutcome { status: FieldStatus::Filled, ..o };
        assert_eq!(outcome_text(&f, &filled), None);
    }
}
