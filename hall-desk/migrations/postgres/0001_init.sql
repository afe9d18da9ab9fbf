-- The hall desk's tables (PostgreSQL). Times are milliseconds since 1970 (UTC), as BIGINT in both
-- databases, so one code path reads them. The SQLite file beside this one has the same shape.

-- One row per draft a kiosk handed in. `id` is the outbox's idempotency key: a second request
-- with the same id never makes a second row.
CREATE TABLE drafts (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    kiosk_id     TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    received_at  BIGINT NOT NULL,
    -- SHA-256 of the canonical draft JSON: a replay with other content is told apart.
    body_sha256  TEXT NOT NULL,
    -- The checked, normalised draft (assistant-core's CleanDraft) as JSON. Holds the ID number.
    draft        TEXT NOT NULL,
    consultant   TEXT NOT NULL,
    mobile       TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'new',
    note         TEXT NOT NULL DEFAULT '',
    state_by     TEXT,
    state_at     BIGINT
);
CREATE INDEX drafts_by_received ON drafts (received_at DESC);
CREATE INDEX drafts_by_state ON drafts (state, state_at);

-- Who did what when: every state change of a draft, logins, staff changes, retention deletions.
CREATE TABLE events (
    id        BIGSERIAL PRIMARY KEY,
    at        BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    draft_id  TEXT,
    note      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_by_draft ON events (draft_id, at);

CREATE TABLE staff (
    name           TEXT PRIMARY KEY,
    password_hash  TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);

-- Wrong passwords per login name (also for names that do not exist, so the lockout does not
-- tell which names are real).
CREATE TABLE login_failures (
    name             TEXT PRIMARY KEY,
    failures         BIGINT NOT NULL,
    last_failure_at  BIGINT NOT NULL
);

-- Staff sessions: the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
    token_sha256  TEXT PRIMARY KEY,
    staff         TEXT NOT NULL,
    csrf          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);

-- The last heartbeat of each kiosk.
CREATE TABLE kiosks (
    kiosk_id          TEXT PRIMARY KEY,
    hall_name         TEXT NOT NULL,
    version           TEXT NOT NULL,
    content_date      TEXT,
    outbox_pending    BIGINT NOT NULL,
    outbox_rejected   BIGINT NOT NULL,
    last_session_end  BIGINT,
    last_seen         BIGINT NOT NULL,
    remote_addr       TEXT NOT NULL
);
