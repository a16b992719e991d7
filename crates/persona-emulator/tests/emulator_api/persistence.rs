//! With a database file, inquiries, events and pending webhook deliveries survive a restart.

use std::time::Duration;

use persona_emulator::{EmulatorOptions, WebhookEndpoint};
use reqwest::Method;

use crate::support::{config, receiver, wait_for, Emu};

/// Serves a persistent emulator; the handle stops it.
async fn serve(options: EmulatorOptions) -> (Emu, tokio::task::JoinHandle<()>) {
    let router = persona_emulator::router_with(config(), options)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    // No pooled connections, so stopping the server really drops the emulator.
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let emu = Emu {
        origin,
        prefix: String::new(),
        http,
    };
    (emu, handle)
}

#[tokio::test]
async fn a_pending_delivery_is_retried_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (url, seen) = receiver(1).await;
    let options = EmulatorOptions {
        database_path: Some(dir.path().join("emulator.sqlite")),
        // The retry would be an hour away: only the restart can send it sooner.
        webhook_retry_base: Duration::from_secs(3600),
        webhooks: vec![WebhookEndpoint {
            enabled_events: vec!["inquiry.created".into()],
            ..WebhookEndpoint::new(url, vec!["wbhsec_persist".into()])
        }],
        ..EmulatorOptions::default()
    };
    let (first, handle) = serve(options.clone()).await;
    let id = first.create_id("usr_persist").await;
    wait_for(&seen, 1).await;
    // Bounded wait until the failed attempt is recorded, then write the database.
    for _ in 0..100 {
        let page = first
            .http
            .get(first.url("/dashboard"))
            .send()
            .await
            .unwrap();
        if page.text().await.unwrap().contains("→ 500") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let flushed = first.control(Method::POST, "/flush", None).await;
    assert_eq!(flushed.status.as_u16(), 204);
    let before = first
        .control(Method::GET, &format!("/inquiries/{id}"), None)
        .await;
    handle.abort();

    let (second, _handle) = serve(options).await;
    let deliveries = wait_for(&seen, 2).await;
    assert_eq!(deliveries[1].body, deliveries[0].body, "the same event");
    assert_eq!(deliveries[1].headers["persona-webhook-attempts-made"], "2");
    let after = second
        .control(Method::GET, &format!("/inquiries/{id}"), None)
        .await;
    assert_eq!(after.json, before.json);
    let events = second.get("/api/v1/events").await;
    assert_eq!(events.json["data"].as_array().unwrap().len(), 1);
    // New inquiries keep their place after the restored ones.
    let newer = second.create_id("usr_new").await;
    let list = second.get("/api/v1/inquiries").await;
    assert_eq!(list.json["data"][0]["id"], newer.as_str());
    assert_eq!(list.json["data"][1]["id"], id.as_str());
}

#[tokio::test]
async fn events_keep_their_order_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let options = EmulatorOptions {
        database_path: Some(dir.path().join("emulator.sqlite")),
        ..EmulatorOptions::default()
    };
    let (first, handle) = serve(options.clone()).await;
    for user in ["usr_a", "usr_b", "usr_c", "usr_d"] {
        let id = first.create_id(user).await;
        first
            .post(
                &format!("/api/v1/inquiries/{id}/approve"),
                &serde_json::json!({}),
            )
            .await;
    }
    let ids = |reply: &crate::support::Reply| -> Vec<String> {
        let data = reply.json["data"].as_array().unwrap();
        data.iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = ids(&first.get("/api/v1/events?page[size]=100").await);
    assert_eq!(before.len(), 8);
    let flushed = first.control(Method::POST, "/flush", None).await;
    assert_eq!(flushed.status.as_u16(), 204);
    handle.abort();

    let (second, _handle) = serve(options).await;
    let after = ids(&second.get("/api/v1/events?page[size]=100").await);
    assert_eq!(after, before, "newest first, as before the restart");
}
