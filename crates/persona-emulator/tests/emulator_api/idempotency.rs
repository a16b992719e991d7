//! Idempotency beyond the basics (429 never stored, keys pruned after 24 h of emulated time)
//! and the inquiry-creation quota.

use axum::http::StatusCode;
use persona_emulator::EmulatorOptions;
use reqwest::Method;
use serde_json::json;

use crate::spec::{assert_matches_schema, error_schema};
use crate::support::{config, create_body, start_with, Emu, API_KEY};

const INQUIRIES: &str = "/api/v1/inquiries";

#[tokio::test]
async fn a_429_is_not_stored_and_keys_expire_after_24_hours() {
    let emu = Emu::start(config()).await;
    let faults = json!({"api": [{"endpoint": "create", "fault": "429", "count": 1}]});
    emu.control(Method::PUT, "/faults", Some(&faults)).await;
    let body = create_body("usr_1").to_string();
    let limited = emu
        .post_raw(INQUIRIES, &body, Some(API_KEY), Some("k"))
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let created = emu
        .post_raw(INQUIRIES, &body, Some(API_KEY), Some("k"))
        .await;
    assert_eq!(
        created.status,
        StatusCode::CREATED,
        "the 429 was not stored"
    );

    let other = create_body("usr_2").to_string();
    let misuse = emu
        .post_raw(INQUIRIES, &other, Some(API_KEY), Some("k"))
        .await;
    assert_eq!(misuse.json["errors"][0]["title"], "Idempotency error");
    let advance = json!({"seconds": 24 * 3600 + 1});
    emu.control(Method::POST, "/clock/advance", Some(&advance))
        .await;
    let fresh = emu
        .post_raw(INQUIRIES, &other, Some(API_KEY), Some("k"))
        .await;
    assert_eq!(fresh.status, StatusCode::CREATED, "pruned after 24 h");
    assert_ne!(fresh.json["data"]["id"], created.json["data"]["id"]);
}

#[tokio::test]
async fn the_creation_quota_sends_quota_headers_and_answers_429() {
    let options = EmulatorOptions {
        creation_quota_per_minute: 1,
        ..crate::support::options()
    };
    let emu = start_with(config(), options).await;
    let body = create_body("usr_1").to_string();
    let first = emu.post_raw(INQUIRIES, &body, Some(API_KEY), None).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(first.header("quota-limit"), Some("1"));
    assert_eq!(first.header("quota-remaining"), Some("0"));
    assert!(first.header("quota-reset").is_some());
    let second = emu.post_raw(INQUIRIES, &body, Some(API_KEY), None).await;
    assert_eq!(second.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(second.json["errors"][0]["title"], "Quota exceeded");
    assert_matches_schema(&error_schema(429), &second.json);
    assert_eq!(
        emu.get(INQUIRIES).await.status,
        StatusCode::OK,
        "reads are not quota'd"
    );
}
