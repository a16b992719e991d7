//! How an emulator instance is set up: [`EmulatorConfig`] for what every integration needs (keys,
//! template, webhook), [`EmulatorOptions`] for the rest.

use std::path::PathBuf;
use std::time::Duration;

use crate::faults::Faults;
use crate::model::webhook::WebhookEndpoint;

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
/// compile. Pass them to [`router_with`](crate::router_with); [`router`](crate::router) uses
/// the defaults.
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
    /// First webhook retry gap (Persona's is 3 s); later gaps keep Persona's proportions (64 s,
    /// 729 s, … for 3 s), so this scales the whole schedule by `webhook_retry_base / 3 s`.
    pub webhook_retry_base: Duration,
    /// Hosts besides loopback that webhook endpoints added through `/_control/webhooks`, and
    /// `redirect-uri`s in Hosted Flow links, may name (see `hosts.rs`).
    pub allowed_hosts: Vec<String>,
    /// How long after an inquiry completes the KYC workflow approves it (default 2 s; zero
    /// approves in the same moment). Follows the emulated clock.
    pub approve_after: Duration,
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
            allowed_hosts: Vec::new(),
            approve_after: Duration::from_secs(2),
        }
    }
}
