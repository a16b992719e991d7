//! Webhook endpoints added through the control API: enabled events, secret rotation,
//! redelivery, every emitted event against its spec schema, and the webhook faults.

use std::time::Duration;

use persona::signature;
use persona_emulator::EmulatorOptions;
use reqwest::Method;
use serde_json::{json, Value};

use crate::spec::{assert_matches_schema, webhook_schema};
use crate::support::{config, receiver, start_with, wait_for, Delivery, Emu};

fn name(delivery: &Delivery) -> String {
    let event: Value = serde_json::from_slice(&delivery.body).unwrap();
    event["data"]["attributes"]["name"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn add(emu: &Emu, url: &str, secrets: &[&str], events: &[&str]) -> String {
    let body = json!({"url": url, "secrets": secrets, "enabled_events": events});
    let reply = emu.control(Method::POST, "/webhooks", Some(&body)).await;
    assert_eq!(reply.status.as_u16(), 201);
    reply.json["id"].as_str().unwrap().to_owned()
}

async fn simulate(emu: &Emu, id: &str, actions: &[&str]) {
    let list: Vec<Value> = actions.iter().map(|a| json!({"type": a})).collect();
    let body = json!({"meta": {"simulate-actions": list}});
    let reply = emu
        .post(
            &format!("/api/v1/inquiries/{id}/perform-simulate-actions"),
            &body,
        )
        .await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.json);
}

/// Fast retries so retry tests finish quickly.
fn fast() -> EmulatorOptions {
    EmulatorOptions {
        webhook_retry_base: Duration::from_millis(20),
        ..crate::support::options()
    }
}

#[tokio::test]
async fn every_emitted_inquiry_event_matches_its_webhook_schema() {
    let (url, seen) = receiver(0).await;
    let emu = Emu::start(config()).await;
    add(&emu, &url, &["wbhsec_a"], &["*"]).await;
    let a = emu.create_id("usr_1").await;
    simulate(&emu, &a, &["start_inquiry", "complete_inquiry"]).await;
    let b = emu.create_id("usr_2").await;
    simulate(
        &emu,
        &b,
        &[
            "start_inquiry",
            "fail_inquiry",
            "mark_for_review_inquiry",
            "decline_inquiry",
        ],
    )
    .await;
    emu.post(
        &format!("/api/v1/inquiries/{b}/add-tag"),
        &json!({"meta": {"tag-name": "x"}}),
    )
    .await;
    emu.call(Method::DELETE, &format!("/api/v1/inquiries/{b}"), None)
        .await;
    emu.create_id("usr_3").await;
    emu.control(
        Method::POST,
        "/clock/advance",
        Some(&json!({"seconds": 90000})),
    )
    .await;
    let expected = [
        "inquiry.created",
        "inquiry.started",
        "inquiry.completed",
        "inquiry.approved",
        "inquiry.failed",
        "inquiry.marked-for-review",
        "inquiry.declined",
        "inquiry.updated-tags",
        "inquiry.redacted",
        "inquiry.expired",
    ];
    let deliveries = wait_for(&seen, 13).await;
    let mut names: Vec<String> = deliveries.iter().map(name).collect();
    names.sort();
    names.dedup();
    for event in expected {
        assert!(
            names.iter().any(|n| n == event),
            "{event} not delivered: {names:?}"
        );
    }
    for delivery in &deliveries {
        let body: Value = serde_json::from_slice(&delivery.body).unwrap();
        assert_matches_schema(&webhook_schema(&name(delivery)), &body);
    }
}

#[tokio::test]
async fn endpoints_get_only_enabled_events_and_rotation_signs_with_both_secrets() {
    let (all_url, all) = receiver(0).await;
    let (approved_url, approved) = receiver(0).await;
    let emu = Emu::start(config()).await;
    let hook = add(&emu, &all_url, &["wbhsec_old"], &["*"]).await;
    add(&emu, &approved_url, &["wbhsec_b"], &["inquiry.approved"]).await;
    let rotate = emu
        .control(
            Method::POST,
            &format!("/webhooks/{hook}/rotate"),
            Some(&json!({"new_secret": "wbhsec_new"})),
        )
        .await;
    assert_eq!(rotate.status.as_u16(), 200);
    let id = emu.create_id("usr_1").await;
    simulate(&emu, &id, &["complete_inquiry"]).await;
    let got = wait_for(&approved, 1).await;
    assert_eq!(name(&got[0]), "inquiry.approved");
    let deliveries = wait_for(&all, 4).await;
    let header = deliveries[0].headers["persona-signature"].to_str().unwrap();
    assert_eq!(header.split(' ').count(), 2, "{header}");
    let now = chrono::Utc::now().timestamp();
    for secret in ["wbhsec_new", "wbhsec_old"] {
        signature::verify(Some(header), &deliveries[0].body, &[secret], now, Some(300)).unwrap();
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        approved.lock().unwrap().len(),
        1,
        "only inquiry.approved is enabled"
    );
}

#[tokio::test]
async fn redelivery_sends_an_event_again_and_failures_are_retried() {
    let (url, seen) = receiver(2).await;
    let emu = start_with(config(), fast()).await;
    add(&emu, &url, &["wbhsec_a"], &["*"]).await;
    emu.create_id("usr_1").await;
    let deliveries = wait_for(&seen, 3).await;
    let made: Vec<&str> = deliveries
        .iter()
        .map(|d| d.headers["persona-webhook-attempts-made"].to_str().unwrap())
        .collect();
    assert_eq!(made, ["1", "2", "3"]);
    let events = emu.get("/api/v1/events").await;
    let event_id = events.json["data"][0]["id"].as_str().unwrap();
    let reply = emu
        .control(Method::POST, &format!("/events/{event_id}/redeliver"), None)
        .await;
    assert_eq!(reply.status.as_u16(), 202);
    let deliveries = wait_for(&seen, 4).await;
    assert_eq!(deliveries[3].body, deliveries[0].body);
    let missing = emu
        .control(Method::POST, "/events/evt_missing/redeliver", None)
        .await;
    assert_eq!(missing.status.as_u16(), 404);
    let dashboard = emu
        .http
        .get(emu.url("/dashboard"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        dashboard.contains("→ 500") && dashboard.contains("→ 200"),
        "attempts shown"
    );
}

#[tokio::test]
async fn webhook_faults_drop_duplicate_delay_and_reorder() {
    let (url, seen) = receiver(0).await;
    let emu = Emu::start(config()).await;
    add(&emu, &url, &[], &["*"]).await;
    let faults = json!({"webhooks": {"duplicate_rate": 1.0, "delay_ms": 50}});
    emu.control(Method::PUT, "/faults", Some(&faults)).await;
    emu.create_id("usr_dup").await;
    let twice = wait_for(&seen, 2).await;
    assert_eq!(twice[0].body, twice[1].body, "duplicate");

    let faults = json!({"webhooks": {"reorder": true}});
    emu.control(Method::PUT, "/faults", Some(&faults)).await;
    let id = emu.create_id("usr_re").await;
    wait_for(&seen, 3).await;
    simulate(&emu, &id, &["start_inquiry", "complete_inquiry"]).await;
    let all = wait_for(&seen, 6).await;
    let order: Vec<String> = all[3..6].iter().map(name).collect();
    assert_eq!(
        order,
        ["inquiry.approved", "inquiry.completed", "inquiry.started"],
        "newest first"
    );

    let faults = json!({"seed": 1, "webhooks": {"drop_rate": 1.0}});
    emu.control(Method::PUT, "/faults", Some(&faults)).await;
    emu.create_id("usr_drop").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        seen.lock().unwrap().len(),
        6,
        "dropped deliveries are never sent"
    );
}

#[tokio::test]
async fn each_webhook_gets_its_own_version_and_key_casing() {
    let (url, seen) = receiver(0).await;
    let emu = Emu::start(config()).await;
    let body = json!({"url": url, "secrets": [], "enabled_events": ["inquiry.created"],
                      "api_version": "2023-01-05", "key_inflection": "snake"});
    let reply = emu.control(Method::POST, "/webhooks", Some(&body)).await;
    assert_eq!(reply.status.as_u16(), 201);
    emu.create_id("usr_1").await;
    let delivery = &wait_for(&seen, 1).await[0];
    let event: Value = serde_json::from_slice(&delivery.body).unwrap();
    let inquiry = &event["data"]["attributes"]["payload"]["data"]["attributes"];
    assert!(event["data"]["attributes"]["created_at"].is_string());
    assert_eq!(
        inquiry["name_first"], "Alexander",
        "flat PII of old versions, snake keys"
    );
    let bad = json!({"url": "http://127.0.0.1:1/x", "key_inflection": "shouty"});
    let reply = emu.control(Method::POST, "/webhooks", Some(&bad)).await;
    assert_eq!(reply.status.as_u16(), 400);
}
