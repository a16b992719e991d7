//! Conformance odds and ends: the request bodies the emulator accepts (fixtures included) match
//! the spec's request schemas, and its error bodies match the spec's error responses.

use axum::http::StatusCode;
use serde_json::json;

use crate::spec::{assert_matches_schema, assert_request_matches, error_schema, fixture};
use crate::support::{config, snake_fields, Emu, API_KEY, TEMPLATE_ID};

#[tokio::test]
async fn accepted_create_bodies_match_the_request_schema() {
    let emu = Emu::start(config()).await;
    let mut full = snake_fields(fixture("create-inquiry.request.json"));
    full["meta"]["auto-create-inquiry-session"] = json!(true);
    full["meta"]["auto-create-one-time-link"] = json!(true);
    full["meta"]["expiration-after-create-interval-seconds"] = json!(3600);
    full["meta"]["expiration-after-start-interval-seconds"] = json!(3600);
    full["meta"]["expiration-after-resume-interval-seconds"] = json!(3600);
    let tutorial = fixture("create-inquiry.request.tutorial-style.json");
    for body in [
        snake_fields(fixture("create-inquiry.request.json")),
        full.clone(),
        tutorial,
    ] {
        assert_request_matches("/inquiries", "post", &body);
        let reply = emu.post("/api/v1/inquiries", &body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    }
    let reply = emu.post("/api/v1/inquiries", &full).await;
    let meta = &reply.json["meta"];
    assert!(meta["session-token"].is_string());
    let link = meta["one-time-link"].as_str().unwrap();
    assert!(link.starts_with(&emu.url("/verify?code=")), "{link}");
    assert!(meta["one-time-link-short"].is_string());
}

#[tokio::test]
async fn error_bodies_match_the_spec_error_responses() {
    let emu = Emu::start(config()).await;
    let unauthorized = emu.post_raw("/api/v1/inquiries", "{}", None, None).await;
    assert_matches_schema(&error_schema(401), &unauthorized.json);
    let bad = emu
        .post_raw("/api/v1/inquiries", "{", Some(API_KEY), None)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_matches_schema(&error_schema(400), &bad.json);
    let missing = emu.get("/api/v1/inquiries/inq_missing").await;
    assert_matches_schema(&error_schema(404), &missing.json);
    let body = json!({"data": {"attributes": {"inquiry-template-id": TEMPLATE_ID, "fields": {"birthdate": "31/12/1990"}}}});
    let invalid = emu.post("/api/v1/inquiries", &body).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_matches_schema(&error_schema(422), &invalid.json);
    for name in ["400.bad-request", "401", "404", "409", "422", "429"] {
        let status: u16 = name[..3].parse().unwrap();
        assert_matches_schema(
            &error_schema(status),
            &fixture(&format!("errors/{name}.json")),
        );
    }
}
