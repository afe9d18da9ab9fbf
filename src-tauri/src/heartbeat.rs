//! The kiosk's heartbeat to the hall desk (issue 24): every minute, `POST heartbeat_url` with
//! assistant-core's [`Heartbeat`] as JSON (the kiosk's name, the app's version, the content
//! date, how many drafts wait in the intake outbox and how many the desk refused, when the last
//! applicant's session ended). Same URL rule and timeouts as the intake; a failed beat is simply
//! the next minute's to try again: it carries no data that could be lost.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use assistant_core::kiosk::Heartbeat;
use assistant_core::outbox::Outbox;

use crate::intake::{check_url, client, IntakeError};
use crate::kiosk::Kiosk;

/// How often a kiosk reports. The desk shows a kiosk offline after 3 minutes of silence.
pub const EVERY: Duration = Duration::from_secs(60);

pub struct Sender {
    url: reqwest::Url,
    client: reqwest::Client,
    kiosk: Arc<Kiosk>,
    outbox: Option<PathBuf>,
}

impl Sender {
    pub fn new(url: &str, kiosk: Arc<Kiosk>, outbox: Option<PathBuf>) -> Result<Sender, IntakeError> {
        Ok(Sender { url: check_url(url)?, client: client()?, kiosk, outbox })
    }

    /// What this kiosk reports now.
    pub fn beat(&self) -> Heartbeat {
        let status = self.outbox.as_ref().filter(|d| d.exists()).and_then(|d| Outbox::open(d).ok()?.status().ok());
        Heartbeat {
            kiosk_id: self.kiosk.id(),
            hall_name: self.kiosk.config.hall_name.clone(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            // Content packs (issue 20) will date the content; the built-in guides have no date.
            content_date: None,
            outbox_pending: status.as_ref().map_or(0, |s| s.pending),
            outbox_rejected: status.as_ref().map_or(0, |s| s.rejected),
            last_session_end: self.kiosk.last_session_end(),
        }
    }

    pub async fn send(&self) -> Result<(), IntakeError> {
        let body = serde_json::to_vec(&self.beat()).map_err(|e| IntakeError::Client(e.to_string()))?;
        let r = self
            .client
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await;
        match r {
            Ok(r) if r.status().is_success() => Ok(()),
            Ok(r) => Err(IntakeError::Server { status: r.status().as_u16(), body: String::new() }),
            Err(e) if e.is_timeout() => Err(IntakeError::Timeout),
            Err(e) => Err(IntakeError::Unreachable(e.without_url().to_string())),
        }
    }

    /// Beats now and then every [`EVERY`]; never returns.
    pub async fn run(self) {
        let mut said = false;
        loop {
            match self.send().await {
                Ok(()) => said = false,
                // Said once per outage, not every minute.
                Err(e) if !said => {
                    eprintln!("kiosk heartbeat: {e}");
                    said = true;
                }
                Err(_) => {}
            }
            tokio::time::sleep(EVERY).await;
        }
    }
}
