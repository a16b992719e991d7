//! Durable jobs with leases. A job is claimed by one worker at a time: the claim is a single
//! conditional UPDATE (with `FOR UPDATE SKIP LOCKED` on PostgreSQL, where several instances may
//! share the queue), and finishing requires still holding the lease.

use super::{now_ms, Db, Engine};
use anyhow::Context;

pub const KIND_CREATE_INQUIRY: &str = "create_inquiry";
pub const KIND_ERASE_WALKER: &str = "erase_walker";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct JobRecord {
    pub id: String,
    pub kind: String,
    pub walker_id: String,
    pub idempotency_key: String,
    pub state: String,
    pub attempts: i64,
    pub run_at: i64,
    pub last_error: Option<String>,
    /// Set while a worker holds the job.
    pub lease_until: Option<i64>,
}

impl JobRecord {
    /// Whether some worker is running this job right now.
    pub fn is_running(&self, now: i64) -> bool {
        self.state == "queued" && self.lease_until.is_some_and(|until| until >= now)
    }
}

const JOB_COLUMNS: &str =
    "id, kind, walker_id, idempotency_key, state, attempts, run_at, last_error, lease_until";

/// A worker's hold on a job: who, and for how long (ms) from now.
#[derive(Clone, Copy, Debug)]
pub struct Lease<'a> {
    pub owner: &'a str,
    pub ms: i64,
}

/// How an attempt ended, as recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptOutcome {
    Done,
    /// Failed in a way that may pass later; runs again at the given time.
    Retry {
        run_at: i64,
    },
    /// Failed for good, or too often: an operator must look.
    Dead,
}

impl Db {
    /// Queues a job; `executor` lets the caller do it inside its own transaction.
    pub async fn enqueue_job<'c, E>(
        executor: E,
        kind: &str,
        walker_id: &str,
    ) -> anyhow::Result<String>
    where
        E: sqlx::Executor<'c, Database = sqlx::Any>,
    {
        Ok(Db::insert_job(executor, kind, walker_id, None).await?.id)
    }

    /// Queues a job already claimed by `lease.owner`, who runs it at once: claiming it as it is
    /// queued saves the claim's own write. If the owner dies, the lease runs out and any worker
    /// takes the job over, as with every claim.
    pub async fn enqueue_claimed_job<'c, E>(
        executor: E,
        kind: &str,
        walker_id: &str,
        lease: Lease<'_>,
    ) -> anyhow::Result<JobRecord>
    where
        E: sqlx::Executor<'c, Database = sqlx::Any>,
    {
        Db::insert_job(executor, kind, walker_id, Some(lease)).await
    }

    async fn insert_job<'c, E>(
        executor: E,
        kind: &str,
        walker_id: &str,
        lease: Option<Lease<'_>>,
    ) -> anyhow::Result<JobRecord>
    where
        E: sqlx::Executor<'c, Database = sqlx::Any>,
    {
        let id = format!("job_{}", uuid::Uuid::new_v4().simple());
        let now = now_ms();
        sqlx::query_as(&format!(
            "INSERT INTO jobs (id, kind, walker_id, idempotency_key, state, attempts, run_at, \
             created_at, updated_at, lease_owner, lease_until) \
             VALUES ($1, $2, $3, $4, 'queued', $5, $6, $6, $6, $7, $8) RETURNING {JOB_COLUMNS}"
        ))
        .bind(&id)
        .bind(kind)
        .bind(walker_id)
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(i64::from(lease.is_some()))
        .bind(now)
        .bind(lease.map(|l| l.owner))
        .bind(lease.map(|l| now + l.ms))
        .fetch_one(executor)
        .await
        .context("queueing a job")
    }

    /// Claims the next due job, or the given one if it is still free, under `lease`.
    pub async fn claim_job(
        &self,
        only: Option<&str>,
        lease: Lease<'_>,
    ) -> anyhow::Result<Option<JobRecord>> {
        let now = now_ms();
        let free = "state = 'queued' AND (lease_until IS NULL OR lease_until < $3)";
        let target = match (only, self.engine) {
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
            .fetch_optional(&self.pool)
            .await
            .context("claiming a job")
    }

    /// Records how an attempt ended and releases the lease. Returns false if the lease was lost
    /// (it expired and another worker took the job), in which case nothing is changed.
    pub async fn finish_attempt(
        &self,
        job: &JobRecord,
        owner: &str,
        started_at: i64,
        outcome: AttemptOutcome,
        error: Option<&str>,
    ) -> anyhow::Result<bool> {
        let now = now_ms();
        let (state, run_at, label) = match outcome {
            AttemptOutcome::Done => ("done", job.run_at, "done"),
            AttemptOutcome::Retry { run_at } => ("queued", run_at, "retry"),
            AttemptOutcome::Dead => ("dead", job.run_at, "dead"),
        };
        let mut tx = self.begin_write().await?;
        let held = sqlx::query(
            "UPDATE jobs SET state = $1, run_at = $2, last_error = $3, lease_owner = NULL, \
             lease_until = NULL, updated_at = $4 WHERE id = $5 AND lease_owner = $6",
        )
        .bind(state)
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
        .bind(label)
        .bind(error)
        .execute(&mut *tx)
        .await
        .context("recording a job attempt")?;
        tx.commit().await.context("committing a job attempt")?;
        Ok(true)
    }

    /// Puts the walker's dead job of this kind back in the queue with fresh attempts (an
    /// operator retrying it). False if there is none.
    pub async fn requeue_dead_job(&self, walker_id: &str, kind: &str) -> anyhow::Result<bool> {
        let now = now_ms();
        let requeued = sqlx::query(
            "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $1, last_error = NULL, \
             updated_at = $1 WHERE walker_id = $2 AND kind = $3 AND state = 'dead'",
        )
        .bind(now)
        .bind(walker_id)
        .bind(kind)
        .execute(&self.pool)
        .await
        .context("requeueing a job")?;
        Ok(requeued.rows_affected() > 0)
    }

    pub async fn job_by_id(&self, id: &str) -> anyhow::Result<Option<JobRecord>> {
        sqlx::query_as(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .context("looking up a job")
    }

    /// The walker's newest job of a kind, whatever its state.
    pub async fn latest_job(
        &self,
        walker_id: &str,
        kind: &str,
    ) -> anyhow::Result<Option<JobRecord>> {
        sqlx::query_as(&format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE walker_id = $1 AND kind = $2 \
             ORDER BY created_at DESC, id DESC LIMIT 1"
        ))
        .bind(walker_id)
        .bind(kind)
        .fetch_optional(&self.pool)
        .await
        .context("looking up a walker's job")
    }
}
