//! `POST /language`: the language switch. Remembers the choice in a cookie (and, for a signed-in
//! walker, on their record, so their mail and Persona's flow follow it) and goes back to the
//! page it was made on.

use super::error::read_form;
use super::WebError;
use crate::domain::{Language, WalkerId};
use crate::server::{language, session_keys, AppState};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, Request};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

/// A language code and a path.
const MAX_FORM_BYTES: usize = 4 * 1024;

#[derive(Deserialize)]
struct Switch {
    #[serde(default)]
    language: String,
    #[serde(default)]
    back: String,
}

pub async fn switch_language(
    State(state): State<AppState>,
    session: Session,
    request: Request<Body>,
) -> Result<Response, WebError> {
    let form: Switch = read_form(request.into_body(), MAX_FORM_BYTES).await?;
    let back = Redirect::to(local_path(&form.back));
    // The switch's buttons send only codes PawPass speaks: anything else is a hand-made form,
    // told so rather than sent back as if it had worked.
    let chosen = Language::parse(&form.language)
        .ok_or_else(|| WebError::BadForm("not a language PawPass speaks".to_owned()))?;
    let walker: Option<WalkerId> = session
        .get(session_keys::WALKER_ID)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    if let Some(walker_id) = walker {
        state
            .onboarding
            .set_language(&walker_id, chosen)
            .await
            .map_err(|e| WebError::Internal(e.into()))?;
    }
    Ok(([(header::SET_COOKIE, language::remember(chosen))], back).into_response())
}

/// `back` if it is a path on this site, else the start page: the switch must not become a way
/// to send people elsewhere.
fn local_path(back: &str) -> &str {
    let local = back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && !back.chars().any(char::is_control);
    if local {
        back
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_on_this_site_are_followed_back() {
        assert_eq!(local_path("/signup"), "/signup");
        assert_eq!(
            local_path("/status?inquiry-id=inq_1"),
            "/status?inquiry-id=inq_1"
        );
        for elsewhere in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "",
            "/\n",
        ] {
            assert_eq!(local_path(elsewhere), "/", "{elsewhere:?}");
        }
    }
}
