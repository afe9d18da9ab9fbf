//! The staff page, rendered on the server: the queue of drafts, one draft with its fields as
//! they are typed into the NMPA form (a copy button each), 已处理 / 需要补充 with a note, a print
//! view, search by name or mobile number, and the kiosk list. Server-rendered HTML, because the
//! page is a handful of forms and tables: it needs no build step of its own, works with a strict
//! Content Security Policy and one small script, and every action is a plain form POST that the
//! CSRF token protects.

use std::sync::Arc;

use askama::Template;
use assistant_core::feedback::{nmpa_form, FeedbackField, FieldKind};
use assistant_core::identity::mask_id;
use assistant_core::lang::Lang;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;

use crate::auth::{lockout_left, random_token, same_token, token_hash, verify_password};
use crate::db::{DraftRow, DraftState, Event};
use crate::i18n;
use crate::server::AppState;

/// A kiosk that has not reported for this long is shown offline (it reports every minute).
pub const OFFLINE_AFTER_MS: i64 = 3 * 60 * 1000;
/// Longest note on a draft.
pub const NOTE_MAX_CHARS: usize = 500;

/// What every page needs: the language, who is signed in, the CSRF token for its forms.
pub struct Ui {
    pub lang: Lang,
    pub user: Option<String>,
    pub csrf: String,
}

impl Ui {
    pub fn t(&self, key: &str) -> &'static str {
        i18n::get(self.lang, key)
    }

    /// A string with one `{name}` filled in.
    pub fn tf(&self, key: &str, name: &str, value: &str) -> String {
        self.t(key).replace(&format!("{{{name}}}"), value)
    }

    pub fn lang_tag(&self) -> &'static str {
        self.lang.tag()
    }
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn query_lang(parts: &Parts) -> Option<String> {
    parts
        .uri
        .query()?
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "lang")
        .map(|(_, v)| v.to_owned())
}

/// The page's language (and whether `?lang=` asked to remember a new one).
pub struct PageLang {
    pub lang: Lang,
    pub remember: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = query_lang(parts);
        let accept = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let lang = i18n::pick(q.as_deref(), cookie(&parts.headers, LANG_COOKIE), accept);
        Ok(PageLang { lang, remember: q.is_some() })
    }
}

const LANG_COOKIE: &str = "desk_lang";

/// A signed-in staff member, or a redirect to the login page.
pub struct Staff {
    pub name: String,
    pub csrf: String,
    pub lang: PageLang,
}

impl FromRequestParts<Arc<AppState>> for Staff {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        let Ok(lang) = PageLang::from_request_parts(parts, app).await;
        let token = cookie(&parts.headers, app.session_cookie()).map(str::to_owned);
        let Some(token) = token else { return Err(Redirect::to("/staff/login").into_response()) };
        match app.db.session(&token_hash(&token), Utc::now().timestamp_millis()).await {
            Ok(Some((name, csrf))) => Ok(Staff { name, csrf, lang }),
            Ok(None) => Err(Redirect::to("/staff/login?expired=1").into_response()),
            Err(e) => Err(server_error(lang.lang, &e.to_string())),
        }
    }
}

impl Staff {
    fn ui(&self) -> Ui {
        Ui { lang: self.lang.lang, user: Some(self.name.clone()), csrf: self.csrf.clone() }
    }

    fn check_csrf(&self, sent: &str) -> Result<(), Response> {
        if same_token(sent, &self.csrf) {
            Ok(())
        } else {
            Err((StatusCode::FORBIDDEN, Html(i18n::get(self.lang.lang, "api.csrf"))).into_response())
        }
    }
}

/// Renders a page; staff pages are never cached (they show ID numbers).
fn page(t: &impl Template, lang: &PageLang, status: StatusCode) -> Response {
    match t.render() {
        Ok(html) => {
            let mut r = (status, Html(html)).into_response();
            if lang.remember {
                let value = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.lang.tag());
                if let Ok(v) = HeaderValue::from_str(&value) {
                    r.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            r
        }
        Err(e) => server_error(lang.lang, &e.to_string()),
    }
}

fn server_error(lang: Lang, detail: &str) -> Response {
    eprintln!("hall-desk: staff page failed: {detail}");
    (StatusCode::INTERNAL_SERVER_ERROR, Html(i18n::get(lang, "page.server_error"))).into_response()
}

/// Beijing time, to the minute.
fn when(ms: i64) -> String {
    let Some(t) = DateTime::<Utc>::from_timestamp_millis(ms) else { return String::new() };
    match FixedOffset::east_opt(8 * 3600) {
        Some(cst) => t.with_timezone(&cst).format("%Y-%m-%d %H:%M").to_string(),
        None => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

fn state_label(ui: &Ui, s: DraftState) -> &'static str {
    ui.t(&format!("state.{}", s.as_str()))
}

// ---- login ----

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ui: Ui,
    error: Option<String>,
    name: String,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    expired: Option<String>,
}

pub async fn login_page(lang: PageLang, Query(q): Query<LoginQuery>) -> Response {
    let ui = Ui { lang: lang.lang, user: None, csrf: String::new() };
    let error = q.expired.map(|_| ui.t("login.expired").to_owned());
    page(&LoginPage { ui, error, name: String::new() }, &lang, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

pub async fn login(State(app): State<Arc<AppState>>, lang: PageLang, Form(form): Form<LoginForm>) -> Response {
    let ui = Ui { lang: lang.lang, user: None, csrf: String::new() };
    let name = form.name.trim().to_owned();
    let again = |ui: Ui, status: StatusCode, message: String, name: String| {
        page(&LoginPage { ui, error: Some(message), name }, &lang, status)
    };
    if name.is_empty() || form.password.is_empty() || name.len() > 64 {
        let m = ui.t("login.missing").to_owned();
        return again(ui, StatusCode::BAD_REQUEST, m, name);
    }
    let now = Utc::now().timestamp_millis();
    let (failures, last) = match app.db.login_failures(&name).await {
        Ok(f) => f,
        Err(e) => return server_error(lang.lang, &e.to_string()),
    };
    let left = lockout_left(failures, last, now);
    if !left.is_zero() {
        let m = ui.tf("login.locked", "seconds", &left.as_secs().max(1).to_string());
        return again(ui, StatusCode::TOO_MANY_REQUESTS, m, name);
    }
    let hash = match app.db.staff_hash(&name).await {
        Ok(h) => h,
        Err(e) => return server_error(lang.lang, &e.to_string()),
    };
    let password = form.password;
    let ok = tokio::task::spawn_blocking(move || verify_password(hash.as_deref(), &password)).await.unwrap_or(false);
    if let Err(e) = app.db.record_login(&name, ok, now).await {
        return server_error(lang.lang, &e.to_string());
    }
    if !ok {
        let m = ui.t("login.wrong").to_owned();
        return again(ui, StatusCode::UNAUTHORIZED, m, name);
    }
    let (Ok(token), Ok(csrf)) = (random_token(), random_token()) else {
        return server_error(lang.lang, "no random source");
    };
    let expires = now + i64::from(app.config.session_hours) * 3_600_000;
    if let Err(e) = app.db.create_session(&token_hash(&token), &name, &csrf, now, expires).await {
        return server_error(lang.lang, &e.to_string());
    }
    let mut r = Redirect::to("/staff").into_response();
    if let Ok(v) = HeaderValue::from_str(&app.session_cookie_value(&token, app.config.session_hours)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(app): State<Arc<AppState>>,
    staff: Staff,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(r) = staff.check_csrf(&f.csrf) {
        return r;
    }
    if let Some(token) = cookie(&headers, app.session_cookie()) {
        let _ = app.db.delete_session(&token_hash(token)).await;
    }
    let _ = app.db.record(Utc::now().timestamp_millis(), &staff.name, "logout", None).await;
    let mut r = Redirect::to("/staff/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&app.session_cookie_value("", 0)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

// ---- the queue ----

struct QueueRow {
    id: String,
    received: String,
    name: String,
    masked_id: String,
    case: String,
    state: &'static str,
    state_key: &'static str,
    kiosk: String,
}

struct Filter {
    key: &'static str,
    label: &'static str,
    href: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage {
    ui: Ui,
    retention: String,
    q: String,
    state: String,
    filters: Vec<Filter>,
    rows: Vec<QueueRow>,
}

#[derive(Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    state: String,
}

fn field(draft: &serde_json::Value, key: &str) -> String {
    draft.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_owned()
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub async fn queue(State(app): State<Arc<AppState>>, staff: Staff, Query(q): Query<QueueQuery>) -> Response {
    let ui = staff.ui();
    let state: Option<DraftState> = q.state.parse().ok();
    let rows = match app.db.list_drafts(&q.q, state, 500).await {
        Ok(r) => r,
        Err(e) => return server_error(ui.lang, &e.to_string()),
    };
    let rows = rows
        .iter()
        .map(|d| QueueRow {
            id: d.id.clone(),
            received: when(d.received_at),
            name: d.consultant.clone(),
            masked_id: mask_id(&field(&d.draft, "id_number")),
            case: format!("{} · {}", field(&d.draft, "category"), field(&d.draft, "title")),
            state: state_label(&ui, d.state),
            state_key: d.state.as_str(),
            kiosk: d.kiosk_id.clone(),
        })
        .collect();
    let search = if q.q.trim().is_empty() { String::new() } else { format!("q={}&", encode(q.q.trim())) };
    let mut filters = vec![Filter {
        key: "all",
        label: ui.t("queue.all"),
        href: format!("/staff?{search}"),
        current: state.is_none(),
    }];
    for s in DraftState::ALL {
        filters.push(Filter {
            key: s.as_str(),
            label: state_label(&ui, s),
            href: format!("/staff?{search}state={}", s.as_str()),
            current: state == Some(s),
        });
    }
    let retention = ui.tf("queue.retention", "days", &app.config.retention_days.to_string());
    let lang = staff.lang;
    page(
        &QueuePage { ui, retention, q: q.q, state: state.map_or("", DraftState::as_str).to_owned(), filters, rows },
        &lang,
        StatusCode::OK,
    )
}

// ---- one draft ----

struct FieldRow {
    key: String,
    label: String,
    value: String,
    multiline: bool,
    copy_label: String,
}

struct StateChoice {
    key: &'static str,
    label: &'static str,
    current: bool,
}

struct EventRow {
    when: String,
    who: String,
    what: String,
    note: String,
}

#[derive(Template)]
#[template(path = "draft.html")]
struct DraftPage {
    ui: Ui,
    id: String,
    heading: String,
    meta: String,
    state: &'static str,
    state_key: &'static str,
    fields: Vec<FieldRow>,
    states: Vec<StateChoice>,
    note: String,
    retention: String,
    events: Vec<EventRow>,
    errors: Vec<(String, String)>,
    saved: bool,
}

#[derive(Template)]
#[template(path = "print.html")]
struct PrintPage {
    ui: Ui,
    id: String,
    heading: String,
    meta: String,
    fields: Vec<FieldRow>,
}

/// The draft's fields in the NMPA form's order, labelled as the form labels them (the picture
/// code is left out: whoever fills in the form types it).
fn form_fields(ui: &Ui, draft: &serde_json::Value) -> Vec<FieldRow> {
    let defs: Vec<(FeedbackField, String, bool)> = match nmpa_form() {
        Ok(form) => form
            .fields
            .iter()
            .filter(|f| f.kind != FieldKind::Captcha)
            .filter_map(|f| {
                let field = FeedbackField::ALL.into_iter().find(|x| x.key() == f.id)?;
                Some((field, f.label.clone(), f.kind == FieldKind::Textarea))
            })
            .collect(),
        Err(_) => FeedbackField::ALL
            .into_iter()
            .filter(|f| *f != FeedbackField::Captcha)
            .map(|f| (f, f.name().zh_cn, f == FeedbackField::Description))
            .collect(),
    };
    defs.into_iter()
        .filter_map(|(id, label, multiline)| {
            let key = serde_json::to_value(id).ok()?.as_str()?.to_owned();
            let value = field(draft, &key);
            let copy_label = ui.tf("draft.copy_label", "field", &label);
            Some(FieldRow { key, label, value, multiline, copy_label })
        })
        .collect()
}

fn meta(ui: &Ui, d: &DraftRow) -> String {
    ui.t("draft.meta_text")
        .replace("{kiosk}", &d.kiosk_id)
        .replace("{created}", &when(d.created_at))
        .replace("{received}", &when(d.received_at))
}

fn event_rows(ui: &Ui, events: &[Event]) -> Vec<EventRow> {
    events
        .iter()
        .map(|e| {
            let key = format!("event.{}", e.action.replace(':', "_"));
            let what = if i18n::text(&key).zh_cn == key { e.action.clone() } else { ui.t(&key).to_owned() };
            EventRow { when: when(e.at), who: e.actor.clone(), what, note: e.note.clone() }
        })
        .collect()
}

#[derive(Deserialize)]
pub struct DraftQuery {
    saved: Option<String>,
}

async fn draft_page(
    app: &AppState,
    staff: &Staff,
    id: &str,
    errors: Vec<(String, String)>,
    form: Option<(String, String)>,
    saved: bool,
) -> Response {
    let ui = staff.ui();
    let d = match app.db.get_draft(id).await {
        Ok(Some(d)) => d,
        Ok(None) => return (StatusCode::NOT_FOUND, Html(ui.t("page.not_found"))).into_response(),
        Err(e) => return server_error(ui.lang, &e.to_string()),
    };
    let events = match app.db.events_of(id).await {
        Ok(e) => e,
        Err(e) => return server_error(ui.lang, &e.to_string()),
    };
    let (chosen, note) = form.unwrap_or_else(|| (d.state.as_str().to_owned(), d.note.clone()));
    let states = DraftState::ALL
        .into_iter()
        .map(|s| StateChoice { key: s.as_str(), label: state_label(&ui, s), current: s.as_str() == chosen })
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let p = DraftPage {
        id: d.id.clone(),
        heading: ui.tf("draft.heading", "name", &d.consultant),
        meta: meta(&ui, &d),
        state: state_label(&ui, d.state),
        state_key: d.state.as_str(),
        fields: form_fields(&ui, &d.draft),
        states,
        note,
        retention: ui.tf("draft.retention_note", "days", &app.config.retention_days.to_string()),
        events: event_rows(&ui, &events),
        errors,
        saved,
        ui,
    };
    page(&p, &staff.lang, status)
}

pub async fn draft(
    State(app): State<Arc<AppState>>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<DraftQuery>,
) -> Response {
    draft_page(&app, &staff, &id, Vec::new(), None, q.saved.is_some()).await
}

#[derive(Deserialize)]
pub struct StateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    note: String,
}

pub async fn set_state(
    State(app): State<Arc<AppState>>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<StateForm>,
) -> Response {
    if let Err(r) = staff.check_csrf(&f.csrf) {
        return r;
    }
    let ui = staff.ui();
    let note = f.note.trim().to_owned();
    let state: Option<DraftState> = f.state.parse().ok();
    let mut errors = Vec::new();
    match state {
        None => errors.push(("state".to_owned(), ui.t("draft.choose_state").to_owned())),
        Some(DraftState::NeedsMore) if note.is_empty() => {
            errors.push(("note".to_owned(), ui.t("draft.note_needed").to_owned()))
        }
        _ => {}
    }
    if note.chars().count() > NOTE_MAX_CHARS {
        errors.push(("note".to_owned(), ui.t("draft.note_too_long").to_owned()));
    }
    let Some(state) = state.filter(|_| errors.is_empty()) else {
        return draft_page(&app, &staff, &id, errors, Some((f.state, f.note)), false).await;
    };
    match app.db.set_state(&id, state, &note, &staff.name, Utc::now().timestamp_millis()).await {
        Ok(true) => Redirect::to(&format!("/staff/drafts/{}?saved=1", encode(&id))).into_response(),
        Ok(false) => (StatusCode::NOT_FOUND, Html(ui.t("page.not_found"))).into_response(),
        Err(e) => server_error(ui.lang, &e.to_string()),
    }
}

pub async fn print(State(app): State<Arc<AppState>>, staff: Staff, Path(id): Path<String>) -> Response {
    let ui = staff.ui();
    let d = match app.db.get_draft(&id).await {
        Ok(Some(d)) => d,
        Ok(None) => return (StatusCode::NOT_FOUND, Html(ui.t("page.not_found"))).into_response(),
        Err(e) => return server_error(ui.lang, &e.to_string()),
    };
    let _ = app.db.record(Utc::now().timestamp_millis(), &staff.name, "print", Some(&id)).await;
    let p = PrintPage {
        id: d.id.clone(),
        heading: ui.tf("draft.heading", "name", &d.consultant),
        meta: meta(&ui, &d),
        fields: form_fields(&ui, &d.draft),
        ui,
    };
    page(&p, &staff.lang, StatusCode::OK)
}

// ---- kiosks ----

struct KioskLine {
    id: String,
    hall: String,
    status: &'static str,
    status_key: &'static str,
    version: String,
    content_date: String,
    outbox: String,
    last_session: String,
    last_seen: String,
}

#[derive(Template)]
#[template(path = "kiosks.html")]
struct KiosksPage {
    ui: Ui,
    rows: Vec<KioskLine>,
}

pub async fn kiosks(State(app): State<Arc<AppState>>, staff: Staff) -> Response {
    let ui = staff.ui();
    let rows = match app.db.kiosks().await {
        Ok(r) => r,
        Err(e) => return server_error(ui.lang, &e.to_string()),
    };
    let now = Utc::now().timestamp_millis();
    let unknown = ui.t("kiosks.unknown");
    let rows = rows
        .into_iter()
        .map(|k| {
            let online = now - k.last_seen < OFFLINE_AFTER_MS;
            let mut outbox = k.outbox_pending.to_string();
            if k.outbox_rejected > 0 {
                outbox.push_str(&ui.tf("kiosks.outbox_rejected", "n", &k.outbox_rejected.to_string()));
            }
            KioskLine {
                status: ui.t(if online { "kiosks.online" } else { "kiosks.offline" }),
                status_key: if online { "online" } else { "offline" },
                id: k.kiosk_id,
                hall: k.hall_name,
                version: k.version,
                content_date: k.content_date.unwrap_or_else(|| unknown.to_owned()),
                outbox,
                last_session: k.last_session_end.map_or_else(|| unknown.to_owned(), when),
                last_seen: when(k.last_seen),
            }
        })
        .collect();
    let lang = staff.lang;
    page(&KiosksPage { ui, rows }, &lang, StatusCode::OK)
}
