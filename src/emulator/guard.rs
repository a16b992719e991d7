//! Middleware around every `/api/v1` route, in Persona's order (CONTRACT 1–3): authenticate,
//! rate-limit, then the idempotency layer; authenticated responses get `Request-Id` and
//! `RateLimit-*` headers. 401 and 429 are answered before idempotency, so they are never stored.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use super::errors::ApiError;
use super::idempotency;
use super::ids::new_id;
use super::store::State as EmulatorState;
use super::App;

/// Persona's production default; a fixed one-minute window shared by all keys.
const RATE_LIMIT: u32 = 300;

pub(crate) const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");
const RATE_LIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
const RATE_LIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
const RATE_LIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");
const IDEMPOTENCY_KEY: &str = "idempotency-key";

struct RateInfo {
    remaining: u32,
    reset_secs: i64,
    exceeded: bool,
}

fn take_rate(state: &mut EmulatorState, now: DateTime<Utc>) -> RateInfo {
    let seconds = now.timestamp();
    let minute = seconds.div_euclid(60);
    if state.rate.minute != minute {
        state.rate.minute = minute;
        state.rate.used = 0;
    }
    state.rate.used = state.rate.used.saturating_add(1);
    RateInfo {
        remaining: RATE_LIMIT.saturating_sub(state.rate.used),
        reset_secs: 60 - seconds.rem_euclid(60),
        exceeded: state.rate.used > RATE_LIMIT,
    }
}

/// The configured API key this request authenticates with, if any.
fn api_key(headers: &HeaderMap, keys: &[String]) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && keys.iter().any(|k| k == token))
        .then(|| token.to_owned())
}

pub(crate) async fn guard(State(app): State<App>, request: Request, next: Next) -> Response {
    let Some(key) = api_key(request.headers(), &app.config.api_keys) else {
        return ApiError::Unauthorized.into_response();
    };
    let now = app.store.now();
    let rate = app.store.with(|state| take_rate(state, now));
    let request_id = new_id("req");
    let idempotency_key = match request.method() {
        &Method::POST => request
            .headers()
            .get(IDEMPOTENCY_KEY)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .filter(|k| !k.is_empty()),
        _ => None,
    };

    let mut response = if rate.exceeded {
        ApiError::RateLimited { limit: RATE_LIMIT }.into_response()
    } else if let Some(idempotency_key) = idempotency_key {
        idempotency::run(&app, &key, idempotency_key, &request_id, request, next).await
    } else {
        next.run(request).await
    };

    let headers = response.headers_mut();
    // A replayed response keeps the Request-Id of the request that produced it.
    if !headers.contains_key(REQUEST_ID) {
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            headers.insert(REQUEST_ID, value);
        }
    }
    headers.insert(RATE_LIMIT_LIMIT, HeaderValue::from(RATE_LIMIT));
    headers.insert(RATE_LIMIT_REMAINING, HeaderValue::from(rate.remaining));
    headers.insert(RATE_LIMIT_RESET, HeaderValue::from(rate.reset_secs));
    response
}
