//! Decision and housekeeping endpoints: approve, decline, mark-for-review, expire and redact
//! (`DELETE /inquiries/{id}`). Rules live in `lifecycle/decisions.rs`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;

use super::inquiries::apply;
use super::members::{parse_json, Members};
use crate::emulator::Emulator;
use crate::lifecycle::decisions::{self, Decision, OnRepeat};
use crate::wire::error::ApiError;

/// A body that may be absent, `{}` or `{"meta": {…}}` with only `meta_keys` inside.
fn meta_body(body: &[u8], meta_keys: &[&str]) -> Result<Option<String>, ApiError> {
    let root = parse_json(body)?;
    let top = Members::new("body", Some(&root), &["meta"])?;
    let meta = Members::new("meta", top.values.get("meta").copied(), meta_keys)?;
    if meta_keys.contains(&"comment") {
        meta.string("comment")
    } else {
        Ok(None)
    }
}

pub(crate) async fn approve(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let comment = meta_body(&body, &["comment"])?;
    apply(&emulator, &id, |state, now| {
        decisions::decide(
            state,
            &id,
            Decision::Approve,
            comment,
            OnRepeat::Refuse,
            now,
        )
    })
}

pub(crate) async fn decline(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let comment = meta_body(&body, &["comment"])?;
    apply(&emulator, &id, |state, now| {
        decisions::decide(
            state,
            &id,
            Decision::Decline,
            comment,
            OnRepeat::Refuse,
            now,
        )
    })
}

pub(crate) async fn mark_for_review(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    meta_body(&body, &[])?;
    apply(&emulator, &id, |state, now| {
        decisions::mark_for_review(state, &id, OnRepeat::Refuse, now)
    })
}

pub(crate) async fn expire(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    meta_body(&body, &[])?;
    apply(&emulator, &id, |state, now| {
        decisions::expire(state, &id, OnRepeat::Refuse, now)
    })
}

pub(crate) async fn redact(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    apply(&emulator, &id, |state, now| {
        decisions::redact(state, &id, now)
    })
}
