//! `GET /admin/export.csv?…`: the list view in the query, every page of it, as CSV, streamed
//! as the console produces it (the console audits it first).

use super::WebError;
use crate::server::auth::require_operator_record;
use crate::server::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

pub async fn export_csv(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
    let raw = raw.unwrap_or_default();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes())
        .into_owned()
        .collect();
    let query = state
        .console
        .list_query(&operator, &pairs)
        .await?
        .map_err(|problem| WebError::BadForm(problem.to_string()))?;
    let chunks = state.console.export_csv(&operator, &query).await?;
    let chunks = chunks.map(|chunk| {
        chunk.map(Bytes::from).map_err(|error| {
            // The status line has gone out already; cut the body short so the download
            // visibly fails instead of ending in a partial but plausible file.
            tracing::error!(
                error = format!("{:#}", anyhow::Error::from(error)),
                "CSV export failed midway"
            );
            std::io::Error::other("export failed")
        })
    });
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"walkers.csv\"",
            ),
        ],
        Body::from_stream(chunks),
    )
        .into_response())
}
