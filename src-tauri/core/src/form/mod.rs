//! One model of a form the app drafts (issue 18): its fields as the page shows them, the checks
//! of their values, the problems found, the map the page fill follows, and the copy panel.
//!
//! - [`check`]: what can be wrong with a value ([`FieldError`]), where ([`Problem`]), and the
//!   rules per kind of field ([`Checker`]). The NMPA feedback draft and the teacher-site e-mail
//!   both check through it.
//! - [`spec`]: forms on official pages as data (`data/forms/*.toml`): labels, aliases, kinds,
//!   lists. A new form joins by a data file.
//! - [`script`]: the page scripts built from that data: find each field by its visible label and
//!   fill it (`watch` first, with no values), or type a login from the keychain.
//! - [`panel`]: the copy panel, the fallback that works on any page.

pub mod check;
pub mod panel;
pub mod script;
pub mod spec;

pub use check::{normalize_newlines, portal_length, CheckedId, Checker, FieldError, FormField, Problem};
pub use panel::{outcome_text, Panel, PanelItem};
pub use script::{FieldOutcome, FieldStatus, FillReport, LoginReport, PageStatus};
pub(crate) use spec::check as check_data;
pub use spec::{form, login_form, ChoiceList, ChoiceOption, FieldKind, FieldSpec, FillAction, FormDataError, FormSpec};
