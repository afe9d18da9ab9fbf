//! App updates (issue 20) with the official updater plugin: signed manifests and bundles
//! (minisign, the public key in `tauri.conf.json`), endpoints mirror-first. A desktop installs
//! only when the applicant asks; a kiosk only inside the hall's maintenance window
//! (`update_window` in kiosk.toml) and only between two applicants.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{NaiveTime, Timelike};
use tauri::AppHandle;
#[cfg(feature = "test-hooks")]
use tauri::Url;
use tauri_plugin_updater::{Update, UpdaterExt};

use crate::commands::content::InstallOutcome;

const TIMEOUT: Duration = Duration::from_secs(30);

/// The update found by the last check, kept until it is installed.
#[derive(Default)]
pub struct AppUpdates {
    found: Mutex<Option<Update>>,
}

/// A test build may point the updater at the tests' server (`AA_UPDATE_ENDPOINTS`); otherwise the
/// endpoints come from `tauri.conf.json` (mainland mirror first).
#[cfg(feature = "test-hooks")]
fn test_endpoints() -> Option<Vec<Url>> {
    let list = std::env::var("AA_UPDATE_ENDPOINTS").ok()?;
    Some(list.split(',').filter_map(|e| Url::parse(e).ok()).filter(|u| u.scheme() == "https").collect())
}

impl AppUpdates {
    fn updater(&self, app: &AppHandle) -> Result<tauri_plugin_updater::Updater, String> {
        let builder = app.updater_builder().timeout(TIMEOUT);
        #[cfg(feature = "test-hooks")]
        let builder = {
            let mut b = builder;
            if let Some(list) = test_endpoints() {
                b = b.endpoints(list).map_err(|e| e.to_string())?;
            }
            if let Ok(key) = std::env::var("AA_TEST_UPDATER_PUBKEY") {
                b = b.pubkey(key);
            }
            if let Some(pem) = std::env::var("AA_TEST_CA").ok().and_then(|p| std::fs::read(p).ok()) {
                b = b.configure_client(move |c| match reqwest_updater::Certificate::from_pem(&pem) {
                    Ok(cert) => c.add_root_certificate(cert),
                    Err(_) => c,
                });
            }
            b
        };
        builder.build().map_err(|e| e.to_string())
    }

    /// Asks the endpoints for a newer version: `(version, notes)` when there is one.
    pub async fn check(&self, app: &AppHandle) -> Result<Option<(String, Option<String>)>, String> {
        let update = self.updater(app)?.check().await.map_err(|e| e.to_string())?;
        let found = update.as_ref().map(|u| (u.version.clone(), u.body.clone()));
        if let Ok(mut slot) = self.found.lock() {
            *slot = update;
        }
        Ok(found)
    }

    /// Downloads the found update, verifies its signature (the plugin refuses a mismatch) and
    /// installs it, then restarts the app.
    pub async fn install(&self, app: &AppHandle) -> Result<InstallOutcome, String> {
        let update = self.found.lock().ok().and_then(|s| s.clone()).ok_or("no update was found")?;
        let bytes = update.download(|_, _| {}, || {}).await.map_err(|e| e.to_string())?;
        update.verify(&bytes).map_err(|e| e.to_string())?;
        #[cfg(feature = "test-hooks")]
        if std::env::var_os("AA_UPDATE_VERIFY_ONLY").is_some() {
            return Ok(InstallOutcome::VerifiedOnly);
        }
        update.install(&bytes).map_err(|e| e.to_string())?;
        app.restart();
    }
}

/// A kiosk's maintenance window, `HH:MM-HH:MM` in local time (may cross midnight).
pub fn parse_window(s: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (a, b) = s.split_once('-')?;
    let t = |x: &str| NaiveTime::parse_from_str(x.trim(), "%H:%M").ok();
    Some((t(a)?, t(b)?))
}

pub fn in_window(window: (NaiveTime, NaiveTime), now: NaiveTime) -> bool {
    let (start, end) = window;
    let now = NaiveTime::from_hms_opt(now.hour(), now.minute(), 0).unwrap_or(now);
    if start <= end {
        start <= now && now < end
    } else {
        now >= start || now < end
    }
}

/// Between two applicants on a kiosk: inside the maintenance window, install a newer app version
/// (the app restarts into it; nothing of an applicant exists at this moment).
pub fn kiosk_between_applicants(app: &AppHandle, window: Option<&str>) {
    let Some(window) = window.and_then(parse_window) else { return };
    if !in_window(window, chrono::Local::now().time()) {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let Some(updates) = tauri::Manager::try_state::<AppUpdates>(&app) else { return };
        match updates.check(&app).await {
            Ok(Some((version, _))) => {
                eprintln!("kiosk: installing app version {version} in the maintenance window");
                if let Err(e) = updates.install(&app).await {
                    eprintln!("kiosk: app update failed: {e}");
                }
            }
            Ok(None) => {}
            Err(e) => eprintln!("kiosk: app update check failed: {e}"),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    #[test]
    fn maintenance_windows_include_their_start_and_cross_midnight() {
        let night = parse_window("23:30-05:00").expect("window");
        assert!(in_window(night, t(23, 30)));
        assert!(in_window(night, t(2, 0)));
        assert!(!in_window(night, t(5, 0)));
        assert!(!in_window(night, t(12, 0)));
        let early = parse_window("02:00-04:00").expect("window");
        assert!(in_window(early, t(3, 59)));
        assert!(!in_window(early, t(1, 59)));
        for bad in ["", "2-4", "02:00", "25:00-26:00", "02:00-xx"] {
            assert!(parse_window(bad).is_none(), "{bad}");
        }
    }
}
