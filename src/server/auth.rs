//! Who is signed in: the operator behind a session, and the guard in front of `/admin`.

use super::session_keys;
use super::sessions::sign_in_holds;
use super::state::AppState;
use crate::console::Operator;
use crate::domain::OperatorId;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
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

/// Whether the path is the console's (its pages, downloads, actions and server functions),
/// apart from what signing in itself needs.
fn guarded(path: &str) -> bool {
    let console =
        path == "/admin" || path.starts_with("/admin/") || path.starts_with("/api/admin/");
    console && path != "/admin/login" && path != "/api/admin/login-form"
}

/// A page a person opens (rather than a download, an action or a server function): someone
/// not signed in is sent to sign in instead of refused.
fn is_page(request: &Request) -> bool {
    let path = request.uri().path();
    matches!(*request.method(), Method::GET | Method::HEAD)
        && path.starts_with("/admin")
        && !path.starts_with("/admin/events/")
        && !path.ends_with(".csv")
        && !path.ends_with(".json")
}

/// Lets only signed-in operators reach the console. Someone else opening one of its pages is
/// sent to the sign-in page; any other request (an action, a download, a server function)
/// gets a 401 and does nothing.
pub async fn require_operator_layer(
    State(state): State<AppState>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if guarded(&path) {
        match require_operator(&state, &session).await {
            Ok(_) => {}
            Err(AuthError::Unauthorized) if is_page(&request) => {
                return Redirect::to("/admin/login").into_response()
            }
            Err(AuthError::Unauthorized) => {
                let page = super::page::simple_page(
                    crate::domain::Language::En,
                    "Sign in as an operator first.",
                );
                return (StatusCode::UNAUTHORIZED, Html(page)).into_response();
            }
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
