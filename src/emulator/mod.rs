//! A local stand-in for Persona (CONTRACT.md): the Inquiries API under `/api/v1`, the Hosted Flow
//! at `/verify` and signed webhook delivery, all in memory. It imitates a sandbox environment with
//! one auto-approving KYC template, so the app can be developed and tested without Persona.
//!
//! Layout: `store` (state) + `clock` (time) hold the data; `lifecycle` changes it; `wire` and
//! `errors` speak Persona's JSON; `guard`/`idempotency` wrap the API; `api`/`list` are its
//! handlers; `hosted`/`pages` are the Hosted Flow; `webhook` delivers `events`.

mod api;
mod clock;
mod errors;
mod events;
mod guard;
mod hosted;
mod idempotency;
mod ids;
mod lifecycle;
mod list;
mod members;
mod model;
mod pages;
mod request;
mod session;
mod store;
mod webhook;
mod wire;

use std::sync::Arc;

use axum::routing::{get, post};
use axum::{middleware, Router};
use chrono::{DateTime, Utc};

use model::Template;
use session::TokenKey;
use store::{State, Store};

/// How an emulator instance behaves. Build with `..Default::default()` to change one setting.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Accepted `Authorization: Bearer` keys.
    pub api_keys: Vec<String>,
    /// Id of the built-in KYC template; creating with any other `itmpl_` id gives 404.
    pub template_id: String,
    /// Where events are POSTed; `None` stores them without delivering.
    pub webhook_url: Option<String>,
    /// One `t=…,v1=…` signature group per secret on every delivery (rotation has two).
    pub webhook_secrets: Vec<String>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            api_keys: vec!["persona_sandbox_emulator".to_owned()],
            template_id: "itmpl_emulator_kyc".to_owned(),
            webhook_url: None,
            webhook_secrets: Vec::new(),
        }
    }
}

/// Shared by every handler.
#[derive(Clone)]
pub(crate) struct App {
    pub store: Store,
    pub config: Arc<EmulatorConfig>,
    pub template: Arc<Template>,
    pub tokens: Arc<TokenKey>,
}

impl App {
    fn new(config: EmulatorConfig) -> Self {
        App {
            store: Store::new(),
            template: Arc::new(Template::kyc(&config.template_id)),
            config: Arc::new(config),
            tokens: Arc::new(TokenKey::random()),
        }
    }

    /// Runs `f` on the state at the current emulated time, after expiring overdue inquiries
    /// (expiry is applied lazily rather than by a timer).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut State, DateTime<Utc>) -> R) -> R {
        let now = self.store.now();
        self.store.with(|state| {
            lifecycle::expire_due(state, now);
            f(state, now)
        })
    }
}

/// The emulator's routes, relative to its root: `/api/v1/...`, `/verify`. The caller nests it
/// (e.g. `Router::new().nest("/persona", emulator::router(cfg))`) or serves it alone at `/`.
/// Spawns the webhook delivery task, so call it inside a tokio runtime.
pub fn router(config: EmulatorConfig) -> Router {
    let app = App::new(config);
    if let Some(url) = &app.config.webhook_url {
        webhook::spawn(&app.store, url.clone(), app.config.webhook_secrets.clone());
    }
    let api = Router::new()
        .route("/inquiries", post(api::create).get(list::list))
        .route("/inquiries/{inquiry_id}", get(api::retrieve))
        .route("/inquiries/{inquiry_id}/resume", post(api::resume))
        .fallback(api::not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard::guard));
    Router::new()
        .nest("/api/v1", api)
        .route("/verify", get(hosted::open).post(hosted::submit))
        .with_state(app)
}
