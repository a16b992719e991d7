//! Plain axum routes beside the Leptos pages: form posts, the webhook, auth, health.

mod admin_actions;
mod admin_auth;
pub mod admin_search;
pub mod client_addr;
pub mod csrf;
mod error;
mod export;
mod privacy;
pub mod rate_limit;
mod render;
pub mod security_headers;
mod signup;
mod subject_export;
mod verification;
mod webhook;

pub use admin_actions::{add_note, raw_event, walker_action};
pub use admin_auth::{
    login, logout, require_operator, require_operator_layer, require_operator_record,
};
pub use admin_search::search_walkers;
pub use error::WebError;
pub use export::export_csv;
pub use privacy::{erase_walker, retry_erasure, reveal_walker};
pub use signup::submit_signup;
pub use subject_export::export_walker;
pub use verification::{continue_verification, retry_verification};
pub use webhook::receive_persona_webhook;

use crate::console::Console;
use crate::onboarding::Onboarding;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// Shared by every handler and, as Leptos context, by every server function. Handlers and
/// middleware take it by value on every request, so it is one shared pointer: cloning it must
/// not copy strings (a profile of webhook ingest showed those copies and frees).
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

#[derive(Debug)]
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub onboarding: Onboarding,
    pub console: Console,
    /// Base of links to an inquiry in Persona's dashboard (or the emulator's), ending in `/`.
    pub persona_dashboard: String,
}

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What Leptos' handlers ask of the state.
impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Names of the values kept in a browser's session.
pub mod session_keys {
    /// The walker this browser signed up as.
    pub const WALKER_ID: &str = "walker_id";
    /// The operator signed in on this browser.
    pub const OPERATOR_ID: &str = "operator_id";
    /// The synchronizer token admin forms must send back.
    pub const CSRF_TOKEN: &str = "csrf_token";
    /// A one-time message for the next admin page (the result of a form post).
    pub const ADMIN_FLASH: &str = "admin_flash";
    /// The walker whose birthdate and phone the next page view shows in full (once).
    pub const REVEAL_WALKER: &str = "reveal_walker";
    /// The list searches an operator typed, by the ids their list URLs carry.
    pub const ADMIN_SEARCHES: &str = "admin_searches";
}

/// `GET /health`: the process is up and the database answers.
pub async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str, WebError> {
    state.onboarding.check_database().await?;
    Ok("ok")
}
