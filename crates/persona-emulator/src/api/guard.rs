//! Middleware around every `/api/v1` route, in Persona's order (CONTRACT 1–3): authenticate,
//! rate-limit, then the idempotency layer; authenticated responses get `Request-Id` and
//! `RateLimit-*` headers. 401 and 429 are answered before idempotency, so they are never stored.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use super::headers::{
    ENVIRONMENT_ID, IDEMPOTENCY_KEY, ORGANIZATION_ID, QUOTA_LIMIT, QUOTA_REMAINING, QUOTA_RESET,
    RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET, REQUEST_ID,
};
use super::idempotency;
use crate::emulator::Emulator;
use crate::faults::{endpoint_name, FaultKind};
use crate::ids::new_id;
use crate::state::RateWindow;
use crate::wire::error::ApiError;
use crate::wire::version_and_inflection::VersionAndInflection;

/// How long `timeout` and `lost_response` faults hold an answer: longer than any client waits.
const HOLD: std::time::Duration = std::time::Duration::from_secs(30);

struct RateInfo {
    remaining: u32,
    reset_secs: i64,
    exceeded: bool,
}

/// Counts one request in a fixed one-minute window shared by all keys (Persona's defaults:
/// 300 requests, 150 inquiry creations per minute).
fn take(window: &mut RateWindow, limit: u32, now: DateTime<Utc>) -> RateInfo {
    let seconds = now.timestamp();
    let minute = seconds.div_euclid(60);
    if window.minute != minute {
        window.minute = minute;
        window.used = 0;
    }
    window.used = window.used.saturating_add(1);
    RateInfo {
        remaining: limit.saturating_sub(window.used),
        reset_secs: 60 - seconds.rem_euclid(60),
        exceeded: window.used > limit,
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

/// What a single-inquiry document (`data`) includes by default before API version 2025-10-27
/// (CONTRACT 5), looked up here because handlers write the current version, `included: []`.
fn related(emulator: &Emulator, data: &serde_json::Value) -> Vec<serde_json::Value> {
    let Some(id) = data["id"].as_str().filter(|_| data["type"] == "inquiry") else {
        return Vec::new();
    };
    emulator.state.with(|state| {
        state
            .inquiries
            .get(id)
            .map(|inquiry| state.related(inquiry))
            .unwrap_or_default()
    })
}

/// Wraps every `/api/v1` handler: authentication, rate limits, faults, idempotency, the
/// requested version and key inflection, and the headers Persona adds to every answer.
pub(crate) async fn guard(
    State(emulator): State<Emulator>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(key) = api_key(request.headers(), &emulator.config.api_keys) else {
        return ApiError::Unauthorized.into_response();
    };
    let limit = emulator.options.rate_limit_per_minute;
    let now = emulator.state.now();
    let endpoint = endpoint_name(request.method().as_str(), request.uri().path());
    let rate = emulator
        .state
        .with(|state| take(&mut state.rate, limit, now));
    let quota_limit = emulator.options.creation_quota_per_minute;
    let quota = (endpoint == "create" && !rate.exceeded).then(|| {
        emulator
            .state
            .with(|state| take(&mut state.quota, quota_limit, now))
    });
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
    let (latency, fault) = emulator.state.with(|state| {
        let latency = state.faults.faults.latency_ms;
        (latency, state.faults.api(&endpoint))
    });
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }

    let mut response = match (
        rate.exceeded,
        fault,
        VersionAndInflection::from_headers(request.headers()),
    ) {
        (true, _, _) | (_, Some(FaultKind::RateLimited), _) => {
            ApiError::RateLimited { limit }.into_response()
        }
        _ if quota.as_ref().is_some_and(|q| q.exceeded) => {
            ApiError::QuotaExceeded { limit: quota_limit }.into_response()
        }
        (_, _, Err(err)) => err.into_response(),
        (_, Some(FaultKind::InternalError), _) => ApiError::Internal.into_response(),
        (_, Some(FaultKind::Unavailable), _) => ApiError::Unavailable.into_response(),
        (_, Some(FaultKind::Forbidden), _) => ApiError::Forbidden.into_response(),
        (_, Some(FaultKind::Timeout), _) => {
            tokio::time::sleep(HOLD).await;
            ApiError::GatewayTimeout.into_response()
        }
        (_, _, Ok(format)) => {
            // Handlers read request `fields` by the version (see `create_request::parse_fields`).
            request.extensions_mut().insert(format);
            let fails = fault == Some(FaultKind::InternalErrorRemembered);
            let response = match idempotency_key {
                Some(idempotency_key) => {
                    let call = idempotency::Call {
                        api_key: &key,
                        key: idempotency_key,
                        request_id: &request_id,
                        fails,
                    };
                    idempotency::run(&emulator, call, request, next).await
                }
                None if fails => ApiError::Internal.into_response(),
                None => next.run(request).await,
            };
            if fault == Some(FaultKind::LostResponse) {
                tokio::time::sleep(HOLD).await;
            }
            format
                .rewrite_response(response, |data| related(&emulator, data))
                .await
        }
    };

    let headers = response.headers_mut();
    // A replayed response keeps the Request-Id of the request that produced it.
    if !headers.contains_key(REQUEST_ID) {
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            headers.insert(REQUEST_ID, value);
        }
    }
    headers.insert(RATE_LIMIT_LIMIT, HeaderValue::from(limit));
    headers.insert(RATE_LIMIT_REMAINING, HeaderValue::from(rate.remaining));
    headers.insert(RATE_LIMIT_RESET, HeaderValue::from(rate.reset_secs));
    // Docs name them `quota-*` on object-creating calls (CONTRACT 1; exact names UNCONFIRMED).
    if let Some(quota) = quota {
        headers.insert(QUOTA_LIMIT, HeaderValue::from(quota_limit));
        headers.insert(QUOTA_REMAINING, HeaderValue::from(quota.remaining));
        headers.insert(QUOTA_RESET, HeaderValue::from(quota.reset_secs));
    }
    headers.insert(
        ENVIRONMENT_ID,
        HeaderValue::from_static("env_emulatorsandbox"),
    );
    headers.insert(ORGANIZATION_ID, HeaderValue::from_static("org_emulator"));
    response
}
