//! Not a test: drafts accepted per second by a release `hall-desk` on loopback, with SQLite and
//! with PostgreSQL (a server started from Debian's package in a temporary directory), from a load
//! generator in this process. Bounded in count and in time. `cargo bench -p hall-desk`.
//!
//! Environment: `DESK_BENCH_DRAFTS` (default 5000 per database), `DESK_BENCH_CONCURRENCY`
//! (default 32 kiosks posting at once), `DESK_BENCH_SECONDS` (default 60 per database).

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Result {
    sent: u64,
    errors: u64,
    seconds: f64,
    latencies_us: Vec<u64>,
}

async fn load(base: &str, drafts: u64, concurrency: u64, limit: Duration) -> Result {
    let next = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
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
                .timeout(Duration::from_secs(20))
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
                    match r {
                        Ok(r) if r.status().as_u16() == 201 => latencies.lock().expect("lock").push(us),
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
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
    Result { sent: latencies_us.len() as u64, errors: errors.load(Ordering::Relaxed), seconds, latencies_us }
}

fn pct(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

fn run(label: &str, database: Option<&str>) {
    let drafts = env_or("DESK_BENCH_DRAFTS", 5000);
    let concurrency = env_or("DESK_BENCH_CONCURRENCY", 32);
    let limit = Duration::from_secs(env_or("DESK_BENCH_SECONDS", 60));
    let dir = TempDir::new("bench");
    let config = Desk::init(dir.path(), database, "max_connections = 16");
    let desk = Desk::serve(&config);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("rt");
    let r = rt.block_on(load(&desk.base, drafts, concurrency, limit));
    println!(
        "{label:<10} {} drafts in {:.1} s = {:.0} drafts/s ({} errors), {concurrency} concurrent; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        r.sent,
        r.seconds,
        r.sent as f64 / r.seconds,
        r.errors,
        pct(&r.latencies_us, 0.50),
        pct(&r.latencies_us, 0.99),
        pct(&r.latencies_us, 1.0)
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` lists/compiles benches: nothing to run here.
    }
    run("SQLite", None);
    let pg = Postgres::start();
    run("PostgreSQL", Some(&pg.url));
}
