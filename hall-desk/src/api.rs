//! What the kiosks talk to: `POST /api/v1/drafts` (the intake outbox's drafts),
//! `POST /api/v1/heartbeat`, `GET /api/v1/kiosk.toml`, and the place for content packs.
//!
//! The drafts endpoint answers exactly as the kiosk's outbox (`src-tauri/src/intake.rs`) expects:
//!
//! | answer | when | the kiosk then |
//! |---|---|---|
//! | 201 | new draft, committed | deletes it from its outbox |
//! | 200 | the same id again with the same content (a replay after a crash) | deletes it |
//! | 409 | the same id with other content (the first one is kept) | deletes it |
//! | 400 | malformed JSON, no or a different `Idempotency-Key`, a bad id | keeps it, retries hourly |
//! | 403 | not from `kiosk_networks` | keeps it |
//! | 413 | body over `max_body_bytes` | keeps it |
//! | 415 | not `application/json` | keeps it |
//! | 422 | the draft fails assistant-core's checks (`problems` says which field and why) | keeps it |
//! | 503 | the database did not commit | retries with backoff |
//!
//! Every error body is JSON: `{"error": code, "message": {"zh-CN", "zh-TW", "en"}}`, so the
//! first 200 characters the kiosk keeps as the reason say what went wrong.

use std::net::SocketAddr;
use std::sync::Arc;

use assistant_core::feedback::{beijing_date, check_draft, FeedbackDraft};
use assistant_core::kiosk::{valid_kiosk_id, Heartbeat};
use assistant_core::outbox::EntryKind;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::db::{KioskRow, NewDraft, Stored};
use crate::i18n;
use crate::server::AppState;

/// The envelope the outbox posts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    id: String,
    kind: EntryKind,
    created_at: DateTime<Utc>,
    draft: serde_json::Value,
}

/// An error answer in every language.
pub fn error(status: StatusCode, code: &str, key: &str) -> Response {
    (status, Json(json!({ "error": code, "message": i18n::text(key) }))).into_response()
}

/// The outbox's ids: time-ordered, ASCII letters, digits and `-`, at most 64.
fn valid_draft_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

/// Kiosk endpoints answer only to `kiosk_networks`.
pub async fn kiosks_only(
    State(app): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if !app.config.kiosk_allowed(peer.ip()) {
        return error(StatusCode::FORBIDDEN, "forbidden_network", "api.forbidden_network");
    }
    next.run(request).await
}

/// A body over the limit is still read (and thrown away) up to this much, so that the client,
/// which is still sending, hears the 413 instead of a reset connection. Beyond it the desk
/// answers at once and closes the connection.
pub const DRAIN_CAP: usize = 32 * 1024 * 1024;

enum BodyError {
    TooLarge,
    Unreadable,
}

/// The body, at most `max` bytes.
async fn read_body(body: Body, max: usize) -> Result<Bytes, BodyError> {
    let mut body = body;
    let mut kept: Vec<u8> = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else { return Err(BodyError::Unreadable) };
        let Ok(data) = frame.into_data() else { continue };
        seen = seen.saturating_add(data.len());
        if seen > max {
            if seen > DRAIN_CAP {
                return Err(BodyError::TooLarge);
            }
            kept = Vec::new();
            continue;
        }
        kept.extend_from_slice(&data);
    }
    if seen > max {
        Err(BodyError::TooLarge)
    } else {
        Ok(Bytes::from(kept))
    }
}

pub async fn post_draft(
    State(app): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > DRAIN_CAP) {
        return error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "api.too_large");
    }
    let body = match read_body(body, app.config.max_body_bytes).await {
        Ok(b) => b,
        Err(BodyError::TooLarge) => return error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "api.too_large"),
        Err(BodyError::Unreadable) => return error(StatusCode::BAD_REQUEST, "unreadable_body", "api.unreadable_body"),
    };
    if !is_json(&headers) {
        return error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "not_json", "api.not_json");
    }
    let envelope: Envelope = match serde_json::from_slice(&body) {
        Ok(e) => e,
        Err(e) => {
            let code = if e.is_data() { "wrong_shape" } else { "malformed_json" };
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({ "error": code, "message": i18n::text(&format!("api.{code}")), "detail": e.to_string() })),
            )
                .into_response();
        }
    };
    if !valid_draft_id(&envelope.id) {
        return error(StatusCode::BAD_REQUEST, "bad_id", "api.bad_id");
    }
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    if key != Some(envelope.id.as_str()) {
        return error(StatusCode::BAD_REQUEST, "idempotency_key", "api.idempotency_key");
    }
    let now = Utc::now();
    let draft: FeedbackDraft = match serde_json::from_value(envelope.draft) {
        Ok(d) => d,
        Err(e) => return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "error": "wrong_shape", "message": i18n::text("api.wrong_shape"), "detail": e.to_string() })),
        )
            .into_response(),
    };
    let clean = match check_draft(&draft, beijing_date(now)) {
        Ok(c) => c,
        Err(problems) => return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "error": "invalid_draft", "message": i18n::text("api.invalid_draft"), "problems": problems })),
        )
            .into_response(),
    };
    let clean_json = match serde_json::to_value(&clean) {
        Ok(v) => v,
        Err(_) => return error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "api.internal"),
    };
    let kind = match serde_json::to_value(envelope.kind) {
        Ok(serde_json::Value::String(s)) => s,
        _ => return error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "api.internal"),
    };
    // The replay check compares what the kiosk meant: kind, time and the checked draft.
    let mut hasher = Sha256::new();
    hasher.update(kind.as_bytes());
    hasher.update(b"\n");
    hasher.update(envelope.created_at.timestamp_millis().to_string().as_bytes());
    hasher.update(b"\n");
    hasher.update(clean_json.to_string().as_bytes());
    let sha = hex(&hasher.finalize());
    let kiosk_id = kiosk_name(&headers, peer);
    let stored = app
        .db
        .insert_draft(&NewDraft {
            id: &envelope.id,
            kind: &kind,
            kiosk_id: &kiosk_id,
            created_at: envelope.created_at.timestamp_millis(),
            received_at: now.timestamp_millis(),
            body_sha256: &sha,
            draft: &clean_json,
            consultant: &clean.consultant,
            mobile: &clean.mobile,
        })
        .await;
    match stored {
        Ok(Stored::New) => {
            (StatusCode::CREATED, Json(json!({ "status": "stored", "id": envelope.id }))).into_response()
        }
        Ok(Stored::Replay) => {
            (StatusCode::OK, Json(json!({ "status": "duplicate", "id": envelope.id }))).into_response()
        }
        Ok(Stored::Conflict) => error(StatusCode::CONFLICT, "id_conflict", "api.id_conflict"),
        Err(e) => {
            eprintln!("hall-desk: draft {} not stored: {e}", envelope.id);
            error(StatusCode::SERVICE_UNAVAILABLE, "not_stored", "api.not_stored")
        }
    }
}

/// `X-Kiosk-Id` when the kiosk sends a valid one, else its address.
fn kiosk_name(headers: &HeaderMap, peer: SocketAddr) -> String {
    headers
        .get("x-kiosk-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| valid_kiosk_id(v))
        .map_or_else(|| peer.ip().to_string(), str::to_owned)
}

pub async fn post_heartbeat(
    State(app): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(body) = body else { return error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "api.too_large") };
    if !is_json(&headers) {
        return error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "not_json", "api.not_json");
    }
    let beat: Heartbeat = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(_) => return error(StatusCode::BAD_REQUEST, "malformed_json", "api.malformed_json"),
    };
    if !beat.is_valid() {
        return error(StatusCode::UNPROCESSABLE_ENTITY, "bad_heartbeat", "api.bad_heartbeat");
    }
    let row = KioskRow {
        kiosk_id: beat.kiosk_id,
        hall_name: beat.hall_name.trim().to_owned(),
        version: beat.version,
        content_date: beat.content_date.map(|d| d.to_string()),
        outbox_pending: i64::from(beat.outbox_pending),
        outbox_rejected: i64::from(beat.outbox_rejected),
        last_session_end: beat.last_session_end.map(|t| t.timestamp_millis()),
        last_seen: Utc::now().timestamp_millis(),
        remote_addr: peer.ip().to_string(),
    };
    match app.db.upsert_kiosk(&row).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            eprintln!("hall-desk: heartbeat of {} not stored: {e}", row.kiosk_id);
            error(StatusCode::SERVICE_UNAVAILABLE, "not_stored", "api.not_stored")
        }
    }
}

/// The hall's kiosk.toml, as the kiosks' installer fetches it (read and checked on each request,
/// so an edit needs no restart; a broken edit is refused, not served).
pub async fn get_kiosk_toml(State(app): State<Arc<AppState>>) -> Response {
    match app.config.read_kiosk_toml() {
        Ok(Some(text)) => ([(header::CONTENT_TYPE, "application/toml; charset=utf-8")], text).into_response(),
        Ok(None) => error(StatusCode::NOT_FOUND, "no_kiosk_toml", "api.no_kiosk_toml"),
        Err(e) => {
            eprintln!("hall-desk: kiosk_toml not served: {e}");
            error(StatusCode::SERVICE_UNAVAILABLE, "bad_kiosk_toml", "api.bad_kiosk_toml")
        }
    }
}

/// Content packs (issue 20) are not part of the app yet. When they land, the desk serves the
/// hall's current pack from `content_dir` here, and the kiosks' mirror URL can point at it.
pub async fn get_content() -> Response {
    error(StatusCode::NOT_FOUND, "no_content_packs", "api.no_content_packs")
}

pub async fn health(State(app): State<Arc<AppState>>) -> Response {
    match app.db.count_drafts().await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
