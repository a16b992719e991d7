//! Webhook events as stored by the emulator (for delivery now, for `GET /events` later).

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DeliveryState {
    /// Waiting for its first or a further attempt.
    Pending,
    Delivered,
    /// Every attempt failed.
    Failed,
}

#[derive(Debug, Clone)]
pub(crate) enum AttemptOutcome {
    /// The receiver answered with this status code.
    Status(u16),
    /// No usable answer: connection error, timeout, …
    Error(String),
}

/// One delivery attempt, kept for inspection (e.g. by a later dashboard or `GET /events`).
#[derive(Debug, Clone)]
pub(crate) struct DeliveryAttempt {
    pub number: u32,
    pub at: DateTime<Utc>,
    pub outcome: AttemptOutcome,
}

#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub id: String,
    pub name: String,
    pub inquiry_id: String,
    pub created_at: DateTime<Utc>,
    /// The exact JSON bytes delivered and signed; built once so retries send identical bodies.
    pub body: String,
    pub delivery: DeliveryState,
    pub attempts: Vec<DeliveryAttempt>,
}

impl Event {
    pub(crate) fn new(
        id: String,
        name: &str,
        inquiry_id: &str,
        created_at: DateTime<Utc>,
        body: String,
    ) -> Self {
        Event {
            id,
            name: name.to_owned(),
            inquiry_id: inquiry_id.to_owned(),
            created_at,
            body,
            delivery: DeliveryState::Pending,
            attempts: Vec::new(),
        }
    }
}
