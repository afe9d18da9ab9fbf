//! The script the shell runs in the official form's window to type a checked draft into it.
//!
//! Built here, not in the shell, so what is typed where is plain data plus a pure function that
//! the tests read. The script only sets field values and fires the events the page listens for;
//! it never presses submit and never touches the picture captcha except to put the cursor in it:
//! the applicant types the captcha and submits. A field whose element is missing is left for the
//! applicant (the selectors are not yet checked against the real page, see `nmpa_fill.toml`).

use serde::Serialize;

use super::{CleanDraft, FeedbackField, FillAction, FillData};
use crate::lang::{Lang, Text};

#[derive(Serialize)]
struct Step<'a> {
    field: FeedbackField,
    selector: &'a str,
    action: FillAction,
    value: &'a str,
}

/// What the banner on the official page says once the fields are filled.
pub fn fill_banner() -> Text {
    Text::new(
        "申请助手已按草稿填好表单。请核对各项，自己输入图形验证码，再点“提交”。",
        "申請助手已按草稿填好表單。請核對各項，自己輸入圖形驗證碼，再點「提交」。",
        "Applicant Assistant has filled in the form from your draft. Check every field, type the picture code yourself, then press “提交” (submit).",
    )
}

/// What the banner adds when some fields could not be found on the page.
pub fn fill_missing_note() -> Text {
    Text::new(
        "以下各项没找到，请照草稿手动填写：",
        "以下各項沒找到，請照草稿手動填寫：",
        "Fill these in by hand from your draft; they were not found on the page: ",
    )
}

/// The value the draft gives a field, or `None` for fields the fill never writes.
fn value_of(draft: &CleanDraft, field: FeedbackField) -> Option<&str> {
    Some(match field {
        FeedbackField::Consultant => &draft.consultant,
        FeedbackField::ConsultantType => &draft.consultant_type,
        FeedbackField::IdType => &draft.id_type,
        FeedbackField::IdNumber => &draft.id_number,
        FeedbackField::Mobile => &draft.mobile,
        FeedbackField::Email => &draft.email,
        FeedbackField::Category => &draft.category,
        FeedbackField::Title => &draft.title,
        FeedbackField::Description => &draft.description,
        FeedbackField::BusinessSystem | FeedbackField::Captcha => return None,
    })
}

/// JavaScript that fills the form once per page (a reload fills again), focuses the captcha and
/// shows a banner in `lang`. Pages without any of the form's fields are left alone, so the
/// script can run on every page the window loads while the applicant finds the form.
pub fn fill_script(fill: &FillData, draft: &CleanDraft, lang: Lang) -> String {
    let steps: Vec<Step> = fill
        .fields
        .iter()
        .filter(|f| f.action != FillAction::CheckOnly)
        .filter_map(|f| {
            value_of(draft, f.field).map(|value| Step {
                field: f.field,
                selector: &f.selector,
                action: f.action,
                value,
            })
        })
        .collect();
    let labels: serde_json::Map<String, serde_json::Value> = steps
        .iter()
        .filter_map(|s| match serde_json::to_value(s.field) {
            Ok(serde_json::Value::String(key)) => Some((key, field_label(s.field).into())),
            _ => None,
        })
        .collect();
    let data = serde_json::json!({
        "steps": steps,
        "labels": labels,
        "captcha": fill.captcha,
        "banner": fill_banner().get(lang),
        "missingNote": fill_missing_note().get(lang),
    });
    format!("(function(d){{{SCRIPT}}})({data});")
}

/// The form's own label (Simplified Chinese, as on the page), for the "fill by hand" list.
fn field_label(field: FeedbackField) -> String {
    super::nmpa_form()
        .ok()
        .and_then(|f| f.field(field))
        .map(|f| f.label.clone())
        .unwrap_or_else(|| format!("{field:?}"))
}

const SCRIPT: &str = r#"
if (window.__aaFilled) return;
var found = d.steps.filter(function (s) { return document.querySelector(s.selector); });
if (found.length === 0) return;
window.__aaFilled = true;
// What the fill sets off must not submit the form: a submit the applicant did not press (a page's
// own auto-submit on change) is cancelled for 3 s, and text fields get no `change` event at all.
var noAutoSubmit = function (e) { if (!e.isTrusted) { e.preventDefault(); e.stopImmediatePropagation(); } };
document.addEventListener('submit', noAutoSubmit, true);
setTimeout(function () { document.removeEventListener('submit', noAutoSubmit, true); }, 3000);
var missing = [];
d.steps.forEach(function (s) {
  var el = document.querySelector(s.selector);
  if (!el) { missing.push(d.labels[s.field] || s.field); return; }
  if (s.action === 'type') {
    var proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    var setter = Object.getOwnPropertyDescriptor(proto, 'value');
    if (setter && setter.set) setter.set.call(el, s.value); else el.value = s.value;
  } else if (s.action === 'select_by_text') {
    var hit = Array.prototype.find.call(el.options || [], function (o) { return o.text.trim() === s.value; });
    if (!hit) { missing.push(d.labels[s.field] || s.field); return; }
    el.value = hit.value;
  }
  el.dispatchEvent(new Event('input', { bubbles: true }));
  if (s.action !== 'type') el.dispatchEvent(new Event('change', { bubbles: true }));
});
var banner = document.createElement('div');
banner.id = 'aa-fill-banner';
banner.setAttribute('role', 'status');
banner.style.cssText = 'position:sticky;top:0;z-index:2147483647;background:#fff7d6;color:#0b0c0c;border:4px solid #0b0c0c;padding:12px 16px;font-size:20px;line-height:1.5;';
banner.textContent = d.banner + (missing.length ? ' ' + d.missingNote + missing.join('、') : '');
document.body.insertBefore(banner, document.body.firstChild);
document.documentElement.setAttribute('data-aa-filled', missing.length ? 'partial' : 'all');
var cap = document.querySelector(d.captcha);
if (cap) { cap.scrollIntoView({ block: 'center' }); cap.focus(); }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::{check_draft, nmpa_fill, FeedbackDraft};
    use chrono::NaiveDate;

    fn clean() -> CleanDraft {
        let draft = FeedbackDraft {
            consultant: "王小明".into(),
            consultant_type: "个人".into(),
            id_type: "居民身份证".into(),
            id_number: "11010519491231002X".into(),
            mobile: "13800138000".into(),
            email: "wang@example.com".into(),
            category: "账号绑定问题".into(),
            title: "实名绑定提示账号已存在".into(),
            description: "我叫王小明。\"引号\" 与 </script> 都要原样填入。".into(),
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        check_draft(&draft, today).expect("a valid draft")
    }

    #[test]
    fn script_carries_every_writable_field_and_never_the_captcha() {
        let fill = nmpa_fill().expect("fill data");
        let script = fill_script(fill, &clean(), Lang::ZhCn);
        for sel in ["#consultantName", "#idNumber", "#mobile", "#email", "#questionTitle", "#questionDescription"] {
            assert!(script.contains(&format!("\"{sel}\"")), "{sel} missing");
        }
        assert!(script.contains("11010519491231002X"));
        // The fixed business-system field is read only; the captcha is focused, not filled.
        assert!(!script.contains("\"business_system\",\"selector\""));
        assert!(!script.contains("\"field\":\"captcha\""));
        assert!(script.contains("\"captcha\":\"#captchaCode\""));
        assert!(!script.contains("click()"), "the applicant presses submit");
        // Issue 19: typed fields get no `change` (a page may submit on it), and a submit the
        // applicant did not press is cancelled while the fill settles.
        assert!(script.contains("if (s.action !== 'type') el.dispatchEvent(new Event('change'"));
        assert!(script.contains("if (!e.isTrusted) { e.preventDefault();"));
        assert!(script.contains("自己输入图形验证码"));
    }

    #[test]
    fn values_are_json_encoded_so_quotes_cannot_break_out() {
        let fill = nmpa_fill().expect("fill data");
        let script = fill_script(fill, &clean(), Lang::En);
        assert!(script.contains(r#"\"引号\""#), "quotes are escaped");
        assert!(script.contains("type the picture code yourself"));
        // The data object parses back as JSON.
        let start = script.rfind(")({").expect("call") + 2;
        let json = &script[start..script.len() - 2];
        let v: serde_json::Value = serde_json::from_str(json).expect("json");
        assert_eq!(v["steps"].as_array().map(Vec::len), Some(9));
    }
}
