//! `inquiry-session.started`, `.expired` and `.canceled` (CONTRACT 10: payload an
//! `inquiry-session`): a session starts when the Hosted Flow opens it, and ends with its inquiry.

use persona_emulator::EmulatorConfig;
use reqwest::Method;
use serde_json::{json, Value};

use crate::spec::{assert_matches_schema, response_schema, webhook_schema};
use crate::support::{config, create_body, hidden_value, receiver, wait_for, Emu};

fn names(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        // A webhook body wraps the event in `data`; `GET /events` lists the events themselves.
        .map(|e| {
            e.get("data").unwrap_or(e)["attributes"]["name"]
                .as_str()
                .unwrap()
        })
        .collect()
}

async fn session_events(emu: &Emu, name: &str) -> Vec<Value> {
    let reply = emu
        .get(&format!("/api/v1/events?filter[name]={name}"))
        .await;
    assert_matches_schema(&response_schema("/events", "get", "200"), &reply.json);
    reply.json["data"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_hosted_flow_session_starts_then_expires_with_its_inquiry() {
    let (url, seen) = receiver(0).await;
    let emu = Emu::start(EmulatorConfig {
        webhook_url: Some(url),
        webhook_secrets: vec!["wbhsec_sessions".into()],
        ..config()
    })
    .await;
    let id = emu.create_id("usr_session").await;
    let (_, html) = emu.page(&[("inquiry-id", &id)]).await;
    let token = hidden_value(&html, "session-token");
    // The session starts on open; the inquiry starts once the person begins.
    let start = json!({"meta": {"simulate-actions": [{"type": "start_inquiry"}]}});
    crate::actions::act(&emu, &id, "perform-simulate-actions", start).await;
    // Loading the page again with the same session starts nothing new.
    emu.page(&[("inquiry-id", &id), ("session-token", &token)])
        .await;
    let reply = emu
        .post(&format!("/api/v1/inquiries/{id}/expire"), &json!({}))
        .await;
    assert_eq!(reply.status, 200, "{:#}", reply.json);

    let deliveries = wait_for(&seen, 5).await;
    let events: Vec<Value> = deliveries
        .iter()
        .map(|d| serde_json::from_slice(&d.body).unwrap())
        .collect();
    assert_eq!(
        names(&events),
        [
            "inquiry.created",
            "inquiry-session.started",
            "inquiry.started",
            "inquiry.expired",
            "inquiry-session.expired"
        ]
    );
    let (started, expired) = (&events[1], &events[4]);
    for (event, name) in [
        (started, "inquiry-session.started"),
        (expired, "inquiry-session.expired"),
    ] {
        assert_matches_schema(&webhook_schema(name), event);
        let session = &event["data"]["attributes"]["payload"]["data"];
        assert_eq!(session["type"], "inquiry-session");
        assert!(session["id"].as_str().unwrap().starts_with("iqse_"));
        assert_eq!(
            session["relationships"]["inquiry"]["data"]["id"],
            id.as_str()
        );
    }
    let session_id = &started["data"]["attributes"]["payload"]["data"]["id"];
    assert_eq!(
        &expired["data"]["attributes"]["payload"]["data"]["id"],
        session_id
    );
    let started = &started["data"]["attributes"]["payload"]["data"]["attributes"];
    let expired = &expired["data"]["attributes"]["payload"]["data"]["attributes"];
    assert_eq!(started["status"], "active");
    assert!(started["started-at"].is_string() && started["expired-at"].is_null());
    assert_eq!(expired["status"], "expired");
    assert!(expired["expired-at"].is_string());
    assert_eq!(expired["started-at"], started["started-at"]);

    // `GET /events` lists them too, filtered by the session's id.
    let listed = emu
        .get(&format!(
            "/api/v1/events?filter[object-id]={}",
            session_id.as_str().unwrap()
        ))
        .await;
    assert_eq!(
        names(listed.json["data"].as_array().unwrap()),
        ["inquiry-session.expired", "inquiry-session.started"]
    );
}

#[tokio::test]
async fn redaction_cancels_a_started_session() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_session").await;
    emu.page(&[("inquiry-id", &id)]).await;
    let reply = emu
        .call(Method::DELETE, &format!("/api/v1/inquiries/{id}"), None)
        .await;
    assert_eq!(reply.status, 200);
    let canceled = session_events(&emu, "inquiry-session.canceled").await;
    assert_eq!(canceled.len(), 1);
    let session = &canceled[0]["attributes"]["payload"]["data"];
    assert_eq!(session["attributes"]["status"], "canceled");
    assert_eq!(
        session["relationships"]["inquiry"]["data"]["id"],
        id.as_str()
    );
    assert!(session_events(&emu, "inquiry-session.expired")
        .await
        .is_empty());
}

#[tokio::test]
async fn sessions_nobody_opened_fire_nothing() {
    let emu = Emu::start(config()).await;
    let mut body = create_body("usr_unopened");
    body["meta"]["auto-create-inquiry-session"] = json!(true);
    let id = emu.create(&body).await["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    emu.post(
        &format!("/api/v1/inquiries/{id}/generate-one-time-link"),
        &json!({}),
    )
    .await;
    emu.post(&format!("/api/v1/inquiries/{id}/expire"), &json!({}))
        .await;
    for name in [
        "inquiry-session.started",
        "inquiry-session.expired",
        "inquiry-session.canceled",
    ] {
        assert!(session_events(&emu, name).await.is_empty(), "{name}");
    }
}
