-- Mail to walkers, through a transactional outbox: a message is queued in the transaction that
-- decides to send it, with a `send_mail` job that the job worker runs (leases, retries with
-- backoff, one sender at a time). A row holds no personal data: the address and first name are
-- read from the walker when the message is sent, so an erased walker is never written to.
CREATE TABLE mails (
    id              TEXT PRIMARY KEY,                      -- mail_…
    walker_id       TEXT NOT NULL REFERENCES walkers (id),
    inquiry_id      TEXT,                                  -- the inquiry an outcome is about
    kind            TEXT NOT NULL,                         -- continue_link | approved | declined | failed | expired | in_review
    state           TEXT NOT NULL,                         -- queued | sent | failed | withdrawn
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT,
    updated_at      BIGINT NOT NULL
);
-- One message per outcome per inquiry, however often Persona repeats the event.
CREATE UNIQUE INDEX mails_one_per_outcome ON mails (inquiry_id, kind) WHERE inquiry_id IS NOT NULL;
CREATE INDEX mails_walker ON mails (walker_id, created_at);

ALTER TABLE jobs ADD COLUMN mail_id TEXT REFERENCES mails (id);
CREATE INDEX jobs_mail ON jobs (mail_id);

-- Links that let a walker continue from another browser: random, single use, 30 minutes.
-- Only the SHA-256 of a token is kept, so a copy of the database opens nothing.
CREATE TABLE continue_tokens (
    hash            TEXT PRIMARY KEY,                      -- hex SHA-256 of the token
    walker_id       TEXT NOT NULL REFERENCES walkers (id),
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT
);
CREATE INDEX continue_tokens_walker ON continue_tokens (walker_id);

-- Development only: where mail goes when no SMTP server is configured, read at /dev/mail.
CREATE TABLE dev_outbox (
    mail_id         TEXT NOT NULL REFERENCES mails (id),
    walker_id       TEXT NOT NULL REFERENCES walkers (id),
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    delivered_at    BIGINT NOT NULL
);
CREATE INDEX dev_outbox_delivered ON dev_outbox (delivered_at DESC);

-- Walkers hear the outcome of their verification from the same transaction that applies it,
-- whichever path applies it (a webhook, reconciliation, an operator's decision): the trigger
-- queues the message and its job, and the unique index keeps a repeated or late event from
-- queueing it twice. Nobody being erased is written to.
CREATE TRIGGER inquiries_outcome_mail AFTER UPDATE OF status ON inquiries
WHEN NEW.status <> OLD.status
    AND NEW.status IN ('approved', 'declined', 'failed', 'expired', 'needs_review')
BEGIN
    INSERT OR IGNORE INTO mails (id, walker_id, inquiry_id, kind, state, created_at, updated_at)
    SELECT 'mail_' || lower(hex(randomblob(16))), w.id, NEW.id,
           CASE NEW.status WHEN 'needs_review' THEN 'in_review' ELSE NEW.status END,
           'queued', NEW.updated_at, NEW.updated_at
    FROM walkers w
    WHERE w.id = NEW.walker_id AND w.erasure_requested_at IS NULL AND w.erased_at IS NULL;
    INSERT INTO jobs (id, kind, walker_id, mail_id, idempotency_key, state, attempts, run_at,
                      created_at, updated_at)
    SELECT 'job_' || lower(hex(randomblob(16))), 'send_mail', m.walker_id, m.id, m.id, 'queued',
           0, m.created_at, m.created_at, m.created_at
    FROM mails m
    WHERE m.inquiry_id = NEW.id
      AND m.kind = CASE NEW.status WHEN 'needs_review' THEN 'in_review' ELSE NEW.status END
      AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.mail_id = m.id);
END;
