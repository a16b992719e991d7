//! Running durable jobs: at once after a signup, and by a background worker that picks up
//! whatever is due (retries, and jobs left behind by a restart).

use super::service::Onboarding;
use crate::domain::{JobId, JobKind, JobState};
use crate::store::{now_ms, AttemptOutcome, JobRecord, Lease};
use rand::Rng;
use std::time::Duration;
use tracing::Instrument;

/// How long a claimed job is ours before another worker may take it over, unless
/// `JOB_LEASE_SECONDS` says otherwise. Longer than the Persona client's worst case (attempts ×
/// timeout), so a slow attempt is never run twice.
pub const LEASE: Duration = Duration::from_secs(120);
/// After this many failed attempts a job needs an operator.
pub const MAX_ATTEMPTS: i64 = 12;

/// Exponential backoff with jitter: about 2 s, 4 s, 8 s … capped at 10 minutes.
fn retry_delay(attempts: i64) -> Duration {
    let base = 2u64.saturating_pow(attempts.clamp(1, 20) as u32).min(600);
    let jitter = rand::thread_rng().gen_range(0..=base * 250);
    Duration::from_millis(base * 1000 + jitter)
}

impl Onboarding {
    /// Runs one claimed job to its outcome and records it, in a span naming the job and the
    /// request that queued it (ids only: a job's log lines are found with its request's).
    pub async fn run_job(&self, job: JobRecord) -> anyhow::Result<AttemptOutcome> {
        let span = tracing::info_span!(
            "job",
            job_id = %job.id,
            kind = job.kind.as_str(),
            attempt = job.attempts,
            request_id = job.request_id.as_ref().map_or("-", |id| id.as_str()),
        );
        self.attempt(job).instrument(span).await
    }

    async fn attempt(&self, job: JobRecord) -> anyhow::Result<AttemptOutcome> {
        let started_at = now_ms();
        let result = match job.kind {
            JobKind::CreateInquiry => self.create_inquiry_for_job(&job).await,
            JobKind::EraseWalker => self.erase_for_job(&job).await,
            JobKind::SendMail => self.send_mail_for_job(&job).await,
        };
        let kind = job.kind.as_str();
        let (outcome, error) = match result {
            Ok(()) => (AttemptOutcome::Done, None),
            Err(error) => {
                let outcome = if error.is_transient() && job.attempts < MAX_ATTEMPTS {
                    let delay = retry_delay(job.attempts);
                    AttemptOutcome::Retry {
                        run_at: now_ms() + delay.as_millis() as i64,
                    }
                } else {
                    AttemptOutcome::Dead
                };
                // With its causes (the SMTP server's code, Persona's status), for operators.
                let error = format!("{:#}", anyhow::Error::from(error));
                tracing::warn!(?outcome, error, "job failed");
                if outcome == AttemptOutcome::Dead {
                    self.give_up_on_mail(&job).await?;
                }
                (outcome, Some(error))
            }
        };
        let counted = match outcome {
            AttemptOutcome::Done => "done",
            AttemptOutcome::Retry { .. } => "retry",
            AttemptOutcome::Dead => "dead",
        };
        metrics::counter!("pawpass_job_attempts_total", "kind" => kind, "outcome" => counted)
            .increment(1);
        tracing::info!(outcome = counted, "job attempt finished");
        let held = self
            .store
            .jobs()
            .finish_attempt(
                &job,
                &self.worker.name,
                started_at,
                outcome,
                error.as_deref(),
            )
            .await?;
        if !held {
            tracing::warn!("job lease expired before the attempt finished");
        }
        Ok(outcome)
    }

    /// Catches up with the webhooks (queues the outcome messages that are due and copies owed
    /// statuses to the walker list), then claims and runs every job that is due now. A long
    /// backlog of jobs does not hold new outcomes back: they are queued again at most every
    /// second, and take their turn by time like every job.
    pub async fn run_due_jobs(&self) {
        let mut catch_up_at = tokio::time::Instant::now();
        loop {
            self.worker.beat();
            if tokio::time::Instant::now() >= catch_up_at {
                catch_up_at = tokio::time::Instant::now() + CATCH_UP_EVERY;
                self.queue_outcome_mails().await;
                self.copy_walker_list().await;
            }
            match self.store.jobs().claim(None, self.lease()).await {
                Ok(Some(job)) => {
                    if let Err(error) = self.run_job(job).await {
                        tracing::error!(error = format!("{error:#}"), "recording a job");
                    }
                }
                Ok(None) => break,
                Err(error) => {
                    tracing::error!(error = format!("{error:#}"), "claiming a job");
                    break;
                }
            }
        }
    }

    /// Runs every due job, then waits for the bell or a second, forever.
    pub async fn work_forever(self) {
        // The name its leases carry (`jobs.lease_owner`): which instance holds a job.
        tracing::info!(worker = %self.worker.name, "job worker started");
        loop {
            self.run_due_jobs().await;
            let _ = tokio::time::timeout(Duration::from_secs(1), self.worker.rung()).await;
        }
    }

    /// Hands every job this worker holds back to the queue (at shutdown: its attempts were
    /// stopped with the process, and another instance should not wait for the leases to end).
    pub async fn hand_back_jobs(&self) {
        match self.store.jobs().release_leases(&self.worker.name).await {
            Ok(0) => {}
            Ok(released) => tracing::info!(released, "handed unfinished jobs back to the queue"),
            Err(error) => tracing::warn!(error = format!("{error:#}"), "handing jobs back"),
        }
    }

    /// This worker's hold on a job it claims.
    pub(super) fn lease(&self) -> Lease<'_> {
        Lease {
            owner: &self.worker.name,
            ms: self.worker.lease.as_millis() as i64,
        }
    }

    /// Runs this job now, waiting at most `wait_for_inquiry` for it (see [`Self::run_claimed_job`]). If
    /// another worker already holds the job (the background worker can claim a queued job
    /// first), waits for that worker's outcome instead.
    pub async fn run_job_now(
        &self,
        job_id: &JobId,
        wait_for_inquiry: Duration,
    ) -> Option<AttemptOutcome> {
        let deadline = tokio::time::Instant::now() + wait_for_inquiry;
        match self.store.jobs().claim(Some(job_id), self.lease()).await {
            Ok(Some(job)) => self.run_claimed_job(job, deadline).await,
            Ok(None) => self.outcome_of_running_job(job_id, deadline).await,
            Err(error) => {
                tracing::error!(error = format!("{error:#}"), "claiming a job");
                None
            }
        }
    }

    /// Runs a job this worker holds in its own task, waiting for it until `deadline`: the
    /// walker should not stare at a spinner because Persona is slow, and the task carries on
    /// after we stop waiting. `None` when it did not finish in time.
    pub(super) async fn run_claimed_job(
        &self,
        job: JobRecord,
        deadline: tokio::time::Instant,
    ) -> Option<AttemptOutcome> {
        let this = self.clone();
        let task = tokio::spawn(async move { this.run_job(job).await });
        match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(Ok(outcome))) => Some(outcome),
            Ok(Ok(Err(error))) => {
                tracing::error!(error = format!("{error:#}"), "recording a job");
                None
            }
            Ok(Err(_)) | Err(_) => None,
        }
    }

    /// Polls a job another worker holds until it finishes or the deadline passes.
    async fn outcome_of_running_job(
        &self,
        job_id: &JobId,
        deadline: tokio::time::Instant,
    ) -> Option<AttemptOutcome> {
        loop {
            let job = match self.store.jobs().by_id(job_id).await {
                Ok(Some(job)) => job,
                Ok(None) => return None,
                Err(error) => {
                    tracing::error!(error = format!("{error:#}"), "reading a job");
                    return None;
                }
            };
            match job.state {
                JobState::Done => return Some(AttemptOutcome::Done),
                JobState::Dead => return Some(AttemptOutcome::Dead),
                _ if !job.is_running(now_ms()) => {
                    return Some(AttemptOutcome::Retry { run_at: job.run_at })
                }
                _ => {}
            }
            if tokio::time::Instant::now() + POLL > deadline {
                return None;
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

/// How often a worker busy with a backlog of jobs stops to catch up with the webhooks.
const CATCH_UP_EVERY: Duration = Duration::from_secs(1);

/// How long the work that follows an applied status (its outcome's message, its copy in the
/// walker list) may wait while webhooks arrive faster than one commit at a time.
pub const WEBHOOK_PATIENCE: Duration = Duration::from_secs(30);

impl Onboarding {
    /// The newest mark (ms) the catch-up takes now: every one, unless webhooks are arriving
    /// faster than one commit at a time, when only those older than [`WEBHOOK_PATIENCE`].
    pub(super) fn patience_cutoff(&self) -> i64 {
        if self.store.webhook_writer().pressed() {
            now_ms() - WEBHOOK_PATIENCE.as_millis() as i64
        } else {
            i64::MAX
        }
    }
}

/// How often a request checks on a job another worker is running.
const POLL: Duration = Duration::from_millis(50);
