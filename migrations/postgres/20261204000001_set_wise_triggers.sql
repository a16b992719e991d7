-- The triggers that follow a status change (the walker list's columns, the kept counts, the
-- outcome mail) run once per statement over its transition tables instead of once per row
-- (issue 18). A batch of webhooks moves dozens of inquiries in one statement; row triggers ran a
-- PL/pgSQL call and one to three statements for each of them (moving 30 inquiries in one UPDATE:
-- 266 µs of triggers per inquiry as rows, 140 µs once per statement). What they write is
-- unchanged; every path that changes a status (a webhook, reconciliation, an operator's
-- decision) still goes through them.
-- PostgreSQL allows transition tables only on triggers for one event and without a column list,
-- so each trigger below filters the rows it acts on itself. A statement trigger fires for every
-- UPDATE, also one that changed no row (a batch of events about inquiries PawPass does not
-- know moves none): each returns at once then, before planning any statement of its own.

-- The walker list's columns follow the walker's current inquiry.
DROP TRIGGER inquiries_admin_status ON inquiries;
DROP FUNCTION inquiries_admin_status();

CREATE FUNCTION inquiries_admin_statuses() RETURNS trigger AS $$
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
    FROM changed_inquiries n
    -- The walkers by primary key, from an array: joined to the transition table, the planner
    -- took a batch of 30 or more as reason to hash it against a scan of every walker, and kept
    -- that plan for the session.
    WHERE w.id = ANY (ARRAY(SELECT walker_id FROM changed_inquiries))
      AND w.id = n.walker_id AND w.current_inquiry_id = n.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER inquiries_admin_status AFTER UPDATE ON inquiries
    REFERENCING NEW TABLE AS changed_inquiries
    FOR EACH STATEMENT EXECUTE FUNCTION inquiries_admin_statuses();

-- Walkers per status: one upsert per statement, the changes summed per status, in status order
-- (the lock order every writer keeps; see 20261201000001_batch_count_slot.sql).
DROP TRIGGER walkers_count_status_change ON walkers;

CREATE FUNCTION walkers_count_status_changes() RETURNS trigger AS $$
DECLARE
    chosen INTEGER := COALESCE(NULLIF(current_setting('pawpass.count_slot', true), '')::INTEGER,
                               floor(random() * 16)::INTEGER);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_walkers) THEN
        RETURN NULL;
    END IF;
    INSERT INTO walker_status_counts (status, slot, n)
    SELECT status, chosen, sum(delta)
    FROM (SELECT o.current_status AS status, -1 AS delta, n.current_status AS other
          FROM old_walkers o JOIN new_walkers n ON n.id = o.id
          UNION ALL
          SELECT n.current_status, 1, o.current_status
          FROM old_walkers o JOIN new_walkers n ON n.id = o.id) AS change
    WHERE status IS DISTINCT FROM other
    GROUP BY status
    HAVING sum(delta) <> 0
    ORDER BY status
    ON CONFLICT (status, slot) DO UPDATE SET n = walker_status_counts.n + EXCLUDED.n;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER walkers_count_status_change AFTER UPDATE ON walkers
    REFERENCING OLD TABLE AS old_walkers NEW TABLE AS new_walkers
    FOR EACH STATEMENT EXECUTE FUNCTION walkers_count_status_changes();

-- The outcome mail and its job, for every inquiry whose status became an outcome; ids as
-- 20261203000001_ordered_outbox_ids.sql makes them.
DROP TRIGGER inquiries_outcome_mail ON inquiries;
DROP FUNCTION queue_outcome_mail();

CREATE FUNCTION queue_outcome_mails() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_inquiries) THEN
        RETURN NULL;
    END IF;
    WITH outcome AS (
        SELECT n.id, n.walker_id, n.updated_at,
               CASE n.status WHEN 'needs_review' THEN 'in_review' ELSE n.status END AS kind
        FROM new_inquiries n JOIN old_inquiries o ON o.id = n.id
        WHERE n.status IS DISTINCT FROM o.status
          AND n.status IN ('approved', 'declined', 'failed', 'expired', 'needs_review')
    ), queued AS (
        INSERT INTO mails (id, walker_id, inquiry_id, kind, state, created_at, updated_at)
        SELECT 'mail_' || lpad(to_hex(q.updated_at), 12, '0')
                   || left(replace(gen_random_uuid()::text, '-', ''), 20),
               w.id, q.id, q.kind, 'queued', q.updated_at, q.updated_at
        FROM outcome q JOIN walkers w ON w.id = q.walker_id
        WHERE w.erasure_requested_at IS NULL AND w.erased_at IS NULL
        ORDER BY q.id
        ON CONFLICT (inquiry_id, kind) WHERE inquiry_id IS NOT NULL DO NOTHING
        RETURNING id, walker_id, created_at
    )
    INSERT INTO jobs (id, kind, walker_id, mail_id, idempotency_key, state, attempts, run_at,
                      created_at, updated_at)
    SELECT 'job_' || lpad(to_hex(created_at), 12, '0')
               || left(replace(gen_random_uuid()::text, '-', ''), 20),
           'send_mail', walker_id, id, id, 'queued', 0, created_at, created_at, created_at
    FROM queued;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inquiries_outcome_mail AFTER UPDATE ON inquiries
    REFERENCING OLD TABLE AS old_inquiries NEW TABLE AS new_inquiries
    FOR EACH STATEMENT EXECUTE FUNCTION queue_outcome_mails();
