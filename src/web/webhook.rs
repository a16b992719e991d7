//! `POST /webhooks/persona`.

use crate::onboarding::WebhookError;
use crate::server::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

impl IntoResponse for WebhookError {
    fn into_response(self) -> Response {
        match &self {
            // Persona retries non-2xx answers; a bad signature is not Persona, so nothing retries.
            Self::BadSignature(reason) => {
                tracing::warn!(%reason, "refused a webhook");
                (StatusCode::UNAUTHORIZED, "invalid signature").into_response()
            }
            Self::Malformed(reason) => {
                tracing::warn!(%reason, "signed webhook body could not be read");
                (StatusCode::BAD_REQUEST, "unreadable event").into_response()
            }
            Self::Busy => {
                tracing::warn!("answered a webhook before storing it finished; Persona retries");
                (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
            }
            Self::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "storing a webhook failed");
                // 5xx makes Persona retry later, which is what we want when the database hiccups.
                (StatusCode::INTERNAL_SERVER_ERROR, "try again").into_response()
            }
        }
    }
}

/// The body is taken as raw bytes: the signature covers them exactly as sent.
pub async fn receive_persona_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, WebhookError> {
    let signature = headers
        .get("persona-signature")
        .and_then(|v| v.to_str().ok());
    let received = state.onboarding.receive_webhook(signature, &body).await;
    let outcome = match &received {
        Ok(outcome) => outcome.metric_label(),
        Err(WebhookError::BadSignature(_)) => "refused_signature",
        Err(WebhookError::Malformed(_)) => "malformed",
        Err(WebhookError::Busy) => "busy",
        Err(WebhookError::Internal(_)) => "error",
    };
    metrics::counter!("pawpass_webhooks_received_total", "outcome" => outcome).increment(1);
    received?;
    Ok(StatusCode::OK)
}
