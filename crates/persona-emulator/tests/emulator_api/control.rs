//! The control API: clock and expiry, fault injection, rate limit, raw inquiry reads.

use std::time::Duration;

use axum::http::StatusCode;
use persona_emulator::EmulatorOptions;
use reqwest::Method;
use serde_json::json;

use crate::spec::{assert_matches_schema, error_schema};
use crate::support::{config, create_body, start_with, Emu, API_KEY};

const INQUIRIES: &str = "/api/v1/inquiries";

#[tokio::test]
async fn advancing_the_clock_expires_inquiries_and_fires_inquiry_expired() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_1").await;
    let mut short = create_body("usr_2");
    short["meta"]["expiration-after-create-interval-seconds"] = json!(60);
    let short_id = emu.create(&short).await["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let reply = emu
        .control(
            Method::POST,
            "/clock/advance",
            Some(&json!({"seconds": 120})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let now = reply.json["now"].as_str().unwrap();
    assert!(now.len() == 24 && now.ends_with('Z'), "{now}");
    // The sweep ran at once: the control read sees it without any API request.
    assert_eq!(emu.status(&short_id).await, "expired");
    assert_eq!(emu.status(&id).await, "created");

    emu.control(
        Method::POST,
        "/clock/advance",
        Some(&json!({"seconds": 24 * 3600})),
    )
    .await;
    assert_eq!(emu.status(&id).await, "expired");
    let events = emu
        .get(&format!(
            "/api/v1/events?filter[name]=inquiry.expired&filter[object-id]={id}"
        ))
        .await;
    assert_eq!(events.json["data"].as_array().unwrap().len(), 1);
    let control = emu
        .control(Method::GET, &format!("/inquiries/{id}"), None)
        .await;
    assert_eq!(control.json, emu.inquiry(&id).await);
    let missing = emu
        .control(Method::GET, "/inquiries/inq_missing", None)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn api_faults_answer_500_503_429_and_stop_after_count() {
    let emu = Emu::start(config()).await;
    let faults = json!({"seed": 7, "api": [
        {"endpoint": "create", "fault": "500", "rate": 1.0, "count": 1},
        {"endpoint": "list", "fault": "503"},
        {"endpoint": "retrieve", "fault": "429", "count": 1}
    ]});
    let reply = emu.control(Method::PUT, "/faults", Some(&faults)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let body = create_body("usr_1").to_string();
    let first = emu
        .post_raw(INQUIRIES, &body, Some(API_KEY), Some("k1"))
        .await;
    assert_eq!(first.status, StatusCode::INTERNAL_SERVER_ERROR);
    // Faults run before the idempotency layer: the same key now really executes.
    let second = emu
        .post_raw(INQUIRIES, &body, Some(API_KEY), Some("k1"))
        .await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(
        second.header("persona-environment-id"),
        Some("env_emulatorsandbox")
    );
    let list = emu.get(INQUIRIES).await;
    assert_eq!(list.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_matches_schema(&error_schema(503), &list.json);
    let id = second.json["data"]["id"].as_str().unwrap();
    let limited = emu.get(&format!("{INQUIRIES}/{id}")).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_matches_schema(&error_schema(429), &limited.json);
    assert!(limited.header("ratelimit-reset").is_some());
    assert_eq!(
        emu.get(&format!("{INQUIRIES}/{id}")).await.status,
        StatusCode::OK
    );

    let reply = emu.control(Method::DELETE, "/faults", None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(emu.get(INQUIRIES).await.status, StatusCode::OK);
}

#[tokio::test]
async fn fault_rates_are_deterministic_under_a_seed() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let emu = Emu::start(config()).await;
        let faults =
            json!({"seed": 42, "api": [{"endpoint": "list", "fault": "503", "rate": 0.5}]});
        emu.control(Method::PUT, "/faults", Some(&faults)).await;
        let mut statuses = Vec::new();
        for _ in 0..12 {
            statuses.push(emu.get(INQUIRIES).await.status.as_u16());
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1]);
    assert!(
        runs[0].contains(&503) && runs[0].contains(&200),
        "{:?}",
        runs[0]
    );
}

#[tokio::test]
async fn timeouts_and_lost_responses_hold_the_answer_and_replay_the_same_inquiry() {
    let emu = Emu::start(config()).await;
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let faults = json!({"api": [{"endpoint": "create", "fault": "lost_response", "count": 1},
                                {"endpoint": "retrieve", "fault": "timeout", "count": 1}]});
    emu.control(Method::PUT, "/faults", Some(&faults)).await;
    let body = create_body("usr_lost").to_string();
    let lost = impatient
        .post(emu.url(INQUIRIES))
        .bearer_auth(API_KEY)
        .header("Idempotency-Key", "lost-1")
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await;
    assert!(lost.is_err_and(|e| e.is_timeout()));
    let retry = emu
        .post_raw(INQUIRIES, &body, Some(API_KEY), Some("lost-1"))
        .await;
    assert_eq!(retry.status, StatusCode::CREATED);
    let listed = emu
        .get(&format!("{INQUIRIES}?filter[reference-id]=usr_lost"))
        .await;
    assert_eq!(
        listed.json["data"].as_array().unwrap().len(),
        1,
        "one inquiry only"
    );
    assert_eq!(listed.json["data"][0]["id"], retry.json["data"]["id"]);

    let id = retry.json["data"]["id"].as_str().unwrap();
    let timed_out = impatient
        .get(emu.url(&format!("{INQUIRIES}/{id}")))
        .bearer_auth(API_KEY)
        .send()
        .await;
    assert!(timed_out.is_err_and(|e| e.is_timeout()));
}

#[tokio::test]
async fn a_remembered_500_is_replayed_for_its_key_and_only_for_it() {
    let emu = Emu::start(config()).await;
    let faults = json!({"api": [{"endpoint": "create", "fault": "500_remembered", "count": 1}]});
    emu.control(Method::PUT, "/faults", Some(&faults)).await;
    let body = create_body("usr_remembered").to_string();
    let first = emu
        .post_raw(INQUIRIES, &body, Some(API_KEY), Some("remembered-1"))
        .await;
    assert_eq!(first.status, StatusCode::INTERNAL_SERVER_ERROR);
    // The fault is spent, yet the same key gets the same 500, as from Persona.
    let replayed = emu
        .post_raw(INQUIRIES, &body, Some(API_KEY), Some("remembered-1"))
        .await;
    assert_eq!(replayed.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(replayed.header("request-id"), first.header("request-id"));
    let listed = emu
        .get(&format!("{INQUIRIES}?filter[reference-id]=usr_remembered"))
        .await;
    assert_eq!(
        listed.json["data"].as_array().unwrap().len(),
        0,
        "nothing was made"
    );
    let fresh = emu
        .post_raw(INQUIRIES, &body, Some(API_KEY), Some("remembered-2"))
        .await;
    assert_eq!(fresh.status, StatusCode::CREATED);
}

#[tokio::test]
async fn the_rate_limit_is_configurable_and_answers_429() {
    let options = EmulatorOptions {
        rate_limit_per_minute: 2,
        ..crate::support::options()
    };
    let emu = start_with(config(), options).await;
    assert_eq!(
        emu.get(INQUIRIES).await.header("ratelimit-remaining"),
        Some("1")
    );
    assert_eq!(emu.get(INQUIRIES).await.status, StatusCode::OK);
    let limited = emu.get(INQUIRIES).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.header("ratelimit-limit"), Some("2"));
    assert_eq!(limited.json["errors"][0]["title"], "Rate limit exceeded");
}
