//! The form definition and the fill selectors, compiled in from `data/feedback/`.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::check::{DESCRIPTION_MAX_CHARS, EMAIL_MAX_CHARS, ID_NUMBER_MAX_CHARS, NAME_MAX_CHARS, TITLE_MAX_CHARS};
use super::draft::FeedbackCase;
use super::FeedbackField;
use crate::identity::DocumentKind;
use crate::lang::Text;

const FORM_TOML: &str = include_str!("../../data/feedback/nmpa_feedback.toml");
const FILL_TOML: &str = include_str!("../../data/feedback/nmpa_fill.toml");

/// How a field is entered on the official page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Choice,
    IdNumber,
    Mobile,
    Email,
    Textarea,
    /// Shown by the page with a fixed value (所属业务系统 = 网上办事大厅); never typed.
    Fixed,
    /// The picture captcha: always typed by the applicant, never drafted or filled.
    Captcha,
}

/// One field of the official form, in page order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    pub id: FeedbackField,
    /// The label exactly as the portal shows it (Chinese on every UI language).
    pub label: String,
    pub kind: FieldKind,
    /// Marked with `*` on the page.
    pub required: bool,
    /// The longest value accepted, in characters as the page counts them.
    #[serde(default)]
    pub max_chars: Option<u32>,
    /// True when the limit is the portal's own (the 500 of 问题描述); false for the app's limits.
    #[serde(default)]
    pub max_confirmed: bool,
    /// For choice fields: the id of the list in [`FormDef::choices`].
    #[serde(default)]
    pub choices: Option<String>,
    /// For fixed fields: the value the page shows.
    #[serde(default)]
    pub value: Option<String>,
    /// What to put in it, in the applicant's language.
    pub hint: Text,
}

/// One option of a drop-down list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// The option's text on the page, which is also what the fill selects by.
    pub value: String,
    /// How the app shows it.
    pub label: Text,
    /// For the document-type list: which checker the number goes through.
    #[serde(default)]
    pub document_kind: Option<DocumentKind>,
    /// Preselected in a new draft.
    #[serde(default)]
    pub default: bool,
}

/// A drop-down list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ChoiceList {
    pub id: String,
    /// False when the options were not seen on the official page (the seed lists none).
    pub confirmed: bool,
    /// Why the list is unconfirmed, shown beside it.
    #[serde(default)]
    pub note: Option<Text>,
    #[serde(rename = "option")]
    pub options: Vec<ChoiceOption>,
}

impl ChoiceList {
    pub fn find(&self, value: &str) -> Option<&ChoiceOption> {
        self.options.iter().find(|o| o.value == value)
    }

    pub fn default_value(&self) -> Option<&str> {
        self.options.iter().find(|o| o.default).map(|o| o.value.as_str())
    }
}

/// Which category a drafted case chooses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CaseDefault {
    pub case: FeedbackCase,
    pub category: String,
    /// The guide (flow id) whose feedback step is this case.
    pub flow: String,
}

/// The whole form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct FormDef {
    pub id: String,
    pub title: Text,
    /// Where the field list comes from.
    pub source: String,
    #[serde(rename = "field")]
    pub fields: Vec<FieldDef>,
    pub choices: Vec<ChoiceList>,
    #[serde(rename = "case")]
    pub cases: Vec<CaseDefault>,
}

impl FormDef {
    pub fn field(&self, id: FeedbackField) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The list behind a choice field.
    pub fn choice_list(&self, field: FeedbackField) -> Option<&ChoiceList> {
        let list = self.field(field)?.choices.as_deref()?;
        self.choices.iter().find(|c| c.id == list)
    }

    pub fn category_for(&self, case: FeedbackCase) -> Option<&str> {
        self.cases.iter().find(|c| c.case == case).map(|c| c.category.as_str())
    }

    /// The case a guide's feedback step drafts (`None` for guides without one).
    pub fn case_for_flow(&self, flow_id: &str) -> Option<FeedbackCase> {
        self.cases.iter().find(|c| c.flow == flow_id).map(|c| c.case)
    }
}

/// How the fill sets a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FillAction {
    /// Set the value of an input or textarea (and fire `input`/`change` so counters update).
    Type,
    /// Pick the option whose visible text equals the value; leave the list alone when none does.
    SelectByText,
    /// Read a fixed field to confirm what it shows; never write it.
    CheckOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct FieldSelector {
    pub field: FeedbackField,
    /// A CSS selector.
    pub selector: String,
    pub action: FillAction,
}

/// The lookup page for questions sent while not logged in (在线办事反馈查询).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct QuerySelectors {
    pub consultant: String,
    pub mobile: String,
    pub email: String,
    /// Only to focus it: the applicant types the captcha.
    pub captcha: String,
    pub submit: String,
}

/// Where the form's fields are on one portal's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct FillData {
    /// The form these selectors fill ([`FormDef::id`]).
    pub form: String,
    pub portal: String,
    /// The only host the fill window may show.
    pub host: String,
    pub entry_url: String,
    pub form_url_known: bool,
    /// False while the selectors describe the local simulator only.
    pub checked_against_real_page: bool,
    /// Only to focus it: the applicant types the captcha.
    pub captcha: String,
    pub submit: String,
    #[serde(default)]
    pub description_counter: Option<String>,
    #[serde(rename = "field")]
    pub fields: Vec<FieldSelector>,
    pub query: QuerySelectors,
}

/// Why the compiled-in data is unusable. The tests make sure this never happens in a release.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum FormDataError {
    #[error("{file} does not parse: {message}")]
    Parse { file: String, message: String },
    #[error("invalid form data: {0}")]
    Invalid(String),
}

fn invalid(msg: impl Into<String>) -> FormDataError {
    FormDataError::Invalid(msg.into())
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

pub(crate) fn parse_form(src: &str) -> Result<FormDef, FormDataError> {
    let form: FormDef = toml::from_str(src)
        .map_err(|e| FormDataError::Parse { file: "nmpa_feedback.toml".into(), message: e.to_string() })?;
    validate_form(&form)?;
    Ok(form)
}

fn validate_form(form: &FormDef) -> Result<(), FormDataError> {
    if form.title.has_blank() {
        return Err(invalid("form title blank in some language"));
    }
    let ids: Vec<FeedbackField> = form.fields.iter().map(|f| f.id).collect();
    if ids != FeedbackField::ALL {
        return Err(invalid(format!("fields must be exactly {:?} in page order, found {ids:?}", FeedbackField::ALL)));
    }
    let mut list_ids = HashSet::new();
    for list in &form.choices {
        if !list_ids.insert(list.id.as_str()) {
            return Err(invalid(format!("choice list `{}` appears twice", list.id)));
        }
        if list.options.is_empty() {
            return Err(invalid(format!("choice list `{}` is empty", list.id)));
        }
        if !list.confirmed && list.note.as_ref().map_or(true, Text::has_blank) {
            return Err(invalid(format!("unconfirmed list `{}` needs a note in every language", list.id)));
        }
        if list.options.iter().filter(|o| o.default).count() > 1 {
            return Err(invalid(format!("list `{}` has more than one default", list.id)));
        }
        let mut values = HashSet::new();
        for o in &list.options {
            if o.value.trim().is_empty() || o.value.trim() != o.value || o.label.has_blank() {
                return Err(invalid(format!("list `{}` has a blank or padded option", list.id)));
            }
            if !values.insert(o.value.as_str()) {
                return Err(invalid(format!("list `{}` repeats `{}`", list.id, o.value)));
            }
        }
    }
    for f in &form.fields {
        if f.label.trim().is_empty() || f.hint.has_blank() {
            return Err(invalid(format!("field {:?} has a blank label or hint", f.id)));
        }
        let needs_list = f.kind == FieldKind::Choice;
        match f.choices.as_deref() {
            Some(list) if needs_list => {
                if !list_ids.contains(list) {
                    return Err(invalid(format!("field {:?} names unknown list `{list}`", f.id)));
                }
            }
            None if !needs_list => {}
            _ => return Err(invalid(format!("field {:?}: a list belongs to choice fields only", f.id))),
        }
        if (f.kind == FieldKind::Fixed) != f.value.is_some() {
            return Err(invalid(format!("field {:?}: a value belongs to fixed fields only", f.id)));
        }
        if f.max_chars != rule_limit(f.id) {
            return Err(invalid(format!(
                "field {:?}: max_chars {:?} differs from the check's {:?}",
                f.id,
                f.max_chars,
                rule_limit(f.id)
            )));
        }
    }
    if let Some(list) = form.choice_list(FeedbackField::IdType) {
        if list.options.iter().any(|o| o.document_kind.is_none()) {
            return Err(invalid("every document type needs a document_kind, so its number can be checked"));
        }
    }
    for case in FeedbackCase::ALL {
        let list = form.choice_list(FeedbackField::Category);
        match form.category_for(case) {
            Some(cat) if list.is_some_and(|l| l.find(cat).is_some()) => {}
            other => return Err(invalid(format!("case {case:?}: category {other:?} is not in the category list"))),
        }
    }
    Ok(())
}

pub(crate) fn parse_fill(src: &str, form: &FormDef) -> Result<FillData, FormDataError> {
    let fill: FillData = toml::from_str(src)
        .map_err(|e| FormDataError::Parse { file: "nmpa_fill.toml".into(), message: e.to_string() })?;
    if fill.form != form.id {
        return Err(invalid(format!("selectors are for form `{}`, not `{}`", fill.form, form.id)));
    }
    if fill.host.contains('/') || fill.host.contains(':') || fill.host.trim().is_empty() {
        return Err(invalid("host must be a bare host name"));
    }
    if !fill.entry_url.starts_with(&format!("https://{}/", fill.host)) {
        return Err(invalid("entry_url must be https on the allowed host"));
    }
    // Every field the app writes or checks has exactly one selector; the captcha has its own.
    let wanted: Vec<FeedbackField> = FeedbackField::ALL.into_iter().filter(|f| *f != FeedbackField::Captcha).collect();
    let found: Vec<FeedbackField> = fill.fields.iter().map(|s| s.field).collect();
    if found != wanted {
        return Err(invalid(format!("selectors must cover {wanted:?} in order, found {found:?}")));
    }
    for s in &fill.fields {
        let Some(def) = form.field(s.field) else {
            return Err(invalid(format!("selector for unknown field {:?}", s.field)));
        };
        let expected = match def.kind {
            FieldKind::Choice => FillAction::SelectByText,
            FieldKind::Fixed => FillAction::CheckOnly,
            _ => FillAction::Type,
        };
        if s.action != expected {
            return Err(invalid(format!("field {:?} should use {expected:?}", s.field)));
        }
    }
    let q = &fill.query;
    let all: Vec<&str> = fill
        .fields
        .iter()
        .map(|s| s.selector.as_str())
        .chain([fill.captcha.as_str(), fill.submit.as_str()])
        .chain(fill.description_counter.as_deref())
        .collect();
    let query = [&q.consultant, &q.mobile, &q.email, &q.captcha, &q.submit];
    for sel in all.iter().copied().chain(query.iter().map(|s| s.as_str())) {
        if !plausible_selector(sel) {
            return Err(invalid(format!("`{sel}` is not a plain CSS selector")));
        }
    }
    let mut seen = HashSet::new();
    if let Some(dup) = all.iter().find(|s| !seen.insert(**s)) {
        return Err(invalid(format!("selector `{dup}` used twice on the form page")));
    }
    Ok(fill)
}

/// A conservative shape check: non-empty, no quotes or braces that could break out of the
/// script the shell builds around it, no white space at the ends.
fn plausible_selector(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s.chars().any(|c| matches!(c, '\'' | '"' | '`' | '\\' | '{' | '}' | ';' | '<' | '>' | '\n' | '\r'))
}

fn bundled() -> &'static Result<(FormDef, FillData), FormDataError> {
    static CELL: OnceLock<Result<(FormDef, FillData), FormDataError>> = OnceLock::new();
    CELL.get_or_init(|| {
        let form = parse_form(FORM_TOML)?;
        let fill = parse_fill(FILL_TOML, &form)?;
        Ok((form, fill))
    })
}

/// The NMPA feedback form: fields in page order, drop-down lists, category per case.
pub fn nmpa_form() -> Result<&'static FormDef, FormDataError> {
    bundled().as_ref().map(|(f, _)| f).map_err(Clone::clone)
}

/// Where the NMPA feedback form's fields are on the page (see the file's caveat: simulator
/// selectors until `checked_against_real_page`).
pub fn nmpa_fill() -> Result<&'static FillData, FormDataError> {
    bundled().as_ref().map(|(_, s)| s).map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_data_is_valid() {
        let form = nmpa_form().expect("form data");
        let fill = nmpa_fill().expect("fill data");
        assert_eq!(form.field(FeedbackField::Description).and_then(|f| f.max_chars), Some(500));
        assert!(form.field(FeedbackField::Description).is_some_and(|f| f.max_confirmed));
        assert_eq!(form.field(FeedbackField::BusinessSystem).and_then(|f| f.value.as_deref()), Some("网上办事大厅"));
        assert_eq!(fill.host, "zwfw.nmpa.gov.cn");
        assert!(!fill.checked_against_real_page, "flip only after checking the real page");
    }

    #[test]
    fn every_case_belongs_to_a_guide() {
        let form = nmpa_form().expect("form data");
        let flows = crate::guide::flow_ids();
        for case in FeedbackCase::ALL {
            let flow = &form.cases.iter().find(|c| c.case == case).expect("case listed").flow;
            assert!(flows.contains(&flow.as_str()), "{flow} is not a guide");
            assert_eq!(form.case_for_flow(flow), Some(case));
        }
        assert_eq!(form.case_for_flow("jszg_register"), None);
    }

    #[test]
    fn labels_are_the_seeds() {
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
        let optional: Vec<FeedbackField> = form.fields.iter().filter(|f| !f.required).map(|f| f.id).collect();
        assert_eq!(optional, [FeedbackField::BusinessSystem]);
    }

    #[test]
    fn unlisted_options_are_marked_unconfirmed() {
        let form = nmpa_form().expect("form data");
        // The seed shows none of the three lists' options.
        assert!(form.choices.iter().all(|c| !c.confirmed && c.note.is_some()));
        let ids = form.choice_list(FeedbackField::IdType).expect("id types");
        assert_eq!(ids.default_value(), Some("居民身份证"));
        assert_eq!(ids.find("居民身份证").and_then(|o| o.document_kind), Some(DocumentKind::ResidentId));
    }

    #[test]
    fn broken_data_is_refused() {
        let good = FORM_TOML;
        let bad_limit = good.replacen("max_chars = 500", "max_chars = 400", 1);
        assert!(matches!(parse_form(&bad_limit), Err(FormDataError::Invalid(_))));
        let bad_field = good.replacen("id = \"title\"", "id = \"titel\"", 1);
        assert!(matches!(parse_form(&bad_field), Err(FormDataError::Parse { .. })));
        let bad_case = good.replacen("category = \"实名认证问题\"", "category = \"不存在\"", 1);
        assert!(parse_form(&bad_case).is_err());
        let form = parse_form(good).expect("form");
        let bad_sel = FILL_TOML.replacen("#mobile", "#mo'bile", 1);
        assert!(parse_fill(&bad_sel, &form).is_err());
        let dup_sel = FILL_TOML.replacen("#email", "#mobile", 1);
        assert!(parse_fill(&dup_sel, &form).is_err());
        let bad_action = FILL_TOML.replacen("action = \"check_only\"", "action = \"type\"", 1);
        assert!(parse_fill(&bad_action, &form).is_err());
    }
}
