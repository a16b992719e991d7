//! Webhook delivery (CONTRACT 10): one background task sends every due delivery (see
//! `state/deliveries.rs`), signed with `Persona-Signature` (one group per active secret of its
//! endpoint), and retries failures with an exponential backoff. A delivery succeeds only on a
//! 2xx within 5 s. Due deliveries go out oldest first; Persona does not promise ordering either.

use std::time::Duration;

use reqwest::header::CONTENT_TYPE;
use tokio::time::Instant;

use super::signature;
use crate::clock::wall_unix_seconds;
use crate::model::webhook::{AttemptOutcome, DeliveryAttempt, DeliveryState};
use crate::state::deliveries::Job;
use crate::state::handle::{StateHandle, WeakStateHandle};

/// Persona makes 8 attempts in all (7 retries, about 3 s, 64 s, … 117649 s apart).
const TOTAL_ATTEMPTS: u32 = 8;
/// A delivery succeeds only with a 2xx answer within this time.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often an idle worker checks whether the emulator was dropped.
const IDLE_POLL: Duration = Duration::from_secs(1);

/// Persona's exponential shape compressed: gap n is `base * 2^n` (0.5 s, 1 s, … 32 s by
/// default), so local runs see every retry within about a minute.
fn retry_gap(base: Duration, attempts_made: u32) -> Duration {
    base * 2u32.pow(attempts_made.saturating_sub(1).min(10))
}

struct Worker {
    state: WeakStateHandle,
    client: reqwest::Client,
    retry_base: Duration,
}

/// Starts the worker; it ends once the state is dropped.
pub(crate) fn spawn(state: &StateHandle, retry_base: Duration) {
    let client = match reqwest::Client::builder().timeout(ATTEMPT_TIMEOUT).build() {
        Ok(client) => client,
        Err(err) => {
            tracing::error!(%err, "emulator: cannot build the webhook HTTP client; webhooks disabled");
            return;
        }
    };
    let worker = Worker {
        state: state.downgrade(),
        client,
        retry_base,
    };
    tokio::spawn(worker.run());
}

impl Worker {
    async fn run(self) {
        // Ends once the router (and with it the state) is dropped.
        while let Some(state) = self.state.upgrade() {
            let at = state.now();
            let jobs = state.with(|state| state.take_due(Instant::now(), at));
            if jobs.is_empty() {
                let next = state.with(|state| state.next_due());
                let wait = next
                    .map(|due| due.saturating_duration_since(Instant::now()))
                    .unwrap_or(IDLE_POLL)
                    .min(IDLE_POLL);
                state.wait_for_events(wait).await;
                continue;
            }
            for job in jobs {
                self.attempt(&state, job).await;
            }
        }
    }

    async fn send(&self, job: &Job, first: i64) -> AttemptOutcome {
        // Signed afresh on every attempt with the real current time (CONTRACT 10).
        let now = wall_unix_seconds();
        let mut request = self
            .client
            .post(&job.url)
            .header(CONTENT_TYPE, "application/json; charset=utf-8")
            .header("Persona-Webhook-Attempts-Made", job.number)
            .header(
                "Persona-Webhook-Attempts-Left",
                TOTAL_ATTEMPTS.saturating_sub(job.number),
            )
            .header("Persona-Webhook-First-Attempted-At", first);
        if !job.secrets.is_empty() {
            request = request.header(
                "Persona-Signature",
                signature::header(&job.secrets, now, job.body.as_bytes()),
            );
        }
        match request.body(job.body.clone()).send().await {
            Ok(response) => AttemptOutcome::Status(response.status().as_u16()),
            Err(err) => AttemptOutcome::Error(err.to_string()),
        }
    }

    async fn attempt(&self, state: &StateHandle, job: Job) {
        let first = job.first_attempted_at.unwrap_or_else(wall_unix_seconds);
        let mut outcome = self.send(&job, first).await;
        if job.duplicate {
            // The receiver sees the same delivery twice; the second answer counts.
            outcome = self.send(&job, first).await;
        }
        let delivered =
            matches!(outcome, AttemptOutcome::Status(code) if (200..300).contains(&code));
        let retry = !delivered && job.number < TOTAL_ATTEMPTS;
        tracing::debug!(url = %job.url, number = job.number, ?outcome, "emulator: webhook attempt");
        let at = state.now();
        let due = Instant::now() + retry_gap(self.retry_base, job.number);
        state.with(|state| {
            let Some(delivery) = state.deliveries.get_mut(job.delivery) else {
                return;
            };
            delivery.in_flight = false;
            delivery.first_attempted_at = Some(first);
            delivery.attempts.push(DeliveryAttempt {
                number: job.number,
                at,
                outcome,
            });
            delivery.due = due;
            delivery.state = match (delivered, retry) {
                (true, _) => DeliveryState::Delivered,
                (false, true) => DeliveryState::Pending,
                (false, false) => DeliveryState::Failed,
            };
        });
    }
}
