//! Operator sign-in and the guard in front of `/admin`. The rules (same answer for an unknown
//! username and a wrong password, slowing down, locking) are the console's; this is HTTP.

use super::error::read_form;
use super::render::render_page;
use super::WebError;
use crate::app::LoginState;
use crate::console::SignIn;
use crate::server::client_addr::rate_limit_key;
use crate::server::{csrf, session_keys, sessions, AppState};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::SocketAddr;
use tower_sessions::Session;

const MAX_FORM_BYTES: usize = 4 * 1024;
const WRONG: &str = "Wrong username or password.";
const LOCKED: &str =
    "Too many failed sign-ins from your connection. Please wait 15 minutes and try again.";

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// `POST /admin/login`. Failures are counted per client as the rate limits see it.
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    request: Request,
) -> Result<Response, WebError> {
    let client = rate_limit_key(
        state
            .trusted_proxies
            .client_ip(peer.ip(), request.headers()),
    );
    let (parts, body) = request.into_parts();
    let form: LoginForm = read_form(body, MAX_FORM_BYTES).await?;
    let username = form.username.trim().to_owned();
    let signed_in = state.console.sign_in(&username, &form.password, client);
    let (message, status) = match signed_in.await? {
        SignIn::SignedIn(operator_id) => {
            // A fresh session id at sign-in, so a planted cookie never becomes an operator's,
            // and a fresh form token.
            session
                .cycle_id()
                .await
                .map_err(|e| WebError::Internal(e.into()))?;
            session
                .insert(session_keys::OPERATOR_ID, &operator_id)
                .await
                .map_err(|e| WebError::Internal(e.into()))?;
            // The start of the absolute sign-in lifetime (see `server::sessions`).
            session
                .insert(session_keys::SIGNED_IN_AT, sessions::sign_in_time())
                .await
                .map_err(|e| WebError::Internal(e.into()))?;
            csrf::renew(&session).await?;
            return Ok(Redirect::to("/admin").into_response());
        }
        SignIn::Refused => (WRONG, StatusCode::UNAUTHORIZED),
        SignIn::Locked => (LOCKED, StatusCode::TOO_MANY_REQUESTS),
    };
    let form = LoginState {
        username,
        error: Some(message.into()),
    };
    let request = Request::from_parts(parts, Body::empty());
    Ok(render_page(&state, request, form, status).await)
}

/// `POST /admin/logout`: the whole session goes, in the database too.
pub async fn logout(session: Session) -> Result<Redirect, WebError> {
    session
        .flush()
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    Ok(Redirect::to("/admin/login"))
}
