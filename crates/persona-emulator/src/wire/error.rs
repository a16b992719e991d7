//! API errors in Persona's body shape: `{"errors":[{"title", "details"?, "source"?}]}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

#[derive(Debug)]
pub(crate) enum ApiError {
    BadRequest(String),
    Unauthorized,
    /// Fault injection: 403, as for a key without the permission.
    Forbidden,
    NotFound,
    Conflict(String),
    Unprocessable {
        details: String,
        pointer: String,
    },
    RateLimited {
        limit: u32,
    },
    /// The inquiry-creation quota (429 `Quota exceeded`).
    QuotaExceeded {
        limit: u32,
    },
    /// Same idempotency key, different request.
    Idempotency {
        key: String,
    },
    Internal,
    /// Fault injection: 503.
    Unavailable,
    /// Fault injection: a held request finally answered 504.
    GatewayTimeout,
}

#[derive(Serialize)]
struct Body<'a> {
    errors: [Entry<'a>; 1],
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Source<'a>>,
}

#[derive(Serialize)]
struct Source<'a> {
    pointer: &'a str,
}

impl ApiError {
    pub(crate) fn bad_request(details: impl Into<String>) -> Self {
        ApiError::BadRequest(details.into())
    }

    pub(crate) fn unprocessable(details: impl Into<String>, pointer: impl Into<String>) -> Self {
        ApiError::Unprocessable {
            details: details.into(),
            pointer: pointer.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, title, details, pointer) = match &self {
            ApiError::BadRequest(d) => (
                StatusCode::BAD_REQUEST,
                "Bad request",
                Some(d.clone()),
                None,
            ),
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "Must be authenticated to access this endpoint",
                None,
                None,
            ),
            ApiError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Forbidden",
                Some("The API key does not have permission for this action.".to_owned()),
                None,
            ),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "Record not found", None, None),
            ApiError::Conflict(d) => (StatusCode::CONFLICT, "Conflict", Some(d.clone()), None),
            ApiError::Unprocessable { details, pointer } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Unprocessable entity",
                Some(details.clone()),
                Some(pointer.as_str()),
            ),
            ApiError::RateLimited { limit } => (
                StatusCode::TOO_MANY_REQUESTS,
                "Rate limit exceeded",
                Some(format!(
                    "You have hit your rate limit of {limit} requests / min. Please reach out to \
                     support@withpersona.com if you need this changed."
                )),
                None,
            ),
            ApiError::QuotaExceeded { limit } => (
                StatusCode::TOO_MANY_REQUESTS,
                "Quota exceeded",
                Some(format!(
                    "You have hit your inquiry creation quota of {limit} / min."
                )),
                None,
            ),
            ApiError::Idempotency { key } => (
                StatusCode::BAD_REQUEST,
                "Idempotency error",
                Some(format!(
                    "Keys for idempotent requests can only be used with the same parameters they \
                     were first used with. Try using a key other than '{key}' if you meant to \
                     execute a different request."
                )),
                None,
            ),
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal server error",
                None,
                None,
            ),
            ApiError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Service unavailable",
                None,
                None,
            ),
            ApiError::GatewayTimeout => {
                (StatusCode::GATEWAY_TIMEOUT, "Gateway timeout", None, None)
            }
        };
        let body = Body {
            errors: [Entry {
                title,
                details,
                source: pointer.map(|pointer| Source { pointer }),
            }],
        };
        (status, Json(body)).into_response()
    }
}
