-- The operators' console: list columns kept current by triggers (so the list filters and sorts
-- on indexed columns of one table), sign-in throttling, the audit log and notes.

-- What the list shows, copied from the current inquiry by the triggers below. The status
-- columns change only when `inquiries` changes, so the ordering rule stays in one place.
ALTER TABLE walkers ADD COLUMN current_status TEXT NOT NULL DEFAULT 'not_started';
ALTER TABLE walkers ADD COLUMN last_change_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE walkers ADD COLUMN started_at BIGINT;          -- first time the flow was started
ALTER TABLE walkers ADD COLUMN completed_at BIGINT;        -- first time it was completed
ALTER TABLE walkers ADD COLUMN decided_at BIGINT;          -- first approval or decline
ALTER TABLE walkers ADD COLUMN approved_at BIGINT;         -- latest approval
ALTER TABLE walkers ADD COLUMN name_key TEXT
    GENERATED ALWAYS AS (lower(first_name || ' ' || last_name)) VIRTUAL;
-- Stored (kept by the triggers below), so a substring search scans text, not expressions.
ALTER TABLE walkers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE walkers ADD COLUMN decision_ms BIGINT
    GENERATED ALWAYS AS (decided_at - created_at) VIRTUAL;

UPDATE walkers SET search_text = lower(first_name || ' ' || last_name || ' ' || email),
    last_change_at = updated_at,
    current_status = COALESCE((SELECT status FROM inquiries WHERE id = current_inquiry_id), 'not_started');

CREATE TRIGGER walkers_admin_insert AFTER INSERT ON walkers
BEGIN
    UPDATE walkers SET last_change_at = max(last_change_at, NEW.updated_at),
        search_text = lower(NEW.first_name || ' ' || NEW.last_name || ' ' || NEW.email)
    WHERE id = NEW.id;
END;

CREATE TRIGGER walkers_admin_search AFTER UPDATE OF first_name, last_name, email ON walkers
BEGIN
    UPDATE walkers SET search_text = lower(NEW.first_name || ' ' || NEW.last_name || ' ' || NEW.email)
    WHERE id = NEW.id;
END;

CREATE TRIGGER walkers_admin_current AFTER UPDATE OF current_inquiry_id ON walkers
BEGIN
    UPDATE walkers SET
        current_status = COALESCE((SELECT status FROM inquiries WHERE id = NEW.current_inquiry_id), 'not_started'),
        last_change_at = max(last_change_at, NEW.updated_at)
    WHERE id = NEW.id;
END;

CREATE TRIGGER inquiries_admin_status AFTER UPDATE OF status, status_at, updated_at ON inquiries
BEGIN
    UPDATE walkers SET
        current_status = NEW.status,
        last_change_at = max(last_change_at, NEW.updated_at),
        started_at = COALESCE(started_at, CASE WHEN NEW.status IN
            ('pending', 'completed', 'failed', 'needs_review', 'approved', 'declined') THEN NEW.status_at END),
        completed_at = COALESCE(completed_at, CASE WHEN NEW.status IN
            ('completed', 'needs_review', 'approved', 'declined') THEN NEW.status_at END),
        decided_at = COALESCE(decided_at, CASE WHEN NEW.status IN ('approved', 'declined') THEN NEW.status_at END),
        approved_at = CASE WHEN NEW.status = 'approved' THEN NEW.status_at ELSE approved_at END
    WHERE current_inquiry_id = NEW.id;
END;

-- Keyset pagination: every sort has an index ending in the id tie-breaker, with and without
-- a status filter in front.
CREATE INDEX walkers_changed ON walkers (last_change_at, id);
CREATE INDEX walkers_name ON walkers (name_key, id);
CREATE INDEX walkers_status_created ON walkers (current_status, created_at, id);
CREATE INDEX walkers_status_changed ON walkers (current_status, last_change_at, id);
CREATE INDEX walkers_status_name ON walkers (current_status, name_key, id);
CREATE INDEX walkers_current_inquiry ON walkers (current_inquiry_id);
CREATE INDEX walkers_approved ON walkers (approved_at);
CREATE INDEX walkers_decision ON walkers (decision_ms);

-- Failed sign-ins per typed username, whether or not such an operator exists, so an unknown
-- name slows down and locks exactly like a real one.
CREATE TABLE login_failures (
    username            TEXT PRIMARY KEY,
    failures            BIGINT NOT NULL,
    last_failure_at     BIGINT NOT NULL,
    locked_until        BIGINT NOT NULL
);

-- Append-only: nothing updates or deletes these rows.
CREATE TABLE audit_log (
    id                  TEXT PRIMARY KEY,
    at                  BIGINT NOT NULL,
    operator_id         TEXT NOT NULL,
    operator_username   TEXT NOT NULL,
    action              TEXT NOT NULL,
    walker_id           TEXT,
    inquiry_id          TEXT,
    reason              TEXT,
    outcome             TEXT NOT NULL,                    -- ok | failed
    detail              TEXT NOT NULL
);
CREATE INDEX audit_log_walker ON audit_log (walker_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE notes (
    id                  TEXT PRIMARY KEY,
    walker_id           TEXT NOT NULL REFERENCES walkers (id),
    operator_username   TEXT NOT NULL,
    body                TEXT NOT NULL,
    created_at          BIGINT NOT NULL
);
CREATE INDEX notes_walker ON notes (walker_id, created_at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
