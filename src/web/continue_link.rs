//! Continuing by email: `POST /continue/request` emails a link, `POST /continue` uses one.
//! (`GET /continue/{token}` is a page: opening a link only shows a button, so a mail scanner
//! that follows links cannot spend the walker's one click.)

use super::error::read_form;
use super::verification::go;
use super::WebError;
use crate::domain::Email;
use crate::onboarding::LinkToken;
use crate::server::page::plain;
use crate::server::{session_keys, AppState};
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

/// Both forms hold one short field.
const MAX_FORM_BYTES: usize = 4 * 1024;

#[derive(Deserialize)]
struct LinkRequest {
    email: String,
}

#[derive(Deserialize)]
struct UseLink {
    token: String,
}

/// Emails a link to the walker with this address, if any. The answer is the same either way.
pub async fn request_link(
    State(state): State<AppState>,
    request: Request<Body>,
) -> Result<Response, WebError> {
    let form: LinkRequest = read_form(request.into_body(), MAX_FORM_BYTES).await?;
    let Ok(email) = Email::parse(&form.email) else {
        return Ok(plain(StatusCode::UNPROCESSABLE_ENTITY, "link-bad-email"));
    };
    state
        .onboarding
        .email_link(&email)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    Ok(Redirect::to("/status/link-sent").into_response())
}

/// Uses a link: this browser becomes the walker's (with a new session id) and continues where
/// the returning-walker policy says. A link that no longer works goes back to its page, which
/// says so and offers a new one.
pub async fn use_link(
    State(state): State<AppState>,
    session: Session,
    request: Request<Body>,
) -> Result<Response, WebError> {
    let form: UseLink = read_form(request.into_body(), MAX_FORM_BYTES).await?;
    let Some(token) = LinkToken::parse(&form.token) else {
        return Ok(Redirect::to("/continue/invalid").into_response());
    };
    let walker_id = match state.onboarding.redeem_link(&token).await {
        Ok(Some(walker_id)) => walker_id,
        Ok(None) => return Ok(Redirect::to("/continue/invalid").into_response()),
        Err(error) => return Err(WebError::Internal(error.into())),
    };
    session
        .cycle_id()
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    session
        .insert(session_keys::WALKER_ID, &walker_id)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    go(
        state.onboarding.continue_verification(&walker_id).await,
        &walker_id,
    )
}
