//! Putting a job in the queue, inside whatever transaction the caller holds: a signup stores
//! its walker and their job together, an erasure request its mark and its job.

use super::record::{JobRecord, Lease, JOB_COLUMNS};
use crate::domain::{JobId, JobKind, MailId, RequestId, WalkerId};
use crate::store::db::now_ms;
use anyhow::Context;

/// Queues a job, claimed under `lease` when the caller runs it at once: claiming it as it is
/// queued saves the claim's own write. If the owner dies, the lease runs out and any worker
/// takes the job over, as with every claim.
pub(in crate::store) async fn insert<'c, E>(
    executor: E,
    kind: JobKind,
    walker_id: &WalkerId,
    lease: Option<Lease<'_>>,
) -> anyhow::Result<JobRecord>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let key = uuid::Uuid::new_v4().to_string();
    insert_row(executor, kind, walker_id, None, &key, lease).await
}

/// Queues the job that sends one message from the outbox, in the caller's transaction. The
/// message's id is the job's idempotency key: it names the one message the job may send.
pub(in crate::store) async fn insert_for_mail<'c, E>(
    executor: E,
    walker_id: &WalkerId,
    mail_id: &MailId,
) -> anyhow::Result<()>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let kind = JobKind::SendMail;
    insert_row(
        executor,
        kind,
        walker_id,
        Some(mail_id),
        mail_id.as_str(),
        None,
    )
    .await
    .map(drop)
}

async fn insert_row<'c, E>(
    executor: E,
    kind: JobKind,
    walker_id: &WalkerId,
    mail_id: Option<&MailId>,
    idempotency_key: &str,
    lease: Option<Lease<'_>>,
) -> anyhow::Result<JobRecord>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let now = now_ms();
    sqlx::query_as(&format!(
        "INSERT INTO jobs (id, kind, walker_id, mail_id, idempotency_key, state, attempts, \
         run_at, created_at, updated_at, lease_owner, lease_until, request_id) \
         VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $7, $7, $8, $9, $10) \
         RETURNING {JOB_COLUMNS}"
    ))
    .bind(JobId::generate())
    .bind(kind.as_str())
    .bind(walker_id)
    .bind(mail_id)
    .bind(idempotency_key)
    .bind(i64::from(lease.is_some()))
    .bind(now)
    .bind(lease.map(|l| l.owner))
    .bind(lease.map(|l| now + l.ms))
    // Whichever request is queueing it, so the job's log lines can be found with its own.
    .bind(RequestId::current())
    .fetch_one(executor)
    .await
    .context("queueing a job")
}
