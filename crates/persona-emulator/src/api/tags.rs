//! Tags: `add-tag`, `remove-tag` (`meta.tag-name`), `set-tags` (`meta.tag-name` list). The
//! change itself, and its event, is `lifecycle/tags.rs`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value;

use super::inquiries::apply;
use super::members::{parse_json, Members};
use crate::emulator::Emulator;
use crate::lifecycle::tags::set;
use crate::state::EmulatorState;
use crate::wire::error::ApiError;

fn meta(root: &Value) -> Result<Members<'_>, ApiError> {
    let top = Members::new("body", Some(root), &["meta"])?;
    Members::new(
        "meta",
        top.values.get("meta").copied(),
        &["tag-name", "tag-id"],
    )
}

/// Tags have no ids in the emulator, so `tag-id` can name no existing tag.
fn refuse_tag_ids(meta: &Members<'_>) -> Result<(), ApiError> {
    match meta.values.get("tag-id") {
        None | Some(Value::Null) => Ok(()),
        Some(_) => Err(ApiError::NotFound),
    }
}

fn current(state: &EmulatorState, id: &str) -> Result<Vec<String>, ApiError> {
    state
        .inquiries
        .get(id)
        .map(|inq| inq.tags.clone())
        .ok_or(ApiError::NotFound)
}

fn one_name(meta: &Members<'_>) -> Result<String, ApiError> {
    refuse_tag_ids(meta)?;
    meta.string("tag-name")?
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ApiError::bad_request("meta.tag_name is required"))
}

pub(crate) async fn add(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let root = parse_json(&body)?;
    let name = one_name(&meta(&root)?)?;
    apply(&emulator, &id, |state, now| {
        let mut tags = current(state, &id)?;
        if !tags.contains(&name) {
            tags.push(name);
        }
        set(state, &id, tags, now)
    })
}

pub(crate) async fn remove(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let root = parse_json(&body)?;
    let name = one_name(&meta(&root)?)?;
    apply(&emulator, &id, |state, now| {
        let mut tags = current(state, &id)?;
        tags.retain(|t| t != &name);
        set(state, &id, tags, now)
    })
}

pub(crate) async fn set_all(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let root = parse_json(&body)?;
    let meta = meta(&root)?;
    refuse_tag_ids(&meta)?;
    let tags = meta.string_list("tag-name")?;
    apply(&emulator, &id, |state, now| set(state, &id, tags, now))
}
