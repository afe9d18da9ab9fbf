//! The official portals as data (`data/portals.toml`): names, the hosts that serve each step,
//! entry pages, help contacts. One list for the guides' URL validation, the official-site
//! windows, the kiosk's allowed hosts and the "no guide matches" help (issues 16–18).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use url::Url;

use crate::catalog::Portal;
use crate::content::{Cached, ContentSet};
use crate::lang::{Lang, Text};
use crate::sources::SourceRef as Source;

/// Where the portals live in the content pack.
const PATH: &str = "data/portals.toml";

/// How the applicant reaches a portal's own help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum HelpKind {
    Phone,
    Email,
    Web,
    /// Whom to ask, with no address of its own (e.g. the provincial exam organiser).
    Advice,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HelpData {
    pub kind: HelpKind,
    pub value: String,
    pub what: Text,
    pub source: Option<Source>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PortalData {
    pub id: Portal,
    pub name: Text,
    /// The name the portal's older pages still show, said next to the current one.
    pub former_name: Option<Text>,
    pub name_source: Option<Source>,
    /// Exact host names or `*.domain` patterns (none for the identity apps).
    #[serde(default)]
    pub hosts: Vec<String>,
    /// The public home page (checked for "is it up?"); required when the portal has hosts.
    pub home: Option<String>,
    pub login: Option<String>,
    #[serde(default)]
    pub help: Vec<HelpData>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PortalsFile {
    portal: Vec<PortalData>,
}

/// A help contact as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct HelpContact {
    pub kind: HelpKind,
    pub value: String,
    pub what: String,
    pub source: Option<String>,
}

/// A portal as the UI shows it, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct PortalView {
    pub id: Portal,
    pub name: String,
    pub former_name: Option<String>,
    /// Where the current name is reported.
    pub name_source: Option<String>,
    pub home: Option<String>,
    pub help: Vec<HelpContact>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PortalsError {
    #[error("portals.toml does not parse: {0}")]
    Parse(String),
    #[error("portal {0:?} is declared twice")]
    Duplicate(Portal),
    #[error("portal {0:?} is not declared")]
    Missing(Portal),
    #[error("portal {0:?}: host pattern `{1}` is not a host name or `*.domain`")]
    BadHost(Portal, String),
    #[error("portal {0:?}: `{1}` must be an https:// address on one of the portal's hosts")]
    BadEntry(Portal, String),
    #[error("portal {0:?} has hosts but no home page, or a home page but no hosts")]
    HomeAndHosts(Portal),
    #[error("portal {0:?} cites a bad source: {1}")]
    BadSource(Portal, String),
}

fn parse(src: &str) -> Result<Vec<PortalData>, PortalsError> {
    let file: PortalsFile = toml::from_str(src).map_err(|e| PortalsError::Parse(e.to_string()))?;
    for (i, p) in file.portal.iter().enumerate() {
        if file.portal[..i].iter().any(|q| q.id == p.id) {
            return Err(PortalsError::Duplicate(p.id));
        }
        if let Some(bad) = p.hosts.iter().find(|h| !valid_host_pattern(h)) {
            return Err(PortalsError::BadHost(p.id, bad.clone()));
        }
        if p.hosts.is_empty() != p.home.is_none() {
            return Err(PortalsError::HomeAndHosts(p.id));
        }
        let sources = p.name_source.iter().chain(p.help.iter().filter_map(|h| h.source.as_ref()));
        if let Some(problem) = sources.filter_map(Source::problem).next() {
            return Err(PortalsError::BadSource(p.id, problem));
        }
        for entry in p.home.iter().chain(p.login.as_ref()) {
            let ok = Url::parse(entry)
                .is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some_and(|h| host_allowed(h, &p.hosts)));
            if !ok {
                return Err(PortalsError::BadEntry(p.id, entry.clone()));
            }
        }
    }
    for portal in Portal::ALL {
        if !file.portal.iter().any(|p| p.id == portal) {
            return Err(PortalsError::Missing(portal));
        }
    }
    Ok(file.portal)
}

fn all() -> Arc<Vec<PortalData>> {
    static CELL: Cached<Vec<PortalData>> = Cached::new();
    // Checked by `bundled_portals_are_valid` and before a pack is installed; empty is the safe fallback.
    CELL.get(|set| parse(set.text(PATH).unwrap_or_default()).unwrap_or_default())
}

/// The content check for packs.
pub(crate) fn check(set: &ContentSet) -> Result<(), String> {
    parse(set.text(PATH).unwrap_or_default()).map(|_| ()).map_err(|e| e.to_string())
}

/// The data of one portal (`None` only if the data were broken, which the checks forbid).
pub(crate) fn data(portal: Portal) -> Option<PortalData> {
    all().iter().find(|p| p.id == portal).cloned()
}

/// The host patterns of one portal.
pub fn hosts(portal: Portal) -> Vec<String> {
    data(portal).map(|p| p.hosts.clone()).unwrap_or_default()
}

/// Every portal's host patterns, e.g. for a kiosk's `allowed_hosts`.
pub fn all_hosts() -> Vec<String> {
    all().iter().flat_map(|p| p.hosts.iter().cloned()).collect()
}

/// The portal a host belongs to.
pub fn portal_for_host(host: &str) -> Option<Portal> {
    all().iter().find(|p| host_allowed(host, &p.hosts)).map(|p| p.id)
}

/// The portal in one language.
pub fn view(portal: Portal, lang: Lang) -> Option<PortalView> {
    let p = data(portal)?;
    Some(PortalView {
        id: p.id,
        name: p.name.get(lang).to_owned(),
        former_name: p.former_name.as_ref().map(|n| n.get(lang).to_owned()),
        name_source: p.name_source.as_ref().map(|s| s.view(lang).display),
        home: p.home.clone(),
        help: p
            .help
            .iter()
            .map(|h| HelpContact {
                kind: h.kind,
                value: h.value.clone(),
                what: h.what.get(lang).to_owned(),
                source: h.source.as_ref().map(|s| s.view(lang).display),
            })
            .collect(),
    })
}

/// A host pattern: a host name, optionally starting with `*.` (no scheme, path or port).
pub fn valid_host_pattern(h: &str) -> bool {
    let bare = h.strip_prefix("*.").unwrap_or(h);
    !bare.is_empty()
        && bare.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !label.starts_with('-')
        })
}

/// True when `host` is one of the allowed hosts: an exact match, or under a `*.` pattern
/// (`*.nmpa.gov.cn` allows `zwfw.nmpa.gov.cn`, not `nmpa.gov.cn.evil.com`).
pub fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    allowed.iter().any(|pattern| match pattern.strip_prefix("*.") {
        Some(suffix) => {
            host.len() > suffix.len() && host.ends_with(suffix) && host[..host.len() - suffix.len()].ends_with('.')
        }
        None => host == *pattern,
    })
}

/// Why an address may not be opened as an official page.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum OfficialUrlError {
    #[error("not a web address")]
    NotAUrl,
    #[error("only http and https addresses are official pages")]
    Scheme,
    #[error("`{0}` is not a host of any portal the app knows")]
    UnknownHost(String),
}

/// An address a guide or window may open: `https://` on a known portal host. Plain `http://` is
/// upgraded to `https://` (the portals serve both; only the encrypted one may carry a login).
pub fn official_url(raw: &str) -> Result<(Portal, Url), OfficialUrlError> {
    let mut url = Url::parse(raw.trim()).map_err(|_| OfficialUrlError::NotAUrl)?;
    match url.scheme() {
        "https" => {}
        "http" => url.set_scheme("https").map_err(|_| OfficialUrlError::Scheme)?,
        _ => return Err(OfficialUrlError::Scheme),
    }
    // An explicit :80 meant plain http; on https it would point at the wrong port.
    if url.port() == Some(80) {
        url.set_port(None).map_err(|_| OfficialUrlError::NotAUrl)?;
    }
    let host = url.host_str().ok_or(OfficialUrlError::NotAUrl)?.to_owned();
    let portal = portal_for_host(&host).ok_or(OfficialUrlError::UnknownHost(host))?;
    Ok((portal, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_portals_are_valid() {
        let set = ContentSet::bundled();
        let portals = parse(set.text(PATH).expect("bundled")).expect("bundled portals.toml must be valid");
        assert_eq!(portals.len(), Portal::ALL.len());
        for p in &portals {
            assert_eq!(p.home.is_some(), p.id != Portal::Ctid, "{:?}: only the identity apps have no site", p.id);
            assert!(!p.name.has_blank(), "{:?} has a blank name", p.id);
            assert!(!p.help.is_empty(), "{:?} names no help contact", p.id);
            assert!(p.help.iter().all(|h| !h.what.has_blank()));
        }
    }

    #[test]
    fn the_steps_hosts_belong_to_their_portals() {
        // Where each step really is (portal facts 2026, "Hosts").
        for (host, portal) in [
            ("zwfw.nmpa.gov.cn", Portal::Nmpa),
            ("www.cpta.com.cn", Portal::Cpta),
            ("zs.cpta.com.cn", Portal::Cpta),
            ("zg.cpta.com.cn", Portal::Cpta),
            ("www.jszg.edu.cn", Portal::Jszg),
            ("sso1.jszg.edu.cn", Portal::Jszg),
            ("app.jszg.edu.cn", Portal::Jszg),
        ] {
            assert_eq!(portal_for_host(host), Some(portal), "{host}");
        }
        for host in
            ["cpta.com.cn.evil.example", "evilcpta.com.cn", "ntce.neea.edu.cn", "www.chsi.com.cn", "nmpa.gov.cn"]
        {
            assert_eq!(portal_for_host(host), None, "{host}");
        }
    }

    #[test]
    fn http_is_upgraded_and_foreign_hosts_refused() {
        let (portal, url) = official_url("http://www.cpta.com.cn/").expect("cpta over http");
        assert_eq!(portal, Portal::Cpta);
        assert_eq!(url.as_str(), "https://www.cpta.com.cn/");
        let (_, url) = official_url("http://zs.cpta.com.cn:80/certMng/").expect("explicit port 80");
        assert_eq!(url.as_str(), "https://zs.cpta.com.cn/certMng/");
        assert_eq!(official_url("https://www.baidu.com/"), Err(OfficialUrlError::UnknownHost("www.baidu.com".into())));
        assert_eq!(official_url("file:///etc/passwd"), Err(OfficialUrlError::Scheme));
        assert_eq!(official_url("ftp://www.jszg.edu.cn/"), Err(OfficialUrlError::Scheme));
        assert_eq!(official_url("不是网址"), Err(OfficialUrlError::NotAUrl));
    }

    #[test]
    fn hosts_match_exactly_or_under_a_wildcard() {
        let allowed = vec!["www.jszg.edu.cn".to_owned(), "*.nmpa.gov.cn".to_owned()];
        assert!(host_allowed("www.jszg.edu.cn", &allowed));
        assert!(host_allowed("WWW.JSZG.EDU.CN.", &allowed));
        assert!(host_allowed("zwfw.nmpa.gov.cn", &allowed));
        assert!(!host_allowed("nmpa.gov.cn", &allowed));
        assert!(!host_allowed("evilnmpa.gov.cn", &allowed));
        assert!(!host_allowed("zwfw.nmpa.gov.cn.evil.com", &allowed));
        assert!(!host_allowed("jszg.edu.cn", &allowed));
        assert!(!host_allowed("www.baidu.com", &allowed));
    }

    #[test]
    fn broken_data_is_reported() {
        let one = |hosts: &str, home: &str| {
            format!(
                "[[portal]]\nid = \"nmpa\"\nname = {{ zh-CN = \"a\", zh-TW = \"a\", en = \"a\" }}\nhosts = {hosts}\nhome = \"{home}\"\n"
            )
        };
        assert_eq!(
            parse(&one("[\"https://x.cn\"]", "https://x.cn/")).err(),
            Some(PortalsError::BadHost(Portal::Nmpa, "https://x.cn".into()))
        );
        assert_eq!(
            parse(&one("[\"x.cn\"]", "http://x.cn/")).err(),
            Some(PortalsError::BadEntry(Portal::Nmpa, "http://x.cn/".into()))
        );
        assert_eq!(parse(&one("[]", "https://x.cn/")).err(), Some(PortalsError::HomeAndHosts(Portal::Nmpa)));
        let bad_source = one("[\"x.cn\"]", "https://x.cn/") + "name_source = { ref = \"nope\" }\n";
        assert!(matches!(parse(&bad_source).err(), Some(PortalsError::BadSource(Portal::Nmpa, _))));
        assert_eq!(parse(&one("[\"x.cn\"]", "https://x.cn/")).err(), Some(PortalsError::Missing(Portal::Cpta)));
    }
}
