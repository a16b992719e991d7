//! `included` by API version (CONTRACT 5): before 2025-10-27 an inquiry document carries its
//! related objects by default (its account, its sessions), in answers and in webhooks of such a
//! version; from 2025-10-27 on `included` stays empty.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{json, Value};

use crate::field_keys::{call_as, INQUIRIES};
use crate::support::{config, receiver, wait_for, Emu};

/// The included object of `kind`, checked to be the one `relationship` points to.
fn included<'a>(document: &'a Value, kind: &str, relationship: &Value) -> &'a Value {
    let found = document["included"]
        .as_array()
        .unwrap_or_else(|| panic!("no included in {document:#}"))
        .iter()
        .find(|o| o["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} included in {document:#}"));
    assert_eq!(found["id"], relationship["id"]);
    found
}

#[tokio::test]
async fn legacy_versions_include_the_account_by_default() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_included").await;
    emu.page(&[("inquiry-id", &id)]).await;
    let item = format!("{INQUIRIES}/{id}");

    let legacy = call_as(&emu, Method::GET, &item, None, Some("2023-01-05"), None).await;
    assert_eq!(legacy.status, StatusCode::OK, "{}", legacy.json);
    let relationships = &legacy.json["data"]["relationships"];
    let account = &relationships["account"]["data"];
    assert!(account["id"].as_str().unwrap().starts_with("act_"));
    let object = included(&legacy.json, "account", account);
    assert_eq!(object["attributes"]["reference-id"], "usr_included");
    let session = &relationships["sessions"]["data"][0];
    assert_eq!(
        included(&legacy.json, "inquiry-session", session)["attributes"]["status"],
        "active"
    );

    // Inflected like the rest of the document.
    let snake = call_as(
        &emu,
        Method::GET,
        &item,
        None,
        Some("2022-09-01"),
        Some("snake"),
    )
    .await;
    let object = included(&snake.json, "account", account);
    assert_eq!(object["attributes"]["reference_id"], "usr_included");

    for version in [Some("2025-12-08"), Some("2025-10-27"), None] {
        let current = call_as(&emu, Method::GET, &item, None, version, None).await;
        assert_eq!(current.status, StatusCode::OK);
        assert_eq!(current.json["included"], json!([]), "{version:?}");
    }
}

#[tokio::test]
async fn legacy_webhooks_include_the_account() {
    let emu = Emu::start(config()).await;
    let mut receivers = Vec::new();
    for version in ["2023-01-05", "2025-12-08"] {
        let (url, seen) = receiver(0).await;
        let body =
            json!({"url": url, "enabled_events": ["inquiry.created"], "api_version": version});
        let reply = emu.control(Method::POST, "/webhooks", Some(&body)).await;
        assert_eq!(reply.status.as_u16(), 201, "{}", reply.json);
        receivers.push((version, seen));
    }
    emu.create_id("usr_hooked").await;
    for (version, seen) in receivers {
        let delivery = &wait_for(&seen, 1).await[0];
        let event: Value = serde_json::from_slice(&delivery.body).unwrap();
        let payload = &event["data"]["attributes"]["payload"];
        if version == "2025-12-08" {
            assert_eq!(payload["included"], json!([]));
            continue;
        }
        let account = &payload["data"]["relationships"]["account"]["data"];
        let object = included(payload, "account", account);
        assert_eq!(object["attributes"]["reference-id"], "usr_hooked");
    }
}
