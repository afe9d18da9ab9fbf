//! The router, its limits, and serving it: HTTPS with rustls from the configured PEM files, or
//! plain HTTP on a loopback address only (the config refuses anything else).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::config::DeskConfig;
use crate::db::Db;
use crate::{api, staff};

/// How often processed drafts past the retention period are looked for.
pub const RETENTION_EVERY: Duration = Duration::from_secs(3600);
/// Requests handled at once; more wait (a province of kiosks posts a few per second).
pub const MAX_IN_FLIGHT: usize = 1024;

pub struct AppState {
    pub db: Db,
    pub config: DeskConfig,
}

impl AppState {
    pub fn tls(&self) -> bool {
        self.config.tls().is_some()
    }

    /// `__Host-` cookies must be `Secure`, which needs HTTPS; the loopback-only plain desk
    /// (tests, a relay on the same machine) uses a plain name.
    pub fn session_cookie(&self) -> &'static str {
        if self.tls() {
            "__Host-desk_session"
        } else {
            "desk_session"
        }
    }

    pub fn session_cookie_value(&self, token: &str, hours: u32) -> String {
        let secure = if self.tls() { "; Secure" } else { "" };
        format!(
            "{}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{secure}",
            self.session_cookie(),
            u64::from(hours) * 3600
        )
    }
}

/// A form POST from another site is refused, whatever cookies it carries (the CSRF token and
/// `SameSite=Strict` already stop it; this says so plainly).
async fn same_origin(request: Request, next: Next) -> Response {
    if request.method() == Method::POST {
        let origin = request.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let host = request.headers().get(header::HOST).and_then(|v| v.to_str().ok());
        if let (Some(origin), Some(host)) = (origin, host) {
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            if origin_host != host {
                return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
            }
        }
    }
    next.run(request).await
}

pub fn router(state: Arc<AppState>) -> Router {
    let max_body = state.config.max_body_bytes;
    let timeout = Duration::from_secs(state.config.request_timeout_seconds);
    let kiosk_api = Router::new()
        .route("/api/v1/drafts", post(api::post_draft))
        .route("/api/v1/heartbeat", post(api::post_heartbeat))
        .route("/api/v1/kiosk.toml", get(api::get_kiosk_toml))
        .route("/api/v1/content/{*path}", get(api::get_content))
        .route_layer(middleware::from_fn_with_state(state.clone(), api::kiosks_only));
    let staff_pages = Router::new()
        .route("/", get(|| async { Redirect::to("/staff") }))
        .route("/staff", get(staff::queue))
        .route("/staff/login", get(staff::login_page).post(staff::login))
        .route("/staff/logout", post(staff::logout))
        .route("/staff/kiosks", get(staff::kiosks))
        .route("/staff/drafts/{id}", get(staff::draft).post(staff::set_state))
        .route("/staff/drafts/{id}/print", get(staff::print))
        .route("/static/desk.css", get(|| async { static_file("text/css; charset=utf-8", include_str!("../static/desk.css")) }))
        .route("/static/desk.js", get(|| async { static_file("text/javascript; charset=utf-8", include_str!("../static/desk.js")) }))
        .layer(middleware::from_fn(same_origin))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")));
    let mut app = Router::new()
        .merge(kiosk_api)
        .merge(staff_pages)
        .route("/healthz", get(api::health))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(MAX_IN_FLIGHT));
    if state.tls() {
        app = app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    app.with_state(state)
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "max-age=300")], body).into_response()
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("TLS certificate {cert} / key {key}: {source}")]
    Tls { cert: String, key: String, source: std::io::Error },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// Deletes processed drafts past the retention period, now and every hour.
pub fn spawn_retention(db: Db, days: u32) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let now = Utc::now().timestamp_millis();
            let cutoff = now - i64::from(days) * 86_400_000;
            match db.purge_processed(cutoff, now).await {
                Ok(0) => {}
                Ok(n) => eprintln!("hall-desk: deleted {n} processed drafts older than {days} days"),
                Err(e) => eprintln!("hall-desk: retention failed (will try again): {e}"),
            }
            tokio::time::sleep(RETENTION_EVERY).await;
        }
    })
}

/// Serves until SIGTERM or Ctrl-C. Prints `listening on https://ADDR` (or `http://`) once the
/// socket is bound, so a supervisor or a test knows the port when the config says port 0.
pub async fn serve(config: DeskConfig, db: Db) -> Result<(), ServeError> {
    let addr = config.listen;
    let listener = std::net::TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    listener.set_nonblocking(true)?;
    let bound = listener.local_addr()?;
    let tls = match config.tls() {
        Some((cert, key)) => {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let rustls = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key).await.map_err(|source| {
                ServeError::Tls { cert: cert.display().to_string(), key: key.display().to_string(), source }
            })?;
            Some(rustls)
        }
        None => None,
    };
    let retention = spawn_retention(db.clone(), config.retention_days);
    let state = Arc::new(AppState { db, config });
    let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let handle = axum_server::Handle::new();
    let shutdown = handle.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        shutdown.graceful_shutdown(Some(Duration::from_secs(10)));
    });
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!("hall-desk: listening on {scheme}://{bound}");
    let result = match tls {
        Some(rustls) => axum_server::from_tcp_rustls(listener, rustls).handle(handle).serve(app).await,
        None => axum_server::from_tcp(listener).handle(handle).serve(app).await,
    };
    retention.abort();
    state.db.close().await;
    result.map_err(ServeError::Io)
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
