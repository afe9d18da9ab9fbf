//! Guide engine: flows as data, one question at a time, ending in a plan (issue 3).
//!
//! Each portal has one data file in `guides/` (`nmpa.toml`, `cpta.toml`, `jszg.toml`),
//! compiled in so the app works offline. A flow is a small acyclic graph of nodes:
//!
//! - `question` (fixed choices) and `date_question` (a date compared with a cutoff) are the
//!   only nodes shown as pages, one per page;
//! - `fact`, `action` and `wait` nodes are passed automatically and collected into the plan,
//!   each citing its source (a seed document and section, or a named public source and date);
//! - `outcome` ends the flow.
//!
//! The run is a small [`RunState`] that the shell saves as JSON (atomically) after every call;
//! [`RunState::from_json`] turns a stale or corrupt save into a typed error, never a panic.
//! All texts are in zh-CN, zh-TW and en; [`validate_all`] and the tests enforce the data rules.

mod engine;
mod model;
mod validate;

#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod tests;

use std::sync::OnceLock;

pub use engine::{
    Answer, AnswerView, ChoiceView, EmailView, GuideError, GuideLink, Plan, PlanStep, QuestionKind, QuestionView,
    RunState, RunView, StepKind, WaitTotal, WaitView, RUN_STATE_VERSION,
};
pub use model::{NodeKind, SourceView};
pub use validate::{ValidationError, FORMS, MIN_MESSAGE_CHARS, TEMPLATES};

use crate::lang::{Lang, Text};
use validate::Guides;

/// The bundled guide files, one per portal (and the national network identity app).
const FILES: [(&str, &str); 4] = [
    ("nmpa.toml", include_str!("../../guides/nmpa.toml")),
    ("cpta.toml", include_str!("../../guides/cpta.toml")),
    ("jszg.toml", include_str!("../../guides/jszg.toml")),
    ("ctid.toml", include_str!("../../guides/ctid.toml")),
];

/// Steps several flows share (opening a 网证, logging in to each portal, the feedback form),
/// declared once and copied in where a flow says `use = "…"`.
const SHARED: &str = include_str!("../../guides/shared.toml");

fn load_bundled() -> Result<Guides, Vec<ValidationError>> {
    validate::load(&FILES, SHARED, Some(&crate::catalog::topic_portals()))
}

fn guides() -> Result<&'static Guides, GuideError> {
    static CELL: OnceLock<Option<Guides>> = OnceLock::new();
    // Tests make sure the bundled data is valid; if it were not, every call reports
    // `DataInvalid` instead of panicking.
    CELL.get_or_init(|| load_bundled().ok()).as_ref().ok_or(GuideError::DataInvalid)
}

/// Checks every data rule on the bundled flows (parsing, graph shape, texts, sources, ids).
pub fn validate_all() -> Result<(), Vec<ValidationError>> {
    load_bundled().map(|_| ())
}

/// The ids of all bundled flows, in file order (equal to the catalog's topic ids).
pub fn flow_ids() -> Vec<&'static str> {
    guides().map(|g| g.flows.iter().map(|f| f.id.as_str()).collect()).unwrap_or_default()
}

/// A portal message declared in the guide data (issue 12), for message search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeclaredMessage {
    pub flow_id: &'static str,
    pub node_id: Option<&'static str>,
    /// The message as the applicant sees it (`label：text` for a status value).
    pub text: String,
}

/// The shared step a node of a flow was copied from (checklists name materials by shared step).
pub(crate) fn shared_step_of(flow_id: &str, node_id: &str) -> Option<&'static str> {
    let g = guides().ok()?;
    let flow = g.flow(flow_id)?;
    g.node(flow, node_id)?.shared.as_deref()
}

/// Every declared portal message, flows in file order, messages in data order.
pub(crate) fn declared_messages() -> Vec<DeclaredMessage> {
    let Ok(g) = guides() else { return Vec::new() };
    g.flows
        .iter()
        .flat_map(|f| {
            f.message.iter().map(move |m| DeclaredMessage {
                flow_id: f.id.as_str(),
                node_id: m.node.as_deref(),
                text: m.display(),
            })
        })
        .collect()
}

/// What message search indexes of one node (issue 17): every text the applicant can read there.
#[derive(Debug, Clone)]
pub(crate) struct SearchableNode {
    pub node_id: &'static str,
    /// The shared step (`guides/shared.toml`) the node is a copy of: its words belong to every
    /// flow that uses it, and so tell less about which flow a message is about.
    pub shared: Option<&'static str>,
    /// The node's text, heading, help, choice labels, details, page name and menu path.
    pub texts: Vec<&'static Text>,
}

/// What message search indexes of one flow: its title and its nodes, in data order.
#[derive(Debug, Clone)]
pub(crate) struct SearchableFlow {
    pub flow_id: &'static str,
    pub title: &'static Text,
    pub nodes: Vec<SearchableNode>,
}

/// Everything the bundled flows say, for message search; read-only, flows in file order.
pub(crate) fn searchable_flows() -> Vec<SearchableFlow> {
    let Ok(g) = guides() else { return Vec::new() };
    g.flows
        .iter()
        .map(|f| SearchableFlow {
            flow_id: f.id.as_str(),
            title: &f.title,
            nodes: f
                .node
                .iter()
                .map(|n| SearchableNode {
                    node_id: n.id.as_str(),
                    shared: n.shared.as_deref(),
                    texts: std::iter::once(&n.text)
                        .chain(&n.title)
                        .chain(&n.help)
                        .chain(n.choices.iter().map(|c| &c.label))
                        .chain(&n.details)
                        .chain(&n.page)
                        .chain(&n.menu_path)
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// A fresh run of `flow_id`.
pub fn start(flow_id: &str) -> Result<RunState, GuideError> {
    engine::start(guides()?, flow_id)
}

/// The page to show: the current question (with any earlier answer pre-selected) or the plan.
pub fn view(state: &RunState, lang: Lang) -> Result<RunView, GuideError> {
    engine::view(guides()?, state, lang)
}

/// Answers the current question, or replaces the answer to an earlier one. Answers that are
/// no longer on the applicant's path are dropped; later answers on the same path are kept
/// so they show pre-selected.
pub fn answer(state: &mut RunState, node_id: &str, answer: Answer) -> Result<(), GuideError> {
    engine::answer(guides()?, state, node_id, answer)
}

/// Goes back one question. Earlier answers stay, to show pre-selected. At the first question
/// this does nothing.
pub fn back(state: &mut RunState) -> Result<(), GuideError> {
    engine::back(guides()?, state)
}

/// From the check-answers page: returns to question `node_id`, keeping its answer.
pub fn change(state: &mut RunState, node_id: &str) -> Result<(), GuideError> {
    engine::change(guides()?, state, node_id)
}

/// The finished plan; `NotFinished` while questions remain.
pub fn plan(state: &RunState, lang: Lang) -> Result<Plan, GuideError> {
    engine::plan(guides()?, state, lang)
}

impl RunState {
    /// Reads a saved run. Unknown flows, nodes or choices, inconsistent history, other
    /// versions and unreadable JSON are errors: the shell then starts the flow again.
    pub fn from_json(bytes: &[u8]) -> Result<RunState, GuideError> {
        let state: RunState = serde_json::from_slice(bytes).map_err(|e| GuideError::Corrupt(e.to_string()))?;
        engine::check_state(guides()?, &state)?;
        Ok(state)
    }

    /// The JSON the shell writes with `crate::atomic::write_atomic`.
    pub fn to_json(&self) -> Vec<u8> {
        // Strings, dates and maps with string keys always serialise.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}
