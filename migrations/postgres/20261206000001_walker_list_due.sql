-- The walker list's columns may follow a flood of webhooks a moment later (issue 18); see the
-- SQLite migration of the same name. On PostgreSQL the copy is an update of `walkers` that HOT
-- cannot take (it changes indexed columns), so it writes an entry in each of the table's twelve
-- indexes, the trigram index among them.
--
-- The statement trigger copies a row when the update leaves its mark NULL and either changed
-- its status or times, or cleared a mark (the catch-up, `Inquiries::copy_marked_to_walkers`).
ALTER TABLE inquiries ADD COLUMN walker_list_due BIGINT;
CREATE INDEX inquiries_walker_list_due ON inquiries (walker_list_due)
    WHERE walker_list_due IS NOT NULL;

CREATE OR REPLACE FUNCTION inquiries_admin_statuses() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM changed_inquiries WHERE walker_list_due IS NULL) THEN
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
    WHERE w.id = ANY (ARRAY(SELECT walker_id FROM changed_inquiries WHERE walker_list_due IS NULL))
      AND w.id = n.walker_id AND w.current_inquiry_id = n.id AND n.walker_list_due IS NULL
      AND ((n.status, n.status_at, n.updated_at) IS DISTINCT FROM (o.status, o.status_at, o.updated_at)
           OR o.walker_list_due IS NOT NULL);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
