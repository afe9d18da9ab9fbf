//! Kiosk mode for service halls: the configuration an administrator writes, which hosts the app's
//! windows may show, and the rate limit on wrong admin PINs. Pure rules; the shell applies them.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lang::Lang;

/// The kiosk configuration file (TOML). Every field is documented in the README's kiosk section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskConfig {
    /// Shown at the top of every page, e.g. "XX市政务服务中心".
    pub hall_name: String,
    /// Languages offered, in order; the first is the start language for each applicant.
    #[serde(default = "default_languages")]
    pub languages: Vec<Lang>,
    /// Seconds without a touch before the applicant's session ends (the last 30 count down).
    #[serde(default = "default_idle")]
    pub idle_timeout_seconds: u32,
    /// Official hosts the app's windows may show (exact host names, or `*.example.gov.cn`).
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
    /// Where drafts are sent for the hall's staff (the service-hall intake), if the hall has one.
    #[serde(default)]
    pub intake_url: Option<String>,
    /// Where the kiosk reports that it is alive (the hall desk's `/api/v1/heartbeat`), if anywhere.
    #[serde(default)]
    pub heartbeat_url: Option<String>,
    /// This kiosk's name on the desk's kiosk list and on its drafts (default: the host name).
    #[serde(default)]
    pub kiosk_id: Option<String>,
    /// The printer the hall wants used (the system default when absent).
    #[serde(default)]
    pub printer: Option<String>,
    /// Start every applicant in 关怀 mode (high contrast, largest text, read-aloud at hand).
    #[serde(default)]
    pub care_mode: bool,
    /// The admin PIN as an argon2 PHC string (`applicant-assistant --hash-pin` makes one).
    pub admin_pin_hash: String,
    /// Days a draft the hall's desk refused (or an unreadable one) is kept before it leaves the
    /// machine for the admin's report: drafts hold full ID numbers.
    #[serde(default = "default_keep_days")]
    pub intake_keep_days: u32,
    /// The hall's own content-pack mirrors (https), asked before the public ones.
    #[serde(default)]
    pub content_mirrors: Vec<String>,
    /// When the kiosk may install a new app version, `HH:MM-HH:MM` local time (e.g. at night).
    /// Without it the kiosk never updates itself; it is only ever done between two applicants.
    #[serde(default)]
    pub update_window: Option<String>,
}

fn default_keep_days() -> u32 {
    crate::outbox::DEFAULT_KEEP_DAYS
}

/// The idle countdown shown before a session ends: long enough to read and touch.
pub const COUNTDOWN_SECONDS: u32 = 30;
/// Default idle timeout: 3 minutes, as the issue asks.
pub const DEFAULT_IDLE_SECONDS: u32 = 180;
const MIN_IDLE_SECONDS: u32 = 5;
const MAX_IDLE_SECONDS: u32 = 3600;

fn default_languages() -> Vec<Lang> {
    Lang::ALL.to_vec()
}

fn default_idle() -> u32 {
    DEFAULT_IDLE_SECONDS
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum KioskConfigError {
    #[error("the kiosk configuration is not valid TOML or has unknown keys: {0}")]
    Parse(String),
    #[error("hall_name must not be empty")]
    NoHallName,
    #[error("languages must list at least one of zh-CN, zh-TW, en")]
    NoLanguages,
    #[error("idle_timeout_seconds must be between {MIN_IDLE_SECONDS} and {MAX_IDLE_SECONDS}, not {0}")]
    IdleOutOfRange(u32),
    #[error("allowed host `{0}` is not a host name (no scheme, path or port; `*.` only at the start)")]
    BadHost(String),
    #[error("intake_url `{0}` must be an https:// URL (http:// only for 127.0.0.1 in tests)")]
    BadIntakeUrl(String),
    #[error("heartbeat_url `{0}` must be an https:// URL (http:// only for 127.0.0.1 in tests)")]
    BadHeartbeatUrl(String),
    #[error("kiosk_id `{0}` must be 1–64 letters, digits, `-`, `_` or `.`")]
    BadKioskId(String),
    #[error("admin_pin_hash must be an argon2 PHC string starting with $argon2")]
    BadPinHash,
    #[error("intake_keep_days must be between 1 and 365, not {0}")]
    KeepDaysOutOfRange(u32),
}

/// `http://` to this machine only: the host part (up to `/`, `?`, `#` or the port) must be
/// exactly `127.0.0.1` or `localhost`, so `http://127.0.0.1.evil.example/` is refused.
fn intake_is_loopback_http(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let host = authority.rsplit_once(':').map_or(authority, |(h, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            authority
        }
    });
    matches!(host, "127.0.0.1" | "localhost")
}

impl KioskConfig {
    pub fn parse(src: &str) -> Result<KioskConfig, KioskConfigError> {
        let mut c: KioskConfig = toml::from_str(src).map_err(|e| KioskConfigError::Parse(e.to_string()))?;
        c.hall_name = c.hall_name.trim().to_owned();
        if c.hall_name.is_empty() {
            return Err(KioskConfigError::NoHallName);
        }
        c.languages.dedup();
        if c.languages.is_empty() {
            return Err(KioskConfigError::NoLanguages);
        }
        if !(MIN_IDLE_SECONDS..=MAX_IDLE_SECONDS).contains(&c.idle_timeout_seconds) {
            return Err(KioskConfigError::IdleOutOfRange(c.idle_timeout_seconds));
        }
        c.allowed_hosts = c.allowed_hosts.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        if let Some(bad) = c.allowed_hosts.iter().find(|h| !valid_host_pattern(h)) {
            return Err(KioskConfigError::BadHost(bad.clone()));
        }
        if let Some(url) = &c.intake_url {
            let ok = url.starts_with("https://") || intake_is_loopback_http(url);
            if !ok {
                return Err(KioskConfigError::BadIntakeUrl(url.clone()));
            }
        }
        if let Some(url) = &c.heartbeat_url {
            if !(url.starts_with("https://") || intake_is_loopback_http(url)) {
                return Err(KioskConfigError::BadHeartbeatUrl(url.clone()));
            }
        }
        if let Some(id) = &c.kiosk_id {
            if !valid_kiosk_id(id) {
                return Err(KioskConfigError::BadKioskId(id.clone()));
            }
        }
        if !c.admin_pin_hash.starts_with("$argon2") {
            return Err(KioskConfigError::BadPinHash);
        }
        if !(1..=365).contains(&c.intake_keep_days) {
            return Err(KioskConfigError::KeepDaysOutOfRange(c.intake_keep_days));
        }
        Ok(c)
    }

    /// Seconds of the visible countdown: 30, or half the timeout when that is shorter.
    pub fn countdown_seconds(&self) -> u32 {
        COUNTDOWN_SECONDS.min(self.idle_timeout_seconds / 2)
    }

    /// Seconds of silence before the countdown appears.
    pub fn quiet_seconds(&self) -> u32 {
        self.idle_timeout_seconds.saturating_sub(self.countdown_seconds())
    }
}

pub use crate::portals::{host_allowed, valid_host_pattern};

/// A kiosk's name as the desk lists it: short, printable, safe in a header and a log line.
pub fn valid_kiosk_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// What a kiosk tells the hall desk every minute (`POST heartbeat_url`, JSON), so the staff see
/// which kiosks are alive, which version and content they run, and whether drafts are stuck in
/// their outbox. One model for the sending kiosk and the receiving desk.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heartbeat {
    pub kiosk_id: String,
    pub hall_name: String,
    /// The app's version (`CARGO_PKG_VERSION`).
    pub version: String,
    /// The date of the content the kiosk shows. `None` until content packs (issue 20) date the
    /// content; the compiled-in guides have no single date.
    #[serde(default)]
    pub content_date: Option<chrono::NaiveDate>,
    /// Drafts waiting in the intake outbox, and how many of them the desk refused.
    pub outbox_pending: u32,
    #[serde(default)]
    pub outbox_rejected: u32,
    /// When the last applicant's session ended (wiped), if one has since the start.
    #[serde(default)]
    pub last_session_end: Option<chrono::DateTime<chrono::Utc>>,
}

impl Heartbeat {
    /// The desk refuses heartbeats whose names are not [`valid_kiosk_id`] or whose texts are long.
    pub fn is_valid(&self) -> bool {
        valid_kiosk_id(&self.kiosk_id)
            && !self.hall_name.trim().is_empty()
            && self.hall_name.chars().count() <= 100
            && !self.version.is_empty()
            && self.version.len() <= 40
    }
}

/// Wrong-PIN rate limit: after 3 wrong PINs in a row the next try waits 30 s, doubling with
/// every further wrong PIN up to 15 minutes. A right PIN resets it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinLimiter {
    failures: u32,
}

const FREE_TRIES: u32 = 3;
const FIRST_LOCK: Duration = Duration::from_secs(30);
const MAX_LOCK: Duration = Duration::from_secs(15 * 60);

impl PinLimiter {
    /// The limiter after `failures` wrong tries in a row (a count kept in a database).
    pub fn after_failures(failures: u32) -> PinLimiter {
        PinLimiter { failures }
    }

    /// How long the next attempt must wait after the last failure.
    pub fn lockout(&self) -> Duration {
        if self.failures < FREE_TRIES {
            return Duration::ZERO;
        }
        let doublings = (self.failures - FREE_TRIES).min(16);
        FIRST_LOCK.saturating_mul(1 << doublings).min(MAX_LOCK)
    }

    pub fn record(&mut self, success: bool) {
        self.failures = if success { 0 } else { self.failures.saturating_add(1) };
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }
}

/// The wrong-PIN limiter as kept on disk between runs, so a restart (or a crash an applicant
/// provokes) does not forget it. The wait is measured on the wall clock, and never longer than
/// [`MAX_LOCK`] from now whatever the file or the clock says: staff are never locked out for
/// longer than 15 minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinState {
    pub failures: u32,
    pub last_failure: Option<chrono::DateTime<chrono::Utc>>,
}

impl PinState {
    /// How long an attempt at `now` must still wait (zero: it may try).
    pub fn wait_at(&self, now: chrono::DateTime<chrono::Utc>) -> Duration {
        let Some(last) = self.last_failure else { return Duration::ZERO };
        let lock = PinLimiter { failures: self.failures }.lockout();
        // A last failure "in the future" (clock set back, edited file) counts as now.
        let elapsed = now.signed_duration_since(last).to_std().unwrap_or(Duration::ZERO);
        lock.saturating_sub(elapsed).min(MAX_LOCK)
    }

    /// Records an attempt's outcome at `now`.
    pub fn record(&mut self, success: bool, now: chrono::DateTime<chrono::Utc>) {
        if success {
            *self = PinState::default();
        } else {
            self.failures = self.failures.saturating_add(1);
            self.last_failure = Some(now);
        }
    }

    /// The wait the next attempt faces right after this failure.
    pub fn lockout(&self) -> Duration {
        PinLimiter { failures: self.failures }.lockout()
    }

    /// Reads the saved state; an unreadable file counts as the worst case short of a lock-out
    /// beyond 15 minutes (tampering must not reset the limit).
    pub fn from_json(bytes: &[u8]) -> PinState {
        serde_json::from_slice(bytes).unwrap_or(PinState { failures: FREE_TRIES, last_failure: None })
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

    fn cfg(extra: &str) -> String {
        format!("hall_name = \"测试政务服务中心\"\nadmin_pin_hash = \"{HASH}\"\n{extra}")
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = KioskConfig::parse(&cfg("")).expect("valid");
        assert_eq!(c.idle_timeout_seconds, 180);
        assert_eq!(c.languages, Lang::ALL.to_vec());
        assert_eq!(c.quiet_seconds(), 150);
        assert_eq!(c.countdown_seconds(), 30);
        assert!(c.allowed_hosts.is_empty());
        assert!(!c.care_mode, "关怀 mode is off unless the hall asks for it");
        assert!(KioskConfig::parse(&cfg("care_mode = true")).expect("valid").care_mode);
        assert!(matches!(KioskConfig::parse(&cfg("care_mode = \"yes\"")), Err(KioskConfigError::Parse(_))));
        assert_eq!(c.intake_keep_days, 7);
        assert_eq!(KioskConfig::parse(&cfg("intake_keep_days = 0")), Err(KioskConfigError::KeepDaysOutOfRange(0)));
        assert_eq!(KioskConfig::parse(&cfg("intake_keep_days = 30")).map(|c| c.intake_keep_days), Ok(30));
    }

    #[test]
    fn every_rule_is_enforced() {
        assert!(matches!(KioskConfig::parse("hall_name = 1"), Err(KioskConfigError::Parse(_))));
        assert!(matches!(KioskConfig::parse(&cfg("colour = \"red\"")), Err(KioskConfigError::Parse(_))));
        assert_eq!(
            KioskConfig::parse(&format!("hall_name = \" \"\nadmin_pin_hash = \"{HASH}\"")),
            Err(KioskConfigError::NoHallName)
        );
        assert_eq!(KioskConfig::parse(&cfg("languages = []")), Err(KioskConfigError::NoLanguages));
        assert_eq!(KioskConfig::parse(&cfg("idle_timeout_seconds = 4")), Err(KioskConfigError::IdleOutOfRange(4)));
        assert_eq!(
            KioskConfig::parse(&cfg("idle_timeout_seconds = 3601")),
            Err(KioskConfigError::IdleOutOfRange(3601))
        );
        assert_eq!(
            KioskConfig::parse(&cfg("allowed_hosts = [\"https://www.jszg.edu.cn\"]")),
            Err(KioskConfigError::BadHost("https://www.jszg.edu.cn".into()))
        );
        assert!(matches!(
            KioskConfig::parse(&cfg("intake_url = \"http://intake.example.org/\"")),
            Err(KioskConfigError::BadIntakeUrl(_))
        ));
        for bad in
            ["http://127.0.0.1.evil.example/", "http://localhost.evil.example/x", "http://localhost@evil.example/"]
        {
            assert!(
                matches!(
                    KioskConfig::parse(&cfg(&format!("intake_url = \"{bad}\""))),
                    Err(KioskConfigError::BadIntakeUrl(_))
                ),
                "{bad}"
            );
        }
        for good in ["http://127.0.0.1:8080/intake", "http://localhost/intake", "https://intake.example.org/"] {
            assert!(KioskConfig::parse(&cfg(&format!("intake_url = \"{good}\""))).is_ok(), "{good}");
        }
        assert_eq!(
            KioskConfig::parse("hall_name = \"x\"\nadmin_pin_hash = \"1234\""),
            Err(KioskConfigError::BadPinHash)
        );
    }

    #[test]
    fn desk_urls_and_kiosk_ids_are_checked() {
        let c = KioskConfig::parse(&cfg(
            "heartbeat_url = \"https://desk.example.gov.cn/api/v1/heartbeat\"\nkiosk_id = \"hall-3.kiosk_2\"",
        ))
        .expect("valid");
        assert_eq!(c.kiosk_id.as_deref(), Some("hall-3.kiosk_2"));
        assert!(matches!(
            KioskConfig::parse(&cfg("heartbeat_url = \"http://10.0.0.2/api/v1/heartbeat\"")),
            Err(KioskConfigError::BadHeartbeatUrl(_))
        ));
        for bad in ["", "a b", "厅1", "x/y", &"k".repeat(65)] {
            assert!(!valid_kiosk_id(bad), "{bad}");
            assert!(matches!(
                KioskConfig::parse(&cfg(&format!("kiosk_id = \"{bad}\""))),
                Err(KioskConfigError::BadKioskId(_))
            ));
        }
    }

    #[test]
    fn heartbeats_round_trip_and_are_checked() {
        let beat: Heartbeat = serde_json::from_str(
            r#"{"kiosk_id":"k1","hall_name":"测试厅","version":"0.1.0","outbox_pending":2,"last_session_end":"2026-06-01T08:00:00Z"}"#,
        )
        .expect("parse");
        assert!(beat.is_valid());
        assert_eq!((beat.outbox_rejected, beat.content_date), (0, None));
        let back: Heartbeat = serde_json::from_value(serde_json::to_value(&beat).expect("json")).expect("back");
        assert_eq!(back, beat);
        assert!(!Heartbeat { kiosk_id: "a b".into(), ..beat.clone() }.is_valid());
        assert!(!Heartbeat { hall_name: " ".into(), ..beat }.is_valid());
    }

    #[test]
    fn short_timeouts_keep_half_for_the_countdown() {
        let c = KioskConfig::parse(&cfg("idle_timeout_seconds = 10")).expect("valid");
        assert_eq!(c.quiet_seconds(), 5);
        assert_eq!(c.countdown_seconds(), 5);
    }

    #[test]
    fn wrong_pins_lock_out_longer_each_time() {
        let mut l = PinLimiter::default();
        for _ in 0..3 {
            assert_eq!(l.lockout(), Duration::ZERO);
            l.record(false);
        }
        assert_eq!(l.lockout(), Duration::from_secs(30));
        l.record(false);
        assert_eq!(l.lockout(), Duration::from_secs(60));
        for _ in 0..40 {
            l.record(false);
        }
        assert_eq!(l.lockout(), Duration::from_secs(900));
        l.record(true);
        assert_eq!((l.lockout(), l.failures()), (Duration::ZERO, 0));
        assert_eq!(PinLimiter::after_failures(4).lockout(), Duration::from_secs(60));
    }

    #[test]
    fn saved_pin_state_keeps_the_wait_and_never_exceeds_15_minutes() {
        use chrono::TimeZone;
        let t0 = chrono::Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).single().expect("instant");
        let mut s = PinState::default();
        for _ in 0..3 {
            assert_eq!(s.wait_at(t0), Duration::ZERO);
            s.record(false, t0);
        }
        let saved = PinState::from_json(&s.to_json());
        assert_eq!(saved.wait_at(t0 + chrono::Duration::seconds(10)), Duration::from_secs(20), "a restart keeps it");
        assert_eq!(saved.wait_at(t0 + chrono::Duration::seconds(30)), Duration::ZERO);
        let mut many = saved.clone();
        for _ in 0..100 {
            many.record(false, t0);
        }
        assert_eq!(many.wait_at(t0), Duration::from_secs(900));
        // A failure dated in the future (clock set back, edited file) still waits at most 15 minutes.
        let future = PinState { failures: 50, last_failure: Some(t0 + chrono::Duration::days(365)) };
        assert_eq!(future.wait_at(t0), Duration::from_secs(900));
        let absurd = PinState { failures: u32::MAX, last_failure: Some(chrono::DateTime::<chrono::Utc>::MAX_UTC) };
        assert!(absurd.wait_at(t0) <= Duration::from_secs(900));
        // A damaged file does not reset the count to zero.
        assert_eq!(PinState::from_json(b"garbage").failures, 3);
        many.record(true, t0);
        assert_eq!(many, PinState::default());
    }
}
