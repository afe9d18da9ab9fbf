//! The feedback form's data: the shared form description (`data/forms/nmpa_feedback.toml`,
//! through [`crate::form`]) with the rules only this form has, and the category each drafted
//! case picks (`data/feedback/cases.toml`).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::check::{DESCRIPTION_MAX_CHARS, EMAIL_MAX_CHARS, ID_NUMBER_MAX_CHARS, NAME_MAX_CHARS, TITLE_MAX_CHARS};
use super::draft::FeedbackCase;
use super::FeedbackField;
use crate::content::{Cached, ContentSet};
use crate::form::spec::invalid;
pub use crate::form::{ChoiceList, ChoiceOption, FieldKind, FormDataError};
use crate::form::{FieldSpec, FormSpec};

/// Where the cases live in the content pack.
const CASES_PATH: &str = "data/feedback/cases.toml";

/// The form: the one description every form shares ([`FormSpec`]).
pub type FormDef = FormSpec;
/// One field of it.
pub type FieldDef = FieldSpec;

/// Which category a drafted case chooses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CaseDefault {
    pub case: FeedbackCase,
    pub category: String,
    /// The guide (flow id) whose feedback step is this case.
    pub flow: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CasesFile {
    case: Vec<CaseDefault>,
}

/// The limits the checks use, which the data must repeat.
fn rule_limit(field: FeedbackField) -> Option<u32> {
    let n = match field {
        FeedbackField::Consultant => NAME_MAX_CHARS,
        FeedbackField::IdNumber => ID_NUMBER_MAX_CHARS,
        FeedbackField::Mobile => 11,
        FeedbackField::Email => EMAIL_MAX_CHARS,
        FeedbackField::Title => TITLE_MAX_CHARS,
        FeedbackField::Description => DESCRIPTION_MAX_CHARS,
        _ => return None,
    };
    u32::try_from(n).ok()
}

/// What only the feedback form must satisfy: exactly its eleven fields in page order, the
/// checks' limits, a checker for every document type.
fn validate_form(form: &FormSpec) -> Result<(), FormDataError> {
    let ids: Vec<&str> = form.fields.iter().map(|f| f.id.as_str()).collect();
    let want: Vec<&str> = FeedbackField::ALL.iter().map(|f| f.key()).collect();
    if ids != want {
        return Err(invalid(format!("fields must be exactly {want:?} in page order, found {ids:?}")));
    }
    for f in &form.fields {
        let field = FeedbackField::from_key(&f.id).ok_or_else(|| invalid(format!("unknown field `{}`", f.id)))?;
        if f.max_chars != rule_limit(field) {
            return Err(invalid(format!(
                "field {field:?}: max_chars {:?} differs from the check's {:?}",
                f.max_chars,
                rule_limit(field)
            )));
        }
        let expected_choice =
            matches!(field, FeedbackField::ConsultantType | FeedbackField::IdType | FeedbackField::Category);
        if (f.kind == FieldKind::Choice) != expected_choice || (f.kind == FieldKind::Choice && f.choices.is_none()) {
            return Err(invalid(format!("field {field:?} has the wrong kind or no list")));
        }
    }
    if let Some(list) = form.choice_list(FeedbackField::IdType.key()) {
        if list.options.iter().any(|o| o.document_kind.is_none()) {
            return Err(invalid("every document type needs a document_kind, so its number can be checked"));
        }
    }
    Ok(())
}

fn parse_cases(src: &str, form: &FormSpec) -> Result<Vec<CaseDefault>, FormDataError> {
    let file: CasesFile =
        toml::from_str(src).map_err(|e| FormDataError::Parse { file: "cases.toml".into(), message: e.to_string() })?;
    for case in FeedbackCase::ALL {
        let list = form.choice_list(FeedbackField::Category.key());
        match file.case.iter().find(|c| c.case == case).map(|c| c.category.as_str()) {
            Some(cat) if list.is_some_and(|l| l.find(cat).is_some()) => {}
            other => return Err(invalid(format!("case {case:?}: category {other:?} is not in the category list"))),
        }
    }
    Ok(file.case)
}

/// The form and its cases, as the content in use has them.
#[derive(Debug)]
struct FeedbackData {
    form: Arc<FormSpec>,
    cases: Vec<CaseDefault>,
}

fn load(set: &ContentSet) -> Result<FeedbackData, FormDataError> {
    let form = crate::form::form("nmpa_feedback")?;
    validate_form(&form)?;
    let cases = parse_cases(set.text(CASES_PATH).unwrap_or_default(), &form)?;
    let flows = crate::catalog::topic_ids();
    if let Some(c) = cases.iter().find(|c| !flows.contains(&c.flow)) {
        return Err(invalid(format!("case {:?}: `{}` is not a guide", c.case, c.flow)));
    }
    Ok(FeedbackData { form, cases })
}

fn data() -> Arc<Result<FeedbackData, FormDataError>> {
    static CELL: Cached<Result<FeedbackData, FormDataError>> = Cached::new();
    CELL.get(load)
}

/// The content check for packs (the forms themselves are checked by [`crate::form`]).
pub(crate) fn check(set: &ContentSet) -> Result<(), String> {
    load(set).map(|_| ()).map_err(|e| e.to_string())
}

/// The NMPA feedback form: fields in page order with the labels the page shows, drop-down lists.
pub fn nmpa_form() -> Result<Arc<FormDef>, FormDataError> {
    data().as_ref().as_ref().map(|d| d.form.clone()).map_err(Clone::clone)
}

/// The category and guide of each drafted case.
pub fn cases() -> Result<Vec<CaseDefault>, FormDataError> {
    data().as_ref().as_ref().map(|d| d.cases.clone()).map_err(Clone::clone)
}

/// The category a drafted case picks.
pub fn category_for(case: FeedbackCase) -> Option<String> {
    cases().ok()?.into_iter().find(|c| c.case == case).map(|c| c.category)
}

/// The case a guide's feedback step drafts (`None` for guides without one).
pub fn case_for_flow(flow_id: &str) -> Option<FeedbackCase> {
    cases().ok()?.iter().find(|c| c.flow == flow_id).map(|c| c.case)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::DocumentKind;

    #[test]
    fn bundled_data_is_valid() {
        let form = nmpa_form().expect("form data");
        assert_eq!(form.field("description").and_then(|f| f.max_chars), Some(500));
        assert!(form.field("description").is_some_and(|f| f.max_confirmed));
        assert_eq!(form.field("business_system").and_then(|f| f.value.as_deref()), Some("网上办事大厅"));
        assert_eq!(form.entry, "https://zwfw.nmpa.gov.cn/web/index");
        assert!(!form.checked_against_real_page, "flip only after checking the real page");
    }

    #[test]
    fn every_case_belongs_to_a_guide() {
        let flows = crate::guide::flow_ids();
        for case in FeedbackCase::ALL {
            let cases = cases().expect("cases");
            let flow = &cases.iter().find(|c| c.case == case).expect("case listed").flow;
            assert!(flows.contains(flow), "{flow} is not a guide");
            assert_eq!(case_for_flow(flow), Some(case));
        }
        assert_eq!(case_for_flow("jszg_register"), None);
    }

    #[test]
    fn labels_are_the_pages() {
        let form = nmpa_form().expect("form data");
        let labels: Vec<&str> = form.fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "咨询人",
                "咨询人类型",
                "咨询人证件类型",
                "咨询人证件号码",
                "手机号",
                "电子邮箱",
                "问题分类",
                "所属业务系统",
                "问题标题",
                "问题描述",
                "图形验证码"
            ]
        );
        // Everything but 所属业务系统 carries the page's `*`.
        let optional: Vec<&str> = form.fields.iter().filter(|f| !f.required).map(|f| f.id.as_str()).collect();
        assert_eq!(optional, ["business_system"]);
        // The select's placeholder is matched too.
        assert!(form.field("consultant_type").is_some_and(|f| f.labels().contains(&"请选择咨询人类型")));
    }

    #[test]
    fn unlisted_options_are_marked_unconfirmed() {
        let form = nmpa_form().expect("form data");
        assert!(form.choices.iter().all(|c| !c.confirmed && c.note.is_some()));
        let ids = form.choice_list("id_type").expect("id types");
        assert_eq!(ids.default_value(), Some("居民身份证"));
        assert_eq!(ids.find("居民身份证").and_then(|o| o.document_kind), Some(DocumentKind::ResidentId));
    }

    #[test]
    fn broken_data_is_refused() {
        let good = include_str!("../../data/forms/nmpa_feedback.toml");
        let parse = |src: &str| crate::form::spec::parse("nmpa_feedback.toml", src).and_then(|f| validate_form(&f));
        assert!(parse(good).is_ok());
        assert!(matches!(
            parse(&good.replacen("max_chars = 500", "max_chars = 400", 1)),
            Err(FormDataError::Invalid(_))
        ));
        assert!(parse(&good.replacen("id = \"title\"", "id = \"titel\"", 1)).is_err());
        let form = nmpa_form().expect("form");
        let cases = include_str!("../../data/feedback/cases.toml");
        let bad_case = cases.replacen("category = \"实名认证问题\"", "category = \"不存在\"", 1);
        assert!(parse_cases(&bad_case, &form).is_err());
    }
}
