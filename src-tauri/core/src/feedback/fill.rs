//! The feedback draft on the official page: the values the fill types (field id → value) and the
//! copy panel, both from the checked draft. The page script is the shared one
//! ([`crate::form::script`]): it finds each field by its visible label, never presses submit and
//! never touches the picture code.

use super::{nmpa_form, CleanDraft, FeedbackField, LookupDetails};
use crate::form::{FormDataError, Panel};

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
        FeedbackField::BusinessSystem => &draft.business_system,
        FeedbackField::Title => &draft.title,
        FeedbackField::Description => &draft.description,
        FeedbackField::Captcha => return None,
    })
}

/// Field id → value for the page fill and the copy panel (the fixed 所属业务系统 is only checked).
pub fn fill_values(draft: &CleanDraft) -> Vec<(&'static str, &str)> {
    FeedbackField::ALL.iter().filter_map(|f| value_of(draft, *f).map(|v| (f.key(), v))).collect()
}

/// The copy panel beside the official form.
pub fn copy_panel(draft: &CleanDraft) -> Result<Panel, FormDataError> {
    Ok(Panel::for_form(&*nmpa_form()?, &fill_values(draft), true))
}

/// The lookup page's values (在线办事反馈查询: 咨询人, 手机号, 电子邮箱) and its copy panel.
pub fn query_values(lookup: &LookupDetails) -> Vec<(&'static str, &str)> {
    vec![("consultant", &lookup.consultant), ("mobile", &lookup.mobile), ("email", &lookup.email)]
}

pub fn query_panel(lookup: &LookupDetails) -> Result<Panel, FormDataError> {
    Ok(Panel::for_form(&*crate::form::form("nmpa_feedback_query")?, &query_values(lookup), true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::{check_draft, FeedbackDraft};
    use crate::form::script;
    use crate::lang::Lang;
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
    fn every_writable_field_is_filled_by_its_label_and_never_the_captcha() {
        let c = clean();
        let values = fill_values(&c);
        assert_eq!(values.len(), 10);
        assert!(!values.iter().any(|(k, _)| *k == "captcha"));
        let script = script::fill(&nmpa_form().expect("form"), &values, "n", Lang::ZhCn);
        assert!(script.contains("11010519491231002X"));
        assert!(script.contains("\"咨询人证件号码\""), "fields are found by their labels");
        assert!(!script.contains("#consultantName"), "never by element ids");
        // The page that only might show the form gets the labels, never the draft.
        let watch = script::watch(&nmpa_form().expect("form"));
        for v in ["11010519491231002X", "王小明", "13800138000", "wang@example.com"] {
            assert!(!watch.contains(v), "{v} in the watch script");
        }
        assert!(!script.contains(".click()"), "the applicant presses submit");
        // Issue 19: a submit the applicant did not press is cancelled while the fill settles.
        assert!(script.contains("if (!e.isTrusted) { e.preventDefault();"));
    }

    #[test]
    fn the_copy_panel_holds_every_value_and_says_what_the_applicant_does() {
        let panel = copy_panel(&clean()).expect("panel");
        let ids: Vec<&str> = panel.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids.len(), 11);
        assert_eq!(panel.item("id_number").map(|i| i.value.as_str()), Some("11010519491231002X"));
        assert!(panel.item("description").is_some_and(|i| i.copy && !i.secret));
        assert!(panel.item("business_system").is_some_and(|i| !i.copy && i.value == "网上办事大厅"));
        assert!(panel.item("captcha").is_some_and(|i| !i.copy && i.note.is_some()));
        let query = query_panel(&LookupDetails {
            consultant: "王小明".into(),
            mobile: "13800138000".into(),
            email: "wang@example.com".into(),
        })
        .expect("query panel");
        assert_eq!(query.items.len(), 4);
        assert!(query.can_fill);
    }
}
