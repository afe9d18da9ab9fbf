//! Guide engine: flows as data, one question at a time, ending in a plan (issue 3).
//!
//! Each portal has one data file in `guides/` (`nmpa.toml`, `cpta.toml`, `jszg.toml`,
//! `ctid.toml`), read from the content in use (compiled in, or a newer signed pack: see
//! [`crate::content`]). A flow is a small acyclic graph of nodes:
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

use std::sync::Arc;

pub use engine::{
    Answer, AnswerView, ChoiceView, EmailView, GuideError, GuideLink, Plan, PlanStep, QuestionKind, QuestionView,
    RunState, RunView, StepKind, WaitTotal, WaitView, RUN_STATE_VERSION,
};
pub use model::{NodeKind, SourceView};
pub use validate::{ValidationError, FORMS, MIN_MESSAGE_CHARS, TEMPLATES};

use crate::content::{Cached, ContentSet};
use crate::lang::{Lang, Text};
use validate::Guides;

/// The folder of guide files in the content pack: one file per portal (and the national
/// network identity app), plus the shared steps.
const DIR: &str = "guides/";

/// Steps several flows share (opening a 网证, logging in to each portal, the feedback form),
/// declared once and copied in where a flow says `use = "…"`.
const SHARED: &str = "guides/shared.toml";

/// Parses and checks the guides of `set` (against the topics, sources, hosts and presets of
/// the content being read: `set` itself while a pack is validated).
fn load_from(set: &ContentSet) -> Result<Guides, Vec<ValidationError>> {
    let files: Vec<(&str, &str)> = set
        .files_under(DIR)
        .filter(|(path, _)| *path != SHARED && path.ends_with(".toml"))
        .map(|(path, text)| (path.strip_prefix(DIR).unwrap_or(path), text))
        .collect();
    let topics = crate::catalog::topic_portals();
    let topics: Vec<(&str, crate::catalog::Portal)> = topics.iter().map(|(id, p)| (id.as_str(), *p)).collect();
    validate::load(&files, set.text(SHARED).unwrap_or_default(), Some(&topics))
}

fn guides() -> Arc<Option<Guides>> {
    static CELL: Cached<Option<Guides>> = Cached::new();
    // Tests and the pack checks make sure the data is valid; if it were not, every call
    // reports `DataInvalid` instead of panicking.
    CELL.get(|set| load_from(set).ok())
}

/// Runs `f` on the guides of the content in use.
fn with_guides<R>(f: impl FnOnce(&Guides) -> Result<R, GuideError>) -> Result<R, GuideError> {
    match guides().as_ref() {
        Some(g) => f(g),
        None => Err(GuideError::DataInvalid),
    }
}

/// Checks every data rule on the flows of the content in use (parsing, graph shape, texts,
/// sources, ids); a pack whose guides break one is refused.
pub fn validate_all() -> Result<(), Vec<ValidationError>> {
    load_from(&crate::content::active()).map(|_| ())
}

/// The ids of all flows, in catalog order (equal to the catalog's topic ids).
pub fn flow_ids() -> Vec<String> {
    guides().as_ref().as_ref().map(|g| g.flows.iter().map(|f| f.id.clone()).collect()).unwrap_or_default()
}

/// A portal message declared in the guide data (issue 12), for message search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeclaredMessage {
    pub flow_id: String,
    pub node_id: Option<String>,
    /// The message as the applicant sees it (`label：text` for a status value).
    pub text: String,
}

/// The shared step a node of a flow was copied from (checklists name materials by shared step).
pub(crate) fn shared_step_of(flow_id: &str, node_id: &str) -> Option<String> {
    let guides = guides();
    let g = guides.as_ref().as_ref()?;
    let flow = g.flow(flow_id)?;
    g.node(flow, node_id)?.shared.clone()
}

/// Every declared portal message, flows in catalog order, messages in data order.
pub(crate) fn declared_messages() -> Vec<DeclaredMessage> {
    let guides = guides();
    let Some(g) = guides.as_ref() else { return Vec::new() };
    g.flows
        .iter()
        .flat_map(|f| {
            f.message.iter().map(move |m| DeclaredMessage {
                flow_id: f.id.clone(),
                node_id: m.node.clone(),
                text: m.display(),
            })
        })
        .collect()
}

/// What message search indexes of one node (issue 17): every text the applicant can read there.
#[derive(Debug, Clone)]
pub(crate) struct SearchableNode {
    pub node_id: String,
    /// The shared step (`guides/shared.toml`) the node is a copy of: its words belong to every
    /// flow that uses it, and so tell less about which flow a message is about.
    pub shared: Option<String>,
    /// The node's text, heading, help, choice labels, details, page name and menu path.
    pub texts: Vec<Text>,
}

/// What message search indexes of one flow: its title and its nodes, in data order.
#[derive(Debug, Clone)]
pub(crate) struct SearchableFlow {
    pub flow_id: String,
    pub title: Text,
    pub nodes: Vec<SearchableNode>,
}

/// Everything the flows of the content in use say, for message search; flows in catalog order.
pub(crate) fn searchable_flows() -> Vec<SearchableFlow> {
    let guides = guides();
    let Some(g) = guides.as_ref() else { return Vec::new() };
    g.flows
        .iter()
        .map(|f| SearchableFlow {
            flow_id: f.id.clone(),
            title: f.title.clone(),
            nodes: f
                .node
                .iter()
                .map(|n| SearchableNode {
                    node_id: n.id.clone(),
                    shared: n.shared.clone(),
                    texts: std::iter::once(&n.text)
                        .chain(&n.title)
                        .chain(&n.help)
                        .chain(n.choices.iter().map(|c| &c.label))
                        .chain(&n.details)
                        .chain(&n.page)
                        .chain(&n.menu_path)
                        .cloned()
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// A fresh run of `flow_id`.
pub fn start(flow_id: &str) -> Result<RunState, GuideError> {
    with_guides(|g| engine::start(g, flow_id))
}

/// The page to show: the current question (with any earlier answer pre-selected) or the plan.
pub fn view(state: &RunState, lang: Lang) -> Result<RunView, GuideError> {
    with_guides(|g| engine::view(g, state, lang))
}

/// Answers the current question, or replaces the answer to an earlier one. Answers that are
/// no longer on the applicant's path are dropped; later answers on the same path are kept
/// so they show pre-selected.
pub fn answer(state: &mut RunState, node_id: &str, answer: Answer) -> Result<(), GuideError> {
    with_guides(|g| engine::answer(g, state, node_id, answer))
}

/// Goes back one question. Earlier answers stay, to show pre-selected. At the first question
/// this does nothing.
pub fn back(state: &mut RunState) -> Result<(), GuideError> {
    with_guides(|g| engine::back(g, state))
}

/// From the check-answers page: returns to question `node_id`, keeping its answer.
pub fn change(state: &mut RunState, node_id: &str) -> Result<(), GuideError> {
    with_guides(|g| engine::change(g, state, node_id))
}

/// The finished plan; `NotFinished` while questions remain.
pub fn plan(state: &RunState, lang: Lang) -> Result<Plan, GuideError> {
    with_guides(|g| engine::plan(g, state, lang))
}

impl RunState {
    /// Reads a saved run. Unknown flows, nodes or choices, inconsistent history, other
    /// versions and unreadable JSON are errors: the shell then starts the flow again.
    pub fn from_json(bytes: &[u8]) -> Result<RunState, GuideError> {
        let state: RunState = serde_json::from_slice(bytes).map_err(|e| GuideError::Corrupt(e.to_string()))?;
        with_guides(|g| engine::check_state(g, &state))?;
        Ok(state)
    }

    /// The JSON the shell writes with `crate::atomic::write_atomic`.
    pub fn to_json(&self) -> Vec<u8> {
        // Strings, dates and maps with string keys always serialise.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}
