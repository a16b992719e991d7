//! Persona's webhooks: verify, store once, apply in Persona's order.

use super::Onboarding;
use crate::domain::status::StatusChange;
use crate::domain::VerificationStatus;
use crate::persona::signature::{self, SignatureError};
use crate::persona::WebhookEvent;
use crate::store::{EventOutcome, NewEvent};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct WebhookVerifier {
    secrets: Vec<String>,
    tolerance: Duration,
}

impl WebhookVerifier {
    pub fn new(secrets: Vec<String>, tolerance: Duration) -> Self {
        Self { secrets, tolerance }
    }

    fn verify(&self, header: Option<&str>, body: &[u8]) -> Result<(), SignatureError> {
        let now = chrono::Utc::now().timestamp();
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        signature::verify(header, body, &self.secrets, now, Some(tolerance))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("webhook signature refused: {0}")]
    BadSignature(#[from] SignatureError),
    #[error("webhook body is not a Persona event: {0}")]
    Malformed(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

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
        let event: WebhookEvent =
            serde_json::from_str(text).map_err(|e| WebhookError::Malformed(e.to_string()))?;
        let at_ms = event.data.attributes.created_at.timestamp_millis();
        let inquiry = event.inquiry_status();
        let change = inquiry.map(|(_, status)| StatusChange {
            status: VerificationStatus::parse(status),
            at_ms,
        });
        let outcome = self
            .db
            .record_event(&NewEvent {
                id: &event.data.id,
                name: &event.data.attributes.name,
                inquiry_id: inquiry.map(|(id, _)| id),
                change,
                persona_created_at_ms: at_ms,
                body: text,
            })
            .await?;
        tracing::info!(
            event_id = %event.data.id,
            name = %event.data.attributes.name,
            ?outcome,
            "Persona webhook"
        );
        Ok(outcome)
    }
}
