//! Persona's Accounts API, the part an inquiry integration needs: `GET /accounts` (filter
//! `filter[reference-id]`, a comma list; newest first; cursor pages like the inquiry list),
//! `GET /accounts/{id}` and `DELETE /accounts/{id}` (redaction, with every inquiry under it).

use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};

use super::pagination::{link, page_bounds, query_pairs, split, unknown_filter, Cursor, Page};
use crate::emulator::Emulator;
use crate::lifecycle::accounts;
use crate::model::account::Account;
use crate::wire::account::{document, resource, ListDocument};
use crate::wire::error::ApiError;
use crate::wire::inquiry::Links;

pub(crate) async fn retrieve(
    State(emulator): State<Emulator>,
    Path(account_id): Path<String>,
) -> Result<Response, ApiError> {
    let account = emulator
        .with(|state, _| state.accounts.get(&account_id).cloned())
        .ok_or(ApiError::NotFound)?;
    Ok(Json(document(&account)).into_response())
}

/// Answers 200 with the redacted account; 409 if it was redacted already.
pub(crate) async fn redact(
    State(emulator): State<Emulator>,
    Path(account_id): Path<String>,
) -> Result<Response, ApiError> {
    let account = emulator.with(|state, now| {
        accounts::redact(state, &account_id, now)?;
        state
            .accounts
            .get(&account_id)
            .cloned()
            .ok_or(ApiError::NotFound)
    })?;
    Ok(Json(document(&account)).into_response())
}

/// Sort key: newest first, creation order breaking millisecond ties.
fn key(account: &Account) -> (DateTime<Utc>, u64) {
    (account.created_at, account.seq)
}

pub(crate) async fn list(
    State(emulator): State<Emulator>,
    OriginalUri(original): OriginalUri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut references: Option<Vec<String>> = None;
    let mut page = Page::default();
    for (name, value) in query_pairs(raw.as_deref()) {
        match name.as_str() {
            "filter[reference-id]" => references = Some(split(&value)),
            _ if name.starts_with("filter[") => return Err(unknown_filter(&name)),
            _ => page.read(&name, &value)?,
        }
    }
    page.check()?;
    let (mut all, cursor_keys) = emulator.with(|state, _| {
        let all: Vec<Account> = state
            .accounts
            .values()
            .filter(|account| {
                references.as_ref().is_none_or(|list| {
                    account
                        .reference_id
                        .as_ref()
                        .is_some_and(|reference| list.contains(reference))
                })
            })
            .cloned()
            .collect();
        let keys: Vec<(String, (DateTime<Utc>, u64))> = state
            .accounts
            .values()
            .map(|account| (account.id.clone(), key(account)))
            .collect();
        (all, keys)
    });
    all.sort_by_key(|account| std::cmp::Reverse(key(account)));
    let cursor_key = |id: &str| cursor_keys.iter().find(|(i, _)| i == id).map(|(_, k)| *k);
    // A cursor may be filtered out of the list; its sort key still places the page.
    let (start, end) = page_bounds(&page, all.len(), |cursor| match cursor {
        Cursor::After(id) => cursor_key(id).map(|c| all.partition_point(|a| key(a) >= c)),
        Cursor::Before(id) => cursor_key(id).map(|c| all.partition_point(|a| key(a) > c)),
    })?;
    let items = &all[start..end];
    let path = original.path();
    let next = match items.last() {
        Some(last) if end < all.len() => Some(link(path, &page.carried, ("page[after]", &last.id))),
        _ => None,
    };
    let prev = match items.first() {
        Some(first) if start > 0 => Some(link(path, &page.carried, ("page[before]", &first.id))),
        _ => None,
    };
    Ok(Json(ListDocument {
        data: items.iter().map(resource).collect(),
        links: Links { prev, next },
    })
    .into_response())
}
