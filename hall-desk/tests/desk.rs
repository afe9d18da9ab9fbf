//! The desk end to end, as its own process on loopback, against SQLite and against a real
//! PostgreSQL server: the kiosks' drafts (new, replayed, conflicting, refused for each kind of
//! bad input), heartbeats and kiosk.toml, staff logins (lockout, sessions, CSRF), state changes
//! recorded with who and when, search, and retention.

mod common;

use common::*;
use hall_desk::db::{Db, DraftState};
use reqwest::StatusCode;

async fn intake_and_staff(database: Option<&str>) {
    let dir = TempDir::new("desk");
    let kiosk_toml = dir.path().join("kiosk.toml");
    std::fs::write(
        &kiosk_toml,
        "hall_name = \"测试市政务服务中心\"\nadmin_pin_hash = \"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA\"\n",
    )
    .expect("kiosk.toml");
    let config = Desk::init(dir.path(), database, &format!("kiosk_toml = \"{}\"", kiosk_toml.display()));
    let desk = Desk::serve(&config);
    let c = client();
    let base = desk.base.clone();
    let db_url = database.map_or_else(|| format!("sqlite://{}", dir.path().join("desk.db").display()), str::to_owned);
    let db = Db::open(&db_url, 2).await.expect("db");

    // A new draft: 201, stored once with the kiosk's name.
    let id = id_number(7);
    let first = envelope(&draft_id(1), "王小明", &id, "13800138000");
    let r = post_draft(&c, &base, &first).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // The same id again (a kiosk that crashed before deleting it): 200, still one row.
    let r = post_draft(&c, &base, &first).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<serde_json::Value>().await.expect("json")["status"], "duplicate");
    // The same id with other content: 409 ("already have it" for the outbox), the first kept.
    let mut other = first.clone();
    other["draft"]["title"] = "另一个标题".into();
    let r = post_draft(&c, &base, &other).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let stored = db.get_draft(&draft_id(1)).await.expect("get").expect("stored");
    assert_eq!(stored.draft["title"], "执业药师注册账号已存在");
    assert_eq!(stored.draft["id_number"], id.as_str());
    assert_eq!(stored.kiosk_id, "test-kiosk-1");
    assert_eq!(db.count_drafts().await.expect("count"), 1);

    // A wrong check digit: 422, the problem names the field, in every language; nothing stored.
    let bad = envelope(&draft_id(2), "李四", &wrong_check_digit(&id_number(8)), "13900139000");
    let r = post_draft(&c, &base, &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["error"], "invalid_draft");
    assert_eq!(body["problems"][0]["field"], "id_number");
    assert!(body["problems"][0]["message"]["zh-CN"].as_str().is_some_and(|m| m.contains("校验")), "{body}");
    // A 10 MB body: 413, before it is read.
    let huge = format!("{{\"id\":\"{}\",\"pad\":\"{}\"}}", draft_id(3), "x".repeat(10 * 1024 * 1024));
    let r = c
        .post(format!("{base}/api/v1/drafts"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", draft_id(3))
        .body(huge)
        .send()
        .await
        .expect("the desk answers a 10 MB body");
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json::<serde_json::Value>().await.expect("json")["error"], "too_large");
    // Malformed JSON: 400 with its own code.
    let r = c
        .post(format!("{base}/api/v1/drafts"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", draft_id(4))
        .body("{\"id\": \"x\", \"draft\": {")
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<serde_json::Value>().await.expect("json")["error"], "malformed_json");
    // No Idempotency-Key, or one that is not the body's id: 400.
    let fine = envelope(&draft_id(5), "赵六", &id_number(9), "13700137000");
    for key in [None, Some(draft_id(6))] {
        let mut req = c.post(format!("{base}/api/v1/drafts")).header("Content-Type", "application/json");
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        let r = req.body(fine.to_string()).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert_eq!(r.json::<serde_json::Value>().await.expect("json")["error"], "idempotency_key");
    }
    // Not JSON: 415.
    let r = c
        .post(format!("{base}/api/v1/drafts"))
        .header("Content-Type", "text/plain")
        .header("Idempotency-Key", draft_id(5))
        .body(fine.to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(db.count_drafts().await.expect("count"), 1, "no bad input was stored");
    // The good one after all that, and a second applicant to search for.
    assert_eq!(post_draft(&c, &base, &fine).await.status(), StatusCode::CREATED);
    assert_eq!(db.count_drafts().await.expect("count"), 2);

    // Heartbeat and kiosk.toml.
    let beat = serde_json::json!({"kiosk_id": "test-kiosk-1", "hall_name": "测试市政务服务中心", "version": "0.1.0",
        "outbox_pending": 2, "outbox_rejected": 1, "last_session_end": "2026-06-01T08:30:00Z"});
    let r = c.post(format!("{base}/api/v1/heartbeat")).json(&beat).send().await.expect("beat");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let kiosks = db.kiosks().await.expect("kiosks");
    assert_eq!((kiosks.len(), kiosks[0].outbox_pending, kiosks[0].outbox_rejected), (1, 2, 1));
    let r = c.post(format!("{base}/api/v1/heartbeat")).json(&serde_json::json!({"kiosk_id": "a b"})).send().await;
    assert_eq!(r.expect("beat").status(), StatusCode::BAD_REQUEST);
    let r = c.get(format!("{base}/api/v1/kiosk.toml")).send().await.expect("toml");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.expect("text").contains("测试市政务服务中心"));
    // No content_dir: the content mirror says so, in every language.
    let r = c.get(format!("{base}/api/v1/content/index.json")).send().await.expect("content");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["error"], "no_content_dir");
    for lang in ["zh-CN", "zh-TW", "en"] {
        assert!(body["message"][lang].as_str().is_some_and(|m| m.contains("content_dir")), "{body}");
    }

    // Staff: the page needs a login.
    let r = c.get(format!("{base}/staff")).send().await.expect("staff");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Five wrong passwords: three are simply wrong, then the lockout answers (even the right
    // password waits), as the kiosk's admin PIN does.
    let login = |name: &'static str, password: &'static str| {
        let c = c.clone();
        let base = base.clone();
        async move { c.post(format!("{base}/staff/login")).form(&[("name", name), ("password", password)]).send().await }
    };
    let mut answers = Vec::new();
    for _ in 0..5 {
        let r = login("wang", "wrong-password-123").await.expect("login");
        answers.push(r.status());
        let page = r.text().await.expect("page");
        assert!(page.contains("用户名或密码不对") || page.contains("秒后再试"), "{page}");
    }
    use StatusCode as S;
    assert_eq!(
        answers,
        [S::UNAUTHORIZED, S::UNAUTHORIZED, S::UNAUTHORIZED, S::TOO_MANY_REQUESTS, S::TOO_MANY_REQUESTS]
    );
    let locked = login("wang", PASSWORD).await.expect("login");
    assert_eq!(locked.status(), S::TOO_MANY_REQUESTS, "the right password waits out the lockout too");
    assert!(locked.text().await.expect("page").contains("秒后再试"));
    // Another member of staff is not locked out by wang's mistakes.
    add_staff(&desk.config, "li", PASSWORD);
    let ok = login("li", PASSWORD).await.expect("login");
    assert_eq!(ok.status(), S::SEE_OTHER);
    let cookie = ok.headers().get("set-cookie").and_then(|v| v.to_str().ok()).expect("session cookie").to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let session = cookie.split(';').next().expect("pair").to_owned();
    let get = |path: String| {
        let c = c.clone();
        let session = session.clone();
        async move { c.get(path).header("Cookie", session).send().await.expect("get") }
    };

    // The queue: newest first, names, masked ID numbers only.
    let queue = get(format!("{base}/staff")).await;
    assert_eq!(queue.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    let html = queue.text().await.expect("html");
    let (zhao, wang) = (html.find("赵六").expect("赵六"), html.find("王小明").expect("王小明"));
    assert!(zhao < wang, "newest first");
    assert!(!html.contains(&id) && html.contains("1101**********"), "masked ID numbers in the queue");
    assert!(html.contains("30 天后自动删除"), "the retention period is stated");
    // Search by mobile number and by name.
    let found = get(format!("{base}/staff?q=13800138")).await.text().await.expect("html");
    assert!(found.contains("王小明") && !found.contains("赵六"));
    let found = get(format!("{base}/staff?q=%E8%B5%B5")).await.text().await.expect("html");
    assert!(found.contains("赵六") && !found.contains("王小明"));
    // One draft: every field as typed into the form, the full ID number, a copy button each.
    let page = get(format!("{base}/staff/drafts/{}", draft_id(1))).await.text().await.expect("html");
    assert!(page.contains(&id) && page.contains("咨询人证件号码") && page.contains("网上办事大厅"));
    assert!(page.contains("data-testid=\"copy-id_number\""));
    let csrf =
        page.split("name=\"csrf\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("csrf token").to_owned();
    // A state change without the CSRF token is refused; with it, recorded with who and when.
    let post_state = |csrf: String, state: &'static str, note: &'static str| {
        let c = c.clone();
        let session = session.clone();
        let url = format!("{base}/staff/drafts/{}", draft_id(1));
        async move {
            c.post(url)
                .header("Cookie", session)
                .form(&[("csrf", csrf.as_str()), ("state", state), ("note", note)])
                .send()
                .await
                .expect("post")
        }
    };
    assert_eq!(post_state("forged".into(), "processed", "").await.status(), S::FORBIDDEN);
    let r = post_state(csrf.clone(), "needs_more", "").await;
    assert_eq!(r.status(), S::UNPROCESSABLE_ENTITY, "needs more without a note");
    assert!(r.text().await.expect("html").contains("请在备注里写明缺什么"));
    assert_eq!(post_state(csrf.clone(), "needs_more", "缺身份证反面照片").await.status(), S::SEE_OTHER);
    assert_eq!(post_state(csrf.clone(), "processed", "已代为提交").await.status(), S::SEE_OTHER);
    let d = db.get_draft(&draft_id(1)).await.expect("get").expect("draft");
    assert_eq!((d.state, d.state_by.as_deref(), d.note.as_str()), (DraftState::Processed, Some("li"), "已代为提交"));
    let events = db.events_of(&draft_id(1)).await.expect("events");
    let actions: Vec<(&str, &str)> = events.iter().map(|e| (e.actor.as_str(), e.action.as_str())).collect();
    assert_eq!(actions, [("test-kiosk-1", "received"), ("li", "state:needs_more"), ("li", "state:processed")]);
    let page = get(format!("{base}/staff/drafts/{}?lang=en", draft_id(1))).await.text().await.expect("html");
    assert!(page.contains("Marked processed") && page.contains("缺身份证反面照片"), "the history in English");
    // Kiosk list.
    let page = get(format!("{base}/staff/kiosks")).await.text().await.expect("html");
    assert!(page.contains("test-kiosk-1") && page.contains("在线") && page.contains("其中 1 份被拒收"));

    // Retention: a processed draft goes once its time is up; the others stay; the deletion is
    // recorded and the notes of the draft's events are blanked.
    let now = chrono::Utc::now().timestamp_millis();
    assert_eq!(db.purge_processed(now - 30 * 86_400_000, now).await.expect("purge"), 0);
    assert_eq!(db.purge_processed(now + 1, now).await.expect("purge"), 1);
    assert!(db.get_draft(&draft_id(1)).await.expect("get").is_none());
    assert_eq!(db.count_drafts().await.expect("count"), 1);
    let events = db.events_of(&draft_id(1)).await.expect("events");
    assert!(events.iter().all(|e| e.note.is_empty()));
    assert_eq!(events.last().map(|e| e.action.as_str()), Some("deleted:retention"));
    // Its replay (a kiosk very late) is not stored again as new work? It is: the desk has no
    // memory of deleted drafts, and a late replay is rarer than a lost draft. Documented.
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_drafts_staff_and_bad_input() {
    intake_and_staff(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_drafts_staff_and_bad_input() {
    let pg = Postgres::start();
    intake_and_staff(Some(&pg.url)).await;
}

#[test]
fn plain_http_beyond_loopback_is_refused_and_tls_works() {
    let dir = TempDir::new("tls");
    let out = std::process::Command::new(BIN)
        .args(["init", "--config"])
        .arg(dir.path().join("lan.toml"))
        .args(["--listen", "0.0.0.0:8443"])
        .output()
        .expect("init");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("without tls_cert/tls_key"), "{out:?}");

    // A certificate for 127.0.0.1 made by openssl, and a desk serving HTTPS with it.
    let (cert, key) = self_signed_cert(dir.path());
    let config = Desk::init(dir.path(), None, "");
    add_tls(&config, &cert, &key);
    let desk = Desk::serve(&config);
    assert!(desk.base.starts_with("https://127.0.0.1:"), "{}", desk.base);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt");
    rt.block_on(async {
        let tls = tls_client(&cert);
        let r = post_draft(&tls, &desk.base, &envelope(&draft_id(1), "王小明", &id_number(1), "13800138000")).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        assert!(r.headers().contains_key("strict-transport-security"));
        let login = tls.get(desk.url("/staff/login")).send().await.expect("login page");
        assert_eq!(login.status(), StatusCode::OK);
        // Plain HTTP to the TLS port gets no answer that a client could take for a desk's.
        let plain = client().get(desk.url("/healthz").replace("https://", "http://")).send().await;
        assert!(plain.map_or(true, |r| !r.status().is_success()));
    });
}
