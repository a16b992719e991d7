//! Operators' privacy requests about one walker: erasure (confirmed by retyping the email),
//! and revealing masked fields. The console validates and audits; this is HTTP.

use super::admin_actions::{flash, walker_page};
use super::error::id_in_path;
use super::WebError;
use crate::app::AdminFlash;
use crate::console::ConsoleError;
use crate::domain::WalkerId;
use crate::server::auth::require_operator_record;
use crate::server::{session_keys, AppState};
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    confirm_email: String,
}

/// `POST /admin/walkers/{id}/erase`.
pub async fn erase_walker(
    State(state): State<AppState>,
    session: Session,
    Path(walker_id): Path<String>,
    Form(form): Form<EraseForm>,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
    let walker_id: WalkerId = id_in_path(&walker_id)?;
    let outcome = state
        .console
        .request_erasure(&operator, &walker_id, &form.reason, &form.confirm_email)
        .await;
    let note = match outcome {
        Ok(()) => AdminFlash::done(
            "Erasure requested. Persona redacts the inquiries first; the page shows \
             \"Erasure pending\" until everything is erased.",
        ),
        Err(ConsoleError::Invalid(message)) => AdminFlash::refused(message),
        Err(other) => return Err(other.into()),
    };
    flash(&session, note).await?;
    Ok(Redirect::to(&walker_page(&walker_id)).into_response())
}

/// `POST /admin/walkers/{id}/erase/retry`: queue an erasure that gave up once more.
pub async fn retry_erasure(
    State(state): State<AppState>,
    session: Session,
    Path(walker_id): Path<String>,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
    let walker_id: WalkerId = id_in_path(&walker_id)?;
    let note = match state.console.retry_erasure(&operator, &walker_id).await {
        Ok(()) => AdminFlash::done("The erasure is queued again."),
        Err(ConsoleError::Invalid(message)) => AdminFlash::refused(message),
        Err(other) => return Err(other.into()),
    };
    flash(&session, note).await?;
    Ok(Redirect::to(&walker_page(&walker_id)).into_response())
}

/// `POST /admin/walkers/{id}/reveal`: the next view of the walker's page shows the birthdate
/// and phone in full (the console audits it).
pub async fn reveal_walker(
    State(state): State<AppState>,
    session: Session,
    Path(walker_id): Path<String>,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
    let walker_id: WalkerId = id_in_path(&walker_id)?;
    state.console.reveal(&operator, &walker_id).await?;
    session
        .insert(session_keys::REVEAL_WALKER, &walker_id)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    Ok(Redirect::to(&walker_page(&walker_id)).into_response())
}
