//! `POST /admin/search`: the list's filter form. What an operator types is often a name or an
//! email, which must not end up in URLs (browser history, proxy and server logs, `Referer`), so
//! the console keeps the text and the list's URL names it by a random id.

use super::admin_actions::flash;
use super::WebError;
use crate::app::AdminFlash;
use crate::domain::list_query::{parse_search, Page};
use crate::domain::ListQuery;
use crate::server::auth::require_operator_record;
use crate::server::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

pub async fn search_walkers(
    State(state): State<AppState>,
    session: Session,
    body: Bytes,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
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
        view.search_id = Some(state.console.remember_search(&operator, &text).await?);
    }
    let target = match view.query_string(&Page::First) {
        query if query.is_empty() => "/admin".to_owned(),
        query => format!("/admin?{query}"),
    };
    Ok(Redirect::to(&target).into_response())
}
