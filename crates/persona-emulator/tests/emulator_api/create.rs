//! `POST /api/v1/inquiries`: auth, both body styles, validation errors, idempotency.

use axum::http::StatusCode;
use chrono::DateTime;
use serde_json::{json, Value};

use crate::spec::{assert_matches_schema, fixture, response_schema};
use crate::support::{config, create_body, snake_fields, Emu, API_KEY, TEMPLATE_ID};

const INQUIRIES: &str = "/api/v1/inquiries";

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn requests_without_a_valid_key_get_401() {
    let emu = Emu::start(config()).await;
    let body = create_body("usr_1").to_string();
    for key in [None, Some("persona_sandbox_wrong")] {
        let reply = emu.post_raw(INQUIRIES, &body, key, None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.json, fixture("errors/401.json"));
    }
    let reply = emu
        .http
        .get(emu.url(INQUIRIES))
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn create_accepts_both_body_styles_in_persona_shape() {
    let emu = Emu::start(config()).await;
    let expected = snake_fields(fixture("create-inquiry.response.201.json"));
    for name in [
        "create-inquiry.request.json",
        "create-inquiry.request.tutorial-style.json",
    ] {
        let reply = emu.post(INQUIRIES, &snake_fields(fixture(name))).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{name}: {:#}",
            reply.json
        );
        assert!(reply
            .header("request-id")
            .is_some_and(|id| id.starts_with("req_")));
        assert_eq!(reply.header("ratelimit-limit"), Some("300"));
        assert!(
            reply.header("ratelimit-remaining").is_some()
                && reply.header("ratelimit-reset").is_some()
        );
        let body = &reply.json;
        assert_matches_schema(&response_schema("/inquiries", "post", "201"), body);

        let data = &body["data"];
        let id = data["id"].as_str().unwrap();
        assert!(id.starts_with("inq_") && id.len() == 32, "{id}");
        assert_eq!(
            keys(&data["attributes"]),
            keys(&expected["data"]["attributes"])
        );
        assert_eq!(
            keys(&data["relationships"]),
            keys(&expected["data"]["relationships"])
        );
        assert_eq!(
            keys(&data["attributes"]["fields"]),
            keys(&expected["data"]["attributes"]["fields"])
        );
        assert_eq!(
            keys(&data["attributes"]["behaviors"]),
            keys(&expected["data"]["attributes"]["behaviors"])
        );
        assert_eq!(body["included"], json!([]));
        assert_eq!(body["meta"], expected["meta"]);

        let attributes = &data["attributes"];
        assert_eq!(attributes["status"], "created");
        assert_eq!(attributes["reference-id"], "usr_ABC123");
        assert_eq!(attributes["creator"], "API");
        assert_eq!(
            attributes["fields"]["name_first"],
            json!({"type": "string", "value": "Alexander"})
        );
        assert_eq!(
            attributes["fields"]["birthdate"],
            json!({"type": "date", "value": "1977-08-31"})
        );
        assert_eq!(
            attributes["fields"]["phone_number"],
            json!({"type": "string", "value": null})
        );
        let created = attributes["created-at"].as_str().unwrap();
        assert!(created.len() == 24 && created.ends_with('Z'), "{created}");
        let expires =
            DateTime::parse_from_rfc3339(attributes["expires-at"].as_str().unwrap()).unwrap();
        assert_eq!(
            expires - DateTime::parse_from_rfc3339(created).unwrap(),
            chrono::Duration::hours(24)
        );
        assert_eq!(
            data["relationships"]["inquiry-template"]["data"]["id"],
            TEMPLATE_ID
        );
        assert!(data["relationships"]["account"]["data"]["id"]
            .as_str()
            .unwrap()
            .starts_with("act_"));
    }
    // Same reference id, same account.
    let first = emu
        .create(&snake_fields(fixture("create-inquiry.request.json")))
        .await;
    let second = emu
        .create(&fixture("create-inquiry.request.tutorial-style.json"))
        .await;
    assert_eq!(
        first["data"]["relationships"]["account"],
        second["data"]["relationships"]["account"]
    );

    let mut with_session = create_body("usr_2");
    with_session["meta"]["auto-create-inquiry-session"] = json!(true);
    let created = emu.create(&with_session).await;
    assert!(created["meta"]["session-token"]
        .as_str()
        .is_some_and(|t| t.split('.').count() == 3));
}

#[tokio::test]
async fn create_rejects_invalid_bodies_like_persona() {
    let emu = Emu::start(config()).await;
    let reply = emu
        .post_raw(INQUIRIES, "{\"data\": ", Some(API_KEY), None)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json["errors"][0]["title"], "Bad request");

    let cases = [
        (json!({"data": {"attributes": {"inquiry_template_id": "itm_pFJYJyDtGcH216tZkYYiU8jN"}}}), 400, Some("data.attributes.inquiry_template_id must start with itmpl (sent 'itm_pFJYJyDtGcH216tZkYYiU8jN')")),
        (json!({"data": {"attributes": {"reference-id": "usr_1"}}}), 400, None),
        (json!({"data": {"attributes": {"inquiry-template-id": TEMPLATE_ID, "colour": "blue"}}}), 400, None),
        (json!({"data": {"attributes": {"inquiry-template-id": TEMPLATE_ID}}, "meta": {"surprise": 1}}), 400, None),
        (json!({"data": {"attributes": {"inquiry-template-id": "itmpl_unknown"}}}), 404, None),
    ];
    for (body, status, details) in cases {
        let reply = emu.post(INQUIRIES, &body).await;
        assert_eq!(reply.status.as_u16(), status, "{body}: {:#}", reply.json);
        if status == 404 {
            assert_eq!(reply.json, fixture("errors/404.json"));
        } else {
            assert_eq!(reply.json["errors"][0]["title"], "Bad request", "{body}");
        }
        if let Some(details) = details {
            assert_eq!(reply.json["errors"][0]["details"], details);
        }
    }
    let mut bad_date = create_body("usr_1");
    bad_date["data"]["attributes"]["fields"]["birthdate"] = json!("31/08/1977");
    let reply = emu.post(INQUIRIES, &bad_date).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.json["errors"][0]["source"]["pointer"],
        "/data/attributes/fields/birthdate"
    );
}

#[tokio::test]
async fn idempotency_key_replays_and_rejects_changed_bodies() {
    let emu = Emu::start(config()).await;
    let body = create_body("usr_1").to_string();
    // 401 is answered before the idempotency layer: the key stays unused.
    let unauthorized = emu
        .post_raw(INQUIRIES, &body, Some("wrong"), Some("signup-usr_1"))
        .await;
    assert_eq!(unauthorized.status, StatusCode::UNAUTHORIZED);

    let first = emu
        .post_raw(INQUIRIES, &body, Some(API_KEY), Some("signup-usr_1"))
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = emu
        .post_raw(INQUIRIES, &body, Some(API_KEY), Some("signup-usr_1"))
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.json["data"]["id"], first.json["data"]["id"]);
    assert_eq!(again.json, first.json);
    assert_eq!(again.header("request-id"), first.header("request-id"));

    let changed = create_body("usr_2").to_string();
    let misuse = emu
        .post_raw(INQUIRIES, &changed, Some(API_KEY), Some("signup-usr_1"))
        .await;
    assert_eq!(misuse.status, StatusCode::BAD_REQUEST);
    let mut expected = fixture("errors/400.idempotency.json");
    expected["errors"][0]["details"] = Value::from(
        expected["errors"][0]["details"]
            .as_str()
            .unwrap()
            .replace("signup-usr_ABC123-1", "signup-usr_1"),
    );
    assert_eq!(misuse.json, expected);

    let listed = emu
        .get(&format!("{INQUIRIES}?filter[reference-id]=usr_1"))
        .await;
    assert_eq!(
        listed.json["data"].as_array().unwrap().len(),
        1,
        "replay created nothing new"
    );
}
