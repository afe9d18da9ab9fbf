//! The service-hall intake (issue 7): drafts from the kiosk are POSTed as JSON to the hall's
//! `intake_url`, through the persistent outbox of [`assistant_core::outbox`]. While the endpoint is
//! offline or failing, entries wait on disk and are retried with backoff; nothing is lost across
//! restarts or a `kill -9`.
//!
//! # Request
//!
//! `POST <intake_url>` with `Content-Type: application/json`, header `Idempotency-Key: <id>` and
//! body `{ "id": …, "kind": "nmpa_feedback", "created_at": "<RFC 3339>", "draft": {…} }`.
//! Delivery is *at least once*: if the app dies after the endpoint received a draft but before
//! the entry was deleted, the same id is sent again after the restart, so the endpoint must drop
//! a second request with an id it already has (answering 2xx or 409).
//!
//! # Answers
//!
//! - 2xx, or 409 ("already have it"): sent, the entry is deleted.
//! - 408, 425, 429, 5xx, no answer within [`TOTAL_TIMEOUT`], refused, unreachable: retried by the
//!   backoff (2 s, 4 s, 8 s … at most 5 minutes).
//! - Any other 4xx, or a redirect (3xx, not followed): refused. The entry stays in the outbox with
//!   the reason and is retried once an hour ([`assistant_core::outbox::Backoff::rejected_retry`]):
//!   the endpoint will not change its mind by itself, but an administrator may fix it, and a draft
//!   is never dropped.
//!
//! # Which URLs
//!
//! `https://` anywhere; plain `http://` only to the machine itself (`localhost`, `127.0.0.0/8`,
//! `::1`), e.g. a local relay or a test server. Not to private LAN addresses: the drafts carry
//! full ID numbers and phone numbers, and a hall's LAN is not a trusted wire. A hall with its
//! own CA installs it in the system trust store (native-tls uses it). Redirects are not followed,
//! so a draft never goes anywhere but the configured address. Proxies come from the environment
//! (`https_proxy`, `http_proxy`, `no_proxy`), as for the portal status check.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use assistant_core::outbox::{Backoff, Entry, Outbox};
use chrono::{DateTime, Utc};
use thiserror::Error;
use tokio::sync::Notify;

/// Time to open the connection (TCP + TLS).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Time for the whole request, answer included.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(15);
/// The worker looks at the directory at least this often, even with nothing due: it notices
/// entries queued without a wake-up (another process) and survives clock jumps.
pub const MAX_SLEEP: Duration = Duration::from_secs(600);
/// After the disk failed (full, read-only), wait this long before trying again.
pub const DISK_RETRY: Duration = Duration::from_secs(30);
/// How much of an error answer's body is kept as the reason.
const MAX_BODY_CHARS: usize = 200;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum IntakeError {
    #[error("intake_url `{0}` must be https:// (plain http:// only to localhost)")]
    BadUrl(String),
    #[error("could not set up HTTP: {0}")]
    Client(String),
    #[error("could not open the outbox: {0}")]
    Outbox(String),
    #[error("the intake endpoint cannot be reached: {0}")]
    Unreachable(String),
    #[error("the intake endpoint did not answer within {} s", TOTAL_TIMEOUT.as_secs())]
    Timeout,
    #[error("the intake endpoint failed: HTTP {status} {body}")]
    Server { status: u16, body: String },
    #[error("the intake endpoint refused the draft: HTTP {status} {body}")]
    Rejected { status: u16, body: String },
}

impl IntakeError {
    /// Retrying soon will not help: the endpoint refused this draft (or the URL is wrong).
    pub fn is_permanent(&self) -> bool {
        matches!(self, IntakeError::Rejected { .. } | IntakeError::BadUrl(_))
    }

    /// Nothing answered at all: the next entries would fail the same way, so a round stops here.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, IntakeError::Unreachable(_) | IntakeError::Timeout)
    }
}

/// Parses and checks an intake URL (see the module docs for the rule and why).
pub fn check_url(url: &str) -> Result<reqwest::Url, IntakeError> {
    let bad = || IntakeError::BadUrl(url.to_owned());
    let parsed = reqwest::Url::parse(url.trim()).map_err(|_| bad())?;
    let host = parsed.host_str().ok_or_else(bad)?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback(host) => Ok(parsed),
        _ => Err(bad()),
    }
}

fn is_loopback(host: &str) -> bool {
    // The URL parser has already normalised the host: lower case, `127.1` → `127.0.0.1`, `[::1]`.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The HTTP client for the intake: 5 s to connect, 15 s in all, no redirects.
pub fn client() -> Result<reqwest::Client, IntakeError> {
    client_builder().build().map_err(|e| IntakeError::Client(e.to_string()))
}

fn client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(TOTAL_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("ApplicantAssistant/", env!("CARGO_PKG_VERSION")))
}

/// POSTs one entry. `Ok` means the endpoint has it (2xx, or 409 for a duplicate).
pub async fn send_one(client: &reqwest::Client, url: &str, entry: &Entry) -> Result<(), IntakeError> {
    let url = check_url(url)?;
    let body = serde_json::json!({
        "id": entry.id,
        "kind": entry.kind,
        "created_at": entry.created_at,
        "draft": entry.payload,
    });
    let bytes = serde_json::to_vec(&body).map_err(|e| IntakeError::Client(e.to_string()))?;
    let sent = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", &entry.id)
        .body(bytes)
        .send()
        .await;
    let mut response = match sent {
        Ok(r) => r,
        Err(e) if e.is_timeout() => return Err(IntakeError::Timeout),
        Err(e) => return Err(IntakeError::Unreachable(describe(e))),
    };
    let status = response.status();
    if status.is_success() || status == reqwest::StatusCode::CONFLICT {
        return Ok(());
    }
    let body = if status.is_redirection() {
        let to = response.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("?");
        format!(
            "redirects to {}; set intake_url to the final address",
            to.chars().take(MAX_BODY_CHARS).collect::<String>()
        )
    } else {
        body_start(&mut response).await
    };
    let code = status.as_u16();
    let transient = matches!(code, 408 | 425 | 429) || status.is_server_error();
    if transient {
        Err(IntakeError::Server { status: code, body })
    } else {
        Err(IntakeError::Rejected { status: code, body })
    }
}

/// The first characters of an error answer, as the reason shown to staff (read in chunks, so a
/// huge error page is not loaded whole).
async fn body_start(response: &mut reqwest::Response) -> String {
    let mut bytes = Vec::new();
    while bytes.len() < MAX_BODY_CHARS * 4 {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(MAX_BODY_CHARS).collect()
}

/// A network error with its causes ("… tcp connect error: Connection refused"), without the URL,
/// which may carry credentials and is known anyway.
fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// What one round of sending did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: Vec<String>,
    /// Failed and scheduled for a retry by the backoff.
    pub failed: Vec<String>,
    /// Refused by the endpoint (kept, retried slowly).
    pub rejected: Vec<String>,
    /// Unreadable files moved to `corrupt/` by this round.
    pub moved_aside: u32,
    /// When the next round should run (`None`: nothing queued).
    pub wake_at: Option<DateTime<Utc>>,
}

/// Sends the outbox to the intake endpoint. Runs on any tokio runtime (Tauri's included).
#[derive(Debug, Clone)]
pub struct Worker {
    outbox: Outbox,
    url: String,
    client: reqwest::Client,
    /// Refused drafts older than this leave the machine for the admin's report.
    keep_days: u32,
}

impl Worker {
    /// Checks the URL and opens the outbox at `dir` (which must outlive kiosk sessions).
    pub fn new(dir: impl Into<PathBuf>, url: &str) -> Result<Worker, IntakeError> {
        check_url(url)?;
        let outbox = Outbox::open(dir).map_err(|e| IntakeError::Outbox(e.to_string()))?;
        Ok(Worker {
            outbox,
            url: url.trim().to_owned(),
            client: client()?,
            keep_days: assistant_core::outbox::DEFAULT_KEEP_DAYS,
        })
    }

    /// How many days a refused draft is kept (`intake_keep_days` in kiosk.toml).
    pub fn with_keep_days(mut self, days: u32) -> Worker {
        self.keep_days = days;
        self
    }

    /// Names the kiosk to the desk in an `X-Kiosk-Id` header on every post (the hall desk
    /// shows it beside each draft). Ids that [`assistant_core::kiosk::valid_kiosk_id`] refuses
    /// are not sent.
    pub fn with_kiosk_id(mut self, id: &str) -> Result<Worker, IntakeError> {
        if !assistant_core::kiosk::valid_kiosk_id(id) {
            return Ok(self);
        }
        let mut headers = reqwest::header::HeaderMap::new();
        let value = reqwest::header::HeaderValue::from_str(id).map_err(|e| IntakeError::Client(e.to_string()))?;
        headers.insert("X-Kiosk-Id", value);
        self.client =
            client_builder().default_headers(headers).build().map_err(|e| IntakeError::Client(e.to_string()))?;
        Ok(self)
    }

    /// Another retry schedule (tests use milliseconds).
    pub fn with_backoff(mut self, backoff: Backoff) -> Worker {
        self.outbox = self.outbox.with_backoff(backoff);
        self
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// Sends every due entry, oldest first. Stops at the first entry that got no answer at all
    /// (the endpoint is down; the others would only wait for the same timeout), and then wakes
    /// when that entry's backoff ends, keeping the queue's order.
    pub async fn send_due(&self) -> Round {
        let mut round = Round::default();
        let mut disk_trouble = false;
        match self.outbox.expire(Utc::now(), self.keep_days) {
            Ok(removed) => {
                for line in removed {
                    eprintln!(
                        "intake outbox: {} waited more than {} days: removed, listed in the admin report",
                        line.id, self.keep_days
                    );
                }
            }
            Err(e) => eprintln!("intake outbox: could not remove old refused drafts: {e}"),
        }
        let scan = match self.outbox.scan() {
            Ok(scan) => scan,
            Err(e) => {
                eprintln!("intake outbox {}: cannot read: {e}", self.outbox.dir().display());
                round.wake_at = Some(Utc::now() + to_chrono(DISK_RETRY));
                return round;
            }
        };
        for path in &scan.moved_aside {
            eprintln!("intake outbox: unreadable entry moved to {}", path.display());
        }
        round.moved_aside = u32::try_from(scan.moved_aside.len()).unwrap_or(u32::MAX);
        let now = Utc::now();
        let mut stopped_until = None;
        for entry in scan.entries.iter().filter(|e| e.next_attempt_at <= now) {
            match send_one(&self.client, &self.url, entry).await {
                Ok(()) => {
                    if let Err(e) = self.outbox.mark_sent(&entry.id) {
                        // It will be sent again: the endpoint drops the duplicate by its id.
                        eprintln!("intake outbox: sent {} but could not delete it: {e}", entry.id);
                        disk_trouble = true;
                    }
                    round.sent.push(entry.id.clone());
                }
                Err(err) => {
                    let reason = err.to_string();
                    let marked = if err.is_permanent() {
                        round.rejected.push(entry.id.clone());
                        self.outbox.mark_rejected(&entry.id, &reason, Utc::now())
                    } else {
                        round.failed.push(entry.id.clone());
                        self.outbox.mark_failed(&entry.id, &reason, Utc::now())
                    };
                    match marked {
                        Ok(updated) if err.is_unreachable() => {
                            stopped_until = Some(updated.next_attempt_at);
                            break;
                        }
                        Ok(_) => {}
                        Err(e) => {
                            eprintln!("intake outbox: could not record the failure of {}: {e}", entry.id);
                            disk_trouble = true;
                        }
                    }
                }
            }
        }
        round.wake_at = match stopped_until {
            Some(at) => Some(at),
            None => match self.outbox.pending() {
                Ok(rest) => rest.iter().map(|e| e.next_attempt_at).min(),
                Err(_) => {
                    disk_trouble = true;
                    None
                }
            },
        };
        if disk_trouble {
            // Never spin on a disk that refuses writes.
            let floor = Utc::now() + to_chrono(DISK_RETRY);
            round.wake_at = Some(round.wake_at.map_or(floor, |at| at.max(floor)));
        }
        round
    }

    /// Runs forever: a round at start, then whenever `notify` is woken (call
    /// `notify.notify_one()` after queueing: the wake-up is kept if a round is in progress) or
    /// the next entry comes due. Never returns; abort its task to stop it.
    pub async fn run(self, notify: Arc<Notify>) {
        loop {
            let round = self.send_due().await;
            let wait = match round.wake_at {
                Some(at) => (at - Utc::now()).to_std().unwrap_or(Duration::ZERO).min(MAX_SLEEP),
                None => MAX_SLEEP,
            };
            if wait.is_zero() {
                // Something came due during the round: go again, but let other tasks run.
                tokio::task::yield_now().await;
                continue;
            }
            tokio::select! {
                _ = notify.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }
}

/// Starts a [`Worker`] with the default backoff on the current tokio runtime (`tokio::spawn`:
/// call it inside a runtime). From Tauri's setup use
/// `tauri::async_runtime::spawn(Worker::new(dir, url)?.run(notify))` instead.
pub fn spawn_worker(
    dir: impl Into<PathBuf>,
    url: &str,
    notify: Arc<Notify>,
) -> Result<tokio::task::JoinHandle<()>, IntakeError> {
    let worker = Worker::new(dir, url)?;
    Ok(tokio::spawn(worker.run(notify)))
}

fn to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_plain_http_only_to_this_machine() {
        for ok in [
            "https://intake.example.gov.cn/drafts",
            "https://10.1.2.3:8443/x",
            "http://127.0.0.1:8080/intake",
            "http://localhost/x",
            "http://[::1]:9/x",
            "http://127.1/x",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://intake.example.gov.cn/",
            "http://192.168.1.20/intake",
            "http://10.0.0.5/",
            "http://127.0.0.1.evil.example/",
            "http://localhost.evil.example/",
            "http://evil.example\\@127.0.0.1/",
            "ftp://127.0.0.1/",
            "file:///etc/passwd",
            "intake.example.gov.cn",
            "",
        ] {
            assert_eq!(check_url(bad), Err(IntakeError::BadUrl(bad.to_owned())), "{bad}");
        }
    }

    #[test]
    fn only_refusals_are_permanent_and_only_silence_stops_a_round() {
        assert!(IntakeError::Rejected { status: 400, body: String::new() }.is_permanent());
        assert!(!IntakeError::Server { status: 503, body: String::new() }.is_permanent());
        assert!(!IntakeError::Timeout.is_permanent());
        assert!(IntakeError::Timeout.is_unreachable());
        assert!(!IntakeError::Server { status: 500, body: String::new() }.is_unreachable());
    }
}
