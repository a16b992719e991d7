//! Operators' privacy requests about one walker: erasure (confirmed by retyping the email),
//! and revealing masked fields (audited).

use super::admin_actions::{flash, walker_page};
use super::admin_auth::require_operator_record;
use super::{session_keys, AppState, WebError};
use crate::onboarding::decisions::ActionError;
use crate::store::NewAuditEntry;
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

/// `POST /admin/walkers/{id}/erase/retry`: queue an erasure that gave up once more.
pub async fn retry_erasure(
    State(state): State<AppState>,
    session: Session,
    Path(walker_id): Path<String>,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
    let (ok, message) = match state.onboarding.retry_erasure(&operator, &walker_id).await {
        Ok(()) => (true, "The erasure is queued again.".to_owned()),
        Err(ActionError::Invalid(message)) => (false, message.to_owned()),
        Err(ActionError::Internal(error)) => return Err(WebError::Internal(error)),
        Err(other) => return Err(WebError::Internal(other.into())),
    };
    flash(&session, ok, message, None).await?;
    Ok(Redirect::to(&walker_page(&walker_id)).into_response())
}

/// `POST /admin/walkers/{id}/reveal`: the next view of the walker's page shows the birthdate
/// and phone in full. Audited, because looking is itself an access to personal data.
pub async fn reveal_walker(
    State(state): State<AppState>,
    session: Session,
    Path(walker_id): Path<String>,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
    let store = &state.onboarding.store;
    if store.walkers().by_id(&walker_id).await?.is_none() {
        return Err(WebError::NotFound);
    }
    store
        .audit()
        .append(&NewAuditEntry {
            operator_id: &operator.id,
            operator_username: &operator.username,
            action: crate::domain::AuditAction::Reveal,
            walker_id: Some(&walker_id),
            inquiry_id: None,
            reason: None,
            outcome: crate::domain::AuditOutcome::Ok,
            detail: "Birthdate and phone shown in full",
        })
        .await?;
    session
        .insert(session_keys::REVEAL_WALKER, &walker_id)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    Ok(Redirect::to(&walker_page(&walker_id)).into_response())
}
