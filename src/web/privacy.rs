//! Operators' privacy requests about one walker: erasure (confirmed by retyping the email).

use super::admin_actions::{flash, walker_page};
use super::admin_auth::require_operator_record;
use super::{AppState, WebError};
use crate::onboarding::decisions::ActionError;
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
    let outcome = state
        .onboarding
        .request_erasure(&operator, &walker_id, &form.reason, &form.confirm_email)
        .await;
    let (ok, message) = match outcome {
        Ok(()) => (
            true,
            "Erasure requested. Persona redacts the inquiries first; the page shows \
             \"Erasure pending\" until everything is erased."
                .to_owned(),
        ),
        Err(ActionError::NotFound) => return Err(WebError::NotFound),
        Err(ActionError::Invalid(message)) => (false, message.to_owned()),
        Err(ActionError::Internal(error)) => return Err(WebError::Internal(error)),
        Err(other) => return Err(WebError::Internal(other.into())),
    };
    flash(&session, ok, message, None).await?;
    Ok(Redirect::to(&walker_page(&walker_id)).into_response())
}
