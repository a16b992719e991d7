//! Webhook endpoints and the deliveries owed to them. Every recorded event becomes one delivery
//! per endpoint that has it enabled (`state/deliveries.rs`); the worker in `webhooks/` sends
//! them, and every attempt stays on the delivery for the dashboard and tests.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

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
    /// An endpoint receiving every event, in the current API version and kebab-case keys.
    pub fn new(url: impl Into<String>, secrets: Vec<String>) -> Self {
        WebhookEndpoint {
            url: url.into(),
            secrets,
            enabled_events: all_events(),
            api_version: None,
            key_inflection: None,
        }
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
    /// Whether this endpoint has the event `name` enabled.
    pub(crate) fn wants(&self, name: &str) -> bool {
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
