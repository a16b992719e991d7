-- The operators' console: list columns kept current by triggers (so the list filters and sorts
-- on indexed columns of one table), sign-in throttling, the audit log and notes.

ALTER TABLE walkers ADD COLUMN current_status TEXT NOT NULL DEFAULT 'not_started';
ALTER TABLE walkers ADD COLUMN last_change_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE walkers ADD COLUMN started_at BIGINT;
ALTER TABLE walkers ADD COLUMN completed_at BIGINT;
ALTER TABLE walkers ADD COLUMN decided_at BIGINT;
ALTER TABLE walkers ADD COLUMN approved_at BIGINT;
ALTER TABLE walkers ADD COLUMN name_key TEXT
    GENERATED ALWAYS AS (lower(first_name || ' ' || last_name)) STORED;
ALTER TABLE walkers ADD COLUMN search_text TEXT
    GENERATED ALWAYS AS (lower(first_name || ' ' || last_name || ' ' || email)) STORED;
ALTER TABLE walkers ADD COLUMN decision_ms BIGINT
    GENERATED ALWAYS AS (decided_at - created_at) STORED;

UPDATE walkers SET last_change_at = updated_at,
    current_status = COALESCE((SELECT status FROM inquiries WHERE id = current_inquiry_id), 'not_started');

CREATE FUNCTION walkers_admin_columns() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.current_inquiry_id IS DISTINCT FROM OLD.current_inquiry_id THEN
        NEW.current_status := COALESCE(
            (SELECT status FROM inquiries WHERE id = NEW.current_inquiry_id), NEW.current_status);
    END IF;
    NEW.last_change_at := GREATEST(NEW.last_change_at, NEW.updated_at);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER walkers_admin_columns BEFORE INSERT OR UPDATE ON walkers
    FOR EACH ROW EXECUTE FUNCTION walkers_admin_columns();

CREATE FUNCTION inquiries_admin_status() RETURNS trigger AS $$
BEGIN
    UPDATE walkers SET
        current_status = NEW.status,
        last_change_at = GREATEST(last_change_at, NEW.updated_at),
        started_at = COALESCE(started_at, CASE WHEN NEW.status IN
            ('pending', 'completed', 'failed', 'needs_review', 'approved', 'declined') THEN NEW.status_at END),
        completed_at = COALESCE(completed_at, CASE WHEN NEW.status IN
            ('completed', 'needs_review', 'approved', 'declined') THEN NEW.status_at END),
        decided_at = COALESCE(decided_at, CASE WHEN NEW.status IN ('approved', 'declined') THEN NEW.status_at END),
        approved_at = CASE WHEN NEW.status = 'approved' THEN NEW.status_at ELSE approved_at END
    WHERE current_inquiry_id = NEW.id;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER inquiries_admin_status AFTER UPDATE ON inquiries
    FOR EACH ROW EXECUTE FUNCTION inquiries_admin_status();

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX walkers_changed ON walkers (last_change_at, id);
CREATE INDEX walkers_name ON walkers (name_key, id);
CREATE INDEX walkers_status_created ON walkers (current_status, created_at, id);
CREATE INDEX walkers_status_changed ON walkers (current_status, last_change_at, id);
CREATE INDEX walkers_status_name ON walkers (current_status, name_key, id);
CREATE INDEX walkers_current_inquiry ON walkers (current_inquiry_id);
CREATE INDEX walkers_approved ON walkers (approved_at);
CREATE INDEX walkers_decision ON walkers (decision_ms);
-- Substring search (LIKE '%…%') by trigram.
CREATE INDEX walkers_search ON walkers USING gin (search_text gin_trgm_ops);

CREATE TABLE login_failures (
    username            TEXT PRIMARY KEY,
    failures            BIGINT NOT NULL,
    last_failure_at     BIGINT NOT NULL,
    locked_until        BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id                  TEXT PRIMARY KEY,
    at                  BIGINT NOT NULL,
    operator_id         TEXT NOT NULL,
    operator_username   TEXT NOT NULL,
    action              TEXT NOT NULL,
    walker_id           TEXT,
    inquiry_id          TEXT,
    reason              TEXT,
    outcome             TEXT NOT NULL,
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

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
