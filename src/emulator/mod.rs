//! A local stand-in for Persona (CONTRACT.md): the Inquiries API under `/api/v1`, the Hosted Flow
//! at `/verify` and signed webhook delivery, all in memory. It imitates a sandbox environment with
//! one auto-approving KYC template, so the app can be developed and tested without Persona.
//!
//! Layout: `store` (state) + `clock` (time) hold the data; `lifecycle` changes it; `wire` and
//! `errors` speak Persona's JSON; `guard`/`idempotency` wrap the API; `api`/`list` are its
//! handlers; `hosted`/`pages` are the Hosted Flow; `webhook` delivers `events`.

mod actions;
mod api;
mod clock;
mod control;
mod dashboard;
mod decisions;
mod delivery;
mod errors;
mod event_api;
mod events;
mod faults;
mod guard;
mod hosted;
mod idempotency;
mod ids;
mod lifecycle;
mod links;
mod list;
mod members;
mod model;
mod pages;
mod request;
mod session;
mod shape;
mod simulate;
mod store;
mod tags;
mod update;
mod webhook;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post, put};
use axum::{middleware, Router};
use chrono::{DateTime, Utc};

pub use delivery::WebhookEndpoint;
pub use faults::{ApiFault, FaultKind, Faults, WebhookFaults};
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

/// Settings beyond [`EmulatorConfig`], kept apart so existing struct literals of it still
/// compile. Pass them to [`router_with`]; [`router`] uses the defaults.
#[derive(Debug, Clone)]
pub struct EmulatorOptions {
    /// Further webhook endpoints, each with its own secrets and enabled events.
    pub webhooks: Vec<WebhookEndpoint>,
    /// Fixed one-minute window shared by all keys; over it, 429.
    pub rate_limit_per_minute: u32,
    /// Faults active from the start (replaceable through `PUT /_control/faults`).
    pub faults: Faults,
    /// First webhook retry gap; gap n is this times 2^n (Persona's shape, compressed).
    pub webhook_retry_base: Duration,
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

impl Default for EmulatorOptions {
    fn default() -> Self {
        EmulatorOptions {
            webhooks: Vec::new(),
            rate_limit_per_minute: 300,
            faults: Faults::default(),
            webhook_retry_base: Duration::from_millis(500),
        }
    }
}

/// Shared by every handler.
#[derive(Clone)]
pub(crate) struct App {
    pub store: Store,
    pub config: Arc<EmulatorConfig>,
    pub options: Arc<EmulatorOptions>,
    pub template: Arc<Template>,
    pub tokens: Arc<TokenKey>,
}

impl App {
    fn new(config: EmulatorConfig, options: EmulatorOptions) -> Self {
        App {
            store: Store::new(options.faults.clone()),
            options: Arc::new(options),
            template: Arc::new(Template::kyc(&config.template_id)),
            config: Arc::new(config),
            tokens: Arc::new(TokenKey::random()),
        }
    }

    /// Runs `f` on the state at the current emulated time, after expiring overdue inquiries
    /// (besides the periodic sweep, so a clock advance takes effect on the next request).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut State, DateTime<Utc>) -> R) -> R {
        let now = self.store.now();
        self.store.with(|state| {
            lifecycle::expire_due(state, now);
            f(state, now)
        })
    }
}

/// The emulator's routes, relative to its root: `/api/v1/...`, `/verify`, `/dashboard`,
/// `/_control/...`. The caller nests it (e.g. `Router::new().nest("/persona", router(cfg))`) or
/// serves it alone at `/`. Spawns the webhook worker and the expiry sweep, so call it inside a
/// tokio runtime.
pub fn router(config: EmulatorConfig) -> Router {
    router_with(config, EmulatorOptions::default())
}

/// [`router`] with extra settings (more webhooks, rate limit, faults, retry speed).
pub fn router_with(config: EmulatorConfig, options: EmulatorOptions) -> Router {
    let app = App::new(config, options);
    app.store.with(|state| {
        if let Some(url) = &app.config.webhook_url {
            state.add_endpoint(WebhookEndpoint {
                url: url.clone(),
                secrets: app.config.webhook_secrets.clone(),
                enabled_events: vec!["*".to_owned()],
            });
        }
        for endpoint in &app.options.webhooks {
            state.add_endpoint(endpoint.clone());
        }
    });
    webhook::spawn(&app.store, app.options.webhook_retry_base);
    control::spawn_sweep(&app);
    let inquiry = "/inquiries/{inquiry_id}";
    let api = Router::new()
        .route("/inquiries", post(api::create).get(list::list))
        .route(
            inquiry,
            get(api::retrieve)
                .patch(update::update)
                .delete(actions::redact),
        )
        .route(&format!("{inquiry}/resume"), post(api::resume))
        .route(
            &format!("{inquiry}/generate-one-time-link"),
            post(links::handler),
        )
        .route(&format!("{inquiry}/approve"), post(actions::approve))
        .route(&format!("{inquiry}/decline"), post(actions::decline))
        .route(
            &format!("{inquiry}/mark-for-review"),
            post(actions::mark_for_review),
        )
        .route(&format!("{inquiry}/expire"), post(actions::expire))
        .route(&format!("{inquiry}/add-tag"), post(tags::add))
        .route(&format!("{inquiry}/remove-tag"), post(tags::remove))
        .route(&format!("{inquiry}/set-tags"), post(tags::set_all))
        .route(
            &format!("{inquiry}/perform-simulate-actions"),
            post(simulate::perform),
        )
        .route("/events", get(event_api::list))
        .route("/events/{event_id}", get(event_api::retrieve))
        .fallback(api::not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard::guard));
    let control = Router::new()
        .route("/clock/advance", post(control::advance))
        .route(
            "/faults",
            put(control::put_faults).delete(control::clear_faults),
        )
        .route("/inquiries/{inquiry_id}", get(control::inquiry))
        .route("/webhooks", post(control::add_webhook))
        .route("/webhooks/{webhook_id}/rotate", post(control::rotate))
        .route("/events/{event_id}/redeliver", post(control::redeliver));
    Router::new()
        .nest("/api/v1", api)
        .nest("/_control", control)
        .merge(dashboard::routes())
        .route("/verify", get(hosted::open).post(hosted::submit))
        .with_state(app)
}
