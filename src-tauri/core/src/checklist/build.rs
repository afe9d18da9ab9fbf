//! Turning a plan into a checklist: steps, dated waits, notes, materials and notices.

use chrono::{Days, NaiveDate};

use super::{materials, notices, Basis, Checklist, Item, WaitItem};
use crate::guide::{AnswerView, Plan, PlanStep, StepKind, WaitView};
use crate::lang::Lang;
use crate::workdays;

fn item(prefix: &str, s: &PlanStep, lang: Lang) -> Item {
    let mut details = s.details.clone();
    if let Some(e) = &s.email {
        let (to, subject) = match lang {
            Lang::ZhCn => ("收件人：", "主题："),
            Lang::ZhTw => ("收件人：", "主旨："),
            Lang::En => ("To: ", "Subject: "),
        };
        details.push(format!("{to}{}", e.to));
        details.push(format!("{subject}{}", e.subject));
        details.extend(e.lines.iter().cloned());
    }
    Item {
        id: format!("{prefix}:{}", s.node_id),
        text: s.text.clone(),
        details,
        page: s.page.clone(),
        url: s.url.clone(),
        menu_path: s.menu_path.clone(),
        source: s.source.display.clone(),
    }
}

/// The end of a wait starting on `from`. Hours end the same day (0) or after whole days (24 h is
/// the next day); working days are counted with the bundled holiday calendar.
fn wait_end(from: NaiveDate, wait: WaitView) -> (Option<NaiveDate>, Vec<i32>) {
    match wait {
        WaitView::Hours(h) => (from.checked_add_days(Days::new(u64::from(h.div_ceil(24)))), Vec::new()),
        WaitView::WorkingDays(n) => match workdays::add_working_days(from, n) {
            Ok(c) => (Some(c.value), c.years_without_data),
            Err(_) => (None, Vec::new()),
        },
    }
}

pub(crate) fn from_plan(
    plan: &Plan,
    basis: Basis,
    answers: Vec<AnswerView>,
    today: NaiveDate,
    lang: Lang,
) -> Checklist {
    let mut steps = Vec::new();
    let mut waits = Vec::new();
    let mut notes = Vec::new();
    // Waits follow one another: each starts when the previous one is expected to end.
    let mut cursor = today;
    for s in &plan.steps {
        match (s.kind, s.wait) {
            (StepKind::Wait, Some(w)) => {
                let (until, years_without_data) = wait_end(cursor, w);
                waits.push(WaitItem { item: item("w", s, lang), wait: w, from: cursor, until, years_without_data });
                cursor = until.unwrap_or(cursor);
            }
            (StepKind::Action, _) | (StepKind::Wait, None) => steps.push(item("s", s, lang)),
            (StepKind::Fact, _) => notes.push(item("n", s, lang)),
        }
    }
    Checklist {
        flow_id: plan.flow_id.clone(),
        lang,
        title: plan.title.clone(),
        generated_on: today,
        basis,
        answers,
        outcome_title: plan.outcome_title.clone(),
        summary: plan.summary.clone(),
        materials: materials::for_plan(plan, lang),
        steps,
        waits,
        notes,
        notices: notices::notices_for(&plan.flow_id, today, lang),
    }
}
