//! "Is the official site up?": one HEAD request per portal (GET if HEAD is refused) with a 3 s
//! timeout, never more often than once a minute, so an applicant can tell "the site is down"
//! from "I did something wrong". With no network at all every check fails fast, and the UI
//! shows 离线模式.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use assistant_core::catalog::Portal;
use serde::Serialize;

pub const TIMEOUT: Duration = Duration::from_secs(3);
pub const MIN_INTERVAL: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Reachability {
    /// The site answered (any HTTP status: even an error page means it is up).
    Up,
    /// No answer within the timeout.
    Slow,
    /// Refused, unresolvable or unreachable.
    Down,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PortalState {
    pub portal: Portal,
    pub state: Reachability,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StatusReport {
    pub portals: Vec<PortalState>,
    /// Seconds since these results were taken (they are reused for a minute).
    pub age_seconds: u32,
    /// No portal answered at all: the computer is offline (or behind a dead proxy).
    pub offline: bool,
}

/// Checks one address.
pub async fn check(client: &reqwest::Client, url: &str) -> Reachability {
    let head = client.head(url).timeout(TIMEOUT).send().await;
    let result = match head {
        Ok(r) if r.status() == reqwest::StatusCode::METHOD_NOT_ALLOWED => client.get(url).timeout(TIMEOUT).send().await,
        other => other,
    };
    match result {
        Ok(_) => Reachability::Up,
        Err(e) if e.is_timeout() => Reachability::Slow,
        Err(_) => Reachability::Down,
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(TIMEOUT)
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::limited(3))
        .user_agent(concat!("ApplicantAssistant/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// The last report, reused for [`MIN_INTERVAL`].
#[derive(Default)]
pub struct StatusCache(Mutex<Option<(Instant, Vec<PortalState>)>>);

impl StatusCache {
    pub async fn report(&self, urls: &[(Portal, String)]) -> StatusReport {
        let cached = self.0.lock().map(|g| g.clone()).unwrap_or(None);
        let (taken, portals) = match cached {
            Some((at, portals)) if at.elapsed() < MIN_INTERVAL => (at, portals),
            _ => {
                let client = client();
                let handles: Vec<_> = urls
                    .iter()
                    .map(|(p, u)| {
                        let (client, portal, url) = (client.clone(), *p, u.clone());
                        // Side by side: three requests at once, 3 s at most in all.
                        tauri::async_runtime::spawn(
                            async move { PortalState { portal, state: check(&client, &url).await } },
                        )
                    })
                    .collect();
                let mut portals = Vec::new();
                for h in handles {
                    if let Ok(state) = h.await {
                        portals.push(state);
                    }
                }
                let now = Instant::now();
                if let Ok(mut g) = self.0.lock() {
                    *g = Some((now, portals.clone()));
                }
                (now, portals)
            }
        };
        let offline = portals.iter().all(|p| p.state == Reachability::Down);
        StatusReport { portals, age_seconds: taken.elapsed().as_secs() as u32, offline }
    }
}

/// The portals' addresses; `AA_PORTAL_URLS=nmpa=http://…,cpta=…` replaces them for tests.
pub fn portal_urls() -> Vec<(Portal, String)> {
    let overrides = crate::test_hooks::var("AA_PORTAL_URLS").unwrap_or_default();
    Portal::ALL
        .iter()
        .filter_map(|&p| {
            // The identity apps have no site: nothing to check.
            let home = p.home()?;
            let key = serde_json::to_value(p).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            let url = overrides
                .split(',')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_owned())
                .unwrap_or(home);
            Some((p, url))
        })
        .collect()
}
