//! The search's own data (`data/search/keywords.toml`): per-guide keywords, synonyms, the
//! words that name a portal, and look-alike sites the app does not guide.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;
use thiserror::Error;

use crate::catalog::{Portal, Role};
use crate::content::{Cached, ContentSet};
use crate::lang::Text;

/// Where the keywords live in the content pack.
const PATH: &str = "data/search/keywords.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FlowWords {
    pub words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Synonyms {
    pub group: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PortalWords {
    /// The portal's names and hosts: they say which portal, never which problem.
    #[serde(default)]
    pub names: Vec<String>,
    /// Other words that imply the portal (its systems, its features).
    pub words: Vec<String>,
}

/// Words that say which kind of applicant is asking (执业药师, 教师资格).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RoleWords {
    pub words: Vec<String>,
}

/// A site the app has no guide for, that applicants confuse with a portal.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Elsewhere {
    pub id: String,
    pub name: Text,
    pub words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Keywords {
    #[serde(default)]
    pub flow: BTreeMap<String, FlowWords>,
    #[serde(default)]
    pub synonyms: Vec<Synonyms>,
    /// Keyed by portal id as text: an id the app does not know (yet) is skipped.
    #[serde(default)]
    pub portal: BTreeMap<String, PortalWords>,
    #[serde(default)]
    pub elsewhere: Vec<Elsewhere>,
    /// Keyed by role id as text (`pharmacist`, `teacher`): an id the app does not know is skipped.
    #[serde(default)]
    pub role: BTreeMap<String, RoleWords>,
}

/// A portal or role id as the app spells it (`nmpa`, `teacher`), or `None` for one it does not know.
fn known_id<T: serde::de::DeserializeOwned>(id: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(id.to_owned())).ok()
}

impl Keywords {
    fn known_portals(&self) -> impl Iterator<Item = (Portal, &PortalWords)> {
        self.portal.iter().filter_map(|(id, w)| Some((known_id::<Portal>(id)?, w)))
    }

    /// The words that name or imply each portal the app knows (names included).
    pub fn portal_words(&self) -> Vec<(Portal, Vec<String>)> {
        self.known_portals().map(|(p, w)| (p, w.names.iter().chain(&w.words).cloned().collect())).collect()
    }

    /// The words that say who is asking, for each role the app knows.
    pub fn role_words(&self) -> Vec<(Role, &[String])> {
        self.role.iter().filter_map(|(id, w)| Some((known_id::<Role>(id)?, w.words.as_slice()))).collect()
    }

    /// The names (and hosts) of each portal the app knows.
    pub fn portal_names(&self) -> Vec<(Portal, &[String])> {
        self.known_portals().map(|(p, w)| (p, w.names.as_slice())).collect()
    }
}

/// Why the keyword data is unusable, or what it says that does not fit the guides.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeywordsError {
    #[error("keywords.toml does not parse: {0}")]
    Parse(String),
    #[error("keywords.toml: a word in {0} is blank")]
    Blank(String),
    #[error("keywords.toml: synonym group {0:?} needs at least two words")]
    ShortGroup(Vec<String>),
}

/// Parses the data and checks what does not depend on the guides.
pub(super) fn parse(src: &str) -> Result<Keywords, KeywordsError> {
    let k: Keywords = toml::from_str(src).map_err(|e| KeywordsError::Parse(e.to_string()))?;
    for (id, f) in &k.flow {
        if f.words.iter().any(|w| w.trim().is_empty()) {
            return Err(KeywordsError::Blank(format!("flow.{id}")));
        }
    }
    for g in &k.synonyms {
        if g.group.len() < 2 {
            return Err(KeywordsError::ShortGroup(g.group.clone()));
        }
        if g.group.iter().any(|w| w.trim().is_empty()) {
            return Err(KeywordsError::Blank("synonyms".into()));
        }
    }
    for (id, p) in &k.portal {
        if p.words.iter().chain(&p.names).any(|w| w.trim().is_empty()) {
            return Err(KeywordsError::Blank(format!("portal.{id}")));
        }
    }
    for (id, r) in &k.role {
        if r.words.iter().any(|w| w.trim().is_empty()) {
            return Err(KeywordsError::Blank(format!("role.{id}")));
        }
    }
    for e in &k.elsewhere {
        if e.words.iter().any(|w| w.trim().is_empty()) || e.name.has_blank() {
            return Err(KeywordsError::Blank(format!("elsewhere {}", e.id)));
        }
    }
    Ok(k)
}

/// The keyword entries whose flow id is not a flow (yet): skipped by the index. The four
/// guides of issue 16 may be listed before they land; anything else is a typo.
pub fn unknown_flow_ids<S: AsRef<str>>(flow_ids: &[S]) -> Vec<String> {
    unknown_in(&bundled(), flow_ids)
}

fn unknown_in<S: AsRef<str>>(k: &Keywords, flow_ids: &[S]) -> Vec<String> {
    k.flow.keys().filter(|id| !flow_ids.iter().any(|f| f.as_ref() == id.as_str())).cloned().collect()
}

/// The flow ids that may have keywords before their guide exists (issue 16's new guides).
pub const PENDING_FLOWS: [&str; 4] =
    ["nmpa_registration", "cpta_account", "jszg_certification", "ctid_network_identity"];

/// The content check for packs: the file parses, and names only topics (or pending guides).
pub(crate) fn check(set: &ContentSet) -> Result<(), String> {
    let k = parse(set.text(PATH).unwrap_or_default()).map_err(|e| e.to_string())?;
    let topics = crate::catalog::topic_ids();
    match unknown_in(&k, &topics).into_iter().find(|id| !PENDING_FLOWS.contains(&id.as_str())) {
        Some(id) => Err(format!("keywords.toml names `{id}`, which is no guide")),
        None => Ok(()),
    }
}

/// The keywords of the content in use; empty (no keywords, the search still works) if they
/// were broken, which `bundled_keywords_are_valid` and the pack checks forbid.
pub(super) fn bundled() -> Arc<Keywords> {
    static CELL: Cached<Keywords> = Cached::new();
    CELL.get(|set| {
        parse(set.text(PATH).unwrap_or_default()).unwrap_or(Keywords {
            flow: BTreeMap::new(),
            synonyms: Vec::new(),
            portal: BTreeMap::new(),
            elsewhere: Vec::new(),
            role: BTreeMap::new(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_keywords_are_valid() {
        let k =
            parse(ContentSet::bundled().text(PATH).unwrap_or_default()).expect("bundled keywords.toml must be valid");
        assert!(!k.flow.is_empty() && !k.synonyms.is_empty() && !k.elsewhere.is_empty());
        // Every portal has cue words; ids of portals the app does not know yet are skipped.
        let known: Vec<Portal> = k.portal_words().into_iter().map(|(p, _)| p).collect();
        for p in Portal::ALL {
            assert!(known.contains(&p), "no cue words for {p:?}");
        }
        // Every kind of applicant has the words that say who is asking.
        let roles: Vec<Role> = k.role_words().into_iter().filter(|(_, w)| !w.is_empty()).map(|(r, _)| r).collect();
        for r in Role::ALL {
            assert!(roles.contains(&r), "no role words for {r:?}");
        }
    }

    #[test]
    fn keyword_flow_ids_are_bundled_flows_or_pending_new_guides() {
        let flows = crate::guide::flow_ids();
        for id in unknown_flow_ids(&flows) {
            // Issue 16's guides may be listed before they exist: warn, do not fail.
            assert!(PENDING_FLOWS.contains(&id.as_str()), "keywords.toml names `{id}`, which is no flow");
            eprintln!("warning: keywords.toml lists `{id}`, not a bundled flow yet: skipped until it exists");
        }
        // Every bundled flow has its keyword entry.
        for id in &flows {
            assert!(bundled().flow.contains_key(id), "keywords.toml has no entry for flow `{id}`");
        }
    }

    #[test]
    fn broken_data_is_reported() {
        assert!(matches!(parse("flow = 3"), Err(KeywordsError::Parse(_))));
        assert_eq!(parse("[[synonyms]]\ngroup = [\"a\"]").err(), Some(KeywordsError::ShortGroup(vec!["a".into()])));
        assert_eq!(parse("[flow.x]\nwords = [\" \"]").err(), Some(KeywordsError::Blank("flow.x".into())));
        assert_eq!(parse("[role.teacher]\nwords = [\"\"]").err(), Some(KeywordsError::Blank("role.teacher".into())));
    }
}
