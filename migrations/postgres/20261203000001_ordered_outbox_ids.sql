-- Outcome mails and their jobs get time-ordered ids (as `MailId::generate` and `JobId::generate`
-- make them: 12 hex digits of milliseconds, then 20 random), so each new row goes to the end of
-- its primary-key index (and the job's `mail_id` index) instead of a random page of it, which
-- after every checkpoint also costs a full-page image in the WAL (issue 18).
CREATE OR REPLACE FUNCTION queue_outcome_mail() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    mail_kind TEXT := CASE NEW.status WHEN 'needs_review' THEN 'in_review' ELSE NEW.status END;
    stamp TEXT := lpad(to_hex(NEW.updated_at), 12, '0');
    queued TEXT;
BEGIN
    INSERT INTO mails (id, walker_id, inquiry_id, kind, state, created_at, updated_at)
    SELECT 'mail_' || stamp || left(replace(gen_random_uuid()::text, '-', ''), 20), w.id, NEW.id,
           mail_kind, 'queued', NEW.updated_at, NEW.updated_at
    FROM walkers w
    WHERE w.id = NEW.walker_id AND w.erasure_requested_at IS NULL AND w.erased_at IS NULL
    ON CONFLICT (inquiry_id, kind) WHERE inquiry_id IS NOT NULL DO NOTHING
    RETURNING id INTO queued;
    IF queued IS NOT NULL THEN
        INSERT INTO jobs (id, kind, walker_id, mail_id, idempotency_key, state, attempts, run_at,
                          created_at, updated_at)
        VALUES ('job_' || stamp || left(replace(gen_random_uuid()::text, '-', ''), 20),
                'send_mail', NEW.walker_id, queued, queued, 'queued', 0, NEW.updated_at,
                NEW.updated_at, NEW.updated_at);
    END IF;
    RETURN NULL;
END;
$$;
