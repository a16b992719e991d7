//! Tags: `add-tag`, `remove-tag` (`meta.tag-name`), `set-tags` (`meta.tag-name` list). Changes
//! fire `inquiry.updated-tags` with `context.added-tags` / `context.removed-tags`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::api::apply;
use super::errors::ApiError;
use super::members::{parse_json, Members};
use super::store::State as EmulatorState;
use super::App;

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

fn set(
    state: &mut EmulatorState,
    id: &str,
    tags: Vec<String>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let inquiry = state.inquiries.get_mut(id).ok_or(ApiError::NotFound)?;
    if inquiry.redacted_at.is_some() {
        return Err(ApiError::Conflict("Inquiry already redacted".into()));
    }
    let added: Vec<String> = tags
        .iter()
        .filter(|t| !inquiry.tags.contains(t))
        .cloned()
        .collect();
    let removed: Vec<String> = inquiry
        .tags
        .iter()
        .filter(|t| !tags.contains(t))
        .cloned()
        .collect();
    if added.is_empty() && removed.is_empty() {
        return Ok(());
    }
    inquiry.tags = tags;
    inquiry.updated_at = now;
    let context = json!({"added-tags": added, "removed-tags": removed});
    state.record_event_with("inquiry.updated-tags", id, now, Some(context));
    Ok(())
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
    State(app): State<App>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let root = parse_json(&body)?;
    let name = one_name(&meta(&root)?)?;
    apply(&app, &id, |state, now| {
        let mut tags = current(state, &id)?;
        if !tags.contains(&name) {
            tags.push(name);
        }
        set(state, &id, tags, now)
    })
}

pub(crate) async fn remove(
    State(app): State<App>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let root = parse_json(&body)?;
    let name = one_name(&meta(&root)?)?;
    apply(&app, &id, |state, now| {
        let mut tags = current(state, &id)?;
        tags.retain(|t| t != &name);
        set(state, &id, tags, now)
    })
}

pub(crate) async fn set_all(
    State(app): State<App>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let root = parse_json(&body)?;
    let meta = meta(&root)?;
    refuse_tag_ids(&meta)?;
    let tags = meta.string_list("tag-name")?;
    apply(&app, &id, |state, now| set(state, &id, tags, now))
}
