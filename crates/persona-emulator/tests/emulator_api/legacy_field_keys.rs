//! Field keys under API versions before 2025-10-27: read in any casing, inflected like every
//! other key (flat PII too), in answers and in webhooks configured with such a version.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{json, Value};

use crate::field_keys::{call_as, create_body, INQUIRIES};
use crate::support::{config, receiver, wait_for, Emu};

#[tokio::test]
async fn legacy_versions_accept_any_casing_and_inflect_field_keys() {
    let emu = Emu::start(config()).await;
    for key in ["name-first", "name_first", "nameFirst"] {
        let body = create_body(json!({ key: "Ada", "addressStreet1": "Square" }));
        let reply = call_as(
            &emu,
            Method::POST,
            INQUIRIES,
            Some(&body),
            Some("2023-01-05"),
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{key}: {}", reply.json);
        let attributes = &reply.json["data"]["attributes"];
        assert_eq!(attributes["fields"]["name-first"]["value"], "Ada", "{key}");
        assert_eq!(attributes["fields"]["address-street-1"]["value"], "Square");
        assert!(attributes["fields"].get("name_first").is_none());
        assert_eq!(attributes["name-first"], "Ada", "flat PII, kebab");
        assert_eq!(attributes["address-street-1"], "Square");
    }
    let cases = [
        ("snake", "name_first", "address_street_1", "reference_id"),
        ("camel", "nameFirst", "addressStreet1", "referenceId"),
        ("kebab", "name-first", "address-street-1", "reference-id"),
    ];
    for (inflection, first, street, reference) in cases {
        let body = create_body(json!({"name_first": "Ada", "address-street-1": "Square"}));
        let reply = call_as(
            &emu,
            Method::POST,
            INQUIRIES,
            Some(&body),
            Some("2022-09-01"),
            Some(inflection),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
        let attributes = &reply.json["data"]["attributes"];
        assert_eq!(attributes["fields"][first]["value"], "Ada", "{inflection}");
        assert_eq!(
            attributes["fields"][street]["value"], "Square",
            "{inflection}"
        );
        assert_eq!(attributes[first], "Ada", "flat {inflection}");
        assert_eq!(attributes[street], "Square", "flat {inflection}");
        assert_eq!(attributes[reference], "usr_fields");
        assert_eq!(attributes["fields"].as_object().unwrap().len(), 13);

        // A later update under a legacy version takes any casing too.
        let item = format!("{INQUIRIES}/{}", reply.json["data"]["id"].as_str().unwrap());
        let patch = json!({"data": {"attributes": {"fields": {"nameLast": "Byron"}}}});
        let reply = call_as(
            &emu,
            Method::PATCH,
            &item,
            Some(&patch),
            Some("2023-01-05"),
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        let current = call_as(&emu, Method::GET, &item, None, None, None).await;
        assert_eq!(
            current.json["data"]["attributes"]["fields"]["name_last"]["value"],
            "Byron"
        );
    }
    let unknown = create_body(json!({"favourite-colour": "blue"}));
    let reply = call_as(
        &emu,
        Method::POST,
        INQUIRIES,
        Some(&unknown),
        Some("2023-01-05"),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.json.get("data").is_none(),
        "an error body only: {}",
        reply.json
    );
}

#[tokio::test]
async fn webhooks_get_field_keys_of_their_own_version() {
    let emu = Emu::start(config()).await;
    let settings = [
        (json!("2023-01-05"), json!(null), "name-first"),
        (json!("2023-01-05"), json!("camel"), "nameFirst"),
        (json!("2025-12-08"), json!("camel"), "name_first"),
        (json!(null), json!(null), "name_first"),
    ];
    let mut receivers = Vec::new();
    for (version, inflection, key) in settings {
        let (url, seen) = receiver(0).await;
        let body = json!({"url": url, "enabled_events": ["inquiry.created"],
                          "api_version": version, "key_inflection": inflection});
        let reply = emu.control(Method::POST, "/webhooks", Some(&body)).await;
        assert_eq!(reply.status.as_u16(), 201, "{}", reply.json);
        receivers.push((seen, version, key));
    }
    let body = create_body(json!({"name_first": "Ada"}));
    let created = call_as(&emu, Method::POST, INQUIRIES, Some(&body), None, None).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    for (seen, version, key) in receivers {
        let delivery = &wait_for(&seen, 1).await[0];
        let event: Value = serde_json::from_slice(&delivery.body).unwrap();
        let inquiry = &event["data"]["attributes"]["payload"]["data"]["attributes"];
        assert_eq!(
            inquiry["fields"][key]["value"], "Ada",
            "{version} {key}: {inquiry:#}"
        );
        assert_eq!(inquiry["fields"].as_object().unwrap().len(), 13);
        if version == "2023-01-05" {
            assert_eq!(inquiry[key], "Ada", "flat PII under {key}");
        } else {
            assert!(inquiry.get("name_first").is_none() && inquiry.get("name-first").is_none());
        }
    }
}
