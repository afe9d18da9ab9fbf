//! A form on an official page, as data (`data/forms/*.toml`): where it is, its fields with the
//! labels a person sees on the page, their kinds and limits, and the options of its lists. The
//! checks, the fill and the copy panel all read the same description, so a new form joins by a
//! data file (and a test that keeps it valid).

use std::collections::HashSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::catalog::Portal;
use crate::content::{Cached, ContentSet};
use crate::identity::DocumentKind;
use crate::lang::Text;
use crate::portals;

/// How a field is entered on the official page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    /// One of a list's options: a native `<select>`, an Element-style select or a radio group.
    Choice,
    IdNumber,
    Mobile,
    Email,
    Textarea,
    /// Shown by the page with a fixed value (所属业务系统 = 网上办事大厅); never typed.
    Fixed,
    /// A picture code, slider or SMS code: always done by the applicant, never drafted or filled.
    Captcha,
    /// A login name.
    Login,
    /// A login password: typed only by the login helper, from the keychain.
    Password,
}

impl FieldKind {
    /// What the page fill does with a field of this kind.
    pub fn fill(self) -> FillAction {
        match self {
            FieldKind::Choice => FillAction::Pick,
            FieldKind::Fixed => FillAction::Check,
            FieldKind::Captcha => FillAction::Never,
            FieldKind::Password => FillAction::Secret,
            FieldKind::Text
            | FieldKind::IdNumber
            | FieldKind::Mobile
            | FieldKind::Email
            | FieldKind::Textarea
            | FieldKind::Login => FillAction::Type,
        }
    }
}

/// How the page fill treats a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FillAction {
    /// Set the value of an input or textarea (and fire the events the page listens for).
    Type,
    /// Choose the option whose visible text matches; leave the list alone when none does.
    Pick,
    /// Read what a fixed field shows; never write it.
    Check,
    /// Typed only by the login helper.
    Secret,
    /// Never touched (picture code, slider, SMS code); the cursor may be put there.
    Never,
}

/// One field of an official form, in page order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub id: String,
    /// The label exactly as the portal shows it (Chinese on every UI language).
    pub label: String,
    /// Other labels or placeholders the page may show for the same field (an older page, a
    /// placeholder such as 请选择咨询人类型). The fill matches these too.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: FieldKind,
    /// Marked with `*` on the page.
    pub required: bool,
    /// The longest value accepted, in characters as the page counts them.
    #[serde(default)]
    pub max_chars: Option<u32>,
    /// True when the limit is the portal's own (the 500 of 问题描述); false for the app's limits.
    #[serde(default)]
    pub max_confirmed: bool,
    /// For choice fields: the id of the list in [`FormSpec::choices`].
    #[serde(default)]
    pub choices: Option<String>,
    /// For fixed fields: the value the page shows.
    #[serde(default)]
    pub value: Option<String>,
    /// What to put in it, in the applicant's language.
    pub hint: Text,
}

impl FieldSpec {
    /// The label and its aliases: every text the fill looks for.
    pub fn labels(&self) -> Vec<&str> {
        std::iter::once(self.label.as_str()).chain(self.aliases.iter().map(String::as_str)).collect()
    }
}

/// One option of a drop-down list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// The option's text on the page, which is also what the fill picks by.
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
    /// False when the options were not seen on the official page.
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

/// A form on an official page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct FormSpec {
    pub id: String,
    pub portal: Portal,
    pub title: Text,
    /// Where the field list comes from.
    pub source: String,
    /// The page the app's window opens (https, on one of the portal's hosts).
    pub entry: String,
    /// How to get from that page to the form, for the copy panel.
    pub how_to_reach: Text,
    /// False while the labels and lists were seen only in the portal's help pages, not on the
    /// page itself: a field the fill cannot find is then listed to copy by hand.
    pub checked_against_real_page: bool,
    #[serde(rename = "field")]
    pub fields: Vec<FieldSpec>,
    #[serde(default)]
    pub choices: Vec<ChoiceList>,
}

impl FormSpec {
    pub fn field(&self, id: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The list behind a choice field.
    pub fn choice_list(&self, id: &str) -> Option<&ChoiceList> {
        let list = self.field(id)?.choices.as_deref()?;
        self.choices.iter().find(|c| c.id == list)
    }

    /// The labels of the fields the applicant always does (picture code, slider, SMS code).
    pub fn never_labels(&self) -> Vec<&str> {
        self.fields.iter().filter(|f| f.kind.fill() == FillAction::Never).flat_map(FieldSpec::labels).collect()
    }
}

/// Why a form's data is unusable. The tests make sure this never happens in a release.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum FormDataError {
    #[error("{file} does not parse: {message}")]
    Parse { file: String, message: String },
    #[error("invalid form data: {0}")]
    Invalid(String),
    #[error("no form `{0}`")]
    Unknown(String),
}

pub(crate) fn invalid(msg: impl Into<String>) -> FormDataError {
    FormDataError::Invalid(msg.into())
}

/// Parses and checks what every form must satisfy; a form's own module adds its own rules.
pub fn parse(file: &str, src: &str) -> Result<FormSpec, FormDataError> {
    let form: FormSpec =
        toml::from_str(src).map_err(|e| FormDataError::Parse { file: file.into(), message: e.to_string() })?;
    validate(&form)?;
    Ok(form)
}

fn validate(form: &FormSpec) -> Result<(), FormDataError> {
    if form.title.has_blank() || form.how_to_reach.has_blank() {
        return Err(invalid(format!("{}: title or how_to_reach blank in some language", form.id)));
    }
    match portals::official_url(&form.entry) {
        Ok((portal, url)) if portal == form.portal && url.as_str() == form.entry => {}
        _ => return Err(invalid(format!("{}: entry must be an https page of the portal", form.id))),
    }
    let mut list_ids = HashSet::new();
    for list in &form.choices {
        if !list_ids.insert(list.id.as_str()) {
            return Err(invalid(format!("choice list `{}` appears twice", list.id)));
        }
        if list.options.is_empty() {
            return Err(invalid(format!("choice list `{}` is empty", list.id)));
        }
        if !list.confirmed && list.note.as_ref().is_none_or(Text::has_blank) {
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
    let mut ids = HashSet::new();
    for f in &form.fields {
        if !ids.insert(f.id.as_str()) {
            return Err(invalid(format!("field `{}` appears twice", f.id)));
        }
        if f.labels().iter().any(|l| l.trim().is_empty() || !plain_label(l)) || f.hint.has_blank() {
            return Err(invalid(format!("field `{}` has a blank or unusual label, or a blank hint", f.id)));
        }
        let needs_list = f.kind == FieldKind::Choice;
        match f.choices.as_deref() {
            Some(list) if needs_list => {
                if !list_ids.contains(list) {
                    return Err(invalid(format!("field `{}` names unknown list `{list}`", f.id)));
                }
            }
            None => {}
            _ => return Err(invalid(format!("field `{}`: a list belongs to choice fields only", f.id))),
        }
        if (f.kind == FieldKind::Fixed) != f.value.is_some() {
            return Err(invalid(format!("field `{}`: a value belongs to fixed fields only", f.id)));
        }
    }
    if !form.fields.iter().any(|f| matches!(f.kind.fill(), FillAction::Type | FillAction::Pick | FillAction::Secret)) {
        return Err(invalid(format!("{}: nothing to fill", form.id)));
    }
    Ok(())
}

/// A label is plain text of one line, without characters that would mean markup.
fn plain_label(s: &str) -> bool {
    s.trim() == s && !s.chars().any(|c| c.is_control() || matches!(c, '<' | '>' | '`'))
}

/// The folder of form files in the content pack.
const DIR: &str = "data/forms/";

/// The forms the program refers to by id: each portal's login form and the guides' form steps.
const REQUIRED: [&str; 4] = ["nmpa_login", "cpta_login", "jszg_login", "nmpa_feedback"];

/// Every form of `set`, checked, each id once.
fn load(set: &ContentSet) -> Result<Vec<Arc<FormSpec>>, FormDataError> {
    let forms = set
        .files_under(DIR)
        .filter(|(path, _)| path.ends_with(".toml"))
        .map(|(path, src)| parse(path.strip_prefix(DIR).unwrap_or(path), src).map(Arc::new))
        .collect::<Result<Vec<_>, _>>()?;
    let mut seen = HashSet::new();
    if let Some(dup) = forms.iter().find(|f| !seen.insert(f.id.clone())) {
        return Err(invalid(format!("form `{}` declared twice", dup.id)));
    }
    if let Some(missing) = REQUIRED.iter().find(|id| !seen.contains(**id)) {
        return Err(FormDataError::Unknown((*missing).to_owned()));
    }
    Ok(forms)
}

fn forms() -> Arc<Result<Vec<Arc<FormSpec>>, FormDataError>> {
    static CELL: Cached<Result<Vec<Arc<FormSpec>>, FormDataError>> = Cached::new();
    CELL.get(load)
}

/// The content check for packs.
pub(crate) fn check(set: &ContentSet) -> Result<(), String> {
    load(set).map(|_| ()).map_err(|e| e.to_string())
}

/// A form of the content in use, by id.
pub fn form(id: &str) -> Result<Arc<FormSpec>, FormDataError> {
    let forms = forms();
    let forms = forms.as_ref().as_ref().map_err(Clone::clone)?;
    forms.iter().find(|f| f.id == id).cloned().ok_or_else(|| FormDataError::Unknown(id.to_owned()))
}

/// The login form of a portal.
pub fn login_form(portal: Portal) -> Result<Arc<FormSpec>, FormDataError> {
    form(match portal {
        Portal::Nmpa => "nmpa_login",
        Portal::Cpta => "cpta_login",
        Portal::Jszg => "jszg_login",
        // The network-identity apps are phone apps: no web login to help with.
        Portal::Ctid => return Err(FormDataError::Unknown("ctid_login".to_owned())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_forms_are_valid() {
        let forms = load(&ContentSet::bundled()).expect("bundled forms");
        assert_eq!(forms.len(), 5);
        for portal in Portal::ALL {
            if portal == Portal::Ctid {
                // The network-identity apps are phone apps: there is no web login to help with.
                assert!(login_form(portal).is_err());
                continue;
            }
            let login = login_form(portal).expect("a login form per web portal");
            assert_eq!(login.portal, portal);
            let kinds: Vec<FieldKind> = login.fields.iter().map(|f| f.kind).collect();
            assert!(kinds.contains(&FieldKind::Login) && kinds.contains(&FieldKind::Password), "{portal:?}");
            // The app never does the human check: each login form names it so it is left alone.
            assert!(kinds.contains(&FieldKind::Captcha), "{portal:?}");
        }
    }

    #[test]
    fn broken_forms_are_refused() {
        let good = include_str!("../../data/forms/nmpa_feedback_query.toml");
        assert!(parse("x", good).is_ok());
        let http = good.replacen("entry = \"https://", "entry = \"http://", 1);
        assert!(matches!(parse("x", &http), Err(FormDataError::Invalid(_))));
        let foreign = good.replacen("zwfw.nmpa.gov.cn", "www.baidu.com", 1);
        assert!(matches!(parse("x", &foreign), Err(FormDataError::Invalid(_))));
        let markup = good.replacen("label = \"咨询人\"", "label = \"<b>咨询人</b>\"", 1);
        assert!(matches!(parse("x", &markup), Err(FormDataError::Invalid(_))));
        let unknown = good.replacen("kind = \"mobile\"", "kind = \"phone\"", 1);
        assert!(matches!(parse("x", &unknown), Err(FormDataError::Parse { .. })));
        assert_eq!(form("nope").err(), Some(FormDataError::Unknown("nope".into())));
    }
}
