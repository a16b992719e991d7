-- The outcome mail leaves the transaction that applies a status (issue 18). Queueing the message
-- and its job there cost the webhook path two rows, seven index entries and their foreign-key
-- checks per applied event, about a quarter of the SQLite writer's time per event. Now the
-- trigger only marks the inquiry, on every path that changes a status as before, and the job
-- worker queues the marked inquiries' messages in batches (`Mails::queue_due_outcomes`). The
-- mark commits with the status, so a message is never lost. It is the time of the oldest outcome
-- not yet queued (a later one leaves it, so the worker cannot be put off by an inquiry that keeps
-- changing); the partial index holds only the marked inquiries, and each new mark goes to its end.
ALTER TABLE inquiries ADD COLUMN outcome_mail_due BIGINT;
CREATE INDEX inquiries_outcome_mail_due ON inquiries (outcome_mail_due)
    WHERE outcome_mail_due IS NOT NULL;

DROP TRIGGER inquiries_outcome_mail;

CREATE TRIGGER inquiries_outcome_mail AFTER UPDATE OF status ON inquiries
WHEN NEW.status <> OLD.status
    AND NEW.status IN ('approved', 'declined', 'failed', 'expired', 'needs_review')
BEGIN
    UPDATE inquiries SET outcome_mail_due = NEW.updated_at
    WHERE rowid = NEW.rowid AND outcome_mail_due IS NULL;
END;
