//! `GET /admin/walkers/{id}/export.json`: everything PawPass holds about one walker, for a
//! subject access request (the console builds and audits it).

use super::error::id_in_path;
use super::WebError;
use crate::domain::WalkerId;
use crate::server::auth::require_operator_record;
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

pub async fn export_walker(
    State(state): State<AppState>,
    session: Session,
    Path(walker_id): Path<String>,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
    let walker_id: WalkerId = id_in_path(&walker_id)?;
    let body = state.console.subject_export(&operator, &walker_id).await?;
    let filename = format!("attachment; filename=\"walker-{walker_id}.json\"");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, filename),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}
