//! Back into Persona's flow where the walker left it: `GET /verification/continue`, and
//! `POST /verification/retry` for a new attempt where the policy allows one.

use super::WebError;
use crate::domain::WalkerId;
use crate::onboarding::{NextStep, OnboardingError};
use crate::server::page::plain;
use crate::server::{session_keys, AppState};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

async fn session_walker(session: &Session) -> Result<Option<WalkerId>, WebError> {
    session
        .get(session_keys::WALKER_ID)
        .await
        .map_err(|e| WebError::Internal(e.into()))
}

/// Where a walker goes next, as a redirect (or a page when Persona is not answering).
pub(super) fn go(
    next: Result<NextStep, OnboardingError>,
    walker_id: &WalkerId,
) -> Result<Response, WebError> {
    match next {
        Ok(NextStep::HostedFlow(url)) => Ok(Redirect::to(&url).into_response()),
        Ok(NextStep::Preparing) => Ok(Redirect::to("/verification/preparing").into_response()),
        Ok(NextStep::ShowStatus) => Ok(Redirect::to("/status").into_response()),
        Err(OnboardingError::PersonaUnavailable(error)) => {
            tracing::warn!(%walker_id, %error, "Persona unavailable on continue");
            Ok(plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "error-persona-unavailable",
            ))
        }
        Err(other) => Err(WebError::Internal(other.into())),
    }
}

/// Whether another site started this navigation (a link or an image there): it may show the
/// walker their status, never make PawPass call Persona on their behalf.
fn started_elsewhere(headers: &HeaderMap) -> bool {
    matches!(
        headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()),
        Some("cross-site" | "same-site")
    )
}

/// `GET` (the "preparing" page reloads it) and `POST` (the status page's button), rate-limited
/// per client in the router.
pub async fn continue_verification(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if started_elsewhere(&headers) {
        return Ok(Redirect::to("/status").into_response());
    }
    let Some(walker_id) = session_walker(&session).await? else {
        return Ok(Redirect::to("/signup").into_response());
    };
    match state.onboarding.continue_verification(&walker_id).await {
        // The session outlived its walker's row: start again.
        Err(OnboardingError::UnknownWalker(_)) => Ok(Redirect::to("/signup").into_response()),
        next => go(next, &walker_id),
    }
}

pub async fn retry_verification(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response, WebError> {
    let Some(walker_id) = session_walker(&session).await? else {
        return Ok(Redirect::to("/signup").into_response());
    };
    go(
        state.onboarding.start_new_attempt(&walker_id).await,
        &walker_id,
    )
}
