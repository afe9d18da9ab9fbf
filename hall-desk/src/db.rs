//! The desk's storage: one code path for SQLite (one file, the default) and PostgreSQL (many
//! halls on one service) through sqlx's Any driver. Migrations are compiled in, one folder per
//! database (`migrations/sqlite`, `migrations/postgres`), and run by sqlx's migrator at start.
//!
//! Durability: a draft is acknowledged only after its transaction committed. SQLite runs in WAL
//! mode with `synchronous=FULL` (the commit is fsynced), PostgreSQL with its default
//! `synchronous_commit=on`.
//!
//! Placeholders are `$1, $2 …`, numbered in order of first appearance: PostgreSQL reads them
//! natively, and SQLite treats each as a named parameter bound in that order.

use std::borrow::Cow;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::{AnyPool, Executor, Row};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum DbError {
    #[error("database `{url}`: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("database URL `{0}` must start with sqlite:// or postgres://")]
    Scheme(String),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("a stored draft is not valid JSON: {0}")]
    Corrupt(String),
}

/// Which database the URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Result<Backend, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(DbError::Scheme(url.to_owned()))
        }
    }
}

/// The migrations of one backend, compiled into the binary (so `hall-desk init` needs no files).
#[derive(Debug)]
struct Embedded(Backend);

const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[(1, "init", include_str!("../migrations/sqlite/0001_init.sql"))];
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[(1, "init", include_str!("../migrations/postgres/0001_init.sql"))];

impl MigrationSource<'static> for Embedded {
    fn resolve(
        self,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Vec<Migration>, sqlx::error::BoxDynError>> + Send + 'static>,
    > {
        let list = match self.0 {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        let migrations = list
            .iter()
            .map(|(version, name, sql)| {
                Migration::new(*version, Cow::Borrowed(*name), MigrationType::Simple, Cow::Borrowed(*sql), false)
            })
            .collect();
        Box::pin(async move { Ok(migrations) })
    }
}

/// A draft's place in the staff's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftState {
    /// Just arrived.
    New,
    /// 已处理: typed into the NMPA form (deleted after the retention period).
    Processed,
    /// 需要补充: the applicant must bring or say more (the note says what).
    NeedsMore,
}

impl DraftState {
    pub const ALL: [DraftState; 3] = [DraftState::New, DraftState::Processed, DraftState::NeedsMore];

    pub fn as_str(self) -> &'static str {
        match self {
            DraftState::New => "new",
            DraftState::Processed => "processed",
            DraftState::NeedsMore => "needs_more",
        }
    }
}

impl FromStr for DraftState {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        DraftState::ALL.into_iter().find(|d| d.as_str() == s).ok_or(())
    }
}

/// A draft as stored.
#[derive(Clone)]
pub struct DraftRow {
    pub id: String,
    pub kind: String,
    pub kiosk_id: String,
    pub created_at: i64,
    pub received_at: i64,
    /// The checked draft (assistant-core's `CleanDraft`) as JSON. Holds the ID number.
    pub draft: serde_json::Value,
    pub consultant: String,
    pub mobile: String,
    pub state: DraftState,
    pub note: String,
    pub state_by: Option<String>,
    pub state_at: Option<i64>,
}

impl std::fmt::Debug for DraftRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DraftRow").field("id", &self.id).field("state", &self.state).finish_non_exhaustive()
    }
}

/// What storing a draft did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// A new row, committed.
    New,
    /// The id was there already with the same content: a replay.
    Replay,
    /// The id was there already with other content: the first one is kept.
    Conflict,
}

/// A new draft to store.
pub struct NewDraft<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub kiosk_id: &'a str,
    pub created_at: i64,
    pub received_at: i64,
    pub body_sha256: &'a str,
    pub draft: &'a serde_json::Value,
    pub consultant: &'a str,
    pub mobile: &'a str,
}

/// One line of the record: who did what when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub draft_id: Option<String>,
    pub note: String,
}

/// A kiosk's last heartbeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskRow {
    pub kiosk_id: String,
    pub hall_name: String,
    pub version: String,
    pub content_date: Option<String>,
    pub outbox_pending: i64,
    pub outbox_rejected: i64,
    pub last_session_end: Option<i64>,
    pub last_seen: i64,
    pub remote_addr: String,
}

/// The pool and which database it talks to.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite takes one writer at a time and makes the others poll with growing sleeps (its busy
    /// handler), which stretches the tail latency under load. Writers queue here instead, in
    /// order. PostgreSQL locks rows, not the database: no queue.
    writer: Option<Arc<tokio::sync::Mutex<()>>>,
}

/// `sqlite:` URLs create the file when missing (`mode=rwc`) unless the URL says otherwise.
fn with_create(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

impl Db {
    /// Connects and brings the schema up to date.
    pub async fn open(url: &str, max_connections: u32) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of(url)?;
        let url = match backend {
            Backend::Sqlite => with_create(url),
            Backend::Postgres => url.to_owned(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers do not wait for the writer; FULL: a commit is on disk
                        // before the kiosk hears "stored". Writers queue for up to 10 s.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|source| DbError::Connect { url: redact(&url), source })?;
        let writer = (backend == Backend::Sqlite).then(|| Arc::new(tokio::sync::Mutex::new(())));
        let db = Db { pool, backend, writer };
        Migrator::new(Embedded(backend)).await?.run(&db.pool).await?;
        Ok(db)
    }

    /// Waits for SQLite's one writer slot (nothing to wait for on PostgreSQL).
    async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match &self.writer {
            Some(m) => Some(m.lock().await),
            None => None,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Stores a draft and its `received` event in one transaction; returns after the commit.
    pub async fn insert_draft(&self, d: &NewDraft<'_>) -> Result<Stored, DbError> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO drafts (id, kind, kiosk_id, created_at, received_at, body_sha256, draft, consultant, mobile) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING",
        )
        .bind(d.id)
        .bind(d.kind)
        .bind(d.kiosk_id)
        .bind(d.created_at)
        .bind(d.received_at)
        .bind(d.body_sha256)
        .bind(d.draft.to_string())
        .bind(d.consultant)
        .bind(d.mobile)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            insert_event(&mut tx, d.received_at, d.kiosk_id, "received", Some(d.id), "").await?;
            tx.commit().await?;
            return Ok(Stored::New);
        }
        let existing: Option<String> = sqlx::query("SELECT body_sha256 FROM drafts WHERE id = $1")
            .bind(d.id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        tx.rollback().await?;
        Ok(match existing {
            Some(sha) if sha == d.body_sha256 => Stored::Replay,
            // Gone between the two statements (retention deleted it): it was stored once.
            None => Stored::Replay,
            Some(_) => Stored::Conflict,
        })
    }

    /// Newest first, at most `limit`; `search` matches the name or the mobile number (part of it),
    /// `state` narrows to one state.
    pub async fn list_drafts(
        &self,
        search: &str,
        state: Option<DraftState>,
        limit: i64,
    ) -> Result<Vec<DraftRow>, DbError> {
        let pattern = format!("%{}%", escape_like(search.trim()));
        let rows = sqlx::query(
            "SELECT id, kind, kiosk_id, created_at, received_at, draft, consultant, mobile, state, note, state_by, state_at \
             FROM drafts WHERE ($1 = '' OR consultant LIKE $2 ESCAPE '\\' OR mobile LIKE $2 ESCAPE '\\') \
             AND ($3 = '' OR state = $3) ORDER BY received_at DESC, id DESC LIMIT $4",
        )
        .bind(search.trim())
        .bind(&pattern)
        .bind(state.map_or("", DraftState::as_str))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(draft_row).collect()
    }

    pub async fn get_draft(&self, id: &str) -> Result<Option<DraftRow>, DbError> {
        let row = sqlx::query(
            "SELECT id, kind, kiosk_id, created_at, received_at, draft, consultant, mobile, state, note, state_by, state_at \
             FROM drafts WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(draft_row).transpose()
    }

    pub async fn count_drafts(&self) -> Result<i64, DbError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM drafts").fetch_one(&self.pool).await?.try_get(0)?)
    }

    /// Sets a draft's state and note, recording who and when. `false`: no such draft.
    pub async fn set_state(
        &self,
        id: &str,
        state: DraftState,
        note: &str,
        actor: &str,
        now: i64,
    ) -> Result<bool, DbError> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let changed =
            sqlx::query("UPDATE drafts SET state = $1, note = $2, state_by = $3, state_at = $4 WHERE id = $5")
                .bind(state.as_str())
                .bind(note)
                .bind(actor)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if changed == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        insert_event(&mut tx, now, actor, &format!("state:{}", state.as_str()), Some(id), note).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes processed drafts whose state was set before `cutoff`, blanks the notes of their
    /// events (a note may quote the applicant) and records each deletion. Returns how many.
    pub async fn purge_processed(&self, cutoff: i64, now: i64) -> Result<u64, DbError> {
        let ids: Vec<String> = sqlx::query("SELECT id FROM drafts WHERE state = 'processed' AND state_at < $1")
            .bind(cutoff)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        let mut deleted = 0;
        for id in ids {
            let _turn = self.write_turn().await;
            let mut tx = self.pool.begin().await?;
            let n = sqlx::query("DELETE FROM drafts WHERE id = $1 AND state = 'processed' AND state_at < $2")
                .bind(&id)
                .bind(cutoff)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 1 {
                sqlx::query("UPDATE events SET note = '' WHERE draft_id = $1").bind(&id).execute(&mut *tx).await?;
                insert_event(&mut tx, now, "system", "deleted:retention", Some(&id), "").await?;
                deleted += 1;
            }
            tx.commit().await?;
        }
        Ok(deleted)
    }

    pub async fn record(&self, at: i64, actor: &str, action: &str, draft_id: Option<&str>) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        insert_event(&mut tx, at, actor, action, draft_id, "").await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn events_of(&self, draft_id: &str) -> Result<Vec<Event>, DbError> {
        let rows =
            sqlx::query("SELECT at, actor, action, draft_id, note FROM events WHERE draft_id = $1 ORDER BY at, id")
                .bind(draft_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(event_row).collect()
    }

    pub async fn recent_events(&self, limit: i64) -> Result<Vec<Event>, DbError> {
        let rows = sqlx::query("SELECT at, actor, action, draft_id, note FROM events ORDER BY id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(event_row).collect()
    }

    // --- staff ---

    /// Adds a staff member or replaces their password hash.
    pub async fn set_staff(&self, name: &str, hash: &str, now: i64, actor: &str) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO staff (name, password_hash, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash",
        )
        .bind(name)
        .bind(hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM login_failures WHERE name = $1").bind(name).execute(&mut *tx).await?;
        insert_event(&mut tx, now, actor, &format!("staff:set:{name}"), None, "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a staff member and ends their sessions. `false`: no such name.
    pub async fn remove_staff(&self, name: &str, now: i64, actor: &str) -> Result<bool, DbError> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let n = sqlx::query("DELETE FROM staff WHERE name = $1").bind(name).execute(&mut *tx).await?.rows_affected();
        sqlx::query("DELETE FROM sessions WHERE staff = $1").bind(name).execute(&mut *tx).await?;
        if n == 1 {
            insert_event(&mut tx, now, actor, &format!("staff:remove:{name}"), None, "").await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    pub async fn staff_names(&self) -> Result<Vec<String>, DbError> {
        let rows = sqlx::query("SELECT name FROM staff ORDER BY name").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?)
    }

    pub async fn staff_hash(&self, name: &str) -> Result<Option<String>, DbError> {
        let row = sqlx::query("SELECT password_hash FROM staff WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    /// Wrong passwords in a row for `name`, and when the last one was.
    pub async fn login_failures(&self, name: &str) -> Result<(u32, i64), DbError> {
        let row = sqlx::query("SELECT failures, last_failure_at FROM login_failures WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => {
                let n: i64 = r.try_get(0)?;
                Ok((u32::try_from(n).unwrap_or(u32::MAX), r.try_get(1)?))
            }
            None => Ok((0, 0)),
        }
    }

    pub async fn record_login(&self, name: &str, ok: bool, now: i64) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        if ok {
            sqlx::query("DELETE FROM login_failures WHERE name = $1").bind(name).execute(&mut *tx).await?;
            insert_event(&mut tx, now, name, "login", None, "").await?;
        } else {
            sqlx::query(
                "INSERT INTO login_failures (name, failures, last_failure_at) VALUES ($1, 1, $2) \
                 ON CONFLICT (name) DO UPDATE SET failures = login_failures.failures + 1, last_failure_at = excluded.last_failure_at",
            )
            .bind(name)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            insert_event(&mut tx, now, name, "login:wrong_password", None, "").await?;
        }
        tx.commit().await?;
        Ok(())
    }

    // --- sessions ---

    pub async fn create_session(
        &self,
        token_sha256: &str,
        staff: &str,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now).execute(&self.pool).await?;
        sqlx::query(
            "INSERT INTO sessions (token_sha256, staff, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_sha256)
        .bind(staff)
        .bind(csrf)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The staff member and CSRF token of a live session.
    pub async fn session(&self, token_sha256: &str, now: i64) -> Result<Option<(String, String)>, DbError> {
        let row = sqlx::query("SELECT staff, csrf FROM sessions WHERE token_sha256 = $1 AND expires_at > $2")
            .bind(token_sha256)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
    }

    pub async fn delete_session(&self, token_sha256: &str) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1").bind(token_sha256).execute(&self.pool).await?;
        Ok(())
    }

    // --- kiosks ---

    pub async fn upsert_kiosk(&self, k: &KioskRow) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        sqlx::query(
            "INSERT INTO kiosks (kiosk_id, hall_name, version, content_date, outbox_pending, outbox_rejected, last_session_end, last_seen, remote_addr) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (kiosk_id) DO UPDATE SET \
             hall_name = excluded.hall_name, version = excluded.version, content_date = excluded.content_date, \
             outbox_pending = excluded.outbox_pending, outbox_rejected = excluded.outbox_rejected, \
             last_session_end = excluded.last_session_end, last_seen = excluded.last_seen, remote_addr = excluded.remote_addr",
        )
        .bind(&k.kiosk_id)
        .bind(&k.hall_name)
        .bind(&k.version)
        .bind(k.content_date.clone())
        .bind(k.outbox_pending)
        .bind(k.outbox_rejected)
        .bind(k.last_session_end)
        .bind(k.last_seen)
        .bind(&k.remote_addr)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn kiosks(&self) -> Result<Vec<KioskRow>, DbError> {
        let rows = sqlx::query(
            "SELECT kiosk_id, hall_name, version, content_date, outbox_pending, outbox_rejected, last_session_end, last_seen, remote_addr \
             FROM kiosks ORDER BY hall_name, kiosk_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(KioskRow {
                    kiosk_id: r.try_get(0)?,
                    hall_name: r.try_get(1)?,
                    version: r.try_get(2)?,
                    content_date: r.try_get(3)?,
                    outbox_pending: r.try_get(4)?,
                    outbox_rejected: r.try_get(5)?,
                    last_session_end: r.try_get(6)?,
                    last_seen: r.try_get(7)?,
                    remote_addr: r.try_get(8)?,
                })
            })
            .collect()
    }
}

async fn insert_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    at: i64,
    actor: &str,
    action: &str,
    draft_id: Option<&str>,
    note: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO events (at, actor, action, draft_id, note) VALUES ($1, $2, $3, $4, $5)")
        .bind(at)
        .bind(actor)
        .bind(action)
        .bind(draft_id)
        .bind(note)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn draft_row(r: &AnyRow) -> Result<DraftRow, DbError> {
    let json: String = r.try_get(5)?;
    let state: String = r.try_get(8)?;
    Ok(DraftRow {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        kiosk_id: r.try_get(2)?,
        created_at: r.try_get(3)?,
        received_at: r.try_get(4)?,
        draft: serde_json::from_str(&json).map_err(|e| DbError::Corrupt(e.to_string()))?,
        consultant: r.try_get(6)?,
        mobile: r.try_get(7)?,
        state: state.parse().unwrap_or(DraftState::New),
        note: r.try_get(9)?,
        state_by: r.try_get(10)?,
        state_at: r.try_get(11)?,
    })
}

fn event_row(r: &AnyRow) -> Result<Event, DbError> {
    Ok(Event {
        at: r.try_get(0)?,
        actor: r.try_get(1)?,
        action: r.try_get(2)?,
        draft_id: r.try_get(3)?,
        note: r.try_get(4)?,
    })
}

/// `%`, `_` and `\` typed into the search box are literal characters.
fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(Backend::of("sqlite:///var/lib/x.db").ok(), Some(Backend::Sqlite));
        assert_eq!(Backend::of("postgres://u@h/db").ok(), Some(Backend::Postgres));
        assert!(Backend::of("mysql://h/db").is_err());
        assert_eq!(with_create("sqlite:///a.db"), "sqlite:///a.db?mode=rwc");
        assert_eq!(with_create("sqlite:///a.db?mode=ro"), "sqlite:///a.db?mode=ro");
        assert_eq!(redact("postgres://desk:secret@db.example/desk"), "postgres://desk:***@db.example/desk");
        assert_eq!(escape_like("50%_a\\"), "50\\%\\_a\\\\");
    }
}
