//! The declared portal messages, normalised once, with what a match shows about each flow.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::normalize::normalize;
use super::score::Prepared;
use crate::catalog::{topics_for, Portal, Role};
use crate::lang::Lang;

/// One declared message, ready to compare.
#[derive(Debug)]
pub(super) struct Entry {
    pub flow_id: &'static str,
    pub node_id: Option<&'static str>,
    /// The portal's text as declared.
    pub message: String,
    pub prepared: Prepared,
    /// The flow's position in the guide files: ties go to the earlier flow.
    pub flow_order: usize,
}

/// What the catalog says about a flow: its portal and its title in each language.
#[derive(Debug)]
pub(super) struct FlowInfo {
    pub portal: Portal,
    titles: HashMap<Lang, String>,
}

impl FlowInfo {
    pub fn title(&self, lang: Lang) -> &str {
        self.titles.get(&lang).map(String::as_str).unwrap_or_default()
    }
}

#[derive(Debug)]
pub(super) struct Index {
    pub entries: Vec<Entry>,
    pub flows: HashMap<&'static str, FlowInfo>,
}

fn build() -> Index {
    let order: HashMap<&str, usize> = crate::guide::flow_ids().into_iter().enumerate().map(|(i, id)| (id, i)).collect();
    let entries = crate::guide::declared_messages()
        .into_iter()
        .map(|m| Entry {
            flow_id: m.flow_id,
            node_id: m.node_id,
            prepared: Prepared::new(normalize(&m.text)),
            flow_order: order.get(m.flow_id).copied().unwrap_or(usize::MAX),
            message: m.text,
        })
        .collect();

    let mut flows: HashMap<&'static str, FlowInfo> = HashMap::new();
    for id in crate::catalog::topic_ids() {
        for lang in Lang::ALL {
            for role in Role::ALL {
                for topic in topics_for(role, lang).into_iter().filter(|t| t.id == id) {
                    let info =
                        flows.entry(id).or_insert_with(|| FlowInfo { portal: topic.portal, titles: HashMap::new() });
                    info.titles.insert(lang, topic.title);
                }
            }
        }
    }
    Index { entries, flows }
}

/// Built on first use; the guide data and catalog are compiled in.
pub(super) fn index() -> &'static Index {
    static CELL: OnceLock<Index> = OnceLock::new();
    CELL.get_or_init(build)
}
