//! `POST /inquiries/{id}/generate-one-time-link` (CONTRACT 7.4): opens a session and returns
//! `<root>/verify?code=…`; the Hosted Flow accepts each code once.

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use super::members::{parse_json, Members};
use crate::emulator::Emulator;
use crate::lifecycle::links::generate;
use crate::wire::error::ApiError;
use crate::wire::inquiry::document;

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

/// The long and short link for `code`; the emulator has no short-link domain, so they match.
pub(crate) fn urls(root: &str, code: &str) -> (String, String) {
    (
        format!("{root}/verify?code={code}"),
        format!("{root}/verify?code={code}"),
    )
}

/// `POST /inquiries/{id}/generate-one-time-link` with optional `meta.expires-in-seconds`.
pub(crate) async fn handler(
    State(emulator): State<Emulator>,
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
    let (inquiry, code) = emulator.with(|state, now| {
        let code = generate(state, &emulator.tokens, &inquiry_id, lifetime, now)?;
        let inquiry = state.inquiries.get(&inquiry_id).cloned();
        Ok::<_, ApiError>((inquiry.ok_or(ApiError::NotFound)?, code))
    })?;
    let (one_time_link, one_time_link_short) = urls(&base, &code);
    let meta = LinkMeta {
        one_time_link,
        one_time_link_short,
    };
    Ok(Json(document(&inquiry, Some(meta))).into_response())
}
