//! The error type of PawPass's own HTTP routes: internal causes are logged, people read plain
//! words.

use crate::console::ConsoleError;
use crate::server::page::{internal_error, plain};
use crate::server::AuthError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("the request body is not a valid form")]
    BadForm(String),
    #[error("the request body is too large")]
    TooLarge,
    #[error("the request body did not arrive in time")]
    SlowBody,
    #[error("not signed in")]
    Unauthorized,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// What a handler does not answer itself: a missing walker is a 404, the rest a 500.
impl From<AuthError> for WebError {
    fn from(error: AuthError) -> Self {
        match error {
            AuthError::Unauthorized => Self::Unauthorized,
            AuthError::Internal(error) => Self::Internal(error),
        }
    }
}

impl From<ConsoleError> for WebError {
    fn from(error: ConsoleError) -> Self {
        match error {
            ConsoleError::NotFound => Self::NotFound,
            ConsoleError::Internal(error) => Self::Internal(error),
            other => Self::Internal(other.into()),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            Self::BadForm(detail) => {
                let detail = without_values(detail);
                tracing::info!(detail, "rejected a malformed form");
                (StatusCode::BAD_REQUEST, "error-bad-form")
            }
            Self::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"),
            Self::SlowBody => (StatusCode::REQUEST_TIMEOUT, "error-slow-body"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "error-sign-in"),
            Self::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
            Self::Internal(error) => return internal_error(error),
        };
        plain(status, message)
    }
}

/// An id from a URL's path. One that cannot be an id names nothing, like an unknown one.
pub fn id_in_path<T: std::str::FromStr>(raw: &str) -> Result<T, WebError> {
    raw.parse().map_err(|_| WebError::NotFound)
}

/// Reads a form body of at most `limit` bytes.
pub async fn read_form<T: serde::de::DeserializeOwned>(
    body: axum::body::Body,
    limit: usize,
) -> Result<T, WebError> {
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|error| {
        if caused_by::<tower_http::timeout::TimeoutError>(&error) {
            WebError::SlowBody
        } else {
            WebError::TooLarge
        }
    })?;
    serde_urlencoded::from_bytes(&bytes).map_err(|e| WebError::BadForm(e.to_string()))
}

fn caused_by<E: std::error::Error + 'static>(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(current) = cause {
        if current.is::<E>() {
            return true;
        }
        cause = current.source();
    }
    false
}

/// A parser's message with every quoted value (`…`, "…" or “…”) blanked: which field and what was
/// wrong may be logged, what someone typed may not.
fn without_values(detail: &str) -> String {
    let mut kept = String::with_capacity(detail.len());
    let mut closing = None;
    for c in detail.chars() {
        match closing {
            Some(end) if c == end => {
                kept.push('…');
                kept.push(c);
                closing = None;
            }
            Some(_) => {}
            None => {
                kept.push(c);
                closing = match c {
                    '"' | '`' => Some(c),
                    '“' => Some('”'),
                    _ => None,
                };
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoted_values_are_blanked_and_the_rest_kept() {
        assert_eq!(
            super::without_values("unknown variant `ada@example.com`, expected `asc` for \"sort\""),
            "unknown variant `…`, expected `…` for \"…\""
        );
        assert_eq!(
            super::without_values("“ada@example.com” is not a status"),
            "“…” is not a status"
        );
        assert_eq!(super::without_values("missing field"), "missing field");
    }
}
