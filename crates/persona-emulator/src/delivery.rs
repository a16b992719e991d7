//! Webhook endpoints and the deliveries owed to them. Every recorded event becomes one delivery
//! per endpoint that has it enabled; the worker in `webhook.rs` sends them, and every attempt
//! stays on the delivery for the dashboard and tests.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::time::{Duration, Instant};

use super::errors::ApiError;
use super::ids::new_id;
use super::shape::Shape;
use super::store::State;

/// A webhook endpoint as configured at start or through `POST /_control/webhooks`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WebhookEndpoint {
    pub url: String,
    /// One `Persona-Signature` group per secret (two while rotating).
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Event names, or `*` for all.
    #[serde(default = "all_events")]
    pub enabled_events: Vec<String>,
    /// Payload API version (`Persona-Version` values); `None` = current.
    #[serde(default)]
    pub api_version: Option<String>,
    /// Payload key casing: `kebab` (default), `camel` or `snake`.
    #[serde(default)]
    pub key_inflection: Option<String>,
}

impl WebhookEndpoint {
    /// An endpoint receiving every event in the current shape.
    pub fn new(url: impl Into<String>, secrets: Vec<String>) -> Self {
        WebhookEndpoint {
            url: url.into(),
            secrets,
            enabled_events: all_events(),
            api_version: None,
            key_inflection: None,
        }
    }

    pub(crate) fn shape(&self) -> Result<Shape, ApiError> {
        Shape::from_parts(self.api_version.as_deref(), self.key_inflection.as_deref())
    }
}

fn all_events() -> Vec<String> {
    vec!["*".to_owned()]
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Endpoint {
    pub id: String,
    pub config: WebhookEndpoint,
}

impl Endpoint {
    fn wants(&self, name: &str) -> bool {
        self.config
            .enabled_events
            .iter()
            .any(|e| e == "*" || e == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum DeliveryState {
    Pending,
    Delivered,
    /// Every attempt failed.
    Failed,
    /// Dropped by fault injection; never sent.
    Dropped,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum AttemptOutcome {
    Status(u16),
    Error(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DeliveryAttempt {
    pub number: u32,
    /// Emulated time of the attempt.
    pub at: DateTime<Utc>,
    pub outcome: AttemptOutcome,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Delivery {
    pub event_id: String,
    pub endpoint_id: String,
    pub state: DeliveryState,
    pub attempts: Vec<DeliveryAttempt>,
    /// Not stored: a reloaded pending delivery is due at once.
    #[serde(skip, default = "Instant::now")]
    pub due: Instant,
    /// Real unix seconds of the first attempt (`Persona-Webhook-First-Attempted-At`).
    pub first_attempted_at: Option<i64>,
    #[serde(skip)]
    pub in_flight: bool,
}

/// What the worker needs to make one attempt, taken out of the lock.
pub(crate) struct Job {
    pub delivery: usize,
    pub url: String,
    pub secrets: Vec<String>,
    pub body: String,
    pub number: u32,
    pub first_attempted_at: Option<i64>,
    pub duplicate: bool,
}

impl State {
    pub(crate) fn add_endpoint(&mut self, config: WebhookEndpoint) -> String {
        let id = new_id("wbh");
        self.endpoints.push(Endpoint {
            id: id.clone(),
            config,
        });
        id
    }

    /// Queues `event_id` for every endpoint that wants `name`.
    pub(crate) fn schedule(&mut self, event_id: &str, name: &str) {
        let delay = Duration::from_millis(self.faults.faults.webhooks.delay_ms);
        let due = Instant::now() + delay;
        let targets: Vec<String> = self
            .endpoints
            .iter()
            .filter(|e| e.wants(name))
            .map(|e| e.id.clone())
            .collect();
        for endpoint_id in targets {
            self.deliveries.push(Delivery {
                event_id: event_id.to_owned(),
                endpoint_id,
                state: DeliveryState::Pending,
                attempts: Vec::new(),
                due,
                first_attempted_at: None,
                in_flight: false,
            });
        }
    }

    /// Takes every due delivery (oldest first, or newest first under the reorder fault), applying
    /// the drop and duplicate faults.
    pub(crate) fn take_due(&mut self, now: Instant, at: DateTime<Utc>) -> Vec<Job> {
        let mut due: Vec<usize> = (0..self.deliveries.len())
            .filter(|&i| {
                let d = &self.deliveries[i];
                d.state == DeliveryState::Pending && !d.in_flight && d.due <= now
            })
            .collect();
        due.sort_by_key(|&i| (self.deliveries[i].due, i));
        if self.faults.faults.webhooks.reorder {
            due.reverse();
        }
        let mut jobs = Vec::new();
        for index in due {
            if self.faults.drop_delivery() {
                let delivery = &mut self.deliveries[index];
                delivery.state = DeliveryState::Dropped;
                delivery.attempts.push(DeliveryAttempt {
                    number: 1,
                    at,
                    outcome: AttemptOutcome::Error("dropped by fault injection".into()),
                });
                continue;
            }
            let duplicate = self.faults.duplicate_delivery();
            let delivery = &self.deliveries[index];
            let endpoint = self.endpoints.iter().find(|e| e.id == delivery.endpoint_id);
            let event = self.events.iter().find(|e| e.id == delivery.event_id);
            let (Some(endpoint), Some(event)) = (endpoint, event) else {
                continue;
            };
            jobs.push(Job {
                delivery: index,
                url: endpoint.config.url.clone(),
                secrets: endpoint.config.secrets.clone(),
                // Each webhook has its own version and casing (CONTRACT 10); checked when added.
                body: match endpoint.config.shape() {
                    Ok(shape) => shape.reshape_text(&event.body),
                    Err(_) => event.body.clone(),
                },
                number: delivery.attempts.len() as u32 + 1,
                first_attempted_at: delivery.first_attempted_at,
                duplicate,
            });
            self.deliveries[index].in_flight = true;
        }
        jobs
    }

    /// The earliest moment a pending delivery becomes due.
    pub(crate) fn next_due(&self) -> Option<Instant> {
        self.deliveries
            .iter()
            .filter(|d| d.state == DeliveryState::Pending && !d.in_flight)
            .map(|d| d.due)
            .min()
    }

    /// Sends the event again to every endpoint that wants it; false for an unknown event.
    pub(crate) fn redeliver(&mut self, event_id: &str) -> bool {
        let Some(name) = self
            .events
            .iter()
            .find(|e| e.id == event_id)
            .map(|e| e.name.clone())
        else {
            return false;
        };
        self.schedule(event_id, &name);
        true
    }
}
