//! The emulator's own control API under `/_control` (unauthenticated, JSON, never faulted):
//! clock, faults, raw inquiry reads, webhook endpoints, redelivery, flushing the database.
//! Integrations and their tests rely on these exact shapes (see README.md); `dashboard` is the
//! same for a person with a browser.

pub(crate) mod dashboard;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::Duration;
use serde::Deserialize;
use serde_json::json;

use crate::clock;
use crate::emulator::Emulator;
use crate::faults::{FaultState, Faults};
use crate::model::webhook::WebhookEndpoint;
use crate::wire::error::ApiError;
use crate::wire::inquiry::document;
use crate::wire::version_and_inflection::VersionAndInflection;

/// The control routes, relative to `/_control`.
pub(crate) fn routes() -> Router<Emulator> {
    Router::new()
        .route("/clock/advance", post(advance))
        .route("/faults", put(put_faults).delete(clear_faults))
        .route("/inquiries/{inquiry_id}", get(inquiry))
        .route("/webhooks", post(add_webhook))
        .route("/webhooks/{webhook_id}/rotate", post(rotate))
        .route("/events/{event_id}/redeliver", post(redeliver))
        .route("/flush", post(flush))
}

fn body<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|err| ApiError::bad_request(err.to_string()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: i64,
}

/// Moves the clock, then runs the expiry sweep at once.
async fn advance(State(emulator): State<Emulator>, bytes: Bytes) -> Result<Response, ApiError> {
    let Advance { seconds } = body(&bytes)?;
    let by = Duration::try_seconds(seconds)
        .ok_or_else(|| ApiError::bad_request("seconds is out of range"))?;
    emulator.state.clock().advance(by);
    let now = emulator.with(|_, now| now);
    Ok(Json(json!({ "now": clock::format(now) })).into_response())
}

async fn put_faults(
    State(emulator): State<Emulator>,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let faults: Faults = body(&bytes)?;
    emulator
        .state
        .with(|state| state.faults = FaultState::new(faults));
    Ok(StatusCode::NO_CONTENT)
}

async fn clear_faults(State(emulator): State<Emulator>) -> StatusCode {
    emulator
        .state
        .with(|state| state.faults = FaultState::new(Faults::default()));
    StatusCode::NO_CONTENT
}

/// The inquiry exactly as `GET /api/v1/inquiries/{id}` returns it.
async fn inquiry(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let inquiry = emulator
        .with(|state, _| state.inquiries.get(&id).cloned())
        .ok_or(ApiError::NotFound)?;
    Ok(Json(document::<()>(&inquiry, None)).into_response())
}

async fn add_webhook(State(emulator): State<Emulator>, bytes: Bytes) -> Result<Response, ApiError> {
    let endpoint: WebhookEndpoint = body(&bytes)?;
    let url = url::Url::parse(&endpoint.url)
        .map_err(|err| ApiError::bad_request(format!("url: {err}")))?;
    if !crate::hosts::may_reach(&url, &emulator.options.allowed_hosts) {
        return Err(ApiError::bad_request(
            "url: only loopback hosts, or hosts the emulator was started with \
             (--allow-host), may receive webhooks"
                .to_owned(),
        ));
    }
    VersionAndInflection::for_webhook(&endpoint)?;
    let id = emulator.state.with(|state| state.add_endpoint(endpoint));
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rotate {
    new_secret: String,
}

/// Adds a secret in front of the current ones: deliveries carry one signature group per secret.
async fn rotate(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let Rotate { new_secret } = body(&bytes)?;
    let secrets = emulator.state.with(|state| {
        let endpoint = state.endpoints.iter_mut().find(|e| e.id == id)?;
        endpoint.config.secrets.insert(0, new_secret);
        Some(endpoint.config.secrets.clone())
    });
    let secrets = secrets.ok_or(ApiError::NotFound)?;
    Ok(Json(json!({ "id": id, "secrets": secrets.len() })).into_response())
}

async fn redeliver(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if emulator.state.with(|state| state.redeliver(&id)) {
        Ok(StatusCode::ACCEPTED)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Writes the database now (when there is one), e.g. before stopping the emulator.
async fn flush(State(emulator): State<Emulator>) -> Result<StatusCode, ApiError> {
    if let Some(database) = &emulator.database {
        database.flush(&emulator.state).await.map_err(|err| {
            tracing::error!(%err, "emulator: flush failed");
            ApiError::Internal
        })?;
    }
    Ok(StatusCode::NO_CONTENT)
}
