//! One-time links (CONTRACT 7.4): `POST /inquiries/{id}/generate-one-time-link` opens a session
//! and returns `<root>/verify?code=…`; the Hosted Flow accepts each code once.

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use rand::distributions::{Alphanumeric, DistString};
use serde::Serialize;

use super::errors::ApiError;
use super::members::{parse_json, Members};
use super::model::Status;
use super::session::{self, TokenKey};
use super::store::State as EmulatorState;
use super::{wire, App};

/// Persona's default link lifetime (UNCONFIRMED 14: the API docs say 24 h).
const DEFAULT_LIFETIME_SECS: i64 = 24 * 60 * 60;

#[derive(Debug, Clone)]
pub(crate) struct OneTimeLink {
    pub inquiry_id: String,
    pub session_id: String,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct LinkMeta {
    one_time_link: String,
    one_time_link_short: String,
}

/// The emulator root as the client reached it: `http://host` plus the mount prefix taken from
/// the path in front of `/api/v1`.
pub(crate) fn public_root(headers: &HeaderMap, original: &OriginalUri) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let path = original.path();
    let prefix = path.find("/api/v1").map_or("", |at| &path[..at]);
    format!("http://{host}{prefix}")
}

/// Creates (or reuses an unused, unexpired) link for the inquiry and returns its code.
pub(crate) fn generate(
    state: &mut EmulatorState,
    tokens: &TokenKey,
    inquiry_id: &str,
    lifetime_secs: Option<i64>,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let inquiry = state.inquiries.get(inquiry_id).ok_or(ApiError::NotFound)?;
    if inquiry.redacted_at.is_some() {
        return Err(ApiError::Conflict("Inquiry already redacted".into()));
    }
    match inquiry.status {
        Status::Created | Status::Pending => {}
        Status::Expired => {
            return Err(ApiError::Conflict(
                "Inquiry is expired; resume it before generating a one-time link".into(),
            ))
        }
        other => {
            return Err(ApiError::Conflict(format!(
                "Cannot generate a one-time link for an inquiry with status '{}'",
                other.as_str()
            )))
        }
    }
    let reusable = state
        .links
        .iter()
        .find(|(_, link)| link.inquiry_id == inquiry_id && !link.used && link.expires_at > now);
    if let Some((code, _)) = reusable {
        return Ok(code.clone());
    }
    let lifetime = lifetime_secs.unwrap_or(DEFAULT_LIFETIME_SECS);
    // The session's token is minted when the link is redeemed; only the session is needed now.
    session::open(state, tokens, inquiry_id, now).ok_or(ApiError::NotFound)?;
    let session_id = state
        .inquiries
        .get(inquiry_id)
        .and_then(|inq| inq.session_ids.last().cloned())
        .ok_or(ApiError::Internal)?;
    let code = Alphanumeric.sample_string(&mut rand::thread_rng(), 24);
    let link = OneTimeLink {
        inquiry_id: inquiry_id.to_owned(),
        session_id,
        expires_at: now + Duration::seconds(lifetime),
        used: false,
    };
    state.links.insert(code.clone(), link);
    Ok(code)
}

pub(crate) fn urls(root: &str, code: &str) -> (String, String) {
    (
        format!("{root}/verify?code={code}"),
        format!("{root}/verify?code={code}"),
    )
}

/// `POST /inquiries/{id}/generate-one-time-link` with optional `meta.expires-in-seconds`.
pub(crate) async fn handler(
    State(app): State<App>,
    Path(inquiry_id): Path<String>,
    headers: HeaderMap,
    original: OriginalUri,
    body: Bytes,
) -> Result<Response, ApiError> {
    let root = parse_json(&body)?;
    let top = Members::new("body", Some(&root), &["meta"])?;
    let meta = Members::new(
        "meta",
        top.values.get("meta").copied(),
        &["expires-in-seconds"],
    )?;
    let lifetime = meta.seconds("expires-in-seconds")?;
    if lifetime == Some(0) {
        return Err(ApiError::bad_request(
            "meta.expires_in_seconds must be greater than 0",
        ));
    }
    let base = public_root(&headers, &original);
    let (inquiry, code) = app.with(|state, now| {
        let code = generate(state, &app.tokens, &inquiry_id, lifetime, now)?;
        let inquiry = state.inquiries.get(&inquiry_id).cloned();
        Ok::<_, ApiError>((inquiry.ok_or(ApiError::NotFound)?, code))
    })?;
    let (one_time_link, one_time_link_short) = urls(&base, &code);
    let meta = LinkMeta {
        one_time_link,
        one_time_link_short,
    };
    Ok(Json(wire::document(&inquiry, Some(meta))).into_response())
}

/// Redeems `code` once: the session token to continue with, and the inquiry id.
pub(crate) fn redeem(
    state: &mut EmulatorState,
    tokens: &TokenKey,
    code: &str,
    now: DateTime<Utc>,
) -> Option<(String, String)> {
    let link = state.links.get_mut(code)?;
    if link.used || link.expires_at <= now {
        return None;
    }
    link.used = true;
    let (inquiry_id, session_id) = (link.inquiry_id.clone(), link.session_id.clone());
    let live = state
        .sessions
        .get(&session_id)
        .is_some_and(|s| s.expires_at > now);
    live.then(|| (inquiry_id, tokens.mint(&session_id, now)))
}
