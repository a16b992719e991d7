//! Webhook delivery (CONTRACT 10): one background task POSTs every stored event, signed with
//! `Persona-Signature`, and retries failures with backoff. First attempts go out strictly in the
//! order events were created; a retry waits for its own backoff without holding up later events
//! (Persona does not guarantee ordering either; receivers order by `created-at`).

use std::time::Duration;

use reqwest::header::CONTENT_TYPE;
use tokio::time::Instant;

use super::clock::wall_unix_seconds;
use super::events::{AttemptOutcome, DeliveryAttempt, DeliveryState};
use super::store::{Store, WeakStore};
use crate::persona::signature;

/// Persona's gaps between attempts, in seconds: 3 s, then k^6 s for k = 2..7 (8 attempts in all).
const PERSONA_RETRY_GAPS_SECS: [u64; 7] = [3, 64, 729, 4096, 15_625, 46_656, 117_649];
/// The emulator keeps Persona's number of attempts and exponential shape but compresses time:
/// gap n is `RETRY_SCALE * 2^n` (0.5 s, 1 s, 2 s, …, 32 s), so local runs see retries quickly.
const RETRY_SCALE: Duration = Duration::from_millis(500);
/// A delivery succeeds only with a 2xx answer within this time.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often an idle worker checks whether the emulator was dropped.
const IDLE_POLL: Duration = Duration::from_secs(1);

pub(crate) struct RetryPolicy {
    gaps: Vec<Duration>,
}

impl RetryPolicy {
    /// Persona's real schedule, for a later "real time" mode.
    #[allow(dead_code)]
    pub(crate) fn persona() -> Self {
        RetryPolicy {
            gaps: PERSONA_RETRY_GAPS_SECS
                .iter()
                .map(|s| Duration::from_secs(*s))
                .collect(),
        }
    }

    pub(crate) fn compressed(scale: Duration) -> Self {
        let gaps = (0..PERSONA_RETRY_GAPS_SECS.len() as u32)
            .map(|n| scale * 2u32.pow(n))
            .collect();
        RetryPolicy { gaps }
    }

    fn total_attempts(&self) -> u32 {
        self.gaps.len() as u32 + 1
    }
}

struct Retry {
    index: usize,
    due: Instant,
    attempts_made: u32,
    first_attempted_at: i64,
}

struct Worker {
    store: WeakStore,
    client: reqwest::Client,
    url: String,
    secrets: Vec<String>,
    policy: RetryPolicy,
    /// Index of the next event whose first attempt has not been made.
    next_index: usize,
    retries: Vec<Retry>,
}

pub(crate) fn spawn(store: &Store, url: String, secrets: Vec<String>) {
    let client = match reqwest::Client::builder().timeout(ATTEMPT_TIMEOUT).build() {
        Ok(client) => client,
        Err(err) => {
            tracing::error!(%err, "emulator: cannot build the webhook HTTP client; webhooks disabled");
            return;
        }
    };
    let worker = Worker {
        store: store.downgrade(),
        client,
        url,
        secrets,
        policy: RetryPolicy::compressed(RETRY_SCALE),
        next_index: 0,
        retries: Vec::new(),
    };
    tokio::spawn(worker.run());
}

impl Worker {
    async fn run(mut self) {
        // Ends once the router (and with it the store) is dropped.
        while let Some(store) = self.store.upgrade() {
            let now = Instant::now();
            let due = self
                .retries
                .iter()
                .enumerate()
                .min_by_key(|(_, r)| (r.due, r.index));
            if let Some(pos) = due.filter(|(_, r)| r.due <= now).map(|(pos, _)| pos) {
                let retry = self.retries.swap_remove(pos);
                self.attempt(
                    &store,
                    retry.index,
                    retry.attempts_made + 1,
                    Some(retry.first_attempted_at),
                )
                .await;
                continue;
            }
            let pending = store.with(|state| state.events.len() > self.next_index);
            if pending {
                let index = self.next_index;
                self.next_index += 1;
                self.attempt(&store, index, 1, None).await;
                continue;
            }
            let next_retry = self
                .retries
                .iter()
                .map(|r| r.due.saturating_duration_since(now))
                .min();
            store
                .wait_for_events(next_retry.unwrap_or(IDLE_POLL).min(IDLE_POLL))
                .await;
        }
    }

    async fn attempt(&mut self, store: &Store, index: usize, number: u32, first: Option<i64>) {
        let Some((event_id, name, body)) = store.with(|state| {
            state
                .events
                .get(index)
                .map(|e| (e.id.clone(), e.name.clone(), e.body.clone()))
        }) else {
            return;
        };
        // Signed afresh on every attempt with the real current time (CONTRACT 10).
        let now = wall_unix_seconds();
        let first = first.unwrap_or(now);
        let total = self.policy.total_attempts();
        let mut request = self
            .client
            .post(&self.url)
            .header(CONTENT_TYPE, "application/json; charset=utf-8")
            .header("Persona-Webhook-Attempts-Made", number)
            .header(
                "Persona-Webhook-Attempts-Left",
                total.saturating_sub(number),
            )
            .header("Persona-Webhook-First-Attempted-At", first);
        if !self.secrets.is_empty() {
            request = request.header(
                "Persona-Signature",
                signature::header_value(&self.secrets, now, body.as_bytes()),
            );
        }
        let outcome = match request.body(body).send().await {
            Ok(response) => AttemptOutcome::Status(response.status().as_u16()),
            Err(err) => AttemptOutcome::Error(err.to_string()),
        };
        let delivered =
            matches!(outcome, AttemptOutcome::Status(code) if (200..300).contains(&code));
        let retry = !delivered && number < total;
        tracing::debug!(%event_id, %name, number, ?outcome, "emulator: webhook attempt");
        let at = store.now();
        store.with(|state| {
            if let Some(event) = state.events.get_mut(index) {
                event.attempts.push(DeliveryAttempt {
                    number,
                    at,
                    outcome,
                });
                event.delivery = match (delivered, retry) {
                    (true, _) => DeliveryState::Delivered,
                    (false, true) => DeliveryState::Pending,
                    (false, false) => DeliveryState::Failed,
                };
            }
        });
        if retry {
            let gap = self
                .policy
                .gaps
                .get(number as usize - 1)
                .copied()
                .unwrap_or(RETRY_SCALE);
            self.retries.push(Retry {
                index,
                due: Instant::now() + gap,
                attempts_made: number,
                first_attempted_at: first,
            });
        }
    }
}
