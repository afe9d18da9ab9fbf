//! The scripts the shell runs in an official page, built from a form's data (`page.js` does
//! the work). `watch` carries the labels only, so a page that does not show the form never
//! receives what the applicant typed; `fill` and `login` carry values and are run only on a page
//! where `watch` found the form, when the applicant asks.

use serde::{Deserialize, Serialize};

use super::spec::{FillAction, FormSpec};
use crate::lang::{Lang, Text};

const PAGE_JS: &str = include_str!("page.js");

#[derive(Serialize)]
struct PageField<'a> {
    id: &'a str,
    labels: Vec<&'a str>,
    action: FillAction,
    /// Found only among password boxes.
    password: bool,
    /// A login name: with no known label, the text box before the password box.
    login: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
}

fn call(op: &str, data: &serde_json::Value) -> String {
    // JSON is valid JavaScript; `</script>` or quotes in a value stay inside their string.
    format!("(function (op, d) {{\n{PAGE_JS}\n}})({}, {data})", serde_json::Value::from(op))
}

fn fields<'a>(form: &'a FormSpec, value: impl Fn(&str) -> Option<&'a str>) -> Vec<PageField<'a>> {
    form.fields
        .iter()
        .filter(|f| f.kind.fill() != FillAction::Never)
        .map(|f| PageField {
            id: &f.id,
            labels: f.labels(),
            action: f.kind.fill(),
            password: f.kind.fill() == FillAction::Secret,
            login: f.kind == super::spec::FieldKind::Login,
            value: value(&f.id),
        })
        .collect()
}

/// How many fields must be found before the page counts as showing the form: half of those the
/// app types or picks (a page that renamed a few labels still counts; a page that merely
/// mentions 手机号 does not).
fn needed(form: &FormSpec) -> usize {
    let n = form.fields.iter().filter(|f| matches!(f.kind.fill(), FillAction::Type | FillAction::Pick)).count();
    n.div_ceil(2).max(1)
}

/// Whether the page shows `form` now, and a watcher (MutationObserver, hash and history
/// listeners) that keeps the answer current for [`PageStatus`]. No values.
pub fn watch(form: &FormSpec) -> String {
    let data = serde_json::json!({
        "form": form.id,
        "fields": fields(form, |_| None),
        "never": form.never_labels(),
        "need": needed(form),
    });
    call("watch", &data)
}

/// Ends the watcher (the applicant cancelled, or the fill is done).
pub fn stop() -> String {
    call("stop", &serde_json::json!({}))
}

/// What the page banner says after a fill; `{filled}` and `{total}` are counted by the page.
pub fn fill_banner() -> Text {
    Text::new(
        "申请助手填好了 {filled} / {total} 项。请逐项核对，没填好的照复制面板自己填；图形验证码由你自己输入，最后由你自己点“提交”。",
        "申請助手填好了 {filled} / {total} 項。請逐項核對，沒填好的照複製面板自己填；圖形驗證碼由你自己輸入，最後由你自己點「提交」。",
        "Applicant Assistant filled {filled} of {total} fields. Check each one and copy the rest from the copy panel; type the picture code yourself, then press “提交” (submit) yourself.",
    )
}

/// Types `values` (field id → value) into the form; run only where [`watch`] found it. Starts
/// the fill and returns at once; [`report`] reads the outcome.
pub fn fill(form: &FormSpec, values: &[(&str, &str)], nonce: &str, lang: Lang) -> String {
    let value = |id: &str| values.iter().find(|(k, _)| *k == id).map(|(_, v)| *v);
    let fields: Vec<PageField> = fields(form, |id| value(id))
        .into_iter()
        .filter(|f| f.value.is_some() && f.action != FillAction::Secret)
        .collect();
    let data = serde_json::json!({
        "form": form.id,
        "nonce": nonce,
        "fields": fields,
        "never": form.never_labels(),
        "need": needed(form),
        "banner": fill_banner().get(lang),
    });
    call("fill", &data)
}

/// The outcome of the fill started with `nonce`, or `null` while it runs.
pub fn report(nonce: &str) -> String {
    call("report", &serde_json::json!({ "nonce": nonce }))
}

/// Types a login name and password into the visible login form (never the human check). The
/// shell takes the password from the keychain and runs this only where [`watch`] found the form.
pub fn login(form: &FormSpec, login: &str, password: &str) -> String {
    let fields: Vec<PageField> = fields(form, |_| None)
        .into_iter()
        .filter_map(|mut f| {
            f.value = match f.action {
                FillAction::Secret => Some(password),
                FillAction::Type if f.login => Some(login),
                _ => return None,
            };
            Some(f)
        })
        .collect();
    let data = serde_json::json!({
        "form": form.id,
        "fields": fields,
        "never": form.never_labels(),
        "need": 1,
    });
    call("login", &data)
}

/// What an official window says when a link leads off the portal (shown in the page).
pub fn refused_text(host: &str) -> Text {
    Text {
        zh_cn: format!("申请助手的窗口只打开这个官方网站的页面。链接指向 {host}，没有打开。需要的话，请在自己的浏览器里打开。"),
        zh_tw: format!("申請助手的視窗只打開這個官方網站的頁面。連結指向 {host}，沒有打開。需要的話，請在自己的瀏覽器裡打開。"),
        en: format!("Applicant Assistant's window shows this official site only. The link leads to {host}, so it was not opened; open it in your own browser if you need it."),
    }
}

/// A banner in the page saying that a link was refused (no values, only the host's name).
pub fn refused(host: &str, lang: Lang) -> String {
    let text = serde_json::Value::from(refused_text(host).get(lang));
    format!(
        r#"(function (t) {{
  var old = document.getElementById('aa-refused');
  if (old) old.remove();
  var b = document.createElement('div');
  b.id = 'aa-refused';
  b.setAttribute('role', 'alert');
  b.style.cssText = 'position:fixed;left:0;right:0;bottom:0;z-index:2147483647;pointer-events:none;background:#d4351c;color:#fff;padding:12px 16px;font:18px/1.5 sans-serif;';
  b.textContent = t;
  (document.body || document.documentElement).appendChild(b);
  setTimeout(function () {{ b.remove(); }}, 12000);
  return true;
}})({text})"#
    )
}

/// What [`watch`] answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
pub struct PageStatus {
    /// The page shows the form now.
    pub present: bool,
    /// Fields found by their labels, and those not found.
    pub found: Vec<String>,
    pub missing: Vec<String>,
    pub url: String,
}

/// What happened to one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FieldStatus {
    Filled,
    /// No field with that label (or placeholder) on the page.
    NotFound,
    /// The list has no option with that text.
    NoOption,
    /// The drop-down did not open.
    NoList,
    /// Disabled or read-only on the page.
    NotEditable,
    /// The page did not keep the value.
    NotSet,
    /// A fixed field shows what it should.
    Checked,
    /// A fixed field shows something else.
    Differs,
}

/// One field's outcome. Never carries what was typed: only the page's own option texts
/// (`seen`) and what a fixed field shows.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
pub struct FieldOutcome {
    pub id: String,
    pub status: FieldStatus,
    #[serde(default)]
    pub seen: Vec<String>,
    #[serde(default)]
    pub shown: Option<String>,
}

/// What [`report`] answers once the fill is done.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
pub struct FillReport {
    pub fields: Vec<FieldOutcome>,
    /// The cursor was put into the picture-code box.
    #[serde(default)]
    pub focused_never: bool,
}

/// What [`login`] answers: per field id, `filled`, `not_found`, …
pub type LoginReport = std::collections::BTreeMap<String, FieldStatus>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::spec::form;

    fn data_of(script: &str) -> serde_json::Value {
        let start = script.rfind("})(").expect("call") + 3;
        let args = &script[start..script.len() - 1];
        let (_, json) = args.split_once(", ").expect("op, data");
        serde_json::from_str(json).expect("the data is JSON")
    }

    #[test]
    fn watch_carries_labels_and_no_values() {
        let f = form("nmpa_feedback").expect("form");
        let script = watch(&f);
        let d = data_of(&script);
        let ids: Vec<&str> = d["fields"].as_array().expect("fields").iter().filter_map(|f| f["id"].as_str()).collect();
        assert!(ids.contains(&"consultant") && ids.contains(&"category") && !ids.contains(&"captcha"));
        assert!(d["fields"].as_array().expect("fields").iter().all(|f| f.get("value").is_none()));
        assert_eq!(d["need"], 5, "half of the nine fields the app types or picks");
        assert!(d["never"].as_array().expect("never").iter().any(|l| l == "图形验证码"));
    }

    #[test]
    fn fill_carries_values_as_json_and_never_the_captcha() {
        let f = form("nmpa_feedback").expect("form");
        let values = [
            ("consultant", "王小明"),
            ("id_number", "11010519491231002X"),
            ("description", "\"引号\" 与 </script> 都要原样填入"),
            ("business_system", "网上办事大厅"),
            ("captcha", "1234"),
        ];
        let script = fill(&f, &values, "n1", Lang::ZhCn);
        let d = data_of(&script);
        let fields = d["fields"].as_array().expect("fields");
        assert_eq!(fields.len(), 4, "only fields with a value, and never the captcha");
        // In page order: 所属业务系统 (only checked) comes before 问题描述.
        assert_eq!(fields[2]["action"], "check");
        assert_eq!(fields[3]["value"], "\"引号\" 与 </script> 都要原样填入");
        assert!(!script.contains("1234"));
        assert!(d["banner"].as_str().is_some_and(|b| b.contains("图形验证码由你自己输入")));
    }

    #[test]
    fn the_page_script_never_submits() {
        // The only way the script presses anything refuses buttons, links and submit controls,
        // and nothing calls a form's submit or a raw click.
        assert!(!PAGE_JS.contains(".submit("));
        assert!(!PAGE_JS.contains(".click()"));
        assert!(PAGE_JS.contains("closest('button, a[href], input[type=\"submit\"]"));
        let report: FillReport = serde_json::from_value(serde_json::json!({
            "fields": [{"id": "category", "status": "no_option", "seen": ["其他"]}, {"id": "mobile", "status": "filled"}],
            "focused_never": true
        }))
        .expect("report");
        assert_eq!(report.fields[0].status, FieldStatus::NoOption);
    }

    #[test]
    fn a_refused_link_is_named_in_the_page_language() {
        let js = refused("www.baidu.com\"<b>", Lang::En);
        assert!(js.contains("was not opened"));
        assert!(js.contains(r#"www.baidu.com\"<b>"#), "the host is a JSON string: {js}");
        assert!(js.contains("textContent"), "never parsed as markup");
    }

    #[test]
    fn login_types_only_the_name_and_the_password() {
        let f = form("jszg_login").expect("form");
        let d = data_of(&login(&f, "11010519491231002X", "pa\"ss</script>"));
        let fields = d["fields"].as_array().expect("fields");
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0]["login"], true);
        assert_eq!(fields[1]["password"], true);
        assert_eq!(fields[1]["value"], "pa\"ss</script>");
        assert!(d["never"].as_array().expect("never").iter().any(|l| l == "向右滑动完成验证"));
    }
}
