//! Building and running the server. `Application::build` binds first, so tests can ask for
//! port 0 and learn the real address before anything uses it.

use crate::console::Console;
use crate::mail::{Mailer, SmtpSender, Transport};
use crate::onboarding::{Links, Onboarding, OnboardingSettings, WebhookVerifier, Worker};
use crate::routes::{app_router, RateLimits};
use crate::server::config::{
    self, PersonaSettings, Settings, EMULATOR_API_KEY, EMULATOR_TEMPLATE_ID,
};
use crate::server::http::{self, HttpLimits};
use crate::server::metrics;
use crate::server::mode::{Exposure, Mode};
use crate::server::rate_limit::RateLimiter;
use crate::server::{request_id, security_headers, sessions, AppState, Shared};
use crate::store::{SqlSessionStore, Store};
use anyhow::Context;
use axum::Router;
use leptos::prelude::LeptosOptions;
use persona::{PersonaClient, PersonaClientConfig};
use persona_emulator::EmulatorConfig;
use rand::distributions::{Alphanumeric, DistString};
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub struct Application {
    listener: TcpListener,
    /// `GET /metrics`, on `METRICS_ADDR` when set.
    metrics_listener: Option<TcpListener>,
    router: Router,
    address: SocketAddr,
    reconcile_every: Duration,
    reconcile_quiet_for: Duration,
    http_limits: HttpLimits,
    sessions: SqlSessionStore,
    pub retention: crate::onboarding::RetentionPolicy,
    pub state: AppState,
}

/// No request body may be bigger than this (Persona's webhooks are the biggest, see
/// `routes::MAX_WEBHOOK_BYTES`); bigger ones are refused before anything reads them.
const MAX_BODY_BYTES: usize = crate::routes::MAX_WEBHOOK_BYTES;

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
        let requested = leptos_options.site_addr;
        if settings.mode == Mode::Development(Exposure::LoopbackOnly)
            && !requested.ip().is_loopback()
        {
            anyhow::bail!(
                "development mode listens on loopback only, because its built-in Persona emulator \
                 approves anyone; {requested} is not loopback. Listen on 127.0.0.1, or set \
                 PAWPASS_DEV_LISTEN_ANYWHERE=yes if this machine's network is yours alone"
            );
        }
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

        let store = Store::connect(&settings.database_url, settings.database_pool_size).await?;
        let wiring = persona_wiring(&settings, &loopback_base, &public_base_url);
        let persona = PersonaClient::new(wiring.client).context("building the Persona client")?;
        let worker = Worker::new(settings.job_lease);
        // Production cannot get here without SMTP_URL (see `Settings`).
        let transport = match &settings.mail.smtp_url {
            Some(url) => Transport::Smtp(SmtpSender::from_url(url)?),
            None => Transport::DevOutbox,
        };
        let dev_outbox = matches!(transport, Transport::DevOutbox);
        let onboarding = Onboarding::new(
            store.clone(),
            persona.clone(),
            worker.clone(),
            OnboardingSettings {
                links: Links {
                    hosted_flow_url: wiring.hosted_flow_url,
                    public_base_url: public_base_url.clone(),
                },
                template_id: wiring.template_id,
                webhooks: WebhookVerifier::new(wiring.webhook_secrets, settings.webhook_tolerance),
                wait_for_inquiry: settings.signup_wait_for_inquiry,
                mailer: Mailer {
                    transport,
                    from: settings.mail.from.clone(),
                },
            },
        );
        let console = Console::new(store.clone(), persona, worker);
        let security = security_headers::SecurityConfig {
            form_action_origin: origin_of(&onboarding.links().hosted_flow_url)
                .filter(|origin| !public_base_url.starts_with(origin.as_str())),
            https: public_base_url.starts_with("https://"),
        };
        let persona_dashboard = if wiring.emulator.is_some() {
            "/persona/dashboard/inquiries/".to_owned()
        } else {
            "https://app.withpersona.com/dashboard/inquiries/".to_owned()
        };
        let state = AppState::new(Shared {
            leptos_options,
            onboarding,
            console,
            persona_dashboard,
            trusted_proxies: settings.trusted_proxies.clone(),
        });
        let limits = RateLimits {
            signup: RateLimiter::per_minute(
                settings.signup_rate_limit_per_minute,
                settings.trusted_proxies.clone(),
            ),
            login: RateLimiter::per_minute(
                settings.login_rate_limit_per_minute,
                settings.trusted_proxies.clone(),
            ),
            // Asking for links shares the signup budget's size, not its bucket.
            links: RateLimiter::per_minute(
                settings.signup_rate_limit_per_minute,
                settings.trusted_proxies.clone(),
            ),
            continues: RateLimiter::per_minute(
                settings.continue_rate_limit_per_minute,
                settings.trusted_proxies.clone(),
            ),
        };
        limits.prune_in_background();
        let sessions = store.sessions();
        let mut router = app_router(state.clone(), sessions.clone(), security, limits);
        if let Some(emulator) = wiring.emulator {
            router = router.nest_service("/persona", emulator);
        }
        if dev_outbox && settings.mode != Mode::Production {
            router = router.route(
                "/dev/mail",
                axum::routing::get(crate::web::dev_mail).with_state(state.clone()),
            );
        }
        // Inside out: counted per route (after routing), bounded, then traced in a span that
        // carries the request's id (taken from `X-Request-Id` or made, and sent back), which
        // the jobs the request queues keep too.
        let router = router
            .layer(axum::middleware::from_fn(metrics::track_requests))
            .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
            .layer(axum::middleware::from_fn(request_id::carry))
            .layer(TraceLayer::new_for_http().make_span_with(request_id::request_span))
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid));
        let metrics_listener = match settings.metrics_addr {
            Some(addr) => {
                metrics::recorder();
                Some(
                    TcpListener::bind(addr)
                        .await
                        .with_context(|| format!("binding METRICS_ADDR {addr}"))?,
                )
            }
            None => None,
        };
        Ok(Self {
            listener,
            metrics_listener,
            router,
            address,
            reconcile_every: settings.reconcile_every,
            reconcile_quiet_for: settings.reconcile_quiet_for,
            http_limits: settings.http,
            sessions,
            retention: settings.retention,
            state,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Where `GET /metrics` answers, when `METRICS_ADDR` is set.
    pub fn metrics_address(&self) -> Option<SocketAddr> {
        self.metrics_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
    }

    /// Serves HTTP, runs the job worker, the reconciliation and retention sweeps, the making of
    /// event partitions ahead and the purge of expired sessions, until Ctrl-C or SIGTERM. The
    /// background work lives in this future, so stopping it stops everything.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// [`Self::run_until_stopped`], stopping when `shutdown` resolves: open requests are
    /// drained, and the jobs this instance still holds are handed back to the queue.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> anyhow::Result<()> {
        tracing::info!(address = %self.address, "PawPass listening");
        let onboarding = self.state.onboarding.clone();
        let server = http::serve(self.listener, self.router, self.http_limits, shutdown);
        let sweep = onboarding
            .clone()
            .reconcile_forever(self.reconcile_every, self.reconcile_quiet_for);
        let retention = onboarding
            .clone()
            .retention_forever(self.reconcile_every, self.retention);
        let months = onboarding
            .clone()
            .prepare_event_months_forever(crate::onboarding::EVENT_MONTHS_EVERY);
        let purge = self.sessions.purge_expired_forever(sessions::PURGE_EVERY);
        let forget = self
            .state
            .console
            .clone()
            .forget_expired_forever(self.reconcile_every);
        let (metrics_listener, scraped) = (self.metrics_listener, onboarding.clone());
        let metrics = async move {
            match metrics_listener {
                Some(listener) => metrics::serve(listener, scraped).await,
                None => std::future::pending().await,
            }
        };
        let stopped = tokio::select! {
            served = server => served.context("serving HTTP"),
            () = onboarding.clone().work_forever() => Ok(()),
            () = sweep => Ok(()),
            () = retention => Ok(()),
            () = months => Ok(()),
            () = purge => Ok(()),
            () = forget => Ok(()),
            served = metrics => served,
        };
        // The worker stopped mid-job with the rest: another instance may take its jobs now.
        onboarding.hand_back_jobs().await;
        stopped
    }
}

/// Connects to the database and applies its migrations, for `pawpass migrate`.
pub async fn migrate(database_url: &str) -> anyhow::Result<()> {
    Store::connect(database_url, None)
        .await?
        .apply_migrations()
        .await
}

fn persona_wiring(settings: &Settings, loopback_base: &str, public_base: &str) -> PersonaWiring {
    let client = |api_base: String, api_key: String| PersonaClientConfig {
        api_base,
        api_key,
        version: settings.persona_version.clone(),
        connect_timeout: settings.persona_connect_timeout,
        request_timeout: settings.persona_request_timeout,
        max_attempts: config::PERSONA_ATTEMPTS,
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
            let emulator = persona_emulator::router(EmulatorConfig {
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

/// Ctrl-C, or the SIGTERM a service manager sends to stop the process.
async fn shutdown_signal() {
    // If a handler cannot be installed, that signal simply kills the process as it would anyway.
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing open requests");
}
