//! A local stand-in for Persona (CONTRACT.md): the Inquiries API under `/api/v1`, the Hosted Flow
//! at `/verify` and signed webhook delivery, all in memory. It imitates a sandbox environment with
//! one auto-approving KYC template, so the app can be developed and tested without Persona.
//!
//! Layout: `store` (state) + `clock` (time) hold the data; `lifecycle` changes it; `wire` and
//! `errors` speak Persona's JSON; `guard`/`idempotency` wrap the API; `api`/`list` are its
//! handlers; `hosted`/`pages` are the Hosted Flow; `webhook` delivers `events`.

pub mod cli;

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
mod persist;
mod request;
mod routes;
mod session;
mod shape;
mod signature;
mod simulate;
mod store;
mod tags;
mod update;
mod webhook;
mod wire;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use chrono::{DateTime, Utc};

pub use delivery::WebhookEndpoint;
pub use faults::{ApiFault, FaultKind, Faults, WebhookFaults};
use model::Template;
use session::TokenKey;
use store::{State, Store};

/// The API key an emulator accepts unless configured otherwise.
pub const DEFAULT_API_KEY: &str = "persona_sandbox_emulator";
/// The id of the built-in KYC template unless configured otherwise.
pub const DEFAULT_TEMPLATE_ID: &str = "itmpl_emulator_kyc";

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
    /// Inquiry creations per minute before 429 `Quota exceeded` (`quota-*` headers).
    pub creation_quota_per_minute: u32,
    /// Faults active from the start (replaceable through `PUT /_control/faults`).
    pub faults: Faults,
    /// SQLite file keeping inquiries, events, endpoints and pending deliveries across restarts;
    /// `None` keeps everything in memory.
    pub database_path: Option<PathBuf>,
    /// First webhook retry gap; gap n is this times 2^n (Persona's shape, compressed).
    pub webhook_retry_base: Duration,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            api_keys: vec![DEFAULT_API_KEY.to_owned()],
            template_id: DEFAULT_TEMPLATE_ID.to_owned(),
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
            creation_quota_per_minute: 150,
            faults: Faults::default(),
            webhook_retry_base: Duration::from_millis(500),
            database_path: None,
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
    /// Set when `EmulatorOptions::database_path` is.
    pub persistence: Option<Arc<persist::Persistence>>,
}

impl App {
    fn new(config: EmulatorConfig, options: EmulatorOptions) -> Self {
        App {
            store: Store::new(options.faults.clone()),
            options: Arc::new(options),
            template: Arc::new(Template::kyc(&config.template_id)),
            config: Arc::new(config),
            tokens: Arc::new(TokenKey::random()),
            persistence: None,
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
/// tokio runtime. Everything stays in memory.
pub fn router(config: EmulatorConfig) -> Router {
    let app = App::new(config, EmulatorOptions::default());
    add_configured_endpoints(&app);
    routes::build(app)
}

/// [`router`] with extra settings (more webhooks, rate limit, faults, retry speed, a database
/// file). Async because it opens and loads the database when one is configured.
pub async fn router_with(
    config: EmulatorConfig,
    options: EmulatorOptions,
) -> anyhow::Result<Router> {
    let path = options.database_path.clone();
    let mut app = App::new(config, options);
    let restored_endpoints = match path {
        Some(path) => {
            let (persistence, snapshot) = persist::Persistence::open(&path).await?;
            let had_endpoints = !snapshot.endpoints.is_empty();
            app.store.restore(snapshot);
            let persistence = Arc::new(persistence);
            persist::spawn_flusher(&app.store, persistence.clone());
            app.persistence = Some(persistence);
            had_endpoints
        }
        None => false,
    };
    // Stored endpoints (with their rotated secrets) win over the configured ones on a restart.
    if !restored_endpoints {
        add_configured_endpoints(&app);
    }
    Ok(routes::build(app))
}

fn add_configured_endpoints(app: &App) {
    app.store.with(|state| {
        if let Some(url) = &app.config.webhook_url {
            state.add_endpoint(WebhookEndpoint::new(
                url.clone(),
                app.config.webhook_secrets.clone(),
            ));
        }
        for endpoint in &app.options.webhooks {
            state.add_endpoint(endpoint.clone());
        }
    });
}
