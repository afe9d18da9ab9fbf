//! The materials section: what to have at hand, derived from explicit data, never from wording.
//!
//! `data/checklist/materials.toml` says which steps need which material (by `flow:node`, or by a
//! rule on the step's markers: `identity_check`, or an e-mail to send). E-mail attachments come
//! from the step's own e-mail data. See the data file for the rules.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Deserialize;

use super::Item;
use crate::content::{Cached, ContentSet};
use crate::guide::{Plan, PlanStep};
use crate::lang::{Lang, Text};

/// Where the materials live in the content pack.
const PATH: &str = "data/checklist/materials.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    material: Vec<Material>,
}

/// Which step markers make a material needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Rule {
    IdentityCheck,
    Email,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Material {
    id: String,
    rule: Option<Rule>,
    #[serde(default)]
    steps: Vec<String>,
    /// Shared steps (`guides/shared.toml`) that need it, wherever a flow uses them.
    #[serde(default)]
    shared: Vec<String>,
    text: Text,
    #[serde(default)]
    details: Vec<Text>,
}

impl Material {
    fn needed_by(&self, flow_id: &str, step: &PlanStep) -> bool {
        let by_rule = match self.rule {
            Some(Rule::IdentityCheck) => step.identity_check,
            Some(Rule::Email) => step.email.is_some(),
            None => false,
        };
        let by_shared = !self.shared.is_empty()
            && crate::guide::shared_step_of(flow_id, &step.node_id).is_some_and(|s| self.shared.contains(&s));
        by_rule || by_shared || self.steps.iter().any(|s| s.split_once(':') == Some((flow_id, step.node_id.as_str())))
    }
}

fn parse(set: &ContentSet) -> Result<File, String> {
    toml::from_str(set.text(PATH).unwrap_or_default()).map_err(|e| format!("materials.toml: {e}"))
}

fn data() -> Arc<Vec<Material>> {
    static CELL: Cached<Vec<Material>> = Cached::new();
    // Tests (and pack installs) check the data parses; if it did not, the checklist just has no
    // declared materials.
    CELL.get(|set| parse(set).map(|f| f.material).unwrap_or_default())
}

/// The materials the plan's steps need, in the order the steps first need them.
pub(crate) fn for_plan(plan: &Plan, lang: Lang) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut seen_attachments = HashSet::new();
    let materials = data();
    for step in &plan.steps {
        for m in materials.iter() {
            let id = format!("m:{}", m.id);
            if m.needed_by(&plan.flow_id, step) && !out.iter().any(|i| i.id == id) {
                out.push(Item {
                    id,
                    text: m.text.get(lang).to_owned(),
                    details: m.details.iter().map(|t| t.get(lang).to_owned()).collect(),
                    page: None,
                    url: None,
                    menu_path: Vec::new(),
                    source: step.source.display.clone(),
                });
            }
        }
        if let Some(att) = step.email.as_ref().and_then(|e| e.attachment.as_ref()) {
            if seen_attachments.insert(att.clone()) {
                out.push(Item {
                    id: format!("m:attachment:{}", step.node_id),
                    text: attachment_label(lang).to_owned(),
                    details: vec![att.clone()],
                    page: None,
                    url: None,
                    menu_path: Vec::new(),
                    source: step.source.display.clone(),
                });
            }
        }
    }
    out
}

fn attachment_label(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "邮件附件（先准备好）",
        Lang::ZhTw => "郵件附件（先準備好）",
        Lang::En => "The e-mail attachment (prepare it first)",
    }
}

/// Data errors: parse failures, bad or repeated ids, blank texts, steps that no path reaches.
pub(crate) fn validate(set: &ContentSet) -> Vec<String> {
    let file = match parse(set) {
        Ok(f) => f,
        Err(e) => return vec![e],
    };
    let mut errors = Vec::new();
    let mut ids = HashSet::new();
    let known = super::paths::reachable_steps();
    for m in &file.material {
        if m.id.is_empty() || !m.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            errors.push(format!("material `{}`: bad id", m.id));
        }
        if !ids.insert(m.id.as_str()) {
            errors.push(format!("material `{}` is declared twice", m.id));
        }
        for sh in &m.shared {
            let used = known.iter().any(|k| {
                k.split_once(':').is_some_and(|(f, n)| crate::guide::shared_step_of(f, n).as_ref() == Some(sh))
            });
            if !used {
                errors.push(format!("material `{}`: shared step `{sh}` is used on no path", m.id));
            }
        }
        if m.rule.is_none() && m.steps.is_empty() && m.shared.is_empty() {
            errors.push(format!("material `{}` is needed by no step", m.id));
        }
        if m.text.has_blank() || m.details.iter().any(Text::has_blank) {
            errors.push(format!("material `{}` has blank text", m.id));
        }
        for s in &m.steps {
            if !known.contains(s) {
                errors.push(format!("material `{}`: `{s}` is no step on any path", m.id));
            }
        }
    }
    errors
}
