//! Operator sign-in and the guard in front of `/admin`. An unknown username and a wrong
//! password get the same answer, cost the same argon2 check, and slow down and lock alike.

use super::error::read_form;
use super::render::render_page;
use super::{csrf, session_keys, AppState, WebError};
use crate::app::LoginState;
use crate::onboarding::decisions::Operator;
use crate::store::LOCK_AFTER_FAILURES;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::time::Duration;
use tower_sessions::Session;

const MAX_FORM_BYTES: usize = 4 * 1024;
const WRONG: &str = "Wrong username or password.";
const LOCKED: &str = "Too many failed sign-ins. Please wait 15 minutes and try again.";

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// Extra wait before checking a password once a username has failed a few times.
fn slowdown(failures: i64) -> Duration {
    if failures < 2 {
        return Duration::ZERO;
    }
    let steps = (failures - 2).min(4) as u32;
    Duration::from_millis(250 * 2u64.pow(steps))
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
    // Counted per lower-cased name, so "Olive" cannot dodge the lock of "olive".
    let throttle_key = username.to_lowercase();
    let throttle = state.onboarding.store.login_throttle();
    let failures = throttle.failures(&throttle_key).await?;
    let render = |message: &'static str, status: StatusCode| {
        let form = LoginState {
            username: username.clone(),
            error: Some(message.into()),
        };
        let request = Request::from_parts(parts.clone(), Body::empty());
        let state = state.clone();
        async move { render_page(&state, request, form, status).await }
    };
    if failures.locked_until > crate::store::now_ms() {
        return Ok(render(LOCKED, StatusCode::TOO_MANY_REQUESTS).await);
    }
    tokio::time::sleep(slowdown(failures.failures)).await;
    let operator_id = state
        .onboarding
        .authenticate_operator(&username, &form.password)
        .await?;
    let Some(operator_id) = operator_id else {
        let now = throttle.record_failure(&throttle_key).await?;
        tracing::info!(failures = now.failures, "operator sign-in failed");
        let (message, status) = if now.failures >= LOCK_AFTER_FAILURES {
            (LOCKED, StatusCode::TOO_MANY_REQUESTS)
        } else {
            (WRONG, StatusCode::UNAUTHORIZED)
        };
        return Ok(render(message, status).await);
    };
    throttle.clear(&throttle_key).await?;
    // A fresh session id at sign-in, so a planted cookie never becomes an operator's, and a
    // fresh form token.
    session
        .cycle_id()
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    session
        .insert(session_keys::OPERATOR_ID, &operator_id)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    csrf::renew(&session).await?;
    tracing::info!(operator_id, "operator signed in");
    Ok(Redirect::to("/admin").into_response())
}

/// `POST /admin/logout`: the whole session goes, in the database too.
pub async fn logout(session: Session) -> Result<Redirect, WebError> {
    session
        .flush()
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    Ok(Redirect::to("/admin/login"))
}

/// The signed-in operator, or `Unauthorized`. Also checks the operator is still enabled, so
/// disabling someone ends their sessions at their next request.
pub async fn require_operator_record(
    state: &AppState,
    session: &Session,
) -> Result<Operator, WebError> {
    let id: Option<String> = session
        .get(session_keys::OPERATOR_ID)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    let Some(id) = id else {
        return Err(WebError::Unauthorized);
    };
    match state.onboarding.store.operators().by_id(&id).await? {
        Some(operator) if !operator.disabled => Ok(Operator {
            id: operator.id,
            username: operator.username,
        }),
        _ => Err(WebError::Unauthorized),
    }
}

/// The signed-in operator's id, or `Unauthorized`.
pub async fn require_operator(state: &AppState, session: &Session) -> Result<String, WebError> {
    require_operator_record(state, session)
        .await
        .map(|op| op.id)
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
    if path.starts_with("/admin") || path.starts_with("/api/admin") {
        // Operator pages hold personal data: never keep them in a cache.
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    response
}
