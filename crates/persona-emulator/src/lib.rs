//! A local stand-in for Persona (docs/persona/CONTRACT.md): the Inquiries API (and the accounts
//! inquiries make) under `/api/v1`, the Hosted Flow at `/verify`, signed webhook delivery, a
//! control API under `/_control` and a dashboard, all in memory (or in one SQLite file). It
//! imitates a sandbox environment with one auto-approving KYC template, so any Persona
//! integration can be developed and tested offline.
//!
//! Folders by concept, arrows pointing one way:
//! `api`, `hosted`, `control`, `webhooks` (HTTP in and out) → `emulator` (one instance) →
//! `lifecycle` (status transitions, sessions, one-time links) → `state` (the data, its lock and
//! its file) → `wire` (Persona's JSON) → `model` (inquiries, events, endpoints) → `clock`,
//! `ids`, `faults`.

pub mod cli;

mod api;
mod clock;
mod config;
mod control;
mod emulator;
mod faults;
mod hosted;
mod hosts;
mod ids;
mod lifecycle;
mod model;
mod state;
mod webhooks;
mod wire;

use std::sync::Arc;

use axum::Router;

pub use config::{EmulatorConfig, EmulatorOptions, DEFAULT_API_KEY, DEFAULT_TEMPLATE_ID};
pub use faults::{ApiFault, FaultKind, Faults, WebhookFaults};
pub use model::webhook::WebhookEndpoint;

use emulator::Emulator;
use state::database::{self, Database};

/// The emulator's routes, relative to its root: `/api/v1/...`, `/verify`, `/dashboard`,
/// `/_control/...`. The caller nests it (e.g. `Router::new().nest("/persona", router(cfg))`) or
/// serves it alone at `/`. Spawns the webhook worker and the expiry sweep, so call it inside a
/// tokio runtime. Everything stays in memory.
pub fn router(config: EmulatorConfig) -> Router {
    let emulator = Emulator::new(config, EmulatorOptions::default());
    add_configured_endpoints(&emulator);
    build(emulator)
}

/// [`router`] with extra settings (more webhooks, rate limit, faults, retry speed, a database
/// file). Async because it opens and loads the database when one is configured.
pub async fn router_with(
    config: EmulatorConfig,
    options: EmulatorOptions,
) -> anyhow::Result<Router> {
    let path = options.database_path.clone();
    let mut emulator = Emulator::new(config, options);
    let restored_endpoints = match path {
        Some(path) => {
            let (db, snapshot) = Database::open(&path).await?;
            let had_endpoints = !snapshot.endpoints.is_empty();
            emulator.state.restore(snapshot);
            let db = Arc::new(db);
            database::spawn_flusher(&emulator.state, db.clone());
            emulator.database = Some(db);
            had_endpoints
        }
        None => false,
    };
    // Stored endpoints (with their rotated secrets) win over the configured ones on a restart.
    if !restored_endpoints {
        add_configured_endpoints(&emulator);
    }
    Ok(build(emulator))
}

fn add_configured_endpoints(emulator: &Emulator) {
    emulator.state.with(|state| {
        if let Some(url) = &emulator.config.webhook_url {
            state.add_endpoint(WebhookEndpoint::new(
                url.clone(),
                emulator.config.webhook_secrets.clone(),
            ));
        }
        for endpoint in &emulator.options.webhooks {
            state.add_endpoint(endpoint.clone());
        }
    });
}

/// The routing table, one router per concept. Starting it also starts the webhook worker and
/// the expiry sweep; both end once the router is dropped.
fn build(emulator: Emulator) -> Router {
    webhooks::worker::spawn(&emulator.state, emulator.options.webhook_retry_base);
    lifecycle::expiry::spawn_sweep(&emulator.state);
    Router::new()
        .nest("/api/v1", api::routes(&emulator))
        .nest("/_control", control::routes())
        .merge(control::dashboard::routes())
        .merge(hosted::routes())
        .with_state(emulator)
        .layer(axum::middleware::map_response(security_headers))
}

/// What every answer says to browsers: no framing (the Hosted Flow and dashboard are not to be
/// overlaid), no sniffing, no referrer (links carry inquiry ids and session tokens), and a
/// policy that allows only the pages' own inline style. No `form-action`: the Hosted Flow's
/// form ends in a redirect to the integration, which is another origin when standalone.
async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    use axum::http::{HeaderName, HeaderValue};
    let headers = response.headers_mut();
    for (name, value) in [
        (
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=()",
        ),
    ] {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}
