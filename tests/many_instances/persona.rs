//! Persona for this test: the emulator on a loopback port of its own, fast (approvals and
//! webhook retries scaled down, no rate limit in the way of 300 walkers on one address), with
//! faults on, and read back through its API.

use crate::helpers::{list_emulator, serve_emulator};
use persona_emulator::{EmulatorConfig, EmulatorOptions};
use serde_json::{json, Value};
use std::time::Duration;

pub const API_KEY: &str = "persona_sandbox_many_instances";
pub const TEMPLATE: &str = "itmpl_manyinstances0000000001";
pub const SECRET: &str = "wbhsec_many-instances-0001";

/// Starts the emulator delivering every event to `webhook_url`; returns its base URL.
pub async fn start(webhook_url: &str) -> String {
    let config = EmulatorConfig {
        api_keys: vec![API_KEY.to_owned()],
        template_id: TEMPLATE.to_owned(),
        webhook_url: Some(webhook_url.to_owned()),
        webhook_secrets: vec![SECRET.to_owned()],
    };
    let options = EmulatorOptions {
        rate_limit_per_minute: 1_000_000,
        creation_quota_per_minute: 1_000_000,
        webhook_retry_base: Duration::from_millis(50),
        approve_after: Duration::from_millis(300),
        ..EmulatorOptions::default()
    };
    serve_emulator(config, options).await
}

/// Creates fail (500), hang past PawPass's timeout, and lose their answer after making the
/// inquiry; webhooks come twice, newest first, late.
pub async fn set_faults(persona: &str) {
    let faults = json!({
        "seed": 14,
        "api": [
            {"endpoint": "create", "fault": "500", "rate": 0.25},
            {"endpoint": "create", "fault": "timeout", "rate": 0.12},
            {"endpoint": "create", "fault": "lost_response", "rate": 0.05}
        ],
        "webhooks": {"duplicate_rate": 0.3, "delay_ms": 150, "reorder": true}
    });
    let answer = reqwest::Client::new()
        .put(format!("{persona}/_control/faults"))
        .json(&faults)
        .send()
        .await
        .expect("faults");
    assert!(answer.status().is_success(), "faults: {}", answer.status());
}

pub async fn clear_faults(persona: &str) {
    let answer = reqwest::Client::new()
        .delete(format!("{persona}/_control/faults"))
        .send()
        .await
        .expect("faults");
    assert!(answer.status().is_success());
}

/// Every object of a list (`/inquiries`, `/events`), following `links.next`.
pub async fn list_all(persona: &str, list: &str) -> Vec<Value> {
    list_emulator(persona, API_KEY, &format!("/{list}?page%5Bsize%5D=100")).await
}
