//! The service-hall intake against local servers (127.0.0.1 only) that fail, refuse, hang and
//! succeed, and a worker process killed with SIGKILL in the middle of the queue.
//!
//! The killed worker is this test binary itself, re-run with `AA_INTAKE_CHILD_DIR` set: then the
//! test `child_worker_process` runs the library's `Worker` until it is killed. Same code as the
//! app, no extra binary to build.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use applicant_assistant_lib::intake::{send_one, Worker};
use assistant_core::outbox::{Backoff, Entry, EntryKind, Outbox, CORRUPT_DIR};
use chrono::Utc;
use serde_json::{json, Value};
use tokio::sync::Notify;

// ---------------------------------------------------------------------------------------------
// A tiny HTTP/1.1 intake endpoint

/// What the endpoint does with a request it has not accepted before.
#[derive(Clone, Copy, Debug)]
enum Answer {
    Status(u16),
    /// Read the request, never answer (keep the connection open).
    Hang,
}

#[derive(Clone, Debug)]
struct Received {
    key: Option<String>,
    body: Value,
    at: Instant,
    /// What it answered; 0 = nothing.
    answered: u16,
}

#[derive(Clone)]
struct Endpoint {
    url: String,
    log: Arc<Mutex<Vec<Received>>>,
}

impl Endpoint {
    fn received(&self) -> Vec<Received> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Ids answered 2xx: a real endpoint stores each of these once.
    fn accepted(&self) -> Vec<String> {
        self.received().into_iter().filter(|r| (200..300).contains(&r.answered)).filter_map(|r| r.key).collect()
    }
}

/// Serves on `listener`; `answer(n)` decides for the n-th request (0-based) of an id it has not
/// accepted yet. An id it already accepted gets 409, as the intake contract asks.
fn serve(listener: TcpListener, answer: impl Fn(usize) -> Answer + Send + 'static) -> Endpoint {
    let url = format!("http://{}/intake", listener.local_addr().expect("addr"));
    let log = Arc::new(Mutex::new(Vec::<Received>::new()));
    let shared = log.clone();
    std::thread::spawn(move || {
        let mut accepted = HashSet::new();
        let mut hanging = Vec::new();
        for (n, mut stream) in listener.incoming().flatten().enumerate() {
            let Some((key, body)) = read_request(&mut stream) else { continue };
            let decision = match &key {
                Some(k) if accepted.contains(k) => Answer::Status(409),
                _ => answer(n),
            };
            let answered = match decision {
                Answer::Status(code) => code,
                Answer::Hang => 0,
            };
            if let (Some(k), true) = (&key, (200..300).contains(&answered)) {
                accepted.insert(k.clone());
            }
            if let Ok(mut l) = shared.lock() {
                l.push(Received { key, body, at: Instant::now(), answered });
            }
            match decision {
                Answer::Status(code) => {
                    let text = if code == 400 { "missing field title" } else { "" };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {code} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                        text.len()
                    );
                }
                Answer::Hang => hanging.push(stream),
            }
        }
    });
    Endpoint { url, log }
}

fn listener() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").expect("bind")
}

/// Returns the `Idempotency-Key` header and the JSON body.
fn read_request(stream: &mut TcpStream) -> Option<(Option<String>, Value)> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
    };
    let length: usize = header("content-length")?.parse().ok()?;
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = serde_json::from_slice(&buf[head_end..head_end + length]).ok()?;
    Some((header("idempotency-key"), body))
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("aa-intake-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn fast(base_ms: u64) -> Backoff {
    Backoff {
        base: Duration::from_millis(base_ms),
        cap: Duration::from_millis(base_ms * 8),
        rejected_retry: Duration::from_secs(3600),
        jitter: false,
    }
}

fn draft(n: u32) -> Value {
    json!({ "consultant": "张三", "title": format!("证书问题 {n}"), "id_number": "11010519491231002X" })
}

fn enqueue(dir: &Path, n: u32) -> String {
    Outbox::open(dir).expect("open").enqueue(EntryKind::NmpaFeedback, draft(n), Utc::now()).expect("enqueue")
}

/// The entry files (`<id>.json`) in the outbox directory, by name.
fn entry_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|items| items.flatten().map(|e| e.path()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    files.sort();
    files
}

async fn eventually(what: &str, timeout: Duration, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < timeout, "timed out after {timeout:?} waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn blocking_eventually(what: &str, timeout: Duration, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < timeout, "timed out after {timeout:?} waiting for: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Every request carried its entry's id in the header and the body, with the draft unchanged.
fn assert_well_formed(received: &[Received], sent: &HashMap<String, Value>) {
    for r in received {
        let key = r.key.clone().expect("Idempotency-Key header");
        assert_eq!(r.body["id"], json!(key), "body id = header key");
        assert_eq!(r.body["kind"], json!("nmpa_feedback"));
        assert!(r.body["created_at"].as_str().is_some_and(|s| s.contains('T')), "{:?}", r.body["created_at"]);
        let want = sent.get(&key).unwrap_or_else(|| panic!("request for an id never queued: {key}"));
        assert_eq!(&r.body["draft"], want, "draft of {key}");
    }
}

// ---------------------------------------------------------------------------------------------
// (a) fails, then succeeds

#[tokio::test]
async fn failing_endpoint_is_retried_with_backoff_until_it_takes_the_draft_once() {
    let dir = scratch("retry");
    let id = enqueue(&dir, 1);
    let endpoint = serve(listener(), |n| if n < 2 { Answer::Status(503) } else { Answer::Status(200) });
    let worker = Worker::new(&dir, &endpoint.url).expect("worker").with_backoff(fast(150));
    let task = tokio::spawn(worker.run(Arc::new(Notify::new())));

    // After the first 503 the entry is still on disk, counted, with the reason.
    let mut first_failure = None;
    eventually("first failure recorded", Duration::from_secs(10), || {
        first_failure = Outbox::open(&dir).ok().and_then(|o| o.get(&id).ok().flatten()).filter(|e| e.attempts >= 1);
        first_failure.is_some()
    })
    .await;
    let reason = first_failure.and_then(|e| e.last_error).unwrap_or_default();
    assert!(reason.contains("HTTP 503"), "{reason}");

    eventually("outbox empty", Duration::from_secs(10), || entry_files(&dir).is_empty()).await;
    task.abort();

    let got = endpoint.received();
    assert_eq!(got.iter().map(|r| r.answered).collect::<Vec<_>>(), [503, 503, 200]);
    assert_eq!(endpoint.accepted(), std::slice::from_ref(&id), "taken exactly once");
    assert_well_formed(&got, &HashMap::from([(id, draft(1))]));
    // At least 150 ms after the first failure and at least 300 ms after the second: the worker
    // keeps the doubling backoff (`outbox::backoff_delay`, unit-tested), not a busy loop. Only
    // lower bounds: on a loaded machine either wait may run long (a run under Wine saw the first
    // take 556 ms and the second 347 ms), so comparing the two measured gaps would be a coin toss.
    let gaps: Vec<Duration> = got.windows(2).map(|w| w[1].at - w[0].at).collect();
    assert!(gaps[0] >= Duration::from_millis(140), "{gaps:?}");
    assert!(gaps[1] >= Duration::from_millis(290), "{gaps:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// (b) offline, then the endpoint comes up

#[tokio::test]
async fn nothing_listening_then_the_endpoint_starts_and_gets_the_draft() {
    let dir = scratch("offline");
    let id = enqueue(&dir, 2);
    let reserved = listener();
    let addr: SocketAddr = reserved.local_addr().expect("addr");
    drop(reserved);
    let url = format!("http://{addr}/intake");
    let worker = Worker::new(&dir, &url).expect("worker").with_backoff(fast(100));
    let task = tokio::spawn(worker.run(Arc::new(Notify::new())));

    eventually("two failed attempts", Duration::from_secs(10), || {
        Outbox::open(&dir).ok().and_then(|o| o.get(&id).ok().flatten()).is_some_and(|e| e.attempts >= 2)
    })
    .await;
    let waiting = Outbox::open(&dir).expect("open").status().expect("status");
    assert_eq!(waiting.pending, 1);
    assert!(waiting.last_error.as_deref().is_some_and(|m| m.contains("cannot be reached")), "{waiting:?}");

    let endpoint = serve(TcpListener::bind(addr).expect("rebind the same port"), |_| Answer::Status(201));
    eventually("outbox empty", Duration::from_secs(10), || entry_files(&dir).is_empty()).await;
    task.abort();
    assert_eq!(endpoint.accepted(), std::slice::from_ref(&id));
    assert_well_formed(&endpoint.received(), &HashMap::from([(id, draft(2))]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_idle_worker_sends_as_soon_as_it_is_woken() {
    let dir = scratch("wake");
    let endpoint = serve(listener(), |_| Answer::Status(200));
    let notify = Arc::new(Notify::new());
    let task = tokio::spawn(Worker::new(&dir, &endpoint.url).expect("worker").run(notify.clone()));
    // Let it find the outbox empty and go to sleep (for up to 10 minutes).
    tokio::time::sleep(Duration::from_millis(200)).await;
    let id = enqueue(&dir, 3);
    notify.notify_one();
    eventually("sent after the wake-up", Duration::from_secs(5), || entry_files(&dir).is_empty()).await;
    task.abort();
    assert_eq!(endpoint.accepted(), [id]);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Answers one by one, driven round by round

#[tokio::test]
async fn duplicate_409_counts_as_sent_and_a_refusal_is_kept_with_its_reason() {
    let dir = scratch("answers");
    let dup = enqueue(&dir, 4);
    let dup_endpoint = serve(listener(), |_| Answer::Status(409));
    let round = Worker::new(&dir, &dup_endpoint.url).expect("worker").send_due().await;
    assert_eq!(round.sent, [dup]);
    assert!(entry_files(&dir).is_empty(), "409 = the endpoint already has it");

    let refused = enqueue(&dir, 5);
    let refusing = serve(listener(), |_| Answer::Status(400));
    let worker = Worker::new(&dir, &refusing.url).expect("worker").with_backoff(fast(10));
    let round = worker.send_due().await;
    assert_eq!(round.rejected, std::slice::from_ref(&refused));
    let kept = worker.outbox().get(&refused).expect("get").expect("kept, not dropped");
    assert!(kept.rejected);
    let reason = kept.last_error.unwrap_or_default();
    assert!(reason.contains("400") && reason.contains("missing field title"), "{reason}");
    assert!(kept.next_attempt_at > Utc::now() + chrono::Duration::minutes(59), "retried hourly");
    assert_eq!(kept.payload, draft(5));

    // Not due again for an hour: further rounds do not hammer the endpoint.
    for _ in 0..3 {
        assert_eq!(
            worker.send_due().await,
            applicant_assistant_lib::intake::Round { wake_at: Some(kept.next_attempt_at), ..Default::default() }
        );
    }
    assert_eq!(refusing.received().len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_unreachable_endpoint_stops_the_round_at_the_oldest_entry() {
    let dir = scratch("stop");
    let ids: Vec<String> = (0..3).map(|n| enqueue(&dir, n)).collect();
    let reserved = listener();
    let url = format!("http://{}/intake", reserved.local_addr().expect("addr"));
    drop(reserved);
    let worker = Worker::new(&dir, &url).expect("worker").with_backoff(fast(1000));
    let round = worker.send_due().await;
    assert_eq!(round.failed, [ids[0].clone()], "one try, oldest first; the rest would fail the same way");
    let entries = worker.outbox().pending().expect("pending");
    assert_eq!(entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>(), ids, "order kept");
    assert_eq!(entries.iter().map(|e| e.attempts).collect::<Vec<_>>(), [1, 0, 0]);
    assert_eq!(round.wake_at, Some(entries[0].next_attempt_at), "wakes when the oldest may be tried again");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn send_one_refuses_plain_http_beyond_this_machine() {
    let dir = scratch("url");
    let id = enqueue(&dir, 6);
    let entry: Entry = Outbox::open(&dir).expect("open").get(&id).expect("get").expect("entry");
    let client = applicant_assistant_lib::intake::client().expect("client");
    let err = send_one(&client, "http://192.168.1.20/intake", &entry).await.expect_err("plain http on the LAN");
    assert!(err.is_permanent());
    assert!(Worker::new(&dir, "http://intake.example.gov.cn/").is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// (d) a corrupt entry

#[tokio::test]
async fn a_truncated_entry_is_set_aside_and_the_others_still_go() {
    let dir = scratch("corrupt");
    let first = enqueue(&dir, 7);
    let broken = format!("{}-000000-0000000000000bad.json", Utc::now().timestamp_millis());
    std::fs::write(dir.join(&broken), br#"{"id":"x","kind":"nmpa_feedback","payload":{"consul"#).expect("write");
    let second = enqueue(&dir, 8);
    let endpoint = serve(listener(), |_| Answer::Status(200));
    let task = tokio::spawn(Worker::new(&dir, &endpoint.url).expect("worker").run(Arc::new(Notify::new())));
    eventually("outbox empty", Duration::from_secs(10), || entry_files(&dir).is_empty()).await;
    task.abort();
    let mut accepted = endpoint.accepted();
    accepted.sort();
    assert_eq!(accepted, [first.clone(), second.clone()]);
    assert_well_formed(&endpoint.received(), &HashMap::from([(first, draft(7)), (second, draft(8))]));
    let aside = std::fs::read_to_string(dir.join(CORRUPT_DIR).join(&broken)).expect("kept in corrupt/");
    assert!(aside.ends_with("consul"), "kept as it was");
    assert_eq!(Outbox::open(&dir).expect("open").status().expect("status").corrupt, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// (c) kill -9 mid-queue

const CHILD_DIR: &str = "AA_INTAKE_CHILD_DIR";
const CHILD_URL: &str = "AA_INTAKE_CHILD_URL";
const CHILD_BACKOFF_MS: &str = "AA_INTAKE_CHILD_BACKOFF_MS";

/// Not a test on its own: when this binary is started by [`start_worker_process`], runs the
/// worker until killed. Without the variables it does nothing.
#[test]
fn child_worker_process() {
    let (Ok(dir), Ok(url)) = (std::env::var(CHILD_DIR), std::env::var(CHILD_URL)) else { return };
    let ms = std::env::var(CHILD_BACKOFF_MS).ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let worker = Worker::new(dir, &url).expect("worker").with_backoff(fast(ms));
    runtime.block_on(worker.run(Arc::new(Notify::new())));
}

/// Kills the worker process when dropped, so a failing test leaves no process behind.
struct WorkerProcess(Child);

impl WorkerProcess {
    /// SIGKILL on Unix (TerminateProcess on Windows): no destructors, no flushing.
    fn kill_9(&mut self) {
        self.0.kill().expect("kill");
        self.0.wait().expect("reap");
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_worker_process(dir: &Path, url: &str, backoff_ms: u64) -> WorkerProcess {
    let exe = std::env::current_exe().expect("test binary");
    let child = Command::new(exe)
        .args(["child_worker_process", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, dir)
        .env(CHILD_URL, url)
        .env(CHILD_BACKOFF_MS, backoff_ms.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the worker process");
    WorkerProcess(child)
}

/// Every entry file parses, ids and drafts as queued, nothing set aside.
fn assert_outbox_intact(dir: &Path, queued: &HashMap<String, Value>) {
    let files = entry_files(dir);
    assert_eq!(files.len(), queued.len(), "{files:?}");
    for f in &files {
        let bytes = std::fs::read(f).expect("read");
        let entry: Entry = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{} is not a whole entry after kill -9: {e}", f.display()));
        assert_eq!(queued.get(&entry.id), Some(&entry.payload), "{}", f.display());
    }
    assert!(!dir.join(CORRUPT_DIR).exists(), "nothing was corrupt");
}

#[test]
fn killed_mid_queue_nothing_is_lost_and_everything_arrives_after_restart() {
    let dir = scratch("kill9");
    let queued: HashMap<String, Value> = (10..13).map(|n| (enqueue(&dir, n), draft(n))).collect();

    // 1. The endpoint takes the first request and never answers; kill the worker while it waits.
    let hanging = serve(listener(), |_| Answer::Hang);
    let mut worker = start_worker_process(&dir, &hanging.url, 100);
    blocking_eventually("the first request arrives", Duration::from_secs(30), || !hanging.received().is_empty());
    worker.kill_9();
    assert_outbox_intact(&dir, &queued);

    // 2. Kill it again and again while it rewrites entries as fast as it can (503 at once, 1 ms
    //    backoff): each kill may land in the middle of an atomic write.
    let failing = serve(listener(), |_| Answer::Status(503));
    for round in 0..5u64 {
        let before = failing.received().len();
        let mut worker = start_worker_process(&dir, &failing.url, 1);
        blocking_eventually("the worker is busy", Duration::from_secs(30), || failing.received().len() > before + 3);
        std::thread::sleep(Duration::from_millis(7 * round));
        worker.kill_9();
        assert_outbox_intact(&dir, &queued);
    }
    assert!(failing.received().len() > 15, "the worker really was rewriting entries");

    // 3. Restart with a working endpoint: everything arrives, the outbox empties.
    let working = serve(listener(), |_| Answer::Status(200));
    let _worker = start_worker_process(&dir, &working.url, 10);
    blocking_eventually("outbox empty", Duration::from_secs(30), || entry_files(&dir).is_empty());
    let accepted: HashSet<String> = working.accepted().into_iter().collect();
    assert_eq!(accepted, queued.keys().cloned().collect::<HashSet<_>>(), "all three arrived");
    assert_eq!(working.accepted().len(), 3, "each taken once");
    // Duplicates across the kills are fine only as the same id with the same draft.
    for endpoint in [&hanging, &failing, &working] {
        assert_well_formed(&endpoint.received(), &queued);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
