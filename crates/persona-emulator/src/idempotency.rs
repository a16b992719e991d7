//! `Idempotency-Key` on POSTs (CONTRACT 2): the first response for an (API key, idempotency key)
//! pair is stored for 24 hours and replayed for the same method, path and body; different
//! parameters get `400 Idempotency error`.

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};

use super::errors::ApiError;
use super::guard::REQUEST_ID;
use super::App;

/// A cached response for one (API key, `Idempotency-Key`) pair (CONTRACT 2).
#[derive(Debug, Clone)]
pub(crate) struct IdempotencyEntry {
    pub created_at: DateTime<Utc>,
    pub fingerprint: Fingerprint,
    /// `None` while the first request is still running.
    pub response: Option<StoredResponse>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fingerprint {
    pub method: String,
    pub path: String,
    /// The body as JSON when it parses (so key order and spacing do not matter), else raw.
    pub body: Result<serde_json::Value, Bytes>,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredResponse {
    pub status: u16,
    pub body: Bytes,
    pub request_id: String,
}

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

pub(crate) async fn run(
    app: &App,
    api_key: &str,
    key: String,
    request_id: &str,
    request: Request,
    next: Next,
) -> Response {
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
    let now = app.store.now();
    let decision = app.store.with(|state| {
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
            let response = next.run(Request::from_parts(parts, Body::from(body))).await;
            let (parts, body) = response.into_parts();
            let stored = to_bytes(body, usize::MAX).await;
            app.store.with(|state| match &stored {
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
