//! Typed configuration from the environment (and `.env`), with the names in ARCHITECTURE.md.
//! Leptos's own site settings (listen address, site root) come from Leptos.toml instead.

use super::client_addr::TrustedProxies;
pub use super::config_error::ConfigError;
use super::config_mail::mail_settings;
pub use super::config_mail::DEVELOPMENT_MAIL_FROM;
use super::http::HttpLimits;
use super::mode::{self, Mode};
use crate::mail::MailSettings;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/pawpass.db?mode=rwc";
pub const DEFAULT_PERSONA_VERSION: &str = "2025-12-08";
/// How many times one Persona call is tried (the first and its retries).
pub const PERSONA_ATTEMPTS: u32 = 3;
pub const EMULATOR_API_KEY: &str = persona_emulator::DEFAULT_API_KEY;
pub const EMULATOR_TEMPLATE_ID: &str = persona_emulator::DEFAULT_TEMPLATE_ID;

/// Secrets (the API key, webhook secrets) are never printed: see the `Debug` impls below.
#[derive(Clone)]
pub struct Settings {
    pub mode: Mode,
    pub database_url: String,
    /// Connections the server keeps to the database; `None`: the engine's default (see
    /// `Store::connect`).
    pub database_pool_size: Option<u32>,
    /// Where browsers reach PawPass. `None`: derived from the address the server bound.
    pub public_base_url: Option<String>,
    pub persona: PersonaSettings,
    pub persona_version: String,
    /// Every secret whose signature a webhook may carry (several while rotating). In emulator
    /// mode an empty list means "generate one and share it in-process".
    pub webhook_secrets: Vec<String>,
    /// How far a signature's timestamp may be from now before it is refused as a replay.
    pub webhook_tolerance: Duration,
    /// One Persona call, connect and whole request (each retry gets its own).
    pub persona_connect_timeout: Duration,
    pub persona_request_timeout: Duration,
    /// How long a signup waits for its inquiry before showing a "preparing" page instead.
    pub signup_wait_for_inquiry: Duration,
    /// How long a job an instance claimed is its alone: a killed instance's jobs wait this long
    /// for another (`JOB_LEASE_SECONDS`). Longer than any attempt can take (checked).
    pub job_lease: Duration,
    /// The reconciliation sweep's period, and how quiet an inquiry must be to be re-read.
    pub reconcile_every: Duration,
    /// How long PawPass keeps walkers who never got a decision, raw event bodies of decided
    /// inquiries, and events (see `onboarding::retention`).
    pub retention: crate::onboarding::RetentionPolicy,
    pub reconcile_quiet_for: Duration,
    /// POSTs per client address and minute.
    pub signup_rate_limit_per_minute: u32,
    pub login_rate_limit_per_minute: u32,
    /// Requests per client and minute to continue into Persona (each may call Persona).
    pub continue_rate_limit_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed when telling clients apart.
    pub trusted_proxies: TrustedProxies,
    /// Bounds on every connection and request (see `http_server`).
    pub http: HttpLimits,
    /// Where mail to walkers goes (`SMTP_URL`, `MAIL_FROM`).
    pub mail: MailSettings,
    /// Where `GET /metrics` is served (`METRICS_ADDR`, e.g. `127.0.0.1:9100`): a listener of
    /// its own, never the public one. `None`: no metrics endpoint.
    pub metrics_addr: Option<std::net::SocketAddr>,
}

#[derive(Clone)]
pub enum PersonaSettings {
    /// No API key: the built-in emulator is served under `/persona` and used over HTTP.
    Emulator,
    /// A real Persona environment, or a standalone emulator reached like one.
    Remote {
        api_key: String,
        api_base: String,
        hosted_flow_url: String,
        template_id: String,
    },
}

impl Settings {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads through `lookup` so tests can configure without touching the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mode = mode::from_lookup(&lookup)?;
        if mode == Mode::Production {
            let missing: Vec<&'static str> = [
                "PERSONA_API_KEY",
                "PERSONA_INQUIRY_TEMPLATE_ID",
                "PERSONA_WEBHOOK_SECRETS",
                "PUBLIC_BASE_URL",
                "SMTP_URL",
                "MAIL_FROM",
            ]
            .into_iter()
            .filter(|name| lookup(name).is_none())
            .collect();
            if !missing.is_empty() {
                return Err(ConfigError::IncompleteForProduction(missing));
            }
        }
        let persona = match lookup("PERSONA_API_KEY") {
            None => PersonaSettings::Emulator,
            Some(api_key) => PersonaSettings::Remote {
                api_key,
                api_base: url_var(&lookup, "PERSONA_API_BASE")?
                    .unwrap_or_else(|| "https://api.withpersona.com/api/v1".into()),
                hosted_flow_url: url_var(&lookup, "PERSONA_HOSTED_FLOW_URL")?
                    .unwrap_or_else(|| "https://inquiry.withpersona.com/verify".into()),
                template_id: lookup("PERSONA_INQUIRY_TEMPLATE_ID")
                    .ok_or(ConfigError::Missing("PERSONA_INQUIRY_TEMPLATE_ID"))?,
            },
        };
        let webhook_secrets: Vec<String> = lookup("PERSONA_WEBHOOK_SECRETS")
            .map(|all| {
                all.split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if matches!(persona, PersonaSettings::Remote { .. }) && webhook_secrets.is_empty() {
            return Err(ConfigError::Missing("PERSONA_WEBHOOK_SECRETS"));
        }
        let number = |name: &'static str, default: u64| -> Result<u64, ConfigError> {
            match lookup(name) {
                None => Ok(default),
                Some(raw) => raw.trim().parse().map_err(|_| ConfigError::Invalid {
                    name,
                    reason: "expected a whole non-negative number".into(),
                }),
            }
        };
        let seconds = |name, default| number(name, default).map(Duration::from_secs);
        let per_minute =
            |name, default| number(name, default).map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let pool_size = match lookup("DATABASE_POOL_SIZE") {
            None => None,
            Some(_) => match number("DATABASE_POOL_SIZE", 0)? {
                n @ 1..=1000 => Some(n as u32),
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "DATABASE_POOL_SIZE",
                        reason: "expected a number of connections from 1 to 1000".into(),
                    })
                }
            },
        };
        let mail = mail_settings(&lookup)?;
        let metrics_addr = match lookup("METRICS_ADDR") {
            None => None,
            Some(raw) => Some(raw.trim().parse().map_err(|_| ConfigError::Invalid {
                name: "METRICS_ADDR",
                reason: "expected an address and port, such as 127.0.0.1:9100".into(),
            })?),
        };
        let settings = Self {
            mail,
            metrics_addr,
            mode,
            database_url: database_url(&lookup),
            database_pool_size: pool_size,
            public_base_url: url_var(&lookup, "PUBLIC_BASE_URL")?,
            persona,
            persona_version: lookup("PERSONA_VERSION")
                .unwrap_or_else(|| DEFAULT_PERSONA_VERSION.into()),
            webhook_secrets,
            webhook_tolerance: seconds("PERSONA_WEBHOOK_TOLERANCE_SECONDS", 300)?,
            persona_connect_timeout: seconds("PERSONA_CONNECT_TIMEOUT_SECONDS", 3)?,
            persona_request_timeout: seconds("PERSONA_REQUEST_TIMEOUT_SECONDS", 10)?,
            signup_wait_for_inquiry: Duration::from_millis(number("SIGNUP_PATIENCE_MS", 3000)?),
            job_lease: seconds("JOB_LEASE_SECONDS", crate::onboarding::LEASE.as_secs())?,
            reconcile_every: seconds("RECONCILE_EVERY_SECONDS", 60)?,
            retention: crate::onboarding::RetentionPolicy {
                unfinished_days: number("RETENTION_UNFINISHED_DAYS", 90)?,
                event_body_days: number("RETENTION_EVENT_BODY_DAYS", 365)?,
                event_days: match number("RETENTION_EVENT_DAYS", 730)? {
                    days @ 31.. => days,
                    _ => {
                        return Err(ConfigError::Invalid {
                            name: "RETENTION_EVENT_DAYS",
                            reason: "expected at least 31: events expire a whole month at a time"
                                .into(),
                        })
                    }
                },
            },
            reconcile_quiet_for: seconds("RECONCILE_QUIET_SECONDS", 300)?,
            signup_rate_limit_per_minute: per_minute("RATE_LIMIT_SIGNUPS_PER_MINUTE", 10)?,
            login_rate_limit_per_minute: per_minute("RATE_LIMIT_LOGINS_PER_MINUTE", 10)?,
            // The "preparing" page reloads it every 3 s: 20 a minute for one waiting walker.
            continue_rate_limit_per_minute: per_minute("RATE_LIMIT_CONTINUES_PER_MINUTE", 60)?,
            http: {
                let defaults = HttpLimits::default();
                HttpLimits {
                    header_read_timeout: seconds(
                        "HTTP_HEADER_READ_TIMEOUT_SECONDS",
                        defaults.header_read_timeout.as_secs(),
                    )?,
                    body_read_timeout: seconds(
                        "HTTP_BODY_READ_TIMEOUT_SECONDS",
                        defaults.body_read_timeout.as_secs(),
                    )?,
                    request_timeout: seconds(
                        "HTTP_REQUEST_TIMEOUT_SECONDS",
                        defaults.request_timeout.as_secs(),
                    )?,
                    max_connections: number(
                        "HTTP_MAX_CONNECTIONS",
                        defaults.max_connections as u64,
                    )?
                    .clamp(1, 1_000_000) as usize,
                    shutdown_grace: seconds(
                        "HTTP_SHUTDOWN_GRACE_SECONDS",
                        defaults.shutdown_grace.as_secs(),
                    )?,
                }
            },
            trusted_proxies: match lookup("TRUSTED_PROXIES") {
                None => TrustedProxies::default(),
                Some(list) => {
                    TrustedProxies::parse(&list).map_err(|error| ConfigError::Invalid {
                        name: "TRUSTED_PROXIES",
                        reason: error.to_string(),
                    })?
                }
            },
        };
        settings.check_job_lease()?;
        Ok(settings)
    }

    /// A lease shorter than an attempt would let a second instance run a job the first is
    /// still running: two inquiries, two messages. So it must outlast the slowest attempt: two
    /// Persona calls in a row (looking for an earlier attempt's inquiry, then creating one),
    /// each tried `PERSONA_ATTEMPTS` times with short pauses between, or, with SMTP, a slow
    /// mail server. (Persona's rate limit can stretch a pause further; a create run twice is
    /// still one inquiry, by its idempotency key.)
    fn check_job_lease(&self) -> Result<(), ConfigError> {
        let per_call = (self.persona_connect_timeout + self.persona_request_timeout)
            * PERSONA_ATTEMPTS
            + Duration::from_secs(2);
        let persona = per_call * 2;
        let smtp = match self.mail.smtp_url {
            Some(_) => crate::mail::SMTP_TIMEOUT * 3,
            None => Duration::ZERO,
        };
        let longest = persona.max(smtp);
        if self.job_lease <= longest {
            return Err(ConfigError::Invalid {
                name: "JOB_LEASE_SECONDS",
                reason: format!(
                    "must be more than the longest job attempt, {} s (two Persona calls of \
                     {PERSONA_ATTEMPTS} tries with their timeouts, or a slow SMTP server)",
                    longest.as_secs()
                ),
            });
        }
        Ok(())
    }
}

/// `DATABASE_URL`, alone: what the maintenance commands (migrate, operator, seed) need.
pub fn database_url_from_env() -> String {
    database_url(&|name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
}

fn database_url(lookup: &impl Fn(&str) -> Option<String>) -> String {
    lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into())
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The database URL may carry a password; the webhook secrets are secrets.
        f.debug_struct("Settings")
            .field("mode", &self.mode)
            .field("database_url", &"[redacted]")
            .field("public_base_url", &self.public_base_url)
            .field("persona", &self.persona)
            .field("persona_version", &self.persona_version)
            .field(
                "webhook_secrets",
                &format!("[{} redacted]", self.webhook_secrets.len()),
            )
            .field("trusted_proxies", &self.trusted_proxies)
            .field("http", &self.http)
            .field("mail", &self.mail)
            .field("metrics_addr", &self.metrics_addr)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for PersonaSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Emulator => f.write_str("Emulator"),
            Self::Remote {
                api_base,
                hosted_flow_url,
                template_id,
                ..
            } => f
                .debug_struct("Remote")
                .field("api_key", &"[redacted]")
                .field("api_base", api_base)
                .field("hosted_flow_url", hosted_flow_url)
                .field("template_id", template_id)
                .finish(),
        }
    }
}

/// An http(s) URL, kept without a trailing slash so paths can be appended.
fn url_var(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
) -> Result<Option<String>, ConfigError> {
    let Some(raw) = lookup(name) else {
        return Ok(None);
    };
    let parsed = url::Url::parse(&raw).map_err(|e| ConfigError::Invalid {
        name,
        reason: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ConfigError::Invalid {
            name,
            reason: "must be an http or https URL".into(),
        });
    }
    Ok(Some(raw.trim_end_matches('/').to_owned()))
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
