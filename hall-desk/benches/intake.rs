//! Not a test: drafts accepted per second by a release `hall-desk` on loopback, with SQLite and
//! with PostgreSQL (a server started from Debian's package in a temporary directory), from a load
//! generator in this process. Bounded in count and in time. `cargo bench -p hall-desk`.
//!
//! Environment: `DESK_BENCH_DRAFTS` (default 5000 per database), `DESK_BENCH_CONCURRENCY`
//! (default 32 kiosks posting at once), `DESK_BENCH_SECONDS` (default 60 per database).
//!
//! After each database it prints what a province's kiosks would ask of one desk at peak, from
//! the assumptions in [`Province`] (each one can be changed by environment) and the rate just
//! measured. The load generator shares the machine with the desk and the database, so the rate
//! is a floor for a server of its own.

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Result {
    sent: u64,
    /// What the drafts that were not stored got instead: a status code, `timeout` or `transport`.
    errors: BTreeMap<String, u64>,
    seconds: f64,
    latencies_us: Vec<u64>,
}

async fn load(base: &str, drafts: u64, concurrency: u64, limit: Duration) -> Result {
    let next = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(Mutex::new(BTreeMap::<String, u64>::new()));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(drafts as usize)));
    let start = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|w| {
            let (next, errors, latencies, base) = (next.clone(), errors.clone(), latencies.clone(), base.to_owned());
            tokio::spawn(async move {
                let c = {
                    tls_provider();
                    reqwest::Client::builder()
                }
                // The kiosk's own limit (`intake::TOTAL_TIMEOUT`): a later answer is one the
                // kiosk never hears (it retries, and the desk answers the replay with 200).
                .timeout(Duration::from_secs(15))
                .build()
                .expect("client");
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= drafts || start.elapsed() > limit {
                        break;
                    }
                    let body =
                        envelope(&draft_id(n + 1), &format!("申请人{n}"), &id_number((n % 997) as u32), "13800138000")
                            .to_string();
                    let t = Instant::now();
                    let r = c
                        .post(format!("{base}/api/v1/drafts"))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", draft_id(n + 1))
                        .header("X-Kiosk-Id", format!("bench-{w}"))
                        .body(body)
                        .send()
                        .await;
                    let us = t.elapsed().as_micros() as u64;
                    let failure = match r {
                        Ok(r) if r.status().as_u16() == 201 => {
                            latencies.lock().expect("lock").push(us);
                            continue;
                        }
                        Ok(r) => r.status().as_u16().to_string(),
                        Err(e) if e.is_timeout() => "timeout".to_owned(),
                        Err(_) => "transport".to_owned(),
                    };
                    *errors.lock().expect("lock").entry(failure).or_default() += 1;
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.await;
    }
    let seconds = start.elapsed().as_secs_f64();
    let mut latencies_us = std::mem::take(&mut *latencies.lock().expect("lock"));
    latencies_us.sort_unstable();
    let errors = std::mem::take(&mut *errors.lock().expect("lock"));
    Result { sent: latencies_us.len() as u64, errors, seconds, latencies_us }
}

fn pct(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

/// The machine's load averages (1, 5, 15 minutes): the rates mean little if other work ran.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// A process's parent and the CPU seconds it has used so far (`/proc/PID/stat`: ppid, and
/// utime + stime in 1/100 s).
fn proc_stat(pid: &str) -> Option<(u32, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ppid = fields.get(1)?.parse().ok()?;
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some((ppid, ticks / 100.0))
}

/// CPU seconds a process has used so far.
fn cpu_seconds(pid: &str) -> Option<f64> {
    proc_stat(pid).map(|(_, cpu)| cpu)
}

/// CPU seconds used so far by `root` and every process under it (a database server's backends).
fn tree_cpu_seconds(root: u32) -> Option<f64> {
    let mut procs = BTreeMap::new();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let (Ok(pid), Some(stat)) = (name.parse::<u32>(), proc_stat(&name)) {
            procs.insert(pid, stat);
        }
    }
    let under = |mut pid: u32| loop {
        if pid == root {
            return true;
        }
        match procs.get(&pid) {
            Some(&(p, _)) if p != pid && p != 0 => pid = p,
            _ => return false,
        }
    };
    Some(procs.iter().filter(|(&pid, _)| under(pid)).map(|(_, &(_, cpu))| cpu).sum())
}

/// Busy and total CPU time of the whole machine so far (`/proc/stat`, in 1/100 s).
fn machine_cpu() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let v: Vec<f64> = stat.lines().next()?.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
    let idle = v.get(3)? + v.get(4)?;
    let total: f64 = v.iter().take(8).sum();
    Some((total - idle, total))
}

/// Assumptions for "what a province of 500 kiosks at peak would need", stated, not measured.
#[derive(Clone, Copy)]
struct Province {
    /// `DESK_BENCH_KIOSKS`: kiosks posting to one desk service (default 500).
    kiosks: f64,
    /// `DESK_BENCH_DRAFTS_PER_KIOSK_HOUR` (default 20): one finished applicant session every 3
    /// minutes on every kiosk for the whole peak hour, an upper bound (a session that fills a
    /// draft takes longer, and not every session ends in a draft).
    drafts_per_kiosk_hour: f64,
    /// `DESK_BENCH_HEARTBEAT_SECONDS` (default 60, the kiosk's `heartbeat::EVERY`): every beat
    /// is a write; counted here as costly as a draft (it is one upsert, a draft two inserts).
    heartbeat_seconds: f64,
    /// `DESK_BENCH_OUTAGE_HOURS` (default 1): the desk or the network down for a peak hour;
    /// then every kiosk's outbox sends what it kept, all kiosks at once.
    outage_hours: f64,
}

impl Province {
    fn from_env() -> Province {
        Province {
            kiosks: env_or("DESK_BENCH_KIOSKS", 500) as f64,
            drafts_per_kiosk_hour: env_or("DESK_BENCH_DRAFTS_PER_KIOSK_HOUR", 20) as f64,
            heartbeat_seconds: env_or("DESK_BENCH_HEARTBEAT_SECONDS", 60).max(1) as f64,
            outage_hours: env_or("DESK_BENCH_OUTAGE_HOURS", 1) as f64,
        }
    }

    /// The estimate from `rate` (drafts/s measured with `concurrency` posting at once).
    fn report(&self, label: &str, rate: f64, concurrency: u64) {
        let Province { kiosks, drafts_per_kiosk_hour, heartbeat_seconds, outage_hours } = *self;
        let drafts = kiosks * drafts_per_kiosk_hour / 3600.0;
        let beats = kiosks / heartbeat_seconds;
        let writes = drafts + beats;
        let backlog = kiosks * drafts_per_kiosk_hour * outage_hours;
        println!(
            "{label:<10} {kiosks:.0} kiosks at peak ({drafts_per_kiosk_hour:.0} drafts per kiosk per hour, a heartbeat every {heartbeat_seconds:.0} s): \
             {drafts:.1} drafts/s + {beats:.1} heartbeats/s = {writes:.1} writes/s = {:.1} % of the {rate:.0} drafts/s measured ({:.0}x headroom)",
            100.0 * writes / rate,
            rate / writes
        );
        println!(
            "{label:<10} all {kiosks:.0} posting at the same moment: the last answered after about {:.1} s at the measured rate \
             (measured with {concurrency} at once; the kiosk gives up after 15 s and retries with backoff, losing nothing)",
            kiosks / rate
        );
        println!(
            "{label:<10} after a {outage_hours:.0} h outage: {backlog:.0} kept drafts sent in about {:.0} s at the measured rate, \
             beside the heartbeats",
            backlog / (rate - beats).max(f64::MIN_POSITIVE)
        );
    }
}

fn run(label: &str, database: Option<&str>, server: Option<u32>) {
    let drafts = env_or("DESK_BENCH_DRAFTS", 5000);
    let concurrency = env_or("DESK_BENCH_CONCURRENCY", 32);
    let limit = Duration::from_secs(env_or("DESK_BENCH_SECONDS", 60));
    let dir = TempDir::new("bench");
    let config = Desk::init(dir.path(), database, "max_connections = 16");
    let desk = Desk::serve(&config);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("rt");
    let desk_pid = desk.child.id().to_string();
    let db_cpu = || server.map_or(Some(0.0), tree_cpu_seconds);
    let (before, cpu_before) = (loadavg(), (cpu_seconds(&desk_pid), cpu_seconds("self"), db_cpu(), machine_cpu()));
    let r = rt.block_on(load(&desk.base, drafts, concurrency, limit));
    let (after, cpu_after) = (loadavg(), (cpu_seconds(&desk_pid), cpu_seconds("self"), db_cpu(), machine_cpu()));
    println!(
        "{label:<10} {} drafts in {:.1} s = {:.0} drafts/s (not stored: {:?}), {concurrency} concurrent; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        r.sent,
        r.seconds,
        r.sent as f64 / r.seconds,
        r.errors,
        pct(&r.latencies_us, 0.50),
        pct(&r.latencies_us, 0.99),
        pct(&r.latencies_us, 1.0)
    );
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{label:<10} load average before {before}, after {after} ({cores} cores: above {cores} the figures are shared)"
    );
    if let ((Some(d0), Some(g0), Some(s0), Some((b0, t0))), (Some(d1), Some(g1), Some(s1), Some((b1, t1)))) =
        (cpu_before, cpu_after)
    {
        let (desk_s, gen_s, db_s) = (d1 - d0, g1 - g0, s1 - s0);
        let per_draft = |s: f64| 1000.0 * s / (r.sent.max(1) as f64);
        println!(
            "{label:<10} CPU during the run: the machine {:.0} % busy; per stored draft the desk {:.2} ms, the database server {:.2} ms, \
             this load generator {:.2} ms (in all {desk_s:.1} + {db_s:.1} + {gen_s:.1} s); other work {:.1} s",
            100.0 * (b1 - b0) / (t1 - t0).max(1.0),
            per_draft(desk_s),
            per_draft(db_s),
            per_draft(gen_s),
            ((b1 - b0) / 100.0 - desk_s - gen_s - db_s).max(0.0)
        );
    }
    if r.sent > 0 {
        Province::from_env().report(label, r.sent as f64 / r.seconds, concurrency);
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` lists/compiles benches: nothing to run here.
    }
    run("SQLite", None, None);
    let pg = Postgres::start();
    run("PostgreSQL", Some(&pg.url), Some(pg.child.id()));
}
