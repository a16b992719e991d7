//! The application state every handler and server function shares: the use cases and the
//! site's settings.

use super::client_addr::TrustedProxies;
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
    /// Whose `X-Forwarded-For` entries name the client (sign-in counts failures per client).
    pub trusted_proxies: TrustedProxies,
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
