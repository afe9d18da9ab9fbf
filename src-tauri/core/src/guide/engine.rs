//! Running a flow: the saved state, the page the applicant sees, and the final plan.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::model::{Flow, Node, NodeKind, SourceView};
use super::validate::Guides;
use crate::lang::Lang;

/// Version of the saved [`RunState`] format.
pub const RUN_STATE_VERSION: u32 = 1;

/// Dates outside this range are typing mistakes, not account dates.
const EARLIEST_DATE: (i32, u32, u32) = (1990, 1, 1);
const LATEST_DATE: (i32, u32, u32) = (2100, 12, 31);

/// One answer: a choice id, or a date the applicant entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Choice(String),
    Date(NaiveDate),
}

/// A run of one flow, saved by the shell (atomically) after every change so the applicant
/// can continue after a restart. `history` lists the questions answered on the current path,
/// in order; `answers` may also hold answers past the current question (kept for Back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct RunState {
    pub version: u32,
    pub flow_id: String,
    pub answers: BTreeMap<String, Answer>,
    pub history: Vec<String>,
}

/// Why a guide call failed. Every case is recoverable: the UI can offer to start again.
#[derive(Debug, Clone, Error, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum GuideError {
    #[error("the bundled guide data is invalid")]
    DataInvalid,
    #[error("no flow `{0}`")]
    UnknownFlow(String),
    #[error("flow `{flow}` has no node `{node}`")]
    UnknownNode { flow: String, node: String },
    #[error("`{0}` is not a question")]
    NotAQuestion(String),
    #[error("question `{node}` has no choice `{choice}`")]
    UnknownChoice { node: String, choice: String },
    #[error("question `{0}` needs a different kind of answer")]
    WrongAnswerKind(String),
    #[error("the date for `{0}` is out of range")]
    DateOutOfRange(String),
    #[error("question `{0}` is not on the applicant's path")]
    NotOnPath(String),
    #[error("the flow is not finished yet")]
    NotFinished,
    #[error("saved answers do not fit the flow")]
    Inconsistent,
    #[error("saved answers use format version {0}")]
    UnsupportedVersion(u32),
    #[error("saved answers cannot be read: {0}")]
    Corrupt(String),
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Choice,
    Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ChoiceView {
    pub id: String,
    pub label: String,
}

/// The question page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct QuestionView {
    pub flow_id: String,
    pub flow_title: String,
    pub node_id: String,
    pub kind: QuestionKind,
    pub text: String,
    pub help: Option<String>,
    /// Empty for date questions.
    pub choices: Vec<ChoiceView>,
    /// The earlier answer, shown pre-selected after Back or Change.
    pub answer: Option<Answer>,
    /// 1-based number of this question on the applicant's path.
    pub step: u32,
    /// `step` plus the most questions that can still follow: "question 2 of about 4".
    pub total_estimate: u32,
    /// Facts and steps passed since the previous question, to show above this one.
    pub context: Vec<PlanStep>,
}

/// What the UI shows: the next question, or the finished plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RunView {
    Question(QuestionView),
    Finished { plan: Plan },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Fact,
    Action,
    Wait,
}

/// How long a wait step lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "unit", content = "amount", rename_all = "snake_case")]
pub enum WaitView {
    Hours(u32),
    WorkingDays(u32),
}

/// An e-mail the applicant has to send (the e-mail drafting issue hooks in by `template`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct EmailView {
    pub to: String,
    pub subject: String,
    pub lines: Vec<String>,
    pub attachment: Option<String>,
}

/// One step of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct PlanStep {
    pub node_id: String,
    pub kind: StepKind,
    pub text: String,
    pub details: Vec<String>,
    /// The official page or app where the action happens.
    pub page: Option<String>,
    /// Open in the system browser, never in the app.
    pub url: Option<String>,
    pub menu_path: Vec<String>,
    pub wait: Option<WaitView>,
    pub source: SourceView,
    pub template: Option<String>,
    pub form: Option<String>,
    /// The step's wait can be added to 等待答复 with this kind.
    pub track: Option<crate::feedback::TrackKind>,
    pub identity_check: bool,
    pub email: Option<EmailView>,
    /// The upload preset the step links to (issue 22).
    pub upload: Option<String>,
    /// The kind of date the step asks the applicant to record in 我的日期 (issue 22).
    pub dates: Option<crate::dates::DateKind>,
}

/// One answered question on the check-answers page; `node_id` goes to [`change`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AnswerView {
    pub node_id: String,
    pub question: String,
    pub answer_text: String,
}

/// The sum of the waits on the plan (the UI says "about").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, specta::Type)]
pub struct WaitTotal {
    pub hours: u32,
    pub working_days: u32,
}

/// The end page: the answers (changeable) and what to do, where, and how long it takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Plan {
    pub flow_id: String,
    pub title: String,
    pub outcome_id: String,
    pub outcome_title: String,
    pub summary: String,
    pub answers: Vec<AnswerView>,
    pub steps: Vec<PlanStep>,
    pub total_wait: WaitTotal,
}

/// Where a walk along the saved answers stops.
enum Stop<'a> {
    Question(&'a Node),
    Outcome(&'a Node),
}

struct Walk<'a> {
    steps: Vec<&'a Node>,
    /// Steps since the last answered question.
    context_from: usize,
    stop: Stop<'a>,
}

fn next_for<'a>(node: &'a Node, answer: &Answer) -> Result<&'a str, GuideError> {
    match (node.kind, answer) {
        (NodeKind::Question, Answer::Choice(c)) => node
            .choices
            .iter()
            .find(|ch| &ch.id == c)
            .map(|ch| ch.next.as_str())
            .ok_or_else(|| GuideError::UnknownChoice { node: node.id.clone(), choice: c.clone() }),
        (NodeKind::DateQuestion, Answer::Date(d)) => {
            if !date_in_range(*d) {
                return Err(GuideError::DateOutOfRange(node.id.clone()));
            }
            let cutoff = node.cutoff.ok_or(GuideError::DataInvalid)?;
            let next = if *d < cutoff { &node.before } else { &node.on_or_after };
            next.as_deref().ok_or(GuideError::DataInvalid)
        }
        (k, _) if k.is_question() => Err(GuideError::WrongAnswerKind(node.id.clone())),
        _ => Err(GuideError::NotAQuestion(node.id.clone())),
    }
}

fn date_in_range(d: NaiveDate) -> bool {
    let lo = NaiveDate::from_ymd_opt(EARLIEST_DATE.0, EARLIEST_DATE.1, EARLIEST_DATE.2);
    let hi = NaiveDate::from_ymd_opt(LATEST_DATE.0, LATEST_DATE.1, LATEST_DATE.2);
    matches!((lo, hi), (Some(lo), Some(hi)) if d >= lo && d <= hi)
}

fn node<'a>(g: &'a Guides, flow: &'a Flow, id: &str) -> Result<&'a Node, GuideError> {
    g.node(flow, id).ok_or_else(|| GuideError::UnknownNode { flow: flow.id.clone(), node: id.to_owned() })
}

/// Follows the history's answers from the start to the current question or the outcome.
fn walk<'a>(g: &'a Guides, flow: &'a Flow, state: &RunState) -> Result<Walk<'a>, GuideError> {
    let mut cur = node(g, flow, &flow.start)?;
    let mut steps = Vec::new();
    let mut context_from = 0;
    let mut answered = 0;
    // Validated flows are acyclic, so a path visits each node at most once.
    for _ in 0..=flow.node.len() {
        match cur.kind {
            NodeKind::Question | NodeKind::DateQuestion => {
                if state.history.get(answered) == Some(&cur.id) {
                    let a = state.answers.get(&cur.id).ok_or(GuideError::Inconsistent)?;
                    let next = next_for(cur, a)?;
                    answered += 1;
                    context_from = steps.len();
                    cur = node(g, flow, next)?;
                } else if answered == state.history.len() {
                    return Ok(Walk { steps, context_from, stop: Stop::Question(cur) });
                } else {
                    return Err(GuideError::Inconsistent);
                }
            }
            NodeKind::Fact | NodeKind::Action | NodeKind::Wait => {
                steps.push(cur);
                let next = cur.next.as_deref().ok_or(GuideError::DataInvalid)?;
                cur = node(g, flow, next)?;
            }
            NodeKind::Outcome => {
                if answered != state.history.len() {
                    return Err(GuideError::Inconsistent);
                }
                return Ok(Walk { steps, context_from, stop: Stop::Outcome(cur) });
            }
        }
    }
    Err(GuideError::DataInvalid)
}

/// The questions reached by following every stored answer (not only the history's).
fn questions_on_answer_path(g: &Guides, flow: &Flow, state: &RunState) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut cur = g.node(flow, &flow.start);
    for _ in 0..=flow.node.len() {
        let Some(n) = cur else { break };
        cur = match n.kind {
            NodeKind::Question | NodeKind::DateQuestion => {
                seen.insert(n.id.clone());
                match state.answers.get(&n.id).map(|a| next_for(n, a)) {
                    Some(Ok(next)) => g.node(flow, next),
                    _ => None,
                }
            }
            NodeKind::Outcome => None,
            _ => n.next.as_deref().and_then(|next| g.node(flow, next)),
        };
    }
    seen
}

fn flow_of<'a>(g: &'a Guides, state: &RunState) -> Result<&'a Flow, GuideError> {
    g.flow(&state.flow_id).ok_or_else(|| GuideError::UnknownFlow(state.flow_id.clone()))
}

pub(crate) fn start(g: &Guides, flow_id: &str) -> Result<RunState, GuideError> {
    let flow = g.flow(flow_id).ok_or_else(|| GuideError::UnknownFlow(flow_id.to_owned()))?;
    Ok(RunState { version: RUN_STATE_VERSION, flow_id: flow.id.clone(), answers: BTreeMap::new(), history: Vec::new() })
}

fn step_view(n: &Node, lang: Lang) -> PlanStep {
    let kind = match n.kind {
        NodeKind::Action => StepKind::Action,
        NodeKind::Wait => StepKind::Wait,
        _ => StepKind::Fact,
    };
    let wait = match (n.hours, n.working_days) {
        (Some(h), _) => Some(WaitView::Hours(h)),
        (None, Some(d)) => Some(WaitView::WorkingDays(d)),
        _ => None,
    };
    let source = match &n.source {
        Some(s) => s.view(lang),
        // Validation makes this unreachable for bundled data.
        None => SourceView { doc: String::new(), file: None, section: None, date: None, display: String::new() },
    };
    PlanStep {
        node_id: n.id.clone(),
        kind,
        text: n.text.get(lang).to_owned(),
        details: n.details.iter().map(|t| t.get(lang).to_owned()).collect(),
        page: n.page.as_ref().map(|t| t.get(lang).to_owned()),
        url: n.url.clone(),
        menu_path: n.menu_path.iter().map(|t| t.get(lang).to_owned()).collect(),
        wait,
        source,
        template: n.template.clone(),
        form: n.form.clone(),
        track: n.track,
        identity_check: n.identity_check,
        upload: n.upload.clone(),
        dates: n.dates,
        email: n.email.as_ref().map(|e| EmailView {
            to: e.to.clone(),
            subject: e.subject.get(lang).to_owned(),
            lines: e.lines.iter().map(|t| t.get(lang).to_owned()).collect(),
            attachment: e.attachment.as_ref().map(|t| t.get(lang).to_owned()),
        }),
    }
}

pub(crate) fn format_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::ZhCn | Lang::ZhTw => d.format("%Y年%-m月%-d日").to_string(),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

fn answer_text(n: &Node, a: &Answer, lang: Lang) -> String {
    match a {
        Answer::Choice(c) => {
            n.choices.iter().find(|ch| &ch.id == c).map(|ch| ch.label.get(lang).to_owned()).unwrap_or_default()
        }
        Answer::Date(d) => format_date(*d, lang),
    }
}

pub(crate) fn view(g: &Guides, state: &RunState, lang: Lang) -> Result<RunView, GuideError> {
    let flow = flow_of(g, state)?;
    let w = walk(g, flow, state)?;
    match w.stop {
        Stop::Outcome(_) => Ok(RunView::Finished { plan: plan(g, state, lang)? }),
        Stop::Question(q) => {
            let answered = u32::try_from(state.history.len()).unwrap_or(u32::MAX);
            let step = answered.saturating_add(1);
            let total_estimate = answered.saturating_add(g.longest_from(flow, &q.id)).max(step);
            let answer = state.answers.get(&q.id).filter(|a| next_for(q, a).is_ok()).cloned();
            Ok(RunView::Question(QuestionView {
                flow_id: flow.id.clone(),
                flow_title: flow.title.get(lang).to_owned(),
                node_id: q.id.clone(),
                kind: if q.kind == NodeKind::DateQuestion { QuestionKind::Date } else { QuestionKind::Choice },
                text: q.text.get(lang).to_owned(),
                help: q.help.as_ref().map(|t| t.get(lang).to_owned()),
                choices: q
                    .choices
                    .iter()
                    .map(|c| ChoiceView { id: c.id.clone(), label: c.label.get(lang).to_owned() })
                    .collect(),
                answer,
                step,
                total_estimate,
                context: w.steps[w.context_from..].iter().map(|n| step_view(n, lang)).collect(),
            }))
        }
    }
}

pub(crate) fn answer(g: &Guides, state: &mut RunState, node_id: &str, a: Answer) -> Result<(), GuideError> {
    let flow = flow_of(g, state)?;
    let q = node(g, flow, node_id)?;
    if !q.kind.is_question() {
        return Err(GuideError::NotAQuestion(node_id.to_owned()));
    }
    next_for(q, &a)?;
    let w = walk(g, flow, state)?;
    let pos = match state.history.iter().position(|h| h == node_id) {
        Some(i) => i,
        None => match w.stop {
            Stop::Question(cur) if cur.id == node_id => state.history.len(),
            _ => return Err(GuideError::NotOnPath(node_id.to_owned())),
        },
    };
    state.history.truncate(pos);
    state.history.push(node_id.to_owned());
    state.answers.insert(node_id.to_owned(), a);
    let keep = questions_on_answer_path(g, flow, state);
    state.answers.retain(|k, _| keep.contains(k));
    Ok(())
}

pub(crate) fn back(g: &Guides, state: &mut RunState) -> Result<(), GuideError> {
    flow_of(g, state)?;
    state.history.pop();
    Ok(())
}

pub(crate) fn change(g: &Guides, state: &mut RunState, node_id: &str) -> Result<(), GuideError> {
    let flow = flow_of(g, state)?;
    node(g, flow, node_id)?;
    let i = state.history.iter().position(|h| h == node_id).ok_or_else(|| GuideError::NotOnPath(node_id.to_owned()))?;
    state.history.truncate(i);
    Ok(())
}

pub(crate) fn plan(g: &Guides, state: &RunState, lang: Lang) -> Result<Plan, GuideError> {
    let flow = flow_of(g, state)?;
    let w = walk(g, flow, state)?;
    let Stop::Outcome(out) = w.stop else { return Err(GuideError::NotFinished) };
    let mut answers = Vec::new();
    for id in &state.history {
        let q = node(g, flow, id)?;
        let a = state.answers.get(id).ok_or(GuideError::Inconsistent)?;
        answers.push(AnswerView {
            node_id: id.clone(),
            question: q.text.get(lang).to_owned(),
            answer_text: answer_text(q, a, lang),
        });
    }
    let steps: Vec<PlanStep> = w.steps.iter().map(|n| step_view(n, lang)).collect();
    let mut total_wait = WaitTotal::default();
    for s in &steps {
        match s.wait {
            Some(WaitView::Hours(h)) => total_wait.hours += h,
            Some(WaitView::WorkingDays(d)) => total_wait.working_days += d,
            None => {}
        }
    }
    Ok(Plan {
        flow_id: flow.id.clone(),
        title: flow.title.get(lang).to_owned(),
        outcome_id: out.id.clone(),
        outcome_title: out.title.as_ref().map(|t| t.get(lang).to_owned()).unwrap_or_default(),
        summary: out.text.get(lang).to_owned(),
        answers,
        steps,
        total_wait,
    })
}

/// Checks a state read from disk against the flows.
pub(crate) fn check_state(g: &Guides, state: &RunState) -> Result<(), GuideError> {
    if state.version != RUN_STATE_VERSION {
        return Err(GuideError::UnsupportedVersion(state.version));
    }
    let flow = flow_of(g, state)?;
    for (id, a) in &state.answers {
        let q = node(g, flow, id)?;
        next_for(q, a)?;
    }
    let mut seen = HashSet::new();
    if !state.history.iter().all(|h| seen.insert(h)) {
        return Err(GuideError::Inconsistent);
    }
    walk(g, flow, state).map(|_| ())
}
