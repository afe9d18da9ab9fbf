//! What the home screen offers: the kinds of applicant and, for each, the topics it can help with.
//!
//! The data lives in `data/topics.toml`, read from the content in use (bundled, or a newer pack).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::content::{Cached, ContentSet};
use crate::lang::{Lang, Text};

/// Who the applicant is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 执业药师: NMPA online service hall and CPTA e-certificate.
    Pharmacist,
    /// 教师资格申请人: 中国教师资格网.
    Teacher,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Pharmacist, Role::Teacher];
}

/// The official site (or app) a topic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Portal {
    /// 国家药品监督管理局政务服务门户 (formerly 网上办事大厅)
    Nmpa,
    /// 中国人事考试网
    Cpta,
    /// 中国教师资格网
    Jszg,
    /// The national network identity apps (国家网络身份认证 App, CTID App): phone apps, no web
    /// pages the app opens, so no hosts and no "is it up?" check.
    Ctid,
}

impl Portal {
    pub const ALL: [Portal; 4] = [Portal::Nmpa, Portal::Cpta, Portal::Jszg, Portal::Ctid];

    /// The portal's public home page, used for the "is the site up?" check (`data/portals.toml`);
    /// `None` for the identity apps, which have no site to check.
    pub fn home(self) -> Option<String> {
        crate::portals::data(self).and_then(|p| p.home.clone())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicData {
    id: String,
    /// Who sees the topic: one role, or several for a topic both kinds of applicant need
    /// (the national network identity guide), declared once.
    roles: Vec<Role>,
    portal: Portal,
    title: Text,
    /// The guide opens with the ID-number and validity check (issue 4): real-name checks
    /// fail most often on a mistyped number or a wrongly entered validity period.
    #[serde(default)]
    identity_first: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    topic: Vec<TopicData>,
}

/// A topic as the UI shows it, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Topic {
    pub id: String,
    pub role: Role,
    pub portal: Portal,
    pub title: String,
    pub identity_first: bool,
}

/// Why the compiled-in catalog is unusable. Tests make sure this never happens in a release.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum CatalogError {
    #[error("topics.toml does not parse: {0}")]
    Parse(String),
    #[error("topic id `{0}` appears more than once")]
    DuplicateId(String),
    #[error("topic `{0}` has a blank title in some language")]
    BlankTitle(String),
    #[error("role {0:?} has no topics")]
    EmptyRole(Role),
    #[error("topic `{0}` is for nobody (empty or repeated `roles`)")]
    BadRoles(String),
}

/// Where the topics live in the content pack.
const PATH: &str = "data/topics.toml";

fn parse(src: &str) -> Result<Vec<TopicData>, CatalogError> {
    let file: CatalogFile = toml::from_str(src).map_err(|e| CatalogError::Parse(e.to_string()))?;
    let mut seen = std::collections::HashSet::new();
    for t in &file.topic {
        if !seen.insert(t.id.as_str()) {
            return Err(CatalogError::DuplicateId(t.id.clone()));
        }
        if t.title.has_blank() {
            return Err(CatalogError::BlankTitle(t.id.clone()));
        }
        let distinct: std::collections::HashSet<Role> = t.roles.iter().copied().collect();
        if t.roles.is_empty() || distinct.len() != t.roles.len() {
            return Err(CatalogError::BadRoles(t.id.clone()));
        }
    }
    for role in Role::ALL {
        if !file.topic.iter().any(|t| t.roles.contains(&role)) {
            return Err(CatalogError::EmptyRole(role));
        }
    }
    Ok(file.topic)
}

/// The content check for packs.
pub(crate) fn check(set: &ContentSet) -> Result<(), String> {
    parse(set.text(PATH).unwrap_or_default()).map(|_| ()).map_err(|e| e.to_string())
}

fn all() -> Arc<Vec<TopicData>> {
    static CELL: Cached<Vec<TopicData>> = Cached::new();
    // Checked by `bundled_catalog_is_valid` and before a pack is installed; an empty list is
    // the safe fallback rather than a panic in the app.
    CELL.get(|set| parse(set.text(PATH).unwrap_or_default()).unwrap_or_default())
}

/// The topics for one kind of applicant, in data order, titled in `lang`.
pub fn topics_for(role: Role, lang: Lang) -> Vec<Topic> {
    all()
        .iter()
        .filter(|t| t.roles.contains(&role))
        .map(|t| Topic {
            id: t.id.clone(),
            role,
            portal: t.portal,
            title: t.title.get(lang).to_owned(),
            identity_first: t.identity_first,
        })
        .collect()
}

/// All topic ids (each once, in data order), for cross-checks with the guide flows.
pub fn topic_ids() -> Vec<String> {
    all().iter().map(|t| t.id.clone()).collect()
}

/// Each topic's id and portal: a guide's links must be on its portal's hosts.
pub fn topic_portals() -> Vec<(String, Portal)> {
    all().iter().map(|t| (t.id.clone(), t.portal)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_catalog_is_valid() {
        let topics =
            parse(ContentSet::bundled().text(PATH).unwrap_or_default()).expect("bundled topics.toml must be valid");
        assert_eq!(topics.len(), 18, "issue 3 named fourteen flows, issue 16 four more");
    }

    #[test]
    fn each_role_sees_only_its_topics() {
        let ph = topics_for(Role::Pharmacist, Lang::ZhCn);
        let te = topics_for(Role::Teacher, Lang::ZhCn);
        assert_eq!(ph.len(), 9);
        assert_eq!(te.len(), 10);
        assert!(ph
            .iter()
            .all(|t| matches!(t.portal, Portal::Nmpa | Portal::Cpta | Portal::Ctid) && t.role == Role::Pharmacist));
        assert!(te.iter().all(|t| matches!(t.portal, Portal::Jszg | Portal::Ctid) && t.role == Role::Teacher));
    }

    #[test]
    fn the_network_identity_guide_is_one_topic_for_both_roles() {
        let both: Vec<Vec<Topic>> = Role::ALL
            .iter()
            .map(|r| topics_for(*r, Lang::ZhCn).into_iter().filter(|t| t.id == "ctid_network_identity").collect())
            .collect();
        assert!(both.iter().all(|list| list.len() == 1 && list[0].portal == Portal::Ctid));
        assert_eq!(topic_ids().iter().filter(|id| **id == "ctid_network_identity").count(), 1);
        let src = "[[topic]]\nid = \"a\"\nroles = []\nportal = \"nmpa\"\ntitle = { zh-CN = \"一\", zh-TW = \"一\", en = \"one\" }\n";
        assert_eq!(parse(src), Err(CatalogError::BadRoles("a".into())));
        let twice = src.replace("roles = []", "roles = [\"teacher\", \"teacher\"]");
        assert_eq!(parse(&twice), Err(CatalogError::BadRoles("a".into())));
    }

    #[test]
    fn titles_follow_the_language() {
        let zh = topics_for(Role::Teacher, Lang::ZhCn);
        let tw = topics_for(Role::Teacher, Lang::ZhTw);
        let en = topics_for(Role::Teacher, Lang::En);
        assert_eq!(zh[1].title, "登录失败");
        assert_eq!(tw[1].title, "登入失敗");
        assert_eq!(en[1].title, "I cannot log in");
    }

    #[test]
    fn the_real_name_guides_open_with_the_id_check() {
        let all: Vec<Topic> =
            Role::ALL.iter().flat_map(|r| topics_for(*r, Lang::ZhCn)).filter(|t| t.identity_first).collect();
        let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["nmpa_long_term_id", "jszg_real_name", "jszg_hk_mo_tw"]);
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let src = r#"
[[topic]]
id = "a"
roles = ["pharmacist"]
portal = "nmpa"
title = { zh-CN = "一", zh-TW = "一", en = "one" }
[[topic]]
id = "a"
roles = ["teacher"]
portal = "jszg"
title = { zh-CN = "二", zh-TW = "二", en = "two" }
"#;
        assert_eq!(parse(src), Err(CatalogError::DuplicateId("a".into())));
    }

    #[test]
    fn a_role_without_topics_is_rejected() {
        let src = r#"
[[topic]]
id = "a"
roles = ["pharmacist"]
portal = "nmpa"
title = { zh-CN = "一", zh-TW = "一", en = "one" }
"#;
        assert_eq!(parse(src), Err(CatalogError::EmptyRole(Role::Teacher)));
    }

    #[test]
    fn blank_titles_are_rejected() {
        let src = r#"
[[topic]]
id = "a"
roles = ["pharmacist"]
portal = "nmpa"
title = { zh-CN = "", zh-TW = "一", en = "one" }
"#;
        assert_eq!(parse(src), Err(CatalogError::BlankTitle("a".into())));
    }
}
