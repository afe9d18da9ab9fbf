//! Every path through a flow, found through the guide's public API (start, answer, view), so the
//! checklist needs no access to the guide's internals.
//!
//! Date questions are probed with the earliest and latest dates the guide accepts: one cutoff per
//! question means the two probes reach both branches. The cutoff itself is then found by bisection,
//! so an assumed date answer reads "on or after 17 December 2021", never a made-up date.

use chrono::NaiveDate;

use super::ChecklistError;
use crate::guide::{self, Answer, AnswerView, Plan, QuestionKind, RunState, RunView, StepKind};
use crate::lang::Lang;

/// The earliest and latest dates a date question accepts (see the guide engine).
const EARLY: (i32, u32, u32) = (1990, 1, 1);
const LATE: (i32, u32, u32) = (2100, 12, 31);
/// Guards against a data mistake multiplying paths: the bundled flows have a few dozen at most.
const MAX_PATHS: usize = 5_000;

/// One finished path: the saved answers and the plan they produce.
pub(crate) struct Path {
    pub state: RunState,
    pub plan: Plan,
}

/// The path a checklist assumes, and its answers as the applicant would read them.
pub(crate) struct AssumedPath {
    pub plan: Plan,
    pub assumed: Vec<AnswerView>,
}

fn date(ymd: (i32, u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2)
}

/// Where an answer leads: the next question and the steps before it, or the outcome and all steps.
fn signature(state: &RunState, lang: Lang) -> Result<Vec<String>, ChecklistError> {
    Ok(match guide::view(state, lang)? {
        RunView::Question(q) => std::iter::once(q.node_id).chain(q.context.into_iter().map(|s| s.node_id)).collect(),
        RunView::Finished { plan } => {
            std::iter::once(plan.outcome_id).chain(plan.steps.into_iter().map(|s| s.node_id)).collect()
        }
    })
}

fn answered(state: &RunState, node: &str, answer: Answer) -> Result<RunState, ChecklistError> {
    let mut next = state.clone();
    guide::answer(&mut next, node, answer)?;
    Ok(next)
}

fn explore(state: RunState, lang: Lang, out: &mut Vec<Path>) -> Result<(), ChecklistError> {
    if out.len() >= MAX_PATHS {
        return Err(ChecklistError::DataInvalid);
    }
    let q = match guide::view(&state, lang)? {
        RunView::Finished { plan } => {
            out.push(Path { state, plan });
            return Ok(());
        }
        RunView::Question(q) => q,
    };
    match q.kind {
        QuestionKind::Choice => {
            for c in &q.choices {
                explore(answered(&state, &q.node_id, Answer::Choice(c.id.clone()))?, lang, out)?;
            }
        }
        QuestionKind::Date => {
            let mut seen = Vec::new();
            for d in [date(EARLY), date(LATE)].into_iter().flatten() {
                let next = answered(&state, &q.node_id, Answer::Date(d))?;
                let sig = signature(&next, lang)?;
                if !seen.contains(&sig) {
                    seen.push(sig);
                    explore(next, lang, out)?;
                }
            }
        }
    }
    Ok(())
}

/// Every path from the start of `flow_id` to an outcome, choices in data order.
pub(crate) fn all_paths(flow_id: &str, lang: Lang) -> Result<Vec<Path>, ChecklistError> {
    let mut out = Vec::new();
    explore(guide::start(flow_id)?, lang, &mut out)?;
    Ok(out)
}

/// How much a path asks the applicant to do.
fn work(plan: &Plan) -> usize {
    plan.steps.iter().filter(|s| matches!(s.kind, StepKind::Action | StepKind::Wait)).count()
}

/// The path with the most actions and waits; the first such path in data order on ties.
pub(crate) fn fullest_path(flow_id: &str, lang: Lang) -> Result<AssumedPath, ChecklistError> {
    let mut best: Option<Path> = None;
    for p in all_paths(flow_id, lang)? {
        if best.as_ref().map_or(true, |b| work(&p.plan) > work(&b.plan)) {
            best = Some(p);
        }
    }
    let best = best.ok_or_else(|| ChecklistError::NoPath(flow_id.to_owned()))?;
    let assumed = assumed_answers(&best, lang)?;
    Ok(AssumedPath { plan: best.plan, assumed })
}

/// The plan's answers, with each probed date replaced by the range of dates that lead the same way.
fn assumed_answers(path: &Path, lang: Lang) -> Result<Vec<AnswerView>, ChecklistError> {
    let mut out = Vec::with_capacity(path.plan.answers.len());
    for a in &path.plan.answers {
        let mut a = a.clone();
        if let Some(Answer::Date(d)) = path.state.answers.get(&a.node_id) {
            a.answer_text = date_range_text(&path.state, &a.node_id, *d, lang)?;
        }
        out.push(a);
    }
    Ok(out)
}

fn date_range_text(state: &RunState, node: &str, probe: NaiveDate, lang: Lang) -> Result<String, ChecklistError> {
    let mut at = state.clone();
    guide::change(&mut at, node)?;
    let (Some(early), Some(late)) = (date(EARLY), date(LATE)) else { return Err(ChecklistError::DataInvalid) };
    let want = signature(&answered(&at, node, Answer::Date(probe))?, lang)?;
    let same = |d: NaiveDate| -> Result<bool, ChecklistError> {
        Ok(signature(&answered(&at, node, Answer::Date(d))?, lang)? == want)
    };
    // Find the first date whose branch differs from the other end's: the cutoff.
    let probe_is_early = probe == early;
    let (mut lo, mut hi) = (early, late);
    if same(if probe_is_early { late } else { early })? {
        return Ok(match lang {
            Lang::ZhCn => "任何日期".to_owned(),
            Lang::ZhTw => "任何日期".to_owned(),
            Lang::En => "any date".to_owned(),
        });
    }
    // Invariant: branch(lo) == branch(early), branch(hi) == branch(late), lo < hi.
    while (hi - lo).num_days() > 1 {
        let mid = lo + chrono::Duration::days((hi - lo).num_days() / 2);
        let mid_like_early = same(mid)? == probe_is_early;
        if mid_like_early {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let cutoff = format_date(hi, lang);
    Ok(match (probe_is_early, lang) {
        (true, Lang::ZhCn) => format!("{cutoff}以前（本清单的假设）"),
        (true, Lang::ZhTw) => format!("{cutoff}以前（本清單的假設）"),
        (true, Lang::En) => format!("before {cutoff} (assumed by this checklist)"),
        (false, Lang::ZhCn) => format!("{cutoff}或以后（本清单的假设）"),
        (false, Lang::ZhTw) => format!("{cutoff}或以後（本清單的假設）"),
        (false, Lang::En) => format!("on or after {cutoff} (assumed by this checklist)"),
    })
}

/// A date as the guide writes it: `2021年12月17日`, `17 December 2021`.
pub(crate) fn format_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::ZhCn | Lang::ZhTw => d.format("%Y年%-m月%-d日").to_string(),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

/// Every `flow:node` step that some path of some bundled flow passes (for data validation).
pub(crate) fn reachable_steps() -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for flow in guide::flow_ids() {
        for p in all_paths(&flow, Lang::ZhCn).unwrap_or_default() {
            out.extend(p.plan.steps.iter().map(|s| format!("{flow}:{}", s.node_id)));
        }
    }
    out
}
