//! Outcome messages, queued after the fact. The transaction that applies a status only marks
//! its inquiry (`inquiries.outcome_mail_due`, set by the `inquiries_outcome_mail` trigger on
//! every path that changes a status); the job worker turns marked inquiries into messages and
//! their jobs here, a batch at a time. The mark is durable with the status, so nothing is lost,
//! and the webhook path no longer writes the outbox's rows and seven index entries per event
//! (issue 18). The mark is the time of the oldest outcome not yet queued; an inquiry whose
//! outcome changes again before the worker gets to it is told only its newest outcome.

use super::Mails;
use crate::domain::MailKind;
use crate::store::db::Engine;
use anyhow::Context;

/// The message an inquiry `i`'s status sends, in SQL (NULL for a status that sends none), and
/// the statuses that send one, as `MailKind::outcome_status` names them.
fn outcome_sql() -> (String, String) {
    let outcomes: Vec<(String, &str)> = MailKind::ALL
        .iter()
        .filter_map(|kind| Some((kind.outcome_status()?.as_str().to_owned(), kind.as_str())))
        .collect();
    let whens: String = outcomes
        .iter()
        .map(|(status, kind)| format!("WHEN '{status}' THEN '{kind}' "))
        .collect();
    let statuses: Vec<String> = outcomes.iter().map(|(s, _)| format!("'{s}'")).collect();
    (
        format!("CASE i.status {whens}END"),
        format!("({})", statuses.join(", ")),
    )
}

/// What one call queued.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutcomesQueued {
    /// Marked inquiries taken, and their marks cleared.
    pub inquiries: u64,
    /// Messages queued for them: fewer when an outcome was mailed before or its walker is
    /// being erased.
    pub messages: u64,
}

impl Mails<'_> {
    /// Queues the messages for up to `limit` inquiries marked at `due_by` or before, oldest
    /// mark first, and clears their marks. At most one message per outcome per inquiry (the
    /// `mails_one_per_outcome` index), none to a walker who is being erased.
    pub async fn queue_due_outcomes(
        self,
        limit: i64,
        due_by: i64,
    ) -> anyhow::Result<OutcomesQueued> {
        // Most calls find nothing: ask a reader before taking the write lock.
        let any: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM inquiries WHERE outcome_mail_due <= $1 LIMIT 1")
                .bind(due_by)
                .fetch_optional(&self.db.pool)
                .await
                .context("looking for outcomes to mail")?;
        if any.is_none() {
            return Ok(OutcomesQueued::default());
        }
        match self.db.engine {
            Engine::Sqlite => self.queue_due_outcomes_sqlite(limit, due_by).await,
            Engine::Postgres => self.queue_due_outcomes_postgres(limit, due_by).await,
        }
    }

    /// SQLite's write transactions take turns, so the batch is every mark up to a cutoff, read
    /// and acted on in one transaction.
    async fn queue_due_outcomes_sqlite(
        self,
        limit: i64,
        due_by: i64,
    ) -> anyhow::Result<OutcomesQueued> {
        let mut tx = self.db.begin_write().await?;
        let cutoff: Option<i64> = sqlx::query_scalar(
            "SELECT max(outcome_mail_due) FROM (SELECT outcome_mail_due FROM inquiries \
             WHERE outcome_mail_due <= $1 ORDER BY outcome_mail_due LIMIT $2)",
        )
        .bind(due_by)
        .bind(limit)
        .fetch_one(&mut *tx)
        .await
        .context("reading the outcomes to mail")?;
        let Some(cutoff) = cutoff else {
            return Ok(OutcomesQueued::default());
        };
        let (kind, outcomes) = outcome_sql();
        // Ids as `MailId::generate` and `JobId::generate` make them, stamped with the time of
        // the outcome: new rows go to the end of their indexes.
        let messages = sqlx::query(&format!(
            "INSERT OR IGNORE INTO mails (id, walker_id, inquiry_id, kind, state, created_at, \
             updated_at) \
             SELECT 'mail_' || printf('%012x', i.outcome_mail_due) || lower(hex(randomblob(10))), \
                    w.id, i.id, {kind}, 'queued', i.outcome_mail_due, i.outcome_mail_due \
             FROM inquiries i JOIN walkers w ON w.id = i.walker_id \
             WHERE i.outcome_mail_due <= $1 AND i.status IN {outcomes} \
               AND w.erasure_requested_at IS NULL AND w.erased_at IS NULL \
             ORDER BY i.outcome_mail_due"
        ))
        .bind(cutoff)
        .execute(&mut *tx)
        .await
        .context("queueing outcome messages")?
        .rows_affected();
        sqlx::query(&format!(
            "INSERT INTO jobs (id, kind, walker_id, mail_id, idempotency_key, state, attempts, \
             run_at, created_at, updated_at) \
             SELECT 'job_' || printf('%012x', m.created_at) || lower(hex(randomblob(10))), \
                    'send_mail', m.walker_id, m.id, m.id, 'queued', 0, m.created_at, \
                    m.created_at, m.created_at \
             FROM inquiries i JOIN mails m ON m.inquiry_id = i.id AND m.kind = {kind} \
             WHERE i.outcome_mail_due <= $1 \
               AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.mail_id = m.id) \
             ORDER BY m.created_at"
        ))
        .bind(cutoff)
        .execute(&mut *tx)
        .await
        .context("queueing outcome messages' jobs")?;
        let inquiries = sqlx::query(
            "UPDATE inquiries SET outcome_mail_due = NULL WHERE outcome_mail_due <= $1",
        )
        .bind(cutoff)
        .execute(&mut *tx)
        .await
        .context("clearing mailed outcomes")?
        .rows_affected();
        tx.commit().await.context("committing outcome messages")?;
        Ok(OutcomesQueued {
            inquiries,
            messages,
        })
    }

    /// On PostgreSQL several instances' workers may run at once, and webhooks keep marking
    /// inquiries meanwhile: one statement locks the batch it takes (skipping rows another
    /// transaction holds), queues, and clears exactly those marks.
    async fn queue_due_outcomes_postgres(
        self,
        limit: i64,
        due_by: i64,
    ) -> anyhow::Result<OutcomesQueued> {
        let (kind, outcomes) = outcome_sql();
        let (inquiries, messages): (i64, i64) = sqlx::query_as(&format!(
            "WITH i AS ( \
                 SELECT id, walker_id, status, outcome_mail_due FROM inquiries \
                 WHERE outcome_mail_due <= $2 ORDER BY outcome_mail_due LIMIT $1 \
                 FOR UPDATE SKIP LOCKED \
             ), queued AS ( \
                 INSERT INTO mails (id, walker_id, inquiry_id, kind, state, created_at, updated_at) \
                 SELECT 'mail_' || lpad(to_hex(i.outcome_mail_due), 12, '0') \
                            || left(replace(gen_random_uuid()::text, '-', ''), 20), \
                        w.id, i.id, {kind}, 'queued', i.outcome_mail_due, i.outcome_mail_due \
                 FROM i JOIN walkers w ON w.id = i.walker_id \
                 WHERE i.status IN {outcomes} \
                   AND w.erasure_requested_at IS NULL AND w.erased_at IS NULL \
                 ORDER BY i.id \
                 ON CONFLICT (inquiry_id, kind) WHERE inquiry_id IS NOT NULL DO NOTHING \
                 RETURNING id, walker_id, created_at \
             ), jobs_queued AS ( \
                 INSERT INTO jobs (id, kind, walker_id, mail_id, idempotency_key, state, \
                                   attempts, run_at, created_at, updated_at) \
                 SELECT 'job_' || lpad(to_hex(created_at), 12, '0') \
                            || left(replace(gen_random_uuid()::text, '-', ''), 20), \
                        'send_mail', walker_id, id, id, 'queued', 0, created_at, created_at, \
                        created_at \
                 FROM queued RETURNING 1 \
             ), cleared AS ( \
                 UPDATE inquiries SET outcome_mail_due = NULL FROM i WHERE inquiries.id = i.id \
                 RETURNING 1 \
             ) \
             SELECT (SELECT count(*) FROM cleared), (SELECT count(*) FROM jobs_queued)"
        ))
        .bind(limit)
        .bind(due_by)
        .fetch_one(self.db.writes())
        .await
        .context("queueing outcome messages")?;
        Ok(OutcomesQueued {
            inquiries: inquiries.unsigned_abs(),
            messages: messages.unsigned_abs(),
        })
    }
}
