//! Webhook events as stored by the emulator (for delivery now, for `GET /events` later).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::clock;
use super::model::Inquiry;
use super::wire::{self, InquiryResource};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DeliveryState {
    /// Waiting for its first or a further attempt.
    Pending,
    Delivered,
    /// Every attempt failed.
    Failed,
}

// Attempts and event metadata are written now and read by a later `GET /events`.
#[allow(dead_code)]
#[derive(Debug, Clone)]
pub(crate) enum AttemptOutcome {
    /// The receiver answered with this status code.
    Status(u16),
    /// No usable answer: connection error, timeout, …
    Error(String),
}

/// One delivery attempt, kept for inspection (e.g. by a later dashboard or `GET /events`).
#[allow(dead_code)]
#[derive(Debug, Clone)]
pub(crate) struct DeliveryAttempt {
    pub number: u32,
    pub at: DateTime<Utc>,
    pub outcome: AttemptOutcome,
}

#[allow(dead_code)]
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

/// The webhook event envelope (CONTRACT 10), serialized once so every attempt signs the same bytes.
pub(crate) fn body(id: &str, name: &str, inq: &Inquiry, created_at: DateTime<Utc>) -> String {
    #[derive(Serialize)]
    struct Envelope<'a> {
        data: EventData<'a>,
    }
    #[derive(Serialize)]
    struct EventData<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        id: &'a str,
        attributes: EventAttributes<'a>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "kebab-case")]
    struct EventAttributes<'a> {
        name: &'a str,
        payload: Payload<'a>,
        created_at: String,
    }
    #[derive(Serialize)]
    struct Payload<'a> {
        data: InquiryResource<'a>,
        included: [(); 0],
    }
    let envelope = Envelope {
        data: EventData {
            kind: "event",
            id,
            attributes: EventAttributes {
                name,
                payload: Payload {
                    data: wire::inquiry(inq),
                    included: [],
                },
                created_at: clock::format(created_at),
            },
        },
    };
    // Plain structs with string keys cannot fail to serialize; log rather than panic regardless.
    serde_json::to_string(&envelope).unwrap_or_else(|err| {
        tracing::error!(%err, "emulator: could not serialize event");
        String::from("{}")
    })
}
