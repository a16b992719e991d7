//! Searches an operator typed, kept in their session and named in list URLs by a random id:
//! what is typed is often a name or an email, which must not end up in URLs (browser history,
//! proxy and server logs, `Referer`).

use super::session_keys;
use crate::domain::{ListQuery, ListQueryError};
use rand::distributions::{Alphanumeric, DistString};
use tower_sessions::Session;

/// A session remembers this many searches; older list links then say "search again".
const REMEMBERED: usize = 20;

type Searches = Vec<(String, String)>;

/// Keeps `text` in the session and returns its id (the same id for the same text).
pub async fn remember(session: &Session, text: String) -> anyhow::Result<String> {
    let mut searches: Searches = session
        .get(session_keys::ADMIN_SEARCHES)
        .await?
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
        .await?;
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
