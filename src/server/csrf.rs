//! Cross-site request forgery: every state-changing request must come from our own pages.
//! Two checks: the browser's `Origin`/`Sec-Fetch-Site` must not name another site, and forms
//! under `/admin` must carry the session's token (a synchronizer token), except the sign-in
//! form (see [`needs_token`]).

use super::page::plain;
use super::session_keys;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use rand::distributions::{Alphanumeric, DistString};
use subtle::ConstantTimeEq;
use tower_sessions::Session;

/// The name of the hidden field in every admin form.
pub const FIELD: &str = "csrf_token";
const MAX_FORM_BYTES: usize = 64 * 1024;

/// The session's token, made on first use. Forms embed it; posts must send it back.
pub async fn token(session: &Session) -> anyhow::Result<String> {
    if let Some(token) = session.get::<String>(session_keys::CSRF_TOKEN).await? {
        return Ok(token);
    }
    renew(session).await
}

/// A new token (at sign-in, so a token seen before it is worthless after, and every signed-in
/// session has one).
pub async fn renew(session: &Session) -> anyhow::Result<String> {
    let token = Alphanumeric.sample_string(&mut rand::thread_rng(), 43);
    session.insert(session_keys::CSRF_TOKEN, &token).await?;
    Ok(token)
}

fn refused(reason: &'static str) -> Response {
    tracing::warn!(reason, "refused a state-changing request");
    plain(StatusCode::FORBIDDEN, "error-form-expired")
}

/// Whether the request says it comes from another site. Requests without these headers (not
/// a browser) pass this check; admin forms other than sign-in still need the token.
fn cross_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site == "cross-site" || site == "same-site" {
            return true;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    origin == "null" || origin_host != host
}

pub async fn csrf_layer(session: Session, request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let path = request.uri().path();
    // Persona's webhooks are signed instead; they never carry a browser's cookies.
    if !unsafe_method || path == "/webhooks/persona" {
        return next.run(request).await;
    }
    if cross_site(&request) {
        return refused("cross-site origin");
    }
    if !needs_token(path) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return refused("unreadable form");
    };
    let sent = form_urlencoded_value(&bytes, FIELD);
    let expected = session
        .get::<String>(session_keys::CSRF_TOKEN)
        .await
        .ok()
        .flatten();
    match (sent, expected) {
        (Some(sent), Some(expected)) if bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) => {}
        _ => return refused("missing or wrong token"),
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Admin forms, but for the sign-in form. A token lives in a session, and a visitor who only
/// looks at the sign-in page must not get a session row (anyone could fill the table). A forged
/// sign-in from another site (login CSRF) is still refused by [`cross_site`], from the
/// `Origin` and `Sec-Fetch-Site` every current browser sends with a POST; the session made at
/// sign-in gets a token (`renew`) that every other admin form must carry.
fn needs_token(path: &str) -> bool {
    (path == "/admin" || path.starts_with("/admin/")) && path != "/admin/login"
}

fn form_urlencoded_value(bytes: &[u8], name: &str) -> Option<String> {
    url::form_urlencoded::parse(bytes)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}
