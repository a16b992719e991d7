//! The KYC template's workflow approves a completed inquiry a moment later, as Persona's
//! workflows run after the completion: `completed` first, `approved` later, each with its own
//! webhook and `updated-at`.

use std::time::Duration;

use persona_emulator::{EmulatorConfig, EmulatorOptions};
use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{config, receiver, start_with, wait_for, Emu};

fn options(approve_after: Duration) -> EmulatorOptions {
    EmulatorOptions {
        approve_after,
        ..EmulatorOptions::default()
    }
}

async fn complete(emu: &Emu, id: &str) -> Value {
    let body = json!({"meta": {"simulate-actions": [
        {"type": "start_inquiry"}, {"type": "complete_inquiry"}]}});
    let reply = emu
        .post(
            &format!("/api/v1/inquiries/{id}/perform-simulate-actions"),
            &body,
        )
        .await;
    assert_eq!(reply.status.as_u16(), 200, "{:#}", reply.json);
    reply.json
}

#[tokio::test]
async fn approval_follows_completion_after_the_configured_delay() {
    assert_eq!(
        EmulatorOptions::default().approve_after,
        Duration::from_secs(2),
        "Persona-like default"
    );
    let (url, seen) = receiver(0).await;
    let webhook = EmulatorConfig {
        webhook_url: Some(url),
        webhook_secrets: vec!["wbhsec_workflow".into()],
        ..config()
    };
    let emu = start_with(webhook, options(Duration::from_millis(400))).await;
    let id = emu.create_id("usr_wf").await;
    let completed = complete(&emu, &id).await;
    assert_eq!(completed["data"]["attributes"]["status"], "completed");
    assert_eq!(emu.status(&id).await, "completed");

    let deliveries = wait_for(&seen, 4).await;
    let events: Vec<Value> = deliveries
        .iter()
        .map(|d| serde_json::from_slice(&d.body).unwrap())
        .collect();
    let names: Vec<&str> = events
        .iter()
        .map(|e| e["data"]["attributes"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "inquiry.created",
            "inquiry.started",
            "inquiry.completed",
            "inquiry.approved"
        ]
    );
    let updated = |event: &Value| {
        let at = event["data"]["attributes"]["payload"]["data"]["attributes"]["updated-at"]
            .as_str()
            .unwrap();
        chrono::DateTime::parse_from_rfc3339(at).unwrap()
    };
    let gap = updated(&events[3]) - updated(&events[2]);
    assert!(gap >= chrono::Duration::milliseconds(400), "{gap}");
    let inquiry = emu.inquiry(&id).await;
    assert_eq!(inquiry["data"]["attributes"]["status"], "approved");
    assert_eq!(
        inquiry["data"]["relationships"]["reviewer"]["data"]["type"],
        "workflow-run"
    );
}

#[tokio::test]
async fn a_clock_advance_runs_a_due_approval_and_a_decision_cancels_it() {
    let emu = start_with(config(), options(Duration::from_secs(3600))).await;
    let approved = emu.create_id("usr_later").await;
    complete(&emu, &approved).await;
    let declined = emu.create_id("usr_declined").await;
    complete(&emu, &declined).await;
    let reply = emu
        .post(&format!("/api/v1/inquiries/{declined}/decline"), &json!({}))
        .await;
    assert_eq!(reply.status.as_u16(), 200);
    assert_eq!(emu.status(&approved).await, "completed");

    let advance = json!({"seconds": 3601});
    let reply = emu
        .control(Method::POST, "/clock/advance", Some(&advance))
        .await;
    assert_eq!(reply.status.as_u16(), 200);
    assert_eq!(emu.status(&approved).await, "approved");
    assert_eq!(emu.status(&declined).await, "declined", "a decision stands");
}
