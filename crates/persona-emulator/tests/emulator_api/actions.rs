//! Inquiry actions: approve, decline, mark-for-review, expire, redact, update, tags, one-time
//! links, resume from each state and simulate actions. Every request body is checked against
//! the spec's request schema and every answer against its response schema.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{json, Value};

use crate::spec::{assert_matches_schema, assert_request_matches, error_schema, response_schema};
use crate::support::{config, Emu};

const ITEM: &str = "/inquiries/{inquiry-id}";

/// POSTs `action` with `body`, checking the request and (for 200) the response schema.
pub async fn act(emu: &Emu, id: &str, action: &'static str, body: Value) -> (StatusCode, Value) {
    let path: &'static str = Box::leak(format!("{ITEM}/{action}").into_boxed_str());
    assert_request_matches(path, "post", &body);
    let reply = emu
        .call(
            Method::POST,
            &format!("/api/v1/inquiries/{id}/{action}"),
            Some(&body),
        )
        .await;
    if reply.status == StatusCode::OK {
        assert_matches_schema(&response_schema(path, "post", "200"), &reply.json);
    } else {
        assert_matches_schema(&error_schema(reply.status.as_u16()), &reply.json);
    }
    (reply.status, reply.json)
}

pub fn attr<'a>(json: &'a Value, name: &str) -> &'a Value {
    &json["data"]["attributes"][name]
}

#[tokio::test]
async fn approve_decline_and_review_set_timestamps_and_refuse_repeats() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_1").await;
    let comment = json!({"meta": {"comment": "looks right"}});
    let (status, body) = act(&emu, &id, "approve", comment.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&body, "status"), "approved");
    assert!(attr(&body, "decisioned-at").is_string());
    assert_eq!(attr(&body, "reviewer-comment"), "looks right");
    assert_eq!(
        body["data"]["relationships"]["reviewer"]["data"]["type"],
        "user"
    );
    let (status, body) = act(&emu, &id, "approve", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = act(&emu, &id, "mark-for-review", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = act(&emu, &id, "decline", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&body, "status"), "declined");

    let other = emu.create_id("usr_2").await;
    let (status, body) = act(&emu, &other, "mark-for-review", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&body, "status"), "needs_review");
    assert!(attr(&body, "marked-for-review-at").is_string());
    let (status, _) = act(&emu, "inq_missing", "approve", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn expire_then_resume_and_resume_from_every_state() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_1").await;
    // created: resumable (UNCONFIRMED; the emulator hands out a token).
    let (status, body) = act(&emu, &id, "resume", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["meta"]["session-token"].is_string());

    let (status, body) = act(&emu, &id, "expire", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&body, "status"), "expired");
    assert!(attr(&body, "expired-at").is_string());
    let (status, _) = act(&emu, &id, "expire", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = act(&emu, &id, "generate-one-time-link", json!({})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "expired inquiries must be resumed first"
    );

    // expired -> pending, expiry moved, expired-at kept.
    let (status, body) = act(&emu, &id, "resume", json!({"meta": {}})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&body, "status"), "pending");
    assert!(attr(&body, "expires-at").is_string());
    assert!(attr(&body, "expired-at").is_string());
    // pending: resumable again.
    let (status, _) = act(&emu, &id, "resume", json!({})).await;
    assert_eq!(status, StatusCode::OK);

    // Finished states: 409.
    let sim = json!({"meta": {"simulate-actions": [{"type": "complete_inquiry"}]}});
    act(&emu, &id, "perform-simulate-actions", sim).await;
    assert_eq!(emu.status(&id).await, "approved");
    let (status, body) = act(&emu, &id, "resume", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["errors"][0]["title"], "Conflict");
    for action in ["fail_inquiry", "mark_for_review_inquiry"] {
        let other = emu.create_id("usr_2").await;
        let sim =
            json!({"meta": {"simulate-actions": [{"type": "start_inquiry"}, {"type": action}]}});
        let (status, _) = act(&emu, &other, "perform-simulate-actions", sim).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = act(&emu, &other, "resume", json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{action}");
    }
}

#[tokio::test]
async fn redact_nulls_pii_keeps_status_and_blocks_resume() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_1").await;
    let reply = emu
        .call(Method::DELETE, &format!("/api/v1/inquiries/{id}"), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_matches_schema(&response_schema(ITEM, "delete", "200"), &reply.json);
    let body = &reply.json;
    assert_eq!(attr(body, "status"), "created");
    assert!(attr(body, "redacted-at").is_string());
    assert_eq!(*attr(body, "note"), Value::Null);
    assert_eq!(*attr(body, "tags"), json!([]));
    assert_eq!(
        attr(body, "fields")["name_first"],
        json!({"type": "string", "value": null})
    );
    assert_eq!(attr(body, "reference-id"), "usr_1");
    let (status, body) = act(&emu, &id, "resume", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["errors"][0]["details"], "Inquiry already redacted");
}

#[tokio::test]
async fn update_and_tags_change_the_inquiry() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_1").await;
    let patch = json!({"data": {"attributes": {"note": "checked", "fields": {"name_last": "Other"}, "redirect-uri": "https://app.example/return"}}});
    assert_request_matches(ITEM, "patch", &patch);
    let reply = emu
        .call(
            Method::PATCH,
            &format!("/api/v1/inquiries/{id}"),
            Some(&patch),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_matches_schema(&response_schema(ITEM, "patch", "200"), &reply.json);
    assert_eq!(attr(&reply.json, "note"), "checked");
    assert_eq!(attr(&reply.json, "fields")["name_last"]["value"], "Other");
    let unknown = json!({"data": {"attributes": {"status": "approved"}}});
    let reply = emu
        .call(
            Method::PATCH,
            &format!("/api/v1/inquiries/{id}"),
            Some(&unknown),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);

    let (_, body) = act(&emu, &id, "add-tag", json!({"meta": {"tag-name": "vip"}})).await;
    assert_eq!(*attr(&body, "tags"), json!(["signup", "vip"]));
    let (_, body) = act(
        &emu,
        &id,
        "remove-tag",
        json!({"meta": {"tag-name": "signup"}}),
    )
    .await;
    assert_eq!(*attr(&body, "tags"), json!(["vip"]));
    let (_, body) = act(
        &emu,
        &id,
        "set-tags",
        json!({"meta": {"tag-name": ["a", "b"]}}),
    )
    .await;
    assert_eq!(*attr(&body, "tags"), json!(["a", "b"]));
    let events = emu
        .get(&format!(
            "/api/v1/events?filter[name]=inquiry.updated-tags&filter[object-id]={id}"
        ))
        .await;
    let first = &events.json["data"][0]["attributes"]["context"];
    assert_eq!(first["added-tags"], json!(["a", "b"]));
    assert_eq!(first["removed-tags"], json!(["vip"]));
}
