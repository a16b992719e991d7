//! Persona's webhooks: verify, store once, apply in Persona's order.

use super::service::Onboarding;
use crate::domain::status::StatusChange;
use crate::domain::{EventId, InquiryId, InvalidId, VerificationStatus};
use crate::store::{EventOutcome, IncomingEvent};
use persona::signature::SignatureError;
use persona::WebhookEvent;
use std::time::Duration;

/// Inquiry event names PawPass understands (CONTRACT section 10). Persona adds names without
/// notice; others are stored and flagged, never applied.
pub const KNOWN_EVENTS: &[&str] = &[
    "inquiry.created",
    "inquiry.started",
    "inquiry.expired",
    "inquiry.completed",
    "inquiry.failed",
    "inquiry.marked-for-review",
    "inquiry.approved",
    "inquiry.declined",
    "inquiry.transitioned",
    "inquiry.redacted",
    "inquiry.updated-tags",
    "inquiry-session.started",
    "inquiry-session.expired",
    "inquiry-session.canceled",
];

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("webhook signature refused: {0}")]
    BadSignature(#[from] SignatureError),
    #[error("webhook body is not a Persona event: {0}")]
    Malformed(String),
    /// Storing took too long; Persona gives up after 5 s, so answer first and let it retry.
    #[error("storing the event took too long")]
    Busy,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Persona waits 5 s for an answer; keep a margin for the network.
const ANSWER_WITHIN: Duration = Duration::from_secs(4);

impl Onboarding {
    /// Verifies the signature over the raw bytes (before any parsing), then stores the event
    /// and applies it if it is new and newer than what the inquiry already shows.
    pub async fn receive_webhook(
        &self,
        signature_header: Option<&str>,
        body: &[u8],
    ) -> Result<EventOutcome, WebhookError> {
        self.webhooks.verify(signature_header, body)?;
        let text = std::str::from_utf8(body).map_err(|e| WebhookError::Malformed(e.to_string()))?;
        // serde's messages quote the values they could not read, and those may be a walker's
        // name or birthdate: the log keeps the kind of problem and where it is, only.
        let event: WebhookEvent = serde_json::from_str(text).map_err(|e| {
            WebhookError::Malformed(format!(
                "{:?} error at line {} column {}",
                e.classify(),
                e.line(),
                e.column()
            ))
        })?;
        let at_ms = event.data.attributes.created_at.timestamp_millis();
        let name = event.data.attributes.name.as_str();
        let malformed = |e: InvalidId| WebhookError::Malformed(format!("not {}", e.what));
        let event_id = EventId::parse(&event.data.id).map_err(malformed)?;
        let inquiry = event.inquiry_status();
        let inquiry_id = inquiry
            .map(|(id, _)| InquiryId::parse(id))
            .transpose()
            .map_err(malformed)?;
        let change = inquiry.map(|(_, status)| StatusChange {
            status: VerificationStatus::parse(status),
            at_ms,
        });
        let incoming = IncomingEvent {
            id: event_id,
            name: name.to_owned(),
            known_name: KNOWN_EVENTS.contains(&name),
            inquiry_id,
            change,
            persona_created_at_ms: at_ms,
            body: text.to_owned(),
        };
        // This instance's writer stores it with every other event waiting, in one transaction,
        // and finishes it even when Persona's answer goes first (the event is kept either way;
        // Persona's retry is then a duplicate).
        let writer = self.store.webhook_writer();
        let outcome = match tokio::time::timeout(ANSWER_WITHIN, writer.record(incoming)).await {
            Err(_) => return Err(WebhookError::Busy),
            Ok(stored) => stored?,
        };
        tracing::info!(event_id = %event.data.id, name, ?outcome, "Persona webhook");
        Ok(outcome)
    }
}
