//! Keys inside `attributes.fields`: since API version 2025-10-27 they are the template's own keys
//! (snake_case for the built-in fields), taken and shown as they are, in the API and the Hosted
//! Flow. Older versions, which inflect them, are in `legacy_field_keys.rs`.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{json, Value};

use crate::spec::assert_matches_schema;
use crate::support::{config, Emu, Reply, API_KEY, TEMPLATE_ID};

pub const INQUIRIES: &str = "/api/v1/inquiries";
const TEMPLATE_KEYS: [&str; 13] = [
    "name_first",
    "name_middle",
    "name_last",
    "birthdate",
    "email_address",
    "phone_number",
    "address_street_1",
    "address_street_2",
    "address_city",
    "address_subdivision",
    "address_postal_code",
    "address_country_code",
    "identification_number",
];

/// An API call with optional `Persona-Version` and `Key-Inflection` headers.
pub async fn call_as(
    emu: &Emu,
    method: Method,
    path: &str,
    body: Option<&Value>,
    version: Option<&str>,
    inflection: Option<&str>,
) -> Reply {
    let mut request = emu.http.request(method, emu.url(path)).bearer_auth(API_KEY);
    if let Some(body) = body {
        request = request.json(body);
    }
    if let Some(version) = version {
        request = request.header("Persona-Version", version);
    }
    if let Some(inflection) = inflection {
        request = request.header("Key-Inflection", inflection);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let json = response.json().await.unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        json,
    }
}

pub fn create_body(fields: Value) -> Value {
    json!({"data": {"attributes": {"inquiry-template-id": TEMPLATE_ID, "fields": fields}},
           "meta": {"auto-create-account-reference-id": "usr_fields"}})
}

fn sorted_keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort_unstable();
    keys
}

fn template_keys() -> Vec<String> {
    let mut keys: Vec<String> = TEMPLATE_KEYS.iter().map(|k| k.to_string()).collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn modern_versions_take_and_show_the_templates_snake_keys() {
    let emu = Emu::start(config()).await;
    let fields = json!({"name_first": "Ada", "name_last": "Lovelace",
                        "birthdate": "1815-12-10", "address_street_1": "12 St James's Square"});
    for (version, inflection) in [
        (Some("2025-12-08"), None),
        (Some("2025-10-27"), Some("snake")),
        (Some("2025-12-08"), Some("camel")),
        (None, None),
    ] {
        let body = create_body(fields.clone());
        let reply = call_as(
            &emu,
            Method::POST,
            INQUIRIES,
            Some(&body),
            version,
            inflection,
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:#}", reply.json);
        let attributes = &reply.json["data"]["attributes"];
        assert_eq!(
            sorted_keys(&attributes["fields"]),
            template_keys(),
            "{inflection:?}"
        );
        assert_eq!(attributes["fields"]["name_first"]["value"], "Ada");
        assert_eq!(
            attributes["fields"]["address_street_1"],
            json!({"type": "string", "value": "12 St James's Square"})
        );
        assert_eq!(attributes["fields"]["birthdate"]["type"], "date");
        let created_at = match inflection {
            Some("camel") => "createdAt",
            Some("snake") => "created_at",
            _ => "created-at",
        };
        assert!(attributes[created_at].is_string(), "other keys inflected");
        assert!(attributes.get("name-first").is_none(), "no flat PII");
        if inflection.is_none() {
            assert_matches_schema(
                &crate::spec::response_schema("/inquiries", "post", "201"),
                &reply.json,
            );
        }
    }
}

#[tokio::test]
async fn modern_versions_refuse_inflected_field_keys() {
    let emu = Emu::start(config()).await;
    for (key, version) in [
        ("name-first", Some("2025-12-08")),
        ("nameFirst", Some("2025-12-08")),
        ("address-street-1", Some("2025-10-27")),
        ("name-first", None),
    ] {
        let body = create_body(json!({ key: "Ada" }));
        let reply = call_as(&emu, Method::POST, INQUIRIES, Some(&body), version, None).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{key}: {}",
            reply.json
        );
        let error = &reply.json["errors"][0];
        assert_eq!(
            error["details"],
            format!("Field '{key}' is not defined on the inquiry template")
        );
        assert_eq!(
            error["source"]["pointer"],
            format!("/data/attributes/fields/{key}")
        );
    }
    let listed = emu.get(INQUIRIES).await;
    assert_eq!(listed.json["data"], json!([]), "nothing was created");

    // Updates follow the same rule.
    let body = create_body(json!({"name_last": "Lovelace"}));
    let created = call_as(&emu, Method::POST, INQUIRIES, Some(&body), None, None).await;
    let item = format!(
        "{INQUIRIES}/{}",
        created.json["data"]["id"].as_str().unwrap()
    );
    let patch = json!({"data": {"attributes": {"fields": {"name-last": "Byron"}}}});
    let reply = call_as(
        &emu,
        Method::PATCH,
        &item,
        Some(&patch),
        Some("2025-12-08"),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let patch = json!({"data": {"attributes": {"fields": {"name_last": "Byron"}}}});
    let reply = call_as(
        &emu,
        Method::PATCH,
        &item,
        Some(&patch),
        Some("2025-12-08"),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(
        reply.json["data"]["attributes"]["fields"]["name_last"]["value"],
        "Byron"
    );
}

#[tokio::test]
async fn the_hosted_flow_uses_template_keys_and_takes_prefills_in_any_casing() {
    let emu = Emu::start(config()).await;
    let body = create_body(json!({"name_last": "Lovelace"}));
    let created = call_as(&emu, Method::POST, INQUIRIES, Some(&body), None, None).await;
    let id = created.json["data"]["id"].as_str().unwrap().to_owned();
    let (status, html) = emu
        .page(&[
            ("inquiry-id", id.as_str()),
            ("fields[name-first]", "Jane"),
            ("fields[emailAddress]", "jane@example.com"),
            ("fields[phone_number]", "+14155550123"),
            ("fields[unknown-field]", "ignored"),
        ])
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for needle in [
        "<label for=\"f-name_first\">First name</label>",
        "name=\"name_first\" type=\"text\" autocomplete=\"given-name\" value=\"Jane\"",
        "name=\"name_last\" type=\"text\" autocomplete=\"family-name\" value=\"Lovelace\"",
        "name=\"email_address\" type=\"email\" autocomplete=\"email\" value=\"jane@example.com\"",
        "name=\"phone_number\" type=\"tel\" autocomplete=\"tel\" value=\"+14155550123\"",
        "name=\"birthdate\" type=\"date\"",
    ] {
        assert!(html.contains(needle), "missing {needle:?} in {html}");
    }
    assert!(!html.contains("ignored"));
    // A prefill only fills the form; the inquiry changes when the form is submitted.
    let stored = emu.inquiry(&id).await;
    assert_eq!(
        stored["data"]["attributes"]["fields"]["name_first"]["value"],
        Value::Null
    );
    let token = crate::support::hidden_value(&html, "session-token");
    let form = [
        ("inquiry-id", id.as_str()),
        ("session-token", token.as_str()),
        ("name_first", "Jane"),
        ("birthdate", "1815-12-10"),
        ("pass", "on"),
    ];
    let (status, _, _) = emu.submit(&form).await;
    assert_eq!(status, StatusCode::OK);
    let fields = &emu.inquiry(&id).await["data"]["attributes"]["fields"];
    assert_eq!(fields["name_first"]["value"], "Jane");
    assert_eq!(fields["birthdate"]["value"], "1815-12-10");
    assert_eq!(fields["name_last"]["value"], "Lovelace");
}
