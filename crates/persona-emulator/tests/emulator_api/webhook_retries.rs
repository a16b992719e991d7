//! What counts as a delivered webhook (200, 201, 202, 204 only) and the retry schedule
//! (Persona's, scaled by `webhook_retry_base`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use persona_emulator::EmulatorOptions;
use reqwest::Method;
use serde_json::json;

use crate::support::{config, options, receiver, start_with, wait_for, Emu};

async fn add(emu: &Emu, url: &str) {
    let body = json!({"url": url, "secrets": [], "enabled_events": ["inquiry.created"]});
    let reply = emu.control(Method::POST, "/webhooks", Some(&body)).await;
    assert_eq!(reply.status.as_u16(), 201);
}

/// Fast retries: 20 ms, then Persona's proportions.
fn fast() -> EmulatorOptions {
    EmulatorOptions {
        webhook_retry_base: Duration::from_millis(20),
        ..options()
    }
}

/// A receiver answering `first` to its first request and 200 afterwards; returns its URL and
/// the attempt numbers it saw.
async fn answering(first: u16) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen: Arc<Mutex<Vec<String>>> = Default::default();
    let log = seen.clone();
    let handler = move |headers: axum::http::HeaderMap| {
        let log = log.clone();
        async move {
            let mut log = log.lock().unwrap();
            let made = headers["persona-webhook-attempts-made"].to_str().unwrap();
            log.push(made.to_owned());
            let status = if log.len() == 1 { first } else { 200 };
            axum::http::StatusCode::from_u16(status).unwrap()
        }
    };
    let app = axum::Router::new().route("/hooks", axum::routing::post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn only_200_201_202_and_204_count_as_delivered() {
    for (status, retried) in [(203, true), (206, true), (201, false), (204, false)] {
        let (url, seen) = answering(status).await;
        let emu = start_with(config(), fast()).await;
        add(&emu, &url).await;
        emu.create_id("usr_status").await;
        // Long enough for the first retry, 20 ms after the first attempt.
        tokio::time::sleep(Duration::from_millis(400)).await;
        let attempts = seen.lock().unwrap().clone();
        let expected: &[&str] = if retried { &["1", "2"] } else { &["1"] };
        assert_eq!(attempts, expected, "answered {status}");
    }
}

#[tokio::test]
async fn retries_follow_persona_schedule_scaled_by_the_retry_base() {
    // Persona's gaps are 3 s, 64 s, 729 s, …; a 30 ms base scales them by 1/100: 30 ms, 640 ms,
    // 7.29 s, ….
    let (url, seen) = receiver(usize::MAX).await;
    let options = EmulatorOptions {
        webhook_retry_base: Duration::from_millis(30),
        ..options()
    };
    let emu = start_with(config(), options).await;
    add(&emu, &url).await;
    let start = tokio::time::Instant::now();
    emu.create_id("usr_schedule").await;
    wait_for(&seen, 2).await;
    let second = start.elapsed();
    wait_for(&seen, 3).await;
    let third = start.elapsed();
    let gap = third - second;
    assert!(
        gap >= Duration::from_millis(600) && gap < Duration::from_millis(3000),
        "second gap {gap:?}"
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(seen.lock().unwrap().len(), 3, "the third gap is 7.29 s");
}
