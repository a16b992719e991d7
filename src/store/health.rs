//! What operators watch, read straight from the tables: how far the job queue is behind, how
//! many walkers are in each status (the kept counts), the mail outbox and the outcome messages
//! owed to it, the statuses the walker list has yet to copy, the pool, and whether every
//! migration this build knows has been applied.

use super::db::{now_ms, Db};
use anyhow::Context;

/// One reading of the numbers that live in the database rather than in counters.
#[derive(Clone, Debug, Default)]
pub struct Sample {
    /// `(kind, runnable now, age of the oldest runnable in ms)`.
    pub runnable_jobs: Vec<(String, i64, i64)>,
    /// `(kind, jobs given up on)`.
    pub dead_jobs: Vec<(String, i64)>,
    /// `(status, walkers)`, from the kept counts.
    pub walkers: Vec<(String, i64)>,
    /// `(state, messages)` in the outbox.
    pub mails: Vec<(String, i64)>,
    /// Inquiries marked for an outcome message the job worker has not queued yet, and how
    /// long ago the oldest was marked, in ms.
    pub outcome_mails_owed: (i64, i64),
    /// Inquiries whose status the walker list has not copied yet (see
    /// `Inquiries::copy_marked_to_walkers`), and how long ago the oldest was marked, in ms.
    pub walker_list_owed: (i64, i64),
    pub pool_in_use: u32,
    pub pool_size: u32,
}

/// Reads for health checks and metrics.
#[derive(Clone, Copy, Debug)]
pub struct Health<'a> {
    db: &'a Db,
}

impl<'a> Health<'a> {
    pub(super) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Migrations this build carries that the database has not applied (another instance of
    /// an older build may have migrated it, or a migration failed halfway).
    pub async fn pending_migrations(self) -> anyhow::Result<usize> {
        self.db.pending_migrations().await
    }

    pub async fn sample(self) -> anyhow::Result<Sample> {
        let now = now_ms();
        let pool = &self.db.pool;
        let runnable: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT kind, COUNT(*), CAST($1 - MIN(run_at) AS BIGINT) FROM jobs \
             WHERE state = 'queued' AND run_at <= $1 GROUP BY kind",
        )
        .bind(now)
        .fetch_all(pool)
        .await
        .context("counting runnable jobs")?;
        let dead: Vec<(String, i64)> =
            sqlx::query_as("SELECT kind, COUNT(*) FROM jobs WHERE state = 'dead' GROUP BY kind")
                .fetch_all(pool)
                .await
                .context("counting dead jobs")?;
        let walkers: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, CAST(SUM(n) AS BIGINT) FROM walker_status_counts GROUP BY status",
        )
        .fetch_all(pool)
        .await
        .context("reading the kept status counts")?;
        let mails: Vec<(String, i64)> =
            sqlx::query_as("SELECT state, COUNT(*) FROM mails GROUP BY state")
                .fetch_all(pool)
                .await
                .context("counting the outbox")?;
        let owed: (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), CAST($1 - MIN(outcome_mail_due) AS BIGINT) FROM inquiries \
             WHERE outcome_mail_due IS NOT NULL",
        )
        .bind(now)
        .fetch_one(pool)
        .await
        .context("counting outcome messages owed")?;
        let list_owed: (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), CAST($1 - MIN(walker_list_due) AS BIGINT) FROM inquiries \
             WHERE walker_list_due IS NOT NULL",
        )
        .bind(now)
        .fetch_one(pool)
        .await
        .context("counting statuses the walker list owes")?;
        let size = pool.size();
        Ok(Sample {
            runnable_jobs: runnable,
            dead_jobs: dead,
            walkers,
            mails,
            outcome_mails_owed: (owed.0, owed.1.unwrap_or(0)),
            walker_list_owed: (list_owed.0, list_owed.1.unwrap_or(0)),
            pool_in_use: size.saturating_sub(pool.num_idle() as u32),
            pool_size: size,
        })
    }
}
