//! What `Idempotency-Key` keeps (CONTRACT 2): per (API key, idempotency key), the request's
//! fingerprint and, once it finished, its response. The middleware is `api/idempotency.rs`.

use axum::body::Bytes;
use chrono::{DateTime, Utc};

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
