//! One-time links, session reuse on resume and `perform-simulate-actions`, schema-checked
//! through `actions::act`.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::json;

use crate::actions::{act, attr};
use crate::spec::fixture;
use crate::support::{config, Emu};

#[tokio::test]
async fn one_time_links_are_reused_until_used_and_work_once() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_1").await;
    let (status, body) = act(
        &emu,
        &id,
        "generate-one-time-link",
        json!({"meta": {"expires-in-seconds": 3600}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let link = body["meta"]["one-time-link"].as_str().unwrap().to_owned();
    assert!(link.starts_with(&emu.url("/verify?code=")), "{link}");
    let (_, again) = act(&emu, &id, "generate-one-time-link", json!({})).await;
    assert_eq!(again["meta"]["one-time-link"], link.as_str());
    let code = link.split("code=").nth(1).unwrap();
    let (status, html) = emu.page(&[("code", code)]).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Pass verifications"));
    assert_eq!(emu.status(&id).await, "created", "opening starts nothing");
    let (_, html) = emu.page(&[("code", code)]).await;
    assert!(html.contains("Session expired"), "a code works once");
}

#[tokio::test]
async fn simulate_actions_accept_the_fixture_and_every_type() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_1").await;
    let (status, body) = act(
        &emu,
        &id,
        "perform-simulate-actions",
        fixture("perform-simulate-actions.request.json"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(attr(&body, "status"), "approved");
    assert!(attr(&body, "completed-at").is_string() && attr(&body, "started-at").is_string());

    let cases = [
        ("expire_inquiry", "expired"),
        ("decline_inquiry", "declined"),
        ("mark_for_review_inquiry", "needs_review"),
        ("fail_inquiry", "failed"),
        ("start_inquiry", "pending"),
    ];
    for (action, expected) in cases {
        let id = emu.create_id("usr_2").await;
        let body = json!({"meta": {"simulate-actions": [{"type": action}]}});
        let (status, reply) = act(&emu, &id, "perform-simulate-actions", body).await;
        assert_eq!(status, StatusCode::OK, "{action}: {reply}");
        assert_eq!(attr(&reply, "status"), expected, "{action}");
    }
    let id = emu.create_id("usr_3").await;
    let body = json!({"meta": {"simulate-actions": [
        {"type": "create_passed_verification", "data": {"verification-template-id": "vtmpl_emulator"}},
        {"type": "create_failed_verification", "data": {"verification-template-id": "vtmpl_emulator"}}
    ]}});
    let (status, reply) = act(&emu, &id, "perform-simulate-actions", body).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(
        reply["data"]["relationships"]["verifications"]["data"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let events = emu
        .get("/api/v1/events?filter[name]=verification.passed,verification.failed")
        .await;
    assert_eq!(events.json["data"].as_array().unwrap().len(), 2);
    let bad = json!({"meta": {"simulate-actions": [{"type": "teleport"}]}});
    let reply = emu
        .call(
            Method::POST,
            &format!("/api/v1/inquiries/{id}/perform-simulate-actions"),
            Some(&bad),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

/// The session id inside a session token.
fn sid(token: &str) -> String {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    let claims: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    claims["sid"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn resume_reuses_an_unused_session_until_the_flow_uses_it() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_1").await;
    let (_, first) = act(&emu, &id, "resume", json!({})).await;
    let (_, second) = act(&emu, &id, "resume", json!({})).await;
    let token = first["meta"]["session-token"].as_str().unwrap();
    assert_eq!(
        sid(token),
        sid(second["meta"]["session-token"].as_str().unwrap())
    );
    let (status, _) = emu
        .page(&[("inquiry-id", id.as_str()), ("session-token", token)])
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, third) = act(&emu, &id, "resume", json!({})).await;
    assert_ne!(
        sid(third["meta"]["session-token"].as_str().unwrap()),
        sid(token)
    );
}
