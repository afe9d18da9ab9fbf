//! The data rules every flow must satisfy. The bundled files are checked by tests, and the
//! app refuses (politely, with a typed error) to run flows that break them.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use thiserror::Error;

use super::model::{Flow, GuideFile, Message, Node, NodeKind, SharedFile, Source};
use crate::catalog::Portal;
use crate::lang::Text;

/// Markers that later issues hook into. Unknown values are data errors.
pub const TEMPLATES: [&str; 3] = ["jszg_account_check", "jszg_contact_change", "jszg_info_fix"];
pub const FORMS: [&str; 1] = ["nmpa_feedback"];

/// One broken rule in the guide data.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum ValidationError {
    #[error("{file}: does not parse: {message}")]
    Parse { file: String, message: String },
    #[error("flow `{flow}` is defined more than once")]
    DuplicateFlow { flow: String },
    #[error("flow ids differ from the topic ids: missing flows {missing:?}, flows without a topic {extra:?}")]
    FlowIdsMismatch { missing: Vec<String>, extra: Vec<String> },
    #[error("`{id}` is not a valid id (lower-case letters, digits and _ only)")]
    BadId { id: String },
    #[error("flow `{flow}`: node `{node}` is defined more than once")]
    DuplicateNode { flow: String, node: String },
    #[error("flow `{flow}`: start node `{start}` does not exist")]
    MissingStart { flow: String, start: String },
    #[error("flow `{flow}`: node `{node}` leads to `{target}`, which does not exist")]
    DanglingNext { flow: String, node: String, target: String },
    #[error("flow `{flow}`: node `{node}` cannot be reached from the start")]
    Unreachable { flow: String, node: String },
    #[error("flow `{flow}`: node `{node}` is on a cycle")]
    Cycle { flow: String, node: String },
    #[error("flow `{flow}`: question `{node}` has no choices, so its path never reaches an outcome")]
    DeadEnd { flow: String, node: String },
    #[error("flow `{flow}`: question `{node}` offers only one choice")]
    TooFewChoices { flow: String, node: String },
    #[error("flow `{flow}` has no outcome")]
    NoOutcome { flow: String },
    #[error("flow `{flow}`: node `{node}` lacks `{field}`")]
    MissingField { flow: String, node: String, field: String },
    #[error("flow `{flow}`: node `{node}` may not have `{field}`")]
    FieldNotAllowed { flow: String, node: String, field: String },
    #[error("flow `{flow}`: step `{node}` cites no source")]
    MissingSource { flow: String, node: String },
    #[error("flow `{flow}`: node `{node}` cites a bad source: {reason}")]
    BadSource { flow: String, node: String, reason: String },
    #[error("flow `{flow}`: node `{node}` has blank text in `{field}`")]
    BlankText { flow: String, node: String, field: String },
    #[error("flow `{flow}`: question `{node}` repeats choice `{choice}`")]
    DuplicateChoice { flow: String, node: String, choice: String },
    #[error("flow `{flow}`: wait `{node}` needs exactly one positive `hours` or `working_days`")]
    BadWait { flow: String, node: String },
    #[error("flow `{flow}`: node `{node}` has a link that is not an http(s) address: {url}")]
    BadUrl { flow: String, node: String, url: String },
    #[error("flow `{flow}`: node `{node}`: {reason}")]
    BadMarker { flow: String, node: String, reason: String },
    #[error("flow `{flow}`: portal message “{message}”: {reason}")]
    BadMessage { flow: String, message: String, reason: String },
    #[error("portal message “{message}” is declared more than once (flows {flows:?}); declare it once, on the flow it leads to")]
    DuplicateMessage { message: String, flows: Vec<String> },
    #[error("shared step `{step}`: {reason}")]
    BadSharedStep { step: String, reason: String },
    #[error("flow `{flow}`: node `{node}` uses shared step `{step}`: {reason}")]
    BadUse { flow: String, node: String, step: String, reason: String },
    #[error("flow `{flow}`: node `{node}`: {url} is not on a host of {portal:?}: {reason}")]
    WrongHost { flow: String, node: String, url: String, portal: Option<Portal>, reason: String },
    #[error("flow `{flow}`: node `{node}` links to guide `{guide}`, which does not exist")]
    UnknownGuide { flow: String, node: String, guide: String },
}

/// A message needs this many letters or digits: anything shorter matches too much text.
pub const MIN_MESSAGE_CHARS: usize = 4;

/// Parsed and validated flows with their indexes.
#[derive(Debug)]
pub(crate) struct Guides {
    pub flows: Vec<Flow>,
    flow_index: HashMap<String, usize>,
    node_index: Vec<HashMap<String, usize>>,
    /// Per flow and node: the largest number of questions on any path from the node to an outcome.
    longest: Vec<HashMap<String, u32>>,
}

impl Guides {
    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flow_index.get(id).map(|&i| &self.flows[i])
    }

    pub fn node<'a>(&'a self, flow: &'a Flow, id: &str) -> Option<&'a Node> {
        let i = *self.flow_index.get(flow.id.as_str())?;
        self.node_index[i].get(id).map(|&n| &flow.node[n])
    }

    pub fn longest_from(&self, flow: &Flow, node: &str) -> u32 {
        self.flow_index.get(flow.id.as_str()).and_then(|&i| self.longest[i].get(node).copied()).unwrap_or(0)
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The keys a node that uses a shared step may carry itself.
const USE_KEYS: [&str; 3] = ["id", "use", "next"];

/// Parses the shared steps, then the flow files (replacing each `use` node with a copy of its
/// shared step), and checks every rule. When `catalog` is given, the set of flow ids must equal
/// its topic ids, and each flow's links must be on its topic's portal.
pub(crate) fn load(
    files: &[(&str, &str)],
    shared: &str,
    catalog: Option<&[(&str, Portal)]>,
) -> Result<Guides, Vec<ValidationError>> {
    let mut errors = Vec::new();
    let shared_steps = load_shared(shared, &mut errors);
    let mut flows = Vec::new();
    for (name, src) in files {
        match toml::from_str::<toml::Table>(src) {
            Ok(mut doc) => {
                resolve_uses(&mut doc, &shared_steps, &mut errors);
                match toml::Value::Table(doc).try_into::<GuideFile>() {
                    Ok(f) => flows.extend(f.flow),
                    Err(e) => errors.push(ValidationError::Parse { file: (*name).to_owned(), message: e.to_string() }),
                }
            }
            Err(e) => errors.push(ValidationError::Parse { file: (*name).to_owned(), message: e.to_string() }),
        }
    }
    if let Some(topics) = catalog {
        // Flows in the catalog's order, whatever files they come from.
        flows.sort_by_key(|f| topics.iter().position(|(id, _)| *id == f.id).unwrap_or(usize::MAX));
    }
    let portal_of: HashMap<&str, Portal> = catalog.unwrap_or(&[]).iter().map(|(id, p)| (*id, *p)).collect();
    let flow_ids: HashSet<&str> = flows.iter().map(|f| f.id.as_str()).collect();

    let mut seen = HashSet::new();
    for f in &flows {
        if !valid_id(&f.id) {
            errors.push(ValidationError::BadId { id: f.id.clone() });
        }
        if !seen.insert(f.id.as_str()) {
            errors.push(ValidationError::DuplicateFlow { flow: f.id.clone() });
        }
        check_flow(f, portal_of.get(f.id.as_str()).copied(), &mut errors);
        for n in &f.node {
            if let Some(g) = &n.guide {
                if !flow_ids.contains(g.as_str()) || *g == f.id {
                    errors.push(ValidationError::UnknownGuide {
                        flow: f.id.clone(),
                        node: n.id.clone(),
                        guide: g.clone(),
                    });
                }
            }
        }
    }

    check_duplicate_messages(&flows, &mut errors);

    if let Some(topics) = catalog {
        let want: BTreeSet<&str> = topics.iter().map(|(id, _)| *id).collect();
        let have: BTreeSet<&str> = flows.iter().map(|f| f.id.as_str()).collect();
        if want != have {
            errors.push(ValidationError::FlowIdsMismatch {
                missing: want.difference(&have).map(|s| (*s).to_owned()).collect(),
                extra: have.difference(&want).map(|s| (*s).to_owned()).collect(),
            });
        }
    }

    if !errors.is_empty() {
        return Err(errors);
    }

    let flow_index = flows.iter().enumerate().map(|(i, f)| (f.id.clone(), i)).collect();
    let node_index: Vec<HashMap<String, usize>> =
        flows.iter().map(|f| f.node.iter().enumerate().map(|(i, n)| (n.id.clone(), i)).collect()).collect();
    let longest = flows.iter().zip(&node_index).map(|(f, idx)| longest_questions(f, idx)).collect();
    Ok(Guides { flows, flow_index, node_index, longest })
}

/// The shared steps by id, as TOML tables (checked as nodes of their own: a step needs a kind,
/// texts and a source, and carries no `next`: the flow that uses it says where to go).
fn load_shared(src: &str, errors: &mut Vec<ValidationError>) -> HashMap<String, toml::Table> {
    let bad = |step: &str, reason: String| ValidationError::BadSharedStep { step: step.to_owned(), reason };
    let mut out = HashMap::new();
    let doc = match toml::from_str::<toml::Table>(src) {
        Ok(d) => d,
        Err(e) => {
            errors.push(ValidationError::Parse { file: "shared.toml".into(), message: e.to_string() });
            return out;
        }
    };
    if let Err(e) = toml::Value::Table(doc.clone()).try_into::<SharedFile>() {
        errors.push(ValidationError::Parse { file: "shared.toml".into(), message: e.to_string() });
        return out;
    }
    let steps = doc.get("step").and_then(|v| v.as_array()).cloned().unwrap_or_default();
    for v in steps {
        let Some(t) = v.as_table() else { continue };
        let id = t.get("id").and_then(|v| v.as_str()).unwrap_or("").to_owned();
        if !valid_id(&id) {
            errors.push(ValidationError::BadId { id: format!("shared/{id}") });
        }
        for key in ["next", "use", "shared"] {
            if t.contains_key(key) {
                errors.push(bad(&id, format!("a shared step may not have `{key}`")));
            }
        }
        let kind = t.get("kind").and_then(|v| v.as_str()).unwrap_or("");
        if !matches!(kind, "fact" | "action" | "wait") {
            errors.push(bad(&id, format!("a shared step is a fact, action or wait, not `{kind}`")));
        }
        if out.insert(id.clone(), t.clone()).is_some() {
            errors.push(bad(&id, "declared twice".into()));
        }
    }
    out
}

/// Replaces every `[[flow.node]]` that has `use = "<step>"` with a copy of the shared step,
/// keeping the node's own `id` and `next`, and recording where it came from in `shared`.
fn resolve_uses(doc: &mut toml::Table, shared: &HashMap<String, toml::Table>, errors: &mut Vec<ValidationError>) {
    let Some(flows) = doc.get_mut("flow").and_then(|v| v.as_array_mut()) else { return };
    for flow in flows {
        let Some(flow) = flow.as_table_mut() else { continue };
        let fid = flow.get("id").and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let Some(nodes) = flow.get_mut("node").and_then(|v| v.as_array_mut()) else { continue };
        for node in nodes {
            let Some(t) = node.as_table_mut() else { continue };
            let nid = t.get("id").and_then(|v| v.as_str()).unwrap_or("").to_owned();
            let bad = |step: &str, reason: &str| ValidationError::BadUse {
                flow: fid.clone(),
                node: nid.clone(),
                step: step.to_owned(),
                reason: reason.to_owned(),
            };
            if t.contains_key("shared") {
                errors.push(bad("", "`shared` is set by the loader; write `use`"));
                t.remove("shared");
            }
            let Some(step) = t.get("use").and_then(|v| v.as_str()).map(str::to_owned) else {
                if t.contains_key("use") {
                    errors.push(bad("", "`use` must name a shared step"));
                    t.remove("use");
                }
                continue;
            };
            if let Some(extra) = t.keys().find(|k| !USE_KEYS.contains(&k.as_str())) {
                errors.push(bad(
                    &step,
                    &format!("a node that uses a shared step has only id, use and next, not `{extra}`"),
                ));
            }
            let Some(base) = shared.get(&step) else {
                errors.push(bad(&step, "no such shared step"));
                t.remove("use");
                continue;
            };
            let mut copy = base.clone();
            copy.insert("id".into(), toml::Value::String(nid.clone()));
            if let Some(next) = t.get("next") {
                copy.insert("next".into(), next.clone());
            }
            copy.insert("shared".into(), toml::Value::String(step.clone()));
            *t = copy;
        }
    }
}

fn longest_questions(flow: &Flow, idx: &HashMap<String, usize>) -> HashMap<String, u32> {
    fn go(flow: &Flow, idx: &HashMap<String, usize>, id: &str, memo: &mut HashMap<String, u32>, depth: usize) -> u32 {
        if let Some(v) = memo.get(id) {
            return *v;
        }
        let Some(node) = idx.get(id).map(|&i| &flow.node[i]) else { return 0 };
        // Validated data is acyclic; the depth bound only guards against misuse.
        let below = if depth > flow.node.len() {
            0
        } else {
            node.successors().iter().map(|s| go(flow, idx, s, memo, depth + 1)).max().unwrap_or(0)
        };
        let v = below + u32::from(node.kind.is_question());
        memo.insert(id.to_owned(), v);
        v
    }
    let mut memo = HashMap::new();
    for n in &flow.node {
        go(flow, idx, &n.id, &mut memo, 0);
    }
    memo
}

struct Ctx<'a> {
    flow: &'a str,
    /// The flow's portal (from the catalog), which its links must be on.
    portal: Option<Portal>,
    errors: &'a mut Vec<ValidationError>,
}

impl Ctx<'_> {
    fn missing(&mut self, node: &str, field: &str) {
        self.errors.push(ValidationError::MissingField {
            flow: self.flow.into(),
            node: node.into(),
            field: field.into(),
        });
    }
    fn not_allowed(&mut self, node: &str, field: &str) {
        self.errors.push(ValidationError::FieldNotAllowed {
            flow: self.flow.into(),
            node: node.into(),
            field: field.into(),
        });
    }
    fn text(&mut self, node: &str, field: &str, t: &Text) {
        if t.has_blank() {
            self.errors.push(ValidationError::BlankText {
                flow: self.flow.into(),
                node: node.into(),
                field: field.into(),
            });
        }
    }
    fn marker(&mut self, node: &str, reason: impl Into<String>) {
        self.errors.push(ValidationError::BadMarker {
            flow: self.flow.into(),
            node: node.into(),
            reason: reason.into(),
        });
    }
}

fn check_flow(flow: &Flow, portal: Option<Portal>, errors: &mut Vec<ValidationError>) {
    let fid = flow.id.as_str();
    let mut cx = Ctx { flow: fid, portal, errors };
    cx.text("(flow)", "title", &flow.title);

    let mut index: HashMap<&str, &Node> = HashMap::new();
    for n in &flow.node {
        if !valid_id(&n.id) {
            cx.errors.push(ValidationError::BadId { id: format!("{fid}/{}", n.id) });
        }
        if index.insert(n.id.as_str(), n).is_some() {
            cx.errors.push(ValidationError::DuplicateNode { flow: fid.into(), node: n.id.clone() });
        }
        check_node(n, &mut cx);
    }
    for m in &flow.message {
        check_message(m, &index, &mut cx);
    }

    if !index.contains_key(flow.start.as_str()) {
        cx.errors.push(ValidationError::MissingStart { flow: fid.into(), start: flow.start.clone() });
        return;
    }
    if !flow.node.iter().any(|n| n.kind == NodeKind::Outcome) {
        cx.errors.push(ValidationError::NoOutcome { flow: fid.into() });
    }

    for n in &flow.node {
        for s in n.successors() {
            if !index.contains_key(s) {
                cx.errors.push(ValidationError::DanglingNext {
                    flow: fid.into(),
                    node: n.id.clone(),
                    target: s.into(),
                });
            }
        }
    }

    // Reachability from the start.
    let mut reached: HashSet<&str> = HashSet::new();
    let mut stack = vec![flow.start.as_str()];
    while let Some(id) = stack.pop() {
        if reached.insert(id) {
            if let Some(n) = index.get(id) {
                stack.extend(n.successors());
            }
        }
    }
    for n in &flow.node {
        if !reached.contains(n.id.as_str()) {
            cx.errors.push(ValidationError::Unreachable { flow: fid.into(), node: n.id.clone() });
        }
    }

    // Cycles: iterative depth-first search with three colours over every node.
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        White,
        Grey,
        Black,
    }
    let mut colour: HashMap<&str, Colour> = flow.node.iter().map(|n| (n.id.as_str(), Colour::White)).collect();
    let mut on_cycle: BTreeSet<String> = BTreeSet::new();
    for root in &flow.node {
        if colour.get(root.id.as_str()) != Some(&Colour::White) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(root.id.as_str(), 0)];
        colour.insert(root.id.as_str(), Colour::Grey);
        while let Some((id, i)) = stack.pop() {
            let succ = index.get(id).map(|n| n.successors()).unwrap_or_default();
            if i < succ.len() {
                stack.push((id, i + 1));
                let s = succ[i];
                match colour.get(s) {
                    Some(Colour::White) => {
                        colour.insert(s, Colour::Grey);
                        stack.push((s, 0));
                    }
                    Some(Colour::Grey) => {
                        on_cycle.insert(s.to_owned());
                    }
                    _ => {}
                }
            } else {
                colour.insert(id, Colour::Black);
            }
        }
    }
    for node in on_cycle {
        cx.errors.push(ValidationError::Cycle { flow: fid.into(), node });
    }
}

/// Rules for a declared portal message: readable text, a node that is a question or a step
/// of the same flow, and a source.
fn check_message(m: &Message, index: &HashMap<&str, &Node>, cx: &mut Ctx<'_>) {
    let mut bad = |reason: String| {
        cx.errors.push(ValidationError::BadMessage { flow: cx.flow.into(), message: m.display(), reason });
    };
    if m.text.trim().is_empty() {
        bad("the text is blank".into());
    }
    if m.label.as_deref().is_some_and(|l| l.trim().is_empty()) {
        bad("the label is blank".into());
    }
    if m.display().chars().filter(|c| c.is_alphanumeric()).count() < MIN_MESSAGE_CHARS {
        bad(format!("fewer than {MIN_MESSAGE_CHARS} letters or digits would match too much; give the field's `label`"));
    }
    if let Some(node) = &m.node {
        match index.get(node.as_str()) {
            None => bad(format!("node `{node}` does not exist")),
            Some(n) if !(n.kind.is_question() || n.kind.is_step()) => {
                bad(format!("node `{node}` is an outcome; a message leads to a question or a step"));
            }
            Some(_) => {}
        }
    }
    match &m.source {
        None => bad("cites no source".into()),
        Some(src) => {
            if let Some(reason) = source_problem(src) {
                bad(format!("bad source: {reason}"));
            }
        }
    }
}

/// The same message on two flows would tie in message search, and twice on one flow is
/// redundant: each message is declared once (compared on its trimmed text and label).
fn check_duplicate_messages(flows: &[Flow], errors: &mut Vec<ValidationError>) {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in flows {
        for m in &f.message {
            let key = m.display().trim().to_owned();
            seen.entry(key).or_default().push(f.id.clone());
        }
    }
    for (message, flows) in seen {
        if flows.len() > 1 {
            errors.push(ValidationError::DuplicateMessage { message, flows });
        }
    }
}

/// What is wrong with a source, if anything.
fn source_problem(src: &Source) -> Option<String> {
    src.problem()
}

fn check_source(src: &Source, node: &str, cx: &mut Ctx<'_>) {
    if let Some(reason) = source_problem(src) {
        cx.errors.push(ValidationError::BadSource { flow: cx.flow.into(), node: node.into(), reason });
    }
}

fn check_node(n: &Node, cx: &mut Ctx<'_>) {
    let id = n.id.as_str();
    let k = n.kind;
    cx.text(id, "text", &n.text);

    // Fields and the kinds that may carry them.
    let allowed: &[(&str, bool, &[NodeKind])] = &[
        ("title", n.title.is_some(), &[NodeKind::Outcome]),
        ("help", n.help.is_some(), &[NodeKind::Question, NodeKind::DateQuestion]),
        ("choices", !n.choices.is_empty(), &[NodeKind::Question]),
        ("cutoff", n.cutoff.is_some(), &[NodeKind::DateQuestion]),
        ("before", n.before.is_some(), &[NodeKind::DateQuestion]),
        ("on_or_after", n.on_or_after.is_some(), &[NodeKind::DateQuestion]),
        ("next", n.next.is_some(), &[NodeKind::Fact, NodeKind::Action, NodeKind::Wait]),
        ("source", n.source.is_some(), &[NodeKind::Fact, NodeKind::Action, NodeKind::Wait]),
        ("details", !n.details.is_empty(), &[NodeKind::Fact, NodeKind::Action, NodeKind::Wait]),
        ("page", n.page.is_some(), &[NodeKind::Action]),
        ("url", n.url.is_some(), &[NodeKind::Action]),
        ("menu_path", !n.menu_path.is_empty(), &[NodeKind::Action]),
        ("hours", n.hours.is_some(), &[NodeKind::Wait]),
        ("working_days", n.working_days.is_some(), &[NodeKind::Wait]),
        ("template", n.template.is_some(), &[NodeKind::Action]),
        ("form", n.form.is_some(), &[NodeKind::Action]),
        ("track", n.track.is_some(), &[NodeKind::Wait]),
        ("identity_check", n.identity_check, &[NodeKind::Fact, NodeKind::Action]),
        ("email", n.email.is_some(), &[NodeKind::Action]),
        ("upload", n.upload.is_some(), &[NodeKind::Action, NodeKind::Fact]),
        ("dates", n.dates.is_some(), &[NodeKind::Action, NodeKind::Fact, NodeKind::Wait]),
        ("portal", n.portal.is_some(), &[NodeKind::Action]),
        ("guide", n.guide.is_some(), &[NodeKind::Fact, NodeKind::Action]),
    ];
    for (field, present, kinds) in allowed {
        if *present && !kinds.contains(&k) {
            cx.not_allowed(id, field);
        }
    }

    match k {
        NodeKind::Question => {
            if n.choices.is_empty() {
                cx.errors.push(ValidationError::DeadEnd { flow: cx.flow.into(), node: id.into() });
            } else if n.choices.len() == 1 {
                cx.errors.push(ValidationError::TooFewChoices { flow: cx.flow.into(), node: id.into() });
            }
            let mut seen = HashSet::new();
            for c in &n.choices {
                if !valid_id(&c.id) {
                    cx.errors.push(ValidationError::BadId { id: format!("{}/{id}/{}", cx.flow, c.id) });
                }
                if !seen.insert(c.id.as_str()) {
                    cx.errors.push(ValidationError::DuplicateChoice {
                        flow: cx.flow.into(),
                        node: id.into(),
                        choice: c.id.clone(),
                    });
                }
                cx.text(id, &format!("choices.{}.label", c.id), &c.label);
            }
        }
        NodeKind::DateQuestion => {
            for (field, present) in [
                ("cutoff", n.cutoff.is_some()),
                ("before", n.before.is_some()),
                ("on_or_after", n.on_or_after.is_some()),
            ] {
                if !present {
                    cx.missing(id, field);
                }
            }
        }
        NodeKind::Fact | NodeKind::Action | NodeKind::Wait => {
            if n.next.is_none() {
                cx.missing(id, "next");
            }
            match &n.source {
                None => cx.errors.push(ValidationError::MissingSource { flow: cx.flow.into(), node: id.into() }),
                Some(s) => check_source(s, id, cx),
            }
        }
        NodeKind::Outcome => {
            if n.title.is_none() {
                cx.missing(id, "title");
            }
        }
    }

    if k == NodeKind::Wait {
        let ok = match (n.hours, n.working_days) {
            (Some(h), None) => h > 0,
            (None, Some(d)) => d > 0,
            _ => false,
        };
        if !ok {
            cx.errors.push(ValidationError::BadWait { flow: cx.flow.into(), node: id.into() });
        }
    }

    for (field, t) in [("title", &n.title), ("help", &n.help), ("page", &n.page)] {
        if let Some(t) = t {
            cx.text(id, field, t);
        }
    }
    for (i, t) in n.details.iter().enumerate() {
        cx.text(id, &format!("details[{i}]"), t);
    }
    for (i, t) in n.menu_path.iter().enumerate() {
        cx.text(id, &format!("menu_path[{i}]"), t);
    }
    if let Some(url) = &n.url {
        check_url(url, n, cx);
    }
    if n.portal.is_some() && n.url.is_none() {
        cx.marker(id, "`portal` says whose page `url` is: it needs a `url`");
    }

    if let Some(p) = &n.upload {
        if crate::photo::preset::preset(p).is_none() {
            cx.marker(id, format!("unknown upload preset `{p}`"));
        }
    }
    if let Some(k) = n.dates {
        if !k.typed() {
            cx.marker(id, format!("date kind `{}` is not one the applicant types in", k.id()));
        }
    }
    if let Some(t) = &n.template {
        if !TEMPLATES.contains(&t.as_str()) {
            cx.marker(id, format!("unknown template `{t}`"));
        }
        if n.email.is_none() {
            cx.marker(id, "a template step must describe its e-mail");
        }
    }
    if n.email.is_some() && n.template.is_none() {
        cx.marker(id, "an e-mail step needs a `template` id");
    }
    if let Some(f) = &n.form {
        if !FORMS.contains(&f.as_str()) {
            cx.marker(id, format!("unknown form `{f}`"));
        }
    }
    if let Some(e) = &n.email {
        if !e.to.contains('@') || e.to.contains(char::is_whitespace) {
            cx.marker(id, format!("`{}` is not an e-mail address", e.to));
        }
        cx.text(id, "email.subject", &e.subject);
        if e.lines.is_empty() {
            cx.missing(id, "email.lines");
        }
        for (i, t) in e.lines.iter().enumerate() {
            cx.text(id, &format!("email.lines[{i}]"), t);
        }
        if let Some(a) = &e.attachment {
            cx.text(id, "email.attachment", a);
        }
    }
}

/// Every link is an `https://` address on a declared host of its portal: the node's own
/// `portal` if it names one, else the flow's (`portals::official_url` is the one host check).
fn check_url(url: &str, n: &Node, cx: &mut Ctx<'_>) {
    let rest = url.strip_prefix("https://");
    if rest.map_or(true, |r| r.is_empty() || r.contains(char::is_whitespace)) {
        cx.errors.push(ValidationError::BadUrl { flow: cx.flow.into(), node: n.id.clone(), url: url.to_owned() });
        return;
    }
    let want = n.portal.or(cx.portal);
    let wrong = |reason: String| ValidationError::WrongHost {
        flow: cx.flow.into(),
        node: n.id.clone(),
        url: url.to_owned(),
        portal: want,
        reason,
    };
    match crate::portals::official_url(url) {
        Err(e) => cx.errors.push(wrong(e.to_string())),
        Ok((p, _)) if want.is_some_and(|w| w != p) => cx.errors.push(wrong(format!("it belongs to {p:?}"))),
        Ok(_) => {}
    }
}
