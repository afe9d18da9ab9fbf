//! Content packs in the running app (issue 20): the installed pack is loaded before the first
//! window opens (rolled back if it no longer verifies), and newer packs are fetched in the
//! background from a list of HTTPS mirrors, a hall's own server first. Verification, the switch
//! on disk and the rollback rules live in `assistant_core::content`; this module only moves
//! bytes and decides *when* a new pack takes effect: on a desktop when the applicant accepts it
//! (or at the next start), on a kiosk between two applicants.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assistant_core::content::{self, pack, ContentSet, LoadOutcome, Manifest, PackError, Rollback, Store, TrustedKeys};
use serde::Deserialize;
use tauri::{AppHandle, Emitter, Manager, Url};

/// Where the maintainers publish packs, in the order the app asks: a mirror in mainland China
/// first (foreign code hosts often time out there), then the project's release downloads. Each
/// holds `index.json`, the pack and its `.minisig` (README, "Publishing content packs").
pub const DEFAULT_MIRRORS: &[&str] = &[
    "https://gitee.com/applicant-assistant/content/raw/main/",
    "https://github.com/applicant-assistant/applicant-assistant/releases/latest/download/",
];

/// First check this long after start (never on the way to the first screen), then every 6 hours.
const FIRST_CHECK: Duration = Duration::from_secs(20);
const INTERVAL: Duration = Duration::from_secs(6 * 60 * 60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(30);
/// Event to the main window: a checked pack is waiting (desktop) or was just applied (kiosk).
pub const EVENT: &str = "content-update";

/// What the mirrors' `index.json` says (written by `aa-content index`).
#[derive(Debug, Deserialize)]
struct Index {
    version: u32,
    schema: u32,
    min_app: String,
    pack: String,
    signature: String,
}

/// The app's content state, managed by Tauri.
pub struct Content {
    store: Store,
    mirrors: Vec<Url>,
    /// A verified pack installed on disk but not yet in use.
    pending: Mutex<Option<Arc<ContentSet>>>,
    /// An installed pack that failed to load at start (shown once in the about panel).
    rollback: Mutex<Option<Rollback>>,
    /// The last refusal of a downloaded pack (quiet: shown in the about panel only).
    last_refusal: Mutex<Option<PackError>>,
}

/// The keys packs may be signed with: the maintainers'; a test build also trusts the key in
/// `AA_TEST_CONTENT_KEY`.
fn keys() -> TrustedKeys {
    let keys = TrustedKeys::production();
    #[cfg(feature = "test-hooks")]
    if let Ok(k) = std::env::var("AA_TEST_CONTENT_KEY") {
        return keys.clone().and(&k).unwrap_or(keys);
    }
    keys
}

/// A mirror base URL: https, ending in `/` so file names join below it.
fn mirror(raw: &str) -> Option<Url> {
    let mut s = raw.trim().to_owned();
    if !s.ends_with('/') {
        s.push('/');
    }
    Url::parse(&s).ok().filter(|u| u.scheme() == "https" && u.host_str().is_some())
}

/// The mirrors to ask, in order: the hall's own (kiosk.toml), then the defaults. A test build
/// may replace the defaults with `AA_CONTENT_MIRRORS` (comma-separated).
pub fn mirrors(hall: &[String]) -> Vec<Url> {
    #[allow(unused_mut)]
    let mut defaults: Vec<String> = DEFAULT_MIRRORS.iter().map(|s| (*s).to_owned()).collect();
    #[cfg(feature = "test-hooks")]
    if let Ok(list) = std::env::var("AA_CONTENT_MIRRORS") {
        defaults = list.split(',').map(str::to_owned).collect();
    }
    hall.iter().chain(defaults.iter()).filter_map(|m| mirror(m)).collect()
}

impl Content {
    /// Loads the installed pack (or the bundled content) and makes it the content in use. Runs
    /// before the first window, so the first screen already shows the right content.
    pub fn open(dir: PathBuf, mirrors: Vec<Url>) -> Content {
        Content::with_keys(dir, mirrors, keys())
    }

    /// [`Content::open`] trusting the given keys (tests sign with their own).
    pub fn with_keys(dir: PathBuf, mirrors: Vec<Url>, keys: TrustedKeys) -> Content {
        let store = Store::new(dir, keys, env!("CARGO_PKG_VERSION"));
        let LoadOutcome { set, rollback } = store.load();
        if let Some(r) = &rollback {
            eprintln!("content pack {} could not be loaded and was rolled back: {}", r.version, r.error);
        }
        content::activate(set);
        Content {
            store,
            mirrors,
            pending: Mutex::default(),
            rollback: Mutex::new(rollback),
            last_refusal: Mutex::default(),
        }
    }

    pub fn pending(&self) -> Option<Arc<ContentSet>> {
        self.pending.lock().ok().and_then(|p| p.clone())
    }

    pub fn rollback(&self) -> Option<Rollback> {
        self.rollback.lock().ok().and_then(|r| r.clone())
    }

    pub fn last_refusal(&self) -> Option<PackError> {
        self.last_refusal.lock().ok().and_then(|r| r.clone())
    }

    /// Puts the waiting pack into use. Returns whether there was one.
    pub fn apply_pending(&self) -> bool {
        let Some(set) = self.pending.lock().ok().and_then(|mut p| p.take()) else { return false };
        content::activate(set);
        // Parse the new guides and index them for message search now, off the UI thread,
        // rather than on the applicant's next click.
        crate::commands::search::prepare_in_background();
        true
    }

    /// The newest version known here: in use or waiting.
    fn newest(&self) -> Manifest {
        self.pending().map_or_else(|| content::active().manifest().clone(), |p| p.manifest().clone())
    }

    /// Asks the mirrors in order; the first that answers decides. `Ok(true)`: a new pack is
    /// installed on disk and waiting.
    pub async fn check_once(&self, client: &reqwest::Client) -> Result<bool, String> {
        let mut last_error = String::from("no mirror configured");
        for base in &self.mirrors {
            match self.check_mirror(client, base).await {
                Ok(found) => return Ok(found),
                Err(e) => last_error = format!("{base}: {e}"),
            }
        }
        Err(last_error)
    }

    async fn check_mirror(&self, client: &reqwest::Client, base: &Url) -> Result<bool, String> {
        let index_bytes = fetch(client, &join(base, "index.json")?, 64 * 1024).await?;
        let index: Index = serde_json::from_slice(&index_bytes).map_err(|e| format!("index.json: {e}"))?;
        let newest = self.newest();
        if index.version <= newest.version {
            return Ok(false);
        }
        // Not for this app: say so quietly and download nothing.
        let probe = Manifest {
            version: index.version,
            schema: index.schema,
            min_app: index.min_app.clone(),
            released: newest.released,
            changes: Vec::new(),
        };
        if let Err(e) = probe.readable_by(env!("CARGO_PKG_VERSION")) {
            self.refused(e);
            return Ok(false);
        }
        let bytes = fetch(client, &join(base, &index.pack)?, pack::MAX_PACK_BYTES as u64).await?;
        let sig_bytes = fetch(client, &join(base, &index.signature)?, 64 * 1024).await?;
        let sig = String::from_utf8(sig_bytes).map_err(|_| "the signature file is not text".to_owned())?;
        match self.store.install(&bytes, &sig, &newest) {
            Ok(done) => {
                if let Ok(mut p) = self.pending.lock() {
                    *p = Some(done.set);
                }
                Ok(true)
            }
            Err(e) => {
                let text = e.to_string();
                self.refused(e);
                Err(text)
            }
        }
    }

    fn refused(&self, e: PackError) {
        eprintln!("content pack refused: {e}");
        if let Ok(mut r) = self.last_refusal.lock() {
            *r = Some(e);
        }
    }
}

/// A file below a mirror: a plain name only, so an index cannot point elsewhere.
fn join(base: &Url, name: &str) -> Result<Url, String> {
    if !content::mirror_file_name(name) {
        return Err(format!("`{name}` is not a plain file name"));
    }
    base.join(name).map_err(|e| e.to_string())
}

/// GET with a size cap counted while reading (a lying Content-Length changes nothing).
async fn fetch(client: &reqwest::Client, url: &Url, limit: u64) -> Result<Vec<u8>, String> {
    let mut resp = client.get(url.clone()).send().await.map_err(|e| e.to_string())?;
    if !resp.status().is_success() {
        return Err(format!("HTTP {}", resp.status()));
    }
    if resp.content_length().is_some_and(|n| n > limit) {
        return Err(format!("over {limit} bytes"));
    }
    let mut buf = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| e.to_string())? {
        buf.extend_from_slice(&chunk);
        if buf.len() as u64 > limit {
            return Err(format!("over {limit} bytes"));
        }
    }
    Ok(buf)
}

pub fn client() -> reqwest::Client {
    let builder = reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(TOTAL_TIMEOUT)
        .https_only(true)
        .redirect(reqwest::redirect::Policy::limited(3))
        .user_agent(concat!("ApplicantAssistant/", env!("CARGO_PKG_VERSION")));
    #[cfg(feature = "test-hooks")]
    let builder = match std::env::var("AA_TEST_CA").ok().and_then(|p| std::fs::read(p).ok()) {
        Some(pem) => match reqwest::Certificate::from_pem(&pem) {
            Ok(cert) => builder.add_root_certificate(cert),
            Err(_) => builder,
        },
        None => builder,
    };
    builder.build().unwrap_or_default()
}

/// The background loop: a failed check changes nothing and says nothing loud.
pub fn spawn(app: AppHandle, kiosk: bool) {
    tauri::async_runtime::spawn(async move {
        // The HTTP client (TLS set-up, the system's CA bundle parsed) is made at the first check,
        // not at start, where it would take CPU from the first window.
        let mut http = None;
        let mut delay = FIRST_CHECK;
        #[cfg(feature = "test-hooks")]
        if let Some(s) = std::env::var("AA_CONTENT_FIRST_CHECK_SECONDS").ok().and_then(|s| s.parse().ok()) {
            delay = Duration::from_secs(s);
        }
        loop {
            tokio::time::sleep(delay).await;
            delay = INTERVAL;
            let Some(content) = app.try_state::<Content>() else { return };
            match content.check_once(http.get_or_insert_with(client)).await {
                Ok(true) => {
                    // A kiosk waits for the end of the session (kiosk::wipe_session applies it).
                    let _ = app.emit(EVENT, kiosk);
                }
                Ok(false) => {}
                Err(e) => eprintln!("content update check failed: {e}"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirrors_are_https_directories_hall_first() {
        let hall = vec!["https://desk.hall.example.cn/content".to_owned(), "http://plain.example/".to_owned()];
        let list = mirrors(&hall);
        assert_eq!(list[0].as_str(), "https://desk.hall.example.cn/content/");
        assert!(list.iter().all(|u| u.scheme() == "https"), "plain http is never a mirror");
        assert_eq!(list.len(), 1 + DEFAULT_MIRRORS.len());
    }

    #[test]
    fn an_index_cannot_send_the_app_elsewhere() {
        let base = mirror("https://m.example.cn/c/").expect("base");
        assert_eq!(join(&base, "content-7.pack").expect("plain").as_str(), "https://m.example.cn/c/content-7.pack");
        for bad in ["../x.pack", "https://evil.example/x.pack", "/etc/passwd", "a/b.pack", "", ".hidden", "x?y"] {
            assert!(join(&base, bad).is_err(), "{bad}");
        }
    }
}
