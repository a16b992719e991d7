//! Building and running the server. `Application::build` binds first, so tests can ask for
//! port 0 and learn the real address before anything uses it.

use crate::app::{shell, App};
use crate::config::{PersonaSettings, Settings, EMULATOR_API_KEY, EMULATOR_TEMPLATE_ID};
use crate::emulator::{self, EmulatorConfig};
use crate::onboarding::{Links, Onboarding, WebhookVerifier, Worker};
use crate::persona::{PersonaClient, PersonaClientConfig};
use crate::store::{Db, SqlSessionStore};
use crate::web::rate_limit::{limit_posts, RateLimiter};
use crate::web::{self, AppState};
use anyhow::Context;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::{provide_context, LeptosOptions};
use leptos_axum::{generate_route_list, LeptosRoutes};
use rand::distributions::{Alphanumeric, DistString};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
    reconcile_every: Duration,
    reconcile_quiet_for: Duration,
    pub retention: crate::onboarding::RetentionPolicy,
    pub state: AppState,
}

/// Every request body is far below this; bigger ones are refused before anything reads them.
const MAX_BODY_BYTES: usize = 256 * 1024;

/// How PawPass reaches Persona, resolved once the listen address is known.
struct PersonaWiring {
    client: PersonaClientConfig,
    hosted_flow_url: String,
    template_id: String,
    webhook_secrets: Vec<String>,
    /// Served under `/persona` when running without a Persona key.
    emulator: Option<Router>,
}

impl Application {
    pub async fn build(settings: Settings, leptos_options: LeptosOptions) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(leptos_options.site_addr)
            .await
            .with_context(|| format!("binding {}", leptos_options.site_addr))?;
        let address = listener.local_addr().context("reading the bound address")?;
        // The in-process emulator and PawPass talk over loopback even when bound to 0.0.0.0.
        let loopback = if address.ip().is_unspecified() {
            SocketAddr::from(([127, 0, 0, 1], address.port()))
        } else {
            address
        };
        let loopback_base = format!("http://{loopback}");
        let public_base_url = settings
            .public_base_url
            .clone()
            .unwrap_or_else(|| loopback_base.clone());

        let db = Db::connect(&settings.database_url).await?;
        let wiring = persona_wiring(&settings, &loopback_base, &public_base_url);
        let persona = PersonaClient::new(wiring.client).context("building the Persona client")?;
        let onboarding = Onboarding {
            db: db.clone(),
            persona,
            links: Links {
                hosted_flow_url: wiring.hosted_flow_url,
                public_base_url: public_base_url.clone(),
            },
            template_id: wiring.template_id,
            webhooks: WebhookVerifier::new(wiring.webhook_secrets, settings.webhook_tolerance),
            worker: Worker::default(),
            patience: settings.signup_patience,
        };
        let security = web::security_headers::SecurityConfig {
            form_action_origin: origin_of(&onboarding.links.hosted_flow_url)
                .filter(|origin| !public_base_url.starts_with(origin.as_str())),
            https: public_base_url.starts_with("https://"),
        };
        let persona_dashboard = if wiring.emulator.is_some() {
            "/persona/dashboard/inquiries/".to_owned()
        } else {
            "https://app.withpersona.com/dashboard/inquiries/".to_owned()
        };
        let state = AppState {
            leptos_options,
            onboarding,
            persona_dashboard,
        };
        let limits = RateLimits {
            signup: RateLimiter::per_minute(settings.signup_rate_limit_per_minute),
            login: RateLimiter::per_minute(settings.login_rate_limit_per_minute),
        };
        let mut router = app_router(state.clone(), db, security, limits);
        if let Some(emulator) = wiring.emulator {
            router = router.nest_service("/persona", emulator);
        }
        let router = router.layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
        Ok(Self {
            listener,
            router,
            address,
            reconcile_every: settings.reconcile_every,
            reconcile_quiet_for: settings.reconcile_quiet_for,
            retention: settings.retention,
            state,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves HTTP, runs the job worker, the reconciliation and retention sweeps, until Ctrl-C. The
    /// background work lives in this future, so stopping it stops everything.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        tracing::info!(address = %self.address, "PawPass listening");
        let onboarding = self.state.onboarding.clone();
        let server = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal());
        let sweep = onboarding
            .clone()
            .reconcile_forever(self.reconcile_every, self.reconcile_quiet_for);
        let retention = onboarding
            .clone()
            .retention_forever(self.reconcile_every, self.retention);
        tokio::select! {
            served = server => served.context("serving HTTP"),
            () = onboarding.work_forever() => Ok(()),
            () = sweep => Ok(()),
            () = retention => Ok(()),
        }
    }
}

fn persona_wiring(settings: &Settings, loopback_base: &str, public_base: &str) -> PersonaWiring {
    let client = |api_base: String, api_key: String| PersonaClientConfig {
        api_base,
        api_key,
        version: settings.persona_version.clone(),
        connect_timeout: settings.persona_connect_timeout,
        request_timeout: settings.persona_request_timeout,
        max_attempts: 3,
    };
    match &settings.persona {
        PersonaSettings::Remote {
            api_key,
            api_base,
            hosted_flow_url,
            template_id,
        } => PersonaWiring {
            client: client(api_base.clone(), api_key.clone()),
            hosted_flow_url: hosted_flow_url.clone(),
            template_id: template_id.clone(),
            webhook_secrets: settings.webhook_secrets.clone(),
            emulator: None,
        },
        PersonaSettings::Emulator => {
            // Without configured secrets, one is made up for this process: the emulator signs
            // with it and PawPass checks against it, exactly as with real Persona.
            let webhook_secrets = if settings.webhook_secrets.is_empty() {
                vec![format!(
                    "wbhsec_{}",
                    Alphanumeric.sample_string(&mut rand::thread_rng(), 32)
                )]
            } else {
                settings.webhook_secrets.clone()
            };
            let emulator = emulator::router(EmulatorConfig {
                api_keys: vec![EMULATOR_API_KEY.to_owned()],
                template_id: EMULATOR_TEMPLATE_ID.to_owned(),
                webhook_url: Some(format!("{loopback_base}/webhooks/persona")),
                webhook_secrets: webhook_secrets.clone(),
            });
            PersonaWiring {
                client: client(
                    format!("{loopback_base}/persona/api/v1"),
                    EMULATOR_API_KEY.into(),
                ),
                hosted_flow_url: format!("{public_base}/persona/verify"),
                template_id: EMULATOR_TEMPLATE_ID.to_owned(),
                webhook_secrets,
                emulator: Some(emulator),
            }
        }
    }
}

/// `scheme://host[:port]` of a URL, for the content security policy.
fn origin_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    Some(url.origin().ascii_serialization()).filter(|o| o != "null")
}

/// Separate budgets: a burst of sign-in guesses must not lock people out of signing up.
struct RateLimits {
    signup: Arc<RateLimiter>,
    login: Arc<RateLimiter>,
}

fn app_router(
    state: AppState,
    db: Db,
    security: web::security_headers::SecurityConfig,
    limits: RateLimits,
) -> Router {
    let secure_cookies = security.https;
    let sessions = SessionManagerLayer::new(SqlSessionStore::new(db))
        .with_name("pawpass_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure_cookies)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::hours(8),
        ));
    let routes = generate_route_list(App);
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
        .route("/verification/continue", get(web::continue_verification))
        .route("/webhooks/persona", post(web::receive_persona_webhook))
        .route("/health", get(web::health))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context_state.clone());
                web::security_headers::provide_csp_nonce();
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
                web::security_headers::provide_csp_nonce();
            },
            shell,
        ))
        .layer(axum::middleware::from_fn(web::csrf::csrf_layer))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::require_operator_layer,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            security,
            web::security_headers::security_headers_layer,
        ))
        .with_state(state)
}

async fn shutdown_signal() {
    // If the handler cannot be installed the server simply runs until killed.
    let _ = tokio::signal::ctrl_c().await;
}
