-- The outcome mail leaves the transaction that applies a status (issue 18); see the SQLite
-- migration of the same name (the mark keeps the oldest outcome's time). A BEFORE trigger marks
-- the row as it is written, so the mark costs no second version of it, and its WHEN clause keeps
-- the function from being called for every other update.
ALTER TABLE inquiries ADD COLUMN outcome_mail_due BIGINT;
CREATE INDEX inquiries_outcome_mail_due ON inquiries (outcome_mail_due)
    WHERE outcome_mail_due IS NOT NULL;

DROP TRIGGER inquiries_outcome_mail ON inquiries;
DROP FUNCTION queue_outcome_mails();

CREATE FUNCTION mark_outcome_mail_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.outcome_mail_due := COALESCE(NEW.outcome_mail_due, NEW.updated_at);
    RETURN NEW;
END;
$$;

CREATE TRIGGER inquiries_outcome_mail BEFORE UPDATE OF status ON inquiries
    FOR EACH ROW
    WHEN (NEW.status IS DISTINCT FROM OLD.status
          AND NEW.status IN ('approved', 'declined', 'failed', 'expired', 'needs_review'))
    EXECUTE FUNCTION mark_outcome_mail_due();

-- Clearing a mark is an update of `inquiries` too, and a statement trigger fires for every
-- update: the walker list's columns now follow only the rows whose status or times changed, as
-- the row trigger's column list made them before 20261204000001_set_wise_triggers.sql.
DROP TRIGGER inquiries_admin_status ON inquiries;

CREATE OR REPLACE FUNCTION inquiries_admin_statuses() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM changed_inquiries) THEN
        RETURN NULL;
    END IF;
    UPDATE walkers w SET
        current_status = n.status,
        last_change_at = GREATEST(w.last_change_at, n.updated_at),
        started_at = COALESCE(w.started_at, CASE WHEN n.status IN
            ('pending', 'completed', 'failed', 'needs_review', 'approved', 'declined') THEN n.status_at END),
        completed_at = COALESCE(w.completed_at, CASE WHEN n.status IN
            ('completed', 'needs_review', 'approved', 'declined') THEN n.status_at END),
        decided_at = COALESCE(w.decided_at, CASE WHEN n.status IN ('approved', 'declined') THEN n.status_at END),
        approved_at = CASE WHEN n.status = 'approved' THEN n.status_at ELSE w.approved_at END
    FROM changed_inquiries n JOIN previous_inquiries o ON o.id = n.id
    -- The walkers by primary key, from an array (see 20261204000001_set_wise_triggers.sql).
    WHERE w.id = ANY (ARRAY(SELECT walker_id FROM changed_inquiries))
      AND w.id = n.walker_id AND w.current_inquiry_id = n.id
      AND (n.status, n.status_at, n.updated_at) IS DISTINCT FROM (o.status, o.status_at, o.updated_at);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER inquiries_admin_status AFTER UPDATE ON inquiries
    REFERENCING OLD TABLE AS previous_inquiries NEW TABLE AS changed_inquiries
    FOR EACH STATEMENT EXECUTE FUNCTION inquiries_admin_statuses();
