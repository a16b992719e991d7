//! Webhook delivery: order, signatures (two secrets), headers, schema, retries.

use persona::signature;
use persona_emulator::EmulatorConfig;
use serde_json::Value;

use crate::spec::assert_matches_schema;
use crate::support::{config, create_body, hidden_value, receiver, wait_for, Delivery, Emu};

const SECRETS: [&str; 2] = [
    "wbhsec_emulator-test-secret-new",
    "wbhsec_emulator-test-secret-old",
];

fn header<'a>(delivery: &'a Delivery, name: &str) -> &'a str {
    delivery
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

fn webhook_config(url: String) -> EmulatorConfig {
    EmulatorConfig {
        webhook_url: Some(url),
        webhook_secrets: SECRETS.iter().map(|s| s.to_string()).collect(),
        ..config()
    }
}

fn assert_signed_by_each_secret(delivery: &Delivery) {
    let value = header(delivery, "persona-signature");
    assert_eq!(value.split(' ').count(), 2, "one group per secret: {value}");
    let now = chrono::Utc::now().timestamp();
    for secret in SECRETS {
        signature::verify(Some(value), &delivery.body, &[secret], now, Some(300))
            .unwrap_or_else(|err| panic!("{secret}: {err}"));
    }
    assert!(signature::verify(Some(value), &delivery.body, &["wbhsec_other"], now, None).is_err());
}

#[tokio::test]
async fn status_changes_are_delivered_in_order_signed_and_in_persona_shape() {
    let (url, seen) = receiver(0).await;
    let emu = Emu::start(webhook_config(url)).await;
    let id = emu.create(&create_body("usr_ABC123")).await["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, html) = emu.page(&[("inquiry-id", &id)]).await;
    let token = hidden_value(&html, "session-token");
    emu.submit(&[
        ("inquiry-id", id.as_str()),
        ("session-token", token.as_str()),
        ("pass", "on"),
    ])
    .await;

    // The Hosted Flow's session starts on open (`inquiry-session.started`); the inquiry starts
    // when the form is submitted.
    let deliveries = wait_for(&seen, 5).await;
    let events: Vec<Value> = deliveries
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
            "inquiry.started",
            "inquiry.completed",
            "inquiry.approved"
        ]
    );
    let statuses: Vec<&str> = events
        .iter()
        .map(|e| {
            e["data"]["attributes"]["payload"]["data"]["attributes"]["status"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        statuses,
        ["created", "active", "pending", "completed", "approved"]
    );

    let mut previous_created_at = String::new();
    for (delivery, event) in deliveries.iter().zip(&events) {
        assert_eq!(
            header(delivery, "content-type"),
            "application/json; charset=utf-8"
        );
        assert_eq!(header(delivery, "persona-webhook-attempts-made"), "1");
        assert_eq!(header(delivery, "persona-webhook-attempts-left"), "7");
        assert!(header(delivery, "persona-webhook-first-attempted-at")
            .parse::<i64>()
            .is_ok());
        assert_signed_by_each_secret(delivery);

        let data = &event["data"];
        assert_eq!(data["type"], "event");
        assert!(data["id"].as_str().unwrap().starts_with("evt_"));
        let object = &data["attributes"]["payload"]["data"];
        match object["type"].as_str().unwrap() {
            "inquiry-session" => {
                assert_eq!(
                    object["relationships"]["inquiry"]["data"]["id"],
                    id.as_str()
                )
            }
            _ => assert_eq!(object["id"], id.as_str()),
        }
        assert_eq!(
            data["attributes"]["payload"]["included"],
            Value::Array(vec![])
        );
        let created_at = data["attributes"]["created-at"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            created_at.len() == 24 && created_at > previous_created_at,
            "{created_at}"
        );
        previous_created_at = created_at;

        let name = data["attributes"]["name"].as_str().unwrap();
        let path = [
            "webhooks",
            name,
            "post",
            "requestBody",
            "content",
            "application/json",
            "schema",
        ];
        assert_matches_schema(&path, event);
    }
    // The last payload is the inquiry as GET returns it.
    assert_eq!(
        events[4]["data"]["attributes"]["payload"]["data"],
        emu.inquiry(&id).await["data"]
    );
}

#[tokio::test]
async fn a_failed_delivery_is_retried_with_a_fresh_signature() {
    let (url, seen) = receiver(1).await;
    let emu = Emu::start(webhook_config(url)).await;
    emu.create(&create_body("usr_1")).await;

    let deliveries = wait_for(&seen, 2).await;
    let (first, retry) = (&deliveries[0], &deliveries[1]);
    assert_eq!(header(retry, "persona-webhook-attempts-made"), "2");
    assert_eq!(header(retry, "persona-webhook-attempts-left"), "6");
    assert_eq!(
        header(retry, "persona-webhook-first-attempted-at"),
        header(first, "persona-webhook-first-attempted-at")
    );
    assert_eq!(retry.body, first.body, "a retry resends the same event");
    assert_signed_by_each_secret(retry);
}
