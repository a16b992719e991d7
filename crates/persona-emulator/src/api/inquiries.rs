//! Single-inquiry API handlers: create, retrieve, resume, plus [`apply`], which the other
//! inquiry actions share. Auth, rate-limit headers and idempotency are applied around them by
//! `guard`.

use axum::body::Bytes;
use axum::extract::{Extension, OriginalUri, Path, State};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use chrono::{DateTime, Utc};

use super::{create_request, links, members};
use crate::emulator::Emulator;
use crate::lifecycle::{flow, links as one_time_links, sessions};
use crate::model::inquiry::Inquiry;
use crate::state::EmulatorState;
use crate::wire::error::ApiError;
use crate::wire::inquiry::{document, CreateMeta, SessionMeta};
use crate::wire::version_and_inflection::VersionAndInflection;

/// `POST /inquiries` -> 201 with `data`, `included: []` and `meta` (CONTRACT 7.1).
pub(crate) async fn create(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    original: OriginalUri,
    Extension(version): Extension<VersionAndInflection>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request = create_request::parse_create(&body, &emulator.template, version)?;
    let wants_session = request.auto_create_session;
    let link_lifetime = request
        .auto_create_link
        .then_some(request.link_lifetime_secs);
    let (inquiry, session_token, code) = emulator.with(|state, now| {
        let id = flow::create(state, &emulator.template, request.inquiry, now)?;
        let token = if wants_session {
            sessions::open(state, &emulator.tokens, &id, now)
        } else {
            None
        };
        let code = link_lifetime.and_then(|lifetime| {
            one_time_links::generate(state, &emulator.tokens, &id, lifetime, now).ok()
        });
        Ok::<_, ApiError>((state.inquiries.get(&id).cloned(), token, code))
    })?;
    let inquiry = inquiry.ok_or(ApiError::Internal)?;
    let (one_time_link, one_time_link_short) = match code {
        Some(code) => {
            let (long, short) = links::urls(&links::public_root(&headers, &original), &code);
            (Some(long), Some(short))
        }
        None => (None, None),
    };
    let meta = CreateMeta {
        session_token,
        one_time_link,
        one_time_link_short,
    };
    Ok((StatusCode::CREATED, Json(document(&inquiry, Some(meta)))).into_response())
}

fn find(emulator: &Emulator, id: &str) -> Result<Inquiry, ApiError> {
    emulator
        .with(|state, _| state.inquiries.get(id).cloned())
        .ok_or(ApiError::NotFound)
}

/// `GET /inquiries/{id}`. `include` is accepted but ignored: `included` stays empty, as in
/// Persona since 2025-10-27 without it; older versions get the related objects from `guard`.
pub(crate) async fn retrieve(
    State(emulator): State<Emulator>,
    Path(inquiry_id): Path<String>,
) -> Result<Response, ApiError> {
    let inquiry = find(&emulator, &inquiry_id)?;
    Ok(Json(document::<()>(&inquiry, None)).into_response())
}

/// `POST /inquiries/{id}/resume` -> the inquiry plus `meta.session-token` (CONTRACT 7.3).
pub(crate) async fn resume(
    State(emulator): State<Emulator>,
    Path(inquiry_id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    // The body is optional (`{"meta":{}}` at most) but must still be JSON when present.
    members::parse_json(&body)?;
    let (inquiry, token) = emulator.with(|state, now| {
        flow::resume(state, &inquiry_id, now)?;
        let token = sessions::reuse_or_open(state, &emulator.tokens, &inquiry_id, now).ok_or_else(
            || ApiError::Conflict("Inquiry has reached its maximum number of sessions".into()),
        )?;
        let inquiry = state
            .inquiries
            .get(&inquiry_id)
            .cloned()
            .ok_or(ApiError::NotFound)?;
        Ok::<_, ApiError>((inquiry, token))
    })?;
    let meta = SessionMeta {
        session_token: token,
    };
    Ok(Json(document(&inquiry, Some(meta))).into_response())
}

/// Unknown paths under `/api/v1`.
pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// Runs `change` on the inquiry and answers with the inquiry as it is afterwards.
pub(crate) fn apply(
    emulator: &Emulator,
    inquiry_id: &str,
    change: impl FnOnce(&mut EmulatorState, DateTime<Utc>) -> Result<(), ApiError>,
) -> Result<Response, ApiError> {
    let inquiry = emulator.with(|state, now| {
        change(state, now)?;
        state
            .inquiries
            .get(inquiry_id)
            .cloned()
            .ok_or(ApiError::NotFound)
    })?;
    Ok(Json(document::<()>(&inquiry, None)).into_response())
}
