//! The list's searches. What an operator types is often a name or an email, which must not end
//! up in URLs (browser history, proxy and server logs, `Referer`), so it is kept and list URLs
//! name it by an opaque id.
//!
//! Kept in a table of their own, not in the operator's session: a session is one JSON record
//! that its own requests write back whole, so erasure could not scrub a search out of it without
//! racing those writes, and it lives as long as its operator stays active. Rows can be deleted
//! by erasure (every search mentioning the walker) and forgotten after a day by the sweep.

use super::error::ConsoleError;
use super::operator::Operator;
use super::service::Console;
use crate::domain::{ListQuery, ListQueryError};
use crate::store::{now_ms, DAY_MS};

/// How long a search is remembered after it was last typed.
pub(super) const KEPT_MS: i64 = DAY_MS;

impl Console {
    /// Keeps what `operator` typed and returns its id (the same id for the same text).
    pub async fn remember_search(
        &self,
        operator: &Operator,
        text: &str,
    ) -> Result<String, ConsoleError> {
        let now = now_ms();
        let searches = self.store.searches();
        Ok(searches
            .remember(operator.id(), text, now, now - KEPT_MS)
            .await?)
    }

    /// The list view `pairs` (a URL's query) names, with the operator's search read back. A
    /// search id they no longer have (another operator's, or too old) is a [`ListQueryError`]
    /// like any other damage to the query: something they can act on.
    pub async fn list_query(
        &self,
        operator: &Operator,
        pairs: &[(String, String)],
    ) -> Result<Result<ListQuery, ListQueryError>, ConsoleError> {
        let parsed = ListQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut query = match parsed {
            Ok(query) => query,
            Err(problem) => return Ok(Err(problem)),
        };
        if let Some(id) = &query.search_id {
            let kept_since = now_ms() - KEPT_MS;
            match self
                .store
                .searches()
                .text(operator.id(), id, kept_since)
                .await?
            {
                Some(text) => query.search = Some(text),
                None => return Ok(Err(ListQueryError::SearchForgotten)),
            }
        }
        Ok(Ok(query))
    }
}
