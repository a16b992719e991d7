//! Operators' form posts about one walker (actions through Persona, notes), each answered with
//! a redirect back to the walker's page (post/redirect/get) carrying the result as a one-time
//! message in the session; and the raw body of an event, masked unless revealed.

use super::error::id_in_path;
use super::WebError;
use crate::app::AdminFlash;
use crate::console::{plain_failure, ActionOutcome, ActionRequest, ConsoleError};
use crate::domain::{EventId, WalkerId};
use crate::server::auth::require_operator_record;
use crate::server::{session_keys, AppState};
use axum::extract::{Form, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    body: String,
}

pub(super) fn walker_page(walker_id: &WalkerId) -> String {
    format!(
        "/admin/walkers/{}",
        crate::domain::list_query::encode_component(walker_id.as_str())
    )
}

/// Keeps `note` for the next page the operator sees.
pub(super) async fn flash(session: &Session, note: AdminFlash) -> Result<(), WebError> {
    session
        .insert(session_keys::ADMIN_FLASH, note)
        .await
        .map_err(|e| WebError::Internal(e.into()))
}

/// `POST /admin/walkers/{id}/action`.
pub async fn walker_action(
    State(state): State<AppState>,
    session: Session,
    Path(walker_id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
    let walker_id: WalkerId = id_in_path(&walker_id)?;
    let back = Redirect::to(&walker_page(&walker_id)).into_response();
    let request = match ActionRequest::parse(&form.action, &form.reason) {
        Ok(request) => request,
        Err(error) => {
            flash(&session, AdminFlash::refused(error.to_string())).await?;
            return Ok(back);
        }
    };
    let outcome = state.console.decide(&operator, &walker_id, &request).await;
    let note = match outcome {
        Ok(ActionOutcome::Status(status)) => AdminFlash::done(format!(
            "Done. Persona confirms the status: {}.",
            status.label()
        )),
        Ok(ActionOutcome::Link(link, _)) => AdminFlash::done(
            "A fresh one-time link was created. Send it to the walker; it works once.",
        )
        .with_link(link),
        Err(ConsoleError::NotFound) => return Err(WebError::NotFound),
        Err(ConsoleError::NoInquiry) => AdminFlash::refused(
            "This walker has no Persona inquiry yet, so there is nothing to act on.",
        ),
        Err(ConsoleError::Invalid(message)) => AdminFlash::refused(message),
        Err(ConsoleError::Persona(error)) => AdminFlash::refused(format!(
            "Nothing changed: {}. The status shown is the last one Persona confirmed.",
            plain_failure(&error)
        )),
        Err(ConsoleError::Internal(error)) => return Err(WebError::Internal(error)),
    };
    flash(&session, note).await?;
    Ok(back)
}

/// `POST /admin/walkers/{id}/notes`.
pub async fn add_note(
    State(state): State<AppState>,
    session: Session,
    Path(walker_id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
    let walker_id: WalkerId = id_in_path(&walker_id)?;
    let added = state.console.add_note(&operator, &walker_id, &form.body);
    let note = match added.await {
        Ok(()) => AdminFlash::done("Note saved."),
        Err(ConsoleError::Invalid(message)) => AdminFlash::refused(message),
        Err(other) => return Err(other.into()),
    };
    flash(&session, note).await?;
    Ok(Redirect::to(&format!("{}#notes", walker_page(&walker_id))).into_response())
}

/// `GET /admin/events/{id}`: the raw event, birthdate and phone masked unless the operator
/// just revealed the walker (the console decides and audits).
pub async fn raw_event(
    State(state): State<AppState>,
    session: Session,
    Path(event_id): Path<String>,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
    let event_id: EventId = id_in_path(&event_id)?;
    // "Reveal" lasts one view, whichever page of the walker's it is.
    let revealed: Option<WalkerId> = session
        .remove(session_keys::REVEAL_WALKER)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    let body = state
        .console
        .raw_event(&operator, &event_id, revealed.as_ref())
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response())
}
