//! The operators' console: sign-in, the walker list, one walker's case, and the dashboard.
//! Data comes from server functions (each checks the operator's session); every change is a
//! plain form post to an axum route (`src/web/admin_*.rs`), so all of it works without
//! JavaScript.

mod charts;
mod dashboard;
mod list;
mod list_parts;
mod login;
mod nav;
mod walker;
mod walker_actions;
#[cfg(feature = "ssr")]
mod walker_entries;
mod walker_privacy;
mod walker_sections;

pub use dashboard::DashboardPage;
pub use list::WalkerListPage;
pub use login::{LoginPage, LoginState};
pub use walker::WalkerPage;

use serde::{Deserialize, Serialize};

/// What every signed-in page needs for its header: who is signed in, and the form token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminFrame {
    pub username: String,
    pub csrf_token: String,
}

/// The result of a form post, shown once on the next page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminFlash {
    pub ok: bool,
    pub message: String,
    /// A link to hand on (a fresh one-time link).
    pub link: Option<String>,
}

impl AdminFlash {
    /// The post did what was asked.
    pub fn done(message: impl Into<String>) -> Self {
        Self {
            ok: true,
            message: message.into(),
            link: None,
        }
    }

    /// Nothing changed; the message says why.
    pub fn refused(message: impl Into<String>) -> Self {
        Self {
            ok: false,
            ..Self::done(message)
        }
    }

    pub fn with_link(self, link: String) -> Self {
        Self {
            link: Some(link),
            ..self
        }
    }
}

/// The signed-in operator and the page frame, for a server function; a plain error otherwise.
#[cfg(feature = "ssr")]
pub(crate) async fn signed_in() -> Result<
    (
        crate::server::AppState,
        crate::console::Operator,
        tower_sessions::Session,
        AdminFrame,
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
    let frame = AdminFrame {
        username: operator.username().to_owned(),
        csrf_token,
    };
    Ok((state, operator, session, frame))
}

/// Logs the cause; the operator reads plain words.
#[cfg(feature = "ssr")]
pub(crate) fn internal(
    what: &str,
    error: impl Into<anyhow::Error>,
) -> leptos::prelude::ServerFnError {
    let error: anyhow::Error = error.into();
    tracing::error!(error = format!("{error:#}"), what, "admin page failed");
    leptos::prelude::ServerFnError::new("This page could not be loaded. Please reload it.")
}

/// `2026-11-26 14:05 UTC`.
#[cfg(feature = "ssr")]
pub(crate) fn format_time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}
