//! Webhook delivery (CONTRACT 10): one background task sends every due delivery (see
//! `state/deliveries.rs`), signed with `Persona-Signature` (one group per active secret of its
//! endpoint), and retries failures on Persona's schedule, scaled by `webhook_retry_base`. A
//! delivery succeeds only on 200, 201, 202 or 204 within 5 s. Due deliveries go out oldest
//! first; Persona does not promise ordering either.

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
/// Persona's gap before each retry, in seconds, after attempt 1, 2, … 7 (CONTRACT 10): 3 s, then
/// k^6 s for k = 2..7, about 51 hours in all.
const PERSONA_GAPS_SECS: [u32; 7] = [3, 64, 729, 4096, 15625, 46656, 117649];
/// No gap is longer than this, so a huge retry base cannot overflow the deadline.
const LONGEST_GAP: Duration = Duration::from_secs(365 * 24 * 60 * 60);
/// A delivery succeeds only with one of `DELIVERED` within this time.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// The answers Persona counts as delivered; any other, 203 and 206 included, is retried.
const DELIVERED: [u16; 4] = [200, 201, 202, 204];
/// How often an idle worker checks whether the emulator was dropped.
const IDLE_POLL: Duration = Duration::from_secs(1);

/// Persona's schedule scaled by `base / 3 s`: `base` is the first gap (Persona's 3 s), the
/// others keep Persona's proportions (the default 500 ms runs the schedule 6 times faster:
/// 0.5 s, 10.7 s, 121.5 s, …).
fn retry_gap(base: Duration, attempts_made: u32) -> Duration {
    let index = attempts_made.clamp(1, PERSONA_GAPS_SECS.len() as u32) - 1;
    let persona = PERSONA_GAPS_SECS[index as usize];
    base.checked_mul(persona)
        .map_or(LONGEST_GAP, |gap| gap / PERSONA_GAPS_SECS[0])
        .min(LONGEST_GAP)
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
            matches!(outcome, AttemptOutcome::Status(code) if DELIVERED.contains(&code));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_is_persona_scaled_by_the_base() {
        let unscaled: Vec<u64> = (1..TOTAL_ATTEMPTS)
            .map(|made| retry_gap(Duration::from_secs(3), made).as_secs())
            .collect();
        assert_eq!(unscaled, [3, 64, 729, 4096, 15625, 46656, 117649]);
        let default = retry_gap(Duration::from_millis(500), 2);
        assert_eq!(default.as_millis(), 10_666);
        assert_eq!(retry_gap(Duration::MAX, 7), LONGEST_GAP);
    }
}
