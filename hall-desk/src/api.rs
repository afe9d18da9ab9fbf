//! What the kiosks talk to: `POST /api/v1/drafts` (the intake outbox's drafts),
//! `POST /api/v1/heartbeat`, `GET /api/v1/kiosk.toml`, and `GET /api/v1/content/NAME` (the
//! hall's content-pack mirror).
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
use std::path::{Path, PathBuf};
use std::sync::Arc;

use assistant_core::content;
use assistant_core::feedback::{beijing_date, check_draft, FeedbackDraft};
use assistant_core::kiosk::{valid_kiosk_id, Heartbeat};
use assistant_core::outbox::EntryKind;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use tower_http::services::ServeFile;

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

/// Where the content mirror lives in the URL space (kiosk.toml: `content_mirrors`).
pub const CONTENT_PREFIX: &str = "/api/v1/content/";

/// The hall's content-pack mirror (issue 20): `GET`/`HEAD /api/v1/content/NAME` serves the file
/// NAME of `content_dir`, read-only, as the app's mirror client asks for it (`index.json`, then
/// the pack and the `.minisig` that index names). tower-http's `ServeFile` does the serving
/// (streamed in 64 KiB chunks, Range, `Last-Modified` / `If-Modified-Since`, HEAD); the rules
/// are checked here first, whatever serves the bytes:
///
/// - NAME, percent-decoded, must be one plain file name (`content::mirror_file_name`, the rule
///   the app joins names to a mirror with): no `/`, `\`, `..`, dotfiles or absolute paths (400);
/// - it must resolve (symlinks followed) to a regular file inside `content_dir`: a directory, a
///   device, a missing file or a symlink leading out all answer the same 404, so nothing about
///   what lies outside leaks;
/// - `index.json` is `no-cache` (a kiosk must see a new pack at once), the rest may be kept an
///   hour (a published pack's name carries its version and is never reused).
pub async fn get_content(State(app): State<Arc<AppState>>, request: Request) -> Response {
    let Some(dir) = app.config.content_dir.clone() else {
        return error(StatusCode::NOT_FOUND, "no_content_dir", "api.no_content_dir");
    };
    let raw = request.uri().path().strip_prefix(CONTENT_PREFIX).unwrap_or_default();
    let Some(name) = content_name(raw) else {
        return error(StatusCode::BAD_REQUEST, "bad_content_name", "api.bad_content_name");
    };
    let found = tokio::task::spawn_blocking(move || content_file(&dir, &name).map(|f| (f, name))).await;
    let Ok(Some((file, name))) = found else {
        return error(StatusCode::NOT_FOUND, "no_content_file", "api.no_content_file");
    };
    let mut response = match ServeFile::new(&file).try_call(request).await {
        Ok(r) => r.map(Body::new),
        Err(e) => {
            eprintln!("hall-desk: content file {} not served: {e}", file.display());
            return error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "api.internal");
        }
    };
    if response.status() == StatusCode::NOT_FOUND {
        // Gone between the check and the open (a publish replacing it).
        return error(StatusCode::NOT_FOUND, "no_content_file", "api.no_content_file");
    }
    let (content_type, cache) = content_headers(&name);
    let headers = response.headers_mut();
    if headers.contains_key(header::CONTENT_TYPE) {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The requested name, percent-decoded, if it is one plain file name.
fn content_name(raw: &str) -> Option<String> {
    if raw.len() > 3 * 255 {
        return None;
    }
    let name = percent_encoding::percent_decode_str(raw).decode_utf8().ok()?;
    content::mirror_file_name(&name).then(|| name.into_owned())
}

/// `dir/name` if it is a regular file inside `dir` once every symlink is resolved.
fn content_file(dir: &Path, name: &str) -> Option<PathBuf> {
    let root = std::fs::canonicalize(dir).ok()?;
    let file = std::fs::canonicalize(root.join(name)).ok()?;
    let inside = file.starts_with(&root) && file != root;
    (inside && std::fs::metadata(&file).ok()?.is_file()).then_some(file)
}

/// Content-Type and Cache-Control by what the file is. A pack is `octet-stream`, never
/// `gzip`, so that no client or proxy unpacks it before its signature is checked.
fn content_headers(name: &str) -> (&'static str, &'static str) {
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let content_type = match ext.as_deref() {
        Some("json") => "application/json",
        Some("minisig" | "txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let cache = if name == "index.json" { "no-cache" } else { "public, max-age=3600" };
    (content_type, cache)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_reach_the_content_folder() {
        assert_eq!(content_name("index.json").as_deref(), Some("index.json"));
        assert_eq!(content_name("content-7.pack%2Eminisig").as_deref(), Some("content-7.pack.minisig"));
        for bad in [
            "",
            "..",
            "../etc/passwd",
            "%2e%2e%2fetc%2fpasswd",
            "%2E%2E",
            "..%5cdesk.db",
            "a%5cb",
            "/etc/passwd",
            "%2Fetc%2Fpasswd",
            "sub/index.json",
            ".hidden",
            "%2ehidden",
            "C:%5Cwindows",
            "index.json%00",
            "%ff%fe",
            "名字.json",
        ] {
            assert_eq!(content_name(bad), None, "{bad}");
        }
        assert_eq!(content_name(&"a".repeat(2000)), None);
    }

    #[test]
    fn a_pack_is_never_labelled_gzip_and_the_index_is_revalidated() {
        assert_eq!(content_headers("index.json"), ("application/json", "no-cache"));
        assert_eq!(content_headers("content-7.pack"), ("application/octet-stream", "public, max-age=3600"));
        assert_eq!(content_headers("content-7.pack.minisig").0, "text/plain; charset=utf-8");
        assert_eq!(content_headers("old-index.JSON"), ("application/json", "public, max-age=3600"));
    }
}
