//! The service-hall intake outbox (issue 7): drafts waiting to be sent to the hall's intake
//! endpoint, kept on disk so that nothing is lost while the endpoint is offline, across restarts,
//! or when the app is killed (`kill -9`, power cut) in the middle of the queue.
//!
//! # Layout
//!
//! One directory, one file per entry: `<id>.json`, always written with
//! [`write_atomic`](crate::atomic::write_atomic) (temp file + fsync + rename), so a reader sees a
//! whole old entry or a whole new one, never half of either. Sending removes the file (and fsyncs
//! the directory). A file that does not parse is moved to `corrupt/` for the staff and reported,
//! never deleted and never allowed to stop the others. Temp files left by a killed process
//! (`.<id>.json.<pid>.tmp`) are ignored, and removed by [`Outbox::open`] once they are stale.
//!
//! # Delivery: at least once
//!
//! An entry is deleted only after the endpoint confirmed it. If the app dies after the endpoint
//! received a draft but before the file was deleted, the draft is sent again after the restart.
//! Every request therefore carries the entry's [`Entry::id`] (header `Idempotency-Key` and field
//! `id` in the JSON body) and the endpoint must treat a second request with the same id as a
//! duplicate (answering 2xx or 409). Ids are unique per entry and never reused.
//!
//! # Clock
//!
//! Core never reads the clock: every function that needs "now" takes it as an argument, so the
//! backoff schedule is tested without sleeping.
//!
//! The files hold the applicant's full ID number: the directory is created private (0700 on
//! Unix), entries are never logged (`Debug` leaves the payload out), and they leave the disk as
//! soon as the endpoint has them. The directory must not be the kiosk's per-applicant scratch
//! directory, which is wiped between applicants: the outbox outlives sessions by design.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::atomic::write_atomic;

/// Where unparsable entry files are moved, inside the outbox directory.
pub const CORRUPT_DIR: &str = "corrupt";
/// A temp file this old cannot belong to a write in progress (a write takes milliseconds).
pub const STALE_TEMP: Duration = Duration::from_secs(60);
/// Longest error text kept in an entry: enough to tell the staff what happened.
const MAX_ERROR_CHARS: usize = 300;

/// What an entry carries, so one outbox (and one endpoint) can take more kinds of drafts later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A draft for the NMPA hall's 咨询/反馈 form.
    NmpaFeedback,
}

/// One queued draft: the file `<id>.json`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Time-ordered and unique (`<ms since 1970, 13 digits>-<counter>-<random>`); also the
    /// idempotency key the endpoint deduplicates on.
    pub id: String,
    pub kind: EntryKind,
    pub created_at: DateTime<Utc>,
    /// The draft as JSON. Holds personal data: never log it.
    pub payload: serde_json::Value,
    /// Failed sends so far.
    #[serde(default)]
    pub attempts: u32,
    /// Not sent before this instant (the backoff).
    pub next_attempt_at: DateTime<Utc>,
    #[serde(default)]
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// Why the last send failed, for the staff.
    #[serde(default)]
    pub last_error: Option<String>,
    /// The endpoint refused this entry (a 4xx other than 409): retried only slowly
    /// ([`Backoff::rejected_retry`]), because it needs someone to fix the endpoint or its settings.
    #[serde(default)]
    pub rejected: bool,
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("created_at", &self.created_at)
            .field("attempts", &self.attempts)
            .field("next_attempt_at", &self.next_attempt_at)
            .field("last_error", &self.last_error)
            .field("rejected", &self.rejected)
            .finish_non_exhaustive()
    }
}

/// The retry schedule. `delay(n)` after the n-th failure: `base · 2^(n-1)`, at most `cap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
    /// Wait after the endpoint refused an entry (4xx): it will not change its mind by itself,
    /// but an administrator may fix the endpoint, so the entry is neither dropped nor hammered.
    pub rejected_retry: Duration,
    /// Spread retries over `[delay/2, delay]`, so the kiosks of a hall do not all retry in the
    /// same second after an outage. Deterministic per entry id and attempt (testable).
    pub jitter: bool,
}

impl Default for Backoff {
    /// 2 s, 4 s, 8 s … capped at 5 minutes; refused entries once an hour; with jitter.
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(2),
            cap: Duration::from_secs(300),
            rejected_retry: Duration::from_secs(3600),
            jitter: true,
        }
    }
}

impl Backoff {
    /// The wait after the `failures`-th failed attempt of entry `id` (`failures` ≥ 1).
    pub fn delay(&self, failures: u32, id: &str) -> Duration {
        let full = backoff_delay(failures, self.base, self.cap);
        if !self.jitter {
            return full;
        }
        let half = full / 2;
        // A fraction in [0, 1) from the id and attempt: no random source needed, same answer twice.
        let frac = (fnv1a(id.as_bytes(), failures) >> 11) as f64 / (1u64 << 53) as f64;
        half + half.mul_f64(frac)
    }
}

/// Exponential backoff without jitter: `base · 2^(failures-1)`, never above `cap`
/// (0 failures → no wait).
pub fn backoff_delay(failures: u32, base: Duration, cap: Duration) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    let factor = 1u32 << (failures - 1).min(31);
    base.saturating_mul(factor).min(cap)
}

fn fnv1a(bytes: &[u8], salt: u32) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes.iter().chain(salt.to_le_bytes().iter()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// What the UI shows about the outbox (a kiosk's admin page, a "waiting to be sent" note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct OutboxStatus {
    /// Entries not yet sent.
    pub pending: u32,
    /// When the oldest unsent entry was queued.
    pub oldest_created_at: Option<DateTime<Utc>>,
    /// The earliest next try among unsent entries.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The error of the most recent failed attempt, if an unsent entry has one.
    pub last_error: Option<String>,
    /// Entries the endpoint refused (4xx): staff must look at the endpoint's settings.
    pub rejected: u32,
    /// Files set aside in `corrupt/` because they could not be read.
    pub corrupt: u32,
}

/// The result of reading the outbox directory.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Every readable entry, oldest first.
    pub entries: Vec<Entry>,
    /// Files found unreadable by this scan and moved to `corrupt/` (their new paths).
    pub moved_aside: Vec<PathBuf>,
}

/// The outbox directory. Cheap to create; holds no open files. One sending worker per directory
/// (enqueueing and status reads may happen from anywhere at the same time).
#[derive(Debug, Clone)]
pub struct Outbox {
    dir: PathBuf,
    backoff: Backoff,
}

impl Outbox {
    /// Opens (creating if needed, private on Unix) the outbox at `dir`, and removes temp files a
    /// killed process left more than [`STALE_TEMP`] ago. Fresh temp files are left alone: they
    /// may be a write in progress in this or another process.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<Outbox> {
        let dir = dir.into();
        create_private_dir(&dir)?;
        let now = SystemTime::now();
        for item in fs::read_dir(&dir)?.flatten() {
            let name = item.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with('.') && name.ends_with(".tmp")) {
                continue;
            }
            let age = item.metadata().and_then(|m| m.modified()).ok().and_then(|t| now.duration_since(t).ok());
            if age.is_some_and(|a| a >= STALE_TEMP) {
                let _ = fs::remove_file(item.path());
            }
        }
        Ok(Outbox { dir, backoff: Backoff::default() })
    }

    /// Uses another retry schedule (tests use milliseconds).
    pub fn with_backoff(mut self, backoff: Backoff) -> Outbox {
        self.backoff = backoff;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn backoff(&self) -> Backoff {
        self.backoff
    }

    fn path_of(&self, id: &str) -> io::Result<PathBuf> {
        if !valid_id(id) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not an outbox entry id"));
        }
        Ok(self.dir.join(format!("{id}.json")))
    }

    /// Queues `payload`, due at once. Returns the new entry's id once the file is on disk.
    pub fn enqueue(&self, kind: EntryKind, payload: serde_json::Value, now: DateTime<Utc>) -> io::Result<String> {
        let id = new_id(now);
        let entry = Entry {
            id: id.clone(),
            kind,
            created_at: now,
            payload,
            attempts: 0,
            next_attempt_at: now,
            last_attempt_at: None,
            last_error: None,
            rejected: false,
        };
        self.write(&entry)?;
        Ok(id)
    }

    fn write(&self, entry: &Entry) -> io::Result<()> {
        let bytes = serde_json::to_vec_pretty(entry).map_err(io::Error::other)?;
        write_atomic(&self.path_of(&entry.id)?, &bytes)
    }

    /// Reads one entry; `None` when it is not (or no longer) queued.
    pub fn get(&self, id: &str) -> io::Result<Option<Entry>> {
        match fs::read(self.path_of(id)?) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes).map(Some).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Reads every entry, oldest first, moving unreadable files to `corrupt/`.
    pub fn scan(&self) -> io::Result<Scan> {
        let mut scan = Scan::default();
        for item in fs::read_dir(&self.dir)?.flatten() {
            let name = item.file_name();
            let name = name.to_string_lossy().into_owned();
            // Temp files of atomic writes start with a dot; the corrupt/ dir has no .json suffix.
            let Some(stem) = name.strip_suffix(".json").filter(|_| !name.starts_with('.')) else { continue };
            let path = item.path();
            if !path.is_file() {
                continue;
            }
            let bytes = match fs::read(&path) {
                Ok(b) => b,
                // Sent (deleted) between listing and reading.
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            match serde_json::from_slice::<Entry>(&bytes) {
                // The id must match the name, or marking it sent would delete another file.
                Ok(entry) if entry.id == stem && valid_id(stem) => scan.entries.push(entry),
                _ => {
                    if let Some(moved) = self.move_aside(&path, &name)? {
                        scan.moved_aside.push(moved);
                    }
                }
            }
        }
        scan.entries.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        Ok(scan)
    }

    fn move_aside(&self, path: &Path, name: &str) -> io::Result<Option<PathBuf>> {
        let corrupt = self.dir.join(CORRUPT_DIR);
        create_private_dir(&corrupt)?;
        let mut target = corrupt.join(name);
        let mut n = 1;
        while target.exists() {
            target = corrupt.join(format!("{name}.{n}"));
            n += 1;
        }
        match fs::rename(path, &target) {
            Ok(()) => {
                sync_dir(&self.dir);
                Ok(Some(target))
            }
            // Another scan moved it first.
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every unsent entry, oldest first (see [`Outbox::scan`]).
    pub fn pending(&self) -> io::Result<Vec<Entry>> {
        Ok(self.scan()?.entries)
    }

    /// The unsent entries whose next attempt is due at `now`, oldest first.
    pub fn due(&self, now: DateTime<Utc>) -> io::Result<Vec<Entry>> {
        Ok(self.pending()?.into_iter().filter(|e| e.next_attempt_at <= now).collect())
    }

    /// The endpoint has the entry: delete it. Already gone is fine (marking twice is harmless).
    pub fn mark_sent(&self, id: &str) -> io::Result<()> {
        match fs::remove_file(self.path_of(id)?) {
            Ok(()) => {
                sync_dir(&self.dir);
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// A send failed and may succeed later (offline, timeout, 5xx): count it and schedule the
    /// next try by the backoff. Returns the updated entry.
    pub fn mark_failed(&self, id: &str, error: &str, now: DateTime<Utc>) -> io::Result<Entry> {
        self.update_failed(id, error, now, false)
    }

    /// The endpoint refused the entry (4xx other than 409): keep it with the reason and retry
    /// only after [`Backoff::rejected_retry`].
    pub fn mark_rejected(&self, id: &str, error: &str, now: DateTime<Utc>) -> io::Result<Entry> {
        self.update_failed(id, error, now, true)
    }

    fn update_failed(&self, id: &str, error: &str, now: DateTime<Utc>, rejected: bool) -> io::Result<Entry> {
        let mut entry =
            self.get(id)?.ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "outbox entry is no longer queued"))?;
        entry.attempts = entry.attempts.saturating_add(1);
        entry.rejected = rejected;
        let wait = if rejected { self.backoff.rejected_retry } else { self.backoff.delay(entry.attempts, id) };
        // Checked: a clock (or stored value) near the calendar's end saturates instead of panicking.
        let wait = chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX);
        entry.next_attempt_at = now.checked_add_signed(wait).unwrap_or(DateTime::<Utc>::MAX_UTC);
        entry.last_attempt_at = Some(now);
        entry.last_error = Some(error.chars().take(MAX_ERROR_CHARS).collect());
        self.write(&entry)?;
        Ok(entry)
    }

    /// The summary for the UI. Reads the directory (and so also sets corrupt files aside).
    pub fn status(&self) -> io::Result<OutboxStatus> {
        let entries = self.pending()?;
        let corrupt = match fs::read_dir(self.dir.join(CORRUPT_DIR)) {
            Ok(items) => items.flatten().count(),
            Err(_) => 0,
        };
        let last_failed = entries.iter().filter(|e| e.last_attempt_at.is_some()).max_by_key(|e| e.last_attempt_at);
        Ok(OutboxStatus {
            pending: count(entries.len()),
            oldest_created_at: entries.first().map(|e| e.created_at),
            next_attempt_at: entries.iter().map(|e| e.next_attempt_at).min(),
            last_error: last_failed.and_then(|e| e.last_error.clone()),
            rejected: count(entries.iter().filter(|e| e.rejected).count()),
            corrupt: count(corrupt),
        })
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Ids are made here; anything else (a file renamed by hand, a path from the UI) is refused, so
/// an id can never name a file outside the outbox.
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `<ms, 13 digits>-<per-process counter>-<64 random bits>`: sorts by time, and unique across
/// processes and kiosks (the endpoint deduplicates on it).
fn new_id(now: DateTime<Utc>) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let ms = now.timestamp_millis().max(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed) % 1_000_000;
    format!("{ms:013}-{n:06}-{:016x}", random_u64())
}

/// 64 random bits without a dependency: std's `RandomState` is seeded from the OS per thread and
/// differs per instance.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    if let Ok(t) = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
}

/// Persists a delete or rename in the directory itself, where the platform allows it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Where drafts that waited too long are reported, inside the outbox directory (a directory,
/// so [`Outbox::scan`] never takes the report for an entry).
pub const REPORT_DIR: &str = "expired";
const REPORT_FILE: &str = "report.json";
/// The report keeps this many lines, newest last.
const REPORT_MAX_LINES: usize = 1000;
/// Refused or unreadable drafts are kept this many days unless the kiosk says otherwise.
pub const DEFAULT_KEEP_DAYS: u32 = 7;

/// One draft removed from the outbox after [`Outbox::expire`]'s limit: what the hall's staff need
/// to follow it up, without the applicant's full ID number (masked) or anything else they typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ReportLine {
    /// The entry id (or the unreadable file's name).
    pub id: String,
    pub created_at: Option<DateTime<Utc>>,
    pub removed_at: DateTime<Utc>,
    pub attempts: u32,
    /// The desk's last answer, or why the file could not be read.
    pub reason: String,
    /// The applicant's ID number, masked (`1101**********002X`), when the draft had one.
    pub id_masked: Option<String>,
}

impl Outbox {
    /// Removes refused entries created more than `keep_days` days before `now`, and unreadable
    /// files set aside in `corrupt/` that long ago: a public machine must not keep full ID numbers
    /// for ever. Each is first written to the report ([`Outbox::report`]), never dropped silently.
    /// Returns what was removed.
    pub fn expire(&self, now: DateTime<Utc>, keep_days: u32) -> io::Result<Vec<ReportLine>> {
        let limit = chrono::Duration::days(i64::from(keep_days));
        let old = |t: DateTime<Utc>| now.signed_duration_since(t) > limit;
        let mut lines = Vec::new();
        let mut files = Vec::new();
        for e in self.pending()?.into_iter().filter(|e| e.rejected && old(e.created_at)) {
            let id_masked = e.payload.get("id_number").and_then(|v| v.as_str()).map(crate::identity::mask_id);
            lines.push(ReportLine {
                id: e.id.clone(),
                created_at: Some(e.created_at),
                removed_at: now,
                attempts: e.attempts,
                reason: e.last_error.clone().unwrap_or_default(),
                id_masked,
            });
            files.push(self.path_of(&e.id)?);
        }
        let std_limit = Duration::from_secs(u64::from(keep_days).saturating_mul(86_400));
        if let Ok(items) = fs::read_dir(self.dir.join(CORRUPT_DIR)) {
            for item in items.flatten() {
                let modified = item.metadata().and_then(|m| m.modified()).ok();
                let age = modified.and_then(|m| SystemTime::now().duration_since(m).ok());
                if age.is_some_and(|a| a > std_limit) {
                    lines.push(ReportLine {
                        id: item.file_name().to_string_lossy().into_owned(),
                        created_at: None,
                        removed_at: now,
                        attempts: 0,
                        reason: "unreadable draft file".to_owned(),
                        id_masked: None,
                    });
                    files.push(item.path());
                }
            }
        }
        if lines.is_empty() {
            return Ok(lines);
        }
        let mut report = self.report()?;
        report.extend(lines.iter().cloned());
        let skip = report.len().saturating_sub(REPORT_MAX_LINES);
        let report: Vec<ReportLine> = report.into_iter().skip(skip).collect();
        let dir = self.dir.join(REPORT_DIR);
        create_private_dir(&dir)?;
        write_atomic(&dir.join(REPORT_FILE), &serde_json::to_vec_pretty(&report).map_err(io::Error::other)?)?;
        for f in files {
            match fs::remove_file(&f) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        sync_dir(&self.dir);
        Ok(lines)
    }

    /// Drafts removed by [`Outbox::expire`], oldest first (empty when none ever were).
    pub fn report(&self) -> io::Result<Vec<ReportLine>> {
        match fs::read(self.dir.join(REPORT_DIR).join(REPORT_FILE)) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;
    use std::fs::File;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("aa-outbox-{}-{}", name, std::process::id()));
        let _ = fs::remove_dir_all(&d);
        d
    }

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_750_000_000 + secs, 0).single().expect("valid instant")
    }

    fn no_jitter() -> Backoff {
        Backoff { jitter: false, ..Backoff::default() }
    }

    fn json_files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn backoff_doubles_from_two_seconds_and_stops_at_five_minutes() {
        let b = no_jitter();
        let secs: Vec<u64> = (1..=10).map(|n| b.delay(n, "x").as_secs()).collect();
        assert_eq!(secs, [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(b.delay(u32::MAX, "x"), Duration::from_secs(300), "no overflow on absurd counts");
        assert_eq!(backoff_delay(0, b.base, b.cap), Duration::ZERO);
        assert_eq!(backoff_delay(3, Duration::from_millis(10), Duration::from_secs(1)), Duration::from_millis(40));
    }

    #[test]
    fn jitter_stays_within_half_to_full_and_is_deterministic() {
        let b = Backoff::default();
        for n in 1..=12 {
            let full = backoff_delay(n, b.base, b.cap);
            let d = b.delay(n, "1750000000000-000001-00000000deadbeef");
            assert!(d >= full / 2 && d <= full, "attempt {n}: {d:?} outside [{:?}, {full:?}]", full / 2);
            assert_eq!(d, b.delay(n, "1750000000000-000001-00000000deadbeef"));
        }
        let spread: std::collections::HashSet<Duration> =
            (0..20).map(|i| b.delay(5, &format!("1750000000000-{i:06}-0"))).collect();
        assert!(spread.len() > 10, "jitter should spread entries apart: {spread:?}");
    }

    #[test]
    fn entries_come_back_oldest_first_and_survive_reopening() {
        let d = scratch("order");
        let ob = Outbox::open(&d).expect("open");
        // Queued out of time order: pending() must sort by creation, not by file listing.
        let late = ob.enqueue(EntryKind::NmpaFeedback, json!({"n": 3}), t(30)).expect("enqueue");
        let early = ob.enqueue(EntryKind::NmpaFeedback, json!({"n": 1}), t(10)).expect("enqueue");
        let mid = ob.enqueue(EntryKind::NmpaFeedback, json!({"n": 2}), t(20)).expect("enqueue");
        let same_ms: Vec<String> =
            (0..5).map(|i| ob.enqueue(EntryKind::NmpaFeedback, json!({"s": i}), t(40)).expect("enqueue")).collect();
        let ids: Vec<String> =
            Outbox::open(&d).expect("reopen").pending().expect("pending").into_iter().map(|e| e.id).collect();
        let mut want = vec![early, mid, late];
        want.extend(same_ms);
        assert_eq!(ids, want);
        let unique: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
        fs::remove_dir_all(&d).expect("cleanup");
    }

    #[test]
    fn failures_count_schedule_and_keep_the_reason_until_sent() {
        let d = scratch("fail");
        let ob = Outbox::open(&d).expect("open").with_backoff(no_jitter());
        let id = ob.enqueue(EntryKind::NmpaFeedback, json!({"title": "证书"}), t(0)).expect("enqueue");
        assert_eq!(ob.due(t(0)).expect("due").len(), 1, "a new entry is due at once");

        let e = ob.mark_failed(&id, "503 Service Unavailable", t(1)).expect("fail 1");
        assert_eq!((e.attempts, e.next_attempt_at, e.rejected), (1, t(3), false));
        let e = ob.mark_failed(&id, "connection refused", t(3)).expect("fail 2");
        assert_eq!((e.attempts, e.next_attempt_at), (2, t(7)));
        assert!(ob.due(t(6)).expect("due").is_empty(), "not before the backoff ends");
        assert_eq!(ob.due(t(7)).expect("due").len(), 1);

        let on_disk = ob.get(&id).expect("get").expect("still queued");
        assert_eq!(on_disk.payload, json!({"title": "证书"}), "payload unchanged by failures");
        assert_eq!(on_disk.last_error.as_deref(), Some("connection refused"));

        let s = ob.status().expect("status");
        assert_eq!(s.pending, 1);
        assert_eq!(s.oldest_created_at, Some(t(0)));
        assert_eq!(s.next_attempt_at, Some(t(7)));
        assert_eq!(s.last_error.as_deref(), Some("connection refused"));

        let r = ob.mark_rejected(&id, "400 Bad Request: missing field", t(8)).expect("reject");
        assert!(r.rejected);
        assert_eq!(r.next_attempt_at, t(8 + 3600), "a refused entry is retried hourly, not dropped");
        assert_eq!(ob.status().expect("status").rejected, 1);

        ob.mark_sent(&id).expect("sent");
        ob.mark_sent(&id).expect("marking twice is harmless");
        assert!(ob.pending().expect("pending").is_empty());
        assert!(json_files(&d).is_empty());
        assert!(ob.mark_failed(&id, "late", t(9)).is_err(), "a sent entry is not brought back");
        assert!(json_files(&d).is_empty());
        fs::remove_dir_all(&d).expect("cleanup");
    }

    #[test]
    fn corrupt_files_are_moved_aside_not_deleted_and_do_not_stop_the_rest() {
        let d = scratch("corrupt");
        let ob = Outbox::open(&d).expect("open");
        let good = ob.enqueue(EntryKind::NmpaFeedback, json!({"ok": true}), t(0)).expect("enqueue");
        let truncated = "1750000000000-000000-0000000000000001.json";
        fs::write(d.join(truncated), br#"{"id":"1750000000000-000000-0000000000000001","kind":"nmpa_fe"#)
            .expect("write");
        // Valid JSON whose id does not match the name: marking it sent would delete the wrong file.
        let mut other = ob.get(&good).expect("get").expect("entry");
        other.id = "1750000000000-000000-0000000000000009".into();
        fs::write(d.join("1750000000000-000000-0000000000000002.json"), serde_json::to_vec(&other).expect("json"))
            .expect("write");
        fs::write(d.join("empty.json"), b"").expect("write");

        let scan = ob.scan().expect("scan");
        assert_eq!(scan.entries.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), [good.as_str()]);
        assert_eq!(scan.moved_aside.len(), 3);
        let aside = json_files(&d.join(CORRUPT_DIR));
        assert!(aside.contains(&truncated.to_owned()), "{aside:?}");
        assert_eq!(
            fs::read_to_string(d.join(CORRUPT_DIR).join(truncated)).expect("kept"),
            r#"{"id":"1750000000000-000000-0000000000000001","kind":"nmpa_fe"#,
            "moved byte for byte"
        );
        assert_eq!(ob.status().expect("status").corrupt, 3);
        assert_eq!(json_files(&d), [format!("{good}.json")]);
        fs::remove_dir_all(&d).expect("cleanup");
    }

    #[test]
    fn temp_leftovers_are_ignored_and_stale_ones_cleaned_on_open() {
        let d = scratch("temps");
        let ob = Outbox::open(&d).expect("open");
        let id = ob.enqueue(EntryKind::NmpaFeedback, json!({"a": 1}), t(0)).expect("enqueue");
        // What a kill -9 during write_atomic leaves: a half-written hidden temp file.
        let fresh = d.join(format!(".{id}.json.99999.tmp"));
        let stale = d.join(".1750000000000-000000-0000000000000003.json.4242.tmp");
        fs::write(&fresh, b"{\"id\":").expect("write");
        fs::write(&stale, b"{\"id\":").expect("write");
        let old = SystemTime::now() - STALE_TEMP - Duration::from_secs(5);
        File::options().write(true).open(&stale).expect("open").set_modified(old).expect("age it");

        let scan = ob.scan().expect("scan");
        assert_eq!(scan.entries.len(), 1);
        assert!(scan.moved_aside.is_empty(), "temp files are not entries, not even corrupt ones");
        Outbox::open(&d).expect("reopen");
        assert!(!stale.exists(), "a stale temp file is removed on open");
        assert!(fresh.exists(), "a fresh one may be a write in progress");
        assert_eq!(ob.get(&id).expect("get").map(|e| e.payload), Some(json!({"a": 1})));
        fs::remove_dir_all(&d).expect("cleanup");
    }

    #[test]
    fn a_failed_update_leaves_the_old_entry_whole() {
        let d = scratch("atomic");
        let ob = Outbox::open(&d).expect("open").with_backoff(no_jitter());
        let id = ob.enqueue(EntryKind::NmpaFeedback, json!({"k": "v"}), t(0)).expect("enqueue");
        let before = fs::read(d.join(format!("{id}.json"))).expect("read");
        // Block the temp file's name with a directory: the write fails before the rename
        // (works as root too, unlike a read-only directory).
        let tmp = d.join(format!(".{id}.json.{}.tmp", std::process::id()));
        fs::create_dir(&tmp).expect("block");
        assert!(ob.mark_failed(&id, "503", t(1)).is_err());
        assert_eq!(fs::read(d.join(format!("{id}.json"))).expect("read"), before, "old content intact");
        fs::remove_dir(&tmp).expect("unblock");

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&d, fs::Permissions::from_mode(0o500)).expect("read-only");
            // Root ignores permissions: only assert when the directory really is read-only.
            let read_only = File::create(d.join("probe")).is_err();
            if read_only {
                assert!(ob.mark_failed(&id, "503", t(1)).is_err());
                assert!(ob.enqueue(EntryKind::NmpaFeedback, json!({}), t(2)).is_err());
            }
            fs::set_permissions(&d, fs::Permissions::from_mode(0o700)).expect("writable");
            let _ = fs::remove_file(d.join("probe"));
            assert_eq!(fs::read(d.join(format!("{id}.json"))).expect("read"), before);
        }
        assert_eq!(ob.pending().expect("pending").len(), 1);
        assert_eq!(fs::read_dir(&d).expect("list").count(), 1, "no partial or temp file left");
        fs::remove_dir_all(&d).expect("cleanup");
    }

    #[test]
    fn ids_are_checked_before_touching_files() {
        let d = scratch("ids");
        let ob = Outbox::open(&d).expect("open");
        for bad in ["", "../x", "a/b", "x.json", "..", "a b"] {
            assert!(ob.mark_sent(bad).is_err(), "{bad:?}");
            assert!(ob.get(bad).is_err(), "{bad:?}");
        }
        fs::remove_dir_all(&d).expect("cleanup");
    }

    #[test]
    fn debug_output_leaves_the_payload_out() {
        let d = scratch("debug");
        let ob = Outbox::open(&d).expect("open");
        let id =
            ob.enqueue(EntryKind::NmpaFeedback, json!({"id_number": "11010519491231002X"}), t(0)).expect("enqueue");
        let shown = format!("{:?}", ob.get(&id).expect("get").expect("entry"));
        assert!(!shown.contains("002X"), "{shown}");
        assert!(shown.contains(&id));
        fs::remove_dir_all(&d).expect("cleanup");
    }

    #[test]
    fn refused_drafts_leave_after_the_limit_into_the_report() {
        let d = scratch("expire");
        let outbox = Outbox::open(&d).expect("open");
        let day0 = t(0);
        let refused =
            outbox.enqueue(EntryKind::NmpaFeedback, json!({"id_number": "11010519491231002X"}), day0).expect("queued");
        let waiting = outbox.enqueue(EntryKind::NmpaFeedback, json!({"id_number": "x"}), day0).expect("queued");
        outbox.mark_rejected(&refused, "HTTP 400 bad", day0).expect("marked");
        outbox.mark_failed(&waiting, "down", day0).expect("marked");
        let six_days = t(6 * 86_400);
        assert!(outbox.expire(six_days, 7).expect("expire").is_empty(), "kept for 7 days");
        let eight_days = t(8 * 86_400);
        let removed = outbox.expire(eight_days, 7).expect("expire");
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].id, refused);
        assert_eq!(removed[0].id_masked.as_deref(), Some("1101**********002X"));
        assert_eq!(removed[0].reason, "HTTP 400 bad");
        assert!(outbox.get(&refused).expect("read").is_none(), "the full ID number left the disk");
        assert!(outbox.get(&waiting).expect("read").is_some(), "a draft still being retried stays");
        assert_eq!(outbox.report().expect("report"), removed, "nothing dropped silently");
        let on_disk: String =
            json_files(&d).iter().map(|f| fs::read_to_string(d.join(f)).unwrap_or_default()).collect();
        assert!(!on_disk.contains("11010519491231002X"));
        let report = fs::read_to_string(d.join(REPORT_DIR).join(REPORT_FILE)).expect("report file");
        assert!(!report.contains("11010519491231002X"), "{report}");
        let _ = fs::remove_dir_all(&d);
    }
}
