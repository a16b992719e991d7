//! `GET /events` (filters `filter[name]`, `filter[object-id]`, `filter[id]`, comma lists, any
//! other `filter[…]` 400; newest first; cursor pages like the inquiry list) and
//! `GET /events/{id}`.

use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::pagination::{link, page_bounds, query_pairs, split, unknown_filter, Cursor, Page};
use crate::emulator::Emulator;
use crate::wire::error::ApiError;
use crate::wire::event;

#[derive(Default)]
struct Filters {
    names: Option<Vec<String>>,
    object_ids: Option<Vec<String>>,
    ids: Option<Vec<String>>,
}

pub(crate) async fn list(
    State(emulator): State<Emulator>,
    OriginalUri(original): OriginalUri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut filters = Filters::default();
    let mut page = Page::default();
    for (name, value) in query_pairs(raw.as_deref()) {
        match name.as_str() {
            "filter[name]" => filters.names = Some(split(&value)),
            "filter[object-id]" => filters.object_ids = Some(split(&value)),
            "filter[id]" => filters.ids = Some(split(&value)),
            _ if name.starts_with("filter[") => return Err(unknown_filter(&name)),
            _ => page.read(&name, &value)?,
        }
    }
    page.check()?;
    let listed = |list: &Option<Vec<String>>, value: &str| {
        list.as_ref().is_none_or(|l| l.iter().any(|v| v == value))
    };
    // Newest first: events are stored oldest first with strictly increasing times.
    let all: Vec<(String, Value)> = emulator.with(|state, _| {
        state
            .events
            .iter()
            .rev()
            .filter(|e| {
                listed(&filters.names, &e.name)
                    && listed(&filters.object_ids, &e.object_id)
                    && listed(&filters.ids, &e.id)
            })
            .map(|e| (e.id.clone(), event::resource(e)))
            .collect()
    });
    let position = |id: &str| all.iter().position(|(e, _)| e == id);
    let (start, end) = page_bounds(&page, all.len(), |cursor| match cursor {
        Cursor::After(id) => position(id).map(|p| p + 1),
        Cursor::Before(id) => position(id),
    })?;
    let path = original.path();
    let next = (end < all.len() && end > start)
        .then(|| link(path, &page.carried, ("page[after]", &all[end - 1].0)));
    let prev = (start > 0 && end > start)
        .then(|| link(path, &page.carried, ("page[before]", &all[start].0)));
    let data: Vec<&Value> = all[start..end].iter().map(|(_, v)| v).collect();
    Ok(Json(json!({"data": data, "links": {"prev": prev, "next": next}})).into_response())
}

pub(crate) async fn retrieve(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let event = emulator
        .with(|state, _| {
            state
                .events
                .iter()
                .find(|e| e.id == id)
                .map(event::resource)
        })
        .ok_or(ApiError::NotFound)?;
    Ok(Json(json!({ "data": event })).into_response())
}
