//! Regressions for what `scripts/conformance.sh` (schemathesis, driven by Persona's own OpenAPI
//! spec) found: each test reproduces one finding before its fix.

use axum::http::StatusCode;
use chrono::DateTime;
use serde_json::json;

use crate::spec::{assert_matches_schema, error_schema, response_schema};
use crate::support::{config, create_body, Emu};

const INQUIRIES: &str = "/api/v1/inquiries";

/// Found: `meta.expiration-after-create-interval-seconds: 2608244885384924160` made the emulator
/// panic (the connection closed without an answer), and `994160741376` answered 201 with
/// `expires-at: "+33530-08-13T…"`, which is not an RFC 3339 `date-time`. An interval beyond
/// 100 years is now a 400 naming the member, like any other invalid meta value.
#[tokio::test]
async fn expiry_intervals_beyond_a_century_are_400_not_a_crash() {
    let emu = Emu::start(config()).await;
    for member in [
        "expiration-after-create-interval-seconds",
        "expiration-after-start-interval-seconds",
        "expiration-after-resume-interval-seconds",
        "one-time-link-expiration-seconds",
    ] {
        for seconds in [
            2_608_244_885_384_924_160_i64,
            994_160_741_376,
            3_153_600_001,
        ] {
            let mut body = create_body("usr_fuzz");
            body["meta"][member] = json!(seconds);
            let reply = emu.post(INQUIRIES, &body).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{member} {seconds}");
            assert_matches_schema(&error_schema(400), &reply.json);
            let details = reply.json["errors"][0]["details"].as_str().unwrap();
            assert!(details.contains(&member.replace('-', "_")), "{details}");
        }
    }

    // A century is still accepted, and its expiry is a valid date-time.
    let mut body = create_body("usr_fuzz");
    body["meta"]["expiration-after-create-interval-seconds"] = json!(3_153_600_000_i64);
    let reply = emu.post(INQUIRIES, &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:#}", reply.json);
    let expires = reply.json["data"]["attributes"]["expires-at"]
        .as_str()
        .unwrap();
    assert!(DateTime::parse_from_rfc3339(expires).is_ok(), "{expires}");
    assert_matches_schema(&response_schema("/inquiries", "post", "201"), &reply.json);
}

/// The same for `meta.expires-in-seconds` of a one-time link: a panic before, 400 now.
#[tokio::test]
async fn one_time_link_lifetimes_beyond_a_century_are_400_not_a_crash() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_fuzz").await;
    let path = format!("{INQUIRIES}/{id}/generate-one-time-link");
    let reply = emu
        .post(
            &path,
            &json!({"meta": {"expires-in-seconds": 2_608_244_885_384_924_160_i64}}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:#}", reply.json);
    assert_matches_schema(&error_schema(400), &reply.json);
    let reply = emu
        .post(&path, &json!({"meta": {"expires-in-seconds": 3600}}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:#}", reply.json);
}
