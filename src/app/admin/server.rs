//! What the console's server functions share: the signed-in operator and page frame, plain
//! words for failures, and times as operators read them.

/// The signed-in operator and the page frame, for a server function; a plain error otherwise.
pub(crate) async fn signed_in() -> Result<
    (
        crate::server::AppState,
        crate::console::Operator,
        tower_sessions::Session,
        super::frame::AdminFrame,
    ),
    leptos::prelude::ServerFnError,
> {
    use crate::server::auth::require_operator_record;
    use crate::server::{csrf, AppState};
    use leptos::prelude::*;
    let state = expect_context::<AppState>();
    let session: tower_sessions::Session = leptos_axum::extract().await?;
    let operator = require_operator_record(&state, &session)
        .await
        .map_err(|_| ServerFnError::new("Please sign in."))?;
    let csrf_token = csrf::token(&session)
        .await
        .map_err(|error| internal("reading the form token", error))?;
    let frame = super::frame::AdminFrame {
        username: operator.username().to_owned(),
        csrf_token,
    };
    Ok((state, operator, session, frame))
}

/// Logs the cause; the operator reads plain words.
pub(crate) fn internal(
    what: &str,
    error: impl Into<anyhow::Error>,
) -> leptos::prelude::ServerFnError {
    let error: anyhow::Error = error.into();
    tracing::error!(error = format!("{error:#}"), what, "admin page failed");
    leptos::prelude::ServerFnError::new("This page could not be loaded. Please reload it.")
}

/// `2026-11-26 14:05 UTC`.
pub(crate) fn format_time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}
