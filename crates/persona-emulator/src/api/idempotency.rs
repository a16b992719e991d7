//! `Idempotency-Key` on POSTs (CONTRACT 2): the first response for an (API key, idempotency key)
//! pair is stored for 24 hours and replayed for the same method, path and body; different
//! parameters get `400 Idempotency error`.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Duration;

use super::headers::REQUEST_ID;
use crate::emulator::Emulator;
use crate::model::idempotency::{Fingerprint, IdempotencyEntry, StoredResponse};
use crate::wire::error::ApiError;

/// Persona prunes keys once they are 24 hours old.
const RETENTION_HOURS: i64 = 24;
/// Requests and responses here are small JSON documents.
const MAX_BODY_BYTES: usize = 1024 * 1024;

enum Decision {
    Run,
    Replay(StoredResponse),
    Mismatch,
    InFlight,
}

fn replay(stored: StoredResponse) -> Response {
    let mut response = Response::new(Body::from(stored.body));
    *response.status_mut() = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(value) = HeaderValue::from_str(&stored.request_id) {
        headers.insert(REQUEST_ID, value);
    }
    response
}

/// One POST with an `Idempotency-Key`, as the guard hands it over.
pub(crate) struct Call<'a> {
    pub api_key: &'a str,
    pub key: String,
    pub request_id: &'a str,
    /// Answer 500 instead of running the handler (the `500_remembered` fault): stored and
    /// replayed like any first answer, as Persona does with its own failures.
    pub fails: bool,
}

/// Runs the request once per (API key, idempotency key) and replays its stored response after,
/// whatever it was: a failure is remembered as faithfully as a success.
pub(crate) async fn run(
    emulator: &Emulator,
    call: Call<'_>,
    request: Request,
    next: Next,
) -> Response {
    let Call {
        api_key,
        key,
        request_id,
        fails,
    } = call;
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY_BYTES).await else {
        return ApiError::bad_request("Request body is too large").into_response();
    };
    let fingerprint = Fingerprint {
        method: parts.method.to_string(),
        path: parts
            .uri
            .path_and_query()
            .map(|pq| pq.to_string())
            .unwrap_or_default(),
        body: serde_json::from_slice(&body).map_err(|_| body.clone()),
    };
    let slot = (api_key.to_owned(), key.clone());
    let now = emulator.state.now();
    let decision = emulator.state.with(|state| {
        let cutoff = now - Duration::hours(RETENTION_HOURS);
        state
            .idempotency
            .retain(|_, entry| entry.created_at > cutoff);
        match state.idempotency.get(&slot) {
            Some(entry) if entry.fingerprint != fingerprint => Decision::Mismatch,
            Some(IdempotencyEntry {
                response: Some(stored),
                ..
            }) => Decision::Replay(stored.clone()),
            Some(_) => Decision::InFlight,
            None => {
                let entry = IdempotencyEntry {
                    created_at: now,
                    fingerprint,
                    response: None,
                };
                state.idempotency.insert(slot.clone(), entry);
                Decision::Run
            }
        }
    });
    match decision {
        Decision::Mismatch => ApiError::Idempotency { key }.into_response(),
        Decision::InFlight => ApiError::Conflict(format!(
            "A request with idempotency key '{key}' is still in progress"
        ))
        .into_response(),
        Decision::Replay(stored) => replay(stored),
        Decision::Run => {
            let response = if fails {
                ApiError::Internal.into_response()
            } else {
                next.run(Request::from_parts(parts, Body::from(body))).await
            };
            let (parts, body) = response.into_parts();
            let stored = to_bytes(body, usize::MAX).await;
            emulator.state.with(|state| match &stored {
                Ok(bytes) => {
                    if let Some(entry) = state.idempotency.get_mut(&slot) {
                        entry.response = Some(StoredResponse {
                            status: parts.status.as_u16(),
                            body: bytes.clone(),
                            request_id: request_id.to_owned(),
                        });
                    }
                }
                // Nothing to replay: let a retry with the same key run afresh.
                Err(_) => {
                    state.idempotency.remove(&slot);
                }
            });
            match stored {
                Ok(bytes) => Response::from_parts(parts, Body::from(bytes)),
                Err(_) => ApiError::Internal.into_response(),
            }
        }
    }
}
