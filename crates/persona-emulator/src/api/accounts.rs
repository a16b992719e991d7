//! Persona's Accounts API, the part an inquiry integration needs: `GET /accounts` (filter
//! `filter[reference-id]`, a comma list; newest first; cursor pages like the inquiry list),
//! `GET /accounts/{id}` and `DELETE /accounts/{id}` (redaction, with every inquiry under it).

use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::pagination::{newest_first, query_pairs, split, unknown_filter, Listed, Page, SortKey};
use crate::emulator::Emulator;
use crate::lifecycle::accounts;
use crate::model::account::Account;
use crate::wire::account::{document, resource, ListDocument};
use crate::wire::error::ApiError;

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

impl Listed for Account {
    fn id(&self) -> &str {
        &self.id
    }

    fn sort_key(&self) -> SortKey {
        (self.created_at, self.seq)
    }
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
    let (matching, every_key) = emulator.with(|state, _| {
        let matching: Vec<Account> = state
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
        let every_key: Vec<(String, SortKey)> = state
            .accounts
            .values()
            .map(|account| (account.id.clone(), account.sort_key()))
            .collect();
        (matching, every_key)
    });
    let (items, links) = newest_first(matching, &every_key, &page, original.path())?;
    Ok(Json(ListDocument {
        data: items.iter().map(resource).collect(),
        links,
    })
    .into_response())
}
