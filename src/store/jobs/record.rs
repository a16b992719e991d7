//! What the jobs store reads and writes: a job, one attempt at it, and a worker's lease.

use crate::domain::{AttemptResult, JobId, JobKind, JobState, MailId, RequestId, WalkerId};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct JobRecord {
    pub id: JobId,
    pub kind: JobKind,
    pub walker_id: WalkerId,
    /// The message a `send_mail` job sends.
    pub mail_id: Option<MailId>,
    pub idempotency_key: String,
    pub state: JobState,
    pub attempts: i64,
    pub run_at: i64,
    pub last_error: Option<String>,
    /// Set while a worker holds the job.
    pub lease_until: Option<i64>,
    /// The request that queued the job (none for the worker's own, and older jobs).
    pub request_id: Option<RequestId>,
    /// When the job was queued (ms since the epoch).
    pub created_at: i64,
}

impl JobRecord {
    /// Whether some worker is running this job right now.
    pub fn is_running(&self, now: i64) -> bool {
        self.state == JobState::Queued && self.lease_until.is_some_and(|until| until >= now)
    }
}

pub(super) const JOB_COLUMNS: &str = "id, kind, walker_id, mail_id, idempotency_key, state, \
    attempts, run_at, last_error, lease_until, request_id, created_at";

/// One attempt at one of the walker's background jobs (creating their inquiry, …).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct JobAttemptRecord {
    pub kind: JobKind,
    pub attempt: i64,
    pub started_at: i64,
    pub finished_at: i64,
    pub outcome: AttemptResult,
    pub error: Option<String>,
}

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
