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
        ..crate::support::options()
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
        ..crate::support::options()
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

#[tokio::test]
async fn a_database_with_kebab_field_names_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emulator.sqlite");
    let options = EmulatorOptions {
        database_path: Some(path.clone()),
        ..crate::support::options()
    };
    let (first, handle) = serve(options.clone()).await;
    let id = first.create_id("usr_old").await;
    let flushed = first.control(Method::POST, "/flush", None).await;
    assert_eq!(flushed.status.as_u16(), 204);
    handle.abort();

    // Older emulators stored field names kebab-case, in inquiry rows and event bodies alike.
    let connection = rusqlite::Connection::open(&path).unwrap();
    for name in [
        "name_first",
        "name_last",
        "email_address",
        "address_street_1",
    ] {
        for table in ["emulator_inquiries", "emulator_events"] {
            let sql = format!("UPDATE {table} SET body = replace(body, ?1, ?2)");
            let kebab = format!("\"{}\"", name.replace('_', "-"));
            connection
                .execute(&sql, [format!("\"{name}\""), kebab])
                .unwrap();
        }
    }
    let stored: String = connection
        .query_row("SELECT body FROM emulator_inquiries", [], |row| row.get(0))
        .unwrap();
    assert!(stored.contains("\"name-first\""), "{stored}");
    drop(connection);

    let (second, _handle) = serve(options).await;
    let inquiry = second.inquiry(&id).await;
    let fields = &inquiry["data"]["attributes"]["fields"];
    assert_eq!(fields["name_first"]["value"], "Alexander", "{fields:#}");
    assert_eq!(
        fields["email_address"]["value"],
        "alexander.sample@example.com"
    );
    assert!(fields.get("name-first").is_none());
    let events = second.get("/api/v1/events").await;
    let payload = &events.json["data"][0]["attributes"]["payload"]["data"]["attributes"];
    assert_eq!(
        payload["fields"]["name_first"]["value"], "Alexander",
        "{payload:#}"
    );
    assert!(payload["fields"].get("name-first").is_none());
}

#[tokio::test]
async fn accounts_survive_a_restart_and_older_files_derive_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emulator.sqlite");
    let options = EmulatorOptions {
        database_path: Some(path.clone()),
        ..crate::support::options()
    };
    let (first, handle) = serve(options.clone()).await;
    let kept = first.create(&crate::support::create_body("usr_kept")).await;
    let gone = first.create(&crate::support::create_body("usr_gone")).await;
    let account = |inquiry: &serde_json::Value| {
        inquiry["data"]["relationships"]["account"]["data"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (kept, gone) = (account(&kept), account(&gone));
    let redacted = first
        .call(Method::DELETE, &format!("/api/v1/accounts/{gone}"), None)
        .await;
    assert_eq!(redacted.status.as_u16(), 200);
    let before = first.get("/api/v1/accounts").await;
    let flushed = first.control(Method::POST, "/flush", None).await;
    assert_eq!(flushed.status.as_u16(), 204);
    handle.abort();

    let (second, second_handle) = serve(options.clone()).await;
    assert_eq!(second.get("/api/v1/accounts").await.json, before.json);
    second_handle.abort();

    // Emulators before accounts were objects stored none: they come back from the inquiries.
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection
        .execute("DROP TABLE emulator_accounts", [])
        .unwrap();
    drop(connection);
    let (third, _handle) = serve(options).await;
    let derived = third.get(&format!("/api/v1/accounts/{kept}")).await;
    assert_eq!(derived.status.as_u16(), 200, "{:#}", derived.json);
    assert_eq!(
        derived.json["data"]["attributes"]["reference-id"],
        "usr_kept"
    );
    let listed = third
        .get("/api/v1/accounts?filter[reference-id]=usr_kept")
        .await;
    assert_eq!(listed.json["data"][0]["id"], kept.as_str());
    // The same reference id keeps joining the derived account.
    let again = third.create(&crate::support::create_body("usr_kept")).await;
    assert_eq!(account(&again), kept);
}
