//! Fault injection: added latency, per-endpoint API errors and webhook mishaps. Every random
//! choice comes from one RNG seeded by `seed`, held under the state's lock, so a
//! given sequence of requests always meets the same faults.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// The whole fault set, as `PUT /_control/faults` takes it. The default injects nothing.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    pub seed: u64,
    /// Added before every API answer.
    pub latency_ms: u64,
    pub api: Vec<ApiFault>,
    pub webhooks: WebhookFaults,
}

/// One API fault rule. `endpoint` is `create`, `retrieve`, `list`, `resume`, any other action
/// name (`approve`, `update`, `redact`, `list-events`, …) or `*`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ApiFault {
    pub endpoint: String,
    pub fault: FaultKind,
    #[serde(default = "always")]
    pub rate: f64,
    /// Apply to at most this many matching requests; `None` = unlimited.
    #[serde(default)]
    pub count: Option<u32>,
}

fn always() -> f64 {
    1.0
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum FaultKind {
    #[serde(rename = "500")]
    InternalError,
    #[serde(rename = "503")]
    Unavailable,
    #[serde(rename = "429")]
    RateLimited,
    /// Persona's answer to a key that lacks the permission (or an IP not allowlisted).
    #[serde(rename = "403")]
    Forbidden,
    /// Hold the request, then answer 504: the client gives up first.
    #[serde(rename = "timeout")]
    Timeout,
    /// Do the work (and store the idempotent response), then hold the answer.
    #[serde(rename = "lost_response")]
    LostResponse,
    /// A 500 from behind the idempotency layer: Persona stores it like any first answer and
    /// replays it for 24 hours to every retry with the same `Idempotency-Key`.
    #[serde(rename = "500_remembered")]
    InternalErrorRemembered,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct WebhookFaults {
    /// Share of deliveries never sent (and never retried).
    pub drop_rate: f64,
    /// Share of attempts sent twice.
    pub duplicate_rate: f64,
    /// Added before each delivery's first attempt.
    pub delay_ms: u64,
    /// Send every batch of due deliveries newest first.
    pub reorder: bool,
}

/// Active faults plus their RNG.
#[derive(Debug)]
pub(crate) struct FaultState {
    pub faults: Faults,
    rng: StdRng,
}

impl Default for FaultState {
    fn default() -> Self {
        FaultState::new(Faults::default())
    }
}

impl FaultState {
    pub(crate) fn new(faults: Faults) -> Self {
        let rng = StdRng::seed_from_u64(faults.seed);
        FaultState { faults, rng }
    }

    fn roll(&mut self, rate: f64) -> bool {
        rate > 0.0 && self.rng.gen::<f64>() < rate
    }

    /// The fault to apply to a request to `endpoint`, consuming one unit of its `count`.
    pub(crate) fn api(&mut self, endpoint: &str) -> Option<FaultKind> {
        for index in 0..self.faults.api.len() {
            let rule = &self.faults.api[index];
            let applies = (rule.endpoint == "*" || rule.endpoint == endpoint)
                && rule.count.is_none_or(|left| left > 0);
            if !applies {
                continue;
            }
            let rate = rule.rate;
            if self.roll(rate) {
                let rule = &mut self.faults.api[index];
                if let Some(left) = rule.count.as_mut() {
                    *left -= 1;
                }
                return Some(rule.fault);
            }
        }
        None
    }

    pub(crate) fn drop_delivery(&mut self) -> bool {
        let rate = self.faults.webhooks.drop_rate;
        self.roll(rate)
    }

    pub(crate) fn duplicate_delivery(&mut self) -> bool {
        let rate = self.faults.webhooks.duplicate_rate;
        self.roll(rate)
    }
}

/// The fault-rule name of an API request (`method` + path below `/api/v1`).
pub(crate) fn endpoint_name(method: &str, path: &str) -> String {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("POST", ["inquiries"]) => "create".into(),
        ("GET", ["inquiries"]) => "list".into(),
        ("GET", ["inquiries", _]) => "retrieve".into(),
        ("PATCH", ["inquiries", _]) => "update".into(),
        ("DELETE", ["inquiries", _]) => "redact".into(),
        (_, ["inquiries", _, action]) => (*action).into(),
        ("GET", ["accounts"]) => "list-accounts".into(),
        ("GET", ["accounts", _]) => "retrieve-account".into(),
        ("DELETE", ["accounts", _]) => "redact-account".into(),
        ("GET", ["events"]) => "list-events".into(),
        ("GET", ["events", _]) => "retrieve-event".into(),
        _ => "other".into(),
    }
}
