//! Durable jobs with leases. A job is claimed by one worker at a time: the claim is a single
//! conditional UPDATE (with `FOR UPDATE SKIP LOCKED` on PostgreSQL, where several instances may
//! share the queue), and finishing requires still holding the lease.

mod queue;
mod record;

pub(super) use queue::{insert, insert_for_mail};
pub use record::{AttemptOutcome, JobAttemptRecord, JobRecord, Lease};

use super::db::{now_ms, Db, Engine};
use crate::domain::{AttemptResult, JobId, JobKind, JobState, VerificationStatus, WalkerId};
use anyhow::Context;
use record::JOB_COLUMNS;

/// The job queue and its history.
#[derive(Clone, Copy, Debug)]
pub struct Jobs<'a> {
    db: &'a Db,
}

impl<'a> Jobs<'a> {
    pub(super) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Queues a job already claimed by `lease.owner`, who runs it at once (see [`insert`]).
    pub async fn enqueue_claimed(
        self,
        kind: JobKind,
        walker_id: &WalkerId,
        lease: Lease<'_>,
    ) -> anyhow::Result<JobRecord> {
        insert(self.db.writes(), kind, walker_id, Some(lease)).await
    }

    /// Queues (claimed) the job for the walker's next inquiry, but only if their current
    /// inquiry still has the status the caller decided from (`seen`) and no create job is
    /// already queued: of concurrent requests for a new attempt, exactly one gets the job,
    /// like a signup. `None` for the others.
    pub async fn enqueue_new_attempt(
        self,
        walker_id: &WalkerId,
        seen: &VerificationStatus,
        lease: Lease<'_>,
    ) -> anyhow::Result<Option<JobRecord>> {
        let mut tx = self.db.begin_write().await?;
        self.db.lock_walker(&mut tx, walker_id).await?;
        let still: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM walkers w JOIN inquiries i ON i.id = w.current_inquiry_id \
             WHERE w.id = $1 AND i.status = $2 AND NOT EXISTS (SELECT 1 FROM jobs j \
             WHERE j.walker_id = w.id AND j.kind = $3 AND j.state = 'queued')",
        )
        .bind(walker_id)
        .bind(seen.as_str())
        .bind(JobKind::CreateInquiry.as_str())
        .fetch_optional(&mut *tx)
        .await
        .context("checking a new attempt is still due")?;
        if still.is_none() {
            return Ok(None);
        }
        let job = insert(&mut *tx, JobKind::CreateInquiry, walker_id, Some(lease)).await?;
        tx.commit().await.context("committing a new attempt")?;
        Ok(Some(job))
    }

    /// Claims the next due job, or the given one if it is still free, under `lease`.
    pub async fn claim(
        self,
        only: Option<&JobId>,
        lease: Lease<'_>,
    ) -> anyhow::Result<Option<JobRecord>> {
        let now = now_ms();
        let free = "state = 'queued' AND (lease_until IS NULL OR lease_until < $3)";
        let target = match (only, self.db.engine) {
            (Some(_), _) => format!("id = $4 AND {free}"),
            (None, Engine::Postgres) => format!(
                "id = (SELECT id FROM jobs WHERE {free} AND run_at <= $3 \
                 ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
            ),
            // SQLite runs one writer at a time, so the sub-select and update are already atomic.
            (None, Engine::Sqlite) => format!(
                "id = (SELECT id FROM jobs WHERE {free} AND run_at <= $3 ORDER BY run_at LIMIT 1)"
            ),
        };
        let sql = format!(
            "UPDATE jobs SET lease_owner = $1, lease_until = $2, attempts = attempts + 1, \
             updated_at = $3 WHERE {target} RETURNING {JOB_COLUMNS}"
        );
        let mut query = sqlx::query_as(&sql)
            .bind(lease.owner)
            .bind(now + lease.ms)
            .bind(now);
        if let Some(id) = only {
            query = query.bind(id);
        }
        query
            .fetch_optional(self.db.writes())
            .await
            .context("claiming a job")
    }

    /// Records how an attempt ended and releases the lease. Returns false if the lease was lost
    /// (it expired and another worker took the job), in which case nothing is changed.
    pub async fn finish_attempt(
        self,
        job: &JobRecord,
        owner: &str,
        started_at: i64,
        outcome: AttemptOutcome,
        error: Option<&str>,
    ) -> anyhow::Result<bool> {
        let now = now_ms();
        let (state, run_at, result) = match outcome {
            AttemptOutcome::Done => (JobState::Done, job.run_at, AttemptResult::Done),
            AttemptOutcome::Retry { run_at } => (JobState::Queued, run_at, AttemptResult::Retry),
            AttemptOutcome::Dead => (JobState::Dead, job.run_at, AttemptResult::Dead),
        };
        let mut tx = self.db.begin_write().await?;
        let held = sqlx::query(
            "UPDATE jobs SET state = $1, run_at = $2, last_error = $3, lease_owner = NULL, \
             lease_until = NULL, updated_at = $4 WHERE id = $5 AND lease_owner = $6",
        )
        .bind(state.as_str())
        .bind(run_at)
        .bind(error)
        .bind(now)
        .bind(&job.id)
        .bind(owner)
        .execute(&mut *tx)
        .await
        .context("finishing a job")?
        .rows_affected()
            == 1;
        if !held {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, \
             error) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&job.id)
        .bind(job.attempts)
        .bind(owner)
        .bind(started_at)
        .bind(now)
        .bind(result.as_str())
        .bind(error)
        .execute(&mut *tx)
        .await
        .context("recording a job attempt")?;
        tx.commit().await.context("committing a job attempt")?;
        Ok(true)
    }

    /// Puts the walker's dead job of this kind back in the queue with fresh attempts (an
    /// operator retrying it). False if there is none.
    pub async fn requeue_dead(self, walker_id: &WalkerId, kind: JobKind) -> anyhow::Result<bool> {
        let now = now_ms();
        let requeued = sqlx::query(
            "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $1, last_error = NULL, \
             updated_at = $1 WHERE walker_id = $2 AND kind = $3 AND state = 'dead'",
        )
        .bind(now)
        .bind(walker_id)
        .bind(kind.as_str())
        .execute(self.db.writes())
        .await
        .context("requeueing a job")?;
        Ok(requeued.rows_affected() > 0)
    }

    /// Releases every lease `owner` still holds on unfinished jobs, so any worker may take them
    /// now: an instance shutting down hands its jobs back instead of sitting on them until the
    /// leases run out. Returns how many.
    pub async fn release_leases(self, owner: &str) -> anyhow::Result<u64> {
        let released = sqlx::query(
            "UPDATE jobs SET lease_owner = NULL, lease_until = NULL, updated_at = $2 \
             WHERE lease_owner = $1 AND state = 'queued'",
        )
        .bind(owner)
        .bind(now_ms())
        .execute(self.db.writes())
        .await
        .context("releasing a worker's leases")?;
        Ok(released.rows_affected())
    }

    /// Gives the job a new idempotency key and returns it: for a create whose failure Persona
    /// keeps replaying under the old one (checked first that no inquiry was made).
    pub async fn renew_idempotency_key(self, id: &JobId) -> anyhow::Result<String> {
        let key = uuid::Uuid::new_v4().to_string();
        sqlx::query("UPDATE jobs SET idempotency_key = $1, updated_at = $2 WHERE id = $3")
            .bind(&key)
            .bind(now_ms())
            .bind(id)
            .execute(self.db.writes())
            .await
            .context("renewing a job's idempotency key")?;
        Ok(key)
    }

    pub async fn by_id(self, id: &JobId) -> anyhow::Result<Option<JobRecord>> {
        sqlx::query_as(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.db.pool)
            .await
            .context("looking up a job")
    }

    /// The walker's newest job of a kind, whatever its state.
    pub async fn latest(
        self,
        walker_id: &WalkerId,
        kind: JobKind,
    ) -> anyhow::Result<Option<JobRecord>> {
        sqlx::query_as(&format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE walker_id = $1 AND kind = $2 \
             ORDER BY created_at DESC, id DESC LIMIT 1"
        ))
        .bind(walker_id)
        .bind(kind.as_str())
        .fetch_optional(&self.db.pool)
        .await
        .context("looking up a walker's job")
    }

    /// Every attempt at the walker's jobs, newest first.
    pub async fn attempts_for_walker(
        self,
        walker_id: &WalkerId,
    ) -> anyhow::Result<Vec<JobAttemptRecord>> {
        sqlx::query_as(
            "SELECT j.kind, a.attempt, a.started_at, a.finished_at, a.outcome, a.error \
             FROM job_attempts a JOIN jobs j ON j.id = a.job_id WHERE j.walker_id = $1 \
             ORDER BY a.started_at DESC, a.attempt DESC LIMIT 200",
        )
        .bind(walker_id)
        .fetch_all(&self.db.pool)
        .await
        .context("listing a walker's job attempts")
    }
}
