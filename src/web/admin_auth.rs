//! Operator sign-in and the guard in front of `/admin`.

use super::error::read_form;
use super::render::render_page;
use super::{session_keys, AppState, WebError};
use crate::app::LoginState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

const MAX_FORM_BYTES: usize = 4 * 1024;

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// `POST /admin/login`.
pub async fn login(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Result<Response, WebError> {
    let (parts, body) = request.into_parts();
    let form: LoginForm = read_form(body, MAX_FORM_BYTES).await?;
    let username = form.username.trim().to_owned();
    match state
        .onboarding
        .authenticate_operator(&username, &form.password)
        .await?
    {
        Some(operator_id) => {
            // A fresh session id at sign-in, so a planted cookie never becomes an operator's.
            session
                .cycle_id()
                .await
                .map_err(|e| WebError::Internal(e.into()))?;
            session
                .insert(session_keys::OPERATOR_ID, operator_id)
                .await
                .map_err(|e| WebError::Internal(e.into()))?;
            Ok(Redirect::to("/admin").into_response())
        }
        None => {
            // One message for an unknown user and a wrong password: no hint which it was.
            let form = LoginState {
                username,
                error: Some("Wrong username or password.".into()),
            };
            let request = Request::from_parts(parts, Body::empty());
            Ok(render_page(&state, request, form, StatusCode::UNAUTHORIZED).await)
        }
    }
}

/// `POST /admin/logout`: the whole session goes.
pub async fn logout(session: Session) -> Result<Redirect, WebError> {
    session
        .flush()
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    Ok(Redirect::to("/admin/login"))
}

/// The signed-in operator's id, or `Unauthorized`. Also checks the operator is still enabled.
pub async fn require_operator(state: &AppState, session: &Session) -> Result<String, WebError> {
    let id: Option<String> = session
        .get(session_keys::OPERATOR_ID)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    let Some(id) = id else {
        return Err(WebError::Unauthorized);
    };
    match state.onboarding.db.operator_by_id(&id).await? {
        Some(operator) if operator.disabled == 0 => Ok(id),
        _ => Err(WebError::Unauthorized),
    }
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
            Err(WebError::Unauthorized) => return Redirect::to("/admin/login").into_response(),
            Err(other) => return other.into_response(),
        }
    }
    let mut response = next.run(request).await;
    if path.starts_with("/admin") {
        // Operator pages hold personal data: never keep them in a cache.
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    response
}
