//! Who is signed in: the operator behind a session, and the guard in front of `/admin`.

use super::session_keys;
use super::sessions::sign_in_holds;
use super::state::AppState;
use crate::console::Operator;
use crate::domain::OperatorId;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// Why a request is not an operator's.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("not signed in")]
    Unauthorized,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The signed-in operator, or `Unauthorized`. Also checks the operator is still enabled, so
/// disabling someone ends their sessions at their next request, and that the sign-in is not
/// older than [`MAX_SIGN_IN_AGE`](super::sessions::MAX_SIGN_IN_AGE): an expired sign-in's
/// session is deleted, so its cookie is worthless from then on.
pub async fn require_operator_record(
    state: &AppState,
    session: &Session,
) -> Result<Operator, AuthError> {
    let id: Option<OperatorId> = session
        .get(session_keys::OPERATOR_ID)
        .await
        .map_err(|e| AuthError::Internal(e.into()))?;
    let Some(id) = id else {
        return Err(AuthError::Unauthorized);
    };
    let signed_in_at: Option<i64> = session
        .get(session_keys::SIGNED_IN_AT)
        .await
        .map_err(|e| AuthError::Internal(e.into()))?;
    if !sign_in_holds(signed_in_at) {
        session
            .flush()
            .await
            .map_err(|e| AuthError::Internal(e.into()))?;
        return Err(AuthError::Unauthorized);
    }
    state
        .console
        .operator(&id)
        .await
        .map_err(|error| AuthError::Internal(error.into()))?
        .ok_or(AuthError::Unauthorized)
}

/// The signed-in operator's id, or `Unauthorized`.
pub async fn require_operator(
    state: &AppState,
    session: &Session,
) -> Result<OperatorId, AuthError> {
    require_operator_record(state, session)
        .await
        .map(|op| op.id().clone())
}

/// Sends anyone who is not a signed-in operator from `/admin…` to the sign-in page.
pub async fn require_operator_layer(
    State(state): State<AppState>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let guarded = (path == "/admin" || path.starts_with("/admin/")) && path != "/admin/login";
    if guarded {
        match require_operator(&state, &session).await {
            Ok(_) => {}
            Err(AuthError::Unauthorized) => return Redirect::to("/admin/login").into_response(),
            Err(AuthError::Internal(error)) => return super::page::internal_error(&error),
        }
    }
    let mut response = next.run(request).await;
    if path.starts_with("/admin") || path.starts_with("/api/admin") {
        // Operator pages hold personal data: never keep them in a cache.
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    response
}
