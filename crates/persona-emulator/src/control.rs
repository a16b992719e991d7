//! The emulator's own control API under `/_control` (unauthenticated, JSON, never faulted):
//! clock, faults, raw inquiry reads, webhook endpoints, redelivery. Other PawPass code and tests
//! rely on these exact shapes (see docs/emulator.md).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Duration;
use serde::Deserialize;
use serde_json::json;

use super::delivery::WebhookEndpoint;
use super::errors::ApiError;
use super::faults::{FaultState, Faults};
use super::{clock, lifecycle, wire, App};

fn body<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|err| ApiError::bad_request(err.to_string()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: i64,
}

/// Moves the clock, then runs the expiry sweep at once.
pub(crate) async fn advance(State(app): State<App>, bytes: Bytes) -> Result<Response, ApiError> {
    let Advance { seconds } = body(&bytes)?;
    let by = Duration::try_seconds(seconds)
        .ok_or_else(|| ApiError::bad_request("seconds is out of range"))?;
    app.store.clock().advance(by);
    let now = app.with(|_, now| now);
    Ok(Json(json!({ "now": clock::format(now) })).into_response())
}

pub(crate) async fn put_faults(
    State(app): State<App>,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let faults: Faults = body(&bytes)?;
    app.store
        .with(|state| state.faults = FaultState::new(faults));
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn clear_faults(State(app): State<App>) -> StatusCode {
    app.store
        .with(|state| state.faults = FaultState::new(Faults::default()));
    StatusCode::NO_CONTENT
}

/// The inquiry exactly as `GET /api/v1/inquiries/{id}` returns it.
pub(crate) async fn inquiry(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let inquiry = app
        .with(|state, _| state.inquiries.get(&id).cloned())
        .ok_or(ApiError::NotFound)?;
    Ok(Json(wire::document::<()>(&inquiry, None)).into_response())
}

pub(crate) async fn add_webhook(
    State(app): State<App>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let endpoint: WebhookEndpoint = body(&bytes)?;
    url::Url::parse(&endpoint.url).map_err(|err| ApiError::bad_request(format!("url: {err}")))?;
    endpoint.shape()?;
    let id = app.store.with(|state| state.add_endpoint(endpoint));
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rotate {
    new_secret: String,
}

/// Adds a secret in front of the current ones: deliveries carry one signature group per secret.
pub(crate) async fn rotate(
    State(app): State<App>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let Rotate { new_secret } = body(&bytes)?;
    let secrets = app.store.with(|state| {
        let endpoint = state.endpoints.iter_mut().find(|e| e.id == id)?;
        endpoint.config.secrets.insert(0, new_secret);
        Some(endpoint.config.secrets.clone())
    });
    let secrets = secrets.ok_or(ApiError::NotFound)?;
    Ok(Json(json!({ "id": id, "secrets": secrets.len() })).into_response())
}

pub(crate) async fn redeliver(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if app.store.with(|state| state.redeliver(&id)) {
        Ok(StatusCode::ACCEPTED)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Expires overdue inquiries without waiting for a request; ends with the store.
pub(crate) fn spawn_sweep(app: &App) {
    let store = app.store.downgrade();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            tick.tick().await;
            let Some(store) = store.upgrade() else { break };
            let now = store.now();
            store.with(|state| lifecycle::expire_due(state, now));
        }
    });
}

/// Writes the database now (when there is one), e.g. before stopping the emulator.
pub(crate) async fn flush(State(app): State<App>) -> Result<StatusCode, ApiError> {
    if let Some(persistence) = &app.persistence {
        persistence.flush(&app.store).await.map_err(|err| {
            tracing::error!(%err, "emulator: flush failed");
            ApiError::Internal
        })?;
    }
    Ok(StatusCode::NO_CONTENT)
}
