//! kill -9 the desk while kiosks post, restart it: every draft the desk acknowledged is stored
//! exactly once, and the drafts whose answers were lost are taken as replays (200) when the
//! kiosks send them again, as their outboxes do. Against SQLite and a real PostgreSQL server.

mod common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use hall_desk::db::Db;

const KIOSKS: u64 = 6;
const DRAFTS_EACH: u64 = 40;

#[derive(Default)]
struct Tally {
    acked: Mutex<HashSet<String>>,
    created: AtomicU64,
    replays: AtomicU64,
    failures: AtomicU64,
}

/// One kiosk's outbox: each draft is sent until the desk answers 2xx or 409.
async fn kiosk(k: u64, base: String, tally: Arc<Tally>) {
    let c = {
        tls_provider();
        reqwest::Client::builder()
    }
    .timeout(Duration::from_secs(5))
    .build()
    .expect("client");
    for n in 0..DRAFTS_EACH {
        let seq = k * 1000 + n;
        let body = envelope(
            &draft_id(seq),
            &format!("申请人{k}号{n}"),
            &id_number(u32::try_from(seq % 997).unwrap_or(0)),
            "13800138000",
        );
        let started = Instant::now();
        loop {
            assert!(started.elapsed() < Duration::from_secs(90), "draft {seq} never acknowledged");
            let sent = c
                .post(format!("{base}/api/v1/drafts"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", draft_id(seq))
                .header("X-Kiosk-Id", format!("kiosk-{k}"))
                .body(body.to_string())
                .send()
                .await;
            match sent.map(|r| r.status().as_u16()) {
                Ok(201) => tally.created.fetch_add(1, Ordering::Relaxed),
                Ok(200) => tally.replays.fetch_add(1, Ordering::Relaxed),
                Ok(409) => panic!("draft {seq}: a replay was taken for a conflict"),
                other => {
                    assert!(!matches!(other, Ok(400..=499)), "draft {seq} refused: {other:?}");
                    tally.failures.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            tally.acked.lock().expect("lock").insert(draft_id(seq));
            break;
        }
    }
}

fn crash(database: Option<&str>) {
    let dir = TempDir::new("crash");
    let config = Desk::init(dir.path(), database, "");
    let mut desk = Desk::serve(&config);
    let base = desk.base.clone();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("rt");
    let tally = Arc::new(Tally::default());
    let tasks: Vec<_> = (0..KIOSKS).map(|k| rt.spawn(kiosk(k, base.clone(), tally.clone()))).collect();

    // Kill the desk in the middle of the stream, hold it down briefly, start it again.
    let started = Instant::now();
    while tally.acked.lock().expect("lock").len() < 60 {
        assert!(started.elapsed() < Duration::from_secs(60), "the kiosks never got going");
        std::thread::sleep(Duration::from_millis(5));
    }
    desk.kill9();
    let acked_at_kill = tally.acked.lock().expect("lock").len();
    std::thread::sleep(Duration::from_millis(500));
    let _desk = Desk::serve(&config);
    for t in tasks {
        rt.block_on(t).expect("kiosk task");
    }

    let total = KIOSKS * DRAFTS_EACH;
    let acked = tally.acked.lock().expect("lock").clone();
    assert_eq!(acked.len() as u64, total);
    assert!(acked_at_kill < total as usize, "the kill came after the last draft: it proved nothing");
    assert!(tally.failures.load(Ordering::Relaxed) > 0, "no post failed: the desk was not down while kiosks posted");
    let db_url = database.map_or_else(|| format!("sqlite://{}", dir.path().join("desk.db").display()), str::to_owned);
    rt.block_on(async {
        let db = Db::open(&db_url, 2).await.expect("db");
        assert_eq!(db.count_drafts().await.expect("count") as u64, total, "every draft exactly once");
        for id in &acked {
            let d = db.get_draft(id).await.expect("get");
            assert!(d.is_some(), "acknowledged draft {id} is missing");
            let received = db.events_of(id).await.expect("events").iter().filter(|e| e.action == "received").count();
            assert_eq!(received, 1, "draft {id} received {received} times");
        }
        db.close().await;
    });
    println!(
        "crash test: {total} drafts from {KIOSKS} kiosks, desk killed after {acked_at_kill} acknowledgements; \
         {} stored new, {} replays answered 200 after the restart, {} posts failed while it was down",
        tally.created.load(Ordering::Relaxed),
        tally.replays.load(Ordering::Relaxed),
        tally.failures.load(Ordering::Relaxed)
    );
}

#[test]
fn sqlite_kill9_while_kiosks_post() {
    crash(None);
}

#[test]
fn postgres_kill9_while_kiosks_post() {
    let pg = Postgres::start();
    crash(Some(&pg.url));
}
