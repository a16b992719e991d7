//! PawPass against Persona as production meets it: a separate service reached over HTTP, strict
//! about API version 2025-12-08, with a webhook of its own settings (snake-case keys, a secret
//! rotation in progress), a failure remembered for an idempotency key, and an approval that the
//! workflow makes a moment after the walker finishes.

use crate::helpers::{list_emulator, location, serve_emulator, SignupForm, TestApp};
use pawpass::server::config::PersonaSettings;
use persona_emulator::{EmulatorConfig, EmulatorOptions};
use serde_json::{json, Value};
use std::time::Duration;

const API_KEY: &str = "persona_sandbox_fidelity";
const TEMPLATE: &str = "itmpl_fidelity000000000000001";
const OLD_SECRET: &str = "wbhsec_fidelity-old-0001";
const NEW_SECRET: &str = "wbhsec_fidelity-new-0002";

/// The emulator as a service of its own on a loopback port, with Persona's default timing.
async fn standalone_persona() -> String {
    let config = EmulatorConfig {
        api_keys: vec![API_KEY.to_owned()],
        template_id: TEMPLATE.to_owned(),
        webhook_url: None,
        webhook_secrets: Vec::new(),
    };
    let options = EmulatorOptions {
        webhook_retry_base: Duration::from_millis(300),
        ..EmulatorOptions::default()
    };
    assert!(
        options.approve_after > Duration::ZERO,
        "approval comes later"
    );
    serve_emulator(config, options).await
}

async fn control(persona: &str, path: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{persona}/_control{path}"))
        .json(&body)
        .send()
        .await
        .expect("control call");
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.expect("json")
}

async fn api_list(persona: &str, path: &str) -> Vec<Value> {
    list_emulator(persona, API_KEY, path).await
}

#[tokio::test]
async fn a_strict_persona_with_its_own_webhook_settings_still_ends_in_one_approved_walker() {
    let persona = standalone_persona().await;
    let app = TestApp::spawn_with(|settings| {
        settings.persona = PersonaSettings::Remote {
            api_key: API_KEY.to_owned(),
            api_base: format!("{persona}/api/v1"),
            hosted_flow_url: format!("{persona}/verify"),
            template_id: TEMPLATE.to_owned(),
        };
        // Mid-rotation PawPass knows both secrets; Persona signs with both.
        settings.webhook_secrets = vec![NEW_SECRET.to_owned(), OLD_SECRET.to_owned()];
    })
    .await;
    let webhook = control(
        &persona,
        "/webhooks",
        json!({"url": app.url("/webhooks/persona"), "secrets": [OLD_SECRET],
               "api_version": "2025-12-08", "key_inflection": "snake"}),
    )
    .await;
    let webhook = webhook["id"].as_str().expect("webhook id");
    control(
        &persona,
        &format!("/webhooks/{webhook}/rotate"),
        json!({"new_secret": NEW_SECRET}),
    )
    .await;
    // The first create fails after Persona has recorded its key: every retry under that key
    // would get the same 500 back for a day.
    let faults = reqwest::Client::new()
        .put(format!("{persona}/_control/faults"))
        .json(&json!({"api": [{"endpoint": "create", "fault": "500_remembered", "count": 1}]}))
        .send()
        .await
        .expect("faults");
    assert!(faults.status().is_success());

    let signup = app
        .post_signup(&SignupForm::valid("strict@example.com"))
        .await;
    let walker = app
        .wait_for_inquiry("strict@example.com")
        .await
        .expect("a later attempt under a new key creates the inquiry");
    let link = if location(&signup).starts_with(&persona) {
        location(&signup)
    } else {
        app.wait_for_hosted_flow().await.expect("into the flow")
    };
    assert!(link.starts_with(&format!("{persona}/verify")), "{link}");
    let finished = app.finish_hosted_flow(&link, true).await;
    assert_eq!(finished.status(), reqwest::StatusCode::SEE_OTHER);
    assert_eq!(
        app.wait_for_status("strict@example.com", "approved")
            .await
            .as_deref(),
        Some("approved")
    );
    app.wait_for_quiet_webhooks().await;

    let inquiries = api_list(
        &persona,
        &format!("/inquiries?filter%5Breference-id%5D={walker}"),
    )
    .await;
    assert_eq!(inquiries.len(), 1, "one inquiry");
    let inquiry = inquiries[0]["id"].as_str().expect("id").to_owned();
    assert_eq!(inquiries[0]["attributes"]["status"], "approved");
    assert_eq!(
        inquiries[0]["attributes"]["fields"]["name_first"]["value"], "Alexander",
        "prefilled under the template's keys"
    );
    let accounts = api_list(
        &persona,
        &format!("/accounts?filter%5Breference-id%5D={walker}"),
    )
    .await;
    assert_eq!(accounts.len(), 1, "one account");

    // Every event Persona sent about the inquiry is stored once, and nothing else.
    let mut sent: Vec<String> = api_list(&persona, "/events?page%5Bsize%5D=100")
        .await
        .into_iter()
        .filter(|e| e["attributes"]["payload"]["data"]["id"] == inquiry.as_str())
        .map(|e| e["id"].as_str().expect("id").to_owned())
        .collect();
    let mut stored: Vec<String> = app
        .events_of(&inquiry)
        .await
        .into_iter()
        .map(|e| e.id.to_string())
        .collect();
    sent.sort();
    stored.sort();
    assert!(
        sent.len() >= 3,
        "created, started, completed, approved: {sent:?}"
    );
    assert_eq!(stored, sent);
    let names: Vec<String> = app
        .events_of(&inquiry)
        .await
        .into_iter()
        .map(|e| e.name)
        .collect();
    for name in ["inquiry.completed", "inquiry.approved"] {
        assert_eq!(names.iter().filter(|n| *n == name).count(), 1, "{names:?}");
    }
}
