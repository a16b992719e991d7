//! PawPass: identity-verified onboarding for dog walkers. See ARCHITECTURE in the README.
//!
//! `domain` and `app` compile for both the server and the browser (wasm, `hydrate`); everything
//! else is server-only (`ssr`). Arrows point one way: (app, web) → (console → onboarding) → (store,
//! persona) → domain.

// Release builds (no `erase_components`) type each view as its whole element tree; the signup
// form's is deeper than rustc's default limit of 128 when its async layout is computed.
#![recursion_limit = "256"]

pub mod app;
pub mod domain;
pub mod i18n;

#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod console;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod onboarding;
#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod startup;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod web;

/// The browser entry point: bring the page's islands to life (everything else is plain HTML).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Lets end-to-end tests wait until the wasm runs (islands then hydrate one by one; each
    // marks itself, see the signup form).
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
