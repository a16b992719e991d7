-- The walker list's columns may follow a flood of webhooks a moment later (issue 18). Copying an
-- applied status to `walkers` moves four to six entries of the list's indexes and two kept
-- counts: over half of the SQLite writer's time per applied event. A batch of webhooks (more
-- than one delivery waiting at once) now only marks its inquiries, in the UPDATE that moves
-- them; the webhook writer copies the marked inquiries' statuses once no delivery waits, and the
-- job worker does it for any mark older than half a minute, whatever the load. An inquiry that
-- moves several times meanwhile is copied once, as it stands then.
--
-- An update that leaves the mark NULL is copied at once, as before: every path but a batch of
-- webhooks (reconciliation, an operator's decision, a lone webhook) clears the mark as it moves
-- a status. The mark keeps the time of the oldest change not yet copied.
ALTER TABLE inquiries ADD COLUMN walker_list_due BIGINT;
CREATE INDEX inquiries_walker_list_due ON inquiries (walker_list_due)
    WHERE walker_list_due IS NOT NULL;

DROP TRIGGER inquiries_admin_status;

CREATE TRIGGER inquiries_admin_status
AFTER UPDATE OF status, status_at, updated_at, walker_list_due ON inquiries
WHEN NEW.walker_list_due IS NULL
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
