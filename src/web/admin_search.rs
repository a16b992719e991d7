//! `POST /admin/search`: the list's filter form. What an operator types is often a name or an
//! email, which must not end up in URLs (browser history, proxy and server logs, `Referer`), so
//! the text stays in the operator's session and the list's URL names it by a random id.

use super::admin_actions::flash;
use super::{session_keys, WebError};
use crate::app::AdminFlash;
use crate::domain::list_query::{parse_search, Page};
use crate::domain::{ListQuery, ListQueryError};
use axum::body::Bytes;
use axum::response::{IntoResponse, Redirect, Response};
use rand::distributions::{Alphanumeric, DistString};
use tower_sessions::Session;

/// A session remembers this many searches; older list links then say "search again".
const REMEMBERED: usize = 20;

type Searches = Vec<(String, String)>;

pub async fn search_walkers(session: Session, body: Bytes) -> Result<Response, WebError> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let typed = pairs
        .iter()
        .find(|(key, _)| key == "q")
        .map_or("", |(_, value)| value.as_str());
    let view = ListQuery::parse(
        pairs
            .iter()
            .filter(|(key, _)| key != "search")
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let (mut view, text) = match (view, parse_search(typed)) {
        (Ok(view), Ok(text)) => (view, text),
        (Err(problem), _) | (_, Err(problem)) => {
            flash(&session, AdminFlash::refused(problem.to_string())).await?;
            return Ok(Redirect::to("/admin").into_response());
        }
    };
    if let Some(text) = text {
        view.search_id = Some(remember(&session, text).await?);
    }
    let target = match view.query_string(&Page::First) {
        query if query.is_empty() => "/admin".to_owned(),
        query => format!("/admin?{query}"),
    };
    Ok(Redirect::to(&target).into_response())
}

/// Keeps `text` in the session and returns its id (the same id for the same text).
async fn remember(session: &Session, text: String) -> Result<String, WebError> {
    let mut searches: Searches = session
        .get(session_keys::ADMIN_SEARCHES)
        .await
        .map_err(|e| WebError::Internal(e.into()))?
        .unwrap_or_default();
    let id = match searches.iter().position(|(_, t)| *t == text) {
        Some(at) => searches.remove(at).0,
        None => Alphanumeric.sample_string(&mut rand::thread_rng(), 12),
    };
    searches.push((id.clone(), text));
    let excess = searches.len().saturating_sub(REMEMBERED);
    searches.drain(..excess);
    session
        .insert(session_keys::ADMIN_SEARCHES, searches)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    Ok(id)
}

/// The list view `pairs` (a URL's query) names, with its search read back from the session.
/// A search id the session no longer remembers is a [`ListQueryError`] like any other damage
/// to the query: something the operator can act on. The outer error is a session failure.
pub async fn list_query(
    session: &Session,
    pairs: &[(String, String)],
) -> anyhow::Result<Result<ListQuery, ListQueryError>> {
    let mut query = match ListQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
        Ok(query) => query,
        Err(problem) => return Ok(Err(problem)),
    };
    if let Some(id) = &query.search_id {
        let searches: Searches = session
            .get(session_keys::ADMIN_SEARCHES)
            .await?
            .unwrap_or_default();
        match searches.into_iter().find(|(known, _)| known == id) {
            Some((_, text)) => query.search = Some(text),
            None => return Ok(Err(ListQueryError::SearchForgotten)),
        }
    }
    Ok(Ok(query))
}
