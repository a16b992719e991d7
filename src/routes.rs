//! Every route PawPass serves and the layers around them: sessions, operator sign-in, CSRF and
//! security headers. The Leptos pages and the plain handlers in `web` share them.

use crate::app::{shell, App};
use crate::server::auth::require_operator_layer;
use crate::server::rate_limit::{limit_posts, limit_requests, RateLimiter, PRUNE_EVERY};
use crate::server::AppState;
use crate::server::{compression, csrf, page, security_headers, sessions};
use crate::web;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::{Arc, LazyLock};
use tower_http::limit::RequestBodyLimitLayer;
use tower_sessions::SessionStore;

/// Every body but a webhook's is far below this; bigger ones are refused unread.
pub(crate) const MAX_BODY_BYTES: usize = 256 * 1024;
/// Persona's webhooks include related objects by default for webhooks created before
/// 2026-01-28, so a body can pass 256 KiB; 1 MiB is the documented bound.
pub(crate) const MAX_WEBHOOK_BYTES: usize = 1024 * 1024;

/// The Leptos routes, walked out of [`App`] once per process. Walking them sets a flag that is
/// global to the process and parks every resource first polled meanwhile, for good (leptos
/// issue 4773): a second PawPass starting in the same process (the tests start dozens) would
/// leave a page the first one is rendering unanswered. Once, before any app serves, nothing
/// can be rendering.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// Separate budgets: a burst of sign-in guesses must not lock people out of signing up.
pub(crate) struct RateLimits {
    pub signup: Arc<RateLimiter>,
    pub login: Arc<RateLimiter>,
    /// Asking for a link by email.
    pub links: Arc<RateLimiter>,
    /// Continuing into Persona (each request may call it).
    pub continues: Arc<RateLimiter>,
}

impl RateLimits {
    /// Drops idle clients' buckets every minute, for as long as the limiters are in use.
    pub fn prune_in_background(&self) {
        let limiters = [
            Arc::downgrade(&self.signup),
            Arc::downgrade(&self.login),
            Arc::downgrade(&self.links),
            Arc::downgrade(&self.continues),
        ];
        tokio::spawn(async move {
            let mut every = tokio::time::interval(PRUNE_EVERY);
            loop {
                every.tick().await;
                let mut alive = false;
                for limiter in limiters.iter().filter_map(std::sync::Weak::upgrade) {
                    limiter.prune();
                    alive = true;
                }
                if !alive {
                    return;
                }
            }
        });
    }
}

pub(crate) fn app_router(
    state: AppState,
    session_store: impl SessionStore + Clone,
    security: security_headers::SecurityConfig,
    limits: RateLimits,
) -> Router {
    let sessions = sessions::layer(session_store, security.https);
    let routes = ROUTES.clone();
    let context_state = state.clone();
    let fallback_state = state.clone();
    let options = state.leptos_options.clone();
    Router::new()
        .route(
            "/signup",
            post(web::submit_signup).route_layer(from_fn_with_state(limits.signup, limit_posts)),
        )
        .route(
            "/admin/login",
            post(web::login).route_layer(from_fn_with_state(limits.login, limit_posts)),
        )
        .route(
            "/continue/request",
            post(web::request_link).route_layer(from_fn_with_state(limits.links, limit_posts)),
        )
        .route("/continue", post(web::use_link))
        .route("/language", post(web::switch_language))
        .route("/verification/retry", post(web::retry_verification))
        .route("/admin/logout", post(web::logout))
        .route("/admin/walkers/{id}/action", post(web::walker_action))
        .route("/admin/walkers/{id}/notes", post(web::add_note))
        .route("/admin/walkers/{id}/erase", post(web::erase_walker))
        .route("/admin/walkers/{id}/erase/retry", post(web::retry_erasure))
        .route("/admin/walkers/{id}/reveal", post(web::reveal_walker))
        .route("/admin/walkers/{id}/export.json", get(web::export_walker))
        .route("/admin/events/{id}", get(web::raw_event))
        .route("/admin/export.csv", get(web::export_csv))
        .route("/admin/search", post(web::search_walkers))
        .route(
            "/verification/continue",
            get(web::continue_verification)
                .post(web::continue_verification)
                .route_layer(from_fn_with_state(limits.continues, limit_requests)),
        )
        .route("/health", get(web::health::ready))
        .route("/health/live", get(web::health::live))
        .route("/health/ready", get(web::health::ready))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context_state.clone());
                security_headers::provide_csp_nonce();
            },
            move || shell(options.clone()),
        )
        // Files from the site root, else the 404 page, rendered with the same context (the CSP
        // nonce included, so it hydrates like any other page).
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || {
                provide_context(fallback_state.clone());
                security_headers::provide_csp_nonce();
            },
            shell,
        ))
        // Routes above take at most 256 KiB; the webhook, added below it, its own 1 MiB.
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .route(
            "/webhooks/persona",
            post(web::receive_persona_webhook)
                .route_layer(RequestBodyLimitLayer::new(MAX_WEBHOOK_BYTES)),
        )
        .layer(axum::middleware::from_fn(csrf::csrf_layer))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_operator_layer,
        ))
        .layer(sessions)
        .layer(compression::static_assets())
        // Outside every layer that may refuse a request, so their refusals are written in the
        // walker's language too.
        .layer(axum::middleware::from_fn(page::in_their_language))
        .layer(axum::middleware::from_fn_with_state(
            security,
            security_headers::security_headers_layer,
        ))
        .with_state(state)
}
