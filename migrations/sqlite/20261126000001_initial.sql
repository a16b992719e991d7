-- Times are unix milliseconds (BIGINT) and flags INTEGER 0/1, so one set of queries runs on
-- SQLite and PostgreSQL through sqlx's Any driver.

CREATE TABLE walkers (
    id                          TEXT PRIMARY KEY,          -- usr_…, random
    first_name                  TEXT NOT NULL,
    last_name                   TEXT NOT NULL,
    email                       TEXT NOT NULL,
    email_normalized            TEXT NOT NULL UNIQUE,      -- a returning walker is found by this
    birthdate                   TEXT NOT NULL,             -- YYYY-MM-DD
    phone                       TEXT,                      -- E.164
    current_inquiry_id          TEXT,
    created_at                  BIGINT NOT NULL,
    updated_at                  BIGINT NOT NULL
);
CREATE INDEX walkers_created_at ON walkers (created_at DESC, id DESC);

CREATE TABLE inquiries (
    id                  TEXT PRIMARY KEY,                  -- Persona's inq_…
    walker_id           TEXT NOT NULL REFERENCES walkers (id),
    status              TEXT NOT NULL,
    status_rank         BIGINT NOT NULL,                   -- ties at the same Persona time
    status_at           BIGINT NOT NULL,                   -- Persona's time of the applied change
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX inquiries_walker ON inquiries (walker_id);

CREATE TABLE persona_events (
    id                  TEXT PRIMARY KEY,                  -- Persona's evt_…: stored once
    name                TEXT NOT NULL,
    inquiry_id          TEXT,
    status              TEXT,
    persona_created_at  BIGINT NOT NULL,
    received_at         BIGINT NOT NULL,
    applied             INTEGER NOT NULL,                  -- 1 when it moved the status
    body                TEXT NOT NULL                      -- the raw, verified body
);
CREATE INDEX persona_events_inquiry ON persona_events (inquiry_id, persona_created_at);

CREATE TABLE operators (
    id                  TEXT PRIMARY KEY,                  -- op_…
    username            TEXT NOT NULL UNIQUE,
    password_hash       TEXT NOT NULL,                     -- argon2id PHC string
    disabled            INTEGER NOT NULL DEFAULT 0,
    created_at          BIGINT NOT NULL
);

CREATE TABLE sessions (
    id                  TEXT PRIMARY KEY,
    data                TEXT NOT NULL,                     -- tower-sessions record, JSON
    expires_at          BIGINT NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
