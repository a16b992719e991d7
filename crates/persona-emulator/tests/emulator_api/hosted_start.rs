//! When the Hosted Flow starts an inquiry (CONTRACT 8): opening the page only shows it, so a
//! `created` inquiry stays `created` and opens again from its plain link; the person's first
//! submission makes it `pending` (`inquiry.started`) and then finishes it.

use axum::http::StatusCode;
use persona_emulator::EmulatorConfig;
use serde_json::{json, Value};

use crate::actions::act;
use crate::support::{config, receiver, wait_for, Emu};

/// Every `<input name=… value=…>` of a page, unchecked checkboxes left out: what a browser (and
/// PawPass's own tests) post back.
fn form_inputs(html: &str) -> Vec<(String, String)> {
    let mut inputs = Vec::new();
    for tag in html.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let attr = |name: &str| {
            let needle = format!("{name}=\"");
            tag.find(&needle).map(|start| {
                let rest = &tag[start + needle.len()..];
                rest[..rest.find('"').unwrap_or(rest.len())].replace("&amp;", "&")
            })
        };
        let Some(name) = attr("name") else { continue };
        if attr("type").as_deref() == Some("checkbox") && !tag.contains("checked") {
            continue;
        }
        inputs.push((name, attr("value").unwrap_or_else(|| "on".into())));
    }
    inputs
}

async fn submit_page(emu: &Emu, html: &str) -> StatusCode {
    let inputs = form_inputs(html);
    let pairs: Vec<(&str, &str)> = inputs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    emu.submit(&pairs).await.0
}

fn payload(event: &Value) -> &Value {
    &event["data"]["attributes"]["payload"]["data"]["attributes"]
}

#[tokio::test]
async fn opening_the_flow_leaves_the_inquiry_created_and_submitting_starts_it() {
    let (url, seen) = receiver(0).await;
    let emu = Emu::start(EmulatorConfig {
        webhook_url: Some(url),
        webhook_secrets: vec!["wbhsec_start".into()],
        ..config()
    })
    .await;
    let id = emu.create_id("usr_start").await;
    let link = [("inquiry-id", id.as_str())];
    let (status, html) = emu.page(&link).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let attributes = &emu.inquiry(&id).await["data"]["attributes"];
    assert_eq!(attributes["status"], "created", "opening starts nothing");
    assert_eq!(attributes["started-at"], Value::Null);
    // Still `created`: the plain link opens it again, in another tab too.
    let (status, _) = emu.page(&link).await;
    assert_eq!(status, StatusCode::OK);

    assert_eq!(submit_page(&emu, &html).await, StatusCode::SEE_OTHER);
    let events: Vec<Value> = wait_for(&seen, 6)
        .await
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
            "inquiry-session.started",
            "inquiry-session.started",
            "inquiry.started",
            "inquiry.completed",
            "inquiry.approved"
        ]
    );
    let (started, completed) = (payload(&events[3]), payload(&events[4]));
    assert_eq!(started["status"], "pending");
    assert!(started["started-at"].is_string());
    assert_eq!(started["updated-at"], started["started-at"]);
    assert_eq!(started["completed-at"], Value::Null);
    assert_eq!(completed["status"], "completed");
    assert_eq!(completed["started-at"], started["started-at"]);
    let times: Vec<&str> = events
        .iter()
        .map(|e| e["data"]["attributes"]["created-at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    assert_eq!(emu.status(&id).await, "approved");
    assert_eq!(emu.page(&link).await.0, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_pending_inquiry_needs_a_token_and_a_one_time_link_opens_once() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_pending").await;
    let start = json!({"meta": {"simulate-actions": [{"type": "start_inquiry"}]}});
    act(&emu, &id, "perform-simulate-actions", start).await;
    let (status, html) = emu.page(&[("inquiry-id", &id)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("Session expired"));
    let resumed = emu
        .post(&format!("/api/v1/inquiries/{id}/resume"), &json!({}))
        .await;
    let token = resumed.json["meta"]["session-token"].as_str().unwrap();
    let (status, html) = emu
        .page(&[("inquiry-id", &id), ("session-token", token)])
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = emu.submit(&[("inquiry-id", &id), ("pass", "on")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no token, no submission");
    assert_eq!(submit_page(&emu, &html).await, StatusCode::SEE_OTHER);
    assert_eq!(emu.status(&id).await, "approved");

    // A one-time link opens a `created` inquiry once and leaves it `created`.
    let id = emu.create_id("usr_link").await;
    let (_, body) = act(&emu, &id, "generate-one-time-link", json!({})).await;
    let link = body["meta"]["one-time-link"].as_str().unwrap().to_owned();
    let code = link.split("code=").nth(1).unwrap();
    let (status, html) = emu.page(&[("code", code)]).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(emu.status(&id).await, "created");
    let (_, again) = emu.page(&[("code", code)]).await;
    assert!(again.contains("Session expired"), "a code works once");
    assert_eq!(submit_page(&emu, &html).await, StatusCode::SEE_OTHER);
    assert_eq!(emu.status(&id).await, "approved");
}
