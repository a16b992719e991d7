-- Durable work: a signup commits its walker and a "create inquiry" job in one transaction, so
-- nothing is lost when Persona is down or PawPass restarts. Jobs are claimed with a lease.
CREATE TABLE jobs (
    id                  TEXT PRIMARY KEY,                  -- job_…
    kind                TEXT NOT NULL,                     -- create_inquiry
    walker_id           TEXT NOT NULL REFERENCES walkers (id),
    idempotency_key     TEXT NOT NULL,                     -- reused by every attempt of this job
    state               TEXT NOT NULL,                     -- queued | done | dead
    attempts            BIGINT NOT NULL DEFAULT 0,
    run_at              BIGINT NOT NULL,
    lease_owner         TEXT,
    lease_until         BIGINT,
    last_error          TEXT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (state, run_at);
CREATE INDEX jobs_walker ON jobs (walker_id, created_at);

-- One row per attempt, for operators (what happened, when, why it failed).
CREATE TABLE job_attempts (
    job_id              TEXT NOT NULL REFERENCES jobs (id),
    attempt             BIGINT NOT NULL,
    worker              TEXT NOT NULL,
    started_at          BIGINT NOT NULL,
    finished_at         BIGINT NOT NULL,
    outcome             TEXT NOT NULL,                     -- done | retry | dead
    error               TEXT,
    PRIMARY KEY (job_id, attempt)
);

-- Why a stored event did or did not move its inquiry, and how often Persona sent it.
ALTER TABLE persona_events ADD COLUMN disposition TEXT NOT NULL DEFAULT 'applied';
ALTER TABLE persona_events ADD COLUMN deliveries BIGINT NOT NULL DEFAULT 1;

-- When reconciliation last asked Persona about the inquiry.
ALTER TABLE inquiries ADD COLUMN checked_at BIGINT;
CREATE INDEX inquiries_reconcile ON inquiries (status, updated_at);
