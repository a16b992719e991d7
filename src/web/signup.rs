//! `POST /signup`: the signup form, posted as a plain HTML form.

use super::error::read_form;
use super::render::render_page;
use super::WebError;
use crate::app::SignupState;
use crate::domain::{SignupDraft, WalkerId};
use crate::onboarding::{NextStep, OnboardingError, Signup};
use crate::server::{session_keys, AppState};
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// The form is far smaller than this; anything bigger is not our form.
const MAX_FORM_BYTES: usize = 16 * 1024;

pub async fn submit_signup(
    State(state): State<AppState>,
    session: Session,
    request: Request<Body>,
) -> Result<Response, WebError> {
    let (parts, body) = request.into_parts();
    let language = crate::server::language::preferred(&parts.headers);
    let draft: SignupDraft = read_form(body, MAX_FORM_BYTES).await?;
    let request = Request::from_parts(parts, Body::empty());
    let today = chrono::Utc::now().date_naive();

    let signed_in: Option<WalkerId> = session
        .get(session_keys::WALKER_ID)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    let signed_up = match state
        .onboarding
        .sign_up(&draft, today, language, signed_in.as_ref())
        .await
    {
        Ok(Signup::Started(signed_up)) => {
            metrics::counter!("pawpass_signups_total", "outcome" => "started").increment(1);
            signed_up
        }
        // The address is registered to someone this browser is not: they get a link, this
        // browser gets nothing of theirs.
        Ok(Signup::LinkEmailed) => {
            metrics::counter!("pawpass_signups_total", "outcome" => "link_emailed").increment(1);
            return Ok(Redirect::to("/status/link-sent?registered=1").into_response());
        }
        Err(OnboardingError::Invalid(errors)) => {
            metrics::counter!("pawpass_signups_total", "outcome" => "invalid").increment(1);
            let form = SignupState {
                draft,
                errors,
                notice: None,
            };
            return Ok(render_page(&state, request, form, StatusCode::UNPROCESSABLE_ENTITY).await);
        }
        Err(other) => return Err(WebError::Internal(other.into())),
    };
    // The browser now belongs to this walker, so /status can find them later. A new id guards
    // against session fixation.
    session
        .cycle_id()
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    session
        .insert(session_keys::WALKER_ID, &signed_up.walker_id)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;

    match signed_up.next {
        Ok(NextStep::HostedFlow(url)) => Ok(Redirect::to(&url).into_response()),
        Ok(NextStep::Preparing) => Ok(Redirect::to("/verification/preparing").into_response()),
        Ok(NextStep::ShowStatus) => Ok(Redirect::to("/status").into_response()),
        Err(OnboardingError::PersonaUnavailable(error)) => {
            // Kept: the walker and their job are stored; the job finishes when Persona is back.
            tracing::warn!(walker_id = %signed_up.walker_id, %error, "Persona unavailable at signup");
            Ok(Redirect::to("/verification/preparing").into_response())
        }
        Err(other) => Err(WebError::Internal(other.into())),
    }
}
