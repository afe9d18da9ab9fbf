//! Whatever the app's files hold, reading them and computing from them never panics (issue 19:
//! a stored annotation dated `+262142-12-31T23:59:59Z` loaded and then made `assess()` panic).
//!
//! Every store is fed JSON with dates drawn from the whole range chrono can parse, the
//! calendar's two ends included, and every computation the app runs on it is run with an
//! equally arbitrary "now". A store may refuse a file; it must never crash on one.

use assistant_core::annotation::{self, AnnotationRequest};
use assistant_core::certificate::CertificateStore;
use assistant_core::checklist;
use assistant_core::feedback::{self, TrackedFile};
use assistant_core::guide::{self, RunState};
use assistant_core::lang::Lang;
use assistant_core::outbox::Outbox;
use assistant_core::vault::{AccountView, AccountsFile};
use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};

/// An instant anywhere chrono can represent, often exactly at (or next to) either end.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let min = DateTime::<Utc>::MIN_UTC.timestamp();
    let max = DateTime::<Utc>::MAX_UTC.timestamp();
    prop_oneof![
        Just(min),
        Just(max),
        Just(max - 3600),
        Just(min + 3600),
        min..=max,
        1_600_000_000i64..1_900_000_000i64,
    ]
    .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or(DateTime::<Utc>::MIN_UTC))
}

fn date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        Just(NaiveDate::MIN.num_days_from_ce()),
        Just(NaiveDate::MAX.num_days_from_ce()),
        (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce()),
        (730_000i32..740_000i32),
    ]
    .prop_map(|d: i32| NaiveDate::from_num_days_from_ce_opt(d).unwrap_or(NaiveDate::MIN))
}

use chrono::Datelike;

fn j<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn annotation_json() -> impl Strategy<Value = Value> {
    (instant(), date(), date(), proptest::option::of(instant()), "[a-z0-9]{1,6}").prop_map(
        |(at, from, to, done, id)| {
            json!({"id": id, "scenario": "本人调用", "requested_at": j(at), "valid_from": j(from),
                   "valid_to": j(to), "completed_at": j(done)})
        },
    )
}

fn certificates_json() -> impl Strategy<Value = Value> {
    let cert = (proptest::option::of(date()), proptest::collection::vec(annotation_json(), 0..6), "[0-9a-f]{64}")
        .prop_map(|(issued, anns, sha)| {
            json!({"certificate": {"sha256": sha, "format": "pdf", "size_bytes": 1000, "number": null,
                   "holder": null, "issue_date": j(issued), "title": null, "has_signature": false},
                   "annotations": anns})
        });
    proptest::collection::vec(cert, 0..3).prop_map(|certs| json!({"version": 1, "certificates": certs}))
}

fn tracked_json() -> impl Strategy<Value = Value> {
    let item = (date(), date(), date(), proptest::option::of(date()), proptest::option::of(date()), 0u32..40).prop_map(
        |(sub, exp, over, dl, ans, n)| {
            json!({"id": "t1", "case": null, "tracked": {"kind": {"kind": "jszg_email"}, "submitted": j(sub),
                   "working_days": n, "expected_by": j(exp), "overdue_from": j(over), "years_without_data": [],
                   "how_to_check": [], "query_deadline": j(dl), "source": "x"}, "lookup": null, "answered_on": j(ans)})
        },
    );
    proptest::collection::vec(item, 0..4).prop_map(|items| json!({"version": 1, "items": items}))
}

fn outbox_entry_json() -> impl Strategy<Value = Value> {
    (instant(), instant(), proptest::option::of(instant()), any::<u32>(), any::<bool>()).prop_map(
        |(created, next, last, attempts, rejected)| {
            json!({"id": "1750000000000-000001-00000000000000ab", "kind": "nmpa_feedback", "created_at": j(created),
                   "payload": {}, "attempts": attempts, "next_attempt_at": j(next), "last_attempt_at": j(last),
                   "last_error": "x", "rejected": rejected})
        },
    )
}

fn run_json() -> impl Strategy<Value = Value> {
    let flows = guide::flow_ids();
    let version = guide::start(&flows[0]).map(|r| r.version).unwrap_or(1);
    (0..flows.len(), proptest::collection::vec(date(), 0..3), any::<bool>()).prop_map(move |(i, dates, hist)| {
        let flow = &flows[i];
        let nodes = ["q_issue_date", "q_when", "q_start", "q_date"];
        let mut answers = serde_json::Map::new();
        for (n, d) in nodes.iter().zip(dates.iter()) {
            answers.insert((*n).to_owned(), json!({"kind": "date", "value": j(d)}));
        }
        let history: Vec<&str> = if hist { nodes.iter().take(dates.len()).copied().collect() } else { Vec::new() };
        json!({"version": version, "flow_id": flow, "answers": answers, "history": history})
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn certificates_store(store in certificates_json(), now in instant(), from in date(), to in date()) {
        let bytes = serde_json::to_vec(&store).unwrap_or_default();
        if let Ok(mut store) = CertificateStore::from_json(&bytes) {
            let ids: Vec<String> = store.list().iter().map(|c| c.certificate.sha256.clone()).collect();
            for id in &ids {
                if let Some(a) = store.assess(id, now) {
                    let _ = annotation::reminders(&a, now);
                    let _ = serde_json::to_vec(&a);
                }
                let request = AnnotationRequest { scenario: "本人调用".into(), valid_from: from, valid_to: to };
                let _ = store.add_annotation(id, "new", &request, now);
                let _ = store.mark_completed(id, "new", now);
            }
        }
    }

    #[test]
    fn tracked_list(file in tracked_json(), today in date(), submitted in date()) {
        let bytes = serde_json::to_vec(&file).unwrap_or_default();
        if let Ok(file) = TrackedFile::from_json(&bytes) {
            for r in file.reminders(today) {
                let _ = feedback::reminder_text(r.state, r.expected_by);
            }
        }
        let _ = feedback::track(feedback::TrackKind::NmpaFeedback { logged_in: false }, submitted);
        let _ = feedback::beijing_date(DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn outbox_entries(entry in outbox_entry_json(), now in instant()) {
        let dir = std::env::temp_dir().join(format!("aa-outbox-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        if let Ok(outbox) = Outbox::open(&dir) {
            let id = entry["id"].as_str().unwrap_or_default().to_owned();
            let _ = std::fs::write(dir.join(format!("{id}.json")), serde_json::to_vec(&entry).unwrap_or_default());
            let _ = outbox.status();
            let _ = outbox.due(now);
            let _ = outbox.mark_failed(&id, "down", now);
            let _ = outbox.mark_rejected(&id, "refused", now);
            let _ = outbox.expire(now, 7);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn guide_runs(run in run_json(), today in date()) {
        let bytes = serde_json::to_vec(&run).unwrap_or_default();
        if let Ok(state) = RunState::from_json(&bytes) {
            for lang in Lang::ALL {
                let _ = guide::view(&state, lang);
                if let Ok(plan) = guide::plan(&state, lang) {
                    let list = checklist::checklist_for_plan(&plan, today, lang);
                    let _ = checklist::render_pdf(&list, &checklist::Ticks::new(&list.flow_id), lang);
                }
            }
        }
    }

    #[test]
    fn accounts(changed in date()) {
        let file = json!({"version": 1, "accounts": [{"id": "a1", "kind": "jszg", "login": "x", "phone": "",
            "email": "", "password_changed": j(changed), "change_due": false}]});
        if let Ok(file) = AccountsFile::from_json(&serde_json::to_vec(&file).unwrap_or_default()) {
            for a in file.accounts {
                let _ = serde_json::to_vec(&AccountView::of(a));
            }
        }
    }
}

#[test]
fn the_reported_annotation_assesses_without_panicking() {
    let store = json!({"version": 1, "certificates": [{"certificate": {"sha256": "ab".repeat(32), "format": "pdf",
        "size_bytes": 1, "number": null, "holder": null, "issue_date": "2024-01-01", "title": null,
        "has_signature": false}, "annotations": [{"id": "a1", "scenario": "本人调用",
        "requested_at": "+262142-12-31T23:59:59Z", "valid_from": "2026-01-01", "valid_to": "2026-03-01"}]}]});
    let store = CertificateStore::from_json(&serde_json::to_vec(&store).unwrap_or_default());
    let store = store.expect("an absurd date is still a date: the file loads");
    let a = store.assess(&"ab".repeat(32), Utc::now()).expect("assessed");
    assert_eq!(a.timeline.len(), 1);
    assert_eq!(a.timeline[0].processed_at, DateTime::<Utc>::MAX_UTC, "24 h later saturates at the calendar's end");
}
